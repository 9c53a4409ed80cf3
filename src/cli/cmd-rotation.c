/* cmd-rotation.c: `muster rotation` (placeholder until its issue lands). */
#include "cli.h"

static int exec_rotation(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return cli_fail("'rotation' is not implemented yet");
}

const struct cmd_entry cmd_rotation = {
    .name = "rotation",
    .summary = "(not implemented yet)",
    .usage = "usage: muster rotation\n",
    .exec = exec_rotation,
};
