// The relevance corpus of bench/search, from Debian's package descriptions
// (apt's Translation-en list, read from stdin): written by Debian's
// maintainers, not by us, and on this machine without a network beyond the
// Debian mirror.
//
//   node debian-descriptions.mjs OUT_DIR [--docs N] [--queries N] [--ann-queries N] [--seed S] < Translation-en
//
// Known-item search: each package's one-line synopsis is a query whose one
// relevant document is the package's long description (title: the package
// name), every one kept or the first N. Dropped as boilerplate: transitional and dummy packages, debug
// symbols, long descriptions under 12 words; a long description shared by
// several packages is kept once (its first package), and a synopsis shared
// by several kept packages is not a query (it has no single answer).
//
// Writes, in PostgreSQL's COPY text format:
//   docs.tsv         package, long description          (the corpus posts)
//   queries.tsv      package, synopsis                  (N sampled queries)
//   ann-fill.tsv     package, paragraph                 (every paragraph of every
//                    package, for bench/search's ANN part to fill up to its size)
//   ann-queries.tsv  synopsis                           (N other synopses: held-out
//                    query vectors of the ANN part)
// and prints one line of counts as JSON.
import { createInterface } from "node:readline";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    docs: { type: "string", default: "0" },
    queries: { type: "string", default: "5000" },
    "ann-queries": { type: "string", default: "1000" },
    seed: { type: "string", default: "42" },
  },
});
const outDir = positionals[0];
const wanted = Number(opt.queries);
const annWanted = Number(opt["ann-queries"]);
async function readRecords() {
  const records = [];
  let current = null;
  let inDescription = false;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line === "") {
      if (current) records.push(current);
      current = null;
      inDescription = false;
    } else if (line.startsWith("Package: ")) {
      current = { name: line.slice(9).trim(), synopsis: "", lines: [] };
    } else if (line.startsWith("Description-en: ") && current) {
      current.synopsis = line.slice(16).trim();
      inDescription = true;
    } else if (inDescription && line.startsWith(" ") && current) {
      // Debian's format: " ." is an empty line; a line with two leading
      // spaces is verbatim (kept as it is); the others are running text.
      current.lines.push(line === " ." ? "" : line.slice(1));
    } else {
      inDescription = false;
    }
  }
  if (current) records.push(current);
  return records;
}

function paragraphs(lines) {
  const out = [];
  let para = [];
  for (const l of lines) {
    if (l === "") {
      if (para.length) out.push(para.join("\n"));
      para = [];
    } else {
      para.push(l);
    }
  }
  if (para.length) out.push(para.join("\n"));
  return out;
}

// COPY text format: backslash, tab, newline and carriage return escaped.
const field = (s) => s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
const row = (...fields) => fields.map(field).join("\t") + "\n";

// A small seeded generator (mulberry32): the same sample on every run.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function shuffled(items, next) {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

async function main() {
  const records = await readRecords();
  const counts = { packages: records.length, transitional: 0, debug: 0, short: 0, duplicate_description: 0 };
  const seenLong = new Set();
  const docs = [];
  for (const r of records) {
    const long = paragraphs(r.lines).join("\n\n").trim();
    const all = `${r.synopsis}\n${long}`;
    if (/transitional|dummy package/i.test(all)) counts.transitional++;
    else if (/-dbg(sym)?$/.test(r.name) || /debug(ging)? symbols/i.test(r.synopsis)) counts.debug++;
    else if (long.split(/\s+/).filter(Boolean).length < 12) counts.short++;
    else if (seenLong.has(long)) counts.duplicate_description++;
    else {
      seenLong.add(long);
      docs.push({ name: r.name, synopsis: r.synopsis, long });
    }
  }
  // A smaller corpus (--docs): the first N, in the list's (alphabetical) order.
  if (Number(opt.docs) > 0) docs.splice(Number(opt.docs));
  const bySynopsis = new Map();
  for (const d of docs) {
    const key = d.synopsis.toLowerCase();
    bySynopsis.set(key, (bySynopsis.get(key) ?? 0) + 1);
  }
  const candidates = docs.filter((d) => d.synopsis.length >= 3 && bySynopsis.get(d.synopsis.toLowerCase()) === 1);
  const next = random(Number(opt.seed));
  const picked = shuffled(candidates, next);
  const queries = picked.slice(0, wanted);
  const annQueries = picked.slice(wanted, wanted + annWanted);

  writeFileSync(join(outDir, "docs.tsv"), docs.map((d) => row(d.name, d.long)).join(""));
  writeFileSync(join(outDir, "queries.tsv"), queries.map((d) => row(d.name, d.synopsis)).join(""));
  writeFileSync(join(outDir, "ann-queries.tsv"), annQueries.map((d) => row(d.synopsis)).join(""));
  const fill = [];
  for (const r of shuffled(records, next))
    for (const p of paragraphs(r.lines)) if (p.split(/\s+/).filter(Boolean).length >= 5) fill.push(row(r.name, p));
  writeFileSync(join(outDir, "ann-fill.tsv"), fill.join(""));
  console.log(
    JSON.stringify({
      ...counts,
      documents: docs.length,
      query_candidates: candidates.length,
      queries: queries.length,
      ann_queries: annQueries.length,
      ann_fill_paragraphs: fill.length,
    }),
  );
}

if (!outDir || !(wanted > 0) || !(annWanted > 0)) {
  console.error("usage: node debian-descriptions.mjs OUT_DIR [--queries N] [--ann-queries N] [--seed S]");
  process.exitCode = 2;
} else {
  await main();
}
