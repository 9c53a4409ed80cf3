/*
 * record.c: what the record edit commands (add, set, rm, offer) share: their
 * options, the call to muster_db_edit with the CLI's actor, and printing the
 * record after the change with its version.
 */
#include "cli.h"
#include "cutil.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

int cli_edit_options(const char *cmd, const char *usage, int argc, char **argv, const char **reason,
		     int64_t *if_version, int *format, const char **on)
{
	static const struct option opts[] = {
	    {"reason", required_argument, NULL, 'r'}, {"if-version", required_argument, NULL, 'v'},
	    {"format", required_argument, NULL, 'f'}, {"on", required_argument, NULL, 'o'},
	    {"help", no_argument, NULL, 'h'},	      {0}};
	enum cli_format f = CLI_TABLE;
	long v = 0;
	int c;
	optind = 0;
	opterr = 0;
	/* '+' would stop at the first operand; FIELD=VALUE may come before options */
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(usage), stdout);
			return 0;
		case 'r':
			*reason = optarg;
			break;
		case 'v':
			if (!if_version)
				return cli_usage_error(cmd, "unknown option '--if-version'");
			if (muster_parse_long(optarg, 1, LONG_MAX, &v) < 0)
				return cli_usage_error(cmd,
						       "option '--if-version': expected a version "
						       ">= 1, got '%s'",
						       optarg);
			*if_version = v;
			break;
		case 'f':
			if (cli_parse_format(cmd, optarg, CLI_TABULAR, &f))
				return 2;
			*format = (int)f;
			break;
		case 'o':
			if (!on)
				return cli_usage_error(cmd, "unknown option '--on'");
			*on = optarg;
			break;
		default:
			return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	return -1;
}

static int print_json_record(const struct muster_record *r)
{
	struct muster_error err = {0};
	char *json = NULL;
	return cli_print_json(muster_json_record(r, &json, &err), &json, &err);
}

/* The record, its version and the revision, as a table, CSV or JSON. */
static int print_record(const struct muster_record *r, enum cli_format f)
{
	if (f == CLI_JSON)
		return print_json_record(r);
	struct muster_table t;
	char ver[32];
	snprintf(ver, sizeof(ver), "%lld", (long long)r->version);
	if (f == CLI_CSV || f == CLI_XLSX) {
		size_t n = r->names.nr;
		char **head = xcalloc(n + 1, sizeof(*head)), **row = xcalloc(n + 1, sizeof(*row));
		for (size_t i = 0; i < n; i++) {
			head[i] = r->names.items[i];
			row[i] = r->values.items[i];
		}
		head[n] = "version";
		row[n] = ver;
		muster_table_init(&t, n + 1, (const char *const *)head);
		muster_table_numeric(&t, n); /* the version */
		muster_table_add(&t, (const char *const *)row);
		free(head);
		free(row);
	} else {
		static const char *const head[] = {"field", "value"};
		muster_table_init(&t, 2, head);
		for (size_t i = 0; i < r->names.nr; i++)
			muster_table_add(
			    &t, (const char *const[]){r->names.items[i], r->values.items[i]});
		muster_table_add(&t, (const char *const[]){"version", ver});
	}
	int rc = table_print(&t, f, stdout);
	muster_table_release(&t);
	return rc;
}

int cli_edit(struct cli *cli, const char *cmd, struct muster_edit *e, int format)
{
	struct muster_error err = {0};
	struct muster_record r = {0};
	struct muster_db *db = cli_db(cli);
	int rc;
	if (!db)
		return 1;
	if (cli->whatif) {
		cli_usage_error(cmd,
				"records are edited in the base scenario; change a what-if with "
				"'muster whatif add'");
		return 2;
	}
	e->actor = cli->audit_actor;
	e->policy = cli->as ? &cli->actor : NULL; /* the local admin may do everything */
	rc = muster_db_edit(db, e, &r, &err);
	if (rc == MUSTER_ECONFLICT) {
		fprintf(stderr, _("muster: %s\n"), err.msg);
		fprintf(stderr,
			_("hint: see it with 'muster history %s %s', then retry with "
			  "--if-version of the current version\n"),
			e->entity, e->key);
		rc = 1;
	} else if (rc == MUSTER_EUSAGE) {
		rc = cli_usage_error(cmd, "%s", err.msg);
	} else if (rc < 0) {
		rc = cli_error(&err);
	} else {
		if (e->op == MUSTER_EDIT_DELETE)
			printf(
			    _("removed %s '%s' (it was at version %lld); scenario revision %lld\n"),
			    r.entity, r.key, (long long)r.version, (long long)r.revision);
		else
			rc = print_record(&r, (enum cli_format)format);
		if (e->op == MUSTER_EDIT_SET && !r.revision)
			fprintf(stderr,
				_("muster: %s '%s' already had those values; nothing "
				  "changed\n"),
				r.entity, r.key);
	}
	muster_record_release(&r);
	muster_error_release(&err);
	return rc;
}
