#!/usr/bin/env python3
"""auth.py: sessions over HTTP: login, the bearer token, logout, the login
rate limit (429 with Retry-After, per user and per address), and a log
that never holds a password or a token."""
import time

from harness import Fixture, USERS, done, ok

fx = Fixture()
try:
    r = fx.request("POST", "/api/login", {"user": "deu", "password": USERS["deu"][2]})
    ok(r.status == 200 and len(r.json["token"]) == 64 and r.json["expires"].endswith("Z"),
       "POST /api/login: a 64-digit token and its expiry", r)
    tok = r.json["token"]
    r = fx.request("GET", "/api/session", token=tok)
    ok(r.status == 200 and r.json == {"user": "deu", "role": "liaison", "nation": "DEU"},
       "GET /api/session: the token's user, role and nation", r)
    for hdr in ({}, {"Authorization": "Bearer " + "0" * 64}, {"Authorization": "Basic eDp5"},
                {"Authorization": "Bearer " + tok[:-1]}, {"Authorization": "Bearer"}):
        r = fx.request("GET", "/api/offers", headers=hdr)
        ok(r.status == 401 and r.is_problem() and r.header("www-authenticate"),
           f"GET /api/offers with {hdr or 'no Authorization'}: 401 problem", r)
    r = fx.request("POST", "/api/login", {"user": "deu", "password": "wrong-password"})
    ok(r.status == 401 and r.json["detail"] == "wrong user name or password",
       "a wrong password: 401", r)
    r2 = fx.request("POST", "/api/login", {"user": "nobody", "password": "wrong-password"})
    ok(r2.status == 401 and r2.json["detail"] == r.json["detail"],
       "an unknown user: the same 401", r2)
    for body, what in (({"user": "deu"}, "missing password"),
                       ({"user": 1, "password": "x"}, "user not a string"),
                       ({"user": "deu", "password": "x", "role": "admin"}, "unknown field")):
        r = fx.request("POST", "/api/login", body)
        ok(r.status == 400 and r.is_problem(), f"login with {what}: 400", r)
    # every pool thread has checked the token (each keeps checked sessions
    # for a second): a logout through the server is still seen by all at once
    warm = [fx.request("GET", "/api/session", token=tok).status for _ in range(16)]
    ok(warm == [200] * 16, "the token works on every thread", warm)
    r = fx.request("POST", "/api/logout", token=tok)
    ok(r.status == 204, "POST /api/logout: 204", r)
    after = [fx.request("GET", "/api/session", token=tok).status for _ in range(16)]
    ok(after == [401] * 16, "the token is dead after logout, at once, on every thread", after)
    # a session ended by another process (the CLI's passwd ends the user's
    # sessions): refused within the second the server keeps a checked session
    vtok = fx.login("vie")
    warm = [fx.request("GET", "/api/session", token=vtok).status for _ in range(16)]
    fx.muster("user", "passwd", "vie", stdin=USERS["vie"][2] + "\n")
    time.sleep(1.2)
    after = [fx.request("GET", "/api/session", token=vtok).status for _ in range(16)]
    ok(warm == [200] * 16 and after == [401] * 16,
       "a password changed with the CLI: the old token refused on every thread after 1 s",
       warm, after)

    # rate limit per user: 5 failures, then 429 even with the right password
    statuses = [fx.request("POST", "/api/login", {"user": "can", "password": "nope-nope"}).status
                for _ in range(5)]
    ok(statuses == [401] * 5, "five wrong passwords for 'can': 401 each", statuses)
    r = fx.request("POST", "/api/login", {"user": "can", "password": USERS["can"][2]})
    ok(r.status == 429 and r.is_problem() and int(r.header("retry-after")) >= 1,
       "the sixth try, right password: 429 with Retry-After", r, r.headers)
    r = fx.request("POST", "/api/login", {"user": "vie", "password": USERS["vie"][2]})
    ok(r.status == 200, "another user from the same address still logs in", r)
    # per address: 20 failures from 127.0.0.1 over many names
    for i in range(20):
        fx.request("POST", "/api/login", {"user": f"ghost{i}", "password": "nope-nope"})
    r = fx.request("POST", "/api/login", {"user": "pla", "password": USERS["pla"][2]})
    ok(r.status == 429 and r.header("retry-after"), "after 20 failures from one address: 429", r)

    # bad login bodies count toward the address's limit: a fresh server (the
    # limiter is in memory), 20 bodies that are no login, then even a right
    # password from that address is 429, and so is one more bad body
    fx.stop()
    fx.start()
    bad = [dict(raw=b'{"user": "pla", "password": '), dict(raw=b"[1, 2]"),
           dict(body={"user": "pla"}), dict(body={"user": 1, "password": "x"}),
           dict(body={"user": "pla", "password": "x", "role": "admin"}), dict(raw=b"")]
    got = [fx.request("POST", "/api/login", **bad[i % len(bad)]).status for i in range(20)]
    ok(all(s == 400 for s in got), "20 login bodies that are no login: 400 each", got)
    r = fx.request("POST", "/api/login", {"user": "pla", "password": USERS["pla"][2]})
    ok(r.status == 429 and r.header("retry-after"),
       "then the right password from that address: 429 (bad bodies count)", r)
    r = fx.request("POST", "/api/login", raw=b"{not json")
    ok(r.status == 429 and r.is_problem() and r.header("retry-after"),
       "and a malformed body past the limit: 429", r)

    log = fx.log_text()
    secrets = [p for _, _, p in USERS.values()] + [tok, "nope-nope", "wrong-password"]
    ok(not any(s in log for s in secrets), "the log holds no password and no token")
    ok("POST /api/login 401" in log and "GET /api/session 200" in log and " deu\n" in log,
       "the log has one line per request with status and user", log[-800:])
finally:
    fx.close()
done()
