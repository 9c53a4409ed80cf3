#!/usr/bin/env python3
"""concurrency.py: clients at once. Two clients PATCH one record with the
same If-Match at the same moment: one gets 200, the other 412, and the
record holds the winner's change. Then many clients edit different
records in parallel (each thread of the pool on its own handle): every
acknowledged change is stored, the audit chain verifies, the versions
count the changes."""
import threading

from harness import Fixture, done, ok

fx = Fixture(threads=4)
try:
    tokens = [fx.login("pla"), fx.login("adm")]
    results = {}
    for rnd in range(5):
        r = fx.get("pla", "/api/offers/USA-HQ")
        etag = r.header("etag")
        barrier = threading.Barrier(2)

        def edit(i, rnd=rnd, etag=etag, barrier=barrier):  # values differ: no no-op edit
            barrier.wait()
            results[i] = fx.request("PATCH", "/api/offers/USA-HQ", {"units": 10 + 2 * rnd + i},
                                    token=tokens[i], headers={"If-Match": etag})

        ts = [threading.Thread(target=edit, args=(i,)) for i in range(2)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        st = sorted(results[i].status for i in range(2))
        winner = [i for i in range(2) if results[i].status == 200]
        now = fx.get("pla", "/api/offers/USA-HQ").json["record"]["units"]
        ok(st == [200, 412] and winner and now == 10 + 2 * rnd + winner[0],
           f"round {rnd + 1}: two PATCHes with one If-Match: one 200, one 412, the winner's "
           f"value stored", [results[i] for i in range(2)], now)

    # many writers on different records
    offers = [i["key"] for i in fx.all_items("pla", "offers")][:8]
    acked = {k: 0 for k in offers}
    errors = []

    def writer(key):
        tok = fx.login("pla")
        for n in range(4):
            r = fx.get("pla", f"/api/offers/{key}")
            r = fx.request("PATCH", f"/api/offers/{key}", {"personnel": 50 + n}, token=tok,
                           headers={"If-Match": r.header("etag")})
            if r.status == 200:
                acked[key] = 50 + n
            elif r.status != 503:
                errors.append(f"{key}: {r}")

    vers = {k: fx.get("pla", f"/api/offers/{k}").json["version"] for k in offers}
    ts = [threading.Thread(target=writer, args=(k,)) for k in offers]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    ok(not errors, "8 clients editing 8 records at once: no error but 'busy'", *errors[:5])
    stored = {k: fx.get("pla", f"/api/offers/{k}").json for k in offers}
    ok(all(acked[k] == stored[k]["record"]["personnel"] for k in offers if acked[k]),
       "every record holds its last acknowledged value")
    ok(all(stored[k]["version"] == vers[k] + 4 for k in offers),
       "each record's version grew by its 4 edits",
       {k: (vers[k], stored[k]["version"]) for k in offers})
    ok(fx.muster("history", "--verify").returncode == 0, "the audit chain verifies")
finally:
    fx.close()
done()
