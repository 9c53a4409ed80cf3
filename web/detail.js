// detail.js: a line's detail (who fills it when: the run's assignments for
// the line, in full where the role reads them and as totals for the rest;
// what could: the offers of its capability the role may read, with the
// others counted only as the server totals them) and a record's history
// (/api/history: who changed what, before and after).

import * as api from "./api.js";
import { codeLabel, fieldLabel, gapWhy, getLang, serverDetail, span, staleProblem, staleText, t } from "./i18n.js";
import { h, serverLine, sortableTable } from "./tables.js";

const enc = encodeURIComponent;

export async function lineDetail(key, { run, asOf, canEdit, editHref }) {
  const q = asOf ? { as_of: asOf } : {};
  const req = await api.request("GET", `/api/requirements/${enc(key)}`, { query: q });
  const r = req.record;
  const parts = [
    h("h1", { tabindex: "-1" }, t("Line {mission}:{line}", { mission: r.mission, line: r.line })),
    h(
      "dl",
      { class: "facts", id: "line-facts" },
      [
        [t("Capability"), r.capability],
        [t("Required"), t("{units} × {people} people", { units: r.units, people: r.personnel })],
        [t("Location"), r.location],
        [t("Period"), span(r.from, r.to)],
        [t("Priority"), r.priority],
        [t("Minimum readiness"), r.min_readiness ?? t("any")],
        [t("Tasks"), (r.tasks || []).join(", ") || t("none stated")],
      ].flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, String(v))]),
    ),
  ];
  const links = h("p", { class: "links" }, h("a", { href: `#history/requirements/${key}`, id: "line-history" }, t("History of this line")));
  if (canEdit && !asOf) links.append(" · ", h("a", { href: editHref, id: "line-edit" }, t("Edit this line")));
  parts.push(links);

  // who fills it, when
  if (!run) {
    parts.push(h("p", { class: "notice" }, t("No sourcing run of this mission: who fills the line is not known.")));
  } else {
    const [asg, gaps] = await Promise.all([
      api.request("GET", `/api/runs/${run.id}/assignments`, { query: q }),
      api.request("GET", `/api/runs/${run.id}/gaps`, { query: q }),
    ]);
    const mine = (asg.items || []).filter((a) => a.mission === r.mission && a.line === r.line);
    const others = (asg.totals || []).filter((a) => a.mission === r.mission && a.line === r.line);
    const rows = [
      ...mine.map((a) => ({ who: `${a.nation} (${a.offer})`, units: a.units, personnel: a.personnel, from: a.from, to: a.to, person_days: a.person_days })),
      ...others.map((a) => ({ who: t(a.rows === 1 ? "other nations ({rows} assignment, totals)" : "other nations ({rows} assignments, totals)", { rows: a.rows }), units: a.units, personnel: a.personnel, from: a.from, to: a.to, person_days: a.person_days })),
    ];
    parts.push(h("h2", {}, t("Who fills it, when (run {id})", { id: run.id })));
    if (run.stale) parts.push(h("p", { class: "notice stale" }, staleText(run), serverLine(serverDetail(staleProblem(run)))));
    parts.push(
      sortableTable(
        t("Assignments to this line"),
        [
          { key: "who", label: "Who" },
          { key: "units", label: "Units", num: true },
          { key: "personnel", label: "People", num: true },
          { key: "from", label: "From" },
          { key: "to", label: "To" },
          { key: "person_days", label: "Person-days", num: true },
        ],
        rows,
        { empty: t("nobody: the run assigns nothing to this line"), sortKey: "from" },
      ),
    );
    const lg = (gaps.items || []).filter((g) => g.mission === r.mission && g.line === r.line);
    if (lg.length)
      parts.push(
        h("h3", {}, t("Gaps")),
        h(
          "ul",
          { class: "gaps", id: "line-gaps" },
          lg.map(gapLine),
        ),
      );
  }

  // what could fill it
  const offers = await api.listAll("offers", { capability: r.capability, ...q });
  parts.push(h("h2", {}, t("What could: offers of {capability}", { capability: r.capability })));
  if (offers.scope === "readable")
    parts.push(h("p", { class: "notice" }, t("Only the offers your role may read are listed; other nations' offers count on the board as totals.")));
  parts.push(
    sortableTable(
      t("Offers of this capability"),
      [
        { key: "id", label: "Offer" },
        { key: "nation", label: "Nation" },
        { key: "units", label: "Units", num: true },
        { key: "personnel", label: "People per unit", num: true },
        { key: "from", label: "From" },
        { key: "to", label: "To" },
        { key: "readiness", label: "Readiness", num: true },
        { key: "status", label: "Status", code: true },
        { key: "fits", label: "Fits the line" },
      ],
      offers.items.map((o) => ({ ...o.record, fits: fits(o.record, r) })),
      { empty: offers.scope === "readable" ? t("none your role may read") : t("no offer of this capability") },
    ),
  );
  return parts;
}

// Why an offer of the right capability may not fill the line (a first
// look: the solver decides, with caveats, caps and ceilings).
function fits(o, r) {
  const why = [];
  if (o.mission && o.mission !== r.mission) why.push(t("offered to {mission}", { mission: o.mission }));
  if (o.to && r.from && o.to <= r.from) why.push(t("ends before the line starts"));
  if (o.from && r.to && o.from >= r.to) why.push(t("starts after the line ends"));
  if (r.min_readiness && (o.readiness ?? 0) < r.min_readiness) why.push(t("readiness {readiness} below the line's {min}", { readiness: o.readiness ?? 0, min: r.min_readiness }));
  if (o.personnel < r.personnel) why.push(t("units too small"));
  if (o.status === "withdrawn") why.push(t("withdrawn"));
  return why.length ? why.join(getLang() === "fr" ? "\u00a0; " : "; ") : t("yes, on its face");
}

// A gap of the line: what is missing, when, and why (in French the
// reason's label, the reason code and the server's detail beneath).
function gapLine(g) {
  const what = g.missing_units
    ? t(g.missing_units === 1 ? "{units} unit, {people} people missing" : "{units} units, {people} people missing", { units: g.missing_units, people: g.missing_personnel })
    : t("{people} people missing", { people: g.missing_personnel });
  const { why, detail } = gapWhy(g);
  return h("li", { "data-reason": g.reason }, t("{what} {when}: {why}", { what, when: span(g.from, g.to), why }), serverLine(detail));
}

function changed(before, after) {
  const names = new Set([...Object.keys(before || {}), ...Object.keys(after || {})]);
  const out = [];
  for (const n of names) {
    const a = before ? before[n] : undefined,
      b = after ? after[n] : undefined;
    if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null)) out.push({ n, a, b });
  }
  return out;
}

// the history's operation in the page's language (the API's codes stay English)
const opName = (op) => ({ insert: t("insert"), update: t("update"), delete: t("delete") })[op] || op;

// a value before or after a change, as the audit row stores it (the
// scenario's text: "KWT;SYR", "yes"); a yes/no field's value in the page's
// language (oui/non)
const YESNO = new Set(["hard", "counts_against_cap"]);
const cell = (v, name) => (v === null || v === undefined || v === "" ? t("(empty)") : YESNO.has(name) && (v === "yes" || v === "no") ? codeLabel(v === "yes") : String(v));

export async function historyPage(entity, key, asOf) {
  const hist = await api.request("GET", "/api/history", { query: { entity, key, as_of: asOf } });
  const parts = [h("h1", { tabindex: "-1" }, t("History of {entity} '{key}'", { entity: codeLabel(entity), key }))];
  if (!hist.items.length) {
    parts.push(h("p", { class: "notice" }, t("No change of this record that your role may read.")));
    return parts;
  }
  const list = h("ol", { class: "history", id: "history-list", reversed: true });
  for (const row of [...hist.items].reverse()) {
    const diffs = row.op === "update" ? changed(row.before, row.after) : [];
    list.append(
      h(
        "li",
        { "data-seq": row.seq },
        h("p", { class: "hist-head" }, h("strong", {}, opName(row.op)), " " + t("by {actor} at {at} (revision {rev})", { actor: row.actor, at: row.at, rev: row.rev }), row.reason ? t(": “{reason}”", { reason: row.reason }) : ""),
        diffs.length
          ? h(
              "table",
              { class: "diff" },
              h("caption", { class: "visually-hidden" }, t("changes of revision {rev}", { rev: row.rev })),
              h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("Field")), h("th", { scope: "col" }, t("Before")), h("th", { scope: "col" }, t("After")))),
              h("tbody", {}, diffs.map((d) => h("tr", {}, h("th", { scope: "row" }, fieldLabel(entity, d.n)), h("td", {}, cell(d.a, d.n)), h("td", {}, cell(d.b, d.n))))),
            )
          : null,
      ),
    );
  }
  parts.push(list);
  return parts;
}
