#!/usr/bin/env bash
# posture.sh: the posture time series over 1,000,000 deployment rows, monthly
# for 10 years by country:
#     muster posture --from 2015-01-01 --to 2025-01-01 --every month \
#         --by country --format csv
# against the equivalent SQL in the sqlite3 CLI on the same data (the same
# database file muster imported): a recursive CTE of the 120 month dates
# joined with the deployments table, grouped by month and country. Best of
# $RUNS each; prints both times and the ratio (goal: muster >= 5x faster).
# Two SQL variants are timed: personnel only, and the same columns as muster
# (in host / out of host through the missions table, permanent / rotational /
# other). The personnel column of both outputs is compared row by row.
# A second reference, DuckDB (bench/duckdb: @duckdb/node-api from npm, two
# threads), runs the same range join over the same rows (loaded from the
# folder's CSV, not timed; its query alone is timed); its output must equal
# muster's (goal: muster >= 2x faster than DuckDB's query).
#
# The data come from bench/gen_deployments.py (deterministic), imported once.
# env: MUSTER (default build/src/cli/muster), ROWS (1000000), SEED (20210218),
#      RUNS (3), BENCH_DIR (cache of generated data: ${TMPDIR:-/tmp}/muster-bench)
. "$(dirname "$0")/lib.sh"

# best_of OUT CMD...: runs CMD $RUNS times, stdout to OUT, prints the best seconds.
best_of() {
	local out=$1 best="" t0 t1 s
	shift
	for _ in $(seq "$RUNS"); do
		t0=$EPOCHREALTIME
		"$@" >"$out" 2>"$W/err" || { echo "posture.sh: failed: $*" >&2; cat "$W/err" >&2; exit 1; }
		t1=$EPOCHREALTIME
		s=$(calc "$t1 - $t0")
		if [ -z "$best" ] || [ "$(calc "$s < $best")" = 1 ]; then best=$s; fi
	done
	echo "$best"
}

DB="$W/muster.db"
t0=$EPOCHREALTIME
"$MUSTER" --db "$DB" import "$SC" >/dev/null
t_import=$(calc "$EPOCHREALTIME - $t0")
got=$(sqlite3 "$DB" 'SELECT count(*) FROM deployments')
[ "$got" = "$ROWS" ] || { echo "posture.sh: muster stored $got rows, expected $ROWS" >&2; exit 1; }

MONTHS="WITH RECURSIVE months(m) AS (
  SELECT '2015-01-01'
  UNION ALL SELECT date(m, '+1 month') FROM months WHERE date(m, '+1 month') < '2025-01-01'),
days(m, d) AS (SELECT m, CAST(julianday(m) - 2440587.5 AS INTEGER) FROM months)"
SQL_SIMPLE="$MONTHS
SELECT m AS date, country, SUM(personnel) AS personnel
FROM days JOIN deployments ON from_day <= d AND (to_day IS NULL OR to_day > d)
GROUP BY m, country ORDER BY m, country;"
SQL_FULL="$MONTHS
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

muster_posture() {
	"$MUSTER" --db "$DB" posture --from 2015-01-01 --to 2025-01-01 --every month \
		--by country --format csv --no-run
}
sql_simple() { sqlite3 -csv "$DB" "$SQL_SIMPLE"; }
sql_full() { sqlite3 -csv "$DB" "$SQL_FULL"; }

t_muster=$(best_of "$W/muster.csv" muster_posture)
t_simple=$(best_of "$W/simple.csv" sql_simple)
t_full=$(best_of "$W/full.csv" sql_full)

# the same numbers: muster's date,country,personnel (header dropped) against SQL's
tail -n +2 "$W/muster.csv" | cut -d, -f1-3 | sort >"$W/a"
sort "$W/simple.csv" >"$W/b"
if ! cmp -s "$W/a" "$W/b"; then
	echo "posture.sh: muster and SQL disagree:" >&2
	diff "$W/a" "$W/b" | head -5 >&2
	exit 1
fi
tail -n +2 "$W/muster.csv" | sort >"$W/a"
sort "$W/full.csv" >"$W/b"
cmp -s "$W/a" "$W/b" || { echo "posture.sh: muster and the full SQL disagree" >&2; diff "$W/a" "$W/b" | head -5 >&2; exit 1; }

# DuckDB: `npm ci` in bench/duckdb once; without node or the package, say so
t_duck=""
if command -v node >/dev/null && { [ -d bench/duckdb/node_modules/@duckdb/node-api ] ||
	(cd bench/duckdb && npm ci --no-audit --no-fund >"$W/npm.log" 2>&1); }; then
	node bench/duckdb/posture.mjs "$SC" "$RUNS" >"$W/duck.csv" 2>"$W/duck.err" ||
		{ echo "posture.sh: DuckDB failed:" >&2; cat "$W/duck.err" >&2; exit 1; }
	t_duck=$(sed -n 's/^duckdb-query //p' "$W/duck.err")
	tail -n +2 "$W/muster.csv" | sort >"$W/a"
	sort "$W/duck.csv" >"$W/b"
	cmp -s "$W/a" "$W/b" || { echo "posture.sh: muster and DuckDB disagree" >&2; diff "$W/a" "$W/b" | head -5 >&2; exit 1; }
	# muster again, right after DuckDB: the ratio compares the two at one load
	t_muster_duck=$(best_of "$W/muster.csv" muster_posture)
fi

rows=$(($(wc -l <"$W/muster.csv") - 1))
printf 'posture series over %d deployment rows: 120 months x country (%d output rows), best of %d:\n' \
	"$ROWS" "$rows" "$RUNS"
printf '  (muster import, once, not timed below: %.2f s)\n' "$t_import"
printf '  muster posture (load + sweep + csv)     : %7.3f s\n' "$t_muster"
printf '  sqlite3 SQL, personnel only            : %7.3f s  ratio %6.1fx\n' "$t_simple" \
	"$(calc "$t_simple / $t_muster")"
printf '  sqlite3 SQL, the same columns as muster : %7.3f s  ratio %6.1fx\n' "$t_full" \
	"$(calc "$t_full / $t_muster")"
if [ -n "$t_duck" ]; then
	printf '  DuckDB, the query alone (2 threads)     : %7.3f s  ratio %6.1fx\n' "$t_duck" \
		"$(calc "$t_duck / $t_muster_duck")"
	printf '  (against muster timed again right after it: %.3f s)\n' "$t_muster_duck"
else
	printf '  DuckDB: not measured (no node, or npm ci in bench/duckdb failed)\n'
fi
printf '  goals: muster >= 5x faster than the SQL, >= 2x faster than DuckDB (outputs identical: checked)\n'
