/*
 * store.h: the storage layer behind the public muster_db_* API.
 *
 * One ops struct per backend (store_sqlite.c now, store_pg.c later), in the
 * manner of SQLite's VFS: store.c implements every public muster_db_*
 * function once (transactions, import modes, what-if chains) by calling these
 * ops, so a backend only moves rows in and out and never decides policy.
 *
 * The scenario tables are described once, backend-neutrally, in
 * store_tables[] (entity.c): one descriptor per entity with its columns,
 * their CSV and SQL names, types, bounds and where each lives in the C
 * struct. Backends build their INSERT and SELECT statements from it, and the
 * CSV reader and writer, JSON, copy and release work from it too, so a new
 * optional column is a struct member, one line in entity.c and a migration
 * step in each backend.
 *
 * Storage formats (the same for every backend):
 * - dates are day numbers (days since 1970-01-01, INTEGER); an empty `from`
 *   (MUSTER_DATE_NONE) and an open `to` (MUSTER_DATE_OPEN) are NULL;
 *   date(from_day * 86400, 'unixepoch') gives the ISO text in SQLite;
 * - lists are ';'-joined TEXT, an empty list is NULL;
 * - enums are their contract words ('permanent', 'in-host', ...);
 *   yes/no cells are INTEGER 0/1;
 * - absent optional text is NULL;
 * - each table has an `ord` column (SQLite: the rowid) giving import order,
 *   so loading returns rows exactly as they were imported.
 */
#ifndef MUSTER_STORE_H
#define MUSTER_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "csv_read.h"
#include "muster.h"

/* The schema version this muster writes; older databases are migrated. */
#define STORE_SCHEMA_VERSION 7

/* Rows between checks of the handle's cancel flag (db->ctx) and progress reports. */
#define STORE_BATCH 8192

struct muster_db;

struct store_row_version {
	int64_t ord, version;
};
struct store_row_versions {
	struct store_row_version *items;
	size_t nr, alloc;
};

/*
 * A backend. Every function returns 0 or a negative MUSTER_E* status with a
 * message in `err`. Scenario ops (is_empty, clear, load, save) and the run and
 * what-if ops run inside the caller's transaction when one is open (begin),
 * else each in its own.
 */
struct store_ops {
	const char *name; /* "sqlite", "postgresql" */
	/*
	 * Open (creating it only when db->create), migrate to
	 * STORE_SCHEMA_VERSION; set db->impl and the schema fields. Without
	 * db->create, a database that does not exist or holds no schema at all
	 * is MUSTER_ENOENT and nothing is written.
	 */
	int (*open)(struct muster_db *db, const char *target, struct muster_error *err);
	void (*close)(struct muster_db *db); /* accepts a half-opened db */
	/* One write transaction at a time; begin takes the write lock. */
	int (*begin)(struct muster_db *db, struct muster_error *err);
	int (*commit)(struct muster_db *db, struct muster_error *err);
	void (*rollback)(struct muster_db *db); /* cannot fail usefully */
	/* A read transaction (one snapshot, no lock); ended by rollback. */
	int (*read_begin)(struct muster_db *db, struct muster_error *err);
	int (*is_empty)(struct muster_db *db, bool *empty, struct muster_error *err);
	/* Delete every scenario row (stored runs are kept: they become stale). */
	int (*clear)(struct muster_db *db, struct muster_error *err);
	/* The revision recorded against what-if `name` (NULL: the base); 0 when none. */
	int (*rev_get)(struct muster_db *db, const char *name, int64_t *rev,
		       struct muster_error *err);
	/* Take the database's next revision and record it against `name` (NULL: the base). */
	int (*rev_bump)(struct muster_db *db, const char *name, struct muster_error *err);
	/* Append every stored scenario row to `sc`, in import order. */
	int (*load)(struct muster_db *db, struct muster_scenario *sc, struct muster_error *err);
	/*
	 * Bulk-insert every row of `sc` after what is there; polls
	 * the cancel flag of db->ctx every STORE_BATCH rows (MUSTER_EINTR).
	 */
	int (*save)(struct muster_db *db, const struct muster_scenario *sc,
		    struct muster_error *err);
	/* Insert a run with its rows; sets run->id (run->created is set by the caller). */
	int (*run_save)(struct muster_db *db, struct muster_run *run, struct muster_error *err);
	/* See muster_db_run_get and muster_db_runs. */
	int (*run_get)(struct muster_db *db, int64_t id, struct muster_run *run,
		       struct muster_error *err);
	int (*run_list)(struct muster_db *db, struct muster_run_list *out,
			struct muster_error *err);
	/* See muster_db_run_latest; MUSTER_ENOENT with no message when there is none. */
	int (*run_latest)(struct muster_db *db, const char *whatif, const char *mission,
			  struct muster_run *run, struct muster_error *err);
	/* What-ifs: the caller checks names exist; these only move rows. */
	int (*whatif_find)(struct muster_db *db, const char *name, bool *found, char **base,
			   struct muster_error *err);
	int (*whatif_create)(struct muster_db *db, const char *name, const char *base,
			     struct muster_error *err);
	int (*whatif_add)(struct muster_db *db, const char *name, const char *change,
			  struct muster_error *err);
	int (*whatif_changes)(struct muster_db *db, const char *name,
			      struct muster_strlist *changes, struct muster_error *err);
	int (*whatif_list)(struct muster_db *db, struct muster_strlist *names,
			   struct muster_error *err);
	/* Names of the what-ifs built directly on `name`. */
	int (*whatif_children)(struct muster_db *db, const char *name, struct muster_strlist *names,
			       struct muster_error *err);
	/* Delete the what-if, its changes and its runs. */
	int (*whatif_delete)(struct muster_db *db, const char *name, struct muster_error *err);
	/*
	 * Row operations on table `t` of store_tables[], inside the caller's
	 * transaction. A row is found by its natural key, the table's first
	 * `nkey` columns taken from `row`: *ord its position (the backend's
	 * handle for update and delete) and *version its version, both 0 when
	 * there is no such row. Update and delete touch the row at `ord` only
	 * while it is at `version` (else MUSTER_ECONFLICT); update adds one to
	 * the version, insert stores version 1 after every other row.
	 */
	int (*row_get)(struct muster_db *db, size_t t, const void *row, int64_t *ord,
		       int64_t *version, struct muster_error *err);
	int (*row_insert)(struct muster_db *db, size_t t, const void *row,
			  struct muster_error *err);
	int (*row_update)(struct muster_db *db, size_t t, int64_t ord, int64_t version,
			  const void *row, struct muster_error *err);
	int (*row_delete)(struct muster_db *db, size_t t, int64_t ord, int64_t version,
			  struct muster_error *err);
	/* Append one audit row as given (seq is assigned). */
	int (*audit_append)(struct muster_db *db, const struct muster_audit *a,
			    struct muster_error *err);
	/*
	 * Optional (NULL: nothing to do): about `n` audit rows follow in this
	 * write transaction (an import), so the backend may prepare a bulk load
	 * (PostgreSQL: the log's secondary indexes are built once, at commit).
	 */
	int (*audit_bulk)(struct muster_db *db, size_t n, struct muster_error *err);
	/* The last audit row's hash (caller frees; NULL when the log is empty). */
	int (*audit_tail)(struct muster_db *db, char **hash, struct muster_error *err);
	/* Every audit row in log order (seq), appended to `out`. */
	int (*audit_list)(struct muster_db *db, struct muster_audit_list *out,
			  struct muster_error *err);
	/* Every audit row of one record (entity, key) in log order, appended to `out`. */
	int (*audit_of)(struct muster_db *db, const char *entity, const char *key,
			struct muster_audit_list *out, struct muster_error *err);
	/*
	 * For "as of": per record, its last audit row at or before revision
	 * `rev` (> 0), or else at or before the UTC time prefix `time`; in the
	 * order a replay of the log would leave the records (the place of each
	 * one's last insert), deletes included. Appended to `out`.
	 */
	int (*audit_latest)(struct muster_db *db, int64_t rev, const char *time,
			    struct muster_audit_list *out, struct muster_error *err);
	/*
	 * The paths of the files the database lives in, the main one first
	 * (SQLite: the file, then its -wal, -shm and -journal whether they
	 * exist or not); NULL for a backend without local files.
	 */
	void (*files)(struct muster_db *db, struct muster_strlist *paths);
	/*
	 * Users and sessions (users.c decides; these only move rows). Names
	 * match ignoring case. user_insert stores u->created when set, else
	 * the time now; MUSTER_EEXIST "user 'NAME' already
	 * exists" for a duplicate name. user_get, user_delete and
	 * user_set_hash set *found; user_delete and user_set_hash also delete
	 * the user's sessions. session_get finds a session by its token's hash.
	 */
	int (*user_insert)(struct muster_db *db, const struct muster_user *u, const char *hash,
			   struct muster_error *err);
	int (*user_get)(struct muster_db *db, const char *name, struct muster_user *u, char **hash,
			bool *found, struct muster_error *err);
	int (*user_list)(struct muster_db *db, struct muster_user_list *out,
			 struct muster_error *err);
	int (*user_delete)(struct muster_db *db, const char *name, bool *found,
			   struct muster_error *err);
	int (*user_set_hash)(struct muster_db *db, const char *name, const char *hash, bool *found,
			     struct muster_error *err);
	int (*session_insert)(struct muster_db *db, const char *token_hash, const char *user,
			      int64_t expires, struct muster_error *err);
	int (*session_get)(struct muster_db *db, const char *token_hash, char **stored_hash,
			   char **user, int64_t *expires, bool *found, struct muster_error *err);
	int (*session_delete)(struct muster_db *db, const char *token_hash,
			      struct muster_error *err);
	/*
	 * For muster_db_migrate (store_migrate.c): every row of table `t` as
	 * (ord, version), in ord order, appended to `out`; set the version of
	 * the row at `ord`; record revision `rev` against `name` (NULL: the
	 * base) as it is.
	 */
	int (*row_versions)(struct muster_db *db, size_t t, struct store_row_versions *out,
			    struct muster_error *err);
	int (*row_version_set)(struct muster_db *db, size_t t, int64_t ord, int64_t version,
			       struct muster_error *err);
	int (*rev_set)(struct muster_db *db, const char *name, int64_t rev,
		       struct muster_error *err);
};

/* The database handle behind the opaque public struct muster_db. */
struct muster_db {
	const struct store_ops *ops;
	void *impl;	    /* the backend's own state */
	char *target;	    /* path or URI as given (a URI's password is never printed) */
	char *label;	    /* what messages call it: the path, or the URI without credentials */
	int schema_found;   /* the version found on open: 0 for a new database */
	int schema_current; /* the version after migration */
	bool in_txn;	    /* a store.c transaction is open */
	bool readonly;	    /* opened read-only (the file or its folder is not writable) */
	const char *readonly_why; /* a constant: why, for messages (NULL: the SQLite reason) */
	bool create;		  /* open may create the database (muster_db_create) */
	struct muster_ctx *ctx;	  /* cancellation and progress (muster_db_set_ctx), or NULL */
	char *actor; /* who writes, for the audit log (muster_db_set_actor); may be NULL */
	struct store_cache *cache; /* the base scenario at a revision (records_list.c), or NULL */
};

/*
 * The handle's cache of the base scenario (records_list.c), for readers of
 * the present (muster_db_records, muster_db_record, muster_db_code_check):
 * the scenario loaded and validated once, with each table's record versions
 * read in one statement, kept while the revision read in the caller's
 * snapshot is the one it was loaded at. Every write of scenario data, by
 * this handle or any other process, takes a new revision, so a stale cache
 * is never used. "As of" and what-if reads never use it.
 *
 * store_cache_get: inside a read snapshot the caller opened; *sc borrowed
 * until the next call on the handle; *rev the snapshot's base revision.
 * store_cache_versions: table t's (ord, version) per row, in the order of
 * the cached scenario's rows (borrowed likewise).
 */
struct store_cache;
int store_cache_get(struct muster_db *db, const struct muster_scenario **sc, int64_t *rev,
		    struct muster_error *err);
int store_cache_versions(struct muster_db *db, size_t t, const struct store_row_versions **out,
			 struct muster_error *err);
void store_cache_free(struct store_cache *c);

extern const struct store_ops store_sqlite_ops;
#ifdef MUSTER_HAVE_PG
extern const struct store_ops store_pg_ops;
#endif

/* ---- backend-neutral table descriptions (store.c) -------------------- */

enum store_col_type {
	STORE_STR,	 /* char *, NULL allowed */
	STORE_LIST,	 /* struct muster_strlist, ';'-joined, empty is NULL */
	STORE_FROM,	 /* int32_t day, MUSTER_DATE_NONE is NULL */
	STORE_TO,	 /* int32_t day, MUSTER_DATE_OPEN is NULL */
	STORE_LONG,	 /* long */
	STORE_INT,	 /* int */
	STORE_DOUBLE,	 /* double */
	STORE_BOOL,	 /* bool as 0/1 */
	STORE_ENUM,	 /* an enum (int-sized) stored as its word in `words` */
	STORE_OPT_COUNT, /* struct muster_opt_count, unknown is NULL */
};

struct store_cell_codec;

/*
 * One column of an entity: the one description that CSV reading and
 * writing (scenario_read.c, scenario_write.c), SQL (the backends), JSON
 * (the audit log's before/after, muster_record_json), copying and releasing
 * (entity.c) all work from.
 */
struct store_col {
	/*
	 * The CSV column: its name in the file header, which is also its name
	 * in JSON and in "field=value", and whether a file must have it (a
	 * required cell may not be empty). csv.name is NULL for a column that
	 * has no cell of its own (the caveat's days, written in `value`);
	 * those come after every CSV column.
	 */
	struct csv_column csv;
	const char *name;  /* SQL column name, quoted where it is a keyword */
	const char *field; /* the C struct member ("from"), for tests and messages */
	enum store_col_type type;
	size_t off;		  /* offset in the entity struct */
	const char *const *words; /* STORE_ENUM: the words, indexed by value */
	size_t nwords;
	/*
	 * Bounds a value must meet, the CSV reader's and the store's (and the
	 * schema's CHECK constraints): STORE_LONG/INT/DOUBLE/OPT_COUNT within
	 * [min, max] when `bounded` (a double only >= min); a STORE_FROM/TO
	 * date never empty when `required`. Dates are always within
	 * [STORE_DAY_MIN, STORE_DAY_MAX], enums one of their words.
	 */
	bool bounded, required;
	long min, max;
	/* CSV reading: an empty optional cell's value (numbers, enums, yes/no) */
	long def;
	/* STORE_STR: an identifier (no ';', no control characters) rather than free text */
	bool id;
	/* STORE_STR identifiers and STORE_LIST: what a cell must be ("a nation code") */
	const char *what;
	/* A cell that is none of the types (the caveat's value): its own conversion */
	const struct store_cell_codec *codec;
};

/* The dates muster_date_parse accepts: 1900-01-01 .. 9999-12-31, as day numbers. */
#define STORE_DAY_MIN (-25567)
#define STORE_DAY_MAX 2932896

/*
 * What messages call column `c` of a table: its CSV name ("from", "limit"),
 * in `buf`.
 */
const char *store_col_label(const struct store_col *c, char *buf, size_t size);

struct store_table {
	const char *name; /* SQL table name (the CSV file's name without .csv) */
	const struct store_col *cols;
	size_t ncols;
	size_t ncsv;		      /* the first ncsv columns are the CSV file's, in its order */
	enum scenario_table sc;	      /* its place in scenario_schemas[] */
	const struct csv_schema *csv; /* &scenario_schemas[sc] */
	size_t (*count)(const struct muster_scenario *sc);
	const void *(*at)(const struct muster_scenario *sc, size_t i);
	void *(*push)(struct muster_scenario *sc); /* a new zeroed element */
	/* Drop element i, shifting the rest down; its contents are not freed. */
	void (*remove)(struct muster_scenario *sc, size_t i);
	size_t size; /* of one element */
	size_t nkey; /* the natural key: the first nkey columns (DESIGN.md 11) */
};

extern const struct store_table store_tables[];
extern const size_t store_tables_nr;

/* The store_tables[] entry named `name`, or NULL. */
const struct store_table *store_table_find(const char *name);

/*
 * Store-wide helpers for records.c (store.c): a write transaction (begin
 * refuses a read-only database), ended by committing when rc is 0, else
 * rolling back, returning rc or the commit's failure; and a load checked as
 * import checks a folder.
 */
int store_txn_begin(struct muster_db *db, struct muster_error *err);
int store_txn_end(struct muster_db *db, int rc, struct muster_error *err);
int store_load_checked(struct muster_db *db, struct muster_scenario *sc, struct muster_error *err);

/*
 * Give every cap and deployment of `sc` without an id one that neither `sc`
 * nor `taken` (may be NULL) uses: NATION-COUNTRY-N for caps, dNNNN for
 * deployments.
 */
void store_assign_ids(struct muster_scenario *sc, const struct muster_scenario *taken);

/*
 * Audit rows of an import (records.c): one row per record of `sc`, with
 * operation `op` ("insert": the record after; "delete": before), the
 * revision `rev`, actor and reason (may be NULL).
 */
int records_audit_all(struct muster_db *db, const struct muster_scenario *sc, const char *op,
		      int64_t rev, const char *actor, const char *reason, struct muster_error *err);
/*
 * When the audit log is empty but `sc` (what is stored) is not, as in a
 * database from before the log: record its records as inserts at revision
 * `rev`, so that the history and "as of" start from what was there.
 */
int records_audit_baseline(struct muster_db *db, const struct muster_scenario *sc, int64_t rev,
			   struct muster_error *err);

/* Append a deep copy of `src` (a row of table `tb`) to `dst`'s table. */
void store_row_append(const struct store_table *tb, struct muster_scenario *dst, const void *src);

/*
 * Append the audit row of one record's change of table store_tables[t] at
 * revision `rev` (actor: the handle's): row `bi` of `before` (NULL: an
 * insert) became row `ai` of `after` (NULL: a delete).
 */
int records_audit_change(struct muster_db *db, size_t t, const struct muster_scenario *before,
			 size_t bi, const struct muster_scenario *after, size_t ai, int64_t rev,
			 struct muster_error *err);
/* Caps and deployments of `sc` without an id take the id of an equal row of `old`. */
void store_reuse_ids(struct muster_scenario *sc, const struct muster_scenario *old);

/* Total scenario rows of `sc`, for progress. */
size_t store_scenario_rows(const struct muster_scenario *sc);

/* ---- a scenario's shared strings (model.c) ----------------------------- */

/*
 * The strings of `*pool` (made on first use): strpool_intern returns the one
 * copy of the `len` bytes at `s` (NUL added), strpool_copy a new copy (for
 * strings seen once, such as ids). Both live until strpool_free; neither may
 * be freed alone or written through.
 */
char *strpool_intern(struct muster_strpool **pool, const char *s, size_t len);
char *strpool_copy(struct muster_strpool **pool, const char *s, size_t len);
/* Whether `p` is one of the pool's strings (NULL pool: no). */
bool strpool_owns(const struct muster_strpool *pool, const char *p);
void strpool_free(struct muster_strpool *pool);
/*
 * muster_scenario_release for a scenario that holds rows moved out of
 * another (an edit's old row): the strings of `other` (may be NULL) are left
 * to it. Release sc before the other.
 */
void scenario_release_rows_of(struct muster_scenario *sc, const struct muster_strpool *other);

/* ---- what works from the descriptors, per row (entity.c) -------------- */

/* The store_tables[] entry of CSV table `t`. */
const struct store_table *store_table_of(enum scenario_table t);
/* The table named `name`, else MUSTER_EUSAGE "unknown entity 'X'; did you mean 'Y'?". */
int entity_find(const char *name, const struct store_table **tb, struct muster_error *err);
/* The CSV column named `name`, else MUSTER_EUSAGE "T has no field 'X'; did you mean 'Y'?". */
int entity_find_field(const struct store_table *tb, const char *name, size_t *col,
		      struct muster_error *err);
/* The written key of a row: its key columns joined with ':' ("NMI:TRG-1"); caller frees. */
char *entity_row_key(const struct store_table *tb, const void *row);
/* Deep copy of every column of `src` into the zeroed `dst`. */
void entity_row_copy(const struct store_table *tb, void *dst, const void *src);
/* Every column equal. */
bool entity_row_equal(const struct store_table *tb, const void *a, const void *b);
/* Whether rows a and b of `tb` have the same natural key (the first nkey columns). */
bool entity_key_equal(const struct store_table *tb, const void *a, const void *b);
/* An order of rows by natural key (text key columns, an empty one first): <0, 0, >0. */
int entity_key_cmp(const struct store_table *tb, const void *a, const void *b);
/*
 * Free what the row's columns own (the row itself is not freed): every string
 * but those of `shared` (the scenario's `strings`, may be NULL).
 */
void entity_row_release(const struct store_table *tb, void *row,
			const struct muster_strpool *shared);
/*
 * One CSV row (tb->csv order) converted into a new entity appended to `sc`,
 * problems reported on `err` as "file:line: column 'c': expected ..., got
 * '...'"; the entity is appended also when a cell is bad.
 */
void entity_row_read(struct muster_scenario *sc, const struct store_table *tb,
		     const struct csv_row *row, struct muster_error *err);
/* The cells of a row as the CSV writer writes them, in tb->csv order, appended. */
void entity_row_cells(const struct store_table *tb, const void *row, struct muster_strlist *cells);
/* The same cells as one CSV line (RFC 4180 quoting, no line end), appended to `line`. */
struct strbuf;
void entity_row_csv(const struct store_table *tb, const void *row, size_t ncols,
		    struct strbuf *line);

#endif
