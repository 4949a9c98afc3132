// .github/workflows: actionlint and GitHub's parser find nothing, the
// repository's rules hold, and each rule (and each linter) is shown to fire
// on a bad fixture.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { actionlint, checkRules, githubParser, loadWorkflow, loadWorkflows, RULE_NAMES, CASE_NAMES, TERRAFORM_CHECKS } from "../lib/workflows.mjs";
import { FIXTURES, REPO } from "../lib/paths.mjs";
import { figure } from "../lib/figures.mjs";

const workflows = loadWorkflows();

test("the pipeline's workflows are all there", () => {
  const names = workflows.map((w) => w.name);
  for (const n of ["ci.yml", "deploy.yml", "dev.yml", "staging.yml", "prod.yml", "terraform.yml", "dr-drill.yml", "dast.yml"])
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

// Each fixture carries one defect. Its "# expect: <rule>[/<case>] <message>"
// line (or "actionlint <message>", "github-parser <message>") names the only
// finding it may produce, from the rules, actionlint and GitHub's parser
// together; "# also:" lines name findings of the other linter for the same
// defect (a duplicate step id is refused by both). "# as: deploy.yml" checks
// the fixture in place of that workflow (rules that look at one file).
test("bad fixtures: each produces exactly its one finding; every rule, case and linter has one", async () => {
  const dir = path.join(FIXTURES, "workflows");
  const files = readdirSync(dir).sort();
  const seen = new Set();
  const wrong = [];
  for (const f of files) {
    const wf = loadWorkflow(path.join(dir, f));
    const want = /^# expect: (.+)$/m.exec(wf.text)?.[1].trim();
    const also = [...wf.text.matchAll(/^# also: (.+)$/gm)].map((m) => m[1].trim());
    const as = /^# as: (.+)$/m.exec(wf.text)?.[1].trim();
    const name = want?.split(" ")[0];
    assert.ok(CASE_NAMES.includes(name), `${f}: "# expect: ${want}" does not start with a rule, rule/case or linter`);
    const checked = as ? { ...wf, name: as } : wf;
    const got = [
      ...checkRules([checked], [...workflows.filter((w) => w.name !== checked.name), checked]).map((v) => `${v.case} ${v.message}`),
      ...(await actionlint(wf)).map((m) => `actionlint ${m}`),
      // (the parser reports some errors twice: once parsing, once converting)
      ...new Set((await githubParser(wf)).map((m) => `github-parser ${m}`)),
    ];
    if (JSON.stringify(got.sort()) !== JSON.stringify([want, ...also].sort())) wrong.push(`${f}: expected ${JSON.stringify([want, ...also])}, got ${JSON.stringify(got)}`);
    seen.add(name);
  }
  assert.deepEqual(wrong, [], "fixtures that do not produce exactly their finding");
  assert.deepEqual(CASE_NAMES.filter((r) => !seen.has(r)), [], "rules (or cases, or linters) without a bad fixture");
  figure("workflow rules proven by bad fixtures", `${seen.size - 2}/${CASE_NAMES.length - 2} rules and cases + actionlint + parser, one finding each (${files.length} fixtures)`);
});

// The Terraform runbook and the terraform-checks rule name the same checks:
// what the runbook promises is what the rule makes terraform.yml run.
test("the Terraform runbook promises exactly the checks terraform.yml must run", () => {
  const text = readFileSync(path.join(REPO, "docs/runbooks/infrastructure.md"), "utf8");
  const claim = /^- Every change goes through a pull request:[\s\S]*?(?=^- )/m.exec(text)?.[0] ?? "";
  assert.ok(claim, "docs/runbooks/infrastructure.md no longer says what the workflow runs");
  for (const [name, c] of Object.entries(TERRAFORM_CHECKS)) assert.ok(claim.includes(c.says), `the runbook does not promise ${name} (${c.says})`);
  for (const tool of ["tfsec", "trivy", "terrascan"]) assert.ok(!claim.includes(tool), `the runbook promises ${tool}, which no rule requires`);
});
