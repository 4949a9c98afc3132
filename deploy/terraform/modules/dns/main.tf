data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  api_fqdn  = "${var.api_subdomain}.${var.domain_name}"
  alb_known = var.alb_dns_name != "" && var.alb_zone_id != ""
}

resource "aws_route53_zone" "this" {
  name          = var.domain_name
  comment       = "${var.name}: web app, API and certificate validation"
  force_destroy = false

  tags = var.tags
}

# The API: api.<zone> aliases the ALB once the Ingress exists (second apply, see runbook).
resource "aws_route53_record" "api" {
  for_each = local.alb_known ? toset(["A", "AAAA"]) : toset([])

  zone_id = aws_route53_zone.this.zone_id
  name    = local.api_fqdn
  type    = each.value

  alias {
    name                   = var.alb_dns_name
    zone_id                = var.alb_zone_id
    evaluate_target_health = true
  }
}
