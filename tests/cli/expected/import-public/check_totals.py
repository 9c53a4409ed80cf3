#!/usr/bin/env python3
"""check_totals.py EXPORT_DIR SHARED_DATA: compare the deployments muster
imported (exported as EXPORT_DIR/deployments.csv) with the published totals.
Prints one line per check: "ok DESCRIPTION" or "not ok DESCRIPTION: detail"."""
import csv, sys
from collections import Counter

exp, data = sys.argv[1], sys.argv[2]
un = data + "/un_peacekeeping_ipi"
us = data + "/us_troop_deployments_troopdata"
deps = list(csv.DictReader(open(exp + "/deployments.csv")))

def active(d, day):
    return d["from"] <= day and (d["to"] == "" or day < d["to"])

def un_sums(day):
    """personnel per (nation, type) from the UN rows active on `day`."""
    c = Counter()
    for d in deps:
        if d["source"].startswith("un-peacekeeping-ipi:") and active(d, day):
            t = d["source"].split(" ")[1]
            c[(d["nation"], t)] += int(d["personnel"])
            c[(d["nation"], "total")] += int(d["personnel"])
    return c

def report(ok, what, detail=""):
    print(("ok " if ok else "not ok ") + what + ("" if ok else ": " + detail))

num = lambda v: 0 if v in ("", "NA") else int(v)

# 1. contributions_totals_by_gender: every contributor's troops and total in
# a few months (the file's Contributor=all rows are the grand totals, which
# the README says differ by ~0.1% from the detail rows: not compared).
totals = [r for r in csv.DictReader(open(un + "/contributions_totals_by_gender_2009-11_2014-08.csv"))
          if r["Contributor"] != "all" and r["Mission"] == "all"]
for month in ("2009-11-30", "2011-09-30", "2012-06-30", "2014-02-28"):
    day = month[:8] + "15"
    got = un_sums(day)
    rows = [r for r in totals if r["Date"] == month]
    bad = [(r["Contributor_ISO-3"], num(r[col]), got[(r["Contributor_ISO-3"], key)])
           for r in rows for col, key in (("Total_Total", "total"), ("Troops_Total", "troops"))
           if num(r[col]) != got[(r["Contributor_ISO-3"], key)]]
    report(rows and not bad, "UN %s: troops and total of all %d contributors match the totals file"
           % (month[:7], len(rows)), str(bad[:5]))

# 2. contributor_month_totals (by IPI country name; police = IPO + FPU).
iso = {r["country"]: r["country_iso3"] for r in csv.DictReader(open(un + "/countries_metadata.csv"))}
cmt = list(csv.DictReader(open(un + "/contributor_month_totals_1990-11_2014-03.csv")))
for name, month in (("Pakistan", "2013-06-30"), ("Bangladesh", "2010-03-31"),
                    ("India", "2012-12-31"), ("Nepal", "2014-03-31"), ("France", "2011-09-30")):
    r = next(r for r in cmt if r["Contributor"] == name and r["Date"] == month)
    got = un_sums(month[:8] + "15")
    n = iso[name]
    want = (num(r["Troops"]), num(r["Police"]), num(r["Experts"]))
    have = (got[(n, "troops")], got[(n, "individual-police")] + got[(n, "formed-police-units")],
            got[(n, "experts-on-mission")])
    report(want == have, "UN %s %s: troops, police, experts match contributor_month_totals"
           % (name, month[:7]), "want %s got %s" % (want, have))

# 3. US personnel: a few countries and reports, then whole regions.
rows = list(csv.DictReader(open(us + "/troopdata-rebuild-country-year-quarter-format.csv")))
def us_sum(country, day):
    return sum(int(d["personnel"]) for d in deps if d["source"].startswith("troopdata:")
               and d["country"] == country and active(d, day))
def qstart(r):
    return "%s-%02d-01" % (r["year"], (int(r["quarter"]) - 1) * 3 + 1)
for country, year, quarter in (("DEU", "2024", "3"), ("JPN", "2015", "4"), ("KOR", "1985", "2"),
                               ("IRQ", "2008", "3"), ("AFG", "2011", "2"), ("DEU", "1970", "3")):
    r = next(r for r in rows if r["iso3c"] == country and r["year"] == year and r["quarter"] == quarter)
    day = qstart(r)
    report(us_sum(country, day) == num(r["troops_ad"]),
           "US %s %s Q%s: troops_ad %s" % (country, year, quarter, r["troops_ad"]),
           "got %d" % us_sum(country, day))
# Regions: every deployment's source names the file line its interval starts
# at, whose row gives the region; the region's rows in one report must add up
# to the deployments active at its start (places without ISO3 included).
for year, quarter in (("2020", "4"), ("1990", "3"), ("1955", "2")):
    sel = [r for r in rows if r["year"] == year and r["quarter"] == quarter and r["iso3c"] != "USA"]
    day = qstart(sel[0])
    have = Counter()
    for d in deps:
        if d["source"].startswith("troopdata:") and active(d, day):
            line = int(d["source"].split(":")[2].split(" ")[0])
            have[rows[line - 2]["region"]] += int(d["personnel"])
    for region in sorted({r["region"] for r in sel}):
        want = sum(num(r["troops_ad"]) for r in sel if r["region"] == region)
        report(want == have[region], "US %s Q%s region %s: %d" % (year, quarter, region, want),
               "got %d" % have[region])
