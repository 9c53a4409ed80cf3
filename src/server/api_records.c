/*
 * api_records.c: the records of DESIGN.md section 11 over HTTP, for every
 * entity: GET /api/ENTITY (a page), GET /api/ENTITY/KEY, POST /api/ENTITY,
 * PATCH and DELETE /api/ENTITY/KEY.
 *
 * Key decisions:
 * - Every write is one muster_db_edit (one transaction, validated whole,
 *   one audit row) with the session's actor as its policy: the library
 *   decides what a role may change. A record the actor may not read in
 *   full is 404, exactly as one that does not exist.
 * - A record's version is its ETag; PATCH and DELETE need If-Match (428
 *   without it) and a stale one is 412 (MUSTER_ECONFLICT), so no edit is
 *   lost between two clients.
 * - Pages are ordered by key and the cursor is the last key of the page
 *   (hex, opaque to clients): the next page starts after it, so inserts and
 *   deletes elsewhere never repeat or skip a record.
 * - Lists show only the records the actor reads in full (muster_policy_read
 *   per record). What a liaison or viewer may read only in aggregate is in
 *   the results endpoints as totals, and a page of offers carries the
 *   offers read only in aggregate as "totals" per (mission, line,
 *   capability): muster_view_offer_totals, the rule the CLI's show uses,
 *   at the page's revision. Only the mission, line and capability filters
 *   apply to a total; with a filter on any other column the page has no
 *   "totals" (a total cannot say whether it matches).
 * - Filters: any column of the entity as a query parameter, matching the
 *   cell exactly (mission=NMI, nation=CAN); a filter naming a nation,
 *   country, mission or capability that does not exist is a 400, never an
 *   empty page. A page says its scope: "all", or "readable" for roles that
 *   see only some records.
 * - Records are typed JSON both ways (muster_record_json and
 *   muster_record_fields_from_json): numbers, lists of strings, booleans,
 *   null for an empty field; a wrong type or an unknown field is a 400
 *   naming the field.
 */
#include "server.h"
#include "util.h"

#include <ctype.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_DEFAULT 100
#define PAGE_MAX     1000

struct entity {
	enum muster_object obj;
	const char *name;
};

/* ---- JSON ---------------------------------------------------------------- */

/*
 * A record as JSON: its typed fields (muster_record_json: numbers, lists,
 * booleans, null for empty) under "record", beside key and version. A
 * record whose cells do not read as their types (edited outside muster)
 * falls back to its cells as text, so it can still be read and fixed.
 */
static json_t *record_json(const struct muster_record *r, bool with_revision)
{
	json_t *o = json_object(), *rec = NULL;
	json_object_set_new(o, "entity", json_string(r->entity));
	json_object_set_new(o, "key", json_string(r->key));
	json_object_set_new(o, "version", r->version > 0 ? json_integer(r->version) : json_null());
	if (with_revision)
		json_object_set_new(o, "revision", json_integer(r->revision));
	char *typed = muster_record_json(r);
	if (typed)
		rec = json_loads(typed, 0, NULL);
	free(typed);
	if (!rec) {
		rec = json_object();
		for (size_t i = 0; i < r->names.nr; i++)
			json_object_set_new(rec, r->names.items[i],
					    *r->values.items[i] ? json_string(r->values.items[i])
								: json_null());
	}
	json_object_set_new(o, "record", rec);
	return o;
}

/* The nation a record belongs to (its "nation" cell; a nation's own code), or NULL. */
static const char *record_nation(const struct muster_record *r, enum muster_object obj)
{
	const char *col = obj == MUSTER_OBJ_NATION ? "code" : "nation";
	for (size_t i = 0; i < r->names.nr; i++)
		if (!strcmp(r->names.items[i], col))
			return *r->values.items[i] ? r->values.items[i] : NULL;
	return NULL;
}

static bool readable(const struct request *req, const struct entity *en,
		     const struct muster_record *r)
{
	return muster_policy_read(req->actor, en->obj, record_nation(r, en->obj)) ==
	       MUSTER_ACCESS_FULL;
}

/*
 * The body as "field=value" strings into `out` (muster_record_fields_from_json:
 * the types of the fields checked, the field named); false with a 400.
 */
static bool body_fields(struct request *req, struct response *res, struct muster_strlist *out)
{
	const struct entity *en = req->route->arg;
	struct muster_error err = {0};
	if (!req->body || !json_object_size(req->body)) {
		response_problem(res, 400, "request body: expected a JSON object of fields");
		return false;
	}
	char *text = json_dumps(req->body, JSON_COMPACT);
	int rc = muster_record_fields_from_json(en->name, text, out, &err);
	free(text);
	if (rc < 0)
		response_error(res, &err);
	muster_error_release(&err);
	return rc == 0;
}

/* ---- reading ------------------------------------------------------------- */

static int key_cmp(const void *a, const void *b)
{
	const struct muster_record *x = *(const struct muster_record *const *)a;
	const struct muster_record *y = *(const struct muster_record *const *)b;
	return strcmp(x->key, y->key);
}

/* The query parameters that are not filters (caps have a column 'limit'). */
static bool reserved(const char *name)
{
	return !strcmp(name, "limit") || !strcmp(name, "cursor") || !strcmp(name, "as_of");
}

static bool page_args(struct request *req, struct response *res, long *limit,
		      char cursor[SERVER_KEY_MAX + 1])
{
	const char *l = request_query(req, "limit"), *c = request_query(req, "cursor");
	*limit = PAGE_DEFAULT;
	cursor[0] = '\0';
	if (l && strtonum_l(l, 1, PAGE_MAX, limit) < 0) {
		response_problem(res, 400,
				 "query parameter 'limit': expected a whole number 1..%d, "
				 "got '%.32s'",
				 PAGE_MAX, l);
		return false;
	}
	if (c && !server_cursor_decode(c, cursor)) {
		response_problem(res, 400,
				 "query parameter 'cursor': not a cursor of this server (give "
				 "the 'next' of the previous page)");
		return false;
	}
	return true;
}

/*
 * An entity's records at one revision, sorted by key, each with its JSON
 * text: what a page is cut from. A pool thread keeps one per entity for
 * the present (records_cache) while the base revision is unchanged; "as
 * of" builds one for the request only.
 */
struct page_src {
	bool filled;
	int64_t rev;
	struct muster_record_list list;
	const struct muster_record **sorted;
	char **text; /* compact record_json of sorted[i] */
	/* the last page cut from it, and who asked for what (page_key) */
	char *last_key, *last_page;
};

/* The records the API serves: every scenario entity (MUSTER_OBJ_NATION ..). */
#define RECORD_OBJ_LAST MUSTER_OBJ_BUDGET

struct records_cache {
	struct page_src ent[RECORD_OBJ_LAST + 1];
};

static void page_src_release(struct page_src *p)
{
	for (size_t i = 0; p->text && i < p->list.nr; i++)
		free(p->text[i]);
	free(p->text);
	free(p->sorted);
	free(p->last_key);
	free(p->last_page);
	muster_record_list_release(&p->list);
	memset(p, 0, sizeof(*p));
}

void records_cache_free(struct records_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < sizeof(c->ent) / sizeof(c->ent[0]); i++)
		page_src_release(&c->ent[i]);
	free(c);
}

/* Sort `p->list` (filled, at revision `rev`) and write each record's JSON. */
static void page_src_fill(struct page_src *p, int64_t rev)
{
	size_t n = p->list.nr;
	p->sorted = xcalloc(n + 1, sizeof(*p->sorted));
	p->text = xcalloc(n + 1, sizeof(*p->text));
	for (size_t i = 0; i < n; i++)
		p->sorted[i] = &p->list.items[i];
	qsort(p->sorted, n, sizeof(*p->sorted), key_cmp);
	for (size_t i = 0; i < n; i++) {
		json_t *o = record_json(p->sorted[i], false);
		p->text[i] = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(o);
		if (!p->text[i])
			BUG("a record that jansson cannot write");
	}
	p->rev = rev;
	p->filled = true;
}

/*
 * The records of the request's entity: as of a point, read for this
 * request into `own`; else this thread's cache, read again only when the
 * base revision moved (one read to know, unless `now`, the revision the
 * filters were just checked at, is given). NULL with the error in `res`.
 */
static struct page_src *page_source(struct request *req, struct response *res, struct page_src *own,
				    int64_t now)
{
	const struct entity *en = req->route->arg;
	const char *as_of = request_query(req, "as_of");
	struct muster_error err = {0};
	struct page_src *p = own;
	int64_t rev = 0;
	int rc = 0;
	if (!as_of) {
		if (!*req->records_cache)
			*req->records_cache = xcalloc(1, sizeof(**req->records_cache));
		p = &(*req->records_cache)->ent[en->obj];
		if (!now)
			rc = muster_db_revision(req->db, NULL, &now, &err);
		if (rc == 0 && p->filled && p->rev == now)
			goto out;
		page_src_release(p);
	}
	if (rc == 0)
		rc = muster_db_records(req->db, en->name, as_of, &p->list, &rev, &err);
	if (rc == 0)
		page_src_fill(p, rev);
	else
		page_src_release(p);
out:
	if (rc < 0)
		response_error(res, &err);
	muster_error_release(&err);
	return rc < 0 ? NULL : p;
}

/* The page of `p` after key `after`, as JSON text (caller frees). */
static char *page_text(struct request *req, const struct entity *en, const struct page_src *p,
		       long limit, const char *after, const char *totals)
{
	struct strbuf sb = STRBUF_INIT;
	const char *last = NULL;
	bool more = false;
	long n = 0;
	/* every record of the list has the entity's columns in one order: find
	 * the filters' columns and the nation's once, not per record */
	size_t fcol[SERVER_QUERY_MAX], nf = 0, ncol = SIZE_MAX;
	const char *fval[SERVER_QUERY_MAX];
	const char *ncname = en->obj == MUSTER_OBJ_NATION ? "code" : "nation";
	const struct muster_record *r0 = p->list.nr ? &p->list.items[0] : NULL;
	for (size_t c = 0; r0 && c < r0->names.nr; c++) {
		if (!strcmp(r0->names.items[c], ncname))
			ncol = c;
		for (size_t q = 0; q < req->nquery; q++)
			if (!reserved(req->query_names[q]) &&
			    !strcmp(req->query_names[q], r0->names.items[c])) {
				fcol[nf] = c;
				fval[nf++] = req->query_values[q];
			}
	}
	strbuf_addstr(&sb, "{\"items\": [");
	for (size_t i = 0; i < p->list.nr; i++) {
		const struct muster_record *r = p->sorted[i];
		const char *nation =
		    ncol < r->values.nr && *r->values.items[ncol] ? r->values.items[ncol] : NULL;
		bool match = true;
		for (size_t f = 0; match && f < nf; f++)
			match = !strcmp(r->values.items[fcol[f]], fval[f]);
		if (!match || (after[0] && strcmp(r->key, after) <= 0) ||
		    muster_policy_read(req->actor, en->obj, nation) != MUSTER_ACCESS_FULL)
			continue;
		if (n == limit) {
			more = true;
			break;
		}
		strbuf_addstr(&sb, n ? ",\n  " : "\n  ");
		strbuf_addstr(&sb, p->text[i]);
		last = r->key;
		n++;
	}
	char *next = more && last ? server_cursor_encode(last) : NULL;
	/* the cursor is hex: no escaping needed */
	strbuf_addf(&sb, "%s],\n \"next\": %s%s%s,\n \"revision\": %lld", n ? "\n " : "",
		    next ? "\"" : "", next ? next : "null", next ? "\"" : "", (long long)p->rev);
	/* whether the page may leave out records the role may not read in
	 * full: by role only, so it tells nothing about the data */
	bool all = req->actor->role == MUSTER_ROLE_ADMIN || req->actor->role == MUSTER_ROLE_PLANNER;
	if (totals)
		strbuf_addf(&sb, ",\n \"totals\": %s", totals);
	strbuf_addf(&sb, ",\n \"scope\": \"%s\"\n}\n", all ? "all" : "readable");
	free(next);
	return strbuf_detach(&sb, NULL);
}

/*
 * Filters naming a code (nation=XYZ) must name one that exists: "unknown
 * is not no", so a typo is a 400 with a suggestion, never an empty page.
 * Checked against the present (the handle's cached scenario); *rev gets
 * the revision checked at, 0 when no filter names a code.
 */
static bool check_codes(struct request *req, struct response *res, int64_t *rev)
{
	static const struct {
		const char *column;
		enum muster_code_kind kind;
	} coded[] = {
	    {"nation", MUSTER_CODE_NATION},	    {"country", MUSTER_CODE_COUNTRY},
	    {"host", MUSTER_CODE_COUNTRY},	    {"mission", MUSTER_CODE_MISSION},
	    {"capability", MUSTER_CODE_CAPABILITY},
	};
	struct muster_error err = {0};
	bool good = true;
	for (size_t q = 0; good && q < req->nquery; q++)
		for (size_t c = 0; good && c < sizeof(coded) / sizeof(coded[0]); c++) {
			if (strcmp(req->query_names[q], coded[c].column))
				continue;
			int rc = muster_db_code_check(req->db, coded[c].kind, req->query_values[q],
						      rev, &err);
			if (rc == MUSTER_ENOENT || rc == MUSTER_EINVAL) /* unknown, empty */
				response_problem(res, 400, "query parameter '%s': %s",
						 coded[c].column, err.msg);
			else if (rc < 0)
				response_error(res, &err);
			good = rc == 0;
		}
	muster_error_release(&err);
	return good;
}

/* Whether a page of the request's entity carries offer totals (file comment). */
static bool wants_totals(const struct request *req, const struct entity *en)
{
	if (en->obj != MUSTER_OBJ_OFFER || req->actor->role == MUSTER_ROLE_ADMIN ||
	    req->actor->role == MUSTER_ROLE_PLANNER)
		return false;
	for (size_t q = 0; q < req->nquery; q++) {
		const char *n = req->query_names[q];
		if (!reserved(n) && strcmp(n, "mission") && strcmp(n, "line") &&
		    strcmp(n, "capability"))
			return false;
	}
	return true;
}

/* Whether total `g` matches the request's mission, line and capability filters. */
static bool total_kept(const struct request *req, const struct muster_line_total *g)
{
	const char *want[] = {request_query(req, "mission"), request_query(req, "line"),
			      request_query(req, "capability")};
	const char *have[] = {g->mission, g->line, g->capability};
	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++)
		if (want[k] && (!have[k] || strcmp(want[k], have[k])))
			return false;
	return true;
}

/*
 * The offer totals of the page cut from `p`, as JSON text into *text, read
 * at p's revision: when the offers moved between the two reads, the records
 * are read again (a few times at most). Returns the page source to cut
 * from (`p`, or `own` read again), or NULL with the error in `res`.
 */
static struct page_src *offer_totals(struct request *req, struct response *res,
				     struct page_src *own, struct page_src *p, char **text)
{
	const char *as_of = request_query(req, "as_of");
	struct muster_line_totals lt;
	struct muster_error err = {0};
	int64_t rev = 0;
	*text = NULL;
	for (int tries = 0;; tries++) {
		if (muster_db_view_offer_totals(req->db, as_of, req->actor, &lt, &rev, &err) < 0) {
			response_error(res, &err);
			muster_error_release(&err);
			return NULL;
		}
		if (as_of || rev == p->rev)
			break;
		muster_line_totals_release(&lt);
		if (tries == 3) {
			response_problem(res, 503,
					 "the offers changed while they were read, again and "
					 "again; try again");
			return NULL;
		}
		if (!(p = page_source(req, res, own, rev)))
			return NULL;
	}
	/* the kept totals in front, the others after them (still released) */
	size_t kept = 0;
	for (size_t i = 0; i < lt.totals.nr; i++)
		if (total_kept(req, &lt.totals.items[i])) {
			struct muster_line_total t = lt.totals.items[kept];
			lt.totals.items[kept++] = lt.totals.items[i];
			lt.totals.items[i] = t;
		}
	size_t all = lt.totals.nr;
	lt.totals.nr = kept;
	if (muster_json_line_totals(&lt, text, &err) < 0)
		BUG("offer totals that cannot be written as JSON");
	lt.totals.nr = all;
	muster_line_totals_release(&lt);
	return p;
}

/* What a page depends on beside the records: the role, its nation, the query. */
static char *page_key(const struct request *req)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%d\t%s", (int)req->actor->role,
		    req->actor->nation ? req->actor->nation : "");
	for (size_t q = 0; q < req->nquery; q++)
		strbuf_addf(&sb, "\t%s=%s", req->query_names[q], req->query_values[q]);
	return strbuf_detach(&sb, NULL);
}

static void list(struct request *req, struct response *res)
{
	const struct entity *en = req->route->arg;
	char after[SERVER_KEY_MAX + 1];
	struct page_src own = {0};
	int64_t rev = 0;
	long limit;
	if (!page_args(req, res, &limit, after) || !check_codes(req, res, &rev))
		return;
	struct page_src *p = page_source(req, res, &own, rev);
	if (!p)
		goto out;
	/* the same question at the same revision (a board polling): the same page */
	char *key = page_key(req);
	if (p != &own && p->last_key && !strcmp(p->last_key, key)) {
		response_text(res, 200, xstrdup(p->last_page));
		free(key);
		goto out;
	}
	char *totals = NULL;
	if (wants_totals(req, en) && !(p = offer_totals(req, res, &own, p, &totals))) {
		free(key);
		goto out;
	}
	char *page = page_text(req, en, p, limit, after, totals);
	free(totals);
	if (p != &own) {
		free(p->last_key);
		free(p->last_page);
		p->last_key = key;
		p->last_page = xstrdup(page);
	} else {
		free(key);
	}
	response_text(res, 200, page);
out:
	page_src_release(&own);
}

/* The record of the path's key into `r` (as of a point too); false with the error. */
static bool find_record(struct request *req, struct response *res, struct muster_record *r)
{
	const struct entity *en = req->route->arg;
	const char *key = request_param(req, "key"), *as_of = request_query(req, "as_of");
	struct muster_error err = {0};
	struct muster_record_list l = {0};
	int rc = 0;
	bool found = false;
	if (as_of) {
		rc = muster_db_records(req->db, en->name, as_of, &l, NULL, &err);
		for (size_t i = 0; rc == 0 && i < l.nr && !found; i++)
			if (!strcmp(l.items[i].key, key)) {
				*r = l.items[i];
				memset(&l.items[i], 0, sizeof(l.items[i]));
				found = true;
			}
	} else {
		rc = muster_db_record(req->db, en->name, key, r, &err);
		found = rc == 0;
	}
	bool sees_all =
	    req->actor->role == MUSTER_ROLE_ADMIN || req->actor->role == MUSTER_ROLE_PLANNER;
	if ((rc == 0 && (!found || !readable(req, en, r))) || (rc == MUSTER_ENOENT && !sees_all)) {
		/* one message for missing and forbidden, and no "did you mean"
		 * naming a key the actor may not see */
		muster_record_release(r);
		muster_error_release(&err);
		rc = muster_record_missing(&err, en->obj, key);
	}
	if (rc < 0)
		response_error(res, &err);
	muster_record_list_release(&l);
	muster_error_release(&err);
	return rc == 0;
}

static void get_one(struct request *req, struct response *res)
{
	struct muster_record r = {0};
	if (!find_record(req, res, &r))
		return;
	res->etag = r.version;
	response_json(res, 200, record_json(&r, false));
	muster_record_release(&r);
}

/* ---- writing ------------------------------------------------------------- */

/* If-Match as a version; 0 with a 428 or 400 in `res`. */
static int64_t if_match(struct request *req, struct response *res)
{
	const char *h = req->if_match;
	long v;
	char digits[32];
	if (!h) {
		response_problem(res, 428,
				 "%s needs 'If-Match' with the record's ETag (GET it first)",
				 req->method);
		return 0;
	}
	if (!strncmp(h, "W/", 2))
		h += 2;
	size_t n = strlen(h);
	if (n >= 3 && n < sizeof(digits) + 2 && h[0] == '"' && h[n - 1] == '"')
		snprintf(digits, sizeof(digits), "%.*s", (int)(n - 2), h + 1);
	else
		snprintf(digits, sizeof(digits), "%.31s", h);
	if (strtonum_l(digits, 1, LONG_MAX, &v) < 0) {
		response_problem(res, 400,
				 "If-Match: expected the record's ETag (\"3\"), got '%.32s'",
				 req->if_match);
		return 0;
	}
	return v;
}

static void edit(struct request *req, struct response *res, enum muster_edit_op op, int64_t version)
{
	const struct entity *en = req->route->arg;
	struct muster_strlist fields = {0};
	struct muster_error err = {0};
	struct muster_record r = {0};
	if (op != MUSTER_EDIT_DELETE && !body_fields(req, res, &fields))
		goto out;
	struct muster_edit e = {
	    .op = op,
	    .entity = en->name,
	    .key = request_param(req, "key"),
	    .fields = (const char *const *)fields.items,
	    .nfields = fields.nr,
	    .if_version = version,
	    .actor = req->actor->name,
	    .reason = request_query(req, "reason"),
	    .policy = req->actor,
	};
	if (muster_db_edit(req->db, &e, &r, &err) < 0) {
		response_error(res, &err);
		goto out;
	}
	if (op == MUSTER_EDIT_DELETE) {
		res->status = 204;
		goto out;
	}
	res->etag = r.version;
	response_json(res, op == MUSTER_EDIT_ADD ? 201 : 200, record_json(&r, true));
	if (op == MUSTER_EDIT_ADD) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "/api/%s/%s", en->name, r.key);
		response_header(res, "Location", sb.buf);
		strbuf_release(&sb);
	}
out:
	muster_record_release(&r);
	muster_strlist_release(&fields);
	muster_error_release(&err);
}

static void post(struct request *req, struct response *res)
{
	edit(req, res, MUSTER_EDIT_ADD, 0);
}

static void patch(struct request *req, struct response *res)
{
	int64_t v = if_match(req, res);
	if (v)
		edit(req, res, MUSTER_EDIT_SET, v);
}

static void delete (struct request *req, struct response *res)
{
	int64_t v = if_match(req, res);
	if (v)
		edit(req, res, MUSTER_EDIT_DELETE, v);
}

/* ---- routes and their schemas -------------------------------------------- */

static char *schema_text(json_t *s)
{
	char *t = json_dumps(s, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(s);
	return t;
}

static json_t *record_schema(const struct muster_strlist *cols)
{
	json_t *props = json_object();
	for (size_t i = 0; i < cols->nr; i++)
		json_object_set_new(props, cols->items[i],
				    json_pack("{s:[s,s,s,s,s]}", "type", "string", "number",
					      "boolean", "array", "null"));
	return json_pack("{s:s,s:{s:{s:s},s:{s:s},s:{s:[s,s]},s:{s:s},s:{s:s,s:o}}}", "type",
			 "object", "properties", "entity", "type", "string", "key", "type",
			 "string", "version", "type", "integer", "null", "revision", "type",
			 "integer", "record", "type", "object", "properties", props);
}

static json_t *body_schema(const struct muster_strlist *cols)
{
	json_t *props = json_object();
	for (size_t i = 0; i < cols->nr; i++)
		json_object_set_new(props, cols->items[i],
				    json_pack("{s:[s,s,s,s,s]}", "type", "string", "number",
					      "boolean", "null", "array"));
	return json_pack("{s:s,s:b,s:o}", "type", "object", "additionalProperties", 0, "properties",
			 props);
}

static void entity_routes(struct server *srv, enum muster_object obj)
{
	struct entity *en = server_keep(srv, xcalloc(1, sizeof(*en)));
	struct muster_strlist cols = {0};
	en->obj = obj;
	en->name = muster_object_name(obj);
	if (muster_entity_fields(en->name, &cols, NULL, NULL) < 0)
		BUG("no fields for entity");
	/* list query: paging, as_of, and every column as a filter */
	const char **lq = server_keep(srv, xcalloc(cols.nr + 4, sizeof(*lq)));
	lq[0] = "limit", lq[1] = "cursor", lq[2] = "as_of";
	for (size_t i = 0, n = 3; i < cols.nr; i++)
		if (!reserved(cols.items[i]))
			lq[n++] = server_keep(srv, xstrdup(cols.items[i]));
	static const char *const one_q[] = {"as_of", NULL};
	static const char *const write_q[] = {"reason", NULL};
	char *coll = server_keep(srv, xcalloc(1, 64)), *item = server_keep(srv, xcalloc(1, 64));
	snprintf(coll, 64, "/api/%s", en->name);
	snprintf(item, 64, "/api/%s/{key}", en->name);
	json_t *rs = record_schema(&cols);
	json_t *page = json_pack("{s:s,s:{s:{s:s,s:O},s:{s:[s,s]},s:{s:s}}}", "type", "object",
				 "properties", "items", "type", "array", "items", rs, "next",
				 "type", "string", "null", "revision", "type", "integer");
	json_object_set_new(
	    json_object_get(page, "properties"), "scope",
	    json_pack("{s:s,s:[s,s]}", "type", "string", "enum", "all", "readable"));
	if (obj == MUSTER_OBJ_OFFER) /* a liaison's or viewer's (file comment) */
		json_object_set_new(
		    json_object_get(page, "properties"), "totals",
		    json_pack("{s:s,s:{s:s,s:{s:{s:[s,s]},s:{s:[s,s]},s:{s:s},s:{s:s},s:{s:s},"
			      "s:{s:s},s:{s:s},s:{s:[s,s]},s:{s:s}}}}",
			      "type", "array", "items", "type", "object", "properties", "mission",
			      "type", "string", "null", "line", "type", "string", "null",
			      "capability", "type", "string", "units", "type", "integer",
			      "personnel", "type", "integer", "person_days", "type", "integer",
			      "from", "type", "string", "to", "type", "string", "null", "rows",
			      "type", "integer"));
	char *rec = server_keep(srv, schema_text(rs)), *pg = server_keep(srv, schema_text(page));
	char *body = server_keep(srv, schema_text(body_schema(&cols)));
	const struct route routes[] = {
	    {"GET", coll, list, ROLES_ALL, "a page of records (filters: any column)", lq, NULL, pg,
	     200, en},
	    {"POST", coll, post, ROLES_WRITE, "add a record", write_q, body, rec, 201, en},
	    {"GET", item, get_one, ROLES_ALL, "one record (ETag: its version)", one_q, NULL, rec,
	     200, en},
	    {"PATCH", item, patch, ROLES_WRITE, "change fields of a record (If-Match)", write_q,
	     body, rec, 200, en},
	    {"DELETE", item, delete, ROLES_WRITE, "delete a record (If-Match)", write_q, NULL, NULL,
	     204, en},
	};
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		server_route_add(srv, &routes[i]);
	muster_strlist_release(&cols);
}

void api_records_routes(struct server *srv)
{
	for (int o = MUSTER_OBJ_NATION; o <= RECORD_OBJ_LAST; o++)
		entity_routes(srv, (enum muster_object)o);
}
