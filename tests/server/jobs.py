"""jobs.py: long sourcing runs as jobs: cancelled, bounded, stopped with the server.

On a generated scenario (bench/gen_scenario.py S: 200 lines, 1,000 offers)
whose exact solve takes many seconds: a run cancelled while it runs ends
"cancelled" and stores nothing; a third concurrent run is refused with 429
and Retry-After; SIGTERM during a run cancels it, the server exits cleanly
and nothing is stored.
"""
import os
import subprocess
import sys
import tempfile
import time

import harness
from harness import Fixture, ok, done

gen = tempfile.mkdtemp(prefix="muster-jobs-")
scen = os.path.join(gen, "S")
subprocess.run([sys.executable, os.path.join(harness.SRC, "bench", "gen_scenario.py"), "S", "7",
                scen], check=True, capture_output=True)
harness.EXAMPLE = scen
fx = Fixture()


def wait(loc, states=("queued", "running"), seconds=60):
    j = None
    end = time.time() + seconds
    while time.time() < end:
        j = fx.get("pla", loc)
        if j.json["state"] not in states:
            return j
        time.sleep(0.05)
    return j


def stored_runs():
    out = fx.muster("runs", "--format", "csv").stdout.strip().splitlines()
    return len(out) - 1 if out else 0


try:
    pla = fx.login("pla")
    exact = {"solver": "exact", "time_limit": 600}
    r = fx.request("POST", "/api/runs", exact, token=pla)
    a = r.header("location")
    ok(r.status == 202 and a, "an exact run started", r)
    j = wait(a, ("queued",))
    time.sleep(0.5)
    j = fx.get("pla", a)
    ok(j.json["state"] == "running", "it is running", j)

    r = fx.request("POST", "/api/runs", exact, token=fx.login("adm"))
    b = r.header("location")
    ok(r.status == 202 and b, "a second one started (by an admin)", r)
    r = fx.request("POST", "/api/runs", exact, token=pla)
    ok(r.status == 429 and r.is_problem() and r.header("retry-after"),
       "a third while two run: 429 with Retry-After", r)

    t0 = time.time()
    r = fx.request("DELETE", a, token=pla)
    ok(r.status == 202 and r.json["id"] == int(a.rsplit("/", 1)[1]), "DELETE the job: 202", r)
    j = wait(a)
    ok(j.json["state"] == "cancelled" and j.json["run"] is None,
       f"it ends cancelled ({time.time() - t0:.1f} s)", j)
    r = fx.request("POST", b + "/cancel", token=pla)
    ok(r.status == 202, "POST .../cancel: 202", r)
    j = wait(b)
    ok(j.json["state"] == "cancelled", "the second ends cancelled", j)
    ok(fx.get("pla", "/api/runs").json["items"] == [] and stored_runs() == 0,
       "no cancelled run was stored")
    r = fx.request("DELETE", a, token=pla)
    ok(r.status == 202 and r.json["state"] == "cancelled", "cancelling again changes nothing", r)

    # SIGTERM during a run
    r = fx.request("POST", "/api/runs", exact, token=pla)
    c = r.header("location")
    wait(c, ("queued",))
    time.sleep(0.5)
    t0 = time.time()
    rc = fx.stop()
    took = time.time() - t0
    ok(rc == 0 and took < 15, f"SIGTERM during a run: the server exits 0 ({took:.1f} s)", rc)
    ok("cancelled" in fx.log_text() and "stopped" in fx.log_text(),
       "its log says the job was cancelled", fx.log_text()[-800:])
    ok(stored_runs() == 0, "and nothing was stored")
    fx.start()
    r = fx.get("pla", "/api/runs")
    ok(r.status == 200 and r.json["items"] == [], "restarted: no run")
finally:
    fx.close()
    subprocess.run(["rm", "-rf", gen])
done()
