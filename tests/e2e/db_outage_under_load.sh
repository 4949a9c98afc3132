#!/usr/bin/env bash
# Database outage under load: agora must degrade to fast 503s and recover by
# itself.
#
# wrk keeps 32 connections busy on GET /api/v1/users/{name} for 16 s; 2 s in,
# PostgreSQL is stopped for 5 s, then started again. Meanwhile curl samples
# the endpoint (one request at a time, --max-time 2). Expected:
#   - agora never crashes (same PID at the end, and it still exits 0 on SIGTERM);
#   - during the outage every answer is 503 with Retry-After and
#     Content-Type application/problem+json, and comes back in < 1 s;
#   - no 200 while PostgreSQL is down: every sampled request that started
#     after the stop had completed and ended before the restart began is a
#     503 (and there must be such samples), and agora's own
#     http_requests_total counts no 200 for the route between two scrapes
#     inside the outage (which covers all of wrk's requests too; the first
#     scrape waits OUTAGE_SETTLE_MS after the stop, for requests that had
#     their database answer just before it);
#   - within 5 s of PostgreSQL being back, the endpoint answers 200 again and
#     /readyz recovers, without restarting agora;
#   - no 5xx other than 503 and no socket errors, ever.
#
# Usage: bash tests/e2e/db_outage_under_load.sh PATH_TO_AGORA_BINARY
set -Euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
e2e_init db_outage_under_load "${1:-}"

LOAD_S=16
OUTAGE_AFTER_S=2
OUTAGE_S=5
RECOVERY_LIMIT_MS=5000
SAMPLE_LIMIT_MS=1000
OUTAGE_SETTLE_MS=500

pg_start
agora_migrate
agora_start AGORA_DRAIN_MS=0 AGORA_ACCESS_LOG=false
signup alice
URL=$BASE_URL/api/v1/users/alice
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$URL")
[[ $code == 200 ]] || e2e_fail "GET /api/v1/users/alice answered $code before the load"
e2e_log "agora pid $AGORA_PID on port $HTTP_PORT; load ${LOAD_S}s, PostgreSQL down at +${OUTAGE_AFTER_S}s for ${OUTAGE_S}s"

write_wrk_status_script "$E2E_TMP/status.lua"
t0=$(now_ms)
timeout $((LOAD_S + 10)) wrk -t2 -c32 -d${LOAD_S}s --timeout 5s -s "$E2E_TMP/status.lua" "$URL" \
    >"$E2E_TMP/wrk.out" 2>&1 &
WRK_PID=$!
e2e_track "$WRK_PID"

# Sampler: one request at a time, one line each:
#   start-ms|end-ms|status|seconds|Retry-After|Content-Type
# (start and end in ms since t0, taken around curl, so the request itself
# lies within them).
# It runs until the main script creates $STOP (bounded by a hard cap), so it
# sees the recovery even when PostgreSQL is slow to start under load.
SAMPLES=$E2E_TMP/samples.log
STOP=$E2E_TMP/stop-sampling
(
    cap=$((t0 + 40000))
    while [[ ! -e $STOP ]] && (($(now_ms) < cap)); do
        t=$(($(now_ms) - t0))
        r=$(curl -s -o /dev/null --max-time 2 \
            -w '%{http_code}|%{time_total}|%header{retry-after}|%{content_type}' "$URL")
        echo "$t|$(($(now_ms) - t0))|$r"
        sleep 0.02
    done
) >"$SAMPLES" 2>/dev/null &
SAMPLER_PID=$!
e2e_track "$SAMPLER_PID"

# route_200s FILE: how many 200s agora has answered on the sampled route so
# far (its http_requests_total, summed over the series of that route,
# method GET and status 200); fails when /metrics cannot be read.
route_200s() {
    curl -s --max-time 2 -o "$1" "$BASE_URL/metrics" && grep -q '^http_requests_total{' "$1" || return 1
    awk '/^http_requests_total\{/ && index($0, "route=\"/api/v1/users/{username}\"") &&
         index($0, "method=\"GET\"") && index($0, "status=\"200\"") { n += $NF }
         END { printf "%d\n", n }' "$1"
}

e2e_sleep "$OUTAGE_AFTER_S"
t_down=$(($(now_ms) - t0))
pg_stop || e2e_fail "could not stop PostgreSQL"
t_down_done=$(($(now_ms) - t0))
t_outage_end=$((t_down_done + OUTAGE_S * 1000))
e2e_sleep "$(awk -v ms="$OUTAGE_SETTLE_MS" 'BEGIN { printf "%.3f", ms / 1000 }')"
t_scrape1=$(($(now_ms) - t0))
ok200_1=$(route_200s "$E2E_TMP/metrics-1.txt") || e2e_fail "could not read /metrics during the outage"
# The rest of the outage; the second scrape ends before the restart begins.
while (($(now_ms) - t0 < t_outage_end)); do sleep 0.05; done
ok200_2=$(route_200s "$E2E_TMP/metrics-2.txt") || e2e_fail "could not read /metrics during the outage"
t_scrape2=$(($(now_ms) - t0))
t_up=$(($(now_ms) - t0))
pg_resume || e2e_fail "could not start PostgreSQL again"
t_up_done=$(($(now_ms) - t0))
e2e_log "PostgreSQL stopped at +${t_down}..${t_down_done} ms, started at +${t_up}..${t_up_done} ms"

# /readyz must recover too.
readyz_ok_ms=
end=$((t_up_done + RECOVERY_LIMIT_MS))
while (($(now_ms) - t0 < end)); do
    if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$BASE_URL/readyz") == 200 ]]; then
        readyz_ok_ms=$(($(now_ms) - t0))
        break
    fi
    sleep 0.1
done
# Keep sampling until the recovery limit has passed, then stop.
while (($(now_ms) - t0 < t_up_done + RECOVERY_LIMIT_MS)); do sleep 0.1; done
touch "$STOP"
wait "$SAMPLER_PID"
wait "$WRK_PID"
same_pid=no
# Same process: alive (not a zombie: a zombie has an empty cmdline) and still `agora serve`.
kill -0 "$AGORA_PID" 2>/dev/null &&
    [[ $(tr '\0' ' ' <"/proc/$AGORA_PID/cmdline" 2>/dev/null) == "$AGORA serve "* ]] && same_pid=yes

# ---------------------------------------------------------------- report
out=$E2E_TMP/wrk.out
grep -q '^WRK ' "$out" || { cat "$out" >&2; e2e_fail "wrk produced no summary"; }
requests=$(wrk_field "$out" requests)
started=$(wrk_field "$out" started)
s2xx=$(wrk_field "$out" s2xx)
s503=$(wrk_field "$out" s503)
s5xx_other=$(wrk_field "$out" s5xx_other)
other=$(wrk_field "$out" other)
connect=$(wrk_field "$out" connect)
read_err=$(wrk_field "$out" read)
write_err=$(wrk_field "$out" write)
timeout_err=$(wrk_field "$out" timeout)
max_latency=$(wrk_field "$out" max_latency_ms)
# Requests wrk started without a response or an error (wrk ignores a
# connection closed under a request); at most one per connection may still
# be in flight when wrk stops.
unanswered=$((started - requests - write_err - read_err))

# Sampler analysis (awk: times are ms since t0; time_total in seconds).
# Fields: 1 start, 2 end, 3 status, 4 seconds, 5 Retry-After, 6 Content-Type.
read -r first_503 last_503 first_200_after n_outage max_outage_s bad_503 sampled_other sampled_total < <(
    awk -F'|' -v down="$t_down" -v up="$t_up_done" '
    { n++ }
    $3 == 503 { if (first503 == "") first503 = $1; last503 = $1
                if ($5 == "" || $6 !~ /^application\/problem\+json/) bad++ }
    $3 != 200 && $3 != 503 { oth++ }
    $1 >= up && $3 == 200 && first200 == "" { first200 = $1 }
    $1 >= down && $1 < up { k++; if ($4 > mx) mx = $4 }
    END { printf "%s %s %s %d %.3f %d %d %d\n", (first503 == "" ? "-" : first503), (last503 == "" ? "-" : last503),
                 (first200 == "" ? "-" : first200), k, mx, bad, oth, n }' "$SAMPLES")
# Outage-window samples that took longer than the limit.
slow=$(awk -F'|' -v down="$t_down" -v up="$t_up_done" -v lim="$SAMPLE_LIMIT_MS" \
    '$1 >= down && $1 < up && $4 * 1000 >= lim' "$SAMPLES" | wc -l)
s503_samples=$(awk -F'|' '$3 == 503' "$SAMPLES" | wc -l)
# Samples wholly inside the outage: started once the stop had completed,
# ended before the restart began. PostgreSQL was down for all of each, so
# each must be a 503.
read -r n_inside inside_200 inside_not503 < <(
    awk -F'|' -v down="$t_down_done" -v up="$t_up" '
    $1 >= down && $2 <= up { k++; if ($3 == 200) ok++; if ($3 != 503) not503++ }
    END { printf "%d %d %d\n", k, ok, not503 }' "$SAMPLES")

e2e_log "timeline (ms since load start): outage $t_down → $t_up_done; first 503 $first_503; last 503 $last_503;" \
    "first 200 after restart $first_200_after; /readyz 200 at ${readyz_ok_ms:--}"
e2e_log "samples: $sampled_total (503 x$s503_samples, other than 200/503 x$sampled_other); during the outage $n_outage," \
    "max latency ${max_outage_s} s, slower than ${SAMPLE_LIMIT_MS} ms x$slow; 503 without Retry-After/problem+json x$bad_503"
e2e_log "wholly inside the outage (+$t_down_done..+$t_up ms): $n_inside samples, 200 x$inside_200, not 503 x$inside_not503;" \
    "agora's 200s on the route between scrapes at +$t_scrape1 and +$t_scrape2 ms: $((ok200_2 - ok200_1))"
e2e_log "wrk: requests $requests: 200 $s2xx, 503 $s503, other 5xx $s5xx_other, other $other;" \
    "socket errors connect $connect, read $read_err, write $write_err, timeout $timeout_err;" \
    "unanswered $unanswered (in flight at the end: <= 32); max latency ${max_latency} ms"

failures=()
[[ $same_pid == yes ]] || failures+=("agora (pid $AGORA_PID) is no longer running")
((s5xx_other == 0 && other == 0 && sampled_other == 0)) ||
    failures+=("responses other than 200/503: wrk other-5xx $s5xx_other, other $other; sampled $sampled_other")
((connect + read_err + write_err + timeout_err == 0)) ||
    failures+=("socket errors: connect $connect, read $read_err, write $write_err, timeout $timeout_err")
((unanswered <= 32)) || failures+=("$((unanswered - 32))+ requests lost: connection closed before the response")
[[ $first_503 != - ]] || failures+=("no 503 was sampled during the outage")
((bad_503 == 0)) || failures+=("$bad_503 sampled 503s lacked Retry-After or Content-Type application/problem+json")
((n_outage > 0)) || failures+=("no sample during the outage")
((n_inside > 0)) || failures+=("no sample started and ended while PostgreSQL was down")
((inside_200 == 0)) ||
    failures+=("$inside_200 sampled requests that started and ended while PostgreSQL was down answered 200")
((inside_not503 == 0)) ||
    failures+=("$inside_not503 sampled requests that started and ended while PostgreSQL was down were not 503")
((ok200_2 == ok200_1)) ||
    failures+=("agora answered $((ok200_2 - ok200_1)) requests with 200 between +$t_scrape1 and +$t_scrape2 ms, while PostgreSQL was down")
((slow == 0)) || failures+=("$slow requests during the outage took >= ${SAMPLE_LIMIT_MS} ms (max ${max_outage_s} s)")
if [[ $first_200_after == - ]]; then
    failures+=("no 200 after PostgreSQL came back")
elif ((first_200_after - t_up_done > RECOVERY_LIMIT_MS)); then
    failures+=("first 200 came $((first_200_after - t_up_done)) ms after PostgreSQL was back (> $RECOVERY_LIMIT_MS)")
fi
[[ -n $readyz_ok_ms ]] || failures+=("/readyz did not answer 200 within $RECOVERY_LIMIT_MS ms of PostgreSQL being back")
# Still serving at the end, and still shuts down cleanly.
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$URL")
[[ $code == 200 ]] || failures+=("GET after the load answered $code")
if [[ $same_pid == yes ]]; then
    kill -TERM "$AGORA_PID"
    e2e_watchdog 10 "$AGORA_PID"
    wait "$AGORA_PID"
    rc=$?
    e2e_kill_tree "$WATCHDOG_PID"
    ((rc == 0)) || failures+=("agora exited with $rc after SIGTERM")
fi
if grep -q '"log.level":"\(ERROR\|FATAL\)"' "$E2E_TMP/agora.log"; then
    failures+=("agora logged errors: $(grep -m3 '"log.level":"\(ERROR\|FATAL\)"' "$E2E_TMP/agora.log")")
fi

if ((${#failures[@]})); then
    for f in "${failures[@]}"; do e2e_log "  - $f"; done
    awk -F'|' -v down="$t_down" -v up="$t_up_done" '$1 >= down - 300 && $1 < up + 2000' "$SAMPLES" |
        sed 's/^/    sample| /' | head -n 60
    sed 's/^/    wrk| /' "$out"
    tail -n 15 "$E2E_TMP/agora.log" | sed 's/^/    agora| /'
    e2e_fail "db_outage_under_load: ${#failures[@]} problem(s)"
fi
e2e_log "PASS db_outage_under_load: $requests requests (200 x$s2xx, 503 x$s503), 0 errors;" \
    "recovered $((first_200_after - t_up_done)) ms after PostgreSQL was back"
