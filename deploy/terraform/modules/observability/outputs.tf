output "app_log_group_name" {
  description = "Log group of the agora JSON lines (Fluent Bit cloudwatch_logs output, Fargate aws-observability ConfigMap)."
  value       = aws_cloudwatch_log_group.app.name
}

output "alarm_topic_arns" {
  description = "SNS topic ARN by severity (critical, warning, info), e.g. for Alertmanager's SNS receiver."
  value       = { for k, t in aws_sns_topic.this : k => t.arn }
}

output "opensearch_endpoint" {
  description = "HTTPS endpoint of the OpenSearch log domain (Fluent Bit opensearch output Host)."
  value       = aws_opensearch_domain.logs.endpoint
}

output "opensearch_dashboards_endpoint" {
  description = "OpenSearch Dashboards endpoint (reachable from inside the VPC)."
  value       = aws_opensearch_domain.logs.dashboard_endpoint
}

output "opensearch_domain_arn" {
  description = "ARN of the OpenSearch log domain."
  value       = aws_opensearch_domain.logs.arn
}

output "cloudtrail_arn" {
  description = "ARN of the account trail."
  value       = aws_cloudtrail.this.arn
}

output "dashboard_name" {
  description = "CloudWatch dashboard of the environment."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}
