#!/usr/bin/env python3
"""servers.py: three `muster serve` processes on one database (on
PostgreSQL the case a shared database is for; on SQLite three processes on
one file). A session made through one server is good on the others; an
edit through one reaches an event stream on another; clients write through
all three at once, each read-modify-write of one shared record guarded by
If-Match (retried on 412 and 503): no update is lost (the record holds the
sum of every acknowledged increment and its version counts them), every
acknowledged insert is stored once with its audit row, the counts agree
and the audit chain verifies."""
import http.client
import json
import os
import queue
import tempfile
import threading
import time

from harness import Fixture, done, ok


class Another(Fixture):
    """One more server on the database of `fx` (nothing imported)."""

    def __init__(self, fx, threads=4):
        self.dir = tempfile.mkdtemp(prefix="muster-server-")
        self.log = os.path.join(self.dir, "serve.log")
        self.db, self.timeout, self.threads = fx.db, None, threads
        self.schemas, self.proc, self.tokens = [], None, {}
        self.start()


class Stream:
    """GET /api/events on `srv`: a thread puts each (event, data) on a queue."""

    def __init__(self, srv, user):
        self.q = queue.Queue()
        self.conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
        self.conn.request("GET", "/api/events",
                          headers={"Authorization": "Bearer " + srv.login(user)})
        self.resp = self.conn.getresponse()
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        ev, data = None, []
        try:
            for line in iter(self.resp.fp.readline, b""):
                line = line.decode().rstrip("\n")
                if line == "" and data:
                    self.q.put((ev or "message", json.loads("\n".join(data))))
                if line == "":
                    ev, data = None, []
                elif line.startswith("event: "):
                    ev = line[7:]
                elif line.startswith("data: "):
                    data.append(line[6:])
        except (OSError, ValueError):
            pass

    def take(self, seconds, pred):
        """Events within `seconds`, up to the first that pred accepts."""
        got, end = [], time.time() + seconds
        while time.time() < end:
            try:
                got.append(self.q.get(timeout=max(0.01, end - time.time())))
            except queue.Empty:
                break
            if pred(*got[-1]):
                break
        return got


fx = Fixture()
servers = [fx]
try:
    servers += [Another(fx), Another(fx)]
    ports = {s.port for s in servers}
    ok(len(ports) == 3, "three servers on one database", ports)

    # a session is in the database: a token from one server works on another
    tok = fx.login("pla")
    r = servers[1].request("GET", "/api/offers/USA-HQ", token=tok)
    ok(r.status == 200, "a token from the first server is good on the second", r)

    # an edit through the first server reaches a stream on the third
    stream = Stream(servers[2], "pla")
    hello = stream.take(5, lambda e, d: e == "hello")
    ok(hello and hello[-1][0] == "hello", "a stream on the third server says hello", hello)
    cur = fx.get("pla", "/api/offers/USA-HQ")
    r = fx.request("PATCH", "/api/offers/USA-HQ", {"units": cur.json["record"]["units"] + 1},
                   token=tok, headers={"If-Match": cur.header("etag")})
    ok(r.status == 200, "an edit through the first server", r)
    got = stream.take(10, lambda e, d: e == "record" and d.get("key") == "USA-HQ")
    ok(got and got[-1][0] == "record" and got[-1][1].get("entity") == "offers"
       and got[-1][1].get("version") == r.json["version"],
       "... reaches the stream on the third within seconds, with its version", got[-3:])

    # clients writing through all three at once
    start = fx.get("pla", "/api/offers/USA-HQ").json
    base_personnel, base_version = start["record"]["personnel"], start["version"]
    n_before = len(fx.all_items("pla", "deployments"))
    audit_before = len(json.loads(fx.muster("history", "--format", "json").stdout))
    incs, inserted, errors = [], [], []
    lock = threading.Lock()
    deadline = time.time() + 120

    def client(w):
        srv = servers[w % 3]
        token = srv.login("pla")
        for n in range(6):
            while time.time() < deadline:  # read-modify-write, guarded by If-Match
                cur = srv.request("GET", "/api/offers/USA-HQ", token=token)
                if cur.status == 503:
                    continue
                r = srv.request("PATCH", "/api/offers/USA-HQ",
                                {"personnel": cur.json["record"]["personnel"] + 1},
                                token=token, headers={"If-Match": cur.header("etag")})
                if r.status == 200:
                    with lock:
                        incs.append((w, n))
                    break
                if r.status not in (412, 503):
                    errors.append(f"PATCH via {srv.port}: {r}")
                    return
            key = f"s{w}-{n}"
            while time.time() < deadline:
                r = srv.request("POST", "/api/deployments",
                                {"id": key, "nation": "DEU", "country": "IRQ", "mission": "NMI",
                                 "personnel": 5 + n, "from": "2021-03-01"}, token=token)
                if r.status == 201:
                    with lock:
                        inserted.append(key)
                    break
                if r.status != 503:
                    errors.append(f"POST via {srv.port}: {r}")
                    return

    ts = [threading.Thread(target=client, args=(w,)) for w in range(9)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    ok(not errors, "9 clients through 3 servers: no error but 'busy' and 'precondition failed'",
       *errors[:5])
    ok(len(incs) == 54 and len(inserted) == 54, f"every write was acknowledged in time "
       f"({len(incs)} increments, {len(inserted)} inserts of 54 each)")
    now = [s.get("pla", "/api/offers/USA-HQ").json for s in servers]
    ok(all(x["record"]["personnel"] == base_personnel + len(incs) for x in now),
       "no lost update: every server reads the start value plus every acknowledged increment",
       base_personnel, len(incs), [x["record"]["personnel"] for x in now])
    ok(all(x["version"] == base_version + len(incs) for x in now),
       "the record's version grew by one per acknowledged increment",
       base_version, [x["version"] for x in now])
    deps = {d["key"] for d in servers[1].all_items("pla", "deployments")}
    ours = {k for k in deps if k.startswith("s")}
    ok(ours == set(inserted) and len(deps) == n_before + len(inserted),
       "every acknowledged insert is stored once, and nothing else",
       len(deps), n_before, len(inserted))
    hist = json.loads(fx.muster("history", "--format", "json").stdout)
    ok(len(hist) == audit_before + len(incs) + len(inserted),
       "one audit row per acknowledged write", len(hist), audit_before)
    revs = [h["rev"] for h in hist[audit_before:]]
    ok(revs == sorted(revs) and len(set(revs)) == len(revs),
       "the log is one line: each write its own revision, in log order", revs[:20])
    ok(fx.muster("history", "--verify").returncode == 0, "the audit chain verifies")
finally:
    for s in servers:
        s.close()
done()
