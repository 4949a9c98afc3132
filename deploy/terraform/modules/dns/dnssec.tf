# DNSSEC (CKV2_AWS_38). Route 53 signs with a key-signing key backed by an asymmetric KMS key
# that must live in us-east-1. After the first apply the DS record has to be added at the
# parent zone (runbook), or resolvers keep treating the zone as unsigned.
data "aws_iam_policy_document" "dnssec" {
  statement {
    sid       = "AccountRootEnablesIamPolicies"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid = "Route53DnssecSigning"
    actions = [
      "kms:DescribeKey",
      "kms:GetPublicKey",
      "kms:Sign",
    ]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["dnssec-route53.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }

  statement {
    sid       = "Route53DnssecGrants"
    actions   = ["kms:CreateGrant"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["dnssec-route53.amazonaws.com"]
    }

    condition {
      test     = "Bool"
      variable = "kms:GrantIsForAWSResource"
      values   = ["true"]
    }
  }
}

resource "aws_kms_key" "dnssec" {
  # policy:skip=CKV_AWS_7 asymmetric signing keys cannot be rotated by KMS; Route 53 KSK rotation is a manual, documented procedure
  region = "us-east-1"

  description              = "${var.name} Route 53 DNSSEC key-signing key"
  customer_master_key_spec = "ECC_NIST_P256"
  key_usage                = "SIGN_VERIFY"
  deletion_window_in_days  = 30
  policy                   = data.aws_iam_policy_document.dnssec.json

  tags = var.tags
}

resource "aws_route53_key_signing_key" "this" {
  hosted_zone_id             = aws_route53_zone.this.id
  key_management_service_arn = aws_kms_key.dnssec.arn
  name                       = replace("${var.name}-ksk", "-", "_")
  status                     = "ACTIVE"
}

resource "aws_route53_hosted_zone_dnssec" "this" {
  hosted_zone_id = aws_route53_key_signing_key.this.hosted_zone_id
  signing_status = "SIGNING"
}
