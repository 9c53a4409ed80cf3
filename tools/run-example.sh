#!/usr/bin/env bash
# run-example.sh MUSTER OUT: the main job (`make run`): a fresh database, the
# NATO Mission Iraq example imported, shown, sourced and reported.
set -eu
muster=$1 out=$2
mkdir -p "$out"
db="$out/nmi.db"
rm -f "$db" "$db-wal" "$db-shm"
step() { printf '\n\033[1m$ muster %s\033[0m\n' "$*"; "$muster" --db "$db" "$@"; }
step import examples/nmi-2021
step show missions
step show phases --mission NMI
step show caps
# what the requested phase would add, then the force as approved: the fast
# solver, then the exact one on the same model (the latest run, read below)
printf '\n(NMI with the requested phase counted, --with-requested: %s)\n' \
	"$("$muster" --db "$db" source --with-requested --mission NMI --out "$out/sourced-requested" |
		grep -m1 '^fill ' | tr -s ' ')"
step source --out "$out/sourced"
step source --exact --time-limit 30 --out "$out/sourced-exact"
# the exact run is the latest: every assignment checked against the contract
step check || true
# fair share of 4,000 by GDP among the 30 NATO members of February 2021
step fairshare --mission NMI --total 4000 --key gdp-2020 --participants members:NATO --on 2021-02-18
"$muster" --db "$db" fairshare --mission NMI --total 4000 --key gdp-2020 \
	--participants members:NATO --on 2021-02-18 --format svg >"$out/fairshare.svg"
step rotation --mission NMI --dwell 2
# posture before and after the 1 May 2021 Afghanistan deadline, and the report
step posture --on 2021-02-18
step posture --on 2021-06-01
step posture --diff 2021-02-18 2021-09-01 --by country
step posture --check
step report --html "$out/report.html" --svg-dir "$out/svg" --on 2021-06-01
printf '\nreport written to %s (pictures in %s)\n' "$out/report.html" "$out/svg"

# the server, for a few seconds: a liaison of Canada logs in with curl and
# reads what its role shows (its own offers; every requirement line)
printf '\n\033[1m$ muster serve (a liaison of CAN logs in with curl)\033[0m\n'
echo 'liaison-pass-2021' | "$muster" --db "$db" user add can-liaison --role liaison --nation CAN
"$muster" --db "$db" serve --listen 127.0.0.1:0 2>"$out/serve.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
port=
for _ in $(seq 100); do
	port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$out/serve.log")
	[ -n "$port" ] && break
	sleep 0.1
done
api="http://127.0.0.1:$port/api"
token=$(curl -s -X POST "$api/login" -d '{"user":"can-liaison","password":"liaison-pass-2021"}' |
	sed -n 's/.*"token": "\([0-9a-f]*\)".*/\1/p')
printf '\n$ curl -H "Authorization: Bearer ..." %s/session\n' "$api"
curl -s -H "Authorization: Bearer $token" "$api/session"
# a page's keys (and the totals of what the role reads only in aggregate),
# from its JSON; a page that is not one fails the job
page() {
	python3 -c '
import json, sys
p = json.load(sys.stdin)
for i in p["items"]:
    print("  %s %s" % (sys.argv[1], i["key"]))
for t in p.get("totals", []):
    print("  other nations: %-4s %-10s %-9s %3d units, %4d people" % (t["mission"] or "any",
          t["line"] or "any line", t["capability"], t["units"], t["personnel"]))
print("  (%d on this page, revision %d, scope %s)" % (len(p["items"]), p["revision"], p["scope"]))
' "$1"
}
printf '\n$ curl ... %s/offers   (a liaison: its own offers, the others as totals per line)\n' "$api"
curl -s -H "Authorization: Bearer $token" "$api/offers" | page offer
printf '\n$ curl ... %s/offers/USA-HQ   (another nation'"'"'s offer: as if it did not exist)\n' "$api"
curl -s -H "Authorization: Bearer $token" "$api/offers/USA-HQ"
printf '\n$ curl ... "%s/requirements?mission=NMI&limit=3"\n' "$api"
curl -s -H "Authorization: Bearer $token" "$api/requirements?mission=NMI&limit=3" | page line
kill -TERM "$server"
wait "$server" || true
trap - EXIT
printf '\nserver log (one line per request, no token, no password):\n'
sed 's/^/  /' "$out/serve.log"
