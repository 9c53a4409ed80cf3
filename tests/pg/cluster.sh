#!/usr/bin/env bash
# cluster.sh: a throwaway PostgreSQL cluster for the tests.
#
#   cluster.sh start [DIR]  initdb into DIR (default: a new $TMPDIR/muster-pg.XXXXXX),
#                           start postgres listening only on a Unix socket in DIR/sock
#                           (no TCP), create the database `muster` and the role
#                           `muster_pw` (password 'right-pass', for the fault tests);
#                           print DIR. DIR/conninfo holds the connection string.
#   cluster.sh stop DIR     stop it and remove DIR.
#   cluster.sh down DIR     stop the server (fast: its backends are ended), keeping DIR;
#   cluster.sh up DIR       start it again (the fault tests: a restart during a run).
#
# Without PostgreSQL installed, start prints nothing and exits 77 (skip).
# postgres refuses to run as root: as root the cluster runs as the user
# $MUSTER_PG_USER (default: postgres when it exists, else nobody).
set -eu

bindir() {
	local d
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && { echo "$d"; return; }
	done
	command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
}

as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "$OWNER" -- "$@"
	else
		"$@"
	fi
}

owner() {
	if [ -n "${MUSTER_PG_USER:-}" ]; then echo "$MUSTER_PG_USER"
	elif id postgres >/dev/null 2>&1; then echo postgres
	else echo nobody; fi
}

cmd=${1:-}
case "$cmd" in
start)
	BIN=$(bindir) || true
	[ -n "$BIN" ] || exit 77
	OWNER=$(owner)
	DIR=${2:-$(mktemp -d "${TMPDIR:-/tmp}/muster-pg.XXXXXX")}
	mkdir -p "$DIR/sock"
	chmod 755 "$DIR"
	[ "$(id -u)" = 0 ] && chown -R "$OWNER" "$DIR"
	as_owner "$BIN/initdb" -D "$DIR/data" -U muster --auth=trust --locale=C -E UTF8 \
		--no-sync >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
	# the password role first: its connections must give a password
	printf 'local all muster_pw scram-sha-256\nlocal all all trust\n' >"$DIR/data/pg_hba.conf"
	echo "-c listen_addresses='' -c unix_socket_directories='$DIR/sock' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >"$DIR/options"
	as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
		-o "$(cat "$DIR/options")" start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
	"$BIN/psql" -X -q -h "$DIR/sock" -U muster -d postgres \
		-c "CREATE DATABASE muster" \
		-c "CREATE ROLE muster_pw LOGIN PASSWORD 'right-pass'" \
		-c "GRANT ALL ON DATABASE muster TO muster_pw" >/dev/null
	"$BIN/psql" -X -q -h "$DIR/sock" -U muster -d muster \
		-c "GRANT ALL ON SCHEMA public TO muster_pw" >/dev/null
	echo "host=$DIR/sock user=muster dbname=muster" >"$DIR/conninfo"
	echo "$BIN" >"$DIR/bindir"
	echo "$DIR"
	;;
stop)
	DIR=${2:?usage: cluster.sh stop DIR}
	[ -d "$DIR/data" ] || exit 0
	OWNER=$(stat -c %U "$DIR/data")
	BIN=$(cat "$DIR/bindir" 2>/dev/null || bindir)
	as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$DIR"
	;;
down | up)
	DIR=${2:?usage: cluster.sh down|up DIR}
	OWNER=$(stat -c %U "$DIR/data")
	BIN=$(cat "$DIR/bindir")
	if [ "$cmd" = down ]; then
		as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
	else
		as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
			-o "$(cat "$DIR/options")" start >/dev/null
	fi
	;;
*)
	echo "usage: cluster.sh start [DIR] | stop DIR | down DIR | up DIR" >&2
	exit 2
	;;
esac
