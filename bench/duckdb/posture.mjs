// posture.mjs: the posture benchmark's DuckDB reference (bench/posture.sh).
// Loads a generated scenario folder's deployments.csv and missions.csv into
// an in-memory DuckDB (not timed), then runs the range join equivalent to
//     muster posture --from 2015-01-01 --to 2025-01-01 --every month --by country
// on two threads, best of RUNS; writes the last result as CSV (no header) to
// stdout and the best query time in seconds to stderr as "duckdb-query S".
// usage: node posture.mjs SCENARIO_DIR [RUNS]
import { DuckDBInstance } from "@duckdb/node-api";

const [dir, runsArg] = process.argv.slice(2);
if (!dir) {
  console.error("usage: node posture.mjs SCENARIO_DIR [RUNS]");
  process.exit(2);
}
const runs = Number(runsArg || 3);
const q = (s) => `'${s.replaceAll("'", "''")}'`;

const db = await DuckDBInstance.create(":memory:", { threads: "2" });
const con = await db.connect();
await con.run(`CREATE TABLE deployments AS SELECT * FROM read_csv(${q(dir + "/deployments.csv")}, header = true,
  types = {'nation': 'VARCHAR', 'country': 'VARCHAR', 'mission': 'VARCHAR', 'personnel': 'BIGINT',
           'from': 'DATE', 'to': 'DATE', 'kind': 'VARCHAR'})`);
await con.run(`CREATE TABLE missions AS SELECT * FROM read_csv(${q(dir + "/missions.csv")}, header = true,
  types = {'code': 'VARCHAR', 'host': 'VARCHAR'})`);

// muster's day counts: a deployment is there on day d when from <= d < to
// (an empty `to`: open-ended); in host / out of host through its mission
const SQL = `
WITH months AS (
  SELECT CAST(m AS DATE) AS m FROM range(TIMESTAMP '2015-01-01', TIMESTAMP '2025-01-01', INTERVAL 1 MONTH) t(m))
SELECT strftime(m, '%Y-%m-%d') AS date, dep.country, SUM(dep.personnel) AS personnel,
  SUM(CASE WHEN ms.host = dep.country THEN dep.personnel ELSE 0 END) AS in_host,
  SUM(CASE WHEN ms.host IS NOT NULL AND ms.host <> dep.country THEN dep.personnel ELSE 0 END) AS out_of_host,
  SUM(CASE WHEN dep.kind = 'permanent' THEN dep.personnel ELSE 0 END) AS permanent,
  SUM(CASE WHEN dep.kind = 'rotational' THEN dep.personnel ELSE 0 END) AS rotational,
  SUM(CASE WHEN dep.kind IN ('temporary', 'support') THEN dep.personnel ELSE 0 END) AS other
FROM months JOIN deployments dep ON dep."from" <= m AND (dep."to" IS NULL OR dep."to" > m)
LEFT JOIN missions ms ON ms.code = dep.mission
GROUP BY m, dep.country ORDER BY m, dep.country`;

let best = Infinity;
let rows = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const reader = await con.runAndReadAll(SQL);
  rows = reader.getRows();
  best = Math.min(best, (performance.now() - t0) / 1000);
}
process.stdout.write(rows.map((r) => r.map((v) => String(v)).join(",")).join("\n") + "\n");
console.error(`duckdb-query ${best.toFixed(3)}`);
