# Account-specific inputs, set in terraform.tfvars (see terraform.tfvars.example). The
# environment's sizing lives in main.tf, reviewed like code.
variable "account_id" {
  type        = string
  description = "AWS account of this environment; the providers refuse any other."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id is a 12-digit AWS account ID."
  }
}

variable "region" {
  type        = string
  description = "Primary region."
  default     = "us-east-2"
}

variable "dr_region" {
  type        = string
  description = "Disaster-recovery region."
  default     = "us-west-2"
}

variable "domain_name" {
  type        = string
  description = "DNS zone of this environment."
}

variable "github_org" {
  type        = string
  description = "GitHub organisation owning the repository."
}

variable "github_repo" {
  type        = string
  description = "GitHub repository name."
}

variable "state_bucket_name" {
  type        = string
  description = "Terraform state bucket (bootstrap output state_bucket_name)."
}

variable "state_kms_key_arn" {
  type        = string
  description = "KMS key of the state bucket (bootstrap output state_kms_key_arn)."
}

variable "cluster_admin_principal_arns" {
  type        = list(string)
  description = "IAM roles with cluster-admin access (SSO administrators, break-glass)."
  default     = []
}

variable "endpoint_public_access_cidrs" {
  type        = list(string)
  description = "CIDRs allowed to reach the Kubernetes API endpoint; empty keeps it private."
  default     = []
}

variable "opensearch_admin_role_arn" {
  type        = string
  description = "IAM role mapped to the OpenSearch master user."
}

variable "alarm_email_addresses" {
  type        = list(string)
  description = "Recipients of non-urgent (info) notifications."
  default     = []
}

variable "pagerduty_endpoint" {
  type        = string
  description = "PagerDuty CloudWatch integration URL (critical alarms); pass as TF_VAR_pagerduty_endpoint from a secret."
  default     = ""
  sensitive   = true
}

variable "slack_team_id" {
  type        = string
  description = "Slack workspace ID authorised in AWS Chatbot; empty disables Slack."
  default     = ""
}

variable "slack_channel_id" {
  type        = string
  description = "Slack channel ID for warning alarms."
  default     = ""
}

variable "ingress_alb" {
  type = object({
    dns_name   = string
    zone_id    = string
    arn_suffix = string
  })
  description = "The agora Ingress ALB after the first Kubernetes deploy (kubectl get ingress; aws elbv2 describe-load-balancers). Empty before."
  default = {
    dns_name   = ""
    zone_id    = ""
    arn_suffix = ""
  }
}
