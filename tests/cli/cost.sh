#!/usr/bin/env bash
# cost.sh: costs.csv, funding.csv and budgets.csv (issue 15). The hand-built
# scenario tests/cli/data/cost has one assignment per basis and rule whose
# cost is worked out by hand below; its files round-trip byte for byte; bad
# rates, rules and budgets are refused with a located error and change
# nothing; records of the new tables are added, set and removed like any
# other; an assignment no rate prices is unpriced, never 0.
. "$(dirname "$0")/lib.sh"
D="$MUSTER_SRC/tests/cli/data/cost"

run import "$D"
check_rc "import the cost scenario" 0
check_eq "... its new tables are counted" "$out" \
	"imported '$D': 2 keys, 1 mission, 2 capabilities, 2 lines, 2 offers, 4 cost rates, 2 funding rules, 1 budget"
run export exp
check_rc "export it" 0
check_eq "export -> the same files, byte for byte" "$(diff -r "$D" exp && echo same)" "same"

run cost
check_rc "cost without a run: exit 1" 1
check_eq "... saying so" "$err" "muster: no sourcing run to cost; run 'muster source' first"

run source
check_rc "source it" 0
run show assignments 2>/dev/null
# The run: USA-INF sends 2 units of 100 to L1 for 10 days (2021-01-01..11);
# GBR-HQ 1 unit of 10 to L2 for 20 days (2021-12-22..2022-01-11).
# L1: the US person-day rate R2 (20) beats the any-nation R1 (10):
#   200 x 10 x 20 = 40000, national (rule F0 until 2022).
# L2: R1 10 x 10 x 10 = 1000 in 2021 and again in 2022; one-off R3 1000 on its
#   first day; unit-day R4 5 x 1 x 10 = 50 from 2022-01-01: 3050. From 2022
#   the rule F1 funds half in common (1050 / 2 = 525) by key share (USA 3,
#   GBR 1): USA pays 393.75, GBR 131.25 plus its own half 525 plus 2000.
run cost --format csv
check_eq "cost by nation: incurred by the sender, paid under the funding rules" "$out" \
	"nation,person_days,incurred,common,paid,unpriced
GBR,200,3050.00,525.00,2656.25,0
USA,2000,40000.00,0.00,40393.75,0"
check_eq "... the summary on stderr" "$err" \
	"run 1: 2 assignments cost 43050.00 EUR, 525.00 of it funded in common"
run cost --by line --format csv
check_eq "cost by line" "$out" \
	"line,person_days,incurred,common,paid,unpriced
M1:L1,2000,40000.00,0.00,40000.00,0
M1:L2,200,3050.00,525.00,3050.00,0"
run cost --by year --format csv
check_eq "cost by year: the 1 January cut" "$out" \
	"year,person_days,incurred,common,paid,unpriced
2021,2100,42000.00,0.00,42000.00,0
2022,100,1050.00,525.00,1050.00,0"
run cost --by mission
check_eq "cost by mission, as a table with the summary" "$out" \
	"run 1: 2 assignments cost 43050.00 EUR, 525.00 of it funded in common
mission  person_days  incurred  common      paid  unpriced
M1              2200  43050.00  525.00  43050.00         0"
run cost --from 2022-01-01 --format csv
check_eq "cost from 2022: the deployment's one-off lies before the window" "$out" \
	"nation,person_days,incurred,common,paid,unpriced
GBR,100,1050.00,525.00,656.25,0
USA,0,0.00,0.00,393.75,0"
run cost --format json
check_eq "cost as JSON" "$out" \
	'[
 {"nation": "GBR", "person_days": 200, "incurred": 3050.00, "common": 525.00, "paid": 2656.25, "unpriced": 0},
 {"nation": "USA", "person_days": 2000, "incurred": 40000.00, "common": 0.00, "paid": 40393.75, "unpriced": 0}
]'
run fairshare --mission M1 --key share --participants USA,GBR --total 100 --measure cost --format csv
check_eq "fairshare --measure cost: paid against fair shares of all paid (25% and 75% of 43050)" "$out" \
	"nation,key,share_pct,paid,paid_pct,fair_paid,excess_paid,burden
GBR,1,25.00,2656.25,6.17,10762.50,0.00,0.25
USA,3,75.00,40393.75,93.83,32287.50,8106.25,1.25"
run fairshare --key share --participants USA,GBR --total 100 --measure cost
check_rc "fairshare --measure cost without a mission: usage error" 2
run check
check_rc "check: the run keeps GBR's budget of 1000000 (it pays 2656.25)" 0
check_contains "... no violation" "$out" "2 assignments, 0 violations"
run add budgets id=B2 nation=USA limit=30000 from=2021-01-01 to=2022-01-01
# Sourced under B2, a US unit on L1 costs 100 x 10 x 20 = 20000 (L2's common
# share falls in 2022, outside B2): one unit fits in 30000, two do not.
for solver in fast exact; do
	if [ $solver = exact ]; then run source --exact --out o; else run source --out o; fi
	check_rc "source ($solver) under B2" 0
	run check
	check_rc "... check: the $solver run keeps B2" 0
	check_contains "... L1 lacks one unit for the budget, named with what is left" "$(cat o/gaps.csv)" \
		'M1,L1,2021-01-01,2021-01-11,1,100,budget,"budget B2 (USA, all missions) 10000.00 EUR left of 30000.00 from 2021-01-01 to 2022-01-01"'
done
run rm budgets B2
# A US budget of 300 from 2022: L2 is GBR's, but from 2022 half its cost is
# common and the US pays 3/4 of that (393.75): another nation's unit is held
# by the US budget.
run add budgets id=B3 nation=USA limit=300 from=2022-01-01
for solver in fast exact; do
	if [ $solver = exact ]; then run source --exact --out o; else run source --out o; fi
	run check
	check_rc "check: the $solver run keeps the US budget B3" 0
	check_contains "... GBR's HQ is not sent: its common share would break B3" "$(cat o/gaps.csv)" \
		'M1,L2,2021-12-22,2022-01-11,1,10,budget,"budget B3 (USA, all missions) 300.00 EUR left of 300.00 from 2022-01-01"'
done
run rm budgets B3
run source

run report --html r.html
check_rc "report with costs" 0
check_contains "the report's cost panel: paid by nation, whole units with separators" "$(cat r.html)" \
	'<tr><td>USA</td><td class="n">2,000</td><td class="n">40,000</td><td class="n">0</td><td class="n">40,394</td></tr>'
check_contains "... and each budget against what its nation pays" "$(cat r.html)" \
	'<tr><td>B1</td><td>GBR</td><td>M1</td><td class="n">1,000,000</td><td class="n">2,656</td><td>within</td></tr>'

# what-if: GBR's HQ offer ends on 2022-01-01, so L2 loses its 2022 days (1050)
run whatif new short
run whatif add short "offer set id=GBR-HQ to=2022-01-01"
run --scenario short source
run whatif diff base short --on 2021-12-25 --format csv
check_eq "whatif diff shows the cost differences (paid by nation, the total incurred)" \
	"$(printf '%s\n' "$out" | grep '^cost,')" "cost,GBR,2656,2000,-656
cost,USA,40394,40000,-394
cost,total,43050,42000,-1050"
run whatif rm short
run cost --by country
check_rc "cost --by country: usage error" 2
run cost --mission NOPE
check_rc "cost --mission NOPE: exit 1" 1
check_contains "... unknown mission" "$err" "NOPE"

# ---- records of the new tables ----
before=$(db_digest)
run add costs id=R9 nation=USA basis=person-day value=25
check_rc "a second US person-day rate over the same days is refused" 1
check_contains "... naming the rate it overlaps" "$err" \
	"costs.csv: cost rate 'R9': column 'from': rate 'R9' overlaps rate 'R2' (no start to open) of the same basis, nation, country and capability"
run add budgets id=B9 nation=XYZ limit=5
check_rc "a budget of an unknown nation is refused" 1
check_contains "... saying which" "$err" "budgets.csv: budget 'B9': column 'nation': unknown nation 'XYZ'"
run add budgets id=B9 nation=USA limit=5 currency=USD
check_rc "a second currency is refused" 1
check_contains "... naming the first" "$err" "column 'currency': expected the scenario's one currency 'EUR' (costs.csv rate 'R1'), got 'USD'"
run add costs id=R9 basis=person-day value=-1
check_rc "a negative rate is refused" 1
check_contains "... as a bad value" "$err" "column 'value': expected a number >= 0, got '-1'"
run add funding id=F9 mission=M1 rule=common key=nope from=2030-01-01
check_rc "a common rule with an unknown key is refused" 1
check_contains "... saying so" "$err" "column 'key': unknown key 'nope' (not in keys.csv)"
check_eq "none of that changed anything" "$(db_digest)" "$before"
run add costs id=R9 nation=USA capability=HQ basis=person-day value=25 from=2030-01-01
check_rc "a more specific US rate is fine" 0
run set costs R9 value=30
check_rc "set it" 0
run show costs --nation USA --format csv
check_eq "show costs --nation USA" "$out" \
	"id,nation,country,capability,basis,value,from,to,currency,note
R2,USA,,,person-day,20,,,,the US rate wins over R1
R9,USA,,HQ,person-day,30,2030-01-01,,,"
run rm costs R9
check_rc "remove it" 0

# ---- bad folders: a located error, nothing imported ----
bad() {
	rm -rf b && cp -r "$D" b && printf '%s\n' "$2" >>"b/$1"
}
before=$(db_digest)
bad costs.csv "R5,,,,person-week,1,,,,"
run import --replace b
check_rc "an unknown basis: exit 1" 1
check_contains "... located" "$err" "costs.csv:6: column 'basis': expected person-day, unit-deployment or unit-day, got 'person-week'"
bad costs.csv "R5,,,,person-day,-3,,,,"
run validate b
check_contains "a negative rate, located" "$err" "costs.csv:6: column 'value': expected a number >= 0, got '-3'"
bad costs.csv "R5,,,,person-day,3,2020-01-01,2021-06-01,,"
run validate b
check_contains "overlapping rates of one specificity, located" "$err" \
	"costs.csv:6: column 'from': rate 'R5' overlaps rate 'R1' (no start to open, line 2) of the same basis, nation, country and capability"
bad costs.csv "R5,GBR,,,person-day,3,,,USD,"
run validate b
check_contains "two currencies, located" "$err" \
	"costs.csv:6: column 'currency': expected the scenario's one currency 'EUR' (costs.csv, line 2 'R1'), got 'USD'"
bad budgets.csv "B5,XYZ,,10,,,,"
run validate b
check_contains "a budget for an unknown nation, located" "$err" \
	"budgets.csv:3: column 'nation': unknown nation 'XYZ' (not an ISO 3166-1 alpha-3 code, not in nations.csv)"
bad funding.csv "F5,M1,common,,0.5,2030-01-01,"
run validate b
check_contains "a common rule without a key" "$err" "funding.csv:4: column 'key': expected a key of keys.csv for rule 'common'"
bad funding.csv "F5,M1,national,,1,2021-06-01,2021-07-01"
run validate b
check_contains "overlapping funding rules of a mission" "$err" \
	"funding.csv:4: column 'from': funding rule 'F5' of mission 'M1' overlaps rule 'F0' (no start to 2022-01-01, line 2)"
bad funding.csv "F5,M1,common,share,1.5,2030-01-01,"
run validate b
check_contains "a share above 1" "$err" "funding.csv:4: column 'share': expected a number from 0 to 1, got '1.5'"
check_eq "no bad folder changed the database" "$(db_digest)" "$before"

# ---- unknown is not zero ----
rm -rf u && cp -r "$D" u
printf 'id,nation,country,capability,basis,value,from,to,currency,note\nR1,USA,,,person-day,10,,,EUR,\n' >u/costs.csv
run import --replace u
run source
run cost --format csv
check_eq "an assignment no rate prices is counted unpriced" "$(printf '%s\n' "$out" | grep '^GBR')" "GBR,200,0.00,0.00,0.00,1"
check_contains "... and said so" "$err" "1 assignment matches no cost rate: its cost is not known (not 0)"
rm u/costs.csv u/funding.csv u/budgets.csv
run import --replace u
run source
run cost
check_rc "no rates at all: exit 1" 1
check_eq "... saying so, not a table of zeros" "$err" \
	"muster: the scenario has no cost rates (costs.csv): nothing to price the assignments with"
check_eq "... and no table" "$out" ""

# ---- the NMI example with its illustrative rates, against NATO's defence budgets ----
# examples/nmi-2021-costs merges onto examples/nmi-2021; tests/cli/data/nato-defence-2019
# holds NATO's 2019 defence expenditure (US$, current prices) as the key defence-usd-2019.
N="$MUSTER_SRC/tests/cli/data/nato-defence-2019/keys.csv"
run import --replace "$MUSTER_SRC/examples/nmi-2021"
run import --merge "$MUSTER_SRC/examples/nmi-2021-costs"
check_eq "the example's rates, funding rule and budget merge onto NMI" "$out" \
	"imported '$MUSTER_SRC/examples/nmi-2021-costs': 6 cost rates, 1 funding rule, 1 budget"
run import --merge "$MUSTER_SRC/tests/cli/data/nato-defence-2019"
check_eq "NATO's 2019 defence expenditure as a key" "$out" \
	"imported '$MUSTER_SRC/tests/cli/data/nato-defence-2019': 28 keys"
run source
run cost --mission NMI --key defence-usd-2019 --format csv
check_rc "cost of NMI against each nation's defence budget" 0
# recompute every percentage from the paid column and the NATO file
want=$(printf '%s\n' "$out" | awk -F, -v f="$N" 'BEGIN { while ((getline l < f) > 0) { split(l, c, ","); v[c[2]] = c[3] } }
	NR == 1 { print; next }
	{ k = ($1 in v) ? v[$1] : ""; printf "%s,%s,%s,%s,%s,%s,%s,%s\n", $1, $2, $3, $4, $5, $6, k, k == "" ? "" : sprintf("%.4f", 100 * $5 / k) }')
check_eq "... paid_pct_of_key = 100 x paid / the NATO figure, every row" "$out" "$want"
# (the fast solver's choice among solutions of the same value; Denmark's
# budget, a row of the model, changes which it takes)
check_eq "... Denmark: 12.7 million of 4.76 billion" "$(printf '%s\n' "$out" | grep '^DNK,')" \
	"DNK,44448,13934400.00,1393440.00,12683788.59,0,4759968121,0.2665"
check_eq "... a partner without a NATO figure has none, not 0" "$(printf '%s\n' "$out" | grep '^AUS,')" \
	"AUS,1550,665000.00,66500.00,598500.00,0,,"
check_eq "... and a common-funding share reaches allies that sent nothing" "$(printf '%s\n' "$out" | grep '^ALB,')" \
	"ALB,0,0.00,0.00,9887.80,0,198204662,0.0050"
run check
check_rc "Denmark's illustrative NMI budget of 20 million holds" 0
run cost --by mission --key defence-usd-2019
check_rc "--key goes with --by nation only" 2

# ---- budgets in sourcing: tests/cli/data/budget, one budget binding per basis ----
# L1: FRA's person-days, 10 people x 10 days x 10 = 1000 a unit, BF 2500: 2 of 4.
# L2: DEU's engineers, unit-day 100 x 10 days = 1000 a unit, BD 3500 (M1, 2021): 3 of 4.
# L3: ITA's HQ, one-off 700 a unit, BI 1500: 2 of 3.
# L4: USA's SOF, which no rate prices: BU (limit 0) is not held, and the run says so.
B="$MUSTER_SRC/tests/cli/data/budget"
run import --replace "$B"
check_rc "import the budget scenario" 0
run export bexp
check_eq "... its files round-trip" "$(diff -r "$B" bexp && echo same)" "same"
for solver in fast exact; do
	if [ $solver = exact ]; then run source --exact --out bo; else run source --out bo; fi
	check_rc "source ($solver) under the budgets" 0
	check_eq "... warns that BU cannot be priced" "$err" \
		"muster: warning: budget BU (USA, all missions): no cost rate prices its 1 offer-line pair; not held by sourcing"
	check_eq "... each binding budget leaves its line short, named, with what is left" \
		"$(grep budget bo/gaps.csv)" \
		'M1,L1,2021-01-01,2021-01-11,2,20,budget,"budget BF (FRA, all missions) 500.00 EUR left of 2500.00"
M1,L2,2021-01-01,2021-01-11,1,10,budget,"budget BD (DEU, M1) 500.00 EUR left of 3500.00 from 2021-01-01 to 2022-01-01"
M1,L3,2021-01-01,2021-01-11,1,10,budget,"budget BI (ITA, all missions) 100.00 EUR left of 1500.00"'
	run cost --format csv
	check_eq "... what each nation pays, within its budget" "$out" \
		"nation,person_days,incurred,common,paid,unpriced
DEU,300,3000.00,0.00,3000.00,0
FRA,200,2000.00,0.00,2000.00,0
ITA,200,1400.00,0.00,1400.00,0
USA,100,0.00,0.00,0.00,1"
	run check --format csv
	check_rc "... check: only BU, unpriced, is not verified" 1
	check_eq "... (no budget over its limit)" "$(printf '%s\n' "$out" | grep -c 'over limit')" "0"
	check_contains "... BU not verified" "$out" "not verified: 1 assignments match no cost rate"
done
run report --html rb.html
check_contains "the stored run's gaps read back with the reason budget (the report's gaps by reason)" \
	"$(cat rb.html)" '<tr><td>budget</td><td class="n">3</td>'
run source --format json
check_contains "source --format json carries the warning" "$out" \
	'"warnings":["budget BU (USA, all missions): no cost rate prices its 1 offer-line pair; not held by sourcing"]'
run rm budgets BU
run source
check_eq "without BU no warning" "$err" ""
run check
check_rc "... and check passes" 0

# ---- posture --cost: deployments by person-day rates, the run's assignments by every basis ----
# FRA 5 people in IRQ over January and February: R1 10 a person-day, 1550 + 1400.
# DEU 100 people at home from 2020: no person-day rate names DEU, so unpriced.
# The run (as above): FRA 2000, DEU 3000 (unit-days), ITA 1400 (one-off), USA unpriced.
run add deployments nation=FRA country=IRQ personnel=5 from=2021-01-01 to=2021-03-01
run add deployments nation=DEU country=DEU personnel=100 from=2020-06-01
run source
run posture --cost --from 2021-01-01 --to 2021-03-01 --format csv
check_rc "posture --cost by month" 0
check_eq "... per month and nation: person-days, cost, what no rate prices, the currency" "$out" \
	"from,to,nation,person_days,cost,unpriced,currency
2021-01-01,2021-02-01,DEU,3400,3000.00,1,EUR
2021-01-01,2021-02-01,FRA,355,3550.00,0,EUR
2021-01-01,2021-02-01,ITA,200,1400.00,0,EUR
2021-01-01,2021-02-01,USA,100,,1,EUR
2021-02-01,2021-03-01,DEU,2800,,1,EUR
2021-02-01,2021-03-01,FRA,140,1400.00,0,EUR"
check_eq "... the total and the unpriced on stderr, never as 0" "$err" \
	"muster: the posture costs 9350.00 EUR over the period, the run's assignments included
muster: warning: 3 deployments or assignments (counted per step) match no cost rate: their cost is not known (not 0); add person-day rates to costs.csv"
run posture --cost --from 2021-01-01 --to 2021-03-01 --by total --no-run
check_eq "... --by total --no-run: the deployments alone, as a table (- where nothing is priced)" "$out" \
	"from        to          total  person_days     cost  unpriced  currency
2021-01-01  2021-02-01  total         3255  1550.00         1  EUR
2021-02-01  2021-03-01  total         2940  1400.00         1  EUR"
run posture --cost --from 2021-02-01 --to 2021-03-01 --nation DEU --format json
check_eq "... JSON: a cost no rate gives is null" "$out" \
	'[
 {"from": "2021-02-01", "to": "2021-03-01", "nation": "DEU", "person_days": 2800, "cost": null, "unpriced": 1, "currency": "EUR"}
]'
run posture --cost --from 2021-01-01 --to 2021-03-01 --format xlsx
check_rc "... as a workbook" 0
check_eq "... (a zip)" "$(printf '%s' "$out" | head -c 2)" "PK"
run posture --cost --on 2021-01-01
check_rc "posture --cost without --from/--to: usage error" 2
run posture --cost --from 2021-01-01 --to 2021-03-01 --by region
check_rc "posture --cost --by region: usage error" 2
check_contains "... saying what it groups by" "$err" "groups by nation, country, mission or total, not by region"

# ---- the cost panel's tables as sheets of report --xlsx ----
export MUSTER_DB="$T/xlsx-cost.db"
"$MUSTER" import "$MUSTER_SRC/examples/nmi-2021" >/dev/null
"$MUSTER" import --merge "$MUSTER_SRC/examples/nmi-2021-costs" >/dev/null
"$MUSTER" source >/dev/null
run report --xlsx "$T/cost.xlsx"
check_rc "report --xlsx with cost rates" 0
sheets=$(python3 - "$T/cost.xlsx" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())
shared = [re.sub(r"<[^>]+>", "", si) for si in
          re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S)]
for nm in ("costs by nation", "budgets"):
    if nm not in names:
        print("no sheet", nm)
        continue
    xml = z.read("xl/worksheets/sheet%d.xml" % (names.index(nm) + 1)).decode()
    for row in re.findall(r"<row [^>]*>(.*?)</row>", xml, re.S):
        cells = []
        for t, v in re.findall(r'<c r="[A-Z]+\d+"(?: s="\d+")?( t="s")?[^>]*><v>([^<]*)</v>', row):
            cells.append(shared[int(v)] if t else ("%.2f" % float(v) if "." in v or nm == "costs by nation" else v))
        print(nm + ":" + ",".join(cells))
PY
)
cost_csv=$("$MUSTER" cost --by nation --format csv)
for n in AUS DNK USA; do
	want=$(printf '%s\n' "$cost_csv" | awk -F, -v n=$n '$1 == n { print $1 "," $2 ".00," $3 "," $4 "," $5 }')
	got=$(printf '%s\n' "$sheets" | awk -F, -v n="costs by nation:$n" '$1 == n { sub(/^costs by nation:/, ""); print $1 "," $2 "," $3 "," $4 "," $5 }')
	check_eq "sheet 'costs by nation', $n: as muster cost ($want)" "$got" "$want"
done
check_contains "... the currency in its column" "$sheets" "costs by nation:AUS,1550.00,665000.00,66500.00,598500.00,0.00,USD"
check_contains "sheet 'budgets': DNK's budget, paid, within" "$sheets" "budgets:DNK-NMI-2021,DNK,NMI,20000000,12683788.59,within"
export MUSTER_DB="$MUSTER_DB_DEFAULT"

done_testing
