variable "name" {
  type        = string
  description = "Name prefix for every resource, e.g. agora-prod."
}

variable "environment" {
  type        = string
  description = "Environment name (dev, staging, prod), shown in alarm descriptions and the dashboard."
}

variable "logs_kms_key_arn" {
  type        = string
  description = "KMS key for log groups, CloudTrail and the alarm topics in the primary region."
}

variable "logs_us_east_1_kms_key_arn" {
  type        = string
  description = "KMS key in us-east-1 for the topic of the Route 53 health-check alarms."
}

variable "data_kms_key_arn" {
  type        = string
  description = "KMS key encrypting the OpenSearch domain and the log firehose."
}

variable "app_log_group_name" {
  type        = string
  description = "Log group receiving the agora JSON lines from Fluent Bit (nodes) and Fargate's log router."
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the application, CloudTrail and OpenSearch log groups in days."
  default     = 90
}

variable "alarm_email_addresses" {
  type        = list(string)
  description = "Addresses subscribed to the info topic (non-urgent notices); each must confirm once."
  default     = []
}

variable "pagerduty_endpoint" {
  type        = string
  description = "PagerDuty CloudWatch integration URL for the critical topic; empty sends critical alarms to the warning route only."
  default     = ""
  sensitive   = true
}

variable "slack" {
  type = object({
    team_id    = string
    channel_id = string
    region     = optional(string, "us-west-2")
  })
  description = "Slack workspace (authorised once in the AWS Chatbot console) and channel for the warning topic; null disables it."
  default     = null
}

variable "cluster_name" {
  type        = string
  description = "EKS cluster name (Container Insights dimension)."
}

variable "db_instance_identifier" {
  type        = string
  description = "RDS instance identifier (alarm dimension)."
}

variable "db_log_group_names" {
  type        = map(string)
  description = "Exported PostgreSQL log groups streamed to OpenSearch, by log type."
}

variable "db_free_storage_alarm_gb" {
  type        = number
  description = "Alarm when the database has less free storage than this (GiB); autoscaling should act first."
  default     = 10
}

variable "db_max_connections_alarm" {
  type        = number
  description = "Alarm when database connections exceed this (keep replicas x AGORA_DB_POOL_SIZE below max_connections)."
  default     = 400
}

variable "queue_names" {
  type        = map(string)
  description = "Work queue names by role (emails, analytics, jobs)."
}

variable "dlq_names" {
  type        = map(string)
  description = "Dead-letter queue names by work queue role."
}

variable "queue_age_alarms" {
  type = map(object({
    seconds  = number
    severity = string
  }))
  description = "Alarm on the age of the oldest message (ApproximateAgeOfOldestMessage, which counts messages being processed too) per work queue: threshold in seconds and severity (critical pages). A queue not listed alarms as warning after 600 s."
  # emails: users wait for them (password reset, confirmation). jobs: notifications, but also
  # digests and rollups that run for minutes, hence 15 minutes. analytics: admin statistics only.
  default = {
    emails    = { seconds = 300, severity = "critical" }
    jobs      = { seconds = 900, severity = "critical" }
    analytics = { seconds = 1800, severity = "warning" }
  }

  validation {
    condition     = alltrue([for a in values(var.queue_age_alarms) : contains(["critical", "warning"], a.severity) && a.seconds >= 60])
    error_message = "Each queue age alarm needs a severity of critical or warning and at least 60 seconds."
  }
}

variable "dlq_growth_alarm_messages" {
  type        = number
  description = "Page (critical) when a dead-letter queue holds this many messages more than 10 minutes earlier, in 2 of 3 ten-minute periods; any message at all is a warning."
  default     = 10
}

variable "alb_arn_suffix" {
  type        = string
  description = "ARN suffix (app/<name>/<id>) of the Ingress ALB, known after the first Kubernetes deploy; empty skips the ALB and SLO alarms."
  default     = ""
}

variable "slo" {
  type = object({
    error_rate_percent = number
    p99_latency_ms     = number
  })
  description = "Service objectives of the API measured at the ALB: 5xx share of requests and p99 response time over 5 minutes."
  default = {
    error_rate_percent = 1
    p99_latency_ms     = 1000
  }
}

variable "health_check_ids" {
  type        = map(string)
  description = "Route 53 health check IDs by endpoint, alarmed in us-east-1."
  default     = {}
}

variable "cloudtrail_name" {
  type        = string
  description = "Name of the account trail."
}

variable "logs_bucket_name" {
  type        = string
  description = "Bucket receiving CloudTrail files and firehose failures."
}

variable "data_event_bucket_arns" {
  type        = list(string)
  description = "Buckets whose object-level API calls CloudTrail records (S3 data events)."
  default     = []
}

variable "vpc_id" {
  type        = string
  description = "VPC of the OpenSearch domain."
}

variable "vpc_cidr_block" {
  type        = string
  description = "CIDR allowed to reach OpenSearch on 443 (Fluent Bit pods, firehose ENIs)."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets, one per zone the OpenSearch domain spans."
}

variable "opensearch" {
  type = object({
    domain_name        = string
    engine_version     = optional(string, "OpenSearch_2.19")
    instance_type      = string
    instance_count     = number
    zone_count         = number
    dedicated_masters  = bool
    master_type        = optional(string, "m7g.large.search")
    volume_size_gb     = number
    auto_tune          = optional(bool, true)
    create_linked_role = optional(bool, true)
  })
  description = "OpenSearch log domain sizing. Production: 3 zones, 3 dedicated masters; zone_count must equal the subnets used."

  validation {
    condition     = contains([1, 2, 3], var.opensearch.zone_count) && var.opensearch.instance_count % var.opensearch.zone_count == 0
    error_message = "zone_count is 1, 2 or 3 and instance_count a multiple of it."
  }
}

variable "opensearch_admin_role_arn" {
  type        = string
  description = "IAM role mapped to the OpenSearch fine-grained-access master user (administration of indices and roles)."
}

variable "log_writer_role_arns" {
  type        = list(string)
  description = "IAM roles allowed to write to OpenSearch besides the firehose (the Fluent Bit IRSA role, the Fargate pod execution role)."
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource (the providers' default_tags carry the common ones)."
  default     = {}
}

variable "permissions_boundary_arn" {
  type        = string
  description = "Permissions boundary set on every IAM role (and user) this module creates (security module output)."
}
