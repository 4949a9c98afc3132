// The suite's own hygiene and the shell scripts of the delivery code:
// exact npm pins, a lockfile without URLs, shellcheck on every script.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { REPO, VERIFY_DIR } from "../lib/paths.mjs";
import { figure } from "../lib/figures.mjs";

test("package.json pins exact versions; the lockfile names no registry or URL", () => {
  const pkg = JSON.parse(readFileSync(path.join(VERIFY_DIR, "package.json"), "utf8"));
  for (const [name, v] of Object.entries(pkg.dependencies ?? {})) assert.match(v, /^\d+\.\d+\.\d+$/, `${name}@${v} is not exact`);
  const lock = readFileSync(path.join(VERIFY_DIR, "package-lock.json"), "utf8");
  assert.doesNotMatch(lock, /"resolved"|https?:\/\/|registry\./, "package-lock.json has URLs (run bin/normalize-lock)");
  assert.match(readFileSync(path.join(VERIFY_DIR, ".npmrc"), "utf8"), /^omit-lockfile-registry-resolved=true$/m);
});

// Every shell script of the delivery, recovery and infrastructure code: files
// under these folders that start with a sh/bash shebang or declare
// "# shellcheck shell=bash" (sourced libraries), found by content so a new
// script is checked without being listed.
const SHELL_ROOTS = ["scripts/rollout-test", "scripts/dr", "tests/dr", "tests/rollout", ".github/scripts", "deploy"];
function shellScripts() {
  const out = [];
  const visit = (p) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      if (path.basename(p) === "node_modules") return;
      for (const e of readdirSync(p).sort()) visit(path.join(p, e));
    } else if (st.isFile() && st.size < 1 << 20) {
      const head = readFileSync(p, "utf8").slice(0, 400);
      if (/^#!.*\b(ba)?sh\b/.test(head) || /^# shellcheck shell=(ba)?sh\b/m.test(head)) out.push(p);
    }
  };
  for (const r of SHELL_ROOTS) visit(path.join(REPO, r));
  return out;
}

test("shellcheck passes on every shell script of the delivery and recovery code (all severities)", () => {
  const files = shellScripts();
  for (const must of ["scripts/rollout-test", "scripts/dr/lib.sh", "tests/dr/aws-scripts.test.sh", ".github/scripts/deploy-k8s", "deploy/verify/run"])
    assert.ok(files.includes(path.join(REPO, must)), `${must} was not found as a shell script`);
  // Default severity is "style": every note counts.
  const r = spawnSync("shellcheck", ["-x", "-P", "SCRIPTDIR", "--severity=style", ...files], { cwd: REPO, encoding: "utf8" });
  assert.ok(!r.error, "shellcheck is not installed (Debian package shellcheck)");
  assert.equal(r.status, 0, r.stdout + r.stderr);
  figure("shell scripts shellchecked", files.length);
});
