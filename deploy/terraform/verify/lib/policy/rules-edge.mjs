// CloudFront, Route 53 and WAF.
import { attachedTo, blocks, first, isTrue, mentions, present } from "./engine.mjs";

const behaviours = (d) => [...blocks(d.body, "default_cache_behavior"), ...blocks(d.body, "ordered_cache_behavior")];

// Response headers policies of this module that some distribution's behaviour attaches.
const attachedHeaderPolicies = (ctx) =>
  ctx.res("aws_cloudfront_response_headers_policy").filter((p) =>
    ctx.res("aws_cloudfront_distribution").some((d) => behaviours(d).some((b) => mentions(b.response_headers_policy_id, p.type, p.name))));
const securityHeaders = (p) => first(p.body, "security_headers_config") ?? {};

// Agora sends "max-age=31536000; includeSubDomains" itself; the edge may only be stricter.
const HSTS_MIN_AGE = 31536000;

export default [
  {
    id: "CKV2_AWS_46",
    service: "cloudfront",
    title: "CloudFront S3 origins use Origin Access Control (SigV4)",
    checks: ["no-oac", "oac-signing"],
    check(ctx) {
      for (const d of ctx.res("aws_cloudfront_distribution")) {
        for (const o of blocks(d.body, "origin")) {
          // A custom origin (an ALB, an API host) is not S3, unless its domain is a bucket's.
          const custom = blocks(o, "custom_origin_config").length > 0;
          const bucketDomain = /s3|bucket_(regional_)?domain_name|website_endpoint/.test(JSON.stringify(o.domain_name ?? ""));
          if (custom && !bucketDomain) continue;
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
    id: "AGORA_CLOUDFRONT_HSTS",
    service: "cloudfront",
    house: true,
    title: "CloudFront responses carry HSTS: a year or more, subdomains included, the edge's header wins",
    checks: ["foreign-policy", "no-hsts", "short-max-age", "no-subdomains", "no-override"],
    check(ctx) {
      const own = ctx.res("aws_cloudfront_response_headers_policy");
      for (const d of ctx.res("aws_cloudfront_distribution")) {
        for (const b of behaviours(d)) {
          // A missing policy is CKV2_AWS_32's finding; a managed or foreign one cannot be read here.
          if (present(b.response_headers_policy_id) && !own.some((p) => mentions(b.response_headers_policy_id, p.type, p.name))) {
            ctx.fail(d, "response_headers_policy_id", `behaviour ${b.path_pattern ?? "default"}: response_headers_policy_id is not a response headers policy of this module, so its HSTS cannot be checked`);
          }
        }
      }
      for (const p of attachedHeaderPolicies(ctx)) {
        const hsts = first(securityHeaders(p), "strict_transport_security");
        if (!hsts) {
          ctx.fail(p, "security_headers_config", "no strict_transport_security (Strict-Transport-Security header)");
          continue;
        }
        const age = hsts.access_control_max_age_sec;
        if (!(typeof age === "number" && age >= HSTS_MIN_AGE)) ctx.fail(p, "access_control_max_age_sec", `HSTS max-age ${age ?? "unset"} is not a literal of at least ${HSTS_MIN_AGE} s (one year)`);
        if (!isTrue(hsts.include_subdomains)) ctx.fail(p, "include_subdomains", "HSTS without include_subdomains = true");
        if (!isTrue(hsts.override)) ctx.fail(p, "override", "HSTS override must be true (an origin's weaker header must not win)");
      }
    },
  },
  {
    id: "AGORA_CLOUDFRONT_SECURITY_HEADERS",
    service: "cloudfront",
    house: true,
    title: "CloudFront responses carry nosniff, framing, referrer and content security policies",
    checks: ["content-type-options", "frame-options", "referrer-policy", "content-security-policy"],
    check(ctx) {
      for (const p of attachedHeaderPolicies(ctx)) {
        const h = securityHeaders(p);
        if (!first(h, "content_type_options")) ctx.fail(p, "security_headers_config", "no content_type_options (X-Content-Type-Options: nosniff)");
        if (!["DENY", "SAMEORIGIN"].includes(first(h, "frame_options")?.frame_option)) ctx.fail(p, "security_headers_config", "frame_options must be DENY or SAMEORIGIN");
        const referrer = first(h, "referrer_policy")?.referrer_policy;
        if (!referrer || ["unsafe-url", "no-referrer-when-downgrade"].includes(referrer)) ctx.fail(p, "security_headers_config", `referrer_policy ${referrer ?? "unset"} leaks full URLs to other sites`);
        if (!/(^|;)\s*default-src\s/.test(String(first(h, "content_security_policy")?.content_security_policy ?? ""))) ctx.fail(p, "security_headers_config", "no content_security_policy with a default-src directive");
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
    checks: ["common-rule-set", "sqli", "ip-reputation", "rate-limit"],
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
