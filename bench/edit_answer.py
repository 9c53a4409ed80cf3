#!/usr/bin/env python3
"""edit_answer.py: the edit-to-answer latency of `muster serve` (run by
bench/server.sh; Python's standard library only).

N times, one after the other on one keep-alive connection: PATCH one offer's
personnel (alternating between its value and one less, with the ETag of the
last answer as If-Match), POST /api/runs (the fast solver on the scenario
just changed), poll GET /api/jobs/ID until the job is done, and GET the
stored run to read its fill. Prints p50 and p99 of the whole cycle and of
each step. Any unexpected answer stops it with the answer (exit 1).

usage: edit_answer.py --port PORT --token TOKEN [--edits N] [--offer KEY]
"""
import argparse
import http.client
import json
import math
import sys
import time


def pct(xs, p):
    """The p-th percentile, nearest rank, of a list of seconds, in ms."""
    s = sorted(xs)
    k = max(0, math.ceil(p / 100 * len(s)) - 1)
    return s[k] * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--offer", default="USA-HQ")
    a = ap.parse_args()
    conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=60)
    auth = {"Authorization": "Bearer " + a.token}

    def call(method, path, body=None, headers=None, want=200):
        h = dict(auth)
        h.update(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        raw = r.read()
        if r.status != want:
            sys.exit(f"edit_answer.py: {method} {path}: {r.status}, expected {want}: "
                     f"{raw[:400]!r}")
        return r, json.loads(raw) if raw else None

    r, rec = call("GET", f"/api/offers/{a.offer}")
    etag = r.getheader("ETag")
    base = rec["record"]["personnel"]
    cycle, patch, job, read, polls, fills = [], [], [], [], 0, set()
    for i in range(a.edits):
        t0 = time.perf_counter()
        r, _ = call("PATCH", f"/api/offers/{a.offer}",
                    {"personnel": base - 1 if i % 2 == 0 else base},
                    {"If-Match": etag})
        etag = r.getheader("ETag")
        t1 = time.perf_counter()
        _, j = call("POST", "/api/runs", {"mission": "NMI"}, want=202)
        while j["state"] in ("queued", "running"):
            polls += 1
            _, j = call("GET", f"/api/jobs/{j['id']}")
        if j["state"] != "done":
            sys.exit(f"edit_answer.py: job {j['id']} ended {j['state']}: {j.get('error')}")
        t2 = time.perf_counter()
        _, run = call("GET", f"/api/runs/{j['run']}")
        if not isinstance(run.get("fill"), (int, float)) or run.get("stale"):
            sys.exit(f"edit_answer.py: run {j['run']}: no fresh fill: {run!r}")
        fills.add(round(run["fill"], 6))
        t3 = time.perf_counter()
        cycle.append(t3 - t0)
        patch.append(t1 - t0)
        job.append(t2 - t1)
        read.append(t3 - t2)
    n = len(cycle)
    print(f"  {n} cycles, {polls / n:.1f} job polls per cycle, fills seen: "
          + ", ".join(f"{f:g}" for f in sorted(fills)))
    print(f"  {'step':<34} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, xs in (("PATCH /api/offers/KEY (If-Match)", patch),
                     ("POST /api/runs + polls until done", job),
                     ("GET /api/runs/ID (fill)", read),
                     ("whole cycle", cycle)):
        print(f"  {name:<34} {pct(xs, 50):8.2f} {pct(xs, 99):8.2f} {max(xs) * 1000:8.2f}")
    print(f"  goal: p99 < 100 ms: {'met' if pct(cycle, 99) < 100 else 'NOT met'}")


if __name__ == "__main__":
    main()
