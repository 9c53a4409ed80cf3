/* cmd-report.c: `muster report` (placeholder until its issue lands). */
#include "cli.h"

static int exec_report(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return cli_fail("'report' is not implemented yet");
}

const struct cmd_entry cmd_report = {
    .name = "report",
    .summary = "(not implemented yet)",
    .usage = "usage: muster report\n",
    .exec = exec_report,
};
