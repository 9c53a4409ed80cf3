#!/usr/bin/env bash
# validate.sh: `muster validate DIR` checks a scenario folder without any
# database. (The broken folders are in bad-input.sh.)
. "$MUSTER_SRC/tests/cli/lib.sh"
small="$MUSTER_SRC/tests/cli/data/small"
example="$MUSTER_SRC/examples/nmi-2021"

cp -r "$small" small
run validate small
check_rc "validate the small scenario" 0
check_file "... prints what it holds" <(echo "$out") "$MUSTER_SRC/tests/cli/expected/validate/small.txt"
check_eq "... and nothing on stderr" "$err" ""
if [ ! -e "$MUSTER_DB" ]; then ok "validate creates no database"; else not_ok "validate created $MUSTER_DB"; fi

# Columns in another order, CRLF line ends and a byte order mark are fine.
mkdir reordered
printf '\xef\xbb\xbfcountry,limit,nation\r\nIRQ,2500,USA\r\n' >reordered/caps.csv
run validate reordered
check_eq "columns in any order, CRLF, BOM" "$out" "'reordered' is valid: 1 cap"

mkdir header-only
echo "id,nation,capability,units,personnel,from" >header-only/offers.csv
run validate header-only
check_eq "a header-only file is an empty table" "$out" "'header-only' is valid: nothing"

mkdir nothing
run validate nothing
check_rc "a folder without scenario files fails" 1
check_eq "... saying so" "$err" "muster: 'nothing' holds no scenario files (nations.csv, missions.csv, offers.csv, ...)"

run validate
check_rc "validate without a folder is a usage error" 2
run validate small small
check_rc "validate with two folders is a usage error" 2
run validate --frobnicate small
check_rc "an unknown option is a usage error" 2
check_contains "... naming it" "$err" "unknown option '--frobnicate'"
run validate --help
check_rc "validate --help" 0
check_contains "... shows the usage" "$out" "usage: muster validate DIR"
check_contains "... and lists --help" "$out" "-h, --help"
run help validate
check_eq "muster help validate is the same text" "$out" "$("$MUSTER" validate --help)"

if [ -d "$example" ]; then
	run validate "$example"
	check_rc "validate examples/nmi-2021" 0
	check_contains "... it holds offers" "$out" " offers"
else
	ok "# SKIP examples/nmi-2021 is absent"
fi
done_testing
