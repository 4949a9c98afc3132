# Route 53 probes the public endpoints from several regions; their status feeds alarms in
# the observability module (health-check metrics exist only in us-east-1).
resource "aws_route53_health_check" "web" {
  type              = "HTTPS"
  fqdn              = var.domain_name
  port              = 443
  resource_path     = "/"
  request_interval  = 30
  failure_threshold = 3
  measure_latency   = true
  enable_sni        = true

  tags = merge(var.tags, { Name = "${var.name}-web" })
}

# /readyz answers 200 only when the database is reachable and migrations are current.
resource "aws_route53_health_check" "api" {
  count = local.alb_known ? 1 : 0

  type              = "HTTPS"
  fqdn              = local.api_fqdn
  port              = 443
  resource_path     = "/readyz"
  request_interval  = 30
  failure_threshold = 3
  measure_latency   = true
  enable_sni        = true

  tags = merge(var.tags, { Name = "${var.name}-api" })
}
