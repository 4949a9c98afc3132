#!/usr/bin/env bash
# The AWS adapters (src/aws, uploads::S3Storage) against local stand-ins on
# 127.0.0.1: s3rver behind an independent SigV4 check, fauxqs (SQS) and an
# STS stand-in, all in tests/aws/servers.mjs (pinned in
# tests/aws/package-lock.json; what they do not imitate is in
# tests/aws/README.md). Runs the agora_aws_tests binary (src/**/*_aws_test.cpp),
# built beside agora, with their endpoints and a key pair made up per run.
#
# Usage: bash tests/e2e/aws_adapters.sh PATH_TO_AGORA_BINARY
set -Euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
e2e_init aws_adapters "${1:-}"

tests_bin=$(dirname "$AGORA")/agora_aws_tests
[[ -x $tests_bin ]] || e2e_fail "agora_aws_tests not found beside $AGORA (cmake --build the build folder)"
stand_ins=$E2E_ROOT/tests/aws
for tool in node npm openssl; do
    command -v "$tool" >/dev/null || e2e_fail "$tool is not installed"
done
# npm ci only when the lockfile changed since the last install.
if [[ ! -f $stand_ins/node_modules/.package-lock.json ||
    $stand_ins/package-lock.json -nt $stand_ins/node_modules/.package-lock.json ]]; then
    (cd "$stand_ins" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || e2e_fail "npm ci in tests/aws failed"
fi

# Credentials made up for this run: nothing real, nothing reused.
AWSTEST_KEY=AKIATEST$(openssl rand -hex 6 | tr a-f A-F)
AWSTEST_SECRET=$(openssl rand -hex 20)
AWSTEST_WEB_TOKEN=$(openssl rand -hex 24)
export AWSTEST_KEY AWSTEST_SECRET AWSTEST_WEB_TOKEN
export AWSTEST_ROLE_ARN=arn:aws:iam::123456789012:role/agora-test
mkdir -p "$E2E_TMP/s3"
node "$stand_ins/servers.mjs" "$E2E_TMP/s3" "$E2E_TMP/aws.env" >"$E2E_TMP/servers.log" 2>&1 &
servers=$!
e2e_track "$servers"
for _ in $(seq 200); do
    [[ -s $E2E_TMP/aws.env ]] && break
    kill -0 "$servers" 2>/dev/null || { cat "$E2E_TMP/servers.log" >&2; e2e_fail "the stand-ins exited at start"; }
    sleep 0.05
done
[[ -s $E2E_TMP/aws.env ]] || e2e_fail "the stand-ins did not start in 10 s"
set -a
# shellcheck disable=SC1091 # written by servers.mjs at run time
source "$E2E_TMP/aws.env"
set +a
# make_storage reads credentials the standard way.
export AWS_ACCESS_KEY_ID=$AWSTEST_KEY AWS_SECRET_ACCESS_KEY=$AWSTEST_SECRET
unset AWS_SESSION_TOKEN AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE AWS_ENDPOINT_URL_STS

e2e_log "stand-ins up: S3 $AWSTEST_S3_ENDPOINT, SQS $AWSTEST_SQS_ENDPOINT, STS $AWSTEST_STS_ENDPOINT"
timeout 120 "$tests_bin" --gtest_brief=1 2>&1 | tee "$E2E_TMP/tests.out"
rc=${PIPESTATUS[0]}
kill -0 "$servers" 2>/dev/null || { cat "$E2E_TMP/servers.log" >&2; e2e_fail "the stand-ins died during the run"; }
[[ $rc -eq 0 ]] || { cat "$E2E_TMP/servers.log" >&2; e2e_fail "agora_aws_tests failed (rc=$rc)"; }
e2e_log "PASS"
