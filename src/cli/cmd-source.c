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
#include "cutil.h"

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
    N_("usage: muster source [--mission M] [--exact] [--time-limit S] [--with-requested]\n"
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
       "  -h, --help           this help\n");

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

/*
 * Write DIR/assignments.csv and DIR/gaps.csv whole into temporaries (the
 * batch), creating DIR if needed (*created); nothing is renamed into place
 * until muster_file_batch_commit(), so a failure leaves the folder as it was.
 */
static int prepare_outputs(const struct muster_run *run, const char *dir,
			   struct muster_file_batch *b, bool *created, struct muster_error *err)
{
	char *a = xstrfmt("%s/assignments.csv", dir), *g = xstrfmt("%s/gaps.csv", dir);
	int rc = 0;
	*created = mkdir(dir, 0777) == 0;
	if (!*created && errno != EEXIST)
		rc = muster_error_set(err, MUSTER_EIO, _("%s: cannot create the folder: %s"), dir,
				      strerror(errno));
	if (rc == 0) {
		struct muster_table t;
		muster_table_assignments(run, &t);
		char *csv = muster_table_csv(&t);
		muster_table_release(&t);
		rc = muster_file_batch_add(b, a, csv, strlen(csv), err);
		free(csv);
	}
	if (rc == 0) {
		struct muster_table t;
		muster_table_gaps(run, &t);
		char *csv = muster_table_csv(&t);
		muster_table_release(&t);
		rc = muster_file_batch_add(b, g, csv, strlen(csv), err);
		free(csv);
	}
	free(a);
	free(g);
	return rc;
}

/* Store the run, then put the prepared files in place: all, or none and no run. */
static int save_run(struct cli *cli, struct muster_run *run, const char *out,
		    struct muster_error *err)
{
	struct muster_file_batch b = {0};
	bool created = false;
	int rc = out ? prepare_outputs(run, out, &b, &created, err) : 0;
	/* a run of a past scenario (--as-of) is not stored: it would be stale */
	if (rc == 0 && !cli->as_of) {
		run->whatif = xstrdup_or_null(cli->whatif);
		rc = muster_db_run_save(cli->db, run, err);
	}
	if (rc == 0)
		rc = muster_file_batch_commit(&b, err);
	muster_file_batch_release(&b);
	if (rc < 0 && created)
		rmdir(out);
	return rc;
}

/* ---- summary ---------------------------------------------------------------- */

static double pct(double part, double whole)
{
	return whole > 0 ? 100.0 * part / whole : 0;
}

static void print_tables(const struct muster_run_summary *s, const struct muster_run *run)
{
	static const char *const ph[] = {"priority", "lines", "required person-days",
					 "filled person-days", "fill %"};
	static const char *const nh[] = {"nation", "assignments", "units", "peak personnel",
					 "person-days"};
	static const char *const gh[] = {"mission",	  "line",	    "from",   "to",
					 "missing units", "missing people", "reason", "detail"};
	const struct muster_priority_fill *bp = s->by_priority;
	struct muster_table t;

	muster_table_init(&t, 5, ph);
	for (size_t c = 0; c < 5; c++)
		muster_table_numeric(&t, c);
	for (int p = 1; p <= 5; p++)
		if (bp[p].lines)
			muster_table_addf(&t, "%d\t%zu\t%.0f\t%.0f\t%.1f", p, bp[p].lines,
					  bp[p].required, bp[p].filled,
					  pct(bp[p].filled, bp[p].required));
	printf(_("\nfill by priority\n"));
	table_print(&t, CLI_TABLE, stdout);
	muster_table_release(&t);

	const struct muster_nation_tally *bn = s->by_nation.items;
	muster_table_init(&t, 5, nh);
	for (size_t c = 1; c < 5; c++)
		muster_table_numeric(&t, c);
	for (size_t k = 0; k < s->by_nation.nr; k++)
		muster_table_addf(&t, "%s\t%zu\t%ld\t%ld\t%.0f", bn[k].nation, bn[k].assignments,
				  bn[k].units, bn[k].peak, bn[k].person_days);
	printf(_("\nby nation\n"));
	table_print(&t, CLI_TABLE, stdout);
	muster_table_release(&t);

	if (!run->gaps.nr)
		return;
	muster_table_init(&t, 8, gh);
	muster_table_numeric(&t, 4);
	muster_table_numeric(&t, 5);
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
		muster_table_add(&t, row);
	}
	printf(_("\ngaps\n"));
	table_print(&t, CLI_TABLE, stdout);
	if (run->gaps.nr > MAX_GAP_ROWS)
		printf(_("... and %zu more gaps (see gaps.csv with --out)\n"),
		       run->gaps.nr - MAX_GAP_ROWS);
	muster_table_release(&t);
}

static void print_summary(const struct muster_scenario *sc, const struct muster_run *run)
{
	struct muster_run_summary ov;
	muster_run_summarize(sc, run, &ov);
	if (run->id)
		printf(_("run %lld: "), (long long)run->id);
	else /* --as-of: a past scenario's run is not stored */
		printf(_("run of revision %lld (not stored): "), (long long)run->revision);
	printf(_("%s solver, %s, "), cli_solver_text(run->solver),
	       run->mission ? run->mission : _("all missions"));
	printf(P_("%zu assignment", "%zu assignments", run->assignments.nr), run->assignments.nr);
	printf(P_(", %zu gap\n", ", %zu gaps\n", run->gaps.nr), run->gaps.nr);
	if (isnan(run->fair_excess))
		printf(_("objective   %.0f\n"), run->objective);
	else /* the penalised objective solved, and its parts */
		printf(
		    _("objective   %.0f (value %.0f - %g x %.0f person-days above fair shares)\n"),
		    run->objective, run->value, run->fair_weight * MUSTER_FAIR_PRICE,
		    run->fair_excess);
	printf(_("best bound  %.0f\n"), run->bound);
	printf(_("gap         %.2f%%\n"), 100.0 * run->gap);
	printf(_("fill        %.1f%%\n"), run->fill);
	printf(_("time        %.2f s\n"), run->seconds);
	printf(P_("substitutes %zu assignment\n", "substitutes %zu assignments\n", ov.substitutes),
	       ov.substitutes);
	if (ov.soft) {
		char *ids = muster_strlist_join(&ov.overridden, ';');
		printf(P_("overridden  %zu soft caveat (%s)", "overridden  %zu soft caveats (%s)",
			  ov.overridden.nr),
		       ov.overridden.nr, ids);
		printf(P_(" in %zu assignment\n", " in %zu assignments\n", ov.soft), ov.soft);
		free(ids);
	} else {
		printf(_("overridden  no soft caveats\n"));
	}
	print_tables(&ov, run);
	muster_run_summary_release(&ov);
}

static int print_json(const struct muster_scenario *sc, const struct muster_run *run)
{
	struct muster_error err = {0};
	char *json = NULL;
	return cli_print_json(muster_json_run(sc, run, &json, &err), &json, &err);
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
	/*
	 * The run's warnings are part of its JSON summary: machine text, the
	 * same bytes in every language. The library writes them in the language
	 * of messages when it solves, so a JSON run is solved with messages in
	 * English (its warnings on stderr then match the JSON); a table run's
	 * warnings follow the language.
	 */
	char *lang = a.format == CLI_JSON ? cli_messages_english() : NULL;
	bool english = lang != NULL;
	rc = muster_source(&sc, &a.opts, &run, &err);
	cli_messages_restore(lang);
	if (isatty(STDERR_FILENO))
		fputs("\r\033[K", stderr);
	for (size_t i = 0; rc == 0 && i < run.warnings.nr; i++)
		if (english)
			fprintf(stderr, "muster: warning: %s\n", run.warnings.items[i]);
		else
			fprintf(stderr, _("muster: warning: %s\n"), run.warnings.items[i]);
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
				_("muster: hint: choose who shares with '--fair-participants' "
				  "(e.g. members:NATO) or another '--fair-key'\n"));
		goto out;
	}
	if (a.format == CLI_JSON)
		rc = print_json(&sc, &run);
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
    .summary = N_("source the force: assign offers to lines, explain every gap"),
    .usage = usage,
    .exec = exec_source,
};
