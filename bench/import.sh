#!/usr/bin/env bash
# import.sh: import 1,000,000 deployment rows with `muster import` (CSV read,
# validation and store, one transaction) and, in the same run, with sqlite3's
# own `.import` of the same CSV into a plain table; best of 3 each; prints
# rows per second for both and their ratio (goal: muster >= 0.5 x sqlite3).
#
# env: MUSTER (default build/src/cli/muster), ROWS (1000000), SEED (20210218),
#      RUNS (3), BENCH_DIR (where the generated scenario is cached:
#      ${TMPDIR:-/tmp}/muster-bench)
set -eu
cd "$(dirname "$0")/.."
MUSTER=${MUSTER:-build/src/cli/muster}
ROWS=${ROWS:-1000000}
SEED=${SEED:-20210218}
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/muster-bench}
SC="$BENCH_DIR/deployments-$ROWS-$SEED"
W=$(mktemp -d "${TMPDIR:-/tmp}/muster-import.XXXXXX")
trap 'rm -rf "$W"' EXIT

command -v sqlite3 >/dev/null || { echo "import.sh: sqlite3 is not installed" >&2; exit 1; }
[ -x "$MUSTER" ] || { echo "import.sh: no muster binary at $MUSTER (make build)" >&2; exit 1; }

if [ ! -f "$SC/.done" ]; then
	echo "generating $ROWS deployments (seed $SEED) in $SC ..."
	rm -rf "$SC"
	python3 bench/gen_deployments.py --rows "$ROWS" --seed "$SEED" "$SC"
	touch "$SC/.done"
fi

calc() { awk "BEGIN { print $1 }"; }

# best_of CMD...: runs CMD $RUNS times (after `reset`), prints the best seconds.
best_of() {
	local best="" t0 t1 s
	for _ in $(seq "$RUNS"); do
		reset
		t0=$EPOCHREALTIME
		"$@" >"$W/out" 2>"$W/err" || { echo "import.sh: failed: $*" >&2; cat "$W/err" >&2; exit 1; }
		t1=$EPOCHREALTIME
		s=$(calc "$t1 - $t0")
		if [ -z "$best" ] || [ "$(calc "$s < $best")" = 1 ]; then best=$s; fi
	done
	echo "$best"
}

reset() { rm -f "$W"/*.db "$W"/*.db-wal "$W"/*.db-shm; }

muster_import() { "$MUSTER" --db "$W/muster.db" import "$SC"; }
sqlite_import() { sqlite3 "$W/fresh.db" '.mode csv' ".import $SC/deployments.csv d"; }

t_muster=$(best_of muster_import)
got=$(sqlite3 "$W/muster.db" 'SELECT count(*) FROM deployments')
[ "$got" = "$ROWS" ] || { echo "import.sh: muster stored $got rows, expected $ROWS" >&2; exit 1; }
t_sqlite=$(best_of sqlite_import)
got=$(sqlite3 "$W/fresh.db" 'SELECT count(*) FROM d')
[ "$got" = "$ROWS" ] || { echo "import.sh: sqlite3 stored $got rows, expected $ROWS" >&2; exit 1; }

r_muster=$(calc "$ROWS / $t_muster")
r_sqlite=$(calc "$ROWS / $t_sqlite")
printf 'import of %d deployment rows, best of %d:\n' "$ROWS" "$RUNS"
printf '  muster import (read, validate, store): %7.2f s  %10.0f rows/s\n' "$t_muster" "$r_muster"
printf '  sqlite3 .import (plain table)        : %7.2f s  %10.0f rows/s\n' "$t_sqlite" "$r_sqlite"
printf '  ratio muster / sqlite3               : %7.2f (goal >= 0.50)\n' "$(calc "$r_muster / $r_sqlite")"
