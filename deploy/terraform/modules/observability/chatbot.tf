# Warning (and critical) alarms post to Slack through AWS Chatbot. Chatbot may only read
# CloudWatch: its role and its guardrail are both read-only.
data "aws_iam_policy_document" "chatbot_assume" {
  statement {
    sid     = "Chatbot"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["chatbot.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "chatbot" {
  count = var.slack == null ? 0 : 1

  name                 = "${var.name}-chatbot"
  assume_role_policy   = data.aws_iam_policy_document.chatbot_assume.json
  permissions_boundary = var.permissions_boundary_arn

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "chatbot" {
  count = var.slack == null ? 0 : 1

  role       = aws_iam_role.chatbot[0].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/CloudWatchReadOnlyAccess"
}

resource "aws_chatbot_slack_channel_configuration" "alarms" {
  count  = var.slack == null ? 0 : 1
  region = var.slack.region

  configuration_name    = "${var.name}-alarms"
  iam_role_arn          = aws_iam_role.chatbot[0].arn
  slack_team_id         = var.slack.team_id
  slack_channel_id      = var.slack.channel_id
  sns_topic_arns        = [aws_sns_topic.this["warning"].arn, aws_sns_topic.this["critical"].arn]
  guardrail_policy_arns = ["arn:${local.partition}:iam::aws:policy/CloudWatchReadOnlyAccess"]
  logging_level         = "ERROR"

  tags = var.tags
}
