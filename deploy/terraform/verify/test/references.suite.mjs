// References resolve; module calls match their modules' variables, outputs and aliases.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { loadModule } from "../lib/model.mjs";
import { checkModuleReferences } from "../lib/check-references.mjs";
import { tree, schema, stats } from "../lib/context.mjs";
import { FIXTURES_DIR } from "../lib/paths.mjs";
import { interpolations } from "../lib/expressions.mjs";

test("references: every module, env and bootstrap", async () => {
  const mods = await tree();
  const findings = [];
  for (const m of [...mods.values()]) {
    const r = await checkModuleReferences(m, mods, schema());
    findings.push(...r.findings);
    stats.references += r.references;
  }
  assert.deepEqual(findings.map((f) => `${f.file}:${f.line}: ${f.message}`), []);
});

const dir = path.join(FIXTURES_DIR, "references");
for (const name of fs.readdirSync(dir).sort().filter((n) => n !== "child")) {
  test(`references fixture fails: ${name}`, async () => {
    const expect = fs.readFileSync(path.join(dir, name, "EXPECT"), "utf8").trim();
    const mods = new Map();
    const mod = await loadModule(path.join(dir, name));
    const r = await checkModuleReferences(mod, mods, schema());
    // Exactly one finding, the one the fixture was written for.
    assert.ok(r.findings.length === 1 && r.findings[0].message.includes(expect), `expected one finding containing ${JSON.stringify(expect)}; got ${JSON.stringify(r.findings.map((f) => f.message))}`);
    stats.checkerFixtures++;
  });
}

test("references: interpolation scanner handles nesting and escapes", () => {
  assert.deepEqual(interpolations('a-${var.x}-b'), ["var.x"]);
  assert.deepEqual(interpolations('${merge(local.a, { b = "${var.c}}" })}'), ['merge(local.a, { b = "${var.c}}" })']);
  assert.deepEqual(interpolations("$${literal} ${x}"), ["x"]);
});
