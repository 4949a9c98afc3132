// Policy rules: the real code passes every rule (exceptions only through a policy:skip
// comment with a reason), and every rule is proven by bad fixtures that each carry exactly
// one defect: the fixture must produce exactly one finding, from its rule, on the expected
// block, with the expected message, and no other rule may fire on it.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { loadModule } from "../lib/model.mjs";
import { checkModuleSchema } from "../lib/check-schema.mjs";
import { RULES } from "../lib/policy/rules.mjs";
import { runRule } from "../lib/policy/engine.mjs";
import { tree, schema, stats } from "../lib/context.mjs";
import { FIXTURES_DIR } from "../lib/paths.mjs";

// The shared checklist sits beside the repository (shared/reference/); when present, the
// summary says how many rule ids it lists.
const checklistFile = new URL("../../../../../shared/reference/aws-production-checklist.md", import.meta.url);
const CHECKLIST = fs.existsSync(checklistFile) ? fs.readFileSync(checklistFile, "utf8") : null;

// The checklist writes "CKV_AWS_53-56" for a range and "CKV_AWS_72/168/387" for a list.
function inChecklist(id) {
  const [, prefix, n] = id.match(/^(CKV2?_AWS)_(\d+)$/);
  for (const m of CHECKLIST.matchAll(new RegExp(`\\b${prefix}_(\\d+)(?:-(\\d+)|((?:/\\d+)*))`, "g"))) {
    if (m[2] !== undefined && Number(n) >= Number(m[1]) && Number(n) <= Number(m[2])) return true;
    if ([m[1], ...(m[3] ?? "").split("/").filter(Boolean)].includes(n)) return true;
  }
  return false;
}

const POLICY_FIXTURES = path.join(FIXTURES_DIR, "policy");

// fixtures/policy/<ID>/main.tf for a rule with one check; fixtures/policy/<ID>/<case>/main.tf,
// one directory per check, for a rule with several (each fixture breaks one of them).
function fixtureDirs(id) {
  const dir = path.join(POLICY_FIXTURES, id);
  if (!fs.existsSync(dir)) return [];
  if (fs.existsSync(path.join(dir, "main.tf"))) return [dir];
  return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name)).sort();
}

// What a fixture must produce, from its "# expect: <address>: <message>" line.
function expectation(dir) {
  const m = fs.readFileSync(path.join(dir, "main.tf"), "utf8").match(/^# expect: (\S+): (.+)$/m);
  assert.ok(m, `${path.relative(FIXTURES_DIR, dir)}/main.tf has no "# expect: <address>: <message>" line`);
  return { address: m[1], message: m[2] };
}

// Every rule on one module: findings and skips, as comparable lines.
function runAll(mod) {
  const findings = [];
  const skipped = [];
  for (const rule of RULES) {
    const r = runRule(rule, mod);
    findings.push(...r.findings);
    skipped.push(...r.skipped);
  }
  return { findings, skipped };
}

test("policy: at least 40 rules mirror checkov ids, with unique ids", () => {
  const ids = RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, "duplicate rule id");
  const mirrored = RULES.filter((r) => !r.house);
  assert.ok(mirrored.length >= 40, `only ${mirrored.length} mirrored rules`);
  for (const r of mirrored) assert.match(r.id, /^CKV2?_AWS_\d+$/);
  stats.rules = mirrored.length;
  stats.houseRules = RULES.length - mirrored.length;
  stats.fromChecklist = CHECKLIST === null ? null : mirrored.filter((r) => inChecklist(r.id)).length;
});

test("policy: the real code passes every rule", async () => {
  const findings = [];
  for (const m of (await tree()).values()) {
    for (const rule of RULES) {
      const r = runRule(rule, m);
      stats.ruleEvaluations++;
      findings.push(...r.findings);
      stats.skips.push(...r.skipped);
    }
  }
  assert.deepEqual(findings.map((f) => `${f.rule} ${f.file}:${f.line} ${f.address}: ${f.message}`), []);
  for (const s of stats.skips) assert.ok(s.reason.length >= 20, `${s.rule} on ${s.address}: the skip needs a real reason`);
});

test("policy: every fixture directory belongs to a rule", () => {
  const ids = new Set(RULES.map((r) => r.id));
  const orphans = fs.readdirSync(POLICY_FIXTURES).filter((d) => !ids.has(d));
  assert.deepEqual(orphans, [], "fixtures/policy/<dir> without a rule of that id");
  stats.fixtureCount = RULES.reduce((n, r) => n + fixtureDirs(r.id).length, 0);
  for (const rule of RULES) assert.ok(fixtureDirs(rule.id).length > 0, `fixtures/policy/${rule.id}/main.tf (or <case>/main.tf) missing`);
});

for (const rule of RULES) {
  for (const dir of fixtureDirs(rule.id)) {
    const name = path.relative(POLICY_FIXTURES, dir);
    test(`policy fixture ${name}: only ${rule.id} fires (${rule.title})`, async () => {
      const want = expectation(dir);
      const mod = await loadModule(dir);
      // A fixture must be valid against the provider schema, so it fails for the right reason.
      assert.deepEqual(checkModuleSchema(mod, schema()).findings.map((f) => f.message), []);
      const { findings, skipped } = runAll(mod);
      assert.deepEqual(
        findings.map((f) => `${f.rule} ${f.address}: ${f.message}`),
        [`${rule.id} ${want.address}: ${want.message}`],
        `${name}: expected exactly one finding, from ${rule.id}`,
      );
      // A fixture may silence a rule that necessarily sees the same defect (e.g. "*" actions
      // on "*" are also "*" actions), with a reason; never the rule it proves.
      for (const s of skipped) {
        assert.notEqual(s.rule, rule.id, `${name} skips the rule it proves`);
        assert.ok(s.reason.length >= 20, `${name}: the skip of ${s.rule} needs a real reason`);
      }
      stats.fixturesFired++;
      stats.fixtureSkips += skipped.length;
    });
  }
}

test("policy: a rule with several checks has one fixture per check", () => {
  // Such a rule names its checks (checks: [...]) and fixtures/policy/<ID>/ holds exactly one
  // <check>/main.tf per name, so no check rides along unproven on another one's fixture.
  const mismatched = [];
  for (const r of RULES) {
    const dirs = fixtureDirs(r.id).map((d) => path.relative(path.join(POLICY_FIXTURES, r.id), d) || "main.tf");
    const want = r.checks ? [...r.checks].sort() : ["main.tf"];
    if (JSON.stringify([...dirs].sort()) !== JSON.stringify(want)) mismatched.push(`${r.id}: checks ${JSON.stringify(want)}, fixtures ${JSON.stringify(dirs)}`);
  }
  assert.deepEqual(mismatched, []);
  stats.rulesWithCases = RULES.filter((r) => r.checks).length;
});
