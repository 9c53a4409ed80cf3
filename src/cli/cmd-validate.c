/* cmd-validate.c: `muster validate` (placeholder until its issue lands). */
#include "cli.h"

static int exec_validate(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return cli_fail("'validate' is not implemented yet");
}

const struct cmd_entry cmd_validate = {
    .name = "validate",
    .summary = "(not implemented yet)",
    .usage = "usage: muster validate\n",
    .exec = exec_validate,
};
