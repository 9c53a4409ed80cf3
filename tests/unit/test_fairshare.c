/*
 * test_fairshare.c: apportionment against published results (the 1790 US
 * House, the Wikipedia worked examples, the Alabama paradox), floors and
 * ceilings, tie-breaking, and the scenario layer (keys, participants,
 * offered, sourced, burden index, targets for sourcing).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"
#include "util.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Apportion and compare with `want`; returns the status. */
static int app(size_t n, const char *const *codes, const double *w, long total, double fl,
	       double ce, enum muster_fair_method m, long *seats, double *share,
	       struct muster_error *err)
{
	return muster_apportion(n, codes, w, total, fl, ce, m, share, seats, err);
}

static void expect_seats(size_t n, const char *const *codes, const double *w, long total,
			 enum muster_fair_method m, const long *want)
{
	long *seats = xcalloc(n, sizeof(*seats));
	double *share = xcalloc(n, sizeof(*share));
	struct muster_error err = {0};
	assert_int_equal(app(n, codes, w, total, 0, 100, m, seats, share, &err), 0);
	for (size_t i = 0; i < n; i++) {
		if (seats[i] != want[i])
			fail_msg("%s (%s, %ld seats): got %ld, want %ld", codes[i],
				 muster_fair_method_name(m), total, seats[i], want[i]);
	}
	free(seats);
	free(share);
}

/*
 * The 1790 census (apportionment populations) as tabulated in COMAP, "For
 * All Practical Purposes", ch. 14, example 6 ("The vetoed apportionment
 * bill by Hamilton's method", 120 seats), and the Apportionment Act of 1792
 * (Jefferson's method, divisor 33,000, 105 seats: VA 19, MA 14, PA 13, ...).
 */
static const char *const us_codes[] = {"CT", "DE", "GA", "KY", "MD", "MA", "NH", "NJ",
				       "NY", "NC", "PA", "RI", "SC", "VT", "VA"};
static const double us_pop[] = {236841, 55540,	70835,	68705, 278514, 475327, 141822, 179570,
				331589, 353523, 432879, 68446, 206236, 85533,  630560};

static void test_us_1790_hamilton_120(void **state)
{
	static const long want[] = {8, 2, 2, 2, 9, 16, 5, 6, 11, 12, 14, 2, 7, 3, 21};
	(void)state;
	expect_seats(N(us_codes), us_codes, us_pop, 120, MUSTER_FAIR_HAMILTON, want);
}

static void test_us_1792_jefferson_105(void **state)
{
	static const long want[] = {7, 1, 2, 2, 8, 14, 4, 5, 10, 10, 13, 2, 6, 2, 19};
	(void)state;
	expect_seats(N(us_codes), us_codes, us_pop, 105, MUSTER_FAIR_DHONDT, want);
}

/*
 * Wikipedia, "D'Hondt method" and "Sainte-Lague method" worked example:
 * parties A 100,000, B 80,000, C 30,000, D 20,000 votes (230,000), 8 seats:
 * D'Hondt A 4, B 3, C 1, D 0; Sainte-Lague A 3, B 3, C 1, D 1. Largest
 * remainder (Hare quota 28,750) gives A 3, B 3, C 1, D 1.
 */
static const char *const wp_codes[] = {"A", "B", "C", "D"};
static const double wp_votes[] = {100000, 80000, 30000, 20000};

static void test_wikipedia_8_seats(void **state)
{
	static const long dh[] = {4, 3, 1, 0}, sl[] = {3, 3, 1, 1}, ham[] = {3, 3, 1, 1};
	(void)state;
	expect_seats(4, wp_codes, wp_votes, 8, MUSTER_FAIR_DHONDT, dh);
	expect_seats(4, wp_codes, wp_votes, 8, MUSTER_FAIR_WEBSTER, sl);
	expect_seats(4, wp_codes, wp_votes, 8, MUSTER_FAIR_HAMILTON, ham);
}

/*
 * Wikipedia, "Largest remainder method" (and its comparison with the
 * highest averages methods): Yellows 47,000, Whites 16,000, Reds 15,800,
 * Greens 12,000, Blues 6,100, Pinks 3,100; 10 seats. Hare: 5 2 1 1 1 0;
 * D'Hondt: 5 2 2 1 0 0; Sainte-Lague: 4 2 2 1 1 0.
 */
static void test_wikipedia_10_seats(void **state)
{
	static const char *const c[] = {"Y", "W", "R", "G", "B", "P"};
	static const double v[] = {47000, 16000, 15800, 12000, 6100, 3100};
	static const long ham[] = {5, 2, 1, 1, 1, 0}, dh[] = {5, 2, 2, 1, 0, 0},
			  sl[] = {4, 2, 2, 1, 1, 0};
	(void)state;
	expect_seats(6, c, v, 10, MUSTER_FAIR_HAMILTON, ham);
	expect_seats(6, c, v, 10, MUSTER_FAIR_DHONDT, dh);
	expect_seats(6, c, v, 10, MUSTER_FAIR_WEBSTER, sl);
}

/*
 * The Alabama paradox (Wikipedia, "Apportionment paradox"): populations
 * 6, 6, 2; with 10 seats Hamilton gives 4, 4, 2, with 11 seats 5, 5, 1: the
 * third state loses a seat when the house grows. Divisor methods are house
 * monotone: with 11 seats no state gets fewer than with 10.
 */
static void test_alabama_paradox(void **state)
{
	static const char *const c[] = {"A", "B", "C"};
	static const double v[] = {6, 6, 2};
	static const long h10[] = {4, 4, 2}, h11[] = {5, 5, 1};
	(void)state;
	expect_seats(3, c, v, 10, MUSTER_FAIR_HAMILTON, h10);
	expect_seats(3, c, v, 11, MUSTER_FAIR_HAMILTON, h11);
	for (int m = MUSTER_FAIR_WEBSTER; m <= MUSTER_FAIR_DHONDT; m++) {
		long s10[3], s11[3];
		double sh[3];
		assert_int_equal(app(3, c, v, 10, 0, 100, m, s10, sh, NULL), 0);
		assert_int_equal(app(3, c, v, 11, 0, 100, m, s11, sh, NULL), 0);
		for (int i = 0; i < 3; i++)
			assert_true(s11[i] >= s10[i]);
	}
}

/* Equal weights: the leftover goes to the lowest codes, whatever the input order. */
static void test_ties_by_code(void **state)
{
	static const char *const c[] = {"CCC", "AAA", "DDD", "BBB"};
	static const double v[] = {5, 5, 5, 5};
	static const long want[] = {2, 3, 2, 3}; /* 10 = 3 + 3 + 2 + 2: AAA, BBB first */
	(void)state;
	for (int m = 0; m <= MUSTER_FAIR_DHONDT; m++)
		expect_seats(4, c, v, 10, m, want);
}

/* Ceilings at 30%: A is clipped, its excess pushes B over, then C: a cascade. */
static void test_ceiling_cascade(void **state)
{
	static const char *const c[] = {"A", "B", "C", "D"};
	static const double v[] = {50, 25, 20, 5};
	long seats[4];
	double share[4];
	(void)state;
	assert_int_equal(app(4, c, v, 100, 0, 30, MUSTER_FAIR_HAMILTON, seats, share, NULL), 0);
	assert_float_equal(share[0], 30, 1e-9);
	assert_float_equal(share[1], 30, 1e-9);
	assert_float_equal(share[2], 30, 1e-9);
	assert_float_equal(share[3], 10, 1e-9);
	assert_int_equal(seats[0] + seats[1] + seats[2], 90);
	assert_int_equal(seats[3], 10);
}

/*
 * Floor 20% and ceiling 50% together: clipping A to 50% first would be
 * wrong once C's floor takes its 20%; the stable answer is
 * share = clamp(lambda w) = A 48.48..%, B 31.51..%, C 20%.
 */
static void test_floor_and_ceiling_interact(void **state)
{
	static const char *const c[] = {"A", "B", "C"};
	static const double v[] = {60, 39, 1};
	long seats[3];
	double share[3];
	(void)state;
	assert_int_equal(app(3, c, v, 1000, 20, 50, MUSTER_FAIR_HAMILTON, seats, share, NULL), 0);
	assert_float_equal(share[2], 20, 1e-9);
	assert_float_equal(share[0], 80.0 * 60 / 99, 1e-9);
	assert_float_equal(share[1], 80.0 * 39 / 99, 1e-9);
	assert_int_equal(seats[0], 485);
	assert_int_equal(seats[1], 315);
	assert_int_equal(seats[2], 200);
}

/* A floor lifts the small ones; whole numbers stay within the bounds. */
static void test_floor_rounding_bounds(void **state)
{
	static const char *const c[] = {"A", "B", "C", "D", "E"};
	static const double v[] = {1000, 10, 5, 1, 0};
	long seats[5];
	double share[5];
	(void)state;
	for (int m = 0; m <= MUSTER_FAIR_DHONDT; m++) {
		assert_int_equal(app(5, c, v, 37, 5, 100, m, seats, share, NULL), 0);
		long sum = 0;
		for (int i = 0; i < 5; i++) {
			assert_true(share[i] >= 5 - 1e-9);
			assert_true(seats[i] >= 1); /* floor(5% of 37) */
			sum += seats[i];
		}
		assert_int_equal(sum, 37);
		assert_float_equal(share[4], 5, 1e-9);
	}
}

static void test_total_zero_and_single(void **state)
{
	static const char *const c[] = {"A", "B"};
	static const double v[] = {3, 1};
	long seats[2] = {7, 7};
	double share[2];
	struct muster_error err = {0};
	(void)state;
	assert_int_equal(app(2, c, v, 0, 0, 100, MUSTER_FAIR_WEBSTER, seats, share, NULL), 0);
	assert_int_equal(seats[0], 0);
	assert_int_equal(seats[1], 0);
	assert_float_equal(share[0], 75, 1e-9);
	assert_int_equal(app(1, c, v, 4000, 0, 100, MUSTER_FAIR_DHONDT, seats, share, NULL), 0);
	assert_int_equal(seats[0], 4000);
	assert_float_equal(share[0], 100, 1e-9);
	assert_int_equal(app(1, c, v, 4000, 0, 60, MUSTER_FAIR_DHONDT, seats, share, &err),
			 MUSTER_EINFEASIBLE);
	assert_string_equal(err.msg, "ceilings of 1 participants at 60% sum to 60%, below 100%");
	muster_error_release(&err);
}

static void test_infeasible_messages(void **state)
{
	const char *codes[31];
	double w[31];
	long seats[31];
	double share[31];
	char names[31][4];
	struct muster_error err = {0};
	(void)state;
	for (int i = 0; i < 31; i++) {
		snprintf(names[i], sizeof(names[i]), "N%02d", i);
		codes[i] = names[i];
		w[i] = i + 1;
	}
	assert_int_equal(app(31, codes, w, 4000, 4, 100, 0, seats, share, &err),
			 MUSTER_EINFEASIBLE);
	assert_string_equal(err.msg, "floors of 31 participants at 4% sum to 124%, above 100%");
	muster_error_release(&err);
	assert_int_equal(app(3, codes, w, 10, 0, 30, 0, seats, share, &err), MUSTER_EINFEASIBLE);
	assert_string_equal(err.msg, "ceilings of 3 participants at 30% sum to 90%, below 100%");
	muster_error_release(&err);
	double z[3] = {0, 0, 0};
	assert_int_equal(app(3, codes, z, 10, 0, 100, 0, seats, share, &err), MUSTER_EINFEASIBLE);
	assert_string_equal(err.msg, "every participant's weight is zero");
	muster_error_release(&err);
	double one[3] = {5, 0, 0};
	assert_int_equal(app(3, codes, one, 10, 10, 50, 0, seats, share, &err), MUSTER_EINFEASIBLE);
	assert_string_equal(err.msg, "only 1 of 3 participants have a weight above zero: at "
				     "ceilings of 50% they reach 70%, below 100%");
	muster_error_release(&err);
	assert_int_equal(app(3, codes, w, 10, 40, 30, 0, seats, share, &err), MUSTER_EINVAL);
	muster_error_release(&err);
}

/* Random instances: the total is exact, bounds hold, Hamilton stays within quota. */
static void test_random_properties(void **state)
{
	char names[40][4];
	const char *codes[40];
	double w[40], share[40];
	long seats[40];
	unsigned seed = 12345;
	(void)state;
	for (int i = 0; i < 40; i++) {
		snprintf(names[i], sizeof(names[i]), "R%02d", i);
		codes[i] = names[i];
	}
	for (int round = 0; round < 300; round++) {
		size_t n = 1 + (size_t)(rand_r(&seed) % 40);
		long total = rand_r(&seed) % 5000;
		double fl = (rand_r(&seed) % 3) ? 0 : 100.0 / (double)n / 2;
		double ce = (rand_r(&seed) % 2) ? 100 : fmin(100, 300.0 / (double)n);
		int m = rand_r(&seed) % 3;
		for (size_t i = 0; i < n; i++)
			w[i] = (double)(rand_r(&seed) % 1000) + (i == 0);
		assert_int_equal(app(n, codes, w, total, fl, ce, m, seats, share, NULL), 0);
		long sum = 0;
		double ssum = 0;
		for (size_t i = 0; i < n; i++) {
			double q = share[i] * (double)total / 100;
			sum += seats[i];
			ssum += share[i];
			assert_true(share[i] >= fl - 1e-9 && share[i] <= ce + 1e-9);
			assert_true(seats[i] >= (long)floor(fl * (double)total / 100 + 1e-9));
			assert_true(seats[i] <= (long)ceil(ce * (double)total / 100 - 1e-9) ||
				    seats[i] == 0);
			if (m == MUSTER_FAIR_HAMILTON)
				assert_true(fabs((double)seats[i] - q) < 1 + 1e-9);
		}
		assert_int_equal(sum, total);
		assert_float_equal(ssum, 100, 1e-6);
	}
}

/* The textbook sequential form of a divisor method: seat by seat to the
 * highest w / (s + d), exact ties (cross-multiplied integers) to the lower
 * code. Weights are small integers so that ties really happen. */
static void naive_divisor(size_t n, const char *const *codes, const long *w, long total, long dd,
			  long *seats)
{
	/* d = dd / 2: priorities w / (s + d) = 2w / (2s + dd) */
	for (size_t i = 0; i < n; i++)
		seats[i] = 0;
	for (long k = 0; k < total; k++) {
		size_t best = 0;
		for (size_t i = 1; i < n; i++) {
			long lhs = 2 * w[i] * (2 * seats[best] + dd);
			long rhs = 2 * w[best] * (2 * seats[i] + dd);
			if (lhs > rhs || (lhs == rhs && strcmp(codes[i], codes[best]) < 0))
				best = i;
		}
		seats[best]++;
	}
}

/* Largest remainder in integers: floor(T w / W), then the largest T w mod W. */
static void naive_hamilton(size_t n, const char *const *codes, const long *w, long total,
			   long *seats)
{
	long W = 0, given = 0;
	bool *done = xcalloc(n, sizeof(*done));
	for (size_t i = 0; i < n; i++)
		W += w[i];
	for (size_t i = 0; i < n; i++)
		given += seats[i] = total * w[i] / W;
	for (; given < total; given++) {
		size_t best = n;
		for (size_t i = 0; i < n; i++) {
			if (done[i])
				continue;
			long ri = total * w[i] % W, rb = best < n ? total * w[best] % W : -1;
			if (ri > rb || (ri == rb && strcmp(codes[i], codes[best]) < 0))
				best = i;
		}
		done[best] = true;
		seats[best]++;
	}
	free(done);
}

static void test_methods_against_naive(void **state)
{
	static const char *const codes[] = {"K", "C", "H", "A", "F", "B", "J", "E", "D", "G"};
	unsigned seed = 4242;
	(void)state;
	for (int round = 0; round < 2000; round++) {
		size_t n = 1 + (size_t)(rand_r(&seed) % 10);
		long total = rand_r(&seed) % 60, w[10], want[10], got[10];
		double wd[10], share[10];
		int m = rand_r(&seed) % 3;
		for (size_t i = 0; i < n; i++) {
			w[i] = 1 + rand_r(&seed) % 12;
			wd[i] = (double)w[i];
		}
		if (m == MUSTER_FAIR_HAMILTON)
			naive_hamilton(n, codes, w, total, want);
		else
			naive_divisor(n, codes, w, total, m == MUSTER_FAIR_DHONDT ? 2 : 1, want);
		assert_int_equal(app(n, codes, wd, total, 0, 100, m, got, share, NULL), 0);
		for (size_t i = 0; i < n; i++)
			if (got[i] != want[i])
				fail_msg("round %d, %s, %ld seats, %s: got %ld, want %ld", round,
					 muster_fair_method_name(m), total, codes[i], got[i],
					 want[i]);
	}
}

static void test_method_names(void **state)
{
	enum muster_fair_method m;
	(void)state;
	assert_int_equal(muster_fair_method_parse("sainte-lague", &m), 0);
	assert_int_equal(m, MUSTER_FAIR_WEBSTER);
	assert_int_equal(muster_fair_method_parse("jefferson", &m), 0);
	assert_int_equal(m, MUSTER_FAIR_DHONDT);
	assert_int_equal(muster_fair_method_parse("hamilton", &m), 0);
	assert_int_equal(m, MUSTER_FAIR_HAMILTON);
	assert_int_equal(muster_fair_method_parse("borda", &m), MUSTER_EINVAL);
	assert_string_equal(muster_fair_method_name(MUSTER_FAIR_DHONDT), "dhondt");
}

/* ---- the scenario layer ---------------------------------------------- */

static void add_key(struct muster_scenario *sc, const char *key, const char *nation, double v)
{
	struct muster_key k = {xstrdup(key), xstrdup(nation), v};
	ARRAY_PUSH(sc->keys, k);
}

static void add_offer(struct muster_scenario *sc, const char *id, const char *nation, long units,
		      long personnel, const char *from, const char *to, const char *mission,
		      enum muster_offer_status st)
{
	struct muster_offer o = {.id = xstrdup(id),
				 .nation = xstrdup(nation),
				 .capability = xstrdup("TRN"),
				 .units = units,
				 .personnel = personnel,
				 .mission = xstrdup_or_null(mission),
				 .status = st};
	assert_int_equal(muster_date_parse(from, &o.from), 0);
	o.to = MUSTER_DATE_OPEN;
	if (to)
		assert_int_equal(muster_date_parse(to, &o.to), 0);
	ARRAY_PUSH(sc->offers, o);
}

static void add_assignment(struct muster_run *run, const char *nation, long personnel,
			   const char *from, const char *to)
{
	struct muster_assignment a = {.mission = xstrdup("M1"),
				      .line = xstrdup("1"),
				      .offer = xstrdup("o"),
				      .nation = xstrdup(nation),
				      .units = 1,
				      .personnel = personnel};
	assert_int_equal(muster_date_parse(from, &a.from), 0);
	assert_int_equal(muster_date_parse(to, &a.to), 0);
	ARRAY_PUSH(run->assignments, a);
}

/* Mission M1 (ceilings 500 approved, 4,000 requested), nations AAA, BBB, CCC. */
static void small_scenario(struct muster_scenario *sc)
{
	muster_scenario_init(sc);
	struct muster_mission m = {xstrdup("M1"), NULL, xstrdup("NATO"), xstrdup("IRQ"), 0, 0};
	assert_int_equal(muster_date_parse("2021-01-01", &m.from), 0);
	assert_int_equal(muster_date_parse("2022-01-01", &m.to), 0);
	ARRAY_PUSH(sc->missions, m);
	struct muster_phase p1 = {xstrdup("M1"), xstrdup("p1"), m.from, m.to, 500, 0, 0};
	struct muster_phase p2 = {xstrdup("M1"),	 xstrdup("p2"), m.from, m.to, 4000, 0,
				  MUSTER_PHASE_REQUESTED};
	ARRAY_PUSH(sc->phases, p1);
	ARRAY_PUSH(sc->phases, p2);
	static const char *const codes[] = {"AAA", "BBB", "CCC"};
	for (int i = 0; i < 3; i++) {
		struct muster_nation n = {.code = xstrdup(codes[i])};
		muster_strlist_push(&n.memberships, "XO");
		ARRAY_PUSH(sc->nations, n);
	}
	add_key(sc, "gni-2020", "AAA", 600);
	add_key(sc, "gni-2020", "BBB", 300);
	add_key(sc, "gni-2020", "CCC", 100);
	add_key(sc, "zero", "AAA", 0);
	add_key(sc, "zero", "BBB", 0);
	add_offer(sc, "o1", "AAA", 2, 100, "2021-01-01", "2021-07-01", "M1", 0);
	add_offer(sc, "o2", "AAA", 1, 50, "2021-03-01", NULL, "M1", 0);
	add_offer(sc, "o3", "BBB", 1, 100, "2021-01-01", "2021-01-11", "M1", 0);
	add_offer(sc, "o4", "CCC", 5, 100, "2021-01-01", "2021-02-01", "M1",
		  MUSTER_OFFER_WITHDRAWN);
}

static struct muster_fair_opts opts_for(const char *key, const char *who)
{
	struct muster_fair_opts o = {0};
	o.mission = "M1";
	o.total = -1;
	o.key = key;
	o.participants = who;
	return o;
}

static void test_scenario_keys_and_offers(void **state)
{
	struct muster_scenario sc;
	struct muster_fairshare fs;
	struct muster_error err = {0};
	(void)state;
	small_scenario(&sc);
	struct muster_fair_opts o = opts_for("gni-2020", "members:XO");
	assert_int_equal(muster_fairshare_compute(&sc, NULL, &o, &fs, &err), 0);
	assert_int_equal(fs.total, 500);
	assert_int_equal(fs.rows.nr, 3);
	assert_string_equal(fs.rows.items[0].nation, "AAA");
	assert_int_equal(fs.rows.items[0].fair, 300);
	assert_int_equal(fs.rows.items[1].fair, 150);
	assert_int_equal(fs.rows.items[2].fair, 50);
	assert_float_equal(fs.rows.items[0].share, 60, 1e-9);
	/* AAA: 200 people Jan-Jul, 50 from March (open, closed at the mission's end) */
	assert_int_equal(fs.rows.items[0].offered_peak, 250);
	assert_float_equal(fs.rows.items[0].offered_days, 200.0 * 181 + 50.0 * 306, 1e-6);
	assert_int_equal(fs.rows.items[1].offered_peak, 100);
	assert_float_equal(fs.rows.items[1].offered_days, 1000, 1e-6);
	assert_int_equal(fs.rows.items[2].offered_peak, 0); /* withdrawn */
	assert_false(fs.has_run);
	assert_true(isnan(fs.rows.items[0].burden));
	muster_fairshare_release(&fs);

	o.with_requested = true;
	o.participants = "CCC,AAA";
	assert_int_equal(muster_fairshare_compute(&sc, NULL, &o, &fs, &err), 0);
	assert_int_equal(fs.total, 4000);
	assert_int_equal(fs.rows.nr, 2);
	assert_int_equal(fs.rows.items[0].fair, 3429); /* 4000 x 6/7 = 3428.57 */
	assert_int_equal(fs.rows.items[1].fair, 571);
	muster_fairshare_release(&fs);

	o.participants = NULL; /* offering: AAA and BBB (CCC's offer is withdrawn) */
	o.key = "equal";
	o.total = 7;
	assert_int_equal(muster_fairshare_compute(&sc, NULL, &o, &fs, &err), 0);
	assert_int_equal(fs.rows.nr, 2);
	assert_int_equal(fs.rows.items[0].fair, 4);
	assert_int_equal(fs.rows.items[1].fair, 3);
	muster_fairshare_release(&fs);
	muster_scenario_release(&sc);
}

static void expect_error(struct muster_scenario *sc, struct muster_fair_opts *o, int code,
			 const char *msg)
{
	struct muster_fairshare fs;
	struct muster_error err = {0};
	assert_int_equal(muster_fairshare_compute(sc, NULL, o, &fs, &err), code);
	assert_non_null(err.msg);
	assert_string_equal(err.msg, msg);
	muster_error_release(&err);
	muster_fairshare_release(&fs);
}

static void test_scenario_errors(void **state)
{
	struct muster_scenario sc;
	(void)state;
	small_scenario(&sc);
	struct muster_fair_opts o = opts_for("gni-202", "members:XO");
	expect_error(&sc, &o, MUSTER_ENOENT, "unknown key 'gni-202'; did you mean 'gni-2020'?");
	o.key = "gni-2020";
	o.participants = "AAA;BBB;USA";
	expect_error(&sc, &o, MUSTER_EINFEASIBLE, "nation 'USA' has no value for key 'gni-2020'");
	o.participants = "AAA;BBB;FRA;USA";
	expect_error(&sc, &o, MUSTER_EINFEASIBLE,
		     "nation 'FRA' has no value for key 'gni-2020' (nor have USA)");
	o.participants = "AAA;XYZ";
	expect_error(&sc, &o, MUSTER_ENOENT, "unknown nation 'XYZ'");
	o.participants = "AAA;AAA";
	expect_error(&sc, &o, MUSTER_EINVAL, "nation 'AAA' is listed twice");
	o.key = "zero";
	o.participants = "AAA;BBB";
	expect_error(&sc, &o, MUSTER_EINFEASIBLE,
		     "every participant's value for key 'zero' is zero");
	o.key = "gni-2020";
	o.mission = "M2";
	expect_error(&sc, &o, MUSTER_ENOENT, "unknown mission 'M2'; did you mean 'M1'?");
	o.mission = NULL;
	expect_error(&sc, &o, MUSTER_EINVAL, "give a mission or a total");
	o.total = 10;
	o.participants = NULL;
	expect_error(&sc, &o, MUSTER_EINVAL, "participants 'offering' need a mission");
	o.participants = "members:UN";
	o.on = muster_date_from_ymd(2021, 1, 1);
	o.key = "equal";
	o.floor_pct = 40;
	/* the scenario's nations are in no UN list; the reference's UN members are */
	struct muster_fairshare fs;
	assert_int_equal(muster_fairshare_compute(&sc, NULL, &o, &fs, NULL), MUSTER_EINFEASIBLE);
	muster_fairshare_release(&fs);
	o.participants = "members:XO";
	o.floor_pct = 34;
	expect_error(&sc, &o, MUSTER_EINFEASIBLE,
		     "floors of 3 participants at 34% sum to 102%, above 100%");
	o.participants = "members:";
	expect_error(&sc, &o, MUSTER_EINVAL,
		     "participants 'members:': name the organisation, e.g. members:NATO");
	o.participants = "members:ZZ";
	o.floor_pct = 0;
	expect_error(&sc, &o, MUSTER_ENOENT, "organisation 'ZZ' has no members on 2021-01-01");
	muster_scenario_release(&sc);
}

static void test_burden_index(void **state)
{
	struct muster_scenario sc;
	struct muster_run run = {0};
	struct muster_fairshare fs;
	(void)state;
	small_scenario(&sc);
	/* AAA 100 people x 10 days, BBB 100 x 20 and 50 x 20 at once, DDD 100 x 10 */
	add_assignment(&run, "AAA", 100, "2021-01-01", "2021-01-11");
	add_assignment(&run, "BBB", 100, "2021-01-01", "2021-01-21");
	add_assignment(&run, "BBB", 50, "2021-01-05", "2021-01-25");
	add_assignment(&run, "DDD", 100, "2021-01-01", "2021-01-11");
	struct muster_fair_opts o = opts_for("gni-2020", "members:XO");
	assert_int_equal(muster_fairshare_compute(&sc, &run, &o, &fs, NULL), 0);
	assert_true(fs.has_run);
	assert_float_equal(fs.sourced_days, 1000 + 2000 + 1000 + 1000, 1e-9);
	assert_float_equal(fs.sourced_other, 1000, 1e-9);
	assert_float_equal(fs.rows.items[0].sourced_days, 1000, 1e-9);
	assert_int_equal(fs.rows.items[0].sourced_peak, 100);
	assert_int_equal(fs.rows.items[1].sourced_peak, 150);
	assert_float_equal(fs.rows.items[1].sourced_share, 60, 1e-9);
	assert_float_equal(fs.rows.items[0].burden, 20.0 / 60, 1e-9);
	assert_float_equal(fs.rows.items[1].burden, 60.0 / 30, 1e-9);
	assert_float_equal(fs.rows.items[2].burden, 0, 1e-9);
	assert_float_equal(fs.max_burden_dev, 1, 1e-9);
	muster_fairshare_release(&fs);
	muster_run_release(&run);
	muster_scenario_release(&sc);
}

static void test_targets(void **state)
{
	struct muster_scenario sc;
	struct muster_fair_target *t;
	size_t n;
	(void)state;
	small_scenario(&sc);
	struct muster_requirement r = {.mission = xstrdup("M1"),
				       .line = xstrdup("1"),
				       .capability = xstrdup("TRN"),
				       .units = 2,
				       .personnel = 50,
				       .from = muster_date_from_ymd(2021, 1, 1),
				       .to = muster_date_from_ymd(2021, 1, 31),
				       .priority = 3};
	ARRAY_PUSH(sc.requirements, r);
	struct muster_fair_opts o = opts_for("gni-2020", "members:XO");
	assert_int_equal(muster_fairshare_targets(&sc, &o, &t, &n, NULL), 0);
	assert_int_equal(n, 3);
	assert_string_equal(t[1].nation, "BBB");
	assert_float_equal(t[1].share, 0.3, 1e-12);
	assert_int_equal(t[1].personnel, 150);
	assert_float_equal(t[1].person_days, 0.3 * 100 * 30, 1e-9);
	muster_fair_targets_free(t, n);
	muster_scenario_release(&sc);
}

/* The embedded reference: NATO had 30 members on 18 February 2021. */
static void test_nato_members_gdp(void **state)
{
	struct muster_scenario sc;
	struct muster_fairshare fs;
	struct muster_fair_opts o = {0};
	(void)state;
	muster_scenario_init(&sc);
	o.total = 4000;
	o.key = "gdp-2020";
	o.participants = "members:NATO";
	o.on = muster_date_from_ymd(2021, 2, 18);
	assert_int_equal(muster_fairshare_compute(&sc, NULL, &o, &fs, NULL), 0);
	assert_int_equal(fs.rows.nr, 30);
	long sum = 0;
	double gdp = 0;
	size_t usa = fs.rows.nr;
	for (size_t i = 0; i < fs.rows.nr; i++) {
		sum += fs.rows.items[i].fair;
		gdp += fs.rows.items[i].key;
		assert_string_not_equal(fs.rows.items[i].nation, "SWE");
		assert_string_not_equal(fs.rows.items[i].nation, "FIN");
		if (!strcmp(fs.rows.items[i].nation, "USA"))
			usa = i;
	}
	assert_int_equal(sum, 4000);
	assert_true(usa < fs.rows.nr);
	assert_float_equal(fs.rows.items[usa].key, muster_reference_gdp("USA", 2020), 1);
	assert_float_equal(fs.rows.items[usa].share, 100 * fs.rows.items[usa].key / gdp, 1e-9);
	muster_fairshare_release(&fs);
	o.participants = "members:nato"; /* any case, still by accession date */
	assert_int_equal(muster_fairshare_compute(&sc, NULL, &o, &fs, NULL), 0);
	assert_int_equal(fs.rows.nr, 30);
	muster_fairshare_release(&fs);
	o.participants = "members:NATO";
	o.on = muster_date_from_ymd(2020, 1, 1); /* before North Macedonia joined */
	assert_int_equal(muster_fairshare_compute(&sc, NULL, &o, &fs, NULL), 0);
	assert_int_equal(fs.rows.nr, 29);
	muster_fairshare_release(&fs);
	muster_scenario_release(&sc);
}

/*
 * Fair-share-aware sourcing: one line of 4 units of 10 people for 10 days
 * (400 person-days demanded); AAA offers 4 units, BBB 1; key equal, so each
 * has 200 fair person-days. Per unit: value 10 x 10 x 16 = 1600, 100
 * person-days, so with A units of AAA and B = 1 the objective is
 * 1600 (A + 1) - W x 16 x 100 max(0, A - 2): W = 0.5 keeps A = 3 (fill
 * 100%, excess 100), W = 2 stops at A = 2 (fill 75%, excess 0). Both solvers.
 */
static void fair_sourcing_scenario(struct muster_scenario *sc)
{
	muster_scenario_init(sc);
	struct muster_mission m = {xstrdup("M1"),   NULL, NULL, xstrdup("IRQ"), MUSTER_DATE_NONE,
				   MUSTER_DATE_OPEN};
	ARRAY_PUSH(sc->missions, m);
	struct muster_capability c = {.code = xstrdup("TRN")};
	ARRAY_PUSH(sc->capabilities, c);
	struct muster_requirement r = {.mission = xstrdup("M1"),
				       .line = xstrdup("L1"),
				       .capability = xstrdup("TRN"),
				       .units = 4,
				       .personnel = 10,
				       .from = muster_date_from_ymd(2021, 1, 1),
				       .to = muster_date_from_ymd(2021, 1, 11),
				       .priority = 3};
	ARRAY_PUSH(sc->requirements, r);
	add_offer(sc, "a", "AAA", 4, 10, "2021-01-01", "2021-01-11", "M1", 0);
	add_offer(sc, "b", "BBB", 1, 10, "2021-01-01", "2021-01-11", "M1", 0);
}

static void units_by_nation(const struct muster_run *run, long *a, long *b)
{
	*a = *b = 0;
	for (size_t i = 0; i < run->assignments.nr; i++) {
		const struct muster_assignment *x = &run->assignments.items[i];
		*(strcmp(x->nation, "AAA") ? b : a) += x->units;
	}
}

static void test_fair_sourcing(void **state)
{
	struct muster_scenario sc;
	struct muster_error err = {0};
	(void)state;
	fair_sourcing_scenario(&sc);
	for (int exact = 0; exact <= 1; exact++) {
		struct muster_source_opts so = {.mission = "M1", .exact = exact, .time_limit = 5};
		struct muster_run run = {0};
		long a, b;
		so.fair_key = "equal";
		so.fair_weight = 0.5;
		if (muster_source(&sc, &so, &run, &err) < 0)
			fail_msg("%s", err.msg);
		units_by_nation(&run, &a, &b);
		assert_int_equal(a, 3);
		assert_int_equal(b, 1);
		assert_float_equal(run.fill, 100, 1e-9);
		assert_float_equal(run.objective, 1600 * 4 - 0.5 * 16 * 100, 1e-6);
		assert_float_equal(run.value, 1600 * 4, 1e-6);
		assert_float_equal(run.fair_excess, 100, 1e-9);
		/* the bound is one of the penalised objective: exact proves it */
		if (exact)
			assert_float_equal(run.bound, run.objective, 1e-6);
		assert_true(run.bound <= 1600 * 4 + 1e-6);
		muster_run_release(&run);
		so.fair_weight = 2;
		assert_int_equal(muster_source(&sc, &so, &run, &err), 0);
		units_by_nation(&run, &a, &b);
		assert_int_equal(a, 2);
		assert_int_equal(b, 1);
		assert_float_equal(run.fill, 75, 1e-9);
		assert_float_equal(run.objective, 4800, 1e-6);
		assert_float_equal(run.fair_excess, 0, 1e-9);
		if (exact)
			assert_float_equal(run.bound, 4800, 1e-6);
		muster_run_release(&run);
		so.fair_weight = 1e308; /* its penalty would be inf, the objective NaN */
		assert_int_equal(muster_source(&sc, &so, &run, &err), MUSTER_EINVAL);
		assert_string_equal(err.msg,
				    "fair weight: expected a number 0 .. 1000000, got 1e+308");
		muster_error_release(&err);
		so.fair_weight = 2;
		so.fair_cap = true; /* one or the other */
		assert_int_equal(muster_source(&sc, &so, &run, &err), MUSTER_EINVAL);
		muster_error_release(&err);
		so.fair_weight = 0; /* the cap: AAA held at its 200 fair person-days */
		assert_int_equal(muster_source(&sc, &so, &run, &err), 0);
		units_by_nation(&run, &a, &b);
		assert_true(a == 2 && b == 1 && run.fair_excess == 0 && run.objective == 4800);
		muster_run_release(&run);
		so.fair_cap = false;
		so.fair_weight = 2;
		so.fair_key = "gni-2021"; /* no such key */
		assert_int_equal(muster_source(&sc, &so, &run, &err), MUSTER_ENOENT);
		muster_error_release(&err);
	}
	muster_scenario_release(&sc);
}

/* On the NMI example: fair-weighted runs of both solvers pass the
 * independent constraint check, and weight moves burdens toward fairness. */
static void test_fair_sourcing_nmi_feasible(void **state)
{
	struct muster_scenario sc;
	struct muster_error err = {0};
	(void)state;
	muster_scenario_init(&sc);
	if (muster_scenario_read_dir(&sc, MUSTER_SRC "/examples/nmi-2021", &err) < 0) {
		muster_error_release(&err);
		muster_scenario_release(&sc);
		skip();
	}
	static const struct {
		bool exact;
		double w;
	} cases[] = {{false, 0.5}, {false, 2}, {false, 5}, {true, 0.5}};
	for (size_t i = 0; i < N(cases); i++) {
		struct muster_source_opts so = {.mission = "NMI", .exact = cases[i].exact};
		struct muster_run run = {0};
		struct muster_violation_list v = {0};
		struct muster_fair_opts fo = {.key = "nato-common-funding-2021",
					      .participants = "members:NATO"};
		so.time_limit = 5;
		so.fair_weight = cases[i].w;
		so.fair = &fo;
		assert_int_equal(muster_source(&sc, &so, &run, &err), 0);
		assert_int_equal(muster_source_check(&sc, &run, &v, &err), 0);
		for (size_t k = 0; k < v.nr; k++)
			print_message("# %s %s: %s\n", v.items[k].check, v.items[k].subject,
				      v.items[k].detail ? v.items[k].detail : "");
		assert_int_equal(v.nr, 0);
		assert_true(run.objective <= run.bound + 1e-6 * fabs(run.bound));
		muster_violation_list_release(&v);
		muster_run_release(&run);
	}
	muster_scenario_release(&sc);
}

/* ---- --fair-weight does what it says (issue 9, item 5) ------------------- */

/* The plain run's and run b's assignments are the same. */
static void assert_same_assignments(const struct muster_run *a, const struct muster_run *b)
{
	assert_int_equal(a->assignments.nr, b->assignments.nr);
	for (size_t i = 0; i < a->assignments.nr; i++) {
		const struct muster_assignment *x = &a->assignments.items[i],
					       *y = &b->assignments.items[i];
		assert_string_equal(x->offer, y->offer);
		assert_string_equal(x->line, y->line);
		assert_int_equal(x->units, y->units);
		assert_int_equal(x->from, y->from);
		assert_int_equal(x->to, y->to);
	}
}

static const double grid[] = {0, 1.0 / 64, 1.0 / 32, 1.0 / 16, 1.0 / 8, 0.25, 0.5, 1,
			      2, 3,	   4,	     8,	       16,	32,   64,  1000};

/*
 * With the exact solver over the grid (and the fair cap at its end): every
 * solve is optimal, the excess `muster fairshare` reports is the one the run
 * penalised, the objective is value - 16 W excess and its bound that of the
 * same objective, the excess never increases, the plain value never
 * increases, and W = 0 is the plain run, assignment for assignment.
 */
static void check_tradeoff(const struct muster_scenario *sc, const struct muster_fair_opts *fo,
			   const char *what)
{
	struct muster_source_opts so = {.mission = fo->mission, .exact = true, .time_limit = 20};
	struct muster_tradeoff tr;
	struct muster_run plain = {0};
	struct muster_error err = {0};
	if (muster_fair_tradeoff(sc, fo, &so, grid, N(grid), &tr, &err) < 0)
		fail_msg("%s: %s", what, err.msg);
	assert_int_equal(tr.points.nr, N(grid) + 1);
	for (size_t k = 0; k < tr.points.nr; k++) {
		const struct muster_tradeoff_point *pt = &tr.points.items[k];
		double w = isinf(pt->weight) ? 0 : pt->weight, e = pt->fs.excess_days;
		if (pt->run.gap != 0)
			fail_msg("%s: weight %g: not solved to optimality (gap %g)", what,
				 pt->weight, pt->run.gap);
		assert_float_equal(pt->run.bound, pt->run.objective, 1e-6 * (1 + pt->run.bound));
		if (k > 0) {
			const struct muster_tradeoff_point *q = &tr.points.items[k - 1];
			if (e > q->fs.excess_days + 1e-6)
				fail_msg("%s: excess rises from %.3f at weight %g to %.3f at %g",
					 what, q->fs.excess_days, q->weight, e, pt->weight);
			assert_true(pt->run.value <= q->run.value + 1e-6);
		}
		if (k == 0)
			continue;
		assert_float_equal(pt->run.fair_excess, e, 1e-6);
		assert_float_equal(pt->run.objective, pt->run.value - w * MUSTER_FAIR_PRICE * e,
				   1e-6 * (1 + pt->run.value));
	}
	/* the fast solver's bound is one of the same objective: >= the optimum */
	struct muster_tradeoff fast;
	so.exact = false;
	if (muster_fair_tradeoff(sc, fo, &so, grid, N(grid), &fast, &err) < 0)
		fail_msg("%s: fast: %s", what, err.msg);
	for (size_t k = 0; k < fast.points.nr; k++) {
		const struct muster_run *f = &fast.points.items[k].run,
					*x = &tr.points.items[k].run;
		double tol = 1e-6 * (1 + x->objective);
		if (f->objective > x->objective + tol || f->bound < x->objective - tol)
			fail_msg("%s: weight %g: fast %.3f .. %.3f, exact optimum %.3f", what,
				 fast.points.items[k].weight, f->objective, f->bound, x->objective);
	}
	muster_tradeoff_release(&fast);
	so.exact = true;
	assert_true(isinf(tr.points.items[tr.points.nr - 1].weight));
	assert_float_equal(tr.points.items[tr.points.nr - 1].fs.excess_days, 0, 1e-6);
	so.fair_weight = 0;
	assert_int_equal(muster_source(sc, &so, &plain, &err), 0);
	assert_same_assignments(&plain, &tr.points.items[0].run);
	assert_float_equal(plain.objective, tr.points.items[0].run.objective, 0);
	assert_true(isnan(tr.points.items[0].run.fair_excess));
	muster_run_release(&plain);
	muster_tradeoff_release(&tr);
}

static void test_fair_weight_monotone_nmi(void **state)
{
	struct muster_scenario sc;
	struct muster_error err = {0};
	(void)state;
	muster_scenario_init(&sc);
	if (muster_scenario_read_dir(&sc, MUSTER_SRC "/examples/nmi-2021", &err) < 0) {
		muster_error_release(&err);
		muster_scenario_release(&sc);
		skip();
	}
	struct muster_fair_opts fo = {.mission = "NMI",
				      .total = -1,
				      .key = "gdp-2020",
				      .participants = "members:NATO",
				      .on = muster_date_from_ymd(2021, 2, 18)};
	check_tradeoff(&sc, &fo, "NMI by gdp-2020");
	fo.key = "nato-common-funding-2021";
	fo.on = 0;
	check_tradeoff(&sc, &fo, "NMI by common funding");
	fo.key = "equal";
	fo.participants = NULL; /* offering */
	check_tradeoff(&sc, &fo, "NMI, equal, offering");
	muster_scenario_release(&sc);
}

/* A random scenario: one mission, NN nations with random keys, lines and
 * offers of one capability with random windows over a year, a ceiling. */
static void random_fair_scenario(struct muster_scenario *sc, unsigned seed)
{
	static const char *const codes[] = {"NAA", "NAB", "NAC", "NAD", "NAE"};
	int32_t t0 = muster_date_from_ymd(2021, 1, 1);
	srand(seed);
	muster_scenario_init(sc);
	struct muster_mission m = {xstrdup("M1"), NULL, NULL, xstrdup("IRQ"), t0, t0 + 360};
	ARRAY_PUSH(sc->missions, m);
	struct muster_capability c = {.code = xstrdup("TRN")};
	ARRAY_PUSH(sc->capabilities, c);
	struct muster_phase ph = {
	    xstrdup("M1"), xstrdup("p1"), t0, t0 + 360, 20 + rand() % 60, 0, 0};
	ARRAY_PUSH(sc->phases, ph);
	for (size_t i = 0; i < N(codes); i++)
		add_key(sc, "k", codes[i], 1 + rand() % 100);
	for (int i = 0, n = 3 + rand() % 5; i < n; i++) {
		int32_t a = t0 + rand() % 300;
		struct muster_requirement r = {.mission = xstrdup("M1"),
					       .line = xstrfmt("L%d", i),
					       .capability = xstrdup("TRN"),
					       .units = 1 + rand() % 3,
					       .personnel = 5 + rand() % 15,
					       .from = a,
					       .to = a + 10 + rand() % 60,
					       .priority = 1 + rand() % 5};
		ARRAY_PUSH(sc->requirements, r);
	}
	for (int i = 0, n = 4 + rand() % 6; i < n; i++) {
		char id[16], from[11], to[11];
		int32_t a = t0 + rand() % 300;
		snprintf(id, sizeof(id), "o%d", i);
		muster_date_format(a, from);
		muster_date_format(a + 20 + rand() % 120, to);
		add_offer(sc, id, codes[rand() % N(codes)], 1 + rand() % 3, 4 + rand() % 20, from,
			  to, "M1", 0);
	}
}

static void test_fair_weight_monotone_random(void **state)
{
	(void)state;
	for (unsigned seed = 1; seed <= 12; seed++) {
		struct muster_scenario sc;
		char what[32];
		random_fair_scenario(&sc, seed);
		struct muster_fair_opts fo = {.mission = "M1",
					      .total = 100,
					      .key = "k",
					      .participants = "NAA;NAB;NAC;NAD;NAE"};
		snprintf(what, sizeof(what), "random scenario %u", seed);
		check_tradeoff(&sc, &fo, what);
		fo.participants = NULL; /* the nations offering */
		check_tradeoff(&sc, &fo, what);
		muster_scenario_release(&sc);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_us_1790_hamilton_120),
	    cmocka_unit_test(test_us_1792_jefferson_105),
	    cmocka_unit_test(test_wikipedia_8_seats),
	    cmocka_unit_test(test_wikipedia_10_seats),
	    cmocka_unit_test(test_alabama_paradox),
	    cmocka_unit_test(test_ties_by_code),
	    cmocka_unit_test(test_ceiling_cascade),
	    cmocka_unit_test(test_floor_and_ceiling_interact),
	    cmocka_unit_test(test_floor_rounding_bounds),
	    cmocka_unit_test(test_total_zero_and_single),
	    cmocka_unit_test(test_infeasible_messages),
	    cmocka_unit_test(test_random_properties),
	    cmocka_unit_test(test_methods_against_naive),
	    cmocka_unit_test(test_method_names),
	    cmocka_unit_test(test_scenario_keys_and_offers),
	    cmocka_unit_test(test_scenario_errors),
	    cmocka_unit_test(test_burden_index),
	    cmocka_unit_test(test_targets),
	    cmocka_unit_test(test_nato_members_gdp),
	    cmocka_unit_test(test_fair_sourcing),
	    cmocka_unit_test(test_fair_sourcing_nmi_feasible),
	    cmocka_unit_test(test_fair_weight_monotone_nmi),
	    cmocka_unit_test(test_fair_weight_monotone_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
