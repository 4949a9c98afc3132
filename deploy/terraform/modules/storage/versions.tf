terraform {
  required_version = ">= 1.10.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
      # dr: the disaster-recovery region holding the replicas.
      configuration_aliases = [aws.dr]
    }
  }
}
