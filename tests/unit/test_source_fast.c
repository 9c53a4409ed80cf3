/*
 * test_source_fast.c: the fast sourcing solver on hand-built sourcing models
 * with known optima, one per row family (line, offer, cap, ceiling over
 * segments, a deadline cap of 0), plus edge cases (nothing binds, no pairs).
 * Every result must satisfy every row, stay within 0 <= x <= ub, and report
 * a bound at or above the optimum.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "source.h"
#include "util.h"

/* Add a pair (offer, line over segments [lo, hi)) with its value and bound. */
static size_t pair(struct source_model *m, uint32_t offer, uint32_t line, uint32_t lo, uint32_t hi,
		   long ub, long people, double value)
{
	struct source_pair p = {0};
	p.offer = offer;
	p.line = line;
	p.seg_lo = lo;
	p.seg_hi = hi;
	p.ub = ub;
	p.people = people;
	p.value = value;
	p.fill = value;
	ARRAY_PUSH(m->pairs, p);
	return m->pairs.nr - 1;
}

/* Add a row over `n` pairs; coefficient 1 for line/offer rows, people otherwise. */
static void row(struct source_model *m, enum source_row_kind kind, uint32_t seg, double rhs,
		size_t n, const size_t *pairs)
{
	struct source_row r = {kind, 0, seg, rhs, m->entries.nr, n};
	for (size_t i = 0; i < n; i++) {
		bool units = kind == SOURCE_ROW_LINE || kind == SOURCE_ROW_OFFER;
		double coef = units ? 1 : (double)m->pairs.items[pairs[i]].people;
		ARRAY_PUSH(m->entries, ((struct source_entry){(uint32_t)pairs[i], coef}));
	}
	ARRAY_PUSH(m->rows, r);
}

static void model_free(struct source_model *m)
{
	ARRAY_RELEASE(m->pairs);
	ARRAY_RELEASE(m->rows);
	ARRAY_RELEASE(m->entries);
}

/* Solve, check feasibility and the bound, return the solution (caller frees x). */
static struct source_solution solve(const struct source_model *m)
{
	struct source_solution sol = {0};
	struct muster_error err = {0};
	assert_int_equal(source_fast_solve(m, &sol, &err), 0);
	assert_null(err.msg);
	double obj = 0;
	for (size_t p = 0; p < m->pairs.nr; p++) {
		assert_true(sol.x[p] >= 0 && sol.x[p] <= m->pairs.items[p].ub);
		obj += (double)sol.x[p] * m->pairs.items[p].value;
	}
	for (size_t i = 0; i < m->rows.nr; i++) {
		const struct source_row *r = &m->rows.items[i];
		double use = 0;
		for (size_t k = r->first; k < r->first + r->n; k++)
			use += (double)sol.x[m->entries.items[k].pair] * m->entries.items[k].coef;
		assert_true(use <= r->rhs + 1e-9);
	}
	assert_true(fabs(obj - sol.objective) <= 1e-9 * (obj + 1));
	assert_true(sol.bound >= sol.objective);
	return sol;
}

static void expect_optimum(const struct source_model *m, double opt)
{
	struct source_solution sol = solve(m);
	assert_true(fabs(sol.objective - opt) <= 1e-9 * (opt + 1));
	assert_true(sol.bound >= opt - 1e-9 * (opt + 1));
	free(sol.x);
}

/* Line row binds: a line of 2 units, two offers of 2; the better offer fills it. */
static void test_line_binds(void **state)
{
	(void)state;
	struct source_model m = {0};
	size_t a = pair(&m, 0, 0, 0, 1, 2, 10, 10), b = pair(&m, 1, 0, 0, 1, 2, 10, 8);
	row(&m, SOURCE_ROW_LINE, 0, 2, 2, (size_t[]){a, b});
	row(&m, SOURCE_ROW_OFFER, 0, 2, 1, (size_t[]){a});
	row(&m, SOURCE_ROW_OFFER, 0, 2, 1, (size_t[]){b});
	expect_optimum(&m, 20);
	struct source_solution sol = solve(&m);
	assert_int_equal(sol.x[a], 2);
	assert_int_equal(sol.x[b], 0);
	free(sol.x);
	model_free(&m);
}

/* Offer row binds: an offer of 3 units, two lines of 3; the more valuable wins. */
static void test_offer_binds(void **state)
{
	(void)state;
	struct source_model m = {0};
	size_t a = pair(&m, 0, 0, 0, 1, 3, 10, 5), b = pair(&m, 0, 1, 0, 1, 3, 10, 7);
	row(&m, SOURCE_ROW_OFFER, 0, 3, 2, (size_t[]){a, b});
	row(&m, SOURCE_ROW_LINE, 0, 3, 1, (size_t[]){a});
	row(&m, SOURCE_ROW_LINE, 0, 3, 1, (size_t[]){b});
	expect_optimum(&m, 21);
	model_free(&m);
}

/*
 * Offer and line rows together (a transportation problem): offer 0 can fill
 * both lines, offer 1 only line 0. Greedy by value alone would give offer 0
 * to line 0 (value 10) and leave line 1 empty; the optimum sends offer 1 to
 * line 0 and offer 0 to line 1: 9 + 8 = 17.
 */
static void test_transport(void **state)
{
	(void)state;
	struct source_model m = {0};
	size_t p00 = pair(&m, 0, 0, 0, 1, 1, 10, 10), p01 = pair(&m, 0, 1, 0, 1, 1, 10, 8);
	size_t p10 = pair(&m, 1, 0, 0, 1, 1, 10, 9);
	row(&m, SOURCE_ROW_LINE, 0, 1, 2, (size_t[]){p00, p10});
	row(&m, SOURCE_ROW_LINE, 0, 1, 1, (size_t[]){p01});
	row(&m, SOURCE_ROW_OFFER, 0, 1, 2, (size_t[]){p00, p01});
	row(&m, SOURCE_ROW_OFFER, 0, 1, 1, (size_t[]){p10});
	expect_optimum(&m, 17);
	model_free(&m);
}

/*
 * Cap row binds (a knapsack in people): cap 100, units of 40 people worth 50
 * and of 30 people worth 30, 3 of each. Optimum 1 x 40 + 2 x 30 = 110; the
 * LP relaxation gives 125, so the bound lies in [110, 125].
 */
static void test_cap_binds(void **state)
{
	(void)state;
	struct source_model m = {0};
	size_t a = pair(&m, 0, 0, 0, 1, 3, 40, 50), b = pair(&m, 1, 1, 0, 1, 3, 30, 30);
	row(&m, SOURCE_ROW_CAP, 0, 100, 2, (size_t[]){a, b});
	struct source_solution sol = solve(&m);
	assert_true(sol.objective >= 100 && sol.objective <= 110);
	assert_true(sol.bound >= 110 && sol.bound <= 125 + 1e-6);
	free(sol.x);
	model_free(&m);
}

/*
 * Ceiling over two segments: ceiling 50 people in each. Pair a (30 people,
 * both segments, value 10) and pair b (25 people, segment 1 only, value 6),
 * pair c (20 people, segment 0 only, value 3). Taking a leaves 20 in segment
 * 0 (c fits) and 20 in segment 1 (b does not): 13. Without a: b + c = 9.
 */
static void test_ceiling_segments(void **state)
{
	(void)state;
	struct source_model m = {0};
	size_t a = pair(&m, 0, 0, 0, 2, 1, 30, 10), b = pair(&m, 1, 1, 1, 2, 1, 25, 6);
	size_t c = pair(&m, 2, 2, 0, 1, 1, 20, 3);
	row(&m, SOURCE_ROW_CEILING, 0, 50, 2, (size_t[]){a, c});
	row(&m, SOURCE_ROW_CEILING, 1, 50, 2, (size_t[]){a, b});
	expect_optimum(&m, 13);
	model_free(&m);
}

/*
 * Two rows block the most valuable pair: a (value 10, 10 people) is alone
 * worth less than b (line row shared with a, value 7) and c (cap row shared
 * with a, 10 people, value 7) together; d (1 person, value 2) fits beside
 * neither a nor c.
 * Optimum b + c = 14: a solution holding a must drop it from both rows.
 */
static void test_two_blockers(void **state)
{
	(void)state;
	struct source_model m = {0};
	size_t a = pair(&m, 0, 0, 0, 1, 1, 10, 10), b = pair(&m, 1, 0, 0, 1, 1, 5, 7);
	size_t c = pair(&m, 2, 1, 0, 1, 1, 10, 7), d = pair(&m, 3, 2, 0, 1, 1, 1, 2);
	row(&m, SOURCE_ROW_LINE, 0, 1, 2, (size_t[]){a, b});
	row(&m, SOURCE_ROW_CAP, 0, 10, 3, (size_t[]){a, c, d});
	expect_optimum(&m, 14);
	struct source_solution sol = solve(&m);
	assert_int_equal(sol.x[a], 0);
	assert_int_equal(sol.x[b] + sol.x[c], 2);
	assert_int_equal(sol.x[d], 0);
	free(sol.x);
	model_free(&m);
}

/* A deadline cap of 0 in segment 1 stops the pair that reaches into it. */
static void test_deadline_cap(void **state)
{
	(void)state;
	struct source_model m = {0};
	size_t a = pair(&m, 0, 0, 0, 2, 2, 50, 100), b = pair(&m, 1, 1, 0, 1, 2, 50, 40);
	row(&m, SOURCE_ROW_CAP, 0, 500, 2, (size_t[]){a, b});
	row(&m, SOURCE_ROW_CAP, 1, 0, 1, (size_t[]){a});
	struct source_solution sol = solve(&m);
	assert_int_equal(sol.x[a], 0);
	assert_int_equal(sol.x[b], 2);
	/* Nothing else binds once the deadline is applied: proven optimal. */
	assert_true(sol.optimal);
	assert_true(fabs(sol.bound - 80) <= 1e-6);
	free(sol.x);
	model_free(&m);
}

/* No row binds: every pair at its bound, bound = objective, optimal. */
static void test_nothing_binds(void **state)
{
	(void)state;
	struct source_model m = {0};
	size_t a = pair(&m, 0, 0, 0, 1, 2, 10, 4), b = pair(&m, 1, 0, 0, 1, 1, 10, 3);
	row(&m, SOURCE_ROW_LINE, 0, 5, 2, (size_t[]){a, b});
	struct source_solution sol = solve(&m);
	assert_int_equal(sol.x[a], 2);
	assert_int_equal(sol.x[b], 1);
	assert_true(sol.optimal);
	assert_true(fabs(sol.objective - 11) < 1e-9 && fabs(sol.bound - 11) < 1e-6);
	free(sol.x);
	model_free(&m);
}

/* An empty model solves to 0. */
static void test_empty(void **state)
{
	(void)state;
	struct source_model m = {0};
	struct source_solution sol = solve(&m);
	assert_true(sol.objective == 0 && sol.bound == 0);
	free(sol.x);
}

/*
 * Many identical units competing for a cap in every segment of a long
 * window: a larger instance where the solution must stay feasible and the
 * gap small (units of 10 people, cap 995 in each of 12 segments).
 */
static void test_many_segments(void **state)
{
	(void)state;
	struct source_model m = {0};
	size_t ids[60];
	for (size_t i = 0; i < 60; i++)
		ids[i] = pair(&m, (uint32_t)i, (uint32_t)i, (uint32_t)(i % 3), 12, 3, 10,
			      100 + (double)(i % 7));
	for (uint32_t s = 0; s < 12; s++) {
		size_t in[60], n = 0;
		for (size_t i = 0; i < 60; i++)
			if (m.pairs.items[ids[i]].seg_lo <= s)
				in[n++] = ids[i];
		row(&m, SOURCE_ROW_CAP, s, 995, n, in);
	}
	struct source_solution sol = solve(&m);
	assert_true((sol.bound - sol.objective) / sol.bound <= 0.02);
	free(sol.x);
	model_free(&m);
}

/*
 * A transportation problem (totally unimodular: its LP optimum is integral)
 * of 60 offers and 60 lines with values in 5 steps, where subgradient steps
 * zigzag: the bound must come within 0.02% of the exact optimum. The
 * subgradient alone stops 0.069% above it; the smoothed sweeps of the dual
 * polish bring it to 0.002%.
 */
static void test_transport_bound(void **state)
{
	(void)state;
	struct source_model m = {0};
	enum { N = 60 };
	size_t by_offer[N][N], by_line[N][N], no[N] = {0}, nl[N] = {0};
	for (uint32_t o = 0; o < N; o++)
		for (uint32_t l = 0; l < N; l++) {
			if ((o * 5 + l * 3) % 5 == 0)
				continue;
			long u = 1 + o % 3, d = 1 + l % 4;
			size_t id = pair(&m, o, l, 0, 1, u < d ? u : d, 1,
					 100 + (double)((o * 7 + l * 13) % 5));
			by_offer[o][no[o]++] = id;
			by_line[l][nl[l]++] = id;
		}
	for (uint32_t i = 0; i < N; i++) {
		row(&m, SOURCE_ROW_OFFER, 0, 1 + i % 3, no[i], by_offer[i]);
		row(&m, SOURCE_ROW_LINE, 0, 1 + i % 4, nl[i], by_line[i]);
	}
	/* The exact solver reads the lines' demand for its first bound: ample. */
	struct muster_scenario sc = {0};
	bool in_scope[N];
	for (size_t l = 0; l < N; l++) {
		struct muster_requirement r = {.units = 1000, .personnel = 1000, .to = 1000000};
		r.priority = 1;
		ARRAY_PUSH(sc.requirements, r);
		in_scope[l] = true;
	}
	m.sc = &sc;
	m.in_scope = in_scope;
	struct source_solution exact = {0};
	struct muster_error err = {0};
	m.opts.time_limit = 30;
	assert_int_equal(source_exact_solve(&m, &exact, &err), 0);
	assert_true(exact.optimal);
	struct source_solution sol = solve(&m);
	assert_true(sol.objective <= exact.objective + 1e-6);
	assert_true(sol.bound >= exact.objective - 1e-6);
	assert_true(sol.bound <= exact.objective * 1.0002);
	free(sol.x);
	free(exact.x);
	ARRAY_RELEASE(sc.requirements);
	model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_line_binds),	     cmocka_unit_test(test_offer_binds),
	    cmocka_unit_test(test_transport),	     cmocka_unit_test(test_cap_binds),
	    cmocka_unit_test(test_ceiling_segments), cmocka_unit_test(test_deadline_cap),
	    cmocka_unit_test(test_nothing_binds),    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_many_segments),    cmocka_unit_test(test_two_blockers),
	    cmocka_unit_test(test_transport_bound),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
