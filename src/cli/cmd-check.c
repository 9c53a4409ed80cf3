/*
 * cmd-check.c: `muster check`: two verdicts on the stored state, kept apart.
 *
 * 1. The run against the sourcing contract (muster_source_check, code
 *    independent of the solvers): does the run obey DESIGN.md section 4?
 *    Its caps and ceilings count only breaches the run's assignments take
 *    part in.
 * 2. The posture (counted deployments plus that run) against every cap,
 *    deadline and phase ceiling (muster_posture_check): a breach there may
 *    be a fact of the data (the US stayed in Afghanistan past 1 May 2021)
 *    that no run could have avoided.
 *
 * Decisions:
 * - The exit code is the run's verdict: 1 when the run breaks the contract,
 *   0 otherwise; posture breaches are reported and, with --strict, fail too.
 *   A run that obeys the contract is not failed for deployments it did not
 *   make, so that `muster check` can gate a solver in CI on real data.
 * - Text: one labelled line per verdict, each followed by its table when it
 *   has rows. JSON: an object {"run": {...} or null, "posture": {...}}, each
 *   with its counts, its verdict ("ok") and its rows; the counts are those
 *   of the text. CSV: the rows of both as one table (check, subject, from,
 *   to, detail), posture rows named "posture-cap", "posture-deadline",
 *   "posture-ceiling".
 * - `--run ID` names the run to check (`muster runs` lists them). It must
 *   have been sourced from the scenario in use: a what-if's run needs
 *   --scenario NAME (cli_run()).
 */
#include "cli.h"
#include "cutil.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    N_("usage: muster check [--run ID|latest] [--strict] [--format table|csv|json|xlsx]\n"
       "\n"
       "Two verdicts, printed apart:\n"
       "  run N against the sourcing contract: the run (the latest of the base\n"
       "    scenario or of --scenario NAME, or the one --run names) re-verified with\n"
       "    code independent of the solvers: allowed pairs and their dates, line and\n"
       "    offer units, and the caps and ceilings its assignments take part in,\n"
       "    day by day;\n"
       "  posture against caps, deadlines and ceilings: the counted deployments\n"
       "    plus that run against every cap, deadline and phase ceiling (breaches\n"
       "    of deployments alone are findings about the data).\n"
       "Without a run, only the posture is checked.\n"
       "\n"
       "Exit status: 1 when the run breaks the sourcing contract; posture breaches\n"
       "are reported but exit 0, unless --strict. 0 otherwise.\n"
       "\n"
       "options:\n"
       "  -r, --run ID     the run to check: latest (default) or its id (see\n"
       "                   'muster runs'); a what-if's run needs --scenario NAME\n"
       "  -s, --strict     exit 1 on a posture breach too\n"
       "  -f, --format F   table (default), csv (the rows of both verdicts) or json\n"
       "                   ({\"run\": {...} or null, \"posture\": {...}}, with counts)\n"
       "  -h, --help       this help\n");

struct check_ctx {
	const struct muster_scenario *sc;
	int64_t run_id;	       /* 0: latest */
	bool strict;	       /* --strict */
	struct muster_run run; /* the run checked, when have_run */
	bool have_run;
	struct muster_violation_list run_v;	/* verdict 1: the run's violations */
	struct muster_violation_list posture_v; /* verdict 2: posture breaches as rows */
	struct muster_check_scope scope;	/* what verdict 2 looked at */
	bool hide_rows;				/* liaisons and viewers: verdicts only */
};

static int check_run(struct check_ctx *ctx, struct muster_error *err)
{
	if (!ctx->have_run)
		return 0;
	return muster_source_check(ctx->sc, &ctx->run, &ctx->run_v, err);
}

/* Posture (src/lib/posture.c): one row per breach, in the rows' format. */
static int check_posture(struct check_ctx *ctx, struct muster_error *err)
{
	struct muster_breach_list bl = {0};
	struct muster_posture_opts all = {0};
	const struct muster_run *run = ctx->have_run ? &ctx->run : NULL;
	int rc = muster_posture_check(ctx->sc, run, run && run->with_requested, &bl, err);
	muster_posture_check_scope(ctx->sc, &all, &ctx->scope);
	for (size_t i = 0; rc == 0 && i < bl.nr; i++) {
		const struct muster_breach *b = &bl.items[i];
		char *check = xstrfmt("posture-%s", muster_breach_kind_name(b->kind));
		char *subject = b->mission ? xstrfmt(_("%s phase %s"), b->mission,
						     b->phase ? b->phase : _("(none)"))
					   : xstrfmt(_("%s in %s"), b->nation, b->country);
		char peak[11];
		muster_date_format(b->peak_on, peak);
		muster_violation_add(&ctx->posture_v, check, subject, b->from, b->to,
				     _("peak %ld over limit %ld (excess %ld from %s)"), b->peak,
				     b->limit, b->excess, peak);
		free(check);
		free(subject);
	}
	muster_breach_list_release(&bl);
	return rc;
}

static int parse_args(int argc, char **argv, struct check_ctx *ctx, enum cli_format *fmt)
{
	static const struct option longopts[] = {
	    {"run", required_argument, NULL, 'r'},
	    {"strict", no_argument, NULL, 's'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":r:sf:", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (cli_parse_run("check", optarg, &ctx->run_id))
				return 2;
			break;
		case 's':
			ctx->strict = true;
			break;
		case 'f':
			if (cli_parse_format("check", optarg, CLI_TABULAR, fmt))
				return 2;
			break;
		case ':':
			return cli_usage_error("check", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return cli_usage_error("check", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("check", "unexpected argument '%s'", argv[optind]);
	return 0;
}

static void rows_table(struct muster_table *t, const struct muster_violation_list *a,
		       const struct muster_violation_list *b)
{
	muster_table_violations(a, b, t);
}

/* "run 3 (exact, 2026-...) against the sourcing contract: 37 assignments, 0 violations" */
static void run_verdict(const struct check_ctx *ctx, struct strbuf *sb)
{
	const struct muster_run *r = &ctx->run;
	size_t n = ctx->run_v.nr;
	if (!ctx->have_run) {
		strbuf_addstr(sb, _("sourcing run against the contract: not checked, there is no "
				    "sourcing run (run 'muster source' to make one)"));
		return;
	}
	strbuf_addf(sb, _("run %lld (%s, %s) against the sourcing contract: "), (long long)r->id,
		    cli_solver_text(r->solver), r->created ? r->created : "?");
	strbuf_addf(sb, P_("%zu assignment", "%zu assignments", r->assignments.nr),
		    r->assignments.nr);
	strbuf_addstr(sb, ", ");
	strbuf_addf(sb, P_("%zu violation", "%zu violations", n), n);
}

/*
 * "posture (deployments plus run 3) against caps, deadlines and ceilings:
 * 2 caps, 1 deadline, 1 mission's phase ceilings checked, 1 breach"
 */
static void posture_verdict(const struct check_ctx *ctx, struct strbuf *sb)
{
	const struct muster_check_scope *s = &ctx->scope;
	size_t n = ctx->posture_v.nr;
	if (ctx->have_run)
		strbuf_addf(sb, _("posture (deployments plus run %lld)"), (long long)ctx->run.id);
	else
		strbuf_addstr(sb, _("posture (deployments only)"));
	strbuf_addstr(sb, _(" against caps, deadlines and ceilings: "));
	if (!s->caps && !s->deadlines && !s->missions) {
		strbuf_addstr(sb, _("nothing to check, the scenario has no caps and no phases"));
		return;
	}
	strbuf_addf(sb, P_("%zu cap", "%zu caps", s->caps), s->caps);
	strbuf_addstr(sb, ", ");
	strbuf_addf(sb, P_("%zu deadline", "%zu deadlines", s->deadlines), s->deadlines);
	strbuf_addstr(sb, ", ");
	strbuf_addf(sb,
		    P_("%zu mission's phase ceilings checked",
		       "%zu missions' phase ceilings checked", s->missions),
		    s->missions);
	strbuf_addstr(sb, ", ");
	strbuf_addf(sb, P_("%zu breach", "%zu breaches", n), n);
}

static void print_text(const struct check_ctx *ctx)
{
	struct strbuf sb = STRBUF_INIT;
	struct muster_table t;
	run_verdict(ctx, &sb);
	printf("%s\n", sb.buf);
	if (ctx->run_v.nr && !ctx->hide_rows) {
		rows_table(&t, &ctx->run_v, NULL);
		table_print(&t, CLI_TABLE, stdout);
		muster_table_release(&t);
	}
	strbuf_reset(&sb);
	posture_verdict(ctx, &sb);
	printf("\n%s\n", sb.buf);
	if (ctx->posture_v.nr && !ctx->hide_rows) {
		rows_table(&t, &ctx->posture_v, NULL);
		table_print(&t, CLI_TABLE, stdout);
		muster_table_release(&t);
	}
	strbuf_release(&sb);
}

static int print_json(const struct check_ctx *ctx)
{
	struct muster_error err = {0};
	char *json = NULL;
	const struct muster_check_report r = {.run = ctx->have_run ? &ctx->run : NULL,
					      .run_v = &ctx->run_v,
					      .scope = &ctx->scope,
					      .posture_v = &ctx->posture_v,
					      .strict = ctx->strict};
	return cli_print_json(muster_json_check(&r, &json, &err), &json, &err);
}

static int print_verdicts(const struct check_ctx *ctx, enum cli_format fmt)
{
	struct muster_table t;
	int rc = 0;
	if (fmt == CLI_TABLE) {
		print_text(ctx);
	} else if (fmt == CLI_JSON) {
		rc = print_json(ctx);
	} else {
		rows_table(&t, &ctx->run_v, &ctx->posture_v);
		rc = table_print(&t, fmt, stdout);
		muster_table_release(&t);
	}
	return rc;
}

/* The exit code: the run's verdict, and the posture's with --strict. */
static int verdict_rc(const struct check_ctx *ctx)
{
	size_t n = ctx->run_v.nr, p = ctx->posture_v.nr;
	char *count;
	int rc = 0;
	if (n) {
		count = xstrfmt(P_("%zu violation", "%zu violations", n), n);
		rc = cli_fail("run %lld breaks the sourcing contract: %s", (long long)ctx->run.id,
			      count);
		free(count);
	} else if (p && ctx->strict) {
		count = xstrfmt(P_("%zu breach", "%zu breaches", p), p);
		rc = cli_fail("the posture breaches caps, deadlines or ceilings: %s (--strict)",
			      count);
		free(count);
	}
	return rc;
}

static int exec_check(struct cli *cli, int argc, char **argv)
{
	struct check_ctx ctx = {0};
	struct muster_scenario sc;
	struct muster_error err = {0};
	enum cli_format fmt = CLI_TABLE;
	int rc = parse_args(argc, argv, &ctx, &fmt);
	if (rc)
		return rc;
	muster_scenario_init(&sc);
	rc = cli_load(cli, &sc);
	if (rc)
		goto out;
	ctx.sc = &sc; /* cli_load refused a database holding no scenario */
	if ((rc = cli_run(cli, ctx.run_id, NULL, &ctx.run, &ctx.have_run)))
		goto out;
	/* Checked against a scenario it was not solved on, every verdict would be wrong. */
	char *stale = ctx.have_run ? cli_run_stale_text(cli, &ctx.run) : NULL;
	if (stale) {
		rc = cli_fail("%s; it cannot be checked against a scenario it was not solved on",
			      stale);
		free(stale);
		goto out;
	}
	/* the rows are machine text in CSV, JSON and xlsx: the same bytes in every language */
	char *lang = fmt != CLI_TABLE ? cli_messages_english() : NULL;
	bool failed = check_run(&ctx, &err) < 0 || check_posture(&ctx, &err) < 0;
	cli_messages_restore(lang);
	if (failed) {
		rc = cli_error(&err);
		goto out;
	}
	if (!cli_sees_all(cli)) { /* the verdicts are totals; the rows name records */
		size_t n = ctx.run_v.nr + ctx.posture_v.nr;
		ctx.hide_rows = true;
		if (n && fmt != CLI_TABLE) {
			char *who = muster_actor_label(&cli->actor);
			rc = cli_fail("%s may read the check's verdicts, not its rows; drop "
				      "'--format'",
				      who);
			free(who);
			goto out;
		}
	}
	rc = print_verdicts(&ctx, fmt);
	if (ctx.hide_rows && ctx.run_v.nr + ctx.posture_v.nr)
		fprintf(stderr, _("muster: note: the rows of the violations and breaches are shown "
				  "to planners and admins only\n"));
	if (!rc)
		rc = verdict_rc(&ctx);
out:
	muster_run_release(&ctx.run);
	muster_violation_list_release(&ctx.run_v);
	muster_violation_list_release(&ctx.posture_v);
	muster_error_release(&err);
	muster_scenario_release(&sc);
	return rc;
}

const struct cmd_entry cmd_check = {
    .name = "check",
    .summary = N_("verify a sourcing run against the contract, and the posture against caps"),
    .usage = usage,
    .exec = exec_check,
    .applies_policy = true, /* verdicts only for liaisons and viewers */
};
