/*
 * records_import.c: `muster import --update [--prune]`, an import that
 * upserts record by record (muster_db_import_update in muster.h).
 *
 * Decisions:
 * - Records are matched by their natural key (store_key_equal: the first
 *   nkey columns of store_tables[]). Caps and deployments without an id in
 *   the folder first take the id of a stored record equal in every other
 *   cell (as the replacing import does), else a new one.
 * - The updated scenario is built whole in memory, in the stored order
 *   (stored rows where they were, each replaced by its update; new rows
 *   after them, in the folder's order) and validated whole before anything
 *   is written, so an invalid result changes nothing.
 * - Writes go through the row operations, so an untouched record keeps its
 *   version and an updated one gets version + 1: deletes first (the last
 *   table first, so no reference is left dangling midway), then updates and
 *   inserts table by table. One revision for the whole import.
 */
#include "muster.h"
#include "store.h"
#include "i18n.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* How the rows of one table pair up between what is stored and the folder. */
struct pairing {
	ssize_t *of_old; /* per stored row: its row in the folder, or -1 */
	bool *matched;	 /* per folder row: it has a stored row */
};

/* Rows of one side sorted by key (then by position: equal keys pair in order). */
struct key_order {
	const struct store_table *tb;
	const struct muster_scenario *sc;
};

static int cmp_row_key(const void *x, const void *y, void *ctx)
{
	const struct key_order *o = ctx;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	int c = entity_key_cmp(o->tb, o->tb->at(o->sc, i), o->tb->at(o->sc, j));
	return c ? c : (i > j) - (i < j);
}

static size_t *sorted_by_key(const struct store_table *tb, const struct muster_scenario *sc)
{
	size_t n = tb->count(sc);
	size_t *order = xcalloc(n ? n : 1, sizeof(*order));
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	struct key_order o = {tb, sc};
	qsort_r(order, n, sizeof(*order), cmp_row_key, &o);
	return order;
}

/*
 * Pair stored rows with folder rows of the same key: both sides sorted by
 * key and walked together (n log n: a million deployments pair in seconds);
 * the k-th stored row of a key takes the k-th folder row of that key.
 */
static void pair_table(const struct store_table *tb, const struct muster_scenario *old,
		       const struct muster_scenario *mine, struct pairing *p)
{
	size_t no = tb->count(old), nm = tb->count(mine);
	p->of_old = xcalloc(no ? no : 1, sizeof(*p->of_old));
	p->matched = xcalloc(nm ? nm : 1, sizeof(*p->matched));
	for (size_t i = 0; i < no; i++)
		p->of_old[i] = -1;
	size_t *a = sorted_by_key(tb, old), *b = sorted_by_key(tb, mine);
	for (size_t i = 0, j = 0; i < no && j < nm;) {
		int c = entity_key_cmp(tb, tb->at(old, a[i]), tb->at(mine, b[j]));
		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			p->of_old[a[i++]] = (ssize_t)b[j];
			p->matched[b[j++]] = true;
		}
	}
	free(a);
	free(b);
}

static void pairing_release(struct pairing *p)
{
	free(p->of_old);
	free(p->matched);
}

/* Build the updated scenario into `next` and count the changes. */
static void plan(const struct muster_scenario *old, const struct muster_scenario *mine,
		 struct pairing *pairs, bool prune, struct muster_scenario *next,
		 struct muster_update_summary *sum)
{
	for (size_t t = 0; t < store_tables_nr; t++) {
		const struct store_table *tb = &store_tables[t];
		struct muster_import_count *c = &sum->tables[t];
		c->entity = tb->name;
		pair_table(tb, old, mine, &pairs[t]);
		for (size_t i = 0; i < tb->count(old); i++) {
			ssize_t j = pairs[t].of_old[i];
			if (j >= 0) {
				bool same =
				    entity_row_equal(tb, tb->at(old, i), tb->at(mine, (size_t)j));
				store_row_append(tb, next, tb->at(mine, (size_t)j));
				if (same)
					c->unchanged++;
				else
					c->updated++;
			} else if (prune) {
				c->deleted++;
			} else {
				store_row_append(tb, next, tb->at(old, i));
			}
		}
		for (size_t j = 0; j < tb->count(mine); j++)
			if (!pairs[t].matched[j]) {
				store_row_append(tb, next, tb->at(mine, j));
				c->inserted++;
			}
	}
	_Static_assert(sizeof(sum->tables) / sizeof(sum->tables[0]) == SC_NTABLES,
		       "one count per table");
	sum->ntables = store_tables_nr;
}

static bool any_change(const struct muster_update_summary *s)
{
	for (size_t t = 0; t < s->ntables; t++)
		if (s->tables[t].inserted || s->tables[t].updated || s->tables[t].deleted)
			return true;
	return false;
}

/* The stored row's handle and version, which must exist. */
static int stored(struct muster_db *db, size_t t, const void *row, int64_t *ord, int64_t *ver,
		  struct muster_error *err)
{
	int rc = db->ops->row_get(db, t, row, ord, ver, err);
	if (rc == 0 && !*ord)
		rc = muster_error_set(err, MUSTER_ESTORE,
				      _("%s: a stored %s record vanished during the import"),
				      db->label, store_tables[t].name);
	return rc;
}

static int write_changes(struct muster_db *db, const struct muster_scenario *old,
			 const struct muster_scenario *mine, const struct pairing *pairs,
			 bool prune, int64_t rev, struct muster_error *err)
{
	int64_t ord, ver;
	int rc = 0;
	for (size_t t = store_tables_nr; rc == 0 && prune && t-- > 0;) {
		const struct store_table *tb = &store_tables[t];
		for (size_t i = 0; rc == 0 && i < tb->count(old); i++) {
			if (pairs[t].of_old[i] >= 0)
				continue;
			rc = stored(db, t, tb->at(old, i), &ord, &ver, err);
			if (rc == 0)
				rc = db->ops->row_delete(db, t, ord, ver, err);
			if (rc == 0)
				rc = records_audit_change(db, t, old, i, NULL, 0, rev, err);
		}
	}
	for (size_t t = 0; rc == 0 && t < store_tables_nr; t++) {
		const struct store_table *tb = &store_tables[t];
		for (size_t i = 0; rc == 0 && i < tb->count(old); i++) {
			ssize_t j = pairs[t].of_old[i];
			if (j < 0 || entity_row_equal(tb, tb->at(old, i), tb->at(mine, (size_t)j)))
				continue;
			rc = stored(db, t, tb->at(old, i), &ord, &ver, err);
			if (rc == 0)
				rc = db->ops->row_update(db, t, ord, ver, tb->at(mine, (size_t)j),
							 err);
			if (rc == 0)
				rc = records_audit_change(db, t, old, i, mine, (size_t)j, rev, err);
		}
		for (size_t j = 0; rc == 0 && j < tb->count(mine); j++) {
			if (pairs[t].matched[j])
				continue;
			rc = db->ops->row_insert(db, t, tb->at(mine, j), err);
			if (rc == 0)
				rc = records_audit_change(db, t, NULL, 0, mine, j, rev, err);
		}
	}
	return rc;
}

static int update_in_txn(struct muster_db *db, const struct muster_scenario *sc, bool prune,
			 struct muster_update_summary *sum, struct muster_error *err)
{
	struct muster_scenario old, mine, next;
	struct pairing pairs[16] = {{0}};
	int64_t rev = 0;
	muster_scenario_init(&old);
	muster_scenario_init(&mine);
	muster_scenario_init(&next);
	int rc = store_load_checked(db, &old, err);
	if (rc == 0)
		rc = db->ops->rev_get(db, NULL, &rev, err);
	if (rc == 0)
		rc = records_audit_baseline(db, &old, rev, err);
	if (rc < 0)
		goto out;
	for (size_t t = 0; t < store_tables_nr; t++)
		for (size_t i = 0; i < store_tables[t].count(sc); i++)
			store_row_append(&store_tables[t], &mine, store_tables[t].at(sc, i));
	store_reuse_ids(&mine, &old);
	store_assign_ids(&mine, &old);
	plan(&old, &mine, pairs, prune, &next, sum);
	rc = muster_scenario_validate(&next, err);
	if (rc < 0) {
		/* with the validation's message or without: whole sentences */
		char *msg =
		    err && err->msg
			? xstrfmt(_("cannot update %s: the updated scenario is not valid: %s; "
				    "nothing was changed"),
				  db->label, err->msg)
			: xstrfmt(_("cannot update %s: the updated scenario is not valid; "
				    "nothing was changed"),
				  db->label);
		muster_error_set(err, rc, "%s", msg);
		free(msg);
		goto out;
	}
	if (!any_change(sum))
		goto out;
	rc = db->ops->rev_bump(db, NULL, err);
	if (rc == 0)
		rc = db->ops->rev_get(db, NULL, &rev, err);
	if (rc == 0)
		rc = write_changes(db, &old, &mine, pairs, prune, rev, err);
	if (rc == 0)
		sum->revision = rev;
out:
	for (size_t t = 0; t < store_tables_nr; t++)
		pairing_release(&pairs[t]);
	muster_scenario_release(&old);
	muster_scenario_release(&mine);
	muster_scenario_release(&next);
	return rc;
}

int muster_db_import_update(struct muster_db *db, const struct muster_scenario *sc, bool prune,
			    struct muster_update_summary *summary, struct muster_error *err)
{
	struct muster_update_summary local;
	if (!summary)
		summary = &local;
	memset(summary, 0, sizeof(*summary));
	int rc = store_txn_begin(db, err);
	if (rc < 0)
		return rc;
	rc = update_in_txn(db, sc, prune, summary, err);
	rc = store_txn_end(db, rc, err);
	if (rc < 0) {
		struct muster_update_summary zero = {0};
		*summary = zero;
	}
	return rc;
}
