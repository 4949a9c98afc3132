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
# shellcheck source-path=SCRIPTDIR source=lib/aws_stand_ins.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/aws_stand_ins.sh"
e2e_init aws_adapters "${1:-}"

tests_bin=$(dirname "$AGORA")/agora_aws_tests
[[ -x $tests_bin ]] || e2e_fail "agora_aws_tests not found beside $AGORA (cmake --build the build folder)"
aws_stand_ins_start
servers=$AWS_STAND_INS_PID

e2e_log "stand-ins up: S3 $AWSTEST_S3_ENDPOINT, SQS $AWSTEST_SQS_ENDPOINT, STS $AWSTEST_STS_ENDPOINT"
timeout 120 "$tests_bin" --gtest_brief=1 2>&1 | tee "$E2E_TMP/tests.out"
rc=${PIPESTATUS[0]}
kill -0 "$servers" 2>/dev/null || { cat "$E2E_TMP/servers.log" >&2; e2e_fail "the stand-ins died during the run"; }
[[ $rc -eq 0 ]] || { cat "$E2E_TMP/servers.log" >&2; e2e_fail "agora_aws_tests failed (rc=$rc)"; }
e2e_log "PASS"
