// S3 buckets. Each rule looks for the companion resource attached to the bucket.
import { attachedTo, blocks, first, isTrue, present, statements, value } from "./engine.mjs";

const companion = (ctx, type, bucket) => ctx.res(type).filter((r) => attachedTo(r, "bucket", bucket));

function publicAccessRule(id, flag) {
  return {
    id,
    service: "s3",
    title: `S3 public access block sets ${flag}`,
    checks: ["no-public-access-block", `${flag}-false`],
    check(ctx) {
      for (const b of ctx.res("aws_s3_bucket")) {
        const pabs = companion(ctx, "aws_s3_bucket_public_access_block", b);
        if (!pabs.length) ctx.fail(b, null, "no aws_s3_bucket_public_access_block for this bucket");
        for (const p of pabs) if (!isTrue(p.body[flag])) ctx.fail(p, flag, `${flag} must be true`);
      }
    },
  };
}

export default [
  publicAccessRule("CKV_AWS_53", "block_public_acls"),
  publicAccessRule("CKV_AWS_54", "block_public_policy"),
  publicAccessRule("CKV_AWS_55", "ignore_public_acls"),
  publicAccessRule("CKV_AWS_56", "restrict_public_buckets"),
  {
    id: "CKV_AWS_145",
    service: "s3",
    title: "S3 default encryption is SSE-KMS with a customer key",
    checks: ["no-encryption-configuration", "not-kms"],
    check(ctx) {
      for (const b of ctx.res("aws_s3_bucket")) {
        const sse = companion(ctx, "aws_s3_bucket_server_side_encryption_configuration", b);
        if (!sse.length) ctx.fail(b, null, "no server-side encryption configuration");
        for (const s of sse) {
          const algo = value(s.body, "rule.apply_server_side_encryption_by_default.sse_algorithm");
          const key = value(s.body, "rule.apply_server_side_encryption_by_default.kms_master_key_id");
          if (!["aws:kms", "aws:kms:dsse"].includes(algo) || !present(key)) ctx.fail(s, "sse_algorithm", `default encryption is ${algo ?? "unset"}, not aws:kms with kms_master_key_id`);
        }
      }
    },
  },
  {
    id: "CKV_AWS_21",
    service: "s3",
    title: "S3 versioning enabled",
    checks: ["no-versioning", "not-enabled"],
    check(ctx) {
      for (const b of ctx.res("aws_s3_bucket")) {
        const v = companion(ctx, "aws_s3_bucket_versioning", b);
        if (!v.length) ctx.fail(b, null, "no aws_s3_bucket_versioning for this bucket");
        for (const r of v) if (value(r.body, "versioning_configuration.status") !== "Enabled") ctx.fail(r, "status", "versioning status must be Enabled");
      }
    },
  },
  {
    id: "CKV_AWS_18",
    service: "s3",
    title: "S3 server access logging enabled",
    checks: ["no-logging", "no-target-bucket"],
    check(ctx) {
      for (const b of ctx.res("aws_s3_bucket")) {
        const l = companion(ctx, "aws_s3_bucket_logging", b);
        if (!l.length) ctx.fail(b, null, "no aws_s3_bucket_logging for this bucket");
        for (const r of l) if (!present(r.body.target_bucket)) ctx.fail(r, "target_bucket", "target_bucket missing");
      }
    },
  },
  {
    id: "CKV2_AWS_61",
    service: "s3",
    title: "S3 lifecycle configuration exists",
    checks: ["no-lifecycle", "no-enabled-rule"],
    check(ctx) {
      for (const b of ctx.res("aws_s3_bucket")) {
        const l = companion(ctx, "aws_s3_bucket_lifecycle_configuration", b);
        if (!l.length) ctx.fail(b, null, "no aws_s3_bucket_lifecycle_configuration for this bucket");
        for (const r of l) {
          if (!blocks(r.body, "rule").some((x) => x.status === "Enabled")) ctx.fail(r, "rule", "no enabled lifecycle rule");
        }
      }
    },
  },
  {
    id: "CKV_AWS_300",
    service: "s3",
    title: "S3 lifecycle aborts incomplete multipart uploads",
    check(ctx) {
      for (const r of ctx.res("aws_s3_bucket_lifecycle_configuration")) {
        const ok = blocks(r.body, "rule").some((x) => x.status === "Enabled" && present(value(x, "abort_incomplete_multipart_upload.days_after_initiation")));
        if (!ok) ctx.fail(r, "rule", "no enabled rule with abort_incomplete_multipart_upload");
      }
    },
  },
  {
    id: "CKV_AWS_144",
    service: "s3",
    title: "S3 cross-region replication with RTC, delete markers and a replica KMS key",
    checks: ["not-replicated", "delete-markers", "replication-time", "metrics", "replica-kms-key"],
    check(ctx) {
      const replications = ctx.res("aws_s3_bucket_replication_configuration");
      for (const b of ctx.res("aws_s3_bucket")) {
        const isReplica = /aws\.dr/.test(String(b.body.provider ?? ""));
        if (!isReplica && !replications.some((r) => attachedTo(r, "bucket", b))) ctx.fail(b, null, "bucket is not replicated to another region");
      }
      for (const r of replications) {
        for (const rule of blocks(r.body, "rule")) {
          const dest = first(rule, "destination") ?? {};
          if (value(rule, "delete_marker_replication.status") !== "Enabled") ctx.fail(r, "delete_marker_replication", "delete markers are not replicated");
          if (value(dest, "replication_time.status") !== "Enabled" || Number(value(dest, "replication_time.time.minutes")) !== 15) ctx.fail(r, "replication_time", "Replication Time Control (15 minutes) not enabled");
          if (value(dest, "metrics.status") !== "Enabled") ctx.fail(r, "metrics", "replication metrics not enabled");
          if (!present(value(dest, "encryption_configuration.replica_kms_key_id"))) ctx.fail(r, "encryption_configuration", "replicas not encrypted with a KMS key of the destination");
        }
      }
    },
  },
  {
    id: "CKV2_AWS_65",
    service: "s3",
    title: "S3 ACLs disabled (BucketOwnerEnforced)",
    checks: ["no-ownership-controls", "not-bucket-owner-enforced"],
    check(ctx) {
      for (const b of ctx.res("aws_s3_bucket")) {
        const o = companion(ctx, "aws_s3_bucket_ownership_controls", b);
        if (!o.length) ctx.fail(b, null, "no aws_s3_bucket_ownership_controls for this bucket");
        for (const r of o) if (value(r.body, "rule.object_ownership") !== "BucketOwnerEnforced") ctx.fail(r, "object_ownership", "object_ownership must be BucketOwnerEnforced");
      }
    },
  },
  {
    id: "AGORA_S3_TLS_ONLY",
    service: "s3",
    house: true,
    title: "S3 bucket policy denies requests without TLS (aws:SecureTransport)",
    checks: ["no-bucket-policy", "no-tls-deny"],
    check(ctx) {
      const denyTls = (docName) => {
        const doc = ctx.docs().find((d) => d.name === docName);
        if (!doc) return false;
        const own = statements(doc).some((s) => s.effect === "Deny" && s.conditions.some((c) => c.variable === "aws:SecureTransport" && c.values.map(String).includes("false")));
        const sources = JSON.stringify(doc.body.source_policy_documents ?? "");
        return own || [...sources.matchAll(/aws_iam_policy_document\.(\w+)/g)].some((m) => m[1] !== docName && denyTls(m[1]));
      };
      for (const b of ctx.res("aws_s3_bucket")) {
        const pols = companion(ctx, "aws_s3_bucket_policy", b);
        if (!pols.length) ctx.fail(b, null, "no bucket policy for this bucket");
        for (const p of pols) {
          const m = String(p.body.policy ?? "").match(/data\.aws_iam_policy_document\.(\w+)/);
          if (!m || !denyTls(m[1])) ctx.fail(p, "policy", "bucket policy has no Deny on aws:SecureTransport = false");
        }
      }
    },
  },
];
