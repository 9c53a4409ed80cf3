/*
 * cmd-check.c: `muster check`: verify the stored state against every
 * constraint and list each violation (exit 1 if any).
 *
 * Decisions:
 * - The checks are a list of sections, each a function that appends
 *   violations to one list; the sourcing section verifies the latest stored
 *   run (muster_source_check, independent of the solvers). Other checks
 *   (e.g. posture: caps, ceilings and deadlines breached by deployments
 *   alone) are added as one more entry in `sections`.
 * - Violations print as one table (check, subject, from, to, detail) in
 *   table, csv or json; a clean check prints one line in table format.
 * - `--run ID` names the run to check (`muster runs` lists them). It must
 *   have been sourced from the scenario in use: a what-if's run needs
 *   --scenario NAME (cli_run()).
 */
#include "cli.h"
#include "util.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: muster check [--run ID|latest] [--format table|csv|json]\n"
    "\n"
    "Verify a sourcing run (the latest of the base scenario or of --scenario NAME,\n"
    "or the one --run names) against every constraint of that scenario, with\n"
    "code independent of the solvers: allowed pairs and their\n"
    "dates, line and offer units, national caps and mission ceilings, day by day.\n"
    "Then check the posture (deployments plus that run) against every cap,\n"
    "deadline and phase ceiling. Without a run, only the posture is checked.\n"
    "Prints each violation; exit 1 if any.\n"
    "\n"
    "options:\n"
    "  -r, --run ID     the run to check: latest (default) or its id (see\n"
    "                   'muster runs'); a what-if's run needs --scenario NAME\n"
    "  -f, --format F   table (default), csv or json\n"
    "  -h, --help       this help\n";

struct check_ctx {
	struct cli *cli;
	const struct muster_scenario *sc;
	int64_t run_id;	       /* 0: latest */
	struct muster_run run; /* the run checked, when have_run */
	bool have_run;
	char *summary; /* set by the sourcing section, owned */
};

/* One section of checks: appends violations; a negative status aborts. */
struct check_section {
	const char *name;
	int (*run)(struct check_ctx *ctx, struct muster_violation_list *out,
		   struct muster_error *err);
};

static int check_sourcing_run(struct check_ctx *ctx, struct muster_violation_list *out,
			      struct muster_error *err)
{
	const struct muster_run *run = &ctx->run;
	size_t before = out->nr;
	if (!ctx->have_run) {
		ctx->summary = xstrdup("no sourcing run: checked the posture only "
				       "(run 'muster source' to check a run)");
		return 0;
	}
	int rc = muster_source_check(ctx->sc, run, out, err);
	if (rc == 0)
		ctx->summary = xstrfmt("run %lld (%s, %s): %zu assignments, %zu violations",
				       (long long)run->id, run->solver ? run->solver : "?",
				       run->created ? run->created : "?", run->assignments.nr,
				       out->nr - before);
	return rc;
}

/*
 * Posture (src/lib/posture.c): every cap, deadline and phase ceiling against
 * the counted deployments plus the latest run, one violation per breach.
 */
static int check_posture(struct check_ctx *ctx, struct muster_violation_list *out,
			 struct muster_error *err)
{
	struct muster_breach_list bl = {0};
	const struct muster_run *run = ctx->have_run ? &ctx->run : NULL;
	int rc = muster_posture_check(ctx->sc, run, run && run->with_requested, &bl, err);
	for (size_t i = 0; rc == 0 && i < bl.nr; i++) {
		const struct muster_breach *b = &bl.items[i];
		char *check = xstrfmt("posture-%s", muster_breach_kind_name(b->kind));
		char *subject =
		    b->mission ? xstrfmt("%s phase %s", b->mission, b->phase ? b->phase : "(none)")
			       : xstrfmt("%s in %s", b->nation, b->country);
		char peak[11];
		muster_date_format(b->peak_on, peak);
		muster_violation_add(out, check, subject, b->from, b->to,
				     "peak %ld over limit %ld (excess %ld from %s)", b->peak,
				     b->limit, b->excess, peak);
		free(check);
		free(subject);
	}
	muster_breach_list_release(&bl);
	return rc;
}

static const struct check_section sections[] = {
    {"sourcing run", check_sourcing_run},
    {"posture", check_posture},
};

static int parse_args(int argc, char **argv, struct check_ctx *ctx, enum cli_format *fmt)
{
	static const struct option longopts[] = {
	    {"run", required_argument, NULL, 'r'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":r:f:", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (cli_parse_run("check", optarg, &ctx->run_id))
				return 2;
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

static void print_violations(const struct muster_violation_list *v, enum cli_format fmt)
{
	static const char *const head[] = {"check", "subject", "from", "to", "detail"};
	struct table t;
	table_init(&t, 5, head);
	for (size_t i = 0; i < v->nr; i++) {
		char f[11], to[11];
		muster_date_format(v->items[i].from, f);
		muster_date_format(v->items[i].to, to);
		const char *row[] = {v->items[i].check, v->items[i].subject, f, to,
				     v->items[i].detail};
		table_add(&t, row);
	}
	table_print(&t, fmt, stdout);
	table_release(&t);
}

static int exec_check(struct cli *cli, int argc, char **argv)
{
	struct check_ctx ctx = {.cli = cli};
	struct muster_violation_list v = {0};
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
	ctx.sc = &sc;
	bool empty = false;
	if (muster_db_is_empty(cli->db, &empty, &err) < 0) {
		rc = cli_error(&err);
		goto out;
	}
	if (empty) {
		rc = cli_fail("nothing to check: %s holds no scenario; import one with 'muster "
			      "import DIR'",
			      cli->db_path);
		goto out;
	}
	if ((rc = cli_run(cli, ctx.run_id, NULL, &ctx.run, &ctx.have_run)))
		goto out;
	/* Checked against a scenario it was not solved on, every verdict would be wrong. */
	if (ctx.have_run && cli_run_stale(cli, &ctx.run, false)) {
		rc = cli_fail("run %lld is stale: it cannot be checked against a scenario it was "
			      "not solved on",
			      (long long)ctx.run.id);
		goto out;
	}
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++) {
		if (sections[i].run(&ctx, &v, &err) < 0) {
			rc = cli_error(&err);
			goto out;
		}
	}
	if (v.nr || fmt != CLI_TABLE)
		print_violations(&v, fmt);
	if (fmt == CLI_TABLE && ctx.summary)
		printf("%s%s\n", v.nr ? "\n" : "", ctx.summary);
	if (v.nr)
		rc = cli_fail("%zu violation%s", v.nr, v.nr == 1 ? "" : "s");
out:
	free(ctx.summary);
	muster_run_release(&ctx.run);
	muster_violation_list_release(&v);
	muster_error_release(&err);
	muster_scenario_release(&sc);
	return rc;
}

const struct cmd_entry cmd_check = {
    .name = "check",
    .summary = "verify a sourcing run (the latest by default) against every constraint",
    .usage = usage,
    .exec = exec_check,
};
