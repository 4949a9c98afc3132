// CloudFront, Route 53 and WAF.
import { attachedTo, blocks, first, isTrue, mentions, present } from "./engine.mjs";

const behaviours = (d) => [...blocks(d.body, "default_cache_behavior"), ...blocks(d.body, "ordered_cache_behavior")];

export default [
  {
    id: "CKV2_AWS_46",
    service: "cloudfront",
    title: "CloudFront S3 origins use Origin Access Control (SigV4)",
    check(ctx) {
      for (const d of ctx.res("aws_cloudfront_distribution")) {
        for (const o of blocks(d.body, "origin")) {
          if (!present(o.origin_access_control_id) || blocks(o, "s3_origin_config").length) ctx.fail(d, "origin", `origin ${o.origin_id}: no origin_access_control_id (or a legacy OAI)`);
        }
      }
      for (const oac of ctx.res("aws_cloudfront_origin_access_control")) {
        if (oac.body.signing_behavior !== "always" || oac.body.signing_protocol !== "sigv4") ctx.fail(oac, "signing_behavior", "OAC must sign always with sigv4");
      }
    },
  },
  {
    id: "CKV_AWS_34",
    service: "cloudfront",
    title: "CloudFront viewers use HTTPS",
    check(ctx) {
      for (const d of ctx.res("aws_cloudfront_distribution")) {
        for (const b of behaviours(d)) if (!["redirect-to-https", "https-only"].includes(b.viewer_protocol_policy)) ctx.fail(d, "viewer_protocol_policy", `viewer_protocol_policy ${b.viewer_protocol_policy} allows plain HTTP`);
      }
    },
  },
  {
    id: "CKV_AWS_174",
    service: "cloudfront",
    title: "CloudFront minimum TLS 1.2 (TLSv1.2_2021 or newer)",
    check(ctx) {
      for (const d of ctx.res("aws_cloudfront_distribution")) {
        const vc = first(d.body, "viewer_certificate") ?? {};
        if (isTrue(vc.cloudfront_default_certificate) || !["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"].includes(vc.minimum_protocol_version)) ctx.fail(d, "viewer_certificate", `minimum_protocol_version ${vc.minimum_protocol_version ?? "unset"}`);
      }
    },
  },
  {
    id: "CKV_AWS_68",
    service: "cloudfront",
    title: "CloudFront protected by WAF",
    check(ctx) {
      for (const d of ctx.res("aws_cloudfront_distribution")) if (!present(d.body.web_acl_id)) ctx.fail(d, null, "web_acl_id not set");
    },
  },
  {
    id: "CKV_AWS_86",
    service: "cloudfront",
    title: "CloudFront access logging (logging_config or standard logging v2)",
    check(ctx) {
      for (const d of ctx.res("aws_cloudfront_distribution")) {
        const v2 = ctx.res("aws_cloudwatch_log_delivery_source").some((s) => mentions(s.body.resource_arn, d.type, d.name) && s.body.log_type === "ACCESS_LOGS");
        if (!blocks(d.body, "logging_config").length && !v2) ctx.fail(d, null, "no access logging");
      }
    },
  },
  {
    id: "CKV2_AWS_32",
    service: "cloudfront",
    title: "CloudFront responses carry a security headers policy",
    check(ctx) {
      for (const d of ctx.res("aws_cloudfront_distribution")) {
        for (const b of behaviours(d)) if (!present(b.response_headers_policy_id)) ctx.fail(d, "response_headers_policy_id", `behaviour ${b.path_pattern ?? "default"} has no response_headers_policy_id`);
      }
    },
  },
  {
    id: "CKV2_AWS_38",
    service: "route53",
    title: "Route 53 public zones are DNSSEC-signed",
    check(ctx) {
      for (const z of ctx.res("aws_route53_zone")) {
        if (blocks(z.body, "vpc").length) continue;
        const ksks = ctx.res("aws_route53_key_signing_key").filter((k) => mentions(k.body.hosted_zone_id, z.type, z.name));
        const signed = ctx.res("aws_route53_hosted_zone_dnssec").some((d) => mentions(d.body.hosted_zone_id, z.type, z.name) || ksks.some((k) => mentions(d.body.hosted_zone_id, k.type, k.name)));
        if (!signed) ctx.fail(z, null, "no aws_route53_hosted_zone_dnssec for this zone");
      }
    },
  },
  {
    id: "CKV2_AWS_39",
    service: "route53",
    title: "Route 53 query logging enabled",
    check(ctx) {
      for (const z of ctx.res("aws_route53_zone")) {
        if (blocks(z.body, "vpc").length) continue;
        if (!ctx.res("aws_route53_query_log").some((q) => mentions(q.body.zone_id, z.type, z.name))) ctx.fail(z, null, "no aws_route53_query_log for this zone");
      }
    },
  },
  {
    id: "CKV2_AWS_31",
    service: "waf",
    title: "WAFv2 web ACLs log their traffic",
    check(ctx) {
      for (const acl of ctx.res("aws_wafv2_web_acl")) {
        if (!ctx.res("aws_wafv2_web_acl_logging_configuration").some((l) => attachedTo(l, "resource_arn", acl) || mentions(l.body.resource_arn, acl.type, acl.name))) ctx.fail(acl, null, "no aws_wafv2_web_acl_logging_configuration for this ACL");
      }
    },
  },
  {
    id: "CKV_AWS_192",
    service: "waf",
    title: "WAFv2 web ACLs include AWSManagedRulesKnownBadInputsRuleSet (Log4j and friends)",
    check(ctx) {
      for (const acl of ctx.res("aws_wafv2_web_acl")) {
        if (!JSON.stringify(acl.body).includes("AWSManagedRulesKnownBadInputsRuleSet")) ctx.fail(acl, null, "KnownBadInputs managed rule group missing");
      }
    },
  },
  {
    id: "AGORA_WAF_BASELINE",
    service: "waf",
    house: true,
    title: "WAFv2 web ACLs: CommonRuleSet, SQLi, IP reputation and a rate-based rule",
    check(ctx) {
      for (const acl of ctx.res("aws_wafv2_web_acl")) {
        const s = JSON.stringify(acl.body);
        for (const need of ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesSQLiRuleSet", "AWSManagedRulesAmazonIpReputationList", "rate_based_statement"]) {
          if (!s.includes(need)) ctx.fail(acl, null, `${need} missing`);
        }
      }
    },
  },
];
