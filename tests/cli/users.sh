#!/bin/bash
# users.sh: muster user add|remove|list|passwd, passwords never on the
# command line, --as and the access policy applied to the CLI (issue 10
# item 7): a liaison's show offers in totals for other nations, its own
# caveats only, whole-scenario commands refused, nothing changed on errors.
. "$MUSTER_SRC/tests/cli/lib.sh"

EX="$MUSTER_SRC/examples/nmi-2021"
run init
run import "$EX"
check_rc "the example imports" 0

# the users table and the scenario, as digests of what must not change
users_digest() { db_sql 'SELECT name, role, nation, hash FROM users ORDER BY name' | sha256sum; }
scenario_digest() { rm -rf "$T/dig" && "$MUSTER" export "$T/dig" >/dev/null 2>&1 && cat "$T/dig"/*.csv | sha256sum; }

run user list
check_rc "no users: list exits 0" 0
check_eq "... prints the header only" "$out" "name  role  nation  created"
check_eq "... and says there are none" "$err" "muster: no users (the CLI acts as the local admin without --as)"

out=$(echo "planner-pass" | "$MUSTER" user add pat --role planner 2>&1); rc=$?
check_rc "add a planner from stdin" 0
check_eq "... says so" "$out" "added user 'pat' (planner)"
out=$(echo "liaison-pass" | "$MUSTER" user add ann --role liaison --nation deu 2>&1); rc=$?
check_rc "add a liaison, nation in any case" 0
check_eq "... of the canonical nation" "$out" "added user 'ann' (liaison of DEU)"
echo "viewer-pass" | "$MUSTER" user add vic --role viewer >/dev/null 2>&1
echo "admin-pass!" | "$MUSTER" user add adm --role admin >/dev/null 2>&1
run user list --format csv
check_eq "list as csv (created masked)" "$(printf '%s\n' "$out" | cut -d, -f1-3)" "name,role,nation
adm,admin,
ann,liaison,DEU
pat,planner,
vic,viewer,"
check_contains "created is UTC ISO 8601" "$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f4)" "Z"
check_eq "the hash is argon2id" "$(db_sql "SELECT substr(hash, 1, 10) FROM users WHERE name = 'ann'")" '$argon2id$'
sqlite_only "greps the database file" &&
	check_eq "no password is stored in clear" "$(grep -c -a 'liaison-pass' "$MUSTER_DB")" 0

# ---- refusals that change nothing ----
before=$(users_digest)
run user add bob --role planner --password secret123
check_rc "--password: usage error (2)" 2
check_eq "... says passwords never come from the command line" "$err" \
	"muster user: option '--password': passwords are never taken from the command line; give it on standard input or at the prompt
see 'muster user --help'"
run user add bob --role planner --password=secret123
check_rc "--password=X: usage error too" 2
run user passwd ann --password secret123
check_rc "passwd --password: usage error" 2
out=$(echo "liaison-pass" | "$MUSTER" user add liz --role liaison 2>&1); rc=$?
check_rc "a liaison without --nation: usage error" 2
check_contains "... says it needs one" "$out" "muster user: add: a liaison needs '--nation N'"
out=$(echo "viewer-pass" | "$MUSTER" user add liz --role viewer --nation CAN 2>&1); rc=$?
check_rc "a viewer with --nation: usage error" 2
check_contains "... says so" "$out" "muster user: add: '--nation' is for liaisons only, not for the role 'viewer'"
out=$(echo "liaison-pass" | "$MUSTER" user add liz --role liaison --nation XYZ 2>&1); rc=$?
check_rc "an unknown nation: exit 1" 1
check_contains "... named" "$out" "unknown nation 'XYZ'"
out=$(echo "whatever-pass" | "$MUSTER" user add liz --role captain 2>&1); rc=$?
check_rc "an unknown role: usage error" 2
check_contains "... named" "$out" "option '--role': expected admin, planner, liaison or viewer, got 'captain'"
out=$(echo "whatever-pass" | "$MUSTER" user add liz 2>&1); rc=$?
check_rc "no --role: usage error" 2
out=$(echo "whatever-pass" | "$MUSTER" user add ANN --role viewer 2>&1); rc=$?
check_rc "a duplicate name, ignoring case: exit 1" 1
check_eq "... says so" "$out" "muster: user 'ANN' already exists"
out=$(echo "short" | "$MUSTER" user add liz --role viewer 2>&1); rc=$?
check_rc "a short password: exit 1" 1
check_eq "... says so" "$out" "muster: password: expected at least 8 characters, got 5"
out=$("$MUSTER" user add liz --role viewer </dev/null 2>&1); rc=$?
check_rc "no password on stdin: exit 1" 1
check_eq "... says so" "$out" "muster: no password on standard input (one line)"
out=$(echo "whatever-pass" | "$MUSTER" user add 'l z' --role viewer 2>&1); rc=$?
check_rc "a bad user name: exit 1" 1
check_contains "... says what a name is" "$out" "user name 'l z': expected 1 to 64 letters"
out=$(echo "whatever-pass" | "$MUSTER" user passwd nobody 2>&1); rc=$?
check_rc "passwd of an unknown user: exit 1" 1
check_eq "... says so" "$out" "muster: no user 'nobody'"
run user remove an
check_rc "remove an unknown user: exit 1" 1
check_eq "... with a suggestion" "$err" "muster: no user 'an'; did you mean 'ann'?"
run user frobnicate
check_rc "an unknown subcommand: usage error" 2
check_eq "no refusal changed the users" "$(users_digest)" "$before"

# ---- passwords typed at a terminal: not echoed, asked twice ----
pty_run() { timeout 60 python3 "$MUSTER_SRC/tests/cli/pty_run.py" "$@"; }
out=$(pty_run "tty-password1" "tty-password1" -- "$MUSTER" user add tess --role viewer)
check_eq "a terminal: asked twice, not echoed" "$out" "0
password for 'tess': 
the same again: 
added user 'tess' (viewer)"
before=$(users_digest)
out=$(pty_run "tty-password1" "tty-password2" -- "$MUSTER" user add tom --role viewer)
check_eq "a terminal: two different passwords refused" "$out" "1
password for 'tom': 
the same again: 
muster: the two passwords differ; nothing was changed"
check_eq "... nothing added" "$(users_digest)" "$before"
"$MUSTER" user remove tess >/dev/null

# ---- passwd ----
old=$(db_sql "SELECT hash FROM users WHERE name = 'ann'")
out=$(echo "second-pass" | "$MUSTER" user passwd ANN 2>&1); rc=$?
check_rc "passwd from stdin" 0
check_eq "... says so" "$out" "changed the password of user 'ann'"
new=$(db_sql "SELECT hash FROM users WHERE name = 'ann'")
if [ "$old" != "$new" ] && [ "${new#\$argon2id\$}" != "$new" ]; then ok "... a new argon2id hash"; else not_ok "... a new argon2id hash" "$old" "$new"; fi
out=$(echo "short" | "$MUSTER" user passwd ann 2>&1); rc=$?
check_rc "passwd with a short password: exit 1" 1
check_eq "... the hash unchanged" "$(db_sql "SELECT hash FROM users WHERE name = 'ann'")" "$new"

# ---- --as ----
run --as anne show offers
check_rc "--as an unknown user: exit 1" 1
check_eq "... with a suggestion and a hint" "$err" "muster: --as: no user 'anne'; did you mean 'ann'?
hint: 'muster user list' lists the users of the database"
run --as=nobody show offers
check_rc "--as=NAME works the same" 1

run show offers --format csv
all="$out"
run --as ann show offers --format csv
check_rc "a liaison's show offers" 0
liaison="$out"
check_eq "... the header is the same" "$(printf '%s\n' "$liaison" | head -1)" "$(printf '%s\n' "$all" | head -1)"
check_eq "... its own offers in full" "$(printf '%s\n' "$liaison" | awk -F, '$2 == "DEU"' )" "$(printf '%s\n' "$all" | awk -F, '$2 == "DEU"')"
check_eq "... no other nation named" "$(printf '%s\n' "$liaison" | awk -F, 'NR > 1 && $2 != "DEU" && $2 != ""' | wc -l)" 0
check_eq "... no other offer's id" "$(printf '%s\n' "$liaison" | awk -F, 'NR > 1 && $2 == "" && $1 != ""' | wc -l)" 0
check_eq "... other nations' units in totals per line, none lost but the withdrawn" \
	"$(printf '%s\n' "$liaison" | awk -F, 'NR > 1 && $2 == "" {u += $4} END {print u}')" \
	"$(printf '%s\n' "$all" | awk -F, 'NR > 1 && $2 != "DEU" && $12 != "withdrawn" {u += $4} END {print u}')"
check_eq "... fewer rows than offers (summed)" \
	"$([ "$(printf '%s\n' "$liaison" | wc -l)" -lt "$(printf '%s\n' "$all" | wc -l)" ] && echo yes)" yes
check_eq "... the totals of one line: its people, no status" "$(printf '%s\n' "$liaison" | awk -F, '$2 == "" && $10 == "OIR-ADV-1"')" ",,ADV-TEAM,2,30,2021-03-01,2022-01-01,,OIR,OIR-ADV-1,,,"
# the one rule of muster_view_offer_totals (the API's): per (mission, line,
# capability), withdrawn offers left out; NMI's TRG-TEAM offers to any line
# are of 15, 20 and 25 people per unit, offered and accepted, and SWE-TRG
# (1 x 20) is withdrawn: one row, 13 units, 265 people
check_eq "... units of different sizes on one line in one row, the withdrawn left out" \
	"$(printf '%s\n' "$liaison" | awk -F, '$2 == "" && $9 == "NMI" && $10 == "" && $3 == "TRG-TEAM"')" \
	",,TRG-TEAM,13,265,2021-03-01,2022-01-01,,NMI,,,,"
check_eq "... every total is the planner's rows of other nations summed by that rule" \
	"$(printf '%s\n' "$liaison" | awk -F, 'NR > 1 && $2 == "" {print $9 "|" $10 "|" $3 "|" $4 "|" $5}' | sort)" \
	"$(printf '%s\n' "$all" | awk -F, 'NR > 1 && $2 != "DEU" && $12 != "withdrawn" {k = $9 "|" $10 "|" $3; u[k] += $4; p[k] += $4 * $5}
		END {for (k in u) print k "|" u[k] "|" p[k]}' | sort)"
check_eq "... no unit size or status of another nation's offer" \
	"$(printf '%s\n' "$liaison" | awk -F, 'NR > 1 && $2 == "" && $12 != ""' | wc -l)" 0
run --as ann show offers --nation usa
check_rc "a liaison's --nation of another nation: exit 1" 1
check_eq "... says why" "$err" "muster: user 'ann' (liaison of DEU) may read offers of nation 'USA' only in totals over nations; drop '--nation'"
run --as ann show offers --nation deu --format csv
check_rc "a liaison's --nation of its own: ok" 0
check_eq "... its offers" "$out" "$(printf '%s\n' "$all" | awk -F, 'NR == 1 || $2 == "DEU"')"

run --as ann show caveats --format csv
check_rc "a liaison's show caveats" 0
check_eq "... only its own" "$out" "id,nation,kind,value,hard
DEU-MANDATE,DEU,only-missions,NMI;OIR,yes"
run --as ann show caps --format csv
check_eq "a liaison reads every cap" "$out" "$("$MUSTER" show caps --format csv)"
run --as ann show deployments --format csv
check_eq "a liaison: other nations' deployments without nation or id" \
	"$(printf '%s\n' "$out" | awk -F, 'NR > 1 && $2 != "DEU" && ($1 != "" || $2 != "")' | wc -l)" 0
run --as vic show caveats
check_rc "a viewer's show caveats: exit 1" 1
check_eq "... says so" "$err" "muster: user 'vic' (viewer) may not read caveats"
run --as vic show offers --format csv
check_rc "a viewer's show offers" 0
check_eq "... all in totals" "$(printf '%s\n' "$out" | awk -F, 'NR > 1 && ($1 != "" || $2 != "")' | wc -l)" 0
run --as vic show lines --format csv
check_eq "a viewer reads the requirement lines" "$out" "$("$MUSTER" show lines --format csv)"
run --as pat show caveats --format csv
check_eq "a planner reads every caveat" "$out" "$("$MUSTER" show caveats --format csv)"

# whole-scenario commands: planners and admins only; nothing changed
digest=$(scenario_digest)
run --as ann import --replace "$EX"
check_rc "a liaison's import: exit 1" 1
check_eq "... refused" "$err" "muster: user 'ann' (liaison of DEU) may not run 'muster import' (only planners and admins may)"
run --as vic export "$T/vic-out"
check_rc "a viewer's export: exit 1" 1
check_eq "... refused" "$err" "muster: user 'vic' (viewer) may not run 'muster export' (only planners and admins may)"
check_eq "... nothing written" "$(ls "$T/vic-out" 2>&1 | head -1)" "ls: cannot access '$T/vic-out': No such file or directory"
run --as ann source
check_rc "a liaison's source (stores a run): exit 1" 1
check_eq "the scenario is unchanged" "$(scenario_digest)" "$digest"
check_eq "no run was stored" "$(db_sql 'SELECT count(*) FROM run')" 0
run --as pat import --replace "$EX"
check_rc "a planner's import" 0
run --as pat source
check_rc "a planner's source stores a run" 0
run runs --format csv
admin_runs=$(printf '%s\n' "$out" | cut -d, -f1,3-)
run --as ann runs --format csv
check_rc "a liaison reads the run summaries" 0
check_eq "... the same as the admin" "$(printf '%s\n' "$out" | cut -d, -f1,3-)" "$admin_runs"
run --as vic runs --format csv
check_rc "a viewer reads the run summaries too" 0

# users: admins only
before=$(users_digest)
run --as pat user list
check_rc "a planner's user list: exit 1" 1
check_eq "... refused" "$err" "muster: user 'pat' (planner) may not manage users"
out=$(echo "whatever-pass" | "$MUSTER" --as ann user add eve --role admin 2>&1); rc=$?
check_rc "a liaison's user add: exit 1" 1
check_eq "... refused before reading a password" "$out" "muster: user 'ann' (liaison of DEU) may not manage users"
run --as adm user list --format csv
check_rc "an admin user's user list" 0
check_eq "the users are unchanged" "$(users_digest)" "$before"
out=$(echo "whatever-pass" | "$MUSTER" --as adm user add eve --role viewer 2>&1); rc=$?
check_rc "an admin user adds a user" 0

# remove
run user remove vic
check_rc "remove a user" 0
check_eq "... says so" "$out" "removed user 'vic'"
run --as vic show offers
check_rc "... who is then unknown to --as" 1

# a version-2 database (before users) migrates and takes users
export MUSTER_DB="$T/v2.db"
"$MUSTER" init >/dev/null
v3=""
for t in nations keys missions phases capabilities requirements caveats offers caps deployments; do
	v3="$v3 DROP INDEX ${t}_key; ALTER TABLE $t DROP COLUMN version;"
done
db_sql "DROP TABLE costs; DROP TABLE funding; DROP TABLE budgets; ALTER TABLE deployments DROP COLUMN category; DROP TABLE users; DROP TABLE sessions; DROP TABLE audit; $v3
	ALTER TABLE caps DROP COLUMN id; PRAGMA user_version = 2"

out=$(echo "planner-pass" | "$MUSTER" user add pat --role planner 2>&1); rc=$?
check_rc "a version-2 database takes users" 0
check_eq "... migrated to schema 7" "$(db_sql 'pragma user_version')" 7
# no database: user commands do not create one
export MUSTER_DB="$T/none.db"
run user list
check_rc "user list without a database: exit 1" 1
check_eq "... none created" "$([ -e "$T/none.db" ] && echo yes || echo no)" no

# ---- record edits under the policy (muster_edit.policy, checked in the edit's transaction) ----
export MUSTER_DB="$T/edits.db"
run import "$EX"
echo "liaison-pass" | "$MUSTER" user add ann --role liaison --nation DEU >/dev/null 2>&1
echo "viewer-pass" | "$MUSTER" user add vic --role viewer >/dev/null 2>&1
run --as ann set offers DEU-TRG units=2 --reason "own pledge" --format csv
check_rc "a liaison changes its own nation's offer" 0
check_contains "... and it changed" "$out" "DEU-TRG,DEU,TRG-TEAM,2,"
check_eq "... recorded as hers" "$(db_sql "select actor from audit order by seq desc limit 1")" "ann"
before=$(db_digest)
run --as ann set offers CAN-ADV units=3
check_eq "another nation's offer reads as missing" "$rc:$err" "1:muster: no offers 'CAN-ADV'"
run --as ann set offers CAN-ADX units=3
check_eq "... and a near key gets no suggestion (it would tell what exists)" "$rc:$err" "1:muster: no offers 'CAN-ADX'"
run --as ann set offers DEU-TRG nation=CAN
check_eq "a liaison may not give its offer to another nation" "$rc:$err" \
	"1:muster: user 'ann' (liaison of DEU) may not add offers of CAN"
run --as ann add offers id=USA-NEW nation=USA capability=TRG-TEAM units=1 personnel=20 from=2021-03-01
check_eq "nor add one for another nation" "$rc:$err" "1:muster: user 'ann' (liaison of DEU) may not add offers of USA"
run --as ann set missions NMI name=x
check_eq "nor change a mission" "$rc:$err" "1:muster: user 'ann' (liaison of DEU) may not change missions"
run --as vic rm offers DEU-TRG
check_eq "a viewer removes nothing" "$rc:$err" "1:muster: no offers 'DEU-TRG'"
check_eq "... nothing changed by the refused edits" "$(db_digest)" "$before"
run set offers CAN-ADX units=3
check_contains "without --as (the local admin) the suggestion stays" "$err" "did you mean 'CAN-ADV'?"

# ---- names fold like SQLite's NOCASE: ASCII letters only ----
# On PostgreSQL in a database whose locale folds otherwise: Turkish (ICU
# tr-TR), where lower('I') is a dotless 'ı', so a plain lower() would make
# 'ADMIN' and 'admin' two users.
u8=
if on_pg; then
	u8="muster_tr_$$"
	psql "CREATE DATABASE $u8 LOCALE_PROVIDER icu ICU_LOCALE 'tr-TR' LOCALE 'C.UTF-8' TEMPLATE template0" &&
		export MUSTER_DB="$MUSTER_TEST_PG dbname=$u8"
	"$MUSTER" init >/dev/null
	# as a database made before: its name index on the locale's lower()
	db_sql "DROP INDEX users_name; CREATE UNIQUE INDEX users_name ON users (lower(name))"
fi
out=$(echo "irma-pass-12" | "$MUSTER" user add irmak --role viewer 2>&1); rc=$?
check_eq "a name with an i" "$rc:$out" "0:added user 'irmak' (viewer)"
out=$(echo "irma-pass-34" | "$MUSTER" user add IRMAK --role planner 2>&1); rc=$?
check_eq "... the same in capitals is the same user, in any locale" "$rc:$out" \
	"1:muster: user 'IRMAK' already exists"
out=$(echo "irma-pass-56" | "$MUSTER" user passwd IRMAK 2>&1); rc=$?
check_eq "... found in capitals too" "$rc" 0
run user remove Irmak
check_rc "... and removed by any case" 0
run user list --format csv
case "$out" in *irmak*) not_ok "... gone" "$out" ;; *) ok "... gone" ;; esac
if [ -n "$u8" ]; then
	export MUSTER_DB=$MUSTER_DB_DEFAULT
	psql "DROP DATABASE $u8"
fi

done_testing
