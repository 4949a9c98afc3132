#!/usr/bin/env bash
# SIGTERM under load: a rolling update must not drop a single request.
#
# wrk keeps 32 keep-alive connections busy on GET /api/v1/users/{name}; 2 s
# in, agora gets SIGTERM. Alongside, curl sends requests on fresh connections
# (8 at a time) through the whole shutdown. Expected (the contract in
# src/http/server.hpp):
#   - /readyz answers 503 from the moment of SIGTERM (polled in parallel);
#   - every request agora accepted gets a 2xx answer: no non-2xx response, no
#     read/timeout socket error, no request lost to a closed connection;
#   - agora exits 0 within AGORA_DRAIN_MS + AGORA_SHUTDOWN_DEADLINE_MS.
# Connects refused once the listener is closed are expected (never accepted):
# reported, not counted as failures. wrk cannot tell those apart from a reset
# on an accepted connection (it reports ECONNREFUSED of its non-blocking
# connect as a *write* error), so curl's per-request exit codes are the
# precise check for the accept path, and wrk's write errors are reported as
# refused connects.
#
# Usage: bash tests/e2e/sigterm_under_load.sh PATH_TO_AGORA_BINARY
set -Euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
e2e_init sigterm_under_load "${1:-}"

DRAIN_MS=1500
DEADLINE_MS=5000
LOAD_S=6
SIGTERM_AFTER_S=2

pg_start
agora_migrate
agora_start AGORA_DRAIN_MS=$DRAIN_MS AGORA_SHUTDOWN_DEADLINE_MS=$DEADLINE_MS AGORA_ACCESS_LOG=false
signup alice
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE_URL/api/v1/users/alice")
[[ $code == 200 ]] || e2e_fail "GET /api/v1/users/alice answered $code before the load"
e2e_log "agora pid $AGORA_PID on port $HTTP_PORT; load ${LOAD_S}s, SIGTERM after ${SIGTERM_AFTER_S}s"

write_wrk_status_script "$E2E_TMP/status.lua"
# --timeout 5s: a request stalled that long counts as a timeout error (the
# drain + shutdown here are much shorter); wrk's own bound is -d.
timeout $((LOAD_S + 10)) wrk -t2 -c32 -d${LOAD_S}s --timeout 5s --latency -s "$E2E_TMP/status.lua" \
    "$BASE_URL/api/v1/users/alice" >"$E2E_TMP/wrk.out" 2>&1 &
WRK_PID=$!
e2e_track "$WRK_PID"

# Fresh-connection probes from 0.5 s before SIGTERM until agora has exited
# (the loop stops at a deadline; batches after the exit are all refused).
PROBE_LOG=$E2E_TMP/probe.log
: >"$PROBE_LOG"
e2e_sleep "$((SIGTERM_AFTER_S - 1)).5"
probe_batches "$BASE_URL/api/v1/users/alice" $(($(now_ms) + 500 + DRAIN_MS + 1500)) "$PROBE_LOG" &
PROBE_PID=$!
e2e_track "$PROBE_PID"
e2e_sleep 0.5
kill -0 "$AGORA_PID" 2>/dev/null || e2e_fail "agora died under load before SIGTERM"
t_term=$(now_ms)
kill -TERM "$AGORA_PID"

# /readyz during the drain: every answer must be 503 (000 = no connection,
# once the listener has closed).
(
    end=$(($(now_ms) + DRAIN_MS + 1000))
    while (($(now_ms) < end)) && kill -0 "$AGORA_PID" 2>/dev/null; do
        echo "$(($(now_ms) - t_term)) $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$BASE_URL/readyz")"
        sleep 0.05
    done
) >"$E2E_TMP/readyz.log" 2>/dev/null &
READYZ_PID=$!
e2e_track "$READYZ_PID"

# Watchdog: agora must be gone by drain + deadline; kill it a little later so
# the script stays bounded even if it hangs.
limit_ms=$((DRAIN_MS + DEADLINE_MS))
e2e_watchdog $(((limit_ms + 3000) / 1000)) "$AGORA_PID"

wait "$AGORA_PID"
exit_code=$?
t_exit=$(now_ms)
e2e_kill_tree "$WATCHDOG_PID"
shutdown_ms=$((t_exit - t_term))
wait "$READYZ_PID" 2>/dev/null
wait "$PROBE_PID" 2>/dev/null
wait "$WRK_PID"
wrk_rc=$?

# ---------------------------------------------------------------- report
out=$E2E_TMP/wrk.out
grep -q '^WRK ' "$out" || { cat "$out" >&2; e2e_fail "wrk produced no summary (rc $wrk_rc)"; }
requests=$(wrk_field "$out" requests)
started=$(wrk_field "$out" started)
s2xx=$(wrk_field "$out" s2xx)
non2xx=$((requests - s2xx))
connect=$(wrk_field "$out" connect)
read_err=$(wrk_field "$out" read)
write_err=$(wrk_field "$out" write)
timeout_err=$(wrk_field "$out" timeout)
max_latency=$(wrk_field "$out" max_latency_ms)
# Requests wrk started that got neither a response nor an error: their
# connection was closed under them (wrk does not count that). agora has
# exited long before wrk stops, so none can still be in flight.
lost=$((started - requests - write_err - read_err))
# curl probes: ok, refused (never connected), failed (anything else).
read -r p_total p_ok p_refused p_failed < <(awk '
    { n++ }
    $1 == 0 && $2 ~ /^2/ { ok++; next }
    $1 == 7 || ($1 == 28 && $3 + 0 == 0) { refused++; next }
    { failed++ }
    END { printf "%d %d %d %d\n", n, ok, refused, failed }' "$PROBE_LOG")
readyz_503=$(awk '$2 == 503' "$E2E_TMP/readyz.log" | wc -l)
readyz_200=$(awk '$2 == 200' "$E2E_TMP/readyz.log" | wc -l)
readyz_other=$(awk '$2 != 503 && $2 != 200 && $2 != "000"' "$E2E_TMP/readyz.log" | wc -l)
readyz_last_503=$(awk '$2 == 503 { t = $1 } END { print t + 0 }' "$E2E_TMP/readyz.log")

e2e_log "wrk: $(grep -E 'Requests/sec' "$out" | tr -s ' ')"
e2e_log "wrk requests completed: $requests (2xx $s2xx, non-2xx $non2xx; max latency ${max_latency} ms);" \
    "started $started, lost to a closed connection $lost"
e2e_log "wrk socket errors: read $read_err, timeout $timeout_err, connect $connect;" \
    "write $write_err (= connects refused after the listener closed: expected, not failures)"
e2e_log "curl fresh-connection probes: $p_total: ok $p_ok, refused after close $p_refused, failed $p_failed"
e2e_log "/readyz after SIGTERM: 503 x$readyz_503 (last at +${readyz_last_503} ms), 200 x$readyz_200, other x$readyz_other"
e2e_log "agora exit code $exit_code, shutdown took ${shutdown_ms} ms (drain $DRAIN_MS ms, limit $limit_ms ms)"

failures=()
((exit_code == 0)) || failures+=("agora exited with $exit_code, not 0")
((shutdown_ms <= limit_ms)) || failures+=("shutdown took ${shutdown_ms} ms > drain + deadline ($limit_ms ms)")
((shutdown_ms >= DRAIN_MS)) || failures+=("shutdown took ${shutdown_ms} ms, shorter than the drain window")
((requests > 0)) || failures+=("no request completed")
((non2xx == 0)) || failures+=("$non2xx non-2xx responses")
((read_err == 0 && timeout_err == 0)) ||
    failures+=("socket errors on accepted connections: read $read_err, timeout $timeout_err")
((lost == 0)) || failures+=("$lost requests lost: connection closed before the response")
((p_ok > 0)) || failures+=("no curl probe succeeded")
((p_failed == 0)) || failures+=("$p_failed curl probes failed on an accepted connection:
$(awk '!($1 == 0 && $2 ~ /^2/) && $1 != 7 && !($1 == 28 && $3 + 0 == 0)' "$PROBE_LOG" | sort | uniq -c | sort -rn | head -5)")
((readyz_503 > 0)) || failures+=("/readyz never answered 503 during the drain")
((readyz_200 == 0)) || failures+=("/readyz answered 200 after SIGTERM")
((readyz_other == 0)) || failures+=("/readyz answered something other than 503 after SIGTERM")
if grep -q '"log.level":"\(ERROR\|FATAL\)"' "$E2E_TMP/agora.log"; then
    failures+=("agora logged errors: $(grep -m3 '"log.level":"\(ERROR\|FATAL\)"' "$E2E_TMP/agora.log")")
fi

if ((${#failures[@]})); then
    for f in "${failures[@]}"; do e2e_log "  - $f"; done
    sed 's/^/    wrk| /' "$out"
    tail -n 15 "$E2E_TMP/agora.log" | sed 's/^/    agora| /'
    e2e_fail "sigterm_under_load: ${#failures[@]} problem(s)"
fi
e2e_log "PASS sigterm_under_load: $((requests + p_ok)) requests answered 2xx, 0 failed;" \
    "$((write_err + connect + p_refused)) connects refused after close; exit 0 in ${shutdown_ms} ms"
