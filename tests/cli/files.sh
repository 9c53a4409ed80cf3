#!/usr/bin/env bash
# files.sh: data safety of the files muster reads and writes (issue 9, items
# 12-15 and 18). Every refused command exits 1 with an exact message and
# changes nothing: no database created, no file written, removed or
# replaced.
. "$MUSTER_SRC/tests/cli/lib.sh"
small="$MUSTER_SRC/tests/cli/data/small"

# folder_digest DIR: names, modes and contents of every file in DIR.
folder_digest() {
	(cd "$1" && find . -mindepth 1 -printf '%p %m %y\n' | sort && find . -type f | sort | xargs -r sha256sum)
}

run import "$small"
check_rc "import the small scenario" 0
run export victim
check_rc "export it into victim/" 0
victim=$(folder_digest victim)
before=$(db_digest)

# ---- item 12: only init and import create a database ----------------------

missing="$T/tpo.db"
hint="create it with 'muster init' or 'muster import DIR', or name another with --db"
for cmd in "export victim" "show offers" "source" "source --out victim" \
	"check" "runs" "posture" "rotation --dwell 2" "fairshare --total 100 --key gdp" \
	"report --html r.html" "whatif list" "whatif new w1"; do
	# shellcheck disable=SC2086
	run --db "$missing" $cmd
	check_rc "$cmd on a missing database fails" 1
	check_eq "... saying so" "$err" "muster: database '$missing' does not exist; $hint"
	check_eq "... and creates no database" "$(ls "$missing"* 2>/dev/null | wc -l)" 0
	rm -f "$missing"*
done
check_eq "victim/ is untouched by all of it" "$(folder_digest victim)" "$victim"
check_eq "no report was written" "$(ls r.html 2>&1)" "ls: cannot access 'r.html': No such file or directory"

# An empty file, or a new database that holds no scenario: read commands
# refuse them too, and export never deletes anything.
: >"$T/empty.db"
run --db "$T/empty.db" export victim
check_rc "export from an empty file fails" 1
check_eq "... saying it is no muster database yet" "$err" \
	"muster: database '$T/empty.db' is empty: not a muster database yet; $hint"
check_eq "... leaves the file empty" "$(wc -c <"$T/empty.db")" 0
run --db "$T/empty.db" show offers
check_rc "show from an empty file fails too" 1
check_eq "... with the same message" "$err" \
	"muster: database '$T/empty.db' is empty: not a muster database yet; $hint"

run --db "$T/new.db" init
check_rc "init creates a database" 0
check_contains "... saying so" "$out" "initialised $T/new.db (schema "
new=$(MUSTER_DB="$T/new.db" db_digest)
for cmd in "export victim" "show offers" "source" "posture" \
	"rotation --dwell 2" "report --html r.html"; do
	# shellcheck disable=SC2086
	run --db "$T/new.db" $cmd
	check_rc "$cmd on a database without a scenario fails" 1
	check_eq "... saying so" "$err" \
		"muster: database '$T/new.db' holds no scenario; import one with 'muster import DIR'"
done
check_eq "... and changes nothing in it" "$(MUSTER_DB="$T/new.db" db_digest)" "$new"
check_eq "victim/ is still untouched" "$(folder_digest victim)" "$victim"
run --db "$T/created.db" import "$small"
check_rc "import creates a database" 0
check_eq "... holding the scenario" "$(MUSTER_DB="$T/created.db" db_digest)" "$before"

done_testing
