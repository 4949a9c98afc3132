# shellcheck shell=bash
# scripts/dr/lib.sh: what the AWS recovery scripts share. Sourced, not run.
#
# Every AWS or Kubernetes call goes through one of two functions:
#   mutate CMD...  a call that changes something: printed as "+ CMD", and run
#                  unless --dry-run;
#   lookup CMD...  a read-only call (describe, list, get): printed as
#                  "# lookup: CMD" on stderr and run in both modes, so a dry
#                  run prints the exact calls with the real IDs filled in.
# Lines printed for mutating calls are valid shell: a dry run's output can be
# reviewed, then pasted. Destructive steps ask for confirmation (`confirm`)
# unless --yes; a dry run never asks.
#
# Tests replace the CLIs with fakes through AGORA_DR_AWS / AGORA_DR_KUBECTL
# (tests/dr/aws-scripts.test.sh); what is printed always says `aws`/`kubectl`.
set -Eeuo pipefail

# Set by each script's option parsing; YES and MUT_OUT are read by the
# scripts or by functions here.
DRY_RUN=0
export YES=0 MUT_OUT=''
_dr_prog=${0##*/}

say() { printf '%s: %s\n' "$_dr_prog" "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}
usage_die() {
    say "$*"
    exit 2
}

# Shell-quote one word only when it needs it, in single quotes.
q() {
    if [[ $1 =~ ^[A-Za-z0-9_./:=@,+%-]+$ ]]; then
        printf '%s' "$1"
    else
        printf "'%s'" "${1//\'/\'\\\'\'}"
    fi
}
cmdline() {
    local out="" w
    for w in "$@"; do out+="${out:+ }$(q "$w")"; done
    printf '%s' "$out"
}

_exec() {
    local tool=$1
    shift
    case $tool in
    aws) "${AGORA_DR_AWS:-aws}" "$@" ;;
    kubectl) "${AGORA_DR_KUBECTL:-kubectl}" "$@" ;;
    *) "$tool" "$@" ;;
    esac
}

# The command's stdout is kept in MUT_OUT (JSON to read, or nothing), so what
# this prints is only the command lines.
mutate() {
    printf '+ %s\n' "$(cmdline "$@")"
    MUT_OUT=
    ((DRY_RUN)) && return 0
    MUT_OUT=$(_exec "$@")
}

lookup() {
    printf '# lookup: %s\n' "$(cmdline "$@")" >&2
    _exec "$@"
}

# confirm WHAT EXPECTED: a destructive step. The operator types EXPECTED (an
# identifier, not just "y") to go on.
confirm() {
    local what=$1 expected=$2 answer
    ((DRY_RUN)) && return 0
    ((YES)) && { say "confirmed by --yes: $what"; return 0; }
    { : </dev/tty; } 2>/dev/null || die "$what needs confirmation, and there is no terminal: re-run with --yes"
    printf '%s: %s\n  type %s to go on: ' "$_dr_prog" "$what" "$expected" >/dev/tty
    read -r answer </dev/tty || answer=
    [[ $answer == "$expected" ]] || die "not confirmed; nothing more was done"
}

# A UTC timestamp as RDS and the CLI take it: 2026-01-31T09:15:00Z.
check_time() {
    [[ $1 =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]] ||
        usage_die "time must be UTC like 2026-01-31T09:15:00Z, got '$1'"
    date -u -d "${1%Z}" +%s >/dev/null 2>&1 || usage_die "not a valid time: $1"
}

# poll_until DESCRIPTION SECONDS WANT CMD...: re-run the read-only CMD every
# 15 s until its output is WANT; in a dry run, print it once and go on.
poll_until() {
    local what=$1 limit=$2 want=$3 got deadline
    shift 3
    if ((DRY_RUN)); then
        printf '# then, until it prints %s (%s): %s\n' "$want" "$what" "$(cmdline "$@")"
        return 0
    fi
    deadline=$((SECONDS + limit))
    while :; do
        got=$(_exec "$@" 2>/dev/null || true)
        # (the CLI's text output spells booleans True/False)
        [[ ${got,,} == "${want,,}" ]] && return 0
        ((SECONDS < deadline)) || die "$what: still '${got:-nothing}' after ${limit}s"
        say "$what: ${got:-not yet}; waiting"
        sleep "${AGORA_DR_POLL_S:-15}"
    done
}

# Dates come from here, so tests can pin the clock (AGORA_DR_NOW, epoch seconds).
utc_date() { date -u ${AGORA_DR_NOW:+-d "@$AGORA_DR_NOW"} "$@"; }

need() {
    local t
    for t in "$@"; do
        case $t in
        aws) [[ -n ${AGORA_DR_AWS:-} ]] || command -v aws >/dev/null || die "the AWS CLI is not installed" ;;
        kubectl) [[ -n ${AGORA_DR_KUBECTL:-} ]] || command -v kubectl >/dev/null || die "kubectl is not installed" ;;
        *) command -v "$t" >/dev/null || die "$t is not installed" ;;
        esac
    done
}

# need_api_params SERVICE OPERATION PARAM...: the installed AWS CLI knows these
# parameters of the operation. An older CLI (Debian bookworm's awscli 2.9.19
# lacks several of RestoreDBInstanceToPointInTime's) would refuse them only at
# the call itself, and a dry run, which makes no such call, would never tell.
# Asks the CLI offline (--generate-cli-skeleton lists every parameter); not
# asked of a fake CLI (tests, AGORA_DR_AWS).
need_api_params() {
    local svc=$1 op=$2 skeleton p missing=()
    shift 2
    [[ -z ${AGORA_DR_AWS:-} ]] || return 0
    skeleton=$(aws "$svc" "$op" --generate-cli-skeleton input 2>/dev/null) ||
        die "the AWS CLI cannot describe $svc $op (is it AWS CLI v2?)"
    for p in "$@"; do
        jq -e --arg p "$p" 'has($p)' <<<"$skeleton" >/dev/null || missing+=("$p")
    done
    ((${#missing[@]} == 0)) ||
        die "this AWS CLI ($(aws --version 2>&1 | cut -d' ' -f1)) does not know ${missing[*]} of $svc $op: install a current AWS CLI v2"
}
