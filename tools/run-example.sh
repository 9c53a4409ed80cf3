#!/usr/bin/env bash
# run-example.sh MUSTER OUT: the main job (`make run`): a fresh database, the
# NATO Mission Iraq example imported, shown, sourced and reported.
set -eu
muster=$1 out=$2
mkdir -p "$out"
db="$out/nmi.db"
rm -f "$db" "$db-wal" "$db-shm"
step() { printf '\n\033[1m$ muster %s\033[0m\n' "$*"; "$muster" --db "$db" "$@"; }
step import examples/nmi-2021
step show missions
step show phases --mission NMI
step show caps
# what the requested phase would add, then the force as approved: the fast
# solver, then the exact one on the same model (the latest run, read below)
printf '\n(NMI with the requested phase counted, --with-requested: %s)\n' \
	"$("$muster" --db "$db" source --with-requested --mission NMI --out "$out/sourced-requested" |
		grep -m1 '^fill ' | tr -s ' ')"
step source --out "$out/sourced"
step source --exact --time-limit 30 --out "$out/sourced-exact"
# the exact run is the latest: every assignment checked against the contract
step check || true
# fair share of 4,000 by GDP among the 30 NATO members of February 2021
step fairshare --mission NMI --total 4000 --key gdp-2020 --participants members:NATO --on 2021-02-18
"$muster" --db "$db" fairshare --mission NMI --total 4000 --key gdp-2020 \
	--participants members:NATO --on 2021-02-18 --format svg >"$out/fairshare.svg"
step rotation --mission NMI --dwell 2
# posture before and after the 1 May 2021 Afghanistan deadline, and the report
step posture --on 2021-02-18
step posture --on 2021-06-01
step posture --diff 2021-02-18 2021-09-01 --by country
step posture --check
step report --html "$out/report.html" --svg-dir "$out/svg" --on 2021-06-01
printf '\nreport written to %s (pictures in %s)\n' "$out/report.html" "$out/svg"
