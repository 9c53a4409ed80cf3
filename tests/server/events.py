"""events.py: GET /api/events, Server-Sent Events, for every role.

Subscribers of every role; an edit made by another client reaches those who
may see it within a second, filtered by role (a liaison never gets another
nation's caveat key, a viewer no row of offers or caveats); job progress
reaches planners; a stored run (by a job or the CLI) reaches every role; heartbeats are comments; SIGTERM ends every stream and
the server exits.
"""
import http.client
import json
import queue
import threading
import time

from harness import Fixture, ok, done

fx = Fixture()


class Stream:
    """One subscriber: a thread parsing the stream into (event, data) on a queue."""

    def __init__(self, user):
        self.q = queue.Queue()
        self.all = []  # every event so far, taken or not
        self.user = user
        self.conn = http.client.HTTPConnection("127.0.0.1", fx.port, timeout=60)
        self.conn.request("GET", "/api/events",
                          headers={"Authorization": "Bearer " + fx.login(user)})
        self.resp = self.conn.getresponse()
        self.ended = threading.Event()
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        ev, data = None, []
        try:
            while True:
                line = self.resp.fp.readline()
                if not line:
                    break
                line = line.decode().rstrip("\n")
                if line == "":
                    if data:
                        item = (ev or "message", json.loads("\n".join(data)))
                        self.all.append(item)
                        self.q.put(item)
                    ev, data = None, []
                elif line.startswith(":"):
                    self.q.put(("comment", line))
                elif line.startswith("event: "):
                    ev = line[7:]
                elif line.startswith("data: "):
                    data.append(line[6:])
        except (OSError, ValueError):
            pass
        self.ended.set()

    def take(self, seconds, pred=lambda e, d: True):
        """Events within `seconds`; stops at the first one pred accepts."""
        got, end = [], time.time() + seconds
        while time.time() < end:
            try:
                e, d = self.q.get(timeout=max(0.01, end - time.time()))
            except queue.Empty:
                break
            got.append((e, d))
            if pred(e, d):
                break
        return got


def got_run_events(stream, pred, seconds=2):
    """The data of the events `pred` accepts, taken or not, waiting up to `seconds`."""
    end = time.time() + seconds
    while True:
        got = [d for e, d in list(stream.all) if pred(e, d)]
        if got or time.time() > end:
            return got
        time.sleep(0.05)


try:
    caveats = fx.all_items("adm", "caveats")
    cav = next(c for c in caveats if c["record"]["nation"] == "DEU")["key"]
    streams = {u: Stream(u) for u in ("adm", "pla", "deu", "can", "vie")}
    for u, s in streams.items():
        ok(s.resp.status == 200 and s.resp.getheader("Content-Type") == "text/event-stream"
           and s.resp.getheader("X-Content-Type-Options") == "nosniff",
           f"{u}: 200 text/event-stream with the security headers")
        h = s.take(5, lambda e, d: e == "hello")
        ok(h and h[-1][0] == "hello" and h[-1][1]["user"] == u, f"{u}: the hello event", h)

    r = fx.request("GET", "/api/events")
    ok(r.status == 401 and r.is_problem(), "without a token: 401", r)
    r = fx.get("pla", "/api/events?as_of=r1")
    ok(r.status == 400 and r.is_problem(), "an unknown query parameter: 400", r)

    # an edit by DEU (another client)
    cur = fx.get("deu", f"/api/caveats/{cav}")
    t0 = time.time()
    r = fx.request("PATCH", f"/api/caveats/{cav}", {"hard": False}, token=fx.login("deu"),
                   headers={"If-Match": cur.header("etag")})
    ok(r.status == 200, f"DEU edits caveat {cav}", r)
    is_edit = lambda e, d: e == "record" and d["key"] == cav  # noqa: E731
    for u in ("pla", "deu", "adm"):
        got = [d for e, d in streams[u].take(1.0 - (time.time() - t0) + 0.05, is_edit)
               if e == "record" and d["key"] == cav]
        ok(got and got[0]["entity"] == "caveats" and got[0]["op"] == "update"
           and got[0]["version"] == int(r.header("etag").strip('"')) and got[0]["revision"] > 0,
           f"{u} gets the record event within a second ({time.time() - t0:.2f} s)", got)
    for u in ("can", "vie"):
        got = streams[u].take(1.5)
        ok(not any(cav in json.dumps(d) for e, d in got if e != "comment"),
           f"{u} never gets another nation's caveat key", got)

    # a requirement edit: everyone reads requirements
    req = fx.all_items("adm", "requirements")[0]
    cur = fx.get("pla", f"/api/requirements/{req['key']}")
    r = fx.request("PATCH", f"/api/requirements/{req['key']}", {"priority": 2},
                   token=fx.login("pla"), headers={"If-Match": cur.header("etag")})
    ok(r.status == 200, "a planner edits a requirement", r)
    pred = lambda e, d: e == "record" and d["key"] == req["key"]  # noqa: E731
    for u in ("can", "vie"):
        got = streams[u].take(2, pred)
        ok(got and pred(*got[-1]), f"{u} gets the requirement's event", got)

    # job progress: to planners and admins
    r = fx.request("POST", "/api/runs", {}, token=fx.login("pla"))
    jid = r.json["id"]
    pred = lambda e, d: e == "job" and d["id"] == jid and d["state"] == "done"  # noqa: E731
    got = streams["pla"].take(10, pred)
    ok(got and pred(*got[-1]) and isinstance(got[-1][1]["run"], int),
       "the planner's stream shows the job to done, with its run", got[-3:])
    states = [d["state"] for e, d in got if e == "job"]
    ok("running" in states, f"and its progress on the way ({len(states)} job events)", states)
    got = streams["can"].take(1)
    ok(not any(e == "job" for e, d in got), "a liaison's stream has no job events", got)

    # a stored run: a "run" event to every role, whoever stored it
    job = fx.get("pla", f"/api/jobs/{jid}").json
    run_id = job["run"]
    for u in ("can", "vie", "pla"):
        pred = lambda e, d: e == "run" and d["id"] == run_id  # noqa: E731
        got = got_run_events(streams[u], pred)
        ok(got and got[0]["mission"] is None and got[0]["revision"] > 0 and got[0]["created"],
           f"{u} gets a 'run' event for run {run_id}", got)
    t0 = time.time()
    fx.muster("source")
    cli_run = fx.get("pla", "/api/runs").json["items"][-1]["id"]
    for u in ("vie", "deu"):
        pred = lambda e, d: e == "run" and d["id"] == cli_run  # noqa: E731
        got = got_run_events(streams[u], pred, 2)
        ok(got, f"{u} gets a 'run' event for run {cli_run}, stored by the CLI "
           f"({time.time() - t0:.2f} s)", got)

    # SIGTERM ends every stream
    t0 = time.time()
    rc = fx.stop()
    ok(rc == 0 and time.time() - t0 < 10, f"SIGTERM with 5 open streams: exit 0 "
       f"({time.time() - t0:.1f} s)", rc)
    ok(all(s.ended.wait(5) for s in streams.values()), "every stream ended")
finally:
    fx.close()
done()
