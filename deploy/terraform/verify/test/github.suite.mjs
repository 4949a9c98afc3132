// The GitHub root (deploy/terraform/github) against the workflows, and proof that the check
// fails: each bad fixture is a mutated copy of the real root.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { githubFindings, workflowEnvironments } from "../lib/github.mjs";
import { tree, stats } from "../lib/context.mjs";
import { TERRAFORM_DIR } from "../lib/paths.mjs";

const WORKFLOWS = path.resolve(TERRAFORM_DIR, "../../.github/workflows");

async function root() {
  const mod = (await tree()).get(path.join(TERRAFORM_DIR, "github"));
  assert.ok(mod, "deploy/terraform/github is missing");
  return mod;
}

test("github: every workflow environment is managed; production has reviewers and a main-only branch policy", async () => {
  const envs = workflowEnvironments(WORKFLOWS);
  assert.deepEqual(envs, ["dev", "production", "production-plan", "staging"]);
  assert.deepEqual(githubFindings(await root(), envs), []);
});

// Mutates a copy of the root's locals or resources and expects the finding.
async function bad(name, mutate, expected, envs = ["dev", "production", "staging"]) {
  test(`github bad fixture: ${name}`, async () => {
    const mod = await root();
    const copy = { ...mod, locals: new Map([...mod.locals].map(([k, v]) => [k, structuredClone(v)])), resources: structuredClone(mod.resources) };
    mutate(copy);
    const f = githubFindings(copy, envs);
    assert.ok(f.some((x) => x.includes(expected)), `expected "${expected}", got ${JSON.stringify(f)}`);
    stats.checkerFixtures++;
  });
}

bad("workflow environment without a resource", (m) => delete m.locals.get("environments").value.staging, 'environment "staging" used by a workflow');
bad("new workflow environment", () => {}, 'environment "qa" used by a workflow', ["dev", "production", "qa", "staging"]);
bad("production without reviewers", (m) => {
  const p = m.locals.get("environments").value.production;
  p.reviewer_teams = [];
  p.reviewer_users = [];
}, "production has no required reviewers");
bad("production from any branch", (m) => (m.locals.get("environments").value.production.branches = []), "production has no deployment branch policy");
bad("production without custom branch policies", (m) => {
  const r = m.resources.find((r) => r.type === "github_repository_environment");
  delete r.body.dynamic.deployment_branch_policy;
}, "production has no deployment branch policy");
