/*
 * main.c: the `muster` command line. Global options come before the command
 * (--db, --scenario); the command is found in the command table by exact
 * name or unique prefix, with a suggestion for typos. Only this file and the
 * cli helpers print errors; the library reports through struct muster_error.
 *
 * --as NAME runs the command as user NAME of the database, under the access
 * policy (policy.c); without it the CLI is the local admin. A command that
 * does not apply the policy itself (cmd_entry.applies_policy) is refused to
 * anyone but planners and admins.
 */
#include "cli.h"
#include "cutil.h"

#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char main_usage[] =
    N_("usage: muster [--db PATH] [--scenario NAME] [--as USER] [--as-of TIME|rREV]\n"
       "              COMMAND [ARGS]\n"
       "\n"
       "muster plans force generation and force posture: statements of requirements,\n"
       "national offers with caveats, caps and phased ceilings, fair shares, and the\n"
       "posture of every nation over time.\n"
       "\n"
       "global options:\n"
       "  --db PATH          the database (default: $MUSTER_DB, else ./muster.db)\n"
       "  --scenario NAME    run the command on a what-if scenario (see muster whatif)\n"
       "  --as-of TIME|rREV  read the scenario as it was recorded at a UTC time\n"
       "                     (2021-02-18T12:00) or after revision REV (r12)\n"
       "  --as USER          act as USER of the database (see muster user), under the\n"
       "                     access policy of USER's role, and record USER as the\n"
       "                     author of changes; default: the local admin, recorded as\n"
       "                     the operating-system user\n"
       "  --lang en|fr       the language of messages, help and tables (default: from\n"
       "                     LC_ALL, LC_MESSAGES or LANG); machine formats never change\n"
       "  --locale-numbers   numbers in tables for people in the language's format\n"
       "                     (12,345.6; in French 12 345,6); never in CSV, JSON or files\n"
       "  -h, --help         this help;  --version  the version\n"
       "\n"
       "commands:\n");

static void print_main_help(FILE *out)
{
	fputs(_(main_usage), out);
	for (size_t i = 0; i < cmd_table_nr; i++)
		fprintf(out, "  %-12s %s\n", cmd_table[i]->name, _(cmd_table[i]->summary));
	fputs(_("\nrun 'muster help COMMAND' or 'muster COMMAND --help' for a command's options\n"),
	      out);
}

static const struct cmd_entry *find_command(const char *name, bool *ambiguous)
{
	const struct cmd_entry *found = NULL;
	size_t len = strlen(name);
	*ambiguous = false;
	for (size_t i = 0; i < cmd_table_nr; i++)
		if (!strcmp(cmd_table[i]->name, name))
			return cmd_table[i];
	for (size_t i = 0; len && i < cmd_table_nr; i++) {
		if (strncmp(cmd_table[i]->name, name, len))
			continue;
		if (found)
			*ambiguous = true;
		found = cmd_table[i];
	}
	return *ambiguous ? NULL : found;
}

static int unknown_command(const char *name)
{
	const char **names = xcalloc(cmd_table_nr, sizeof(*names));
	for (size_t i = 0; i < cmd_table_nr; i++)
		names[i] = cmd_table[i]->name;
	const char *near = muster_closest_word(name, names, cmd_table_nr);
	if (near)
		fprintf(stderr, _("muster: '%s' is not a command; did you mean '%s'?\n"), name,
			near);
	else
		fprintf(stderr, _("muster: '%s' is not a command; see 'muster --help'\n"), name);
	free(names);
	return 2;
}

static int cmd_help_exec(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	if (argc < 2) {
		print_main_help(stdout);
		return 0;
	}
	bool ambiguous;
	const struct cmd_entry *e = find_command(argv[1], &ambiguous);
	if (!e)
		return unknown_command(argv[1]);
	fputs(_(e->usage), stdout);
	return 0;
}

const struct cmd_entry cmd_help = {
    .name = "help",
    .summary = N_("show help for muster or one command"),
    .usage = N_(
	"usage: muster help [COMMAND]\n\nShow the list of commands, or one command's options.\n"),
    .exec = cmd_help_exec,
    .applies_policy = true, /* reads nothing */
};

/* Set by SIGINT/SIGTERM; the library polls it through cli.ctx.cancel. */
static atomic_int interrupted;
/*
 * Resolve who runs command `e` into cli->actor: the --as user, else the
 * local admin; refuse a command that does not apply the policy to anyone
 * but planners and admins. 0 or an exit code after printing the error.
 */
static int resolve_actor(struct cli *cli, const struct cmd_entry *e)
{
	struct muster_error err = {0};
	int rc = 0;
	if (!cli->as) {
		muster_actor_local_admin(&cli->actor);
		return 0;
	}
	struct muster_db *db = cli_db(cli);
	if (!db)
		return 1;
	rc = muster_user_actor(db, cli->as, &cli->actor, &err);
	if (rc == MUSTER_ENOENT) {
		fprintf(stderr, _("muster: --as: %s\n"), err.msg);
		fputs(_("hint: 'muster user list' lists the users of the database\n"), stderr);
		rc = 1;
	} else if (rc < 0) {
		rc = cli_error(&err);
	} else if (!e->applies_policy) {
		char *what = xstrfmt(_("run 'muster %s' (only planners and admins may)"), e->name);
		if (muster_policy_check_planner(&cli->actor, what, &err) < 0)
			rc = cli_error(&err);
		free(what);
	}
	muster_error_release(&err);
	return rc;
}

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&interrupted, 1);
}

/*
 * The library's progress labels, English in its callbacks (the server's job
 * JSON carries them as they are): listed once for the translators, shown
 * translated by draw_progress. A label missing here shows in English.
 */
static const char *const progress_labels[] __attribute__((unused)) = {
    N_("storing"),
    N_("sourcing (fast)"),
    /* xgettext:no-c-format */
    N_("sourcing (fast): polishing the bound, % of budget"),
    N_("sourcing: explaining gaps"),
    N_("sourcing: pairs of lines"),
};

/* Progress on a terminal only: one line on stderr, redrawn in place. */
static void draw_progress(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	(void)ctx;
	what = _(what);
	if (total)
		fprintf(stderr, "\r%s: %llu/%llu (%.0f%%)\033[K", what, (unsigned long long)done,
			(unsigned long long)total, 100.0 * (double)done / (double)total);
	else
		fprintf(stderr, "\r%s: %llu\033[K", what, (unsigned long long)done);
	if (total && done >= total)
		fputc('\n', stderr);
	fflush(stderr);
}

/*
 * --as-of reads the past: only commands that read the scenario take it, and
 * never with --scenario (what-ifs are not in the history).
 */
static int as_of_allowed(const struct cli *cli, const struct cmd_entry *e)
{
	static const char *const readers[] = {
	    "show",    "export",   "source", "check", "fairshare",
	    "posture", "rotation", "report", "whatif"}; /* whatif diff only (cmd-whatif.c) */
	if (cli->whatif)
		return cli_usage_error(NULL, "--as-of reads the base scenario's history; it does "
					     "not go with --scenario");
	for (size_t i = 0; i < ARRAY_SIZE(readers); i++)
		if (!strcmp(e->name, readers[i]))
			return 0;
	return cli_usage_error(NULL,
			       "'%s' does not take --as-of (show, export, source, check, "
			       "fairshare, posture, rotation, report and whatif diff do)",
			       e->name);
}

/* The operating-system user (the audit log's actor without --as). */
static const char *os_user(char *buf, size_t size)
{
	struct passwd pw, *found = NULL;
	char tmp[1024];
	if (getpwuid_r(geteuid(), &pw, tmp, sizeof(tmp), &found) == 0 && found)
		snprintf(buf, size, "%s", found->pw_name);
	else
		snprintf(buf, size, "uid %ld", (long)geteuid());
	return buf;
}

int main(int argc, char **argv)
{
	struct cli cli = {0};
	char user_buf[256];
	int i = 1, rc;

	cli.db_path = getenv("MUSTER_DB");
	if (!cli.db_path || !*cli.db_path)
		cli.db_path = "muster.db";
	cli.tty = isatty(STDOUT_FILENO);

	/* the language first, so that even --help before --lang speaks it */
	const char *lang = NULL;
	for (int j = 1; j < argc && argv[j][0] == '-'; j++)
		if (!strcmp(argv[j], "--lang"))
			lang = j + 1 < argc ? argv[j + 1] : "";
	if (muster_i18n_init(lang) < 0)
		return cli_usage_error(NULL, "--lang takes en or fr, not '%s'", lang);

	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			print_main_help(stdout);
			return 0;
		} else if (!strcmp(a, "--version")) {
			printf("muster %s\n", MUSTER_VERSION);
			return 0;
		} else if (!strcmp(a, "--db") || !strcmp(a, "--scenario") || !strcmp(a, "--as")) {
			if (i + 1 >= argc)
				return cli_usage_error(NULL, "option '%s' needs a value", a);
			if (a[2] == 'd')
				cli.db_path = argv[++i];
			else if (a[3] == 's')
				cli.as = argv[++i];
			else
				cli.whatif = argv[++i];
		} else if (!strncmp(a, "--as=", 5)) {
			cli.as = a + 5;
		} else if (!strcmp(a, "--as-of") || !strncmp(a, "--as-of=", 8)) {
			if (!a[7] && i + 1 >= argc)
				return cli_usage_error(NULL, "option '%s' needs a value", a);
			cli.as_of = a[7] ? a + 8 : argv[++i];
		} else if (!strcmp(a, "--lang")) {
			i++; /* read before this loop */
		} else if (!strcmp(a, "--locale-numbers")) {
			cli_table_locale_numbers(true);
		} else if (!strncmp(a, "--db=", 5)) {
			cli.db_path = a + 5;
		} else if (!strncmp(a, "--scenario=", 11)) {
			cli.whatif = a + 11;
		} else {
			return cli_usage_error(NULL, "unknown option '%s'", a);
		}
	}
	if (i >= argc) {
		print_main_help(stderr);
		return 2;
	}
	if (cli.as && !*cli.as)
		return cli_usage_error(NULL, "option '--as' needs a name");
	cli.audit_actor = cli.as ? cli.as : os_user(user_buf, sizeof(user_buf));

	bool ambiguous;
	const struct cmd_entry *e = find_command(argv[i], &ambiguous);
	if (!e) {
		if (ambiguous) {
			fprintf(stderr, _("muster: '%s' is ambiguous:"), argv[i]);
			for (size_t k = 0; k < cmd_table_nr; k++)
				if (!strncmp(cmd_table[k]->name, argv[i], strlen(argv[i])))
					fprintf(stderr, " %s", cmd_table[k]->name);
			fputc('\n', stderr);
			return 2;
		}
		return unknown_command(argv[i]);
	}
	for (int k = i + 1; k < argc; k++) {
		if (!strcmp(argv[k], "--"))
			break;
		if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h")) {
			fputs(_(e->usage), stdout);
			return 0;
		}
	}

	if (cli.as_of && (rc = as_of_allowed(&cli, e)) != 0)
		return rc;

	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	cli.ctx.cancel = &interrupted;
	if (isatty(STDERR_FILENO))
		cli.ctx.progress = draw_progress;

	rc = resolve_actor(&cli, e);
	if (rc == 0)
		rc = e->exec(&cli, argc - i, argv + i);
	muster_actor_release(&cli.actor);
	muster_db_close(cli.db);
	if (fflush(stdout) != 0 && rc == 0)
		rc = cli_fail("cannot write output");
	return rc;
}
