/*
 * cmd-rm.c: `muster rm ENTITY KEY [--if-version N]`: remove one record,
 * refused when the rest of the scenario still refers to it (muster_db_edit).
 */
#include "cli.h"

#include <getopt.h>

static const char rm_usage[] =
    N_("usage: muster rm ENTITY KEY [--if-version N] [--reason TEXT]\n"
       "\n"
       "Remove one record. ENTITY is a scenario file's name without .csv; KEY the\n"
       "record's key (see 'muster set --help'). Refused, with import's messages, when\n"
       "the rest of the scenario would no longer be valid (an offer naming a removed\n"
       "caveat, a line of a removed mission); then nothing changes.\n"
       "\n"
       "options:\n"
       "  --if-version N    remove it only if it is still at version N\n"
       "  --reason TEXT     why, for the history\n"
       "  -h, --help        this help\n");

static int exec_rm(struct cli *cli, int argc, char **argv)
{
	struct muster_edit e = {.op = MUSTER_EDIT_DELETE};
	int format = CLI_TABLE;
	int rc =
	    cli_edit_options("rm", rm_usage, argc, argv, &e.reason, &e.if_version, &format, NULL);
	if (rc >= 0)
		return rc;
	if (argc - optind != 2)
		return cli_usage_error("rm",
				       P_("expected ENTITY and KEY, got %d argument",
					  "expected ENTITY and KEY, got %d arguments",
					  argc - optind),
				       argc - optind);
	e.entity = argv[optind];
	e.key = argv[optind + 1];
	return cli_edit(cli, "rm", &e, format);
}

const struct cmd_entry cmd_rm = {
    .name = "rm",
    .summary = N_("remove one record"),
    .usage = rm_usage,
    .exec = exec_rm,
    .applies_policy = true, /* muster_db_edit checks the policy (muster_edit.policy) */
};
