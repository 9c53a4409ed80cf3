#!/usr/bin/env bash
# export.sh: `muster export DIR` writes every table with every column in the
# contract's order; export -> import -> export is byte-identical, for the
# small test scenario and for examples/nmi-2021.
. "$MUSTER_SRC/tests/cli/lib.sh"
small="$MUSTER_SRC/tests/cli/data/small"
example="$MUSTER_SRC/examples/nmi-2021"
golden="$MUSTER_SRC/tests/cli/expected/export/small"

run import "$small"
check_rc "import the small scenario" 0
run export out1
check_rc "export it" 0
check_file "... prints a summary" <(echo "$out") "$MUSTER_SRC/tests/cli/expected/export/summary.txt"
for f in "$golden"/*.csv; do
	check_file "export writes $(basename "$f") as expected" "out1/$(basename "$f")" "$f"
done
check_eq "... and no other file" "$(ls out1)" "$(ls "$golden")"

export MUSTER_DB="$T/second.db"
run import out1
check_rc "import the export into a new database" 0
run export out2
check_rc "export again" 0
if diff -r out1 out2 >"$T/.d"; then ok "export -> import -> export is byte-identical"; else
	not_ok "export -> import -> export is byte-identical" "$(head -20 "$T/.d")"
fi

# A table that is now empty loses its stale file.
mkdir stale
printf 'nation,country,limit\nUSA,IRQ,1\n' >stale/caps.csv
cp out1/offers.csv stale/
export MUSTER_DB="$T/empty.db"
mkdir onlynations
printf 'code,name\nXKX,Kosovo\n' >onlynations/nations.csv
run import onlynations
run export stale
check_rc "export into a folder holding files it would not rewrite fails" 1
check_eq "... naming them" "$err" "muster: 'stale' holds scenario files that this export would not rewrite: caps.csv, offers.csv; add --force to remove them"
check_eq "... and leaves them" "$(ls stale)" "caps.csv
offers.csv"
run export --force stale
check_rc "export --force into a folder holding older files" 0
check_eq "... leaves only the tables the scenario has" "$(ls stale)" "nations.csv"
check_eq "... written whole" "$(cat stale/nations.csv)" "code,name,region,memberships
XKX,Kosovo,,"

# --scenario NAME exports a what-if scenario instead of the base.
export MUSTER_DB="$T/whatif.db"
"$MUSTER" import "$small" >/dev/null
"$MUSTER" whatif new w1 >/dev/null
"$MUSTER" whatif add w1 offer withdraw id=o-usa-1 >/dev/null
run --scenario w1 export wi
check_rc "export --scenario w1" 0
check_contains "... writes the what-if's offers" "$(cat wi/offers.csv)" "o-usa-1,USA,training-team,2,30,2021-03-01,,3,,,us-not-irq,withdrawn"
run export base
check_contains "... while the base keeps its own" "$(cat base/offers.csv)" "o-usa-1,USA,training-team,2,30,2021-03-01,,3,,,us-not-irq,offered"
run --scenario no-such-whatif export nope
check_rc "export --scenario of an unknown what-if fails" 1

run export
check_rc "export without a folder is a usage error" 2
run export --help
check_rc "export --help" 0
check_contains "... lists --help" "$out" "-h, --help"
printf 'x' >afile
run export afile
check_rc "exporting onto a file fails" 1

if [ -d "$example" ]; then
	export MUSTER_DB="$T/example.db"
	"$MUSTER" import "$example" >/dev/null
	run export ex1
	check_rc "export examples/nmi-2021" 0
	export MUSTER_DB="$T/example2.db"
	"$MUSTER" import ex1 >/dev/null
	run export ex2
	if diff -r ex1 ex2 >"$T/.d"; then ok "the example round-trips byte-identically"; else
		not_ok "the example round-trips byte-identically" "$(head -20 "$T/.d")"
	fi
	same=yes
	for f in ex1/*.csv; do
		# Same rows as the example (the export writes defaults explicitly).
		[ "$(wc -l <"$f")" -eq "$(wc -l <"$example/$(basename "$f")")" ] || same=no
	done
	check_eq "... with every row of every file" "$same" yes
else
	ok "# SKIP examples/nmi-2021 is absent"
	ok "# SKIP"
	ok "# SKIP"
fi
done_testing
