// app.js: the page: login, then the mission dashboard (the fill board of
// the latest run), the requirements, offers and caveats as sortable tables,
// and for planners a "run sourcing" button with the job's progress. The
// event stream keeps every view current; what the role may not see never
// reaches the browser (the server filters), so the page shows what it gets.

import * as api from "./api.js";
import { boardRows, boardView } from "./board.js";
import { h, sortableTable } from "./tables.js";

const main = document.getElementById("main");
const status = document.getElementById("status");
const nav = document.getElementById("nav");
const who = document.getElementById("who");

const state = { session: null, mission: null, missions: [], stream: null, job: null, loading: null, panel: null };

function announce(text) {
  status.textContent = text;
}

function showError(e) {
  const p = e.problem || {};
  const box = h("div", { class: "error", role: "alert" }, h("strong", {}, `Error ${e.status || ""}`), " ", e.message);
  if (p.errors && p.errors.length) box.append(h("ul", {}, p.errors.map((x) => h("li", {}, x.message))));
  return box;
}

const isPlanner = () => state.session && ["admin", "planner"].includes(state.session.role);

// ---- login ------------------------------------------------------------------

function loginView(message) {
  nav.hidden = true;
  who.textContent = "";
  const err = h("p", { class: "error", role: "alert", id: "login-error" }, message || "");
  if (!message) err.hidden = true;
  const user = h("input", { id: "user", name: "user", autocomplete: "username", required: true });
  const pass = h("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const form = h(
    "form",
    { class: "login", "aria-labelledby": "login-title" },
    h("h1", { id: "login-title" }, "Sign in to muster"),
    h("label", { for: "user" }, "User"),
    user,
    h("label", { for: "password" }, "Password"),
    pass,
    h("button", { type: "submit" }, "Sign in"),
    err,
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    err.hidden = true;
    try {
      await api.login(user.value, pass.value);
      await start();
    } catch (e) {
      err.textContent = e.status === 401 ? "Wrong user name or password." : e.message;
      err.hidden = false;
      pass.select();
    }
  });
  main.replaceChildren(form);
  user.focus();
}

// ---- data -------------------------------------------------------------------

function latestRun(runs) {
  const mine = runs.filter((r) => !r.whatif && (r.mission === null || r.mission === state.mission));
  return mine.length ? mine[mine.length - 1] : null;
}

async function loadBoard() {
  const [reqs, runs] = await Promise.all([
    api.listAll("requirements", { mission: state.mission }),
    api.request("GET", "/api/runs"),
  ]);
  const run = latestRun(runs.items);
  if (!run) return { reqs: reqs.items, run: null, rows: null, revision: runs.revision };
  const [assignments, gaps] = await Promise.all([
    api.request("GET", `/api/runs/${run.id}/assignments`),
    api.request("GET", `/api/runs/${run.id}/gaps`),
  ]);
  return { reqs: reqs.items, run, rows: boardRows(reqs.items, assignments, gaps), revision: runs.revision };
}

// ---- views ------------------------------------------------------------------

// The panel is made once per session and moved into each new board, so a
// refresh (an event, a new run) keeps the job's progress and last message.
function runPanel() {
  if (!isPlanner()) return null;
  if (!state.panel) state.panel = makeRunPanel();
  return state.panel;
}

function makeRunPanel() {
  const prog = h("progress", { id: "job-progress", max: "1", value: "0", "aria-label": "sourcing progress" });
  const text = h("span", { id: "job-text", "aria-live": "polite" }, "");
  const run = h("button", { type: "button", id: "run-sourcing" }, "Run sourcing");
  const cancel = h("button", { type: "button", id: "cancel-sourcing", class: "secondary", hidden: true }, "Cancel");
  const panel = h("div", { class: "run-panel" }, run, cancel, prog, text);
  prog.hidden = true;
  run.addEventListener("click", async () => {
    run.disabled = true;
    try {
      const job = await api.request("POST", "/api/runs", { body: { mission: state.mission } });
      state.job = job.id;
      showJob(job);
      pollJob(job.id);
    } catch (e) {
      run.disabled = false;
      panel.append(showError(e));
    }
  });
  cancel.addEventListener("click", async () => {
    if (state.job) await api.request("DELETE", `/api/jobs/${state.job}`).catch(() => {});
  });
  return panel;
}

function showJob(job) {
  if (!state.panel || job.id !== state.job) return;
  const prog = state.panel.querySelector("#job-progress");
  const text = state.panel.querySelector("#job-text");
  const run = state.panel.querySelector("#run-sourcing");
  const cancel = state.panel.querySelector("#cancel-sourcing");
  const p = job.progress || {};
  prog.hidden = false;
  if (p.total) {
    prog.max = p.total;
    prog.value = p.done || 0;
  }
  const busy = job.state === "queued" || job.state === "running";
  run.disabled = busy;
  cancel.hidden = !busy;
  if (job.state === "done") {
    prog.value = prog.max;
    text.textContent = `run ${job.run} done`;
    state.job = null;
    refresh();
  } else if (job.state === "failed") {
    text.textContent = `failed: ${(job.error && job.error.detail) || "unknown error"}`;
    state.job = null;
  } else if (job.state === "cancelled") {
    text.textContent = "cancelled; nothing was stored";
    state.job = null;
  } else {
    text.textContent = `${job.state}: ${p.what || ""} ${p.total ? `${p.done}/${p.total}` : ""}`;
  }
}

// The event stream reports a job's progress too; polling covers a stream
// that is down, and ends with the job.
async function pollJob(id) {
  while (state.job === id) {
    await new Promise((r) => setTimeout(r, 500));
    if (state.job !== id) return;
    try {
      showJob(await api.request("GET", `/api/jobs/${id}`));
    } catch {
      return;
    }
  }
}

async function boardPage() {
  const data = await loadBoard();
  state.shownRun = data.run ? data.run.id : null;
  const parts = [h("h1", {}, `Mission ${state.mission}: fill by line`)];
  const panel = runPanel();
  if (panel) parts.push(panel);
  if (!data.run) {
    parts.push(
      h("p", { class: "notice", role: "status" }, "No sourcing run of this mission yet: the fill is not known.", isPlanner() ? " Run the sourcing to see it." : ""),
    );
    parts.push(
      sortableTable("Statement of requirements", reqColumns, data.reqs.map((x) => x.record)),
    );
    return parts;
  }
  const r = data.run;
  const summary = h(
    "p",
    { class: "summary", id: "run-summary" },
    `Run ${r.id} (${r.solver}, ${r.created}): ${Math.round(r.fill * 10) / 10}% of the required person-days filled; `,
    `${data.rows.filter((x) => x.gaps.length).length} of ${data.rows.length} lines have gaps.`,
  );
  parts.push(summary);
  if (r.stale) parts.push(h("p", { class: "notice stale", role: "status", id: "stale" }, r.stale_text, isPlanner() ? " Run the sourcing again." : ""));
  parts.push(boardView(data.rows, r.stale));
  return parts;
}

const reqColumns = [
  { key: "line", label: "Line" },
  { key: "capability", label: "Capability" },
  { key: "units", label: "Units", num: true },
  { key: "personnel", label: "People per unit", num: true },
  { key: "location", label: "Location" },
  { key: "from", label: "From" },
  { key: "to", label: "To" },
  { key: "priority", label: "Priority", num: true },
];

async function requirementsPage() {
  const reqs = await api.listAll("requirements", { mission: state.mission });
  return [h("h1", {}, `Mission ${state.mission}: requirements`), sortableTable("Statement of requirements", reqColumns, reqs.items.map((x) => x.record))];
}

async function offersPage() {
  const offers = await api.listAll("offers");
  const cols = [
    { key: "id", label: "Offer" },
    { key: "nation", label: "Nation" },
    { key: "capability", label: "Capability" },
    { key: "units", label: "Units", num: true },
    { key: "personnel", label: "People per unit", num: true },
    { key: "from", label: "From" },
    { key: "to", label: "To" },
    { key: "readiness", label: "Readiness", num: true },
    { key: "mission", label: "Mission" },
    { key: "caveats", label: "Caveats" },
    { key: "status", label: "Status" },
  ];
  const parts = [h("h1", {}, "Offers")];
  if (offers.scope === "readable")
    parts.push(h("p", { class: "notice" }, "Your role sees its own nation's offers here; other nations' contributions appear only as totals on the board."));
  parts.push(sortableTable("Offers", cols, offers.items.map((x) => x.record)));
  return parts;
}

async function caveatsPage() {
  const cav = await api.listAll("caveats");
  const cols = [
    { key: "id", label: "Caveat" },
    { key: "nation", label: "Nation" },
    { key: "kind", label: "Kind" },
    { key: "value", label: "Value" },
    { key: "hard", label: "Hard" },
  ];
  return [h("h1", {}, "Caveats"), sortableTable("Caveats", cols, cav.items.map((x) => x.record))];
}

const pages = { board: boardPage, requirements: requirementsPage, offers: offersPage, caveats: caveatsPage };

function currentPage() {
  const p = location.hash.replace(/^#/, "");
  return pages[p] ? p : "board";
}

async function refresh() {
  const page = currentPage();
  for (const a of nav.querySelectorAll("a")) {
    if (a.getAttribute("href") === `#${page}`) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  const ticket = {};
  state.loading = ticket;
  try {
    const parts = await pages[page]();
    if (state.loading !== ticket) return; // a newer refresh won
    const focused = document.activeElement && document.activeElement.id;
    main.replaceChildren(...parts);
    main.dataset.page = page;
    main.dataset.updated = String(Date.now());
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  } catch (e) {
    if (e.status === 401) return signedOut("Your session has ended: sign in again.");
    main.replaceChildren(showError(e));
  }
}

let timer = null;
function refreshSoon() {
  clearTimeout(timer);
  timer = setTimeout(refresh, 100); // one refresh for a burst of changes
}

function onEvent(type, data) {
  if (type === "record") {
    announce(`${data.actor} changed ${data.entity} '${data.key}'`);
    refreshSoon();
  } else if (type === "job") {
    if (data.id === state.job) showJob(data);
    else if (data.state === "done") refreshSoon();
  }
}

// The event stream reports record changes to every role but a stored run
// only as a planner's job event: every 3 seconds the board asks for the
// runs (a small list) and refreshes when the latest is not the one shown.
async function watchRuns() {
  if (!state.session || currentPage() !== "board" || state.shownRun === undefined) return;
  try {
    const runs = await api.request("GET", "/api/runs");
    const run = latestRun(runs.items);
    if ((run ? run.id : null) !== state.shownRun) refreshSoon();
  } catch {}
}
setInterval(watchRuns, 3000);

function signedOut(message) {
  if (state.stream) state.stream.stop();
  state.stream = null;
  state.session = null;
  state.panel = null;
  state.job = null;
  state.shownRun = undefined;
  api.clearToken();
  loginView(message);
}

async function start() {
  try {
    state.session = await api.request("GET", "/api/session");
  } catch (e) {
    return signedOut(e.status === 401 ? "" : e.message);
  }
  const missions = await api.listAll("missions");
  state.missions = missions.items.map((m) => m.record.code || m.key);
  state.mission = state.mission || state.missions[0];
  const s = state.session;
  who.textContent = `${s.user} (${s.role}${s.nation ? ` of ${s.nation}` : ""})`;
  nav.hidden = false;
  const sel = document.getElementById("mission");
  sel.replaceChildren(...state.missions.map((m) => h("option", { value: m }, m)));
  sel.value = state.mission;
  state.stream = api.subscribe(onEvent, (st) => {
    document.getElementById("live").textContent = st === "live" ? "live" : st === "ended" ? "offline" : "reconnecting";
    document.getElementById("live").dataset.state = st;
  });
  await refresh();
}

document.getElementById("mission").addEventListener("change", (ev) => {
  state.mission = ev.target.value;
  refresh();
});
document.getElementById("logout").addEventListener("click", async () => {
  await api.logout().catch(() => {});
  signedOut("");
});
window.addEventListener("hashchange", () => {
  if (state.session) refresh().then(() => main.querySelector("h1")?.focus());
});

if (api.token()) start();
else loginView("");
