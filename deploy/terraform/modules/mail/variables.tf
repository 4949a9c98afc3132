variable "name" {
  type        = string
  description = "Name prefix for every resource, e.g. agora-prod."
}

variable "domain_name" {
  type        = string
  description = "Domain agora sends from (the environment's zone); SES verifies it with Easy DKIM."
}

variable "zone_id" {
  type        = string
  description = "Route 53 zone of domain_name, where the DKIM records go."
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key encrypting the SMTP credentials secret and the SES events topic (its key policy lets SES publish)."
}

variable "events_endpoint" {
  type        = string
  description = "HTTPS URL SNS delivers bounces and complaints to (agora's /api/v1/email/ses-events); empty until the API answers there, since agora must confirm the subscription itself."
  default     = ""

  validation {
    condition     = var.events_endpoint == "" || startswith(var.events_endpoint, "https://")
    error_message = "events_endpoint is an https:// URL or empty."
  }
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
