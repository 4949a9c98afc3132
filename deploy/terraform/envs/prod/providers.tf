# One account per environment: allowed_account_ids stops a plan made with the wrong
# credentials before it touches anything.
locals {
  default_tags = {
    Project     = "agora"
    Environment = "prod"
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

# The cluster's add-ons (modules/eks helm.tf) go in through its API with a token from the
# caller's AWS credentials, configured from the cluster's outputs.
provider "helm" {
  kubernetes = {
    host                   = module.platform.cluster_endpoint
    cluster_ca_certificate = base64decode(module.platform.cluster_certificate_authority)
    exec = {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.platform.cluster_name, "--region", var.region]
    }
  }
}
