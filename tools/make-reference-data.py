#!/usr/bin/env python3
"""Regenerate data/countries.csv, data/nato.csv, data/gdp.csv and data/population.csv.

Usage: tools/make-reference-data.py [SHARED_DATA_DIR] [OUT_DIR]
(defaults: ../shared/data relative to the repository, and data/).

Inputs (see data/README.md for sources and licences):
- SHARED/country_reference/iso3166_countries_regions.csv: ISO 3166-1 codes and
  UN M49 region / sub-region names and the M49 numeric code;
- SHARED/country_reference/country_codes_comprehensive.csv: `is_independent`,
  from which UN membership is derived (independent states minus the Holy See
  and Taiwan, which are not UN members: 193 members);
- /usr/share/iso-codes/json/iso_3166-1.json (Debian iso-codes), when present,
  for short display names ("United States", "Bolivia") instead of the long
  formal ones;
- SHARED/nato_members/nato_members_accession.csv: NATO accession dates;
- SHARED/country_reference/worldbank_gdp_current_usd_1960_2023.csv: GDP in
  current US$, kept for ISO countries from 2010 on, rounded to whole dollars;
- SHARED/world_bank_population/population_1960_2024.csv: total population
  (mid-year), kept for ISO countries from 1990 on (the UN peacekeeping data
  start in 1990).

Codes that are not ISO 3166-1 but that planners need are added from EXTRA
below, each with a note (the `note` column).
"""
import csv
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "data")
ISO_CODES = "/usr/share/iso-codes/json/iso_3166-1.json"
GDP_FROM = 2010
POPULATION_FROM = 1990

# Not UN members although listed as independent by the source.
NOT_UN = {"VAT": "Holy See: UN observer state", "TWN": "Taiwan: not a UN member"}
# M49 leaves some areas without a region; fill them where the answer is plain.
REGION_FIX = {"TWN": ("Asia", "Eastern Asia", "Taiwan has no M49 region; placed in Eastern Asia")}
# Codes outside ISO 3166-1 that planners commonly need.
EXTRA = [
    {"code": "XKX", "name": "Kosovo", "region": "Europe", "subregion": "Southern Europe",
     "m49": "", "un_member": "no",
     "note": "not ISO 3166-1: user-assigned code used by the EU, IMF and World Bank"},
]


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def short_names():
    if not os.path.exists(ISO_CODES):
        return {}
    with open(ISO_CODES, encoding="utf-8") as f:
        rows = json.load(f)["3166-1"]
    return {r["alpha_3"]: r.get("common_name", r["name"]) for r in rows}


def countries():
    iso = read_csv(os.path.join(SHARED, "country_reference", "iso3166_countries_regions.csv"))
    comp = read_csv(os.path.join(SHARED, "country_reference", "country_codes_comprehensive.csv"))
    indep = {r["ISO3166-1-Alpha-3"]: r["is_independent"] == "Yes" for r in comp}
    names = short_names()
    out = []
    for r in iso:
        code = r["alpha-3"]
        region, sub, note = r["region"], r["sub-region"], ""
        if code in REGION_FIX and not region:
            region, sub, note = REGION_FIX[code]
        un = indep.get(code, False) and code not in NOT_UN
        if code in NOT_UN:
            note = "; ".join(x for x in (NOT_UN[code], note) if x)
        out.append({"code": code, "name": names.get(code, r["name"]), "region": region,
                    "subregion": sub, "m49": r["country-code"],
                    "un_member": "yes" if un else "no", "note": note})
    out.extend(EXTRA)
    out.sort(key=lambda r: r["code"])
    n_un = sum(r["un_member"] == "yes" for r in out)
    if n_un != 193:
        sys.exit(f"expected 193 UN members, got {n_un}")
    return out


def nato():
    rows = read_csv(os.path.join(SHARED, "nato_members", "nato_members_accession.csv"))
    return sorted(({"nation": r["iso3"], "name": r["country"], "accession": r["accession_date"]}
                   for r in rows), key=lambda r: r["nation"])


def gdp(codes):
    rows = read_csv(os.path.join(SHARED, "country_reference",
                                 "worldbank_gdp_current_usd_1960_2023.csv"))
    out = []
    for r in rows:
        if r["Country Code"] in codes and int(r["Year"]) >= GDP_FROM and r["Value"]:
            out.append({"nation": r["Country Code"], "year": r["Year"],
                        "gdp_usd": str(round(float(r["Value"])))})
    out.sort(key=lambda r: (r["nation"], int(r["year"])))
    return out


def population(codes):
    rows = read_csv(os.path.join(SHARED, "world_bank_population", "population_1960_2024.csv"))
    out = []
    for r in rows:
        if r["Country Code"] in codes and int(r["Year"]) >= POPULATION_FROM and r["Value"]:
            out.append({"nation": r["Country Code"], "year": r["Year"],
                        "population": str(round(float(r["Value"])))})
    out.sort(key=lambda r: (r["nation"], int(r["year"])))
    return out


def write(name, fields, rows):
    with open(os.path.join(OUT, name), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main():
    c = countries()
    write("countries.csv", ["code", "name", "region", "subregion", "m49", "un_member", "note"], c)
    write("nato.csv", ["nation", "name", "accession"], nato())
    write("gdp.csv", ["nation", "year", "gdp_usd"], gdp({r["code"] for r in c}))
    write("population.csv", ["nation", "year", "population"], population({r["code"] for r in c}))


if __name__ == "__main__":
    main()
