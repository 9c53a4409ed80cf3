#!/usr/bin/env python3
"""routes.py: every route of the OpenAPI document, tried as every role and
without a session. The document is generated from the route table that
dispatches requests, so walking it reaches every route the server has.

For each operation and each caller (anonymous, admin, planner, liaison,
viewer): a public route answers; any other answers 401 without a token;
a role outside the operation's x-roles gets 403; a role inside never gets
401, 403 or a 5xx. Writes are tried in a form that changes nothing (an
empty body: 400; PATCH/DELETE without If-Match: 428) and `muster export`
is the same before and after. Every 4xx is a problem document and every
response carries the security headers.
"""
import re

from harness import Fixture, USERS, done, ok

SECURITY = {"content-security-policy": "default-src 'none'; frame-ancestors 'none'",
            "x-content-type-options": "nosniff", "referrer-policy": "no-referrer"}

fx = Fixture()
try:
    doc = fx.request("GET", "/api/openapi.json")
    ok(doc.status == 200 and doc.json.get("openapi") == "3.1.0",
       "GET /api/openapi.json without a session: an OpenAPI 3.1 document", doc)
    paths = doc.json["paths"]
    ops = [(m.upper(), p, o) for p, item in paths.items() for m, o in item.items()]
    ok(len(ops) >= 53, f"the document lists every route ({len(ops)})")
    ok(all("x-roles" in o and "responses" in o and "operationId" in o for _, _, o in ops),
       "every operation has x-roles, responses and an operationId")
    ids = [o["operationId"] for _, _, o in ops]
    ok(len(set(ids)) == len(ids), "operationIds are unique")
    entities = ["nations", "keys", "missions", "phases", "capabilities", "requirements",
                "offers", "caveats", "caps", "deployments"]
    for e in entities:
        ok(all(f"/api/{e}" + s in paths for s in ("", "/{key}")),
           f"{e}: collection and item paths listed")

    # a key of every entity that exists, to fill {key}
    keys = {}
    for e in entities:
        items = fx.all_items("adm", e)
        keys[e] = items[0]["key"] if items else "none"
    before = fx.export()
    bad = []
    counts = {"checked": 0}
    def role_ok(op, who):
        return USERS[who][0] in op["x-roles"]

    for method, pattern, op in ops:
        def fill(m):
            name = m.group(1)
            ent = pattern.split("/")[2]
            return keys.get(ent, "x") if name == "key" else "1"
        path = re.sub(r"\{(\w+)\}", fill, pattern)
        public = op.get("security") == []
        for who in [None] + list(USERS):
            if method in ("POST", "PATCH") and pattern != "/api/login":
                body, raw = None, b"{}"
            elif pattern == "/api/login":
                body, raw = {"user": "nobody", "password": "x"}, None
            else:
                body, raw = None, None
            if pattern == "/api/events" and who and role_ok(op, who):
                continue  # an endless stream: tested in events.py
            if pattern == "/api/logout" and who:
                continue  # would end the session the other checks use; tested in auth.py
            token = fx.login(who) if who else None
            r = fx.request(method, path, body=body, raw=raw, token=token,
                           headers={"Content-Type": "application/json"} if raw else None)
            counts["checked"] += 1
            role = USERS[who][0] if who else None
            label = f"{method} {path} as {who or 'anonymous'}"
            if any(r.header(k) != v for k, v in SECURITY.items()):
                bad.append(f"{label}: security headers missing")
            if r.status >= 500:
                bad.append(f"{label}: {r}")
            elif r.status >= 400 and not r.is_problem():
                bad.append(f"{label}: not a problem document: {r}")
            elif not public and who is None and r.status != 401:
                bad.append(f"{label}: expected 401, got {r}")
            elif who and not public and role not in op["x-roles"] and r.status != 403:
                bad.append(f"{label}: role outside x-roles, expected 403, got {r}")
            elif who and role in op["x-roles"] and r.status in (401, 403):
                bad.append(f"{label}: role in x-roles refused: {r}")
            elif method in ("PATCH", "DELETE") and who and role in op["x-roles"] \
                    and not pattern.startswith("/api/jobs/") \
                    and r.status not in (428, 404):  # records; a job's DELETE cancels it
                bad.append(f"{label}: without If-Match, expected 428 (or 404), got {r}")
    ok(not bad, f"every route as every role answers as its x-roles say "
       f"({counts['checked']} requests)", *bad[:40])
    ok(fx.export() == before, "those requests changed nothing (muster export)")
finally:
    fx.close()
done()
