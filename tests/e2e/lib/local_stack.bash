# Sourced by the e2e scripts that drive `make run`'s stack: scripts/run-local
# (PostgreSQL, agora serve and agora worker) in a throwaway state directory
# on free ports, started and stopped as a person would.
#
#   stack_init NAME BINARY   state dir, ports, log; an EXIT trap cleans up
#   stack_start              run-local in the background; waits for its URL
#   stack_stop               SIGTERM (what Ctrl-C does), checks all stopped
#   stack_url / stack_db_url
# Afterwards: $stack_state, $stack_port, $stack_log; fail MESSAGE exits 1.

stack_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)

stack_init() {
    stack_name=$1
    stack_bin=$(realpath "$2")
    stack_state=$(mktemp -d)
    chmod 755 "$stack_state"
    # Below the kernel's ephemeral range, so no outgoing connection holds it.
    stack_port=$((10000 + RANDOM % ($(cut -f1 /proc/sys/net/ipv4/ip_local_port_range) - 10000)))
    stack_pg_port=$((40000 + RANDOM % 20000))
    stack_log=$stack_state/run.log
    stack_pid=
    trap stack_cleanup EXIT
}

fail() {
    echo "$stack_name: FAIL: $*" >&2
    echo "--- run-local output:" >&2
    tail -40 "$stack_log" >&2 || true
    exit 1
}

stack_cleanup() {
    # Still running when the script fails half-way: stop run-local (its trap
    # stops agora and PostgreSQL); it may be gone already, which is fine.
    if [[ -n $stack_pid ]] && kill -TERM "$stack_pid" 2>/dev/null; then
        wait "$stack_pid" 2>/dev/null || true
    fi
    "$stack_root/scripts/pg-cluster" destroy "$stack_state/pg" >/dev/null 2>&1 || true
    rm -rf "$stack_state"
}

stack_url() { echo "http://127.0.0.1:$stack_port"; }
stack_db_url() { "$stack_root/scripts/pg-cluster" url "$stack_state/pg" "$stack_pg_port" agora; }

# make run builds the web app first; so do these tests, when it is not built.
stack_need_web_build() {
    [[ -f $stack_root/web/dist/index.html ]] && return 0
    "$stack_root/scripts/web" build >"$stack_state/web-build.log" 2>&1 ||
        { cat "$stack_state/web-build.log" >&2; fail "the web app did not build"; }
}

stack_start() {
    local before
    before=$(grep -c "Agora is running" "$stack_log" 2>/dev/null || true)
    AGORA_LOCAL_STATE_DIR=$stack_state AGORA_LOCAL_PG_PORT=$stack_pg_port AGORA_HTTP_PORT=$stack_port \
        AGORA_COOKIE_SECURE=false "$stack_root/scripts/run-local" "$stack_bin" >>"$stack_log" 2>&1 &
    stack_pid=$!
    for _ in $(seq 1 150); do
        (($(grep -c "Agora is running at http://127.0.0.1:$stack_port" "$stack_log" || true) > before)) && return 0
        kill -0 "$stack_pid" 2>/dev/null || fail "run-local exited during start-up"
        sleep 0.2
    done
    fail "no 'Agora is running' line within 30 s"
}

stack_stop() {
    # A terminal's Ctrl-C sends SIGINT to run-local; a background job started
    # by a script has SIGINT ignored, so this sends SIGTERM, which run-local
    # traps the same way (stop agora, then PostgreSQL).
    kill -TERM "$stack_pid"
    local code=0
    wait "$stack_pid" || code=$?
    stack_pid=
    [[ $code -eq 0 || $code -eq 143 ]] || fail "run-local exited with $code after SIGTERM"
    "$stack_root/scripts/pg-cluster" status "$stack_state/pg" >/dev/null 2>&1 && fail "PostgreSQL still running after Ctrl-C"
    curl -s --max-time 1 "$(stack_url)/livez" >/dev/null && fail "agora still answering after Ctrl-C"
    return 0
}
