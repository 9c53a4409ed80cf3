#!/usr/bin/env bash
# import-year.sh: `import --format deployments --period year` on real annual
# figures (troopdata's country-year file, rows for three hosts, with a
# nation column added): --as intervals covers each year, --as snapshots is a
# reading on one day; a year column that is not a year fails with its line;
# a new mission in several countries has no host unless --host names one.
. "$(dirname "$0")/lib.sh"

DATA="${MUSTER_SHARED:-$MUSTER_SRC/../shared}/data"
SRC=$DATA/us_troop_deployments_troopdata/troopdata-rebuild-country-year.csv
if [ ! -r "$SRC" ]; then
	echo "1..0 # SKIP no troopdata country-year file"
	exit 0
fi
python3 - "$SRC" >"$T/y.csv" <<'PY'
import csv, sys
print("Contributor,Host,Year,Troops,Op")
for r in csv.DictReader(open(sys.argv[1])):
    if r["iso3c"] in ("DEU", "JPN", "KOR") and r["year"] in ("2018", "2019", "2020"):
        print("USA,%s,%s,%s,FWD" % (r["countryname"], r["year"], r["troops_ad"]))
PY
# the published figure of HOST in YEAR
fig() { awk -F, -v h="$1" -v y="$2" '$2 == h && $3 == y { print $4 }' "$T/y.csv"; }
deu=$(fig Germany 2019)
cols=nation=Contributor,country=Host,from=Year,personnel=Troops

run import --format deployments "$T/y.csv" --columns $cols --period year --as intervals
check_rc "--period year --as intervals" 0
check_contains "... the period spans the years" "$out" "9 deployments written, 2018-01-01 to 2021-01-01"
for on in 2019-01-01 2019-07-01 2019-12-31; do
	run posture --on $on --by country --format csv
	check_contains "on $on: Germany's 2019 figure ($deu)" "$out" "DEU,$deu,"
done
run posture --on 2020-01-01 --by country --format csv
check_contains "on 2020-01-01: the 2020 figure" "$out" "DEU,$(fig Germany 2020),"

run import --format deployments "$T/y.csv" --columns $cols --period year --as snapshots \
	--snapshot-day 06-30 --source snap
check_rc "--as snapshots --snapshot-day 06-30" 0
check_contains "... from the first reading" "$out" "2018-06-30 to 2020-07-01"
run posture --on 2019-06-30 --source snap --by country --format csv
check_contains "the reading of 2019-06-30" "$out" "DEU,$deu,"
run posture --on 2019-07-01 --source snap --format csv
check_contains "... and nothing the next day (a reading, not an interval)" "$err" "no deployments on 2019-07-01"

run import --format deployments "$T/y.csv" --columns $cols,mission=Op --period year \
	--as intervals --source ops
check_rc "a new mission in three countries without --host imports" 0
run show missions --format csv
check_contains "... with no host (an empty cell)" "$out" "FWD,,,,,"
sed 's/,FWD$/,FW2/' "$T/y.csv" >"$T/y2.csv"
run import --format deployments "$T/y2.csv" --columns $cols,mission=Op --period year \
	--as intervals --source ops2 --host DEU
check_rc "... with --host DEU it imports" 0
run show missions --format csv
check_contains "... hosted in DEU" "$out" "FW2,,,DEU,,"

before=$(db_digest)
printf 'Contributor,Host,Year,Troops\nUSA,Germany,2019,100\nUSA,Japan,FY19,200\n' >"$T/bad.csv"
run import --format deployments "$T/bad.csv" --columns $cols --period year --as intervals
check_rc "a year that is not a year fails" 1
check_contains "... with its line and column" "$err" "bad.csv:3: column 'Year': expected a year YYYY, got 'FY19'"
printf 'nation,country,from,to,personnel\nUSA,DEU,2019,2019-06-01,5\n' >"$T/bad2.csv"
run import --format deployments "$T/bad2.csv" --period year --as intervals
check_contains "a 'to' with --period year is refused" "$err" "bad2.csv:2: column 'to'"
run import --format deployments "$T/y.csv" --columns $cols --period year
check_rc "--period year without --as" 2
check_contains "... asks what each figure is" "$err" "--as intervals"
run import --format deployments "$T/y.csv" --columns $cols --period month --as intervals
check_contains "--period month is not known" "$err" "expected 'year'"
run import --format deployments "$T/y.csv" --columns $cols --period year --as snapshots --snapshot-day 13-01
check_contains "a bad --snapshot-day" "$err" "--snapshot-day: expected MM-DD"
run import --format us-personnel "$T/y.csv" --period year --as intervals
check_contains "--period with another format" "$err" "only the format 'deployments'"
check_eq "bad input changed nothing" "$(db_digest)" "$before"

done_testing
