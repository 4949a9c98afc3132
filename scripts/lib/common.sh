# shellcheck shell=bash
# Shared helpers for scripts/setup and scripts/pg-cluster. Sourced, not run.

# The one PostgreSQL major version Agora targets (Debian bookworm ships 15).
# Debian installs every major version side by side, so we address this one by
# path instead of trusting whatever `pg_ctl`/`psql` is first on PATH.
AGORA_PG_MAJOR=15
AGORA_PG_BIN="/usr/lib/postgresql/${AGORA_PG_MAJOR}/bin"

# Prefix every message with the script name so interleaved output from
# `make` targets still tells which script said what.
_agora_prog=${0##*/}

log() { printf '%s: %s\n' "$_agora_prog" "$*"; }
warn() { printf '%s: warning: %s\n' "$_agora_prog" "$*" >&2; }
die() {
    printf '%s: error: %s\n' "$_agora_prog" "$*" >&2
    exit 1
}

# Fail with a pointer to scripts/setup when the PostgreSQL 15 server binaries
# are missing: that is the usual cause on a fresh machine.
require_pg_bin() {
    local tool
    for tool in "$@"; do
        [[ -x "$AGORA_PG_BIN/$tool" ]] ||
            die "$AGORA_PG_BIN/$tool not found: PostgreSQL $AGORA_PG_MAJOR is not installed; run scripts/setup"
    done
}

# Privilege escalation for package installs: nothing when root, sudo when it
# exists. `as_root_possible` tells whether we can get root at all, so callers
# can print the exact manual command instead of failing obscurely.
if [[ $EUID -eq 0 ]]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    SUDO=()
fi
as_root_possible() { [[ $EUID -eq 0 || ${#SUDO[@]} -gt 0 ]]; }
