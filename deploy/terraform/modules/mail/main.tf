# Outgoing email through Amazon SES (ADR 0079). agora speaks SMTP (AGORA_MAILER=smtp, STARTTLS
# on 587) to the region's SES SMTP endpoint; nothing in the cluster calls the SES API.
#   identity       the environment's domain, verified and signed with Easy DKIM (2048-bit);
#                  the configuration set is its default, so every message agora sends is
#                  covered without a header
#   events         bounces and complaints -> SNS topic -> HTTPS to agora, which verifies the
#                  signature and fills email_suppressions
#   SMTP identity  SES SMTP passwords are derived from an IAM user's access key (a role cannot
#                  have one). The user may only send as this domain through this configuration
#                  set. Its key is created by an operator and stored in the Secrets Manager
#                  secret below (runbook), so no credential ever passes through Terraform state;
#                  External Secrets copies it into the worker's environment.
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.region
}

resource "aws_sesv2_configuration_set" "this" {
  configuration_set_name = var.name

  # Never hand a message to a receiving server over plain text.
  delivery_options {
    tls_policy = "REQUIRE"
  }

  reputation_options {
    reputation_metrics_enabled = true
  }

  sending_options {
    sending_enabled = true
  }

  # The account-level suppression list as well, should agora's own list miss one.
  suppression_options {
    suppressed_reasons = ["BOUNCE", "COMPLAINT"]
  }

  tags = var.tags
}

resource "aws_sesv2_email_identity" "domain" {
  email_identity         = var.domain_name
  configuration_set_name = aws_sesv2_configuration_set.this.configuration_set_name

  dkim_signing_attributes {
    next_signing_key_length = "RSA_2048_BIT"
  }

  tags = var.tags
}

# Easy DKIM: three CNAMEs to keys SES holds and rotates. Once they resolve, SES marks the domain
# verified and signs every message (DMARC aligns on the DKIM domain).
resource "aws_route53_record" "dkim" {
  count = 3

  zone_id = var.zone_id
  name    = "${aws_sesv2_email_identity.domain.dkim_signing_attributes[0].tokens[count.index]}._domainkey.${var.domain_name}"
  type    = "CNAME"
  ttl     = 1800
  records = ["${aws_sesv2_email_identity.domain.dkim_signing_attributes[0].tokens[count.index]}.dkim.amazonses.com"]
}

# ---- bounces and complaints ------------------------------------------------------------------

resource "aws_sns_topic" "events" {
  name              = "${var.name}-ses-events"
  kms_master_key_id = var.kms_key_arn

  tags = var.tags
}

# Only SES, for this account's configuration set, may publish.
data "aws_iam_policy_document" "events_topic" {
  statement {
    sid       = "SesPublishesEvents"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.events.arn]

    principals {
      type        = "Service"
      identifiers = ["ses.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sesv2_configuration_set.this.arn]
    }
  }
}

resource "aws_sns_topic_policy" "events" {
  arn    = aws_sns_topic.events.arn
  policy = data.aws_iam_policy_document.events_topic.json
}

resource "aws_sesv2_configuration_set_event_destination" "events" {
  configuration_set_name = aws_sesv2_configuration_set.this.configuration_set_name
  event_destination_name = "bounces-and-complaints"

  event_destination {
    enabled              = true
    matching_event_types = ["BOUNCE", "COMPLAINT"]

    sns_destination {
      topic_arn = aws_sns_topic.events.arn
    }
  }

  depends_on = [aws_sns_topic_policy.events]
}

# agora answers the SubscriptionConfirmation itself (it fetches the signed SubscribeURL), so the
# subscription is created only once the API is reachable (events_endpoint set).
resource "aws_sns_topic_subscription" "api" {
  count = var.events_endpoint == "" ? 0 : 1

  topic_arn = aws_sns_topic.events.arn
  protocol  = "https"
  endpoint  = var.events_endpoint
}

# ---- SMTP credentials ------------------------------------------------------------------------

resource "aws_iam_user" "smtp" {
  name                 = "${var.name}-ses-smtp"
  path                 = "/agora/"
  permissions_boundary = var.permissions_boundary_arn

  tags = merge(var.tags, { Purpose = "SES SMTP credentials of agora worker" })
}

# Permissions through a group, not attached to the user (IAM best practice, checkov CKV_AWS_40).
resource "aws_iam_group" "smtp" {
  name = "${var.name}-ses-smtp"
  path = "/agora/"
}

resource "aws_iam_user_group_membership" "smtp" {
  user   = aws_iam_user.smtp.name
  groups = [aws_iam_group.smtp.name]
}

# SES authorizes SMTP sending as ses:SendRawEmail on the identity and the configuration set.
data "aws_iam_policy_document" "smtp" {
  statement {
    sid     = "SendAsDomainOnly"
    actions = ["ses:SendRawEmail"]
    resources = [
      aws_sesv2_email_identity.domain.arn,
      aws_sesv2_configuration_set.this.arn,
    ]

    condition {
      test     = "StringLike"
      variable = "ses:FromAddress"
      values   = ["*@${var.domain_name}"]
    }
  }
}

resource "aws_iam_group_policy" "smtp" {
  name   = "ses-smtp-send"
  group  = aws_iam_group.smtp.name
  policy = data.aws_iam_policy_document.smtp.json
}

# JSON {"username": "<access key id>", "password": "<SES SMTP password>"}, written by an operator
# (docs/runbooks/infrastructure.md). Terraform creates the empty secret only.
resource "aws_secretsmanager_secret" "smtp" {
  name                    = "${var.name}/ses-smtp"
  description             = "SES SMTP credentials of ${aws_iam_user.smtp.name} (AGORA_SMTP_USERNAME, AGORA_SMTP_PASSWORD)"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = 30

  tags = var.tags
}
