/*
 * store.c: the public muster_db_* API, implemented once over the backend ops
 * of store.h, and the backend-neutral descriptions of the scenario tables.
 *
 * Key decisions:
 * - The backend is chosen from the target alone: a "postgresql://" or
 *   "postgres://" URI is PostgreSQL, anything else a SQLite file path. A new
 *   backend adds one line to `backends` below and nothing else changes.
 * - Policy lives here, not in the backends: import modes, the MERGE check
 *   (load what is there, append, validate the union), what-if chains. Every
 *   import is one transaction; any failure, an interruption included, rolls
 *   it back so the database is exactly as before.
 * - MERGE validates the union with muster_scenario_validate() and then stores
 *   only the new rows, after the existing ones, so import order is kept.
 * - Scenario revisions: one counter per database; every write transaction
 *   that changes scenario data takes the next value, recorded against the
 *   base (imports) or the what-if it edits (create, add). A what-if's
 *   revision is the latest over its chain and the base, so a base change
 *   makes every what-if's runs stale, a what-if edit only its own. An import
 *   that would store exactly what is there writes nothing (no revision).
 *   Runs keep the revision they were solved on; muster_db_run_save compares
 *   it with the current one inside its transaction, so a run of a scenario
 *   that changed meanwhile is never stored.
 * - Loading checks what it reads as import does: every cell against the
 *   bounds in store_tables[] (the backend), the whole scenario with
 *   muster_scenario_validate(), and runs' rows and figures, so rows edited
 *   outside muster never reach the solvers or the reports.
 */
#include "csv_read.h"
#include "store.h"
#include "i18n.h"
#include "util.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* The tables are described in entity.c (store_tables[]). */

/*
 * What a store was doing when it failed ("cannot read the runs"): both
 * backends put it in their errors ("%s: %s: ..."), translated there with
 * _(what). Listed once here for the translators; a phrase missing from
 * the list stays English.
 */
static const char *const store_what_texts[] __attribute__((unused)) = {
    N_("cannot add the user"),
    N_("cannot add the what-if change"),
    N_("cannot append to the audit log"),
    N_("cannot change the password"),
    N_("cannot clear the scenario"),
    N_("cannot commit"),
    N_("cannot commit the schema migration"),
    N_("cannot create the schema (the database is unchanged)"),
    N_("cannot create the what-if scenario"),
    N_("cannot delete the what-if scenario"),
    N_("cannot end the session"),
    N_("cannot end the user's sessions"),
    N_("cannot index the audit log"),
    N_("cannot migrate the schema (the database is unchanged)"),
    N_("cannot open the database"),
    N_("cannot open the database read-only"),
    N_("cannot prepare a statement"),
    N_("cannot prepare the audit log for the import"),
    N_("cannot read the audit log"),
    N_("cannot read the audit log's size"),
    N_("cannot read the database"),
    N_("cannot read the record"),
    N_("cannot read the record versions"),
    N_("cannot read the role's rights"),
    N_("cannot read the run"),
    N_("cannot read the runs"),
    N_("cannot read the scenario"),
    N_("cannot read the scenario revision"),
    N_("cannot read the schema version"),
    N_("cannot read the sessions"),
    N_("cannot read the users"),
    N_("cannot read the what-if scenarios"),
    N_("cannot record the scenario revision"),
    N_("cannot remove the user"),
    N_("cannot set the schema version"),
    N_("cannot start a transaction"),
    N_("cannot start the schema migration"),
    N_("cannot start the session"),
    N_("cannot store the record"),
    N_("cannot store the run"),
    N_("cannot store the scenario"),
};

/* ---- comparing and copying scenarios (MERGE builds the union from copies) */

/* Every row of every table equal, in the same order. */
static bool scenario_equal(const struct muster_scenario *a, const struct muster_scenario *b)
{
	for (size_t t = 0; t < store_tables_nr; t++) {
		const struct store_table *tb = &store_tables[t];
		size_t n = tb->count(a);
		if (n != tb->count(b))
			return false;
		for (size_t i = 0; i < n; i++)
			if (!entity_row_equal(tb, tb->at(a, i), tb->at(b, i)))
				return false;
	}
	return true;
}

void store_row_append(const struct store_table *tb, struct muster_scenario *dst, const void *src)
{
	entity_row_copy(tb, tb->push(dst), src);
}

/* Append deep copies of every row of `src` to `dst`. */
static void scenario_append(struct muster_scenario *dst, const struct muster_scenario *src)
{
	for (size_t t = 0; t < store_tables_nr; t++) {
		const struct store_table *tb = &store_tables[t];
		size_t n = tb->count(src);
		for (size_t i = 0; i < n; i++) {
			void *row = tb->push(dst);
			entity_row_copy(tb, row, tb->at(src, i));
		}
	}
}

/* ---- ids of caps and deployments (DESIGN.md section 11) --------------- */

/* N of a deployment id "dN" (digits only), else 0. */
static long deployment_number(const char *id)
{
	long n = 0;
	if (!id || id[0] != 'd' || !id[1] || strtonum_l(id + 1, 1, 999999999, &n) < 0)
		return 0;
	return n;
}

static bool cap_id_used(const struct muster_scenario *sc, const char *id)
{
	for (size_t i = 0; sc && i < sc->caps.nr; i++)
		if (sc->caps.items[i].id && !strcmp(sc->caps.items[i].id, id))
			return true;
	return false;
}

/*
 * NATION-COUNTRY-N with the smallest N >= 1 not in use. Caps are few (one
 * per nation and host country, a handful over time), so the scans are cheap.
 */
static char *new_cap_id(const struct muster_scenario *sc, const struct muster_scenario *taken,
			const struct muster_cap *c)
{
	for (long n = 1;; n++) {
		char *id = xstrfmt("%s-%s-%ld", c->nation, c->country, n);
		if (!cap_id_used(sc, id) && !cap_id_used(taken, id))
			return id;
		free(id);
	}
}

/* Deployments can be a million: numbers follow the highest dN in use. */
static long max_deployment_number(const struct muster_scenario *sc)
{
	long max = 0;
	for (size_t i = 0; sc && i < sc->deployments.nr; i++) {
		long n = deployment_number(sc->deployments.items[i].id);
		max = n > max ? n : max;
	}
	return max;
}

/* A row's cells but its id (column 0), for matching rows across imports. */
struct id_match {
	char *text;
	const char *id; /* borrowed; NULL once taken */
};

static int cmp_match(const void *a, const void *b)
{
	return strcmp(((const struct id_match *)a)->text, ((const struct id_match *)b)->text);
}

static char *row_text(const struct muster_scenario *sc, enum scenario_table t, size_t i)
{
	struct muster_strlist cells = {0};
	struct strbuf sb = STRBUF_INIT;
	scenario_row_cells(sc, t, i, &cells);
	for (size_t c = 1; c < cells.nr; c++)
		strbuf_addf(&sb, "%s\x1f", cells.items[c]);
	muster_strlist_release(&cells);
	return strbuf_detach(&sb, NULL);
}

/*
 * Rows of table `t` (caps or deployments: id is column 0) without an id take
 * the id of a stored row equal in every other cell, so that re-importing a
 * file that leaves ids empty keeps the ids it got the first time.
 */
static void reuse_ids_of(struct muster_scenario *sc, const struct muster_scenario *old,
			 enum scenario_table t, char **(*id_at)(struct muster_scenario *, size_t),
			 size_t nsc, size_t nold)
{
	struct id_match *m = xcalloc(nold ? nold : 1, sizeof(*m));
	size_t n = 0;
	for (size_t i = 0; i < nold; i++) {
		const char *id = *id_at((struct muster_scenario *)old, i);
		if (id)
			m[n++] = (struct id_match){row_text(old, t, i), id};
	}
	if (n)
		qsort(m, n, sizeof(*m), cmp_match);
	for (size_t i = 0; n && i < nsc; i++) {
		char **id = id_at(sc, i);
		if (*id)
			continue;
		struct id_match key = {row_text(sc, t, i), NULL};
		struct id_match *hit = bsearch(&key, m, n, sizeof(*m), cmp_match);
		while (hit && hit > m && !cmp_match(hit - 1, &key))
			hit--;
		while (hit && hit < m + n && !cmp_match(hit, &key) && !hit->id)
			hit++;
		if (hit && hit < m + n && !cmp_match(hit, &key) && hit->id) {
			*id = xstrdup(hit->id);
			hit->id = NULL;
		}
		free(key.text);
	}
	for (size_t i = 0; i < n; i++)
		free(m[i].text);
	free(m);
}

static char **cap_id_at(struct muster_scenario *sc, size_t i)
{
	return &sc->caps.items[i].id;
}

static char **deployment_id_at(struct muster_scenario *sc, size_t i)
{
	return &sc->deployments.items[i].id;
}

/*
 * Ids reused from `old` must not collide with an id `sc` gives itself: a
 * collision is then reported by validation as a duplicate, as it would be
 * for a file.
 */
static void reuse_ids(struct muster_scenario *sc, const struct muster_scenario *old)
{
	reuse_ids_of(sc, old, SC_CAPS, cap_id_at, sc->caps.nr, old->caps.nr);
	reuse_ids_of(sc, old, SC_DEPLOYMENTS, deployment_id_at, sc->deployments.nr,
		     old->deployments.nr);
}

void store_reuse_ids(struct muster_scenario *sc, const struct muster_scenario *old)
{
	reuse_ids(sc, old);
}

void store_assign_ids(struct muster_scenario *sc, const struct muster_scenario *taken)
{
	for (size_t i = 0; i < sc->caps.nr; i++)
		if (!sc->caps.items[i].id)
			sc->caps.items[i].id = new_cap_id(sc, taken, &sc->caps.items[i]);
	long next = 0;
	for (size_t i = 0; i < sc->deployments.nr; i++) {
		if (sc->deployments.items[i].id)
			continue;
		if (!next) {
			long a = max_deployment_number(sc), b = max_deployment_number(taken);
			next = (a > b ? a : b) + 1;
		}
		sc->deployments.items[i].id = xstrfmt("d%04ld", next++);
	}
}

/* ---- open, close ------------------------------------------------------ */

#ifdef MUSTER_HAVE_PG
#define PG_OPS &store_pg_ops
#else
#define PG_OPS NULL
#endif

static const struct {
	const char *prefix;
	const char *label;
	const struct store_ops *ops; /* NULL: not available in this build */
} backends[] = {
    {"postgresql://", "postgresql", PG_OPS},
    {"postgres://", "postgresql", PG_OPS},
};

/*
 * A libpq key=value connection string ("host=/run/pg dbname=plans"): it
 * starts with one of libpq's common keywords and '='. A file path that does
 * is written ./dbname=x.
 */
static bool pg_keywords(const char *target)
{
	static const char *const words[] = {
	    "host=",	"hostaddr=", "port=",	  "dbname=",  "user=",		 "password=",
	    "service=", "sslmode=",  "passfile=", "options=", "connect_timeout="};
	target += strspn(target, " \t");
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (!strncmp(target, words[i], strlen(words[i])))
			return true;
	return false;
}

/* Append `s` without any "password=VALUE" (a conninfo or URI query item). */
static void add_without_password(struct strbuf *sb, const char *s, bool uri)
{
	while (*s) {
		const char *v = s + 8;
		if (!uri)
			v += strspn(v, " \t");
		if (!strncmp(s, "password", 8) && *v == '=') {
			s = v + 1;
			if (!uri)
				s += strspn(s, " \t");
			if (uri) {
				s += strcspn(s, "&");
				if (*s == '&')
					s++;
			} else if (*s == '\'') {
				for (s++; *s && *s != '\''; s++)
					if (*s == '\\' && s[1])
						s++;
				if (*s)
					s++;
				s += strspn(s, " \t");
			} else {
				s += strcspn(s, " \t");
				s += strspn(s, " \t");
			}
			continue;
		}
		/* copy one item with its separator */
		size_t n = strcspn(s, uri ? "&" : " \t");
		if (!uri && memchr(s, '\'', n)) {
			/* a quoted value: up to its closing quote */
			const char *q = (const char *)memchr(s, '\'', n) + 1;
			while (*q && *q != '\'')
				q += *q == '\\' && q[1] ? 2 : 1;
			n = (size_t)(q - s) + (*q ? 1 : 0);
		}
		strbuf_add(sb, s, n);
		s += n;
		size_t sep = uri ? (*s == '&') : strspn(s, " \t");
		strbuf_add(sb, s, sep);
		s += sep;
	}
	while (sb->len && strchr(" \t&?", sb->buf[sb->len - 1]))
		sb->buf[--sb->len] = '\0';
}

/*
 * What messages call a target: a path as it is; a URI without its user and
 * password ("postgresql://host/db"); a key=value string without its
 * password. Never a password.
 */
static char *target_label(const char *target)
{
	struct strbuf sb = STRBUF_INIT;
	const char *scheme = strstr(target, "://");
	if (pg_keywords(target)) {
		add_without_password(&sb, target, false);
		return strbuf_detach(&sb, NULL);
	}
	if (!scheme)
		return xstrdup(target);
	const char *rest = scheme + 3;
	const char *auth_end = rest + strcspn(rest, "/?");
	const char *at = memchr(rest, '@', (size_t)(auth_end - rest));
	/* the last '@' of the authority: a password may hold one unencoded */
	for (const char *p = at; p && p < auth_end;
	     p = memchr(p + 1, '@', (size_t)(auth_end - p - 1)))
		at = p;
	strbuf_add(&sb, target, (size_t)(rest - target));
	const char *host = at ? at + 1 : rest;
	const char *q = strchr(host, '?');
	if (!q) {
		strbuf_addstr(&sb, host);
	} else {
		strbuf_add(&sb, host, (size_t)(q + 1 - host));
		add_without_password(&sb, q + 1, true);
	}
	return strbuf_detach(&sb, NULL);
}

static int db_open(struct muster_db **out, const char *target, bool create,
		   struct muster_error *err)
{
	const struct store_ops *ops = &store_sqlite_ops;
	*out = NULL;
	if (!target || !*target)
		return muster_error_set(err, MUSTER_EINVAL, _("no database given"));
	for (size_t i = 0; i < ARRAY_SIZE(backends); i++) {
		if (strncmp(target, backends[i].prefix, strlen(backends[i].prefix)))
			continue;
		ops = backends[i].ops;
		if (!ops)
			return muster_error_set(
			    err, MUSTER_ESTORE,
			    _("%s databases are not supported by this build yet; "
			      "use a SQLite file (--db FILE)"),
			    backends[i].label);
		break;
	}
	if (pg_keywords(target)) {
		ops = PG_OPS;
		if (!ops)
			return muster_error_set(err, MUSTER_ESTORE,
						_("postgresql databases are not supported by this "
						  "build yet; use a SQLite file (--db FILE)"));
	}
	struct muster_db *db = xcalloc(1, sizeof(*db));
	db->ops = ops;
	db->target = xstrdup(target);
	db->label = target_label(target);
	db->create = create;
	int rc = ops->open(db, target, err);
	if (rc < 0) {
		muster_db_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

int muster_db_open(struct muster_db **out, const char *target, struct muster_error *err)
{
	return db_open(out, target, false, err);
}

int muster_db_create(struct muster_db **out, const char *target, struct muster_error *err)
{
	return db_open(out, target, true, err);
}

void muster_db_close(struct muster_db *db)
{
	if (!db)
		return;
	if (db->in_txn)
		db->ops->rollback(db);
	db->ops->close(db);
	store_cache_free(db->cache);
	free(db->target);
	free(db->label);
	free(db->actor);
	free(db);
}

void muster_db_set_ctx(struct muster_db *db, struct muster_ctx *ctx)
{
	db->ctx = ctx;
}

void muster_db_set_actor(struct muster_db *db, const char *actor)
{
	free(db->actor);
	db->actor = xstrdup_or_null(actor);
}

const char *muster_db_backend(const struct muster_db *db)
{
	return db->ops->name;
}

void muster_db_schema(const struct muster_db *db, int *found, int *current)
{
	if (found)
		*found = db->schema_found;
	if (current)
		*current = db->schema_current;
}

const char *muster_db_label(const struct muster_db *db)
{
	return db->label;
}

/*
 * `path` with its folder resolved (symlinks, "..") and its last part kept as
 * it is: where a file that does not exist yet would be created. NULL when
 * the folder does not exist.
 */
static char *canonical_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : NULL;
	char *real = realpath(dir ? dir : ".", NULL);
	char *out =
	    real ? xstrfmt("%s/%s", strcmp(real, "/") ? real : "", slash ? slash + 1 : path) : NULL;
	free(real);
	free(dir);
	return out;
}

/* Whether `path` is `file`: the same inode when it exists, else the same name. */
static bool same_file(const struct stat *st, const char *canon, const char *file)
{
	struct stat fs;
	if (st)
		return stat(file, &fs) == 0 && fs.st_dev == st->st_dev && fs.st_ino == st->st_ino;
	char *cf = canon ? canonical_path(file) : NULL;
	bool same = cf && !strcmp(cf, canon);
	free(cf);
	return same;
}

int muster_db_check_output(struct muster_db *db, const char *path, struct muster_error *err)
{
	struct muster_strlist files = {0};
	struct stat st;
	bool exists = stat(path, &st) == 0;
	char *canon = exists ? NULL : canonical_path(path);
	int rc = 0;
	if (db->ops->files)
		db->ops->files(db, &files);
	for (size_t i = 0; i < files.nr && !rc; i++) {
		if (!same_file(exists ? &st : NULL, canon, files.items[i]))
			continue;
		if (i == 0)
			rc = muster_error_set(err, MUSTER_EINVAL,
					      _("cannot write '%s': it is the database '%s'"), path,
					      db->label);
		else
			rc = muster_error_set(
			    err, MUSTER_EINVAL,
			    _("cannot write '%s': it is a file of the database '%s'"), path,
			    db->label);
	}
	free(canon);
	muster_strlist_release(&files);
	return rc;
}

int muster_db_is_empty(struct muster_db *db, bool *empty, struct muster_error *err)
{
	return db->ops->is_empty(db, empty, err);
}

/* ---- transactions ----------------------------------------------------- */

int store_txn_begin(struct muster_db *db, struct muster_error *err)
{
	if (db->in_txn)
		BUG("nested store transaction");
	if (db->readonly)
		return muster_error_set(
		    err, MUSTER_ESTORE,
		    _("%s: the database is read-only (%s); nothing was changed"), db->label,
		    db->readonly_why ? db->readonly_why
				     : _("the file or its folder is not writable"));
	int rc = db->ops->begin(db, err);
	if (rc == 0)
		db->in_txn = true;
	return rc;
}

/* Commit when rc is 0, else roll back; returns rc or the commit's failure. */
int store_txn_end(struct muster_db *db, int rc, struct muster_error *err)
{
	if (!db->in_txn)
		return rc;
	db->in_txn = false;
	if (rc == 0) {
		rc = db->ops->commit(db, err);
		if (rc < 0)
			db->ops->rollback(db);
	} else {
		db->ops->rollback(db);
	}
	return rc;
}

/* ---- import, load ----------------------------------------------------- */

static int import_merge(struct muster_db *db, struct muster_scenario *sc, struct muster_error *err)
{
	struct muster_scenario all;
	muster_scenario_init(&all);
	int rc = db->ops->load(db, &all, err);
	if (rc < 0)
		goto out;
	store_assign_ids(sc, &all);
	scenario_append(&all, sc);
	rc = muster_scenario_validate(&all, err);
	if (rc < 0) {
		char *msg = xstrfmt(_("cannot merge into %s: the merged scenario is not valid%s%s"),
				    db->label, err && err->msg ? ": " : "",
				    err && err->msg ? err->msg : "");
		muster_error_set(err, rc, "%s", msg);
		free(msg);
		goto out;
	}
	rc = db->ops->save(db, sc, err);
out:
	muster_scenario_release(&all);
	return rc;
}

/*
 * Whether `sc` is exactly what is stored: re-importing the same data is then
 * no write at all (no new revision: the runs stay current). A failed read
 * (a scenario too big for memory aside) counts as different.
 */
static bool same_as_stored(struct muster_db *db, struct muster_scenario *sc)
{
	struct muster_scenario now;
	muster_scenario_init(&now);
	/* A stored row that fails its checks is not the same: replacing it mends it. */
	bool loaded = db->ops->load(db, &now, NULL) == 0;
	if (loaded)
		reuse_ids(sc, &now);
	store_assign_ids(sc, NULL);
	bool same = loaded && scenario_equal(&now, sc);
	muster_scenario_release(&now);
	return same;
}

/* `sc` is the caller's copy: ids are assigned in it. */
static int import_in_txn(struct muster_db *db, struct muster_scenario *sc,
			 enum muster_import_mode mode, bool *unchanged, struct muster_error *err)
{
	bool empty = true;
	int rc;
	switch (mode) {
	case MUSTER_IMPORT_NEW:
		rc = db->ops->is_empty(db, &empty, err);
		if (rc < 0)
			return rc;
		if (!empty)
			return muster_error_set(
			    err, MUSTER_EEXIST,
			    _("%s already holds a scenario; use --merge to add to "
			      "it or --replace to replace it"),
			    db->label);
		store_assign_ids(sc, NULL);
		return db->ops->save(db, sc, err);
	case MUSTER_IMPORT_MERGE:
		return import_merge(db, sc, err);
	case MUSTER_IMPORT_REPLACE:
	case MUSTER_IMPORT_UPDATE:
		*unchanged = same_as_stored(db, sc); /* assigns ids, reusing the stored ones */
		if (*unchanged)
			return 0;
		/* Runs are kept: the revision bump makes them stale, never lost. */
		rc = db->ops->clear(db, err);
		return rc < 0 ? rc : db->ops->save(db, sc, err);
	}
	return muster_error_set(err, MUSTER_EINVAL, _("unknown import mode %d"), (int)mode);
}

int muster_db_import(struct muster_db *db, const struct muster_scenario *sc,
		     enum muster_import_mode mode, struct muster_error *err)
{
	return muster_db_import_at(db, sc, mode, -1, err);
}

/* expect < 0: any revision. */
int muster_db_import_at(struct muster_db *db, const struct muster_scenario *sc,
			enum muster_import_mode mode, int64_t expect, struct muster_error *err)
{
	int64_t now = 0;
	int rc = store_txn_begin(db, err);
	if (rc < 0)
		return rc;
	if (expect >= 0 && (rc = db->ops->rev_get(db, NULL, &now, err)) == 0 && now != expect)
		rc = muster_error_set(err, MUSTER_ESTALE,
				      _("the scenario changed meanwhile (revision %lld -> %lld); "
					"nothing was stored"),
				      (long long)expect, (long long)now);
	if (rc < 0)
		return store_txn_end(db, rc, err);
	bool unchanged = false;
	/* A copy: ids are assigned to caps and deployments that have none. */
	struct muster_scenario mine, old;
	muster_scenario_init(&mine);
	muster_scenario_init(&old);
	scenario_append(&mine, sc);
	/* what was there, for the audit log: a replace deletes it all */
	if (mode != MUSTER_IMPORT_NEW && (rc = db->ops->rev_get(db, NULL, &now, err)) == 0) {
		/* rows that fail their checks cannot be shown: a replace mends them unlogged */
		if (db->ops->load(db, &old, NULL) < 0) {
			muster_scenario_release(&old);
			muster_scenario_init(&old);
		}
		rc = records_audit_baseline(db, &old, now, err);
	}
	if (rc == 0)
		rc = import_in_txn(db, &mine, mode, &unchanged, err);
	if (rc == 0 && !unchanged)
		rc = db->ops->rev_bump(db, NULL, err);
	if (rc == 0 && !unchanged && (rc = db->ops->rev_get(db, NULL, &now, err)) == 0 &&
	    mode != MUSTER_IMPORT_NEW && mode != MUSTER_IMPORT_MERGE)
		rc = records_audit_all(db, &old, "delete", now, db->actor, NULL, err);
	if (rc == 0 && !unchanged)
		rc = records_audit_all(db, &mine, "insert", now, db->actor, NULL, err);
	muster_scenario_release(&mine);
	muster_scenario_release(&old);
	return store_txn_end(db, rc, err);
}

#define WHATIF_MAX_DEPTH 64

/* The chain from `name` down to the base: chain[0] = name, then its base, ... */
static int whatif_chain(struct muster_db *db, const char *name, struct muster_strlist *chain,
			struct muster_error *err)
{
	char *cur = xstrdup(name);
	int rc = 0;
	while (cur) {
		bool found = false;
		char *base = NULL;
		if (chain->nr >= WHATIF_MAX_DEPTH || muster_strlist_has(chain, cur)) {
			rc =
			    muster_error_set(err, MUSTER_ESTORE,
					     _("what-if scenario '%s': its chain of bases loops or "
					       "is deeper than %d"),
					     name, WHATIF_MAX_DEPTH);
			break;
		}
		rc = db->ops->whatif_find(db, cur, &found, &base, err);
		if (rc < 0)
			break;
		if (!found) {
			rc = muster_error_set(err, MUSTER_ENOENT, _("no what-if scenario '%s'"),
					      cur);
			break;
		}
		muster_strlist_push(chain, cur);
		free(cur);
		cur = base;
	}
	free(cur);
	return rc;
}

static int apply_changes(struct muster_db *db, const char *name, struct muster_scenario *sc,
			 struct muster_error *err)
{
	struct muster_strlist changes = {0};
	int rc = db->ops->whatif_changes(db, name, &changes, err);
	for (size_t i = 0; rc == 0 && i < changes.nr; i++) {
		rc = muster_whatif_apply(sc, changes.items[i], err);
		if (rc < 0 && err) {
			char *msg =
			    xstrfmt(_("what-if scenario '%s', change %zu '%s': %s"), name, i + 1,
				    changes.items[i], err->msg ? err->msg : muster_strstatus(rc));
			muster_error_set(err, rc, "%s", msg);
			free(msg);
		}
	}
	muster_strlist_release(&changes);
	return rc;
}

/*
 * Load the base rows (each bounds-checked by the backend) and validate them
 * whole, as import does: a database edited outside muster is refused here,
 * not trusted by the solver and the reports.
 */
int store_load_checked(struct muster_db *db, struct muster_scenario *sc, struct muster_error *err)
{
	int rc = db->ops->load(db, sc, err);
	if (rc < 0)
		return rc;
	rc = muster_scenario_validate(sc, err);
	if (rc < 0 && err) {
		char *msg = xstrfmt(_("database '%s': the stored scenario is not valid: %s"),
				    db->label, err->msg ? err->msg : muster_strstatus(rc));
		muster_error_set(err, rc, "%s", msg);
		free(msg);
	}
	return rc;
}

/* The latest revision over the base and every what-if of `chain`. */
static int chain_revision(struct muster_db *db, const struct muster_strlist *chain, int64_t *rev,
			  struct muster_error *err)
{
	int rc = db->ops->rev_get(db, NULL, rev, err);
	for (size_t i = 0; rc == 0 && i < chain->nr; i++) {
		int64_t r = 0;
		rc = db->ops->rev_get(db, chain->items[i], &r, err);
		if (r > *rev)
			*rev = r;
	}
	return rc;
}

/* Open a read snapshot unless a transaction is open; *own says whether to end it. */
static int snapshot_begin(struct muster_db *db, bool *own, struct muster_error *err)
{
	*own = !db->in_txn;
	return *own ? db->ops->read_begin(db, err) : 0;
}

static void snapshot_end(struct muster_db *db, bool own)
{
	if (own)
		db->ops->rollback(db);
}

int muster_db_load_rev(struct muster_db *db, const char *whatif, struct muster_scenario *sc,
		       int64_t *revision, struct muster_error *err)
{
	struct muster_strlist chain = {0};
	int64_t rev = 0;
	bool own = false;
	int rc = snapshot_begin(db, &own, err);
	if (rc < 0)
		return rc;
	if (whatif)
		rc = whatif_chain(db, whatif, &chain, err);
	if (rc == 0)
		rc = chain_revision(db, &chain, &rev, err);
	if (rc == 0)
		rc = store_load_checked(db, sc, err);
	/* The chain runs from `whatif` to the base: apply it backwards. */
	for (size_t i = chain.nr; rc == 0 && i-- > 0;)
		rc = apply_changes(db, chain.items[i], sc, err);
	snapshot_end(db, own);
	muster_strlist_release(&chain);
	if (rc == 0 && revision)
		*revision = rev;
	return rc;
}

int muster_db_load_whatif_as_of(struct muster_db *db, const char *whatif, const char *as_of,
				struct muster_scenario *sc, int64_t *revision,
				struct muster_error *err)
{
	struct muster_strlist chain = {0};
	int rc = muster_db_load_as_of(db, as_of, sc, revision, err);
	bool own = false;
	if (rc < 0 || !whatif)
		return rc;
	rc = snapshot_begin(db, &own, err);
	if (rc < 0)
		return rc;
	rc = whatif_chain(db, whatif, &chain, err);
	for (size_t i = chain.nr; rc == 0 && i-- > 0;)
		rc = apply_changes(db, chain.items[i], sc, err);
	snapshot_end(db, own);
	muster_strlist_release(&chain);
	return rc;
}

int muster_db_load(struct muster_db *db, const char *whatif, struct muster_scenario *sc,
		   struct muster_error *err)
{
	return muster_db_load_rev(db, whatif, sc, NULL, err);
}

int muster_db_revision(struct muster_db *db, const char *whatif, int64_t *revision,
		       struct muster_error *err)
{
	struct muster_strlist chain = {0};
	bool own = false;
	int rc = snapshot_begin(db, &own, err);
	if (rc < 0)
		return rc;
	*revision = 0;
	if (whatif)
		rc = whatif_chain(db, whatif, &chain, err);
	if (rc == 0)
		rc = chain_revision(db, &chain, revision, err);
	snapshot_end(db, own);
	muster_strlist_release(&chain);
	return rc;
}

int muster_db_run_stale(struct muster_db *db, const struct muster_run *run, bool *stale,
			int64_t *now, struct muster_error *err)
{
	int64_t rev = 0;
	int rc = muster_db_revision(db, run->whatif, &rev, err);
	if (rc < 0)
		return rc;
	*stale = rev != run->revision;
	if (now)
		*now = rev;
	return 0;
}

/* ---- runs ------------------------------------------------------------- */

/*
 * The first of a run's figures that is not finite (JSON and every reader
 * depend on them being finite), with its value in *v; NULL when all are.
 */
static const char *run_not_finite(const struct muster_run *run, double *v)
{
	const struct {
		const char *name;
		double v;
	} f[] = {
	    {"fair_weight", run->fair_weight},
	    {"objective", run->objective},
	    {"bound", run->bound},
	    {"gap", run->gap},
	    {"fill", run->fill},
	    {"seconds", run->seconds},
	};
	for (size_t i = 0; i < ARRAY_SIZE(f); i++)
		if (!isfinite(f[i].v)) {
			*v = f[i].v;
			return f[i].name;
		}
	return NULL;
}

static int run_finite(const struct muster_run *run, struct muster_error *err)
{
	double v = 0;
	const char *name = run_not_finite(run, &v);
	if (name)
		return muster_error_set(
		    err, MUSTER_EINVAL,
		    _("the run's %s is not a finite number (%g); the run was not "
		      "stored"),
		    name, v);
	return 0;
}

/* Inside the save transaction: store the run only if its scenario is unchanged. */
static int run_save_current(struct muster_db *db, struct muster_run *run, struct muster_error *err)
{
	struct muster_strlist chain = {0};
	int64_t rev = 0;
	int rc = 0;
	if (run->whatif)
		rc = whatif_chain(db, run->whatif, &chain, err);
	if (rc == 0)
		rc = chain_revision(db, &chain, &rev, err);
	muster_strlist_release(&chain);
	if (rc == 0 && rev != run->revision)
		rc = muster_error_set(
		    err, MUSTER_ESTALE,
		    _("the scenario changed while sourcing (revision %lld -> %lld); "
		      "the run was not stored"),
		    (long long)run->revision, (long long)rev);
	return rc == 0 ? db->ops->run_save(db, run, err) : rc;
}

int muster_db_run_save(struct muster_db *db, struct muster_run *run, struct muster_error *err)
{
	char buf[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	char *old = run->created;
	run->created = xstrdup(buf);
	int rc = run_finite(run, err);
	if (rc == 0)
		rc = store_txn_begin(db, err);
	if (rc == 0)
		rc = store_txn_end(db, run_save_current(db, run, err), err);
	if (rc < 0) {
		free(run->created);
		run->created = old;
		run->id = 0;
	} else {
		free(old);
	}
	return rc;
}

/* A stored interval [from, to): real dates (`to` may be open), from before to. */
static bool run_dates_ok(int32_t from, int32_t to)
{
	return from >= STORE_DAY_MIN && from <= STORE_DAY_MAX &&
	       (to == MUSTER_DATE_OPEN || (to >= STORE_DAY_MIN && to <= STORE_DAY_MAX)) &&
	       from < to;
}

/*
 * A run read back is checked as a solver's output would be: finite figures,
 * whole units, real date intervals. A row edited outside muster (sqlite3)
 * is refused here rather than fed to the posture and the reports.
 */
static int run_rows_ok(struct muster_db *db, const struct muster_run *run, struct muster_error *err)
{
	const char *what = NULL;
	size_t bad = 0;
	for (size_t i = 0; !what && i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		if (a->units < 1 || a->personnel < 0 || !run_dates_ok(a->from, a->to))
			what = "assignment", bad = i + 1;
	}
	for (size_t i = 0; !what && i < run->gaps.nr; i++) {
		const struct muster_gap *g = &run->gaps.items[i];
		if (g->missing_units < 0 || !run_dates_ok(g->from, g->to))
			what = "gap", bad = i + 1;
	}
	if (what)
		return muster_error_set(
		    err, MUSTER_ESTORE,
		    _("database '%s': run %lld, %s %zu: expected units >= 1, counts >= 0 "
		      "and dates from < to within 1900-01-01 .. 9999-12-31"),
		    db->label, (long long)run->id, what, bad);
	double v = 0;
	const char *name = run_not_finite(run, &v);
	if (name)
		return muster_error_set(err, MUSTER_ESTORE,
					_("database '%s': run %lld: column '%s': expected a finite "
					  "number, got '%g'"),
					db->label, (long long)run->id, name, v);
	return 0;
}

int muster_db_run_latest(struct muster_db *db, const char *whatif, const char *mission,
			 struct muster_run *run, struct muster_error *err)
{
	int rc = db->ops->run_latest(db, whatif, mission, run, err);
	if (rc == MUSTER_ENOENT && mission && whatif)
		return muster_error_set(
		    err, MUSTER_ENOENT,
		    _("no sourcing run for mission '%s' in what-if scenario %s; "
		      "run 'muster source' first"),
		    mission, whatif);
	if (rc == MUSTER_ENOENT && mission)
		return muster_error_set(
		    err, MUSTER_ENOENT,
		    _("no sourcing run for mission '%s'; run 'muster source' first"), mission);
	if (rc == MUSTER_ENOENT && whatif)
		return muster_error_set(
		    err, MUSTER_ENOENT,
		    _("no sourcing run in what-if scenario %s; run 'muster source' first"), whatif);
	if (rc == MUSTER_ENOENT)
		return muster_error_set(err, MUSTER_ENOENT,
					_("no sourcing run; run 'muster source' first"));
	return rc < 0 ? rc : run_rows_ok(db, run, err);
}

int muster_db_run_get(struct muster_db *db, int64_t id, struct muster_run *run,
		      struct muster_error *err)
{
	int rc = db->ops->run_get(db, id, run, err);
	return rc < 0 ? rc : run_rows_ok(db, run, err);
}

int muster_db_runs(struct muster_db *db, struct muster_run_list *out, struct muster_error *err)
{
	int rc = db->ops->run_list(db, out, err);
	for (size_t i = 0; rc == 0 && i < out->nr; i++)
		rc = run_rows_ok(db, &out->items[i], err);
	return rc;
}

void muster_run_list_release(struct muster_run_list *l)
{
	for (size_t i = 0; i < l->nr; i++)
		muster_run_release(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* ---- what-if scenarios ------------------------------------------------ */

static int whatif_must_exist(struct muster_db *db, const char *name, char **base,
			     struct muster_error *err)
{
	bool found = false;
	int rc = db->ops->whatif_find(db, name, &found, base, err);
	if (rc == 0 && !found)
		rc = muster_error_set(err, MUSTER_ENOENT, _("no what-if scenario '%s'"), name);
	return rc;
}

int muster_db_whatif_create(struct muster_db *db, const char *name, const char *base,
			    struct muster_error *err)
{
	bool found = false;
	if (!name || !*name)
		return muster_error_set(err, MUSTER_EINVAL, _("a what-if scenario needs a name"));
	int rc = store_txn_begin(db, err);
	if (rc < 0)
		return rc;
	rc = db->ops->whatif_find(db, name, &found, NULL, err);
	if (rc == 0 && found)
		rc = muster_error_set(err, MUSTER_EEXIST, _("what-if scenario '%s' already exists"),
				      name);
	if (rc == 0 && base)
		rc = whatif_must_exist(db, base, NULL, err);
	if (rc == 0)
		rc = db->ops->whatif_create(db, name, base, err);
	if (rc == 0)
		rc = db->ops->rev_bump(db, name, err);
	return store_txn_end(db, rc, err);
}

int muster_db_whatif_add(struct muster_db *db, const char *name, const char *change,
			 struct muster_error *err)
{
	if (!change || !*change)
		return muster_error_set(err, MUSTER_EINVAL, _("empty what-if change"));
	int rc = store_txn_begin(db, err);
	if (rc < 0)
		return rc;
	rc = whatif_must_exist(db, name, NULL, err);
	if (rc == 0)
		rc = db->ops->whatif_add(db, name, change, err);
	if (rc == 0)
		rc = db->ops->rev_bump(db, name, err);
	return store_txn_end(db, rc, err);
}

int muster_db_whatif_get(struct muster_db *db, const char *name, char **base,
			 struct muster_strlist *changes, struct muster_error *err)
{
	char *b = NULL;
	int rc = whatif_must_exist(db, name, &b, err);
	if (rc == 0 && changes)
		rc = db->ops->whatif_changes(db, name, changes, err);
	if (rc == 0 && base)
		*base = b;
	else
		free(b);
	return rc;
}

int muster_db_whatif_list(struct muster_db *db, struct muster_strlist *names,
			  struct muster_error *err)
{
	return db->ops->whatif_list(db, names, err);
}

int muster_db_whatif_delete(struct muster_db *db, const char *name, struct muster_error *err)
{
	struct muster_strlist children = {0};
	int rc = store_txn_begin(db, err);
	if (rc < 0)
		return rc;
	rc = whatif_must_exist(db, name, NULL, err);
	if (rc == 0)
		rc = db->ops->whatif_children(db, name, &children, err);
	if (rc == 0 && children.nr) {
		char *list = muster_strlist_join(&children, ',');
		rc = muster_error_set(
		    err, MUSTER_EEXIST,
		    P_("what-if scenario '%s' is the base of %s; delete it first",
		       "what-if scenario '%s' is the base of %s; delete those first", children.nr),
		    name, list);
		free(list);
	}
	if (rc == 0)
		rc = db->ops->whatif_delete(db, name, err);
	muster_strlist_release(&children);
	return store_txn_end(db, rc, err);
}
