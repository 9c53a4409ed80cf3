#!/usr/bin/env bash
# pg.sh: PostgreSQL faults (issue 13 item 6): the server down, a wrong
# password, the connection killed mid-transaction. Each is a clear error
# naming the target without its password, and loses nothing committed.
# PostgreSQL runs only (tests/pg/with-pg.sh); the SQLite run skips it.
. "$MUSTER_SRC/tests/cli/lib.sh"
if ! on_pg; then
	echo "1..0 # SKIP PostgreSQL faults: the PostgreSQL run only"
	exit 0
fi
sock=${MUSTER_TEST_PG#host=}
sock=${sock%% *}

# ---- the server down (no server on that socket) ----
down="host=$T/nowhere user=muster password=s3cret-down dbname=muster"
run --db "$down" show offers
check_rc "server down: exit 1" 1
check_contains "... says it cannot connect" "$err" "cannot connect to the PostgreSQL server"
check_contains "... names the target" "$err" "host=$T/nowhere user=muster dbname=muster"
case "$err" in *s3cret*) not_ok "... never the password" "$err" ;; *) ok "... never the password" ;; esac
run --db "postgresql://muster:s3cret-uri@/muster?host=$T/nowhere" init
check_rc "server down, a URI: exit 1" 1
check_contains "... names it without user and password" "$err" "postgresql:///muster?host=$T/nowhere"
case "$err" in *s3cret*) not_ok "... never the password (URI)" "$err" ;; *) ok "... never the password (URI)" ;; esac

# ---- a wrong password (the role muster_pw needs one) ----
psql "CREATE SCHEMA ${_schema}_pw AUTHORIZATION muster_pw"
pw="host=$sock user=muster_pw dbname=muster options='-csearch_path=${_schema}_pw'"
run --db "$pw password=wrong-pass" init
check_rc "wrong password: exit 1" 1
check_contains "... says so" "$err" "password authentication failed for user \"muster_pw\""
case "$err" in *wrong-pass*) not_ok "... never the password" "$err" ;; *) ok "... never the password" ;; esac
run --db "postgresql://muster_pw:wrong-pass@/muster?host=$sock" init
check_rc "wrong password in a URI: exit 1" 1
case "$err" in *wrong-pass*) not_ok "... never the password (URI)" "$err" ;; *) ok "... never the password (URI)" ;; esac
run --db "$pw password=right-pass" init
check_rc "the right password: init works" 0
# ~/.pgpass (here PGPASSFILE) gives it when the target does not
printf '*:*:*:muster_pw:right-pass\n' >"$T/pgpass"
chmod 0600 "$T/pgpass"
out=$(PGPASSFILE="$T/pgpass" "$MUSTER" --db "$pw" import "$MUSTER_SRC/tests/cli/data/small" 2>&1)
check_eq "a password from the password file" "$?" 0
out=$(PGPASSWORD=right-pass "$MUSTER" --db "$pw" show offers --format csv 2>&1 | head -1)
check_contains "a password from PGPASSWORD" "$out" "id,nation"

# ---- a backend killed mid-transaction ----
run import "$MUSTER_SRC/examples/nmi-2021"
check_rc "import the example" 0
d=$(db_digest)
mkdir big
awk 'BEGIN { print "id,nation,country,mission,personnel,from,to,kind,counts_against_cap,source"
	for (i = 1; i <= 60000; i++)
		printf "b%d,DEU,IRQ,,%d,2021-03-01,,rotational,yes,gen\n", i, i % 1000 + 1 }' \
	>big/deployments.csv
app="muster-kill-$$"
"$MUSTER" --db "$MUSTER_DB application_name=$app" import --merge big >"$T/kill.out" 2>"$T/kill.err" &
pid=$!
# wait until it holds the writers' lock (inside its transaction), then kill its backend
if wait_until "the import is inside its transaction" pg_lock_held "$app"; then
	ok "the import is inside its transaction"
fi
db_sql "select pg_terminate_backend(pid) from pg_stat_activity where application_name = '$app'" >/dev/null
wait $pid
krc=$?
kerr=$(cat "$T/kill.err")
check_eq "killed mid-transaction: exit 1" "$krc" 1
check_contains "... names the target" "$kerr" "$MUSTER_DB application_name=$app"
# muster's words when the connection dies mid-write, or the server's when the
# kill lands during a read (a loaded machine): either says what happened
case "$kerr" in
*"the connection to the server was lost"* | *"terminating connection due to administrator command"*)
	ok "... says the connection was lost" ;;
*) not_ok "... says the connection was lost" "--- got" "$kerr" ;;
esac
check_eq "nothing committed is lost, nothing half-written" "$(db_digest)" "$d"
run history --verify
check_rc "the hash chain still verifies" 0
audit_indexes() { db_sql "select string_agg(indexname, ',' order by indexname) from pg_indexes
	where schemaname = current_schema() and tablename = 'audit'"; }
check_eq "... and the audit log keeps its indexes (the bulk load's DROP was rolled back)" \
	"$(audit_indexes)" "audit_pkey,audit_record"

# ---- a bulk import: the audit log's indexes built once, at commit ----
run import --merge big
check_rc "an import of 60,000 records (the bulk path)" 0
check_eq "... the indexes are there after it" "$(audit_indexes)" "audit_pkey,audit_record"
check_eq "... one audit row per record" \
	"$(db_sql "select count(*) from audit where entity = 'deployments' and \"key\" like 'b%'")" 60000
run history deployments b31337 --format csv
check_contains "... the history of one of them" "$out" "insert"
run history --verify
check_rc "... the hash chain verifies" 0

# ---- an update import: row writes between audit rows streamed by one COPY ----
# (each row's UPDATE ends the audit COPY that the rows before it opened)
mkdir upd
awk 'BEGIN { print "id,nation,country,mission,personnel,from,to,kind,counts_against_cap,source"
	for (i = 1; i <= 3000; i++)
		printf "b%d,DEU,IRQ,,%d,2021-03-01,,rotational,yes,gen\n", i, i % 1000 + 2 }' \
	>upd/deployments.csv
run import --update upd
check_rc "an update import of 3,000 records" 0
check_eq "... one audit row per updated record" \
	"$(db_sql "select count(*) from audit where op = 'update' and \"key\" like 'b%'")" 3000
check_eq "... the rows updated" \
	"$(db_sql "select personnel from deployments where id in ('b1', 'b2999') order by id")" \
	"$(printf '3\n1001')"
run history deployments b2999 --format csv
check_contains "... the history of one of them" "$out" "update"
run history --verify
check_rc "... the hash chain verifies" 0
d=$(db_digest)

# ---- a first import of a big table: its key index built at commit ----
# (bulk_key_drop: the table never held a row). Held after the DROP (the
# revision table locked by psql), killed there: the DROP is rolled back.
first=$(pg_target first)
run --db "$first" init
check_rc "a new database for a first import" 0
key_index() { MUSTER_DB=$first db_sql "select indexdef from pg_indexes
	where schemaname = current_schema() and indexname = 'deployments_key'"; }
want_index="CREATE UNIQUE INDEX deployments_key ON ${_schema}_first.deployments USING btree (id)"
check_eq "... its deployments' key index" "$(key_index)" "$want_index"
key_dropped() { [ "$(MUSTER_DB=$first db_sql "select count(*) from pg_locks l
	join pg_stat_activity a using (pid) where a.application_name = '$1'
	and l.mode = 'AccessExclusiveLock' and l.relation = 'deployments'::regclass and l.granted")" = 1 ]; }
rev_held() { [ "$(MUSTER_DB=$first db_sql "select count(*) from pg_locks l
	join pg_stat_activity a using (pid) where a.application_name = '$1'
	and l.mode = 'ShareLock' and l.relation = 'revision'::regclass and l.granted")" = 1 ]; }
mkfifo "$T/hold"
"$MUSTER_TEST_PSQL_BIN" -X -q -d "$first application_name=$app-hold" <"$T/hold" >/dev/null 2>&1 &
holdpid=$!
exec 8>"$T/hold"
echo "BEGIN; LOCK TABLE revision IN SHARE MODE;" >&8
wait_until "psql holds the revision table" rev_held "$app-hold"
"$MUSTER" --db "$first application_name=$app-first" import big >"$T/first.out" 2>"$T/first.err" &
pid=$!
if wait_until "the import dropped the key index (and waits for the revision)" key_dropped "$app-first"; then
	ok "the import dropped the key index inside its transaction"
fi
MUSTER_DB=$first db_sql "select pg_terminate_backend(pid) from pg_stat_activity where application_name = '$app-first'" >/dev/null
wait $pid
check_eq "killed there: exit 1" "$?" 1
echo "ROLLBACK;" >&8
exec 8>&-
wait $holdpid
check_eq "... the key index is back (the DROP rolled back)" "$(key_index)" "$want_index"
check_eq "... nothing stored" "$(MUSTER_DB=$first db_sql "select count(*) from deployments")" 0
run --db "$first" import big
check_rc "the first import of 60,000 deployments" 0
check_eq "... the key index built at commit" "$(key_index)" "$want_index"
check_eq "... every row" "$(MUSTER_DB=$first db_sql "select count(*) from deployments")" 60000
if MUSTER_DB=$first db_sql "insert into deployments (id, nation, country, personnel, from_day,
	kind, counts_against_cap) values ('b7', 'DEU', 'IRQ', 1, 0, 'support', 1)" >/dev/null 2>&1; then
	not_ok "... and it holds: a second 'b7' is refused"
else
	ok "... and it holds: a second 'b7' is refused"
fi
run --db "$first" history --verify
check_rc "... the hash chain verifies" 0

# ---- the lock: a writer waits for another, then gives up clearly ----
mkfifo "$T/lock"
"$MUSTER_TEST_PSQL_BIN" -X -q -d "$MUSTER_DB application_name=$app-lock" <"$T/lock" >/dev/null 2>&1 &
lockpid=$!
exec 9>"$T/lock"
echo "BEGIN; SELECT pg_advisory_xact_lock(1297306706, current_schema()::regnamespace::oid::integer);" >&9
wait_until "psql holds the writers' lock" pg_lock_held "$app-lock"
run set offers CAN-ADV units=7
check_rc "an edit while another writer holds the lock: exit 1" 1
check_contains "... saying so" "$err" "another program is writing to it (waited 10 s)"
echo "ROLLBACK;" >&9
exec 9>&-
wait $lockpid
check_eq "... and nothing changed" "$(db_digest)" "$d"
run set offers CAN-ADV units=7
check_rc "once it is free, the edit works" 0

# ---- a role without write rights: read-only, said on the first write ----
ro="muster_ro_$$"
psql "CREATE ROLE $ro LOGIN; GRANT USAGE ON SCHEMA $_schema TO $ro;
	GRANT SELECT ON ALL TABLES IN SCHEMA $_schema TO $ro"
rot="host=$sock user=$ro dbname=muster options='-csearch_path=$_schema'"
d=$(db_digest)
run --db "$rot" show offers --format csv
check_rc "a read-only role reads" 0
check_contains "... the offers" "$out" "CAN-ADV"
run --db "$rot" set offers CAN-ADV units=9
check_eq "... and its first write says the database is read-only for it" "$rc:$err" \
	"1:muster: $rot: the database is read-only (the role may not write muster's tables); nothing was changed"
out=$(echo "ro-pass-123" | "$MUSTER" --db "$rot" user add ro1 --role viewer 2>&1); rc=$?
check_rc "... adding a user too" 1
check_contains "... saying so" "$out" "the database is read-only (the role may not write muster's tables)"
check_eq "... and nothing changed" "$(db_digest)" "$d"
psql "DROP OWNED BY $ro; DROP ROLE $ro"
done_testing
