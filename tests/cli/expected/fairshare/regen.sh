#!/usr/bin/env bash
# regen.sh MUSTER: rewrite the golden files of tests/cli/fairshare.sh. Review
# the diff before committing: every figure here was checked once by hand
# (Hamilton totals, water-filling shares) and must only change on purpose.
set -eu
muster=$1
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../../../.." && pwd)
db=$(mktemp -d)/g.db
trap 'rm -rf "$(dirname "$db")"' EXIT
m() { "$muster" --db "$db" "$@"; }
m import "$src/examples/nmi-2021" >/dev/null
NATO="--total 4000 --key gdp-2020 --participants members:NATO --on 2021-02-18"
for f in table csv json svg; do
	# shellcheck disable=SC2086
	m fairshare $NATO --format $f >"$here/nato-gdp-4000.$f"
done
for meth in hamilton webster dhondt; do
	m fairshare --total 1000 --key gdp-2019 --participants "USA;DEU;FRA,GBR;ITA" \
		--method $meth --format csv >"$here/gdp-2019-$meth.csv"
done
m fairshare --mission NMI --key nato-common-funding-2021 --participants members:NATO \
	--floor 1 --ceiling 10 --format csv >"$here/nmi-common-floor-ceiling.csv" 2>/dev/null
# the fill / fairness curve with the exact solver, without its seconds column
m fairshare --mission NMI --key gdp-2020 --participants members:NATO --on 2021-02-18 \
	--tradeoff --exact --format csv | cut -d, -f9 --complement >"$here/nmi-tradeoff-exact.csv"
