# The aliases resolve to the distribution, IPv4 and IPv6.
resource "aws_route53_record" "alias" {
  for_each = { for pair in setproduct(var.aliases, ["A", "AAAA"]) : "${pair[0]}-${pair[1]}" => pair }

  zone_id = var.zone_id
  name    = each.value[0]
  type    = each.value[1]

  alias {
    name                   = aws_cloudfront_distribution.this.domain_name
    zone_id                = aws_cloudfront_distribution.this.hosted_zone_id
    evaluate_target_health = false
  }
}
