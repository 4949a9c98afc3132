// .github/environments.yml (how the workflows use each environment: the branch that
// triggers it, its overlay, whether it needs approval) against deploy/terraform/github
// (what GitHub enforces: reviewers and deployment branch policies, ADR 0085). Two files,
// one set of facts: this fails the moment they disagree.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { environments } from "../lib/workflows.mjs";
import { REPO } from "../lib/paths.mjs";
import { figure } from "../lib/figures.mjs";

const TF_VERIFY = path.join(REPO, "deploy/terraform/verify");
if (!existsSync(path.join(TF_VERIFY, "node_modules/@cdktf/hcl2json")))
  throw new Error("deploy/terraform/verify/node_modules is missing: run deploy/terraform/verify/run once (npm ci)");
const { loadModule } = await import(pathToFileURL(path.join(TF_VERIFY, "lib/model.mjs")).href);

// The github root's environments: its `environments` local (name -> reviewers, branches).
async function managed() {
  const mod = await loadModule(path.join(REPO, "deploy/terraform/github"));
  const envs = mod.locals.get("environments")?.value;
  assert.ok(envs && typeof envs === "object", "deploy/terraform/github: local.environments not found");
  return envs;
}

// Findings of the declared environments against the managed ones.
export function disagreements(declared, envs) {
  const out = [];
  for (const [name, d] of Object.entries(declared)) {
    const e = envs[name];
    if (!e) {
      out.push(`${name}: declared in .github/environments.yml, not managed by deploy/terraform/github`);
      continue;
    }
    // The root requires reviewers (and prevents self-review) exactly for its gated ones.
    const gated = e.gated === true || e.gated === "true";
    if (Boolean(d.required_reviewers) !== gated)
      out.push(`${name}: environments.yml says required_reviewers ${Boolean(d.required_reviewers)}, the github root ${gated ? "gates" : "does not gate"} it`);
    // An environment that deploys nothing (production-plan) has no branch to deploy from.
    if (d.required_reviewers && gated && d.deploys !== false && !(e.branches ?? []).includes(d.branch))
      out.push(`${name}: deploys from ${d.branch}, which its deployment branch policy (${(e.branches ?? []).join(", ")}) does not allow`);
  }
  for (const name of Object.keys(envs))
    if (!declared[name]) out.push(`${name}: managed by deploy/terraform/github, not declared in .github/environments.yml`);
  return out;
}

test("environments.yml and deploy/terraform/github agree", async () => {
  const declared = environments();
  assert.deepEqual(disagreements(declared, await managed()), []);
  figure("GitHub environments declared = managed", Object.keys(declared).sort().join(", "));
});

test("environment disagreements are found (each bad case, one finding)", async () => {
  const envs = await managed();
  const declared = environments();
  const cases = [
    ["production from another branch", (d) => (d.production.branch = "release"), "production: deploys from release"],
    ["staging declared ungated", (d) => (d.staging.required_reviewers = false), "staging: environments.yml says required_reviewers false"],
    ["dev declared gated", (d) => (d.dev.required_reviewers = true), "dev: environments.yml says required_reviewers true"],
    ["an environment only declared", (d) => (d.qa = { branch: "qa", required_reviewers: false, overlay: "dev" }), "qa: declared in .github/environments.yml, not managed"],
    ["an environment only managed", (d) => delete d.dev, "dev: managed by deploy/terraform/github, not declared"],
  ];
  for (const [name, mutate, want] of cases) {
    const d = structuredClone(declared);
    mutate(d);
    const got = disagreements(d, envs);
    assert.equal(got.length, 1, `${name}: ${JSON.stringify(got)}`);
    assert.ok(got[0].startsWith(want), `${name}: ${got[0]}`);
  }
  figure("GitHub environment disagreements proven", `${cases.length} cases, one finding each`);
});
