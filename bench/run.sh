#!/usr/bin/env bash
# run.sh: the one-command benchmark driver (`make bench`). With no arguments
# it runs every bench/*.sh but itself; otherwise the named ones
# (`bench/run.sh import` or `bench/run.sh bench/import.sh`). Exit 1 if any failed.
set -u
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
	set -- bench/*.sh
fi
failed=0
for b in "$@"; do
	case "$b" in
	*/*) ;;
	*) b="bench/${b%.sh}.sh" ;;
	esac
	case "$(basename "$b")" in run.sh | lib.sh) continue ;; esac
	if [ ! -f "$b" ]; then
		echo "run.sh: no benchmark $b" >&2
		failed=1
		continue
	fi
	echo "== $b"
	bash "$b" || { echo "run.sh: $b failed" >&2; failed=1; }
done
exit "$failed"
