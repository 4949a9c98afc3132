variable "environment" {
  type        = string
  description = "Environment whose state this bucket holds (one bootstrap per environment account)."

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment is dev, staging or prod (add new ones here and in envs/)."
  }
}

variable "account_id" {
  type        = string
  description = "AWS account of the environment; the provider refuses any other."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id is a 12-digit AWS account ID."
  }
}

variable "region" {
  type        = string
  description = "Region of the state bucket (the environment's primary region)."
  default     = "us-east-2"
}

variable "noncurrent_state_days" {
  type        = number
  description = "Days old state versions are kept (each apply writes a version); recovery from a bad apply reads them."
  default     = 90
}
