// Environment assertions: what each environment passes to the platform module, read from
// envs/<env>/main.tf, plus the names the Kubernetes overlays and the pipeline rely on. Each
// assertion returns true or a sentence saying what is wrong.
import path from "node:path";
import { blocks, isTrue, list, value } from "./policy/engine.mjs";

export const REQUIRED_OUTPUTS = [
  "cluster_name", "cluster_endpoint", "region", "irsa_role_arns", "github_deploy_role_arn",
  "ecr_repository_url", "queue_urls", "dlq_urls", "bucket_names", "cloudfront_distribution_id",
  "cloudfront_domain_name", "db_endpoint", "db_secret_arn", "waf_regional_acl_arn",
  "acm_certificate_arn", "opensearch_endpoint",
  // agora's mail and queue settings (.github/scripts/render-values)
  "smtp_url", "mail_from", "smtp_secret_arn", "ses_events_topic_arn", "web_host",
];

// The queues agora routes its jobs to (ADR 0078): AGORA_SQS_<NAME>_URL each.
export const WORK_QUEUES = ["analytics", "emails", "jobs"];

// Service accounts agreed with the Kubernetes/pipeline side: namespace/name.
export const SERVICE_ACCOUNTS = {
  api: "agora/agora-api",
  worker: "agora-jobs/agora-worker",
  relay: "agora/agora-relay",
  migrate: "agora/agora-migrate",
  external_secrets: "external-secrets/external-secrets",
  aws_load_balancer_controller: "kube-system/aws-load-balancer-controller",
  fluent_bit: "logging/fluent-bit",
};

const ENCRYPTION_LITERALS = [
  ["aws_db_instance", "storage_encrypted"],
  ["aws_launch_template", "block_device_mappings.ebs.encrypted"],
  ["aws_opensearch_domain", "encrypt_at_rest.enabled"],
  ["aws_opensearch_domain", "node_to_node_encryption.enabled"],
  ["aws_kms_key", "enable_key_rotation"],
];

const platformCall = (env) => env.modules.find((m) => m.name === "platform")?.body ?? {};
const nodeGroups = (p) => Object.values(p.cluster?.node_groups ?? {});
const count = (v) => (Array.isArray(v) ? v.length : 0);
const check = (ok, why) => (ok ? true : why);

// Resolves "${var.x}" to the variable's default in `mod`.
function withDefault(mod, v) {
  const m = typeof v === "string" && v.match(/^\$\{var\.(\w+)\}$/);
  return m ? mod.variables.get(m[1])?.body.default : v;
}

export function environmentAssertions(mods, terraformDir) {
  const get = (rel) => mods.get(path.join(terraformDir, rel));
  const envNames = ["dev", "staging", "prod"];
  const envs = Object.fromEntries(envNames.map((e) => [e, get(`envs/${e}`)]));
  const eks = get("modules/eks");
  const queue = get("modules/queue");
  const security = get("modules/security");
  const out = [];
  const assert = (scope, name, fn) => {
    let result;
    try {
      result = fn();
    } catch (err) {
      result = `threw: ${err.message}`;
    }
    out.push({ scope, name, ok: result === true, detail: result === true ? "" : result });
  };

  for (const e of envNames) {
    const env = envs[e];
    if (!env) {
      assert(e, "environment root exists", () => `envs/${e} missing`);
      continue;
    }
    const p = platformCall(env);
    assert(e, "state in S3 with native locking, encrypted, own key", () => {
      const s3 = env.terraform.flatMap((t) => blocks(t.body, "backend")).flatMap((b) => blocks(b, "s3"))[0];
      return check(s3 && isTrue(s3.use_lockfile) && isTrue(s3.encrypt) && s3.key === `envs/${e}/terraform.tfstate`, `backend "s3" must set use_lockfile, encrypt and key envs/${e}/terraform.tfstate`);
    });
    assert(e, "providers pinned to the account, tagged, DR alias", () => {
      const aliases = env.providers.filter((pr) => pr.name === "aws").map((pr) => pr.body.alias ?? "default");
      const ok = aliases.includes("default") && aliases.includes("dr") && env.providers.filter((pr) => pr.name === "aws").every((pr) => pr.body.allowed_account_ids && blocks(pr.body, "default_tags").length);
      return check(ok, "need a default and a dr aws provider, each with allowed_account_ids and default_tags");
    });
    assert(e, "DR region differs from the primary", () => check(env.variables.get("region")?.body.default !== env.variables.get("dr_region")?.body.default, "region and dr_region defaults are equal"));
    assert(e, "uses the shared platform module", () => check(env.modules.find((m) => m.name === "platform")?.body.source === "../../modules/platform" && p.environment === e, `module "platform" from ../../modules/platform with environment = "${e}"`));
    assert(e, "PostgreSQL with pgvector HNSW (16+)", () => check(Number(String(p.database?.engine_version).split(".")[0]) >= 16, `engine_version ${p.database?.engine_version}`));
    assert(e, "backups 7-35 days", () => check(p.database?.backup_retention_days >= 7 && p.database?.backup_retention_days <= 35, `backup_retention_days ${p.database?.backup_retention_days}`));
    assert(e, "outputs for overlays and pipeline", () => {
      const missing = REQUIRED_OUTPUTS.filter((o) => !env.outputs.has(o));
      return check(!missing.length, `missing outputs: ${missing.join(", ")}`);
    });
    assert(e, "GitHub environment named", () => check(typeof p.github?.environment === "string" && p.github.environment.length > 0, "github.environment not set"));
  }

  const P = (e) => platformCall(envs[e] ?? { modules: [] });
  // prod: Multi-AZ everything and disaster recovery.
  assert("prod", "RDS Multi-AZ", () => check(P("prod").database?.multi_az === true, "database.multi_az must be true"));
  assert("prod", "RDS backups 30 days", () => check(P("prod").database?.backup_retention_days === 30, `backup_retention_days ${P("prod").database?.backup_retention_days}`));
  assert("prod", "RDS automated backups replicated to the DR region", () => check(P("prod").database?.dr_backup_replication === true && P("prod").database?.dr_backup_retention_days >= 7, "dr_backup_replication must be true with a retention"));
  assert("prod", "RDS deletion protection", () => check(P("prod").database?.deletion_protection === true, "deletion_protection must be true"));
  assert("prod", "S3 replicated to DR with COMPLIANCE Object Lock on backups", () => check(P("prod").storage?.replicate_to_dr === true && P("prod").storage?.backup_lock_mode === "COMPLIANCE" && P("prod").storage?.backup_lock_days >= 30, "storage.replicate_to_dr, backup_lock_mode COMPLIANCE, backup_lock_days >= 30"));
  assert("prod", "ECR replicated to DR", () => check(P("prod").registry_replicate_to_dr === true, "registry_replicate_to_dr must be true"));
  assert("prod", "three AZs with a NAT gateway each", () => check(count(P("prod").availability_zones) === 3 && P("prod").single_nat_gateway === false, "3 availability_zones and single_nat_gateway = false"));
  assert("prod", "on-demand nodes, at least one per AZ", () => check(nodeGroups(P("prod")).some((g) => g.capacity_type === "ON_DEMAND" && g.min_size >= 3), "an ON_DEMAND node group with min_size >= 3"));
  assert("prod", "OpenSearch across 3 AZs with dedicated masters", () => { const o = P("prod").opensearch ?? {}; return check(o.zone_count === 3 && o.dedicated_masters === true && o.instance_count >= 3, "zone_count 3, dedicated_masters, instance_count >= 3"); });
  assert("prod", "log retention >= 1 year (CKV_AWS_338)", () => check(P("prod").log_retention_days >= 365, `log_retention_days ${P("prod").log_retention_days}`));
  assert("prod", "all interface endpoints", () => check(["ecr.api", "ecr.dkr", "sts", "sqs", "logs", "secretsmanager"].every((s) => list(P("prod").interface_endpoints).includes(s)), "interface_endpoints incomplete"));
  assert("prod", "GitHub environment 'production' (required reviewers)", () => check(P("prod").github?.environment === "production", `github.environment ${P("prod").github?.environment}`));
  // staging: production's shape, smaller.
  assert("staging", "RDS Multi-AZ", () => check(P("staging").database?.multi_az === true, "database.multi_az must be true"));
  assert("staging", "RDS deletion protection", () => check(P("staging").database?.deletion_protection === true, "deletion_protection must be true"));
  assert("staging", "three AZs with a NAT gateway each", () => check(count(P("staging").availability_zones) === 3 && P("staging").single_nat_gateway === false, "3 availability_zones and single_nat_gateway = false"));
  assert("staging", "backups >= 14 days", () => check(P("staging").database?.backup_retention_days >= 14, `backup_retention_days ${P("staging").database?.backup_retention_days}`));
  assert("staging", "on-demand base capacity", () => check(nodeGroups(P("staging")).some((g) => g.capacity_type === "ON_DEMAND"), "an ON_DEMAND node group"));
  // dev: cheap.
  assert("dev", "single NAT gateway", () => check(P("dev").single_nat_gateway === true, "single_nat_gateway must be true"));
  assert("dev", "spot nodes only", () => check(nodeGroups(P("dev")).length > 0 && nodeGroups(P("dev")).every((g) => g.capacity_type === "SPOT"), "every node group SPOT"));
  assert("dev", "burstable single-AZ database", () => check(/^db\.t4g\./.test(P("dev").database?.instance_class) && P("dev").database?.multi_az === false, "db.t4g.* without Multi-AZ"));
  assert("dev", "one-node OpenSearch", () => check(P("dev").opensearch?.instance_count === 1 && P("dev").opensearch?.dedicated_masters === false, "one data node, no masters"));
  // across environments
  assert("all", "retention prod >= staging >= dev", () => { const r = envNames.map((e) => P(e).database?.backup_retention_days); return check(r[2] >= r[1] && r[1] >= r[0], `backup retention ${r.join(" / ")}`); });
  assert("all", "distinct VPC CIDRs (peering stays possible)", () => { const c = envNames.map((e) => P(e).vpc_cidr_block); return check(new Set(c).size === c.length, `CIDRs ${c.join(", ")}`); });
  assert("all", "encryption is not an input: literals in every module", () => {
    const bad = [];
    for (const mod of mods.values()) {
      for (const [type, p] of ENCRYPTION_LITERALS) {
        // Asymmetric signing keys (DNSSEC) cannot rotate; they encrypt nothing.
        for (const r of mod.resources.filter((x) => x.type === type && x.body.key_usage !== "SIGN_VERIFY")) {
          const parts = p.split(".");
          const v = parts.length === 1 ? r.body[p] : value(r.body, p);
          if (v !== undefined && v !== true) bad.push(`${path.basename(mod.dir)}: ${type}.${r.name} ${p} = ${JSON.stringify(v)}`);
          if (v === undefined && parts.length === 1) bad.push(`${path.basename(mod.dir)}: ${type}.${r.name} ${p} unset`);
        }
      }
    }
    return check(!bad.length, bad.join("; "));
  });
  // Names shared with the Kubernetes overlays.
  assert("eks", "IRSA for the agreed service accounts", () => {
    const sas = eks?.locals.get("service_accounts")?.value ?? {};
    const wrong = Object.entries(SERVICE_ACCOUNTS).filter(([k, want]) => {
      const sa = sas[k];
      return !sa || `${withDefault(eks, sa.namespace)}/${sa.name}` !== want;
    });
    return check(!wrong.length, `mismatched: ${wrong.map(([k, w]) => `${k} (want ${w})`).join(", ")}`);
  });
  assert("eks", "IRSA trust pins the exact service account subject and audience", () => {
    const doc = eks?.data.find((d) => d.type === "aws_iam_policy_document" && d.name === "irsa_trust");
    const conds = blocks(blocks(doc?.body, "statement")[0], "condition");
    const sub = conds.find((c) => /:sub\b/.test(c.variable));
    const aud = conds.find((c) => /:aud\b/.test(c.variable));
    return check(sub?.test === "StringEquals" && list(sub.values)[0] === "system:serviceaccount:${each.value.namespace}:${each.value.name}" && aud?.test === "StringEquals", "StringEquals on :sub system:serviceaccount:<ns>:<sa> and :aud");
  });
  assert("queue", "the three work queues agora routes to", () => {
    const names = Object.keys(queue?.variables.get("queues")?.body.default ?? {}).sort();
    return check(JSON.stringify(names) === JSON.stringify(WORK_QUEUES), `default queues ${names.join(", ")}, want ${WORK_QUEUES.join(", ")}`);
  });
  // ADR 0079: one role per agora process. serve only writes the outbox table; the relay only sends.
  const sqsActions = (name) => {
    const doc = eks?.data.find((d) => d.type === "aws_iam_policy_document" && d.name === name);
    if (!doc) throw new Error(`data.aws_iam_policy_document.${name} not found in modules/eks`);
    return [...new Set(blocks(doc.body, "statement").flatMap((st) => list(st.actions)).filter((a) => String(a).startsWith("sqs:")))].sort();
  };
  assert("eks", "agora serve's role has no SQS action", () => { const a = sqsActions("api"); return check(a.length === 0, `api grants ${a.join(", ")}`); });
  assert("eks", "agora relay's role only sends to SQS", () => { const a = sqsActions("relay"); return check(JSON.stringify(a) === '["sqs:SendMessage"]', `relay grants ${a.join(", ")}`); });
  assert("eks", "agora worker's role consumes but cannot purge or reconfigure queues", () => {
    const a = sqsActions("worker");
    const allowed = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage", "sqs:SendMessage"];
    const extra = a.filter((x) => !allowed.includes(x));
    return check(a.includes("sqs:ReceiveMessage") && !extra.length, `worker grants ${extra.join(", ") || "no ReceiveMessage"}`);
  });
  assert("eks", "Fargate profile selects the agora-jobs namespace", () => {
    const fp = eks?.resources.find((r) => r.type === "aws_eks_fargate_profile");
    return check(withDefault(eks, value(fp?.body, "selector.namespace")) === "agora-jobs", "selector.namespace must resolve to agora-jobs");
  });
  assert("security", "GitHub deploy roles trust repo:<org>/<repo>:environment:<env>", () =>
    check(security?.locals.get("github_subject")?.value === "repo:${var.github_org}/${var.github_repo}:environment:${var.github_environment}", "local.github_subject has another shape"));
  return out;
}
