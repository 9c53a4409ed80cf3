#!/usr/bin/env python3
"""Regenerate data/crosswalk.csv: country names, variants and other codes -> one code.

Usage: tools/make-crosswalk.py [SHARED_DATA_DIR] [OUT_DIR]
(defaults: ../shared/data relative to the repository, and data/).

Every row maps a `name` (a country name, a variant of it, or a code of
another standard) to `code`, an ISO 3166-1 alpha-3 code, or for a place
with none, the pseudo-code documented in data/README.md. `source` says
where the name was seen. Names are matched as muster_crosswalk() does (see
`key` below: ASCII case and punctuation ignored, '&' read as 'and'); a name
whose key would map to two codes is left out and printed, never guessed.

Inputs (see data/README.md for sources and licences): the country reference
tables (ISO names, alpha-2, IOC, FIFA, UNTERM and CLDR names), Debian's
iso-codes (ISO 3166-1 names, ISO 3166-3 former countries), and the names the
public data sets use with their codes (IPI, World Bank, troopdata). HAND
below adds the variants those sources use without a code.
"""
import csv
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "data")
ISO1 = "/usr/share/iso-codes/json/iso_3166-1.json"
ISO3 = "/usr/share/iso-codes/json/iso_3166-3.json"

# ISO 3166-3 codes of countries renamed, not dissolved: their names go to
# today's code. The others (dissolved or split) keep their former alpha-3.
RENAMED = {"BUR": "MMR", "ZAR": "COD", "TMP": "TLS", "DHY": "BEN", "HVO": "BFA",
           "BYS": "BLR", "RHO": "ZWE", "NHB": "VUT", "AFI": "DJI", "SKM": "IND",
           "FXX": "FRA"}

# Names the public data use without a code (troopdata's NA rows, the IPI
# contributor totals, the NATO tables), each with the code it stands for.
HAND = [
    ("Burma", "MMR"), ("Myanmar (Burma)", "MMR"), ("Swaziland", "SWZ"),
    ("Macedonia", "MKD"), ("The former Yugoslav Republic of Macedonia", "MKD"),
    ("Former Yugoslav Republic of Macedonia", "MKD"), ("FYROM", "MKD"),
    ("Turkey", "TUR"), ("Turkiye", "TUR"), ("Czech Republic", "CZE"),
    ("East Timor", "TLS"), ("Cote Divoire", "CIV"), ("Cote d Ivoire", "CIV"),
    ("Ivory Coast", "CIV"), ("DR Congo", "COD"), ("Congo (Kinshasa)", "COD"),
    ("Democratic Republic of Congo", "COD"), ("Zaire", "COD"),
    ("Congo (Brazzaville)", "COG"), ("Republic of Congo", "COG"),
    ("Korea, South", "KOR"), ("South Korea", "KOR"), ("Republic of Korea", "KOR"),
    ("North Korea", "PRK"), ("DPR Korea", "PRK"), ("Bahamas, The", "BHS"),
    ("Gambia, The", "GMB"), ("Antigua", "ATG"), ("St. Kitts and Nevis", "KNA"),
    ("St. Vincent and the Grenadines", "VCT"), ("Saint Vincent and the Grenadin", "VCT"),
    ("St. Lucia", "LCA"), ("St. Helena", "SHN"), ("US Virgin Islands", "VIR"),
    ("Virgin Islands, U.S.", "VIR"), ("Mariana Islands", "MNP"),
    ("Federated States of Micronesia", "FSM"), ("Micronesia", "FSM"),
    ("Micronesia, Federated States Of", "FSM"), ("Bosnia", "BIH"),
    ("Seychelles Island", "SYC"), ("Turks Island", "TCA"), ("Svalbard", "SJM"),
    ("Russia", "RUS"), ("Soviet Union", "SUN"), ("USSR", "SUN"), ("Syria", "SYR"),
    ("Iran", "IRN"), ("Laos", "LAO"), ("Vietnam", "VNM"), ("South Vietnam", "VNM"),
    ("Republic of Vietnam", "VNM"), ("Brunei", "BRN"), ("Moldova", "MDA"),
    ("Tanzania", "TZA"), ("Bolivia", "BOL"), ("Venezuela", "VEN"), ("Taiwan", "TWN"),
    ("Vatican", "VAT"), ("Holy See", "VAT"), ("Palestine", "PSE"),
    ("Kosovo", "XKX"), ("UK", "GBR"), ("Great Britain", "GBR"), ("Britain", "GBR"),
    ("United States of America", "USA"), ("US", "USA"), ("U.S.", "USA"),
    ("America", "USA"), ("Cape Verde", "CPV"), ("Cabo Verde", "CPV"),
    ("West Germany", "DEU"), ("Federal Republic of Germany", "DEU"),
    ("East Germany", "DDR"), ("Czechoslovakia", "CSK"), ("Yugoslavia", "YUG"),
    ("Serbia and Montenegro", "SCG"), ("Netherlands Antilles", "ANT"),
    ("Yemen People's Republic", "YMD"), ("South Yemen", "YMD"),
    ("Yemen Arab Republic", "YEM"), ("North Yemen", "YEM"), ("Aland Islands", "ALA"),
    ("China Hong Kong", "HKG"), ("Hong Kong", "HKG"), ("China Macao", "MAC"),
    ("Macau", "MAC"), ("Faeroe Islands", "FRO"), ("Reunion", "REU"),
    ("Curacao", "CUW"), ("Saint Martin", "MAF"), ("Saint-Barth_lemy", "BLM"),
    ("Saint Barthelemy", "BLM"), ("Bonaire Saint Eustatius and Sa", "BES"),
    ("South Sudan'", "SSD"), ("Bosnia & Herzegovina", "BIH"),
    ("Slovak Republic", "SVK"), ("Kyrgyz Republic", "KGZ"),
]


def key(name):
    """The matching key: muster_crosswalk_key() in src/lib/crosswalk.c does the same."""
    s = name.replace("&", " and ")
    out, sep = [], False
    for ch in s:
        if ord(ch) < 128 and not ch.isalnum():
            sep = True
            continue
        if sep and out:
            out.append(" ")
        sep = False
        out.append(ch.lower() if ord(ch) < 128 else ch)
    return "".join(out)


def ascii_fold(name):
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    rows = []  # (name, code, source)

    def add(name, code, source):
        name = (name or "").strip()
        if not name or not code or code == "NA":
            return
        rows.append((name, code, source))
        folded = ascii_fold(name)
        if folded != name and folded.strip():
            rows.append((folded.strip(), code, source))

    iso = read_csv(os.path.join(SHARED, "country_reference", "iso3166_countries_regions.csv"))
    codes = {r["alpha-3"] for r in iso} | {"XKX"}
    for r in iso:
        add(r["name"], r["alpha-3"], "iso-3166")
        add(r["alpha-2"], r["alpha-3"], "iso-3166-alpha-2")
    if os.path.exists(ISO1):
        with open(ISO1, encoding="utf-8") as f:
            for r in json.load(f)["3166-1"]:
                for k in ("name", "common_name", "official_name"):
                    add(r.get(k), r["alpha_3"], "iso-codes")
    if os.path.exists(ISO3):
        with open(ISO3, encoding="utf-8") as f:
            for r in json.load(f)["3166-3"]:
                code = RENAMED.get(r["alpha_3"], r["alpha_3"])
                add(r["name"], code, "iso-3166-3")
                if r["alpha_3"] not in codes:
                    add(r["alpha_3"], code, "iso-3166-3")
    comp = read_csv(os.path.join(SHARED, "country_reference", "country_codes_comprehensive.csv"))
    for r in comp:
        c = r["ISO3166-1-Alpha-3"]
        for k in ("official_name_en", "UNTERM English Short", "UNTERM English Formal",
                  "CLDR display name"):
            add(r[k], c, "unterm-cldr")
        for k, src in (("IOC", "ioc"), ("FIFA", "fifa")):
            for v in r[k].split(","):
                v = v.strip()
                if v and v not in codes:  # an ISO alpha-3 always means itself
                    add(v, c, src)
    for r in read_csv(os.path.join(SHARED, "world_bank_population", "population_1960_2024.csv")):
        if r["Country Code"] in codes:
            add(r["Country Name"], r["Country Code"], "world-bank")
    ipi = os.path.join(SHARED, "un_peacekeeping_ipi")
    for r in read_csv(os.path.join(ipi, "countries_metadata.csv")):
        add(r["country"], r["country_iso3"], "ipi")
    for r in read_csv(os.path.join(ipi, "contributions_by_mission_type_gender_2009-11_2014-08.csv")):
        add(r["Contributor"], r["Contributor_ISO-3"], "ipi")
    for r in read_csv(os.path.join(ipi, "mission_month_totals_1990-11_2017-03.csv")):
        add(r["Country of Mission"], r["Country of Mission ISO-3"], "ipi")
    td = os.path.join(SHARED, "us_troop_deployments_troopdata")
    for f in ("troopdata-rebuild-country-year-quarter-format.csv",
              "troopdata-rebuild-country-year.csv"):
        for r in read_csv(os.path.join(td, f)):
            if r["iso3c"] in codes:
                add(r["countryname"], r["iso3c"], "troopdata")
    for name, code in HAND:
        add(name, code, "muster")

    by_key, dropped = {}, {}
    for name, code, source in rows:
        k = key(name)
        if k.upper() in codes and k.upper() != code:
            dropped.setdefault(k, set()).add(code)  # another country's ISO code
            continue
        if k in by_key and by_key[k][1] != code:
            dropped.setdefault(k, set()).update({code, by_key[k][1]})
            continue
        by_key.setdefault(k, (name, code, source))
    for k in dropped:
        by_key.pop(k, None)
        print(f"left out (two codes): {k!r} -> {sorted(dropped[k])}", file=sys.stderr)
    out = sorted(by_key.values(), key=lambda r: (r[1], key(r[0])))
    with open(os.path.join(OUT, "crosswalk.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "code", "source"])
        w.writerows(out)
    print(f"crosswalk.csv: {len(out)} names of {len({r[1] for r in out})} codes", file=sys.stderr)


if __name__ == "__main__":
    main()
