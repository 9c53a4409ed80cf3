/*
 * test_policy.c: the whole access matrix of policy.c, role x object x own or
 * other nation x read or write, checked cell by cell against a table
 * written out by hand here from DESIGN.md section 12 and the decisions in
 * muster.h (a second, independent statement of the policy: a change to
 * rules[] that is not also made here fails), and the messages of the
 * checks the write commands call.
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

/*
 * expected[object]: five cells, for admin, planner, liaison of the record's
 * nation, liaison of another nation, viewer: "rw" full and writable, "r"
 * full, "a" aggregate only, "-" nothing.
 */
static const struct {
	enum muster_object obj;
	const char *name;
	const char *cells[5];
} expected[] = {
    {MUSTER_OBJ_NATION, "nations", {"rw", "rw", "r", "r", "r"}},
    {MUSTER_OBJ_KEY, "keys", {"rw", "rw", "r", "r", "r"}},
    {MUSTER_OBJ_MISSION, "missions", {"rw", "rw", "r", "r", "r"}},
    {MUSTER_OBJ_PHASE, "phases", {"rw", "rw", "r", "r", "r"}},
    {MUSTER_OBJ_CAPABILITY, "capabilities", {"rw", "rw", "r", "r", "r"}},
    {MUSTER_OBJ_REQUIREMENT, "requirements", {"rw", "rw", "r", "r", "r"}},
    {MUSTER_OBJ_OFFER, "offers", {"rw", "rw", "rw", "a", "a"}},
    {MUSTER_OBJ_CAVEAT, "caveats", {"rw", "rw", "rw", "-", "-"}},
    {MUSTER_OBJ_CAP, "caps", {"rw", "rw", "r", "r", "-"}},
    {MUSTER_OBJ_DEPLOYMENT, "deployments", {"rw", "rw", "rw", "a", "a"}},
    {MUSTER_OBJ_COST, "costs", {"rw", "rw", "r", "r", "r"}},
    {MUSTER_OBJ_FUNDING, "funding", {"rw", "rw", "r", "r", "r"}},
    {MUSTER_OBJ_BUDGET, "budgets", {"rw", "rw", "r", "-", "-"}},
    {MUSTER_OBJ_ASSIGNMENT, "assignments", {"rw", "rw", "r", "a", "a"}},
    {MUSTER_OBJ_GAP, "gaps", {"rw", "rw", "r", "r", "r"}},
    {MUSTER_OBJ_FAIRSHARE, "fair-share rows", {"rw", "rw", "r", "r", "a"}},
    {MUSTER_OBJ_POSTURE, "posture cells", {"rw", "rw", "r", "r", "a"}},
    {MUSTER_OBJ_RUN, "runs", {"rw", "rw", "r", "r", "r"}},
    {MUSTER_OBJ_USER, "users", {"rw", "-", "-", "-", "-"}},
};

static const char *const who_names[5] = {"admin", "planner", "liaison own", "liaison other",
					 "viewer"};

static void cell_of(const char *cell, enum muster_access *read, bool *write)
{
	*write = strchr(cell, 'w') != NULL;
	if (cell[0] == 'r')
		*read = MUSTER_ACCESS_FULL;
	else if (cell[0] == 'a')
		*read = MUSTER_ACCESS_AGGREGATE;
	else
		*read = MUSTER_ACCESS_NONE;
}

/* The actor of column `who`, and the record's nation for it. */
static struct muster_actor actor_of(int who, const char **nation, bool other_record)
{
	static const enum muster_role roles[5] = {MUSTER_ROLE_ADMIN, MUSTER_ROLE_PLANNER,
						  MUSTER_ROLE_LIAISON, MUSTER_ROLE_LIAISON,
						  MUSTER_ROLE_VIEWER};
	struct muster_actor a = {.name = (char *)"u", .role = roles[who]};
	if (roles[who] == MUSTER_ROLE_LIAISON)
		a.nation = (char *)"CAN";
	/* Non-liaisons are checked against both kinds of record: it must not matter. */
	if (who == 2)
		*nation = "CAN";
	else if (who == 3)
		*nation = other_record ? NULL : "DEU";
	else
		*nation = other_record ? "DEU" : "CAN";
	return a;
}

static void test_matrix(void **state)
{
	(void)state;
	size_t cells = 0;
	/* every object is in the expected table, once */
	assert_int_equal(sizeof(expected) / sizeof(expected[0]), MUSTER_OBJ_COUNT);
	for (size_t i = 0; i < MUSTER_OBJ_COUNT; i++) {
		assert_int_equal(expected[i].obj, (enum muster_object)i);
		assert_string_equal(muster_object_name(expected[i].obj), expected[i].name);
		for (int who = 0; who < 5; who++)
			for (int variant = 0; variant < 2; variant++) {
				const char *nation;
				struct muster_actor a = actor_of(who, &nation, variant);
				enum muster_access want_r, got_r;
				bool want_w, got_w;
				cell_of(expected[i].cells[who], &want_r, &want_w);
				got_r = muster_policy_read(&a, expected[i].obj, nation);
				got_w = muster_policy_write(&a, expected[i].obj, nation);
				if (got_r != want_r || got_w != want_w)
					fail_msg("%s, %s, record of %s: read %d write %d, expected "
						 "%s",
						 expected[i].name, who_names[who],
						 nation ? nation : "no nation", got_r, got_w,
						 expected[i].cells[who]);
				cells++;
			}
	}
	assert_int_equal(cells, MUSTER_OBJ_COUNT * 5 * 2);
}

/* A NULL actor, no role, a liaison without a nation: nothing at all. */
static void test_fail_closed(void **state)
{
	(void)state;
	struct muster_actor none = {.name = (char *)"x", .role = MUSTER_ROLE_NONE};
	struct muster_actor stateless = {.name = (char *)"x", .role = MUSTER_ROLE_LIAISON};
	struct muster_actor bogus = {.name = (char *)"x", .role = (enum muster_role)99};
	for (int i = 0; i < MUSTER_OBJ_COUNT; i++) {
		enum muster_object o = (enum muster_object)i;
		assert_int_equal(muster_policy_read(NULL, o, "CAN"), MUSTER_ACCESS_NONE);
		assert_int_equal(muster_policy_read(&none, o, "CAN"), MUSTER_ACCESS_NONE);
		assert_int_equal(muster_policy_read(&stateless, o, NULL), MUSTER_ACCESS_NONE);
		assert_int_equal(muster_policy_read(&bogus, o, NULL), MUSTER_ACCESS_NONE);
		assert_false(muster_policy_write(NULL, o, "CAN"));
		assert_false(muster_policy_write(&none, o, "CAN"));
		assert_false(muster_policy_write(&stateless, o, NULL));
	}
	struct muster_actor admin = {.name = (char *)"x", .role = MUSTER_ROLE_ADMIN};
	assert_int_equal(muster_policy_read(&admin, MUSTER_OBJ_COUNT, NULL), MUSTER_ACCESS_NONE);
	assert_false(muster_policy_write(&admin, (enum muster_object) - 1, NULL));
}

/* Nations are compared exactly: "can" is not CAN (codes are canonical). */
static void test_nation_exact(void **state)
{
	(void)state;
	struct muster_actor a = {
	    .name = (char *)"ann", .role = MUSTER_ROLE_LIAISON, .nation = (char *)"CAN"};
	assert_int_equal(muster_policy_read(&a, MUSTER_OBJ_CAVEAT, "CAN"), MUSTER_ACCESS_FULL);
	assert_int_equal(muster_policy_read(&a, MUSTER_OBJ_CAVEAT, "CANX"), MUSTER_ACCESS_NONE);
	assert_int_equal(muster_policy_read(&a, MUSTER_OBJ_CAVEAT, "CA"), MUSTER_ACCESS_NONE);
	assert_false(muster_policy_write(&a, MUSTER_OBJ_OFFER, ""));
}

static void test_check_write(void **state)
{
	(void)state;
	struct muster_actor ann = {
	    .name = (char *)"ann", .role = MUSTER_ROLE_LIAISON, .nation = (char *)"CAN"};
	struct muster_actor vic = {.name = (char *)"vic", .role = MUSTER_ROLE_VIEWER};
	struct muster_actor pat = {.name = (char *)"pat", .role = MUSTER_ROLE_PLANNER};
	struct muster_error err = {0}, missing = {0};

	assert_int_equal(
	    muster_policy_check_write(&ann, MUSTER_OBJ_OFFER, "CAN", "CAN-ADV", true, &err), 0);
	assert_null(err.msg);
	/* another nation's offer: seen only in aggregate, so by key it is missing */
	assert_int_equal(
	    muster_policy_check_write(&ann, MUSTER_OBJ_OFFER, "DEU", "DEU-TRG", true, &err),
	    MUSTER_ENOENT);
	assert_int_equal(muster_record_missing(&missing, MUSTER_OBJ_OFFER, "DEU-TRG"),
			 MUSTER_ENOENT);
	assert_string_equal(err.msg, missing.msg);
	assert_string_equal(err.msg, "no offers 'DEU-TRG'");
	/* and another nation's caveat, not seen at all */
	assert_int_equal(
	    muster_policy_check_write(&ann, MUSTER_OBJ_CAVEAT, "DEU", "DEU-X", true, &err),
	    MUSTER_ENOENT);
	assert_string_equal(err.msg, "no caveats 'DEU-X'");
	/* adding one for another nation */
	assert_int_equal(
	    muster_policy_check_write(&ann, MUSTER_OBJ_OFFER, "DEU", "DEU-NEW", false, &err),
	    MUSTER_EPERM);
	assert_string_equal(err.msg, "user 'ann' (liaison of CAN) may not add offers of DEU");
	/* a record it reads in full but may not change */
	assert_int_equal(
	    muster_policy_check_write(&ann, MUSTER_OBJ_MISSION, NULL, "NMI", true, &err),
	    MUSTER_EPERM);
	assert_string_equal(err.msg, "user 'ann' (liaison of CAN) may not change missions");
	assert_int_equal(muster_policy_check_write(&ann, MUSTER_OBJ_CAP, "CAN", "c1", true, &err),
			 MUSTER_EPERM);
	assert_string_equal(err.msg, "user 'ann' (liaison of CAN) may not change caps of CAN");
	assert_int_equal(muster_policy_check_write(&vic, MUSTER_OBJ_GAP, NULL, "g", true, &err),
			 MUSTER_EPERM);
	assert_string_equal(err.msg, "user 'vic' (viewer) may not change gaps");
	assert_int_equal(muster_policy_check_write(&pat, MUSTER_OBJ_USER, NULL, "bob", true, &err),
			 MUSTER_ENOENT);
	assert_string_equal(err.msg, "no users 'bob'");
	assert_int_equal(
	    muster_policy_check_write(&pat, MUSTER_OBJ_CAVEAT, "DEU", "DEU-X", true, &err), 0);

	assert_int_equal(muster_policy_check_planner(&pat, "import a scenario", &err), 0);
	assert_int_equal(muster_policy_check_planner(&ann, "import a scenario", &err),
			 MUSTER_EPERM);
	assert_string_equal(err.msg, "user 'ann' (liaison of CAN) may not import a scenario");
	assert_int_equal(muster_policy_check_admin(&pat, "manage users", &err), MUSTER_EPERM);
	assert_string_equal(err.msg, "user 'pat' (planner) may not manage users");
	assert_int_equal(muster_policy_check_planner(NULL, "import", &err), MUSTER_EPERM);
	muster_error_release(&err);
	muster_error_release(&missing);
}

static void test_names(void **state)
{
	(void)state;
	enum muster_object o;
	for (int i = 0; i < MUSTER_OBJ_COUNT; i++) {
		assert_int_equal(muster_object_parse(muster_object_name((enum muster_object)i), &o),
				 0);
		assert_int_equal(o, i);
	}
	assert_int_equal(muster_object_parse("lines", &o), 0);
	assert_int_equal(o, MUSTER_OBJ_REQUIREMENT);
	assert_int_equal(muster_object_parse("offer", &o), MUSTER_ENOENT);
	assert_int_equal(muster_object_parse(NULL, &o), MUSTER_ENOENT);
	assert_int_equal(muster_role_parse("liaison"), MUSTER_ROLE_LIAISON);
	assert_int_equal(muster_role_parse("Admin"), MUSTER_ROLE_NONE);
	assert_int_equal(muster_role_parse("none"), MUSTER_ROLE_NONE);
	assert_string_equal(muster_role_name(MUSTER_ROLE_VIEWER), "viewer");
	struct muster_actor a = {0};
	muster_actor_local_admin(&a);
	assert_int_equal(a.role, MUSTER_ROLE_ADMIN);
	assert_null(a.nation);
	char *l = muster_actor_label(&a);
	assert_string_equal(l, "user 'local admin' (admin)");
	free(l);
	muster_actor_release(&a);
	muster_actor_release(NULL);
	assert_string_equal(muster_strstatus(MUSTER_EPERM), "not permitted");
	assert_int_equal(MUSTER_EPERM, -12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_matrix),	 cmocka_unit_test(test_fail_closed),
	    cmocka_unit_test(test_nation_exact), cmocka_unit_test(test_check_write),
	    cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
