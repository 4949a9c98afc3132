# shellcheck shell=bash
# tests/dr/lib/common.sh: logging, clocks, process tracking and the cleanup
# trap of the DR drill (scripts/dr-drill). Sourced, not run.
#
# Everything the drill makes lives in one `mktemp -d` dir ($DR_TMP); every
# process it starts is tracked by PID; the EXIT trap stops them (with their
# children), destroys the clusters and deletes $DR_TMP, whatever the exit path
# (failure, Ctrl-C, TERM).

DR_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../../../scripts/lib/common.sh
source "$DR_ROOT/scripts/lib/common.sh"
_agora_prog=dr-drill
DR_PIDS=()
DR_TMP=
DR_T0_US=${EPOCHREALTIME/[.,]/}

# Microseconds since the epoch, without a fork.
now_us() { echo "${EPOCHREALTIME/[.,]/}"; }
# Epoch milliseconds with microsecond decimals (the writer's clock format).
us_to_ms() { printf '%d.%03d' "$(($1 / 1000))" "$(($1 % 1000))"; }
# Seconds with millisecond decimals between two now_us values.
secs_between() { printf '%d.%03d' "$((($2 - $1) / 1000000))" "$(((($2 - $1) / 1000) % 1000))"; }

dr_log() {
    local t=$(($(now_us) - DR_T0_US))
    printf '[dr-drill +%4d.%ds] %s\n' "$((t / 1000000))" "$(((t / 100000) % 10))" "$*"
}
dr_fail() {
    dr_log "FAIL: $*"
    exit 1
}

# Who owns the clusters and the pgBackRest repositories: PostgreSQL refuses to
# run as root, so as root scripts/pg-cluster runs it as `postgres`, and every
# pgBackRest command must then run as that user too (it reads and writes
# PGDATA). As a normal user, that user.
if [[ $EUID -eq 0 ]]; then DR_OWNER=postgres; else DR_OWNER=$(id -un); fi
as_owner() {
    if [[ $EUID -eq 0 ]]; then runuser -u "$DR_OWNER" -- "$@"; else "$@"; fi
}

dr_track() { DR_PIDS+=("$@"); }

# Alive and not a zombie: a killed process whose parent has not reaped it yet
# (PostgreSQL's children, once the postmaster is gone) still answers kill -0.
dr_alive() {
    local s
    kill -0 "$1" 2>/dev/null || return 1
    { s=$(<"/proc/$1/stat"); } 2>/dev/null || return 1
    s=${s##*) }
    [[ ${s:0:1} != Z ]]
}

# PID and its descendants, through /proc (no procps needed).
dr_tree() {
    local f s ppid p
    echo "$1"
    for f in /proc/[0-9]*/stat; do
        { s=$(<"$f"); } 2>/dev/null || continue
        s=${s##*) }
        read -r _ ppid _ <<<"$s"
        [[ $ppid == "$1" ]] || continue
        p=${f#/proc/}
        dr_tree "${p%/stat}"
    done
}

# dr_stop_pid PID [SIGNAL]: signal PID and its descendants, wait up to ~5 s,
# then SIGKILL what is left.
dr_stop_pid() {
    local pid=$1 sig=${2:-TERM} all p
    kill -0 "$pid" 2>/dev/null || return 0
    mapfile -t all < <(dr_tree "$pid")
    for p in "${all[@]}"; do kill "-$sig" "$p" 2>/dev/null || true; done
    for p in "${all[@]}"; do
        for _ in $(seq 50); do dr_alive "$p" || break; sleep 0.1; done
        kill -KILL "$p" 2>/dev/null || true
    done
    wait "$pid" 2>/dev/null || true
}

# Sleep that a TERM/INT interrupts at once (the trap then cleans up).
dr_sleep() {
    sleep "$1" &
    wait $!
}

_dr_cleanup() {
    local rc=$? pid
    trap - EXIT INT TERM
    [[ -z ${DR_WATCHDOG_PID:-} ]] || dr_stop_pid "$DR_WATCHDOG_PID" KILL
    for pid in "${DR_PIDS[@]}"; do dr_stop_pid "$pid"; done
    if [[ -n $DR_TMP && -d $DR_TMP ]]; then
        # Any cluster still running in our dir (the live one, or one that
        # failed half-way through a restore).
        # The cluster still running in our dir, if any (the live one, or one
        # that failed half-way through a restore): killed, not shut down,
        # since it is deleted anyway and a shutdown can take long.
        dr_kill_postmaster "$DR_TMP/pg/data" || true
        if [[ -n ${DR_KEEP:-} ]]; then
            dr_log "kept $DR_TMP for inspection (DR_KEEP=1; its processes are stopped); delete it when done"
        else
            rm -rf -- "$DR_TMP"
        fi
    fi
    exit "$rc"
}

# dr_kill_postmaster DATA: SIGKILL the postmaster working in DATA and all its
# children at once, as a machine or disk failure would.
dr_kill_postmaster() {
    local data=$1 pid all p
    [[ -f $data/postmaster.pid ]] || return 0
    pid=$(sed -n 1p "$data/postmaster.pid" 2>/dev/null)
    [[ $pid =~ ^[0-9]+$ ]] || return 0
    [[ $(readlink "/proc/$pid/cwd" 2>/dev/null) == "$data" ]] || return 0
    mapfile -t all < <(dr_tree "$pid")
    kill -STOP "$pid" 2>/dev/null || true # no reaping/restarting while we kill the rest
    for p in "${all[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
    for p in "${all[@]}"; do
        for _ in $(seq 50); do dr_alive "$p" || break; sleep 0.1; done
    done
    # A killed postmaster is a zombie until init reaps it, and PostgreSQL takes
    # a zombie's PID in the socket lock file for a live server ("lock file
    # already exists"). Wait for the reaping; if it lags, the lock is stale
    # (its owner is dead) and goes, as an operator would remove it.
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    rm -f -- "$(dirname "$data")"/sock/.s.PGSQL.*.lock
}

# dr_watchdog SECONDS: past SECONDS, TERM the drill. bash runs its trap only
# once the command in the foreground returns, so the watchdog also TERMs every
# other descendant of the drill (a hung restore, a sleep): then the EXIT trap
# runs and cleans up.
dr_watchdog() {
    local main=$$
    (
        sleep "$1"
        echo "dr-drill: deadline of ${1}s reached, stopping" >&2
        kill -TERM "$main" 2>/dev/null
        mapfile -t all < <(dr_tree "$main")
        for p in "${all[@]}"; do
            [[ $p == "$main" || $p == "$BASHPID" ]] || kill -TERM "$p" 2>/dev/null
        done
    ) &
    DR_WATCHDOG_PID=$!
    # Not a job of ours any more: bash would report its death at cleanup.
    disown "$DR_WATCHDOG_PID"
}

dr_init() {
    trap _dr_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    DR_TMP=$(mktemp -d -t agora-dr.XXXXXX)
    # The cluster owner (postgres, when we are root) must be able to enter it.
    chmod 755 "$DR_TMP"
    # The caller's settings must not leak into the services or the cluster.
    unset PG_LISTEN PG_FAST PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGOPTIONS PGPASSWORD
    local v
    for v in $(compgen -e | grep -E '^(AGORA_|PGBACKREST_)' || true); do unset "$v"; done
}
