variable "name" {
  type        = string
  description = "Name prefix for IAM roles, e.g. agora-prod."
}

variable "bucket_prefix" {
  type        = string
  description = "Prefix of the globally unique bucket names; buckets are <prefix>-web, -uploads, -backups, -logs (and -uploads-dr, -backups-dr)."
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for the data buckets (web, uploads, backups)."
}

variable "dr_kms_key_arn" {
  type        = string
  description = "KMS key in the DR region for the replica buckets."
}

variable "cloudfront_distribution_arn" {
  type        = string
  description = "Distribution allowed to read the web bucket and the uploads bucket through Origin Access Control."
}

variable "cors_allowed_origins" {
  type        = list(string)
  description = "Origins (the web app) allowed to PUT presigned uploads straight into the uploads bucket."
}

variable "backup_lock_days" {
  type        = number
  description = "Object Lock retention of every object in the backups bucket; nobody can delete a backup younger than this."
  default     = 35
}

variable "backup_lock_mode" {
  type        = string
  description = "GOVERNANCE (privileged users can lift the lock) or COMPLIANCE (nobody can, not even root)."
  default     = "GOVERNANCE"

  validation {
    condition     = contains(["GOVERNANCE", "COMPLIANCE"], var.backup_lock_mode)
    error_message = "backup_lock_mode must be GOVERNANCE or COMPLIANCE."
  }
}

variable "backup_expiry_days" {
  type        = number
  description = "Age at which backups expire; must exceed backup_lock_days."
  default     = 365
}

variable "log_expiry_days" {
  type        = number
  description = "Age at which access logs, CloudTrail files and firehose failures in the logs bucket expire."
  default     = 400
}

variable "replicate_to_dr" {
  type        = bool
  description = "Replicate uploads and backups to the DR region with Replication Time Control (15 minutes, the spec's RPO)."
  default     = true
}

variable "cloudtrail_name" {
  type        = string
  description = "Name of the CloudTrail trail allowed to write into the logs bucket."
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
