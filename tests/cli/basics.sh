#!/usr/bin/env bash
# basics.sh: the command line itself: help, command lookup (exact, unique
# prefix, typo suggestion, ambiguity), `muster init`, where the database is
# (--db over MUSTER_DB over ./muster.db) and exit codes (0 ok, 1 failure,
# 2 usage).
. "$(dirname "$0")/lib.sh"
E="$MUSTER_SRC/tests/cli/expected/basics"

# ---- help ----
run --help
check_rc "--help exits 0" 0
check_contains "--help shows usage" "$out" "usage: muster [--db PATH]"
check_contains "--help lists init" "$out" "  init "
check_contains "--help lists import" "$out" "  import "
check_contains "--help explains MUSTER_DB" "$out" "MUSTER_DB"

run
check_rc "no command is a usage error" 2
check_contains "no command prints help on stderr" "$err" "usage: muster"

run help
check_rc "help exits 0" 0
check_contains "help lists the commands" "$out" "  init "

run help import
check_rc "help import exits 0" 0
check_contains "help import shows import's usage" "$out" "usage: muster"
check_contains "help import is about import" "$out" "import"
help_out=$out
run import --help
check_rc "import --help exits 0" 0
check_eq "import --help is help import" "$out" "$help_out"

run help init
printf '%s\n' "$out" >"$T/help-init.txt"
check_file "help init (golden)" "$T/help-init.txt" "$E/init-help.txt"
run init --help
printf '%s\n' "$out" >"$T/init-help.txt"
check_file "init --help (golden)" "$T/init-help.txt" "$E/init-help.txt"
check_eq "--help wrote no database" "$(db_digest)" none

run --version
check_rc "--version exits 0" 0
check_contains "--version names muster" "$out" "muster "

# ---- command lookup ----
run imprt
check_rc "unknown command exits 2" 2
printf '%s\n' "$err" >"$T/imprt.err"
check_file "typo gets a suggestion (golden)" "$T/imprt.err" "$E/imprt.err"

run frobnicate-everything
check_rc "far-off command exits 2" 2
check_contains "far-off command points to --help" "$err" "see 'muster --help'"

run s
check_rc "ambiguous prefix exits 2" 2
check_contains "ambiguous prefix lists candidates" "$err" "'s' is ambiguous: show source"

run help imprt
check_rc "help of an unknown command exits 2" 2
check_contains "help of an unknown command suggests" "$err" "did you mean 'import'"

run --bogus init
check_rc "unknown global option exits 2" 2
run --db
check_rc "--db without a value exits 2" 2

# ---- init, and where the database is ----
mkdir "$T/w" && cd "$T/w" || exit 1
# An empty MUSTER_DB counts as unset: the default ./muster.db.
MUSTER_DB= run ini
check_rc "unique prefix 'ini' runs init" 0
printf '%s\n' "$out" >"$T/init-new.txt"
check_file "init creates ./muster.db (golden)" "$T/init-new.txt" "$E/init-new.txt"
[ -f muster.db ] && ok "./muster.db exists" || not_ok "./muster.db exists"
MUSTER_DB= run init
check_rc "init again exits 0" 0
printf '%s\n' "$out" >"$T/init-again.txt"
check_file "init again says up to date (golden)" "$T/init-again.txt" "$E/init-again.txt"

MUSTER_DB="$T/w/env.db" run init
check_rc "init with MUSTER_DB exits 0" 0
check_eq "MUSTER_DB names the database" "$out" "initialised $T/w/env.db (schema 7)"

MUSTER_DB="$T/w/env2.db" run --db "$T/w/flag.db" init
check_eq "--db wins over MUSTER_DB" "$out" "initialised $T/w/flag.db (schema 7)"
[ ! -e "$T/w/env2.db" ] && ok "MUSTER_DB untouched when --db is given" ||
	not_ok "MUSTER_DB untouched when --db is given"

run --db="$T/w/eq.db" init
check_eq "--db=PATH works" "$out" "initialised $T/w/eq.db (schema 7)"

# ---- exit codes and failures that change nothing ----
run init extra
check_rc "init with an argument exits 2" 2
check_contains "init with an argument says so" "$err" "unexpected argument 'extra'"
run init --bogus
check_rc "init with a bad option exits 2" 2

run --db "$T/w/no/such/dir/x.db" init
check_rc "init in a missing folder exits 1" 1
check_contains "init in a missing folder names the file" "$err" "no/such/dir/x.db"
check_contains "init in a missing folder says what to check" "$err" "check that its folder exists"
run --db "$T/w" init
check_rc "a folder as the database exits 1" 1
check_contains "a folder as the database says so" "$err" "it is a folder"

head -c 4096 /dev/urandom >"$T/w/junk.db"
before=$(sha256sum <"$T/w/junk.db")
run --db "$T/w/junk.db" init
check_rc "init on a non-database exits 1" 1
check_eq "the non-database is unchanged" "$(sha256sum <"$T/w/junk.db")" "$before"

run --db "postgresql://planner:s3cret@localhost/muster" init
check_rc "postgresql without the backend exits 1" 1
case "$err" in
*s3cret*) not_ok "the password is never printed" "$err" ;;
*) ok "the password is never printed" ;;
esac

if command -v sqlite3 >/dev/null; then
	run init
	if on_pg; then
		psql "UPDATE $_schema.muster_schema SET version = 99"
	else
		sqlite3 "$MUSTER_DB" 'PRAGMA user_version = 99' >/dev/null
	fi
	before=$(db_digest)
	run init
	check_rc "a newer schema is refused with exit 1" 1
	check_contains "a newer schema says so" "$err" "schema version 99 is newer than this muster supports"
	check_eq "the newer database is unchanged" "$(db_digest)" "$before"

	# A version-1 database (offers without `pool`, runs without the columns
	# of cut intervals) migrates, data kept; its
	# offers state no pool (NULL), and the export is that of a fresh import.
	v1="$T/w/v1.db"
	run --db "$v1" init
	run --db "$v1" import "$MUSTER_SRC/tests/cli/data/small"
	run --db "$v1" export "$T/w/v2-export"
	# (schemas 5, 4 and 3 undone first: the cost tables; deployments.category; keys, versions, caps.id, the audit log)
	sqlite3 "$v1" 'DROP TABLE costs; DROP TABLE funding; DROP TABLE budgets; ALTER TABLE deployments DROP COLUMN category; DROP INDEX nations_key; ALTER TABLE nations DROP COLUMN version;
		DROP INDEX keys_key; ALTER TABLE keys DROP COLUMN version;
		DROP INDEX missions_key; ALTER TABLE missions DROP COLUMN version;
		DROP INDEX phases_key; ALTER TABLE phases DROP COLUMN version;
		DROP INDEX capabilities_key; ALTER TABLE capabilities DROP COLUMN version;
		DROP INDEX requirements_key; ALTER TABLE requirements DROP COLUMN version;
		DROP INDEX caveats_key; ALTER TABLE caveats DROP COLUMN version;
		DROP INDEX offers_key; ALTER TABLE offers DROP COLUMN version;
		DROP INDEX caps_key; ALTER TABLE caps DROP COLUMN version;
		DROP INDEX deployments_key; ALTER TABLE deployments DROP COLUMN version;
		ALTER TABLE caps DROP COLUMN id; DROP TABLE audit;
		ALTER TABLE offers DROP COLUMN pool;
		ALTER TABLE run_assignment DROP COLUMN capability;
		ALTER TABLE run_assignment DROP COLUMN substitute;
		ALTER TABLE run_assignment DROP COLUMN soft_caveats;
		ALTER TABLE run_assignment DROP COLUMN person_days;
		ALTER TABLE run_gap DROP COLUMN missing_personnel;
		DROP TABLE users; DROP TABLE sessions;
		DROP TABLE revision; ALTER TABLE run DROP COLUMN revision; PRAGMA user_version = 1' >/dev/null
	run --db "$v1" init
	check_eq "a version-1 database migrates" "$out" "migrated $v1 from schema 1 to schema 7"
	check_eq "... its offers state no pool" "$(sqlite3 "$v1" 'SELECT count(*), count(pool) FROM offers')" "5|0"
	run --db "$v1" export "$T/w/v1-export"
	check_file "... and export as before" "$T/w/v1-export/offers.csv" "$T/w/v2-export/offers.csv"

	sqlite3 "$T/w/other.db" 'CREATE TABLE notes (body TEXT)'
	before=$(sqlite3 "$T/w/other.db" .dump | sha256sum)
	run --db "$T/w/other.db" init
	check_rc "another application's database is refused with exit 1" 1
	check_contains "another application's database says so" "$err" "not a muster database"
	check_eq "the other database is unchanged" "$(sqlite3 "$T/w/other.db" .dump | sha256sum)" "$before"
	check_eq "the other database keeps its journal mode" \
		"$(sqlite3 "$T/w/other.db" 'PRAGMA journal_mode')" delete
else
	ok "# SKIP sqlite3 not installed"
fi

done_testing
