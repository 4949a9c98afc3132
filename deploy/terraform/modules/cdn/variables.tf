variable "name" {
  type        = string
  description = "Name prefix for every resource, e.g. agora-prod."
}

variable "aliases" {
  type        = list(string)
  description = "Host names the distribution serves (the web app), covered by the certificate."
}

variable "acm_certificate_arn" {
  type        = string
  description = "ACM certificate in us-east-1 for the aliases (CloudFront only uses us-east-1 certificates)."
}

variable "web_acl_arn" {
  type        = string
  description = "CLOUDFRONT-scope WAFv2 web ACL ARN."
}

variable "web_bucket_regional_domain_name" {
  type        = string
  description = "Regional domain name of the web assets bucket (default origin)."
}

variable "logs_bucket_arn" {
  type        = string
  description = "Logs bucket ARN receiving standard access logs under cloudfront/."
}

variable "price_class" {
  type        = string
  description = "CloudFront price class: PriceClass_100 (NA+EU), PriceClass_200, PriceClass_All."
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.price_class)
    error_message = "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "api_origin" {
  type        = string
  description = "agora's origin (e.g. https://api.agora.example.com): the CSP connect-src, and the origin of /media/*."

  validation {
    condition     = can(regex("^https://[a-z0-9.-]+/?$", var.api_origin))
    error_message = "api_origin must be https://<host name>, without a path or port."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource (the providers' default_tags carry the common ones)."
  default     = {}
}

variable "zone_id" {
  type        = string
  description = "Route 53 zone in which the aliases point at the distribution."
}
