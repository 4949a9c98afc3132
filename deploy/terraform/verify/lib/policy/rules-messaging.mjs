// SQS queues and their policies; SNS topics.
import { present, statements } from "./engine.mjs";

// Policy documents used by aws_sqs_queue_policy resources of the module.
function queueDocs(ctx) {
  const names = new Set();
  for (const p of ctx.res("aws_sqs_queue_policy")) {
    for (const m of String(p.body.policy ?? "").matchAll(/data\.aws_iam_policy_document\.(\w+)/g)) names.add(m[1]);
  }
  return ctx.docs().filter((d) => names.has(d.name));
}

const allows = (doc) => statements(doc).filter((s) => s.effect === "Allow");

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
    id: "CKV_AWS_26",
    service: "sns",
    title: "SNS topics encrypted with KMS",
    check(ctx) {
      for (const t of ctx.res("aws_sns_topic")) if (!present(t.body.kms_master_key_id)) ctx.fail(t, null, "kms_master_key_id not set");
    },
  },
];
