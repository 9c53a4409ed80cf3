/*
 * cmd-serve.c: `muster serve`: the JSON API of DESIGN.md section 12 over
 * HTTP (src/server/). This file only reads the options; server_run does the
 * rest and returns on SIGTERM or SIGINT.
 */
#include "cli.h"
#include "server.h"
#include "cutil.h"

#include <getopt.h>
#include <limits.h>
#include <string.h>

static const char serve_usage[] =
    N_("usage: muster serve [--listen ADDR:PORT] [--threads N] [--timeout SECONDS]\n"
       "                    [--tls-cert FILE --tls-key FILE]\n"
       "\n"
       "Serve the database (--db) as a JSON API under /api/ to the users of 'muster\n"
       "user': each logs in with POST /api/login and sends the token it gets as\n"
       "'Authorization: Bearer TOKEN'; the access policy of the user's role applies\n"
       "to every record and result. GET /api/openapi.json describes every route.\n"
       "One line per request (method, path, status, time, user) goes to stderr.\n"
       "SIGTERM or SIGINT stops the server once the running requests are done.\n"
       "\n"
       "options:\n"
       "  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080; [::1]:8080 for\n"
       "                      IPv6; port 0 takes a free port, printed at start)\n"
       "  --threads N         request threads (default 4, at most 64)\n"
       "  --timeout SECONDS   drop a client silent this long (default 30)\n"
       "  --tls-cert FILE     serve HTTPS with this PEM certificate (with --tls-key)\n"
       "  --tls-key FILE      the certificate's PEM private key\n"
       "  -h, --help          this help\n");

static int serve_exec(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"listen", required_argument, NULL, 'l'},
					     {"threads", required_argument, NULL, 't'},
					     {"timeout", required_argument, NULL, 'T'},
					     {"tls-cert", required_argument, NULL, 'c'},
					     {"tls-key", required_argument, NULL, 'k'},
					     {"help", no_argument, NULL, 'h'},
					     {0}};
	struct server_config cfg = {.listen = "127.0.0.1:8080",
				    .db = cli->db_path,
				    .threads = 4,
				    .timeout = SERVER_TIMEOUT};
	struct muster_error err = {0};
	long n;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(serve_usage), stdout);
			return 0;
		case 'l':
			cfg.listen = optarg;
			break;
		case 't':
			if (muster_parse_long(optarg, 1, 64, &n) < 0)
				return cli_usage_error("serve",
						       "option '--threads': expected a whole "
						       "number 1..64, got '%s'",
						       optarg);
			cfg.threads = (unsigned)n;
			break;
		case 'T':
			if (muster_parse_long(optarg, 1, 3600, &n) < 0)
				return cli_usage_error("serve",
						       "option '--timeout': expected seconds "
						       "1..3600, got '%s'",
						       optarg);
			cfg.timeout = (unsigned)n;
			break;
		case 'c':
			cfg.tls_cert = optarg;
			break;
		case 'k':
			cfg.tls_key = optarg;
			break;
		default:
			return cli_usage_error("serve", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
	if (!cfg.tls_cert != !cfg.tls_key)
		return cli_usage_error("serve", "options '--tls-cert' and '--tls-key' go together");
	/* the server's answers are English for now, whatever --lang says */
	char *lang = cli_messages_english();
	int code = server_run(&cfg, &err);
	cli_messages_restore(lang);
	int rc = code < 0 ? cli_error(&err) : 0;
	muster_error_release(&err);
	return rc;
}

const struct cmd_entry cmd_serve = {
    .name = "serve",
    .summary = N_("serve the database as a JSON API over HTTP"),
    .usage = serve_usage,
    .exec = serve_exec,
};
