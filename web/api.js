// api.js: the JSON API of `muster serve` (docs/server.md) for the page.
// The session token lives in sessionStorage: it ends with the tab, and no
// other tab or site reads it. Every error is thrown as an ApiError that
// carries the server's problem document (status, detail, errors[]).

import { t } from "./i18n.js";

const TOKEN_KEY = "muster.token";

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && problem.detail) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function clearToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

async function parse(res) {
  const text = await res.text();
  let body = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      // not the server's words: the page's own, in the page's language
      const e = new ApiError(res.status, { status: res.status, nojson: true });
      e.message = t("The server sent no JSON (HTTP {status}).", { status: res.status });
      throw e;
    }
  }
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

// request("GET", "/api/offers", {query: {nation: "CAN"}, body, ifMatch})
export async function request(method, path, opts = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(opts.query || {}))
    if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  const headers = {};
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  if (opts.ifMatch !== undefined) headers["If-Match"] = `"${opts.ifMatch}"`;
  let body;
  if (opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(url, { method, headers, body, cache: "no-store" });
  const data = await parse(res);
  if (data && typeof data === "object" && res.headers.get("ETag"))
    data.etag = res.headers.get("ETag").replace(/^W\//, "").replace(/"/g, "");
  return data;
}

export async function login(user, password) {
  const res = await fetch("/api/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ user, password }),
  });
  const data = await parse(res);
  sessionStorage.setItem(TOKEN_KEY, data.token);
  return data;
}

export async function logout() {
  try {
    await request("POST", "/api/logout");
  } finally {
    clearToken();
  }
}

// Every record of a collection, page by page (the cursor is the last key).
export async function listAll(entity, query = {}) {
  const items = [];
  let cursor = null;
  let scope = null;
  do {
    const page = await request("GET", `/api/${entity}`, {
      query: { ...query, limit: 1000, cursor },
    });
    items.push(...page.items);
    scope = page.scope;
    cursor = page.next;
  } while (cursor);
  return { items, scope };
}

// The event stream (GET /api/events, Server-Sent Events) read with fetch,
// since EventSource cannot send the Authorization header and a token in
// a URL would end up in histories and logs. onEvent(type, data) for each
// event; reconnects after `retry` ms until stop() is called.
export function subscribe(onEvent, onState) {
  let stopped = false;
  let ctrl = null;
  let retry = 2000;

  function dispatch(block) {
    let type = "message";
    const data = [];
    for (const line of block.split("\n")) {
      if (!line || line.startsWith(":")) continue;
      const i = line.indexOf(":");
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
      if (field === "event") type = value;
      else if (field === "data") data.push(value);
      else if (field === "retry" && /^\d+$/.test(value)) retry = Number(value);
    }
    if (!data.length) return;
    let parsed;
    try {
      parsed = JSON.parse(data.join("\n"));
    } catch {
      return;
    }
    onEvent(type, parsed);
  }

  async function run() {
    while (!stopped) {
      ctrl = new AbortController();
      try {
        const res = await fetch("/api/events", {
          headers: { Authorization: `Bearer ${token()}`, Accept: "text/event-stream" },
          signal: ctrl.signal,
          cache: "no-store",
        });
        if (res.status === 401) {
          onState("ended");
          return;
        }
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        onState("live");
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value.replace(/\r\n?/g, "\n");
          let at;
          while ((at = buf.indexOf("\n\n")) >= 0) {
            dispatch(buf.slice(0, at));
            buf = buf.slice(at + 2);
          }
        }
      } catch (e) {
        if (stopped) return;
      }
      if (stopped) return;
      onState("reconnecting");
      await new Promise((r) => setTimeout(r, retry));
    }
  }
  run();
  return {
    stop() {
      stopped = true;
      if (ctrl) ctrl.abort();
    },
  };
}
