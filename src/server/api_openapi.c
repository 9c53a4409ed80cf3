/*
 * api_openapi.c: GET /api/openapi.json, the OpenAPI 3.1 document generated
 * from the route table that dispatches requests, so the two cannot drift.
 *
 * Each operation lists its path and query parameters, request body schema,
 * success response schema, the problem document for errors, the bearer
 * security scheme unless public, and `x-roles`: the roles the route admits
 * (the tests walk it to try every route as every role).
 */
#include "server.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char problem_schema[] =
    "{\"type\":\"object\",\"required\":[\"status\",\"title\",\"detail\"],\"properties\":{"
    "\"type\":{\"type\":\"string\"},\"status\":{\"type\":\"integer\"},"
    "\"title\":{\"type\":\"string\"},\"detail\":{\"type\":\"string\"},"
    "\"errors\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
    "\"entity\":{\"type\":[\"string\",\"null\"]},\"key\":{\"type\":[\"string\",\"null\"]},"
    "\"column\":{\"type\":[\"string\",\"null\"]},\"message\":{\"type\":\"string\"}}}}}}";

static json_t *schema(const char *text)
{
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	if (text && !j)
		BUG("a route's schema is not JSON");
	return j;
}

static json_t *parameters(const struct route *r)
{
	json_t *a = json_array();
	for (const char *p = strchr(r->pattern, '{'); p; p = strchr(p + 1, '{')) {
		const char *e = strchr(p, '}');
		char name[32];
		snprintf(name, sizeof(name), "%.*s", (int)(e - p - 1), p + 1);
		json_array_append_new(a,
				      json_pack("{s:s,s:s,s:b,s:{s:s}}", "name", name, "in", "path",
						"required", 1, "schema", "type", "string"));
	}
	for (const char *const *q = r->query; q && *q; q++)
		json_array_append_new(a,
				      json_pack("{s:s,s:s,s:b,s:{s:s}}", "name", *q, "in", "query",
						"required", 0, "schema", "type", "string"));
	return a;
}

static json_t *operation(const struct route *r)
{
	json_t *op = json_object(), *resp = json_object(), *roles = json_array();
	char id[128], *o = id, code[8];
	/* operationId: method and path in words ("get_api_offers_key") */
	snprintf(id, sizeof(id), "%s%s", r->method, r->pattern);
	for (; *o; o++)
		*o = isalnum((unsigned char)*o) ? (char)tolower((unsigned char)*o) : '_';
	json_object_set_new(op, "operationId", json_string(id));
	json_object_set_new(op, "summary", json_string(r->summary));
	json_object_set_new(op, "parameters", parameters(r));
	if (r->request_schema)
		json_object_set_new(op, "requestBody",
				    json_pack("{s:b,s:{s:{s:o}}}", "required", 1, "content",
					      "application/json", "schema",
					      schema(r->request_schema)));
	snprintf(code, sizeof(code), "%d", r->ok_status ? r->ok_status : 200);
	json_t *ok = json_pack("{s:s}", "description", "success");
	if (r->response_schema)
		json_object_set_new(ok, "content",
				    json_pack("{s:{s:o}}", "application/json", "schema",
					      schema(r->response_schema)));
	json_object_set_new(resp, code, ok);
	json_object_set_new(resp, "default",
			    json_pack("{s:s,s:{s:{s:{s:s}}}}", "description",
				      "an RFC 9457 problem document", "content",
				      "application/problem+json", "schema", "$ref",
				      "#/components/schemas/Problem"));
	json_object_set_new(op, "responses", resp);
	if (r->roles == ROLES_PUBLIC)
		json_object_set_new(op, "security", json_array());
	for (int role = MUSTER_ROLE_ADMIN; role <= MUSTER_ROLE_VIEWER; role++)
		if (r->roles & ROLE_BIT(role))
			json_array_append_new(roles, json_string(muster_role_name(role)));
	json_object_set_new(op, "x-roles", roles);
	return op;
}

static void openapi(struct request *req, struct response *res)
{
	size_t n;
	const struct route *routes = server_routes(req->srv, &n);
	json_t *paths = json_object();
	for (size_t i = 0; i < n; i++) {
		json_t *item = json_object_get(paths, routes[i].pattern);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, routes[i].pattern, item);
		}
		char m[16];
		snprintf(m, sizeof(m), "%s", routes[i].method);
		for (char *c = m; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		json_object_set_new(item, m, operation(&routes[i]));
	}
	json_t *doc = json_pack(
	    "{s:s,s:{s:s,s:s,s:s},s:o,s:{s:{s:{s:s,s:s}},s:{s:o}},s:[{s:[]}]}", "openapi", "3.1.0",
	    "info", "title", "muster", "version", MUSTER_VERSION, "description",
	    "force generation and force posture planning: records, results and sessions", "paths",
	    paths, "components", "securitySchemes", "bearer", "type", "http", "scheme", "bearer",
	    "schemas", "Problem", schema(problem_schema), "security", "bearer");
	response_json(res, 200, doc);
}

void api_openapi_routes(struct server *srv)
{
	static const struct route r = {"GET",
				       "/api/openapi.json",
				       openapi,
				       ROLES_PUBLIC,
				       "this document: the API generated from the route table",
				       NULL,
				       NULL,
				       "{\"type\":\"object\"}",
				       200,
				       NULL};
	server_route_add(srv, &r);
}
