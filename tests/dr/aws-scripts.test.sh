#!/usr/bin/env bash
# tests/dr/aws-scripts.test.sh: tests of the AWS recovery scripts (scripts/dr/)
# without AWS: the CLIs are replaced by fakes (fixtures/fake-aws,
# fixtures/fake-kubectl) that log each call and answer read-only calls from
# fixtures/aws/*.json.
#   - each script's --dry-run prints exactly fixtures/expected/<case>.txt (the
#     exact AWS CLI and kubectl calls), and makes no mutating call;
#   - the real mode (--yes) makes exactly the calls the dry run printed;
#   - destructive steps refuse to run unconfirmed; bad input exits 2;
#   - when the real AWS CLI is installed, it parses every printed call (sent
#     to a closed port on 127.0.0.1, so it fails at connecting, never at its
#     arguments): the options exist and fit together.
# Usage: bash tests/dr/aws-scripts.test.sh [--update] (rewrite the expected files)
# Prints one line per check and "N passed, N failed".
set -Euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
fx=$here/fixtures
update=0
[[ ${1:-} == --update ]] && update=1
command -v jq >/dev/null || { echo "aws-scripts.test: jq is not installed" >&2; exit 1; }

tmp=$(mktemp -d -t agora-dr-awstest.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export AGORA_DR_AWS=$fx/fake-aws AGORA_DR_KUBECTL=$fx/fake-kubectl FAKE_LOG=$tmp/calls.log
export AGORA_DR_NOW=1769853600 AGORA_DR_POLL_S=0 # 2026-01-31T10:00:00Z
unset GITHUB_SHA GITHUB_RUN_ID GITHUB_RUN_ATTEMPT GITHUB_OUTPUT

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

KMS_DR=arn:aws:kms:us-west-2:000000000000:key/22222222-2222-2222-2222-222222222222
SECRET='arn:aws:secretsmanager:us-east-2:000000000000:secret:rds!db-00000000-0000-0000-0000-000000000000-AbCdEf'
# name | script and arguments (without --dry-run / --yes)
CASES=(
    "db-snapshot|db-snapshot agora-prod --sha 0123456789abcdef0123456789abcdef01234567 --run 42 --attempt 1"
    "rds-pitr-time|rds-pitr agora-prod --time 2026-01-31T09:15:00Z"
    "rds-pitr-latest|rds-pitr agora-prod --latest --target agora-prod-restored --region us-east-2"
    "rds-restore-dr-region|rds-restore-dr-region agora-prod --dr-region us-west-2 --instance-class db.r7g.xlarge --secret-kms-key $KMS_DR --time 2026-01-31T09:40:00Z"
    "rds-cutover|rds-cutover agora-prod agora-prod-pitr-202601310915"
    "rotate-db-secret|rotate-db-secret --secret-arn $SECRET --point-external-secrets"
    "dns-failover|dns-failover --zone-id Z0000000000000000000A --name api.agora.example.com --alb-dns-name k8s-agora-dr-0123456789.us-west-2.elb.amazonaws.com --alb-zone-id Z1H1FL5HABSF5"
    "s3-restore-versions|s3-restore-versions --bucket agora-prod-uploads --prefix avatars/ --at 2026-01-31T09:15:00Z"
)

# Calls in the fake log that change something (anything but describe/list/get).
mutating_calls() {
    grep -vE '^(rds describe-|ec2 describe-|route53 list-|secretsmanager describe-|s3api list-)' "$FAKE_LOG" || true
}

for c in "${CASES[@]}"; do
    name=${c%%|*}
    read -ra cmd <<<"${c#*|}"
    script=$root/scripts/dr/${cmd[0]}
    expected=$fx/expected/$name.txt

    # 1. dry run: exact output, no mutating call.
    : >"$FAKE_LOG"
    if ! "$script" "${cmd[@]:1}" --dry-run >"$tmp/$name.dry" 2>"$tmp/$name.err"; then
        bad "$name: --dry-run failed"
        sed 's/^/     /' "$tmp/$name.err"
        continue
    fi
    if ((update)); then cp "$tmp/$name.dry" "$expected"; fi
    if diff -u "$expected" "$tmp/$name.dry" >"$tmp/$name.diff"; then
        ok "$name: --dry-run prints the expected calls"
    else
        bad "$name: --dry-run output differs from ${expected#"$root"/}"
        sed 's/^/     /' "$tmp/$name.diff"
    fi
    m=$(mutating_calls)
    if [[ -z $m ]]; then ok "$name: --dry-run makes no mutating call"; else bad "$name: --dry-run called: $m"; fi

    # 2. real mode against the fakes: the same mutating calls, in order.
    : >"$FAKE_LOG"
    if "$script" "${cmd[@]:1}" --yes </dev/null >"$tmp/$name.real" 2>"$tmp/$name.err"; then
        # The dry run's "+ aws ..." lines, as the argv the fake logged.
        want=$(sed -n 's/^+ //p' "$tmp/$name.dry" | while read -r line; do
            eval "set -- $line"
            [[ $1 == aws ]] && shift
            printf '%q ' "$@"
            echo
        done)
        # dns-failover's dry run can only name the change id it will wait for.
        if grep -q '^# then: aws route53 wait' "$tmp/$name.dry"; then
            want+=$'\n'"$(printf '%q ' route53 wait resource-record-sets-changed --id /change/C0FAKE0000001)"
        fi
        got=$(mutating_calls)
        if [[ $got == "$want" ]]; then
            ok "$name: the real run makes exactly the calls the dry run printed"
        else
            bad "$name: the real run's calls differ from the dry run's"
            diff <(echo "$want") <(echo "$got") | sed 's/^/     /'
        fi
    else
        bad "$name: the real run (--yes, fakes) failed"
        sed 's/^/     /' "$tmp/$name.err"
    fi
done

# 3. destructive steps: no --yes and no terminal -> refused before any change.
for c in "rds-cutover agora-prod agora-prod-pitr-202601310915" \
    "rotate-db-secret --secret-arn $SECRET" \
    "dns-failover --zone-id Z0 --name api.agora.example.com --alb-dns-name x.elb.amazonaws.com --alb-zone-id Z1" \
    "s3-restore-versions --bucket agora-prod-uploads --at 2026-01-31T09:15:00Z"; do
    read -ra cmd <<<"$c"
    : >"$FAKE_LOG"
    if setsid -w "$root/scripts/dr/${cmd[0]}" "${cmd[@]:1}" </dev/null >/dev/null 2>"$tmp/refused.err"; then
        bad "${cmd[0]}: ran a destructive step without confirmation"
    elif [[ -n $(mutating_calls) ]]; then
        bad "${cmd[0]}: refused, but only after a change: $(mutating_calls)"
    else
        ok "${cmd[0]}: refuses a destructive step without confirmation"
    fi
done

# 4. bad input: exit 2, no call at all.
while IFS='|' read -r what args; do
    read -ra cmd <<<"$args"
    : >"$FAKE_LOG"
    "$root/scripts/dr/${cmd[0]}" "${cmd[@]:1}" >/dev/null 2>&1
    rc=$?
    if [[ $rc == 2 && ! -s $FAKE_LOG ]]; then ok "rejects $what"; else bad "$what: exit $rc, calls: $(cat "$FAKE_LOG")"; fi
done <<'EOF'
a local time|rds-pitr agora-prod --time 2026-01-31T09:15:00 --dry-run
both --time and --latest|rds-pitr agora-prod --time 2026-01-31T09:15:00Z --latest --dry-run
neither --time nor --latest|rds-restore-dr-region agora-prod --dr-region us-west-2 --instance-class c --secret-kms-key k --dry-run
an impossible date|s3-restore-versions --bucket b --at 2026-02-30T09:15:00Z --dry-run
a short commit hash|db-snapshot agora-prod --sha 0123abc --dry-run
a secret that is not an ARN|rotate-db-secret --secret-arn my-secret --dry-run
an unknown option|dns-failover --zone Z --dry-run
EOF

# 5. a restore time after the latest restorable time: refused before the restore.
: >"$FAKE_LOG"
if "$root/scripts/dr/rds-pitr" agora-prod --time 2026-01-31T09:59:00Z --dry-run >/dev/null 2>&1; then
    bad "rds-pitr accepted a time after LatestRestorableTime"
else
    ok "rds-pitr refuses a time after LatestRestorableTime"
fi

# 6. scripts/backup-status --rds: the lag is the age of LatestRestorableTime
# (09:55 at 10:00: 300 s), the last backup the newest available automated snapshot.
: >"$FAKE_LOG"
if "$root/scripts/backup-status" --rds agora-prod --textfile "$tmp/rds.prom" >"$tmp/rds.txt" 2>&1; then
    for want in 'agora_wal_archive_lag_seconds 300' 'agora_wal_archive_enabled 1' \
        'agora_backup_last_full_timestamp_seconds{repo="rds"} 1769825700' \
        "agora_backup_status_run_timestamp_seconds $AGORA_DR_NOW"; do
        if grep -qxF "$want" "$tmp/rds.prom"; then ok "backup-status --rds writes $want"; else bad "backup-status --rds: no line '$want'"; sed 's/^/     /' "$tmp/rds.prom"; fi
    done
    if command -v promtool >/dev/null; then
        if promtool check metrics <"$tmp/rds.prom" >"$tmp/promtool.txt" 2>&1; then ok "promtool accepts the textfile"; else bad "promtool rejects the textfile"; sed 's/^/     /' "$tmp/promtool.txt"; fi
    fi
else
    bad "backup-status --rds failed"
    sed 's/^/     /' "$tmp/rds.txt"
fi

# 7. the real AWS CLI parses every printed call (loopback, closed port).
if command -v aws >/dev/null; then
    export AWS_ACCESS_KEY_ID=AKIDTESTTESTTESTTEST AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-2
    export AWS_MAX_ATTEMPTS=1 AWS_RETRY_MODE=standard AWS_EC2_METADATA_DISABLED=true
    export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
    n=0
    for f in "$tmp"/*.dry; do
        while read -r line; do
            eval "set -- $line"
            [[ $1 == aws ]] || continue
            shift
            n=$((n + 1))
            out=$(timeout 60 aws --endpoint-url http://127.0.0.1:9 --cli-connect-timeout 2 "$@" 2>&1)
            rc=$?
            # 255: could not connect (arguments accepted); 252/2: usage or parameter errors.
            if [[ $rc == 255 ]] && grep -q 'Could not connect to the endpoint URL' <<<"$out"; then
                ok "aws accepts: ${line:0:90}..."
            else
                bad "aws rejects (exit $rc): $line"
                sed -n '1,6s/^/     /p' <<<"$out"
            fi
        done < <(sed -n 's/^+ //p' "$f")
    done
    ((n > 0)) || bad "no aws call to check"
else
    echo "skip the AWS CLI is not installed: printed calls not parsed by it"
fi

echo "$pass passed, $fail failed"
((fail == 0))
