/* cmd-check.c: `muster check` (placeholder until its issue lands). */
#include "cli.h"

static int exec_check(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return cli_fail("'check' is not implemented yet");
}

const struct cmd_entry cmd_check = {
    .name = "check",
    .summary = "(not implemented yet)",
    .usage = "usage: muster check\n",
    .exec = exec_check,
};
