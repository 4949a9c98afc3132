variable "name" {
  type        = string
  description = "Name prefix for every resource, e.g. agora-prod."
}

variable "environment" {
  type        = string
  description = "Environment name (dev, staging, prod)."
}

variable "kms_deletion_window_days" {
  type        = number
  description = "Waiting period before a scheduled KMS key deletion takes effect."
  default     = 30

  validation {
    condition     = var.kms_deletion_window_days >= 7 && var.kms_deletion_window_days <= 30
    error_message = "KMS allows a deletion window of 7 to 30 days."
  }
}

variable "waf_rate_limit_per_5min" {
  type        = number
  description = "Requests one client IP may send in any 5-minute window before WAF blocks it."
  default     = 2000
}

variable "waf_log_retention_days" {
  type        = number
  description = "Retention of the WAF log groups in days."
  default     = 90
}

variable "github_org" {
  type        = string
  description = "GitHub organisation (or user) owning the repository that deploys."
}

variable "github_repo" {
  type        = string
  description = "GitHub repository name that deploys."
}

variable "github_environment" {
  type        = string
  description = "GitHub Actions environment whose jobs may assume the deploy roles (its required reviewers are the manual approval)."
}

variable "create_github_oidc_provider" {
  type        = bool
  description = "Create the account's GitHub OIDC identity provider; false when another stack in the account already owns it."
  default     = true
}

variable "deploy_targets" {
  type = object({
    ecr_repository_name = string
    cluster_name        = string
    web_bucket_name     = string
    db_identifier       = string
  })
  description = "Names of what the application deploy role may touch; ARNs are built from names so this module needs no other module's outputs."
}

variable "state_bucket_name" {
  type        = string
  description = "Terraform state bucket of this environment (from bootstrap), read by the plan role and written by the apply role."
}

variable "state_kms_key_arn" {
  type        = string
  description = "KMS key encrypting the Terraform state bucket (from bootstrap)."
}

variable "create_autoscaling_service_linked_role" {
  type        = bool
  description = "Create AWSServiceRoleForAutoScaling (KMS refuses key policies naming a role that does not exist yet); false when the account already has it."
  default     = true
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource (the providers' default_tags carry the common ones)."
  default     = {}
}
