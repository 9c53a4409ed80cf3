/*
 * cmd-source.c: `muster source`: source the scenario (DESIGN.md section 4),
 * store the run, write assignments.csv and gaps.csv, and print a summary.
 *
 * Decisions:
 * - The solve happens before anything is written; the run is stored in one
 *   transaction (muster_db_run_save) only after a complete solve, so an
 *   interrupted solve (Ctrl-C) leaves no partial run. The CSV files follow
 *   the contract's columns and order exactly. They are written whole into
 *   temporaries before the run is stored and renamed into place after it:
 *   a failure stores no run and leaves the --out folder as it was.
 * - The summary prints the objective, the best bound, the relative gap,
 *   fill %, time, then fill by priority (person-days: required, filled) and
 *   by nation (peak personnel, person-days), then the gaps (at most 40 rows
 *   on a table; all in gaps.csv).
 * - The default time limit is 60 s; a non-positive one is a usage error.
 */
#include "cli.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_TIME_LIMIT 60.0
/* Bounds of the number options: past them a figure is absurd, or overflows (1e308). */
#define MAX_TIME_LIMIT 1e6 /* seconds, 11.6 days */

#define MAX_GAP_ROWS 40

static const char usage[] =
    "usage: muster source [--mission M] [--exact] [--time-limit S] [--with-requested]\n"
    "                     [--out DIR] [--write-lp FILE] [--format table|json]\n"
    "                     [--fair-weight W] [--fair-key K] [--fair-participants P]\n"
    "\n"
    "Source the force: assign whole units of the offers to the requirement lines\n"
    "over time, within national caps and mission ceilings, explain every gap, store\n"
    "the run in the database (see muster check, muster report) and print a summary.\n"
    "\n"
    "options:\n"
    "  -m, --mission M      only mission M's lines (caps still count everything)\n"
    "  -x, --exact          solve the MILP exactly with GLPK (default: the fast solver)\n"
    "  -t, --time-limit S   end the run within S processor seconds: model, solver and\n"
    "                       gaps (default 60; > 0, at most 1000000); the solvers\n"
    "                       return their best\n"
    "  -r, --with-requested requested phases count like approved ones\n"
    "  -o, --out DIR        write DIR/assignments.csv and DIR/gaps.csv\n"
    "  -w, --write-lp FILE  also write the model in CPLEX LP format (glpsol, cbc)\n"
    "  --fair-weight W      penalise the person-days each mission sources from a\n"
    "                       participant above its fair share of the mission's demand\n"
    "                       (W >= 0, 0: off; each costs W x 16, so W = 1 prices it\n"
    "                       like a person-day filled on a priority-3 line)\n"
    "  --fair-key K         the fair-share key (default gdp; see muster fairshare)\n"
    "  --fair-participants P  who shares: members:ORG, offering (the default) or a\n"
    "                       list of nations (as muster fairshare --participants)\n"
    "  -f, --format F       table (default) or json summary\n"
    "  -h, --help           this help\n";

struct source_args {
	struct muster_source_opts opts;
	struct muster_fair_opts fair; /* opts.fair: key and participants */
	const char *out;
	enum cli_format format;
};

static int parse_args(int argc, char **argv, struct source_args *a)
{
	static const struct option longopts[] = {
	    {"mission", required_argument, NULL, 'm'},
	    {"exact", no_argument, NULL, 'x'},
	    {"time-limit", required_argument, NULL, 't'},
	    {"with-requested", no_argument, NULL, 'r'},
	    {"out", required_argument, NULL, 'o'},
	    {"write-lp", required_argument, NULL, 'w'},
	    {"format", required_argument, NULL, 'f'},
	    {"fair-weight", required_argument, NULL, 256},
	    {"fair-key", required_argument, NULL, 257},
	    {"fair-participants", required_argument, NULL, 258},
	    {NULL, 0, NULL, 0},
	};
	int c;
	a->opts.time_limit = DEFAULT_TIME_LIMIT;
	a->fair.key = "gdp";
	a->opts.fair = &a->fair;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":m:xt:ro:w:f:", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			a->opts.mission = optarg;
			break;
		case 'x':
			a->opts.exact = true;
			break;
		case 't':
			if (cli_parse_double("source", "time-limit", optarg, 0, MAX_TIME_LIMIT,
					     true, "a number of seconds > 0 and <= 1000000",
					     &a->opts.time_limit))
				return 2;
			break;
		case 'r':
			a->opts.with_requested = true;
			break;
		case 'o':
			a->out = optarg;
			break;
		case 'w':
			a->opts.write_lp = optarg;
			break;
		case 'f':
			if (cli_parse_format("source", optarg, 1u << CLI_TABLE | 1u << CLI_JSON,
					     &a->format))
				return 2;
			break;
		case 256: /* the fair-share term: src/lib/source_fair.c */
			if (cli_parse_double("source", "fair-weight", optarg, 0,
					     MUSTER_FAIR_WEIGHT_MAX, false,
					     "a number from 0 to 1000000", &a->opts.fair_weight))
				return 2;
			break;
		case 257:
			a->opts.fair_key = a->fair.key = optarg;
			break;
		case 258:
			a->fair.participants = optarg;
			break;
		case ':':
			return cli_usage_error("source", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return cli_usage_error("source", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("source", "unexpected argument '%s'", argv[optind]);
	return 0;
}

/* ---- CSV files ------------------------------------------------------------ */

static void csv_date(struct strbuf *sb, int32_t d, bool last)
{
	char buf[11];
	muster_date_format(d, buf);
	strbuf_addstr(sb, buf);
	strbuf_addch(sb, last ? '\n' : ',');
}

static void format_assignments(const struct muster_run *run, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "mission,line,offer,nation,units,personnel,from,to,capability,"
			   "substitute,soft_caveats,person_days\n");
	for (size_t i = 0; i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		strbuf_addcsv(&sb, a->mission);
		strbuf_addch(&sb, ',');
		strbuf_addcsv(&sb, a->line);
		strbuf_addch(&sb, ',');
		strbuf_addcsv(&sb, a->offer);
		strbuf_addch(&sb, ',');
		strbuf_addcsv(&sb, a->nation);
		strbuf_addf(&sb, ",%ld,%ld,", a->units, a->personnel);
		csv_date(&sb, a->from, false);
		csv_date(&sb, a->to, false);
		strbuf_addcsv(&sb, a->capability ? a->capability : "");
		strbuf_addf(&sb, ",%s,", a->substitute ? "yes" : "no");
		strbuf_addcsv(&sb, a->soft_caveats ? a->soft_caveats : "");
		strbuf_addf(&sb, ",%lld\n", (long long)a->person_days);
	}
	*out = sb;
}

static void format_gaps(const struct muster_run *run, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "mission,line,from,to,missing_units,missing_personnel,reason,detail\n");
	for (size_t i = 0; i < run->gaps.nr; i++) {
		const struct muster_gap *g = &run->gaps.items[i];
		strbuf_addcsv(&sb, g->mission);
		strbuf_addch(&sb, ',');
		strbuf_addcsv(&sb, g->line);
		strbuf_addch(&sb, ',');
		csv_date(&sb, g->from, false);
		csv_date(&sb, g->to, false);
		strbuf_addf(&sb, "%ld,", g->missing_units);
		if (g->missing_personnel >= 0) /* empty: not recorded (an older run) */
			strbuf_addf(&sb, "%ld", g->missing_personnel);
		strbuf_addf(&sb, ",%s,", muster_gap_reason_name(g->reason));
		strbuf_addcsv(&sb, g->detail ? g->detail : "");
		strbuf_addch(&sb, '\n');
	}
	*out = sb;
}

/*
 * Write DIR/assignments.csv and DIR/gaps.csv whole into temporaries (the
 * batch), creating DIR if needed (*created); nothing is renamed into place
 * until file_batch_commit(), so a failure leaves the folder as it was.
 */
static int prepare_outputs(const struct muster_run *run, const char *dir, struct file_batch *b,
			   bool *created, struct muster_error *err)
{
	char *a = xstrfmt("%s/assignments.csv", dir), *g = xstrfmt("%s/gaps.csv", dir);
	struct strbuf sa = STRBUF_INIT, sg = STRBUF_INIT;
	int rc = 0;
	*created = mkdir(dir, 0777) == 0;
	if (!*created && errno != EEXIST)
		rc = muster_error_set(err, MUSTER_EIO, "%s: cannot create the folder: %s", dir,
				      strerror(errno));
	if (rc == 0) {
		format_assignments(run, &sa);
		rc = file_batch_add(b, a, sa.buf, sa.len, err);
	}
	if (rc == 0) {
		format_gaps(run, &sg);
		rc = file_batch_add(b, g, sg.buf, sg.len, err);
	}
	strbuf_release(&sa);
	strbuf_release(&sg);
	free(a);
	free(g);
	return rc;
}

/* Store the run, then put the prepared files in place: all, or none and no run. */
static int save_run(struct cli *cli, struct muster_run *run, const char *out,
		    struct muster_error *err)
{
	struct file_batch b = {0};
	bool created = false;
	int rc = out ? prepare_outputs(run, out, &b, &created, err) : 0;
	/* a run of a past scenario (--as-of) is not stored: it would be stale */
	if (rc == 0 && !cli->as_of) {
		run->whatif = xstrdup_or_null(cli->whatif);
		rc = muster_db_run_save(cli->db, run, err);
	}
	if (rc == 0)
		rc = file_batch_commit(&b, err);
	file_batch_release(&b);
	if (rc < 0 && created)
		rmdir(out);
	return rc;
}

/* ---- summary ---------------------------------------------------------------- */

struct by_priority {
	size_t lines;
	double required, filled; /* person-days */
};

struct by_nation {
	const char *nation;
	size_t assignments;
	long units;
	double person_days;
	long peak;
};

static int cmp_requirement(const void *a, const void *b)
{
	const struct muster_requirement *x = *(const struct muster_requirement *const *)a;
	const struct muster_requirement *y = *(const struct muster_requirement *const *)b;
	int c = strcmp(x->mission, y->mission);
	return c ? c : strcmp(x->line, y->line);
}

static void tally_priority(const struct muster_scenario *sc, const struct muster_run *run,
			   struct by_priority bp[6])
{
	/* lines sorted by identity: a run can hold tens of thousands of assignments */
	const struct muster_requirement **by_id =
	    xmalloc((sc->requirements.nr + 1) * sizeof(*by_id));
	for (size_t i = 0; i < sc->requirements.nr; i++)
		by_id[i] = &sc->requirements.items[i];
	qsort(by_id, sc->requirements.nr, sizeof(*by_id), cmp_requirement);
	memset(bp, 0, 6 * sizeof(*bp));
	for (size_t i = 0; i < sc->requirements.nr; i++) {
		const struct muster_requirement *r = &sc->requirements.items[i];
		if ((run->mission && strcmp(run->mission, r->mission)) || r->priority < 1 ||
		    r->priority > 5 || r->to <= r->from)
			continue;
		bp[r->priority].lines++;
		bp[r->priority].required +=
		    (double)r->units * (double)r->personnel * (double)(r->to - r->from);
	}
	for (size_t i = 0; i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		const struct muster_requirement key = {.mission = a->mission, .line = a->line};
		const struct muster_requirement *kp = &key;
		const struct muster_requirement **hit =
		    bsearch(&kp, by_id, sc->requirements.nr, sizeof(*by_id), cmp_requirement);
		const struct muster_requirement *r = hit ? *hit : NULL;
		if (!r || r->priority < 1 || r->priority > 5)
			continue;
		/* credit min(o.personnel, r.personnel) per unit (DESIGN.md section 4) */
		long credit = a->units * r->personnel;
		if (a->personnel < credit)
			credit = a->personnel;
		bp[r->priority].filled += (double)credit * (double)(a->to - a->from);
	}
	free(by_id);
}

static int cmp_nation(const void *a, const void *b)
{
	return strcmp(((const struct by_nation *)a)->nation, ((const struct by_nation *)b)->nation);
}

struct event {
	int32_t day;
	long delta; /* + at from, - at to */
};

static int cmp_event(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (x->delta > y->delta) - (x->delta < y->delta); /* ends first: [from, to) */
}

/* The most people `nation` has assigned at once: a sweep over start and end days. */
static long peak_personnel(const struct muster_run *run, const char *nation)
{
	struct event *ev = xmalloc((2 * run->assignments.nr + 1) * sizeof(*ev));
	size_t n = 0;
	long at = 0, best = 0;
	for (size_t i = 0; i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		if (strcmp(a->nation, nation))
			continue;
		ev[n++] = (struct event){a->from, a->personnel};
		ev[n++] = (struct event){a->to, -a->personnel};
	}
	qsort(ev, n, sizeof(*ev), cmp_event);
	for (size_t i = 0; i < n; i++) {
		at += ev[i].delta;
		if (at > best)
			best = at;
	}
	free(ev);
	return best;
}

static struct by_nation *tally_nation(const struct muster_run *run, size_t *n)
{
	struct by_nation *bn = xcalloc(run->assignments.nr + 1, sizeof(*bn));
	*n = 0;
	for (size_t i = 0; i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		size_t k = 0;
		while (k < *n && strcmp(bn[k].nation, a->nation))
			k++;
		if (k == *n)
			bn[(*n)++].nation = a->nation;
		bn[k].assignments++;
		bn[k].units += a->units;
		bn[k].person_days += (double)a->personnel * (double)(a->to - a->from);
	}
	qsort(bn, *n, sizeof(*bn), cmp_nation);
	for (size_t k = 0; k < *n; k++)
		bn[k].peak = peak_personnel(run, bn[k].nation);
	return bn;
}

static double pct(double part, double whole)
{
	return whole > 0 ? 100.0 * part / whole : 0;
}

static void print_tables(const struct muster_scenario *sc, const struct muster_run *run)
{
	static const char *const ph[] = {"priority", "lines", "required person-days",
					 "filled person-days", "fill %"};
	static const char *const nh[] = {"nation", "assignments", "units", "peak personnel",
					 "person-days"};
	static const char *const gh[] = {"mission",	  "line",	    "from",   "to",
					 "missing units", "missing people", "reason", "detail"};
	struct by_priority bp[6];
	struct table t;
	size_t nn;

	tally_priority(sc, run, bp);
	table_init(&t, 5, ph);
	for (size_t c = 0; c < 5; c++)
		table_numeric(&t, c);
	for (int p = 1; p <= 5; p++)
		if (bp[p].lines)
			table_addf(&t, "%d\t%zu\t%.0f\t%.0f\t%.1f", p, bp[p].lines, bp[p].required,
				   bp[p].filled, pct(bp[p].filled, bp[p].required));
	printf("\nfill by priority\n");
	table_print(&t, CLI_TABLE, stdout);
	table_release(&t);

	struct by_nation *bn = tally_nation(run, &nn);
	table_init(&t, 5, nh);
	for (size_t c = 1; c < 5; c++)
		table_numeric(&t, c);
	for (size_t k = 0; k < nn; k++)
		table_addf(&t, "%s\t%zu\t%ld\t%ld\t%.0f", bn[k].nation, bn[k].assignments,
			   bn[k].units, bn[k].peak, bn[k].person_days);
	printf("\nby nation\n");
	table_print(&t, CLI_TABLE, stdout);
	table_release(&t);
	free(bn);

	if (!run->gaps.nr)
		return;
	table_init(&t, 8, gh);
	table_numeric(&t, 4);
	table_numeric(&t, 5);
	for (size_t i = 0; i < run->gaps.nr && i < MAX_GAP_ROWS; i++) {
		const struct muster_gap *g = &run->gaps.items[i];
		char f[11], to[11], miss[24], people[24] = "";
		muster_date_format(g->from, f);
		muster_date_format(g->to, to);
		snprintf(miss, sizeof(miss), "%ld", g->missing_units);
		if (g->missing_personnel >= 0)
			snprintf(people, sizeof(people), "%ld", g->missing_personnel);
		const char *row[] = {
		    g->mission, g->line, f, to, miss, people, muster_gap_reason_name(g->reason),
		    g->detail};
		table_add(&t, row);
	}
	printf("\ngaps\n");
	table_print(&t, CLI_TABLE, stdout);
	if (run->gaps.nr > MAX_GAP_ROWS)
		printf("... and %zu more gaps (see gaps.csv with --out)\n",
		       run->gaps.nr - MAX_GAP_ROWS);
	table_release(&t);
}

/* Assignments that fill as substitutes, and those that override soft caveats. */
struct overrides {
	size_t substitutes, soft;  /* assignments */
	struct muster_strlist ids; /* the soft caveats overridden, each once */
};

static void tally_overrides(const struct muster_run *run, struct overrides *ov)
{
	memset(ov, 0, sizeof(*ov));
	for (size_t i = 0; i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		struct muster_strlist ids = {0};
		ov->substitutes += a->substitute;
		if (!a->soft_caveats)
			continue;
		ov->soft++;
		muster_strlist_split(&ids, a->soft_caveats, ';');
		for (size_t k = 0; k < ids.nr; k++)
			if (!muster_strlist_has(&ov->ids, ids.items[k]))
				muster_strlist_push(&ov->ids, ids.items[k]);
		muster_strlist_release(&ids);
	}
}

static void print_summary(const struct muster_scenario *sc, const struct muster_run *run)
{
	struct overrides ov;
	tally_overrides(run, &ov);
	if (run->id)
		printf("run %lld: ", (long long)run->id);
	else /* --as-of: a past scenario's run is not stored */
		printf("run of revision %lld (not stored): ", (long long)run->revision);
	printf("%s solver, %s, %zu assignments, %zu gaps\n", run->solver,
	       run->mission ? run->mission : "all missions", run->assignments.nr, run->gaps.nr);
	if (isnan(run->fair_excess))
		printf("objective   %.0f\n", run->objective);
	else /* the penalised objective solved, and its parts */
		printf("objective   %.0f (value %.0f - %g x %.0f person-days above fair shares)\n",
		       run->objective, run->value, run->fair_weight * MUSTER_FAIR_PRICE,
		       run->fair_excess);
	printf("best bound  %.0f\n", run->bound);
	printf("gap         %.2f%%\n", 100.0 * run->gap);
	printf("fill        %.1f%%\n", run->fill);
	printf("time        %.2f s\n", run->seconds);
	printf("substitutes %zu assignment%s\n", ov.substitutes, ov.substitutes == 1 ? "" : "s");
	if (ov.soft) {
		char *ids = muster_strlist_join(&ov.ids, ';');
		printf("overridden  %zu soft caveat%s (%s) in %zu assignment%s\n", ov.ids.nr,
		       ov.ids.nr == 1 ? "" : "s", ids, ov.soft, ov.soft == 1 ? "" : "s");
		free(ids);
	} else {
		printf("overridden  no soft caveats\n");
	}
	muster_strlist_release(&ov.ids);
	print_tables(sc, run);
}

static void print_json(const struct muster_scenario *sc, const struct muster_run *run)
{
	struct strbuf sb = STRBUF_INIT;
	struct by_priority bp[6];
	size_t nn;
	if (run->id)
		strbuf_addf(&sb, "{\"run\":%lld,\"solver\":", (long long)run->id);
	else
		strbuf_addstr(&sb, "{\"run\":null,\"solver\":");
	strbuf_addjson(&sb, run->solver);
	strbuf_addstr(&sb, ",\"mission\":");
	if (run->mission)
		strbuf_addjson(&sb, run->mission);
	else
		strbuf_addstr(&sb, "null");
	strbuf_addf(&sb,
		    ",\"with_requested\":%s,\"objective\":%.17g,\"bound\":%.17g,\"gap\":%.17g,"
		    "\"fill\":%.17g,\"seconds\":%.6f,\"assignments\":%zu,\"gaps\":%zu",
		    run->with_requested ? "true" : "false", run->objective, run->bound, run->gap,
		    run->fill, run->seconds, run->assignments.nr, run->gaps.nr);
	if (!isnan(run->fair_excess))
		strbuf_addf(&sb, ",\"fair_weight\":%.17g,\"value\":%.17g,\"fair_excess\":%.17g",
			    run->fair_weight, run->value, run->fair_excess);
	struct overrides ov;
	tally_overrides(run, &ov);
	strbuf_addf(&sb,
		    ",\"substitute_assignments\":%zu,\"soft_caveat_assignments\":%zu,"
		    "\"soft_caveats_overridden\":[",
		    ov.substitutes, ov.soft);
	for (size_t k = 0; k < ov.ids.nr; k++) {
		strbuf_addstr(&sb, k ? "," : "");
		strbuf_addjson(&sb, ov.ids.items[k]);
	}
	strbuf_addch(&sb, ']');
	muster_strlist_release(&ov.ids);
	tally_priority(sc, run, bp);
	strbuf_addstr(&sb, ",\"by_priority\":[");
	for (int p = 1, first = 1; p <= 5; p++) {
		if (!bp[p].lines)
			continue;
		strbuf_addf(&sb,
			    "%s{\"priority\":%d,\"lines\":%zu,\"required_person_days\":%.0f,"
			    "\"filled_person_days\":%.0f}",
			    first ? "" : ",", p, bp[p].lines, bp[p].required, bp[p].filled);
		first = 0;
	}
	struct by_nation *bn = tally_nation(run, &nn);
	strbuf_addstr(&sb, "],\"by_nation\":[");
	for (size_t k = 0; k < nn; k++) {
		strbuf_addf(&sb, "%s{\"nation\":", k ? "," : "");
		strbuf_addjson(&sb, bn[k].nation);
		strbuf_addf(&sb,
			    ",\"assignments\":%zu,\"units\":%ld,\"peak_personnel\":%ld,"
			    "\"person_days\":%.0f}",
			    bn[k].assignments, bn[k].units, bn[k].peak, bn[k].person_days);
	}
	strbuf_addstr(&sb, "]}\n");
	fputs(sb.buf, stdout);
	free(bn);
	strbuf_release(&sb);
}

/* Processor seconds this process has used so far. */
static double process_seconds(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int exec_source(struct cli *cli, int argc, char **argv)
{
	struct source_args a = {0};
	struct muster_scenario sc;
	struct muster_run run = {0};
	struct muster_error err = {0};
	int rc = parse_args(argc, argv, &a);
	if (rc)
		return rc;
	muster_scenario_init(&sc);
	int64_t revision = 0;
	rc = cli_load_rev(cli, &sc, &revision);
	if (!rc)
		rc = cli_code(&sc, MUSTER_CODE_MISSION, &a.opts.mission);
	if (!rc && a.opts.write_lp)
		rc = cli_check_output(cli, a.opts.write_lp);
	if (!rc && a.out)
		rc = cli_check_output_in(cli, a.out, "assignments.csv");
	if (!rc && a.out)
		rc = cli_check_output_in(cli, a.out, "gaps.csv");
	if (rc)
		goto out;
	/* the limit bounds the whole command: loading the scenario counts too */
	a.opts.time_limit -= process_seconds();
	if (!(a.opts.time_limit > 0)) {
		rc = cli_fail("the time limit was reached while loading the scenario; no run was "
			      "made");
		goto out;
	}
	a.opts.ctx = &cli->ctx;
	rc = muster_source(&sc, &a.opts, &run, &err);
	if (isatty(STDERR_FILENO))
		fputs("\r\033[K", stderr);
	if (rc == 0) {
		run.revision = revision; /* stored only if still current */
		rc = save_run(cli, &run, a.out, &err);
		if (rc == MUSTER_ESTALE) {
			rc = cli_fail("%s; run 'muster source' again", err.msg);
			goto out;
		}
	}
	if (rc < 0) {
		int code = rc;
		rc = cli_error(&err);
		if (code == MUSTER_EINFEASIBLE && a.opts.fair_weight > 0)
			fprintf(stderr,
				"muster: hint: choose who shares with '--fair-participants' "
				"(e.g. members:NATO) or another '--fair-key'\n");
		goto out;
	}
	if (a.format == CLI_JSON)
		print_json(&sc, &run);
	else
		print_summary(&sc, &run);
out:
	muster_error_release(&err);
	muster_run_release(&run);
	muster_scenario_release(&sc);
	return rc;
}

const struct cmd_entry cmd_source = {
    .name = "source",
    .summary = "source the force: assign offers to lines, explain every gap",
    .usage = usage,
    .exec = exec_source,
};
