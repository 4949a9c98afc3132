# Two certificates for the same names: the ALB needs one in its own region, CloudFront one in
# us-east-1. Both are DNS-validated in this zone and renew themselves.
locals {
  certificates = {
    regional   = null
    cloudfront = "us-east-1"
  }
}

resource "aws_acm_certificate" "this" {
  for_each = local.certificates

  region                    = each.value
  domain_name               = var.domain_name
  subject_alternative_names = ["*.${var.domain_name}"]
  validation_method         = "DNS"
  key_algorithm             = "EC_prime256v1"

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })

  lifecycle {
    create_before_destroy = true
  }
}

# ACM derives the validation record from the account and the name, so both certificates ask
# for the same records: create them once, keyed by domain name (known at plan time; the
# record names are not). The apex and the wildcard share one record, hence allow_overwrite.
resource "aws_route53_record" "validation" {
  for_each = {
    for o in aws_acm_certificate.this["regional"].domain_validation_options : o.domain_name => o
  }

  zone_id         = aws_route53_zone.this.zone_id
  name            = each.value.resource_record_name
  type            = each.value.resource_record_type
  ttl             = 300
  records         = [each.value.resource_record_value]
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "this" {
  for_each = aws_acm_certificate.this

  region                  = local.certificates[each.key]
  certificate_arn         = each.value.arn
  validation_record_fqdns = [for r in aws_route53_record.validation : r.fqdn]
}
