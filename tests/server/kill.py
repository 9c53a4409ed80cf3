#!/usr/bin/env python3
"""kill.py: kill -9 of the server while clients write. Every write the
server acknowledged (201) is in the database after a restart; a write in
flight is either whole or absent (its record and its audit row go
together); the audit chain verifies and the scenario validates. Then a
SIGTERM while clients write: the server stops cleanly (exit 0)."""
import json
import signal
import threading
import time

from harness import Fixture, done, ok

fx = Fixture()
try:
    pla = fx.login("pla")
    acked, sent, stop = [], [], threading.Event()

    def writer(w):
        n = 0
        while not stop.is_set():
            key = f"k{w}-{n}"
            n += 1
            sent.append(key)
            try:
                r = fx.request("POST", "/api/deployments",
                               {"id": key, "nation": "DEU", "country": "IRQ", "mission": "NMI",
                                "personnel": n, "from": "2021-03-01"}, token=pla, timeout=10)
            except OSError:
                return
            if r.status == 201:
                acked.append(key)

    ts = [threading.Thread(target=writer, args=(w,)) for w in range(3)]
    for t in ts:
        t.start()
    time.sleep(2.5)
    fx.proc.send_signal(signal.SIGKILL)
    fx.proc.wait()
    stop.set()
    for t in ts:
        t.join()
    fx.stop()
    ok(len(acked) >= 3, f"writes were acknowledged before the kill ({len(acked)})")
    out = fx.muster("export", fx.dir + "/after-kill").returncode
    ok(out == 0, "the database opens and exports after kill -9")
    with open(fx.dir + "/after-kill/deployments.csv") as f:
        stored = {line.split(",")[0] for line in f.read().splitlines()[1:]}
    ok(all(k in stored for k in acked), "every acknowledged write is stored",
       [k for k in acked if k not in stored])
    ours = {k for k in stored if k.startswith("k")}
    ok(ours <= set(sent) and len(ours) - len(acked) <= 3,
       f"at most the 3 writes in flight are stored unacknowledged ({len(ours) - len(acked)})")
    hist = json.loads(fx.muster("history", "deployments", "--format", "json").stdout)
    inserted = {h["key"] for h in hist if h["op"] == "insert" and h["key"].startswith("k")}
    ok(inserted == ours, "each stored write has its audit row, and no audit row lacks its record")
    ok(fx.muster("history", "--verify").returncode == 0, "the audit chain verifies")
    ok(fx.muster("validate", fx.dir + "/after-kill", check=False).returncode == 0,
       "the exported scenario validates")

    # graceful: SIGTERM while writing
    fx.start()
    pla = fx.login("pla")
    acked.clear()
    stop.clear()
    ts = [threading.Thread(target=writer, args=(w + 10,)) for w in range(2)]
    for t in ts:
        t.start()
    time.sleep(1.5)
    rc = fx.stop(signal.SIGTERM)
    stop.set()
    for t in ts:
        t.join()
    ok(rc == 0, f"SIGTERM: the server exits 0 ({rc})")
    log = fx.log_text()
    ok("SIGTERM: shutting down" in log and "stopped" in log, "and says so in its log")
    with_acked = fx.muster("export", fx.dir + "/after-term").returncode == 0
    with open(fx.dir + "/after-term/deployments.csv") as f:
        stored = {line.split(",")[0] for line in f.read().splitlines()[1:]}
    ok(with_acked and all(k in stored for k in acked), "every acknowledged write is stored")
    ok(fx.muster("history", "--verify").returncode == 0, "the audit chain verifies")
finally:
    fx.close()
done()
