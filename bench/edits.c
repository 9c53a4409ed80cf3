/*
 * edits.c: the record-editing benchmark (issue 10, item 10), through the
 * library only (include/muster.h).
 *
 *   bench_edits DB EXAMPLE_DIR N
 *
 * Imports EXAMPLE_DIR into a new database DB, then makes N single-record
 * edits with muster_db_edit (each its own write transaction: read, change,
 * validate the whole scenario, write, audit row), cycling the units of the
 * example's offers, and prints edits per second. Then it rebuilds the
 * scenario "as of" a revision from the audit log (muster_db_load_as_of) at
 * the latest revision, half way and near the start, five times each, and
 * prints the best time of each. Output is one "name value unit" line per
 * figure, for bench/records.sh.
 */
#include "muster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int fail(const char *what, struct muster_error *err)
{
	fprintf(stderr, "bench_edits: %s: %s\n", what, err->msg ? err->msg : "failed");
	for (size_t i = 0; i < err->details.nr; i++)
		fprintf(stderr, "%s\n", err->details.items[i]);
	muster_error_release(err);
	return 1;
}

/* The best of five rebuilds "as of" revision rev, in milliseconds; < 0 on error. */
static double as_of_ms(struct muster_db *db, long long rev)
{
	char point[32];
	double best = -1;
	snprintf(point, sizeof(point), "r%lld", rev);
	for (int k = 0; k < 5; k++) {
		struct muster_scenario sc;
		struct muster_error err = {0};
		muster_scenario_init(&sc);
		double t0 = now();
		int rc = muster_db_load_as_of(db, point, &sc, NULL, &err);
		double ms = (now() - t0) * 1000;
		muster_scenario_release(&sc);
		if (rc < 0) {
			fail("as-of", &err);
			return -1;
		}
		if (best < 0 || ms < best)
			best = ms;
	}
	return best;
}

int main(int argc, char **argv)
{
	struct muster_db *db = NULL;
	struct muster_scenario sc;
	struct muster_error err = {0};
	int64_t rev0 = 0, rev = 0;
	if (argc != 4) {
		fprintf(stderr, "usage: bench_edits DB EXAMPLE_DIR N\n");
		return 2;
	}
	long n = strtol(argv[3], NULL, 10);
	muster_scenario_init(&sc);
	if (muster_scenario_read_dir(&sc, argv[2], &err) < 0)
		return fail("read", &err);
	if (muster_db_create(&db, argv[1], &err) < 0)
		return fail("create", &err);
	if (muster_db_import(db, &sc, MUSTER_IMPORT_NEW, &err) < 0)
		return fail("import", &err);
	if (muster_db_revision(db, NULL, &rev0, &err) < 0)
		return fail("revision", &err);
	double t0 = now();
	for (long i = 0; i < n; i++) {
		const struct muster_offer *o = &sc.offers.items[(size_t)i % sc.offers.nr];
		char field[32];
		snprintf(field, sizeof(field), "units=%ld", 1 + (o->units + i / (long)sc.offers.nr) % 3);
		const char *fields[] = {field};
		struct muster_edit e = {.op = MUSTER_EDIT_SET,
					.entity = "offers",
					.key = o->id,
					.fields = fields,
					.nfields = 1,
					.actor = "bench",
					.reason = "benchmark"};
		if (muster_db_edit(db, &e, NULL, &err) < 0)
			return fail("edit", &err);
	}
	double secs = now() - t0;
	if (muster_db_revision(db, NULL, &rev, &err) < 0)
		return fail("revision", &err);
	printf("edits %ld\n", n);
	printf("revisions %lld\n", (long long)(rev - rev0));
	printf("edit_seconds %.3f s\n", secs);
	printf("edits_per_second %.0f /s\n", secs > 0 ? (double)n / secs : 0);
	printf("as_of_latest %.1f ms\n", as_of_ms(db, (long long)rev));
	printf("as_of_half %.1f ms\n", as_of_ms(db, (long long)(rev0 + (rev - rev0) / 2)));
	printf("as_of_start %.1f ms\n", as_of_ms(db, (long long)rev0 + 1));
	muster_db_close(db);
	muster_scenario_release(&sc);
	return 0;
}
