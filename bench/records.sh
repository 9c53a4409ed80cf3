#!/usr/bin/env bash
# records.sh: the record-editing benchmark (issue 10, item 10). In one run:
# - muster: N single-record edits of the example's offers through the
#   library (build/bench/bench_edits: each edit one transaction that reads,
#   validates the whole scenario, writes the row and appends the audit row),
#   then the example rebuilt "as of" a revision from the audit log;
# - the reference: the same N updates as bare SQL, one transaction each, in
#   the sqlite3 shell on a copy of the imported database (same journal mode
#   and synchronous setting as muster), which validates and audits nothing.
# Prints both rates and their ratio, and the as-of times (goal: < 100 ms).
#
#   bash bench/records.sh [N]      (default 100000)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-100000}
bin=${BENCH_EDITS:-$root/build/bench/bench_edits}
muster=${MUSTER:-$root/build/src/cli/muster}
dir=$(mktemp -d "${TMPDIR:-/tmp}/muster-records.XXXXXX")
trap 'rm -rf "$dir"' EXIT
for tool in "$bin" "$muster"; do
	[ -x "$tool" ] || { echo "records.sh: $tool is missing (make build)" >&2; exit 1; }
done
command -v sqlite3 >/dev/null || { echo "records.sh: sqlite3 is missing (make deps)" >&2; exit 1; }

echo "record edits: $n edits of examples/nmi-2021's offers, $(nproc) cpu"
"$bin" "$dir/edits.db" "$root/examples/nmi-2021" "$n" | tee "$dir/muster.txt" || exit 1

"$muster" --db "$dir/ref.db" import "$root/examples/nmi-2021" >/dev/null || exit 1
"$muster" --db "$dir/ref.db" show offers --format csv | tail -n +2 | cut -d, -f1 >"$dir/ids"
python3 - "$n" "$dir/ids" >"$dir/ref.sql" <<'PY'
import sys
n, ids = int(sys.argv[1]), open(sys.argv[2]).read().split()
print("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
for i in range(n):
    print(f"BEGIN IMMEDIATE; UPDATE offers SET units = {1 + i % 3}, version = version + 1"
          f" WHERE id = '{ids[i % len(ids)]}'; COMMIT;")
PY
start=$(date +%s.%N)
sqlite3 "$dir/ref.db" <"$dir/ref.sql" >/dev/null || exit 1
ref=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
mine=$(awk '/^edit_seconds/ { print $2 }' "$dir/muster.txt")
echo "sqlite3_seconds $ref s (bare UPDATEs, one transaction each)"
awk -v n="$n" -v r="$ref" -v m="$mine" 'BEGIN {
	printf "sqlite3_updates_per_second %.0f /s\n", n / r
	printf "ratio_muster_to_sqlite3 %.3f\n", r / m }'
