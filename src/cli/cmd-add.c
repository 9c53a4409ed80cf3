/*
 * cmd-add.c: `muster add ENTITY FIELD=VALUE...`: one new record, validated
 * with the rest of the scenario as import validates it (muster_db_edit).
 */
#include "cli.h"

#include <getopt.h>

static const char add_usage[] =
    N_("usage: muster add ENTITY FIELD=VALUE... [--reason TEXT] [--format table|csv|json|xlsx]\n"
       "\n"
       "Add one record to the scenario. ENTITY is a scenario file's name without .csv\n"
       "(nations, keys, missions, phases, capabilities, requirements, offers, caveats,\n"
       "caps, deployments, costs, funding, budgets); FIELD is one of its CSV columns,\n"
       "and every value is read and checked exactly as in the file. The whole\n"
       "scenario is validated as import validates it; on any problem nothing changes.\n"
       "A cap or deployment without an id gets one (NATION-COUNTRY-N, dNNNN).\n"
       "Prints the record with its version.\n"
       "\n"
       "example: muster add caps nation=DEU country=IRQ limit=120 from=2021-03-01\n"
       "\n"
       "options:\n"
       "  --reason TEXT     why, for the history\n"
       "  --format FORMAT   table (default), csv, json or xlsx\n"
       "  -h, --help        this help\n");

static int exec_add(struct cli *cli, int argc, char **argv)
{
	struct muster_edit e = {.op = MUSTER_EDIT_ADD};
	int format = CLI_TABLE;
	int rc = cli_edit_options("add", add_usage, argc, argv, &e.reason, NULL, &format, NULL);
	if (rc >= 0)
		return rc;
	if (argc - optind < 2)
		return cli_usage_error("add", "expected ENTITY and at least one FIELD=VALUE");
	e.entity = argv[optind];
	e.fields = (const char *const *)argv + optind + 1;
	e.nfields = (size_t)(argc - optind - 1);
	return cli_edit(cli, "add", &e, format);
}

const struct cmd_entry cmd_add = {
    .name = "add",
    .summary = N_("add one record (an offer, a cap, a line...)"),
    .usage = add_usage,
    .exec = exec_add,
    .applies_policy = true, /* muster_db_edit checks the policy (muster_edit.policy) */
};
