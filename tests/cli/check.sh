#!/usr/bin/env bash
# check.sh: `muster check` on runs of tests/source/basic: a good run passes;
# a run corrupted in the database (one more USA unit in IRQ, over the cap;
# a unit moved beyond the offer's window) is reported, exit 1; errors.
. "$(dirname "$0")/lib.sh"
G="$MUSTER_SRC/tests/cli/expected/check"
S="$MUSTER_SRC/tests/source"

run check
check_rc "check without a database run fails" 1
check_eq "nothing to check" "$err" "muster: database '$MUSTER_DB' does not exist; create it with 'muster init' or 'muster import DIR', or name another with --db"

run import "$S/basic"
check_rc "import" 0
run check
check_rc "check without a run checks the posture only" 0
check_eq "no run message" "$out" "no sourcing run: checked the posture only (run 'muster source' to check a run)"
run check --run 5
check_rc "check --run ID without any run fails" 1
check_eq "no such run" "$err" "muster: no sourcing run 5"

run source --exact
check_rc "source --exact" 0
run check
check_rc "a good run passes" 0
check_contains "it says so" "$out" "5 assignments, 0 violations"
run check --format json
check_rc "check --format json" 0
check_eq "no violations in json" "$out" "[]"

id=$(sqlite3 "$MUSTER_DB" "select max(id) from run")
run check --run "$id"
check_rc "check --run ID (the latest)" 0
run check --run 999
check_rc "check --run of an unknown id fails" 1
check_eq "its message" "$err" "muster: no sourcing run 999"

# an older run can be checked too, and `muster runs` lists both
first=$id
run source
check_rc "a second run" 0
id=$(sqlite3 "$MUSTER_DB" "select max(id) from run")
run runs --format csv
check_rc "runs" 0
check_eq "runs lists both, oldest first" "$(printf '%s\n' "$out" | cut -d, -f1,3,4,5,6 | tr '\n' ' ')" \
	"id,scenario,mission,solver,requested $first,base,all,exact,no $id,base,all,fast,no "
run check --run "$first"
check_rc "check --run of the older run" 0
check_contains "its summary names it" "$out" "run $first (exact,"
run whatif new w
run --scenario w check --run "$first"
check_rc "check --run with another scenario fails" 1
check_eq "and says whose run it is" "$err" \
	"muster: run $first was sourced from the base scenario; drop --scenario"
run --scenario w runs
check_eq "runs of a what-if without runs" "$out" \
	"no sourcing runs of what-if scenario 'w'; run 'muster source' to make one"
run --scenario w source
id_w=$(sqlite3 "$MUSTER_DB" "select max(id) from run")
run check --run "$id_w"
check_rc "a what-if's run without its --scenario fails" 1
check_eq "and names it" "$err" "muster: run $id_w was sourced from what-if scenario 'w'; add --scenario w"
run --scenario w check --run "$id_w"
check_rc "a what-if's run is checked against the what-if" 0
check_contains "and passes" "$out" "run $id_w (fast,"
run runs --base --format csv
check_eq "runs --base leaves the what-if's out" "$(printf '%s\n' "$out" | wc -l)" 3
run --scenario nope runs
check_rc "runs of an unknown what-if fails" 1
run runs --base --format xml
check_rc "runs with a bad format is a usage error" 2
run check --run soon
check_rc "check --run soon is a usage error" 2

# corrupt the run: 2 USA units of 100 in IRQ (cap 250, 100 deployed), which
# also puts 3 units on the 2-unit line INF-1 while FRA's unit is there
sqlite3 "$MUSTER_DB" "update run_assignment set units = 2, personnel = 200
	where run = $id and offer = 'USA-INF'"
run check --run "$id" --format csv
check_rc "a run over the cap fails" 1
# (posture rows, from the posture section of `muster check`, are not ours to pin)
printf '%s\n' "$out" | grep -v '^posture-' >"$T/cap.csv"
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then mkdir -p "$G" && cp "$T/cap.csv" "$G/cap.csv"; fi
check_file "the cap violation is reported" "$T/cap.csv" "$G/cap.csv"
check_contains "the count is on stderr" "$err" "violations"

# and an assignment outside its pair's interval, over the offer's units
sqlite3 "$MUSTER_DB" "update run_assignment set units = 3, personnel = 300,
	to_day = to_day + 10 where run = $id and offer = 'USA-INF'"
run check --run "$id"
check_rc "a run with several breaches fails" 1
for what in interval line offer cap; do
	check_contains "reports '$what'" "$out" "$what "
done

run check --run "$first"
check_rc "the older run still passes" 0

run check --help
check_rc "check --help" 0
run runs --help
check_rc "runs --help" 0
done_testing
