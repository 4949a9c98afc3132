# Least-privilege policies of the application and platform service accounts: each agora
# process has its own role (ADR 0079), so a compromised pod holds only what its process does.
#   api (agora serve)  presigned uploads are signed with this role: put/get objects in the
#                      uploads bucket. Nothing on SQS: serve only writes the outbox table.
#   relay              outbox -> SQS: send to the work queues, nothing else.
#   worker             consume the work queues; read the DLQs and send back to the work queues
#                      for `agora admin jobs redrive` (run in a worker pod); uploads objects
#                      (thumbnails, clean-up). Mail goes through SES's SMTP interface with the
#                      SMTP credentials (modules/mail), not with this role.
#   migrate            nothing beyond the database.
#   all four           rds-db:connect as their own database user, for IAM authentication.
# The uploads bucket holds nothing but uploads, so the object scope is the whole bucket.
# KMS use is limited to the service that needs the key (kms:ViaService).
locals {
  wa            = var.workload_access
  queue_arns    = sort(values(local.wa.queue_arns))
  dlq_arns      = sort(values(local.wa.dlq_arns))
  db_user_arn   = "arn:${local.partition}:rds-db:${local.region}:${local.account_id}:dbuser:${local.wa.db_resource_id}"
  opensearch_id = "arn:${local.partition}:es:${local.region}:${local.account_id}:domain/${local.wa.opensearch_domain_name}"
  app_log_arn   = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.wa.app_log_group_name}"
  uploads_objs  = "${local.wa.uploads_bucket_arn}/*"
}

data "aws_iam_policy_document" "api" {
  statement {
    sid       = "ConnectAsOwnDatabaseUser"
    actions   = ["rds-db:connect"]
    resources = ["${local.db_user_arn}/agora_api"]
  }

  # GetObject also authorizes HeadObject.
  statement {
    sid = "UploadsObjects"
    actions = [
      "s3:GetObject",
      "s3:PutObject",
    ]
    resources = [local.uploads_objs]
  }

  # Completing a direct upload removes its staging object; nothing else is ever deleted by serve.
  statement {
    sid       = "UploadsStagingCleanup"
    actions   = ["s3:DeleteObject"]
    resources = ["${local.wa.uploads_bucket_arn}/incoming/*"]
  }

  statement {
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

data "aws_iam_policy_document" "relay" {
  statement {
    sid       = "ConnectAsOwnDatabaseUser"
    actions   = ["rds-db:connect"]
    resources = ["${local.db_user_arn}/agora_relay"]
  }

  # SendMessageBatch is authorized as SendMessage. The queue URLs come from the config map,
  # so no GetQueueUrl.
  statement {
    sid       = "SendToWorkQueues"
    actions   = ["sqs:SendMessage"]
    resources = local.queue_arns
  }

  statement {
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

data "aws_iam_policy_document" "worker" {
  statement {
    sid       = "ConnectAsOwnDatabaseUser"
    actions   = ["rds-db:connect"]
    resources = ["${local.db_user_arn}/agora_worker"]
  }

  statement {
    sid = "ConsumeWorkQueues"
    actions = [
      "sqs:ChangeMessageVisibility",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:ReceiveMessage",
    ]
    resources = local.queue_arns
  }

  # `agora admin jobs redrive` reads a dead-letter queue and sends each message back to its
  # work queue, then deletes it from the DLQ.
  statement {
    sid = "RedriveReadDeadLetterQueues"
    actions = [
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:ReceiveMessage",
    ]
    resources = local.dlq_arns
  }

  statement {
    sid       = "RedriveSendToWorkQueues"
    actions   = ["sqs:SendMessage"]
    resources = local.queue_arns
  }

  # A job out of attempts (AGORA_JOB_MAX_ATTEMPTS) or failing permanently is parked by the
  # worker in its queue's DLQ with its last error as a message attribute (ADR 0078).
  statement {
    sid       = "ParkDeadJobs"
    actions   = ["sqs:SendMessage"]
    resources = local.dlq_arns
  }

  statement {
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

  statement {
    sid = "UploadsObjects"
    actions = [
      "s3:DeleteObject",
      "s3:GetObject",
      "s3:PutObject",
    ]
    resources = [local.uploads_objs]
  }

  statement {
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

data "aws_iam_policy_document" "migrate" {
  statement {
    sid       = "ConnectAsOwnDatabaseUser"
    actions   = ["rds-db:connect"]
    resources = ["${local.db_user_arn}/agora_migrate"]
  }
}

# One inline policy per application role, each role trusting exactly its service account.
locals {
  app_policies = {
    api     = data.aws_iam_policy_document.api.json
    worker  = data.aws_iam_policy_document.worker.json
    relay   = data.aws_iam_policy_document.relay.json
    migrate = data.aws_iam_policy_document.migrate.json
  }
}

resource "aws_iam_role_policy" "app" {
  for_each = local.app_policies

  name   = "agora-${each.key}"
  role   = aws_iam_role.irsa[each.key].id
  policy = each.value
}

# External Secrets Operator: read the database secret (PGUSER/PGPASSWORD) and the SES SMTP
# credentials (AGORA_SMTP_USERNAME/PASSWORD of the worker), nothing else.
data "aws_iam_policy_document" "external_secrets" {
  statement {
    sid = "ReadAgoraSecrets"
    actions = [
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetSecretValue",
    ]
    resources = [
      local.wa.db_secret_arn,
      local.wa.smtp_secret_arn,
    ]
  }

  statement {
    sid       = "DecryptAgoraSecrets"
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
  name   = "read-agora-secrets"
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

# cluster-autoscaler: discovery is read-only; it may change the size of (and terminate
# instances in) only the Auto Scaling groups EKS tagged as this cluster's node groups.
data "aws_iam_policy_document" "cluster_autoscaler" {
  statement {
    sid = "Discover"
    actions = [
      "autoscaling:DescribeAutoScalingGroups",
      "autoscaling:DescribeAutoScalingInstances",
      "autoscaling:DescribeLaunchConfigurations",
      "autoscaling:DescribeScalingActivities",
      "autoscaling:DescribeTags",
      "ec2:DescribeImages",
      "ec2:DescribeInstanceTypes",
      "ec2:DescribeLaunchTemplateVersions",
      "ec2:GetInstanceTypesFromInstanceRequirements",
      "eks:DescribeNodegroup",
    ]
    resources = ["*"]
  }

  statement {
    sid = "ScaleOwnNodeGroups"
    actions = [
      "autoscaling:SetDesiredCapacity",
      "autoscaling:TerminateInstanceInAutoScalingGroup",
    ]
    resources = ["arn:${local.partition}:autoscaling:${local.region}:${local.account_id}:autoScalingGroup:*:autoScalingGroupName/*"]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/k8s.io/cluster-autoscaler/${var.cluster_name}"
      values   = ["owned"]
    }
  }
}

resource "aws_iam_role_policy" "cluster_autoscaler" {
  name   = "scale-node-groups"
  role   = aws_iam_role.irsa["cluster_autoscaler"].id
  policy = data.aws_iam_policy_document.cluster_autoscaler.json
}
