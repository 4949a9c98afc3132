// Every module (and bootstrap) has a README whose Inputs/Outputs tables match the code.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { renderTables, currentTables } from "../lib/readme.mjs";
import { tree } from "../lib/context.mjs";
import { TERRAFORM_DIR } from "../lib/paths.mjs";

test("docs: module READMEs list every input and output", async () => {
  const stale = [];
  for (const mod of (await tree()).values()) {
    if (path.basename(path.dirname(mod.dir)) === "envs") continue;
    const file = path.join(mod.dir, "README.md");
    if (!fs.existsSync(file)) {
      stale.push(`${path.relative(TERRAFORM_DIR, file)} missing`);
      continue;
    }
    if (currentTables(fs.readFileSync(file, "utf8")) !== renderTables(mod)) stale.push(`${path.relative(TERRAFORM_DIR, file)}: tables differ from the code (node lib/readme.mjs --write)`);
  }
  assert.deepEqual(stale, []);
});
