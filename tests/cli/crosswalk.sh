#!/usr/bin/env bash
# crosswalk.sh: country names through the built-in crosswalk (data/crosswalk.csv)
# and a user's own (--map FILE) in every importer; unknown names a located
# error with the closest known names that changes nothing; --columns for a
# table of another layout; the IPI totals and troopdata country-year layouts
# on the extracts of examples/public-data (figures recomputed here from the
# files), and on the real files of the shared data folder when present;
# --series for the US importer's competing series.
. "$(dirname "$0")/lib.sh"
S="$MUSTER_SRC/examples/public-data"
CW="$MUSTER_SRC/data/crosswalk.csv"
DATA="${MUSTER_SHARED:-$MUSTER_SRC/../shared}/data"
cp "$S"/*.csv .
run init

# ---- every name of the shipped crosswalk gives its code ----
python3 - "$CW" >all.csv <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["nation", "country", "personnel", "from", "source"])
for r in rows:
    w.writerow([r["name"], "FRA", 1, "2020-01-01", r["code"]])
PY
run import --format deployments all.csv --source all
check_rc "a table naming nations by every name and code of the crosswalk imports" 0
run export ex
python3 - ex/deployments.csv >bad.txt <<'PY'
import csv, sys
bad = [r for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))
       if r["source"].split(" ", 1)[1] != r["nation"]]
print(len(bad), bad[:3])
PY
check_eq "... each name became its code ($(($(wc -l <all.csv) - 1)) names)" "$(cat bad.txt)" "0 []"

# ---- the country reference data: every name and variant ----
REF="$DATA/country_reference"
if [ -f "$REF/country_codes_comprehensive.csv" ]; then
	python3 - "$REF" >ref.csv <<'PY'
import csv, sys
d = sys.argv[1]
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["nation", "country", "personnel", "from", "source"])
seen = set()
def put(name, code):
    if name and (name, code) not in seen:
        seen.add((name, code))
        w.writerow([name, "FRA", 1, "2020-01-01", code])
for r in csv.DictReader(open(d + "/iso3166_countries_regions.csv", newline="", encoding="utf-8")):
    put(r["name"], r["alpha-3"]); put(r["alpha-2"], r["alpha-3"])
for r in csv.DictReader(open(d + "/country_codes_comprehensive.csv", newline="", encoding="utf-8")):
    for k in ("official_name_en", "UNTERM English Short", "UNTERM English Formal", "CLDR display name"):
        put(r[k], r["ISO3166-1-Alpha-3"])
PY
	run --db ref.db init
	run --db ref.db import --format deployments ref.csv --source ref
	check_rc "every name of the country reference data imports ($(($(wc -l <ref.csv) - 1)) names)" 0
	run --db ref.db export exref
	check_eq "... each as its ISO code" "$(python3 - exref/deployments.csv <<'PY'
import csv, sys
print(sum(1 for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))
          if r["source"].split(" ", 1)[1] != r["nation"]))
PY
)" 0
else
	ok "# SKIP the shared data folder is absent"
	ok "# SKIP the shared data folder is absent"
fi

# ---- names in a generic table; unknown names ----
cat >names.csv <<'CSV'
nation,country,personnel,from
France,Mali,100,2020-01-01
united kingdom,Cote d'Ivoire,5,2020-01-01
UK,DE,7,2020-01-01
fra,Burma,3,2020-01-01
CSV
run --db n.db init
run --db n.db import --format deployments names.csv --source names
check_rc "names, variants, lower-case ISO codes and other codes import" 0
run --db n.db export exn
check_eq "... as codes" \
	"$(cut -d, -f2,3,5 exn/deployments.csv)" "nation,country,personnel
FRA,MLI,100
GBR,CIV,5
GBR,DEU,7
FRA,MMR,3"
before=$(db_digest)
printf 'nation,country,personnel,from\nFrance,Frnce,1,2020-01-01\nGermany,Gernamy,2,2020-01-01\nFrance,Atlantis,3,2020-01-01\n' >typo.csv
run import --format deployments typo.csv
check_rc "an unknown name fails" 1
check_eq "... with the line, the column, the name and the closest known names" "$err" \
	"muster: 'typo.csv' has 3 problems
typo.csv:2: column 'country': expected a country code or a name the crosswalk knows (add it with --map FILE), got 'Frnce'; closest known names: 'France' (FRA)
typo.csv:3: column 'country': expected a country code or a name the crosswalk knows (add it with --map FILE), got 'Gernamy'; closest known names: 'Germany' (DEU), 'Guernsey' (GGY)
typo.csv:4: column 'country': expected a country code or a name the crosswalk knows (add it with --map FILE), got 'Atlantis'"
check_eq "... and changes nothing" "$(db_digest)" "$before"

# ---- --map FILE: the user's own names ----
printf 'name,code,source\nAtlantis,XAT,a test place\nFrnce,FRA,a typo of ours\n' >map.csv
sed -i 3d typo.csv
run import --format deployments typo.csv --source typo --map map.csv
check_rc "--map FILE adds the user's names" 0
run export exm
check_contains "... the typo is France, Atlantis a place of its own" "$(cut -d, -f2,3 exm/deployments.csv)" "FRA,FRA
FRA,XAT"
printf 'name,code\nAtlantis,XAT\natlantis,XAU\nNowhere,\n' >badmap.csv
before=$(db_digest)
run import --format deployments typo.csv --source typo --map badmap.csv
check_rc "a map with a name given two codes and an empty code fails" 1
check_eq "... with their lines" "$err" "muster: 'badmap.csv' has 2 problems
badmap.csv:4: column 'code': expected a code (up to 16 characters, no spaces), got ''
badmap.csv:3: column 'name': 'atlantis' is 'XAU' here and 'XAT' at line 2"
check_eq "... and changes nothing" "$(db_digest)" "$before"
run import --format deployments typo.csv --map nosuch.csv
check_rc "a map that is not there fails" 1
run import --map map.csv somedir
check_rc "--map without --format is a usage error" 2

# ---- --columns: another layout without code ----
cat >layout.csv <<'CSV'
Year,Contributor,Host,Troops,Note
2012-01-01,Ghana,Lebanon,870,first
2013-01-01,Cote d Ivoire,Mali,120,second
CSV
run import --format deployments layout.csv --source layout --columns nation=Contributor,country=Host,personnel=Troops,from=Year
check_rc "--columns maps the file's columns onto the fields (the others not read)" 0
run import --format deployments layout.csv --source layout --columns nation=Contributor,country=Host,personnel=Troops,from=Year,source=Note
check_rc "--columns maps the file's columns onto the fields" 0
run posture --on 2013-06-01 --source layout --by nation,country --format csv
check_eq "... read as deployments" "$out" "nation,country,personnel,in_host,out_of_host,permanent,rotational,other
CIV,MLI,120,0,0,120,0,0
GHA,LBN,870,0,0,870,0,0"
before=$(db_digest)
run import --format deployments layout.csv --columns nation=Contributor,country=Hots,personnel=Troops,from=Year,source=Note
check_rc "--columns naming a column that is not there fails" 1
check_contains "... saying which" "$err" "missing required column 'Hots'"
run import --format deployments layout.csv --columns nation=Contributor,size=Troops
check_rc "--columns with an unknown field fails" 2
check_contains "... naming the fields" "$err" "FIELD one of id, nation, country"
check_eq "... and neither changes anything" "$(db_digest)" "$before"

# ---- IPI mission totals and contributor totals ----
run import --format un-mission-totals un-mission-totals.csv --source mt
check_rc "IPI mission totals import" 0
check_contains "... as nation XPK in the missions' hosts" "$out" "1 nation in 2 countries"
# month,mission,troops,police,observers,total of the file's rows
python3 - un-mission-totals.csv >mt.txt <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline="")):
    n = lambda k: 0 if r[k] == "NA" else int(r[k])
    print(",".join(map(str, [r["Date"], r["Mission"], n("Troops"), n("Police"), n("Observers"), n("Total")])))
PY
want=$(awk -F, '$1 == "2012-09-30" { t += $3; p += $4; o += $5 } END { printf "experts,%d\npolice,%d\ntroops,%d", o, p, t }' mt.txt)
run posture --on 2012-09-15 --source mt --by category --format csv
check_eq "... September 2012 by category equals the file's rows" "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1,2)" "$want"
run posture --on 2012-09-15 --source mt --by mission --format csv
check_eq "... and by mission" "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1,2)" \
	"$(awk -F, '$1 == "2012-09-30" { print $2 "," $6 }' mt.txt | sort)"
run import --format un-contributor-totals un-contributor-totals.csv --source ct
check_rc "IPI contributor totals (names only) import" 0
run posture --on 2012-11-15 --source ct --by nation --format csv
check_eq "... the names became codes, the figures the file's sums" "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1,2)" \
	"$(awk -F, 'NR > 1 && $1 == "2012-11-30" { s = 0; for (i = 3; i <= 5; i++) if ($i != "NA") s += $i; print $2 "," s }' un-contributor-totals.csv |
		sed 's/^Cote d Ivoire/CIV/; s/^DR Congo/COD/; s/^France/FRA/; s/^Ghana/GHA/' | sort)"
run show deployments --nation GHA --format csv
check_eq "show deployments shows the category (once some deployment has one)" "$(printf '%s\n' "$out" | head -1)" \
	"id,nation,country,mission,personnel,from,to,kind,counts_against_cap,category,source"
check_contains "... troops, police, experts" "$(printf '%s\n' "$out" | cut -d, -f10 | sort -u | tr '\n' ' ')" "experts police troops"
printf 'Date,Contributor,Troops,Police,Experts\n2012-06-30,Narnia,1,NA,NA\n' >narnia.csv
before=$(db_digest)
run import --format un-contributor-totals narnia.csv
check_contains "an unknown contributor is a located error" "$err" "muster: 'narnia.csv' has 1 problem
narnia.csv:2: column 'Contributor': expected a country code or a name the crosswalk knows (add it with --map FILE), got 'Narnia'; closest known names: "
check_eq "... that changes nothing" "$(db_digest)" "$before"

# ---- troopdata country-year ----
run import --format us-personnel-year us-year.csv --source uy
check_rc "troopdata's country-year table imports" 0
run posture --on 2019-06-30 --source uy --by country --format csv
check_eq "... a year's figures are the file's troops_ad" "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1,2)" \
	"$(awk -F, '$2 == 2019 { print $4 "," $6 }' us-year.csv | sort)"
run posture --on 1989-06-30 --source uy --by country --format csv
check_eq "... a former country by its ISO 3166-3 code, a place without one by its COW code" \
	"$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1,2)" \
	"$(awk -F, '$2 == 1989 { print ($4 == "NA" ? ($1 == "Diego Garcia" ? "COW1004" : "DDR") : $4) "," $6 }' us-year.csv | sort)"
run posture --on 2021-06-30 --source uy --by country --format csv
check_contains "... past the last year nothing is known, not 0" "$err" "2021-06-30 is outside it"

# ---- --series ----
{ head -1 us.csv; grep ',June 2019,' us.csv | grep DEU; grep ',June 2019,' us.csv | grep DEU | sed 's/,June 2019,70496,/,Kane 2006,999,/'; } >comp.csv
run import --format us-personnel comp.csv --source comp --series kane
check_rc "--series kane" 0
run posture --on 2019-05-01 --country DEU --format csv --source comp
check_eq "... takes Kane's figure where both give one" "$(printf '%s\n' "$out" | tail -1 | cut -d, -f2)" 999
run import --format us-personnel comp.csv --source comp
run posture --on 2019-05-01 --country DEU --format csv --source comp
check_eq "... and by default the DMDC report's" "$(printf '%s\n' "$out" | tail -1 | cut -d, -f2)" 70496
run import --format us-personnel comp.csv --source comp --series kane,dod
check_rc "an unknown series is a usage error" 2
check_contains "... naming the series" "$err" "expected dmdc, kane, imputed or other"
run import --format deployments names.csv --series kane
check_rc "--series on another format is a usage error" 2

# ---- the real files ----
MT="$DATA/un_peacekeeping_ipi/mission_month_totals_1990-11_2017-03.csv"
CT="$DATA/un_peacekeeping_ipi/contributor_month_totals_1990-11_2014-03.csv"
UY="$DATA/us_troop_deployments_troopdata/troopdata-rebuild-country-year.csv"
if [ -f "$MT" ] && [ -f "$CT" ] && [ -f "$UY" ]; then
	run --db real.db init
	run --db real.db import --format un-mission-totals "$MT" --source mt
	check_rc "the real mission totals import" 0
	run --db real.db import --format un-contributor-totals "$CT" --source ct
	check_rc "the real contributor totals import (every name placed)" 0
	for d in 1995-06-15 2005-06-15 2012-06-15 2014-02-15; do
		run --db real.db posture --on $d --source mt --by category --format csv
		a=$out
		run --db real.db posture --on $d --source ct --by category --format csv
		b=$out
		check_eq "$d: mission totals and contributor totals agree by category" "$(printf '%s\n' "$a" | cut -d, -f1,2)" "$(printf '%s\n' "$b" | cut -d, -f1,2)"
	done
	run --db real.db import --format us-personnel-year "$UY" --source uy
	check_rc "the real troopdata country-year table imports" 0
	run --db real.db posture --on 2010-06-30 --source uy --country DEU --format csv
	check_eq "... USA in DEU in 2010 is the file's figure" "$(printf '%s\n' "$out" | tail -1 | cut -d, -f2)" \
		"$(awk -F, '$1 == "Germany" && $2 == 2010 { print $6 }' "$UY")"
else
	for i in 1 2 3 4 5 6 7 8 9; do ok "# SKIP the shared data folder is absent"; done
fi

done_testing
