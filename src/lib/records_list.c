/*
 * records_list.c: every record of one entity as its CSV cells with its key
 * and version (muster_db_records), and the columns of an entity
 * (muster_entity_fields), for front ends that page through records (the
 * server's GET /api/ENTITY).
 *
 * Key decisions:
 * - The records are read in one snapshot (a read transaction) with the
 *   scenario revision, so a page and its revision agree.
 * - The cells are scenario_row_cells', the same as muster_db_record and the
 *   audit log give, so one record reads the same through every route.
 * - "As of" a point rebuilds the scenario from the audit log
 *   (muster_db_load_as_of); versions are not kept there, so they are 0.
 */
#include "csv_read.h"
#include "store.h"
#include "i18n.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* The scenario_read table of a store table. */
static int csv_table_of(const struct store_table *tb)
{
	for (int t = 0; t < SC_NTABLES; t++) {
		const char *f = scenario_schemas[t].file;
		if (!strncmp(f, tb->name, strlen(tb->name)) &&
		    !strcmp(f + strlen(tb->name), ".csv"))
			return t;
	}
	BUG("no CSV schema for a store table");
}

int muster_entity_fields(const char *entity, struct muster_strlist *names, size_t *nkey,
			 struct muster_error *err)
{
	const struct store_table *tb;
	int rc = entity_find(entity, &tb, err);
	if (rc < 0)
		return rc;
	const struct csv_schema *s = &scenario_schemas[csv_table_of(tb)];
	for (size_t c = 0; c < s->ncols; c++)
		muster_strlist_push(names, csv_schema_col(s, c)->name);
	if (nkey)
		*nkey = tb->nkey;
	return 0;
}

static char *key_of(const struct store_table *tb, const struct muster_strlist *cells)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t c = 0; c < tb->nkey && c < cells->nr; c++)
		strbuf_addf(&sb, "%s%s", c ? ":" : "", cells->items[c]);
	return strbuf_detach(&sb, NULL);
}

/* ---- the cache of the present ------------------------------------------ */

struct store_cache {
	bool loaded;
	int64_t rev;
	struct muster_scenario sc;
	struct store_row_versions *versions; /* store_tables_nr of them */
	bool *have;			     /* which versions were read */
};

void store_cache_free(struct store_cache *c)
{
	if (!c)
		return;
	muster_scenario_release(&c->sc);
	for (size_t t = 0; c->versions && t < store_tables_nr; t++)
		free(c->versions[t].items);
	free(c->versions);
	free(c->have);
	free(c);
}

static void cache_clear(struct store_cache *c)
{
	muster_scenario_release(&c->sc);
	muster_scenario_init(&c->sc);
	for (size_t t = 0; t < store_tables_nr; t++) {
		free(c->versions[t].items);
		memset(&c->versions[t], 0, sizeof(c->versions[t]));
		c->have[t] = false;
	}
	c->loaded = false;
}

int store_cache_get(struct muster_db *db, const struct muster_scenario **sc, int64_t *rev,
		    struct muster_error *err)
{
	struct store_cache *c = db->cache;
	if (!c) {
		c = db->cache = xcalloc(1, sizeof(*c));
		muster_scenario_init(&c->sc);
		c->versions = xcalloc(store_tables_nr, sizeof(*c->versions));
		c->have = xcalloc(store_tables_nr, sizeof(*c->have));
	}
	int64_t now = 0;
	int rc = db->ops->rev_get(db, NULL, &now, err);
	if (rc < 0)
		return rc;
	if (!c->loaded || c->rev != now) {
		cache_clear(c);
		rc = store_load_checked(db, &c->sc, err);
		if (rc < 0) {
			cache_clear(c); /* a failure is never kept */
			return rc;
		}
		c->loaded = true;
		c->rev = now;
	}
	*sc = &c->sc;
	*rev = now;
	return 0;
}

int store_cache_versions(struct muster_db *db, size_t t, const struct store_row_versions **out,
			 struct muster_error *err)
{
	struct store_cache *c = db->cache;
	if (!c || !c->loaded) {
		BUG("store_cache_versions before store_cache_get");
		return MUSTER_ESTORE; /* not reached */
	}
	if (!c->have[t]) {
		int rc = db->ops->row_versions(db, t, &c->versions[t], err);
		if (rc == 0 && c->versions[t].nr != store_tables[t].count(&c->sc))
			rc = muster_error_set(
			    err, MUSTER_ESTORE,
			    _("database '%s': table %s: %zu versions for %zu rows"), db->label,
			    store_tables[t].name, c->versions[t].nr, store_tables[t].count(&c->sc));
		if (rc < 0) {
			free(c->versions[t].items);
			memset(&c->versions[t], 0, sizeof(c->versions[t]));
			return rc;
		}
		c->have[t] = true;
	}
	*out = &c->versions[t];
	return 0;
}

/* ---- lists --------------------------------------------------------------- */

/* Append every row of `tb` in `sc`, with the versions `v` (NULL: 0). */
static void collect(const struct store_table *tb, const struct muster_scenario *sc,
		    const struct store_row_versions *v, struct muster_record_list *out)
{
	int t = csv_table_of(tb);
	const struct csv_schema *s = &scenario_schemas[t];
	size_t n = tb->count(sc);
	for (size_t i = 0; i < n; i++) {
		struct muster_strlist cells = {0};
		scenario_row_cells(sc, (enum scenario_table)t, i, &cells);
		if (out->nr == out->alloc) {
			out->alloc = out->alloc ? 2 * out->alloc : 64;
			out->items = xrealloc(out->items, out->alloc * sizeof(*out->items));
		}
		struct muster_record *r = &out->items[out->nr++];
		memset(r, 0, sizeof(*r));
		r->entity = xstrdup(tb->name);
		r->key = key_of(tb, &cells);
		r->version = v ? v->items[i].version : 0;
		for (size_t c = 0; c < s->ncols; c++) {
			muster_strlist_push(&r->names, csv_schema_col(s, c)->name);
			muster_strlist_push(&r->values, c < cells.nr ? cells.items[c] : "");
		}
		muster_strlist_release(&cells);
	}
}

int muster_db_records(struct muster_db *db, const char *entity, const char *as_of,
		      struct muster_record_list *out, int64_t *revision, struct muster_error *err)
{
	const struct store_table *tb;
	int64_t rev = 0;
	int rc = entity_find(entity, &tb, err);
	if (rc < 0)
		return rc;
	if (as_of) {
		struct muster_scenario sc;
		muster_scenario_init(&sc);
		rc = muster_db_load_as_of(db, as_of, &sc, &rev, err);
		if (rc == 0)
			collect(tb, &sc, NULL, out);
		muster_scenario_release(&sc);
	} else {
		const struct muster_scenario *sc = NULL;
		const struct store_row_versions *v = NULL;
		rc = db->ops->read_begin(db, err);
		if (rc == 0)
			rc = store_cache_get(db, &sc, &rev, err);
		if (rc == 0)
			rc = store_cache_versions(db, (size_t)(tb - store_tables), &v, err);
		if (rc == 0)
			collect(tb, sc, v, out);
		db->ops->rollback(db);
	}
	if (revision)
		*revision = rev;
	return rc;
}

int muster_db_code_check(struct muster_db *db, enum muster_code_kind kind, const char *code,
			 int64_t *revision, struct muster_error *err)
{
	const struct muster_scenario *sc = NULL;
	int64_t rev = 0;
	int rc = db->ops->read_begin(db, err);
	if (rc == 0)
		rc = store_cache_get(db, &sc, &rev, err);
	if (rc == 0 && revision)
		*revision = rev;
	if (rc == 0)
		rc = muster_code_check(sc, kind, code, err);
	db->ops->rollback(db);
	return rc;
}

void muster_record_list_release(struct muster_record_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nr; i++)
		muster_record_release(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}
