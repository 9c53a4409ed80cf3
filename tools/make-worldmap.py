#!/usr/bin/env python3
"""make-worldmap.py: convert Natural Earth country shapes (the npm package
world-atlas, countries-110m.json, TopoJSON) into data/world.csv, the compact
map that libmuster embeds (muster_data_world[]).

Run once by hand, e.g.
    npm install --prefix /tmp/wa world-atlas
    tools/make-worldmap.py /tmp/wa/node_modules/world-atlas/countries-110m.json \
        data/countries.csv > data/world.csv

Steps: decode the quantised, delta-encoded TopoJSON arcs; stitch each polygon
ring from its arcs (a negative index ~i is arc i reversed); unwrap rings that
cross the antimeridian (Fiji, Russia; drawn twice, one copy per side); project
equirectangular into a 1000 x 500 box (x = (lon + 180) / 360 * 1000,
y = (90 - lat) / 180 * 500); simplify each ring with Douglas-Peucker at
0.35 px; drop rings smaller than a pixel; write one SVG path per country with
one-decimal relative coordinates. Numeric ids are ISO 3166-1 numeric (UN M49)
codes, mapped to alpha-3 through the m49 column of data/countries.csv; shapes
without an id (e.g. Kosovo, Northern Cyprus, Somaliland) are left out.

Output columns: code (alpha-3), name (Natural Earth's), path (SVG d).
"""
import csv
import json
import sys

W, H = 1000.0, 500.0
TOLERANCE = 0.35


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            lon, lat = x * sx + tx, y * sy + ty
            pts.append(((lon + 180.0) / 360.0 * W, (90.0 - lat) / 180.0 * H))
        arcs.append(pts)
    return arcs


def ring(arcs, idxs):
    pts = []
    for i in idxs:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


def perp(p, a, b):
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    n = (dx * dx + dy * dy) ** 0.5
    if n == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / n


def simplify(pts, tol):
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        best, k = 0.0, -1
        for m in range(i + 1, j):
            d = perp(pts[m], pts[i], pts[j])
            if d > best:
                best, k = d, m
        if best > tol:
            keep[k] = True
            stack += [(i, k), (k, j)]
    return [p for p, k in zip(pts, keep) if k]


def unwrap(pts):
    """A ring that crosses the antimeridian jumps by about the map's width:
    shift points so the ring is continuous (it may then stick out of the
    box on one side); return it, plus a copy shifted back by the width when
    it does, so both halves show (the viewBox clips the rest)."""
    out = [pts[0]]
    shift = 0.0
    for (x0, _), (x1, y1) in zip(pts, pts[1:]):
        if x1 - x0 > W / 2:
            shift -= W
        elif x0 - x1 > W / 2:
            shift += W
        out.append((x1 + shift, y1))
    xs = [p[0] for p in out]
    if max(xs) > W:
        return [out, [(x - W, y) for x, y in out]]
    if min(xs) < 0:
        return [out, [(x + W, y) for x, y in out]]
    return [out]


def extent(pts):
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def path_of(rings):
    out = []
    for pts in rings:
        q = [(round(x * 10), round(y * 10)) for x, y in pts]
        dedup = [q[0]] + [p for a, p in zip(q, q[1:]) if p != a]
        if len(dedup) > 1 and dedup[-1] == dedup[0]:
            dedup.pop()
        if len(dedup) < 3:
            continue
        fmt = lambda v: ("%.1f" % (v / 10)).rstrip("0").rstrip(".")
        s = "M%s %s" % (fmt(dedup[0][0]), fmt(dedup[0][1]))
        s += "l" + " ".join("%s %s" % (fmt(b[0] - a[0]), fmt(b[1] - a[1]))
                            for a, b in zip(dedup, dedup[1:]))
        out.append(s + "z")
    return "".join(out)


def main():
    topo = json.load(open(sys.argv[1]))
    m49 = {}
    with open(sys.argv[2], newline="") as f:
        for row in csv.DictReader(f):
            if row["m49"]:
                m49[int(row["m49"])] = row["code"]
    arcs = decode_arcs(topo)
    rows = []
    for g in topo["objects"]["countries"]["geometries"]:
        gid = g.get("id")
        if gid is None or not gid.isdigit() or int(gid) not in m49:
            print("skipped: %s (id %s)" % (g["properties"].get("name"), gid), file=sys.stderr)
            continue
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        rings = []
        for poly in polys:
            for r in poly:
                for pts in unwrap(ring(arcs, r)):
                    if extent(pts) >= 1.0:
                        rings.append(simplify(pts, TOLERANCE))
        d = path_of(rings)
        if d:
            rows.append((m49[int(gid)], g["properties"].get("name", ""), d))
    rows.sort()
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["code", "name", "path"])
    w.writerows(rows)


if __name__ == "__main__":
    main()
