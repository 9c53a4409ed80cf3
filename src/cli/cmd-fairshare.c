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
#include "util.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: muster fairshare [--mission M | --total N] --key K [options]\n"
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
    "  --format F           table (default), csv, json or svg (a bar chart of\n"
    "                       fair against sourced shares)\n"
    "  -h, --help           this help\n";

struct fs_args {
	struct muster_fair_opts o;
	enum cli_format format;
	bool tradeoff, exact;
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
	OPT_WEIGHTS
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
		if (strtonum_d(parts.items[i], &a->weights[i]) < 0 ||
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
		if (strtonum_l(arg, 0, 100000000, &a->o.total) < 0)
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

/* ---- the table ---------------------------------------------------------- */

static const char *const head[] = {"nation",	   "key",	   "share_pct",	   "fair",
				   "offered_peak", "offered_days", "sourced_peak", "sourced_days",
				   "sourced_pct",  "burden",	   "fair_days",	   "excess_days"};

/* A number as text: whole numbers without decimals, others with `prec`. */
static void add_num(struct strbuf *sb, double v, int prec, bool known, const char *unknown)
{
	if (!known || isnan(v))
		strbuf_addstr(sb, unknown);
	else if (prec == 0)
		strbuf_addf(sb, "%.0f", v);
	else
		strbuf_addf(sb, "%.*f", prec, v);
}

static void fill_table(const struct muster_fairshare *fs, enum cli_format f, struct table *t)
{
	const char *unknown = f == CLI_TABLE ? "-" : "";
	table_init(t, ARRAY_SIZE(head), head);
	for (size_t c = 1; c < ARRAY_SIZE(head); c++)
		table_numeric(t, c);
	for (size_t i = 0; i < fs->rows.nr; i++) {
		const struct muster_fair_row *r = &fs->rows.items[i];
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s\t", r->nation);
		if (r->key == floor(r->key) && fabs(r->key) < 1e15)
			strbuf_addf(&sb, "%.0f", r->key);
		else
			strbuf_addf(&sb, "%.6g", r->key);
		strbuf_addch(&sb, '\t');
		add_num(&sb, r->share, 2, true, unknown);
		strbuf_addf(&sb, "\t%ld\t", r->fair);
		add_num(&sb, (double)r->offered_peak, 0, r->offered_peak >= 0, unknown);
		strbuf_addch(&sb, '\t');
		add_num(&sb, r->offered_days, 0, r->offered_days >= 0, unknown);
		strbuf_addch(&sb, '\t');
		add_num(&sb, (double)r->sourced_peak, 0, r->sourced_peak >= 0, unknown);
		strbuf_addch(&sb, '\t');
		add_num(&sb, r->sourced_days, 0, r->sourced_days >= 0, unknown);
		strbuf_addch(&sb, '\t');
		add_num(&sb, r->sourced_share, 2, fs->has_run, unknown);
		strbuf_addch(&sb, '\t');
		add_num(&sb, r->burden, 2, fs->has_run, unknown);
		strbuf_addch(&sb, '\t');
		add_num(&sb, r->fair_days, 0, r->fair_days >= 0, unknown);
		strbuf_addch(&sb, '\t');
		add_num(&sb, r->excess_days, 0, fs->has_run, unknown);
		table_addf(t, "%s", sb.buf);
		strbuf_release(&sb);
	}
}

static void print_summary(const struct muster_fairshare *fs)
{
	char day[11];
	muster_date_format(fs->on, day);
	printf("fair share of %ld by key '%s' among %zu participants (%s", fs->total, fs->key,
	       fs->rows.nr, fs->participants);
	if (!strncmp(fs->participants, "members:", 8))
		printf(" on %s", day);
	printf("), %s", muster_fair_method_name(fs->method));
	if (fs->mission)
		printf(", mission %s", fs->mission);
	printf("\n");
	if (fs->has_run && fs->sourced_days > 0)
		printf("sourced: %.0f person-days (%.0f by non-participants); largest "
		       "|burden - 1|: %.2f\n",
		       fs->sourced_days, fs->sourced_other, fs->max_burden_dev);
	if (fs->has_run && fs->demand_days > 0)
		printf("excess above fair shares: %.0f person-days (%.2f%% of the %.0f the "
		       "mission's lines demand)\n",
		       fs->excess_days, 100 * fs->excess_days / fs->demand_days, fs->demand_days);
	printf("\n");
}

/* ---- the SVG bar chart ------------------------------------------------- */

#define SVG_LEFT    56.0
#define SVG_TOP	    64.0
#define SVG_PLOT_H  260.0
#define SVG_BOTTOM  40.0
#define SVG_GROUP_W 30.0
#define SVG_BAR_W   11.0

/* A round tick step (1, 2 or 5 x 10^k) giving about five ticks up to `max`. */
static double nice_step(double max)
{
	double raw = max / 5, mag, steps[] = {1, 2, 5, 10};
	if (!(raw > 0))
		return 1;
	mag = pow(10, floor(log10(raw)));
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++)
		if (steps[i] * mag >= raw)
			return steps[i] * mag;
	return 10 * mag;
}

static double chart_max(const struct muster_fairshare *fs)
{
	double max = 0;
	for (size_t i = 0; i < fs->rows.nr; i++) {
		const struct muster_fair_row *r = &fs->rows.items[i];
		max = fmax(max, r->share);
		if (fs->has_run && !isnan(r->sourced_share))
			max = fmax(max, r->sourced_share);
	}
	return max > 0 ? max : 1;
}

static void svg_axis(struct strbuf *sb, double top, double step, double width)
{
	double base = SVG_TOP + SVG_PLOT_H;
	for (double v = 0; v <= top + step / 2; v += step) {
		double y = base - v / top * SVG_PLOT_H;
		strbuf_addf(sb,
			    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			    "stroke=\"#ddd\"/>\n<text x=\"%.1f\" y=\"%.1f\" "
			    "text-anchor=\"end\">%g%%</text>\n",
			    SVG_LEFT, y, width - 16, y, SVG_LEFT - 6, y + 4, v);
	}
	strbuf_addf(sb,
		    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n"
		    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n",
		    SVG_LEFT, SVG_TOP, SVG_LEFT, base, SVG_LEFT, base, width - 16, base);
	strbuf_addf(sb,
		    "<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" "
		    "text-anchor=\"middle\">share of the total</text>\n",
		    SVG_TOP + SVG_PLOT_H / 2, SVG_TOP + SVG_PLOT_H / 2);
}

static void svg_bar(struct strbuf *sb, double x, double v, double top, const char *fill,
		    const char *what, const char *nation)
{
	double h = v / top * SVG_PLOT_H, base = SVG_TOP + SVG_PLOT_H;
	strbuf_addf(sb,
		    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
		    "<title>",
		    x, base - h, SVG_BAR_W, h, fill);
	strbuf_addxml(sb, nation);
	strbuf_addf(sb, " %s: %.2f%%</title></rect>\n", what, v);
}

static void svg_groups(struct strbuf *sb, const struct muster_fairshare *fs, double top)
{
	double base = SVG_TOP + SVG_PLOT_H;
	for (size_t i = 0; i < fs->rows.nr; i++) {
		const struct muster_fair_row *r = &fs->rows.items[i];
		double x = SVG_LEFT + 6 + (double)i * SVG_GROUP_W;
		strbuf_addstr(sb, "<g class=\"nation\">\n");
		svg_bar(sb, x, r->share, top, "#4e79a7", "fair share", r->nation);
		if (fs->has_run && !isnan(r->sourced_share))
			svg_bar(sb, x + SVG_BAR_W, r->sourced_share, top, "#f28e2b", "sourced",
				r->nation);
		strbuf_addf(sb, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
			    x + SVG_BAR_W, base + 16);
		strbuf_addxml(sb, r->nation);
		strbuf_addstr(sb, "</text>\n</g>\n");
	}
}

static void svg_legend(struct strbuf *sb, const struct muster_fairshare *fs, double width)
{
	double x = width - 250;
	strbuf_addf(sb,
		    "<g class=\"legend\">\n<rect x=\"%.1f\" y=\"34\" width=\"12\" height=\"12\" "
		    "fill=\"#4e79a7\"/>\n<text x=\"%.1f\" y=\"44\">fair share</text>\n",
		    x, x + 16);
	if (fs->has_run)
		strbuf_addf(
		    sb,
		    "<rect x=\"%.1f\" y=\"34\" width=\"12\" height=\"12\" fill=\"#f28e2b\"/>\n"
		    "<text x=\"%.1f\" y=\"44\">sourced (person-days)</text>\n",
		    x + 80, x + 96);
	else
		strbuf_addf(sb, "<text x=\"%.1f\" y=\"44\">(no sourcing run)</text>\n", x + 80);
	strbuf_addstr(sb, "</g>\n");
}

static char *svg_chart(const struct muster_fairshare *fs)
{
	struct strbuf sb = STRBUF_INIT;
	double max = chart_max(fs), step = nice_step(max), top = ceil(max / step) * step;
	double width = fmax(SVG_LEFT + 6 + (double)fs->rows.nr * SVG_GROUP_W + 16, 460);
	double height = SVG_TOP + SVG_PLOT_H + SVG_BOTTOM;

	strbuf_addf(&sb,
		    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
		    "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"11\">\n"
		    "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
		    "<text x=\"%.1f\" y=\"20\" font-size=\"14\">",
		    width, height, width, height, SVG_LEFT);
	strbuf_addf(&sb, "Fair share of %ld by key ", fs->total);
	strbuf_addxml(&sb, fs->key);
	strbuf_addstr(&sb, " (");
	strbuf_addxml(&sb, fs->participants);
	if (!strncmp(fs->participants, "members:", 8)) {
		char day[11];
		muster_date_format(fs->on, day);
		strbuf_addf(&sb, " on %s", day);
	}
	if (fs->mission) {
		strbuf_addstr(&sb, ", mission ");
		strbuf_addxml(&sb, fs->mission);
	}
	strbuf_addstr(&sb, ")</text>\n");
	svg_axis(&sb, top, step, width);
	svg_groups(&sb, fs, top);
	svg_legend(&sb, fs, width);
	strbuf_addstr(&sb, "</svg>\n");
	return strbuf_detach(&sb, NULL);
}

/* ---- the command ---------------------------------------------------------- */

static int print_fairshare(const struct muster_fairshare *fs, enum cli_format f)
{
	struct table t;
	if (f == CLI_SVG) {
		char *svg = svg_chart(fs);
		fputs(svg, stdout);
		free(svg);
		return 0;
	}
	fill_table(fs, f, &t);
	if (f == CLI_TABLE)
		print_summary(fs);
	table_print(&t, f, stdout);
	table_release(&t);
	return 0;
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
		fprintf(stderr,
			"muster: note: no sourcing run for mission '%s' yet (see 'muster source'); "
			"sourced figures show '-'\n",
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
	rc = print_fairshare(&fs, a->format);
	if (hidden) {
		char *who = muster_actor_label(&cli->actor);
		fprintf(stderr,
			"muster: note: %zu nations' rows are not shown: %s reads fair shares only "
			"in totals over nations\n",
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

/* "NAT" for each participant above its fair share, ';'-joined. */
static void over_list(const struct muster_fairshare *fs, struct strbuf *sb)
{
	for (size_t i = 0; i < fs->rows.nr; i++)
		if (fs->rows.items[i].excess_days > 0)
			strbuf_addf(sb, "%s%s", sb->len ? ";" : "", fs->rows.items[i].nation);
}

/* What moved since the previous point: "NAT +pd" per participant whose
 * sourced person-days changed, the largest change first. */
static void changes_list(const struct muster_fairshare *fs, const struct muster_fairshare *prev,
			 struct strbuf *sb)
{
	size_t n = fs->rows.nr;
	bool *done = xcalloc(n + 1, sizeof(*done));
	for (;;) {
		size_t best = n;
		double bd = 0;
		for (size_t i = 0; i < n && prev; i++) {
			double d =
			    fs->rows.items[i].sourced_days - prev->rows.items[i].sourced_days;
			if (!done[i] && fabs(d) > 0.5 && (best == n || fabs(d) > fabs(bd))) {
				best = i;
				bd = d;
			}
		}
		if (best == n)
			break;
		done[best] = true;
		strbuf_addf(sb, "%s%s %+.0f", sb->len ? ";" : "", fs->rows.items[best].nation, bd);
	}
	free(done);
}

/* One row per point: weight, fill, the excess (the measure penalised), who
 * is above its share, what changed, and the penalised objective's figures. */
static void tradeoff_row(const struct muster_tradeoff *tr, size_t k, enum cli_format f,
			 struct table *t)
{
	const struct muster_tradeoff_point *pt = &tr->points.items[k];
	const struct muster_fairshare *fs = &pt->fs;
	struct strbuf sb = STRBUF_INIT, over = STRBUF_INIT, ch = STRBUF_INIT;
	const char *unknown = f == CLI_TABLE ? "-" : "";
	over_list(fs, &over);
	changes_list(fs, k ? &tr->points.items[k - 1].fs : NULL, &ch);
	if (isinf(pt->weight))
		strbuf_addstr(&sb, f == CLI_TABLE ? "cap" : "");
	else
		strbuf_addf(&sb, "%g", pt->weight);
	strbuf_addf(&sb, "\t%.2f\t%.0f\t", pt->run.fill, fs->excess_days);
	add_num(&sb, fs->demand_days > 0 ? 100 * fs->excess_days / fs->demand_days : NAN, 2, true,
		unknown);
	/* "none" is known; only the first point has no previous one to compare */
	strbuf_addf(&sb, "\t%s\t%s\t%.0f\t%.2f\t%.2f\t%s", over.len ? over.buf : "none",
		    ch.len ? ch.buf
		    : k	   ? "none"
			   : unknown,
		    pt->run.objective, 100 * pt->run.gap, pt->run.seconds,
		    isinf(pt->weight) ? "fully fair: no participant above its share"
		    : pt->weight == 0 ? "plain run"
				      : "");
	table_addf(t, "%s", sb.buf);
	strbuf_release(&sb);
	strbuf_release(&over);
	strbuf_release(&ch);
}

static void print_tradeoff_head(const struct fs_args *a, const struct muster_tradeoff *tr)
{
	const struct muster_fairshare *fs = &tr->points.items[0].fs;
	printf("fill against fairness for mission %s, key '%s', %zu participants (%s), %s solver; "
	       "nothing stored\n",
	       a->o.mission, a->o.key, fs->rows.nr, fs->participants, a->exact ? "exact" : "fast");
	printf("excess: person-days sourced above the participants' fair shares of the %.0f "
	       "demanded,\nthe measure penalised at %g per person-day x weight (weight 1: a "
	       "priority-3 person-day)\n\n",
	       fs->demand_days, MUSTER_FAIR_PRICE);
}

static int run_tradeoff(struct cli *cli, const struct fs_args *a, const struct muster_scenario *sc)
{
	static const char *const th[] = {"weight",     "fill_pct", "excess_days", "excess_pct",
					 "over_share", "changes",  "objective",	  "gap_pct",
					 "seconds",    "note"};
	struct muster_source_opts so = {0};
	struct muster_tradeoff tr;
	struct muster_error err = {0};
	struct table t;
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
	table_init(&t, ARRAY_SIZE(th), th);
	for (size_t c = 0; c < ARRAY_SIZE(th); c++)
		if (c != 4 && c != 5 && c != 9)
			table_numeric(&t, c);
	for (size_t k = 0; k < tr.points.nr; k++)
		tradeoff_row(&tr, k, a->format, &t);
	if (a->format == CLI_TABLE)
		print_tradeoff_head(a, &tr);
	table_print(&t, a->format, stdout);
	table_release(&t);
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
    .summary = "fair shares by a key, offered and sourced, burden index",
    .usage = usage,
    .exec = exec_fairshare,
    .applies_policy = true, /* muster_view_fairshare; tradeoff_allowed */
};
