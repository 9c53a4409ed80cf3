/*
 * cli.h: what every `muster` subcommand shares: the command table entry, the
 * global context (database, what-if scenario), output formats and the table
 * printer. One cmd-<name>.c per subcommand defines one const struct cmd_entry.
 */
#ifndef MUSTER_CLI_H
#define MUSTER_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <libintl.h>

#include "muster.h"

/*
 * Text for people goes through gettext (po/fr.po): _("...") translates,
 * N_("...") marks a string kept in a table and translated where printed,
 * P_("%d cap", "%d caps", n) picks the plural form for n (never a "%s" suffix),
 * NC_("context", "...") marks a string translated in that context (msgctxt;
 * table.c looks the table headers up so).
 * Machine formats (CSV/JSON names, reason codes, dates) are never translated.
 */
#define _(s)	    dgettext("muster", s)
#define N_(s)	    s
#define NC_(c, s)   s
#define P_(s, p, n) dngettext("muster", s, p, n)

struct cli {
	const char *db_path;  /* --db, else $MUSTER_DB, else ./muster.db */
	const char *whatif;   /* --scenario NAME, NULL for the base */
	struct muster_db *db; /* opened on first use by cli_db() */
	bool tty;	      /* stdout is a terminal */
	/* The run's cancel flag (set by SIGINT/SIGTERM) and progress hook,
	 * given to every long library call (muster_db_set_ctx, the opts). */
	struct muster_ctx ctx;
	const char *as; /* --as NAME, NULL for the local admin */
	/*
	 * Who runs the command: the user --as names (resolved before the
	 * command runs), else the local admin. The access policy applies.
	 */
	struct muster_actor actor;
	/* who the history records: --as NAME, else the operating-system user */
	const char *audit_actor;
	const char *as_of; /* --as-of TIME|rREV: read the scenario as it was then */
	int64_t as_of_rev; /* the revision --as-of read (set by cli_load), else 0 */
};

struct cmd_entry {
	const char *name;
	const char *summary; /* one line for `muster --help` */
	const char *usage;   /* full help text for `muster help CMD` */
	/* argv[0] is the command name; returns an exit code (0, 1, 2). */
	int (*exec)(struct cli *cli, int argc, char **argv);
	/*
	 * The command applies the access policy itself: the record commands
	 * (muster_db_edit), show, runs, user, and the read commands that
	 * reduce what they computed with muster_view_* (history, check,
	 * posture, fairshare, rotation, whatif diff). Every other command is
	 * refused to an actor who is not a planner or admin (main.c): fail
	 * closed until a command filters what it reads and checks what it
	 * writes.
	 */
	bool applies_policy;
};

/* The command table (commands.c). */
extern const struct cmd_entry *const cmd_table[];
extern const size_t cmd_table_nr;

/*
 * Open the existing database on first use; on failure (it does not exist,
 * among others) print the error and return NULL (the command then returns 1).
 * Never creates a database.
 */
struct muster_db *cli_db(struct cli *cli);
/* cli_db() that creates the database when needed: init and import only. */
struct muster_db *cli_db_create(struct cli *cli);
/*
 * Load the scenario (base, or the --scenario what-if); prints errors. 0 or 1.
 * A database that holds no scenario at all is an error.
 */
int cli_load(struct cli *cli, struct muster_scenario *sc);
/* cli_load, with the scenario revision read in the same snapshot. */
int cli_load_rev(struct cli *cli, struct muster_scenario *sc, int64_t *revision);

/*
 * Refuse to write `path` when it is the database or one of its files (see
 * muster_db_check_output): prints the error and returns 1, else 0. Call it
 * for every output path once the database is open, before writing anything.
 */
int cli_check_output(struct cli *cli, const char *path);
/* cli_check_output() for DIR/FILE. */
int cli_check_output_in(struct cli *cli, const char *dir, const char *file);

/*
 * The sourcing run a command reads. With id > 0, that run: an error when
 * there is none, when it was sourced from another scenario than the one in
 * use (--scenario), or for another mission than `mission` (a run over all
 * missions serves every mission). With id 0, the latest run of the scenario
 * in use covering `mission` (NULL: any), if there is one. Returns 0 with
 * *have set, or an exit code after printing the error.
 */
int cli_run(struct cli *cli, int64_t id, const char *mission, struct muster_run *run, bool *have);
/*
 * Whether a run read from the store is stale (its scenario changed since it
 * was solved); with `warn` (as cli_run does) it prints "warning: run N is
 * stale: solved on revision A, the scenario is now at revision B" on stderr.
 * False when the revision cannot be read.
 */
bool cli_run_stale(struct cli *cli, const struct muster_run *run, bool warn);
/*
 * muster_run_stale_text for a stored run as this command reads it (against
 * the revision --as-of reads, if given), or NULL when it is fresh; the
 * caller frees it.
 */
char *cli_run_stale_text(struct cli *cli, const struct muster_run *run);
/* Whether the actor reads everything (a planner or an admin, or no --as). */
bool cli_sees_all(const struct cli *cli);
/*
 * Refuse (exit 1, "user 'jean' (liaison of CAN) may not WHAT (only planners
 * and admins may)") unless cli_sees_all; 0 when allowed.
 */
int cli_planner_only(const struct cli *cli, const char *what);
/* Parse the value of --run: a run id >= 1, or "latest" (0); prints a usage error (2). */
int cli_parse_run(const char *cmd, const char *arg, int64_t *id);

/*
 * Resolve the code of a filter in place (muster_code_resolve): *code becomes
 * the canonical code, borrowed from `sc` or the reference table, so that
 * `--nation usa` means USA. An unknown code prints "muster: unknown nation
 * 'XYZ'" with the suggestion, or a hint where to look, and returns 1.
 * Returns 0 when *code is NULL (no filter) or resolved.
 */
int cli_code(const struct muster_scenario *sc, enum muster_code_kind kind, const char **code);
/*
 * Parse the value of option `--opt` of `cmd` as a finite number within
 * [min, max] (above min when `open_min`): the one way the CLI reads a
 * floating-point option, so that no inf, nan or absurd magnitude (1e308)
 * reaches the solvers or the store. On error prints "muster CMD: option
 * '--opt': expected WHAT, got 'ARG'" and returns 2.
 */
int cli_parse_double(const char *cmd, const char *opt, const char *arg, double min, double max,
		     bool open_min, const char *what, double *out);

/* Print `err` to stderr as "muster: msg" plus its details; returns the exit code. */
int cli_error(const struct muster_error *err);
/* Print "muster: <fmt>" to stderr; returns 1. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "muster CMD: <fmt>" and a usage hint to stderr; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * The translation of `msgid` in `context` (the msgctxt of an NC_ entry), or
 * msgid itself; borrowed (the catalogue's or the argument).
 */
const char *cli_pgettext(const char *context, const char *msgid);
/*
 * A run's solver code ("exact", "fast"; NULL "?") as people read it: the
 * word of the language (French "rapide"); a code it does not know as it is.
 * JSON and CSV keep the code.
 */
const char *cli_solver_text(const char *solver);
/*
 * Messages of the library in English from now on (LC_MESSAGES "C": gettext
 * then translates nothing), for text that ends up in machine output; returns
 * the setting to give cli_messages_restore (which frees it; NULL: nothing).
 */
char *cli_messages_english(void);
void cli_messages_restore(char *saved);
/* Exit code for a status: 0 ok, 2 usage, 1 otherwise. */
int cli_exit_code(int status);

/*
 * The record edit commands (add, set, rm, offer): run `e` with the CLI's
 * actor and print the record after the change with its version in format
 * `f`, or the error (with a hint for a conflict). Returns the exit code.
 */
struct muster_edit;
int cli_edit(struct cli *cli, const char *cmd, struct muster_edit *e, int format);
/*
 * Parse the options shared by the edit commands from argv (getopt_long):
 * --reason TEXT, --if-version N (when `if_version` is not NULL), --format
 * table|json|csv; the FIELD=VALUE and other operands are left in
 * argv[optind..]. Returns -1 to go on, else an exit code (help printed: 0,
 * usage error: 2).
 */
int cli_edit_options(const char *cmd, const char *usage, int argc, char **argv, const char **reason,
		     int64_t *if_version, int *format, const char **on);

/* Output formats of reports. */
enum cli_format { CLI_TABLE = 0, CLI_CSV, CLI_JSON, CLI_SVG, CLI_HTML, CLI_XLSX };
/*
 * The formats of every tabular command: text, CSV, JSON and a workbook
 * (--format xlsx, on stdout, never a terminal): wherever CSV is, xlsx is.
 */
#define CLI_TABULAR	 (1u << CLI_TABLE | 1u << CLI_CSV | 1u << CLI_JSON | 1u << CLI_XLSX)
#define CLI_TABULAR_XLSX CLI_TABULAR
/* Parse a --format value among those `allowed` (a mask of 1 << format); prints on error. */
int cli_parse_format(const char *cmd, const char *s, unsigned allowed, enum cli_format *out);
/*
 * A comma-separated list of names (no empty ones) as a new NULL-terminated
 * array in *out, *n names; 0 or the usage error's exit code.
 */
int cli_parse_names(const char *cmd, const char *opt, const char *arg, char ***out, size_t *n);

/*
 * Print a result table (struct muster_table, muster.h) as aligned text
 * (numbers right-aligned), CSV or JSON (muster_json_table), with a final
 * newline. A JSON error (a text that is not UTF-8) is printed and gives 1.
 */
int table_print(const struct muster_table *t, enum cli_format f, FILE *out);
/*
 * --locale-numbers: from now on table_print's aligned text writes the numbers
 * of numeric columns in the language's format (cli_number_text); CSV, JSON
 * and xlsx never change.
 */
void cli_table_locale_numbers(bool on);
/*
 * The number `s` (a cell: [+-]digits[.digits]) for people under
 * --locale-numbers: digits grouped by three and the language's decimal mark
 * ("12,345.6"; French "12 345,6" with a no-break space), written into buf;
 * returns buf, or `s` itself when the option is off, `s` is not such a
 * number ("-", "inf", "1:2", an id) or buf is too small.
 */
const char *cli_number_text(const char *s, char *buf, size_t size);
/*
 * Print the JSON text *out of a muster_json_*() writer that returned `rc`
 * (called as this function's first argument), a newline, and free it; or
 * print its error. Returns 0 or 1.
 */
int cli_print_json(int rc, char **out, struct muster_error *err);
/*
 * The table as an .xlsx workbook on `out` (src/cli/xlsx.c); table_print does
 * it for CLI_XLSX. 0, or 1 with the message printed.
 */
int table_print_xlsx(const struct muster_table *t, FILE *out);
/*
 * A workbook of n sheets (names[i], cut to 31 characters; t[i]), each as
 * table_print_xlsx writes one, as bytes in *data (caller frees), *len long.
 * 0, or -1 with the message printed.
 */
int xlsx_book(const struct muster_table *const *t, const char *const *names, size_t n, char **data,
	      size_t *len);

#endif
