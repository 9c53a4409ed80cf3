/*
 * cmd-migrate.c: `muster migrate --from DB --to DB`: copy a whole database
 * into a new one of either backend (a SQLite file to a PostgreSQL server
 * database, or back), losslessly (muster_db_migrate).
 *
 * Decisions:
 * - Both databases are named explicitly; --db and MUSTER_DB play no part,
 *   so a forgotten option cannot copy the wrong way.
 * - The target is created when it does not exist yet (a SQLite file, or
 *   muster's tables in an empty PostgreSQL database) and must hold nothing.
 * - Run by the database's operator, not --as a user: it copies every
 *   user's password hash.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static const char usage[] =
    N_("usage: muster migrate --from DB --to DB\n"
       "\n"
       "Copy everything the database DB (--from) holds into a new, empty database\n"
       "(--to), of either kind: a SQLite file or a PostgreSQL database\n"
       "(postgresql://... or libpq key=value words). The records keep their order\n"
       "and versions, the revisions, what-ifs, stored runs and users (with their\n"
       "password hashes; sessions are not copied) come along, and the audit log is\n"
       "copied row for row, so 'muster history --verify' holds on the copy and\n"
       "'muster history' and 'muster export' read the same there. --to is created\n"
       "if needed and must hold no data; on any failure it is left as it was.\n"
       "--from is only read.\n"
       "\n"
       "options:\n"
       "  --from DB    the database to copy\n"
       "  --to DB      the new database\n"
       "  -h, --help   this help\n"
       "\n"
       "examples:\n"
       "  muster migrate --from plans/nmi.db --to postgresql://planner@db.example.org/muster\n"
       "  muster migrate --from 'host=db.example.org dbname=muster' --to backup.db\n");

static int exec_migrate(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {NULL, 0, NULL, 0},
	};
	const char *from_t = NULL, *to_t = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			from_t = optarg;
			break;
		case 't':
			to_t = optarg;
			break;
		case ':':
			return cli_usage_error("migrate", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return cli_usage_error("migrate", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("migrate", "unexpected argument '%s'", argv[optind]);
	if (!from_t || !to_t)
		return cli_usage_error("migrate", "both --from DB and --to DB are needed");
	if (cli->as)
		return cli_usage_error("migrate",
				       "--as does not apply: migrate copies every user's password "
				       "hash and is run by the database's operator");
	struct muster_error err = {0};
	struct muster_db *from = NULL, *to = NULL;
	struct muster_migrate_counts n = {0};
	int rc = muster_db_open(&from, from_t, &err);
	if (rc == 0)
		rc = muster_db_create(&to, to_t, &err);
	if (rc == 0) {
		muster_db_set_ctx(to, &cli->ctx);
		rc = muster_db_migrate(from, to, &n, &err);
	}
	if (rc == 0) {
		printf(_("migrated %s to %s: "), muster_db_label(from), muster_db_label(to));
		printf(P_("%zu record", "%zu records", n.records), n.records);
		printf(P_(", %zu what-if", ", %zu what-ifs", n.whatifs), n.whatifs);
		printf(P_(", %zu run", ", %zu runs", n.runs), n.runs);
		printf(P_(", %zu audit row", ", %zu audit rows", n.audit), n.audit);
		printf(P_(", %zu user\n", ", %zu users\n", n.users), n.users);
	} else
		rc = cli_error(&err);
	muster_db_close(to);
	muster_db_close(from);
	muster_error_release(&err);
	return rc;
}

const struct cmd_entry cmd_migrate = {
    .name = "migrate",
    .summary = N_("copy a database into a new one (SQLite <-> PostgreSQL)"),
    .usage = usage,
    .applies_policy = true, /* refuses --as */
    .exec = exec_migrate,
};
