# One account per environment: allowed_account_ids stops a plan made with the wrong
# credentials before it touches anything.
locals {
  default_tags = {
    Project     = "agora"
    Environment = "staging"
    ManagedBy   = "terraform"
    Repository  = "${var.github_org}/${var.github_repo}"
  }
}

provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = local.default_tags
  }
}

# The disaster-recovery region: RDS backup replicas, S3 replicas, ECR replicas, DR keys.
provider "aws" {
  alias               = "dr"
  region              = var.dr_region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = local.default_tags
  }
}
