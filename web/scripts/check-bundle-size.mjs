// After `vite build`: the JavaScript the first page load fetches (the entry
// script named by dist/index.html and the chunks it imports statically),
// gzipped, must stay under the budget. Prints the figure; fails above it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET = 200 * 1024;
const dist = new URL("../dist/", import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(dist, ".vite/manifest.json"), "utf8"));
const entry = Object.values(manifest).find((c) => c.isEntry);
if (!entry) throw new Error("no entry chunk in the build manifest");
const files = new Set();
const visit = (chunk) => {
  if (files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const key of chunk.imports ?? []) visit(manifest[key]);
};
visit(entry);
let total = 0;
for (const f of files) total += gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log(`initial JavaScript: ${kb(total)} gzipped in ${files.size} file(s) (budget ${kb(BUDGET)})`);
if (total > BUDGET) {
  console.error("check-bundle-size: over budget");
  process.exitCode = 1;
}
