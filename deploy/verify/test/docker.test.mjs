// deploy/docker: the Dockerfile lints clean and follows the rules (multi-
// stage, pinned bases, no latest, numeric non-root user, health check or its
// reason, the build packages of scripts/setup, a runtime without build
// tools, a context allowlist that lets every COPY through); each rule is
// shown to fire on a bad fixture. (No Docker engine here: CI builds it.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { checkRules, contextProblems, lint, RULE_NAMES, setupPackages, NOT_IN_BUILD_STAGE } from "../lib/dockerfile.mjs";
import { FIXTURES, REPO } from "../lib/paths.mjs";
import { figure } from "../lib/figures.mjs";

const DOCKER = path.join(REPO, "deploy/docker");
const dockerfile = readFileSync(path.join(DOCKER, "Dockerfile"), "utf8");
const ignore = readFileSync(path.join(DOCKER, "Dockerfile.dockerignore"), "utf8");

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

test("bad fixtures: every rule fires", () => {
  const dir = path.join(FIXTURES, "docker");
  const files = readdirSync(dir).sort();
  const seen = new Set();
  for (const f of files) {
    const text = readFileSync(path.join(dir, f), "utf8");
    const want = /^# expect: (.+)$/m.exec(text)[1].trim();
    let fired;
    if (want === "lint") fired = lint(text, f).length > 0;
    else if (want === "context") fired = contextProblems(text, ignore).length > 0;
    else fired = checkRules(text).some((v) => v.check === want);
    assert.ok(fired, `fixture ${f}: ${want} did not fire`);
    seen.add(want);
  }
  assert.deepEqual([...RULE_NAMES, "lint", "context"].filter((r) => !seen.has(r)), [], "rules without a bad fixture");
  figure("Dockerfile rules proven by bad fixtures", `${seen.size}/${RULE_NAMES.length + 2} (${files.length} fixtures)`);
});
