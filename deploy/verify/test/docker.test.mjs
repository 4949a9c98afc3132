// deploy/docker: the Dockerfile lints clean and follows the rules (multi-
// stage, pinned bases, no latest, numeric non-root user, health check or its
// reason, the build packages of scripts/setup, a runtime without build
// tools, warnings as errors, a context allowlist that lets every COPY
// through); each rule (and each case of a rule that tests several things)
// is shown to fire, alone, on a bad fixture. (No Docker engine here: CI
// builds it.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { checkRules, contextProblems, lint, RULE_NAMES, CASE_NAMES, setupPackages, NOT_IN_BUILD_STAGE } from "../lib/dockerfile.mjs";
import { FIXTURES, REPO } from "../lib/paths.mjs";
import { figure } from "../lib/figures.mjs";

const DOCKER = path.join(REPO, "deploy/docker");
const dockerfile = readFileSync(path.join(DOCKER, "Dockerfile"), "utf8");
const ignore = readFileSync(path.join(DOCKER, "Dockerfile.dockerignore"), "utf8");

// Everything the suite reports on a Dockerfile, one line each.
const findings = (text) => [
  ...checkRules(text).map((v) => `${v.case}: ${v.message}`),
  ...lint(text, "Dockerfile").map((m) => `lint: ${m}`),
  ...contextProblems(text, ignore).map((m) => `context: ${m}`),
];

test("the Dockerfile lints clean (dockerfile-utils, every rule an error)", () => {
  assert.deepEqual(lint(dockerfile, "Dockerfile"), []);
});

test("the Dockerfile follows the image rules", () => {
  assert.deepEqual(checkRules(dockerfile), []);
  figure("Dockerfile rules", `${RULE_NAMES.length} + lint + context`);
  const pkgs = setupPackages();
  figure("scripts/setup packages in the build stage", `${pkgs.filter((p) => !(p in NOT_IN_BUILD_STAGE)).length} of ${pkgs.length} (the rest test-only, with reasons)`);
});

test("every COPY from the context passes Dockerfile.dockerignore", () => {
  assert.deepEqual(contextProblems(dockerfile, ignore), []);
});

test("scripts/setup's package list is read whole; every package left out of the image is in it", () => {
  // A ")" inside a comment of the list once ended the parse early, so the
  // packages after it were never compared with the build stage.
  const sample = "PACKAGES=(\n    a b # c\n    # d (e, f) g\n    h\n    i # j)\n    k\n)\nOTHER=(x)\n";
  assert.deepEqual(setupPackages(sample), ["a", "b", "h", "i", "k"]);
  const pkgs = setupPackages();
  assert.ok(pkgs.includes("awscli"), "the last package of scripts/setup's list (awscli) was not read");
  assert.deepEqual(Object.keys(NOT_IN_BUILD_STAGE).filter((p) => !pkgs.includes(p)), [], "NOT_IN_BUILD_STAGE names packages scripts/setup no longer has");
});

// A fixture is the real Dockerfile with a few edits that add one defect; it
// must produce exactly the finding its "expect" names, nothing else.
function applyEdits(name, edits) {
  let text = dockerfile;
  let line;
  for (const { replace, with: by } of edits) {
    const at = text.indexOf(replace);
    assert.ok(at >= 0 && text.indexOf(replace, at + 1) < 0, `fixture ${name}: "${replace}" must occur exactly once in deploy/docker/Dockerfile`);
    line ??= text.slice(0, at).split("\n").length;
    text = text.slice(0, at) + by + text.slice(at + replace.length);
  }
  return { text, line };
}

test("bad fixtures: each produces exactly its one finding; every rule and case has one", () => {
  const dir = path.join(FIXTURES, "docker");
  const files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();
  const seen = new Set();
  const wrong = [];
  for (const f of files) {
    const fx = parse(readFileSync(path.join(dir, f), "utf8"));
    const { text, line } = applyEdits(f, fx.edits);
    const want = fx.expect.replaceAll("{line}", String(line));
    const name = want.slice(0, want.indexOf(":"));
    assert.ok(CASE_NAMES.includes(name), `${f}: "${name}" is not a rule, rule/case, lint or context`);
    const got = findings(text);
    if (JSON.stringify(got) !== JSON.stringify([want])) wrong.push(`${f}: expected [${want}], got ${JSON.stringify(got)}`);
    seen.add(name);
  }
  assert.deepEqual(wrong, [], "fixtures that do not produce exactly their one finding");
  assert.deepEqual(CASE_NAMES.filter((r) => !seen.has(r)), [], "rules (or cases) without a bad fixture");
  figure("Dockerfile rules proven by bad fixtures", `${seen.size}/${CASE_NAMES.length} rules, cases, lint and context, one finding each (${files.length} fixtures)`);
});
