#!/usr/bin/env bash
# tests/dr/aws-scripts.test.sh: tests of the AWS recovery scripts (scripts/dr/)
# without AWS: the CLIs are replaced by fakes (fixtures/fake-aws,
# fixtures/fake-kubectl) that log each call and answer read-only calls from
# fixtures/aws/*.json.
#   1. each script's --dry-run prints exactly fixtures/expected/<case>.txt (the
#      exact AWS CLI and kubectl calls, reviewed by hand), and makes no
#      mutating call;
#   2. the real mode (--yes) makes exactly the calls the dry run printed;
#   3. those calls carry what they must, worked out here from the inputs and
#      not from the scripts' output: a restore copies the settings of the
#      instance the fake describes and of deploy/terraform's database module,
#      a failover points at the given load balancer, a version restore copies
#      the versions current at the given time;
#   4. destructive steps refuse to run unconfirmed: exit 1 and the exact
#      message, before any change; bad input: exit 2, the exact message, no
#      call at all; a restore time after the latest restorable one: exit 1;
#   5. the AWS CLI parses every call the scripts made (sent to a closed port
#      on 127.0.0.1, so a call fails at connecting, never at its arguments: the
#      operation, every option and the parameter shapes exist), and refuses
#      each call of fixtures/aws-cli-bad-calls.txt (one mistake each), which
#      shows this check can fail. The CLI is Debian's awscli package (v2, at
#      /usr/bin/aws, installed by scripts/setup), never whatever `aws` comes
#      first on PATH (a pip-installed v1 behaves differently); without it the
#      test FAILS. Its model (2.9.19) predates four options the restores use
#      (NEWER below): those are left out of the parse, each is shown to be
#      still unknown to it (so the list goes when Debian's CLI learns them),
#      and the scripts' own check that refuses such a CLI is tested.
# Usage: bash tests/dr/aws-scripts.test.sh [--update] (rewrite the expected
# files of 1 after an intended change; review them with git diff)
# Prints one line per check and "N passed, N failed".
set -Euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
fx=$here/fixtures
AWS_CLI=/usr/bin/aws
update=0
[[ ${1:-} == --update ]] && update=1
command -v jq >/dev/null || { echo "aws-scripts.test: jq is not installed" >&2; exit 1; }

tmp=$(mktemp -d -t agora-dr-awstest.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export AGORA_DR_AWS=$fx/fake-aws AGORA_DR_KUBECTL=$fx/fake-kubectl FAKE_LOG=$tmp/calls.log
export AGORA_DR_NOW=1769853600 AGORA_DR_POLL_S=0 # 2026-01-31T10:00:00Z
unset GITHUB_SHA GITHUB_RUN_ID GITHUB_RUN_ATTEMPT GITHUB_OUTPUT
# Every aws call any run below makes, for section 5.
all_calls=$tmp/all-aws-calls
: >"$all_calls"
keep_calls() { grep -v '^kubectl ' "$FAKE_LOG" >>"$all_calls" || true; }

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

KMS_DR=arn:aws:kms:us-west-2:000000000000:key/22222222-2222-2222-2222-222222222222
SECRET='arn:aws:secretsmanager:us-east-2:000000000000:secret:rds!db-00000000-0000-0000-0000-000000000000-AbCdEf'
SHA=0123456789abcdef0123456789abcdef01234567
# name | script and arguments (without --dry-run / --yes)
CASES=(
    "db-snapshot|db-snapshot agora-prod --sha $SHA --run 42 --attempt 1"
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

# ---------------------------------------------------------------- 1, 2
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
    keep_calls
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
        keep_calls
        cp "$FAKE_LOG" "$tmp/$name.calls"
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
        : >"$tmp/$name.calls"
    fi
done

# ---------------------------------------------------------------- 3
# opt_value NAME "SERVICE OP" FLAG: the value(s) FLAG had in the first such
# call of NAME's real run: the words after it up to the next --option, joined
# by spaces; "-" for a flag without a value; nothing (status 1) when absent.
opt_value() {
    local name=$1 op=$2 flag=$3 line i got
    local -a w
    while IFS= read -r line; do
        eval "w=($line)"
        [[ "${w[0]} ${w[1]}" == "$op" ]] || continue
        for ((i = 2; i < ${#w[@]}; i++)); do
            [[ ${w[i]} == "$flag" ]] || continue
            got=-
            while ((i + 1 < ${#w[@]})) && [[ ${w[i + 1]} != --* ]]; do
                i=$((i + 1))
                if [[ $got == - ]]; then got=${w[i]}; else got+=" ${w[i]}"; fi
            done
            printf '%s\n' "$got"
            return 0
        done
        return 1
    done <"$tmp/$name.calls"
    return 1
}
# expect_opts NAME "SERVICE OP" FLAG VALUE...: each FLAG of that call is VALUE.
expect_opts() {
    local name=$1 op=$2 flag want got problems=()
    shift 2
    while (($#)); do
        flag=$1 want=$2
        shift 2
        got=$(opt_value "$name" "$op" "$flag") || got="(absent)"
        [[ $got == "$want" ]] || problems+=("$flag is '$got', expected '$want'")
    done
    if ((${#problems[@]})); then
        bad "$name: aws $op: ${problems[*]}"
    else
        ok "$name: aws $op carries what it must"
    fi
}

# What a restore must carry, from the instance the fake describes ...
src_json=$fx/aws/describe-db-instances.json
src() { jq -r ".DBInstances[0]$1" "$src_json"; }
# ... and from deploy/terraform, where the original instance is defined.
tf_db=$root/deploy/terraform/modules/database/main.tf
tf() { sed -n "s/^ *$1 *= *\"\\{0,1\\}\\([^\"]*\\)\"\\{0,1\\} *$/\\1/p" "$tf_db" | head -n1; }
tf_logs=$(sed -n 's/^ *enabled_cloudwatch_logs_exports *= *\[\(.*\)\] *$/\1/p' "$tf_db" | tr -d '",')
# (production's values where the module takes them from the environment)
tf_prod() { sed -n "s/^ *$1 *= *\\([0-9a-z]*\\) *$/\\1/p" "$root/deploy/terraform/envs/prod/main.tf" | head -n1; }
tf_retention=$(tf_prod backup_retention_days)
flag_if() { if [[ $1 == true ]]; then echo "$2"; else echo "$3"; fi; }
settings_from_terraform=(
    --storage-type "$(tf storage_type)"
    --ca-certificate-identifier "$(tf ca_cert_identifier)"
    --enable-cloudwatch-logs-exports "$tf_logs"
    --backup-retention-period "$tf_retention"
    "$(flag_if "$(tf publicly_accessible)" --publicly-accessible --no-publicly-accessible)" -
    "$(flag_if "$(tf iam_database_authentication_enabled)" --enable-iam-database-authentication --no-enable-iam-database-authentication)" -
    "$(flag_if "$(tf copy_tags_to_snapshot)" --copy-tags-to-snapshot --no-copy-tags-to-snapshot)" -
    "$(flag_if "$(tf manage_master_user_password)" --manage-master-user-password --no-manage-master-user-password)" -
    "$(flag_if "$(tf_prod deletion_protection)" --deletion-protection --no-deletion-protection)" -
)
[[ -n $tf_retention && $(tf storage_type) == gp3 && $(tf_prod deletion_protection) == true ]] ||
    bad "could not read the database settings from deploy/terraform (modules/database/main.tf, envs/prod/main.tf)"
settings_from_source=(
    --db-instance-class "$(src .DBInstanceClass)"
    --db-subnet-group-name "$(src .DBSubnetGroup.DBSubnetGroupName)"
    --vpc-security-group-ids "$(jq -r '[.DBInstances[0].VpcSecurityGroups[].VpcSecurityGroupId] | join(" ")' "$src_json")"
    --db-parameter-group-name "$(src '.DBParameterGroups[0].DBParameterGroupName')"
    "$(flag_if "$(src .MultiAZ)" --multi-az --no-multi-az)" -
    --master-user-secret-kms-key-id "$(src .MasterUserSecret.KmsKeyId)"
)
RESTORE="rds restore-db-instance-to-point-in-time"
expect_opts rds-pitr-time "$RESTORE" --source-db-instance-identifier agora-prod \
    --target-db-instance-identifier agora-prod-pitr-202601310915 --restore-time 2026-01-31T09:15:00Z \
    "${settings_from_source[@]}" "${settings_from_terraform[@]}"
expect_opts rds-pitr-time "rds wait" --db-instance-identifier agora-prod-pitr-202601310915
expect_opts rds-pitr-latest "$RESTORE" --region us-east-2 --source-db-instance-identifier agora-prod \
    --target-db-instance-identifier agora-prod-restored --use-latest-restorable-time - \
    "${settings_from_source[@]}" "${settings_from_terraform[@]}"
# In the DR region: the replicated backups, the security groups found there
# (fake-aws answers sg-0dr...1 and 2), the given class and DR key, Multi-AZ.
expect_opts rds-restore-dr-region "$RESTORE" --region us-west-2 \
    --source-db-instance-automated-backups-arn "$(jq -r '.DBInstanceAutomatedBackups[0].DBInstanceAutomatedBackupsArn' "$fx/aws/describe-db-instance-automated-backups.json")" \
    --target-db-instance-identifier agora-prod --restore-time 2026-01-31T09:40:00Z \
    --db-instance-class db.r7g.xlarge --vpc-security-group-ids "sg-0dr0000000000001 sg-0dr0000000000002" \
    --db-subnet-group-name agora-prod --db-parameter-group-name agora-prod-postgres17 --multi-az - \
    --master-user-secret-kms-key-id "$KMS_DR" "${settings_from_terraform[@]}"
expect_opts db-snapshot "rds create-db-snapshot" --db-instance-identifier agora-prod \
    --db-snapshot-identifier "agora-prod-predeploy-${SHA:0:12}-42-1" \
    --tags "Key=git-sha,Value=$SHA Key=created-by,Value=github-actions"
expect_opts db-snapshot "rds wait" --db-snapshot-identifier "agora-prod-predeploy-${SHA:0:12}-42-1"
# The cut-over renames: the current instance out of the way (its name stamped
# with the time, 10:00 on the pinned clock), then the restored one into its name.
if [[ $(grep -c '^rds modify-db-instance' "$tmp/rds-cutover.calls") == 2 ]] &&
    grep -A99 -- '--db-instance-identifier agora-prod --new-db-instance-identifier agora-prod-replaced-202601311000 --apply-immediately' "$tmp/rds-cutover.calls" |
    grep -q -- '--db-instance-identifier agora-prod-pitr-202601310915 --new-db-instance-identifier agora-prod --apply-immediately'; then
    ok "rds-cutover: renames agora-prod to agora-prod-replaced-202601311000, then the restored instance to agora-prod"
else
    bad "rds-cutover: the renames are not the two expected, in order"
    sed 's/^/     /' "$tmp/rds-cutover.calls"
fi
expect_opts rotate-db-secret "secretsmanager rotate-secret" --secret-id "$SECRET"
expect_opts dns-failover "route53 change-resource-record-sets" --hosted-zone-id Z0000000000000000000A
batch=$(opt_value dns-failover "route53 change-resource-record-sets" --change-batch || true)
want='[{"a":"UPSERT","n":"api.agora.example.com","t":"A","d":"k8s-agora-dr-0123456789.us-west-2.elb.amazonaws.com","z":"Z1H1FL5HABSF5","e":true},{"a":"UPSERT","n":"api.agora.example.com","t":"AAAA","d":"k8s-agora-dr-0123456789.us-west-2.elb.amazonaws.com","z":"Z1H1FL5HABSF5","e":true}]'
got=$(jq -c '[.Changes[] | {a: .Action, n: .ResourceRecordSet.Name, t: .ResourceRecordSet.Type, d: .ResourceRecordSet.AliasTarget.DNSName, z: .ResourceRecordSet.AliasTarget.HostedZoneId, e: .ResourceRecordSet.AliasTarget.EvaluateTargetHealth}]' <<<"$batch" 2>&1)
if [[ $got == "$want" ]]; then ok "dns-failover: A and AAAA of the name point at the DR load balancer"; else bad "dns-failover: change batch $got"; fi
# It waits for the change the fake answered with.
expect_opts dns-failover "route53 wait" --id /change/C0FAKE0000001
# At 09:15 (fixtures/aws/list-object-versions.json): a.png was a-v1 (a-v2
# came at 09:30), b.png was b-v1 (deleted at 09:20), "e f ü&x.png" was e-v1
# (written at 09:15:00 exactly); c.png is unchanged and d.png did not exist
# yet: no call for them. Copy sources are URL-encoded.
want=$(printf '%s\n' \
    "avatars/a.png agora-prod-uploads/avatars/a.png?versionId=a-v1" \
    "avatars/b.png agora-prod-uploads/avatars/b.png?versionId=b-v1" \
    "avatars/e f ü&x.png agora-prod-uploads/avatars/e%20f%20%C3%BC%26x.png?versionId=e-v1")
got=$(while IFS= read -r line; do
    eval "w=($line)"
    [[ "${w[0]} ${w[1]}" == "s3api copy-object" ]] || continue
    k='' s=''
    for ((i = 2; i + 1 < ${#w[@]}; i++)); do
        [[ ${w[i]} == --key ]] && k=${w[i + 1]}
        [[ ${w[i]} == --copy-source ]] && s=${w[i + 1]}
    done
    echo "$k $s"
done <"$tmp/s3-restore-versions.calls")
if [[ $got == "$want" ]]; then ok "s3-restore-versions: copies back exactly the versions current at 09:15"; else bad "s3-restore-versions: copies $got"; fi

# ---------------------------------------------------------------- 4
# Destructive steps: no --yes and no terminal -> exit 1 with this message as
# the last line, before any change.
while IFS='|' read -r args message; do
    read -ra cmd <<<"$args"
    : >"$FAKE_LOG"
    setsid -w "$root/scripts/dr/${cmd[0]}" "${cmd[@]:1}" </dev/null >/dev/null 2>"$tmp/refused.err"
    rc=$?
    keep_calls
    last=$(tail -n1 "$tmp/refused.err")
    if [[ $rc != 1 || $last != "$message" ]]; then
        bad "${cmd[0]}: unconfirmed run: exit $rc, last line: $last (expected exit 1: $message)"
    elif [[ -n $(mutating_calls) ]]; then
        bad "${cmd[0]}: refused, but only after a change: $(mutating_calls)"
    else
        ok "${cmd[0]}: refuses a destructive step without confirmation (exit 1, the expected message)"
    fi
done <<EOF
rds-cutover agora-prod agora-prod-pitr-202601310915|rds-cutover: error: rename agora-prod to agora-prod-replaced-202601311000 and agora-prod-pitr-202601310915 to agora-prod (the application loses its database until the second rename is done) needs confirmation, and there is no terminal: re-run with --yes
rotate-db-secret --secret-arn $SECRET|rotate-db-secret: error: rotate the database password in $SECRET and restart agora/agora-serve agora/agora-relay agora-jobs/agora-worker needs confirmation, and there is no terminal: re-run with --yes
dns-failover --zone-id Z0 --name api.agora.example.com --alb-dns-name x.elb.amazonaws.com --alb-zone-id Z1|dns-failover: error: point api.agora.example.com at x.elb.amazonaws.com needs confirmation, and there is no terminal: re-run with --yes
s3-restore-versions --bucket agora-prod-uploads --at 2026-01-31T09:15:00Z|s3-restore-versions: error: overwrite 3 object(s) in agora-prod-uploads with their versions of 2026-01-31T09:15:00Z needs confirmation, and there is no terminal: re-run with --yes
EOF

# Bad input: exit 2, exactly this message, no call at all.
while IFS='|' read -r what args message; do
    read -ra cmd <<<"$args"
    : >"$FAKE_LOG"
    "$root/scripts/dr/${cmd[0]}" "${cmd[@]:1}" >/dev/null 2>"$tmp/usage.err"
    rc=$?
    got=$(cat "$tmp/usage.err")
    if [[ $rc == 2 && $got == "$message" && ! -s $FAKE_LOG ]]; then
        ok "rejects $what (exit 2, the expected message)"
    else
        bad "$what: exit $rc, message: $got (expected exit 2: $message), calls: $(cat "$FAKE_LOG")"
    fi
done <<'EOF'
a local time|rds-pitr agora-prod --time 2026-01-31T09:15:00 --dry-run|rds-pitr: time must be UTC like 2026-01-31T09:15:00Z, got '2026-01-31T09:15:00'
both --time and --latest|rds-pitr agora-prod --time 2026-01-31T09:15:00Z --latest --dry-run|rds-pitr: give exactly one of --time and --latest
neither --time nor --latest|rds-restore-dr-region agora-prod --dr-region us-west-2 --instance-class c --secret-kms-key k --dry-run|rds-restore-dr-region: give exactly one of --time and --latest
an impossible date|s3-restore-versions --bucket b --at 2026-02-30T09:15:00Z --dry-run|s3-restore-versions: not a valid time: 2026-02-30T09:15:00Z
a short commit hash|db-snapshot agora-prod --sha 0123abc --dry-run|db-snapshot: --sha (or GITHUB_SHA) must be a commit hash
a secret that is not an ARN|rotate-db-secret --secret-arn my-secret --dry-run|rotate-db-secret: usage: rotate-db-secret --secret-arn arn:aws:secretsmanager:... [--region R] [--point-external-secrets] [--dry-run] [--yes]
an unknown option|dns-failover --zone Z --dry-run|dns-failover: unknown argument --zone
EOF

# A restore time after the latest restorable time: refused before the restore.
: >"$FAKE_LOG"
"$root/scripts/dr/rds-pitr" agora-prod --time 2026-01-31T09:59:00Z --dry-run >/dev/null 2>"$tmp/late.err"
rc=$?
keep_calls
last=$(tail -n1 "$tmp/late.err")
want="rds-pitr: error: 2026-01-31T09:59:00Z is after the latest restorable time 2026-01-31T09:55:00+00:00"
if [[ $rc == 1 && $last == "$want" && -z $(mutating_calls) ]]; then
    ok "rds-pitr refuses a time after LatestRestorableTime (exit 1, the expected message)"
else
    bad "rds-pitr with a time after LatestRestorableTime: exit $rc, last line: $last (expected exit 1: $want)"
fi

# scripts/backup-status --rds: the lag is the age of LatestRestorableTime
# (09:55 at 10:00: 300 s), the last backup the newest available automated snapshot.
: >"$FAKE_LOG"
if "$root/scripts/backup-status" --rds agora-prod --textfile "$tmp/rds.prom" >"$tmp/rds.txt" 2>&1; then
    keep_calls
    for want in 'agora_wal_archive_lag_seconds 300' 'agora_wal_archive_enabled 1' \
        'agora_backup_last_full_timestamp_seconds{repo="rds"} 1769825700' \
        "agora_backup_status_run_timestamp_seconds $AGORA_DR_NOW"; do
        if grep -qxF "$want" "$tmp/rds.prom"; then ok "backup-status --rds writes $want"; else bad "backup-status --rds: no line '$want'"; sed 's/^/     /' "$tmp/rds.prom"; fi
    done
    if ! command -v promtool >/dev/null; then
        bad "promtool is not installed (Debian package prometheus; scripts/setup): the textfile was not checked"
    elif promtool check metrics <"$tmp/rds.prom" >"$tmp/promtool.txt" 2>&1; then
        ok "promtool accepts the textfile"
    else
        bad "promtool rejects the textfile"
        sed 's/^/     /' "$tmp/promtool.txt"
    fi
else
    bad "backup-status --rds failed"
    sed 's/^/     /' "$tmp/rds.txt"
fi

# ---------------------------------------------------------------- 5
# The AWS CLI against a closed loopback port: arguments it accepts end in
# "Could not connect" (exit 255); a wrong operation, option or parameter
# shape is refused first (exit 252). No network, no credentials of anyone's.
if [[ ! -x $AWS_CLI ]] || ! "$AWS_CLI" --version 2>&1 | grep -q '^aws-cli/2\.'; then
    bad "the AWS CLI v2 is not at $AWS_CLI (Debian package awscli; scripts/setup installs it): the scripts' calls were not parsed"
else
    export AWS_ACCESS_KEY_ID=AKIDTESTTESTTESTTEST AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-2
    export AWS_MAX_ATTEMPTS=1 AWS_RETRY_MODE=standard AWS_EC2_METADATA_DISABLED=true AWS_PAGER=''
    export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
    unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL
    # A loopback port nothing listens on.
    for _ in $(seq 50); do
        closed=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$closed") 2>/dev/null || break
    done
    # cli WORDS...: run the call; sets cli_rc and cli_out.
    cli() {
        cli_out=$(timeout 60 "$AWS_CLI" --endpoint-url "http://127.0.0.1:$closed" --cli-connect-timeout 2 "$@" 2>&1)
        cli_rc=$?
    }
    # The bad fixture first: if these were accepted, nothing below would mean anything.
    while IFS='|' read -r want_rc want_text call; do
        [[ -z $call || $want_rc == \#* ]] && continue
        eval "set -- $call"
        cli "$@"
        if [[ $cli_rc == "$want_rc" ]] && grep -qF -- "$want_text" <<<"$cli_out"; then
            ok "aws refuses (exit $want_rc, $want_text): ${call:0:60}..."
        else
            bad "aws did not refuse as expected (exit $cli_rc, want $want_rc and '$want_text'): $call"
            sed -n '1,8s/^/     /p' <<<"$cli_out"
        fi
    done <"$fx/aws-cli-bad-calls.txt"
    # Options of the current RDS API that the restores need (the original's
    # backup retention and CA, a managed secret; scripts/dr/rds-restore-common.sh)
    # and that this CLI's model is too old to know: "operation|option|values it takes".
    NEWER=(
        "rds restore-db-instance-to-point-in-time|--backup-retention-period|1"
        "rds restore-db-instance-to-point-in-time|--ca-certificate-identifier|1"
        "rds restore-db-instance-to-point-in-time|--manage-master-user-password|0"
        "rds restore-db-instance-to-point-in-time|--master-user-secret-kms-key-id|1"
    )
    for e in "${NEWER[@]}"; do
        IFS='|' read -r op opt nval <<<"$e"
        read -ra w <<<"$op"
        extra=("$opt")
        ((nval == 0)) || extra+=(x)
        cli "${w[@]}" --source-db-instance-identifier a --target-db-instance-identifier b --use-latest-restorable-time "${extra[@]}"
        # (an option that takes a number gets "x": refused as unknown before its value is read)
        if [[ $cli_rc == 252 ]] && grep -q -- "Unknown options: $opt" <<<"$cli_out"; then
            ok "this CLI still lacks $opt of $op (left out of the parse below)"
        else
            bad "this CLI now knows $opt of $op (exit $cli_rc): remove it from NEWER in ${BASH_SOURCE[0]#"$root"/}"
        fi
    done
    n=0
    while IFS= read -r line; do
        eval "set -- $line"
        n=$((n + 1))
        # Drop the NEWER options (and their values) of this operation.
        args=() dropped=()
        while (($#)); do
            nval=''
            for e in "${NEWER[@]}"; do
                IFS='|' read -r op opt v <<<"$e"
                if [[ "${args[0]:-} ${args[1]:-}" == "$op" && $1 == "$opt" ]]; then nval=$v; fi
            done
            if [[ -n $nval ]]; then
                dropped+=("$1")
                shift $((1 + nval))
            else
                args+=("$1")
                shift
            fi
        done
        cli "${args[@]}"
        if [[ $cli_rc == 255 ]] && grep -q 'Could not connect to the endpoint URL' <<<"$cli_out"; then
            ok "aws accepts${dropped[*]:+ (without ${dropped[*]})}: ${line:0:90}..."
        else
            bad "aws rejects (exit $cli_rc): $line"
            sed -n '1,8s/^/     /p' <<<"$cli_out"
        fi
    done < <(sort -u "$all_calls")
    # The restore scripts refuse a CLI that lacks those options, before any
    # lookup (a dry run would otherwise pass and the real restore fail): with
    # this CLI they must stop with this message; with one that has them
    # (a stand-in printing their skeleton), go on.
    mkdir -p "$tmp/debian-cli" "$tmp/newer-cli"
    ln -s "$AWS_CLI" "$tmp/debian-cli/aws"
    cat >"$tmp/newer-cli/aws" <<'CLI'
#!/bin/sh
if [ "$1" = --version ]; then echo aws-cli/2.99.0; exit 0; fi
echo '{"BackupRetentionPeriod": 0, "CACertificateIdentifier": "", "ManageMasterUserPassword": true, "MasterUserSecretKmsKeyId": ""}'
CLI
    chmod +x "$tmp/newer-cli/aws"
    preflight() {
        PATH="$1:$PATH" AGORA_DR_AWS='' bash -c 'source "$1/scripts/dr/lib.sh"; source "$1/scripts/dr/rds-restore-common.sh"
            need_api_params rds restore-db-instance-to-point-in-time "${RESTORE_API_PARAMS[@]}"' rds-pitr "$root" 2>&1
    }
    out=$(preflight "$tmp/debian-cli")
    rc=$?
    want="rds-pitr: error: this AWS CLI ($("$AWS_CLI" --version 2>&1 | cut -d' ' -f1)) does not know BackupRetentionPeriod CACertificateIdentifier ManageMasterUserPassword MasterUserSecretKmsKeyId of rds restore-db-instance-to-point-in-time: install a current AWS CLI v2"
    if [[ $rc == 1 && $out == "$want" ]]; then ok "the restore scripts refuse this CLI up front (exit 1, the expected message)"; else bad "restore preflight with this CLI: exit $rc: $out"; fi
    out=$(preflight "$tmp/newer-cli")
    rc=$?
    if [[ $rc == 0 && -z $out ]]; then ok "the restore scripts accept a CLI that knows those options"; else bad "restore preflight with a newer CLI: exit $rc: $out"; fi
    # Every kind of call the scripts make must have been seen (a run that
    # failed early would otherwise shrink this list unnoticed).
    for op in "rds create-db-snapshot" "rds wait" "rds restore-db-instance-to-point-in-time" "rds modify-db-instance" \
        "rds describe-db-instances" "rds describe-db-instance-automated-backups" "rds describe-db-snapshots" \
        "ec2 describe-security-groups" "route53 list-resource-record-sets" "route53 change-resource-record-sets" \
        "route53 wait" "secretsmanager rotate-secret" "secretsmanager describe-secret" "s3api list-object-versions" \
        "s3api copy-object"; do
        grep -q "^$op " "$all_calls" || bad "no '$op' call was made, so none was parsed"
    done
    echo "     ($n distinct calls parsed by $("$AWS_CLI" --version 2>&1 | cut -d' ' -f1))"
fi

echo "$pass passed, $fail failed"
((fail == 0))
