// The suite's own hygiene and the shell scripts of the delivery code:
// exact npm pins, a lockfile without URLs, shellcheck on every script.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
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

test("shellcheck passes on the delivery scripts", () => {
  const files = [
    path.join(REPO, "scripts/rollout-test"),
    path.join(REPO, "deploy/docker/collect-runtime"),
    ...readdirSync(path.join(REPO, ".github/scripts")).map((f) => path.join(REPO, ".github/scripts", f)),
    path.join(VERIFY_DIR, "run"),
  ];
  const r = spawnSync("shellcheck", ["-x", "-P", "SCRIPTDIR", ...files], { cwd: REPO, encoding: "utf8" });
  assert.ok(!r.error, "shellcheck is not installed (Debian package shellcheck)");
  assert.equal(r.status, 0, r.stdout + r.stderr);
  figure("shell scripts shellchecked", files.length);
});
