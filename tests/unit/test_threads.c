/*
 * test_threads.c: libmuster called from several threads at once, through the
 * public API only (include/muster.h). Each thread reads the example
 * scenario, stores it, loads it back and compares it with what was read,
 * and sources it with both solvers, checking each run with the independent
 * checker and against the objective of a single-threaded run. The threads
 * work on handles of their own: separate database files, and two handles on
 * one shared file. One more thread runs with a cancelled context and must be
 * stopped while the others are not (cancellation is per call, not global).
 *
 * Run under ThreadSanitizer by `make check` (build-tsan, halt_on_error=1):
 * any data race in the library fails the test. Worker threads never call
 * cmocka (its asserts are not thread-safe); they record their first failure
 * and the main thread asserts on it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "muster.h"

#define EXAMPLE	 MUSTER_SRC "/examples/nmi-2021"
#define NTHREADS 4 /* workers; a fifth runs cancelled */
#define ROUNDS	 3 /* store round trips and solves per worker */

struct job {
	char db[4200];	   /* its database file */
	char out[4200];	   /* a folder of its own for the comparison */
	bool shared;	   /* the database file is another job's too */
	double want[2];	   /* objectives of the single-threaded runs: fast, exact */
	atomic_int cancel; /* its context's cancel flag */
	struct muster_ctx ctx;
	char fail[600]; /* the first failure, "" when everything passed */
};

static void failf(struct job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void failf(struct job *j, const char *fmt, ...)
{
	va_list ap;
	if (j->fail[0])
		return;
	va_start(ap, fmt);
	vsnprintf(j->fail, sizeof(j->fail), fmt, ap);
	va_end(ap);
}

/* The whole file at `path` (NUL-terminated, *len bytes), or NULL if absent. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	*len = 0;
	if (!f)
		return NULL;
	for (;;) {
		char *nb = realloc(buf, *len + 65536 + 1);
		if (!nb)
			abort();
		buf = nb;
		size_t n = fread(buf + *len, 1, 65536, f);
		*len += n;
		if (n < 65536)
			break;
	}
	buf[*len] = 0;
	fclose(f);
	return buf;
}

/* Write `a` and `b` as CSV folders under j->out and compare them file by file. */
static void compare(struct job *j, const struct muster_scenario *a, const struct muster_scenario *b,
		    int round)
{
	char da[4300], db[4300];
	struct muster_error err = {0};
	snprintf(da, sizeof(da), "%s/read%d", j->out, round);
	snprintf(db, sizeof(db), "%s/loaded%d", j->out, round);
	if (muster_scenario_write_dir(a, da, &err) < 0 ||
	    muster_scenario_write_dir(b, db, &err) < 0)
		failf(j, "writing the scenario: %s", err.msg);
	for (size_t i = 0; muster_scenario_file(i) && !j->fail[0]; i++) {
		char pa[4400], pb[4400];
		size_t la, lb;
		snprintf(pa, sizeof(pa), "%s/%s", da, muster_scenario_file(i));
		snprintf(pb, sizeof(pb), "%s/%s", db, muster_scenario_file(i));
		char *ca = slurp(pa, &la), *cb = slurp(pb, &lb);
		if (!ca != !cb || la != lb || (ca && memcmp(ca, cb, la)))
			failf(j, "%s: loaded back differs from what was read",
			      muster_scenario_file(i));
		free(ca);
		free(cb);
	}
	muster_error_release(&err);
}

/* Source `sc` with one solver; the run must pass the checker and match `want`. */
static void source_one(struct job *j, const struct muster_scenario *sc, bool exact, double want)
{
	struct muster_source_opts o = {.exact = exact, .time_limit = 60, .ctx = &j->ctx};
	struct muster_run run = {0};
	struct muster_violation_list v = {0};
	struct muster_error err = {0};
	const char *name = exact ? "exact" : "fast";
	if (muster_source(sc, &o, &run, &err) < 0)
		failf(j, "%s: %s", name, err.msg);
	else if (muster_source_check(sc, &run, &v, &err) < 0)
		failf(j, "%s: check: %s", name, err.msg);
	else if (v.nr)
		failf(j, "%s: %zu violations, first %s %s", name, v.nr, v.items[0].check,
		      v.items[0].subject);
	else if (run.assignments.nr == 0 || fabs(run.objective - want) > 1e-9 * fabs(want))
		failf(j, "%s: objective %.17g, single-threaded %.17g", name, run.objective, want);
	muster_violation_list_release(&v);
	muster_run_release(&run);
	muster_error_release(&err);
}

/* One round: read, store, load back, compare, source with both solvers. */
static void round_trip(struct job *j, struct muster_db *db, int round)
{
	struct muster_scenario sc, back;
	struct muster_read_opts ro = {.ctx = &j->ctx};
	struct muster_error err = {0};
	muster_scenario_init(&sc);
	muster_scenario_init(&back);
	if (muster_scenario_read_dir_opts(&sc, EXAMPLE, &ro, &err) < 0)
		failf(j, "reading the example: %s", err.msg);
	else if (muster_db_import(db, &sc, MUSTER_IMPORT_REPLACE, &err) < 0)
		failf(j, "import: %s", err.msg);
	else if (muster_db_load(db, NULL, &back, &err) < 0)
		failf(j, "load: %s", err.msg);
	if (!j->fail[0])
		compare(j, &sc, &back, round);
	if (!j->fail[0])
		source_one(j, &back, false, j->want[0]);
	if (!j->fail[0])
		source_one(j, &back, true, j->want[1]);
	muster_scenario_release(&sc);
	muster_scenario_release(&back);
	muster_error_release(&err);
}

static void *worker(void *arg)
{
	struct job *j = arg;
	struct muster_db *db = NULL;
	struct muster_error err = {0};
	/* a file of its own is created here, at the same time as the others */
	int rc = j->shared ? muster_db_open(&db, j->db, &err) : muster_db_create(&db, j->db, &err);
	if (rc < 0)
		failf(j, "open '%s': %s", j->db, err.msg);
	else
		muster_db_set_ctx(db, &j->ctx);
	for (int r = 0; r < ROUNDS && !j->fail[0]; r++)
		round_trip(j, db, r);
	muster_db_close(db);
	muster_error_release(&err);
	return NULL;
}

/* The cancelled one: every long call it makes stops with MUSTER_EINTR. */
static void *cancelled(void *arg)
{
	struct job *j = arg;
	struct muster_scenario sc;
	struct muster_read_opts ro = {.ctx = &j->ctx};
	struct muster_error err = {0};
	muster_scenario_init(&sc);
	int rc = muster_scenario_read_dir_opts(&sc, EXAMPLE, &ro, &err);
	if (rc != MUSTER_EINTR)
		failf(j, "cancelled read: status %d, want MUSTER_EINTR", rc);
	muster_scenario_release(&sc);
	muster_error_release(&err);
	/* sources the example read without its context */
	muster_scenario_init(&sc);
	if (muster_scenario_read_dir(&sc, EXAMPLE, &err) < 0)
		failf(j, "reading the example: %s", err.msg);
	for (int exact = 0; exact < 2 && !j->fail[0]; exact++) {
		struct muster_source_opts o = {.exact = exact, .time_limit = 60, .ctx = &j->ctx};
		struct muster_run run = {0};
		rc = muster_source(&sc, &o, &run, &err);
		if (rc != MUSTER_EINTR || run.assignments.nr)
			failf(j, "cancelled %s: status %d, want MUSTER_EINTR and no run",
			      exact ? "exact" : "fast", rc);
		muster_run_release(&run);
	}
	muster_scenario_release(&sc);
	muster_error_release(&err);
	return NULL;
}

/* The objectives of single-threaded runs, before any thread starts. */
static void reference_objectives(double want[2])
{
	struct muster_scenario sc;
	struct muster_error err = {0};
	muster_scenario_init(&sc);
	assert_int_equal(muster_scenario_read_dir(&sc, EXAMPLE, &err), 0);
	for (int exact = 0; exact < 2; exact++) {
		struct muster_source_opts o = {.exact = exact, .time_limit = 60};
		struct muster_run run = {0};
		assert_int_equal(muster_source(&sc, &o, &run, &err), 0);
		assert_true(run.assignments.nr > 0);
		want[exact] = run.objective;
		muster_run_release(&run);
	}
	muster_scenario_release(&sc);
	muster_error_release(&err);
}

static void test_threads(void **state)
{
	(void)state;
	char dir[4096];
	const char *tmp = getenv("TMPDIR");
	struct job *jobs = calloc(NTHREADS + 1, sizeof(*jobs));
	pthread_t th[NTHREADS + 1];
	double want[2];
	assert_non_null(jobs);
	snprintf(dir, sizeof(dir), "%s/test_threads.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	reference_objectives(want);
	for (int i = 0; i <= NTHREADS; i++) {
		struct job *j = &jobs[i];
		/* jobs 0 and 1: two handles on one file; 2 and 3: a file each */
		j->shared = i < 2;
		snprintf(j->db, sizeof(j->db), "%s/%s%d.db", dir, j->shared ? "shared" : "own",
			 j->shared ? 0 : i);
		snprintf(j->out, sizeof(j->out), "%s/out%d", dir, i);
		assert_int_equal(mkdir(j->out, 0700), 0);
		memcpy(j->want, want, sizeof(want));
		atomic_init(&j->cancel, i == NTHREADS);
		j->ctx.cancel = &j->cancel;
	}
	/* the shared file exists before its two handles open it */
	struct muster_db *db = NULL;
	struct muster_error err = {0};
	assert_int_equal(muster_db_create(&db, jobs[0].db, &err), 0);
	muster_db_close(db);
	for (int i = 0; i <= NTHREADS; i++)
		assert_int_equal(
		    pthread_create(&th[i], NULL, i < NTHREADS ? worker : cancelled, &jobs[i]), 0);
	for (int i = 0; i <= NTHREADS; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	for (int i = 0; i <= NTHREADS; i++)
		if (jobs[i].fail[0])
			fail_msg("thread %d: %s", i, jobs[i].fail);
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", dir);
	free(jobs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
