/*
 * test_validate.c: the cross-file checks (validate.c), on scenarios built in
 * memory (messages name the entity) and read from folders (messages give
 * file:line of the offending row).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "csv_read.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int32_t D(const char *s)
{
	int32_t d;
	assert_int_equal(muster_date_parse(s, &d), 0);
	return d;
}

/* A small valid scenario: mission M in IRQ, capability cap, line M:L1, offer o1. */
static void base(struct muster_scenario *sc)
{
	muster_scenario_init(sc);
	struct muster_mission m = {.code = xstrdup("M"),
				   .host = xstrdup("IRQ"),
				   .from = MUSTER_DATE_NONE,
				   .to = MUSTER_DATE_OPEN};
	ARRAY_PUSH(sc->missions, m);
	struct muster_capability c = {.code = xstrdup("cap")};
	ARRAY_PUSH(sc->capabilities, c);
	struct muster_requirement r = {.mission = xstrdup("M"),
				       .line = xstrdup("L1"),
				       .capability = xstrdup("cap"),
				       .units = 1,
				       .personnel = 10,
				       .from = D("2021-01-01"),
				       .to = D("2022-01-01"),
				       .priority = 3};
	ARRAY_PUSH(sc->requirements, r);
	struct muster_caveat k = {.id = xstrdup("k1"),
				  .nation = xstrdup("USA"),
				  .kind = MUSTER_CAVEAT_MAX_DAYS,
				  .days = 90,
				  .hard = true};
	ARRAY_PUSH(sc->caveats, k);
	struct muster_offer o = {.id = xstrdup("o1"),
				 .nation = xstrdup("USA"),
				 .capability = xstrdup("cap"),
				 .units = 1,
				 .personnel = 10,
				 .from = D("2021-01-01"),
				 .to = MUSTER_DATE_OPEN};
	muster_strlist_push(&o.caveats, "k1");
	ARRAY_PUSH(sc->offers, o);
}

static void expect(const struct muster_scenario *sc, const char *const *want)
{
	struct muster_error err = {0};
	size_t n = 0;
	while (want[n])
		n++;
	int rc = muster_scenario_validate(sc, &err);
	for (size_t i = 0; i < err.details.nr; i++)
		if (i >= n || strcmp(err.details.items[i], want[i]))
			print_error("got: %s\n", err.details.items[i]);
	assert_int_equal(err.details.nr, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(err.details.items[i], want[i]);
	assert_int_equal(rc, n ? MUSTER_EINVAL : 0);
	muster_error_release(&err);
}

static void test_valid(void **state)
{
	(void)state;
	struct muster_scenario sc;
	base(&sc);
	expect(&sc, (const char *const[]){NULL});
	assert_int_equal(muster_scenario_validate(&sc, NULL), 0);
	muster_scenario_release(&sc);
}

static void test_duplicates(void **state)
{
	(void)state;
	struct muster_scenario sc;
	base(&sc);
	struct muster_offer o = {.id = xstrdup("o1"),
				 .nation = xstrdup("USA"),
				 .capability = xstrdup("cap"),
				 .units = 1,
				 .personnel = 1,
				 .from = D("2021-01-01"),
				 .to = MUSTER_DATE_OPEN};
	ARRAY_PUSH(sc.offers, o);
	struct muster_mission m = {.code = xstrdup("M"),
				   .host = xstrdup("IRQ"),
				   .from = MUSTER_DATE_NONE,
				   .to = MUSTER_DATE_OPEN};
	ARRAY_PUSH(sc.missions, m);
	struct muster_deployment d = {.id = xstrdup("d"),
				      .nation = xstrdup("USA"),
				      .country = xstrdup("IRQ"),
				      .personnel = 5,
				      .from = D("2021-01-01"),
				      .to = MUSTER_DATE_OPEN};
	ARRAY_PUSH(sc.deployments, d);
	d.id = xstrdup("d");
	d.nation = xstrdup("USA");
	d.country = xstrdup("KWT");
	ARRAY_PUSH(sc.deployments, d);
	expect(&sc,
	       (const char *const[]){
		   "missions.csv: mission 'M': column 'code': duplicate mission 'M'",
		   "offers.csv: offer 'o1': column 'id': duplicate offer 'o1'",
		   "deployments.csv: deployment 'd': column 'id': duplicate deployment 'd'", NULL});
	muster_scenario_release(&sc);
}

static void test_references(void **state)
{
	(void)state;
	struct muster_scenario sc;
	base(&sc);
	struct muster_offer *o = &sc.offers.items[0];
	free(o->capability);
	o->capability = xstrdup("nope");
	o->line = xstrdup("L1");
	free(o->nation);
	o->nation = xstrdup("GBR");
	struct muster_cap cap = {.nation = xstrdup("USA"),
				 .country = xstrdup("ZZZ"),
				 .limit = 1,
				 .from = MUSTER_DATE_NONE,
				 .to = MUSTER_DATE_OPEN};
	ARRAY_PUSH(sc.caps, cap);
	struct muster_capability c = {.code = xstrdup("c2")};
	muster_strlist_push(&c.substitutes, "cap");
	muster_strlist_push(&c.substitutes, "ghost");
	ARRAY_PUSH(sc.capabilities, c);
	expect(&sc,
	       (const char *const[]){
		   "capabilities.csv: capability 'c2': column 'substitutes': unknown capability "
		   "'ghost' (not in capabilities.csv)",
		   "offers.csv: offer 'o1': column 'capability': unknown capability 'nope' (not in "
		   "capabilities.csv)",
		   "offers.csv: offer 'o1': column 'mission': expected a mission for line 'L1', "
		   "got ''",
		   "offers.csv: offer 'o1': column 'caveats': caveat 'k1' is one of 'USA', not of "
		   "the offer's nation 'GBR'",
		   "caps.csv: cap of 'USA' in 'ZZZ': column 'country': unknown country 'ZZZ' (not "
		   "an ISO 3166-1 alpha-3 code, not in nations.csv)",
		   NULL});
	/* nations.csv may add a code. */
	struct muster_nation n = {.code = xstrdup("ZZZ")};
	ARRAY_PUSH(sc.nations, n);
	free(o->capability);
	o->capability = xstrdup("cap");
	o->mission = xstrdup("M");
	free(o->line);
	o->line = xstrdup("L9");
	free(o->nation);
	o->nation = xstrdup("USA");
	free(sc.capabilities.items[1].substitutes.items[1]);
	sc.capabilities.items[1].substitutes.items[1] = xstrdup("c2");
	expect(&sc, (const char *const[]){"offers.csv: offer 'o1': column 'line': unknown line "
					  "'L9' of mission 'M' (not in requirements.csv)",
					  NULL});
	muster_scenario_release(&sc);
}

static void test_dates_and_phases(void **state)
{
	(void)state;
	struct muster_scenario sc;
	base(&sc);
	sc.requirements.items[0].to = sc.requirements.items[0].from;
	const char *ph[][3] = {{"p1", "2021-01-01", "2021-06-01"},
			       {"p2", "2021-03-01", "2021-04-01"},
			       {"p3", "2021-05-01", ""},
			       {"p4", "2022-01-01", "2023-01-01"}};
	for (size_t i = 0; i < 4; i++) {
		struct muster_phase p = {.mission = xstrdup("M"),
					 .phase = xstrdup(ph[i][0]),
					 .from = D(ph[i][1]),
					 .ceiling = 10};
		p.to = *ph[i][2] ? D(ph[i][2]) : MUSTER_DATE_OPEN;
		ARRAY_PUSH(sc.phases, p);
	}
	expect(&sc,
	       (const char *const[]){
		   "phases.csv: phase 'p2' of 'M': column 'from': phase 'p2' of mission 'M' "
		   "overlaps phase 'p1' (2021-01-01 to 2021-06-01)",
		   "phases.csv: phase 'p3' of 'M': column 'from': phase 'p3' of mission 'M' "
		   "overlaps phase 'p1' (2021-01-01 to 2021-06-01)",
		   "phases.csv: phase 'p4' of 'M': column 'from': phase 'p4' of mission 'M' "
		   "overlaps phase 'p3' (2021-05-01 to open)",
		   "requirements.csv: line 'L1' of 'M': column 'to': expected a date after 'from' "
		   "(2021-01-01), got '2021-01-01'",
		   NULL});
	muster_scenario_release(&sc);
}

static void test_caveat_values(void **state)
{
	(void)state;
	struct muster_scenario sc;
	base(&sc);
	sc.caveats.items[0].days = 0;
	struct muster_caveat k = {
	    .id = xstrdup("k2"), .nation = xstrdup("USA"), .kind = MUSTER_CAVEAT_NOT_COUNTRIES};
	ARRAY_PUSH(sc.caveats, k);
	struct muster_caveat k3 = {
	    .id = xstrdup("k3"), .nation = xstrdup("USA"), .kind = MUSTER_CAVEAT_ONLY_MISSIONS};
	muster_strlist_push(&k3.values, "M");
	muster_strlist_push(&k3.values, "XYZW");
	ARRAY_PUSH(sc.caveats, k3);
	expect(&sc,
	       (const char *const[]){
		   "caveats.csv: caveat 'k1': column 'value': expected a whole number of days "
		   ">= 1, got '0'",
		   "caveats.csv: caveat 'k2': column 'value': expected a list separated by ';', "
		   "got ''",
		   "caveats.csv: caveat 'k3': column 'value': unknown mission 'XYZW' (not in "
		   "missions.csv)",
		   NULL});
	muster_scenario_release(&sc);
}

/* From a folder, cross-file messages give the offending row's file:line. */
static void test_lines_from_folder(void **state)
{
	(void)state;
	char d[] = "/tmp/muster-test-validate.XXXXXX";
	assert_non_null(mkdtemp(d));
	const char *files[][2] = {
	    {"missions.csv", "code,name,host\nM,\"two\nlines\",IRQ\nN,x,NOPE\n"},
	    {"capabilities.csv", "code\ncap\n"},
	    {"offers.csv", "id,nation,capability,units,personnel,from,to\n"
			   "o1,USA,cap,1,1,2021-01-01,\n"
			   "\n"
			   "o2,USA,zap,1,1,2021-01-01,\n"
			   "o1,FRA,cap,1,1,2021-01-01,2020-01-01\n"}};
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		char *p = xstrfmt("%s/%s", d, files[i][0]);
		assert_int_equal(write_file_atomic(p, files[i][1], strlen(files[i][1]), NULL), 0);
		free(p);
	}
	struct muster_scenario sc;
	struct muster_error err = {0};
	muster_scenario_init(&sc);
	assert_int_equal(muster_scenario_read_dir(&sc, d, &err), MUSTER_EINVAL);
	const char *want[] = {
	    "missions.csv:4: column 'host': unknown country 'NOPE' (not an ISO 3166-1 alpha-3 "
	    "code, not in nations.csv)",
	    "offers.csv:4: column 'capability': unknown capability 'zap' (not in "
	    "capabilities.csv); did you mean 'cap'?",
	    "offers.csv:5: column 'id': duplicate offer 'o1', first at line 2",
	    "offers.csv:5: column 'to': expected a date after 'from' (2021-01-01), got "
	    "'2020-01-01'"};
	assert_int_equal(err.details.nr, ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		assert_string_equal(err.details.items[i], want[i]);
	char *msg = xstrfmt("scenario '%s' has 4 problems", d);
	assert_string_equal(err.msg, msg);
	free(msg);
	muster_error_release(&err);
	muster_scenario_release(&sc);
	char *cmd = xstrfmt("rm -rf '%s'", d);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void write_files(const char *d, const char *const (*files)[2], size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *p = xstrfmt("%s/%s", d, files[i][0]);
		assert_int_equal(write_file_atomic(p, files[i][1], strlen(files[i][1]), NULL), 0);
		free(p);
	}
}

static void expect_dir(const char *d, const char *const *want, size_t n)
{
	struct muster_scenario sc;
	struct muster_error err = {0};
	muster_scenario_init(&sc);
	assert_int_equal(muster_scenario_read_dir(&sc, d, &err), MUSTER_EINVAL);
	for (size_t i = 0; i < err.details.nr; i++)
		if (i >= n || strcmp(err.details.items[i], want[i]))
			print_error("got: %s\n", err.details.items[i]);
	assert_int_equal(err.details.nr, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(err.details.items[i], want[i]);
	muster_error_release(&err);
	muster_scenario_release(&sc);
}

/*
 * Cell problems and cross-file problems in one run; the checks skip a row
 * with a bad cell, and are skipped whole when a table others refer to has
 * a bad row (else every reference into it could be reported unknown).
 */
static void test_cells_and_references(void **state)
{
	(void)state;
	char d[] = "/tmp/muster-test-validate.XXXXXX";
	assert_non_null(mkdtemp(d));
	const char *const files[][2] = {{"missions.csv", "code,host\nM,IRQ\n"},
					{"capabilities.csv", "code\ncap\n"},
					{"offers.csv",
					 "id,nation,capability,units,personnel,from,to\n"
					 "o1,USA,cap,two,1,2021-01-01,\n"
					 "o2,USA,cap,1,1,2021-01-01,2020-01-01\n"
					 "o3,USA,kap,1,1,2021-01-01,\n"}};
	write_files(d, files, ARRAY_SIZE(files));
	const char *want[] = {
	    "offers.csv:2: column 'units': expected a whole number >= 1, got 'two'",
	    "offers.csv:3: column 'to': expected a date after 'from' (2021-01-01), got "
	    "'2020-01-01'",
	    "offers.csv:4: column 'capability': unknown capability 'kap' (not in "
	    "capabilities.csv); did you mean 'cap'?"};
	expect_dir(d, want, ARRAY_SIZE(want));
	/* A bad row among the capabilities: no cascade of unknown references. */
	const char *const bad_cap[][2] = {{"capabilities.csv", "code\ncap\n\"a;b\"\n"}};
	write_files(d, bad_cap, 1);
	const char *want2[] = {
	    "capabilities.csv:3: column 'code': expected a capability code, got 'a;b'",
	    "offers.csv:2: column 'units': expected a whole number >= 1, got 'two'"};
	expect_dir(d, want2, ARRAY_SIZE(want2));
	char *cmd = xstrfmt("rm -rf '%s'", d);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* A million ids checked in linear time (the hash set), all distinct. */
static void test_many_deployments(void **state)
{
	(void)state;
	struct muster_scenario sc;
	muster_scenario_init(&sc);
	for (int i = 0; i < 200000; i++) {
		struct muster_deployment d = {.id = xstrfmt("d%d", i),
					      .nation = xstrdup("USA"),
					      .country = xstrdup(i % 2 ? "IRQ" : "KWT"),
					      .personnel = i,
					      .from = D("2021-01-01"),
					      .to = MUSTER_DATE_OPEN};
		ARRAY_PUSH(sc.deployments, d);
	}
	double t = now_seconds();
	assert_int_equal(muster_scenario_validate(&sc, NULL), 0);
	assert_true(now_seconds() - t < 5.0);
	free(sc.deployments.items[123456].id);
	sc.deployments.items[123456].id = xstrdup("d7");
	expect(&sc, (const char *const[]){"deployments.csv: deployment 'd7': column 'id': "
					  "duplicate deployment 'd7'",
					  NULL});
	muster_scenario_release(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_duplicates),
	    cmocka_unit_test(test_references),
	    cmocka_unit_test(test_dates_and_phases),
	    cmocka_unit_test(test_caveat_values),
	    cmocka_unit_test(test_lines_from_folder),
	    cmocka_unit_test(test_cells_and_references),
	    cmocka_unit_test(test_many_deployments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
