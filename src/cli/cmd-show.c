/* cmd-show.c: `muster show` (placeholder until its issue lands). */
#include "cli.h"

static int exec_show(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return cli_fail("'show' is not implemented yet");
}

const struct cmd_entry cmd_show = {
    .name = "show",
    .summary = "(not implemented yet)",
    .usage = "usage: muster show\n",
    .exec = exec_show,
};
