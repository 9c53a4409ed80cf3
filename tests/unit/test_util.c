/*
 * test_util.c: the shared helpers of util.c: dates (leap years, invalid
 * dates, round trips), strbuf (CSV and JSON quoting), strict number parsing,
 * string lists, "did you mean" suggestions, errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "util.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void test_date_parse(void **state)
{
	(void)state;
	int32_t d;
	assert_int_equal(muster_date_parse("1970-01-01", &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(muster_date_parse("2021-05-01", &d), 0);
	assert_int_equal(d, 18748);
	/* Leap years: divisible by 4, except centuries, except every 400 years. */
	assert_int_equal(muster_date_parse("2020-02-29", &d), 0);
	assert_int_equal(muster_date_parse("2000-02-29", &d), 0);
	assert_int_equal(muster_date_parse("2021-02-29", &d), MUSTER_EINVAL);
	assert_int_equal(muster_date_parse("1900-02-29", &d), MUSTER_EINVAL);
	assert_int_equal(muster_date_parse("2100-02-29", &d), MUSTER_EINVAL);
	const char *bad[] = {"2021-02-30", "21-1-1",	 "2021-1-01",  "2021-13-01",  "2021-00-10",
			     "2021-04-31", "2021-01-00", "2021/01/01", "2021-01-01 ", "",
			     "abcd-ef-gh", "2021-01-1x", "1899-12-31"};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(muster_date_parse(bad[i], &d), MUSTER_EINVAL);
	assert_int_equal(muster_date_parse(NULL, &d), MUSTER_EINVAL);
}

static void test_date_roundtrip(void **state)
{
	(void)state;
	char buf[11];
	int32_t back;
	/* Every day from 1900 to 2100 formats and parses back to itself. */
	for (int32_t day = muster_date_from_ymd(1900, 1, 1); day < muster_date_from_ymd(2100, 1, 1);
	     day++) {
		int y, m, dd;
		muster_date_format(day, buf);
		assert_int_equal(muster_date_parse(buf, &back), 0);
		assert_int_equal(back, day);
		muster_date_to_ymd(day, &y, &m, &dd);
		assert_int_equal(muster_date_from_ymd(y, m, dd), day);
	}
	assert_int_equal(muster_date_from_ymd(2021, 3, 1) - muster_date_from_ymd(2021, 2, 28), 1);
	assert_int_equal(muster_date_from_ymd(2020, 3, 1) - muster_date_from_ymd(2020, 2, 28), 2);
	muster_date_format(MUSTER_DATE_OPEN, buf);
	assert_string_equal(buf, "");
	muster_date_format(MUSTER_DATE_NONE, buf);
	assert_string_equal(buf, "");
}

static void test_strbuf(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	assert_string_equal(sb.buf, "");
	strbuf_addf(&sb, "%d-%s", 42, "x");
	strbuf_addch(&sb, '!');
	assert_string_equal(sb.buf, "42-x!");
	assert_int_equal(sb.len, 5);
	strbuf_reset(&sb);
	assert_string_equal(sb.buf, "");
	/* CSV: quote only when needed; double the quotes. */
	const char *in[] = {"plain", "a,b", "say \"hi\"", "two\nlines", " lead", "trail ", ""};
	const char *out[] = {
	    "plain",	  "\"a,b\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", "\" lead\"",
	    "\"trail \"", ""};
	for (size_t i = 0; i < ARRAY_SIZE(in); i++) {
		strbuf_reset(&sb);
		strbuf_addcsv(&sb, in[i]);
		assert_string_equal(sb.buf, out[i]);
	}
	strbuf_reset(&sb);
	strbuf_addjson(&sb, "a\"b\\\n\x01");
	assert_string_equal(sb.buf, "\"a\\\"b\\\\\\n\\u0001\"");
	size_t len;
	char *s = strbuf_detach(&sb, &len);
	assert_int_equal(len, strlen(s));
	assert_string_equal(sb.buf, "");
	free(s);
	/* A big append grows the buffer. */
	for (int i = 0; i < 10000; i++)
		strbuf_addstr(&sb, "0123456789");
	assert_int_equal(sb.len, 100000);
	assert_int_equal(strlen(sb.buf), 100000);
	strbuf_release(&sb);
}

static void test_strtonum(void **state)
{
	(void)state;
	long v;
	double d;
	assert_int_equal(strtonum_l("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(strtonum_l("-3", -5, 5, &v), 0);
	assert_int_equal(v, -3);
	const char *bad[] = {"",   "-",	  "1a",	 " 1",	 "1 ",
			     "+1", "1.0", "two", "0x10", "99999999999999999999999"};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(strtonum_l(bad[i], LONG_MIN, LONG_MAX, &v), MUSTER_EINVAL);
	assert_int_equal(strtonum_l("0", 1, 10, &v), MUSTER_EINVAL);
	assert_int_equal(strtonum_l("11", 1, 10, &v), MUSTER_EINVAL);
	assert_int_equal(strtonum_l("-1", 0, 10, &v), MUSTER_EINVAL);
	assert_int_equal(strtonum_d("16.34", &d), 0);
	assert_true(d > 16.33 && d < 16.35);
	assert_int_equal(strtonum_d("2e3", &d), 0);
	assert_true(d == 2000.0);
	assert_int_equal(strtonum_d("nan", &d), MUSTER_EINVAL);
	assert_int_equal(strtonum_d("inf", &d), MUSTER_EINVAL);
	assert_int_equal(strtonum_d("1e999", &d), MUSTER_EINVAL);
	assert_int_equal(strtonum_d("", &d), MUSTER_EINVAL);
	assert_int_equal(strtonum_d("1,5", &d), MUSTER_EINVAL);
}

static void test_strlist(void **state)
{
	(void)state;
	struct muster_strlist l = {0};
	muster_strlist_split(&l, " IRQ ; KWT;;SYR ;", ';');
	assert_int_equal(l.nr, 3);
	assert_string_equal(l.items[0], "IRQ");
	assert_string_equal(l.items[1], "KWT");
	assert_string_equal(l.items[2], "SYR");
	assert_true(muster_strlist_has(&l, "KWT"));
	assert_false(muster_strlist_has(&l, "kwt"));
	char *j = muster_strlist_join(&l, ';');
	assert_string_equal(j, "IRQ;KWT;SYR");
	free(j);
	muster_strlist_release(&l);
	muster_strlist_split(&l, "", ';');
	muster_strlist_split(&l, NULL, ';');
	assert_int_equal(l.nr, 0);
	j = muster_strlist_join(&l, ';');
	assert_string_equal(j, "");
	free(j);
	muster_strlist_release(&l);
}

static void test_closest_word(void **state)
{
	(void)state;
	const char *cols[] = {"id", "nation", "capability", "units", "personnel", "from", "to"};
	assert_string_equal(closest_word("unit", cols, ARRAY_SIZE(cols)), "units");
	assert_string_equal(closest_word("personel", cols, ARRAY_SIZE(cols)), "personnel");
	assert_string_equal(closest_word("capabilty", cols, ARRAY_SIZE(cols)), "capability");
	assert_null(closest_word("colour", cols, ARRAY_SIZE(cols)));
	assert_null(closest_word("x", cols, 0));
	assert_int_equal(edit_distance("kitten", "sitting"), 3);
	assert_int_equal(edit_distance("", "abc"), 3);
	assert_int_equal(edit_distance("same", "same"), 0);
}

static void test_errors(void **state)
{
	(void)state;
	struct muster_error err = {0};
	assert_int_equal(muster_error_set(&err, MUSTER_EINVAL, "bad %s", "thing"), MUSTER_EINVAL);
	assert_string_equal(err.msg, "bad thing");
	for (int i = 0; i < MUSTER_ERROR_MAX_DETAILS + 5; i++)
		muster_error_add(&err, "detail %d", i);
	assert_int_equal(err.details.nr, MUSTER_ERROR_MAX_DETAILS);
	assert_int_equal(err.dropped, 5);
	assert_string_equal(err.details.items[0], "detail 0");
	muster_error_release(&err);
	assert_null(err.msg);
	assert_int_equal(err.details.nr, 0);
	assert_int_equal(muster_error_set(NULL, MUSTER_EIO, "x"), MUSTER_EIO);
	muster_error_add(NULL, "ignored");
	assert_string_equal(muster_strstatus(MUSTER_EINVAL), "bad input");
}

/*
 * write_file_atomic on something that is not a regular file writes into it:
 * renaming a temporary over /dev/null once replaced the device with a file.
 */
static void test_write_special_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/muster-util-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *fifo = xstrfmt("%s/pipe", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) { /* the reader: copy what arrives through the FIFO into the pipe */
		char buf[64];
		alarm(5); /* no writer ever comes when the FIFO was replaced */
		int in = open(fifo, O_RDONLY);
		ssize_t n = in >= 0 ? read(in, buf, sizeof(buf)) : -1;
		if (n > 0 && write(fds[1], buf, (size_t)n) != n)
			_exit(2);
		_exit(n > 0 ? 0 : 1);
	}
	struct muster_error err = {0};
	assert_int_equal(write_file_atomic(fifo, "hello\n", 6, &err), 0);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	char got[16] = {0};
	assert_int_equal(read(fds[0], got, sizeof(got) - 1), 6);
	assert_string_equal(got, "hello\n");
	struct stat st;
	assert_int_equal(stat(fifo, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	close(fds[0]);
	close(fds[1]);
	unlink(fifo);
	rmdir(dir);
	free(fifo);
}

static char *slurp(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[256];
	int fd = open(path, O_RDONLY);
	ssize_t n;
	assert_true(fd >= 0);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		strbuf_add(&sb, buf, (size_t)n);
	close(fd);
	return strbuf_detach(&sb, NULL);
}

static void spit(const char *path, const char *s, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
	close(fd);
	assert_int_equal(chmod(path, mode), 0);
}

/* The names in `dir`, sorted, ' '-joined (temporaries left behind show). */
static char *listing(const char *dir)
{
	struct muster_strlist l = {0};
	char *cmd = xstrfmt("ls -A %s", dir);
	FILE *p = popen(cmd, "r");
	char line[512];
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		muster_strlist_push(&l, line);
	}
	pclose(p);
	free(cmd);
	char *s = muster_strlist_join(&l, ' ');
	muster_strlist_release(&l);
	return s;
}

/* A replaced file keeps its mode; a new one gets 0666 less the umask. */
static void test_write_keeps_mode(void **state)
{
	(void)state;
	char dir[] = "/tmp/muster-util-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *old = xstrfmt("%s/old", dir), *fresh = xstrfmt("%s/new", dir);
	struct stat st;
	spit(old, "secret\n", 0600);
	assert_int_equal(write_file_atomic(old, "new\n", 4, NULL), 0);
	assert_int_equal(stat(old, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	char *got = slurp(old);
	assert_string_equal(got, "new\n");
	free(got);
	mode_t mask = umask(027);
	assert_int_equal(write_file_atomic(fresh, "x", 1, NULL), 0);
	umask(mask);
	assert_int_equal(stat(fresh, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	got = listing(dir);
	assert_string_equal(got, "new old");
	free(got);
	unlink(old);
	unlink(fresh);
	rmdir(dir);
	free(old);
	free(fresh);
}

/*
 * A symlink planted where the temporary once was (PATH.tmp.<pid>) is never
 * followed: the temporary is created exclusively under a random name.
 */
static void test_write_planted_link(void **state)
{
	(void)state;
	char dir[] = "/tmp/muster-util-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *victim = xstrfmt("%s/victim", dir), *out = xstrfmt("%s/out", dir);
	char *trap = xstrfmt("%s/out.tmp.%ld", dir, (long)getpid());
	spit(victim, "precious\n", 0644);
	assert_int_equal(symlink(victim, trap), 0);
	assert_int_equal(write_file_atomic(out, "data\n", 5, NULL), 0);
	char *got = slurp(victim);
	assert_string_equal(got, "precious\n");
	free(got);
	got = slurp(out);
	assert_string_equal(got, "data\n");
	free(got);
	struct stat st;
	assert_int_equal(lstat(trap, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	unlink(trap);
	got = listing(dir);
	assert_string_equal(got, "out victim");
	free(got);
	unlink(victim);
	unlink(out);
	rmdir(dir);
	free(victim);
	free(out);
	free(trap);
}

/*
 * A batch writes every file to a temporary, then renames them all: until
 * the commit, and after any failure, the old files are untouched and no
 * temporary is left.
 */
static void test_file_batch(void **state)
{
	(void)state;
	char dir[] = "/tmp/muster-util-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *a = xstrfmt("%s/a", dir), *b = xstrfmt("%s/b", dir);
	char *bad = xstrfmt("%s/no/such/dir/c", dir), *got;
	struct muster_error err = {0};
	struct file_batch fb = {0};
	spit(a, "old a\n", 0644);
	spit(b, "old b\n", 0600);
	assert_int_equal(file_batch_add(&fb, a, "new a\n", 6, &err), 0);
	assert_int_equal(file_batch_add(&fb, bad, "x", 1, &err), MUSTER_EIO);
	assert_non_null(strstr(err.msg, "cannot write"));
	file_batch_release(&fb);
	got = listing(dir);
	assert_string_equal(got, "a b");
	free(got);
	got = slurp(a);
	assert_string_equal(got, "old a\n");
	free(got);

	assert_int_equal(file_batch_add(&fb, a, "new a\n", 6, &err), 0);
	assert_int_equal(file_batch_add(&fb, b, "new b\n", 6, &err), 0);
	got = slurp(b);
	assert_string_equal(got, "old b\n"); /* nothing renamed before the commit */
	free(got);
	assert_int_equal(file_batch_commit(&fb, &err), 0);
	file_batch_release(&fb);
	got = slurp(a);
	assert_string_equal(got, "new a\n");
	free(got);
	got = slurp(b);
	assert_string_equal(got, "new b\n");
	free(got);
	struct stat st;
	assert_int_equal(stat(b, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	got = listing(dir);
	assert_string_equal(got, "a b");
	free(got);
	unlink(a);
	unlink(b);
	rmdir(dir);
	free(a);
	free(b);
	free(bad);
	muster_error_release(&err);
}

static void *spin(void *arg)
{
	double t0 = cpu_seconds();
	volatile double x = 0;
	while (cpu_seconds() - t0 < 0.3)
		x += 1;
	*(double *)arg = cpu_seconds() - t0;
	return NULL;
}

/*
 * Time limits are in the calling thread's processor time: another thread
 * busy at the same time does not use up this one's limit (a server runs
 * many solves at once).
 */
static void test_cpu_seconds_per_thread(void **state)
{
	(void)state;
	pthread_t th;
	double spun = 0, t0 = cpu_seconds();
	assert_int_equal(pthread_create(&th, NULL, spin, &spun), 0);
	assert_int_equal(pthread_join(th, NULL), 0); /* this thread sleeps meanwhile */
	assert_true(spun >= 0.3);
	assert_true(cpu_seconds() - t0 < 0.1);
}

/* The thread-safe strerror: the message, in the buffer or a constant. */
static void test_strerror(void **state)
{
	(void)state;
	char buf[STRERROR_MAX];
	assert_string_equal(xstrerror(ENOENT, buf, sizeof(buf)), "No such file or directory");
	assert_string_equal(errstr(EACCES), "Permission denied");
	assert_non_null(strstr(errstr(123456), "123456")); /* unknown: the number */
}

/* i64_text writes what "%" PRId64 writes, at the ends of the range too. */
static void test_i64_text(void **state)
{
	(void)state;
	static const int64_t v[] = {0, 1, -1, 9, 10, 99, -100, 1234567890123, INT64_MAX, INT64_MIN};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char buf[24], want[32];
		snprintf(want, sizeof(want), "%" PRId64, v[i]);
		assert_string_equal(i64_text(v[i], buf), want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_date_parse),	     cmocka_unit_test(test_date_roundtrip),
	    cmocka_unit_test(test_strbuf),	     cmocka_unit_test(test_strtonum),
	    cmocka_unit_test(test_strlist),	     cmocka_unit_test(test_closest_word),
	    cmocka_unit_test(test_errors),	     cmocka_unit_test(test_write_special_file),
	    cmocka_unit_test(test_write_keeps_mode), cmocka_unit_test(test_write_planted_link),
	    cmocka_unit_test(test_file_batch),	     cmocka_unit_test(test_cpu_seconds_per_thread),
	    cmocka_unit_test(test_strerror),	     cmocka_unit_test(test_i64_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
