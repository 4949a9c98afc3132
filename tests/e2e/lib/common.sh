# shellcheck shell=bash
# Shared helpers for the black-box scripts in tests/e2e/. Sourced, not run
# (it lives in lib/ so CMake does not register it as a test).
#
# A script calls `e2e_init NAME AGORA_BINARY` first: that makes a private temp
# dir and installs a trap that, on any exit, stops every process the script
# registered (by PID, with `e2e_track`), destroys the throwaway PostgreSQL
# cluster and deletes the temp dir. Everything listens on 127.0.0.1 or on a
# unix socket inside the temp dir. Scripts set their own shell options.

E2E_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
E2E_PIDS=()
E2E_TMP=
E2E_PG_DIR=
E2E_NAME=e2e

e2e_log() { printf '[%s %s] %s\n' "$E2E_NAME" "$(date -u +%H:%M:%S.%3N)" "$*"; }
e2e_fail() {
    e2e_log "FAIL: $*"
    exit 1
}

# Milliseconds on a monotonic-enough clock (bash 5's EPOCHREALTIME, no fork).
now_ms() {
    local t=${EPOCHREALTIME/[.,]/}
    echo $((t / 1000))
}

# e2e_track PID...: processes that cleanup stops, with their descendants
# (a sampler subshell's curl, timeout's wrk).
e2e_track() { E2E_PIDS+=("$@"); }

# Sleeps in the background and waits, so a TERM/INT runs the cleanup at once
# instead of after the sleep.
e2e_sleep() {
    sleep "$1" &
    wait $!
}

# PID and all its descendants, found through /proc (no procps needed).
_e2e_tree() {
    local f s ppid p
    echo "$1"
    for f in /proc/[0-9]*/stat; do
        { s=$(<"$f"); } 2>/dev/null || continue
        s=${s##*) }
        read -r _ ppid _ <<<"$s"
        [[ $ppid == "$1" ]] || continue
        p=${f#/proc/}
        _e2e_tree "${p%/stat}"
    done
}

# e2e_kill_tree PID: TERM to PID and its descendants (a subshell's sleep or
# curl would outlive the subshell otherwise).
e2e_kill_tree() {
    local p all
    mapfile -t all < <(_e2e_tree "$1")
    for p in "${all[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
}

# e2e_watchdog SECONDS PID: in the background, SIGKILL PID after SECONDS;
# sets WATCHDOG_PID (stop it with e2e_kill_tree once PID has been waited for).
e2e_watchdog() {
    (
        sleep "$1"
        kill -KILL "$2" 2>/dev/null
    ) &
    WATCHDOG_PID=$!
    e2e_track "$WATCHDOG_PID"
}

_e2e_cleanup() {
    local rc=$? pid all=()
    trap - EXIT INT TERM
    for pid in "${E2E_PIDS[@]}"; do
        kill -0 "$pid" 2>/dev/null || continue
        mapfile -t -O "${#all[@]}" all < <(_e2e_tree "$pid")
    done
    for pid in "${all[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${all[@]}"; do
        # Bounded: anything still alive after ~2 s is killed.
        for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    for pid in "${E2E_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [[ -n $E2E_PG_DIR && -d $E2E_PG_DIR ]]; then
        "$E2E_ROOT/scripts/pg-cluster" destroy "$E2E_PG_DIR" >/dev/null 2>&1 || true
    fi
    if [[ -n $E2E_TMP && -d $E2E_TMP ]]; then
        if [[ $rc -ne 0 && -n ${E2E_KEEP_LOGS:-} ]]; then
            e2e_log "logs kept in $E2E_TMP"
        else
            rm -rf -- "$E2E_TMP"
        fi
    fi
    exit "$rc"
}

# e2e_init NAME AGORA_BINARY: sets AGORA (absolute path) and E2E_TMP.
e2e_init() {
    E2E_NAME=$1
    [[ $# -eq 2 && -n $2 ]] || {
        echo "usage: bash tests/e2e/$E2E_NAME.sh PATH_TO_AGORA_BINARY" >&2
        exit 2
    }
    AGORA=$(realpath -- "$2")
    [[ -x $AGORA ]] || e2e_fail "agora binary not found or not executable: $2"
    local tool
    for tool in wrk curl; do
        command -v "$tool" >/dev/null || e2e_fail "$tool is not installed (run scripts/setup)"
    done
    trap _e2e_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    E2E_TMP=$(mktemp -d -t "agora-$E2E_NAME.XXXXXX")
    # The cluster runs as `postgres` when we are root: it must be able to enter.
    chmod 755 "$E2E_TMP"
    # Settings of the caller must not leak into the service or the cluster.
    unset PG_LISTEN PG_FAST
    local v
    for v in $(compgen -e | grep '^AGORA_' || true); do unset "$v"; done
}

# Starts a throwaway cluster (PG_FAST: fsync off) with database `agora_e2e`
# and sets DATABASE_URL. The port only names the unix socket (no TCP), so
# any value works; the socket dir is private to this run.
pg_start() {
    E2E_PG_DIR=$E2E_TMP/pg
    E2E_PG_PORT=5432
    PG_FAST=1 "$E2E_ROOT/scripts/pg-cluster" start "$E2E_PG_DIR" "$E2E_PG_PORT" >"$E2E_TMP/pg-cluster.log" 2>&1 ||
        { cat "$E2E_TMP/pg-cluster.log" >&2; e2e_fail "could not start PostgreSQL"; }
    "$E2E_ROOT/scripts/pg-cluster" createdb "$E2E_PG_DIR" "$E2E_PG_PORT" agora_e2e >>"$E2E_TMP/pg-cluster.log" 2>&1 ||
        { cat "$E2E_TMP/pg-cluster.log" >&2; e2e_fail "createdb failed"; }
    DATABASE_URL=$("$E2E_ROOT/scripts/pg-cluster" url "$E2E_PG_DIR" "$E2E_PG_PORT" agora_e2e)
}

pg_stop() { PG_FAST=1 "$E2E_ROOT/scripts/pg-cluster" stop "$E2E_PG_DIR" >>"$E2E_TMP/pg-cluster.log" 2>&1; }
pg_resume() { PG_FAST=1 "$E2E_ROOT/scripts/pg-cluster" start "$E2E_PG_DIR" "$E2E_PG_PORT" >>"$E2E_TMP/pg-cluster.log" 2>&1; }

agora_migrate() {
    AGORA_DATABASE_URL=$DATABASE_URL timeout 30 "$AGORA" migrate >"$E2E_TMP/migrate.log" 2>&1 ||
        { cat "$E2E_TMP/migrate.log" >&2; e2e_fail "agora migrate failed"; }
}

# agora_start [VAR=value ...]: runs `agora serve` on a kernel-chosen port with
# the given extra settings; sets AGORA_PID, HTTP_PORT and BASE_URL and waits
# until /readyz answers 200. Output goes to $E2E_TMP/agora.log.
agora_start() {
    : >"$E2E_TMP/agora.log"  # exists before the loop below reads it
    env AGORA_HTTP_HOST=127.0.0.1 AGORA_HTTP_PORT=0 AGORA_DATABASE_URL="$DATABASE_URL" \
        AGORA_COOKIE_SECURE=false "$@" "$AGORA" serve >"$E2E_TMP/agora.log" 2>&1 &
    AGORA_PID=$!
    e2e_track "$AGORA_PID"
    HTTP_PORT=
    for _ in $(seq 100); do
        HTTP_PORT=$(sed -n 's/.*"message":"listening".*"server.port":\([0-9]*\).*/\1/p' "$E2E_TMP/agora.log" | head -n1)
        [[ -n $HTTP_PORT ]] && break
        kill -0 "$AGORA_PID" 2>/dev/null || { cat "$E2E_TMP/agora.log" >&2; e2e_fail "agora serve exited at start"; }
        sleep 0.1
    done
    [[ -n $HTTP_PORT ]] || { tail -n 20 "$E2E_TMP/agora.log" >&2; e2e_fail "agora serve did not report its port"; }
    BASE_URL=http://127.0.0.1:$HTTP_PORT
    for _ in $(seq 100); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE_URL/readyz") == 200 ]] && return 0
        sleep 0.1
    done
    tail -n 20 "$E2E_TMP/agora.log" >&2
    e2e_fail "agora serve did not become ready"
}

# signup USERNAME: creates an account through the API (201 expected).
signup() {
    local code
    code=$(curl -s -o "$E2E_TMP/signup.json" -w '%{http_code}' --max-time 10 \
        -H 'Content-Type: application/json' \
        -d "{\"email\":\"$1@example.com\",\"username\":\"$1\",\"password\":\"correct horse battery\"}" \
        "$BASE_URL/api/v1/auth/signup")
    [[ $code == 201 ]] || { cat "$E2E_TMP/signup.json" >&2; e2e_fail "signup of $1 answered $code, not 201"; }
}

# A wrk script that counts, in every thread, the requests it started and the
# responses by status class, and prints one machine-readable line from done():
#   WRK requests=N started=N s2xx=N s503=N s5xx_other=N other=N connect=N read=N write=N timeout=N ...
# Why count `started`: wrk silently reconnects when a connection is closed
# before the response arrives (EOF is not an error to it), so such a lost
# request shows up only as started - responses - read/write errors. (wrk
# calls request() once more before the run, in thread 1, to check the
# request it builds; done() does not count that call.)
# Also know: wrk connects without blocking, so a refused connect surfaces at
# the first write and is counted as a *write* error, not a connect error.
write_wrk_status_script() {
    cat >"$1" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  started, s2xx, s503, s5xx_other, other = 0, 0, 0, 0, 0
  req = wrk.format()
end
function request()
  started = started + 1
  return req
end
function response(status, headers, body)
  if status >= 200 and status < 300 then s2xx = s2xx + 1
  elseif status == 503 then s503 = s503 + 1
  elseif status >= 500 then s5xx_other = s5xx_other + 1
  else other = other + 1 end
end
function done(summary, latency, requests)
  local t = {started = 0, s2xx = 0, s503 = 0, s5xx_other = 0, other = 0}
  for _, th in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + th:get(k) end
  end
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d started=%d s2xx=%d s503=%d s5xx_other=%d other=%d connect=%d read=%d write=%d timeout=%d status=%d max_latency_ms=%.1f\n",
    summary.requests, t.started - 1, t.s2xx, t.s503, t.s5xx_other, t.other, e.connect, e.read, e.write, e.timeout,
    e.status, latency.max / 1000))
end
LUA
}

# wrk_field FILE NAME: a number from the WRK line.
wrk_field() { sed -n "s/^WRK .*\b$2=\([0-9.]*\).*/\1/p" "$1" | head -n1; }

# probe_batches URL UNTIL_MS OUT: until now_ms >= UNTIL_MS, sends batches of
# requests, each on a fresh connection (Connection: close), 8 at a time, and
# appends one line per request to OUT:
#   exitcode http_code time_connect_s time_total_s errormsg
# Unlike wrk, curl tells a refused connect (exit 7, or a connect timeout with
# time_connect 0) from a connection that was accepted and then failed
# (52 empty reply, 55/56 send/receive failure, 28 timeout).
probe_batches() {
    local url=$1 until=$2 out=$3 cfg
    cfg=$(mktemp -p "$E2E_TMP" probe.XXXXXX)
    for _ in $(seq 200); do printf 'url = "%s"\noutput = "/dev/null"\n' "$url"; done >"$cfg"
    while (($(now_ms) < until)); do
        curl --parallel --parallel-max 8 -K "$cfg" -s --no-progress-meter -H 'Connection: close' \
            --connect-timeout 3 --max-time 4 \
            -w '%{exitcode} %{http_code} %{time_connect} %{time_total} %{errormsg}\n' >>"$out" 2>/dev/null
    done
}
