/*
 * api_results.c: results computed on request: GET /api/check (and, to come,
 * posture and fair share), with the CLI's options as query parameters.
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

#include <stdlib.h>
#include <string.h>

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

void api_results_routes(struct server *srv)
{
	static const char *const check_q[] = {"run", "strict", "as_of", NULL};
	static const struct route routes[] = {
	    {"GET", "/api/check", get_check, ROLES_ALL,
	     "the run (latest, or ?run=ID) against the sourcing contract and the posture "
	     "against caps, deadlines and ceilings (?strict=true: a breach fails too)",
	     check_q, NULL, "{\"type\":\"object\"}", 200, NULL},
	};
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		server_route_add(srv, &routes[i]);
}
