// CloudTrail, CloudWatch log groups, ECR and the OpenSearch log domain.
import { blocks, first, isTrue, mentions, present, value } from "./engine.mjs";

function each(type, id, title, test, service, checks) {
  return {
    id,
    service,
    title,
    ...(checks && { checks }),
    check(ctx) {
      for (const r of ctx.res(type)) {
        const why = test(r.body, ctx);
        if (why) ctx.fail(r, why.arg ?? null, why.message);
      }
    },
  };
}

const need = (ok, arg, message) => (ok ? null : { arg, message });

export default [
  each("aws_cloudtrail", "CKV_AWS_67", "CloudTrail covers all regions", (b) => need(isTrue(b.is_multi_region_trail), "is_multi_region_trail", "is_multi_region_trail must be true"), "cloudtrail"),
  each("aws_cloudtrail", "CKV_AWS_36", "CloudTrail log file validation", (b) => need(isTrue(b.enable_log_file_validation), "enable_log_file_validation", "enable_log_file_validation must be true"), "cloudtrail"),
  each("aws_cloudtrail", "CKV_AWS_35", "CloudTrail encrypted with KMS", (b) => need(present(b.kms_key_id), null, "kms_key_id not set"), "cloudtrail"),
  each("aws_cloudtrail", "CKV2_AWS_10", "CloudTrail delivers to CloudWatch Logs", (b) => need(present(b.cloud_watch_logs_group_arn) && present(b.cloud_watch_logs_role_arn), null, "cloud_watch_logs_group_arn / role not set"), "cloudtrail"),
  each("aws_cloudwatch_log_group", "CKV_AWS_66", "Log groups have a retention", (b) => need(present(b.retention_in_days) && b.retention_in_days !== 0, "retention_in_days", "retention_in_days not set (logs kept forever)"), "logs"),
  each("aws_cloudwatch_log_group", "CKV_AWS_338", "Log groups keep at least a year (per-env value asserted when parametric)", (b, ctx) => {
    const v = b.retention_in_days;
    // Unset or 0 keeps logs forever, which is more than a year; CKV_AWS_66 refuses that.
    if (v === undefined || v === 0) return null;
    if (typeof v === "number") return need(v >= 365, "retention_in_days", `retention_in_days ${v} < 365`);
    return need(typeof v === "string" && (/^\$\{(var\.|each\.value)/.test(v)) && (!/^\$\{var\./.test(v) || ctx.variable(v)), "retention_in_days", "retention must be >= 365 or come from a variable");
  }, "logs", ["below-a-year", "not-a-variable"]),
  each("aws_cloudwatch_log_group", "CKV_AWS_158", "Log groups encrypted with KMS", (b) => need(present(b.kms_key_id), null, "kms_key_id not set"), "logs"),
  each("aws_ecr_repository", "CKV_AWS_51", "ECR tags immutable", (b) => need(["IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"].includes(b.image_tag_mutability), "image_tag_mutability", "image_tag_mutability must be IMMUTABLE"), "ecr"),
  each("aws_ecr_repository", "CKV_AWS_163", "ECR scans images on push", (b) => need(isTrue(value(b, "image_scanning_configuration.scan_on_push")), "image_scanning_configuration", "scan_on_push must be true"), "ecr"),
  each("aws_ecr_repository", "CKV_AWS_136", "ECR encrypted with KMS", (b) => need(value(b, "encryption_configuration.encryption_type") === "KMS" && present(value(b, "encryption_configuration.kms_key")), "encryption_configuration", "encryption_type KMS with a key required"), "ecr"),
  each("aws_opensearch_domain", "CKV_AWS_5", "OpenSearch encrypted at rest", (b) => need(isTrue(value(b, "encrypt_at_rest.enabled")), "encrypt_at_rest", "encrypt_at_rest.enabled must be true"), "opensearch"),
  each("aws_opensearch_domain", "CKV_AWS_247", "OpenSearch encrypted with a customer KMS key", (b) => need(present(value(b, "encrypt_at_rest.kms_key_id")), "encrypt_at_rest", "encrypt_at_rest.kms_key_id not set"), "opensearch"),
  each("aws_opensearch_domain", "CKV_AWS_6", "OpenSearch node-to-node encryption", (b) => need(isTrue(value(b, "node_to_node_encryption.enabled")), "node_to_node_encryption", "node_to_node_encryption.enabled must be true"), "opensearch"),
  each("aws_opensearch_domain", "CKV_AWS_83", "OpenSearch enforces HTTPS", (b) => need(isTrue(value(b, "domain_endpoint_options.enforce_https")), "domain_endpoint_options", "enforce_https must be true"), "opensearch"),
  each("aws_opensearch_domain", "CKV_AWS_228", "OpenSearch TLS policy at least 1.2", (b) => need(String(value(b, "domain_endpoint_options.tls_security_policy") ?? "").startsWith("Policy-Min-TLS-1-2"), "domain_endpoint_options", "tls_security_policy must be Policy-Min-TLS-1-2-*"), "opensearch"),
  each("aws_opensearch_domain", "CKV_AWS_137", "OpenSearch inside a VPC", (b) => need(present(value(b, "vpc_options.subnet_ids")), "vpc_options", "vpc_options with subnet_ids missing"), "opensearch"),
  each("aws_opensearch_domain", "CKV_AWS_84", "OpenSearch publishes its logs", (b) => need(blocks(b, "log_publishing_options").length > 0, null, "no log_publishing_options"), "opensearch"),
  {
    id: "CKV_AWS_317",
    service: "opensearch",
    title: "OpenSearch audit logs published",
    check(ctx) {
      for (const d of ctx.res("aws_opensearch_domain")) {
        const direct = JSON.stringify(blocks(d.body, "log_publishing_options")).includes("AUDIT_LOGS");
        const viaGroups = (d.body.dynamic?.log_publishing_options ?? []).some((dyn) =>
          ctx.res("aws_cloudwatch_log_group").some((g) => mentions(dyn.for_each, g.type, g.name) && JSON.stringify(g.body.for_each ?? "").includes("AUDIT_LOGS")),
        );
        if (!direct && !viaGroups) ctx.fail(d, null, "AUDIT_LOGS not published");
      }
    },
  },
  {
    id: "AGORA_OPENSEARCH_FGAC",
    service: "opensearch",
    house: true,
    title: "OpenSearch fine-grained access control on, anonymous access off",
    check(ctx) {
      for (const d of ctx.res("aws_opensearch_domain")) {
        const a = first(d.body, "advanced_security_options") ?? {};
        if (!isTrue(a.enabled) || isTrue(a.anonymous_auth_enabled)) ctx.fail(d, "advanced_security_options", "fine-grained access control must be enabled without anonymous access");
      }
    },
  },
];
