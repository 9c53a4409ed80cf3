#!/usr/bin/env bash
# bad-input.sh: the bad-input corpus. Each folder under tests/cli/bad/ is a
# broken scenario with an `expected` file holding the exact stderr. For each
# one, `muster validate` and `muster import` (into a database that holds the
# valid small scenario) must print exactly that, exit 1, and leave the
# database unchanged. A folder with a generate.sh gets its big files made by
# it (in a copy) rather than committed. One TAP line per folder.
. "$MUSTER_SRC/tests/cli/lib.sh"
bad="$MUSTER_SRC/tests/cli/bad"

run import "$MUSTER_SRC/tests/cli/data/small"
check_rc "import the small scenario as the database's content" 0
before=$(db_digest)

for dir in "$bad"/*/; do
	name=$(basename "$dir")
	rm -rf "${T:?}/$name"
	cp -r "$dir" "$T/$name"
	rm -f "$T/$name/expected"
	if [ -f "$T/$name/generate.sh" ]; then
		(cd "$T/$name" && bash generate.sh && rm generate.sh)
	fi
	want=$(cat "$dir/expected")
	problems=()
	run validate "$name"
	[ "$rc" -eq 1 ] || problems+=("validate: exit code $rc, expected 1")
	[ "$err" = "$want" ] || problems+=("validate: stderr differs:" "$err" "--- expected:" "$want")
	[ -z "$out" ] || problems+=("validate: unexpected stdout: $out")
	run import "$name"
	[ "$rc" -eq 1 ] || problems+=("import: exit code $rc, expected 1")
	[ "$err" = "$want" ] || problems+=("import: stderr differs:" "$err")
	[ "$(db_digest)" = "$before" ] || problems+=("import: the database changed")
	if [ ${#problems[@]} -eq 0 ]; then
		ok "bad input $name: exact message, exit 1, database unchanged"
	else
		not_ok "bad input $name" "${problems[@]}"
	fi
	rm -rf "${T:?}/$name"
done

run validate nonexistent-folder
check_rc "validate a folder that does not exist fails" 1
check_eq "... saying so" "$err" "muster: scenario folder 'nonexistent-folder': does not exist"
check_eq "the database is still the small scenario" "$(db_digest)" "$before"
done_testing
