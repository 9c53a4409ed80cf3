/* cmd-init.c: `muster init` (placeholder until its issue lands). */
#include "cli.h"

static int exec_init(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return cli_fail("'init' is not implemented yet");
}

const struct cmd_entry cmd_init = {
    .name = "init",
    .summary = "(not implemented yet)",
    .usage = "usage: muster init\n",
    .exec = exec_init,
};
