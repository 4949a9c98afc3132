data "aws_caller_identity" "current" {}

data "aws_region" "dr" {
  provider = aws.dr
}

# Immutable tags (CKV_AWS_51): a tag names one image forever, and deploys go by digest anyway.
resource "aws_ecr_repository" "this" {
  name                 = var.repository_name
  image_tag_mutability = "IMMUTABLE"
  force_delete         = false

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = var.kms_key_arn
  }

  tags = var.tags
}

resource "aws_ecr_lifecycle_policy" "this" {
  repository = aws_ecr_repository.this.name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Expire untagged images"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = var.untagged_expiry_days
        }
        action = { type = "expire" }
      },
      {
        # The pipeline tags every image with its git SHA: keep the newest ones, whatever the tag.
        rulePriority = 2
        description  = "Keep the newest images"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = var.keep_release_images
        }
        action = { type = "expire" }
      },
    ]
  })
}

resource "aws_ecr_registry_scanning_configuration" "this" {
  scan_type = var.enhanced_scanning ? "ENHANCED" : "BASIC"

  rule {
    scan_frequency = var.enhanced_scanning ? "CONTINUOUS_SCAN" : "SCAN_ON_PUSH"

    repository_filter {
      filter      = var.repository_name
      filter_type = "WILDCARD"
    }
  }
}

# Registry-wide setting: one per account and region, owned here.
resource "aws_ecr_replication_configuration" "this" {
  count = var.replicate_to_dr ? 1 : 0

  replication_configuration {
    rule {
      destination {
        region      = data.aws_region.dr.region
        registry_id = data.aws_caller_identity.current.account_id
      }

      repository_filter {
        filter      = var.repository_name
        filter_type = "PREFIX_MATCH"
      }
    }
  }
}
