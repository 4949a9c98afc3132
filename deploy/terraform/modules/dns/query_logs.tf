# Query logging (CKV2_AWS_39): Route 53 only writes query logs to log groups in us-east-1
# whose resource policy lets route53.amazonaws.com write.
resource "aws_cloudwatch_log_group" "queries" {
  region = "us-east-1"

  name              = "/aws/route53/${var.domain_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.logs_us_east_1_kms_key_arn

  tags = var.tags
}

data "aws_iam_policy_document" "query_logs" {
  statement {
    sid = "Route53QueryLogs"
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]
    resources = ["${aws_cloudwatch_log_group.queries.arn}:*"]

    principals {
      type        = "Service"
      identifiers = ["route53.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_cloudwatch_log_resource_policy" "queries" {
  region = "us-east-1"

  policy_name     = "${var.name}-route53-query-logs"
  policy_document = data.aws_iam_policy_document.query_logs.json
}

resource "aws_route53_query_log" "this" {
  zone_id                  = aws_route53_zone.this.zone_id
  cloudwatch_log_group_arn = aws_cloudwatch_log_group.queries.arn

  depends_on = [aws_cloudwatch_log_resource_policy.queries]
}
