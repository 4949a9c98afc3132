// Every .tf file parses with the real HCL parser; a syntax error is reported as one (the
// broken fixture is not named .tf, so `terraform fmt -recursive` never trips on it).
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { parseFile } from "../lib/hcl.mjs";
import { tree, stats } from "../lib/context.mjs";
import { FIXTURES_DIR } from "../lib/paths.mjs";

test("parse: every .tf file of modules, envs and bootstrap", async () => {
  const mods = await tree();
  stats.modules = mods.size;
  stats.files = [...mods.values()].reduce((n, m) => n + m.files.length, 0);
  assert.ok(mods.size >= 15, `expected the 11 modules, 3 envs and bootstrap, got ${mods.size}`);
  for (const m of mods.values()) assert.ok(m.files.length >= 4, `${m.dir}: fewer than 4 files`);
});

test("parse: a syntax error fails with file and position", async () => {
  await assert.rejects(parseFile(path.join(FIXTURES_DIR, "parse/syntax-error/main.tf-fixture")), (err) => err.parseError && /main\.tf-fixture:3/.test(err.message));
  stats.checkerFixtures++;
});
