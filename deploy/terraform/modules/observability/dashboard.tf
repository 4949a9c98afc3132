# One page for the on-call: API traffic and SLOs at the ALB, database, queues, cluster.
locals {
  alb_widgets = var.alb_arn_suffix == "" ? [] : [
    {
      type = "metric", width = 12, height = 6
      properties = {
        title  = "API requests and 5xx"
        region = local.region
        stat   = "Sum"
        period = 60
        metrics = [
          ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", var.alb_arn_suffix],
          ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", var.alb_arn_suffix],
        ]
      }
    },
    {
      type = "metric", width = 12, height = 6
      properties = {
        title  = "API latency (p50, p99)"
        region = local.region
        period = 60
        metrics = [
          ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", var.alb_arn_suffix, { stat = "p50" }],
          ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", var.alb_arn_suffix, { stat = "p99" }],
        ]
      }
    },
  ]

  base_widgets = [
    {
      type = "metric", width = 12, height = 6
      properties = {
        title  = "Database CPU and connections"
        region = local.region
        period = 60
        metrics = [
          ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", var.db_instance_identifier],
          ["AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", var.db_instance_identifier, { yAxis = "right" }],
        ]
      }
    },
    {
      type = "metric", width = 12, height = 6
      properties = {
        title   = "Queue age of oldest message (s)"
        region  = local.region
        stat    = "Maximum"
        period  = 60
        metrics = [for q in values(var.queue_names) : ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", q]]
      }
    },
    {
      type = "metric", width = 12, height = 6
      properties = {
        title  = "Cluster nodes CPU / memory (%)"
        region = local.region
        period = 60
        metrics = [
          ["ContainerInsights", "node_cpu_utilization", "ClusterName", var.cluster_name],
          ["ContainerInsights", "node_memory_utilization", "ClusterName", var.cluster_name],
        ]
      }
    },
    {
      type = "log", width = 12, height = 6
      properties = {
        title  = "Recent ERROR and FATAL lines"
        region = local.region
        query  = "SOURCE '${var.app_log_group_name}' | fields @timestamp, @message | filter @message like /\"log.level\":\"(ERROR|FATAL)\"/ | sort @timestamp desc | limit 50"
      }
    },
  ]
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name
  dashboard_body = jsonencode({ widgets = concat(local.alb_widgets, local.base_widgets) })
}
