# Two web ACLs with the same rules: REGIONAL for the ALB (referenced by the Ingress annotation)
# and CLOUDFRONT for the distribution. CLOUDFRONT-scope ACLs and their log groups must live in
# us-east-1; provider v6's per-resource `region` lets one for_each create both.
locals {
  waf_scopes = {
    regional   = { scope = "REGIONAL", region = local.region, key = aws_kms_key.logs.arn }
    cloudfront = { scope = "CLOUDFRONT", region = "us-east-1", key = aws_kms_key.logs_us_east_1.arn }
  }
}

resource "aws_wafv2_web_acl" "this" {
  for_each = local.waf_scopes

  region      = each.value.region
  name        = "${var.name}-${each.key}"
  description = "Agora ${var.environment} ${each.key}: AWS managed rules and a per-IP rate limit"
  scope       = each.value.scope

  default_action {
    allow {}
  }

  # First, so a flood is cut before the managed rules spend capacity on it.
  rule {
    name     = "rate-limit-per-ip"
    priority = 1

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit              = var.waf_rate_limit_per_5min
        aggregate_key_type = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-${each.key}-rate-limit"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-ip-reputation"
    priority = 10

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesAmazonIpReputationList"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-${each.key}-ip-reputation"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-common"
    priority = 20

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"

        # The API accepts bodies up to AGORA_HTTP_MAX_BODY_BYTES (10 MiB; image uploads up to
        # AGORA_UPLOAD_MAX_BYTES, 8 MiB) and enforces those limits itself; the rule set's 8 KB
        # body cap would block ordinary long posts and every upload.
        rule_action_override {
          name = "SizeRestrictions_BODY"

          action_to_use {
            count {}
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-${each.key}-common"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-known-bad-inputs"
    priority = 30

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-${each.key}-known-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-sqli"
    priority = 40

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesSQLiRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-${each.key}-sqli"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${var.name}-${each.key}"
    sampled_requests_enabled   = true
  }

  tags = var.tags
}

# WAF only delivers to log groups whose names start with aws-waf-logs-.
resource "aws_cloudwatch_log_group" "waf" {
  for_each = local.waf_scopes

  region            = each.value.region
  name              = "aws-waf-logs-${var.name}-${each.key}"
  retention_in_days = var.waf_log_retention_days
  kms_key_id        = each.value.key

  tags = var.tags
}

resource "aws_wafv2_web_acl_logging_configuration" "this" {
  for_each = local.waf_scopes

  region                  = each.value.region
  resource_arn            = aws_wafv2_web_acl.this[each.key].arn
  log_destination_configs = [aws_cloudwatch_log_group.waf[each.key].arn]

  # Session cookies and bearer tokens never reach the logs.
  redacted_fields {
    single_header {
      name = "authorization"
    }
  }

  redacted_fields {
    single_header {
      name = "cookie"
    }
  }
}
