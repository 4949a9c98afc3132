// tests/dr/report.mjs: the drill's table, from the files scripts/dr-drill
// leaves in its temp dir (caseN.timing.json, caseN.verify.json, backups.tsv),
// and the verdict against the targets. Exit 1 when a target is missed.
//
// Usage: node report.mjs DR_TMP SIZE ARCHIVE_TIMEOUT_S RPO_LIMIT_S RTO_LIMIT_S
import { existsSync, readFileSync } from 'node:fs';

const [dir, size, archiveTimeout, rpoLimit, rtoLimit] = process.argv.slice(2);
const load = (f) => (existsSync(`${dir}/${f}`) ? JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) : null);
const cases = [1, 2].map((n) => ({ t: load(`case${n}.timing.json`), v: load(`case${n}.verify.json`) }));
const backups = existsSync(`${dir}/backups.tsv`)
  ? readFileSync(`${dir}/backups.tsv`, 'utf8').trim().split('\n').map((l) => l.split('\t'))
  : [];

const mb = (b) => `${(Number(b) / 1048576).toFixed(1)} MB`;
const s = (x) => (x === null || x === undefined ? '-' : `${Number(x).toFixed(1)} s`);
const misses = [];

// Rows: a label, then one cell per case.
const rows = [];
const row = (label, f) => rows.push([label, ...cases.map((c) => (c.t && c.v ? f(c.t, c.v) : 'n/a'))]);
row('scenario', (t) => t.title);
row('restored from', (t) => t.source);
row('recovery target', (t) => t.target);
row('database size after restore', (t) => mb(t.db_bytes));
row('acknowledged writes (this phase)', (t, v) => String(v.acked));
row('RPO: acknowledged writes lost', (t, v) => String(v.lost));
row('RPO: of them inside archived WAL', (t, v) => (v.mode === 'latest' ? String(v.lostInArchive) : '-'));
row('RPO: time gap', (t, v) => s(v.gapS));
row('written after the target (dropped by design)', (t, v) => (v.mode === 'time' ? String(v.discarded) : '-'));
const phaseNames = [...new Set(cases.flatMap((c) => (c.t ? c.t.phases.map((p) => p.name) : [])))];
for (const name of phaseNames) {
  row(`RTO: ${name}`, (t) => s(t.phases.find((p) => p.name === name)?.s));
}
row('RTO: total, incident to first API write', (t) => s(t.rto_s));
row('HNSW: probes answered exactly, via the index', (t, v) =>
  `${v.hnsw.hits}/${v.hnsw.probes}${v.hnsw.indexUsed ? ', index scan' : ', NO index scan'} (${v.hnsw.rows} rows)`);
row('verification', (t, v) => (v.ok ? 'ok' : `FAILED: ${v.errors.join('; ')}`));

const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
const line = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
console.log('');
console.log(`DR drill, ${size} mode: archive_timeout ${archiveTimeout} s, one writer request at a time; ` +
  `full backups: ${backups.map(([r, t]) => `${r} ${t} s`).join(', ')}`);
console.log(line);
rows.forEach((r, i) => {
  console.log(`| ${r.map((c, j) => c.padEnd(widths[j])).join(' | ')} |`);
  if (i === 0) console.log(line);
});
console.log(line);

// Targets.
cases.forEach((c, i) => {
  const n = i + 1;
  if (!c.t || !c.v) { misses.push(`case ${n} did not complete`); return; }
  if (!c.v.ok) misses.push(`case ${n}: verification failed`);
  if (c.t.rto_s > Number(rtoLimit)) misses.push(`case ${n}: RTO ${c.t.rto_s.toFixed(1)} s > ${rtoLimit} s`);
  if (c.v.gapS !== null && c.v.gapS > Number(rpoLimit)) misses.push(`case ${n}: RPO gap ${c.v.gapS.toFixed(1)} s > ${rpoLimit} s`);
  if (c.v.mode === 'latest' && c.v.lostInArchive !== 0) misses.push(`case ${n}: acknowledged writes lost inside the archived WAL`);
  if (c.v.mode === 'time' && c.v.lost !== 0) misses.push(`case ${n}: acknowledged writes before the target lost`);
});
console.log(`targets: RPO <= ${rpoLimit} s and no acknowledged write lost inside the archived WAL / before the target; ` +
  `RTO <= ${rtoLimit} s per case`);
if (misses.length) {
  for (const m of misses) console.log(`MISSED: ${m}`);
  process.exit(1);
}
console.log('all targets met');
