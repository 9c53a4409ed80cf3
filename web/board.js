// board.js: the statement of requirements as a fill board, line by line:
// what the line requires, what the latest run fills (person-days, from the
// assignments the role reads in full plus the totals of the others), and
// each gap with its reason. Nothing is guessed: without a run the board
// says so instead of showing zeros.

import { gapWhy, num, span, t } from "./i18n.js";
import { h, serverLine } from "./tables.js";

const DAY = 86400000;

function days(from, to) {
  if (!from || !to) return null; // open-ended: no finite total
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY);
}

// One row per requirement line: {line, capability, units, personnel, from,
// to, required, filled, percent, gaps[]}; `percent` is null when the line
// has no finite required person-days.
export function boardRows(requirements, assignments, gaps) {
  const filled = new Map();
  for (const a of [...(assignments.items || []), ...(assignments.totals || [])]) {
    const k = `${a.mission}:${a.line}`;
    filled.set(k, (filled.get(k) || 0) + (Number(a.person_days) || 0));
  }
  const gapsBy = new Map();
  for (const g of gaps.items || []) {
    const k = `${g.mission}:${g.line}`;
    if (!gapsBy.has(k)) gapsBy.set(k, []);
    gapsBy.get(k).push(g);
  }
  return requirements.map((rec) => {
    const r = rec.record;
    const k = `${r.mission}:${r.line}`;
    const d = days(r.from, r.to);
    const required = d === null ? null : Number(r.units) * Number(r.personnel) * d;
    const got = filled.get(k) || 0;
    return {
      key: k,
      line: r.line,
      capability: r.capability,
      units: Number(r.units),
      personnel: Number(r.personnel),
      from: r.from,
      to: r.to,
      priority: r.priority,
      required,
      filled: got,
      percent: required ? Math.min(100, (100 * got) / required) : null,
      gaps: gapsBy.get(k) || [],
    };
  });
}

function gapItem(g) {
  const what = g.missing_units
    ? t(g.missing_units === 1 ? "{units} unit ({people} people)" : "{units} units ({people} people)", { units: g.missing_units, people: g.missing_personnel })
    : t("{people} people", { people: g.missing_personnel });
  const when = span(g.from, g.to);
  const { why, detail } = gapWhy(g);
  return h("li", { "data-reason": g.reason }, t("{what} missing {when}: {why}", { what, when, why }), serverLine(detail));
}

const fmt = { format: (v) => num(v) };

// `stale`: the run was solved on an earlier revision, so a line that is not
// full without a gap of its own changed after the run.
export function boardView(rows, stale) {
  const list = h("ol", { class: "board", "aria-label": t("fill by line") });
  for (const r of rows) {
    const pct = r.percent === null ? null : Math.round(r.percent);
    const state = r.gaps.length ? "gap" : pct !== null && r.percent < 99.95 ? "short" : "full";
    const bar = h("div", { class: "bar", "aria-hidden": "true" }, h("div", { class: `fill ${state}` }));
    bar.firstChild.dataset.pct = pct ?? 0;
    list.append(
      h(
        "li",
        { class: `line ${state}`, "data-line": r.key },
        h(
          "div",
          { class: "line-head" },
          h("strong", { class: "line-id" }, h("a", { href: `#line/${r.key}`, "aria-label": t("line {line}: detail", { line: r.line }) }, r.line)),
          h("span", { class: "cap" }, r.capability),
          h("span", { class: "when" }, span(r.from, r.to)),
          h("span", { class: "prio" }, t("priority {priority}", { priority: r.priority })),
        ),
        h(
          "div",
          { class: "line-figures" },
          h("span", { class: "req" }, t("required {units} × {people} people", { units: r.units, people: r.personnel })),
          h(
            "span",
            { class: "pct", "data-pct": pct ?? "" },
            pct === null
              ? t("{filled} person-days filled (open-ended line)", { filled: fmt.format(r.filled) })
              : t("{pct}% filled ({filled} of {required} person-days)", { pct, filled: fmt.format(r.filled), required: fmt.format(r.required) }),
          ),
        ),
        bar,
        r.gaps.length
          ? h("ul", { class: "gaps", "aria-label": t("gaps of {line}", { line: r.line }) }, r.gaps.map(gapItem))
          : state === "short"
            ? h("p", { class: "short-text" }, stale ? t("not full: the line changed after this run (no gap recorded)") : t("not full (no gap recorded)"))
            : h("p", { class: "ok" }, t("no gap")),
      ),
    );
  }
  // widths set through the CSSOM: the CSP allows no inline style attribute
  for (const f of list.querySelectorAll(".fill")) f.style.width = `${f.dataset.pct}%`;
  return list;
}
