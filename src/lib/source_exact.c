/*
 * source_exact.c: the exact sourcing solver: the model of source.h as a MILP
 * solved by GLPK's branch-and-cut (glp_intopt with its MIP presolver).
 *
 * Key decisions:
 * - One integer column per pair (bounds [0, ub]), one `<=` row per model row;
 *   an extension hook (source_exact_solve_ext) may add columns and rows, e.g.
 *   the fair-share penalty, before the solve.
 * - GLPK prints nothing (glp_term_out off, restored after); progress goes
 *   through muster_progress from the branch-and-cut callback, which also
 *   tracks the best bound (the best active node's bound, never above the
 *   trivial bound sum value x ub) and stops the search on muster_interrupted.
 * - A zero assignment is always feasible (every row is a packing row with
 *   rhs >= 0), so a time limit without an incumbent still yields a solution.
 */
#include "source.h"
#include "util.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

struct exact_cb {
	double bound;	  /* best upper bound seen */
	double incumbent; /* best objective seen */
	bool has_incumbent;
	bool interrupted;
	char what[96];
};

static void callback(glp_tree *tree, void *info)
{
	struct exact_cb *cb = info;
	int best = glp_ios_best_node(tree);
	glp_prob *lp = glp_ios_get_prob(tree);
	int a_cnt, n_cnt, t_cnt;

	if (muster_interrupted) {
		cb->interrupted = true;
		glp_ios_terminate(tree);
		return;
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
	snprintf(cb->what, sizeof(cb->what), "exact: best %.6g, bound %.6g, nodes",
		 cb->has_incumbent ? cb->incumbent : 0.0, cb->bound);
	muster_progress(cb->what, (uint64_t)t_cnt, 0);
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

static int solve(glp_prob *lp, const struct source_model *m, struct exact_cb *cb,
		 struct muster_error *err)
{
	glp_iocp parm;
	double limit = m->opts.time_limit > 0 ? m->opts.time_limit * 1000.0 : (double)INT_MAX;
	int rc;

	glp_init_iocp(&parm);
	parm.presolve = GLP_ON;
	parm.msg_lev = GLP_MSG_OFF;
	parm.tm_lim = limit >= (double)INT_MAX ? INT_MAX : (int)limit;
	parm.cb_func = callback;
	parm.cb_info = cb;
	rc = glp_intopt(lp, &parm);
	if (cb->interrupted || muster_interrupted)
		return muster_error_set(err, MUSTER_EINTR, "the exact solve was interrupted");
	switch (rc) {
	case 0:
	case GLP_ETMLIM:
	case GLP_ESTOP:
	case GLP_EMIPGAP:
		return 0;
	case GLP_ENOPFS:
	case GLP_ENODFS:
		return 0; /* cannot happen for a packing model: keep x = 0 */
	default:
		return muster_error_set(err, MUSTER_ESOLVER, "glpk: glp_intopt failed (code %d)",
					rc);
	}
}

int source_exact_solve_ext(const struct source_model *m, const struct source_exact_ext *ext,
			   struct source_solution *sol, struct muster_error *err)
{
	struct exact_cb cb = {0};
	glp_prob *lp = NULL;
	int old_term = glp_term_out(GLP_OFF);
	int rc = 0, status;

	sol->x = xcalloc(m->pairs.nr + 1, sizeof(*sol->x));
	sol->objective = sol->bound = 0;
	sol->optimal = true;
	if (!m->pairs.nr && !ext)
		goto out;
	lp = glp_create_prob();
	cb.bound = load_model(lp, m);
	if (ext && ext->add) {
		rc = ext->add(lp, m, ext->ctx, err);
		if (rc < 0)
			goto out;
	}
	rc = solve(lp, m, &cb, err);
	if (rc < 0)
		goto out;
	status = glp_mip_status(lp);
	if (status == GLP_OPT || status == GLP_FEAS) {
		for (size_t j = 0; j < m->pairs.nr; j++)
			sol->x[j] = lround(glp_mip_col_val(lp, (int)j + 1));
		sol->objective = glp_mip_obj_val(lp);
		if (!ext) { /* recompute from the rounded x */
			sol->objective = 0;
			for (size_t j = 0; j < m->pairs.nr; j++)
				sol->objective += m->pairs.items[j].value * (double)sol->x[j];
		}
	}
	sol->optimal = status == GLP_OPT;
	sol->bound = sol->optimal ? sol->objective : cb.bound;
	if (sol->bound < sol->objective)
		sol->bound = sol->objective;
out:
	if (lp)
		glp_delete_prob(lp);
	glp_term_out(old_term);
	if (rc < 0)
		source_solution_release(sol);
	return rc;
}

int source_exact_solve(const struct source_model *m, struct source_solution *sol,
		       struct muster_error *err)
{
	return source_exact_solve_ext(m, NULL, sol, err);
}
