variable "environment" {
  type        = string
  description = "Environment name; part of every resource name (agora-<environment>)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "environment is 2-10 lowercase letters or digits, starting with a letter."
  }
}

variable "availability_zones" {
  type        = list(string)
  description = "Availability zones of the primary region to use (three for staging and prod)."
}

variable "vpc_cidr_block" {
  type        = string
  description = "IPv4 CIDR of the environment's VPC."
}

variable "single_nat_gateway" {
  type        = bool
  description = "One NAT gateway instead of one per AZ (dev only)."
}

variable "interface_endpoints" {
  type        = list(string)
  description = "AWS services reached through interface VPC endpoints."
}

variable "domain_name" {
  type        = string
  description = "DNS zone of the environment (web app at the apex, API at api.<zone>)."
}

variable "github" {
  type = object({
    org                  = string
    repo                 = string
    environment          = string
    create_oidc_provider = optional(bool, true)
  })
  description = "Repository and GitHub environment whose jobs may assume the deploy and Terraform roles."
}

variable "state" {
  type = object({
    bucket_name = string
    kms_key_arn = string
  })
  description = "Terraform state bucket and its key, from the bootstrap outputs."
}

variable "cluster" {
  type = object({
    kubernetes_version           = string
    endpoint_public_access_cidrs = list(string)
    admin_principal_arns         = list(string)
    node_groups = map(object({
      instance_types = list(string)
      capacity_type  = string
      min_size       = number
      max_size       = number
      desired_size   = number
      disk_size_gb   = optional(number, 50)
      labels         = optional(map(string), {})
    }))
  })
  description = "EKS control plane access and managed node groups."
}

variable "database" {
  type = object({
    engine_version           = string
    instance_class           = string
    allocated_storage_gb     = number
    max_allocated_storage_gb = number
    multi_az                 = bool
    backup_retention_days    = number
    deletion_protection      = bool
    dr_backup_replication    = bool
    dr_backup_retention_days = optional(number, 14)
    max_connections_alarm    = optional(number, 400)
  })
  description = "RDS PostgreSQL sizing, availability and backups."
}

variable "storage" {
  type = object({
    replicate_to_dr    = bool
    backup_lock_mode   = string
    backup_lock_days   = number
    backup_expiry_days = number
    log_expiry_days    = number
  })
  description = "S3 replication, Object Lock and retention."
}

variable "cdn_price_class" {
  type        = string
  description = "CloudFront price class."
}

variable "registry_replicate_to_dr" {
  type        = bool
  description = "Replicate images to the DR region."
}

variable "waf_rate_limit_per_5min" {
  type        = number
  description = "Requests per client IP per 5 minutes before WAF blocks."
}

variable "log_retention_days" {
  type        = number
  description = "Retention of CloudWatch log groups (application, control plane, database, flow logs)."
}

variable "opensearch" {
  type = object({
    instance_type      = string
    instance_count     = number
    zone_count         = number
    dedicated_masters  = bool
    volume_size_gb     = number
    auto_tune          = bool
    create_linked_role = optional(bool, true)
  })
  description = "OpenSearch log domain sizing."
}

variable "opensearch_admin_role_arn" {
  type        = string
  description = "IAM role mapped to the OpenSearch master user."
}

variable "alerting" {
  type = object({
    email_addresses    = list(string)
    pagerduty_endpoint = string
    slack = optional(object({
      team_id    = string
      channel_id = string
      region     = optional(string, "us-west-2")
    }))
  })
  description = "Where alarms go: PagerDuty (critical), Slack via AWS Chatbot (warning), email (info). Pass the PagerDuty URL from a sensitive root variable."
}

variable "ingress" {
  type = object({
    alb_dns_name   = string
    alb_zone_id    = string
    alb_arn_suffix = string
  })
  description = "The ALB the Load Balancer Controller created for the agora Ingress (empty strings before the first Kubernetes deploy): enables api DNS, health check, ALB/SLO alarms and the SES events subscription to the API."
  default = {
    alb_dns_name   = ""
    alb_zone_id    = ""
    alb_arn_suffix = ""
  }
}

variable "tags" {
  type        = map(string)
  description = "Extra tags on every resource besides the providers' default_tags."
  default     = {}
}
