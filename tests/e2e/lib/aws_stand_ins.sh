# shellcheck shell=bash
# Local AWS stand-ins for the e2e scripts (sourced after lib/common.sh):
# s3rver behind an independent SigV4 check, fauxqs (SQS, one work queue
# `agora-jobs` with a dead-letter queue after 2 receives) and an STS
# stand-in, all from tests/aws/servers.mjs. What they do not imitate is in
# tests/aws/README.md.
#
# aws_stand_ins_start: installs tests/aws's npm packages when the lockfile
# changed, starts the servers with a key pair made up for this run, exports
# their AWSTEST_* endpoints (and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY for
# agora) and sets AWS_STAND_INS_PID.
aws_stand_ins_start() {
    local stand_ins=$E2E_ROOT/tests/aws tool
    for tool in node npm openssl; do
        command -v "$tool" >/dev/null || e2e_fail "$tool is not installed"
    done
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
    AWS_STAND_INS_PID=$!
    e2e_track "$AWS_STAND_INS_PID"
    for _ in $(seq 200); do
        [[ -s $E2E_TMP/aws.env ]] && break
        kill -0 "$AWS_STAND_INS_PID" 2>/dev/null || { cat "$E2E_TMP/servers.log" >&2; e2e_fail "the stand-ins exited at start"; }
        sleep 0.05
    done
    [[ -s $E2E_TMP/aws.env ]] || e2e_fail "the stand-ins did not start in 10 s"
    set -a
    # shellcheck disable=SC1091 # written by servers.mjs at run time
    source "$E2E_TMP/aws.env"
    set +a
    # agora reads credentials the standard way.
    export AWS_ACCESS_KEY_ID=$AWSTEST_KEY AWS_SECRET_ACCESS_KEY=$AWSTEST_SECRET
    unset AWS_SESSION_TOKEN AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE AWS_ENDPOINT_URL_STS
}
