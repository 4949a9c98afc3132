variable "name" {
  type        = string
  description = "Name prefix for every resource, e.g. agora-prod."
}

variable "domain_name" {
  type        = string
  description = "The environment's DNS zone, e.g. agora.example.com (prod) or dev.agora.example.com; delegated from its parent by NS records (see the runbook)."
}

variable "api_subdomain" {
  type        = string
  description = "Label of the API host under the zone; the ALB serves <api_subdomain>.<domain_name>."
  default     = "api"
}

variable "alb_dns_name" {
  type        = string
  description = "DNS name of the ALB the AWS Load Balancer Controller created for the agora Ingress; empty until the first Kubernetes deploy, then set and re-applied."
  default     = ""
}

variable "alb_zone_id" {
  type        = string
  description = "Canonical hosted zone ID of that ALB."
  default     = ""
}

variable "logs_us_east_1_kms_key_arn" {
  type        = string
  description = "KMS key in us-east-1 encrypting the query log group (Route 53 logs only to us-east-1)."
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the DNS query log group in days."
  default     = 90
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource (the providers' default_tags carry the common ones)."
  default     = {}
}
