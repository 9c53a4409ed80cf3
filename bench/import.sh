#!/usr/bin/env bash
# import.sh: import 1,000,000 deployment rows with `muster import` (CSV read,
# validation and store, one transaction) and, in the same run, with sqlite3's
# own `.import` of the same CSV into a plain table; best of 3 each; prints
# rows per second for both and their ratio (goal: muster >= 0.5 x sqlite3).
#
# env: MUSTER (default build/src/cli/muster), ROWS (1000000), SEED (20210218),
#      RUNS (3), BENCH_DIR (where the generated scenario is cached:
#      ${TMPDIR:-/tmp}/muster-bench)
. "$(dirname "$0")/lib.sh"

# best_of CMD...: runs CMD $RUNS times (after `reset`) and sets BEST_T, the
# best wall-clock seconds, and BEST_C, the best CPU seconds (user + sys, children
# included): on a busy machine the CPU figure is the steadier one.
best_of() {
	local best="" cpu="" t
	for _ in $(seq "$RUNS"); do
		reset
		t=$( { TIMEFORMAT='%R %U %S'; time "$@" >"$W/out" 2>"$W/err"; } 2>&1 ) ||
			{ echo "import.sh: failed: $*" >&2; cat "$W/err" >&2; exit 1; }
		local r u s
		read -r r u s <<<"$t"
		local c; c=$(calc "$u + $s")
		if [ -z "$best" ] || [ "$(calc "$r < $best")" = 1 ]; then best=$r; fi
		if [ -z "$cpu" ] || [ "$(calc "$c < $cpu")" = 1 ]; then cpu=$c; fi
	done
	BEST_T=$best BEST_C=$cpu
}

reset() { rm -f "$W"/*.db "$W"/*.db-wal "$W"/*.db-shm; }

muster_import() { "$MUSTER" --db "$W/muster.db" import "$SC"; }
# `import --update` of the same folder over it: every row paired by key and
# found unchanged (the pairing used to be quadratic in the rows)
muster_update() { "$MUSTER" --db "$W/update/muster.db" import --update "$SC"; }
sqlite_import() { sqlite3 "$W/fresh.db" '.mode csv' ".import $SC/deployments.csv d"; }

best_of muster_import
t_muster=$BEST_T c_muster=$BEST_C
got=$(sqlite3 "$W/muster.db" 'SELECT count(*) FROM deployments')
[ "$got" = "$ROWS" ] || { echo "import.sh: muster stored $got rows, expected $ROWS" >&2; exit 1; }
rm -rf "$W/update" && mkdir -p "$W/update" && "$MUSTER" --db "$W/update/muster.db" import "$SC" >/dev/null ||
	{ echo "import.sh: the import for --update failed" >&2; exit 1; }
best_of muster_update
t_update=$BEST_T c_update=$BEST_C
grep -q "$ROWS unchanged" "$W/out" || { echo "import.sh: import --update did not find every row unchanged" >&2; cat "$W/out" >&2; exit 1; }
rm -rf "$W/update"
best_of sqlite_import
t_sqlite=$BEST_T c_sqlite=$BEST_C
got=$(sqlite3 "$W/fresh.db" 'SELECT count(*) FROM d')
[ "$got" = "$ROWS" ] || { echo "import.sh: sqlite3 stored $got rows, expected $ROWS" >&2; exit 1; }

printf 'import of %d deployment rows, best of %d (rows/s by wall clock; by CPU time):\n' "$ROWS" "$RUNS"
printf '  muster import (read, validate, store): %6.2f s %9.0f rows/s; cpu %6.2f s %9.0f rows/s\n' \
	"$t_muster" "$(calc "$ROWS / $t_muster")" "$c_muster" "$(calc "$ROWS / $c_muster")"
printf '  sqlite3 .import (plain table)        : %6.2f s %9.0f rows/s; cpu %6.2f s %9.0f rows/s\n' \
	"$t_sqlite" "$(calc "$ROWS / $t_sqlite")" "$c_sqlite" "$(calc "$ROWS / $c_sqlite")"
printf '  muster import --update (unchanged)   : %6.2f s %9.0f rows/s; cpu %6.2f s %9.0f rows/s\n' \
	"$t_update" "$(calc "$ROWS / $t_update")" "$c_update" "$(calc "$ROWS / $c_update")"
printf '  ratio muster / sqlite3               : %6.2f by wall clock, %.2f by CPU (goal >= 0.50)\n' \
	"$(calc "$t_sqlite / $t_muster")" "$(calc "$c_sqlite / $c_muster")"
