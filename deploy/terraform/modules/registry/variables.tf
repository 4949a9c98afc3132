variable "repository_name" {
  type        = string
  description = "ECR repository holding the agora image (one image, every subcommand)."
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key encrypting images at rest."
}

variable "keep_release_images" {
  type        = number
  description = "How many images (tagged with their git SHA by the pipeline) to keep; older ones expire, so keep more than a rollback could need."
  default     = 100
}

variable "untagged_expiry_days" {
  type        = number
  description = "Days after which untagged images (superseded builds, layers of failed pushes) expire."
  default     = 7
}

variable "replicate_to_dr" {
  type        = bool
  description = "Replicate pushed images to the DR region, so the cluster can be rebuilt there without the primary region."
  default     = true
}

variable "enhanced_scanning" {
  type        = bool
  description = "Amazon Inspector enhanced scanning (continuous, OS + language packages, billed per image) instead of basic scan on push."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource (the providers' default_tags carry the common ones)."
  default     = {}
}
