/*
 * source_fast.c: the fast sourcing solver (DESIGN.md section 4), a Lagrangian
 * heuristic for the packing integer program of source.h.
 *
 * Key decisions:
 * - Presolve. Every pair's upper bound is tightened to what each of its rows
 *   allows alone (floor(rhs / coef)); this fixes pairs under a deadline cap or
 *   an exhausted ceiling to 0. A row whose entries cannot exceed its rhs even
 *   at their (tightened) bounds can never bind and is left out; of rows with
 *   the same entries (one line over several unchanged segments) only the one
 *   with the smallest rhs is kept. The solver works on a column-wise copy of
 *   the remaining rows, each scaled to rhs 1, values scaled to at most 1.
 * - Dual bound. Every row is relaxed with a multiplier lambda >= 0:
 *   L(lambda) = lambda.b + sum_p ub_p max(0, v_p - lambda.A_p) bounds the
 *   optimum from above for ANY lambda >= 0 (weak duality, 0 <= x <= ub), and
 *   its minimum is the LP relaxation bound. lambda is improved by a deflected
 *   projected subgradient method with Polyak steps aimed at the best primal
 *   value; the step scale is halved when the bound stalls (only a 0.1% drop
 *   counts as progress) or the iterates overshoot (L 1.5x the best), going
 *   back to the best multipliers. Between full passes over the columns,
 *   partial passes visit only the pairs whose reduced cost is near
 *   profitable, from a contiguous copy of their columns (see lagrangian());
 *   rows are kept in model order and the dual passes read single-precision
 *   coefficients (the bound does not depend on them). The reported bound is
 *   recomputed from the best lambda in the original units with long double
 *   sums, plus a margin for rounding, so it is never below the true optimum.
 * - Dual polish. Where the subgradient steps have become too short to move,
 *   coordinate descent on a smoothed L (max(0, rc) replaced by
 *   tau log(1 + exp(rc / tau)), each multiplier minimised exactly by Newton's
 *   method) lowers it further, at falling tau (see polish()). Exact
 *   coordinate descent on L itself stalls at once: L is piecewise linear and
 *   at its kinks no single multiplier can move. On L of bench/ this took the
 *   bound from 0.64% to 0.44% above the LP bound, and the primal found
 *   at the polished multipliers is better too.
 * - Primal. A greedy over pairs that takes as many units as every row still
 *   allows, so each solution is feasible by construction; during the
 *   iterations in order of value per priced resource use (lambda plus a small
 *   price for every row), at the end also by decreasing reduced cost and by
 *   the running average of the subproblem solutions (an estimate of the LP
 *   optimum) on models under FAST_PRIMAL_SMALL entries. Each greedy is
 *   followed by an ejection local search (eject()): one more unit of a pair
 *   is added by dropping units of less valuable pairs from every row that
 *   blocks it (any number of rows, the candidate covering most of the rows'
 *   needs per value lost first) when that gains value, then a refill; the
 *   best solution gets a longer search, for pairs with reduced cost near 0,
 *   within a work budget. Candidates come from a per-row index of the pairs
 *   in use, rebuilt each pass (rows can have thousands of pairs, a solution
 *   uses few). A final check of every row of the model (not only the kept
 *   ones) repairs any excess, so the result is always feasible.
 * - Deterministic: no random numbers, sorts break ties by pair index; the
 *   iterations stop on a count of entries visited, a gap, or a stalled step
 *   scale; the time limit (opts.time_limit, in processor seconds, so that a
 *   busy machine does not change the result) only caps them.
 * - Interruptible: polls the call's cancel flag (opts.ctx) and then returns MUSTER_EINTR with
 *   no solution; reports progress through the same context.
 */
#include "source.h"
#include "i18n.h"
#include "util.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FAST_MIN_ITER	   150	   /* subgradient iterations: at least, */
#define FAST_MAX_ITER	   1500	   /* at most, */
#define FAST_ITER_WORK	   2.0e9   /* and until about this many entry visits */
#define FAST_REL_GAP	   2e-4	   /* stop when the gap is this small */
#define FAST_STALL	   40	   /* iterations without progress before halving */
#define FAST_MIN_THETA	   1e-5	   /* stop when the step scale falls below this */
#define FAST_FEAS_EPS	   1e-9	   /* integrality slack for floor(slack / coef) */
#define FAST_BOUND_REL	   1e-9	   /* relative safety margin on the bound */
#define FAST_EJECT_PASSES  10	   /* ejection passes of the final search, at most */
#define FAST_EJECT_WORK	   250	   /* its budget: entries scanned per column entry */
#define FAST_EJECT_MAX	   5e8	   /* and at most this many */
#define FAST_EJECT_RC	   0.25	   /* ejections only for pairs with rc above -this x value */
#define FAST_PROGRESS	   1e-3	   /* relative decrease of L that counts as progress */
#define FAST_DIVERGE	   1.5	   /* L above best x this: steps overshoot */
#define FAST_DEFLECT	   0.7	   /* weight of the previous direction */
#define FAST_AVG_WEIGHT	   0.05	   /* weight of the newest x(lambda) in the average */
#define FAST_THETA0	   2.0	   /* initial step scale */
#define FAST_PRIMAL_SMALL  2000000 /* entries: below, more primal rounds */
#define FAST_LIVE_MARGIN   0.5	   /* partial passes skip pairs with rc below -this x value */
#define FAST_FULL_FIRST	   20	   /* full passes in the first iterations, */
#define FAST_FULL_EVERY	   10	   /* then one in this many */
#define FAST_DEFAULT_TIME  60	   /* seconds, when opts.time_limit is not set */
#define FAST_POLISH_WORK   110	   /* smoothed sweeps (polish()): this many x entries visited, */
#define FAST_POLISH_TAU	   1e-4	   /* from this smoothing (scaled values), */
#define FAST_POLISH_MIN	   1e-6	   /* down to this one, */
#define FAST_POLISH_STOP   2e-5	   /* each tau while a sweep lowers L by this much (relative) */
#define FAST_POLISH_MISSES 2	   /* sweeps above the best L before a smaller tau */
#define FAST_SMOOTH_CUT	   25	   /* sweeps skip pairs with rc below -this x tau (e^-25) */

struct fast {
	const struct source_model *m;
	size_t np, nr;	    /* pairs, model rows */
	size_t nact;	    /* active (kept) rows */
	uint32_t *act_row;  /* active index -> model row */
	long *ub;	    /* tightened upper bounds */
	double vscale;	    /* values are divided by this */
	double *v;	    /* scaled values */
	size_t *cstart;	    /* np + 1: column starts */
	uint32_t *crow;	    /* active row index of each column entry */
	double *ccoef;	    /* scaled coefficient a / b */
	float *lcoef;	    /* the same in single precision, for the dual passes */
	double *lam, *best; /* multipliers of active rows (scaled) */
	double *g, *d;	    /* subgradient, direction */
	double *rc;	    /* reduced cost per pair (scaled) */
	double *xbar;	    /* running average of x(lambda) / ub: a fractional primal */
	uint32_t *live;	    /* pairs visited by partial passes */
	size_t nlive;
	size_t *lstart; /* nlive + 1: their columns, copied contiguously */
	uint32_t *lrow;
	float *llcoef;
	double work;	  /* column entries visited so far */
	double best_dual; /* best L (scaled) */
	long *x, *xbest;  /* current greedy and the best solution */
	double best_obj;  /* original units */
	uint32_t *order;  /* pair order for the greedy */
	double *slack;	  /* per active row: capacity left (scaled) */
	double *key;	  /* sort keys per pair */
	size_t *rstart;	  /* nact + 1: per row, the pairs with x > 0 (index_rows()) */
	uint32_t *rpair;
	/* Ejection state (see eject()): */
	double *need;	 /* per active row: capacity still to free, or <= 0 */
	uint32_t *drows; /* the rows with a need */
	uint32_t *stamp; /* per pair: candidate mark */
	uint32_t tick;	 /* current mark */
	uint32_t *cand;	 /* candidates to drop */
	long *drop;	 /* per pair: units planned to drop */
	uint32_t *dlist; /* pairs with drop > 0 */
	/* The smoothed sweeps (see polish(), sweep_rows()): their columns row-wise. */
	size_t *wstart; /* nact + 1 */
	uint32_t *wpair;
	float *wcoef;
	struct near *near; /* per row: its pairs near paying, up to its length */
};

/*
 * The run's deadline (processor time, cpu_seconds()) has passed: the whole
 * run ends within its time limit. Processor time, so that a busy machine
 * does not cut the iterations short (and change the result).
 */
static bool past_deadline(const struct fast *f)
{
	return f->m->opts.deadline > 0 && cpu_seconds() > f->m->opts.deadline;
}

struct near {
	double r, c, w; /* reduced cost without the row's term, coefficient, ub x coef */
};

static long floor_div(double rhs, double coef)
{
	if (rhs <= 0)
		return 0;
	double q = floor(rhs / coef + FAST_FEAS_EPS);
	return q > (double)LONG_MAX / 2 ? LONG_MAX / 2 : (long)q;
}

/* Tighten ub_p to min over the pair's rows of floor(rhs / coef). */
static void tighten_bounds(struct fast *f)
{
	const struct source_model *m = f->m;
	for (size_t p = 0; p < f->np; p++)
		f->ub[p] = m->pairs.items[p].ub > 0 ? m->pairs.items[p].ub : 0;
	for (size_t i = 0; i < f->nr; i++) {
		const struct source_row *r = &m->rows.items[i];
		for (size_t k = r->first; k < r->first + r->n; k++) {
			const struct source_entry *e = &m->entries.items[k];
			long q = floor_div(r->rhs, e->coef);
			if (q < f->ub[e->pair])
				f->ub[e->pair] = q;
		}
	}
}

static uint64_t mix64(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Order-independent hash of a row's live entries (pairs with ub > 0). */
static uint64_t row_hash(const struct fast *f, const struct source_row *r)
{
	uint64_t h = 0;
	for (size_t k = r->first; k < r->first + r->n; k++) {
		const struct source_entry *e = &f->m->entries.items[k];
		if (f->ub[e->pair] <= 0)
			continue;
		uint64_t c;
		memcpy(&c, &e->coef, sizeof(c));
		h += mix64(((uint64_t)e->pair << 20) ^ mix64(c));
	}
	return h;
}

/* Same live entries in the same order (a safe, conservative test). */
static bool rows_equal(const struct fast *f, const struct source_row *a, const struct source_row *b)
{
	size_t i = a->first, j = b->first, ei = a->first + a->n, ej = b->first + b->n;
	const struct source_entry *E = f->m->entries.items;
	for (;;) {
		while (i < ei && f->ub[E[i].pair] <= 0)
			i++;
		while (j < ej && f->ub[E[j].pair] <= 0)
			j++;
		if (i == ei || j == ej)
			return i == ei && j == ej;
		if (E[i].pair != E[j].pair || E[i].coef != E[j].coef)
			return false;
		i++, j++;
	}
}

struct row_key {
	uint64_t hash;
	uint32_t row;
};

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_row_key(const void *a, const void *b)
{
	const struct row_key *x = a, *y = b;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* Rows that can bind: sum of ub x coef above rhs. */
static bool row_can_bind(const struct fast *f, const struct source_row *r)
{
	double use = 0;
	for (size_t k = r->first; k < r->first + r->n; k++) {
		const struct source_entry *e = &f->m->entries.items[k];
		use += (double)f->ub[e->pair] * e->coef;
		if (use > r->rhs + FAST_FEAS_EPS)
			return true;
	}
	return false;
}

/* Keep binding rows, one of each group of identical rows (smallest rhs). */
static void select_rows(struct fast *f)
{
	const struct source_model *m = f->m;
	struct row_key *keys = xmalloc((f->nr ? f->nr : 1) * sizeof(*keys));
	size_t nk = 0;
	for (size_t i = 0; i < f->nr; i++)
		if (row_can_bind(f, &m->rows.items[i]))
			keys[nk++] = (struct row_key){row_hash(f, &m->rows.items[i]), (uint32_t)i};
	qsort(keys, nk, sizeof(*keys), cmp_row_key);
	f->act_row = xmalloc((nk ? nk : 1) * sizeof(*f->act_row));
	f->nact = 0;
	for (size_t a = 0; a < nk;) {
		size_t b = a;
		while (b < nk && keys[b].hash == keys[a].hash)
			b++;
		/* Within a hash group, drop a row equal to a kept one of smaller rhs. */
		for (size_t k = a; k < b; k++) {
			const struct source_row *rk = &m->rows.items[keys[k].row];
			bool dominated = false;
			for (size_t j = a; j < b && !dominated; j++) {
				const struct source_row *rj = &m->rows.items[keys[j].row];
				if (j == k || rj->rhs > rk->rhs || (rj->rhs == rk->rhs && j > k))
					continue;
				dominated = rows_equal(f, rj, rk);
			}
			if (!dominated)
				f->act_row[f->nact++] = keys[k].row;
		}
		a = b;
	}
	free(keys);
	/* Model order: a pair's rows (segments of its constraints) stay close in memory. */
	qsort(f->act_row, f->nact, sizeof(*f->act_row), cmp_u32);
}

/* Column-wise copy of the active rows, scaled to rhs 1. */
static void build_columns(struct fast *f)
{
	const struct source_model *m = f->m;
	f->cstart = xcalloc(f->np + 1, sizeof(*f->cstart));
	for (size_t a = 0; a < f->nact; a++) {
		const struct source_row *r = &m->rows.items[f->act_row[a]];
		for (size_t k = r->first; k < r->first + r->n; k++)
			if (f->ub[m->entries.items[k].pair] > 0)
				f->cstart[m->entries.items[k].pair + 1]++;
	}
	for (size_t p = 0; p < f->np; p++)
		f->cstart[p + 1] += f->cstart[p];
	size_t ne = f->cstart[f->np];
	f->crow = xmalloc((ne ? ne : 1) * sizeof(*f->crow));
	f->ccoef = xmalloc((ne ? ne : 1) * sizeof(*f->ccoef));
	size_t *fill = xmalloc((f->np + 1) * sizeof(*fill));
	memcpy(fill, f->cstart, (f->np + 1) * sizeof(*fill));
	for (size_t a = 0; a < f->nact; a++) {
		const struct source_row *r = &m->rows.items[f->act_row[a]];
		for (size_t k = r->first; k < r->first + r->n; k++) {
			const struct source_entry *e = &m->entries.items[k];
			if (f->ub[e->pair] <= 0)
				continue;
			size_t at = fill[e->pair]++;
			f->crow[at] = (uint32_t)a;
			f->ccoef[at] = e->coef / r->rhs; /* rhs > 0: the row can bind */
		}
	}
	free(fill);
	f->lcoef = xmalloc((ne ? ne : 1) * sizeof(*f->lcoef));
	for (size_t k = 0; k < ne; k++)
		f->lcoef[k] = (float)f->ccoef[k];
}

/*
 * Index the pairs with x > 0 by row (f->rstart/rpair), the candidates of the
 * ejections: a solution uses few of the pairs, and a row may have thousands.
 */
static void index_rows(struct fast *f)
{
	memset(f->rstart, 0, (f->nact + 1) * sizeof(*f->rstart));
	for (size_t p = 0; p < f->np; p++)
		if (f->x[p] > 0)
			for (size_t k = f->cstart[p]; k < f->cstart[p + 1]; k++)
				f->rstart[f->crow[k] + 1]++;
	for (size_t a = 0; a < f->nact; a++)
		f->rstart[a + 1] += f->rstart[a];
	for (size_t p = 0; p < f->np; p++)
		if (f->x[p] > 0)
			for (size_t k = f->cstart[p]; k < f->cstart[p + 1]; k++)
				f->rpair[f->rstart[f->crow[k]]++] = (uint32_t)p;
	/* The fill moved every start to the next row's: shift back. */
	memmove(f->rstart + 1, f->rstart, f->nact * sizeof(*f->rstart));
	f->rstart[0] = 0;
}

static void scale_values(struct fast *f)
{
	f->vscale = 0;
	for (size_t p = 0; p < f->np; p++)
		if (f->ub[p] > 0 && f->m->pairs.items[p].value > f->vscale)
			f->vscale = f->m->pairs.items[p].value;
	if (f->vscale <= 0)
		f->vscale = 1;
	f->v = xmalloc((f->np ? f->np : 1) * sizeof(*f->v));
	for (size_t p = 0; p < f->np; p++) {
		double val = f->m->pairs.items[p].value;
		f->v[p] = f->ub[p] > 0 && val > 0 ? val / f->vscale : 0;
	}
}

static void fast_init(struct fast *f, const struct source_model *m)
{
	memset(f, 0, sizeof(*f));
	f->m = m;
	f->np = m->pairs.nr;
	f->nr = m->rows.nr;
	size_t np1 = f->np ? f->np : 1;
	f->ub = xmalloc(np1 * sizeof(*f->ub));
	tighten_bounds(f);
	select_rows(f);
	build_columns(f);
	scale_values(f);
	size_t na1 = f->nact ? f->nact : 1;
	f->lam = xcalloc(na1, sizeof(*f->lam));
	f->best = xcalloc(na1, sizeof(*f->best));
	f->g = xcalloc(na1, sizeof(*f->g));
	f->d = xcalloc(na1, sizeof(*f->d));
	f->rc = xmalloc(np1 * sizeof(*f->rc));
	f->xbar = xcalloc(np1, sizeof(*f->xbar));
	f->live = xmalloc(np1 * sizeof(*f->live));
	f->lstart = xcalloc(np1 + 1, sizeof(*f->lstart));
	size_t ne1 = f->cstart[f->np] ? f->cstart[f->np] : 1;
	f->lrow = xmalloc(ne1 * sizeof(*f->lrow));
	f->llcoef = xmalloc(ne1 * sizeof(*f->llcoef));
	f->x = xcalloc(np1, sizeof(*f->x));
	f->xbest = xcalloc(np1, sizeof(*f->xbest));
	f->order = xmalloc(np1 * sizeof(*f->order));
	f->key = xmalloc(np1 * sizeof(*f->key));
	f->slack = xmalloc(na1 * sizeof(*f->slack));
	f->need = xcalloc(na1, sizeof(*f->need));
	f->rstart = xcalloc(na1 + 1, sizeof(*f->rstart));
	f->rpair = xmalloc((f->cstart[f->np] ? f->cstart[f->np] : 1) * sizeof(*f->rpair));
	f->drows = xmalloc(na1 * sizeof(*f->drows));
	f->stamp = xcalloc(np1, sizeof(*f->stamp));
	f->cand = xmalloc(np1 * sizeof(*f->cand));
	f->drop = xcalloc(np1, sizeof(*f->drop));
	f->dlist = xmalloc(np1 * sizeof(*f->dlist));
	f->best_obj = 0;
	f->best_dual = HUGE_VAL;
}

static void fast_release(struct fast *f)
{
	free(f->act_row);
	free(f->ub);
	free(f->v);
	free(f->cstart);
	free(f->crow);
	free(f->ccoef);
	free(f->lcoef);
	free(f->lam);
	free(f->best);
	free(f->g);
	free(f->d);
	free(f->rc);
	free(f->xbar);
	free(f->live);
	free(f->lstart);
	free(f->lrow);
	free(f->llcoef);
	free(f->x);
	free(f->xbest);
	free(f->order);
	free(f->key);
	free(f->slack);
	free(f->rstart);
	free(f->rpair);
	free(f->need);
	free(f->drows);
	free(f->stamp);
	free(f->cand);
	free(f->drop);
	free(f->dlist);
	free(f->wstart);
	free(f->wpair);
	free(f->wcoef);
	free(f->near);
}

/*
 * Reduced costs at f->lam, the Lagrangian value L (scaled) and, in the same
 * pass over the columns, the subgradient g = b - A x(lambda). A full pass
 * visits every pair and lists as live those whose reduced cost is above
 * -FAST_LIVE_MARGIN x value; the passes in between visit only those (most
 * pairs of a large model are far from profitable, and stay so), so their L
 * ignores the others and is only an estimate: the best multipliers are
 * chosen on full passes only, and the bound is recomputed exactly at the end.
 */
/* A partial pass over the live columns: their part of L (see lagrangian()). */
static long double live_pass(struct fast *f)
{
	long double L = 0;
	for (size_t i = 0; i < f->nlive; i++) {
		size_t p = f->live[i], k0 = f->lstart[i], k1 = f->lstart[i + 1];
		double rc = f->v[p];
		for (size_t k = k0; k < k1; k++)
			rc -= f->lam[f->lrow[k]] * (double)f->llcoef[k];
		f->rc[p] = rc;
		f->work += k1 - k0;
		if (rc <= 0)
			continue;
		double u = (double)f->ub[p];
		L += (long double)u * rc;
		for (size_t k = k0; k < k1; k++)
			f->g[f->lrow[k]] -= u * (double)f->llcoef[k];
	}
	return L;
}

static double lagrangian(struct fast *f, bool full)
{
	long double L = 0;
	for (size_t a = 0; a < f->nact; a++) {
		L += f->lam[a];
		f->g[a] = 1;
	}
	if (!full)
		return (double)(L + live_pass(f));
	size_t nlive = 0, nle = 0;
	for (size_t p = 0; p < f->np; p++) {
		double rc = f->v[p];
		size_t k0 = f->cstart[p], k1 = f->cstart[p + 1];
		for (size_t k = k0; k < k1; k++)
			rc -= f->lam[f->crow[k]] * (double)f->lcoef[k];
		f->rc[p] = rc;
		f->work += k1 - k0;
		if (rc > -FAST_LIVE_MARGIN * f->v[p] && f->v[p] > 0) {
			/* A contiguous copy of the live columns, for the partial passes. */
			f->live[nlive++] = (uint32_t)p;
			memcpy(f->lrow + nle, f->crow + k0, (k1 - k0) * sizeof(*f->lrow));
			memcpy(f->llcoef + nle, f->lcoef + k0, (k1 - k0) * sizeof(*f->llcoef));
			nle += k1 - k0;
			f->lstart[nlive] = nle;
		}
		if (rc <= 0)
			continue;
		L += (long double)f->ub[p] * rc;
		for (size_t k = k0; k < k1; k++)
			f->g[f->crow[k]] -= (double)f->ub[p] * (double)f->lcoef[k];
	}
	f->nlive = nlive;
	return (double)L;
}

/* The deflected direction from g, projected at lambda = 0; returns its |d|^2. */
static double direction(struct fast *f)
{
	double n2 = 0;
	for (size_t a = 0; a < f->nact; a++) {
		double dir = f->g[a] + FAST_DEFLECT * f->d[a];
		if (f->lam[a] <= 0 && dir > 0)
			dir = 0;
		f->d[a] = dir;
		n2 += dir * dir;
	}
	return n2;
}

static double objective(const struct source_model *m, const long *x)
{
	long double s = 0;
	for (size_t p = 0; p < m->pairs.nr; p++)
		s += (long double)x[p] * m->pairs.items[p].value;
	return (double)s;
}

/* qsort_r comparator: `ctx` is the keys (no static state: thread-safe). */
static int cmp_key_desc(const void *a, const void *b, void *ctx)
{
	const double *sort_keys = ctx;
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	if (sort_keys[i] != sort_keys[j])
		return sort_keys[i] > sort_keys[j] ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* f->order: pairs with ub > 0 and value > 0 by decreasing f->key; returns count. */
static size_t sort_order(struct fast *f)
{
	size_t n = 0;
	for (size_t p = 0; p < f->np; p++)
		if (f->ub[p] > 0 && f->v[p] > 0)
			f->order[n++] = (uint32_t)p;
	qsort_r(f->order, n, sizeof(*f->order), cmp_key_desc, f->key);
	return n;
}

/* Units of p that fit in the active rows' slack (scaled), at most `want`. */
static long fits(const struct fast *f, size_t p, long want)
{
	long k = want;
	for (size_t e = f->cstart[p]; e < f->cstart[p + 1] && k > 0; e++) {
		double s = f->slack[f->crow[e]];
		double q = floor(s / f->ccoef[e] + FAST_FEAS_EPS);
		if (q < (double)k)
			k = q > 0 ? (long)q : 0;
	}
	return k;
}

static void take(struct fast *f, size_t p, long k)
{
	f->x[p] += k;
	for (size_t e = f->cstart[p]; e < f->cstart[p + 1]; e++)
		f->slack[f->crow[e]] -= (double)k * f->ccoef[e];
}

/* Greedy in f->order over the active rows: feasible by construction. */
static void greedy(struct fast *f, size_t n)
{
	memset(f->x, 0, f->np * sizeof(*f->x));
	for (size_t a = 0; a < f->nact; a++)
		f->slack[a] = 1;
	for (size_t i = 0; i < n; i++) {
		size_t p = f->order[i];
		long k = fits(f, p, f->ub[p] - f->x[p]);
		if (k > 0)
			take(f, p, k);
	}
}

/*
 * Planned drops: the candidate that covers most of the rows' needs per value
 * lost (one unit at a time) until one more unit of p fits or the loss
 * reaches v_p. Returns the value lost, or -1 when it fails.
 */
static double plan_drops(struct fast *f, size_t p, size_t nd, size_t nc, size_t *ndl, size_t *work)
{
	double lost = 0;
	for (int steps = 0; steps < 64; steps++) {
		size_t best = SIZE_MAX;
		double best_score = HUGE_VAL;
		for (size_t i = 0; i < nc; i++) {
			size_t q = f->cand[i];
			if (f->x[q] - f->drop[q] <= 0)
				continue;
			double cover = 0;
			for (size_t e = f->cstart[q]; e < f->cstart[q + 1]; e++) {
				double nd_e = f->need[f->crow[e]];
				if (nd_e > 0)
					cover += f->ccoef[e] < nd_e ? f->ccoef[e] : nd_e;
			}
			*work += f->cstart[q + 1] - f->cstart[q];
			if (cover > 0 && f->v[q] / cover < best_score)
				best_score = f->v[q] / cover, best = q;
		}
		if (best == SIZE_MAX)
			return -1;
		if (f->drop[best]++ == 0)
			f->dlist[(*ndl)++] = (uint32_t)best;
		lost += f->v[best];
		if (lost >= f->v[p] * (1 - 1e-9))
			return -1;
		for (size_t e = f->cstart[best]; e < f->cstart[best + 1]; e++)
			f->need[f->crow[e]] -= f->ccoef[e];
		bool done = true;
		for (size_t i = 0; i < nd && done; i++)
			done = f->need[f->drows[i]] <= 0;
		if (done)
			return lost;
	}
	return -1;
}

/*
 * Ejection: add one unit of p by dropping units of less valuable pairs from
 * every row that blocks it (any number of rows), when that gains value.
 * Returns true when it did; *work counts the entries scanned.
 */
static bool eject(struct fast *f, size_t p, size_t *work)
{
	size_t nd = 0, nc = 0, ndl = 0;
	for (size_t e = f->cstart[p]; e < f->cstart[p + 1]; e++) {
		uint32_t a = f->crow[e];
		double need = f->ccoef[e] * (1 - FAST_FEAS_EPS) - f->slack[a];
		if (need > 0)
			f->need[a] = need, f->drows[nd++] = a;
	}
	if (nd == 0) {
		take(f, p, 1);
		return true;
	}
	if (++f->tick == 0)
		memset(f->stamp, 0, f->np * sizeof(*f->stamp)), f->tick = 1;
	f->stamp[p] = f->tick;
	for (size_t i = 0; i < nd; i++) {
		uint32_t a = f->drows[i];
		for (size_t k = f->rstart[a]; k < f->rstart[a + 1]; k++) {
			uint32_t q = f->rpair[k];
			if (f->stamp[q] != f->tick && f->x[q] > 0 && f->v[q] < f->v[p])
				f->stamp[q] = f->tick, f->cand[nc++] = q;
		}
		*work += f->rstart[a + 1] - f->rstart[a];
	}
	bool ok = nc > 0 && plan_drops(f, p, nd, nc, &ndl, work) >= 0;
	for (size_t i = 0; i < nd; i++)
		f->need[f->drows[i]] = 0;
	if (ok) {
		for (size_t i = 0; i < ndl; i++)
			take(f, f->dlist[i], -f->drop[f->dlist[i]]);
		if (fits(f, p, 1) == 1) {
			take(f, p, 1);
		} else { /* rounding: undo */
			for (size_t i = 0; i < ndl; i++)
				take(f, f->dlist[i], f->drop[f->dlist[i]]);
			ok = false;
		}
	}
	for (size_t i = 0; i < ndl; i++)
		f->drop[f->dlist[i]] = 0;
	return ok;
}

/* Greedy refill in f->order. */
static void refill(struct fast *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t p = f->order[i];
		long k = fits(f, p, f->ub[p] - f->x[p]);
		if (k > 0)
			take(f, p, k);
	}
}

/* Ejection passes over f->order within a work budget, each followed by a refill. */
static void improve_eject(struct fast *f, size_t n, size_t budget)
{
	size_t work = 0;
	for (int pass = 0; pass < FAST_EJECT_PASSES && work < budget; pass++) {
		bool any = false;
		index_rows(f);
		for (size_t i = 0; i < n && work < budget; i++) {
			if (i % 1024 == 0 && past_deadline(f))
				break;
			size_t p = f->order[i];
			if (f->rc[p] < -FAST_EJECT_RC * f->v[p])
				continue; /* far from profitable at the multipliers */
			while (f->x[p] < f->ub[p] && work < budget && eject(f, p, &work))
				any = true;
		}
		refill(f, n);
		if (!any)
			break;
	}
}

static void try_order(struct fast *f)
{
	size_t n = sort_order(f);
	greedy(f, n);
	improve_eject(f, n, 2 * f->cstart[f->np] + 100000);
	double obj = objective(f->m, f->x);
	if (obj > f->best_obj) {
		f->best_obj = obj;
		memcpy(f->xbest, f->x, f->np * sizeof(*f->x));
	}
}

/* Greedy by value per priced resource use (lambda + a small price for all). */
static void density_order(struct fast *f)
{
	double lsum = 0;
	for (size_t a = 0; a < f->nact; a++)
		lsum += f->lam[a];
	double delta = f->nact ? 1e-3 * (lsum / f->nact + 1e-9) : 1e-9;
	for (size_t p = 0; p < f->np; p++) {
		double use = 0;
		for (size_t e = f->cstart[p]; e < f->cstart[p + 1]; e++)
			use += (f->lam[f->crow[e]] + delta) * f->ccoef[e];
		f->key[p] = use > 0 ? f->v[p] / use : HUGE_VAL;
	}
	try_order(f);
}

/*
 * Primal heuristics at the current multipliers (f->rc is up to date): greedy
 * by reduced cost and by the averaged fractional primal (ties by reduced
 * cost); the final round also tries other tie weights and the density order.
 */
static void primal_round(struct fast *f, bool final)
{
	static const double tie[] = {1e-3, 0.1, 1};
	density_order(f);
	if (!final || f->cstart[f->np] >= FAST_PRIMAL_SMALL)
		return;
	for (size_t p = 0; p < f->np; p++)
		f->key[p] = f->rc[p];
	try_order(f);
	for (size_t t = 0; t < ARRAY_SIZE(tie); t++) {
		for (size_t p = 0; p < f->np; p++)
			f->key[p] = f->xbar[p] + tie[t] * f->rc[p];
		try_order(f);
	}
}

/* Load x from `src` and recompute the slacks. */
static void load_x(struct fast *f, const long *src)
{
	for (size_t a = 0; a < f->nact; a++)
		f->slack[a] = 1;
	memset(f->x, 0, f->np * sizeof(*f->x));
	for (size_t p = 0; p < f->np; p++)
		if (src[p] > 0)
			take(f, p, src[p]);
}

static void keep_if_better(struct fast *f)
{
	double obj = objective(f->m, f->x);
	if (obj > f->best_obj) {
		f->best_obj = obj;
		memcpy(f->xbest, f->x, f->np * sizeof(*f->x));
	}
}

/*
 * Ejection local search from the best solution, pairs by reduced cost
 * relative to their value (a little better than by reduced cost on S, M and
 * three L scenarios of bench/: +0.01% to +0.04%, never worse).
 */
static void final_search(struct fast *f)
{
	for (size_t p = 0; p < f->np; p++)
		f->key[p] = f->v[p] > 0 ? f->rc[p] / f->v[p] : f->rc[p];
	size_t n = sort_order(f);
	load_x(f, f->xbest);
	double budget = FAST_EJECT_WORK * (double)f->cstart[f->np] + 1e6;
	improve_eject(f, n, (size_t)(budget < FAST_EJECT_MAX ? budget : FAST_EJECT_MAX));
	keep_if_better(f);
}

/* Final safety net: enforce every model row exactly; drops the least valuable units. */
static void repair(struct fast *f, long *x)
{
	const struct source_model *m = f->m;
	for (size_t p = 0; p < f->np; p++) {
		long ub = m->pairs.items[p].ub;
		if (x[p] > ub)
			x[p] = ub > 0 ? ub : 0;
	}
	for (size_t i = 0; i < f->nr; i++) {
		const struct source_row *r = &m->rows.items[i];
		source_row_hold(m, r, x, r->rhs + 1e-9 * (r->rhs > 1 ? r->rhs : 1));
	}
}

/*
 * The bound in original units at multipliers `lam` (scaled): lambda_i =
 * lam_i x vscale / rhs_i. Long double sums plus a relative margin.
 */
static double original_bound(const struct fast *f, const double *lam)
{
	const struct source_model *m = f->m;
	double *lo = xcalloc(f->nr ? f->nr : 1, sizeof(*lo));
	long double L = 0, mag = 0;
	for (size_t a = 0; a < f->nact; a++) {
		const struct source_row *r = &m->rows.items[f->act_row[a]];
		lo[f->act_row[a]] = lam[a] * f->vscale / r->rhs;
		L += (long double)lo[f->act_row[a]] * r->rhs;
	}
	mag = L;
	long double *red = xmalloc((f->np ? f->np : 1) * sizeof(*red));
	for (size_t p = 0; p < f->np; p++)
		red[p] = m->pairs.items[p].value;
	for (size_t i = 0; i < f->nr; i++) {
		const struct source_row *r = &m->rows.items[i];
		if (lo[i] == 0)
			continue;
		for (size_t k = r->first; k < r->first + r->n; k++) {
			const struct source_entry *e = &m->entries.items[k];
			red[e->pair] -= (long double)lo[i] * e->coef;
			mag += (long double)f->ub[e->pair] * lo[i] * e->coef;
		}
	}
	for (size_t p = 0; p < f->np; p++) {
		mag += (long double)f->ub[p] * fabs(m->pairs.items[p].value);
		if (red[p] > 0)
			L += (long double)f->ub[p] * red[p];
	}
	free(red);
	free(lo);
	return (double)(L + mag * FAST_BOUND_REL) + 1e-9;
}

static int interrupted(struct muster_error *err)
{
	return muster_error_set(err, MUSTER_EINTR, _("sourcing interrupted"));
}

/*
 * The running average of the subproblem solutions approaches an optimal
 * solution of the LP relaxation (the ergodic sequence of subgradient
 * methods); the greedy uses it as an order. Partial passes update only the
 * live pairs (the others are not profitable then).
 */
static void average_primal(struct fast *f, int it, bool full)
{
	double w = it < 20 ? 1.0 / (it + 1) : FAST_AVG_WEIGHT;
	size_t n = full ? f->np : f->nlive;
	for (size_t i = 0; i < n; i++) {
		size_t p = full ? i : f->live[i];
		f->xbar[p] = (1 - w) * f->xbar[p] + (f->rc[p] > 0 ? w : 0);
	}
}

/*
 * Iterations between primal rounds: the primal improves with the dual, so a
 * round late in the run is worth more; a round costs a sort and a few passes
 * over the columns, so large models get fewer.
 */
static int primal_interval(const struct fast *f, int iters)
{
	int rounds = f->cstart[f->np] < FAST_PRIMAL_SMALL ? 24 : 6;
	return iters / rounds > 1 ? iters / rounds : 1;
}

/*
 * Minimise the smoothed row function of one multiplier: with the others
 * fixed, L_tau(lambda_a) = lambda_a + sum over the row's pairs of
 * ub_p tau log(1 + exp((r_p - lambda_a c_p) / tau)), r_p the reduced cost
 * without the row's term. It is smooth and convex; its slope
 * 1 - sum w_p sigma((r_p - lambda c_p) / tau) rises with lambda, so the
 * minimum is the root of the slope, or 0 when the slope is positive at 0:
 * Newton's method kept inside a bracket [lo, hi] that closes on either (on
 * 0 it ends within 12 steps near 0, as good as 0 for L; testing the slope
 * at 0 first cost a pass per row and changed only the noise). Pairs with
 * r_p <= -FAST_SMOOTH_CUT tau add nothing.
 */
static double row_slope(const struct near *nr, size_t n, double x, double tau, double *d2)
{
	double d1 = 1;
	*d2 = 0;
	for (size_t i = 0; i < n; i++) {
		double sg = 1 / (1 + exp(-(nr[i].r - x * nr[i].c) / tau));
		d1 -= nr[i].w * sg;
		*d2 += nr[i].w * nr[i].c * sg * (1 - sg) / tau;
	}
	return d1;
}

static double row_minimum(const struct near *nr, size_t n, double la, double hi, double tau)
{
	double lo = 0, x = la > 0 && la < hi ? la : 0.5 * hi, d2;
	for (int it = 0; it < 12; it++) {
		double d1 = row_slope(nr, n, x, tau, &d2);
		if (d1 < 0)
			lo = x;
		else
			hi = x;
		double nx = d2 > 0 ? x - d1 / d2 : 0.5 * (lo + hi);
		if (!(nx > lo && nx < hi))
			nx = 0.5 * (lo + hi);
		if (fabs(nx - x) <= 1e-7 * (x > 1e-12 ? x : 1e-12))
			return nx;
		x = nx;
	}
	return x;
}

/*
 * One sweep of coordinate descent on the smoothed Lagrangian L_tau, the
 * Lagrangian with max(0, rc) replaced by tau log(1 + exp(rc / tau)). Exact
 * coordinate descent on L itself stalls at once (L is piecewise linear: at a
 * kink no single multiplier can move); the smoothed function has no kinks,
 * and its minimiser approaches L's as tau falls. f->rc must be current
 * (lagrangian(f, true)); it is kept current.
 */
static void smooth_sweep(struct fast *f, double tau)
{
	for (size_t a = 0; a < f->nact; a++) {
		size_t n = 0;
		double la = f->lam[a], hi = 0;
		for (size_t k = f->wstart[a]; k < f->wstart[a + 1]; k++) {
			uint32_t p = f->wpair[k];
			double c = (double)f->wcoef[k];
			double r = f->rc[p] + la * c;
			if (r > -FAST_SMOOTH_CUT * tau) {
				f->near[n++] = (struct near){r, c, (double)f->ub[p] * c};
				if ((r + FAST_SMOOTH_CUT * tau) / c > hi)
					hi = (r + FAST_SMOOTH_CUT * tau) / c;
			}
		}
		f->work += (double)(f->wstart[a + 1] - f->wstart[a]);
		double nl = n ? row_minimum(f->near, n, la, hi, tau) : 0;
		if (nl == la)
			continue;
		for (size_t k = f->wstart[a]; k < f->wstart[a + 1]; k++)
			f->rc[f->wpair[k]] += (la - nl) * (double)f->wcoef[k];
		f->lam[a] = nl;
	}
}

/*
 * The columns the sweeps read, row-wise: of the pairs that would pay, or
 * nearly (reduced cost above -FAST_LIVE_MARGIN x value), without the term of
 * one of their rows; the others stay far from paying while the multipliers
 * move a little. (Sweeps only choose the multipliers: L is always evaluated over
 * every pair.) f->rc must be current.
 */
static bool sweep_pair(const struct fast *f, size_t p)
{
	double most = 0;
	for (size_t k = f->cstart[p]; k < f->cstart[p + 1]; k++)
		if (f->lam[f->crow[k]] * (double)f->lcoef[k] > most)
			most = f->lam[f->crow[k]] * (double)f->lcoef[k];
	return f->v[p] > 0 &&
	       f->rc[p] + most > -FAST_LIVE_MARGIN * f->v[p] - FAST_SMOOTH_CUT * FAST_POLISH_TAU;
}

static void sweep_rows(struct fast *f)
{
	f->wstart = xcalloc(f->nact + 1, sizeof(*f->wstart));
	bool *in = xmalloc((f->np ? f->np : 1) * sizeof(*in));
	for (size_t p = 0; p < f->np; p++)
		if ((in[p] = sweep_pair(f, p)))
			for (size_t k = f->cstart[p]; k < f->cstart[p + 1]; k++)
				f->wstart[f->crow[k] + 1]++;
	size_t longest = 0;
	for (size_t a = 0; a < f->nact; a++) {
		if (f->wstart[a + 1] > longest)
			longest = f->wstart[a + 1];
		f->wstart[a + 1] += f->wstart[a];
	}
	size_t ne = f->wstart[f->nact];
	f->wpair = xmalloc((ne ? ne : 1) * sizeof(*f->wpair));
	f->wcoef = xmalloc((ne ? ne : 1) * sizeof(*f->wcoef));
	f->near = xmalloc((longest ? longest : 1) * sizeof(*f->near));
	size_t *at = xmalloc((f->nact + 1) * sizeof(*at));
	memcpy(at, f->wstart, (f->nact + 1) * sizeof(*at));
	for (size_t p = 0; p < f->np; p++)
		for (size_t k = f->cstart[p]; in[p] && k < f->cstart[p + 1]; k++) {
			size_t w = at[f->crow[k]]++;
			f->wpair[w] = (uint32_t)p;
			f->wcoef[w] = f->lcoef[k];
		}
	free(at);
	free(in);
}

/*
 * Polish the best multipliers after the subgradient loop, whose steps end
 * too short to move (on L of bench/ it stalls 0.6% above the LP bound):
 * smoothed sweeps at falling tau, from FAST_POLISH_TAU to FAST_POLISH_MIN
 * in steps of 3. A tau is kept while each sweep gives a new best L, lower
 * than the sweep before by FAST_POLISH_STOP (relative); after a smaller
 * gain, or FAST_POLISH_MISSES sweeps in a row above the best (the smoothed
 * minimum is not L's), the next tau starts from the best multipliers.
 * Stops within a work budget.
 * Returns 0 or MUSTER_EINTR.
 */
static int polish(struct fast *f, double t0, double limit, struct muster_error *err)
{
	double start = f->work, budget = f->work + FAST_POLISH_WORK * (double)f->cstart[f->np];
	double tau = FAST_POLISH_TAU, prev = HUGE_VAL;
	int misses = 0;
	memcpy(f->lam, f->best, f->nact * sizeof(*f->lam));
	lagrangian(f, true);
	sweep_rows(f);
	while (tau >= FAST_POLISH_MIN && f->work < budget && cpu_seconds() - t0 <= limit &&
	       !past_deadline(f)) {
		if (ctx_cancelled(f->m->opts.ctx))
			return interrupted(err);
		ctx_progress(f->m->opts.ctx, "sourcing (fast): polishing the bound, % of budget",
			     (uint64_t)(100 * (f->work - start) / (budget - start)), 100);
		smooth_sweep(f, tau);
		double L = lagrangian(f, true);
		bool gain = L < prev * (1 - FAST_POLISH_STOP);
		prev = L;
		if (L < f->best_dual) {
			f->best_dual = L;
			memcpy(f->best, f->lam, f->nact * sizeof(*f->lam));
			misses = 0;
			if (gain)
				continue;
		} else if (++misses < FAST_POLISH_MISSES) {
			continue; /* maybe still on its way to the smoothed minimum */
		} else {
			memcpy(f->lam, f->best, f->nact * sizeof(*f->lam));
			lagrangian(f, true);
			misses = 0;
		}
		prev = HUGE_VAL;
		tau /= 3;
	}
	return 0;
}

/* The subgradient loop; returns 0 or MUSTER_EINTR. */
static int dual_loop(struct fast *f, struct muster_error *err)
{
	double limit = f->m->opts.time_limit > 0 ? f->m->opts.time_limit : FAST_DEFAULT_TIME;
	double t0 = cpu_seconds(), theta = FAST_THETA0, ref = HUGE_VAL;
	int stall = 0, iters = FAST_MAX_ITER;
	/* Large models: the first primal rounds (poor multipliers) are not worth their time. */
	bool small = f->cstart[f->np] < FAST_PRIMAL_SMALL;
	int next_primal = small ? 0 : 30;
	for (int it = 0; it < iters; it++) {
		if (ctx_cancelled(f->m->opts.ctx))
			return interrupted(err);
		ctx_progress(f->m->opts.ctx, "sourcing (fast)", (uint64_t)it, (uint64_t)iters);
		bool full = it < FAST_FULL_FIRST || it % FAST_FULL_EVERY == 0;
		double L = lagrangian(f, full);
		if (small) /* the average orders the final round on small models only */
			average_primal(f, it, full);
		/*
		 * Progress is judged on full passes: a new best is kept, but only a
		 * decrease by FAST_PROGRESS since the last reset counts as progress
		 * (slow creeping means the steps are too long); stall counts iterations.
		 */
		bool better = full && L < f->best_dual * (1 - 1e-7);
		if (better) {
			f->best_dual = L;
			memcpy(f->best, f->lam, f->nact * sizeof(*f->lam));
		}
		if (full && L < ref * (1 - FAST_PROGRESS)) {
			ref = L;
			stall = 0;
		} else if (full &&
			   (L > f->best_dual * FAST_DIVERGE ||
			    (stall += it < FAST_FULL_FIRST ? 1 : FAST_FULL_EVERY) >= FAST_STALL)) {
			/* Stalled, or the steps overshoot: back to the best, shorter steps. */
			theta /= 2;
			stall = 0;
			ref = f->best_dual;
			memcpy(f->lam, f->best, f->nact * sizeof(*f->lam));
			memset(f->d, 0, f->nact * sizeof(*f->d));
			continue;
		}
		if (it >= next_primal) {
			primal_round(f, false);
			next_primal = it < 30 && small ? it + 10 : it + primal_interval(f, iters);
		}
		double lb = f->best_obj / f->vscale;
		if (f->best_dual - lb <= FAST_REL_GAP * f->best_dual || theta < FAST_MIN_THETA ||
		    cpu_seconds() - t0 > limit || past_deadline(f) ||
		    (it >= FAST_MIN_ITER && f->work > FAST_ITER_WORK))
			break;
		double n2 = direction(f);
		if (n2 <= 0)
			break; /* lambda is optimal */
		double step = theta * (L - lb) / n2;
		for (size_t a = 0; a < f->nact; a++) {
			double nl = f->lam[a] - step * f->d[a];
			f->lam[a] = nl > 0 ? nl : 0;
		}
	}
	return polish(f, t0, limit, err);
}

int source_fast_solve(const struct source_model *m, struct source_solution *sol,
		      struct muster_error *err)
{
	struct fast f;
	int ret = 0;
	if (m->opts.no_rows && m->resources.nr)
		return muster_error_set(
		    err, MUSTER_EINVAL,
		    _("the fast solver needs the model's rows (no_rows is set)"));
	fast_init(&f, m);
	if (f.nact == 0) {
		/* Nothing binds: every pair at its bound is optimal. */
		memcpy(f.xbest, f.ub, f.np * sizeof(*f.ub));
		f.best_obj = 0;
		for (size_t p = 0; p < f.np; p++)
			if (m->pairs.items[p].value <= 0)
				f.xbest[p] = 0;
	} else {
		ret = dual_loop(&f, err);
		if (ret < 0)
			goto out;
		memcpy(f.lam, f.best, f.nact * sizeof(*f.lam));
		lagrangian(&f, true);
		primal_round(&f, true);
		final_search(&f);
	}
	repair(&f, f.xbest);
	sol->x = xmalloc((f.np ? f.np : 1) * sizeof(*sol->x));
	memcpy(sol->x, f.xbest, f.np * sizeof(*sol->x));
	sol->objective = objective(m, sol->x);
	sol->bound = f.nact ? original_bound(&f, f.best) : sol->objective;
	if (sol->bound < sol->objective)
		sol->bound = sol->objective; /* only from rounding: both are optimal */
	sol->optimal = f.nact == 0 || sol->bound - sol->objective <= 1e-9 * fabs(sol->bound);
	ctx_progress(m->opts.ctx, "sourcing (fast)", 1, 1);
out:
	fast_release(&f);
	return ret;
}
