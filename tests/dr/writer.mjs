// tests/dr/writer.mjs: the drill's steady writer. One request at a time (so
// the order of acknowledgements is the order of commits), in rounds of:
//   1. POST /api/v1/communities/{slug}/posts          (author)  -> post
//   2. INSERT INTO dr_embeddings ... (SQL, same rhythm) (author)  -> embedding
//   3. POST /api/v1/posts/{id}/comments                (author)  -> comment
//   4. POST /api/v1/posts/{id}/vote {value: 1}         (voter)   -> vote
// The app's own embedding pipeline does not exist yet, so the drill's
// embedding is a row in its own pgvector table (HNSW-indexed) written over SQL.
//
// Every request is logged as one JSON line once its answer is in:
//   {"phase","seq","op","key","sent","ack","ok",...}
// key is op:TOKEN, TOKEN = PHASE-ROUND, which the rows carry in their text
// (post title "drill [TOKEN]", comment "comment [TOKEN]"), so a row is matched
// by content, not by an id that a restore may hand out again.
// sent/ack are epoch milliseconds with microsecond decimals (one clock for
// the writer, PostgreSQL and the drill: the same machine). Only ok:true lines
// are acknowledged writes. The embedding line also carries `lsn`, the WAL
// insert position read inside that INSERT: every write acknowledged before it
// was sent lies in WAL before that position (the verifier uses this to tell
// which acknowledged writes were inside the archived WAL).
//
// Env: DR_BASE_URL, DR_COMMUNITY, DR_AUTHOR_TOKEN, DR_VOTER_TOKEN, DR_LOG,
//      DR_PHASE, DR_ROUND_MS (pause between round starts), PGHOST (socket
//      dir), PGPORT, PGDATABASE, PGUSER.
// SIGTERM/SIGINT: finish the request in flight, log it, exit 0.
import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { embeddingOf, vectorLiteral } from './lib/vector.mjs';

const require = createRequire(import.meta.url);
const pg = require('pg');

const env = (name) => {
  const v = process.env[name];
  if (!v) {
    console.error(`writer: ${name} is not set`);
    process.exit(2);
  }
  return v;
};
const base = env('DR_BASE_URL');
const community = env('DR_COMMUNITY');
const authorToken = env('DR_AUTHOR_TOKEN');
const voterToken = env('DR_VOTER_TOKEN');
const logFile = env('DR_LOG');
const phase = env('DR_PHASE');
const roundMs = Number(process.env.DR_ROUND_MS || 100);
const REQUEST_TIMEOUT_MS = 5000;

const now = () => Number((performance.timeOrigin + performance.now()).toFixed(3));
let stopping = false;
process.on('SIGTERM', () => { stopping = true; });
process.on('SIGINT', () => { stopping = true; });

let seq = 0;
function record(op, key, sent, ok, extra = {}) {
  seq += 1;
  appendFileSync(logFile, `${JSON.stringify({ phase, seq, op, key, sent, ack: now(), ok, ...extra })}\n`);
}

async function api(path, token, body) {
  const sent = now();
  try {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* problem bodies are JSON too; anything else is a failure */ }
    return { sent, status: res.status, json };
  } catch (err) {
    return { sent, status: 0, error: String(err.cause?.code || err.name || err) };
  }
}

let db = null;
async function sql(text, params) {
  if (!db) {
    const c = new pg.Client({ connectionTimeoutMillis: 2000, statement_timeout: REQUEST_TIMEOUT_MS });
    c.on('error', () => { /* a dead server: reconnect on the next query */ });
    await c.connect();
    db = c;
  }
  try {
    return await db.query(text, params);
  } catch (err) {
    const c = db;
    db = null;
    c.end().catch(() => {});
    throw err;
  }
}

async function round(n) {
  // The token names this round's rows in the database, whatever ids they got
  // (ids of writes lost in a restore are handed out again afterwards).
  const token = `${phase}-${n}`;
  const p = await api(`/api/v1/communities/${community}/posts`, authorToken,
    { title: `drill [${token}]`, body: `written at ${new Date().toISOString()}` });
  if (p.status !== 201 || !p.json?.id) {
    record('post', null, p.sent, false, { status: p.status, error: p.error });
    return false;
  }
  const postId = Number(p.json.id);
  record('post', `post:${token}`, p.sent, true, { status: 201, id: postId });
  if (stopping) return true;

  const eSent = now();
  try {
    const r = await sql(
      'INSERT INTO dr_embeddings (post_id, embedding) VALUES ($1, $2) RETURNING pg_current_wal_insert_lsn()::text AS lsn',
      [postId, vectorLiteral(embeddingOf(postId))]);
    record('embedding', `emb:${token}`, eSent, true, { lsn: r.rows[0].lsn, id: postId });
  } catch (err) {
    record('embedding', null, eSent, false, { error: String(err.code || err.message) });
    return false;
  }
  if (stopping) return true;

  const c = await api(`/api/v1/posts/${postId}/comments`, authorToken, { body: `comment [${token}]` });
  if (c.status !== 201 || !c.json?.id) {
    record('comment', null, c.sent, false, { status: c.status, error: c.error });
    return false;
  }
  record('comment', `comment:${token}`, c.sent, true, { status: 201, id: Number(c.json.id) });
  if (stopping) return true;

  const v = await api(`/api/v1/posts/${postId}/vote`, voterToken, { value: 1 });
  if (v.status !== 200) {
    record('vote', null, v.sent, false, { status: v.status, error: v.error });
    return false;
  }
  record('vote', `vote:${token}`, v.sent, true, { status: 200 });
  return true;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
for (let n = 1; !stopping; n++) {
  const start = now();
  const ok = await round(n);
  // After a failure, back off a little so an outage is not a busy loop.
  const pause = Math.max(0, (ok ? roundMs : Math.max(roundMs, 200)) - (now() - start));
  if (!stopping && pause > 0) await sleep(pause);
}
if (db) await db.end().catch(() => {});
