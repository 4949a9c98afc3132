output "endpoint" {
  description = "Host name of the instance (AGORA_DATABASE_URL host); a DNS name that follows Multi-AZ failover."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "PostgreSQL port."
  value       = aws_db_instance.this.port
}

output "db_name" {
  description = "Name of the application database."
  value       = aws_db_instance.this.db_name
}

output "instance_identifier" {
  description = "DB instance identifier (for snapshots and alarm dimensions)."
  value       = aws_db_instance.this.identifier
}

output "instance_arn" {
  description = "DB instance ARN."
  value       = aws_db_instance.this.arn
}

output "resource_id" {
  description = "DB resource ID, the key of rds-db:connect IAM authentication ARNs."
  value       = aws_db_instance.this.resource_id
}

output "master_secret_arn" {
  description = "Secrets Manager secret holding the master username and password (managed and rotated by RDS)."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "security_group_id" {
  description = "Security group of the instance."
  value       = aws_security_group.db.id
}

output "dr_backup_replication_arn" {
  description = "ARN of the replicated automated backups in the DR region, empty when replication is off."
  value       = var.dr_backup_replication ? aws_db_instance_automated_backups_replication.dr[0].id : ""
}

output "log_group_names" {
  description = "CloudWatch log groups of the exported PostgreSQL logs, by type (postgresql, upgrade)."
  value       = { for k, g in aws_cloudwatch_log_group.exports : k => g.name }
}
