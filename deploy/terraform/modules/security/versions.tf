terraform {
  required_version = ">= 1.10.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
      # dr: the disaster-recovery region. Resources that must live in us-east-1 (CloudFront's
      # WAF ACL and log groups) set provider v6's per-resource `region` instead of an alias.
      configuration_aliases = [aws.dr]
    }
  }
}
