output "data_kms_key_arn" {
  description = "KMS key for application data (RDS, S3, SQS, Secrets Manager, ECR, OpenSearch)."
  value       = aws_kms_key.data.arn
}

output "logs_kms_key_arn" {
  description = "KMS key for CloudWatch Logs, CloudTrail and alarm topics in the primary region."
  value       = aws_kms_key.logs.arn
}

output "logs_us_east_1_kms_key_arn" {
  description = "KMS key for us-east-1 log groups and topics (Route 53 query logs, CloudFront WAF logs, health-check alarms)."
  value       = aws_kms_key.logs_us_east_1.arn
}

output "eks_kms_key_arn" {
  description = "KMS key for EKS Secrets encryption and node EBS volumes."
  value       = aws_kms_key.eks.arn
}

output "dr_kms_key_arn" {
  description = "KMS key in the DR region for RDS backup replicas and S3 replicas."
  value       = aws_kms_key.dr.arn
}

output "waf_regional_acl_arn" {
  description = "REGIONAL WAFv2 ACL ARN for the ALB (alb.ingress.kubernetes.io/wafv2-acl-arn)."
  value       = aws_wafv2_web_acl.this["regional"].arn
}

output "waf_cloudfront_acl_arn" {
  description = "CLOUDFRONT-scope WAFv2 ACL ARN for the distribution."
  value       = aws_wafv2_web_acl.this["cloudfront"].arn
}

output "github_deploy_role_arn" {
  description = "Role the application deploy job assumes (aws-actions/configure-aws-credentials role-to-assume)."
  value       = aws_iam_role.github_deploy.arn
}

output "github_terraform_plan_role_arn" {
  description = "Role for terraform plan on pull requests (read-only)."
  value       = aws_iam_role.terraform_plan.arn
}

output "github_terraform_apply_role_arn" {
  description = "Role for terraform apply in the GitHub environment."
  value       = aws_iam_role.terraform_apply.arn
}

output "github_subject" {
  description = "The exact OIDC subject the roles trust."
  value       = local.github_subject
}

output "permissions_boundary_arn" {
  description = "Permissions boundary every role and user of this environment carries (the apply role may create them only with it)."
  value       = aws_iam_policy.permissions_boundary.arn
}
