/*
 * cmd-init.c: `muster init`: create the database, or migrate an existing one
 * to this muster's schema, and say which it did. Opening a database always
 * migrates it, so init is mostly for saying where the database lives; it
 * never touches the data in it.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>

static const char init_usage[] =
    N_("usage: muster [--db PATH] init\n"
       "\n"
       "Create the muster database, or bring an existing one up to this muster's\n"
       "schema version. The data in it is kept.\n"
       "\n"
       "The database is the SQLite file given by the global option --db PATH, else\n"
       "the environment variable MUSTER_DB, else ./muster.db; --db wins over\n"
       "MUSTER_DB. A postgresql:// URI or libpq key=value words ('host=H dbname=D')\n"
       "name a PostgreSQL database instead: init creates muster's tables in it.\n"
       "\n"
       "options:\n"
       "  -h, --help   this help\n"
       "\n"
       "examples:\n"
       "  muster init\n"
       "  muster --db plans/nmi.db init\n"
       "  MUSTER_DB=plans/nmi.db muster init\n"
       "  muster --db postgresql://planner@db.example.org/muster init\n");

static int parse_options(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(_(init_usage), stdout);
			return 0;
		}
		return cli_usage_error("init", "unknown option '%s'", argv[optind - 1]);
	}
	if (optind < argc)
		return cli_usage_error("init", "unexpected argument '%s'", argv[optind]);
	return -1;
}

static int exec_init(struct cli *cli, int argc, char **argv)
{
	int rc = parse_options(argc, argv);
	int found, current;
	if (rc >= 0)
		return rc;
	struct muster_db *db = cli_db_create(cli);
	if (!db)
		return 1;
	muster_db_schema(db, &found, &current);
	if (found == 0)
		printf(_("initialised %s (schema %d)\n"), muster_db_label(db), current);
	else if (found < current)
		printf(_("migrated %s from schema %d to schema %d\n"), muster_db_label(db), found,
		       current);
	else
		printf(_("%s is up to date (schema %d)\n"), muster_db_label(db), current);
	return 0;
}

const struct cmd_entry cmd_init = {
    .name = "init",
    .summary = N_("create the database, or migrate it to this muster"),
    .usage = init_usage,
    .exec = exec_init,
};
