/*
 * cmd-burden.c: `muster burden`: each nation's people deployed abroad, per
 * million inhabitants, per billion US$ of GDP, and its share of them against
 * its share of a key (muster_burden_compute). Deployments only, unless
 * `--run ID` adds a sourcing run's assignments. Figures not known (no
 * population or GDP for the year, no value of the key) print `-` (empty in
 * CSV, null in JSON), never 0.
 */
#include "cli.h"
#include "cutil.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
    N_("usage: muster burden [--on DATE | --from D --to D] [--year YYYY] [--key K]\n"
       "                     [--mission M | --organization ORG] [--nation N]\n"
       "                     [--source S[,S...]] [--prefer S,S...] [--category C]\n"
       "                     [--run ID] [--format table|csv|json|xlsx]\n"
       "\n"
       "Each nation's burden: its people deployed abroad (outside its own country)\n"
       "against its population and GDP (World Bank, built in), and, with --key, its\n"
       "share of all those people against its share of the key.\n"
       "\n"
       "  --on DATE          the people deployed on DATE (default: today)\n"
       "  --from D --to D    the mean over [D, D), day by day\n"
       "  --year YYYY        population and GDP of that year (default: the date's,\n"
       "                     at most the latest year of each table)\n"
       "  --key K            a keys.csv key or a built-in: gdp, gdp-YYYY, population,\n"
       "                     population-YYYY, equal\n"
       "  --mission M        only people on mission M\n"
       "  --organization ORG only people on missions of ORG (e.g. UN)\n"
       "  --nation N         only nation N\n"
       "  --source, --prefer, --category: as for 'muster posture'\n"
       "  --run ID           add the assignments of sourcing run ID (or latest)\n"
       "  --format F         table (default), csv, json or xlsx (a workbook on stdout)\n");

struct burden_args {
	struct muster_burden_opts opts;
	bool has_on, has_run;
	int64_t run_id;
	enum cli_format format;
	char **lists[2];
};

static int parse_date(const char *opt, const char *s, int32_t *out)
{
	if (muster_date_parse(s, out) < 0)
		return cli_usage_error("burden",
				       "option '%s': expected a date YYYY-MM-DD, got '%s'", opt, s);
	return 0;
}

static int32_t today(void)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	return muster_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* A comma-separated list of names (no empty ones), NULL-terminated; 0 or an exit code. */
static int parse_list(struct burden_args *a, int which, const char *arg)
{
	const char *opt = which ? "--prefer" : "--source";
	if (a->lists[which])
		return cli_usage_error("burden", "option '%s' given twice", opt);
	size_t n;
	int rc = cli_parse_names("burden", opt, arg, &a->lists[which], &n);
	if (rc)
		return rc;
	const char *const *v = (const char *const *)a->lists[which];
	if (which) {
		a->opts.posture.prefer = v;
		a->opts.posture.nprefer = n;
	} else {
		a->opts.posture.sources = v;
		a->opts.posture.nsources = n;
	}
	return 0;
}

static int parse_value(struct burden_args *a, int c, const char *arg)
{
	long y;
	switch (c) {
	case 'o':
		a->has_on = true;
		return parse_date("--on", arg, &a->opts.from);
	case 'f':
		return parse_date("--from", arg, &a->opts.from);
	case 't':
		return parse_date("--to", arg, &a->opts.to);
	case 'y':
		if (muster_parse_long(arg, 1900, 2999, &y) < 0)
			return cli_usage_error(
			    "burden", "option '--year': expected a year YYYY, got '%s'", arg);
		a->opts.year = (int)y;
		return 0;
	case 'k':
		a->opts.key = arg;
		return 0;
	case 'm':
		a->opts.posture.mission = arg;
		return 0;
	case 'O':
		a->opts.posture.organization = arg;
		return 0;
	case 'n':
		a->opts.posture.nation = arg;
		return 0;
	case 'g':
		a->opts.posture.category = arg;
		return 0;
	case 's':
	case 'p':
		return parse_list(a, c == 's' ? 0 : 1, arg);
	case 'r':
		a->has_run = true;
		return cli_parse_run("burden", arg, &a->run_id);
	case 'F':
		return cli_parse_format("burden", arg, CLI_TABULAR_XLSX, &a->format);
	}
	return cli_usage_error("burden", "unknown option");
}

static int parse_args(struct burden_args *a, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"on", required_argument, NULL, 'o'},
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"year", required_argument, NULL, 'y'},
	    {"key", required_argument, NULL, 'k'},
	    {"mission", required_argument, NULL, 'm'},
	    {"organization", required_argument, NULL, 'O'},
	    {"nation", required_argument, NULL, 'n'},
	    {"category", required_argument, NULL, 'g'},
	    {"source", required_argument, NULL, 's'},
	    {"prefer", required_argument, NULL, 'p'},
	    {"run", required_argument, NULL, 'r'},
	    {"format", required_argument, NULL, 'F'},
	    {NULL, 0, NULL, 0},
	};
	int c, rc;
	bool has_from = false;
	a->opts.from = today();
	a->opts.to = MUSTER_DATE_NONE;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == '?')
			return cli_usage_error("burden", "bad option");
		has_from |= c == 'f';
		if ((rc = parse_value(a, c, optarg)))
			return rc;
	}
	if (optind < argc)
		return cli_usage_error("burden", "unexpected argument '%s'", argv[optind]);
	if (has_from != (a->opts.to != MUSTER_DATE_NONE))
		return cli_usage_error("burden", "a period needs both '--from' and '--to'");
	if (has_from && a->has_on)
		return cli_usage_error("burden", "'--on' does not go with '--from'/'--to'");
	if (has_from && a->opts.from >= a->opts.to)
		return cli_usage_error("burden", "'--from' must come before '--to'");
	if (a->opts.posture.mission && a->opts.posture.organization)
		return cli_usage_error("burden",
				       "'--mission' and '--organization' exclude each other");
	return 0;
}

static void free_lists(struct burden_args *a)
{
	for (int w = 0; w < 2; w++) {
		for (size_t i = 0; a->lists[w] && a->lists[w][i]; i++)
			free(a->lists[w][i]);
		free(a->lists[w]);
	}
}

/* A figure with `prec` decimals, or `unknown` when not known. */
static void add_num(struct strbuf *sb, double v, int prec, bool known, const char *unknown)
{
	if (known && !isnan(v))
		strbuf_addf(sb, "\t%.*f", prec, v);
	else
		strbuf_addf(sb, "\t%s", unknown);
}

static void print_burden(const struct burden_args *a, const struct muster_burden *b)
{
	const char *head[] = {"nation",	     "personnel", "population", "per_million", "gdp_usd_bn",
			      "per_billion", "share_pct", "key",	"key_pct",     "index"};
	size_t ncols = a->opts.key ? ARRAY_SIZE(head) : 7;
	const char *unknown = a->format == CLI_TABLE ? "-" : "";
	struct muster_table t;
	muster_table_init(&t, ncols, head);
	for (size_t i = 1; i < ncols; i++)
		muster_table_numeric(&t, i);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < b->nr; i++) {
		const struct muster_burden_row *r = &b->rows[i];
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s\t%ld", r->nation, r->personnel);
		add_num(&sb, r->population, 0, r->population >= 0, unknown);
		add_num(&sb, r->per_million, 1, true, unknown);
		add_num(&sb, r->gdp_usd / 1e9, 1, r->gdp_usd >= 0, unknown);
		add_num(&sb, r->per_billion, 2, true, unknown);
		add_num(&sb, r->personnel_share, 2, true, unknown);
		if (a->opts.key) {
			if (r->key >= 0)
				strbuf_addf(&sb, "\t%.15g", r->key);
			else
				strbuf_addf(&sb, "\t%s", unknown);
			add_num(&sb, r->key_share, 2, true, unknown);
			add_num(&sb, r->index, 2, true, unknown);
		}
		muster_table_addf(&t, "%s", sb.buf);
	}
	strbuf_release(&sb);
	table_print(&t, a->format, stdout);
	muster_table_release(&t);
}

/* "personnel abroad on 2012-06-15 ...; population and GDP of 2012" (stdout for the table). */
static void say_what(const struct burden_args *a, const struct muster_burden *b, FILE *out)
{
	char d1[11], d2[11];
	struct strbuf sb = STRBUF_INIT;
	muster_date_format(a->opts.from, d1);
	strbuf_addf(
	    &sb,
	    P_("%ld personnel abroad of %zu nation", "%ld personnel abroad of %zu nations", b->nr),
	    b->total, b->nr);
	if (a->opts.to == MUSTER_DATE_NONE) {
		strbuf_addf(&sb, _(" on %s"), d1);
	} else {
		muster_date_format(a->opts.to, d2);
		strbuf_addf(&sb, _(", the mean from %s to %s"), d1, d2);
	}
	if (a->opts.posture.mission)
		strbuf_addf(&sb, _(", mission %s"), a->opts.posture.mission);
	if (a->opts.posture.organization)
		strbuf_addf(&sb, _(", missions of %s"), a->opts.posture.organization);
	strbuf_addf(&sb, _("; population of %d, GDP of %d"), b->pop_year, b->gdp_year);
	if (a->opts.key)
		strbuf_addf(&sb, _(", key '%s'"), a->opts.key);
	fprintf(out, "%s\n", sb.buf);
	strbuf_release(&sb);
}

static int exec_burden(struct cli *cli, int argc, char **argv)
{
	struct burden_args a = {0};
	struct muster_scenario sc;
	struct muster_run run = {0};
	struct muster_burden b = {0};
	struct muster_error err = {0};
	bool have_run = false;
	int rc = parse_args(&a, argc, argv);
	if (rc) {
		free_lists(&a);
		return rc;
	}
	muster_scenario_init(&sc);
	if ((rc = cli_load(cli, &sc)) ||
	    (rc = cli_code(&sc, MUSTER_CODE_NATION, &a.opts.posture.nation)) ||
	    (rc = cli_code(&sc, MUSTER_CODE_MISSION, &a.opts.posture.mission)))
		goto out;
	if (a.has_run && (rc = cli_run(cli, a.run_id, NULL, &run, &have_run)))
		goto out;
	if (muster_burden_compute(&sc, have_run ? &run : NULL, &a.opts, &b, &err) < 0) {
		rc = cli_error(&err);
		goto out;
	}
	if (a.format == CLI_TABLE)
		say_what(&a, &b, stdout);
	print_burden(&a, &b);
	if (a.format != CLI_TABLE)
		say_what(&a, &b, stderr);
	if (b.overlaps)
		fprintf(stderr,
			P_("muster: warning: %zu overlap of sources adds up here (see 'muster "
			   "posture --by source'); choose with --source or --prefer\n",
			   "muster: warning: %zu overlaps of sources add up here (see 'muster "
			   "posture --by source'); choose with --source or --prefer\n",
			   b.overlaps),
			b.overlaps);
	if (!b.nr)
		fprintf(stderr, _("muster: no personnel abroad under these filters\n"));
out:
	muster_error_release(&err);
	muster_burden_release(&b);
	free_lists(&a);
	muster_run_release(&run);
	muster_scenario_release(&sc);
	return rc;
}

const struct cmd_entry cmd_burden = {
    .name = "burden",
    .summary = N_("each nation's people abroad per head, per GDP and against a key"),
    .usage = usage,
    .exec = exec_burden,
};
