# Standard logging v2 (CKV_AWS_86): CloudFront delivers access logs through CloudWatch Logs
# vended delivery, which writes to a bucket with ACLs disabled (the legacy logging_config
# needs object ACLs, which BucketOwnerEnforced forbids). CloudFront's delivery source must
# be in us-east-1.
resource "aws_cloudwatch_log_delivery_source" "cloudfront" {
  region = "us-east-1"

  name         = "${var.name}-cloudfront"
  log_type     = "ACCESS_LOGS"
  resource_arn = aws_cloudfront_distribution.this.arn

  tags = var.tags
}

resource "aws_cloudwatch_log_delivery_destination" "logs_bucket" {
  region = "us-east-1"

  name          = "${var.name}-cloudfront-s3"
  output_format = "parquet"

  delivery_destination_configuration {
    destination_resource_arn = "${var.logs_bucket_arn}/cloudfront"
  }

  tags = var.tags
}

resource "aws_cloudwatch_log_delivery" "cloudfront" {
  region = "us-east-1"

  delivery_source_name     = aws_cloudwatch_log_delivery_source.cloudfront.name
  delivery_destination_arn = aws_cloudwatch_log_delivery_destination.logs_bucket.arn

  tags = var.tags
}
