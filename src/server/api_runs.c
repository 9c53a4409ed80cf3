/*
 * api_runs.c: sourcing runs over HTTP: POST /api/runs starts one as a job
 * (jobs.c), GET/DELETE /api/jobs/ID watch and cancel it, and GET /api/runs,
 * /api/runs/ID, /api/runs/ID/assignments, /api/runs/ID/gaps read the stored
 * runs as the caller may see them (muster_view_run).
 *
 * Key decisions:
 * - The body of POST /api/runs takes the options of `muster source` as
 *   fields (mission, solver, time_limit, with_requested, fair_weight,
 *   fair_key, fair_participants, fair_cap); any other field, or a wrong
 *   type or range, is a 400 naming the field, and no job starts.
 * - A third run while JOBS_RUNNING_MAX run is a 429 with Retry-After (not
 *   queued): the client knows at once that its run did not start.
 * - Jobs are for planners and admins (who start runs); every role reads
 *   the stored runs, through the library's view: a liaison gets its own
 *   nation's assignments and the rest as totals per line and capability
 *   (no nation, no offer id), a viewer totals only.
 * - A gap's detail names what blocks it (offer and caveat ids, a nation's
 *   cap): the library's view (muster_db_view_run, against the scenario now)
 *   keeps it only when the caller may read in full each offer, caveat or
 *   cap it names; else it is null and "detail_hidden" true.
 * - Every run says whether it is stale: computed on another revision than
 *   the scenario is at now, or, with as_of, than the one it stood at then
 *   (and with as_of only runs of revisions up to that one are listed).
 */
#include "jobs.h"
#include "util.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_TIME_LIMIT 60.0
#define MAX_TIME_LIMIT	   1e6

/* ---- POST /api/runs ------------------------------------------------------- */

static bool body_string(struct response *res, json_t *v, const char *name, char **out)
{
	if (!json_is_string(v) || !json_string_length(v)) {
		response_problem(res, 400, "field '%s': expected a non-empty string", name);
		return false;
	}
	*out = xstrdup(json_string_value(v));
	return true;
}

static bool body_bool(struct response *res, json_t *v, const char *name, bool *out)
{
	if (!json_is_boolean(v)) {
		response_problem(res, 400, "field '%s': expected true or false", name);
		return false;
	}
	*out = json_is_true(v);
	return true;
}

static bool body_number(struct response *res, json_t *v, const char *name, double lo, double hi,
			bool lo_open, double *out)
{
	double d = json_is_number(v) ? json_number_value(v) : NAN;
	if (!json_is_number(v) || !isfinite(d) || d < lo || (lo_open && d <= lo) || d > hi) {
		response_problem(res, 400, "field '%s': expected a number %s %g and <= %g, got %s",
				 name, lo_open ? ">" : ">=", lo, hi,
				 json_is_number(v) ? "a number out of range" : "another type");
		return false;
	}
	*out = d;
	return true;
}

static bool parse_run_opts(struct request *req, struct response *res, struct job_opts *o)
{
	const char *name;
	json_t *v;
	o->time_limit = DEFAULT_TIME_LIMIT;
	if (!req->body)
		return true;
	json_object_foreach(req->body, name, v)
	{
		bool ok = true;
		if (!strcmp(name, "mission")) {
			ok = body_string(res, v, name, &o->mission);
		} else if (!strcmp(name, "solver")) {
			const char *s = json_string_value(v);
			if (!s || (strcmp(s, "fast") && strcmp(s, "exact"))) {
				response_problem(res, 400,
						 "field 'solver': expected \"fast\" or \"exact\"");
				ok = false;
			} else {
				o->exact = !strcmp(s, "exact");
			}
		} else if (!strcmp(name, "time_limit")) {
			ok = body_number(res, v, name, 0, MAX_TIME_LIMIT, true, &o->time_limit);
		} else if (!strcmp(name, "with_requested")) {
			ok = body_bool(res, v, name, &o->with_requested);
		} else if (!strcmp(name, "fair_weight")) {
			ok = body_number(res, v, name, 0, MUSTER_FAIR_WEIGHT_MAX, false,
					 &o->fair_weight);
		} else if (!strcmp(name, "fair_key")) {
			ok = body_string(res, v, name, &o->fair_key);
		} else if (!strcmp(name, "fair_participants")) {
			ok = body_string(res, v, name, &o->fair_participants);
		} else if (!strcmp(name, "fair_cap")) {
			ok = body_bool(res, v, name, &o->fair_cap);
		} else {
			response_problem(
			    res, 400,
			    "unknown field '%s'; expected mission, solver, time_limit, "
			    "with_requested, fair_weight, fair_key, fair_participants "
			    "or fair_cap",
			    name);
			ok = false;
		}
		if (!ok)
			return false;
	}
	return true;
}

static void post_run(struct request *req, struct response *res)
{
	struct job_opts o = {0};
	struct muster_error err = {0};
	int64_t id = 0;
	if (!parse_run_opts(req, res, &o)) {
		free(o.mission);
		free(o.fair_key);
		free(o.fair_participants);
		return;
	}
	int rc = jobs_start(server_jobs(req->srv), &o, req->actor->name, &id, &err);
	if (rc < 0) {
		response_problem(res, 429, "%s", err.msg);
		response_header(res, "Retry-After", "5");
		muster_error_release(&err);
		return;
	}
	char url[48];
	snprintf(url, sizeof(url), "/api/jobs/%lld", (long long)id);
	response_header(res, "Location", url);
	response_json(res, 202, jobs_get(server_jobs(req->srv), id));
}

/* ---- jobs ---------------------------------------------------------------- */

/* A positive decimal id from the path, or a 404. */
static bool path_id(struct request *req, struct response *res, const char *what, int64_t *id)
{
	const char *s = request_param(req, "id");
	char *end = NULL;
	long long v = s && *s >= '1' && *s <= '9' ? strtoll(s, &end, 10) : 0;
	if (v <= 0 || !end || *end || strlen(s) > 18) {
		response_problem(res, 404, "no %s '%s'", what, s ? s : "");
		return false;
	}
	*id = v;
	return true;
}

static void get_job(struct request *req, struct response *res)
{
	int64_t id;
	if (!path_id(req, res, "job", &id))
		return;
	json_t *o = jobs_get(server_jobs(req->srv), id);
	if (!o) {
		response_problem(res, 404, "no job %lld", (long long)id);
		return;
	}
	response_json(res, 200, o);
}

static void cancel_job(struct request *req, struct response *res)
{
	int64_t id;
	if (!path_id(req, res, "job", &id))
		return;
	if (jobs_cancel(server_jobs(req->srv), id) < 0) {
		response_problem(res, 404, "no job %lld", (long long)id);
		return;
	}
	response_json(res, 202, jobs_get(server_jobs(req->srv), id));
}

/* ---- stored runs ------------------------------------------------------------ */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/*
 * The revision runs are judged against: now's, or as_of's. 0 or a problem
 * in `res` (returns -1).
 */
int api_as_of_revision(struct request *req, struct response *res, int64_t *rev)
{
	const char *as_of = request_query(req, "as_of");
	struct muster_error err = {0};
	int rc;
	if (as_of) {
		struct muster_scenario sc;
		muster_scenario_init(&sc);
		rc = muster_db_load_as_of(req->db, as_of, &sc, rev, &err);
		muster_scenario_release(&sc);
	} else {
		rc = muster_db_revision(req->db, NULL, rev, &err);
	}
	if (rc < 0) {
		if (as_of && (rc == MUSTER_EUSAGE || rc == MUSTER_EINVAL || rc == MUSTER_ENOENT))
			response_problem(res, 400, "query parameter 'as_of': %s",
					 err.msg ? err.msg : "not a time or revision");
		else
			response_error(res, &err);
		muster_error_release(&err);
		return -1;
	}
	return 0;
}

/* A run's summary with its staleness against revision `now` (of its own scenario). */
static json_t *run_json(struct muster_db *db, const struct muster_run *r, const char *as_of,
			int64_t as_of_rev)
{
	json_t *o = json_object();
	char url[48];
	int64_t now = as_of_rev;
	/* a run of the base is judged against the base revision just read; a
	 * what-if's against its own scenario's */
	if (!as_of && r->whatif) {
		struct muster_error err = {0};
		bool stale = false;
		if (muster_db_run_stale(db, r, &stale, &now, &err) < 0)
			now = r->revision; /* unknown: said below */
		muster_error_release(&err);
	}
	snprintf(url, sizeof(url), "/api/runs/%lld", (long long)r->id);
	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "url", json_string(url));
	json_object_set_new(o, "created", str_or_null(r->created));
	json_object_set_new(o, "whatif", str_or_null(r->whatif));
	json_object_set_new(o, "mission", str_or_null(r->mission));
	json_object_set_new(o, "solver", str_or_null(r->solver));
	json_object_set_new(o, "revision", json_integer(r->revision));
	json_object_set_new(o, "with_requested", json_boolean(r->with_requested));
	json_object_set_new(o, "fair_weight", json_real(r->fair_weight));
	json_object_set_new(o, "objective", json_real(r->objective));
	json_object_set_new(o, "bound", json_real(r->bound));
	json_object_set_new(o, "gap", json_real(r->gap));
	json_object_set_new(o, "fill", json_real(r->fill));
	json_object_set_new(o, "seconds", json_real(r->seconds));
	char *text = muster_run_stale_text(r, now);
	json_object_set_new(o, "stale", json_boolean(text != NULL));
	json_object_set_new(o, "stale_by", json_integer(muster_run_stale_by(r, now)));
	json_object_set_new(o, "stale_text", str_or_null(text));
	free(text);
	return o;
}

static void list_runs(struct request *req, struct response *res)
{
	struct muster_run_list l = {0};
	struct muster_error err = {0};
	const char *as_of = request_query(req, "as_of");
	int64_t rev = 0;
	if (api_as_of_revision(req, res, &rev) < 0)
		return;
	if (muster_db_runs(req->db, &l, &err) < 0) {
		response_error(res, &err);
		muster_error_release(&err);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < l.nr; i++) {
		const struct muster_run *r = &l.items[i];
		if (as_of && (r->whatif || r->revision > rev))
			continue; /* not yet made then (a what-if is not in the history) */
		json_array_append_new(items, run_json(req->db, r, as_of, rev));
	}
	muster_run_list_release(&l);
	response_json(res, 200,
		      json_pack("{s:o,s:I}", "items", items, "revision", (json_int_t)rev));
}

/*
 * Run {id} loaded and reduced to what the caller may see; false with a
 * problem. With `details`, gap details are judged against the scenario now
 * (muster_db_view_run); without, they are hidden from liaisons and viewers
 * (for a summary that only counts gaps, no scenario read).
 */
static bool load_run(struct request *req, struct response *res, bool details,
		     struct muster_run *seen, struct muster_line_totals *totals, json_t **summary)
{
	struct muster_run run = {0};
	struct muster_error err = {0};
	int64_t id, rev = 0;
	if (!path_id(req, res, "sourcing run", &id) || api_as_of_revision(req, res, &rev) < 0)
		return false;
	int rc = muster_db_run_get(req->db, id, &run, &err);
	const char *as_of = request_query(req, "as_of");
	if (rc == 0 && as_of && (run.whatif || run.revision > rev))
		rc = muster_error_set(&err, MUSTER_ENOENT, "no sourcing run %lld as of '%s'",
				      (long long)id, as_of);
	if (rc == 0)
		rc = details ? muster_db_view_run(req->db, &run, req->actor, seen, totals, &err)
			     : muster_view_run(NULL, &run, req->actor, seen, totals, &err);
	if (rc == 0)
		*summary = run_json(req->db, &run, as_of, rev);
	muster_run_release(&run);
	if (rc < 0) {
		response_error(res, &err);
		muster_error_release(&err);
		return false;
	}
	return true;
}

static void get_run(struct request *req, struct response *res)
{
	struct muster_run seen = {0};
	struct muster_line_totals totals = {0};
	json_t *o = NULL;
	if (!load_run(req, res, false, &seen, &totals, &o))
		goto out;
	json_object_set_new(o, "assignments_shown", json_integer((json_int_t)seen.assignments.nr));
	json_object_set_new(o, "totals", json_integer((json_int_t)totals.totals.nr));
	json_object_set_new(o, "gaps", json_integer((json_int_t)seen.gaps.nr));
	response_json(res, 200, o);
out:
	muster_run_release(&seen);
	muster_line_totals_release(&totals);
}

/*
 * A pool thread's stored runs as roles see them. A run of the base is never
 * changed or deleted once stored (what-if runs go with their what-if, so
 * they are not kept here): its assignments as one role and nation may see
 * them are kept as JSON text, and only the run's staleness, which moves
 * with the scenario, is written per request.
 */
#define RUNS_CACHED 8

struct run_entry {
	int64_t id; /* 0: empty */
	enum muster_role role;
	char *nation;		/* the viewer's nation (liaisons), or NULL */
	struct muster_run meta; /* the run without its rows, for run_json */
	char *items;		/* "\"items\": [...], \"totals\": [...]" */
	char *body;		/* the whole answer without as_of, at revision body_rev */
	int64_t body_rev;
};

struct runs_cache {
	struct run_entry e[RUNS_CACHED];
	size_t next; /* the entry to replace next */
};

static void run_entry_release(struct run_entry *e)
{
	free(e->nation);
	free(e->items);
	free(e->body);
	muster_run_release(&e->meta);
	memset(e, 0, sizeof(*e));
}

void runs_cache_free(struct runs_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < RUNS_CACHED; i++)
		run_entry_release(&c->e[i]);
	free(c);
}

static bool same_nation(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

/*
 * "\"items\": [...], \"totals\": [...]" of what `seen` and `totals` show,
 * written by the library's writers (the CLI's --format json); NULL with
 * `err` when a text is not UTF-8.
 */
static char *items_text(const struct muster_run *seen, const struct muster_line_totals *totals,
			struct muster_error *err)
{
	char *items = NULL, *tot = NULL, *text = NULL;
	if (muster_json_assignments(seen, &items, err) == 0 &&
	    muster_json_line_totals(totals, &tot, err) == 0)
		text = xstrfmt("\"items\": %s,\n\"totals\": %s", items, tot);
	free(items);
	free(tot);
	return text;
}

/*
 * The entry of run `id` as the caller sees it: this thread's, or read,
 * reduced by muster_view_run and kept when the run is of the base. NULL
 * with the problem in `res`; `tmp` holds an entry that is not kept.
 */
static struct run_entry *run_entry_get(struct request *req, struct response *res, int64_t id,
				       struct run_entry *tmp)
{
	if (!*req->runs_cache)
		*req->runs_cache = xcalloc(1, sizeof(**req->runs_cache));
	struct runs_cache *c = *req->runs_cache;
	for (size_t i = 0; i < RUNS_CACHED; i++)
		if (c->e[i].id == id && c->e[i].role == req->actor->role &&
		    same_nation(c->e[i].nation, req->actor->nation))
			return &c->e[i];
	struct muster_run run = {0}, seen = {0};
	struct muster_line_totals totals = {0};
	struct muster_error err = {0};
	int rc = muster_db_run_get(req->db, id, &run, &err);
	if (rc == 0) /* no scenario: the gaps are not kept here */
		rc = muster_view_run(NULL, &run, req->actor, &seen, &totals, &err);
	struct run_entry *e = tmp;
	if (rc == 0) {
		if (!run.whatif) {
			e = &c->e[c->next];
			c->next = (c->next + 1) % RUNS_CACHED;
			run_entry_release(e);
		}
		e->items = items_text(&seen, &totals, &err);
		rc = e->items ? 0 : err.code;
	}
	if (rc == 0) {
		e->id = id;
		e->role = req->actor->role;
		e->nation = xstrdup_or_null(req->actor->nation);
		/* the summary needs the run's figures, not its rows */
		struct muster_run rows = {.assignments = run.assignments, .gaps = run.gaps};
		e->meta = run;
		memset(&e->meta.assignments, 0, sizeof(e->meta.assignments));
		memset(&e->meta.gaps, 0, sizeof(e->meta.gaps));
		memset(&run, 0, sizeof(run));
		muster_run_release(&rows);
	}
	if (rc < 0)
		response_error(res, &err);
	muster_run_release(&run);
	muster_run_release(&seen);
	muster_line_totals_release(&totals);
	muster_error_release(&err);
	return rc < 0 ? NULL : e;
}

static void get_assignments(struct request *req, struct response *res)
{
	struct run_entry tmp = {0};
	int64_t id, rev = 0;
	if (!path_id(req, res, "sourcing run", &id) || api_as_of_revision(req, res, &rev) < 0)
		return;
	const char *as_of = request_query(req, "as_of");
	struct run_entry *e = run_entry_get(req, res, id, &tmp);
	if (e && as_of && (e->meta.whatif || e->meta.revision > rev)) {
		response_problem(res, 404, "no sourcing run %lld as of '%s'", (long long)id, as_of);
		e = NULL;
	}
	/* a kept run of the base, at the revision of its last answer: that answer */
	bool keep = e && e != &tmp && !as_of && !e->meta.whatif;
	if (keep && e->body && e->body_rev == rev) {
		response_text(res, 200, xstrdup(e->body));
	} else if (e) {
		json_t *o = run_json(req->db, &e->meta, as_of, rev);
		char *summary = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(o);
		struct strbuf sb = STRBUF_INIT; /* not printf: the items are large */
		strbuf_addstr(&sb, "{\"run\": ");
		strbuf_addstr(&sb, summary);
		strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, e->items);
		strbuf_addstr(&sb, "}\n");
		char *body = strbuf_detach(&sb, NULL);
		if (keep) {
			free(e->body);
			e->body = xstrdup(body);
			e->body_rev = rev;
		}
		response_text(res, 200, body);
		free(summary);
	}
	run_entry_release(&tmp);
}

static void get_gaps(struct request *req, struct response *res)
{
	struct muster_run seen = {0};
	struct muster_error err = {0};
	json_t *o = NULL;
	char *items = NULL;
	if (!load_run(req, res, true, &seen, NULL, &o))
		goto out;
	/* the library's gaps (the CLI's JSON), with detail_hidden "yes" where
	 * muster_view_run hid a detail naming what the caller may not read */
	if (muster_json_gaps(&seen, &items, &err) < 0) {
		response_error(res, &err);
		goto out;
	}
	char *summary = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "{\"run\": ");
	strbuf_addstr(&sb, summary);
	strbuf_addstr(&sb, ",\n\"items\": ");
	strbuf_addstr(&sb, items);
	strbuf_addstr(&sb, "}\n");
	response_text(res, 200, strbuf_detach(&sb, NULL));
	free(summary);
out:
	json_decref(o);
	free(items);
	muster_error_release(&err);
	muster_run_release(&seen);
}

void api_runs_routes(struct server *srv)
{
	static const char *const q_as_of[] = {"as_of", NULL};
	static const char run_body[] =
	    "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
	    "\"mission\":{\"type\":\"string\"},"
	    "\"solver\":{\"enum\":[\"fast\",\"exact\"]},"
	    "\"time_limit\":{\"type\":\"number\",\"exclusiveMinimum\":0,\"maximum\":1000000},"
	    "\"with_requested\":{\"type\":\"boolean\"},"
	    "\"fair_weight\":{\"type\":\"number\",\"minimum\":0,\"maximum\":1000000},"
	    "\"fair_key\":{\"type\":\"string\"},"
	    "\"fair_participants\":{\"type\":\"string\"},"
	    "\"fair_cap\":{\"type\":\"boolean\"}}}";
	static const char job[] =
	    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
	    "\"state\":{\"enum\":[\"queued\",\"running\",\"done\",\"failed\",\"cancelled\"]},"
	    "\"progress\":{\"type\":\"object\"},\"run\":{\"type\":[\"integer\",\"null\"]},"
	    "\"error\":{\"type\":[\"object\",\"null\"]}}}";
	static const char obj[] = "{\"type\":\"object\"}";
	static const struct route routes[] = {
	    {"POST", "/api/runs", post_run, ROLES_PLANNER,
	     "start a sourcing run as a job (202, Location: the job; 429 when too many run)", NULL,
	     run_body, job, 202, NULL},
	    {"GET", "/api/jobs/{id}", get_job, ROLES_PLANNER,
	     "a job's state, progress, run id when done, problem when failed", NULL, NULL, job, 200,
	     NULL},
	    {"DELETE", "/api/jobs/{id}", cancel_job, ROLES_PLANNER,
	     "cancel a job (202; nothing of it is stored)", NULL, NULL, job, 202, NULL},
	    {"POST", "/api/jobs/{id}/cancel", cancel_job, ROLES_PLANNER,
	     "cancel a job (as DELETE /api/jobs/{id})", NULL, NULL, job, 202, NULL},
	    {"GET", "/api/runs", list_runs, ROLES_ALL,
	     "the stored sourcing runs, stale ones marked", q_as_of, NULL, obj, 200, NULL},
	    {"GET", "/api/runs/{id}", get_run, ROLES_ALL, "a stored run's summary", q_as_of, NULL,
	     obj, 200, NULL},
	    {"GET", "/api/runs/{id}/assignments", get_assignments, ROLES_ALL,
	     "a run's assignments the caller may read, the rest as totals per line", q_as_of, NULL,
	     obj, 200, NULL},
	    {"GET", "/api/runs/{id}/gaps", get_gaps, ROLES_ALL, "a run's gaps with their reasons",
	     q_as_of, NULL, obj, 200, NULL},
	};
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		server_route_add(srv, &routes[i]);
}
