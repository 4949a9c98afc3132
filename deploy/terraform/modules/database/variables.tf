variable "name" {
  type        = string
  description = "Name prefix for every resource, e.g. agora-prod; also the DB instance identifier."
}

variable "vpc_id" {
  type        = string
  description = "VPC of the database security group."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Database-tier subnets (no internet route) in at least two AZs."

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "An RDS subnet group needs subnets in at least two availability zones."
  }
}

variable "client_security_group_ids" {
  type        = map(string)
  description = "Security groups allowed to connect on 5432, by a static name (for_each keys must be known at plan time while the IDs are not): the EKS cluster security group (nodes and Fargate pods)."
}

variable "engine_version" {
  type        = string
  description = "RDS PostgreSQL major version (minor versions follow auto_minor_version_upgrade without showing as drift). 17.x ships pgvector 0.8 (HNSW, iterative scans); run ALTER EXTENSION vector UPDATE after upgrades."
  default     = "17"

  validation {
    condition     = tonumber(split(".", var.engine_version)[0]) >= 16
    error_message = "Use PostgreSQL 16 or newer: the pgvector versions Agora relies on (HNSW, 0.7+) ship there."
  }
}

variable "instance_class" {
  type        = string
  description = "DB instance class, e.g. db.t4g.medium (dev) or db.r7g.large (prod)."
}

variable "allocated_storage_gb" {
  type        = number
  description = "Initial gp3 storage in GiB."
  default     = 50
}

variable "max_allocated_storage_gb" {
  type        = number
  description = "Ceiling for storage autoscaling in GiB."
  default     = 500
}

variable "multi_az" {
  type        = bool
  description = "Synchronous standby in a second AZ with automatic failover (60-120 s)."
}

variable "backup_retention_days" {
  type        = number
  description = "Automated backup (and PITR) retention in days."
  default     = 30

  validation {
    condition     = var.backup_retention_days >= 7 && var.backup_retention_days <= 35
    error_message = "Keep 7 to 35 days of automated backups (35 is the RDS maximum)."
  }
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse DeleteDBInstance until turned off; on in every environment but disposable ones."
  default     = true
}

variable "dr_backup_replication" {
  type        = bool
  description = "Replicate automated backups (snapshots and transaction logs, so PITR works there) to the DR region."
  default     = false
}

variable "dr_backup_retention_days" {
  type        = number
  description = "Retention of the replicated automated backups in the DR region."
  default     = 14
}

variable "dr_kms_key_arn" {
  type        = string
  description = "KMS key in the DR region encrypting the replicated backups."
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for storage, Performance Insights and the master user secret."
}

variable "logs_kms_key_arn" {
  type        = string
  description = "KMS key for the exported PostgreSQL log groups."
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the exported PostgreSQL logs in days."
  default     = 90
}

variable "monitoring_interval_seconds" {
  type        = number
  description = "Enhanced Monitoring granularity (1, 5, 10, 15, 30 or 60 s)."
  default     = 30

  validation {
    condition     = contains([1, 5, 10, 15, 30, 60], var.monitoring_interval_seconds)
    error_message = "Enhanced Monitoring accepts 1, 5, 10, 15, 30 or 60 seconds."
  }
}

variable "performance_insights_retention_days" {
  type        = number
  description = "Performance Insights retention: 7 (free) or a multiple of 31 up to 731."
  default     = 7
}

variable "slow_query_ms" {
  type        = number
  description = "Statements slower than this are logged (log_min_duration_statement)."
  default     = 500
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
