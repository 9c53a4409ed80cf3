/*
 * db_fixture.h: the temporary folder and database that the store, records
 * and users tests each start from (one copy, not three). Header only: each
 * test executable includes it once.
 *
 * One suite, two backends: with MUSTER_TEST_DB=pg (tests/pg/with-pg.sh sets
 * it, with MUSTER_TEST_PG, the cluster's connection string, and
 * MUSTER_TEST_PSQL) each fixture's database is a fresh PostgreSQL schema of
 * its own (search_path), dropped at teardown; else a SQLite file DIR/t.db.
 * A test that is about SQLite's files calls FIXTURE_SQLITE_ONLY(reason).
 */
#ifndef MUSTER_TEST_DB_FIXTURE_H
#define MUSTER_TEST_DB_FIXTURE_H

#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "muster.h"
#include "util.h"

struct fixture {
	char dir[4096];
	char *path;   /* the target: DIR/t.db (not created), or a PostgreSQL conninfo */
	char *schema; /* PostgreSQL: the fixture's schema, else NULL */
	struct muster_db *db;
};

/* Whether this run is the PostgreSQL one. */
static inline bool fixture_pg(void)
{
	const char *v = getenv("MUSTER_TEST_DB");
	return v && !strcmp(v, "pg");
}

/* Skip a test about SQLite's files (its -wal, permissions, header) on PostgreSQL. */
#define FIXTURE_SQLITE_ONLY(reason)                                                                \
	do {                                                                                       \
		if (fixture_pg()) {                                                                \
			fprintf(stderr, "# skipped on PostgreSQL: %s\n", reason);                  \
			skip();                                                                    \
		}                                                                                  \
	} while (0)

/* Run SQL through psql on the test cluster; 0 when it succeeded. */
static inline int fixture_psql(const char *sql)
{
	const char *psql = getenv("MUSTER_TEST_PSQL");
	if (!psql || !*psql)
		return -1;
	char *cmd =
	    xstrfmt("%s -c \"SET client_min_messages = warning; %s\" >/dev/null", psql, sql);
	int rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

/*
 * A fresh target `name` for a second database in the same test: a file in
 * the fixture's folder, or on PostgreSQL a new schema. Caller frees.
 */
static inline char *fixture_target(struct fixture *f, const char *name)
{
	if (!fixture_pg())
		return xstrfmt("%s/%s", f->dir, name);
	static int n;
	char *schema = xstrfmt("%s_%d", f->schema, ++n);
	char *sql = xstrfmt("CREATE SCHEMA %s", schema);
	char *t = fixture_psql(sql) == 0
		      ? xstrfmt("%s options='-csearch_path=%s'", getenv("MUSTER_TEST_PG"), schema)
		      : NULL;
	free(sql);
	free(schema);
	return t;
}

/* A fixture in a new folder $TMPDIR/NAME.XXXXXX; NULL when it cannot be made. */
static inline struct fixture *fixture_new(const char *name)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	const char *tmp = getenv("TMPDIR");
	snprintf(f->dir, sizeof(f->dir), "%s/%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
	if (!mkdtemp(f->dir)) {
		free(f);
		return NULL;
	}
	if (!fixture_pg()) {
		f->path = xstrfmt("%s/t.db", f->dir);
		return f;
	}
	static int n;
	f->schema = xstrfmt("%s_%d_%d", name, (int)getpid(), ++n);
	char *sql = xstrfmt("CREATE SCHEMA %s", f->schema);
	if (!getenv("MUSTER_TEST_PG") || fixture_psql(sql) < 0) {
		fprintf(stderr, "# cannot create schema %s on the test cluster\n", f->schema);
		free(sql);
		free(f->schema);
		free(f);
		return NULL;
	}
	free(sql);
	f->path = xstrfmt("%s options='-csearch_path=%s'", getenv("MUSTER_TEST_PG"), f->schema);
	return f;
}

/* Close the database and remove the folder (a cmocka teardown). */
static inline int teardown(void **state)
{
	struct fixture *f = *state;
	char *cmd = xstrfmt("rm -rf '%s'", f->dir);
	muster_db_close(f->db);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", f->dir);
	free(cmd);
	if (f->schema) {
		cmd = xstrfmt("DROP SCHEMA %s CASCADE", f->schema);
		fixture_psql(cmd);
		free(cmd);
		free(f->schema);
	}
	free(f->path);
	free(f);
	return 0;
}

#endif
