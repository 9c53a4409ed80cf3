/*
 * cmd-offer.c: `muster offer accept|withdraw|reopen ID [--on DATE]`: the
 * pledge lifecycle, a change of the offer's status (muster_db_edit).
 */
#include "cli.h"
#include "cutil.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char offer_usage[] =
    N_("usage: muster offer accept|withdraw|reopen ID [--on DATE] [--if-version N]\n"
       "                    [--reason TEXT] [--format table|csv|json|xlsx]\n"
       "\n"
       "Change the status of offer ID: accept (accepted), withdraw (withdrawn) or\n"
       "reopen (offered again). The change is validated and recorded like any edit;\n"
       "prints the offer with its new version.\n"
       "\n"
       "options:\n"
       "  --on DATE         the day it happened (YYYY-MM-DD), recorded with the reason\n"
       "  --if-version N    change it only if it is still at version N\n"
       "  --reason TEXT     why, for the history\n"
       "  --format FORMAT   table (default), csv, json or xlsx\n"
       "  -h, --help        this help\n");

static const struct {
	const char *verb, *field;
} verbs[] = {
    {"accept", "status=accepted"},
    {"withdraw", "status=withdrawn"},
    {"reopen", "status=offered"},
};

static int exec_offer(struct cli *cli, int argc, char **argv)
{
	struct muster_edit e = {.op = MUSTER_EDIT_SET, .entity = "offers"};
	const char *on = NULL, *field = NULL;
	int format = CLI_TABLE, rc;
	char *reason = NULL;
	rc = cli_edit_options("offer", offer_usage, argc, argv, &e.reason, &e.if_version, &format,
			      &on);
	if (rc >= 0)
		return rc;
	if (argc - optind != 2)
		return cli_usage_error("offer",
				       "expected accept, withdraw or reopen and an offer id");
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
		if (!strcmp(argv[optind], verbs[i].verb))
			field = verbs[i].field;
	if (!field)
		return cli_usage_error("offer", "expected accept, withdraw or reopen, got '%s'",
				       argv[optind]);
	int32_t day;
	if (on && muster_date_parse(on, &day) < 0)
		return cli_usage_error("offer",
				       "option '--on': expected a date YYYY-MM-DD, got '%s'", on);
	if (on) /* the day it happened, beside the day it was recorded (the row's time) */
		e.reason = reason =
		    xstrfmt(_("on %s%s%s"), on, e.reason ? ": " : "", e.reason ? e.reason : "");
	e.key = argv[optind + 1];
	e.fields = &field;
	e.nfields = 1;
	rc = cli_edit(cli, "offer", &e, format);
	free(reason);
	return rc;
}

const struct cmd_entry cmd_offer = {
    .name = "offer",
    .summary = N_("accept, withdraw or reopen an offer"),
    .usage = offer_usage,
    .exec = exec_offer,
    .applies_policy = true, /* muster_db_edit checks the policy (muster_edit.policy) */
};
