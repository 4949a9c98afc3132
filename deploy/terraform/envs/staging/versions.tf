terraform {
  # 1.10+: S3 native state locking (use_lockfile); DynamoDB locking is deprecated.
  required_version = ">= 1.10.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
    # The eks module's add-ons and agora-cluster chart (ADR 0086).
    helm = {
      source  = "hashicorp/helm"
      version = "~> 3.1"
    }
  }

  # bucket, region and kms_key_id come from the bootstrap outputs:
  #   terraform init -backend-config=backend.hcl   (see backend.hcl.example)
  backend "s3" {
    key          = "envs/staging/terraform.tfstate"
    encrypt      = true
    use_lockfile = true
  }
}
