/*
 * store_migrate.c: muster_db_migrate, a lossless copy of one database into
 * another of either backend (SQLite <-> PostgreSQL), through the store ops
 * only, so any pair of backends works.
 *
 * Key decisions:
 * - The source is read in one snapshot (read_begin), the target written in
 *   one transaction under its writers' lock: a failure leaves it as it was.
 * - The target must be empty: merging two histories would break the chain.
 * - Rows keep their import order (saved in load order) and their versions
 *   (set after the save for every row past version 1); revisions are copied
 *   as they are, the audit log row for row in seq order with its hashes, so
 *   `history --verify` holds and `history --format json` reads the same.
 * - Runs get the target's next ids, the source's order kept: the same ids
 *   when the source's are 1..N (no run deleted).
 */
#include "store.h"
#include "i18n.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Whether `to` holds nothing at all. */
static int target_empty(struct muster_db *to, bool *empty, struct muster_error *err)
{
	struct muster_strlist names = {0};
	struct muster_user_list users = {0};
	struct muster_run_list runs = {0};
	char *tail = NULL;
	int rc = to->ops->is_empty(to, empty, err);
	if (rc == 0)
		rc = to->ops->audit_tail(to, &tail, err);
	if (rc == 0)
		rc = to->ops->whatif_list(to, &names, err);
	if (rc == 0)
		rc = to->ops->run_list(to, &runs, err);
	if (rc == 0)
		rc = to->ops->user_list(to, &users, err);
	*empty = *empty && !tail && !names.nr && !runs.nr && !users.nr;
	free(tail);
	muster_strlist_release(&names);
	muster_run_list_release(&runs);
	muster_user_list_release(&users);
	return rc;
}

static int copy_scenario(struct muster_db *from, struct muster_db *to,
			 struct muster_migrate_counts *n, struct muster_error *err)
{
	struct muster_scenario sc;
	muster_scenario_init(&sc);
	int rc = from->ops->load(from, &sc, err);
	if (rc == 0)
		rc = to->ops->save(to, &sc, err);
	n->records = store_scenario_rows(&sc);
	muster_scenario_release(&sc);
	for (size_t t = 0; rc == 0 && t < store_tables_nr; t++) {
		struct store_row_versions a = {0}, b = {0};
		rc = from->ops->row_versions(from, t, &a, err);
		if (rc == 0)
			rc = to->ops->row_versions(to, t, &b, err);
		if (rc == 0 && a.nr != b.nr)
			rc = muster_error_set(err, MUSTER_ESTORE,
					      _("%s: table %s: %zu rows copied, %zu read back"),
					      to->label, store_tables[t].name, a.nr, b.nr);
		for (size_t i = 0; rc == 0 && i < a.nr; i++)
			if (a.items[i].version != b.items[i].version)
				rc = to->ops->row_version_set(to, t, b.items[i].ord,
							      a.items[i].version, err);
		ARRAY_RELEASE(a);
		ARRAY_RELEASE(b);
	}
	return rc;
}

/* The revision recorded against `name` (NULL: the base), when there is one. */
static int copy_rev(struct muster_db *from, struct muster_db *to, const char *name,
		    struct muster_error *err)
{
	int64_t rev = 0;
	int rc = from->ops->rev_get(from, name, &rev, err);
	return rc < 0 || rev <= 0 ? rc : to->ops->rev_set(to, name, rev, err);
}

static int copy_whatifs(struct muster_db *from, struct muster_db *to,
			struct muster_migrate_counts *n, struct muster_error *err)
{
	struct muster_strlist names = {0};
	int rc = from->ops->whatif_list(from, &names, err);
	for (size_t i = 0; rc == 0 && i < names.nr; i++) {
		struct muster_strlist changes = {0};
		char *base = NULL;
		bool found = false;
		rc = from->ops->whatif_find(from, names.items[i], &found, &base, err);
		if (rc == 0)
			rc = to->ops->whatif_create(to, names.items[i], base, err);
		if (rc == 0)
			rc = from->ops->whatif_changes(from, names.items[i], &changes, err);
		for (size_t c = 0; rc == 0 && c < changes.nr; c++)
			rc = to->ops->whatif_add(to, names.items[i], changes.items[c], err);
		if (rc == 0)
			rc = copy_rev(from, to, names.items[i], err);
		free(base);
		muster_strlist_release(&changes);
	}
	n->whatifs = names.nr;
	muster_strlist_release(&names);
	return rc;
}

static int copy_runs(struct muster_db *from, struct muster_db *to, struct muster_migrate_counts *n,
		     struct muster_error *err)
{
	struct muster_run_list runs = {0};
	int rc = from->ops->run_list(from, &runs, err);
	for (size_t i = 0; rc == 0 && i < runs.nr; i++) {
		struct muster_run run = {0};
		rc = from->ops->run_get(from, runs.items[i].id, &run, err);
		if (rc == 0)
			rc = to->ops->run_save(to, &run, err);
		muster_run_release(&run);
	}
	n->runs = runs.nr;
	muster_run_list_release(&runs);
	return rc;
}

static int copy_audit(struct muster_db *from, struct muster_db *to, struct muster_migrate_counts *n,
		      struct muster_error *err)
{
	struct muster_audit_list log = {0};
	int rc = from->ops->audit_list(from, &log, err);
	for (size_t i = 0; rc == 0 && i < log.nr; i++)
		rc = to->ops->audit_append(to, &log.items[i], err);
	n->audit = log.nr;
	muster_audit_list_release(&log);
	return rc;
}

static int copy_users(struct muster_db *from, struct muster_db *to, struct muster_migrate_counts *n,
		      struct muster_error *err)
{
	struct muster_user_list users = {0};
	int rc = from->ops->user_list(from, &users, err);
	for (size_t i = 0; rc == 0 && i < users.nr; i++) {
		struct muster_user u = {0};
		char *hash = NULL;
		bool found = false;
		rc = from->ops->user_get(from, users.items[i].name, &u, &hash, &found, err);
		if (rc == 0 && found)
			rc = to->ops->user_insert(to, &u, hash, err);
		free(u.name);
		free(u.nation);
		free(u.created);
		free(hash);
	}
	n->users = users.nr;
	muster_user_list_release(&users);
	return rc;
}

int muster_db_migrate(struct muster_db *from, struct muster_db *to,
		      struct muster_migrate_counts *counts, struct muster_error *err)
{
	struct muster_migrate_counts n = {0};
	bool empty = false;
	if (from == to)
		return muster_error_set(err, MUSTER_EINVAL,
					_("cannot migrate a database into itself"));
	int rc = from->ops->read_begin(from, err);
	if (rc < 0)
		return rc;
	rc = store_txn_begin(to, err);
	if (rc < 0) {
		from->ops->rollback(from);
		return rc;
	}
	rc = target_empty(to, &empty, err);
	if (rc == 0 && !empty)
		rc = muster_error_set(err, MUSTER_EEXIST,
				      _("%s already holds data; migrate copies into a new, empty "
					"database only (nothing was changed)"),
				      to->label);
	if (rc == 0)
		rc = copy_scenario(from, to, &n, err);
	if (rc == 0)
		rc = copy_rev(from, to, NULL, err);
	if (rc == 0)
		rc = copy_whatifs(from, to, &n, err);
	if (rc == 0)
		rc = copy_runs(from, to, &n, err);
	if (rc == 0)
		rc = copy_audit(from, to, &n, err);
	if (rc == 0)
		rc = copy_users(from, to, &n, err);
	rc = store_txn_end(to, rc, err);
	from->ops->rollback(from);
	if (rc == 0 && counts)
		*counts = n;
	return rc;
}
