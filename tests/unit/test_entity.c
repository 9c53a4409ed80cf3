/*
 * test_entity.c: the entity descriptions (store_tables[], entity.c).
 *
 * - Every member of every entity struct in include/muster.h is a column of
 *   its description and every column a member (the header is read, so a new
 *   member that is not described fails here, whatever its size: this
 *   replaces test_store's comparison of struct sizes, which a new bool in
 *   padding passed).
 * - Every column of every table round-trips CSV -> struct -> SQL -> struct
 *   -> CSV and record -> JSON -> fields, on rows that give every column a
 *   value that is not its default.
 * - The typed JSON of a record, and the errors of its inverse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_read.h"
#include "db_fixture.h"
#include "muster.h"
#include "store.h"
#include "util.h"

/* ---- the descriptions against the header ------------------------------ */

/* The C struct of each table. */
static const struct {
	const char *table, *c_struct;
} structs[] = {
    {"nations", "muster_nation"},
    {"keys", "muster_key"},
    {"missions", "muster_mission"},
    {"phases", "muster_phase"},
    {"capabilities", "muster_capability"},
    {"requirements", "muster_requirement"},
    {"offers", "muster_offer"},
    {"caveats", "muster_caveat"},
    {"caps", "muster_cap"},
    {"deployments", "muster_deployment"},
    {"costs", "muster_cost_rate"},
    {"funding", "muster_funding"},
    {"budgets", "muster_budget"},
};

static char *read_all(const char *path)
{
	FILE *fp = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	assert_non_null(fp);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	return strbuf_detach(&sb, NULL);
}

/* Drop C comments in place. */
static void strip_comments(char *s)
{
	char *w = s;
	for (char *r = s; *r;) {
		if (r[0] == '/' && r[1] == '*') {
			char *end = strstr(r + 2, "*/");
			r = end ? end + 2 : r + strlen(r);
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

/* The member names of `struct NAME { ... };` in `header`, appended to `out`. */
static void struct_members(const char *header, const char *name, struct muster_strlist *out)
{
	char *open = xstrfmt("struct %s {", name);
	const char *p = strstr(header, open);
	assert_non_null(p);
	p += strlen(open);
	const char *end = strstr(p, "};");
	assert_non_null(end);
	char *body = xstrndup(p, (size_t)(end - p));
	/* each declaration "T a, *b;": the identifiers after the type */
	for (char *decl = body, *semi; (semi = strchr(decl, ';')); decl = semi + 1) {
		*semi = '\0';
		char *comma, *part = decl;
		bool first = true;
		do {
			comma = strchr(part, ',');
			if (comma)
				*comma = '\0';
			/* the last identifier of the part is the member */
			char *q = part + strlen(part);
			while (q > part && !isalnum((unsigned char)q[-1]) && q[-1] != '_')
				q--;
			char *e = q;
			while (q > part && (isalnum((unsigned char)q[-1]) || q[-1] == '_'))
				q--;
			if (e > q) {
				char *id = xstrndup(q, (size_t)(e - q));
				muster_strlist_push(out, id);
				free(id);
			}
			first = false;
			part = comma ? comma + 1 : NULL;
		} while (part);
		(void)first;
	}
	free(body);
	free(open);
}

static void test_every_member_described(void **state)
{
	(void)state;
	char *header = read_all(MUSTER_SRC "/include/muster.h");
	strip_comments(header);
	assert_int_equal(ARRAY_SIZE(structs), store_tables_nr);
	for (size_t t = 0; t < ARRAY_SIZE(structs); t++) {
		const struct store_table *tb = store_table_find(structs[t].table);
		struct muster_strlist members = {0};
		assert_non_null(tb);
		struct_members(header, structs[t].c_struct, &members);
		for (size_t m = 0; m < members.nr; m++) {
			bool found = false;
			for (size_t c = 0; c < tb->ncols; c++)
				found = found || !strcmp(tb->cols[c].field, members.items[m]);
			if (!found)
				fail_msg("struct %s member '%s' is not a column of %s (entity.c)",
					 structs[t].c_struct, members.items[m], tb->name);
		}
		assert_int_equal(members.nr, tb->ncols);
		/* distinct members, inside the struct */
		for (size_t c = 0; c < tb->ncols; c++) {
			assert_true(tb->cols[c].off < tb->size);
			for (size_t d = c + 1; d < tb->ncols; d++)
				assert_true(tb->cols[c].off != tb->cols[d].off);
		}
		muster_strlist_release(&members);
	}
	free(header);
}

/* The CSV view is the description's: names, order, required, the file. */
static void test_schemas_are_the_descriptions(void **state)
{
	(void)state;
	for (size_t t = 0; t < store_tables_nr; t++) {
		const struct store_table *tb = &store_tables[t];
		const struct csv_schema *s = &scenario_schemas[tb->sc];
		char *file = xstrfmt("%s.csv", tb->name);
		assert_ptr_equal(tb->csv, s);
		assert_ptr_equal(store_table_of(tb->sc), tb);
		assert_string_equal(s->file, file);
		assert_int_equal(s->ncols, tb->ncsv);
		for (size_t k = 0; k < tb->ncols; k++) {
			if (k < tb->ncsv) {
				assert_non_null(tb->cols[k].csv.name);
				assert_string_equal(csv_schema_col(s, k)->name,
						    tb->cols[k].csv.name);
				assert_int_equal(csv_schema_col(s, k)->required,
						 tb->cols[k].csv.required);
			} else {
				assert_null(tb->cols[k].csv.name); /* no cell of its own */
			}
		}
		for (size_t k = 0; k < tb->nkey; k++)
			assert_true(tb->cols[k].type == STORE_STR && tb->cols[k].id);
		free(file);
	}
}

/* ---- round trips ------------------------------------------------------ */

/*
 * Two rows per table, CSV cells in the contract's order, together giving
 * every column a value other than its default (checked below).
 */
static const char *const rows[SC_NTABLES][2][13] = {
    [SC_NATIONS] = {{"XAA", "Xaa", "Europe", "NATO;EU"}, {"XAB", "", "", ""}},
    [SC_KEYS] = {{"gni", "XAA", "2.5"}, {"gni", "XAB", "1e-05"}},
    [SC_MISSIONS] = {{"M1", "Mission one", "NATO", "XAB", "2021-01-01", "2022-01-01"},
		     {"M2", "", "", "XAA", "", ""}},
    [SC_PHASES] = {{"M1", "P1", "2021-01-01", "2021-06-01", "500", "in-host", "requested"},
		   {"M1", "P2", "2021-06-01", "", "0", "all", "approved"}},
    [SC_CAPABILITIES] = {{"C1", "Cap one", "C2"}, {"C2", "", ""}},
    [SC_REQUIREMENTS] = {{"M1", "L1", "C1", "2", "30", "XAA", "2021-01-01", "2021-12-31", "1", "2",
			  "train;advise"},
			 {"M1", "L2", "C2", "1", "1", "", "2021-02-01", "2021-11-30", "3", "0",
			  ""}},
    [SC_OFFERS] = {{"O1", "XAA", "C1", "3", "40", "2021-01-01", "2021-12-31", "2", "M1", "L1",
		    "K1;K2", "accepted", "9"},
		   {"O2", "XAB", "C2", "1", "1", "2021-02-01", "", "0", "", "", "", "offered", ""}},
    [SC_CAVEATS] = {{"K1", "XAA", "not-countries", "XAB;XAC", "no"},
		    {"K2", "XAB", "max-days", "90", "yes"}},
    [SC_CAPS] = {{"XAA-XAB-1", "XAA", "XAB", "120", "2021-03-01", "2022-03-01", "mandate"},
		 {"XAB-XAA-1", "XAB", "XAA", "0", "", "", ""}},
    [SC_DEPLOYMENTS] = {{"d0001", "XAA", "XAB", "M1", "250", "2021-01-01", "2021-12-31",
			 "rotational", "no", "ministry", "troops"},
			{"d0002", "XAB", "XAA", "", "0", "2021-02-01", "", "permanent", "yes", "",
			 ""}},
    [SC_COSTS] = {{"R1", "XAA", "XAB", "C1", "unit-day", "1250.5", "2021-01-01", "2022-01-01",
		   "EUR", "per diem"},
		  {"R2", "", "", "", "person-day", "0", "", "", "", ""}},
    [SC_FUNDING] = {{"F1", "M1", "common", "gni", "0.25", "2021-01-01", "2022-01-01"},
		    {"F2", "M2", "national", "", "1", "", ""}},
    [SC_BUDGETS] = {{"B1", "XAA", "M1", "1000000", "2021-01-01", "2022-01-01", "EUR", "pledge"},
		    {"B2", "XAB", "", "0", "", "", "", ""}},
};

/* A scenario from `rows`, through the CSV reader's conversion; no problems. */
static void build(struct muster_scenario *sc)
{
	struct muster_error err = {0};
	muster_scenario_init(sc);
	for (int t = 0; t < SC_NTABLES; t++)
		for (int i = 0; i < 2; i++) {
			const struct store_table *tb = store_table_of((enum scenario_table)t);
			for (size_t k = 0; k < tb->ncsv; k++)
				if (!rows[t][i][k])
					fail_msg(
					    "%s: the test's row %d has no cell for column '%s'",
					    tb->name, i + 1, tb->cols[k].csv.name);
			assert_int_equal(scenario_row_parse(sc, (enum scenario_table)t, rows[t][i],
							    "test", &err),
					 0);
		}
	assert_int_equal(err.details.nr, 0);
	muster_error_release(&err);
}

static void assert_cells(const struct store_table *tb, const struct muster_scenario *sc)
{
	for (size_t i = 0; i < 2; i++) {
		struct muster_strlist cells = {0};
		scenario_row_cells(sc, tb->sc, i, &cells);
		assert_int_equal(cells.nr, tb->ncsv);
		for (size_t k = 0; k < tb->ncsv; k++)
			if (strcmp(cells.items[k], rows[tb->sc][i][k]))
				fail_msg("%s row %zu column '%s': wrote '%s', read '%s'", tb->name,
					 i + 1, tb->cols[k].csv.name, cells.items[k],
					 rows[tb->sc][i][k]);
		muster_strlist_release(&cells);
	}
}

/* Every CSV column has a non-empty cell in some row, and the rows differ in it. */
static void test_rows_cover_every_column(void **state)
{
	(void)state;
	for (size_t t = 0; t < store_tables_nr; t++) {
		const struct store_table *tb = &store_tables[t];
		for (size_t k = 0; k < tb->ncsv; k++) {
			const char *a = rows[tb->sc][0][k], *b = rows[tb->sc][1][k];
			assert_non_null(a);
			assert_non_null(b);
			if (!*a && !*b)
				fail_msg("%s: no row gives column '%s' a value", tb->name,
					 tb->cols[k].csv.name);
			if (k >= tb->nkey && !strcmp(a, b))
				fail_msg("%s: both rows hold '%s' in column '%s'", tb->name, a,
					 tb->cols[k].csv.name);
		}
	}
}

static void test_csv_round_trip(void **state)
{
	(void)state;
	struct muster_scenario sc, copy;
	build(&sc);
	muster_scenario_init(&copy);
	for (size_t t = 0; t < store_tables_nr; t++) {
		const struct store_table *tb = &store_tables[t];
		assert_int_equal(tb->count(&sc), 2);
		assert_cells(tb, &sc);
		/* copy, compare; the two rows differ */
		for (size_t i = 0; i < 2; i++)
			entity_row_copy(tb, tb->push(&copy), tb->at(&sc, i));
		assert_true(entity_row_equal(tb, tb->at(&sc, 0), tb->at(&copy, 0)));
		assert_true(entity_row_equal(tb, tb->at(&sc, 1), tb->at(&copy, 1)));
		assert_false(entity_row_equal(tb, tb->at(&sc, 0), tb->at(&sc, 1)));
		assert_cells(tb, &copy);
	}
	muster_scenario_release(&sc);
	assert_int_equal(store_scenario_rows(&copy), 2 * store_tables_nr);
	muster_scenario_release(&copy);
}

/* Through the folder writer and reader (export, import). */
static void test_folder_round_trip(void **state)
{
	(void)state;
	struct fixture *f = fixture_new("test_entity");
	struct muster_error err = {0};
	struct muster_scenario sc, back;
	assert_non_null(f);
	build(&sc);
	char *dir = xstrfmt("%s/out", f->dir);
	assert_int_equal(muster_scenario_write_dir(&sc, dir, &err), 0);
	muster_scenario_init(&back);
	int rc = muster_scenario_read_dir_opts(
	    &back, dir, &(struct muster_read_opts){.no_references = true}, &err);
	if (rc < 0)
		fail_msg("%s: %s", err.msg, err.details.nr ? err.details.items[0] : "");
	for (size_t t = 0; t < store_tables_nr; t++) {
		const struct store_table *tb = &store_tables[t];
		assert_int_equal(tb->count(&back), 2);
		for (size_t i = 0; i < 2; i++)
			assert_true(entity_row_equal(tb, tb->at(&sc, i), tb->at(&back, i)));
	}
	muster_scenario_release(&back);
	muster_scenario_release(&sc);
	muster_error_release(&err);
	free(dir);
	void *st = f;
	teardown(&st);
}

/* Through SQL: store every row and load it back (the backend's own bounds checks). */
static void test_sql_round_trip(void **state)
{
	(void)state;
	struct fixture *f = fixture_new("test_entity");
	struct muster_error err = {0};
	struct muster_scenario sc, back;
	assert_non_null(f);
	build(&sc);
	assert_int_equal(muster_db_create(&f->db, f->path, &err), 0);
	/* the rows are a whole scenario except for references the test does not need */
	assert_int_equal(f->db->ops->begin(f->db, &err), 0);
	int rc = f->db->ops->save(f->db, &sc, &err);
	if (rc < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(f->db->ops->commit(f->db, &err), 0);
	muster_scenario_init(&back);
	rc = f->db->ops->load(f->db, &back, &err);
	if (rc < 0)
		fail_msg("%s", err.msg);
	for (size_t t = 0; t < store_tables_nr; t++) {
		const struct store_table *tb = &store_tables[t];
		assert_int_equal(tb->count(&back), 2);
		for (size_t i = 0; i < 2; i++)
			if (!entity_row_equal(tb, tb->at(&sc, i), tb->at(&back, i)))
				fail_msg("%s row %zu changed through SQL", tb->name, i + 1);
		assert_cells(tb, &back);
	}
	muster_scenario_release(&back);
	muster_scenario_release(&sc);
	muster_error_release(&err);
	void *st = f;
	teardown(&st);
}

/* record -> typed JSON -> FIELD=VALUE pairs -> the same cells. */
static void test_json_round_trip(void **state)
{
	(void)state;
	struct muster_scenario sc;
	build(&sc);
	for (size_t t = 0; t < store_tables_nr; t++) {
		const struct store_table *tb = &store_tables[t];
		assert_int_equal(muster_scenario_records(&sc, tb->name), 2);
		for (size_t i = 0; i < 2; i++) {
			struct muster_record r = {0};
			struct muster_strlist fields = {0};
			struct muster_error err = {0};
			assert_int_equal(muster_scenario_record(&sc, tb->name, i, &r, &err), 0);
			char *json = muster_record_json(&r);
			assert_non_null(json);
			if (muster_record_fields_from_json(tb->name, json, &fields, &err) < 0)
				fail_msg("%s: %s", json, err.msg);
			assert_int_equal(fields.nr, tb->ncsv);
			for (size_t k = 0; k < tb->ncsv; k++) {
				char *want =
				    xstrfmt("%s=%s", tb->cols[k].csv.name, rows[tb->sc][i][k]);
				if (strcmp(fields.items[k], want))
					fail_msg("%s: gave '%s', expected '%s'", json,
						 fields.items[k], want);
				free(want);
			}
			free(json);
			muster_strlist_release(&fields);
			muster_record_release(&r);
			muster_error_release(&err);
		}
	}
	muster_scenario_release(&sc);
}

/* ---- typed JSON ------------------------------------------------------- */

static char *json_of(const struct muster_scenario *sc, const char *entity, size_t i)
{
	struct muster_record r = {0};
	assert_int_equal(muster_scenario_record(sc, entity, i, &r, NULL), 0);
	char *json = muster_record_json(&r);
	muster_record_release(&r);
	return json;
}

static void test_json_types(void **state)
{
	(void)state;
	struct muster_scenario sc;
	build(&sc);
	char *j = json_of(&sc, "offers", 0);
	assert_string_equal(j, "{\"id\":\"O1\",\"nation\":\"XAA\",\"capability\":\"C1\","
			       "\"units\":3,\"personnel\":40,\"from\":\"2021-01-01\","
			       "\"to\":\"2021-12-31\",\"readiness\":2,\"mission\":\"M1\","
			       "\"line\":\"L1\",\"caveats\":[\"K1\",\"K2\"],\"status\":"
			       "\"accepted\",\"pool\":9}");
	free(j);
	j = json_of(&sc, "offers", 1);
	assert_non_null(strstr(j, "\"to\":null,"));
	assert_non_null(strstr(j, "\"caveats\":null,"));
	assert_non_null(strstr(j, "\"pool\":null}"));
	free(j);
	j = json_of(&sc, "caveats", 0);
	assert_string_equal(j, "{\"id\":\"K1\",\"nation\":\"XAA\",\"kind\":\"not-countries\","
			       "\"value\":[\"XAB\",\"XAC\"],\"hard\":false}");
	free(j);
	j = json_of(&sc, "caveats", 1);
	assert_string_equal(j, "{\"id\":\"K2\",\"nation\":\"XAB\",\"kind\":\"max-days\","
			       "\"value\":90,\"hard\":true}");
	free(j);
	j = json_of(&sc, "keys", 0);
	assert_string_equal(j, "{\"key\":\"gni\",\"nation\":\"XAA\",\"value\":2.5}");
	free(j);
	/* a record muster did not make */
	struct muster_record r = {0};
	assert_int_equal(muster_scenario_record(&sc, "offers", 0, &r, NULL), 0);
	free(r.values.items[3]);
	r.values.items[3] = xstrdup("three");
	assert_null(muster_record_json(&r));
	free(r.entity);
	r.entity = xstrdup("offer");
	assert_null(muster_record_json(&r));
	muster_record_release(&r);
	/* past the last record, an unknown entity */
	struct muster_error err = {0};
	assert_int_equal(muster_scenario_record(&sc, "offers", 2, &r, &err), MUSTER_ENOENT);
	assert_int_equal(muster_scenario_record(&sc, "offer", 0, &r, &err), MUSTER_EUSAGE);
	assert_string_equal(err.msg, "unknown entity 'offer'; did you mean 'offers'?");
	assert_int_equal(muster_scenario_records(&sc, "offer"), 0);
	muster_error_release(&err);
	muster_scenario_release(&sc);
}

/* The body `json` of `entity` fails with `code`, message `msg`, item column `col`. */
static void body_fails(const char *entity, const char *json, int code, const char *msg,
		       const char *col)
{
	struct muster_strlist fields = {0};
	struct muster_error err = {0};
	muster_strlist_push(&fields, "kept=1");
	assert_int_equal(muster_record_fields_from_json(entity, json, &fields, &err), code);
	size_t n = strlen(msg);
	if (n > 3 && !strcmp(msg + n - 3, "...")) /* the rest is jansson's wording */
		assert_memory_equal(err.msg, msg, n - 3);
	else
		assert_string_equal(err.msg, msg);
	assert_int_equal(fields.nr, 1); /* nothing appended */
	assert_true(err.items.nr >= 1);
	assert_string_equal(err.items.items[0].entity, entity);
	if (col)
		assert_string_equal(err.items.items[0].column, col);
	else
		assert_null(err.items.items[0].column);
	muster_strlist_release(&fields);
	muster_error_release(&err);
}

static void test_json_body_errors(void **state)
{
	(void)state;
	body_fails("offers", "{\"units\":\"3\"}", MUSTER_EINVAL,
		   "offers: field 'units': expected a whole number, got a string", "units");
	body_fails("offers", "{\"units\":2.5}", MUSTER_EINVAL,
		   "offers: field 'units': expected a whole number, got a number with a fraction",
		   "units");
	body_fails("offers", "{\"pool\":true}", MUSTER_EINVAL,
		   "offers: field 'pool': expected a whole number or null, got true", "pool");
	body_fails("offers", "{\"caveats\":\"K1;K2\"}", MUSTER_EINVAL,
		   "offers: field 'caveats': expected an array of strings without ';' or null, "
		   "got a string",
		   "caveats");
	body_fails("offers", "{\"caveats\":[\"K1;K2\"]}", MUSTER_EINVAL,
		   "offers: field 'caveats': expected an array of strings without ';' or null, "
		   "got an array",
		   "caveats");
	body_fails("caveats", "{\"hard\":\"yes\"}", MUSTER_EINVAL,
		   "caveats: field 'hard': expected true or false or null, got a string", "hard");
	body_fails("caveats", "{\"value\":{}}", MUSTER_EINVAL,
		   "caveats: field 'value': expected a whole number or an array of strings or "
		   "null, got an object",
		   "value");
	body_fails("offers", "{\"unit\":3}", MUSTER_EUSAGE,
		   "offers has no field 'unit'; did you mean 'units'?", "unit");
	body_fails("offers", "[1]", MUSTER_EINVAL,
		   "offers: expected a JSON object of fields, got an array", NULL);
	body_fails("offers", "{\"units\":", MUSTER_EINVAL,
		   "offers: expected a JSON object of fields, got text that is no JSON (line 1, "
		   "column 9: ...",
		   NULL);
	body_fails("offer", "{}", MUSTER_EUSAGE, "unknown entity 'offer'; did you mean 'offers'?",
		   NULL);
	/* two problems: both reported, the first is the message */
	struct muster_strlist fields = {0};
	struct muster_error err = {0};
	assert_int_equal(
	    muster_record_fields_from_json("offers", "{\"units\":\"x\",\"nope\":1}", &fields, &err),
	    MUSTER_EINVAL);
	assert_int_equal(err.details.nr, 2);
	assert_int_equal(err.items.nr, 2);
	assert_string_equal(err.items.items[1].column, "nope");
	assert_int_equal(fields.nr, 0);
	muster_error_release(&err);
}

static void test_json_body_values(void **state)
{
	(void)state;
	struct muster_strlist fields = {0};
	struct muster_error err = {0};
	assert_int_equal(muster_record_fields_from_json(
			     "caveats",
			     "{\"hard\":false,\"value\":[\"IRQ\",\"SYR\"],\"kind\":null,"
			     "\"nation\":\"USA\"}",
			     &fields, &err),
			 0);
	assert_int_equal(fields.nr, 4);
	assert_string_equal(fields.items[0], "hard=no");
	assert_string_equal(fields.items[1], "value=IRQ;SYR");
	assert_string_equal(fields.items[2], "kind=");
	assert_string_equal(fields.items[3], "nation=USA");
	muster_strlist_release(&fields);
	assert_int_equal(muster_record_fields_from_json(
			     "caveats", "{\"kind\":\"max-days\",\"value\":30}", &fields, &err),
			 0);
	assert_string_equal(fields.items[1], "value=30");
	muster_strlist_release(&fields);
	assert_int_equal(muster_record_fields_from_json("keys", "{\"value\":3}", &fields, &err), 0);
	assert_string_equal(fields.items[0], "value=3");
	muster_strlist_release(&fields);
	muster_error_release(&err);
}

/*
 * In French a body's errors are French sentences (the field and entity
 * names, jansson's own text and the JSON words true/false/null kept); the
 * structured item keeps the field's name. Run last: the language is chosen
 * once per process.
 */
static void test_json_body_errors_in_french(void **state)
{
	(void)state;
	assert_int_equal(muster_i18n_init("fr"), 0);
	assert_string_equal(muster_i18n_lang(), "fr");
	body_fails("offers", "{\"units\":\"3\"}", MUSTER_EINVAL,
		   "offers\u00a0: champ \u00ab\u00a0units\u00a0\u00bb\u00a0: attendu\u00a0: "
		   "un nombre entier, re\u00e7u une cha\u00eene",
		   "units");
	body_fails("offers", "{\"pool\":true}", MUSTER_EINVAL,
		   "offers\u00a0: champ \u00ab\u00a0pool\u00a0\u00bb\u00a0: attendu\u00a0: "
		   "un nombre entier ou null, re\u00e7u true",
		   "pool");
	body_fails("caveats", "{\"value\":{}}", MUSTER_EINVAL,
		   "caveats\u00a0: champ \u00ab\u00a0value\u00a0\u00bb\u00a0: attendu\u00a0: "
		   "un nombre entier ou un tableau de cha\u00eenes ou null, re\u00e7u un objet",
		   "value");
	body_fails("offers", "[1]", MUSTER_EINVAL,
		   "offers\u00a0: attendu\u00a0: un objet JSON de champs, re\u00e7u un tableau",
		   NULL);
	body_fails("offers", "{\"units\":", MUSTER_EINVAL,
		   "offers\u00a0: attendu\u00a0: un objet JSON de champs, re\u00e7u un texte qui "
		   "n\u2019est pas du JSON (ligne 1, colonne 9\u00a0: ...",
		   NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_member_described),
	    cmocka_unit_test(test_schemas_are_the_descriptions),
	    cmocka_unit_test(test_rows_cover_every_column),
	    cmocka_unit_test(test_csv_round_trip),
	    cmocka_unit_test(test_folder_round_trip),
	    cmocka_unit_test(test_sql_round_trip),
	    cmocka_unit_test(test_json_round_trip),
	    cmocka_unit_test(test_json_types),
	    cmocka_unit_test(test_json_body_errors),
	    cmocka_unit_test(test_json_body_values),
	    /* last: it switches the process to French */
	    cmocka_unit_test(test_json_body_errors_in_french),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
