/*
 * source.c: muster_source(), the public entry point of sourcing: checks the
 * options, builds the model (source_model.c), optionally writes it as CPLEX
 * LP, solves it with the exact (GLPK) or the fast solver, and turns the
 * solution into a run: one assignment per pair with units > 0 (ordered by
 * line, then offer, as in the scenario), the gaps (source_gaps.c), and the
 * summary figures. Nothing is stored here; an interrupted solve returns
 * MUSTER_EINTR and leaves the run empty, so the caller stores nothing.
 */
#include "source.h"
#include "source_fair.h"
#include "i18n.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Of the time left after building the model, the share kept for explaining the gaps. */
#define SOURCE_GAPS_SHARE 0.15

static int cmp_pair_order(const void *a, const void *b, void *ctx)
{
	const struct source_model *m = ctx;
	const struct source_pair *x = &m->pairs.items[*(const uint32_t *)a];
	const struct source_pair *y = &m->pairs.items[*(const uint32_t *)b];
	if (x->line != y->line)
		return (x->line > y->line) - (x->line < y->line);
	if (x->offer != y->offer)
		return (x->offer > y->offer) - (x->offer < y->offer);
	if (x->from != y->from)
		return (x->from > y->from) - (x->from < y->from);
	return (x->to > y->to) - (x->to < y->to);
}

/* The ids of o's soft caveats that line ri breaks, ';'-joined, or NULL. */
static char *soft_caveats(const struct source_model *m, const struct muster_offer *o, size_t ri)
{
	const struct muster_requirement *r = &m->sc->requirements.items[ri];
	const char *loc = muster_requirement_location(m->sc, r);
	struct muster_strlist ids = {0};
	for (size_t k = 0; k < o->caveats.nr; k++) {
		const struct muster_caveat *c = muster_scenario_caveat(m->sc, o->caveats.items[k]);
		if (c && !c->hard && source_caveat_breaks(c, r, loc) &&
		    !muster_strlist_has(&ids, c->id))
			muster_strlist_push(&ids, c->id);
	}
	char *s = ids.nr ? muster_strlist_join(&ids, ';') : NULL;
	muster_strlist_release(&ids);
	return s;
}

static void push_assignment(const struct source_model *m, const struct source_pair *p, long units,
			    int32_t from, int32_t to, struct muster_run *run)
{
	const struct muster_offer *o = &m->sc->offers.items[p->offer];
	const struct muster_requirement *r = &m->sc->requirements.items[p->line];
	struct muster_assignment a = {
	    .mission = xstrdup(r->mission),
	    .line = xstrdup(r->line),
	    .offer = xstrdup(o->id),
	    .nation = xstrdup(o->nation),
	    .units = units,
	    .personnel = units * o->personnel,
	    .from = from,
	    .to = to,
	    .capability = xstrdup(o->capability),
	    .substitute = p->substitute,
	    .soft_caveats = p->soft ? soft_caveats(m, o, p->line) : NULL,
	    .person_days = (int64_t)units * o->personnel * ((int64_t)to - from),
	};
	ARRAY_PUSH(run->assignments, a);
}

/*
 * One assignment per variable with units > 0, by line, offer and date;
 * adjacent pieces of one pair with the same units are merged into one J.
 */
static void add_assignments(const struct source_model *m, const struct source_solution *sol,
			    struct muster_run *run)
{
	uint32_t *order = xmalloc((m->pairs.nr + 1) * sizeof(*order));
	size_t n = 0;
	for (size_t i = 0; i < m->pairs.nr; i++)
		if (sol->x[i] > 0)
			order[n++] = (uint32_t)i;
	qsort_r(order, n, sizeof(*order), cmp_pair_order, (void *)m);
	for (size_t k = 0; k < n;) {
		const struct source_pair *p = &m->pairs.items[order[k]];
		long units = sol->x[order[k]];
		int32_t to = p->to;
		size_t e = k + 1;
		for (; e < n && p->piece; e++) {
			const struct source_pair *q = &m->pairs.items[order[e]];
			if (q->line != p->line || q->offer != p->offer || q->from != to ||
			    sol->x[order[e]] != units)
				break;
			to = q->to;
		}
		push_assignment(m, p, units, p->from, to, run);
		k = e;
	}
	free(order);
}

/* With a fair-share term, the objective and bound are those of the
 * penalised objective solved (source_fair.c); value is its plain part. */
static void fill_summary(const struct source_model *m, const struct source_solution *sol, bool fair,
			 struct muster_run *run)
{
	double filled = 0, obj = 0;
	for (size_t i = 0; i < m->pairs.nr; i++) {
		filled += m->pairs.items[i].fill * (double)sol->x[i];
		obj += m->pairs.items[i].value * (double)sol->x[i];
	}
	run->value = obj;
	run->objective = fair ? sol->objective : obj;
	run->bound = sol->bound > run->objective ? sol->bound : run->objective;
	run->gap = run->bound > 0 ? (run->bound - run->objective) / run->bound : 0;
	if (run->gap < 1e-12)
		run->gap = 0;
	run->fill = m->total_demand > 0 ? 100.0 * filled / m->total_demand : 0;
}

static int check_opts(const struct muster_source_opts *opts, struct muster_error *err)
{
	if (!(opts->time_limit > 0) || !isfinite(opts->time_limit))
		return muster_error_set(err, MUSTER_EINVAL,
					_("time limit: expected a number of seconds > 0, got %g"),
					opts->time_limit);
	if (!(opts->fair_weight >= 0 && opts->fair_weight <= MUSTER_FAIR_WEIGHT_MAX))
		return muster_error_set(err, MUSTER_EINVAL,
					_("fair weight: expected a number 0 .. %.0f, got %g"),
					MUSTER_FAIR_WEIGHT_MAX, opts->fair_weight);
	if (opts->fair_cap && opts->fair_weight > 0)
		return muster_error_set(err, MUSTER_EINVAL,
					_("fair weight %g and a fair cap: expected one of them"),
					opts->fair_weight);
	return 0;
}

int muster_source(const struct muster_scenario *sc, const struct muster_source_opts *opts,
		  struct muster_run *out, struct muster_error *err)
{
	struct source_model m = {0};
	struct source_solution sol = {0};
	struct source_opts so = {0};
	double t0 = now_seconds(), excess = NAN;
	bool fair;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = check_opts(opts, err);
	if (rc < 0)
		return rc;
	so.mission = opts->mission;
	so.exact = opts->exact;
	/*
	 * The whole run, model and gaps included, within 10% + 1 s of the
	 * limit, in processor time (a busy machine does not change the result).
	 */
	double c0 = cpu_seconds();
	so.deadline = c0 + opts->time_limit;
	so.hard_deadline = c0 + opts->time_limit * 1.1 + 1;
	so.with_requested = opts->with_requested;
	so.fair_weight = opts->fair_weight;
	so.fair_key = opts->fair_key;
	so.fair = opts->fair;
	so.fair_cap = opts->fair_cap;
	so.write_lp = opts->write_lp;
	so.ctx = opts->ctx;
	rc = source_model_build(&m, sc, &so, err);
	if (rc < 0)
		return rc;
	if (opts->write_lp && (rc = source_write_lp(&m, opts->write_lp, err)) < 0)
		goto out;
	/* the solvers get what is left, less a share for explaining the gaps */
	m.opts.time_limit = (so.deadline - cpu_seconds()) * (1 - SOURCE_GAPS_SHARE);
	m.opts.deadline = so.deadline - (so.deadline - cpu_seconds()) * SOURCE_GAPS_SHARE;
	if (m.opts.time_limit <= 0) {
		rc = muster_error_set(
		    err, MUSTER_ETIME,
		    _("the time limit was reached while building the model; no run "
		      "was made"));
		goto out;
	}
	fair = opts->fair_weight > 0 || opts->fair_cap;
	if (fair) /* the fair-share term: source_fair.c; W = 0 is the plain run */
		rc = source_fair_solve(&m, &sol, &excess, err);
	else
		rc = opts->exact ? source_exact_solve(&m, &sol, err)
				 : source_fast_solve(&m, &sol, err);
	if (rc < 0)
		goto out;
	if (ctx_cancelled(so.ctx)) {
		rc = muster_error_set(err, MUSTER_EINTR, _("sourcing was interrupted"));
		goto out;
	}
	add_assignments(&m, &sol, out);
	rc = source_gaps(&m, &sol, out, err);
	if (rc < 0)
		goto out;
	fill_summary(&m, &sol, fair, out);
	out->fair_excess = fair ? excess : NAN;
	out->mission = xstrdup_or_null(opts->mission);
	out->solver = xstrdup(opts->exact ? "exact" : "fast");
	out->with_requested = opts->with_requested;
	out->fair_weight = opts->fair_weight;
	out->seconds = now_seconds() - t0;
	for (size_t i = 0; i < m.warnings.nr; i++)
		muster_strlist_push(&out->warnings, m.warnings.items[i]);
out:
	if (rc < 0)
		muster_run_release(out);
	source_solution_release(&sol);
	source_model_release(&m);
	return rc;
}
