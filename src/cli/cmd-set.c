/*
 * cmd-set.c: `muster set ENTITY KEY FIELD=VALUE... [--if-version N]`: change
 * fields of one record (muster_db_edit).
 */
#include "cli.h"

#include <getopt.h>

static const char set_usage[] =
    N_("usage: muster set ENTITY KEY FIELD=VALUE... [--if-version N] [--reason TEXT]\n"
       "                  [--format table|csv|json|xlsx]\n"
       "\n"
       "Change fields of one record. ENTITY is a scenario file's name without .csv;\n"
       "KEY the record's key: an id or code, or for composite records mission:line\n"
       "(requirements), mission:phase (phases), key:nation (keys). FIELD is a CSV\n"
       "column; values are read and checked exactly as in the file, and the whole\n"
       "scenario is validated as import validates it. On any problem nothing changes.\n"
       "Prints the record with its new version.\n"
       "\n"
       "example: muster set offers CAN-ADV units=3 --reason \"pledge raised at the FGC\"\n"
       "\n"
       "options:\n"
       "  --if-version N    change it only if it is still at version N (else exit 1,\n"
       "                    naming its current version)\n"
       "  --reason TEXT     why, for the history\n"
       "  --format FORMAT   table (default), csv, json or xlsx\n"
       "  -h, --help        this help\n");

static int exec_set(struct cli *cli, int argc, char **argv)
{
	struct muster_edit e = {.op = MUSTER_EDIT_SET};
	int format = CLI_TABLE;
	int rc =
	    cli_edit_options("set", set_usage, argc, argv, &e.reason, &e.if_version, &format, NULL);
	if (rc >= 0)
		return rc;
	if (argc - optind < 3)
		return cli_usage_error("set", "expected ENTITY, KEY and at least one FIELD=VALUE");
	e.entity = argv[optind];
	e.key = argv[optind + 1];
	e.fields = (const char *const *)argv + optind + 2;
	e.nfields = (size_t)(argc - optind - 2);
	return cli_edit(cli, "set", &e, format);
}

const struct cmd_entry cmd_set = {
    .name = "set",
    .summary = N_("change fields of one record"),
    .usage = set_usage,
    .exec = exec_set,
    .applies_policy = true, /* muster_db_edit checks the policy (muster_edit.policy) */
};
