/*
 * test_csv.c: the scenario folder reader and writer (csv_read.c,
 * scenario_read.c, scenario_write.c): each test writes a folder into a
 * temporary directory and checks what muster_scenario_read_dir() makes of it,
 * down to the exact messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "csv_read.h"
#include "util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *tmpdir(void)
{
	char *d = xstrdup("/tmp/muster-test-csv.XXXXXX");
	assert_non_null(mkdtemp(d));
	return d;
}

static void rm_rf(const char *dir)
{
	char *cmd = xstrfmt("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void put(const char *dir, const char *name, const char *data, size_t len)
{
	char *path = xstrfmt("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	free(path);
}

static void puts_file(const char *dir, const char *name, const char *text)
{
	put(dir, name, text, strlen(text));
}

static char *slurp(const char *dir, const char *name)
{
	char *path = xstrfmt("%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	assert_non_null(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	free(path);
	return strbuf_detach(&sb, NULL);
}

/* Read `dir`; expect failure with exactly the given details (NULL-terminated). */
static void expect_problems(const char *dir, const char *msg, ...)
{
	struct muster_scenario sc;
	struct muster_error err = {0};
	va_list ap;
	size_t i = 0;
	muster_scenario_init(&sc);
	assert_int_equal(muster_scenario_read_dir(&sc, dir, &err), MUSTER_EINVAL);
	char *want = xstrfmt("scenario '%s' %s", dir, msg);
	if (strcmp(err.msg, want))
		for (size_t k = 0; k < err.details.nr; k++)
			print_error("got: %s\n", err.details.items[k]);
	assert_string_equal(err.msg, want);
	free(want);
	va_start(ap, msg);
	for (const char *d; (d = va_arg(ap, const char *)); i++) {
		assert_true(i < err.details.nr);
		assert_string_equal(err.details.items[i], d);
	}
	va_end(ap);
	assert_int_equal(err.details.nr, i);
	muster_error_release(&err);
	muster_scenario_release(&sc);
}

static void read_ok(const char *dir, struct muster_scenario *sc)
{
	struct muster_error err = {0};
	muster_scenario_init(sc);
	int rc = muster_scenario_read_dir(sc, dir, &err);
	if (rc < 0) {
		for (size_t i = 0; i < err.details.nr; i++)
			print_error("%s\n", err.details.items[i]);
		fail_msg("%s", err.msg);
	}
	muster_error_release(&err);
}

static void test_small_roundtrip(void **state)
{
	(void)state;
	char *src = xstrfmt("%s/tests/cli/data/small", MUSTER_SRC);
	char *a = tmpdir(), *b = tmpdir();
	struct muster_scenario sc, sc2;
	struct muster_error err = {0};
	read_ok(src, &sc);
	assert_int_equal(sc.offers.nr, 5);
	assert_int_equal(sc.caveats.nr, 5);
	assert_string_equal(sc.missions.items[1].name, "Kosovo Force, \"KFOR\"");
	/* Defaults: empty cells. */
	assert_int_equal(sc.offers.items[2].readiness, 0);
	assert_int_equal(sc.offers.items[2].status, MUSTER_OFFER_OFFERED);
	assert_int_equal(sc.offers.items[0].to, MUSTER_DATE_OPEN);
	assert_int_equal(sc.requirements.items[2].priority, 3);
	assert_null(sc.requirements.items[0].location);
	assert_int_equal(sc.caveats.items[1].days, 180);
	assert_true(sc.caveats.items[1].hard);
	assert_false(sc.caveats.items[2].hard);
	assert_int_equal(sc.caveats.items[2].values.nr, 2);
	assert_int_equal(sc.phases.items[1].scope, MUSTER_SCOPE_IN_HOST);
	assert_int_equal(sc.phases.items[2].status, MUSTER_PHASE_REQUESTED);
	assert_false(sc.deployments.items[2].counts_against_cap);
	assert_null(sc.deployments.items[2].id);
	assert_int_equal(muster_scenario_write_dir(&sc, a, &err), 0);
	read_ok(a, &sc2);
	assert_int_equal(muster_scenario_write_dir(&sc2, b, &err), 0);
	for (int t = 0; t < SC_NTABLES; t++) {
		if (!scenario_table_nr(&sc, (enum scenario_table)t))
			continue; /* an empty table writes no file (costs.csv, ...) */
		char *x = slurp(a, scenario_table_file(t)), *y = slurp(b, scenario_table_file(t));
		assert_string_equal(x, y);
		free(x);
		free(y);
	}
	char *offers = slurp(a, "offers.csv");
	assert_non_null(strstr(offers, "o-gbr-1,GBR,force-protection,1,150,2021-03-01,2022-03-01,"
				       "0,NMI,,,offered,\n"));
	free(offers);
	muster_scenario_release(&sc);
	muster_scenario_release(&sc2);
	rm_rf(a);
	rm_rf(b);
	free(a);
	free(b);
	free(src);
}

/* Columns in any order, a BOM, CRLF, a quoted cell over two lines. */
static void test_order_bom_crlf_multiline(void **state)
{
	(void)state;
	char *d = tmpdir();
	puts_file(d, "capabilities.csv",
		  "\xEF\xBB\xBFname,code\r\n\"two\r\nlines\",a\r\n\r\nplain,b\r\n");
	puts_file(d, "offers.csv",
		  "nation,id,capability,units,personnel,from\n"
		  "USA,o1,a,1,2,2021-01-01\n"
		  "USA,\"o\n2\",b,1,2,2021-01-01\n"
		  "USA,o3,b,x,2,2021-01-01\n");
	expect_problems(
	    d, "has 2 problems", "offers.csv:3: column 'id': expected an offer id, got 'o\\n2'",
	    "offers.csv:5: column 'units': expected a whole number >= 1, got 'x'", NULL);
	puts_file(d, "offers.csv",
		  "nation,id,capability,units,personnel,from\nUSA,o1,a,1,2,2021-01-01\n");
	struct muster_scenario sc;
	read_ok(d, &sc);
	assert_int_equal(sc.capabilities.nr, 2);
	assert_string_equal(sc.capabilities.items[0].name, "two\r\nlines");
	assert_string_equal(sc.capabilities.items[1].code, "b");
	muster_scenario_release(&sc);
	rm_rf(d);
	free(d);
}

/* Line numbers with "\r\n", lone "\r" and a quoted line break. */
static void test_line_ends(void **state)
{
	(void)state;
	char *d = tmpdir();
	puts_file(d, "caps.csv", "nation,country,limit\rUSA,IRQ,1\r\rUSA,AFG,y\r");
	expect_problems(d, "has 1 problem",
			"caps.csv:4: column 'limit': expected a whole number >= 0, got 'y'", NULL);
	puts_file(d, "caps.csv", "nation,country,limit\r\nUSA,\"I\r\nRQ\",x\r\n\r\nUSA,AFG,y");
	expect_problems(d, "has 3 problems",
			"caps.csv:2: column 'country': expected a country code, got 'I\\r\\nRQ'",
			"caps.csv:2: column 'limit': expected a whole number >= 0, got 'x'",
			"caps.csv:5: column 'limit': expected a whole number >= 0, got 'y'", NULL);
	rm_rf(d);
	free(d);
}

static void test_header_problems(void **state)
{
	(void)state;
	char *d = tmpdir();
	puts_file(d, "offers.csv", "id,nation,capability,unit,personel,from,from,,colour\n");
	expect_problems(
	    d, "has 7 problems",
	    "offers.csv:1: column 'unit': unknown column; did you mean 'units'?",
	    "offers.csv:1: column 'personel': unknown column; did you mean 'personnel'?",
	    "offers.csv:1: column 'from': appears twice",
	    "offers.csv:1: column 8: expected a column name, got ''",
	    "offers.csv:1: column 'colour': unknown column (known: id, nation, capability, "
	    "units, personnel, from, to, readiness, mission, line, caveats, status, pool)",
	    "offers.csv:1: missing required column 'units'",
	    "offers.csv:1: missing required column 'personnel'", NULL);
	rm_rf(d);
	free(d);
}

static void test_empty_and_header_only(void **state)
{
	(void)state;
	char *d = tmpdir();
	struct muster_scenario sc;
	puts_file(d, "caps.csv", "nation,country,limit\n");
	read_ok(d, &sc);
	assert_int_equal(sc.caps.nr, 0);
	muster_scenario_release(&sc);
	/* Rows of empty cells, as spreadsheets leave them, are blank lines. */
	puts_file(d, "caps.csv", "nation,country,limit\n,,\nUSA,IRQ,5\n,,\n\n");
	read_ok(d, &sc);
	assert_int_equal(sc.caps.nr, 1);
	assert_int_equal(sc.caps.items[0].limit, 5);
	muster_scenario_release(&sc);
	puts_file(d, "caps.csv", "");
	expect_problems(d, "has 1 problem", "caps.csv:1: expected a header row, got an empty file",
			NULL);
	rm_rf(d);
	free(d);
}

static void test_quoting(void **state)
{
	(void)state;
	char *d = tmpdir();
	puts_file(d, "nations.csv", "code,name\nAAA,ok\nBBB,a \"quoted\" word\nCCC,x\n");
	expect_problems(d, "has 1 problem",
			"nations.csv:3: column 'name': expected RFC 4180 quoting, got a quote "
			"inside an unquoted cell or text after a closing quote",
			NULL);
	puts_file(d, "nations.csv", "code,name\nAAA,ok\nBBB,\"never closed\nCCC,x\n");
	expect_problems(d, "has 1 problem",
			"nations.csv:3: column 'name': expected a closing quote, got the end of "
			"the file",
			NULL);
	puts_file(d, "nations.csv", "code,name\nAAA\nBBB,b,c\n");
	expect_problems(d, "has 2 problems",
			"nations.csv:2: expected 2 cells as in the header, got 1",
			"nations.csv:3: expected 2 cells as in the header, got 3", NULL);
	rm_rf(d);
	free(d);
}

static void test_utf8(void **state)
{
	(void)state;
	char *d = tmpdir();
	puts_file(d, "nations.csv",
		  "code,name\nDEU,Deutschland\nAUT,\xC3\x96sterreich\n"
		  "FRA,Fran\xE7"
		  "e\nXXA,\xC0\xAF\n");
	expect_problems(d, "has 2 problems",
			"nations.csv:4: column 'name': expected UTF-8 text, got byte 0xe7 at "
			"offset 4 of the cell",
			"nations.csv:5: column 'name': expected UTF-8 text, got byte 0xc0 at "
			"offset 0 of the cell",
			NULL);
	put(d, "nations.csv", "code,name\nDEU,a\0b\n", 18);
	expect_problems(d, "has 1 problem",
			"nations.csv:2: column 'name': expected UTF-8 text, got byte 0x00 at "
			"offset 1 of the cell",
			NULL);
	rm_rf(d);
	free(d);
}

static void test_long_field(void **state)
{
	(void)state;
	char *d = tmpdir();
	size_t n = 3 * CSV_FIELD_MAX;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "code,name\nAAA,ok\nBBB,");
	for (size_t i = 0; i < n; i++)
		strbuf_addch(&sb, 'x');
	strbuf_addstr(&sb, "\nCCC,x\n");
	put(d, "nations.csv", sb.buf, sb.len);
	expect_problems(d, "has 1 problem",
			"nations.csv:3: column 'name': expected a cell of at most 1 MiB, got a "
			"longer one",
			NULL);
	strbuf_release(&sb);
	rm_rf(d);
	free(d);
}

/* Every problem of a file, up to the limit; the rest are counted. */
static void test_many_problems(void **state)
{
	(void)state;
	char *d = tmpdir();
	struct strbuf sb = STRBUF_INIT;
	struct muster_scenario sc;
	struct muster_error err = {0};
	strbuf_addstr(&sb, "nation,country,limit\n");
	for (int i = 0; i < 150; i++)
		strbuf_addf(&sb, "USA,IRQ,%d\n", -i - 1);
	put(d, "caps.csv", sb.buf, sb.len);
	muster_scenario_init(&sc);
	assert_int_equal(muster_scenario_read_dir(&sc, d, &err), MUSTER_EINVAL);
	assert_int_equal(err.details.nr, MUSTER_ERROR_MAX_DETAILS);
	assert_int_equal(err.dropped, 50);
	assert_string_equal(
	    err.details.items[99],
	    "caps.csv:101: column 'limit': expected a whole number >= 0, got '-100'");
	assert_non_null(strstr(err.msg, "has 150 problems"));
	muster_error_release(&err);
	muster_scenario_release(&sc);
	strbuf_release(&sb);
	rm_rf(d);
	free(d);
}

static void test_cells(void **state)
{
	(void)state;
	char *d = tmpdir();
	puts_file(d, "phases.csv",
		  "mission,phase,from,to,ceiling,scope,status\n"
		  "M,p1,2021-02-30,,10,,\n"
		  "M,p2,21-1-1,,-5,inside,maybe\n"
		  ",p3,2021-01-01,2021-13-01,ten,all,approved\n");
	puts_file(d, "caveats.csv",
		  "id,nation,kind,value,hard\n"
		  "c1,USA,max-days,0,yes\n"
		  "c2,USA,not-countries,,true\n"
		  "c3,USA,sometimes,x,no\n");
	expect_problems(
	    d, "has 12 problems",
	    "phases.csv:2: column 'from': expected a date YYYY-MM-DD, got '2021-02-30'",
	    "phases.csv:3: column 'from': expected a date YYYY-MM-DD, got '21-1-1'",
	    "phases.csv:3: column 'ceiling': expected a whole number >= 0, got '-5'",
	    "phases.csv:3: column 'scope': expected all or in-host, got 'inside'",
	    "phases.csv:3: column 'status': expected approved or requested, got 'maybe'",
	    "phases.csv:4: column 'mission': expected a mission code, got ''",
	    "phases.csv:4: column 'to': expected a date YYYY-MM-DD, got '2021-13-01'",
	    "phases.csv:4: column 'ceiling': expected a whole number >= 0, got 'ten'",
	    "caveats.csv:2: column 'value': expected a whole number of days >= 1, got '0'",
	    "caveats.csv:3: column 'value': expected a list of country codes separated by ';', "
	    "got ''",
	    "caveats.csv:3: column 'hard': expected yes or no, got 'true'",
	    "caveats.csv:4: column 'kind': expected only-countries, not-countries, no-tasks, "
	    "only-missions or max-days, got 'sometimes'",
	    NULL);
	rm_rf(d);
	free(d);
}

/* offers.csv `pool`: empty is "not stated" (unknown), 0 is stated; round trip. */
static void test_offer_pool(void **state)
{
	(void)state;
	struct muster_scenario sc, sc2;
	struct muster_error err = {0};
	char *d = tmpdir(), *a = xstrfmt("%s/a", d), *b = xstrfmt("%s/b", d);
	puts_file(d, "capabilities.csv", "code\nTRG\n");
	puts_file(d, "offers.csv",
		  "id,nation,capability,units,personnel,from,pool\n"
		  "o1,USA,TRG,1,10,2021-01-01,\n"
		  "o2,USA,TRG,1,10,2021-01-01,0\n"
		  "o3,GBR,TRG,2,10,2021-01-01,7\n");
	read_ok(d, &sc);
	assert_false(sc.offers.items[0].pool.known);
	assert_true(sc.offers.items[1].pool.known);
	assert_int_equal(sc.offers.items[1].pool.value, 0);
	assert_true(sc.offers.items[2].pool.known);
	assert_int_equal(sc.offers.items[2].pool.value, 7);
	assert_int_equal(muster_scenario_write_dir(&sc, a, &err), 0);
	read_ok(a, &sc2);
	assert_int_equal(muster_scenario_write_dir(&sc2, b, &err), 0);
	char *x = slurp(a, "offers.csv"), *y = slurp(b, "offers.csv");
	assert_string_equal(x, y);
	assert_non_null(strstr(x, ",offered,\n"));
	assert_non_null(strstr(x, ",offered,0\n"));
	assert_non_null(strstr(x, ",offered,7\n"));
	free(x);
	free(y);
	muster_scenario_release(&sc);
	muster_scenario_release(&sc2);
	puts_file(d, "offers.csv",
		  "id,nation,capability,units,personnel,from,pool\n"
		  "o1,USA,TRG,1,10,2021-01-01,-1\n"
		  "o2,USA,TRG,1,10,2021-01-01,two\n"
		  "o3,GBR,TRG,2,10,2021-01-01,1.5\n");
	expect_problems(d, "has 3 problems",
			"offers.csv:2: column 'pool': expected a whole number >= 0, got '-1'",
			"offers.csv:3: column 'pool': expected a whole number >= 0, got 'two'",
			"offers.csv:4: column 'pool': expected a whole number >= 0, got '1.5'",
			NULL);
	rm_rf(d);
	free(a);
	free(b);
	free(d);
}

static void test_long_value_shortened(void **state)
{
	(void)state;
	char *d = tmpdir();
	puts_file(d, "caps.csv",
		  "nation,country,limit\n"
		  "USA,IRQ,0123456789012345678901234567890123456789012345\n");
	expect_problems(d, "has 1 problem",
			"caps.csv:2: column 'limit': expected a whole number >= 0, got "
			"'0123456789012345678901234567890123456789...'",
			NULL);
	rm_rf(d);
	free(d);
}

static void test_folder_problems(void **state)
{
	(void)state;
	char *d = tmpdir();
	struct muster_scenario sc;
	struct muster_error err = {0};
	muster_scenario_init(&sc);
	assert_int_equal(muster_scenario_read_dir(&sc, d, &err), MUSTER_ENOENT);
	assert_non_null(strstr(err.msg, "holds no scenario files"));
	muster_error_release(&err);
	puts_file(d, "offer.csv", "id\n");
	puts_file(d, "assignments.csv", "x\n");
	expect_problems(d, "has 1 problem",
			"offer.csv: unknown scenario file; did you mean 'offers.csv'?", NULL);
	char *missing = xstrfmt("%s/nope", d);
	assert_int_equal(muster_scenario_read_dir(&sc, missing, &err), MUSTER_ENOENT);
	assert_non_null(strstr(err.msg, "does not exist"));
	muster_error_release(&err);
	muster_scenario_release(&sc);
	free(missing);
	rm_rf(d);
	free(d);
}

/* Key values are written in the shortest form that reads back exactly. */
static void test_write_numbers(void **state)
{
	(void)state;
	static const double values[] = {0.1, 16.34, 1e-7, 20936600000000.0, 1.0 / 3, 0};
	char *a = tmpdir();
	struct muster_scenario sc, back;
	struct muster_error err = {0};
	muster_scenario_init(&sc);
	for (size_t i = 0; i < ARRAY_SIZE(values); i++) {
		struct muster_key k = {
		    .key = xstrfmt("k%zu", i), .nation = xstrdup("USA"), .value = values[i]};
		ARRAY_PUSH(sc.keys, k);
	}
	assert_int_equal(muster_scenario_write_dir(&sc, a, &err), 0);
	char *text = slurp(a, "keys.csv");
	assert_string_equal(text, "key,nation,value\nk0,USA,0.1\nk1,USA,16.34\nk2,USA,1e-07\n"
				  "k3,USA,20936600000000\nk4,USA,0.3333333333333333\n"
				  "k5,USA,0\n");
	free(text);
	read_ok(a, &back);
	assert_int_equal(back.keys.nr, ARRAY_SIZE(values));
	for (size_t i = 0; i < ARRAY_SIZE(values); i++)
		assert_true(back.keys.items[i].value == values[i]);
	muster_scenario_release(&back);
	muster_scenario_release(&sc);
	rm_rf(a);
	free(a);
}

static uint64_t progress_calls, progress_done, progress_total;
static char progress_what[64];

static void on_progress(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	(void)ctx;
	progress_calls++;
	progress_done = done;
	progress_total = total;
	snprintf(progress_what, sizeof(progress_what), "%s", what);
}

/* A big file reports progress, ending with done == total == rows. */
static void test_progress(void **state)
{
	(void)state;
	char *d = tmpdir();
	struct strbuf sb = STRBUF_INIT;
	struct muster_scenario sc;
	strbuf_addstr(&sb, "id,nation,country,personnel,from,source\n");
	for (int i = 0; i < 200000; i++)
		strbuf_addf(&sb, "d%d,USA,IRQ,%d,2021-01-01,a long enough source text\n", i, i);
	put(d, "deployments.csv", sb.buf, sb.len);
	assert_true(sb.len > 8 * 1024 * 1024);
	struct muster_ctx ctx = {.progress = on_progress};
	struct muster_read_opts ro = {.ctx = &ctx};
	struct muster_error err = {0};
	muster_scenario_init(&sc);
	assert_int_equal(muster_scenario_read_dir_opts(&sc, d, &ro, &err), 0);
	muster_error_release(&err);
	assert_int_equal(sc.deployments.nr, 200000);
	assert_true(progress_calls >= 1);
	assert_int_equal(progress_done, 200000);
	assert_int_equal(progress_total, 200000);
	assert_string_equal(progress_what, "reading deployments.csv");
	muster_scenario_release(&sc);
	strbuf_release(&sb);
	rm_rf(d);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_small_roundtrip),
	    cmocka_unit_test(test_order_bom_crlf_multiline),
	    cmocka_unit_test(test_line_ends),
	    cmocka_unit_test(test_header_problems),
	    cmocka_unit_test(test_empty_and_header_only),
	    cmocka_unit_test(test_quoting),
	    cmocka_unit_test(test_utf8),
	    cmocka_unit_test(test_long_field),
	    cmocka_unit_test(test_many_problems),
	    cmocka_unit_test(test_cells),
	    cmocka_unit_test(test_offer_pool),
	    cmocka_unit_test(test_long_value_shortened),
	    cmocka_unit_test(test_folder_problems),
	    cmocka_unit_test(test_progress),
	    cmocka_unit_test(test_write_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
