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
#include <stdatomic.h>

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
	MUSTER_EINTR = -7,   /* interrupted: the call's cancel flag was set (struct muster_ctx) */
	MUSTER_EUSAGE = -8,  /* wrong command-line usage */
	MUSTER_ESOLVER = -9, /* the solver failed */
	MUSTER_ETIME = -10,  /* a time limit was reached before there was a result */
	MUSTER_ESTALE = -11, /* the data changed since it was read (scenario revision) */
	MUSTER_EPERM = -12,  /* a forbidden change, or a failed login (muster_policy_*) */
	MUSTER_ECONFLICT = -13, /* a stale record version */
	MUSTER_EBUSY = -14,	/* the database is busy (another writer) */
	MUSTER_EUNAVAIL = -15,	/* the database server cannot be reached now (down, restarting,
				   the connection lost): nothing of the call was stored */
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
/*
 * One problem in structured form (entity, record key, column, message), as
 * a front end other than a terminal wants it; any field may be NULL.
 */
struct muster_error_item {
	char *entity;  /* "offers" */
	char *key;     /* "CAN-ADV-1", "NMI:TRG-1" */
	char *column;  /* the CSV column name, "units" */
	char *message; /* the detail line, as in `details` */
};

struct muster_error {
	int code;
	char *msg;
	struct muster_strlist details;
	size_t dropped;
	/* The same problems structured (filled by muster_db_edit, at least). */
	struct {
		struct muster_error_item *items;
		size_t nr, alloc;
	} items;
};

/*
 * Append a structured problem (strings copied, each may be NULL). err may be
 * NULL. Does not add a detail line: callers add both.
 */
void muster_error_item_add(struct muster_error *err, const char *entity, const char *key,
			   const char *column, const char *message);

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
	char *host;	    /* country code; NULL: none (no requirement, no in-host phase) */
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

/*
 * A count that may be unknown, for optional cells where empty means "not
 * stated" rather than 0. The zero value is unknown.
 */
struct muster_opt_count {
	long value; /* >= 0 when known */
	bool known;
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
	/* Units of the capability the nation holds to sustain the offer through
	 * rotations (the `pool` column); unknown: not stated. */
	struct muster_opt_count pool;
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
	char *id; /* unique; NULL when the file left it empty (the store assigns one) */
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
	char *category; /* the personnel category (troops, police, ...); NULL: not known */
};

/* ---- costs, funding and budgets (issue 15: costs.csv, funding.csv, budgets.csv) ---- */

/* What a cost rate is paid for (costs.csv `basis`). */
enum muster_cost_basis {
	MUSTER_BASIS_PERSON_DAY = 0,	  /* per person sent, per day */
	MUSTER_BASIS_UNIT_DEPLOYMENT = 1, /* one-off per unit sent (on its first day) */
	MUSTER_BASIS_UNIT_DAY = 2,	  /* per unit sent, per day */
};

/*
 * A cost rate. NULL nation, country or capability match any; of the rates of
 * one basis that match an assignment on a day, the most specific wins (see
 * muster_cost_compute). Money is in the scenario's one currency.
 */
struct muster_cost_rate {
	char *id;
	char *nation;	  /* the sending nation; NULL: any */
	char *country;	  /* where the units serve (the line's location); NULL: any */
	char *capability; /* the offer's capability; NULL: any */
	enum muster_cost_basis basis;
	double value;	  /* money per basis unit, >= 0 */
	int32_t from, to; /* NONE / OPEN when empty */
	char *currency;	  /* e.g. "EUR"; NULL: the scenario's (one per scenario) */
	char *note;	  /* may be NULL */
};

enum muster_funding_rule {
	MUSTER_FUNDING_NATIONAL = 0, /* costs lie where they fall */
	MUSTER_FUNDING_COMMON = 1,   /* `share` of them split by a key */
};

/* How a mission's costs are paid over a period (funding.csv). */
struct muster_funding {
	char *id;
	char *mission;
	enum muster_funding_rule rule;
	char *key;	  /* common: a key of keys.csv; NULL for national */
	double share;	  /* common: the fraction commonly funded, 0 .. 1 (default 1) */
	int32_t from, to; /* NONE / OPEN when empty */
};

/* The most a nation pays (paid cost) over a period, on one mission or all (budgets.csv). */
struct muster_budget {
	char *id;
	char *nation;
	char *mission;	  /* NULL: all missions */
	double limit;	  /* money, >= 0 */
	int32_t from, to; /* NONE / OPEN when empty */
	char *currency;	  /* NULL: the scenario's */
	char *note;	  /* may be NULL */
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
	MUSTER_ARRAY(struct muster_cost_rate) costs;
	MUSTER_ARRAY(struct muster_funding) funding;
	MUSTER_ARRAY(struct muster_budget) budgets;
	/*
	 * Strings shared by the rows of a loaded scenario (the SQLite load puts
	 * the deployments' strings here, one copy of each code): freed with the
	 * scenario, never one by one. Every other string of a row is its own
	 * malloc'd copy. NULL when none. Code that frees a row's strings goes
	 * through muster_scenario_release or entity_row_release with this pool;
	 * a string may be replaced (the old one released so) but never written
	 * in place. Copies of rows (entity_row_copy) own their strings.
	 */
	struct muster_strpool *strings;
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
 * A reference row's memberships hold "NATO" for the nations of
 * data/nato.csv (whatever their accession date: muster_nation_is_member and
 * muster_nation_memberships apply it) and "UN" for the 193 UN member states. A scenario row's
 * memberships are its own only: ask muster_nation_is_member or
 * muster_nation_memberships for the memberships that hold. The reference
 * functions below are thread-safe (the tables load once, on first use) and
 * their rows stay valid until the process exits.
 */
const struct muster_nation *muster_nation_lookup(const struct muster_scenario *sc,
						 const char *code);
/* The built-in reference table (every ISO 3166-1 country); borrowed, static. */
const struct muster_nation *muster_reference_nations(size_t *nr);
/* Date a nation joined an organisation (e.g. "NATO"), MUSTER_DATE_NONE if unknown. */
int32_t muster_reference_accession(const char *org, const char *nation);
/*
 * Is `code` a member of `org` (any case) on day `on`? The built-in NATO
 * memberships hold from the accession date (data/nato.csv); the other built-in
 * ones (UN) and every membership listed in the scenario's nations.csv (which
 * adds to the built-in ones, never removes them) hold on any date. `sc` may be
 * NULL for the reference table alone.
 */
bool muster_nation_is_member(const struct muster_scenario *sc, const char *code, const char *org,
			     int32_t on);
/*
 * Append to `out` the memberships of `code`: the scenario's, then the built-in
 * ones as of today not already listed (any case). `sc` may be NULL.
 */
void muster_nation_memberships(const struct muster_scenario *sc, const char *code,
			       struct muster_strlist *out);
/* Built-in GDP (current US$, World Bank) of `nation` in `year`; <0 if unknown. */
double muster_reference_gdp(const char *nation, int year);
/* The latest (first) year for which the built-in GDP table has values. */
int muster_reference_gdp_year(void);
int muster_reference_gdp_first_year(void);
/* Built-in population (World Bank, mid-year) of `nation` in `year`; <0 if unknown. */
double muster_reference_population(const char *nation, int year);
/* The latest (first) year for which the built-in population table has values. */
int muster_reference_population_year(void);
int muster_reference_population_first_year(void);
/*
 * The value of fair-share key `key` (keys.csv, or a built-in: gdp, gdp-YYYY,
 * population, population-YYYY, equal) for `nation`: *value < 0 when the
 * nation has none. MUSTER_ENOENT for an unknown key (the message suggests
 * the closest one). Defined with the fair shares (src/lib/fairshare.c).
 */
int muster_key_lookup(const struct muster_scenario *sc, const char *key, const char *nation,
		      double *value, struct muster_error *err);

/* ---- codes typed by users (filters) ---------------------------------- */
/* section owned by src/lib/codes.c */

enum muster_code_kind {
	MUSTER_CODE_NATION = 0, /* nations.csv, the reference table, or any code in the data */
	MUSTER_CODE_COUNTRY,	/* the same codes, named "country" in messages */
	MUSTER_CODE_MISSION,	/* missions.csv */
	MUSTER_CODE_CAPABILITY, /* capabilities.csv, or one that an offer or a line names */
};
/* "nation", "country", "mission", "capability" (static). */
const char *muster_code_kind_name(enum muster_code_kind kind);

/*
 * Resolve a code typed into a filter (--nation usa) against `sc`: the exact
 * code, else the one code equal to it ignoring ASCII case. Nations and
 * countries are those of nations.csv, of the built-in reference table, and
 * every nation or country code the data names. On success *out is the
 * canonical code, borrowed from `sc` or the static reference table (valid
 * while `sc` lives). Errors: MUSTER_ENOENT "unknown nation 'XYZ'", with
 * "; did you mean 'XYY'?" when one of the scenario's codes is close (*out is
 * then that suggestion, else NULL); MUSTER_EINVAL for an empty code or one
 * that matches two codes differing only in case (*out NULL).
 */
int muster_code_resolve(const struct muster_scenario *sc, enum muster_code_kind kind,
			const char *code, const char **out, struct muster_error *err);
/*
 * As muster_code_resolve, but only the exact code passes: for library
 * functions given codes by their callers. A code right but for its case is
 * MUSTER_ENOENT "unknown mission 'nmi'; did you mean 'NMI'?".
 */
int muster_code_check(const struct muster_scenario *sc, enum muster_code_kind kind,
		      const char *code, struct muster_error *err);
/*
 * Append (copies, no duplicates) the codes of `kind` that the scenario itself
 * names, first seen first (not the reference table).
 */
void muster_scenario_codes(const struct muster_scenario *sc, enum muster_code_kind kind,
			   struct muster_strlist *out);

/* ---- scenario folders (CSV, DESIGN.md section 3) ---------------------- */

/*
 * Read every scenario file present in `dir` into `sc` (which must be
 * initialised and is appended to) and validate it whole, including
 * cross-references. On failure returns MUSTER_EINVAL (or MUSTER_EIO) with one
 * detail per problem ("offers.csv:17: column 'units': expected a whole number
 * >= 1, got 'two'") and `sc` must be released by the caller.
 * Errors: MUSTER_EINVAL, msg "scenario 'DIR' has N problems" (every problem
 * of every file, up to MUSTER_ERROR_MAX_DETAILS kept; cross-file checks run
 * only when every cell was well-formed); MUSTER_ENOENT when `dir` does not
 * exist, is not a folder or holds none of the ten contract files;
 * MUSTER_EIO when a file cannot be read. Not cancellable and no progress:
 * see muster_scenario_read_dir_opts().
 * File names match in any letter case (OFFERS.CSV is offers.csv); two names
 * of one table that differ only in case, and anything but a regular file (a
 * FIFO, a folder, a device, a symbolic link to nothing) in place of a file,
 * are problems, and a FIFO is never opened for reading. A file whose header
 * names none of its table's columns is a problem quoting none of its bytes;
 * every value quoted is cut to about 40 bytes, its control characters and
 * broken UTF-8 escaped.
 */
int muster_scenario_read_dir(struct muster_scenario *sc, const char *dir, struct muster_error *err);
struct muster_ctx;
/* Options of muster_scenario_read_dir_opts(). Zero-initialise, then set. */
struct muster_read_opts {
	/* Cancellation (MUSTER_EINTR) and progress (files over 8 MiB); borrowed
	 * for the call, NULL: none. */
	struct muster_ctx *ctx;
	/* Skip the checks of references: a folder merged into a database may
	 * refer to what the database holds, so only the checks that need the
	 * folder alone run (duplicate ids, dates, phases, counts) and the store
	 * checks the union's references. */
	bool no_references;
};
/* muster_scenario_read_dir() with options (`opts` may be NULL); same errors. */
int muster_scenario_read_dir_opts(struct muster_scenario *sc, const char *dir,
				  const struct muster_read_opts *opts, struct muster_error *err);
/*
 * Cross-reference and consistency checks of a whole scenario (no I/O):
 * duplicate identities, `to` after `from`, overlapping phases, unknown
 * missions, nations/countries, capabilities, caveats, lines. MUSTER_EINVAL
 * with msg "scenario has N problems" and one detail per problem naming the
 * entity ("offers.csv: offer 'o1': column 'nation': unknown nation ...").
 */
int muster_scenario_validate(const struct muster_scenario *sc, struct muster_error *err);
/*
 * Write every non-empty table of `sc` as CSV into `dir` (created if needed):
 * all contract columns in the contract's order, rows in memory order,
 * defaults written out. Reading the folder back gives the same scenario and
 * writing it again the same bytes. Every file is first written whole to a
 * temporary beside it, then all are renamed into place: on any failure the
 * folder is left as it was (and removed if this call created it).
 * A file of `dir` named like a scenario file in any letter case that this
 * write would not replace (its table is empty, or "OFFERS.CSV" beside the
 * "offers.csv" written) is refused: MUSTER_EEXIST "'DIR' holds scenario
 * files that this export would not rewrite: caps.csv, caveats.csv" and
 * nothing is written. Other errors: MUSTER_EIO (cannot create or write; a
 * FIFO, device or folder in place of a file written).
 */
int muster_scenario_write_dir(const struct muster_scenario *sc, const char *dir,
			      struct muster_error *err);
/*
 * The name of the contract's file `i` ("nations.csv" for 0, in the
 * contract's order), NULL past the last; static.
 */
const char *muster_scenario_file(size_t i);
/*
 * "14 nations, 1 mission, 2 phases, ..." (the non-empty tables only, in the
 * contract's order, else "nothing"); the caller frees it.
 */
char *muster_scenario_summary(const struct muster_scenario *sc);
/* Flags of muster_scenario_write_dir_flags(). */
enum {
	/* Remove the scenario files the write would not replace, after the
	 * new ones are in place, instead of refusing. */
	MUSTER_WRITE_FORCE = 1,
};
/* muster_scenario_write_dir() with MUSTER_WRITE_* flags. */
int muster_scenario_write_dir_flags(const struct muster_scenario *sc, const char *dir,
				    unsigned flags, struct muster_error *err);

/* ---- the language of text for people (i18n.c) ----------------------- */

/*
 * Choose the language of messages, help and tables for people, once, before
 * any output: `lang` is "en" or "fr" (a --lang option), or NULL to follow
 * LC_ALL, then LC_MESSAGES, then LANG (a value starting "fr" is French,
 * anything else English). The catalogue is found in $MUSTER_LOCALEDIR, else
 * beside the program (../share/locale, or the build tree's po/), else the
 * installed locale folder. Machine formats never change with the language.
 * Returns 0, or MUSTER_EINVAL for a `lang` other than en or fr.
 */
int muster_i18n_init(const char *lang);
/* "en" or "fr": the language muster_i18n_init chose ("en" before it runs). */
const char *muster_i18n_lang(void);

/* ---- small helpers for front ends (helpers.c) ----------------------- */

/*
 * Strict whole-number parse: all of `s` is an optional '-' and digits,
 * within [min, max]. 0, or MUSTER_EINVAL with *out untouched.
 */
int muster_parse_long(const char *s, long min, long max, long *out);
/* Strict decimal parse: the whole string, finite (no inf, nan, blanks). 0 or MUSTER_EINVAL. */
int muster_parse_double(const char *s, double *out);
/*
 * The candidate closest to `s` by edit distance, when at most about a third
 * of it differs ("did you mean"), else NULL; borrowed from `candidates`.
 */
const char *muster_closest_word(const char *s, const char *const *candidates, size_t n);

/*
 * Files written together, none of them half: muster_file_batch_add() writes
 * each whole to a new temporary beside it; muster_file_batch_commit() then
 * renames them all into place (and removes those given to _remove). Until
 * the commit, and whenever a step fails before it, every old file is
 * untouched; _release removes the temporaries left. Errors: MUSTER_EIO
 * "cannot write 'PATH': why". Zero-initialise; release a zeroed batch too.
 */
struct file_batch;
struct muster_file_batch {
	struct file_batch *impl; /* NULL until the first file */
};
int muster_file_batch_add(struct muster_file_batch *b, const char *path, const char *data,
			  size_t len, struct muster_error *err);
void muster_file_batch_remove(struct muster_file_batch *b, const char *path);
int muster_file_batch_commit(struct muster_file_batch *b, struct muster_error *err);
void muster_file_batch_release(struct muster_file_batch *b);

/* ---- per-call context: cancellation and progress --------------------- */

/*
 * Called by long work (imports, solves) with what it is doing, and how far:
 * `total` is 0 when unknown. `data` is the context's progress_data.
 */
typedef void (*muster_progress_fn)(void *data, const char *what, uint64_t done, uint64_t total);

/*
 * What a caller of a long operation gives it: a cancel flag and a progress
 * hook, both optional. The library keeps no process-wide state: each call
 * reaches its context through its options (muster_source_opts.ctx,
 * muster_read_opts.ctx) or its database handle (muster_db_set_ctx). Zero-
 * initialise. A context serves one call at a time (the library writes
 * progress_last); one cancel flag may be shared by many contexts.
 */
struct muster_ctx {
	/* Polled by the work; once nonzero, the call stops with MUSTER_EINTR.
	 * An atomic_int is both async-signal-safe (the CLI's SIGINT handler
	 * sets it) and race-free when another thread sets it. NULL: never. */
	const atomic_int *cancel;
	muster_progress_fn progress; /* NULL: no reports */
	void *progress_data;	     /* passed to progress */
	double progress_last;	     /* the library's: when it last reported (rate limit) */
};

/* ---- sourcing results ------------------------------------------------ */

struct muster_assignment {
	char *mission, *line, *offer, *nation;
	long units;
	long personnel;	     /* units x offer personnel: the people actually sent */
	int32_t from, to;    /* J: the pair's interval I(o,r), or a part of it cut at
				boundary dates (DESIGN.md section 4) */
	char *capability;    /* the offer's */
	bool substitute;     /* the offer fills the line as a substitute */
	char *soft_caveats;  /* ';'-joined ids of the soft caveats broken, NULL: none */
	int64_t person_days; /* personnel x days(J) */
};

enum muster_gap_reason {
	MUSTER_GAP_NO_OFFER = 0,
	MUSTER_GAP_READINESS,
	MUSTER_GAP_WINDOW,
	MUSTER_GAP_CAVEAT,
	MUSTER_GAP_CAP,
	MUSTER_GAP_CEILING,
	MUSTER_GAP_TAKEN,
	MUSTER_GAP_UNDERSIZE, /* every unit slot filled, by units with fewer people */
	MUSTER_GAP_BUDGET,    /* one more unit would take a budget (budgets.csv) over its limit */
};
#define MUSTER_GAP_LAST MUSTER_GAP_BUDGET
/* "no-offer", "readiness", ... (static) */
const char *muster_gap_reason_name(enum muster_gap_reason r);

struct muster_gap {
	char *mission, *line;
	int32_t from, to;
	long missing_units;
	long missing_personnel; /* people of the missing units + shortfall of undersized
				   units; -1: not recorded (a run of an older muster) */
	enum muster_gap_reason reason;
	char *detail;	    /* may be NULL */
	bool detail_hidden; /* muster_view_run left out a detail naming what the viewer may
			       not read (detail is then NULL) */
};

/* A stored sourcing run: the result of `muster source`. */
struct muster_run {
	int64_t id;    /* set by muster_db_run_save */
	char *created; /* UTC ISO 8601, set by muster_db_run_save */
	char *whatif;  /* what-if scenario name, NULL for the base */
	char *mission; /* NULL: all missions */
	char *solver;  /* "fast", "exact" */
	/*
	 * The scenario revision it was solved on (muster_db_load_rev); 0 for a
	 * run stored before revisions were recorded. muster_db_run_save stores
	 * it only when the scenario is still at this revision.
	 */
	int64_t revision;
	bool with_requested;
	double fair_weight;
	double objective, bound, gap; /* gap = (bound - objective) / bound */
	double fill;		      /* percent, 0 .. 100 */
	/* Set by muster_source only (not stored): the objective's parts when a
	 * fair-share term was solved (fair_weight > 0 or fair_cap), else
	 * value = objective and fair_excess = NAN. */
	double value;	    /* sum over assignments of the contract's value */
	double fair_excess; /* person-days above fair shares (see MUSTER_FAIR_PRICE) */
	/* Set by muster_source only (not stored): what the run could not hold,
	 * for people (e.g. a budget no cost rate prices: not held, a warning). */
	struct muster_strlist warnings;
	double seconds;
	MUSTER_ARRAY(struct muster_assignment) assignments;
	MUSTER_ARRAY(struct muster_gap) gaps;
};

void muster_run_release(struct muster_run *run);

/* ---- the database (storage behind one ops struct) --------------------- */

struct muster_db;

/*
 * Open the existing database at `target`: a SQLite file path, or a
 * "postgresql://" / "postgres://" URI when PostgreSQL support is built in.
 * Never creates one: a database that does not exist, or a file that holds no
 * schema at all (an empty file), is MUSTER_ENOENT ("database 'PATH' does not
 * exist", "database 'PATH' is empty: not a muster database yet") and nothing
 * is written. Migrates an older schema to the current version. Other errors:
 * MUSTER_ESTORE (cannot open, not a muster database, a schema newer than this
 * muster, PostgreSQL not built in), MUSTER_EINVAL (empty target). A handle is
 * used by one thread at a time; open one per thread. Writers wait up to 10 s
 * for one another. Close with muster_db_close (accepts NULL).
 */
int muster_db_open(struct muster_db **out, const char *target, struct muster_error *err);
/*
 * muster_db_open() that creates the database when it does not exist (and
 * gives an empty file the schema): for the commands that make one (init,
 * import). Same errors otherwise, without MUSTER_ENOENT.
 */
int muster_db_create(struct muster_db **out, const char *target, struct muster_error *err);
void muster_db_close(struct muster_db *db);
/*
 * Give the handle's long operations (imports, muster_import_public) a
 * context: cancellation (MUSTER_EINTR, nothing written) and progress.
 * `ctx` is borrowed until replaced or the handle closed; NULL: none (the
 * default).
 */
void muster_db_set_ctx(struct muster_db *db, struct muster_ctx *ctx);
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

/*
 * Whether a command may write `path` without destroying the database: 0, or
 * MUSTER_EINVAL "cannot write 'PATH': it is the database 'LABEL'" (or "it is
 * a file of the database 'LABEL'") when `path`, through any hard or
 * symbolic link, is the database's file or one of its companion files
 * (SQLite: -wal, -shm, -journal), compared by device and inode, or by
 * resolved name for a file that does not exist yet. Check every output path
 * before writing anything. Always 0 for a database without local files.
 */
int muster_db_check_output(struct muster_db *db, const char *path, struct muster_error *err);

/*
 * Who makes the changes made through `db` from now on, as the audit log
 * records them (copied; NULL: "unknown"). Imports use it; an edit's own
 * actor wins.
 */
void muster_db_set_actor(struct muster_db *db, const char *actor);

/* True when the database holds no scenario data. */
int muster_db_is_empty(struct muster_db *db, bool *empty, struct muster_error *err);

enum muster_import_mode {
	MUSTER_IMPORT_NEW = 0, /* fail with MUSTER_EEXIST when the database holds data */
	MUSTER_IMPORT_MERGE,   /* add to what is there; a duplicate id fails */
	MUSTER_IMPORT_REPLACE, /* replace the scenario; stored runs and what-ifs are kept (the
				  runs become stale: see muster_db_revision) */
	MUSTER_IMPORT_UPDATE,  /* replace the scenario with an updated copy of itself (the
				  public-data importers): stored runs and what-ifs are kept */
};

/*
 * Store a validated scenario, all or nothing (one transaction). MERGE loads
 * what is there, validates the union and fails on any duplicate identity.
 * Rows load back in the order stored (MERGE appends after what is there).
 * Errors: MUSTER_EEXIST (NEW into a database holding data; the message names
 * --merge and --replace), MUSTER_EINVAL (MERGE: the union is not valid, with
 * muster_scenario_validate's details), MUSTER_EINTR (the cancel flag of the
 * handle's context, muster_db_set_ctx, was set: polled every 8,192 rows),
 * MUSTER_ESTORE. On any error the database is unchanged.
 */
int muster_db_import(struct muster_db *db, const struct muster_scenario *sc,
		     enum muster_import_mode mode, struct muster_error *err);
/*
 * muster_db_import, only if the base scenario is still at revision
 * `expect` (read with muster_db_load_rev): a read-modify-write (the public
 * importers) never loses a write that came between. MUSTER_ESTALE "the
 * scenario changed meanwhile (revision A -> B)" otherwise, nothing stored.
 */
int muster_db_import_at(struct muster_db *db, const struct muster_scenario *sc,
			enum muster_import_mode mode, int64_t expect, struct muster_error *err);

/* What muster_db_import_update did, per table (store order: nations ... deployments). */
struct muster_import_count {
	const char *entity; /* "offers", ... (static) */
	size_t inserted, updated, deleted, unchanged;
};
struct muster_update_summary {
	struct muster_import_count tables[13]; /* the scenario's thirteen tables, in file order */
	size_t ntables;
	int64_t revision; /* the revision the update made; 0: nothing changed */
};

/*
 * `import --update [--prune]`: upsert `sc` into the base scenario by the
 * records' natural keys (DESIGN.md section 11), in one write transaction
 * taking at most one new revision. A record whose cells equal the stored
 * ones is untouched (no version, no audit row); a changed one is updated in
 * place (version + 1, one audit row "update" with before and after); a new
 * one is inserted after the stored rows of its table; with `prune`, a stored
 * record absent from `sc` is deleted (one audit row "delete"), without it
 * it stays. Caps and deployments without an id match the stored record of
 * the same content, else get a new id. The result is validated whole with
 * import's checks and messages (MUSTER_EINVAL; nothing changes). When
 * nothing differs, nothing is written and summary->revision is 0. The
 * actor of the audit rows is the handle's (muster_db_set_actor). `summary`
 * may be NULL. Errors: MUSTER_EINVAL, MUSTER_EBUSY, MUSTER_ESTORE.
 */
int muster_db_import_update(struct muster_db *db, const struct muster_scenario *sc, bool prune,
			    struct muster_update_summary *summary, struct muster_error *err);

/*
 * Load the base scenario into `sc` (initialised), then, when `whatif` is not
 * NULL, apply that what-if scenario's layers of changes (and those of its
 * bases) in order.
 */
int muster_db_load(struct muster_db *db, const char *whatif, struct muster_scenario *sc,
		   struct muster_error *err);
/*
 * muster_db_load, and the scenario's revision read in the same snapshot into
 * *revision (see muster_db_revision). Rows are bounds-checked as import
 * checks them: a row edited outside muster fails with MUSTER_ESTORE
 * "database 'X': table offers, row N: column 'personnel': expected ..., got
 * '-2'", and the scenario is validated whole (MUSTER_EINVAL).
 */
int muster_db_load_rev(struct muster_db *db, const char *whatif, struct muster_scenario *sc,
		       int64_t *revision, struct muster_error *err);

/*
 * Scenario revisions. One counter per database, strictly increasing: every
 * write transaction that changes scenario data takes the next value and
 * records it against what it changed. A base write (import in every mode,
 * the public-data importers) records it against the base; a what-if edit
 * (create, add a change) against that what-if only, so the base's runs stay
 * current. The revision of the base is its last write's; that of a what-if
 * the latest of its own, its bases' and the base's, so a base change makes
 * every what-if's runs stale too. 0: never written.
 */
int muster_db_revision(struct muster_db *db, const char *whatif, int64_t *revision,
		       struct muster_error *err);
/*
 * Whether `run` (loaded from the store) is stale: its scenario (run->whatif)
 * is now at a revision other than run->revision. *now gets the current one
 * (may be NULL).
 */
int muster_db_run_stale(struct muster_db *db, const struct muster_run *run, bool *stale,
			int64_t *now, struct muster_error *err);
/*
 * The one sentence every front end prints about a stored run whose scenario
 * moved on: "run 3 is stale: computed on revision 12, the scenario is at
 * revision 15 (3 revisions later)" ("1 revision later"); `now` is the
 * scenario's current revision (muster_db_run_stale) or, under --as-of, the
 * revision read ("... the scenario read is at revision 9 (3 revisions
 * earlier)" when it is older than the run). NULL when run->revision == now
 * (fresh). The caller frees it.
 */
char *muster_run_stale_text(const struct muster_run *run, int64_t now);
/*
 * How many revisions `run` is behind `now`: now - run->revision when the run
 * is older, 0 when fresh; a run newer than `now` (read with --as-of) gives
 * run->revision - now as well (always >= 0).
 */
int64_t muster_run_stale_by(const struct muster_run *run, int64_t now);

/*
 * Store a sourcing run (one transaction); sets run->id and run->created.
 * Refused, with nothing stored, when the run's scenario (run->whatif) is no
 * longer at run->revision (MUSTER_ESTALE "the scenario changed while
 * sourcing (revision A -> B); the run was not stored"), and when a figure is
 * not finite (MUSTER_EINVAL). Errors: MUSTER_ESTORE.
 */
int muster_db_run_save(struct muster_db *db, struct muster_run *run, struct muster_error *err);
/*
 * Load the latest run for (whatif, mission); NULL whatif is the base. A
 * mission gets the latest run that covers it: one for that mission or one over
 * all missions. NULL mission gets a run over all missions first, else the
 * latest of any. MUSTER_ENOENT when there is none.
 */
int muster_db_run_latest(struct muster_db *db, const char *whatif, const char *mission,
			 struct muster_run *run, struct muster_error *err);
/* Load run `id` with its assignments and gaps; MUSTER_ENOENT "no sourcing run ID". */
int muster_db_run_get(struct muster_db *db, int64_t id, struct muster_run *run,
		      struct muster_error *err);

/* Stored runs without their assignments and gaps (muster_db_runs). */
struct muster_run_list {
	struct muster_run *items;
	size_t nr, alloc;
};
/* Append every stored run, oldest first, without assignments and gaps. */
int muster_db_runs(struct muster_db *db, struct muster_run_list *out, struct muster_error *err);
void muster_run_list_release(struct muster_run_list *l);

/*
 * What-if scenarios: named layers of changes over a base. The store keeps each
 * change as an opaque text line (the what-if module defines the syntax), in
 * the order added; list returns names in creation order. Errors:
 * MUSTER_ENOENT "no what-if scenario 'X'" (an unknown name or base),
 * MUSTER_EEXIST (create: the name is taken; delete: another what-if builds on
 * it, named in the message), MUSTER_EINVAL (an empty name or change).
 * Deleting one also deletes its changes and its stored runs. `get` takes
 * base and changes as NULL when not wanted; changes are appended.
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

struct muster_fair_opts;

/* Options of a sourcing run (`muster source`). Zero-initialise, then set. */
struct muster_source_opts {
	const char *mission;  /* NULL: every mission; else only this mission's lines */
	bool exact;	      /* GLPK MILP (else the fast solver) */
	double time_limit;    /* seconds for the whole call (model, solve, gaps), > 0 */
	bool with_requested;  /* requested phases count like approved ones */
	double fair_weight;   /* fair-share penalty weight W >= 0, 0: off (see below) */
	const char *fair_key; /* fair-share key when fair's is NULL ("gdp" when NULL) */
	const char *write_lp; /* also write the exact model as CPLEX LP here, or NULL */
	/* Fair shares for the penalty (borrowed): key, participants, date,
	 * floors, ceilings; its mission and total are ignored (each mission's
	 * shares are its own). NULL: key fair_key, participants "offering". */
	const struct muster_fair_opts *fair;
	bool fair_cap; /* no participant above its fair share (the limit W -> inf) */
	/* Cancellation and progress, borrowed for the call; NULL: none. */
	struct muster_ctx *ctx;
};

/*
 * The fair-share term of sourcing. A participant's fair person-days in a
 * mission are its share (muster_fairshare_targets) x the person-days the
 * mission's lines demand; its excess is max(0, sourced - fair person-days),
 * sourced person-days counting the people sent (k x o.personnel) x days.
 * With fair_weight W > 0 the objective maximised is
 *     value - W x MUSTER_FAIR_PRICE x (sum of excesses over missions and participants)
 * so that W = 1 prices a person-day carried beyond a fair share like a
 * person-day filled on a priority-3 line (w = 16, m = 1); W = 1/16 like one
 * of priority 5, W = 16 like one of priority 1. With fair_cap the excess is
 * held at 0 instead (no penalty). The run's objective, bound and gap are
 * those of this objective; run.value and run.fair_excess give its parts.
 */
#define MUSTER_FAIR_PRICE 16.0
/* The largest fair weight accepted (a finite penalty, well past the cap's). */
#define MUSTER_FAIR_WEIGHT_MAX 1e6

/*
 * Source `sc`: build the model of DESIGN.md section 4, solve it, explain every
 * gap, and fill `out` (zero-initialised; release with muster_run_release):
 * one assignment per pair with units > 0 (from/to = the pair's interval),
 * the gaps, objective, bound, gap, fill %, seconds and solver name. The run
 * is not stored (see muster_db_run_save). Errors: MUSTER_EINVAL (time limit
 * <= 0, no lines in scope), MUSTER_ENOENT (unknown mission, with the closest
 * one suggested), MUSTER_EINTR (interrupted: `out` is left empty),
 * MUSTER_ESOLVER, MUSTER_EIO (--write-lp), MUSTER_ETIME (the time limit,
 * which bounds the whole call, passed before a solution was explained: no
 * run). The solvers stop early at the limit and return their best solution.
 */
int muster_source(const struct muster_scenario *sc, const struct muster_source_opts *opts,
		  struct muster_run *out, struct muster_error *err);

/* One constraint a stored run breaks (`muster check`). */
struct muster_violation {
	char *check;	  /* "pair", "interval", "line", "offer", "cap", "ceiling", ... */
	char *subject;	  /* "NMI:L1", an offer id, "USA in IRQ", "NMI phase growth" */
	int32_t from, to; /* the dates it holds for (NONE/OPEN when not dated) */
	char *detail;	  /* what exceeds what; may be NULL */
};
struct muster_violation_list {
	struct muster_violation *items;
	size_t nr, alloc;
};
/* Append one violation (strings copied; detail printf-formatted). */
void muster_violation_add(struct muster_violation_list *l, const char *check, const char *subject,
			  int32_t from, int32_t to, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void muster_violation_list_release(struct muster_violation_list *l);

/*
 * Verify `run` against every constraint of DESIGN.md section 4, recomputed
 * from `sc` independently of the solvers: each assignment's pair is allowed
 * and its dates are I(o,r) and its personnel k x o.personnel; and, day by
 * day, line units, offer units, caps and ceilings; and each budget of
 * budgets.csv against the nation's paid cost (muster_budget_paid; a budget
 * that cannot be priced, for want of rates, is a violation too: not known is
 * not within). Appends one violation per
 * breach and maximal period to `out`. Returns 0 (even with violations) or a
 * negative status. Ceilings use the run's with_requested.
 */
int muster_source_check(const struct muster_scenario *sc, const struct muster_run *run,
			struct muster_violation_list *out, struct muster_error *err);

/* ==== fair share (DESIGN.md section 5) ================================== */
/* section owned by src/lib/fairshare.c */

/* Rounding of fair shares to whole people (the total is always exact). */
enum muster_fair_method {
	MUSTER_FAIR_HAMILTON = 0, /* largest remainder */
	MUSTER_FAIR_WEBSTER = 1,  /* Sainte-Lague: divisors 1, 3, 5, ... */
	MUSTER_FAIR_DHONDT = 2,	  /* Jefferson: divisors 1, 2, 3, ... */
};
/* "hamilton", "webster", "dhondt" (static). */
const char *muster_fair_method_name(enum muster_fair_method m);
/* Parse a method name (also "sainte-lague", "jefferson"); 0 or MUSTER_EINVAL. */
int muster_fair_method_parse(const char *s, enum muster_fair_method *out);

/*
 * Apportion `total` (>= 0) among `n` participants by `weights` (>= 0), each
 * share held within [floor_pct, ceiling_pct] percent of the total (0 and 100
 * when unbounded) by clipping and redistributing the excess pro rata until
 * stable (exactly: share_i = clamp(lambda x weight_i, floor, ceiling) with
 * sum 1), then rounding to whole numbers with `method` so that they sum to
 * `total` exactly (each within the floor and ceiling, rounded outward to
 * whole people; Hamilton also within one of its exact quota). Ties go to the lower
 * code (codes[i], strcmp order). Fills share_pct[n] (percent) and seats[n].
 * Errors: MUSTER_EINVAL (bad argument), MUSTER_EINFEASIBLE naming the cause
 * (floors above 100%, ceilings below 100%, every weight zero).
 */
int muster_apportion(size_t n, const char *const *codes, const double *weights, long total,
		     double floor_pct, double ceiling_pct, enum muster_fair_method method,
		     double *share_pct, long *seats, struct muster_error *err);

/* What to share, among whom, and how. Zero-initialise, then set. */
struct muster_fair_opts {
	const char *mission;	  /* NULL: none (then `total` must be >= 0) */
	long total;		  /* >= 0, or < 0: the mission's top phase ceiling */
	const char *key;	  /* a keys.csv key, "gdp", "gdp-YYYY" or "equal" */
	const char *participants; /* "members:ORG", "offering" or codes split by ';' or ','
				     (NULL: "offering", which needs a mission) */
	int32_t on;		  /* membership date; 0 or MUSTER_DATE_NONE: the mission's
				     start, else today */
	double floor_pct;	  /* 0 .. 100, 0: none */
	double ceiling_pct;	  /* 0 .. 100, 0 is read as 100: none */
	enum muster_fair_method method;
	bool with_requested; /* requested phases count for the top ceiling */
};

/* One participant's row. Unknown figures are -1 (counts) or NAN (ratios). */
struct muster_fair_row {
	char *nation;
	double key;	      /* the key's value */
	double share;	      /* fair share, percent (after floors and ceilings) */
	long fair;	      /* fair personnel, whole people */
	long offered_peak;    /* peak personnel of its non-withdrawn offers for the
				 mission; -1 without a mission */
	double offered_days;  /* their person-days (-1: open-ended or no mission) */
	long sourced_peak;    /* peak personnel sourced in the run; -1: no run */
	double sourced_days;  /* person-days sourced in the run; -1: no run */
	double sourced_share; /* percent of all person-days sourced for the mission */
	double burden;	      /* sourced share / fair share; NAN when undefined */
	double fair_days;     /* share x the person-days the mission's lines demand
				 (-1 without a mission) */
	double excess_days;   /* max(0, sourced_days - fair_days): the person-days
				 carried above the fair share, the measure that
				 sourcing's fair-share term penalises; NAN: no run */
};

struct muster_fairshare {
	char *mission; /* NULL without a mission */
	char *key;
	char *participants; /* as given, or the default */
	long total;
	int32_t on; /* the membership date used */
	enum muster_fair_method method;
	bool has_run;	       /* a sourcing run was given */
	double sourced_days;   /* all person-days sourced for the mission */
	double sourced_other;  /* of which by non-participants */
	double max_burden_dev; /* largest |burden - 1| over defined rows, NAN if none */
	double demand_days;    /* person-days the mission's lines demand (0: no mission) */
	double excess_days;    /* sum of the rows' excess_days; NAN: no run */
	MUSTER_ARRAY(struct muster_fair_row) rows; /* by nation code */
};

/*
 * Fair shares of a scenario: resolve the key, participants and total, then
 * apportion; with a mission, add what each nation offered and, when `run` is
 * not NULL (the latest sourcing run, borrowed), what was sourced and the
 * burden index. `out` is filled on success (release it with
 * muster_fairshare_release, also after failure).
 * Errors: MUSTER_ENOENT (unknown key, with the closest key name; unknown
 * mission or nation), MUSTER_EINVAL (bad options, no total),
 * MUSTER_EINFEASIBLE (as muster_apportion; a participant without a value for
 * the key: "nation 'XYZ' has no value for key 'gni-2020'"; all values zero).
 */
int muster_fairshare_compute(const struct muster_scenario *sc, const struct muster_run *run,
			     const struct muster_fair_opts *o, struct muster_fairshare *out,
			     struct muster_error *err);
void muster_fairshare_release(struct muster_fairshare *fs);

/* A nation's fair target, for fairness-aware sourcing. */
struct muster_fair_target {
	char *nation;
	double share;	    /* fraction 0 .. 1 */
	long personnel;	    /* fair personnel of the total */
	double person_days; /* share x the demanded person-days of the mission's lines
			       (every line when o->mission is NULL) */
};

/*
 * Each participant's fair target (as muster_fairshare_compute, without
 * offers or runs). *out (owned by the caller, free with
 * muster_fair_targets_free) holds *nr targets by nation code. Same errors.
 */
int muster_fairshare_targets(const struct muster_scenario *sc, const struct muster_fair_opts *o,
			     struct muster_fair_target **out, size_t *nr, struct muster_error *err);
void muster_fair_targets_free(struct muster_fair_target *t, size_t nr);

/* One point of the fill / fairness trade-off (`muster fairshare --tradeoff`). */
struct muster_tradeoff_point {
	double weight;		    /* W; INFINITY at the fully fair end (fair_cap) */
	struct muster_run run;	    /* the run sourced at W (not stored) */
	struct muster_fairshare fs; /* fair shares against it: excess_days is the
				       measure the run penalised */
};

struct muster_tradeoff {
	MUSTER_ARRAY(struct muster_tradeoff_point) points; /* by increasing weight */
};

/* The weights `muster fairshare --tradeoff` uses by default: 0, then the
 * midpoints between the priority weights' prices (a person-day above a fair
 * share outweighs a filled priority-5 person-day from 1/16 on, priority 1
 * from 16 on): 1/32, 1/8, 1/2, 2, 8, 32 (static, *nr entries). */
const double *muster_tradeoff_weights(size_t *nr);

/*
 * Source o->mission at each of the `nr` weights (>= 0, finite; sorted
 * here), then once with the fair cap (the fully fair end), all with the
 * fair shares of `o` (key, participants, date, floors, ceilings) and the
 * solver options of `so` (its mission, fair_* fields are replaced), and
 * compute the fair shares against each run. With an exact solver solved to
 * optimality, the points' fs.excess_days never increase. Nothing is
 * stored. Errors: those of muster_source and muster_fairshare_compute;
 * MUSTER_EINVAL without a mission or with a bad weight. `out` (zeroed here)
 * is released with muster_tradeoff_release, also after failure.
 */
int muster_fair_tradeoff(const struct muster_scenario *sc, const struct muster_fair_opts *o,
			 const struct muster_source_opts *so, const double *weights, size_t nr,
			 struct muster_tradeoff *out, struct muster_error *err);
void muster_tradeoff_release(struct muster_tradeoff *t);

/* ==== posture, caps, deadlines (DESIGN.md section 6) ==================== */
/* section owned by src/lib/posture.c */

/*
 * Posture: the people of every deployment plus every assignment of a sourcing
 * run, on given dates, grouped one way. An assignment's country is its line's
 * location; it counts as rotational. A person is "in host" when on a mission
 * in that mission's host country, "out of host" when on a mission elsewhere
 * (support from outside); people on no mission are neither.
 */
enum muster_posture_by {
	MUSTER_POSTURE_BY_NATION = 0,
	MUSTER_POSTURE_BY_COUNTRY,
	MUSTER_POSTURE_BY_REGION,   /* the country's region, "(unknown)" if none */
	MUSTER_POSTURE_BY_MISSION,  /* "(none)" for deployments on no mission */
	MUSTER_POSTURE_BY_KIND,	    /* permanent, rotational, temporary, support */
	MUSTER_POSTURE_BY_TOTAL,    /* one group, "total" */
	MUSTER_POSTURE_BY_SOURCE,   /* the source name (muster_source_name) */
	MUSTER_POSTURE_BY_CATEGORY, /* the deployment's category, "(unknown)" if none */
};
/* At most this many groupings at once (--by nation,mission). */
#define MUSTER_POSTURE_MAX_BY 4
/* "nation", "country", ... (static). */
const char *muster_posture_by_name(enum muster_posture_by by);
/* Parse a grouping name; 0 or MUSTER_EINVAL (the message names the choices). */
int muster_posture_by_parse(const char *s, enum muster_posture_by *out, struct muster_error *err);
/*
 * Parse "nation" or "nation,mission": up to MUSTER_POSTURE_MAX_BY groupings,
 * each once, `total` alone. 0 or MUSTER_EINVAL.
 */
int muster_posture_by_parse_list(const char *s, enum muster_posture_by *out, size_t *n,
				 struct muster_error *err);

/*
 * The source name of a deployment's `source`: NAME for the rows of a public
 * data import ("TAG:NAME:LINE ...", TAG un-peacekeeping-ipi, troopdata or
 * deployments), else "(scenario)" (rows of a scenario folder or typed in,
 * whatever their source text). Assignments of a sourcing run have the source
 * name "(run)". Caller frees.
 */
char *muster_source_name(const char *source);
/* Whether a source name answers to `want`: equal, or a path whose last part is `want`. */
bool muster_source_name_matches(const char *name, const char *want);

/* A source's coverage: its deployments' first day and the day after their last. */
struct muster_source_coverage {
	char *name;
	int32_t from, to; /* to: MUSTER_DATE_OPEN when a deployment is open-ended */
	size_t deployments;
	size_t nations, countries; /* distinct nations and countries */
};
/* Every source of `sc`'s deployments, sorted by name (release each name and the array). */
int muster_source_coverages(const struct muster_scenario *sc, struct muster_source_coverage **out,
			    size_t *n, struct muster_error *err);
void muster_source_coverages_release(struct muster_source_coverage *c, size_t n);
enum muster_posture_every {
	MUSTER_EVERY_DAY = 0,
	MUSTER_EVERY_WEEK,
	MUSTER_EVERY_MONTH,
	MUSTER_EVERY_QUARTER,
	MUSTER_EVERY_YEAR,
};
int muster_posture_every_parse(const char *s, enum muster_posture_every *out,
			       struct muster_error *err);

/*
 * The sample dates from `from` (included) to `to` (excluded) in steps of
 * `every`; month steps keep the day of month of `from`, clamped to the
 * month's last day. *dates (caller frees) gets at least one date.
 * MUSTER_EINVAL when from >= to or more than 100,000 dates would result.
 */
int muster_posture_dates(int32_t from, int32_t to, enum muster_posture_every every, int32_t **dates,
			 size_t *n, struct muster_error *err);

struct muster_posture_opts {
	enum muster_posture_by by;
	/* Filters, NULL: all; exact codes (resolve typed ones with muster_code_resolve). */
	const char *nation;  /* only this nation */
	const char *country; /* only this country */
	const char *mission; /* only this mission */
	bool counted_only; /* only deployments that count against caps (assignments always count) */
	/* Further groupings after `by` (--by nation,mission): then[0..nthen). */
	enum muster_posture_by then[MUSTER_POSTURE_MAX_BY - 1];
	size_t nthen;
	/* Only the deployments of these sources (names as muster_source_name_matches). */
	const char *const *sources;
	size_t nsources;
	/*
	 * Per nation, country and date, only the first of these sources that has
	 * a deployment there (of the filtered ones); other sources are left out.
	 */
	const char *const *prefer;
	size_t nprefer;
	const char *category;	  /* only deployments of this category */
	bool abroad_only;	  /* only people outside their own nation */
	const char *organization; /* only people on missions of this organization (any case) */
};

/*
 * Two sources that both have people of one nation in one country on a
 * sample date: their figures add up, which is seldom meant.
 */
struct muster_posture_overlap {
	char *nation, *country, *a, *b; /* sources a < b */
	int32_t on;			/* the first sample date of it */
	long people_a, people_b;	/* their people on that date */
};

/* People on one date in one group, split two ways. */
struct muster_posture_cell {
	long personnel;	  /* everyone */
	long in_host;	  /* on a mission, in its host country */
	long out_of_host; /* on a mission, outside its host country */
	long permanent;	  /* deployments of kind permanent */
	long rotational;  /* deployments of kind rotational and all assignments */
	long other;	  /* deployments of kind temporary or support */
	long overlap;	  /* of personnel, those of a source that another source also has
			     for the same nation and country that day (0 with prefer) */
};

struct muster_posture {
	enum muster_posture_by by;
	enum muster_posture_by bys[MUSTER_POSTURE_MAX_BY]; /* by, then opts.then */
	size_t nby;				 /* group names are the nby values joined by tabs */
	struct muster_posture_overlap *overlaps; /* without opts.prefer; sorted */
	size_t noverlaps;
	int32_t *dates; /* ndates ascending */
	size_t ndates;
	char **groups; /* ngroups names, sorted; only groups with people on some date */
	size_t ngroups;
	struct muster_posture_cell *cells; /* ndates x ngroups: cells[d * ngroups + g] */
};

/*
 * Compute the posture of `sc` (plus `run`'s assignments when run is not NULL)
 * on `dates` (strictly ascending, at least one). A sweep: each record adds
 * its people to a difference array at the first sample date it covers and
 * removes them at the first it no longer covers, so the cost is
 * O(records x log(dates) + dates x groups). `out` is overwritten (release it
 * with muster_posture_release). MUSTER_EINVAL when dates are not ascending;
 * MUSTER_ENOENT when opts names a nation, country or mission that does not
 * exist (muster_code_check: exact codes).
 */
int muster_posture_compute(const struct muster_scenario *sc, const struct muster_run *run,
			   const struct muster_posture_opts *opts, const int32_t *dates,
			   size_t ndates, struct muster_posture *out, struct muster_error *err);
void muster_posture_release(struct muster_posture *p);
/* The cell of (date index d, group named `group`); NULL when absent. Borrowed. */
const struct muster_posture_cell *muster_posture_cell(const struct muster_posture *p, size_t d,
						      const char *group);

/* How a period's days become one figure (--stat). */
enum muster_posture_stat {
	MUSTER_STAT_END = 0, /* the last day's */
	MUSTER_STAT_MEAN,    /* the mean over its days, rounded to a whole person */
	MUSTER_STAT_PEAK,    /* the most on one day */
	MUSTER_STAT_MIN,     /* the fewest on one day */
};
int muster_posture_stat_parse(const char *s, enum muster_posture_stat *out,
			      struct muster_error *err);

/*
 * The posture over periods [starts[k], starts[k + 1]), the last ending at
 * `to`, each period one figure per group and value by `stat` over its days
 * (every day counts, computed from the days where the posture changes, not
 * day by day). out->dates are the starts. Errors as muster_posture_compute.
 */
int muster_posture_compute_stat(const struct muster_scenario *sc, const struct muster_run *run,
				const struct muster_posture_opts *opts, const int32_t *starts,
				size_t n, int32_t to, enum muster_posture_stat stat,
				struct muster_posture *out, struct muster_error *err);

enum muster_breach_kind {
	MUSTER_BREACH_CAP = 0,	/* a cap with limit > 0 */
	MUSTER_BREACH_DEADLINE, /* a cap with limit 0 */
	MUSTER_BREACH_CEILING,	/* a mission phase ceiling (or no counting phase: ceiling 0) */
};
/* "cap", "deadline", "ceiling" (static). */
const char *muster_breach_kind_name(enum muster_breach_kind k);

/* One maximal period in which counted people exceed a cap or a ceiling. */
struct muster_breach {
	enum muster_breach_kind kind;
	char *nation;	  /* cap, deadline: the cap's nation; ceiling: NULL */
	char *country;	  /* cap, deadline: the cap's country; ceiling: the mission's host */
	char *mission;	  /* ceiling: the mission; else NULL */
	char *phase;	  /* ceiling: the phase in force, NULL when none counts (ceiling 0) */
	size_t ref;	  /* index into sc->caps or sc->phases; SIZE_MAX when no phase */
	long limit;	  /* the cap's limit or the phase's ceiling */
	int32_t from, to; /* [from, to); to is MUSTER_DATE_OPEN when it never ends */
	long peak;	  /* most people counted in the period */
	long excess;	  /* peak - limit, > 0 */
	int32_t peak_on;  /* first day of the peak */
};

struct muster_breach_list {
	struct muster_breach *items;
	size_t nr, alloc;
};

/*
 * Check every cap (deadlines included) and every mission's phase ceilings
 * against the deployments that count against caps plus `run`'s assignments
 * (run may be NULL), as DESIGN.md section 4 states them: a cap holds for
 * (nation, country) over [from, to); only approved phases count unless
 * `with_requested`; an `in-host` phase counts only people in the host; a
 * time no counting phase covers has ceiling 0 for a mission with phases.
 * Appends one breach per maximal period, caps first (in sc->caps order), then
 * missions (in sc->missions order), each by date. 0 or a negative status.
 */
int muster_posture_check(const struct muster_scenario *sc, const struct muster_run *run,
			 bool with_requested, struct muster_breach_list *out,
			 struct muster_error *err);
void muster_breach_list_release(struct muster_breach_list *l);

/*
 * Posture checks under a filter: the nation, country and mission of `f`
 * (NULL: any; `by` and `counted_only` are ignored). A cap or deadline
 * concerns the filter when no mission is given and its nation and country
 * match; a mission's ceilings when no nation is given and its code and host
 * match. muster_breach_matches says whether breach `b` concerns `f`;
 * muster_posture_check_scope counts what a check under `f` looks at, so that
 * a filtered check can say what it checked (and that it checked nothing).
 */
struct muster_check_scope {
	size_t caps;	  /* caps with a limit > 0 */
	size_t deadlines; /* caps with limit 0 */
	size_t missions;  /* missions with phases (their ceilings) */
};
bool muster_breach_matches(const struct muster_breach *b, const struct muster_posture_opts *f);
void muster_posture_check_scope(const struct muster_scenario *sc,
				const struct muster_posture_opts *f,
				struct muster_check_scope *out);

/* ==== rotation ========================================================== */
/* section owned by src/lib/rotation.c */

struct muster_rotation_opts {
	const char *mission; /* NULL: every mission */
	long dwell;	     /* K of deploy-to-dwell 1:K, 0 .. 100 */
	long tour;	     /* tour length in days, 1 .. 36500 (the CLI's default: 180) */
};

/* Can a pledge be sustained? Unknown is not no: without a stated pool, say so. */
enum muster_sustain {
	MUSTER_SUSTAIN_UNKNOWN = 0, /* the pool is not stated */
	MUSTER_SUSTAIN_YES,	    /* held >= pool */
	MUSTER_SUSTAIN_NO,	    /* held < pool */
};
/* "yes", "no", "pool not stated" (static). */
const char *muster_sustain_name(enum muster_sustain s);

/* One contributing nation on one line that outlasts a tour. */
struct muster_rotation_row {
	char *mission, *line, *capability, *nation;
	int32_t from, to; /* the line's period */
	long days;	  /* to - from */
	long rotations;	  /* ceil(days / tour) */
	long deployed;	  /* N: units the nation keeps on the line at once */
	long pool;	  /* N x (1 + dwell): units its pool must hold */
	long offered;	  /* units of its non-withdrawn offers of the capability
			     (or a substitute) overlapping the period */
	long shortfall;	  /* max(0, pool - held), when held is known; else 0 */
	/* The units the nation states it holds to sustain its pledge: the sum of
	 * the `pool` of the offers counted in `offered`; unknown when one of them
	 * (or every one: no offer counted) states none. */
	struct muster_opt_count held;
	enum muster_sustain sustainable;
};

struct muster_rotation {
	long dwell, tour;
	bool from_run;	  /* N from a sourcing run's assignments, else from offers */
	size_t lines;	  /* lines that outlast a tour */
	size_t uncovered; /* of those, lines without any contributor (no row) */
	MUSTER_ARRAY(struct muster_rotation_row) rows; /* lines in scenario order, nations sorted */
};

/*
 * Rotation needs of the lines (of opts->mission, or all) longer than a tour:
 * per contributing nation, the pool at 1:dwell and, where its offers state
 * the pool they hold, whether it suffices (else MUSTER_SUSTAIN_UNKNOWN).
 * Contributors and N come from `run` (borrowed) when not NULL, else from the
 * offers the line could take. `out` is overwritten; release it with
 * muster_rotation_release. Errors: MUSTER_EINVAL (dwell, tour out of range),
 * MUSTER_ENOENT (unknown mission).
 */
int muster_rotation_compute(const struct muster_scenario *sc, const struct muster_run *run,
			    const struct muster_rotation_opts *opts, struct muster_rotation *out,
			    struct muster_error *err);
void muster_rotation_release(struct muster_rotation *rot);

/* ==== what-if layers ==================================================== */
/* section owned by src/lib/whatif.c */

/*
 * Apply one change line to `sc`. The syntax (one line, a verb, for `offer`
 * and `phase` a sub-verb, then KEY=VALUE pairs; quote values with blanks):
 *   withdraw nation=N mission=M|country=C from=D
 *   cap nation=N country=C limit=L [from=D] [to=D] [note=TEXT]
 *   move-deadline nation=N country=C to=D [from=OLD]
 *   approve mission=M phase=P
 *   phase add|set mission=M phase=P [ceiling=N] [from=D] [to=D] [scope=S] [status=S]
 *   offer add id=O nation=N capability=C units=U personnel=P from=D [to=D] ...
 *   offer set id=O KEY=VALUE...      offer withdraw id=O
 * (semantics in whatif.c). Used by muster_db_load for what-if scenarios, and
 * by `muster whatif add` to validate a change before storing it.
 * Errors: MUSTER_EINVAL (syntax, bad value), MUSTER_ENOENT (unknown nation,
 * mission, phase, offer, capability, line, caveat; with a suggestion),
 * MUSTER_EEXIST (offer or phase added twice), each message starting
 * "what-if change 'LINE': ". On error `sc` may be partly changed: discard it.
 */
int muster_whatif_apply(struct muster_scenario *sc, const char *change, struct muster_error *err);

/*
 * Check a change's syntax (verb, keys; not the scenario) and return its
 * canonical text in *out (caller frees; single blanks, values quoted only
 * when needed). Errors as muster_whatif_apply's syntax errors.
 */
int muster_whatif_normalize(const char *change, char **out, struct muster_error *err);

/* One compared figure: section ("fill", "gaps", "ceiling", "cap headroom",
 * "fair share", "posture"), key (e.g. "fill %", "NMI:L1", "USA in IRQ",
 * "IRQ"), and its value on each side (absent when has_x is false). */
struct muster_whatif_row {
	char *section;
	char *key;
	bool has_a, has_b;
	double a, b;
};

struct muster_whatif_diff {
	MUSTER_ARRAY(struct muster_whatif_row) rows; /* by section, then key */
	struct muster_strlist notes;		     /* what could not be compared, and why */
};

struct muster_whatif_diff_opts {
	const char *mission;  /* NULL: every mission */
	int32_t on;	      /* the date of ceilings, cap headroom and posture */
	const char *fair_key; /* fair shares of `mission` by this key; NULL: none */
	bool all;	      /* keep unchanged rows too */
};

/*
 * Runs compare like with like only when sourced alike: the same mission
 * scope, solver, with_requested and fair_weight. Returns NULL when a and b
 * were, else the first setting they differ in, e.g. "solver ('exact' vs
 * 'fast')" (caller frees).
 */
char *muster_run_settings_differ(const struct muster_run *a, const struct muster_run *b);
/* A run's settings in words: "fast solver, approved phases, fair weight 0, all
 * missions" (caller frees). */
char *muster_run_settings_describe(const struct muster_run *run);

/*
 * Pick the stored runs `whatif diff` compares, from `runs` (muster_db_runs,
 * oldest first): among the runs of scenario a (a what-if name, NULL for the
 * base) and of b covering `mission` (NULL: runs over all missions; else runs
 * for it or over all missions), the pair sourced alike whose older run is the
 * newest. On 0, *ia and *ib index that pair in runs. Otherwise *ia and *ib
 * index each side's latest covering run (SIZE_MAX: none) and the status is
 * MUSTER_ENOENT when a side has no run, MUSTER_EINVAL when both have runs but
 * no two alike (the message names the setting the latest two differ in).
 */
int muster_whatif_pick_runs(const struct muster_run_list *runs, const char *a, const char *b,
			    const char *mission, size_t *ia, size_t *ib, struct muster_error *err);

/*
 * Compare scenario a (with its sourcing run run_a, or NULL) with b: fill %
 * and peak missing units per line (from the runs), the ceiling in force on
 * `on` per mission, cap headroom on `on` (limit minus counted deployments
 * and assignments in the country), fair personnel per nation (when
 * fair_key and mission are set) and posture by country on `on` (people of
 * deployments plus assignments). Scenarios and runs are borrowed. `out` is
 * overwritten; release it with muster_whatif_diff_release.
 * Errors: MUSTER_ENOENT (unknown mission), MUSTER_EINVAL (no date; a run on
 * one side only; runs not sourced alike, see muster_run_settings_differ: a
 * difference of solver or options is not a difference of scenario).
 */
int muster_whatif_diff(const struct muster_scenario *a, const struct muster_run *run_a,
		       const struct muster_scenario *b, const struct muster_run *run_b,
		       const struct muster_whatif_diff_opts *opts, struct muster_whatif_diff *out,
		       struct muster_error *err);
void muster_whatif_diff_release(struct muster_whatif_diff *d);

/* ==== burden against the posture (issue 14) ============================ */
/* section owned by src/lib/burden.c */

/*
 * Each nation's burden: the people it has deployed abroad (outside its own
 * country), on one date or as the mean over a period, against its
 * population, its GDP and optionally a fair-share key.
 */
struct muster_burden_opts {
	int32_t from;	 /* the date, or the first day of the period */
	int32_t to;	 /* MUSTER_DATE_NONE: on `from`; else the mean over [from, to) */
	int year;	 /* population and GDP of this year; 0: `from`'s year, at most the
			    latest of each table */
	const char *key; /* also compare with the shares of this key; NULL: none */
	/* The people counted: by, then and abroad_only are set by the computation;
	 * mission, organization, nation, sources, prefer, category filter. */
	struct muster_posture_opts posture;
};

struct muster_burden_row {
	char *nation;
	long personnel;		/* deployed abroad (the mean over a period, rounded) */
	double population;	/* persons; < 0 not known */
	double per_million;	/* personnel per million inhabitants; NAN not known */
	double gdp_usd;		/* current US$; < 0 not known */
	double per_billion;	/* personnel per billion US$ of GDP; NAN not known */
	double personnel_share; /* percent of all personnel of the rows */
	double key;		/* the key's value; < 0 not known (or no key) */
	double key_share;	/* percent of the key over the rows that have a value; NAN */
	double index;		/* personnel_share / key_share; NAN when undefined */
};

struct muster_burden {
	struct muster_burden_row *rows; /* by nation code */
	size_t nr;
	long total;		/* all personnel of the rows */
	int pop_year, gdp_year; /* the years used */
	size_t overlaps;	/* overlaps of sources in the posture (see posture) */
};

/*
 * The burden of every nation with people abroad under opts->posture's
 * filters. Errors: those of muster_posture_compute and of the key
 * (MUSTER_ENOENT for an unknown one).
 */
int muster_burden_compute(const struct muster_scenario *sc, const struct muster_run *run,
			  const struct muster_burden_opts *opts, struct muster_burden *out,
			  struct muster_error *err);
void muster_burden_release(struct muster_burden *b);

/* ==== costs and who pays them (issue 15) ================================ */
/* section owned by src/lib/cost.c */

/*
 * What a sourcing run costs (costs.csv) and who pays it (funding.csv).
 *
 * Incurred cost of an assignment, day by day over its interval J: for each
 * basis, the most specific rate in force that matches it (nation, country =
 * the line's location, capability = the offer's; a stated field beats "any",
 * and nation counts 4, capability 2, country 1), times personnel
 * (person-day) or units (unit-day); unit-deployment is one-off, on J's
 * first day, for the units not already on the line the day before (a pair
 * cut at a boundary date is not deployed twice). The bases add up.
 *
 * Paid cost, under the mission's funding rule in force that day: `national`
 * (or no rule): the sending nation pays it all; `common`: the sender pays
 * (1 - share) of it and share of it is split among the nations of the rule's
 * key (keys.csv) in proportion to their values.
 */
enum muster_cost_by {
	MUSTER_COST_BY_NATION = 0, /* incurred by the sender, paid by the payer */
	MUSTER_COST_BY_MISSION,
	MUSTER_COST_BY_LINE, /* "MISSION:LINE" */
	MUSTER_COST_BY_YEAR, /* the calendar year of the day */
};

struct muster_cost_opts {
	enum muster_cost_by by;
	int32_t from, to;    /* only the days in [from, to); NONE / OPEN: all */
	const char *mission; /* only this mission's assignments; NULL: all */
	/* by nation: also each nation's value of this key (muster_key_lookup; e.g. its
	 * defence expenditure) and paid as a percent of it; NULL: none */
	const char *key;
};

struct muster_cost_row {
	char *group;	     /* a nation, mission, MISSION:LINE or year */
	int64_t person_days; /* sent (by nation: by the group's nation) */
	double incurred;     /* the cost of what was sent */
	double common;	     /* the part of `incurred` funded in common */
	double paid;	     /* by nation: what the nation pays; else = incurred */
	size_t unpriced;     /* assignments of the group no rate of any basis matches */
	double key;	     /* opts->key's value for the nation; < 0 not known (or no key) */
};

struct muster_cost {
	enum muster_cost_by by;
	struct muster_cost_row *rows; /* by group (nations, missions, lines by name; years) */
	size_t nr;
	double incurred, common, paid; /* totals; paid = incurred up to rounding */
	int64_t person_days;
	size_t assignments, unpriced; /* assignments counted, and those no rate matched */
	const char *currency;	      /* the scenario's, borrowed; NULL when none is stated */
	bool has_key;		      /* opts->key was given: rows hold its values */
};

/*
 * The costs of `run`'s assignments on `sc` (the scenario the run was solved
 * on), grouped by opts->by. Errors: MUSTER_ENOENT when the scenario has no
 * cost rates (costs.csv) or opts->mission is not one of its missions;
 * MUSTER_EINVAL when a common funding rule's key sums to 0 over its nations.
 * Release `out` with muster_cost_release (also after an error).
 */
int muster_cost_compute(const struct muster_scenario *sc, const struct muster_run *run,
			const struct muster_cost_opts *opts, struct muster_cost *out,
			struct muster_error *err);
void muster_cost_release(struct muster_cost *c);
/*
 * The incurred cost of one assignment (index `i` of run->assignments) over
 * its whole interval, and whether any rate matched it (*priced).
 */
double muster_cost_assignment(const struct muster_scenario *sc, const struct muster_run *run,
			      size_t i, bool *priced);
/*
 * What budget `b`'s nation pays (paid cost, as muster_cost_compute) for the
 * run's assignments of b's mission (NULL: all) on the days of [b->from,
 * b->to), in *paid; *unpriced the assignments counted that no rate prices
 * and that could add to what the nation pays: its own, and every nation's
 * when it pays a common share (funding.csv) within the budget.
 * Errors as muster_cost_compute (MUSTER_ENOENT without rates).
 */
int muster_budget_paid(const struct muster_scenario *sc, const struct muster_run *run,
		       const struct muster_budget *b, double *paid, size_t *unpriced,
		       struct muster_error *err);
/* The scenario's currency (costs.csv, budgets.csv), borrowed; NULL when none is stated. */
const char *muster_scenario_currency(const struct muster_scenario *sc);

/*
 * `muster posture --cost`: what the posture costs (incurred, in the
 * scenario's currency) over the periods [starts[k], starts[k + 1]), the last
 * ending at `to` (muster_posture_dates gives the starts), grouped by
 * opts->by: nation, country, mission or total (MUSTER_EINVAL for another).
 * Every deployment is priced by the person-day rates that match its nation
 * and country and name no capability (a deployment has neither units nor a
 * capability, so no unit rate prices it); with `run`, its assignments are
 * priced as muster_cost_compute prices them (every basis; the one-off on
 * their first day, when it lies in the window). opts' nation, country,
 * mission, category and counted_only filter as in muster_posture_compute
 * (sources and prefer are not used). A record no rate prices in a period
 * counts in its row's `unpriced`, never as 0; a row without any priced
 * record has priced 0 and its cost is not known. Rows by period, then group.
 * Errors: MUSTER_ENOENT without rates, MUSTER_EINVAL for dates not
 * ascending or no period.
 */
struct muster_posture_cost_row {
	int32_t from, to; /* the period */
	char *group;
	int64_t person_days;	 /* of the records counted, within the period */
	double cost;		 /* of the priced records */
	size_t priced, unpriced; /* records (deployments, assignments) priced or not */
};
struct muster_posture_cost {
	enum muster_posture_by by;
	struct muster_posture_cost_row *rows;
	size_t nr, alloc;
	double cost;	      /* the total of the priced records */
	size_t unpriced;      /* over all rows */
	const char *currency; /* borrowed from the scenario; NULL when none is stated */
};
int muster_posture_cost_compute(const struct muster_scenario *sc, const struct muster_run *run,
				const struct muster_posture_opts *opts, const int32_t *starts,
				size_t n, int32_t to, struct muster_posture_cost *out,
				struct muster_error *err);
void muster_posture_cost_release(struct muster_posture_cost *c);

/* ==== importers of public data ========================================== */
/* section owned by src/lib/import_*.c */

/*
 * Import a public data file into deployments (with `source` filled), one
 * transaction, idempotent on re-import. `format`: "un-contributions",
 * "us-personnel" or "deployments". Missing missions and hosts are created.
 * Each deployment's source is "TAG:ID:LINE ..." (TAG un-peacekeeping-ipi,
 * troopdata or deployments; ID the file's canonical full path); a re-import
 * of the same file first drops every deployment whose source is "TAG:ID:"
 * and a line number; another file of the same base name adds to it.
 * MUSTER_EEXIST when rows stored under the base name alone (by an older
 * muster) exist: name them with muster_import_public_as. MUSTER_ESTALE when
 * the scenario changed during the import. Layouts and decisions: see
 * import_public.c.
 * Errors: MUSTER_EUSAGE (unknown format), MUSTER_EIO (unreadable file),
 * MUSTER_EINVAL with one detail per bad cell ("FILE:17: column 'x':
 * expected ..., got '...'"), MUSTER_EINTR (the cancel flag of the handle's
 * context, muster_db_set_ctx, was set), or the store's errors; the database
 * is then unchanged. Files over 8 MiB report progress through that context.
 */
int muster_import_public(struct muster_db *db, const char *format, const char *path,
			 struct muster_error *err);
/*
 * muster_import_public with the identity `source` (`--source NAME`) in
 * place of the file's path (NULL: the path). The same name again replaces
 * the rows it made, wherever the file now is. MUSTER_EUSAGE for an empty
 * name or one with tabs or line breaks.
 */
int muster_import_public_as(struct muster_db *db, const char *format, const char *path,
			    const char *source, struct muster_error *err);

/* What an import read and wrote (muster_import_public_summary). */
struct muster_import_summary {
	size_t rows;	  /* data rows read from the file */
	size_t written;	  /* deployments written */
	size_t replaced;  /* deployments of an earlier import of this source dropped */
	int32_t from, to; /* the period of the deployments written (to: OPEN when open) */
	size_t nations;	  /* distinct nations of them */
	size_t countries; /* distinct countries */
	char *source;	  /* the source name (muster_source_name of their source) */
	/*
	 * Data quality (the data are kept as they are): a series missing for
	 * some reports and back in a later one, a jump of 2x or more (and 10
	 * people or more) between consecutive reports, a name under two codes
	 * in one report. The first MUSTER_IMPORT_WARNINGS messages, and how many.
	 */
	struct muster_strlist warnings;
	size_t nwarnings;
	size_t competing; /* US: rows of another series dropped for the DMDC report's */
};
#define MUSTER_IMPORT_WARNINGS 20
/* muster_import_public_as that fills `out` on success (release with the next call). */
int muster_import_public_summary(struct muster_db *db, const char *format, const char *path,
				 const char *source, struct muster_import_summary *out,
				 struct muster_error *err);
void muster_import_summary_release(struct muster_import_summary *s);

/* The choices of an import beyond the file and its format (all may be NULL). */
struct muster_import_opts {
	const char *source; /* the identity of the file's rows (`--source`); NULL: its path */
	/*
	 * `--map FILE`: a crosswalk of the user's own (columns name and code, as
	 * data/crosswalk.csv), looked at before the built-in one wherever a
	 * country is given by name.
	 */
	const char *map;
	/*
	 * `--columns`: for "deployments", which of the file's columns holds each
	 * field: "nation=COL,country=COL,personnel=COL,from=COL,...".
	 */
	const char *columns;
	/*
	 * `--series`: for "us-personnel", the series preferred where several
	 * give a figure for one place and report, best first, among dmdc, kane,
	 * imputed and other ("kane,dmdc"); those not named follow in that order.
	 */
	const char *series;
	/*
	 * `--period year`: for "deployments", the `from` field holds a year
	 * (YYYY) and the `to` field is not read; `as` says what each figure is:
	 * "intervals" (it covers its year, YYYY-01-01 to the next year) or
	 * "snapshots" (a point reading on `snapshot_day` of its year, "MM-DD",
	 * NULL: "12-31", stored as that one day). Both are needed together.
	 */
	const char *period;
	const char *as;
	const char *snapshot_day;
	/*
	 * `--host CODE`: for "deployments", the host of the missions the file
	 * names that do not exist; NULL: the one country a mission's rows are
	 * in, an error when they are in several (never a guess).
	 */
	const char *host;
};
/*
 * muster_import_public_summary with options; `out` may be NULL. Formats
 * beyond those of muster_import_public: "un-mission-totals" (IPI's
 * mission_month_totals: nation XPK, all contributors), "un-contributor-totals"
 * (IPI's contributor_month_totals: country XPK, all missions) and
 * "us-personnel-year" (troopdata's country-year table). A country named
 * rather than coded that neither crosswalk knows is an error detail
 * "FILE:LINE: column 'C': expected ..., got 'NAME'; closest known names: ...".
 */
int muster_import_public_opts(struct muster_db *db, const char *format, const char *path,
			      const struct muster_import_opts *opts,
			      struct muster_import_summary *out, struct muster_error *err);
/*
 * The code the built-in crosswalk (data/crosswalk.csv) gives a country name,
 * a variant or a code of another standard ("Cote d'Ivoire", "Burma", "DE",
 * "GER"), ASCII case and punctuation ignored; NULL when it has none.
 */
const char *muster_crosswalk(const char *name);

/* ==== reports (text tables, CSV, JSON, SVG, HTML) ======================= */
/* section owned by src/lib/report*.c */

struct muster_report_opts {
	int32_t on;	     /* the map's date; NONE: `to` minus one day */
	int32_t from, to;    /* the charts' period; NONE: from the data (deployments, phases) */
	bool by_region;	     /* the stacked area by region instead of nation */
	int top;	     /* nations (or regions) shown before "other"; <= 0: 8 */
	const char *title;   /* page title; NULL: "muster posture report" */
	bool with_requested; /* requested phases count in the checks */
	/* a published series to chart muster's total against (`--reference`); NULL: none */
	const struct muster_series *reference;
	/* the key of the force generation section's fair shares (`--fair-key`):
	   a keys.csv key, gdp, gdp-YYYY, population-YYYY or equal; NULL: "gdp" */
	const char *fair_key;
};

/* A reference series: figures on dates (muster_series_read). */
struct muster_series {
	char *name; /* the column's name, or the label given */
	int32_t *dates;
	double *values;
	size_t n; /* dates ascending */
};
/*
 * Read a series from the CSV file `path`: its `date` (or `Date`) column,
 * YYYY-MM-DD, and the column `column`. A cell NA or empty is no figure (the
 * row is left out, never a 0); the file's other columns are not read.
 * Errors: MUSTER_EIO, MUSTER_EINVAL with a detail per bad cell
 * ("FILE:LINE: column 'Total': expected a number or NA, got 'x'"), or no row.
 */
int muster_series_read(const char *path, const char *column, struct muster_series *out,
		       struct muster_error *err);
void muster_series_release(struct muster_series *s);

/* The pictures of a report, each a standalone SVG document. */
enum muster_report_svg {
	MUSTER_SVG_AREA = 0,  /* posture over time, stacked by nation or region */
	MUSTER_SVG_MAP,	      /* world map shaded by personnel per country on `on` */
	MUSTER_SVG_HEADROOM,  /* cap headroom over time, breaches shaded */
	MUSTER_SVG_MISSIONS,  /* personnel by mission on `on`, one bar each */
	MUSTER_SVG_REFERENCE, /* muster's total against opts.reference (needs one) */
	MUSTER_SVG_COUNT,
};
/* "posture-area", "posture-map", "cap-headroom" (static): file stems. */
const char *muster_report_svg_name(enum muster_report_svg which);

/*
 * One picture as a standalone SVG document (xmlns, no external resources).
 * *svg (caller frees) is NUL-terminated. MUSTER_EINVAL on a bad period.
 */
int muster_report_svg(const struct muster_scenario *sc, const struct muster_run *run,
		      const struct muster_report_opts *opts, enum muster_report_svg which,
		      char **svg, struct muster_error *err);

/*
 * The whole report as one self-contained HTML page: inline CSS, the three
 * pictures as inline SVG, and tables of the numbers (posture by nation and by
 * country on `on`, the series, caps with headroom, breaches). *html (caller
 * frees) is NUL-terminated.
 */
int muster_report_html(const struct muster_scenario *sc, const struct muster_run *run,
		       const struct muster_report_opts *opts, char **html,
		       struct muster_error *err);

/* ---- records: single-record edits and their history (DESIGN.md 11) ---- */

enum muster_edit_op {
	MUSTER_EDIT_ADD = 0, /* insert a new record */
	MUSTER_EDIT_SET,     /* change fields of an existing record */
	MUSTER_EDIT_DELETE,  /* remove a record */
};

/* One change of one record (every string borrowed for the call). */
struct muster_edit {
	enum muster_edit_op op;
	const char *entity; /* the table: "offers", "caps", ... (the CSV file's name) */
	const char *key;    /* SET and DELETE: the record's key as written ("NMI:TRG-1") */
	/* "field=value" pairs: CSV column names and cells, parsed as the CSV reader does */
	const char *const *fields;
	size_t nfields;
	int64_t if_version; /* > 0: fail with MUSTER_ECONFLICT unless the record is at it */
	const char *actor;  /* who (the audit row's actor); NULL is "unknown" */
	const char *reason; /* why (may be NULL) */
	/* whose access policy applies (muster_policy_check_write, inside the
	 * transaction), or NULL: the caller has checked (a local admin) */
	const struct muster_actor *policy;
};

/* A record as it stands: CSV column names and cells, in the contract's order. */
struct muster_record {
	char *entity;
	char *key;
	int64_t version;  /* after the change; for a delete, the version it had */
	int64_t revision; /* the scenario revision the change created; 0: no change */
	struct muster_strlist names, values;
};

void muster_record_release(struct muster_record *r);

/*
 * Apply one edit to the base scenario in one write transaction: read the
 * scenario, apply the change, validate the whole scenario with the same
 * checks and messages as import (muster_scenario_validate), write the row,
 * take the next scenario revision and append the audit row. `out` (may be
 * NULL) receives the record after the change (before it, for a delete).
 * Nothing changes on any error. Errors: MUSTER_EUSAGE (unknown entity or
 * field, with the closest one; a key field in SET), MUSTER_ENOENT (unknown
 * key, with the closest one), MUSTER_EINVAL (a bad value or an invalid
 * scenario: details, and err->items structured), MUSTER_ECONFLICT (the
 * record is not at if_version; the message says its version), MUSTER_EBUSY
 * (another writer holds the database), MUSTER_ESTORE.
 */
int muster_db_edit(struct muster_db *db, const struct muster_edit *e, struct muster_record *out,
		   struct muster_error *err);

/*
 * The current record `key` of `entity` (for printing), with its version.
 * MUSTER_EUSAGE / MUSTER_ENOENT as muster_db_edit.
 */
int muster_db_record(struct muster_db *db, const char *entity, const char *key,
		     struct muster_record *out, struct muster_error *err);

/* ---- records as lists (records_list.c) ------------------------------- */

struct muster_record_list {
	struct muster_record *items;
	size_t nr, alloc;
};
void muster_record_list_release(struct muster_record_list *l);

/*
 * The CSV column names of `entity` ("offers"), in the contract's order,
 * appended to `names`; *nkey (may be NULL) how many of the first ones make
 * the natural key. MUSTER_EUSAGE for an unknown entity.
 */
int muster_entity_fields(const char *entity, struct muster_strlist *names, size_t *nkey,
			 struct muster_error *err);
/*
 * Every record of `entity` of the base scenario, in stored order, appended
 * to `out` (as muster_db_record gives one: key, version, cells; revision
 * 0), read in one snapshot with the scenario's revision into *revision (may
 * be NULL). With `as_of` (as muster_db_load_as_of takes it) the records as
 * they stood then, with version 0 (not kept by the audit log). The caller
 * applies the access policy. Errors: MUSTER_EUSAGE (unknown entity, a
 * malformed as_of), those of muster_db_load_as_of, MUSTER_ESTORE.
 *
 * The present is read from the handle's cache of the base scenario: loaded
 * and validated once, with each table's versions read in one statement,
 * and kept while the base revision (one read per call, in the call's
 * snapshot) is unchanged. Every write of scenario data, through any handle
 * or process, takes a new revision, so what a call returns is never older
 * than its snapshot. muster_db_record and muster_db_code_check share the
 * cache; "as of" never uses it. It holds one copy of the scenario per
 * handle until muster_db_close.
 */
int muster_db_records(struct muster_db *db, const char *entity, const char *as_of,
		      struct muster_record_list *out, int64_t *revision, struct muster_error *err);
/*
 * muster_code_check against the base scenario as it stands now (the
 * handle's cache, see muster_db_records): 0 when `code` is one of `kind`,
 * MUSTER_ENOENT with the closest one otherwise (MUSTER_EINVAL for an empty
 * code); MUSTER_ESTORE, or MUSTER_EINVAL when the stored scenario is not
 * valid. *revision (may be NULL) gets the base revision it was checked at.
 */
int muster_db_code_check(struct muster_db *db, enum muster_code_kind kind, const char *code,
			 int64_t *revision, struct muster_error *err);

/*
 * Records of a loaded scenario, for listing: the number of records of
 * `entity` ("offers"; 0 for an unknown entity), and record `i` of them (in
 * the order they were imported) into `out` as muster_db_record gives it,
 * with version and revision 0 (a loaded scenario does not hold them).
 * MUSTER_EUSAGE for an unknown entity (with the closest one), MUSTER_ENOENT
 * for i past the last record.
 */
size_t muster_scenario_records(const struct muster_scenario *sc, const char *entity);
int muster_scenario_record(const struct muster_scenario *sc, const char *entity, size_t i,
			   struct muster_record *out, struct muster_error *err);

/*
 * Typed JSON of a record (entity.c, from the one description of each
 * entity): a JSON object of its fields under their CSV column names, in the
 * contract's order. Whole numbers (units, limit, pool, a max-days caveat's
 * value) and key values are JSON numbers, lists (memberships, caveats,
 * tasks, a caveat's value of any other kind) arrays of strings, yes/no
 * fields (hard, counts_against_cap) true/false, dates "YYYY-MM-DD" and
 * words (status, kind) strings, an empty field null. The record's version is
 * not a field (the caller sends it beside, e.g. as an ETag). Caller frees;
 * NULL when r->entity is no entity or a value does not read as its field's
 * type (a record muster did not make).
 */
char *muster_record_json(const struct muster_record *r);

/*
 * The inverse, for a request body: the JSON object `json` of fields of
 * `entity` as "field=value" pairs (struct muster_edit's `fields`), appended
 * to `fields` in the object's order; null gives an empty value, an array
 * its items joined with ';', true/false "yes"/"no". Values are not judged
 * here: muster_db_edit checks them as the CSV reader checks cells. Nothing
 * is appended on error. Errors (message naming the field; err->items with
 * entity and column): MUSTER_EUSAGE for an unknown entity or field (with the
 * closest one), MUSTER_EINVAL for text that is no JSON object or a field of
 * the wrong JSON type ("offers: field 'units': expected a whole number, got
 * a string").
 */
int muster_record_fields_from_json(const char *entity, const char *json,
				   struct muster_strlist *fields, struct muster_error *err);

/* One audit row (DESIGN.md section 11); every string owned by the row. */
struct muster_audit {
	int64_t seq; /* position in the log (1, 2, ...) */
	int64_t rev; /* the scenario revision the change created */
	char *at;    /* UTC, "2021-02-18T12:00:00.000Z" */
	char *actor, *entity, *key;
	char *op;	      /* "insert", "update", "delete" */
	char *before, *after; /* the record as a JSON object, NULL where absent */
	char *reason;	      /* "" when none */
	char *hash;	      /* hex SHA-256 over the previous hash and this row */
};

struct muster_audit_list {
	struct muster_audit *items;
	size_t nr, alloc;
};

void muster_audit_list_release(struct muster_audit_list *l);

/* Which audit rows muster_db_history returns; NULL or 0 fields do not filter. */
struct muster_history_filter {
	const char *entity, *key, *actor;
	const char *since, *until; /* ISO 8601 prefixes compared as text: [since, until] */
};

/*
 * The audit rows matching `f` (may be NULL), oldest first, appended to
 * `out`. MUSTER_EUSAGE for an unknown entity (with the closest one).
 */
int muster_db_history(struct muster_db *db, const struct muster_history_filter *f,
		      struct muster_audit_list *out, struct muster_error *err);

/*
 * Recompute the audit log's hash chain. 0 when every row is intact (*rows
 * the number of rows); MUSTER_EINVAL naming the first row that was edited,
 * or that follows a deleted or moved row.
 */
int muster_db_history_verify(struct muster_db *db, size_t *rows, struct muster_error *err);

/*
 * The base scenario "as of" a point of its history, rebuilt from the audit
 * log: `as_of` is "rN" (after the change that made revision N) or a UTC time
 * "YYYY-MM-DD[THH:MM[:SS[.mmm]]]" (after the last change at or before it).
 * The records' own dates are not touched (transaction time, not valid time).
 * `sc` is initialised by the caller; *revision (may be NULL) the revision it
 * stood at. Errors: MUSTER_EUSAGE (a malformed point), MUSTER_EINVAL (a
 * revision past the current one), MUSTER_ENOENT (before the history
 * starts), MUSTER_ESTORE (a recorded record cannot be read).
 */
int muster_db_load_as_of(struct muster_db *db, const char *as_of, struct muster_scenario *sc,
			 int64_t *revision, struct muster_error *err);
/*
 * muster_db_load_as_of, then, when `whatif` is not NULL, that what-if's
 * changes (and its bases') applied to it as muster_db_load applies them: a
 * what-if is not in the history, so its changes are those it has now, over
 * the base as it stood then (`whatif diff --as-of`). *revision is the base's
 * revision read. Errors: as muster_db_load_as_of, and MUSTER_ENOENT for an
 * unknown what-if, or a change that no longer applies (with its number).
 */
int muster_db_load_whatif_as_of(struct muster_db *db, const char *whatif, const char *as_of,
				struct muster_scenario *sc, int64_t *revision,
				struct muster_error *err);

/* What muster_db_migrate copied. */
struct muster_migrate_counts {
	size_t records, whatifs, runs, audit, users;
};

/*
 * Copy everything database `from` holds into `to`, which must be empty (a new
 * database): the scenario's records with their order and versions, the
 * revisions, the what-ifs with their changes, the stored runs, the audit log
 * row for row (its hash chain unchanged) and the users with their password
 * hashes; sessions are not copied (users sign in again). `from` is read in
 * one snapshot and `to` written in one transaction: on any failure `to` is as
 * it was. Either may be SQLite or PostgreSQL. Errors: MUSTER_EEXIST (`to`
 * holds data), MUSTER_ESTORE.
 */
int muster_db_migrate(struct muster_db *from, struct muster_db *to,
		      struct muster_migrate_counts *counts, struct muster_error *err);

/* ---- users and the access policy (policy.c, users.c) ------------------ */

/*
 * The access policy of DESIGN.md section 12, in one place: for an actor and
 * a record or a result row, whether it may read it in full, only in
 * aggregate, or not at all, and whether it may write it. Every front end
 * (the CLI with --as, the server) asks these functions; none decides itself.
 *
 * Roles and what they may do (`own`: the record's nation is the actor's):
 *
 *   object          admin  planner  liaison own  liaison other  viewer
 *   nations, keys,  rw     rw       read         read           read
 *    capabilities
 *   missions,       rw     rw       read         read           read
 *    phases,
 *    requirements
 *   caps            rw     rw       read         read           none
 *   offers          rw     rw       rw           aggregate      aggregate
 *   caveats         rw     rw       rw           none           none
 *   deployments     rw     rw       rw           aggregate      aggregate
 *   assignment      rw     rw       read         aggregate      aggregate
 *   gap, run        rw     rw       read         read           read
 *   fair-share row  rw     rw       read         read           aggregate
 *   posture cell    rw     rw       read         read           aggregate
 *   users           rw     none     none         none           none
 *
 * Decisions where section 12 leaves the case open:
 * - Reference data (nations, keys, capabilities) and the statement of
 *   requirements (missions, phases, requirement lines) are readable by every
 *   role: they hold no national commitment, a requirement line is already a
 *   total, and no aggregate means anything without them. Only planners and
 *   admins write them.
 * - Caps are national political limits: a liaison reads them all (section
 *   12), a viewer none (an aggregate of caps means nothing).
 * - Other nations' deployments are, for a liaison, aggregate only, like their
 *   offers: section 12 gives the liaison its own in full and results (the
 *   posture, which totals deployments per nation and country) but not other
 *   nations' records with their ids and sources.
 * - Results (gaps, run summaries, fair-share rows, posture cells) are read in
 *   full by a liaison; assignments of other nations only as totals per line.
 *   A viewer reads gaps and run summaries (they name no nation) and the rest
 *   in aggregate. "Writing" a result means storing or deleting a run.
 * - Only admins read or write users; planners do not manage users.
 * - An actor with no role, a liaison with no nation, and a NULL actor get
 *   nothing (fail closed).
 *
 * AGGREGATE means: totals per requirement line (mission, line, capability)
 * for offers and assignments, with no nation and no id; totals per country
 * for deployments; totals over nations for fair-share rows and posture cells.
 *
 * A record the actor may read only in aggregate or not at all must look
 * missing when asked for by key: the server answers 404, the CLI "does not
 * exist" (see muster_policy_check_write and muster_record_missing).
 */
enum muster_role {
	MUSTER_ROLE_NONE = 0, /* no access at all */
	MUSTER_ROLE_ADMIN,
	MUSTER_ROLE_PLANNER,
	MUSTER_ROLE_LIAISON,
	MUSTER_ROLE_VIEWER,
};
/* "admin", "planner", "liaison", "viewer" ("none"); static. */
const char *muster_role_name(enum muster_role role);
/* The role named `name` (exact, lower case), or MUSTER_ROLE_NONE. */
enum muster_role muster_role_parse(const char *name);

/* Who is asking. Strings owned; release with muster_actor_release. */
struct muster_actor {
	char *name; /* the user name (the CLI without --as: "local admin") */
	enum muster_role role;
	char *nation; /* a liaison's nation (canonical code); NULL otherwise */
};
/* Fill `a` as the CLI's local administrator (no --as). */
void muster_actor_local_admin(struct muster_actor *a);
void muster_actor_release(struct muster_actor *a);
/*
 * How messages name an actor: "user 'ann' (liaison of CAN)", "user 'bob'
 * (planner)"; the caller frees it.
 */
char *muster_actor_label(const struct muster_actor *a);

/* What the policy is asked about: section 11's entities, then result rows. */
enum muster_object {
	MUSTER_OBJ_NATION = 0,
	MUSTER_OBJ_KEY,
	MUSTER_OBJ_MISSION,
	MUSTER_OBJ_PHASE,
	MUSTER_OBJ_CAPABILITY,
	MUSTER_OBJ_REQUIREMENT,
	MUSTER_OBJ_OFFER,
	MUSTER_OBJ_CAVEAT,
	MUSTER_OBJ_CAP,
	MUSTER_OBJ_DEPLOYMENT,
	MUSTER_OBJ_COST,
	MUSTER_OBJ_FUNDING,
	MUSTER_OBJ_BUDGET,
	MUSTER_OBJ_ASSIGNMENT, /* a sourcing run's assignment row */
	MUSTER_OBJ_GAP,	       /* a sourcing run's gap row */
	MUSTER_OBJ_FAIRSHARE,  /* a fair-share row (one nation) */
	MUSTER_OBJ_POSTURE,    /* a posture cell (one nation, country, day) */
	MUSTER_OBJ_RUN,	       /* a run's summary (fill, objective, solver) */
	MUSTER_OBJ_USER,
	MUSTER_OBJ_COUNT,
};
/*
 * The table name of an object ("offers", "requirements", "assignments",
 * "users"...; section 11's entity names; static).
 */
const char *muster_object_name(enum muster_object obj);
/*
 * The object of a section 11 entity name ("offers"; also "lines" for
 * requirements) into *out; MUSTER_ENOENT when there is none.
 */
int muster_object_parse(const char *name, enum muster_object *out);

enum muster_access {
	MUSTER_ACCESS_NONE = 0,	 /* as if it did not exist */
	MUSTER_ACCESS_AGGREGATE, /* only in totals (see above), no nation, no id */
	MUSTER_ACCESS_FULL,
};

/*
 * How `actor` may read a record or row of `obj` belonging to `nation` (the
 * record's nation or a result row's; NULL for objects without one, e.g.
 * missions, gaps). Never fails: NONE for a NULL actor or unknown object.
 */
enum muster_access muster_policy_read(const struct muster_actor *actor, enum muster_object obj,
				      const char *nation);
/* Whether `actor` may insert, change or delete a record of `obj` of `nation`. */
bool muster_policy_write(const struct muster_actor *actor, enum muster_object obj,
			 const char *nation);
/*
 * The check every write command calls (the records commands add, set, rm,
 * offer accept|withdraw|reopen and the server's POST, PATCH, DELETE), once
 * the record is found (`key` its written key, `nation` its nation, or for an
 * insert the new record's nation and key): 0 when allowed. Otherwise:
 * - for an existing record (`exists`) the actor may not read in full,
 *   MUSTER_ENOENT with muster_record_missing's message, so a forbidden
 *   record cannot be told from a missing one;
 * - else MUSTER_EPERM "user 'NAME' (liaison of CAN) may not change offers of
 *   DEU" ("may not add offers of DEU" when it does not exist).
 */
int muster_policy_check_write(const struct muster_actor *actor, enum muster_object obj,
			      const char *nation, const char *key, bool exists,
			      struct muster_error *err);
/*
 * MUSTER_EPERM "user 'NAME' (ROLE) may not WHAT" for a whole-scenario
 * operation (`what`: "import a scenario") unless the actor is a planner or
 * an admin; 0 when allowed.
 */
int muster_policy_check_planner(const struct muster_actor *actor, const char *what,
				struct muster_error *err);
/* As muster_policy_check_planner, for admins only (managing users). */
int muster_policy_check_admin(const struct muster_actor *actor, const char *what,
			      struct muster_error *err);
/*
 * The one message of a record that does not exist, or that the actor may
 * not see: MUSTER_ENOENT "no offers 'KEY'". Returns MUSTER_ENOENT.
 */
int muster_record_missing(struct muster_error *err, enum muster_object obj, const char *key);

/* ---- views: results and records as an actor may see them (view.c) ----- */

/*
 * The functions every front end (the CLI with --as, the server) applies to
 * what it read or computed before showing it to an actor, so that the
 * access policy (muster_policy_read, table above) is applied in one place.
 * Compute on the whole scenario first (a posture or a fair share computed
 * on a filtered scenario would be wrong), then reduce the result with these.
 *
 * Each writes a new object that the caller releases with the type's own
 * release function (muster_scenario_release, muster_run_release,
 * muster_posture_release, muster_fairshare_release,
 * muster_audit_list_release, muster_line_totals_release), also after an
 * error. The input is never changed. A planner or an admin gets a full copy.
 * A NULL actor, or one with no role, gets MUSTER_EPERM (fail closed).
 */

/*
 * The scenario with only the records `actor` may read in full: a liaison
 * keeps every reference record and requirement, every cap, its own nation's
 * offers, caveats and deployments; other nations' offers and deployments
 * (aggregate: see muster_view_offer_totals) and caveats (none) are left out,
 * and the caveat ids an offer lists are kept only for caveats kept. A viewer
 * keeps reference data and requirements only (no offers, caveats, caps or
 * deployments). `out` is initialised by the function. The result is not
 * meant for validation or sourcing (an offer may name a removed caveat of
 * its own nation's only if the source did).
 */
int muster_view_scenario(const struct muster_scenario *sc, const struct muster_actor *actor,
			 struct muster_scenario *out, struct muster_error *err);

/*
 * One total over rows the actor may read only in aggregate: the offers or
 * the assignments of one requirement line and capability, over all the
 * nations concerned. No nation and no id, ever.
 */
struct muster_line_total {
	char *mission;	     /* offers: NULL for offers to any mission */
	char *line;	     /* NULL for offers to any line of the mission */
	char *capability;    /* the offer's capability */
	long units;	     /* sum of units */
	long personnel;	     /* sum of units x personnel per unit: people */
	int64_t person_days; /* assignments: sum of person-days; offers: 0 */
	int32_t from, to;    /* the span of the rows summed */
	size_t rows;	     /* how many rows were summed (>= 1) */
};
struct muster_line_totals {
	MUSTER_ARRAY(struct muster_line_total) totals; /* sorted by mission, line, capability */
};
void muster_line_totals_release(struct muster_line_totals *t);

/*
 * The offers `actor` may read only in aggregate (a liaison: other nations'
 * non-withdrawn offers; a viewer: all of them), summed per (mission, line,
 * capability) into `out` (zeroed by the function). Withdrawn offers are
 * left out of the totals. Empty for planners and admins.
 */
int muster_view_offer_totals(const struct muster_scenario *sc, const struct muster_actor *actor,
			     struct muster_line_totals *out, struct muster_error *err);
/*
 * muster_view_offer_totals of the base scenario as it stands now (the
 * handle's cache) or, with `as_of` (as muster_db_load_as_of takes it), as
 * it stood then; *revision (may be NULL) gets the revision read. Errors:
 * those of muster_view_offer_totals and muster_db_load_as_of, MUSTER_ESTORE.
 */
int muster_db_view_offer_totals(struct muster_db *db, const char *as_of,
				const struct muster_actor *actor, struct muster_line_totals *out,
				int64_t *revision, struct muster_error *err);

/*
 * A run as `actor` may see it: the summary (id, revision, fill, objective,
 * solver ...) and the gaps are copied (every role reads them); assignments
 * read in full (a liaison's own nation's) are copied; the rest are summed
 * per (mission, line, capability) into `totals` (may be NULL to drop them;
 * zeroed by the function). `out` is zeroed by the function.
 *
 * A gap's detail names what blocks it (offer and caveat ids, a nation's cap
 * "USA in IRQ <= 2500 ..."): it is kept only when `actor` reads in full
 * every offer and caveat of `sc` whose id it names as a whole word, and for
 * a cap gap the caps of the nation it starts with; else it is NULL and
 * detail_hidden is set. With `sc` NULL every detail is hidden from roles
 * that do not read every offer, caveat and cap in full (liaisons, viewers).
 */
int muster_view_run(const struct muster_scenario *sc, const struct muster_run *run,
		    const struct muster_actor *actor, struct muster_run *out,
		    struct muster_line_totals *totals, struct muster_error *err);
/*
 * muster_view_run against the base scenario as it stands now (the handle's
 * cache, see muster_db_records). Errors: those of muster_view_run,
 * MUSTER_ESTORE, MUSTER_EINVAL (the stored scenario is not valid).
 */
int muster_db_view_run(struct muster_db *db, const struct muster_run *run,
		       const struct muster_actor *actor, struct muster_run *out,
		       struct muster_line_totals *totals, struct muster_error *err);

/*
 * A posture as `actor` may see it. Grouped by nation, an actor reading
 * posture cells only in aggregate (a viewer) gets the groups merged into
 * one group "all nations" (each date's cells summed); grouped by country
 * or mission the cells are totals over nations already and are copied.
 * Everyone else gets a copy. `out` is overwritten.
 */
int muster_view_posture(const struct muster_posture *p, const struct muster_actor *actor,
			struct muster_posture *out, struct muster_error *err);

/*
 * Fair shares as `actor` may see them: a copy, without the per-nation rows
 * for an actor reading fair-share rows only in aggregate (a viewer: the
 * totals of struct muster_fairshare stay). `out` is overwritten.
 */
int muster_view_fairshare(const struct muster_fairshare *fs, const struct muster_actor *actor,
			  struct muster_fairshare *out, struct muster_error *err);

/*
 * The audit rows `actor` may read, appended to `out` in order: a row is kept
 * only when the actor reads its record in full both before and after the
 * change (the nation is taken from the before and after JSON). So a liaison
 * of CAN never sees a row of a DEU caveat or offer, nor a row that moved an
 * offer from DEU to CAN; a viewer sees no row of offers, caveats, caps or
 * deployments. Every kept row is copied whole (hash included).
 */
int muster_view_history(const struct muster_audit_list *in, const struct muster_actor *actor,
			struct muster_audit_list *out, struct muster_error *err);

/*
 * A rotation table as `actor` may see it: only the rows (one per line and
 * nation) whose nation's assignments (a run's rotation) or offers (from the
 * offers) the actor reads in full: a liaison its own nation's. The counts
 * of lines stay. `out` is overwritten; release with muster_rotation_release.
 */
int muster_view_rotation(const struct muster_rotation *rot, const struct muster_actor *actor,
			 struct muster_rotation *out, struct muster_error *err);

/*
 * A what-if diff as `actor` may see it: rows of sections whose figures the
 * actor may not read (a viewer: "cap headroom", caps; "fair share", per
 * nation) are left out; the rest and the notes are copied. `out` is
 * overwritten; release with muster_whatif_diff_release.
 */
int muster_view_whatif_diff(const struct muster_whatif_diff *d, const struct muster_actor *actor,
			    struct muster_whatif_diff *out, struct muster_error *err);

struct muster_db;

/* A user as listed (never the password hash). */
struct muster_user {
	char *name;
	enum muster_role role;
	char *nation;  /* a liaison's nation, else NULL */
	char *created; /* UTC ISO 8601 */
};
struct muster_user_list {
	struct muster_user *items;
	size_t nr, alloc;
};
void muster_user_list_release(struct muster_user_list *l);

/* Password and name limits. */
#define MUSTER_PASSWORD_MIN  8
#define MUSTER_PASSWORD_MAX  1024
#define MUSTER_USER_NAME_MAX 64

/*
 * Add a user with `password` stored as an argon2id hash (libsodium
 * crypto_pwhash_str). The name is 1..MUSTER_USER_NAME_MAX of [A-Za-z0-9._-],
 * starting with a letter or digit, unique ignoring case. A liaison needs
 * `nation` (a canonical nation code: the caller resolves it), other roles
 * refuse one. Errors: MUSTER_EINVAL (name, role, nation, a password shorter
 * than MUSTER_PASSWORD_MIN or longer than MUSTER_PASSWORD_MAX), MUSTER_EEXIST
 * "user 'NAME' already exists", MUSTER_ESTORE. Nothing written on error.
 */
int muster_user_add(struct muster_db *db, const char *name, enum muster_role role,
		    const char *nation, const char *password, struct muster_error *err);
/* Remove a user and end its sessions. MUSTER_ENOENT "no user 'NAME'". */
int muster_user_remove(struct muster_db *db, const char *name, struct muster_error *err);
/* Append every user, by name. */
int muster_user_list(struct muster_db *db, struct muster_user_list *out, struct muster_error *err);
/* Set a new password (as muster_user_add checks it) and end the user's sessions. */
int muster_user_passwd(struct muster_db *db, const char *name, const char *password,
		       struct muster_error *err);
/*
 * The user named `name` (ignoring case) as an actor (caller releases).
 * MUSTER_ENOENT "no user 'NAME'" (with "; did you mean 'X'?" when one is
 * close).
 */
int muster_user_actor(struct muster_db *db, const char *name, struct muster_actor *out,
		      struct muster_error *err);
/*
 * Check a user name and password; on success fill `out` (caller releases).
 * An unknown user and a wrong password are the same MUSTER_EPERM "wrong
 * user name or password", and take the same time (a hash is verified
 * either way).
 */
int muster_user_authenticate(struct muster_db *db, const char *name, const char *password,
			     struct muster_actor *out, struct muster_error *err);

/* Session tokens: 256 random bits as 64 lower-case hex digits. */
#define MUSTER_TOKEN_LEN 64
/*
 * Start a session for user `name` valid for `ttl` seconds from `now` (unix
 * seconds, taken by the caller); write the token (NUL-terminated) into
 * `token` and its expiry into *expires. Only the token's SHA-256 is stored.
 * MUSTER_ENOENT for an unknown user, MUSTER_EINVAL for ttl < 1.
 */
int muster_session_create(struct muster_db *db, const char *name, int64_t now, int64_t ttl,
			  char token[static MUSTER_TOKEN_LEN + 1], int64_t *expires,
			  struct muster_error *err);
/*
 * The actor of a session token at time `now` (caller releases `out`). An
 * unknown, malformed or expired token (expired sessions are deleted) is
 * MUSTER_EPERM "invalid or expired session" (the server's 401).
 */
int muster_session_check(struct muster_db *db, const char *token, int64_t now,
			 struct muster_actor *out, struct muster_error *err);
/* End a session (logout); ending an unknown token is not an error. */
int muster_session_end(struct muster_db *db, const char *token, struct muster_error *err);

/* ==== result tables and JSON (table.c, results.c, json.c) =============== */
/*
 * Every result a front end shows as rows (the CLI's tables, CSV and JSON; the
 * server's JSON) is built once here, as a table of text cells: a header, and
 * per column whether it holds numbers. The CLI prints a table aligned, as CSV
 * or as JSON; the server sends the JSON. A JSON writer gives exactly what
 * `muster CMD --format json` prints (without its final newline).
 *
 * Ownership and errors of every muster_json_*(): on success 0 and `*out` a
 * new NUL-terminated UTF-8 JSON text that the caller frees with free(); on
 * failure a negative status, `*out` NULL and `err` filled:
 * MUSTER_EINVAL "json: 'WHERE': not valid UTF-8" when a text of the result
 * is not UTF-8. Allocation failure aborts, as everywhere in libmuster. None
 * keeps a pointer to its arguments; each may run in several threads at once.
 */
struct muster_table {
	size_t ncols;
	char **head;
	bool *numeric; /* a number column: right-aligned, a JSON number */
	struct {
		char **items; /* row-major, ncols cells per row; "" is empty (JSON null) */
		size_t nr, alloc;
	} cells;
};
/* A table with `ncols` columns named `head` (copied); release it. */
void muster_table_init(struct muster_table *t, size_t ncols, const char *const *head);
/* Mark column `col` numeric: a cell that is a JSON number is written as one. */
void muster_table_numeric(struct muster_table *t, size_t col);
/* Append one row of ncols cells (copied; NULL is empty). */
void muster_table_add(struct muster_table *t, const char *const *row);
/* Append one row given as printf-formatted cells separated by '\t'. */
void muster_table_addf(struct muster_table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
size_t muster_table_rows(const struct muster_table *t);
/* The cell at row r, column c (borrowed). */
const char *muster_table_cell(const struct muster_table *t, size_t r, size_t c);
void muster_table_release(struct muster_table *t);
/* The table as CSV (RFC 4180, a header line, every line ending in '\n'); caller frees. */
char *muster_table_csv(const struct muster_table *t);
/*
 * The table as a JSON array of objects, one per row, keys the header, in
 * order: "[\n {"a": 1, "b": "x"},\n {...}\n]" ("[]" without rows). An empty
 * cell is null; in a numeric column a cell that is a JSON number is that
 * number, "-" is null, anything else ("inf") a string.
 */
int muster_json_table(const struct muster_table *t, char **out, struct muster_error *err);

/* One table of a report: its name (a sheet of `report --xlsx`) and cells. */
struct muster_report_table {
	char *name; /* "posture by nation on 2021-02-18", at most 31 bytes */
	struct muster_table table;
};
struct muster_report_tables {
	struct muster_report_table *items;
	size_t nr, alloc;
};
/*
 * Every table of the report, in DATA style (numbers without separators, an
 * unknown value empty): the posture by nation, by country and by mission on
 * the map's date, the series by nation (or region) on every sample date
 * with the step in its name, the breaches; with a run, force generation:
 * fill by line and phase, gaps by reason, and the soft caveats the run
 * overrode. Release with muster_report_tables_release (accepts a zeroed one).
 */
int muster_report_tables(const struct muster_scenario *sc, const struct muster_run *run,
			 const struct muster_report_opts *opts, struct muster_report_tables *out,
			 struct muster_error *err);
void muster_report_tables_release(struct muster_report_tables *t);

/*
 * How a result table is filled. DATA (CSV, JSON): an unknown value is an
 * empty cell, a change has no '+' sign, no total rows. TEXT (for people): an
 * unknown value is "-", changes are signed, totals where the CLI shows them.
 */
enum muster_table_style { MUSTER_STYLE_DATA = 0, MUSTER_STYLE_TEXT };

/* The run's assignments, the columns of assignments.csv (DESIGN.md section 4). */
void muster_table_assignments(const struct muster_run *run, struct muster_table *t);
/*
 * The run's gaps, the columns of gaps.csv; a run reduced by muster_view_run
 * with a detail hidden gets one more column, detail_hidden ("yes", else
 * empty), so a gap's null detail is told from one that had none.
 */
void muster_table_gaps(const struct muster_run *run, struct muster_table *t);
/*
 * Totals per line (muster_view_run, muster_view_offer_totals): mission,
 * line, capability, units, personnel, person_days, from, to, rows.
 */
void muster_table_line_totals(const struct muster_line_totals *lt, struct muster_table *t);
/* `muster runs`: the header (id, created, scenario, ... stale); add rows with _runs_add. */
void muster_table_runs(struct muster_table *t);
/* One stored run; `stale` as muster_db_run_stale says. */
void muster_table_runs_add(struct muster_table *t, const struct muster_run *run, bool stale,
			   int64_t stale_by);
/* `muster fairshare`: one row per nation. */
void muster_table_fairshare(const struct muster_fairshare *fs, enum muster_table_style st,
			    struct muster_table *t);
/* `muster fairshare --tradeoff`: one row per point. */
void muster_table_tradeoff(const struct muster_tradeoff *tr, enum muster_table_style st,
			   struct muster_table *t);
/*
 * `muster posture`: on one date (p's first), a row per group (and in TEXT a
 * total, unless by total); as a `series`, a row per date and group. Groups
 * without personnel are left out.
 */
void muster_table_posture(const struct muster_posture *p, bool series, enum muster_table_style st,
			  struct muster_table *t);
/*
 * `muster posture --wide`: a row per group, a column of personnel per date;
 * known[d] false (no source counted covers date d) is the style's unknown,
 * never 0.
 */
void muster_table_posture_wide(const struct muster_posture *p, const bool *known,
			       enum muster_table_style st, struct muster_table *t);
/*
 * `muster posture --diff D1 D2`: p holds the two dates, swapped when
 * `swapped` (D1 > D2); a row per group, the columns named by the dates.
 */
void muster_table_posture_diff(const struct muster_posture *p, bool swapped,
			       enum muster_table_style st, struct muster_table *t);
/* `muster posture --check`: the breaches of `bl` that pass the filters of `o` (NULL: all). */
void muster_table_breaches(const struct muster_breach_list *bl, const struct muster_posture_opts *o,
			   struct muster_table *t);
/* `muster check`'s rows: the violations of `a`, then those of `b` (either may be NULL). */
void muster_table_violations(const struct muster_violation_list *a,
			     const struct muster_violation_list *b, struct muster_table *t);
/* `muster rotation`: a row per line and nation; unknown held/shortfall are empty. */
void muster_table_rotation(const struct muster_rotation *rot, struct muster_table *t);
/* `muster whatif diff A B`: columns section, key, `name_a`, `name_b`, change. */
void muster_table_whatif_diff(const struct muster_whatif_diff *d, const char *name_a,
			      const char *name_b, enum muster_table_style st,
			      struct muster_table *t);
/* `muster history`: audit rows; DATA adds the record before and after (JSON text). */
void muster_table_history(const struct muster_audit_list *l, enum muster_table_style st,
			  struct muster_table *t);
/* "units 2 -> 3; to 2021-06-01 -> (empty)" between two JSON records (either NULL); caller frees. */
char *muster_audit_changed(const char *before, const char *after);
/* `muster user list`: name, role, nation, created (never a password or hash). */
void muster_table_users(const struct muster_user_list *l, struct muster_table *t);
/*
 * `muster fairshare --measure cost`: a row per participant of `fs`: nation,
 * key, share_pct (its fair share), paid (c by nation, of fs's mission),
 * paid_pct (of all paid for the mission), fair_paid (share x all paid),
 * excess_paid (paid above fair_paid) and burden (paid_pct / share_pct; the
 * style's unknown when the share is 0).
 */
void muster_table_fair_cost(const struct muster_fairshare *fs, const struct muster_cost *c,
			    enum muster_table_style st, struct muster_table *t);
/* `posture --cost`: from, to, nation|country|mission|total, person_days, cost
 * ("-" / empty when nothing in the row is priced), unpriced, currency. */
void muster_table_posture_cost(const struct muster_posture_cost *c, enum muster_table_style st,
			       struct muster_table *t);
/* `muster cost`: nation|mission|line|year, person_days, incurred, common, paid, unpriced,
 * and with a key: key, paid_pct_of_key (100 x paid / key; the style's unknown without a value)
 * (TEXT: a total row). */
void muster_table_cost(const struct muster_cost *c, enum muster_table_style st,
		       struct muster_table *t);

/*
 * What `muster source` summarises of a run: fill by priority, by nation,
 * and the assignments that substitute or override soft caveats.
 */
struct muster_priority_fill {
	size_t lines;		 /* the mission's lines of this priority (with days) */
	double required, filled; /* person-days; filled credits min(offered, required) per unit */
};
struct muster_nation_tally {
	const char *nation; /* borrowed from the run */
	size_t assignments;
	long units;
	long peak;	    /* the most people assigned at once */
	double person_days; /* personnel x days */
};
struct muster_run_summary {
	struct muster_priority_fill by_priority[6];	    /* [1..5]; [0] unused */
	MUSTER_ARRAY(struct muster_nation_tally) by_nation; /* by nation code */
	size_t substitutes;				    /* assignments filling as substitutes */
	size_t soft;			  /* assignments overriding soft caveats */
	struct muster_strlist overridden; /* the soft caveats overridden, each once */
};
/* Summarise `run` (lines from `sc`); `out` borrows from run; release it. */
void muster_run_summarize(const struct muster_scenario *sc, const struct muster_run *run,
			  struct muster_run_summary *out);
void muster_run_summary_release(struct muster_run_summary *s);

/* `muster source --format json`: the run summary, one compact object; "warnings"
 * (run->warnings, e.g. a budget not held) only when there are some. */
int muster_json_run(const struct muster_scenario *sc, const struct muster_run *run, char **out,
		    struct muster_error *err);
int muster_json_assignments(const struct muster_run *run, char **out, struct muster_error *err);
int muster_json_gaps(const struct muster_run *run, char **out, struct muster_error *err);
/* The server's totals beside a role's assignments (muster_table_line_totals as JSON). */
int muster_json_line_totals(const struct muster_line_totals *lt, char **out,
			    struct muster_error *err);
int muster_json_fairshare(const struct muster_fairshare *fs, char **out, struct muster_error *err);
/*
 * `muster runs --format json`: the runs of `l`, stale[i] and stale_by[i]
 * (muster_run_stale_by; `stale_by` may be NULL: 0) for l->items[i].
 */
int muster_json_runs(const struct muster_run_list *l, const bool *stale, const int64_t *stale_by,
		     char **out, struct muster_error *err);
int muster_json_tradeoff(const struct muster_tradeoff *tr, char **out, struct muster_error *err);
int muster_json_posture(const struct muster_posture *p, bool series, char **out,
			struct muster_error *err);
int muster_json_posture_diff(const struct muster_posture *p, bool swapped, char **out,
			     struct muster_error *err);
/* `muster posture --check --format json`: the breaches that pass `o` (NULL: all). */
int muster_json_breaches(const struct muster_breach_list *bl, const struct muster_posture_opts *o,
			 char **out, struct muster_error *err);
/* What `muster check` verified: the run's verdict and the posture's. */
struct muster_check_report {
	const struct muster_run *run;		       /* NULL: there is no run to check */
	const struct muster_violation_list *run_v;     /* the run's violations */
	const struct muster_check_scope *scope;	       /* what the posture check covered */
	const struct muster_violation_list *posture_v; /* the posture's breaches */
	bool strict;				       /* --strict: posture breaches fail too */
};
/* `muster check --format json`: {"run": ..., "posture": ..., "strict": ...}. */
int muster_json_check(const struct muster_check_report *r, char **out, struct muster_error *err);
int muster_json_rotation(const struct muster_rotation *rot, char **out, struct muster_error *err);
int muster_json_whatif_diff(const struct muster_whatif_diff *d, const char *name_a,
			    const char *name_b, char **out, struct muster_error *err);
/* `muster history --format json`: audit rows with the record before and after. */
int muster_json_history(const struct muster_audit_list *l, char **out, struct muster_error *err);
int muster_json_users(const struct muster_user_list *l, char **out, struct muster_error *err);
/* A record after an edit (add, set, rm, offer): entity, key, version, revision, record. */
int muster_json_record(const struct muster_record *r, char **out, struct muster_error *err);

/*
 * `muster fairshare --format svg`: a bar chart of each nation's fair share
 * and, with a run, the share it was sourced (a standalone SVG document,
 * texts escaped); 0 and *out for the caller to free.
 */
int muster_fairshare_svg(const struct muster_fairshare *fs, char **out, struct muster_error *err);

#endif /* MUSTER_H */
