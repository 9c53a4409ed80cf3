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

# ---- item 14: no output path may replace the database ---------------------

db="$MUSTER_DB"
ln "$db" "$T/hard.db"
ln -s "$db" "$T/soft.db"
mkdir svgs lpout cut
ln -s "$db" svgs/cap-headroom.svg
ln -s "$db" lpout/gaps.csv
cp victim/*.csv cut/
rm cut/offers.csv
ln "$db" cut/offers.csv
runs=$("$MUSTER" runs --format csv | wc -l)
is_db="it is the database '$db'"
for c in "report --no-run --html $db|$db" "report --no-run --html $T/hard.db|$T/hard.db" \
	"report --no-run --html $T/soft.db|$T/soft.db" \
	"report --no-run --svg-dir svgs|svgs/cap-headroom.svg" \
	"source --write-lp $db|$db" "source --exact --write-lp $T/soft.db|$T/soft.db" \
	"source --write-lp $db-wal|$db-wal" "source --write-lp $db-shm|$db-shm" \
	"source --out lpout|lpout/gaps.csv" "export cut|cut/offers.csv"; do
	cmd=${c%|*} path=${c#*|}
	want="muster: cannot write '$path': $is_db"
	case $path in *-wal | *-shm) want="muster: cannot write '$path': it is a file of the database '$db'" ;; esac
	# shellcheck disable=SC2086
	run $cmd
	check_rc "$cmd fails" 1
	check_eq "... saying the output is the database" "$err" "$want"
	check_eq "... leaving the database as it was" "$(db_digest)" "$before"
	check_eq "... and its runs" "$("$MUSTER" runs --format csv | wc -l)" "$runs"
done
check_eq "no -wal or -shm file was written" "$(ls "$db"-* 2>/dev/null)" ""
check_eq "the folders are unchanged" "$(ls svgs lpout)" "lpout:
gaps.csv

svgs:
cap-headroom.svg"

# ---- item 15: temporaries are created exclusively, modes are kept ---------

# A symlink planted where the temporary once was (PATH.tmp.<pid>): exec keeps
# the shell's pid, so the trap is where muster used to look.
printf 'precious\n' >precious
for cmd in "source --write-lp $T/out.lp" "report --no-run --html $T/out.lp"; do
	bash -c 'ln -s "$1/precious" "$1/out.lp.tmp.$$"; exec "$2" $3' _ "$T" "$MUSTER" "$cmd" \
		>/dev/null 2>"$T/.stderr"
	check_eq "$cmd with a planted temporary link succeeds" "$?" 0
	check_eq "... and never writes through the link" "$(cat precious)" "precious"
	check_eq "... writing the file itself" "$(stat -c %F out.lp)" "regular file"
	rm -f out.lp.tmp.* out.lp
done

# A replaced file keeps its mode; a new one follows the umask.
printf 'old\n' >r.html
chmod 600 r.html
run report --no-run --html r.html
check_rc "report over a 0600 file" 0
check_eq "... keeps it 0600" "$(stat -c %a r.html)" 600
(umask 027 && "$MUSTER" report --no-run --html r2.html >/dev/null)
check_eq "a new report follows the umask (027: 640)" "$(stat -c %a r2.html)" 640
cp -r victim modes
chmod 600 modes/offers.csv
chmod 640 modes/caps.csv
run export modes
check_rc "export over older files" 0
check_eq "... keeps each file's mode" "$(stat -c '%n %a' modes/offers.csv modes/caps.csv)" \
	"modes/offers.csv 600
modes/caps.csv 640"
mkdir runout
printf 'x\n' >runout/gaps.csv
chmod 600 runout/gaps.csv
run source --out runout
check_rc "source --out over an older gaps.csv" 0
check_eq "... keeps its mode" "$(stat -c %a runout/gaps.csv)" 600
check_eq "no temporary is left anywhere" "$(find . -name '*.tmp*' | wc -l)" 0

done_testing
