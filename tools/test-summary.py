#!/usr/bin/env python3
"""Count every test of one or more meson build folders and print
`N passed, N failed` (CI reads this line). A TAP test counts each of its
`ok`/`not ok` lines; a test without TAP lines counts once by its result.
Each failure is named first, with its `not ok` lines and the end of its
error output, so a CI log that keeps only the last lines still says which
test failed and why."""
import json
import os
import re
import sys

passed = failed = 0
failures = []
for build in sys.argv[1:]:
    log = os.path.join(build, "meson-logs", "testlog.json")
    if not os.path.exists(log):
        print(f"{build}: no test log", file=sys.stderr)
        failed += 1
        continue
    for line in open(log):
        t = json.loads(line)
        out = t.get("stdout") or ""
        oks = len(re.findall(r"^ok\b", out, re.M))
        bad = len(re.findall(r"^not ok\b", out, re.M))
        ok_result = t["result"] in ("OK", "EXPECTEDFAIL", "SKIP")
        if oks + bad == 0:
            oks, bad = (1, 0) if ok_result else (0, 1)
        elif not ok_result and bad == 0:
            bad = 1  # crashed or timed out after its last TAP line
        passed += oks
        failed += bad
        if bad:
            failures.append((build, t, out))
for extra in os.environ.get("MUSTER_EXTRA_RESULTS", "").split():
    name, _, res = extra.partition("=")
    if res == "pass":
        passed += 1
    else:
        failed += 1
for build, t, out in failures:
    print(f"FAILED {build}: {t.get('name')} ({t['result']}, {t.get('duration', 0):.1f}s)")
    for line in re.findall(r"^not ok\b.*$", out, re.M)[:10]:
        print(f"  {line}")
    err = (t.get("stderr") or out).strip().splitlines()
    for line in err[-15:]:
        print(f"  | {line}")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
