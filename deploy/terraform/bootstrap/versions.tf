terraform {
  required_version = ">= 1.10.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
  }

  # Starts with local state (the bucket does not exist yet); the runbook then moves this
  # state into the bucket it created with `terraform init -migrate-state`.
}
