/*
 * test_posture.c: the posture sweep and the posture checks on hand-built
 * scenarios: totals on dates by every grouping, in-host vs support, the
 * [from, to) boundaries, assignments of a run, breaches of caps, deadlines
 * and phase ceilings with their exact dates and peak excess, and a random
 * comparison of the sweep against a per-date scan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "muster.h"
#include "util.h"

static int32_t D(const char *s)
{
	int32_t d;
	assert_int_equal(muster_date_parse(s, &d), 0);
	return d;
}

static void add_dep(struct muster_scenario *sc, const char *nation, const char *country,
		    const char *mission, long people, const char *from, const char *to,
		    enum muster_deployment_kind kind, bool counts)
{
	struct muster_deployment d = {0};
	d.nation = xstrdup(nation);
	d.country = xstrdup(country);
	d.mission = xstrdup_or_null(mission);
	d.personnel = people;
	d.from = D(from);
	d.to = to ? D(to) : MUSTER_DATE_OPEN;
	d.kind = kind;
	d.counts_against_cap = counts;
	ARRAY_PUSH(sc->deployments, d);
}

static void add_mission(struct muster_scenario *sc, const char *code, const char *host)
{
	struct muster_mission m = {0};
	m.code = xstrdup(code);
	m.host = xstrdup(host);
	m.from = MUSTER_DATE_NONE;
	m.to = MUSTER_DATE_OPEN;
	ARRAY_PUSH(sc->missions, m);
}

static void add_cap(struct muster_scenario *sc, const char *nation, const char *country, long limit,
		    const char *from, const char *to)
{
	struct muster_cap c = {0};
	c.nation = xstrdup(nation);
	c.country = xstrdup(country);
	c.limit = limit;
	c.from = from ? D(from) : MUSTER_DATE_NONE;
	c.to = to ? D(to) : MUSTER_DATE_OPEN;
	ARRAY_PUSH(sc->caps, c);
}

static void add_phase(struct muster_scenario *sc, const char *mission, const char *phase,
		      const char *from, const char *to, long ceiling, enum muster_scope scope,
		      enum muster_phase_status status)
{
	struct muster_phase p = {0};
	p.mission = xstrdup(mission);
	p.phase = xstrdup(phase);
	p.from = D(from);
	p.to = to ? D(to) : MUSTER_DATE_OPEN;
	p.ceiling = ceiling;
	p.scope = scope;
	p.status = status;
	ARRAY_PUSH(sc->phases, p);
}

/* A small world: NMI in Iraq, US support from Kuwait, UK rotations, a base in Germany. */
static void small_world(struct muster_scenario *sc)
{
	muster_scenario_init(sc);
	add_mission(sc, "NMI", "IRQ");
	add_dep(sc, "USA", "IRQ", "NMI", 100, "2021-01-01", "2021-03-01", MUSTER_DEPLOY_ROTATIONAL,
		true);
	add_dep(sc, "USA", "KWT", "NMI", 50, "2021-02-01", NULL, MUSTER_DEPLOY_SUPPORT, true);
	add_dep(sc, "GBR", "IRQ", "NMI", 30, "2021-01-15", "2021-02-01", MUSTER_DEPLOY_ROTATIONAL,
		true);
	add_dep(sc, "USA", "DEU", NULL, 1000, "2020-01-01", NULL, MUSTER_DEPLOY_PERMANENT, true);
}

static long people(const struct muster_posture *p, size_t d, const char *g)
{
	const struct muster_posture_cell *c = muster_posture_cell(p, d, g);
	return c ? c->personnel : 0;
}

static void compute(const struct muster_scenario *sc, const struct muster_run *run,
		    enum muster_posture_by by, const int32_t *dates, size_t n,
		    struct muster_posture *p)
{
	struct muster_posture_opts o = {.by = by};
	struct muster_error err = {0};
	assert_int_equal(muster_posture_compute(sc, run, &o, dates, n, p, &err), 0);
	assert_int_equal(p->ndates, n);
}

static void test_boundaries(void **state)
{
	(void)state;
	struct muster_scenario sc;
	small_world(&sc);
	/* [from, to): on its first day a deployment counts, on its `to` day it does not */
	int32_t dates[] = {D("2020-12-31"), D("2021-01-01"), D("2021-01-14"), D("2021-01-15"),
			   D("2021-01-31"), D("2021-02-01"), D("2021-02-28"), D("2021-03-01")};
	long usa[] = {1000, 1100, 1100, 1100, 1100, 1150, 1150, 1050};
	long gbr[] = {0, 0, 0, 30, 30, 0, 0, 0};
	struct muster_posture p;
	compute(&sc, NULL, MUSTER_POSTURE_BY_NATION, dates, ARRAY_SIZE(dates), &p);
	assert_int_equal(p.ngroups, 2);
	assert_string_equal(p.groups[0], "GBR");
	assert_string_equal(p.groups[1], "USA");
	for (size_t d = 0; d < ARRAY_SIZE(dates); d++) {
		assert_int_equal(people(&p, d, "USA"), usa[d]);
		assert_int_equal(people(&p, d, "GBR"), gbr[d]);
	}
	muster_posture_release(&p);
	muster_scenario_release(&sc);
}

static void test_groupings(void **state)
{
	(void)state;
	struct muster_scenario sc;
	small_world(&sc);
	int32_t on[] = {D("2021-01-20")};
	struct muster_posture p;
	compute(&sc, NULL, MUSTER_POSTURE_BY_COUNTRY, on, 1, &p);
	assert_int_equal(p.ngroups, 2); /* KWT starts later */
	assert_int_equal(people(&p, 0, "IRQ"), 130);
	assert_int_equal(people(&p, 0, "DEU"), 1000);
	muster_posture_release(&p);

	compute(&sc, NULL, MUSTER_POSTURE_BY_REGION, on, 1, &p);
	assert_int_equal(people(&p, 0, "Asia"), 130);
	assert_int_equal(people(&p, 0, "Europe"), 1000);
	muster_posture_release(&p);

	compute(&sc, NULL, MUSTER_POSTURE_BY_MISSION, on, 1, &p);
	assert_int_equal(people(&p, 0, "NMI"), 130);
	assert_int_equal(people(&p, 0, "(none)"), 1000);
	muster_posture_release(&p);

	compute(&sc, NULL, MUSTER_POSTURE_BY_KIND, on, 1, &p);
	assert_int_equal(people(&p, 0, "rotational"), 130);
	assert_int_equal(people(&p, 0, "permanent"), 1000);
	assert_null(muster_posture_cell(&p, 0, "support"));
	muster_posture_release(&p);

	compute(&sc, NULL, MUSTER_POSTURE_BY_TOTAL, on, 1, &p);
	assert_int_equal(people(&p, 0, "total"), 1130);
	muster_posture_release(&p);
	muster_scenario_release(&sc);
}

static void test_in_host_and_kinds(void **state)
{
	(void)state;
	struct muster_scenario sc;
	small_world(&sc);
	int32_t on[] = {D("2021-02-15")};
	struct muster_posture p;
	compute(&sc, NULL, MUSTER_POSTURE_BY_NATION, on, 1, &p);
	const struct muster_posture_cell *c = muster_posture_cell(&p, 0, "USA");
	assert_non_null(c);
	assert_int_equal(c->personnel, 1150);
	assert_int_equal(c->in_host, 100);    /* NMI people in Iraq */
	assert_int_equal(c->out_of_host, 50); /* NMI support from Kuwait */
	assert_int_equal(c->permanent, 1000);
	assert_int_equal(c->rotational, 100);
	assert_int_equal(c->other, 50);
	muster_posture_release(&p);

	/* filters */
	struct muster_posture_opts o = {
	    .by = MUSTER_POSTURE_BY_COUNTRY, .nation = "USA", .mission = "NMI"};
	assert_int_equal(muster_posture_compute(&sc, NULL, &o, on, 1, &p, NULL), 0);
	assert_int_equal(p.ngroups, 2);
	assert_int_equal(people(&p, 0, "IRQ"), 100);
	assert_int_equal(people(&p, 0, "KWT"), 50);
	muster_posture_release(&p);
	muster_scenario_release(&sc);
}

static void add_line(struct muster_scenario *sc, const char *mission, const char *line,
		     const char *location)
{
	struct muster_requirement r = {0};
	r.mission = xstrdup(mission);
	r.line = xstrdup(line);
	r.capability = xstrdup("TRN");
	r.units = 1;
	r.personnel = 10;
	r.location = xstrdup_or_null(location);
	r.from = D("2021-01-01");
	r.to = D("2022-01-01");
	r.priority = 3;
	ARRAY_PUSH(sc->requirements, r);
}

static void add_assignment(struct muster_run *run, const char *line, const char *nation,
			   long people, const char *from, const char *to)
{
	struct muster_assignment a = {0};
	a.mission = xstrdup("NMI");
	a.line = xstrdup(line);
	a.offer = xstrdup("o1");
	a.nation = xstrdup(nation);
	a.units = 1;
	a.personnel = people;
	a.from = D(from);
	a.to = D(to);
	ARRAY_PUSH(run->assignments, a);
}

static void test_run_assignments(void **state)
{
	(void)state;
	struct muster_scenario sc;
	small_world(&sc);
	add_line(&sc, "NMI", "1", NULL);  /* in the host */
	add_line(&sc, "NMI", "2", "KWT"); /* support from Kuwait */
	struct muster_run run = {0};
	add_assignment(&run, "1", "ITA", 40, "2021-03-01", "2021-09-01");
	add_assignment(&run, "2", "ITA", 7, "2021-03-01", "2021-04-01");
	int32_t on[] = {D("2021-03-15"), D("2021-06-01")};
	struct muster_posture p;
	compute(&sc, &run, MUSTER_POSTURE_BY_NATION, on, 2, &p);
	const struct muster_posture_cell *c = muster_posture_cell(&p, 0, "ITA");
	assert_non_null(c);
	assert_int_equal(c->personnel, 47);
	assert_int_equal(c->in_host, 40);
	assert_int_equal(c->out_of_host, 7);
	assert_int_equal(c->rotational, 47);
	assert_int_equal(people(&p, 1, "ITA"), 40);
	muster_posture_release(&p);
	muster_run_release(&run);
	muster_scenario_release(&sc);
}

static void test_cap_breach(void **state)
{
	(void)state;
	struct muster_scenario sc;
	small_world(&sc);
	add_dep(&sc, "USA", "IRQ", NULL, 50, "2021-02-01", "2021-04-01", MUSTER_DEPLOY_TEMPORARY,
		true);
	add_dep(&sc, "USA", "IRQ", NULL, 500, "2021-01-01", NULL, MUSTER_DEPLOY_SUPPORT, false);
	add_cap(&sc, "USA", "IRQ", 120, "2021-01-01", NULL);
	struct muster_breach_list bl = {0};
	assert_int_equal(muster_posture_check(&sc, NULL, false, &bl, NULL), 0);
	assert_int_equal(bl.nr, 1);
	const struct muster_breach *b = &bl.items[0];
	assert_int_equal(b->kind, MUSTER_BREACH_CAP);
	assert_string_equal(b->nation, "USA");
	assert_string_equal(b->country, "IRQ");
	assert_int_equal(b->from, D("2021-02-01"));
	assert_int_equal(b->to, D("2021-03-01"));
	assert_int_equal(b->peak, 150);
	assert_int_equal(b->excess, 30);
	assert_int_equal(b->limit, 120);
	assert_int_equal(b->ref, 0);
	muster_breach_list_release(&bl);
	muster_scenario_release(&sc);
}

static void test_deadline(void **state)
{
	(void)state;
	struct muster_scenario sc;
	muster_scenario_init(&sc);
	add_cap(&sc, "USA", "AFG", 2500, "2021-01-15", "2021-05-01");
	add_cap(&sc, "USA", "AFG", 0, "2021-05-01", NULL);
	add_dep(&sc, "USA", "AFG", NULL, 2500, "2020-06-01", "2021-09-11", MUSTER_DEPLOY_ROTATIONAL,
		true);
	add_dep(&sc, "USA", "AFG", NULL, 300, "2021-07-01", "2021-08-01", MUSTER_DEPLOY_TEMPORARY,
		true);
	/* ends exactly on the deadline: no breach */
	add_dep(&sc, "GBR", "AFG", NULL, 750, "2020-06-01", "2021-05-01", MUSTER_DEPLOY_ROTATIONAL,
		true);
	add_cap(&sc, "GBR", "AFG", 0, "2021-05-01", NULL);
	struct muster_breach_list bl = {0};
	assert_int_equal(muster_posture_check(&sc, NULL, false, &bl, NULL), 0);
	assert_int_equal(bl.nr, 1);
	const struct muster_breach *b = &bl.items[0];
	assert_int_equal(b->kind, MUSTER_BREACH_DEADLINE);
	assert_string_equal(b->nation, "USA");
	assert_int_equal(b->from, D("2021-05-01"));
	assert_int_equal(b->to, D("2021-09-11"));
	assert_int_equal(b->peak, 2800);
	assert_int_equal(b->excess, 2800);
	assert_int_equal(b->peak_on, D("2021-07-01"));
	assert_int_equal(b->ref, 1);
	muster_breach_list_release(&bl);
	muster_scenario_release(&sc);
}

static void test_open_breach(void **state)
{
	(void)state;
	struct muster_scenario sc;
	muster_scenario_init(&sc);
	add_cap(&sc, "USA", "IRQ", 2500, "2021-01-15", NULL);
	add_cap(&sc, "FRA", "MLI", 0, "2021-01-15", NULL); /* nobody there: nothing to sweep */
	add_mission(&sc, "EMPTY", "MLI");
	add_phase(&sc, "EMPTY", "p", "2021-01-01", NULL, 10, MUSTER_SCOPE_ALL,
		  MUSTER_PHASE_REQUESTED); /* no counting phase, no people */
	add_dep(&sc, "USA", "IRQ", NULL, 2600, "2021-01-01", NULL, MUSTER_DEPLOY_PERMANENT, true);
	struct muster_breach_list bl = {0};
	assert_int_equal(muster_posture_check(&sc, NULL, false, &bl, NULL), 0);
	assert_int_equal(bl.nr, 1);
	assert_int_equal(bl.items[0].from, D("2021-01-15")); /* clipped to the cap's window */
	assert_int_equal(bl.items[0].to, MUSTER_DATE_OPEN);
	assert_int_equal(bl.items[0].excess, 100);
	muster_breach_list_release(&bl);
	muster_scenario_release(&sc);
}

static void test_ceilings(void **state)
{
	(void)state;
	struct muster_scenario sc;
	muster_scenario_init(&sc);
	add_mission(&sc, "NMI", "IRQ");
	add_phase(&sc, "NMI", "p1", "2021-01-01", "2021-06-01", 500, MUSTER_SCOPE_IN_HOST,
		  MUSTER_PHASE_APPROVED);
	add_phase(&sc, "NMI", "p2", "2021-06-01", NULL, 4000, MUSTER_SCOPE_ALL,
		  MUSTER_PHASE_REQUESTED);
	add_dep(&sc, "ITA", "IRQ", "NMI", 600, "2021-03-01", "2021-07-01", MUSTER_DEPLOY_ROTATIONAL,
		true);
	/* support from Kuwait does not count against an in-host ceiling */
	add_dep(&sc, "USA", "KWT", "NMI", 900, "2021-01-01", "2021-06-01", MUSTER_DEPLOY_SUPPORT,
		true);
	/* not counted */
	add_dep(&sc, "DNK", "IRQ", "NMI", 900, "2021-01-01", "2021-03-01", MUSTER_DEPLOY_TEMPORARY,
		false);
	struct muster_breach_list bl = {0};
	assert_int_equal(muster_posture_check(&sc, NULL, false, &bl, NULL), 0);
	assert_int_equal(bl.nr, 2);
	assert_int_equal(bl.items[0].kind, MUSTER_BREACH_CEILING);
	assert_string_equal(bl.items[0].mission, "NMI");
	assert_string_equal(bl.items[0].phase, "p1");
	assert_int_equal(bl.items[0].from, D("2021-03-01"));
	assert_int_equal(bl.items[0].to, D("2021-06-01"));
	assert_int_equal(bl.items[0].excess, 100);
	/* p2 is only requested: no counting phase, ceiling 0 */
	assert_null(bl.items[1].phase);
	assert_int_equal(bl.items[1].ref, SIZE_MAX);
	assert_int_equal(bl.items[1].from, D("2021-06-01"));
	assert_int_equal(bl.items[1].to, D("2021-07-01"));
	assert_int_equal(bl.items[1].excess, 600);
	muster_breach_list_release(&bl);

	assert_int_equal(muster_posture_check(&sc, NULL, true, &bl, NULL), 0);
	assert_int_equal(bl.nr, 1); /* with requested phases, p2's 4000 holds */
	assert_string_equal(bl.items[0].phase, "p1");
	muster_breach_list_release(&bl);
	muster_scenario_release(&sc);
}

static void test_dates(void **state)
{
	(void)state;
	int32_t *d = NULL;
	size_t n = 0;
	assert_int_equal(muster_posture_dates(D("2021-01-31"), D("2021-06-01"), MUSTER_EVERY_MONTH,
					      &d, &n, NULL),
			 0);
	assert_int_equal(n, 5);
	assert_int_equal(d[1], D("2021-02-28")); /* clamped */
	assert_int_equal(d[2], D("2021-03-31"));
	assert_int_equal(d[4], D("2021-05-31"));
	free(d);
	assert_int_equal(muster_posture_dates(D("2015-01-01"), D("2025-01-01"), MUSTER_EVERY_MONTH,
					      &d, &n, NULL),
			 0);
	assert_int_equal(n, 120); /* `to` excluded */
	free(d);
	assert_int_equal(muster_posture_dates(D("2020-01-01"), D("2021-01-01"),
					      MUSTER_EVERY_QUARTER, &d, &n, NULL),
			 0);
	assert_int_equal(n, 4);
	assert_int_equal(d[3], D("2020-10-01"));
	free(d);
	assert_int_equal(
	    muster_posture_dates(D("2020-01-01"), D("2020-01-22"), MUSTER_EVERY_WEEK, &d, &n, NULL),
	    0);
	assert_int_equal(n, 3);
	free(d);
	struct muster_error err = {0};
	assert_int_equal(
	    muster_posture_dates(D("2021-01-01"), D("2021-01-01"), MUSTER_EVERY_DAY, &d, &n, &err),
	    MUSTER_EINVAL);
	muster_error_release(&err);
	assert_int_equal(
	    muster_posture_dates(D("1900-01-01"), D("2300-01-01"), MUSTER_EVERY_DAY, &d, &n, &err),
	    MUSTER_EINVAL);
	muster_error_release(&err);
}

static void test_bad_input(void **state)
{
	(void)state;
	struct muster_scenario sc;
	small_world(&sc);
	struct muster_error err = {0};
	struct muster_posture p;
	struct muster_posture_opts o = {0};
	int32_t dates[] = {D("2021-02-01"), D("2021-01-01")};
	assert_int_equal(muster_posture_compute(&sc, NULL, &o, dates, 2, &p, &err), MUSTER_EINVAL);
	muster_error_release(&err);
	enum muster_posture_by by;
	assert_int_equal(muster_posture_by_parse("nations", &by, &err), MUSTER_EINVAL);
	assert_non_null(strstr(err.msg, "nation, country"));
	muster_error_release(&err);
	assert_int_equal(muster_posture_by_parse("region", &by, NULL), 0);
	assert_int_equal(by, MUSTER_POSTURE_BY_REGION);
	enum muster_posture_every ev;
	assert_int_equal(muster_posture_every_parse("fortnight", &ev, NULL), MUSTER_EINVAL);
	muster_scenario_release(&sc);
}

/* The sweep against a naive scan of every record on every date. */
static void test_random_against_scan(void **state)
{
	(void)state;
	static const char *const nations[] = {"USA", "GBR", "FRA", "DEU", "ITA"};
	static const char *const countries[] = {"IRQ", "KWT", "AFG", "DEU", "MLI", "JPN"};
	struct muster_scenario sc;
	muster_scenario_init(&sc);
	add_mission(&sc, "NMI", "IRQ");
	srand(7);
	int32_t base = D("2015-01-01");
	for (int i = 0; i < 3000; i++) {
		char from[11], to[11];
		int32_t f = base + rand() % 3650;
		muster_date_format(f, from);
		muster_date_format(f + 1 + rand() % 900, to);
		add_dep(&sc, nations[rand() % 5], countries[rand() % 6], rand() % 3 ? NULL : "NMI",
			1 + rand() % 500, from, rand() % 10 ? to : NULL,
			(enum muster_deployment_kind)(rand() % 4), rand() % 2);
	}
	int32_t *dates;
	size_t n;
	assert_int_equal(
	    muster_posture_dates(base, D("2025-06-01"), MUSTER_EVERY_MONTH, &dates, &n, NULL), 0);
	struct muster_posture p;
	compute(&sc, NULL, MUSTER_POSTURE_BY_COUNTRY, dates, n, &p);
	for (size_t d = 0; d < n; d++) {
		for (size_t c = 0; c < ARRAY_SIZE(countries); c++) {
			long want = 0, host = 0;
			for (size_t i = 0; i < sc.deployments.nr; i++) {
				const struct muster_deployment *x = &sc.deployments.items[i];
				if (strcmp(x->country, countries[c]) || x->from > dates[d] ||
				    x->to <= dates[d])
					continue;
				want += x->personnel;
				host += x->mission && !strcmp(x->country, "IRQ") ? x->personnel : 0;
			}
			const struct muster_posture_cell *got =
			    muster_posture_cell(&p, d, countries[c]);
			assert_int_equal(got ? got->personnel : 0, want);
			assert_int_equal(got ? got->in_host : 0, host);
		}
	}
	muster_posture_release(&p);
	free(dates);
	muster_scenario_release(&sc);
}

/*
 * Filters: the library takes exact codes and rejects others with the
 * spelling (a silently empty posture for "usa" was the bug); the scope of a
 * filtered check and which breaches concern it.
 */
static void test_filters(void **state)
{
	(void)state;
	struct muster_scenario sc;
	struct muster_posture p = {0};
	struct muster_error err = {0};
	int32_t on = D("2021-02-15");
	small_world(&sc);
	add_cap(&sc, "USA", "IRQ", 2500, NULL, NULL);
	add_cap(&sc, "USA", "AFG", 0, "2021-05-01", NULL);
	add_phase(&sc, "NMI", "P0", "2020-01-01", NULL, 500, MUSTER_SCOPE_ALL,
		  MUSTER_PHASE_APPROVED);
	struct muster_posture_opts o = {.by = MUSTER_POSTURE_BY_NATION, .nation = "usa"};
	assert_int_equal(muster_posture_compute(&sc, NULL, &o, &on, 1, &p, &err), MUSTER_ENOENT);
	assert_string_equal(err.msg, "unknown nation 'usa'; did you mean 'USA'?");
	muster_error_release(&err);
	o.nation = NULL;
	o.mission = "NMX";
	assert_int_equal(muster_posture_compute(&sc, NULL, &o, &on, 1, &p, &err), MUSTER_ENOENT);
	assert_string_equal(err.msg, "unknown mission 'NMX'; did you mean 'NMI'?");
	muster_error_release(&err);
	o.mission = NULL;
	o.nation = "FRA"; /* a reference nation without people: no error, no people */
	assert_int_equal(muster_posture_compute(&sc, NULL, &o, &on, 1, &p, &err), 0);
	assert_int_equal(p.ngroups, 0);
	muster_posture_release(&p);

	struct muster_check_scope scope;
	struct muster_posture_opts f = {.nation = "USA"};
	muster_posture_check_scope(&sc, &f, &scope);
	assert_int_equal(scope.caps, 1);
	assert_int_equal(scope.deadlines, 1);
	assert_int_equal(scope.missions, 0); /* ceilings belong to no nation */
	f = (struct muster_posture_opts){.country = "IRQ"};
	muster_posture_check_scope(&sc, &f, &scope);
	assert_true(scope.caps == 1 && scope.deadlines == 0 && scope.missions == 1);
	f = (struct muster_posture_opts){.mission = "NMI"};
	muster_posture_check_scope(&sc, &f, &scope);
	assert_true(scope.caps == 0 && scope.deadlines == 0 && scope.missions == 1);
	f = (struct muster_posture_opts){.nation = "GBR"};
	muster_posture_check_scope(&sc, &f, &scope);
	assert_true(scope.caps == 0 && scope.deadlines == 0 && scope.missions == 0);

	struct muster_breach cap = {
	    .kind = MUSTER_BREACH_DEADLINE, .nation = "USA", .country = "AFG"};
	struct muster_breach ceil = {
	    .kind = MUSTER_BREACH_CEILING, .country = "IRQ", .mission = "NMI"};
	f = (struct muster_posture_opts){.nation = "USA"};
	assert_true(muster_breach_matches(&cap, &f) && !muster_breach_matches(&ceil, &f));
	f = (struct muster_posture_opts){.country = "IRQ"};
	assert_true(!muster_breach_matches(&cap, &f) && muster_breach_matches(&ceil, &f));
	muster_scenario_release(&sc);
}

/* ---- sources, categories and periods (issue 14) ---- */

static void add_dep_src(struct muster_scenario *sc, const char *nation, const char *country,
			long people, const char *from, const char *to, const char *source,
			const char *category)
{
	add_dep(sc, nation, country, NULL, people, from, to, MUSTER_DEPLOY_PERMANENT, true);
	struct muster_deployment *d = &sc->deployments.items[sc->deployments.nr - 1];
	d->source = xstrdup_or_null(source);
	d->category = xstrdup_or_null(category);
}

static void test_source_names(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
	    {"troopdata:/data/us.csv:12", "/data/us.csv"},
	    {"un-peacekeeping-ipi:un:5 troops male 1 female 0", "un"},
	    {"deployments:a:b:3 a note: 4", "a:b"},
	    {"public reporting: 2500 from 15 Jan 2021", "(scenario)"},
	    {"troopdata:no-line", "(scenario)"},
	    {"other:x:3", "(scenario)"},
	    {"", "(scenario)"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *n = muster_source_name(cases[i][0]);
		assert_string_equal(n, cases[i][1]);
		free(n);
	}
	char *n = muster_source_name(NULL);
	assert_string_equal(n, "(scenario)");
	free(n);
	assert_true(muster_source_name_matches("/data/us.csv", "us.csv"));
	assert_true(muster_source_name_matches("/data/us.csv", "/data/us.csv"));
	assert_false(muster_source_name_matches("/data/us.csv", "data/us.csv"));
	assert_false(muster_source_name_matches("us", "u"));
}

/* USA in DEU from two sources: A for the first half of 2019, B all year. */
static void two_sources(struct muster_scenario *sc)
{
	muster_scenario_init(sc);
	add_dep_src(sc, "USA", "DEU", 100, "2019-01-01", "2019-07-01", "deployments:A:2", "troops");
	add_dep_src(sc, "USA", "DEU", 200, "2019-01-01", "2020-01-01", "troopdata:B:7", NULL);
	add_dep_src(sc, "USA", "JPN", 50, "2019-01-01", "2020-01-01", "troopdata:B:8", NULL);
}

static void test_sources_overlap_prefer(void **state)
{
	(void)state;
	struct muster_scenario sc;
	struct muster_posture p;
	struct muster_error err = {0};
	int32_t dates[] = {D("2019-03-01"), D("2019-09-01")};
	two_sources(&sc);
	struct muster_posture_opts o = {.by = MUSTER_POSTURE_BY_COUNTRY};
	assert_int_equal(muster_posture_compute(&sc, NULL, &o, dates, 2, &p, &err), 0);
	assert_int_equal(muster_posture_cell(&p, 0, "DEU")->personnel, 300);
	assert_int_equal(muster_posture_cell(&p, 0, "DEU")->overlap, 300);
	assert_int_equal(muster_posture_cell(&p, 1, "DEU")->overlap, 0);
	assert_int_equal(muster_posture_cell(&p, 0, "JPN")->overlap, 0);
	assert_int_equal(p.noverlaps, 1);
	assert_string_equal(p.overlaps[0].a, "A");
	assert_string_equal(p.overlaps[0].b, "B");
	assert_int_equal(p.overlaps[0].on, dates[0]);
	assert_int_equal(p.overlaps[0].people_a, 100);
	assert_int_equal(p.overlaps[0].people_b, 200);
	muster_posture_release(&p);

	const char *ab[] = {"A", "B"}, *ba[] = {"B", "A"}, *a[] = {"A"};
	o.prefer = ab;
	o.nprefer = 2;
	assert_int_equal(muster_posture_compute(&sc, NULL, &o, dates, 2, &p, &err), 0);
	assert_int_equal(muster_posture_cell(&p, 0, "DEU")->personnel, 100); /* A has data */
	assert_int_equal(muster_posture_cell(&p, 1, "DEU")->personnel, 200); /* only B */
	assert_int_equal(muster_posture_cell(&p, 0, "JPN")->personnel, 50);
	assert_int_equal(p.noverlaps, 0);
	muster_posture_release(&p);
	o.prefer = ba;
	assert_int_equal(muster_posture_compute(&sc, NULL, &o, dates, 2, &p, &err), 0);
	assert_int_equal(muster_posture_cell(&p, 0, "DEU")->personnel, 200);
	assert_int_equal(muster_posture_cell(&p, 1, "DEU")->personnel, 200);
	muster_posture_release(&p);

	o.prefer = NULL;
	o.nprefer = 0;
	o.sources = a;
	o.nsources = 1;
	assert_int_equal(muster_posture_compute(&sc, NULL, &o, dates, 2, &p, &err), 0);
	assert_int_equal(muster_posture_cell(&p, 0, "DEU")->personnel, 100);
	assert_null(muster_posture_cell(&p, 0, "JPN"));
	muster_posture_release(&p);

	const char *nope[] = {"C"};
	o.sources = nope;
	assert_int_equal(muster_posture_compute(&sc, NULL, &o, dates, 2, &p, &err), MUSTER_ENOENT);
	assert_non_null(strstr(err.msg, "no deployments of source 'C'"));
	muster_error_release(&err);
	const char *twice[] = {"A", "A"};
	o.sources = NULL;
	o.nsources = 0;
	o.prefer = twice;
	o.nprefer = 2;
	assert_int_equal(muster_posture_compute(&sc, NULL, &o, dates, 2, &p, &err), MUSTER_EINVAL);
	muster_error_release(&err);
	muster_scenario_release(&sc);
}

static void test_groupings_and_category(void **state)
{
	(void)state;
	struct muster_scenario sc;
	struct muster_posture p;
	struct muster_error err = {0};
	int32_t on = D("2019-03-01");
	two_sources(&sc);
	enum muster_posture_by bys[MUSTER_POSTURE_MAX_BY];
	size_t n = 0;
	assert_int_equal(muster_posture_by_parse_list("country,source", bys, &n, &err), 0);
	assert_int_equal(n, 2);
	struct muster_posture_opts o = {.by = bys[0], .nthen = 1};
	o.then[0] = bys[1];
	assert_int_equal(muster_posture_compute(&sc, NULL, &o, &on, 1, &p, &err), 0);
	assert_int_equal(p.ngroups, 3);
	assert_int_equal(muster_posture_cell(&p, 0, "DEU\tA")->personnel, 100);
	assert_int_equal(muster_posture_cell(&p, 0, "DEU\tB")->personnel, 200);
	assert_int_equal(muster_posture_cell(&p, 0, "JPN\tB")->personnel, 50);
	muster_posture_release(&p);
	struct muster_posture_opts c = {.by = MUSTER_POSTURE_BY_CATEGORY};
	assert_int_equal(muster_posture_compute(&sc, NULL, &c, &on, 1, &p, &err), 0);
	assert_int_equal(muster_posture_cell(&p, 0, "troops")->personnel, 100);
	assert_int_equal(muster_posture_cell(&p, 0, "(unknown)")->personnel, 250);
	muster_posture_release(&p);
	c.category = "troops";
	c.by = MUSTER_POSTURE_BY_TOTAL;
	assert_int_equal(muster_posture_compute(&sc, NULL, &c, &on, 1, &p, &err), 0);
	assert_int_equal(muster_posture_cell(&p, 0, "total")->personnel, 100);
	muster_posture_release(&p);
	assert_int_equal(muster_posture_by_parse_list("nation,total", bys, &n, &err),
			 MUSTER_EINVAL);
	muster_error_release(&err);
	assert_int_equal(muster_posture_by_parse_list("nation,,kind", bys, &n, &err),
			 MUSTER_EINVAL);
	muster_error_release(&err);
	assert_int_equal(muster_posture_by_parse_list("", bys, &n, &err), MUSTER_EINVAL);
	muster_error_release(&err);
	muster_scenario_release(&sc);
}

static void test_stat(void **state)
{
	(void)state;
	struct muster_scenario sc;
	struct muster_posture p;
	struct muster_error err = {0};
	muster_scenario_init(&sc);
	/* 100 in January (31 days), 300 in February (28), nobody before 15 January in JPN */
	add_dep(&sc, "USA", "DEU", NULL, 100, "2019-01-01", "2019-02-01", MUSTER_DEPLOY_PERMANENT,
		true);
	add_dep(&sc, "USA", "DEU", NULL, 300, "2019-02-01", "2019-03-01", MUSTER_DEPLOY_PERMANENT,
		true);
	add_dep(&sc, "USA", "JPN", NULL, 10, "2019-01-15", NULL, MUSTER_DEPLOY_ROTATIONAL, true);
	int32_t start = D("2019-01-01"), to = D("2019-03-01");
	struct muster_posture_opts o = {.by = MUSTER_POSTURE_BY_COUNTRY};
	static const struct {
		enum muster_posture_stat stat;
		long deu, jpn;
	} want[] = {
	    {MUSTER_STAT_MEAN, 195, 10 * 45 / 59 + 1}, /* 11500 / 59 = 194.9; 450 / 59 = 7.6 */
	    {MUSTER_STAT_PEAK, 300, 10},
	    {MUSTER_STAT_MIN, 100, 0},
	    {MUSTER_STAT_END, 300, 10},
	};
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		assert_int_equal(muster_posture_compute_stat(&sc, NULL, &o, &start, 1, to,
							     want[i].stat, &p, &err),
				 0);
		assert_int_equal(p.ndates, 1);
		assert_int_equal(p.dates[0], start);
		assert_int_equal(muster_posture_cell(&p, 0, "DEU")->personnel, want[i].deu);
		assert_int_equal(muster_posture_cell(&p, 0, "JPN")->personnel, want[i].jpn);
		assert_int_equal(muster_posture_cell(&p, 0, "JPN")->rotational, want[i].jpn);
		muster_posture_release(&p);
	}
	/* two monthly periods: each its own */
	int32_t starts[] = {D("2019-01-01"), D("2019-02-01")};
	assert_int_equal(
	    muster_posture_compute_stat(&sc, NULL, &o, starts, 2, to, MUSTER_STAT_MEAN, &p, &err),
	    0);
	assert_int_equal(muster_posture_cell(&p, 0, "DEU")->personnel, 100);
	assert_int_equal(muster_posture_cell(&p, 1, "DEU")->personnel, 300);
	muster_posture_release(&p);
	assert_int_equal(
	    muster_posture_compute_stat(&sc, NULL, &o, &to, 1, to, MUSTER_STAT_MEAN, &p, &err),
	    MUSTER_EINVAL);
	muster_error_release(&err);
	muster_scenario_release(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_boundaries),
	    cmocka_unit_test(test_groupings),
	    cmocka_unit_test(test_in_host_and_kinds),
	    cmocka_unit_test(test_run_assignments),
	    cmocka_unit_test(test_cap_breach),
	    cmocka_unit_test(test_deadline),
	    cmocka_unit_test(test_open_breach),
	    cmocka_unit_test(test_ceilings),
	    cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_bad_input),
	    cmocka_unit_test(test_random_against_scan),
	    cmocka_unit_test(test_filters),
	    cmocka_unit_test(test_source_names),
	    cmocka_unit_test(test_sources_overlap_prefer),
	    cmocka_unit_test(test_groupings_and_category),
	    cmocka_unit_test(test_stat),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
