/*
 * cmd-import.c: `muster import DIR`: reads and validates a scenario folder,
 * then stores it in one transaction (all or nothing). `--format FMT FILE`
 * imports a public data file through muster_import_public() instead.
 */
#include "cli.h"
#include "cutil.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char import_usage[] =
    N_("usage: muster import DIR [--merge | --replace | --update [--prune]]\n"
       "       muster import --format FMT FILE [--source NAME] [--map FILE]\n"
       "                     [--columns FIELD=COL,...] [--series S,...]\n"
       "                     [--period year --as intervals|snapshots\n"
       "                      [--snapshot-day MM-DD]] [--host CODE]\n"
       "\n"
       "Read the scenario folder DIR (see 'muster validate'), check it whole and store\n"
       "it in the database in one transaction: on any problem nothing changes. A\n"
       "database that already holds data is left alone unless --merge or --replace\n"
       "is given.\n"
       "\n"
       "options:\n"
       "  --merge         add DIR to what the database holds; any duplicate id fails\n"
       "  --replace       replace everything the database holds with DIR (the history\n"
       "                  logs a delete of every old record and an insert of every new)\n"
       "  --update        amend the database from DIR record by record, by key: new\n"
       "                  records are inserted, changed ones updated, equal ones left\n"
       "                  alone (no new version, nothing in the history); records not\n"
       "                  in DIR stay. Prints what it did per file\n"
       "  --prune         with --update: delete the records that are not in DIR\n"
       "  --format FMT    import the public data file FILE into deployments instead;\n"
       "                  FMT: un-contributions (IPI contributions by mission and\n"
       "                  personnel type), un-mission-totals (IPI mission totals,\n"
       "                  nation XPK), un-contributor-totals (IPI contributor totals,\n"
       "                  country XPK), us-personnel (troopdata by quarter),\n"
       "                  us-personnel-year (troopdata by year) or deployments (a\n"
       "                  table of deployments.csv's columns)\n"
       "  --source NAME   with --format: the name that identifies FILE's rows (default:\n"
       "                  FILE's full path); importing the same name again replaces\n"
       "                  them, another file of the same base name adds to them\n"
       "  --map FILE      with --format: your own crosswalk of country names (columns\n"
       "                  name and code), looked at before the built-in one; a name\n"
       "                  neither knows is an error that names the closest known ones\n"
       "  --columns LIST  with --format deployments: the file's column for each field,\n"
       "                  e.g. nation=Contributor,country=Host,personnel=Troops,from=Date\n"
       "  --series LIST   with --format us-personnel: the series preferred where several\n"
       "                  give a figure, best first: dmdc, kane, imputed, other\n"
       "                  (default dmdc,kane,imputed,other)\n"
       "  --period year   with --format deployments: the 'from' column holds a year\n"
       "                  (YYYY; 'to' must be empty) and --as says what each figure is:\n"
       "  --as intervals  it covers its year, from YYYY-01-01 to the next year\n"
       "  --as snapshots  it is a reading on one day of its year (--snapshot-day,\n"
       "                  default 12-31), stored as that day alone\n"
       "  --host CODE     with --format deployments: the host of the missions the file\n"
       "                  creates; without it a new mission with rows in several\n"
       "                  countries has no host (its host is never guessed)\n"
       "  -h, --help      this help\n");

/*
 * "imported 'F' (FMT) as source 'S': 29629 rows read, 3312 deployments
 * written, 1950-04-01 to 2026-01-01, 1 nation in 208 countries".
 */
static void say_imported(const char *file, const char *fmt, const struct muster_import_summary *s)
{
	printf(_("imported '%s' (%s) as source '%s': "), file, fmt, s->source);
	printf(P_("%zu row read", "%zu rows read", s->rows), s->rows);
	printf(P_(", %zu deployment written", ", %zu deployments written", s->written), s->written);
	if (s->replaced)
		printf(_(" (replacing %zu)"), s->replaced);
	if (s->written) {
		char f[11], t[11];
		muster_date_format(s->from, f);
		if (s->to == MUSTER_DATE_OPEN) {
			printf(_(", %s to open"), f);
		} else {
			muster_date_format(s->to, t);
			printf(_(", %s to %s"), f, t);
		}
		printf(P_(", %zu nation", ", %zu nations", s->nations), s->nations);
		printf(P_(" in %zu country", " in %zu countries", s->countries), s->countries);
	}
	putchar('\n');
	if (s->competing)
		printf(P_("%zu row of another series dropped where a preferred series has the "
			  "figure\n",
			  "%zu rows of another series dropped where a preferred series has the "
			  "figure\n",
			  s->competing),
		       s->competing);
	for (size_t i = 0; i < s->warnings.nr; i++)
		fprintf(stderr, _("muster: warning: %s\n"), s->warnings.items[i]);
	if (s->nwarnings > s->warnings.nr)
		fprintf(stderr,
			_("muster: warning: and %zu more warnings of data quality (the data are "
			  "kept as they are)\n"),
			s->nwarnings - s->warnings.nr);
}

static int import_public(struct cli *cli, const char *fmt, const char *file,
			 const struct muster_import_opts *o)
{
	struct muster_error err = {0};
	struct muster_db *db = cli_db_create(cli);
	int rc = 0;
	if (!db)
		return 1;
	struct muster_import_summary sum = {0};
	rc = muster_import_public_opts(db, fmt, file, o, &sum, &err);
	if (rc == MUSTER_EEXIST) {
		const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
		rc = cli_fail("%s; add --source %s to replace them, or --source NAME (another "
			      "name) to keep them and add these",
			      err.msg, base);
	} else if (rc == MUSTER_ESTALE)
		rc = cli_fail("%s; run the import again", err.msg);
	else if (rc < 0)
		rc = cli_error(&err);
	else
		say_imported(file, fmt, &sum);
	muster_import_summary_release(&sum);
	muster_error_release(&err);
	return rc;
}

static void note_stale_runs(struct muster_db *db);

/* `import --update [--prune]`: upsert by key, then one line per file. */
static int import_update(struct cli *cli, const char *dir, bool prune)
{
	struct muster_scenario sc;
	struct muster_error err = {0};
	struct muster_update_summary sum;
	struct muster_db *db;
	int rc = 0;

	muster_scenario_init(&sc);
	struct muster_read_opts ro = {.ctx = &cli->ctx};
	if (muster_scenario_read_dir_opts(&sc, dir, &ro, &err) < 0) {
		rc = cli_error(&err);
		goto out;
	}
	db = cli_db_create(cli);
	if (!db) {
		rc = 1;
		goto out;
	}
	if (muster_db_import_update(db, &sc, prune, &sum, &err) < 0) {
		rc = cli_error(&err);
		goto out;
	}
	if (sum.revision)
		printf(_("updated from '%s': revision %lld\n"), dir, (long long)sum.revision);
	else
		printf(_("updated from '%s': nothing changed (the database already holds it)\n"),
		       dir);
	for (size_t t = 0; t < sum.ntables; t++) {
		const struct muster_import_count *c = &sum.tables[t];
		char file[32];
		/* the money tables (issue 15) only when they hold something: a
		 * scenario without them reports as it did before they existed */
		bool money = !strcmp(c->entity, "costs") || !strcmp(c->entity, "funding") ||
			     !strcmp(c->entity, "budgets");
		if (money && !(c->inserted || c->updated || c->deleted || c->unchanged))
			continue;
		snprintf(file, sizeof(file), "%s.csv:", c->entity);
		printf(_("  %-18s %zu inserted, %zu updated, %zu deleted, %zu unchanged\n"), file,
		       c->inserted, c->updated, c->deleted, c->unchanged);
	}
	if (sum.revision)
		note_stale_runs(db);
out:
	muster_error_release(&err);
	muster_scenario_release(&sc);
	return rc;
}

/* After a replace: say how many stored runs it made stale (they are kept). */
static void note_stale_runs(struct muster_db *db)
{
	struct muster_run_list runs = {0};
	size_t n = 0;
	if (muster_db_runs(db, &runs, NULL) == 0)
		for (size_t i = 0; i < runs.nr; i++) {
			bool stale = false;
			if (muster_db_run_stale(db, &runs.items[i], &stale, NULL, NULL) == 0 &&
			    stale)
				n++;
		}
	if (n)
		printf(P_("%zu stored sourcing run is stale (kept; see 'muster runs')\n",
			  "%zu stored sourcing runs are stale (kept; see 'muster runs')\n", n),
		       n);
	muster_run_list_release(&runs);
}

static int import_dir(struct cli *cli, const char *dir, enum muster_import_mode mode)
{
	struct muster_scenario sc;
	struct muster_error err = {0};
	char *summary = NULL;
	struct muster_db *db;
	int rc = 0;

	muster_scenario_init(&sc);
	/* A merged folder may refer to what the database holds: the store
	 * checks the union. */
	struct muster_read_opts ro = {.ctx = &cli->ctx,
				      .no_references = mode == MUSTER_IMPORT_MERGE};
	if (muster_scenario_read_dir_opts(&sc, dir, &ro, &err) < 0) {
		rc = cli_error(&err);
		goto out;
	}
	db = cli_db_create(cli);
	if (!db) {
		rc = 1;
		goto out;
	}
	if (muster_db_import(db, &sc, mode, &err) < 0) {
		rc = cli_error(&err);
		goto out;
	}
	summary = muster_scenario_summary(&sc);
	printf(_("imported '%s': %s\n"), dir, summary);
	if (mode == MUSTER_IMPORT_REPLACE)
		note_stale_runs(db);
out:
	free(summary);
	muster_error_release(&err);
	muster_scenario_release(&sc);
	return rc;
}

static int exec_import(struct cli *cli, int argc, char **argv)
{
	enum {
		OPT_MERGE = 256,
		OPT_REPLACE,
		OPT_SOURCE,
		OPT_UPDATE,
		OPT_PRUNE,
		OPT_MAP,
		OPT_COLUMNS,
		OPT_SERIES,
		OPT_PERIOD,
		OPT_AS,
		OPT_SNAPSHOT_DAY,
		OPT_HOST
	};
	static const struct option opts[] = {
	    {"merge", no_argument, NULL, OPT_MERGE},
	    {"replace", no_argument, NULL, OPT_REPLACE},
	    {"update", no_argument, NULL, OPT_UPDATE},
	    {"prune", no_argument, NULL, OPT_PRUNE},
	    {"format", required_argument, NULL, 'f'},
	    {"source", required_argument, NULL, OPT_SOURCE},
	    {"map", required_argument, NULL, OPT_MAP},
	    {"columns", required_argument, NULL, OPT_COLUMNS},
	    {"series", required_argument, NULL, OPT_SERIES},
	    {"period", required_argument, NULL, OPT_PERIOD},
	    {"as", required_argument, NULL, OPT_AS},
	    {"snapshot-day", required_argument, NULL, OPT_SNAPSHOT_DAY},
	    {"host", required_argument, NULL, OPT_HOST},
	    {"help", no_argument, NULL, 'h'},
	    {0}};
	enum muster_import_mode mode = MUSTER_IMPORT_NEW;
	const char *fmt = NULL, *source = NULL;
	struct muster_import_opts o = {0};
	bool update = false, prune = false;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hf:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(import_usage), stdout);
			return 0;
		case OPT_MERGE:
		case OPT_REPLACE:
			if (mode != MUSTER_IMPORT_NEW || update)
				return cli_usage_error("import",
						       "give one of --merge, --replace and "
						       "--update");
			mode = c == OPT_MERGE ? MUSTER_IMPORT_MERGE : MUSTER_IMPORT_REPLACE;
			break;
		case OPT_UPDATE:
			if (mode != MUSTER_IMPORT_NEW)
				return cli_usage_error("import",
						       "give one of --merge, --replace and "
						       "--update");
			update = true;
			break;
		case OPT_PRUNE:
			prune = true;
			break;
		case 'f':
			fmt = optarg;
			break;
		case OPT_SOURCE:
			source = optarg;
			break;
		case OPT_MAP:
			o.map = optarg;
			break;
		case OPT_COLUMNS:
			o.columns = optarg;
			break;
		case OPT_SERIES:
			o.series = optarg;
			break;
		case OPT_PERIOD:
			o.period = optarg;
			break;
		case OPT_AS:
			o.as = optarg;
			break;
		case OPT_SNAPSHOT_DAY:
			o.snapshot_day = optarg;
			break;
		case OPT_HOST:
			o.host = optarg;
			break;
		default:
			return cli_usage_error("import", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return fmt ? cli_usage_error("import",
					     P_("expected one file, got %d argument",
						"expected one file, got %d arguments",
						argc - optind),
					     argc - optind)
			   : cli_usage_error("import",
					     P_("expected one folder, got %d argument",
						"expected one folder, got %d arguments",
						argc - optind),
					     argc - optind);
	if (fmt && (mode != MUSTER_IMPORT_NEW || update))
		return cli_usage_error("import", "--format cannot be combined with --merge, "
						 "--replace or --update");
	if (prune && !update)
		return cli_usage_error("import", "--prune needs --update");
	if (source && !fmt)
		return cli_usage_error("import", "--source needs --format");
	if ((o.period || o.as || o.snapshot_day || o.host) && !fmt)
		return cli_usage_error("import", _("--period, --as, --snapshot-day and --host need "
						   "--format deployments"));
	if ((o.map || o.columns || o.series) && !fmt)
		return cli_usage_error("import", "--%s needs --format",
				       o.map	   ? "map"
				       : o.columns ? "columns"
						   : "series");
	o.source = source;
	if (fmt)
		return import_public(cli, fmt, argv[optind], &o);
	if (update)
		return import_update(cli, argv[optind], prune);
	return import_dir(cli, argv[optind], mode);
}

const struct cmd_entry cmd_import = {
    .name = "import",
    .summary = N_("import a scenario folder (or a public data file)"),
    .usage = import_usage,
    .exec = exec_import,
};
