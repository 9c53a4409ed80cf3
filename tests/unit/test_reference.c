/*
 * test_reference.c: the built-in reference tables (reference.c): nation
 * lookup and overrides, NATO accession dates, UN membership, GDP, and the
 * thread-safe lazy load. The GDP check compares with the upstream World Bank
 * file in $MUSTER_SHARED and is skipped when that folder is absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <csv.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"

static int32_t ymd(int y, int m, int d)
{
	return muster_date_from_ymd(y, m, d);
}

/* Runs first, from several threads at once: the lazy load must be safe. */
static void *lookup_thread(void *arg)
{
	const struct muster_nation *n = muster_nation_lookup(NULL, arg);
	return (void *)(n && n->name ? n->name : NULL);
}

static void test_concurrent_first_use(void **state)
{
	static const char *codes[] = {"USA", "IRQ", "KWT", "XKX", "DEU", "FRA", "TUR", "AUS"};
	pthread_t th[8];
	(void)state;
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&th[i], NULL, lookup_thread, (void *)codes[i]), 0);
	for (size_t i = 0; i < 8; i++) {
		void *name = NULL;
		assert_int_equal(pthread_join(th[i], &name), 0);
		assert_non_null(name);
	}
}

static void test_lookup(void **state)
{
	const struct muster_nation *n;
	(void)state;
	n = muster_nation_lookup(NULL, "USA");
	assert_non_null(n);
	assert_string_equal(n->name, "United States");
	assert_string_equal(n->region, "Americas");
	assert_true(muster_strlist_has(&n->memberships, "NATO"));
	assert_true(muster_strlist_has(&n->memberships, "UN"));

	n = muster_nation_lookup(NULL, "IRQ");
	assert_non_null(n);
	assert_string_equal(n->name, "Iraq");
	assert_string_equal(n->region, "Asia");
	assert_false(muster_strlist_has(&n->memberships, "NATO"));
	assert_true(muster_strlist_has(&n->memberships, "UN"));

	n = muster_nation_lookup(NULL, "KWT");
	assert_non_null(n);
	assert_string_equal(n->name, "Kuwait");
	assert_string_equal(n->region, "Asia");

	n = muster_nation_lookup(NULL, "XKX"); /* not ISO, added with a note */
	assert_non_null(n);
	assert_string_equal(n->name, "Kosovo");
	assert_string_equal(n->region, "Europe");
	assert_false(muster_strlist_has(&n->memberships, "UN"));

	assert_null(muster_nation_lookup(NULL, "ZZZ"));
	assert_null(muster_nation_lookup(NULL, "usa"));
	assert_null(muster_nation_lookup(NULL, ""));
	assert_null(muster_nation_lookup(NULL, NULL));
}

static void test_reference_table(void **state)
{
	size_t nr = 0, un = 0;
	const struct muster_nation *all = muster_reference_nations(&nr);
	(void)state;
	/* 249 ISO 3166-1 entries plus XKX */
	assert_int_equal(nr, 250);
	for (size_t i = 0; i < nr; i++) {
		if (i)
			assert_true(strcmp(all[i - 1].code, all[i].code) < 0);
		assert_non_null(all[i].name);
		un += muster_strlist_has(&all[i].memberships, "UN");
	}
	assert_int_equal(un, 193);
	/* every entry can be found by lookup, and it is the same row */
	for (size_t i = 0; i < nr; i++)
		assert_ptr_equal(muster_nation_lookup(NULL, all[i].code), &all[i]);
}

static void test_scenario_overrides(void **state)
{
	struct muster_scenario sc;
	struct muster_nation own = {0};
	const struct muster_nation *n;
	(void)state;
	muster_scenario_init(&sc);
	own.code = strdup("USA");
	own.name = strdup("United States of America");
	muster_strlist_push(&own.memberships, "NATO");
	sc.nations.items = malloc(2 * sizeof(own));
	sc.nations.alloc = 2;
	sc.nations.items[sc.nations.nr++] = own;
	memset(&own, 0, sizeof(own));
	own.code = strdup("ZZA"); /* a scenario's own code */
	own.name = strdup("Atlantis");
	sc.nations.items[sc.nations.nr++] = own;

	n = muster_nation_lookup(&sc, "USA");
	assert_ptr_equal(n, &sc.nations.items[0]);
	assert_string_equal(n->name, "United States of America");
	assert_false(muster_strlist_has(&n->memberships, "UN"));
	assert_string_equal(muster_nation_lookup(&sc, "ZZA")->name, "Atlantis");
	assert_null(muster_nation_lookup(NULL, "ZZA"));
	/* not overridden: the reference row */
	assert_string_equal(muster_nation_lookup(&sc, "IRQ")->name, "Iraq");
	muster_scenario_release(&sc);
}

static void test_nato_2021(void **state)
{
	static const char *const members[] = {
	    "ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FRA", "DEU",
	    "GRC", "HUN", "ISL", "ITA", "LVA", "LTU", "LUX", "MNE", "NLD", "MKD",
	    "NOR", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "TUR", "GBR", "USA"};
	int32_t day = ymd(2021, 2, 18);
	size_t nr, count = 0;
	const struct muster_nation *all = muster_reference_nations(&nr);
	(void)state;
	for (size_t i = 0; i < nr; i++) {
		int32_t a = muster_reference_accession("NATO", all[i].code);
		if (a != MUSTER_DATE_NONE && a <= day)
			count++;
	}
	assert_int_equal(count, 30);
	for (size_t i = 0; i < sizeof(members) / sizeof(members[0]); i++) {
		int32_t a = muster_reference_accession("NATO", members[i]);
		assert_int_not_equal(a, MUSTER_DATE_NONE);
		assert_true(a <= day);
	}
}

static void test_accession_dates(void **state)
{
	(void)state;
	assert_int_equal(muster_reference_accession("NATO", "MKD"), ymd(2020, 3, 27));
	assert_int_equal(muster_reference_accession("NATO", "FIN"), ymd(2023, 4, 4));
	assert_int_equal(muster_reference_accession("NATO", "SWE"), ymd(2024, 3, 7));
	assert_int_equal(muster_reference_accession("NATO", "USA"), ymd(1949, 4, 4));
	assert_int_equal(muster_reference_accession("NATO", "DEU"), ymd(1955, 5, 6));
	assert_int_equal(muster_reference_accession("NATO", "IRQ"), MUSTER_DATE_NONE);
	assert_int_equal(muster_reference_accession("NATO", "AUS"), MUSTER_DATE_NONE);
	assert_int_equal(muster_reference_accession("EU", "FRA"), MUSTER_DATE_NONE);
	assert_int_equal(muster_reference_accession(NULL, "FRA"), MUSTER_DATE_NONE);
	/* joined before today, so a member now */
	assert_true(muster_strlist_has(&muster_nation_lookup(NULL, "FIN")->memberships, "NATO"));
}

/* The 2020 value for `code` in the upstream World Bank file; <0 if absent. */
static double upstream_gdp(const char *path, const char *code, int year)
{
	char line[512], want[32];
	double v = -1;
	FILE *f = fopen(path, "r");
	if (!f)
		return -2;
	snprintf(want, sizeof(want), ",%s,%d,", code, year);
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, want);
		if (p) {
			v = strtod(p + strlen(want), NULL);
			break;
		}
	}
	fclose(f);
	return v;
}

static void test_gdp(void **state)
{
	const char *shared = getenv("MUSTER_SHARED");
	char path[4096];
	double up;
	(void)state;
	assert_true(muster_reference_gdp("USA", 2020) > 1e13);
	assert_true(muster_reference_gdp("IRQ", 2020) > 1e10);
	assert_true(muster_reference_gdp("USA", 1900) < 0);
	assert_true(muster_reference_gdp("ZZZ", 2020) < 0);
	assert_true(muster_reference_gdp(NULL, 2020) < 0);
	assert_true(muster_reference_gdp_year() >= 2022);
	assert_true(muster_reference_gdp("DEU", muster_reference_gdp_year()) > 0);
	if (!shared)
		skip();
	snprintf(path, sizeof(path),
		 "%s/data/country_reference/worldbank_gdp_current_usd_1960_2023.csv", shared);
	up = upstream_gdp(path, "USA", 2020);
	if (up == -2)
		skip();
	assert_true(up > 0);
	/* shipped rounded to whole dollars */
	assert_true(fabs(muster_reference_gdp("USA", 2020) - up) <= 0.5);
	up = upstream_gdp(path, "IRQ", 2020);
	assert_true(fabs(muster_reference_gdp("IRQ", 2020) - up) <= 0.5);
}

/* Upstream ISO/M49 rows, parsed with libcsv: alpha-3 and region columns. */
struct upstream {
	char field[12][128];
	size_t nfield, rows, checked, region_diff;
	int col_code, col_region;
	bool header_done;
};

static void up_field(void *s, size_t len, void *data)
{
	struct upstream *u = data;
	if (u->nfield < 12) {
		size_t n = len < 127 ? len : 127;
		memcpy(u->field[u->nfield], s ? s : "", s ? n : 0);
		u->field[u->nfield][s ? n : 0] = '\0';
	}
	u->nfield++;
}

static void up_record(int c, void *data)
{
	struct upstream *u = data;
	(void)c;
	if (!u->header_done) {
		for (size_t i = 0; i < u->nfield && i < 12; i++) {
			if (!strcmp(u->field[i], "alpha-3"))
				u->col_code = (int)i;
			if (!strcmp(u->field[i], "region"))
				u->col_region = (int)i;
		}
		u->header_done = true;
	} else if (u->col_code >= 0 && u->col_region >= 0) {
		const struct muster_nation *n = muster_nation_lookup(NULL, u->field[u->col_code]);
		const char *region = u->field[u->col_region];
		u->rows++;
		if (n) {
			u->checked++;
			if (*region && (!n->region || strcmp(n->region, region)))
				u->region_diff++;
		}
	}
	u->nfield = 0;
}

/* Every upstream ISO 3166-1 row is in the built-in table with its M49 region. */
static void test_upstream_countries(void **state)
{
	const char *shared = getenv("MUSTER_SHARED");
	struct upstream u = {.col_code = -1, .col_region = -1};
	struct csv_parser p;
	char path[4096], buf[8192];
	size_t got;
	FILE *f;
	(void)state;
	if (!shared)
		skip();
	snprintf(path, sizeof(path), "%s/data/country_reference/iso3166_countries_regions.csv",
		 shared);
	f = fopen(path, "rb");
	if (!f)
		skip();
	assert_int_equal(csv_init(&p, CSV_APPEND_NULL), 0);
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		assert_int_equal(csv_parse(&p, buf, got, up_field, up_record, &u), got);
	csv_fini(&p, up_field, up_record, &u);
	csv_free(&p);
	fclose(f);
	assert_true(u.rows >= 249);
	assert_int_equal(u.checked, u.rows);
	assert_int_equal(u.region_diff, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_concurrent_first_use),
	    cmocka_unit_test(test_lookup),
	    cmocka_unit_test(test_reference_table),
	    cmocka_unit_test(test_scenario_overrides),
	    cmocka_unit_test(test_nato_2021),
	    cmocka_unit_test(test_accession_dates),
	    cmocka_unit_test(test_gdp),
	    cmocka_unit_test(test_upstream_countries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
