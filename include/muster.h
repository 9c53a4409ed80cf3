/*
 * muster.h: the one public header of libmuster, a force generation and force
 * posture planner.
 *
 * Conventions (see STYLE.md):
 * - Functions that can fail return 0 or a negative MUSTER_E* status and, when
 *   given a non-NULL `struct muster_error *`, fill it with a message (and for
 *   validation, one detail line per problem). Release it with
 *   muster_error_release().
 * - A returned `char *` belongs to the caller; a `const char *` is borrowed
 *   for as long as the object it came from lives.
 * - Every _release/_free function accepts NULL or a zeroed object.
 * - Dates are days since 1970-01-01 (int32_t). MUSTER_DATE_NONE marks an empty
 *   `from` cell, MUSTER_DATE_OPEN an empty (open-ended) `to` cell. Every
 *   interval is [from, to).
 *
 * The scenario model (struct muster_scenario and its entities) is plain data,
 * mirroring the scenario folder contract of DESIGN.md section 3 one field per
 * column; the database handle is opaque.
 */
#ifndef MUSTER_H
#define MUSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MUSTER_VERSION "0.1.0"

/* ---- status codes ---------------------------------------------------- */

enum muster_status {
	MUSTER_OK = 0,
	MUSTER_EINVAL = -1,	 /* bad input (file, option, value) */
	MUSTER_ENOENT = -2,	 /* something named does not exist */
	MUSTER_EIO = -3,	 /* reading or writing a file failed */
	MUSTER_ESTORE = -4,	 /* the database failed */
	MUSTER_EEXIST = -5,	 /* would duplicate existing data */
	MUSTER_EINFEASIBLE = -6, /* no solution (e.g. fair-share floors above 100%) */
	MUSTER_EINTR = -7,	 /* interrupted by a signal */
	MUSTER_EUSAGE = -8,	 /* wrong command-line usage */
	MUSTER_ESOLVER = -9,	 /* the solver failed */
};

/* ---- errors ---------------------------------------------------------- */

#define MUSTER_ERROR_MAX_DETAILS 100

struct muster_strlist {
	char **items;
	size_t nr, alloc;
};

/*
 * An error: a code, a one-line message and, for validation, one detail line
 * per problem ("offers.csv:17: column 'units': expected ..."). Details past
 * MUSTER_ERROR_MAX_DETAILS are counted in `dropped`, not kept.
 * Zero-initialise before use (struct muster_error err = {0}).
 */
struct muster_error {
	int code;
	char *msg;
	struct muster_strlist details;
	size_t dropped;
};

/* Set code and message (printf format); returns `code`. err may be NULL. */
int muster_error_set(struct muster_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Append one detail line (printf format). err may be NULL. */
void muster_error_add(struct muster_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Free message and details and zero the struct. */
void muster_error_release(struct muster_error *err);
/* A short English name of a status code ("bad input"). Static string. */
const char *muster_strstatus(int code);

/* ---- string lists ---------------------------------------------------- */

void muster_strlist_push(struct muster_strlist *l, const char *s); /* copies s */
void muster_strlist_release(struct muster_strlist *l);
bool muster_strlist_has(const struct muster_strlist *l, const char *s);
/* Split `s` at `sep`, trimming blanks, skipping empty parts; appends copies. */
void muster_strlist_split(struct muster_strlist *l, const char *s, char sep);
/* Join with `sep`; returns a new string owned by the caller ("" when empty). */
char *muster_strlist_join(const struct muster_strlist *l, char sep);

/* ---- dates ----------------------------------------------------------- */

#define MUSTER_DATE_NONE INT32_MIN /* empty `from` */
#define MUSTER_DATE_OPEN INT32_MAX /* empty `to`: open-ended */

/* Parse a strict YYYY-MM-DD calendar date; 0 or MUSTER_EINVAL. */
int muster_date_parse(const char *s, int32_t *out);
/* Format into buf (at least 11 bytes); NONE and OPEN format as "". */
void muster_date_format(int32_t day, char buf[static 11]);
/* Days from civil date and back (proleptic Gregorian). */
int32_t muster_date_from_ymd(int y, int m, int d);
void muster_date_to_ymd(int32_t day, int *y, int *m, int *d);

/* ---- the scenario model (DESIGN.md section 3, contract) --------------- */

struct muster_nation {
	char *code;			   /* ISO 3166-1 alpha-3 or a scenario's own code */
	char *name;			   /* may be NULL */
	char *region;			   /* may be NULL */
	struct muster_strlist memberships; /* e.g. NATO, EU, UN */
};

struct muster_key {
	char *key; /* e.g. gni-2020 */
	char *nation;
	double value; /* >= 0 */
};

struct muster_mission {
	char *code;
	char *name;	    /* may be NULL */
	char *organization; /* may be NULL */
	char *host;	    /* country code */
	int32_t from, to;   /* NONE / OPEN when empty */
};

enum muster_scope { MUSTER_SCOPE_ALL = 0, MUSTER_SCOPE_IN_HOST = 1 };
enum muster_phase_status { MUSTER_PHASE_APPROVED = 0, MUSTER_PHASE_REQUESTED = 1 };

struct muster_phase {
	char *mission;
	char *phase;
	int32_t from, to; /* to: OPEN when empty */
	long ceiling;	  /* personnel, >= 0 */
	enum muster_scope scope;
	enum muster_phase_status status;
};

struct muster_capability {
	char *code;
	char *name;			   /* may be NULL */
	struct muster_strlist substitutes; /* capabilities that may fill a line of this one */
};

struct muster_requirement {
	char *mission;
	char *line; /* identity is mission:line */
	char *capability;
	long units;	/* >= 1 */
	long personnel; /* per unit, >= 1 */
	char *location; /* NULL: the mission's host */
	int32_t from, to;
	int priority;	   /* 1 (highest) .. 5, default 3 */
	int min_readiness; /* 0 .. 3, default 0 */
	struct muster_strlist tasks;
};

enum muster_offer_status {
	MUSTER_OFFER_OFFERED = 0,
	MUSTER_OFFER_ACCEPTED = 1,
	MUSTER_OFFER_WITHDRAWN = 2,
};

struct muster_offer {
	char *id;
	char *nation;
	char *capability;
	long units;		       /* >= 1 */
	long personnel;		       /* per unit, >= 1 */
	int32_t from, to;	       /* to: OPEN when empty */
	int readiness;		       /* 0 .. 3 */
	char *mission;		       /* NULL: any */
	char *line;		       /* NULL: any; needs mission */
	struct muster_strlist caveats; /* caveat ids */
	enum muster_offer_status status;
};

enum muster_caveat_kind {
	MUSTER_CAVEAT_ONLY_COUNTRIES = 0,
	MUSTER_CAVEAT_NOT_COUNTRIES = 1,
	MUSTER_CAVEAT_NO_TASKS = 2,
	MUSTER_CAVEAT_ONLY_MISSIONS = 3,
	MUSTER_CAVEAT_MAX_DAYS = 4,
};

struct muster_caveat {
	char *id;
	char *nation;
	enum muster_caveat_kind kind;
	struct muster_strlist values; /* the list kinds */
	long days;		      /* max-days */
	bool hard;		      /* default true */
};

struct muster_cap {
	char *nation;
	char *country;
	long limit;	  /* >= 0; 0 is a deadline */
	int32_t from, to; /* NONE / OPEN when empty */
	char *note;	  /* may be NULL */
};

enum muster_deployment_kind {
	MUSTER_DEPLOY_PERMANENT = 0,
	MUSTER_DEPLOY_ROTATIONAL = 1,
	MUSTER_DEPLOY_TEMPORARY = 2,
	MUSTER_DEPLOY_SUPPORT = 3,
};

struct muster_deployment {
	char *id; /* may be NULL */
	char *nation;
	char *country;
	char *mission;			  /* may be NULL */
	long personnel;			  /* >= 0 */
	int32_t from, to;		  /* to: OPEN when empty */
	enum muster_deployment_kind kind; /* default permanent */
	bool counts_against_cap;	  /* default true */
	char *source;			  /* may be NULL */
};

/* Growable arrays: { T *items; size_t nr, alloc; } */
#define MUSTER_ARRAY(T)                                                                            \
	struct {                                                                                   \
		T *items;                                                                          \
		size_t nr, alloc;                                                                  \
	}

/*
 * A whole scenario in memory. `nations` holds only the scenario's own
 * nations.csv rows; the built-in reference table is consulted through
 * muster_nation_lookup().
 */
struct muster_scenario {
	MUSTER_ARRAY(struct muster_nation) nations;
	MUSTER_ARRAY(struct muster_key) keys;
	MUSTER_ARRAY(struct muster_mission) missions;
	MUSTER_ARRAY(struct muster_phase) phases;
	MUSTER_ARRAY(struct muster_capability) capabilities;
	MUSTER_ARRAY(struct muster_requirement) requirements;
	MUSTER_ARRAY(struct muster_offer) offers;
	MUSTER_ARRAY(struct muster_caveat) caveats;
	MUSTER_ARRAY(struct muster_cap) caps;
	MUSTER_ARRAY(struct muster_deployment) deployments;
};

void muster_scenario_init(struct muster_scenario *sc);
void muster_scenario_release(struct muster_scenario *sc);

/* Entity lookups by id; NULL when absent. Linear or indexed; borrowed. */
const struct muster_mission *muster_scenario_mission(const struct muster_scenario *sc,
						     const char *code);
const struct muster_capability *muster_scenario_capability(const struct muster_scenario *sc,
							   const char *code);
const struct muster_caveat *muster_scenario_caveat(const struct muster_scenario *sc,
						   const char *id);
const struct muster_offer *muster_scenario_offer(const struct muster_scenario *sc, const char *id);
const struct muster_requirement *muster_scenario_requirement(const struct muster_scenario *sc,
							     const char *mission, const char *line);
/* A requirement's location: its own, else its mission's host (NULL if unknown). */
const char *muster_requirement_location(const struct muster_scenario *sc,
					const struct muster_requirement *r);

/*
 * Nations: the scenario's nations.csv row for `code` if any, else the built-in
 * reference row (data/countries.csv, NATO memberships from data/nato.csv),
 * else NULL. `sc` may be NULL for the reference table alone.
 */
const struct muster_nation *muster_nation_lookup(const struct muster_scenario *sc,
						 const char *code);
/* The built-in reference table (every ISO 3166-1 country); borrowed, static. */
const struct muster_nation *muster_reference_nations(size_t *nr);
/* Date a nation joined an organisation (e.g. "NATO"), MUSTER_DATE_NONE if unknown. */
int32_t muster_reference_accession(const char *org, const char *nation);
/* Built-in GDP (current US$, World Bank) of `nation` in `year`; <0 if unknown. */
double muster_reference_gdp(const char *nation, int year);
/* The latest year for which the built-in GDP table has values. */
int muster_reference_gdp_year(void);

/* ---- scenario folders (CSV, DESIGN.md section 3) ---------------------- */

/*
 * Read every scenario file present in `dir` into `sc` (which must be
 * initialised and is appended to) and validate it whole, including
 * cross-references. On failure returns MUSTER_EINVAL (or MUSTER_EIO) with one
 * detail per problem ("offers.csv:17: column 'units': expected a whole number
 * >= 1, got 'two'") and `sc` must be released by the caller.
 */
int muster_scenario_read_dir(struct muster_scenario *sc, const char *dir, struct muster_error *err);
/* Cross-reference and consistency checks of a whole scenario (no I/O). */
int muster_scenario_validate(const struct muster_scenario *sc, struct muster_error *err);
/* Write every non-empty table of `sc` as CSV into `dir` (created if needed). */
int muster_scenario_write_dir(const struct muster_scenario *sc, const char *dir,
			      struct muster_error *err);

/* ---- progress -------------------------------------------------------- */

/*
 * Long work (imports, solves) reports progress through one process-wide hook;
 * the CLI installs one that draws on a terminal only. `total` is 0 when
 * unknown. Called at most a few times per second by the library.
 */
typedef void (*muster_progress_fn)(void *ctx, const char *what, uint64_t done, uint64_t total);
void muster_set_progress(muster_progress_fn fn, void *ctx);
/* Report progress (library internal use; rate-limited). */
void muster_progress(const char *what, uint64_t done, uint64_t total);
/* Set when SIGINT/SIGTERM arrives (set by the CLI's handler); long work polls it. */
extern volatile int muster_interrupted;

/* ---- sourcing results ------------------------------------------------ */

struct muster_assignment {
	char *mission, *line, *offer, *nation;
	long units;
	long personnel;	  /* units x offer personnel */
	int32_t from, to; /* the pair's interval I(o,r) */
};

enum muster_gap_reason {
	MUSTER_GAP_NO_OFFER = 0,
	MUSTER_GAP_READINESS,
	MUSTER_GAP_WINDOW,
	MUSTER_GAP_CAVEAT,
	MUSTER_GAP_CAP,
	MUSTER_GAP_CEILING,
	MUSTER_GAP_TAKEN,
};
/* "no-offer", "readiness", ... (static) */
const char *muster_gap_reason_name(enum muster_gap_reason r);

struct muster_gap {
	char *mission, *line;
	int32_t from, to;
	long missing_units;
	enum muster_gap_reason reason;
	char *detail; /* may be NULL */
};

/* A stored sourcing run: the result of `muster source`. */
struct muster_run {
	int64_t id;    /* set by muster_db_run_save */
	char *created; /* UTC ISO 8601, set by muster_db_run_save */
	char *whatif;  /* what-if scenario name, NULL for the base */
	char *mission; /* NULL: all missions */
	char *solver;  /* "fast", "exact" */
	bool with_requested;
	double fair_weight;
	double objective, bound, gap; /* gap = (bound - objective) / bound */
	double fill;		      /* percent, 0 .. 100 */
	double seconds;
	MUSTER_ARRAY(struct muster_assignment) assignments;
	MUSTER_ARRAY(struct muster_gap) gaps;
};

void muster_run_release(struct muster_run *run);

/* ---- the database (storage behind one ops struct) --------------------- */

struct muster_db;

/*
 * Open (creating if needed) the database at `target`: a SQLite file path, or
 * a "postgresql://" / "postgres://" URI when PostgreSQL support is built in.
 * Migrates the schema to the current version.
 */
int muster_db_open(struct muster_db **out, const char *target, struct muster_error *err);
void muster_db_close(struct muster_db *db);
/* "sqlite" or "postgresql" (static). */
const char *muster_db_backend(const struct muster_db *db);
/*
 * Schema versions: `found` the version the database had when opened (0: it
 * was new), `current` the version it has now (after migration). Either may
 * be NULL.
 */
void muster_db_schema(const struct muster_db *db, int *found, int *current);
/* What messages call the database: its path, or its URI without credentials (borrowed). */
const char *muster_db_label(const struct muster_db *db);

/* True when the database holds no scenario data. */
int muster_db_is_empty(struct muster_db *db, bool *empty, struct muster_error *err);

enum muster_import_mode {
	MUSTER_IMPORT_NEW = 0, /* fail with MUSTER_EEXIST when the database holds data */
	MUSTER_IMPORT_MERGE,   /* add to what is there; a duplicate id fails */
	MUSTER_IMPORT_REPLACE, /* replace everything */
};

/*
 * Store a validated scenario, all or nothing (one transaction). MERGE loads
 * what is there, validates the union and fails on any duplicate identity.
 */
int muster_db_import(struct muster_db *db, const struct muster_scenario *sc,
		     enum muster_import_mode mode, struct muster_error *err);

/*
 * Load the base scenario into `sc` (initialised), then, when `whatif` is not
 * NULL, apply that what-if scenario's layers of changes (and those of its
 * bases) in order.
 */
int muster_db_load(struct muster_db *db, const char *whatif, struct muster_scenario *sc,
		   struct muster_error *err);

/* Store a sourcing run (one transaction); sets run->id and run->created. */
int muster_db_run_save(struct muster_db *db, struct muster_run *run, struct muster_error *err);
/*
 * Load the latest run for (whatif, mission); NULL whatif is the base, NULL
 * mission matches a run over all missions first, else the latest of any.
 * MUSTER_ENOENT when there is none.
 */
int muster_db_run_latest(struct muster_db *db, const char *whatif, const char *mission,
			 struct muster_run *run, struct muster_error *err);

/*
 * What-if scenarios: named layers of changes over a base. The store keeps each
 * change as an opaque text line (the what-if module defines the syntax).
 */
int muster_db_whatif_create(struct muster_db *db, const char *name, const char *base,
			    struct muster_error *err);
int muster_db_whatif_add(struct muster_db *db, const char *name, const char *change,
			 struct muster_error *err);
/* base: the what-if it builds on (NULL for the base scenario), owned by caller. */
int muster_db_whatif_get(struct muster_db *db, const char *name, char **base,
			 struct muster_strlist *changes, struct muster_error *err);
int muster_db_whatif_list(struct muster_db *db, struct muster_strlist *names,
			  struct muster_error *err);
int muster_db_whatif_delete(struct muster_db *db, const char *name, struct muster_error *err);

/* ==== sourcing (DESIGN.md section 4) ==================================== */
/* section owned by the sourcing module: src/lib/source*.c */

/* ==== fair share (DESIGN.md section 5) ================================== */
/* section owned by src/lib/fairshare.c */

/* ==== posture, caps, deadlines (DESIGN.md section 6) ==================== */
/* section owned by src/lib/posture.c */

/* ==== rotation ========================================================== */
/* section owned by src/lib/rotation.c */

/* ==== what-if layers ==================================================== */
/* section owned by src/lib/whatif.c */

/*
 * Apply one change line (the syntax of `muster whatif add`) to `sc`.
 * Used by muster_db_load for what-if scenarios.
 */
int muster_whatif_apply(struct muster_scenario *sc, const char *change, struct muster_error *err);

/* ==== importers of public data ========================================== */
/* section owned by src/lib/import_*.c */

/*
 * Import a public data file into deployments (with `source` filled), one
 * transaction, idempotent on re-import. `format`: "un-contributions",
 * "us-personnel" or "deployments". Missing missions and hosts are created.
 */
int muster_import_public(struct muster_db *db, const char *format, const char *path,
			 struct muster_error *err);

/* ==== reports (text tables, CSV, JSON, SVG, HTML) ======================= */
/* section owned by src/lib/report*.c */

#endif /* MUSTER_H */
