// forms.js: the edit form of one record (PATCH /api/ENTITY/KEY with
// If-Match: the version read). What the server says is wrong is shown next
// to its field (aria-describedby, aria-invalid); an edit on a stale version
// (412) reads the record again and shows, field by field, what the user
// typed beside what the other user saved, so the user can redo the edit on
// the new version or take the other one. Nothing is checked here that the
// server checks: the server's word is the one shown.

import * as api from "./api.js";
import { codeLabel, fieldLabel, problemField, problemItem, problemText, serverDetail, t } from "./i18n.js";
import { h, serverLine } from "./tables.js";

// The key columns of each entity: shown, never sent (a PATCH may not change them).
const KEYS = {
  nations: ["code"],
  keys: ["key", "nation"],
  missions: ["code"],
  phases: ["mission", "phase"],
  capabilities: ["code"],
  requirements: ["mission", "line"],
  offers: ["id"],
  caveats: ["id"],
  caps: ["id"],
  deployments: ["id"],
};

function kindOf(v) {
  if (Array.isArray(v)) return "list";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "number";
  return "text";
}

// A field's value as the user reads and types it.
function shown(v) {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.join(", ");
  if (typeof v === "boolean") return v ? t("yes") : t("no");
  return String(v);
}

// What the input holds, typed as the field (the server checks the rest: a
// word in a number field goes as text and comes back as the server's error).
function readInput(input, kind) {
  if (kind === "bool") return input.checked;
  const t = input.value.trim();
  if (t === "") return null;
  if (kind === "list") return t.split(",").map((x) => x.trim()).filter(Boolean);
  if (kind === "number") return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
  return t;
}

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const fid = (name) => `f-${name}`;

// The form for `entity`/`key`; `onSaved(record)` after a save. Reads the
// record first, so its ETag is the version the edit is made on.
export async function editForm(entity, key, { onSaved, title } = {}) {
  const first = await api.request("GET", `/api/${entity}/${encodeURIComponent(key)}`);
  const keys = KEYS[entity] || [];
  let base = first; // the version the edit is made on
  const kinds = {};
  for (const [name, v] of Object.entries(first.record)) kinds[name] = kindOf(v);
  // a field empty in this record: guess its kind from its name
  for (const name of Object.keys(kinds))
    if (first.record[name] === null && ["units", "personnel", "readiness", "priority", "pool", "limit", "ceiling", "min_readiness"].includes(name))
      kinds[name] = "number";
    else if (first.record[name] === null && ["caveats", "tasks", "memberships"].includes(name)) kinds[name] = "list";

  const formError = h("div", { class: "error", role: "alert", id: "form-error", hidden: true });
  const conflict = h("section", { class: "conflict", id: "conflict", hidden: true, "aria-labelledby": "conflict-title" });
  const saved = h("p", { class: "saved", role: "status", id: "form-saved" });
  const version = h("span", { class: "version", id: "form-version" });
  const inputs = {};
  const fields = [];
  for (const name of Object.keys(first.record)) {
    const kind = kinds[name];
    const isKey = keys.includes(name);
    let input;
    if (kind === "bool") input = h("input", { type: "checkbox", id: fid(name), name });
    else input = h("input", { id: fid(name), name, type: kind === "number" ? "number" : "text", step: kind === "number" ? "any" : null, inputmode: kind === "number" ? "decimal" : null });
    if (isKey) {
      input.readOnly = true;
      input.setAttribute("aria-readonly", "true");
    }
    const hint = kind === "list" ? h("span", { class: "hint", id: `${fid(name)}-hint` }, t("comma-separated")) : null;
    const err = h("p", { class: "field-error", id: `${fid(name)}-error`, hidden: true });
    const describedBy = [hint && hint.id].filter(Boolean).join(" ");
    if (describedBy) input.setAttribute("aria-describedby", describedBy);
    inputs[name] = { input, kind, err, hint };
    fields.push(
      h("div", { class: `field${isKey ? " key" : ""}`, "data-field": name }, h("label", { for: fid(name) }, fieldLabel(entity, name, isKey)), input, hint, err),
    );
  }

  function fill(record) {
    for (const [name, { input, kind }] of Object.entries(inputs)) {
      if (kind === "bool") input.checked = Boolean(record[name]);
      else input.value = shown(record[name]);
    }
  }
  function setVersion(rec) {
    version.textContent = t("editing version {version}", { version: rec.version });
  }
  function clearErrors() {
    formError.hidden = true;
    formError.replaceChildren();
    for (const { input, err, hint } of Object.values(inputs)) {
      err.hidden = true;
      err.textContent = "";
      input.removeAttribute("aria-invalid");
      if (hint) input.setAttribute("aria-describedby", hint.id);
      else input.removeAttribute("aria-describedby");
    }
  }
  // The fields the user changed from the version the edit is made on.
  function changes() {
    const out = {};
    for (const [name, { input, kind }] of Object.entries(inputs)) {
      if (keys.includes(name)) continue;
      const v = readInput(input, kind);
      if (!same(v, base.record[name])) out[name] = v;
    }
    return out;
  }

  // A field's error: the page's sentence (in English the server's message)
  // and, in French, the server's message beneath it.
  function fieldError(f, item) {
    f.err.replaceChildren(item.text, serverLine(item.detail) || "");
    f.err.hidden = false;
    f.input.setAttribute("aria-invalid", "true");
    f.input.setAttribute("aria-describedby", [f.hint && f.hint.id, f.err.id].filter(Boolean).join(" "));
  }

  function showProblem(e) {
    const p = e.problem || {};
    const loose = [];
    for (const x of p.errors || []) {
      const f = x.column && inputs[x.column];
      if (f) fieldError(f, problemItem(x));
      else loose.push(problemItem(x));
    }
    // a message naming a column without errors[] (a type error): put it there too
    if (!(p.errors || []).length) {
      const name = problemField(e);
      const f = name && inputs[name];
      if (f) fieldError(f, problemItem({ column: name, message: e.message }));
    }
    formError.replaceChildren(h("strong", {}, t("Not saved ({status}):", { status: e.status || t("error") }) + " "), problemText(e), serverLine(serverDetail(e)) || "");
    if (loose.length) formError.append(h("ul", {}, loose.map((m) => h("li", {}, m.text, serverLine(m.detail) || ""))));
    formError.hidden = false;
    const bad = Object.values(inputs).find((f) => !f.err.hidden);
    (bad ? bad.input : formError).focus?.();
  }

  // 412: the record changed since it was read. Show both versions of every
  // field that differs, and who changed it.
  async function showConflict(mine) {
    const now = await api.request("GET", `/api/${entity}/${encodeURIComponent(key)}`);
    let by = "";
    try {
      const hist = await api.request("GET", "/api/history", { query: { entity, key } });
      const last = hist.items[hist.items.length - 1];
      if (last) by = t(" by {actor} at {at}", { actor: last.actor, at: last.at });
    } catch {}
    const rows = [];
    for (const name of Object.keys(inputs)) {
      const theirs = now.record[name];
      const was = base.record[name];
      const mineV = name in mine ? mine[name] : was;
      if (same(theirs, was) && !(name in mine)) continue;
      rows.push(
        h(
          "tr",
          { "data-field": name },
          h("th", { scope: "row" }, fieldLabel(entity, name)),
          h("td", { class: "was" }, shown(was)),
          h("td", { class: "mine" }, shown(mineV)),
          h("td", { class: "theirs" }, shown(theirs)),
        ),
      );
    }
    const redo = h("button", { type: "button", id: "conflict-redo" }, t("Redo my edit on the new version"));
    const take = h("button", { type: "button", id: "conflict-take", class: "secondary" }, t("Discard mine, keep theirs"));
    conflict.replaceChildren(
      h("h2", { id: "conflict-title" }, t("Someone else changed this record")),
      h("p", {}, t("You edited version {mine}; it is now version {now} (changed{by}). Nothing of yours was saved.", { mine: base.version, now: now.version, by })),
      h(
        "table",
        { class: "conflict-table" },
        h("caption", {}, t("Your edit and the other change")),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, t("Field")),
            h("th", { scope: "col" }, t("Version {version}", { version: base.version })),
            h("th", { scope: "col" }, t("Yours")),
            h("th", { scope: "col" }, t("Now (version {version})", { version: now.version })),
          ),
        ),
        h("tbody", {}, rows),
      ),
      h("div", { class: "actions" }, redo, take),
    );
    conflict.hidden = false;
    redo.addEventListener("click", () => {
      base = now;
      fill({ ...now.record, ...mine });
      setVersion(now);
      conflict.hidden = true;
      saved.textContent = t("Your edit is on version {version} now: check it and save again.", { version: now.version });
      form.querySelector("button[type=submit]").focus();
    });
    take.addEventListener("click", () => {
      base = now;
      fill(now.record);
      setVersion(now);
      conflict.hidden = true;
      saved.textContent = t("Showing version {version}.", { version: now.version });
    });
    redo.focus();
  }

  const submit = h("button", { type: "submit" }, t("Save"));
  const form = h(
    "form",
    { class: "edit", id: "edit-form", "aria-labelledby": "edit-title", novalidate: true },
    h("h1", { id: "edit-title", tabindex: "-1" }, title || t("Edit {entity} '{key}'", { entity: codeLabel(entity), key })),
    version,
    formError,
    conflict,
    h("div", { class: "fields" }, fields),
    h("label", { for: "f-reason", class: "reason-label" }, t("Reason (kept in the history)")),
    h("input", { id: "f-reason", name: "reason" }),
    h("div", { class: "actions" }, submit, saved),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearErrors();
    saved.textContent = "";
    const body = changes();
    if (!Object.keys(body).length) {
      saved.textContent = t("Nothing changed.");
      return;
    }
    submit.disabled = true;
    try {
      const reason = form.querySelector("#f-reason").value.trim();
      const rec = await api.request("PATCH", `/api/${entity}/${encodeURIComponent(key)}`, {
        body,
        ifMatch: base.version,
        query: { reason },
      });
      base = { ...rec, version: rec.version ?? Number(rec.etag) };
      fill(base.record);
      setVersion(base);
      saved.textContent = t("Saved: version {version}.", { version: base.version });
      if (onSaved) onSaved(base);
    } catch (e) {
      if (e.status === 412) await showConflict(body);
      else showProblem(e);
    } finally {
      submit.disabled = false;
    }
  });
  fill(first.record);
  setVersion(first);
  return form;
}

export const keyColumns = KEYS;
