#!/usr/bin/env bash
# posture-sources.sh: deployments keep their source and category; posture
# filters, groups and prefers sources, warns where two sources count the same
# nation in the same country at once, aggregates periods (--stat), writes a
# wide series, and says where a date is outside a source's coverage. The
# first part runs on small extracts shipped in examples/public-data; the
# second on the full public files (skipped when the shared data is absent).
. "$(dirname "$0")/lib.sh"
S="$MUSTER_SRC/examples/public-data"
DATA="${MUSTER_SHARED:-$MUSTER_SRC/../shared}/data"

cp "$S"/*.csv .
run init
run import --format un-contributions un.csv --source un
check_rc "import the UN extract as source 'un'" 0
check_eq "the import says rows read, deployments written, period, nations and countries" "$out" \
	"imported 'un.csv' (un-contributions) as source 'un': 28 rows read, 28 deployments written, 2012-06-01 to 2013-01-01, 2 nations in 2 countries"
run import --format us-personnel us.csv --source us
check_eq "the US extract as source 'us'" "$out" \
	"imported 'us.csv' (us-personnel) as source 'us': 24 rows read, 24 deployments written, 2018-01-01 to 2021-01-01, 1 nation in 2 countries"
run import --format deployments legacy-deu.csv
check_eq "a table without --source is named by its full path" "$out" \
	"imported 'legacy-deu.csv' (deployments) as source '$(pwd -P)/legacy-deu.csv': 3 rows read, 3 deployments written, 2018-01-01 to 2021-01-01, 1 nation in 1 country"
run import --format deployments legacy-deu.csv
check_eq "a re-import says what it replaced" "$out" \
	"imported 'legacy-deu.csv' (deployments) as source '$(pwd -P)/legacy-deu.csv': 3 rows read, 3 deployments written (replacing 3), 2018-01-01 to 2021-01-01, 1 nation in 1 country"

# ---- data quality on import: warnings, the data kept as they are ----
run --db q.db import --format us-personnel us.csv --source us
check_contains "a jump of 2x between consecutive reports is warned about, with its line" "$err" \
	"muster: warning: us.csv:7: USA in DEU: 70496 from 2019-04-01, 2.0x the 35115 of the report before"
check_eq "... six of them in the extract" "$(printf '%s\n' "$err" | grep -c 'x the')" 6
run --db q.db posture --on 2019-05-01 --country DEU --format csv --source us
check_eq "... and the figure is kept as it is" "$(printf '%s\n' "$out" | tail -1 | cut -d, -f2)" 70496
# a series missing for two months, and a name under two codes in one report
awk -F, 'NR == 1 || !($2 == "France" && $4 == "UNIFIL" && ($1 == "2012-07-31" || $1 == "2012-08-31"))' un.csv |
	sed '4s/,GHA,/,GHX,/' >gap.csv
cp missions_metadata.csv gap-meta.csv
run --db q.db import --format un-contributions gap.csv --source gap
check_contains "a series missing and back is warned about, not read as 0" "$err" \
	"muster: warning: gap.csv:12: FRA on UNIFIL (troops): no figure from 2012-07-01 to 2012-09-01, then 902 again (not read as 0)"
check_contains "a name under two codes in one report" "$err" \
	"muster: warning: gap.csv:4: 'Ghana' is 'GHX' here and 'GHA' at line 5 of the same report"
run --db q.db posture --on 2012-07-15 --nation FRA --mission UNIFIL --source gap --format csv
check_eq "... the missing month has no figure (no row), not a made-up 0 or a carried value" \
	"$(printf '%s\n' "$out" | wc -l)" 1
# competing series of one report: the DMDC report's figure, not the sum
{ head -1 us.csv; grep ',June 2019,' us.csv | grep DEU; grep ',June 2019,' us.csv | grep DEU | sed 's/,June 2019,70496,/,NA,999,/'; } >comp.csv
run --db q.db import --format us-personnel comp.csv --source comp
check_contains "competing series: the other one is dropped, and said so" "$out" \
	"1 row of another series dropped where a preferred series has the figure"
run --db q.db posture --on 2019-05-01 --country DEU --format csv --source comp
check_eq "... the DMDC report's figure" "$(printf '%s\n' "$out" | tail -1 | cut -d, -f2)" 70496

# ---- categories ----
run export ex
check_contains "the UN importer keeps the personnel type in category" "$(cat ex/deployments.csv)" \
	",rotational,yes,un-peacekeeping-ipi:un:5 individual-police male 13 female 5,police"
check_eq "... a header with category" "$(head -1 ex/deployments.csv)" \
	"id,nation,country,mission,personnel,from,to,kind,counts_against_cap,source,category"
run --db copy.db import ex
run --db copy.db export ex2
check_eq "categories survive export and import" "$(cat ex2/*.csv | sha256sum)" "$(cat ex/*.csv | sha256sum)"
run posture --on 2012-06-15 --by category --format csv --source un
check_eq "posture --by category: the file's figures (troops 1011+1+877+707)" "$out" \
	"category,personnel,in_host,out_of_host,permanent,rotational,other
experts,9,9,0,0,9,0
police,18,18,0,0,18,0
troops,2596,2596,0,0,2596,0"
run posture --on 2012-06-15 --category police --by nation --format csv
check_eq "--category police" "$out" "nation,personnel,in_host,out_of_host,permanent,rotational,other
GHA,18,18,0,0,18,0"
run posture --on 2012-06-15 --by nation,mission --source un
check_eq "--by nation,mission: one column per grouping" "$out" \
	"nation  mission  personnel  in_host  out_of_host  permanent  rotational  other
FRA     UNIFIL        1011     1011            0          0        1011      0
FRA     UNMIL            1        1            0          0           1      0
GHA     UNIFIL         877      877            0          0         877      0
GHA     UNMIL          734      734            0          0         734      0
total                 2623     2623            0          0        2623      0"
run posture --on 2012-06-15 --by nation,total
check_rc "--by nation,total is a usage error" 2
check_contains "... that says why" "$err" "'total' goes alone"
run posture --on 2012-06-15 --by nation,nation
check_contains "--by nation,nation: twice" "$err" "'nation' twice"

# ---- sources: filter, group, overlap, prefer ----
run posture --on 2019-07-01 --nation USA --country DEU --format csv
check_eq "two sources for USA in DEU add up, and the overlap column says how much" "$out" \
	"nation,personnel,in_host,out_of_host,permanent,rotational,other,overlap
USA,70539,0,0,70539,0,0,70539"
check_eq "... with one warning on stderr, naming both sources and their figures" \
	"$(printf '%s\n' "$err" | grep -c 'warning')" 1
check_contains "... the warning" "$err" \
	"muster: warning: USA in DEU: sources '$(pwd -P)/legacy-deu.csv' (35264) and 'us' (35275) both count on 2019-07-01 and are added up; choose with --source or --prefer"
run posture --on 2019-07-01 --nation USA --country DEU --format json --by source
check_eq "the JSON has the overlap per row" "$out" '[
 {"source": "'"$(pwd -P)"'/legacy-deu.csv", "personnel": 35264, "in_host": 0, "out_of_host": 0, "permanent": 35264, "rotational": 0, "other": 0, "overlap": 35264},
 {"source": "us", "personnel": 35275, "in_host": 0, "out_of_host": 0, "permanent": 35275, "rotational": 0, "other": 0, "overlap": 35275}
]'
run posture --on 2019-07-01 --nation USA --country DEU --format csv --source us
check_eq "--source us: the September 2019 report alone, no overlap" "$out" \
	"nation,personnel,in_host,out_of_host,permanent,rotational,other
USA,35275,0,0,35275,0,0"
check_eq "... and no warning" "$err" ""
run posture --on 2019-07-01 --nation USA --format csv --source legacy-deu.csv,un --by country
check_eq "--source takes a list, and a file's base name" "$out" \
	"country,personnel,in_host,out_of_host,permanent,rotational,other
DEU,35264,0,0,35264,0,0"
run posture --on 2019-07-01 --country DEU --format csv --prefer us,legacy-deu.csv
check_eq "--prefer us,legacy: us where it has data" "$out" \
	"nation,personnel,in_host,out_of_host,permanent,rotational,other
USA,35275,0,0,35275,0,0"
check_eq "... no warning" "$err" ""
run posture --on 2019-07-01 --country DEU --format csv --prefer legacy-deu.csv,us
check_eq "--prefer legacy,us: the other way" "$(printf '%s\n' "$out" | tail -1)" "USA,35264,0,0,35264,0,0"
run posture --on 2019-07-01 --by country --format csv --prefer legacy-deu.csv,us
check_eq "--prefer: per country, the first source with data there (JPN only in us)" "$out" \
	"country,personnel,in_host,out_of_host,permanent,rotational,other
DEU,35264,0,0,35264,0,0
JPN,55245,0,0,55245,0,0"
run posture --from 2018-01-01 --to 2021-01-01 --every year --stat mean --country DEU --format csv --prefer legacy-deu.csv,us
check_eq "--prefer over a series: each date its own choice" "$(printf '%s\n' "$out" | cut -d, -f1,3)" \
	"date,personnel
2018-01-01,35088
2019-01-01,35264
2020-01-01,33948"
run posture --on 2019-07-01 --source nope
check_rc "an unknown source: exit 1" 1
check_contains "... naming the sources there are" "$err" "--source: no deployments of source 'nope' (the sources are"
run posture --on 2019-07-01 --prefer us,us
check_rc "--prefer naming a source twice: refused" 1
check_contains "... says so" "$err" "--prefer: source 'us' is named twice"
run posture --on 2019-07-01 --source ''
check_rc "--source '' is a usage error" 2
run posture --check --source us
check_rc "--check with --source: usage error" 2
check_contains "... that says why" "$err" "'--check' counts every source"

# ---- aggregation over time ----
run posture --from 2019-01-01 --to 2020-01-01 --every year --stat mean --source us --country DEU --format csv
check_eq "--stat mean: day-weighted mean of the 2019 reports ((35115x90 + 70496x91 + 35275x92 + 34668x92) / 365)" \
	"$(printf '%s\n' "$out" | tail -1 | cut -d, -f1-3)" "2019-01-01,USA,43864"
for st in peak:70496 min:34668 end:34668; do
	run posture --from 2019-01-01 --to 2020-01-01 --every year --stat "${st%%:*}" --source us --country DEU --format csv
	check_eq "--stat ${st%%:*} over 2019" "$(printf '%s\n' "$out" | tail -1 | cut -d, -f3)" "${st##*:}"
done
run posture --from 2019-01-01 --to 2020-01-01 --every quarter --stat mean --source us --country DEU --format csv
check_eq "--every quarter --stat mean: each quarter's report" "$(printf '%s\n' "$out" | cut -d, -f3 | tr '\n' ' ')" \
	"personnel 35115 70496 35275 34668 "
run posture --on 2019-01-01 --stat mean
check_rc "--stat without a series: usage error" 2
run posture --from 2019-01-01 --to 2019-02-01 --every day --stat mean
check_rc "--stat over days: usage error" 2
run posture --from 2019-01-01 --to 2020-01-01 --stat median
check_rc "--stat median: usage error" 2
check_contains "... naming the choices" "$err" "choose one of end, mean, peak, min"

# ---- wide, and coverage ----
run posture --from 2012-10-01 --to 2013-03-01 --every month --source un --wide
check_eq "--wide: one column per date; '-' where the source has no coverage, not 0" "$out" \
	"nation  2012-10-01  2012-11-01  2012-12-01  2013-01-01  2013-02-01
FRA            907         900         884           -           -
GHA           1615        1617        1617           -           -
total         2522        2517        2501           -           -"
check_eq "... and a note on stderr" "$err" \
	"muster: note: source 'un' covers 2012-06-01 to 2013-01-01: 2 dates from 2013-01-01 are outside it (no figure there is a 0)"
run posture --from 2012-10-01 --to 2013-02-01 --every month --source un --wide --format csv
check_eq "--wide CSV: empty where not known" "$(printf '%s\n' "$out" | tail -1)" "GHA,1615,1617,1617,"
run posture --from 2012-12-01 --to 2013-02-01 --every month --source un --wide --format json --nation fra
check_eq "--wide JSON: null where not known" "$out" '[
 {"nation": "FRA", "2012-12-01": 884, "2013-01-01": null}
]'
run posture --on 2013-06-01 --source un
check_contains "a date past a source's end says so" "$err" \
	"muster: note: source 'un' covers 2012-06-01 to 2013-01-01: 2013-06-01 is outside it (no figure there is a 0)"
run posture --on 2012-06-15 --nation fra --format csv
check_eq "no note where every date is covered by some source" "$err" ""
run posture --on 2030-01-01 --format csv
check_contains "a date outside every source: each says so" "$err" "source 'us' covers 2018-01-01 to 2021-01-01: 2030-01-01 is outside it"
run posture --on 2019-07-01 --wide
check_rc "--wide without a series: usage error" 2

# ---- workbooks: --format xlsx, read back with Python's zipfile and xml ----
xlsx_cells() { # FILE: every cell as ref=type:value, types n (number), d (date), s (text)
	python3 - "$1" <<'PY'
import sys, zipfile, datetime
import xml.etree.ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
z = zipfile.ZipFile(sys.argv[1])
strings = [si.find("m:t", ns).text for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)]
styles = ET.fromstring(z.read("xl/styles.xml"))
xfs = styles.find("m:cellXfs", ns).findall("m:xf", ns)
sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
pane = sheet.find(".//m:pane", ns)
print("frozen=" + (pane.get("ySplit") + ":" + pane.get("state") if pane is not None else "none"))
for c in sheet.iter("{%s}c" % ns["m"]):
    v = c.find("m:v", ns).text
    if c.get("t") == "s":
        print(c.get("r") + "=s:" + strings[int(v)])
    elif int(xfs[int(c.get("s", "0"))].get("numFmtId", "0")) >= 164:
        d = datetime.date(1899, 12, 30) + datetime.timedelta(days=float(v))
        print(c.get("r") + "=d:" + d.isoformat())
    else:
        print(c.get("r") + "=n:" + v)
PY
}
run posture --from 2012-12-01 --to 2013-02-01 --every month --source un --nation fra --format xlsx
check_rc "--format xlsx" 0
"$MUSTER" posture --from 2012-12-01 --to 2013-02-01 --every month --source un --nation fra --format xlsx >s.xlsx 2>/dev/null
check_eq "the workbook: a frozen header row, dates as dates, numbers as numbers, text as text" \
	"$(xlsx_cells s.xlsx | tr '\n' ' ')" \
	"frozen=1:frozen A1=s:date B1=s:nation C1=s:personnel D1=s:in_host E1=s:out_of_host F1=s:permanent G1=s:rotational H1=s:other A2=d:2012-12-01 B2=s:FRA C2=n:884 D2=n:884 E2=n:0 F2=n:0 G2=n:884 H2=n:0 "
"$MUSTER" posture --from 2012-12-01 --to 2013-02-01 --every month --source un --nation fra --wide --format xlsx >w.xlsx 2>/dev/null
check_eq "a wide workbook: a date outside the coverage is an empty cell, not 0" \
	"$(xlsx_cells w.xlsx | tr '\n' ' ')" "frozen=1:frozen A1=s:nation B1=s:2012-12-01 C1=s:2013-01-01 A2=s:FRA B2=n:884 "
"$MUSTER" burden --on 2012-06-15 --source un --format xlsx >b.xlsx 2>/dev/null
check_eq "burden as a workbook" "$(xlsx_cells b.xlsx | grep -E '^(A2|B2|C2)=' | tr '\n' ' ')" "A2=s:FRA B2=n:1012 C2=n:65657659 "
if command -v script >/dev/null; then
	script -qec "$MUSTER posture --on 2012-06-15 --format xlsx" /dev/null >tty.out 2>&1
	check_contains "--format xlsx to a terminal: refused" "$(cat tty.out)" "redirect it to a file"
else
	ok "# SKIP script(1) not installed"
fi

# ---- the full public data ----
UN="$DATA/un_peacekeeping_ipi/contributions_by_mission_type_gender_2009-11_2014-08.csv"
UNT="$DATA/un_peacekeeping_ipi/contributor_month_totals_1990-11_2014-03.csv"
US="$DATA/us_troop_deployments_troopdata/troopdata-rebuild-country-year-quarter-format.csv"
LEG="$DATA/us_troop_deployments_troopdata/troopdata.csv"
if [ ! -f "$UN" ] || [ ! -f "$US" ] || [ ! -f "$LEG" ] || [ ! -f "$UNT" ]; then
	ok "# SKIP shared data not found at $DATA"
	done_testing
	exit
fi
export MUSTER_DB="$T/full.db"
run import --format us-personnel "$US" --source troopdata
check_rc "import troopdata's quarterly file" 0
awk -F, 'NR==1{print "nation,country,personnel,from,to,kind,source"} $3=="DEU" && $5!="NA" {printf "USA,DEU,%s,%s-01-01,%s-01-01,permanent,troopdata.csv line %d\n",$5,$4,$4+1,NR}' "$LEG" >legacy.csv
run import --format deployments legacy.csv --source legacy
check_rc "import the legacy annual series of USA in DEU as another table" 0
# the report in force on 2019-07-01 is the third quarter's (September 2019)
q3=$(awk -F, '$2=="DEU" && $4==2019 && $6==3 {print $8}' "$US")
leg=$(awk -F, '$3=="DEU" && $4==2019 {print $5}' "$LEG")
run posture --on 2019-07-01 --nation USA --country DEU --format csv
check_eq "USA in DEU on 2019-07-01: both sources add up ($q3 + $leg), and say so in the overlap column" \
	"$(printf '%s\n' "$out" | tail -1)" "USA,$((q3 + leg)),0,0,$((q3 + leg)),0,0,$((q3 + leg))"
check_eq "... warned once" "$(printf '%s\n' "$err" | grep -c '^muster: warning: USA in DEU')" 1
check_contains "... naming both" "$err" "sources 'legacy' ($leg) and 'troopdata' ($q3) both count on 2019-07-01"
run posture --on 2019-07-01 --nation USA --country DEU --format csv --prefer troopdata,legacy
check_eq "--prefer troopdata,legacy: the September 2019 report" "$(printf '%s\n' "$out" | tail -1)" "USA,$q3,0,0,$q3,0,0"
run posture --on 2019-07-01 --by country --format csv --prefer troopdata,legacy
check_eq "--prefer leaves the other countries to troopdata: no overlap column" "$(head -1 <<<"$out")" \
	"country,personnel,in_host,out_of_host,permanent,rotational,other"

run import --format un-contributions "$UN" --source un
check_rc "import the UN contributions" 0
# Every month: posture by category equals the sum of the file's detail rows.
awk -F, 'NR > 1 { d = substr($1, 1, 8) "01"; p[d] += ($7 == "NA" ? 0 : $7) + ($10 == "NA" ? 0 : $10);
	e[d] += ($13 == "NA" ? 0 : $13); t[d] += ($16 == "NA" ? 0 : $16) }
	END { for (d in t) print d "," e[d] "," p[d] "," t[d] }' "$UN" | sort >want.csv
run posture --from 2009-11-01 --to 2014-09-01 --every month --by category --source un --format csv
printf '%s\n' "$out" | awk -F, 'NR > 1 { v[$1 "," $2] = $3; d[$1] = 1 }
	END { for (x in d) print x "," v[x ",experts"] + 0 "," v[x ",police"] + 0 "," v[x ",troops"] + 0 }' | sort >got.csv
check_eq "58 months" "$(wc -l <got.csv)" 58
check_file "UN posture by category, every month, equals the file's detail rows summed" got.csv want.csv
# Against the IPI contributor totals (troops, police, experts), published apart.
awk -F, 'NR > 1 && $1 >= "2009-11" { d = substr($1, 1, 8) "01"; t[d] += $3; p[d] += $4; e[d] += $5 }
	END { for (d in t) print d "," e[d] "," p[d] "," t[d] }' "$UNT" | sort >ipi.csv
check_eq "... and December 2013 equals IPI's contributor totals exactly" \
	"$(grep '^2013-12-01' got.csv)" "$(grep '^2013-12-01' ipi.csv)"
worst=$(join -t, got.csv ipi.csv | awk -F, '{ for (i = 2; i <= 4; i++) { d = $i - $(i + 3); d = d < 0 ? -d : d;
	r = $(i + 3) ? d / $(i + 3) : 0; if (r > w) w = r } } END { printf "%.4f", w }')
if awk -v w="$worst" 'BEGIN { exit !(w < 0.02) }'; then
	ok "every month within 2% of IPI's contributor totals, per category (worst $worst)"
else
	not_ok "every month within 2% of IPI's contributor totals" "worst relative difference $worst"
fi
# The annual mean: day-weighted over the months of 2012.
want=$(awk -F, '{ split($1, a, "-"); if (a[1] == 2012) { m = a[2] + 0; days = (m == 2) ? 29 : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
	s += $4 * days; n += days } } END { printf "%d", s / n + 0.5 }' want.csv)
run posture --from 2012-01-01 --to 2013-01-01 --every year --stat mean --category troops --by category --source un --format csv
check_eq "the 2012 mean of UN troops, day-weighted, from the monthly sums" "$(printf '%s\n' "$out" | tail -1 | cut -d, -f3)" "$want"
done_testing
