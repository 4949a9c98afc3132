# Everything the Kubernetes overlays (deploy/k8s/overlays/<env>) and the pipeline read.
output "region" {
  description = "Primary AWS region."
  value       = data.aws_region.current.region
}

output "dr_region" {
  description = "Disaster-recovery region."
  value       = data.aws_region.dr.region
}

output "cluster_name" {
  description = "EKS cluster name."
  value       = module.eks.cluster_name
}

output "cluster_certificate_authority" {
  description = "Base64 CA bundle of the API endpoint (the envs' helm provider)."
  value       = module.eks.cluster_certificate_authority
}

output "cluster_endpoint" {
  description = "Kubernetes API endpoint."
  value       = module.eks.cluster_endpoint
}

output "irsa_role_arns" {
  description = "IRSA role ARN by <namespace>/<service account>: agora/agora-api, agora-jobs/agora-worker, agora/agora-relay, agora/agora-migrate, external-secrets/external-secrets, kube-system/aws-load-balancer-controller, logging/fluent-bit, ..."
  value       = module.eks.irsa_role_arns
}

output "github_deploy_role_arn" {
  description = "Role the deploy workflow assumes for this environment."
  value       = module.security.github_deploy_role_arn
}

output "github_terraform_plan_role_arn" {
  description = "Role for terraform plan on pull requests."
  value       = module.security.github_terraform_plan_role_arn
}

output "github_terraform_apply_role_arn" {
  description = "Role for terraform apply in the GitHub environment."
  value       = module.security.github_terraform_apply_role_arn
}

output "ecr_repository_url" {
  description = "Image repository URL."
  value       = module.registry.repository_url
}

output "queue_urls" {
  description = "Work queue URLs by name (emails, analytics, jobs)."
  value       = module.queue.queue_urls
}

output "dlq_urls" {
  description = "Dead-letter queue URLs by work queue name."
  value       = module.queue.dlq_urls
}

output "bucket_names" {
  description = "Bucket names by role: web, uploads, backups, logs."
  value       = module.storage.bucket_names
}

output "alb_access_logs" {
  description = "Logs bucket and prefix the ALB's access logs must use (the Ingress annotation's access_logs.s3.bucket and access_logs.s3.prefix)."
  value       = module.storage.alb_access_logs
}

output "cloudfront_distribution_id" {
  description = "CloudFront distribution ID."
  value       = module.cdn.distribution_id
}

output "cloudfront_domain_name" {
  description = "CloudFront domain name."
  value       = module.cdn.domain_name
}

output "db_endpoint" {
  description = "RDS host name."
  value       = module.database.endpoint
}

output "db_port" {
  description = "RDS port."
  value       = module.database.port
}

output "db_name" {
  description = "Application database name."
  value       = module.database.db_name
}

output "db_instance_identifier" {
  description = "RDS instance identifier (pre-deploy snapshots)."
  value       = module.database.instance_identifier
}

output "db_secret_arn" {
  description = "Secrets Manager ARN of the database credentials (External Secrets Operator)."
  value       = module.database.master_secret_arn
}

output "waf_regional_acl_arn" {
  description = "REGIONAL WAF ACL for the ALB Ingress annotation alb.ingress.kubernetes.io/wafv2-acl-arn."
  value       = module.security.waf_regional_acl_arn
}

output "acm_certificate_arn" {
  description = "Regional ACM certificate for the ALB Ingress annotation alb.ingress.kubernetes.io/certificate-arn."
  value       = module.dns.regional_certificate_arn
}

output "api_host" {
  description = "Host name of the API Ingress."
  value       = module.dns.api_fqdn
}

output "web_host" {
  description = "Host name of the web app."
  value       = var.domain_name
}

output "app_log_group_name" {
  description = "CloudWatch log group of the agora JSON lines."
  value       = module.observability.app_log_group_name
}

output "opensearch_endpoint" {
  description = "OpenSearch log domain endpoint."
  value       = module.observability.opensearch_endpoint
}

output "alarm_topic_arns" {
  description = "SNS alarm topics by severity."
  value       = module.observability.alarm_topic_arns
}

output "name_servers" {
  description = "Name servers to delegate the zone to."
  value       = module.dns.name_servers
}

output "dnssec_ds_record" {
  description = "DS record for the parent zone."
  value       = module.dns.ds_record
}

output "smtp_url" {
  description = "AGORA_SMTP_URL: the region's SES SMTP endpoint (STARTTLS, 587)."
  value       = module.mail.smtp_url
}

output "mail_from" {
  description = "AGORA_MAIL_FROM: no-reply address of the environment's verified domain."
  value       = module.mail.mail_from
}

output "smtp_secret_arn" {
  description = "Secrets Manager secret with the SES SMTP user name and password (filled by an operator; External Secrets reads it)."
  value       = module.mail.smtp_secret_arn
}

output "ses_smtp_user_name" {
  description = "IAM user whose access key the SES SMTP password is derived from."
  value       = module.mail.smtp_user_name
}

output "ses_events_topic_arn" {
  description = "SNS topic of SES bounces and complaints (AGORA_SES_EVENTS_TOPIC_ARN)."
  value       = module.mail.events_topic_arn
}
