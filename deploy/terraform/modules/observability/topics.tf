# Three routes by urgency (spec: PagerDuty critical, Slack awareness, email non-urgent). The
# topics are KMS-encrypted (CKV_AWS_26); the key lets cloudwatch.amazonaws.com publish.
locals {
  topics = toset(["critical", "warning", "info"])
}

resource "aws_sns_topic" "this" {
  for_each = local.topics

  name              = "${var.name}-alarms-${each.key}"
  kms_master_key_id = var.logs_kms_key_arn

  tags = merge(var.tags, { Severity = each.key })
}

resource "aws_sns_topic_subscription" "pagerduty" {
  # The URL holds the integration key (sensitive); whether it is set is not.
  count = nonsensitive(var.pagerduty_endpoint != "") ? 1 : 0

  topic_arn              = aws_sns_topic.this["critical"].arn
  protocol               = "https"
  endpoint               = var.pagerduty_endpoint
  endpoint_auto_confirms = true
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.alarm_email_addresses)

  topic_arn = aws_sns_topic.this["info"].arn
  protocol  = "email"
  endpoint  = each.value
}

# Route 53 health-check metrics exist only in us-east-1, and an alarm can only notify a topic
# in its own region: the health-check alarms get a critical topic there.
resource "aws_sns_topic" "critical_us_east_1" {
  region = "us-east-1"

  name              = "${var.name}-alarms-critical-health-checks"
  kms_master_key_id = var.logs_us_east_1_kms_key_arn

  tags = merge(var.tags, { Severity = "critical" })
}

resource "aws_sns_topic_subscription" "pagerduty_us_east_1" {
  count  = nonsensitive(var.pagerduty_endpoint != "") ? 1 : 0
  region = "us-east-1"

  topic_arn              = aws_sns_topic.critical_us_east_1.arn
  protocol               = "https"
  endpoint               = var.pagerduty_endpoint
  endpoint_auto_confirms = true
}
