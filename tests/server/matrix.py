#!/usr/bin/env python3
"""matrix.py: the permission matrix of DESIGN.md section 12 over HTTP.

A liaison of DEU (and one of CAN) never sees another nation's offers,
caveats or deployments in any list, page, filter, as_of read or error
message; a record it may not read is a 404 that reads exactly like one that
does not exist, also when asked to change it with a stale version (no 412
that would tell its version). A viewer reads no offer, caveat, cap or
deployment, but the reference data and the statement of requirements.
Planners and admins see everything. Nothing here changes the data.
"""
from harness import Fixture, done, ok

NATIONAL = ["offers", "caveats", "deployments", "budgets"]
READ_ALL = ["nations", "keys", "missions", "phases", "capabilities", "requirements", "costs",
            "funding"]

fx = Fixture()
try:
    r = fx.request("POST", "/api/caps", token=fx.login("adm"),
                   body={"id": "DEU-IRQ-1", "nation": "DEU", "country": "IRQ", "limit": 500})
    ok(r.status == 201, "admin: POST a cap (the example has none)", r)
    # costs, funding and budgets (the example has none): a budget is a
    # nation's own, read by its liaison only; rates and rules are read by all
    for e, body in (
            ("costs", {"id": "PD-ANY", "basis": "person-day", "value": 300,
                       "currency": "USD"}),
            ("funding", {"id": "NMI-NAT", "mission": "NMI", "rule": "national"}),
            ("budgets", {"id": "DEU-NMI", "nation": "DEU", "mission": "NMI",
                         "limit": 5000000, "currency": "USD"}),
            ("budgets", {"id": "USA-NMI", "nation": "USA", "limit": 90000000,
                         "currency": "USD"})):
        r = fx.request("POST", f"/api/{e}", token=fx.login("adm"), body=body)
        ok(r.status == 201, f"admin: POST {e} {body['id']}", r)
    full = {e: fx.all_items("adm", e) for e in NATIONAL + READ_ALL + ["caps"]}
    ok(all(full[e] for e in ["offers", "caveats", "deployments", "caps", "requirements",
                             "budgets", "costs", "funding"]),
       "the example has records of every national entity",
       {e: len(v) for e, v in full.items()})
    for who in ("pla", "adm"):
        ok(all(fx.all_items(who, e) == full[e] for e in full),
           f"{who}: every record of every entity")
    before = fx.export()
    for who, nation in (("deu", "DEU"), ("can", "CAN")):
        for e in NATIONAL:
            mine = [i for i in full[e] if i["record"]["nation"] == nation]
            others = [i for i in full[e] if i["record"]["nation"] != nation]
            got = fx.all_items(who, e)
            ok(got == mine, f"{who}: GET /api/{e} lists its own {len(mine)} and nothing else",
               [i["key"] for i in got])
            then = [i for i in fx.all_items("adm", e, "as_of=r1")
                    if i["record"]["nation"] == nation]  # what was its own at r1
            for q in ("as_of=r1", "nation=USA", "nation=" + nation):
                got = fx.all_items(who, e, q)
                want = then if q.startswith("as_of") else [
                    i for i in mine if i["record"]["nation"] == q[7:]]
                ok([i["key"] for i in got] == [i["key"] for i in want],
                   f"{who}: GET /api/{e}?{q} shows only its own")
            leaks = []
            for o in others:
                for suffix in ("", "?as_of=r1"):
                    r = fx.get(who, f"/api/{e}/{o['key']}{suffix}")
                    if r.status != 404 or r.json["detail"] != f"no {e} '{o['key']}'":
                        leaks.append(f"GET {o['key']}{suffix}: {r}")
                for method in ("PATCH", "DELETE"):
                    r = fx.request(method, f"/api/{e}/{o['key']}", token=fx.login(who),
                                   body={"nation": nation} if method == "PATCH" else None,
                                   headers={"If-Match": '"999"'})
                    if r.status != 404 or r.json["detail"] != f"no {e} '{o['key']}'":
                        leaks.append(f"{method} {o['key']}: {r}")
            ok(not leaks, f"{who}: every other nation's {e} is 404, as a missing one "
               f"({len(others)} records)", *leaks[:10])
            r = fx.get(who, f"/api/{e}/NO-SUCH-KEY")
            ok(r.status == 404 and r.json["detail"] == f"no {e} 'NO-SUCH-KEY'",
               f"{who}: a missing {e} reads the same", r)
        for e in READ_ALL + ["caps"]:
            ok(fx.all_items(who, e) == full[e], f"{who}: reads every {e}")
    for e in NATIONAL + ["caps"]:
        ok(fx.all_items("vie", e) == [], f"viewer: no {e} in GET /api/{e}")
        leaks = [i["key"] for i in full[e] if fx.get("vie", f"/api/{e}/{i['key']}").status != 404]
        ok(not leaks, f"viewer: every {e} is 404 by key", leaks)
    for e in READ_ALL:
        ok(fx.all_items("vie", e) == full[e], f"viewer: reads every {e}")
    # offers read only in aggregate: a page's "totals" per (mission, line,
    # capability), withdrawn offers left out, no nation and no id
    def totals_of(offers):
        t = {}
        for o in offers:
            rec = o["record"]
            if rec["status"] == "withdrawn":
                continue
            g = t.setdefault((rec["mission"], rec["line"], rec["capability"]),
                             {"units": 0, "personnel": 0, "rows": 0})
            g["units"] += rec["units"]
            g["personnel"] += rec["units"] * rec["personnel"]
            g["rows"] += 1
        return t

    def page_totals(r):
        return {(g["mission"], g["line"], g["capability"]):
                {"units": g["units"], "personnel": g["personnel"], "rows": g["rows"]}
                for g in r.json["totals"]}

    cli = [ln.split(",") for ln in fx.muster("--as", "deu", "show", "offers", "--format", "csv")
           .stdout.splitlines()[1:]]
    for who, nation in (("deu", "DEU"), ("can", "CAN"), ("vie", None)):
        r = fx.get(who, "/api/offers?limit=2")
        want = totals_of([o for o in full["offers"] if o["record"]["nation"] != nation])
        ok(r.status == 200 and want and page_totals(r) == want,
           f"{who}: GET /api/offers carries the totals of the offers it reads in aggregate "
           f"({len(want)} lines)", r)
        ok(all(set(g) == {"mission", "line", "capability", "units", "personnel", "person_days",
                          "from", "to", "rows"} for g in r.json["totals"]),
           f"{who}: ... with no nation and no id", r.json["totals"][:2])
        nmi = {k: v for k, v in want.items() if k[0] == "NMI"}
        r = fx.get(who, "/api/offers?mission=NMI&capability=TRG-TEAM")
        ok(r.status == 200 and page_totals(r) == {k: v for k, v in nmi.items()
                                                  if k[2] == "TRG-TEAM"},
           f"{who}: ... kept to the mission and capability filters", r)
        r = fx.get(who, "/api/offers?as_of=r1")
        then = totals_of([o for o in fx.all_items("adm", "offers", "as_of=r1")
                          if o["record"]["nation"] != nation])
        ok(r.status == 200 and page_totals(r) == then, f"{who}: ... and as of r1", r)
        r = fx.get(who, "/api/offers?status=offered")
        ok(r.status == 200 and "totals" not in r.json,
           f"{who}: a filter a total cannot answer: no totals", r)
        if who == "deu":  # the CLI's show, the same rule: its rows with no id
            agg = {(c[8] or None, c[9] or None, c[2]): int(c[3]) for c in cli if not c[0]}
            ok(agg == {k: v["units"] for k, v in want.items()},
               "deu: the same totals as `muster --as deu show offers`", agg)
    for who in ("pla", "adm"):
        ok("totals" not in fx.get(who, "/api/offers").json, f"{who}: reads all, no totals")
    ok("totals" not in fx.get("deu", "/api/caveats").json, "deu: no totals for caveats")
    r = fx.get("deu", "/api/openapi.json")
    ok("totals" in r.json["paths"]["/api/offers"]["get"]["responses"]["200"]["content"]
       ["application/json"]["schema"]["properties"], "the OpenAPI page of offers has totals", r)
    r = fx.request("PATCH", "/api/missions/NMI", token=fx.login("deu"), body={"name": "x"},
                   headers={"If-Match": '"1"'})
    ok(r.status == 403 and r.is_problem(), "liaison: PATCH of a mission is 403", r)
    r = fx.request("POST", "/api/offers", token=fx.login("deu"),
                   body={"id": "X-1", "nation": "FRA", "capability": "TRG-TEAM", "units": 1,
                         "personnel": 5, "from": "2021-03-01", "readiness": 1})
    ok(r.status == 403 and r.is_problem(), "liaison of DEU: adding an offer of FRA is 403", r)
    cur = fx.get("deu", "/api/budgets/DEU-NMI")
    r = fx.request("PATCH", "/api/budgets/DEU-NMI", token=fx.login("deu"), body={"limit": 9e9},
                   headers={"If-Match": cur.header("etag") or '"1"'})
    ok(cur.status == 200 and r.status == 403 and r.is_problem(),
       "liaison of DEU: reads its own budget, may not raise it (403)", r)
    r = fx.request("POST", "/api/offers", token=fx.login("vie"), body={"id": "X-2"})
    ok(r.status == 403 and r.is_problem(), "viewer: POST is 403", r)
    ok(fx.export() == before, "nothing changed (muster export)")
finally:
    fx.close()
done()
