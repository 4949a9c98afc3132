// .github/workflows: actionlint and GitHub's parser find nothing, the
// repository's rules hold, and each rule (and each linter) is shown to fire
// on a bad fixture.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { actionlint, checkRules, githubParser, loadWorkflow, loadWorkflows, RULE_NAMES } from "../lib/workflows.mjs";
import { FIXTURES, REPO } from "../lib/paths.mjs";
import { figure } from "../lib/figures.mjs";

const workflows = loadWorkflows();

test("the pipeline's workflows are all there", () => {
  const names = workflows.map((w) => w.name);
  for (const n of ["ci.yml", "deploy.yml", "dev.yml", "staging.yml", "prod.yml", "terraform.yml", "dr-drill.yml"])
    assert.ok(names.includes(n), `missing .github/workflows/${n}`);
  figure("workflows", names.length);
});

test("actionlint finds nothing", async () => {
  const found = (await Promise.all(workflows.map(actionlint))).flat();
  assert.deepEqual(found, []);
  figure("actionlint findings", `0 in ${workflows.length} workflows`);
});

test("GitHub's workflow parser accepts every workflow", async () => {
  const found = (await Promise.all(workflows.map(githubParser))).flat();
  assert.deepEqual(found, []);
});

test("the repository's workflow rules hold", () => {
  assert.deepEqual(checkRules(workflows), []);
  const uses = workflows.flatMap((w) => [...w.text.matchAll(/^\s*(?:-\s+)?uses:\s*([^\s#]+)/gm)].map((m) => m[1])).filter((u) => !u.startsWith("./"));
  figure("action references pinned by SHA", `${uses.length} (${new Set(uses).size} distinct)`);
  figure("workflow rules", RULE_NAMES.length);
});

test("dependabot.yml parses and covers actions, the image, npm and Terraform", () => {
  const d = parse(readFileSync(path.join(REPO, ".github/dependabot.yml"), "utf8"));
  assert.equal(d.version, 2);
  const eco = d.updates.map((u) => u.ecosystem ?? u["package-ecosystem"]);
  for (const e of ["github-actions", "docker", "npm", "terraform"]) assert.ok(eco.includes(e), `no ${e} updates`);
});

test("bad fixtures: every rule, actionlint and the parser fire", async () => {
  const dir = path.join(FIXTURES, "workflows");
  const files = readdirSync(dir).sort();
  const seen = new Set();
  for (const f of files) {
    const wf = loadWorkflow(path.join(dir, f));
    const want = /^# expect: (.+)$/m.exec(wf.text)[1].trim();
    let fired;
    if (want === "actionlint") fired = (await actionlint(wf)).length > 0;
    else if (want === "github-parser") fired = (await githubParser(wf)).length > 0;
    else {
      assert.ok(RULE_NAMES.includes(want), `${f}: no rule ${want}`);
      fired = checkRules([wf], [...workflows, wf]).some((v) => v.check === want);
    }
    assert.ok(fired, `fixture ${f}: ${want} did not fire`);
    seen.add(want);
  }
  assert.deepEqual([...RULE_NAMES, "actionlint", "github-parser"].filter((r) => !seen.has(r)), [], "rules without a bad fixture");
  figure("workflow rules proven by bad fixtures", `${seen.size - 2}/${RULE_NAMES.length} + actionlint + parser (${files.length} fixtures)`);
});
