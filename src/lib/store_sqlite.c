/*
 * store_sqlite.c: the SQLite backend of the store (store.h), the default: one
 * database file.
 *
 * Key decisions:
 * - WAL journal with synchronous=NORMAL: a transaction is atomic even when
 *   the process is killed (kill -9) or the machine loses power (a commit may
 *   then be lost, never half-applied), readers do not block the writer, and
 *   commits cost no fsync of the database file. synchronous=OFF would gain
 *   little for one big transaction and risks corruption on power loss.
 * - foreign_keys=ON and a busy timeout (another muster writing waits, not
 *   fails). Scenario tables carry no foreign keys or secondary indexes:
 *   cross-references are checked in C by muster_scenario_validate() before
 *   anything is stored, and a bulk load stays a plain append. Runs and
 *   what-if changes reference their parent with ON DELETE CASCADE.
 * - The schema version is PRAGMA user_version; PRAGMA application_id marks a
 *   muster database. migrations[] holds one SQL step per version, applied in
 *   one transaction on open; a database from a newer muster is refused.
 * - Every statement is prepared once and cached for the connection's life
 *   (SQLITE_PREPARE_PERSISTENT). INSERTs and SELECTs of scenario tables are
 *   built from the backend-neutral store_tables[] (store.c).
 * - Each table's `ord INTEGER PRIMARY KEY` is the rowid: rows load in the
 *   order they were imported.
 * - CHECK constraints hold every bound the scenario reader enforces (schema
 *   version 2), and load_row() checks them again: a database edited with
 *   PRAGMA ignore_check_constraints or by an older muster is refused with
 *   the table, row (ord), column, what was expected and what is there.
 * - The deployments (a million rows) load on two threads, over one
 *   connection and one read transaction: this one steps the SELECT and
 *   copies the cells into batches, a decoder converts and checks them
 *   (load_piped). Their strings go to the scenario's pool (sc->strings):
 *   one copy of each code, the ids in its chunks.
 * - An existing database that this process cannot write (file, folder or
 *   file system) is opened read-only, immutable when no -wal/-shm is there
 *   (WAL reading needs a -shm that a read-only folder cannot hold).
 */
#include "store.h"
#include "i18n.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 'MSTR': marks a muster database in the file header. */
#define MUSTER_APPLICATION_ID 0x4d535452
#define BUSY_TIMEOUT_MS	      10000

/* migrations[v] brings a database from version v to v + 1. */
static const char *const migrations[] = {
    /* 0 -> 1: the scenario tables, runs and what-ifs. */
    "CREATE TABLE nations (ord INTEGER PRIMARY KEY, code TEXT NOT NULL, name TEXT,"
    " region TEXT, memberships TEXT);"
    "CREATE TABLE keys (ord INTEGER PRIMARY KEY, \"key\" TEXT NOT NULL, nation TEXT NOT NULL,"
    " value REAL NOT NULL);"
    "CREATE TABLE missions (ord INTEGER PRIMARY KEY, code TEXT NOT NULL, name TEXT,"
    " organization TEXT, host TEXT NOT NULL, from_day INTEGER, to_day INTEGER);"
    "CREATE TABLE phases (ord INTEGER PRIMARY KEY, mission TEXT NOT NULL, phase TEXT NOT NULL,"
    " from_day INTEGER, to_day INTEGER, ceiling INTEGER NOT NULL, scope TEXT NOT NULL,"
    " status TEXT NOT NULL);"
    "CREATE TABLE capabilities (ord INTEGER PRIMARY KEY, code TEXT NOT NULL, name TEXT,"
    " substitutes TEXT);"
    "CREATE TABLE requirements (ord INTEGER PRIMARY KEY, mission TEXT NOT NULL,"
    " line TEXT NOT NULL, capability TEXT NOT NULL, units INTEGER NOT NULL,"
    " personnel INTEGER NOT NULL, location TEXT, from_day INTEGER, to_day INTEGER,"
    " priority INTEGER NOT NULL, min_readiness INTEGER NOT NULL, tasks TEXT);"
    "CREATE TABLE caveats (ord INTEGER PRIMARY KEY, id TEXT NOT NULL, nation TEXT NOT NULL,"
    " kind TEXT NOT NULL, value TEXT, days INTEGER NOT NULL, hard INTEGER NOT NULL);"
    "CREATE TABLE offers (ord INTEGER PRIMARY KEY, id TEXT NOT NULL, nation TEXT NOT NULL,"
    " capability TEXT NOT NULL, units INTEGER NOT NULL, personnel INTEGER NOT NULL,"
    " from_day INTEGER, to_day INTEGER, readiness INTEGER NOT NULL, mission TEXT, line TEXT,"
    " caveats TEXT, status TEXT NOT NULL);"
    "CREATE TABLE caps (ord INTEGER PRIMARY KEY, nation TEXT NOT NULL, country TEXT NOT NULL,"
    " \"limit\" INTEGER NOT NULL, from_day INTEGER, to_day INTEGER, note TEXT);"
    "CREATE TABLE deployments (ord INTEGER PRIMARY KEY, id TEXT, nation TEXT NOT NULL,"
    " country TEXT NOT NULL, mission TEXT, personnel INTEGER NOT NULL, from_day INTEGER,"
    " to_day INTEGER, kind TEXT NOT NULL, counts_against_cap INTEGER NOT NULL, source TEXT);"
    "CREATE TABLE run (id INTEGER PRIMARY KEY, created TEXT NOT NULL, whatif TEXT,"
    " mission TEXT, solver TEXT, with_requested INTEGER NOT NULL, fair_weight REAL NOT NULL,"
    " objective REAL NOT NULL, bound REAL NOT NULL, gap REAL NOT NULL, fill REAL NOT NULL,"
    " seconds REAL NOT NULL);"
    "CREATE TABLE run_assignment (ord INTEGER PRIMARY KEY,"
    " run INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE, mission TEXT, line TEXT,"
    " offer TEXT, nation TEXT, units INTEGER NOT NULL, personnel INTEGER NOT NULL,"
    " from_day INTEGER, to_day INTEGER);"
    "CREATE INDEX run_assignment_run ON run_assignment(run);"
    "CREATE TABLE run_gap (ord INTEGER PRIMARY KEY,"
    " run INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE, mission TEXT, line TEXT,"
    " from_day INTEGER, to_day INTEGER, missing_units INTEGER NOT NULL, reason TEXT NOT NULL,"
    " detail TEXT);"
    "CREATE INDEX run_gap_run ON run_gap(run);"
    "CREATE TABLE whatif (ord INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    " base TEXT REFERENCES whatif(name), created TEXT NOT NULL);"
    "CREATE TABLE whatif_change (ord INTEGER PRIMARY KEY,"
    " whatif TEXT NOT NULL REFERENCES whatif(name) ON DELETE CASCADE, change TEXT NOT NULL);"
    "CREATE INDEX whatif_change_whatif ON whatif_change(whatif);",
    /*
     * 1 -> 2: scenario revisions, the revision each run was solved on, and
     * CHECK constraints for every bound the reader enforces (the scenario
     * tables are rebuilt with their rows: SQLite cannot add a CHECK to a
     * table). A v1 database with runs starts at revision 1, so that its runs
     * (revision 0, not recorded) are reported stale rather than current.
     * Then offers.pool, the units held to sustain an offer (NULL: not
     * stated), and the sourcing outputs of the cut intervals (NULL where a
     * run of version 1 did not record them).
     */
    "CREATE TABLE revision (scenario TEXT PRIMARY KEY, rev INTEGER NOT NULL CHECK (rev >= 0));"
    "INSERT INTO revision (scenario, rev) SELECT '', EXISTS (SELECT 1 FROM run);"
    "ALTER TABLE run ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;"
    "CREATE TABLE keys_v2 (ord INTEGER PRIMARY KEY, \"key\" TEXT NOT NULL, nation TEXT NOT NULL,"
    " value REAL NOT NULL CHECK (typeof(value) IN ('real', 'integer') AND value BETWEEN 0 AND"
    " 1.7976931348623157e308)); INSERT INTO keys_v2 SELECT * FROM keys; DROP TABLE keys; ALTER"
    " TABLE keys_v2 RENAME TO keys;"
    "CREATE TABLE missions_v2 (ord INTEGER PRIMARY KEY, code TEXT NOT NULL, name TEXT,"
    " organization TEXT, host TEXT NOT NULL, from_day INTEGER CHECK (from_day IS NULL OR"
    " (typeof(from_day) = 'integer' AND from_day BETWEEN -25567 AND 2932896)), to_day INTEGER"
    " CHECK (to_day IS NULL OR (typeof(to_day) = 'integer' AND to_day BETWEEN -25567 AND"
    " 2932896)), CHECK (from_day IS NULL OR to_day IS NULL OR from_day < to_day)); INSERT INTO"
    " missions_v2 SELECT * FROM missions; DROP TABLE missions; ALTER TABLE missions_v2 RENAME TO"
    " missions;"
    "CREATE TABLE phases_v2 (ord INTEGER PRIMARY KEY, mission TEXT NOT NULL, phase TEXT NOT"
    " NULL, from_day INTEGER NOT NULL CHECK (typeof(from_day) = 'integer' AND from_day BETWEEN"
    " -25567 AND 2932896), to_day INTEGER CHECK (to_day IS NULL OR (typeof(to_day) = 'integer'"
    " AND to_day BETWEEN -25567 AND 2932896)), ceiling INTEGER NOT NULL CHECK (typeof(ceiling) ="
    " 'integer' AND ceiling BETWEEN 0 AND 1000000000), scope TEXT NOT NULL CHECK (scope IN"
    " ('all', 'in-host')), status TEXT NOT NULL CHECK (status IN ('approved', 'requested')),"
    " CHECK (from_day IS NULL OR to_day IS NULL OR from_day < to_day)); INSERT INTO phases_v2"
    " SELECT * FROM phases; DROP TABLE phases; ALTER TABLE phases_v2 RENAME TO phases;"
    "CREATE TABLE requirements_v2 (ord INTEGER PRIMARY KEY, mission TEXT NOT NULL, line TEXT NOT"
    " NULL, capability TEXT NOT NULL, units INTEGER NOT NULL CHECK (typeof(units) = 'integer'"
    " AND units BETWEEN 1 AND 1000000000), personnel INTEGER NOT NULL CHECK (typeof(personnel) ="
    " 'integer' AND personnel BETWEEN 1 AND 1000000000), location TEXT, from_day INTEGER NOT"
    " NULL CHECK (typeof(from_day) = 'integer' AND from_day BETWEEN -25567 AND 2932896), to_day"
    " INTEGER NOT NULL CHECK (typeof(to_day) = 'integer' AND to_day BETWEEN -25567 AND 2932896),"
    " priority INTEGER NOT NULL CHECK (typeof(priority) = 'integer' AND priority BETWEEN 1 AND"
    " 5), min_readiness INTEGER NOT NULL CHECK (typeof(min_readiness) = 'integer' AND"
    " min_readiness BETWEEN 0 AND 3), tasks TEXT, CHECK (from_day IS NULL OR to_day IS NULL OR"
    " from_day < to_day)); INSERT INTO requirements_v2 SELECT * FROM requirements; DROP TABLE"
    " requirements; ALTER TABLE requirements_v2 RENAME TO requirements;"
    "CREATE TABLE caveats_v2 (ord INTEGER PRIMARY KEY, id TEXT NOT NULL, nation TEXT NOT NULL,"
    " kind TEXT NOT NULL CHECK (kind IN ('only-countries', 'not-countries', 'no-tasks',"
    " 'only-missions', 'max-days')), value TEXT, days INTEGER NOT NULL CHECK (typeof(days) ="
    " 'integer' AND days BETWEEN 0 AND 1000000), hard INTEGER NOT NULL CHECK (typeof(hard) ="
    " 'integer' AND hard BETWEEN 0 AND 1)); INSERT INTO caveats_v2 SELECT * FROM caveats; DROP"
    " TABLE caveats; ALTER TABLE caveats_v2 RENAME TO caveats;"
    "CREATE TABLE offers_v2 (ord INTEGER PRIMARY KEY, id TEXT NOT NULL, nation TEXT NOT NULL,"
    " capability TEXT NOT NULL, units INTEGER NOT NULL CHECK (typeof(units) = 'integer' AND"
    " units BETWEEN 1 AND 1000000000), personnel INTEGER NOT NULL CHECK (typeof(personnel) ="
    " 'integer' AND personnel BETWEEN 1 AND 1000000000), from_day INTEGER NOT NULL CHECK"
    " (typeof(from_day) = 'integer' AND from_day BETWEEN -25567 AND 2932896), to_day INTEGER"
    " CHECK (to_day IS NULL OR (typeof(to_day) = 'integer' AND to_day BETWEEN -25567 AND"
    " 2932896)), readiness INTEGER NOT NULL CHECK (typeof(readiness) = 'integer' AND readiness"
    " BETWEEN 0 AND 3), mission TEXT, line TEXT, caveats TEXT, status TEXT NOT NULL CHECK"
    " (status IN ('offered', 'accepted', 'withdrawn')), CHECK (from_day IS NULL OR to_day IS"
    " NULL OR from_day < to_day)); INSERT INTO offers_v2 SELECT * FROM offers; DROP TABLE"
    " offers; ALTER TABLE offers_v2 RENAME TO offers;"
    "CREATE TABLE caps_v2 (ord INTEGER PRIMARY KEY, nation TEXT NOT NULL, country TEXT NOT NULL,"
    " \"limit\"INTEGER NOT NULL CHECK (typeof(\"limit\") = 'integer' AND \"limit\"BETWEEN 0 AND"
    " 1000000000), from_day INTEGER CHECK (from_day IS NULL OR (typeof(from_day) = 'integer' AND"
    " from_day BETWEEN -25567 AND 2932896)), to_day INTEGER CHECK (to_day IS NULL OR"
    " (typeof(to_day) = 'integer' AND to_day BETWEEN -25567 AND 2932896)), note TEXT, CHECK"
    " (from_day IS NULL OR to_day IS NULL OR from_day < to_day)); INSERT INTO caps_v2 SELECT *"
    " FROM caps; DROP TABLE caps; ALTER TABLE caps_v2 RENAME TO caps;"
    "CREATE TABLE deployments_v2 (ord INTEGER PRIMARY KEY, id TEXT, nation TEXT NOT NULL,"
    " country TEXT NOT NULL, mission TEXT, personnel INTEGER NOT NULL CHECK (typeof(personnel) ="
    " 'integer' AND personnel BETWEEN 0 AND 1000000000), from_day INTEGER NOT NULL CHECK"
    " (typeof(from_day) = 'integer' AND from_day BETWEEN -25567 AND 2932896), to_day INTEGER"
    " CHECK (to_day IS NULL OR (typeof(to_day) = 'integer' AND to_day BETWEEN -25567 AND"
    " 2932896)), kind TEXT NOT NULL CHECK (kind IN ('permanent', 'rotational', 'temporary',"
    " 'support')), counts_against_cap INTEGER NOT NULL CHECK (typeof(counts_against_cap) ="
    " 'integer' AND counts_against_cap BETWEEN 0 AND 1), source TEXT, CHECK (from_day IS NULL OR"
    " to_day IS NULL OR from_day < to_day)); INSERT INTO deployments_v2 SELECT * FROM"
    " deployments; DROP TABLE deployments; ALTER TABLE deployments_v2 RENAME TO deployments;"
    "ALTER TABLE offers ADD COLUMN pool INTEGER CHECK (pool IS NULL OR (typeof(pool) ="
    " 'integer' AND pool BETWEEN 0 AND 1000000000));"
    "ALTER TABLE run_assignment ADD COLUMN capability TEXT;"
    "ALTER TABLE run_assignment ADD COLUMN substitute INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE run_assignment ADD COLUMN soft_caveats TEXT;"
    "ALTER TABLE run_assignment ADD COLUMN person_days INTEGER;"
    "ALTER TABLE run_gap ADD COLUMN missing_personnel INTEGER;",
    /*
     * 2 -> 3: records with identity and versions, and the audit log
     * (issue 10). caps.id, assigned to the caps there are as
     * NATION-COUNTRY-N (N counting the caps of the pair in import order), and
     * deployments without an id get dN (N their ord, 4 digits at least); then
     * a version per row and a UNIQUE index per natural key (DESIGN.md
     * section 11). Duplicate keys cannot be there (import refuses them) but
     * if they are, CREATE UNIQUE INDEX fails and the whole migration rolls
     * back: the database stays at version 2, unchanged. Then users
     * (argon2id hashes, never passwords) and sessions (the SHA-256 of a
     * token, never the token).
     */
    "ALTER TABLE caps ADD COLUMN id TEXT;"
    "UPDATE caps SET id = nation || '-' || country || '-' || (SELECT count(*) FROM caps c2"
    " WHERE c2.nation = caps.nation AND c2.country = caps.country AND c2.ord <= caps.ord);"
    "UPDATE deployments SET id = printf('d%04d', ord) WHERE id IS NULL;"
    "ALTER TABLE nations ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);"
    "ALTER TABLE keys ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);"
    "ALTER TABLE missions ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);"
    "ALTER TABLE phases ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);"
    "ALTER TABLE capabilities ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);"
    "ALTER TABLE requirements ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);"
    "ALTER TABLE caveats ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);"
    "ALTER TABLE offers ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);"
    "ALTER TABLE caps ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);"
    "ALTER TABLE deployments ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);"
    "CREATE UNIQUE INDEX nations_key ON nations (code);"
    "CREATE UNIQUE INDEX keys_key ON keys (\"key\", nation);"
    "CREATE UNIQUE INDEX missions_key ON missions (code);"
    "CREATE UNIQUE INDEX phases_key ON phases (mission, phase);"
    "CREATE UNIQUE INDEX capabilities_key ON capabilities (code);"
    "CREATE UNIQUE INDEX requirements_key ON requirements (mission, line);"
    "CREATE UNIQUE INDEX caveats_key ON caveats (id);"
    "CREATE UNIQUE INDEX offers_key ON offers (id);"
    "CREATE UNIQUE INDEX caps_key ON caps (id);"
    "CREATE UNIQUE INDEX deployments_key ON deployments (id);"
    "CREATE TABLE audit (seq INTEGER PRIMARY KEY, rev INTEGER NOT NULL, at TEXT NOT NULL,"
    " actor TEXT NOT NULL, entity TEXT NOT NULL, \"key\" TEXT NOT NULL, op TEXT NOT NULL"
    " CHECK (op IN ('insert', 'update', 'delete')), before TEXT, after TEXT,"
    " reason TEXT NOT NULL, hash TEXT NOT NULL);"
    /* a record's rows (history), and for "as of" its last row up to a
     * revision and its last insert, read from the index alone (sq_audit_latest) */
    "CREATE INDEX audit_point ON audit (entity, \"key\", rev);"
    "CREATE INDEX audit_insert ON audit (entity, \"key\", op);"
    "CREATE TABLE users (name TEXT NOT NULL UNIQUE COLLATE NOCASE, role TEXT NOT NULL CHECK"
    " (role IN ('admin', 'planner', 'liaison', 'viewer')), nation TEXT, hash TEXT NOT NULL,"
    " created TEXT NOT NULL, CHECK ((role = 'liaison') = (nation IS NOT NULL)));"
    "CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, user TEXT NOT NULL COLLATE NOCASE,"
    " expires INTEGER NOT NULL);"
    "CREATE INDEX sessions_user ON sessions (user);",
    /*
     * 3 -> 4: deployments.category, the personnel category (troops, police,
     * experts, staff or a source's own word; NULL: not known), issue 14.
     * Plain ALTER TABLE, as every backend has it.
     */
    "ALTER TABLE deployments ADD COLUMN category TEXT;",
    /*
     * 4 -> 5: cost rates, funding rules and budgets (issue 15), three new
     * tables with the CHECKs of the reader's bounds, a version per row and a
     * UNIQUE index on each id (DESIGN.md section 11).
     */
    "CREATE TABLE costs (ord INTEGER PRIMARY KEY, id TEXT NOT NULL, nation TEXT, country TEXT,"
    " capability TEXT, basis TEXT NOT NULL CHECK (basis IN ('person-day', 'unit-deployment',"
    " 'unit-day')), value REAL NOT NULL CHECK (typeof(value) IN ('real', 'integer') AND value"
    " >= 0), from_day INTEGER CHECK (from_day IS NULL OR (typeof(from_day) = 'integer' AND"
    " from_day BETWEEN -25567 AND 2932896)), to_day INTEGER CHECK (to_day IS NULL OR"
    " (typeof(to_day) = 'integer' AND to_day BETWEEN -25567 AND 2932896)), currency TEXT,"
    " note TEXT, version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1), CHECK (from_day IS"
    " NULL OR to_day IS NULL OR from_day < to_day));"
    "CREATE UNIQUE INDEX costs_key ON costs (id);"
    "CREATE TABLE funding (ord INTEGER PRIMARY KEY, id TEXT NOT NULL, mission TEXT NOT NULL,"
    " rule TEXT NOT NULL CHECK (rule IN ('national', 'common')), \"key\" TEXT, share REAL NOT"
    " NULL CHECK (typeof(share) IN ('real', 'integer') AND share BETWEEN 0 AND 1), from_day"
    " INTEGER CHECK (from_day IS NULL OR (typeof(from_day) = 'integer' AND from_day BETWEEN"
    " -25567 AND 2932896)), to_day INTEGER CHECK (to_day IS NULL OR (typeof(to_day) ="
    " 'integer' AND to_day BETWEEN -25567 AND 2932896)), version INTEGER NOT NULL DEFAULT 1"
    " CHECK (version >= 1), CHECK (from_day IS NULL OR to_day IS NULL OR from_day < to_day));"
    "CREATE UNIQUE INDEX funding_key ON funding (id);"
    "CREATE TABLE budgets (ord INTEGER PRIMARY KEY, id TEXT NOT NULL, nation TEXT NOT NULL,"
    " mission TEXT, \"limit\" REAL NOT NULL CHECK (typeof(\"limit\") IN ('real', 'integer') AND"
    " \"limit\" >= 0), from_day INTEGER CHECK (from_day IS NULL OR (typeof(from_day) ="
    " 'integer' AND from_day BETWEEN -25567 AND 2932896)), to_day INTEGER CHECK (to_day IS NULL"
    " OR (typeof(to_day) = 'integer' AND to_day BETWEEN -25567 AND 2932896)), currency TEXT,"
    " note TEXT, version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1), CHECK (from_day IS"
    " NULL OR to_day IS NULL OR from_day < to_day));"
    "CREATE UNIQUE INDEX budgets_key ON budgets (id);",
    /*
     * 5 -> 6: missions.host may be NULL, a mission with no host (issue 14:
     * created from deployment rows in several countries, or read with an
     * empty host; validate.c refuses it for a mission that needs one).
     * SQLite cannot drop a NOT NULL: the table is rebuilt with its rows.
     */
    "CREATE TABLE missions_v6 (ord INTEGER PRIMARY KEY, code TEXT NOT NULL, name TEXT,"
    " organization TEXT, host TEXT, from_day INTEGER CHECK (from_day IS NULL OR"
    " (typeof(from_day) = 'integer' AND from_day BETWEEN -25567 AND 2932896)), to_day INTEGER"
    " CHECK (to_day IS NULL OR (typeof(to_day) = 'integer' AND to_day BETWEEN -25567 AND"
    " 2932896)), version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1), CHECK (from_day IS"
    " NULL OR to_day IS NULL OR from_day < to_day)); INSERT INTO missions_v6 SELECT * FROM"
    " missions; DROP TABLE missions; ALTER TABLE missions_v6 RENAME TO missions;"
    "CREATE UNIQUE INDEX missions_key ON missions (code);",
    /*
     * 6 -> 7: one history index instead of two (issue 13): audit_record on
     * (entity, key, op, rev) in place of audit_point (entity, key, rev) and
     * audit_insert (entity, key, op): sq_audit_latest's GROUP BY and its
     * last-insert lookup both read it alone, and every import paid for the
     * second index (PostgreSQL builds the history index of a big import
     * at commit).
     */
    "DROP INDEX IF EXISTS audit_insert; DROP INDEX IF EXISTS audit_point;"
    "CREATE INDEX IF NOT EXISTS audit_record ON audit (entity, \"key\", op, rev);",
};
_Static_assert(ARRAY_SIZE(migrations) == STORE_SCHEMA_VERSION, "one migration per version");

/* Cached statements other than the per-table INSERT/SELECT. */
enum stmt_id {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_IS_EMPTY,
	ST_READ_BEGIN,
	ST_REV_GET,
	ST_REV_BUMP,
	ST_RUN_INSERT,
	ST_RUN_ASSIGN,
	ST_RUN_GAP,
	ST_RUN_LATEST,
	ST_RUN_GET,
	ST_RUN_LIST,
	ST_RUN_ASSIGN_SEL,
	ST_RUN_GAP_SEL,
	ST_WHATIF_FIND,
	ST_WHATIF_CREATE,
	ST_WHATIF_ADD,
	ST_WHATIF_CHANGES,
	ST_WHATIF_LIST,
	ST_WHATIF_CHILDREN,
	ST_WHATIF_DELETE,
	ST_WHATIF_DELETE_RUNS,
	ST_USER_INSERT,
	ST_USER_GET,
	ST_USER_DELETE,
	ST_USER_LIST,
	ST_USER_SET_HASH,
	ST_SESSION_INSERT,
	ST_SESSION_GET,
	ST_SESSION_DELETE,
	ST_SESSION_DELETE_USER,
	ST_NR
};

static const char *const stmt_sql[ST_NR] = {
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_IS_EMPTY] = "SELECT 1 FROM nations UNION ALL SELECT 1 FROM keys UNION ALL"
		    " SELECT 1 FROM missions UNION ALL SELECT 1 FROM phases UNION ALL"
		    " SELECT 1 FROM capabilities UNION ALL SELECT 1 FROM requirements UNION ALL"
		    " SELECT 1 FROM caveats UNION ALL SELECT 1 FROM offers UNION ALL"
		    " SELECT 1 FROM caps UNION ALL SELECT 1 FROM deployments LIMIT 1",
    [ST_READ_BEGIN] = "BEGIN",
    [ST_REV_GET] = "SELECT rev FROM revision WHERE scenario = ?",
    /* The next revision of the database, recorded against one scenario. */
    [ST_REV_BUMP] = "INSERT INTO revision (scenario, rev)"
		    " VALUES (?1, (SELECT coalesce(max(rev), 0) + 1 FROM revision))"
		    " ON CONFLICT (scenario) DO UPDATE SET rev = excluded.rev",
    [ST_RUN_INSERT] = "INSERT INTO run (created, whatif, mission, solver, with_requested,"
		      " fair_weight, objective, bound, gap, fill, seconds, revision)"
		      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [ST_RUN_ASSIGN] = "INSERT INTO run_assignment (run, mission, line, offer, nation, units,"
		      " personnel, from_day, to_day, capability, substitute, soft_caveats,"
		      " person_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [ST_RUN_GAP] = "INSERT INTO run_gap (run, mission, line, from_day, to_day, missing_units,"
		   " reason, detail, missing_personnel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    /*
     * ?2 NULL (all missions): a run over all missions first, else the latest of
     * any. ?2 a mission: the latest run that covers it, its own or one over all
     * missions.
     */
    [ST_RUN_LATEST] = "SELECT id, created, whatif, mission, solver, with_requested, fair_weight,"
		      " objective, bound, gap, fill, seconds, revision FROM run"
		      " WHERE whatif IS ?1 AND (?2 IS NULL OR mission = ?2 OR mission IS NULL)"
		      " ORDER BY (?2 IS NULL AND mission IS NOT NULL), id DESC LIMIT 1",
    [ST_RUN_GET] = "SELECT id, created, whatif, mission, solver, with_requested, fair_weight,"
		   " objective, bound, gap, fill, seconds, revision FROM run WHERE id = ?",
    [ST_RUN_LIST] = "SELECT id, created, whatif, mission, solver, with_requested, fair_weight,"
		    " objective, bound, gap, fill, seconds, revision FROM run ORDER BY id",
    [ST_RUN_ASSIGN_SEL] = "SELECT mission, line, offer, nation, units, personnel, from_day,"
			  " to_day, capability, substitute, soft_caveats, person_days"
			  " FROM run_assignment WHERE run = ? ORDER BY ord",
    [ST_RUN_GAP_SEL] = "SELECT mission, line, from_day, to_day, missing_units, reason, detail,"
		       " missing_personnel FROM run_gap WHERE run = ? ORDER BY ord",
    [ST_WHATIF_FIND] = "SELECT base FROM whatif WHERE name = ?",
    [ST_WHATIF_CREATE] = "INSERT INTO whatif (name, base, created)"
			 " VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
    [ST_WHATIF_ADD] = "INSERT INTO whatif_change (whatif, change) VALUES (?, ?)",
    [ST_WHATIF_CHANGES] = "SELECT change FROM whatif_change WHERE whatif = ? ORDER BY ord",
    [ST_WHATIF_LIST] = "SELECT name FROM whatif ORDER BY ord",
    [ST_WHATIF_CHILDREN] = "SELECT name FROM whatif WHERE base = ? ORDER BY ord",
    [ST_WHATIF_DELETE] = "DELETE FROM whatif WHERE name = ?",
    [ST_WHATIF_DELETE_RUNS] = "DELETE FROM run WHERE whatif = ?",
    [ST_USER_INSERT] = "INSERT INTO users (name, role, nation, hash, created)"
		       " VALUES (?, ?, ?, ?, coalesce(?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))",
    [ST_USER_GET] = "SELECT name, role, nation, created, hash FROM users WHERE name = ?",
    [ST_USER_DELETE] = "DELETE FROM users WHERE name = ?",
    [ST_USER_LIST] = "SELECT name, role, nation, created, hash FROM users ORDER BY name",
    [ST_USER_SET_HASH] = "UPDATE users SET hash = ? WHERE name = ?",
    [ST_SESSION_INSERT] = "INSERT INTO sessions (token_hash, user, expires) VALUES (?, ?, ?)",
    [ST_SESSION_GET] = "SELECT token_hash, user, expires FROM sessions WHERE token_hash = ?",
    [ST_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?",
    [ST_SESSION_DELETE_USER] = "DELETE FROM sessions WHERE user = ?",
};

struct sq {
	sqlite3 *conn;
	sqlite3_stmt *st[ST_NR];
	sqlite3_stmt *ins[16]; /* per store_tables[] entry */
	sqlite3_stmt *sel[16];
	sqlite3_stmt *rowget[16];   /* a row's ord and version by its key (sq_row_get) */
	sqlite3_stmt *versions[16]; /* every row's ord and version (sq_row_versions) */
};
_Static_assert(16 >= 10, "room for every scenario table");

static struct sq *SQ(struct muster_db *db)
{
	return db->impl;
}

/* Why a file could not be opened, in words a user can act on. */
static const char *cantopen_reason(int sys_errno, const char *fallback)
{
	switch (sys_errno) {
	case ENOENT:
		return _("cannot create it; check that its folder exists and is writable");
	case EACCES:
	case EPERM:
		return _("permission denied");
	case EISDIR:
		return _("it is a folder");
	case EROFS:
		return _("the file system is read-only");
	default:
		return fallback;
	}
}

/* Fill `err` from the connection's last error; returns MUSTER_ESTORE. */
static int sq_fail(struct muster_db *db, struct muster_error *err, const char *what)
{
	struct sq *s = SQ(db);
	const char *msg = s && s->conn ? sqlite3_errmsg(s->conn) : _("out of memory");
	what = _(what); /* one of store.c's store_what_texts */
	if (s && s->conn && (sqlite3_errcode(s->conn) & 0xff) == SQLITE_BUSY)
		return muster_error_set(err, MUSTER_EBUSY,
					_("%s: %s: another program is writing to it (waited %d s); "
					  "try again when it is done"),
					db->label, what, BUSY_TIMEOUT_MS / 1000);
	if (s && s->conn && (sqlite3_errcode(s->conn) & 0xff) == SQLITE_READONLY)
		return muster_error_set(
		    err, MUSTER_ESTORE,
		    _("%s: %s: the database is read-only (the file or its folder "
		      "is not writable); nothing was changed"),
		    db->label, what);
	if (s && s->conn && (sqlite3_errcode(s->conn) & 0xff) == SQLITE_CANTOPEN)
		msg = cantopen_reason(sqlite3_system_errno(s->conn), msg);
	return muster_error_set(err, MUSTER_ESTORE, _("%s: %s: %s"), db->label, what, msg);
}

static int prepare(struct muster_db *db, sqlite3_stmt **slot, const char *sql,
		   struct muster_error *err)
{
	if (*slot)
		return 0;
	if (sqlite3_prepare_v3(SQ(db)->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL) !=
	    SQLITE_OK)
		return sq_fail(db, err, "cannot prepare a statement");
	return 0;
}

/* A cached statement, reset and unbound, or NULL with `err` set. */
static sqlite3_stmt *stmt(struct muster_db *db, enum stmt_id id, struct muster_error *err)
{
	struct sq *s = SQ(db);
	if (prepare(db, &s->st[id], stmt_sql[id], err) < 0)
		return NULL;
	sqlite3_reset(s->st[id]);
	sqlite3_clear_bindings(s->st[id]);
	return s->st[id];
}

/* Step a statement that returns no rows; reset it. */
static int step_done(struct muster_db *db, sqlite3_stmt *st, const char *what,
		     struct muster_error *err)
{
	int rc = sqlite3_step(st);
	int out = rc == SQLITE_DONE ? 0 : sq_fail(db, err, what);
	sqlite3_reset(st);
	return out;
}

static int exec(struct muster_db *db, const char *sql, const char *what, struct muster_error *err)
{
	if (sqlite3_exec(SQ(db)->conn, sql, NULL, NULL, NULL) != SQLITE_OK)
		return sq_fail(db, err, what);
	return 0;
}

static void bind_str(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static char *col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? xstrdup((const char *)t) : NULL;
}

/*
 * The strings of a table's load shared in the scenario's pool; `last` the
 * last string of each column (rows in a run of one source name it again).
 */
struct load_pool {
	struct muster_strpool **pool;
	char *last[32];
};

/* Text `t` of column i in the pool: interned, or copied once for a key (ids are seen once). */
static char *pool_str(const char *t, int i, struct load_pool *lp, bool key)
{
	if (!t)
		return NULL;
	if (key)
		return strpool_copy(lp->pool, t, strlen(t));
	char **last = (size_t)i < ARRAY_SIZE(lp->last) ? &lp->last[i] : NULL;
	if (last && *last && !strcmp(*last, t))
		return *last;
	char *s = strpool_intern(lp->pool, t, strlen(t));
	if (last)
		*last = s;
	return s;
}

static void bind_day(sqlite3_stmt *st, int i, int32_t day)
{
	if (day == MUSTER_DATE_NONE || day == MUSTER_DATE_OPEN)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int(st, i, day);
}

static int32_t col_day(sqlite3_stmt *st, int i, int32_t null_value)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return null_value;
	return sqlite3_column_int(st, i);
}

/* ---- open, migrate, close --------------------------------------------- */

static int pragma_int(struct muster_db *db, const char *sql, int *out, struct muster_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(SQ(db)->conn, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		rc = sq_fail(db, err, "cannot read the schema version");
	else
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc;
}

/* Refuse a database that is neither empty nor ours, or newer than us. */
static int check_version(struct muster_db *db, int version, struct muster_error *err)
{
	int app = 0, tables = 0;
	if (version > STORE_SCHEMA_VERSION)
		return muster_error_set(
		    err, MUSTER_ESTORE,
		    _("%s: schema version %d is newer than this muster supports "
		      "(%d); upgrade muster to use it"),
		    db->label, version, STORE_SCHEMA_VERSION);
	if (pragma_int(db, "PRAGMA application_id", &app, err) < 0 ||
	    pragma_int(db, "SELECT count(*) FROM sqlite_master", &tables, err) < 0)
		return MUSTER_ESTORE;
	if (app != MUSTER_APPLICATION_ID && tables > 0)
		return muster_error_set(err, MUSTER_ESTORE,
					_("%s: not a muster database (it holds other tables)"),
					db->label);
	return 0;
}

/* Opened without create: a file with no schema at all is not a database yet. */
static int check_not_blank(struct muster_db *db, struct muster_error *err)
{
	int tables = 0;
	int rc = pragma_int(db, "SELECT count(*) FROM sqlite_master", &tables, err);
	if (rc == 0 && tables == 0)
		rc = muster_error_set(err, MUSTER_ENOENT,
				      _("database '%s' is empty: not a muster database yet"),
				      db->label);
	return rc;
}

static int migrate(struct muster_db *db, struct muster_error *err)
{
	int version = 0, rc;
	/* Up to date (the common case): no write, so read-only files open too. */
	rc = pragma_int(db, "PRAGMA user_version", &version, err);
	if (rc == 0 && version == STORE_SCHEMA_VERSION)
		rc = check_version(db, version, err);
	if (rc < 0 || version == STORE_SCHEMA_VERSION) {
		db->schema_found = db->schema_current = version;
		return rc;
	}
	rc = exec(db, "BEGIN IMMEDIATE", "cannot start the schema migration", err);
	if (rc < 0)
		return rc;
	rc = pragma_int(db, "PRAGMA user_version", &version, err);
	if (rc == 0)
		rc = check_version(db, version, err);
	db->schema_found = version;
	for (int v = version; rc == 0 && v < STORE_SCHEMA_VERSION; v++)
		rc = exec(db, migrations[v],
			  "cannot migrate the schema (the database is unchanged)", err);
	if (rc == 0 && version < STORE_SCHEMA_VERSION) {
		char *sql = xstrfmt("PRAGMA user_version = %d; PRAGMA application_id = %d",
				    STORE_SCHEMA_VERSION, MUSTER_APPLICATION_ID);
		rc = exec(db, sql, "cannot set the schema version", err);
		free(sql);
	}
	if (rc == 0)
		rc = exec(db, "COMMIT", "cannot commit the schema migration", err);
	if (rc < 0) {
		sqlite3_exec(SQ(db)->conn, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	db->schema_current = STORE_SCHEMA_VERSION;
	return 0;
}

/* A read-only database is read as it is: one of an older schema cannot be migrated. */
static int migrate_readonly(struct muster_db *db, int version, struct muster_error *err)
{
	db->schema_found = db->schema_current = version;
	if (version == STORE_SCHEMA_VERSION)
		return 0;
	return muster_error_set(err, MUSTER_ESTORE,
				_("%s: the database has schema version %d and needs an upgrade to "
				  "%d, which needs write access (it is read-only)"),
				db->label, version, STORE_SCHEMA_VERSION);
}

/* ---- read-only databases ---------------------------------------------- */

/*
 * Whether `path` is an existing database this process cannot write: the file
 * is not writable, or its folder is not (no -wal/-shm/-journal can be made
 * there), or the file system is read-only. Read commands then still work.
 */
static bool readonly_file(const char *path)
{
	if (access(path, F_OK) != 0)
		return false; /* a new database: open creates it */
	if (access(path, W_OK) != 0)
		return true;
	char *copy = xstrdup(path);
	bool ro = access(dirname(copy), W_OK) != 0;
	free(copy);
	return ro;
}

/* "file:PATH?mode=ro[&immutable=1]", PATH percent-encoded as RFC 3986 asks. */
static char *readonly_uri(const char *path, bool immutable)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (isalnum(*p) || strchr("/-._~", *p))
			strbuf_addch(&sb, (char)*p);
		else
			strbuf_addf(&sb, "%%%02X", *p);
	strbuf_addstr(&sb, immutable ? "?mode=ro&immutable=1" : "?mode=ro");
	return strbuf_detach(&sb, NULL);
}

static bool file_exists(const char *path, const char *suffix)
{
	char *p = xstrfmt("%s%s", path, suffix);
	bool yes = access(p, F_OK) == 0;
	free(p);
	return yes;
}

/*
 * Open `target` read-only. A WAL database needs its -shm file, which a
 * read-only folder cannot hold: when none is there and no -wal either (no
 * writer is active and every change is in the main file), it is opened
 * immutable, which needs neither. A -wal without a usable -shm cannot be
 * read consistently: refused.
 */
static int open_readonly(struct muster_db *db, const char *target, struct muster_error *err)
{
	struct sq *s = SQ(db);
	int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
	bool immutable = !file_exists(target, "-wal") && !file_exists(target, "-shm");
	for (int pass = 0; pass < 2; pass++) {
		char *uri = readonly_uri(target, immutable);
		int rc = sqlite3_open_v2(uri, &s->conn, flags, NULL);
		free(uri);
		if (rc == SQLITE_OK && sqlite3_exec(s->conn, "SELECT count(*) FROM sqlite_master",
						    NULL, NULL, NULL) == SQLITE_OK) {
			db->readonly = true;
			return 0;
		}
		if (pass || immutable || file_exists(target, "-wal"))
			return sq_fail(db, err, "cannot open the database read-only");
		sqlite3_close(s->conn); /* a stale -shm alone: the main file holds it all */
		s->conn = NULL;
		immutable = true;
	}
	return 0;
}

static int sq_open(struct muster_db *db, const char *target, struct muster_error *err)
{
	struct sq *s = xcalloc(1, sizeof(*s));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	struct stat st;
	db->impl = s;
	/* Only init and import create a database: a typo in --db must not
	 * make a new, empty one that the command then reads as "nothing". */
	if (db->create)
		flags |= SQLITE_OPEN_CREATE;
	else if (stat(target, &st) < 0 && errno == ENOENT)
		return muster_error_set(err, MUSTER_ENOENT, _("database '%s' does not exist"),
					db->label);
	if (readonly_file(target)) {
		int rc = open_readonly(db, target, err);
		if (rc < 0)
			return rc;
	} else if (sqlite3_open_v2(target, &s->conn, flags, NULL) != SQLITE_OK) {
		return sq_fail(db, err, "cannot open the database");
	}
	sqlite3_extended_result_codes(s->conn, 1);
	sqlite3_busy_timeout(s->conn, BUSY_TIMEOUT_MS);
	int version = 0;
	int rc = exec(db,
		      "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
		      " PRAGMA cache_size = -32768",
		      "cannot open the database", err);
	/*
	 * Read before writing anything: a file that is not a database, another
	 * application's database or a newer muster's is refused untouched.
	 */
	if (rc == 0)
		rc = pragma_int(db, "PRAGMA user_version", &version, err);
	if (rc == 0)
		rc = check_version(db, version, err);
	if (rc == 0 && !db->create && version == 0)
		rc = check_not_blank(db, err);
	if (rc < 0)
		return rc;
	if (db->readonly)
		return migrate_readonly(db, version, err);
	/* A read-only file keeps its journal mode: reading still works. */
	if (sqlite3_exec(s->conn, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK &&
	    (sqlite3_errcode(s->conn) & 0xff) != SQLITE_READONLY)
		return sq_fail(db, err, "cannot open the database");
	return migrate(db, err);
}

static void sq_close(struct muster_db *db)
{
	struct sq *s = SQ(db);
	if (!s)
		return;
	for (size_t i = 0; i < ST_NR; i++)
		sqlite3_finalize(s->st[i]);
	for (size_t i = 0; i < ARRAY_SIZE(s->ins); i++) {
		sqlite3_finalize(s->ins[i]);
		sqlite3_finalize(s->sel[i]);
		sqlite3_finalize(s->rowget[i]);
		sqlite3_finalize(s->versions[i]);
	}
	sqlite3_close(s->conn);
	free(s);
	db->impl = NULL;
}

/* ---- transactions ----------------------------------------------------- */

static int sq_begin(struct muster_db *db, struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_BEGIN, err);
	return st ? step_done(db, st, "cannot start a transaction", err) : MUSTER_ESTORE;
}

static int sq_commit(struct muster_db *db, struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_COMMIT, err);
	return st ? step_done(db, st, "cannot commit", err) : MUSTER_ESTORE;
}

static void sq_rollback(struct muster_db *db)
{
	if (sqlite3_get_autocommit(SQ(db)->conn))
		return;
	/* the prepared ROLLBACK (every read snapshot ends here), else a fresh one */
	sqlite3_stmt *st = stmt(db, ST_ROLLBACK, NULL);
	if (st && sqlite3_step(st) == SQLITE_DONE) {
		sqlite3_reset(st);
		return;
	}
	if (st)
		sqlite3_reset(st);
	sqlite3_exec(SQ(db)->conn, "ROLLBACK", NULL, NULL, NULL);
}

static int sq_read_begin(struct muster_db *db, struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_READ_BEGIN, err);
	return st ? step_done(db, st, "cannot read the database", err) : MUSTER_ESTORE;
}

/* ---- revisions -------------------------------------------------------- */

static int sq_rev_get(struct muster_db *db, const char *name, int64_t *rev,
		      struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_REV_GET, err);
	if (!st)
		return MUSTER_ESTORE;
	bind_str(st, 1, name ? name : "");
	int step = sqlite3_step(st);
	*rev = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return sq_fail(db, err, "cannot read the scenario revision");
	return 0;
}

static int sq_rev_bump(struct muster_db *db, const char *name, struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_REV_BUMP, err);
	if (!st)
		return MUSTER_ESTORE;
	bind_str(st, 1, name ? name : "");
	return step_done(db, st, "cannot record the scenario revision", err);
}

/* ---- scenario tables -------------------------------------------------- */

static int sq_is_empty(struct muster_db *db, bool *empty, struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_IS_EMPTY, err);
	if (!st)
		return MUSTER_ESTORE;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(db, err, "cannot read the scenario");
	*empty = rc == SQLITE_DONE;
	return 0;
}

static int sq_clear(struct muster_db *db, struct muster_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t t = 0; t < store_tables_nr; t++)
		strbuf_addf(&sb, "DELETE FROM %s;", store_tables[t].name);
	int rc = exec(db, sb.buf, "cannot clear the scenario", err);
	strbuf_release(&sb);
	return rc;
}

static int prepare_insert(struct muster_db *db, size_t t, struct muster_error *err)
{
	const struct store_table *tb = &store_tables[t];
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "INSERT INTO %s (", tb->name);
	for (size_t c = 0; c < tb->ncols; c++)
		strbuf_addf(&sb, "%s%s", c ? ", " : "", tb->cols[c].name);
	strbuf_addstr(&sb, ") VALUES (");
	for (size_t c = 0; c < tb->ncols; c++)
		strbuf_addstr(&sb, c ? ", ?" : "?");
	strbuf_addch(&sb, ')');
	int rc = prepare(db, &SQ(db)->ins[t], sb.buf, err);
	strbuf_release(&sb);
	return rc;
}

/* Bind column `c` of `row` as parameter i; 0 or MUSTER_EINVAL for a bad enum. */
static int bind_col(sqlite3_stmt *st, int i, const struct store_col *c, const void *row)
{
	const char *p = (const char *)row + c->off;
	switch (c->type) {
	case STORE_STR:
		bind_str(st, i, *(char *const *)p);
		return 0;
	case STORE_LIST: {
		const struct muster_strlist *l = (const struct muster_strlist *)p;
		if (l->nr)
			sqlite3_bind_text(st, i, muster_strlist_join(l, ';'), -1, free);
		else
			sqlite3_bind_null(st, i);
		return 0;
	}
	case STORE_FROM:
	case STORE_TO:
		bind_day(st, i, *(const int32_t *)p);
		return 0;
	case STORE_LONG:
		sqlite3_bind_int64(st, i, *(const long *)p);
		return 0;
	case STORE_INT:
		sqlite3_bind_int(st, i, *(const int *)p);
		return 0;
	case STORE_DOUBLE: {
		double v;
		memcpy(&v, p, sizeof(v));
		sqlite3_bind_double(st, i, v);
		return 0;
	}
	case STORE_BOOL:
		sqlite3_bind_int(st, i, *(const bool *)p);
		return 0;
	case STORE_OPT_COUNT: {
		const struct muster_opt_count *v = (const struct muster_opt_count *)p;
		if (v->known)
			sqlite3_bind_int64(st, i, v->value);
		else
			sqlite3_bind_null(st, i);
		return 0;
	}
	case STORE_ENUM: {
		unsigned v = *(const unsigned *)p;
		if (v >= c->nwords)
			return MUSTER_EINVAL;
		sqlite3_bind_text(st, i, c->words[v], -1, SQLITE_STATIC);
		return 0;
	}
	}
	return MUSTER_EINVAL;
}

static int insert_row(struct muster_db *db, size_t t, const void *row, size_t i,
		      struct muster_error *err)
{
	const struct store_table *tb = &store_tables[t];
	sqlite3_stmt *st = SQ(db)->ins[t];
	for (size_t c = 0; c < tb->ncols; c++)
		if (bind_col(st, (int)c + 1, &tb->cols[c], row) < 0) {
			sqlite3_reset(st);
			return muster_error_set(err, MUSTER_EINVAL,
						_("%s row %zu: column %s: value out of range"),
						tb->name, i + 1, tb->cols[c].name);
		}
	return step_done(db, st, "cannot store the scenario", err);
}

static int sq_save(struct muster_db *db, const struct muster_scenario *sc, struct muster_error *err)
{
	uint64_t done = 0, total = store_scenario_rows(sc);
	int rc = 0;
	for (size_t t = 0; rc == 0 && t < store_tables_nr; t++) {
		const struct store_table *tb = &store_tables[t];
		size_t n = tb->count(sc);
		if (!n)
			continue;
		rc = prepare_insert(db, t, err);
		for (size_t i = 0; rc == 0 && i < n; i++) {
			rc = insert_row(db, t, tb->at(sc, i), i, err);
			if (++done % STORE_BATCH)
				continue;
			if (ctx_cancelled(db->ctx))
				rc = muster_error_set(err, MUSTER_EINTR,
						      _("interrupted; %s is unchanged"), db->label);
			ctx_progress(db->ctx, "storing", done, total);
		}
	}
	if (rc == 0 && total >= STORE_BATCH)
		ctx_progress(db->ctx, "storing", total, total);
	return rc;
}

static int prepare_select(struct muster_db *db, size_t t, struct muster_error *err)
{
	const struct store_table *tb = &store_tables[t];
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "SELECT ");
	for (size_t c = 0; c < tb->ncols; c++)
		strbuf_addf(&sb, "%s%s", c ? ", " : "", tb->cols[c].name);
	/* ord last: messages name the row by it */
	strbuf_addf(&sb, ", ord FROM %s ORDER BY ord", tb->name);
	int rc = prepare(db, &SQ(db)->sel[t], sb.buf, err);
	strbuf_release(&sb);
	return rc;
}

/*
 * One result cell as read_col needs it, taken from the statement (cell_get):
 * a text column's text only (NULL is a NULL text: a text column needs no
 * type), another column's type and value. The text is borrowed.
 */
struct cellv {
	int type; /* SQLITE_TEXT for a text column, else sqlite3_column_type's */
	sqlite3_int64 i;
	double d;
	const char *t;
};

static bool text_col(const struct store_col *c)
{
	return c->type == STORE_STR || c->type == STORE_LIST || c->type == STORE_ENUM;
}

static void cell_get(sqlite3_stmt *st, int i, const struct store_col *c, struct cellv *v)
{
	v->t = NULL;
	if (text_col(c)) {
		v->type = SQLITE_TEXT;
		v->t = (const char *)sqlite3_column_text(st, i);
		return;
	}
	v->type = sqlite3_column_type(st, i); /* before any conversion */
	if (c->type == STORE_DOUBLE)
		v->d = sqlite3_column_double(st, i);
	else
		v->i = sqlite3_column_int64(st, i);
}

/*
 * Read cell `v` (result column i) into column `c` of `row`, checking it as
 * the reader checks a cell: NULL when it is fine, else what was expected, in
 * `buf`. A row edited outside muster (sqlite3, an older muster) is caught
 * here, not in the solver.
 */
static const char *read_col(const struct cellv *v, int i, const struct store_col *c, void *row,
			    char *buf, size_t size, struct load_pool *pool, bool key)
{
	char *p = (char *)row + c->off;
	int type = v->type;
	switch (c->type) {
	case STORE_STR:
		*(char **)p = pool ? pool_str(v->t, i, pool, key) : xstrdup_or_null(v->t);
		return NULL;
	case STORE_LIST:
		muster_strlist_split((struct muster_strlist *)p, v->t, ';');
		return NULL;
	case STORE_FROM:
	case STORE_TO: {
		int32_t none = c->type == STORE_FROM ? MUSTER_DATE_NONE : MUSTER_DATE_OPEN;
		sqlite3_int64 day = v->i;
		*(int32_t *)p = none;
		if (type == SQLITE_NULL)
			return c->required ? "a date" : NULL;
		if (type != SQLITE_INTEGER || day < STORE_DAY_MIN || day > STORE_DAY_MAX)
			return "a date from 1900-01-01 to 9999-12-31 (a day number from -25567 to "
			       "2932896)";
		*(int32_t *)p = (int32_t)day;
		return NULL;
	}
	case STORE_LONG:
	case STORE_INT: {
		sqlite3_int64 n = v->i;
		if (type != SQLITE_INTEGER || (c->bounded && (n < c->min || n > c->max))) {
			if (c->bounded)
				snprintf(buf, size, "a whole number from %ld to %ld", c->min,
					 c->max);
			else
				snprintf(buf, size, "a whole number");
			return buf;
		}
		if (c->type == STORE_LONG)
			*(long *)p = (long)n;
		else
			*(int *)p = (int)n;
		return NULL;
	}
	case STORE_DOUBLE: {
		double x = v->d;
		memcpy(p, &x, sizeof(x));
		if ((type != SQLITE_FLOAT && type != SQLITE_INTEGER) || !isfinite(x) ||
		    (c->bounded && x < (double)c->min)) {
			snprintf(buf, size, "a number >= %ld", c->bounded ? c->min : LONG_MIN);
			return buf;
		}
		return NULL;
	}
	case STORE_BOOL:
		*(bool *)p = v->i != 0;
		if (type != SQLITE_INTEGER || (unsigned long long)v->i > 1)
			return "0 (no) or 1 (yes)";
		return NULL;
	case STORE_OPT_COUNT: {
		struct muster_opt_count *oc = (struct muster_opt_count *)p;
		oc->known = type != SQLITE_NULL;
		oc->value = oc->known ? (long)v->i : 0;
		/* a count: a hand-edited -1 is not "not stated" */
		if (oc->known && (type != SQLITE_INTEGER || oc->value < 0))
			return "a whole number >= 0, or empty";
		return NULL;
	}
	case STORE_ENUM: {
		const char *w = v->t;
		struct strbuf sb = STRBUF_INIT;
		for (unsigned k = 0; w && k < c->nwords; k++)
			if (!strcmp(w, c->words[k])) {
				*(unsigned *)p = k;
				return NULL;
			}
		for (size_t k = 0; k < c->nwords; k++)
			strbuf_addf(&sb, "%s%s", k ? (k + 1 == c->nwords ? " or " : ", ") : "",
				    c->words[k]);
		snprintf(buf, size, "%s", sb.buf);
		strbuf_release(&sb);
		return buf;
	}
	}
	return "a known column type";
}

static int32_t row_day(const void *row, const struct store_col *c)
{
	return *(const int32_t *)((const char *)row + c->off);
}

/*
 * `to` after `from` in a row that has both, as muster_scenario_validate
 * demands: NULL when it is, else the `to` column (and *from_col the `from`).
 */
static const struct store_col *dates_bad(const struct store_table *tb, const void *row,
					 const struct store_col **from_col)
{
	const struct store_col *from = NULL, *to = NULL;
	for (size_t c = 0; c < tb->ncols; c++) {
		if (tb->cols[c].type == STORE_FROM)
			from = &tb->cols[c];
		else if (tb->cols[c].type == STORE_TO)
			to = &tb->cols[c];
	}
	if (!from || !to)
		return NULL;
	int32_t f = row_day(row, from), t = row_day(row, to);
	*from_col = from;
	return f == MUSTER_DATE_NONE || t == MUSTER_DATE_OPEN || t > f ? NULL : to;
}

/* The message for a bad stored cell: where, what was expected, what is there. */
static int bad_row(struct muster_db *db, const struct store_table *tb, sqlite3_stmt *st,
		   const struct store_col *c, int i, const char *expected, const char *got,
		   struct muster_error *err)
{
	char name[32];
	if (!got)
		got = (const char *)sqlite3_column_text(st, i);
	return muster_error_set(
	    err, MUSTER_ESTORE,
	    _("database '%s': table %s, row %lld: column '%s': expected %s, "
	      "got '%s'"),
	    db->label, tb->name, (long long)sqlite3_column_int64(st, (int)tb->ncols),
	    store_col_label(c, name, sizeof(name)), expected, got ? got : "NULL");
}

static int load_row(struct muster_db *db, const struct store_table *tb, sqlite3_stmt *st, void *row,
		    struct load_pool *pool, struct muster_error *err)
{
	char buf[160];
	for (size_t c = 0; c < tb->ncols; c++) {
		struct cellv v;
		cell_get(st, (int)c, &tb->cols[c], &v);
		const char *why =
		    read_col(&v, (int)c, &tb->cols[c], row, buf, sizeof(buf), pool, c < tb->nkey);
		if (why)
			return bad_row(db, tb, st, &tb->cols[c], (int)c, why, NULL, err);
	}
	const struct store_col *from = NULL, *to = dates_bad(tb, row, &from);
	if (to && from) {
		char f[11], t[11];
		muster_date_format(row_day(row, from), f);
		muster_date_format(row_day(row, to), t);
		snprintf(buf, sizeof(buf), "a date after 'from' (%s)", f);
		return bad_row(db, tb, st, to, (int)(to - tb->cols), buf, t, err);
	}
	return 0;
}

/*
 * The deployments' load on two threads (a million rows): this one steps the
 * statement and copies each row's cells into a batch (SQLite's values last
 * until the next step); the decoder converts the batches, in order, into
 * the scenario's rows with the same read_col checks. One connection, one
 * read transaction: the same snapshot as a load on one thread. On a bad row
 * the decoder stops and the table is read again on one thread, which meets
 * the same row and says what is wrong with it.
 */
#define LOAD_BATCH   1024 /* rows per batch */
#define LOAD_BATCHES 3	  /* batches in flight */

struct batch {
	struct cellv *cells; /* LOAD_BATCH x ncols; texts as offsets in `text` (toff) */
	size_t *toff;	     /* per cell: its text's offset in `text`, SIZE_MAX for none */
	struct strbuf text;
	size_t nrows;
	bool full; /* handed to the decoder, not yet converted */
};

struct pipeline {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch b[LOAD_BATCHES];
	bool done; /* no batch will follow the full ones */
	bool bad;  /* the decoder met a bad row: stop */
	const struct store_table *tb;
	struct muster_scenario *sc;
	struct load_pool *pool;
};

/* Convert one batch into rows of sc; false at the first bad row. */
static bool decode_batch(struct pipeline *pl, struct batch *b)
{
	const struct store_table *tb = pl->tb;
	char buf[160];
	for (size_t r = 0; r < b->nrows; r++) {
		void *row = tb->push(pl->sc);
		for (size_t c = 0; c < tb->ncols; c++) {
			struct cellv v = b->cells[r * tb->ncols + c];
			size_t off = b->toff[r * tb->ncols + c];
			v.t = off == SIZE_MAX ? NULL : b->text.buf + off;
			if (read_col(&v, (int)c, &tb->cols[c], row, buf, sizeof(buf), pl->pool,
				     c < tb->nkey))
				return false;
		}
		const struct store_col *from = NULL;
		if (dates_bad(tb, row, &from))
			return false;
	}
	return true;
}

static void *decoder(void *arg)
{
	struct pipeline *pl = arg;
	/* validation looks nations up next: parse the reference table meanwhile */
	(void)muster_nation_lookup(NULL, "USA");
	for (size_t k = 0;; k = (k + 1) % LOAD_BATCHES) {
		struct batch *b = &pl->b[k];
		pthread_mutex_lock(&pl->mu);
		while (!b->full && !pl->done)
			pthread_cond_wait(&pl->cv, &pl->mu);
		bool any = b->full;
		pthread_mutex_unlock(&pl->mu);
		if (!any)
			break; /* done, and every batch converted */
		bool ok = decode_batch(pl, b);
		pthread_mutex_lock(&pl->mu);
		b->full = false;
		pl->bad |= !ok;
		pthread_cond_broadcast(&pl->cv);
		pthread_mutex_unlock(&pl->mu);
		if (!ok)
			break;
	}
	return NULL;
}

/*
 * Copy the statement's row into batch b: each text with its NUL (a text read
 * as a C string ends there, on either path).
 */
static void batch_add(struct batch *b, const struct store_table *tb, sqlite3_stmt *st)
{
	for (size_t c = 0; c < tb->ncols; c++) {
		size_t at = b->nrows * tb->ncols + c;
		cell_get(st, (int)c, &tb->cols[c], &b->cells[at]);
		b->toff[at] = SIZE_MAX;
		if (b->cells[at].t) {
			size_t n = strlen(b->cells[at].t);
			if (b->text.alloc - b->text.len < n + 2)
				strbuf_grow(&b->text, n + 1);
			b->toff[at] = b->text.len;
			memcpy(b->text.buf + b->text.len, b->cells[at].t, n + 1);
			b->text.len += n + 1;
			b->text.buf[b->text.len] = '\0'; /* a strbuf stays terminated */
		}
	}
	b->nrows++;
}

/*
 * Step through st, batch by batch, to the decoder. Returns the last step's
 * code (SQLITE_DONE when every row went), or SQLITE_ROW when the decoder
 * stopped at a bad row; -1 when no thread could be made (nothing read).
 */
static int load_piped(const struct store_table *tb, sqlite3_stmt *st, struct muster_scenario *sc,
		      struct load_pool *pool)
{
	struct pipeline pl = {.tb = tb, .sc = sc, .pool = pool};
	pthread_t th;
	int step = SQLITE_ROW;
	pthread_mutex_init(&pl.mu, NULL);
	pthread_cond_init(&pl.cv, NULL);
	for (size_t k = 0; k < LOAD_BATCHES; k++) {
		pl.b[k].cells = xcalloc(LOAD_BATCH * tb->ncols, sizeof(*pl.b[k].cells));
		pl.b[k].toff = xcalloc(LOAD_BATCH * tb->ncols, sizeof(*pl.b[k].toff));
		strbuf_init(&pl.b[k].text);
	}
	bool started = pthread_create(&th, NULL, decoder, &pl) == 0;
	for (size_t k = 0; started && step == SQLITE_ROW; k = (k + 1) % LOAD_BATCHES) {
		struct batch *b = &pl.b[k];
		pthread_mutex_lock(&pl.mu);
		while (b->full && !pl.bad)
			pthread_cond_wait(&pl.cv, &pl.mu);
		bool bad = pl.bad;
		pthread_mutex_unlock(&pl.mu);
		if (bad)
			break;
		b->nrows = 0;
		strbuf_reset(&b->text);
		while (b->nrows < LOAD_BATCH && (step = sqlite3_step(st)) == SQLITE_ROW)
			batch_add(b, tb, st);
		pthread_mutex_lock(&pl.mu);
		b->full = b->nrows > 0;
		pthread_cond_broadcast(&pl.cv);
		pthread_mutex_unlock(&pl.mu);
	}
	if (started) {
		pthread_mutex_lock(&pl.mu);
		pl.done = true;
		pthread_cond_broadcast(&pl.cv);
		pthread_mutex_unlock(&pl.mu);
		pthread_join(th, NULL);
	}
	for (size_t k = 0; k < LOAD_BATCHES; k++) {
		free(pl.b[k].cells);
		free(pl.b[k].toff);
		strbuf_release(&pl.b[k].text);
	}
	pthread_cond_destroy(&pl.cv);
	pthread_mutex_destroy(&pl.mu);
	if (!started)
		return -1;
	return pl.bad ? SQLITE_ROW : step;
}

static int load_table(struct muster_db *db, size_t t, struct muster_scenario *sc,
		      struct muster_error *err)
{
	const struct store_table *tb = &store_tables[t];
	int rc = prepare_select(db, t, err), step = SQLITE_DONE;
	sqlite3_stmt *st = SQ(db)->sel[t];
	/* deployments: a million rows of a few hundred codes share their strings */
	struct load_pool lp = {&sc->strings, {0}};
	bool big = tb == store_table_of(SC_DEPLOYMENTS);
	if (rc < 0)
		return rc;
	if (big) {
		size_t before = sc->deployments.nr;
		step = load_piped(tb, st, sc, &lp);
		if (step == SQLITE_ROW || step == -1) { /* a bad row (or no thread): again, here */
			for (size_t i = before; i < sc->deployments.nr; i++)
				entity_row_release(tb, &sc->deployments.items[i], sc->strings);
			sc->deployments.nr = before;
			memset(lp.last, 0, sizeof(lp.last));
			sqlite3_reset(st);
		}
	}
	if (!big || step == SQLITE_ROW || step == -1)
		while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
			rc = load_row(db, tb, st, tb->push(sc), big ? &lp : NULL, err);
	if (rc == 0 && step != SQLITE_DONE)
		rc = sq_fail(db, err, "cannot read the scenario");
	sqlite3_reset(st);
	return rc;
}

static int sq_load(struct muster_db *db, struct muster_scenario *sc, struct muster_error *err)
{
	int rc = 0;
	/* One read transaction: every table from the same snapshot. */
	bool own = sqlite3_get_autocommit(SQ(db)->conn);
	if (own && (rc = exec(db, "BEGIN", "cannot read the scenario", err)) < 0)
		return rc;
	for (size_t t = 0; rc == 0 && t < store_tables_nr; t++)
		rc = load_table(db, t, sc, err);
	if (own)
		sqlite3_exec(SQ(db)->conn, "COMMIT", NULL, NULL, NULL);
	return rc;
}

/* ---- runs ------------------------------------------------------------- */

static void bind_run(sqlite3_stmt *st, const struct muster_run *run)
{
	bind_str(st, 1, run->created);
	bind_str(st, 2, run->whatif);
	bind_str(st, 3, run->mission);
	bind_str(st, 4, run->solver);
	sqlite3_bind_int(st, 5, run->with_requested);
	sqlite3_bind_double(st, 6, run->fair_weight);
	sqlite3_bind_double(st, 7, run->objective);
	sqlite3_bind_double(st, 8, run->bound);
	sqlite3_bind_double(st, 9, run->gap);
	sqlite3_bind_double(st, 10, run->fill);
	sqlite3_bind_double(st, 11, run->seconds);
	sqlite3_bind_int64(st, 12, run->revision);
}

static int save_assignments(struct muster_db *db, int64_t id, const struct muster_run *run,
			    struct muster_error *err)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		sqlite3_stmt *st = stmt(db, ST_RUN_ASSIGN, err);
		if (!st)
			return MUSTER_ESTORE;
		sqlite3_bind_int64(st, 1, id);
		bind_str(st, 2, a->mission);
		bind_str(st, 3, a->line);
		bind_str(st, 4, a->offer);
		bind_str(st, 5, a->nation);
		sqlite3_bind_int64(st, 6, a->units);
		sqlite3_bind_int64(st, 7, a->personnel);
		bind_day(st, 8, a->from);
		bind_day(st, 9, a->to);
		bind_str(st, 10, a->capability);
		sqlite3_bind_int(st, 11, a->substitute);
		bind_str(st, 12, a->soft_caveats);
		sqlite3_bind_int64(st, 13, a->person_days);
		rc = step_done(db, st, "cannot store the run", err);
	}
	return rc;
}

static int save_gaps(struct muster_db *db, int64_t id, const struct muster_run *run,
		     struct muster_error *err)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < run->gaps.nr; i++) {
		const struct muster_gap *g = &run->gaps.items[i];
		sqlite3_stmt *st = stmt(db, ST_RUN_GAP, err);
		if (!st)
			return MUSTER_ESTORE;
		sqlite3_bind_int64(st, 1, id);
		bind_str(st, 2, g->mission);
		bind_str(st, 3, g->line);
		bind_day(st, 4, g->from);
		bind_day(st, 5, g->to);
		sqlite3_bind_int64(st, 6, g->missing_units);
		bind_str(st, 7, muster_gap_reason_name(g->reason));
		bind_str(st, 8, g->detail);
		sqlite3_bind_int64(st, 9, g->missing_personnel);
		rc = step_done(db, st, "cannot store the run", err);
	}
	return rc;
}

static int sq_run_save(struct muster_db *db, struct muster_run *run, struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_RUN_INSERT, err);
	if (!st)
		return MUSTER_ESTORE;
	bind_run(st, run);
	int rc = step_done(db, st, "cannot store the run", err);
	if (rc < 0)
		return rc;
	int64_t id = sqlite3_last_insert_rowid(SQ(db)->conn);
	rc = save_assignments(db, id, run, err);
	if (rc == 0)
		rc = save_gaps(db, id, run, err);
	if (rc == 0)
		run->id = id;
	return rc;
}

static void read_run(sqlite3_stmt *st, struct muster_run *run)
{
	run->id = sqlite3_column_int64(st, 0);
	run->created = col_str(st, 1);
	run->whatif = col_str(st, 2);
	run->mission = col_str(st, 3);
	run->solver = col_str(st, 4);
	run->with_requested = sqlite3_column_int(st, 5) != 0;
	run->fair_weight = sqlite3_column_double(st, 6);
	run->objective = sqlite3_column_double(st, 7);
	run->bound = sqlite3_column_double(st, 8);
	run->gap = sqlite3_column_double(st, 9);
	run->fill = sqlite3_column_double(st, 10);
	run->seconds = sqlite3_column_double(st, 11);
	run->revision = sqlite3_column_int64(st, 12);
}

static int load_assignments(struct muster_db *db, struct muster_run *run, struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_RUN_ASSIGN_SEL, err);
	int step;
	if (!st)
		return MUSTER_ESTORE;
	sqlite3_bind_int64(st, 1, run->id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct muster_assignment a = {
		    .mission = col_str(st, 0),
		    .line = col_str(st, 1),
		    .offer = col_str(st, 2),
		    .nation = col_str(st, 3),
		    .units = (long)sqlite3_column_int64(st, 4),
		    .personnel = (long)sqlite3_column_int64(st, 5),
		    .from = col_day(st, 6, MUSTER_DATE_NONE),
		    .to = col_day(st, 7, MUSTER_DATE_OPEN),
		    .capability = col_str(st, 8),
		    .substitute = sqlite3_column_int(st, 9) != 0,
		    .soft_caveats = col_str(st, 10),
		    .person_days = sqlite3_column_int64(st, 11),
		};
		/* a run stored before person_days was recorded */
		if (sqlite3_column_type(st, 11) == SQLITE_NULL && a.from != MUSTER_DATE_NONE &&
		    a.to != MUSTER_DATE_OPEN)
			a.person_days = (int64_t)a.personnel * ((int64_t)a.to - a.from);
		ARRAY_PUSH(run->assignments, a);
	}
	sqlite3_reset(st);
	return step == SQLITE_DONE ? 0 : sq_fail(db, err, "cannot read the run");
}

static enum muster_gap_reason gap_reason(const char *w)
{
	for (int r = MUSTER_GAP_NO_OFFER; r <= MUSTER_GAP_LAST; r++)
		if (w && !strcmp(w, muster_gap_reason_name((enum muster_gap_reason)r)))
			return (enum muster_gap_reason)r;
	return MUSTER_GAP_NO_OFFER;
}

static int load_gaps(struct muster_db *db, struct muster_run *run, struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_RUN_GAP_SEL, err);
	int step;
	if (!st)
		return MUSTER_ESTORE;
	sqlite3_bind_int64(st, 1, run->id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct muster_gap g = {
		    .mission = col_str(st, 0),
		    .line = col_str(st, 1),
		    .from = col_day(st, 2, MUSTER_DATE_NONE),
		    .to = col_day(st, 3, MUSTER_DATE_OPEN),
		    .missing_units = (long)sqlite3_column_int64(st, 4),
		    .reason = gap_reason((const char *)sqlite3_column_text(st, 5)),
		    .detail = col_str(st, 6),
		    .missing_personnel = sqlite3_column_type(st, 7) == SQLITE_NULL
					     ? -1
					     : (long)sqlite3_column_int64(st, 7),
		};
		ARRAY_PUSH(run->gaps, g);
	}
	sqlite3_reset(st);
	return step == SQLITE_DONE ? 0 : sq_fail(db, err, "cannot read the run");
}

/*
 * Step `st` (bound, selecting one run) and load that run with its rows;
 * MUSTER_ENOENT without a message when it selects none.
 */
static int load_run(struct muster_db *db, sqlite3_stmt *st, struct muster_run *run,
		    struct muster_error *err)
{
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		read_run(st, run);
	sqlite3_reset(st);
	if (step == SQLITE_DONE)
		return MUSTER_ENOENT;
	if (step != SQLITE_ROW)
		return sq_fail(db, err, "cannot read the runs");
	int rc = load_assignments(db, run, err);
	return rc == 0 ? load_gaps(db, run, err) : rc;
}

static int sq_run_latest(struct muster_db *db, const char *whatif, const char *mission,
			 struct muster_run *run, struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_RUN_LATEST, err);
	if (!st)
		return MUSTER_ESTORE;
	bind_str(st, 1, whatif);
	bind_str(st, 2, mission);
	return load_run(db, st, run, err); /* no run: muster_db_run_latest says so */
}

static int sq_run_get(struct muster_db *db, int64_t id, struct muster_run *run,
		      struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_RUN_GET, err);
	if (!st)
		return MUSTER_ESTORE;
	sqlite3_bind_int64(st, 1, id);
	int rc = load_run(db, st, run, err);
	if (rc == MUSTER_ENOENT)
		return muster_error_set(err, MUSTER_ENOENT, _("no sourcing run %lld"),
					(long long)id);
	return rc;
}

static int sq_run_list(struct muster_db *db, struct muster_run_list *out, struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_RUN_LIST, err);
	int step;
	if (!st)
		return MUSTER_ESTORE;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct muster_run run = {0};
		read_run(st, &run);
		ARRAY_PUSH(*out, run);
	}
	sqlite3_reset(st);
	return step == SQLITE_DONE ? 0 : sq_fail(db, err, "cannot read the runs");
}

/* ---- what-ifs --------------------------------------------------------- */

static int sq_whatif_find(struct muster_db *db, const char *name, bool *found, char **base,
			  struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_WHATIF_FIND, err);
	if (!st)
		return MUSTER_ESTORE;
	bind_str(st, 1, name);
	int step = sqlite3_step(st);
	*found = step == SQLITE_ROW;
	if (*found && base)
		*base = col_str(st, 0);
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return sq_fail(db, err, "cannot read the what-if scenarios");
	return 0;
}

static int sq_whatif_create(struct muster_db *db, const char *name, const char *base,
			    struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_WHATIF_CREATE, err);
	if (!st)
		return MUSTER_ESTORE;
	bind_str(st, 1, name);
	bind_str(st, 2, base);
	return step_done(db, st, "cannot create the what-if scenario", err);
}

static int sq_whatif_add(struct muster_db *db, const char *name, const char *change,
			 struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_WHATIF_ADD, err);
	if (!st)
		return MUSTER_ESTORE;
	bind_str(st, 1, name);
	bind_str(st, 2, change);
	return step_done(db, st, "cannot add the what-if change", err);
}

/* Append the first column of every row of a cached statement bound to `arg`. */
static int list_strings(struct muster_db *db, enum stmt_id id, const char *arg,
			struct muster_strlist *out, struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, id, err);
	int step;
	if (!st)
		return MUSTER_ESTORE;
	if (arg)
		bind_str(st, 1, arg);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		muster_strlist_push(out, (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return step == SQLITE_DONE ? 0 : sq_fail(db, err, "cannot read the what-if scenarios");
}

static int sq_whatif_changes(struct muster_db *db, const char *name, struct muster_strlist *changes,
			     struct muster_error *err)
{
	return list_strings(db, ST_WHATIF_CHANGES, name, changes, err);
}

static int sq_whatif_list(struct muster_db *db, struct muster_strlist *names,
			  struct muster_error *err)
{
	return list_strings(db, ST_WHATIF_LIST, NULL, names, err);
}

static int sq_whatif_children(struct muster_db *db, const char *name, struct muster_strlist *names,
			      struct muster_error *err)
{
	return list_strings(db, ST_WHATIF_CHILDREN, name, names, err);
}

static int sq_whatif_delete(struct muster_db *db, const char *name, struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_WHATIF_DELETE_RUNS, err);
	if (!st)
		return MUSTER_ESTORE;
	bind_str(st, 1, name);
	int rc = step_done(db, st, "cannot delete the what-if scenario", err);
	if (rc < 0)
		return rc;
	if (!(st = stmt(db, ST_WHATIF_DELETE, err)))
		return MUSTER_ESTORE;
	bind_str(st, 1, name);
	return step_done(db, st, "cannot delete the what-if scenario", err);
}

/* ---- single rows and the audit log ------------------------------------ */

/* A one-off statement (edits are one row at a time), or NULL with `err` set. */
static sqlite3_stmt *prepare_once(struct muster_db *db, const char *sql, struct muster_error *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(SQ(db)->conn, sql, -1, &st, NULL) != SQLITE_OK) {
		sq_fail(db, err, "cannot prepare a statement");
		return NULL;
	}
	return st;
}

/* "k1 IS ?1 AND k2 IS ?2" over the table's key columns. */
static void key_where(struct strbuf *sb, const struct store_table *tb, int first)
{
	for (size_t c = 0; c < tb->nkey; c++)
		strbuf_addf(sb, "%s%s IS ?%d", c ? " AND " : "", tb->cols[c].name, first + (int)c);
}

/* Table t's cached statement `slot` of `sql` (freed), reset and unbound; NULL with `err`. */
static sqlite3_stmt *table_stmt(struct muster_db *db, sqlite3_stmt **slot, char *sql,
				struct muster_error *err)
{
	int rc = prepare(db, slot, sql, err);
	free(sql);
	if (rc < 0)
		return NULL;
	sqlite3_reset(*slot);
	sqlite3_clear_bindings(*slot);
	return *slot;
}

static int sq_row_get(struct muster_db *db, size_t t, const void *row, int64_t *ord,
		      int64_t *version, struct muster_error *err)
{
	const struct store_table *tb = &store_tables[t];
	struct strbuf sb = STRBUF_INIT;
	if (t >= ARRAY_SIZE(SQ(db)->rowget))
		BUG("store table past the statement slots");
	if (!SQ(db)->rowget[t]) {
		strbuf_addf(&sb, "SELECT ord, version FROM %s WHERE ", tb->name);
		key_where(&sb, tb, 1);
	}
	sqlite3_stmt *st = table_stmt(db, &SQ(db)->rowget[t], strbuf_detach(&sb, NULL), err);
	if (!st)
		return MUSTER_ESTORE;
	for (size_t c = 0; c < tb->nkey; c++)
		bind_col(st, (int)c + 1, &tb->cols[c], row);
	int step = sqlite3_step(st), rc = 0;
	*ord = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	*version = step == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = sq_fail(db, err, "cannot read the record");
	sqlite3_reset(st);
	return rc;
}

static int sq_row_insert(struct muster_db *db, size_t t, const void *row, struct muster_error *err)
{
	int rc = prepare_insert(db, t, err);
	if (rc == 0)
		sqlite3_reset(SQ(db)->ins[t]);
	return rc < 0 ? rc : insert_row(db, t, row, 0, err);
}

/* Step a statement that changes at most one row: MUSTER_ECONFLICT when none. */
static int step_one(struct muster_db *db, sqlite3_stmt *st, struct muster_error *err)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sq_fail(db, err, "cannot store the record");
	if (rc == 0 && sqlite3_changes(SQ(db)->conn) != 1)
		rc = muster_error_set(err, MUSTER_ECONFLICT, _("the record changed meanwhile"));
	sqlite3_finalize(st);
	return rc;
}

static int sq_row_update(struct muster_db *db, size_t t, int64_t ord, int64_t version,
			 const void *row, struct muster_error *err)
{
	const struct store_table *tb = &store_tables[t];
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "UPDATE %s SET ", tb->name);
	for (size_t c = 0; c < tb->ncols; c++)
		strbuf_addf(&sb, "%s = ?%zu, ", tb->cols[c].name, c + 1);
	strbuf_addf(&sb, "version = version + 1 WHERE ord = ?%zu AND version = ?%zu", tb->ncols + 1,
		    tb->ncols + 2);
	sqlite3_stmt *st = prepare_once(db, sb.buf, err);
	strbuf_release(&sb);
	if (!st)
		return MUSTER_ESTORE;
	for (size_t c = 0; c < tb->ncols; c++)
		if (bind_col(st, (int)c + 1, &tb->cols[c], row) < 0) {
			sqlite3_finalize(st);
			return muster_error_set(err, MUSTER_EINVAL,
						_("%s: column %s: value out of range"), tb->name,
						tb->cols[c].name);
		}
	sqlite3_bind_int64(st, (int)tb->ncols + 1, ord);
	sqlite3_bind_int64(st, (int)tb->ncols + 2, version);
	return step_one(db, st, err);
}

static int sq_row_delete(struct muster_db *db, size_t t, int64_t ord, int64_t version,
			 struct muster_error *err)
{
	char *sql = xstrfmt("DELETE FROM %s WHERE ord = ?1 AND version = ?2", store_tables[t].name);
	sqlite3_stmt *st = prepare_once(db, sql, err);
	free(sql);
	if (!st)
		return MUSTER_ESTORE;
	sqlite3_bind_int64(st, 1, ord);
	sqlite3_bind_int64(st, 2, version);
	return step_one(db, st, err);
}

static int sq_audit_append(struct muster_db *db, const struct muster_audit *a,
			   struct muster_error *err)
{
	sqlite3_stmt *st = prepare_once(
	    db,
	    "INSERT INTO audit (rev, at, actor, entity, \"key\", op, before, after, reason, hash)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    err);
	if (!st)
		return MUSTER_ESTORE;
	sqlite3_bind_int64(st, 1, a->rev);
	const char *text[] = {a->at,	 a->actor, a->entity, a->key, a->op,
			      a->before, a->after, a->reason, a->hash};
	for (size_t i = 0; i < ARRAY_SIZE(text); i++)
		bind_str(st, (int)i + 2, text[i]);
	int rc = sqlite3_step(st) == SQLITE_DONE
		     ? 0
		     : sq_fail(db, err, "cannot append to the audit log");
	sqlite3_finalize(st);
	return rc;
}

static int sq_audit_tail(struct muster_db *db, char **hash, struct muster_error *err)
{
	sqlite3_stmt *st =
	    prepare_once(db, "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1", err);
	if (!st)
		return MUSTER_ESTORE;
	int step = sqlite3_step(st);
	*hash = step == SQLITE_ROW ? col_str(st, 0) : NULL;
	int rc = step == SQLITE_ROW || step == SQLITE_DONE
		     ? 0
		     : sq_fail(db, err, "cannot read the audit log");
	sqlite3_finalize(st);
	return rc;
}

static int read_audit(struct muster_db *db, sqlite3_stmt *st, struct muster_audit_list *out,
		      struct muster_error *err);

static int sq_audit_list(struct muster_db *db, struct muster_audit_list *out,
			 struct muster_error *err)
{
	sqlite3_stmt *st =
	    prepare_once(db,
			 "SELECT seq, rev, at, actor, entity, \"key\", op, before, after,"
			 " reason, hash FROM audit ORDER BY seq",
			 err);
	if (!st)
		return MUSTER_ESTORE;
	return read_audit(db, st, out, err);
}

/* One record's rows: the index audit_record finds them (its rowid is seq). */
static int sq_audit_of(struct muster_db *db, const char *entity, const char *key,
		       struct muster_audit_list *out, struct muster_error *err)
{
	sqlite3_stmt *st =
	    prepare_once(db,
			 "SELECT seq, rev, at, actor, entity, \"key\", op, before, after,"
			 " reason, hash FROM audit WHERE entity = ?1 AND \"key\" = ?2 ORDER BY seq",
			 err);
	if (!st)
		return MUSTER_ESTORE;
	bind_str(st, 1, entity);
	bind_str(st, 2, key);
	return read_audit(db, st, out, err);
}

/*
 * The last row per record up to the point, found by SQLite (one pass over
 * the rows up to it, no record text read but the last ones'), ordered by
 * the seq of each record's last insert: where a replay leaves it. Both come
 * from the index audit_record alone (entity, key, op, rev; the rowid is
 * seq). pg_audit_latest takes the last insert from its one pass instead:
 * the same whenever the rows up to the point are the log's first ones
 * (always for a revision; for a time unless the clock went back).
 */
static int sq_audit_latest(struct muster_db *db, int64_t rev, const char *time,
			   struct muster_audit_list *out, struct muster_error *err)
{
	sqlite3_stmt *st = prepare_once(
	    db,
	    "SELECT a.seq, a.rev, a.at, a.actor, a.entity, a.\"key\", a.op, a.before, a.after,"
	    " a.reason, a.hash FROM audit a JOIN (SELECT max(seq) AS last FROM audit"
	    " WHERE CASE WHEN ?1 > 0 THEN rev <= ?1 ELSE substr(at, 1, length(?2)) <= ?2 END"
	    " GROUP BY entity, \"key\") m ON a.seq = m.last"
	    " ORDER BY (SELECT max(i.seq) FROM audit i WHERE i.entity = a.entity"
	    " AND i.\"key\" = a.\"key\" AND i.op = 'insert' AND i.seq <= a.seq), a.seq",
	    err);
	if (!st)
		return MUSTER_ESTORE;
	sqlite3_bind_int64(st, 1, rev);
	bind_str(st, 2, time ? time : "");
	return read_audit(db, st, out, err);
}

/* Step `st` (prepared with prepare_once: finalized here) into `out`. */
static int read_audit(struct muster_db *db, sqlite3_stmt *st, struct muster_audit_list *out,
		      struct muster_error *err)
{
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct muster_audit a = {.seq = sqlite3_column_int64(st, 0),
					 .rev = sqlite3_column_int64(st, 1)};
		char **text[] = {&a.at,	    &a.actor, &a.entity, &a.key, &a.op,
				 &a.before, &a.after, &a.reason, &a.hash};
		for (size_t i = 0; i < ARRAY_SIZE(text); i++)
			*text[i] = col_str(st, (int)i + 2);
		ARRAY_PUSH(*out, a);
	}
	int rc = step == SQLITE_DONE ? 0 : sq_fail(db, err, "cannot read the audit log");
	sqlite3_finalize(st);
	return rc;
}

/* ---- users and sessions ----------------------------------------------- */

static int sq_user_insert(struct muster_db *db, const struct muster_user *u, const char *hash,
			  struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_USER_INSERT, err);
	if (!st)
		return MUSTER_ESTORE;
	bind_str(st, 1, u->name);
	bind_str(st, 2, muster_role_name(u->role));
	bind_str(st, 3, u->nation);
	bind_str(st, 4, hash);
	bind_str(st, 5, u->created); /* NULL: now (migrate keeps the original) */
	int step = sqlite3_step(st);
	int ext = sqlite3_extended_errcode(SQ(db)->conn);
	sqlite3_reset(st);
	if (step == SQLITE_DONE)
		return 0;
	if (ext == SQLITE_CONSTRAINT_UNIQUE)
		return muster_error_set(err, MUSTER_EEXIST, _("user '%s' already exists"), u->name);
	return sq_fail(db, err, "cannot add the user");
}

/* Fill `u` (and *hash when asked) from a row of ST_USER_GET or ST_USER_LIST. */
static void read_user(sqlite3_stmt *st, struct muster_user *u, char **hash)
{
	char *role = col_str(st, 1);
	u->name = col_str(st, 0);
	u->role = muster_role_parse(role); /* a CHECK constraint holds it to the four */
	u->nation = col_str(st, 2);
	u->created = col_str(st, 3);
	if (hash)
		*hash = col_str(st, 4);
	free(role);
}

static int sq_user_get(struct muster_db *db, const char *name, struct muster_user *u, char **hash,
		       bool *found, struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_USER_GET, err);
	if (!st)
		return MUSTER_ESTORE;
	bind_str(st, 1, name);
	int step = sqlite3_step(st);
	*found = step == SQLITE_ROW;
	if (*found)
		read_user(st, u, hash);
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return sq_fail(db, err, "cannot read the users");
	return 0;
}

static int sq_user_list(struct muster_db *db, struct muster_user_list *out,
			struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_USER_LIST, err);
	int step;
	if (!st)
		return MUSTER_ESTORE;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct muster_user u = {0};
		read_user(st, &u, NULL);
		ARRAY_PUSH(*out, u);
	}
	sqlite3_reset(st);
	return step == SQLITE_DONE ? 0 : sq_fail(db, err, "cannot read the users");
}

/* Run a cached statement bound to up to two strings; *changed: rows it touched. */
static int change_rows(struct muster_db *db, enum stmt_id id, const char *a, const char *b,
		       bool *changed, const char *what, struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, id, err);
	if (!st)
		return MUSTER_ESTORE;
	bind_str(st, 1, a);
	if (b)
		bind_str(st, 2, b);
	int rc = step_done(db, st, what, err);
	if (changed)
		*changed = rc == 0 && sqlite3_changes(SQ(db)->conn) > 0;
	return rc;
}

static int sq_user_delete(struct muster_db *db, const char *name, bool *found,
			  struct muster_error *err)
{
	int rc = change_rows(db, ST_SESSION_DELETE_USER, name, NULL, NULL,
			     "cannot end the user's sessions", err);
	return rc < 0 ? rc
		      : change_rows(db, ST_USER_DELETE, name, NULL, found, "cannot remove the user",
				    err);
}

static int sq_user_set_hash(struct muster_db *db, const char *name, const char *hash, bool *found,
			    struct muster_error *err)
{
	int rc =
	    change_rows(db, ST_USER_SET_HASH, hash, name, found, "cannot change the password", err);
	return rc < 0 ? rc
		      : change_rows(db, ST_SESSION_DELETE_USER, name, NULL, NULL,
				    "cannot end the user's sessions", err);
}

static int sq_session_insert(struct muster_db *db, const char *token_hash, const char *user,
			     int64_t expires, struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_SESSION_INSERT, err);
	if (!st)
		return MUSTER_ESTORE;
	bind_str(st, 1, token_hash);
	bind_str(st, 2, user);
	sqlite3_bind_int64(st, 3, expires);
	return step_done(db, st, "cannot start the session", err);
}

static int sq_session_get(struct muster_db *db, const char *token_hash, char **stored_hash,
			  char **user, int64_t *expires, bool *found, struct muster_error *err)
{
	sqlite3_stmt *st = stmt(db, ST_SESSION_GET, err);
	if (!st)
		return MUSTER_ESTORE;
	bind_str(st, 1, token_hash);
	int step = sqlite3_step(st);
	*found = step == SQLITE_ROW;
	if (*found) {
		*stored_hash = col_str(st, 0);
		*user = col_str(st, 1);
		*expires = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return sq_fail(db, err, "cannot read the sessions");
	return 0;
}

static int sq_session_delete(struct muster_db *db, const char *token_hash, struct muster_error *err)
{
	return change_rows(db, ST_SESSION_DELETE, token_hash, NULL, NULL, "cannot end the session",
			   err);
}

static int sq_row_versions(struct muster_db *db, size_t t, struct store_row_versions *out,
			   struct muster_error *err)
{
	if (t >= ARRAY_SIZE(SQ(db)->versions))
		BUG("store table past the statement slots");
	char *sql = SQ(db)->versions[t]
			? NULL
			: xstrfmt("SELECT ord, version FROM %s ORDER BY ord", store_tables[t].name);
	sqlite3_stmt *st = table_stmt(db, &SQ(db)->versions[t], sql, err);
	int step;
	if (!st)
		return MUSTER_ESTORE;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_row_version v = {sqlite3_column_int64(st, 0),
					      sqlite3_column_int64(st, 1)};
		ARRAY_PUSH(*out, v);
	}
	int rc = step == SQLITE_DONE ? 0 : sq_fail(db, err, "cannot read the record versions");
	sqlite3_reset(st);
	return rc;
}

static int sq_row_version_set(struct muster_db *db, size_t t, int64_t ord, int64_t version,
			      struct muster_error *err)
{
	char *sql = xstrfmt("UPDATE %s SET version = ?2 WHERE ord = ?1", store_tables[t].name);
	sqlite3_stmt *st = prepare_once(db, sql, err);
	free(sql);
	if (!st)
		return MUSTER_ESTORE;
	sqlite3_bind_int64(st, 1, ord);
	sqlite3_bind_int64(st, 2, version);
	return step_one(db, st, err);
}

static int sq_rev_set(struct muster_db *db, const char *name, int64_t rev, struct muster_error *err)
{
	sqlite3_stmt *st = prepare_once(db,
					"INSERT INTO revision (scenario, rev) VALUES (?1, ?2)"
					" ON CONFLICT (scenario) DO UPDATE SET rev = excluded.rev",
					err);
	if (!st)
		return MUSTER_ESTORE;
	bind_str(st, 1, name ? name : "");
	sqlite3_bind_int64(st, 2, rev);
	int rc = sqlite3_step(st) == SQLITE_DONE
		     ? 0
		     : sq_fail(db, err, "cannot record the scenario revision");
	sqlite3_finalize(st);
	return rc;
}

static void sq_files(struct muster_db *db, struct muster_strlist *paths)
{
	static const char *const suffixes[] = {"-wal", "-shm", "-journal"};
	const char *main_file = sqlite3_db_filename(SQ(db)->conn, "main");
	if (!main_file || !*main_file) /* a temporary or in-memory database */
		return;
	muster_strlist_push(paths, main_file);
	for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++) {
		char *p = xstrfmt("%s%s", main_file, suffixes[i]);
		muster_strlist_push(paths, p);
		free(p);
	}
}

const struct store_ops store_sqlite_ops = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .read_begin = sq_read_begin,
    .is_empty = sq_is_empty,
    .clear = sq_clear,
    .rev_get = sq_rev_get,
    .rev_bump = sq_rev_bump,
    .load = sq_load,
    .save = sq_save,
    .run_save = sq_run_save,
    .run_latest = sq_run_latest,
    .run_get = sq_run_get,
    .run_list = sq_run_list,
    .whatif_find = sq_whatif_find,
    .whatif_create = sq_whatif_create,
    .whatif_add = sq_whatif_add,
    .whatif_changes = sq_whatif_changes,
    .whatif_list = sq_whatif_list,
    .whatif_children = sq_whatif_children,
    .whatif_delete = sq_whatif_delete,
    .row_get = sq_row_get,
    .row_insert = sq_row_insert,
    .row_update = sq_row_update,
    .row_delete = sq_row_delete,
    .audit_append = sq_audit_append,
    .audit_tail = sq_audit_tail,
    .audit_list = sq_audit_list,
    .audit_of = sq_audit_of,
    .audit_latest = sq_audit_latest,
    .files = sq_files,
    .user_insert = sq_user_insert,
    .user_get = sq_user_get,
    .user_list = sq_user_list,
    .user_delete = sq_user_delete,
    .user_set_hash = sq_user_set_hash,
    .session_insert = sq_session_insert,
    .session_get = sq_session_get,
    .session_delete = sq_session_delete,
    .row_versions = sq_row_versions,
    .row_version_set = sq_row_version_set,
    .rev_set = sq_rev_set,
};
