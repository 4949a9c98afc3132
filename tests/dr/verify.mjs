// tests/dr/verify.mjs: checks a restored database against the writer's log.
//
// Usage: node verify.mjs --log FILE --phase NAME --out RESULT.json
//          [--prior RESULT.json.state]  writes of earlier phases: present iff the prior run found them
//          [--extra KEY]...             keys written outside the log (the drill's first write), must be present
//          --mode latest --incident MS --archived-wal SEGMENT --timeline N
//          --mode time   --target MS
// Env: PGHOST, PGPORT, PGDATABASE, PGUSER of the restored database;
//      DR_AUTHOR, DR_VOTER (usernames whose rows are the writer's).
//
// Keys: post:TOKEN, comment:TOKEN, vote:TOKEN (by the voter), emb:TOKEN, TOKEN
// being the "[...]" in the post's title / the comment's body (writer.mjs).
// Rules, for the acknowledged (ok) writes of --phase:
//   latest: the present writes are a prefix of the log (one writer, one
//           request at a time: acknowledgement order is commit order); every
//           write acknowledged before the last embedding whose WAL position
//           lies in an archived segment (<= --archived-wal) is present; what
//           is missing is the lost tail, reported as count and time gap.
//   time:   every write acknowledged at or before --target is present; every
//           write sent at or after it is absent (PITR discards it by design);
//           a write in flight across the target may be either.
// Both: every key of earlier phases is as --prior found it; no writer row
// exists that the log cannot explain; the HNSW index answers (the exact
// vector of a present post is its own nearest neighbour, through the index).
// Exit 1 when any rule fails; the result file says which.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { embeddingOf, vectorLiteral } from './lib/vector.mjs';

const require = createRequire(import.meta.url);
const pg = require('pg');

function parseArgs(argv) {
  const a = { extra: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i].replace(/^--/, '');
    if (k === 'extra') a.extra.push(argv[i + 1]);
    else a[k] = argv[i + 1];
  }
  return a;
}
const args = parseArgs(process.argv.slice(2));
for (const k of ['log', 'phase', 'out', 'mode']) {
  if (!args[k]) { console.error(`verify: --${k} is required`); process.exit(2); }
}

// ---------------------------------------------------------------- WAL names
function lsnToBigInt(lsn) {
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}
// Segment holding the byte just before LSN (16 MiB segments, the default):
// a record ending exactly at a segment boundary lies in the earlier segment.
function walFileOf(timeline, lsn) {
  const pos = lsnToBigInt(lsn);
  const seg = pos > 0n ? (pos - 1n) >> 24n : 0n;
  const hex = (n) => n.toString(16).toUpperCase().padStart(8, '0');
  return hex(BigInt(timeline)) + hex(seg / 256n) + hex(seg % 256n);
}

// ---------------------------------------------------------------- the log
const entries = readFileSync(args.log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const mine = entries.filter((e) => e.phase === args.phase);
const acked = mine.filter((e) => e.ok);
const failedByOp = {};
for (const e of mine.filter((x) => !x.ok)) failedByOp[e.op] = (failedByOp[e.op] || 0) + 1;
const prior = args.prior ? JSON.parse(readFileSync(args.prior, 'utf8')) : { present: [], known: [] };
const priorPresent = new Set(prior.present);
const known = new Set([...prior.known, ...entries.filter((e) => e.ok).map((e) => e.key), ...args.extra]);

// ---------------------------------------------------------------- the database
const db = new pg.Client({ connectionTimeoutMillis: 5000 });
await db.connect();
const users = await db.query('SELECT id, username FROM users WHERE username = ANY($1)',
  [[process.env.DR_AUTHOR, process.env.DR_VOTER]]);
const uid = Object.fromEntries(users.rows.map((r) => [r.username, r.id]));
const rows = await db.query(`
  WITH p AS (SELECT id, substring(title FROM '\\[(.*)\\]') AS token FROM posts WHERE author_id = $1)
  SELECT 'post:' || token AS key FROM p
  UNION ALL SELECT 'comment:' || substring(body_md FROM '\\[(.*)\\]') FROM comments WHERE author_id = $1
  UNION ALL SELECT 'vote:' || p.token FROM post_votes v JOIN p ON p.id = v.post_id WHERE v.user_id = $2 AND v.value = 1
  UNION ALL SELECT 'emb:' || p.token FROM dr_embeddings e JOIN p ON p.id = e.post_id`,
[uid[process.env.DR_AUTHOR] ?? -1, uid[process.env.DR_VOTER] ?? -1]);
const inDb = new Set(rows.rows.map((r) => r.key));

const errors = [];
const fail = (msg) => errors.push(msg);
const result = { phase: args.phase, mode: args.mode, acked: acked.length };

// Earlier phases: exactly what the previous verification saw.
let priorMissing = 0;
for (const k of priorPresent) if (!inDb.has(k)) priorMissing += 1;
if (priorMissing) fail(`${priorMissing} write(s) present after the previous restore are missing now`);
const priorLost = entries.filter((e) => e.ok && e.phase !== args.phase && !priorPresent.has(e.key) && inDb.has(e.key));
if (args.prior && priorLost.length) fail(`${priorLost.length} write(s) lost in the previous restore are back`);
for (const k of args.extra) if (!inDb.has(k)) fail(`the first write after the previous restore (${k}) is missing`);

const present = acked.filter((e) => inDb.has(e.key));
result.presentCount = present.length;
const lastPresent = present.at(-1);
result.lastPresentAck = lastPresent ? lastPresent.ack : null;

if (args.mode === 'latest') {
  const incident = Number(args.incident);
  const archived = args['archived-wal'];
  const timeline = Number(args.timeline || 1);
  // Prefix: once one acknowledged write is missing, all later ones must be.
  const firstMissing = acked.findIndex((e) => !inDb.has(e.key));
  if (firstMissing >= 0) {
    const resurrected = acked.slice(firstMissing).filter((e) => inDb.has(e.key)).length;
    if (resurrected) fail(`${resurrected} write(s) present after an earlier acknowledged write that is missing (not a prefix)`);
  }
  const lost = acked.filter((e) => e.ack <= incident && !inDb.has(e.key));
  result.lost = lost.length;
  result.firstLostAck = lost.length ? lost[0].ack : null;
  // Newest point before which every acknowledged write was in archived WAL.
  let safeUntil = null;
  for (const e of acked) {
    if (e.op === 'embedding' && walFileOf(timeline, e.lsn) <= archived) safeUntil = e.sent;
  }
  result.archivedWal = archived;
  result.safeUntil = safeUntil;
  const lostInArchive = lost.filter((e) => safeUntil !== null && e.ack <= safeUntil);
  result.lostInArchive = lostInArchive.length;
  if (lostInArchive.length) fail(`${lostInArchive.length} acknowledged write(s) inside the archived WAL are missing`);
  // RPO as seen by a user: from the newest surviving acknowledged write to the incident.
  result.gapS = lost.length ? (incident - (lastPresent ? lastPresent.ack : lost[0].sent)) / 1000 : 0;
} else if (args.mode === 'time') {
  const target = Number(args.target);
  const before = acked.filter((e) => e.ack <= target);
  const after = acked.filter((e) => e.sent >= target);
  const straddling = acked.filter((e) => e.ack > target && e.sent < target);
  const lost = before.filter((e) => !inDb.has(e.key));
  const leaked = after.filter((e) => inDb.has(e.key));
  result.lost = lost.length;
  result.discarded = after.length;
  result.straddling = straddling.length;
  result.firstLostAck = lost.length ? lost[0].ack : null;
  if (lost.length) fail(`${lost.length} write(s) acknowledged before the target are missing`);
  if (leaked.length) fail(`${leaked.length} write(s) sent after the target are present`);
  const lastBefore = before.filter((e) => inDb.has(e.key)).at(-1);
  result.gapS = lastBefore ? Math.max(0, (target - lastBefore.ack) / 1000) : null;
} else {
  console.error(`verify: unknown --mode ${args.mode}`);
  process.exit(2);
}

// Rows no log line explains. A request that failed on the client side (the
// server died after committing) may still have committed: allow one per
// failed or interrupted request of that kind.
const unknown = [...inDb].filter((k) => !known.has(k));
const unknownByOp = {};
for (const k of unknown) {
  const op = { post: 'post', comment: 'comment', vote: 'vote', emb: 'embedding' }[k.split(':')[0]];
  unknownByOp[op] = (unknownByOp[op] || 0) + 1;
}
result.unknownRows = unknown.length;
for (const [op, n] of Object.entries(unknownByOp)) {
  if (n > (failedByOp[op] || 0) + 1) fail(`${n} ${op} row(s) in the database that no log line explains`);
}

// ---------------------------------------------------------------- HNSW
await db.query('SET enable_seqscan = off');
const embKeys = (await db.query('SELECT post_id FROM dr_embeddings ORDER BY post_id')).rows.map((r) => Number(r.post_id));
const probes = [];
const want = Math.min(25, embKeys.length);
for (let i = 0; i < want; i++) probes.push(embKeys[Math.floor((i * (embKeys.length - 1)) / Math.max(1, want - 1))]);
let hits = 0;
for (const id of probes) {
  const r = await db.query('SELECT post_id FROM dr_embeddings ORDER BY embedding <-> $1 LIMIT 1',
    [vectorLiteral(embeddingOf(id))]);
  if (r.rows[0] && Number(r.rows[0].post_id) === id) hits += 1;
}
const plan = await db.query('EXPLAIN (FORMAT JSON) SELECT post_id FROM dr_embeddings ORDER BY embedding <-> $1 LIMIT 1',
  [vectorLiteral(embeddingOf(probes[0] ?? 1))]);
const planText = JSON.stringify(plan.rows[0]['QUERY PLAN']);
const valid = await db.query(`SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                              WHERE c.relname = 'dr_embeddings_hnsw'`);
result.hnsw = {
  rows: embKeys.length,
  probes: probes.length,
  hits,
  indexUsed: planText.includes('"Index Name":"dr_embeddings_hnsw"'),
  valid: valid.rows[0]?.indisvalid === true,
};
if (!probes.length) fail('no embedding rows to probe');
if (hits !== probes.length) fail(`HNSW: ${probes.length - hits} of ${probes.length} probes did not find their own vector first`);
if (!result.hnsw.indexUsed) fail('HNSW: the nearest-neighbour query does not use dr_embeddings_hnsw');
if (!result.hnsw.valid) fail('HNSW: dr_embeddings_hnsw is not valid');
await db.end();

result.ok = errors.length === 0;
result.errors = errors;
// What the next phase must still find: everything present now.
writeFileSync(args.out, JSON.stringify(result, null, 1));
// The next verification (--prior) reads this: the keys present now, and every key ever explained.
writeFileSync(`${args.out}.state`,
  JSON.stringify({ present: [...inDb].filter((k) => known.has(k)), known: [...known] }));
for (const e of errors) console.error(`verify: FAIL: ${e}`);
process.exit(result.ok ? 0 : 1);
