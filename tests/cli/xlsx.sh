#!/usr/bin/env bash
# xlsx.sh: --format xlsx wherever --format csv is (the same table, read back
# with Python's zipfile and xml modules: the same cells, numbers as numbers,
# dates as dates, a frozen header row), and `report --xlsx FILE` (one sheet
# per report table; the posture sheets equal `posture --format csv`, the
# force generation sheets add up to the run's own figures). Runs on the NMI
# 2021 example.
. "$(dirname "$0")/lib.sh"
READ="$MUSTER_SRC/tests/cli/xlsx_read.py"

run init
run import "$MUSTER_SRC/examples/nmi-2021"
check_rc "import the NMI example" 0
run source
check_rc "a sourcing run" 0

# same TITLE CSV-FILE XLSX-FILE: the first sheet equals the CSV, numbers compared as numbers
same() {
	python3 - "$2" "$3" "$READ" <<'PY'
import csv, io, subprocess, sys
want = list(csv.reader(open(sys.argv[1], newline="")))
text = subprocess.run([sys.executable, sys.argv[3], sys.argv[2]], capture_output=True, text=True, check=True).stdout
lines = text.split("\n")
assert lines[0].startswith("== ") and lines[0].endswith("frozen=1"), "no frozen header: " + lines[0]
body = [l for l in lines[1:] if l and not l.startswith("== ") and not l.startswith("types: ")]
first = next((i for i, l in enumerate(lines[1:], 1) if l.startswith("== ")), len(lines))
body = [l for l in lines[1:first] if l and not l.startswith("types: ")]
got = list(csv.reader(io.StringIO("\n".join(body) + "\n")))
def eq(a, b):
    if a == b:
        return True
    try:
        return abs(float(a) - float(b)) < 1e-9
    except ValueError:
        return False
if len(got) != len(want):
    print(f"{len(got)} rows, want {len(want)}"); sys.exit(0)
for r, (g, w) in enumerate(zip(got, want)):
    if len(g) != len(w) or not all(eq(a, b) for a, b in zip(g, w)):
        print(f"row {r + 1}: {g} != {w}"); sys.exit(0)
print("same")
PY
}

# every tabular command: csv and xlsx of the same call
i=0
while IFS= read -r cmd; do
	i=$((i + 1))
	# shellcheck disable=SC2086
	"$MUSTER" $cmd --format csv >c$i.csv 2>/dev/null
	r1=$?
	# shellcheck disable=SC2086
	"$MUSTER" $cmd --format xlsx >x$i.xlsx 2>x$i.err
	r2=$?
	if [ $r1 -ne 0 ] || [ $r2 -ne 0 ]; then
		not_ok "$cmd --format xlsx" "exit codes csv $r1, xlsx $r2" "$(cat x$i.err)"
		continue
	fi
	check_eq "$cmd --format xlsx: the cells of --format csv" "$(same "$cmd" c$i.csv x$i.xlsx)" same
done <<'CMDS'
show offers
show deployments
history
check
runs
rotation --dwell 2
fairshare --mission NMI --key gdp
whatif list
user list
posture --on 2021-06-01 --by nation,mission
posture --from 2021-01-01 --to 2021-06-01 --every month --wide
burden --on 2021-06-01
CMDS

run whatif new more
run whatif diff base more --format xlsx
check_rc "whatif diff --format xlsx" 0
"$MUSTER" add nations code=XTS name=Test --format xlsx >e.xlsx 2>/dev/null
check_eq "an edit --format xlsx: the record with its version, a number" "$(python3 "$READ" e.xlsx)" "== muster frozen=1
code,name,region,memberships,version
XTS,Test,,,1
types: s,s,-,-,n"

# typed cells: the posture series' dates are dates, its figures numbers
"$MUSTER" posture --from 2021-01-01 --to 2021-03-01 --every month --format xlsx >t.xlsx 2>/dev/null
check_eq "typed cells: a date, a code, numbers" "$(python3 "$READ" t.xlsx | grep '^types:')" "types: d,s,n,n,n,n,n,n"

# ---- report --xlsx ----
run report --xlsx r.xlsx --html r.html --on 2021-06-01
check_rc "report --xlsx" 0
python3 "$READ" r.xlsx >r.txt
check_eq "one sheet per table, every header row frozen" "$(grep '^== ' r.txt)" "== by nation on 2021-06-01 frozen=1
== by country on 2021-06-01 frozen=1
== by mission on 2021-06-01 frozen=1
== series, every day frozen=1
== breaches frozen=1
== fill by line and phase frozen=1
== gaps by reason frozen=1
== soft caveats overridden frozen=1
== contributions vs fair share frozen=1"
sheet() { awk -v s="== $1 " 'index($0, s) == 1 { on = 1; next } /^== / { on = 0 } on && !/^types: /' r.txt; }
for by in nation country mission; do
	run posture --on 2021-06-01 --by $by --format csv
	check_eq "the sheet 'by $by' is posture --by $by" "$(sheet "by $by on 2021-06-01")" "$out"
done
run posture --on 2021-06-01 --format csv
check_eq "the series sheet on the map's date is the posture by nation" \
	"$(sheet "series, every day" | awk -F, 'NR == 1 { for (i = 2; i < NF; i++) h[i] = $i } $1 == "2021-06-01" { for (i = 2; i < NF; i++) if ($i > 0) print h[i] "," $i }')" \
	"$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1,2)"
run posture --check --format csv
check_eq "the breaches sheet has posture --check's breaches" "$(sheet breaches | tail -n +2 | wc -l)" "$(printf '%s\n' "$out" | tail -n +2 | wc -l)"
# force generation: the lines' filled person-days add up to the run's assignments
run source --out fg
check_rc "the same run again, with its files" 0
run report --xlsx r2.xlsx --on 2021-06-01
python3 "$READ" r2.xlsx >r.txt
check_eq "fill by line and phase: filled person-days add up to the assignments'" \
	"$(sheet "fill by line and phase" | awk -F, 'NR > 1 { s += $8 } END { print s }')" \
	"$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "person_days") c = i } NR > 1 { s += $c } END { print s }' fg/assignments.csv)"
check_eq "... and required person-days add up to the lines'" \
	"$(sheet "fill by line and phase" | awk -F, 'NR > 1 { s += $7 } END { print s }')" \
	"$(python3 - "$MUSTER_SRC/examples/nmi-2021/requirements.csv" <<'PY'
import csv, datetime, sys
d = lambda s: datetime.date.fromisoformat(s)
print(sum(int(r["units"]) * int(r["personnel"]) * (d(r["to"]) - d(r["from"])).days
          for r in csv.DictReader(open(sys.argv[1]))))
PY
)"
check_eq "gaps by reason: as many gaps as gaps.csv" \
	"$(sheet "gaps by reason" | awk -F, 'NR > 1 { s += $2 } END { print s }')" "$(($(wc -l <fg/gaps.csv) - 1))"
check_eq "... one row per reason" "$(sheet "gaps by reason" | tail -n +2 | cut -d, -f1 | sort | tr '\n' ' ')" \
	"$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "reason") c = i } NR > 1 { print $c }' fg/gaps.csv | sort -u | tr '\n' ' ')"
run report --xlsx r3.xlsx --no-run
python3 "$READ" r3.xlsx >r.txt
check_eq "without a run, no force generation sheets" "$(grep -c '^== ' r.txt)" 5
run report --xlsx "$T/no/such/dir/r.xlsx" --no-run
check_rc "an unwritable workbook fails" 1

done_testing
