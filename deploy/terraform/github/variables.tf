variable "github_owner" {
  type        = string
  description = "GitHub organisation (or user) owning the repository."
}

variable "repository" {
  type        = string
  description = "Repository name."
  default     = "agora"
}

variable "production_reviewer_teams" {
  type        = list(number)
  description = "IDs of the teams whose members approve production deploys and applies."
  default     = []
}

variable "production_reviewer_users" {
  type        = list(number)
  description = "IDs of the users who approve production deploys and applies."
  default     = []

  validation {
    condition     = length(var.production_reviewer_users) <= 6
    error_message = "GitHub allows at most six reviewers (teams and users) per environment."
  }
}

variable "staging_reviewer_teams" {
  type        = list(number)
  description = "IDs of the teams whose members approve staging deploys and applies."
  default     = []
}

variable "staging_reviewer_users" {
  type        = list(number)
  description = "IDs of the users who approve staging deploys and applies."
  default     = []
}

variable "production_wait_minutes" {
  type        = number
  description = "Minutes production waits after approval before the job starts (time to cancel)."
  default     = 5
}

variable "required_checks" {
  type        = list(string)
  description = "Status checks (the jobs of ci.yml, which runs on every pull request) a pull request into main or develop must pass."
  default     = ["web", "backend", "static-analysis", "sanitizers", "backup-recovery", "infra", "image", "codeql", "semgrep"]
}

variable "environments" {
  type = map(object({
    aws_region                   = string
    aws_deploy_role_arn          = string
    aws_terraform_plan_role_arn  = string
    aws_terraform_apply_role_arn = string
    tf_state_bucket              = string
    tf_state_kms_key_arn         = string
  }))
  description = "Per GitHub environment (dev, staging, production): the non-secret settings the workflows read as vars.*, from each environment's bootstrap and envs outputs."
}
