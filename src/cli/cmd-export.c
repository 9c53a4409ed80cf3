/*
 * cmd-export.c: `muster export DIR`: writes the scenario held in the
 * database (or the --scenario what-if) as a scenario folder that imports
 * back identically.
 */
#include "cli.h"
#include "cutil.h"

#include <getopt.h>
#include <stdlib.h>

static const char export_usage[] =
    N_("usage: muster [--scenario NAME] export [--force] DIR\n"
       "\n"
       "Write the scenario held in the database as the folder DIR of CSV files (one\n"
       "per non-empty table, every column, defaults written out), created if needed.\n"
       "With the global option --scenario NAME, the what-if scenario NAME is written\n"
       "instead of the base. Importing DIR again gives the same scenario; exporting\n"
       "it again gives the same bytes.\n"
       "\n"
       "Every file is written whole to a temporary first, then all are renamed into\n"
       "place: a failure leaves DIR as it was. When DIR holds a scenario file (any\n"
       "letter case) that this export would not rewrite, because its table is empty\n"
       "or its name's case differs, export refuses and names it, unless --force.\n"
       "\n"
       "options:\n"
       "  --force       remove those files (after the new ones are in place)\n"
       "  -h, --help    this help\n");

static int exec_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"force", no_argument, NULL, 'F'}, {"help", no_argument, NULL, 'h'}, {0}};
	struct muster_scenario sc;
	struct muster_error err = {0};
	char *summary = NULL;
	unsigned flags = 0;
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(_(export_usage), stdout);
			return 0;
		}
		if (c == 'F') {
			flags |= MUSTER_WRITE_FORCE;
			continue;
		}
		return cli_usage_error("export", "unknown option '%s'", argv[optind - 1]);
	}
	if (argc - optind != 1)
		return cli_usage_error("export",
				       P_("expected one folder, got %d argument",
					  "expected one folder, got %d arguments", argc - optind),
				       argc - optind);
	muster_scenario_init(&sc);
	rc = cli_load(cli, &sc);
	/* Every file of the folder that export may write or remove. */
	for (size_t t = 0; !rc && muster_scenario_file(t); t++)
		rc = cli_check_output_in(cli, argv[optind], muster_scenario_file(t));
	if (rc)
		goto out;
	rc = muster_scenario_write_dir_flags(&sc, argv[optind], flags, &err);
	if (rc == MUSTER_EEXIST) {
		rc = cli_fail("%s; add --force to remove them", err.msg);
		goto out;
	}
	if (rc < 0) {
		rc = cli_error(&err);
		goto out;
	}
	summary = muster_scenario_summary(&sc);
	printf(_("exported '%s': %s\n"), argv[optind], summary);
out:
	free(summary);
	muster_error_release(&err);
	muster_scenario_release(&sc);
	return rc;
}

const struct cmd_entry cmd_export = {
    .name = "export",
    .summary = N_("write the scenario as a folder of CSV files"),
    .usage = export_usage,
    .exec = exec_export,
};
