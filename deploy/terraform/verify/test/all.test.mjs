// The whole suite in one process, so the tree is parsed and the schema loaded once. The
// figures for the summary are written for ./run to print after the test report.
import { after } from "node:test";
import fs from "node:fs";
import path from "node:path";
import { stats } from "../lib/context.mjs";
import { VERIFY_DIR } from "../lib/paths.mjs";

await import("./parse.suite.mjs");
await import("./schema.suite.mjs");
await import("./references.suite.mjs");
await import("./policy.suite.mjs");
await import("./envs.suite.mjs");
await import("./github.suite.mjs");
await import("./format.suite.mjs");
await import("./docs.suite.mjs");

after(() => {
  const dir = path.join(VERIFY_DIR, "node_modules", ".cache", "agora-verify");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "summary.json"), JSON.stringify(stats, null, 2));
});
