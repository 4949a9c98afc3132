output "queue_urls" {
  description = "Work queue URLs by name (emails, analytics, jobs)."
  value       = { for k, q in aws_sqs_queue.this : k => q.url }
}

output "queue_arns" {
  description = "Work queue ARNs by name."
  value       = { for k, q in aws_sqs_queue.this : k => q.arn }
}

output "queue_names" {
  description = "Work queue names by name, for CloudWatch alarm dimensions."
  value       = { for k, q in aws_sqs_queue.this : k => q.name }
}

output "dlq_urls" {
  description = "Dead-letter queue URLs by work queue name."
  value       = { for k, q in aws_sqs_queue.dlq : k => q.url }
}

output "dlq_arns" {
  description = "Dead-letter queue ARNs by work queue name."
  value       = { for k, q in aws_sqs_queue.dlq : k => q.arn }
}

output "dlq_names" {
  description = "Dead-letter queue names by work queue name, for CloudWatch alarm dimensions."
  value       = { for k, q in aws_sqs_queue.dlq : k => q.name }
}
