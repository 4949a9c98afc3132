output "smtp_url" {
  description = "AGORA_SMTP_URL: the region's SES SMTP endpoint with STARTTLS on 587."
  value       = "smtp://email-smtp.${local.region}.amazonaws.com:587"
}

output "mail_from" {
  description = "AGORA_MAIL_FROM: a no-reply address of the verified domain."
  value       = "Agora <no-reply@${var.domain_name}>"
}

output "smtp_secret_arn" {
  description = "Secrets Manager secret holding the SMTP user name and password (External Secrets reads it)."
  value       = aws_secretsmanager_secret.smtp.arn
}

output "smtp_user_name" {
  description = "IAM user whose access key the SMTP password is derived from."
  value       = aws_iam_user.smtp.name
}

output "events_topic_arn" {
  description = "SNS topic of SES bounces and complaints (AGORA_SES_EVENTS_TOPIC_ARN: agora accepts notifications from it only)."
  value       = aws_sns_topic.events.arn
}

output "configuration_set_name" {
  description = "SES configuration set, the domain identity's default."
  value       = aws_sesv2_configuration_set.this.configuration_set_name
}
