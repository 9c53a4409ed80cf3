#!/usr/bin/env bash
# migrate.sh: `muster migrate` copies a whole database losslessly, SQLite to
# the test's backend and back (in the PostgreSQL run: SQLite -> PostgreSQL ->
# SQLite): exports, history, runs, what-ifs and users read the same, and the
# hash chain verifies.
. "$MUSTER_SRC/tests/cli/lib.sh"
example="$MUSTER_SRC/examples/nmi-2021"

# Everything muster reads back of database $1, history included.
contents() { MUSTER_DB=$1 _contents history; }

src="$T/src.db"
m() { "$MUSTER" --db "$src" "$@" >/dev/null 2>&1 || echo "setup failed: $*"; }
setup=$(
	m import "$example"
	m set offers CAN-ADV units=3 --reason "pledge raised"
	m set offers CAN-ADV units=4
	m add caps nation=DEU country=IRQ limit=120 from=2021-03-01 "note=Bundestag mandate"
	m rm caps DEU-IRQ-1
	m whatif new w
	m whatif add w "offer withdraw id=CAN-ADV"
	m whatif new w2 --base w
	m source
	m --scenario w source
	echo "a-password" | "$MUSTER" --db "$src" user add ann --role liaison --nation USA >/dev/null 2>&1
)
check_eq "a database with edits, what-ifs, runs and users" "$setup" ""

mid=$(pg_target mid)
run migrate --from "$src" --to "$mid"
check_rc "migrate to the test's backend" 0
check_contains "... says what it copied" "$out" "migrated $src to "
check_contains "... counts" "$out" "2 what-ifs, 2 runs"
check_eq "... the copy reads the same (export, what-ifs, runs, users, history)" \
	"$(contents "$mid")" "$(contents "$src")"
out=$("$MUSTER" --db "$mid" history --verify 2>&1)
check_contains "... its hash chain verifies" "$out" "hash chain verified"
check_eq "... record versions kept" \
	"$("$MUSTER" --db "$mid" set offers CAN-ADV units=5 --format csv 2>&1 | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "version") c = i } NR == 2 { print $c }')" 4
"$MUSTER" --db "$src" set offers CAN-ADV units=5 >/dev/null 2>&1
check_eq "... and edits go on the same in both" \
	"$(contents "$mid" | grep -v '"at"')" "$(contents "$src" | grep -v '"at"')"

back="$T/back.db"
run migrate --from "$mid" --to "$back"
check_rc "migrate back to SQLite" 0
check_eq "... reads the same" "$(contents "$back")" "$(contents "$mid")"
out=$("$MUSTER" --db "$back" history --verify 2>&1)
check_contains "... its hash chain verifies" "$out" "hash chain verified"
out=$(echo "a-password" | "$MUSTER" --db "$back" user passwd ann 2>&1)
run --db "$back" --as ann show offers --format csv
check_rc "... users come along" 0

# refused: a target with data, a missing source, --as
before=$(contents "$back")
run migrate --from "$src" --to "$back"
check_rc "a target with data: exit 1" 1
check_contains "... says so" "$err" "already holds data; migrate copies into a new, empty database only"
check_eq "... and it is unchanged" "$(contents "$back")" "$before"
run migrate --from "$T/nothing.db" --to "$T/new.db"
check_rc "a missing source: exit 1" 1
check_contains "... names it" "$err" "database '$T/nothing.db' does not exist"
run migrate --from "$src"
check_rc "no --to: exit 2" 2
run migrate --help
check_contains "migrate --help" "$out" "usage: muster migrate --from DB --to DB"
done_testing
