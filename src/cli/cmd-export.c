/*
 * cmd-export.c: `muster export DIR`: writes the scenario held in the
 * database (or the --scenario what-if) as a scenario folder that imports
 * back identically.
 */
#include "cli.h"
#include "csv_read.h"
#include "util.h"

#include <getopt.h>

static const char export_usage[] =
    "usage: muster [--scenario NAME] export DIR\n"
    "\n"
    "Write the scenario held in the database as the folder DIR of CSV files (one\n"
    "per non-empty table, every column, defaults written out), created if needed.\n"
    "Files of tables that are empty are removed from DIR. With the global option\n"
    "--scenario NAME, the what-if scenario NAME is written instead of the base.\n"
    "Importing DIR again gives the same scenario; exporting it again gives the\n"
    "same bytes.\n"
    "\n"
    "options:\n"
    "  -h, --help    this help\n";

static int exec_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {0}};
	struct muster_scenario sc;
	struct muster_error err = {0};
	struct strbuf sb = STRBUF_INIT;
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(export_usage, stdout);
			return 0;
		}
		return cli_usage_error("export", "unknown option '%s'", argv[optind - 1]);
	}
	if (argc - optind != 1)
		return cli_usage_error("export", "expected one folder, got %d arguments",
				       argc - optind);
	muster_scenario_init(&sc);
	rc = cli_load(cli, &sc);
	/* Every file of the folder that export may write or remove. */
	for (int t = 0; !rc && t < SC_NTABLES; t++)
		rc = cli_check_output_in(cli, argv[optind],
					 scenario_table_file((enum scenario_table)t));
	if (rc)
		goto out;
	if (muster_scenario_write_dir(&sc, argv[optind], &err) < 0) {
		rc = cli_error(&err);
		goto out;
	}
	scenario_summary(&sc, &sb);
	printf("exported '%s': %s\n", argv[optind], sb.buf);
out:
	strbuf_release(&sb);
	muster_error_release(&err);
	muster_scenario_release(&sc);
	return rc;
}

const struct cmd_entry cmd_export = {
    .name = "export",
    .summary = "write the scenario as a folder of CSV files",
    .usage = export_usage,
    .exec = exec_export,
};
