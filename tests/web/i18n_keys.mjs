// i18n_keys.mjs: every text of web/*.js given to t() (and every table
// column's label, which tables.js passes to t()) has a French entry in
// web/i18n.js, and no entry is unused. No browser; prints TAP.
// Usage: node i18n_keys.mjs WEB_DIR
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const { FR } = await import(join(dir, "i18n.js"));
const used = new Map(); // text -> first file:line
const lits = /\bt\(\s*"((?:[^"\\]|\\.)*)"|\blabel:\s*"((?:[^"\\]|\\.)*)"|\bt\(\s*(\w+)\s*\?\s*"((?:[^"\\]|\\.)*)"\s*:\s*"((?:[^"\\]|\\.)*)"|\bt\(\s*[^()"]*\?\s*"((?:[^"\\]|\\.)*)"\s*:\s*"((?:[^"\\]|\\.)*)"|\b[A-Z]+\s*=\s*\{|\d{3}:\s*"((?:[^"\\]|\\.)*)"/g;
const html = /data-i18n(?:-aria)?="([^"]*)"/g;
for (const f of readdirSync(dir).sort()) {
	if (!f.endsWith(".js") && !f.endsWith(".html")) continue;
	const lines = readFileSync(join(dir, f), "utf8").split("\n");
	lines.forEach((line, i) => {
		if (/^\s*\/\//.test(line) || (f === "i18n.js" && /^\t"(?:[^"\\]|\\.)*":\s*[`"]/.test(line))) return; // comments, the dictionary itself (a text to a text)
		for (const m of line.matchAll(f.endsWith(".html") ? html : lits))
			for (const s of m.slice(1)) {
				if (s === undefined || !m[0].includes(`"${s}"`)) continue; // not a literal
				const text = JSON.parse(`"${s}"`);
				if (!used.has(text)) used.set(text, `${f}:${i + 1}`);
			}
	});
}
const missing = [...used].filter(([s]) => !Object.hasOwn(FR, s));
const unused = Object.keys(FR).filter((s) => !used.has(s));
console.log("1..3");
console.log(`# ${used.size} texts used, ${Object.keys(FR).length} French entries`);
for (const [s, w] of missing) console.log(`# ${w}: no French for "${s}"`);
console.log(`${missing.length ? "not ok" : "ok"} 1 - every t() text has a French entry`);
for (const s of unused) console.log(`# web/i18n.js: entry "${s}" is not used`);
console.log(`${unused.length ? "not ok" : "ok"} 2 - no French entry is unused`);
const badNb = Object.entries(FR).filter(([, v]) => /[^\u00a0][:;!?](\s|$)/.test(v.replace(/\{\w+\}:\{\w+\}/g, "")) || /«[^\u00a0]|[^\u00a0]»/.test(v));
for (const [k] of badNb) console.log(`# "${k}": French without a no-break space before : ; ! ? or inside « »`);
console.log(`${badNb.length ? "not ok" : "ok"} 3 - French typography: no-break spaces`);
