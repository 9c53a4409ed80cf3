#!/usr/bin/env bash
# burden.sh: `muster burden` (people deployed abroad per million inhabitants,
# per billion US$ of GDP, against a key's shares) on the UN extract shipped in
# examples/public-data, against the population and GDP tables shipped in
# data/ (the figures are recomputed here from those files); the built-in
# population keys in fairshare; figures not known are never 0.
. "$(dirname "$0")/lib.sh"
S="$MUSTER_SRC/examples/public-data"
POP="$MUSTER_SRC/data/population.csv"
GDP="$MUSTER_SRC/data/gdp.csv"

cp "$S"/*.csv .
run init
run import --format un-contributions un.csv --source un
check_rc "import the UN extract" 0
# people at home and a nation without a population are added as another table
printf 'nation,country,personnel,from,to\nFRA,FRA,5000,2012-01-01,2013-01-01\nTWN,LBN,10,2012-01-01,2013-01-01\n' >other.csv
run import --format deployments other.csv --source other
check_rc "import another table" 0

val() { awk -F, -v n="$2" -v y="$3" '$1 == n && $2 == y { print $3 }' "$1"; }
# expected row: nation personnel year
row() {
	local p g
	p=$(val "$POP" "$1" "$3")
	g=$(val "$GDP" "$1" "$3")
	awk -v n="$1" -v x="$2" -v p="$p" -v g="$g" -v t="$4" 'BEGIN {
		printf "%s,%d,%d,%.1f,%.1f,%.2f,%.2f\n", n, x, p, x / (p / 1e6), g / 1e9, x / (g / 1e9), 100 * x / t }'
}

run burden --on 2012-06-15 --source un --format csv
check_eq "burden on 2012-06-15: people abroad, per million, GDP, per billion, share (from data/)" "$out" \
	"nation,personnel,population,per_million,gdp_usd_bn,per_billion,share_pct
$(row FRA 1012 2012 2623)
$(row GHA 1611 2012 2623)"
check_eq "... and what it counted, on stderr" "$err" \
	"2623 personnel abroad of 2 nations on 2012-06-15; population of 2012, GDP of 2012"
run burden --on 2012-06-15 --format csv
check_eq "people in their own country are not abroad; a nation without population has none, not 0" \
	"$(printf '%s\n' "$out" | grep -E '^(FRA|TWN)')" "FRA,1012,$(val "$POP" FRA 2012),$(printf '%s\n' "$out" | awk -F, '$1 == "FRA" { print $4 "," $5 "," $6 "," $7 }')
TWN,10,,,,,0.38"
run burden --on 2012-06-15 --source un --organization un --format csv
check_eq "--organization UN (any case): the same people" "$(printf '%s\n' "$out" | cut -d, -f1,2 | tr '\n' ' ')" \
	"nation,personnel FRA,1012 GHA,1611 "
run burden --on 2012-06-15 --source un --organization NATO --format csv
check_eq "--organization NATO: nobody, and said so" "$err" \
	"0 personnel abroad of 0 nations on 2012-06-15, missions of NATO; population of 2012, GDP of 2012
muster: no personnel abroad under these filters"
run burden --on 2012-06-15 --mission unmil --format csv
check_eq "--mission UNMIL" "$(printf '%s\n' "$out" | cut -d, -f1,2 | tr '\n' ' ')" "nation,personnel FRA,1 GHA,734 "
run burden --from 2012-06-01 --to 2012-08-01 --nation gha --source un --format csv
check_eq "--from --to: the day-weighted mean ((1611 x 30 + 1609 x 31) / 61)" \
	"$(printf '%s\n' "$out" | tail -1 | cut -d, -f1,2)" "GHA,1610"
run burden --on 2012-06-15 --source un --key population-2012 --format csv
pf=$(val "$POP" FRA 2012)
pg=$(val "$POP" GHA 2012)
want=$(awk -v f="$pf" -v g="$pg" 'BEGIN { s = 100 * 1012 / 2623; k = 100 * f / (f + g); printf "FRA,%d,%.2f,%.2f", f, k, s / k }')
check_eq "--key population-2012: key, key share and index (share / key share)" \
	"$(printf '%s\n' "$out" | grep '^FRA' | cut -d, -f1,8-10)" "$want"
run burden --on 2012-06-15 --key populaton
check_rc "an unknown key: exit 1" 1
check_contains "... with the closest one" "$err" "unknown key 'populaton'; did you mean 'population'?"
# a year the built-in tables do not have: said, never a column of "-"
run burden --on 2012-06-15 --key population-2031
check_eq "a population year past the data: exit 1, said" "$rc:$err" \
	"1:muster: key 'population-2031': the built-in population data covers 1990 to 2024, not 2031"
run burden --on 2012-06-15 --key gdp-1999
check_eq "a GDP year before the data: exit 1, said" "$rc:$err" \
	"1:muster: key 'gdp-1999': the built-in GDP data covers 2010 to 2023, not 1999"
run fairshare --total 100 --key gdp-2031 --participants 'FRA;GHA'
check_eq "fairshare says the same" "$rc:$err" \
	"1:muster: key 'gdp-2031': the built-in GDP data covers 2010 to 2023, not 2031"
run burden --on 2012-06-15 --year 2012 --mission UNMIL --organization UN
check_rc "--mission and --organization: usage error" 2
run burden --from 2012-06-01
check_rc "--from without --to: usage error" 2
run burden --help
check_rc "burden --help" 0
check_contains "... usage" "$out" "usage: muster burden"
run burden --on 2012-06-15 --source un
check_eq "the table says what it counted first" "$(printf '%s\n' "$out" | head -1)" \
	"2623 personnel abroad of 2 nations on 2012-06-15; population of 2012, GDP of 2012"
run burden --on 2040-01-01 --source un --format csv
check_contains "a year past the tables takes their latest" "$err" \
	"population of $(tail -1 "$POP" | cut -d, -f2 | sort -n | tail -1)"

# the built-in population keys in fair shares
run fairshare --total 100 --key population-2012 --participants 'FRA;GHA' --format csv
check_eq "fairshare --key population-2012" "$(printf '%s\n' "$out" | cut -d, -f1-4)" \
	"nation,key,share_pct,fair
FRA,$pf,$(awk -v f="$pf" -v g="$pg" 'BEGIN { printf "%.2f", 100 * f / (f + g) }'),71
GHA,$pg,$(awk -v f="$pf" -v g="$pg" 'BEGIN { printf "%.2f", 100 * g / (f + g) }'),29"
run fairshare --total 100 --key population --participants 'FRA;GHA' --format csv
check_eq "fairshare --key population: the latest year" "$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f2)" \
	"$(val "$POP" FRA "$(awk -F, 'NR > 1 && $1 == "FRA" { y = $2 } END { print y }' "$POP")")"
done_testing
