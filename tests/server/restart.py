#!/usr/bin/env python3
"""restart.py: the PostgreSQL server restarts under `muster serve` (a
cluster of this test's own, reached as a role with a password in the
target). While the database is down a request gets a clear error naming
the target without its password; a sourcing run that spans the restart
either stores its whole run or fails clearly and stores nothing; writes in
flight are whole or absent; once the database is back the same server
process serves again (its handles reconnect), reads and writes, and the
audit chain verifies. On SQLite: skipped (no server to restart)."""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

import harness
from harness import Fixture, done, ok

if not harness.ON_PG:
    print("1..0 # SKIP PostgreSQL only: a restart of the database server")
    sys.exit(0)

CLUSTER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pg", "cluster.sh")
PASSWORD = "right-pass"  # the role muster_pw of tests/pg/cluster.sh


def cluster(*args):
    return subprocess.run(["bash", CLUSTER, *args], capture_output=True, text=True,
                          check=True).stdout.strip()


pgdir = cluster("start")
sock = os.path.join(pgdir, "sock")
os.environ["MUSTER_TEST_PG"] = open(os.path.join(pgdir, "conninfo")).read().strip()
gen = tempfile.mkdtemp(prefix="muster-restart-")
scen = os.path.join(gen, "S")
subprocess.run([sys.executable, os.path.join(harness.SRC, "bench", "gen_scenario.py"), "S", "7",
                scen], check=True, capture_output=True)
harness.EXAMPLE = scen


class Fx(Fixture):
    def new_database(self, name):
        harness.psql("CREATE SCHEMA restart AUTHORIZATION muster_pw")
        return (f"postgresql://muster_pw:{PASSWORD}@/muster?host={sock}"
                "&options=-csearch_path%3Drestart")


fx = None
try:
    fx = Fx()
    label = f"postgresql:///muster?host={sock}"
    pla = fx.login("pla")
    ok(fx.get("pla", "/api/offers?limit=1").status == 200, "the server reads the database")
    ok(label in fx.log_text() and PASSWORD not in fx.log_text(),
       "its log names the database without the password", fx.log_text())

    # 1. a long run while the database restarts
    r = fx.request("POST", "/api/runs", {"solver": "exact", "time_limit": 5}, token=pla)
    job = r.header("location")
    ok(r.status == 202 and job, "an exact run started", r)
    time.sleep(1)
    cluster("down", pgdir)
    r = fx.get("pla", "/api/offers?limit=1")
    detail = (r.json or {}).get("detail", "")
    ok(r.status == 503 and r.is_problem() and label in detail and PASSWORD not in r.raw
       and ("connection to the server was lost" in detail
            or "cannot connect to the PostgreSQL server" in detail),
       "database down: 503, naming the target without its password", r)
    time.sleep(0.5)
    cluster("up", pgdir)
    end = time.time() + 120
    while time.time() < end:
        j = fx.get("pla", job)
        if j.status == 200 and j.json["state"] not in ("queued", "running"):
            break
        time.sleep(0.2)
    runs = fx.muster("runs", "--format", "csv").stdout.strip().splitlines()[1:]
    st = j.json.get("state")
    if st == "done":
        ok(len(runs) == 1 and j.json.get("run"), "the run that spanned the restart is stored "
           "(its handle reconnected)", j, runs)
        r = fx.get("pla", j.json["run"]["url"] if isinstance(j.json["run"], dict) else
                   f"/api/runs/{j.json['run']}")
        ok(r.status == 200, "... and reads back", r)
    else:
        msg = json.dumps(j.json)
        ok(st == "failed" and label in msg and PASSWORD not in msg and not runs,
           "the run that spanned the restart failed clearly and stored nothing", j, runs)
        ok(True, "... (nothing to read back)")

    # 2. writers while the database restarts
    acked, other, stop = [], [], threading.Event()

    def writer():
        n = 0
        while not stop.is_set():
            n += 1
            try:
                r = fx.request("POST", "/api/deployments",
                               {"id": f"r{n}", "nation": "DEU", "country": "IRQ",
                                "personnel": n, "from": "2021-03-01"}, token=pla, timeout=30)
            except OSError:
                continue
            if r.status == 201:
                acked.append(f"r{n}")
            elif r.status != 503:
                other.append(r)
            time.sleep(0.02)

    w = threading.Thread(target=writer)
    w.start()
    time.sleep(1)
    cluster("down", pgdir)
    time.sleep(0.5)
    cluster("up", pgdir)
    time.sleep(1)
    stop.set()
    w.join()
    ok(len([x for x in other if x.status == 500]) <= 1 and all(x.status == 500 for x in other),
       "writes during the restart: 201 or 503 (at most one 500: a commit in flight, whose "
       "outcome the server cannot know)", *other)
    r = fx.get("pla", "/api/offers?limit=1")
    ok(r.status == 200, "database back: the same server process reads again", r)
    r = fx.request("POST", "/api/deployments",
                   {"id": "after", "nation": "DEU", "country": "IRQ", "personnel": 1,
                    "from": "2021-03-01"}, token=pla)
    ok(r.status == 201, "... and writes again", r)
    ok(PASSWORD not in fx.log_text(), "the server's log never shows the password")
    stored = {d["key"] for d in fx.all_items("pla", "deployments")}
    ok(all(k in stored for k in acked), f"every acknowledged write is stored ({len(acked)})",
       [k for k in acked if k not in stored])
    ours = {k for k in stored if k.startswith("r")}
    hist = json.loads(fx.muster("history", "deployments", "--format", "json").stdout)
    ins = {h["key"] for h in hist if h["op"] == "insert" and h["key"].startswith("r")}
    ok(ins == ours, "each stored write has its audit row, and no audit row lacks its record")
    ok(fx.muster("history", "--verify").returncode == 0, "the audit chain verifies")
finally:
    if fx:
        if not os.environ.get("MUSTER_KEEP_TEST"):
            print("# log:\n# " + fx.log_text()[-3000:].replace("\n", "\n# ")) if harness._failed else None
        fx.close()
    cluster("stop", pgdir)
    subprocess.run(["rm", "-rf", gen])
done()
