/*
 * test_report.c: the report's pictures and page on hand-built scenarios: the
 * map's colour classes and hover titles, countries without a shape, the top
 * N bands plus "other", headroom panels shaded red only where a cap is
 * breached, the HTML tables' totals, the default period, and bad periods.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "muster.h"
#include "util.h"

static int32_t D(const char *s)
{
	int32_t d;
	assert_int_equal(muster_date_parse(s, &d), 0);
	return d;
}

static void add_dep(struct muster_scenario *sc, const char *nation, const char *country,
		    long people, const char *from, const char *to)
{
	struct muster_deployment d = {0};
	d.nation = xstrdup(nation);
	d.country = xstrdup(country);
	d.personnel = people;
	d.from = D(from);
	d.to = to ? D(to) : MUSTER_DATE_OPEN;
	d.counts_against_cap = true;
	ARRAY_PUSH(sc->deployments, d);
}

static void add_cap(struct muster_scenario *sc, const char *nation, const char *country, long limit,
		    const char *from)
{
	struct muster_cap c = {0};
	c.nation = xstrdup(nation);
	c.country = xstrdup(country);
	c.limit = limit;
	c.from = D(from);
	c.to = MUSTER_DATE_OPEN;
	ARRAY_PUSH(sc->caps, c);
}

static void world(struct muster_scenario *sc)
{
	muster_scenario_init(sc);
	add_dep(sc, "USA", "DEU", 150000, "2020-01-01", NULL); /* top class */
	add_dep(sc, "USA", "IRQ", 2500, "2020-01-01", "2021-01-01");
	add_dep(sc, "GBR", "IRQ", 5, "2020-06-01", NULL);  /* IRQ: 2,505 */
	add_dep(sc, "FRA", "MLI", 5, "2020-01-01", NULL);  /* lowest class */
	add_dep(sc, "ITA", "BHR", 40, "2020-01-01", NULL); /* no shape at 1:110m */
	add_cap(sc, "USA", "IRQ", 3000, "2020-01-01");	   /* never breached */
	add_cap(sc, "FRA", "MLI", 0, "2020-03-01");	   /* a deadline, breached */
}

static char *svg_of(const struct muster_scenario *sc, struct muster_report_opts *o,
		    enum muster_report_svg which)
{
	char *svg = NULL;
	struct muster_error err = {0};
	assert_int_equal(muster_report_svg(sc, NULL, o, which, &svg, &err), 0);
	assert_non_null(svg);
	assert_non_null(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	assert_non_null(strstr(svg, "</svg>"));
	return svg;
}

static struct muster_report_opts opts_on(const char *on)
{
	struct muster_report_opts o = {.on = D(on), .from = D("2020-01-01"), .to = D("2021-06-01")};
	return o;
}

static void test_map(void **state)
{
	(void)state;
	struct muster_scenario sc;
	world(&sc);
	struct muster_report_opts o = opts_on("2020-07-01");
	char *svg = svg_of(&sc, &o, MUSTER_SVG_MAP);
	assert_non_null(strstr(svg, "<path id=\"c-DEU\" fill=\"#bd0026\""));
	assert_non_null(strstr(svg, "<path id=\"c-IRQ\" fill=\"#fd8d3c\""));
	assert_non_null(strstr(svg, "<path id=\"c-MLI\" fill=\"#ffffb2\""));
	assert_non_null(strstr(svg, "<path id=\"c-FRA\" fill=\"#e4e4e4\""));
	assert_non_null(strstr(svg, "(IRQ): 2,505 personnel</title>"));
	assert_non_null(strstr(svg, "not on the map: BHR 40;"));
	assert_non_null(strstr(svg, "personnel on 2020-07-01"));
	free(svg);
	/* after the USA leaves Iraq, only the five British remain */
	o = opts_on("2021-02-01");
	svg = svg_of(&sc, &o, MUSTER_SVG_MAP);
	assert_non_null(strstr(svg, "<path id=\"c-IRQ\" fill=\"#ffffb2\""));
	free(svg);
	muster_scenario_release(&sc);
}

static void test_area_layers(void **state)
{
	(void)state;
	struct muster_scenario sc;
	world(&sc);
	struct muster_report_opts o = opts_on("2020-07-01");
	o.top = 2;
	char *svg = svg_of(&sc, &o, MUSTER_SVG_AREA);
	/* USA and ITA have the highest peaks; GBR and FRA are "other" (peak 10) */
	assert_non_null(strstr(svg, "<title>USA: peak 152,500 on"));
	assert_non_null(strstr(svg, "<title>ITA: peak 40 on"));
	assert_non_null(strstr(svg, "<title>other: peak 10 on 2020-06-01</title>"));
	assert_null(strstr(svg, "<title>GBR"));
	free(svg);
	o.by_region = true;
	o.top = 8;
	svg = svg_of(&sc, &o, MUSTER_SVG_AREA);
	assert_non_null(strstr(svg, "<title>Europe: peak 150,000"));
	assert_non_null(strstr(svg, "<title>Asia: peak"));
	assert_null(strstr(svg, "<title>other"));
	free(svg);
	muster_scenario_release(&sc);
}

static void test_headroom(void **state)
{
	(void)state;
	struct muster_scenario sc;
	world(&sc);
	struct muster_report_opts o = opts_on("2020-07-01");
	char *svg = svg_of(&sc, &o, MUSTER_SVG_HEADROOM);
	const char *irq = strstr(svg, "cap USA in IRQ: 3000");
	const char *mli = strstr(svg, "deadline FRA in MLI: 0, 2020-03-01");
	assert_non_null(irq);
	assert_non_null(mli);
	assert_true(irq < mli);
	/* red only in the second panel, after the deadline */
	const char *red = strstr(svg, "fill=\"#d6604d\"");
	assert_non_null(red);
	assert_true(red > mli);
	assert_non_null(strstr(svg, "least headroom -5 on 2020-03-01"));
	assert_non_null(strstr(svg, "least headroom 500 on"));
	free(svg);
	muster_scenario_release(&sc);
}

static void test_html(void **state)
{
	(void)state;
	struct muster_scenario sc;
	world(&sc);
	struct muster_report_opts o = opts_on("2020-07-01");
	o.title = "Posture <review>";
	char *html = NULL;
	assert_int_equal(muster_report_html(&sc, NULL, &o, &html, NULL), 0);
	assert_true(!strncmp(html, "<!DOCTYPE html>", 15));
	assert_non_null(strstr(html, "<title>Posture &lt;review&gt;</title>"));
	assert_null(strstr(html, "<script"));
	/* 150,000 + 2,500 + 5 + 5 + 40 on 2020-07-01 */
	assert_non_null(
	    strstr(html, "<tr class=\"total\"><td>total</td><td class=\"n\">152,550</td>"));
	assert_non_null(
	    strstr(html, "<tr class=\"breach\"><td>deadline</td><td>FRA</td><td>MLI</td>"));
	size_t svgs = 0;
	for (const char *p = html; (p = strstr(p, "<svg ")); p++)
		svgs++;
	assert_int_equal(svgs, 4); /* the area, the missions' bars, the map, the headroom */
	assert_non_null(strstr(html, "<figure id=\"posture-missions\">"));
	free(html);
	muster_scenario_release(&sc);
}

static void test_periods(void **state)
{
	(void)state;
	struct muster_scenario sc;
	world(&sc);
	struct muster_report_opts o = {
	    .on = MUSTER_DATE_NONE, .from = MUSTER_DATE_NONE, .to = MUSTER_DATE_NONE};
	char *html = NULL;
	/* default: from the first deployment to the last dated end */
	assert_int_equal(muster_report_html(&sc, NULL, &o, &html, NULL), 0);
	assert_non_null(
	    strstr(html, "Period 2020-01-01 to 2021-01-01 (every day); map on 2020-12-31"));
	free(html);
	struct muster_error err = {0};
	o.from = D("2021-01-01");
	o.to = D("2020-01-01");
	html = NULL;
	assert_int_equal(muster_report_html(&sc, NULL, &o, &html, &err), MUSTER_EINVAL);
	assert_null(html);
	assert_non_null(strstr(err.msg, "before"));
	muster_error_release(&err);
	char *svg = NULL;
	o.from = MUSTER_DATE_NONE;
	o.to = MUSTER_DATE_NONE;
	assert_int_equal(muster_report_svg(&sc, NULL, &o, MUSTER_SVG_COUNT, &svg, &err),
			 MUSTER_EINVAL);
	muster_error_release(&err);
	/* a long period samples monthly, not daily */
	o.from = D("1990-01-01");
	o.to = D("2021-01-01");
	assert_int_equal(muster_report_html(&sc, NULL, &o, &html, NULL), 0);
	assert_non_null(strstr(html, "(every month)"));
	free(html);
	muster_scenario_release(&sc);
}

static void test_empty(void **state)
{
	(void)state;
	struct muster_scenario sc;
	muster_scenario_init(&sc);
	struct muster_report_opts o = {
	    .on = MUSTER_DATE_NONE, .from = MUSTER_DATE_NONE, .to = MUSTER_DATE_NONE};
	char *svg = svg_of(&sc, &o, MUSTER_SVG_AREA);
	assert_non_null(strstr(svg, "no personnel in this period"));
	free(svg);
	svg = svg_of(&sc, &o, MUSTER_SVG_HEADROOM);
	assert_non_null(strstr(svg, "no caps or ceilings"));
	free(svg);
	muster_scenario_release(&sc);
}

extern const char muster_data_world[];
extern const size_t muster_data_world_len;

/* The embedded shapes: one row per known country, each a closed SVG path in the box. */
static void test_world_data(void **state)
{
	(void)state;
	char *csv = xstrndup(muster_data_world, muster_data_world_len);
	char *save = NULL;
	size_t rows = 0;
	assert_non_null(strstr(csv, "code,name,path\n"));
	for (char *line = strtok_r(csv, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "code,", 5))
			continue;
		rows++;
		assert_true(strlen(line) > 4 && line[3] == ',');
		line[3] = '\0';
		const struct muster_nation *n = muster_nation_lookup(NULL, line);
		if (!n)
			fail_msg("world.csv: '%s' is not in the reference table", line);
		const char *path = strrchr(line + 4, ',');
		assert_non_null(path);
		assert_int_equal(path[1], 'M');
		assert_int_equal(path[strlen(path) - 1], 'z');
	}
	assert_true(rows >= 170);
	free(csv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_map),	       cmocka_unit_test(test_area_layers),
	    cmocka_unit_test(test_headroom),   cmocka_unit_test(test_html),
	    cmocka_unit_test(test_periods),    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_world_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
