/*
 * api_results.c: results computed on request: GET /api/posture,
 * /api/fairshare and /api/check, with the CLI's options as query
 * parameters (on, from, to, every, by, nation, country, mission, counted;
 * mission, key, participants, total, on, floor, ceiling, method,
 * with_requested; run, strict), each also taking run=latest|none|ID and
 * as_of. A value that does not parse is a 400 naming the parameter.
 * - Posture and fair shares are computed on the whole scenario, then
 *   reduced for the caller by muster_view_posture / muster_view_fairshare
 *   (a viewer: posture by nation merged into "all nations", no per-nation
 *   fair-share rows). The run used is named with its staleness.
 *
 * Key decisions:
 * - GET /api/check gives the two verdicts of `muster check` apart: the run
 *   (the latest of the base scenario, or ?run=ID) against the sourcing
 *   contract, and the posture (deployments plus that run) against caps,
 *   deadlines and ceilings. A stale run is a 409: checked against a
 *   scenario it was not solved on, every verdict would be wrong.
 * - The verdicts (counts, ok) are totals every role reads; the rows name
 *   records, so only those muster_policy_check_planner admits get them
 *   ("rows": null otherwise), as the CLI does under --as.
 * - `strict=true` makes the overall "ok" false on a posture breach too.
 * - `as_of` checks against the scenario as it stood then.
 */
#include "jobs.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static json_t *violations_json(const struct muster_violation_list *l, bool rows)
{
	json_t *o = json_object();
	json_object_set_new(o, "count", json_integer((json_int_t)l->nr));
	json_object_set_new(o, "ok", json_boolean(l->nr == 0));
	if (!rows) {
		json_object_set_new(o, "rows", json_null());
		return o;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < l->nr; i++) {
		const struct muster_violation *v = &l->items[i];
		char f[16] = "", t[16] = "";
		if (v->from != MUSTER_DATE_NONE && v->from != MUSTER_DATE_OPEN)
			muster_date_format(v->from, f);
		if (v->to != MUSTER_DATE_NONE && v->to != MUSTER_DATE_OPEN)
			muster_date_format(v->to, t);
		json_array_append_new(
		    a, json_pack("{s:s,s:s,s:o,s:o,s:o}", "check", v->check, "subject", v->subject,
				 "from", *f ? json_string(f) : json_null(), "to",
				 *t ? json_string(t) : json_null(), "detail",
				 v->detail ? json_string(v->detail) : json_null()));
	}
	json_object_set_new(o, "rows", a);
	return o;
}

static int posture_rows(const struct muster_scenario *sc, const struct muster_run *run,
			struct muster_violation_list *out, struct muster_error *err)
{
	struct muster_breach_list bl = {0};
	int rc = muster_posture_check(sc, run, run && run->with_requested, &bl, err);
	for (size_t i = 0; rc == 0 && i < bl.nr; i++) {
		const struct muster_breach *b = &bl.items[i];
		char *check = xstrfmt("posture-%s", muster_breach_kind_name(b->kind));
		char *subject =
		    b->mission ? xstrfmt("%s phase %s", b->mission, b->phase ? b->phase : "(none)")
			       : xstrfmt("%s in %s", b->nation, b->country);
		char peak[16];
		muster_date_format(b->peak_on, peak);
		muster_violation_add(out, check, subject, b->from, b->to,
				     "peak %ld over limit %ld (excess %ld from %s)", b->peak,
				     b->limit, b->excess, peak);
		free(check);
		free(subject);
	}
	muster_breach_list_release(&bl);
	return rc;
}

static void get_check(struct request *req, struct response *res)
{
	const char *run_q = request_query(req, "run"), *strict_q = request_query(req, "strict");
	const char *as_of = request_query(req, "as_of");
	struct muster_scenario sc;
	struct muster_run run = {0};
	struct muster_violation_list run_v = {0}, posture_v = {0};
	struct muster_error err = {0};
	bool have_run = false, strict = false;
	int64_t id = 0, rev = 0;
	int rc = 0;
	muster_scenario_init(&sc);
	if (run_q && strcmp(run_q, "latest")) {
		char *end = NULL;
		long long v = *run_q >= '1' && *run_q <= '9' ? strtoll(run_q, &end, 10) : 0;
		if (v <= 0 || !end || *end || strlen(run_q) > 18) {
			response_problem(res, 400,
					 "query parameter 'run': expected 'latest' or a run id "
					 "(a positive integer), got '%s'",
					 run_q);
			goto out;
		}
		id = v;
	}
	if (strict_q && strcmp(strict_q, "true") && strcmp(strict_q, "false")) {
		response_problem(res, 400,
				 "query parameter 'strict': expected true or false, got '%s'",
				 strict_q);
		goto out;
	}
	strict = strict_q && !strcmp(strict_q, "true");
	if (as_of) {
		rc = muster_db_load_as_of(req->db, as_of, &sc, &rev, &err);
		if (rc == MUSTER_EUSAGE || rc == MUSTER_EINVAL || rc == MUSTER_ENOENT) {
			response_problem(res, 400, "query parameter 'as_of': %s",
					 err.msg ? err.msg : "not a time or revision");
			goto out;
		}
	} else {
		rc = muster_db_load_rev(req->db, NULL, &sc, &rev, &err);
	}
	if (rc == 0) {
		rc = id ? muster_db_run_get(req->db, id, &run, &err)
			: muster_db_run_latest(req->db, NULL, NULL, &run, &err);
		have_run = rc == 0;
		if (rc == MUSTER_ENOENT && !id) { /* no run yet: the posture alone */
			muster_error_release(&err);
			memset(&err, 0, sizeof(err));
			rc = 0;
		}
	}
	if (rc == 0 && have_run && run.whatif)
		rc = muster_error_set(&err, MUSTER_EINVAL,
				      "run %lld was sourced from what-if scenario '%s'; the server "
				      "checks runs of the base scenario",
				      (long long)run.id, run.whatif);
	if (rc == 0 && have_run) {
		char *stale = muster_run_stale_text(&run, rev);
		if (stale) {
			response_problem(res, 409,
					 "%s; it cannot be checked against a scenario it was not "
					 "solved on",
					 stale);
			free(stale);
			goto out;
		}
	}
	if (rc == 0 && have_run)
		rc = muster_source_check(&sc, &run, &run_v, &err);
	if (rc == 0)
		rc = posture_rows(&sc, have_run ? &run : NULL, &posture_v, &err);
	if (rc < 0) {
		response_error(res, &err);
		goto out;
	}
	bool rows = muster_policy_check_planner(req->actor, "read the check's rows", NULL) == 0;
	json_t *o = json_object();
	if (have_run) {
		json_t *r = violations_json(&run_v, rows);
		json_object_set_new(r, "id", json_integer(run.id));
		json_object_set_new(o, "run", r);
	} else {
		json_object_set_new(o, "run", json_null());
	}
	json_object_set_new(o, "posture", violations_json(&posture_v, rows));
	json_object_set_new(o, "revision", json_integer(rev));
	json_object_set_new(o, "strict", json_boolean(strict));
	json_object_set_new(o, "ok", json_boolean(run_v.nr == 0 && (!strict || !posture_v.nr)));
	response_json(res, 200, o);
out:
	muster_error_release(&err);
	muster_violation_list_release(&run_v);
	muster_violation_list_release(&posture_v);
	muster_run_release(&run);
	muster_scenario_release(&sc);
}

/* ---- shared: the scenario (now or as of), the run, the query ------------ */

struct result_in {
	struct muster_scenario sc;
	int64_t rev;
	struct muster_run run;
	bool have_run;
	json_t *run_info; /* {id, stale, stale_text} or null */
};

static void result_in_release(struct result_in *in)
{
	muster_scenario_release(&in->sc);
	muster_run_release(&in->run);
	json_decref(in->run_info);
}

static bool bad_query(struct response *res, const char *name, const char *expected, const char *got)
{
	response_problem(res, 400, "query parameter '%s': expected %s, got '%s'", name, expected,
			 got);
	return false;
}

static bool query_date(struct response *res, const char *name, const char *s, int32_t *out)
{
	if (s && muster_date_parse(s, out) < 0)
		return bad_query(res, name, "a date YYYY-MM-DD", s);
	return true;
}

/* A code of `kind` typed in a query (usa is USA) into *out; a 400 when unknown. */
static bool query_code(struct response *res, const struct muster_scenario *sc,
		       enum muster_code_kind kind, const char *name, const char **code)
{
	struct muster_error err = {0};
	if (!*code || muster_code_resolve(sc, kind, *code, code, &err) == 0)
		return true;
	response_problem(res, 400, "query parameter '%s': %s", name,
			 err.msg ? err.msg : "unknown code");
	muster_error_release(&err);
	return false;
}

/*
 * Load the scenario (as of `as_of` when given) and the run `run=` names:
 * "latest" (the default: the latest of the base covering `mission`),
 * "none", or an id. A stale run is used and marked (as the CLI warns).
 */
static bool result_load(struct request *req, struct response *res, const char *mission,
			struct result_in *in)
{
	const char *as_of = request_query(req, "as_of"), *run_q = request_query(req, "run");
	struct muster_error err = {0};
	int64_t id = 0;
	int rc;
	muster_scenario_init(&in->sc);
	in->run_info = json_null();
	if (run_q && strcmp(run_q, "latest") && strcmp(run_q, "none")) {
		char *end = NULL;
		long long v = *run_q >= '1' && *run_q <= '9' ? strtoll(run_q, &end, 10) : 0;
		if (v <= 0 || !end || *end || strlen(run_q) > 18)
			return bad_query(res, "run", "latest, none or a run id", run_q);
		id = v;
	}
	if (as_of) {
		rc = muster_db_load_as_of(req->db, as_of, &in->sc, &in->rev, &err);
		if (rc == MUSTER_EUSAGE || rc == MUSTER_EINVAL || rc == MUSTER_ENOENT) {
			response_problem(res, 400, "query parameter 'as_of': %s",
					 err.msg ? err.msg : "not a time or revision");
			muster_error_release(&err);
			return false;
		}
	} else {
		rc = muster_db_load_rev(req->db, NULL, &in->sc, &in->rev, &err);
	}
	if (rc == 0 && mission &&
	    !query_code(res, &in->sc, MUSTER_CODE_MISSION, "mission", &mission))
		return false;
	if (rc == 0 && !(run_q && !strcmp(run_q, "none"))) {
		rc = id ? muster_db_run_get(req->db, id, &in->run, &err)
			: muster_db_run_latest(req->db, NULL, mission, &in->run, &err);
		in->have_run = rc == 0;
		if (rc == MUSTER_ENOENT && !id) {
			muster_error_release(&err);
			memset(&err, 0, sizeof(err));
			rc = 0;
		}
	}
	if (rc == 0 && in->have_run && in->run.whatif)
		rc = muster_error_set(&err, MUSTER_EINVAL,
				      "run %lld was sourced from what-if scenario '%s'; the server "
				      "reads runs of the base scenario",
				      (long long)in->run.id, in->run.whatif);
	if (rc < 0) {
		response_error(res, &err);
		muster_error_release(&err);
		return false;
	}
	if (in->have_run) {
		char *stale = muster_run_stale_text(&in->run, in->rev);
		json_decref(in->run_info);
		in->run_info = json_pack("{s:I,s:b,s:I,s:o}", "id", (json_int_t)in->run.id, "stale",
					 stale != NULL, "stale_by",
					 (json_int_t)muster_run_stale_by(&in->run, in->rev),
					 "stale_text", stale ? json_string(stale) : json_null());
		free(stale);
	}
	return true;
}

/* ---- GET /api/posture ---------------------------------------------------- */

static int32_t today(void)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	return muster_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static json_t *cell_json(const struct muster_posture_cell *c)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "personnel", (json_int_t)c->personnel,
			 "in_host", (json_int_t)c->in_host, "out_of_host",
			 (json_int_t)c->out_of_host, "permanent", (json_int_t)c->permanent,
			 "rotational", (json_int_t)c->rotational, "other", (json_int_t)c->other);
}

static void get_posture(struct request *req, struct response *res)
{
	struct muster_posture_opts opts = {0};
	struct muster_posture all = {0}, seen = {0};
	struct muster_error err = {0};
	struct result_in in = {0};
	const char *by = request_query(req, "by"), *every_q = request_query(req, "every");
	const char *counted = request_query(req, "counted");
	int32_t on = 0, from = 0, to = 0, *dates = NULL;
	size_t nd = 0;
	enum muster_posture_every every = MUSTER_EVERY_MONTH;
	opts.nation = request_query(req, "nation");
	opts.country = request_query(req, "country");
	opts.mission = request_query(req, "mission");
	if (by && muster_posture_by_parse(by, &opts.by, &err) < 0) {
		response_problem(res, 400, "query parameter 'by': %s", err.msg);
		goto out;
	}
	if (every_q && muster_posture_every_parse(every_q, &every, &err) < 0) {
		response_problem(res, 400, "query parameter 'every': %s", err.msg);
		goto out;
	}
	if (counted && strcmp(counted, "true") && strcmp(counted, "false")) {
		bad_query(res, "counted", "true or false", counted);
		goto out;
	}
	opts.counted_only = counted && !strcmp(counted, "true");
	if (!query_date(res, "on", request_query(req, "on"), &on) ||
	    !query_date(res, "from", request_query(req, "from"), &from) ||
	    !query_date(res, "to", request_query(req, "to"), &to))
		goto out;
	if (!from != !to || (from && request_query(req, "on"))) {
		response_problem(res, 400,
				 "query parameters 'from' and 'to' go together, and not with 'on'");
		goto out;
	}
	if (every_q && !from) {
		response_problem(res, 400, "query parameter 'every' needs 'from' and 'to'");
		goto out;
	}
	if (!result_load(req, res, NULL, &in))
		goto out;
	if (!query_code(res, &in.sc, MUSTER_CODE_NATION, "nation", &opts.nation) ||
	    !query_code(res, &in.sc, MUSTER_CODE_COUNTRY, "country", &opts.country) ||
	    !query_code(res, &in.sc, MUSTER_CODE_MISSION, "mission", &opts.mission))
		goto out;
	if (from) {
		if (muster_posture_dates(from, to, every, &dates, &nd, &err) < 0) {
			response_problem(res, 400, "query parameters 'from', 'to': %s", err.msg);
			goto out;
		}
	} else {
		dates = xmalloc(sizeof(*dates));
		dates[0] = on ? on : today();
		nd = 1;
	}
	if (muster_posture_compute(&in.sc, in.have_run ? &in.run : NULL, &opts, dates, nd, &all,
				   &err) < 0 ||
	    muster_view_posture(&all, req->actor, &seen, &err) < 0) {
		response_error(res, &err);
		goto out;
	}
	json_t *rows = json_array();
	for (size_t d = 0; d < seen.ndates; d++) {
		char day[16];
		muster_date_format(seen.dates[d], day);
		for (size_t g = 0; g < seen.ngroups; g++) {
			json_t *c = cell_json(&seen.cells[d * seen.ngroups + g]);
			json_object_set_new(c, "date", json_string(day));
			json_object_set_new(c, "group", json_string(seen.groups[g]));
			json_array_append_new(rows, c);
		}
	}
	response_json(res, 200,
		      json_pack("{s:s,s:O,s:I,s:o}", "by", muster_posture_by_name(seen.by), "run",
				in.run_info, "revision", (json_int_t)in.rev, "rows", rows));
out:
	free(dates);
	muster_posture_release(&all);
	muster_posture_release(&seen);
	muster_error_release(&err);
	result_in_release(&in);
}

/* ---- GET /api/fairshare -------------------------------------------------- */

static json_t *num_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static bool query_pct(struct response *res, const char *name, const char *s, double *out)
{
	char *end = NULL;
	double v = s ? strtod(s, &end) : 0;
	if (s && (!*s || *end || !isfinite(v) || v < 0 || v > 100))
		return bad_query(res, name, "a percentage 0..100", s);
	*out = v;
	return true;
}

static void get_fairshare(struct request *req, struct response *res)
{
	struct muster_fair_opts o = {.total = -1};
	struct muster_fairshare all = {0}, seen = {0};
	struct muster_error err = {0};
	struct result_in in = {0};
	const char *total = request_query(req, "total"), *method = request_query(req, "method");
	const char *wr = request_query(req, "with_requested");
	o.mission = request_query(req, "mission");
	o.key = request_query(req, "key");
	o.participants = request_query(req, "participants");
	if (total && strtonum_l(total, 0, 100000000, &o.total) < 0) {
		bad_query(res, "total", "a whole number 0..100000000", total);
		goto out;
	}
	if (method && muster_fair_method_parse(method, &o.method) < 0) {
		bad_query(res, "method", "hamilton, webster or dhondt", method);
		goto out;
	}
	if (wr && strcmp(wr, "true") && strcmp(wr, "false")) {
		bad_query(res, "with_requested", "true or false", wr);
		goto out;
	}
	o.with_requested = wr && !strcmp(wr, "true");
	if (!query_date(res, "on", request_query(req, "on"), &o.on) ||
	    !query_pct(res, "floor", request_query(req, "floor"), &o.floor_pct) ||
	    !query_pct(res, "ceiling", request_query(req, "ceiling"), &o.ceiling_pct))
		goto out;
	if (request_query(req, "ceiling") && !(o.ceiling_pct > 0)) {
		bad_query(res, "ceiling", "a percentage above 0", request_query(req, "ceiling"));
		goto out;
	}
	if (!o.key)
		o.key = "gdp";
	if (!result_load(req, res, o.mission, &in))
		goto out;
	if (!query_code(res, &in.sc, MUSTER_CODE_MISSION, "mission", &o.mission))
		goto out;
	if (muster_fairshare_compute(&in.sc, in.have_run ? &in.run : NULL, &o, &all, &err) < 0 ||
	    muster_view_fairshare(&all, req->actor, &seen, &err) < 0) {
		if (err.code == MUSTER_ENOENT || err.code == MUSTER_EINVAL ||
		    err.code == MUSTER_EINFEASIBLE)
			response_problem(res, err.code == MUSTER_EINFEASIBLE ? 422 : 400, "%s",
					 err.msg ? err.msg : "bad fair-share options");
		else
			response_error(res, &err);
		goto out;
	}
	json_t *rows = json_array();
	for (size_t i = 0; i < seen.rows.nr; i++) {
		const struct muster_fair_row *r = &seen.rows.items[i];
		json_t *x = json_object();
		json_object_set_new(x, "nation", json_string(r->nation));
		json_object_set_new(x, "key", num_or_null(r->key));
		json_object_set_new(x, "share", num_or_null(r->share));
		json_object_set_new(x, "fair", json_integer(r->fair));
		json_object_set_new(x, "offered_peak",
				    r->offered_peak >= 0 ? json_integer(r->offered_peak)
							 : json_null());
		json_object_set_new(x, "offered_days",
				    r->offered_days >= 0 ? json_real(r->offered_days)
							 : json_null());
		json_object_set_new(x, "sourced_peak",
				    r->sourced_peak >= 0 ? json_integer(r->sourced_peak)
							 : json_null());
		json_object_set_new(x, "sourced_days",
				    r->sourced_days >= 0 ? json_real(r->sourced_days)
							 : json_null());
		json_object_set_new(x, "sourced_share", num_or_null(r->sourced_share));
		json_object_set_new(x, "burden", num_or_null(r->burden));
		json_object_set_new(x, "fair_days",
				    r->fair_days >= 0 ? json_real(r->fair_days) : json_null());
		json_object_set_new(x, "excess_days", num_or_null(r->excess_days));
		json_array_append_new(rows, x);
	}
	char on[16];
	muster_date_format(seen.on, on);
	json_t *out = json_object();
	json_object_set_new(out, "mission", seen.mission ? json_string(seen.mission) : json_null());
	json_object_set_new(out, "key", json_string(seen.key ? seen.key : ""));
	json_object_set_new(out, "participants",
			    json_string(seen.participants ? seen.participants : ""));
	json_object_set_new(out, "total", json_integer(seen.total));
	json_object_set_new(out, "on", json_string(on));
	json_object_set_new(out, "method", json_string(muster_fair_method_name(seen.method)));
	json_object_set_new(out, "run", json_incref(in.run_info));
	json_object_set_new(out, "sourced_days",
			    num_or_null(seen.has_run ? seen.sourced_days : NAN));
	json_object_set_new(out, "demand_days", num_or_null(seen.demand_days));
	json_object_set_new(out, "excess_days", num_or_null(seen.excess_days));
	json_object_set_new(out, "max_burden_dev", num_or_null(seen.max_burden_dev));
	json_object_set_new(out, "revision", json_integer(in.rev));
	json_object_set_new(out, "rows", rows);
	response_json(res, 200, out);
out:
	muster_fairshare_release(&all);
	muster_fairshare_release(&seen);
	muster_error_release(&err);
	result_in_release(&in);
}

void api_results_routes(struct server *srv)
{
	static const char *const check_q[] = {"run", "strict", "as_of", NULL};
	static const char *const posture_q[] = {"on",	   "from",   "to",	"every",
						"by",	   "nation", "country", "mission",
						"counted", "run",    "as_of",	NULL};
	static const char *const fair_q[] = {
	    "mission", "key",	 "participants",   "total", "on",    "floor",
	    "ceiling", "method", "with_requested", "run",   "as_of", NULL};
	static const struct route routes[] = {
	    {"GET", "/api/posture", get_posture, ROLES_ALL,
	     "the posture (deployments plus a run) on a date or as a series, grouped "
	     "(options as muster posture's)",
	     posture_q, NULL, "{\"type\":\"object\"}", 200, NULL},
	    {"GET", "/api/fairshare", get_fairshare, ROLES_ALL,
	     "fair shares, and with a mission and a run the burden (options as muster "
	     "fairshare's)",
	     fair_q, NULL, "{\"type\":\"object\"}", 200, NULL},
	    {"GET", "/api/check", get_check, ROLES_ALL,
	     "the run (latest, or ?run=ID) against the sourcing contract and the posture "
	     "against caps, deadlines and ceilings (?strict=true: a breach fails too)",
	     check_q, NULL, "{\"type\":\"object\"}", 200, NULL},
	};
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		server_route_add(srv, &routes[i]);
}
