// web.mjs: the web page in a real browser (Debian's chromium driven by
// playwright-core), printing TAP. It starts `muster serve` on a free
// loopback port on a fresh database with the NATO Mission Iraq example,
// one sourcing run and users of each kind, then signs in as a planner and
// as the liaison of DEU, checks what each sees against the API, makes an
// edit through the API and watches the open page update, runs the
// sourcing from the page, edits through the forms (the server's errors at
// their fields, a conflict between two browsers and its redo), reads a
// line's detail, a record's history, the board as of an earlier revision,
// the posture and fair share, signs in as a viewer (aggregates only),
// measures a cold load and an edit reaching a second page, and keeps
// screenshots in OUTDIR (the first argument; the build folder under meson).
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
  pla2: ["planner", null, "planner-pass-2"],
  vera: ["viewer", null, "viewer-pass-1"],
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

// The raw event stream of `user`, read in the background into `.text`
// (what that user's browser would get), until stop().
async function streamAs(user) {
  await apiAs(user, "GET", "/api/session");
  const ctrl = new AbortController();
  const out = { text: "", stop: () => ctrl.abort() };
  fetch(`${BASE}/api/events`, { headers: { Authorization: `Bearer ${tokens[user]}` }, signal: ctrl.signal })
    .then(async (res) => {
      const dec = new TextDecoder();
      for await (const chunk of res.body) out.text += dec.decode(chunk, { stream: true });
    })
    .catch(() => {});
  return out;
}
// How long to wait for something to appear. Times are measurements printed
// as "# ..." lines (the issue's 1 s goals), not assertions: a loaded machine
// or the sanitizer build (MUSTER_TEST_SLOWDOWN) only makes them slower.
const WAIT = 15000 * Number(process.env.MUSTER_TEST_SLOWDOWN || 1);
const until = (page, fn, arg, timeout = WAIT) => page.waitForFunction(fn, arg, { timeout }).then(() => true, () => false);

// ---- the browser --------------------------------------------------------------
fs.mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });

async function openAs(user, viewport = { width: 1280, height: 720 }) {
  const ctx = await browser.newContext({ viewport });
  const page = await ctx.newPage();
  const seen = { errors: [], bodies: [], urls: [], events: [] };
  // a 400, 403, 409 or 412 the page asked for and shows (a bad value, a
  // liaison's edit of a line, a stale run's check, a conflict) is logged by
  // chromium as a failed load: not a fault
  const expected = /^Failed to load resource: the server responded with a status of (400|403|409|412) /;
  page.on("console", (m) => m.type() === "error" && !expected.test(m.text()) && seen.errors.push(m.text()));
  page.on("pageerror", (e) => seen.errors.push(String(e)));
  page.on("response", async (r) => {
    if (r.url().includes("/api/events")) return; // endless; its events are read in the page below
    seen.urls.push(r.url());
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
  console.log(`# planner: login to the board in ${P.seen.loadMs} ms`);
  const r0 = Date.now();
  await P.page.reload();
  await P.page.locator("#main[data-page=board] .board > li.line").first().waitFor();
  const reloadMs = Date.now() - r0;
  console.log(`# planner: a reload (no cache) to the filled board in ${reloadMs} ms`);
  ok((await lines.count()) === reqs.length, `a reload keeps the session (sessionStorage) and shows the whole board (${reloadMs} ms)`, await lines.count());
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
    .waitForFunction((id) => document.querySelector("tbody tr td")?.textContent === id, o1.key, { timeout: WAIT })
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
  const mandate = await L.page.locator("tbody tr", { hasText: "DEU-MANDATE" }).locator('td:nth-child(4)').textContent();
  ok(mandate === "NMI, OIR", "a caveat's list value reads 'NMI, OIR' in the table (not 'NMIOIR')", mandate);
  const mrow = L.page.locator("tbody tr", { hasText: "DEU-MANDATE" });
  const [kindEn, hardEn, hardTitle] = [await mrow.locator("td:nth-child(3)").textContent(), await mrow.locator("td:nth-child(5)").textContent(), await mrow.locator("td:nth-child(5)").getAttribute("title")];
  ok(kindEn === "only-missions" && hardEn === "yes" && hardTitle === "true", "in English a caveat's kind is its code and hard reads 'yes' (the API's true in the title)", [kindEn, hardEn, hardTitle]);
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
    page.waitForFunction(([s, w]) => document.querySelector(s)?.textContent.includes(w), [sel, want], { timeout: WAIT }).then(
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
    .waitForFunction(() => !document.getElementById("stale") && /Run \d+/.test(document.getElementById("run-summary")?.textContent || ""), null, { timeout: WAIT })
    .then(() => true, () => false);
  const runs2 = (await apiAs("pla", "GET", "/api/runs")).json.items;
  ok(fresh && (await P.page.locator("#run-summary").textContent()).includes(`Run ${runs2[runs2.length - 1].id}`), "the board then shows the new run, not stale");
  const liaisonFresh = await L.page
    .waitForFunction((id) => (document.getElementById("run-summary")?.textContent || "").includes(`Run ${id}`), runs2[runs2.length - 1].id, { timeout: WAIT })
    .then(() => true, () => false);
  ok(liaisonFresh, "the liaison's board follows to the new run (the 'run' event)",
    await L.page.evaluate(() => fetch("/api/runs", { headers: { Authorization: `Bearer ${sessionStorage.getItem("muster.token")}` } }).then((r) => r.text())),
    (await L.page.locator("#main").textContent()).slice(0, 300));
  await P.page.screenshot({ path: path.join(OUT, "board-planner-after-run.png") });


  // ---- the as-of slider: the board before the line's edit, then live again
  {
    const revNow = (await apiAs("pla", "GET", "/api/runs")).json.revision;
    const slider = L.page.locator("#as-of");
    ok((await slider.getAttribute("max")) === String(revNow), `the slider ends at the current revision (${revNow})`, await slider.getAttribute("max"));
    await slider.focus();
    await L.page.keyboard.press("End");
    await L.page.keyboard.press("ArrowLeft");
    const earlier = await until(L.page, ([s, w, r]) => document.getElementById("main").dataset.asOf === r && document.querySelector(s)?.textContent.includes(w), [sel, `required ${units - 1} ×`, `r${revNow - 1}`]);
    ok(earlier, `as of revision ${revNow - 1} the board shows the line before its edit (${units - 1} units)`, await L.page.locator(sel).textContent().catch(() => ""));
    ok((await L.page.locator("#as-of-notice").count()) === 1, "the board says it shows an earlier state");
    await L.page.screenshot({ path: path.join(OUT, "board-as-of.png") });
    await L.page.getByRole("button", { name: "Back to live" }).click();
    const live = await until(L.page, ([s, w]) => !document.getElementById("main").dataset.asOf && document.querySelector(s)?.textContent.includes(w), [sel, want]);
    ok(live && !(await L.page.locator("#as-of-notice").count()), "Back to live: the board shows the edited line again");
    // a moment instead of a revision: the second before the edit, typed in local time
    const moment = await L.page.evaluate((ms) => {
      const d = new Date(ms);
      const p = (n) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
    }, Math.floor(t0 / 1000) * 1000 - 1000);
    await L.page.locator("#as-of-time").fill(moment);
    await L.page.locator("#as-of-time").dispatchEvent("change");
    const then = await until(L.page, ([s, w]) => /^\d{4}-\d\d-\d\dT/.test(document.getElementById("main").dataset.asOf) && document.querySelector(s)?.textContent.includes(w), [sel, `required ${units - 1} ×`]);
    const notice = await L.page.locator("#as-of-notice").textContent().catch(() => "");
    ok(then && notice.includes(moment.replace("T", " ")), `as of ${moment} (the second before the edit) the board shows the line before it`, notice);
    await L.page.getByRole("button", { name: "Back to live" }).click();
    ok(await until(L.page, ([s, w]) => !document.getElementById("main").dataset.asOf && document.querySelector(s)?.textContent.includes(w), [sel, want]), "and back to live again");
  }

  // the raw event streams of a liaison and a viewer, read while the forms are used
  const streamDeu = await streamAs("deu");
  const streamVera = await streamAs("vera");

  // ---- a liaison's edit form: the server's error at its field, then a save
  const P2 = await openAs("pla2");
  await P.page.getByRole("link", { name: "Offers" }).click();
  await P.page.locator("#main[data-page=offers]").waitFor();
  await L.page.getByRole("link", { name: "Offers" }).click();
  await L.page.locator("#main[data-page=offers]").waitFor();
  const editLinks = await L.page.locator("a.edit-link").count();
  const deuOffers = (await allAs("deu", "offers")).length;
  ok(editLinks === deuOffers && deuOffers > 0, `the liaison may edit each of its ${deuOffers} offers`, editLinks);
  await L.page.getByRole("link", { name: "Edit DEU-MED" }).click();
  await L.page.locator("#edit-form").waitFor();
  await L.page.getByLabel("units").fill("0");
  await L.page.getByRole("button", { name: "Save" }).click();
  const fieldErr = L.page.locator("#f-units-error");
  await fieldErr.waitFor({ state: "visible", timeout: WAIT }).catch(() => {});
  const errText = (await fieldErr.textContent().catch(() => "")) || "";
  const described = (await L.page.getByLabel("units").getAttribute("aria-describedby")) || "";
  const formErr = (await L.page.locator("#form-error").textContent()) || "";
  ok(errText.includes("units") && errText.includes("0"), "units 0: the server's message is shown at the units field", errText, formErr);
  const enLabels = await L.page.locator("#edit-form .field label").allTextContents();
  ok(enLabels[0] === "id (key)" && enLabels.includes("units") && enLabels.includes("pool"), "in English the form's fields are named by their codes", enLabels);
  ok(formErr.startsWith("Not saved (400)") && formErr.includes("nothing was changed") && !/null|undefined/.test(formErr), "the form's alert says it was not saved", formErr);
  ok(described.split(" ").includes("f-units-error") && (await L.page.getByLabel("units").getAttribute("aria-invalid")) === "true", "the field is aria-invalid and described by its error");
  ok(Number((await apiAs("deu", "GET", "/api/offers/DEU-MED")).json.record.units) === 2, "nothing was saved");
  await L.page.screenshot({ path: path.join(OUT, "edit-error.png") });
  await L.page.getByLabel("units").fill("3");
  const tEdit = Date.now();
  await L.page.getByRole("button", { name: "Save" }).click();
  const savedOk = await until(L.page, () => /Saved: version \d+/.test(document.getElementById("form-saved")?.textContent || ""));
  ok(savedOk && !(await fieldErr.isVisible()), "units 3: saved, the error gone", await L.page.locator("#edit-form").textContent());
  const seenByPlanner = await P.page
    .waitForFunction(() => [...document.querySelectorAll("tbody tr")].some((tr) => tr.cells[0].textContent === "DEU-MED" && tr.cells[3].textContent === "3"), null, { timeout: WAIT })
    .then(() => Date.now() - tEdit, () => null);
  ok(seenByPlanner !== null, `the planner's open offers table shows the liaison's edit without reloading (${seenByPlanner} ms; goal < 1 s)`);
  console.log(`# an edit saved in the liaison's form reached the planner's page in ${seenByPlanner} ms (click to the new figure on screen)`);
  const afterEdit = await apiAs("deu", "GET", "/api/offers/DEU-MED");
  ok(Number(afterEdit.json.record.units) === 3 && afterEdit.etag === '"2"', "the API has units 3, version 2", afterEdit);
  // the liaison cannot edit another nation's offer: no link, and the API says 404
  ok((await P.page.locator("a.edit-link").count()) === allOffers.length, "the planner may edit every offer");

  // a liaison's caveat form: a list value is comma-separated text
  await L.page.goto(BASE + "/#edit/caveats/DEU-MANDATE");
  await L.page.locator("#edit-form").waitFor();
  ok((await L.page.getByLabel("value").inputValue()) === "NMI, OIR", "a caveat's list value reads 'NMI, OIR' in its form");

  // a liaison may read a line but not change it: the form shows the server's 403 in English
  {
    const lkey = reqs[1].key;
    const want403 = await apiAs("deu", "PATCH", `/api/requirements/${lkey}`, { priority: 1 }, { "If-Match": '"1"' });
    await L.page.goto(BASE + `/#edit/requirements/${lkey}`);
    await L.page.locator("#edit-form").waitFor();
    await L.page.getByLabel("priority").fill("1");
    await L.page.getByRole("button", { name: "Save" }).click();
    await L.page.locator("#form-error").waitFor({ state: "visible", timeout: WAIT }).catch(() => {});
    const e403 = (await L.page.locator("#form-error").textContent().catch(() => "")) || "";
    ok(want403.status === 403 && e403 === `Not saved (403): ${want403.json.detail}`, "a liaison's edit of a line: the form says 'Not saved (403)' with the server's English detail", e403, want403);
    ok(!(await L.page.locator("#form-error .server-detail").count()), "in English the server's detail is the message itself (no 'Server detail' line)");
  }

  // ---- history of the offer
  await L.page.goto(BASE + "/#history/offers/DEU-MED");
  await L.page.locator("#history-list").waitFor();
  const hist = await L.page.locator("#history-list > li").first().textContent();
  ok(hist.includes("update by deu") && hist.includes("units") && hist.includes("2") && hist.includes("3"), "the offer's history shows deu's update of units 2 to 3 first", hist);
  await L.page.screenshot({ path: path.join(OUT, "history.png") });

  // ---- a conflict: two planners edit one line; the later one redoes it
  const cline = reqs.find((r) => r.key !== line.key);
  const cbefore = (await apiAs("pla", "GET", `/api/requirements/${cline.key}`)).json.record;
  await P.page.goto(BASE + `/#edit/requirements/${cline.key}`);
  await P2.page.goto(BASE + `/#edit/requirements/${cline.key}`);
  await P.page.locator("#edit-form").waitFor();
  await P2.page.locator("#edit-form").waitFor();
  await P2.page.getByLabel("personnel").fill(String(cbefore.personnel + 5));
  await P2.page.getByRole("button", { name: "Save" }).click();
  ok(await until(P2.page, () => /Saved/.test(document.getElementById("form-saved")?.textContent || "")), "the second planner saves the line's personnel");
  const told = await until(P.page, () => !document.getElementById("edit-changed")?.hidden);
  ok(told, "the first planner's open form says the record changed meanwhile (and is not redrawn)", await P.page.locator("#main").textContent());
  ok((await P.page.getByLabel("personnel").inputValue()) === String(cbefore.personnel), "the first planner's form still holds the version it read");
  await P.page.getByLabel("units").fill(String(cbefore.units + 1));
  await P.page.getByRole("button", { name: "Save" }).click();
  const conflict = P.page.locator("#conflict");
  await conflict.waitFor({ state: "visible", timeout: WAIT }).catch(() => {});
  const ctext = (await conflict.textContent().catch(() => "")) || "";
  const prow = await P.page.locator('#conflict tr[data-field="personnel"]').textContent().catch(() => "");
  const urow = await P.page.locator('#conflict tr[data-field="units"]').textContent().catch(() => "");
  ok(ctext.includes("pla2") && ctext.includes("version 2"), "a stale save (412) shows the conflict: who changed it, the new version", ctext);
  ok(prow.includes(String(cbefore.personnel + 5)) && urow.includes(String(cbefore.units + 1)), "the conflict shows the other planner's personnel and my units side by side", prow, urow);
  await P.page.screenshot({ path: path.join(OUT, "edit-conflict.png") });
  ok(Number((await apiAs("pla", "GET", `/api/requirements/${cline.key}`)).json.record.units) === cbefore.units, "the stale save changed nothing");
  await P.page.getByRole("button", { name: "Redo my edit on the new version" }).click();
  ok((await P.page.getByLabel("personnel").inputValue()) === String(cbefore.personnel + 5) && (await P.page.getByLabel("units").inputValue()) === String(cbefore.units + 1), "Redo: the form has the other change and mine");
  await P.page.getByRole("button", { name: "Save" }).click();
  ok(await until(P.page, () => /Saved: version 3/.test(document.getElementById("form-saved")?.textContent || "")), "the redone edit saves as version 3", await P.page.locator("#edit-form").textContent());
  const cafter = (await apiAs("pla", "GET", `/api/requirements/${cline.key}`)).json.record;
  ok(cafter.units === cbefore.units + 1 && cafter.personnel === cbefore.personnel + 5, "both changes are in the record", cafter);

  // ---- a planner's phase form: a bad scope at its field, then a new ceiling
  await P.page.goto(BASE + "/#phases");
  await P.page.locator("#main[data-page=phases]").waitFor();
  await P.page.getByRole("link", { name: "Edit NMI:P3-full" }).click();
  await P.page.locator("#edit-form").waitFor();
  await P.page.getByLabel("scope").fill("bogus");
  await P.page.getByRole("button", { name: "Save" }).click();
  // the field's error element is there (hidden) from the start: wait for it to be shown
  await P.page.locator("#f-scope-error").waitFor({ state: "visible", timeout: WAIT }).catch(() => {});
  const scopeErr = await P.page.locator("#f-scope-error").textContent();
  ok(scopeErr.includes("expected all or in-host, got 'bogus'"), "a phase's bad scope: the server's message at the scope field", scopeErr);
  await P.page.getByLabel("scope").fill("in-host");
  await P.page.getByLabel("ceiling").fill("4500");
  await P.page.locator("#f-reason").fill("host nation offer of 2 December");
  await P.page.getByRole("button", { name: "Save" }).click();
  ok(await until(P.page, () => /Saved/.test(document.getElementById("form-saved")?.textContent || "")), "the planner saves the phase's ceiling 4500");
  const ph3 = (await apiAs("pla", "GET", "/api/phases/NMI:P3-full")).json.record;
  ok(ph3.ceiling === 4500 && ph3.scope === "in-host", "the API has ceiling 4500", ph3);
  const phHist = (await apiAs("pla", "GET", "/api/history?entity=phases&key=NMI:P3-full")).json.items.slice(-1)[0];
  ok(phHist.actor === "pla" && phHist.reason === "host nation offer of 2 December", "its history row names the planner and the reason typed in the form", phHist);
  await P.page.goto(BASE + "/#phases");
  await P.page.locator("#main[data-page=phases]").waitFor();
  ok(await P.page.locator("tbody tr", { hasText: "P3-full" }).first().textContent().then((t) => t.includes("4500")), "the phases table shows the new ceiling");

  // ---- a line's detail: who fills it when, what could
  const runsNow = (await apiAs("pla", "GET", "/api/runs")).json.items;
  const runNow = runsNow[runsNow.length - 1];
  const asgNow = (await apiAs("pla", "GET", `/api/runs/${runNow.id}/assignments`)).json.items;
  const dline = reqs.find((r) => asgNow.filter((a) => a.mission === "NMI" && a.line === r.record.line).length > 1) || reqs[0];
  await P.page.goto(BASE + "/#board");
  await P.page.locator("#main[data-page=board] .board").waitFor();
  await P.page.getByRole("link", { name: `line ${dline.record.line}: detail` }).focus();
  await P.page.keyboard.press("Enter");
  await P.page.locator("#main[data-page=line] #line-facts").waitFor();
  ok(await until(P.page, () => document.activeElement?.tagName === "H1" && document.activeElement.textContent.startsWith("Line ")), "Enter on a line's name opens its detail, the focus on its heading");
  const detailRows = await P.page.locator('[aria-label="Assignments to this line"] tbody tr').count();
  const wantRows = asgNow.filter((a) => a.mission === "NMI" && a.line === dline.record.line).length;
  ok(detailRows === wantRows, `the line's detail lists its ${wantRows} assignments of run ${runNow.id}`, detailRows);
  const capOffers = (await allAs("pla", "offers", `&capability=${dline.record.capability}`)).length;
  ok((await P.page.locator('[aria-label="Offers of this capability"] tbody tr').count()) === capOffers, `and the ${capOffers} offers of ${dline.record.capability}`);
  await P.page.screenshot({ path: path.join(OUT, "line-detail.png"), fullPage: true });
  await L.page.goto(BASE + `/#line/${dline.key}`);
  await L.page.locator("#main[data-page=line] #line-facts").waitFor();
  const lnations = await L.page.locator('[aria-label="Offers of this capability"] tbody tr td:nth-child(2)').allTextContents();
  ok(lnations.every((x) => x === "DEU"), "the liaison's line detail lists only DEU's offers", lnations.join(","));
  // every view the liaison opened, and its whole API traffic so far: no other nation's caveat
  {
    const seenIn = [];
    for (const view of [`line/${dline.key}`, "posture", "fairshare", "offers", "caveats", "history/offers/DEU-MED", "edit/offers/DEU-MED"]) {
      const name = view.split("/")[0];
      await L.page.goto(BASE + "/#" + view);
      await L.page.locator(`#main[data-page=${name}]`).waitFor({ timeout: WAIT });
      const page = await L.page.content();
      for (const k of foreign) if (page.includes(k)) seenIn.push(`${k} in #${view}`);
    }
    for (const k of foreign) if (L.seen.bodies.some((b) => b.includes(k))) seenIn.push(`${k} in the API traffic`);
    ok(seenIn.length === 0, `no other nation's caveat in any of the liaison's views or its API traffic (${L.seen.bodies.length} responses)`, seenIn.join(", "));
  }

  // ---- posture timeline, headroom, fair share
  await P.page.goto(BASE + "/#posture");
  await P.page.locator("#main[data-page=posture] #posture-chart").waitFor();
  const phasesNmi = await allAs("pla", "phases", "&mission=NMI");
  ok((await P.page.locator('[aria-label^="Headroom under the phases"] tbody tr').count()) === phasesNmi.length, `the ceiling headroom has one row per phase (${phasesNmi.length})`);
  const capsAll = await allAs("pla", "caps");
  ok((await P.page.locator('[aria-label^="Headroom under the nations"] tbody tr').count()) === capsAll.length, `the cap headroom has one row per cap (${capsAll.length})`);
  const check = await apiAs("pla", "GET", "/api/check");
  const ctext2 = await P.page.locator("#posture-check").textContent();
  if (check.status === 409) ok(ctext2.includes("No exact check") && ctext2.includes("stale"), "the latest run is stale: the posture page says the exact check cannot be made", ctext2);
  else ok(check.json.posture.ok ? ctext2.includes("no cap") : ctext2.includes(`${check.json.posture.count} breach`), "the posture page gives the exact check's verdict", ctext2);
  const mapDate = await P.page.locator("#map-date").inputValue();
  const byC = (await apiAs("pla", "GET", `/api/posture?on=${mapDate}&by=country&mission=NMI`)).json.rows.filter((r) => r.personnel > 0);
  const shaded = await P.page.locator("#posture-map path.c-land:not(.s0)").evaluateAll((ps) => ps.map((p) => p.dataset.code).sort());
  ok(byC.length > 0 && JSON.stringify(shaded) === JSON.stringify(byC.map((r) => r.group).sort()), `the map on ${mapDate} shades the countries with people (${byC.map((r) => r.group).join(",")})`, shaded.join(","));
  await P.page.screenshot({ path: path.join(OUT, "posture.png"), fullPage: true });
  await P.page.locator("#map-date").fill("2019-06-01");
  await P.page.locator("#map-date").dispatchEvent("change");
  const byC2 = (await apiAs("pla", "GET", "/api/posture?on=2019-06-01&by=country&mission=NMI")).json.rows.filter((r) => r.personnel > 0).map((r) => r.group).sort();
  const moved = await until(P.page, (want) => JSON.stringify([...document.querySelectorAll("#posture-map path.c-land:not(.s0)")].map((p) => p.dataset.code).sort()) === want && document.querySelector("#posture-map title").textContent.includes("2019-06-01"), JSON.stringify(byC2));
  ok(moved, `another day (2019-06-01) redraws the map (${byC2.join(",") || "nobody"})`);
  await P.page.goto(BASE + "/#fairshare");
  await P.page.locator("#main[data-page=fairshare] #fairshare-chart").waitFor();
  const fsApi = (await apiAs("pla", "GET", "/api/fairshare?mission=NMI")).json;
  ok((await P.page.locator("#fairshare-chart g.c-row").count()) === fsApi.rows.length && fsApi.rows.length > 0, `the fair-share chart has a bar pair per nation (${fsApi.rows.length})`);
  const usa = fsApi.rows.find((r) => r.nation === "USA");
  const usaRow = await P.page.locator('[aria-label="Fair share per nation"] tbody tr', { hasText: "USA" }).first().textContent();
  ok(usaRow.includes(`${Math.round(usa.share * 10) / 10}%`) && usaRow.includes(String(usa.fair)), "the fair-share table's USA row matches the API", usaRow);
  const fsSummary = await P.page.locator("#fairshare-summary").textContent();
  ok(fsSummary.startsWith(`Shares by ${fsApi.key} (${fsApi.method}, offering nations) of ${fsApi.total.toLocaleString("en-GB")} people;`), "in English the fair share's summary names the method by its code and the offering nations", fsSummary);
  await P.page.screenshot({ path: path.join(OUT, "fairshare.png"), fullPage: true });

  // ---- print view of the board
  await P.page.goto(BASE + "/#board");
  await P.page.locator("#main[data-page=board] .board").waitFor();
  await P.page.emulateMedia({ media: "print" });
  ok(!(await P.page.locator("header.top").isVisible()) && !(await P.page.locator("#as-of").isVisible()), "the print view leaves out the header and the controls");
  await P.page.screenshot({ path: path.join(OUT, "board-print.png"), fullPage: true });
  await P.page.emulateMedia({ media: "screen" });

  // ---- a viewer: aggregates only
  const V = await openAs("vera");
  ok((await V.page.locator(".board > li.line").count()) === reqs.length, "the viewer's board has every line");
  await V.page.getByRole("link", { name: "Offers" }).click();
  await V.page.locator("#main[data-page=offers] #viewer-note").waitFor();
  await V.page.getByRole("link", { name: "Fair share" }).click();
  await V.page.locator("#main[data-page=fairshare] #fairshare-hidden").waitFor();
  await V.page.getByRole("link", { name: "Posture" }).click();
  await V.page.locator("#main[data-page=posture] #posture-chart").waitFor();
  await V.page.screenshot({ path: path.join(OUT, "posture-viewer.png"), fullPage: true });
  await V.page.goto(BASE + `/#line/${dline.key}`);
  await V.page.locator("#main[data-page=line] #line-facts").waitFor();
  const vWho = await V.page.locator('[aria-label="Assignments to this line"] tbody td:first-child').allTextContents();
  ok(vWho.length > 0 && vWho.every((x) => x.startsWith("other nations")), "the viewer's line detail has totals only, no nation", vWho.join(","));
  const offerIds = (await allAs("pla", "offers")).map((o) => o.key);
  const cavIdsAll = allCaveats.map((c) => c.key);
  const vhtml = await V.page.content();
  const vleak = [...offerIds, ...cavIdsAll].filter((k) => vhtml.includes(k) || V.seen.bodies.some((b) => b.includes(`"${k}"`)));
  ok(vleak.length === 0, "no offer or caveat id in the viewer's page or its API traffic", vleak.join(","));

  // the event streams: the liaison got no other nation's caveat, the viewer no offer or caveat
  streamDeu.stop();
  streamVera.stop();
  const deuLeak = foreign.filter((k) => streamDeu.text.includes(`"${k}"`));
  ok(streamDeu.text.includes("event: record") && deuLeak.length === 0, "the liaison's event stream has record events and no other nation's caveat", deuLeak.join(","));
  const veraLeak = [...offerIds, ...cavIdsAll].filter((k) => streamVera.text.includes(`"${k}"`));
  ok(streamVera.text.includes("event: record") && veraLeak.length === 0, "the viewer's event stream has record events (of requirements) and no offer or caveat", veraLeak.join(","));

  // ---- a run stored reaches every role through the event stream
  {
    await V.page.getByRole("link", { name: "Board" }).click();
    await V.page.locator("#main[data-page=board] .board").waitFor();
    await L.page.goto(BASE + "/#board");
    await L.page.locator("#main[data-page=board] .board").waitFor();
    const ls = await streamAs("vera");
    await new Promise((r) => setTimeout(r, 300)); // the stream is open
    const t = Date.now();
    muster(["source"]); // the CLI, not this server
    const latest = (await apiAs("pla", "GET", "/api/runs")).json.items.slice(-1)[0].id;
    const arrived = await until(V.page, (id) => (document.getElementById("run-summary")?.textContent || "").includes(`Run ${id}`), latest);
    console.log(`# a run stored by the CLI reached the viewer's board ${Date.now() - t} ms after the CLI began`);
    ok(arrived, `the viewer's open board moves to run ${latest}, stored by the CLI, without reloading`);
    const lFollow = await until(L.page, (id) => (document.getElementById("run-summary")?.textContent || "").includes(`Run ${id}`), latest);
    await new Promise((r) => setTimeout(r, 600));
    ls.stop();
    ok(new RegExp(`event: run\\ndata: \\{"id":${latest},`).test(ls.text), `the viewer's stream has a 'run' event for run ${latest} (${Date.now() - t} ms after the CLI began)`, ls.text.slice(-400));
    ok(lFollow, "the liaison's page follows too");
  }

  // ---- cold load: a new browser context with a session, to the filled board
  {
    await apiAs("pla", "GET", "/api/session");
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await ctx.addInitScript((t) => sessionStorage.setItem("muster.token", t), tokens.pla);
    const page = await ctx.newPage();
    const t = Date.now();
    await page.goto(BASE + "/");
    await page.locator("#main[data-page=board] .board > li.line").first().waitFor();
    const coldMs = Date.now() - t;
    // the page's own clock: from the start of the navigation to the board on screen
    const inPage = Math.round(await page.evaluate(() => Number(document.getElementById("main").dataset.updated) - performance.timeOrigin));
    console.log(`# cold load (new context, no cache) to the interactive board: ${coldMs} ms (in the page, navigation start to the board drawn: ${inPage} ms)`);
    const coldLines = await page.locator(".board > li.line").count();
    ok(coldLines === reqs.length, `a cold load shows the whole board (${coldMs} ms; goal < 1 s)`, coldLines);
    await ctx.close();
  }
  for (const [who, s2] of [["second planner", P2.seen], ["viewer", V.seen]])
    ok(s2.errors.length === 0, `no console error or CSP violation (${who})`, s2.errors.join("\n"));
  await V.ctx.close();
  await P2.ctx.close();

  // a phone's width
  const M = await openAs("can", { width: 390, height: 844 });
  const overflow = await M.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  ok(overflow <= 0, `at 390 px wide the board does not scroll sideways (${overflow} px over)`);
  await M.page.screenshot({ path: path.join(OUT, "board-phone.png") });
  for (const view of ["posture", "fairshare", "edit/offers/CAN-TRG"]) {
    await M.page.goto(BASE + `/#${view}`);
    await M.page.locator(`#main[data-page=${view.split("/")[0]}]`).waitFor();
    await M.page.waitForTimeout(200);
    const over = await M.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    ok(over <= 0, `at 390 px wide #${view} does not scroll sideways (${over} px over)`);
    await M.page.screenshot({ path: path.join(OUT, `phone-${view.split("/")[0]}.png`), fullPage: true });
  }

  for (const [who, s] of [["planner", P.seen], ["liaison", L.seen], ["phone", M.seen]])
    ok(s.errors.length === 0, `no console error or CSP violation (${who})`, s.errors.join("\n"));
  await M.ctx.close();
  await L.ctx.close();
  await P.ctx.close();
  // ---- French: a browser whose language is French gets the page in French
  {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "fr-FR" });
    const page = await ctx.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(BASE + "/");
    await page.getByLabel("Utilisateur").fill("pla");
    await page.getByLabel("Mot de passe").fill(USERS.pla[2]);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.locator("#main[data-page=board]").waitFor();
    ok((await page.evaluate(() => document.documentElement.lang)) === "fr", "a French browser gets <html lang=fr>");
    // the text of the header and #main without the server's own (English)
    // words, which the French page shows beneath its sentences (.server-detail)
    const mainText = (p = page) =>
      p.evaluate(() => {
        const ds = [...document.querySelectorAll(".server-detail")];
        for (const d of ds) d.style.display = "none";
        const text = document.querySelector("header").innerText + "\n" + document.getElementById("main").innerText;
        for (const d of ds) d.style.display = "";
        return text;
      });
    const englishIn = (text, words) => words.filter((w) => new RegExp(`(^|[^\\p{L}])${w.replace(/[()]/g, "\\$&")}($|[^\\p{L}])`, "u").test(text));
    const SD = "Détail du serveur\u00a0: ";
    // English labels that must not be left on a French view (codes, dates and numbers may stay)
    const english = ["Sign out", "Print", "Board", "Fair share", "Requirements", "Offers", "Caveats", "fill by line",
      "Statement of requirements", "People per unit", "Capability", "Priority", "no gap", "filled", "person-days", "Edit", "Run sourcing", "Time"];
    const french = { board: ["Tableau de bord", "Se déconnecter", "taux de couverture par ligne", "jours-personne"],
      requirements: ["état des besoins", "Capacité", "Effectifs par unité", "Priorité"], phases: ["Plafond", "Statut", "approuvée", "demandée"], fairshare: ["Part équitable par nation", "jours-personne affectés", "méthode de Hamilton, nations contributrices"],
      offers: ["Offres", "Délai de disponibilité", "offerte"], caveats: ["Restrictions nationales", "Impérative", "pays autorisés seulement", "missions autorisées seulement", "durée maximale (jours)", "oui", "non"] };
    // the API's codes (statuses, kinds, yes/no) shown in French keep the code in the cell's title
    const codeCells = { phases: ["approved", "requested"], offers: ["offered"], caveats: ["only-countries", "max-days", "true", "false"] };
    for (const view of Object.keys(french)) {
      await page.goto(BASE + `/#${view}`);
      await page.locator(`#main[data-page=${view}]`).waitFor();
      const text = await mainText();
      const missing = french[view].filter((w) => !text.includes(w));
      ok(missing.length === 0, `#${view} in French shows its French labels`, missing);
      const left = english.filter((w) => new RegExp(`\\b${w}\\b`).test(text));
      ok(left.length === 0, `#${view} in French has no English label left`, left);
      for (const code of codeCells[view] || []) {
        const cell = page.locator(`td[data-code="${code}"]`).first();
        const got = (await cell.count()) ? [await cell.getAttribute("title"), await cell.textContent()] : null;
        ok(got && got[0] === code && got[1] !== code, `#${view} in French: a cell of code '${code}' shows its label (${got && got[1]}), the code in its title`, got);
      }
      if (view === "fairshare") {
        // numbers for people in the French way: the burden 0,45 and the share 52,6 %
        const fsFr = (await apiAs("pla", "GET", "/api/fairshare?mission=NMI")).json.rows.find((r) => r.nation === "USA");
        const cells = await page.locator('[aria-label="Part équitable par nation"] tbody tr', { hasText: "USA" }).first().locator("td").allTextContents();
        const f2 = new Intl.NumberFormat("fr-FR", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Math.round(fsFr.burden * 100) / 100);
        const f1 = `${new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 }).format(Math.round(fsFr.share * 10) / 10)}\u00a0%`;
        ok(cells[6] === f2 && cells[1] === f1 && /,/.test(f2), `the French fair-share table writes USA's burden ${f2} and share ${f1}`, cells);
        const axis = await page.locator("#fairshare-chart text.c-axis").allTextContents();
        ok(axis.includes("0\u00a0%"), "the fair-share chart's axis reads '0 %' (no-break space)", axis);
      }
      if (view === "board") {
        // a gap: the reason's French label, the server's reason and detail beneath it
        const runsB = (await apiAs("pla", "GET", "/api/runs")).json.items.filter((r) => !r.whatif);
        const gapsB = (await apiAs("pla", "GET", `/api/runs/${runsB[runsB.length - 1].id}/gaps`)).json.items;
        const gb = gapsB.find((g) => g.mission === "NMI" && g.detail);
        const li = page.locator(`li.line[data-line="NMI:${gb.line}"] .gaps li[data-reason="${gb.reason}"]`).first();
        const gtext = (await li.evaluate((el) => el.firstChild.textContent).catch(() => "")) || "";
        const gdetail = (await li.locator(".server-detail").textContent().catch(() => "")) || "";
        const label = await page.evaluate(async (r) => (await import("/web/i18n.js")).FR[r], gb.reason);
        ok(label && gtext.endsWith(`\u00a0: ${label}`) && gdetail === `${SD}${gb.reason}: ${gb.detail}`, `a gap of ${gb.line} says its reason in French (${label}), the server's '${gb.reason}: …' beneath`, gtext, gdetail);
      }
      await page.screenshot({ path: path.join(OUT, `fr-${view}.png`), fullPage: true });
    }
    // an offer form with a validation error, in French
    await page.goto(BASE + "/#edit/offers/DEU-MED");
    await page.locator("#edit-form").waitFor();
    await page.getByLabel("units").fill("0");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.locator("#form-error").waitFor({ state: "visible", timeout: WAIT }).catch(() => {});
    const frErr = (await page.locator("#form-error").textContent().catch(() => "")) || "";
    ok(frErr.startsWith("Non enregistré (400)\u00a0: Le serveur a refusé la valeur du champ «\u00a0units\u00a0»."), "the offer form's validation error is told in French, naming the field by its code", frErr);
    // the server's own words, beneath: the same problem document as the API's
    const p400 = await apiAs("pla", "PATCH", "/api/offers/DEU-MED", { units: 0 }, { "If-Match": (await apiAs("pla", "GET", "/api/offers/DEU-MED")).etag });
    const frFormDetail = (await page.locator("#form-error > .server-detail").textContent().catch(() => "")) || "";
    ok(p400.status === 400 && frFormDetail === `${SD}${p400.json.detail}`, "beneath it, the server's detail: 'Détail du serveur : …'", frFormDetail, p400.json);
    const frField = (await page.locator("#f-units-error").innerText().catch(() => "")) || "";
    ok(frField === `Le serveur a refusé la valeur du champ «\u00a0units\u00a0».\n${SD}${p400.json.errors[0].message}`, "the units field's error: the French sentence, the server's message beneath", frField);
    const formText = await mainText();
    ok((await page.locator("#edit-title").textContent()) === "Modifier «\u00a0DEU-MED\u00a0» (offres)", "the French form's heading names the entity in French", await page.locator("#edit-title").textContent());
    const frLabels = await page.locator("#edit-form .field label").allTextContents();
    ok(frLabels.includes("Identifiant (id, clé)") && frLabels.includes("Unités (units)") && frLabels.includes("Effectifs par unité (personnel)") && frLabels.includes("Réserve de relève (pool)"),
      "the French form names each field in French with its code (the one the server's messages name)", frLabels);
    const formLeft = ["Save", "Not saved", "Reason (kept in the history)", "Edit offers", "editing version", "Back to the list", "History of this record", "comma-separated"].filter((w) => formText.includes(w));
    ok(formLeft.length === 0, "the French offer form has no English label left", formLeft);
    await page.screenshot({ path: path.join(OUT, "fr-offer-form.png"), fullPage: true });
    // a record's history, in French
    await page.goto(BASE + "/#history/offers/DEU-MED");
    await page.locator("#main[data-page=history]").waitFor();
    const histText = await page.evaluate(() => document.getElementById("main").innerText);
    ok(histText.startsWith("Historique de «\u00a0DEU-MED\u00a0» (offres)") && /\(révision \d+\)/.test(histText), "a record's history is in French, the entity named in French", histText.slice(0, 300));
    const histLeft = ["History of", " by ", "(revision", "Field", "Before", "After"].filter((w) => histText.includes(w));
    ok(histLeft.length === 0, "the French history has no English label left", histLeft);
    await page.screenshot({ path: path.join(OUT, "fr-history.png"), fullPage: true });
    ok(/modification par deu/.test(histText), "the history's operation is in French (update: modification)", histText.slice(0, 300));
    // a yes/no field's change reads oui/non, a list's 'a, b'
    const fra = await apiAs("pla", "GET", "/api/caveats/FRA-NOT-KWT");
    const fraP = await apiAs("pla", "PATCH", "/api/caveats/FRA-NOT-KWT", { hard: true, value: ["KWT", "SYR"] }, { "If-Match": fra.etag });
    await page.goto(BASE + "/#history/caveats/FRA-NOT-KWT");
    await page.locator("#history-list").waitFor();
    const hardRow = await page.locator("#history-list > li").first().locator("tbody tr", { hasText: "(hard)" }).innerText().catch(() => "");
    const valueRow = await page.locator("#history-list > li").first().locator("tbody tr", { hasText: "(value)" }).innerText().catch(() => "");
    ok(fraP.status === 200 && hardRow === "Impérative (hard)\tnon\toui" && valueRow === "Valeur (value)\tKWT\tKWT;SYR", "a caveat's history in French: hard non → oui (the audit row's no/yes), value KWT → KWT;SYR as stored", [hardRow, valueRow], fraP);
    ok((await mainText()).includes("pla (planificateur)"), "the header names the role in French (planificateur)");

    // a 403: a liaison's French page may read a line but not change it
    {
      const lctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "fr-FR" });
      const lp = await lctx.newPage();
      lp.on("pageerror", (e) => errors.push(String(e)));
      await lp.goto(BASE + "/");
      await lp.getByLabel("Utilisateur").fill("deu");
      await lp.getByLabel("Mot de passe").fill(USERS.deu[2]);
      await lp.getByRole("button", { name: "Se connecter" }).click();
      await lp.locator("#main[data-page=board]").waitFor();
      const lkey = reqs[3].key;
      await lp.goto(BASE + `/#edit/requirements/${lkey}`);
      await lp.locator("#edit-form").waitFor();
      await lp.getByLabel("priority").fill("1");
      await lp.getByRole("button", { name: "Enregistrer" }).click();
      await lp.locator("#form-error").waitFor({ state: "visible", timeout: WAIT }).catch(() => {});
      const p403 = await apiAs("deu", "PATCH", `/api/requirements/${lkey}`, { priority: 1 }, { "If-Match": '"1"' });
      const f403 = (await lp.locator("#form-error").innerText().catch(() => "")) || "";
      ok(p403.status === 403 && f403 === `Non enregistré (403)\u00a0: Votre rôle ne permet pas cette action.\n${SD}${p403.json.detail}`,
        "a 403 on the French page: 'Non enregistré (403) : Votre rôle ne permet pas cette action.', the server's detail beneath", f403, p403.json);
      const left403 = englishIn(await mainText(lp), ["Not saved", "Your role", "may not", "Save", "Server detail"]);
      ok(left403.length === 0, "the French 403 has no English outside the server's detail", left403);
      await lp.screenshot({ path: path.join(OUT, "fr-403.png"), fullPage: true });
      await lctx.close();
    }

    // a 412 on edit: another planner saves the line while this form is open
    const fkey = reqs[2].key;
    await page.goto(BASE + `/#edit/requirements/${fkey}`);
    await page.locator("#edit-form").waitFor();
    const fcur = await apiAs("pla2", "GET", `/api/requirements/${fkey}`);
    const fpatch = await apiAs("pla2", "PATCH", `/api/requirements/${fkey}`, { priority: Number(fcur.json.record.priority) + 1 }, { "If-Match": fcur.etag });
    ok(fpatch.status === 200, `another planner raises ${fkey}'s priority through the API`, fpatch);
    const noted = await until(page, () => !document.getElementById("edit-changed")?.hidden);
    const noteText = (await page.locator("#edit-changed").textContent().catch(() => "")) || "";
    ok(noted && /^pla2 a modifié cet enregistrement \(version \d+ désormais\)\u00a0: /.test(noteText), "the open form says in French that the record changed meanwhile", noteText);
    const said = (await page.locator("#status").textContent()) || "";
    ok(said === `pla2 a modifié «\u00a0${fkey}\u00a0» (état des besoins)`, "the live region says in French who changed which record, the entity named in French", said);
    await page.getByLabel("units").fill(String(Number(fcur.json.record.units) + 1));
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.locator("#conflict").waitFor({ state: "visible", timeout: WAIT }).catch(() => {});
    const conflictText = await page.evaluate(() => document.getElementById("conflict").innerText);
    const frConflict = ["Quelqu'un d'autre a modifié cet enregistrement", `Vous avez modifié la version ${fcur.etag.replace(/"/g, "")}\u00a0;`, "par pla2 le", "Rien de votre modification n'a été enregistré",
      "Votre modification et l'autre", "Champ", "La vôtre", "Maintenant (version", "Refaire ma modification sur la nouvelle version", "Abandonner la mienne, garder l'autre"].filter((w) => !conflictText.includes(w));
    ok(frConflict.length === 0, "the conflict panel (412) is in French", frConflict, conflictText);
    const enConflict = englishIn(conflictText, ["Someone else", "You edited", "Nothing of yours", "Your edit", "Field", "Yours", "Now", "Redo", "Discard", "by"]);
    ok(enConflict.length === 0, "the conflict panel has no English label left", enConflict);
    await page.screenshot({ path: path.join(OUT, "fr-conflict.png"), fullPage: true });
    await page.getByRole("button", { name: "Abandonner la mienne, garder l'autre" }).click();
    const shownText = (await page.locator("#form-saved").textContent()) || "";
    ok(/^Affichage de la version \d+\.$/.test(shownText), "discarding mine says in French which version is shown", shownText);

    // the posture on a stale run: its notices in French
    await page.goto(BASE + "/#posture");
    await page.locator("#main[data-page=posture] #posture-chart").waitFor();
    await page.locator("#posture-check").waitFor();
    const postText = await mainText();
    const frPost = ["Mission NMI\u00a0: posture", "relevés le 1er de chaque mois", "Surface\u00a0: personnel", "Où elles sont", "Personnel par pays", "Marge sous les plafonds de phase",
      "Marge sous les plafonds nationaux", "Pic relevé", "Pas de vérification exacte des plafonds et des échéances\u00a0: le dernier calcul est périmé", "est périmé\u00a0: il a été fait sur une autre révision"].filter((w) => !postText.includes(w));
    ok(frPost.length === 0, "#posture in French shows its notices and headings in French (the stale run said so)", frPost);
    const enPost = englishIn(postText, ["sampled", "deployments", "Filled", "Solid line", "Headroom", "Exact check", "No exact check", "stale", "open end", "no sample", "unknown", "Personnel per country", "darker", "On", "Period", "Limit", "to"]);
    ok(enPost.length === 0, "#posture in French has no English label left", enPost);
    await page.screenshot({ path: path.join(OUT, "fr-posture.png"), fullPage: true });

    // the board's stale notice, then the job's progress from the French page
    await page.goto(BASE + "/#board");
    await page.locator("#main[data-page=board] #stale").waitFor();
    const staleFr = await page.locator("#stale").evaluate((el) => [...el.childNodes].filter((c) => !c.classList?.contains("server-detail")).map((c) => c.textContent).join(""));
    ok(/^Le calcul \d+ est périmé\u00a0: il a été fait sur une autre révision du scénario \(\d+ d'écart\)\. Relancez le calcul d'affectation\.$/.test(staleFr), "the board's stale notice is in French, a sentence (capital first)", staleFr);
    const staleRuns = (await apiAs("pla", "GET", "/api/runs")).json.items.filter((r) => !r.whatif);
    const staleSd = (await page.locator("#stale .server-detail").textContent().catch(() => "")) || "";
    const staleRun = staleRuns[staleRuns.length - 1];
    ok(staleRun.stale && staleSd === `${SD}${staleRun.stale_text}`, "beneath it, the server's stale_text as 'Détail du serveur : …'", staleSd, staleRun);
    await page.evaluate(() => {
      window.__jobTexts = [];
      const el = document.getElementById("job-text");
      new MutationObserver(() => window.__jobTexts.push(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await page.getByRole("button", { name: "Lancer le calcul d'affectation" }).click();
    const frDone = await until(page, () => /^calcul \d+ terminé$/.test(document.getElementById("job-text")?.textContent || ""), null, 60000);
    const jobTexts = await page.evaluate(() => window.__jobTexts);
    ok(frDone, "the job's progress ends in French: 'calcul N terminé'", jobTexts);
    const enJob = jobTexts.filter((x) => /\b(queued|running|done|failed|cancelled|sourcing|storing)\b/.test(x));
    ok(jobTexts.length > 0 && enJob.length === 0, `every step of the job's progress shown was French (${jobTexts.length} steps: ${[...new Set(jobTexts)].join(" | ")})`, enJob);
    ok(jobTexts.some((x) => /^en (attente|cours)\b/.test(x)), "the job's state (queued or running) was shown in French before its end", jobTexts);
    ok(await until(page, () => !document.getElementById("stale") && /^Calcul \d+/.test(document.getElementById("run-summary")?.textContent || "")), "then the board shows the new run in French, not stale");
    await page.screenshot({ path: path.join(OUT, "fr-board-after-run.png"), fullPage: false });

    // the posture on a fresh run of the whole scenario (the one /api/check
    // checks; the CLI's): the exact check's breaches in French, the server's detail beneath
    {
      muster(["source"]);
      const chk = await apiAs("pla", "GET", "/api/check");
      await page.goto(BASE + "/#posture");
      await page.locator("#main[data-page=posture] #posture-check").waitFor();
      const rows = chk.status === 200 ? chk.json.posture.rows : [];
      const lis = await page.locator("#posture-breaches > li").evaluateAll((els) => els.map((el) => [el.title, el.firstChild.textContent, el.querySelector(".server-detail")?.textContent]));
      const label = { "posture-cap": "plafond national dépassé", "posture-deadline": "échéance dépassée", "posture-ceiling": "plafond de phase dépassé" };
      const frSubject = (s) => s.replace(/^(\S+) in (\S+)$/, "$1 en $2").replace(/^(\S+) phase (\S+)$/, "$1, phase $2");
      const want = rows.map((b) => [b.check, `${label[b.check]}\u00a0: ${frSubject(b.subject)}, du ${b.from} au ${b.to}`, `${SD}${b.subject}: ${b.detail}`]);
      ok(rows.length > 0 && JSON.stringify(lis) === JSON.stringify(want), `the exact check's ${rows.length} breach(es) in French, each with its code in the title and the server's detail beneath`, lis, want, chk);
      await page.screenshot({ path: path.join(OUT, "fr-posture-breaches.png"), fullPage: true });
    }

    // a line's detail with gaps, in French
    const frRuns = (await apiAs("pla", "GET", "/api/runs")).json.items;
    const frGaps = (await apiAs("pla", "GET", `/api/runs/${frRuns[frRuns.length - 1].id}/gaps`)).json.items.filter((g) => g.mission === "NMI");
    const gkey = frGaps.length ? `NMI:${frGaps[0].line}` : dline.key;
    await page.goto(BASE + `/#line/${gkey}`);
    await page.locator("#main[data-page=line] #line-facts").waitFor();
    const lineText = await mainText();
    const frLine = [`Ligne ${gkey}`, "Capacité", "Besoin", "personnes", "Période", "du ", "Délai de disponibilité minimal", "Tâches", "Historique de cette ligne", "Modifier cette ligne",
      "Qui la pourvoit, et quand (calcul", "Affectations à cette ligne", "Qui le pourrait\u00a0: offres de", "Offres de cette capacité", "Convient à la ligne", ...(frGaps.length ? ["Lacunes", "manquantes"] : [])].filter((w) => !lineText.includes(w));
    ok(frLine.length === 0, `the line detail (${gkey}) is in French`, frLine);
    const enLine = englishIn(lineText, ["Required", "Period", "Minimum readiness", "Tasks", "History of this line", "Edit this line", "Who fills", "What could", "Assignments", "Gaps", "missing", "people",
      "other nations", "totals", "yes, on its face", "ends before", "starts after", "units too small", "withdrawn", "offered to", "none stated", "any", "to"]);
    ok(enLine.length === 0, "the line detail has no English label left", enLine);
    if (frGaps.length) ok(/manquantes du \d{4}-\d\d-\d\d au /.test((await page.locator("#line-gaps").textContent()) || ""), "a gap of the line reads 'N personnes manquantes du … au …'", await page.locator("#line-gaps").textContent());
    await page.screenshot({ path: path.join(OUT, "fr-line-detail.png"), fullPage: true });
    // a job that fails: the page's French sentence for its problem, the
    // server's detail beneath. No real job fails on demand, so the browser
    // is given the server's answers for one (a 202 job, then its failure
    // with a 503 problem, as jobs.c builds them); the page's code is real.
    {
      await page.goto(BASE + "/#board");
      await page.locator("#main[data-page=board] #run-sourcing").waitFor();
      const jid = 990001;
      const busy = "the database is busy (another process holds its lock); try again";
      const job = (st, error, what = null, done = 0, total = 0) => ({ id: jid, url: `/api/jobs/${jid}`, state: st, created: "2026-12-04T00:00:00Z", finished: error ? "2026-12-04T00:00:01Z" : null, progress: { what, done, total }, options: {}, run: null, error });
      // the steps as the library reports them: the exact solver's, one this page does not know, then the failure
      const steps = [job("running", null, "exact: best 3.37225e+07, bound 3.38175e+07, nodes", 120, 0), job("running", null, "sourcing: a step of a later version", 3, 7),
        job("failed", { type: "about:blank", status: 503, title: "Service Unavailable", detail: busy }, "storing", 1, 2)];
      let polled = 0;
      await page.route("**/api/runs", (r) => (r.request().method() === "POST" ? r.fulfill({ status: 202, contentType: "application/json", body: JSON.stringify(job("queued", null)) }) : r.fallback()));
      await page.route(`**/api/jobs/${jid}`, (r) => r.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(steps[Math.min(polled++, steps.length - 1)]) }));
      await page.evaluate(() => {
        window.__jobTexts = [];
        const el = document.getElementById("job-text");
        new MutationObserver(() => window.__jobTexts.push(el.innerText)).observe(el, { childList: true, characterData: true, subtree: true });
      });
      await page.getByRole("button", { name: "Lancer le calcul d'affectation" }).click();
      const failedShown = await until(page, () => /^échec/.test(document.getElementById("job-text")?.textContent || ""));
      const jobFail = (await page.locator("#job-text").innerText().catch(() => "")) || "";
      ok(failedShown && jobFail === `échec\u00a0: Le serveur est occupé ou un service n'est pas disponible\u00a0: réessayez plus tard.\n${SD}${busy}`, "a failed job (503) is told in French, the server's detail beneath", jobFail);
      ok(!(await page.locator("#cancel-sourcing").isVisible()) && (await page.locator("#run-sourcing").isEnabled()), "after the failure the run button is back, no cancel button");
      const mockTexts = [...new Set(await page.evaluate(() => window.__jobTexts))];
      const wantSteps = ["en attente", "en cours\u00a0: solveur exact\u00a0: meilleure valeur 3.37225e+07, borne 3.38175e+07, nœuds 120", "en cours\u00a0: étape «\u00a0sourcing: a step of a later version\u00a0» (termes du serveur) 3/7"];
      ok(wantSteps.every((w) => mockTexts.includes(w)), "the job's steps in French: queued, the exact solver's progress, an unknown step quoted as the server's", mockTexts);
      await page.screenshot({ path: path.join(OUT, "fr-job-failed.png") });
      // then a job cancelled (by another client, say): its state in French
      steps.splice(0, steps.length, { ...job("cancelled", null, "sourcing (fast)", 4, 10), finished: "2026-12-04T00:00:02Z" });
      polled = 0;
      await page.getByRole("button", { name: "Lancer le calcul d'affectation" }).click();
      const cancelShown = await until(page, () => (document.getElementById("job-text")?.textContent || "").startsWith("annulé"));
      const cancelText = (await page.locator("#job-text").textContent().catch(() => "")) || "";
      ok(cancelShown && cancelText === "annulé\u00a0; rien n'a été enregistré", "a cancelled job is told in French: 'annulé ; rien n'a été enregistré'", cancelText);
      await page.unroute("**/api/runs");
      await page.unroute(`**/api/jobs/${jid}`);
      // no answer at all (the connection fails): no status to say, the browser's words beneath
      await page.route("**/api/fairshare*", (r) => r.abort("connectionrefused"));
      await page.goto(BASE + "/#fairshare");
      await page.locator("#main[data-page=fairshare] .error").waitFor();
      const netErr = await page.locator("#main .error").innerText();
      ok(/^Erreur L'opération a échoué\.\nDétail\u00a0: \S/.test(netErr), "a request that gets no answer: 'Erreur L'opération a échoué.' and the browser's words beneath", netErr);
      await page.unroute("**/api/fairshare*");
      await page.goto(BASE + `/#line/${gkey}`);
      await page.locator("#main[data-page=line] #line-facts").waitFor();
    }
    // a 404 the page reads: its own French sentence, not the API's English
    const e404 = await page.evaluate(async () => (await import("/web/i18n.js")).problemText({ status: 404, message: "not found" }));
    ok(e404 === "Introuvable.", "a 404 is told in French by the page", e404);
    // the other statuses the page may meet: its French sentence, the server's detail beneath
    const probs = await page.evaluate(async () => {
      const m = await import("/web/i18n.js");
      const e = (status, detail, errors) => ({ status, message: detail, problem: { type: "about:blank", status, detail, errors } });
      return [
        [m.problemText(e(429, "too many failed logins; try again in 30 s")), m.serverDetail(e(429, "too many failed logins; try again in 30 s"))],
        [m.problemText(e(413, "the request body is larger than 1048576 bytes")), m.serverDetail(e(413, "the request body is larger than 1048576 bytes"))],
        [m.problemText(e(400, "query parameter 'every': expected day, week or month")), ""],
        [m.problemText(e(400, "offers: 2 bad values", [{ column: "units" }, { column: "from" }])), ""],
        [m.problemText(e(503, "the event stream is not available")), ""],
        [m.problemText(e(418, "teapot")), ""],
      ];
    });
    const wantProbs = [
      ["Trop de requêtes\u00a0: patientez un instant puis réessayez.", `${SD}too many failed logins; try again in 30 s`],
      ["Le fichier envoyé est trop volumineux.", `${SD}the request body is larger than 1048576 bytes`],
      ["Le serveur a refusé la valeur du champ «\u00a0every\u00a0».", ""],
      ["Le serveur a refusé 2 valeurs (units, from).", ""],
      ["Le serveur est occupé ou un service n'est pas disponible\u00a0: réessayez plus tard.", ""],
      ["Le serveur a répondu par une erreur (HTTP 418).", ""],
    ];
    ok(JSON.stringify(probs) === JSON.stringify(wantProbs), "429, 413, a 400 naming a field or two, 503 and an unknown status: the page's French sentence (and the server's detail)", probs);
    await page.getByRole("button", { name: "EN", exact: true }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    ok((await page.evaluate(() => document.documentElement.lang)) === "en", "the EN switch gives the page in English");
    await page.reload();
    await page.locator("#main[data-page=line]").waitFor();
    const after = await page.evaluate(() => document.querySelector("header").innerText + document.getElementById("main").innerText);
    ok(/Sign out/.test(after) && /Offers/.test(after) && !/Se déconnecter/.test(after), "the English choice persists across a reload (localStorage)");
    ok(errors.length === 0, "no page error in the French pass", errors.join("\n"));
    await ctx.close();
  }
  // ---- French: the login form after too many failed logins (a real 429 of the server)
  {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "fr-FR" });
    const page = await ctx.newPage();
    await page.goto(BASE + "/");
    const tries = [];
    for (let i = 0; i < 6; i++) {
      await page.getByLabel("Utilisateur").fill("intrus");
      await page.getByLabel("Mot de passe").fill(`guess-${i}`);
      await page.getByRole("button", { name: "Se connecter" }).click();
      await until(page, (k) => !document.getElementById("login-error").hidden && document.getElementById("login-error").dataset.k !== k, String(i));
      tries.push(await page.locator("#login-error").innerText());
      await page.evaluate((k) => (document.getElementById("login-error").dataset.k = k), String(i));
    }
    ok(tries[0] === "Nom d'utilisateur ou mot de passe incorrect.", "a wrong password on the French login form: 'Nom d'utilisateur ou mot de passe incorrect.'", tries[0]);
    ok(/^Trop de requêtes\u00a0: patientez un instant puis réessayez\.\nDétail du serveur\u00a0: too many failed logins; try again in \d+ s$/.test(tries[5]), "the 6th failed login (429) is told in French, the server's detail beneath", tries);
    await page.screenshot({ path: path.join(OUT, "fr-login-429.png") });
    await ctx.close();
  }
  // ---- French: a viewer's board, whose gaps come without their details
  {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "fr-FR" });
    const page = await ctx.newPage();
    await page.goto(BASE + "/");
    await page.getByLabel("Utilisateur").fill("vera");
    await page.getByLabel("Mot de passe").fill(USERS.vera[2]);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.locator("#main[data-page=board] .board").waitFor();
    const vruns = (await apiAs("vera", "GET", "/api/runs")).json.items.filter((r) => !r.whatif);
    const vgap = (await apiAs("vera", "GET", `/api/runs/${vruns[vruns.length - 1].id}/gaps`)).json.items.find((g) => g.mission === "NMI" && g.detail_hidden && g.reason === "undersize");
    const vli = page.locator(`li.line[data-line="NMI:${vgap?.line}"] .gaps li[data-reason="undersize"]`).first();
    const vtext = vgap ? await vli.innerText().catch(() => "") : "";
    ok(vgap && vtext.endsWith("\u00a0: unités trop petites (détails non communiqués à votre rôle)\nDétail du serveur\u00a0: undersize"), "a viewer's gap in French: the reason's label, its details not shown to the role, the code beneath", vtext, vgap);
    await page.screenshot({ path: path.join(OUT, "fr-board-viewer.png") });
    await ctx.close();
  }
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
