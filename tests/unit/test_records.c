/*
 * test_records.c: single-record edits through muster_db_edit on every
 * entity (set, add, delete), versions and stale-version conflicts,
 * structured errors, and the audit log (history, its hash chain). Each test
 * works on a fresh database holding tests/cli/data/small.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "muster.h"
#include "util.h"
#include "db_fixture.h"

static int setup(void **state)
{
	struct fixture *f = fixture_new("test_records");
	struct muster_error err = {0};
	struct muster_scenario sc;
	if (!f)
		return -1;
	muster_scenario_init(&sc);
	if (muster_scenario_read_dir(&sc, MUSTER_SRC "/tests/cli/data/small", &err) < 0 ||
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

/* The value of `field` in a record, or NULL. */
static const char *value_of(const struct muster_record *r, const char *field)
{
	for (size_t i = 0; i < r->names.nr; i++)
		if (!strcmp(r->names.items[i], field))
			return r->values.items[i];
	return NULL;
}

static int edit(struct fixture *f, enum muster_edit_op op, const char *entity, const char *key,
		const char *field, int64_t if_version, struct muster_record *out,
		struct muster_error *err)
{
	const char *fields[] = {field};
	struct muster_edit e = {.op = op,
				.entity = entity,
				.key = key,
				.fields = fields,
				.nfields = field ? 1 : 0,
				.if_version = if_version,
				.reason = "test"};
	return muster_db_edit(f->db, &e, out, err);
}

/* One SET per entity, keys written as DESIGN.md section 11 says. */
static const struct {
	const char *entity, *key, *field, *name, *value;
} sets[] = {
    {"nations", "XKX", "name=Kosova", "name", "Kosova"},
    {"keys", "gdp-2020:USA", "value=21", "value", "21"},
    {"missions", "NMI", "organization=NATO HQ", "organization", "NATO HQ"},
    {"phases", "NMI:p1", "ceiling=600", "ceiling", "600"},
    {"capabilities", "training-team", "name=Trainers", "name", "Trainers"},
    {"requirements", "NMI:L01", "units=5", "units", "5"},
    {"caveats", "us-not-irq", "hard=no", "hard", "no"},
    {"offers", "o-usa-1", "units=3", "units", "3"},
    {"caps", "USA-IRQ-1", "limit=2000", "limit", "2000"},
    {"deployments", "us-irq-1", "personnel=2400", "personnel", "2400"},
};

static void test_set_every_entity(void **state)
{
	struct fixture *f = *state;
	int64_t rev = 0;
	for (size_t i = 0; i < ARRAY_SIZE(sets); i++) {
		struct muster_error err = {0};
		struct muster_record r = {0}, got = {0};
		int rc = edit(f, MUSTER_EDIT_SET, sets[i].entity, sets[i].key, sets[i].field, 1, &r,
			      &err);
		if (rc < 0)
			fprintf(stderr, "# %s: %s\n", sets[i].entity, err.msg);
		assert_int_equal(rc, 0);
		assert_int_equal(r.version, 2);
		assert_true(r.revision > rev); /* one new revision per edit */
		rev = r.revision;
		assert_string_equal(value_of(&r, sets[i].name), sets[i].value);
		assert_int_equal(muster_db_record(f->db, sets[i].entity, sets[i].key, &got, &err),
				 0);
		assert_int_equal(got.version, 2);
		assert_string_equal(value_of(&got, sets[i].name), sets[i].value);
		muster_record_release(&r);
		muster_record_release(&got);
		muster_error_release(&err);
	}
}

/* One ADD per entity (records nothing refers to), then their DELETE. */
static const struct {
	const char *entity, *key; /* the key the new record gets */
	const char *fields[10];
} adds[] = {
    {"nations", "ZZZ", {"code=ZZZ", "name=Zed"}},
    {"keys", "gdp-2021:USA", {"key=gdp-2021", "nation=USA", "value=1"}},
    {"missions", "M2", {"code=M2", "host=IRQ"}},
    {"phases",
     "NMI:p9",
     {"mission=NMI", "phase=p9", "from=2000-01-01", "to=2001-01-01", "ceiling=1"}},
    {"capabilities", "c2", {"code=c2"}},
    {"requirements",
     "NMI:L99",
     {"mission=NMI", "line=L99", "capability=training-team", "units=1", "personnel=1",
      "from=2021-03-01", "to=2021-04-01"}},
    {"caveats", "cv2", {"id=cv2", "nation=USA", "kind=max-days", "value=30"}},
    {"offers",
     "o2",
     {"id=o2", "nation=USA", "capability=training-team", "units=1", "personnel=1",
      "from=2021-03-01"}},
    {"caps", "USA-IRQ-2", {"nation=USA", "country=IRQ", "limit=1", "from=2030-01-01"}},
    {"deployments",
     "d0002",
     {"nation=USA", "country=IRQ", "personnel=1", "from=2021-01-01"}}, /* d0001: imported */
};

static void test_add_and_delete_every_entity(void **state)
{
	struct fixture *f = *state;
	for (size_t i = 0; i < ARRAY_SIZE(adds); i++) {
		struct muster_error err = {0};
		struct muster_record r = {0};
		size_t n = 0;
		while (n < ARRAY_SIZE(adds[i].fields) && adds[i].fields[n])
			n++;
		struct muster_edit e = {.op = MUSTER_EDIT_ADD,
					.entity = adds[i].entity,
					.fields = adds[i].fields,
					.nfields = n};
		int rc = muster_db_edit(f->db, &e, &r, &err);
		if (rc < 0)
			fprintf(stderr, "# %s: %s\n", adds[i].entity, err.msg);
		assert_int_equal(rc, 0);
		assert_string_equal(r.key, adds[i].key);
		assert_int_equal(r.version, 1);
		muster_record_release(&r);
		muster_error_release(&err);
	}
	for (size_t i = ARRAY_SIZE(adds); i-- > 0;) {
		struct muster_error err = {0};
		struct muster_record r = {0};
		assert_int_equal(
		    edit(f, MUSTER_EDIT_DELETE, adds[i].entity, adds[i].key, NULL, 1, &r, &err), 0);
		assert_int_equal(r.version, 1); /* the version it had */
		assert_int_equal(muster_db_record(f->db, adds[i].entity, adds[i].key, &r, &err),
				 MUSTER_ENOENT);
		muster_record_release(&r);
		muster_error_release(&err);
	}
}

static void test_stale_version_conflicts(void **state)
{
	struct fixture *f = *state;
	struct muster_error err = {0};
	struct muster_record r = {0};
	assert_int_equal(edit(f, MUSTER_EDIT_SET, "offers", "o-usa-1", "units=3", 1, &r, &err), 0);
	muster_record_release(&r);
	/* a second writer that read version 1 */
	assert_int_equal(edit(f, MUSTER_EDIT_SET, "offers", "o-usa-1", "units=4", 1, &r, &err),
			 MUSTER_ECONFLICT);
	assert_non_null(strstr(err.msg, "is at version 2, not 1"));
	assert_int_equal(edit(f, MUSTER_EDIT_DELETE, "offers", "o-usa-1", NULL, 1, &r, &err),
			 MUSTER_ECONFLICT);
	/* nothing lost: the first change stands */
	assert_int_equal(muster_db_record(f->db, "offers", "o-usa-1", &r, &err), 0);
	assert_string_equal(value_of(&r, "units"), "3");
	assert_int_equal(r.version, 2);
	muster_record_release(&r);
	muster_error_release(&err);
}

/* The record `key` of `list`, or NULL. */
static const struct muster_record *listed(const struct muster_record_list *l, const char *key)
{
	for (size_t i = 0; i < l->nr; i++)
		if (!strcmp(l->items[i].key, key))
			return &l->items[i];
	return NULL;
}

/*
 * The handle's cache of the present (muster_db_records, muster_db_record,
 * muster_db_code_check) follows writes made through another handle, as a
 * CLI in another process makes them: read, write elsewhere, read again.
 */
static void test_cache_follows_other_writers(void **state)
{
	struct fixture *f = *state;
	struct muster_error err = {0};
	struct muster_record_list l = {0};
	struct muster_record r = {0};
	struct muster_db *other = NULL;
	int64_t rev1 = 0, rev2 = 0;
	assert_int_equal(muster_db_records(f->db, "offers", NULL, &l, &rev1, &err), 0);
	assert_non_null(listed(&l, "o-usa-1"));
	assert_int_equal(listed(&l, "o-usa-1")->version, 1);
	muster_record_list_release(&l);
	assert_int_equal(muster_db_code_check(f->db, MUSTER_CODE_NATION, "ZZZ", NULL, &err),
			 MUSTER_ENOENT);
	assert_int_equal(muster_db_record(f->db, "offers", "o-usa-1", &r, &err), 0);
	muster_record_release(&r);

	assert_int_equal(muster_db_open(&other, f->path, &err), 0);
	const char *set[] = {"units=3"}, *add[] = {"code=ZZZ", "name=Zed"};
	struct muster_edit e1 = {.op = MUSTER_EDIT_SET,
				 .entity = "offers",
				 .key = "o-usa-1",
				 .fields = set,
				 .nfields = 1},
			   e2 = {.op = MUSTER_EDIT_ADD,
				 .entity = "nations",
				 .fields = add,
				 .nfields = 2};
	assert_int_equal(muster_db_edit(other, &e1, NULL, &err), 0);
	assert_int_equal(muster_db_edit(other, &e2, NULL, &err), 0);
	muster_db_close(other);

	assert_int_equal(muster_db_records(f->db, "offers", NULL, &l, &rev2, &err), 0);
	assert_true(rev2 > rev1);
	assert_string_equal(value_of(listed(&l, "o-usa-1"), "units"), "3");
	assert_int_equal(listed(&l, "o-usa-1")->version, 2);
	muster_record_list_release(&l);
	assert_int_equal(muster_db_record(f->db, "offers", "o-usa-1", &r, &err), 0);
	assert_string_equal(value_of(&r, "units"), "3");
	assert_int_equal(r.version, 2);
	muster_record_release(&r);
	assert_int_equal(muster_db_code_check(f->db, MUSTER_CODE_NATION, "ZZZ", NULL, &err), 0);
	/* as of the first revision: the old value, not the cache of the present */
	char point[32];
	snprintf(point, sizeof(point), "r%lld", (long long)rev1);
	assert_int_equal(muster_db_records(f->db, "offers", point, &l, NULL, &err), 0);
	assert_string_not_equal(value_of(listed(&l, "o-usa-1"), "units"), "3");
	muster_record_list_release(&l);
	muster_error_release(&err);
}

static void test_errors_are_structured(void **state)
{
	struct fixture *f = *state;
	struct muster_error err = {0};
	struct muster_record r = {0};
	int64_t before = 0, after = 0;
	assert_int_equal(muster_db_revision(f->db, NULL, &before, &err), 0);
	assert_int_equal(edit(f, MUSTER_EDIT_SET, "offers", "o-usa-1", "units=two", 0, &r, &err),
			 MUSTER_EINVAL);
	assert_int_equal(err.items.nr, 1);
	assert_string_equal(err.items.items[0].entity, "offers");
	assert_string_equal(err.items.items[0].key, "o-usa-1");
	assert_string_equal(err.items.items[0].column, "units");
	assert_string_equal(err.items.items[0].message,
			    "offers 'o-usa-1': column 'units': expected a whole number >= 1, got "
			    "'two'");
	muster_error_release(&err);
	assert_int_equal(
	    edit(f, MUSTER_EDIT_SET, "offers", "o-usa-1", "capability=nope", 0, &r, &err),
	    MUSTER_EINVAL);
	assert_int_equal(err.items.nr, 1);
	assert_string_equal(err.items.items[0].column, "capability");
	muster_error_release(&err);
	assert_int_equal(edit(f, MUSTER_EDIT_SET, "offer", "o-usa-1", "units=2", 0, &r, &err),
			 MUSTER_EUSAGE);
	assert_int_equal(edit(f, MUSTER_EDIT_SET, "offers", "o-usa-9", "units=2", 0, &r, &err),
			 MUSTER_ENOENT);
	assert_int_equal(muster_db_revision(f->db, NULL, &after, &err), 0);
	assert_int_equal(after, before); /* nothing was written */
	muster_error_release(&err);
}

static void test_history_and_chain(void **state)
{
	struct fixture *f = *state;
	struct muster_error err = {0};
	struct muster_record r = {0};
	struct muster_audit_list l = {0};
	struct muster_history_filter flt = {.entity = "offers", .key = "o-usa-1"};
	size_t rows = 0;
	assert_int_equal(edit(f, MUSTER_EDIT_SET, "offers", "o-usa-1", "units=3", 0, &r, &err), 0);
	muster_record_release(&r);
	assert_int_equal(
	    edit(f, MUSTER_EDIT_SET, "offers", "o-usa-1", "status=accepted", 0, &r, &err), 0);
	muster_record_release(&r);
	assert_int_equal(muster_db_history(f->db, &flt, &l, &err), 0);
	assert_int_equal(l.nr, 3); /* the import's insert, two updates */
	assert_string_equal(l.items[0].op, "insert");
	assert_null(l.items[0].before);
	assert_string_equal(l.items[1].op, "update");
	assert_string_equal(l.items[1].actor, "tester");
	assert_string_equal(l.items[1].reason, "test");
	assert_non_null(strstr(l.items[1].before, "\"units\":\"2\""));
	assert_non_null(strstr(l.items[1].after, "\"units\":\"3\""));
	assert_true(l.items[2].rev > l.items[1].rev);
	assert_int_equal(strlen(l.items[2].hash), 64);
	assert_int_equal(strlen(l.items[2].at), strlen("2021-02-18T12:00:00.000Z"));
	muster_audit_list_release(&l);
	assert_int_equal(muster_db_history_verify(f->db, &rows, &err), 0);
	assert_true(rows > 3);
	muster_error_release(&err);
}

/*
 * The audit rows' JSON (written by records.c directly) is byte for byte what
 * jansson writes for the same object (JSON_COMPACT | JSON_PRESERVE_ORDER |
 * JSON_ENSURE_ASCII, the log's text before): every row of the import, and
 * names needing each kind of escape.
 */
static void test_audit_json_as_jansson(void **state)
{
	struct fixture *f = *state;
	struct muster_error err = {0};
	struct muster_record r = {0};
	struct muster_audit_list l = {0};
	static const char *const names[] = {
	    "quote \" backslash \\ slash / del \x7f",
	    "tab\there, bell \x07 and \x1f",
	    "\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xef\xbf\xbd \xd7\x90",
	    "line\nbreak\r, form\ffeed\bback",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *field = xstrfmt("name=%s", names[i]);
		int rc = edit(f, MUSTER_EDIT_SET, "nations", "XKX", field, 0, &r, &err);
		if (rc < 0)
			fprintf(stderr, "# %s: %s\n", names[i], err.msg);
		assert_int_equal(rc, 0);
		free(field);
		muster_record_release(&r);
	}
	assert_int_equal(muster_db_history(f->db, NULL, &l, &err), 0);
	size_t checked = 0, escaped = 0;
	for (size_t i = 0; i < l.nr; i++) {
		const char *texts[] = {l.items[i].before, l.items[i].after};
		for (size_t k = 0; k < 2; k++) {
			if (!texts[k])
				continue;
			json_error_t jerr;
			json_t *o = json_loads(texts[k], 0, &jerr);
			assert_non_null(o);
			char *again =
			    json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
			assert_string_equal(texts[k], again);
			escaped += strstr(texts[k], "\\u") != NULL;
			free(again);
			json_decref(o);
			checked++;
		}
	}
	assert_true(checked > 20);
	assert_true(escaped >= 4); /* the edits' \u escapes were compared too */
	muster_audit_list_release(&l);
	muster_error_release(&err);
}

/*
 * In French the detail lines are French, and the structured column is still
 * the CSV column name (the server's JSON does not change with the
 * language). Run last: the language is chosen once per process.
 */
static void test_errors_are_structured_in_french(void **state)
{
	struct fixture *f = *state;
	struct muster_error err = {0};
	struct muster_record r = {0};
	assert_int_equal(muster_i18n_init("fr"), 0);
	assert_string_equal(muster_i18n_lang(), "fr");
	assert_int_equal(edit(f, MUSTER_EDIT_SET, "offers", "o-usa-1", "units=two", 0, &r, &err),
			 MUSTER_EINVAL);
	assert_int_equal(err.items.nr, 1);
	assert_string_equal(err.items.items[0].column, "units");
	assert_string_equal(err.items.items[0].message,
			    "offers \u00ab\u00a0o-usa-1\u00a0\u00bb: colonne "
			    "\u00ab\u00a0units\u00a0\u00bb\u00a0: "
			    "attendu\u00a0: un nombre entier \u2265 1, re\u00e7u "
			    "\u00ab\u00a0two\u00a0\u00bb");
	muster_error_release(&err);
	assert_int_equal(
	    edit(f, MUSTER_EDIT_SET, "offers", "o-usa-1", "capability=nope", 0, &r, &err),
	    MUSTER_EINVAL);
	assert_int_equal(err.items.nr, 1);
	assert_string_equal(err.items.items[0].column, "capability");
	assert_non_null(strstr(err.items.items[0].message, "introuvable"));
	muster_error_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_set_every_entity, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_add_and_delete_every_entity, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stale_version_conflicts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cache_follows_other_writers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_errors_are_structured, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_history_and_chain, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit_json_as_jansson, setup, teardown),
	    /* last: it switches the process to French */
	    cmocka_unit_test_setup_teardown(test_errors_are_structured_in_french, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
