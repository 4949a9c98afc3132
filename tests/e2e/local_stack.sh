#!/usr/bin/env bash
# The `make run` path end to end: scripts/run-local creates a cluster, migrates,
# serves (the web app's build at / too) and runs the worker; sign-up → its mail → login → /me works with curl; Ctrl-C (its trap) stops agora
# and PostgreSQL cleanly; a second start keeps the data.
# stack_* variables are set by stack_init in lib/local_stack.bash (shellcheck -x sees it).
# shellcheck disable=SC2154
set -Eeuo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/local_stack.bash
source "$(dirname "${BASH_SOURCE[0]}")/lib/local_stack.bash"
stack_init local_stack "${1:?usage: local_stack.sh path/to/agora}"
state=$stack_state
port=$stack_port

api() { curl -s --max-time 10 -o "$state/body" -w '%{http_code}' "$@" || true; }

stack_need_web_build
stack_start
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
db_url=$(stack_db_url)
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
stack_stop

stack_start  # same state dir: the account and the session must still be there
code=$(api "http://127.0.0.1:$port/api/v1/me" -H "authorization: Bearer $token")
[[ $code == 200 ]] || fail "after restart /me answered $code (data not kept?)"
stack_stop
echo "local_stack: PASS (signup 201, verification mail written by the worker, login 200, /me 200, Ctrl-C stopped agora and PostgreSQL, data kept across restarts)"
