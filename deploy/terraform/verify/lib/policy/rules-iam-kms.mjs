// KMS keys and IAM: rotation, explicit key policies, no wildcards where AWS allows scoping,
// no administrator policy, GitHub OIDC trust pinned to one repository and environment.
import { expandLocals, isTrue, keyPolicyDocs, present, statements } from "./engine.mjs";

const READ_ONLY = /^[a-z0-9-]+:(Describe|List|Get|Head|BatchGet|Search|View)/;
const GITHUB = "token.actions.githubusercontent.com";

// Allow statements of every policy document that is not a KMS key policy.
function* iamAllows(ctx) {
  const keyDocs = keyPolicyDocs(ctx.mod);
  for (const d of ctx.docs()) {
    if (keyDocs.has(d.name)) continue;
    for (const s of statements(d)) if (s.effect === "Allow") yield { doc: d, s };
  }
}

export default [
  {
    id: "CKV_AWS_7",
    service: "kms",
    title: "KMS keys rotate",
    check(ctx) {
      for (const k of ctx.res("aws_kms_key")) if (!isTrue(k.body.enable_key_rotation)) ctx.fail(k, "enable_key_rotation", "enable_key_rotation must be true");
    },
  },
  {
    id: "CKV2_AWS_64",
    service: "kms",
    title: "KMS keys have an explicit key policy and a 30-day deletion window",
    checks: ["no-key-policy", "short-deletion-window"],
    check(ctx) {
      for (const k of ctx.res("aws_kms_key")) {
        if (!present(k.body.policy)) ctx.fail(k, null, "no explicit key policy");
        const w = k.body.deletion_window_in_days;
        if (w === undefined || (typeof w === "number" && w < 30)) ctx.fail(k, "deletion_window_in_days", "deletion window below 30 days");
      }
    },
  },
  {
    id: "CKV_AWS_1",
    service: "iam",
    title: "No IAM policy grants full administrative privileges (*:* on *)",
    check(ctx) {
      for (const { doc, s } of iamAllows(ctx)) if (s.actions.includes("*") && s.resources.includes("*")) ctx.fail(doc, "actions", `statement ${s.sid ?? ""} allows * on *`);
    },
  },
  {
    id: "CKV_AWS_63",
    service: "iam",
    title: "No IAM policy allows '*' or 'service:*' actions",
    check(ctx) {
      for (const { doc, s } of iamAllows(ctx)) {
        const wild = s.actions.filter((a) => a === "*" || /^[a-z0-9-]+:\*$/.test(a));
        if (wild.length) ctx.fail(doc, "actions", `statement ${s.sid ?? ""} allows ${wild.join(", ")}`);
      }
    },
  },
  {
    id: "CKV_AWS_356",
    service: "iam",
    title: "No '*' resource for restrictable actions (unless read-only or conditioned)",
    check(ctx) {
      for (const { doc, s } of iamAllows(ctx)) {
        if (!s.resources.includes("*") || s.conditions.length) continue;
        const writes = s.actions.filter((a) => !READ_ONLY.test(a));
        if (writes.length) ctx.fail(doc, "resources", `statement ${s.sid ?? ""}: ${writes.join(", ")} on "*" without a condition`);
      }
    },
  },
  {
    id: "CKV_AWS_274",
    service: "iam",
    title: "AdministratorAccess is attached to no role, user or group",
    checks: ["attachment", "managed-policy-arns"],
    check(ctx) {
      for (const type of ["aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_policy_attachment"]) {
        for (const a of ctx.res(type)) if (/AdministratorAccess/.test(JSON.stringify(a.body.policy_arn ?? ""))) ctx.fail(a, "policy_arn", "AdministratorAccess attached");
      }
      for (const r of ctx.res("aws_iam_role")) if (/AdministratorAccess/.test(JSON.stringify(r.body.managed_policy_arns ?? ""))) ctx.fail(r, "managed_policy_arns", "AdministratorAccess attached");
    },
  },
  {
    id: "CKV_AWS_358",
    service: "iam",
    title: "GitHub OIDC trust pins audience and an exact repository subject",
    checks: ["no-audience", "no-subject", "wildcard-subject"],
    check(ctx) {
      for (const d of ctx.docs()) {
        for (const s of statements(d)) {
          if (!s.actions.includes("sts:AssumeRoleWithWebIdentity")) continue;
          const conds = s.conditions.map((c) => ({ ...c, variable: expandLocals(ctx.mod, c.variable) }));
          const github = conds.some((c) => String(c.variable).startsWith(GITHUB)) || JSON.stringify(s.principals).includes(GITHUB);
          if (!github) continue;
          const sub = conds.find((c) => c.variable === `${GITHUB}:sub`);
          const aud = conds.find((c) => c.variable === `${GITHUB}:aud`);
          if (!aud || !aud.values.includes("sts.amazonaws.com")) ctx.fail(d, "condition", "no aud = sts.amazonaws.com condition");
          if (!sub) ctx.fail(d, "condition", "no sub condition: any repository could assume the role");
          else if (!["StringEquals", "StringLike"].includes(sub.test) || sub.values.some((v) => typeof v !== "string" || !expandLocals(ctx.mod, v).startsWith("repo:") || expandLocals(ctx.mod, v).includes("*"))) ctx.fail(d, "condition", `sub must name exact repo:<org>/<repo>:... subjects without wildcards (got ${JSON.stringify(sub.values)})`);
        }
      }
    },
  },
];
