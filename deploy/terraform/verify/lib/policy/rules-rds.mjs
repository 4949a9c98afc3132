// RDS PostgreSQL instances. Arguments a module takes from a variable ("parametric") pass here
// when that variable exists; the environment assertions check the values each env passes.
import { blocks, isFalse, isTrue, list, mentions, present } from "./engine.mjs";

function instanceRule(id, title, test, checks) {
  return {
    id,
    service: "rds",
    title,
    ...(checks && { checks }),
    check(ctx) {
      for (const db of ctx.res("aws_db_instance")) {
        const why = test(db.body, ctx);
        if (why) ctx.fail(db, why.arg, why.message);
      }
    },
  };
}

const notLiteral = (ctx, body, arg, bad, message) => {
  const v = body[arg];
  if (v === undefined) return { arg: null, message: `${arg} not set: ${message}` };
  if (bad(v)) return { arg, message };
  if (typeof v === "string" && v.startsWith("${var.") && !ctx.variable(v)) return { arg, message: `${arg} reads an undeclared variable` };
  return null;
};

export default [
  instanceRule("CKV_AWS_16", "RDS storage encrypted with a customer KMS key", (b) =>
    !isTrue(b.storage_encrypted) ? { arg: "storage_encrypted", message: "storage_encrypted must be true" } : !present(b.kms_key_id) ? { arg: null, message: "kms_key_id (customer key) not set" } : null, ["not-encrypted", "no-customer-key"]),
  instanceRule("CKV_AWS_17", "RDS not publicly accessible", (b) =>
    !isFalse(b.publicly_accessible) ? { arg: "publicly_accessible", message: "publicly_accessible must be false" } : null),
  instanceRule("CKV_AWS_157", "RDS Multi-AZ not disabled (per-env value asserted)", (b, ctx) =>
    notLiteral(ctx, b, "multi_az", isFalse, "multi_az hard-coded false"), ["unset", "hard-coded-false", "undeclared-variable"]),
  instanceRule("CKV_AWS_133", "RDS automated backups retained >= 7 days", (b, ctx) => {
    const v = b.backup_retention_period;
    if (v === undefined) return { arg: null, message: "backup_retention_period not set" };
    if (typeof v === "number" && v < 7) return { arg: "backup_retention_period", message: `backup_retention_period ${v} < 7` };
    const variable = ctx.variable(v);
    if (typeof v === "string" && (!variable || !blocks(variable.body, "validation").length)) return { arg: "backup_retention_period", message: "backup_retention_period must be a literal or a validated variable" };
    return null;
  }, ["unset", "below-7-days", "unvalidated-variable"]),
  instanceRule("CKV_AWS_293", "RDS deletion protection not disabled (per-env value asserted)", (b, ctx) =>
    notLiteral(ctx, b, "deletion_protection", isFalse, "deletion_protection hard-coded false"), ["unset", "hard-coded-false", "undeclared-variable"]),
  instanceRule("CKV2_AWS_60", "RDS copies tags to snapshots", (b) =>
    !isTrue(b.copy_tags_to_snapshot) ? { arg: "copy_tags_to_snapshot", message: "copy_tags_to_snapshot must be true" } : null),
  instanceRule("CKV_AWS_353", "RDS Performance Insights enabled", (b) =>
    !isTrue(b.performance_insights_enabled) ? { arg: "performance_insights_enabled", message: "performance_insights_enabled must be true" } : null),
  instanceRule("CKV_AWS_354", "RDS Performance Insights encrypted with a customer key", (b) =>
    !present(b.performance_insights_kms_key_id) ? { arg: null, message: "performance_insights_kms_key_id not set" } : null),
  instanceRule("CKV_AWS_118", "RDS enhanced monitoring enabled", (b) =>
    !present(b.monitoring_interval) || b.monitoring_interval === 0 ? { arg: "monitoring_interval", message: "monitoring_interval must be > 0" } : !present(b.monitoring_role_arn) ? { arg: null, message: "monitoring_role_arn not set" } : null, ["no-interval", "no-role"]),
  instanceRule("CKV_AWS_129", "RDS exports postgresql and upgrade logs", (b) => {
    const l = list(b.enabled_cloudwatch_logs_exports);
    return ["postgresql", "upgrade"].every((x) => l.includes(x)) ? null : { arg: "enabled_cloudwatch_logs_exports", message: "enabled_cloudwatch_logs_exports must include postgresql and upgrade" };
  }),
  instanceRule("CKV_AWS_161", "RDS IAM authentication enabled", (b) =>
    !isTrue(b.iam_database_authentication_enabled) ? { arg: "iam_database_authentication_enabled", message: "iam_database_authentication_enabled must be true" } : null),
  instanceRule("CKV_AWS_226", "RDS auto minor version upgrade", (b) =>
    !isTrue(b.auto_minor_version_upgrade) ? { arg: "auto_minor_version_upgrade", message: "auto_minor_version_upgrade must be true" } : null),
  {
    id: "CKV2_AWS_69",
    service: "rds",
    title: "RDS PostgreSQL parameter group forces TLS (rds.force_ssl = 1)",
    checks: ["foreign-parameter-group", "no-force-ssl"],
    check(ctx) {
      for (const db of ctx.res("aws_db_instance")) {
        const pg = ctx.res("aws_db_parameter_group").find((p) => mentions(db.body.parameter_group_name, p.type, p.name));
        if (!pg) {
          ctx.fail(db, "parameter_group_name", "instance does not use a parameter group of this module");
          continue;
        }
        const ok = blocks(pg.body, "parameter").some((p) => p.name === "rds.force_ssl" && String(p.value) === "1");
        if (!ok) ctx.fail(pg, "parameter", "rds.force_ssl = 1 missing");
      }
    },
  },
  {
    id: "CKV_AWS_245",
    service: "rds",
    title: "RDS automated backups replicated cross-region with a KMS key",
    checks: ["not-replicated", "no-kms-key"],
    check(ctx) {
      const reps = ctx.res("aws_db_instance_automated_backups_replication");
      for (const db of ctx.res("aws_db_instance")) {
        const rep = reps.find((r) => mentions(r.body.source_db_instance_arn, db.type, db.name));
        if (!rep) ctx.fail(db, null, "no aws_db_instance_automated_backups_replication for this instance");
        else if (!present(rep.body.kms_key_id)) ctx.fail(rep, null, "replicated backups not encrypted with a DR-region KMS key");
      }
    },
  },
  {
    id: "AGORA_RDS_FINAL_SNAPSHOT",
    service: "rds",
    house: true,
    title: "RDS keeps a final snapshot and its automated backups on deletion",
    checks: ["skip-final-snapshot", "no-final-snapshot-identifier", "delete-automated-backups"],
    check(ctx) {
      for (const db of ctx.res("aws_db_instance")) {
        if (!isFalse(db.body.skip_final_snapshot)) ctx.fail(db, "skip_final_snapshot", "skip_final_snapshot must be false");
        else if (!present(db.body.final_snapshot_identifier)) ctx.fail(db, null, "final_snapshot_identifier not set");
        if (!isFalse(db.body.delete_automated_backups)) ctx.fail(db, "delete_automated_backups", "delete_automated_backups must be false");
      }
    },
  },
  {
    id: "AGORA_RDS_MANAGED_PASSWORD",
    service: "rds",
    house: true,
    title: "RDS master password managed by Secrets Manager, never in Terraform",
    checks: ["not-managed", "password-argument"],
    check(ctx) {
      for (const db of ctx.res("aws_db_instance")) {
        if (!isTrue(db.body.manage_master_user_password)) ctx.fail(db, "manage_master_user_password", "manage_master_user_password must be true");
        if ("password" in db.body || "password_wo" in db.body) ctx.fail(db, "password", "a password argument puts the secret into configuration");
      }
    },
  },
];
