# Uploads and backups replicate to the DR region with Replication Time Control: 99.99% of
# objects within 15 minutes (the spec's RPO), with metrics to alarm on. Delete markers
# replicate too, so the replica mirrors the source; versioning on both sides keeps history.

resource "aws_s3_bucket" "replica" {
  # policy:skip=CKV_AWS_18 server access logs must target a bucket in the same region; the replica is written only by S3 replication, which CloudTrail records
  for_each = local.replicated
  provider = aws.dr

  bucket        = "${var.bucket_prefix}-${each.key}-dr"
  force_destroy = false

  # Locked source objects replicate only into a bucket that has Object Lock too.
  object_lock_enabled = each.value.object_lock

  tags = merge(var.tags, { Bucket = "${each.key}-dr" })
}

resource "aws_s3_bucket_public_access_block" "replica" {
  for_each = aws_s3_bucket.replica
  provider = aws.dr

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "replica" {
  for_each = aws_s3_bucket.replica
  provider = aws.dr

  bucket = each.value.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "replica" {
  for_each = aws_s3_bucket.replica
  provider = aws.dr

  bucket = each.value.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "replica" {
  for_each = aws_s3_bucket.replica
  provider = aws.dr

  bucket = each.value.id

  rule {
    bucket_key_enabled = true

    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.dr_kms_key_arn
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "replica" {
  for_each = aws_s3_bucket.replica
  provider = aws.dr

  bucket = each.value.id

  rule {
    id     = "hygiene"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }

    noncurrent_version_expiration {
      noncurrent_days = local.buckets[each.key].noncurrent_ttl
    }

    # Replicas are read only in a disaster: keep them in the cheapest instant-retrieval tier.
    transition {
      days          = 30
      storage_class = "GLACIER_IR"
    }
  }

  depends_on = [aws_s3_bucket_versioning.replica]
}

resource "aws_s3_bucket_policy" "replica" {
  for_each = aws_s3_bucket.replica
  provider = aws.dr

  bucket = each.value.id
  policy = data.aws_iam_policy_document.tls_only["${each.key}-dr"].json

  depends_on = [aws_s3_bucket_public_access_block.replica]
}

data "aws_iam_policy_document" "replication_assume" {
  statement {
    sid     = "S3Replication"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

data "aws_region" "dr" {
  provider = aws.dr
}

data "aws_iam_policy_document" "replication" {
  statement {
    sid = "ReadSourceConfiguration"
    actions = [
      "s3:GetReplicationConfiguration",
      "s3:ListBucket",
    ]
    resources = [for k, _ in local.replicated : aws_s3_bucket.this[k].arn]
  }

  statement {
    sid = "ReadSourceVersions"
    actions = [
      "s3:GetObjectLegalHold",
      "s3:GetObjectRetention",
      "s3:GetObjectVersionAcl",
      "s3:GetObjectVersionForReplication",
      "s3:GetObjectVersionTagging",
    ]
    resources = [for k, _ in local.replicated : "${aws_s3_bucket.this[k].arn}/*"]
  }

  statement {
    sid = "WriteReplicas"
    actions = [
      "s3:ReplicateDelete",
      "s3:ReplicateObject",
      "s3:ReplicateTags",
    ]
    resources = [for b in aws_s3_bucket.replica : "${b.arn}/*"]
  }

  statement {
    sid       = "DecryptSource"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${data.aws_region.current.region}.amazonaws.com"]
    }
  }

  statement {
    sid = "EncryptReplica"
    actions = [
      "kms:Encrypt",
      "kms:GenerateDataKey",
    ]
    resources = [var.dr_kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${data.aws_region.dr.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "replication" {
  count = length(local.replicated) > 0 ? 1 : 0

  name                 = "${var.name}-s3-replication"
  assume_role_policy   = data.aws_iam_policy_document.replication_assume.json
  permissions_boundary = var.permissions_boundary_arn

  tags = var.tags
}

resource "aws_iam_role_policy" "replication" {
  count = length(local.replicated) > 0 ? 1 : 0

  name   = "replicate-to-dr"
  role   = aws_iam_role.replication[0].id
  policy = data.aws_iam_policy_document.replication.json
}

resource "aws_s3_bucket_replication_configuration" "this" {
  for_each = local.replicated

  bucket = aws_s3_bucket.this[each.key].id
  role   = aws_iam_role.replication[0].arn

  rule {
    id       = "to-dr"
    status   = "Enabled"
    priority = 1

    filter {}

    delete_marker_replication {
      status = "Enabled"
    }

    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }

    destination {
      bucket        = aws_s3_bucket.replica[each.key].arn
      storage_class = "STANDARD"

      encryption_configuration {
        replica_kms_key_id = var.dr_kms_key_arn
      }

      replication_time {
        status = "Enabled"

        time {
          minutes = 15
        }
      }

      metrics {
        status = "Enabled"

        event_threshold {
          minutes = 15
        }
      }
    }
  }

  # Both sides must be versioned before replication can be configured.
  depends_on = [aws_s3_bucket_versioning.this, aws_s3_bucket_versioning.replica]
}
