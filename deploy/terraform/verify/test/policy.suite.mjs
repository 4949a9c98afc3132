// Policy rules: the real code passes every rule (exceptions only through a policy:skip
// comment with a reason), and every rule is proven by bad fixtures that each carry exactly
// one defect: the fixture must produce exactly one finding, from its rule, on the expected
// block, with the expected message, and no other rule may fire on it.
//
// Fixtures (see lib/policy-cases.mjs and the README): fixtures/policy/<ID>/ for a rule with
// one check, fixtures/policy/<ID>/<check>/ for each check of a rule that declares several.
// Most hold a case.diff, a compliant base from fixtures/policy/_bases/<base>.tf plus the one
// change that breaks the rule:
//
//   # Bad on purpose: versioning suspended
//   # base: s3-bucket
//   # expect: aws_s3_bucket_versioning.b: versioning status must be Enabled
//   @@
//      versioning_configuration {
//   -    status = "Enabled"
//   +    status = "Suspended"
//
// (" " kept, "-" removed, "+" added lines, placed by content: the kept and removed lines must
// stand exactly once in the base, or the case fails). A few unique defects are a whole
// main.tf with the same "# expect:" line. Each case's module is written to
// node_modules/.cache/agora-verify/policy-cases/<case>/main.tf and evaluated from there;
// every base must itself be schema-valid and fire no rule, so a case's one finding can only
// come from its change.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { loadModule } from "../lib/model.mjs";
import { checkModuleSchema } from "../lib/check-schema.mjs";
import { RULES } from "../lib/policy/rules.mjs";
import { runRule } from "../lib/policy/engine.mjs";
import { tree, schema, stats } from "../lib/context.mjs";
import { bases, caseBaseName, caseDirs, loadCase, materialise, CASES_OUT, POLICY_FIXTURES } from "../lib/policy-cases.mjs";

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

// The compliant bases (fixtures/policy/_bases/*.tf), read once for every case; the modules
// written out by the last run are removed first.
const BASES = bases();
fs.rmSync(CASES_OUT, { recursive: true, force: true });
const baseTexts = new Map(BASES.map((b) => [b.name, b.text]));

test("policy: every fixture directory belongs to a rule, every base serves a case", () => {
  const ids = new Set(RULES.map((r) => r.id));
  const orphans = fs.readdirSync(POLICY_FIXTURES).filter((d) => d !== "_bases" && !ids.has(d));
  assert.deepEqual(orphans, [], "fixtures/policy/<dir> without a rule of that id");
  stats.fixtureCount = RULES.reduce((n, r) => n + caseDirs(r.id).length, 0);
  for (const rule of RULES) assert.ok(caseDirs(rule.id).length > 0, `fixtures/policy/${rule.id}/ (case.diff or main.tf, or <check>/ with one) missing`);
  const used = new Set(RULES.flatMap((r) => caseDirs(r.id)).map(caseBaseName).filter(Boolean));
  assert.deepEqual(BASES.map((b) => b.name).filter((n) => !used.has(n)), [], "fixtures/policy/_bases/<name>.tf that no case.diff names");
});

// A base must be schema-valid and fire no rule, without any policy:skip: then the one finding
// of a case built on it can only come from the case's change.
for (const base of BASES) {
  test(`policy base _bases/${base.name}.tf: schema-valid, no rule fires`, async () => {
    const mod = await loadModule(materialise(`_bases/${base.name}`, base.text));
    assert.deepEqual(checkModuleSchema(mod, schema()).findings.map((f) => f.message), []);
    const { findings, skipped } = runAll(mod);
    assert.deepEqual(findings.map((f) => `${f.rule} ${f.address}: ${f.message}`), [], `_bases/${base.name}.tf must be compliant`);
    assert.deepEqual(skipped.map((s) => `${s.rule} ${s.address}`), [], `_bases/${base.name}.tf must not need a policy:skip`);
    stats.fixtureBases++;
  });
}

for (const rule of RULES) {
  for (const dir of caseDirs(rule.id)) {
    const name = path.relative(POLICY_FIXTURES, dir);
    test(`policy fixture ${name}: only ${rule.id} fires (${rule.title})`, async () => {
      // Base + change (throws when a hunk matches no place or several), or the whole main.tf.
      const c = loadCase(rule.id, dir, baseTexts);
      const want = c.expect;
      const mod = await loadModule(materialise(name, c.text));
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
      if (c.kind === "diff") stats.fixturesFromBases++;
      stats.fixtureSkips += skipped.length;
    });
  }
}

test("policy: a rule with several checks has one fixture per check", () => {
  // Such a rule names its checks (checks: [...]) and fixtures/policy/<ID>/ holds exactly one
  // <check>/ case per name, so no check rides along unproven on another one's fixture.
  const mismatched = [];
  for (const r of RULES) {
    const dirs = caseDirs(r.id).map((d) => path.relative(path.join(POLICY_FIXTURES, r.id), d) || ".");
    const want = r.checks ? [...r.checks].sort() : ["."];
    if (JSON.stringify([...dirs].sort()) !== JSON.stringify(want)) mismatched.push(`${r.id}: checks ${JSON.stringify(want)}, fixtures ${JSON.stringify(dirs)}`);
  }
  assert.deepEqual(mismatched, []);
  stats.rulesWithCases = RULES.filter((r) => r.checks).length;
});
