// The GitHub Actions roles and IAM writes (issue 14, defect 7; ADR 0087): prod's plan role
// trusts no pull request, the apply role has no AWS-wide managed policy, roles and users are
// created only with a permissions boundary, and every role carries one.
import { expandLocals, keyPolicyDocs, present, statements } from "./engine.mjs";

const GITHUB_SUB = "token.actions.githubusercontent.com:sub";
const roleName = (ctx, r) => expandLocals(ctx.mod, String(r.body.name ?? ""));
const docRef = (s) => s?.match(/^data\.aws_iam_policy_document\.(\w+)\.json$/)?.[1];

// The trust document a role has in prod: `data.X.json`, or the prod branch of
// `var.environment == "prod" ? data.X.json : data.Y.json` (or `!=` with the branches swapped).
function prodTrustDoc(r) {
  const e = String(r.body.assume_role_policy ?? "").match(/^\$\{(.*)\}$/s)?.[1].trim();
  const only = docRef(e);
  if (only) return only;
  const m = e?.match(/^var\.environment\s*(==|!=)\s*"prod"\s*\?\s*(\S+)\s*:\s*(\S+)$/);
  return m ? docRef(m[1] === "==" ? m[2] : m[3]) : undefined;
}

// Does an IAM action pattern (with * and ?) cover the action?
const covers = (pattern, action) =>
  new RegExp(`^${String(pattern).replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i").test(action);
const PRINCIPAL_WRITES = ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy"];
const BROAD = /\b(PowerUserAccess|AdministratorAccess)\b/;

export default [
  {
    id: "AGORA_IAM_PLAN_PROD_TRUST",
    service: "iam",
    house: true,
    title: "The prod plan role trusts only a gated environment, never pull_request",
    check(ctx) {
      for (const r of ctx.res("aws_iam_role")) {
        if (!/terraform-plan/.test(roleName(ctx, r))) continue;
        const name = prodTrustDoc(r);
        const doc = ctx.docs().find((d) => d.name === name);
        if (!doc) { ctx.fail(r, "assume_role_policy", "the plan role's prod trust is not a policy document this rule can read"); continue; }
        const subs = statements(doc).flatMap((s) => s.conditions.filter((c) => c.variable === GITHUB_SUB || expandLocals(ctx.mod, c.variable) === GITHUB_SUB));
        if (subs.some((c) => c.values.some((v) => expandLocals(ctx.mod, String(v)).includes(":pull_request"))))
          ctx.fail(r, "assume_role_policy", `in prod the plan role trusts pull_request (data.aws_iam_policy_document.${name}): any pull request could assume it`);
      }
    },
  },
  {
    id: "AGORA_IAM_APPLY_MANAGED",
    service: "iam",
    house: true,
    title: "The apply role has no PowerUserAccess or AdministratorAccess",
    check(ctx) {
      for (const r of ctx.res("aws_iam_role")) {
        if (!/terraform-apply/.test(roleName(ctx, r))) continue;
        if (BROAD.test(JSON.stringify(r.body.managed_policy_arns ?? ""))) ctx.fail(r, "managed_policy_arns", "the apply role has an AWS-wide managed policy");
        const ref = new RegExp(`aws_iam_role\\.${r.name}\\b`);
        for (const a of ctx.res("aws_iam_role_policy_attachment"))
          if (ref.test(JSON.stringify(a.body.role ?? "")) && BROAD.test(JSON.stringify(a.body.policy_arn ?? "")))
            ctx.fail(a, "policy_arn", `${JSON.stringify(a.body.policy_arn).match(BROAD)[1]} attached to the apply role`);
      }
    },
  },
  {
    id: "AGORA_IAM_BOUNDARY_CONDITION",
    service: "iam",
    house: true,
    title: "iam:CreateRole, PutRolePolicy and AttachRolePolicy only with an iam:PermissionsBoundary condition",
    check(ctx) {
      const keyDocs = keyPolicyDocs(ctx.mod);
      for (const d of ctx.docs()) {
        if (keyDocs.has(d.name)) continue;
        for (const s of statements(d)) {
          if (s.effect !== "Allow") continue;
          const hit = PRINCIPAL_WRITES.filter((a) => s.actions.some((p) => covers(p, a)));
          if (hit.length && !s.conditions.some((c) => c.variable === "iam:PermissionsBoundary"))
            ctx.fail(d, "actions", `statement ${s.sid ?? ""} allows ${hit.join(", ")} without an iam:PermissionsBoundary condition`);
        }
      }
    },
  },
  {
    id: "AGORA_IAM_ROLE_BOUNDARY",
    service: "iam",
    house: true,
    title: "Every IAM role has a permissions boundary (service-linked roles are a separate resource)",
    check(ctx) {
      for (const r of ctx.res("aws_iam_role")) if (!present(r.body.permissions_boundary)) ctx.fail(r, null, "no permissions_boundary");
    },
  },
];
