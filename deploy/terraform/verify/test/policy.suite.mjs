// Policy rules: the real code passes every rule (exceptions only through a policy:skip
// comment with a reason), and every rule fires on its deliberately bad fixture.
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

for (const rule of RULES) {
  test(`policy fixture fires: ${rule.id} ${rule.title}`, async () => {
    const dir = path.join(FIXTURES_DIR, "policy", rule.id);
    assert.ok(fs.existsSync(path.join(dir, "main.tf")), `fixtures/policy/${rule.id}/main.tf missing`);
    const mod = await loadModule(dir);
    // A fixture must be valid against the provider schema, so it fails for the right reason.
    assert.deepEqual(checkModuleSchema(mod, schema()).findings.map((f) => f.message), []);
    const r = runRule(rule, mod);
    assert.ok(r.findings.length > 0, `${rule.id} did not fire on its bad fixture`);
    stats.fixturesFired++;
  });
}
