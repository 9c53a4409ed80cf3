/*
 * cmd-whatif.c: `muster whatif`: named what-if scenarios, each a layer of
 * changes over the base or over another what-if (muster_whatif_apply in
 * whatif.c defines the change syntax), and the side-by-side diff of two
 * scenarios.
 *
 * A change is stored only after it applied cleanly to the scenario it
 * extends (loaded with its earlier changes): a bad change is refused and
 * nothing is stored. For the diff, each side's fill and gaps come from its
 * latest stored sourcing run, else from sourcing it now (not stored).
 */
#include "cli.h"
#include "util.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
    "usage: muster whatif new NAME [--base B]\n"
    "       muster whatif add NAME CHANGE...\n"
    "       muster whatif list [--format table|csv|json]\n"
    "       muster whatif show NAME\n"
    "       muster whatif rm NAME\n"
    "       muster whatif diff A B [--mission M] [--on DATE] [--key K] [--all]\n"
    "                              [--format table|csv|json]\n"
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
    "      the deadline (cap 0) starts at D; caps and deployments that ended at\n"
    "      the old deadline now end at D\n"
    "  approve mission=M phase=P            a requested phase is approved\n"
    "  phase add mission=M phase=P from=D ceiling=N [to=D] [scope=S] [status=S]\n"
    "  phase set mission=M phase=P [ceiling=N] [from=D] [to=D] [scope=S] [status=S]\n"
    "  offer add id=O nation=N capability=C units=U personnel=P from=D [to=D]\n"
    "            [readiness=R] [mission=M] [line=L] [caveats=A;B] [status=S]\n"
    "  offer set id=O KEY=VALUE...          change any of an offer's columns\n"
    "  offer withdraw id=O\n"
    "\n"
    "diff compares A and B ('base' is the base scenario): fill % and peak\n"
    "missing units per line (latest stored sourcing run, else sourced now),\n"
    "the ceiling in force, cap headroom and posture by country on a date, and\n"
    "with --mission and --key the fair personnel per nation.\n"
    "\n"
    "  --base B      new: build on what-if B instead of the base scenario\n"
    "  --mission M   diff: only mission M (and fair shares of M)\n"
    "  --on DATE     diff: the date of ceilings, headroom, posture (default: today)\n"
    "  --key K       diff: fair shares by key K (e.g. gdp, equal; needs --mission)\n"
    "  --all         diff: also the figures that did not change\n"
    "  --format F    list, diff: table (default), csv or json\n";

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
	printf("created what-if '%s' over %s%s%s\n", name, base ? "'" : "the base scenario",
	       base ? base : "", base ? "'" : "");
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
	printf("removed what-if '%s'\n", argv[1]);
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
	struct table t;
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
	table_init(&t, 3, head);
	table_numeric(&t, 2);
	for (size_t i = 0; i < names.nr && rc == 0; i++) {
		char *base = NULL;
		struct muster_strlist ch = {0};
		if (muster_db_whatif_get(db, names.items[i], &base, &ch, &err) < 0)
			rc = fail_err(&err);
		else
			table_addf(&t, "%s\t%s\t%zu", names.items[i], base ? base : "base", ch.nr);
		free(base);
		muster_strlist_release(&ch);
	}
	if (rc == 0)
		table_print(&t, f, stdout);
	table_release(&t);
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
	printf("what-if '%s' over %s%s%s, %zu change%s\n", argv[1], base ? "'" : "the base",
	       base ? base : "", base ? "'" : "", ch.nr, ch.nr == 1 ? "" : "s");
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
		printf("added to '%s': %s\n", argv[1], changes.items[i]);
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

/* A note when a side's stored run was solved on another revision of its scenario. */
static void note_stale(struct muster_db *db, const char *name, const struct muster_run *run,
		       struct muster_strlist *notes)
{
	bool stale = false;
	int64_t now = 0;
	if (muster_db_run_stale(db, run, &stale, &now, NULL) < 0 || !stale)
		return;
	char *note = xstrfmt("%s: run %lld is stale: solved on revision %lld, the scenario is "
			     "now at revision %lld",
			     name, (long long)run->id, (long long)run->revision, (long long)now);
	muster_strlist_push(notes, note);
	free(note);
}

/* Load one side: its scenario and its latest run, else a run made now. */
static int load_side(struct muster_db *db, const char *name, const char *mission,
		     struct muster_scenario *sc, struct muster_run *run, bool *have_run,
		     struct muster_strlist *notes, struct muster_error *err)
{
	const char *whatif = strcmp(name, "base") ? name : NULL;
	struct muster_source_opts so = {.mission = mission, .time_limit = 10};
	struct muster_error e = {0};
	int rc = muster_db_load(db, whatif, sc, err);
	if (rc < 0)
		return rc;
	*have_run = true;
	if (muster_db_run_latest(db, whatif, mission, run, &e) == 0) {
		note_stale(db, name, run, notes);
		goto out;
	}
	muster_error_release(&e);
	muster_run_release(run);
	if (muster_source(sc, &so, run, &e) == 0) {
		char *note = xstrfmt("%s: no stored sourcing run; sourced now", name);
		muster_strlist_push(notes, note);
		free(note);
		goto out;
	}
	char *note = xstrfmt("%s: no sourcing run (%s)", name, e.msg ? e.msg : "failed");
	muster_strlist_push(notes, note);
	free(note);
	muster_run_release(run);
	*have_run = false;
out:
	muster_error_release(&e);
	return 0;
}

/* Absent is "-" in a table, empty (JSON null) in CSV and JSON. */
static void fmt_value(char *buf, size_t n, const char *section, bool has, double v,
		      enum cli_format f)
{
	if (!has)
		snprintf(buf, n, "%s", f == CLI_TABLE ? "-" : "");
	else if (!strcmp(section, "fill"))
		snprintf(buf, n, "%.1f", v);
	else
		snprintf(buf, n, "%.0f", v);
}

static void print_diff(const struct diff_args *d, const struct muster_whatif_diff *diff)
{
	const char *head[] = {"section", "key", d->a, d->b, "change"};
	struct table t;
	table_init(&t, 5, head);
	for (size_t c = 2; c < 5; c++)
		table_numeric(&t, c);
	for (size_t i = 0; i < diff->rows.nr; i++) {
		const struct muster_whatif_row *r = &diff->rows.items[i];
		char a[32], b[32], ch[32] = "";
		bool fill = !strcmp(r->section, "fill"), plus = d->format == CLI_TABLE;
		fmt_value(a, sizeof(a), r->section, r->has_a, r->a, d->format);
		fmt_value(b, sizeof(b), r->section, r->has_b, r->b, d->format);
		if (r->has_a && r->has_b) /* a sign only for people: JSON has no '+' */
			snprintf(ch, sizeof(ch),
				 fill ? (plus ? "%+.1f" : "%.1f") : (plus ? "%+.0f" : "%.0f"),
				 r->b - r->a);
		const char *row[] = {r->section, r->key, a, b, ch};
		table_add(&t, row);
	}
	table_print(&t, d->format, stdout);
	table_release(&t);
}

static int cmd_diff(struct cli *cli, int argc, char **argv)
{
	struct diff_args d = {0};
	struct muster_scenario sa, sb;
	struct muster_run ra = {0}, rb = {0};
	struct muster_strlist notes = {0};
	struct muster_whatif_diff diff = {0};
	struct muster_error err = {0};
	bool ha = false, hb = false;
	int rc = parse_diff(argc, argv, &d);
	if (rc)
		return rc;
	struct muster_db *db = cli_db(cli);
	if (!db)
		return 1;
	muster_scenario_init(&sa);
	muster_scenario_init(&sb);
	if (load_side(db, d.a, d.opts.mission, &sa, &ra, &ha, &notes, &err) < 0 ||
	    load_side(db, d.b, d.opts.mission, &sb, &rb, &hb, &notes, &err) < 0 ||
	    muster_whatif_diff(&sa, ha ? &ra : NULL, &sb, hb ? &rb : NULL, &d.opts, &diff, &err) <
		0) {
		rc = fail_err(&err);
		goto out;
	}
	print_diff(&d, &diff);
	for (size_t i = 0; i < notes.nr; i++)
		fprintf(stderr, "note: %s\n", notes.items[i]);
	for (size_t i = 0; i < diff.notes.nr; i++)
		fprintf(stderr, "note: %s\n", diff.notes.items[i]);
out:
	muster_whatif_diff_release(&diff);
	muster_strlist_release(&notes);
	muster_run_release(&ra);
	muster_run_release(&rb);
	muster_scenario_release(&sa);
	muster_scenario_release(&sb);
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
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].fn(cli, argc - 1, argv + 1);
	return cli_usage_error("whatif", "unknown subcommand '%s' (new, add, list, show, rm, diff)",
			       argv[1]);
}

const struct cmd_entry cmd_whatif = {
    .name = "whatif",
    .summary = "what-if scenarios: layers of changes over the base, and their diff",
    .usage = usage,
    .exec = exec_whatif,
};
