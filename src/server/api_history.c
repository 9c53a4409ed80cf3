/*
 * api_history.c: GET /api/history, the audit log (DESIGN.md section 11) as
 * the caller may read it.
 *
 * Key decisions:
 * - Filters as `muster history` takes them: entity, key, actor, since,
 *   until (ISO 8601 prefixes, [since, until]); an unknown entity is a 400
 *   with the closest one. `as_of` keeps the rows up to that point: rN the
 *   rows of revisions <= N, a time those at or before it.
 * - The rows are reduced by muster_view_history (the library's policy): a
 *   liaison never gets a row of another nation's offer or caveat, a viewer
 *   no row of offers, caveats, caps or deployments.
 * - Each row carries before and after as JSON objects (null where absent)
 *   and its hash, so a client can verify the chain of what it was shown.
 */
#include "jobs.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static json_t *record_json(const char *text)
{
	json_error_t e;
	json_t *v = text ? json_loads(text, 0, &e) : NULL;
	return v ? v : json_null();
}

static void get_history(struct request *req, struct response *res)
{
	struct muster_history_filter f = {
	    .entity = request_query(req, "entity"),
	    .key = request_query(req, "key"),
	    .actor = request_query(req, "actor"),
	    .since = request_query(req, "since"),
	    .until = request_query(req, "until"),
	};
	const char *as_of = request_query(req, "as_of");
	struct muster_audit_list rows = {0}, seen = {0};
	struct muster_error err = {0};
	int64_t rev = 0;
	if (api_as_of_revision(req, res, &rev) < 0)
		return;
	int rc = muster_db_history(req->db, &f, &rows, &err);
	if (rc == 0)
		rc = muster_view_history(&rows, req->actor, &seen, &err);
	if (rc < 0) {
		if (rc == MUSTER_EUSAGE)
			response_problem(res, 400, "query parameter 'entity': %s",
					 err.msg ? err.msg : "unknown entity");
		else
			response_error(res, &err);
		goto out;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < seen.nr; i++) {
		const struct muster_audit *a = &seen.items[i];
		if (as_of && a->rev > rev)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "seq", json_integer(a->seq));
		json_object_set_new(o, "rev", json_integer(a->rev));
		json_object_set_new(o, "at", json_string(a->at));
		json_object_set_new(o, "actor", json_string(a->actor));
		json_object_set_new(o, "entity", json_string(a->entity));
		json_object_set_new(o, "key", json_string(a->key));
		json_object_set_new(o, "op", json_string(a->op));
		json_object_set_new(o, "before", record_json(a->before));
		json_object_set_new(o, "after", record_json(a->after));
		json_object_set_new(o, "reason", json_string(a->reason ? a->reason : ""));
		json_object_set_new(o, "hash", json_string(a->hash));
		json_array_append_new(items, o);
	}
	response_json(res, 200,
		      json_pack("{s:o,s:I}", "items", items, "revision", (json_int_t)rev));
out:
	muster_audit_list_release(&rows);
	muster_audit_list_release(&seen);
	muster_error_release(&err);
}

void api_history_routes(struct server *srv)
{
	static const char *const q[] = {"entity", "key", "actor", "since", "until", "as_of", NULL};
	static const struct route routes[] = {
	    {"GET", "/api/history", get_history, ROLES_ALL,
	     "the audit log as the caller may read it (filters entity, key, actor, since, until)",
	     q, NULL, "{\"type\":\"object\"}", 200, NULL},
	};
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		server_route_add(srv, &routes[i]);
}
