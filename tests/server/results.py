"""results.py: sourcing runs as jobs and every results route over HTTP.

A run started by a planner, its progress watched, the result read; bad run
options and bad query parameters 4xx with a problem document, and no job
started; every results route as every role, with the policy: a liaison
never sees another nation's offer ids or caveat ids in assignments, gaps,
check or history, a viewer no nation's records; stale runs marked after an
edit, and not as of the revision they were made on.
"""
import re
import time

from harness import Fixture, ok, done

fx = Fixture()
try:
    pla, can, deu, vie = (fx.login(u) for u in ("pla", "can", "deu", "vie"))
    offers = fx.all_items("adm", "offers")
    caveats = fx.all_items("adm", "caveats")
    nation_of = {o["key"]: o["record"]["nation"] for o in offers}
    cav_nation = {c["key"]: c["record"]["nation"] for c in caveats}
    not_can = [k for k, n in list(nation_of.items()) + list(cav_nation.items()) if n != "CAN"]

    def leaks(text, keys):
        """The keys that occur in text as whole words."""
        return [k for k in keys if re.search(r"(?<![\w-])" + re.escape(k) + r"(?![\w-])", text)]

    # ---- bad run options: 400 naming the field, no job ---------------------------
    for body, field in [({"solver": "slow"}, "solver"), ({"time_limit": 0}, "time_limit"),
                        ({"time_limit": "60"}, "time_limit"), ({"exact": True}, "exact"),
                        ({"fair_weight": -1}, "fair_weight"), ({"mission": 3}, "mission"),
                        ({"with_requested": "yes"}, "with_requested")]:
        r = fx.request("POST", "/api/runs", body, token=pla)
        ok(r.status == 400 and r.is_problem() and field in r.json["detail"],
           f"POST /api/runs {body}: 400 naming '{field}'", r)
    r = fx.get("pla", "/api/jobs/1")
    ok(r.status == 404 and r.is_problem(), "no job was started by the bad requests", r)
    for who in ("can", "vie"):
        r = fx.request("POST", "/api/runs", {}, token=fx.login(who))
        ok(r.status == 403 and r.is_problem(), f"POST /api/runs as {who}: 403", r)
    ok(fx.get("pla", "/api/runs").json["items"] == [], "no run stored by any of them")

    # ---- a run: started, watched, read ------------------------------------------
    r = fx.request("POST", "/api/runs", {"solver": "fast", "time_limit": 30, "mission": "nmi"},
                   token=pla)
    loc = r.header("location") or ""
    ok(r.status == 202 and re.fullmatch(r"/api/jobs/\d+", loc)
       and r.json["state"] in ("queued", "running", "done"),
       "POST /api/runs: 202 with Location: /api/jobs/ID", r)
    states, job = set(), None
    for _ in range(600):
        job = fx.get("pla", loc)
        states.add(job.json["state"])
        if job.json["state"] not in ("queued", "running"):
            break
        time.sleep(0.05)
    ok(job.status == 200 and job.json["state"] == "done" and isinstance(job.json["run"], int)
       and job.json["progress"]["what"], "the job ends done, with the run id and progress", job)
    run = job.json["run"]
    ok(job.json["options"]["mission"] == "nmi", "the job shows its options", job)
    r = fx.get("can", loc)
    ok(r.status == 403 and r.is_problem(), "a liaison may not watch jobs (403)", r)

    # a job that fails: the error as a problem
    r = fx.request("POST", "/api/runs", {"mission": "NOPE"}, token=pla)
    for _ in range(600):
        j = fx.get("pla", r.header("location"))
        if j.json["state"] not in ("queued", "running"):
            break
        time.sleep(0.05)
    err = j.json.get("error") or {}
    ok(j.json["state"] == "failed" and err.get("status") == 404 and "NOPE" in err.get("detail", "")
       and j.json["run"] is None, "an unknown mission: the job fails with a 404 problem", j)

    # ---- runs for every role ------------------------------------------------------
    for who in ("adm", "pla", "can", "deu", "vie"):
        r = fx.get(who, "/api/runs")
        ids = [x["id"] for x in (r.json or {}).get("items", [])]
        ok(r.status == 200 and ids == [run] and r.json["items"][0]["stale"] is False,
           f"GET /api/runs as {who}: the run, not stale", r)
        r = fx.get(who, f"/api/runs/{run}")
        ok(r.status == 200 and r.json["id"] == run and r.json["fill"] > 0,
           f"GET /api/runs/{run} as {who}", r)

    r = fx.get("pla", f"/api/runs/{run}/assignments")
    full = r.json["items"]
    nations = {a["nation"] for a in full}
    ok(r.status == 200 and len(nations) > 3 and r.json["totals"] == [],
       f"a planner sees every assignment ({len(full)}, {len(nations)} nations)", r)
    r = fx.get("can", f"/api/runs/{run}/assignments")
    mine = r.json["items"]
    ok(r.status == 200 and mine and all(a["nation"] == "CAN" for a in mine),
       "a CAN liaison sees its own assignments in full", r)
    tot = r.json["totals"]
    ok(tot and all("nation" not in t and "offer" not in t for t in tot)
       and sum(t["units"] for t in tot) + sum(a["units"] for a in mine)
       == sum(a["units"] for a in full),
       "the others as totals per line, without nation or offer, adding up", r)
    ok(not leaks(r.raw, not_can), "no other nation's offer or caveat id in them",
       leaks(r.raw, not_can))
    r = fx.get("vie", f"/api/runs/{run}/assignments")
    ok(r.status == 200 and r.json["items"] == [] and r.json["totals"]
       and not leaks(r.raw, list(nation_of) + list(cav_nation)),
       "a viewer: totals only, no offer or caveat id", r)

    r = fx.get("pla", f"/api/runs/{run}/gaps")
    gaps = r.json["items"]
    ok(r.status == 200 and gaps and all(g["reason"] for g in gaps), f"gaps ({len(gaps)})", r)
    shown = leaks(r.raw, list(cav_nation))
    for who, hidden in (("can", not_can), ("vie", list(nation_of) + list(cav_nation))):
        r = fx.get(who, f"/api/runs/{run}/gaps")
        ok(r.status == 200 and len(r.json["items"]) == len(gaps) and not leaks(r.raw, hidden),
           f"gaps as {who}: every gap, no id it may not read in a detail"
           f" (a planner's name {shown})", leaks(r.raw, hidden))
        if shown:
            ok(any(g.get("detail_hidden") == "yes" and g["detail"] is None
                   for g in r.json["items"]),
               f"gaps as {who}: a hidden detail is null with detail_hidden \"yes\"", r)
    ok(all("detail_hidden" not in g for g in gaps), "a planner's gaps hide nothing", gaps[:2])
    # one JSON writer: the API's rows have the columns of assignments.csv and gaps.csv
    cols = "mission,line,offer,nation,units,personnel,from,to,capability,substitute," \
           "soft_caveats,person_days".split(",")
    ok(all(list(a) == cols and a["substitute"] in ("yes", "no") for a in full),
       "assignments: the CLI's columns (assignments.csv), substitute yes/no", full[:1])

    # ---- check ------------------------------------------------------------------
    r = fx.get("pla", "/api/check")
    ok(r.status == 200 and r.json["run"]["id"] == run and r.json["run"]["ok"]
       and isinstance(r.json["posture"]["rows"], list), "check as a planner: verdicts and rows", r)
    for who in ("can", "vie"):
        r = fx.get(who, "/api/check")
        ok(r.status == 200 and r.json["run"]["rows"] is None and r.json["posture"]["rows"] is None
           and isinstance(r.json["posture"]["count"], int),
           f"check as {who}: the verdicts, not the rows", r)

    # every thread keeps the planner's answer before the edit (not stale)...
    warm = [fx.get("pla", f"/api/runs/{run}/assignments").json["run"]["stale"]
            for _ in range(12)]
    ok(warm == [False] * 12, "assignments before the edit: not stale, on every thread", warm)

    # ---- history: an edit by DEU, seen by planners and DEU only -------------------
    cav = next(k for k, n in cav_nation.items() if n == "DEU")
    cur = fx.get("deu", f"/api/caveats/{cav}")
    r = fx.request("PATCH", f"/api/caveats/{cav}", {"hard": False}, token=deu,
                   headers={"If-Match": cur.header("etag")})
    ok(r.status == 200, f"DEU edits caveat {cav}", r)
    r = fx.get("pla", f"/api/history?entity=caveats&key={cav}")
    ok(r.status == 200 and any(x["op"] == "update" and x["key"] == cav for x in r.json["items"]),
       "history as a planner: the edit", r)
    r = fx.get("deu", f"/api/history?entity=caveats&key={cav}&actor=deu")
    ok(r.status == 200 and [x["actor"] for x in r.json["items"]] == ["deu"],
       "history as DEU filtered by key and actor: its edit", r)
    for who, hidden in (("can", not_can), ("vie", list(nation_of) + list(cav_nation))):
        r = fx.get(who, "/api/history")
        bad = [x for x in r.json["items"] if x["entity"] in ("offers", "caveats", "caps",
                                                             "deployments")
               and (who == "vie" or x["key"] in not_can)]
        ok(r.status == 200 and r.json["items"] and not bad and not leaks(r.raw, hidden),
           f"history as {who}: rows, none of a record it may not read", bad[:3],
           leaks(r.raw, hidden)[:5])

    # ---- stale runs, as_of ---------------------------------------------------------
    r = fx.get("can", "/api/runs")
    x = r.json["items"][0]
    ok(x["stale"] is True and x["stale_by"] == 1 and "stale" in x["stale_text"],
       "after the edit the run is marked stale by 1 revision", r)
    rev = x["revision"]
    r = fx.get("can", f"/api/runs?as_of=r{rev}")
    ok(r.status == 200 and r.json["items"][0]["stale"] is False,
       f"as_of=r{rev}: the run is current then", r)
    r = fx.get("pla", "/api/check")
    ok(r.status == 409 and r.is_problem() and "stale" in r.json["detail"],
       "check of a stale run: 409", r)
    r = fx.get("pla", f"/api/check?as_of=r{rev}")
    ok(r.status == 200 and r.json["run"]["id"] == run, f"check as_of=r{rev}: 200", r)
    r = fx.get("pla", f"/api/history?as_of=r{rev}&entity=caveats&key={cav}")
    ok(r.status == 200 and all(x["rev"] <= rev for x in r.json["items"])
       and not any(x["op"] == "update" for x in r.json["items"]),
       "history as_of before the edit: without it", r)
    r = fx.get("pla", f"/api/runs/{run}/assignments?as_of=r{rev}")
    ok(r.status == 200 and r.json["run"]["stale"] is False, "assignments as_of: not stale", r)
    now = [fx.get("pla", f"/api/runs/{run}/assignments").json["run"]["stale"]
           for _ in range(12)]
    ok(now == [True] * 12, "assignments now: stale on every thread (a thread's kept run and "
       "answer are judged against the revision now)", now)
    # each thread keeps runs per role and nation: interleaved readers each get their own view
    seen = [(w, fx.get(w, f"/api/runs/{run}/assignments").json) for w in ("pla", "can", "vie") * 6]
    ok(all((w == "pla" and len({a["nation"] for a in j["items"]}) > 3 and j["totals"] == [])
           or (w == "can" and j["items"] and all(a["nation"] == "CAN" for a in j["items"])
               and j["totals"])
           or (w == "vie" and j["items"] == [] and j["totals"])
           for w, j in seen), "18 interleaved reads by planner, liaison and viewer: each its view")

    # ---- posture and fair shares ----------------------------------------------------
    r = fx.get("pla", "/api/posture?on=2021-06-01&mission=nmi")
    groups = {x["group"] for x in r.json["rows"]}
    ok(r.status == 200 and len(groups) > 3 and r.json["run"]["id"] == run
       and r.json["run"]["stale"] is True,
       f"posture as a planner: by nation ({len(groups)}), the run used marked stale", r)
    r = fx.get("can", "/api/posture?on=2021-06-01&mission=NMI")
    ok(r.status == 200 and {x["group"] for x in r.json["rows"]} == groups,
       "posture as a liaison: every nation's totals", r)
    r = fx.get("vie", "/api/posture?on=2021-06-01&mission=NMI")
    ok(r.status == 200 and [x["group"] for x in r.json["rows"]] == ["all nations"],
       "posture as a viewer: one merged group", r)
    r = fx.get("vie", "/api/posture?from=2021-01-01&to=2022-01-01&every=quarter&by=country")
    ok(r.status == 200 and len({x["date"] for x in r.json["rows"]}) == 4,
       "a posture series by country, quarterly", r)
    r = fx.get("pla", "/api/fairshare?mission=NMI&participants=members:NATO")
    ok(r.status == 200 and len(r.json["rows"]) > 10 and r.json["run"]["id"] == run,
       "fair shares as a planner: a row per nation, against the run", r)
    r = fx.get("vie", "/api/fairshare?mission=NMI&participants=members:NATO")
    ok(r.status == 200 and r.json["rows"] == [] and r.json["total"] > 0,
       "fair shares as a viewer: the totals, no nation's row", r)
    r = fx.get("pla", "/api/fairshare?mission=NMI&run=none&as_of=r1")
    ok(r.status == 200 and r.json["run"] is None, "fair shares without a run, as of r1", r)

    # ---- bad query parameters: 4xx with a problem ----------------------------------
    for path, status in [("/api/runs?bogus=1", 400), ("/api/runs?as_of=yesterday", 400),
                         ("/api/runs?as_of=r99999", 400), (f"/api/runs/{run}?limit=2", 400),
                         ("/api/runs/abc", 404), ("/api/runs/0", 404), ("/api/runs/99999", 404),
                         ("/api/runs/99999/gaps", 404), ("/api/runs/1x/assignments", 404),
                         ("/api/history?entity=nope", 400), ("/api/history?who=x", 400),
                         ("/api/history?as_of=2001-99-99", 400), ("/api/check?run=abc", 400),
                         ("/api/check?run=-1", 400), ("/api/check?strict=maybe", 400),
                         ("/api/check?run=99999", 404), ("/api/jobs/99999", 404),
                         ("/api/jobs/abc", 404), ("/api/posture?on=2021-13-01", 400),
                         ("/api/posture?by=colour", 400), ("/api/posture?nation=XXX", 400),
                         ("/api/posture?from=2021-01-01", 400), ("/api/posture?every=week", 400),
                         ("/api/posture?counted=1", 400), ("/api/posture?run=abc", 400),
                         ("/api/posture?run=99999", 404), ("/api/fairshare?mission=NOPE", 400),
                         ("/api/fairshare?key=nokey&mission=NMI", 400),
                         ("/api/fairshare?total=-5", 400), ("/api/fairshare?floor=200", 400),
                         ("/api/fairshare?method=coin", 400), ("/api/fairshare?ceiling=0", 400)]:
        r = fx.get("pla", path)
        ok(r.status == status and r.is_problem(), f"GET {path}: {status} with a problem", r)
    r = fx.request("DELETE", "/api/jobs/99999", token=pla)
    ok(r.status == 404 and r.is_problem(), "DELETE of no job: 404", r)
finally:
    fx.close()
done()
