#!/usr/bin/env python3
"""gen_deployments.py: write a realistic scenario folder for the import
benchmark: ROWS deployments (deployments.csv) plus the missions they name
(missions.csv). Deterministic: the same --seed and --rows give the same bytes.

Nations and countries are real ISO 3166-1 alpha-3 codes from data/countries.csv
(contributors drawn mostly from NATO members and large troop contributors);
about one row in eight belongs to a mission and is then in its host country.

usage: gen_deployments.py [--rows N] [--seed S] OUTDIR
"""
import argparse
import csv
import datetime
import itertools
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# code, name, organization, host, from (illustrative, after public names)
MISSIONS = [
    ("NMI", "NATO Mission Iraq", "NATO", "IRQ", "2018-10-01"),
    ("KFOR", "Kosovo Force", "NATO", "SRB", "1999-06-12"),
    ("RSM", "Resolute Support Mission", "NATO", "AFG", "2015-01-01"),
    ("MINUSMA", "UN Multidimensional Integrated Stabilization Mission in Mali", "UN", "MLI", "2013-04-25"),
    ("UNIFIL", "UN Interim Force in Lebanon", "UN", "LBN", "1978-03-19"),
    ("EUFOR", "EUFOR Althea", "EU", "BIH", "2004-12-02"),
    ("EFP-LTU", "enhanced Forward Presence Lithuania", "NATO", "LTU", "2017-01-01"),
    ("MONUSCO", "UN Organization Stabilization Mission in the DR Congo", "UN", "COD", "2010-07-01"),
]

CONTRIBUTORS = ["USA", "GBR", "FRA", "DEU", "ITA", "ESP", "CAN", "NLD", "POL", "TUR",
                "NOR", "DNK", "BEL", "ROU", "CZE", "HUN", "PRT", "GRC", "BGR", "LTU",
                "IND", "PAK", "BGD", "NPL", "RWA", "ETH", "GHA", "CHN", "IDN", "EGY"]
KINDS = [("permanent", 45), ("rotational", 30), ("temporary", 15), ("support", 10)]


def countries():
    with open(os.path.join(ROOT, "data", "countries.csv"), newline="") as f:
        return [r["code"] for r in csv.DictReader(f) if len(r["code"]) == 3 and r["code"] != "XKX"]


def iso(day):
    return (datetime.date(1970, 1, 1) + datetime.timedelta(days=day)).isoformat()


def write_missions(outdir):
    with open(os.path.join(outdir, "missions.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "organization", "host", "from", "to"])
        for code, name, org, host, start in MISSIONS:
            w.writerow([code, name, org, host, start, ""])


def write_deployments(outdir, rows, seed):
    rng = random.Random(seed)
    all_codes = countries()
    nations = CONTRIBUTORS + all_codes
    # cumulative weights, computed once: what choices() would do on every call
    nation_cw = list(itertools.accumulate([40] * len(CONTRIBUTORS) + [1] * len(all_codes)))
    kinds = [k for k, _ in KINDS]
    kind_cw = list(itertools.accumulate(w for _, w in KINDS))
    first = datetime.date(1990, 1, 1).toordinal() - datetime.date(1970, 1, 1).toordinal()
    span = 36 * 365
    with open(os.path.join(outdir, "deployments.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "nation", "country", "mission", "personnel", "from", "to",
                    "kind", "counts_against_cap", "source"])
        for i in range(rows):
            nation = rng.choices(nations, cum_weights=nation_cw)[0]
            mission = ""
            if rng.random() < 0.125:
                m = MISSIONS[rng.randrange(len(MISSIONS))]
                mission, country = m[0], m[3]
            else:
                country = rng.choice(all_codes)
                while country == nation:
                    country = rng.choice(all_codes)
            start = first + rng.randrange(span)
            end = "" if rng.random() < 0.1 else iso(start + rng.randint(30, 1500))
            personnel = int(rng.paretovariate(1.2) * 10)
            kind = rng.choices(kinds, cum_weights=kind_cw)[0]
            counts = "no" if kind == "support" and rng.random() < 0.5 else "yes"
            w.writerow([f"d{i + 1:07d}", nation, country, mission, min(personnel, 50000),
                        iso(start), end, kind, counts, f"generated, seed {seed}"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1000000)
    ap.add_argument("--seed", type=int, default=20210218)
    ap.add_argument("outdir")
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    write_missions(a.outdir)
    write_deployments(a.outdir, a.rows, a.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
