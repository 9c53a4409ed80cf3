# lib.sh: what the benchmarks over generated deployment rows share (sourced
# by import.sh and posture.sh): settings, a scratch folder, the tools they
# need, and the deterministic data set, generated once and cached.
# env: MUSTER (default build/src/cli/muster), ROWS (1000000), SEED (20210218),
#      RUNS (3), BENCH_DIR (cache of generated data: ${TMPDIR:-/tmp}/muster-bench)
set -eu
cd "$(dirname "$0")/.."
MUSTER=${MUSTER:-build/src/cli/muster}
ROWS=${ROWS:-1000000}
SEED=${SEED:-20210218}
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/muster-bench}
SC="$BENCH_DIR/deployments-$ROWS-$SEED"
BENCH_NAME=$(basename "$0")
W=$(mktemp -d "${TMPDIR:-/tmp}/muster-${BENCH_NAME%.sh}.XXXXXX")
trap 'rm -rf "$W"' EXIT

command -v sqlite3 >/dev/null || { echo "$BENCH_NAME: sqlite3 is not installed" >&2; exit 1; }
[ -x "$MUSTER" ] || { echo "$BENCH_NAME: no muster binary at $MUSTER (make build)" >&2; exit 1; }

if [ ! -f "$SC/.done" ]; then
	echo "generating $ROWS deployments (seed $SEED) in $SC ..."
	rm -rf "$SC"
	python3 bench/gen_deployments.py --rows "$ROWS" --seed "$SEED" "$SC"
	touch "$SC/.done"
fi

calc() { awk "BEGIN { print $1 }"; }
