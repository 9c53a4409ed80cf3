#!/usr/bin/env bash
# fairshare.sh: `muster fairshare` on the NATO Mission Iraq example: the fair
# share of 4,000 by GDP among the 30 NATO members of 18 February 2021 (table,
# CSV, JSON and a validated SVG against golden files), the mission's offers,
# the burden index after a sourcing run, and bad inputs (exact messages,
# exit codes, database unchanged).
. "$MUSTER_SRC/tests/cli/lib.sh"
X="$MUSTER_SRC/tests/cli/expected/fairshare"
EX="$MUSTER_SRC/examples/nmi-2021"
[ -d "$EX" ] || EX="$MUSTER_SRC/tests/cli/data/fair"

# svg_valid FILE: well-formed XML with an <svg> root (xmllint, else python3).
svg_valid() {
	if command -v xmllint >/dev/null 2>&1; then
		xmllint --noout "$1" 2>&1
	else
		python3 -c 'import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
sys.exit(0 if r.tag.endswith("svg") else "root is " + r.tag)' "$1" 2>&1
	fi
}

run import "$EX"
check_rc "import the example" 0

NATO="--total 4000 --key gdp-2020 --participants members:NATO --on 2021-02-18"
for f in table csv json; do
	# shellcheck disable=SC2086
	run fairshare $NATO --format "$f"
	check_rc "nato gdp 4000 $f: exit 0" 0
	printf '%s\n' "$out" >"$T/nato.$f"
	check_file "nato gdp 4000 $f: golden" "$T/nato.$f" "$X/nato-gdp-4000.$f"
done
n=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$T/nato.json" 2>&1)
check_eq "json: parses, 30 objects" "$n" 30
rows=$(tail -n +2 "$T/nato.csv" | wc -l)
check_eq "30 NATO members on 2021-02-18" "$rows" 30
sum=$(tail -n +2 "$T/nato.csv" | awk -F, '{s += $4} END {print s}')
check_eq "fair shares sum to exactly 4000" "$sum" 4000
usa=$(awk -F, '$1 == "USA" {print $4}' "$T/nato.csv")
check_eq "USA's fair share by GDP 2020" "$usa" 2107

# shellcheck disable=SC2086
run fairshare $NATO --format svg
check_rc "svg: exit 0" 0
printf '%s\n' "$out" >"$T/nato.svg"
check_file "svg: golden" "$T/nato.svg" "$X/nato-gdp-4000.svg"
v=$(svg_valid "$T/nato.svg"); vrc=$?
if [ $vrc -eq 0 ]; then ok "svg: valid standalone XML"; else not_ok "svg: valid standalone XML" "$v"; fi
bars=$(grep -c '<rect x=.*fair share' "$T/nato.svg")
check_eq "svg: one fair bar per nation" "$bars" 30

# The day before North Macedonia joined (2020-03-27): 29 members.
run fairshare --total 4000 --key gdp-2020 --participants members:NATO --on 2020-03-26 --format csv
check_eq "29 members on 2020-03-26" "$(printf '%s\n' "$out" | tail -n +2 | wc -l)" 29

# Dated memberships (issue 9, item 10): the example's nations.csv lists FIN
# and SWE as NATO partners; that adds to the built-in table, whose NATO
# memberships stay dated (FIN 2023-04-04, SWE 2024-03-07).
members() { printf '%s\n' "$out" | tail -n +2 | cut -d, -f1 | tr '\n' ' '; }
run fairshare --total 100 --key equal --participants members:NATO --on 2024-06-01 --format csv
check_eq "32 members on 2024-06-01" "$(printf '%s\n' "$out" | tail -n +2 | wc -l)" 32
check_contains "FIN and SWE are members on 2024-06-01" "$(members)" "FIN FRA GBR GRC HRV HUN ISL ITA LTU LUX LVA MKD MNE NLD NOR POL PRT ROU SVK SVN SWE "
run fairshare --total 100 --key equal --participants members:NATO --on 2021-02-18 --format csv
check_eq "30 members on 2021-02-18" "$(printf '%s\n' "$out" | tail -n +2 | wc -l)" 30
case "$(members)" in *FIN* | *SWE*) not_ok "no FIN, SWE on 2021-02-18" "$(members)" ;; *) ok "no FIN, SWE on 2021-02-18" ;; esac
run fairshare --total 100 --key equal --participants members:nato-partner --on 2024-06-01 --format csv
check_eq "a scenario membership adds, undated (any case)" "$(members)" "AUS FIN SWE "
run show nations --nation FIN --format csv
check_eq "show nations: the scenario's memberships and the built-in ones" "$out" \
	"$(printf 'code,name,region,memberships,origin\nFIN,Finland,Europe,UN;EU;NATO-partner;D-ISIS;NATO,scenario')"

# The built-in World Bank GDP table and the divisor methods.
for m in hamilton webster dhondt; do
	run fairshare --total 1000 --key gdp-2019 --participants "USA;DEU;FRA,GBR;ITA" --method $m --format csv
	check_rc "built-in gdp-2019, $m: exit 0" 0
	printf '%s\n' "$out" >"$T/g7.$m.csv"
	check_file "built-in gdp-2019, $m: golden" "$T/g7.$m.csv" "$X/gdp-2019-$m.csv"
done

# The mission: its top approved ceiling (2,000), offers, a floor and a ceiling that clip.
run fairshare --mission NMI --key nato-common-funding-2021 --participants members:NATO \
	--floor 1 --ceiling 10 --format csv
check_rc "mission NMI, common funding, floor 1%, ceiling 10%: exit 0" 0
printf '%s\n' "$out" >"$T/nmi-fc.csv"
check_file "mission NMI floor and ceiling: golden" "$T/nmi-fc.csv" "$X/nmi-common-floor-ceiling.csv"
check_eq "no run: said once on stderr" "$err" \
	"muster: note: no sourcing run for mission 'NMI' yet (see 'muster source'); sourced figures show '-'"
run fairshare --mission NMI --key nato-common-funding-2021 --participants members:NATO --with-requested --ceiling 20
check_rc "common funding key, requested ceiling: exit 0" 0
check_contains "top requested ceiling is the total" "$out" "fair share of 4000 by key 'nato-common-funding-2021' among 29 participants"

# Burden index after a sourcing run (skipped while sourcing is not available).
run source --mission NMI
if [ "$rc" -eq 0 ]; then
	run fairshare --mission NMI --key nato-common-funding-2021 --participants members:NATO --format csv
	check_rc "after sourcing: exit 0" 0
	first_csv=$out
	bad=$(printf '%s\n' "$out" | tail -n +2 | awk -F, '
		$9 == "" { print "no sourced share for " $1; next }
		# the columns are rounded to 2 decimals: allow for that
		$3 > 0 { d = $10 * $3 - $9; if (d < 0) d = -d
			 if (d > 0.005 * ($10 + $3) + 0.006) print $1 ": burden " $10 " != " $9 "/" $3 }')
	check_eq "burden index = sourced share / fair share" "$bad" ""
	run fairshare --mission NMI --key nato-common-funding-2021 --participants members:NATO --format svg
	printf '%s\n' "$out" >"$T/burden.svg"
	v=$(svg_valid "$T/burden.svg"); vrc=$?
	if [ $vrc -eq 0 ]; then ok "burden svg: valid"; else not_ok "burden svg: valid" "$v"; fi
	check_contains "burden svg: sourced legend" "$out" "sourced (person-days)"
	# muster source --fair-weight: the excess over fair person-days that
	# fairshare reports (its summary, the sum of column excess_days) is the one
	# the run penalised, and falls.
	FS="--mission NMI --key nato-common-funding-2021 --participants members:NATO"
	excess() { # the participants' excess (person-days) against the latest run
		# shellcheck disable=SC2086
		run fairshare $FS
		printf '%s\n' "$out" | sed -n 's/^excess above fair shares: \([0-9]*\) person-days.*/\1/p'
	}
	ex0=$(excess)
	run source --mission NMI --fair-weight 2 --fair-key nato-common-funding-2021 \
		--fair-participants members:NATO --format json
	check_rc "source --fair-weight 2: exit 0" 0
	rep=$(printf '%s\n' "$out" | python3 -c 'import json,sys; r = json.load(sys.stdin)
print("%.0f %s" % (r["fair_excess"], abs(r["objective"] - (r["value"] - 32 * r["fair_excess"])) < 1e-6 * r["value"]))')
	ex2=$(excess)
	check_eq "fair weight 2: the run's excess is the one fairshare reports" "$rep" "$ex2 True"
	if awk -v a="$ex0" -v b="$ex2" 'BEGIN {exit !(b < a)}'; then
		ok "fair weight 2 lowers the excess over fair shares ($ex0 -> $ex2 person-days)"
	else not_ok "fair weight 2 lowers the excess over fair shares" "$ex0 -> $ex2"; fi
	# shellcheck disable=SC2086
	run fairshare $FS --format csv
	sum=$(printf '%s\n' "$out" | awk -F, 'NR > 1 { t += $12 } END { printf "%.0f", t }')
	if awk -v a="$sum" -v b="$ex2" 'BEGIN {d = a - b; exit !(d * d <= 900)}'; then
		ok "fairshare: excess_days per nation sum to the summary's ($sum ~ $ex2)"
	else not_ok "fairshare: excess_days sum to the summary's" "$sum != $ex2"; fi
	run source --mission NMI --fair-weight 1 --fair-key nato-common-funding-2021
	check_eq "source --fair-weight, a participant without a key value" "$rc:$err" \
		"1:muster: nation 'AUS' has no value for key 'nato-common-funding-2021' (nor have FIN)
muster: hint: choose who shares with '--fair-participants' (e.g. members:NATO) or another '--fair-key'"
	# the LP file holds the fairness term: glpsol and cbc reach --exact's optimum
	run source --mission NMI --exact --fair-weight 2 --fair-key nato-common-funding-2021 \
		--fair-participants members:NATO --write-lp "$T/fair.lp" --format json
	check_rc "source --exact --fair-weight --write-lp: exit 0" 0
	want=$(printf '%s\n' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["objective"])')
	check_contains "the LP file has the excess rows" "$(cat "$T/fair.lp")" "fairexcess_NMI_USA:"
	check_lp_optimum "the fair LP's optimum is --exact's" "$T/fair.lp" "$want"
	# --run ID: the fair-weighted run against the first one, by id
	first=$(db_sql "select min(id) from run")
	run fairshare --mission NMI --key nato-common-funding-2021 --participants members:NATO --format csv --run "$first"
	check_rc "fairshare --run ID: exit 0" 0
	check_eq "fairshare --run ID reads that run" "$(printf '%s\n' "$out" | md5sum)" "$(printf '%s\n' "$first_csv" | md5sum)"
	run fairshare --mission NMI --key gdp --run 999
	check_eq "fairshare --run of an unknown run" "$rc:$err" "1:muster: no sourcing run 999; see 'muster runs'"
	run fairshare --total 100 --key gdp --run "$first"
	check_rc "fairshare --run without --mission: usage" 2
	nmi_run=$(db_sql "select max(id) from run where mission = 'NMI'")
	run fairshare --mission OIR --total 100 --key gdp --run "$nmi_run"
	check_eq "fairshare --run of another mission's run" "$rc:$err" \
		"1:muster: run $nmi_run was sourced for mission 'NMI', not 'OIR'"
	run source --mission NMI --fair-weight -1
	check_rc "source --fair-weight -1: usage" 2
	before=$(db_digest)
	run source --mission NMI --fair-weight 1e308
	check_eq "source --fair-weight 1e308: usage, no run stored" "$rc:$(printf '%s\n' "$err" | head -1):$(db_digest)" \
		"2:muster source: option '--fair-weight': expected a number from 0 to 1000000, got '1e308':$before"
	run source --mission NMI --fair-weight 1 --fair-key gni-2020
	check_eq "source --fair-key unknown: message" "$err" "muster: unknown key 'gni-2020'; did you mean 'gdp-2020'?"
else
	ok "# SKIP sourcing not available: $err"
fi

# --tradeoff: sources at the weights and at the fair cap, stores nothing; with the
# exact solver the excess never rises (golden, without the seconds column).
before=$(db_digest)
TRADE="--mission NMI --key gdp-2020 --participants members:NATO --on 2021-02-18 --tradeoff"
# shellcheck disable=SC2086
run fairshare $TRADE --exact --format csv
check_rc "tradeoff: exit 0" 0
printf '%s\n' "$out" | cut -d, -f9 --complement >"$T/tradeoff.csv"
check_file "tradeoff --exact: golden" "$T/tradeoff.csv" "$X/nmi-tradeoff-exact.csv"
check_eq "tradeoff: header" "$(printf '%s\n' "$out" | head -1)" \
	"weight,fill_pct,excess_days,excess_pct,over_share,changes,objective,gap_pct,seconds,note"
check_eq "tradeoff: weights, then the cap" "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1 | tr '\n' ' ')" \
	"0 0.03125 0.125 0.5 2 8 32  "
mono=$(printf '%s\n' "$out" | awk -F, 'NR > 2 && $3 > prev + 0 { print "excess rises at weight " $1 }
	NR > 1 { prev = $3 }')
check_eq "tradeoff --exact: the excess never rises" "$mono" ""
check_eq "tradeoff: the fair end has no excess" "$(printf '%s\n' "$out" | tail -1 | cut -d, -f3)" 0
# shellcheck disable=SC2086
run fairshare $TRADE --format json --weights 1,0,4
check_rc "tradeoff --weights, json: exit 0" 0
n=$(printf '%s\n' "$out" | python3 -c 'import json, sys; r = json.load(sys.stdin)
print([p["weight"] for p in r], r[-1]["excess_days"], r[-1]["over_share"])' 2>&1)
check_eq "tradeoff json: parses, weights sorted, the cap last" "$n" "[0, 1, 4, None] 0 none"
# shellcheck disable=SC2086
run fairshare $TRADE
check_contains "tradeoff table: the measure said" "$out" "excess: person-days sourced above the participants' fair shares of the 437229 demanded,"
check_contains "tradeoff table: the cap row" "$out" "fully fair: no participant above its share"
# shellcheck disable=SC2086
run fairshare $TRADE --weights 1,-2
check_eq "tradeoff --weights -2: usage" "$rc" 2
run fairshare --mission NMI --key gdp --weights 1
check_eq "--weights without --tradeoff: usage" "$rc:$(printf '%s\n' "$err" | head -1)" \
	"2:muster fairshare: option '--weights' needs '--tradeoff'"
check_eq "tradeoff: nothing stored" "$(db_digest)" "$before"
run fairshare --total 10 --key equal --participants "USA;DEU" --tradeoff
check_rc "tradeoff without a mission: usage" 2

# Bad input: exact messages, exit codes, nothing changed.
before=$(db_digest)
bad() { # bad NAME RC MESSAGE ARGS...
	local name=$1 want_rc=$2 msg=$3
	shift 3
	run fairshare "$@"
	check_rc "$name: exit $want_rc" "$want_rc"
	check_eq "$name: message" "$err" "$msg"
}
bad "floors above 100%" 1 "muster: floors of 30 participants at 4% sum to 120%, above 100%" \
	$NATO --floor 4
bad "ceilings below 100%" 1 "muster: ceilings of 30 participants at 3% sum to 90%, below 100%" \
	$NATO --ceiling 3
bad "unknown key" 1 "muster: unknown key 'gdp2020'; did you mean 'gdp-2020'?" \
	--total 10 --key gdp2020 --participants "USA;DEU"
bad "no key value" 1 "muster: nation 'AUS' has no value for key 'gdp-2020'" \
	--total 10 --key gdp-2020 --participants "USA;AUS"
bad "unknown nation" 1 "muster: unknown nation 'XYZ'" \
	--total 10 --key equal --participants "USA;XYZ"
bad "unknown mission" 1 "muster: unknown mission 'NMX'; did you mean 'NMI'?" \
	--mission NMX --key equal
bad "no members" 1 "muster: organisation 'WARSAW' has no members on 2021-02-18" \
	--total 10 --key equal --participants members:WARSAW --on 2021-02-18
bad "offering needs a mission" 1 "muster: participants 'offering' need a mission" \
	--total 10 --key equal
bad "bad method" 2 "muster fairshare: option '--method': expected hamilton|webster|dhondt, got 'borda'
see 'muster fairshare --help'" --total 10 --key equal --method borda
bad "no key" 2 "muster fairshare: option '--key' is required
see 'muster fairshare --help'" --total 10
bad "no total" 2 "muster fairshare: give '--mission M' or '--total N'
see 'muster fairshare --help'" --key equal
bad "bad floor" 2 "muster fairshare: option '--floor': expected a percentage 0..100, got 'ten'
see 'muster fairshare --help'" --total 10 --key equal --floor ten
bad "negative total" 2 "muster fairshare: option '--total': expected a whole number 0..100000000, got '-5'
see 'muster fairshare --help'" --total -5 --key equal
bad "zero ceiling" 2 "muster fairshare: option '--ceiling': expected a percentage above 0, got '0'
see 'muster fairshare --help'" --total 10 --key equal --ceiling 0
bad "floor above ceiling" 2 "muster fairshare: floor 20% is above ceiling 10%
see 'muster fairshare --help'" --total 10 --key equal --floor 20 --ceiling 10
bad "bad format" 2 "muster fairshare: option '--format': expected table|csv|json|svg|xlsx, got 'html'
see 'muster fairshare --help'" --total 10 --key equal --format html
check_eq "bad input changed nothing" "$(db_digest)" "$before"

run fairshare --total 0 --key equal --participants "USA;DEU" --format csv
check_eq "total 0: all zeros" "$(printf '%s\n' "$out" | cut -d, -f4 | tail -n +2 | tr '\n' ' ')" "0 0 "
run fairshare --total 7 --key equal --participants "USA" --format csv
check_eq "single participant gets everything" "$(printf '%s\n' "$out" | cut -d, -f4 | tail -n +2)" 7

run fairshare --help
check_rc "--help: exit 0" 0
for o in --mission --total --key --participants --on --floor --ceiling --method \
	--with-requested --tradeoff --format; do
	check_contains "--help lists $o" "$out" "$o"
done

# a participant list in any case is shown as the codes it resolved to
export MUSTER_DB="$T/case.db"
run import "$MUSTER_SRC/examples/nmi-2021"
run fairshare --total 100 --key equal --participants 'can;dnk'
check_contains "participants in lower case are shown resolved" "$out" \
	"fair share of 100 by key 'equal' among 2 participants (CAN;DNK), hamilton"

done_testing
