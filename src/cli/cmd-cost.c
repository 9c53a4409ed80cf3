/*
 * cmd-cost.c: `muster cost`: what a sourcing run's assignments cost under the
 * scenario's rates (costs.csv), by nation, mission, line or year, and who
 * pays under the missions' funding rules (funding.csv): incurred (the cost
 * of what was sent), the part funded in common, and paid
 * (muster_cost_compute). An assignment no rate prices is counted as
 * unpriced and said so, never costed at 0.
 */
#include "cli.h"
#include "cutil.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    N_("usage: muster cost [--run ID] [--by nation|mission|line|year] [--mission M]\n"
       "                   [--from D] [--to D] [--key K] [--format table|csv|json|xlsx]\n"
       "\n"
       "What a sourcing run costs under the scenario's rates (costs.csv) and who\n"
       "pays it under the missions' funding rules (funding.csv).\n"
       "\n"
       "  --run ID       the run (default: the latest)\n"
       "  --by WHAT      nation (default: incurred by the sender, paid by each\n"
       "                 nation), mission, line or year\n"
       "  --mission M    only the assignments of mission M\n"
       "  --from D       only the days from D\n"
       "  --to D         only the days before D\n"
       "  --key K        by nation: also each nation's value of key K (keys.csv or a\n"
       "                 built-in, e.g. its defence expenditure in the currency) and\n"
       "                 what it pays as a percent of it (paid_pct_of_key)\n"
       "  --format F     table (default), csv, json or xlsx (a workbook on stdout)\n"
       "\n"
       "Columns: person_days sent; incurred, the cost of what was sent; common,\n"
       "the part of it funded in common; paid, what the nation pays (its own costs\n"
       "less the common part, plus its key's share of every common part); unpriced,\n"
       "assignments that no rate prices.\n");

struct cost_args {
	struct muster_cost_opts opts;
	int64_t run_id;
	enum cli_format format;
};

static int parse_date(const char *opt, const char *s, int32_t *out)
{
	if (muster_date_parse(s, out) < 0)
		return cli_usage_error("cost", "option '%s': expected a date YYYY-MM-DD, got '%s'",
				       opt, s);
	return 0;
}

static int parse_by(const char *s, enum muster_cost_by *by)
{
	static const char *const names[] = {"nation", "mission", "line", "year"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i])) {
			*by = (enum muster_cost_by)i;
			return 0;
		}
	return cli_usage_error(
	    "cost", "option '--by': expected nation, mission, line or year, got '%s'", s);
}

static int parse_args(struct cost_args *a, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"run", required_argument, NULL, 'r'},     {"by", required_argument, NULL, 'b'},
	    {"mission", required_argument, NULL, 'm'}, {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},      {"format", required_argument, NULL, 'F'},
	    {"key", required_argument, NULL, 'k'},     {NULL, 0, NULL, 0},
	};
	int c, rc = 0;
	a->opts.from = MUSTER_DATE_NONE;
	a->opts.to = MUSTER_DATE_OPEN;
	while (!rc && (c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			rc = cli_parse_run("cost", optarg, &a->run_id);
			break;
		case 'b':
			rc = parse_by(optarg, &a->opts.by);
			break;
		case 'm':
			a->opts.mission = optarg;
			break;
		case 'f':
			rc = parse_date("--from", optarg, &a->opts.from);
			break;
		case 't':
			rc = parse_date("--to", optarg, &a->opts.to);
			break;
		case 'k':
			a->opts.key = optarg;
			break;
		case 'F':
			rc = cli_parse_format("cost", optarg, CLI_TABULAR_XLSX, &a->format);
			break;
		default:
			return cli_usage_error("cost", "bad option");
		}
	}
	if (rc)
		return rc;
	if (optind < argc)
		return cli_usage_error("cost", "unexpected argument '%s'", argv[optind]);
	if (a->opts.key && a->opts.by != MUSTER_COST_BY_NATION)
		return cli_usage_error("cost", "option '--key' goes with '--by nation' only");
	if (a->opts.from != MUSTER_DATE_NONE && a->opts.to != MUSTER_DATE_OPEN &&
	    a->opts.from >= a->opts.to)
		return cli_usage_error("cost", "'--from' must come before '--to'");
	return 0;
}

/* "run 1: 38 assignments cost 12345.00 EUR, 2000.00 of it funded in common" */
static void say_what(const struct muster_run *run, const struct muster_cost *c, FILE *out)
{
	fprintf(out,
		P_("run %lld: %zu assignment costs %.2f%s%s, %.2f of it funded in common\n",
		   "run %lld: %zu assignments cost %.2f%s%s, %.2f of it funded in common\n",
		   c->assignments),
		(long long)run->id, c->assignments, c->incurred, c->currency ? " " : "",
		c->currency ? c->currency : "", c->common);
}

static int exec_cost(struct cli *cli, int argc, char **argv)
{
	struct cost_args a = {0};
	struct muster_scenario sc;
	struct muster_run run = {0};
	struct muster_cost c = {0};
	struct muster_error err = {0};
	bool have_run = false;
	int rc = parse_args(&a, argc, argv);
	if (rc)
		return rc;
	muster_scenario_init(&sc);
	if ((rc = cli_load(cli, &sc)) || (rc = cli_code(&sc, MUSTER_CODE_MISSION, &a.opts.mission)))
		goto out;
	if ((rc = cli_run(cli, a.run_id, a.opts.mission, &run, &have_run)))
		goto out;
	if (!have_run) {
		rc = cli_fail("no sourcing run to cost; run 'muster source' first");
		goto out;
	}
	if (muster_cost_compute(&sc, &run, &a.opts, &c, &err) < 0) {
		rc = cli_error(&err);
		goto out;
	}
	struct muster_table t;
	muster_table_cost(&c, a.format == CLI_TABLE ? MUSTER_STYLE_TEXT : MUSTER_STYLE_DATA, &t);
	say_what(&run, &c, a.format == CLI_TABLE ? stdout : stderr);
	rc = table_print(&t, a.format, stdout);
	muster_table_release(&t);
	if (c.unpriced)
		fprintf(stderr,
			P_("muster: warning: %zu assignment matches no cost rate: its cost is not "
			   "known (not 0); add rates to costs.csv\n",
			   "muster: warning: %zu assignments match no cost rate: their cost is not "
			   "known (not 0); add rates to costs.csv\n",
			   c.unpriced),
			c.unpriced);
	if (!c.assignments)
		fprintf(stderr,
			a.opts.mission ? _("muster: no assignments of run %lld in this period and "
					   "mission\n")
				       : _("muster: no assignments of run %lld in this period\n"),
			(long long)run.id);
out:
	muster_error_release(&err);
	muster_cost_release(&c);
	muster_run_release(&run);
	muster_scenario_release(&sc);
	return rc;
}

const struct cmd_entry cmd_cost = {
    .name = "cost",
    .summary = N_("what a sourcing run costs, and who pays it"),
    .usage = usage,
    .exec = exec_cost,
};
