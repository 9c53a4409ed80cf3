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

/* Append every row of `tb` in `sc`; versions from the store when `db` is given. */
static int collect(struct muster_db *db, const struct store_table *tb,
		   const struct muster_scenario *sc, struct muster_record_list *out,
		   struct muster_error *err)
{
	int t = csv_table_of(tb);
	const struct csv_schema *s = &scenario_schemas[t];
	size_t n = tb->count(sc);
	for (size_t i = 0; i < n; i++) {
		struct muster_strlist cells = {0};
		int64_t ord = 0, version = 0;
		if (db) {
			int rc = db->ops->row_get(db, (size_t)(tb - store_tables), tb->at(sc, i),
						  &ord, &version, err);
			if (rc < 0)
				return rc;
		}
		scenario_row_cells(sc, (enum scenario_table)t, i, &cells);
		if (out->nr == out->alloc) {
			out->alloc = out->alloc ? 2 * out->alloc : 64;
			out->items = xrealloc(out->items, out->alloc * sizeof(*out->items));
		}
		struct muster_record *r = &out->items[out->nr++];
		memset(r, 0, sizeof(*r));
		r->entity = xstrdup(tb->name);
		r->key = key_of(tb, &cells);
		r->version = version;
		for (size_t c = 0; c < s->ncols; c++) {
			muster_strlist_push(&r->names, csv_schema_col(s, c)->name);
			muster_strlist_push(&r->values, c < cells.nr ? cells.items[c] : "");
		}
		muster_strlist_release(&cells);
	}
	return 0;
}

int muster_db_records(struct muster_db *db, const char *entity, const char *as_of,
		      struct muster_record_list *out, int64_t *revision, struct muster_error *err)
{
	const struct store_table *tb;
	struct muster_scenario sc;
	int64_t rev = 0;
	int rc = entity_find(entity, &tb, err);
	if (rc < 0)
		return rc;
	muster_scenario_init(&sc);
	if (as_of) {
		rc = muster_db_load_as_of(db, as_of, &sc, &rev, err);
		if (rc == 0)
			rc = collect(NULL, tb, &sc, out, err);
	} else {
		rc = db->ops->read_begin(db, err);
		if (rc == 0)
			rc = store_load_checked(db, &sc, err);
		if (rc == 0)
			rc = db->ops->rev_get(db, NULL, &rev, err);
		if (rc == 0)
			rc = collect(db, tb, &sc, out, err);
		db->ops->rollback(db);
	}
	if (revision)
		*revision = rev;
	muster_scenario_release(&sc);
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
