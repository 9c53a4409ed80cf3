/*
 * test_rotation.c: pool sizes at deploy-to-dwell 1:K (rotation.c) on the
 * hand-built scenario of tests/cli/expected/rotation/scenario, from offers
 * and from a hand-made sourcing run, with the numbers worked out by hand.
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

static int setup(void **state)
{
	struct muster_scenario *sc = calloc(1, sizeof(*sc));
	struct muster_error err = {0};
	muster_scenario_init(sc);
	int rc =
	    muster_scenario_read_dir(sc, MUSTER_SRC "/tests/cli/expected/rotation/scenario", &err);
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

static const struct muster_rotation_row *row(const struct muster_rotation *rot, const char *line,
					     const char *nation)
{
	for (size_t i = 0; i < rot->rows.nr; i++)
		if (!strcmp(rot->rows.items[i].line, line) &&
		    !strcmp(rot->rows.items[i].nation, nation))
			return &rot->rows.items[i];
	return NULL;
}

static void test_from_offers(void **state)
{
	struct muster_rotation rot;
	struct muster_rotation_opts o = {.mission = "R1", .dwell = 2, .tour = 180};
	struct muster_error err = {0};
	assert_int_equal(muster_rotation_compute(*state, NULL, &o, &rot, &err), 0);
	assert_int_equal(rot.lines, 2); /* A (365 days) and C (181); B (90) is short */
	assert_int_equal(rot.rows.nr, 5);
	const struct muster_rotation_row *r = row(&rot, "A", "FRA");
	assert_non_null(r);
	assert_int_equal(r->rotations, 3);
	assert_int_equal(r->deployed, 2);
	assert_int_equal(r->pool, 6);
	assert_int_equal(r->offered, 2);
	assert_true(r->held.known); /* FRA-1 states a pool of 6: enough */
	assert_int_equal(r->held.value, 6);
	assert_int_equal(r->shortfall, 0);
	assert_int_equal(r->sustainable, MUSTER_SUSTAIN_YES);
	r = row(&rot, "A", "DEU"); /* 6 offered, N capped at the line's 2 units */
	assert_int_equal(r->deployed, 2);
	assert_int_equal(r->held.value, 4); /* a pool of 4 for 6 needed */
	assert_int_equal(r->shortfall, 2);
	assert_int_equal(r->sustainable, MUSTER_SUSTAIN_NO);
	r = row(&rot, "C", "NLD"); /* the withdrawn NLD-2 counts for nothing */
	assert_int_equal(r->rotations, 2);
	assert_int_equal(r->offered, 1);
	assert_int_equal(r->pool, 3);
	assert_false(r->held.known); /* NLD-1 states no pool: unknown, not "no" */
	assert_int_equal(r->shortfall, 0);
	assert_int_equal(r->sustainable, MUSTER_SUSTAIN_UNKNOWN);
	assert_string_equal(muster_sustain_name(r->sustainable), "pool not stated");
	assert_null(row(&rot, "C", "FRA")); /* FRA's offer is for line A */
	muster_rotation_release(&rot);

	o.tour = 181; /* C lasts exactly 181 days: no longer outlasts a tour */
	assert_int_equal(muster_rotation_compute(*state, NULL, &o, &rot, &err), 0);
	assert_int_equal(rot.lines, 1);
	muster_rotation_release(&rot);
}

static void test_from_run(void **state)
{
	struct muster_run run = {0};
	struct muster_assignment a[2] = {
	    {.mission = "R1",
	     .line = "A",
	     .offer = "DEU-1",
	     .nation = "DEU",
	     .units = 1,
	     .personnel = 100},
	    {.mission = "R1",
	     .line = "A",
	     .offer = "DEU-1",
	     .nation = "DEU",
	     .units = 1,
	     .personnel = 100},
	};
	struct muster_rotation rot;
	struct muster_rotation_opts o = {.dwell = 3, .tour = 100};
	struct muster_error err = {0};
	/* Two back-to-back assignments of 1 unit: N = 1, not 2. */
	a[0].from = muster_date_from_ymd(2021, 1, 1);
	a[0].to = muster_date_from_ymd(2021, 7, 1);
	a[1].from = a[0].to;
	a[1].to = muster_date_from_ymd(2022, 1, 1);
	run.assignments.items = a;
	run.assignments.nr = 2;
	assert_int_equal(muster_rotation_compute(*state, &run, &o, &rot, &err), 0);
	assert_true(rot.from_run);
	assert_int_equal(rot.rows.nr, 1); /* only DEU on A contributes in the run */
	const struct muster_rotation_row *r = row(&rot, "A", "DEU");
	assert_int_equal(r->rotations, 4); /* ceil(365 / 100) */
	assert_int_equal(r->deployed, 1);
	assert_int_equal(r->pool, 4);
	assert_int_equal(r->offered, 6);
	assert_int_equal(r->held.value, 4); /* DEU-1's pool of 4 holds N x (1 + 3) */
	assert_int_equal(r->shortfall, 0);
	assert_int_equal(r->sustainable, MUSTER_SUSTAIN_YES);
	muster_rotation_release(&rot);
}

/* One offer without a pool among several makes the pool unknown, not smaller. */
static void test_partly_stated(void **state)
{
	struct muster_scenario *sc = *state;
	struct muster_rotation rot;
	struct muster_rotation_opts o = {.mission = "R1", .dwell = 2, .tour = 180};
	struct muster_error err = {0};
	struct muster_offer *nld2 = &sc->offers.items[3];
	assert_string_equal(nld2->id, "NLD-2");
	nld2->status = MUSTER_OFFER_OFFERED; /* now counted: pool 10, NLD-1 states none */
	assert_int_equal(muster_rotation_compute(sc, NULL, &o, &rot, &err), 0);
	const struct muster_rotation_row *r = row(&rot, "A", "NLD");
	assert_int_equal(r->offered, 5);
	assert_false(r->held.known);
	assert_int_equal(r->sustainable, MUSTER_SUSTAIN_UNKNOWN);
	muster_rotation_release(&rot);
	sc->offers.items[2].pool = (struct muster_opt_count){.value = 0, .known = true};
	assert_int_equal(muster_rotation_compute(sc, NULL, &o, &rot, &err), 0);
	r = row(&rot, "A", "NLD"); /* stated 0 + 10 against 2 x 3 = 6: yes */
	assert_true(r->held.known);
	assert_int_equal(r->held.value, 10);
	assert_int_equal(r->sustainable, MUSTER_SUSTAIN_YES);
	muster_rotation_release(&rot);
}

static void test_errors(void **state)
{
	struct muster_rotation rot;
	struct muster_rotation_opts o = {.dwell = 2, .tour = 0};
	struct muster_error err = {0};
	assert_int_equal(muster_rotation_compute(*state, NULL, &o, &rot, &err), MUSTER_EINVAL);
	o.tour = 180;
	o.mission = "R9";
	assert_int_equal(muster_rotation_compute(*state, NULL, &o, &rot, &err), MUSTER_ENOENT);
	assert_string_equal(err.msg, "unknown mission 'R9'; did you mean 'R1'?");
	muster_error_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_from_offers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_from_run, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_partly_stated, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
