#!/usr/bin/env bash
# check.sh: `muster check` on runs of tests/source/basic: a good run passes;
# a run corrupted in the database (one more USA unit in IRQ, over the cap;
# a unit moved beyond the offer's window) is reported, exit 1; errors.
. "$(dirname "$0")/lib.sh"
G="$MUSTER_SRC/tests/cli/expected/check"
S="$MUSTER_SRC/tests/source"

run check
check_rc "check without a database run fails" 1
check_eq "nothing to check" "$err" "muster: database '$MUSTER_DB' $(db_missing); create it with 'muster init' or 'muster import DIR', or name another with --db"

run import "$S/basic"
check_rc "import" 0
run check
check_rc "check without a run checks the posture only" 0
check_eq "no run message" "$out" "sourcing run against the contract: not checked, there is no sourcing run (run 'muster source' to make one)

posture (deployments only) against caps, deadlines and ceilings: 1 cap, 1 deadline, 1 mission's phase ceilings checked, 0 breaches"
run check --run 5
check_rc "check --run ID without any run fails" 1
check_eq "no such run" "$err" "muster: no sourcing run 5; see 'muster runs'"

run source --exact
check_rc "source --exact" 0
run check
check_rc "a good run passes" 0
check_contains "it says so" "$out" "5 assignments, 0 violations"
run check --format json
check_rc "check --format json" 0
check_eq "json: the run's verdict, no violations" \
	"$(printf '%s' "$out" | python3 -c 'import json, sys; r = json.load(sys.stdin)["run"]; print(r["assignments"], r["violations"], r["ok"], len(r["rows"]))')" \
	"5 0 True 0"

id=$(db_sql "select max(id) from run")
run check --run "$id"
check_rc "check --run ID (the latest)" 0
run check --run 999
check_rc "check --run of an unknown id fails" 1
check_eq "its message" "$err" "muster: no sourcing run 999; see 'muster runs'"

# an older run can be checked too, and `muster runs` lists both
first=$id
run source
check_rc "a second run" 0
id=$(db_sql "select max(id) from run")
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
id_w=$(db_sql "select max(id) from run")
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
db_sql "update run_assignment set units = 2, personnel = 200
	where run = $id and offer = 'USA-INF'"
run check --run "$id" --format csv
check_rc "a run over the cap fails" 1
# (posture rows, from the posture section of `muster check`, are not ours to pin)
printf '%s\n' "$out" | grep -v '^posture-' >"$T/cap.csv"
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then mkdir -p "$G" && cp "$T/cap.csv" "$G/cap.csv"; fi
check_file "the cap violation is reported" "$T/cap.csv" "$G/cap.csv"
check_contains "the count is on stderr" "$err" "violations"

# and an assignment outside its pair's interval, over the offer's units
db_sql "update run_assignment set units = 3, personnel = 300,
	to_day = to_day + 10 where run = $id and offer = 'USA-INF'"
run check --run "$id"
check_rc "a run with several breaches fails" 1
for what in interval line offer cap; do
	check_contains "reports '$what'" "$out" "$what "
done

run check --run "$first"
check_rc "the older run still passes" 0

# the corrupted run: both verdicts in JSON, counts as in the text
run check --run "$id" --format json
check_rc "json of a failing run: exit 1" 1
counts=$(printf '%s' "$out" | python3 -c 'import json, sys
d = json.load(sys.stdin)
r, p = d["run"], d["posture"]
assert r["violations"] == len(r["rows"]) and p["breaches"] == len(p["rows"])
assert all(not x["check"].startswith("posture-") for x in r["rows"])
assert all(x["check"].startswith("posture-") for x in p["rows"])
print(r["id"], r["violations"], r["ok"], p["breaches"], p["ok"])') ||
	counts="invalid json: $out"
check_eq "json: run and posture apart, counts = rows" "$counts" "$id 7 False 3 False"
run check --run "$id"
check_contains "text: the run's verdict has the same count" "$out" \
	"against the sourcing contract: 5 assignments, 7 violations"
check_contains "text: the posture's verdict has the same count" "$out" \
	"1 mission's phase ceilings checked, 3 breaches"
check_eq "stderr: the run breaks the contract" "$err" \
	"muster: run $id breaks the sourcing contract: 7 violations"

run check --help
check_rc "check --help" 0
check_contains "check --help: which verdict sets the exit code" "$out" \
	"Exit status: 1 when the run breaks the sourcing contract; posture breaches
are reported but exit 0, unless --strict. 0 otherwise."

# ---- the example: a good run, and the real deployments past a deadline ----
db_remove
run import "$MUSTER_SRC/examples/nmi-2021"
run source --exact
ex=$(db_sql "select max(id) from run")
run check
check_rc "example: the run obeys the contract, exit 0 despite the posture breach" 0
check_eq "example: two labelled verdicts" "$(printf '%s\n' "$out" | sed "s/ ($ex, exact, [^)]*)/ (N)/; s/(exact, [^)]*)/(exact, T)/")" \
	"run $ex (exact, T) against the sourcing contract: 38 assignments, 0 violations

posture (deployments plus run $ex) against caps, deadlines and ceilings: 2 caps, 1 deadline, 1 mission's phase ceilings checked, 1 breach
check             subject     from        to          detail
posture-deadline  USA in AFG  2021-05-01  2021-08-31  peak 2500 over limit 0 (excess 2500 from 2021-05-01)"
check_eq "example: nothing on stderr" "$err" ""
run check --strict
check_rc "example --strict: the posture breach fails" 1
check_eq "example --strict: says why" "$err" \
	"muster: the posture breaches caps, deadlines or ceilings: 1 breach (--strict)"
run check --format json
check_rc "example json: exit 0" 0
counts=$(printf '%s' "$out" | python3 -c 'import json, sys
d = json.load(sys.stdin)
r, p = d["run"], d["posture"]
print(r["assignments"], r["violations"], r["ok"], p["caps"], p["deadlines"], p["missions"],
      p["breaches"], len(p["rows"]), p["ok"], d["strict"])') || counts="invalid json: $out"
check_eq "example json: the counts of the text" "$counts" "38 0 True 2 1 1 1 1 False False"
run check --format csv
check_eq "example csv: the rows of both verdicts" "$out" "check,subject,from,to,detail
posture-deadline,USA in AFG,2021-05-01,2021-08-31,peak 2500 over limit 0 (excess 2500 from 2021-05-01)"
run check --no-such
check_rc "an unknown option is a usage error" 2
run runs --help
check_rc "runs --help" 0
done_testing
