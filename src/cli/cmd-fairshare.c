/*
 * cmd-fairshare.c: `muster fairshare`: each participant's fair share of a
 * total (a number, or a mission's top phase ceiling) by a key, against what
 * it offered and what a sourcing run (the latest, or --run ID) took from it
 * (burden index, fair person-days and the excess over them), as a table,
 * CSV, JSON or an SVG bar chart; and `--tradeoff`, which sources the mission
 * at a grid of fair-share weights and at the fully fair end
 * (muster_fair_tradeoff) and prints fill against the excess, the measure
 * the weight penalises, with who is above its share and what moved.
 *
 * The numbers come from the library (muster_fairshare_compute); this file
 * only parses options and prints. Unknown figures print as '-' in the table
 * and as empty cells (CSV) or null (JSON); a missing sourcing run is said
 * once, on stderr, so that CSV and JSON on stdout stay clean.
 */
#include "cli.h"
#include "cutil.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    N_("usage: muster fairshare [--mission M | --total N] --key K [options]\n"
       "\n"
       "Each participant's fair share of a total by a key, rounded to whole people\n"
       "so that the total is exact, with what it offered, what the latest sourcing\n"
       "run sourced from it, its burden index (sourced share / fair share), its\n"
       "fair person-days (its share of the person-days the mission's lines demand)\n"
       "and its excess (person-days sourced above them).\n"
       "\n"
       "options:\n"
       "  --mission M          the mission: its top phase ceiling is the total, its\n"
       "                       offers and latest sourcing run are compared\n"
       "  --run ID             with --mission: compare this sourcing run instead of\n"
       "                       the latest (see 'muster runs')\n"
       "  --total N            the total to share (people), instead of the ceiling\n"
       "  --key K              a keys.csv key, gdp (latest year), gdp-YYYY or equal\n"
       "  --participants P     members:ORG (e.g. members:NATO), offering (nations with\n"
       "                       offers for the mission; the default) or a list of\n"
       "                       nation codes separated by ';' or ','\n"
       "  --on DATE            membership date for members:ORG (default: the\n"
       "                       mission's start, else today)\n"
       "  --floor PCT          every participant gets at least PCT% of the total\n"
       "  --ceiling PCT        and at most PCT%\n"
       "  --method M           hamilton (largest remainder, default), webster\n"
       "                       (Sainte-Lague) or dhondt (Jefferson)\n"
       "  --with-requested     requested phases count for the top ceiling\n"
       "  --tradeoff           source the mission at fair-share weights 0, 1/32, 1/8,\n"
       "                       1/2, 2, 8, 32 and with no participant above its fair\n"
       "                       share (cap), with these fair shares, and print fill %\n"
       "                       against the excess: person-days sourced above the fair\n"
       "                       shares of the demand, the measure that the weight\n"
       "                       penalises (nothing is stored)\n"
       "  --weights W,...      with --tradeoff: these weights (>= 0) instead\n"
       "  --exact              with --tradeoff: the exact solver (default: fast)\n"
       "  --time-limit S       with --tradeoff --exact: seconds per solve (default 10)\n"
       "  --measure M          people (default) or cost: with --mission, each\n"
       "                       participant's paid cost of the run ('muster cost')\n"
       "                       against its fair share of all paid for the mission\n"
       "  --format F           table (default), csv, json or svg (a bar chart of\n"
       "                       fair against sourced shares)\n"
       "  -h, --help           this help\n");

struct fs_args {
	struct muster_fair_opts o;
	enum cli_format format;
	bool tradeoff, exact;
	bool cost; /* --measure cost */
	double time_limit;
	double weights[32]; /* --weights, nweights of them */
	size_t nweights;
	int64_t run_id; /* 0: the latest */
};

enum {
	OPT_MISSION = 256,
	OPT_TOTAL,
	OPT_KEY,
	OPT_PART,
	OPT_ON,
	OPT_FLOOR,
	OPT_CEIL,
	OPT_METHOD,
	OPT_REQ,
	OPT_TRADEOFF,
	OPT_EXACT,
	OPT_TLIMIT,
	OPT_FORMAT,
	OPT_RUN,
	OPT_WEIGHTS,
	OPT_MEASURE
};

static const struct option longopts[] = {
    {"mission", required_argument, NULL, OPT_MISSION},
    {"total", required_argument, NULL, OPT_TOTAL},
    {"key", required_argument, NULL, OPT_KEY},
    {"participants", required_argument, NULL, OPT_PART},
    {"on", required_argument, NULL, OPT_ON},
    {"floor", required_argument, NULL, OPT_FLOOR},
    {"ceiling", required_argument, NULL, OPT_CEIL},
    {"method", required_argument, NULL, OPT_METHOD},
    {"with-requested", no_argument, NULL, OPT_REQ},
    {"tradeoff", no_argument, NULL, OPT_TRADEOFF},
    {"exact", no_argument, NULL, OPT_EXACT},
    {"time-limit", required_argument, NULL, OPT_TLIMIT},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"run", required_argument, NULL, OPT_RUN},
    {"weights", required_argument, NULL, OPT_WEIGHTS},
    {"measure", required_argument, NULL, OPT_MEASURE},
    {NULL, 0, NULL, 0},
};

static int parse_pct(const char *opt, const char *s, double *out)
{
	return cli_parse_double("fairshare", opt, s, 0, 100, false, "a percentage 0..100", out);
}

/* "W,W,...": up to ARRAY_SIZE(a->weights) numbers >= 0. */
static int parse_weights(const char *arg, struct fs_args *a)
{
	struct muster_strlist parts = {0};
	int rc = 0;
	muster_strlist_split(&parts, arg, ',');
	if (!parts.nr || parts.nr > ARRAY_SIZE(a->weights))
		rc = cli_usage_error("fairshare",
				     "option '--weights': expected 1 to %zu weights, got '%s'",
				     ARRAY_SIZE(a->weights), arg);
	for (size_t i = 0; rc == 0 && i < parts.nr; i++)
		if (muster_parse_double(parts.items[i], &a->weights[i]) < 0 ||
		    !(a->weights[i] >= 0 && a->weights[i] <= MUSTER_FAIR_WEIGHT_MAX))
			rc = cli_usage_error(
			    "fairshare", "option '--weights': expected numbers 0 .. %.0f, got '%s'",
			    MUSTER_FAIR_WEIGHT_MAX, parts.items[i]);
	a->nweights = rc == 0 ? parts.nr : 0;
	muster_strlist_release(&parts);
	return rc;
}

static int parse_format(const char *s, enum cli_format *out)
{
	return cli_parse_format("fairshare", s, CLI_TABULAR | 1u << CLI_SVG, out);
}

static int parse_one(int c, const char *arg, struct fs_args *a)
{
	switch (c) {
	case OPT_RUN:
		return cli_parse_run("fairshare", arg, &a->run_id);
	case OPT_MISSION:
		a->o.mission = arg;
		return 0;
	case OPT_TOTAL:
		if (muster_parse_long(arg, 0, 100000000, &a->o.total) < 0)
			return cli_usage_error("fairshare",
					       "option '--total': expected a whole number "
					       "0..100000000, got '%s'",
					       arg);
		return 0;
	case OPT_KEY:
		a->o.key = arg;
		return 0;
	case OPT_PART:
		a->o.participants = arg;
		return 0;
	case OPT_ON:
		if (muster_date_parse(arg, &a->o.on) < 0)
			return cli_usage_error(
			    "fairshare", "option '--on': expected a date YYYY-MM-DD, got '%s'",
			    arg);
		return 0;
	case OPT_FLOOR:
		return parse_pct("floor", arg, &a->o.floor_pct);
	case OPT_CEIL: /* 0 would read as "no ceiling" in muster_fair_opts */
		if (parse_pct("ceiling", arg, &a->o.ceiling_pct))
			return 2;
		if (a->o.ceiling_pct > 0)
			return 0;
		return cli_usage_error(
		    "fairshare", "option '--ceiling': expected a percentage above 0, got '%s'",
		    arg);
	case OPT_METHOD:
		if (muster_fair_method_parse(arg, &a->o.method) < 0)
			return cli_usage_error("fairshare",
					       "option '--method': expected "
					       "hamilton|webster|dhondt, got '%s'",
					       arg);
		return 0;
	case OPT_REQ:
		a->o.with_requested = true;
		return 0;
	case OPT_TRADEOFF:
		a->tradeoff = true;
		return 0;
	case OPT_EXACT:
		a->exact = true;
		return 0;
	case OPT_TLIMIT:
		return cli_parse_double("fairshare", "time-limit", arg, 0, 1e6, true,
					"seconds > 0 and <= 1000000", &a->time_limit);
	case OPT_FORMAT:
		return parse_format(arg, &a->format);
	case OPT_MEASURE:
		if (strcmp(arg, "people") && strcmp(arg, "cost"))
			return cli_usage_error(
			    "fairshare", "option '--measure': expected people or cost, got '%s'",
			    arg);
		a->cost = !strcmp(arg, "cost");
		return 0;
	case OPT_WEIGHTS:
		return parse_weights(arg, a);
	}
	return cli_usage_error("fairshare", "unknown option");
}

static int parse_args(int argc, char **argv, struct fs_args *a)
{
	int c, rc;
	memset(a, 0, sizeof(*a));
	a->o.total = -1;
	a->time_limit = 10;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (c == '?')
			return cli_usage_error("fairshare", "unknown option '%s'",
					       argv[optind - 1]);
		if (c == ':')
			return cli_usage_error("fairshare", "option '%s' needs a value",
					       argv[optind - 1]);
		if ((rc = parse_one(c, optarg, a)) != 0)
			return rc;
	}
	if (optind < argc)
		return cli_usage_error("fairshare", "unexpected argument '%s'", argv[optind]);
	if (!a->o.key)
		return cli_usage_error("fairshare", "option '--key' is required");
	if (!a->o.mission && a->o.total < 0)
		return cli_usage_error("fairshare", "give '--mission M' or '--total N'");
	if (a->o.ceiling_pct > 0 && a->o.floor_pct > a->o.ceiling_pct)
		return cli_usage_error("fairshare", "floor %g%% is above ceiling %g%%",
				       a->o.floor_pct, a->o.ceiling_pct);
	if (a->cost && (!a->o.mission || a->tradeoff || a->format == CLI_SVG))
		return cli_usage_error("fairshare",
				       "option '--measure cost' needs '--mission' (and "
				       "goes with neither '--tradeoff' nor svg)");
	if (a->tradeoff && !a->o.mission)
		return cli_usage_error("fairshare", "option '--tradeoff' needs '--mission'");
	if (a->nweights && !a->tradeoff)
		return cli_usage_error("fairshare", "option '--weights' needs '--tradeoff'");
	if (a->tradeoff && a->format == CLI_SVG)
		return cli_usage_error("fairshare", "option '--tradeoff' prints no svg");
	if (a->run_id && (!a->o.mission || a->tradeoff))
		return cli_usage_error("fairshare", "option '--run' needs '--mission' (and no "
						    "'--tradeoff', which sources anew)");
	return 0;
}

static void print_summary(const struct muster_fairshare *fs)
{
	char day[11];
	muster_date_format(fs->on, day);
	printf(P_("fair share of %ld by key '%s' among %zu participant (%s",
		  "fair share of %ld by key '%s' among %zu participants (%s", fs->rows.nr),
	       fs->total, fs->key, fs->rows.nr, fs->participants);
	if (!strncmp(fs->participants, "members:", 8))
		printf(_(" on %s"), day);
	printf("), %s", muster_fair_method_name(fs->method));
	if (fs->mission)
		printf(_(", mission %s"), fs->mission);
	printf("\n");
	if (fs->has_run && fs->sourced_days > 0)
		printf(_("sourced: %.0f person-days (%.0f by non-participants); largest "
			 "|burden - 1|: %.2f\n"),
		       fs->sourced_days, fs->sourced_other, fs->max_burden_dev);
	if (fs->has_run && fs->demand_days > 0)
		printf(_("excess above fair shares: %.0f person-days (%.2f%% of the %.0f the "
			 "mission's lines demand)\n"),
		       fs->excess_days, 100 * fs->excess_days / fs->demand_days, fs->demand_days);
	printf("\n");
}

/* ---- the command ---------------------------------------------------------- */

static int print_fairshare(const struct muster_fairshare *fs, enum cli_format f)
{
	struct muster_table t;
	struct muster_error err = {0};
	char *svg = NULL;
	if (f == CLI_SVG) {
		if (muster_fairshare_svg(fs, &svg, &err) < 0) {
			int rc = cli_error(&err);
			muster_error_release(&err);
			return rc;
		}
		fputs(svg, stdout);
		free(svg);
		return 0;
	}
	muster_table_fairshare(fs, f == CLI_TABLE ? MUSTER_STYLE_TEXT : MUSTER_STYLE_DATA, &t);
	if (f == CLI_TABLE)
		print_summary(fs);
	int rc = table_print(&t, f, stdout);
	muster_table_release(&t);
	return rc;
}

/* --measure cost: the run's paid costs of the mission against the fair shares. */
static int print_fair_cost(const struct muster_scenario *sc, const struct muster_run *run,
			   const struct muster_fairshare *fs, enum cli_format f)
{
	struct muster_cost c = {0};
	struct muster_error err = {0};
	struct muster_cost_opts o = {.by = MUSTER_COST_BY_NATION,
				     .from = MUSTER_DATE_NONE,
				     .to = MUSTER_DATE_OPEN,
				     .mission = fs->mission};
	int rc = 0;
	if (!run) {
		rc = cli_fail("'--measure cost' needs a sourcing run of mission '%s'; run 'muster "
			      "source' first",
			      fs->mission);
		goto out;
	}
	if (muster_cost_compute(sc, run, &o, &c, &err) < 0) {
		rc = cli_error(&err);
		goto out;
	}
	struct muster_table t;
	muster_table_fair_cost(fs, &c, f == CLI_TABLE ? MUSTER_STYLE_TEXT : MUSTER_STYLE_DATA, &t);
	double others = c.paid;
	for (size_t i = 0; i < fs->rows.nr; i++)
		for (size_t r = 0; r < c.nr; r++)
			if (!strcmp(c.rows[r].group, fs->rows.items[i].nation))
				others -= c.rows[r].paid;
	fprintf(f == CLI_TABLE ? stdout : stderr,
		"paid for mission %s by run %lld: %.2f%s%s (%.2f by non-participants), fair "
		"shares by key '%s'\n",
		fs->mission, (long long)run->id, c.paid, c.currency ? " " : "",
		c.currency ? c.currency : "", others, fs->key);
	rc = table_print(&t, f, stdout);
	muster_table_release(&t);
	if (c.unpriced)
		fprintf(stderr,
			P_("muster: warning: %zu assignment matches no cost rate: its cost is not "
			   "known (not 0)\n",
			   "muster: warning: %zu assignments match no cost rate: their cost is not "
			   "known (not 0)\n",
			   c.unpriced),
			c.unpriced);
out:
	muster_cost_release(&c);
	muster_error_release(&err);
	return rc;
}

static int run_fairshare(struct cli *cli, const struct fs_args *a, const struct muster_scenario *sc)
{
	struct muster_run run = {0};
	struct muster_fairshare fs = {0};
	struct muster_error err = {0};
	bool have_run = false;
	int rc = 0;

	if (a->o.mission && muster_scenario_mission(sc, a->o.mission) &&
	    (rc = cli_run(cli, a->run_id, a->o.mission, &run, &have_run)) != 0)
		goto out;
	if (muster_fairshare_compute(sc, have_run ? &run : NULL, &a->o, &fs, &err) < 0) {
		rc = cli_error(&err);
		goto out;
	}
	if (fs.mission && !have_run)
		fprintf(
		    stderr,
		    _("muster: note: no sourcing run for mission '%s' yet (see 'muster source'); "
		      "sourced figures show '-'\n"),
		    fs.mission);
	struct muster_fairshare all = fs; /* as the actor may see it (policy) */
	memset(&fs, 0, sizeof(fs));
	rc = muster_view_fairshare(&all, &cli->actor, &fs, &err);
	size_t hidden = all.rows.nr - fs.rows.nr;
	muster_fairshare_release(&all);
	if (rc < 0) {
		rc = cli_error(&err);
		goto out;
	}
	if (hidden && a->format == CLI_SVG) {
		char *who = muster_actor_label(&cli->actor);
		rc = cli_fail("%s may read fair shares only in totals over nations; the chart "
			      "shows every nation",
			      who);
		free(who);
		goto out;
	}
	rc = a->cost ? print_fair_cost(sc, have_run ? &run : NULL, &fs, a->format)
		     : print_fairshare(&fs, a->format);
	if (hidden) {
		char *who = muster_actor_label(&cli->actor);
		fprintf(
		    stderr,
		    P_("muster: note: %zu nation's rows are not shown: %s reads fair shares only "
		       "in totals over nations\n",
		       "muster: note: %zu nations' rows are not shown: %s reads fair shares only "
		       "in totals over nations\n",
		       hidden),
		    hidden, who);
		free(who);
	}
out:
	muster_fairshare_release(&fs);
	muster_run_release(&run);
	muster_error_release(&err);
	return rc;
}

/* ---- --tradeoff ------------------------------------------------------------ */

static void print_tradeoff_head(const struct fs_args *a, const struct muster_tradeoff *tr)
{
	const struct muster_fairshare *fs = &tr->points.items[0].fs;
	printf(
	    P_("fill against fairness for mission %s, key '%s', %zu participant (%s), %s solver; "
	       "nothing stored\n",
	       "fill against fairness for mission %s, key '%s', %zu participants (%s), %s solver; "
	       "nothing stored\n",
	       fs->rows.nr),
	    a->o.mission, a->o.key, fs->rows.nr, fs->participants,
	    cli_solver_text(a->exact ? "exact" : "fast"));
	printf(_("excess: person-days sourced above the participants' fair shares of the %.0f "
		 "demanded,\nthe measure penalised at %g per person-day x weight (weight 1: a "
		 "priority-3 person-day)\n\n"),
	       fs->demand_days, MUSTER_FAIR_PRICE);
}

static int run_tradeoff(struct cli *cli, const struct fs_args *a, const struct muster_scenario *sc)
{
	struct muster_source_opts so = {0};
	struct muster_tradeoff tr;
	struct muster_error err = {0};
	struct muster_table t;
	size_t nw;
	const double *w = a->nweights ? a->weights : muster_tradeoff_weights(&nw);
	so.exact = a->exact;
	so.ctx = &cli->ctx;
	so.time_limit = a->time_limit;
	so.with_requested = a->o.with_requested;
	int rc = muster_fair_tradeoff(sc, &a->o, &so, w, a->nweights ? a->nweights : nw, &tr, &err);
	if (rc < 0) {
		rc = cli_error(&err);
		goto out;
	}
	muster_table_tradeoff(&tr, a->format == CLI_TABLE ? MUSTER_STYLE_TEXT : MUSTER_STYLE_DATA,
			      &t);
	if (a->format == CLI_TABLE)
		print_tradeoff_head(a, &tr);
	rc = table_print(&t, a->format, stdout);
	muster_table_release(&t);
out:
	muster_tradeoff_release(&tr);
	muster_error_release(&err);
	return rc;
}

/* --tradeoff names nations in its changes: for actors reading every fair-share row. */
static int tradeoff_allowed(const struct cli *cli)
{
	if (muster_policy_read(&cli->actor, MUSTER_OBJ_FAIRSHARE, NULL) == MUSTER_ACCESS_FULL)
		return 0;
	char *who = muster_actor_label(&cli->actor);
	int rc = cli_fail("%s may read fair shares only in totals over nations; '--tradeoff' "
			  "shows them per nation",
			  who);
	free(who);
	return rc;
}

static int exec_fairshare(struct cli *cli, int argc, char **argv)
{
	struct fs_args a;
	struct muster_scenario sc;
	int rc = parse_args(argc, argv, &a);
	if (rc)
		return rc;
	muster_scenario_init(&sc);
	rc = cli_load(cli, &sc);
	if (rc == 0)
		rc = cli_code(&sc, MUSTER_CODE_MISSION, &a.o.mission);
	if (rc == 0)
		rc = !a.tradeoff	     ? run_fairshare(cli, &a, &sc)
		     : tradeoff_allowed(cli) ? 1
					     : run_tradeoff(cli, &a, &sc);
	muster_scenario_release(&sc);
	return rc;
}

const struct cmd_entry cmd_fairshare = {
    .name = "fairshare",
    .summary = N_("fair shares by a key, offered and sourced, burden index"),
    .usage = usage,
    .exec = exec_fairshare,
    .applies_policy = true, /* muster_view_fairshare; tradeoff_allowed */
};
