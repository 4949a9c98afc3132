terraform {
  required_version = ">= 1.10.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
    # Installs the cluster add-ons and the agora-cluster chart (helm.tf); configured by each
    # env from this module's cluster outputs.
    helm = {
      source  = "hashicorp/helm"
      version = "~> 3.1"
    }
  }
}
