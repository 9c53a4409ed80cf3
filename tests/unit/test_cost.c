/*
 * test_cost.c: the cost model (src/lib/cost.c) on hand-built runs over
 * tests/cli/data/cost, each figure worked out by hand: the most specific
 * rate, the bases adding up, a unit-deployment charged once for a pair cut
 * into consecutive rows, the common share split by the key (paid sums to
 * incurred), budgets over a window, and "no rates" as an error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"

static int32_t day(const char *s)
{
	int32_t d;
	assert_int_equal(muster_date_parse(s, &d), 0);
	return d;
}

static void load(struct muster_scenario *sc)
{
	struct muster_error err = {0};
	muster_scenario_init(sc);
	assert_int_equal(muster_scenario_read_dir(sc, MUSTER_SRC "/tests/cli/data/cost", &err), 0);
	muster_error_release(&err);
}

static void add(struct muster_run *run, const char *offer, const char *nation, const char *line,
		const char *cap, long units, long personnel, const char *from, const char *to)
{
	struct muster_assignment a = {0};
	a.mission = strdup("M1");
	a.line = strdup(line);
	a.offer = strdup(offer);
	a.nation = strdup(nation);
	a.capability = strdup(cap);
	a.units = units;
	a.personnel = personnel;
	a.from = day(from);
	a.to = day(to);
	a.person_days = personnel * (a.to - a.from);
	if (run->assignments.nr == run->assignments.alloc) {
		run->assignments.alloc = run->assignments.alloc ? 2 * run->assignments.alloc : 8;
		run->assignments.items =
		    realloc(run->assignments.items,
			    run->assignments.alloc * sizeof(*run->assignments.items));
	}
	run->assignments.items[run->assignments.nr++] = a;
}

/* A unit-deployment rate for INF, so that L1's pair is charged per unit sent. */
static void add_inf_deployment_rate(struct muster_scenario *sc)
{
	struct muster_cost_rate r = {0};
	r.id = strdup("R-INF");
	r.capability = strdup("INF");
	r.basis = MUSTER_BASIS_UNIT_DEPLOYMENT;
	r.value = 500;
	r.from = MUSTER_DATE_NONE;
	r.to = MUSTER_DATE_OPEN;
	sc->costs.alloc = sc->costs.nr + 1;
	sc->costs.items = realloc(sc->costs.items, sc->costs.alloc * sizeof(*sc->costs.items));
	sc->costs.items[sc->costs.nr++] = r;
}

static void test_pair_cut_deploys_once(void **state)
{
	(void)state;
	struct muster_scenario sc;
	struct muster_run run = {0};
	bool priced;
	load(&sc);
	add_inf_deployment_rate(&sc);
	/* L1 cut on 2021-01-06: the second row adds no unit, the third adds one */
	add(&run, "USA-INF", "USA", "L1", "INF", 1, 100, "2021-01-01", "2021-01-06");
	add(&run, "USA-INF", "USA", "L1", "INF", 1, 100, "2021-01-06", "2021-01-09");
	add(&run, "USA-INF", "USA", "L1", "INF", 2, 200, "2021-01-09", "2021-01-11");
	/* person-day: the US rate R2 (20) over R1 (10) */
	assert_true(fabs(muster_cost_assignment(&sc, &run, 0, &priced) - (100 * 5 * 20 + 500)) <
		    1e-9);
	assert_true(priced);
	assert_true(fabs(muster_cost_assignment(&sc, &run, 1, &priced) - (100 * 3 * 20)) < 1e-9);
	assert_true(fabs(muster_cost_assignment(&sc, &run, 2, &priced) - (200 * 2 * 20 + 500)) <
		    1e-9);
	muster_run_release(&run);
	muster_scenario_release(&sc);
}

static void test_common_split_and_budget(void **state)
{
	(void)state;
	struct muster_scenario sc;
	struct muster_run run = {0};
	struct muster_cost c;
	struct muster_error err = {0};
	struct muster_cost_opts o = {MUSTER_COST_BY_NATION, MUSTER_DATE_NONE, MUSTER_DATE_OPEN,
				     NULL, NULL};
	load(&sc);
	/* GBR's HQ unit over the new year: 2000 national in 2021; 1050 in 2022,
	 * half of it common, split USA 3 : GBR 1 */
	add(&run, "GBR-HQ", "GBR", "L2", "HQ", 1, 10, "2021-12-22", "2022-01-11");
	assert_int_equal(muster_cost_compute(&sc, &run, &o, &c, &err), 0);
	assert_int_equal(c.nr, 2);
	assert_string_equal(c.rows[0].group, "GBR");
	assert_true(fabs(c.rows[0].incurred - 3050) < 1e-9);
	assert_true(fabs(c.rows[0].common - 525) < 1e-9);
	assert_true(fabs(c.rows[0].paid - (2000 + 525 + 131.25)) < 1e-9);
	assert_string_equal(c.rows[1].group, "USA");
	assert_true(fabs(c.rows[1].paid - 393.75) < 1e-9);
	assert_true(fabs(c.paid - c.incurred) < 1e-9);
	assert_string_equal(c.currency, "EUR");
	muster_cost_release(&c);
	/* a budget of GBR for 2022 only: its own half plus its key share */
	struct muster_budget b = {.id = "B",
				  .nation = "GBR",
				  .limit = 600,
				  .from = day("2022-01-01"),
				  .to = MUSTER_DATE_OPEN};
	double paid;
	size_t unpriced;
	assert_int_equal(muster_budget_paid(&sc, &run, &b, &paid, &unpriced, &err), 0);
	assert_true(fabs(paid - 656.25) < 1e-9);
	assert_int_equal(unpriced, 0);
	struct muster_violation_list v = {0};
	sc.budgets.items[0].limit = 2000; /* B1: GBR on M1 from 2021, paid 2656.25 */
	assert_int_equal(muster_source_check(&sc, &run, &v, &err), 0);
	size_t budget_rows = 0;
	for (size_t i = 0; i < v.nr; i++)
		budget_rows += !strcmp(v.items[i].check, "budget");
	assert_int_equal(budget_rows, 1);
	muster_violation_list_release(&v);
	muster_error_release(&err);
	muster_run_release(&run);
	muster_scenario_release(&sc);
}

static void test_no_rates_is_an_error(void **state)
{
	(void)state;
	struct muster_scenario sc;
	struct muster_run run = {0};
	struct muster_cost c;
	struct muster_error err = {0};
	struct muster_cost_opts o = {MUSTER_COST_BY_NATION, MUSTER_DATE_NONE, MUSTER_DATE_OPEN,
				     NULL, NULL};
	load(&sc);
	add(&run, "GBR-HQ", "GBR", "L2", "HQ", 1, 10, "2021-12-22", "2022-01-11");
	struct muster_scenario empty;
	muster_scenario_init(&empty);
	assert_int_equal(muster_cost_compute(&empty, &run, &o, &c, &err), MUSTER_ENOENT);
	assert_non_null(strstr(err.msg, "no cost rates"));
	muster_cost_release(&c);
	muster_error_release(&err);
	o.mission = "NOPE";
	assert_int_equal(muster_cost_compute(&sc, &run, &o, &c, &err), MUSTER_ENOENT);
	muster_cost_release(&c);
	muster_error_release(&err);
	muster_run_release(&run);
	muster_scenario_release(&sc);
}

/*
 * Budgets count the unpriced assignments that could add to the nation's
 * cost: its own, and another nation's only where a common rule with the
 * nation in its key is in force on that assignment's mission and days. Here
 * every rate prices HQ only, so INF is unpriced; F0 (national) holds M1 in
 * 2021 and F1 (half common, key USA 3 : GBR 1) from 2022.
 */
static void test_budget_counts_only_reachable_unpriced(void **state)
{
	(void)state;
	struct muster_scenario sc;
	struct muster_run run = {0};
	struct muster_error err = {0};
	load(&sc);
	for (size_t i = 0; i < sc.costs.nr; i++)
		if (!sc.costs.items[i].capability)
			sc.costs.items[i].capability = strdup("HQ");
	add(&run, "USA-INF", "USA", "L1", "INF", 1, 100, "2021-03-01", "2021-06-01");
	struct muster_budget b = {.id = "B",
				  .nation = "GBR",
				  .mission = "M1",
				  .limit = 1e9,
				  .from = day("2021-01-01"),
				  .to = MUSTER_DATE_OPEN};
	double paid;
	size_t unpriced;
	/* the US's unpriced row of 2021 is national: GBR's budget is verified */
	assert_int_equal(muster_budget_paid(&sc, &run, &b, &paid, &unpriced, &err), 0);
	assert_int_equal(unpriced, 0);
	b.nation = "USA"; /* its own: counted */
	assert_int_equal(muster_budget_paid(&sc, &run, &b, &paid, &unpriced, &err), 0);
	assert_int_equal(unpriced, 1);
	/* one in 2022, under the common rule: it would add to GBR's share */
	add(&run, "USA-INF", "USA", "L1", "INF", 1, 100, "2022-02-01", "2022-03-01");
	b.nation = "GBR";
	assert_int_equal(muster_budget_paid(&sc, &run, &b, &paid, &unpriced, &err), 0);
	assert_int_equal(unpriced, 1);
	/* ... and check says GBR's budget B1 is not verified because of it */
	struct muster_violation_list v = {0};
	assert_int_equal(muster_source_check(&sc, &run, &v, &err), 0);
	size_t not_verified = 0;
	for (size_t i = 0; i < v.nr; i++)
		not_verified += !strcmp(v.items[i].check, "budget") &&
				strstr(v.items[i].detail, "not verified: 1 assignments");
	assert_int_equal(not_verified, 1);
	muster_violation_list_release(&v);
	/* a budget of 2021 only: the 2022 row is outside it */
	b.to = day("2022-01-01");
	assert_int_equal(muster_budget_paid(&sc, &run, &b, &paid, &unpriced, &err), 0);
	assert_int_equal(unpriced, 0);
	muster_error_release(&err);
	muster_run_release(&run);
	muster_scenario_release(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pair_cut_deploys_once),
	    cmocka_unit_test(test_common_split_and_budget),
	    cmocka_unit_test(test_budget_counts_only_reachable_unpriced),
	    cmocka_unit_test(test_no_rates_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
