#!/usr/bin/env python3
"""records.py: records over HTTP: POST, GET, PATCH, DELETE with ETag and
If-Match (428, 412), validation problems with structured errors, pages
whose cursor is stable while records are added and deleted, filters,
as_of, and the audit log naming the session's user."""
from harness import Fixture, done, ok

fx = Fixture()
try:
    pla = fx.login("pla")
    deu = fx.login("deu")
    new = {"id": "DEU-NEW-1", "nation": "DEU", "capability": "TRG-TEAM", "units": 2,
           "personnel": 12, "from": "2021-04-01", "readiness": 2, "mission": "NMI"}
    r = fx.request("POST", "/api/offers", new, token=deu)
    ok(r.status == 201 and r.header("etag") == '"1"' and
       r.header("location") == "/api/offers/DEU-NEW-1" and r.json["record"]["units"] == 2,
       "liaison POST of its own offer: 201, ETag \"1\", Location", r, r.headers)
    r = fx.request("POST", "/api/offers", new, token=deu)
    ok(r.status in (400, 409) and r.is_problem(), "the same id again: refused", r)
    r = fx.get("deu", "/api/offers/DEU-NEW-1")
    ok(r.status == 200 and r.header("etag") == '"1"' and r.json["version"] == 1,
       "GET: the record with its version as ETag", r)
    r = fx.request("PATCH", "/api/offers/DEU-NEW-1", {"units": 3}, token=deu)
    ok(r.status == 428 and r.is_problem(), "PATCH without If-Match: 428", r)
    r = fx.request("PATCH", "/api/offers/DEU-NEW-1", {"units": 3}, token=deu,
                   headers={"If-Match": "yesterday"})
    ok(r.status == 400 and r.is_problem(), "PATCH with a malformed If-Match: 400", r)
    r = fx.request("PATCH", "/api/offers/DEU-NEW-1", {"units": 3, "to": None}, token=deu,
                   headers={"If-Match": '"1"'})
    ok(r.status == 200 and r.header("etag") == '"2"' and r.json["record"]["units"] == 3,
       "PATCH with If-Match \"1\": 200, ETag \"2\"", r)
    r = fx.request("PATCH", "/api/offers/DEU-NEW-1", {"units": 4}, token=deu,
                   headers={"If-Match": '"1"'})
    ok(r.status == 412 and r.is_problem() and "version 2" in r.json["detail"],
       "PATCH with a stale If-Match: 412", r)
    ok(fx.get("deu", "/api/offers/DEU-NEW-1").json["record"]["units"] == 3,
       "the stale PATCH changed nothing")
    r = fx.request("PATCH", "/api/offers/DEU-NEW-1", {"units": 0}, token=deu,
                   headers={"If-Match": '"2"'})
    errs = (r.json or {}).get("errors") or [{}]
    ok(r.status == 400 and errs[0].get("entity") == "offers" and
       errs[0].get("key") == "DEU-NEW-1" and errs[0].get("column") == "units",
       "a bad value: 400 with errors [{entity, key, column, message}]", r)
    r = fx.request("PATCH", "/api/offers/DEU-NEW-1", {"nation": "FRA"}, token=deu,
                   headers={"If-Match": '"2"'})
    ok(r.status == 403 and r.is_problem(), "liaison moving its offer to FRA: 403", r)
    r = fx.request("PATCH", "/api/offers/DEU-NEW-1", {"id": "DEU-NEW-2"}, token=deu,
                   headers={"If-Match": '"2"'})
    ok(r.status == 400 and r.is_problem(), "PATCH of a key field: 400", r)
    r = fx.request("PATCH", "/api/offers/DEU-NEW-1", {"caveats": ["DEU-NOT-KWT"]}, token=pla,
                   headers={"If-Match": 'W/"2"'})
    ok(r.status in (200, 400), "a list field as a JSON list of strings is taken", r)

    # text needing JSON escapes round-trips through records and the history
    odd = 'Team "Alpha" \\ back\tslash éè ✓ </script>'
    cap = fx.get("pla", "/api/capabilities/TRG-TEAM")
    r = fx.request("PATCH", "/api/capabilities/TRG-TEAM", {"name": odd}, token=pla,
                   headers={"If-Match": cap.header("etag")})
    ok(r.status == 200 and r.json["record"]["name"] == odd, "PATCH of a name with quotes, "
       "a backslash, a tab and non-ASCII: 200, the same text back", r)
    ok(fx.get("deu", "/api/capabilities/TRG-TEAM").json["record"]["name"] == odd,
       "GET: the same text")
    h = fx.get("pla", "/api/history?entity=capabilities&key=TRG-TEAM")
    ok(h.status == 200 and any((i.get("after") or {}).get("name") == odd
                               for i in h.json["items"]),
       "the history's JSON parses and holds the same text", h)
    r = fx.request("PATCH", "/api/capabilities/TRG-TEAM", {"name": "bell\u0007"}, token=pla,
                   headers={"If-Match": fx.get("pla", "/api/capabilities/TRG-TEAM")
                            .header("etag")})
    ok(r.status in (200, 400) and (r.status == 400 and r.is_problem() or
                                   r.json["record"]["name"] == "bell\u0007"),
       "a control character: refused with a problem, or kept as it is", r)

    # history names the session's user
    h = fx.muster("history", "offers", "DEU-NEW-1", "--format", "json").stdout
    ok('"actor": "deu"' in h or '"actor":"deu"' in h, "the audit log names user 'deu'", h[:400])

    # pages: a cursor stays right while records come and go
    first = fx.get("pla", "/api/offers?limit=10")
    keys1 = [i["key"] for i in first.json["items"]]
    cursor = first.json["next"]
    ok(len(keys1) == 10 and cursor and keys1 == sorted(keys1), "page 1: 10 offers by key",
       first)
    everything = [i["key"] for i in fx.all_items("pla", "offers")]
    # delete one already seen and one not yet seen; add one before and one after the cursor
    gone_seen, gone_ahead = keys1[3], everything[15]
    for k in (gone_seen, gone_ahead):
        v = fx.get("pla", f"/api/offers/{k}").header("etag")
        r = fx.request("DELETE", f"/api/offers/{k}", token=pla, headers={"If-Match": v})
        ok(r.status == 204, f"DELETE {k} with its ETag: 204", r)
    for k in ("AAA-FIRST", "ZZZ-LAST"):
        r = fx.request("POST", "/api/offers", dict(new, id=k), token=pla)
        ok(r.status == 201, f"POST {k}", r)
    rest, c = [], cursor
    while c:
        p = fx.get("pla", f"/api/offers?limit=10&cursor={c}")
        rest += [i["key"] for i in p.json["items"]]
        c = p.json["next"]
    want = [k for k in everything[10:] if k != gone_ahead] + ["ZZZ-LAST"]
    ok(rest == want, "the pages after the cursor: no repeat, no skip, the new last one",
       rest, want)
    r = fx.get("pla", "/api/offers?cursor=zz")
    ok(r.status == 400 and r.is_problem(), "a cursor that is not one: 400", r)
    r = fx.get("pla", "/api/offers?limit=0")
    ok(r.status == 400 and r.is_problem(), "limit=0: 400", r)
    r = fx.get("pla", "/api/offers?colour=red")
    ok(r.status == 400 and "colour" in r.json["detail"], "an unknown query parameter: 400", r)

    # filters and as_of
    got = fx.all_items("pla", "requirements", "mission=NMI")
    ok(got and all(i["record"]["mission"] == "NMI" for i in got), "requirements?mission=NMI")
    got = fx.all_items("pla", "offers", "nation=DEU&status=offered")
    ok(got and all(i["record"]["nation"] == "DEU" and i["record"]["status"] == "offered"
                   for i in got), "offers?nation=DEU&status=offered")
    r = fx.get("pla", "/api/offers?nation=XYZ")
    ok(r.status == 400 and "unknown nation 'XYZ'" in r.json["detail"],
       "a filter naming no nation: 400, not an empty page", r)
    r = fx.get("pla", "/api/requirements?mission=nmi")
    ok(r.status == 400 and "did you mean 'NMI'" in r.json["detail"],
       "a filter code in the wrong case: 400 with the suggestion", r)
    ok(fx.get("pla", "/api/offers").json["scope"] == "all" and
       fx.get("deu", "/api/offers").json["scope"] == "readable" and
       fx.get("vie", "/api/missions").json["scope"] == "readable",
       "a page says whether the role sees all records or only those it may read")
    r = fx.get("pla", "/api/offers/DEU-NEW-1?as_of=r1")
    ok(r.status == 404, "as_of=r1: the offer added later is not there", r)
    old = fx.get("pla", f"/api/offers/{gone_seen}?as_of=r1")
    ok(old.status == 200 and old.json["key"] == gone_seen, "as_of=r1: a deleted offer is", old)
    r = fx.get("pla", "/api/offers?as_of=r99999")
    ok(r.status == 400 and r.is_problem(), "as_of past the last revision: 400", r)
    r = fx.get("pla", "/api/offers?as_of=soon")
    ok(r.status == 400 and r.is_problem(), "a malformed as_of: 400", r)
    r = fx.get("pla", "/api/offers/NO-SUCH")
    ok(r.status == 404 and r.is_problem(), "a missing key: 404", r)
    v = fx.get("deu", "/api/offers/DEU-NEW-1").header("etag")
    r = fx.request("DELETE", "/api/offers/DEU-NEW-1", token=deu, headers={"If-Match": v})
    ok(r.status == 204, "liaison DELETE of its own offer: 204", r)
    r = fx.request("DELETE", "/api/offers/DEU-NEW-1", token=deu, headers={"If-Match": v})
    ok(r.status == 404, "DELETE again: 404", r)

    # the pool threads' caches of the present follow a write by another
    # process (the CLI): every thread has read the list before, and every
    # read after the write sees it (requests spread over the threads)
    def usa_hq(path):
        items = fx.get("pla", path).json["items"]
        return [i for i in items if i["key"] == "USA-HQ"][0]
    before = [usa_hq("/api/offers?nation=USA") for _ in range(16)]
    units = before[0]["record"]["personnel"]
    ok(all(b["record"]["personnel"] == units for b in before), "the list, read 16 times")
    r = fx.get("pla", "/api/offers?nation=ZZX")
    ok(r.status == 400, "a filter naming a nation not yet there: 400", r)
    fx.muster("set", "offers", "USA-HQ", f"personnel={units - 1}", "--reason", "cli")
    fx.muster("add", "nations", "code=ZZX", "name=Zedland")
    after = [usa_hq("/api/offers?nation=USA") for _ in range(16)]
    ok(all(a["record"]["personnel"] == units - 1 and a["version"] == before[0]["version"] + 1
           for a in after), "after a CLI edit every read of the list shows it",
       [(a["record"]["personnel"], a["version"]) for a in after])
    one = [fx.get("pla", "/api/offers/USA-HQ") for _ in range(8)]
    ok(all(o.json["record"]["personnel"] == units - 1 for o in one),
       "and every read of the record")
    codes = [fx.get("pla", "/api/offers?nation=ZZX").status for _ in range(8)]
    ok(all(c == 200 for c in codes), "and the filter knows the nation the CLI added", codes)
    old = fx.get("pla", "/api/offers?nation=USA&as_of=r1").json["items"]
    ok([i for i in old if i["key"] == "USA-HQ"][0]["record"]["personnel"] == units,
       "as_of=r1 still answers the old value, not the cache of the present")
    ok(fx.muster("history", "--verify").returncode == 0, "the audit chain verifies")
finally:
    fx.close()
done()
