// web.mjs: the web page in a real browser (Debian's chromium driven by
// playwright-core), printing TAP. It starts `muster serve` on a free
// loopback port on a fresh database with the NATO Mission Iraq example,
// one sourcing run and users of each kind, then signs in as a planner and
// as the liaison of DEU, checks what each sees against the API, makes an
// edit through the API and watches the open page update, runs the
// sourcing from the page, and keeps screenshots in OUTDIR (the first
// argument; the build folder under meson).
// Skipped (TAP "1..0 # SKIP"), never failed, when chromium or
// playwright-core is missing.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const MUSTER = process.env.MUSTER;
const SRC = process.env.MUSTER_SRC;
const OUT = path.resolve(process.argv[2] || ".", "web-screenshots");
const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));

function skip(why) {
  console.log(`1..0 # SKIP ${why}`);
  process.exit(0);
}
if (!CHROMIUM) skip("no chromium (apt-get install chromium)");
let chromium;
try {
  const require = createRequire(import.meta.url);
  ({ chromium } = require("playwright-core"));
} catch {
  skip("no playwright-core (npm ci in tests/web)");
}

let n = 0,
  failed = 0;
function ok(cond, name, ...diag) {
  n++;
  console.log(`${cond ? "ok" : "not ok"} ${n} - ${name}`);
  if (!cond) {
    failed++;
    for (const d of diag) for (const l of String(typeof d === "string" ? d : JSON.stringify(d)).split("\n")) console.log(`# ${l}`);
  }
  return cond;
}

// ---- the server -------------------------------------------------------------
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "muster-web-"));
// On PostgreSQL (tests/pg/with-pg.sh: MUSTER_TEST_DB=pg) a fresh schema of the test cluster.
const onPg = process.env.MUSTER_TEST_DB === "pg";
const schema = `web_${process.pid}`;
function psql(sql) {
  const p = spawnSync(process.env.MUSTER_TEST_PSQL_BIN, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", process.env.MUSTER_TEST_PG, "-c", sql], { encoding: "utf8" });
  if (p.status !== 0) throw new Error(`psql ${sql}: ${p.stderr}`);
}
if (onPg) psql(`CREATE SCHEMA ${schema}`);
const db = onPg ? `${process.env.MUSTER_TEST_PG} options='-csearch_path=${schema}'` : path.join(dir, "web.db");
function muster(args, input) {
  const p = spawnSync(MUSTER, ["--db", db, ...args], { input, encoding: "utf8" });
  if (p.status !== 0) throw new Error(`muster ${args.join(" ")}: ${p.stderr}`);
  return p.stdout;
}
const USERS = {
  pla: ["planner", null, "planner-pass-1"],
  can: ["liaison", "CAN", "can-pass-12"],
  deu: ["liaison", "DEU", "deu-pass-12"],
};
muster(["import", path.join(SRC, "examples", "nmi-2021")]);
for (const [name, [role, nation, pw]] of Object.entries(USERS))
  muster(["user", "add", name, "--role", role, ...(nation ? ["--nation", nation] : [])], pw + "\n");
muster(["source"]);

const logPath = path.join(dir, "serve.log");
const logFd = fs.openSync(logPath, "a");
const server = spawn(MUSTER, ["--db", db, "serve", "--listen", "127.0.0.1:0"], { stdio: ["ignore", "ignore", logFd] });
let port = null;
for (let i = 0; i < 200 && !port; i++) {
  const m = fs.readFileSync(logPath, "utf8").match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
  if (m) port = Number(m[1]);
  else await new Promise((r) => setTimeout(r, 50));
}
if (!port) throw new Error("muster serve did not start: " + fs.readFileSync(logPath, "utf8"));
const BASE = `http://127.0.0.1:${port}`;

const tokens = {};
async function apiAs(user, method, p, body, headers = {}) {
  if (!tokens[user])
    tokens[user] = (
      await fetch(`${BASE}/api/login`, {
        method: "POST",
        body: JSON.stringify({ user, password: USERS[user][2] }),
      }).then((r) => r.json())
    ).token;
  const res = await fetch(BASE + p, {
    method,
    headers: { Authorization: `Bearer ${tokens[user]}`, ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, etag: res.headers.get("etag"), json: text ? JSON.parse(text) : null };
}
async function allAs(user, entity, query = "") {
  const items = [];
  let cursor = null;
  do {
    const r = await apiAs(user, "GET", `/api/${entity}?limit=1000${query}${cursor ? `&cursor=${cursor}` : ""}`);
    items.push(...r.json.items);
    cursor = r.json.next;
  } while (cursor);
  return items;
}

// ---- the browser --------------------------------------------------------------
fs.mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });

async function openAs(user, viewport = { width: 1280, height: 720 }) {
  const ctx = await browser.newContext({ viewport });
  const page = await ctx.newPage();
  const seen = { errors: [], bodies: [] };
  page.on("console", (m) => m.type() === "error" && seen.errors.push(m.text()));
  page.on("pageerror", (e) => seen.errors.push(String(e)));
  page.on("response", async (r) => {
    if (r.url().includes("/api/events")) return; // endless; its events are checked below
    try {
      seen.bodies.push(await r.text());
    } catch {}
  });
  const t0 = Date.now();
  await page.goto(BASE + "/");
  await page.getByLabel("User").fill(user);
  await page.getByLabel("Password").fill(USERS[user][2]);
  await page.getByLabel("Password").press("Enter");
  await page.locator("#main[data-page=board]").waitFor();
  seen.loadMs = Date.now() - t0;
  return { ctx, page, seen };
}

try {
  // the page and its headers
  const index = await fetch(BASE + "/");
  const csp = index.headers.get("content-security-policy") || "";
  ok(index.status === 200 && index.headers.get("content-type").startsWith("text/html"), "GET / is the page (text/html)");
  ok(/script-src 'self'/.test(csp) && !/unsafe/.test(csp) && /frame-ancestors 'none'/.test(csp), "the page's CSP allows only 'self'", csp);
  ok(index.headers.get("x-content-type-options") === "nosniff" && index.headers.get("x-frame-options") === "DENY", "the page has the API's security headers");
  const js = await fetch(BASE + "/web/app.js");
  ok(js.status === 200 && js.headers.get("content-type").startsWith("text/javascript"), "GET /web/app.js is a JavaScript module");
  const missing = await fetch(BASE + "/web/nope.js");
  ok(missing.status === 404 && missing.headers.get("content-type") === "application/problem+json", "an unknown file under /web/ is a 404 problem");
  const post = await fetch(BASE + "/", { method: "POST" });
  ok(post.status === 405 && post.headers.get("allow") === "GET", "POST / is 405 (Allow: GET)");

  // a wrong password
  {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await ctx.newPage();
    await page.goto(BASE + "/");
    await page.getByLabel("User").fill("pla");
    await page.getByLabel("Password").fill("wrong");
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.locator("#login-error");
    await alert.waitFor({ state: "visible" });
    ok((await alert.textContent()).includes("Wrong user name or password"), "a wrong password says so on the login form");
    await page.screenshot({ path: path.join(OUT, "login.png") });
    await ctx.close();
  }

  // the planner's board against the API
  const reqs = await allAs("pla", "requirements", "&mission=NMI");
  const runs = (await apiAs("pla", "GET", "/api/runs")).json.items;
  const run = runs[runs.length - 1];
  const gaps = (await apiAs("pla", "GET", `/api/runs/${run.id}/gaps`)).json.items;
  const gapLines = new Set(gaps.filter((g) => g.mission === "NMI").map((g) => g.line));
  const P = await openAs("pla");
  const lines = P.page.locator(".board > li.line");
  ok((await lines.count()) === reqs.length, `the planner's board has one entry per NMI line (${reqs.length})`, await lines.count());
  ok((await P.page.locator(".board > li.line.gap").count()) === gapLines.size, `lines with gaps on the board = lines in the run's gaps (${gapLines.size})`);
  const summary = await P.page.locator("#run-summary").textContent();
  ok(summary.includes(`Run ${run.id}`) && summary.includes(`${Math.round(run.fill * 10) / 10}%`), "the summary names the latest run and its fill", summary);
  const g0 = gaps.find((g) => g.mission === "NMI");
  const g0text = await P.page.locator(`li.line[data-line="NMI:${g0.line}"] .gaps`).textContent();
  ok(g0text.includes(g0.reason) && (!g0.detail || g0text.includes(g0.detail)), `a gap shows its reason (${g0.line}: ${g0.reason})`, g0text);
  ok(P.seen.loadMs < 5000, `planner: login to an interactive board in ${P.seen.loadMs} ms`);
  console.log(`# planner: login to the board in ${P.seen.loadMs} ms`);
  const r0 = Date.now();
  await P.page.reload();
  await P.page.locator("#main[data-page=board] .board").waitFor();
  const reloadMs = Date.now() - r0;
  console.log(`# planner: a reload (no cache) to the filled board in ${reloadMs} ms`);
  ok(reloadMs < 3000, `a reload keeps the session (sessionStorage) and shows the board in ${reloadMs} ms`);
  await P.page.screenshot({ path: path.join(OUT, "board-planner.png"), fullPage: false });

  // sortable, keyboard-operable tables
  await P.page.getByRole("link", { name: "Offers" }).click();
  await P.page.locator("#main[data-page=offers]").waitFor();
  const allOffers = await allAs("pla", "offers");
  ok((await P.page.locator("tbody tr").count()) === allOffers.length, `the planner's offers table has every offer (${allOffers.length})`);
  const unitsHead = P.page.locator('th[data-key="units"] button');
  await unitsHead.focus();
  await P.page.keyboard.press("Enter");
  const th = P.page.locator('th[data-key="units"]');
  ok((await th.getAttribute("aria-sort")) === "ascending", "Enter on a column header sorts by it (aria-sort ascending)");
  const col = await P.page.locator("tbody tr td:nth-child(4)").allTextContents();
  const nums = col.map(Number);
  ok(nums.every((v, i) => i === 0 || nums[i - 1] <= v), "the units column is in ascending order", col.join(","));
  await P.page.keyboard.press("Enter");
  ok((await th.getAttribute("aria-sort")) === "descending", "Enter again sorts descending");
  // a change by someone else refreshes the open table and keeps its order
  const o1 = allOffers.find((o) => Number(o.record.units) === 1);
  const o1v = await apiAs("pla", "GET", `/api/offers/${o1.key}`);
  const o1p = await apiAs("pla", "PATCH", `/api/offers/${o1.key}`, { units: 9 }, { "If-Match": o1v.etag });
  ok(o1p.status === 200, `another client raises offer ${o1.key} to 9 units`, o1p);
  const topped = await P.page
    .waitForFunction((id) => document.querySelector("tbody tr td")?.textContent === id, o1.key, { timeout: 5000 })
    .then(() => true, () => false);
  ok(topped && (await th.getAttribute("aria-sort")) === "descending", "the open offers table shows it on top without reloading, still sorted descending");
  ok((await P.page.evaluate(() => document.activeElement?.id)) === "sort-offers-units", "the focus stays on the sorted column's header");
  await P.page.screenshot({ path: path.join(OUT, "offers-planner.png") });
  await P.page.getByRole("link", { name: "Board" }).click();
  await P.page.locator("#main[data-page=board]").waitFor();

  // the liaison of DEU: its own offers and caveats, no other nation's caveat
  const allCaveats = await allAs("pla", "caveats");
  const foreign = allCaveats.filter((c) => c.record.nation !== "DEU").map((c) => c.key);
  const own = allCaveats.filter((c) => c.record.nation === "DEU").map((c) => c.key);
  const L = await openAs("deu");
  ok((await L.page.locator(".board > li.line").count()) === reqs.length, "the liaison's board has every line too");
  await L.page.getByRole("link", { name: "Offers" }).click();
  await L.page.locator("#main[data-page=offers]").waitFor();
  const nations = await L.page.locator("tbody tr td:nth-child(2)").allTextContents();
  ok(nations.length > 0 && nations.every((x) => x === "DEU"), "the liaison's offers table holds DEU's offers only", nations.join(","));
  await L.page.getByRole("link", { name: "Caveats" }).click();
  await L.page.locator("#main[data-page=caveats]").waitFor();
  const cavIds = await L.page.locator("tbody tr td:nth-child(1)").allTextContents();
  ok(own.length > 0 && own.every((k) => cavIds.includes(k)) && cavIds.every((k) => own.includes(k)), `the liaison's caveats table is DEU's caveats (${own.length})`, cavIds.join(","));
  await L.page.screenshot({ path: path.join(OUT, "caveats-liaison.png") });
  await L.page.getByRole("link", { name: "Board" }).click();
  await L.page.locator("#main[data-page=board]").waitFor();
  const html = await L.page.content();
  const leaked = foreign.filter((k) => html.includes(k) || L.seen.bodies.some((b) => b.includes(k)));
  ok(foreign.length > 0 && leaked.length === 0, `no other nation's caveat (${foreign.length}) in the liaison's page or its API traffic`, leaked.join(","));
  ok(!(await L.page.locator("#run-sourcing").count()), "the liaison has no run-sourcing button");

  // live: the planner's API edit of a line reaches both open boards
  const line = reqs.find((r) => !gapLines.has(r.record.line)); // full in run 1
  const before = await apiAs("pla", "GET", `/api/requirements/${line.key}`);
  const units = Number(before.json.record.units) + 1;
  const t0 = Date.now();
  const patch = await apiAs("pla", "PATCH", `/api/requirements/${line.key}`, { units }, { "If-Match": before.etag });
  console.log(`# the PATCH took ${Date.now() - t0} ms`);
  ok(patch.status === 200, "the planner raises a line's units through the API", patch);
  const sel = `li.line[data-line="${line.key}"] .req`;
  const want = `required ${units} ×`;
  const waitText = (page) =>
    page.waitForFunction(([s, w]) => document.querySelector(s)?.textContent.includes(w), [sel, want], { timeout: 5000 }).then(
      () => Date.now() - t0,
      () => null,
    );
  const [msL, msP] = await Promise.all([waitText(L.page), waitText(P.page)]);
  ok(msL !== null, `the liaison's board shows the new units without reloading (${msL} ms)`);
  ok(msP !== null, `the planner's board shows them too (${msP} ms)`);
  console.log(`# an edit reached the open boards in ${msL} and ${msP} ms`);
  const short = await L.page.locator(`li.line[data-line="${line.key}"] .short-text`).textContent().catch(() => "");
  ok(short.includes("changed after this run"), "the edited line, not full now and without a gap in the stale run, says it changed after the run", short);
  const stale = L.page.locator("#stale");
  ok((await stale.count()) === 1 && (await stale.textContent()).includes("stale"), "the board says its run is now stale");
  await L.page.screenshot({ path: path.join(OUT, "board-liaison-live.png") });

  // the planner runs the sourcing from the page and watches it finish
  await P.page.getByRole("button", { name: "Run sourcing" }).click();
  const done = await P.page
    .waitForFunction(() => /run \d+ done/.test(document.getElementById("job-text")?.textContent || ""), null, { timeout: 60000 })
    .then(() => true, () => false);
  ok(done, "Run sourcing: the job's progress ends in 'run N done'", await P.page.locator(".run-panel").textContent());
  const fresh = await P.page
    .waitForFunction(() => !document.getElementById("stale") && /Run \d+/.test(document.getElementById("run-summary")?.textContent || ""), null, { timeout: 5000 })
    .then(() => true, () => false);
  const runs2 = (await apiAs("pla", "GET", "/api/runs")).json.items;
  ok(fresh && (await P.page.locator("#run-summary").textContent()).includes(`Run ${runs2[runs2.length - 1].id}`), "the board then shows the new run, not stale");
  const liaisonFresh = await L.page
    .waitForFunction((id) => (document.getElementById("run-summary")?.textContent || "").includes(`Run ${id}`), runs2[runs2.length - 1].id, { timeout: 8000 })
    .then(() => true, () => false);
  ok(liaisonFresh, "the liaison's board follows to the new run (it polls the runs every 3 s)",
    await L.page.evaluate(() => fetch("/api/runs", { headers: { Authorization: `Bearer ${sessionStorage.getItem("muster.token")}` } }).then((r) => r.text())),
    (await L.page.locator("#main").textContent()).slice(0, 300));
  await P.page.screenshot({ path: path.join(OUT, "board-planner-after-run.png") });

  // a phone's width
  const M = await openAs("can", { width: 390, height: 844 });
  const overflow = await M.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  ok(overflow <= 0, `at 390 px wide the board does not scroll sideways (${overflow} px over)`);
  await M.page.screenshot({ path: path.join(OUT, "board-phone.png") });

  for (const [who, s] of [["planner", P.seen], ["liaison", L.seen], ["phone", M.seen]])
    ok(s.errors.length === 0, `no console error or CSP violation (${who})`, s.errors.join("\n"));
  await M.ctx.close();
  await L.ctx.close();
  await P.ctx.close();
} catch (e) {
  ok(false, "the browser test ran to its end", e.stack || String(e));
} finally {
  await browser.close();
  const exited = new Promise((r) => server.on("exit", (code, sig) => r({ code, sig })));
  server.kill("SIGTERM");
  const { code, sig } = await exited;
  ok(code === 0, `muster serve stops cleanly on SIGTERM (exit ${code}${sig ? `, signal ${sig}` : ""})`,
    fs.readFileSync(logPath, "utf8").split("\n").filter((l) => !/ \d+\.\dms /.test(l)).slice(-30).join("\n"));
  if (!process.env.MUSTER_KEEP_TEST) fs.rmSync(dir, { recursive: true, force: true });
  if (onPg) psql(`DROP SCHEMA ${schema} CASCADE`);
}
console.log(`# screenshots in ${OUT}`);
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
