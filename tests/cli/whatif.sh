#!/usr/bin/env bash
# whatif.sh: what-if layers on a hand-built scenario (expected/whatif/scenario):
# withdraw a nation, move a deadline, approve a requested phase, add/set/
# withdraw offers; `whatif diff` against golden files; bad changes refused
# with exact messages and nothing stored; --scenario on another command.
. "$(dirname "$0")/lib.sh"
E="$MUSTER_SRC/tests/cli/expected/whatif"

run init
run import "$E/scenario"
check_rc "import the hand-built scenario" 0

run whatif new w1
check_rc "whatif new" 0
run whatif add w1 withdraw nation=USA mission=M1 from=2021-05-01
check_eq "add prints the normalised change" "$out" "added to 'w1': withdraw nation=USA mission=M1 from=2021-05-01"
run whatif diff base w1 --on 2021-06-01
printf '%s\n' "$out" >diff-w1.txt
check_file "withdraw USA from M1: fill drops, posture in IRQ drops (golden)" diff-w1.txt "$E/diff-w1.txt"

run whatif new w2
run whatif add w2 move-deadline nation=USA country=AFG to=2021-09-11
run whatif diff base w2 --on 2021-06-01 --all --format csv
printf '%s\n' "$out" >diff-w2.csv
check_file "move the AFG deadline to 2021-09-11: the cap before it lasts, deployments do not move (golden)" diff-w2.csv "$E/diff-w2.csv"

run whatif new w3
run whatif add w3 approve mission=M1 phase=P2
run whatif diff base w3 --on 2022-02-01 --format json
printf '%s\n' "$out" >diff-w3.json
check_file "approve the requested phase P2: the ceiling changes (golden)" diff-w3.json "$E/diff-w3.json"

run whatif new w4
run whatif add w4 "offer add id=O5 nation=ITA capability=FP units=1 personnel=100 from=2021-07-01 to=2022-01-01" \
	"offer set id=O3 units=1 from=2021-10-01" "offer withdraw id=O1"
check_rc "three changes in one add" 0
run whatif diff base w4 --on 2021-08-01
printf '%s\n' "$out" >diff-w4.txt
check_file "offer add/set/withdraw (golden)" diff-w4.txt "$E/diff-w4.txt"

run whatif show w4
check_file_text() { printf '%s\n' "$2" >"$T/.got"; check_file "$1" "$T/.got" "$3"; }
check_file_text "whatif show lists the changes in order" "$out" "$E/show-w4.txt"

# A layer over a layer: w5 builds on w1 and sees its change.
run whatif new w5 --base w1
run whatif add w5 offer withdraw id=O3
run whatif diff w1 w5 --on 2021-08-01 --format csv
check_contains "w5 withdraws O3 on top of w1" "$out" "posture,IRQ,170,70,-100"
run --scenario w5 export "$T/w5-export"
check_contains "a what-if over a what-if carries its base's changes" "$(cat "$T/w5-export/offers.csv")" \
	"O2,USA,TRG,2,20,2021-01-01,2021-05-01"

# --scenario runs any command on the what-if.
run --scenario w2 export "$T/w2-export"
check_rc "export --scenario w2" 0
check_contains "the exported what-if has the moved deadline" "$(cat "$T/w2-export/caps.csv")" "USA,AFG,0,2021-09-11"

# offer add/set take the offers column `pool`; empty is "not stated".
run whatif new wp
run whatif add wp "offer set id=O1 pool=5" "offer add id=O6 nation=ITA capability=FP units=1 personnel=100 from=2021-07-01 pool=0" \
	"offer set id=O2 pool=4" "offer set id=O2 pool="
run --scenario wp export "$T/wp-export"
check_eq "offer set/add pool=N, and pool= for not stated" \
	"$(grep -E '^O(1|2|6),' "$T/wp-export/offers.csv" | awk -F, '{print $1 "=" $NF}' | tr '\n' ' ')" "O1=5 O2= O6=0 "
run whatif rm wp

# Bad changes: exact messages, exit 1, nothing stored.
before=$(db_digest)
bad() { # NAME EXPECTED_MESSAGE CHANGE...
	local name=$1 msg=$2; shift 2
	run whatif add w1 "$@"
	if [ "$rc" -eq 1 ] && [ "$err" = "$msg" ]; then ok "$name"; else
		not_ok "$name" "rc $rc" "--- expected" "$msg" "--- got" "$err"; fi
}
bad "unknown nation" "muster: what-if change 'withdraw nation=XYZ mission=M1 from=2021-05-01': unknown nation 'XYZ'" \
	withdraw nation=XYZ mission=M1 from=2021-05-01
bad "unknown mission, with a suggestion" "muster: what-if change 'withdraw nation=USA mission=M3 from=2021-05-01': unknown mission 'M3'; did you mean 'M1'?" \
	withdraw nation=USA mission=M3 from=2021-05-01
bad "unknown phase" "muster: what-if change 'approve mission=M1 phase=P9': mission 'M1' has no phase 'P9'; did you mean 'P1'?" \
	approve mission=M1 phase=P9
bad "unknown offer" "muster: what-if change 'offer set id=O99 units=2': unknown offer 'O99'; did you mean 'O1'?" \
	offer set id=O99 units=2
bad "bad date" "muster: what-if change 'withdraw nation=USA mission=M1 from=May': 'from': expected a date YYYY-MM-DD, got 'May'" \
	withdraw nation=USA mission=M1 from=May
bad "bad number" "muster: what-if change 'offer set id=O1 units=two': 'units': expected a whole number >= 1, got 'two'" \
	offer set id=O1 units=two
bad "bad pool" "muster: what-if change 'offer set id=O1 pool=-1': 'pool': expected a whole number >= 0, got '-1'" \
	offer set id=O1 pool=-1
bad "unknown verb" "muster: what-if change 'withdrew nation=USA': unknown change 'withdrew'; did you mean 'withdraw'?" \
	withdrew nation=USA
bad "missing key" "muster: what-if change 'cap nation=USA country=AFG': missing 'limit='" \
	cap nation=USA country=AFG
bad "no deadline to move" "muster: what-if change 'move-deadline nation=GBR country=IRQ to=2021-09-11': no deadline (cap of 0) for 'GBR' in 'IRQ'" \
	move-deadline nation=GBR country=IRQ to=2021-09-11
bad "duplicate offer id" "muster: what-if change 'offer add id=O1 nation=ITA capability=FP units=1 personnel=100 from=2021-07-01': offer 'O1' already exists" \
	offer add id=O1 nation=ITA capability=FP units=1 personnel=100 from=2021-07-01
bad "one of several bad changes stores none" "muster: what-if change 'offer withdraw id=NOPE': unknown offer 'NOPE'" \
	"offer withdraw id=O1" "offer withdraw id=NOPE"
check_eq "bad changes change nothing" "$(db_digest)" "$before"
run whatif add nosuch offer withdraw id=O1
check_rc "add to an unknown what-if fails" 1

# move-deadline moves the deadline only, never deployments (issue 9, item 9):
# on the example, a deadline moved to 2021-09-11, after the real exit of
# 2021-08-31, shows no breach; one moved earlier shows the breach from then.
X="$MUSTER_SRC/examples/nmi-2021"
NMI="$T/nmi.db"
run --db "$NMI" init
run --db "$NMI" import "$X"
run --db "$NMI" whatif new late
run --db "$NMI" whatif add late move-deadline nation=USA country=AFG to=2021-09-11
run --db "$NMI" --scenario late posture --check
check_eq "deadline moved past the real exit: no breach" "$out" "checked 2 caps, 1 deadline and the phase ceilings of 1 mission: no breach"
run --db "$NMI" export "$T/nmi-base"
run --db "$NMI" --scenario late export "$T/nmi-late"
check_file "move-deadline leaves every deployment as it was" "$T/nmi-late/deployments.csv" "$T/nmi-base/deployments.csv"
check_eq "move-deadline moves the deadline and the cap that ended at it" \
	"$(grep AFG "$T/nmi-late/caps.csv" | cut -d, -f2-6)" \
	"$(printf 'USA,AFG,2500,2021-01-15,2021-09-11\nUSA,AFG,0,2021-09-11,')"
run --db "$NMI" whatif new early
run --db "$NMI" whatif add early move-deadline nation=USA country=AFG to=2021-04-01
run --db "$NMI" --scenario early posture --check --format csv
check_contains "deadline moved earlier: the posture breaches it from then" "$out" \
	"deadline,USA,AFG,,,0,2021-04-01,2021-08-31,2500,2500,2021-04-01"

# whatif diff compares like with like (issue 9, item 8): an empty what-if
# diffs as empty. Base sourced exact, the what-if fast: refused, naming the
# setting and the command; once sourced alike, nothing differs.
run --db "$NMI" source --exact
run --db "$NMI" whatif new same
run --db "$NMI" whatif diff base same --on 2021-06-01
check_eq "an empty what-if without a run: sourced now as base was, no difference" \
	"$rc:$out" "0:section  key  base  same  change"
check_contains "... and says how it was sourced" "$err" \
	"note: same: no stored sourcing run; sourced now (exact solver, approved phases only, fair weight 0, all missions), not stored"
check_contains "... and that nothing differs" "$err" "note: no differences ('--all' shows every figure compared)"
run --db "$NMI" --scenario same source
before=$(MUSTER_DB="$NMI" db_digest)
run --db "$NMI" whatif diff base same --on 2021-06-01
check_eq "exact on base, fast on the what-if: refused, not a phantom difference" "$rc:$out" "1:"
check_eq "... the message names the setting and the commands" "$err" \
"muster: no runs of 'base' and 'same' were sourced alike: the latest, run 1 of 'base' and run 2 of 'same', differ in solver ('exact' vs 'fast')
hint: a difference of solver or options is not a difference of scenario;
hint: source 'same' as run 1 was: muster --scenario same source --exact
hint: or source 'base' as run 2 was: muster source"
check_eq "... and changes nothing" "$(MUSTER_DB="$NMI" db_digest)" "$before"
run --db "$NMI" --scenario same source --exact
run --db "$NMI" whatif diff base same --on 2021-06-01 --format csv
check_eq "sourced alike: an empty what-if diffs as empty" "$rc:$out" "0:section,key,base,same,change"
check_contains "... comparing the latest runs sourced alike" "$err" \
	"note: compared run 1 of 'base' with run 3 of 'same' (exact solver, approved phases only, fair weight 0, all missions)"
run --db "$NMI" whatif diff base same --on 2021-06-01 --all --format csv
check_contains "--all: the fill of both runs, equal" "$out" "fill,fill %,83.0,83.0,0.0"
# A newer fast run of the base: its latest (4, fast) pairs with the what-if's
# fast run 2, a more recent pair than the exact (1, 3); still nothing differs.
run --db "$NMI" source
run --db "$NMI" whatif diff base same --on 2021-06-01 --format csv
check_eq "the most recent pair sourced alike is compared" "$rc:$out" "0:section,key,base,same,change"
check_contains "... and named" "$err" "compared run 4 of 'base' with run 2 of 'same' (fast solver"
# A run for one mission and a run over all missions are not alike either.
run --db "$NMI" --scenario late source --mission NMI
run --db "$NMI" whatif diff base late --on 2021-06-01 --mission NMI
check_contains "a run for one mission vs one over all: refused" "$rc:$err" \
	"1:muster: no runs of 'base' and 'late' were sourced alike: the latest, run 4 of 'base' and run 5 of 'late', differ in mission ('all' vs 'NMI')"
check_contains "... with the command that fixes it" "$err" "hint: source 'late' as run 4 was: muster --scenario late source"

# A withdrawal adds its caveat only when some offer runs past its date.
run whatif new w6
run whatif add w6 withdraw nation=FRA country=IRQ from=2022-07-01
run --scenario w6 export "$T/w6-export"
case "$(cat "$T/w6-export/caveats.csv" 2>/dev/null)" in
*whatif-FRA*) not_ok "withdraw with no offer past D adds no caveat" "$(cat "$T/w6-export/caveats.csv")" ;;
*) ok "withdraw with no offer past D adds no caveat" ;;
esac

run whatif list --format csv
check_eq "whatif list" "$out" "$(printf 'name,base,changes\nw1,base,1\nw2,base,1\nw3,base,1\nw4,base,3\nw5,w1,1\nw6,base,1')"
run whatif rm w3
run whatif list --format csv
check_contains "whatif rm removes it" "$out" "w4,base,3"
case "$out" in *w3*) not_ok "w3 is gone" "$out" ;; *) ok "w3 is gone" ;; esac
run whatif diff base w1 --on 2021-13-01
check_rc "a bad --on date is a usage error" 2
run whatif
check_rc "whatif without a subcommand is a usage error" 2
done_testing
