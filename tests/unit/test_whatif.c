/*
 * test_whatif.c: what-if changes (whatif.c) applied to the hand-built
 * scenario of tests/cli/expected/whatif/scenario: withdrawals truncate
 * deployments and offers (splitting offers usable elsewhere), deadlines
 * move with their drawdown, caps are set around existing ones, phases are
 * approved, offers added, changed and withdrawn; bad changes fail with exact
 * messages; the diff reports posture by country and ceilings.
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

static int32_t ymd(int y, int m, int d)
{
	return muster_date_from_ymd(y, m, d);
}

static int setup(void **state)
{
	struct muster_scenario *sc = calloc(1, sizeof(*sc));
	struct muster_error err = {0};
	muster_scenario_init(sc);
	int rc =
	    muster_scenario_read_dir(sc, MUSTER_SRC "/tests/cli/expected/whatif/scenario", &err);
	if (rc < 0)
		fprintf(stderr, "# %s\n", err.msg);
	muster_error_release(&err);
	*state = sc;
	return rc;
}

static int teardown(void **state)
{
	muster_scenario_release(*state);
	free(*state);
	return 0;
}

static void apply_ok(struct muster_scenario *sc, const char *change)
{
	struct muster_error err = {0};
	int rc = muster_whatif_apply(sc, change, &err);
	if (rc < 0)
		fprintf(stderr, "# %s\n", err.msg);
	assert_int_equal(rc, 0);
	muster_error_release(&err);
}

static void apply_fails(struct muster_scenario *sc, const char *change, int code, const char *msg)
{
	struct muster_error err = {0};
	assert_int_equal(muster_whatif_apply(sc, change, &err), code);
	assert_string_equal(err.msg, msg);
	muster_error_release(&err);
}

static const struct muster_deployment *deployment(const struct muster_scenario *sc, const char *id)
{
	for (size_t i = 0; i < sc->deployments.nr; i++)
		if (sc->deployments.items[i].id && !strcmp(sc->deployments.items[i].id, id))
			return &sc->deployments.items[i];
	return NULL;
}

static void test_withdraw_mission(void **state)
{
	struct muster_scenario *sc = *state;
	size_t offers = sc->offers.nr;
	apply_ok(sc, "withdraw nation=USA mission=M1 from=2021-05-01");
	/* USA-M1 (open-ended) ends at the date; USA-AFG is on no mission. */
	assert_int_equal(deployment(sc, "USA-M1")->to, ymd(2021, 5, 1));
	assert_int_equal(deployment(sc, "USA-AFG")->to, ymd(2021, 5, 1));
	assert_int_equal(deployment(sc, "GBR-M1")->to, MUSTER_DATE_OPEN);
	/* O2 (USA, any mission) is split: the rest is kept out of M1 by a caveat. */
	const struct muster_offer *o2 = muster_scenario_offer(sc, "O2");
	assert_int_equal(o2->to, ymd(2021, 5, 1));
	assert_int_equal(sc->offers.nr, offers + 1);
	const struct muster_offer *rest = muster_scenario_offer(sc, "O2@2021-05-01");
	assert_non_null(rest);
	assert_int_equal(rest->from, ymd(2021, 5, 1));
	assert_int_equal(rest->caveats.nr, 1);
	const struct muster_caveat *cv = muster_scenario_caveat(sc, rest->caveats.items[0]);
	assert_non_null(cv);
	assert_int_equal(cv->kind, MUSTER_CAVEAT_ONLY_MISSIONS);
	assert_true(cv->hard);
	assert_true(muster_strlist_has(&cv->values, "M2"));
	assert_false(muster_strlist_has(&cv->values, "M1"));
	/* Applying the result again validates: ids stay unique. */
	struct muster_error err = {0};
	assert_int_equal(muster_scenario_validate(sc, &err), 0);
	muster_error_release(&err);
}

static void test_withdraw_country_before_start(void **state)
{
	struct muster_scenario *sc = *state;
	size_t n = sc->deployments.nr;
	apply_ok(sc, "withdraw nation=USA country=AFG from=2021-01-01");
	/* USA-AFG started after the date: it is gone. */
	assert_int_equal(sc->deployments.nr, n - 1);
	assert_null(deployment(sc, "USA-AFG"));
	/* Offers of USA get a not-countries AFG caveat (whole window). */
	const struct muster_offer *o2 = muster_scenario_offer(sc, "O2");
	assert_int_equal(o2->from, ymd(2021, 1, 1));
	assert_int_equal(o2->caveats.nr, 1);
	assert_string_equal(o2->caveats.items[0], "whatif-USA-out-of-AFG");
}

static void test_move_deadline(void **state)
{
	struct muster_scenario *sc = *state;
	apply_ok(sc, "move-deadline nation=USA country=AFG to=2021-09-11");
	int found = 0;
	for (size_t i = 0; i < sc->caps.nr; i++) {
		const struct muster_cap *cp = &sc->caps.items[i];
		if (strcmp(cp->country, "AFG"))
			continue;
		found++;
		if (cp->limit == 0)
			assert_int_equal(cp->from, ymd(2021, 9, 11));
		else
			assert_int_equal(cp->to, ymd(2021, 9, 11));
	}
	assert_int_equal(found, 2);
	/* Only the deadline moves: deployments stay as they were (issue 9, item 9). */
	assert_int_equal(deployment(sc, "USA-AFG")->from, ymd(2021, 1, 15));
	assert_int_equal(deployment(sc, "USA-AFG")->to, ymd(2021, 5, 1));
	/* Moving it back restores the original dates. */
	apply_ok(sc, "move-deadline nation=USA country=AFG to=2021-05-01");
	for (size_t i = 0; i < sc->caps.nr; i++) {
		const struct muster_cap *cp = &sc->caps.items[i];
		if (!strcmp(cp->country, "AFG"))
			assert_int_equal(cp->limit ? cp->to : cp->from, ymd(2021, 5, 1));
	}
	assert_int_equal(deployment(sc, "USA-AFG")->to, ymd(2021, 5, 1));
}

static void test_cap_set_cuts_around(void **state)
{
	struct muster_scenario *sc = *state;
	size_t n = sc->caps.nr;
	/* Inside USA's open IRQ cap from 2021-01-15: split in two around it. */
	apply_ok(sc, "cap nation=USA country=IRQ limit=1000 from=2021-06-01 to=2021-09-01 "
		     "note=\"a lower cap\"");
	assert_int_equal(sc->caps.nr, n + 2);
	int k = 0;
	for (size_t i = 0; i < sc->caps.nr; i++) {
		const struct muster_cap *cp = &sc->caps.items[i];
		if (strcmp(cp->country, "IRQ"))
			continue;
		assert_true(k < 3);
		k++;
		if (cp->limit == 1000) {
			assert_string_equal(cp->note, "a lower cap");
			assert_int_equal(cp->from, ymd(2021, 6, 1));
		} else if (cp->to == ymd(2021, 6, 1)) {
			assert_int_equal(cp->from, ymd(2021, 1, 15));
		} else {
			assert_int_equal(cp->from, ymd(2021, 9, 1));
			assert_int_equal(cp->to, MUSTER_DATE_OPEN);
		}
	}
	assert_int_equal(k, 3);
	struct muster_error err = {0};
	assert_int_equal(muster_scenario_validate(sc, &err), 0);
	muster_error_release(&err);
}

static void test_approve_and_phases(void **state)
{
	struct muster_scenario *sc = *state;
	apply_ok(sc, "approve mission=M1 phase=P2");
	assert_int_equal(sc->phases.items[1].status, MUSTER_PHASE_APPROVED);
	apply_ok(sc, "phase set mission=M1 phase=P2 ceiling=600");
	assert_int_equal(sc->phases.items[1].ceiling, 600);
	apply_fails(sc, "phase set mission=M1 phase=P2 from=2021-06-01", MUSTER_EINVAL,
		    "what-if change 'phase set mission=M1 phase=P2 from=2021-06-01': phase 'P2' "
		    "would overlap phase 'P1' of mission 'M1'");
	assert_int_equal(sc->phases.items[1].from, ymd(2022, 1, 1));
	apply_ok(sc, "phase add mission=M1 phase=P3 from=2023-01-01 ceiling=800 status=requested");
	assert_int_equal(sc->phases.nr, 3);
	assert_int_equal(sc->phases.items[2].status, MUSTER_PHASE_REQUESTED);
}

static void test_offers(void **state)
{
	struct muster_scenario *sc = *state;
	apply_ok(sc, "offer add id=O9 nation=ITA capability=FP units=2 personnel=90 "
		     "from=2021-07-01 to=2022-01-01 mission=M1 line=L2 readiness=2");
	const struct muster_offer *o = muster_scenario_offer(sc, "O9");
	assert_non_null(o);
	assert_int_equal(o->units, 2);
	assert_int_equal(o->readiness, 2);
	assert_string_equal(o->line, "L2");
	apply_ok(sc, "offer set id=O9 units=1 to=");
	o = muster_scenario_offer(sc, "O9");
	assert_int_equal(o->units, 1);
	assert_int_equal(o->to, MUSTER_DATE_OPEN);
	apply_ok(sc, "offer withdraw id=O1");
	assert_int_equal(muster_scenario_offer(sc, "O1")->status, MUSTER_OFFER_WITHDRAWN);
	apply_fails(sc, "offer set id=O9 capability=XYZ", MUSTER_ENOENT,
		    "what-if change 'offer set id=O9 capability=XYZ': unknown capability 'XYZ'");
	apply_fails(sc, "offer set id=O9 mission= line=L2", MUSTER_EINVAL,
		    "what-if change 'offer set id=O9 mission= line=L2': 'line' needs 'mission'");
	apply_fails(sc, "offer set id=O9 line=L7", MUSTER_ENOENT,
		    "what-if change 'offer set id=O9 line=L7': unknown line 'M1:L7'");
}

static void test_bad_changes(void **state)
{
	struct muster_scenario *sc = *state;
	apply_fails(sc, "", MUSTER_EINVAL, "empty what-if change");
	apply_fails(sc, "withdraw nation=USA", MUSTER_EINVAL,
		    "what-if change 'withdraw nation=USA': missing 'from='");
	apply_fails(sc, "withdraw nation=USA from=2021-01-01", MUSTER_EINVAL,
		    "what-if change 'withdraw nation=USA from=2021-01-01': give one of 'mission=' "
		    "or 'country='");
	apply_fails(sc, "withdraw nation=USA country=ZZZ from=2021-01-01", MUSTER_ENOENT,
		    "what-if change 'withdraw nation=USA country=ZZZ from=2021-01-01': unknown "
		    "country 'ZZZ'");
	apply_fails(sc, "offer withdraw id=O1 id=O2", MUSTER_EINVAL,
		    "what-if change 'offer withdraw id=O1 id=O2': 'id' given twice");
	apply_fails(sc, "offer remove id=O1", MUSTER_EINVAL,
		    "what-if change 'offer remove id=O1': expected 'offer add|set|withdraw', got "
		    "'offer remove'");
	apply_fails(sc, "cap nation=USA country=IRQ limit=1 colour=red", MUSTER_EINVAL,
		    "what-if change 'cap nation=USA country=IRQ limit=1 colour=red': unknown key "
		    "'colour' (known: nation country limit from to note)");
	apply_fails(sc, "cap note=\"open", MUSTER_EINVAL,
		    "what-if change 'cap note=\"open': unterminated quote after 'note='");
	apply_fails(sc, "approve mission=M1 phase=P9", MUSTER_ENOENT,
		    "what-if change 'approve mission=M1 phase=P9': mission 'M1' has no phase 'P9'; "
		    "did you mean 'P1'?");
}

static void test_normalize(void **state)
{
	char *s = NULL;
	struct muster_error err = {0};
	(void)state;
	assert_int_equal(
	    muster_whatif_normalize("  offer   set id=O1   caveats=\"a b\"  ", &s, &err), 0);
	assert_string_equal(s, "offer set id=O1 caveats=\"a b\"");
	free(s);
	assert_int_equal(muster_whatif_normalize("nonsense x=1", &s, &err), MUSTER_EINVAL);
	assert_null(s);
	muster_error_release(&err);
}

static void test_diff(void **state)
{
	struct muster_scenario *a = *state, b;
	struct muster_error err = {0};
	struct muster_whatif_diff d = {0};
	struct muster_whatif_diff_opts opts = {.on = ymd(2021, 6, 1)};
	muster_scenario_init(&b);
	assert_int_equal(
	    muster_scenario_read_dir(&b, MUSTER_SRC "/tests/cli/expected/whatif/scenario", &err),
	    0);
	apply_ok(&b, "move-deadline nation=USA country=AFG to=2021-09-11");
	apply_ok(&b, "withdraw nation=GBR mission=M1 from=2021-03-01");
	assert_int_equal(muster_whatif_diff(a, NULL, &b, NULL, &opts, &d, &err), 0);
	/*
	 * On 2021-06-01 the AFG cap of 2500 still holds (it now ends at the moved
	 * deadline), with no one there: deployments do not move with it. IRQ
	 * loses GBR's 30.
	 */
	assert_int_equal(d.rows.nr, 2);
	assert_string_equal(d.rows.items[0].section, "cap headroom");
	assert_string_equal(d.rows.items[0].key, "USA in AFG");
	assert_true(d.rows.items[0].a == 0 && d.rows.items[0].b == 2500);
	assert_string_equal(d.rows.items[1].section, "posture");
	assert_string_equal(d.rows.items[1].key, "IRQ");
	assert_true(d.rows.items[1].a == 80 && d.rows.items[1].b == 50);
	muster_whatif_diff_release(&d);
	/* With --all, the unchanged ceiling and cap headroom are there too. */
	opts.all = true;
	assert_int_equal(muster_whatif_diff(a, NULL, &b, NULL, &opts, &d, &err), 0);
	assert_int_equal(d.rows.nr, 4);
	assert_string_equal(d.rows.items[0].section, "ceiling");
	assert_true(d.rows.items[0].a == 200 && d.rows.items[0].b == 200);
	muster_whatif_diff_release(&d);
	opts.mission = "M7";
	assert_int_equal(muster_whatif_diff(a, NULL, &b, NULL, &opts, &d, &err), MUSTER_ENOENT);
	muster_error_release(&err);
	muster_scenario_release(&b);
}

/* The runs a diff compares: sourced alike, the most recent such pair. */
static void test_pick_runs(void **state)
{
	struct muster_run r[5] = {
	    {.id = 1, .solver = "exact"},
	    {.id = 2, .whatif = "w", .solver = "fast"},
	    {.id = 3, .whatif = "w", .solver = "exact"},
	    {.id = 4, .solver = "fast", .with_requested = true},
	    {.id = 5, .whatif = "w", .solver = "fast", .mission = "M1"},
	};
	struct muster_run_list runs = {r, 2, 2};
	struct muster_error err = {0};
	size_t ia, ib;
	(void)state;
	/* 1 exact vs 2 fast: refused, naming the setting. */
	assert_int_equal(muster_whatif_pick_runs(&runs, NULL, "w", NULL, &ia, &ib, &err),
			 MUSTER_EINVAL);
	assert_string_equal(err.msg, "no runs of 'base' and 'w' were sourced alike: the latest, "
				     "run 1 of 'base' and run 2 of 'w', differ in solver ('exact' "
				     "vs 'fast')");
	assert_true(ia == 0 && ib == 1);
	muster_error_release(&err);
	runs.nr = 4; /* 3 exact pairs with 1; 4 (requested) pairs with nothing */
	assert_int_equal(muster_whatif_pick_runs(&runs, NULL, "w", NULL, &ia, &ib, &err), 0);
	assert_true(ia == 0 && ib == 2);
	runs.nr = 5; /* 5 is for M1 only: not a run over all missions */
	assert_int_equal(muster_whatif_pick_runs(&runs, NULL, "w", NULL, &ia, &ib, &err), 0);
	assert_true(ia == 0 && ib == 2);
	assert_int_equal(muster_whatif_pick_runs(&runs, NULL, "x", NULL, &ia, &ib, &err),
			 MUSTER_ENOENT);
	assert_true(ia == 3 && ib == SIZE_MAX);
	muster_error_release(&err);
	char *why = muster_run_settings_differ(&r[3], &r[1]);
	assert_string_equal(why, "with_requested ('yes' vs 'no')");
	free(why);
	why = muster_run_settings_differ(&r[1], &r[4]);
	assert_string_equal(why, "mission ('all' vs 'M1')");
	free(why);
	assert_null(muster_run_settings_differ(&r[0], &r[2]));
}

/* muster_whatif_diff itself refuses runs sourced differently, or on one side. */
static void test_diff_refuses_unlike_runs(void **state)
{
	struct muster_scenario *sc = *state;
	struct muster_run exact = {.id = 1, .solver = "exact"}, fast = {.id = 2, .solver = "fast"};
	struct muster_whatif_diff_opts opts = {.on = ymd(2021, 6, 1)};
	struct muster_whatif_diff d = {0};
	struct muster_error err = {0};
	assert_int_equal(muster_whatif_diff(sc, &exact, sc, &fast, &opts, &d, &err), MUSTER_EINVAL);
	assert_string_equal(
	    err.msg, "runs 1 and 2 were not sourced alike: they differ in solver ('exact' vs "
		     "'fast')");
	muster_error_release(&err);
	assert_int_equal(muster_whatif_diff(sc, &exact, sc, NULL, &opts, &d, &err), MUSTER_EINVAL);
	assert_string_equal(err.msg, "a diff needs a sourcing run on both sides or on neither");
	muster_error_release(&err);
	fast.solver = "exact";
	assert_int_equal(muster_whatif_diff(sc, &exact, sc, &fast, &opts, &d, &err), 0);
	assert_int_equal(d.rows.nr, 0); /* the same scenario and empty runs: no difference */
	muster_whatif_diff_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pick_runs),
	    cmocka_unit_test_setup_teardown(test_diff_refuses_unlike_runs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_withdraw_mission, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_withdraw_country_before_start, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_move_deadline, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cap_set_cuts_around, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_approve_and_phases, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_offers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_changes, setup, teardown),
	    cmocka_unit_test(test_normalize),
	    cmocka_unit_test_setup_teardown(test_diff, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
