/*
 * test_json.c: the library's result tables and JSON writers (table.c,
 * results.c, json.c): each writer's text parses back with jansson and holds
 * the fields of the result it was given; text that is not UTF-8 is an
 * error, never a broken document.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"

/* Parse a writer's text *out (rc must be 0; read after the call); the caller decrefs. */
static json_t *parse(int rc, char **out)
{
	json_error_t je;
	char *text = *out;
	assert_int_equal(rc, 0);
	assert_non_null(text);
	json_t *j = json_loads(text, 0, &je);
	if (!j)
		fprintf(stderr, "# %s: %s\n", je.text, text);
	assert_non_null(j);
	free(text);
	return j;
}

static const char *str(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	assert_true(json_is_string(v));
	return json_string_value(v);
}

static json_int_t num(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

static void test_table(void **state)
{
	(void)state;
	struct muster_table t;
	const char *head[] = {"name", "n", "x"};
	char *out = NULL;
	muster_table_init(&t, 3, head);
	muster_table_numeric(&t, 1);
	muster_table_numeric(&t, 2);
	muster_table_addf(&t, "a \"q\"\t12\t1.30");
	muster_table_add(&t, (const char *const[]){"b\n", "-", "inf"});
	muster_table_add(&t, (const char *const[]){NULL, "", "0"});
	assert_int_equal(muster_table_rows(&t), 3);
	assert_string_equal(muster_table_cell(&t, 0, 2), "1.30");
	assert_int_equal(muster_json_table(&t, &out, NULL), 0);
	/* the layout the CLI has always printed, digits as the table wrote them */
	assert_string_equal(out, "[\n {\"name\": \"a \\\"q\\\"\", \"n\": 12, \"x\": 1.30},\n"
				 " {\"name\": \"b\\n\", \"n\": null, \"x\": \"inf\"},\n"
				 " {\"name\": null, \"n\": null, \"x\": 0}\n]");
	json_t *j = parse(0, &out);
	assert_int_equal(json_array_size(j), 3);
	assert_string_equal(str(json_array_get(j, 1), "name"), "b\n");
	json_decref(j);
	char *csv = muster_table_csv(&t);
	assert_string_equal(csv, "name,n,x\n\"a \"\"q\"\"\",12,1.30\n\"b\n\",-,inf\n,,0\n");
	free(csv);
	muster_table_release(&t);

	muster_table_init(&t, 3, head);
	assert_int_equal(muster_json_table(&t, &out, NULL), 0);
	assert_string_equal(out, "[]");
	free(out);
	muster_table_release(&t);
	muster_table_release(&t); /* twice: a zeroed table */
}

static void test_bad_utf8(void **state)
{
	(void)state;
	struct muster_table t;
	struct muster_error err = {0};
	const char *head[] = {"name"};
	char *out = (char *)"untouched";
	muster_table_init(&t, 1, head);
	muster_table_add(&t, (const char *const[]){"caf\xc3"});
	assert_int_equal(muster_json_table(&t, &out, &err), MUSTER_EINVAL);
	assert_null(out);
	assert_string_equal(err.msg, "json: 'name': not valid UTF-8");
	muster_error_release(&err);
	muster_table_release(&t);
}

static void fill_run(struct muster_run *run, struct muster_assignment *as, struct muster_gap *g)
{
	memset(run, 0, sizeof(*run));
	as[0] = (struct muster_assignment){.mission = "M1",
					   .line = "L1",
					   .offer = "O1",
					   .nation = "FRA",
					   .units = 2,
					   .personnel = 40,
					   .from = 10,
					   .to = 20,
					   .capability = "INF",
					   .soft_caveats = "C1;C2",
					   .person_days = 400};
	as[1] = (struct muster_assignment){.mission = "M1",
					   .line = "L2",
					   .offer = "O2",
					   .nation = "DEU",
					   .units = 1,
					   .personnel = 10,
					   .from = 10,
					   .to = 15,
					   .substitute = true,
					   .soft_caveats = "C2",
					   .person_days = 50};
	g[0] = (struct muster_gap){.mission = "M1",
				   .line = "L3",
				   .from = 5,
				   .to = 9,
				   .missing_units = 3,
				   .missing_personnel = -1,
				   .detail = "no offer"};
	run->assignments.items = as;
	run->assignments.nr = 2;
	run->gaps.items = g;
	run->gaps.nr = 1;
	run->id = 7;
	run->solver = "exact";
	run->objective = 2863680;
	run->bound = 2863680;
	run->gap = 0;
	run->fill = 87.5;
	run->seconds = 0.25;
	run->fair_excess = NAN;
}

static void test_run(void **state)
{
	(void)state;
	struct muster_scenario sc;
	struct muster_requirement req[2] = {{.mission = "M1",
					     .line = "L1",
					     .priority = 1,
					     .units = 2,
					     .personnel = 20,
					     .from = 10,
					     .to = 20},
					    {.mission = "M1",
					     .line = "L2",
					     .priority = 3,
					     .units = 1,
					     .personnel = 20,
					     .from = 10,
					     .to = 20}};
	struct muster_assignment as[2];
	struct muster_gap g[1];
	struct muster_run run;
	char *out;
	muster_scenario_init(&sc);
	sc.requirements.items = req;
	sc.requirements.nr = 2;
	fill_run(&run, as, g);
	json_t *j = parse(muster_json_run(&sc, &run, &out, NULL), &out);
	assert_int_equal(num(j, "run"), 7);
	assert_string_equal(str(j, "solver"), "exact");
	assert_true(json_is_null(json_object_get(j, "mission")));
	assert_int_equal(num(j, "objective"), 2863680);
	assert_true(json_real_value(json_object_get(j, "fill")) == 87.5);
	assert_int_equal(num(j, "assignments"), 2);
	assert_int_equal(num(j, "gaps"), 1);
	assert_null(json_object_get(j, "fair_excess")); /* no fair-share term */
	assert_int_equal(num(j, "substitute_assignments"), 1);
	assert_int_equal(num(j, "soft_caveat_assignments"), 2);
	json_t *ids = json_object_get(j, "soft_caveats_overridden");
	assert_int_equal(json_array_size(ids), 2);
	assert_string_equal(json_string_value(json_array_get(ids, 1)), "C2");
	json_t *bp = json_object_get(j, "by_priority");
	assert_int_equal(json_array_size(bp), 2);
	assert_int_equal(num(json_array_get(bp, 0), "required_person_days"), 400);
	assert_int_equal(num(json_array_get(bp, 1), "priority"), 3);
	assert_int_equal(num(json_array_get(bp, 1), "filled_person_days"), 50);
	json_t *bn = json_object_get(j, "by_nation");
	assert_int_equal(json_array_size(bn), 2);
	assert_string_equal(str(json_array_get(bn, 0), "nation"), "DEU"); /* by code */
	assert_int_equal(num(json_array_get(bn, 1), "peak_personnel"), 40);
	assert_int_equal(num(json_array_get(bn, 1), "person_days"), 400);
	json_decref(j);

	/* the compact text the CLI's summary always had */
	assert_int_equal(muster_json_run(&sc, &run, &out, NULL), 0);
	assert_non_null(strstr(out, "\"objective\":2863680,\"bound\":2863680,\"gap\":0,"));
	free(out);

	j = parse(muster_json_assignments(&run, &out, NULL), &out);
	assert_int_equal(json_array_size(j), 2);
	assert_string_equal(str(json_array_get(j, 0), "from"), "1970-01-11");
	assert_int_equal(num(json_array_get(j, 0), "person_days"), 400);
	assert_string_equal(str(json_array_get(j, 1), "substitute"), "yes");
	assert_true(json_is_null(json_object_get(json_array_get(j, 1), "capability")));
	json_decref(j);

	j = parse(muster_json_gaps(&run, &out, NULL), &out);
	assert_int_equal(num(json_array_get(j, 0), "missing_units"), 3);
	assert_true(json_is_null(json_object_get(json_array_get(j, 0), "missing_personnel")));
	assert_string_equal(str(json_array_get(j, 0), "detail"), "no offer");
	/* the CLI's gaps have no detail_hidden column: only a view hides */
	assert_null(json_object_get(json_array_get(j, 0), "detail_hidden"));
	json_decref(j);

	/* a view's gap with its detail hidden: null detail, detail_hidden "yes" */
	char *detail = run.gaps.items[0].detail;
	run.gaps.items[0].detail = NULL;
	run.gaps.items[0].detail_hidden = true;
	j = parse(muster_json_gaps(&run, &out, NULL), &out);
	assert_true(json_is_null(json_object_get(json_array_get(j, 0), "detail")));
	assert_string_equal(str(json_array_get(j, 0), "detail_hidden"), "yes");
	json_decref(j);
	run.gaps.items[0].detail = detail;
	run.gaps.items[0].detail_hidden = false;

	/* totals per line, as the server sends them beside a role's assignments */
	struct muster_line_total lt = {.mission = "M1",
				       .line = "L1",
				       .capability = "INF",
				       .units = 3,
				       .personnel = 60,
				       .person_days = 600,
				       .from = 10,
				       .to = 20,
				       .rows = 2};
	struct muster_line_totals tots = {.totals = {.items = &lt, .nr = 1}};
	j = parse(muster_json_line_totals(&tots, &out, NULL), &out);
	assert_int_equal(json_array_size(j), 1);
	assert_string_equal(str(json_array_get(j, 0), "line"), "L1");
	assert_int_equal(num(json_array_get(j, 0), "personnel"), 60);
	assert_int_equal(num(json_array_get(j, 0), "rows"), 2);
	assert_string_equal(str(json_array_get(j, 0), "from"), "1970-01-11");
	assert_null(json_object_get(json_array_get(j, 0), "nation"));
	json_decref(j);

	/* the CSV files of `source --out` come from the same table */
	struct muster_table t;
	muster_table_assignments(&run, &t);
	char *csv = muster_table_csv(&t);
	assert_non_null(strstr(csv, "M1,L1,O1,FRA,2,40,1970-01-11,1970-01-21,INF,no,C1;C2,400\n"));
	free(csv);
	muster_table_release(&t);
}

static void test_runs(void **state)
{
	(void)state;
	struct muster_assignment as[2];
	struct muster_gap g[1];
	struct muster_run r[2];
	fill_run(&r[0], as, g);
	fill_run(&r[1], as, g);
	r[0].created = "2026-12-02T12:00:00Z";
	r[0].revision = 4;
	r[1].id = 8;
	r[1].whatif = "w1";
	r[1].mission = "NMI";
	r[1].gap = 0.0125;
	struct muster_run_list l = {.items = r, .nr = 2};
	bool stale[2] = {false, true};
	int64_t stale_by[2] = {0, 3};
	char *out;
	json_t *j = parse(muster_json_runs(&l, stale, stale_by, &out, NULL), &out);
	assert_int_equal(json_array_size(j), 2);
	json_t *a = json_array_get(j, 0), *b = json_array_get(j, 1);
	assert_int_equal(num(a, "id"), 7);
	assert_string_equal(str(a, "scenario"), "base");
	assert_string_equal(str(a, "mission"), "all");
	assert_int_equal(num(a, "revision"), 4);
	assert_string_equal(str(a, "stale"), "no");
	assert_string_equal(str(b, "scenario"), "w1");
	assert_true(json_real_value(json_object_get(b, "gap_pct")) == 1.25);
	assert_string_equal(str(b, "stale"), "yes");
	assert_int_equal(num(a, "stale_by"), 0);
	assert_int_equal(num(b, "stale_by"), 3);
	assert_true(json_is_null(json_object_get(b, "created")));
	json_decref(j);
}

static void test_fairshare(void **state)
{
	(void)state;
	struct muster_fair_row rows[1] = {{.nation = "BEL",
					   .key = 526022,
					   .share = 1.3,
					   .fair = 52,
					   .offered_peak = -1,
					   .offered_days = -1,
					   .sourced_peak = -1,
					   .sourced_days = -1,
					   .sourced_share = NAN,
					   .burden = NAN,
					   .fair_days = -1,
					   .excess_days = NAN}};
	struct muster_fairshare fs = {.key = "gdp", .participants = "members:NATO", .total = 4000};
	char *out;
	fs.rows.items = rows;
	fs.rows.nr = 1;
	assert_int_equal(muster_json_fairshare(&fs, &out, NULL), 0);
	assert_non_null(strstr(out, "\"share_pct\": 1.30, \"fair\": 52, \"offered_peak\": null"));
	json_t *j = parse(0, &out);
	assert_int_equal(num(json_array_get(j, 0), "key"), 526022);
	assert_true(json_is_null(json_object_get(json_array_get(j, 0), "burden")));
	json_decref(j);

	/* the chart names the nation and its share, escaped */
	fs.key = "a<b";
	assert_int_equal(muster_fairshare_svg(&fs, &out, NULL), 0);
	assert_non_null(strstr(out, "<svg "));
	assert_non_null(strstr(out, "BEL fair share: 1.30%"));
	assert_non_null(strstr(out, "a&lt;b"));
	free(out);
}

static void test_posture(void **state)
{
	(void)state;
	int32_t dates[2] = {100, 200};
	char *groups[2] = {"DEU", "FRA"};
	struct muster_posture_cell cells[4] = {
	    {.personnel = 10, .in_host = 10, .permanent = 10},
	    {.personnel = 0},
	    {.personnel = 15, .in_host = 5, .out_of_host = 10, .rotational = 15},
	    {.personnel = 7, .other = 7}};
	struct muster_posture p = {.by = MUSTER_POSTURE_BY_NATION,
				   .dates = dates,
				   .ndates = 2,
				   .groups = groups,
				   .ngroups = 2,
				   .cells = cells};
	char *out;
	json_t *j = parse(muster_json_posture(&p, false, &out, NULL), &out);
	assert_int_equal(json_array_size(j), 1); /* FRA has nobody on the first date; no total */
	assert_string_equal(str(json_array_get(j, 0), "nation"), "DEU");
	assert_int_equal(num(json_array_get(j, 0), "permanent"), 10);
	json_decref(j);
	j = parse(muster_json_posture(&p, true, &out, NULL), &out);
	assert_int_equal(json_array_size(j), 3);
	assert_string_equal(str(json_array_get(j, 2), "date"), "1970-07-20");
	assert_int_equal(num(json_array_get(j, 2), "other"), 7);
	json_decref(j);
	j = parse(muster_json_posture_diff(&p, false, &out, NULL), &out);
	assert_int_equal(json_array_size(j), 2);
	assert_int_equal(num(json_array_get(j, 0), "change"), 5);
	assert_int_equal(num(json_array_get(j, 0), "out_of_host_change"), 10);
	assert_int_equal(num(json_array_get(j, 1), "1970-07-20"), 7);
	json_decref(j);

	/* for people: a total row and signed changes */
	struct muster_table t;
	muster_table_posture_diff(&p, false, MUSTER_STYLE_TEXT, &t);
	assert_int_equal(muster_table_rows(&t), 3);
	assert_string_equal(muster_table_cell(&t, 2, 3), "+12");
	muster_table_release(&t);
}

static void test_breaches_and_check(void **state)
{
	(void)state;
	struct muster_breach b[2] = {{.kind = MUSTER_BREACH_CAP,
				      .nation = "DEU",
				      .country = "IRQ",
				      .limit = 120,
				      .from = 0,
				      .to = 30,
				      .peak = 150,
				      .excess = 30,
				      .peak_on = 3},
				     {.kind = MUSTER_BREACH_CEILING,
				      .country = "MLI",
				      .mission = "M1",
				      .limit = 10,
				      .from = 0,
				      .to = MUSTER_DATE_OPEN,
				      .peak = 11,
				      .excess = 1,
				      .peak_on = 0}};
	struct muster_breach_list bl = {.items = b, .nr = 2};
	struct muster_posture_opts o = {.nation = "DEU"};
	char *out;
	json_t *j = parse(muster_json_breaches(&bl, NULL, &out, NULL), &out);
	assert_int_equal(json_array_size(j), 2);
	assert_string_equal(str(json_array_get(j, 1), "phase"), "(none)");
	assert_int_equal(num(json_array_get(j, 0), "excess"), 30);
	json_decref(j);
	j = parse(muster_json_breaches(&bl, &o, &out, NULL), &out);
	assert_int_equal(json_array_size(j), 1); /* the filter applies */
	json_decref(j);

	struct muster_violation v = {
	    .check = "cap", .subject = "DEU in IRQ", .from = 0, .to = 30, .detail = "150 > 120"};
	struct muster_violation_list none = {0}, pv = {.items = &v, .nr = 1};
	struct muster_check_scope scope = {.caps = 4, .deadlines = 1, .missions = 2};
	struct muster_assignment as[2];
	struct muster_gap g[1];
	struct muster_run run;
	fill_run(&run, as, g);
	run.created = "2026-12-02T12:00:00Z";
	struct muster_check_report r = {
	    .run = &run, .run_v = &none, .scope = &scope, .posture_v = &pv, .strict = true};
	j = parse(muster_json_check(&r, &out, NULL), &out);
	json_t *jr = json_object_get(j, "run"), *jp = json_object_get(j, "posture");
	assert_int_equal(num(jr, "id"), 7);
	assert_true(json_is_null(json_object_get(jr, "scenario")));
	assert_true(json_is_true(json_object_get(jr, "ok")));
	assert_int_equal(json_array_size(json_object_get(jr, "rows")), 0);
	assert_int_equal(num(jp, "caps"), 4);
	assert_int_equal(num(jp, "breaches"), 1);
	assert_true(json_is_false(json_object_get(jp, "ok")));
	assert_string_equal(str(json_array_get(json_object_get(jp, "rows"), 0), "detail"),
			    "150 > 120");
	assert_true(json_is_true(json_object_get(j, "strict")));
	json_decref(j);
	r.run = NULL; /* no run to check */
	j = parse(muster_json_check(&r, &out, NULL), &out);
	assert_true(json_is_null(json_object_get(j, "run")));
	json_decref(j);
}

static void test_rotation_whatif(void **state)
{
	(void)state;
	struct muster_rotation_row rows[2] = {{.mission = "M1",
					       .line = "L1",
					       .capability = "INF",
					       .nation = "FRA",
					       .from = 0,
					       .to = 365,
					       .days = 365,
					       .rotations = 2,
					       .deployed = 1,
					       .pool = 3,
					       .offered = 2,
					       .shortfall = 1,
					       .held = {.known = true, .value = 2},
					       .sustainable = MUSTER_SUSTAIN_NO},
					      {.mission = "M1",
					       .line = "L2",
					       .capability = "ENG",
					       .nation = "DEU",
					       .from = 0,
					       .to = 365,
					       .days = 365,
					       .rotations = 2,
					       .deployed = 1,
					       .pool = 3,
					       .offered = 1,
					       .sustainable = MUSTER_SUSTAIN_UNKNOWN}};
	struct muster_rotation rot = {0};
	char *out;
	rot.rows.items = rows;
	rot.rows.nr = 2;
	json_t *j = parse(muster_json_rotation(&rot, &out, NULL), &out);
	assert_int_equal(num(json_array_get(j, 0), "held"), 2);
	assert_int_equal(num(json_array_get(j, 0), "shortfall"), 1);
	/* unknown is null, never 0 */
	assert_true(json_is_null(json_object_get(json_array_get(j, 1), "held")));
	assert_true(json_is_null(json_object_get(json_array_get(j, 1), "shortfall")));
	assert_string_equal(str(json_array_get(j, 0), "sustainable"),
			    muster_sustain_name(MUSTER_SUSTAIN_NO));
	json_decref(j);

	struct muster_whatif_row wr[2] = {
	    {.section = "fill", .key = "M1", .has_a = true, .has_b = true, .a = 80, .b = 92.5},
	    {.section = "nation", .key = "FRA", .has_a = true, .a = 40}};
	struct muster_whatif_diff d = {0};
	d.rows.items = wr;
	d.rows.nr = 2;
	j = parse(muster_json_whatif_diff(&d, "base", "w3", &out, NULL), &out);
	assert_true(json_real_value(json_object_get(json_array_get(j, 0), "change")) == 12.5);
	assert_int_equal(num(json_array_get(j, 1), "base"), 40);
	assert_true(json_is_null(json_object_get(json_array_get(j, 1), "w3")));
	assert_true(json_is_null(json_object_get(json_array_get(j, 1), "change")));
	json_decref(j);
}

static void test_history_users_record(void **state)
{
	(void)state;
	struct muster_audit a = {.rev = 3,
				 .at = "2021-02-18T12:00:00.000Z",
				 .actor = "ana",
				 .entity = "offers",
				 .key = "CAN-ADV",
				 .op = "update",
				 .before =
				     "{\"id\":\"CAN-ADV\",\"units\":\"2\",\"to\":\"2021-06-01\"}",
				 .after = "{\"id\":\"CAN-ADV\",\"units\":\"3\",\"to\":\"\"}",
				 .reason = "raised"};
	struct muster_audit_list l = {.items = &a, .nr = 1};
	char *out;
	json_t *j = parse(muster_json_history(&l, &out, NULL), &out);
	json_t *row = json_array_get(j, 0);
	assert_int_equal(num(row, "rev"), 3);
	assert_string_equal(str(row, "changed"), "units 2 -> 3; to 2021-06-01 -> (empty)");
	assert_string_equal(str(row, "before"), a.before);
	assert_string_equal(str(row, "reason"), "raised");
	json_decref(j);
	struct muster_table t;
	muster_table_history(&l, MUSTER_STYLE_TEXT, &t);
	assert_int_equal(t.ncols, 8); /* no before/after for people */
	muster_table_release(&t);

	struct muster_user u[2] = {
	    {.name = "ana",
	     .role = MUSTER_ROLE_LIAISON,
	     .nation = "CAN",
	     .created = "2026-01-01T00:00:00Z"},
	    {.name = "bo", .role = MUSTER_ROLE_VIEWER, .created = "2026-01-02T00:00:00Z"}};
	struct muster_user_list ul = {.items = u, .nr = 2};
	j = parse(muster_json_users(&ul, &out, NULL), &out);
	assert_int_equal(json_array_size(j), 2);
	assert_string_equal(str(json_array_get(j, 0), "role"), "liaison");
	assert_string_equal(str(json_array_get(j, 0), "nation"), "CAN");
	assert_true(json_is_null(json_object_get(json_array_get(j, 1), "nation")));
	assert_null(json_object_get(json_array_get(j, 0), "password"));
	json_decref(j);

	struct muster_record r = {
	    .entity = "offers", .key = "CAN-ADV", .version = 2, .revision = 9};
	muster_strlist_push(&r.names, "units");
	muster_strlist_push(&r.values, "3");
	muster_strlist_push(&r.names, "to");
	muster_strlist_push(&r.values, "");
	j = parse(muster_json_record(&r, &out, NULL), &out);
	assert_int_equal(num(j, "version"), 2);
	assert_string_equal(str(json_object_get(j, "record"), "units"), "3");
	assert_true(json_is_null(json_object_get(json_object_get(j, "record"), "to")));
	json_decref(j);
	struct muster_error err = {0};
	muster_strlist_push(&r.names, "note");
	muster_strlist_push(&r.values, "\xff");
	assert_int_equal(muster_json_record(&r, &out, &err), MUSTER_EINVAL);
	assert_null(out);
	muster_error_release(&err);
	muster_strlist_release(&r.names);
	muster_strlist_release(&r.values);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_bad_utf8),
	    cmocka_unit_test(test_run),
	    cmocka_unit_test(test_runs),
	    cmocka_unit_test(test_fairshare),
	    cmocka_unit_test(test_posture),
	    cmocka_unit_test(test_breaches_and_check),
	    cmocka_unit_test(test_rotation_whatif),
	    cmocka_unit_test(test_history_users_record),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
