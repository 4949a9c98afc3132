// Environment assertions, and proof that they fail when an environment drifts.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { environmentAssertions } from "../lib/envs.mjs";
import { tree, stats } from "../lib/context.mjs";
import { TERRAFORM_DIR } from "../lib/paths.mjs";

test("environments: every assertion holds", async () => {
  const results = environmentAssertions(await tree(), TERRAFORM_DIR);
  stats.envAssertions = results.length;
  assert.deepEqual(results.filter((r) => !r.ok).map((r) => `${r.scope}: ${r.name}: ${r.detail}`), []);
  assert.ok(results.length >= 40);
});

// Mutates a copy of one environment's platform call and expects the named assertion to fail.
async function drift(env, mutate, expected) {
  const mods = new Map(await tree());
  const key = path.join(TERRAFORM_DIR, "envs", env);
  const mod = mods.get(key);
  const call = structuredClone(mod.modules.find((m) => m.name === "platform").body);
  mutate(call);
  mods.set(key, { ...mod, modules: mod.modules.map((m) => (m.name === "platform" ? { ...m, body: call } : m)) });
  const failed = environmentAssertions(mods, TERRAFORM_DIR).filter((r) => !r.ok).map((r) => `${r.scope}: ${r.name}`);
  assert.ok(failed.some((f) => f.includes(expected)), `expected "${expected}" to fail, failed: ${JSON.stringify(failed)}`);
  stats.checkerFixtures++;
}

test("environments drift: prod single-AZ database", () => drift("prod", (c) => (c.database.multi_az = false), "prod: RDS Multi-AZ"));
test("environments drift: prod 7-day backups", () => drift("prod", (c) => (c.database.backup_retention_days = 7), "prod: RDS backups 30 days"));
test("environments drift: prod without DR backup replication", () => drift("prod", (c) => (c.database.dr_backup_replication = false), "prod: RDS automated backups replicated"));
test("environments drift: prod on one NAT gateway", () => drift("prod", (c) => (c.single_nat_gateway = true), "prod: three AZs"));
test("environments drift: staging without deletion protection", () => drift("staging", (c) => (c.database.deletion_protection = false), "staging: RDS deletion protection"));
test("environments drift: dev on on-demand nodes", () => drift("dev", (c) => (c.cluster.node_groups.spot.capacity_type = "ON_DEMAND"), "dev: spot nodes only"));
test("environments drift: pgvector-less PostgreSQL 14", () => drift("dev", (c) => (c.database.engine_version = "14.12"), "dev: PostgreSQL with pgvector"));

test("environments: terraform.tfvars.example sets every required variable, only declared ones, fmt-clean", async () => {
  const { parse } = await import("@cdktf/hcl2json");
  const fs = await import("node:fs");
  const { checkFormat } = await import("../lib/format.mjs");
  const problems = [];
  for (const env of ["dev", "staging", "prod"]) {
    const mod = (await tree()).get(path.join(TERRAFORM_DIR, "envs", env));
    const file = path.join(mod.dir, "terraform.tfvars.example");
    const text = fs.readFileSync(file, "utf8");
    const values = await parse("terraform.tfvars", text);
    for (const k of Object.keys(values)) if (!mod.variables.has(k)) problems.push(`${env}: ${k} is not a variable`);
    for (const [k, v] of mod.variables) if (!("default" in v.body) && !(k in values)) problems.push(`${env}: required ${k} missing`);
    for (const f of checkFormat(text)) problems.push(`${env}: line ${f.line}: ${f.message}`);
    for (const m of text.matchAll(/\b\d{12}\b/g)) if (m[0] !== "000000000000") problems.push(`${env}: an account id that is not the placeholder`);
  }
  assert.deepEqual(problems, []);
});
