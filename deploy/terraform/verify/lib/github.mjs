// The GitHub root against the workflows: every `environment:` a workflow names has a
// github_repository_environment, and production has required reviewers and a custom
// deployment branch policy allowing main (defect 6 of issue 14: approvals in code).
import fs from "node:fs";
import path from "node:path";
import { blocks } from "./policy/engine.mjs";

// Literal environment names of .github/workflows/*.yml: `environment: x`, `name: x` under
// `environment:`, and the quoted results of an expression (`... && 'production' || 'staging'`;
// not the operands compared, like `github.base_ref == 'main'`).
export function workflowEnvironments(workflowsDir) {
  const names = new Set();
  for (const f of fs.readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f))) {
    const lines = fs.readFileSync(path.join(workflowsDir, f), "utf8").split("\n");
    lines.forEach((line, i) => {
      const m = line.match(/^\s+environment:\s*(.*)$/);
      if (!m) return;
      let v = m[1].trim();
      if (!v) v = (lines[i + 1]?.match(/^\s+name:\s*(.*)$/)?.[1] ?? "").trim();
      if (/\$\{\{/.test(v)) for (const q of v.matchAll(/(?:&&|\|\|)\s*'([\w-]+)'/g)) names.add(q[1]);
      else if (v && !/^(description|type|required):/.test(v)) names.add(v.replace(/^["']|["']$/g, ""));
    });
  }
  // workflow_call inputs named `environment` are not environments.
  for (const n of [...names]) if (!/^[\w-]+$/.test(n)) names.delete(n);
  return [...names].sort();
}

// The environments a github root manages: keys of its for_each local, or literal names.
function managed(mod) {
  const out = new Map();
  for (const r of mod.resources.filter((r) => r.type === "github_repository_environment")) {
    const fe = String(r.body.for_each ?? "");
    const local = fe.match(/^\$\{local\.(\w+)\}$/)?.[1];
    const value = local && mod.locals.get(local)?.value;
    if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out.set(k, { r, settings: v });
    else if (typeof r.body.environment === "string") out.set(r.body.environment, { r, settings: null });
  }
  return out;
}

export function githubFindings(mod, workflowEnvs) {
  const f = [];
  const envs = managed(mod);
  for (const e of workflowEnvs) if (!envs.has(e)) f.push(`environment "${e}" used by a workflow has no github_repository_environment`);
  const prod = envs.get("production");
  if (!prod) return f;
  const { r, settings } = prod;
  const reviewers = blocks(r.body, "reviewers");
  const named = settings ? [settings.reviewer_teams, settings.reviewer_users] : reviewers.flatMap((b) => [b.teams, b.users]);
  if (!reviewers.length || !named.some((x) => (Array.isArray(x) ? x.length : x))) f.push("production has no required reviewers");
  const branches = settings?.branches ?? [];
  const policy = blocks(r.body, "deployment_branch_policy");
  const custom = policy.length && String(policy[0].custom_branch_policies) === "true";
  const deployPolicy = mod.resources.some((x) => x.type === "github_repository_environment_deployment_policy");
  if (!custom || !deployPolicy || !branches.includes("main")) f.push("production has no deployment branch policy limiting it to main");
  return f;
}
