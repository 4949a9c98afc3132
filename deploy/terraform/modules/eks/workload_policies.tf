# Least-privilege policies of the application and platform service accounts. Each takes only
# its share of var.workload_access:
#   api      presigned uploads: objects in the uploads bucket
#   relay    outbox -> SQS: send to the work queues
#   worker   consume the work queues; read/write uploads (thumbnails, embeddings input)
#   migrate  nothing beyond the database (IAM auth as its own DB user)
#   all four rds-db:connect as their own database user, for IAM authentication
locals {
  wa            = var.workload_access
  queue_arns    = values(local.wa.queue_arns)
  db_user_arn   = "arn:${local.partition}:rds-db:${local.region}:${local.account_id}:dbuser:${local.wa.db_resource_id}"
  opensearch_id = "arn:${local.partition}:es:${local.region}:${local.account_id}:domain/${local.wa.opensearch_domain_name}"
  app_log_arn   = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.wa.app_log_group_name}"

  app_roles = {
    api     = "agora_api"
    worker  = "agora_worker"
    relay   = "agora_relay"
    migrate = "agora_migrate"
  }
}

data "aws_iam_policy_document" "app" {
  for_each = local.app_roles

  statement {
    sid       = "ConnectAsOwnDatabaseUser"
    actions   = ["rds-db:connect"]
    resources = ["${local.db_user_arn}/${each.value}"]
  }

  dynamic "statement" {
    for_each = contains(["api", "worker"], each.key) ? [1] : []

    content {
      sid = "UploadsObjects"
      actions = [
        "s3:AbortMultipartUpload",
        "s3:DeleteObject",
        "s3:GetObject",
        "s3:PutObject",
      ]
      resources = ["${local.wa.uploads_bucket_arn}/*"]
    }
  }

  dynamic "statement" {
    for_each = contains(["api", "worker"], each.key) ? [1] : []

    content {
      sid = "UploadsKms"
      actions = [
        "kms:Decrypt",
        "kms:GenerateDataKey",
      ]
      resources = [local.wa.data_kms_key_arn]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["s3.${local.region}.amazonaws.com"]
      }
    }
  }

  dynamic "statement" {
    for_each = each.key == "relay" ? [1] : []

    content {
      sid = "SendToWorkQueues"
      actions = [
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:SendMessage",
      ]
      resources = local.queue_arns
    }
  }

  dynamic "statement" {
    for_each = each.key == "worker" ? [1] : []

    content {
      sid = "ConsumeWorkQueues"
      actions = [
        "sqs:ChangeMessageVisibility",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:ReceiveMessage",
      ]
      resources = local.queue_arns
    }
  }

  dynamic "statement" {
    for_each = contains(["relay", "worker"], each.key) ? [1] : []

    content {
      sid = "QueueKms"
      actions = [
        "kms:Decrypt",
        "kms:GenerateDataKey",
      ]
      resources = [local.wa.data_kms_key_arn]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["sqs.${local.region}.amazonaws.com"]
      }
    }
  }
}

resource "aws_iam_role_policy" "app" {
  for_each = local.app_roles

  name   = "agora-${each.key}"
  role   = aws_iam_role.irsa[each.key].id
  policy = data.aws_iam_policy_document.app[each.key].json
}

# External Secrets Operator: read the database secret (AGORA_DATABASE_URL is templated from it).
data "aws_iam_policy_document" "external_secrets" {
  statement {
    sid = "ReadDatabaseSecret"
    actions = [
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetSecretValue",
    ]
    resources = [local.wa.db_secret_arn]
  }

  statement {
    sid       = "DecryptDatabaseSecret"
    actions   = ["kms:Decrypt"]
    resources = [local.wa.data_kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${local.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "external_secrets" {
  name   = "read-db-secret"
  role   = aws_iam_role.irsa["external_secrets"].id
  policy = data.aws_iam_policy_document.external_secrets.json
}

# Fluent Bit: the app's JSON lines to CloudWatch Logs and to the OpenSearch domain.
data "aws_iam_policy_document" "fluent_bit" {
  statement {
    sid = "WriteAppLogGroup"
    actions = [
      "logs:CreateLogStream",
      "logs:DescribeLogStreams",
      "logs:PutLogEvents",
    ]
    resources = ["${local.app_log_arn}:*"]
  }

  statement {
    sid = "WriteOpenSearch"
    actions = [
      "es:ESHttpPost",
      "es:ESHttpPut",
    ]
    resources = ["${local.opensearch_id}/*"]
  }
}

resource "aws_iam_role_policy" "fluent_bit" {
  name   = "ship-logs"
  role   = aws_iam_role.irsa["fluent_bit"].id
  policy = data.aws_iam_policy_document.fluent_bit.json
}
