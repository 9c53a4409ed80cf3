/*
 * cmd-history.c: `muster history [ENTITY [KEY]]`: the audit log, every
 * change with who, when and why; `--verify` recomputes its hash chain.
 */
#include "cli.h"
#include "cutil.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char history_usage[] =
    N_("usage: muster history [ENTITY [KEY]] [--since TIME] [--until TIME] [--actor NAME]\n"
       "                      [--format table|csv|json|xlsx]\n"
       "       muster history --verify\n"
       "\n"
       "The audit log: every change of every record (edits and imports), oldest first,\n"
       "with the scenario revision it made, its time (UTC), who made it (--as, else\n"
       "the operating-system user), the operation and the reason. The table shows\n"
       "what changed; csv and json give the record before and after as JSON.\n"
       "\n"
       "options:\n"
       "  --since TIME     changes at or after TIME (ISO 8601, UTC: 2021-02-18T12:00)\n"
       "  --until TIME     changes up to TIME (a date takes in the whole day)\n"
       "  --actor NAME     changes made by NAME\n"
       "  --format FORMAT  table (default), csv, json or xlsx\n"
       "  --verify         check that no row was edited, deleted or reordered (exit 1\n"
       "                   naming the first that was)\n"
       "  -h, --help       this help\n");

static int print_history(const struct muster_audit_list *l, enum cli_format f)
{
	struct muster_table t;
	muster_table_history(l, f == CLI_TABLE ? MUSTER_STYLE_TEXT : MUSTER_STYLE_DATA, &t);
	int rc = table_print(&t, f, stdout);
	muster_table_release(&t);
	return rc;
}

static int verify(struct cli *cli)
{
	struct muster_error err = {0};
	struct muster_db *db = cli_db(cli);
	size_t rows = 0;
	if (!db)
		return 1;
	int rc = muster_db_history_verify(db, &rows, &err);
	if (rc < 0)
		rc = cli_error(&err);
	else
		printf(P_("audit log intact: %zu row, hash chain verified\n",
			  "audit log intact: %zu rows, hash chain verified\n", rows),
		       rows);
	muster_error_release(&err);
	return rc;
}

static int list(struct cli *cli, const struct muster_history_filter *f, enum cli_format format)
{
	struct muster_error err = {0};
	struct muster_audit_list l = {0};
	struct muster_db *db = cli_db(cli);
	int rc;
	if (!db)
		return 1;
	rc = muster_db_history(db, f, &l, &err);
	if (rc == 0 && !cli_sees_all(cli)) { /* only the rows the actor may read */
		struct muster_audit_list all = l;
		memset(&l, 0, sizeof(l));
		rc = muster_view_history(&all, &cli->actor, &l, &err);
		muster_audit_list_release(&all);
	}
	if (rc == MUSTER_EUSAGE)
		rc = cli_usage_error("history", "%s", err.msg);
	else if (rc < 0)
		rc = cli_error(&err);
	else if (!l.nr && format == CLI_TABLE)
		/* no changes is an answer, but say so rather than print an empty table */
		fputs(f->entity || f->actor || f->since || f->until
			  ? _("no changes recorded that match\n")
			  : _("no changes recorded\n"),
		      stdout);
	else
		rc = print_history(&l, format);
	muster_audit_list_release(&l);
	muster_error_release(&err);
	return rc;
}

static int exec_history(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"since", required_argument, NULL, 's'},
					     {"until", required_argument, NULL, 'u'},
					     {"actor", required_argument, NULL, 'a'},
					     {"format", required_argument, NULL, 'f'},
					     {"verify", no_argument, NULL, 'v'},
					     {"help", no_argument, NULL, 'h'},
					     {0}};
	struct muster_history_filter f = {0};
	enum cli_format format = CLI_TABLE;
	bool check = false;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(history_usage), stdout);
			return 0;
		case 's':
			f.since = optarg;
			break;
		case 'u':
			f.until = optarg;
			break;
		case 'a':
			f.actor = optarg;
			break;
		case 'f':
			if (cli_parse_format("history", optarg, CLI_TABULAR, &format))
				return 2;
			break;
		case 'v':
			check = true;
			break;
		default:
			return cli_usage_error("history", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind > 2)
		return cli_usage_error(
		    "history", "expected at most ENTITY and KEY, got %d arguments", argc - optind);
	if (check && (argc - optind || f.since || f.until || f.actor))
		return cli_usage_error("history", "--verify checks the whole log: it takes no "
						  "filter");
	if (check)
		return cli_planner_only(cli, _("verify the audit log")) ? 1 : verify(cli);
	f.entity = argc - optind > 0 ? argv[optind] : NULL;
	f.key = argc - optind > 1 ? argv[optind + 1] : NULL;
	return list(cli, &f, format);
}

const struct cmd_entry cmd_history = {
    .name = "history",
    .summary = N_("who changed what, when and why (the audit log)"),
    .usage = history_usage,
    .exec = exec_history,
    .applies_policy = true, /* rows filtered by muster_view_history */
};
