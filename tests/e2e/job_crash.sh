#!/usr/bin/env bash
# Crash test of the Postgres queue (docs/adr/0078): while batches of jobs are
# enqueued by committed and rolled-back transactions, two `agora worker`
# processes are SIGKILLed at random moments and restarted, many times. Then:
# every committed job's effect happened exactly once (diagnostics.touch
# counts its runs per job id), no rolled-back job ever ran, nothing is stuck.
# Bounded: about 40 s of chaos, then at most 60 s to finish.
set -Eeuo pipefail
bin=$(realpath "${1:?usage: job_crash.sh path/to/agora}")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
state=$(mktemp -d)
chmod 755 "$state"
pg_port=$((40000 + RANDOM % 20000))
chaos_seconds=${JOB_CRASH_SECONDS:-40}
declare -A worker_pids=()

say() { echo "job_crash: $*"; }
fail() {
    say "FAIL: $*" >&2
    tail -20 "$state"/worker-*.log >&2 2>/dev/null || true
    exit 1
}
cleanup() {
    for pid in "${worker_pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    if [[ -n ${enqueuer:-} ]]; then kill "$enqueuer" 2>/dev/null || true; fi
    wait 2>/dev/null || true
    "$root/scripts/pg-cluster" destroy "$state/pg" >/dev/null 2>&1 || true
    rm -rf "$state"
}
trap cleanup EXIT

PG_FAST=1 "$root/scripts/pg-cluster" start "$state/pg" "$pg_port" >/dev/null
"$root/scripts/pg-cluster" createdb "$state/pg" "$pg_port" agora >/dev/null
export AGORA_DATABASE_URL
AGORA_DATABASE_URL=$("$root/scripts/pg-cluster" url "$state/pg" "$pg_port" agora)
"$bin" migrate >/dev/null
sql() { psql "$AGORA_DATABASE_URL" -v ON_ERROR_STOP=1 -Atq "$@"; }

start_worker() {
    local n=$1
    AGORA_HTTP_PORT=0 AGORA_WORKER_CONCURRENCY=8 AGORA_JOB_LEASE_SECONDS=2 AGORA_JOB_RETRY_BASE_MS=50 \
        AGORA_ACCESS_LOG=false AGORA_LOG_LEVEL=warn "$bin" worker >>"$state/worker-$n.log" 2>&1 &
    worker_pids[$n]=$!
}

# Batches of 1-60 jobs, each in its own transaction; one in three is rolled
# back. Each job holds its transaction open 0-40 ms, so kills land mid-job.
enqueue_loop() {
    local i=0
    while :; do
        i=$((i + 1))
        local n=$((1 + RANDOM % 60)) end=COMMIT
        ((RANDOM % 3 == 0)) && end=ROLLBACK
        sql -c "BEGIN" -c "INSERT INTO jobs (queue, kind, payload)
                  SELECT 'jobs', 'diagnostics.touch', json_build_object('sleep_ms', (random() * 40)::int)::jsonb
                  FROM generate_series(1, $n)" -c "$end" || true
        sleep 0.0$((RANDOM % 5))
    done
}

start_worker 1
start_worker 2
enqueue_loop &
enqueuer=$!
kills=0
deadline=$((SECONDS + chaos_seconds))
while ((SECONDS < deadline)); do
    sleep "0.$((2 + RANDOM % 8))"
    n=$((1 + RANDOM % 2))
    kill -KILL "${worker_pids[$n]}" 2>/dev/null || true
    wait "${worker_pids[$n]}" 2>/dev/null || true
    kills=$((kills + 1))
    start_worker "$n"
done
kill "$enqueuer" 2>/dev/null || true
wait "$enqueuer" 2>/dev/null || true
enqueuer=
sleep 1  # a psql the enqueuer had started finishes its transaction

# Let the surviving workers finish: expired leases come back after 2 s.
for _ in $(seq 1 600); do
    left=$(sql -c "SELECT count(*) FROM jobs WHERE state IN ('ready', 'running')")
    [[ $left == 0 ]] && break
    sleep 0.1
done
[[ $left == 0 ]] || fail "$left jobs still ready or running 60 s after the chaos"

# The enqueued jobs only: the workers' schedules add their own (housekeeping
# every 10 minutes), which have no diagnostics effect.
read -r committed done_ dead <<<"$(sql -F ' ' -c "SELECT count(*), count(*) FILTER (WHERE state = 'done'),
                                                          count(*) FILTER (WHERE state = 'dead') FROM jobs
                                                   WHERE kind = 'diagnostics.touch'")"
read -r effects once <<<"$(sql -F ' ' -c "SELECT count(*), count(*) FILTER (WHERE runs = 1) FROM job_diagnostics")"
orphans=$(sql -c "SELECT count(*) FROM job_diagnostics d WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = d.job_id)")
rolled_back=$(sql -c "SELECT (SELECT max(id) FROM jobs) - count(*) FROM jobs")
retried=$(sql -c "SELECT count(*) FROM jobs WHERE attempts > 1")
say "$kills kills; $committed committed jobs ($rolled_back ids of rolled-back transactions), $done_ done, $dead dead, $retried run more than once; $effects effects, $once exactly once, $orphans of rolled-back jobs"
((committed >= 1000)) || fail "only $committed jobs were enqueued: too few to mean anything"
((kills >= 20)) || fail "only $kills kills"
((rolled_back > 0)) || fail "no transaction was rolled back"
[[ $dead == 0 ]] || fail "$dead jobs dead-lettered"
[[ $done_ == "$committed" ]] || fail "$done_ of $committed committed jobs done"
[[ $effects == "$committed" ]] || fail "$effects effects for $committed committed jobs"
[[ $once == "$effects" ]] || fail "$((effects - once)) effects happened more than once"
[[ $orphans == 0 ]] || fail "$orphans effects of jobs that do not exist (rolled back)"

# A poison job: dead after its attempts, with its last error, listed and
# redriven by the operator's command.
poison=$(sql -c "INSERT INTO jobs (queue, kind, payload, max_attempts)
                 VALUES ('jobs', 'diagnostics.touch', '{\"fail\": true}', 2) RETURNING id")
for _ in $(seq 1 100); do
    [[ $(sql -c "SELECT state FROM jobs WHERE id = $poison") == dead ]] && break
    sleep 0.1
done
listed=$("$bin" admin jobs list --state dead)
grep -q "^$poison.*attempts 2.*error: diagnostics job asked to fail (attempt 2)" <<<"$listed" ||
    fail "the poison job is not listed dead with its last error: $listed"
"$bin" admin jobs redrive | grep -q "^1 dead job made ready again" || fail "redrive did not revive the poison job"
for _ in $(seq 1 100); do
    [[ $(sql -c "SELECT attempts FROM jobs WHERE id = $poison AND state = 'dead'") == 2 ]] && break
    sleep 0.1
done
[[ $(sql -c "SELECT count(*) FROM job_diagnostics WHERE job_id = $poison") == 0 ]] ||
    fail "a failed run of the poison job left its effect"
say "poison job $poison: dead after 2 attempts with its error, redriven, ran 2 more attempts, no effect kept"

# SIGTERM: running jobs finish within the deadline; those that cannot are
# given back at once (ready, the attempt not counted), their effects rolled back.
for n in "${!worker_pids[@]}"; do kill -KILL "${worker_pids[$n]}" 2>/dev/null || true; done
wait 2>/dev/null || true
worker_pids=()
sql -c "INSERT INTO jobs (queue, kind, payload)
        SELECT 'jobs', 'diagnostics.touch', json_build_object('sleep_ms', CASE WHEN i <= 4 THEN 1000 ELSE 20000 END)::jsonb
        FROM generate_series(1, 8) i"
AGORA_SHUTDOWN_DEADLINE_MS=3000 start_worker term
for _ in $(seq 1 100); do
    [[ $(sql -c "SELECT count(*) FROM jobs WHERE state = 'running'") == 8 ]] && break
    sleep 0.05
done
term_started=$SECONDS
kill -TERM "${worker_pids[term]}"
wait "${worker_pids[term]}" || true
term_took=$((SECONDS - term_started))
read -r short_done long_ready long_effects <<<"$(sql -F ' ' -c "
    SELECT count(*) FILTER (WHERE payload->>'sleep_ms' = '1000' AND state = 'done'),
           count(*) FILTER (WHERE payload->>'sleep_ms' = '20000' AND state = 'ready' AND attempts = 0),
           (SELECT count(*) FROM job_diagnostics d JOIN jobs j ON j.id = d.job_id WHERE j.payload->>'sleep_ms' = '20000')
    FROM jobs")"
say "SIGTERM: exited after ${term_took} s (deadline 3 s); $short_done of 4 short jobs done, $long_ready of 4 long jobs given back, $long_effects of their effects kept"
((term_took <= 5)) || fail "the worker took $term_took s to stop after SIGTERM"
[[ $short_done == 4 ]] || fail "only $short_done of the 4 short jobs finished before the deadline"
[[ $long_ready == 4 ]] || fail "only $long_ready of the 4 long jobs were given back"
[[ $long_effects == 0 ]] || fail "$long_effects effects of given-back jobs were kept"
say "PASS"
