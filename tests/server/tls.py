#!/usr/bin/env python3
"""tls.py: --tls-cert/--tls-key: the server speaks HTTPS with the given
certificate (a self-signed one made with openssl here), a login works over
it, and plain HTTP to the same port gets no answer. Skipped (TAP skip)
without openssl."""
import http.client
import os
import re
import shutil
import ssl
import subprocess
import time

import harness
from harness import Fixture, USERS, done, ok

if not shutil.which("openssl"):
    print("1..0 # SKIP openssl is not installed")
    raise SystemExit(0)


class TlsFixture(Fixture):
    def start(self):
        cert, key = os.path.join(self.dir, "cert.pem"), os.path.join(self.dir, "key.pem")
        if not os.path.exists(cert):
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                            "-keyout", key, "-out", cert, "-days", "2", "-subj",
                            "/CN=127.0.0.1"], check=True, capture_output=True)
        self.cert = cert
        self.logf = open(self.log, "a")
        self.proc = subprocess.Popen([harness.MUSTER, "--db", self.db, "serve", "--listen",
                                      "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key],
                                     stderr=self.logf)
        for _ in range(200):
            m = re.search(r"listening on https://127\.0\.0\.1:(\d+)", open(self.log).read())
            if m:
                self.port = int(m.group(1))
                return
            time.sleep(0.05)
        raise RuntimeError("no https server: " + open(self.log).read())


fx = TlsFixture()
try:
    ctx = ssl.create_default_context(cafile=fx.cert)
    ctx.check_hostname = False
    c = http.client.HTTPSConnection("127.0.0.1", fx.port, context=ctx, timeout=20)
    c.request("POST", "/api/login", body='{"user": "pla", "password": "%s"}' % USERS["pla"][2])
    r = c.getresponse()
    body = r.read()
    ok(r.status == 200 and b'"token"' in body, "HTTPS: login with the given certificate", body)
    c.close()
    try:
        plain = fx.request("GET", "/api/openapi.json", timeout=5)
        ok(plain.status >= 400, "plain HTTP to the HTTPS port is refused", plain)
    except (OSError, http.client.HTTPException) as e:
        ok(True, f"plain HTTP to the HTTPS port is refused ({type(e).__name__})")
    r = fx.muster("serve", "--tls-cert", fx.cert, check=False)
    ok(r.returncode == 2 and "go together" in r.stderr, "--tls-cert without --tls-key: usage error",
       r.stderr)
    r = fx.muster("serve", "--listen", "127.0.0.1:0", "--tls-cert", "/nonexistent",
                  "--tls-key", "/nonexistent", check=False)
    ok(r.returncode == 1 and "/nonexistent" in r.stderr, "an unreadable certificate: an error",
       r.stderr)
    r = fx.muster("serve", "--listen", "localhost:80:80", check=False)
    ok(r.returncode != 0 and "--listen" in r.stderr, "a bad --listen: an error", r.stderr)
    r = fx.muster("serve", "--threads", "0", check=False)
    ok(r.returncode == 2, "--threads 0: usage error", r.stderr)
    r = fx.muster("serve", "--help", check=False)
    ok(r.returncode == 0 and "usage: muster serve" in r.stdout, "serve --help")
    r = subprocess.run([harness.MUSTER, "--db", fx.dir + "/none.db", "serve", "--listen",
                        "127.0.0.1:0"], capture_output=True, text=True, timeout=20)
    ok(r.returncode == 1 and "does not exist" in r.stderr, "a missing database: an error at start",
       r.stderr)
finally:
    fx.close()
done()
