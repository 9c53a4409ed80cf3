#!/usr/bin/env bash
# filters.sh: every filter of every command takes its code through one
# resolver (muster_code_resolve): a lower-case code means the upper-case one
# (`posture --check --nation usa` shows the US 2,500 over its Afghanistan
# deadline, where it once said "no breach"); an unknown code is exit 1 with a
# suggestion and nothing on stdout; a known code without data says so on
# stderr; a filtered check says what it checked. On the NMI 2021 example.
. "$(dirname "$0")/lib.sh"

run import "$MUSTER_SRC/examples/nmi-2021"
check_rc "import the example" 0
run source
check_rc "source" 0

# ---- the case of the issue ----
run posture --check --nation usa
check_rc "posture --check --nation usa: exit 0" 0
check_eq "posture --check --nation usa: the AFG deadline breach, and what was checked" "$out" \
	"kind      nation  country  mission  phase  limit  from        to          peak  excess  peak_on
deadline  USA     AFG                          0  2021-05-01  2021-08-31  2500    2500  2021-05-01

checked 2 caps and 1 deadline for nation 'USA': 1 breach"
run posture --check --nation usa --country afg --format csv
check_eq "posture --check, lower-case nation and country, csv" "$out" \
	"kind,nation,country,mission,phase,limit,from,to,peak,excess,peak_on
deadline,USA,AFG,,,0,2021-05-01,2021-08-31,2500,2500,2021-05-01"
check_eq "csv: what was checked goes to stderr" "$err" \
	"checked 1 cap and 1 deadline for nation 'USA', country 'AFG': 1 breach"
run posture --check --mission nmi --format json
check_rc "posture --check --mission nmi --format json" 0
if printf '%s' "$out" | python3 -m json.tool >/dev/null 2>&1; then
	ok "posture --check json parses"
else
	not_ok "posture --check json parses" "$out"
fi

# ---- lower case means upper case, in every command ----
same_as_upper() { # NAME ARGS_LOWER... -- ARGS_UPPER...
	local name=$1 lower=() upper
	shift
	while [ "$1" != "--" ]; do lower+=("$1"); shift; done
	shift
	run "$@"
	upper=$out
	run "${lower[@]}"
	if [ "$rc" -eq 0 ] && [ -n "$out" ] && [ "$out" = "$upper" ]; then ok "$name"; else
		not_ok "$name" "exit code $rc" "stderr: $err" "--- lower" "$out" "--- upper" "$upper"
	fi
}
same_as_upper "show offers --nation usa" show offers --nation usa -- show offers --nation USA
same_as_upper "show lines --mission nmi" show lines --mission nmi -- show lines --mission NMI
same_as_upper "posture --nation usa" posture --on 2021-06-01 --nation usa \
	-- posture --on 2021-06-01 --nation USA
same_as_upper "posture --country irq" posture --on 2021-06-01 --country irq \
	-- posture --on 2021-06-01 --country IRQ
same_as_upper "posture --mission nmi, a series" posture --from 2021-01-01 --to 2021-07-01 \
	--mission nmi -- posture --from 2021-01-01 --to 2021-07-01 --mission NMI
same_as_upper "posture --diff --nation usa" posture --diff 2021-02-18 2021-06-01 --nation usa \
	-- posture --diff 2021-02-18 2021-06-01 --nation USA
same_as_upper "rotation --mission nmi" rotation --dwell 2 --mission nmi \
	-- rotation --dwell 2 --mission NMI
same_as_upper "fairshare --mission nmi --participants usa,gbr" fairshare --mission nmi \
	--key gdp-2020 --participants usa,gbr --format csv -- fairshare --mission NMI \
	--key gdp-2020 --participants USA,GBR --format csv
same_as_upper "whatif diff --mission nmi" whatif diff base base --mission nmi --on 2021-06-01 \
	-- whatif diff base base --mission NMI --on 2021-06-01
run source --mission nmi --format json
check_rc "source --mission nmi" 0
run runs --format csv
check_contains "the run is stored for mission NMI" "$(printf '%s\n' "$out" | tail -1)" ",base,NMI,"

# ---- an unknown code: exit 1, a suggestion or a hint, nothing on stdout ----
unknown() { # NAME MESSAGE ARGS...: exit 1, stderr MESSAGE, empty stdout, database unchanged
	local name=$1 msg=$2 before
	shift 2
	before=$(db_digest)
	run "$@"
	if [ "$rc" -eq 1 ] && [ "$err" = "$msg" ] && [ -z "$out" ] && [ "$(db_digest)" = "$before" ]; then
		ok "$name"
	else
		not_ok "$name" "exit code $rc (expected 1)" "--- stderr" "$err" "--- expected" "$msg" \
			"--- stdout" "$out"
	fi
}
NATION_HINT="see 'muster show nations --all'"
for cmd in "posture --on 2021-06-01" "posture --check" "posture --from 2021-01-01 --to 2021-03-01" \
	"posture --diff 2021-01-01 2021-06-01" "show offers" "show caps" "show deployments"; do
	# shellcheck disable=SC2086
	unknown "$cmd --nation usx" "muster: unknown nation 'usx'; did you mean 'USA'?" $cmd --nation usx
	# shellcheck disable=SC2086
	unknown "$cmd --nation XYZ" "muster: unknown nation 'XYZ'; $NATION_HINT" $cmd --nation XYZ
done
for cmd in "posture --on 2021-06-01" "posture --check" "posture --diff 2021-01-01 2021-06-01"; do
	# shellcheck disable=SC2086
	unknown "$cmd --country IRK" "muster: unknown country 'IRK'; did you mean 'IRQ'?" \
		$cmd --country IRK
	# shellcheck disable=SC2086
	unknown "$cmd --mission nmx" "muster: unknown mission 'nmx'; did you mean 'NMI'?" \
		$cmd --mission nmx
done
unknown "show lines --mission nmx" "muster: unknown mission 'nmx'; did you mean 'NMI'?" \
	show lines --mission nmx
unknown "show phases --mission XYZWV" "muster: unknown mission 'XYZWV'; see 'muster show missions'" \
	show phases --mission XYZWV
unknown "rotation --mission nmx" "muster: unknown mission 'nmx'; did you mean 'NMI'?" \
	rotation --dwell 2 --mission nmx
unknown "fairshare --mission nmx" "muster: unknown mission 'nmx'; did you mean 'NMI'?" \
	fairshare --mission nmx --key gdp-2020
unknown "fairshare --participants usa,usx" "muster: unknown nation 'usx'; did you mean 'USA'?" \
	fairshare --mission NMI --key gdp-2020 --participants usa,usx
unknown "fairshare --participants usa,USA: listed twice" "muster: nation 'USA' is listed twice" \
	fairshare --mission NMI --key gdp-2020 --participants usa,USA
unknown "source --mission nmx (no run stored)" "muster: unknown mission 'nmx'; did you mean 'NMI'?" \
	source --mission nmx
unknown "whatif diff --mission nmx" "muster: unknown mission 'nmx'; did you mean 'NMI'?" \
	whatif diff base base --mission nmx
for cmd in "check" "posture" "rotation --dwell 2" "fairshare --mission NMI --key gdp-2020" \
	"report --html r.html"; do
	# shellcheck disable=SC2086
	unknown "$cmd --run 99" "muster: no sourcing run 99; see 'muster runs'" $cmd --run 99
done
[ ! -e r.html ] && ok "report --run 99 wrote nothing" || not_ok "report --run 99 wrote nothing"

# what-if changes take codes exactly, and suggest the spelling
run whatif new early
unknown "whatif add: a lower-case nation" \
	"muster: what-if change 'withdraw nation=usa country=AFG from=2021-05-01': unknown nation 'usa'; did you mean 'USA'?" \
	whatif add early withdraw nation=usa country=AFG from=2021-05-01
unknown "whatif add: a lower-case mission" \
	"muster: what-if change 'approve mission=nmi phase=P3-full': unknown mission 'nmi'; did you mean 'NMI'?" \
	whatif add early approve mission=nmi phase=P3-full
unknown "whatif add: a lower-case capability" \
	"muster: what-if change 'offer add id=X1 nation=USA capability=trg-team units=1 personnel=10 from=2021-07-01': unknown capability 'trg-team'; did you mean 'TRG-TEAM'?" \
	whatif add early offer add id=X1 nation=USA capability=trg-team units=1 personnel=10 from=2021-07-01
unknown "--scenario with a typo" "muster: no what-if scenario 'eraly'; did you mean 'early'?" \
	--scenario eraly posture --check
unknown "--scenario unknown" "muster: no what-if scenario 'nothing-like-it'; see 'muster whatif list'" \
	--scenario nothing-like-it show caps

# ---- a known code without data says so ----
run posture --on 2021-02-18 --nation fra
check_rc "posture of a nation with no people: exit 0" 0
check_eq "it says so on stderr" "$err" \
	"muster: no deployments or assignments for nation 'FRA' on 2021-02-18"
run posture --from 2021-01-01 --to 2021-03-01 --nation FRA --mission NMI --format csv
check_eq "a series with no people: the header" "$out" \
	"date,nation,personnel,in_host,out_of_host,permanent,rotational,other"
check_eq "a series with no people: said" "$err" \
	"muster: no deployments or assignments for nation 'FRA', mission 'NMI' from 2021-01-01 to 2021-03-01"
run posture --diff 2019-01-01 2019-02-01 --country deu --no-run --counted
check_eq "a diff with no people: said" "$err" \
	"muster: no counted deployments for country 'DEU' on 2019-01-01 or 2019-02-01"
run posture --check --nation FRA
check_eq "a check with nothing in scope is not an all-clear" "$out" \
	"nothing to check: no cap, deadline or phase ceiling for nation 'FRA'"
run posture --check --country KWT
check_eq "--check --country KWT: nothing in scope" "$out" \
	"nothing to check: no cap, deadline or phase ceiling for country 'KWT'"
run posture --check --country IRQ
check_eq "--check --country IRQ: caps in IRQ and NMI's ceilings" "$out" \
	"checked 1 cap and the phase ceilings of 1 mission for country 'IRQ': no breach"
run show offers --nation jpn --on 2021-02-18
check_rc "show of a nation without rows: exit 0" 0
check_eq "show of a nation without rows: said" "$err" "muster: no offers for nation 'JPN' on 2021-02-18"
run show nations --nation jpn --format csv
check_eq "show nations --nation jpn: a reference nation the data does not name" "$out" \
	"code,name,region,memberships,origin
JPN,Japan,Asia,UN,reference"
run show caveats --nation JPN --format json
check_eq "show json without rows: []" "$out" "[]"
check_eq "show json without rows: said" "$err" "muster: no caveats for nation 'JPN'"

done_testing
