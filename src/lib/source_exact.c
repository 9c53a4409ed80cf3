/*
 * source_exact.c: the exact sourcing solver: the model of source.h as a MILP
 * solved by GLPK's branch-and-cut (glp_intopt with its MIP presolver).
 *
 * Key decisions:
 * - One integer column per pair (bounds [0, ub]), one `<=` row per model row;
 *   an extension hook (source_exact_solve_ext) may add columns and rows, e.g.
 *   the fair-share penalty, before the solve.
 * - GLPK prints nothing (glp_term_out off, restored after); its per-thread
 *   environment, when the call created it, is freed after. Progress goes
 *   through the call's context (opts.ctx) from the branch-and-cut callback, which also
 *   tracks the best bound (the best active node's bound, never above the
 *   trivial bound sum value x ub) and stops the search when its cancel flag is set.
 * - The LP relaxation is solved first (glp_simplex with its presolver, under
 *   the time limit), then glp_intopt from its basis: glp_intopt's own MIP
 *   presolver ignores the time limit while it solves the root LP. The LP
 *   optimum bounds the result when the search stops early.
 * - A greedy solution (pairs by decreasing value, as many units as the rows
 *   allow) seeds the search through glp_ios_heur_sol and is kept when GLPK
 *   finds nothing better in time; every row is a packing row with rhs >= 0,
 *   so the greedy is always feasible.
 */
#include "source.h"
#include "i18n.h"
#include "util.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXACT_DTH_MAX 5000 /* columns: above this, cheap branching (see solve()) */

struct exact_cb {
	const double *heur; /* a feasible solution to offer GLPK (1-based), or NULL */
	bool heur_done;
	double bound;	  /* best upper bound seen */
	double incumbent; /* best objective seen */
	bool has_incumbent;
	bool interrupted;
	struct muster_ctx *ctx; /* the call's: cancel flag and progress */
	double deadline;	/* now_seconds(): stop the search then */
	char what[96];
};

static void callback(glp_tree *tree, void *info)
{
	struct exact_cb *cb = info;
	int best = glp_ios_best_node(tree);
	glp_prob *lp = glp_ios_get_prob(tree);
	int a_cnt, n_cnt, t_cnt;

	if (ctx_cancelled(cb->ctx)) {
		cb->interrupted = true;
		glp_ios_terminate(tree);
		return;
	}
	if (cb->deadline > 0 && now_seconds() > cb->deadline) {
		glp_ios_terminate(tree); /* tm_lim is checked only between nodes */
		return;
	}
	if (glp_ios_reason(tree) == GLP_IHEUR && cb->heur && !cb->heur_done) {
		cb->heur_done = true;
		glp_ios_heur_sol(tree, cb->heur);
	}
	if (glp_ios_reason(tree) == GLP_IBINGO) {
		cb->incumbent = glp_mip_obj_val(lp);
		cb->has_incumbent = true;
	}
	if (best) {
		double nb = glp_ios_node_bound(tree, best);
		if (cb->has_incumbent && nb < cb->incumbent)
			nb = cb->incumbent;
		if (nb < cb->bound)
			cb->bound = nb;
	}
	glp_ios_tree_size(tree, &a_cnt, &n_cnt, &t_cnt);
	snprintf(cb->what, sizeof(cb->what), _("exact: best %.6g, bound %.6g, nodes"),
		 cb->has_incumbent ? cb->incumbent : 0.0, cb->bound);
	ctx_progress(cb->ctx, cb->what, (uint64_t)t_cnt, 0);
}

/* Columns and rows of the model; returns the trivial bound sum value x ub. */
static double load_model(glp_prob *lp, const struct source_model *m)
{
	double trivial = 0;
	size_t nnz = m->entries.nr;
	int *ia = xmalloc((nnz + 1) * sizeof(*ia));
	int *ja = xmalloc((nnz + 1) * sizeof(*ja));
	double *ar = xmalloc((nnz + 1) * sizeof(*ar));

	glp_set_obj_dir(lp, GLP_MAX);
	glp_add_cols(lp, (int)m->pairs.nr);
	for (size_t j = 0; j < m->pairs.nr; j++) {
		const struct source_pair *p = &m->pairs.items[j];
		int col = (int)j + 1;
		glp_set_col_kind(lp, col, GLP_IV);
		if (p->ub > 0)
			glp_set_col_bnds(lp, col, GLP_DB, 0, (double)p->ub);
		else
			glp_set_col_bnds(lp, col, GLP_FX, 0, 0);
		glp_set_obj_coef(lp, col, p->value);
		trivial += p->value * (double)(p->ub > 0 ? p->ub : 0);
	}
	if (m->rows.nr)
		glp_add_rows(lp, (int)m->rows.nr);
	for (size_t i = 0; i < m->rows.nr; i++) {
		const struct source_row *r = &m->rows.items[i];
		glp_set_row_bnds(lp, (int)i + 1, GLP_UP, 0, r->rhs);
		for (size_t k = r->first; k < r->first + r->n; k++) {
			ia[k + 1] = (int)i + 1;
			ja[k + 1] = (int)m->entries.items[k].pair + 1;
			ar[k + 1] = m->entries.items[k].coef;
		}
	}
	glp_load_matrix(lp, (int)nnz, ia, ja, ar);
	free(ia);
	free(ja);
	free(ar);
	return trivial;
}

/*
 * A bound that needs no LP: a line never holds more than its units at any
 * time, and m <= 1, so a line's value is at most r.units x r.personnel x
 * days(r) x w (its fill % demand), and at most the sum of value x ub of its
 * pairs.
 */
double source_demand_bound(const struct source_model *m)
{
	size_t nl = m->sc->requirements.nr;
	double *pairs = xcalloc(nl + 1, sizeof(*pairs)), bound = 0;
	for (size_t j = 0; j < m->pairs.nr; j++) {
		const struct source_pair *p = &m->pairs.items[j];
		pairs[p->line] += p->value * (double)(p->ub > 0 ? p->ub : 0);
	}
	for (size_t i = 0; i < nl; i++) {
		const struct muster_requirement *r = &m->sc->requirements.items[i];
		double demand = (double)r->units * (double)r->personnel *
				(double)(r->to - r->from) * source_weight(r->priority);
		if (m->in_scope[i])
			bound += pairs[i] < demand ? pairs[i] : demand;
	}
	free(pairs);
	return bound;
}

/* Milliseconds left until `deadline` (now_seconds() clock), for tm_lim. */
static int ms_left(double deadline)
{
	double ms = (deadline - now_seconds()) * 1000.0;
	if (ms >= (double)INT_MAX)
		return INT_MAX;
	return ms < 1 ? 1 : (int)ms;
}

/*
 * The LP relaxation, solved first under the time limit: its optimum is the
 * bound reported when branch-and-cut cannot improve on it, and its basis
 * starts glp_intopt. glp_intopt's own presolver does not honour tm_lim while
 * it solves the root LP (seen on 120,000 columns: 49 s for a 10 s limit),
 * hence this explicit step. Returns true when the LP is solved to optimality.
 */
static bool solve_lp(glp_prob *lp, double deadline, double *bound)
{
	glp_smcp sm;
	glp_init_smcp(&sm);
	sm.msg_lev = GLP_MSG_OFF;
	sm.presolve = GLP_ON;
	sm.tm_lim = ms_left(deadline);
	if (glp_simplex(lp, &sm) != 0 || glp_get_status(lp) != GLP_OPT) {
		/* the presolver may leave no basis: once more without it */
		sm.presolve = GLP_OFF;
		sm.tm_lim = ms_left(deadline);
		if (now_seconds() >= deadline || glp_simplex(lp, &sm) != 0 ||
		    glp_get_status(lp) != GLP_OPT)
			return false;
	}
	*bound = glp_get_obj_val(lp);
	return true;
}

static int solve(glp_prob *lp, const struct source_model *m, struct exact_cb *cb, double deadline,
		 struct muster_error *err)
{
	glp_iocp parm;
	int rc;

	glp_init_iocp(&parm);
	parm.presolve = GLP_OFF; /* the LP relaxation is solved already */
	parm.msg_lev = GLP_MSG_OFF;
	parm.tm_lim = ms_left(deadline);
	parm.cb_func = callback;
	parm.cb_info = cb;
	/*
	 * GLPK's default branching (Driebeck-Tomlin) evaluates tableau rows for
	 * every fractional column, for seconds at a node on large models and
	 * without looking at the clock: past EXACT_DTH_MAX columns, branch on
	 * the most fractional variable, so that the time limit holds.
	 */
	if (m->pairs.nr > EXACT_DTH_MAX)
		parm.br_tech = GLP_BR_MFV;
	parm.mir_cuts = GLP_ON;
	parm.cov_cuts = GLP_ON;
	parm.clq_cuts = GLP_ON;
	parm.gmi_cuts = GLP_ON;
	rc = glp_intopt(lp, &parm);
	if (rc == GLP_EROOT) {	 /* no usable basis: let glp_intopt presolve and solve it */
		cb->heur = NULL; /* its columns would be the presolved ones */
		parm.presolve = GLP_ON;
		parm.tm_lim = ms_left(deadline);
		rc = glp_intopt(lp, &parm);
	}
	if (cb->interrupted || ctx_cancelled(m->opts.ctx))
		return muster_error_set(err, MUSTER_EINTR, _("the exact solve was interrupted"));
	switch (rc) {
	case 0:
	case GLP_ETMLIM:
	case GLP_ESTOP:
	case GLP_EMIPGAP:
	case GLP_ENOPFS: /* cannot happen for a packing model: keep the greedy x */
	case GLP_ENODFS:
		return 0;
	default:
		return muster_error_set(err, MUSTER_ESOLVER, _("glpk: glp_intopt failed (code %d)"),
					rc);
	}
}

/* Take GLPK's MIP solution when it beats the one in `sol`. */
/*
 * GLPK accepts a row within a relative tolerance: a budget row (money, large
 * coefficients) may be over its limit by a hair at the rounded x. Drop the
 * least valuable units until every budget row holds as `muster check` counts.
 */
static void hold_budgets(const struct source_model *m, long *x)
{
	for (size_t i = 0; i < m->rows.nr; i++) {
		const struct source_row *r = &m->rows.items[i];
		if (r->kind != SOURCE_ROW_BUDGET)
			continue;
		source_row_hold(m, r, x, r->rhs);
	}
}

static void take_mip(glp_prob *lp, const struct source_model *m, const struct source_exact_ext *ext,
		     struct source_solution *sol)
{
	double obj = ext ? glp_mip_obj_val(lp) : 0;
	long *x = xcalloc(m->pairs.nr + 1, sizeof(*x));
	for (size_t j = 0; j < m->pairs.nr; j++)
		x[j] = lround(glp_mip_col_val(lp, (int)j + 1));
	hold_budgets(m, x);
	for (size_t j = 0; j < m->pairs.nr && !ext; j++) /* recompute from the rounded x */
		obj += m->pairs.items[j].value * (double)x[j];
	if (ext || obj > sol->objective) {
		free(sol->x);
		sol->x = x;
		sol->objective = obj;
	} else {
		free(x);
	}
}

/* qsort_r comparator: `ctx` is the model (no static state: thread-safe). */
static int cmp_value_desc(const void *a, const void *b, void *ctx)
{
	const struct source_model *m = ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	double vx = m->pairs.items[x].value, vy = m->pairs.items[y].value;
	if (vx != vy)
		return vx < vy ? 1 : -1;
	return (x > y) - (x < y);
}

/*
 * A greedy incumbent: pairs by decreasing value, each given as many units
 * as every row still allows. Feasible by construction; it seeds GLPK's
 * search and is the answer when GLPK finds nothing better in time.
 */
static double greedy(const struct source_model *m, long *x)
{
	size_t np = m->pairs.nr, ne = m->entries.nr;
	size_t *cstart = xcalloc(np + 2, sizeof(*cstart));
	uint32_t *crow = xmalloc((ne + 1) * sizeof(*crow));
	double *ccoef = xmalloc((ne + 1) * sizeof(*ccoef));
	double *slack = xmalloc((m->rows.nr + 1) * sizeof(*slack));
	uint32_t *order = xmalloc((np + 1) * sizeof(*order));
	double obj = 0;

	for (size_t k = 0; k < ne; k++)
		cstart[m->entries.items[k].pair + 2]++;
	for (size_t j = 0; j < np; j++)
		cstart[j + 2] += cstart[j + 1];
	for (size_t i = 0; i < m->rows.nr; i++) {
		const struct source_row *r = &m->rows.items[i];
		slack[i] = r->rhs;
		for (size_t k = r->first; k < r->first + r->n; k++) {
			size_t at = cstart[m->entries.items[k].pair + 1]++;
			crow[at] = (uint32_t)i;
			ccoef[at] = m->entries.items[k].coef;
		}
	}
	for (size_t j = 0; j < np; j++)
		order[j] = (uint32_t)j;
	qsort_r(order, np, sizeof(*order), cmp_value_desc, (void *)m);
	for (size_t n = 0; n < np; n++) {
		uint32_t j = order[n];
		long k = m->pairs.items[j].ub > 0 ? m->pairs.items[j].ub : 0;
		for (size_t e = cstart[j]; e < cstart[j + 1] && k > 0; e++) {
			long fit = (long)floor(slack[crow[e]] / ccoef[e] + 1e-9);
			k = fit < k ? fit : k;
		}
		if (k <= 0)
			continue;
		x[j] = k;
		obj += m->pairs.items[j].value * (double)k;
		for (size_t e = cstart[j]; e < cstart[j + 1]; e++)
			slack[crow[e]] -= ccoef[e] * (double)k;
	}
	free(cstart);
	free(crow);
	free(ccoef);
	free(slack);
	free(order);
	return obj;
}

/*
 * A better first incumbent than the greedy: the fast solver's solution
 * (feasible by construction), within a tenth of the time limit. On bench M
 * GLPK alone never improved on the greedy in 120 s, 6% below the fast one.
 */
static void seed_fast(const struct source_model *m, struct source_solution *sol)
{
	struct source_model fm = *m; /* the same model, with the fast solver's time share */
	struct source_solution fast = {0};
	fm.opts.time_limit = m->opts.time_limit > 0 ? m->opts.time_limit / 10 : 6;
	if (source_fast_solve(&fm, &fast, NULL) == 0 && fast.objective > sol->objective) {
		memcpy(sol->x, fast.x, m->pairs.nr * sizeof(*sol->x));
		sol->objective = fast.objective;
	}
	source_solution_release(&fast);
}

int source_exact_solve_ext(const struct source_model *m, const struct source_exact_ext *ext,
			   struct source_solution *sol, struct muster_error *err)
{
	struct exact_cb cb = {0};
	glp_prob *lp = NULL;
	/* GLPK's environment is per thread: one this call made is freed at the
	 * end, or every thread that ever solved would leak it when it exits
	 * (a caller's own environment is left alone) */
	bool own_env = glp_init_env() == 0;
	int old_term = glp_term_out(GLP_OFF);
	double deadline = now_seconds() + (m->opts.time_limit > 0 ? m->opts.time_limit : 1e9);
	double *heur = NULL, lp_bound;
	int rc = 0, status;

	cb.deadline = deadline;
	cb.ctx = m->opts.ctx;
	sol->x = xcalloc(m->pairs.nr + 1, sizeof(*sol->x));
	sol->objective = sol->bound = 0;
	sol->optimal = true;
	if (!m->pairs.nr && !ext)
		goto out;
	lp = glp_create_prob();
	cb.bound = load_model(lp, m);
	if (!ext && source_demand_bound(m) < cb.bound)
		cb.bound = source_demand_bound(m);
	if (ext && ext->add) {
		rc = ext->add(lp, m, ext->ctx, err);
		if (rc < 0)
			goto out;
	}
	if (!ext) {
		sol->objective = greedy(m, sol->x);
		seed_fast(m, sol);
		heur = xmalloc((m->pairs.nr + 1) * sizeof(*heur));
		for (size_t j = 0; j < m->pairs.nr; j++)
			heur[j + 1] = (double)sol->x[j];
		cb.heur = heur;
	}
	sol->optimal = false;
	if (!solve_lp(lp, deadline, &lp_bound)) {
		sol->bound = cb.bound; /* no LP bound in time: the simple one */
		rc = ctx_cancelled(m->opts.ctx)
			 ? muster_error_set(err, MUSTER_EINTR, _("the exact solve was interrupted"))
			 : 0;
		goto out;
	}
	if (lp_bound < cb.bound)
		cb.bound = lp_bound;
	rc = solve(lp, m, &cb, deadline, err);
	if (rc < 0)
		goto out;
	status = glp_mip_status(lp);
	if (status == GLP_OPT || status == GLP_FEAS)
		take_mip(lp, m, ext, sol);
	sol->optimal = status == GLP_OPT;
	sol->bound = sol->optimal ? sol->objective : cb.bound;
out:
	if (sol->bound < sol->objective)
		sol->bound = sol->objective;
	free(heur);
	if (lp)
		glp_delete_prob(lp);
	glp_term_out(old_term);
	if (own_env)
		glp_free_env();
	if (rc < 0)
		source_solution_release(sol);
	return rc;
}

int source_exact_solve(const struct source_model *m, struct source_solution *sol,
		       struct muster_error *err)
{
	return source_exact_solve_ext(m, NULL, sol, err);
}
