/*
 * source_fair.c: the fair-share penalty of sourcing (see source_fair.h for
 * the term and its scale).
 *
 * Key decisions:
 * - Groups are (mission, nation): each mission's fair shares come from
 *   muster_fairshare_targets among the nations offering for it, so sourcing
 *   balances burdens mission by mission, as `muster fairshare` reports them.
 * - Exact: |s_i - share_i S| is linearised with one continuous column d_i >= 0
 *   and two rows d_i >= s_i - share_i S, d_i >= share_i S - s_i; s_i and S are
 *   columns defined by one equality row each, so the matrix grows by about
 *   two entries per pair instead of one per pair and nation.
 * - Fast: the Lagrangian heuristic has no place for a non-separable term, so
 *   it is re-run (FAIR_ROUNDS times) on values lowered or raised by the
 *   penalty's subgradient at the last solution, damped across rounds, and the
 *   solution with the best penalised objective is kept (round 0 is the plain
 *   solve, so the penalised result is never worse than ignoring fairness).
 *   Each round's solution is then improved by a local search that drops or
 *   adds single units while that raises the penalised objective (adds only
 *   where every row of the pair has room).
 */
#include "source_fair.h"
#include "fairshare.h"
#include "util.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FAIR_ROUNDS 6
#define FAIR_DAMP   0.5

/* FNV-1a of a string, mixed with a number. */
static uint64_t hash_key(const char *s, uint64_t mix)
{
	uint64_t h = 1469598103934665603ULL ^ (mix * 0x9E3779B97F4A7C15ULL);
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/*
 * Slot of a string (mission code, with mix 0) or of a (mission, nation)
 * pair in an open-addressing table of `cap` (a power of two) uint32 ids,
 * UINT32_MAX when empty; `same` tells whether id matches the key.
 */
struct lookup {
	uint32_t *ids;
	size_t cap;
};

static void lookup_init(struct lookup *t, size_t n)
{
	t->cap = 64;
	while (t->cap < 2 * n + 2)
		t->cap *= 2;
	t->ids = xmalloc(t->cap * sizeof(*t->ids));
	memset(t->ids, 0xff, t->cap * sizeof(*t->ids));
}

static uint32_t mission_slot(struct source_fair *f, struct lookup *t, const char *code)
{
	size_t i = hash_key(code, 0) & (t->cap - 1);
	for (; t->ids[i] != UINT32_MAX; i = (i + 1) & (t->cap - 1))
		if (!strcmp(f->missions[t->ids[i]], code))
			return t->ids[i];
	f->missions = xrealloc(f->missions, (f->nmissions + 1) * sizeof(*f->missions));
	f->missions[f->nmissions] = code;
	return t->ids[i] = (uint32_t)f->nmissions++;
}

static uint32_t group_of(struct source_fair *f, struct lookup *t, uint32_t mission,
			 const char *nation)
{
	size_t i = hash_key(nation, mission + 1) & (t->cap - 1);
	for (; t->ids[i] != UINT32_MAX; i = (i + 1) & (t->cap - 1)) {
		const struct source_fair_group *g = &f->groups.items[t->ids[i]];
		if (g->mission == mission && !strcmp(g->nation, nation))
			return t->ids[i];
	}
	struct source_fair_group ng = {mission, nation, 0, false};
	ARRAY_PUSH(f->groups, ng);
	return t->ids[i] = (uint32_t)(f->groups.nr - 1);
}

/*
 * The fair shares of mission `k` among the nations that have pairs in it and
 * a value for the key (the participants: a nation without one, e.g. a
 * partner outside the organisation whose key it is, stays out of the term;
 * a nation that offers but can fill no line cannot be balanced).
 */
static int mission_shares(const struct source_model *m, struct source_fair *f, uint32_t k,
			  struct muster_error *err)
{
	struct muster_fair_opts o = {0};
	struct muster_fair_target *t = NULL;
	struct strbuf list = STRBUF_INIT;
	size_t n = 0;
	double v;
	int rc = 0;
	o.key = m->opts.fair_key ? m->opts.fair_key : "gdp";
	for (size_t i = f->mg_start[k]; i < f->mg_start[k + 1] && rc >= 0; i++) {
		struct source_fair_group *gr = &f->groups.items[f->mg[i]];
		rc = fairshare_key_value(m->sc, o.key, gr->nation, &v, err);
		gr->counted = rc == 0;
		if (rc == 0)
			strbuf_addf(&list, "%s%s", list.len ? ";" : "", gr->nation);
	}
	if (rc == MUSTER_EINFEASIBLE)
		rc = 0;
	if (rc < 0 || !list.len)
		goto out;
	o.mission = f->missions[k];
	o.total = 0; /* shares only */
	o.participants = list.buf;
	if ((rc = muster_fairshare_targets(m->sc, &o, &t, &n, err)) < 0)
		goto out;
	for (size_t j = f->mg_start[k]; j < f->mg_start[k + 1]; j++) {
		struct source_fair_group *gr = &f->groups.items[f->mg[j]];
		for (size_t i = 0; gr->counted && i < n; i++)
			if (!strcmp(t[i].nation, gr->nation))
				gr->share = t[i].share;
	}
out:
	muster_fair_targets_free(t, n);
	strbuf_release(&list);
	return rc;
}

/* The objective value per person-day of the demand in scope. */
static double value_scale(const struct source_model *m)
{
	double pd = 0;
	for (size_t i = 0; i < m->sc->requirements.nr; i++) {
		const struct muster_requirement *r = &m->sc->requirements.items[i];
		if (m->in_scope && m->in_scope[i])
			pd += (double)r->units * (double)r->personnel * (double)(r->to - r->from);
	}
	return pd > 0 ? m->total_demand / pd : 1;
}

/* f->mg: the groups of each mission, mission k's at mg[mg_start[k] ..
 * mg_start[k + 1]). */
static void index_groups(struct source_fair *f)
{
	f->mg_start = xcalloc(f->nmissions + 2, sizeof(*f->mg_start));
	f->mg = xcalloc(f->groups.nr + 1, sizeof(*f->mg));
	for (size_t g = 0; g < f->groups.nr; g++)
		f->mg_start[f->groups.items[g].mission + 1]++;
	for (size_t k = 0; k < f->nmissions; k++)
		f->mg_start[k + 1] += f->mg_start[k];
	size_t *fill = xcalloc(f->nmissions + 1, sizeof(*fill));
	for (size_t g = 0; g < f->groups.nr; g++) {
		uint32_t k = f->groups.items[g].mission;
		f->mg[f->mg_start[k] + fill[k]++] = (uint32_t)g;
	}
	free(fill);
}

int source_fair_prepare(const struct source_model *m, struct source_fair *f,
			struct muster_error *err)
{
	const struct muster_scenario *sc = m->sc;
	int rc = 0;
	memset(f, 0, sizeof(*f));
	f->pair_group = xcalloc(m->pairs.nr + 1, sizeof(*f->pair_group));
	f->pair_pd = xcalloc(m->pairs.nr + 1, sizeof(*f->pair_pd));
	struct lookup mt, gt;
	/* at most one group per pair, one mission per line */
	lookup_init(&mt, sc->requirements.nr);
	lookup_init(&gt, m->pairs.nr);
	for (size_t p = 0; p < m->pairs.nr; p++) {
		const struct source_pair *pp = &m->pairs.items[p];
		const char *mission = sc->requirements.items[pp->line].mission;
		const char *nation = sc->offers.items[pp->offer].nation;
		f->pair_group[p] = group_of(f, &gt, mission_slot(f, &mt, mission), nation);
		f->pair_pd[p] = (double)pp->people * ((double)pp->to - (double)pp->from);
	}
	free(mt.ids);
	free(gt.ids);
	index_groups(f);
	for (size_t k = 0; k < f->nmissions && rc == 0; k++)
		rc = mission_shares(m, f, (uint32_t)k, err);
	f->penalty = m->opts.fair_weight * value_scale(m);
	return rc;
}

void source_fair_release(struct source_fair *f)
{
	if (!f)
		return;
	free(f->missions);
	free(f->pair_group);
	free(f->pair_pd);
	free(f->mg);
	free(f->mg_start);
	ARRAY_RELEASE(f->groups);
	memset(f, 0, sizeof(*f));
}

/* Person-days per group (s) and per mission (S) of solution x. */
static void sums(const struct source_model *m, const struct source_fair *f, const long *x,
		 double *s, double *S)
{
	for (size_t g = 0; g < f->groups.nr; g++)
		s[g] = 0;
	for (size_t k = 0; k < f->nmissions; k++)
		S[k] = 0;
	for (size_t p = 0; p < m->pairs.nr; p++) {
		uint32_t g = f->pair_group[p];
		double v = f->pair_pd[p] * (double)x[p];
		if (!f->groups.items[g].counted)
			continue;
		s[g] += v;
		S[f->groups.items[g].mission] += v;
	}
}

double source_fair_cost(const struct source_model *m, const struct source_fair *f, const long *x)
{
	double *s = xcalloc(f->groups.nr + 1, sizeof(*s));
	double *S = xcalloc(f->nmissions + 1, sizeof(*S));
	double dev = 0;
	sums(m, f, x, s, S);
	for (size_t g = 0; g < f->groups.nr; g++) {
		const struct source_fair_group *gr = &f->groups.items[g];
		if (gr->counted)
			dev += fabs(s[g] - gr->share * S[gr->mission]);
	}
	free(s);
	free(S);
	return f->penalty * dev;
}

/* ---- exact: columns and rows on the GLPK problem ----------------------- */

static int add_col(glp_prob *lp, double obj)
{
	int c = glp_add_cols(lp, 1);
	glp_set_col_kind(lp, c, GLP_CV);
	glp_set_col_bnds(lp, c, GLP_LO, 0, 0);
	glp_set_obj_coef(lp, c, obj);
	return c;
}

/* One row: sum val[k] x col ind[k] (1-based arrays of len), bounds type/rhs. */
static void add_row(glp_prob *lp, int len, const int *ind, const double *val, int type, double rhs)
{
	int r = glp_add_rows(lp, 1);
	glp_set_row_bnds(lp, r, type, rhs, rhs);
	glp_set_mat_row(lp, r, len, ind, val);
}

/* col_first[k] = -S_k's column, then its pairs: x - sum a x = 0 rows. */
static void add_definitions(glp_prob *lp, const struct source_model *m, const struct source_fair *f,
			    const int *Scol, const int *scol)
{
	size_t np = m->pairs.nr;
	int *ind = xcalloc(np + 2, sizeof(*ind));
	double *val = xcalloc(np + 2, sizeof(*val));
	for (size_t k = 0; k < f->nmissions; k++) {
		int len = 1;
		ind[1] = Scol[k];
		val[1] = 1;
		for (size_t p = 0; p < np; p++)
			if (f->groups.items[f->pair_group[p]].mission == k &&
			    f->groups.items[f->pair_group[p]].counted && f->pair_pd[p] > 0) {
				ind[++len] = (int)p + 1;
				val[len] = -f->pair_pd[p];
			}
		add_row(lp, len, ind, val, GLP_FX, 0);
	}
	for (size_t g = 0; g < f->groups.nr; g++) {
		int len = 1;
		ind[1] = scol[g];
		val[1] = 1;
		for (size_t p = 0; p < np; p++)
			if (f->pair_group[p] == g && f->pair_pd[p] > 0) {
				ind[++len] = (int)p + 1;
				val[len] = -f->pair_pd[p];
			}
		add_row(lp, len, ind, val, GLP_FX, 0);
	}
	free(ind);
	free(val);
}

int source_fair_exact_add(void *glp_prob_, const struct source_model *m, void *ctx,
			  struct muster_error *err)
{
	glp_prob *lp = glp_prob_;
	const struct source_fair *f = ctx;
	int *Scol = xcalloc(f->nmissions + 1, sizeof(*Scol));
	int *scol = xcalloc(f->groups.nr + 1, sizeof(*scol));
	(void)err;
	for (size_t k = 0; k < f->nmissions; k++)
		Scol[k] = add_col(lp, 0);
	for (size_t g = 0; g < f->groups.nr; g++)
		scol[g] = add_col(lp, 0);
	add_definitions(lp, m, f, Scol, scol);
	for (size_t g = 0; g < f->groups.nr; g++) {
		const struct source_fair_group *gr = &f->groups.items[g];
		if (!gr->counted)
			continue;
		int d = add_col(lp, -f->penalty);
		int ind[4] = {0, d, scol[g], Scol[gr->mission]};
		double up[4] = {0, 1, -1, gr->share}, down[4] = {0, 1, 1, -gr->share};
		add_row(lp, 3, ind, up, GLP_LO, 0);   /* d >= s - share S */
		add_row(lp, 3, ind, down, GLP_LO, 0); /* d >= share S - s */
	}
	free(Scol);
	free(scol);
	return 0;
}

/* ---- fast: subgradient-adjusted values ------------------------------------ */

void source_fair_adjust(const struct source_model *m, const struct source_fair *f, const long *x,
			double *grad, double *value)
{
	double *s = xcalloc(f->groups.nr + 1, sizeof(*s));
	double *S = xcalloc(f->nmissions + 1, sizeof(*S));
	double *sign = xcalloc(f->groups.nr + 1, sizeof(*sign));
	double *mean = xcalloc(f->nmissions + 1, sizeof(*mean)); /* sum sign x share */
	sums(m, f, x, s, S);
	for (size_t g = 0; g < f->groups.nr; g++) {
		const struct source_fair_group *gr = &f->groups.items[g];
		double dev = s[g] - gr->share * S[gr->mission];
		double tol = 1e-9 * (S[gr->mission] + 1);
		sign[g] = !gr->counted ? 0 : dev > tol ? 1 : dev < -tol ? -1 : 0;
		mean[gr->mission] += sign[g] * gr->share;
	}
	/* d/dx_p sum_j |s_j - share_j S| = a_p (sign_i - sum_j sign_j share_j) */
	for (size_t p = 0; p < m->pairs.nr; p++) {
		uint32_t g = f->pair_group[p];
		double sub = !f->groups.items[g].counted
				 ? 0
				 : f->pair_pd[p] * (sign[g] - mean[f->groups.items[g].mission]);
		grad[p] = FAIR_DAMP * grad[p] + (1 - FAIR_DAMP) * sub;
		value[p] = fmax(0, m->pairs.items[p].value - f->penalty * grad[p]);
	}
	free(s);
	free(S);
	free(sign);
	free(mean);
}

static double plain_value(const struct source_model *m, const long *x)
{
	double v = 0;
	for (size_t p = 0; p < m->pairs.nr; p++)
		v += m->pairs.items[p].value * (double)x[p];
	return v;
}

/* Sum over mission k's counted groups of |s - share S|. */
static double mission_dev(const struct source_fair *f, uint32_t k, const double *s, double S)
{
	double dev = 0;
	for (size_t i = f->mg_start[k]; i < f->mg_start[k + 1]; i++) {
		const struct source_fair_group *gr = &f->groups.items[f->mg[i]];
		if (gr->counted)
			dev += fabs(s[f->mg[i]] - gr->share * S);
	}
	return dev;
}

/* The model's rows by pair (column-wise), with each row's load at x. */
struct cols {
	size_t *start; /* np + 1 */
	uint32_t *row;
	double *coef;
	double *load; /* per row: sum coef x */
};

static void cols_build(const struct source_model *m, const long *x, struct cols *c)
{
	size_t np = m->pairs.nr, ne = m->entries.nr;
	size_t *fill = xcalloc(np + 1, sizeof(*fill));
	c->start = xcalloc(np + 2, sizeof(*c->start));
	c->row = xcalloc(ne + 1, sizeof(*c->row));
	c->coef = xcalloc(ne + 1, sizeof(*c->coef));
	c->load = xcalloc(m->rows.nr + 1, sizeof(*c->load));
	for (size_t k = 0; k < ne; k++)
		c->start[m->entries.items[k].pair + 1]++;
	for (size_t p = 0; p < np; p++)
		c->start[p + 1] += c->start[p];
	for (size_t r = 0; r < m->rows.nr; r++) {
		const struct source_row *row = &m->rows.items[r];
		for (size_t k = row->first; k < row->first + row->n; k++) {
			const struct source_entry *e = &m->entries.items[k];
			size_t at = c->start[e->pair] + fill[e->pair]++;
			c->row[at] = (uint32_t)r;
			c->coef[at] = e->coef;
			c->load[r] += e->coef * (double)x[e->pair];
		}
	}
	free(fill);
}

static void cols_release(struct cols *c)
{
	free(c->start);
	free(c->row);
	free(c->coef);
	free(c->load);
}

/* Can one more unit of pair p be added without breaking a row? */
static bool fits(const struct source_model *m, const struct cols *c, size_t p, const long *x)
{
	if (x[p] >= m->pairs.items[p].ub)
		return false;
	for (size_t k = c->start[p]; k < c->start[p + 1]; k++)
		if (c->load[c->row[k]] + c->coef[k] > m->rows.items[c->row[k]].rhs + 1e-9)
			return false;
	return true;
}

/* Change pair p by `step` (+1 or -1) if that raises the penalised objective. */
static bool try_step(const struct source_model *m, const struct source_fair *f, struct cols *c,
		     long *x, double *s, double *S, size_t p, int step)
{
	uint32_t g = f->pair_group[p], k = f->groups.items[g].mission;
	bool counted = f->groups.items[g].counted;
	double a = f->pair_pd[p] * step, gain = m->pairs.items[p].value * step;
	if (counted) {
		double before = mission_dev(f, k, s, S[k]);
		s[g] += a;
		gain -= f->penalty * (mission_dev(f, k, s, S[k] + a) - before);
		s[g] -= a;
	}
	if (!(gain > 1e-9 * fabs(m->pairs.items[p].value)))
		return false;
	x[p] += step;
	if (counted) {
		s[g] += a;
		S[k] += a;
	}
	for (size_t e = c->start[p]; e < c->start[p + 1]; e++)
		c->load[c->row[e]] += c->coef[e] * step;
	return true;
}

/*
 * Local search on the penalised objective: drop a unit where that gains
 * (removals never break a packing row), add one where it fits and gains
 * (an under-share nation's unit, or plain fill outside the term), until a
 * pass changes nothing.
 */
static void local_search(const struct source_model *m, const struct source_fair *f, long *x)
{
	double *s = xcalloc(f->groups.nr + 1, sizeof(*s));
	double *S = xcalloc(f->nmissions + 1, sizeof(*S));
	struct cols c;
	bool changed = true;
	sums(m, f, x, s, S);
	cols_build(m, x, &c);
	for (int pass = 0; changed && pass < 50; pass++) {
		changed = false;
		for (size_t p = 0; p < m->pairs.nr; p++) {
			while (x[p] > 0 && try_step(m, f, &c, x, s, S, p, -1))
				changed = true;
			while (fits(m, &c, p, x) && try_step(m, f, &c, x, s, S, p, +1))
				changed = true;
		}
	}
	cols_release(&c);
	free(s);
	free(S);
}

/* Keep x improved by local search in sol when its penalised objective is better. */
static void consider(const struct source_model *m, const struct source_fair *f, const long *x,
		     long *tmp, struct source_solution *sol)
{
	size_t np = m->pairs.nr;
	memcpy(tmp, x, np * sizeof(*tmp));
	local_search(m, f, tmp);
	double obj = plain_value(m, tmp) - source_fair_cost(m, f, tmp);
	if (obj > sol->objective) {
		memcpy(sol->x, tmp, np * sizeof(*sol->x));
		sol->objective = obj;
	}
}

/*
 * Round 0 is the plain solve (its bound is kept: the penalty is >= 0); each
 * later round re-solves on values moved by the damped subgradient at the
 * previous round's raw solution (before local search, so that the signal of
 * who is over or under its share is not lost when the search drops it all).
 * Every re-solve gets the full time limit: capping it by wall-clock time
 * made results depend on the machine's load.
 */
static int fast_fair(const struct source_model *m, const struct source_fair *f,
		     struct source_solution *sol, struct muster_error *err)
{
	struct source_model adj = *m;
	struct source_solution last = {0};
	size_t np = m->pairs.nr;
	double *grad = xcalloc(np + 1, sizeof(*grad)), *value = xcalloc(np + 1, sizeof(*value));
	long *tmp = xcalloc(np + 1, sizeof(*tmp)), *at = xcalloc(np + 1, sizeof(*at));
	int rc = source_fast_solve(m, sol, err);
	if (rc < 0)
		goto out;
	sol->optimal = false;
	memcpy(at, sol->x, np * sizeof(*at));
	sol->objective = -INFINITY;
	consider(m, f, at, tmp, sol);
	adj.pairs.items = xcalloc(np + 1, sizeof(*adj.pairs.items));
	memcpy(adj.pairs.items, m->pairs.items, np * sizeof(*adj.pairs.items));
	for (int round = 1; round < FAIR_ROUNDS && rc == 0; round++) {
		source_fair_adjust(m, f, at, grad, value);
		for (size_t p = 0; p < np; p++)
			adj.pairs.items[p].value = value[p];
		source_solution_release(&last);
		rc = source_fast_solve(&adj, &last, err);
		if (rc < 0)
			break;
		memcpy(at, last.x, np * sizeof(*at));
		consider(m, f, at, tmp, sol);
	}
	source_solution_release(&last);
	free(adj.pairs.items);
out:
	free(grad);
	free(value);
	free(tmp);
	free(at);
	return rc;
}

int source_fair_solve(const struct source_model *m, struct source_solution *sol,
		      struct muster_error *err)
{
	struct source_fair f;
	int rc = source_fair_prepare(m, &f, err);
	if (rc == 0 && m->opts.exact) {
		struct source_exact_ext ext = {source_fair_exact_add, &f};
		rc = source_exact_solve_ext(m, &ext, sol, err);
	} else if (rc == 0) {
		rc = fast_fair(m, &f, sol, err);
	}
	source_fair_release(&f);
	return rc;
}
