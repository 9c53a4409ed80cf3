/*
 * test_helpers.c: the helpers muster.h gives front ends (helpers.c): strict
 * number parsing, "did you mean", and files written together, none half.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "muster.h"

static void test_parse(void **state)
{
	(void)state;
	long l = 42;
	double d = 4.5;
	assert_int_equal(muster_parse_long("-17", -100, 100, &l), 0);
	assert_int_equal(l, -17);
	assert_int_equal(muster_parse_long("101", -100, 100, &l), MUSTER_EINVAL);
	assert_int_equal(muster_parse_long("1e2", 0, 1000, &l), MUSTER_EINVAL);
	assert_int_equal(muster_parse_long(" 1", 0, 10, &l), MUSTER_EINVAL);
	assert_int_equal(muster_parse_long("", 0, 10, &l), MUSTER_EINVAL);
	assert_int_equal(l, -17); /* untouched on error */
	assert_int_equal(muster_parse_double("2.5e1", &d), 0);
	assert_true(d == 25);
	assert_int_equal(muster_parse_double("inf", &d), MUSTER_EINVAL);
	assert_int_equal(muster_parse_double("nan", &d), MUSTER_EINVAL);
	assert_int_equal(muster_parse_double("1e999", &d), MUSTER_EINVAL);
	assert_int_equal(muster_parse_double("3 ", &d), MUSTER_EINVAL);
	assert_true(d == 25);
}

static void test_closest(void **state)
{
	(void)state;
	const char *const words[] = {"posture", "source", "rotation"};
	assert_string_equal(muster_closest_word("sorce", words, 3), "source");
	assert_string_equal(muster_closest_word("postur", words, 3), "posture");
	assert_null(muster_closest_word("xyzzy", words, 3));
	assert_null(muster_closest_word("a", words, 0));
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = calloc(1, 256);
	size_t n = fread(buf, 1, 255, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void test_file_batch(void **state)
{
	(void)state;
	char dir[] = "/tmp/muster-helpers-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char a[128], b[128], bad[160];
	snprintf(a, sizeof(a), "%s/a.csv", dir);
	snprintf(b, sizeof(b), "%s/b.csv", dir);
	snprintf(bad, sizeof(bad), "%s/no-such-folder/c.csv", dir);
	struct muster_error err = {0};

	/* nothing is in place before the commit; both are after it */
	struct muster_file_batch fb = {0};
	assert_int_equal(muster_file_batch_add(&fb, a, "one\n", 4, &err), 0);
	assert_int_equal(muster_file_batch_add(&fb, b, "two\n", 4, &err), 0);
	assert_int_equal(access(a, F_OK), -1);
	assert_int_equal(muster_file_batch_commit(&fb, &err), 0);
	muster_file_batch_release(&fb);
	char *s = slurp(a);
	assert_string_equal(s, "one\n");
	free(s);

	/* a file that cannot be written: the others stay as they were */
	assert_int_equal(muster_file_batch_add(&fb, a, "new\n", 4, &err), 0);
	assert_int_equal(muster_file_batch_add(&fb, bad, "x\n", 2, &err), MUSTER_EIO);
	assert_non_null(strstr(err.msg, "c.csv"));
	muster_error_release(&err);
	muster_file_batch_release(&fb);
	s = slurp(a);
	assert_string_equal(s, "one\n");
	free(s);

	/* a zeroed batch commits nothing and releases */
	struct muster_file_batch none = {0};
	assert_int_equal(muster_file_batch_commit(&none, &err), 0);
	muster_file_batch_release(&none);
	muster_file_batch_release(NULL);

	unlink(a);
	unlink(b);
	assert_int_equal(rmdir(dir), 0); /* no temporary left behind */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_closest),
	    cmocka_unit_test(test_file_batch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
