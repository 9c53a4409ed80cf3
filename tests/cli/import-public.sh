#!/usr/bin/env bash
# import-public.sh: the importers of real public data (UN peacekeeping
# contributions, US personnel by host country, generic deployment tables):
# totals checked against the published totals files, idempotent re-import,
# line-numbered errors that change nothing. The real-data checks skip when
# the shared data folder is absent.
. "$(dirname "$0")/lib.sh"
E="$MUSTER_SRC/tests/cli/expected/import-public"
DATA="${MUSTER_SHARED:-$MUSTER_SRC/../shared}/data"
UN="$DATA/un_peacekeeping_ipi/contributions_by_mission_type_gender_2009-11_2014-08.csv"
US="$DATA/us_troop_deployments_troopdata/troopdata-rebuild-country-year-quarter-format.csv"

run init

# ---- bad input: line-numbered errors, nothing changes ----
mkdir bad
cat >bad/un.csv <<'CSV'
Date,Contributor,Contributor_ISO-3,Mission,Individual_Police_Male,Individual_Police_Female,Individual_Police_Total,Formed_Police_Units_Male,Formed_Police_Units_Female,Formed_Police_Units_Total,Experts_on_Mission_Male,Experts_on_Mission_Female,Experts_on_Mission_Total,Troops_Male,Troops_Female,Troops_Total,Total_Male,Total_Female,Total_Total
2010-01-31,Albania,ALB,UNMIL,NA,NA,NA,NA,NA,NA,NA,NA,NA,63,0,63,63,0,63
2010-02-31,Albania,ALB,UNMIL,NA,NA,NA,NA,NA,NA,NA,NA,NA,63,0,63,63,0,63
2010-03-31,Albania,Alb,UNMIL,NA,NA,NA,NA,NA,NA,NA,NA,NA,sixty,0,63,63,0,63
CSV
before=$(db_digest)
run import --format un-contributions bad/un.csv
check_rc "bad UN rows: exit 1" 1
check_eq "bad UN rows: one message per bad cell, with file and line" "$err" "muster: 'bad/un.csv' has 3 problems
bad/un.csv:3: column 'Date': expected a date YYYY-MM-DD, got '2010-02-31'
bad/un.csv:4: column 'Contributor_ISO-3': expected an ISO 3166-1 alpha-3 code, got 'Alb'
bad/un.csv:4: column 'Troops_Male': expected a whole number >= 0 or NA, got 'sixty'"
check_eq "bad UN rows change nothing" "$(db_digest)" "$before"

cat >bad/dep.csv <<'CSV'
nation,country,mission,personnel,from,to,kind
FRA,MLI,BARKHANE,5100,2014-08-01,2022-08-15,rotational
FRA,MLI,,-3,2014-08-01,,permanent
FRA,TCD,,1000,2020-01-01,2019-01-01,sometimes
CSV
run import --format deployments bad/dep.csv
check_eq "bad generic rows: messages" "$err" "muster: 'bad/dep.csv' has 3 problems
bad/dep.csv:3: column 'personnel': expected a whole number >= 0, got '-3'
bad/dep.csv:4: column 'to': expected a date after 'from', got '2019-01-01'
bad/dep.csv:4: column 'kind': expected permanent, rotational, temporary or support, got 'sometimes'"
check_eq "bad generic rows change nothing" "$(db_digest)" "$before"
run import --format nonsense bad/dep.csv
check_rc "an unknown format is a usage error" 2

# ---- generic deployments: missions created, idempotent ----
sed -i '3,4d' bad/dep.csv
cp bad/dep.csv fra.csv
run import --format deployments fra.csv
check_rc "generic import" 0
run export ex1
check_contains "the mission is created, hosted where deployed" "$(cat ex1/missions.csv)" "BARKHANE,,,MLI,,"
check_contains "the source names file (its full path) and line" "$(cat ex1/deployments.csv)" "deployments:$(pwd -P)/fra.csv:2"
d1=$(db_digest)
run import --format deployments fra.csv
check_eq "generic re-import is idempotent" "$(db_digest)" "$d1"

# ---- a public import updates the scenario: stored sourcing runs are kept ----
run --db keep.db init
run --db keep.db import "$MUSTER_SRC/tests/source/basic"
run --db keep.db source
check_rc "a run to keep" 0
run --db keep.db import --format deployments fra.csv
check_rc "public import over a sourced scenario" 0
run --db keep.db runs --format csv
check_eq "the run is still stored" "$(printf '%s\n' "$out" | cut -d, -f1,5 | tail -n +2)" "1,fast"
run --db keep.db runs --format csv
check_eq "and is stale: the deployments changed" "$(printf '%s\n' "$out" | cut -d, -f1,13,14 | tail -n +2)" "1,1,yes"
run --db keep.db check --run 1
check_rc "so check refuses it" 1
check_contains "and says so" "$err" "muster: run 1 is stale: computed on revision 1, the scenario is at revision 2 (1 revision later); it cannot be checked"
run --db keep.db source
run --db keep.db check
check_contains "a new run checks" "$out" "run 2 (fast,"

# ---- real data ----
if [ ! -f "$UN" ] || [ ! -f "$US" ]; then
	ok "# SKIP shared data not found at $DATA"
	done_testing
	exit
fi
run import --format un-contributions "$UN"
check_rc "import the UN contributions file" 0
d1=$(db_digest)
run import --format un-contributions "$UN"
check_eq "UN re-import: same database digest" "$(db_digest)" "$d1"
run import --format us-personnel "$US"
check_rc "import the US personnel file" 0
d2=$(db_digest)
run import --format us-personnel "$US"
check_eq "US re-import: same database digest" "$(db_digest)" "$d2"
check_eq "the generic rows survive both imports" "$(grep -c "deployments:$(pwd -P)/fra.csv" <("$MUSTER" export ex2 >/dev/null && cat ex2/deployments.csv))" 1

run export ex
check_contains "UN missions are created with their host (MINUSCA from the monthly totals)" \
	"$(cat ex/missions.csv)" "MINUSCA,,UN,CAF,,"
while IFS= read -r line; do
	case "$line" in
	"ok "*) ok "${line#ok }" ;;
	*) not_ok "${line#not ok }" ;;
	esac
done < <(python3 "$E/check_totals.py" ex "$DATA")
done_testing
