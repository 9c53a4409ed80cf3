/*
 * api_auth.c: sessions over HTTP. POST /api/login checks a user name and
 * password (muster_user_authenticate) and starts a session
 * (muster_session_create) whose token is then sent as
 * "Authorization: Bearer TOKEN"; POST /api/logout ends it; GET /api/session
 * says who the token belongs to.
 *
 * Key decisions:
 * - Logins are rate-limited per user name and per client address (server.c
 *   counts failures in a window): past the limit the answer is 429 with
 *   Retry-After, before any password is checked. A body that is no login
 *   (malformed JSON, a missing or unknown field, a wrong type) counts as a
 *   failure of the address, and past its limit is a 429 too. Behind one NAT
 *   or proxy every client shares the address's limit (LOGIN_CLIENT_MAX
 *   failures a minute); the per-user limit still holds per name.
 * - An unknown user and a wrong password are the same 401 (the library
 *   takes the same time for both).
 * - Only the token's SHA-256 is stored and tokens are looked up by it, so
 *   no token is ever compared byte by byte here.
 */
#include "server.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char login_schema[] =
    "{\"type\":\"object\",\"required\":[\"user\",\"password\"],\"additionalProperties\":false,"
    "\"properties\":{\"user\":{\"type\":\"string\"},\"password\":{\"type\":\"string\"}}}";
static const char token_schema[] =
    "{\"type\":\"object\",\"properties\":{\"token\":{\"type\":\"string\"},"
    "\"expires\":{\"type\":\"string\",\"format\":\"date-time\"}}}";
static const char session_schema[] =
    "{\"type\":\"object\",\"properties\":{\"user\":{\"type\":\"string\"},"
    "\"role\":{\"type\":\"string\",\"enum\":[\"admin\",\"planner\",\"liaison\",\"viewer\"]},"
    "\"nation\":{\"type\":[\"string\",\"null\"]}}}";

/* A string member `name` of the body; false with a 400 naming it. */
static bool body_string(struct request *req, struct response *res, const char *name,
			const char **out)
{
	json_t *v = json_object_get(req->body, name);
	if (!v) {
		response_problem(res, 400, "request body: field '%s' is missing", name);
		return false;
	}
	if (!json_is_string(v)) {
		response_problem(res, 400, "request body: field '%s': expected a string", name);
		return false;
	}
	*out = json_string_value(v);
	return true;
}

static bool only_fields(struct request *req, struct response *res, const char *const *names)
{
	const char *k;
	json_t *v;
	json_object_foreach(req->body, k, v)
	{
		bool known = false;
		for (const char *const *n = names; *n; n++)
			known |= !strcmp(*n, k);
		if (!known) {
			response_problem(res, 400, "request body: unknown field '%.64s'", k);
			return false;
		}
	}
	return true;
}

static void iso_time(int64_t t, char buf[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void login(struct request *req, struct response *res)
{
	static const char *const fields[] = {"user", "password", NULL};
	const char *user, *password;
	struct muster_error err = {0};
	struct muster_actor actor = {0};
	char token[MUSTER_TOKEN_LEN + 1], when[32], wait[32];
	int64_t expires = 0;
	if (!req->body) {
		response_problem(res, 400, "request body: expected {\"user\":..,\"password\":..}");
		server_login_bad_body(req->srv, req->client, res);
		return;
	}
	if (!only_fields(req, res, fields) || !body_string(req, res, "user", &user) ||
	    !body_string(req, res, "password", &password)) {
		/* a bad body is a failed login of the address: no free guesses */
		server_login_bad_body(req->srv, req->client, res);
		return;
	}
	long w = server_login_wait(req->srv, user, req->client);
	if (w > 0) {
		snprintf(wait, sizeof(wait), "%ld", w);
		response_problem(res, 429, "too many failed logins; try again in %ld s", w);
		response_header(res, "Retry-After", wait);
		return;
	}
	int rc = muster_user_authenticate(req->db, user, password, &actor, &err);
	server_login_result(req->srv, user, req->client, rc == 0);
	if (rc == MUSTER_EPERM || rc == MUSTER_EINVAL || rc == MUSTER_ENOENT) {
		response_problem(res, 401, "wrong user name or password");
		goto out;
	}
	if (rc == 0)
		rc = muster_session_create(req->db, actor.name, (int64_t)time(NULL),
					   SERVER_SESSION_TTL, token, &expires, &err);
	if (rc < 0) {
		response_error(res, &err);
		goto out;
	}
	iso_time(expires, when);
	json_t *o = json_object();
	json_object_set_new(o, "token", json_string(token));
	json_object_set_new(o, "expires", json_string(when));
	response_json(res, 200, o);
	snprintf(req->log_user, sizeof(req->log_user), "%s", actor.name); /* for the log */
out:
	muster_actor_release(&actor);
	muster_error_release(&err);
}

static void logout(struct request *req, struct response *res)
{
	struct muster_error err = {0};
	if (muster_session_end(req->db, req->token, &err) < 0)
		response_error(res, &err);
	else
		res->status = 204;
	server_sessions_changed(req->srv); /* no thread may take the token now */
	muster_error_release(&err);
}

static void session(struct request *req, struct response *res)
{
	json_t *o = json_object();
	json_object_set_new(o, "user", json_string(req->actor->name));
	json_object_set_new(o, "role", json_string(muster_role_name(req->actor->role)));
	json_object_set_new(o, "nation",
			    req->actor->nation ? json_string(req->actor->nation) : json_null());
	response_json(res, 200, o);
}

void api_auth_routes(struct server *srv)
{
	static const struct route routes[] = {
	    {"POST", "/api/login", login, ROLES_PUBLIC,
	     "log in: a session token for 'Authorization: Bearer TOKEN'", NULL, login_schema,
	     token_schema, 200, NULL},
	    {"POST", "/api/logout", logout, ROLES_ALL, "end this session", NULL, NULL, NULL, 204,
	     NULL},
	    {"GET", "/api/session", session, ROLES_ALL, "who this session's user is", NULL, NULL,
	     session_schema, 200, NULL},
	};
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		server_route_add(srv, &routes[i]);
}
