#!/usr/bin/env python3
"""gen_scenario.py: a deterministic generator of realistic scenario folders
(the CSV contract of DESIGN.md section 3) for the sourcing benchmark.

    python3 bench/gen_scenario.py SIZE SEED OUTDIR     (SIZE: S, M or L)

S: 200 lines, 1,000 offers; M: 2,000 lines, 10,000 offers; L: 20,000 lines,
100,000 offers. The same size and seed always give the same files.

Shape, after how force generation works: missions (NATO, UN, EU) with a host
country and 2-4 phases of growing ceilings (the last one sometimes only
requested, some counting in-host only); each mission's statement of
requirements draws lines from a catalogue of 50-200 capabilities (some with
substitutes), at the host or at a support location out of the country, with
priorities, minimum readiness and tasks; 20-60 real nations answer with
offers, most of them pledged against one mission (some against one line, as
at a force generation conference), a few open to any mission; offers carry
caveats of every kind, hard and soft; national caps per (nation, host
country), including deadline caps of 0; existing deployments, some counting
against caps. Dates fall on the first of a month over 2021-2023.
"""
import random
import sys
import os
import csv

SIZES = {
    "S": dict(lines=200, offers=1000, nations=20, caps=50, missions=4),
    "M": dict(lines=2000, offers=10000, nations=40, caps=120, missions=16),
    "L": dict(lines=20000, offers=100000, nations=60, caps=200, missions=80),
}

NATIONS = [
    "USA", "GBR", "FRA", "DEU", "ITA", "ESP", "CAN", "NLD", "BEL", "DNK", "NOR", "POL",
    "CZE", "HUN", "ROU", "BGR", "GRC", "TUR", "PRT", "SVK", "SVN", "HRV", "ALB", "MNE",
    "EST", "LVA", "LTU", "LUX", "ISL", "MKD", "FIN", "SWE", "AUT", "IRL", "CHE", "AUS",
    "NZL", "JPN", "KOR", "IND", "PAK", "BGD", "NPL", "RWA", "ETH", "GHA", "SEN", "NGA",
    "EGY", "JOR", "IDN", "MYS", "BRA", "URY", "ARG", "CHL", "ZAF", "KEN", "TZA", "MAR",
]
HOSTS = [
    ("IRQ", "NATO"), ("AFG", "NATO"), ("LTU", "NATO"), ("EST", "NATO"), ("LVA", "NATO"),
    ("POL", "NATO"), ("ROU", "NATO"), ("BIH", "EU"), ("MLI", "UN"), ("SSD", "UN"),
    ("LBN", "UN"), ("CAF", "UN"), ("COD", "UN"), ("SOM", "EU"), ("CYP", "UN"),
    ("MOZ", "EU"), ("NER", "EU"), ("SYR", "UN"), ("ESH", "UN"), ("SDN", "UN"),
]
SUPPORT = ["KWT", "JOR", "QAT", "BHR", "DJI", "SEN", "CIV", "ITA", "DEU", "TUR"]
TASKS = ["training", "advising", "force-protection", "medical", "logistics", "combat",
         "engineering", "aviation", "isr", "command"]
KINDS = ["Training team", "Advisory team", "Force protection company", "Role 2 medical",
         "Role 1 medical", "Logistics company", "Engineer platoon", "EOD team",
         "Helicopter detachment", "ISR detachment", "Signals company", "HQ staff element",
         "Military police platoon", "Infantry company", "CIMIC team", "Transport flight"]


def month(rng_month):
    """Day 1 of month index (0 = 2021-01)."""
    y, m = 2021 + rng_month // 12, rng_month % 12 + 1
    return f"{y:04d}-{m:02d}-01"


HORIZON = 36  # months


def window(r, lo, hi, min_len, max_len):
    """A [from, to) month window inside [lo, hi]."""
    a = r.randint(lo, max(lo, hi - min_len))
    b = min(hi, a + r.randint(min_len, max_len))
    return a, max(b, a + 1)


def capabilities(r, n):
    caps = []
    for i in range(n):
        code = f"C{i + 1:03d}"
        kind = KINDS[i % len(KINDS)]
        size = r.choice([8, 12, 15, 20, 30, 40, 60, 100, 120, 150])
        caps.append(dict(code=code, name=f"{kind} {i // len(KINDS) + 1}", size=size,
                         tasks=r.sample(TASKS, r.randint(1, 2)), subs=[]))
    for c in caps:
        if r.random() < 0.3:
            c["subs"] = [s["code"] for s in r.sample(caps, r.randint(1, 2)) if s is not c]
    return caps


def missions(r, n):
    out = []
    for i in range(n):
        host, org = HOSTS[i % len(HOSTS)]
        a, b = window(r, 0, HORIZON, 18, HORIZON)
        out.append(dict(code=f"{org}-{host}-{i + 1}", org=org, host=host, a=a, b=b))
    return out


def phases(r, ms):
    rows = []
    for m in ms:
        k = r.randint(2, 4)
        cuts = sorted(r.sample(range(m["a"] + 1, m["b"]), min(k - 1, m["b"] - m["a"] - 1)))
        bounds = [m["a"]] + cuts + [m["b"]]
        ceiling = r.choice([500, 800, 1200, 2000])
        scope = "in-host" if r.random() < 0.3 else "all"
        for j in range(len(bounds) - 1):
            status = "requested" if j == len(bounds) - 2 and j > 0 and r.random() < 0.5 \
                else "approved"
            rows.append([m["code"], f"P{j + 1}", month(bounds[j]), month(bounds[j + 1]),
                         ceiling, scope, status])
            m.setdefault("ceilings", []).append(ceiling)
            ceiling = int(ceiling * r.uniform(1.3, 2.5))
    return rows


def requirements(r, ms, caps, n):
    lines = []
    per = {m["code"]: 0 for m in ms}
    for i in range(n):
        m = ms[i % len(ms)] if i < len(ms) else r.choice(ms)
        per[m["code"]] += 1
        c = r.choice(caps)
        a, b = window(r, m["a"], m["b"], 3, 24)
        loc = r.choice(SUPPORT) if r.random() < 0.1 else ""
        lines.append(dict(mission=m["code"], line=f"L{per[m['code']]:04d}", cap=c,
                          units=r.choice([1, 1, 1, 2, 2, 3, 4, 6]), personnel=c["size"],
                          loc=loc, host=m["host"], a=a, b=b,
                          prio=r.choices([1, 2, 3, 4, 5], [1, 2, 4, 2, 1])[0],
                          ready=r.choices([0, 1, 2, 3], [4, 3, 2, 1])[0],
                          tasks=c["tasks"]))
    return lines


def caveats(r, nations, ms):
    rows, by_nation = [], {}
    for nat in nations:
        ids = []
        for j in range(r.randint(1, 4)):
            cid = f"CV-{nat}-{j + 1}"
            kind = r.choice(["only-countries", "not-countries", "no-tasks", "only-missions",
                             "max-days"])
            if kind == "only-countries":
                value = ";".join(sorted(set(r.sample([h for h, _ in HOSTS], 6) +
                                            r.sample(SUPPORT, 3))))
            elif kind == "not-countries":
                value = ";".join(r.sample([h for h, _ in HOSTS], 2))
            elif kind == "no-tasks":
                value = r.choice(["combat", "combat;force-protection", "aviation"])
            elif kind == "only-missions":
                value = ";".join(m["code"] for m in r.sample(ms, max(1, len(ms) // 2)))
            else:
                value = str(r.choice([90, 180, 270, 365]))
            hard = "yes" if r.random() < 0.7 else "no"
            rows.append([cid, nat, kind, value, hard])
            ids.append(cid)
        by_nation[nat] = ids
    return rows, by_nation


def offers(r, n, nations, ms, lines, caps, cav):
    by_mission = {}
    for ln in lines:
        by_mission.setdefault(ln["mission"], []).append(ln)
    rows = []
    for i in range(n):
        nat = r.choice(nations)
        mission = line = ""
        u = r.random()
        if u < 0.9:
            ln = r.choice(lines)
            cap = ln["cap"]["code"]
            mission = ln["mission"]
            if u < 0.35:
                line = ln["line"]
            a, b = window(r, max(0, ln["a"] - 3), min(HORIZON, ln["b"] + 3), 3, 18)
        else:
            cap = r.choice(caps)["code"]
            a, b = window(r, 0, HORIZON, 6, 24)
        size = next(c["size"] for c in caps if c["code"] == cap) if not mission else \
            ln["cap"]["size"]
        cv = ";".join(r.sample(cav[nat], r.randint(1, min(2, len(cav[nat]))))) \
            if r.random() < 0.3 else ""
        status = r.choices(["offered", "accepted", "withdrawn"], [17, 2, 1])[0]
        to = "" if r.random() < 0.05 else month(b)
        rows.append([f"O{i + 1:06d}", nat, cap, r.choice([1, 1, 2, 2, 3, 4]),
                     max(1, int(size * r.uniform(0.8, 1.2))), month(a), to,
                     r.choices([0, 1, 2, 3], [1, 2, 3, 4])[0], mission, line, cv, status])
    return rows


def caps_and_deployments(r, nations, ms):
    caps, deps = [], []
    hosts = sorted({m["host"] for m in ms})
    for nat in nations:
        for h in r.sample(hosts, min(len(hosts), r.randint(1, 4))):
            a, b = window(r, 0, HORIZON, 12, HORIZON)
            caps.append([nat, h, r.choice([150, 300, 500, 800, 1500, 2500]), month(a),
                         month(b) if b < HORIZON else "", "national force management level"])
    # Deadlines: a few nations must leave a host by a date (cap 0 from then on).
    for nat in r.sample(nations, max(2, len(nations) // 10)):
        h = r.choice(hosts)
        caps.append([nat, h, 0, month(r.randint(4, 20)), "", "withdrawal deadline"])
    for k, nat in enumerate(r.sample(nations, max(3, len(nations) // 2))):
        m = r.choice(ms)
        a, b = window(r, 0, HORIZON, 6, HORIZON)
        kind = r.choice(["permanent", "rotational", "temporary", "support"])
        counts = "no" if kind in ("temporary", "support") and r.random() < 0.7 else "yes"
        deps.append([f"D{k + 1:04d}", nat, m["host"], m["code"] if r.random() < 0.5 else "",
                     r.choice([20, 50, 100, 200, 400]), month(a),
                     month(b) if b < HORIZON else "", kind, counts, "bench generator"])
    return caps, deps


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in SIZES:
        sys.stderr.write("usage: gen_scenario.py S|M|L SEED OUTDIR\n")
        return 2
    size, seed, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    p = SIZES[size]
    r = random.Random(f"muster-bench-{size}-{seed}")
    os.makedirs(out, exist_ok=True)
    nations = sorted(r.sample(NATIONS, p["nations"]))
    caps = capabilities(r, p["caps"])
    ms = missions(r, p["missions"])
    ph = phases(r, ms)
    lines = requirements(r, ms, caps, p["lines"])
    cav_rows, cav = caveats(r, nations, ms)
    off = offers(r, p["offers"], nations, ms, lines, caps, cav)
    cap_rows, deps = caps_and_deployments(r, nations, ms)
    write(f"{out}/missions.csv", ["code", "name", "organization", "host", "from", "to"],
          [[m["code"], f"{m['org']} mission in {m['host']}", m["org"], m["host"],
            month(m["a"]), month(m["b"])] for m in ms])
    write(f"{out}/phases.csv", ["mission", "phase", "from", "to", "ceiling", "scope", "status"],
          ph)
    write(f"{out}/capabilities.csv", ["code", "name", "substitutes"],
          [[c["code"], c["name"], ";".join(c["subs"])] for c in caps])
    write(f"{out}/requirements.csv",
          ["mission", "line", "capability", "units", "personnel", "location", "from", "to",
           "priority", "min_readiness", "tasks"],
          [[ln["mission"], ln["line"], ln["cap"]["code"], ln["units"], ln["personnel"],
            ln["loc"], month(ln["a"]), month(ln["b"]), ln["prio"], ln["ready"],
            ";".join(ln["tasks"])] for ln in lines])
    write(f"{out}/caveats.csv", ["id", "nation", "kind", "value", "hard"], cav_rows)
    write(f"{out}/offers.csv",
          ["id", "nation", "capability", "units", "personnel", "from", "to", "readiness",
           "mission", "line", "caveats", "status"], off)
    write(f"{out}/caps.csv", ["nation", "country", "limit", "from", "to", "note"], cap_rows)
    write(f"{out}/deployments.csv",
          ["id", "nation", "country", "mission", "personnel", "from", "to", "kind",
           "counts_against_cap", "source"], deps)
    write(f"{out}/keys.csv", ["key", "nation", "value"],
          [["bench-key", n, r.randint(10, 1000)] for n in nations])
    return 0


if __name__ == "__main__":
    sys.exit(main())
