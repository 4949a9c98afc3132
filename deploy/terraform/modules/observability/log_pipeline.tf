# AWS-side logs into OpenSearch (spec diagram: RDS, S3 and SQS logs -> OpenSearch). The
# PostgreSQL logs and the CloudTrail events (S3 object calls, SQS and every other API call)
# flow CloudWatch Logs -> subscription filter -> Firehose -> OpenSearch in the VPC. Firehose
# unzips the subscription payload and extracts the log events; documents it cannot index land
# in the logs bucket. The application logs do not take this path: Fluent Bit writes them
# directly.
data "aws_s3_bucket" "logs" {
  bucket = var.logs_bucket_name
}

resource "aws_cloudwatch_log_group" "firehose" {
  name              = "/aws/kinesisfirehose/${var.name}-aws-logs"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.logs_kms_key_arn

  tags = var.tags
}

resource "aws_cloudwatch_log_stream" "firehose" {
  name           = "delivery"
  log_group_name = aws_cloudwatch_log_group.firehose.name
}

data "aws_iam_policy_document" "firehose_assume" {
  statement {
    sid     = "Firehose"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["firehose.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "firehose" {
  name                 = "${var.name}-firehose-aws-logs"
  assume_role_policy   = data.aws_iam_policy_document.firehose_assume.json
  permissions_boundary = var.permissions_boundary_arn

  tags = var.tags
}

data "aws_iam_policy_document" "firehose" {
  statement {
    sid = "IndexIntoDomain"
    actions = [
      "es:DescribeDomain",
      "es:DescribeDomainConfig",
      "es:DescribeDomains",
      "es:ESHttpGet",
      "es:ESHttpPost",
      "es:ESHttpPut",
    ]
    resources = [local.opensearch_arn, "${local.opensearch_arn}/*"]
  }

  # Delivery into a VPC domain: Firehose manages its own ENIs. These EC2 calls have no
  # resource-level permissions for Describe*, so AWS requires "*" for them.
  statement {
    sid = "VpcDeliveryDescribe"
    actions = [
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSecurityGroups",
      "ec2:DescribeSubnets",
      "ec2:DescribeVpcAttribute",
      "ec2:DescribeVpcs",
    ]
    resources = ["*"]
  }

  statement {
    sid = "VpcDeliveryEnis"
    actions = [
      "ec2:CreateNetworkInterface",
      "ec2:CreateNetworkInterfacePermission",
      "ec2:DeleteNetworkInterface",
    ]
    resources = [
      "arn:${local.partition}:ec2:${local.region}:${local.account_id}:network-interface/*",
      "arn:${local.partition}:ec2:${local.region}:${local.account_id}:subnet/*",
      "arn:${local.partition}:ec2:${local.region}:${local.account_id}:security-group/*",
    ]
  }

  statement {
    sid = "FailedDocumentsToLogsBucket"
    actions = [
      "s3:AbortMultipartUpload",
      "s3:GetBucketLocation",
      "s3:ListBucket",
      "s3:PutObject",
    ]
    resources = [data.aws_s3_bucket.logs.arn, "${data.aws_s3_bucket.logs.arn}/firehose/*"]
  }

  statement {
    sid       = "DeliveryErrors"
    actions   = ["logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.firehose.arn}:*"]
  }

  statement {
    sid = "StreamEncryption"
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey",
    ]
    resources = [var.data_kms_key_arn]
  }
}

resource "aws_iam_role_policy" "firehose" {
  name   = "deliver-to-opensearch"
  role   = aws_iam_role.firehose.id
  policy = data.aws_iam_policy_document.firehose.json
}

resource "aws_kinesis_firehose_delivery_stream" "aws_logs" {
  name        = "${var.name}-aws-logs"
  destination = "opensearch"

  server_side_encryption {
    enabled  = true
    key_type = "CUSTOMER_MANAGED_CMK"
    key_arn  = var.data_kms_key_arn
  }

  opensearch_configuration {
    domain_arn            = aws_opensearch_domain.logs.arn
    role_arn              = aws_iam_role.firehose.arn
    index_name            = "aws-logs"
    index_rotation_period = "OneDay"
    s3_backup_mode        = "FailedDocumentsOnly"
    buffering_interval    = 60

    s3_configuration {
      role_arn            = aws_iam_role.firehose.arn
      bucket_arn          = data.aws_s3_bucket.logs.arn
      prefix              = "firehose/aws-logs/"
      error_output_prefix = "firehose/aws-logs-errors/"
      compression_format  = "GZIP"
    }

    vpc_config {
      role_arn           = aws_iam_role.firehose.arn
      subnet_ids         = slice(var.subnet_ids, 0, var.opensearch.zone_count)
      security_group_ids = [aws_security_group.opensearch.id]
    }

    processing_configuration {
      enabled = true

      processors {
        type = "Decompression"

        parameters {
          parameter_name  = "CompressionFormat"
          parameter_value = "GZIP"
        }
      }

      processors {
        type = "CloudWatchLogProcessing"

        parameters {
          parameter_name  = "DataMessageExtraction"
          parameter_value = "true"
        }
      }
    }

    cloudwatch_logging_options {
      enabled         = true
      log_group_name  = aws_cloudwatch_log_group.firehose.name
      log_stream_name = aws_cloudwatch_log_stream.firehose.name
    }
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.firehose]
}

data "aws_iam_policy_document" "subscription_assume" {
  statement {
    sid     = "CloudWatchLogs"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["logs.amazonaws.com"]
    }

    condition {
      test     = "StringLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:*"]
    }
  }
}

data "aws_iam_policy_document" "subscription" {
  statement {
    sid = "PutIntoFirehose"
    actions = [
      "firehose:PutRecord",
      "firehose:PutRecordBatch",
    ]
    resources = [aws_kinesis_firehose_delivery_stream.aws_logs.arn]
  }
}

resource "aws_iam_role" "subscription" {
  name                 = "${var.name}-logs-to-firehose"
  assume_role_policy   = data.aws_iam_policy_document.subscription_assume.json
  permissions_boundary = var.permissions_boundary_arn

  tags = var.tags
}

resource "aws_iam_role_policy" "subscription" {
  name   = "put-records"
  role   = aws_iam_role.subscription.id
  policy = data.aws_iam_policy_document.subscription.json
}

resource "aws_cloudwatch_log_subscription_filter" "to_opensearch" {
  # Static keys: for_each keys must be known at plan time.
  for_each = merge(
    { for k, name in var.db_log_group_names : "rds-${k}" => name },
    { cloudtrail = aws_cloudwatch_log_group.cloudtrail.name },
  )

  name            = "to-opensearch"
  log_group_name  = each.value
  filter_pattern  = ""
  destination_arn = aws_kinesis_firehose_delivery_stream.aws_logs.arn
  role_arn        = aws_iam_role.subscription.arn

  depends_on = [aws_iam_role_policy.subscription]
}
