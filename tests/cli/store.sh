#!/usr/bin/env bash
# store.sh: data safety of the store (issue 9, items 16, 17, 19, 20, 21):
# scenario revisions and stale runs, a run whose scenario changed while it
# was solved is not stored, rows edited outside muster are refused on load,
# read commands on a read-only database, no non-finite number is stored and
# every JSON output parses.
. "$(dirname "$0")/lib.sh"
EX="$MUSTER_SRC/examples/nmi-2021"
S="$MUSTER_SRC/tests/source"
nruns() { db_sql "select count(*) from run"; }

# ---- item 16: revisions, stale runs ----
run import "$EX"
check_rc "import the example" 0
check_eq "the first import is revision 1" "$(db_sql "select rev from revision where scenario = ''")" 1
run source
check_rc "source" 0
id=$(db_sql "select max(id) from run")
check_eq "the run stores the revision it was solved on" \
	"$(db_sql "select revision from run where id = $id")" 1
run runs --format csv
check_eq "runs: revision and stale columns" "$(printf '%s\n' "$out" | cut -d, -f1,13,14)" \
	"id,revision,stale
$id,1,no"
run import --replace "$EX"
check_rc "re-import of the same scenario" 0
check_eq "stores nothing new: still revision 1" \
	"$(db_sql "select rev from revision where scenario = ''")" 1
run posture
check_eq "a current run: no warning" "$err" ""
run import --replace "$S/basic"
check_rc "import --replace of another scenario" 0
check_contains "says the runs are now stale" "$out" "1 stored sourcing run is stale (kept; see 'muster runs')"
check_eq "import --replace keeps the runs" "$(nruns)" 1
run runs --format json
check_rc "runs --format json" 0
check_eq "runs json says stale" "$(printf '%s' "$out" | python3 -c 'import json,sys; r=json.load(sys.stdin)[0]; print(r["revision"], r["stale"])')" "1 yes"
run posture
check_rc "posture on a stale run still works" 0
check_eq "and warns" "$err" \
	"muster: warning: run $id is stale: computed on revision 1, the scenario is at revision 2 (1 revision later); run 'muster source' again"
run check
check_rc "check of a stale run fails" 1
check_eq "and says why" "$err" \
	"muster: warning: run $id is stale: computed on revision 1, the scenario is at revision 2 (1 revision later); run 'muster source' again
muster: run $id is stale: computed on revision 1, the scenario is at revision 2 (1 revision later); it cannot be checked against a scenario it was not solved on"
run whatif new w
run --scenario w source
check_rc "source a what-if" 0
wid=$(db_sql "select max(id) from run")
run whatif add w "offer withdraw id=USA-INF"
check_rc "a what-if edit" 0
run runs --format csv
check_eq "a what-if edit makes only the what-if's runs stale" \
	"$(printf '%s\n' "$out" | cut -d, -f1,3,14 | tail -n 1)" "$wid,w,yes"
run source
bid=$(db_sql "select max(id) from run")
run runs --base --format csv
check_eq "the base's new run is current" "$(printf '%s\n' "$out" | cut -d, -f1,14 | tail -n 1)" "$bid,no"
run whatif diff base w
check_rc "whatif diff with a stale what-if run" 0
check_contains "notes that it is stale" "$out
$err" "note: w: run $wid is stale: computed on revision"
run rotation --dwell 2
check_eq "rotation reads a current run: no warning" "$err" ""

# The concurrent case, made deterministic: `source --write-lp FIFO` blocks
# after loading the scenario until the FIFO is read; once it waits there the
# scenario is replaced; the run must not be stored.
mkfifo lp.fifo
before=$(nruns)
rev0=$(db_sql "select rev from revision where scenario = ''")
"$MUSTER" source --exact --write-lp lp.fifo >src.out 2>src.err &
pid=$!
wait_until "source loaded the scenario and waits on the FIFO" fifo_writer_waits "$pid"
"$MUSTER" import --replace "$EX" >/dev/null 2>&1
cat lp.fifo >/dev/null
wait "$pid"
rc=$?
check_rc "source while the scenario is replaced: exit 1" 1
rev=$(db_sql "select rev from revision where scenario = ''")
check_eq "it says so" "$(cat src.err)" \
	"muster: the scenario changed while sourcing (revision $rev0 -> $rev); the run was not stored; run 'muster source' again"
check_eq "no run was stored" "$(nruns)" "$before"

# ---- item 19: rows read back are bounds-checked; CHECK constraints ----
export MUSTER_DB="$T/edit.db"
run import "$S/basic"
check_rc "import for the edits" 0
run export good
digest_good=$(cat good/*.csv | sha256sum)
# edit_db NAME SQL EXPECTED_ERROR: a hand edit past the CHECK constraints is
# refused on load by source, export and show, which exit 1 and write nothing.
edit_db() {
	local name=$1 sql=$2 want=$3
	cp "$MUSTER_DB" "$T/edit.bak"
	db_sql "PRAGMA ignore_check_constraints = ON; $sql"
	local before
	before=$(nruns)
	run source
	check_rc "$name: source exits 1" 1
	check_eq "$name: source says where and what" "$err" "muster: $want"
	check_eq "$name: no run stored" "$(nruns)" "$before"
	rm -rf "$T/out.$name"
	run export "$T/out.$name"
	check_rc "$name: export exits 1" 1
	check_eq "$name: export writes nothing" "$(ls -A "$T/out.$name" 2>/dev/null | wc -l)" 0
	run posture
	check_rc "$name: posture exits 1" 1
	cp "$T/edit.bak" "$MUSTER_DB"
}
edit_db "personnel -2" "update offers set personnel = -2 where id = 'USA-INF'" \
	"database '$MUSTER_DB': table offers, row 1: column 'personnel': expected a whole number from 1 to 1000000000, got '-2'"
edit_db "to before from" "update offers set to_day = from_day - 10 where id = 'USA-INF'" \
	"database '$MUSTER_DB': table offers, row 1: column 'to': expected a date after 'from' (2021-01-01), got '2020-12-22'"
edit_db "to 2^31-1" "update offers set to_day = 2147483647 where id = 'USA-INF'" \
	"database '$MUSTER_DB': table offers, row 1: column 'to': expected a date from 1900-01-01 to 9999-12-31 (a day number from -25567 to 2932896), got '2147483647'"
edit_db "from -2^31" "update deployments set from_day = -2147483648 where ord = (select min(ord) from deployments)" \
	"database '$MUSTER_DB': table deployments, row 1: column 'from': expected a date from 1900-01-01 to 9999-12-31 (a day number from -25567 to 2932896), got '-2147483648'"
edit_db "priority 9" "update requirements set priority = 9" \
	"database '$MUSTER_DB': table requirements, row 1: column 'priority': expected a whole number from 1 to 5, got '9'"
edit_db "an unknown status" "update offers set status = 'maybe' where id = 'USA-INF'" \
	"database '$MUSTER_DB': table offers, row 1: column 'status': expected offered, accepted or withdrawn, got 'maybe'"
edit_db "a text count" "update caps set \"limit\" = 'lots'" \
	"database '$MUSTER_DB': table caps, row 1: column 'limit': expected a whole number from 0 to 1000000000, got 'lots'"
edit_db "an unknown nation" "update offers set nation = 'ZZZ' where id = 'USA-INF'" \
	"database '$MUSTER_DB': the stored scenario is not valid: scenario has 1 problem
offers.csv: offer 'USA-INF': column 'nation': unknown nation 'ZZZ' (not an ISO 3166-1 alpha-3 code, not in nations.csv)"
# a stored run's rows and figures are checked too
run source
rid=$(db_sql "select max(id) from run")
cp "$MUSTER_DB" "$T/edit.bak"
db_sql "update run_assignment set to_day = 2147483646 where ord = (select min(ord) from run_assignment where run = $rid)"
run posture
check_rc "a run row dated past 9999: posture exits 1" 1
check_eq "and says which row" "$err" \
	"muster: database '$MUSTER_DB': run $rid, assignment 1: expected units >= 1, counts >= 0 and dates from < to within 1900-01-01 .. 9999-12-31"
cp "$T/edit.bak" "$MUSTER_DB"
db_sql "update run set objective = -9e999 where id = $rid"
run runs --format json
check_rc "a stored objective of -inf: runs exits 1" 1
check_eq "and says so (never invalid JSON)" "$err" \
	"muster: database '$MUSTER_DB': run $rid: column 'objective': expected a finite number, got '-inf'"
cp "$T/edit.bak" "$MUSTER_DB"
run export again
check_eq "the database is as it was" "$(cat again/*.csv | sha256sum)" "$digest_good"
# without the pragma, the schema refuses the same edits
for sql in "update offers set personnel = -2" "update offers set to_day = from_day - 10" \
	"update offers set to_day = 2147483647" "update requirements set priority = 0" \
	"update offers set status = 'maybe'" "update deployments set kind = 'secret'" \
	"insert into keys (\"key\", nation, value) values ('k', 'USA', -1)" "update caveats set hard = 2"; do
	if db_sql "$sql" 2>/dev/null; then
		not_ok "CHECK refuses: $sql"
	else
		ok "CHECK refuses: $sql"
	fi
done

# a version-1 database (made by the muster before revisions) migrates with
# its rows; its run was solved on an unrecorded revision: stale
export MUSTER_DB="$T/v1.db"
sqlite3 "$MUSTER_DB" <"$MUSTER_SRC/tests/cli/data/store-v1.sql"
run export v1out
check_rc "a version-1 database migrates" 0
check_eq "with every row" "$(cat v1out/*.csv | sha256sum)" "$digest_good"
check_eq "to schema 7" "$(db_sql "pragma user_version")" 7
run runs --format csv
check_eq "its run is kept, stale (revision 0: not recorded)" "$(printf '%s\n' "$out" | cut -d, -f1,13,14 | tail -n 1)" "1,0,yes"
db_sql "PRAGMA ignore_check_constraints = ON; update offers set personnel = -2"
run show offers
check_eq "bounds hold on the migrated tables too" "$err" \
	"muster: database '$MUSTER_DB': table offers, row 1: column 'personnel': expected a whole number from 1 to 1000000000, got '-2'"

# ---- item 17: public imports identify a file by its full path or --source ----
export MUSTER_DB="$T/pub.db"
run import "$S/basic"
mkdir -p a b
printf 'nation,country,mission,personnel,from,to,kind\nFRA,MLI,BARKHANE,5100,2014-08-01,2022-08-15,rotational\n' >a/dep.csv
printf 'nation,country,mission,personnel,from,to,kind\nDEU,MLI,MINUSMA,900,2016-01-01,2023-12-31,rotational\n' >b/dep.csv
deps() { db_sql "select nation || ' ' || source from deployments where source like 'deployments:%' order by ord"; }
here=$(pwd -P)
run import --format deployments a/dep.csv
check_rc "import a/dep.csv" 0
run import --format deployments b/dep.csv
check_rc "import b/dep.csv, the same base name from another folder" 0
check_eq "adds to the first file's rows, never deletes them" "$(deps)" \
	"FRA deployments:$here/a/dep.csv:2
DEU deployments:$here/b/dep.csv:2"
d=$(db_digest)
run import --format deployments a/dep.csv
check_rc "a re-import of a/dep.csv" 0
check_eq "is idempotent (the database unchanged, no new revision)" "$(db_digest)" "$d"
run import --format deployments "$here/a/../a/dep.csv"
check_eq "the same file by another path is the same file" "$(db_digest)" "$d"
run import --format deployments --source feed a/dep.csv
run import --format deployments --source feed b/dep.csv
check_rc "--source NAME" 0
check_eq "the same --source again replaces its rows, wherever the file is" \
	"$(db_sql "select nation || ' ' || source from deployments where source like 'deployments:feed:%'")" \
	"DEU deployments:feed:2"
run import --source feed "$S/basic"
check_rc "--source without --format is a usage error" 2
run import --format deployments --source "" a/dep.csv
check_rc "an empty --source is a usage error" 2
# rows an older muster stored under the base name alone are not guessed at
db_sql "update deployments set source = 'deployments:dep.csv:2' where source = 'deployments:$here/a/dep.csv:2'"
d=$(db_digest)
run import --format deployments b/dep.csv
check_rc "base-name rows of an older muster: exit 1" 1
check_eq "and says what to do" "$err" "muster: 'b/dep.csv': the database holds deployments imported from a file named 'dep.csv' under that name alone (source 'deployments:dep.csv:2'); they may be this file's or another's of the same name; add --source dep.csv to replace them, or --source NAME (another name) to keep them and add these"
check_eq "and changes nothing" "$(db_digest)" "$d"
run import --format deployments --source dep.csv a/dep.csv
check_rc "--source dep.csv replaces them" 0
check_eq "once" "$(db_sql "select count(*) from deployments where source like 'deployments:dep.csv:%'")" 1

# ---- item 20: read commands on a read-only database and folder ----
# As root, chmod stops no write: the commands then run as nobody.
AS=""
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null && getent passwd nobody >/dev/null; then
		AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
	else
		AS=none
	fi
fi
run_as() {
	out=$($AS "$MUSTER" "$@" 2>"$T/.stderr"); rc=$?
	err=$(cat "$T/.stderr")
}
if [ "$AS" = none ]; then
	ok "# SKIP running as root without setpriv or a nobody user: chmod cannot stop root's writes"
else
	chmod 0755 "$T"
	mkdir -m 0777 "$T/ro-out"
	for mode in file folder; do
		mkdir -p "$T/ro-$mode"
		export MUSTER_DB="$T/ro-$mode/ro.db"
		run import "$EX"
		run source
		run whatif new w
		[ -e "$MUSTER_DB-wal" ] && not_ok "$mode: no -wal file left by the writers"
		if [ "$mode" = file ]; then
			chmod 0444 "$MUSTER_DB"
			chmod 0755 "$T/ro-$mode"
		else
			chmod 0644 "$MUSTER_DB"
			chmod 0555 "$T/ro-$mode"
		fi
		sum=$(sha256sum <"$MUSTER_DB")
		for c in "show offers" "show lines --format json" "posture" "posture --check" "runs" \
			"runs --format json" "fairshare --mission NMI --key gdp" "rotation --dwell 2" \
			"whatif list" "whatif show w" "whatif diff base w" "--scenario w show offers" \
			"validate $EX" "export $T/ro-out/ex-$mode" "report --html $T/ro-out/r-$mode.html"; do
			# shellcheck disable=SC2086
			run_as $c
			check_rc "read-only $mode: $c" 0
		done
		run_as check
		check_rc "read-only $mode: check (the run obeys the contract: exit 0)" 0
		check_contains "read-only $mode: check's verdicts" "$out" \
			"against caps, deadlines and ceilings: 2 caps, 1 deadline, 1 mission's phase ceilings checked, 1 breach"
		for c in "source" "import --replace $EX" "whatif new x" "whatif add w offer withdraw id=CAN-ADV" \
			"import --format deployments $T/a/dep.csv"; do
			# shellcheck disable=SC2086
			run_as $c
			check_rc "read-only $mode: $c fails" 1
			check_eq "read-only $mode: $c says why" "$err" \
				"muster: $MUSTER_DB: the database is read-only (the file or its folder is not writable); nothing was changed"
		done
		check_eq "read-only $mode: the database is unchanged" "$(sha256sum <"$MUSTER_DB")" "$sum"
		check_eq "read-only $mode: no -wal or -shm made" "$(ls -A "$T/ro-$mode")" "ro.db"
		chmod 0755 "$T/ro-$mode"
		chmod 0644 "$MUSTER_DB"
	done
	# a version-1 database that cannot be written cannot be migrated: said so
	export MUSTER_DB="$T/ro-out/v1.db"
	sqlite3 "$MUSTER_DB" <"$MUSTER_SRC/tests/cli/data/store-v1.sql"
	chmod 0444 "$MUSTER_DB"
	run_as show offers
	check_rc "a read-only version-1 database: exit 1" 1
	check_eq "it says it needs an upgrade" "$err" \
		"muster: $MUSTER_DB: the database has schema version 1 and needs an upgrade to 7, which needs write access (it is read-only)"
	chmod 0700 "$T"
fi

# ---- item 21: no non-finite number is stored; every JSON output parses ----
export MUSTER_DB="$T/json.db"
run import "$EX"
for w in 1e308 inf -inf nan 1000001 -1; do
	run source --fair-weight "$w"
	check_rc "--fair-weight $w is refused" 2
	check_eq "--fair-weight $w: the message" "$err" "muster source: option '--fair-weight': expected a number from 0 to 1000000, got '$w'
see 'muster source --help'"
done
for t in inf nan 1e308 0; do
	run source --time-limit "$t"
	check_rc "--time-limit $t is refused" 2
done
for o in "--floor 1e999" "--floor nan" "--ceiling inf" "--time-limit inf"; do
	run fairshare --mission NMI --key gdp $o
	check_rc "fairshare $o is refused" 2
done
check_eq "no run was stored" "$(nruns)" 0
run source --fair-weight 1000000
check_rc "the largest weight sources" 0
check_eq "and stores finite figures" \
	"$(db_sql "select count(*) from run where abs(objective) < 1e300 and abs(bound) < 1e300 and abs(gap) < 1e300")" 1
run source --exact --out src-out
run whatif new w
run whatif add w "offer withdraw id=CAN-ADV"
run --scenario w source
# json_ok NAME ARGS...: `muster ARGS` exits 0 (or $want_rc) and prints valid JSON.
json_ok() {
	local name=$1
	shift
	run "$@"
	if [ "$rc" -ne "${want_rc:-0}" ]; then
		not_ok "json: $name" "exit code $rc" "stderr: $err"
	elif ! printf '%s' "$out" | python3 -m json.tool >/dev/null 2>"$T/.json"; then
		not_ok "json: $name" "$(cat "$T/.json")" "$(printf '%s' "$out" | head -c 400)"
	else
		ok "json: $name"
	fi
}
for what in missions phases capabilities lines offers caveats caps deployments nations keys; do
	json_ok "show $what" show "$what" --format json
done
json_ok "show nations --all" show nations --all --format json
json_ok "source" source --format json
json_ok "source --fair-weight 2" source --fair-weight 2 --format json
json_ok "runs" runs --format json
for by in nation country region mission; do
	json_ok "posture --by $by" posture --by "$by" --format json
done
json_ok "posture --check" posture --check --format json
json_ok "check" check --format json
want_rc=1 json_ok "check --strict (the example breaches a deadline: exit 1)" check --strict --format json
json_ok "fairshare" fairshare --mission NMI --key gdp --format json
json_ok "fairshare --tradeoff" fairshare --mission NMI --key gdp --tradeoff --format json
json_ok "rotation" rotation --dwell 2 --format json
json_ok "whatif list" whatif list --format json
json_ok "whatif diff" whatif diff base w --format json
json_ok "whatif diff --all" whatif diff base w --all --format json
json_ok "a what-if's runs" --scenario w runs --format json

done_testing
