#!/usr/bin/env bash
# Crash test of the SQS path (docs/adr/0078), smaller than job_crash.sh:
# jobs enqueued by committed and rolled-back transactions go through two
# `agora relay` replicas into SQS (fauxqs, tests/aws) and are consumed by
# two `agora worker` replicas; relays and workers are SIGKILLed at random
# moments and restarted, and SQS stops answering for a few seconds
# (SIGSTOP: calls hang and time out). Then: every committed job's effect
# happened exactly once (receipts drop repeated deliveries), no rolled-back
# job ran, nothing is left in the outbox. Bounded: ~25 s of chaos, then at
# most 90 s to finish; the loop runs on until 15 kills if stalls took the time.
set -Euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/aws_stand_ins.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/aws_stand_ins.sh"
e2e_init job_crash_sqs "${1:-}"
chaos_seconds=${JOB_CRASH_SECONDS:-25}

pg_start
agora_migrate
# Production queues allow several receives before the dead-letter queue; kills
# and stalls here can make a message's receive count climb that high.
export AWSTEST_SQS_MAX_RECEIVE_COUNT=10
aws_stand_ins_start
sql() { psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -Atq "$@"; }

# The stand-in has one work queue: all three of agora's queues use it.
export AGORA_DATABASE_URL=$DATABASE_URL AGORA_QUEUE=sqs AGORA_AWS_REGION=$AWSTEST_REGION \
    AGORA_SQS_ENDPOINT=$AWSTEST_SQS_ENDPOINT AGORA_SQS_EMAILS_URL=$AWSTEST_SQS_QUEUE_URL \
    AGORA_SQS_ANALYTICS_URL=$AWSTEST_SQS_QUEUE_URL AGORA_SQS_JOBS_URL=$AWSTEST_SQS_QUEUE_URL \
    AGORA_HTTP_PORT=0 AGORA_WORKER_CONCURRENCY=8 AGORA_JOB_LEASE_SECONDS=4 AGORA_JOB_RETRY_BASE_MS=200 \
    AGORA_ACCESS_LOG=false AGORA_LOG_LEVEL=info
declare -A pids=()
start() {  # start ROLE N
    "$AGORA" "$1" >>"$E2E_TMP/$1-$2.log" 2>&1 &
    pids[$1-$2]=$!
    e2e_track "${pids[$1-$2]}"
}

enqueue_loop() {
    while :; do
        local n=$((1 + RANDOM % 20)) end=COMMIT
        ((RANDOM % 3 == 0)) && end=ROLLBACK
        sql -c "BEGIN" -c "INSERT INTO jobs (queue, kind, payload)
                  SELECT 'jobs', 'diagnostics.touch', json_build_object('sleep_ms', (random() * 20)::int)::jsonb
                  FROM generate_series(1, $n)" -c "$end" || true
        sleep 0.0$((2 + RANDOM % 8))
    done
}

for role in relay worker; do
    start "$role" 1
    start "$role" 2
done
enqueue_loop &
enqueuer=$!
e2e_track "$enqueuer"
kills=0
stalls=0
deadline=$((SECONDS + chaos_seconds))
# At least the time asked for and at least 15 kills (stalls take seconds of
# their own), never more than a minute past the deadline.
while (((SECONDS < deadline || kills < 15) && SECONDS < deadline + 60)); do
    e2e_sleep "0.$((3 + RANDOM % 7))"
    if ((RANDOM % 8 == 0)); then
        # SQS stops answering for 2-4 s: sends and receives time out.
        kill -STOP "$AWS_STAND_INS_PID"
        e2e_sleep "$((2 + RANDOM % 3))"
        kill -CONT "$AWS_STAND_INS_PID"
        stalls=$((stalls + 1))
        continue
    fi
    role=$( ((RANDOM % 2)) && echo worker || echo relay)
    n=$((1 + RANDOM % 2))
    kill -KILL "${pids[$role-$n]}" 2>/dev/null || true
    wait "${pids[$role-$n]}" 2>/dev/null || true
    kills=$((kills + 1))
    start "$role" "$n"
done
e2e_kill_tree "$enqueuer"
wait "$enqueuer" 2>/dev/null || true

# Everything committed must reach its effect: hidden messages of killed
# workers come back after the 4 s visibility timeout. A message received more
# than maxReceiveCount (10) times is parked by the queue's redrive policy, as
# on AWS: here long polls of killed workers, which the stand-in keeps serving
# until their 20 s are up, take messages whose answers nobody reads. Parked is
# not lost: the operator's redrive brings them back, and they must then run.
# (A psql of the killed enqueuer may still commit: count inside the loop.)
dead_count() { "$AGORA" admin jobs list --limit 1 | sed -n 's/^sqs .* \([0-9]*\) in the dead-letter queue$/\1/p'; }
settle() {
    local i parked
    for i in $(seq 1 900); do
        # The enqueued jobs only: the workers' schedules add their own
        # (housekeeping every 10 minutes), which have no diagnostics effect.
        committed=$(sql -c "SELECT count(*) FROM jobs WHERE kind = 'diagnostics.touch'")
        effects=$(sql -c "SELECT count(*) FROM job_diagnostics")
        left=$(sql -c "SELECT count(*) FROM jobs WHERE state = 'ready'")
        [[ $effects == "$committed" && $left == 0 ]] && return 0
        if ((i % 20 == 0 && left == 0)); then
            parked=$(dead_count)
            ((effects + parked >= committed)) && return 0
        fi
        e2e_sleep 0.1
    done
}
effects=0
settle
parked_by_policy=$(dead_count)
if ((parked_by_policy > 0)); then
    "$AGORA" admin jobs redrive >/dev/null || e2e_fail "redrive of the parked messages failed"
    settle
fi
read -r once orphans <<<"$(sql -F ' ' -c "SELECT count(*) FILTER (WHERE runs = 1),
       count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = d.job_id)) FROM job_diagnostics d")"
relayed=$(sql -c "SELECT count(*) FROM jobs WHERE state = 'relayed' AND kind = 'diagnostics.touch'")
rolled_back=$(sql -c "SELECT coalesce(max(id), 0) - count(*) FROM jobs")
repeats=$(cat "$E2E_TMP"/worker-*.log | grep -c "repeated delivery dropped" || true)
e2e_log "$kills kills, $stalls SQS stalls; $committed committed jobs ($rolled_back ids rolled back), $relayed relayed, $effects effects, $once exactly once, $orphans of rolled-back jobs; $repeats repeated deliveries dropped by receipts; $parked_by_policy parked by the redrive policy, redriven"
((committed >= 200)) || e2e_fail "only $committed jobs were enqueued"
((kills >= 10)) || e2e_fail "only $kills kills"
[[ $relayed == "$committed" ]] || e2e_fail "$relayed of $committed committed jobs relayed"
if [[ $effects != "$committed" ]]; then
    # What became of the jobs without an effect: their log lines say.
    for id in $(sql -c "SELECT id FROM jobs j WHERE kind = 'diagnostics.touch' AND NOT EXISTS (SELECT 1 FROM job_diagnostics d WHERE d.job_id = j.id) LIMIT 5"); do
        echo "job $id:" >&2
        grep -h "\"job.id\":${id}[,}]" "$E2E_TMP"/worker-*.log "$E2E_TMP"/relay-*.log >&2 || echo "  no log line" >&2
    done
    "$AGORA" admin jobs list --limit 1 >&2 || true
    e2e_fail "$effects effects for $committed committed jobs"
fi
[[ $once == "$effects" ]] || e2e_fail "$((effects - once)) effects happened more than once"
[[ $orphans == 0 ]] || e2e_fail "$orphans effects of jobs that do not exist"

# A poison job: parked in the dead-letter queue once out of attempts, with
# its last error, and moved back by the operator's redrive. The attempt is
# SQS's receive count, so a receive whose answer was lost (a long poll of a
# killed worker that the stand-in still serves) uses one up, and a message
# received twice can be parked twice: at-least-once, as on AWS. The redrive
# policy may also have parked chaos-time messages received too often; their
# jobs must all be done (checked again after the redrive below).
poison_parked() { cat "$E2E_TMP"/worker-*.log | grep -c "job dead-lettered.*\"job.id\":$poison,.*asked to fail (attempt [0-9]*)" || true; }
before=$(dead_count)
poison=$(sql -c "INSERT INTO jobs (queue, kind, payload, max_attempts)
                 VALUES ('jobs', 'diagnostics.touch', '{\"fail\": true}', 2) RETURNING id")
for _ in $(seq 1 150); do
    (($(poison_parked) >= 1 && $(dead_count) > before)) && break
    e2e_sleep 0.2
done
(($(poison_parked) >= 1)) || e2e_fail "no log line for the dead-lettered poison job"
(($(dead_count) > before)) || e2e_fail "the poison job did not reach the dead-letter queue ($before before it)"
grep "job dead-lettered.*\"job.id\":$poison," "$E2E_TMP"/worker-*.log | grep -vq '"job.attempt":1,' ||
    e2e_fail "the poison job was parked before its second attempt"
parked=$(poison_parked)
moved=$("$AGORA" admin jobs redrive | sed -n 's/^\([0-9]*\) dead letters\{0,1\} moved back.*/\1/p')
((moved >= 1)) || e2e_fail "redrive did not move the poison job back"
for _ in $(seq 1 150); do
    (($(poison_parked) > parked)) && break
    e2e_sleep 0.2
done
(($(poison_parked) > parked)) || e2e_fail "the redriven poison job did not run again"
[[ $(sql -c "SELECT count(*) FROM job_diagnostics WHERE job_id = $poison") == 0 ]] || e2e_fail "a failed run kept its effect"
read -r effects once <<<"$(sql -F ' ' -c "SELECT count(*), count(*) FILTER (WHERE runs = 1) FROM job_diagnostics")"
[[ $effects == "$committed" && $once == "$effects" ]] ||
    e2e_fail "after the redrive of $moved messages: $effects effects, $once exactly once, for $committed jobs"
e2e_log "poison job $poison: dead-lettered with its error ($before chaos-time messages parked before it), $moved redriven, dead again; no effect kept, still $once effects exactly once"
e2e_log "PASS"
