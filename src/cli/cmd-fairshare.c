/* cmd-fairshare.c: `muster fairshare` (placeholder until its issue lands). */
#include "cli.h"

static int exec_fairshare(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return cli_fail("'fairshare' is not implemented yet");
}

const struct cmd_entry cmd_fairshare = {
    .name = "fairshare",
    .summary = "(not implemented yet)",
    .usage = "usage: muster fairshare\n",
    .exec = exec_fairshare,
};
