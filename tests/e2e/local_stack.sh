#!/usr/bin/env bash
# The `make run` path end to end: scripts/run-local creates a cluster, migrates,
# serves (the web app's build at / too) and runs the worker; sign-up → its mail → login → /me works with curl; Ctrl-C (its trap) stops agora
# and PostgreSQL cleanly; a second start keeps the data.
set -Eeuo pipefail
bin=$(realpath "${1:?usage: local_stack.sh path/to/agora}")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
state=$(mktemp -d)
chmod 755 "$state"
# Below the kernel's ephemeral range, so no outgoing connection holds it.
port=$((10000 + RANDOM % ($(cut -f1 /proc/sys/net/ipv4/ip_local_port_range) - 10000)))
pg_port=$((40000 + RANDOM % 20000))
log=$state/run.log
pid=

fail() { echo "local_stack: FAIL: $*" >&2; echo "--- run-local output:" >&2; tail -40 "$log" >&2 || true; exit 1; }
cleanup() {
    # Still running when the script fails half-way: stop run-local (its trap
    # stops agora and PostgreSQL); it may be gone already, which is fine.
    if [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null; then
        wait "$pid" 2>/dev/null || true
    fi
    "$root/scripts/pg-cluster" destroy "$state/pg" >/dev/null 2>&1 || true
    rm -rf "$state"
}
trap cleanup EXIT

start() {
    local before
    before=$(grep -c "Agora is running" "$log" 2>/dev/null || true)
    AGORA_LOCAL_STATE_DIR=$state AGORA_LOCAL_PG_PORT=$pg_port AGORA_HTTP_PORT=$port AGORA_COOKIE_SECURE=false \
        "$root/scripts/run-local" "$bin" >>"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 150); do
        (($(grep -c "Agora is running at http://127.0.0.1:$port" "$log" || true) > before)) && return 0
        kill -0 "$pid" 2>/dev/null || fail "run-local exited during start-up"
        sleep 0.2
    done
    fail "no 'Agora is running' line within 30 s"
}

stop() {
    # A terminal's Ctrl-C sends SIGINT to run-local; a background job started
    # by a script has SIGINT ignored, so this sends SIGTERM, which run-local
    # traps the same way (stop agora, then PostgreSQL).
    kill -TERM "$pid"
    local code=0
    wait "$pid" || code=$?
    pid=
    [[ $code -eq 0 || $code -eq 143 ]] || fail "run-local exited with $code after SIGTERM"
    "$root/scripts/pg-cluster" status "$state/pg" >/dev/null 2>&1 && fail "PostgreSQL still running after Ctrl-C"
    curl -s --max-time 1 "http://127.0.0.1:$port/livez" >/dev/null && fail "agora still answering after Ctrl-C"
    return 0
}

api() { curl -s --max-time 10 -o "$state/body" -w '%{http_code}' "$@" || true; }

# make run builds the web app first; so does this test, when it is not built.
[[ -f $root/web/dist/index.html ]] || "$root/scripts/web" build >"$state/web-build.log" 2>&1 ||
    { cat "$state/web-build.log" >&2; fail "the web app did not build"; }
start
# One URL is the whole site: the app at / and at its own URLs, the API beside it.
for page in / /c/pets /p/1; do
    code=$(api -D "$state/headers" "http://127.0.0.1:$port$page")
    [[ $code == 200 ]] || fail "GET $page answered $code, not the web app"
    grep -qi '^content-type: text/html' "$state/headers" || fail "GET $page is not HTML"
    grep -q 'id="root"' "$state/body" || fail "GET $page is not the web app's index.html"
done
code=$(api "http://127.0.0.1:$port/api/v1/no-such-route")
[[ $code == 404 ]] || fail "an unknown API path answered $code, not 404"
code=$(api -X POST "http://127.0.0.1:$port/api/v1/auth/signup" -H 'content-type: application/json' \
    -d '{"email":"ada@example.com","username":"ada","password":"correct horse battery"}')
[[ $code == 201 ]] || fail "signup answered $code: $(cat "$state/body")"
# The worker run-local started beside serve writes the verification mail.
db_url=$("$root/scripts/pg-cluster" url "$state/pg" "$pg_port" agora)
mails=0
for _ in $(seq 1 50); do
    mails=$(psql "$db_url" -Atc "SELECT count(*) FROM dev_mailbox WHERE to_address = 'ada@example.com'")
    [[ $mails == 1 ]] && break
    sleep 0.2
done
[[ $mails == 1 ]] || fail "the worker wrote no verification mail within 10 s ($mails mails)"
code=$(api -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
    -d '{"login":"ada","password":"correct horse battery"}')
[[ $code == 200 ]] || fail "login answered $code"
token=$(sed 's/.*"token":"\([^"]*\)".*/\1/' "$state/body")
code=$(api "http://127.0.0.1:$port/api/v1/me" -H "authorization: Bearer $token")
if [[ $code != 200 ]] || ! grep -q '"username":"ada"' "$state/body"; then
    fail "/me answered $code: $(cat "$state/body")"
fi
stop

start  # same state dir: the account and the session must still be there
code=$(api "http://127.0.0.1:$port/api/v1/me" -H "authorization: Bearer $token")
[[ $code == 200 ]] || fail "after restart /me answered $code (data not kept?)"
stop
echo "local_stack: PASS (signup 201, verification mail written by the worker, login 200, /me 200, Ctrl-C stopped agora and PostgreSQL, data kept across restarts)"
