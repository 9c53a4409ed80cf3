// tables.js: the DOM helper and sortable tables. Every text goes in as a
// text node (never as HTML), so nothing the server sends can run as code.
import { codeLabel, t } from "./i18n.js";

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// The server's own words beneath the page's sentence (serverDetail in
// i18n.js), or nothing when there are none.
export function serverLine(text) {
  return text ? h("span", { class: "server-detail" }, text) : null;
}

function compare(a, b) {
  const empty = (v) => v === null || v === undefined || v === "";
  if (empty(a) || empty(b)) return empty(a) - empty(b); // empty cells last
  const na = Number(a),
    nb = Number(b);
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return String(a).localeCompare(String(b));
}

// The order chosen per table (by caption), kept while the page lives so a
// live refresh does not undo the user's sort.
const chosen = new Map();
const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-");

// A table of `rows` (objects) with `columns` [{key, label, num}], sorted by
// a click (or Enter/Space) on a column's header (a column with `code: true`
// holds codes of the API, a status or a kind: each shows its label, the code
// kept in the cell's title and data-code, and sorts by the code); `caption` names it for
// screen readers; `opts.action(row)` gives the Node of a last, unsorted
// column (an Edit button, a link), `opts.actionLabel` its header.
// Returns the <table>'s scrollable region.
export function sortableTable(caption, columns, rows, opts = {}) {
  const kept = chosen.get(caption);
  let sortKey = kept ? kept.key : opts.sortKey || columns[0].key;
  let dir = kept ? kept.dir : 1;
  const tbody = h("tbody");
  const heads = columns.map((c) => {
    const btn = h(
      "button",
      { type: "button", class: "sort", id: `sort-${slug(caption)}-${c.key}`, onclick: () => sortBy(c.key) },
      t(c.label),
    );
    return h("th", { scope: "col", class: c.num ? "num" : null, "data-key": c.key }, btn);
  });
  const extra = opts.action ? h("th", { scope: "col" }, opts.actionLabel || t("Actions")) : null;
  function render() {
    const sorted = [...rows].sort((x, y) => dir * compare(x[sortKey], y[sortKey]));
    tbody.replaceChildren(
      ...sorted.map((r) =>
        h(
          "tr",
          {},
          columns.map((c) => {
            const v = r[c.key];
            if (v === null || v === undefined) return h("td", { class: c.num ? "num" : null }, "");
            // a list (a caveat's countries) as the form writes it: "NMI, OIR"
            const label = Array.isArray(v) ? v.join(", ") : c.code ? codeLabel(v) : v;
            const raw = c.code && String(label) !== String(v) ? String(v) : null;
            return h("td", { class: c.num ? "num" : null, title: raw, "data-code": raw }, label);
          }),
          opts.action ? h("td", { class: "act" }, opts.action(r)) : null,
        ),
      ),
    );
    if (!sorted.length)
      tbody.append(h("tr", {}, h("td", { colspan: columns.length + (opts.action ? 1 : 0), class: "empty" }, opts.empty || t("no records"))));
    heads.forEach((th, i) => {
      const k = columns[i].key;
      th.setAttribute("aria-sort", k === sortKey ? (dir > 0 ? "ascending" : "descending") : "none");
    });
  }
  function sortBy(key) {
    dir = key === sortKey ? -dir : 1;
    sortKey = key;
    chosen.set(caption, { key, dir });
    render();
  }
  render();
  return h(
    "div",
    { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption },
    h("table", {}, h("caption", {}, caption), h("thead", {}, h("tr", {}, heads, extra)), tbody),
  );
}
