// app.js: the page: login, then the mission dashboard (the fill board of
// the latest run, the posture and fair share), the requirements, phases,
// offers and caveats as sortable tables with edit forms, a line's detail,
// a record's history, and for planners a "run sourcing" button with the
// job's progress. The event stream keeps every view current (an open form
// is not redrawn under the user: it says the record changed); the "as of"
// slider shows the board as it stood at an earlier revision. What the role
// may not see never reaches the browser (the server filters), so the page
// shows what it gets.

import * as api from "./api.js";
import { boardRows, boardView } from "./board.js";
import { fairshareChart, postureChart, postureLegend, postureMap, worldShapes } from "./charts.js";
import { historyPage, lineDetail } from "./detail.js";
import { editForm } from "./forms.js";
import { h, serverLine, sortableTable } from "./tables.js";
import { codeLabel, getLang, num, participantsText, percent, problemItem, problemText, serverDetail, setLang, span, staleProblem, staleText, t, translateStatic } from "./i18n.js";

const main = document.getElementById("main");
const status = document.getElementById("status");
const nav = document.getElementById("nav");
const who = document.getElementById("who");

const state = { session: null, mission: null, missions: [], stream: null, job: null, loading: null, panel: null, asOf: null, revision: null, editing: null, focusHeading: false };

function announce(text) {
  status.textContent = text;
}

// An error for people: the page's sentence (in French its own, with the
// server's words beneath) and the problem's errors[] as a list.
function showError(e) {
  const p = e.problem || {};
  const box = h("div", { class: "error", role: "alert" }, h("strong", {}, e.status ? t("Error {status}", { status: e.status }) : t("Error")), " ", problemText(e), serverLine(serverDetail(e)));
  if (p.errors && p.errors.length)
    box.append(
      h(
        "ul",
        {},
        p.errors.map((x) => {
          const it = problemItem(x);
          return h("li", {}, it.text, serverLine(it.detail));
        }),
      ),
    );
  return box;
}

const isPlanner = () => state.session && ["admin", "planner"].includes(state.session.role);
const isViewer = () => state.session && state.session.role === "viewer";
// whether the role may edit a record of `nation` (offers, caveats)
const mayEditNational = (nation) => isPlanner() || (state.session && state.session.role === "liaison" && state.session.nation === nation);
const asOfQuery = () => (state.asOf ? { as_of: state.asOf } : {});
const historyLink = (entity, key) => h("a", { href: `#history/${entity}/${key}`, "aria-label": t("history of {key}", { key }) }, t("History"));
// the role's name in the page's language (the API's role codes stay English)
const roleName = (role) => ({ admin: t("admin"), planner: t("planner"), liaison: t("liaison"), viewer: t("viewer") })[role] || role;
// a stale run's sentence: the server's (English) or the page's own in French
// the job's progress step: the library's words, in French for the known
// ones (the exact solver's figures kept); an unknown step is quoted as the
// server's
function whatText(what) {
  if (!what) return "";
  const known = {
    "sourcing (fast)": t("sourcing (fast)"),
    "sourcing (fast): polishing the bound, % of budget": t("sourcing (fast): polishing the bound, % of budget"),
    "sourcing: pairs of lines": t("sourcing: pairs of lines"),
    "sourcing: explaining gaps": t("sourcing: explaining gaps"),
    storing: t("storing"),
  };
  if (Object.hasOwn(known, what)) return known[what];
  const m = /^exact: best (\S+), bound (\S+), nodes$/.exec(what);
  if (m) return t("exact solver: best {best}, bound {bound}, nodes", { best: m[1], bound: m[2] });
  return getLang() === "fr" ? t("step “{what}” (the server's words)", { what }) : what;
}
// a job's state while it lasts, for people (the API's codes stay English;
// done, failed and cancelled have their own sentences in showJob)
const jobState = (s) => ({ queued: t("queued"), running: t("running") })[s] || s;
const editLink = (entity, key, label) => h("a", { href: `#edit/${entity}/${key}`, class: "edit-link", "aria-label": `${label || t("Edit")} ${key}` }, label || t("Edit"));

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
    h("h1", { id: "login-title" }, t("Sign in to muster")),
    h("label", { for: "user" }, t("User")),
    user,
    h("label", { for: "password" }, t("Password")),
    pass,
    h("button", { type: "submit" }, t("Sign in")),
    err,
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    err.hidden = true;
    try {
      await api.login(user.value, pass.value);
      await start();
    } catch (e) {
      if (e.status === 401) err.textContent = t("Wrong user name or password.");
      else err.replaceChildren(problemText(e), serverLine(serverDetail(e)) || "");
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
  const q = asOfQuery();
  const [reqs, runs] = await Promise.all([
    api.listAll("requirements", { mission: state.mission, ...q }),
    api.request("GET", "/api/runs", { query: q }),
  ]);
  if (!state.asOf) state.revision = runs.revision;
  const run = latestRun(runs.items);
  if (!run) return { reqs: reqs.items, run: null, rows: null, revision: runs.revision };
  const [assignments, gaps] = await Promise.all([
    api.request("GET", `/api/runs/${run.id}/assignments`, { query: q }),
    api.request("GET", `/api/runs/${run.id}/gaps`, { query: q }),
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
  const prog = h("progress", { id: "job-progress", max: "1", value: "0", "aria-label": t("sourcing progress") });
  const text = h("span", { id: "job-text", "aria-live": "polite" }, "");
  const run = h("button", { type: "button", id: "run-sourcing" }, t("Run sourcing"));
  const cancel = h("button", { type: "button", id: "cancel-sourcing", class: "secondary", hidden: true }, t("Cancel"));
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
    text.textContent = t("run {run} done", { run: job.run });
    state.job = null;
    refresh();
  } else if (job.state === "failed") {
    // the job's problem document: the page's sentence, the server's words after it
    const pe = job.error ? { status: job.error.status, problem: job.error, message: job.error.detail || t("unknown error") } : null;
    const why = pe ? problemText(pe) : t("unknown error");
    const detail = pe ? serverDetail(pe) : "";
    text.replaceChildren(t("failed: {why}", { why }), serverLine(detail) || "");
    state.job = null;
  } else if (job.state === "cancelled") {
    text.textContent = t("cancelled; nothing was stored");
    state.job = null;
  } else {
    const st = jobState(job.state);
    // a count with no total (the exact solver's nodes) is shown alone
    const step = [whatText(p.what), p.total ? `${p.done}/${p.total}` : p.done ? num(p.done) : ""].filter(Boolean).join(" ");
    text.textContent = step ? `${st}${getLang() === "fr" ? "\u00a0" : ""}: ${step}` : st;
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

// The "as of" control: a slider over revisions 1 .. the current one (the
// last is live), or a moment typed in local time (sent as UTC: as_of=TIME).
const asOfIsRev = () => /^r\d+$/.test(state.asOf || "");
const localMoment = (iso) => {
  const d = new Date(iso + "Z");
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};
const asOfLabel = () => (asOfIsRev() ? t("revision {rev}", { rev: state.asOf.slice(1) }) : t("{moment} (your time)", { moment: localMoment(state.asOf) }));

function asOfControl() {
  const max = state.revision || 1;
  const cur = asOfIsRev() ? Number(state.asOf.slice(1)) : max;
  const slider = h("input", { type: "range", id: "as-of", min: "1", max: String(max), step: "1", value: String(cur), "aria-describedby": "as-of-text" });
  const text = h("output", { id: "as-of-text", for: "as-of" }, !state.asOf ? t("live (revision {max})", { max }) : asOfIsRev() ? t("as of revision {cur} of {max}", { cur, max }) : t("as of {moment}", { moment: asOfLabel() }));
  const live = h("button", { type: "button", id: "as-of-live", class: "secondary", hidden: !state.asOf }, t("Back to live"));
  const moment = h("input", { type: "datetime-local", id: "as-of-time", step: "1", value: state.asOf && !asOfIsRev() ? localMoment(state.asOf).replace(" ", "T") : "" });
  slider.addEventListener("input", () => {
    const v = Number(slider.value);
    text.textContent = v === max ? t("live (revision {max})", { max }) : t("as of revision {cur} of {max}", { cur: v, max });
  });
  slider.addEventListener("change", () => {
    const v = Number(slider.value);
    state.asOf = v >= max ? null : `r${v}`;
    refresh();
  });
  moment.addEventListener("change", () => {
    const d = new Date(moment.value); // a datetime-local value is local time
    if (!moment.value || Number.isNaN(d.getTime())) return;
    state.asOf = d.getTime() >= Date.now() ? null : d.toISOString().slice(0, 19);
    refresh();
  });
  live.addEventListener("click", () => {
    state.asOf = null;
    refresh();
  });
  return h("div", { class: "as-of" }, h("label", { for: "as-of" }, t("Time")), slider, text, h("label", { for: "as-of-time" }, t("or a moment")), moment, live);
}

async function boardPage() {
  const data = await loadBoard();
  state.shownRun = data.run ? data.run.id : null;
  const parts = [h("h1", {}, t("Mission {mission}: fill by line", { mission: state.mission }))];
  parts.push(asOfControl());
  if (state.asOf)
    parts.push(h("p", { class: "notice asof", role: "status", id: "as-of-notice" }, t("The board as it stood at {moment}: changes since are not shown.", { moment: asOfLabel() }) + " "));
  const panel = state.asOf ? null : runPanel();
  if (panel) parts.push(panel);
  if (!data.run) {
    parts.push(
      h("p", { class: "notice", role: "status" }, t("No sourcing run of this mission yet: the fill is not known."), isPlanner() ? ` ${t("Run the sourcing to see it.")}` : ""),
    );
    parts.push(
      sortableTable(t("Statement of requirements"), reqColumns, data.reqs.map((x) => x.record)),
    );
    return parts;
  }
  const r = data.run;
  const summary = h(
    "p",
    { class: "summary", id: "run-summary" },
    t("Run {id} ({solver}, {created}): {fill}% of the required person-days filled; {gaps} of {lines} lines have gaps.", {
      id: r.id, solver: codeLabel(r.solver), created: r.created, fill: num(Math.round(r.fill * 10) / 10, 1),
      gaps: data.rows.filter((x) => x.gaps.length).length, lines: data.rows.length,
    }),
  );
  parts.push(summary);
  if (r.stale) parts.push(h("p", { class: "notice stale", role: "status", id: "stale" }, `${staleText(r)}.`, isPlanner() && !state.asOf ? ` ${t("Run the sourcing again.")}` : "", serverLine(serverDetail(staleProblem(r)))));
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
  const reqs = await api.listAll("requirements", { mission: state.mission, ...asOfQuery() });
  const action = (r) => {
    const key = `${r.mission}:${r.line}`;
    const d = h("a", { href: `#line/${key}`, "aria-label": t("detail of {key}", { key }) }, t("Detail"));
    return isPlanner() && !state.asOf ? [d, " ", editLink("requirements", key)] : d;
  };
  return [h("h1", {}, t("Mission {mission}: requirements", { mission: state.mission })), sortableTable(t("Statement of requirements"), reqColumns, reqs.items.map((x) => x.record), { action })];
}

async function phasesPage() {
  const ph = await api.listAll("phases", { mission: state.mission, ...asOfQuery() });
  const cols = [
    { key: "phase", label: "Phase" },
    { key: "from", label: "From" },
    { key: "to", label: "To" },
    { key: "ceiling", label: "Ceiling", num: true },
    { key: "scope", label: "Scope" },
    { key: "status", label: "Status", code: true },
  ];
  const action = (r) => {
    const key = `${r.mission}:${r.phase}`;
    const hist = historyLink("phases", key);
    return isPlanner() && !state.asOf ? [editLink("phases", key), " ", hist] : hist;
  };
  return [h("h1", {}, t("Mission {mission}: phases", { mission: state.mission })), sortableTable(t("Phases"), cols, ph.items.map((x) => x.record), { action, sortKey: "from" })];
}

const viewerNote = (offers) =>
  h(
    "p",
    { class: "notice", id: "viewer-note" },
    offers
      ? t("Your role (viewer) reads aggregates only: no offers are sent to this page. The board, the posture and the fair share show their totals.")
      : t("Your role (viewer) reads aggregates only: no caveats are sent to this page. The board, the posture and the fair share show their totals."),
  );

async function offersPage() {
  if (isViewer()) return [h("h1", {}, t("Offers")), viewerNote(true)];
  const offers = await api.listAll("offers", asOfQuery());
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
    { key: "status", label: "Status", code: true },
  ];
  const parts = [h("h1", {}, t("Offers"))];
  if (offers.scope === "readable")
    parts.push(h("p", { class: "notice" }, t("Your role sees its own nation's offers here; other nations' contributions appear only as totals on the board.")));
  const action = (r) => {
    const hist = historyLink("offers", r.id);
    return mayEditNational(r.nation) && !state.asOf ? [editLink("offers", r.id), " ", hist] : hist;
  };
  parts.push(sortableTable(t("Offers"), cols, offers.items.map((x) => x.record), { action }));
  return parts;
}

async function caveatsPage() {
  if (isViewer()) return [h("h1", {}, t("Caveats")), viewerNote(false)];
  const cav = await api.listAll("caveats", asOfQuery());
  const cols = [
    { key: "id", label: "Caveat" },
    { key: "nation", label: "Nation" },
    { key: "kind", label: "Kind", code: true },
    { key: "value", label: "Value" },
    { key: "hard", label: "Hard", code: true },
  ];
  const action = (r) => {
    const hist = historyLink("caveats", r.id);
    return mayEditNational(r.nation) && !state.asOf ? [editLink("caveats", r.id), " ", hist] : hist;
  };
  return [h("h1", {}, t("Caveats")), sortableTable(t("Caveats"), cols, cav.items.map((x) => x.record), { action })];
}

const pct = (v) => (v === null || v === undefined ? t("unknown") : percent(Math.round(v * 10) / 10, 1));

async function fairsharePage() {
  const fs = await api.request("GET", "/api/fairshare", { query: { mission: state.mission, ...asOfQuery() } });
  const parts = [h("h1", {}, t("Mission {mission}: fair share and contribution", { mission: state.mission }))];
  parts.push(
    h(
      "p",
      { class: "summary", id: "fairshare-summary" },
      t("Shares by {key} ({method}, {who}) of {total} people;", { key: fs.key, method: codeLabel(fs.method), who: participantsText(fs.participants), total: num(fs.total) }) + " ",
      fs.run ? t("contributions from run {id}:", { id: fs.run.id }) + " " : t("no sourcing run: contributions are not known;") + " ",
      t("{sourced} of {demand} person-days sourced, {excess} above fair shares.", {
        sourced: num(Math.round(fs.sourced_days)), demand: num(Math.round(fs.demand_days)),
        excess: num(Math.round(fs.excess_days)),
      }),
    ),
  );
  if (fs.run && fs.run.stale) parts.push(h("p", { class: "notice stale" }, staleText(fs.run), serverLine(serverDetail(staleProblem(fs.run)))));
  if (!fs.rows.length) {
    parts.push(
      h("p", { class: "notice", id: "fairshare-hidden" }, isViewer() ? t("Your role (viewer) reads the totals above only: no nation's share is sent to this page.") : t("No nation takes part: there is no share to show.")),
    );
    return parts;
  }
  parts.push(h("figure", { class: "chart-box" }, fairshareChart(fs.rows), h("figcaption", {}, t("Fair share (blue) against the share of the mission's sourced person-days (green), per nation."))));
  parts.push(
    sortableTable(
      t("Fair share per nation"),
      [
        { key: "nation", label: "Nation" },
        { key: "share_t", label: "Fair share" },
        { key: "fair", label: "Fair (people)", num: true },
        { key: "offered_peak", label: "Offered peak", num: true },
        { key: "sourced_peak", label: "Sourced peak", num: true },
        { key: "sourced_t", label: "Sourced share" },
        { key: "burden_t", label: "Burden" },
      ],
      fs.rows.map((r) => ({ ...r, share_t: pct(r.share), sourced_t: pct(r.sourced_share), burden_t: r.burden === null ? t("unknown") : num(Math.round(r.burden * 100) / 100, 2, 2) })),
    ),
  );
  return parts;
}

// The posture timeline of the mission with its phases' ceilings, the
// headroom under each ceiling and each nation's cap, and the exact verdict
// of `muster check` on caps and deadlines.
async function posturePage() {
  const q = asOfQuery();
  const [mission, phases] = await Promise.all([
    api.request("GET", `/api/missions/${state.mission}`, { query: q }),
    api.listAll("phases", { mission: state.mission, ...q }),
  ]);
  const reqs = await api.listAll("requirements", { mission: state.mission, ...q });
  const dates = [mission.record.from, ...reqs.items.map((r) => r.record.to), ...phases.items.map((p) => p.record.to)].filter(Boolean).sort();
  const from = phases.items.map((p) => p.record.from).sort()[0] || mission.record.from;
  const to = dates[dates.length - 1];
  const parts = [h("h1", {}, t("Mission {mission}: posture", { mission: state.mission }))];
  if (!from || !to || to <= from) {
    parts.push(h("p", { class: "notice" }, t("The mission has no dated lines or phases: no posture to draw.")));
    return parts;
  }
  const post = await api.request("GET", "/api/posture", { query: { from, to, every: "month", by: "mission", mission: state.mission, counted: "true", ...q } });
  const series = post.rows.map((r) => ({ date: r.date, value: r.personnel, in_host: r.in_host }));
  if (post.run && post.run.stale) parts.push(h("p", { class: "notice stale" }, staleText(post.run), serverLine(serverDetail(staleProblem(post.run)))));
  parts.push(h("p", { class: "summary", id: "posture-summary" }, post.run
        ? t("The deployments that count against caps and ceilings plus run {id}, sampled on the 1st of each month.", { id: post.run.id })
        : t("The deployments that count against caps and ceilings (no sourcing run), sampled on the 1st of each month.")));
  const ph = phases.items.map((p) => p.record);
  parts.push(h("figure", { class: "chart-box" }, postureChart(series, ph, state.mission), h("figcaption", {}, postureLegend())));

  // the map on a day: the peak of the timeline unless the user picks one
  const peak = series.reduce((a, b) => (b.value > a.value ? b : a), series[0]);
  state.mapDate = state.mapDate && state.mapDate >= from && state.mapDate <= to ? state.mapDate : peak.date;
  parts.push(h("h2", {}, t("Where they are")), await mapBox(from, to, q));

  // headroom under each phase's ceiling (in the host country for an in-host ceiling)
  const headroom = ph.map((p) => {
    const inPhase = series.filter((x) => x.date >= p.from && (!p.to || x.date < p.to));
    const peak = inPhase.length ? Math.max(...inPhase.map((x) => (p.scope === "in-host" ? x.in_host : x.value))) : null;
    return {
      phase: p.phase,
      from: p.from, // the order of the periods, whatever their text
      period: span(p.from, p.to),
      status: p.status,
      ceiling: p.ceiling,
      peak: peak === null ? t("no sample") : peak,
      headroom: peak === null || p.ceiling === null ? t("unknown") : p.ceiling - peak,
    };
  });
  parts.push(
    h("h2", {}, t("Ceiling headroom")),
    sortableTable(
      t("Headroom under the phases' ceilings (monthly samples)"),
      [
        { key: "phase", label: "Phase" },
        { key: "period", label: "Period" },
        { key: "status", label: "Status", code: true },
        { key: "ceiling", label: "Ceiling", num: true },
        { key: "peak", label: "Peak sampled", num: true },
        { key: "headroom", label: "Headroom", num: true },
      ],
      headroom,
      { sortKey: "from" },
    ),
  );

  // caps: a viewer may not read them, so it is told so
  parts.push(h("h2", {}, t("Cap headroom")));
  if (isViewer()) {
    parts.push(h("p", { class: "notice" }, t("Your role (viewer) may not read caps.")));
  } else {
    const caps = await api.listAll("caps", q);
    const countries = [...new Set(caps.items.map((c) => c.record.country))];
    const byCountry = {};
    await Promise.all(
      countries.map(async (c) => {
        byCountry[c] = (await api.request("GET", "/api/posture", { query: { from, to, every: "month", by: "nation", country: c, counted: "true", ...q } })).rows;
      }),
    );
    const rows = caps.items.map(({ record: c }) => {
      const pts = (byCountry[c.country] || []).filter((x) => x.group === c.nation && x.date >= c.from && (!c.to || x.date < c.to));
      const peak = pts.length ? Math.max(...pts.map((x) => x.personnel)) : null;
      return { id: c.id, nation: c.nation, country: c.country, period: span(c.from, c.to), limit: c.limit, peak: peak === null ? t("no sample") : peak, headroom: peak === null ? t("unknown") : c.limit - peak };
    });
    parts.push(
      sortableTable(
        t("Headroom under the nations' caps (monthly samples)"),
        [
          { key: "id", label: "Cap" },
          { key: "nation", label: "Nation" },
          { key: "country", label: "Country" },
          { key: "period", label: "Period" },
          { key: "limit", label: "Limit", num: true },
          { key: "peak", label: "Peak sampled", num: true },
          { key: "headroom", label: "Headroom", num: true },
        ],
        rows,
        { empty: t("no cap your role may read") },
      ),
    );
  }
  try {
    const chk = await api.request("GET", "/api/check", { query: q });
    const p = chk.posture;
    parts.push(
      h(
        "p",
        { class: p.ok ? "ok-box" : "notice", id: "posture-check" },
        p.ok
          ? t("Exact check (muster check): no cap or deadline is breached.")
          : t(p.count === 1 ? "Exact check (muster check): {count} breach of caps or deadlines." : "Exact check (muster check): {count} breaches of caps or deadlines.", { count: p.count }),
      ),
    );
    // a breach: in French the check's label (its code in the title), its
    // subject for people, and the server's subject and detail beneath
    const subject = (s) => {
      const cap = /^(\S+) in (\S+)$/.exec(s);
      const phase = /^(\S+) phase (\S+)$/.exec(s);
      return cap ? t("{nation} in {country}", { nation: cap[1], country: cap[2] }) : phase ? t("{mission}, phase {phase}", { mission: phase[1], phase: phase[2] }) : s;
    };
    const breach = (b) =>
      getLang() === "fr"
        ? h("li", { title: b.check, "data-check": b.check }, t("{check}: {subject}, {from} to {to}", { check: codeLabel(b.check), subject: subject(b.subject), from: b.from, to: b.to }), serverLine(t("Server detail: {detail}", { detail: `${b.subject}: ${b.detail}` })))
        : h("li", {}, t("{check}: {subject}, {from} to {to}: {detail}", { check: b.check, subject: b.subject, from: b.from, to: b.to, detail: b.detail }));
    if (p.rows && p.rows.length) parts.push(h("ul", { class: "gaps", id: "posture-breaches" }, p.rows.map(breach)));
  } catch (e) {
    // a stale run (409) cannot be checked against a scenario it was not solved on
    parts.push(
      h(
        "p",
        { class: "notice", id: "posture-check" },
        e.status === 409
          ? t("No exact check of caps and deadlines: {why}.", { why: getLang() === "fr" ? t("the latest run is stale, it cannot be checked against a scenario it was not solved on") : e.message }) + (isPlanner() ? ` ${t("Run the sourcing again.")}` : "")
          : t("No exact check of caps and deadlines: {why}", { why: problemText(e) }),
        serverLine(serverDetail(e)),
      ),
    );
  }
  return parts;
}

// The map of the mission's personnel per country on state.mapDate, with a
// date field and the same figures as a table.
async function mapBox(from, to, q) {
  const [world, byCountry] = await Promise.all([
    worldShapes(),
    api.request("GET", "/api/posture", { query: { on: state.mapDate, by: "country", mission: state.mission, ...q } }),
  ]);
  const counts = new Map(byCountry.rows.map((r) => [r.group, r.personnel]));
  const date = h("input", { type: "date", id: "map-date", min: from, max: to, value: state.mapDate });
  const box = h(
    "figure",
    { class: "chart-box", id: "map-box" },
    h("div", { class: "map-controls" }, h("label", { for: "map-date" }, t("On")), date),
    postureMap(world, counts, state.mapDate),
    h("figcaption", {}, t("Personnel of {mission} per country on {date} (darker: more; deployments plus the run).", { mission: state.mission, date: state.mapDate })),
    sortableTable(
      t("Personnel per country"),
      [
        { key: "group", label: "Country" },
        { key: "personnel", label: "People", num: true },
        { key: "in_host", label: "In the host country", num: true },
      ],
      byCountry.rows.filter((r) => r.personnel > 0),
      { empty: t("nobody on that day") },
    ),
  );
  date.addEventListener("change", async () => {
    if (!date.value) return;
    state.mapDate = date.value;
    try {
      box.replaceWith(await mapBox(from, to, q));
      document.getElementById("map-date").focus();
    } catch (e) {
      box.append(showError(e));
    }
  });
  return box;
}

async function linePage(key) {
  const data = await api.request("GET", "/api/runs", { query: asOfQuery() });
  return lineDetail(key, { run: latestRun(data.items), asOf: state.asOf, canEdit: isPlanner(), editHref: `#edit/requirements/${key}` });
}

async function editPage(entity, key) {
  state.editing = { entity, key };
  const back = entity === "requirements" ? "#requirements" : `#${entity}`;
  const form = await editForm(entity, key, { onSaved: (r) => announce(t("saved {entity} '{key}', version {version}", { entity: codeLabel(entity), key, version: r.version })) });
  const note = h("p", { class: "notice", id: "edit-changed", role: "status", hidden: true });
  return [form, note, h("p", {}, h("a", { href: back }, t("Back to the list")), " · ", h("a", { href: `#history/${entity}/${key}` }, t("History of this record")))];
}

const pages = {
  board: boardPage,
  requirements: requirementsPage,
  phases: phasesPage,
  offers: offersPage,
  caveats: caveatsPage,
  fairshare: fairsharePage,
  posture: posturePage,
  line: linePage,
  history: (entity, key) => historyPage(entity, key, state.asOf),
  edit: editPage,
};

// "#page" or "#page/ARG/ARG" (a key may hold ':', never '/')
function route() {
  const [p, ...args] = location.hash.replace(/^#/, "").split("/").map(decodeURIComponent);
  return pages[p] ? { page: p, args } : { page: "board", args: [] };
}
const currentPage = () => route().page;

async function refresh() {
  const { page, args } = route();
  if (page !== "edit") state.editing = null;
  for (const a of nav.querySelectorAll("a")) {
    if (a.getAttribute("href") === `#${page}`) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  document.body.classList.toggle("as-of-mode", Boolean(state.asOf));
  const ticket = {};
  state.loading = ticket;
  try {
    const parts = await pages[page](...args);
    if (state.loading !== ticket) return; // a newer refresh won
    const active = document.activeElement;
    const focused = active && active.id;
    // the heading keeps the focus across live redraws (it has no id)
    const onHeading = active && active.tagName === "H1" && main.contains(active);
    main.replaceChildren(...parts);
    main.dataset.page = page;
    main.dataset.asOf = state.asOf || "";
    main.dataset.updated = String(Date.now());
    const h1 = main.querySelector("h1");
    if ((state.focusHeading || onHeading) && h1) {
      // a new view (or its redraw): the focus on its heading, so a screen reader reads it
      state.focusHeading = false;
      h1.setAttribute("tabindex", "-1");
      h1.focus();
    } else if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  } catch (e) {
    if (e.status === 401) return signedOut(t("Your session has ended: sign in again."));
    main.replaceChildren(showError(e));
    main.dataset.page = page;
  }
}

let timer = null;
function refreshSoon() {
  clearTimeout(timer);
  // one refresh for a burst of changes; never one that would redraw an open
  // form under the user (a change that came just before it was opened)
  timer = setTimeout(() => {
    if (!state.editing) refresh();
  }, 100);
}

function onEvent(type, data) {
  if (type === "record") {
    announce(t("{actor} changed {entity} '{key}'", { actor: data.actor, entity: codeLabel(data.entity), key: data.key }));
    if (data.revision && !state.asOf) state.revision = Math.max(state.revision || 0, data.revision);
    if (state.editing) {
      // never redraw a form under the user: say what changed
      const e = state.editing;
      const note = document.getElementById("edit-changed");
      if (note && data.entity === e.entity && data.key === e.key) {
        note.textContent =
          data.version === null || data.version === undefined
            ? t("{actor} deleted this record: saving will show both versions.", { actor: data.actor })
            : t("{actor} changed this record (now version {version}): saving will show both versions.", { actor: data.actor, version: data.version });
        note.hidden = false;
      }
      return;
    }
    if (!state.asOf) refreshSoon();
  } else if (type === "job") {
    if (data.id === state.job) showJob(data);
  } else if (type === "run") {
    // a run was stored (a job here, the CLI, another server): every role gets it
    announce(t("sourcing run {id} stored", { id: data.id }));
    if (!state.editing && !state.asOf && (!data.mission || data.mission === state.mission) && !data.whatif) refreshSoon();
  }
}

function signedOut(message) {
  if (state.stream) state.stream.stop();
  state.stream = null;
  state.session = null;
  state.panel = null;
  state.job = null;
  state.shownRun = undefined;
  state.asOf = null;
  state.editing = null;
  api.clearToken();
  loginView(message);
}

async function start() {
  // the session and the missions at once: one round trip less before the board
  const missionsP = api.listAll("missions");
  missionsP.catch(() => {}); // a 401 is handled through the session below
  try {
    state.session = await api.request("GET", "/api/session");
  } catch (e) {
    return signedOut(e.status === 401 ? "" : [problemText(e), serverDetail(e)].filter(Boolean).join(" "));
  }
  const missions = await missionsP;
  state.missions = missions.items.map((m) => m.record.code || m.key);
  state.mission = state.mission || state.missions[0];
  const s = state.session;
  who.textContent = s.nation ? t("{user} ({role} of {nation})", { user: s.user, role: roleName(s.role), nation: s.nation }) : `${s.user} (${roleName(s.role)})`;
  nav.hidden = false;
  const sel = document.getElementById("mission");
  sel.replaceChildren(...state.missions.map((m) => h("option", { value: m }, m)));
  sel.value = state.mission;
  let was = null;
  state.stream = api.subscribe(onEvent, (st) => {
    // back after a break: what happened meanwhile (a run, an edit) is read anew
    if (st === "live" && was === "reconnecting" && !state.editing) refreshSoon();
    was = st;
    document.getElementById("live").textContent = st === "live" ? t("live") : st === "ended" ? t("offline") : t("reconnecting");
    document.getElementById("live").dataset.state = st;
  });
  await refresh();
}

document.getElementById("mission").addEventListener("change", (ev) => {
  state.mission = ev.target.value;
  refresh();
});
document.getElementById("print").addEventListener("click", () => window.print());
document.getElementById("logout").addEventListener("click", async () => {
  await api.logout().catch(() => {});
  signedOut("");
});
window.addEventListener("hashchange", () => {
  // a new view: the refresh that draws it puts the focus on its heading,
  // also when a live refresh overtakes this one
  if (!state.session) return;
  clearTimeout(timer); // the new view's refresh supersedes a pending live one
  state.focusHeading = true;
  refresh();
});

// the EN | FR switch: the choice is kept (localStorage) and redraws the view
function showLang() {
  translateStatic(document);
  for (const b of document.querySelectorAll("[data-lang]")) b.setAttribute("aria-pressed", String(b.dataset.lang === getLang()));
}
for (const b of document.querySelectorAll("[data-lang]")) {
  b.addEventListener("click", () => {
    setLang(b.dataset.lang);
    showLang();
    if (state.session) refresh();
    else loginView("");
  });
}
showLang();

if (api.token()) start();
else loginView("");
