/*
 * test_source_budget.c: budgets (budgets.csv) as a constraint of both
 * solvers, on random scenarios (issue 15). Each scenario is written as CSV
 * files and read like any other: two missions (one with a cost-share key
 * funding part of its costs in common from a random date), lines and offers
 * of three capabilities and four nations, a rate of each basis (person-day,
 * unit-day, unit-deployment) with random values, a national cap whose start
 * cuts pairs into pieces, and one to three budgets (nation, mission or all,
 * a window or none, a random limit).
 *
 * Properties, for the fast and the exact solver:
 * - muster_source's run breaks no budget: muster_source_check (what `muster
 *   check` runs) reports no budget over its limit, and nothing else either.
 * - A gap whose reason is `budget` and whose detail names no other blocker
 *   ("also ...") can take one more unit once that budget is removed: the
 *   model without it (the same pairs) has a pair of the line, active at the
 *   gap's start, to which one more unit can be added with every row held.
 * The counts of such gaps are printed as TAP comments; the test fails when
 * the scenarios produce none (it would test nothing).
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
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"
#include "util.h"

#define SCENARIOS 60

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static long rnd(long lo, long hi)
{
	return lo + (long)(rng_next() % (uint64_t)(hi - lo + 1));
}

static const char *const nations[] = {"FRA", "DEU", "ITA", "GBR"};
static const char *const caps[] = {"INF", "ENG", "HQ"};

/* 2021-01-01 + d, or "" for d < 0. */
static const char *date(int d, char buf[static 11])
{
	if (d < 0)
		buf[0] = 0;
	else
		muster_date_format(muster_date_from_ymd(2021, 1, 1) + d, buf);
	return buf;
}

static FILE *open_in(const char *dir, const char *name, const char *header)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", header);
	return f;
}

static void write_scenario(const char *dir)
{
	char a[11], b[11];
	FILE *f = open_in(dir, "missions.csv", "code,name,organization,host,from,to");
	fprintf(f, "M1,One,NATO,IRQ,2021-01-01,\nM2,Two,NATO,MLI,2021-01-01,\n");
	fclose(f);
	f = open_in(dir, "capabilities.csv", "code,name,substitutes");
	fprintf(f, "INF,Infantry,\nENG,Engineers,\nHQ,Headquarters,\n");
	fclose(f);
	f = open_in(dir, "requirements.csv",
		    "mission,line,capability,units,personnel,location,from,to,priority,"
		    "min_readiness,tasks");
	long nl = rnd(3, 6);
	for (long i = 0; i < nl; i++) {
		int from = (int)rnd(0, 40);
		fprintf(f, "M%ld,L%ld,%s,%ld,%ld,,%s,%s,%ld,0,\n", rnd(1, 2), i, caps[rnd(0, 2)],
			rnd(1, 4), rnd(5, 20), date(from, a), date(from + (int)rnd(10, 60), b),
			rnd(1, 5));
	}
	fclose(f);
	f = open_in(dir, "offers.csv",
		    "id,nation,capability,units,personnel,from,to,readiness,mission,line,caveats,"
		    "status,pool");
	long no = rnd(3, 8);
	for (long i = 0; i < no; i++)
		fprintf(f, "O%ld,%s,%s,%ld,%ld,%s,,0,,,,offered,\n", i, nations[rnd(0, 3)],
			caps[rnd(0, 2)], rnd(1, 4), rnd(5, 20), date((int)rnd(0, 30), a));
	fclose(f);
	f = open_in(dir, "costs.csv",
		    "id,nation,country,capability,basis,value,from,to,currency,note");
	fprintf(f, "R1,,,,person-day,%ld,,,EUR,\n", rnd(1, 20));
	fprintf(f, "R2,%s,,,person-day,%ld,,,,\n", nations[rnd(0, 3)], rnd(1, 40));
	fprintf(f, "R3,,,ENG,unit-day,%ld,,,,\n", rnd(10, 200));
	fprintf(f, "R4,,,HQ,unit-deployment,%ld,,,,\n", rnd(100, 3000));
	fprintf(f, "R5,,,INF,unit-deployment,%ld,%s,,,\n", rnd(100, 3000),
		date((int)rnd(0, 40), a));
	fclose(f);
	f = open_in(dir, "keys.csv", "key,nation,value");
	for (int i = 0; i < 4; i++)
		fprintf(f, "share,%s,%ld\n", nations[i], rnd(1, 5));
	fclose(f);
	f = open_in(dir, "funding.csv", "id,mission,rule,key,share,from,to");
	int cut = (int)rnd(0, 60);
	fprintf(f, "F0,M1,national,,1,,%s\nF1,M1,common,share,0.%ld,%s,\n", date(cut, a), rnd(2, 8),
		date(cut, b));
	fclose(f);
	/* a cap that cuts the pairs of one nation in IRQ into pieces at its start */
	f = open_in(dir, "caps.csv", "nation,country,limit,from,to,note");
	fprintf(f, "%s,IRQ,%ld,%s,,\n", nations[rnd(0, 3)], rnd(40, 400), date((int)rnd(5, 50), a));
	fclose(f);
	f = open_in(dir, "budgets.csv", "id,nation,mission,limit,from,to,currency,note");
	long nb = rnd(1, 3);
	for (long i = 0; i < nb; i++) {
		int from = rnd(0, 1) ? (int)rnd(0, 40) : -1;
		int to = rnd(0, 1) ? (from < 0 ? 0 : from) + (int)rnd(5, 60) : -1;
		fprintf(f, "B%ld,%s,%s,%ld,%s,%s,EUR,\n", i, nations[rnd(0, 3)],
			rnd(0, 1) ? "M1" : "", rnd(0, 30000), date(from, a), date(to, b));
	}
	fclose(f);
}

/* Whether one more unit of pair p keeps x within every row and bound of m. */
static bool one_more_fits(const struct source_model *m, const long *x, size_t p)
{
	if (x[p] + 1 > m->pairs.items[p].ub)
		return false;
	for (size_t i = 0; i < m->rows.nr; i++) {
		const struct source_row *r = &m->rows.items[i];
		double use = 0;
		bool in = false;
		for (size_t k = r->first; k < r->first + r->n; k++) {
			const struct source_entry *e = &m->entries.items[k];
			use += e->coef * (double)(x[e->pair] + (e->pair == p));
			in = in || e->pair == p;
		}
		if (in && use > r->rhs + 1e-6 + 1e-9 * r->rhs)
			return false;
	}
	return true;
}

static size_t budget_index(const struct muster_scenario *sc, const char *detail)
{
	for (size_t i = 0; i < sc->budgets.nr; i++) {
		char *head = xstrfmt("budget %s (", sc->budgets.items[i].id);
		bool hit = !strncmp(detail, head, strlen(head));
		free(head);
		if (hit)
			return i;
	}
	fail_msg("no budget named in '%s'", detail);
	return 0;
}

/* The budget gaps without another blocker of `sol` on m: each fillable without its budget. */
static size_t check_removal(struct muster_scenario *sc, const struct source_model *m,
			    const struct source_solution *sol, const struct source_opts *so)
{
	struct muster_run run = {0};
	struct muster_error err = {0};
	size_t tested = 0;
	assert_int_equal(source_gaps(m, sol, &run, &err), 0);
	for (size_t g = 0; g < run.gaps.nr; g++) {
		const struct muster_gap *gap = &run.gaps.items[g];
		if (gap->reason != MUSTER_GAP_BUDGET || strstr(gap->detail, "also"))
			continue;
		size_t bi = budget_index(sc, gap->detail);
		struct muster_budget saved = sc->budgets.items[bi];
		size_t nr = sc->budgets.nr;
		sc->budgets.items[bi] = sc->budgets.items[nr - 1];
		sc->budgets.nr--;
		struct source_model m2;
		assert_int_equal(source_model_build(&m2, sc, so, &err), 0);
		assert_int_equal(m2.pairs.nr, m->pairs.nr);
		uint32_t s = source_model_segment(&m2, gap->from);
		bool fits = false;
		for (size_t p = 0; p < m2.pairs.nr && !fits; p++) {
			const struct source_pair *q = &m2.pairs.items[p];
			const struct muster_requirement *r = &sc->requirements.items[q->line];
			assert_int_equal(q->offer, m->pairs.items[p].offer);
			assert_int_equal(q->from, m->pairs.items[p].from);
			if (!strcmp(r->mission, gap->mission) && !strcmp(r->line, gap->line) &&
			    q->seg_lo <= s && s < q->seg_hi)
				fits = one_more_fits(&m2, sol->x, p);
		}
		if (!fits)
			fail_msg("%s:%s from %d: '%s' but no more unit fits without the budget",
				 gap->mission, gap->line, gap->from, gap->detail);
		source_model_release(&m2);
		sc->budgets.nr = nr;
		sc->budgets.items[nr - 1] = sc->budgets.items[bi];
		sc->budgets.items[bi] = saved;
		tested++;
	}
	muster_run_release(&run);
	muster_error_release(&err);
	return tested;
}

/* muster_source's run: no violation of any kind (a budget over its limit included). */
static size_t check_run(const struct muster_scenario *sc, bool exact, size_t *budget_gaps)
{
	struct muster_source_opts o = {.exact = exact, .time_limit = 20};
	struct muster_run run = {0};
	struct muster_error err = {0};
	struct muster_violation_list v = {0};
	assert_int_equal(muster_source(sc, &o, &run, &err), 0);
	assert_int_equal(muster_source_check(sc, &run, &v, &err), 0);
	for (size_t i = 0; i < v.nr; i++)
		if (strcmp(v.items[i].check, "budget") ||
		    !strstr(v.items[i].detail, "not verified"))
			fail_msg("%s run: %s %s: %s", exact ? "exact" : "fast", v.items[i].check,
				 v.items[i].subject, v.items[i].detail ? v.items[i].detail : "");
	for (size_t g = 0; g < run.gaps.nr; g++)
		*budget_gaps += run.gaps.items[g].reason == MUSTER_GAP_BUDGET;
	size_t n = run.assignments.nr;
	muster_violation_list_release(&v);
	muster_run_release(&run);
	muster_error_release(&err);
	return n;
}

static void test_random_budgets(void **state)
{
	(void)state;
	size_t tested[2] = {0}, gaps[2] = {0}, held = 0;
	for (int seed = 0; seed < SCENARIOS; seed++) {
		char dir[] = "/tmp/muster-budget-XXXXXX";
		assert_non_null(mkdtemp(dir));
		rng_state = (uint64_t)seed * 7919 + 1;
		write_scenario(dir);
		struct muster_scenario sc;
		struct muster_error err = {0};
		muster_scenario_init(&sc);
		if (muster_scenario_read_dir(&sc, dir, &err) < 0)
			fail_msg("seed %d: %s", seed, err.msg);
		for (int exact = 0; exact < 2; exact++) {
			check_run(&sc, exact, &gaps[exact]);
			struct source_opts so = {.exact = exact, .time_limit = 20};
			struct source_model m;
			struct source_solution sol = {0};
			assert_int_equal(source_model_build(&m, &sc, &so, &err), 0);
			for (size_t r = 0; r < m.rows.nr; r++)
				held += !exact && m.rows.items[r].kind == SOURCE_ROW_BUDGET;
			assert_int_equal(exact ? source_exact_solve(&m, &sol, &err)
					       : source_fast_solve(&m, &sol, &err),
					 0);
			tested[exact] += check_removal(&sc, &m, &sol, &so);
			source_solution_release(&sol);
			source_model_release(&m);
		}
		muster_scenario_release(&sc);
		muster_error_release(&err);
		char cmd[64];
		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		assert_int_equal(system(cmd), 0);
	}
	printf("# %d scenarios: %zu budget rows in the models; budget gaps: fast %zu, exact %zu; "
	       "lifted (no other blocker) and shown fillable: fast %zu, exact %zu\n",
	       SCENARIOS, held, gaps[0], gaps[1], tested[0], tested[1]);
	assert_true(held > 0);
	assert_true(tested[0] > 0 && tested[1] > 0);
}

/*
 * A mission funded in common only in January, a line in March: DEU's pair
 * cannot add to FRA's budget (no rule in force then), so the DEU offer no
 * rate prices is none of the budget's pairs and no warning counts it. With
 * the rule in force in March (common_to after the line) it is one, unpriced.
 * The check of model and cost is one, cost_pays_common, with dates.
 */
static size_t common_warnings(const char *common_to, bool *held)
{
	char dir[] = "/tmp/muster-budget-XXXXXX";
	assert_non_null(mkdtemp(dir));
	FILE *f = open_in(dir, "missions.csv", "code,name,organization,host,from,to");
	fprintf(f, "M1,One,NATO,IRQ,2021-01-01,\n");
	fclose(f);
	f = open_in(dir, "capabilities.csv", "code,name,substitutes");
	fprintf(f, "INF,Infantry,\n");
	fclose(f);
	f = open_in(dir, "requirements.csv",
		    "mission,line,capability,units,personnel,location,from,to,priority,"
		    "min_readiness,tasks");
	fprintf(f, "M1,L0,INF,2,10,,2021-03-01,2021-04-01,1,0,\n");
	fclose(f);
	f = open_in(dir, "offers.csv",
		    "id,nation,capability,units,personnel,from,to,readiness,mission,line,caveats,"
		    "status,pool");
	fprintf(f, "O0,FRA,INF,1,10,2021-01-01,,0,,,,offered,\n"
		   "O1,DEU,INF,1,10,2021-01-01,,0,,,,offered,\n");
	fclose(f);
	f = open_in(dir, "costs.csv",
		    "id,nation,country,capability,basis,value,from,to,currency,note");
	fprintf(f, "R1,FRA,,,person-day,5,,,EUR,\n"); /* DEU: no rate */
	fclose(f);
	f = open_in(dir, "keys.csv", "key,nation,value");
	fprintf(f, "share,FRA,1\nshare,DEU,1\n");
	fclose(f);
	f = open_in(dir, "funding.csv", "id,mission,rule,key,share,from,to");
	fprintf(f, "F1,M1,common,share,0.5,2021-01-01,%s\n", common_to);
	fclose(f);
	f = open_in(dir, "budgets.csv", "id,nation,mission,limit,from,to,currency,note");
	fprintf(f, "B0,FRA,M1,100000,,,EUR,\n");
	fclose(f);

	struct muster_scenario sc;
	struct muster_error err = {0};
	muster_scenario_init(&sc);
	if (muster_scenario_read_dir(&sc, dir, &err) < 0)
		fail_msg("%s", err.msg);
	int32_t jan = muster_date_from_ymd(2021, 1, 1), feb = muster_date_from_ymd(2021, 2, 1),
		mar = muster_date_from_ymd(2021, 3, 1), apr = muster_date_from_ymd(2021, 4, 1);
	assert_true(cost_pays_common(&sc, "FRA", "M1", jan, feb));
	assert_true(cost_pays_common(&sc, "FRA", NULL, MUSTER_DATE_NONE, MUSTER_DATE_OPEN));
	assert_false(cost_pays_common(&sc, "FRA", "M2", jan, feb));
	assert_false(cost_pays_common(&sc, "GBR", "M1", jan, feb));
	struct source_opts so = {.time_limit = 20};
	struct source_model m;
	assert_int_equal(source_model_build(&m, &sc, &so, &err), 0);
	size_t n = m.warnings.nr;
	for (size_t i = 0; i < n; i++)
		printf("# funding to %s: %s\n", common_to, m.warnings.items[i]);
	*held = m.budget_held[0];
	assert_int_equal(cost_pays_common(&sc, "FRA", "M1", mar, apr), n > 0);
	source_model_release(&m);
	muster_scenario_release(&sc);
	muster_error_release(&err);
	char cmd[64];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	return n;
}

static void test_common_outside_dates(void **state)
{
	(void)state;
	bool held;
	assert_int_equal(common_warnings("2021-02-01", &held), 0);
	assert_true(held);
	assert_int_equal(common_warnings("2021-05-01", &held), 1);
	assert_true(held); /* FRA's own pair is priced */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_random_budgets),
	    cmocka_unit_test(test_common_outside_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
