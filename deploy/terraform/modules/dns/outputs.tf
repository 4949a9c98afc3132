output "zone_id" {
  description = "Route 53 hosted zone ID."
  value       = aws_route53_zone.this.zone_id
}

output "name_servers" {
  description = "Name servers to delegate the zone to from its parent (NS records)."
  value       = aws_route53_zone.this.name_servers
}

output "ds_record" {
  description = "DS record to add at the parent zone to complete the DNSSEC chain of trust."
  value       = aws_route53_key_signing_key.this.ds_record
}

output "regional_certificate_arn" {
  description = "Validated ACM certificate in the primary region, for the ALB (alb.ingress.kubernetes.io/certificate-arn)."
  value       = aws_acm_certificate_validation.this["regional"].certificate_arn
}

output "cloudfront_certificate_arn" {
  description = "Validated ACM certificate in us-east-1, for CloudFront."
  value       = aws_acm_certificate_validation.this["cloudfront"].certificate_arn
}

output "api_fqdn" {
  description = "Host name of the API (the Ingress host)."
  value       = local.api_fqdn
}

output "health_check_ids" {
  description = "Route 53 health check IDs by endpoint (web always, api once the ALB is known)."
  value       = merge({ web = aws_route53_health_check.web.id }, local.alb_known ? { api = aws_route53_health_check.api[0].id } : {})
}
