/*
 * cmd-whatif.c: `muster whatif`: named what-if scenarios, each a layer of
 * changes over the base or over another what-if (muster_whatif_apply in
 * whatif.c defines the change syntax), and the side-by-side diff of two
 * scenarios.
 *
 * A change is stored only after it applied cleanly to the scenario it
 * extends (loaded with its earlier changes): a bad change is refused and
 * nothing is stored. For the diff, each side's fill and gaps come from a
 * stored sourcing run, the two sourced alike (same solver, options and
 * mission scope: else a solver's difference would show as the what-if's); a
 * side without a run is sourced now as the other's was (not stored), and
 * runs sourced differently are refused with the commands that fix it.
 */
#include "cli.h"
#include "cutil.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
    N_("usage: muster whatif new NAME [--base B]\n"
       "       muster whatif add NAME CHANGE...\n"
       "       muster whatif list [--format table|csv|json|xlsx]\n"
       "       muster whatif show NAME\n"
       "       muster whatif rm NAME\n"
       "       muster whatif diff A B [--mission M] [--on DATE] [--key K] [--all]\n"
       "                              [--format table|csv|json|xlsx]\n"
       "\n"
       "What-if scenarios are named layers of changes over the base scenario (or\n"
       "over another what-if, --base B); run any command on one with\n"
       "'muster --scenario NAME COMMAND'. Changes (one per argument when the first\n"
       "argument holds a blank, else all arguments form one change):\n"
       "\n"
       "  withdraw nation=N mission=M from=D   N leaves mission M from D\n"
       "  withdraw nation=N country=C from=D   N leaves country C from D\n"
       "      (deployments end at D; offers end at D, or are kept out by a caveat)\n"
       "  cap nation=N country=C limit=L [from=D] [to=D] [note=TEXT]\n"
       "                                       set N's cap in C over [from, to)\n"
       "  move-deadline nation=N country=C to=D [from=OLD]\n"
       "      the deadline (cap 0) starts at D; caps that ended at the old deadline\n"
       "      now end at D; deployments do not move (check them against the new\n"
       "      deadline with 'muster --scenario NAME posture --check')\n"
       "  approve mission=M phase=P            a requested phase is approved\n"
       "  phase add mission=M phase=P from=D ceiling=N [to=D] [scope=S] [status=S]\n"
       "  phase set mission=M phase=P [ceiling=N] [from=D] [to=D] [scope=S] [status=S]\n"
       "  offer add id=O nation=N capability=C units=U personnel=P from=D [to=D]\n"
       "            [readiness=R] [mission=M] [line=L] [caveats=A;B] [status=S]\n"
       "            [pool=N]  (pool: units held to sustain it; empty: not stated)\n"
       "  offer set id=O KEY=VALUE...          change any of an offer's columns\n"
       "  offer withdraw id=O\n"
       "\n"
       "diff compares A and B ('base' is the base scenario): fill % and peak\n"
       "missing units per line, the ceiling in force, cap headroom and posture by\n"
       "country on a date, and with --mission and --key the fair personnel per\n"
       "nation. Fill and gaps come from stored sourcing runs sourced alike (same\n"
       "solver, --with-requested, --fair-weight and mission): the most recent such\n"
       "pair. A side without a run is sourced now as the other side's run was (not\n"
       "stored); when both sides have runs but none alike, diff refuses and names\n"
       "the command that sources one side like the other. 'muster --as-of rREV|TIME\n"
       "whatif diff A B' compares the base as it stood then with each what-if's\n"
       "changes applied to it; both sides are then sourced now (stored runs are of\n"
       "the present).\n"
       "\n"
       "  --base B      new: build on what-if B instead of the base scenario\n"
       "  --mission M   diff: only mission M (and fair shares of M)\n"
       "  --on DATE     diff: the date of ceilings, headroom, posture (default: today)\n"
       "  --key K       diff: fair shares by key K (e.g. gdp, equal; needs --mission)\n"
       "  --all         diff: also the figures that did not change\n"
       "  --format F    list, diff: table (default), csv, json or xlsx\n");

static int fail_err(struct muster_error *err)
{
	int rc = cli_error(err);
	muster_error_release(err);
	return rc;
}

static int32_t today(void)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	return muster_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* ---- new, rm, list, show ---- */

static int cmd_new(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"base", required_argument, NULL, 'b'}, {0}};
	const char *base = NULL;
	struct muster_error err = {0};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'b')
			return cli_usage_error("whatif", "new: unknown option '%s'",
					       argv[optind - 1]);
		base = optarg;
	}
	if (argc - optind != 1)
		return cli_usage_error("whatif", "new: expected one NAME");
	const char *name = argv[optind];
	if (!strcmp(name, "base"))
		return cli_usage_error("whatif", "new: 'base' names the base scenario; pick "
						 "another name");
	struct muster_db *db = cli_db(cli);
	if (!db)
		return 1;
	if (base && !strcmp(base, "base"))
		base = NULL;
	if (muster_db_whatif_create(db, name, base, &err) < 0)
		return fail_err(&err);
	if (base)
		printf(_("created what-if '%s' over '%s'\n"), name, base);
	else
		printf(_("created what-if '%s' over the base scenario\n"), name);
	return 0;
}

static int cmd_rm(struct cli *cli, int argc, char **argv)
{
	struct muster_error err = {0};
	if (argc != 2)
		return cli_usage_error("whatif", "rm: expected one NAME");
	struct muster_db *db = cli_db(cli);
	if (!db)
		return 1;
	if (muster_db_whatif_delete(db, argv[1], &err) < 0)
		return fail_err(&err);
	printf(_("removed what-if '%s'\n"), argv[1]);
	return 0;
}

static int parse_format_only(int argc, char **argv, const char *what, enum cli_format *f)
{
	static const struct option opts[] = {{"format", required_argument, NULL, 'f'}, {0}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage_error("whatif", "%s: unknown option '%s'", what,
					       argv[optind - 1]);
		if (cli_parse_format("whatif", optarg, CLI_TABULAR, f))
			return 2;
	}
	return 0;
}

static int cmd_list(struct cli *cli, int argc, char **argv)
{
	static const char *const head[] = {"name", "base", "changes"};
	struct muster_strlist names = {0};
	struct muster_error err = {0};
	enum cli_format f = CLI_TABLE;
	struct muster_table t;
	int rc = parse_format_only(argc, argv, "list", &f);
	if (rc)
		return rc;
	if (optind != argc)
		return cli_usage_error("whatif", "list: unexpected argument '%s'", argv[optind]);
	struct muster_db *db = cli_db(cli);
	if (!db)
		return 1;
	if (muster_db_whatif_list(db, &names, &err) < 0)
		return fail_err(&err);
	muster_table_init(&t, 3, head);
	muster_table_numeric(&t, 2);
	for (size_t i = 0; i < names.nr && rc == 0; i++) {
		char *base = NULL;
		struct muster_strlist ch = {0};
		if (muster_db_whatif_get(db, names.items[i], &base, &ch, &err) < 0)
			rc = fail_err(&err);
		else
			muster_table_addf(&t, "%s\t%s\t%zu", names.items[i], base ? base : "base",
					  ch.nr);
		free(base);
		muster_strlist_release(&ch);
	}
	if (rc == 0)
		table_print(&t, f, stdout);
	muster_table_release(&t);
	muster_strlist_release(&names);
	return rc;
}

static int cmd_show(struct cli *cli, int argc, char **argv)
{
	struct muster_strlist ch = {0};
	struct muster_error err = {0};
	char *base = NULL;
	if (argc != 2)
		return cli_usage_error("whatif", "show: expected one NAME");
	struct muster_db *db = cli_db(cli);
	if (!db)
		return 1;
	if (muster_db_whatif_get(db, argv[1], &base, &ch, &err) < 0)
		return fail_err(&err);
	if (base)
		printf(P_("what-if '%s' over '%s', %zu change\n",
			  "what-if '%s' over '%s', %zu changes\n", ch.nr),
		       argv[1], base, ch.nr);
	else
		printf(P_("what-if '%s' over the base, %zu change\n",
			  "what-if '%s' over the base, %zu changes\n", ch.nr),
		       argv[1], ch.nr);
	for (size_t i = 0; i < ch.nr; i++)
		printf("%4zu  %s\n", i + 1, ch.items[i]);
	free(base);
	muster_strlist_release(&ch);
	return 0;
}

/* ---- add ---- */

/* The changes given: one per argument if the first holds a blank, else one. */
static void collect_changes(int argc, char **argv, struct muster_strlist *out)
{
	if (strpbrk(argv[0], " \t")) {
		for (int i = 0; i < argc; i++)
			muster_strlist_push(out, argv[i]);
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < argc; i++) {
		if (i)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, argv[i]);
	}
	muster_strlist_push(out, sb.buf);
	strbuf_release(&sb);
}

/* Normalise every change and apply them to the what-if as it stands. */
static int check_changes(struct muster_db *db, const char *name, struct muster_strlist *changes,
			 struct muster_error *err)
{
	struct muster_scenario sc;
	int rc;
	for (size_t i = 0; i < changes->nr; i++) {
		char *norm = NULL;
		if ((rc = muster_whatif_normalize(changes->items[i], &norm, err)) < 0)
			return rc;
		free(changes->items[i]);
		changes->items[i] = norm;
	}
	muster_scenario_init(&sc);
	rc = muster_db_load(db, name, &sc, err);
	for (size_t i = 0; rc == 0 && i < changes->nr; i++)
		rc = muster_whatif_apply(&sc, changes->items[i], err);
	muster_scenario_release(&sc);
	return rc;
}

static int cmd_add(struct cli *cli, int argc, char **argv)
{
	struct muster_strlist changes = {0};
	struct muster_error err = {0};
	int rc = 0;
	if (argc < 3)
		return cli_usage_error("whatif", "add: expected NAME and a CHANGE");
	struct muster_db *db = cli_db(cli);
	if (!db)
		return 1;
	collect_changes(argc - 2, argv + 2, &changes);
	if (check_changes(db, argv[1], &changes, &err) < 0) {
		rc = fail_err(&err);
		goto out;
	}
	for (size_t i = 0; i < changes.nr; i++) {
		if (muster_db_whatif_add(db, argv[1], changes.items[i], &err) < 0) {
			rc = fail_err(&err);
			goto out;
		}
		printf(_("added to '%s': %s\n"), argv[1], changes.items[i]);
	}
out:
	muster_strlist_release(&changes);
	return rc;
}

/* ---- diff ---- */

struct diff_args {
	struct muster_whatif_diff_opts opts;
	enum cli_format format;
	const char *a, *b;
};

static int parse_diff(int argc, char **argv, struct diff_args *d)
{
	static const struct option opts[] = {
	    {"mission", required_argument, NULL, 'm'}, {"on", required_argument, NULL, 'o'},
	    {"key", required_argument, NULL, 'k'},     {"all", no_argument, NULL, 'a'},
	    {"format", required_argument, NULL, 'f'},  {0}};
	int c;
	d->opts.on = MUSTER_DATE_NONE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'm') {
			d->opts.mission = optarg;
		} else if (c == 'o') {
			if (muster_date_parse(optarg, &d->opts.on) < 0)
				return cli_usage_error(
				    "whatif", "option '--on': expected a date YYYY-MM-DD, got '%s'",
				    optarg);
		} else if (c == 'k') {
			d->opts.fair_key = optarg;
		} else if (c == 'a') {
			d->opts.all = true;
		} else if (c == 'f') {
			if (cli_parse_format("whatif", optarg, CLI_TABULAR, &d->format))
				return 2;
		} else {
			return cli_usage_error("whatif", "diff: unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (argc - optind != 2)
		return cli_usage_error("whatif", "diff: expected two scenarios A B");
	if (d->opts.fair_key && !d->opts.mission)
		return cli_usage_error("whatif", "diff: '--key' needs '--mission'");
	d->a = argv[optind];
	d->b = argv[optind + 1];
	if (d->opts.on == MUSTER_DATE_NONE)
		d->opts.on = today();
	return 0;
}

/* One side of a diff: its scenario and the run its fill and gaps come from. */
struct side {
	const char *name;   /* as given: "base" or a what-if */
	const char *whatif; /* NULL for the base */
	struct muster_scenario sc;
	struct muster_run run;
	bool have_run;
	struct muster_ctx *ctx; /* the CLI's, for sourcing now */
};

static void side_init(struct side *s, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->whatif = strcmp(name, "base") ? name : NULL;
	muster_scenario_init(&s->sc);
}

static void side_release(struct side *s)
{
	muster_run_release(&s->run);
	muster_scenario_release(&s->sc);
}

static void note(struct muster_strlist *notes, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void note(struct muster_strlist *notes, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	muster_strlist_push(notes, sb.buf);
	strbuf_release(&sb);
}

/* A note when a side's stored run was solved on another revision of its scenario. */
static void note_stale(struct muster_db *db, const struct side *s, struct muster_strlist *notes)
{
	bool stale = false;
	int64_t now = 0;
	if (!s->have_run || muster_db_run_stale(db, &s->run, &stale, &now, NULL) < 0 || !stale)
		return;
	char *text = muster_run_stale_text(&s->run, now);
	if (text)
		note(notes, "%s: %s", s->name, text);
	free(text);
}

/* The command that sources side `s` as run `like` was sourced. */
static char *source_command(const struct side *s, const struct muster_run *like)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "muster ");
	if (s->whatif)
		strbuf_addf(&sb, "--scenario %s ", s->whatif);
	strbuf_addstr(&sb, "source");
	if (like->mission)
		strbuf_addf(&sb, " --mission %s", like->mission);
	if (like->solver && !strcmp(like->solver, "exact"))
		strbuf_addstr(&sb, " --exact");
	if (like->with_requested)
		strbuf_addstr(&sb, " --with-requested");
	if (like->fair_weight != 0)
		strbuf_addf(&sb, " --fair-weight %g --fair-key KEY", like->fair_weight);
	return strbuf_detach(&sb, NULL);
}

/* Lines in scope: without any there is nothing to source on either side. */
static bool has_lines(const struct muster_scenario *sc, const char *mission)
{
	for (size_t i = 0; i < sc->requirements.nr; i++)
		if (!mission || !strcmp(sc->requirements.items[i].mission, mission))
			return true;
	return false;
}

/*
 * Source side `s` now (not stored) as run `like` was, or with the defaults of
 * `muster source` when like is NULL. A fair-share weight cannot be repeated:
 * the run does not record its key.
 */
static int source_now(struct side *s, const struct muster_run *like, const char *mission,
		      struct muster_strlist *notes, struct muster_error *err)
{
	struct muster_source_opts so = {.mission = mission, .time_limit = 60};
	if (like) {
		if (like->fair_weight != 0) {
			char *cmd = source_command(s, like);
			int rc = muster_error_set(
			    err, MUSTER_EINVAL,
			    _("'%s' has no sourcing run to compare with run %lld, made with a "
			      "fair-share weight; source it alike first: %s"),
			    s->name, (long long)like->id, cmd);
			free(cmd);
			return rc;
		}
		so.mission = like->mission;
		so.exact = like->solver && !strcmp(like->solver, "exact");
		so.with_requested = like->with_requested;
	}
	so.ctx = s->ctx;
	if (muster_source(&s->sc, &so, &s->run, err) < 0)
		return err->code;
	s->have_run = true;
	char *how = muster_run_settings_describe(&s->run);
	note(notes, _("%s: no stored sourcing run; sourced now (%s), not stored"), s->name, how);
	free(how);
	return 0;
}

/* Refused: both sides have runs, none alike. Name the commands that fix it. */
static int refuse_unlike(const struct side *a, const struct side *b,
			 const struct muster_run_list *runs, size_t ia, size_t ib,
			 const struct muster_error *err)
{
	char *fix_b = source_command(b, &runs->items[ia]);
	char *fix_a = source_command(a, &runs->items[ib]);
	cli_error(err);
	fprintf(stderr,
		_("hint: a difference of solver or options is not a difference of scenario;\n"
		  "hint: source '%s' as run %lld was: %s\n"
		  "hint: or source '%s' as run %lld was: %s\n"),
		b->name, (long long)runs->items[ia].id, fix_b, a->name,
		(long long)runs->items[ib].id, fix_a);
	free(fix_a);
	free(fix_b);
	return 1;
}

static int get_run(struct muster_db *db, struct side *s, const struct muster_run_list *runs,
		   size_t i, struct muster_error *err)
{
	int rc = muster_db_run_get(db, runs->items[i].id, &s->run, err);
	s->have_run = rc == 0;
	return rc;
}

/*
 * The runs of both sides, sourced alike (muster_whatif_pick_runs): a stored
 * pair; else, where one side has no run, that side sourced now as the other's
 * run was; else both sourced now. Runs sourced differently are refused, as a
 * solver's difference would show as the what-if's. Returns 0 or an exit code.
 */
static int pick_runs(struct muster_db *db, const char *mission, struct side *a, struct side *b,
		     struct muster_strlist *notes)
{
	struct muster_run_list runs = {0};
	struct muster_error err = {0};
	size_t ia = SIZE_MAX, ib = SIZE_MAX;
	int rc = muster_db_runs(db, &runs, &err);
	if (rc == 0 && !has_lines(&a->sc, mission)) {
		note(notes, mission ? _("no requirement lines in the mission: fill and gaps not "
					"compared")
				    : _("no requirement lines: fill and gaps not compared"));
		goto out;
	}
	if (rc == 0)
		rc = muster_whatif_pick_runs(&runs, a->whatif, b->whatif, mission, &ia, &ib, &err);
	if (rc == MUSTER_EINVAL) {
		rc = refuse_unlike(a, b, &runs, ia, ib, &err);
		muster_error_release(&err);
		muster_run_list_release(&runs);
		return rc;
	}
	if (rc == MUSTER_ENOENT) {
		muster_error_release(&err);
		memset(&err, 0, sizeof(err));
		rc = 0;
	}
	if (rc == 0 && ia != SIZE_MAX)
		rc = get_run(db, a, &runs, ia, &err);
	if (rc == 0 && ib != SIZE_MAX)
		rc = get_run(db, b, &runs, ib, &err);
	if (rc == 0) {
		note_stale(db, a, notes);
		note_stale(db, b, notes);
	}
	if (rc == 0 && !a->have_run)
		rc = source_now(a, b->have_run ? &b->run : NULL, mission, notes, &err);
	if (rc == 0 && !b->have_run)
		rc = source_now(b, &a->run, mission, notes, &err);
	if (rc == 0 && ia != SIZE_MAX && ib != SIZE_MAX) {
		char *how = muster_run_settings_describe(&a->run);
		note(notes, _("compared run %lld of '%s' with run %lld of '%s' (%s)"),
		     (long long)a->run.id, a->name, (long long)b->run.id, b->name, how);
		free(how);
	}
out:
	muster_run_list_release(&runs);
	if (rc < 0)
		rc = cli_error(&err);
	muster_error_release(&err);
	return rc;
}

/*
 * --as-of: both sides sourced now with the defaults of `muster source` (a
 * stored run is of the scenario as it is now, not as it was).
 */
static int source_past(struct cli *cli, const char *mission, struct side *a, struct side *b,
		       struct muster_strlist *notes)
{
	struct muster_error err = {0};
	int rc = 0;
	if (!has_lines(&a->sc, mission))
		note(notes, mission ? _("no requirement lines in the mission: fill and gaps not "
					"compared")
				    : _("no requirement lines: fill and gaps not compared"));
	else if ((rc = source_now(a, NULL, mission, notes, &err)) == 0)
		rc = source_now(b, &a->run, mission, notes, &err);
	if (rc < 0)
		rc = cli_error(&err);
	muster_error_release(&err);
	note(notes, _("as of revision %lld of the base (stored runs are of the present: not used)"),
	     (long long)cli->as_of_rev);
	return rc;
}

static int print_diff(const struct diff_args *d, const struct muster_whatif_diff *diff)
{
	struct muster_table t;
	muster_table_whatif_diff(
	    diff, d->a, d->b, d->format == CLI_TABLE ? MUSTER_STYLE_TEXT : MUSTER_STYLE_DATA, &t);
	int rc = table_print(&t, d->format, stdout);
	muster_table_release(&t);
	return rc;
}

static int cmd_diff(struct cli *cli, int argc, char **argv)
{
	struct diff_args d = {0};
	struct side a, b;
	struct muster_strlist notes = {0};
	struct muster_whatif_diff diff = {0};
	struct muster_error err = {0};
	int rc = parse_diff(argc, argv, &d);
	if (rc)
		return rc;
	struct muster_db *db = cli_db(cli);
	if (!db)
		return 1;
	side_init(&a, d.a);
	side_init(&b, d.b);
	a.ctx = b.ctx = &cli->ctx;
	if (cli->as_of) {
		/* the base as of the point, each what-if's changes applied to it */
		if (muster_db_load_whatif_as_of(db, a.whatif, cli->as_of, &a.sc, &cli->as_of_rev,
						&err) < 0 ||
		    muster_db_load_whatif_as_of(db, b.whatif, cli->as_of, &b.sc, &cli->as_of_rev,
						&err) < 0) {
			rc = err.code == MUSTER_EUSAGE ? cli_usage_error(NULL, "%s", err.msg)
						       : fail_err(&err);
			goto out;
		}
	} else if (muster_db_load(db, a.whatif, &a.sc, &err) < 0 ||
		   muster_db_load(db, b.whatif, &b.sc, &err) < 0) {
		rc = fail_err(&err);
		goto out;
	}
	if (d.opts.mission && muster_code_resolve(&a.sc, MUSTER_CODE_MISSION, d.opts.mission,
						  &d.opts.mission, &err) < 0) {
		rc = fail_err(&err);
		goto out;
	}
	if (cli->as_of) /* stored runs are of the current revisions: source the past now */
		rc = source_past(cli, d.opts.mission, &a, &b, &notes);
	else
		rc = pick_runs(db, d.opts.mission, &a, &b, &notes);
	if (rc != 0)
		goto out;
	if (muster_whatif_diff(&a.sc, a.have_run ? &a.run : NULL, &b.sc, b.have_run ? &b.run : NULL,
			       &d.opts, &diff, &err) < 0) {
		rc = fail_err(&err);
		goto out;
	}
	struct muster_whatif_diff all = diff; /* as the actor may see it (policy) */
	memset(&diff, 0, sizeof(diff));
	rc = muster_view_whatif_diff(&all, &cli->actor, &diff, &err);
	size_t hidden = all.rows.nr - diff.rows.nr;
	muster_whatif_diff_release(&all);
	if (rc < 0) {
		rc = fail_err(&err);
		goto out;
	}
	if (hidden)
		note(&notes,
		     P_("%zu row of cap headroom and fair shares per nation not shown",
			"%zu rows of cap headroom and fair shares per nation not shown", hidden),
		     hidden);
	if ((rc = print_diff(&d, &diff)) != 0)
		goto out;
	if (!diff.rows.nr && !d.opts.all) /* a header alone would say nothing */
		note(&notes, _("no differences ('--all' shows every figure compared)"));
	for (size_t i = 0; i < notes.nr; i++)
		fprintf(stderr, _("note: %s\n"), notes.items[i]);
	for (size_t i = 0; i < diff.notes.nr; i++)
		fprintf(stderr, _("note: %s\n"), diff.notes.items[i]);
out:
	muster_whatif_diff_release(&diff);
	muster_strlist_release(&notes);
	side_release(&a);
	side_release(&b);
	return rc;
}

static int exec_whatif(struct cli *cli, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct cli *, int, char **);
	} subs[] = {{"new", cmd_new},	{"add", cmd_add}, {"list", cmd_list},
		    {"show", cmd_show}, {"rm", cmd_rm},	  {"diff", cmd_diff}};
	if (argc < 2)
		return cli_usage_error("whatif", "expected new, add, list, show, rm or diff");
	if (cli->as_of && strcmp(argv[1], "diff"))
		return cli_usage_error(
		    NULL, "'whatif %s' does not take --as-of ('whatif diff' does)", argv[1]);
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++) {
		if (strcmp(argv[1], subs[i].name))
			continue;
		/* only diff filters what it shows by the policy */
		if (subs[i].fn != cmd_diff) {
			char *what = xstrfmt(_("run 'muster whatif %s'"), argv[1]);
			int rc = cli_planner_only(cli, what);
			free(what);
			if (rc)
				return rc;
		}
		return subs[i].fn(cli, argc - 1, argv + 1);
	}
	return cli_usage_error("whatif", "unknown subcommand '%s' (new, add, list, show, rm, diff)",
			       argv[1]);
}

const struct cmd_entry cmd_whatif = {
    .name = "whatif",
    .summary = N_("what-if scenarios: layers of changes over the base, and their diff"),
    .usage = usage,
    .exec = exec_whatif,
    .applies_policy = true, /* diff: muster_view_whatif_diff; the rest: planners */
};
