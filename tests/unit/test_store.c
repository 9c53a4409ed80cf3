/*
 * test_store.c: the store (store.c over store_sqlite.c) through the public
 * muster_db_* API: open, migrate and reopen; the three import modes; a load
 * that returns exactly what was imported (every field, NULLs, open dates,
 * lists, order); failed and interrupted imports that leave the database as it
 * was; sourcing runs; what-if scenarios; a database from a newer muster.
 * Each test works in its own temporary folder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "muster.h"
#include "util.h"
#include "db_fixture.h"

static int setup(void **state)
{
	struct fixture *f = fixture_new("test_store");
	if (!f)
		return -1;
	*state = f;
	return 0;
}

static struct muster_db *open_db(struct fixture *f)
{
	struct muster_error err = {0};
	muster_db_close(f->db);
	f->db = NULL;
	int rc = muster_db_create(&f->db, f->path, &err);
	if (rc < 0)
		fprintf(stderr, "# %s\n", err.msg);
	assert_int_equal(rc, 0);
	muster_error_release(&err);
	return f->db;
}

static int32_t day(const char *s)
{
	int32_t d;
	assert_int_equal(muster_date_parse(s, &d), 0);
	return d;
}

static void split(struct muster_strlist *l, const char *s)
{
	muster_strlist_split(l, s, ';');
}

/* A small scenario touching every entity and field; `tag` makes ids unique. */
static void build(struct muster_scenario *sc, const char *tag)
{
	char *id = xstrfmt("m%s", tag);
	struct muster_nation n = {.code = xstrfmt("X%s", tag), .name = xstrdup("Ruritania")};
	split(&n.memberships, "NATO;EU");
	ARRAY_PUSH(sc->nations, n);
	struct muster_nation n2 = {.code = xstrfmt("Y%s", tag)}; /* every optional NULL */
	ARRAY_PUSH(sc->nations, n2);
	struct muster_key k = {
	    .key = xstrfmt("gni-%s", tag), .nation = xstrdup("USA"), .value = 0.125};
	ARRAY_PUSH(sc->keys, k);
	struct muster_mission m = {.code = id,
				   .name = xstrdup("NATO Mission Iraq, \"NMI\""),
				   .organization = xstrdup("NATO"),
				   .host = xstrdup("IRQ"),
				   .from = day("2018-10-01"),
				   .to = MUSTER_DATE_OPEN};
	ARRAY_PUSH(sc->missions, m);
	struct muster_mission m2 = {.code = xstrfmt("n%s", tag),
				    .host = xstrdup("KWT"),
				    .from = MUSTER_DATE_NONE,
				    .to = MUSTER_DATE_OPEN};
	ARRAY_PUSH(sc->missions, m2);
	struct muster_phase p = {.mission = xstrdup(id),
				 .phase = xstrdup("grow"),
				 .from = day("2021-02-18"),
				 .to = MUSTER_DATE_OPEN,
				 .ceiling = 4000,
				 .scope = MUSTER_SCOPE_IN_HOST,
				 .status = MUSTER_PHASE_REQUESTED};
	ARRAY_PUSH(sc->phases, p);
	struct muster_capability c = {.code = xstrfmt("train%s", tag), .name = xstrdup("training")};
	struct muster_capability c2 = {.code = xstrfmt("advise%s", tag)};
	ARRAY_PUSH(sc->capabilities, c2);
	split(&c.substitutes, c2.code);
	ARRAY_PUSH(sc->capabilities, c);
	struct muster_requirement r = {.mission = xstrdup(id),
				       .line = xstrdup("L1"),
				       .capability = xstrfmt("train%s", tag),
				       .units = 3,
				       .personnel = 40,
				       .location = NULL,
				       .from = day("2021-03-01"),
				       .to = day("2022-03-01"),
				       .priority = 1,
				       .min_readiness = 2};
	split(&r.tasks, "train;advise");
	ARRAY_PUSH(sc->requirements, r);
	struct muster_caveat cv = {.id = xstrfmt("c%s", tag),
				   .nation = xstrdup("USA"),
				   .kind = MUSTER_CAVEAT_NOT_COUNTRIES,
				   .hard = true};
	split(&cv.values, "IRQ");
	ARRAY_PUSH(sc->caveats, cv);
	struct muster_caveat cv2 = {.id = xstrfmt("d%s", tag),
				    .nation = xstrdup("DEU"),
				    .kind = MUSTER_CAVEAT_MAX_DAYS,
				    .days = 180,
				    .hard = false};
	ARRAY_PUSH(sc->caveats, cv2);
	struct muster_offer o = {.id = xstrfmt("o%s", tag),
				 .nation = xstrdup("USA"),
				 .capability = xstrfmt("train%s", tag),
				 .units = 2,
				 .personnel = 35,
				 .from = day("2021-01-01"),
				 .to = MUSTER_DATE_OPEN,
				 .readiness = 3,
				 .mission = xstrdup(id),
				 .line = xstrdup("L1"),
				 .status = MUSTER_OFFER_ACCEPTED};
	split(&o.caveats, cv.id);
	ARRAY_PUSH(sc->offers, o);
	struct muster_cap cap = {.nation = xstrdup("USA"),
				 .country = xstrdup(strcmp(tag, "1") ? "SYR" : "AFG"),
				 .limit = 0,
				 .from = day("2021-05-01"),
				 .to = MUSTER_DATE_OPEN,
				 .note = xstrdup("deadline")};
	ARRAY_PUSH(sc->caps, cap);
	struct muster_deployment d = {.id = NULL,
				      .nation = xstrdup("USA"),
				      .country = xstrdup("IRQ"),
				      .mission = NULL,
				      .personnel = 2500,
				      .from = day("2021-01-15"),
				      .to = MUSTER_DATE_OPEN,
				      .kind = MUSTER_DEPLOY_SUPPORT,
				      .counts_against_cap = false,
				      .source = xstrdup("public reporting, Feb 2021")};
	ARRAY_PUSH(sc->deployments, d);
}

/* ---- field-by-field comparison ---------------------------------------- */

static void same_str(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* An id the file left empty comes back as the one the store assigned. */
static void same_id(const char *a, const char *b)
{
	if (!a || !b)
		assert_non_null(a ? a : b);
	else
		assert_string_equal(a, b);
}

static void same_list(const struct muster_strlist *a, const struct muster_strlist *b)
{
	assert_int_equal(a->nr, b->nr);
	for (size_t i = 0; i < a->nr; i++)
		assert_string_equal(a->items[i], b->items[i]);
}

static void same_missions(const struct muster_scenario *a, const struct muster_scenario *b)
{
	assert_int_equal(a->missions.nr, b->missions.nr);
	for (size_t i = 0; i < a->missions.nr; i++) {
		const struct muster_mission *x = &a->missions.items[i], *y = &b->missions.items[i];
		same_str(x->code, y->code);
		same_str(x->name, y->name);
		same_str(x->organization, y->organization);
		same_str(x->host, y->host);
		assert_int_equal(x->from, y->from);
		assert_int_equal(x->to, y->to);
	}
	assert_int_equal(a->phases.nr, b->phases.nr);
	for (size_t i = 0; i < a->phases.nr; i++) {
		const struct muster_phase *x = &a->phases.items[i], *y = &b->phases.items[i];
		same_str(x->mission, y->mission);
		same_str(x->phase, y->phase);
		assert_int_equal(x->from, y->from);
		assert_int_equal(x->to, y->to);
		assert_int_equal(x->ceiling, y->ceiling);
		assert_int_equal(x->scope, y->scope);
		assert_int_equal(x->status, y->status);
	}
}

static void same_nations(const struct muster_scenario *a, const struct muster_scenario *b)
{
	assert_int_equal(a->nations.nr, b->nations.nr);
	for (size_t i = 0; i < a->nations.nr; i++) {
		same_str(a->nations.items[i].code, b->nations.items[i].code);
		same_str(a->nations.items[i].name, b->nations.items[i].name);
		same_str(a->nations.items[i].region, b->nations.items[i].region);
		same_list(&a->nations.items[i].memberships, &b->nations.items[i].memberships);
	}
	assert_int_equal(a->keys.nr, b->keys.nr);
	for (size_t i = 0; i < a->keys.nr; i++) {
		same_str(a->keys.items[i].key, b->keys.items[i].key);
		same_str(a->keys.items[i].nation, b->keys.items[i].nation);
		assert_true(a->keys.items[i].value == b->keys.items[i].value);
	}
	assert_int_equal(a->capabilities.nr, b->capabilities.nr);
	for (size_t i = 0; i < a->capabilities.nr; i++) {
		same_str(a->capabilities.items[i].code, b->capabilities.items[i].code);
		same_str(a->capabilities.items[i].name, b->capabilities.items[i].name);
		same_list(&a->capabilities.items[i].substitutes,
			  &b->capabilities.items[i].substitutes);
	}
}

static void same_requirements(const struct muster_scenario *a, const struct muster_scenario *b)
{
	assert_int_equal(a->requirements.nr, b->requirements.nr);
	for (size_t i = 0; i < a->requirements.nr; i++) {
		const struct muster_requirement *x = &a->requirements.items[i];
		const struct muster_requirement *y = &b->requirements.items[i];
		same_str(x->mission, y->mission);
		same_str(x->line, y->line);
		same_str(x->capability, y->capability);
		assert_int_equal(x->units, y->units);
		assert_int_equal(x->personnel, y->personnel);
		same_str(x->location, y->location);
		assert_int_equal(x->from, y->from);
		assert_int_equal(x->to, y->to);
		assert_int_equal(x->priority, y->priority);
		assert_int_equal(x->min_readiness, y->min_readiness);
		same_list(&x->tasks, &y->tasks);
	}
}

static void same_offers(const struct muster_scenario *a, const struct muster_scenario *b)
{
	assert_int_equal(a->offers.nr, b->offers.nr);
	for (size_t i = 0; i < a->offers.nr; i++) {
		const struct muster_offer *x = &a->offers.items[i], *y = &b->offers.items[i];
		same_str(x->id, y->id);
		same_str(x->nation, y->nation);
		same_str(x->capability, y->capability);
		assert_int_equal(x->units, y->units);
		assert_int_equal(x->personnel, y->personnel);
		assert_int_equal(x->from, y->from);
		assert_int_equal(x->to, y->to);
		assert_int_equal(x->readiness, y->readiness);
		same_str(x->mission, y->mission);
		same_str(x->line, y->line);
		same_list(&x->caveats, &y->caveats);
		assert_int_equal(x->status, y->status);
	}
	assert_int_equal(a->caveats.nr, b->caveats.nr);
	for (size_t i = 0; i < a->caveats.nr; i++) {
		const struct muster_caveat *x = &a->caveats.items[i], *y = &b->caveats.items[i];
		same_str(x->id, y->id);
		same_str(x->nation, y->nation);
		assert_int_equal(x->kind, y->kind);
		same_list(&x->values, &y->values);
		assert_int_equal(x->days, y->days);
		assert_int_equal(x->hard, y->hard);
	}
}

static void same_posture(const struct muster_scenario *a, const struct muster_scenario *b)
{
	assert_int_equal(a->caps.nr, b->caps.nr);
	for (size_t i = 0; i < a->caps.nr; i++) {
		const struct muster_cap *x = &a->caps.items[i], *y = &b->caps.items[i];
		same_id(x->id, y->id);
		same_str(x->nation, y->nation);
		same_str(x->country, y->country);
		assert_int_equal(x->limit, y->limit);
		assert_int_equal(x->from, y->from);
		assert_int_equal(x->to, y->to);
		same_str(x->note, y->note);
	}
	assert_int_equal(a->deployments.nr, b->deployments.nr);
	for (size_t i = 0; i < a->deployments.nr; i++) {
		const struct muster_deployment *x = &a->deployments.items[i];
		const struct muster_deployment *y = &b->deployments.items[i];
		same_id(x->id, y->id);
		same_str(x->nation, y->nation);
		same_str(x->country, y->country);
		same_str(x->mission, y->mission);
		assert_int_equal(x->personnel, y->personnel);
		assert_int_equal(x->from, y->from);
		assert_int_equal(x->to, y->to);
		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->counts_against_cap, y->counts_against_cap);
		same_str(x->source, y->source);
	}
}

static void same_scenario(const struct muster_scenario *a, const struct muster_scenario *b)
{
	same_nations(a, b);
	same_missions(a, b);
	same_requirements(a, b);
	same_offers(a, b);
	same_posture(a, b);
}

/* The database holds exactly `want`. */
static void holds(struct muster_db *db, const struct muster_scenario *want)
{
	struct muster_scenario got;
	struct muster_error err = {0};
	muster_scenario_init(&got);
	assert_int_equal(muster_db_load(db, NULL, &got, &err), 0);
	same_scenario(want, &got);
	muster_scenario_release(&got);
}

static void import_ok(struct muster_db *db, const struct muster_scenario *sc,
		      enum muster_import_mode mode)
{
	struct muster_error err = {0};
	int rc = muster_db_import(db, sc, mode, &err);
	if (rc < 0)
		fprintf(stderr, "# %s\n", err.msg);
	assert_int_equal(rc, 0);
	muster_error_release(&err);
}

/* ---- tests ------------------------------------------------------------ */

static void test_open_migrate_reopen(void **state)
{
	struct fixture *f = *state;
	int found = -1, current = -1;
	bool empty = false;
	struct muster_error err = {0};
	struct muster_db *db = open_db(f);
	muster_db_schema(db, &found, &current);
	assert_int_equal(found, 0);
	assert_true(current >= 1);
	assert_string_equal(muster_db_backend(db), fixture_pg() ? "postgresql" : "sqlite");
	assert_int_equal(muster_db_is_empty(db, &empty, &err), 0);
	assert_true(empty);
	db = open_db(f);
	muster_db_schema(db, &found, NULL);
	assert_int_equal(found, current);
	assert_true(fixture_pg() || access(f->path, F_OK) == 0);
}

static void test_roundtrip(void **state)
{
	struct fixture *f = *state;
	struct muster_scenario sc;
	bool empty = true;
	muster_scenario_init(&sc);
	build(&sc, "1");
	import_ok(open_db(f), &sc, MUSTER_IMPORT_NEW);
	assert_int_equal(muster_db_is_empty(f->db, &empty, NULL), 0);
	assert_false(empty);
	holds(open_db(f), &sc); /* after a reopen, from disk */
	muster_scenario_release(&sc);
}

/*
 * The SQLite load keeps one copy of each code of the deployments (a million
 * rows name a few hundred): rows with the same nation and source share the
 * string, ids stay their own, and the scenario frees them once (ASan).
 */
static void test_load_shares_codes(void **state)
{
	struct fixture *f = *state;
	struct muster_scenario sc, got;
	muster_scenario_init(&sc);
	build(&sc, "1");
	for (int i = 0; i < 3; i++) {
		struct muster_deployment d = {.id = xstrfmt("d%d", i),
					      .nation = xstrdup("USA"),
					      .country = xstrdup(i == 1 ? "DEU" : "IRQ"),
					      .personnel = 10 + i,
					      .from = day("2021-01-15"),
					      .to = MUSTER_DATE_OPEN,
					      .counts_against_cap = true,
					      .source = xstrdup("public reporting, Feb 2021")};
		ARRAY_PUSH(sc.deployments, d);
	}
	import_ok(open_db(f), &sc, MUSTER_IMPORT_NEW);
	muster_scenario_init(&got);
	assert_int_equal(muster_db_load(open_db(f), NULL, &got, NULL), 0);
	same_scenario(&sc, &got);
	const struct muster_deployment *d = got.deployments.items;
	assert_int_equal(got.deployments.nr, 4);
	if (!fixture_pg()) { /* PostgreSQL's load copies every string */
		assert_ptr_equal(d[1].nation, d[3].nation);
		assert_ptr_equal(d[0].nation, d[2].nation);
		assert_ptr_equal(d[1].country, d[3].country);
		assert_ptr_equal(d[0].source, d[3].source);
		assert_ptr_not_equal(d[1].id, d[2].id);
		assert_ptr_not_equal(d[1].country, d[2].country);
	}
	muster_scenario_release(&got);
	assert_null(got.strings);
	muster_scenario_release(&sc);
}

/* Run SQL on the fixture's SQLite file through the sqlite3 shell (a hand edit). */
static void sqlite_edit(struct fixture *f, const char *sql)
{
	char *cmd =
	    xstrfmt("sqlite3 '%s' \"PRAGMA ignore_check_constraints = ON; %s\"", f->path, sql);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* Load and expect the store's refusal naming `want`. */
static void load_refused(struct fixture *f, const char *want)
{
	struct muster_scenario got;
	struct muster_error err = {0};
	muster_scenario_init(&got);
	assert_int_equal(muster_db_load(open_db(f), NULL, &got, &err), MUSTER_ESTORE);
	if (!strstr(err.msg, want))
		fprintf(stderr, "# got: %s\n# want: %s\n", err.msg, want);
	assert_non_null(strstr(err.msg, want));
	muster_error_release(&err);
	muster_scenario_release(&got);
}

/*
 * The deployments load on two threads, in batches of rows: every row comes
 * back in order across the batches, and a bad row far into the table (in a
 * later batch, while the reading runs ahead) is still refused with its row,
 * column and what is there, as on one thread.
 */
static void test_load_many_deployments(void **state)
{
	struct fixture *f = *state;
	FIXTURE_SQLITE_ONLY("hand edits through the sqlite3 shell");
	struct muster_scenario sc;
	muster_scenario_init(&sc);
	build(&sc, "1");
	for (int i = 0; i < 5000; i++) {
		struct muster_deployment d = {.id = xstrfmt("d%04d", i),
					      .nation = xstrdup(i % 3 ? "USA" : "DEU"),
					      .country = xstrdup(i % 7 ? "IRQ" : "KWT"),
					      .mission = i % 2 ? xstrdup("m1") : NULL,
					      .personnel = i,
					      .from = day("2021-01-15") + i % 50,
					      .to = i % 5 ? MUSTER_DATE_OPEN : day("2023-01-01"),
					      .kind = (enum muster_deployment_kind)(i % 4),
					      .counts_against_cap = i % 2,
					      .source = xstrdup(i < 2500 ? "a" : "b"),
					      .category = i % 11 ? NULL : xstrdup("police")};
		ARRAY_PUSH(sc.deployments, d);
	}
	import_ok(open_db(f), &sc, MUSTER_IMPORT_NEW);
	holds(open_db(f), &sc);
	muster_db_close(f->db);
	f->db = NULL;
	sqlite_edit(f, "UPDATE deployments SET kind = 'bogus' WHERE id = 'd3500'");
	load_refused(f, "table deployments, row 3502: column 'kind': expected permanent, "
			"rotational, temporary or support, got 'bogus'");
	muster_db_close(f->db);
	f->db = NULL;
	sqlite_edit(f, "UPDATE deployments SET kind = 'support' WHERE id = 'd3500';"
		       " UPDATE deployments SET to_day = from_day WHERE id = 'd4990'");
	load_refused(f, "table deployments, row 4992: column 'to': expected a date after 'from'");
	muster_scenario_release(&sc);
}

/*
 * Text with the characters COPY's text format escapes (tab, newline, carriage
 * return, backslash, and "\\N", its NULL) comes back byte for byte, and the
 * audit rows written with it still verify.
 */
static void test_roundtrip_escapes(void **state)
{
	struct fixture *f = *state;
	struct muster_scenario sc;
	size_t rows = 0;
	struct muster_error err = {0};
	muster_scenario_init(&sc);
	build(&sc, "1");
	free(sc.nations.items[0].name);
	sc.nations.items[0].name = xstrdup("a\tb\nc\rd\\e \\N \\t end\\");
	free(sc.missions.items[0].name);
	sc.missions.items[0].name = xstrdup("\\N");
	import_ok(open_db(f), &sc, MUSTER_IMPORT_NEW);
	holds(open_db(f), &sc);
	assert_int_equal(muster_db_history_verify(f->db, &rows, &err), 0);
	muster_error_release(&err);
	muster_scenario_release(&sc);
}

static void test_import_new_refuses_data(void **state)
{
	struct fixture *f = *state;
	struct muster_scenario a, b;
	struct muster_error err = {0};
	muster_scenario_init(&a);
	muster_scenario_init(&b);
	build(&a, "1");
	build(&b, "2");
	import_ok(open_db(f), &a, MUSTER_IMPORT_NEW);
	assert_int_equal(muster_db_import(f->db, &b, MUSTER_IMPORT_NEW, &err), MUSTER_EEXIST);
	assert_non_null(strstr(err.msg, "--merge"));
	assert_non_null(strstr(err.msg, "--replace"));
	holds(f->db, &a);
	muster_error_release(&err);
	muster_scenario_release(&a);
	muster_scenario_release(&b);
}

static void test_import_replace(void **state)
{
	struct fixture *f = *state;
	struct muster_scenario a, b;
	muster_scenario_init(&a);
	muster_scenario_init(&b);
	build(&a, "1");
	build(&b, "2");
	import_ok(open_db(f), &a, MUSTER_IMPORT_NEW);
	import_ok(f->db, &b, MUSTER_IMPORT_REPLACE);
	holds(f->db, &b);
	muster_scenario_release(&a);
	muster_scenario_release(&b);
}

/* Move every row of `src` after those of `dst` (shallow: `src` is emptied). */
#define MOVE(field)                                                                                \
	do {                                                                                       \
		for (size_t i = 0; i < src->field.nr; i++)                                         \
			ARRAY_PUSH(dst->field, src->field.items[i]);                               \
		src->field.nr = 0;                                                                 \
	} while (0)
static void concat(struct muster_scenario *dst, struct muster_scenario *src)
{
	MOVE(nations);
	MOVE(keys);
	MOVE(missions);
	MOVE(phases);
	MOVE(capabilities);
	MOVE(requirements);
	MOVE(offers);
	MOVE(caveats);
	MOVE(caps);
	MOVE(deployments);
}

static void test_import_merge(void **state)
{
	struct fixture *f = *state;
	struct muster_scenario a, b, both;
	muster_scenario_init(&a);
	muster_scenario_init(&b);
	muster_scenario_init(&both);
	build(&a, "1");
	build(&b, "2");
	import_ok(open_db(f), &a, MUSTER_IMPORT_NEW);
	import_ok(f->db, &b, MUSTER_IMPORT_MERGE);
	concat(&both, &a);
	concat(&both, &b);
	holds(f->db, &both); /* the old rows, then the new, in order */
	muster_scenario_release(&a);
	muster_scenario_release(&b);
	muster_scenario_release(&both);
}

static void test_import_merge_duplicate(void **state)
{
	struct fixture *f = *state;
	struct muster_scenario a, again;
	struct muster_error err = {0};
	muster_scenario_init(&a);
	muster_scenario_init(&again);
	build(&a, "1");
	build(&again, "1"); /* the same ids */
	import_ok(open_db(f), &a, MUSTER_IMPORT_NEW);
	int rc = muster_db_import(f->db, &again, MUSTER_IMPORT_MERGE, &err);
	assert_true(rc < 0);
	assert_non_null(err.msg);
	assert_non_null(strstr(err.msg, "cannot merge"));
	holds(f->db, &a);
	muster_error_release(&err);
	muster_scenario_release(&a);
	muster_scenario_release(&again);
}

/* A bad row at the end of a big import fails it whole: nothing is stored. */
static void test_failed_import_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct muster_scenario a, big;
	struct muster_error err = {0};
	muster_scenario_init(&a);
	muster_scenario_init(&big);
	build(&a, "1");
	import_ok(open_db(f), &a, MUSTER_IMPORT_NEW);
	for (int i = 0; i < 20000; i++) {
		struct muster_deployment d = {.nation = xstrdup("FRA"),
					      .country = xstrdup("MLI"),
					      .personnel = i,
					      .from = i,
					      .to = MUSTER_DATE_OPEN};
		ARRAY_PUSH(big.deployments, d);
	}
	big.deployments.items[19999].kind = (enum muster_deployment_kind)42;
	assert_int_equal(muster_db_import(f->db, &big, MUSTER_IMPORT_REPLACE, &err), MUSTER_EINVAL);
	holds(f->db, &a);
	/* Interrupted (Ctrl-C) between batches: rolled back as well. */
	big.deployments.items[19999].kind = MUSTER_DEPLOY_PERMANENT;
	atomic_int cancel = 1;
	struct muster_ctx ctx = {.cancel = &cancel};
	muster_db_set_ctx(f->db, &ctx);
	assert_int_equal(muster_db_import(f->db, &big, MUSTER_IMPORT_REPLACE, &err), MUSTER_EINTR);
	muster_db_set_ctx(f->db, NULL);
	assert_non_null(strstr(err.msg, "unchanged"));
	holds(open_db(f), &a);
	/* And without the fault it all goes in, in order. */
	import_ok(f->db, &big, MUSTER_IMPORT_REPLACE);
	holds(open_db(f), &big);
	muster_error_release(&err);
	muster_scenario_release(&a);
	muster_scenario_release(&big);
}

/* Progress hook of the child below: tell the parent, then wait to be killed. */
static void signal_and_wait(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	int fd = *(int *)ctx;
	(void)what;
	(void)total;
	if (done < 50000) /* past the page cache: pages spilled */
		return;
	if (write(fd, "x", 1) != 1)
		_exit(3);
	for (;;)
		pause();
}

/* kill -9 in the middle of a REPLACE import: the database is as before. */
static void test_kill9_mid_import(void **state)
{
	struct fixture *f = *state;
	struct muster_scenario a, big;
	int fds[2];
	char c;
	muster_scenario_init(&a);
	muster_scenario_init(&big);
	build(&a, "1");
	import_ok(open_db(f), &a, MUSTER_IMPORT_NEW);
	muster_db_close(f->db);
	f->db = NULL;
	/* 60,000 rows of ~700 bytes overflow the 32 MiB page cache, so the
	 * uncommitted transaction has spilled pages into the WAL when killed. */
	char source[701];
	memset(source, 's', 700);
	source[700] = 0;
	for (int i = 0; i < 60000; i++) {
		struct muster_deployment d = {.nation = xstrdup("FRA"),
					      .country = xstrdup("MLI"),
					      .personnel = i,
					      .from = i,
					      .to = MUSTER_DATE_OPEN,
					      .source = xstrdup(source)};
		ARRAY_PUSH(big.deployments, d);
	}
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct muster_db *db = NULL;
		close(fds[0]);
		struct muster_ctx ctx = {.progress = signal_and_wait, .progress_data = &fds[1]};
		if (muster_db_open(&db, f->path, NULL) == 0) {
			muster_db_set_ctx(db, &ctx);
			muster_db_import(db, &big, MUSTER_IMPORT_REPLACE, NULL);
		}
		_exit(2); /* never reached when killed in time */
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1); /* the child is mid-transaction */
	kill(pid, SIGKILL);
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	close(fds[0]);
	if (!fixture_pg()) { /* PostgreSQL: the server rolls the dead client's COPY back */
		char *wal = xstrfmt("%s-wal", f->path);
		struct stat stw;
		assert_int_equal(stat(wal, &stw), 0);
		assert_true(stw.st_size > 1024 * 1024); /* the killed writer had spilled */
		free(wal);
	}
	holds(open_db(f), &a);
	muster_scenario_release(&a);
	muster_scenario_release(&big);
}

static void add_run(struct muster_db *db, const char *whatif, const char *mission, double obj,
		    int64_t *id)
{
	struct muster_run run = {.whatif = xstrdup_or_null(whatif),
				 .mission = xstrdup_or_null(mission),
				 .solver = xstrdup("fast"),
				 .with_requested = true,
				 .fair_weight = 0.5,
				 .objective = obj,
				 .bound = obj * 2,
				 .gap = 0.5,
				 .fill = 87.5,
				 .seconds = 0.25};
	struct muster_assignment a = {.mission = xstrdup("NMI"),
				      .line = xstrdup("L1"),
				      .offer = xstrdup("o1"),
				      .nation = xstrdup("USA"),
				      .units = 2,
				      .personnel = 70,
				      .from = day("2021-03-01"),
				      .to = day("2021-04-01"),
				      .capability = xstrdup("TRG"),
				      .substitute = true,
				      .soft_caveats = xstrdup("c2;c3"),
				      .person_days = 70 * 31};
	struct muster_gap g = {.mission = xstrdup("NMI"),
			       .line = xstrdup("L2"),
			       .from = day("2021-03-01"),
			       .to = day("2021-06-01"),
			       .missing_units = 3,
			       .missing_personnel = 95,
			       .reason = MUSTER_GAP_CAVEAT,
			       .detail = xstrdup("caveat c1")};
	ARRAY_PUSH(run.assignments, a);
	ARRAY_PUSH(run.gaps, g);
	if (whatif && muster_db_whatif_get(db, whatif, NULL, NULL, NULL) < 0)
		assert_int_equal(muster_db_whatif_create(db, whatif, NULL, NULL), 0);
	assert_int_equal(muster_db_revision(db, whatif, &run.revision, NULL), 0);
	assert_int_equal(muster_db_run_save(db, &run, NULL), 0);
	assert_true(run.id > 0);
	assert_non_null(run.created);
	assert_int_equal(strlen(run.created), 20); /* 2021-02-18T12:00:00Z */
	*id = run.id;
	muster_run_release(&run);
}

static void test_runs(void **state)
{
	struct fixture *f = *state;
	struct muster_db *db = open_db(f);
	struct muster_run run = {0};
	struct muster_error err = {0};
	int64_t all1, nmi, all2, wi;
	assert_int_equal(muster_db_run_latest(db, NULL, NULL, &run, &err), MUSTER_ENOENT);
	muster_error_release(&err);
	add_run(db, NULL, NULL, 10, &all1);
	add_run(db, NULL, "NMI", 20, &nmi);
	add_run(db, NULL, NULL, 30, &all2);
	add_run(db, "surge", NULL, 40, &wi);
	db = open_db(f);
	assert_int_equal(muster_db_run_latest(db, NULL, NULL, &run, NULL), 0);
	assert_int_equal(run.id, all2);
	assert_null(run.whatif);
	assert_null(run.mission);
	assert_string_equal(run.solver, "fast");
	assert_true(run.with_requested);
	assert_true(run.objective == 30 && run.bound == 60 && run.gap == 0.5);
	assert_true(run.fill == 87.5 && run.seconds == 0.25 && run.fair_weight == 0.5);
	assert_int_equal(run.assignments.nr, 1);
	assert_string_equal(run.assignments.items[0].offer, "o1");
	assert_int_equal(run.assignments.items[0].personnel, 70);
	assert_int_equal(run.assignments.items[0].to, day("2021-04-01"));
	assert_string_equal(run.assignments.items[0].capability, "TRG");
	assert_true(run.assignments.items[0].substitute);
	assert_string_equal(run.assignments.items[0].soft_caveats, "c2;c3");
	assert_int_equal(run.assignments.items[0].person_days, 70 * 31);
	assert_int_equal(run.gaps.items[0].missing_personnel, 95);
	assert_int_equal(run.gaps.nr, 1);
	assert_int_equal(run.gaps.items[0].reason, MUSTER_GAP_CAVEAT);
	assert_int_equal(run.gaps.items[0].to, day("2021-06-01"));
	assert_string_equal(run.gaps.items[0].detail, "caveat c1");
	muster_run_release(&run);
	/* the run over all missions came after the NMI one, and covers NMI */
	assert_int_equal(muster_db_run_latest(db, NULL, "NMI", &run, NULL), 0);
	assert_int_equal(run.id, all2);
	muster_run_release(&run);
	assert_int_equal(muster_db_run_latest(db, "surge", NULL, &run, NULL), 0);
	assert_int_equal(run.id, wi);
	assert_string_equal(run.whatif, "surge");
	muster_run_release(&run);
	/* any run by id, with its rows */
	assert_int_equal(muster_db_run_get(db, nmi, &run, NULL), 0);
	assert_int_equal(run.id, nmi);
	assert_string_equal(run.mission, "NMI");
	assert_true(run.objective == 20);
	assert_int_equal(run.assignments.nr, 1);
	assert_int_equal(run.gaps.nr, 1);
	muster_run_release(&run);
	assert_int_equal(muster_db_run_get(db, wi + 1, &run, &err), MUSTER_ENOENT);
	assert_non_null(strstr(err.msg, "no sourcing run"));
	muster_error_release(&err);
	muster_run_release(&run);
	/* every run, oldest first, without rows */
	struct muster_run_list list = {0};
	assert_int_equal(muster_db_runs(db, &list, NULL), 0);
	assert_int_equal(list.nr, 4);
	int64_t ids[] = {all1, nmi, all2, wi};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(list.items[i].id, ids[i]);
		assert_int_equal(list.items[i].assignments.nr, 0);
		assert_true(list.items[i].objective == 10.0 * (double)(i + 1));
	}
	assert_string_equal(list.items[3].whatif, "surge");
	muster_run_list_release(&list);
}

/* With no run over all missions, a NULL mission gets the latest of any. */
static void test_run_latest_any_mission(void **state)
{
	struct fixture *f = *state;
	struct muster_run run = {0};
	int64_t a, b;
	add_run(open_db(f), NULL, "NMI", 1, &a);
	add_run(f->db, NULL, "RSM", 2, &b);
	assert_int_equal(muster_db_run_latest(f->db, NULL, NULL, &run, NULL), 0);
	assert_int_equal(run.id, b);
	assert_string_equal(run.mission, "RSM");
	muster_run_release(&run);
	assert_int_equal(muster_db_run_latest(f->db, NULL, "NMI", &run, NULL), 0);
	assert_int_equal(run.id, a);
	muster_run_release(&run);
	struct muster_error err = {0};
	assert_int_equal(muster_db_run_latest(f->db, NULL, "KFOR", &run, &err), MUSTER_ENOENT);
	assert_non_null(strstr(err.msg, "KFOR"));
	muster_error_release(&err);
}

/*
 * REPLACE keeps the stored runs (issue 9 item 16: it deleted them without a
 * word) and the what-ifs; the runs become stale.
 */
static void test_replace_keeps_runs_stale(void **state)
{
	struct fixture *f = *state;
	struct muster_scenario a, none;
	struct muster_run run = {0};
	struct muster_strlist names = {0};
	int64_t id, rev = 0, now = 0;
	bool empty = false, stale = true;
	muster_scenario_init(&a);
	muster_scenario_init(&none);
	build(&a, "1");
	import_ok(open_db(f), &a, MUSTER_IMPORT_NEW);
	add_run(f->db, NULL, NULL, 5, &id);
	assert_int_equal(muster_db_revision(f->db, NULL, &rev, NULL), 0);
	assert_int_equal(muster_db_whatif_create(f->db, "surge", NULL, NULL), 0);
	assert_int_equal(muster_db_run_get(f->db, id, &run, NULL), 0);
	assert_int_equal(run.revision, rev);
	/* a what-if edit is the what-if's own revision: the base's run stays current */
	assert_int_equal(muster_db_run_stale(f->db, &run, &stale, &now, NULL), 0);
	assert_false(stale);
	assert_int_equal(now, rev);
	/* the same scenario again is no write: still current */
	import_ok(f->db, &a, MUSTER_IMPORT_REPLACE);
	assert_int_equal(muster_db_run_stale(f->db, &run, &stale, &now, NULL), 0);
	assert_false(stale);
	import_ok(f->db, &none, MUSTER_IMPORT_REPLACE);
	assert_int_equal(muster_db_is_empty(f->db, &empty, NULL), 0);
	assert_true(empty);
	muster_run_release(&run);
	assert_int_equal(muster_db_run_latest(f->db, NULL, NULL, &run, NULL), 0);
	assert_int_equal(run.id, id);
	assert_int_equal(run.assignments.nr, 1);
	assert_int_equal(muster_db_run_stale(f->db, &run, &stale, &now, NULL), 0);
	assert_true(stale);
	assert_true(now > rev);
	muster_run_release(&run);
	assert_int_equal(muster_db_whatif_list(f->db, &names, NULL), 0);
	assert_int_equal(names.nr, 1);
	/* An empty database takes a NEW import again. */
	import_ok(f->db, &a, MUSTER_IMPORT_NEW);
	holds(f->db, &a);
	muster_strlist_release(&names);
	muster_scenario_release(&a);
}

/*
 * A run whose scenario changed while it was solved is not stored (issue 9
 * item 16: `import --replace` during `source` stored a run that check found
 * 18,903 violations in). The interleaving is made deterministic here: load
 * with its revision, write, then save.
 */
static void test_run_save_refuses_changed_revision(void **state)
{
	struct fixture *f = *state;
	struct muster_scenario a, b, got;
	struct muster_run run = {.solver = xstrdup("fast")};
	struct muster_run_list list = {0};
	struct muster_error err = {0};
	int64_t rev = -1, rev2 = -1;
	muster_scenario_init(&a);
	muster_scenario_init(&b);
	muster_scenario_init(&got);
	build(&a, "1");
	build(&b, "2");
	import_ok(open_db(f), &a, MUSTER_IMPORT_NEW);
	assert_int_equal(muster_db_load_rev(f->db, NULL, &got, &rev, NULL), 0);
	assert_true(rev >= 1);
	import_ok(f->db, &b, MUSTER_IMPORT_REPLACE); /* "during" the solve */
	assert_int_equal(muster_db_revision(f->db, NULL, &rev2, NULL), 0);
	assert_int_equal(rev2, rev + 1);
	run.revision = rev;
	assert_int_equal(muster_db_run_save(f->db, &run, &err), MUSTER_ESTALE);
	char *want = xstrfmt("the scenario changed while sourcing (revision %lld -> %lld); "
			     "the run was not stored",
			     (long long)rev, (long long)rev2);
	assert_string_equal(err.msg, want);
	free(want);
	assert_int_equal(run.id, 0);
	assert_int_equal(muster_db_runs(f->db, &list, NULL), 0);
	assert_int_equal(list.nr, 0);
	/* a what-if's runs: its own edits and the base's both make them stale */
	assert_int_equal(muster_db_whatif_create(f->db, "w", NULL, NULL), 0);
	assert_int_equal(muster_db_revision(f->db, "w", &rev, NULL), 0);
	assert_int_equal(rev, rev2 + 1);
	assert_int_equal(muster_db_whatif_add(f->db, "w", "withdraw X2", NULL), 0);
	assert_int_equal(muster_db_revision(f->db, "w", &rev2, NULL), 0);
	assert_int_equal(rev2, rev + 1);
	assert_int_equal(muster_db_revision(f->db, NULL, &rev, NULL), 0);
	assert_true(rev < rev2); /* the base did not move */
	import_ok(f->db, &a, MUSTER_IMPORT_REPLACE);
	assert_int_equal(muster_db_revision(f->db, "w", &rev, NULL), 0);
	assert_int_equal(rev, rev2 + 1);
	/* the current revision stores */
	run.revision = rev2;
	assert_int_equal(muster_db_run_save(f->db, &run, &err), MUSTER_ESTALE);
	assert_int_equal(muster_db_revision(f->db, NULL, &run.revision, NULL), 0);
	assert_int_equal(muster_db_run_save(f->db, &run, NULL), 0);
	assert_true(run.id > 0);
	muster_error_release(&err);
	muster_run_list_release(&list);
	muster_run_release(&run);
	muster_scenario_release(&a);
	muster_scenario_release(&b);
	muster_scenario_release(&got);
}

/* Non-finite figures are never stored (issue 9 item 21: objective -inf). */
static void test_run_save_refuses_non_finite(void **state)
{
	struct fixture *f = *state;
	struct muster_run run = {.solver = xstrdup("fast"), .objective = -HUGE_VAL};
	struct muster_run_list list = {0};
	struct muster_error err = {0};
	open_db(f);
	assert_int_equal(muster_db_run_save(f->db, &run, &err), MUSTER_EINVAL);
	assert_string_equal(
	    err.msg, "the run's objective is not a finite number (-inf); the run was not stored");
	run.objective = 0;
	run.gap = NAN;
	assert_int_equal(muster_db_run_save(f->db, &run, &err), MUSTER_EINVAL);
	assert_int_equal(muster_db_runs(f->db, &list, NULL), 0);
	assert_int_equal(list.nr, 0);
	muster_error_release(&err);
	muster_run_list_release(&list);
	muster_run_release(&run);
}

/* UPDATE (the public-data importers) replaces the rows and keeps the runs. */
static void test_update_keeps_runs(void **state)
{
	struct fixture *f = *state;
	struct muster_scenario a, b;
	struct muster_run run = {0};
	int64_t id;
	muster_scenario_init(&a);
	muster_scenario_init(&b);
	build(&a, "1");
	build(&b, "2");
	import_ok(open_db(f), &a, MUSTER_IMPORT_NEW);
	add_run(f->db, NULL, NULL, 5, &id);
	import_ok(f->db, &b, MUSTER_IMPORT_UPDATE);
	holds(f->db, &b);
	assert_int_equal(muster_db_run_get(f->db, id, &run, NULL), 0);
	assert_int_equal(run.assignments.nr, 1);
	muster_run_release(&run);
	muster_scenario_release(&a);
	muster_scenario_release(&b);
}

static void test_whatif(void **state)
{
	struct fixture *f = *state;
	struct muster_db *db = open_db(f);
	struct muster_error err = {0};
	struct muster_strlist names = {0}, changes = {0};
	char *base = NULL;
	assert_int_equal(muster_db_whatif_create(db, "surge", NULL, NULL), 0);
	assert_int_equal(muster_db_whatif_create(db, "later", "surge", NULL), 0);
	assert_int_equal(muster_db_whatif_create(db, "surge", NULL, &err), MUSTER_EEXIST);
	assert_int_equal(muster_db_whatif_create(db, "x", "nope", &err), MUSTER_ENOENT);
	assert_string_equal(err.msg, "no what-if scenario 'nope'");
	assert_int_equal(muster_db_whatif_add(db, "nope", "cap USA IRQ 0", &err), MUSTER_ENOENT);
	assert_int_equal(muster_db_whatif_create(db, "", NULL, &err), MUSTER_EINVAL);
	assert_int_equal(muster_db_whatif_add(db, "surge", "", &err), MUSTER_EINVAL);
	assert_int_equal(muster_db_whatif_add(db, "later", "one", NULL), 0);
	assert_int_equal(muster_db_whatif_add(db, "later", "two; with \"quotes\"", NULL), 0);
	db = open_db(f);
	assert_int_equal(muster_db_whatif_list(db, &names, NULL), 0);
	assert_int_equal(names.nr, 2);
	assert_string_equal(names.items[0], "surge");
	assert_string_equal(names.items[1], "later");
	assert_int_equal(muster_db_whatif_get(db, "later", &base, &changes, NULL), 0);
	assert_string_equal(base, "surge");
	assert_int_equal(changes.nr, 2);
	assert_string_equal(changes.items[1], "two; with \"quotes\"");
	free(base);
	base = NULL;
	muster_strlist_release(&changes);
	assert_int_equal(muster_db_whatif_get(db, "surge", &base, &changes, NULL), 0);
	assert_null(base);
	assert_int_equal(changes.nr, 0);
	assert_int_equal(muster_db_whatif_delete(db, "surge", &err), MUSTER_EEXIST);
	assert_non_null(strstr(err.msg, "later"));
	assert_int_equal(muster_db_whatif_delete(db, "later", NULL), 0);
	assert_int_equal(muster_db_whatif_delete(db, "surge", NULL), 0);
	assert_int_equal(muster_db_whatif_get(db, "later", NULL, NULL, &err), MUSTER_ENOENT);
	assert_int_equal(muster_db_whatif_delete(db, "later", &err), MUSTER_ENOENT);
	muster_strlist_release(&names);
	assert_int_equal(muster_db_whatif_list(db, &names, NULL), 0);
	assert_int_equal(names.nr, 0);
	muster_strlist_release(&names);
	/* Its changes went with it (ON DELETE CASCADE: foreign keys are on). */
	assert_int_equal(muster_db_whatif_create(db, "later", NULL, NULL), 0);
	assert_int_equal(muster_db_whatif_get(db, "later", NULL, &changes, NULL), 0);
	assert_int_equal(changes.nr, 0);
	muster_strlist_release(&changes);
	muster_error_release(&err);
}

static void test_load_whatif(void **state)
{
	struct fixture *f = *state;
	struct muster_scenario a, got;
	struct muster_error err = {0};
	muster_scenario_init(&a);
	muster_scenario_init(&got);
	build(&a, "1");
	import_ok(open_db(f), &a, MUSTER_IMPORT_NEW);
	assert_int_equal(muster_db_load(f->db, "nope", &got, &err), MUSTER_ENOENT);
	assert_string_equal(err.msg, "no what-if scenario 'nope'");
	muster_scenario_release(&got);
	/* A what-if without changes is its base. */
	assert_int_equal(muster_db_whatif_create(f->db, "empty", NULL, NULL), 0);
	muster_scenario_init(&got);
	assert_int_equal(muster_db_load(f->db, "empty", &got, NULL), 0);
	same_scenario(&a, &got);
	muster_scenario_release(&got);
	/* A change the what-if module rejects names the scenario and the change. */
	assert_int_equal(muster_db_whatif_create(f->db, "bad", "empty", NULL), 0);
	assert_int_equal(muster_db_whatif_add(f->db, "bad", "frobnicate %s everything", NULL), 0);
	muster_scenario_init(&got);
	assert_true(muster_db_load(f->db, "bad", &got, &err) < 0);
	assert_non_null(strstr(err.msg, "what-if scenario 'bad', change 1"));
	muster_scenario_release(&got);
	muster_scenario_release(&a);
	muster_error_release(&err);
}

/* Set the SQLite header's user_version (big-endian at offset 60). */
static void poke_user_version(const char *path, uint32_t v)
{
	unsigned char b[4] = {v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255};
	int fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, b, 4, 60), 4);
	close(fd);
}

static void test_newer_schema_refused(void **state)
{
	struct fixture *f = *state;
	struct muster_error err = {0};
	struct muster_db *db = NULL;
	open_db(f);
	muster_db_close(f->db); /* checkpoints the WAL into the file */
	f->db = NULL;
	if (fixture_pg()) {
		char *sql = xstrfmt("UPDATE %s.muster_schema SET version = 99", f->schema);
		assert_int_equal(fixture_psql(sql), 0);
		free(sql);
	} else {
		poke_user_version(f->path, 99);
	}
	assert_int_equal(muster_db_open(&db, f->path, &err), MUSTER_ESTORE);
	assert_null(db);
	assert_non_null(strstr(err.msg, "schema version 99 is newer"));
	muster_error_release(&err);
}

/* Only muster_db_create makes a database; muster_db_open writes nothing. */
static void test_open_existing_only(void **state)
{
	struct fixture *f = *state;
	struct muster_error err = {0};
	struct muster_db *db = NULL;
	struct stat st;
	if (fixture_pg()) {
		/* a PostgreSQL schema without muster's tables is not a database yet */
		char *msg = xstrfmt("database '%s' is empty: not a muster database yet", f->path);
		assert_int_equal(muster_db_open(&db, f->path, &err), MUSTER_ENOENT);
		assert_null(db);
		assert_string_equal(err.msg, msg);
		assert_int_equal(muster_db_open(&db, f->path, &err), MUSTER_ENOENT); /* unchanged */
		assert_int_equal(muster_db_create(&db, f->path, &err), 0);
		muster_db_close(db);
		db = NULL;
		assert_int_equal(muster_db_open(&db, f->path, &err), 0);
		muster_db_close(db);
		free(msg);
		muster_error_release(&err);
		return;
	}
	char *empty = xstrfmt("%s/empty.db", f->dir);
	char *msg = xstrfmt("database '%s' does not exist", f->path);
	assert_int_equal(muster_db_open(&db, f->path, &err), MUSTER_ENOENT);
	assert_null(db);
	assert_string_equal(err.msg, msg);
	assert_int_equal(stat(f->path, &st), -1);
	FILE *fp = fopen(empty, "w");
	assert_non_null(fp);
	fclose(fp);
	free(msg);
	msg = xstrfmt("database '%s' is empty: not a muster database yet", empty);
	assert_int_equal(muster_db_open(&db, empty, &err), MUSTER_ENOENT);
	assert_string_equal(err.msg, msg);
	assert_int_equal(stat(empty, &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(muster_db_create(&db, empty, &err), 0);
	muster_db_close(db);
	db = NULL;
	assert_int_equal(muster_db_open(&db, empty, &err), 0); /* now it has the schema */
	muster_db_close(db);
	free(msg);
	free(empty);
	muster_error_release(&err);
}

/* No output may be the database: by inode through links, by name before it exists. */
static void test_check_output(void **state)
{
	struct fixture *f = *state;
	struct muster_error err = {0};
	if (fixture_pg()) { /* no local files: any path may be written */
		assert_int_equal(muster_db_check_output(open_db(f), f->dir, &err), 0);
		return;
	}
	struct muster_db *db = open_db(f);
	char *hard = xstrfmt("%s/hard", f->dir), *soft = xstrfmt("%s/soft", f->dir);
	char *wal = xstrfmt("%s/t.db-wal", f->dir), *other = xstrfmt("%s/other", f->dir);
	char *journal = xstrfmt("%s/../%s/./t.db-journal", f->dir, strrchr(f->dir, '/') + 1);
	assert_int_equal(link(f->path, hard), 0);
	assert_int_equal(symlink(f->path, soft), 0);
	const char *is_db[] = {f->path, hard, soft};
	for (size_t i = 0; i < ARRAY_SIZE(is_db); i++) {
		char *msg =
		    xstrfmt("cannot write '%s': it is the database '%s'", is_db[i], f->path);
		assert_int_equal(muster_db_check_output(db, is_db[i], &err), MUSTER_EINVAL);
		assert_string_equal(err.msg, msg);
		free(msg);
	}
	assert_int_equal(muster_db_check_output(db, wal, &err), MUSTER_EINVAL);
	assert_non_null(strstr(err.msg, "it is a file of the database"));
	assert_int_equal(muster_db_check_output(db, journal, &err), MUSTER_EINVAL); /* by name */
	assert_non_null(strstr(err.msg, "it is a file of the database"));
	assert_int_equal(muster_db_check_output(db, other, &err), 0);
	assert_int_equal(muster_db_check_output(db, "/no/such/dir/x", &err), 0);
	unlink(hard);
	unlink(soft);
	free(hard);
	free(soft);
	free(wal);
	free(journal);
	free(other);
	muster_error_release(&err);
}

static void test_bad_targets(void **state)
{
	struct fixture *f = *state;
	struct muster_error err = {0};
	struct muster_db *db = NULL;
	char *junk = xstrfmt("%s/junk.db", f->dir);
	FILE *fp = fopen(junk, "w");
	assert_non_null(fp);
	for (int i = 0; i < 200; i++)
		fputs("this is not a database at all\n", fp);
	fclose(fp);
	assert_int_equal(muster_db_open(&db, junk, &err), MUSTER_ESTORE);
	assert_non_null(strstr(err.msg, "junk.db"));
	assert_int_equal(muster_db_open(&db, "postgresql://planner:s3cret@db.example/muster", &err),
			 MUSTER_ESTORE);
	assert_null(strstr(err.msg, "s3cret"));
	assert_non_null(strstr(err.msg, "postgresql"));
	assert_int_equal(muster_db_open(&db, f->dir, &err), MUSTER_ESTORE); /* a folder */
	assert_int_equal(muster_db_open(&db, "", &err), MUSTER_EINVAL);
	assert_null(db);
	free(junk);
	muster_error_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_open_migrate_reopen, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_roundtrip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_roundtrip_escapes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_shares_codes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_many_deployments, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_new_refuses_data, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_replace, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_merge, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_merge_duplicate, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failed_import_changes_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_kill9_mid_import, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_runs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_run_latest_any_mission, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_update_keeps_runs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_replace_keeps_runs_stale, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_run_save_refuses_changed_revision, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_run_save_refuses_non_finite, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_whatif, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_whatif, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_open_existing_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_check_output, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_targets, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
