/*
 * cmd-posture.c: `muster posture`: the global posture on a date, as a time
 * series, or as the change between two dates, from the deployments plus the
 * latest sourcing run (or --run ID); `--check` lists the breaches of caps, deadlines and
 * phase ceilings instead. The library computes (muster_posture_*); this file
 * parses options and prints through `struct muster_table`.
 *
 * Filters go through cli_code() (`usa` is USA; an unknown code is exit 1
 * with a suggestion). A posture without people says so on stderr, and a
 * check says what it checked ("checked 2 caps and 1 deadline for nation
 * 'USA': 1 breach", or "nothing to check: ..."), never a bare all-clear.
 */
#include "cli.h"
#include "cutil.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
    N_("usage: muster posture [--on DATE] [--by G] [--nation N] [--country C] [--mission M]\n"
       "                      [--from D --to D [--every STEP]] [--diff D1 D2]\n"
       "                      [--stat end|mean|peak|min] [--wide]\n"
       "                      [--source S[,S...]] [--prefer S,S...] [--category C]\n"
       "                      [--counted] [--run ID | --no-run] [--check [--with-requested]]\n"
       "                      [--cost] [--format table|csv|json|xlsx]\n"
       "\n"
       "The global posture: the people of every deployment plus the assignments of\n"
       "a sourcing run (the latest by default), grouped, with people on a mission in its host\n"
       "country (in_host) apart from those supporting it from elsewhere\n"
       "(out_of_host), and permanent apart from rotational (sourced assignments are\n"
       "rotational; other = temporary and support deployments).\n"
       "\n"
       "  --on DATE         the posture on DATE (default: today)\n"
       "  --by G[,G...]     group by nation (default), country, region, mission,\n"
       "                    kind, source, category or total; several: --by nation,mission\n"
       "  --nation N        only nation N (ISO 3166-1 alpha-3; usa means USA)\n"
       "  --country C       only people in country C\n"
       "  --mission M       only people on mission M\n"
       "                    (an unknown code is an error; no people is said on stderr)\n"
       "  --from D, --to D  a time series over [D, D), one row per date and group\n"
       "  --every STEP      the series' step: day, week, month (default), quarter, year\n"
       "  --stat S          one figure per step over all its days: end (its last\n"
       "                    day), mean, peak or min (default: the step's first day)\n"
       "  --wide            the series as one row per group, one column per date\n"
       "  --source S[,S]    only the deployments of these sources (see --by source;\n"
       "                    an imported file's name stands for its full path)\n"
       "  --prefer S,S      only these sources, and per nation, country and date\n"
       "                    the first of them that has deployments there\n"
       "  --category C      only deployments of category C (troops, police, ...)\n"
       "  --diff D1 D2      the change from D1 to D2 per group\n"
       "  --counted         only deployments that count against caps\n"
       "  --run ID          the sourcing run to add: latest (default) or its id\n"
       "                    (see 'muster runs')\n"
       "  --no-run          leave out the sourcing runs\n"
       "  --check           list every breach of a cap, deadline or phase ceiling,\n"
       "                    then what was checked (exit 0 all the same); --nation N:\n"
       "                    N's caps; --country C: caps in C and the ceilings of\n"
       "                    missions hosted by C; --mission M: M's ceilings\n"
       "  --with-requested  with --check: requested phases count as approved\n"
       "  --cost            with --from and --to: what the posture costs per step\n"
       "                    (costs.csv: deployments by person-day rates, the run's\n"
       "                    assignments by every basis), by nation, country, mission\n"
       "                    or total; what no rate prices is counted as unpriced\n"
       "  --format F        table (default), csv, json or xlsx (a workbook on stdout)\n");

enum mode { MODE_ON, MODE_SERIES, MODE_DIFF, MODE_CHECK };

struct posture_args {
	enum mode mode;
	struct muster_posture_opts opts;
	int32_t on, from, to, d1, d2;
	enum muster_posture_every every;
	bool no_run, with_requested, cost;
	int64_t run_id; /* 0: the latest */
	enum cli_format format;
	int32_t *dates; /* the dates to compute (owned), ascending */
	size_t ndates;
	bool swapped; /* --diff D1 D2 with D1 > D2: dates[0] is D2 */
	bool has_stat, wide;
	enum muster_posture_stat stat;
	char **lists[2];		  /* --source and --prefer, split at commas (owned) */
	const struct muster_actor *actor; /* whose view: muster_view_posture */
};

static int parse_date_opt(const char *opt, const char *s, int32_t *out)
{
	if (muster_date_parse(s, out) < 0)
		return cli_usage_error("posture",
				       "option '%s': expected a date YYYY-MM-DD, got '%s'", opt, s);
	return 0;
}

static int parse_format(const char *s, enum cli_format *out)
{
	return cli_parse_format("posture", s, CLI_TABULAR_XLSX, out);
}

static int32_t today(void)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	return muster_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static int lib_usage(struct muster_error *err)
{
	int rc = cli_usage_error("posture", "%s", err->msg);
	muster_error_release(err);
	return rc;
}

/* --source A,B or --prefer A,B: names without empty ones; 0 or an exit code. */
static int parse_sources(struct posture_args *a, int which, const char *arg)
{
	const char *opt = which ? "--prefer" : "--source";
	if (a->lists[which])
		return cli_usage_error("posture", "option '%s' given twice", opt);
	size_t n;
	int rc = cli_parse_names("posture", opt, arg, &a->lists[which], &n);
	if (rc)
		return rc;
	const char *const *v = (const char *const *)a->lists[which];
	if (which) {
		a->opts.prefer = v;
		a->opts.nprefer = n;
	} else {
		a->opts.sources = v;
		a->opts.nsources = n;
	}
	return 0;
}

static void free_lists(struct posture_args *a)
{
	for (int w = 0; w < 2; w++) {
		for (size_t i = 0; a->lists[w] && a->lists[w][i]; i++)
			free(a->lists[w][i]);
		free(a->lists[w]);
	}
}

/* Options that take a value, parsed one by one; returns 0 or an exit code. */
static int parse_value(struct posture_args *a, int c, const char *arg, int argc, char **argv)
{
	struct muster_error err = {0};
	switch (c) {
	case 'r':
		return cli_parse_run("posture", arg, &a->run_id);
	case 'o':
		return parse_date_opt("--on", arg, &a->on);
	case 'b': {
		enum muster_posture_by bys[MUSTER_POSTURE_MAX_BY];
		size_t n = 0;
		if (muster_posture_by_parse_list(arg, bys, &n, &err))
			return lib_usage(&err);
		a->opts.by = bys[0];
		a->opts.nthen = n - 1;
		memcpy(a->opts.then, bys + 1, (n - 1) * sizeof(bys[0]));
		return 0;
	}
	case 'S':
		a->has_stat = true;
		return muster_posture_stat_parse(arg, &a->stat, &err) ? lib_usage(&err) : 0;
	case 's':
	case 'p':
		return parse_sources(a, c == 's' ? 0 : 1, arg);
	case 'g':
		a->opts.category = arg;
		return 0;
	case 'n':
		a->opts.nation = arg;
		return 0;
	case 'c':
		a->opts.country = arg;
		return 0;
	case 'm':
		a->opts.mission = arg;
		return 0;
	case 'f':
		a->mode = MODE_SERIES;
		return parse_date_opt("--from", arg, &a->from);
	case 't':
		a->mode = MODE_SERIES;
		return parse_date_opt("--to", arg, &a->to);
	case 'e':
		return muster_posture_every_parse(arg, &a->every, &err) ? lib_usage(&err) : 0;
	case 'F':
		return parse_format(arg, &a->format);
	case 'd':
		if (optind >= argc)
			return cli_usage_error("posture", "option '--diff' needs two dates");
		a->mode = MODE_DIFF;
		if (parse_date_opt("--diff", arg, &a->d1))
			return 2;
		return parse_date_opt("--diff", argv[optind++], &a->d2);
	}
	return cli_usage_error("posture", "unknown option");
}

/* The dates to compute, checked before anything is opened; 0 or an exit code. */
static int make_dates(struct posture_args *a)
{
	struct muster_error err = {0};
	if (a->mode == MODE_SERIES) {
		if (muster_posture_dates(a->from, a->to, a->every, &a->dates, &a->ndates, &err) < 0)
			return lib_usage(&err);
		return 0;
	}
	if (a->mode == MODE_DIFF) {
		if (a->d1 == a->d2)
			return cli_usage_error("posture", "'--diff' needs two different dates");
		a->swapped = a->d1 > a->d2;
		a->dates = xmalloc(2 * sizeof(*a->dates));
		a->dates[0] = a->swapped ? a->d2 : a->d1;
		a->dates[1] = a->swapped ? a->d1 : a->d2;
		a->ndates = 2;
		return 0;
	}
	a->dates = xmalloc(sizeof(*a->dates));
	a->dates[0] = a->on;
	a->ndates = 1;
	return 0;
}

static int parse_args(struct posture_args *a, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"on", required_argument, NULL, 'o'},
	    {"by", required_argument, NULL, 'b'},
	    {"nation", required_argument, NULL, 'n'},
	    {"country", required_argument, NULL, 'c'},
	    {"mission", required_argument, NULL, 'm'},
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"every", required_argument, NULL, 'e'},
	    {"diff", required_argument, NULL, 'd'},
	    {"format", required_argument, NULL, 'F'},
	    {"counted", no_argument, NULL, 'C'},
	    {"no-run", no_argument, NULL, 'R'},
	    {"run", required_argument, NULL, 'r'},
	    {"check", no_argument, NULL, 'K'},
	    {"with-requested", no_argument, NULL, 'W'},
	    {"stat", required_argument, NULL, 'S'},
	    {"wide", no_argument, NULL, 'w'},
	    {"source", required_argument, NULL, 's'},
	    {"prefer", required_argument, NULL, 'p'},
	    {"category", required_argument, NULL, 'g'},
	    {"cost", no_argument, NULL, 'X'}, /* issue 15 */
	    {NULL, 0, NULL, 0},
	};
	bool check = false, has_on = false, has_every = false;
	int c, rc;
	a->every = MUSTER_EVERY_MONTH;
	a->from = a->to = MUSTER_DATE_NONE;
	a->on = today();
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == '?')
			return cli_usage_error("posture", "bad option");
		has_on |= c == 'o';
		has_every |= c == 'e';
		a->wide |= c == 'w';
		if (c == 'w')
			continue;
		a->cost |= c == 'X';
		if (c == 'X')
			continue;
		if (c == 'C' || c == 'R' || c == 'K' || c == 'W') {
			a->opts.counted_only |= c == 'C';
			a->no_run |= c == 'R';
			check |= c == 'K';
			a->with_requested |= c == 'W';
			continue;
		}
		if ((rc = parse_value(a, c, optarg, argc, argv)))
			return rc;
	}
	if (optind < argc)
		return cli_usage_error("posture", "unexpected argument '%s'", argv[optind]);
	if (a->no_run && a->run_id)
		return cli_usage_error("posture", "'--run' and '--no-run' exclude each other");
	if (a->mode == MODE_SERIES && (a->from == MUSTER_DATE_NONE || a->to == MUSTER_DATE_NONE))
		return cli_usage_error("posture", "a time series needs both '--from' and '--to'");
	if (has_every && a->mode != MODE_SERIES)
		return cli_usage_error("posture", "'--every' needs '--from' and '--to'");
	if ((a->has_stat || a->wide) && a->mode != MODE_SERIES)
		return cli_usage_error("posture", "'%s' needs '--from' and '--to'",
				       a->has_stat ? "--stat" : "--wide");
	if (a->has_stat && a->every == MUSTER_EVERY_DAY)
		return cli_usage_error("posture", "'--stat' needs a step longer than a day");
	if (a->mode != MODE_ON && has_on)
		return cli_usage_error("posture",
				       "'--on' does not go with '--from'/'--to' or '--diff'");
	if (a->cost && (a->mode != MODE_SERIES || check || a->wide || a->has_stat || a->lists[0] ||
			a->lists[1] || a->opts.nthen))
		return cli_usage_error("posture", _("'--cost' needs '--from' and '--to' and goes "
						    "with one '--by', without '--check', '--wide', "
						    "'--stat', '--source' or '--prefer'"));
	if (check) {
		if (a->mode != MODE_ON || has_on)
			return cli_usage_error("posture", "'--check' takes no dates");
		if (a->lists[0] || a->lists[1] || a->opts.category || a->opts.nthen)
			return cli_usage_error("posture",
					       "'--check' counts every source and category: it "
					       "takes no '--source', '--prefer', '--category' or "
					       "list of groupings");
		a->mode = MODE_CHECK;
	}
	return make_dates(a);
}

static enum muster_table_style style(enum cli_format f)
{
	return f == CLI_TABLE ? MUSTER_STYLE_TEXT : MUSTER_STYLE_DATA;
}

/* Whether `day` lies in the coverage of one of the sources `cov` (those that count). */
static bool covered(const struct muster_source_coverage *cov, const bool *counts, size_t n,
		    int32_t day)
{
	for (size_t i = 0; i < n; i++)
		if (counts[i] && day >= cov[i].from &&
		    (cov[i].to == MUSTER_DATE_OPEN || day < cov[i].to))
			return true;
	return false;
}

/*
 * The series wide: one row per group, one column of personnel per date; a
 * date that no source counted covers has "-" (empty in CSV, null in JSON),
 * not 0: nothing is known there.
 */
static int print_wide(const struct muster_posture *p, enum cli_format f,
		      const struct muster_source_coverage *cov, const bool *counts, size_t ncov)
{
	bool *known = xmalloc((p->ndates ? p->ndates : 1) * sizeof(*known));
	for (size_t d = 0; d < p->ndates; d++)
		known[d] = covered(cov, counts, ncov, p->dates[d]);
	struct muster_table t;
	muster_table_posture_wide(p, known, style(f), &t);
	int rc = table_print(&t, f, stdout);
	muster_table_release(&t);
	free(known);
	return rc;
}

/* Whether source `name` counts under the filters (--source, --prefer). */
static bool source_counts(const struct posture_args *a, const char *name)
{
	if (!a->opts.nsources && !a->opts.nprefer)
		return true;
	for (size_t i = 0; i < a->opts.nsources; i++)
		if (muster_source_name_matches(name, a->opts.sources[i]))
			return true;
	for (size_t i = 0; i < a->opts.nprefer; i++)
		if (muster_source_name_matches(name, a->opts.prefer[i]))
			return true;
	return false;
}

/*
 * Sources whose coverage leaves out a date asked for: said on stderr, so
 * that a 0 or an absent row there is not read as "nobody" (the run's
 * assignments are no source of data: they are left out).
 */
static void say_coverage(const struct posture_args *a, const struct muster_source_coverage *cov,
			 const bool *counts, size_t n)
{
	bool named = a->opts.nsources || a->opts.nprefer, hole = false;
	for (size_t d = 0; d < a->ndates && !named && !hole; d++)
		hole = !covered(cov, counts, n, a->dates[d]);
	for (size_t i = 0; i < n; i++) {
		/* named sources, or every source where a date is outside them all */
		if (!counts[i] || !strcmp(cov[i].name, "(scenario)") || (!named && !hole))
			continue;
		size_t out = 0;
		int32_t first = 0;
		for (size_t d = 0; d < a->ndates; d++) {
			int32_t day = a->dates[d];
			if (day < cov[i].from ||
			    (cov[i].to != MUSTER_DATE_OPEN && day >= cov[i].to)) {
				if (!out++)
					first = day;
			}
		}
		if (!out)
			continue;
		char f[11], t[11], x[11];
		muster_date_format(cov[i].from, f);
		muster_date_format(first, x);
		if (cov[i].to != MUSTER_DATE_OPEN)
			muster_date_format(cov[i].to, t);
		/* an open end is its own sentence: no English "open" in the French */
		if (cov[i].to == MUSTER_DATE_OPEN && out == 1)
			fprintf(stderr,
				_("muster: note: source '%s' covers %s to open: %s is outside it "
				  "(no figure there is a 0)\n"),
				cov[i].name, f, x);
		else if (cov[i].to == MUSTER_DATE_OPEN)
			fprintf(stderr,
				_("muster: note: source '%s' covers %s to open: %zu dates from %s "
				  "are outside it (no figure there is a 0)\n"),
				cov[i].name, f, out, x);
		else if (out == 1)
			fprintf(stderr,
				_("muster: note: source '%s' covers %s to %s: %s is outside it (no "
				  "figure there is a 0)\n"),
				cov[i].name, f, t, x);
		else
			fprintf(
			    stderr,
			    _("muster: note: source '%s' covers %s to %s: %zu dates from %s are "
			      "outside it (no figure there is a 0)\n"),
			    cov[i].name, f, t, out, x);
	}
}

/* Two sources for one nation in one country at once: said once per pair, on stderr. */
static void say_overlaps(const struct muster_posture *p)
{
	enum { SHOWN = 10 };
	for (size_t i = 0; i < p->noverlaps && i < SHOWN; i++) {
		const struct muster_posture_overlap *o = &p->overlaps[i];
		char on[11];
		muster_date_format(o->on, on);
		fprintf(stderr,
			_("muster: warning: %s in %s: sources '%s' (%ld) and '%s' (%ld) both count "
			  "on %s and are added up; choose with --source or --prefer\n"),
			o->nation, o->country, o->a, o->people_a, o->b, o->people_b, on);
	}
	if (p->noverlaps > SHOWN)
		fprintf(stderr,
			_("muster: warning: and %zu more overlaps of sources (see --by source)\n"),
			p->noverlaps - SHOWN);
	if (p->noverlaps)
		fprintf(stderr, _("muster: the column 'overlap' counts the people of those sources "
				  "on each row\n"));
}

static int print_posture(const struct muster_posture *p, bool series, enum cli_format f)
{
	struct muster_table t;
	muster_table_posture(p, series, style(f), &t);
	int rc = table_print(&t, f, stdout);
	muster_table_release(&t);
	return rc;
}

static int print_diff(const struct muster_posture *p, bool swapped, enum cli_format f)
{
	struct muster_table t;
	muster_table_posture_diff(p, swapped, style(f), &t);
	int rc = table_print(&t, f, stdout);
	muster_table_release(&t);
	return rc;
}

/* Prints the breaches of `bl` that pass the --nation/--country/--mission filters. */
static int print_breaches(const struct muster_breach_list *bl, const struct muster_posture_opts *o,
			  enum cli_format f)
{
	struct muster_table t;
	muster_table_breaches(bl, o, &t);
	int rc = table_print(&t, f, stdout);
	muster_table_release(&t);
	return rc;
}

static size_t count_breaches(const struct muster_breach_list *bl,
			     const struct muster_posture_opts *o)
{
	size_t n = 0;
	for (size_t i = 0; i < bl->nr; i++)
		n += muster_breach_matches(&bl->items[i], o);
	return n;
}

/* " for nation 'USA' in country 'AFG' on mission 'NMI'" (empty without filters). */
static void add_filters(struct strbuf *sb, const struct muster_posture_opts *o)
{
	/* the first filter after " for", the others after a comma: no English glued in */
	bool first = true;
	if (o->nation) {
		strbuf_addf(sb, first ? _(" for nation '%s'") : _(", nation '%s'"), o->nation);
		first = false;
	}
	if (o->country) {
		strbuf_addf(sb, first ? _(" for country '%s'") : _(", country '%s'"), o->country);
		first = false;
	}
	if (o->mission)
		strbuf_addf(sb, first ? _(" for mission '%s'") : _(", mission '%s'"), o->mission);
}

/* "2 caps, 1 deadline and the phase ceilings of 1 mission", leaving out zeros. */
static void add_scope(struct strbuf *sb, const struct muster_check_scope *s)
{
	char *part[3];
	size_t n = 0;
	if (s->caps)
		part[n++] = xstrfmt(P_("%zu cap", "%zu caps", s->caps), s->caps);
	if (s->deadlines)
		part[n++] =
		    xstrfmt(P_("%zu deadline", "%zu deadlines", s->deadlines), s->deadlines);
	if (s->missions)
		part[n++] = xstrfmt(P_("the phase ceilings of %zu mission",
				       "the phase ceilings of %zu missions", s->missions),
				    s->missions);
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(sb, "%s%s", i == 0 ? "" : i + 1 == n ? _(" and ") : ", ", part[i]);
		free(part[i]);
	}
}

/*
 * What a check looked at, so that a filtered check is never a bare
 * all-clear: "checked 2 caps and 1 deadline for nation 'USA': 1 breach".
 * With nothing in scope it says so, and gives no verdict.
 */
static void say_checked(const struct posture_args *a, const struct muster_scenario *sc,
			size_t breaches, FILE *out)
{
	struct muster_check_scope s;
	struct strbuf sb = STRBUF_INIT;
	muster_posture_check_scope(sc, &a->opts, &s);
	if (!s.caps && !s.deadlines && !s.missions) {
		strbuf_addstr(&sb, _("nothing to check: no cap, deadline or phase ceiling"));
		add_filters(&sb, &a->opts);
	} else {
		strbuf_addstr(&sb, _("checked "));
		add_scope(&sb, &s);
		add_filters(&sb, &a->opts);
		if (breaches)
			strbuf_addf(&sb, P_(": %zu breach", ": %zu breaches", breaches), breaches);
		else
			strbuf_addstr(&sb, _(": no breach"));
	}
	fprintf(out, "%s\n", sb.buf);
	strbuf_release(&sb);
}

static int check_and_print(const struct posture_args *a, const struct muster_scenario *sc,
			   const struct muster_breach_list *bl)
{
	size_t n = count_breaches(bl, &a->opts);
	if ((n || a->format != CLI_TABLE) && print_breaches(bl, &a->opts, a->format))
		return 1;
	/* the summary: under the table, or on stderr where stdout is data */
	if (a->format == CLI_TABLE && n)
		putchar('\n');
	say_checked(a, sc, n, a->format == CLI_TABLE ? stdout : stderr);
	return 0;
}

static bool posture_empty(const struct muster_posture *p)
{
	for (size_t i = 0; i < p->ndates * p->ngroups; i++)
		if (p->cells[i].personnel)
			return false;
	return true;
}

/* "no deployments or assignments for nation 'FRA' on 2021-02-18", on stderr. */
static void say_empty(const struct posture_args *a, bool have_run)
{
	struct strbuf sb = STRBUF_INIT;
	char d1[11], d2[11];
	/* one phrase per case: no English word glued into a translation */
	if (a->opts.counted_only)
		strbuf_addstr(&sb, have_run ? _("no counted deployments or assignments")
					    : _("no counted deployments"));
	else
		strbuf_addstr(&sb,
			      have_run ? _("no deployments or assignments") : _("no deployments"));
	add_filters(&sb, &a->opts);
	if (a->mode == MODE_SERIES) {
		muster_date_format(a->from, d1);
		muster_date_format(a->to, d2);
		strbuf_addf(&sb, _(" from %s to %s"), d1, d2);
	} else {
		muster_date_format(a->dates[0], d1);
		strbuf_addf(&sb, _(" on %s"), d1);
		if (a->mode == MODE_DIFF) {
			muster_date_format(a->dates[1], d2);
			strbuf_addf(&sb, _(" or %s"), d2);
		}
	}
	fprintf(stderr, _("muster: %s\n"), sb.buf);
	strbuf_release(&sb);
}

/* --cost: the posture's cost per step and group, the total and what is unpriced on stderr. */
static int cost_and_print(const struct posture_args *a, const struct muster_scenario *sc,
			  const struct muster_run *run)
{
	struct muster_error err = {0};
	struct muster_posture_cost c;
	struct muster_table t;
	int rc =
	    muster_posture_cost_compute(sc, run, &a->opts, a->dates, a->ndates, a->to, &c, &err);
	if (rc < 0) {
		muster_posture_cost_release(&c);
		rc = rc == MUSTER_EINVAL ? cli_usage_error("posture", "%s", err.msg)
					 : cli_error(&err);
		muster_error_release(&err);
		return rc;
	}
	muster_table_posture_cost(&c, style(a->format), &t);
	rc = table_print(&t, a->format, stdout);
	muster_table_release(&t);
	fprintf(stderr, _("muster: the posture costs %.2f %s over the period%s\n"), c.cost,
		c.currency ? c.currency : "", run ? _(", the run's assignments included") : "");
	if (c.unpriced)
		fprintf(
		    stderr,
		    P_("muster: warning: %zu deployment or assignment (counted per step) matches "
		       "no cost rate: its cost is not known (not 0); add person-day rates to "
		       "costs.csv\n",
		       "muster: warning: %zu deployments or assignments (counted per step) match "
		       "no cost rate: their cost is not known (not 0); add person-day rates to "
		       "costs.csv\n",
		       c.unpriced),
		    c.unpriced);
	if (!c.nr)
		say_empty(a, run != NULL);
	muster_posture_cost_release(&c);
	return rc;
}

static int compute_and_print(const struct posture_args *a, const struct muster_scenario *sc,
			     const struct muster_run *run)
{
	struct muster_error err = {0};
	struct muster_posture p = {0};
	int rc = 0;
	if (a->cost)
		return cost_and_print(a, sc, run);
	if (a->mode == MODE_CHECK) {
		struct muster_breach_list bl = {0};
		rc = muster_posture_check(sc, run, a->with_requested, &bl, &err);
		if (!rc)
			rc = check_and_print(a, sc, &bl);
		muster_breach_list_release(&bl);
		goto out;
	}
	if (a->has_stat)
		rc = muster_posture_compute_stat(sc, run, &a->opts, a->dates, a->ndates, a->to,
						 a->stat, &p, &err);
	else
		rc = muster_posture_compute(sc, run, &a->opts, a->dates, a->ndates, &p, &err);
	if (rc < 0)
		goto out;
	struct muster_posture all = p; /* as the actor may see it (policy) */
	memset(&p, 0, sizeof(p));
	rc = muster_view_posture(&all, a->actor, &p, &err);
	muster_posture_release(&all);
	if (rc < 0)
		goto out;
	struct muster_source_coverage *cov = NULL;
	size_t ncov = 0;
	(void)muster_source_coverages(sc, &cov, &ncov, &err);
	bool *counts = xcalloc(ncov ? ncov : 1, sizeof(*counts));
	for (size_t i = 0; i < ncov; i++)
		counts[i] = source_counts(a, cov[i].name);
	if (a->wide)
		rc = print_wide(&p, a->format, cov, counts, ncov);
	else if (a->mode == MODE_DIFF)
		rc = print_diff(&p, a->swapped, a->format);
	else
		rc = print_posture(&p, a->mode == MODE_SERIES, a->format);
	say_overlaps(&p);
	say_coverage(a, cov, counts, ncov);
	if (!rc && posture_empty(&p))
		say_empty(a, run != NULL);
	free(counts);
	muster_source_coverages_release(cov, ncov);
out:
	if (rc < 0) {
		rc = cli_error(&err);
		muster_error_release(&err);
	}
	muster_posture_release(&p);
	return rc;
}

/*
 * What the policy refuses before computing: an actor reading posture cells
 * only in totals over nations (a viewer) may not ask for one nation, and
 * --check lists breaches of caps, which needs caps read in full.
 */
static int posture_access(const struct cli *cli, const struct posture_args *a)
{
	const struct muster_actor *who = &cli->actor;
	int rc = 0;
	char *label = muster_actor_label(who);
	if (a->opts.nation &&
	    muster_policy_read(who, MUSTER_OBJ_POSTURE, a->opts.nation) != MUSTER_ACCESS_FULL)
		rc = cli_fail("%s may read the posture only in totals over nations; drop "
			      "'--nation'",
			      label);
	else if (a->mode == MODE_CHECK &&
		 (muster_policy_read(who, MUSTER_OBJ_CAP, NULL) != MUSTER_ACCESS_FULL ||
		  muster_policy_read(who, MUSTER_OBJ_CAP, who->nation) != MUSTER_ACCESS_FULL))
		rc = cli_fail("%s may not read caps, so not their breaches ('--check')", label);
	else if (a->cost &&
		 (muster_policy_read(who, MUSTER_OBJ_COST, NULL) != MUSTER_ACCESS_FULL ||
		  (a->opts.by != MUSTER_POSTURE_BY_TOTAL &&
		   muster_policy_read(who, MUSTER_OBJ_POSTURE, NULL) != MUSTER_ACCESS_FULL)))
		rc = cli_fail(_("%s may read the posture's cost only in totals; use '--by total'"),
			      label);
	free(label);
	return rc;
}

static int exec_posture(struct cli *cli, int argc, char **argv)
{
	struct posture_args a = {0};
	struct muster_scenario sc;
	struct muster_run run = {0};
	bool have_run = false;
	int rc = parse_args(&a, argc, argv);
	if (rc) {
		free(a.dates);
		free_lists(&a);
		return rc;
	}
	muster_scenario_init(&sc);
	if ((rc = cli_load(cli, &sc)) || (rc = cli_code(&sc, MUSTER_CODE_NATION, &a.opts.nation)) ||
	    (rc = cli_code(&sc, MUSTER_CODE_COUNTRY, &a.opts.country)) ||
	    (rc = cli_code(&sc, MUSTER_CODE_MISSION, &a.opts.mission)))
		goto out;
	if ((rc = posture_access(cli, &a)))
		goto out;
	if (!a.no_run && (rc = cli_run(cli, a.run_id, NULL, &run, &have_run)))
		goto out;
	a.actor = &cli->actor;
	rc = compute_and_print(&a, &sc, have_run ? &run : NULL);
out:
	free(a.dates);
	free_lists(&a);
	muster_run_release(&run);
	muster_scenario_release(&sc);
	return rc;
}

const struct cmd_entry cmd_posture = {
    .name = "posture",
    .summary = N_("the global posture on a date, over time, or between two dates"),
    .usage = usage,
    .exec = exec_posture,
    .applies_policy = true, /* muster_view_posture; posture_access */
};
