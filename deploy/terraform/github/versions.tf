terraform {
  required_version = ">= 1.10.0"

  required_providers {
    github = {
      source  = "integrations/github"
      version = "~> 6.9"
    }
  }

  # bucket, region and kms_key_id: the prod bootstrap's outputs (GitHub settings are
  # production's safety, so their state sits with prod's):
  #   terraform init -backend-config=backend.hcl
  backend "s3" {
    key          = "github/terraform.tfstate"
    encrypt      = true
    use_lockfile = true
  }
}
