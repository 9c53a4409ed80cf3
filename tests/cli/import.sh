#!/usr/bin/env bash
# import.sh: `muster import DIR`: all or nothing, never over existing data
# unless --merge or --replace, and a kill -9 in the middle changes nothing.
. "$MUSTER_SRC/tests/cli/lib.sh"
small="$MUSTER_SRC/tests/cli/data/small"
example="$MUSTER_SRC/examples/nmi-2021"

cp -r "$small" small
run import small
check_rc "import the small scenario into a new database" 0
check_file "... prints a summary" <(echo "$out") "$MUSTER_SRC/tests/cli/expected/import/small.txt"
d1=$(db_digest)

run import small
check_rc "importing into a database that holds data fails" 1
check_contains "... with a clear message" "$err" "--merge"
check_eq "... and changes nothing" "$(db_digest)" "$d1"

run import --merge small
check_rc "merging the same folder again fails (duplicate ids)" 1
check_contains "... naming a duplicate" "$err" "duplicate offer 'o-usa-1'"
check_eq "... and changes nothing" "$(db_digest)" "$d1"

# A disjoint folder merges: a new mission and an offer against an existing capability.
mkdir extra
printf 'code,name,organization,host,from,to\nEUTM,EU Training Mission Mali,EU,MLI,2013-02-18,\n' >extra/missions.csv
printf 'id,nation,capability,units,personnel,from\no-fra-1,FRA,training-team,1,25,2021-01-01\n' >extra/offers.csv
run import --merge extra
check_rc "import --merge of a disjoint folder" 0
check_eq "... prints what it added" "$out" "imported 'extra': 1 mission, 1 offer"
run export merged
check_rc "export after the merge" 0
check_contains "... holds the old offers" "$(cat merged/offers.csv)" "o-usa-1,USA"
check_contains "... and the new one" "$(cat merged/offers.csv)" "o-fra-1,FRA,training-team,1,25"
check_contains "... and both missions" "$(cat merged/missions.csv)" "EUTM,EU Training Mission Mali"

# A merged folder is checked on its own (with lines), then with the database.
mkdir dupes
printf 'id,nation,capability,units,personnel,from,to\no-x,FRA,training-team,1,25,2021-01-01,\no-x,FRA,training-team,1,25,2021-01-01,2020-01-01\n' >dupes/offers.csv
d3=$(db_digest)
run import --merge dupes
check_rc "import --merge of a folder with problems of its own fails" 1
check_eq "... naming file:line" "$err" "muster: scenario 'dupes' has 2 problems
offers.csv:3: column 'id': duplicate offer 'o-x', first at line 2
offers.csv:3: column 'to': expected a date after 'from' (2021-01-01), got '2020-01-01'"
printf 'id,nation,capability,units,personnel,from\no-y,FRA,no-such-capability,1,25,2021-01-01\n' >dupes/offers.csv
run import --merge dupes
check_rc "import --merge with a reference unknown to both fails" 1
check_contains "... naming it" "$err" "unknown capability 'no-such-capability'"
check_eq "... and changes nothing" "$(db_digest)" "$d3"

run import --replace small
check_rc "import --replace" 0
run export replaced
if grep -q EUTM replaced/missions.csv; then not_ok "--replace dropped the merged mission"; else ok "--replace dropped the merged mission"; fi

run import --merge --replace small
check_rc "--merge with --replace is a usage error" 2
run import
check_rc "import without a folder is a usage error" 2
run import --help
check_rc "import --help" 0
for opt in --merge --replace --format --help; do
	check_contains "import --help lists $opt" "$out" "$opt"
done

# A bad folder changes nothing and says where.
d2=$(db_digest)
mkdir broken
printf 'nation,country,limit\nUSA,IRQ,two thousand\n' >broken/caps.csv
run import --replace broken
check_rc "importing a broken folder fails, even with --replace" 1
check_eq "... with the place and the problem" "$err" "muster: scenario 'broken' has 1 problem
caps.csv:2: column 'limit': expected a whole number >= 0, got 'two thousand'"
check_eq "... and changes nothing" "$(db_digest)" "$d2"

# kill -9 during a large import: the database stays as it was.
mkdir big
{
	echo "id,nation,country,mission,personnel,from,to,kind,counts_against_cap,source"
	awk 'BEGIN { for (i = 0; i < 300000; i++)
		printf "d%d,USA,%s,,%d,2020-%02d-%02d,,rotational,yes,generated\n",
			i, (i % 2 ? "IRQ" : "KWT"), i % 5000 + 1, i % 12 + 1, i % 28 + 1 }'
} >big/deployments.csv
"$MUSTER" import --replace big >/dev/null 2>&1 &
pid=$!
sleep 0.3
if kill -0 "$pid" 2>/dev/null; then
	kill -9 "$pid"
	wait "$pid" 2>/dev/null
	check_eq "kill -9 during a large import leaves the database unchanged" "$(db_digest)" "$d2"
	run export after-kill
	check_rc "... and usable" 0
	check_eq "... with the same offers" "$(cat after-kill/offers.csv)" "$(cat replaced/offers.csv)"
else
	wait "$pid"
	ok "# SKIP the import finished within 0.3 s, nothing to interrupt"
	ok "# SKIP"
	ok "# SKIP"
fi

# SIGINT during a large import: it stops, exit 1, nothing changed.
"$MUSTER" import --replace big >/dev/null 2>"$T/int.err" &
pid=$!
sleep 0.3
if kill -0 "$pid" 2>/dev/null; then
	kill -INT "$pid"
	wait "$pid"
	irc=$?
	check_eq "SIGINT during a large import exits 1" "$irc" 1
	check_eq "... and leaves the database unchanged" "$(db_digest)" "$d2"
else
	wait "$pid"
	ok "# SKIP the import finished within 0.3 s, nothing to interrupt"
	ok "# SKIP"
fi

# --format FMT FILE goes to the public-data importers.
export MUSTER_DB="$T/public.db"
printf 'nation,country,personnel,from\nUSA,IRQ,10,2021-01-01\n' >public.csv
run import --format deployments public.csv
check_rc "import --format deployments FILE" 0
check_eq "... says what it imported: rows, deployments, period, nations, countries" "$out" "imported 'public.csv' (deployments) as source '$(pwd -P)/public.csv': 1 row read, 1 deployment written, 2021-01-01 to open, 1 nation in 1 country"
run export public-out
check_contains "... into deployments" "$(cat public-out/deployments.csv)" ",USA,IRQ,,10,2021-01-01,"
run import --format no-such-format public.csv
if [ "$rc" -ne 0 ]; then ok "an unknown --format fails"; else not_ok "an unknown --format fails"; fi
run import --format deployments --merge public.csv
check_rc "--format with --merge is a usage error" 2

if [ -d "$example" ]; then
	export MUSTER_DB="$T/example.db"
	run import "$example"
	check_rc "import examples/nmi-2021" 0
	check_contains "... summary" "$out" "imported '$example': "
else
	ok "# SKIP examples/nmi-2021 is absent"
	ok "# SKIP"
fi
done_testing
