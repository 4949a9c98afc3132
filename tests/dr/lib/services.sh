# shellcheck shell=bash
# tests/dr/lib/services.sh: the drill's moving parts, one function each: the
# S3-compatible server, the PostgreSQL cluster with WAL archiving, pgBackRest,
# and agora (migrate, serve, accounts). Sourced after common.sh.
#
# Layout of $DR_TMP:
#   pg/{data,sock,log}   the cluster (scripts/pg-cluster layout)
#   repo1/               pgBackRest repository 1 (local filesystem)
#   s3/                  s3rver's storage, the backing of repository 2
#   tls/                 the S3 server's self-signed certificate (made here)
#   pgbackrest/          pgBackRest's config, logs, locks
#   agora/               agora's logs; writer.jsonl, the writer's log

DR_PG_PORT=5432 # names the socket file only: no TCP (scripts/pg-cluster)
DR_STANZA=agora
DR_DB=agora
DR_BUCKET=agora-dr

pgc() { "$DR_ROOT/scripts/pg-cluster" "$@"; }

# psql as the superuser over the cluster's socket.
dr_psql() {
    as_owner "$AGORA_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -At -h "$DR_TMP/pg/sock" -p "$DR_PG_PORT" \
        -U postgres -d "$DR_DB" "$@"
}

# pgBackRest as the cluster owner, with the drill's config.
pgbr() {
    as_owner pgbackrest --config="$DR_TMP/pgbackrest/pgbackrest.conf" --stanza="$DR_STANZA" "$@"
}

# ---------------------------------------------------------------- S3 (repo2)
# A self-signed certificate for 127.0.0.1, made for this run only. Its name is
# the subject CN and there is no subjectAltName: pgBackRest 2.45 matches an IP
# endpoint against the CN only when the certificate has no DNS altnames, and
# it verifies the server against this certificate as its CA
# (repo2-storage-ca-file), so TLS verification stays on.
dr_make_cert() {
    mkdir -p "$DR_TMP/tls"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
        -subj /CN=127.0.0.1 -keyout "$DR_TMP/tls/key.pem" -out "$DR_TMP/tls/cert.pem" \
        >"$DR_TMP/tls/openssl.log" 2>&1 || { cat "$DR_TMP/tls/openssl.log" >&2; dr_fail "openssl could not make a certificate"; }
    chmod 644 "$DR_TMP/tls/cert.pem"
}

# Starts s3rver on 127.0.0.1 (kernel-chosen port) with credentials made up
# for this run; sets DR_S3_PORT, DR_S3_KEY, DR_S3_SECRET.
dr_start_s3() {
    DR_S3_KEY=drill$(openssl rand -hex 6)
    DR_S3_SECRET=$(openssl rand -hex 20)
    mkdir -p "$DR_TMP/s3"
    DR_S3_KEY=$DR_S3_KEY DR_S3_SECRET=$DR_S3_SECRET node "$DR_ROOT/tests/dr/s3-server.mjs" \
        "$DR_TMP/s3" "$DR_TMP/tls/cert.pem" "$DR_TMP/tls/key.pem" "$DR_BUCKET" "$DR_TMP/s3.port" \
        >"$DR_TMP/s3.log" 2>&1 &
    local pid=$!
    dr_track "$pid"
    for _ in $(seq 300); do
        [[ -s $DR_TMP/s3.port ]] && break
        kill -0 "$pid" 2>/dev/null || { cat "$DR_TMP/s3.log" >&2; dr_fail "the S3 server exited at start"; }
        sleep 0.1
    done
    [[ -s $DR_TMP/s3.port ]] || dr_fail "the S3 server did not start in 30 s"
    DR_S3_PORT=$(<"$DR_TMP/s3.port")
}

# ---------------------------------------------------------------- pgBackRest
# Two repositories: repo1 on the local filesystem, repo2 on the S3 server.
# Both receive every WAL segment (archive-push writes to all repositories)
# and a full backup each. Small files are bundled (fewer S3 requests), lz4
# keeps compression cheap on 2 cores, and io-timeout is short so a broken
# repository fails the drill in seconds instead of minutes.
dr_write_pgbackrest_conf() {
    local d=$DR_TMP/pgbackrest
    mkdir -p "$d/log" "$d/lock" "$d/spool" "$DR_TMP/repo1"
    cat >"$d/pgbackrest.conf" <<EOF
# Written by scripts/dr-drill for one run; deleted with it.
[global]
repo1-path=$DR_TMP/repo1
repo1-retention-full=2
repo1-bundle=y
repo2-type=s3
repo2-path=/agora
repo2-s3-bucket=$DR_BUCKET
repo2-s3-endpoint=127.0.0.1
repo2-storage-port=$DR_S3_PORT
repo2-s3-region=us-east-1
repo2-s3-uri-style=path
repo2-storage-ca-file=$DR_TMP/tls/cert.pem
repo2-s3-key=$DR_S3_KEY
repo2-s3-key-secret=$DR_S3_SECRET
repo2-retention-full=2
repo2-bundle=y
compress-type=lz4
process-max=2
# Asynchronous archiving: archive-push queues segments and pushes them in
# batches (still confirming to PostgreSQL only once they are stored), and
# archive-get prefetches the next segments during recovery, instead of one
# pgbackrest process and round trip per 16 MB segment.
archive-async=y
start-fast=y
io-timeout=15
archive-timeout=30
log-path=$d/log
lock-path=$d/lock
spool-path=$d/spool
log-level-console=warn
log-level-file=info

[$DR_STANZA]
pg1-path=$DR_TMP/pg/data
pg1-socket-path=$DR_TMP/pg/sock
pg1-port=$DR_PG_PORT
pg1-user=postgres
EOF
    # The S3 credentials are made up per run, but keep them to the owner.
    chmod 600 "$d/pgbackrest.conf"
    if [[ $EUID -eq 0 ]]; then chown -R "$DR_OWNER:" "$d" "$DR_TMP/repo1"; fi
}

# ---------------------------------------------------------------- PostgreSQL
dr_start_cluster() {
    pgc start "$DR_TMP/pg" "$DR_PG_PORT" >>"$DR_TMP/pg-cluster.log" 2>&1 ||
        { tail -n 20 "$DR_TMP/pg-cluster.log" >&2; dr_fail "PostgreSQL did not start"; }
}
dr_stop_cluster() {
    pgc stop "$DR_TMP/pg" >>"$DR_TMP/pg-cluster.log" 2>&1 || dr_fail "PostgreSQL did not stop"
}

# WAL archiving through pgBackRest, set with ALTER SYSTEM (so it lives in
# postgresql.auto.conf, travels with every backup and is active again on a
# restored cluster). Needs a restart for archive_mode.
dr_enable_archiving() {
    local conf=$DR_TMP/pgbackrest/pgbackrest.conf
    dr_psql -d postgres <<SQL
ALTER SYSTEM SET archive_mode = 'on';
ALTER SYSTEM SET archive_command = 'pgbackrest --config=$conf --stanza=$DR_STANZA archive-push %p';
ALTER SYSTEM SET archive_timeout = '${DR_ARCHIVE_TIMEOUT}s';
ALTER SYSTEM SET max_wal_size = '2GB';
-- A restored cluster starts with a backup_label, so PostgreSQL first fsyncs
-- every file of PGDATA, one by one; pgBackRest already synced what it wrote,
-- and one syncfs() per file system does the same job in a fraction of the time.
ALTER SYSTEM SET recovery_init_sync_method = 'syncfs';
ALTER SYSTEM SET log_min_messages = 'info';
SQL
    dr_stop_cluster
    dr_start_cluster
}

# Grows the agora database to about DR_BULK_MB with generated documents in
# their own schema (random hex text: it compresses about as badly as real
# user content, unlike repeated filler). In batches, so progress shows.
dr_bulk_load() {
    local target_mb=$1 rows_per_batch=500000 size_mb batch=0
    dr_psql -c 'CREATE SCHEMA IF NOT EXISTS dr_bulk' \
        -c 'CREATE TABLE IF NOT EXISTS dr_bulk.documents (id bigint PRIMARY KEY, author text NOT NULL, body text NOT NULL)'
    while :; do
        size_mb=$(dr_psql -c "SELECT pg_database_size('$DR_DB') / 1048576")
        ((size_mb < target_mb)) || break
        dr_psql -c "INSERT INTO dr_bulk.documents
                    SELECT g, 'user' || (g % 5000), md5(random()::text) || md5(random()::text) || ' ' ||
                           md5(random()::text) || md5(random()::text) || ' ' || md5(g::text)
                    FROM generate_series($((batch * rows_per_batch + 1)), $(((batch + 1) * rows_per_batch))) g"
        batch=$((batch + 1))
        dr_log "bulk load: ${size_mb} MB -> batch $batch"
    done
    dr_psql -c 'VACUUM (ANALYZE) dr_bulk.documents'
}

dr_db_size_bytes() { dr_psql -c "SELECT pg_database_size('$DR_DB')"; }

# The drill's own pgvector table (the app's embedding pipeline comes later):
# one row per acknowledged post, HNSW-indexed, removed with its post.
dr_create_embedding_table() {
    as_owner "$AGORA_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DR_TMP/pg/sock" -p "$DR_PG_PORT" \
        -U agora -d "$DR_DB" <<'SQL'
CREATE TABLE dr_embeddings (
  post_id    bigint PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
  embedding  vector(64) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX dr_embeddings_hnsw ON dr_embeddings USING hnsw (embedding vector_l2_ops);
SQL
}

# The newest WAL segment of timeline 1 in repo1 (what a restore from it can
# reach), read from the repository's directory: instant, and exact.
dr_archived_max_repo1() {
    find "$DR_TMP/repo1/archive/$DR_STANZA" -type f -name '00000001????????????????-*' -printf '%f\n' |
        cut -c1-24 | sort | tail -n1
}

# ---------------------------------------------------------------- agora
dr_agora_env() {
    DR_AGORA_ENV=(
        AGORA_DATABASE_URL="$(pgc url "$DR_TMP/pg" "$DR_PG_PORT" "$DR_DB")"
        AGORA_HTTP_HOST=127.0.0.1 AGORA_HTTP_PORT=0 AGORA_COOKIE_SECURE=false
        AGORA_ACCESS_LOG=false AGORA_DRAIN_MS=0 AGORA_SHUTDOWN_DEADLINE_MS=2000
        # The writer's pace is far above the per-user budgets meant for people.
        AGORA_POSTS_PER_HOUR=1000000 AGORA_NEW_ACCOUNT_POSTS_PER_HOUR=1000000
        AGORA_COMMENTS_PER_HOUR=1000000 AGORA_NEW_ACCOUNT_COMMENTS_PER_HOUR=1000000
        AGORA_VOTES_PER_HOUR=1000000 AGORA_AUTH_IP_LIMIT_PER_MINUTE=1000
    )
}

# agora migrate; prints how many migrations it applied.
dr_migrate() {
    env "${DR_AGORA_ENV[@]}" timeout 60 "$DR_AGORA" migrate >"$DR_TMP/agora/migrate.log" 2>&1 ||
        { cat "$DR_TMP/agora/migrate.log" >&2; dr_fail "agora migrate failed"; }
    sed -n 's/.*"migration.applied":\([0-9]*\).*/\1/p' "$DR_TMP/agora/migrate.log" | tail -n1
}

# agora serve on a kernel-chosen port; sets DR_AGORA_PID and DR_BASE_URL once
# /readyz answers 200.
dr_start_agora() {
    local log=$DR_TMP/agora/serve-$1.log port=
    : >"$log"  # exists before the loop reads it, however late the shell forks
    env "${DR_AGORA_ENV[@]}" "$DR_AGORA" serve >"$log" 2>&1 &
    DR_AGORA_PID=$!
    dr_track "$DR_AGORA_PID"
    for _ in $(seq 300); do
        port=$(sed -n 's/.*"message":"listening".*"server.port":\([0-9]*\).*/\1/p' "$log" | head -n1)
        [[ -n $port ]] && break
        kill -0 "$DR_AGORA_PID" 2>/dev/null || { cat "$log" >&2; dr_fail "agora serve exited at start"; }
        sleep 0.05
    done
    [[ -n $port ]] || dr_fail "agora serve did not report its port"
    DR_BASE_URL=http://127.0.0.1:$port
    for _ in $(seq 600); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$DR_BASE_URL/readyz") == 200 ]] && return 0
        sleep 0.05
    done
    tail -n 20 "$log" >&2
    dr_fail "agora serve did not become ready"
}
dr_stop_agora() { [[ -z ${DR_AGORA_PID:-} ]] || dr_stop_pid "$DR_AGORA_PID"; }

# dr_post PATH TOKEN JSON: POST, prints "STATUS BODY".
dr_post() {
    local out auth=()
    [[ -z $2 ]] || auth=(-H "authorization: Bearer $2")
    out=$(curl -s --max-time 10 -w '\n%{http_code}' -H 'content-type: application/json' \
        "${auth[@]}" -d "$3" "$DR_BASE_URL$1") || true
    printf '%s %s\n' "${out##*$'\n'}" "${out%$'\n'*}"
}

# Two accounts (author, voter), their tokens and the drill's community.
dr_accounts() {
    local u r pw
    DR_AUTHOR=drill_author DR_VOTER=drill_voter DR_COMMUNITY=dr-drill
    for u in "$DR_AUTHOR" "$DR_VOTER"; do
        pw=$(openssl rand -hex 12) # made up per run, used once to log in
        r=$(dr_post /api/v1/auth/signup "" "{\"email\":\"$u@example.com\",\"username\":\"$u\",\"password\":\"$pw\"}")
        [[ $r == 201* ]] || dr_fail "signup of $u: $r"
        r=$(dr_post /api/v1/auth/login "" "{\"login\":\"$u\",\"password\":\"$pw\"}")
        [[ $r == 200* ]] || dr_fail "login of $u: $r"
        r=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$r")
        [[ -n $r ]] || dr_fail "no token for $u"
        if [[ $u == "$DR_AUTHOR" ]]; then DR_AUTHOR_TOKEN=$r; else DR_VOTER_TOKEN=$r; fi
    done
    r=$(dr_post /api/v1/communities "$DR_AUTHOR_TOKEN" "{\"slug\":\"$DR_COMMUNITY\",\"name\":\"DR drill\"}")
    [[ $r == 201* ]] || dr_fail "community: $r"
}

# ---------------------------------------------------------------- the writer
dr_start_writer() {
    DR_PHASE=$1 DR_LOG=$DR_TMP/agora/writer.jsonl DR_BASE_URL=$DR_BASE_URL DR_COMMUNITY=$DR_COMMUNITY \
        DR_AUTHOR_TOKEN=$DR_AUTHOR_TOKEN DR_VOTER_TOKEN=$DR_VOTER_TOKEN DR_ROUND_MS=$DR_ROUND_MS \
        PGHOST=$DR_TMP/pg/sock PGPORT=$DR_PG_PORT PGDATABASE=$DR_DB PGUSER=agora \
        node "$DR_ROOT/tests/dr/writer.mjs" >>"$DR_TMP/agora/writer.out" 2>&1 &
    DR_WRITER_PID=$!
    dr_track "$DR_WRITER_PID"
}
# TERM lets it finish and log the request in flight (bounded by its 5 s timeout).
dr_stop_writer() { [[ -z ${DR_WRITER_PID:-} ]] || dr_stop_pid "$DR_WRITER_PID"; }

dr_acked() { grep -c "\"phase\":\"$1\".*\"ok\":true" "$DR_TMP/agora/writer.jsonl" || true; }
