/* cmd-import.c: `muster import` (placeholder until its issue lands). */
#include "cli.h"

static int exec_import(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return cli_fail("'import' is not implemented yet");
}

const struct cmd_entry cmd_import = {
    .name = "import",
    .summary = "(not implemented yet)",
    .usage = "usage: muster import\n",
    .exec = exec_import,
};
