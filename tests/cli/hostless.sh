#!/usr/bin/env bash
# hostless.sh: missions with no host (issue 14). A mission created from
# deployment rows in several countries without --host has host NULL in the
# store, "-" in tables, null in JSON and an empty cell in an export, which
# imports back unchanged; an empty host is accepted only for a mission that
# needs none (no requirement, no in-host phase), else a located error that
# changes nothing; --host still names the host.
. "$(dirname "$0")/lib.sh"

cat >"$T/d.csv" <<'EOF'
nation,country,mission,personnel,from,to
USA,DEU,FWD,100,2020-01-01,2021-01-01
USA,JPN,FWD,200,2020-01-01,2021-01-01
USA,KOR,,50,2020-01-01,2021-01-01
EOF
run import --format deployments "$T/d.csv"
check_rc "a new mission in two countries without --host imports" 0
check_eq "... with host NULL in the store" "$(db_sql "SELECT count(*) FROM missions WHERE code = 'FWD' AND host IS NULL")" 1
run show missions
check_contains "... '-' in the table" "$out" "FWD                       -"
run show missions --format json
check_contains "... null in JSON" "$out" '"code": "FWD", "name": null, "organization": null, "host": null'
run show missions --format csv
check_eq "... an empty cell in CSV" "$out" "code,name,organization,host,from,to
FWD,,,,,"
run posture --on 2020-06-01 --by mission --format csv
check_contains "... neither in nor out of host in the posture" "$out" "FWD,300,0,0,300,0,0"

run export "$T/out"
check_rc "export" 0
check_eq "... writes an empty host cell" "$(cat "$T/out/missions.csv")" "code,name,organization,host,from,to
FWD,,,,,"
second=$(pg_target second)
MUSTER_DB=$second run import "$T/out"
check_rc "the export imports into a fresh database" 0
MUSTER_DB=$second run export "$T/out2"
check_rc "... and exports again" 0
if diff -r "$T/out" "$T/out2" >"$T/.diff"; then ok "... the same files (round trip)"; else
	not_ok "... the same files (round trip)" "$(head -20 "$T/.diff")"
fi

# an all-scope phase needs no host
mkdir "$T/ok"
cp "$T/out/"*.csv "$T/ok/"
printf 'mission,phase,from,to,ceiling,scope\nFWD,P1,2020-01-01,,250,all\n' >"$T/ok/phases.csv"
third=$(pg_target third)
MUSTER_DB=$third run import "$T/ok"
check_rc "a mission with no host and an 'all' phase imports" 0
MUSTER_DB=$third run check
check_contains "... its ceiling is checked" "$out" "posture-ceiling  FWD phase P1"

# a mission that needs a host: a located error, nothing changed
before=$(db_digest)
mkdir "$T/req" "$T/inhost"
cp "$T/out/"*.csv "$T/req/"
cp "$T/out/"*.csv "$T/inhost/"
printf 'code\nHELO\n' >"$T/req/capabilities.csv"
printf 'mission,line,capability,units,personnel,from,to\nFWD,L1,HELO,1,10,2020-01-01,2020-06-01\n' \
	>"$T/req/requirements.csv"
run validate "$T/req"
check_rc "a mission with requirements and no host is refused" 1
check_contains "... on its line and column" "$err" \
	"missions.csv:2: column 'host': expected a country code: the mission has requirements (line 'L1')"
run import "$T/req" --update
check_rc "... import --update refuses it" 1
printf 'mission,phase,from,to,ceiling,scope\nFWD,P1,2020-01-01,,250,in-host\n' >"$T/inhost/phases.csv"
run import "$T/inhost" --update
check_rc "a mission with an in-host phase and no host is refused" 1
check_contains "... on its line and column" "$err" \
	"missions.csv:2: column 'host': expected a country code: phase 'P1' of the mission is scoped to its host (in-host)"
check_eq "bad input changed nothing" "$(db_digest)" "$before"

# --host still names the host
sed 's/,FWD,/,FW2,/' "$T/d.csv" >"$T/d2.csv"
run import --format deployments "$T/d2.csv" --source two --host DEU
check_rc "--host DEU" 0
run show missions --format csv --mission FW2
check_contains "... hosted in DEU" "$out" "FW2,,,DEU,,"
run set missions FWD host=JPN
check_rc "a host can be given later" 0
check_eq "... and is stored" "$(db_sql "SELECT host FROM missions WHERE code = 'FWD'")" JPN

# a database of schema 5 (host NOT NULL) migrates (6: host nullable), its missions kept
export MUSTER_DB=$(pg_target old)
run import --format deployments "$T/d2.csv" --host DEU
check_rc "a database with a hosted mission" 0
if on_pg; then
	db_sql "ALTER TABLE missions ALTER COLUMN host SET NOT NULL; UPDATE muster_schema SET version = 5" >/dev/null
	notnull() { db_sql "SELECT is_nullable FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'missions' AND column_name = 'host'"; }
	version() { db_sql "SELECT version FROM muster_schema"; }
	check_eq "... made schema 5, host NOT NULL" "$(notnull)" NO
else
	db_sql "CREATE TABLE m5 (ord INTEGER PRIMARY KEY, code TEXT NOT NULL, name TEXT, organization TEXT, host TEXT NOT NULL, from_day INTEGER, to_day INTEGER, version INTEGER NOT NULL DEFAULT 1); INSERT INTO m5 SELECT * FROM missions; DROP TABLE missions; ALTER TABLE m5 RENAME TO missions; CREATE UNIQUE INDEX missions_key ON missions (code); PRAGMA user_version = 5"
	notnull() { db_sql "SELECT CASE \"notnull\" WHEN 1 THEN 'NO' ELSE 'YES' END FROM pragma_table_info('missions') WHERE name = 'host'"; }
	version() { db_sql "PRAGMA user_version"; }
	check_eq "... made schema 5, host NOT NULL" "$(notnull)" NO
fi
run show missions --format csv
check_rc "... opens" 0
check_contains "... its mission kept" "$out" "FW2,,,DEU,,"
check_eq "... migrated to schema 7" "$(version)" 7
check_eq "... host nullable" "$(notnull)" YES
run import --format deployments "$T/d.csv" --source three
check_rc "... then takes a mission with no host" 0
check_eq "... stored as NULL" "$(db_sql "SELECT count(*) FROM missions WHERE code = 'FWD' AND host IS NULL")" 1

done_testing
