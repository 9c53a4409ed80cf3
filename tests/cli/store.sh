#!/usr/bin/env bash
# store.sh: data safety of the store (issue 9, items 16, 17, 19, 20, 21):
# scenario revisions and stale runs, a run whose scenario changed while it
# was solved is not stored, rows edited outside muster are refused on load,
# read commands on a read-only database, no non-finite number is stored and
# every JSON output parses.
. "$(dirname "$0")/lib.sh"
EX="$MUSTER_SRC/examples/nmi-2021"
S="$MUSTER_SRC/tests/source"
nruns() { sqlite3 "$MUSTER_DB" "select count(*) from run"; }

# ---- item 16: revisions, stale runs ----
run import "$EX"
check_rc "import the example" 0
check_eq "the first import is revision 1" "$(sqlite3 "$MUSTER_DB" "select rev from revision where scenario = ''")" 1
run source
check_rc "source" 0
id=$(sqlite3 "$MUSTER_DB" "select max(id) from run")
check_eq "the run stores the revision it was solved on" \
	"$(sqlite3 "$MUSTER_DB" "select revision from run where id = $id")" 1
run runs --format csv
check_eq "runs: revision and stale columns" "$(printf '%s\n' "$out" | cut -d, -f1,13,14)" \
	"id,revision,stale
$id,1,no"
run import --replace "$EX"
check_rc "re-import of the same scenario" 0
check_eq "stores nothing new: still revision 1" \
	"$(sqlite3 "$MUSTER_DB" "select rev from revision where scenario = ''")" 1
run posture
check_eq "a current run: no warning" "$err" ""
run import --replace "$S/basic"
check_rc "import --replace of another scenario" 0
check_eq "import --replace keeps the runs" "$(nruns)" 1
run runs --format json
check_rc "runs --format json" 0
check_eq "runs json says stale" "$(printf '%s' "$out" | python3 -c 'import json,sys; r=json.load(sys.stdin)[0]; print(r["revision"], r["stale"])')" "1 yes"
run posture
check_rc "posture on a stale run still works" 0
check_eq "and warns" "$err" \
	"muster: warning: run $id is stale: solved on revision 1, the scenario is now at revision 2; run 'muster source' again"
run check
check_rc "check of a stale run fails" 1
check_eq "and says why" "$err" \
	"muster: warning: run $id is stale: solved on revision 1, the scenario is now at revision 2; run 'muster source' again
muster: run $id is stale: it cannot be checked against a scenario it was not solved on"
run whatif new w
run --scenario w source
check_rc "source a what-if" 0
wid=$(sqlite3 "$MUSTER_DB" "select max(id) from run")
run whatif add w "offer withdraw id=USA-INF"
check_rc "a what-if edit" 0
run runs --format csv
check_eq "a what-if edit makes only the what-if's runs stale" \
	"$(printf '%s\n' "$out" | cut -d, -f1,3,14 | tail -n 1)" "$wid,w,yes"
run source
bid=$(sqlite3 "$MUSTER_DB" "select max(id) from run")
run runs --base --format csv
check_eq "the base's new run is current" "$(printf '%s\n' "$out" | cut -d, -f1,14 | tail -n 1)" "$bid,no"

# The concurrent case, made deterministic: `source --write-lp FIFO` blocks
# after loading the scenario until the FIFO is read; the scenario is replaced
# meanwhile; the run must not be stored.
mkfifo lp.fifo
before=$(nruns)
rev0=$(sqlite3 "$MUSTER_DB" "select rev from revision where scenario = ''")
"$MUSTER" source --exact --write-lp lp.fifo >src.out 2>src.err &
pid=$!
"$MUSTER" import --replace "$EX" >/dev/null 2>&1
cat lp.fifo >/dev/null
wait "$pid"
rc=$?
check_rc "source while the scenario is replaced: exit 1" 1
rev=$(sqlite3 "$MUSTER_DB" "select rev from revision where scenario = ''")
check_eq "it says so" "$(cat src.err)" \
	"muster: the scenario changed while sourcing (revision $rev0 -> $rev); the run was not stored; run 'muster source' again"
check_eq "no run was stored" "$(nruns)" "$before"

done_testing
