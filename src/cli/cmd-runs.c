/*
 * cmd-runs.c: `muster runs`: the sourcing runs stored in the database, oldest
 * first, one line each (id, when, scenario, mission, solver, options and the
 * summary figures), so that a run can be named to `muster check --run ID`.
 *
 * Decisions:
 * - Every run is listed, the base's and every what-if's; `--base` keeps the
 *   base scenario's, the global `--scenario NAME` that what-if's.
 * - Figures as stored: gap and fill in percent with two decimals, the
 *   objective and bound as whole numbers (they are person-days x weights).
 * - A run's summary names no nation: every role reads it (MUSTER_OBJ_RUN),
 *   so `muster --as USER runs` works for liaisons and viewers too.
 */
#include "cli.h"
#include "cutil.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    N_("usage: muster runs [--base] [--format table|csv|json|xlsx]\n"
       "\n"
       "List the sourcing runs stored by 'muster source', oldest first: id, when\n"
       "(UTC), scenario (base or the what-if's name), mission (all or one), solver,\n"
       "whether requested phases counted, the fair-share weight, objective, best\n"
       "bound, gap %, fill %, solve seconds, the scenario revision it was solved on\n"
       "and whether it is stale (the scenario changed since), with stale_by: how many\n"
       "revisions the scenario moved on since (0 when fresh). With --scenario NAME\n"
       "(a global option), only that what-if's runs. 'muster check --run ID' verifies one.\n"
       "\n"
       "options:\n"
       "  -b, --base       only the base scenario's runs\n"
       "  -f, --format F   table (default), csv, json or xlsx\n"
       "  -h, --help       this help\n");

static int parse_args(int argc, char **argv, bool *base, enum cli_format *fmt)
{
	static const struct option longopts[] = {
	    {"base", no_argument, NULL, 'b'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":bf:", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			*base = true;
			break;
		case 'f':
			if (cli_parse_format("runs", optarg, CLI_TABULAR, fmt))
				return 2;
			break;
		case ':':
			return cli_usage_error("runs", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return cli_usage_error("runs", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("runs", "unexpected argument '%s'", argv[optind]);
	return 0;
}

/* Whether run r is listed: --base keeps the base's, --scenario one what-if's. */
static bool listed(const struct muster_run *r, bool base, const char *whatif)
{
	if (base)
		return !r->whatif;
	return !whatif || (r->whatif && !strcmp(r->whatif, whatif));
}

static int exec_runs(struct cli *cli, int argc, char **argv)
{
	struct muster_run_list runs = {0};
	struct muster_error err = {0};
	enum cli_format fmt = CLI_TABLE;
	bool base = false;
	int rc = parse_args(argc, argv, &base, &fmt);
	if (rc)
		return rc;
	if (base && cli->whatif)
		return cli_usage_error("runs", "--base and --scenario exclude each other");
	if (!cli_db(cli))
		return 1;
	if (muster_policy_read(&cli->actor, MUSTER_OBJ_RUN, NULL) != MUSTER_ACCESS_FULL) {
		char *who = muster_actor_label(&cli->actor);
		rc = cli_fail("%s may not read runs", who);
		free(who);
		return rc;
	}
	if ((cli->whatif && muster_db_whatif_get(cli->db, cli->whatif, NULL, NULL, &err) < 0) ||
	    muster_db_runs(cli->db, &runs, &err) < 0) {
		rc = cli_error(&err);
		goto out;
	}
	struct muster_table t;
	muster_table_runs(&t);
	for (size_t i = 0; i < runs.nr; i++) {
		const struct muster_run *r = &runs.items[i];
		if (!listed(r, base, cli->whatif))
			continue;
		bool stale = false;
		int64_t now = 0;
		if (muster_db_run_stale(cli->db, r, &stale, &now, &err) < 0) {
			rc = cli_error(&err);
			muster_table_release(&t);
			goto out;
		}
		muster_table_runs_add(&t, r, stale, stale ? muster_run_stale_by(r, now) : 0);
	}
	if (muster_table_rows(&t) == 0 && fmt == CLI_TABLE && base)
		printf(
		    _("no sourcing runs of the base scenario; run 'muster source' to make one\n"));
	else if (muster_table_rows(&t) == 0 && fmt == CLI_TABLE && cli->whatif)
		printf(_("no sourcing runs of what-if scenario '%s'; run 'muster source' to make "
			 "one\n"),
		       cli->whatif);
	else if (muster_table_rows(&t) == 0 && fmt == CLI_TABLE)
		printf(_("no sourcing runs; run 'muster source' to make one\n"));
	else
		rc = table_print(&t, fmt, stdout);
	muster_table_release(&t);
out:
	muster_run_list_release(&runs);
	muster_error_release(&err);
	return rc;
}

const struct cmd_entry cmd_runs = {
    .name = "runs",
    .summary = N_("list the stored sourcing runs"),
    .usage = usage,
    .applies_policy = true, /* run summaries, checked in exec_runs */
    .exec = exec_runs,
};
