output "distribution_id" {
  description = "CloudFront distribution ID (for cache invalidations after a web deploy)."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_arn" {
  description = "CloudFront distribution ARN (the S3 bucket policies' aws:SourceArn)."
  value       = aws_cloudfront_distribution.this.arn
}

output "domain_name" {
  description = "CloudFront domain name (dxxxx.cloudfront.net), the target of the DNS aliases."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "hosted_zone_id" {
  description = "Route 53 zone ID of CloudFront aliases."
  value       = aws_cloudfront_distribution.this.hosted_zone_id
}
