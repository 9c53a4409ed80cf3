/*
 * cmd-rotation.c: `muster rotation`: for the requirement lines that outlast a
 * tour, the rotations they need and, per contributing nation, the units its
 * pool must hold at deploy-to-dwell 1:K against the units it offered. The
 * library computes (muster_rotation_compute in rotation.c); this prints.
 */
#include "cli.h"
#include "cutil.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    N_("usage: muster rotation --dwell K [--tour DAYS] [--mission M] [--run ID | --no-run]\n"
       "                       [--format table|csv|json|xlsx]\n"
       "\n"
       "For every requirement line longer than a tour, the rotations it needs\n"
       "(ceil(days / tour)) and, per contributing nation, the units it keeps\n"
       "deployed on the line (N), the pool it needs at deploy-to-dwell 1:K\n"
       "(N x (1 + K)), the units it offered for the line's capability over the\n"
       "line's period, the units it holds (held: the sum of those offers' pool\n"
       "column) and the shortfall (pool - held): a pledge with a shortfall cannot\n"
       "be sustained. When an offer states no pool, held and shortfall are empty\n"
       "and sustainable says 'pool not stated'. Contributors and N come from a\n"
       "sourcing run (the latest), else from the offers the line could take.\n"
       "\n"
       "  --dwell K      deploy-to-dwell ratio 1:K (K a whole number 0..100)\n"
       "  --tour DAYS    tour length in days (default 180)\n"
       "  --mission M    only mission M's lines\n"
       "  --run ID       the sourcing run: latest (default) or its id ('muster runs')\n"
       "  --no-run       ignore sourcing runs: use the offers\n"
       "  --format F     table (default), csv, json or xlsx\n");

struct rotation_args {
	struct muster_rotation_opts opts;
	bool have_dwell, no_run;
	int64_t run_id; /* 0: the latest */
	enum cli_format format;
};

static int parse_args(int argc, char **argv, struct rotation_args *a)
{
	static const struct option opts[] = {{"dwell", required_argument, NULL, 'd'},
					     {"tour", required_argument, NULL, 't'},
					     {"mission", required_argument, NULL, 'm'},
					     {"no-run", no_argument, NULL, 'n'},
					     {"format", required_argument, NULL, 'f'},
					     {"run", required_argument, NULL, 'r'},
					     {0}};
	int c;
	a->opts.tour = 180;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd') {
			if (muster_parse_long(optarg, 0, 100, &a->opts.dwell) < 0)
				return cli_usage_error(
				    "rotation",
				    "option '--dwell': expected a whole number 0..100, got '%s'",
				    optarg);
			a->have_dwell = true;
		} else if (c == 't') {
			if (muster_parse_long(optarg, 1, 36500, &a->opts.tour) < 0)
				return cli_usage_error("rotation",
						       "option '--tour': expected a whole number "
						       "of days 1..36500, got '%s'",
						       optarg);
		} else if (c == 'm') {
			a->opts.mission = optarg;
		} else if (c == 'n') {
			a->no_run = true;
		} else if (c == 'r') {
			if (cli_parse_run("rotation", optarg, &a->run_id))
				return 2;
		} else if (c == 'f') {
			if (cli_parse_format("rotation", optarg, CLI_TABULAR, &a->format))
				return 2;
		} else {
			return cli_usage_error("rotation", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("rotation", "unexpected argument '%s'", argv[optind]);
	if (!a->have_dwell)
		return cli_usage_error("rotation", "option '--dwell K' is required");
	if (a->no_run && a->run_id)
		return cli_usage_error("rotation", "'--run' and '--no-run' exclude each other");
	return 0;
}

static int print_rotation(const struct muster_rotation *rot, enum cli_format f)
{
	struct muster_table t;
	muster_table_rotation(rot, &t);
	int rc = table_print(&t, f, stdout);
	muster_table_release(&t);
	return rc;
}

static int exec_rotation(struct cli *cli, int argc, char **argv)
{
	struct rotation_args a = {0};
	struct muster_scenario sc;
	struct muster_run run = {0};
	struct muster_rotation rot = {0};
	struct muster_error err = {0};
	bool have_run = false;
	int rc = parse_args(argc, argv, &a);
	if (rc)
		return rc;
	muster_scenario_init(&sc);
	if ((rc = cli_load(cli, &sc)) != 0 ||
	    (rc = cli_code(&sc, MUSTER_CODE_MISSION, &a.opts.mission)) != 0)
		goto out;
	if (!a.no_run && (rc = cli_run(cli, a.run_id, a.opts.mission, &run, &have_run)))
		goto out;
	if (muster_rotation_compute(&sc, have_run ? &run : NULL, &a.opts, &rot, &err) < 0) {
		rc = cli_error(&err);
		goto out;
	}
	struct muster_rotation all = rot; /* as the actor may see it (policy) */
	memset(&rot, 0, sizeof(rot));
	rc = muster_view_rotation(&all, &cli->actor, &rot, &err);
	size_t hidden = all.rows.nr - rot.rows.nr;
	muster_rotation_release(&all);
	if (rc < 0) {
		rc = cli_error(&err);
		goto out;
	}
	if (hidden && !rot.rows.nr && rot.lines) {
		char *who = muster_actor_label(&cli->actor);
		rc = cli_fail("%s may read these pledges only in totals per line; "
			      "rotation shows them per nation",
			      who);
		free(who);
		goto out;
	}
	if (hidden)
		fprintf(stderr,
			P_("muster: note: %zu pledge of other nations not shown\n",
			   "muster: note: %zu pledges of other nations not shown\n", hidden),
			hidden);
	if ((rc = print_rotation(&rot, a.format)) != 0)
		goto out;
	if (a.format != CLI_TABLE && rot.uncovered) /* unknown, not zero: say so */
		fprintf(stderr,
			P_("muster: %zu line longer than %ld days without a contributor\n",
			   "muster: %zu lines longer than %ld days without a contributor\n",
			   rot.uncovered),
			rot.uncovered, rot.tour);
	if (a.format == CLI_TABLE) {
		size_t n[3] = {0};
		for (size_t i = 0; i < rot.rows.nr; i++)
			n[rot.rows.items[i].sustainable]++;
		char from[96];
		if (have_run)
			snprintf(from, sizeof(from), _("sourcing run %lld"), (long long)run.id);
		else
			snprintf(from, sizeof(from), "%s", _("the offers"));
		printf(P_("\n%zu line longer than %ld days", "\n%zu lines longer than %ld days",
			  rot.lines),
		       rot.lines, rot.tour);
		printf(_("; deploy-to-dwell 1:%ld; "), rot.dwell);
		printf(P_("of %zu pledge, ", "of %zu pledges, ", rot.rows.nr), rot.rows.nr);
		printf(_("%zu can be sustained, %zu cannot, %zu state no pool (contributors from "
			 "%s)\n"),
		       n[MUSTER_SUSTAIN_YES], n[MUSTER_SUSTAIN_NO], n[MUSTER_SUSTAIN_UNKNOWN],
		       from);
		if (rot.uncovered) /* their needs are unknown, not zero */
			printf(
			    P_("without a contributor: %zu line (no pool can be judged there)\n",
			       "without a contributor: %zu lines (no pool can be judged there)\n",
			       rot.uncovered),
			    rot.uncovered);
	}
out:
	muster_error_release(&err);
	muster_rotation_release(&rot);
	muster_run_release(&run);
	muster_scenario_release(&sc);
	return rc;
}

const struct cmd_entry cmd_rotation = {
    .name = "rotation",
    .summary = N_("pool sizes to sustain long lines at a deploy-to-dwell ratio"),
    .usage = usage,
    .exec = exec_rotation,
    .applies_policy = true, /* muster_view_rotation */
};
