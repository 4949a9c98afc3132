# Every bucket refuses plain HTTP. The Deny to every principal is the one place "*" belongs.
data "aws_iam_policy_document" "tls_only" {
  for_each = merge(
    { for k, b in aws_s3_bucket.this : k => b.arn },
    { logs = aws_s3_bucket.logs.arn },
    { for k, b in aws_s3_bucket.replica : "${k}-dr" => b.arn },
  )

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [each.value, "${each.value}/*"]

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

# CloudFront reads the web app through Origin Access Control, and only the one distribution of
# this environment may (aws:SourceArn). Not the uploads: media reaches the edge through agora,
# which decides who may read each file (ADR 0075).
data "aws_iam_policy_document" "data_buckets" {
  for_each = aws_s3_bucket.this

  source_policy_documents = [data.aws_iam_policy_document.tls_only[each.key].json]

  dynamic "statement" {
    for_each = each.key == "web" ? [each.value.arn] : []

    content {
      sid       = "CloudFrontOacRead"
      actions   = ["s3:GetObject"]
      resources = ["${statement.value}/*"]

      principals {
        type        = "Service"
        identifiers = ["cloudfront.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceArn"
        values   = [var.cloudfront_distribution_arn]
      }
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  policy = data.aws_iam_policy_document.data_buckets[each.key].json

  depends_on = [aws_s3_bucket_public_access_block.this]
}
