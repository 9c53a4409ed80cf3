/*
 * scenario_write.c: writes a scenario as a folder of CSV files (DESIGN.md
 * section 3, contract) that muster_scenario_read_dir() reads back into the
 * same model.
 *
 * Key decisions:
 * - Every contract column, in the contract's order, each cell as the
 *   entity's description writes it (entity_row_csv, entity.c); rows in the
 *   order held in memory. Defaults are written explicitly (scope "all",
 *   hard "yes", priority 3, ...) except where an empty cell means something
 *   of its own: an open `to`, an empty `from`, a location that follows the
 *   mission's host. Key values take the shortest form that reads back to the
 *   same double, so export -> import -> export is byte-identical.
 * - Each file is built in memory and written whole to a temporary; only
 *   when every one is written are they all renamed into place (struct
 *   file_batch), so a failure leaves the folder as it was.
 * - A scenario file of the folder that this write would not replace (its
 *   table is empty, or its name differs in case) is refused by name unless
 *   forced; forced, it is removed after the new files are in place. So an
 *   export never silently deletes a file, and the folder never mixes old
 *   and new data.
 */
#include "csv_read.h"
#include "store.h"
#include "i18n.h"
#include "util.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The CSV columns of table `t` written for `sc`: all, but deployments.csv
 * without its last column, `category`, when no deployment has one (a
 * scenario with no category known is written as before categories).
 */
static size_t csv_columns(const struct muster_scenario *sc, enum scenario_table t,
			  const struct store_table *tb)
{
	size_t n = tb->csv->ncols;
	if (t != SC_DEPLOYMENTS)
		return n;
	assert(!strcmp(csv_schema_col(tb->csv, n - 1)->name, "category"));
	for (size_t i = 0; i < sc->deployments.nr; i++)
		if (sc->deployments.items[i].category)
			return n;
	return n - 1;
}

static int add_table(struct file_batch *b, const struct muster_scenario *sc, const char *dir,
		     enum scenario_table t, struct muster_error *err)
{
	size_t n = scenario_table_nr(sc, t);
	char *path = xstrfmt("%s/%s", dir, scenario_table_file(t));
	const struct store_table *tb = store_table_of(t);
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int rc = 0;
	if (!n)
		goto out;
	/* A FIFO or a device in place of a scenario file would be written into
	 * (or block) instead of replaced: the folder would not read back. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		rc = muster_error_set(err, MUSTER_EIO, _("cannot write '%s': not a regular file"),
				      path);
		goto out;
	}
	size_t ncols = csv_columns(sc, t, tb);
	for (size_t k = 0; k < ncols; k++) {
		if (k)
			strbuf_addch(&sb, ',');
		strbuf_addcsv(&sb, csv_schema_col(tb->csv, k)->name);
	}
	strbuf_addch(&sb, '\n');
	for (size_t i = 0; i < n; i++) {
		entity_row_csv(tb, tb->at(sc, i), ncols, &sb);
		strbuf_addch(&sb, '\n');
	}
	rc = file_batch_add(b, path, sb.buf, sb.len, err);
out:
	strbuf_release(&sb);
	free(path);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The files of `dir` named like a scenario file in any letter case that this
 * write would not replace: their table is empty, or their case differs from
 * the file written (both would be read, and refused as a pair).
 */
static int find_stale(const struct muster_scenario *sc, const char *dir,
		      struct muster_strlist *stale, struct muster_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	if (!d)
		return muster_error_set(err, MUSTER_EIO, _("cannot read '%s': %s"), dir,
					errstr(errno));
	while ((de = readdir(d))) {
		for (int t = 0; t < SC_NTABLES; t++) {
			const char *file = scenario_table_file((enum scenario_table)t);
			if (strcasecmp(de->d_name, file))
				continue;
			if (!scenario_table_nr(sc, (enum scenario_table)t) ||
			    strcmp(de->d_name, file))
				muster_strlist_push(stale, de->d_name);
		}
	}
	closedir(d);
	if (stale->nr)
		qsort(stale->items, stale->nr, sizeof(*stale->items), cmp_str);
	return 0;
}

/* Create `dir` if needed (*created says so); it must be a folder. */
static int make_dir(const char *dir, bool *created, struct muster_error *err)
{
	struct stat st;
	*created = mkdir(dir, 0777) == 0;
	if (!*created && errno != EEXIST)
		return muster_error_set(err, MUSTER_EIO, _("cannot create '%s': %s"), dir,
					errstr(errno));
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return muster_error_set(err, MUSTER_EIO, _("cannot write into '%s': not a folder"),
					dir);
	return 0;
}

/* Refuse to drop files silently: name them (the caller may force). */
static int refuse_stale(const char *dir, const struct muster_strlist *stale,
			struct muster_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < stale->nr; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", stale->items[i]);
	int rc = muster_error_set(
	    err, MUSTER_EEXIST,
	    _("'%s' holds scenario files that this export would not rewrite: %s"), dir, sb.buf);
	strbuf_release(&sb);
	return rc;
}

int muster_scenario_write_dir(const struct muster_scenario *sc, const char *dir,
			      struct muster_error *err)
{
	return muster_scenario_write_dir_flags(sc, dir, 0, err);
}

int muster_scenario_write_dir_flags(const struct muster_scenario *sc, const char *dir,
				    unsigned flags, struct muster_error *err)
{
	struct file_batch b = {0};
	struct muster_strlist stale = {0};
	bool created = false;
	int rc = make_dir(dir, &created, err);
	if (!rc)
		rc = find_stale(sc, dir, &stale, err);
	if (!rc && stale.nr && !(flags & MUSTER_WRITE_FORCE))
		rc = refuse_stale(dir, &stale, err);
	/* Every file whole in a temporary first: a failure leaves the folder
	 * as it was, never half new and half old. */
	for (int t = 0; t < SC_NTABLES && !rc; t++)
		rc = add_table(&b, sc, dir, (enum scenario_table)t, err);
	for (size_t i = 0; i < stale.nr && !rc; i++) {
		char *path = xstrfmt("%s/%s", dir, stale.items[i]);
		file_batch_remove(&b, path);
		free(path);
	}
	if (!rc)
		rc = file_batch_commit(&b, err);
	file_batch_release(&b);
	muster_strlist_release(&stale);
	if (rc && created)
		rmdir(dir);
	return rc;
}
