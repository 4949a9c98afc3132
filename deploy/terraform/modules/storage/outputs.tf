output "bucket_names" {
  description = "Bucket names by role: web, uploads, backups, logs. The logs name is read from its policy, so consumers (CloudTrail) wait until the bucket admits them."
  value       = merge({ for k, b in aws_s3_bucket.this : k => b.bucket }, { logs = aws_s3_bucket_policy.logs.bucket })
}

output "bucket_arns" {
  description = "Bucket ARNs by role: web, uploads, backups, logs."
  value       = merge({ for k, b in aws_s3_bucket.this : k => b.arn }, { logs = aws_s3_bucket.logs.arn })
}

output "bucket_regional_domain_names" {
  description = "Regional domain name of the web bucket, the CloudFront origin of the app."
  value = {
    web = aws_s3_bucket.this["web"].bucket_regional_domain_name
  }
}

output "replica_bucket_names" {
  description = "Replica bucket names in the DR region by source role (uploads, backups)."
  value       = { for k, b in aws_s3_bucket.replica : k => b.bucket }
}

output "logs_bucket_domain_name" {
  description = "Domain name of the logs bucket."
  value       = aws_s3_bucket.logs.bucket_domain_name
}

output "alb_access_logs" {
  description = "Where the ALB may write access logs: the logs bucket and the prefix its policy admits (the Ingress's access_logs.s3.bucket and access_logs.s3.prefix)."
  value       = { bucket = aws_s3_bucket_policy.logs.bucket, prefix = local.alb_logs_prefix }
}
