#!/usr/bin/env bash
# pg.sh: muster on PostgreSQL, in one run on a throwaway cluster
# (tests/pg/cluster.sh, stopped and removed on exit):
#
# 1. import of 1,000,000 deployment rows (bench/gen_deployments.py) with
#        muster import --db postgresql:///muster?host=SOCKET DIR
#    (CSV read, validation, store, audit, one transaction) against psql's
#        \copy d FROM 'deployments.csv' WITH (FORMAT csv, HEADER true)
#    of the same CSV into a plain table of text columns (as import.sh's
#    sqlite3 .import); a fresh schema before every run, best of $RUNS each;
#    seconds, rows per second and the ratio (goal: muster >= 0.5 x \copy).
# 2. the posture series of posture.sh (monthly for 10 years by country)
#    with muster on that PostgreSQL database against the same command on a
#    SQLite file of the same data, and the same SQL as posture.sh's full
#    variant in psql; the outputs are compared (identical, or it fails),
#    and so are the two databases' `muster export`.
# 3. bench/server.sh (wrk GETs, edit to answer) served from a PostgreSQL
#    database of the example, then from SQLite (SERVER=0 skips it).
#
# Wall clock is the figure that counts here: the work is split between the
# client and the server. CPU seconds are given as client (muster or psql,
# from `time`) + server (the backends, from the postmaster's reaped children
# in /proc, read once the run's backends have exited; autovacuum off in the
# cluster), steadier on a busy machine.
#
# env: MUSTER (default build/src/cli/muster), ROWS (1000000), SEED (20210218),
#      RUNS (3), BENCH_DIR (cache of generated data: ${TMPDIR:-/tmp}/muster-bench),
#      SERVER (1: run part 3; bench/server.sh's DURATION, EDITS... apply)
. "$(dirname "$0")/lib.sh"

PG_DIR=$(tests/pg/cluster.sh start) || {
	rc=$?
	[ "$rc" = 77 ] && echo "pg.sh: PostgreSQL is not installed (initdb not found)" >&2
	exit 1
}
trap 'tests/pg/cluster.sh stop "$PG_DIR"; rm -rf "$W"' EXIT
PSQL="$(cat "$PG_DIR/bindir")/psql"
PG="postgresql:///muster?host=$PG_DIR/sock&user=muster"
TCK=$(getconf CLK_TCK)

pg_sql() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$PG" "$@"; }
# no autovacuum worker's CPU counted as a run's (posture's runs follow an
# explicit VACUUM ANALYZE)
pg_sql -c "ALTER SYSTEM SET autovacuum = off" -c "SELECT pg_reload_conf()" >/dev/null
# the backends' CPU seconds so far: the postmaster's reaped children
server_cpu() {
	local pm
	pm=$(head -1 "$PG_DIR/data/postmaster.pid")
	awk -v t="$TCK" '{ print ($16 + $17) / t }' "/proc/$pm/stat"
}
# the postmaster's children now (its own processes and the backends)
pm_children() {
	local pm
	pm=$(head -1 "$PG_DIR/data/postmaster.pid")
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v pm="$pm" '$4 == pm' | wc -l
}
# wait (up to 10 s) until the postmaster is down to $1 children: a client's
# backend is reaped, so its CPU is counted, only once it has exited
backends_gone() {
	for _ in $(seq 200); do
		[ "$(pm_children)" -le "$1" ] && return
		sleep 0.05
	done
}

# best_of RESET CMD...: runs RESET then CMD $RUNS times; sets BEST_T, the best
# wall-clock seconds, and BEST_C, the best client + server CPU seconds.
best_of() {
	local reset=$1 best="" cpu="" t r u s c s0 n0
	shift
	for _ in $(seq "$RUNS"); do
		"$reset"
		n0=$(pm_children)
		s0=$(server_cpu)
		t=$( { TIMEFORMAT='%R %U %S'; time "$@" >"$W/out" 2>"$W/err"; } 2>&1 ) ||
			{ echo "pg.sh: failed: $*" >&2; cat "$W/err" >&2; exit 1; }
		backends_gone "$n0"
		read -r r u s <<<"$t"
		c=$(calc "$u + $s + $(server_cpu) - $s0")
		if [ -z "$best" ] || [ "$(calc "$r < $best")" = 1 ]; then best=$r; fi
		if [ -z "$cpu" ] || [ "$(calc "$c < $cpu")" = 1 ]; then cpu=$c; fi
	done
	BEST_T=$best BEST_C=$cpu
}

# ---- 1. import ----
fresh_schema() {
	pg_sql -c "SET client_min_messages = warning" -c "DROP SCHEMA public CASCADE" \
		-c "CREATE SCHEMA public" >/dev/null
	pg_sql -c "CHECKPOINT" >/dev/null
}
muster_import() { "$MUSTER" --db "$PG" import "$SC"; }
psql_copy() {
	pg_sql -c 'CREATE TABLE d (id text, nation text, country text, mission text,
		personnel text, "from" text, "to" text, kind text, counts_against_cap text, source text)' \
		-c "\\copy d FROM '$SC/deployments.csv' WITH (FORMAT csv, HEADER true)"
}

best_of fresh_schema psql_copy
t_copy=$BEST_T c_copy=$BEST_C
got=$(pg_sql -A -t -c 'SELECT count(*) FROM d')
[ "$got" = "$ROWS" ] || { echo "pg.sh: \\copy stored $got rows, expected $ROWS" >&2; exit 1; }
best_of fresh_schema muster_import
t_muster=$BEST_T c_muster=$BEST_C
# the last run's database stays for the posture series
got=$(pg_sql -A -t -c 'SELECT count(*) FROM deployments')
[ "$got" = "$ROWS" ] || { echo "pg.sh: muster stored $got rows, expected $ROWS" >&2; exit 1; }

printf 'import of %d deployment rows into PostgreSQL, best of %d (wall clock; CPU client + server):\n' \
	"$ROWS" "$RUNS"
printf '  muster import (read, validate, store): %6.2f s %9.0f rows/s; cpu %6.2f s\n' \
	"$t_muster" "$(calc "$ROWS / $t_muster")" "$c_muster"
printf '  psql \\copy (plain table)             : %6.2f s %9.0f rows/s; cpu %6.2f s\n' \
	"$t_copy" "$(calc "$ROWS / $t_copy")" "$c_copy"
printf '  ratio muster / \\copy                 : %6.2f by wall clock, %.2f by CPU (goal >= 0.50)\n' \
	"$(calc "$t_copy / $t_muster")" "$(calc "$c_copy / $c_muster")"

# ---- 2. posture ----
DB="$W/muster.db"
t0=$EPOCHREALTIME
"$MUSTER" --db "$DB" import "$SC" >/dev/null
t_sqlite_import=$(calc "$EPOCHREALTIME - $t0")

SQL_FULL="WITH days AS (
  SELECT to_char(m, 'YYYY-MM-DD') AS m, m::date - DATE '1970-01-01' AS d
  FROM generate_series(DATE '2015-01-01', DATE '2024-12-01', interval '1 month') AS m)
SELECT m AS date, dep.country, SUM(dep.personnel) AS personnel,
  SUM(CASE WHEN ms.host = dep.country THEN dep.personnel ELSE 0 END) AS in_host,
  SUM(CASE WHEN ms.host IS NOT NULL AND ms.host <> dep.country THEN dep.personnel ELSE 0 END)
    AS out_of_host,
  SUM(CASE WHEN dep.kind = 'permanent' THEN dep.personnel ELSE 0 END) AS permanent,
  SUM(CASE WHEN dep.kind = 'rotational' THEN dep.personnel ELSE 0 END) AS rotational,
  SUM(CASE WHEN dep.kind IN ('temporary', 'support') THEN dep.personnel ELSE 0 END) AS other
FROM days JOIN deployments dep ON dep.from_day <= d AND (dep.to_day IS NULL OR dep.to_day > d)
LEFT JOIN missions ms ON ms.code = dep.mission
GROUP BY m, dep.country ORDER BY m, dep.country;"

posture() {
	"$MUSTER" --db "$1" posture --from 2015-01-01 --to 2025-01-01 --every month \
		--by country --format csv --no-run
}
no_reset() { :; }
posture_pg() { posture "$PG"; }
posture_sqlite() { posture "$DB"; }
sql_pg() { pg_sql --csv -t -c "$SQL_FULL"; }

pg_sql -c "VACUUM ANALYZE" >/dev/null
best_of no_reset posture_pg
t_ppg=$BEST_T c_ppg=$BEST_C
cp "$W/out" "$W/pg.csv"
best_of no_reset posture_sqlite
t_psq=$BEST_T c_psq=$BEST_C
cp "$W/out" "$W/sqlite.csv"
best_of no_reset sql_pg
t_sql=$BEST_T c_sql=$BEST_C
cp "$W/out" "$W/sql.csv"

# the export of the PostgreSQL import is the SQLite import's, file for file
"$MUSTER" --db "$PG" export "$W/export-pg" >/dev/null
"$MUSTER" --db "$DB" export "$W/export-sqlite" >/dev/null
diff -r "$W/export-pg" "$W/export-sqlite" >"$W/export.diff" || {
	echo "pg.sh: muster export differs between the PostgreSQL and the SQLite import:" >&2
	head -5 "$W/export.diff" >&2
	exit 1
}
cmp -s "$W/pg.csv" "$W/sqlite.csv" || {
	echo "pg.sh: muster posture differs between PostgreSQL and SQLite:" >&2
	diff "$W/pg.csv" "$W/sqlite.csv" | head -5 >&2
	exit 1
}
tail -n +2 "$W/pg.csv" | sort >"$W/a"
sort "$W/sql.csv" >"$W/b"
cmp -s "$W/a" "$W/b" || {
	echo "pg.sh: muster and the SQL in psql disagree:" >&2
	diff "$W/a" "$W/b" | head -5 >&2
	exit 1
}

rows=$(($(wc -l <"$W/pg.csv") - 1))
printf 'posture series over %d deployment rows: 120 months x country (%d output rows), best of %d:\n' \
	"$ROWS" "$rows" "$RUNS"
printf '  (muster import into SQLite, once, not timed below: %.2f s)\n' "$t_sqlite_import"
printf '  muster posture on SQLite              : %7.3f s; cpu %7.3f s\n' "$t_psq" "$c_psq"
printf '  muster posture on PostgreSQL          : %7.3f s; cpu %7.3f s; ratio SQLite / PostgreSQL %.2f\n' \
	"$t_ppg" "$c_ppg" "$(calc "$t_psq / $t_ppg")"
printf '  psql SQL, the same columns as muster  : %7.3f s; cpu %7.3f s; muster on PostgreSQL %.1fx faster\n' \
	"$t_sql" "$c_sql" "$(calc "$t_sql / $t_ppg")"
printf '  (outputs identical, and muster export of the two imports: checked)\n'

# ---- 3. the server's GET benchmark (bench/server.sh) on both ----
if [ "${SERVER:-1}" = 1 ]; then
	fresh_schema
	echo "bench/server.sh on PostgreSQL (this cluster):"
	DB=$PG bash bench/server.sh
	echo "bench/server.sh on SQLite, the same run:"
	bash bench/server.sh
fi
