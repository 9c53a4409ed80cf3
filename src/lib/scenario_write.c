/*
 * scenario_write.c: writes a scenario as a folder of CSV files (DESIGN.md
 * section 3, contract) that muster_scenario_read_dir() reads back into the
 * same model.
 *
 * Key decisions:
 * - Every contract column, in the contract's order (the schemas of
 *   scenario_read.c); rows in the order held in memory. Defaults are written
 *   explicitly (scope "all", hard "yes", priority 3, ...) except where an
 *   empty cell means something of its own: an open `to`, an empty `from`, a
 *   location that follows the mission's host.
 * - Numbers: whole numbers as is; key values in the shortest form that
 *   reads back to the same double, so export -> import -> export is
 *   byte-identical.
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
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct out {
	struct strbuf sb;
	bool first;		      /* no cell yet on this row */
	struct muster_strlist *cells; /* not NULL: collect the cells here instead */
	bool no_category;	      /* deployments.csv without its `category` column */
};

static void cell_str(struct out *o, const char *s)
{
	if (o->cells) {
		muster_strlist_push(o->cells, s ? s : "");
		return;
	}
	if (!o->first)
		strbuf_addch(&o->sb, ',');
	o->first = false;
	strbuf_addcsv(&o->sb, s ? s : "");
}

static void cell_long(struct out *o, long v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%ld", v);
	cell_str(o, buf);
}

static void cell_date(struct out *o, int32_t d)
{
	char buf[11];
	muster_date_format(d, buf);
	cell_str(o, buf);
}

static void cell_list(struct out *o, const struct muster_strlist *l)
{
	char *s = muster_strlist_join(l, ';');
	cell_str(o, s);
	free(s);
}

static void cell_double(struct out *o, double v)
{
	char buf[40];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	cell_str(o, buf);
}

static void end_row(struct out *o)
{
	if (o->cells)
		return;
	strbuf_addch(&o->sb, '\n');
	o->first = true;
}

static void header(struct out *o, enum scenario_table t)
{
	const struct csv_schema *s = &scenario_schemas[t];
	for (size_t k = 0; k < s->ncols; k++)
		if (!(o->no_category && t == SC_DEPLOYMENTS &&
		      !strcmp(s->cols[k].name, "category")))
			cell_str(o, s->cols[k].name);
	end_row(o);
}

static void write_row(struct out *o, const struct muster_scenario *sc, enum scenario_table t,
		      size_t i);

static void rows_nations_keys_missions(struct out *o, const struct muster_scenario *sc,
				       enum scenario_table t, size_t i)
{
	if (t == SC_NATIONS) {
		const struct muster_nation *n = &sc->nations.items[i];
		cell_str(o, n->code);
		cell_str(o, n->name);
		cell_str(o, n->region);
		cell_list(o, &n->memberships);
	} else if (t == SC_KEYS) {
		const struct muster_key *k = &sc->keys.items[i];
		cell_str(o, k->key);
		cell_str(o, k->nation);
		cell_double(o, k->value);
	} else {
		const struct muster_mission *m = &sc->missions.items[i];
		cell_str(o, m->code);
		cell_str(o, m->name);
		cell_str(o, m->organization);
		cell_str(o, m->host);
		cell_date(o, m->from);
		cell_date(o, m->to);
	}
}

static void row_phase(struct out *o, const struct muster_phase *p)
{
	cell_str(o, p->mission);
	cell_str(o, p->phase);
	cell_date(o, p->from);
	cell_date(o, p->to);
	cell_long(o, p->ceiling);
	cell_str(o, p->scope == MUSTER_SCOPE_IN_HOST ? "in-host" : "all");
	cell_str(o, p->status == MUSTER_PHASE_REQUESTED ? "requested" : "approved");
}

static void row_requirement(struct out *o, const struct muster_requirement *r)
{
	cell_str(o, r->mission);
	cell_str(o, r->line);
	cell_str(o, r->capability);
	cell_long(o, r->units);
	cell_long(o, r->personnel);
	cell_str(o, r->location);
	cell_date(o, r->from);
	cell_date(o, r->to);
	cell_long(o, r->priority);
	cell_long(o, r->min_readiness);
	cell_list(o, &r->tasks);
}

static void row_offer(struct out *o, const struct muster_offer *f)
{
	static const char *const statuses[] = {"offered", "accepted", "withdrawn"};
	cell_str(o, f->id);
	cell_str(o, f->nation);
	cell_str(o, f->capability);
	cell_long(o, f->units);
	cell_long(o, f->personnel);
	cell_date(o, f->from);
	cell_date(o, f->to);
	cell_long(o, f->readiness);
	cell_str(o, f->mission);
	cell_str(o, f->line);
	cell_list(o, &f->caveats);
	cell_str(o, (unsigned)f->status < 3 ? statuses[f->status] : "offered");
	if (f->pool.known)
		cell_long(o, f->pool.value);
	else
		cell_str(o, NULL); /* not stated */
}

static void row_caveat(struct out *o, const struct muster_caveat *c)
{
	static const char *const kinds[] = {"only-countries", "not-countries", "no-tasks",
					    "only-missions", "max-days"};
	cell_str(o, c->id);
	cell_str(o, c->nation);
	cell_str(o, (unsigned)c->kind < 5 ? kinds[c->kind] : "");
	if (c->kind == MUSTER_CAVEAT_MAX_DAYS)
		cell_long(o, c->days);
	else
		cell_list(o, &c->values);
	cell_str(o, c->hard ? "yes" : "no");
}

static void row_cap(struct out *o, const struct muster_cap *c)
{
	cell_str(o, c->id);
	cell_str(o, c->nation);
	cell_str(o, c->country);
	cell_long(o, c->limit);
	cell_date(o, c->from);
	cell_date(o, c->to);
	cell_str(o, c->note);
}

static void row_deployment(struct out *o, const struct muster_deployment *d)
{
	static const char *const kinds[] = {"permanent", "rotational", "temporary", "support"};
	cell_str(o, d->id);
	cell_str(o, d->nation);
	cell_str(o, d->country);
	cell_str(o, d->mission);
	cell_long(o, d->personnel);
	cell_date(o, d->from);
	cell_date(o, d->to);
	cell_str(o, (unsigned)d->kind < 4 ? kinds[d->kind] : "permanent");
	cell_str(o, d->counts_against_cap ? "yes" : "no");
	cell_str(o, d->source);
	if (!o->no_category)
		cell_str(o, d->category);
}

static void write_row(struct out *o, const struct muster_scenario *sc, enum scenario_table t,
		      size_t i)
{
	switch (t) {
	case SC_NATIONS:
	case SC_KEYS:
	case SC_MISSIONS:
		rows_nations_keys_missions(o, sc, t, i);
		break;
	case SC_PHASES:
		row_phase(o, &sc->phases.items[i]);
		break;
	case SC_CAPABILITIES:
		cell_str(o, sc->capabilities.items[i].code);
		cell_str(o, sc->capabilities.items[i].name);
		cell_list(o, &sc->capabilities.items[i].substitutes);
		break;
	case SC_REQUIREMENTS:
		row_requirement(o, &sc->requirements.items[i]);
		break;
	case SC_OFFERS:
		row_offer(o, &sc->offers.items[i]);
		break;
	case SC_CAVEATS:
		row_caveat(o, &sc->caveats.items[i]);
		break;
	case SC_CAPS:
		row_cap(o, &sc->caps.items[i]);
		break;
	case SC_DEPLOYMENTS:
		row_deployment(o, &sc->deployments.items[i]);
		break;
	case SC_NTABLES:
		BUG("bad table");
	}
	end_row(o);
}

/* Add table `t`'s file to the batch when the table has rows. */
void scenario_row_cells(const struct muster_scenario *sc, enum scenario_table t, size_t i,
			struct muster_strlist *cells)
{
	struct out o = {STRBUF_INIT, true, cells, false};
	write_row(&o, sc, t, i);
}

static int add_table(struct file_batch *b, const struct muster_scenario *sc, const char *dir,
		     enum scenario_table t, struct muster_error *err)
{
	size_t n = scenario_table_nr(sc, t);
	char *path = xstrfmt("%s/%s", dir, scenario_table_file(t));
	struct out o = {STRBUF_INIT, true, NULL, false};
	struct stat st;
	int rc = 0;
	if (!n)
		goto out;
	/* A FIFO or a device in place of a scenario file would be written into
	 * (or block) instead of replaced: the folder would not read back. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		rc = muster_error_set(err, MUSTER_EIO, "cannot write '%s': not a regular file",
				      path);
		goto out;
	}
	/* a scenario with no category known is written as before categories */
	o.no_category = t == SC_DEPLOYMENTS;
	for (size_t i = 0; o.no_category && i < n; i++)
		o.no_category = !sc->deployments.items[i].category;
	header(&o, t);
	for (size_t i = 0; i < n; i++)
		write_row(&o, sc, t, i);
	rc = file_batch_add(b, path, o.sb.buf, o.sb.len, err);
out:
	strbuf_release(&o.sb);
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
		return muster_error_set(err, MUSTER_EIO, "cannot read '%s': %s", dir,
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
		return muster_error_set(err, MUSTER_EIO, "cannot create '%s': %s", dir,
					errstr(errno));
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return muster_error_set(err, MUSTER_EIO, "cannot write into '%s': not a folder",
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
	    err, MUSTER_EEXIST, "'%s' holds scenario files that this export would not rewrite: %s",
	    dir, sb.buf);
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
