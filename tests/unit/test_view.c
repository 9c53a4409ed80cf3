/*
 * test_view.c: view.c, the records and results as an actor may see them:
 * what a liaison of CAN, a viewer, a planner and nobody get from the
 * example scenario, a run, a posture, fair shares, a rotation table, a
 * what-if diff and the audit log; and the sentence about stale runs.
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

static struct muster_actor liaison = {"jean", MUSTER_ROLE_LIAISON, "CAN"};
static struct muster_actor viewer = {"vera", MUSTER_ROLE_VIEWER, NULL};
static struct muster_actor planner = {"amira", MUSTER_ROLE_PLANNER, NULL};
static struct muster_actor nobody = {"x", MUSTER_ROLE_NONE, NULL};
static struct muster_actor lost = {"y", MUSTER_ROLE_LIAISON, NULL}; /* a liaison of no nation */

static void load_example(struct muster_scenario *sc)
{
	struct muster_error err = {0};
	muster_scenario_init(sc);
	if (muster_scenario_read_dir(sc, MUSTER_SRC "/examples/nmi-2021", &err) < 0)
		fail_msg("example: %s", err.msg);
	muster_error_release(&err);
}

static size_t count_nation(const struct muster_scenario *sc, const char *nation, int what)
{
	size_t n = 0;
	if (what == 0)
		for (size_t i = 0; i < sc->offers.nr; i++)
			n += !strcmp(sc->offers.items[i].nation, nation);
	if (what == 1)
		for (size_t i = 0; i < sc->caveats.nr; i++)
			n += !strcmp(sc->caveats.items[i].nation, nation);
	if (what == 2)
		for (size_t i = 0; i < sc->deployments.nr; i++)
			n += !strcmp(sc->deployments.items[i].nation, nation);
	return n;
}

static void test_scenario(void **state)
{
	(void)state;
	struct muster_scenario sc, v;
	struct muster_error err = {0};
	load_example(&sc);
	size_t can_offers = count_nation(&sc, "CAN", 0);
	assert_true(can_offers > 0 && can_offers < sc.offers.nr);
	assert_true(count_nation(&sc, "DEU", 1) > 0);

	assert_int_equal(muster_view_scenario(&sc, &liaison, &v, &err), 0);
	assert_int_equal(v.offers.nr, can_offers);
	assert_int_equal(count_nation(&v, "CAN", 0), can_offers);
	assert_int_equal(v.caveats.nr, count_nation(&sc, "CAN", 1));
	assert_int_equal(v.deployments.nr, count_nation(&sc, "CAN", 2));
	assert_int_equal(v.caps.nr, sc.caps.nr); /* a liaison reads every cap */
	assert_int_equal(v.requirements.nr, sc.requirements.nr);
	assert_int_equal(v.nations.nr, sc.nations.nr);
	assert_int_equal(v.keys.nr, sc.keys.nr);
	for (size_t i = 0; i < v.offers.nr; i++) /* caveat ids only of caveats kept */
		for (size_t j = 0; j < v.offers.items[i].caveats.nr; j++)
			assert_non_null(
			    muster_scenario_caveat(&v, v.offers.items[i].caveats.items[j]));
	muster_scenario_release(&v);

	assert_int_equal(muster_view_scenario(&sc, &viewer, &v, &err), 0);
	assert_int_equal(v.offers.nr + v.caveats.nr + v.caps.nr + v.deployments.nr, 0);
	assert_int_equal(v.requirements.nr, sc.requirements.nr);
	assert_int_equal(v.missions.nr, sc.missions.nr);
	muster_scenario_release(&v);

	assert_int_equal(muster_view_scenario(&sc, &planner, &v, &err), 0);
	assert_int_equal(v.offers.nr, sc.offers.nr);
	assert_int_equal(v.caveats.nr, sc.caveats.nr);
	assert_int_equal(v.deployments.nr, sc.deployments.nr);
	muster_scenario_release(&v);

	assert_int_equal(muster_view_scenario(&sc, &nobody, &v, &err), MUSTER_EPERM);
	assert_int_equal(v.offers.nr + v.requirements.nr, 0);
	muster_error_release(&err);
	assert_int_equal(muster_view_scenario(&sc, &lost, &v, &err), MUSTER_EPERM);
	assert_int_equal(muster_view_scenario(&sc, NULL, &v, &err), MUSTER_EPERM);
	muster_scenario_release(&v);
	muster_error_release(&err);
	muster_scenario_release(&sc);
}

static void test_offer_totals(void **state)
{
	(void)state;
	struct muster_scenario sc;
	struct muster_line_totals t;
	struct muster_error err = {0};
	load_example(&sc);
	long want = 0, got = 0;
	size_t rows = 0;
	for (size_t i = 0; i < sc.offers.nr; i++) {
		const struct muster_offer *o = &sc.offers.items[i];
		if (strcmp(o->nation, "CAN") && o->status != MUSTER_OFFER_WITHDRAWN)
			want += o->units * o->personnel;
	}
	assert_int_equal(muster_view_offer_totals(&sc, &liaison, &t, &err), 0);
	assert_true(t.totals.nr > 0);
	for (size_t i = 0; i < t.totals.nr; i++) {
		got += t.totals.items[i].personnel;
		rows += t.totals.items[i].rows;
		if (i) { /* sorted by mission, line, capability; no two alike */
			const struct muster_line_total *a = &t.totals.items[i - 1],
						       *b = &t.totals.items[i];
			int c = strcmp(a->mission ? a->mission : "", b->mission ? b->mission : "");
			assert_true(c <= 0);
		}
	}
	assert_int_equal(got, want); /* every other nation's people, none of CAN's */
	assert_true(rows > 1);
	muster_line_totals_release(&t);

	assert_int_equal(muster_view_offer_totals(&sc, &planner, &t, &err), 0);
	assert_int_equal(t.totals.nr, 0); /* a planner reads them in full */
	muster_line_totals_release(&t);
	assert_int_equal(muster_view_offer_totals(&sc, NULL, &t, &err), MUSTER_EPERM);
	muster_error_release(&err);
	muster_scenario_release(&sc);
}

static void add_assignment(struct muster_run *r, const char *offer, const char *nation,
			   const char *line, long units, long personnel)
{
	struct muster_assignment a = {.mission = strdup("NMI"),
				      .line = strdup(line),
				      .offer = strdup(offer),
				      .nation = strdup(nation),
				      .capability = strdup("TRG-TEAM"),
				      .units = units,
				      .personnel = personnel,
				      .from = 100,
				      .to = 200,
				      .person_days = personnel * 100};
	r->assignments.items = realloc(r->assignments.items, (r->assignments.nr + 1) * sizeof(a));
	r->assignments.items[r->assignments.nr++] = a;
}

static void test_run(void **state)
{
	(void)state;
	struct muster_run run = {0}, v;
	struct muster_line_totals t;
	struct muster_error err = {0};
	run.id = 7;
	run.solver = strdup("fast");
	run.fill = 80;
	add_assignment(&run, "CAN-TRG", "CAN", "TRG-1", 1, 20);
	add_assignment(&run, "DEU-TRG", "DEU", "TRG-1", 2, 40);
	add_assignment(&run, "USA-TRG", "USA", "TRG-1", 1, 25);
	add_assignment(&run, "USA-TRG2", "USA", "TRG-2", 1, 10);
	struct muster_gap g = {
	    .mission = strdup("NMI"), .line = strdup("HQ-1"), .missing_units = 1};
	run.gaps.items = malloc(sizeof(g));
	run.gaps.items[0] = g;
	run.gaps.nr = 1;

	assert_int_equal(muster_view_run(NULL, &run, &liaison, &v, &t, &err), 0);
	assert_int_equal(v.id, 7);
	assert_string_equal(v.solver, "fast");
	assert_int_equal(v.assignments.nr, 1);
	assert_string_equal(v.assignments.items[0].offer, "CAN-TRG");
	assert_int_equal(v.gaps.nr, 1);
	assert_int_equal(t.totals.nr, 2); /* TRG-1 (DEU + USA) and TRG-2 (USA) */
	assert_string_equal(t.totals.items[0].line, "TRG-1");
	assert_int_equal(t.totals.items[0].units, 3);
	assert_int_equal(t.totals.items[0].personnel, 65);
	assert_int_equal(t.totals.items[0].person_days, 6500);
	assert_int_equal(t.totals.items[0].rows, 2);
	assert_int_equal(t.totals.items[1].personnel, 10);
	muster_run_release(&v);
	muster_line_totals_release(&t);

	assert_int_equal(muster_view_run(NULL, &run, &viewer, &v, &t, &err), 0);
	assert_int_equal(v.assignments.nr, 0);
	assert_int_equal(v.gaps.nr, 1);
	assert_int_equal(t.totals.items[0].personnel, 85); /* CAN's too */
	muster_run_release(&v);
	muster_line_totals_release(&t);

	assert_int_equal(muster_view_run(NULL, &run, &planner, &v, NULL, &err), 0);
	assert_int_equal(v.assignments.nr, 4);
	muster_run_release(&v);
	assert_int_equal(muster_view_run(NULL, &run, &nobody, &v, &t, &err), MUSTER_EPERM);
	muster_error_release(&err);
	muster_run_release(&run);
}

/* A run of the example with one gap whose detail is `detail`. */
static void gap_run(struct muster_run *run, enum muster_gap_reason reason, const char *detail)
{
	memset(run, 0, sizeof(*run));
	struct muster_gap g = {.mission = strdup("NMI"),
			       .line = strdup("HQ-1"),
			       .missing_units = 1,
			       .reason = reason,
			       .detail = strdup(detail)};
	run->gaps.items = malloc(sizeof(g));
	run->gaps.items[0] = g;
	run->gaps.nr = 1;
}

/* Whether `actor` sees the detail of the one gap of `run` (judged against `sc`). */
static bool sees_detail(const struct muster_scenario *sc, const struct muster_run *run,
			const struct muster_actor *actor)
{
	struct muster_run v;
	struct muster_error err = {0};
	assert_int_equal(muster_view_run(sc, run, actor, &v, NULL, &err), 0);
	assert_int_equal(v.gaps.nr, 1);
	bool shown = v.gaps.items[0].detail != NULL;
	assert_true(shown == !v.gaps.items[0].detail_hidden);
	if (shown)
		assert_string_equal(v.gaps.items[0].detail, run->gaps.items[0].detail);
	muster_run_release(&v);
	return shown;
}

/*
 * Gap details naming another nation's offer or caveat are hidden from a
 * liaison and a viewer in the view itself (every front end), kept for
 * planners; one naming only the liaison's own offer is shown to it.
 */
static void test_run_gap_details(void **state)
{
	(void)state;
	struct muster_scenario sc;
	struct muster_run run;
	load_example(&sc);
	gap_run(&run, MUSTER_GAP_CAVEAT, "blocked by caveat USA-NOT-IRQ of USA-LOG-KWT");
	assert_false(sees_detail(&sc, &run, &liaison));
	assert_false(sees_detail(&sc, &run, &viewer));
	assert_true(sees_detail(&sc, &run, &planner));
	assert_false(sees_detail(NULL, &run, &liaison)); /* no scenario: hidden */
	assert_true(sees_detail(NULL, &run, &planner));
	muster_run_release(&run);

	gap_run(&run, MUSTER_GAP_WINDOW, "CAN-TRG ends 2021-09-01");
	assert_true(sees_detail(&sc, &run, &liaison)); /* CAN's own offer */
	assert_false(sees_detail(&sc, &run, &viewer));
	muster_run_release(&run);

	/* a whole id only: "USA-HQ-X" is not the offer USA-HQ */
	gap_run(&run, MUSTER_GAP_WINDOW, "USA-HQ-X is late");
	assert_true(sees_detail(&sc, &run, &liaison));
	muster_run_release(&run);
	muster_scenario_release(&sc);
}

static void test_posture(void **state)
{
	(void)state;
	struct muster_posture p = {0}, v;
	struct muster_error err = {0};
	p.by = MUSTER_POSTURE_BY_NATION;
	p.bys[0] = MUSTER_POSTURE_BY_NATION;
	p.nby = 1;
	p.ndates = 2;
	p.dates = calloc(2, sizeof(*p.dates));
	p.ngroups = 2;
	p.groups = calloc(2, sizeof(*p.groups));
	p.groups[0] = strdup("CAN");
	p.groups[1] = strdup("DEU");
	p.cells = calloc(4, sizeof(*p.cells));
	p.cells[0].personnel = 10; /* date 0: CAN, DEU */
	p.cells[1].personnel = 5;
	p.cells[2].personnel = 1; /* date 1 */
	p.cells[3].personnel = 2;
	p.cells[3].in_host = 2;

	assert_int_equal(muster_view_posture(&p, &viewer, &v, &err), 0);
	assert_int_equal(v.ngroups, 1);
	assert_string_equal(v.groups[0], "all nations");
	assert_int_equal(v.cells[0].personnel, 15);
	assert_int_equal(v.cells[1].personnel, 3);
	assert_int_equal(v.cells[1].in_host, 2);
	muster_posture_release(&v);

	assert_int_equal(muster_view_posture(&p, &liaison, &v, &err), 0);
	assert_int_equal(v.ngroups, 2); /* a liaison reads posture cells in full */
	assert_int_equal(v.cells[3].personnel, 2);
	muster_posture_release(&v);

	p.by = p.bys[0] = MUSTER_POSTURE_BY_COUNTRY; /* already totals over nations */
	assert_int_equal(muster_view_posture(&p, &viewer, &v, &err), 0);
	assert_int_equal(v.ngroups, 2);
	muster_posture_release(&v);

	/* --by category,nation: a viewer gets the categories, summed over nations */
	p.by = p.bys[0] = MUSTER_POSTURE_BY_CATEGORY;
	p.bys[1] = MUSTER_POSTURE_BY_NATION;
	p.nby = 2;
	free(p.groups[0]);
	free(p.groups[1]);
	p.groups[0] = strdup("police\tCAN");
	p.groups[1] = strdup("police\tDEU");
	p.noverlaps = 1;
	p.overlaps = calloc(1, sizeof(*p.overlaps));
	p.overlaps[0].nation = strdup("DEU");
	p.overlaps[0].country = strdup("IRQ");
	p.overlaps[0].a = strdup("a");
	p.overlaps[0].b = strdup("b");
	assert_int_equal(muster_view_posture(&p, &viewer, &v, &err), 0);
	assert_int_equal(v.ngroups, 1);
	assert_string_equal(v.groups[0], "police");
	assert_int_equal(v.cells[0].personnel, 15);
	assert_int_equal(v.cells[1].personnel, 3);
	assert_int_equal(v.noverlaps, 0); /* overlaps name nations */
	muster_posture_release(&v);
	assert_int_equal(muster_view_posture(&p, &liaison, &v, &err), 0);
	assert_int_equal(v.ngroups, 2);
	assert_int_equal(v.nby, 2);
	assert_int_equal(v.noverlaps, 1);
	assert_string_equal(v.overlaps[0].nation, "DEU");
	muster_posture_release(&v);
	assert_int_equal(muster_view_posture(&p, NULL, &v, &err), MUSTER_EPERM);
	muster_error_release(&err);
	muster_posture_release(&p);
}

static void test_fairshare(void **state)
{
	(void)state;
	struct muster_fairshare fs = {0}, v;
	struct muster_error err = {0};
	fs.mission = strdup("NMI");
	fs.key = strdup("equal");
	fs.total = 100;
	fs.rows.items = calloc(2, sizeof(*fs.rows.items));
	fs.rows.items[0].nation = strdup("CAN");
	fs.rows.items[1].nation = strdup("DEU");
	fs.rows.nr = 2;
	assert_int_equal(muster_view_fairshare(&fs, &viewer, &v, &err), 0);
	assert_int_equal(v.rows.nr, 0);
	assert_int_equal(v.total, 100);
	assert_string_equal(v.key, "equal");
	muster_fairshare_release(&v);
	assert_int_equal(muster_view_fairshare(&fs, &liaison, &v, &err), 0);
	assert_int_equal(v.rows.nr, 2);
	assert_string_equal(v.rows.items[1].nation, "DEU");
	muster_fairshare_release(&v);
	muster_fairshare_release(&fs);
}

static void push_audit(struct muster_audit_list *l, const char *entity, const char *key,
		       const char *before, const char *after)
{
	struct muster_audit a = {.seq = (int64_t)l->nr + 1,
				 .rev = 1,
				 .at = strdup("2026-12-02T00:00:00.000Z"),
				 .actor = strdup("amira"),
				 .entity = strdup(entity),
				 .key = strdup(key),
				 .op = strdup(before && after ? "update"
					      : before	      ? "delete"
							      : "insert"),
				 .before = before ? strdup(before) : NULL,
				 .after = after ? strdup(after) : NULL,
				 .reason = strdup(""),
				 .hash = strdup("00")};
	l->items = realloc(l->items, (l->nr + 1) * sizeof(a));
	l->items[l->nr++] = a;
}

static void test_history(void **state)
{
	(void)state;
	struct muster_audit_list l = {0}, v = {0};
	struct muster_error err = {0};
	push_audit(&l, "caveats", "DEU-X", NULL, "{\"id\":\"DEU-X\",\"nation\":\"DEU\"}");
	push_audit(&l, "caveats", "DEU-X", "{\"id\":\"DEU-X\",\"nation\":\"DEU\",\"value\":\"9\"}",
		   "{\"id\":\"DEU-X\",\"nation\":\"DEU\",\"value\":\"10\"}");
	push_audit(&l, "offers", "CAN-A", NULL, "{\"id\":\"CAN-A\",\"nation\":\"CAN\"}");
	/* moved from DEU to CAN: its before is DEU's, so a liaison of CAN may not read it */
	push_audit(&l, "offers", "X-1", "{\"id\":\"X-1\",\"nation\":\"DEU\"}",
		   "{\"id\":\"X-1\",\"nation\":\"CAN\"}");
	push_audit(&l, "nations", "DEU", NULL, "{\"code\":\"DEU\",\"name\":\"Germany\"}");
	push_audit(&l, "caps", "DEU-IRQ-1", NULL, "{\"id\":\"DEU-IRQ-1\",\"nation\":\"DEU\"}");
	push_audit(&l, "requirements", "NMI:HQ-1", NULL, "{\"mission\":\"NMI\"}");
	push_audit(&l, "offers", "BAD", NULL, "not json"); /* cannot tell: left out */

	assert_int_equal(muster_view_history(&l, &liaison, &v, &err), 0);
	assert_int_equal(v.nr, 4); /* CAN-A, the nation, the cap, the line */
	assert_string_equal(v.items[0].key, "CAN-A");
	assert_string_equal(v.items[1].key, "DEU");
	assert_string_equal(v.items[2].key, "DEU-IRQ-1");
	assert_string_equal(v.items[3].key, "NMI:HQ-1");
	assert_string_equal(v.items[0].hash, "00");
	for (size_t i = 0; i < v.nr; i++)
		assert_null(strstr(v.items[i].after ? v.items[i].after : "", "DEU-X"));
	muster_audit_list_release(&v);

	assert_int_equal(muster_view_history(&l, &viewer, &v, &err), 0);
	assert_int_equal(v.nr, 2); /* the nation and the line */
	assert_string_equal(v.items[0].entity, "nations");
	assert_string_equal(v.items[1].entity, "requirements");
	muster_audit_list_release(&v);

	assert_int_equal(muster_view_history(&l, &planner, &v, &err), 0);
	assert_int_equal(v.nr, 7); /* all but the unreadable row */
	muster_audit_list_release(&v);
	assert_int_equal(muster_view_history(&l, &nobody, &v, &err), MUSTER_EPERM);
	assert_int_equal(v.nr, 0);
	muster_error_release(&err);
	muster_audit_list_release(&l);
}

static void test_rotation_and_diff(void **state)
{
	(void)state;
	struct muster_rotation rot = {0}, v;
	struct muster_whatif_diff d = {0}, dv;
	struct muster_error err = {0};
	rot.from_run = true;
	rot.lines = 1;
	rot.rows.items = calloc(2, sizeof(*rot.rows.items));
	rot.rows.items[0].nation = strdup("CAN");
	rot.rows.items[1].nation = strdup("DEU");
	rot.rows.nr = 2;
	assert_int_equal(muster_view_rotation(&rot, &liaison, &v, &err), 0);
	assert_int_equal(v.rows.nr, 1);
	assert_string_equal(v.rows.items[0].nation, "CAN");
	assert_int_equal(v.lines, 1);
	muster_rotation_release(&v);
	assert_int_equal(muster_view_rotation(&rot, &viewer, &v, &err), 0);
	assert_int_equal(v.rows.nr, 0);
	muster_rotation_release(&v);
	muster_rotation_release(&rot);

	const char *sections[] = {"fill",	  "gaps",	"ceiling",
				  "cap headroom", "fair share", "posture"};
	d.rows.items = calloc(6, sizeof(*d.rows.items));
	for (size_t i = 0; i < 6; i++) {
		d.rows.items[i].section = strdup(sections[i]);
		d.rows.items[i].key = strdup("k");
	}
	d.rows.nr = 6;
	muster_strlist_push(&d.notes, "a note");
	assert_int_equal(muster_view_whatif_diff(&d, &viewer, &dv, &err), 0);
	assert_int_equal(dv.rows.nr, 4); /* no cap headroom, no fair share */
	for (size_t i = 0; i < dv.rows.nr; i++) {
		assert_string_not_equal(dv.rows.items[i].section, "cap headroom");
		assert_string_not_equal(dv.rows.items[i].section, "fair share");
	}
	assert_int_equal(dv.notes.nr, 1);
	muster_whatif_diff_release(&dv);
	assert_int_equal(muster_view_whatif_diff(&d, &liaison, &dv, &err), 0);
	assert_int_equal(dv.rows.nr, 6);
	muster_whatif_diff_release(&dv);
	muster_whatif_diff_release(&d);
}

static void test_stale_text(void **state)
{
	(void)state;
	struct muster_run run = {.id = 3, .revision = 12};
	char *s = muster_run_stale_text(&run, 15);
	assert_string_equal(s, "run 3 is stale: computed on revision 12, the scenario is at "
			       "revision 15 (3 revisions later)");
	free(s);
	s = muster_run_stale_text(&run, 13);
	assert_string_equal(s, "run 3 is stale: computed on revision 12, the scenario is at "
			       "revision 13 (1 revision later)");
	free(s);
	s = muster_run_stale_text(&run, 10);
	assert_string_equal(s, "run 3 is stale: computed on revision 12, the scenario read is at "
			       "revision 10 (2 revisions earlier)");
	free(s);
	assert_null(muster_run_stale_text(&run, 12));
	assert_int_equal(muster_run_stale_by(&run, 12), 0);
	assert_int_equal(muster_run_stale_by(&run, 15), 3);
	assert_int_equal(muster_run_stale_by(&run, 10), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scenario),   cmocka_unit_test(test_offer_totals),
	    cmocka_unit_test(test_run),	       cmocka_unit_test(test_run_gap_details),
	    cmocka_unit_test(test_posture),    cmocka_unit_test(test_fairshare),
	    cmocka_unit_test(test_history),    cmocka_unit_test(test_rotation_and_diff),
	    cmocka_unit_test(test_stale_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
