/*
 * cmd-validate.c: `muster validate DIR`: reads and checks a scenario folder
 * exactly as `muster import` does, without any database.
 */
#include "cli.h"
#include "cutil.h"

#include <getopt.h>
#include <stdlib.h>

static const char validate_usage[] =
    N_("usage: muster validate DIR\n"
       "\n"
       "Check the scenario folder DIR (nations.csv, keys.csv, missions.csv, phases.csv,\n"
       "capabilities.csv, requirements.csv, offers.csv, caveats.csv, caps.csv,\n"
       "deployments.csv, costs.csv, funding.csv, budgets.csv; every file optional)\n"
       "without touching any database: every cell, duplicate ids, dates, overlapping\n"
       "phases, rates and funding rules, one currency, and every reference between\n"
       "files. Prints what the folder holds, or every problem found (exit code 1).\n"
       "\n"
       "options:\n"
       "  -h, --help    this help\n");

static int exec_validate(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {0}};
	struct muster_scenario sc;
	struct muster_error err = {0};
	char *summary = NULL;
	int c, rc = 0;
	(void)cli;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(_(validate_usage), stdout);
			return 0;
		}
		return cli_usage_error("validate", "unknown option '%s'", argv[optind - 1]);
	}
	if (argc - optind != 1)
		return cli_usage_error("validate",
				       P_("expected one folder, got %d argument",
					  "expected one folder, got %d arguments", argc - optind),
				       argc - optind);
	muster_scenario_init(&sc);
	if (muster_scenario_read_dir(&sc, argv[optind], &err) < 0) {
		rc = cli_error(&err);
		goto out;
	}
	summary = muster_scenario_summary(&sc);
	printf(_("'%s' is valid: %s\n"), argv[optind], summary);
out:
	free(summary);
	muster_error_release(&err);
	muster_scenario_release(&sc);
	return rc;
}

const struct cmd_entry cmd_validate = {
    .name = "validate",
    .summary = N_("check a scenario folder without importing it"),
    .usage = validate_usage,
    .exec = exec_validate,
    .applies_policy = true, /* reads a folder, not the database */
};
