/*
 * csv_read.h: internal interface of the scenario CSV reader (csv_read.c), the
 * scenario folder reader (scenario_read.c) and the checks (validate.c).
 *
 * csv_read_file() streams one CSV file through libcsv, maps its header onto a
 * schema (columns by name, in any order) and hands each data row to a
 * callback with the cells in schema order. Problems become error details of
 * the form "file:line: column 'name': expected <what>, got '<value>'".
 */
#ifndef MUSTER_CSV_READ_H
#define MUSTER_CSV_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "muster.h"

/* The longest cell accepted (bytes); a longer one is an error. */
#define CSV_FIELD_MAX (1024 * 1024)
/* Values quoted in messages are cut to about this many bytes. */
#define CSV_SHOW_MAX 40

struct csv_column {
	const char *name;
	bool required;
};

struct csv_schema {
	const char *file; /* "offers.csv" */
	const struct csv_column *cols;
	size_t ncols;
	/*
	 * Bytes from one column to the next; 0 is sizeof(struct csv_column).
	 * The scenario's schemas point into the entity descriptors
	 * (store_tables[], entity.c), where each struct store_col begins with
	 * its struct csv_column. Read columns through csv_schema_col().
	 */
	size_t stride;
	/* Columns of the file not in the schema are passed over, not an error. */
	bool other_columns;
};

/* Column `k` of schema `s`. */
static inline const struct csv_column *csv_schema_col(const struct csv_schema *s, size_t k)
{
	size_t stride = s->stride ? s->stride : sizeof(struct csv_column);
	return (const struct csv_column *)(const void *)((const char *)s->cols + k * stride);
}

/* One data row, valid for the duration of the callback. */
struct csv_row {
	const struct csv_schema *schema;
	uint32_t line;		  /* 1-based line where the record starts */
	const char *const *cells; /* schema order; "" when empty or the column is absent */
	const bool *present;	  /* present[i]: column i is in the file's header */
};

/* Called once per data row; reports problems with csv_problem(). */
typedef void (*csv_row_fn)(void *ctx, const struct csv_row *row, struct muster_error *err);

/*
 * Read `path` (displayed as schema->file) and call `fn` for each data row.
 * Problems are added to `err` (must not be NULL) as details; the function
 * keeps going after bad cells but stops at a problem that makes the rest
 * unreadable (bad header, broken quoting, an over-long cell).
 * Returns 0 when the file was read to the end (there may still be details),
 * MUSTER_EIO when it could not be read (err->msg set), MUSTER_EINTR when
 * interrupted. `rows` (may be NULL) receives the number of data rows seen.
 */
int csv_read_file(const char *path, const struct csv_schema *schema, csv_row_fn fn, void *ctx,
		  struct muster_error *err, size_t *rows);
/*
 * csv_read_file() that also sets `complete` (may be NULL) when every data
 * row reached `fn` (nothing skipped for broken UTF-8, a wrong cell count or
 * a stop).
 */
int csv_read_file_ex(const char *path, const struct csv_schema *schema, csv_row_fn fn, void *ctx,
		     struct muster_error *err, size_t *rows, bool *complete);
/*
 * csv_read_file() with the call's context `mctx` (borrowed, may be NULL):
 * MUSTER_EINTR once its cancel flag is set, progress for files over 8 MiB.
 * csv_read_file() and csv_read_file_ex() run with none.
 */
int csv_read_file_ctx(const char *path, const struct csv_schema *schema, csv_row_fn fn, void *ctx,
		      struct muster_ctx *mctx, struct muster_error *err, size_t *rows);

/*
 * csv_read_file_ex() on the open file `fd` (left open; `path` names it in
 * I/O errors), for a caller that opened and checked it itself, with the
 * context `mctx` as csv_read_file_ctx().
 */
int csv_read_fd(int fd, const char *path, const struct csv_schema *schema, csv_row_fn fn, void *ctx,
		struct muster_ctx *mctx, struct muster_error *err, size_t *rows, bool *complete);

/* The number of problems recorded in `err` (kept and dropped details). */
size_t csv_problems(const struct muster_error *err);

/*
 * Append `v` to `sb` for a message, safe on a terminal: control bytes (C0
 * and C1) and bytes that are not valid UTF-8 escaped, cut after ~40 bytes.
 */
struct strbuf;
void csv_show_value(struct strbuf *sb, const char *v);

/*
 * Add "file:line: column 'col': expected <what>, got '<value>'" to err.
 * col may be NULL (no column part).
 */
void csv_bad_cell(struct muster_error *err, const char *file, uint32_t line, const char *col,
		  const char *what, const char *value);

/* ---- the scenario's tables and the source line of each entity ---------- */

enum scenario_table {
	SC_NATIONS,
	SC_KEYS,
	SC_MISSIONS,
	SC_PHASES,
	SC_CAPABILITIES,
	SC_REQUIREMENTS,
	SC_OFFERS,
	SC_CAVEATS,
	SC_CAPS,
	SC_DEPLOYMENTS,
	SC_COSTS,
	SC_FUNDING,
	SC_BUDGETS,
	SC_NTABLES
};

/* The contract's columns of each file, in the contract's order (scenario_read.c). */
extern const struct csv_schema scenario_schemas[SC_NTABLES];
/* File name of a table ("offers.csv"); static. */
const char *scenario_table_file(enum scenario_table t);
/* Number of entities in table `t` of `sc`. */
size_t scenario_table_nr(const struct muster_scenario *sc, enum scenario_table t);
/* Append "14 nations, 1 mission, ..." (non-empty tables only, else "nothing"). */
void scenario_summary(const struct muster_scenario *sc, struct strbuf *sb);

/*
 * Source line numbers of the entities read from a folder, kept beside the
 * public structs: entity i of table t came from line
 * lines[t].items[i - base[t]] (0 when unknown: it was in `sc` before).
 */
struct scenario_lines {
	size_t base[SC_NTABLES];
	struct {
		uint32_t *items;
		size_t nr, alloc;
	} lines[SC_NTABLES];
};

void scenario_lines_release(struct scenario_lines *l);
/* The line entity `i` of table `t` came from, or 0. `l` may be NULL. */
uint32_t scenario_line(const struct scenario_lines *l, enum scenario_table t, size_t i);
/* Whether the row of entity `i` had a bad cell (its checks are skipped). */
bool scenario_row_bad(const struct scenario_lines *l, enum scenario_table t, size_t i);
/* Kept in the line numbers' top bit. */
#define SCENARIO_LINE_BAD 0x80000000u

/*
 * The checks of muster_scenario_validate(), with line numbers when `lines`
 * is not NULL; `refs` false leaves out every reference to another entity
 * (for a folder merged into a database). Adds details to `err` (must not be
 * NULL); returns the number of problems found.
 */
size_t scenario_check(const struct muster_scenario *sc, const struct scenario_lines *lines,
		      bool refs, struct muster_error *err);

/*
 * muster_scenario_read_dir() with the reference checks optional: a folder
 * merged into a database may refer to what the database holds, so with
 * `check` false only the checks that need the folder alone run (duplicate
 * ids, dates, phases, counts) and the store checks the union's references.
 * Same errors otherwise.
 */
int scenario_read_dir(struct muster_scenario *sc, const char *dir, bool check,
		      struct muster_ctx *mctx, struct muster_error *err);

/*
 * The cells of entity `i` of table `t`, as the CSV writer writes them, in
 * the contract's column order (scenario_schemas[t]), appended to `cells`.
 */
void scenario_row_cells(const struct muster_scenario *sc, enum scenario_table t, size_t i,
			struct muster_strlist *cells);
/*
 * Convert one row of cells (scenario_schemas[t] order, "" for empty) as the
 * CSV reader converts a line of the file, appending the entity to `sc`
 * (also when a cell is bad: the caller releases it). Problems become
 * details "PLACE: column 'units': expected ..., got '...'". Returns the
 * number of problems.
 */
size_t scenario_row_parse(struct muster_scenario *sc, enum scenario_table t,
			  const char *const *cells, const char *place, struct muster_error *err);

#endif
