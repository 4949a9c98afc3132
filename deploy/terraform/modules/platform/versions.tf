terraform {
  required_version = ">= 1.10.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
      # dr: the disaster-recovery region, passed down to the modules that replicate there.
      configuration_aliases = [aws.dr]
    }
    # The eks module's add-ons and agora-cluster chart (ADR 0086).
    helm = {
      source  = "hashicorp/helm"
      version = "~> 3.1"
    }
  }
}
