# The permissions boundary of every role and user this Terraform creates (the apply role
# included): whatever a policy attached to them says, they act only within the services
# this environment and its workloads use, create no principal outside the boundary, never
# touch the boundary, Organizations or the account. Service-linked roles are AWS's, exempt.
locals {
  boundary_arn = "arn:${local.partition}:iam::${local.account_id}:policy/${var.name}-permissions-boundary"
}

data "aws_iam_policy_document" "permissions_boundary" {
  # policy:skip=CKV_AWS_63 a boundary caps by service; the attached policies grant the actions
  # policy:skip=CKV_AWS_356 a boundary grants nothing by itself; resources are scoped by the attached policies
  # policy:skip=AGORA_SQS_ROLE_SCOPE the boundary caps by service; the queue roles name their queues in their own policies

  # The services Terraform manages (terraform_apply.tf), then what the workload roles' policies
  # use beyond them: the load balancer controller, the cluster autoscaler, node and pod
  # identity, IAM database authentication.
  statement {
    sid = "Services"
    actions = [
      "acm:*", "chatbot:*", "cloudfront:*", "cloudtrail:*", "cloudwatch:*", "ec2:*", "ecr:*",
      "eks:*", "es:*", "firehose:*", "kms:*", "logs:*", "rds:*", "route53:*", "s3:*",
      "secretsmanager:*", "ses:*", "sns:*", "sqs:*", "wafv2:*", "autoscaling:*", "eks-auth:*",
      "elasticloadbalancing:*", "rds-db:*", "shield:*",
    ]
    resources = ["*"]
  }

  # The CloudWatch agent reads its configuration from Parameter Store.
  statement {
    sid       = "AgentConfiguration"
    actions   = ["ssm:GetParameter"]
    resources = ["arn:${local.partition}:ssm:*:${local.account_id}:parameter/AmazonCloudWatch-*"]
  }

  statement {
    sid       = "IamRead"
    actions   = ["iam:Get*", "iam:List*"]
    resources = ["*"]
  }

  # Terraform's own IAM work (terraform_apply.tf), inside the environment's names; whether a
  # role may do it at all is its own policy's business (only the apply role's allows it).
  statement {
    sid = "OwnPrincipalsBounded"
    actions = [
      "iam:AttachRolePolicy", "iam:CreateRole", "iam:CreateUser", "iam:DeleteRolePolicy",
      "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy",
      "iam:PutUserPermissionsBoundary",
    ]
    resources = [local.own_role_arn, "arn:${local.partition}:iam::${local.account_id}:user/agora/${var.name}-*"]

    condition {
      test     = "StringEquals"
      variable = "iam:PermissionsBoundary"
      values   = [local.boundary_arn]
    }
  }

  statement {
    sid = "OwnIdentities"
    actions = [
      "iam:AddUserToGroup", "iam:CreateGroup", "iam:CreatePolicy", "iam:CreatePolicyVersion",
      "iam:DeleteGroup", "iam:DeleteGroupPolicy", "iam:DeletePolicy", "iam:DeletePolicyVersion",
      "iam:DeleteRole", "iam:DeleteUser", "iam:PassRole", "iam:PutGroupPolicy",
      "iam:RemoveUserFromGroup", "iam:TagPolicy", "iam:TagRole", "iam:TagUser",
      "iam:UntagPolicy", "iam:UntagRole", "iam:UntagUser", "iam:UpdateAssumeRolePolicy",
      "iam:UpdateRole",
    ]
    resources = [
      local.own_role_arn,
      "arn:${local.partition}:iam::${local.account_id}:policy/${var.name}-*",
      "arn:${local.partition}:iam::${local.account_id}:group/agora/${var.name}-*",
      "arn:${local.partition}:iam::${local.account_id}:user/agora/${var.name}-*",
    ]
  }

  statement {
    sid = "OidcProvidersAndServiceLinkedRoles"
    actions = [
      "iam:CreateOpenIDConnectProvider", "iam:CreateServiceLinkedRole",
      "iam:DeleteOpenIDConnectProvider", "iam:TagOpenIDConnectProvider",
      "iam:UpdateOpenIDConnectProviderThumbprint",
    ]
    resources = [
      "arn:${local.partition}:iam::${local.account_id}:oidc-provider/*",
      "arn:${local.partition}:iam::${local.account_id}:role/aws-service-role/*",
    ]
  }

  # A principal is created or given a policy only with this boundary on it.
  statement {
    sid    = "NoUnboundedPrincipals"
    effect = "Deny"
    actions = [
      "iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:CreateRole", "iam:CreateUser",
      "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:PutUserPermissionsBoundary",
      "iam:PutUserPolicy",
    ]
    resources = ["*"]

    condition {
      test     = "StringNotEquals"
      variable = "iam:PermissionsBoundary"
      values   = [local.boundary_arn]
    }
  }

  # No IAM write outside the ones above: no keys, passwords, instance profiles or providers.
  statement {
    sid    = "NoOtherIamWrites"
    effect = "Deny"
    actions = [
      "iam:AddRoleToInstanceProfile", "iam:AttachGroupPolicy", "iam:CreateAccessKey",
      "iam:CreateInstanceProfile", "iam:CreateLoginProfile", "iam:CreateSAMLProvider",
      "iam:CreateServiceSpecificCredential", "iam:CreateVirtualMFADevice",
      "iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary",
      "iam:UpdateAccessKey", "iam:UpdateAccountPasswordPolicy", "iam:UpdateLoginProfile",
      "iam:UploadSSHPublicKey", "iam:UploadServerCertificate", "iam:UploadSigningCertificate",
    ]
    resources = ["*"]
  }

  statement {
    sid    = "BoundaryUnchanged"
    effect = "Deny"
    actions = [
      "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion",
      "iam:SetDefaultPolicyVersion",
    ]
    resources = [local.boundary_arn]
  }

  statement {
    sid       = "NoOrganizationOrAccount"
    effect    = "Deny"
    actions   = ["account:*", "organizations:*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "permissions_boundary" {
  name        = "${var.name}-permissions-boundary"
  description = "Permissions boundary of every role and user ${var.name}'s Terraform creates"
  policy      = data.aws_iam_policy_document.permissions_boundary.json

  tags = var.tags
}
