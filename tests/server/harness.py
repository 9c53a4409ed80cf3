"""harness.py: what the server tests share (Python's standard library only).

A test script builds a Fixture: a temporary folder with a database of the
NATO Mission Iraq example, one user per role (admin, planner, a liaison of
DEU and one of CAN, a viewer), and `muster serve` started on a free
loopback port (--listen 127.0.0.1:0; the port is read from its first log
line). Checks print TAP (`ok N - name`, `not ok N - name` with `# ` lines).

One suite, two backends: with MUSTER_TEST_DB=pg (tests/pg/with-pg.sh) the
fixture's database is a fresh schema of its own on the test cluster
(new_database), dropped by close().
"""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

MUSTER = os.environ["MUSTER"]
SRC = os.environ["MUSTER_SRC"]
EXAMPLE = os.path.join(SRC, "examples", "nmi-2021")

USERS = {  # name: (role, nation, password)
    "adm": ("admin", None, "admin-pass-1"),
    "pla": ("planner", None, "planner-pass-1"),
    "deu": ("liaison", "DEU", "deu-pass-12"),
    "can": ("liaison", "CAN", "can-pass-12"),
    "vie": ("viewer", None, "viewer-pass-1"),
}

ON_PG = os.environ.get("MUSTER_TEST_DB") == "pg"

_n = 0
_failed = 0


def psql(sql, target=None):
    """Run SQL on the test cluster (PostgreSQL runs only); its output."""
    p = subprocess.run([os.environ["MUSTER_TEST_PSQL_BIN"], "-X", "-q", "-At", "-v",
                        "ON_ERROR_STOP=1", "-d", target or os.environ["MUSTER_TEST_PG"],
                        "-c", "SET client_min_messages = warning", "-c", sql],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"psql {sql}: {p.stderr}")
    return p.stdout


def new_database(folder, name):
    """A fresh, empty database: the file folder/name, or on PostgreSQL a new
    schema of the test cluster (returned as (target, schema or None))."""
    if not ON_PG:
        return os.path.join(folder, name), None
    schema = "srv_%d_%d_%s" % (os.getpid(), time.monotonic_ns(), re.sub(r"\W", "_", name))
    psql(f"CREATE SCHEMA {schema}")
    return f"{os.environ['MUSTER_TEST_PG']} options='-csearch_path={schema}'", schema


def ok(cond, name, *diag):
    global _n, _failed
    _n += 1
    if cond:
        print(f"ok {_n} - {name}")
    else:
        _failed += 1
        print(f"not ok {_n} - {name}")
        for d in diag:
            for line in str(d).splitlines():
                print(f"# {line}")
    sys.stdout.flush()
    return cond


def done():
    print(f"1..{_n}")
    sys.exit(1 if _failed else 0)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.raw = body
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    def header(self, name):
        return self.headers.get(name.lower())

    def is_problem(self):
        return (self.header("content-type") == "application/problem+json"
                and isinstance(self.json, dict)
                and self.json.get("status") == self.status
                and isinstance(self.json.get("title"), str)
                and isinstance(self.json.get("detail"), str))

    def __repr__(self):
        return f"{self.status} {self.raw[:600]!r}"


class Fixture:
    def __init__(self, timeout=None, threads=4):
        self.dir = tempfile.mkdtemp(prefix="muster-server-")
        self.schemas = []
        self.db = self.new_database("test.db")
        self.log = os.path.join(self.dir, "serve.log")
        self.timeout = timeout
        self.threads = threads
        self.proc = None
        self.tokens = {}
        self.muster("import", EXAMPLE)
        for name, (role, nation, password) in USERS.items():
            args = ["user", "add", name, "--role", role]
            if nation:
                args += ["--nation", nation]
            self.muster(*args, stdin=password + "\n")
        self.start()

    def new_database(self, name):
        """A fresh database of the test's backend, removed by close()."""
        target, schema = new_database(self.dir, name)
        if schema:
            self.schemas.append(schema)
        return target

    def muster(self, *args, stdin=None, check=True):
        p = subprocess.run([MUSTER, "--db", self.db, *args], input=stdin,
                           capture_output=True, text=True)
        if check and p.returncode != 0:
            raise RuntimeError(f"muster {' '.join(args)}: {p.stderr}")
        return p

    def start(self):
        args = [MUSTER, "--db", self.db, "serve", "--listen", "127.0.0.1:0",
                "--threads", str(self.threads)]
        if self.timeout:
            args += ["--timeout", str(self.timeout)]
        self.logf = open(self.log, "a")
        offset = self.logf.tell()  # a restart: only this run's lines
        self.proc = subprocess.Popen(args, stderr=self.logf)
        for _ in range(200):
            m = None
            with open(self.log) as f:
                f.seek(offset)
                for line in f:
                    m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line) or m
            if m:
                self.port = int(m.group(1))
                return
            if self.proc.poll() is not None:
                raise RuntimeError("muster serve exited: " + open(self.log).read())
            time.sleep(0.05)
        raise RuntimeError("muster serve did not start")

    def stop(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        rc = self.proc.returncode if self.proc else None
        self.proc = None
        self.logf.close()
        self.tokens = {}
        return rc

    def close(self):
        self.stop()
        for schema in self.schemas:
            psql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        if os.environ.get("MUSTER_KEEP_TEST"):
            print(f"# kept {self.dir}")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)

    def request(self, method, path, body=None, token=None, headers=None, raw=None,
                timeout=60):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        h = dict(headers or {})
        if token:
            h["Authorization"] = "Bearer " + token
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        try:
            c.request(method, path, body=data, headers=h)
            r = c.getresponse()
            return Response(r.status, r.getheaders(), r.read().decode("utf-8", "replace"))
        finally:
            c.close()

    def login(self, user):
        if user not in self.tokens:
            r = self.request("POST", "/api/login",
                             {"user": user, "password": USERS[user][2]})
            if r.status != 200:
                raise RuntimeError(f"login {user}: {r}")
            self.tokens[user] = r.json["token"]
        return self.tokens[user]

    def get(self, user, path, **kw):
        return self.request("GET", path, token=self.login(user) if user else None, **kw)

    def all_items(self, user, entity, query=""):
        """Every record of a list, following the cursor."""
        items, cursor = [], None
        for _ in range(1000):
            q = query + ("&" if query else "") + "limit=7" + (f"&cursor={cursor}" if cursor else "")
            r = self.get(user, f"/api/{entity}?{q}")
            if r.status != 200:
                raise RuntimeError(f"GET /api/{entity}?{q}: {r}")
            items += r.json["items"]
            cursor = r.json["next"]
            if not cursor:
                return items
        raise RuntimeError("the cursor never ends")

    def export(self):
        """The scenario as exported CSV text, for before/after comparisons."""
        out = tempfile.mkdtemp(dir=self.dir)
        shutil.rmtree(out)
        self.muster("export", out)
        text = {}
        for f in sorted(os.listdir(out)):
            with open(os.path.join(out, f)) as fh:
                text[f] = fh.read()
        shutil.rmtree(out)
        return text

    def log_text(self):
        with open(self.log) as f:
            return f.read()
