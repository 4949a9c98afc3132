# The apply role: the services this Terraform manages (derived from the resource types in
# modules/ and envs/), its own state, and IAM only for this environment's names and only
# with the permissions boundary on every role or user it creates or changes. It carries
# the same boundary, so rewriting its own policy cannot take it past the boundary.
locals {
  own_role_arn  = "arn:${local.partition}:iam::${local.account_id}:role/${var.name}-*"
  own_user_arns = ["arn:${local.partition}:iam::${local.account_id}:user/agora/${var.name}-*"]
}

resource "aws_iam_role" "terraform_apply" {
  name                 = "${var.name}-github-terraform-apply"
  description          = "GitHub Actions environment ${var.github_environment}: terraform apply of a reviewed plan"
  assume_role_policy   = data.aws_iam_policy_document.github_trust.json
  max_session_duration = 3600
  permissions_boundary = aws_iam_policy.permissions_boundary.arn

  tags = var.tags
}

data "aws_iam_policy_document" "state_write" {
  source_policy_documents = [data.aws_iam_policy_document.state_read.json]

  statement {
    sid       = "StateWrite"
    actions   = ["s3:PutObject"]
    resources = ["arn:${local.partition}:s3:::${var.state_bucket_name}/${local.state_key}"]
  }
}

data "aws_iam_policy_document" "terraform_apply" {
  # policy:skip=CKV_AWS_63 creating any resource of a service needs the whole service; the list of services is the scope
  # policy:skip=CKV_AWS_356 new resources have no ARN to scope to before they exist
  # policy:skip=AGORA_SQS_ROLE_SCOPE Terraform creates and deletes the queues, so it cannot name them in advance
  source_policy_documents = [data.aws_iam_policy_document.state_write.json]

  # One entry per AWS service of a resource or data source type under modules/ and envs/
  # (aws_sesv2_* is ses, aws_opensearch_domain is es, aws_kinesis_firehose_* is firehose).
  # permissions_boundary.tf allows the same services.
  statement {
    sid = "ManagedServices"
    actions = [
      "acm:*", "chatbot:*", "cloudfront:*", "cloudtrail:*", "cloudwatch:*", "ec2:*", "ecr:*",
      "eks:*", "es:*", "firehose:*", "kms:*", "logs:*", "rds:*", "route53:*", "s3:*",
      "secretsmanager:*", "ses:*", "sns:*", "sqs:*", "wafv2:*",
    ]
    resources = ["*"]
  }

  # iam:PermissionsBoundary is in the request for these actions: a role or user without the
  # boundary can be neither created nor given a policy.
  statement {
    sid = "BoundedRoleAndUserWrites"
    actions = [
      "iam:AttachRolePolicy",
      "iam:CreateRole",
      "iam:CreateUser",
      "iam:DeleteRolePolicy",
      "iam:DetachRolePolicy",
      "iam:PutRolePermissionsBoundary",
      "iam:PutRolePolicy",
      "iam:PutUserPermissionsBoundary",
    ]
    resources = concat([local.own_role_arn], local.own_user_arns)

    condition {
      test     = "StringEquals"
      variable = "iam:PermissionsBoundary"
      values   = [aws_iam_policy.permissions_boundary.arn]
    }
  }

  statement {
    sid = "ManageOwnRolesUsersAndPolicies"
    actions = [
      "iam:AddUserToGroup",
      "iam:CreateGroup",
      "iam:CreatePolicy",
      "iam:CreatePolicyVersion",
      "iam:DeleteGroup",
      "iam:DeleteGroupPolicy",
      "iam:DeletePolicy",
      "iam:DeletePolicyVersion",
      "iam:DeleteRole",
      "iam:DeleteUser",
      "iam:GetGroup",
      "iam:GetGroupPolicy",
      "iam:GetPolicy",
      "iam:GetPolicyVersion",
      "iam:GetRole",
      "iam:GetRolePolicy",
      "iam:GetUser",
      "iam:ListAttachedRolePolicies",
      "iam:ListGroupPolicies",
      "iam:ListGroupsForUser",
      "iam:ListInstanceProfilesForRole",
      "iam:ListPolicyVersions",
      "iam:ListRolePolicies",
      "iam:PassRole",
      "iam:PutGroupPolicy",
      "iam:RemoveUserFromGroup",
      "iam:TagPolicy",
      "iam:TagRole",
      "iam:TagUser",
      "iam:UntagPolicy",
      "iam:UntagRole",
      "iam:UntagUser",
      "iam:UpdateAssumeRolePolicy",
      "iam:UpdateRole",
    ]
    resources = concat([
      local.own_role_arn,
      "arn:${local.partition}:iam::${local.account_id}:policy/${var.name}-*",
      "arn:${local.partition}:iam::${local.account_id}:group/agora/${var.name}-*",
    ], local.own_user_arns)
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
    sid       = "ServiceLinkedRolesForManagedServices"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["arn:${local.partition}:iam::${local.account_id}:role/aws-service-role/*"]
  }

  # The boundary is changed by an administrator, never by the role it bounds.
  statement {
    sid    = "BoundaryIsNotTheApplyRolesToChange"
    effect = "Deny"
    actions = [
      "iam:CreatePolicyVersion",
      "iam:DeletePolicy",
      "iam:DeletePolicyVersion",
      "iam:SetDefaultPolicyVersion",
    ]
    resources = [aws_iam_policy.permissions_boundary.arn]
  }

  statement {
    sid       = "BoundaryStays"
    effect    = "Deny"
    actions   = ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "terraform_apply" {
  name        = "${var.name}-terraform-apply"
  description = "terraform apply of ${var.name}: its services, its state, bounded IAM"
  policy      = data.aws_iam_policy_document.terraform_apply.json

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "terraform_apply" {
  role       = aws_iam_role.terraform_apply.name
  policy_arn = aws_iam_policy.terraform_apply.arn
}
