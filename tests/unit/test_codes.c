/*
 * test_codes.c: the resolver of codes typed into filters (codes.c): exact
 * codes, case folded to the one canonical code, codes only the data names,
 * the reference table, suggestions, ambiguity, and the exact check that
 * library functions use.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "muster.h"

/* A scenario of static rows; never released. */
static struct muster_nation nations[] = {{.code = "ZZA", .name = "Atlantis"}};
static struct muster_mission missions[] = {
    {.code = "NMI", .host = "IRQ"}, {.code = "ab", .host = "IRQ"}, {.code = "AB", .host = "IRQ"}};
static struct muster_capability caps[] = {{.code = "TRG-TEAM"}};
static struct muster_deployment deps[] = {{.nation = "QQQ", .country = "IRQ", .personnel = 5}};
static struct muster_offer offers[] = {{.id = "o1", .nation = "USA", .capability = "MED-R2"}};

static void scenario(struct muster_scenario *sc)
{
	memset(sc, 0, sizeof(*sc));
	sc->nations.items = nations;
	sc->nations.nr = 1;
	sc->missions.items = missions;
	sc->missions.nr = 3;
	sc->capabilities.items = caps;
	sc->capabilities.nr = 1;
	sc->deployments.items = deps;
	sc->deployments.nr = 1;
	sc->offers.items = offers;
	sc->offers.nr = 1;
}

static void expect(const struct muster_scenario *sc, enum muster_code_kind kind, const char *code,
		   int want_rc, const char *want_out, const char *want_msg)
{
	struct muster_error err = {0};
	const char *out = "unset";
	int rc = muster_code_resolve(sc, kind, code, &out, &err);
	assert_int_equal(rc, want_rc);
	if (want_out)
		assert_string_equal(out, want_out);
	else
		assert_null(out);
	if (want_msg)
		assert_string_equal(err.msg, want_msg);
	else
		assert_null(err.msg);
	muster_error_release(&err);
}

static void test_resolve(void **state)
{
	struct muster_scenario sc;
	(void)state;
	scenario(&sc);
	expect(&sc, MUSTER_CODE_NATION, "USA", 0, "USA", NULL);
	expect(&sc, MUSTER_CODE_NATION, "usa", 0, "USA", NULL);
	expect(&sc, MUSTER_CODE_NATION, "fra", 0, "FRA", NULL); /* the reference table */
	expect(&sc, MUSTER_CODE_NATION, "zza", 0, "ZZA", NULL); /* nations.csv */
	expect(&sc, MUSTER_CODE_NATION, "qqq", 0, "QQQ", NULL); /* only the data names it */
	expect(&sc, MUSTER_CODE_COUNTRY, "Irq", 0, "IRQ", NULL);
	expect(&sc, MUSTER_CODE_MISSION, "nmi", 0, "NMI", NULL);
	expect(&sc, MUSTER_CODE_CAPABILITY, "trg-team", 0, "TRG-TEAM", NULL);
	expect(&sc, MUSTER_CODE_CAPABILITY, "med-r2", 0, "MED-R2", NULL); /* an offer's */
	/* exact wins over case folding; two that differ only in case are ambiguous */
	expect(&sc, MUSTER_CODE_MISSION, "ab", 0, "ab", NULL);
	expect(&sc, MUSTER_CODE_MISSION, "Ab", MUSTER_EINVAL, NULL,
	       "mission 'Ab' is ambiguous: 'ab' and 'AB' differ only in case; give the exact code");
}

static void test_unknown(void **state)
{
	struct muster_scenario sc;
	(void)state;
	scenario(&sc);
	expect(&sc, MUSTER_CODE_NATION, "usx", MUSTER_ENOENT, "USA",
	       "unknown nation 'usx'; did you mean 'USA'?");
	expect(&sc, MUSTER_CODE_NATION, "XYZWV", MUSTER_ENOENT, NULL, "unknown nation 'XYZWV'");
	expect(&sc, MUSTER_CODE_COUNTRY, "IRK", MUSTER_ENOENT, "IRQ",
	       "unknown country 'IRK'; did you mean 'IRQ'?");
	expect(&sc, MUSTER_CODE_MISSION, "nmx", MUSTER_ENOENT, "NMI",
	       "unknown mission 'nmx'; did you mean 'NMI'?");
	expect(&sc, MUSTER_CODE_MISSION, "", MUSTER_EINVAL, NULL,
	       "mission: expected a code, got ''");
}

static void test_check(void **state)
{
	struct muster_scenario sc;
	struct muster_error err = {0};
	(void)state;
	scenario(&sc);
	assert_int_equal(muster_code_check(&sc, MUSTER_CODE_MISSION, "NMI", &err), 0);
	assert_int_equal(muster_code_check(&sc, MUSTER_CODE_MISSION, "nmi", &err), MUSTER_ENOENT);
	assert_string_equal(err.msg, "unknown mission 'nmi'; did you mean 'NMI'?");
	muster_error_release(&err);
	assert_int_equal(muster_code_check(&sc, MUSTER_CODE_NATION, "QQQ", &err), 0);
}

static void test_scenario_codes(void **state)
{
	struct muster_scenario sc;
	struct muster_strlist l = {0};
	(void)state;
	scenario(&sc);
	muster_scenario_codes(&sc, MUSTER_CODE_NATION, &l);
	char *all = muster_strlist_join(&l, ';');
	assert_string_equal(all, "ZZA;IRQ;USA;QQQ");
	free(all);
	muster_strlist_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_resolve),
	    cmocka_unit_test(test_unknown),
	    cmocka_unit_test(test_check),
	    cmocka_unit_test(test_scenario_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
