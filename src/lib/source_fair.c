/*
 * source_fair.c: the fair-share term of sourcing (see source_fair.h for the
 * measure and include/muster.h for its price).
 *
 * Key decisions:
 * - One measure, the excess over fair person-days, both penalised here and
 *   reported by `muster fairshare` (fair_days, excess_days): it is what
 *   burden sharing asks (nobody carries more than its share of the
 *   demand), it is 0 when nothing is sourced (so the penalised objective is
 *   >= 0 and the plain model's bounds stay valid), and it is separable by
 *   (mission, nation) group: max(0, s - T) is linearised with one column
 *   e >= 0 and one row e >= s - T per group, nothing coupling the groups.
 *   With an exact solver the excess then never rises as W grows (the
 *   optimum at W' > W cannot have more excess and more value).
 * - Groups are (mission, nation); each mission's fair shares come from
 *   muster_fairshare_targets with that mission, so `fairshare --tradeoff`
 *   passes its own options and reports the same figures it penalised.
 * - Fast: the Lagrangian heuristic has no place for the term, so it is
 *   re-run (FAIR_ROUNDS times) on values lowered by lambda_g x person-days,
 *   the multipliers moved by subgradient steps (s_g - T_g, Polyak's step
 *   size) and held in [0, penalty]. For any such lambda,
 *   value - penalty E <= sum (value - lambda a) x + sum lambda T, so the
 *   adjusted solve's bound plus sum lambda T bounds the penalised optimum:
 *   the run's bound is the smallest of them (round 0, lambda = 0, is the
 *   plain bound). With a cap, any lambda >= 0 gives a bound. Every round's
 *   solution is repaired (cap: units dropped until no group is above its
 *   target) and improved by a local search of single-unit drops and adds;
 *   the best penalised objective is kept, and never below 0 (nothing
 *   sourced).
 */
#include "source_fair.h"
#include "util.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FAIR_ROUNDS 10
/* Polyak's step scale at the start, halved when a round does not lower the
 * bound: 4 beat 0.05 .. 2 on the example's trade-off (bounds 1-6 points
 * tighter at weights 2 .. 32), the step overshooting at first and then
 * shrinking. */
#define FAIR_THETA 4.0
#define FAIR_EPS   1e-9 /* person-days: a group within this of its target is not above it */

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
 * UINT32_MAX when empty.
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
 * The fair person-days of mission k's groups: muster_fairshare_targets for
 * that mission with the run's fair-share options (shares only: total 0). A
 * group whose nation is not a participant stays out of the term.
 */
static int mission_targets(const struct source_model *m, struct source_fair *f, uint32_t k,
			   struct muster_error *err)
{
	struct muster_fair_opts o = {0};
	struct muster_fair_target *t = NULL;
	size_t n = 0;
	if (m->opts.fair)
		o = *m->opts.fair;
	else
		o.key = m->opts.fair_key ? m->opts.fair_key : "gdp";
	o.mission = f->missions[k];
	o.total = 0;
	int rc = muster_fairshare_targets(m->sc, &o, &t, &n, err);
	for (size_t g = 0; rc == 0 && g < f->groups.nr; g++) {
		struct source_fair_group *gr = &f->groups.items[g];
		for (size_t i = 0; gr->mission == k && i < n; i++)
			if (!strcmp(t[i].nation, gr->nation)) {
				gr->counted = true;
				gr->target = t[i].person_days;
			}
	}
	muster_fair_targets_free(t, n);
	return rc;
}

/* f->gstart/gpairs: the pairs of each group (with person-days > 0). */
static void index_pairs(const struct source_model *m, struct source_fair *f)
{
	size_t ng = f->groups.nr;
	f->gstart = xcalloc(ng + 2, sizeof(*f->gstart));
	f->gpairs = xcalloc(m->pairs.nr + 1, sizeof(*f->gpairs));
	for (size_t p = 0; p < m->pairs.nr; p++)
		if (f->pair_pd[p] > 0)
			f->gstart[f->pair_group[p] + 2]++;
	for (size_t g = 0; g < ng; g++)
		f->gstart[g + 2] += f->gstart[g + 1];
	for (size_t p = 0; p < m->pairs.nr; p++)
		if (f->pair_pd[p] > 0)
			f->gpairs[f->gstart[f->pair_group[p] + 1]++] = (uint32_t)p;
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
	index_pairs(m, f);
	for (size_t k = 0; k < f->nmissions && rc == 0; k++)
		rc = mission_targets(m, f, (uint32_t)k, err);
	f->cap = m->opts.fair_cap;
	f->penalty = f->cap ? 0 : m->opts.fair_weight * MUSTER_FAIR_PRICE;
	return rc;
}

void source_fair_release(struct source_fair *f)
{
	if (!f)
		return;
	free(f->missions);
	free(f->pair_group);
	free(f->pair_pd);
	free(f->gstart);
	free(f->gpairs);
	ARRAY_RELEASE(f->groups);
	memset(f, 0, sizeof(*f));
}

/* Person-days per group of solution x. */
static void sums(const struct source_model *m, const struct source_fair *f, const long *x,
		 double *s)
{
	for (size_t g = 0; g < f->groups.nr; g++)
		s[g] = 0;
	for (size_t p = 0; p < m->pairs.nr; p++)
		s[f->pair_group[p]] += f->pair_pd[p] * (double)x[p];
}

/* A group's excess at s person-days. */
static double excess_at(const struct source_fair_group *gr, double s)
{
	return gr->counted && s > gr->target ? s - gr->target : 0;
}

double source_fair_excess(const struct source_model *m, const struct source_fair *f, const long *x)
{
	double *s = xcalloc(f->groups.nr + 1, sizeof(*s)), e = 0;
	sums(m, f, x, s);
	for (size_t g = 0; g < f->groups.nr; g++)
		e += excess_at(&f->groups.items[g], s[g]);
	free(s);
	return e;
}

static double plain_value(const struct source_model *m, const long *x)
{
	double v = 0;
	for (size_t p = 0; p < m->pairs.nr; p++)
		v += m->pairs.items[p].value * (double)x[p];
	return v;
}

/* ---- exact: columns and rows on the GLPK problem ----------------------- */

int source_fair_exact_add(void *glp_prob_, const struct source_model *m, void *ctx,
			  struct muster_error *err)
{
	glp_prob *lp = glp_prob_;
	const struct source_fair *f = ctx;
	int *ind = xcalloc(m->pairs.nr + 2, sizeof(*ind));
	double *val = xcalloc(m->pairs.nr + 2, sizeof(*val));
	(void)err;
	for (size_t g = 0; g < f->groups.nr; g++) {
		const struct source_fair_group *gr = &f->groups.items[g];
		int len = 0;
		if (!gr->counted || f->gstart[g] == f->gstart[g + 1])
			continue;
		if (!f->cap) { /* e >= 0, priced -penalty */
			int c = glp_add_cols(lp, 1);
			glp_set_col_kind(lp, c, GLP_CV);
			glp_set_col_bnds(lp, c, GLP_LO, 0, 0);
			glp_set_obj_coef(lp, c, -f->penalty);
			ind[++len] = c;
			val[len] = 1;
		}
		for (size_t j = f->gstart[g]; j < f->gstart[g + 1]; j++) {
			ind[++len] = (int)f->gpairs[j] + 1;
			val[len] = f->cap ? f->pair_pd[f->gpairs[j]] : -f->pair_pd[f->gpairs[j]];
		}
		int r = glp_add_rows(lp, 1);
		if (f->cap) /* s <= T */
			glp_set_row_bnds(lp, r, GLP_UP, 0, gr->target);
		else /* e - s >= -T */
			glp_set_row_bnds(lp, r, GLP_LO, -gr->target, 0);
		glp_set_mat_row(lp, r, len, ind, val);
	}
	free(ind);
	free(val);
	return 0;
}

/* ---- fast: Lagrangian-adjusted values, repair, local search ---------------- */

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

/* The change of the penalised objective if pair p moves by `step` units;
 * -INFINITY when a cap forbids it. */
static double step_gain(const struct source_model *m, const struct source_fair *f, const double *s,
			size_t p, int step)
{
	const struct source_fair_group *gr = &f->groups.items[f->pair_group[p]];
	double a = f->pair_pd[p] * step, before = s[f->pair_group[p]];
	double gain = m->pairs.items[p].value * step;
	if (f->cap)
		return step > 0 && excess_at(gr, before + a) > FAIR_EPS ? -INFINITY : gain;
	return gain - f->penalty * (excess_at(gr, before + a) - excess_at(gr, before));
}

/* Move pair p by `step` if that raises the penalised objective. */
static bool try_step(const struct source_model *m, const struct source_fair *f, struct cols *c,
		     long *x, double *s, size_t p, int step)
{
	if (!(step_gain(m, f, s, p, step) > 1e-9 * fabs(m->pairs.items[p].value)))
		return false;
	x[p] += step;
	s[f->pair_group[p]] += f->pair_pd[p] * step;
	for (size_t e = c->start[p]; e < c->start[p + 1]; e++)
		c->load[c->row[e]] += c->coef[e] * step;
	return true;
}

/* With a cap: drop units of each group above its target, the least value
 * per person-day first, until it is not. */
static void repair(const struct source_model *m, const struct source_fair *f, long *x, double *s)
{
	for (size_t g = 0; f->cap && g < f->groups.nr; g++) {
		while (excess_at(&f->groups.items[g], s[g]) > FAIR_EPS) {
			size_t best = SIZE_MAX;
			for (size_t j = f->gstart[g]; j < f->gstart[g + 1]; j++) {
				uint32_t p = f->gpairs[j];
				if (x[p] > 0 && (best == SIZE_MAX ||
						 m->pairs.items[p].value * f->pair_pd[best] <
						     m->pairs.items[best].value * f->pair_pd[p]))
					best = p;
			}
			if (best == SIZE_MAX)
				break;
			x[best]--;
			s[g] -= f->pair_pd[best];
		}
	}
}

/*
 * Local search on the penalised objective: drop a unit where that gains
 * (removals never break a packing row), add one where it fits and gains,
 * until a pass changes nothing.
 */
struct ranked {
	double value;
	uint32_t pair;
};

/* By decreasing value, ties by pair index. */
static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->value != y->value)
		return x->value < y->value ? 1 : -1;
	return (x->pair > y->pair) - (x->pair < y->pair);
}

static void local_search(const struct source_model *m, const struct source_fair *f, long *x)
{
	double *s = xcalloc(f->groups.nr + 1, sizeof(*s));
	struct ranked *order = xcalloc(m->pairs.nr + 1, sizeof(*order));
	struct cols c;
	bool changed = true;
	sums(m, f, x, s);
	repair(m, f, x, s);
	cols_build(m, x, &c);
	/* the most valuable pairs first: from nothing, the exact solver's greedy */
	for (size_t p = 0; p < m->pairs.nr; p++)
		order[p] = (struct ranked){m->pairs.items[p].value, (uint32_t)p};
	qsort(order, m->pairs.nr, sizeof(*order), cmp_ranked);
	for (int pass = 0; changed && pass < 50; pass++) {
		changed = false;
		for (size_t k = 0; k < m->pairs.nr; k++) {
			size_t p = order[k].pair;
			while (x[p] > 0 && try_step(m, f, &c, x, s, p, -1))
				changed = true;
			while (fits(m, &c, p, x) && try_step(m, f, &c, x, s, p, +1))
				changed = true;
		}
	}
	cols_release(&c);
	free(order);
	free(s);
}

static double penalised(const struct source_model *m, const struct source_fair *f, const long *x)
{
	return plain_value(m, x) - f->penalty * source_fair_excess(m, f, x);
}

/* Keep x, improved by repair and local search, in sol when it is better. */
static void consider(const struct source_model *m, const struct source_fair *f, const long *x,
		     long *tmp, struct source_solution *sol)
{
	size_t np = m->pairs.nr;
	memcpy(tmp, x, np * sizeof(*tmp));
	local_search(m, f, tmp);
	double obj = penalised(m, f, tmp);
	if (obj > sol->objective) {
		memcpy(sol->x, tmp, np * sizeof(*sol->x));
		sol->objective = obj;
	}
}

/* The multipliers' price per person-day: the penalty, or with a cap twice
 * the most any person-day is worth (above it no unit pays its excess). */
static double lambda_price(const struct source_model *m, const struct source_fair *f)
{
	double most = 0;
	if (!f->cap)
		return f->penalty;
	for (size_t p = 0; p < m->pairs.nr; p++)
		if (f->pair_pd[p] > 0)
			most = fmax(most, m->pairs.items[p].value / f->pair_pd[p]);
	return 2 * most;
}

/* adj's values set to value - lambda_g a (>= 0); returns sum lambda_g T_g. */
static double adjust(const struct source_model *m, const struct source_fair *f,
		     const double *lambda, struct source_pair *adj)
{
	double offset = 0;
	for (size_t g = 0; g < f->groups.nr; g++)
		offset += lambda[g] * f->groups.items[g].target;
	for (size_t p = 0; p < m->pairs.nr; p++)
		adj[p].value =
		    fmax(0, m->pairs.items[p].value - lambda[f->pair_group[p]] * f->pair_pd[p]);
	return offset;
}

/*
 * One subgradient step on the multipliers (Polyak's step towards the best
 * penalised objective `lb` from the dual value `ub` at x, the adjusted
 * solve's solution): lambda_g += t (s_g - T_g), held in [0, price]. Returns
 * false when x is on every target (no direction).
 */
static bool step_lambda(const struct source_model *m, const struct source_fair *f, const long *x,
			double ub, double lb, double theta, double price, double *lambda)
{
	double *s = xcalloc(f->groups.nr + 1, sizeof(*s)), norm = 0;
	sums(m, f, x, s);
	for (size_t g = 0; g < f->groups.nr; g++) {
		s[g] = f->groups.items[g].counted ? s[g] - f->groups.items[g].target : 0;
		norm += s[g] * s[g];
	}
	double t = norm > 0 ? theta * fmax(ub - lb, 1e-9 * fabs(ub)) / norm : 0;
	for (size_t g = 0; g < f->groups.nr && norm > 0; g++)
		lambda[g] = fmin(price, fmax(0, lambda[g] + t * s[g]));
	free(s);
	return norm > 0;
}

/*
 * Round 0 is the plain solve (lambda = 0: its bound bounds the penalised
 * optimum, as E >= 0); each later round moves the multipliers by a
 * subgradient step from the previous round's raw solution and re-solves the
 * adjusted values: its bound plus sum lambda T is a bound too, and its
 * solution, repaired and improved, a candidate. Every re-solve gets the full
 * time limit: capping it by wall-clock time made results depend on the
 * machine's load.
 */
static int fast_fair(const struct source_model *m, const struct source_fair *f,
		     struct source_solution *sol, struct muster_error *err)
{
	struct source_model adj = *m;
	struct source_solution last = {0};
	size_t np = m->pairs.nr;
	double price = lambda_price(m, f), theta = FAIR_THETA, ub;
	double *lambda = xcalloc(f->groups.nr + 1, sizeof(*lambda));
	long *tmp = xcalloc(np + 1, sizeof(*tmp)), *at = xcalloc(np + 1, sizeof(*at));
	int rc = source_fast_solve(m, sol, err);
	if (rc < 0)
		goto out;
	sol->optimal = false;
	ub = sol->bound;
	memcpy(at, sol->x, np * sizeof(*at));
	memset(sol->x, 0, np * sizeof(*sol->x)); /* nothing sourced: objective 0 */
	sol->objective = 0;
	consider(m, f, at, tmp, sol);
	adj.pairs.items = xcalloc(np + 1, sizeof(*adj.pairs.items));
	memcpy(adj.pairs.items, m->pairs.items, np * sizeof(*adj.pairs.items));
	for (int round = 1; round < FAIR_ROUNDS && rc == 0; round++) {
		if (!step_lambda(m, f, at, ub, sol->objective, theta, price, lambda))
			break;
		double offset = adjust(m, f, lambda, adj.pairs.items);
		source_solution_release(&last);
		rc = source_fast_solve(&adj, &last, err);
		if (rc < 0)
			break;
		ub = last.bound + offset;
		if (ub < sol->bound)
			sol->bound = ub;
		else
			theta /= 2;
		memcpy(at, last.x, np * sizeof(*at));
		consider(m, f, at, tmp, sol);
	}
	source_solution_release(&last);
	free(adj.pairs.items);
out:
	free(lambda);
	free(tmp);
	free(at);
	return rc;
}

/*
 * When GLPK stopped at the time limit, its incumbent (or nothing: the
 * extension gets no greedy seed) improved by the local search, which from
 * nothing fills greedily within the fair shares' price; the bound stays.
 */
static void improve(const struct source_model *m, const struct source_fair *f,
		    struct source_solution *sol)
{
	long *tmp = xcalloc(m->pairs.nr + 1, sizeof(*tmp));
	double before = penalised(m, f, sol->x);
	sol->objective = before;
	consider(m, f, sol->x, tmp, sol);
	free(tmp);
}

int source_fair_solve(const struct source_model *m, struct source_solution *sol, double *excess,
		      struct muster_error *err)
{
	struct source_fair f;
	int rc = source_fair_prepare(m, &f, err);
	if (rc == 0 && m->opts.exact) {
		struct source_exact_ext ext = {source_fair_exact_add, &f};
		rc = source_exact_solve_ext(m, &ext, sol, err);
		if (rc == 0 && !sol->optimal)
			improve(m, &f, sol);
	} else if (rc == 0) {
		rc = fast_fair(m, &f, sol, err);
	}
	if (rc == 0) { /* the objective of x itself, as `muster fairshare` measures it */
		*excess = source_fair_excess(m, &f, sol->x);
		sol->objective = plain_value(m, sol->x) - f.penalty * *excess;
		if (sol->bound < sol->objective)
			sol->bound = sol->objective;
	}
	source_fair_release(&f);
	return rc;
}
