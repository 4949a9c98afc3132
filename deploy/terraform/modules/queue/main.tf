# Each queue comes with its dead-letter queue: a message that fails max_receive_count times
# is parked for 14 days (the SQS maximum) for inspection and redrive, never lost.
resource "aws_sqs_queue" "dlq" {
  for_each = var.queues

  name                              = "${var.name}-${each.key}-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 300

  tags = merge(var.tags, { Queue = each.key, Role = "dead-letter" })
}

resource "aws_sqs_queue" "this" {
  for_each = var.queues

  name                              = "${var.name}-${each.key}"
  visibility_timeout_seconds        = each.value.visibility_timeout_seconds
  message_retention_seconds         = each.value.message_retention_seconds
  receive_wait_time_seconds         = 20 # long polling: fewer empty receives, lower cost
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 300

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq[each.key].arn
    maxReceiveCount     = each.value.max_receive_count
  })

  tags = merge(var.tags, { Queue = each.key, Role = "work" })
}

# Only its own source queue may move messages into a DLQ.
resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  for_each = var.queues

  queue_url = aws_sqs_queue.dlq[each.key].id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this[each.key].arn]
  })
}

# Queue policies only deny: access is granted by the IAM roles of relay and worker. The
# Deny to everyone over plain HTTP is the one place a "*" principal is right.
data "aws_iam_policy_document" "tls_only" {
  for_each = merge(
    { for k, q in aws_sqs_queue.this : k => q.arn },
    { for k, q in aws_sqs_queue.dlq : "${k}-dlq" => q.arn },
  )

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [each.value]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "this" {
  for_each = var.queues

  queue_url = aws_sqs_queue.this[each.key].id
  policy    = data.aws_iam_policy_document.tls_only[each.key].json
}

resource "aws_sqs_queue_policy" "dlq" {
  for_each = var.queues

  queue_url = aws_sqs_queue.dlq[each.key].id
  policy    = data.aws_iam_policy_document.tls_only["${each.key}-dlq"].json
}
