/*
 * source_gaps.c: explains every unfilled line and period of a solution with
 * the reason codes of DESIGN.md section 4.
 *
 * For each line in scope and segment where fewer than r.units units are
 * active, the main cause is chosen by checks in this order (the first that
 * holds wins):
 *   no-offer   no non-withdrawn offer of the line's capability or one of its
 *              substitutes (offers restricted to another mission or line do
 *              not count);
 *   readiness  such offers exist but all are below the line's min_readiness;
 *   window     none of the ready offers is available in the segment, or all
 *              that are are used up by this line already, or (detail
 *              "overlaps ...") the only candidates would overfill the line in
 *              another part of their interval;
 *   caveat     ready offers are available but hard caveats forbid them (or a
 *              max-days caveat ends their interval before): detail = caveat ids;
 *   cap        a candidate pair is blocked by a national cap: one more unit
 *              would exceed it on some day of the pair's interval: detail
 *              "USA in IRQ <= 2500 from 2021-01-15";
 *   ceiling    a candidate is blocked by the mission's ceiling: detail
 *              "phase growth <= 4000", or "no approved phase";
 *   budget     a candidate is blocked by a budget (budgets.csv): one more unit
 *              would take the nation's paid cost within it over its limit:
 *              detail "budget B1 (GBR, all missions) 1200.00 EUR left of
 *              5000.00 from 2021-01-01" (the model's paid cost, see
 *              source_budget.c);
 *   taken      the candidates' offers are fully used by other lines: detail
 *              names a few of those lines; also used (detail "not assigned by
 *              the solver") when nothing blocks, which only a solve stopped
 *              by its time limit leaves.
 * What blocks one more unit of a pair does not depend on the segment, so it is
 * computed once per pair. Consecutive segments with the same shortfall,
 * reason and detail are merged into one gap row.
 */
#include "source.h"
#include "i18n.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/*
 * What stops one more unit of an offer on a line over an interval J; when
 * several constraints do, the highest value is named (the main cause).
 */
enum blocker {
	BLOCK_NONE = 0,
	BLOCK_WINDOW,	 /* the offer is not available then */
	BLOCK_SELF,	 /* its offer is used up by this same line: no other offer then */
	BLOCK_LINE,	 /* the line is full elsewhere in J */
	BLOCK_TAKEN,	 /* its offer is used up, partly by other lines */
	BLOCK_READINESS, /* ref: offer index */
	BLOCK_CAVEAT,	 /* ref: caveat index (a hard breach, or max-days too short) */
	BLOCK_CEILING,	 /* ref: phase index, UINT32_MAX: no phase; see `requested` */
	BLOCK_CAP,	 /* ref: cap index */
	BLOCK_BUDGET,	 /* ref: budget index */
};

struct pair_block {
	enum blocker kind; /* the main cause */
	uint32_t ref;
	uint32_t seg;	/* where it blocks */
	bool requested; /* BLOCK_CEILING: the phase in force there is only requested */
	unsigned n;	/* how many constraints block (each cap, phase, caveat once) */
	unsigned kinds; /* bit k: a blocker of kind k */
};

/* Units in use per segment over [lo, hi): u[s - lo]. */
struct usage {
	uint32_t lo, hi;
	long *u;
};

struct gaps {
	const struct source_model *m;
	const struct source_solution *sol;
	const struct muster_scenario *sc;
	const char **loc;      /* per requirement */
	uint32_t *line_first;  /* pairs by line: CSR */
	uint32_t *line_pairs;  /* */
	uint32_t *offer_first; /* assigned pairs (x > 0) by offer: CSR */
	uint32_t *offer_pairs; /* */
	uint32_t *used;	       /* the pairs with x > 0 */
	size_t nused;
	uint32_t *by_cap;		      /* offer indices sorted by capability */
	uint32_t *caps_sorted;		      /* cap indices by (nation, country) */
	uint32_t *line_mission;		      /* per requirement: mission index or UINT32_MAX */
	uint32_t *cap_run_end;		      /* per by_cap position: end of its capability's run */
	uint32_t *offer_mission;	      /* per offer: mission index or UINT32_MAX */
	const struct muster_caveat **caveats; /* sorted by id, for bsearch */
	double **cap_load;	  /* per cap, per segment: deployments + assigned, lazily */
	double **ceil_load;	  /* per mission, per segment, lazily */
	int64_t **ceil_phase;	  /* per mission, per segment: phase index or -1 */
	struct pair_block *block; /* per model variable, computed on first use */
	bool *block_done;
	uint64_t stamp;		 /* the (line, segment) being explained */
	uint64_t *offer_stamp;	 /* per offer: == stamp when a variable of it is active there */
	struct usage *offer_use; /* per offer, computed on first use */
	struct usage line_use;	 /* of the line being explained */
	double *budget_load;	 /* per budget: the model's paid cost of the solution */
};

/* qsort_r comparators: `ctx` is the scenario (no static state: thread-safe). */
static int cmp_offer_cap(const void *a, const void *b, void *ctx)
{
	const struct muster_scenario *sc = ctx;
	const struct muster_offer *x = &sc->offers.items[*(const uint32_t *)a];
	const struct muster_offer *y = &sc->offers.items[*(const uint32_t *)b];
	return strcmp(x->capability, y->capability);
}

static int cmp_cap_key(const void *a, const void *b, void *ctx)
{
	const struct muster_scenario *sc = ctx;
	const struct muster_cap *x = &sc->caps.items[*(const uint32_t *)a];
	const struct muster_cap *y = &sc->caps.items[*(const uint32_t *)b];
	int c = strcmp(x->nation, y->nation);
	return c ? c : strcmp(x->country, y->country);
}

/* Pairs grouped by line or by offer (CSR); with `x`, only the pairs with x > 0. */
static uint32_t *csr(const struct source_model *m, size_t nkeys, bool by_line, const long *x,
		     uint32_t **first)
{
	uint32_t *f = xcalloc(nkeys + 2, sizeof(*f));
	uint32_t *order = xmalloc((m->pairs.nr + 1) * sizeof(*order));
	for (size_t i = 0; i < m->pairs.nr; i++)
		if (!x || x[i] > 0)
			f[(by_line ? m->pairs.items[i].line : m->pairs.items[i].offer) + 2]++;
	for (size_t k = 0; k < nkeys; k++)
		f[k + 2] += f[k + 1];
	for (size_t i = 0; i < m->pairs.nr; i++)
		if (!x || x[i] > 0)
			order[f[(by_line ? m->pairs.items[i].line : m->pairs.items[i].offer) +
				1]++] = (uint32_t)i;
	*first = f;
	return order;
}

static int cmp_caveat(const void *a, const void *b)
{
	const struct muster_caveat *x = *(const struct muster_caveat *const *)a;
	const struct muster_caveat *y = *(const struct muster_caveat *const *)b;
	return strcmp(x->id, y->id);
}

static void gaps_init(struct gaps *g, const struct source_model *m,
		      const struct source_solution *sol)
{
	const struct muster_scenario *sc = m->sc;
	memset(g, 0, sizeof(*g));
	g->m = m;
	g->sol = sol;
	g->sc = sc;
	g->loc = xcalloc(sc->requirements.nr + 1, sizeof(*g->loc));
	for (size_t i = 0; i < sc->requirements.nr; i++)
		if (m->in_scope[i])
			g->loc[i] = muster_requirement_location(sc, &sc->requirements.items[i]);
	g->line_pairs = csr(m, sc->requirements.nr, true, NULL, &g->line_first);
	g->offer_pairs = csr(m, sc->offers.nr, false, sol->x, &g->offer_first);
	g->used = xmalloc((m->pairs.nr + 1) * sizeof(*g->used));
	for (size_t i = 0; i < m->pairs.nr; i++)
		if (sol->x[i] > 0)
			g->used[g->nused++] = (uint32_t)i;
	g->by_cap = xmalloc((sc->offers.nr + 1) * sizeof(*g->by_cap));
	for (size_t i = 0; i < sc->offers.nr; i++)
		g->by_cap[i] = (uint32_t)i;
	qsort_r(g->by_cap, sc->offers.nr, sizeof(*g->by_cap), cmp_offer_cap, (void *)sc);
	/* caps by (nation, country) and each line's mission: per-pair look-ups
	 * on L-size models (800k pairs) must not scan every cap or mission */
	g->caps_sorted = xmalloc((sc->caps.nr + 1) * sizeof(*g->caps_sorted));
	for (size_t i = 0; i < sc->caps.nr; i++)
		g->caps_sorted[i] = (uint32_t)i;
	qsort_r(g->caps_sorted, sc->caps.nr, sizeof(*g->caps_sorted), cmp_cap_key, (void *)sc);
	g->line_mission = xmalloc((sc->requirements.nr + 1) * sizeof(*g->line_mission));
	for (size_t i = 0; i < sc->requirements.nr; i++) {
		const struct muster_mission *mis =
		    m->in_scope[i] ? muster_scenario_mission(sc, sc->requirements.items[i].mission)
				   : NULL;
		g->line_mission[i] = mis ? (uint32_t)(mis - sc->missions.items) : UINT32_MAX;
	}
	g->cap_run_end = xmalloc((sc->offers.nr + 1) * sizeof(*g->cap_run_end));
	for (size_t i = sc->offers.nr; i-- > 0;) {
		bool same =
		    i + 1 < sc->offers.nr && !strcmp(sc->offers.items[g->by_cap[i]].capability,
						     sc->offers.items[g->by_cap[i + 1]].capability);
		g->cap_run_end[i] = same ? g->cap_run_end[i + 1] : (uint32_t)(i + 1);
	}
	g->offer_mission = xmalloc((sc->offers.nr + 1) * sizeof(*g->offer_mission));
	for (size_t i = 0; i < sc->offers.nr; i++) {
		const struct muster_mission *mis =
		    muster_scenario_mission(sc, sc->offers.items[i].mission);
		g->offer_mission[i] = mis ? (uint32_t)(mis - sc->missions.items) : UINT32_MAX;
	}
	g->caveats = xmalloc((sc->caveats.nr + 1) * sizeof(*g->caveats));
	for (size_t i = 0; i < sc->caveats.nr; i++)
		g->caveats[i] = &sc->caveats.items[i];
	qsort(g->caveats, sc->caveats.nr, sizeof(*g->caveats), cmp_caveat);
	g->cap_load = xcalloc(sc->caps.nr + 1, sizeof(*g->cap_load));
	g->ceil_load = xcalloc(sc->missions.nr + 1, sizeof(*g->ceil_load));
	g->ceil_phase = xcalloc(sc->missions.nr + 1, sizeof(*g->ceil_phase));
	g->block = xcalloc(m->pairs.nr + 1, sizeof(*g->block));
	g->block_done = xcalloc(m->pairs.nr + 1, sizeof(*g->block_done));
	g->offer_stamp = xcalloc(sc->offers.nr + 1, sizeof(*g->offer_stamp));
	g->offer_use = xcalloc(sc->offers.nr + 1, sizeof(*g->offer_use));
	g->budget_load = xcalloc(sc->budgets.nr + 1, sizeof(*g->budget_load));
	for (size_t bi = 0; m->budget_first && bi < sc->budgets.nr; bi++)
		for (size_t k = m->budget_first[bi]; k < m->budget_first[bi + 1]; k++)
			g->budget_load[bi] += m->budget_members.items[k].coef *
					      (double)sol->x[m->budget_members.items[k].pair];
}

static void gaps_release(struct gaps *g)
{
	for (size_t i = 0; i < g->sc->caps.nr; i++)
		free(g->cap_load[i]);
	for (size_t i = 0; i < g->sc->missions.nr; i++) {
		free(g->ceil_load[i]);
		free(g->ceil_phase[i]);
	}
	free(g->cap_load);
	free(g->ceil_load);
	free(g->ceil_phase);
	free(g->loc);
	free(g->line_first);
	free(g->line_pairs);
	free(g->offer_first);
	free(g->offer_pairs);
	free(g->used);
	free(g->by_cap);
	free(g->caps_sorted);
	free(g->line_mission);
	free(g->cap_run_end);
	free(g->offer_mission);
	free(g->caveats);
	free(g->block);
	free(g->block_done);
	free(g->offer_stamp);
	for (size_t i = 0; i < g->sc->offers.nr; i++)
		free(g->offer_use[i].u);
	free(g->offer_use);
	free(g->line_use.u);
	free(g->budget_load);
}

static bool covers(int32_t from, int32_t to, int32_t a, int32_t b)
{
	return (from == MUSTER_DATE_NONE || from <= a) && to >= b;
}

static bool pair_active(const struct source_pair *p, uint32_t s)
{
	return p->seg_lo <= s && s < p->seg_hi;
}

/* Fill `use` with the units of pairs[first[k] .. first[k+1]) per segment. */
static void compute_usage(const struct gaps *g, const uint32_t *first, const uint32_t *pairs,
			  size_t k, struct usage *use)
{
	uint32_t lo = UINT32_MAX, hi = 0;
	for (uint32_t i = first[k]; i < first[k + 1]; i++) {
		const struct source_pair *p = &g->m->pairs.items[pairs[i]];
		lo = p->seg_lo < lo ? p->seg_lo : lo;
		hi = p->seg_hi > hi ? p->seg_hi : hi;
	}
	free(use->u);
	use->lo = lo < hi ? lo : 0;
	use->hi = lo < hi ? hi : 0;
	use->u = xcalloc(use->hi - use->lo + 1, sizeof(*use->u));
	for (uint32_t i = first[k]; i < first[k + 1]; i++) {
		const struct source_pair *p = &g->m->pairs.items[pairs[i]];
		if (!g->sol->x[pairs[i]])
			continue;
		use->u[p->seg_lo - use->lo] += g->sol->x[pairs[i]];
		use->u[p->seg_hi - use->lo] -= g->sol->x[pairs[i]];
	}
	for (uint32_t s = use->lo + 1; s < use->hi; s++)
		use->u[s - use->lo] += use->u[s - 1 - use->lo];
}

static long usage_at(const struct usage *use, uint32_t s)
{
	return s >= use->lo && s < use->hi ? use->u[s - use->lo] : 0;
}

static const struct usage *offer_usage(struct gaps *g, uint32_t oi)
{
	if (!g->offer_use[oi].u)
		compute_usage(g, g->offer_first, g->offer_pairs, oi, &g->offer_use[oi]);
	return &g->offer_use[oi];
}

/* Units of offer oi assigned to line ri active at s. */
static long used_by_line(const struct gaps *g, uint32_t oi, uint32_t ri, uint32_t s)
{
	long n = 0;
	for (uint32_t i = g->offer_first[oi]; i < g->offer_first[oi + 1]; i++) {
		const struct source_pair *p = &g->m->pairs.items[g->offer_pairs[i]];
		if (p->line == ri && pair_active(p, s))
			n += g->sol->x[g->offer_pairs[i]];
	}
	return n;
}

/* Deployments + assigned people of cap ci's nation in its country, per segment. */
static const double *cap_load(struct gaps *g, size_t ci)
{
	const struct source_model *m = g->m;
	const struct muster_cap *c = &g->sc->caps.items[ci];
	if (g->cap_load[ci])
		return g->cap_load[ci];
	double *load = xcalloc(m->nseg + 1, sizeof(*load));
	for (size_t d = 0; d < g->sc->deployments.nr; d++) {
		const struct muster_deployment *dp = &g->sc->deployments.items[d];
		if (!dp->counts_against_cap || strcmp(dp->nation, c->nation) ||
		    strcmp(dp->country, c->country))
			continue;
		for (uint32_t s = 0; s < m->nseg; s++)
			if (covers(dp->from, dp->to, m->bounds[s], m->bounds[s + 1]))
				load[s] += (double)dp->personnel;
	}
	for (size_t k = 0; k < g->nused; k++) {
		size_t i = g->used[k];
		const struct source_pair *p = &m->pairs.items[i];
		if (!g->loc[p->line] || strcmp(g->loc[p->line], c->country) ||
		    strcmp(g->sc->offers.items[p->offer].nation, c->nation))
			continue;
		for (uint32_t s = p->seg_lo; s < p->seg_hi; s++)
			load[s] += (double)(g->sol->x[i] * p->people);
	}
	return g->cap_load[ci] = load;
}

static bool phase_counts(const struct source_model *m, const struct muster_phase *ph)
{
	return ph->status == MUSTER_PHASE_APPROVED || m->opts.with_requested;
}

/* Fill mission mi's phase-in-force and load per segment; false if it has no phases. */
static bool ceiling_info(struct gaps *g, size_t mi)
{
	const struct source_model *m = g->m;
	const struct muster_mission *mis = &g->sc->missions.items[mi];
	bool has = false;
	if (g->ceil_phase[mi])
		return true;
	for (size_t k = 0; k < g->sc->phases.nr && !has; k++)
		has = !strcmp(g->sc->phases.items[k].mission, mis->code);
	if (!has)
		return false;
	int64_t *ph = xmalloc((m->nseg + 1) * sizeof(*ph));
	double *load = xcalloc(m->nseg + 1, sizeof(*load));
	for (uint32_t s = 0; s < m->nseg; s++) {
		ph[s] = -1;
		for (size_t k = 0; k < g->sc->phases.nr; k++) {
			const struct muster_phase *p = &g->sc->phases.items[k];
			if (!strcmp(p->mission, mis->code) && phase_counts(m, p) &&
			    covers(p->from, p->to, m->bounds[s], m->bounds[s + 1]))
				ph[s] = (int64_t)k;
		}
	}
	for (uint32_t s = 0; s < m->nseg; s++) {
		bool in_host =
		    ph[s] >= 0 && g->sc->phases.items[ph[s]].scope == MUSTER_SCOPE_IN_HOST;
		for (size_t d = 0; d < g->sc->deployments.nr; d++) {
			const struct muster_deployment *dp = &g->sc->deployments.items[d];
			if (!dp->counts_against_cap || !dp->mission ||
			    strcmp(dp->mission, mis->code) ||
			    (in_host && strcmp(dp->country, mis->host)) ||
			    !covers(dp->from, dp->to, m->bounds[s], m->bounds[s + 1]))
				continue;
			load[s] += (double)dp->personnel;
		}
	}
	for (size_t k = 0; k < g->nused; k++) {
		size_t i = g->used[k];
		const struct source_pair *p = &m->pairs.items[i];
		if (strcmp(g->sc->requirements.items[p->line].mission, mis->code))
			continue;
		for (uint32_t s = p->seg_lo; s < p->seg_hi; s++) {
			bool in_host =
			    ph[s] >= 0 && g->sc->phases.items[ph[s]].scope == MUSTER_SCOPE_IN_HOST;
			if (!in_host || (g->loc[p->line] && !strcmp(g->loc[p->line], mis->host)))
				load[s] += (double)(g->sol->x[i] * p->people);
		}
	}
	g->ceil_phase[mi] = ph;
	g->ceil_load[mi] = load;
	return true;
}

static void add_block(struct pair_block *b, enum blocker kind, uint32_t ref, uint32_t seg,
		      bool requested)
{
	b->n++;
	b->kinds |= 1u << kind;
	if (kind > b->kind) {
		b->kind = kind;
		b->ref = ref;
		b->seg = seg;
		b->requested = requested;
	}
}

/* Each cap of o's nation in the line's location that one more unit over [lo, hi) exceeds. */
static void block_caps(struct gaps *g, const struct muster_offer *o, const char *loc, long people,
		       uint32_t lo, uint32_t hi, struct pair_block *b)
{
	size_t a = 0, n = g->sc->caps.nr;
	if (!loc)
		return;
	for (size_t top = n; a < top;) { /* the first cap of (nation, country) */
		size_t mid = (a + top) / 2;
		const struct muster_cap *c = &g->sc->caps.items[g->caps_sorted[mid]];
		int cmp = strcmp(c->nation, o->nation);
		if ((cmp ? cmp : strcmp(c->country, loc)) < 0)
			a = mid + 1;
		else
			top = mid;
	}
	for (; a < n; a++) {
		size_t ci = g->caps_sorted[a];
		const struct muster_cap *c = &g->sc->caps.items[ci];
		if (strcmp(c->nation, o->nation) || strcmp(c->country, loc))
			break;
		const double *load = cap_load(g, ci);
		for (uint32_t s = lo; s < hi; s++)
			if (covers(c->from, c->to, g->m->bounds[s], g->m->bounds[s + 1]) &&
			    load[s] + (double)people > (double)c->limit + 1e-9) {
				add_block(b, BLOCK_CAP, (uint32_t)ci, s, false);
				break;
			}
	}
}

/* The requested phase of mission mi in force over segment s, or -1. */
static int64_t requested_phase(const struct gaps *g, const struct muster_mission *mis, uint32_t s)
{
	for (size_t k = 0; k < g->sc->phases.nr; k++) {
		const struct muster_phase *p = &g->sc->phases.items[k];
		if (p->status == MUSTER_PHASE_REQUESTED && !strcmp(p->mission, mis->code) &&
		    covers(p->from, p->to, g->m->bounds[s], g->m->bounds[s + 1]))
			return (int64_t)k;
	}
	return -1;
}

/*
 * The mission's ceilings that one more unit over [lo, hi) breaks: a time no
 * counting phase covers (naming the requested phase there, if any, which
 * also counts when its own ceiling would be exceeded), or the phase in force
 * full. Each phase (and "no phase") counts once.
 */
static void block_ceiling(struct gaps *g, size_t ri, long people, uint32_t lo, uint32_t hi,
			  struct pair_block *b)
{
	uint32_t mi = g->line_mission[ri];
	int64_t seen[4];
	size_t nseen = 0;
	if (mi == UINT32_MAX || !ceiling_info(g, mi))
		return;
	const struct muster_mission *mis = &g->sc->missions.items[mi];
	bool in_host_line = g->loc[ri] && mis->host && !strcmp(g->loc[ri], mis->host);
	for (uint32_t s = lo; s < hi; s++) {
		int64_t ph = g->ceil_phase[mi][s];
		bool requested = false;
		if (ph < 0 && (ph = requested_phase(g, mis, s)) >= 0)
			requested = true;
		bool dup = false;
		for (size_t k = 0; k < nseen && !dup; k++)
			dup = seen[k] == ph;
		if (dup)
			continue;
		const struct muster_phase *phase = ph >= 0 ? &g->sc->phases.items[ph] : NULL;
		bool full = phase && (phase->scope != MUSTER_SCOPE_IN_HOST || in_host_line) &&
			    g->ceil_load[mi][s] + (double)people > (double)phase->ceiling + 1e-9;
		if (!phase || requested)
			add_block(b, BLOCK_CEILING, phase ? (uint32_t)ph : UINT32_MAX, s,
				  requested);
		if (full)
			add_block(b, BLOCK_CEILING, (uint32_t)ph, s, false);
		if ((!phase || requested || full) && nseen < 4)
			seen[nseen++] = ph;
	}
}

/* Each budget held that one more unit of offer oi on line ri over [lo, hi) takes over its limit. */
static void block_budgets(struct gaps *g, uint32_t oi, uint32_t ri, uint32_t lo, uint32_t hi,
			  struct pair_block *b)
{
	const struct source_model *m = g->m;
	for (size_t bi = 0; m->budget_held && bi < g->sc->budgets.nr && lo < hi; bi++) {
		struct muster_error err = {0};
		double coef, limit = g->sc->budgets.items[bi].limit;
		bool priced;
		if (!m->budget_held[bi])
			continue;
		int rc = source_budget_coef(g->sc, bi, oi, ri, m->bounds[lo], m->bounds[hi], &coef,
					    &priced, &err);
		muster_error_release(&err);
		if (rc == 0 && coef > 0 && g->budget_load[bi] + coef > limit + 1e-6 + 1e-9 * limit)
			add_block(b, BLOCK_BUDGET, (uint32_t)bi, lo, false);
	}
}

/*
 * What stops one more unit of offer oi on line ri over segments [lo, hi):
 * the offer used up, the line full, caps, ceilings (adds to *b).
 */
static void block_capacity(struct gaps *g, uint32_t oi, uint32_t ri, uint32_t lo, uint32_t hi,
			   struct pair_block *b)
{
	const struct muster_offer *o = &g->sc->offers.items[oi];
	const struct muster_requirement *r = &g->sc->requirements.items[ri];
	struct pair_block use = {0}, line = {0};
	for (uint32_t s = lo; s < hi; s++) {
		long used = usage_at(offer_usage(g, oi), s);
		if (used + 1 > o->units && !use.n)
			add_block(&use,
				  used > used_by_line(g, oi, ri, s) ? BLOCK_TAKEN : BLOCK_SELF, oi,
				  s, false);
		if (usage_at(&g->line_use, s) + 1 > r->units && !line.n)
			add_block(&line, BLOCK_LINE, oi, s, false);
	}
	if (use.n)
		add_block(b, use.kind, use.ref, use.seg, false);
	if (line.n)
		add_block(b, line.kind, line.ref, line.seg, false);
	block_caps(g, o, g->loc[ri], o->personnel, lo, hi, b);
	block_ceiling(g, ri, o->personnel, lo, hi, b);
	block_budgets(g, oi, ri, lo, hi, b);
}

/* What stops one more unit of model variable pi (computed once; line_use must be pi's line's). */
static const struct pair_block *pair_blocker(struct gaps *g, uint32_t pi)
{
	const struct source_pair *p = &g->m->pairs.items[pi];
	struct pair_block *b = &g->block[pi];
	if (!g->block_done[pi]) {
		g->block_done[pi] = true;
		block_capacity(g, p->offer, p->line, p->seg_lo, p->seg_hi, b);
	}
	return b;
}

static const struct muster_caveat *find_caveat(const struct gaps *g, const char *id)
{
	struct muster_caveat key = {.id = (char *)id};
	const struct muster_caveat *kp = &key;
	const struct muster_caveat **hit =
	    bsearch(&kp, g->caveats, g->sc->caveats.nr, sizeof(*g->caveats), cmp_caveat);
	return hit ? *hit : NULL;
}

/* Does caveat c keep offer from line ri (a hard breach, or a max-days cut)? */
static bool caveat_blocks(const struct gaps *g, const struct muster_caveat *c, size_t ri)
{
	if (c->kind == MUSTER_CAVEAT_MAX_DAYS)
		return true;
	return c->hard && source_caveat_breaks(c, &g->sc->requirements.items[ri], g->loc[ri]);
}

/* The offers that could fill line ri at all, by capability and mission/line. */
struct line_offers {
	MUSTER_ARRAY(uint32_t) any; /* capability matches, not withdrawn */
};

static void offers_of_cap(struct gaps *g, size_t ri, const char *code, struct line_offers *lo)
{
	const struct muster_requirement *r = &g->sc->requirements.items[ri];
	size_t a = 0, b = g->sc->offers.nr;
	while (a < b) {
		size_t mid = (a + b) / 2;
		if (strcmp(g->sc->offers.items[g->by_cap[mid]].capability, code) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	if (a == g->sc->offers.nr || strcmp(g->sc->offers.items[g->by_cap[a]].capability, code))
		return;
	uint32_t lm = g->line_mission[ri];
	for (size_t end = g->cap_run_end[a]; a < end; a++) {
		uint32_t oi = g->by_cap[a];
		const struct muster_offer *o = &g->sc->offers.items[oi];
		uint32_t om = g->offer_mission[oi];
		bool other_mission = om != UINT32_MAX && lm != UINT32_MAX
					 ? om != lm
					 : o->mission && strcmp(o->mission, r->mission) != 0;
		if (o->status == MUSTER_OFFER_WITHDRAWN || other_mission ||
		    (o->line && strcmp(o->line, r->line)))
			continue;
		ARRAY_PUSH(lo->any, g->by_cap[a]);
	}
}

static void line_offers(struct gaps *g, size_t ri, struct line_offers *lo)
{
	const struct muster_requirement *r = &g->sc->requirements.items[ri];
	const struct muster_capability *cap = muster_scenario_capability(g->sc, r->capability);
	memset(lo, 0, sizeof(*lo));
	offers_of_cap(g, ri, r->capability, lo);
	for (size_t k = 0; cap && k < cap->substitutes.nr; k++) {
		bool dup = !strcmp(cap->substitutes.items[k], r->capability);
		for (size_t j = 0; j < k && !dup; j++)
			dup = !strcmp(cap->substitutes.items[j], cap->substitutes.items[k]);
		if (!dup)
			offers_of_cap(g, ri, cap->substitutes.items[k], lo);
	}
}

static void add_item(struct strbuf *sb, struct muster_strlist *seen, const char *s)
{
	if (muster_strlist_has(seen, s))
		return;
	muster_strlist_push(seen, s);
	if (seen->nr > 3) {
		if (seen->nr == 4)
			strbuf_addstr(sb, ";...");
		return;
	}
	strbuf_addf(sb, "%s%s", sb->len ? ";" : "", s);
}

static void detail_taken(struct gaps *g, size_t ri, uint32_t oi, uint32_t seg, struct strbuf *sb)
{
	struct muster_strlist seen = {0};
	for (uint32_t k = g->offer_first[oi]; k < g->offer_first[oi + 1]; k++) {
		const struct source_pair *q = &g->m->pairs.items[g->offer_pairs[k]];
		const struct muster_requirement *r = &g->sc->requirements.items[q->line];
		if (!g->sol->x[g->offer_pairs[k]] || q->line == ri || !pair_active(q, seg))
			continue;
		char *id = xstrfmt("%s:%s", r->mission, r->line);
		add_item(sb, &seen, id);
		free(id);
	}
	muster_strlist_release(&seen);
}

static void detail_budget(struct gaps *g, uint32_t bi, struct strbuf *sb)
{
	const struct muster_budget *bu = &g->sc->budgets.items[bi];
	const char *cur = muster_scenario_currency(g->sc);
	double left = bu->limit - g->budget_load[bi];
	char d[11];
	strbuf_addf(sb, "budget %s (%s, %s) %.2f%s%s left of %.2f", bu->id, bu->nation,
		    bu->mission ? bu->mission : "all missions", left > 0 ? left : 0, cur ? " " : "",
		    cur ? cur : "", bu->limit);
	if (bu->from != MUSTER_DATE_NONE) {
		muster_date_format(bu->from, d);
		strbuf_addf(sb, " from %s", d);
	}
	if (bu->to != MUSTER_DATE_OPEN) {
		muster_date_format(bu->to, d);
		strbuf_addf(sb, " to %s", d);
	}
}

static void detail_cap(const struct muster_cap *c, struct strbuf *sb)
{
	char d[11];
	strbuf_addf(sb, "%s in %s <= %ld", c->nation, c->country, c->limit);
	if (c->from != MUSTER_DATE_NONE) {
		muster_date_format(c->from, d);
		strbuf_addf(sb, " from %s", d);
	}
	if (c->to != MUSTER_DATE_OPEN) {
		muster_date_format(c->to, d);
		strbuf_addf(sb, " to %s", d);
	}
}

/* Move *a up to d when d <= day, *b down to d when d >= end. */
static void near_cut(int32_t d, int32_t day, int32_t end, int32_t *a, int32_t *b)
{
	if (d == MUSTER_DATE_NONE || d == MUSTER_DATE_OPEN)
		return;
	if (d <= day && d > *a)
		*a = d;
	if (d >= end && d < *b)
		*b = d;
}

/*
 * The smallest interval J of offer o on line ri that covers segment s: from
 * the last cut point at or before its start to the first at or after its end
 * (the cut points are the ends of I(o,r) = [*a, *b) and the boundary dates).
 */
static void smallest_j(const struct gaps *g, const struct muster_offer *o, size_t ri, uint32_t s,
		       int32_t *a, int32_t *b)
{
	const struct muster_scenario *sc = g->sc;
	const char *mission = sc->requirements.items[ri].mission, *loc = g->loc[ri];
	int32_t day = g->m->bounds[s], end = g->m->bounds[s + 1];
	for (size_t k = 0; k < sc->phases.nr; k++)
		if (!strcmp(sc->phases.items[k].mission, mission)) {
			near_cut(sc->phases.items[k].from, day, end, a, b);
			near_cut(sc->phases.items[k].to, day, end, a, b);
		}
	for (size_t k = 0; loc && k < sc->caps.nr; k++)
		if (!strcmp(sc->caps.items[k].nation, o->nation) &&
		    !strcmp(sc->caps.items[k].country, loc)) {
			near_cut(sc->caps.items[k].from, day, end, a, b);
			near_cut(sc->caps.items[k].to, day, end, a, b);
		}
}

/*
 * What stops one more unit of offer oi on line ri at segment s when the
 * model has no variable of the pair there: its window, readiness, hard
 * caveats and max-days, then the capacity of the smallest J covering s.
 */
static void offer_blocker(struct gaps *g, uint32_t oi, size_t ri, uint32_t s, struct pair_block *b)
{
	const struct muster_offer *o = &g->sc->offers.items[oi];
	const struct muster_requirement *r = &g->sc->requirements.items[ri];
	int32_t a = o->from > r->from ? o->from : r->from, z = o->to < r->to ? o->to : r->to;
	long max_days = -1;
	uint32_t md = 0;
	memset(b, 0, sizeof(*b));
	if (a > g->m->bounds[s] || z < g->m->bounds[s + 1]) {
		/* not available then: what else would stop it there */
		add_block(b, BLOCK_WINDOW, oi, s, false);
		a = g->m->bounds[s], z = g->m->bounds[s + 1];
	}
	if (o->readiness < r->min_readiness)
		add_block(b, BLOCK_READINESS, oi, s, false);
	for (size_t k = 0; k < o->caveats.nr; k++) {
		const struct muster_caveat *c = find_caveat(g, o->caveats.items[k]);
		uint32_t ci = c ? (uint32_t)(c - g->sc->caveats.items) : 0;
		if (c && c->kind == MUSTER_CAVEAT_MAX_DAYS && (max_days < 0 || c->days < max_days))
			max_days = c->days, md = ci;
		else if (c && caveat_blocks(g, c, ri))
			add_block(b, BLOCK_CAVEAT, ci, s, false);
	}
	smallest_j(g, o, ri, s, &a, &z);
	if (max_days >= 0 && (int64_t)a + max_days < g->m->bounds[s + 1])
		add_block(b, BLOCK_CAVEAT, md, s, false);
	else if (max_days >= 0 && (int64_t)a + max_days < z)
		z = (int32_t)(a + max_days);
	uint32_t lo = source_model_segment(g->m, a), hi = source_model_segment(g->m, z);
	if (hi < g->m->nseg && g->m->bounds[hi] < z)
		hi++; /* z inside a segment: count all of it */
	block_capacity(g, oi, (uint32_t)ri, lo, hi, b);
}

/* Fewer blockers first, then the higher main cause. */
static bool better(const struct pair_block *x, const struct pair_block *best)
{
	return x->n != best->n ? x->n < best->n : x->kind > best->kind;
}

/*
 * The candidate that comes closest to filling one more unit of line ri at
 * segment s: the model's variables of the line active at s, then (unless
 * one is blocked by a single cap or ceiling) every other offer that could
 * fill the line. Its main blocker is the gap's reason: when it is the only
 * one, lifting it would let the period be filled.
 */
static struct pair_block best_blocker(struct gaps *g, size_t ri, const struct line_offers *lo,
				      uint32_t s)
{
	struct pair_block best = {.n = UINT32_MAX}, b;
	g->stamp++;
	for (uint32_t i = g->line_first[ri]; i < g->line_first[ri + 1]; i++) {
		uint32_t pi = g->line_pairs[i];
		if (!pair_active(&g->m->pairs.items[pi], s))
			continue;
		g->offer_stamp[g->m->pairs.items[pi].offer] = g->stamp;
		const struct pair_block *pb = pair_blocker(g, pi);
		if (better(pb, &best))
			best = *pb;
	}
	if (best.n == 1 && best.kind >= BLOCK_CEILING)
		return best;
	for (size_t i = 0; i < lo->any.nr; i++) {
		uint32_t oi = lo->any.items[i];
		if (g->offer_stamp[oi] == g->stamp)
			continue;
		offer_blocker(g, oi, ri, s, &b);
		if (better(&b, &best))
			best = b;
	}
	return best;
}

static void also(const struct pair_block *b, struct strbuf *sb);
static enum muster_gap_reason main_reason(struct gaps *g, size_t ri, const struct pair_block *bp,
					  struct strbuf *sb);

static enum muster_gap_reason seg_reason(struct gaps *g, size_t ri, const struct line_offers *lo,
					 uint32_t s, struct strbuf *sb)
{
	if (!lo->any.nr)
		return MUSTER_GAP_NO_OFFER;
	struct pair_block b = best_blocker(g, ri, lo, s);
	enum muster_gap_reason reason = main_reason(g, ri, &b, sb);
	also(&b, sb);
	return reason;
}

/*
 * When more than one constraint blocks the best candidate, lifting the main
 * one alone would not fill the period: the detail says what else blocks.
 */
static void also(const struct pair_block *b, struct strbuf *sb)
{
	static const char *const names[] = {
	    [BLOCK_WINDOW] = "window",	     [BLOCK_SELF] = "window",
	    [BLOCK_LINE] = "window",	     [BLOCK_TAKEN] = "taken",
	    [BLOCK_READINESS] = "readiness", [BLOCK_CAVEAT] = "caveat",
	    [BLOCK_CEILING] = "ceiling",     [BLOCK_CAP] = "cap",
	    [BLOCK_BUDGET] = "budget",
	};
	if (b->n < 2)
		return;
	strbuf_addstr(sb, sb->len ? "; also " : "also ");
	const char *last = names[b->kind];
	bool first = true;
	for (int k = BLOCK_BUDGET; k > BLOCK_NONE; k--) {
		if (!(b->kinds & (1u << k)) || !strcmp(names[k], last))
			continue; /* the main kind; window, self and line read alike */
		strbuf_addf(sb, "%s%s", first ? "" : ", ", names[k]);
		last = names[k];
		first = false;
	}
	if (first)
		strbuf_addf(sb, "another %s", names[b->kind]);
}

static enum muster_gap_reason main_reason(struct gaps *g, size_t ri, const struct pair_block *bp,
					  struct strbuf *sb)
{
	const struct muster_requirement *r = &g->sc->requirements.items[ri];
	struct pair_block b = *bp;
	switch (b.kind) {
	case BLOCK_BUDGET:
		detail_budget(g, b.ref, sb);
		return MUSTER_GAP_BUDGET;
	case BLOCK_CAP:
		detail_cap(&g->sc->caps.items[b.ref], sb);
		return MUSTER_GAP_CAP;
	case BLOCK_CEILING:
		if (b.ref == UINT32_MAX)
			strbuf_addstr(sb, "no phase");
		else if (b.requested)
			strbuf_addf(sb, "phase %s not approved", g->sc->phases.items[b.ref].phase);
		else
			strbuf_addf(sb, "phase %s <= %ld", g->sc->phases.items[b.ref].phase,
				    g->sc->phases.items[b.ref].ceiling);
		return MUSTER_GAP_CEILING;
	case BLOCK_CAVEAT:
		strbuf_addstr(sb, g->sc->caveats.items[b.ref].id);
		return MUSTER_GAP_CAVEAT;
	case BLOCK_READINESS:
		strbuf_addf(sb, "offer %s readiness %d < %d", g->sc->offers.items[b.ref].id,
			    g->sc->offers.items[b.ref].readiness, r->min_readiness);
		return MUSTER_GAP_READINESS;
	case BLOCK_TAKEN:
		detail_taken(g, ri, b.ref, b.seg, sb);
		return MUSTER_GAP_TAKEN;
	case BLOCK_LINE:
		strbuf_addstr(sb, "the offers' intervals overlap units already assigned");
		return MUSTER_GAP_WINDOW;
	case BLOCK_WINDOW: {
		const struct muster_offer *o = &g->sc->offers.items[b.ref];
		char f[11], t[11];
		muster_date_format(o->from, f);
		muster_date_format(o->to, t);
		strbuf_addf(sb, "offer %s available %s..%s", o->id, f, *t ? t : "open");
		return MUSTER_GAP_WINDOW;
	}
	case BLOCK_SELF:
		return MUSTER_GAP_WINDOW;
	case BLOCK_NONE:
		break;
	}
	strbuf_addstr(sb, "not assigned by the solver");
	return MUSTER_GAP_TAKEN;
}

/* Undersized units active at s: the shortfall in people, and the offers in *sb. */
static long undersize(struct gaps *g, size_t ri, uint32_t s, struct strbuf *sb)
{
	const struct muster_requirement *r = &g->sc->requirements.items[ri];
	struct muster_strlist seen = {0};
	long shortfall = 0;
	for (uint32_t i = g->line_first[ri]; i < g->line_first[ri + 1]; i++) {
		uint32_t pi = g->line_pairs[i];
		const struct source_pair *p = &g->m->pairs.items[pi];
		if (!g->sol->x[pi] || !pair_active(p, s) || p->people >= r->personnel)
			continue;
		shortfall += g->sol->x[pi] * (r->personnel - p->people);
		char *id = xstrfmt("%s %ld < %ld", g->sc->offers.items[p->offer].id, p->people,
				   r->personnel);
		if (sb)
			add_item(sb, &seen, id);
		free(id);
	}
	muster_strlist_release(&seen);
	return shortfall;
}

static void push_gap(struct muster_run *run, const struct muster_requirement *r, int32_t from,
		     int32_t to, long missing, long people, enum muster_gap_reason reason,
		     const char *detail)
{
	struct muster_gap gap = {
	    .mission = xstrdup(r->mission),
	    .line = xstrdup(r->line),
	    .from = from,
	    .to = to,
	    .missing_units = missing,
	    .missing_personnel = people,
	    .reason = reason,
	    .detail = detail && *detail ? xstrdup(detail) : NULL,
	};
	ARRAY_PUSH(run->gaps, gap);
}

/* One gap per maximal run of segments with the same shortfall, reason and detail. */
static void line_gaps(struct gaps *g, size_t ri, struct muster_run *run)
{
	const struct source_model *m = g->m;
	const struct muster_requirement *r = &g->sc->requirements.items[ri];
	struct strbuf cur = STRBUF_INIT, prev = STRBUF_INIT;
	struct line_offers lo;
	uint32_t s0 = source_model_segment(m, r->from), s1 = source_model_segment(m, r->to);
	long pmiss = 0, ppeople = 0;
	enum muster_gap_reason preason = MUSTER_GAP_NO_OFFER;
	int32_t pfrom = 0;

	line_offers(g, ri, &lo);
	compute_usage(g, g->line_first, g->line_pairs, ri, &g->line_use);
	for (uint32_t s = s0; s <= s1; s++) {
		long miss = 0, people = 0;
		enum muster_gap_reason reason = MUSTER_GAP_NO_OFFER;
		strbuf_reset(&cur);
		if (s < s1) {
			miss = r->units - usage_at(&g->line_use, s);
			people = miss * r->personnel + undersize(g, ri, s, miss > 0 ? NULL : &cur);
		}
		if (miss > 0)
			reason = seg_reason(g, ri, &lo, s, &cur);
		else if (people > 0)
			reason = MUSTER_GAP_UNDERSIZE;
		if (ppeople > 0 && miss == pmiss && people == ppeople && reason == preason &&
		    !strcmp(cur.buf, prev.buf))
			continue;
		if (ppeople > 0)
			push_gap(run, r, pfrom, m->bounds[s], pmiss, ppeople, preason, prev.buf);
		pmiss = miss, ppeople = people, preason = reason;
		pfrom = m->bounds[s < m->nseg ? s : m->nseg];
		strbuf_reset(&prev);
		strbuf_addstr(&prev, cur.buf);
	}
	ARRAY_RELEASE(lo.any);
	strbuf_release(&cur);
	strbuf_release(&prev);
}

int source_gaps(const struct source_model *m, const struct source_solution *sol,
		struct muster_run *run, struct muster_error *err)
{
	struct gaps g;
	(void)err;
	gaps_init(&g, m, sol);
	for (size_t ri = 0; ri < m->sc->requirements.nr; ri++) {
		if (!m->in_scope[ri])
			continue;
		ctx_progress(m->opts.ctx, "sourcing: explaining gaps", ri, m->sc->requirements.nr);
		line_gaps(&g, ri, run);
		if (ctx_cancelled(m->opts.ctx)) {
			gaps_release(&g);
			return muster_error_set(err, MUSTER_EINTR, _("interrupted"));
		}
		int rc = ri % 16 ? 0
				 : source_past_deadline(m->opts.hard_deadline,
							_("explaining the gaps"), err);
		if (rc < 0) {
			gaps_release(&g);
			return rc;
		}
	}
	ctx_progress(m->opts.ctx, "sourcing: explaining gaps", m->sc->requirements.nr,
		     m->sc->requirements.nr);
	gaps_release(&g);
	return 0;
}
