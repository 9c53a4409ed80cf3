/*
 * server.h: the inside of `muster serve` (DESIGN.md section 12): the route
 * table, requests and responses as handlers see them, and the helpers every
 * api_*.c shares. One api_<resource>.c per API resource registers its
 * routes (see README.md in this folder for how to add one).
 *
 * Key decisions:
 * - One route table dispatches every request and generates the OpenAPI
 *   document (api_openapi.c), so the two cannot drift. A route names its
 *   method, path pattern ("/api/offers/{key}": a {name} matches one path
 *   segment), handler, the roles allowed, the query parameters it takes
 *   (any other is a 400 naming it), and its request and response schemas
 *   (JSON Schema text, copied into the OpenAPI document).
 * - A handler gets a parsed request (path parameters, query, JSON body, the
 *   authenticated actor, a database handle of its own thread) and fills a
 *   response (status, JSON body or problem, ETag and other headers). It
 *   never writes to the connection: server.c turns the response into HTTP,
 *   adds the security headers and logs the request.
 * - Errors are RFC 9457 problem documents; response_error() maps a
 *   MUSTER_E* status to its HTTP status through one table (server.c).
 * - The library is thread-safe on separate handles: each thread of the
 *   pool opens its own handle on first use and keeps it until it exits.
 */
#ifndef MUSTER_SERVER_H
#define MUSTER_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "muster.h"

struct server;
struct MHD_Response;
struct MHD_Connection;

/* Limits on what a client may send (security, section 12 of the issue). */
#define SERVER_BODY_MAX	   (1024 * 1024) /* request body bytes (413 past it) */
#define SERVER_URL_MAX	   2048		 /* path and query bytes (414 past it) */
#define SERVER_HEADER_MAX  (8 * 1024)	 /* bytes of the header fields (431 past it) */
#define SERVER_CONN_MEMORY (32 * 1024)	 /* MHD's per-connection buffer: past it, MHD answers */
#define SERVER_JSON_DEPTH  8		 /* nesting of a request body */
#define SERVER_QUERY_MAX   32		 /* query parameters per request */
#define SERVER_PARAMS_MAX  4		 /* {name} parameters per route */
#define SERVER_TIMEOUT	   30		 /* seconds of client silence (--timeout) */
#define SERVER_KEY_MAX	   512		 /* bytes of a record key in a cursor */
#define SERVER_SESSION_TTL (12 * 3600)	 /* seconds a login token lives */

/* Roles as a mask for route.roles: 1u << MUSTER_ROLE_X. */
#define ROLE_BIT(r) (1u << (r))
#define ROLES_ALL                                                                                  \
	(ROLE_BIT(MUSTER_ROLE_ADMIN) | ROLE_BIT(MUSTER_ROLE_PLANNER) |                             \
	 ROLE_BIT(MUSTER_ROLE_LIAISON) | ROLE_BIT(MUSTER_ROLE_VIEWER))
#define ROLES_WRITE                                                                                \
	(ROLE_BIT(MUSTER_ROLE_ADMIN) | ROLE_BIT(MUSTER_ROLE_PLANNER) |                             \
	 ROLE_BIT(MUSTER_ROLE_LIAISON))
#define ROLES_PLANNER (ROLE_BIT(MUSTER_ROLE_ADMIN) | ROLE_BIT(MUSTER_ROLE_PLANNER))
#define ROLES_ADMIN   ROLE_BIT(MUSTER_ROLE_ADMIN)
#define ROLES_PUBLIC  0u /* no login needed (login, openapi.json) */

/* A request as a handler sees it; everything borrowed for the call. */
struct request {
	const char *method; /* "GET", "POST", "PATCH", "DELETE" */
	const char *path;   /* decoded, checked: valid UTF-8, no "..", no NUL */
	const struct route *route;
	/* {name} parameters of the route's pattern, in pattern order */
	const char *param_names[SERVER_PARAMS_MAX], *param_values[SERVER_PARAMS_MAX];
	size_t nparams;
	char param_buf[SERVER_PARAMS_MAX][32]; /* the names' storage */
	/* query parameters (decoded, valid UTF-8, each named in route->query) */
	const char *query_names[SERVER_QUERY_MAX], *query_values[SERVER_QUERY_MAX];
	size_t nquery;
	json_t *body;			  /* the parsed JSON body, NULL when there was none */
	const char *if_match;		  /* the If-Match header, NULL when absent */
	const struct muster_actor *actor; /* NULL on public routes */
	const char *token;		  /* the bearer token (logout), NULL on public routes */
	const char *client;		  /* the client's address ("127.0.0.1"), for rate limits */
	struct muster_db *db;		  /* this thread's handle */
	/* the user the log line names when there is no actor (a login) */
	char log_user[MUSTER_USER_NAME_MAX + 1];
	struct server *srv;
	struct MHD_Connection *connection; /* for a streaming response (events.c) */
	/* this thread's caches, kept with its db handle: record pages
	 * (api_records.c) and stored runs as roles see them (api_runs.c) */
	struct records_cache **records_cache;
	struct runs_cache **runs_cache;
};

/* A pool thread's caches (api_records.c, api_runs.c); freed when the thread exits. */
struct records_cache;
void records_cache_free(struct records_cache *c);
struct runs_cache;
void runs_cache_free(struct runs_cache *c);

/* What a handler answers. Zeroed by server.c before the call. */
struct response {
	int status;   /* HTTP status; 0 is 500 */
	json_t *body; /* owned: sent as JSON; NULL: no body */
	char *text;   /* owned: JSON text sent as it is, instead of body (response_text) */
	bool problem; /* body is a problem document (application/problem+json) */
	int64_t etag; /* > 0: ETag: "N" (a record's version) */
	struct muster_strlist header_names, header_values; /* more headers (Location, ...) */
	/*
	 * A response built by the handler itself (e.g. a Server-Sent Events
	 * stream from MHD_create_response_from_callback); owned, used instead
	 * of body. server.c still adds the security headers.
	 */
	struct MHD_Response *raw;
	/* The Content-Security-Policy to send instead of the API's (web.c) */
	const char *csp;
};

/* A route handler: fill `res`; the return value is ignored (res->status rules). */
typedef void (*route_handler)(struct request *req, struct response *res);

struct route {
	const char *method;  /* "GET", "POST", "PATCH", "DELETE" */
	const char *pattern; /* "/api/offers/{key}" */
	route_handler handler;
	unsigned roles;		  /* ROLE_BIT mask allowed; ROLES_PUBLIC: no login */
	const char *summary;	  /* one line for the OpenAPI document */
	const char *const *query; /* NULL-terminated names of the query parameters, or NULL */
	/* JSON Schema (text) of the request body (NULL: none) and of a 2xx
	 * response body (NULL: none) */
	const char *request_schema, *response_schema;
	int ok_status;	 /* the success status the OpenAPI lists (200, 201, 202, 204) */
	const void *arg; /* the handler's own (e.g. the entity name) */
};

/*
 * Add a route to the table (copied; the strings it points to must outlive
 * the server: static, or registered with server_keep()). Called from the
 * api_*_routes() functions at start-up only.
 */
void server_route_add(struct server *srv, const struct route *r);
/* Keep `p` (malloc'd) until the server is freed; returns it. */
void *server_keep(struct server *srv, void *p);
/*
 * Call fn(arg) when the server is told to stop (SIGTERM, SIGINT), before it
 * waits for the running requests: to cancel jobs, end event streams. Hooks
 * run in the order added, in the thread that called server_run. At most 16.
 */
void server_on_stop(struct server *srv, void (*fn)(void *arg), void *arg);
/* The route table, for api_openapi.c. */
const struct route *server_routes(const struct server *srv, size_t *nr);

/*
 * The web page (web.c): a GET of / or /web/NAME fills `res` with the file
 * built into the binary (or a 404/405) and returns true; any other path
 * returns false and leaves `res` alone.
 */
bool web_serve(const char *method, const char *path, struct response *res);

/* Each resource file registers its routes (called once by server.c). */
void api_auth_routes(struct server *srv);
void api_records_routes(struct server *srv);
void api_openapi_routes(struct server *srv);
void api_runs_routes(struct server *srv);    /* jobs and runs (api_runs.c) */
void api_results_routes(struct server *srv); /* posture, fairshare, check */
void api_history_routes(struct server *srv);
void api_events_routes(struct server *srv); /* events.c */

/* ---- request helpers ----------------------------------------------------- */

/* The value of query parameter `name`, or NULL. */
const char *request_query(const struct request *req, const char *name);
/* The value of path parameter `name`, or NULL. */
const char *request_param(const struct request *req, const char *name);

/* ---- response helpers ---------------------------------------------------- */

/* A JSON body (owned) with `status`. */
void response_json(struct response *res, int status, json_t *body);
/*
 * A body of JSON text (owned, malloc'd, NUL-terminated; e.g. a library
 * muster_json_* writer's) with `status`, sent as it is: no parse, no dump.
 */
void response_text(struct response *res, int status, char *text);
/*
 * An RFC 9457 problem document: status, title (the status's reason phrase)
 * and detail (printf format). Returns the problem object (borrowed) so a
 * caller can add fields.
 */
json_t *response_problem(struct response *res, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/*
 * The problem for a library error: the HTTP status of err->code (one
 * table), detail = err->msg, and `errors` from err->items (validation).
 * An internal error (MUSTER_ESTORE, MUSTER_EIO, ...) is a 500 whose detail
 * says nothing of the internals; the message goes to the log only.
 */
void response_error(struct response *res, const struct muster_error *err);
/* The HTTP status of a MUSTER_E* code. */
int server_http_status(int code);
/* Add a header (copied). */
void response_header(struct response *res, const char *name, const char *value);

/* ---- intake checks (intake.c; no connection needed, fuzzed) ------------- */

/* Valid UTF-8 (no overlong forms, no surrogates) without control characters. */
bool server_text_ok(const char *s);
/* A path we serve: starts with '/', text_ok, no "." or ".." or empty segment. */
bool server_path_ok(const char *path);
/*
 * Parse a request body: a JSON object (no duplicate keys) of at most
 * SERVER_BODY_MAX bytes nested at most SERVER_JSON_DEPTH deep into *out
 * (owned by the caller). -1 with a message in `msg` otherwise.
 */
int server_body_parse(const char *buf, size_t len, json_t **out, char *msg, size_t n);
/* A page cursor: the hex of a record key (at most SERVER_KEY_MAX bytes, no NUL). */
bool server_cursor_decode(const char *s, char key[SERVER_KEY_MAX + 1]);
char *server_cursor_encode(const char *key); /* caller frees */

/* ---- shared by the resource files ----------------------------------------- */

/* The server's database target (--db), borrowed. */
const char *server_db_target(const struct server *srv);
/*
 * The login rate limiter (api_auth.c): whether a login for `user` from
 * `client` may be tried now (0) or how many seconds to wait (> 0); `user`
 * NULL: the address's limit only.
 */
long server_login_wait(struct server *srv, const char *user, const char *client);
/* Record a failed (ok false) or successful login for the limiter (user NULL: the address's). */
void server_login_result(struct server *srv, const char *user, const char *client, bool ok);
/*
 * A login whose body is not one (malformed, wrong fields or types): when
 * the address is over its limit, a 429 replaces the problem in `res` (true);
 * else it counts as a failure of the address (false, `res` untouched).
 */
bool server_login_bad_body(struct server *srv, const char *client, struct response *res);
/* A session ended here: every pool thread forgets the sessions it checked. */
void server_sessions_changed(struct server *srv);

/* ---- the whole server (server.c), called by `muster serve` --------------- */

struct server_config {
	const char *listen;   /* "127.0.0.1:8080" */
	const char *db;	      /* the database target */
	unsigned threads;     /* the pool's threads (>= 1) */
	const char *tls_cert; /* PEM files, both or neither */
	const char *tls_key;
	unsigned timeout; /* seconds before an idle client is dropped */
};

/*
 * Run the server until SIGTERM or SIGINT; logs to stderr. Returns 0 after a
 * graceful shutdown, or a MUSTER_E* status with `err` filled when it cannot
 * start (bad address, port in use, unreadable TLS files, no database).
 */
int server_run(const struct server_config *cfg, struct muster_error *err);

#endif
