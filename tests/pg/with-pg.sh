#!/usr/bin/env bash
# with-pg.sh CMD [ARGS...]: run a test (TAP on stdout) against PostgreSQL:
# MUSTER_TEST_DB=pg, MUSTER_TEST_PG the cluster's connection string and
# MUSTER_TEST_PSQL a psql command line for it. The cluster is the one named
# by MUSTER_TEST_PG_DIR (tools/check.sh and .ci/run start one for the whole
# suite), else a private one started here and stopped at the end. Without
# PostgreSQL installed the test is skipped ("1..0 # SKIP"), never failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
dir=${MUSTER_TEST_PG_DIR:-}
own=
if [ -z "$dir" ] || [ ! -f "$dir/conninfo" ]; then
	dir=$("$here/cluster.sh" start)
	rc=$?
	if [ "$rc" = 77 ]; then
		echo "1..0 # SKIP PostgreSQL is not installed (initdb not found)"
		exit 0
	fi
	[ "$rc" = 0 ] || { echo "Bail out! cannot start a PostgreSQL cluster"; exit 1; }
	own=$dir
	trap '"$here/cluster.sh" stop "$own"' EXIT
fi
export MUSTER_TEST_DB=pg
MUSTER_TEST_PG=$(cat "$dir/conninfo")
export MUSTER_TEST_PG
export MUSTER_TEST_PG_DIR=$dir
export MUSTER_TEST_PSQL_BIN="$(cat "$dir/bindir")/psql"
export MUSTER_TEST_PSQL="$(cat "$dir/bindir")/psql -X -q -v ON_ERROR_STOP=1 -d '$MUSTER_TEST_PG'"
"$@"
