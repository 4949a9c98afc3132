variable "name" {
  type        = string
  description = "Name prefix for IAM roles and other resources, e.g. agora-prod."
}

variable "cluster_name" {
  type        = string
  description = "EKS cluster name."
}

variable "kubernetes_version" {
  type        = string
  description = "Kubernetes minor version of the control plane and node groups."
  default     = "1.33"
}

variable "vpc_id" {
  type        = string
  description = "VPC of the cluster."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets for the control-plane ENIs and the nodes."
}

variable "jobs_subnet_ids" {
  type        = list(string)
  description = "Subnets of the Fargate profile: not the node subnets, so their network ACL bounds the jobs pods (the VPC CNI's policy agent does not reach Fargate)."
}

variable "endpoint_public_access_cidrs" {
  type        = list(string)
  description = "CIDRs allowed to reach the public API endpoint (office VPN, CI egress); empty makes the endpoint private only."
  default     = []

  validation {
    condition     = !contains(var.endpoint_public_access_cidrs, "0.0.0.0/0")
    error_message = "The API endpoint must not be open to the whole internet (CKV_AWS_39)."
  }
}

variable "eks_kms_key_arn" {
  type        = string
  description = "KMS key for Kubernetes Secrets envelope encryption and node EBS volumes."
}

variable "logs_kms_key_arn" {
  type        = string
  description = "KMS key for the control-plane log group."
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the control-plane logs in days."
  default     = 90
}

variable "node_groups" {
  type = map(object({
    instance_types = list(string)
    capacity_type  = string
    min_size       = number
    max_size       = number
    desired_size   = number
    disk_size_gb   = optional(number, 50)
    labels         = optional(map(string), {})
  }))
  description = "Managed node groups by name. capacity_type ON_DEMAND or SPOT (spot: several instance types, so one pool's shortage does not empty the group)."

  validation {
    condition     = alltrue([for g in values(var.node_groups) : contains(["ON_DEMAND", "SPOT"], g.capacity_type)])
    error_message = "capacity_type must be ON_DEMAND or SPOT."
  }
}

variable "ami_type" {
  type        = string
  description = "Node AMI family; AL2023 (AL2 is end of life)."
  default     = "AL2023_x86_64_STANDARD"
}

variable "jobs_namespace" {
  type        = string
  description = "Namespace whose pods run on Fargate (agora worker and other background jobs)."
  default     = "agora-jobs"
}

variable "app_namespace" {
  type        = string
  description = "Namespace of agora serve, relay and the migrate Job."
  default     = "agora"
}

variable "cluster_admin_principal_arns" {
  type        = list(string)
  description = "IAM principals (SSO admin role, break-glass role) with cluster-admin access entries."
  default     = []
}

variable "deploy_principal_arn" {
  type        = string
  description = "The GitHub deploy role: its access entry joins the Kubernetes group whose Roles (charts/agora-cluster) allow exactly what the pipeline applies."
}

variable "workload_access" {
  type = object({
    uploads_bucket_arn     = string
    queue_arns             = map(string)
    dlq_arns               = map(string)
    data_kms_key_arn       = string
    db_secret_arn          = string
    smtp_secret_arn        = string
    db_resource_id         = string
    app_log_group_name     = string
    opensearch_domain_name = string
  })
  description = "What the application workloads may reach; each service account's policy takes only its share."
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
