/* cmd-whatif.c: `muster whatif` (placeholder until its issue lands). */
#include "cli.h"

static int exec_whatif(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return cli_fail("'whatif' is not implemented yet");
}

const struct cmd_entry cmd_whatif = {
    .name = "whatif",
    .summary = "(not implemented yet)",
    .usage = "usage: muster whatif\n",
    .exec = exec_whatif,
};
