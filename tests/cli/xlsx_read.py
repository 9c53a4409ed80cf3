#!/usr/bin/env python3
"""Read a workbook back with the standard library (zipfile, xml): for each
sheet in order, a line "== NAME frozen=ROWS", its rows as CSV (numbers as
written, whole ones without ".0", dates YYYY-MM-DD, empty cells empty), then
a line "types: ..." with the type of each cell of the first data row
(s text, n number, d date, - empty)."""
import csv
import datetime
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ns = {"m": M}


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def main(path):
    z = zipfile.ZipFile(path)
    names = z.namelist()
    strings = []
    if "xl/sharedStrings.xml" in names:
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
            strings.append("".join(t.text or "" for t in si.iter("{%s}t" % M)))
    xfs = ET.fromstring(z.read("xl/styles.xml")).find("m:cellXfs", ns).findall("m:xf", ns)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    out = csv.writer(sys.stdout, lineterminator="\n")
    for sh in wb.find("m:sheets", ns).findall("m:sheet", ns):
        sheet = ET.fromstring(z.read("xl/" + target[sh.get("{%s}id" % R)]))
        pane = sheet.find(".//m:pane", ns)
        frozen = pane.get("ySplit") if pane is not None and pane.get("state") == "frozen" else "0"
        print(f"== {sh.get('name')} frozen={frozen}")
        rows, types = [], []
        for row in sheet.iter("{%s}row" % M):
            cells, kinds = [], []
            for c in row.findall("m:c", ns):
                i = col_index(c.get("r"))
                while len(cells) < i:
                    cells.append("")
                    kinds.append("-")
                v = c.find("m:v", ns)
                v = v.text if v is not None else ""
                if c.get("t") == "s":
                    cells.append(strings[int(v)])
                    kinds.append("s")
                elif int(xfs[int(c.get("s", "0"))].get("numFmtId", "0")) >= 164:
                    d = datetime.date(1899, 12, 30) + datetime.timedelta(days=float(v))
                    cells.append(d.isoformat())
                    kinds.append("d")
                else:
                    f = float(v)
                    cells.append(str(int(f)) if f == int(f) and "e" not in v.lower() else v)
                    kinds.append("n")
            rows.append(cells)
            types.append(kinds)
        width = max((len(r) for r in rows), default=0)
        for r in rows:
            out.writerow(r + [""] * (width - len(r)))
        if len(types) > 1:
            print("types: " + ",".join(types[1] + ["-"] * (width - len(types[1]))))


if __name__ == "__main__":
    main(sys.argv[1])
