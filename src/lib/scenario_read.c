/*
 * scenario_read.c: reads a scenario folder (DESIGN.md section 3, contract)
 * into struct muster_scenario: the column schema of every file, the
 * conversion of cells into entities, and muster_scenario_read_dir().
 *
 * Key decisions:
 * - Each file is read by csv_read_file(); each row becomes one entity, and
 *   its source line goes into a side table (struct scenario_lines) that the
 *   cross-file checks use for their messages. A row with a bad cell is kept
 *   in memory (the caller releases the scenario on failure) so that the side
 *   table stays aligned, and flagged there: the checks of validate.c skip
 *   it, since its bad cells hold defaults.
 * - The cross-file checks run beside cell problems, so that one run reports
 *   both, unless a table that others refer to may be incomplete (a file cut
 *   short, a row dropped, a bad row among nations, missions, capabilities,
 *   requirement lines or caveats, a misnamed file): then every reference into
 *   it could be reported unknown, a cascade of false problems.
 * - Every problem of every file is collected (up to MUSTER_ERROR_MAX_DETAILS
 *   kept), then the error message counts them.
 * - File names match in any letter case: OFFERS.CSV silently ignored made
 *   `import --replace` wipe every offer. Two names of one table that differ
 *   only in case are an error, as is a *.csv file (any case) whose name is
 *   close to a contract file name ("offer.csv"): almost certainly a typo
 *   that would otherwise be silently ignored.
 * - Only regular files are read. A FIFO would block the read, and a folder
 *   or a dangling symlink would read as "no such table" (a dangling caps.csv
 *   meant "no caps"); each is an error naming what it is. The file is
 *   stat()ed before it is opened (opening a device may act) and opened
 *   non-blocking, then checked again.
 */
#include "csv_read.h"
#include "store.h"
#include "i18n.h"
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The files' columns are described once, in entity.c (scenario_schemas[]). */

const char *scenario_table_file(enum scenario_table t)
{
	return scenario_schemas[t].file;
}

const char *muster_scenario_file(size_t i)
{
	return i < SC_NTABLES ? scenario_schemas[i].file : NULL;
}

char *muster_scenario_summary(const struct muster_scenario *sc)
{
	struct strbuf sb = STRBUF_INIT;
	scenario_summary(sc, &sb);
	return strbuf_detach(&sb, NULL);
}

size_t scenario_table_nr(const struct muster_scenario *sc, enum scenario_table t)
{
	if ((unsigned)t >= SC_NTABLES)
		BUG("bad table %d", (int)t);
	return store_table_of(t)->count(sc);
}

/* Add "%zu nations" of table t, in the user's language (each noun its own plural). */
static void add_count(struct strbuf *sb, enum scenario_table t, size_t n)
{
	switch (t) {
	case SC_NATIONS:
		strbuf_addf(sb, P_("%zu nation", "%zu nations", n), n);
		return;
	case SC_KEYS:
		strbuf_addf(sb, P_("%zu key", "%zu keys", n), n);
		return;
	case SC_MISSIONS:
		strbuf_addf(sb, P_("%zu mission", "%zu missions", n), n);
		return;
	case SC_PHASES:
		strbuf_addf(sb, P_("%zu phase", "%zu phases", n), n);
		return;
	case SC_CAPABILITIES:
		strbuf_addf(sb, P_("%zu capability", "%zu capabilities", n), n);
		return;
	case SC_REQUIREMENTS:
		strbuf_addf(sb, P_("%zu line", "%zu lines", n), n);
		return;
	case SC_OFFERS:
		strbuf_addf(sb, P_("%zu offer", "%zu offers", n), n);
		return;
	case SC_CAVEATS:
		strbuf_addf(sb, P_("%zu caveat", "%zu caveats", n), n);
		return;
	case SC_CAPS:
		strbuf_addf(sb, P_("%zu cap", "%zu caps", n), n);
		return;
	case SC_DEPLOYMENTS:
		strbuf_addf(sb, P_("%zu deployment", "%zu deployments", n), n);
		return;
	case SC_COSTS:
		strbuf_addf(sb, P_("%zu cost rate", "%zu cost rates", n), n);
		return;
	case SC_FUNDING:
		strbuf_addf(sb, P_("%zu funding rule", "%zu funding rules", n), n);
		return;
	case SC_BUDGETS:
		strbuf_addf(sb, P_("%zu budget", "%zu budgets", n), n);
		return;
	case SC_NTABLES:
		break;
	}
	BUG("bad table %d", (int)t);
}

void scenario_summary(const struct muster_scenario *sc, struct strbuf *sb)
{
	size_t start = sb->len;
	for (int t = 0; t < SC_NTABLES; t++) {
		size_t n = scenario_table_nr(sc, (enum scenario_table)t);
		if (!n)
			continue;
		if (sb->len > start)
			strbuf_addstr(sb, ", ");
		add_count(sb, (enum scenario_table)t, n);
	}
	if (sb->len == start)
		strbuf_addstr(sb, _("nothing"));
}

void scenario_lines_release(struct scenario_lines *l)
{
	for (int t = 0; l && t < SC_NTABLES; t++)
		ARRAY_RELEASE(l->lines[t]);
}

static uint32_t raw_line(const struct scenario_lines *l, enum scenario_table t, size_t i)
{
	if (!l || i < l->base[t] || i - l->base[t] >= l->lines[t].nr)
		return 0;
	return l->lines[t].items[i - l->base[t]];
}

uint32_t scenario_line(const struct scenario_lines *l, enum scenario_table t, size_t i)
{
	return raw_line(l, t, i) & ~SCENARIO_LINE_BAD;
}

bool scenario_row_bad(const struct scenario_lines *l, enum scenario_table t, size_t i)
{
	return raw_line(l, t, i) & SCENARIO_LINE_BAD;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- rows ---- */

struct readctx {
	struct muster_scenario *sc;
	struct scenario_lines *lines;
	enum scenario_table table; /* of the file being read */
	struct muster_ctx *mctx;   /* the call's: cancel flag and progress, or NULL */
};

static void note_line(struct readctx *rc, enum scenario_table t, uint32_t line)
{
	ARRAY_PUSH(rc->lines->lines[t], line);
}

/* Convert one row; mark its entity when a cell of it was bad. */
static void row_dispatch(void *vctx, const struct csv_row *row, struct muster_error *err)
{
	struct readctx *rc = vctx;
	size_t before = csv_problems(err);
	entity_row_read(rc->sc, store_table_of(rc->table), row, err);
	note_line(rc, rc->table, row->line);
	if (csv_problems(err) != before && rc->lines->lines[rc->table].nr)
		rc->lines->lines[rc->table].items[rc->lines->lines[rc->table].nr - 1] |=
		    SCENARIO_LINE_BAD;
}

/* ---- the folder ---- */

/* A file name without its 4-byte extension, in lower case. */
static char *lower_stem(const char *name)
{
	char *stem = xstrndup(name, strlen(name) - 4);
	for (char *p = stem; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return stem;
}

/*
 * *.csv files (any case) whose name without .csv is close to a contract
 * file's but is none of them in any letter case: typos.
 */
static size_t check_stray_files(const char *dir, struct muster_error *err)
{
	static const char *const stems[SC_NTABLES] = {
	    "nations", "keys", "missions",    "phases", "capabilities", "requirements", "offers",
	    "caveats", "caps", "deployments", "costs",	"funding",	"budgets"};
	struct muster_strlist stray = {0};
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n_stray;
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (n < 5 || strcasecmp(de->d_name + n - 4, ".csv"))
			continue;
		char *stem = lower_stem(de->d_name);
		const char *near = closest_word(stem, stems, SC_NTABLES);
		if (near && strcmp(near, stem))
			muster_strlist_push(&stray, de->d_name);
		free(stem);
	}
	closedir(d);
	if (stray.nr)
		qsort(stray.items, stray.nr, sizeof(*stray.items), cmp_str);
	for (size_t i = 0; i < stray.nr; i++) {
		char *stem = lower_stem(stray.items[i]);
		muster_error_add(err, _("%s: unknown scenario file; did you mean '%s.csv'?"),
				 stray.items[i], closest_word(stem, stems, SC_NTABLES));
		free(stem);
	}
	n_stray = stray.nr;
	muster_strlist_release(&stray);
	return n_stray;
}

/* The entries of `dir` named like each contract file in any letter case, sorted. */
static int list_files(const char *dir, struct muster_strlist names[SC_NTABLES],
		      struct muster_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	if (!d)
		return muster_error_set(err, MUSTER_EIO, _("cannot read '%s': %s"), dir,
					errstr(errno));
	while ((de = readdir(d)))
		for (int t = 0; t < SC_NTABLES; t++)
			if (!strcasecmp(de->d_name, scenario_schemas[t].file))
				muster_strlist_push(&names[t], de->d_name);
	closedir(d);
	for (int t = 0; t < SC_NTABLES; t++)
		if (names[t].nr > 1)
			qsort(names[t].items, names[t].nr, sizeof(*names[t].items), cmp_str);
	return 0;
}

static const char *file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return _("a folder");
	if (S_ISFIFO(mode))
		return _("a FIFO (named pipe)");
	if (S_ISSOCK(mode))
		return _("a socket");
	return _("a device");
}

/*
 * Open DIR/NAME for reading: 0 with *fd set; 1 after adding a problem when
 * it is no regular file (a FIFO would block the read, a folder or a dangling
 * symlink would read as "no such table"); MUSTER_EIO when it cannot be read.
 * Nothing but a regular file is ever opened (opening a device may act); the
 * open is non-blocking and checked again, in case the entry was swapped.
 */
static int open_file(const char *dir, const char *name, int *fd, struct muster_error *err)
{
	char *path = xstrfmt("%s/%s", dir, name);
	struct stat st;
	int rc = 0;
	*fd = -1;
	if (stat(path, &st) < 0) {
		if (errno == ENOENT && lstat(path, &st) == 0) {
			muster_error_add(
			    err, _("%s: expected a regular file, got a symbolic link to nothing"),
			    name);
			rc = 1;
		} else {
			rc = muster_error_set(err, MUSTER_EIO, _("cannot read '%s': %s"), path,
					      errstr(errno));
		}
		goto out;
	}
	if (S_ISREG(st.st_mode)) {
		*fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (*fd < 0 || fstat(*fd, &st) < 0 ||
		    (S_ISREG(st.st_mode) &&
		     fcntl(*fd, F_SETFL, fcntl(*fd, F_GETFL) & ~O_NONBLOCK) < 0)) {
			rc = muster_error_set(err, MUSTER_EIO, _("cannot read '%s': %s"), path,
					      errstr(errno));
			goto out;
		}
	}
	if (!S_ISREG(st.st_mode)) {
		muster_error_add(err, _("%s: expected a regular file, got %s"), name,
				 file_kind(st.st_mode));
		rc = 1;
	}
out:
	if (rc && *fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	free(path);
	return rc;
}

/* Read the one file of table `t`, named `name`; *whole as csv_read_fd's complete. */
static int read_one(struct readctx *rc, const char *dir, const char *name, struct muster_error *err,
		    bool *whole)
{
	struct csv_schema shown = scenario_schemas[rc->table];
	int fd, r = open_file(dir, name, &fd, err);
	*whole = false;
	if (r)
		return r < 0 ? r : 0;
	char *path = xstrfmt("%s/%s", dir, name);
	shown.file = name; /* messages name the file as it is spelt */
	r = csv_read_fd(fd, path, &shown, row_dispatch, rc, rc->mctx, err, NULL, whole);
	close(fd);
	free(path);
	return r;
}

/*
 * Read every contract file present, its name matched in any letter case;
 * *found counts them, *complete tells whether every row of every file
 * became an entity.
 */
static int read_files(struct muster_scenario *sc, const char *dir, struct scenario_lines *lines,
		      struct muster_ctx *mctx, struct muster_error *err, int *found, bool *complete)
{
	struct readctx rc = {sc, lines, SC_NATIONS, mctx};
	struct muster_strlist names[SC_NTABLES] = {{0}};
	int rc_io = list_files(dir, names, err);
	*found = 0;
	*complete = true;
	for (int t = 0; t < SC_NTABLES && !rc_io; t++) {
		bool whole = true;
		rc.table = (enum scenario_table)t;
		if (names[t].nr > 1) {
			struct strbuf sb = STRBUF_INIT;
			for (size_t i = 0; i < names[t].nr; i++)
				strbuf_addf(&sb, "%s%s", i ? ", " : "", names[t].items[i]);
			muster_error_add(
			    err,
			    _("%s: %zu files for one table, their names differ only in "
			      "letter case; keep one"),
			    sb.buf, names[t].nr);
			strbuf_release(&sb);
			whole = false;
		} else if (names[t].nr == 1) {
			rc_io = read_one(&rc, dir, names[t].items[0], err, &whole);
		}
		*found += names[t].nr > 0;
		*complete = *complete && whole;
	}
	for (int t = 0; t < SC_NTABLES; t++)
		muster_strlist_release(&names[t]);
	return rc_io;
}

/* No row with a bad cell in a table that other tables refer to. */
static bool targets_whole(const struct muster_scenario *sc, const struct scenario_lines *l)
{
	static const enum scenario_table targets[] = {SC_NATIONS, SC_MISSIONS, SC_CAPABILITIES,
						      SC_REQUIREMENTS, SC_CAVEATS};
	for (size_t k = 0; k < ARRAY_SIZE(targets); k++)
		for (size_t i = 0; i < scenario_table_nr(sc, targets[k]); i++)
			if (scenario_row_bad(l, targets[k], i))
				return false;
	return true;
}

int muster_scenario_read_dir(struct muster_scenario *sc, const char *dir, struct muster_error *err)
{
	return scenario_read_dir(sc, dir, true, NULL, err);
}

int muster_scenario_read_dir_opts(struct muster_scenario *sc, const char *dir,
				  const struct muster_read_opts *opts, struct muster_error *err)
{
	static const struct muster_read_opts none = {0};
	const struct muster_read_opts *o = opts ? opts : &none;
	return scenario_read_dir(sc, dir, !o->no_references, o->ctx, err);
}

int scenario_read_dir(struct muster_scenario *sc, const char *dir, bool check,
		      struct muster_ctx *mctx, struct muster_error *err)
{
	struct muster_error local = {0};
	struct muster_error *e = err ? err : &local;
	struct scenario_lines lines = {0};
	struct stat st;
	bool complete;
	int found, rc = 0;

	if (stat(dir, &st) < 0) {
		rc = muster_error_set(e, MUSTER_ENOENT, _("scenario folder '%s': %s"), dir,
				      errno == ENOENT ? _("does not exist") : errstr(errno));
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		rc = muster_error_set(e, MUSTER_ENOENT, _("scenario folder '%s': not a folder"),
				      dir);
		goto out;
	}
	for (int t = 0; t < SC_NTABLES; t++)
		lines.base[t] = scenario_table_nr(sc, (enum scenario_table)t);
	size_t before = csv_problems(e);
	size_t stray = check_stray_files(dir, e);
	rc = read_files(sc, dir, &lines, mctx, e, &found, &complete);
	if (rc < 0)
		goto out;
	if (!found && csv_problems(e) == before) {
		rc = muster_error_set(e, MUSTER_ENOENT,
				      _("'%s' holds no scenario files (nations.csv, missions.csv, "
					"offers.csv, ...)"),
				      dir);
		goto out;
	}
	/* With a file cut short or a row dropped, references into it would
	 * cascade into spurious "unknown" problems: check only whole reads.
	 * Rows with a bad cell are skipped by the checks (flagged). */
	if (csv_problems(e) == before || (complete && !stray && targets_whole(sc, &lines)))
		scenario_check(sc, &lines, check, e);
	size_t n = csv_problems(e) - before;
	if (n)
		rc = muster_error_set(
		    e, MUSTER_EINVAL,
		    P_("scenario '%s' has %zu problem", "scenario '%s' has %zu problems", n), dir,
		    n);
out:
	scenario_lines_release(&lines);
	muster_error_release(&local);
	return rc;
}
