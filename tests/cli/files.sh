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
data_before=$(data_digest)

# ---- item 12: only init and import create a database ----------------------

missing="$T/tpo.db"
hint="create it with 'muster init' or 'muster import DIR', or name another with --db"
for cmd in "export victim" "export --force victim" "show offers" "source" "source --out victim" \
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
for cmd in "export victim" "export --force victim" "show offers" "source" "posture" \
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
check_eq "... holding the scenario" "$(MUSTER_DB="$T/created.db" data_digest)" "$data_before"

# ---- item 13: export and source --out never leave a folder half new -------

mkdir -p only
printf 'code,name\nXKX,Kosovo\n' >only/nations.csv
run --db "$T/only.db" import only
cp -r victim stale
stale_before=$(folder_digest stale)
run --db "$T/only.db" export stale
check_rc "export over scenario files it would not rewrite fails" 1
check_eq "... naming them" "$err" "muster: 'stale' holds scenario files that this export would not rewrite: capabilities.csv, caps.csv, caveats.csv, deployments.csv, keys.csv, missions.csv, offers.csv, phases.csv, requirements.csv; add --force to remove them"
check_eq "... and changes nothing" "$(folder_digest stale)" "$stale_before"
run --db "$T/only.db" export --force stale
check_rc "export --force" 0
check_eq "... leaves only the files of the scenario" "$(ls stale)" "nations.csv"
check_eq "... written whole" "$(cat stale/nations.csv)" "code,name,region,memberships
XKX,Kosovo,,"

# A name in another letter case is a file this export would not rewrite.
cp -r victim cased
mv cased/caps.csv cased/CAPS.CSV
run export cased
check_rc "export beside CAPS.CSV fails" 1
check_eq "... naming it" "$err" "muster: 'cased' holds scenario files that this export would not rewrite: CAPS.CSV; add --force to remove them"
run export --force cased
check_rc "export --force replaces it" 0
check_eq "... by caps.csv" "$(ls cased | grep -i caps)" "caps.csv"
check_eq "... the folder is the export again" "$(folder_digest cased)" "$victim"
run export victim
check_rc "exporting over its own export needs no --force" 0
check_eq "... and writes the same bytes" "$(folder_digest victim)" "$victim"

# A write that fails half way leaves the folder as it was and no temporary;
# a folder it created is removed. 1,500 lines make requirements.csv and
# gaps.csv larger than 40 KiB, which `ulimit -f 40` forbids (the database's
# 32 KiB -shm file still fits), while missions.csv, capabilities.csv and
# assignments.csv are written first.
limited() { (trap '' XFSZ && ulimit -f 40 && exec "$MUSTER" "$@") >"$T/.out" 2>"$T/.stderr"; }
mkdir big
printf 'code,name,organization,host\nM1,,,IRQ\n' >big/missions.csv
printf 'code,name\nC1,one\n' >big/capabilities.csv
printf 'id,nation,capability,units,personnel,from\nO1,USA,C1,1,10,2021-01-01\n' >big/offers.csv
{
	echo 'mission,line,capability,units,personnel,from,to'
	seq 1 1500 | sed 's/.*/M1,LINE-&,C1,1,10,2021-01-01,2021-12-31/'
} >big/requirements.csv
run --db "$T/big.db" import big
check_rc "import a scenario of 1,500 lines" 0
run --db "$T/big.db" export bigout
check_rc "export it" 0
sed -i 's/M1,,,IRQ/M1,edited,,IRQ/' bigout/missions.csv
bigout=$(folder_digest bigout)
limited --db "$T/big.db" export bigout
check_eq "an export that fails half way exits 1" "$?" 1
check_eq "... saying why" "$(cat "$T/.stderr")" "muster: cannot write 'bigout/requirements.csv': File too large"
check_eq "... leaving every file as it was" "$(folder_digest bigout)" "$bigout"
limited --db "$T/big.db" export newdir
check_eq "a failed export into a new folder exits 1" "$?" 1
check_eq "... and removes the folder it made" "$(ls -d newdir 2>&1)" \
	"ls: cannot access 'newdir': No such file or directory"
mkdir srcout
printf 'old a\n' >srcout/assignments.csv
printf 'old g\n' >srcout/gaps.csv
runs=$("$MUSTER" --db "$T/big.db" runs --format csv | wc -l)
limited --db "$T/big.db" source --out srcout
check_eq "source --out that fails half way exits 1" "$?" 1
check_eq "... saying why" "$(cat "$T/.stderr")" "muster: cannot write 'srcout/gaps.csv': File too large"
check_eq "... leaving both files as they were" "$(cat srcout/assignments.csv srcout/gaps.csv)" "old a
old g"
check_eq "... and storing no run" "$("$MUSTER" --db "$T/big.db" runs --format csv | wc -l)" "$runs"
check_eq "... nor any temporary" "$(ls -A srcout bigout | grep -c tmp)" 0
run --db "$T/big.db" source --out srcout
check_rc "without the limit, source --out works" 0
check_eq "... and writes both files" "$(wc -l <srcout/assignments.csv) $(wc -l <srcout/gaps.csv)" "2 1500"

# A FIFO or a folder where export would write a file: refused up front.
cp -r victim special
rm special/offers.csv
mkfifo special/offers.csv
special=$(folder_digest special)
run export special
check_rc "export onto a FIFO named offers.csv fails" 1
check_eq "... saying so" "$err" "muster: cannot write 'special/offers.csv': not a regular file"
check_eq "... without touching the folder" "$(folder_digest special)" "$special"

# report --html and --svg-dir: all files or none.
printf 'old page\n' >page.html
mkdir -p pics/posture-map.svg
run report --no-run --html page.html --svg-dir pics
check_rc "a report whose picture cannot be written fails" 1
check_eq "... saying why" "$err" "muster: cannot write 'pics/posture-map.svg': Is a directory"
check_eq "... leaving the page as it was" "$(cat page.html)" "old page"
check_eq "... and no picture" "$(ls -A pics)" "posture-map.svg"

# ---- item 18: scenario file names in any letter case; only regular files --

cp -r victim upper
mv upper/offers.csv upper/OFFERS.CSV
mv upper/caps.csv upper/Caps.Csv
run validate upper
check_rc "a folder with OFFERS.CSV and Caps.Csv is valid" 0
check_contains "... and counts their rows" "$out" "5 offers, 5 caveats, 3 caps"
run import --replace upper
check_rc "import --replace of it" 0
run export upper-back
check_eq "... keeps every offer and cap: it exports as before" "$(folder_digest upper-back)" "$victim"
printf 'code,name\nXKX,Kosovo\n' >upper/NATIONS.csv
printf 'code,name\nXKX,Kosovo\n' >upper/nations.csv
run import --replace upper
check_rc "two nations files that differ in case: refused" 1
check_eq "... naming both" "$err" "muster: scenario 'upper' has 1 problem
NATIONS.csv, nations.csv: 2 files for one table, their names differ only in letter case; keep one"
run export upper-back2
check_eq "... and the database is unchanged" "$(folder_digest upper-back2)" "$victim"

# A FIFO never blocks a read (validate once hung on one).
mkdir pipe
cp victim/missions.csv pipe/
mkfifo pipe/caps.csv
out=$(timeout 10 "$MUSTER" validate pipe 2>&1)
check_eq "validate with a FIFO for caps.csv fails at once" "$?" 1
check_eq "... saying what it is" "$out" "muster: scenario 'pipe' has 1 problem
caps.csv: expected a regular file, got a FIFO (named pipe)"
out=$(timeout 10 "$MUSTER" import --replace pipe 2>&1)
check_eq "import --replace of it fails at once too" "$?" 1

# ---- item 14: no output path may replace the database ---------------------
if sqlite_only "the database's own files as outputs (a PostgreSQL database has none)"; then

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
	"source --out lpout|lpout/gaps.csv" "export cut|cut/offers.csv" \
	"export --force cut|cut/offers.csv"; do
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
fi

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
