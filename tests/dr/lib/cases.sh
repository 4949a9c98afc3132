# shellcheck shell=bash
# shellcheck disable=SC2034 # DR_FAILED and DR_CASE1_FIRST_KEY are read by scripts/dr-drill
# tests/dr/lib/cases.sh: the two disasters of the drill and the recovery
# steps they share, each step timed. Sourced after services.sh.
#
# RTO is measured from the incident to the first successful API write, as
# the sum of the steps below; nothing outside them (verification, reports)
# is counted, and nothing inside them is skipped.

# ---------------------------------------------------------------- timing
# dr_phase NAME: closes the running phase (if any) and starts NAME.
# dr_phase_end: closes the running phase. Phases go to $DR_PHASES_FILE as
# "name<TAB>seconds" lines.
dr_phase() {
    dr_phase_end
    DR_PHASE_NAME=$1
    DR_PHASE_T0=$(now_us)
}
dr_phase_end() {
    [[ -n ${DR_PHASE_NAME:-} ]] || return 0
    printf '%s\t%s\n' "$DR_PHASE_NAME" "$(secs_between "$DR_PHASE_T0" "$(now_us)")" >>"$DR_PHASES_FILE"
    DR_PHASE_NAME=
}

# ---------------------------------------------------------------- shared steps
# Starts PostgreSQL on the restored data dir and waits until archive recovery
# has ended and the server was promoted (it accepts writes).
dr_replay_and_promote() {
    local deadline=$((SECONDS + 600)) r
    dr_start_cluster
    while :; do
        r=$(dr_psql -d postgres -c 'SELECT pg_is_in_recovery()' 2>/dev/null) || r=
        [[ $r == f ]] && return 0
        ((SECONDS < deadline)) || dr_fail "still in recovery after 600 s"
        if ! pgc status "$DR_TMP/pg" >/dev/null; then
            tail -n 30 "$DR_TMP/pg/log/postgresql.log" >&2
            dr_fail "PostgreSQL stopped during recovery (its log above)"
        fi
        sleep 0.1
    done
}

# The recovery after the restore: replay, schema check, app start, first
# write through the API (its key is returned in DR_FIRST_KEY).
dr_recover_rest() {
    local case=$1 applied r
    dr_phase "WAL replay"
    dr_replay_and_promote
    dr_phase "migrations check"
    applied=$(dr_migrate)
    [[ $applied == 0 ]] || dr_fail "agora migrate applied ${applied:-?} migration(s) on the restored database; expected none"
    dr_phase "start (agora serve ready)"
    dr_start_agora "after-case$case"
    dr_phase "first write"
    DR_FIRST_KEY=post:first-case$case
    r=$(dr_post "/api/v1/communities/$DR_COMMUNITY/posts" "$DR_AUTHOR_TOKEN" \
        "{\"title\":\"drill [first-case$case]\",\"body\":\"the first write after restore $case\"}")
    [[ $r == 201* ]] || dr_fail "the first write after restore $case answered: $r"
    dr_phase_end
}

dr_timing_json() {
    # $1 case, $2 incident_us, $3 end_us, plus key=value extras
    local case=$1 incident=$2 end=$3
    shift 3
    node -e '
      const fs = require("fs");
      const [file, c, incident, end, ...kv] = process.argv.slice(1);
      const phases = fs.readFileSync(file, "utf8").split("\n").filter(Boolean)
        .map((l) => { const [name, s] = l.split("\t"); return { name, s: Number(s) }; });
      const extra = Object.fromEntries(kv.map((x) => [x.slice(0, x.indexOf("=")), x.slice(x.indexOf("=") + 1)]));
      console.log(JSON.stringify({ case: Number(c), incident_us: Number(incident),
        rto_s: (Number(end) - Number(incident)) / 1e6, phases, ...extra }));
    ' "$DR_PHASES_FILE" "$case" "$incident" "$end" "$@" >"$DR_TMP/case$case.timing.json"
}

dr_verify() {
    local case=$1
    shift
    DR_AUTHOR=$DR_AUTHOR DR_VOTER=$DR_VOTER PGHOST=$DR_TMP/pg/sock PGPORT=$DR_PG_PORT PGDATABASE=$DR_DB \
        PGUSER=agora node "$DR_ROOT/tests/dr/verify.mjs" --log "$DR_TMP/agora/writer.jsonl" \
        --out "$DR_TMP/case$case.verify.json" "$@"
}

# ---------------------------------------------------------------- case 1
# The data directory is destroyed under a running server (every PostgreSQL
# process SIGKILLed, PGDATA deleted): restore the newest backup from repo1
# and replay every archived WAL segment. What was only in the current,
# not yet archived segment is gone: that loss is measured, not hidden.
dr_case1() {
    local killed incident archived end
    DR_PHASES_FILE=$DR_TMP/case1.phases
    : >"$DR_PHASES_FILE"
    dr_log "case 1: the data directory is destroyed ($(dr_acked A) writes acknowledged so far)"
    # Nothing can be acknowledged once the kill is sent: the loss (RPO) is
    # measured against this moment.
    killed=$(now_us)
    dr_kill_postmaster "$DR_TMP/pg/data"
    rm -rf -- "$DR_TMP/pg/data"
    # A disk dies at once; killing processes and deleting 1 GB here takes
    # seconds that are not recovery time: the RTO clock starts now.
    incident=$(now_us)
    dr_phase "stop traffic"
    # The app and the writer fail fast without a database; stop them so the
    # log holds only what was acknowledged by the lost server.
    dr_stop_writer
    dr_stop_agora
    # Measurement, not recovery: how far repo1's archive reaches.
    archived=$(dr_archived_max_repo1)
    [[ -n $archived ]] || dr_fail "repo1 holds no archived WAL"
    dr_phase "restore"
    pgbr --repo=1 restore >>"$DR_TMP/pgbackrest/restore1.log" 2>&1 ||
        { cat "$DR_TMP/pgbackrest/restore1.log" >&2; dr_fail "pgbackrest restore (repo1) failed"; }
    dr_recover_rest 1
    end=$(now_us)
    dr_timing_json 1 "$incident" "$end" "title=1: data directory destroyed" "source=repo1 (local filesystem)" \
        "target=end of archived WAL, ${archived:16}" "db_bytes=$(dr_db_size_bytes)"
    dr_log "case 1: recovered in $(secs_between "$incident" "$end") s; verifying"
    dr_verify 1 --phase A --mode latest --incident "$(us_to_ms "$killed")" --archived-wal "$archived" \
        --timeline 1 --extra "$DR_FIRST_KEY" || DR_FAILED=1
    DR_CASE1_FIRST_KEY=$DR_FIRST_KEY
}

# ---------------------------------------------------------------- case 2
# A mass DELETE (every post of the drill's community, with their comments,
# votes and embeddings by cascade) at a known time; writes go on for a while,
# as they would until someone notices. Then: stop writes, make sure the WAL
# past the target is archived, set the damaged data dir aside, restore from
# repo2 (S3) to just before the DELETE.
dr_case2() {
    local target_txt target_ms deleted incident end
    DR_PHASES_FILE=$DR_TMP/case2.phases
    : >"$DR_PHASES_FILE"
    IFS='|' read -r target_txt target_ms < <(dr_psql -F '|' -c \
        "SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00',
                (extract(epoch FROM t) * 1000)::numeric(20,3)
         FROM (SELECT clock_timestamp() AS t) x")
    deleted=$(dr_psql -c "WITH d AS (DELETE FROM posts WHERE community_id =
                            (SELECT id FROM communities WHERE slug = '$DR_COMMUNITY') RETURNING 1)
                          SELECT count(*) FROM d")
    ((deleted > 0)) || dr_fail "the mass DELETE deleted nothing"
    dr_log "case 2: DELETE of $deleted posts right after $target_txt; writes go on for ${DR_DWELL_S}s"
    dr_sleep "$DR_DWELL_S"
    incident=$(now_us)
    dr_phase "stop traffic, archive WAL past the target"
    dr_stop_writer
    dr_stop_agora
    # Switches to a new WAL segment and waits until both repositories have
    # it: the restore needs WAL beyond the target to stop there.
    pgbr check >>"$DR_TMP/pgbackrest/check.log" 2>&1 ||
        { cat "$DR_TMP/pgbackrest/check.log" >&2; dr_fail "pgbackrest check failed before the restore"; }
    dr_stop_cluster
    # Kept for forensics (deleted with the drill's temp dir).
    mv "$DR_TMP/pg/data" "$DR_TMP/damaged-data"
    dr_phase "restore"
    pgbr --repo=2 --type=time "--target=$target_txt" --target-action=promote restore \
        >>"$DR_TMP/pgbackrest/restore2.log" 2>&1 ||
        { cat "$DR_TMP/pgbackrest/restore2.log" >&2; dr_fail "pgbackrest restore (repo2, PITR) failed"; }
    dr_recover_rest 2
    end=$(now_us)
    dr_timing_json 2 "$incident" "$end" "title=2: mass DELETE, PITR" "source=repo2 (S3 over HTTPS)" \
        "target=${target_txt:11:12} UTC, before DELETE" "db_bytes=$(dr_db_size_bytes)" \
        "dwell_s=$DR_DWELL_S"
    dr_log "case 2: recovered in $(secs_between "$incident" "$end") s; verifying"
    dr_verify 2 --phase B --mode time --target "$target_ms" --prior "$DR_TMP/case1.verify.json.state" \
        --extra "$DR_CASE1_FIRST_KEY" --extra "$DR_FIRST_KEY" || DR_FAILED=1
}
