// Bad policy fixtures as data. A case is fixtures/policy/<ID>/ (a rule with one check) or
// fixtures/policy/<ID>/<check>/ (one per check of a rule that declares several), holding either
//
//   case.diff  a compliant base, fixtures/policy/_bases/<base>.tf, plus one change, or
//   main.tf    a whole module, for the few defects that share no base with another case.
//
// case.diff is a header of comments, then one or more hunks; every hunk starts with an "@@"
// line (anything after "@@", such as the line numbers `diff -u` writes, is ignored) and has
// lines starting with " " (kept), "-" (removed) or "+" (added); an empty line is a kept blank
// line:
//
//   # Bad on purpose: replication metrics off
//   # base: s3-bucket
//   # expect: aws_s3_bucket_replication_configuration.b: replication metrics not enabled
//   @@
//         metrics {
//   -        status = "Enabled"
//   +        status = "Disabled"
//
// A hunk is placed by its content alone: its kept and removed lines, in order, must stand in the
// (partly changed) base exactly once as whole lines, or the case fails saying so; add kept
// lines until they do. Hunks apply in order. The module a case evaluates is the changed base
// with the case's header comments in place of the base's. Print it with
//   node lib/policy-cases.mjs <ID>[/<check>]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FIXTURES_DIR, VERIFY_DIR } from "./paths.mjs";

export const POLICY_FIXTURES = path.join(FIXTURES_DIR, "policy");
export const BASES_DIR = path.join(POLICY_FIXTURES, "_bases");
// Where cases are written out to be evaluated; kept after a run, for looking at a failure.
export const CASES_OUT = path.join(VERIFY_DIR, "node_modules", ".cache", "agora-verify", "policy-cases");

const EXPECT = /^# expect: (\S+): (.+)$/m;
const BASE = /^# base: (\S+)\s*$/m;

// The compliant bases: { name, file, text }.
export function bases() {
  if (!fs.existsSync(BASES_DIR)) return [];
  return fs
    .readdirSync(BASES_DIR)
    .filter((f) => f.endsWith(".tf"))
    .sort()
    .map((f) => ({ name: f.slice(0, -3), file: path.join(BASES_DIR, f), text: fs.readFileSync(path.join(BASES_DIR, f), "utf8") }));
}

const isCaseDir = (dir) => ["main.tf", "case.diff"].some((f) => fs.existsSync(path.join(dir, f)));

// The case directories of a rule: [<ID>] or [<ID>/<check>, ...], sorted.
export function caseDirs(id) {
  const dir = path.join(POLICY_FIXTURES, id);
  if (!fs.existsSync(dir)) return [];
  if (isCaseDir(dir)) return [dir];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(dir, e.name))
    .sort();
}

// The hunks of a case.diff: [{ line, before: [...], after: [...] }]. Throws on anything that
// is not a header comment, an "@@" line or a hunk line.
export function parseCaseDiff(text, where) {
  const lines = text.split("\n");
  while (lines.length && lines[lines.length - 1] === "") lines.pop();
  const hunks = [];
  let hunk = null;
  lines.forEach((l, i) => {
    const at = `${where}:${i + 1}`;
    if (l.startsWith("@@")) {
      hunk = { line: i + 1, before: [], after: [], changes: 0 };
      hunks.push(hunk);
      return;
    }
    if (!hunk) {
      if (l !== "" && !l.startsWith("#")) throw new Error(`${at}: before the first "@@" only "#" comment lines may stand (got ${JSON.stringify(l)})`);
      return;
    }
    const [mark, rest] = l === "" ? [" ", ""] : [l[0], l.slice(1)];
    if (mark === " ") {
      hunk.before.push(rest);
      hunk.after.push(rest);
    } else if (mark === "-") {
      hunk.before.push(rest);
      hunk.changes++;
    } else if (mark === "+") {
      hunk.after.push(rest);
      hunk.changes++;
    } else {
      throw new Error(`${at}: a hunk line starts with " " (kept), "-" (removed) or "+" (added), got ${JSON.stringify(l)}`);
    }
  });
  if (hunks.length === 0) throw new Error(`${where}: no hunk (a line "@@" followed by the change)`);
  for (const h of hunks) {
    if (h.changes === 0) throw new Error(`${where}:${h.line}: the hunk changes nothing (no "-" or "+" line)`);
    if (h.before.length === 0) throw new Error(`${where}:${h.line}: the hunk only adds lines; give it at least one kept line to say where`);
  }
  return hunks;
}

// Applies hunks to a base text; each must match exactly one place, or this throws.
export function applyHunks(baseText, hunks, where, baseName) {
  const lines = baseText.split("\n");
  for (const [k, h] of hunks.entries()) {
    const at = [];
    for (let i = 0; i + h.before.length <= lines.length; i++) {
      if (h.before.every((l, j) => lines[i + j] === l)) at.push(i);
    }
    const hunkName = `${where}:${h.line} (hunk ${k + 1} of ${hunks.length})`;
    if (at.length === 0) {
      throw new Error(`${hunkName} does not apply: its kept and "-" lines do not stand in that order in _bases/${baseName}.tf${k ? " after the hunks before it" : ""} (first of them: ${JSON.stringify(h.before[0])})`);
    }
    if (at.length > 1) {
      throw new Error(`${hunkName} is ambiguous: its kept and "-" lines stand ${at.length} times in _bases/${baseName}.tf (lines ${at.map((i) => i + 1).join(", ")}); add kept lines until they stand once`);
    }
    lines.splice(at[0], h.before.length, ...h.after);
  }
  return lines.join("\n");
}

// The base a case.diff names (null for a main.tf case or a case.diff without the line).
export function caseBaseName(dir) {
  const file = path.join(dir, "case.diff");
  return fs.existsSync(file) ? (fs.readFileSync(file, "utf8").match(BASE)?.[1] ?? null) : null;
}

// One case: { id, name, dir, kind: "diff" | "main.tf", base, expect: { address, message },
// text }, where text is the module the case evaluates (base + change, or main.tf).
export function loadCase(id, dir, baseTexts = new Map(bases().map((b) => [b.name, b.text]))) {
  const name = path.relative(POLICY_FIXTURES, dir);
  const diffFile = path.join(dir, "case.diff");
  const mainFile = path.join(dir, "main.tf");
  const hasDiff = fs.existsSync(diffFile);
  if (hasDiff === fs.existsSync(mainFile)) throw new Error(`fixtures/policy/${name}: needs exactly one of case.diff and main.tf`);
  const file = hasDiff ? diffFile : mainFile;
  const where = `fixtures/policy/${name}/${path.basename(file)}`;
  const source = fs.readFileSync(file, "utf8");
  const m = source.match(EXPECT);
  if (!m) throw new Error(`${where} has no "# expect: <address>: <message>" line`);
  const expect = { address: m[1], message: m[2] };
  if (!hasDiff) return { id, name, dir, kind: "main.tf", base: null, expect, text: source };
  const b = source.match(BASE);
  if (!b) throw new Error(`${where} has no "# base: <name>" line (one of: ${[...baseTexts.keys()].join(", ")})`);
  if (!baseTexts.has(b[1])) throw new Error(`${where}: no base fixtures/policy/_bases/${b[1]}.tf (there are: ${[...baseTexts.keys()].join(", ")})`);
  const built = applyHunks(baseTexts.get(b[1]), parseCaseDiff(source, where), where, b[1]).split("\n");
  // The module written out starts with the case's comments instead of the base's.
  const header = source.slice(0, source.search(/^@@/m)).trimEnd().split("\n");
  const text = [...header, ...built.slice(built.findIndex((l) => !l.startsWith("#")))].join("\n");
  return { id, name, dir, kind: "diff", base: b[1], expect, text };
}

// Writes a module text to CASES_OUT/<name>/main.tf and returns that directory.
export function materialise(name, text) {
  const dir = path.join(CASES_OUT, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "main.tf"), text);
  return dir;
}

// node lib/policy-cases.mjs <ID>[/<check>]: prints the module that case evaluates.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const name = process.argv[2];
  if (!name) {
    console.error("usage: node lib/policy-cases.mjs <ID>[/<check>]   (prints the module that case evaluates)");
    process.exit(2);
  }
  const c = loadCase(name.split("/")[0], path.join(POLICY_FIXTURES, name));
  process.stdout.write(c.text);
}
