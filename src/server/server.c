/*
 * server.c: `muster serve` on libmicrohttpd: the daemon and its thread pool,
 * request intake (size limits, path and query checks, the JSON body),
 * authentication, dispatch through the route table, the response with its
 * security headers, one log line per request, and graceful shutdown.
 *
 * Key decisions:
 * - MHD's thread pool runs the handlers; each pool thread keeps a database
 *   handle of its own (a pthread key whose destructor closes it when the
 *   thread exits), since the library is thread-safe on separate handles.
 * - SIGTERM and SIGINT are blocked in every thread and taken by sigwait()
 *   in the thread that called server_run: it stops accepting, lets MHD
 *   finish the handlers that are running (each write is one transaction,
 *   so nothing is half-written) and returns.
 * - A body is bounded by SERVER_BODY_MAX: a Content-Length past it is
 *   refused at once (413), a chunked body past it is read and dropped, then
 *   refused. The URL (SERVER_URL_MAX, 414) and the header fields
 *   (SERVER_HEADER_MAX, 431) are bounded here too, so that these answers
 *   carry the security headers and a problem document like every other.
 *   MHD's own bound, the connection memory (SERVER_CONN_MEMORY, far above
 *   ours), only meets requests past it; MHD answers those, and requests it
 *   cannot parse at all, itself, with its fixed page (libmicrohttpd 0.9 has
 *   no hook for them). MHD drops clients silent for longer than the timeout.
 * - The path MHD hands us is already percent-decoded: it must be valid
 *   UTF-8 without control characters and without "." or ".." segments
 *   (intake.c, which the fuzzer drives).
 * - The log line names method, path (no query), status, milliseconds and
 *   user; never a header, a body, a password or a token.
 */
#include "server.h"
#include "jobs.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <sodium.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define LOGIN_SLOTS	 512 /* users and addresses the rate limiter tracks */
#define LOGIN_WINDOW	 60  /* seconds a failure counts */
#define LOGIN_USER_MAX	 5   /* failures per user and window */
#define LOGIN_CLIENT_MAX 20  /* failures per address and window */

struct login_slot {
	char key[MUSTER_USER_NAME_MAX + 72]; /* "u:name" or "a:address" */
	time_t start;			     /* the window's start */
	int failures;
};

struct server {
	const struct server_config *cfg;
	MUSTER_ARRAY(struct route) routes;
	MUSTER_ARRAY(void *) kept;
	struct {
		void (*fn)(void *arg);
		void *arg;
	} stop_hooks[16];
	size_t nstop_hooks;
	pthread_key_t dbkey;
	pthread_mutex_t login_lock;
	struct login_slot logins[LOGIN_SLOTS];
	struct jobs *jobs;	 /* sourcing runs as jobs (jobs.c) */
	struct events *events;	 /* the event streams (events.c) */
	unsigned sessions_epoch; /* moved by a logout here: every thread's sessions are dropped */
};

struct jobs *server_jobs(struct server *srv)
{
	return srv->jobs;
}

struct events *server_events(struct server *srv)
{
	return srv->events;
}

/* Per connection: the body as it arrives. */
struct conn {
	struct strbuf body;
	size_t uri_len; /* of the request line's URI, query included */
	bool started;	/* the access handler was called */
	bool too_big;
	bool answered; /* a response was queued on the first call */
	struct timespec start;
};

/* ---- the route table --------------------------------------------------- */

void server_route_add(struct server *srv, const struct route *r)
{
	if (srv->routes.nr == srv->routes.alloc) {
		srv->routes.alloc = srv->routes.alloc ? 2 * srv->routes.alloc : 64;
		srv->routes.items =
		    xrealloc(srv->routes.items, srv->routes.alloc * sizeof(*srv->routes.items));
	}
	srv->routes.items[srv->routes.nr++] = *r;
}

void *server_keep(struct server *srv, void *p)
{
	if (srv->kept.nr == srv->kept.alloc) {
		srv->kept.alloc = srv->kept.alloc ? 2 * srv->kept.alloc : 64;
		srv->kept.items =
		    xrealloc(srv->kept.items, srv->kept.alloc * sizeof(*srv->kept.items));
	}
	srv->kept.items[srv->kept.nr++] = p;
	return p;
}

void server_on_stop(struct server *srv, void (*fn)(void *arg), void *arg)
{
	if (srv->nstop_hooks == sizeof(srv->stop_hooks) / sizeof(srv->stop_hooks[0]))
		BUG("too many stop hooks");
	srv->stop_hooks[srv->nstop_hooks].fn = fn;
	srv->stop_hooks[srv->nstop_hooks++].arg = arg;
}

const struct route *server_routes(const struct server *srv, size_t *nr)
{
	*nr = srv->routes.nr;
	return srv->routes.items;
}

const char *server_db_target(const struct server *srv)
{
	return srv->cfg->db;
}

/*
 * Match `path` against `pattern`; fills the {name} parameters of `req`
 * (values point into `buf`, a copy of the path cut at the slashes).
 */
static bool route_match(const char *pattern, const char *path, char *buf, size_t bufsz,
			struct request *req)
{
	size_t n = 0, len = strlen(path);
	if (len >= bufsz || pattern[0] != '/' || path[0] != '/')
		return false;
	memcpy(buf, path, len + 1);
	const char *p = pattern + 1;
	char *s = buf + 1;
	for (;;) {
		const char *pe = strchrnul(p, '/');
		char *se = strchrnul(s, '/');
		size_t pl = (size_t)(pe - p), sl = (size_t)(se - s);
		if (*p == '{') {
			if (!sl || n == SERVER_PARAMS_MAX || pl < 2)
				return false;
			snprintf(req->param_buf[n], sizeof(req->param_buf[n]), "%.*s",
				 (int)(pl - 2), p + 1);
			req->param_names[n] = req->param_buf[n];
			req->param_values[n++] = s;
		} else if (pl != sl || strncmp(p, s, pl)) {
			return false;
		}
		if (!*pe || !*se) {
			if (*pe || *se)
				return false;
			break;
		}
		*se = '\0';
		p = pe + 1;
		s = se + 1;
	}
	req->nparams = n;
	return true;
}

const char *request_query(const struct request *req, const char *name)
{
	for (size_t i = 0; i < req->nquery; i++)
		if (!strcmp(req->query_names[i], name))
			return req->query_values[i];
	return NULL;
}

const char *request_param(const struct request *req, const char *name)
{
	for (size_t i = 0; i < req->nparams; i++)
		if (!strcmp(req->param_names[i], name))
			return req->param_values[i];
	return NULL;
}

/* ---- responses --------------------------------------------------------- */

static const char *reason_phrase(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 202:
		return "Accepted";
	case 204:
		return "No Content";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 412:
		return "Precondition Failed";
	case 413:
		return "Content Too Large";
	case 414:
		return "URI Too Long";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Content";
	case 428:
		return "Precondition Required";
	case 429:
		return "Too Many Requests";
	case 431:
		return "Request Header Fields Too Large";
	case 503:
		return "Service Unavailable";
	case 504:
		return "Gateway Timeout";
	default:
		return status >= 500 ? "Internal Server Error" : "Error";
	}
}

void response_json(struct response *res, int status, json_t *body)
{
	json_decref(res->body);
	free(res->text);
	res->text = NULL;
	res->status = status;
	res->body = body;
	res->problem = false;
}

void response_text(struct response *res, int status, char *text)
{
	response_json(res, status, NULL);
	res->text = text;
}

json_t *response_problem(struct response *res, int status, const char *fmt, ...)
{
	char detail[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	json_t *p = json_object();
	json_object_set_new(p, "type", json_string("about:blank"));
	json_object_set_new(p, "status", json_integer(status));
	json_object_set_new(p, "title", json_string(reason_phrase(status)));
	json_object_set_new(p, "detail", json_string(detail));
	response_json(res, status, p);
	res->problem = true;
	return p;
}

/* The one table from library status to HTTP status. */
static const struct {
	int code, http;
} status_map[] = {
    {MUSTER_EINVAL, 400}, {MUSTER_EUSAGE, 400},	   {MUSTER_ENOENT, 404},      {MUSTER_EEXIST, 409},
    {MUSTER_ESTALE, 409}, {MUSTER_ECONFLICT, 412}, {MUSTER_EPERM, 403},	      {MUSTER_EBUSY, 503},
    {MUSTER_EINTR, 503},  {MUSTER_ETIME, 504},	   {MUSTER_EINFEASIBLE, 422}, {MUSTER_ESOLVER, 500},
    {MUSTER_ESTORE, 500}, {MUSTER_EIO, 500},	   {MUSTER_EUNAVAIL, 503},
};

int server_http_status(int code)
{
	for (size_t i = 0; i < sizeof(status_map) / sizeof(status_map[0]); i++)
		if (status_map[i].code == code)
			return status_map[i].http;
	return 500;
}

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

void response_error(struct response *res, const struct muster_error *err)
{
	int status = server_http_status(err->code);
	if (status >= 500 && status != 503 && status != 504) {
		/* the internals stay in the log */
		fprintf(stderr, "muster serve: internal error: %s\n",
			err->msg ? err->msg : muster_strstatus(err->code));
		response_problem(res, status, "internal error; the server's log has the details");
		return;
	}
	json_t *p =
	    response_problem(res, status, "%s", err->msg ? err->msg : muster_strstatus(err->code));
	if (err->items.nr) {
		json_t *a = json_array();
		for (size_t i = 0; i < err->items.nr; i++) {
			const struct muster_error_item *it = &err->items.items[i];
			json_t *o = json_object();
			json_object_set_new(o, "entity", string_or_null(it->entity));
			json_object_set_new(o, "key", string_or_null(it->key));
			json_object_set_new(o, "column", string_or_null(it->column));
			json_object_set_new(o, "message", string_or_null(it->message));
			json_array_append_new(a, o);
		}
		json_object_set_new(p, "errors", a);
	} else if (err->details.nr) {
		json_t *a = json_array();
		for (size_t i = 0; i < err->details.nr; i++) {
			json_t *o = json_object();
			json_object_set_new(o, "message", json_string(err->details.items[i]));
			json_array_append_new(a, o);
		}
		json_object_set_new(p, "errors", a);
	}
}

void response_header(struct response *res, const char *name, const char *value)
{
	muster_strlist_push(&res->header_names, name);
	muster_strlist_push(&res->header_values, value);
}

static void response_release(struct response *res)
{
	json_decref(res->body);
	free(res->text);
	muster_strlist_release(&res->header_names);
	muster_strlist_release(&res->header_values);
	if (res->raw)
		MHD_destroy_response(res->raw);
	memset(res, 0, sizeof(*res));
}

/* ---- the login rate limiter -------------------------------------------- */

static struct login_slot *login_slot(struct server *srv, const char *key, time_t now, bool make)
{
	struct login_slot *oldest = &srv->logins[0];
	for (size_t i = 0; i < LOGIN_SLOTS; i++) {
		struct login_slot *s = &srv->logins[i];
		if (s->key[0] && now - s->start >= LOGIN_WINDOW)
			s->key[0] = '\0'; /* expired */
		if (s->key[0] && !strcmp(s->key, key))
			return s;
		if (!s->key[0] || s->start < oldest->start)
			oldest = s;
	}
	if (!make)
		return NULL;
	/* when full, the oldest window is dropped: a flood of names cannot
	 * hold more than LOGIN_SLOTS windows */
	snprintf(oldest->key, sizeof(oldest->key), "%s", key);
	oldest->start = now;
	oldest->failures = 0;
	return oldest;
}

static long slot_wait(struct server *srv, const char *kind, const char *name, int max, time_t now)
{
	char key[sizeof(srv->logins[0].key)];
	snprintf(key, sizeof(key), "%s:%s", kind, name);
	struct login_slot *s = login_slot(srv, key, now, false);
	if (!s || s->failures < max)
		return 0;
	return (long)(s->start + LOGIN_WINDOW - now);
}

long server_login_wait(struct server *srv, const char *user, const char *client)
{
	time_t now = time(NULL);
	pthread_mutex_lock(&srv->login_lock);
	long u = user ? slot_wait(srv, "u", user, LOGIN_USER_MAX, now) : 0;
	long a = slot_wait(srv, "a", client, LOGIN_CLIENT_MAX, now);
	pthread_mutex_unlock(&srv->login_lock);
	long w = u > a ? u : a;
	return w > 0 ? w : (u || a ? 1 : 0);
}

void server_login_result(struct server *srv, const char *user, const char *client, bool ok)
{
	char key[sizeof(srv->logins[0].key)];
	time_t now = time(NULL);
	pthread_mutex_lock(&srv->login_lock);
	snprintf(key, sizeof(key), "u:%s", user ? user : "");
	struct login_slot *s = user ? login_slot(srv, key, now, !ok) : NULL;
	if (s && ok)
		s->key[0] = '\0'; /* a success clears the user's failures */
	else if (s)
		s->failures++;
	if (!ok) {
		snprintf(key, sizeof(key), "a:%s", client);
		login_slot(srv, key, now, true)->failures++;
	}
	pthread_mutex_unlock(&srv->login_lock);
}

bool server_login_bad_body(struct server *srv, const char *client, struct response *res)
{
	long w = server_login_wait(srv, NULL, client);
	if (w > 0) {
		char wait[32];
		snprintf(wait, sizeof(wait), "%ld", w);
		response_problem(res, 429, "too many failed logins; try again in %ld s", w);
		response_header(res, "Retry-After", wait);
		return true;
	}
	server_login_result(srv, NULL, client, false);
	return false;
}

/* ---- request checks ----------------------------------------------------- */

struct query_walk {
	struct request *req;
	const char *bad; /* the first problem */
	char what[160];
};

static enum MHD_Result query_one(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	struct query_walk *w = cls;
	struct request *req = w->req;
	if (w->bad)
		return MHD_NO;
	if (!server_text_ok(key) || (value && !server_text_ok(value))) {
		w->bad = "invalid";
		snprintf(w->what, sizeof(w->what), "a query parameter is not valid UTF-8 text");
		return MHD_NO;
	}
	if (req->nquery == SERVER_QUERY_MAX) {
		w->bad = "many";
		snprintf(w->what, sizeof(w->what), "more than %d query parameters",
			 SERVER_QUERY_MAX);
		return MHD_NO;
	}
	if (request_query(req, key)) {
		w->bad = "twice";
		snprintf(w->what, sizeof(w->what), "query parameter '%.64s' given twice", key);
		return MHD_NO;
	}
	bool known = false;
	for (const char *const *q = req->route->query; q && *q; q++)
		known |= !strcmp(*q, key);
	if (!known) {
		w->bad = "unknown";
		snprintf(w->what, sizeof(w->what), "unknown query parameter '%.64s'", key);
		return MHD_NO;
	}
	req->query_names[req->nquery] = key;
	req->query_values[req->nquery++] = value ? value : "";
	return MHD_YES;
}

/* Parse the body into req->body; false with a 400 in `res`. */
static bool parse_body(struct request *req, const struct conn *cn, struct response *res)
{
	char msg[256];
	if (!cn->body.len)
		return true;
	if (!req->route->request_schema) {
		response_problem(res, 400, "%s %s takes no request body", req->method,
				 req->route->pattern);
		return false;
	}
	if (server_body_parse(cn->body.buf, cn->body.len, &req->body, msg, sizeof(msg)) < 0) {
		response_problem(res, 400, "%s", msg);
		return false;
	}
	return true;
}

/* ---- authentication and the database handle ----------------------------- */

/*
 * The sessions a pool thread checked in the last SESSION_CACHE_MS: the
 * session look-up is one read transaction (file locks on SQLite, a round
 * trip on PostgreSQL), a large part of a small GET. A logout through this
 * server drops every thread's entries at once (sessions_epoch); a change
 * made elsewhere (a user removed or a password changed with the CLI, a
 * logout through another server on the same database) is seen by this
 * server at most SESSION_CACHE_MS later.
 */
#define SESSIONS_CACHED	 8
#define SESSION_CACHE_MS 1000

struct session_entry {
	char token[MUSTER_TOKEN_LEN + 1]; /* "" when empty */
	struct muster_actor actor;
	struct timespec checked;
	unsigned epoch;
};

/* What a pool thread keeps between requests: its handle and its caches. */
struct worker {
	struct muster_db *db;
	struct records_cache *records;
	struct runs_cache *runs;
	struct session_entry sessions[SESSIONS_CACHED];
	size_t sessions_next; /* the entry to replace next */
};

void server_sessions_changed(struct server *srv)
{
	__atomic_add_fetch(&srv->sessions_epoch, 1, __ATOMIC_RELEASE);
}

static void worker_free(void *p)
{
	struct worker *w = p;
	for (size_t i = 0; i < SESSIONS_CACHED; i++)
		muster_actor_release(&w->sessions[i].actor);
	records_cache_free(w->records);
	runs_cache_free(w->runs);
	muster_db_close(w->db);
	free(w);
}

/* This thread's state, its handle opened on first use. */
static struct worker *thread_worker(struct server *srv, struct muster_error *err)
{
	struct worker *w = pthread_getspecific(srv->dbkey);
	if (w)
		return w;
	w = xcalloc(1, sizeof(*w));
	if (muster_db_open(&w->db, srv->cfg->db, err) < 0) {
		free(w);
		return NULL;
	}
	pthread_setspecific(srv->dbkey, w);
	return w;
}

static double ms_since(const struct timespec *t, const struct timespec *now)
{
	return (double)(now->tv_sec - t->tv_sec) * 1e3 + (double)(now->tv_nsec - t->tv_nsec) / 1e6;
}

static void actor_copy(struct muster_actor *to, const struct muster_actor *from)
{
	to->name = xstrdup_or_null(from->name);
	to->nation = xstrdup_or_null(from->nation);
	to->role = from->role;
}

/* True with a copy of the actor of `token` in `actor` if this thread checked it lately. */
static bool session_cached(struct server *srv, struct worker *wk, const char *token,
			   struct muster_actor *actor)
{
	if (strlen(token) != MUSTER_TOKEN_LEN)
		return false;
	unsigned epoch = __atomic_load_n(&srv->sessions_epoch, __ATOMIC_ACQUIRE);
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	for (size_t i = 0; i < SESSIONS_CACHED; i++) {
		struct session_entry *e = &wk->sessions[i];
		if (!e->token[0] || e->epoch != epoch ||
		    ms_since(&e->checked, &now) >= SESSION_CACHE_MS ||
		    sodium_memcmp(e->token, token, MUSTER_TOKEN_LEN) != 0) /* constant time */
			continue;
		actor_copy(actor, &e->actor);
		return true;
	}
	return false;
}

static void session_keep(struct server *srv, struct worker *wk, const char *token,
			 const struct muster_actor *actor, unsigned epoch)
{
	struct session_entry *e = &wk->sessions[wk->sessions_next];
	wk->sessions_next = (wk->sessions_next + 1) % SESSIONS_CACHED;
	muster_actor_release(&e->actor);
	snprintf(e->token, sizeof(e->token), "%s", token);
	actor_copy(&e->actor, actor);
	e->epoch = epoch;
	clock_gettime(CLOCK_MONOTONIC, &e->checked);
}

/* The actor of the request's bearer token; false with a 401 in `res`. */
static bool authenticate(struct MHD_Connection *c, struct worker *wk, struct request *req,
			 struct muster_actor *actor, struct response *res)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	struct muster_error err = {0};
	if (!h || strncasecmp(h, "Bearer ", 7)) {
		response_problem(res, 401,
				 "this route needs 'Authorization: Bearer TOKEN' "
				 "(POST /api/login gives a token)");
		response_header(res, "WWW-Authenticate", "Bearer");
		return false;
	}
	req->token = h + 7;
	if (session_cached(req->srv, wk, req->token, actor))
		return true;
	/* the epoch before the look-up: a logout during it drops what is kept */
	unsigned epoch = __atomic_load_n(&req->srv->sessions_epoch, __ATOMIC_ACQUIRE);
	/* the library looks the token up by its SHA-256 */
	int rc = muster_session_check(req->db, req->token, (int64_t)time(NULL), actor, &err);
	if (rc == MUSTER_EPERM) {
		response_problem(res, 401, "invalid or expired session");
		response_header(res, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
	} else if (rc < 0) {
		response_error(res, &err);
	} else {
		session_keep(req->srv, wk, req->token, actor, epoch);
	}
	muster_error_release(&err);
	return rc == 0;
}

/* ---- dispatch ------------------------------------------------------------ */

static const struct route *find_route(struct server *srv, const char *method, const char *path,
				      char *buf, size_t bufsz, struct request *req,
				      struct strbuf *allow)
{
	for (size_t i = 0; i < srv->routes.nr; i++) {
		const struct route *r = &srv->routes.items[i];
		if (!route_match(r->pattern, path, buf, bufsz, req))
			continue;
		if (!strcmp(r->method, method))
			return r;
		strbuf_addf(allow, "%s%s", allow->len ? ", " : "", r->method);
	}
	return NULL;
}

static void dispatch(struct server *srv, struct MHD_Connection *c, struct conn *cn,
		     struct request *req, struct muster_actor *actor, struct response *res)
{
	char buf[SERVER_URL_MAX + 1];
	struct strbuf allow = STRBUF_INIT;
	struct muster_error err = {0};
	if (strlen(req->path) > SERVER_URL_MAX) {
		response_problem(res, 414, "the path is longer than %d bytes", SERVER_URL_MAX);
		goto out;
	}
	if (!server_path_ok(req->path)) {
		response_problem(res, 400,
				 "the path is not valid UTF-8 text, or has a '.' or "
				 "'..' segment or an empty one");
		goto out;
	}
	if (web_serve(req->method, req->path, res)) /* the page: / and /web/NAME */
		goto out;
	req->route = find_route(srv, req->method, req->path, buf, sizeof(buf), req, &allow);
	if (!req->route) {
		if (allow.len) {
			response_problem(res, 405, "%s is not allowed here; allowed: %s",
					 req->method, allow.buf);
			response_header(res, "Allow", allow.buf);
		} else {
			response_problem(res, 404, "no route '%s'", req->path);
		}
		goto out;
	}
	for (size_t i = 0; i < req->nparams; i++)
		if (!server_text_ok(req->param_values[i]))
			goto bad_param;
	struct query_walk w = {.req = req};
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_one, &w);
	if (w.bad) {
		response_problem(res, 400, "%s", w.what);
		goto out;
	}
	struct worker *wk = thread_worker(srv, &err);
	if (!wk) {
		response_error(res, &err);
		goto out;
	}
	req->db = wk->db;
	req->records_cache = &wk->records;
	req->runs_cache = &wk->runs;
	if (req->route->roles != ROLES_PUBLIC) {
		if (!authenticate(c, wk, req, actor, res))
			goto out;
		req->actor = actor;
		if (!(req->route->roles & ROLE_BIT(actor->role))) {
			response_problem(res, 403, "the %s role may not %s %s",
					 muster_role_name(actor->role), req->method,
					 req->route->pattern);
			goto out;
		}
	}
	req->if_match = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-Match");
	req->connection = c;
	if (!parse_body(req, cn, res)) {
		/* a login whose body is no JSON object is a failed login of its
		 * address (api_auth.c counts the other bad bodies) */
		if (!strcmp(req->route->pattern, "/api/login"))
			server_login_bad_body(srv, req->client, res);
		goto out;
	}
	req->route->handler(req, res);
	if (!res->status)
		res->status = 500;
	goto out;
bad_param:
	response_problem(res, 400, "a path parameter is not valid UTF-8 text");
out:
	strbuf_release(&allow);
	muster_error_release(&err);
}

static void add_security_headers(struct MHD_Response *r, const char *csp)
{
	MHD_add_response_header(r, "Content-Security-Policy",
				csp ? csp : "default-src 'none'; frame-ancestors 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cache-Control", "no-store");
}

static enum MHD_Result send_response(struct MHD_Connection *c, struct response *res)
{
	struct MHD_Response *r = res->raw;
	res->raw = NULL;
	if (!r) {
		char *text = res->text;
		res->text = NULL;
		if (!text && res->body)
			text = json_dumps(res->body, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		size_t len = text ? strlen(text) : 0;
		if (text && (!len || text[len - 1] != '\n')) {
			text = xrealloc(text, len + 2);
			text[len++] = '\n';
			text[len] = '\0';
		}
		r = MHD_create_response_from_buffer(len, text ? text : (void *)"",
						    text ? MHD_RESPMEM_MUST_FREE
							 : MHD_RESPMEM_PERSISTENT);
		if (text)
			MHD_add_response_header(r, "Content-Type",
						res->problem ? "application/problem+json"
							     : "application/json");
	}
	add_security_headers(r, res->csp);
	if (res->etag > 0) {
		char etag[32];
		snprintf(etag, sizeof(etag), "\"%lld\"", (long long)res->etag);
		MHD_add_response_header(r, "ETag", etag);
	}
	for (size_t i = 0; i < res->header_names.nr; i++)
		MHD_add_response_header(r, res->header_names.items[i], res->header_values.items[i]);
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)res->status, r);
	MHD_destroy_response(r);
	return ok;
}

static void log_request(const char *method, const char *path, int status,
			const struct timespec *start, const char *user)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double ms = ms_since(start, &now);
	/* the path is checked text or was refused; cut it for the log */
	fprintf(stderr, "%s %.200s %d %.1fms %s\n", method,
		server_text_ok(path) ? path : "(invalid)", status, ms, user && *user ? user : "-");
}

static void client_address(struct MHD_Connection *c, char *buf, size_t n)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(buf, n, "?");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
			  (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  buf, (socklen_t)n);
}

/* MHD's URI log callback: a request's context, made before its headers are read. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct conn *cn = xcalloc(1, sizeof(*cn));
	strbuf_init(&cn->body);
	clock_gettime(CLOCK_MONOTONIC, &cn->start);
	cn->uri_len = strlen(uri);
	return cn;
}

static enum MHD_Result add_header_size(void *cls, enum MHD_ValueKind kind, const char *key,
				       const char *value)
{
	*(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4; /* ": ", CRLF */
	return MHD_YES;
}

/*
 * The first call of a request: check the sizes of its URL, its header
 * fields and its announced body, answering at once past a bound.
 */
static enum MHD_Result first_call(struct MHD_Connection *c, struct conn *cn, const char *url,
				  const char *method)
{
	cn->started = true;
	struct response res = {0};
	size_t header = 0;
	MHD_get_connection_values(c, MHD_HEADER_KIND, add_header_size, &header);
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	if (cn->uri_len > SERVER_URL_MAX)
		response_problem(&res, 414, "the URL is longer than %d bytes", SERVER_URL_MAX);
	else if (header > SERVER_HEADER_MAX)
		response_problem(&res, 431, "the request's header fields are larger than %d bytes",
				 SERVER_HEADER_MAX);
	else if (cl && strtoull(cl, NULL, 10) > SERVER_BODY_MAX)
		response_problem(&res, 413, "the request body is larger than %d bytes",
				 SERVER_BODY_MAX);
	else
		return MHD_YES;
	response_header(&res, "Connection", "close");
	cn->answered = true;
	log_request(method, url, res.status, &cn->start, NULL);
	enum MHD_Result ok = send_response(c, &res);
	response_release(&res);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct server *srv = cls;
	struct conn *cn = *con_cls; /* made by on_uri */
	if (!cn->started)
		return first_call(c, cn, url, method);
	if (cn->answered) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!cn->too_big && cn->body.len + *upload_size > SERVER_BODY_MAX) {
			cn->too_big = true;
			strbuf_release(&cn->body);
		}
		if (!cn->too_big)
			strbuf_add(&cn->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	struct request req = {.method = method, .path = url, .srv = srv};
	struct response res = {0};
	struct muster_actor actor = {0};
	char client[INET6_ADDRSTRLEN + 1];
	client_address(c, client, sizeof(client));
	req.client = client;
	if (cn->too_big)
		response_problem(&res, 413, "the request body is larger than %d bytes",
				 SERVER_BODY_MAX);
	else
		dispatch(srv, c, cn, &req, &actor, &res);
	log_request(method, url, res.status, &cn->start,
		    req.actor ? req.actor->name : req.log_user);
	enum MHD_Result ok = send_response(c, &res);
	response_release(&res);
	json_decref(req.body);
	muster_actor_release(&actor);
	return ok;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct conn *cn = *con_cls;
	if (!cn)
		return;
	strbuf_release(&cn->body);
	free(cn);
	*con_cls = NULL;
}

/* ---- start and stop ------------------------------------------------------ */

/* "ADDR:PORT" or "[ADDR6]:PORT" into `ss`. */
static int parse_listen(const char *s, struct sockaddr_storage *ss, struct muster_error *err)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	long port;
	memset(ss, 0, sizeof(*ss));
	if (!colon || (size_t)(colon - s) >= sizeof(host) ||
	    strtonum_l(colon + 1, 0, 65535, &port) < 0)
		goto bad;
	snprintf(host, sizeof(host), "%.*s", (int)(colon - s), s);
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		host[strlen(host) - 1] = '\0';
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) == 1)
			return 0;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, host, &a->sin_addr) == 1)
			return 0;
	}
bad:
	return muster_error_set(err, MUSTER_EUSAGE,
				"option '--listen': expected ADDRESS:PORT (127.0.0.1:8080, "
				"[::1]:8080), got '%s'",
				s);
}

static char *read_pem(const char *path, struct muster_error *err)
{
	FILE *f = fopen(path, "r");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	if (!f) {
		muster_error_set(err, MUSTER_EIO, "cannot read '%s': %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0 && sb.len < 1024 * 1024)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb, NULL);
}

static void server_free(struct server *srv)
{
	for (size_t i = 0; i < srv->kept.nr; i++)
		free(srv->kept.items[i]);
	free(srv->kept.items);
	free(srv->routes.items);
	pthread_mutex_destroy(&srv->login_lock);
	pthread_key_delete(srv->dbkey);
	jobs_free(srv->jobs);
	events_free(srv->events);
	free(srv);
}

/*
 * MHD's own messages (a request it refused itself, a socket error): one line
 * each on stderr, beside the request lines, without the page it sent.
 */
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	vsnprintf(line, sizeof(line), fmt, ap);
	char *page = strstr(line, " ('<html>");
	if (page)
		strcpy(page, ")");
	line[strcspn(line, "\r\n")] = '\0';
	fprintf(stderr, "muster serve: libmicrohttpd: %s\n", line);
}

static struct MHD_Daemon *start_daemon(struct server *srv, const struct sockaddr_storage *ss,
				       char *cert, char *key)
{
	/* ITC: MHD_quiesce_daemon at shutdown needs it in the thread pool; event
	 * streams wait suspended (events.c) */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ERROR_LOG |
			 MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;
	if (ss->ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (cert)
		flags |= MHD_USE_TLS;
	struct MHD_OptionItem opts[] = {
	    {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)on_mhd_log, NULL}, /* first: MHD asks */
	    {MHD_OPTION_SOCK_ADDR, 0, (void *)ss},
	    {MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)srv->cfg->threads, NULL},
	    {MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)srv->cfg->timeout, NULL},
	    /* headers and URL live in this per-connection buffer: larger than
	     * our own bounds, so that first_call answers past them */
	    {MHD_OPTION_CONNECTION_MEMORY_LIMIT, SERVER_CONN_MEMORY, NULL},
	    {MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)on_uri, NULL},
	    {MHD_OPTION_CONNECTION_LIMIT, 256, NULL},
	    {MHD_OPTION_PER_IP_CONNECTION_LIMIT, 64, NULL},
	    {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, NULL},
	    {cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert},
	    {cert ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, key},
	    {MHD_OPTION_END, 0, NULL},
	};
	return MHD_start_daemon(flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_ARRAY, opts,
				MHD_OPTION_END);
}

int server_run(const struct server_config *cfg, struct muster_error *err)
{
	struct sockaddr_storage ss;
	char *cert = NULL, *key = NULL;
	struct muster_db *db = NULL;
	int rc = parse_listen(cfg->listen, &ss, err);
	if (rc < 0)
		return rc;
	/* open the database once now, so a missing one fails at start */
	rc = muster_db_open(&db, cfg->db, err);
	/* what the log calls the database: never a password */
	char *label = rc < 0 ? NULL : xstrdup(muster_db_label(db));
	muster_db_close(db);
	if (rc < 0)
		return rc;
	if (cfg->tls_cert &&
	    (!(cert = read_pem(cfg->tls_cert, err)) || !(key = read_pem(cfg->tls_key, err)))) {
		free(cert);
		free(label);
		return err ? err->code : MUSTER_EIO;
	}
	struct server *srv = xcalloc(1, sizeof(*srv));
	srv->cfg = cfg;
	pthread_key_create(&srv->dbkey, worker_free);
	pthread_mutex_init(&srv->login_lock, NULL);
	api_auth_routes(srv);
	api_records_routes(srv);
	api_openapi_routes(srv);
	api_runs_routes(srv);
	api_results_routes(srv);
	api_history_routes(srv);
	api_events_routes(srv);

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* the pool's threads inherit it */
	signal(SIGPIPE, SIG_IGN);
	srv->jobs = jobs_new(srv);
	srv->events = events_new(srv, err);
	if (!srv->events) {
		rc = err ? err->code : MUSTER_EIO;
		goto out;
	}
	struct MHD_Daemon *d = start_daemon(srv, &ss, cert, key);
	if (!d) {
		rc = muster_error_set(err, MUSTER_EIO, "cannot listen on '%s'", cfg->listen);
		goto out;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	fprintf(stderr, "muster serve: listening on %s://%.*s:%u (database '%s', %u threads)\n",
		cert ? "https" : "http", (int)(strrchr(cfg->listen, ':') - cfg->listen),
		cfg->listen, di ? di->port : 0, label, cfg->threads);
	int sig = 0;
	sigwait(&set, &sig);
	fprintf(stderr, "muster serve: %s: shutting down\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	MHD_socket ls = MHD_quiesce_daemon(d); /* no new connections; the socket is ours */
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	for (size_t i = 0; i < srv->nstop_hooks; i++)
		srv->stop_hooks[i].fn(srv->stop_hooks[i].arg);
	jobs_shutdown(srv->jobs);     /* cancels and joins running jobs: nothing half-stored */
	events_shutdown(srv->events); /* ends every event stream */
	MHD_stop_daemon(d);	      /* waits for running handlers; closes the connections */
	fprintf(stderr, "muster serve: stopped\n");
out:
	free(cert);
	free(key);
	free(label);
	server_free(srv);
	return rc;
}
