/*
 * cli.c: helpers every command shares: opening the database on first use,
 * loading the scenario, printing errors and parsing --format.
 */
#include "cli.h"
#include "util.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int cli_exit_code(int status)
{
	if (status == 0)
		return 0;
	return status == MUSTER_EUSAGE ? 2 : 1;
}

int cli_error(const struct muster_error *err)
{
	fprintf(stderr, "muster: %s\n", err->msg ? err->msg : muster_strstatus(err->code));
	for (size_t i = 0; i < err->details.nr; i++)
		fprintf(stderr, "%s\n", err->details.items[i]);
	if (err->dropped)
		fprintf(stderr, "... and %zu more problems\n", err->dropped);
	return cli_exit_code(err->code ? err->code : MUSTER_EINVAL);
}

int cli_fail(const char *fmt, ...)
{
	va_list ap;
	fputs("muster: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "muster%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nsee 'muster %s%s--help'\n", cmd ? cmd : "", cmd ? " " : "");
	return 2;
}

/* Open the database; `create` only for the commands that make one. */
static struct muster_db *open_db(struct cli *cli, bool create)
{
	struct muster_error err = {0};
	int rc;
	if (cli->db)
		return cli->db;
	rc = create ? muster_db_create(&cli->db, cli->db_path, &err)
		    : muster_db_open(&cli->db, cli->db_path, &err);
	if (rc == MUSTER_ENOENT)
		cli_fail("%s; create it with 'muster init' or 'muster import DIR', or name another "
			 "with --db",
			 err.msg);
	else if (rc < 0)
		cli_error(&err);
	if (rc < 0)
		cli->db = NULL;
	muster_error_release(&err);
	return cli->db;
}

struct muster_db *cli_db(struct cli *cli)
{
	return open_db(cli, false);
}

struct muster_db *cli_db_create(struct cli *cli)
{
	return open_db(cli, true);
}

int cli_load(struct cli *cli, struct muster_scenario *sc)
{
	struct muster_error err = {0};
	struct muster_db *db = cli_db(cli);
	int rc;
	bool empty = false;
	if (!db)
		return 1;
	/* Nothing to read is not an empty answer (an export of nothing would
	 * delete every file of its folder). */
	rc = muster_db_is_empty(db, &empty, &err);
	if (rc == 0 && empty)
		return cli_fail("database '%s' holds no scenario; import one with 'muster import "
				"DIR'",
				muster_db_label(db));
	if (rc == 0)
		rc = muster_db_load(db, cli->whatif, sc, &err);
	if (rc < 0) {
		rc = cli_error(&err);
		muster_error_release(&err);
		return rc;
	}
	return 0;
}

int cli_check_output(struct cli *cli, const char *path)
{
	struct muster_error err = {0};
	int rc = 0;
	if (cli->db && muster_db_check_output(cli->db, path, &err) < 0)
		rc = cli_error(&err);
	muster_error_release(&err);
	return rc;
}

int cli_check_output_in(struct cli *cli, const char *dir, const char *file)
{
	char *path = xstrfmt("%s/%s", dir, file);
	int rc = cli_check_output(cli, path);
	free(path);
	return rc;
}

int cli_run(struct cli *cli, int64_t id, const char *mission, struct muster_run *run, bool *have)
{
	struct muster_error err = {0};
	int rc;
	*have = false;
	if (!cli_db(cli))
		return 1;
	rc = id > 0 ? muster_db_run_get(cli->db, id, run, &err)
		    : muster_db_run_latest(cli->db, cli->whatif, mission, run, &err);
	if (rc == MUSTER_ENOENT && id == 0) {
		muster_error_release(&err);
		muster_run_release(run);
		memset(run, 0, sizeof(*run));
		return 0;
	}
	if (rc < 0) {
		rc = cli_error(&err);
		muster_error_release(&err);
		return rc;
	}
	const char *own = run->whatif;
	if (own && (!cli->whatif || strcmp(own, cli->whatif))) {
		rc = cli_fail("run %lld was sourced from what-if scenario '%s'; add --scenario %s",
			      (long long)id, own, own);
	} else if (!own && cli->whatif) {
		rc = cli_fail("run %lld was sourced from the base scenario; drop --scenario",
			      (long long)id);
	} else if (mission && run->mission && strcmp(mission, run->mission)) {
		rc = cli_fail("run %lld was sourced for mission '%s', not '%s'", (long long)id,
			      run->mission, mission);
	} else {
		*have = true;
		return 0;
	}
	muster_run_release(run);
	memset(run, 0, sizeof(*run));
	return rc;
}

int cli_parse_run(const char *cmd, const char *arg, int64_t *id)
{
	long v;
	if (!strcmp(arg, "latest")) {
		*id = 0;
		return 0;
	}
	if (strtonum_l(arg, 1, LONG_MAX, &v) == 0) {
		*id = v;
		return 0;
	}
	return cli_usage_error(cmd, "option '--run': expected a run id or 'latest', got '%s'", arg);
}

int cli_parse_format(const char *cmd, const char *s, unsigned allowed, enum cli_format *out)
{
	static const char *const names[] = {"table", "csv", "json", "svg", "html"};
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(allowed & (1u << i)))
			continue;
		if (!strcmp(s, names[i])) {
			*out = (enum cli_format)i;
			strbuf_release(&sb);
			return 0;
		}
		strbuf_addf(&sb, "%s%s", sb.len ? "|" : "", names[i]);
	}
	cli_usage_error(cmd, "option '--format': expected %s, got '%s'", sb.buf, s);
	strbuf_release(&sb);
	return 2;
}
