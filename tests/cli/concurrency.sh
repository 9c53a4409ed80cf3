#!/usr/bin/env bash
# concurrency.sh: several muster processes editing one database at once (on
# SQLite and, in the PostgreSQL run, on a shared server database): every
# edit is applied exactly once (no lost update), versions count every
# update, assigned ids never collide, and the audit hash chain stays one line.
. "$MUSTER_SRC/tests/cli/lib.sh"
example="$MUSTER_SRC/examples/nmi-2021"
N=4 M=8

run import "$example"
check_rc "import the example" 0
deps0=$(db_sql "select count(*) from deployments")
audit0=$(db_sql "select count(*) from audit")
v0=$(db_sql "select version from offers where id = 'CAN-ADV'")

# edit P.I ARGS...: one edit; "another program is writing" (the lock waited
# past its 10 s, as on a loaded machine) is retried, as the message says,
# and changed nothing; any other failure is recorded.
edit() {
	local id=$1 try
	shift
	for try in 1 2 3 4 5; do
		"$MUSTER" "$@" >/dev/null 2>"$T/err.$id" && return
		grep -q "another program is writing to it" "$T/err.$id" || break
	done
	{ echo "$id failed:"; cat "$T/err.$id"; } >>"$T/errors.${id%%.*}"
}
# N writers, each M updates of one shared record and M new records
for p in $(seq 1 $N); do
	(
		for i in $(seq 1 $M); do
			edit "$p.$i" set offers CAN-ADV "units=$((p * 100 + i))" --reason "writer $p"
			edit "$p.$i" add deployments nation=DEU country=IRQ "personnel=$((p * 100 + i))" \
				from=2021-03-01
		done
	) &
done
wait
errors=$(cat "$T"/errors.* 2>/dev/null)
check_eq "every concurrent edit succeeded" "$errors" ""
check_eq "every added record is there once" "$(db_sql "select count(*) from deployments")" \
	"$((deps0 + N * M))"
check_eq "no two got the same id" "$(db_sql "select count(distinct id) from deployments")" \
	"$((deps0 + N * M))"
check_eq "every personnel figure once (no lost insert)" \
	"$(db_sql "select count(distinct personnel) from deployments where personnel > 100 and personnel < 1000 and nation = 'DEU' and country = 'IRQ'")" \
	"$((N * M))"
check_eq "the shared record's version counts every update (no lost update)" \
	"$(db_sql "select version from offers where id = 'CAN-ADV'")" "$((v0 + N * M))"
check_eq "one audit row per edit" "$(db_sql "select count(*) from audit")" "$((audit0 + 2 * N * M))"
check_eq "audit rows numbered without gaps" "$(db_sql "select max(seq) - min(seq) + 1 from audit")" \
	"$((audit0 + 2 * N * M))"
check_eq "each update in the log once" \
	"$(db_sql "select count(*) from audit where entity = 'offers' and op = 'update'")" "$((N * M))"
run history --verify
check_eq "the hash chain verifies" "$rc $out" "0 audit log intact: $((audit0 + 2 * N * M)) rows, hash chain verified"
# the last update in the log is the value the record holds
last=$(db_sql "select after from audit where entity = 'offers' order by seq desc limit 1")
units=$(db_sql "select units from offers where id = 'CAN-ADV'")
check_contains "the record holds the log's last update" "$last" "\"units\":\"$units\""
done_testing
