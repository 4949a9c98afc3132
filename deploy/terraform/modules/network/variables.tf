variable "name" {
  type        = string
  description = "Name prefix for every resource, e.g. agora-prod."
}

variable "cidr_block" {
  type        = string
  description = "IPv4 CIDR of the VPC; a /16 leaves room for three /20 private subnets plus public and database tiers."
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.cidr_block, 0))
    error_message = "cidr_block must be a valid IPv4 CIDR."
  }
}

variable "availability_zones" {
  type        = list(string)
  description = "Availability zones to spread subnets across; three for production, as the spec asks for Multi-AZ."

  validation {
    condition     = length(var.availability_zones) >= 2 && length(var.availability_zones) <= 3
    error_message = "Use two or three availability zones (RDS subnet groups need at least two)."
  }
}

variable "single_nat_gateway" {
  type        = bool
  description = "One NAT gateway for the whole VPC (cheap, one AZ is a single point of failure for egress) instead of one per AZ."
  default     = false
}

variable "cluster_name" {
  type        = string
  description = "EKS cluster name, used in the subnet tags the AWS Load Balancer Controller discovers subnets by."
}

variable "interface_endpoints" {
  type        = list(string)
  description = "AWS services reached through interface VPC endpoints, so pods pull images and call AWS without the NAT."
  default     = ["ecr.api", "ecr.dkr", "sts", "sqs", "logs", "secretsmanager", "kms"]
}

variable "flow_log_kms_key_arn" {
  type        = string
  description = "KMS key ARN encrypting the flow log group."
}

variable "flow_log_retention_days" {
  type        = number
  description = "Retention of the VPC flow log group in days."
  default     = 365
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
