/* cmd-export.c: `muster export` (placeholder until its issue lands). */
#include "cli.h"

static int exec_export(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return cli_fail("'export' is not implemented yet");
}

const struct cmd_entry cmd_export = {
    .name = "export",
    .summary = "(not implemented yet)",
    .usage = "usage: muster export\n",
    .exec = exec_export,
};
