#!/usr/bin/env bash
# The web app in a real browser against `make run`'s stack: Debian's chromium,
# headless, driven by playwright-core (web/e2e/, run by Vitest). A person signs
# up, verifies through the dev mailbox, creates a community, posts, comments,
# votes and finds the post by a paraphrase; a second person's comment appears
# live on the first's open page with the notification. Then every main page,
# light and dark, is checked by axe and photographed into test-results/web/
# (CI keeps that folder).
# stack_* variables are set by stack_init in lib/local_stack.bash (shellcheck -x sees it).
# shellcheck disable=SC2154
set -Eeuo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/local_stack.bash
source "$(dirname "${BASH_SOURCE[0]}")/lib/local_stack.bash"
stack_init web_app "${1:?usage: web_app.sh path/to/agora}"

chromium=${AGORA_CHROMIUM:-$(command -v chromium || true)}
[[ -x $chromium ]] || fail "Debian's chromium is not installed (scripts/setup installs it)"
shots=${AGORA_E2E_SCREENSHOTS:-$stack_root/test-results/web}
rm -rf "$shots"
mkdir -p "$shots"

stack_need_web_build
stack_start

# Two verified accounts made as an operator would (the admin reads the dev
# mailbox); the person under test signs up through the app itself.
admin_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
member_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
create() {  # NAME PASSWORD [--admin]
    printf '%s' "$2" | AGORA_DATABASE_URL=$(stack_db_url) "$stack_bin" admin create-user \
        --email "$1@example.com" --username "$1" "${@:3}" --password-stdin >"$stack_state/create.log" 2>&1 ||
        { cat "$stack_state/create.log" >&2; fail "agora admin create-user $1 failed"; }
}
create e2e_admin "$admin_password" --admin
create e2e_member "$member_password"

status=0
(
    cd "$stack_root/web"
    AGORA_E2E_URL=$(stack_url) AGORA_CHROMIUM=$chromium AGORA_E2E_SCREENSHOTS=$shots \
        AGORA_E2E_ADMIN=e2e_admin AGORA_E2E_ADMIN_PASSWORD=$admin_password \
        AGORA_E2E_MEMBER=e2e_member AGORA_E2E_MEMBER_PASSWORD=$member_password \
        npm run --silent e2e
) || status=$?
((status == 0)) || fail "the browser tests failed (screenshots so far in $shots)"
stack_stop
echo "web_app: PASS ($(find "$shots" -name '*.png' | wc -l) screenshots in $shots)"
