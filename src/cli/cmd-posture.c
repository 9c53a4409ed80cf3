/* cmd-posture.c: `muster posture` (placeholder until its issue lands). */
#include "cli.h"

static int exec_posture(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return cli_fail("'posture' is not implemented yet");
}

const struct cmd_entry cmd_posture = {
    .name = "posture",
    .summary = "(not implemented yet)",
    .usage = "usage: muster posture\n",
    .exec = exec_posture,
};
