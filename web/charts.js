// charts.js: the SVG charts, drawn here from the API's figures (no
// library): fair share against contribution per nation (/api/fairshare)
// and the posture timeline of a mission with its phases' ceilings
// (/api/posture). Every chart has a title and a description for screen
// readers and a table of the same figures beside it, so nothing is told by
// a picture alone. Colours keep a 3:1 contrast with the paper.

import { num, percent, t } from "./i18n.js";
import { h } from "./tables.js";

const NS = "http://www.w3.org/2000/svg";

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, v);
  for (const c of children.flat()) {
    if (c === undefined || c === null) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const fmt = { format: (v) => num(v, 1) };
const samplesText = (n, from, to, peak) => t("{n} samples from {from} to {to}; peak {peak} people", { n, from, to, peak });
// a phase's ceiling on the chart: "P1 2,000", with its status unless approved
const ceilingLabel = (p) => `${p.phase} ${fmt.format(p.ceiling)}${p.status === "approved" ? "" : ` (${p.status === "requested" ? t("requested") : p.status})`}`;

function svgRoot(id, title, desc, width, height) {
  return s(
    "svg",
    { id, class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": `${id}-t ${id}-d`, preserveAspectRatio: "xMinYMin meet" },
    s("title", { id: `${id}-t` }, title),
    s("desc", { id: `${id}-d` }, desc),
  );
}

// Fair share against sourced share, in percent of the mission, one pair of
// bars per nation. `rows` from /api/fairshare.
export function fairshareChart(rows) {
  const rowH = 26,
    left = 56,
    right = 16,
    top = 28,
    width = 640;
  const height = top + rows.length * rowH + 24;
  const max = Math.max(1, ...rows.map((r) => Math.max(r.share ?? 0, r.sourced_share ?? 0)));
  const x = (v) => left + ((width - left - right) * v) / max;
  const svg = svgRoot(
    "fairshare-chart",
    t("Fair share and sourced share per nation (percent of the mission)"),
    rows.map((r) => t("{nation}: fair {fair}%, sourced {sourced}", { nation: r.nation, fair: fmt.format(r.share), sourced: r.sourced_share === null ? t("unknown") : percent(r.sourced_share) })).join("; "),
    width,
    height,
  );
  svg.append(
    s("rect", { x: left, y: 6, width: 12, height: 12, class: "c-fair" }),
    s("text", { x: left + 18, y: 16, class: "c-label" }, t("fair share")),
    s("rect", { x: left + 110, y: 6, width: 12, height: 12, class: "c-sourced" }),
    s("text", { x: left + 128, y: 16, class: "c-label" }, t("sourced (latest run)")),
  );
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const g = s("g", { class: "c-row", "data-nation": r.nation });
    g.append(s("text", { x: left - 6, y: y + 15, class: "c-axis", "text-anchor": "end" }, r.nation));
    g.append(s("rect", { x: left, y: y + 2, width: Math.max(0, x(r.share ?? 0) - left), height: 9, class: "c-fair" }));
    if (r.sourced_share !== null && r.sourced_share !== undefined)
      g.append(s("rect", { x: left, y: y + 12, width: Math.max(0, x(r.sourced_share) - left), height: 9, class: "c-sourced" }));
    svg.append(g);
  });
  const ticks = 4;
  for (let t = 0; t <= ticks; t++) {
    const v = (max * t) / ticks;
    svg.append(
      s("line", { x1: x(v), x2: x(v), y1: top - 4, y2: height - 20, class: "c-grid" }),
      s("text", { x: x(v), y: height - 6, class: "c-axis", "text-anchor": "middle" }, percent(v)),
    );
  }
  return svg;
}

// The posture of a mission over time (`series`: [{date, value}]) with the
// ceilings of its phases as a step line (`phases`: [{from, to, ceiling}]).
export function postureChart(series, phases, label) {
  const width = 720,
    height = 260,
    left = 56,
    right = 16,
    top = 16,
    bottom = 36;
  const t = (d) => Date.parse(d);
  const t0 = t(series[0].date),
    t1 = t(series[series.length - 1].date);
  const span = Math.max(1, t1 - t0);
  const ceilings = phases.filter((p) => p.ceiling !== null && p.ceiling !== undefined);
  const max = Math.max(1, ...series.map((p) => p.value), ...ceilings.map((p) => p.ceiling)) * 1.08;
  const x = (d) => left + ((width - left - right) * (Math.min(Math.max(t(d), t0), t1) - t0)) / span;
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  const svg = svgRoot(
    "posture-chart",
    t("Personnel of {label} over time, with the phases' ceilings", { label }),
    samplesText(series.length, series[0].date, series[series.length - 1].date, fmt.format(Math.max(...series.map((p) => p.value)))),
    width,
    height,
  );
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    svg.append(
      s("line", { x1: left, x2: width - right, y1: y(v), y2: y(v), class: "c-grid" }),
      s("text", { x: left - 6, y: y(v) + 4, class: "c-axis", "text-anchor": "end" }, fmt.format(Math.round(v))),
    );
  }
  // a year label on each 1 January
  for (let yr = new Date(t0).getUTCFullYear() + 1; Date.UTC(yr, 0, 1) <= t1; yr++) {
    const d = `${yr}-01-01`;
    svg.append(
      s("line", { x1: x(d), x2: x(d), y1: top, y2: height - bottom, class: "c-grid" }),
      s("text", { x: x(d), y: height - bottom + 16, class: "c-axis", "text-anchor": "middle" }, String(yr)),
    );
  }
  let area = `M ${x(series[0].date)} ${y(0)}`;
  let line = "";
  series.forEach((p, i) => {
    // a step: the posture holds until the next sample
    const next = series[i + 1];
    area += ` L ${x(p.date)} ${y(p.value)}` + (next ? ` L ${x(next.date)} ${y(p.value)}` : "");
    line += `${i ? " L" : "M"} ${x(p.date)} ${y(p.value)}` + (next ? ` L ${x(next.date)} ${y(p.value)}` : "");
  });
  area += ` L ${x(series[series.length - 1].date)} ${y(0)} Z`;
  svg.append(s("path", { d: area, class: "c-area" }), s("path", { d: line, class: "c-line" }));
  for (const p of ceilings) {
    const from = p.from,
      to = p.to || series[series.length - 1].date;
    if (t(to) < t0 || t(from) > t1) continue;
    svg.append(
      s("line", { x1: x(from), x2: x(to), y1: y(p.ceiling), y2: y(p.ceiling), class: `c-ceiling${p.status === "approved" ? "" : " requested"}` }),
      // a label near the right edge ends at its line's end
      x(from) > width - 200
        ? s("text", { x: x(to) - 2, y: y(p.ceiling) - 4, class: "c-label", "text-anchor": "end" }, ceilingLabel(p))
        : s("text", { x: x(from) + 4, y: y(p.ceiling) - 4, class: "c-label" }, ceilingLabel(p)),
    );
  }
  svg.append(s("line", { x1: left, x2: width - right, y1: y(0), y2: y(0), class: "c-axisline" }));
  return svg;
}

// A small legend under the posture chart (a text, not colour alone).
export function postureLegend() {
  return h("p", { class: "legend" }, t("Filled: personnel (step between samples). Solid line: an approved phase's ceiling; dashed: a ceiling not yet approved."));
}

// The world's shapes (data/world.csv: code, name, an SVG path in a 1000 x
// 500 equirectangular box), read once from /web/world.csv.
let shapes = null;
export async function worldShapes() {
  if (shapes) return shapes;
  const res = await fetch("/web/world.csv");
  if (!res.ok) throw new Error(`the world's shapes: HTTP ${res.status}`);
  const out = [];
  for (const line of (await res.text()).split("\n").slice(1)) {
    if (!line) continue;
    // code,name,path; a name may be quoted ("Korea, Republic of"), a path has no comma
    const m = /^([A-Z]{3}),("(?:[^"]|"")*"|[^,]*),(.*)$/.exec(line);
    if (m) out.push({ code: m[1], name: m[2].replace(/^"|"$/g, "").replace(/""/g, '"'), path: m[3] });
  }
  shapes = out;
  return out;
}

// A map of personnel per country (`counts`: Map code -> people), shaded in
// four steps; zoomed to the countries with people once it is on the page.
export function postureMap(world, counts, date) {
  const max = Math.max(1, ...counts.values());
  const step = (v) => (v <= 0 ? 0 : Math.min(4, 1 + Math.floor((4 * Math.log(1 + v)) / Math.log(1 + max + 1e-9))));
  const listed = [...counts.entries()].filter(([, v]) => v > 0).map(([c, v]) => `${c} ${fmt.format(v)}`);
  const svg = svgRoot("posture-map", t("Personnel per country on {date}", { date }), listed.length ? listed.join("; ") : t("no personnel"), 1000, 500);
  const g = s("g");
  svg.append(s("rect", { x: 0, y: 0, width: 1000, height: 500, class: "c-sea" }));
  for (const c of world) {
    const v = counts.get(c.code) || 0;
    const p = s("path", { d: c.path, class: `c-land s${step(v)}`, "data-code": c.code }, s("title", {}, v ? t("{name}: {people} people", { name: c.name, people: fmt.format(v) }) : c.name));
    g.append(p);
  }
  svg.append(g);
  // zoom to the countries with people (their bounding box, padded), once drawn
  const zoom = (tries) => {
    if (!svg.isConnected) {
      if (tries > 0) requestAnimationFrame(() => zoom(tries - 1));
      return;
    }
    const boxes = [...svg.querySelectorAll("path.c-land:not(.s0)")].map((p) => p.getBBox());
    if (!boxes.length) return;
    let x0 = Math.min(...boxes.map((b) => b.x)),
      y0 = Math.min(...boxes.map((b) => b.y));
    let x1 = Math.max(...boxes.map((b) => b.x + b.width)),
      y1 = Math.max(...boxes.map((b) => b.y + b.height));
    const pad = Math.max(30, (x1 - x0) * 0.4);
    x0 -= pad;
    x1 += pad;
    y0 -= pad / 2;
    y1 += pad / 2;
    // keep the 2:1 shape of the box
    const w = Math.max(x1 - x0, 2 * (y1 - y0)),
      hgt = w / 2;
    const cx = (x0 + x1) / 2,
      cy = (y0 + y1) / 2;
    svg.setAttribute("viewBox", `${Math.max(0, cx - w / 2)} ${Math.max(0, cy - hgt / 2)} ${Math.min(1000, w)} ${Math.min(500, hgt)}`);
  };
  requestAnimationFrame(() => zoom(60));
  return svg;
}
