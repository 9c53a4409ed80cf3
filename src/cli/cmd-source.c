/* cmd-source.c: `muster source` (placeholder until its issue lands). */
#include "cli.h"

static int exec_source(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return cli_fail("'source' is not implemented yet");
}

const struct cmd_entry cmd_source = {
    .name = "source",
    .summary = "(not implemented yet)",
    .usage = "usage: muster source\n",
    .exec = exec_source,
};
