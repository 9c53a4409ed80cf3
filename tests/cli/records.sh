#!/usr/bin/env bash
# records.sh: single-record edits (add, set, rm, offer), versions and
# conflicts, assigned ids, the audit log (history) and its tamper check
# (issue 10 items 1-3 and 5; DESIGN.md section 11).
. "$MUSTER_SRC/tests/cli/lib.sh"
example="$MUSTER_SRC/examples/nmi-2021"

# The scenario as `muster export` writes it, one digest.
exp_digest() {
	rm -rf "$T/.exp" && "$MUSTER" export "$T/.exp" >/dev/null 2>&1 && cat "$T/.exp"/*.csv | sha256sum | cut -d' ' -f1
}
# Field VALUE of the last `--format csv` record output: field NAME.
field() {
	printf '%s\n' "$out" | awk -F, -v f="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == f) c = i }
		NR == 2 { print $c }'
}
# An edit that must fail and change nothing: NAME RC STDERR ARGS...
refused() {
	local name=$1 want_rc=$2 want_err=$3 d e
	shift 3
	d=$(db_digest)
	e=$(exp_digest)
	run "$@"
	check_rc "$name: exit $want_rc" "$want_rc"
	check_eq "$name: the message" "$err" "$want_err"
	check_eq "$name: the database is unchanged" "$(db_digest)" "$d"
	check_eq "$name: the scenario is unchanged" "$(exp_digest)" "$e"
}

run import "$example"
check_rc "import the example" 0

# ---- set ----
# alice is a planner of the database (--as names a user, whose role applies)
echo "alice-password" | "$MUSTER" user add alice --role planner >/dev/null
run --as alice set offers CAN-ADV units=3 --reason "pledge raised at the FGC" --format csv
check_rc "set offers CAN-ADV units=3" 0
check_eq "... prints the record with its new value" "$(field units)" 3
check_eq "... at version 2" "$(field version)" 2
run set offers CAN-ADV units=3
check_rc "set to the same value: exit 0" 0
check_eq "... says nothing changed" "$err" "muster: offers 'CAN-ADV' already had those values; nothing changed"
run show offers --format csv
check_contains "show sees the change" "$out" "CAN-ADV,CAN,ADV-TEAM,3,12,"

refused "a bad value" 1 "muster: offers: 1 bad value; nothing was changed
offers 'CAN-ADV': column 'units': expected a whole number >= 1, got 'two'" set offers CAN-ADV units=two
refused "a bad date" 1 "muster: offers: 1 bad value; nothing was changed
offers 'CAN-ADV': column 'from': expected a date YYYY-MM-DD, got '2021-02-30'" set offers CAN-ADV from=2021-02-30
refused "an unknown field" 2 "muster set: offers has no field 'unts'; did you mean 'units'?
see 'muster set --help'" set offers CAN-ADV unts=2
refused "an unknown entity" 2 "muster set: unknown entity 'offer'; did you mean 'offers'?
see 'muster set --help'" set offer CAN-ADV units=2
refused "an unknown key" 1 "muster: offers: no record 'CAN-ADX'; did you mean 'CAN-ADV'?" set offers CAN-ADX units=2
refused "a key field" 2 "muster set: offers: field 'id' is part of the key and cannot be changed; remove the record and add a new one
see 'muster set --help'" set offers CAN-ADV id=CAN-ADV-2
refused "not FIELD=VALUE" 2 "muster set: expected FIELD=VALUE, got 'units'
see 'muster set --help'" set offers CAN-ADV units
refused "an unknown reference (validated with the scenario)" 1 "muster: offers 'CAN-ADV': the change would make the scenario invalid: scenario has 1 problem
offers.csv: offer 'CAN-ADV': column 'mission': unknown mission 'XXX' (not in missions.csv)" set offers CAN-ADV mission=XXX
refused "overlapping phases" 1 "muster: phases 'NMI:P1-growth': the change would make the scenario invalid: scenario has 1 problem
phases.csv: phase 'P2-growth' of 'NMI': column 'from': phase 'P2-growth' of mission 'NMI' overlaps phase 'P1-growth' (2021-03-01 to 2021-08-01)" set phases NMI:P1-growth to=2021-08-01
refused "a stale version" 1 "muster: offers 'CAN-ADV' is at version 2, not 1: it changed meanwhile; nothing was changed
hint: see it with 'muster history offers CAN-ADV', then retry with --if-version of the current version" set offers CAN-ADV units=4 --if-version 1
refused "a bad --if-version" 2 "muster set: option '--if-version': expected a version >= 1, got '0'
see 'muster set --help'" set offers CAN-ADV units=4 --if-version 0

# composite keys
run set requirements NMI:HQ-1 units=2 --format csv
check_eq "set requirements NMI:HQ-1 (mission:line)" "$rc $(field units) $(field version)" "0 2 2"
run set phases NMI:P1-growth ceiling=1100 --format csv
check_eq "set phases NMI:P1-growth (mission:phase)" "$rc $(field ceiling) $(field version)" "0 1100 2"
run set keys gdp-2020:USA value=21000 --format csv
check_eq "set keys gdp-2020:USA (key:nation)" "$rc $(field value) $(field version)" "0 21000 2"
run set offers CAN-ADV units=4 --if-version 2 --format json
check_rc "set --if-version of the current version" 0
check_contains "... JSON with the version" "$out" '"version": 3,'
check_contains "... and the record" "$out" '"units": "4",'

# ---- two processes on the same record: one wins, the other gets a conflict ----
"$MUSTER" set offers CAN-ADV units=5 --if-version 3 >"$T/a.out" 2>"$T/a.err" &
pa=$!
"$MUSTER" set offers CAN-ADV units=6 --if-version 3 >"$T/b.out" 2>"$T/b.err" &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
check_eq "two writers at version 3: one succeeds, one fails" "$((ra + rb)) $((ra * rb))" "1 0"
if [ "$ra" -eq 0 ]; then won=5; lost="$T/b.err"; else won=6; lost="$T/a.err"; fi
check_eq "... the loser is told the current version" "$(head -1 "$lost")" \
	"muster: offers 'CAN-ADV' is at version 4, not 3: it changed meanwhile; nothing was changed"
run show offers --format csv
check_contains "... the winner's change is kept" "$out" "CAN-ADV,CAN,ADV-TEAM,$won,12,"

# ---- add: assigned ids, stable across export and import ----
run add caps nation=DEU country=IRQ limit=120 from=2021-03-01 "note=Bundestag mandate" --format csv
check_rc "add caps without an id" 0
check_eq "... gets NATION-COUNTRY-N" "$(field id) $(field version)" "DEU-IRQ-1 1"
run add caps nation=DEU country=IRQ limit=150 from=2021-03-01 --format csv
check_eq "a second one gets N = 2" "$(field id)" "DEU-IRQ-2"
run add deployments nation=DEU country=IRQ personnel=100 from=2021-03-01 --format csv
check_eq "add deployments without an id gets dNNNN" "$rc $(field id)" "0 d0001"
refused "a duplicate id" 1 "muster: offers 'CAN-ADV': the change would make the scenario invalid: scenario has 1 problem
offers.csv: offer 'CAN-ADV': column 'id': duplicate offer 'CAN-ADV'" add offers id=CAN-ADV nation=CAN capability=ADV-TEAM units=1 personnel=5 from=2021-03-01
refused "a missing required field" 1 "muster: offers: 1 bad value; nothing was changed
offers: column 'personnel': expected a whole number >= 1, got ''" add offers id=CAN-NEW nation=CAN capability=ADV-TEAM units=1 from=2021-03-01
run export "$T/e1"
check_contains "export writes the assigned cap id" "$(cat "$T/e1/caps.csv")" "DEU-IRQ-1,DEU,IRQ,120,2021-03-01,,Bundestag mandate"
check_contains "... and the deployment's" "$(cat "$T/e1/deployments.csv")" "d0001,DEU,IRQ,,100,2021-03-01"
MUSTER_DB="$T/second.db" "$MUSTER" import "$T/e1" >/dev/null
MUSTER_DB="$T/second.db" "$MUSTER" export "$T/e2" >/dev/null
check_eq "import keeps them (export -> import -> export identical)" "$(cat "$T/e2"/*.csv | sha256sum)" "$(cat "$T/e1"/*.csv | sha256sum)"

# ---- rm ----
refused "rm of a caveat an offer names" 1 "muster: caveats 'USA-NOT-IRQ': the change would make the scenario invalid: scenario has 5 problems
offers.csv: offer 'USA-LOG-KWT': column 'caveats': unknown caveat 'USA-NOT-IRQ' (not in caveats.csv)
offers.csv: offer 'USA-AIR-KWT': column 'caveats': unknown caveat 'USA-NOT-IRQ' (not in caveats.csv)
offers.csv: offer 'USA-MED-KWT': column 'caveats': unknown caveat 'USA-NOT-IRQ' (not in caveats.csv)
offers.csv: offer 'USA-TRG-KWT': column 'caveats': unknown caveat 'USA-NOT-IRQ' (not in caveats.csv)
offers.csv: offer 'USA-FP': column 'caveats': unknown caveat 'USA-NOT-IRQ' (not in caveats.csv)" rm caveats USA-NOT-IRQ
refused "rm at a stale version" 1 "muster: caps 'DEU-IRQ-2' is at version 1, not 7: it changed meanwhile; nothing was changed
hint: see it with 'muster history caps DEU-IRQ-2', then retry with --if-version of the current version" rm caps DEU-IRQ-2 --if-version 7
run rm caps DEU-IRQ-2 --reason "duplicate"
check_eq "rm caps DEU-IRQ-2" "$rc $out" "0 removed caps 'DEU-IRQ-2' (it was at version 1); scenario revision 11"
run show caps --format csv
check_eq "... it is gone" "$(printf '%s\n' "$out" | grep -c DEU-IRQ-2)" 0

# ---- offer lifecycle ----
run offer withdraw HUN-FP --on 2021-04-01 --reason "parliament did not renew the mandate" --format csv
check_eq "offer withdraw HUN-FP" "$rc $(field status) $(field version)" "0 withdrawn 2"
run offer reopen HUN-FP --format csv
check_eq "offer reopen HUN-FP" "$rc $(field status)" "0 offered"
run offer accept HUN-FP --format csv
check_eq "offer accept HUN-FP" "$rc $(field status) $(field version)" "0 accepted 4"
refused "offer with a bad verb" 2 "muster offer: expected accept, withdraw or reopen, got 'take'
see 'muster offer --help'" offer take HUN-FP
refused "offer --on a bad date" 2 "muster offer: option '--on': expected a date YYYY-MM-DD, got '2021-13-01'
see 'muster offer --help'" offer withdraw HUN-FP --on 2021-13-01
refused "offer of an unknown id" 1 "muster: offers: no record 'HUN-FPX'; did you mean 'HUN-FP'?" offer withdraw HUN-FPX

# ---- history ----
run history offers HUN-FP --format csv
check_rc "history offers HUN-FP" 0
check_eq "... every change, oldest first, with op, reason and what changed" \
	"$(printf '%s\n' "$out" | cut -d, -f1,3-8 | sed 1d)" \
	"1,$(id -un),offers,HUN-FP,insert,,
12,$(id -un),offers,HUN-FP,update,on 2021-04-01: parliament did not renew the mandate,status offered -> withdrawn
13,$(id -un),offers,HUN-FP,update,,status withdrawn -> offered
14,$(id -un),offers,HUN-FP,update,,status offered -> accepted"
run history offers HUN-FP
check_contains "the table says what changed" "$(printf '%s\n' "$out" | tail -1)" "status offered -> accepted"
run history --actor alice --format csv
check_eq "history --actor alice: the change made --as alice" \
	"$(printf '%s\n' "$out" | cut -d, -f1,3-8 | sed 1d)" \
	"2,alice,offers,CAN-ADV,update,pledge raised at the FGC,units 2 -> 3"
run history offers CAN-ADV --format json
check_contains "history --format json has the record before" "$out" '"before": "{\"id\":\"CAN-ADV\",\"nation\":\"CAN\",\"capability\":\"ADV-TEAM\",\"units\":\"2\"'
run history caps DEU-IRQ-2 --format csv
check_eq "history of a removed record: insert and delete" "$(printf '%s\n' "$out" | cut -d, -f1,6 | sed 1d | tr '\n' ' ')" "9,insert 11,delete "
run history --since yesterday
check_eq "history --since a malformed time: exit 2" "$rc $err" "2 muster history: since 'yesterday': expected a time YYYY-MM-DD[THH:MM[:SS]] (UTC)
see 'muster history --help'"
run history --since 2999-01-01
check_eq "history with nothing in range says so" "$rc $out" "0 no changes recorded that match"
run history offer
check_rc "history of an unknown entity: exit 2" 2
check_contains "... with a suggestion" "$err" "unknown entity 'offer'; did you mean 'offers'?"
run history --format csv
check_eq "every change is one audit row (the import's records, then the edits)" \
	"$(printf '%s\n' "$out" | sed 1d | wc -l)" "$((188 + 13))"
d=$(db_digest)
run import --replace "$example"
run import --replace "$T/e1"
n_before=$(db_sql 'select count(*) from audit')
run import --replace "$T/e1"
check_eq "re-importing the same folder records nothing" "$(db_sql 'select count(*) from audit')" "$n_before"

# ---- the hash chain ----
run history --verify
check_eq "history --verify on an intact log" "$rc $out" "0 audit log intact: $n_before rows, hash chain verified"
tamper() { # NAME SQL EXPECTED-STDERR
	if _db_is_pg; then # edited in place, then put back
		db_sql "CREATE TABLE audit_kept AS SELECT * FROM audit; $2"
		run history --verify
		db_sql "DELETE FROM audit; INSERT INTO audit SELECT * FROM audit_kept; DROP TABLE audit_kept"
	else
		cp "$MUSTER_DB" "$T/tamper.db"
		sqlite3 "$T/tamper.db" "$2"
		run --db "$T/tamper.db" history --verify
	fi
	check_rc "tamper: $1: exit 1" 1
	check_eq "tamper: $1: names the first bad row" "$err" "$3"
}
tamper "an edited reason" "update audit set reason = 'typo' where seq = 200" \
	"muster: audit log: row 200 (seq 200, rev 13, offers 'HUN-FP') does not match its hash: it was edited, or a row before it was deleted or moved"
tamper "an edited actor" "update audit set actor = 'mallory' where seq = 2" \
	"muster: audit log: row 2 (seq 2, rev 1, nations 'IRQ') does not match its hash: it was edited, or a row before it was deleted or moved"
tamper "a deleted row" "delete from audit where seq = 199" \
	"muster: audit log: row 199 (seq 200, rev 13, offers 'HUN-FP') does not match its hash: it was edited, or a row before it was deleted or moved"
tamper "two rows swapped" "update audit set seq = -1 where seq = 199; update audit set seq = 199 where seq = 200; update audit set seq = 200 where seq = -1" \
	"muster: audit log: row 199 (seq 199, rev 13, offers 'HUN-FP') does not match its hash: it was edited, or a row before it was deleted or moved"
tamper "an edited record (after)" "update audit set after = replace(after, '\"units\":\"3\"', '\"units\":\"9\"') where seq = 189" \
	"muster: audit log: row 189 (seq 189, rev 2, offers 'CAN-ADV') does not match its hash: it was edited, or a row before it was deleted or moved"
run history --verify
check_eq "the real log is still intact" "$rc" 0

# ---- as of: export --as-of rN equals the export made at revision N ----
export MUSTER_DB=$(pg_target asofdb)
run import "$example"
snap() { rm -rf "$T/at-$1" && "$MUSTER" export "$T/at-$1" >/dev/null; }
snap 1
steps=(
	"set offers CAN-ADV units=3"
	"add caps nation=DEU country=IRQ limit=120 from=2021-03-01"
	"offer withdraw HUN-FP"
	"rm offers USA-FP"
	"add offers id=NEW-1 nation=CAN capability=ADV-TEAM units=1 personnel=5 from=2021-03-01"
	"set caps DEU-IRQ-1 limit=100"
	"rm caps DEU-IRQ-1"
	"set requirements NMI:HQ-1 units=2"
)
r=1
for s in "${steps[@]}"; do
	# shellcheck disable=SC2086
	"$MUSTER" $s >/dev/null
	r=$((r + 1))
	snap $r
done
run import --replace "$T/at-3" # a whole import, then one more edit
snap 10
"$MUSTER" set offers CAN-ADV units=5 >/dev/null
snap 11
for n in $(seq 1 11); do
	rm -rf "$T/asof"
	run --as-of "r$n" export "$T/asof"
	if [ "$rc" -eq 0 ] && diff -r "$T/asof" "$T/at-$n" >"$T/.d"; then ok "export --as-of r$n equals the export at revision $n"; else
		not_ok "export --as-of r$n equals the export at revision $n" "$err" "$(head -20 "$T/.d")"
	fi
done
t=$(db_sql "select at from audit where rev = 4")
rm -rf "$T/asof"
run --as-of "$t" export "$T/asof"
check_eq "--as-of a time: the records as they stood then" "$rc $(diff -r "$T/asof" "$T/at-4" && echo same)" "0 same"
run --as-of r3 show offers --format csv
check_contains "show --as-of sees the past" "$out" "HUN-FP,HUN,FP-COY,1,100,2022-01-01,2022-07-01,2,NMI,,,offered"
run --as-of r2 source
check_eq "source --as-of runs on the past and stores no run" "$rc $(printf '%s\n' "$out" | head -1 | cut -d: -f1)" "0 run of revision 2 (not stored)"
run runs
check_eq "... no run stored" "$out" "no sourcing runs; run 'muster source' to make one"
d=$(db_digest)
run --as-of r99 export "$T/asof2"
check_eq "--as-of a future revision: exit 1" "$rc $err" "1 muster: as of r99: the scenario is only at revision 11"
run --as-of 1999-01-01 show offers
check_rc "--as-of before the history: exit 1" 1
check_contains "... saying where it starts" "$err" "muster: as of '1999-01-01': nothing was recorded then (the history starts at "
run --as-of yesterday show offers
check_eq "--as-of a malformed point: exit 2" "$rc $err" "2 muster: as of 'yesterday': expected rREV (a revision) or a time YYYY-MM-DD[THH:MM[:SS]] (UTC)
see 'muster --help'"
run --as-of r2 set offers CAN-ADV units=9
check_eq "--as-of on a write: exit 2" "$rc $err" "2 muster: 'set' does not take --as-of (show, export, source, check, fairshare, posture, rotation, report and whatif diff do)
see 'muster --help'"
run --as-of r2 --scenario w show offers
check_rc "--as-of with --scenario: exit 2" 2
check_eq "... and none of these changed anything" "$(db_digest)" "$d"

# schema 6 had two history indexes, audit_point and audit_insert, which
# "as of" read; a database of schema 6 migrates to 7 with one, audit_record,
# and reads the same past
six="DROP INDEX audit_record; CREATE INDEX audit_point ON audit (entity, \"key\", rev);
	CREATE INDEX audit_insert ON audit (entity, \"key\", op);"
if on_pg; then
	db_sql "$six UPDATE muster_schema SET version = 6"
	version() { db_sql "SELECT version FROM muster_schema"; }
	indexes() { db_sql "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes
		WHERE schemaname = current_schema() AND tablename = 'audit'"; }
	pkey=audit_pkey,
else
	db_sql "$six PRAGMA user_version = 6"
	version() { db_sql "PRAGMA user_version"; }
	indexes() { db_sql "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master
		WHERE type = 'index' AND tbl_name = 'audit' ORDER BY name)"; }
	pkey=
fi
check_eq "a database made schema 6, with its two history indexes" "$(version) $(indexes)" \
	"6 audit_insert,${pkey}audit_point"
rm -rf "$T/asof"
run --as-of r10 export "$T/asof"
check_eq "... migrates on opening and reads the past the same" \
	"$rc $(diff -r "$T/asof" "$T/at-10" && echo same)" "0 same"
check_eq "... to schema 7, with one" "$(version) $(indexes)" "7 ${pkey}audit_record"
run history --verify
check_rc "... its hash chain verifies" 0
export MUSTER_DB="$MUSTER_DB_DEFAULT"

# ---- a busy database: another writer holds the lock past the wait ----
if _db_is_pg || command -v sqlite3 >/dev/null; then
	mkfifo "$T/lock"
	app="muster-lock-$$"
	if _db_is_pg; then # muster's writers' lock, held by psql
		"$MUSTER_TEST_PSQL_BIN" -X -q -d "$MUSTER_DB application_name=$app" <"$T/lock" >/dev/null 2>&1 &
	else
		sqlite3 "$MUSTER_DB" <"$T/lock" >/dev/null 2>&1 &
	fi
	lockpid=$!
	exec 9>"$T/lock"
	if _db_is_pg; then
		echo "BEGIN; SELECT pg_advisory_xact_lock(1297306706, current_schema()::regnamespace::oid::integer);" >&9
		wait_until "psql holds the writers' lock" pg_lock_held "$app"
	else # waits for the probe below, should it hold the lock at that moment
		printf '.timeout 10000\nBEGIN IMMEDIATE; UPDATE revision SET rev = rev;\n' >&9
		wait_until "sqlite3 holds the write lock" sqlite_write_locked "$MUSTER_DB"
	fi
	d=$(db_sql "select count(*) from audit")
	run set offers CAN-ADV units=7
	check_eq "an edit while another program writes: exit 1" "$rc" 1
	check_eq "... saying so" "$err" \
		"muster: $MUSTER_DB: cannot start a transaction: another program is writing to it (waited 10 s); try again when it is done"
	echo "ROLLBACK;" >&9
	exec 9>&-
	wait $lockpid
	check_eq "... and nothing was recorded" "$(db_sql "select count(*) from audit")" "$d"
else
	ok "# SKIP sqlite3 not installed"
fi

# ---- what-ifs and read-only ----
run --scenario nope set offers CAN-ADV units=2
check_rc "set on a what-if: usage error" 2

# ---- schema: a version-2 database migrates, assigning ids ----
v2="$T/v2.db"
run --db "$v2" import "$MUSTER_SRC/tests/cli/data/small"
undo="DROP TABLE costs; DROP TABLE funding; DROP TABLE budgets; ALTER TABLE deployments DROP COLUMN category; ALTER TABLE caps DROP COLUMN id; DROP TABLE audit; DROP TABLE users; DROP TABLE sessions;"
for t in nations keys missions phases capabilities requirements caveats offers caps deployments; do
	undo="DROP INDEX ${t}_key; ALTER TABLE $t DROP COLUMN version; $undo"
done
sqlite3 "$v2" "$undo UPDATE deployments SET id = NULL WHERE nation = 'USA' AND country = 'KWT'; PRAGMA user_version = 2"
run --db "$v2" init
check_eq "a version-2 database migrates" "$out" "migrated $v2 from schema 2 to schema 7"
check_eq "... caps get NATION-COUNTRY-N" "$(sqlite3 "$v2" 'select id from caps order by ord' | tr '\n' ' ')" "USA-IRQ-1 USA-AFG-1 USA-AFG-2 "
check_eq "... a deployment without an id gets dNNNN" "$(sqlite3 "$v2" "select id from deployments where country = 'KWT'")" "d0003"
check_eq "... every row at version 1" "$(sqlite3 "$v2" 'select distinct version from offers')" 1
dup="$T/dup.db"
run --db "$dup" import "$MUSTER_SRC/tests/cli/data/small"
sqlite3 "$dup" "$undo PRAGMA user_version = 2; INSERT INTO offers SELECT NULL, id, nation, capability, units, personnel, from_day, to_day, readiness, mission, line, caveats, status, pool FROM offers LIMIT 1"
before=$(sqlite3 "$dup" .dump | sha256sum)
run --db "$dup" init
check_rc "a version-2 database with a duplicate key does not migrate: exit 1" 1
check_contains "... saying why" "$err" "UNIQUE constraint failed: offers.id"
check_eq "... and stays as it was" "$(sqlite3 "$dup" .dump | sha256sum)" "$before"

# --as-of and stored runs: a run of a later revision does not fit the older scenario
export MUSTER_DB="$T/asof-run.db"
run import "$MUSTER_SRC/examples/nmi-2021"
run set offers CAN-ADV units=3
run source
run --as-of r1 check
check_eq "check --as-of an earlier revision refuses the later run" "$rc:$(echo "$err" | tail -1)" \
	"1:muster: run 1 is stale: computed on revision 2, the scenario read is at revision 1 (1 revision earlier); it cannot be checked against a scenario it was not solved on"
run --as-of r1 posture --on 2021-06-01 --by total
check_eq "posture --as-of warns that the run is of another revision" "$(echo "$err" | head -1)" \
	"muster: warning: run 1 is stale: computed on revision 2, the scenario read is at revision 1 (1 revision earlier) (--as-of does not rewind stored runs)"
run --as-of r2 check
check_rc "check --as-of the run's own revision checks it" 0

done_testing
