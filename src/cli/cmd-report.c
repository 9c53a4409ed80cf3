/*
 * cmd-report.c: `muster report`: the posture report as one self-contained
 * HTML page (--html FILE) and/or its pictures as standalone SVG files
 * (--svg-dir DIR: posture-area.svg, posture-map.svg, cap-headroom.svg)
 * and/or its tables as a workbook (--xlsx FILE, one sheet per table).
 * The library draws (muster_report_*); this file parses options and writes
 * the files atomically.
 */
#include "cli.h"
#include "cutil.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage[] =
    N_("usage: muster report --html FILE [--svg-dir DIR] [--xlsx FILE] [--on DATE]\n"
       "                     [--from D] [--to D]\n"
       "                     [--by nation|region] [--top N] [--title TEXT]\n"
       "                     [--run ID | --no-run]\n"
       "                     [--with-requested] [--reference FILE:COLUMN]\n"
       "                     [--fair-key K]\n"
       "\n"
       "Write the posture report: posture over time as a stacked area by nation (or\n"
       "region), a world map shaded by personnel per country, the headroom of every\n"
       "cap and phase ceiling over time with breaches shaded, and tables of the\n"
       "numbers. The page is self-contained (inline CSS and SVG). Uses the\n"
       "deployments plus a sourcing run (the latest by default).\n"
       "\n"
       "  --html FILE       write the HTML page to FILE\n"
       "  --svg-dir DIR     write each picture as an SVG file into DIR (created),\n"
       "                    with --reference also reference.svg\n"
       "  --xlsx FILE       write the report's tables as a workbook, one sheet each\n"
       "                    (posture by nation, country and mission, the series,\n"
       "                    breaches; with a run: fill by line and phase, gaps by\n"
       "                    reason, soft caveats overridden, contributions vs\n"
       "                    fair share; with cost rates: costs by nation, budgets)\n"
       "  --on DATE         the map's date (default: the last day of the period)\n"
       "  --from D, --to D  the charts' period, [D, D) (default: the span of the data)\n"
       "  --by G            stack by nation (default) or region\n"
       "  --top N           bands before 'other' (default 8)\n"
       "  --title TEXT      the page's title\n"
       "  --run ID          the sourcing run: latest (default) or its id (see\n"
       "                    'muster runs')\n"
       "  --no-run          leave out the sourcing runs\n"
       "  --with-requested  requested phases count as approved\n"
       "  --reference FILE:COLUMN\n"
       "                    chart muster's total against a published series: the\n"
       "                    CSV FILE's column COLUMN by its 'date' (or 'Date') column;\n"
       "                    NA or empty cells are no figure\n"
       "  --fair-key K      the key of the contributions against fair share in the\n"
       "                    force generation section: a keys.csv key, gdp (default),\n"
       "                    gdp-YYYY, population-YYYY or equal (see 'muster fairshare')\n");

struct report_args {
	struct muster_report_opts opts;
	const char *html, *svg_dir, *xlsx, *reference;
	bool no_run;
	int64_t run_id; /* 0: the latest */
};

static int parse_date_opt(const char *opt, const char *s, int32_t *out)
{
	if (muster_date_parse(s, out) < 0)
		return cli_usage_error("report",
				       "option '%s': expected a date YYYY-MM-DD, got '%s'", opt, s);
	return 0;
}

static int parse_value(struct report_args *a, int c, const char *arg)
{
	long n;
	switch (c) {
	case 'r':
		return cli_parse_run("report", arg, &a->run_id);
	case 'H':
		a->html = arg;
		return 0;
	case 'S':
		a->svg_dir = arg;
		return 0;
	case 'X':
		a->xlsx = arg;
		return 0;
	case 'E':
		if (!strrchr(arg, ':') || strrchr(arg, ':') == arg || !strrchr(arg, ':')[1])
			return cli_usage_error("report",
					       "option '--reference': expected FILE:COLUMN, got "
					       "'%s'",
					       arg);
		a->reference = arg;
		return 0;
	case 'o':
		return parse_date_opt("--on", arg, &a->opts.on);
	case 'f':
		return parse_date_opt("--from", arg, &a->opts.from);
	case 't':
		return parse_date_opt("--to", arg, &a->opts.to);
	case 'b':
		if (strcmp(arg, "nation") && strcmp(arg, "region"))
			return cli_usage_error("report",
					       "option '--by': expected nation or region, "
					       "got '%s'",
					       arg);
		a->opts.by_region = !strcmp(arg, "region");
		return 0;
	case 'n':
		if (muster_parse_long(arg, 1, 30, &n) < 0)
			return cli_usage_error(
			    "report", "option '--top': expected a whole number 1..30, got '%s'",
			    arg);
		a->opts.top = (int)n;
		return 0;
	case 'T':
		a->opts.title = arg;
		return 0;
	case 'K':
		a->opts.fair_key = arg;
		return 0;
	}
	return cli_usage_error("report", "bad option");
}

static int parse_args(struct report_args *a, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"html", required_argument, NULL, 'H'},
	    {"svg-dir", required_argument, NULL, 'S'},
	    {"xlsx", required_argument, NULL, 'X'},
	    {"reference", required_argument, NULL, 'E'},
	    {"on", required_argument, NULL, 'o'},
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"by", required_argument, NULL, 'b'},
	    {"top", required_argument, NULL, 'n'},
	    {"title", required_argument, NULL, 'T'},
	    {"no-run", no_argument, NULL, 'R'},
	    {"run", required_argument, NULL, 'r'},
	    {"with-requested", no_argument, NULL, 'W'},
	    {"fair-key", required_argument, NULL, 'K'},
	    {NULL, 0, NULL, 0},
	};
	int c, rc;
	a->opts.on = a->opts.from = a->opts.to = MUSTER_DATE_NONE;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == '?')
			return cli_usage_error("report", "bad option");
		if (c == 'R' || c == 'W') {
			a->no_run |= c == 'R';
			a->opts.with_requested |= c == 'W';
			continue;
		}
		if ((rc = parse_value(a, c, optarg)))
			return rc;
	}
	if (optind < argc)
		return cli_usage_error("report", "unexpected argument '%s'", argv[optind]);
	if (a->no_run && a->run_id)
		return cli_usage_error("report", "'--run' and '--no-run' exclude each other");
	if (!a->html && !a->svg_dir && !a->xlsx)
		return cli_usage_error("report", "say where to write: '--html FILE', "
						 "'--svg-dir DIR' and/or '--xlsx FILE'");
	if (a->opts.from != MUSTER_DATE_NONE && a->opts.to != MUSTER_DATE_NONE &&
	    a->opts.from >= a->opts.to)
		return cli_usage_error("report", "'--from' must come before '--to'");
	return 0;
}

/* Each picture as DIR/<name>.svg, into the batch. */
static int add_svgs(const struct report_args *a, const struct muster_scenario *sc,
		    const struct muster_run *run, struct muster_file_batch *b,
		    struct muster_error *err)
{
	if (mkdir(a->svg_dir, 0777) < 0 && errno != EEXIST)
		return muster_error_set(err, MUSTER_EIO, _("%s: cannot create the folder: %s"),
					a->svg_dir, strerror(errno));
	for (int w = 0; w < MUSTER_SVG_COUNT; w++) {
		if (w == MUSTER_SVG_REFERENCE && !a->opts.reference)
			continue;
		char *svg = NULL;
		int rc = muster_report_svg(sc, run, &a->opts, (enum muster_report_svg)w, &svg, err);
		if (rc < 0)
			return rc;
		char *path = xstrfmt("%s/%s.svg", a->svg_dir,
				     muster_report_svg_name((enum muster_report_svg)w));
		rc = muster_file_batch_add(b, path, svg, strlen(svg), err);
		free(path);
		free(svg);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The report's tables as a workbook at a->xlsx, into the batch. */
static int add_xlsx(const struct report_args *a, const struct muster_scenario *sc,
		    const struct muster_run *run, struct muster_file_batch *b,
		    struct muster_error *err)
{
	struct muster_report_tables rt = {0};
	int rc = muster_report_tables(sc, run, &a->opts, &rt, err);
	if (rc < 0)
		return rc;
	const struct muster_table **t = xcalloc(rt.nr + 1, sizeof(*t));
	const char **names = xcalloc(rt.nr + 1, sizeof(*names));
	for (size_t i = 0; i < rt.nr; i++) {
		t[i] = &rt.items[i].table;
		names[i] = rt.items[i].name;
	}
	char *data = NULL;
	size_t len = 0;
	if (xlsx_book(t, names, rt.nr, &data, &len) < 0)
		rc = muster_error_set(err, MUSTER_EIO, _("%s: the workbook was not written"),
				      a->xlsx);
	else
		rc = muster_file_batch_add(b, a->xlsx, data, len, err);
	free(data);
	free(t);
	free(names);
	muster_report_tables_release(&rt);
	return rc;
}

/* The page and the pictures are written whole, then put in place together. */
static int write_report(const struct report_args *a, const struct muster_scenario *sc,
			const struct muster_run *run)
{
	struct muster_error err = {0};
	struct muster_file_batch b = {0};
	char *html = NULL;
	int rc = 0;
	if (a->html) {
		rc = muster_report_html(sc, run, &a->opts, &html, &err);
		if (!rc)
			rc = muster_file_batch_add(&b, a->html, html, strlen(html), &err);
	}
	if (!rc && a->svg_dir)
		rc = add_svgs(a, sc, run, &b, &err);
	if (!rc && a->xlsx)
		rc = add_xlsx(a, sc, run, &b, &err);
	if (!rc)
		rc = muster_file_batch_commit(&b, &err);
	muster_file_batch_release(&b);
	free(html);
	if (rc < 0) {
		rc = cli_error(&err);
		muster_error_release(&err);
	}
	return rc;
}

/* No output may be the database (a report over it destroyed it). */
static int check_outputs(struct cli *cli, const struct report_args *a)
{
	int rc = a->html ? cli_check_output(cli, a->html) : 0;
	if (!rc && a->xlsx)
		rc = cli_check_output(cli, a->xlsx);
	for (int w = 0; !rc && a->svg_dir && w < MUSTER_SVG_COUNT; w++) {
		if (w == MUSTER_SVG_REFERENCE && !a->reference)
			continue;
		char *file = xstrfmt("%s.svg", muster_report_svg_name((enum muster_report_svg)w));
		rc = cli_check_output_in(cli, a->svg_dir, file);
		free(file);
	}
	return rc;
}

static int exec_report(struct cli *cli, int argc, char **argv)
{
	struct report_args a = {0};
	struct muster_scenario sc;
	struct muster_run run = {0};
	struct muster_series ref = {0};
	bool have_run = false;
	int rc = parse_args(&a, argc, argv);
	if (rc)
		return rc;
	muster_scenario_init(&sc);
	if ((rc = cli_load(cli, &sc)) || (rc = check_outputs(cli, &a)))
		goto out;
	if (!a.no_run && (rc = cli_run(cli, a.run_id, NULL, &run, &have_run)))
		goto out;
	if (a.reference) {
		char *file = xstrdup(a.reference);
		char *colon = strrchr(file, ':');
		struct muster_error err = {0};
		*colon = '\0';
		if (muster_series_read(file, colon + 1, &ref, &err) < 0)
			rc = cli_error(&err);
		muster_error_release(&err);
		free(file);
		if (rc)
			goto out;
		a.opts.reference = &ref;
	}
	rc = write_report(&a, &sc, have_run ? &run : NULL);
out:
	muster_series_release(&ref);
	muster_run_release(&run);
	muster_scenario_release(&sc);
	return rc;
}

const struct cmd_entry cmd_report = {
    .name = "report",
    .summary = N_("write the posture report: HTML page with charts, world map, caps"),
    .usage = usage,
    .exec = exec_report,
};
