#!/usr/bin/env bash
# server.sh: `muster serve` under load (issue 11, item 5). On the NATO Mission
# Iraq example, logged in as a planner:
#   1. wrk, 64 connections, against GET /api/requirements?mission=NMI and the
#      board's heaviest read, GET /api/runs/ID/assignments (the web page's
#      fill board reads /api/runs, then the latest run's assignments and gaps);
#      in the same run nginx (started here, unprivileged, on a loopback port,
#      config in a temporary folder) serves the same JSON bytes as static
#      files under the same wrk script: requests per second, p50, p99, ratios.
#   2. edit to answer: N sequential PATCH of one offer (If-Match), each
#      followed by a fast-solver run (POST /api/runs, poll the job until done)
#      and reading its fill (bench/edit_answer.py): p50 and p99 of the cycle.
# Goals: at least half of nginx's rate, p99 under 20 ms; edit-to-answer p99
# under 100 ms.
# usage: bash bench/server.sh
# env: MUSTER (default build/src/cli/muster), THREADS (server threads, 4),
#      DURATION (seconds per wrk run, 10), CONNECTIONS (64), EDITS (200),
#      DB (the database served: default a new SQLite file; bench/pg.sh's PostgreSQL)
# wrk and nginx are for this benchmark only (not in the Makefile's DEB_PKGS):
# installed here with apt-get when missing and we are root, else named.
set -eu
cd "$(dirname "$0")/.."
MUSTER=${MUSTER:-build/src/cli/muster}
THREADS=${THREADS:-4}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
EDITS=${EDITS:-200}
NGINX=/usr/sbin/nginx

[ -x "$MUSTER" ] || { echo "server.sh: no muster binary at $MUSTER (make build)" >&2; exit 1; }
missing=""
command -v wrk >/dev/null || missing="$missing wrk"
[ -x "$NGINX" ] || missing="$missing nginx"
command -v curl >/dev/null || missing="$missing curl"
command -v python3 >/dev/null || missing="$missing python3"
if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "server.sh: installing$missing"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
	else
		echo "server.sh: needs Debian's$missing: apt-get install$missing (as root)" >&2
		exit 1
	fi
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/muster-server.XXXXXX")
SERVE_PID=""
NGINX_PID=""
cleanup() {
	[ -z "$SERVE_PID" ] || { kill "$SERVE_PID" 2>/dev/null && wait "$SERVE_PID" 2>/dev/null; } || true
	[ -z "$NGINX_PID" ] || kill "$NGINX_PID" 2>/dev/null || true
	rm -rf "$W"
}
trap cleanup EXIT
chmod 755 "$W" # nginx runs as nobody when we are root and reads $W/www

# DB: the database to load and serve (default a new SQLite file here); a
# postgresql:// target must hold no scenario yet (bench/pg.sh passes one)
DB=${DB:-$W/nmi.db}
PASS="bench-planner-pass"
"$MUSTER" --db "$DB" import examples/nmi-2021 >/dev/null
echo "$PASS" | "$MUSTER" --db "$DB" user add bench --role planner >/dev/null
"$MUSTER" --db "$DB" source >/dev/null # a stored run for the board's reads

"$MUSTER" --db "$DB" serve --listen 127.0.0.1:0 --threads "$THREADS" 2>"$W/serve.log" &
SERVE_PID=$!
PORT=""
for _ in $(seq 200); do
	PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$W/serve.log")
	[ -n "$PORT" ] && break
	kill -0 "$SERVE_PID" 2>/dev/null || { cat "$W/serve.log" >&2; exit 1; }
	sleep 0.05
done
[ -n "$PORT" ] || { echo "server.sh: muster serve did not start" >&2; exit 1; }
BASE="http://127.0.0.1:$PORT"
TOKEN=$(curl -sf -X POST "$BASE/api/login" -d "{\"user\":\"bench\",\"password\":\"$PASS\"}" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
RUN=$(curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/api/runs" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][-1]["id"])')

# The same bytes for nginx: what the server answers now.
mkdir -p "$W/www"
REQ_PATH="/api/requirements?mission=NMI"
BOARD_PATH="/api/runs/$RUN/assignments"
curl -sf -H "Authorization: Bearer $TOKEN" "$BASE$REQ_PATH" -o "$W/www/requirements.json"
curl -sf -H "Authorization: Bearer $TOKEN" "$BASE$BOARD_PATH" -o "$W/www/assignments.json"
for f in requirements assignments; do
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$W/www/$f.json" ||
		{ echo "server.sh: $f.json from the server is not JSON" >&2; exit 1; }
done
chmod 644 "$W/www/"*.json
chmod 755 "$W/www"

NPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$W/nginx"
chmod 777 "$W/nginx"
cat >"$W/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $W/nginx/nginx.pid;
error_log $W/nginx/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $W/nginx/body;
	proxy_temp_path $W/nginx/proxy;
	fastcgi_temp_path $W/nginx/fastcgi;
	uwsgi_temp_path $W/nginx/uwsgi;
	scgi_temp_path $W/nginx/scgi;
	keepalive_requests 1000000;
	server {
		listen 127.0.0.1:$NPORT;
		root $W/www;
		default_type application/json;
	}
}
EOF
if [ "$(id -u)" = 0 ]; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$NGINX" -c "$W/nginx.conf" -e "$W/nginx/error.log" &
else
	"$NGINX" -c "$W/nginx.conf" -e "$W/nginx/error.log" &
fi
NGINX_PID=$!
for _ in $(seq 100); do
	curl -sf "http://127.0.0.1:$NPORT/requirements.json" -o /dev/null && break
	kill -0 "$NGINX_PID" 2>/dev/null || { cat "$W/nginx/error.log" >&2; exit 1; }
	sleep 0.05
done
for f in requirements assignments; do
	curl -sf "http://127.0.0.1:$NPORT/$f.json" | cmp -s - "$W/www/$f.json" ||
		{ echo "server.sh: nginx does not serve the same $f.json" >&2; exit 1; }
done

# The wrk script: the session's header on every request; done() prints one
# line: requests per second, p50 and p99 in microseconds, non-2xx, errors.
cat >"$W/auth.lua" <<EOF
wrk.headers["Authorization"] = "Bearer $TOKEN"
function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("RESULT %.1f %d %d %d %d\n",
		summary.requests / (summary.duration / 1e6),
		latency:percentile(50), latency:percentile(99),
		e.status, e.connect + e.read + e.write + e.timeout))
end
EOF

bench() { # URL -> "rps p50us p99us" (loud on any error)
	local url=$1 out line
	out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "$W/auth.lua" "$url" 2>&1) ||
		{ echo "server.sh: wrk $url failed: $out" >&2; exit 1; }
	line=$(printf '%s\n' "$out" | grep '^RESULT' || true)
	[ -n "$line" ] || { echo "server.sh: wrk $url printed no result: $out" >&2; exit 1; }
	set -- $line
	if [ "$5" != 0 ] || [ "$6" != 0 ]; then
		echo "server.sh: $url: $5 non-2xx answers, $6 socket errors" >&2
		printf '%s\n' "$out" >&2
		exit 1
	fi
	echo "$2 $3 $4"
}

echo "muster serve ($THREADS threads) against nginx $("$NGINX" -v 2>&1 | sed 's/.*\///'), wrk $CONNECTIONS connections, ${DURATION} s each, $(nproc) cores"
printf '%-40s %-7s %10s %9s %9s\n' endpoint server req/s "p50 ms" "p99 ms"
for e in "requirements:$REQ_PATH" "assignments:$BOARD_PATH"; do
	name=${e%%:*}
	path=${e#*:}
	r=$(bench "$BASE$path") || exit 1
	read -r mr m50 m99 <<<"$r"
	r=$(bench "http://127.0.0.1:$NPORT/$name.json") || exit 1
	read -r nr n50 n99 <<<"$r"
	size=$(wc -c <"$W/www/$name.json")
	awk -v p="$path ($size B)" -v mr="$mr" -v m50="$m50" -v m99="$m99" \
		-v nr="$nr" -v n50="$n50" -v n99="$n99" 'BEGIN {
		printf "%-40s %-7s %10.0f %9.2f %9.2f\n", p, "muster", mr, m50 / 1000, m99 / 1000
		printf "%-40s %-7s %10.0f %9.2f %9.2f\n", "", "nginx", nr, n50 / 1000, n99 / 1000
		printf "%-40s %-7s %10.3f %9.1f %9.1f\n", "", "ratio", mr / nr, m50 / n50, m99 / n99
		printf "  goals: rate >= 0.5 x nginx: %s; p99 < 20 ms: %s\n",
			(mr >= 0.5 * nr ? "met" : "NOT met"), (m99 < 20000 ? "met" : "NOT met")
	}'
done

echo "edit to answer: $EDITS x (PATCH an offer, POST /api/runs, poll the job, GET the run's fill)"
python3 bench/edit_answer.py --port "$PORT" --token "$TOKEN" --edits "$EDITS"
