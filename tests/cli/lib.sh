# lib.sh: a tiny TAP harness for CLI tests. Source it, call the checks, end
# with `done_testing`. Each test runs in its own temporary folder ($T).
set -u
: "${MUSTER:?set MUSTER to the muster binary}"
: "${MUSTER_SRC:?set MUSTER_SRC to the source tree}"
T=$(mktemp -d "${TMPDIR:-/tmp}/muster-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
export MUSTER_DB="$T/test.db"
# One suite, two backends: with MUSTER_TEST_DB=pg (tests/pg/with-pg.sh) the
# test's database is a fresh schema of its own on the test cluster.
# psql SQL: run SQL on the test cluster (PostgreSQL runs only).
psql() { "$MUSTER_TEST_PSQL_BIN" -X -q -v ON_ERROR_STOP=1 -d "$MUSTER_TEST_PG" -c "SET client_min_messages = warning; $1" >/dev/null; }
if [ "${MUSTER_TEST_DB:-}" = pg ]; then
	_schema="cli_$$_$(date +%N)"
	psql "CREATE SCHEMA $_schema" || exit 1
	trap 'psql "DROP SCHEMA $_schema CASCADE"; rm -rf "$T"' EXIT
	export MUSTER_DB="$MUSTER_TEST_PG options='-csearch_path=$_schema'"
fi
MUSTER_DB_DEFAULT=$MUSTER_DB # the test's own database, either backend

# on_pg: whether this run is the PostgreSQL one.
on_pg() { [ "${MUSTER_TEST_DB:-}" = pg ]; }

# pg_target NAME: a fresh second database for this test (on SQLite the file
# $T/NAME, on PostgreSQL a new schema), printed.
pg_target() {
	if on_pg; then
		psql "CREATE SCHEMA ${_schema}_$1" || return 1
		echo "$MUSTER_TEST_PG options='-csearch_path=${_schema}_$1'"
	else
		echo "$T/$1"
	fi
}

# _db_is_pg: whether $MUSTER_DB names a PostgreSQL database (a test may point
# it at a SQLite file of its own in either run).
_db_is_pg() { case "$MUSTER_DB" in *=* | *://*) return 0 ;; esac; return 1; }

# db_sql SQL: run SQL on the test's database (sqlite3 or psql, rows as
# sqlite3 prints them: columns joined by '|', no header).
db_sql() {
	if _db_is_pg; then
		"$MUSTER_TEST_PSQL_BIN" -X -q -At -F'|' -v ON_ERROR_STOP=1 -d "$MUSTER_DB" \
			-c "SET client_min_messages = warning" -c "$1"
	else
		sqlite3 "$MUSTER_DB" "$1"
	fi
}

# db_remove: the test's database no longer exists (PostgreSQL: its schema is
# emptied, which muster reads as "not a muster database yet").
db_remove() {
	if _db_is_pg; then psql "DROP SCHEMA $_schema CASCADE; CREATE SCHEMA $_schema"; else rm -f "$MUSTER_DB"; fi
}

# db_missing: how muster says the test's database is not there.
db_missing() { if _db_is_pg; then echo "is empty: not a muster database yet"; else echo "does not exist"; fi; }

# sqlite_only REASON: true on SQLite; on PostgreSQL records a skip with the
# reason and is false (`sqlite_only "..." && { ...checks... }`).
sqlite_only() {
	on_pg || return 0
	_n=$((_n + 1)); echo "ok $_n # SKIP on PostgreSQL: $1"
	return 1
}
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

# _contents [history]: what muster reads back of the database, backend-neutral:
# the exported scenario, the what-ifs with their changes, the runs, the users
# and (with "history") the audit log.
_contents() {
	local d="$T/.digest" w
	rm -rf "$d"
	"$MUSTER" export "$d" >/dev/null 2>&1 || echo "export failed"
	[ -d "$d" ] && (cd "$d" && for f in *; do [ -f "$f" ] && { echo "== $f"; cat "$f"; }; done)
	"$MUSTER" whatif list 2>&1
	for w in $("$MUSTER" whatif list 2>/dev/null | awk 'NR > 1 { print $1 }'); do
		"$MUSTER" whatif show "$w" 2>&1
	done
	"$MUSTER" runs 2>&1
	"$MUSTER" user list 2>&1
	[ "${1:-}" = history ] && "$MUSTER" history --format json 2>&1
	rm -rf "$d"
}

# db_digest: a digest of the database's contents through muster itself (every
# table muster reads back, the audit log included), to assert that a failed
# command changed nothing. "none" when there is no database.
db_digest() {
	if _db_is_pg; then
		[ "$("$MUSTER_TEST_PSQL_BIN" -X -At -d "$MUSTER_DB" \
			-c "SELECT to_regclass('muster_schema') IS NOT NULL")" = t ] || { echo none; return; }
	elif [ ! -f "$MUSTER_DB" ]; then
		echo none; return
	fi
	_contents history | sha256sum | cut -d' ' -f1
}

# db_digest without the audit log (its rows carry the time): for comparing
# two databases that were given the same data.
data_digest() {
	_contents | sha256sum | cut -d' ' -f1
}

# wait_until DESC CMD...: polls CMD every 0.05 s until it succeeds; after
# 60 s records a failed check named DESC and is false. For a test that must
# know another process reached a point before it goes on (never a sleep).
wait_until() {
	local desc=$1 _i
	shift
	for _i in $(seq 1 1200); do
		"$@" && return 0
		sleep 0.05
	done
	not_ok "$desc (still not so after 60 s)"
	return 1
}

# fifo_writer_waits PID: PID is blocked opening a FIFO until it has a reader
# (Linux: the kernel function it sleeps in).
fifo_writer_waits() { [ "$(cat "/proc/$1/wchan" 2>/dev/null)" = wait_for_partner ]; }

# pg_lock_held APP: the PostgreSQL session named APP (application_name)
# holds an advisory lock, such as muster's writers' lock.
pg_lock_held() {
	[ "$(db_sql "select count(*) from pg_locks l join pg_stat_activity a using (pid)
		where a.application_name = '$1' and l.locktype = 'advisory' and l.granted")" = 1 ]
}

# sqlite_write_locked DB: another connection holds DB's write lock (a probe
# that does not wait: BEGIN IMMEDIATE fails while the lock is held).
sqlite_write_locked() { ! sqlite3 "$1" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; }

done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}
