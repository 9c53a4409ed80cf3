#!/usr/bin/env bash
# report.sh: `muster report` on the NMI 2021 example: the HTML page is
# written, well-formed (every tag closed in order, each inline SVG
# well-formed XML in the SVG namespace), self-contained (no script, no
# external resource), holds the three pictures, the country shapes shaded by
# the right class and the tables; the standalone SVGs parse as XML (and
# validate with `xmllint --noout` where it is installed); bad input.
. "$(dirname "$0")/lib.sh"

# check_html FILE: prints problems, or "svg N" and "paths N"; exit 1 on a problem
check_html() {
	python3 - "$1" <<'PY'
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "wbr"}
FORBIDDEN = {"script", "link", "img", "iframe", "object", "embed"}


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems = [], []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN:
            self.problems.append("forbidden element <%s> at line %d" % (tag, self.getpos()[0]))
        for k, v in attrs:
            if k in ("src", "href") or (v and "url(" in v):
                self.problems.append("external reference %s=%r" % (k, v))
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            want = self.stack[-1] if self.stack else None
            self.problems.append("line %d: </%s> closes %r" % (self.getpos()[0], tag, want))
            return
        self.stack.pop()


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    c = Checker()
    c.feed(text)
    c.close()
    problems = c.problems + ["unclosed <%s> from line %d" % t for t in c.stack]
    if not text.startswith("<!DOCTYPE html>"):
        problems.append("no <!DOCTYPE html>")
    svgs = re.findall(r"<svg\b.*?</svg>", text, re.S)
    paths = 0
    for i, s in enumerate(svgs):
        try:
            root = ET.fromstring(s)
        except ET.ParseError as e:
            problems.append("inline svg %d: %s" % (i + 1, e))
            continue
        if root.tag != "{http://www.w3.org/2000/svg}svg":
            problems.append("inline svg %d: not in the SVG namespace" % (i + 1))
        paths += sum(1 for p in root.iter("{http://www.w3.org/2000/svg}path")
                     if p.get("id", "").startswith("c-"))
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print("svg %d" % len(svgs))
    print("paths %d" % paths)


if __name__ == "__main__":
    main()
PY
}

usage_error() { # NAME PATTERN ARGS...
	local name=$1 pattern=$2
	shift 2
	run report "$@"
	if [ "$rc" -eq 2 ] && printf '%s' "$err" | grep -q -- "$pattern"; then ok "$name"; else
		not_ok "$name" "exit code $rc (expected 2)" "stderr: $err" "expected: $pattern"
	fi
}

run import "$MUSTER_SRC/examples/nmi-2021"
check_rc "import the NMI example" 0

run report --html "$T/r.html" --svg-dir "$T/svg" --on 2021-02-18 --no-run
check_rc "report --html --svg-dir" 0
if [ -s "$T/r.html" ]; then ok "the HTML file is written"; else not_ok "the HTML file is written"; fi

res=$(check_html "$T/r.html")
if [ $? -eq 0 ]; then ok "the page is well-formed and self-contained"; else
	not_ok "the page is well-formed and self-contained" "$res"
fi
check_contains "four inline SVG pictures" "$res" "svg 4"
paths=$(printf '%s\n' "$res" | awk '/^paths/ { print $2 }')
if [ "${paths:-0}" -ge 150 ]; then ok "the map has $paths country shapes"; else
	not_ok "the map has country shapes" "got ${paths:-none}"
fi

html=$(cat "$T/r.html")
for id in posture-area posture-missions posture-map cap-headroom; do
	check_contains "figure $id" "$html" "<figure id=\"$id\">"
done
# the missions on 2021-02-18 as bars, with their figures printed
check_contains "a bar per mission, its figure printed" "$html" '<title>OIR: 2,500</title></rect>'
check_contains "... the people on no mission said in the caption" "$html" "personnel on no mission (national presence) are not drawn"
check_contains "printed map labels: Iraq's code and figure" "$html" '>IRQ 3,000</text>'
check_contains "... Kuwait's too, moved beside it (it would overlap Iraq's)" "$html" '>KWT 2,032</text>'
check_contains "... with a line back to Kuwait" "$html" 'stroke="#555" stroke-width="0.8"/>'
check_contains "the numbers table says its true step" "$html" "<h2>The numbers over time, every "
check_contains "no run: the force generation section says so" "$html" "No sourcing run in this report"
# On 2021-02-18: 3,000 in Iraq and 2,500 in Afghanistan (class 1,000-9,999),
# nobody in France (no data), 2,032 in Kuwait.
check_contains "Iraq shaded 1,000-9,999" "$html" '<path id="c-IRQ" fill="#fd8d3c"'
check_contains "Afghanistan shaded 1,000-9,999" "$html" '<path id="c-AFG" fill="#fd8d3c"'
check_contains "France not shaded" "$html" '<path id="c-FRA" fill="#e4e4e4"'
check_contains "hover title of Iraq" "$html" "<title>Iraq (IRQ): 3,000 personnel</title>"
check_contains "hover title of Kuwait" "$html" "(KWT): 2,032 personnel</title>"
check_contains "a marker on Kuwait, too small to see" "$html" '<circle id="m-KWT"'
case "$html" in *'<circle id="m-IRQ"'*) not_ok "no marker on Iraq" ;; *) ok "no marker on Iraq" ;; esac
check_contains "a band of the stacked area for the USA" "$html" "<title>USA: peak"
check_contains "legend of the colour scale" "$html" ">1,000-9,999</text>"
check_contains "the deadline breach is listed" "$html" \
	'<tr class="breach"><td>deadline</td><td>USA</td><td>AFG</td>'
check_contains "a headroom panel per cap" "$html" "deadline USA in AFG: 0, 2021-05-01 to ..."
check_contains "the NMI ceiling panel names its phases" "$html" "ceiling of NMI: P0-current 500, P1-growth 1000, P2-growth 2000 in host"
check_contains "the table by country" "$html" '<td>IRQ</td><td class="n">3,000</td>'
check_contains "the total on the map's date" "$html" \
	'<tr class="total"><td>total</td><td class="n">7,532</td>'

for f in posture-area posture-map cap-headroom posture-missions; do
	if python3 -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); sys.exit(r.tag != "{http://www.w3.org/2000/svg}svg")' "$T/svg/$f.svg" 2>"$T/.x"; then
		ok "$f.svg is an SVG document"
	else
		not_ok "$f.svg is an SVG document" "$(cat "$T/.x")"
	fi
	if command -v xmllint >/dev/null; then
		if xmllint --noout "$T/svg/$f.svg" 2>"$T/.x"; then ok "xmllint: $f.svg"; else
			not_ok "xmllint: $f.svg" "$(head -5 "$T/.x")"
		fi
	fi
done

run report --svg-dir "$T/svg2" --by region --from 2021-01-01 --to 2021-12-01 --top 2 --no-run
check_rc "report --svg-dir alone, by region" 0
check_contains "bands by region" "$(cat "$T/svg2/posture-area.svg")" "<title>Asia: peak"
if [ ! -e "$T/r2.html" ]; then ok "no HTML without --html"; else not_ok "no HTML without --html"; fi

# ---- with a run: force generation; a reference series ----
run source
check_rc "a sourcing run" 0
printf 'date,published,other\n2021-01-31,4000,x\n2021-02-28,NA,y\n2021-03-31,7000,z\n' >"$T/ref.csv"
run report --html "$T/fg.html" --on 2021-06-01 --reference "$T/ref.csv:published"
check_rc "report with a run and a reference series" 0
fg=$(cat "$T/fg.html")
check_contains "force generation: fill by line and phase" "$fg" "<h3>Fill by line and phase"
check_contains "... a line's row in a phase" "$fg" "<td>NMI</td><td>HQ-1</td><td>P1-growth</td>"
check_contains "... gaps by reason, with the constraint" "$fg" "<td>cap</td>"
check_contains "the reference chart" "$fg" '<figure id="reference">'
check_contains "... its table: the reference figure, muster's, the difference" "$fg" \
	"<tr><td>2021-01-31</td><td class=\"n\">4,000</td><td class=\"n\">"
case "$fg" in *"2021-02-28"*) not_ok "... an NA is no figure, not a 0" ;; *) ok "... an NA is no figure, not a 0" ;; esac
res=$(check_html "$T/fg.html")
if [ $? -eq 0 ]; then ok "that page is well-formed too"; else not_ok "that page is well-formed too" "$res"; fi
# contributions against fair share: the figures of `muster fairshare` for the mission
check_contains "force generation: contributions against fair share" "$fg" \
	"<h3>Contributions against fair share, mission NMI</h3>"
check_contains "... the key named (gdp by default)" "$fg" "by key <b>gdp</b> among offering"
fs=$("$MUSTER" fairshare --mission NMI --key gdp --format csv)
dnk=$(printf '%s\n' "$fs" | python3 -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
    if r["nation"] == "DNK":
        print(r["share_pct"], r["sourced_days"], r["burden"])')
read -r dshare ddays dburden <<<"$dnk"
if [ -n "$dburden" ]; then ok "muster fairshare has DNK ($dshare%, $ddays person-days, burden $dburden)"; else
	not_ok "muster fairshare has DNK" "$fs"
fi
check_contains "... DNK's row holds the same share, person-days and burden" "$fg" \
	"<td>NMI</td><td>DNK</td><td>gdp</td>"
row=$(printf '%s\n' "$fg" | grep '<td>NMI</td><td>DNK</td><td>gdp</td>')
for v in "$dshare" "$(printf '%s' "$ddays" | sed 's/\(.*[0-9]\)\([0-9]\{3\}\)$/\1,\2/')" "$dburden"; do
	check_contains "... DNK: $v" "$row" "<td class=\"n\">$v</td>"
done
check_contains "... the fair-share chart, DNK's bar" "$fg" "<title>DNK fair share: $dshare%</title>"
# every figure grouped by thousands, however large, decimals too
usa=$(printf '%s\n' "$fg" | grep '<td>NMI</td><td>USA</td><td>gdp</td>')
check_contains "... a 14-digit key value grouped like the rest" "$usa" '<td class="n">27,360,935,000,000</td>'
case "$usa" in
*'<td class="n">'[0-9][0-9][0-9][0-9]*) not_ok "... no figure of four digits or more left ungrouped" "$usa" ;;
*) ok "... no figure of four digits or more left ungrouped" ;;
esac
check_contains "... a mission without a ceiling says why, not an empty table" "$fg" \
	"mission &#39;OIR&#39; has no approved phase with a ceiling"
run report --xlsx "$T/fg.xlsx" --on 2021-06-01 --fair-key equal
check_rc "report --xlsx --fair-key equal" 0
sheet=$(python3 - "$T/fg.xlsx" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
wb = z.read("xl/workbook.xml").decode()
names = re.findall(r'<sheet name="([^"]+)"', wb)
i = names.index("contributions vs fair share") + 1
shared = [re.sub(r"<[^>]+>", "", si) for si in
          re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S)]
xml = z.read("xl/worksheets/sheet%d.xml" % i).decode()
for row in re.findall(r"<row [^>]*>(.*?)</row>", xml, re.S):
    out = []
    for t, v in re.findall(r'<c r="[A-Z]+\d+"(?: s="\d+")?( t="s")?[^>]*><v>([^<]*)</v>', row):
        out.append(shared[int(v)] if t else v)
    print(",".join(out))
PY
)
check_contains "the workbook has the sheet, its header" "$sheet" "mission,nation,key,key_value,fair_share_pct"
check_contains "... DNK by key equal: a number share" "$sheet" "NMI,DNK,equal,1,4.35,87,"
check_contains "... OIR's row says why it has no shares" "$sheet" "OIR,equal,mission 'OIR' has no approved phase"

run report --svg-dir "$T/svgref" --on 2021-06-01 --reference "$T/ref.csv:published"
check_rc "report --svg-dir with a reference series" 0
if python3 -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); sys.exit(r.tag != "{http://www.w3.org/2000/svg}svg")' "$T/svgref/reference.svg" 2>"$T/.x"; then
	ok "reference.svg is an SVG document"
else
	not_ok "reference.svg is an SVG document" "$(cat "$T/.x")"
fi
check_contains "... muster's total and the series named" "$(cat "$T/svgref/reference.svg" 2>/dev/null)" '<text x="850" y="56">published</text>'
if [ ! -e "$T/svg/reference.svg" ]; then ok "no reference.svg without --reference"; else not_ok "no reference.svg without --reference"; fi

printf 'date,published\n2021-01-31,many\n' >"$T/bad-ref.csv"
run report --html "$T/bad.html" --reference "$T/bad-ref.csv:published"
check_rc "a bad reference series fails" 1
check_contains "... with its line" "$err" "bad-ref.csv:2: column 'published': expected a number or NA, got 'many'"
run report --html "$T/bad.html" --reference "$T/ref.csv:nosuch"
check_contains "a reference column that is not there" "$err" "missing required column 'nosuch'"
usage_error "--reference without a column" "expected FILE:COLUMN" --html x.html --reference "$T/ref.csv"

usage_error "nowhere to write" "say where to write"
usage_error "--from after --to" "must come before" --html x.html --from 2021-06-01 --to 2021-01-01
usage_error "--top 0" "expected a whole number 1..30" --html x.html --top 0
usage_error "--by country is not a stacking" "expected nation or region" --html x.html --by country
usage_error "a bad date" "expected a date" --html x.html --on 2021-13-01
if [ ! -e x.html ]; then ok "nothing written on bad input"; else not_ok "nothing written on bad input"; fi

run report --html "$T/no/such/dir/r.html" --no-run
check_rc "an unwritable path fails" 1

db_remove
run report --html "$T/empty.html"
check_rc "a report of a missing database fails" 1
check_eq "... and writes nothing" "$(ls "$T/empty.html" 2>/dev/null)" ""
mkdir -p "$T/nobody"
printf 'code,name\nXKX,Kosovo\n' >"$T/nobody/nations.csv"
"$MUSTER" import "$T/nobody" >/dev/null
run report --html "$T/empty.html"
check_rc "a report of a scenario without deployments" 0
check_contains "says there is nobody" "$(cat "$T/empty.html")" "no personnel in this period"

done_testing
