#!/usr/bin/env bash
# source.sh: the sourcing benchmark (issue 3, item 8). For each size, in one
# run: generate the scenario (bench/gen_scenario.py), `muster import` it,
# source it with the fast solver, with `--exact` (GLPK), and write the model
# with `--write-lp` for CBC (coinor-cbc) and glpsol (glpk-utils); print
# solver, objective, bound, gap, time, peak memory and the ratios (time vs
# the fast solver, objective vs the best bound known), and how long CBC took
# to find a solution as good as the fast solver's (from its log).
#
#   bash bench/source.sh [S|M|L ...]     (default: S M)
#
# Environment: MUSTER (the binary; default build/src/cli/muster), SEED (1),
# LIMIT (time limit in seconds for --exact, CBC and glpsol; 300), BENCH_DIR
# (where to keep the folders, databases, models and logs; a temporary
# folder by default), SKIP_L_EXACT=1 to run only the fast solver on L.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
MUSTER=${MUSTER:-$root/build/src/cli/muster}
SEED=${SEED:-1}
LIMIT=${LIMIT:-300}
dir=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/muster-bench.XXXXXX")}
sizes=${*:-S M}

[ -x "$MUSTER" ] || { echo "source.sh: no muster binary at $MUSTER (make build)" >&2; exit 1; }
for tool in cbc glpsol /usr/bin/time python3; do
	command -v "$tool" >/dev/null || { echo "source.sh: '$tool' is missing (make deps)" >&2; exit 1; }
done
mkdir -p "$dir"

# timed LOG CMD...: run CMD with /usr/bin/time -v; stdout+stderr in LOG.
timed() {
	local log=$1; shift
	/usr/bin/time -v -o "$log.time" "$@" >"$log" 2>&1
}
secs() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
	for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s }' "$1.time"; }
cpu() { awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$1.time"; }
rss() { awk -F': ' '/Maximum resident/ { printf "%.0f", $2 / 1024 }' "$1.time"; }
json() { python3 -c 'import json,sys
try: print(json.load(open(sys.argv[1]))[sys.argv[2]])
except Exception: print("-")' "$1" "$2"; }

# CBC and glpsol: the last "best solution / best bound" they printed.
cbc_result() { # LOG -> "objective bound"
	python3 - "$1" <<'EOF'
import re, sys
obj = bound = "-"
optimal = False
for line in open(sys.argv[1], errors="replace"):
    m = re.search(r"^Objective value:\s+(-?[0-9.e+]+)", line)
    if m: obj = abs(float(m.group(1)))
    m = re.search(r"^(?:Lower|Upper) bound:\s+(-?[0-9.e+]+)", line)
    if m: bound = abs(float(m.group(1)))
    if "Result - Optimal solution found" in line: optimal = True
if optimal and obj != "-": bound = obj
print(obj, bound)
EOF
}
glpsol_result() {
	python3 - "$1" <<'EOF'
import re, sys
def num(s):
    try: return float(s)
    except ValueError: return None
obj = bound = "-"
for line in open(sys.argv[1], errors="replace"):
    m = re.search(r"mip =\s+(not found yet|\S+)\s+<=\s+(tree is empty|\S+)", line)
    if m:
        o, b = num(m.group(1)), num(m.group(2))
        if o is not None: obj = o
        if m.group(2) == "tree is empty" and o is not None: bound = o
        elif b is not None and b != float("inf"): bound = b
    if "INTEGER OPTIMAL SOLUTION FOUND" in line and obj != "-": bound = obj
print(obj, bound)
EOF
}
# Seconds after which CBC's log first shows a solution >= TARGET.
cbc_reach() { # LOG TARGET
	python3 - "$1" "$2" <<'EOF'
import re, sys
target = float(sys.argv[2])
for line in open(sys.argv[1], errors="replace"):
    m = re.search(r"(?:Integer solution of|solution of) (-?[0-9.e+]+) found.*?\(([0-9.]+) seconds\)", line)
    if m and abs(float(m.group(1))) >= target * (1 - 1e-7):
        print(m.group(2)); break
else:
    print("not reached")
EOF
}

row() { printf '%-7s %16s %16s %7s %8s %8s %8s %9s %9s\n' "$@"; }

bench_size() {
	local s=$1 d="$dir/$1" db="$dir/$1.db" L="$dir/$1"
	rm -rf "$d" "$db"
	python3 "$root/bench/gen_scenario.py" "$s" "$SEED" "$d" || return 1
	"$MUSTER" --db "$db" import "$d" >"$L.import.log" 2>&1 || { cat "$L.import.log"; return 1; }
	timed "$L.fast.log" "$MUSTER" --db "$db" source --format json
	local fobj fbound ft
	sed -n '/^{/,$p' "$L.fast.log" >"$L.fast.json"
	fobj=$(json "$L.fast.json" objective); fbound=$(json "$L.fast.json" bound)
	ft=$(secs "$L.fast.log")
	ft=$(cpu "$L.fast.log")
	local results=("fast $fobj $fbound $(secs "$L.fast.log") $ft $(rss "$L.fast.log")")
	"$MUSTER" --db "$db" source --write-lp "$L.lp" >/dev/null 2>&1
	if [ "$s" != L ] || [ "${SKIP_L_EXACT:-0}" != 1 ]; then
		timed "$L.exact.log" "$MUSTER" --db "$db" source --exact --time-limit "$LIMIT" --format json
		sed -n '/^{/,$p' "$L.exact.log" >"$L.exact.json"
		results+=("exact $(json "$L.exact.json" objective) $(json "$L.exact.json" bound) $(secs "$L.exact.log") $(cpu "$L.exact.log") $(rss "$L.exact.log")")
		timed "$L.cbc.log" cbc "$L.lp" sec "$LIMIT" threads 1 solve
		results+=("cbc $(cbc_result "$L.cbc.log") $(secs "$L.cbc.log") $(cpu "$L.cbc.log") $(rss "$L.cbc.log")")
		timed "$L.glpsol.log" glpsol --lp "$L.lp" --tmlim "$LIMIT"
		results+=("glpsol $(glpsol_result "$L.glpsol.log") $(secs "$L.glpsol.log") $(cpu "$L.glpsol.log") $(rss "$L.glpsol.log")")
	fi
	# The best bound known: the smallest valid bound any solver reported.
	local best
	best=$(printf '%s\n' "${results[@]}" | awk '$3 != "-" && (b == "" || $3 + 0 < b) { b = $3 + 0 }
		END { printf "%.10g", b }')
	echo
	echo "size $s (seed $SEED): $(grep -o "[0-9]* lines, [0-9]* offers" "$L.import.log" ||
		tail -n 1 "$L.import.log"); $(head -n 1 "$L.lp" | sed 's/^\\ muster sourcing model: //')"
	row solver objective bound gap wall_s cpu_s rss_MiB cpu/fast obj/best
	local r
	for r in "${results[@]}"; do
		set -- $r
		python3 - "$@" "$ft" "$best" <<'EOF'
import sys
name, obj, bound, wall, t, rss, ft, best = sys.argv[1:9]
f = lambda s: float(s) if s not in ("-", "", "None") else None
o, b, best = f(obj), f(bound), f(best)
gap = "%.2f%%" % (100 * (b - o) / b) if o is not None and b else "-"
ratio = "%.1fx" % (float(t) / float(ft)) if float(ft) > 0 else "-"
ob = "%.4f" % (o / best) if o is not None and best else "-"
print("%-7s %16s %16s %7s %8s %8s %8s %9s %9s" % (name, "%.0f" % o if o is not None else "-",
      "%.0f" % b if b is not None else "-", gap, wall, t, rss, ratio, ob))
EOF
	done
	if [ -f "$L.cbc.log" ] && [ "$fobj" != "-" ]; then
		echo "cbc reached the fast solver's objective after: $(cbc_reach "$L.cbc.log" "$fobj") s (cbc's clock; fast: $ft s cpu)"
	fi
}

echo "sourcing benchmark: $(nproc) cpu, time limit $LIMIT s, files in $dir"
for s in $sizes; do
	case $s in
	S | M | L) bench_size "$s" ;;
	*) echo "source.sh: unknown size '$s' (S, M or L)" >&2; exit 2 ;;
	esac
done
