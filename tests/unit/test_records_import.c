/*
 * test_records_import.c: muster_db_import_update (import --update
 * [--prune]): an unchanged folder writes nothing, changed records get a
 * new version and one audit row each, new ones are inserted, absent ones
 * stay or (prune) go, an invalid result changes nothing, and the log still
 * verifies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"
#include "util.h"
#include "db_fixture.h"

#define SMALL MUSTER_SRC "/tests/cli/data/small"

static int setup(void **state)
{
	struct fixture *f = fixture_new("test_records_import");
	struct muster_error err = {0};
	struct muster_scenario sc;
	if (!f)
		return -1;
	muster_scenario_init(&sc);
	if (muster_scenario_read_dir(&sc, SMALL, &err) < 0 ||
	    muster_db_create(&f->db, f->path, &err) < 0 ||
	    muster_db_import(f->db, &sc, MUSTER_IMPORT_NEW, &err) < 0) {
		fprintf(stderr, "# %s\n", err.msg);
		return -1;
	}
	muster_db_set_actor(f->db, "tester");
	muster_scenario_release(&sc);
	muster_error_release(&err);
	*state = f;
	return 0;
}

static void read_small(struct muster_scenario *sc)
{
	struct muster_error err = {0};
	muster_scenario_init(sc);
	if (muster_scenario_read_dir(sc, SMALL, &err) < 0)
		fail_msg("%s", err.msg);
	muster_error_release(&err);
}

static size_t history_rows(struct muster_db *db)
{
	struct muster_audit_list l = {0};
	struct muster_error err = {0};
	assert_int_equal(muster_db_history(db, NULL, &l, &err), 0);
	size_t n = l.nr;
	muster_audit_list_release(&l);
	return n;
}

static int64_t revision(struct muster_db *db)
{
	int64_t rev = -1;
	struct muster_error err = {0};
	assert_int_equal(muster_db_revision(db, NULL, &rev, &err), 0);
	return rev;
}

static int64_t version_of(struct muster_db *db, const char *entity, const char *key)
{
	struct muster_record r = {0};
	struct muster_error err = {0};
	int rc = muster_db_record(db, entity, key, &r, &err);
	int64_t v = rc == 0 ? r.version : rc;
	muster_record_release(&r);
	muster_error_release(&err);
	return v;
}

static const struct muster_import_count *count_of(const struct muster_update_summary *s,
						  const char *entity)
{
	for (size_t t = 0; t < s->ntables; t++)
		if (!strcmp(s->tables[t].entity, entity))
			return &s->tables[t];
	fail_msg("no count for %s", entity);
	return NULL;
}

static void test_same_folder_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct muster_scenario sc;
	struct muster_update_summary sum;
	struct muster_error err = {0};
	size_t h = history_rows(f->db);
	int64_t rev = revision(f->db);
	read_small(&sc);
	assert_int_equal(muster_db_import_update(f->db, &sc, true, &sum, &err), 0);
	assert_int_equal(sum.revision, 0);
	assert_int_equal(sum.ntables, 13);
	for (size_t t = 0; t < sum.ntables; t++)
		assert_int_equal(
		    sum.tables[t].inserted + sum.tables[t].updated + sum.tables[t].deleted, 0);
	assert_int_equal(count_of(&sum, "offers")->unchanged, sc.offers.nr);
	assert_int_equal(history_rows(f->db), h);
	assert_int_equal(revision(f->db), rev);
	muster_scenario_release(&sc);
}

static void test_update_insert_keep(void **state)
{
	struct fixture *f = *state;
	struct muster_scenario sc;
	struct muster_update_summary sum;
	struct muster_error err = {0};
	size_t h = history_rows(f->db);
	int64_t rev = revision(f->db);
	read_small(&sc);
	assert_true(sc.offers.nr >= 2);
	char *first = xstrdup(sc.offers.items[0].id), *last = NULL;
	char *second = xstrdup(sc.offers.items[1].id);
	sc.offers.items[0].units += 1; /* changed */
	/* the last offer leaves the folder: without prune it stays */
	struct muster_offer gone = sc.offers.items[sc.offers.nr - 1];
	last = xstrdup(gone.id);
	free(sc.offers.items[sc.offers.nr - 1].id);
	sc.offers.items[sc.offers.nr - 1].id = xstrdup("o-new-1"); /* so: a new record */
	assert_int_equal(muster_db_import_update(f->db, &sc, false, &sum, &err), 0);
	assert_int_equal(sum.revision, rev + 1);
	const struct muster_import_count *c = count_of(&sum, "offers");
	assert_int_equal(c->updated, 1);
	assert_int_equal(c->inserted, 1);
	assert_int_equal(c->deleted, 0);
	assert_int_equal(c->unchanged, sc.offers.nr - 2);
	assert_int_equal(history_rows(f->db), h + 2);
	assert_int_equal(revision(f->db), rev + 1);
	assert_int_equal(version_of(f->db, "offers", first), 2);
	assert_int_equal(version_of(f->db, "offers", second), 1);
	assert_int_equal(version_of(f->db, "offers", "o-new-1"), 1);
	assert_int_equal(version_of(f->db, "offers", last), 1); /* kept */

	/* the history: one update with before and after, one insert */
	struct muster_audit_list l = {0};
	struct muster_history_filter hf = {.entity = "offers", .key = first};
	assert_int_equal(muster_db_history(f->db, &hf, &l, &err), 0);
	assert_string_equal(l.items[l.nr - 1].op, "update");
	assert_int_equal(l.items[l.nr - 1].rev, rev + 1);
	assert_non_null(l.items[l.nr - 1].before);
	assert_non_null(l.items[l.nr - 1].after);
	muster_audit_list_release(&l);

	/* again: nothing */
	assert_int_equal(muster_db_import_update(f->db, &sc, false, &sum, &err), 0);
	assert_int_equal(sum.revision, 0);

	/* with prune: the one the folder lacks goes */
	assert_int_equal(muster_db_import_update(f->db, &sc, true, &sum, &err), 0);
	assert_int_equal(sum.revision, rev + 2);
	assert_int_equal(count_of(&sum, "offers")->deleted, 1);
	assert_int_equal(version_of(f->db, "offers", last), MUSTER_ENOENT);
	size_t rows = 0;
	assert_int_equal(muster_db_history_verify(f->db, &rows, &err), 0);
	assert_int_equal(rows, h + 3);
	free(first);
	free(second);
	free(last);
	muster_scenario_release(&sc);
	muster_error_release(&err);
}

static void test_invalid_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct muster_scenario sc;
	struct muster_update_summary sum;
	struct muster_error err = {0};
	size_t h = history_rows(f->db);
	int64_t rev = revision(f->db);
	read_small(&sc);
	sc.offers.items[0].units += 1;
	free(sc.offers.items[1].capability);
	sc.offers.items[1].capability = xstrdup("no-such-capability");
	assert_int_equal(muster_db_import_update(f->db, &sc, false, &sum, &err), MUSTER_EINVAL);
	assert_non_null(strstr(err.msg, "the updated scenario is not valid"));
	assert_int_equal(sum.revision, 0);
	assert_int_equal(history_rows(f->db), h);
	assert_int_equal(revision(f->db), rev);
	assert_int_equal(version_of(f->db, "offers", sc.offers.items[0].id), 1);
	muster_error_release(&err);
	muster_scenario_release(&sc);
}

/* Pairing is by key, not by position: the folder's rows in reverse order
 * with one changed pair up with the stored ones (sorted walk, not a scan). */
static void test_order_does_not_matter(void **state)
{
	struct fixture *f = *state;
	struct muster_scenario sc;
	struct muster_update_summary sum;
	struct muster_error err = {0};
	int64_t rev = revision(f->db);
	read_small(&sc);
	size_t n = sc.offers.nr;
	assert_true(n >= 3);
	for (size_t i = 0; i < n / 2; i++) {
		struct muster_offer t = sc.offers.items[i];
		sc.offers.items[i] = sc.offers.items[n - 1 - i];
		sc.offers.items[n - 1 - i] = t;
	}
	sc.offers.items[1].units += 2;
	char *changed = xstrdup(sc.offers.items[1].id);
	int64_t before = version_of(f->db, "offers", changed);
	assert_int_equal(muster_db_import_update(f->db, &sc, true, &sum, &err), 0);
	const struct muster_import_count *c = count_of(&sum, "offers");
	assert_int_equal(c->updated, 1);
	assert_int_equal(c->inserted + c->deleted, 0);
	assert_int_equal(c->unchanged, n - 1);
	assert_int_equal(sum.revision, rev + 1);
	assert_int_equal(version_of(f->db, "offers", changed), before + 1);
	free(changed);
	muster_scenario_release(&sc);
	muster_error_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_same_folder_writes_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_update_insert_keep, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_order_does_not_matter, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_invalid_changes_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
