// SQS queues and their policies; SNS topics.
import { keyPolicyDocs, present, statements } from "./engine.mjs";

// Policy documents used by aws_sqs_queue_policy resources of the module.
function queueDocs(ctx) {
  const names = new Set();
  for (const p of ctx.res("aws_sqs_queue_policy")) {
    for (const m of String(p.body.policy ?? "").matchAll(/data\.aws_iam_policy_document\.(\w+)/g)) names.add(m[1]);
  }
  return ctx.docs().filter((d) => names.has(d.name));
}

const allows = (doc) => statements(doc).filter((s) => s.effect === "Allow");

// Identity policy documents (no principals: attached to a role, user or group) that grant SQS
// actions: the policies of queue producers and consumers (agora relay and worker).
function queueIdentityDocs(ctx) {
  const skip = new Set([...keyPolicyDocs(ctx.mod), ...queueDocs(ctx).map((d) => d.name)]);
  return ctx.docs().filter((d) => {
    if (skip.has(d.name)) return false;
    const st = allows(d);
    return st.every((s) => s.principals.length === 0) && st.some((s) => s.actions.some((a) => String(a).startsWith("sqs:")));
  });
}
const wildcardQueue = (r) => r === "*" || (typeof r === "string" && /^arn:[^:]*:sqs:/.test(r) && r.includes("*"));
const KMS_USE = /^kms:(Decrypt|Encrypt|GenerateDataKey|ReEncrypt)/;

export default [
  {
    id: "CKV_AWS_27",
    service: "sqs",
    title: "SQS queues encrypted with a customer KMS key",
    check(ctx) {
      for (const q of ctx.res("aws_sqs_queue")) if (!present(q.body.kms_master_key_id)) ctx.fail(q, null, "kms_master_key_id not set");
    },
  },
  {
    id: "CKV_AWS_72",
    service: "sqs",
    title: "SQS policies do not allow all actions",
    check(ctx) {
      for (const d of queueDocs(ctx)) {
        if (allows(d).some((s) => s.actions.some((a) => a === "*" || a === "sqs:*"))) ctx.fail(d, "actions", "an Allow statement grants sqs:* or *");
      }
    },
  },
  {
    id: "CKV_AWS_168",
    service: "sqs",
    title: "SQS policies allow only named principals",
    check(ctx) {
      for (const d of queueDocs(ctx)) {
        if (allows(d).some((s) => s.principals.some((p) => p.type === "*" || p.identifiers.includes("*")))) ctx.fail(d, "principals", "an Allow statement names every principal (*)");
      }
    },
  },
  {
    id: "CKV_AWS_387",
    service: "sqs",
    title: "SQS policies allow no wildcard principals",
    check(ctx) {
      for (const d of queueDocs(ctx)) {
        if (allows(d).some((s) => s.principals.some((p) => p.identifiers.some((i) => typeof i === "string" && i.includes("*"))))) ctx.fail(d, "principals", "an Allow statement's principal contains a wildcard");
      }
    },
  },
  {
    id: "AGORA_SQS_DLQ",
    service: "sqs",
    house: true,
    title: "Work queues redrive to a dead-letter queue after >= 5 receives; DLQs keep 14 days",
    checks: ["dlq-retention", "no-redrive", "low-max-receive"],
    check(ctx) {
      for (const q of ctx.res("aws_sqs_queue")) {
        const dlq = /dlq|dead/i.test(`${q.name} ${JSON.stringify(q.body.name ?? "")}`);
        if (dlq) {
          if (Number(q.body.message_retention_seconds) !== 1209600) ctx.fail(q, "message_retention_seconds", "a dead-letter queue keeps messages the maximum 14 days (1209600 s)");
          continue;
        }
        const rp = String(q.body.redrive_policy ?? "");
        if (!rp.includes("deadLetterTargetArn") || !rp.includes("maxReceiveCount")) ctx.fail(q, null, "no redrive_policy to a dead-letter queue");
        const m = rp.match(/maxReceiveCount\s*=\s*(\d+)/);
        if (m && Number(m[1]) < 5) ctx.fail(q, "redrive_policy", `maxReceiveCount ${m[1]} < 5`);
      }
    },
  },
  {
    // ADR 0079: each agora process has its own role, scoped to the queues it uses. A queue role
    // names its queues (a wildcard would reach every queue of the account, other environments'
    // included, whatever the condition), and may use the queues' KMS key only through SQS.
    id: "AGORA_SQS_ROLE_SCOPE",
    service: "sqs",
    house: true,
    title: "Roles that use SQS name their queues and use the queue key only via SQS (kms:ViaService)",
    checks: ["wildcard-queue", "kms-via-service"],
    check(ctx) {
      for (const d of queueIdentityDocs(ctx)) {
        for (const s of allows(d)) {
          const sqs = s.actions.filter((a) => String(a).startsWith("sqs:"));
          if (sqs.length && s.resources.some(wildcardQueue)) ctx.fail(d, "resources", `statement ${s.sid ?? ""}: ${sqs.join(", ")} on a wildcard resource: name the queue ARNs`);
          const kms = s.actions.filter((a) => KMS_USE.test(String(a)));
          if (kms.length && !s.conditions.some((c) => c.variable === "kms:ViaService")) ctx.fail(d, "actions", `statement ${s.sid ?? ""}: ${kms.join(", ")} without a kms:ViaService condition`);
        }
      }
    },
  },
  {
    id: "CKV_AWS_26",
    service: "sns",
    title: "SNS topics encrypted with KMS",
    check(ctx) {
      for (const t of ctx.res("aws_sns_topic")) if (!present(t.body.kms_master_key_id)) ctx.fail(t, null, "kms_master_key_id not set");
    },
  },
];
