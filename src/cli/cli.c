/*
 * cli.c: helpers every command shares: opening the database on first use,
 * loading the scenario, printing errors and parsing --format.
 */
#include "cli.h"
#include "cutil.h"

#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *cli_pgettext(const char *context, const char *msgid)
{
	char key[128];
	int n = snprintf(key, sizeof(key), "%s\004%s", context, msgid);
	if (n < 0 || (size_t)n >= sizeof(key))
		return msgid;
	const char *tr = _(key);
	return tr == key ? msgid : tr;
}

const char *cli_solver_text(const char *solver)
{
	static const char *const solvers[] = {NC_("solver", "exact"), NC_("solver", "fast")};
	if (!solver)
		return "?";
	for (size_t i = 0; i < ARRAY_SIZE(solvers); i++)
		if (!strcmp(solver, solvers[i]))
			return cli_pgettext("solver", solver);
	return solver;
}

char *cli_messages_english(void)
{
	const char *now = setlocale(LC_MESSAGES, NULL);
	char *saved = xstrdup(now ? now : "C");
	setlocale(LC_MESSAGES, "C");
	return saved;
}

void cli_messages_restore(char *saved)
{
	if (!saved)
		return;
	setlocale(LC_MESSAGES, saved);
	free(saved);
}

int cli_exit_code(int status)
{
	if (status == 0)
		return 0;
	return status == MUSTER_EUSAGE ? 2 : 1;
}

int cli_error(const struct muster_error *err)
{
	fprintf(stderr, _("muster: %s\n"), err->msg ? err->msg : muster_strstatus(err->code));
	for (size_t i = 0; i < err->details.nr; i++)
		fprintf(stderr, "%s\n", err->details.items[i]);
	if (err->dropped)
		fprintf(stderr,
			dngettext("muster", "... and %zu more problem\n",
				  "... and %zu more problems\n", err->dropped),
			err->dropped);
	return cli_exit_code(err->code ? err->code : MUSTER_EINVAL);
}

int cli_fail(const char *fmt, ...)
{
	va_list ap;
	fputs(_("muster: "), stderr);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, _("muster%s%s: "), cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
	fprintf(stderr, _("see 'muster %s%s--help'\n"), cmd ? cmd : "", cmd ? " " : "");
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
	if (rc < 0) {
		cli->db = NULL;
	} else {
		muster_db_set_ctx(cli->db, &cli->ctx);
		muster_db_set_actor(cli->db, cli->audit_actor);
	}
	muster_error_release(&err);
	return cli->db;
}

/* An unknown --scenario NAME: the closest what-if's name, else where to look. */
static int unknown_whatif(struct muster_db *db, const char *name, const struct muster_error *err)
{
	struct muster_strlist names = {0};
	struct muster_error e = {0};
	const char *near = NULL;
	int rc;
	if (muster_db_whatif_list(db, &names, &e) == 0)
		near = muster_closest_word(name, (const char *const *)names.items, names.nr);
	if (near)
		rc = cli_fail("%s; did you mean '%s'?", err->msg, near);
	else
		rc = cli_fail("%s; see 'muster whatif list'", err->msg);
	muster_strlist_release(&names);
	muster_error_release(&e);
	return rc;
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
	return cli_load_rev(cli, sc, NULL);
}

int cli_load_rev(struct cli *cli, struct muster_scenario *sc, int64_t *revision)
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
	if (rc == 0 && cli->as_of) {
		rc = muster_db_load_as_of(db, cli->as_of, sc, &cli->as_of_rev, &err);
		if (revision)
			*revision = cli->as_of_rev;
	} else if (rc == 0)
		rc = muster_db_load_rev(db, cli->whatif, sc, revision, &err);
	if (rc == MUSTER_EUSAGE) {
		rc = cli_usage_error(NULL, "%s", err.msg);
		muster_error_release(&err);
		return rc;
	}
	if (rc == MUSTER_ENOENT && cli->whatif && err.msg) {
		rc = unknown_whatif(db, cli->whatif, &err);
		muster_error_release(&err);
		return rc;
	}
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
	if (rc == MUSTER_ENOENT) { /* an unknown --run ID: say where the ids are */
		rc = cli_fail("%s; see 'muster runs'", err.msg);
		muster_error_release(&err);
		return rc;
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
		(void)cli_run_stale(cli, run, true);
		return 0;
	}
	muster_run_release(run);
	memset(run, 0, sizeof(*run));
	return rc;
}

char *cli_run_stale_text(struct cli *cli, const struct muster_run *run)
{
	struct muster_error err = {0};
	int64_t now = 0;
	bool stale = false;
	if (!cli_db(cli) || muster_db_run_stale(cli->db, run, &stale, &now, &err) < 0) {
		muster_error_release(&err);
		return NULL;
	}
	/* stored runs are not rewound: only one of the revision --as-of reads fits */
	if (cli->as_of_rev > 0)
		return muster_run_stale_text(run, cli->as_of_rev);
	return stale ? muster_run_stale_text(run, now) : NULL;
}

bool cli_sees_all(const struct cli *cli)
{
	return cli->actor.role == MUSTER_ROLE_ADMIN || cli->actor.role == MUSTER_ROLE_PLANNER;
}

int cli_planner_only(const struct cli *cli, const char *what)
{
	if (cli_sees_all(cli))
		return 0;
	char *who = muster_actor_label(&cli->actor);
	int rc = cli_fail("%s may not %s (only planners and admins may)", who, what);
	free(who);
	return rc;
}

bool cli_run_stale(struct cli *cli, const struct muster_run *run, bool warn)
{
	char *text = cli_run_stale_text(cli, run);
	if (text && warn)
		fprintf(stderr,
			cli->as_of_rev > 0
			    ? _("muster: warning: %s (--as-of does not rewind stored runs)\n")
			    : _("muster: warning: %s; run 'muster source' again\n"),
			text);
	free(text);
	return text != NULL;
}

int cli_parse_run(const char *cmd, const char *arg, int64_t *id)
{
	long v;
	if (!strcmp(arg, "latest")) {
		*id = 0;
		return 0;
	}
	if (muster_parse_long(arg, 1, LONG_MAX, &v) == 0) {
		*id = v;
		return 0;
	}
	return cli_usage_error(cmd, "option '--run': expected a run id or 'latest', got '%s'", arg);
}

int cli_parse_double(const char *cmd, const char *opt, const char *arg, double min, double max,
		     bool open_min, const char *what, double *out)
{
	double v;
	if (muster_parse_double(arg, &v) == 0 && isfinite(v) && (open_min ? v > min : v >= min) &&
	    v <= max) {
		*out = v;
		return 0;
	}
	return cli_usage_error(cmd, "option '--%s': expected %s, got '%s'", opt, what, arg);
}

/*
 * Split `arg` of option `opt` of command `cmd` at commas into a new
 * NULL-terminated array of names (*out, the caller frees each and it) of
 * *n names; an empty name is a usage error (its exit code), nothing kept.
 */
int cli_parse_names(const char *cmd, const char *opt, const char *arg, char ***out, size_t *n)
{
	MUSTER_ARRAY(char *) v = {0};
	for (const char *p = arg;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (!len) {
			for (size_t i = 0; i < v.nr; i++)
				free(v.items[i]);
			ARRAY_RELEASE(v);
			return cli_usage_error(cmd,
					       "option '%s': expected source names separated by "
					       "commas, got '%s'",
					       opt, arg);
		}
		ARRAY_PUSH(v, xstrndup(p, len));
		if (!comma)
			break;
		p = comma + 1;
	}
	*n = v.nr;
	ARRAY_PUSH(v, NULL);
	*out = v.items;
	return 0;
}

int cli_parse_format(const char *cmd, const char *s, unsigned allowed, enum cli_format *out)
{
	static const char *const names[] = {"table", "csv", "json", "svg", "html", "xlsx"};
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(allowed & (1u << i)))
			continue;
		if (!strcmp(s, names[i])) {
			if (i == CLI_XLSX && isatty(STDOUT_FILENO)) {
				strbuf_release(&sb);
				return cli_usage_error(
				    cmd, "'--format xlsx' writes a workbook to stdout: "
					 "redirect it to a file (> out.xlsx)");
			}
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

/* What to look at when a code has no close match. */
static const char *code_hint(const struct muster_scenario *sc, enum muster_code_kind kind)
{
	switch (kind) {
	case MUSTER_CODE_MISSION:
		return sc->missions.nr ? "see 'muster show missions'"
				       : "the scenario holds no missions";
	case MUSTER_CODE_CAPABILITY:
		return "see 'muster show capabilities'";
	default:
		return "see 'muster show nations --all'";
	}
}

int cli_code(const struct muster_scenario *sc, enum muster_code_kind kind, const char **code)
{
	struct muster_error err = {0};
	const char *canon = NULL;
	int rc;
	if (!*code)
		return 0;
	rc = muster_code_resolve(sc, kind, *code, &canon, &err);
	if (rc == 0) {
		*code = canon;
		return 0;
	}
	if (rc == MUSTER_ENOENT && !canon)
		rc = cli_fail("%s; %s", err.msg, code_hint(sc, kind));
	else
		rc = cli_error(&err);
	muster_error_release(&err);
	return rc;
}
