# Three roles per environment, each trusting GitHub OIDC:
#   deploy          push the image, sync the web bucket, snapshot the DB, reach the cluster
#   terraform-plan  read-only, for `terraform plan` on pull requests
#   terraform-apply applies the reviewed plan; the one broad identity, gated by the
#                   environment's required reviewers (see ADR 0024)
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

# Plans run on pull requests, which carry no environment: the plan role also trusts the
# pull_request subject, and can only read.
data "aws_iam_policy_document" "github_plan_trust" {
  statement {
    sid     = "GitHubPullRequestsAndEnvironment"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.github_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.github_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.github_issuer}:sub"
      values = [
        local.github_subject,
        "repo:${var.github_org}/${var.github_repo}:pull_request",
      ]
    }
  }
}

data "aws_iam_policy_document" "state_read" {
  statement {
    sid       = "StateList"
    actions   = ["s3:ListBucket"]
    resources = ["arn:${local.partition}:s3:::${var.state_bucket_name}"]
  }

  statement {
    sid       = "StateRead"
    actions   = ["s3:GetObject"]
    resources = ["arn:${local.partition}:s3:::${var.state_bucket_name}/*"]
  }

  # The S3 lockfile (use_lockfile) is written and deleted even by plan.
  statement {
    sid = "StateLock"
    actions = [
      "s3:DeleteObject",
      "s3:PutObject",
    ]
    resources = ["arn:${local.partition}:s3:::${var.state_bucket_name}/*.tflock"]
  }

  statement {
    sid = "StateKms"
    actions = [
      "kms:Decrypt",
      "kms:Encrypt",
      "kms:GenerateDataKey",
    ]
    resources = [var.state_kms_key_arn]
  }
}

data "aws_iam_policy_document" "state_write" {
  source_policy_documents = [data.aws_iam_policy_document.state_read.json]

  statement {
    sid       = "StateWrite"
    actions   = ["s3:PutObject"]
    resources = ["arn:${local.partition}:s3:::${var.state_bucket_name}/*"]
  }
}

resource "aws_iam_role" "terraform_plan" {
  name                 = "${var.name}-github-terraform-plan"
  description          = "GitHub Actions: terraform plan (read-only)"
  assume_role_policy   = data.aws_iam_policy_document.github_plan_trust.json
  max_session_duration = 3600

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "terraform_plan_read_only" {
  role       = aws_iam_role.terraform_plan.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_role_policy" "terraform_plan_state" {
  name   = "terraform-state"
  role   = aws_iam_role.terraform_plan.id
  policy = data.aws_iam_policy_document.state_read.json
}

resource "aws_iam_role" "terraform_apply" {
  name                 = "${var.name}-github-terraform-apply"
  description          = "GitHub Actions environment ${var.github_environment}: terraform apply of a reviewed plan"
  assume_role_policy   = data.aws_iam_policy_document.github_trust.json
  max_session_duration = 3600

  tags = var.tags
}

# PowerUserAccess covers every service but IAM and Organizations; IAM is then granted only
# for this environment's own names (agora-<env>-*) and the OIDC providers it owns.
resource "aws_iam_role_policy_attachment" "terraform_apply_power_user" {
  role       = aws_iam_role.terraform_apply.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/PowerUserAccess"
}

data "aws_iam_policy_document" "terraform_apply_iam" {
  source_policy_documents = [data.aws_iam_policy_document.state_write.json]

  statement {
    sid = "ManageOwnRolesAndPolicies"
    actions = [
      "iam:AttachRolePolicy",
      "iam:CreatePolicy",
      "iam:CreatePolicyVersion",
      "iam:CreateRole",
      "iam:DeletePolicy",
      "iam:DeletePolicyVersion",
      "iam:DeleteRole",
      "iam:DeleteRolePolicy",
      "iam:DetachRolePolicy",
      "iam:GetPolicy",
      "iam:GetPolicyVersion",
      "iam:GetRole",
      "iam:GetRolePolicy",
      "iam:ListAttachedRolePolicies",
      "iam:ListInstanceProfilesForRole",
      "iam:ListPolicyVersions",
      "iam:ListRolePolicies",
      "iam:PassRole",
      "iam:PutRolePolicy",
      "iam:TagPolicy",
      "iam:TagRole",
      "iam:UntagPolicy",
      "iam:UntagRole",
      "iam:UpdateAssumeRolePolicy",
      "iam:UpdateRole",
    ]
    resources = [
      "arn:${local.partition}:iam::${local.account_id}:role/${var.name}-*",
      "arn:${local.partition}:iam::${local.account_id}:policy/${var.name}-*",
    ]
  }

  statement {
    sid = "ManageOidcProviders"
    actions = [
      "iam:CreateOpenIDConnectProvider",
      "iam:DeleteOpenIDConnectProvider",
      "iam:GetOpenIDConnectProvider",
      "iam:TagOpenIDConnectProvider",
      "iam:UpdateOpenIDConnectProviderThumbprint",
    ]
    resources = ["arn:${local.partition}:iam::${local.account_id}:oidc-provider/*"]
  }

  statement {
    sid     = "ServiceLinkedRolesForManagedServices"
    actions = ["iam:CreateServiceLinkedRole"]
    resources = [
      "arn:${local.partition}:iam::${local.account_id}:role/aws-service-role/*",
    ]
  }
}

resource "aws_iam_role_policy" "terraform_apply_iam" {
  name   = "terraform-iam-and-state"
  role   = aws_iam_role.terraform_apply.id
  policy = data.aws_iam_policy_document.terraform_apply_iam.json
}
