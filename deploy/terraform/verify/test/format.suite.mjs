// Formatting: our checker on every file, on fixtures with known verdicts, and, where a
// terraform binary exists, verdict for verdict against `terraform fmt -check` on the real
// files, the fixtures and several hundred near-miss mutations of the real files.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { checkFormat } from "../lib/format.mjs";
import { mutations } from "../lib/mutate.mjs";
import { listTfFiles } from "../lib/hcl.mjs";
import { terraformBinary, fmtCheckList } from "../lib/terraform-bin.mjs";
import { tree, stats } from "../lib/context.mjs";
import { FIXTURES_DIR, TERRAFORM_DIR } from "../lib/paths.mjs";
import { RULES } from "../lib/policy/rules.mjs";
import { caseDirs, loadCase } from "../lib/policy-cases.mjs";

const fixtureDir = path.join(FIXTURES_DIR, "format");
const expected = JSON.parse(fs.readFileSync(path.join(fixtureDir, "expected.json"), "utf8"));
const verdict = (text, kind) => (checkFormat(text).some((f) => f.kind === kind) ? "bad" : "ok");

// The module each policy case.diff builds (base + change), named by its case; a case whose
// change does not apply is left to the policy suite, which fails it with the reason.
function policyCaseModules() {
  const modules = [];
  for (const rule of RULES) {
    for (const dir of caseDirs(rule.id)) {
      let c;
      try {
        c = loadCase(rule.id, dir);
      } catch {
        continue;
      }
      if (c.kind === "diff") modules.push({ name: `${path.relative(TERRAFORM_DIR, dir)}/case.diff (applied)`, text: c.text });
    }
  }
  return modules;
}

test("format: every .tf file (modules, envs, bootstrap, fixtures) and every policy case built from a base", async () => {
  const files = [...(await tree()).values()].flatMap((m) => m.files.map((f) => f.file));
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith(".tf") ? [path.join(d, e.name)] : []));
  files.push(...walk(FIXTURES_DIR));
  const texts = [...files.map((f) => ({ name: path.relative(TERRAFORM_DIR, f), text: fs.readFileSync(f, "utf8") })), ...policyCaseModules()];
  const bad = [];
  for (const { name, text } of texts) for (const x of checkFormat(text)) bad.push(`${name}:${x.line}: ${x.message}`);
  stats.formatFiles = texts.length;
  assert.deepEqual(bad, []);
});

for (const [name, want] of Object.entries(expected)) {
  test(`format fixture: ${name} (fmt ${want.fmt}, house ${want.house})`, () => {
    const text = fs.readFileSync(path.join(fixtureDir, `${name}.tf-fixture`), "utf8");
    assert.equal(verdict(text, "fmt"), want.fmt);
    assert.equal(verdict(text, "house"), want.house);
    stats.checkerFixtures++;
  });
}

test("format: agrees with terraform fmt -check (when the binary exists)", (t) => {
  const bin = terraformBinary();
  if (!bin) {
    // CI installs terraform and sets VERIFY_REQUIRE_TERRAFORM=1, so the comparison cannot
    // silently stop running there; a machine without terraform (scripts/setup does not install
    // it) still runs every fixture with a known verdict.
    assert.notEqual(process.env.VERIFY_REQUIRE_TERRAFORM, "1", "VERIFY_REQUIRE_TERRAFORM=1 but no terraform binary on PATH");
    stats.fmtAgreement = "terraform not installed: comparison skipped";
    t.skip("no terraform binary on this machine");
    return;
  }
  assert.deepEqual(fmtCheckList(bin, TERRAFORM_DIR), [], "terraform fmt -check -recursive deploy/terraform");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "agora-fmt-"));
  try {
    // The policy cases built from a base are not files in the tree: terraform fmt sees them here.
    const built = path.join(tmp, "policy-cases");
    fs.mkdirSync(built);
    const modules = policyCaseModules();
    modules.forEach((m, i) => fs.writeFileSync(path.join(built, `${i}.tf`), m.text));
    assert.deepEqual(fmtCheckList(bin, built).map((f) => modules[Number(path.basename(f, ".tf"))].name), [], "terraform fmt -check on the policy cases built from a base");
    fs.rmSync(built, { recursive: true });
    const cases = {};
    for (const [name] of Object.entries(expected)) {
      const text = fs.readFileSync(path.join(fixtureDir, `${name}.tf-fixture`), "utf8");
      cases[`fixture-${name}.tf`] = text;
    }
    let seed = 7;
    const sources = fs.readdirSync(path.join(TERRAFORM_DIR, "modules")).flatMap((d) => listTfFiles(path.join(TERRAFORM_DIR, "modules", d)));
    sources.forEach((file, i) => {
      mutations(fs.readFileSync(file, "utf8"), 4, seed++).forEach((m, j) => (cases[`mut-${i}-${j}-${m.name}.tf`] = m.text));
    });
    for (const [name, text] of Object.entries(cases)) fs.writeFileSync(path.join(tmp, name), text);
    const rejected = new Set(fmtCheckList(bin, tmp).map((f) => path.basename(f)));
    const disagreements = Object.entries(cases)
      .filter(([name, text]) => (verdict(text, "fmt") === "bad") !== rejected.has(name))
      .map(([name]) => `${name}: ours ${rejected.has(name) ? "accepts" : "rejects"}, terraform fmt ${rejected.has(name) ? "rejects" : "accepts"}`);
    stats.fmtAgreement = `${Object.keys(cases).length - disagreements.length}/${Object.keys(cases).length} verdicts equal to terraform fmt -check`;
    assert.deepEqual(disagreements, []);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
