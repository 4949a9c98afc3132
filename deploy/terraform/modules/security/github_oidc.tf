# GitHub Actions reaches AWS with short-lived OIDC tokens; no access keys exist. Each role
# trusts exactly one GitHub environment of one repository (CKV_AWS_358), so only jobs that
# passed that environment's required reviewers can assume it.
locals {
  github_issuer  = "token.actions.githubusercontent.com"
  github_subject = "repo:${var.github_org}/${var.github_repo}:environment:${var.github_environment}"
  github_provider_arn = (var.create_github_oidc_provider
    ? aws_iam_openid_connect_provider.github[0].arn
  : data.aws_iam_openid_connect_provider.github[0].arn)
}

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_github_oidc_provider ? 1 : 0

  url            = "https://${local.github_issuer}"
  client_id_list = ["sts.amazonaws.com"]

  tags = var.tags
}

data "aws_iam_openid_connect_provider" "github" {
  count = var.create_github_oidc_provider ? 0 : 1

  url = "https://${local.github_issuer}"
}

data "aws_iam_policy_document" "github_trust" {
  statement {
    sid     = "GitHubEnvironmentOnly"
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
      values   = [local.github_subject]
    }
  }
}
