/*
 * cmd-user.c: `muster user add|remove|list|passwd`: the users of the
 * database and their roles (the access policy of DESIGN.md section 12; see
 * muster.h above enum muster_role). Only admins manage users: the local
 * admin (no --as) or a user with the admin role.
 *
 * Passwords are never taken from the command line (a --password option is a
 * usage error that says so): on a terminal they are read twice without echo,
 * else one line is read from standard input. Everything else is checked
 * before a password is read, so a bad command asks for nothing.
 */
#include "cli.h"
#include "cutil.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const char usage[] =
    N_("usage: muster user add NAME --role admin|planner|liaison|viewer [--nation N]\n"
       "       muster user remove NAME\n"
       "       muster user list [--format table|csv|json|xlsx]\n"
       "       muster user passwd NAME\n"
       "\n"
       "The users of the database, for 'muster --as NAME' and the server. Roles:\n"
       "admin and planner read and write everything (only admins manage users); a\n"
       "liaison of nation N reads and writes N's offers, caveats and deployments and\n"
       "sees other nations' offers only as totals per line, never their caveats; a\n"
       "viewer reads aggregates only.\n"
       "\n"
       "The password is read from the terminal without echo (twice), or as one line\n"
       "from standard input; never from the command line. It is stored as an\n"
       "argon2id hash. passwd and remove end the user's sessions.\n"
       "\n"
       "options:\n"
       "  -r, --role R     add: admin, planner, liaison or viewer\n"
       "  -n, --nation N   add: the liaison's nation (a liaison needs one; other\n"
       "                   roles have none)\n"
       "  -f, --format F   list: table (default), csv, json or xlsx\n"
       "  -h, --help       this help\n");

static int fail_err(struct muster_error *err)
{
	int rc = cli_error(err);
	muster_error_release(err);
	return rc;
}

/* Only admins manage users; prints the refusal. */
static int need_admin(struct cli *cli)
{
	struct muster_error err = {0};
	if (muster_policy_check_admin(&cli->actor, _("manage users"), &err) < 0)
		return fail_err(&err);
	return 0;
}

/* One line from `f` into buf (without its newline); false at EOF or error. */
static bool read_line(FILE *f, char *buf, size_t size)
{
	if (!fgets(buf, (int)size, f))
		return false;
	size_t n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (n == size - 1 && !feof(f)) {
		int c; /* longer than the buffer: drain it, and let the length check refuse */
		while ((c = fgetc(f)) != EOF && c != '\n')
			;
	}
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return true;
}

/* Prompt on stderr and read a line from the terminal on stdin without echo. */
static bool read_noecho(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return false;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	/* Echo off first, then the prompt: what is typed after the prompt is kept. */
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
		return false;
	fputs(prompt, stderr);
	fflush(stderr);
	bool ok = read_line(stdin, buf, size);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	return ok;
}

/*
 * The new password of `name` into buf (MUSTER_PASSWORD_MAX + 2 bytes, so
 * that a longer one is seen as such and refused by the library). 0 or 1
 * after printing the error.
 */
static int read_password(const char *name, char *buf, size_t size)
{
	if (!isatty(STDIN_FILENO)) {
		if (!read_line(stdin, buf, size))
			return cli_fail("no password on standard input (one line)");
		return 0;
	}
	char *again = xmalloc(size);
	char *prompt = xstrfmt(_("password for '%s': "), name);
	int rc = 0;
	if (!read_noecho(prompt, buf, size) || !read_noecho("the same again: ", again, size))
		rc = cli_fail("cannot read the password from the terminal");
	else if (strcmp(buf, again))
		rc = cli_fail("the two passwords differ; nothing was changed");
	explicit_bzero(again, size);
	free(again);
	free(prompt);
	return rc;
}

/* A password on the command line is refused before anything else. */
static int refuse_password_option(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strncmp(argv[i], "--pass", 6) || !strcmp(argv[i], "-p"))
			return cli_usage_error("user",
					       "option '%s': passwords are never taken from the "
					       "command line; give it on standard input or at "
					       "the prompt",
					       argv[i]);
	}
	return 0;
}

/* --nation: a known nation, case-insensitively, against the stored scenario. */
static int resolve_nation(struct cli *cli, const char **nation, char **canon)
{
	struct muster_scenario sc;
	bool empty = true;
	int rc = 0;
	muster_scenario_init(&sc);
	if (muster_db_is_empty(cli_db(cli), &empty, NULL) == 0 && !empty)
		rc = cli_load(cli, &sc);
	if (rc == 0)
		rc = cli_code(&sc, MUSTER_CODE_NATION, nation);
	if (rc == 0)
		*canon = xstrdup(*nation); /* borrowed from sc, which goes */
	muster_scenario_release(&sc);
	return rc;
}

struct add_args {
	const char *name, *nation;
	enum muster_role role;
};

static int parse_add(int argc, char **argv, struct add_args *a)
{
	static const struct option opts[] = {{"role", required_argument, NULL, 'r'},
					     {"nation", required_argument, NULL, 'n'},
					     {NULL, 0, NULL, 0}};
	const char *role = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":r:n:", opts, NULL)) != -1) {
		if (c == 'r')
			role = optarg;
		else if (c == 'n')
			a->nation = optarg;
		else if (c == ':')
			return cli_usage_error("user", "option '%s' needs a value",
					       argv[optind - 1]);
		else
			return cli_usage_error("user", "add: unknown option '%s'",
					       argv[optind - 1]);
	}
	if (argc - optind != 1)
		return cli_usage_error("user", "add: expected one NAME");
	a->name = argv[optind];
	if (!role)
		return cli_usage_error("user", "add: '--role' is required (admin, planner, "
					       "liaison or viewer)");
	a->role = muster_role_parse(role);
	if (a->role == MUSTER_ROLE_NONE)
		return cli_usage_error("user",
				       "option '--role': expected admin, planner, "
				       "liaison or viewer, got '%s'",
				       role);
	if (a->role == MUSTER_ROLE_LIAISON && !a->nation)
		return cli_usage_error("user", "add: a liaison needs '--nation N'");
	if (a->role != MUSTER_ROLE_LIAISON && a->nation)
		return cli_usage_error("user",
				       "add: '--nation' is for liaisons only, not for "
				       "the role '%s'",
				       role);
	return 0;
}

static int user_add(struct cli *cli, int argc, char **argv)
{
	struct add_args a = {0};
	struct muster_error err = {0};
	char pw[MUSTER_PASSWORD_MAX + 2];
	char *nation = NULL;
	int rc = parse_add(argc, argv, &a);
	if (rc == 0 && !cli_db(cli))
		rc = 1;
	if (rc == 0 && a.nation)
		rc = resolve_nation(cli, &a.nation, &nation);
	if (rc == 0)
		rc = read_password(a.name, pw, sizeof(pw));
	if (rc == 0 && muster_user_add(cli->db, a.name, a.role, nation, pw, &err) < 0)
		rc = fail_err(&err);
	if (rc == 0)
		printf(_("added user '%s' (%s%s%s)\n"), a.name, muster_role_name(a.role),
		       nation ? " of " : "", nation ? nation : "");
	explicit_bzero(pw, sizeof(pw));
	free(nation);
	return rc;
}

/* The NAME of remove and passwd, which take no options. */
static int one_name(int argc, char **argv, const char *what, const char **name)
{
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage_error("user", "%s: expected one NAME", what);
	*name = argv[1];
	return 0;
}

static int user_remove(struct cli *cli, int argc, char **argv)
{
	struct muster_error err = {0};
	const char *name = NULL;
	int rc = one_name(argc, argv, "remove", &name);
	if (rc)
		return rc;
	if (!cli_db(cli))
		return 1;
	if (muster_user_remove(cli->db, name, &err) < 0)
		return fail_err(&err);
	printf(_("removed user '%s'\n"), name);
	return 0;
}

static int user_passwd(struct cli *cli, int argc, char **argv)
{
	struct muster_error err = {0};
	struct muster_actor who = {0};
	char pw[MUSTER_PASSWORD_MAX + 2];
	const char *name = NULL;
	int rc = one_name(argc, argv, "passwd", &name);
	if (rc)
		return rc;
	if (!cli_db(cli))
		return 1;
	if (muster_user_actor(cli->db, name, &who, &err) < 0) /* before asking for anything */
		return fail_err(&err);
	rc = read_password(who.name, pw, sizeof(pw));
	if (rc == 0 && muster_user_passwd(cli->db, who.name, pw, &err) < 0)
		rc = fail_err(&err);
	if (rc == 0)
		printf(_("changed the password of user '%s'\n"), who.name);
	explicit_bzero(pw, sizeof(pw));
	muster_actor_release(&who);
	return rc;
}

static int user_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
					     {NULL, 0, NULL, 0}};
	enum cli_format fmt = CLI_TABLE;
	struct muster_user_list l = {0};
	struct muster_error err = {0};
	struct muster_table t = {0};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:", opts, NULL)) != -1) {
		if (c == ':')
			return cli_usage_error("user", "option '%s' needs a value",
					       argv[optind - 1]);
		if (c != 'f')
			return cli_usage_error("user", "list: unknown option '%s'",
					       argv[optind - 1]);
		if (cli_parse_format("user", optarg, CLI_TABULAR, &fmt))
			return 2;
	}
	if (optind != argc)
		return cli_usage_error("user", "list: unexpected argument '%s'", argv[optind]);
	if (!cli_db(cli))
		return 1;
	if (muster_user_list(cli->db, &l, &err) < 0)
		return fail_err(&err);
	muster_table_users(&l, &t);
	int rc = table_print(&t, fmt, stdout);
	if (!rc && !l.nr)
		fputs(_("muster: no users (the CLI acts as the local admin without --as)\n"),
		      stderr);
	muster_table_release(&t);
	muster_user_list_release(&l);
	return rc;
}

static int exec_user(struct cli *cli, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct cli *cli, int argc, char **argv);
	} subs[] = {{"add", user_add},
		    {"remove", user_remove},
		    {"list", user_list},
		    {"passwd", user_passwd}};
	int rc = refuse_password_option(argc, argv);
	if (rc)
		return rc;
	if (argc < 2)
		return cli_usage_error("user", "expected add, remove, list or passwd");
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
		if (!strcmp(argv[1], subs[i].name))
			return (rc = need_admin(cli)) ? rc : subs[i].fn(cli, argc - 1, argv + 1);
	return cli_usage_error("user",
			       "unknown subcommand '%s'; expected add, remove, list or "
			       "passwd",
			       argv[1]);
}

const struct cmd_entry cmd_user = {
    .name = "user",
    .summary = N_("add, remove, list users and set their passwords"),
    .usage = usage,
    .exec = exec_user,
    .applies_policy = true, /* admins only, checked here */
};
