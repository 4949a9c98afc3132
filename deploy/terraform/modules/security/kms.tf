# One customer-managed key per purpose, so a key policy names only the services that need it
# and a compromised grant exposes one class of data. All rotate yearly (CKV_AWS_7) and wait
# 30 days before deletion.
#
# Every key policy starts with the account root holding kms:* on the key ("*" in a key policy
# means this key). AWS requires that statement for IAM policies in the account to be able to
# grant use of the key at all; without it the key becomes unmanageable. Access for people and
# roles is then granted by IAM, and services are named below with source conditions.

data "aws_iam_policy_document" "key_admin" {
  statement {
    sid       = "AccountRootEnablesIamPolicies"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.root_arn]
    }
  }
}

# data: RDS storage and Performance Insights, Secrets Manager, S3 (web, uploads, backups),
# SQS, ECR, OpenSearch, the SES events topic. CloudFront reads KMS-encrypted web and upload
# objects through OAC.
data "aws_iam_policy_document" "data_key" {
  source_policy_documents = [data.aws_iam_policy_document.key_admin.json]

  statement {
    sid = "CloudFrontOacDecrypt"
    actions = [
      "kms:Decrypt",
      "kms:Encrypt",
      "kms:GenerateDataKey*",
    ]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }

    condition {
      test     = "StringLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:cloudfront::${local.account_id}:distribution/*"]
    }
  }

  # SES publishes bounces and complaints (email addresses: personal data) to an SNS topic
  # encrypted with this key (modules/mail); SNS needs SES to be allowed to use the key.
  statement {
    sid = "SesPublishesToEncryptedTopic"
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey*",
    ]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["ses.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_kms_key" "data" {
  description             = "${var.name} application data: RDS, S3, SQS, SNS (SES events), Secrets Manager, ECR, OpenSearch"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = data.aws_iam_policy_document.data_key.json

  tags = var.tags
}

resource "aws_kms_alias" "data" {
  name          = "alias/${var.name}-data"
  target_key_id = aws_kms_key.data.key_id
}

# logs: CloudWatch Logs groups, CloudTrail, and the SNS alarm topics (CloudWatch alarms publish
# to encrypted topics only when the key lets cloudwatch.amazonaws.com use it).
data "aws_iam_policy_document" "logs_key" {
  source_policy_documents = [data.aws_iam_policy_document.key_admin.json]

  statement {
    sid = "CloudWatchLogsEncrypt"
    actions = [
      "kms:Encrypt*",
      "kms:Decrypt*",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:Describe*",
    ]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"]
    }
  }

  statement {
    sid       = "CloudTrailEncrypt"
    actions   = ["kms:GenerateDataKey*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:aws:cloudtrail:arn"
      values   = ["arn:${local.partition}:cloudtrail:*:${local.account_id}:trail/*"]
    }
  }

  statement {
    sid       = "CloudTrailDescribe"
    actions   = ["kms:DescribeKey"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
  }

  statement {
    sid = "AlarmsPublishToEncryptedTopics"
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey*",
    ]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_kms_key" "logs" {
  description             = "${var.name} logs: CloudWatch Logs, CloudTrail, alarm topics"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = data.aws_iam_policy_document.logs_key.json

  tags = var.tags
}

resource "aws_kms_alias" "logs" {
  name          = "alias/${var.name}-logs"
  target_key_id = aws_kms_key.logs.key_id
}

# eks: Kubernetes Secrets envelope encryption and the nodes' EBS volumes. Managed node groups
# launch instances through the Auto Scaling service-linked role, which needs grants on the key.
resource "aws_iam_service_linked_role" "autoscaling" {
  count = var.create_autoscaling_service_linked_role ? 1 : 0

  aws_service_name = "autoscaling.amazonaws.com"
  description      = "Launches EKS managed node group instances with encrypted volumes"
}

locals {
  autoscaling_role_arn = "arn:${local.partition}:iam::${local.account_id}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"
}

data "aws_iam_policy_document" "eks_key" {
  source_policy_documents = [data.aws_iam_policy_document.key_admin.json]

  statement {
    sid = "AutoScalingUsesKeyForNodeVolumes"
    actions = [
      "kms:Encrypt",
      "kms:Decrypt",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:DescribeKey",
    ]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.autoscaling_role_arn]
    }
  }

  statement {
    sid       = "AutoScalingCreatesGrantsForEc2"
    actions   = ["kms:CreateGrant"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.autoscaling_role_arn]
    }

    condition {
      test     = "Bool"
      variable = "kms:GrantIsForAWSResource"
      values   = ["true"]
    }
  }
}

resource "aws_kms_key" "eks" {
  description             = "${var.name} EKS secrets and node EBS volumes"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = data.aws_iam_policy_document.eks_key.json

  tags = var.tags

  depends_on = [aws_iam_service_linked_role.autoscaling]
}

resource "aws_kms_alias" "eks" {
  name          = "alias/${var.name}-eks"
  target_key_id = aws_kms_key.eks.key_id
}

# dr: the DR region's copy of "data", for RDS automated-backup replicas and S3 replicas.
resource "aws_kms_key" "dr" {
  provider = aws.dr

  description             = "${var.name} disaster-recovery copies: RDS backup replicas, S3 replicas"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = data.aws_iam_policy_document.key_admin.json

  tags = var.tags
}

resource "aws_kms_alias" "dr" {
  provider = aws.dr

  name          = "alias/${var.name}-dr"
  target_key_id = aws_kms_key.dr.key_id
}

# us-east-1 logs key: Route 53 query logs and CloudFront-scope WAF logs can only go to log
# groups in us-east-1, and a log group's key must be in its own region.
data "aws_iam_policy_document" "logs_us_east_1_key" {
  source_policy_documents = [data.aws_iam_policy_document.key_admin.json]

  statement {
    sid = "CloudWatchLogsEncrypt"
    actions = [
      "kms:Encrypt*",
      "kms:Decrypt*",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:Describe*",
    ]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.us-east-1.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${local.partition}:logs:us-east-1:${local.account_id}:log-group:*"]
    }
  }

  statement {
    sid = "AlarmsPublishToEncryptedTopics"
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey*",
    ]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_kms_key" "logs_us_east_1" {
  region = "us-east-1"

  description             = "${var.name} us-east-1 logs: Route 53 query logs, CloudFront WAF logs, health-check alarms"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = data.aws_iam_policy_document.logs_us_east_1_key.json

  tags = var.tags
}

resource "aws_kms_alias" "logs_us_east_1" {
  region = "us-east-1"

  name          = "alias/${var.name}-logs-us-east-1" # unique even when the primary region is us-east-1
  target_key_id = aws_kms_key.logs_us_east_1.key_id
}
