# The log search domain (spec: logs centralised in OpenSearch). Private in the VPC, encrypted
# at rest with our key and between nodes, HTTPS only with a modern TLS policy, fine-grained
# access control with an IAM master user, audit logs on.
resource "aws_iam_service_linked_role" "opensearch" {
  count = var.opensearch.create_linked_role ? 1 : 0

  aws_service_name = "opensearchservice.amazonaws.com"
  description      = "Lets OpenSearch Service place domain ENIs in the VPC"
}

resource "aws_security_group" "opensearch" {
  name        = "${var.name}-opensearch"
  description = "HTTPS to the OpenSearch domain from inside the VPC"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-opensearch" })
}

resource "aws_vpc_security_group_ingress_rule" "opensearch_https" {
  security_group_id = aws_security_group.opensearch.id
  description       = "HTTPS from the VPC (Fluent Bit, firehose)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = var.vpc_cidr_block
}

resource "aws_cloudwatch_log_group" "opensearch" {
  for_each = toset(["AUDIT_LOGS", "ES_APPLICATION_LOGS", "INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS"])

  name              = "/aws/opensearch/${var.opensearch.domain_name}/${lower(each.value)}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.logs_kms_key_arn

  tags = var.tags
}

data "aws_iam_policy_document" "opensearch_logs" {
  statement {
    sid = "OpenSearchPublishesLogs"
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]
    resources = [for g in aws_cloudwatch_log_group.opensearch : "${g.arn}:*"]

    principals {
      type        = "Service"
      identifiers = ["es.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_cloudwatch_log_resource_policy" "opensearch" {
  policy_name     = "${var.name}-opensearch-logs"
  policy_document = data.aws_iam_policy_document.opensearch_logs.json
}

locals {
  opensearch_arn = "arn:${local.partition}:es:${local.region}:${local.account_id}:domain/${var.opensearch.domain_name}"
}

data "aws_iam_policy_document" "opensearch_access" {
  statement {
    sid     = "NamedRolesOnly"
    actions = ["es:ESHttp*"]
    resources = [
      local.opensearch_arn,
      "${local.opensearch_arn}/*",
    ]

    principals {
      type = "AWS"
      identifiers = concat(
        [var.opensearch_admin_role_arn, aws_iam_role.firehose.arn],
        var.log_writer_role_arns,
      )
    }
  }
}

resource "aws_opensearch_domain" "logs" {
  domain_name     = var.opensearch.domain_name
  engine_version  = var.opensearch.engine_version
  access_policies = data.aws_iam_policy_document.opensearch_access.json

  cluster_config {
    instance_type            = var.opensearch.instance_type
    instance_count           = var.opensearch.instance_count
    dedicated_master_enabled = var.opensearch.dedicated_masters
    dedicated_master_type    = var.opensearch.dedicated_masters ? var.opensearch.master_type : null
    dedicated_master_count   = var.opensearch.dedicated_masters ? 3 : null
    zone_awareness_enabled   = var.opensearch.zone_count > 1

    dynamic "zone_awareness_config" {
      for_each = var.opensearch.zone_count > 1 ? [var.opensearch.zone_count] : []

      content {
        availability_zone_count = zone_awareness_config.value
      }
    }
  }

  ebs_options {
    ebs_enabled = true
    volume_type = "gp3"
    volume_size = var.opensearch.volume_size_gb
  }

  vpc_options {
    subnet_ids         = slice(var.subnet_ids, 0, var.opensearch.zone_count)
    security_group_ids = [aws_security_group.opensearch.id]
  }

  encrypt_at_rest {
    enabled    = true
    kms_key_id = var.data_kms_key_arn
  }

  node_to_node_encryption {
    enabled = true
  }

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }

  advanced_security_options {
    enabled                        = true
    anonymous_auth_enabled         = false
    internal_user_database_enabled = false

    master_user_options {
      master_user_arn = var.opensearch_admin_role_arn
    }
  }

  auto_tune_options {
    desired_state       = var.opensearch.auto_tune ? "ENABLED" : "DISABLED"
    rollback_on_disable = "NO_ROLLBACK"
  }

  software_update_options {
    auto_software_update_enabled = true
  }

  dynamic "log_publishing_options" {
    for_each = aws_cloudwatch_log_group.opensearch

    content {
      log_type                 = log_publishing_options.key
      cloudwatch_log_group_arn = log_publishing_options.value.arn
      enabled                  = true
    }
  }

  tags = var.tags

  depends_on = [
    aws_iam_service_linked_role.opensearch,
    aws_cloudwatch_log_resource_policy.opensearch,
  ]
}
