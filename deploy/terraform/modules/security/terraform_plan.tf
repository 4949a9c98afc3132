# The plan role. Anyone who can open a pull request can run code in a pull-request job, so
# a role trusting the pull_request subject is open to every contributor. dev and staging
# accept that (their plans run on pull requests, without approval); prod does not: its plan
# role trusts only the GitHub environment production-plan, whose reviewers are production's,
# so a pull request into main is planned only after one of them approved the run.
locals {
  plan_subject         = "repo:${var.github_org}/${var.github_repo}:environment:${var.github_environment}-plan"
  pull_request_subject = "repo:${var.github_org}/${var.github_repo}:pull_request"
  # The envs' backend key (envs/<env>/versions.tf) and its S3 lockfile (use_lockfile).
  state_key = "envs/${var.environment}/terraform.tfstate"
}

data "aws_iam_policy_document" "github_plan_trust_gated" {
  statement {
    sid     = "GitHubGatedPlanEnvironmentOnly"
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
      values   = [local.plan_subject]
    }
  }
}

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
        local.pull_request_subject,
      ]
    }
  }
}

# Only this environment's state and its lockfile: the bucket also holds other roots' state
# (deploy/terraform/github keeps its state in prod's bucket). Listing shows names, not
# contents; the backend lists to find workspaces.
data "aws_iam_policy_document" "state_read" {
  statement {
    sid       = "StateList"
    actions   = ["s3:ListBucket"]
    resources = ["arn:${local.partition}:s3:::${var.state_bucket_name}"]
  }

  statement {
    sid       = "StateRead"
    actions   = ["s3:GetObject"]
    resources = ["arn:${local.partition}:s3:::${var.state_bucket_name}/${local.state_key}"]
  }

  # The S3 lockfile (use_lockfile) is written and deleted even by plan.
  statement {
    sid = "StateLock"
    actions = [
      "s3:DeleteObject",
      "s3:PutObject",
    ]
    resources = ["arn:${local.partition}:s3:::${var.state_bucket_name}/${local.state_key}.tflock"]
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

resource "aws_iam_role" "terraform_plan" {
  name                 = "${var.name}-github-terraform-plan"
  description          = "GitHub Actions: terraform plan (read-only)"
  assume_role_policy   = var.environment == "prod" ? data.aws_iam_policy_document.github_plan_trust_gated.json : data.aws_iam_policy_document.github_plan_trust.json
  max_session_duration = 3600
  permissions_boundary = aws_iam_policy.permissions_boundary.arn

  tags = var.tags
}

# plan refreshes every resource, so it reads every service. ReadOnlyAccess also reads some
# data (S3 objects are denied below; log events and the like stay): acceptable because in
# prod only a run that production's reviewers approved can assume this role, and dev and
# staging hold no production data.
resource "aws_iam_role_policy_attachment" "terraform_plan_read_only" {
  role       = aws_iam_role.terraform_plan.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/ReadOnlyAccess"
}

# ReadOnlyAccess includes s3:GetObject on every bucket: other roots' state in this bucket,
# uploads, backups. plan reads no object but its own state (and lockfile).
data "aws_iam_policy_document" "terraform_plan_state" {
  source_policy_documents = [data.aws_iam_policy_document.state_read.json]

  statement {
    sid     = "NoOtherObjects"
    effect  = "Deny"
    actions = ["s3:GetObject", "s3:GetObjectVersion"]
    not_resources = [
      "arn:${local.partition}:s3:::${var.state_bucket_name}/${local.state_key}",
      "arn:${local.partition}:s3:::${var.state_bucket_name}/${local.state_key}.tflock",
    ]
  }
}

resource "aws_iam_role_policy" "terraform_plan_state" {
  name   = "terraform-state"
  role   = aws_iam_role.terraform_plan.id
  policy = data.aws_iam_policy_document.terraform_plan_state.json
}
