# CloudWatch alarms for the database, queues, cluster and search domain. Each notifies its
# severity's topic on ALARM and again on OK, so the incident closes itself.
locals {
  alarm_actions = {
    critical = [aws_sns_topic.this["critical"].arn]
    warning  = [aws_sns_topic.this["warning"].arn]
  }

  gib = 1024 * 1024 * 1024

  # Age alarm of each work queue: its entry in var.queue_age_alarms, else a warning after 600 s.
  queue_age = { for k, q in var.queue_names : k => lookup(var.queue_age_alarms, k, { seconds = 600, severity = "warning" }) }

  # Single-metric alarms: namespace, metric, dimensions, statistic, comparison, threshold.
  metric_alarms = merge(
    {
      rds-cpu = {
        severity = "warning", namespace = "AWS/RDS", metric = "CPUUtilization", stat = "Average"
        dims     = { DBInstanceIdentifier = var.db_instance_identifier }
        op       = "GreaterThanThreshold", threshold = 80, periods = 3
        text     = "Database CPU above 80% for 15 minutes"
      }
      rds-free-storage = {
        severity = "critical", namespace = "AWS/RDS", metric = "FreeStorageSpace", stat = "Minimum"
        dims     = { DBInstanceIdentifier = var.db_instance_identifier }
        op       = "LessThanThreshold", threshold = var.db_free_storage_alarm_gb * local.gib, periods = 1
        text     = "Database free storage below ${var.db_free_storage_alarm_gb} GiB"
      }
      rds-freeable-memory = {
        severity = "warning", namespace = "AWS/RDS", metric = "FreeableMemory", stat = "Minimum"
        dims     = { DBInstanceIdentifier = var.db_instance_identifier }
        op       = "LessThanThreshold", threshold = 256 * 1024 * 1024, periods = 3
        text     = "Database freeable memory below 256 MiB"
      }
      rds-connections = {
        severity = "warning", namespace = "AWS/RDS", metric = "DatabaseConnections", stat = "Maximum"
        dims     = { DBInstanceIdentifier = var.db_instance_identifier }
        op       = "GreaterThanThreshold", threshold = var.db_max_connections_alarm, periods = 2
        text     = "Database connections above ${var.db_max_connections_alarm}"
      }
      rds-disk-queue = {
        severity = "warning", namespace = "AWS/RDS", metric = "DiskQueueDepth", stat = "Average"
        dims     = { DBInstanceIdentifier = var.db_instance_identifier }
        op       = "GreaterThanThreshold", threshold = 64, periods = 3
        text     = "Database I/O queue building up"
      }
      eks-failed-nodes = {
        severity = "critical", namespace = "ContainerInsights", metric = "cluster_failed_node_count", stat = "Maximum"
        dims     = { ClusterName = var.cluster_name }
        op       = "GreaterThanThreshold", threshold = 0, periods = 2
        text     = "EKS nodes failing"
      }
      eks-node-cpu = {
        severity = "warning", namespace = "ContainerInsights", metric = "node_cpu_utilization", stat = "Average"
        dims     = { ClusterName = var.cluster_name }
        op       = "GreaterThanThreshold", threshold = 80, periods = 3
        text     = "EKS node CPU above 80% on average"
      }
      eks-node-memory = {
        severity = "warning", namespace = "ContainerInsights", metric = "node_memory_utilization", stat = "Average"
        dims     = { ClusterName = var.cluster_name }
        op       = "GreaterThanThreshold", threshold = 85, periods = 3
        text     = "EKS node memory above 85% on average"
      }
      eks-node-disk = {
        severity = "warning", namespace = "ContainerInsights", metric = "node_filesystem_utilization", stat = "Maximum"
        dims     = { ClusterName = var.cluster_name }
        op       = "GreaterThanThreshold", threshold = 80, periods = 2
        text     = "An EKS node's filesystem is above 80%"
      }
      opensearch-red = {
        severity = "critical", namespace = "AWS/ES", metric = "ClusterStatus.red", stat = "Maximum"
        dims     = { DomainName = var.opensearch.domain_name, ClientId = local.account_id }
        op       = "GreaterThanOrEqualToThreshold", threshold = 1, periods = 1
        text     = "OpenSearch cluster red: primary shards unassigned, logs not indexed"
      }
      opensearch-storage = {
        severity = "warning", namespace = "AWS/ES", metric = "FreeStorageSpace", stat = "Minimum"
        dims     = { DomainName = var.opensearch.domain_name, ClientId = local.account_id }
        op       = "LessThanThreshold", threshold = var.opensearch.volume_size_gb * 1024 * 0.2, periods = 1
        text     = "OpenSearch free storage below 20%"
      }
    },
    # Work queues: emails and jobs page (users wait for them), analytics warns
    # (var.queue_age_alarms). Runbook: docs/runbooks/background-jobs.md.
    { for k, q in var.queue_names : "sqs-${k}-age" => {
      severity = local.queue_age[k].severity, namespace = "AWS/SQS", metric = "ApproximateAgeOfOldestMessage", stat = "Maximum"
      dims     = { QueueName = q }
      op       = "GreaterThanThreshold", threshold = local.queue_age[k].seconds
      periods  = local.queue_age[k].severity == "critical" ? 1 : 2
      text     = "Queue ${k}: oldest message older than ${local.queue_age[k].seconds} s (workers behind or stuck; runbook background-jobs)"
    } },
    # Dead letters present: a ticket (the same as JobsDeadLetters of the Postgres queue);
    # dead letters growing fast pages: aws_cloudwatch_metric_alarm.dlq_growing.
    { for k, q in var.dlq_names : "sqs-${k}-dlq" => {
      severity = "warning", namespace = "AWS/SQS", metric = "ApproximateNumberOfMessagesVisible", stat = "Maximum"
      dims     = { QueueName = q }
      op       = "GreaterThanThreshold", threshold = 0, periods = 1
      text     = "Queue ${k}: messages in the dead-letter queue (runbook background-jobs, SQS dead-letter queues)"
    } },
    # A for-expression (not a conditional) keeps one map type whether or not the ALB is known.
    { for k, a in {
      alb-unhealthy-targets = {
        severity = "critical", namespace = "AWS/ApplicationELB", metric = "UnHealthyHostCount", stat = "Maximum"
        dims     = { LoadBalancer = var.alb_arn_suffix }
        op       = "GreaterThanThreshold", threshold = 0, periods = 3
        text     = "ALB has unhealthy agora targets"
      }
      alb-elb-5xx = {
        severity = "warning", namespace = "AWS/ApplicationELB", metric = "HTTPCode_ELB_5XX_Count", stat = "Sum"
        dims     = { LoadBalancer = var.alb_arn_suffix }
        op       = "GreaterThanThreshold", threshold = 10, periods = 2
        text     = "ALB answering 5xx itself (no healthy target, timeouts)"
      }
      slo-latency-p99 = {
        severity = "critical", namespace = "AWS/ApplicationELB", metric = "TargetResponseTime", stat = "p99"
        dims     = { LoadBalancer = var.alb_arn_suffix }
        op       = "GreaterThanThreshold", threshold = var.slo.p99_latency_ms / 1000, periods = 3
        text     = "SLO: API p99 latency above ${var.slo.p99_latency_ms} ms for 15 minutes"
      }
    } : k => a if var.alb_arn_suffix != "" },
  )
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.metric_alarms

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = "[${var.environment}] ${each.value.text}"
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  dimensions          = each.value.dims
  statistic           = startswith(each.value.stat, "p") ? null : each.value.stat
  extended_statistic  = startswith(each.value.stat, "p") ? each.value.stat : null
  period              = 300
  evaluation_periods  = each.value.periods
  comparison_operator = each.value.op
  threshold           = each.value.threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions[each.value.severity]
  ok_actions          = local.alarm_actions[each.value.severity]

  tags = merge(var.tags, { Severity = each.value.severity })
}

# SLO: share of API requests answered 5xx by agora, over 5-minute windows.
resource "aws_cloudwatch_metric_alarm" "slo_error_rate" {
  count = var.alb_arn_suffix == "" ? 0 : 1

  alarm_name          = "${var.name}-slo-error-rate"
  alarm_description   = "[${var.environment}] SLO: more than ${var.slo.error_rate_percent}% of API requests failed with 5xx"
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.slo.error_rate_percent
  evaluation_periods  = 3
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions.critical
  ok_actions          = local.alarm_actions.critical

  metric_query {
    id          = "error_rate"
    expression  = "100 * errors / MAX([requests, 1])"
    label       = "5xx share (%)"
    return_data = true
  }

  metric_query {
    id = "errors"

    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_Target_5XX_Count"
      dimensions  = { LoadBalancer = var.alb_arn_suffix }
      stat        = "Sum"
      period      = 300
    }
  }

  metric_query {
    id = "requests"

    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "RequestCount"
      dimensions  = { LoadBalancer = var.alb_arn_suffix }
      stat        = "Sum"
      period      = 300
    }
  }

  tags = merge(var.tags, { Severity = "critical" })
}

# A DLQ filling up: a handler failing every job, or a dependency refusing all of them. DIFF is
# the growth of the visible count from one 10-minute period to the next (a redrive makes it
# negative); 2 of 3 periods so one burst of bad messages does not page.
resource "aws_cloudwatch_metric_alarm" "dlq_growing" {
  for_each = var.dlq_names

  alarm_name          = "${var.name}-sqs-${each.key}-dlq-growing"
  alarm_description   = "[${var.environment}] Queue ${each.key}: dead-letter queue grows by ${var.dlq_growth_alarm_messages}+ messages per 10 minutes (runbook background-jobs, SQS dead-letter queues)"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = var.dlq_growth_alarm_messages
  evaluation_periods  = 3
  datapoints_to_alarm = 2
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions.critical
  ok_actions          = local.alarm_actions.critical

  metric_query {
    id          = "growth"
    expression  = "DIFF(visible)"
    label       = "DLQ growth per 10 minutes"
    return_data = true
  }

  metric_query {
    id = "visible"

    metric {
      namespace   = "AWS/SQS"
      metric_name = "ApproximateNumberOfMessagesVisible"
      dimensions  = { QueueName = each.value }
      stat        = "Maximum"
      period      = 600
    }
  }

  tags = merge(var.tags, { Severity = "critical" })
}

resource "aws_cloudwatch_metric_alarm" "health_check" {
  for_each = var.health_check_ids
  region   = "us-east-1"

  alarm_name          = "${var.name}-health-${each.key}"
  alarm_description   = "[${var.environment}] Route 53 health check of ${each.key} failing from several regions"
  namespace           = "AWS/Route53"
  metric_name         = "HealthCheckStatus"
  dimensions          = { HealthCheckId = each.value }
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 3
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  treat_missing_data  = "breaching"
  alarm_actions       = [aws_sns_topic.critical_us_east_1.arn]
  ok_actions          = [aws_sns_topic.critical_us_east_1.arn]

  tags = merge(var.tags, { Severity = "critical" })
}
