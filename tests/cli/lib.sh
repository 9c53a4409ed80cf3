# lib.sh: a tiny TAP harness for CLI tests. Source it, call the checks, end
# with `done_testing`. Each test runs in its own temporary folder ($T).
set -u
: "${MUSTER:?set MUSTER to the muster binary}"
: "${MUSTER_SRC:?set MUSTER_SRC to the source tree}"
T=$(mktemp -d "${TMPDIR:-/tmp}/muster-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
export MUSTER_DB="$T/test.db"
_n=0
_failed=0

ok() { _n=$((_n + 1)); echo "ok $_n - $1"; }
not_ok() {
	_n=$((_n + 1)); _failed=$((_failed + 1)); echo "not ok $_n - $1"
	shift
	[ $# -gt 0 ] && printf '%s\n' "$@" | sed 's/^/# /'
	return 0
}

# run CMD...: runs muster with args, capturing $out, $err, $rc.
run() {
	out=$("$MUSTER" "$@" 2>"$T/.stderr"); rc=$?
	err=$(cat "$T/.stderr")
}

# check NAME EXPECTED_RC: the last run's exit code.
check_rc() {
	if [ "$rc" -eq "$2" ]; then ok "$1"; else not_ok "$1" "exit code $rc, expected $2" "stderr: $err"; fi
}

# check_eq NAME ACTUAL EXPECTED
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		not_ok "$1" "--- expected" "$3" "--- got" "$2"
	fi
}

# check_contains NAME HAYSTACK NEEDLE
check_contains() {
	case "$2" in
	*"$3"*) ok "$1" ;;
	*) not_ok "$1" "expected to contain: $3" "--- got" "$2" ;;
	esac
}

# check_file NAME ACTUAL_FILE EXPECTED_FILE: golden comparison.
check_file() {
	if diff -u "$3" "$2" >"$T/.diff" 2>&1; then ok "$1"; else
		not_ok "$1" "$(head -40 "$T/.diff")"
	fi
}

# check_golden NAME FILE ARGS...: run `muster ARGS`; it must succeed and its
# stdout equal the golden file $G/FILE (UPDATE_GOLDEN=1 rewrites it instead).
check_golden() {
	local name=$1 file=$2
	shift 2
	run "$@"
	if [ "$rc" -ne 0 ]; then
		not_ok "$name" "exit code $rc" "stderr: $err"
		return
	fi
	printf '%s\n' "$out" >"$T/out"
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		mkdir -p "$G" && cp "$T/out" "$G/$file"
	fi
	check_file "$name" "$T/out" "$G/$file"
}

# check_lp_optimum NAME LP_FILE WANT: glpsol and cbc (each when installed)
# solve LP_FILE to the objective WANT, compared with two decimals.
check_lp_optimum() {
	local name=$1 lp=$2 want got
	want=$(printf '%.2f' "$3")
	if command -v glpsol >/dev/null; then
		glpsol --lp "$lp" -o "$T/.glpsol.out" >/dev/null 2>&1
		got=$(sed -n 's/^Objective: *obj = \([0-9.e+-]*\).*/\1/p' "$T/.glpsol.out")
		check_eq "glpsol: $name" "$(printf '%.2f' "${got:-0}")" "$want"
	else
		ok "# SKIP glpsol is not installed"
	fi
	if command -v cbc >/dev/null; then
		got=$(cbc "$lp" solve 2>&1 | sed -n 's/^Objective value: *\([0-9.e+-]*\).*/\1/p')
		check_eq "cbc: $name" "$(printf '%.2f' "${got:-0}")" "$want"
	else
		ok "# SKIP cbc is not installed"
	fi
}

# db_digest: a digest of the database's contents (schema and rows), to assert
# that a failed command changed nothing.
db_digest() {
	if [ -f "$MUSTER_DB" ]; then sqlite3 "$MUSTER_DB" .dump | sha256sum | cut -d' ' -f1; else echo none; fi
}

# db_digest without the audit log (its rows carry the time): for comparing
# two databases that were given the same data.
data_digest() {
	sqlite3 "$MUSTER_DB" .dump | grep -v '^INSERT INTO audit' | sha256sum | cut -d' ' -f1
}

done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}
