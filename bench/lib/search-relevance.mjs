// The relevance half of bench/search: asks agora's search API every query
// of queries.tsv in each mode and scores where the query's one relevant post
// (its package) ranks.
//
//   node search-relevance.mjs BASE_URL QUERIES_TSV IDS_TSV COMMUNITY [--modes text,semantic,hybrid] [--concurrency N]
//
// IDS_TSV maps a package name to its post id ("name<TAB>id" lines). Per mode
// it prints MRR@10 (the mean of 1/rank, 0 past rank 10), recall@10 (the
// share of queries whose post is in the first 10), latency p50/p99 as the
// client saw it, and how many answers carried a warning (a fallback to text);
// then a few queries hybrid answered at rank 1 and text did not at all.
// Any answer other than 200 fails the run.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    modes: { type: "string", default: "text,semantic,hybrid" },
    concurrency: { type: "string", default: "2" },
  },
});
const [base, queriesFile, idsFile, community] = positionals;

// COPY text format, as debian-descriptions.mjs wrote it.
const unescape = (s) => s.replace(/\\(.)/g, (_, c) => ({ n: "\n", t: "\t", r: "\r" })[c] ?? c);
const rows = (file) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split("\t").map(unescape));

async function ask(mode, query) {
  const url = `${base}/api/v1/search?${new URLSearchParams({ q: query, mode, community, limit: "10" })}`;
  const started = performance.now();
  const response = await fetch(url);
  const body = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${mode} "${query}": HTTP ${response.status}: ${body.slice(0, 300)}`);
  const page = JSON.parse(body);
  return { ids: page.items.map((p) => p.id), warning: page.warning, ms };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  if (!base || !queriesFile || !idsFile || !community) {
    console.error("usage: node search-relevance.mjs BASE_URL QUERIES_TSV IDS_TSV COMMUNITY [--modes …] [--concurrency N]");
    process.exitCode = 2;
    return;
  }
  const ids = new Map(rows(idsFile).map(([name, id]) => [name, Number(id)]));
  const queries = rows(queriesFile).map(([name, text]) => ({ name, text, want: ids.get(name) }));
  const missing = queries.filter((q) => q.want === undefined);
  if (missing.length) throw new Error(`no post for ${missing.length} queries, e.g. ${missing[0].name}`);
  const modes = opt.modes.split(",");
  const ranks = {};
  console.log(`| mode | queries | MRR@10 | recall@10 | p50 ms | p99 ms | warnings |`);
  console.log(`|---|---|---|---|---|---|---|`);
  for (const mode of modes) {
    const rank = new Array(queries.length).fill(0);
    const latency = [];
    let warnings = 0;
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < queries.length; i = next++) {
        const answer = await ask(mode, queries[i].text);
        latency.push(answer.ms);
        if (answer.warning) warnings++;
        rank[i] = answer.ids.indexOf(queries[i].want) + 1;  // 0: not in the first 10
      }
    };
    await Promise.all(Array.from({ length: Number(opt.concurrency) }, worker));
    ranks[mode] = rank;
    const mrr = rank.reduce((s, r) => s + (r ? 1 / r : 0), 0) / queries.length;
    const recall = rank.filter((r) => r > 0).length / queries.length;
    latency.sort((a, b) => a - b);
    console.log(
      `| ${mode} | ${queries.length} | ${mrr.toFixed(4)} | ${recall.toFixed(4)} | ` +
        `${percentile(latency, 50).toFixed(1)} | ${percentile(latency, 99).toFixed(1)} | ${warnings} |`,
    );
  }
  if (ranks.hybrid && ranks.text) {
    const examples = queries.filter((_, i) => ranks.hybrid[i] === 1 && ranks.text[i] === 0).slice(0, 5);
    console.log(`\nfound first by hybrid, not at all by text (${examples.length} of ` +
      `${queries.filter((_, i) => ranks.hybrid[i] > 0 && ranks.text[i] === 0).length} such queries shown):`);
    for (const q of examples) console.log(`  "${q.text}"  ->  ${q.name}`);
  }
}

main().catch((e) => {
  console.error(`search-relevance: ${e.message}`);
  process.exitCode = 1;
});
