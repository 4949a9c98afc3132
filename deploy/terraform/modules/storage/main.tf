data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  # Data buckets, all SSE-KMS and versioned. Lifecycle: rarely read objects go colder;
  # old versions go away; backups go to Glacier and Deep Archive.
  buckets = {
    web = {
      replicate      = false
      object_lock    = false
      cold_after     = null
      cold_class     = null
      archive_after  = null
      expire_after   = null
      noncurrent_ttl = 30
    }
    uploads = {
      replicate      = true
      object_lock    = false
      cold_after     = 90
      cold_class     = "GLACIER_IR" # media is still served, milliseconds away
      archive_after  = null
      expire_after   = null
      noncurrent_ttl = 365
    }
    backups = {
      replicate      = true
      object_lock    = true
      cold_after     = 30
      cold_class     = "GLACIER"
      archive_after  = 180
      expire_after   = var.backup_expiry_days
      noncurrent_ttl = 30
    }
  }

  replicated = { for k, b in local.buckets : k => b if b.replicate && var.replicate_to_dr }
}

resource "aws_s3_bucket" "this" {
  for_each = local.buckets

  bucket              = "${var.bucket_prefix}-${each.key}"
  object_lock_enabled = each.value.object_lock
  force_destroy       = false

  tags = merge(var.tags, { Bucket = each.key })
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = aws_s3_bucket.this

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# ACLs off: the bucket owner owns every object, access is only by policy.
resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  rule {
    bucket_key_enabled = true # one KMS call per bucket key, not per object: cost and rate

    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
  }
}

resource "aws_s3_bucket_logging" "this" {
  for_each = aws_s3_bucket.this

  bucket        = each.value.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "s3/${each.key}/"
}

resource "aws_s3_bucket_object_lock_configuration" "backups" {
  bucket = aws_s3_bucket.this["backups"].id

  rule {
    default_retention {
      mode = var.backup_lock_mode
      days = var.backup_lock_days
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = aws_s3_bucket.this

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

    expiration {
      expired_object_delete_marker = true
    }
  }

  # Direct uploads stage under incoming/ until agora checks them and stores them under their
  # content name (ADR 0080); a staging object nobody completed is deleted after a day.
  dynamic "rule" {
    for_each = each.key == "uploads" ? [1] : []

    content {
      id     = "direct-upload-staging"
      status = "Enabled"

      filter {
        prefix = "incoming/"
      }

      expiration {
        days = 1
      }
    }
  }

  dynamic "rule" {
    for_each = local.buckets[each.key].cold_after == null ? [] : [local.buckets[each.key]]

    content {
      id     = "tiering"
      status = "Enabled"

      filter {}

      transition {
        days          = rule.value.cold_after
        storage_class = rule.value.cold_class
      }

      dynamic "transition" {
        for_each = rule.value.archive_after == null ? [] : [rule.value.archive_after]

        content {
          days          = transition.value
          storage_class = "DEEP_ARCHIVE"
        }
      }

      dynamic "expiration" {
        for_each = rule.value.expire_after == null ? [] : [rule.value.expire_after]

        content {
          days = expiration.value
        }
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

# Browsers upload media straight to S3 with presigned PUTs; nothing else crosses origins.
resource "aws_s3_bucket_cors_configuration" "uploads" {
  bucket = aws_s3_bucket.this["uploads"].id

  cors_rule {
    allowed_methods = ["PUT", "GET", "HEAD"]
    allowed_origins = var.cors_allowed_origins
    allowed_headers = ["content-type", "content-md5", "x-amz-*"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3600
  }
}
