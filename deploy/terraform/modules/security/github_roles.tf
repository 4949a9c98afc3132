# Three roles per environment, each trusting GitHub OIDC:
#   deploy          push the image, sync the web bucket, snapshot the DB, reach the cluster
#   terraform-plan  read-only, for `terraform plan` on pull requests (prod: only from the gated
#                   GitHub environment production-plan)
#   terraform-apply applies the reviewed plan (terraform_apply.tf), within the permissions
#                   boundary (permissions_boundary.tf); ADR 0024 and ADR 0087
locals {
  targets  = var.deploy_targets
  repo_arn = "arn:${local.partition}:ecr:${local.region}:${local.account_id}:repository/${local.targets.ecr_repository_name}"
  db_arn   = "arn:${local.partition}:rds:${local.region}:${local.account_id}:db:${local.targets.db_identifier}"
}

resource "aws_iam_role" "github_deploy" {
  name                 = "${var.name}-github-deploy"
  description          = "GitHub Actions environment ${var.github_environment}: application deploys"
  assume_role_policy   = data.aws_iam_policy_document.github_trust.json
  max_session_duration = 3600
  permissions_boundary = aws_iam_policy.permissions_boundary.arn

  tags = var.tags
}

data "aws_iam_policy_document" "github_deploy" {
  # ecr:GetAuthorizationToken has no resource-level permissions: AWS requires "*".
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid = "EcrPushPullOwnRepository"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:CompleteLayerUpload",
      "ecr:DescribeImages",
      "ecr:GetDownloadUrlForLayer",
      "ecr:InitiateLayerUpload",
      "ecr:PutImage",
      "ecr:UploadLayerPart",
    ]
    resources = [local.repo_arn]
  }

  statement {
    sid       = "EksKubeconfig"
    actions   = ["eks:DescribeCluster"]
    resources = ["arn:${local.partition}:eks:${local.region}:${local.account_id}:cluster/${local.targets.cluster_name}"]
  }

  statement {
    sid       = "WebBucketList"
    actions   = ["s3:ListBucket"]
    resources = ["arn:${local.partition}:s3:::${local.targets.web_bucket_name}"]
  }

  statement {
    sid = "WebBucketSync"
    actions = [
      "s3:DeleteObject",
      "s3:GetObject",
      "s3:PutObject",
    ]
    resources = ["arn:${local.partition}:s3:::${local.targets.web_bucket_name}/*"]
  }

  statement {
    sid = "WebBucketKms"
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey",
    ]
    resources = [aws_kms_key.data.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.region}.amazonaws.com"]
    }
  }

  statement {
    sid = "CdnInvalidate"
    actions = [
      "cloudfront:CreateInvalidation",
      "cloudfront:GetInvalidation",
    ]
    resources = ["arn:${local.partition}:cloudfront::${local.account_id}:distribution/*"]
  }

  # The pre-deploy snapshot (spec: manual snapshots pre-deploy).
  statement {
    sid = "PreDeploySnapshot"
    actions = [
      "rds:AddTagsToResource",
      "rds:CreateDBSnapshot",
      "rds:DescribeDBInstances",
      "rds:DescribeDBSnapshots",
    ]
    resources = [
      local.db_arn,
      "arn:${local.partition}:rds:${local.region}:${local.account_id}:snapshot:${local.targets.db_identifier}-predeploy-*",
    ]
  }
}

resource "aws_iam_role_policy" "github_deploy" {
  name   = "deploy"
  role   = aws_iam_role.github_deploy.id
  policy = data.aws_iam_policy_document.github_deploy.json
}

