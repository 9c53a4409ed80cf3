#!/usr/bin/env bash
# records-update.sh: `import --update [--prune]` (upsert by key), stale runs
# "by N revisions", and read commands filtered by the access policy under
# --as (issue 10 items 4, 6 and 7).
. "$MUSTER_SRC/tests/cli/lib.sh"
example="$MUSTER_SRC/examples/nmi-2021"

hist_rows() { "$MUSTER" history --format csv 2>/dev/null | wc -l; }
# The version of record KEY of ENTITY, read with `set` to its own value
version_of() {
	"$MUSTER" history "$1" "$2" --format csv | tail -n +2 | wc -l
}

run import "$example"
check_rc "import the example" 0
rev0=$(db_sql 'select max(rev) from audit')
h0=$(hist_rows)

# ---- import --update ----
run import --update "$example"
check_rc "re-import the same folder with --update" 0
check_contains "... says nothing changed" "$out" "nothing changed"
check_contains "... counts per file" "$out" "  offers.csv:        0 inserted, 0 updated, 0 deleted, 45 unchanged"
check_eq "... no history row" "$(hist_rows)" "$h0"
check_eq "... no revision" "$(db_sql 'select max(rev) from audit')" "$rev0"

cp -r "$example" amended
sed -i 's/^CAN-ADV,CAN,ADV-TEAM,2,/CAN-ADV,CAN,ADV-TEAM,3,/' amended/offers.csv
grep -v '^HUN-FP,' amended/offers.csv >x && mv x amended/offers.csv
echo "CAN-NEW,CAN,TRG-TEAM,1,20,2021-03-01,2021-09-01,2,NMI,,,offered," >>amended/offers.csv
d=$(db_digest)
run import --update amended
check_rc "import --update an amended folder" 0
check_contains "... one insert and one update" "$out" "  offers.csv:        1 inserted, 1 updated, 0 deleted, 43 unchanged"
check_contains "... the new revision" "$out" "updated from 'amended': revision $((rev0 + 1))"
check_eq "... two history rows" "$(hist_rows)" "$((h0 + 2))"
run history --format csv
check_contains "... CAN-ADV updated with before and after" "$out" "$((rev0 + 1)),"
check_eq "... one update row of CAN-ADV" "$("$MUSTER" history offers CAN-ADV --format csv | cut -d, -f1,6 | tail -1)" "$((rev0 + 1)),update"
check_eq "... one insert row of CAN-NEW" "$("$MUSTER" history offers CAN-NEW --format csv | cut -d, -f1,6 | tail -1)" "$((rev0 + 1)),insert"
run show offers --format csv
check_contains "... HUN-FP stays without --prune" "$out" "HUN-FP,HUN"
run set offers CAN-TRG units=1 --if-version 1
check_rc "... an untouched record stays at version 1" 0
run set offers CAN-ADV units=3 --if-version 2
check_rc "... the updated one is at version 2" 0
check_eq "... CAN-ADV has two history rows" "$(version_of offers CAN-ADV)" 2
run export ex
check_eq "... export keeps the stored order (HUN-FP in its place), the new row last" \
	"$(cut -d, -f1 ex/offers.csv | tr '\n' ' ')" "$(cut -d, -f1 "$example/offers.csv" | tr '\n' ' ')CAN-NEW "

run import --update amended --prune
check_rc "import --update --prune" 0
check_contains "... deletes the record absent from the folder" "$out" "  offers.csv:        0 inserted, 0 updated, 1 deleted, 45 unchanged"
check_eq "... a delete row for HUN-FP" "$("$MUSTER" history offers HUN-FP --format csv | cut -d, -f6 | tail -1)" "delete"
run import --update amended --prune
check_contains "again: nothing changed" "$out" "nothing changed"

# an invalid result changes nothing, with import's messages
cp -r amended bad
sed -i 's/^CAN-NEW,CAN,TRG-TEAM,1,20,2021-03-01,2021-09-01,2,NMI,/CAN-NEW,CAN,TRG-TEAM,1,20,2021-03-01,2021-09-01,2,XXX,/' bad/offers.csv
d=$(db_digest)
run import --update bad
check_rc "an update that makes the scenario invalid: exit 1" 1
check_contains "... import's message" "$err" "unknown mission 'XXX'"
check_eq "... nothing changed" "$(db_digest)" "$d"

run import --prune amended
check_rc "--prune without --update: usage error" 2
run import --update --replace amended
check_rc "--update with --replace: usage error" 2

# ---- stale by N revisions ----
"$MUSTER" source >/dev/null
id=$("$MUSTER" runs --format csv | tail -1 | cut -d, -f1)
run runs --format csv
check_eq "runs --format csv: a stale_by column, 0 when fresh" "$(printf '%s\n' "$out" | head -1 | awk -F, '{print $NF}') $(printf '%s\n' "$out" | tail -1 | awk -F, '{print $NF}')" "stale_by 0"
r=$("$MUSTER" runs --format csv | tail -1 | cut -d, -f13)
"$MUSTER" set offers CAN-TRG units=2 >/dev/null
"$MUSTER" set offers CAN-TRG units=1 >/dev/null
"$MUSTER" set offers CAN-TRG units=2 >/dev/null
run runs --format json
check_contains "runs --format json: stale_by 3 after three edits" "$out" '"stale_by": 3'
run posture --on 2021-06-01
check_contains "posture says how many revisions the run is behind" "$err" \
	"muster: warning: run $id is stale: computed on revision $r, the scenario is at revision $((r + 3)) (3 revisions later); run 'muster source' again"
run fairshare --mission NMI --key gdp-2020
check_contains "fairshare says it too" "$err" "(3 revisions later)"
run check
check_contains "check refuses it, saying by how much" "$err" \
	"muster: run $id is stale: computed on revision $r, the scenario is at revision $((r + 3)) (3 revisions later); it cannot be checked"
run --as-of "r$((r + 1))" posture --on 2021-06-01
check_contains "--as-of a later revision: 1 revision later" "$err" "the scenario is at revision $((r + 1)) (1 revision later) (--as-of does not rewind stored runs)"

# ---- whatif diff --as-of ----
"$MUSTER" whatif new w >/dev/null
"$MUSTER" whatif add w "offer withdraw id=CAN-ADV" >/dev/null
run --as-of "r$rev0" whatif diff base w --mission NMI --key equal --all --format csv
check_rc "whatif diff --as-of" 0
past=$out
check_contains "... says which revision it read" "$err" "as of revision $rev0 of the base"
# the same diff on a database holding the scenario as it stood then
"$MUSTER" --as-of "r$rev0" export then >/dev/null
MUSTER_DB="$T/then.db" "$MUSTER" import then >/dev/null
MUSTER_DB="$T/then.db" "$MUSTER" whatif new w >/dev/null
MUSTER_DB="$T/then.db" "$MUSTER" whatif add w "offer withdraw id=CAN-ADV" >/dev/null
check_eq "... equals the diff of the exported past scenario" "$past" \
	"$(MUSTER_DB="$T/then.db" "$MUSTER" whatif diff base w --mission NMI --key equal --all --format csv 2>/dev/null)"
run whatif diff base w --mission NMI --key equal --all --format csv
check_eq "... and differs from today's (CAN-ADV had 2 units then)" "$([ "$out" != "$past" ] && echo differs)" differs
run --as-of "r$rev0" whatif list
check_rc "--as-of with another whatif subcommand: usage error" 2

echo "viewer pass 2021" | "$MUSTER" user add vera --role viewer >/dev/null
echo "liaison pass 2021" | "$MUSTER" user add jean --role liaison --nation CAN >/dev/null
echo "liaison pass 2021" | "$MUSTER" user add dora --role liaison --nation DEU >/dev/null
run --as jean import --update amended
check_rc "a liaison may not import --update" 1
check_contains "... told so" "$err" "may not"

# ---- reads filtered by the access policy ----
# a DEU caveat with a telling note, edited so that its history has rows
"$MUSTER" add caveats id=DEU-SECRET nation=DEU kind=max-days value=90 >/dev/null
"$MUSTER" set caveats DEU-SECRET value=120 --reason "Bundestag limit" >/dev/null
"$MUSTER" source >/dev/null
"$MUSTER" whatif add w "offer withdraw id=CAN-TRG" >/dev/null
# Each read command as USER: it must not print any of WORDS (on stdout or stderr).
never_shows() {
	local user=$1 words=$2 name
	shift 2
	name="--as $user $*"
	run --as "$user" "$@"
	local leaks
	leaks=$(printf '%s\n%s\n' "$out" "$err" | grep -oE "$words" | sort -u | tr '\n' ' ')
	check_eq "$name: shows none of $words" "$leaks" ""
	echo "# $name: exit $rc, $(printf '%s\n' "$out" | wc -l) lines" >&2
}
deu_caveats='DEU-SECRET|DEU-MANDATE|Bundestag'
run history caveats
check_eq "control: a planner's history shows the DEU caveat and its reason" \
	"$(printf '%s\n' "$out" | grep -oE "$deu_caveats" | sort -u | tr '\n' ' ')" "Bundestag DEU-MANDATE DEU-SECRET "
run whatif diff base w --mission NMI --key equal --all --format csv
check_contains "control: a planner's what-if diff has fair shares per nation" "$out" "fair share,"
reads=("show caveats" "show offers" "history" "history caveats" "history caveats DEU-SECRET"
	"posture --on 2021-06-01" "posture --check" "fairshare --mission NMI --total 4000 --key gdp-2020 --participants members:NATO --on 2021-02-18"
	"check" "rotation --dwell 2" "whatif diff base w --mission NMI --key equal --all")
for r in "${reads[@]}"; do
	# shellcheck disable=SC2086
	never_shows jean "$deu_caveats" $r
done
# a viewer never sees a nation's offer id (any "XXX-..." id of offers.csv)
offer_ids=$(cut -d, -f1 "$example/offers.csv" | tail -n +2 | tr '\n' '|')
offer_ids="${offer_ids}CAN-NEW"
for r in "${reads[@]}"; do
	# shellcheck disable=SC2086
	never_shows vera "$offer_ids|$deu_caveats" $r
done

run --as jean history offers
check_contains "a liaison sees its own nation's history" "$out" "CAN-ADV"
check_eq "... and no other nation's offers" "$(printf '%s\n' "$out" | grep -c ' USA-')" 0
run --as jean history caveats DEU-SECRET
check_eq "... another nation's caveat has no history for it" "$out" "no changes recorded that match"
run --as vera history
check_eq "a viewer's history has no offers, caveats, caps or deployments" \
	"$(printf '%s\n' "$out" | awk 'NR > 1 {print $4}' | grep -cE '^(offers|caveats|caps|deployments)$')" 0
run --as vera history --verify
check_rc "history --verify is for planners" 1
run --as vera posture --on 2021-06-01 --format csv
check_eq "a viewer's posture by nation is one total over nations" \
	"$(printf '%s\n' "$out" | cut -d, -f1 | tr '\n' ' ')" "nation all nations "
run posture --on 2021-06-01 --by total --format csv
check_eq "... equal to the planner's total" "$(printf '%s\n' "$out" | tail -1 | cut -d, -f2-)" \
	"$("$MUSTER" --as vera posture --on 2021-06-01 --format csv | tail -1 | cut -d, -f2-)"
run --as vera posture --nation USA
check_rc "a viewer's posture of one nation: refused" 1
check_contains "... and why" "$err" "only in totals over nations; drop '--nation'"
run --as vera posture --check
check_rc "a viewer may not list cap breaches" 1
run --as jean posture --check
check_rc "a liaison may (it reads caps)" 0
run --as vera fairshare --mission NMI --total 4000 --key gdp-2020 --participants members:NATO --on 2021-02-18 --format csv
check_eq "a viewer's fair shares: the header only" "$(printf '%s\n' "$out" | wc -l)" 1
check_contains "... and a note says why" "$err" "reads fair shares only in totals over nations"
run --as jean fairshare --mission NMI --total 4000 --key gdp-2020 --participants members:NATO --on 2021-02-18 --format csv
check_contains "a liaison reads every nation's fair share" "$out" "USA,"
run --as jean rotation --dwell 2 --format csv
check_eq "a liaison's rotation: its own nation's pledges only" \
	"$(printf '%s\n' "$out" | tail -n +2 | awk -F, '{print $8}' | sort -u | tr '\n' ' ')" "CAN "
run --as vera rotation --dwell 2
check_rc "a viewer's rotation (per nation): refused" 1
run --as jean check
check_contains "a liaison's check: the verdicts" "$out" "against the sourcing contract"
run --as jean check --format csv
check_rc "... not the rows as CSV when there are any" 1
run --as vera whatif diff base w --mission NMI --key equal --all --format csv
check_eq "a viewer's what-if diff: no cap headroom, no fair shares" \
	"$(printf '%s\n' "$out" | cut -d, -f1 | grep -cE '^(cap headroom|fair share)$')" 0
run --as jean whatif diff base w --mission NMI --key equal --all --format csv
check_contains "a liaison's has cap headroom" "$out" "cap headroom"
run --as jean whatif new w2
check_rc "other whatif subcommands: planners only" 1
run --as jean export out
check_rc "export is for planners (a filtered folder would not be the scenario)" 1
run --as vera report r.html
check_rc "report is for planners" 1

# ---- the end of the audit log (history --verify) ----
run history --verify
check_rc "the log verifies" 0
# (the damage is done to copies of SQLite files)
if sqlite_only "damages copies of the database file"; then
	cp "$MUSTER_DB" cut.db
	sqlite3 cut.db "DELETE FROM audit WHERE rev = (SELECT max(rev) FROM audit)"
	run --db cut.db history --verify
	check_rc "the newest revision's rows deleted: --verify fails" 1
	check_contains "... saying where the log ends" "$err" "audit log: it ends at revision"
	check_contains "... and that its newest rows were deleted" "$err" "its newest rows were deleted"
	cp "$MUSTER_DB" cut1.db
	sqlite3 cut1.db "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit WHERE rev = (SELECT min(rev) FROM audit))"
	# (a row of the first revision, not the last: the chain breaks after it)
	run --db cut1.db history --verify
	check_rc "a row in the middle deleted: fails (the chain)" 1
	rm -rf one && mkdir one && cd one || exit 1
	MUSTER_DB="$PWD/one.db" "$MUSTER" import "$example" >/dev/null
	cp one.db cut2.db
	sqlite3 cut2.db "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)"
	run --db cut2.db history --verify
	check_rc "the last row of the only revision deleted: fails" 1
	check_contains "... replaying the log does not give the stored records" "$err" \
		"audit log: replayed, it does not give the stored deployments: record"
	cp one.db edited.db
	sqlite3 edited.db "UPDATE offers SET units = 9 WHERE id = 'CAN-ADV'"
	run --db edited.db history --verify
	check_rc "a record changed outside muster: fails" 1
	check_contains "... naming it" "$err" "the stored offers: record 'CAN-ADV' differs"
	cp one.db empty.db
	sqlite3 empty.db "DELETE FROM audit"
	run --db empty.db history --verify
	check_rc "an emptied log of a database holding a scenario: fails" 1
	check_contains "... and says so" "$err" "audit log: it is empty, but the database holds a scenario"
	run --db one.db history --verify
	check_rc "the untouched copy still verifies" 0
	cd "$T" || exit 1
fi

# one record's history (read through its index) is the whole log's rows of
# that record, in the same order, for every record edited above
"$MUSTER" history --format csv >"$T/all.csv"
bad=
for k in offers,CAN-ADV offers,CAN-NEW offers,HUN-FP; do
	e=${k%,*} key=${k#*,}
	want=$(python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
print("\n".join(",".join(r) for r in rows[1:] if r[3] == sys.argv[2] and r[4] == sys.argv[3]))
' "$T/all.csv" "$e" "$key")
	got=$("$MUSTER" history "$e" "$key" --format csv | tail -n +2 | python3 -c '
import csv, sys
print("\n".join(",".join(r) for r in csv.reader(sys.stdin)))')
	[ -n "$want" ] && [ "$got" = "$want" ] || bad="$bad $k"
done
check_eq "one record's history: the whole log's rows of it, in order" "${bad:-none}" none

done_testing
