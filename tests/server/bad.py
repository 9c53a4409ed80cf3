#!/usr/bin/env python3
"""bad.py: hostile and broken requests. Each gets a 4xx (a problem
document wherever the server itself answers) and changes nothing: the
scenario exported before and after is the same, and the server keeps
serving. Covers malformed JSON, wrong types, unknown fields, deep nesting,
a 100 MB body (announced, and chunked past the limit), a slow client,
invalid UTF-8, '..', a huge cursor, long URLs and headers."""
import json
import socket
import time

from harness import Fixture, done, ok

fx = Fixture(timeout=2)
try:
    pla = fx.login("pla")
    before = fx.export()
    M = {"If-Match": '"1"'}

    def expect(method, path, status, label, body=None, raw=None, headers=None, token=pla):
        h = dict(headers or {})
        r = fx.request(method, path, body=body, raw=raw, token=token, headers=h)
        st = status if isinstance(status, tuple) else (status,)
        ok(r.status in st and r.is_problem(), f"{label}: {'/'.join(map(str, st))}", r)
        return r

    J = {"Content-Type": "application/json"}
    expect("PATCH", "/api/offers/USA-HQ", 400, "malformed JSON", raw=b'{"units": 2',
           headers=dict(J, **M))
    expect("PATCH", "/api/offers/USA-HQ", 400, "not an object", raw=b'[1,2]',
           headers=dict(J, **M))
    expect("PATCH", "/api/offers/USA-HQ", 400, "duplicate member",
           raw=b'{"units":2,"units":3}', headers=dict(J, **M))
    r = expect("PATCH", "/api/offers/USA-HQ", 400, "wrong type (object)",
               body={"units": {"n": 2}}, headers=M)
    ok("'units'" in r.json["detail"], "the wrong type's field is named", r)
    r = expect("PATCH", "/api/offers/USA-HQ", 400, "wrong type (list of numbers)",
               body={"caveats": [1, 2]}, headers=M)
    ok("'caveats'" in r.json["detail"], "the list's field is named", r)
    r = expect("PATCH", "/api/offers/USA-HQ", 400, "unknown field", body={"colour": "red"},
               headers=M)
    ok("'colour'" in r.json["detail"], "the unknown field is named", r)
    expect("POST", "/api/offers", 400, "POST with an empty object", body={})
    expect("PATCH", "/api/offers/USA-HQ", 400, "nested 50 deep",
           raw=b'{"a":' * 50 + b'1' + b'}' * 50, headers=dict(J, **M))
    expect("PATCH", "/api/offers/USA-HQ", 400, "invalid UTF-8 in the body",
           raw=b'{"name": "\xff\xfe"}', headers=dict(J, **M))
    expect("GET", "/api/offers", 400, "a body on a GET", raw=b'{"x":1}', headers=J)
    expect("PATCH", "/api/offers/USA-HQ", 400, "a NUL escape in a field name",
           raw=b'{"units\\u0000x": 2}', headers=dict(J, **M))

    # 100 MB announced: refused before it is read
    s = socket.create_connection(("127.0.0.1", fx.port), timeout=10)
    t0 = time.time()
    s.sendall(b"POST /api/offers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
              pla.encode() + b"\r\nContent-Type: application/json\r\n"
              b"Content-Length: 104857600\r\n\r\n" + b"{" + b" " * 65536)
    resp = s.recv(65536).decode("latin-1")
    s.close()
    ok(resp.startswith("HTTP/1.1 413") and "application/problem+json" in resp and
       time.time() - t0 < 5, "a 100 MB Content-Length: 413 at once", resp[:300])
    # chunked past the limit: read, dropped, refused
    body = b'{"id": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    def chunks():
        for i in range(0, len(body), 65536):
            yield body[i:i + 65536]
    import http.client
    c = http.client.HTTPConnection("127.0.0.1", fx.port, timeout=30)
    c.request("POST", "/api/offers", body=chunks(), encode_chunked=True,
              headers={"Authorization": "Bearer " + pla, "Content-Type": "application/json",
                       "Transfer-Encoding": "chunked"})
    r = c.getresponse()
    ok(r.status == 413, "a 2 MB chunked body: 413", r.status)
    c.close()

    # paths and query
    expect("GET", "/api/offers/..%2f..%2fusers", (400, 404), "an encoded '..'")
    s = socket.create_connection(("127.0.0.1", fx.port), timeout=10)
    s.sendall(b"GET /api/../api/offers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
              pla.encode() + b"\r\n\r\n")
    resp = s.recv(65536).decode("latin-1")
    s.close()
    ok(resp.startswith("HTTP/1.1 400"), "a raw '..' segment: 400", resp[:200])
    expect("GET", "/api/offers/%ff%fe", 400, "invalid UTF-8 in the path")
    expect("GET", "/api/offers/%c0%af", 400, "an overlong UTF-8 form in the path")
    expect("GET", "/api/offers?nation=%ff", 400, "invalid UTF-8 in the query")
    expect("GET", "/api/offers?cursor=" + "41" * 5000, (400, 414), "a huge cursor")
    expect("GET", "/api/offers?cursor=" + "4" * 63, 400, "an odd-length cursor")
    expect("GET", "/api/offers?cursor=00", 400, "a cursor with a NUL")
    expect("GET", "/api/offers?limit=99999999999999999999", 400, "a huge limit")
    expect("GET", "/api/offers?limit=1&limit=2", 400, "a parameter given twice")
    expect("GET", "/api/" + "a" * 3000, (404, 414), "a long path")
    r = fx.request("GET", "/api/offers", token=pla, headers={"X-Big": "y" * 100000})
    ok(400 <= r.status < 500, "a 100 kB header: 4xx", r)
    # past our bounds (not MHD's): our answer, with its headers and a problem
    def raw_answer(data):
        s = socket.create_connection(("127.0.0.1", fx.port), timeout=10)
        s.sendall(data)
        got = b""
        while True:
            part = s.recv(65536)
            if not part:
                break
            got += part
        s.close()
        head, _, body = got.decode("latin-1").partition("\r\n\r\n")
        return head, body
    for label, data, status in [
            ("a 12 kB header", b"GET /api/offers HTTP/1.1\r\nHost: x\r\nX-Big: " +
             b"y" * 12000 + b"\r\n\r\n", 431),
            ("a 12 kB URL", b"GET /api/offers?q=" + b"a" * 12000 +
             b" HTTP/1.1\r\nHost: x\r\n\r\n", 414)]:
        head, body = raw_answer(data)
        try:
            problem = json.loads(body)
        except ValueError:
            problem = {}
        ok(head.startswith(f"HTTP/1.1 {status}") and
           "Content-Type: application/problem+json" in head and
           "X-Content-Type-Options: nosniff" in head and
           "Content-Security-Policy:" in head and "Referrer-Policy: no-referrer" in head and
           problem.get("status") == status,
           f"{label}: {status} with the security headers and a problem document",
           head[:300] + body[:200])
    expect("PUT", "/api/offers/USA-HQ", 405, "an unknown method on a route")
    expect("GET", "/api/nothing", 404, "an unknown route")

    # a slow client: headers never finished; dropped after --timeout 2
    s = socket.create_connection(("127.0.0.1", fx.port), timeout=15)
    s.sendall(b"GET /api/offers HTTP/1.1\r\nHost: x\r\n")
    t0 = time.time()
    try:
        data = s.recv(100)
    except OSError:
        data = b""
    waited = time.time() - t0
    s.close()
    ok(data == b"" and waited < 10, f"a client that stops mid-headers is dropped ({waited:.1f}s)")
    ok(fx.get("pla", "/api/missions").status == 200, "the server still serves")
    ok(fx.export() == before, "nothing changed (muster export)")
    ok(fx.proc.poll() is None, "the server did not crash")
    ok("internal" not in fx.log_text(), "no internal error was logged")
finally:
    fx.close()
done()
