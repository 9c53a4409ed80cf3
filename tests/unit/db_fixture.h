/*
 * db_fixture.h: the temporary folder and database path that the store,
 * records and users tests each start from (one copy, not three). Header
 * only: each test executable includes it once.
 */
#ifndef MUSTER_TEST_DB_FIXTURE_H
#define MUSTER_TEST_DB_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "muster.h"
#include "util.h"

struct fixture {
	char dir[4096];
	char *path; /* DIR/t.db, not created */
	struct muster_db *db;
};

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
	f->path = xstrfmt("%s/t.db", f->dir);
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
	free(f->path);
	free(f);
	return 0;
}

#endif
