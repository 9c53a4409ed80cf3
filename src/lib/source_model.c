/*
 * source_model.c: builds the time-segmented sourcing model of DESIGN.md
 * section 4 (contract) from a scenario: allowed pairs (offer, line) with
 * their intervals and values, segments, and one packing row per constraint
 * and segment.
 *
 * Key decisions:
 * - Strings (capability codes, caveat ids, missions, nations, countries) are
 *   interned once into a small open-addressing table so that the model builds
 *   in O(pairs + rows) for 100,000 offers; candidate offers of a line are
 *   found through a capability -> offers index.
 * - Breakpoints are every start and end (line, offer, pair interval, cap,
 *   phase, mission, counted deployment) inside the horizon [min line from,
 *   max line to) of the lines in scope; segments are the spans between them,
 *   so nothing a row depends on changes inside a segment.
 * - Rows are produced by one sweep per constraint group (a line, an offer, a
 *   cap, a mission's phase) over its segments. A row is kept only when it is
 *   not dominated by its neighbour (same or fewer pairs with the same or a
 *   larger rhs), which collapses the many segments where nothing changes.
 * - Upper bounds are tightened by every row (ub <= rhs / coef), then rows
 *   that can never bind (sum of coef x ub <= rhs) are dropped.
 * - max-days never "breaks" a caveat: the interval is cut instead, hard or
 *   soft, so it never sets `soft`.
 */
#include "source.h"
#include "i18n.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- interning ---------------------------------------------------------- */

struct intern {
	const char **keys; /* borrowed */
	uint32_t *ids;
	size_t cap, nr;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void intern_grow(struct intern *t);

/* The id of `s`, adding it with id t->nr when absent and `add` is set; else UINT32_MAX. */
static uint32_t intern_get(struct intern *t, const char *s, bool add)
{
	if (!s)
		return UINT32_MAX;
	if (add && (t->nr + 1) * 2 > t->cap)
		intern_grow(t);
	if (!t->cap)
		return UINT32_MAX;
	size_t i = hash_str(s) & (t->cap - 1);
	while (t->keys[i]) {
		if (!strcmp(t->keys[i], s))
			return t->ids[i];
		i = (i + 1) & (t->cap - 1);
	}
	if (!add)
		return UINT32_MAX;
	t->keys[i] = s;
	t->ids[i] = (uint32_t)t->nr++;
	return t->ids[i];
}

static void intern_grow(struct intern *t)
{
	struct intern n = {0};
	n.cap = t->cap ? t->cap * 2 : 64;
	n.keys = xcalloc(n.cap, sizeof(*n.keys));
	n.ids = xcalloc(n.cap, sizeof(*n.ids));
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->keys[i])
			continue;
		size_t j = hash_str(t->keys[i]) & (n.cap - 1);
		while (n.keys[j])
			j = (j + 1) & (n.cap - 1);
		n.keys[j] = t->keys[i];
		n.ids[j] = t->ids[i];
	}
	n.nr = t->nr;
	free(t->keys);
	free(t->ids);
	*t = n;
}

static void intern_release(struct intern *t)
{
	free(t->keys);
	free(t->ids);
	memset(t, 0, sizeof(*t));
}

/* ---- the builder ---------------------------------------------------------- */

/* A boundary date (DESIGN.md section 4) of a mission's phases or a cap. */
struct bdate {
	uint64_t key; /* mission index, or nation id x places + country id */
	int32_t date;
};

struct bdates {
	struct bdate *items;
	size_t nr, alloc;
};

struct build {
	struct source_model *m;
	const struct muster_scenario *sc;
	struct intern capcodes; /* capability code -> id (offers' and lines') */
	struct intern capidx;	/* capability code -> index in sc->capabilities */
	struct intern caveats;	/* caveat id -> index */
	struct intern missions; /* mission code -> index */
	struct intern places;	/* nation and country codes -> id */
	uint32_t *cap_first;	/* offers by capability id: CSR */
	uint32_t *cap_offers;
	const char **loc;    /* per requirement: its location (borrowed) */
	uint32_t *loc_id;    /* per requirement: id of its location in `places` */
	uint32_t *line_mis;  /* per requirement: mission index, UINT32_MAX if unknown */
	uint32_t *nation_id; /* per offer: id of its nation in `places` */
	uint32_t *offer_mis; /* per offer: its mission's index, UINT32_MAX when none or unknown */
	uint32_t *cav_first; /* per offer: its known caveats, each once (CSR into cav_idx) */
	uint32_t *cav_idx;
	MUSTER_ARRAY(int32_t) dates;
	struct bdates phase_dates;  /* boundary dates by mission (build_boundaries) */
	struct bdates cap_dates;    /* and by (nation, country) */
	MUSTER_ARRAY(int32_t) cuts; /* the cut points of the pair being built */
	/* the sweep */
	uint32_t *pos; /* per pair: position in `active` */
	MUSTER_ARRAY(uint32_t) active;
	MUSTER_ARRAY(uint32_t) snap;
	MUSTER_ARRAY(double) rhs;
	bool too_big; /* rows would exceed SOURCE_MAX_ROW_ENTRIES */
};

/* Rows are refused past this many nonzeros (16 bytes each, 1.9 GB), so that
 * a model with its pairs and resources stays within about 4 GiB. */
#define SOURCE_MAX_ROW_ENTRIES ((size_t)120000000)

double source_weight(int priority)
{
	static const double w[] = {256, 256, 64, 16, 4, 1};
	if (priority < 1)
		priority = 1;
	if (priority > 5)
		priority = 5;
	return w[priority];
}

uint32_t source_model_segment(const struct source_model *m, int32_t d)
{
	size_t lo = 0, hi = m->nseg + 1; /* first bound > d, minus one */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (m->bounds[mid] <= d)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return 0;
	return (uint32_t)(lo - 1 > m->nseg ? m->nseg : lo - 1);
}

static int32_t clamp_date(int32_t d, int32_t lo, int32_t hi)
{
	return d < lo ? lo : d > hi ? hi : d;
}

static void add_date(struct build *b, int32_t d)
{
	if (d > b->m->horizon_from && d < b->m->horizon_to)
		ARRAY_PUSH(b->dates, d);
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* The key of offer oi within its capability's run: 0 for any mission, else mission + 1. */
static uint32_t offer_key(const struct build *b, uint32_t oi)
{
	return b->offer_mis[oi] == UINT32_MAX ? 0 : b->offer_mis[oi] + 1;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/*
 * Within each capability, offers by (key, index): a line scans only the
 * offers for any mission and those of its own (pairs_of_capability()).
 */
static void sort_cap_offers(struct build *b)
{
	size_t no = b->sc->offers.nr;
	uint64_t *k = xmalloc((no ? no : 1) * sizeof(*k));
	for (size_t i = 0; i < no; i++)
		k[i] = (uint64_t)offer_key(b, b->cap_offers[i]) << 32 | b->cap_offers[i];
	for (size_t c = 0; c < b->capcodes.nr; c++)
		qsort(k + b->cap_first[c], b->cap_first[c + 1] - b->cap_first[c], sizeof(*k),
		      cmp_u64);
	for (size_t i = 0; i < no; i++)
		b->cap_offers[i] = (uint32_t)k[i];
	free(k);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/*
 * Each offer's caveats as indices, each once: a pair's caveat check then
 * costs the offer's distinct caveats, however often a reference repeats.
 */
static void index_offer_caveats(struct build *b)
{
	const struct muster_scenario *sc = b->sc;
	size_t no = sc->offers.nr, n = 0, total = 0;
	for (size_t i = 0; i < no; i++)
		total += sc->offers.items[i].caveats.nr;
	b->cav_first = xcalloc(no + 1, sizeof(*b->cav_first));
	b->cav_idx = xmalloc((total ? total : 1) * sizeof(*b->cav_idx));
	for (size_t i = 0; i < no; i++) {
		const struct muster_strlist *l = &sc->offers.items[i].caveats;
		size_t start = n;
		for (size_t k = 0; k < l->nr; k++) {
			uint32_t ci = intern_get(&b->caveats, l->items[k], false);
			if (ci != UINT32_MAX)
				b->cav_idx[n++] = ci;
		}
		qsort(b->cav_idx + start, n - start, sizeof(*b->cav_idx), cmp_u32);
		size_t u = start;
		for (size_t k = start; k < n; k++)
			if (u == start || b->cav_idx[k] != b->cav_idx[u - 1])
				b->cav_idx[u++] = b->cav_idx[k];
		n = u;
		b->cav_first[i + 1] = (uint32_t)n;
	}
}

/* Intern every string the builder looks up, and index offers by capability. */
static void build_indexes(struct build *b)
{
	const struct muster_scenario *sc = b->sc;
	size_t no = sc->offers.nr, ncode;
	uint32_t *ids = xcalloc(no ? no : 1, sizeof(*ids));

	for (size_t i = 0; i < sc->capabilities.nr; i++)
		intern_get(&b->capidx, sc->capabilities.items[i].code, true);
	for (size_t i = 0; i < sc->caveats.nr; i++)
		intern_get(&b->caveats, sc->caveats.items[i].id, true);
	for (size_t i = 0; i < sc->missions.nr; i++)
		intern_get(&b->missions, sc->missions.items[i].code, true);
	for (size_t i = 0; i < no; i++)
		ids[i] = intern_get(&b->capcodes, sc->offers.items[i].capability, true);
	ncode = b->capcodes.nr;
	b->cap_first = xcalloc(ncode + 2, sizeof(*b->cap_first));
	b->cap_offers = xcalloc(no ? no : 1, sizeof(*b->cap_offers));
	for (size_t i = 0; i < no; i++)
		b->cap_first[ids[i] + 2]++;
	for (size_t c = 0; c < ncode; c++)
		b->cap_first[c + 2] += b->cap_first[c + 1];
	for (size_t i = 0; i < no; i++)
		b->cap_offers[b->cap_first[ids[i] + 1]++] = (uint32_t)i;
	free(ids);

	b->loc = xcalloc(sc->requirements.nr + 1, sizeof(*b->loc));
	b->loc_id = xcalloc(sc->requirements.nr + 1, sizeof(*b->loc_id));
	b->line_mis = xcalloc(sc->requirements.nr + 1, sizeof(*b->line_mis));
	for (size_t i = 0; i < sc->requirements.nr; i++) {
		const struct muster_requirement *r = &sc->requirements.items[i];
		uint32_t mi = intern_get(&b->missions, r->mission, false);
		b->loc[i] = r->location	       ? r->location
			    : mi != UINT32_MAX ? sc->missions.items[mi].host
					       : NULL;
		b->loc_id[i] = intern_get(&b->places, b->loc[i], true);
		b->line_mis[i] = mi;
	}
	b->nation_id = xcalloc(no + 1, sizeof(*b->nation_id));
	b->offer_mis = xcalloc(no + 1, sizeof(*b->offer_mis));
	for (size_t i = 0; i < no; i++) {
		const struct muster_offer *o = &sc->offers.items[i];
		b->nation_id[i] = intern_get(&b->places, o->nation, true);
		b->offer_mis[i] =
		    o->mission ? intern_get(&b->missions, o->mission, false) : UINT32_MAX;
	}
	sort_cap_offers(b);
	index_offer_caveats(b);
}

/* Mark the lines in scope and find the horizon; errors for an unknown mission or no lines. */
static int build_scope(struct build *b, struct muster_error *err)
{
	const struct muster_scenario *sc = b->sc;
	struct source_model *m = b->m;
	const char *want = m->opts.mission;
	size_t n = 0;

	if (want && intern_get(&b->missions, want, false) == UINT32_MAX) {
		int rc = muster_code_check(sc, MUSTER_CODE_MISSION, want, err);
		return rc < 0
			   ? rc
			   : muster_error_set(err, MUSTER_ENOENT, _("unknown mission '%s'"), want);
	}
	m->in_scope = xcalloc(sc->requirements.nr ? sc->requirements.nr : 1, sizeof(bool));
	m->horizon_from = INT32_MAX;
	m->horizon_to = INT32_MIN;
	for (size_t i = 0; i < sc->requirements.nr; i++) {
		const struct muster_requirement *r = &sc->requirements.items[i];
		if (want && strcmp(r->mission, want))
			continue;
		if (r->from >= r->to || r->from == MUSTER_DATE_NONE || r->to == MUSTER_DATE_OPEN)
			continue;
		m->in_scope[i] = true;
		n++;
		if (r->from < m->horizon_from)
			m->horizon_from = r->from;
		if (r->to > m->horizon_to)
			m->horizon_to = r->to;
		m->total_demand += (double)r->units * (double)r->personnel *
				   (double)(r->to - r->from) * source_weight(r->priority);
	}
	if (!n) {
		if (want)
			return muster_error_set(
			    err, MUSTER_EINVAL,
			    _("no requirement lines in scope: mission '%s' has no "
			      "lines"),
			    want);
		return muster_error_set(err, MUSTER_EINVAL,
					_("no requirement lines in scope: the scenario has no "
					  "requirements"));
	}
	return 0;
}

bool source_caveat_breaks(const struct muster_caveat *c, const struct muster_requirement *r,
			  const char *loc)
{
	bool breaks = false;
	switch (c->kind) {
	case MUSTER_CAVEAT_ONLY_COUNTRIES:
		breaks = !loc || !muster_strlist_has(&c->values, loc);
		break;
	case MUSTER_CAVEAT_NOT_COUNTRIES:
		breaks = loc && muster_strlist_has(&c->values, loc);
		break;
	case MUSTER_CAVEAT_NO_TASKS:
		for (size_t t = 0; t < r->tasks.nr && !breaks; t++)
			breaks = muster_strlist_has(&c->values, r->tasks.items[t]);
		break;
	case MUSTER_CAVEAT_ONLY_MISSIONS:
		breaks = !muster_strlist_has(&c->values, r->mission);
		break;
	case MUSTER_CAVEAT_MAX_DAYS:
		break;
	}
	return breaks;
}

/*
 * Apply o's caveats to line r: false when a hard one forbids the pair; sets
 * *soft when a soft one is broken and *max_days to the shortest max-days
 * caveat (-1: none), which cuts every interval J of the pair.
 */
static bool apply_caveats(struct build *b, size_t oi, size_t ri, bool *soft, long *max_days)
{
	const struct muster_requirement *r = &b->sc->requirements.items[ri];
	const char *loc = b->loc[ri];
	*max_days = -1;
	for (uint32_t k = b->cav_first[oi]; k < b->cav_first[oi + 1]; k++) {
		const struct muster_caveat *c = &b->sc->caveats.items[b->cav_idx[k]];
		if (c->kind == MUSTER_CAVEAT_MAX_DAYS) {
			/* max-days cuts the interval, hard or soft */
			if (c->days >= 0 && (*max_days < 0 || c->days < *max_days))
				*max_days = c->days;
			continue;
		}
		bool breaks = source_caveat_breaks(c, r, loc);
		if (breaks && c->hard)
			return false;
		if (breaks)
			*soft = true;
	}
	return true;
}

/* ---- boundary dates: where an assignment may be cut --------------------- */

static int cmp_bdate(const void *a, const void *b)
{
	const struct bdate *x = a, *y = b;
	if (x->key != y->key)
		return (x->key > y->key) - (x->key < y->key);
	return (x->date > y->date) - (x->date < y->date);
}

static void push_bdate(struct bdates *l, uint64_t key, int32_t d)
{
	if (d != MUSTER_DATE_NONE && d != MUSTER_DATE_OPEN)
		ARRAY_PUSH(*l, ((struct bdate){key, d}));
}

/*
 * The boundary dates of DESIGN.md section 4: the from and to of every phase
 * per mission, and of every cap per (nation, country), sorted by key and
 * date. Caps of a nation or in a country that no pair can have are skipped.
 */
static void build_boundaries(struct build *b)
{
	const struct muster_scenario *sc = b->sc;
	for (size_t i = 0; i < sc->phases.nr; i++) {
		const struct muster_phase *ph = &sc->phases.items[i];
		uint32_t mi = intern_get(&b->missions, ph->mission, false);
		if (mi == UINT32_MAX)
			continue;
		push_bdate(&b->phase_dates, mi, ph->from);
		push_bdate(&b->phase_dates, mi, ph->to);
	}
	for (size_t i = 0; i < sc->caps.nr; i++) {
		const struct muster_cap *c = &sc->caps.items[i];
		uint32_t a = intern_get(&b->places, c->nation, false);
		uint32_t l = intern_get(&b->places, c->country, false);
		if (a == UINT32_MAX || l == UINT32_MAX)
			continue;
		uint64_t key = (uint64_t)a * b->places.nr + l;
		push_bdate(&b->cap_dates, key, c->from);
		push_bdate(&b->cap_dates, key, c->to);
	}
	if (b->phase_dates.nr) /* qsort(NULL, 0, ...) is undefined (UBSan) */
		qsort(b->phase_dates.items, b->phase_dates.nr, sizeof(struct bdate), cmp_bdate);
	if (b->cap_dates.nr)
		qsort(b->cap_dates.items, b->cap_dates.nr, sizeof(struct bdate), cmp_bdate);
}

/* Append the dates of `key` in l strictly inside (from, to) to b->cuts. */
static void add_cuts(struct build *b, const struct bdates *l, uint64_t key, int32_t from,
		     int32_t to)
{
	size_t lo = 0, hi = l->nr;
	while (lo < hi) { /* the first entry >= (key, from + 1) */
		size_t mid = (lo + hi) / 2;
		const struct bdate *e = &l->items[mid];
		if (e->key < key || (e->key == key && e->date <= from))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < l->nr && l->items[lo].key == key && l->items[lo].date < to; lo++)
		ARRAY_PUSH(b->cuts, l->items[lo].date);
}

/* b->cuts = the ends of [from, to) and the boundary dates strictly inside, sorted, unique. */
static void pair_cuts(struct build *b, size_t oi, size_t ri, int32_t from, int32_t to)
{
	size_t n = 0;
	b->cuts.nr = 0;
	ARRAY_PUSH(b->cuts, from);
	if (b->line_mis[ri] != UINT32_MAX)
		add_cuts(b, &b->phase_dates, b->line_mis[ri], from, to);
	if (b->loc_id[ri] != UINT32_MAX)
		add_cuts(b, &b->cap_dates,
			 (uint64_t)b->nation_id[oi] * b->places.nr + b->loc_id[ri], from, to);
	ARRAY_PUSH(b->cuts, to);
	qsort(b->cuts.items, b->cuts.nr, sizeof(int32_t), cmp_i32);
	for (size_t i = 0; i < b->cuts.nr; i++)
		if (!n || b->cuts.items[i] != b->cuts.items[n - 1])
			b->cuts.items[n++] = b->cuts.items[i];
	b->cuts.nr = n;
}

/* Push the variable of pair p over J = [from, to). */
static void push_interval(struct build *b, struct source_pair p, long r_personnel, int priority,
			  int32_t from, int32_t to)
{
	long credit = p.people < r_personnel ? p.people : r_personnel;
	p.from = from;
	p.to = to;
	p.fill = (double)credit * (double)(to - from) * source_weight(priority);
	p.value = p.fill * (p.substitute ? 0.75 : 1.0) * (p.soft ? 0.5 : 1.0);
	ARRAY_PUSH(b->m->pairs, p);
}

/*
 * Try the pair (offer oi, line ri); push its variables when allowed: one per
 * piece of I(o,r) between consecutive cut points (any J of the contract is
 * a run of adjacent pieces, so this is the same model), or, under a max-days
 * caveat of N days, one per J = [a, min(b, a + N)) with a < b cut points.
 */
static void try_pair(struct build *b, size_t oi, size_t ri, bool substitute)
{
	const struct muster_offer *o = &b->sc->offers.items[oi];
	const struct muster_requirement *r = &b->sc->requirements.items[ri];
	struct source_pair p = {0};
	int32_t from, to;
	long max_days;

	if (o->status == MUSTER_OFFER_WITHDRAWN || o->readiness < r->min_readiness)
		return;
	/* mission indexes, not names: this runs for millions of candidate pairs */
	if (o->mission && (b->offer_mis[oi] == UINT32_MAX ? strcmp(o->mission, r->mission) != 0
							  : b->offer_mis[oi] != b->line_mis[ri]))
		return;
	if (o->line && strcmp(o->line, r->line))
		return;
	from = o->from > r->from ? o->from : r->from;
	to = o->to < r->to ? o->to : r->to;
	if (from >= to || !apply_caveats(b, oi, ri, &p.soft, &max_days) || max_days == 0)
		return;
	p.offer = (uint32_t)oi;
	p.line = (uint32_t)ri;
	p.ub = o->units < r->units ? o->units : r->units;
	p.people = o->personnel;
	p.substitute = substitute;
	p.nation = b->nation_id[oi];
	p.location = b->loc_id[ri];
	pair_cuts(b, oi, ri, from, to);
	const int32_t *c = b->cuts.items;
	size_t n = b->cuts.nr;
	if (max_days < 0) {
		for (size_t i = 0; i + 1 < n; i++) {
			p.piece = n > 2;
			push_interval(b, p, r->personnel, r->priority, c[i], c[i + 1]);
		}
		return;
	}
	for (size_t i = 0; i + 1 < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			bool cut = (int64_t)c[i] + max_days < c[j];
			int32_t end = cut ? (int32_t)(c[i] + max_days) : c[j];
			if (cut)
				add_date(b, end); /* a new breakpoint */
			push_interval(b, p, r->personnel, r->priority, c[i], end);
			if ((int64_t)c[i] + max_days <= c[j])
				break; /* every later b gives the same J */
		}
}

/* First position in [lo, hi) of cap_offers whose key is >= key. */
static uint32_t key_lower(const struct build *b, uint32_t lo, uint32_t hi, uint32_t key)
{
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (offer_key(b, b->cap_offers[mid]) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The pairs of line ri with the offers of capability `code`: the offers for
 * any mission and those of the line's mission, merged in offer order (the
 * order of the whole run, so that the model does not depend on the index).
 */
static void pairs_of_capability(struct build *b, size_t ri, const char *code, bool substitute)
{
	uint32_t c = intern_get(&b->capcodes, code, false);
	if (c == UINT32_MAX)
		return;
	uint32_t s = b->cap_first[c], e = b->cap_first[c + 1];
	if (b->line_mis[ri] == UINT32_MAX) { /* unknown mission: try them all */
		for (uint32_t k = s; k < e; k++)
			try_pair(b, b->cap_offers[k], ri, substitute);
		return;
	}
	uint32_t a = s, a_end = key_lower(b, s, e, 1);
	uint32_t m = key_lower(b, a_end, e, b->line_mis[ri] + 1);
	uint32_t m_end = key_lower(b, m, e, b->line_mis[ri] + 2);
	while (a < a_end || m < m_end) {
		bool any = m == m_end || (a < a_end && b->cap_offers[a] < b->cap_offers[m]);
		try_pair(b, b->cap_offers[any ? a++ : m++], ri, substitute);
	}
}

int source_past_deadline(double deadline, const char *what, struct muster_error *err)
{
	if (deadline <= 0 || cpu_seconds() <= deadline)
		return 0;
	return muster_error_set(err, MUSTER_ETIME,
				_("the time limit was reached while %s; no run was made"), what);
}

static int build_pairs(struct build *b, struct muster_error *err)
{
	const struct muster_scenario *sc = b->sc;
	for (size_t ri = 0; ri < sc->requirements.nr; ri++) {
		const struct muster_requirement *r = &sc->requirements.items[ri];
		if (!b->m->in_scope[ri])
			continue;
		int rc = ri % 64 ? 0
				 : source_past_deadline(b->m->opts.deadline,
							_("building the model"), err);
		if (rc < 0)
			return rc;
		ctx_progress(b->m->opts.ctx, "sourcing: pairs of lines", ri, sc->requirements.nr);
		pairs_of_capability(b, ri, r->capability, false);
		uint32_t ci = intern_get(&b->capidx, r->capability, false);
		if (ci == UINT32_MAX)
			continue;
		const struct muster_strlist *subs = &sc->capabilities.items[ci].substitutes;
		for (size_t k = 0; k < subs->nr; k++) {
			bool dup = !strcmp(subs->items[k], r->capability);
			for (size_t j = 0; j < k && !dup; j++)
				dup = !strcmp(subs->items[j], subs->items[k]);
			if (!dup)
				pairs_of_capability(b, ri, subs->items[k], true);
		}
	}
	ctx_progress(b->m->opts.ctx, "sourcing: pairs of lines", sc->requirements.nr,
		     sc->requirements.nr);
	return 0;
}

static void build_segments(struct build *b)
{
	const struct muster_scenario *sc = b->sc;
	struct source_model *m = b->m;
	size_t n = 0;

	for (size_t i = 0; i < sc->requirements.nr; i++)
		if (m->in_scope[i]) {
			add_date(b, sc->requirements.items[i].from);
			add_date(b, sc->requirements.items[i].to);
		}
	for (size_t i = 0; i < sc->offers.nr; i++)
		if (sc->offers.items[i].status != MUSTER_OFFER_WITHDRAWN) {
			add_date(b, sc->offers.items[i].from);
			add_date(b, sc->offers.items[i].to);
		}
	/* pair intervals start and end at line or offer dates, or at a max-days
	 * cut (added by try_pair) */
	for (size_t i = 0; i < sc->caps.nr; i++) {
		add_date(b, sc->caps.items[i].from);
		add_date(b, sc->caps.items[i].to);
	}
	for (size_t i = 0; i < sc->phases.nr; i++) {
		add_date(b, sc->phases.items[i].from);
		add_date(b, sc->phases.items[i].to);
	}
	for (size_t i = 0; i < sc->missions.nr; i++) {
		add_date(b, sc->missions.items[i].from);
		add_date(b, sc->missions.items[i].to);
	}
	for (size_t i = 0; i < sc->deployments.nr; i++) {
		add_date(b, sc->deployments.items[i].from);
		add_date(b, sc->deployments.items[i].to);
	}
	ARRAY_PUSH(b->dates, m->horizon_from);
	ARRAY_PUSH(b->dates, m->horizon_to);
	qsort(b->dates.items, b->dates.nr, sizeof(int32_t), cmp_i32);
	for (size_t i = 0; i < b->dates.nr; i++)
		if (!n || b->dates.items[i] != b->dates.items[n - 1])
			b->dates.items[n++] = b->dates.items[i];
	m->nseg = n - 1;
	m->bounds = xmalloc(n * sizeof(*m->bounds));
	memcpy(m->bounds, b->dates.items, n * sizeof(*m->bounds));
	/* pair endpoints are inside the horizon: a day -> segment table */
	size_t ndays = (size_t)((int64_t)m->horizon_to - m->horizon_from) + 1;
	uint32_t *seg_of = xmalloc(ndays * sizeof(*seg_of));
	for (size_t d = 0, sg = 0; d < ndays; d++) {
		while (sg < m->nseg && m->bounds[sg + 1] <= m->horizon_from + (int32_t)d)
			sg++;
		seg_of[d] = (uint32_t)sg;
	}
	seg_of[ndays - 1] = (uint32_t)m->nseg;
	for (size_t i = 0; i < m->pairs.nr; i++) {
		struct source_pair *p = &m->pairs.items[i];
		p->seg_lo = seg_of[p->from - m->horizon_from];
		p->seg_hi = seg_of[p->to - m->horizon_from];
	}
	free(seg_of);
}

/* ---- resources, then rows: one sweep per resource ----------------------- */

struct group {
	enum source_row_kind kind;
	uint32_t ref;
	const uint32_t *pairs;
	size_t n;
	bool people;	     /* coefficients are people (else units) */
	uint32_t s_lo, s_hi; /* segment range */
	const double *rhs;   /* per segment s at rhs[s - s_lo], or NULL */
	double rhs_const;
};

/* Record a group as a resource: its members overlapping the range, its rhs. */
static void emit_group(struct build *b, const struct group *g)
{
	struct source_model *m = b->m;
	struct source_resource res = {.kind = g->kind, .ref = g->ref, .s_lo = g->s_lo};
	res.s_hi = g->s_hi;
	res.first = m->members.nr;
	for (size_t i = 0; i < g->n; i++) {
		const struct source_pair *p = &m->pairs.items[g->pairs[i]];
		if (p->seg_lo >= g->s_hi || p->seg_hi <= g->s_lo)
			continue;
		struct source_entry e = {g->pairs[i], g->people ? (double)p->people : 1.0};
		ARRAY_PUSH(m->members, e);
	}
	res.n = m->members.nr - res.first;
	if (!res.n || g->s_lo >= g->s_hi)
		return;
	if (g->rhs) {
		res.rhs_first = m->res_rhs.nr;
		ARRAY_GROW(m->res_rhs, m->res_rhs.nr + (g->s_hi - g->s_lo));
		memcpy(m->res_rhs.items + m->res_rhs.nr, g->rhs,
		       (g->s_hi - g->s_lo) * sizeof(double));
		m->res_rhs.nr += g->s_hi - g->s_lo;
	} else {
		res.rhs_first = SIZE_MAX;
		res.rhs_const = g->rhs_const;
	}
	ARRAY_PUSH(m->resources, res);
}

double source_resource_rhs(const struct source_model *m, const struct source_resource *r,
			   uint32_t s)
{
	if (r->rhs_first == SIZE_MAX)
		return r->rhs_const;
	return m->res_rhs.items[r->rhs_first + (s - r->s_lo)];
}

/*
 * ub_p <= floor(min rhs over the pair's segments / coef) for every resource
 * it is in; the minimum over a range comes from a sparse table (O(1) each).
 */
static void tighten_resource(struct source_model *m, const struct source_resource *r, double *tab)
{
	size_t len = r->s_hi - r->s_lo, levels = 1;
	while (((size_t)1 << levels) <= len)
		levels++;
	if (r->rhs_first != SIZE_MAX) {
		memcpy(tab, m->res_rhs.items + r->rhs_first, len * sizeof(double));
		for (size_t k = 1; k < levels; k++)
			for (size_t i = 0; i + ((size_t)1 << k) <= len; i++) {
				double a = tab[(k - 1) * len + i];
				double c = tab[(k - 1) * len + i + ((size_t)1 << (k - 1))];
				tab[k * len + i] = a < c ? a : c;
			}
	}
	for (size_t k = r->first; k < r->first + r->n; k++) {
		struct source_pair *p = &m->pairs.items[m->members.items[k].pair];
		double lo_rhs = r->rhs_const;
		if (r->rhs_first != SIZE_MAX) {
			size_t a = (p->seg_lo > r->s_lo ? p->seg_lo : r->s_lo) - r->s_lo;
			size_t z = (p->seg_hi < r->s_hi ? p->seg_hi : r->s_hi) - r->s_lo;
			size_t lv = (size_t)(63 - __builtin_clzll((unsigned long long)(z - a)));
			double x = tab[lv * len + a], y = tab[lv * len + z - ((size_t)1 << lv)];
			lo_rhs = x < y ? x : y;
		}
		long lim = (long)floor(lo_rhs / m->members.items[k].coef + 1e-9);
		if (lim < p->ub)
			p->ub = lim < 0 ? 0 : lim;
	}
}

static void tighten(struct source_model *m)
{
	size_t most = 1;
	for (size_t i = 0; i < m->resources.nr; i++) {
		size_t len = m->resources.items[i].s_hi - m->resources.items[i].s_lo;
		if (len > most)
			most = len;
	}
	size_t levels = 1;
	while (((size_t)1 << levels) <= most)
		levels++;
	double *tab = xmalloc(levels * most * sizeof(*tab));
	for (size_t i = 0; i < m->resources.nr; i++)
		tighten_resource(m, &m->resources.items[i], tab);
	free(tab);
}

struct event {
	uint32_t seg;
	uint32_t member; /* index into the resource's members; high bit: removal */
};

static int cmp_event(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	return (x->seg > y->seg) - (x->seg < y->seg);
}

#define EV_REMOVE 0x80000000u

static void flush_row(struct build *b, const struct source_resource *r, uint32_t seg, double rhs)
{
	struct source_model *m = b->m;
	if (m->entries.nr + b->snap.nr > SOURCE_MAX_ROW_ENTRIES) {
		b->too_big = true;
		return;
	}
	struct source_row row = {.kind = r->kind, .ref = r->ref, .seg = seg, .rhs = rhs};
	row.first = m->entries.nr;
	row.n = b->snap.nr;
	ARRAY_GROW(m->entries, m->entries.nr + b->snap.nr);
	for (size_t i = 0; i < b->snap.nr; i++)
		m->entries.items[m->entries.nr++] = m->members.items[r->first + b->snap.items[i]];
	ARRAY_PUSH(m->rows, row);
}

static void take_snapshot(struct build *b)
{
	b->snap.nr = 0;
	ARRAY_GROW(b->snap, b->active.nr);
	memcpy(b->snap.items, b->active.items, b->active.nr * sizeof(uint32_t));
	b->snap.nr = b->active.nr;
}

/* Apply one event; returns the change of sum coef x ub of the active members. */
static double apply_event(struct build *b, const struct source_resource *r, const struct event *e,
			  bool *added, bool *removed)
{
	uint32_t k = e->member & ~EV_REMOVE;
	const struct source_entry *me = &b->m->members.items[r->first + k];
	double w = me->coef * (double)b->m->pairs.items[me->pair].ub;
	if (e->member & EV_REMOVE) {
		uint32_t at = b->pos[k], last = b->active.items[--b->active.nr];
		b->active.items[at] = last;
		b->pos[last] = at;
		*removed = true;
		return -w;
	}
	b->pos[k] = (uint32_t)b->active.nr;
	ARRAY_PUSH(b->active, k);
	*added = true;
	return w;
}

/*
 * Sweep a resource's segments and emit its rows: a row only where the
 * active members could exceed the rhs, and only when not dominated by its
 * neighbour (a subset with a rhs as large, or a superset with a rhs as small).
 */
static void resource_rows(struct build *b, const struct source_resource *r)
{
	struct event *ev = xmalloc((2 * r->n + 1) * sizeof(*ev));
	size_t nev = 0, ei = 0;
	bool pending = false, added = false, removed = false;
	uint32_t pseg = 0;
	double prhs = 0, sum = 0;

	for (size_t i = 0; i < r->n; i++) {
		const struct source_pair *p =
		    &b->m->pairs.items[b->m->members.items[r->first + i].pair];
		uint32_t lo = p->seg_lo > r->s_lo ? p->seg_lo : r->s_lo;
		uint32_t hi = p->seg_hi < r->s_hi ? p->seg_hi : r->s_hi;
		if (lo >= hi || p->ub <= 0)
			continue;
		ev[nev++] = (struct event){lo, (uint32_t)i};
		ev[nev++] = (struct event){hi, (uint32_t)i | EV_REMOVE};
	}
	qsort(ev, nev, sizeof(*ev), cmp_event);
	b->active.nr = 0;
	for (uint32_t s = nev ? ev[0].seg : r->s_hi; s < r->s_hi; s++) {
		while (ei < nev && ev[ei].seg == s)
			sum += apply_event(b, r, &ev[ei++], &added, &removed);
		double rhs = source_resource_rhs(b->m, r, s);
		if (sum <= rhs + 1e-9)
			continue; /* cannot bind here */
		if (pending && !added && rhs >= prhs)
			continue; /* dominated by the pending row */
		if (pending && !removed && rhs <= prhs) {
			take_snapshot(b); /* dominates the pending row */
			pseg = s, prhs = rhs, added = removed = false;
			continue;
		}
		if (pending)
			flush_row(b, r, pseg, prhs);
		take_snapshot(b);
		pending = true, pseg = s, prhs = rhs, added = removed = false;
	}
	if (pending)
		flush_row(b, r, pseg, prhs);
	free(ev);
}

/* Group pair indices by key; returns CSR offsets (nkeys + 1) and fills order. */
static uint32_t *group_by(const struct source_model *m, size_t nkeys, uint32_t *order,
			  uint32_t (*key)(const struct source_pair *))
{
	uint32_t *first = xcalloc(nkeys + 2, sizeof(*first));
	for (size_t i = 0; i < m->pairs.nr; i++)
		first[key(&m->pairs.items[i]) + 2]++;
	for (size_t k = 0; k < nkeys; k++)
		first[k + 2] += first[k + 1];
	for (size_t i = 0; i < m->pairs.nr; i++)
		order[first[key(&m->pairs.items[i]) + 1]++] = (uint32_t)i;
	return first;
}

static uint32_t key_line(const struct source_pair *p)
{
	return p->line;
}

static uint32_t key_offer(const struct source_pair *p)
{
	return p->offer;
}

static void rows_by(struct build *b, enum source_row_kind kind, size_t nkeys,
		    uint32_t (*key)(const struct source_pair *), bool lines)
{
	struct source_model *m = b->m;
	uint32_t *order = xmalloc((m->pairs.nr + 1) * sizeof(*order));
	uint32_t *first = group_by(m, nkeys, order, key);
	for (size_t k = 0; k < nkeys; k++) {
		if (first[k] == first[k + 1])
			continue;
		struct group g = {.kind = kind, .ref = (uint32_t)k};
		g.pairs = order + first[k];
		g.n = first[k + 1] - first[k];
		g.s_lo = 0;
		g.s_hi = (uint32_t)m->nseg;
		g.rhs_const = lines ? (double)b->sc->requirements.items[k].units
				    : (double)b->sc->offers.items[k].units;
		emit_group(b, &g);
	}
	free(first);
	free(order);
}

/* rhs[s - lo] -= personnel of deployment d over the segments it covers. */
static void subtract_deployment(const struct source_model *m, double *rhs, uint32_t lo, uint32_t hi,
				const struct muster_deployment *d)
{
	int32_t from = d->from == MUSTER_DATE_NONE ? m->horizon_from : d->from;
	uint32_t a = source_model_segment(m, clamp_date(from, m->horizon_from, m->horizon_to));
	uint32_t z = source_model_segment(m, clamp_date(d->to, m->horizon_from, m->horizon_to));
	if (d->to <= m->horizon_from || from >= m->horizon_to)
		return;
	for (uint32_t s = a > lo ? a : lo; s < z && s < hi; s++)
		rhs[s - lo] -= (double)d->personnel;
}

static void seg_range(const struct source_model *m, int32_t from, int32_t to, uint32_t *lo,
		      uint32_t *hi)
{
	if (from == MUSTER_DATE_NONE)
		from = m->horizon_from;
	*lo = source_model_segment(m, clamp_date(from, m->horizon_from, m->horizon_to));
	*hi = source_model_segment(m, clamp_date(to, m->horizon_from, m->horizon_to));
	if (to <= m->horizon_from || from >= m->horizon_to)
		*hi = *lo;
}

static size_t place_key(const struct source_pair *p, size_t nplaces)
{
	return (size_t)p->nation * nplaces + p->location;
}

static void rows_caps(struct build *b)
{
	struct source_model *m = b->m;
	const struct muster_scenario *sc = b->sc;
	size_t np = m->pairs.nr;
	size_t nplaces = b->places.nr, nkeys = nplaces * nplaces;
	uint32_t *order = xmalloc((np + 1) * sizeof(*order));
	uint32_t *first = xcalloc(nkeys + 2, sizeof(*first));

	/* pairs by (nation, location): a counting sort (CSR) */
	for (size_t i = 0; i < np; i++)
		if (m->pairs.items[i].location != UINT32_MAX) /* no location: no cap */
			first[place_key(&m->pairs.items[i], nplaces) + 2]++;
	for (size_t k = 0; k < nkeys; k++)
		first[k + 2] += first[k + 1];
	for (size_t i = 0; i < np; i++)
		if (m->pairs.items[i].location != UINT32_MAX)
			order[first[place_key(&m->pairs.items[i], nplaces) + 1]++] = (uint32_t)i;
	for (size_t ci = 0; ci < sc->caps.nr; ci++) {
		const struct muster_cap *c = &sc->caps.items[ci];
		uint32_t a = intern_get(&b->places, c->nation, false);
		uint32_t l = intern_get(&b->places, c->country, false);
		if (a == UINT32_MAX || l == UINT32_MAX)
			continue;
		size_t lo = first[a * nplaces + l], end = first[a * nplaces + l + 1];
		if (end == lo)
			continue;
		struct group g = {.kind = SOURCE_ROW_CAP, .ref = (uint32_t)ci, .people = true};
		g.pairs = order + lo;
		g.n = end - lo;
		seg_range(m, c->from, c->to, &g.s_lo, &g.s_hi);
		if (g.s_lo >= g.s_hi)
			continue;
		b->rhs.nr = 0;
		ARRAY_GROW(b->rhs, g.s_hi - g.s_lo);
		for (uint32_t s = g.s_lo; s < g.s_hi; s++)
			b->rhs.items[s - g.s_lo] = (double)c->limit;
		for (size_t d = 0; d < sc->deployments.nr; d++) {
			const struct muster_deployment *dp = &sc->deployments.items[d];
			if (dp->counts_against_cap && !strcmp(dp->nation, c->nation) &&
			    !strcmp(dp->country, c->country))
				subtract_deployment(m, b->rhs.items, g.s_lo, g.s_hi, dp);
		}
		for (uint32_t s = g.s_lo; s < g.s_hi; s++)
			if (b->rhs.items[s - g.s_lo] < 0)
				b->rhs.items[s - g.s_lo] = 0;
		g.rhs = b->rhs.items;
		emit_group(b, &g);
	}
	free(first);
	free(order);
}

static bool phase_counts(const struct source_model *m, const struct muster_phase *ph)
{
	return ph->status == MUSTER_PHASE_APPROVED || m->opts.with_requested;
}

/* One mission's phase (or uncovered run, ph == NULL) as a ceiling group. */
static void ceiling_group(struct build *b, size_t mi, const struct muster_phase *ph, size_t phi,
			  uint32_t lo, uint32_t hi, const uint32_t *pairs, size_t n)
{
	const struct muster_scenario *sc = b->sc;
	const struct muster_mission *mis = &sc->missions.items[mi];
	struct source_model *m = b->m;
	bool in_host = ph && ph->scope == MUSTER_SCOPE_IN_HOST;
	uint32_t *sel = xmalloc((n + 1) * sizeof(*sel));
	size_t ns = 0;
	uint32_t host = intern_get(&b->places, mis->host, false);
	struct group g = {.people = true, .s_lo = lo, .s_hi = hi};

	for (size_t i = 0; i < n; i++)
		if (!in_host || m->pairs.items[pairs[i]].location == host)
			sel[ns++] = pairs[i];
	g.kind = ph ? SOURCE_ROW_CEILING : SOURCE_ROW_CEILING_NONE;
	g.ref = (uint32_t)(ph ? phi : mi);
	g.pairs = sel;
	g.n = ns;
	b->rhs.nr = 0;
	ARRAY_GROW(b->rhs, hi - lo);
	for (uint32_t s = lo; s < hi; s++)
		b->rhs.items[s - lo] = ph ? (double)ph->ceiling : 0;
	for (size_t d = 0; ph && d < sc->deployments.nr; d++) {
		const struct muster_deployment *dp = &sc->deployments.items[d];
		if (!dp->counts_against_cap || !dp->mission || strcmp(dp->mission, mis->code))
			continue;
		if (in_host && (!mis->host || strcmp(dp->country, mis->host)))
			continue;
		subtract_deployment(m, b->rhs.items, lo, hi, dp);
	}
	for (uint32_t s = lo; s < hi; s++)
		if (b->rhs.items[s - lo] < 0)
			b->rhs.items[s - lo] = 0;
	g.rhs = b->rhs.items;
	if (ns && lo < hi)
		emit_group(b, &g);
	free(sel);
}

static void rows_ceilings(struct build *b)
{
	const struct muster_scenario *sc = b->sc;
	struct source_model *m = b->m;
	uint32_t *pairs = xmalloc((m->pairs.nr + 1) * sizeof(*pairs));
	bool *covered = xmalloc(m->nseg + 1);
	uint32_t *order = xmalloc((m->pairs.nr + 1) * sizeof(*order));
	uint32_t *by_mis = xcalloc(sc->missions.nr + 2, sizeof(*by_mis));

	/* pairs by the mission of their line (CSR); unknown missions have no phases */
	for (size_t i = 0; i < m->pairs.nr; i++)
		if (b->line_mis[m->pairs.items[i].line] != UINT32_MAX)
			by_mis[b->line_mis[m->pairs.items[i].line] + 2]++;
	for (size_t k = 0; k < sc->missions.nr; k++)
		by_mis[k + 2] += by_mis[k + 1];
	for (size_t i = 0; i < m->pairs.nr; i++)
		if (b->line_mis[m->pairs.items[i].line] != UINT32_MAX)
			order[by_mis[b->line_mis[m->pairs.items[i].line] + 1]++] = (uint32_t)i;

	for (size_t mi = 0; mi < sc->missions.nr; mi++) {
		const char *code = sc->missions.items[mi].code;
		bool has = false;
		size_t n = 0;
		for (size_t k = 0; k < sc->phases.nr && !has; k++)
			has = !strcmp(sc->phases.items[k].mission, code);
		if (!has)
			continue; /* a mission without phases has no ceiling */
		n = by_mis[mi + 1] - by_mis[mi];
		memcpy(pairs, order + by_mis[mi], n * sizeof(*pairs));
		if (!n)
			continue;
		memset(covered, 0, m->nseg + 1);
		for (size_t k = 0; k < sc->phases.nr; k++) {
			const struct muster_phase *ph = &sc->phases.items[k];
			uint32_t lo, hi;
			if (strcmp(ph->mission, code) || !phase_counts(m, ph))
				continue;
			seg_range(m, ph->from, ph->to, &lo, &hi);
			for (uint32_t s = lo; s < hi; s++)
				covered[s] = true;
			ceiling_group(b, mi, ph, k, lo, hi, pairs, n);
		}
		for (uint32_t s = 0; s < m->nseg;) {
			uint32_t e = s;
			while (e < m->nseg && !covered[e])
				e++;
			if (e > s)
				ceiling_group(b, mi, NULL, 0, s, e, pairs, n);
			s = e + 1;
		}
	}
	free(covered);
	free(pairs);
	free(order);
	free(by_mis);
}

/* pos[] is indexed by a member's index within its resource. */
static void xfree_pos(struct build *b, const struct source_model *m)
{
	size_t most = 1;
	for (size_t i = 0; i < m->resources.nr; i++)
		if (m->resources.items[i].n > most)
			most = m->resources.items[i].n;
	free(b->pos);
	b->pos = xcalloc(most, sizeof(*b->pos));
}

static void build_release(struct build *b)
{
	intern_release(&b->capcodes);
	intern_release(&b->capidx);
	intern_release(&b->caveats);
	intern_release(&b->missions);
	intern_release(&b->places);
	free(b->cap_first);
	free(b->cap_offers);
	free(b->loc);
	free(b->loc_id);
	free(b->line_mis);
	free(b->nation_id);
	free(b->offer_mis);
	free(b->cav_first);
	free(b->cav_idx);
	free(b->pos);
	ARRAY_RELEASE(b->dates);
	ARRAY_RELEASE(b->phase_dates);
	ARRAY_RELEASE(b->cap_dates);
	ARRAY_RELEASE(b->cuts);
	ARRAY_RELEASE(b->active);
	ARRAY_RELEASE(b->snap);
	ARRAY_RELEASE(b->rhs);
}

int source_model_build(struct source_model *m, const struct muster_scenario *sc,
		       const struct source_opts *opts, struct muster_error *err)
{
	struct build b = {.m = m, .sc = sc};
	int rc;

	memset(m, 0, sizeof(*m));
	m->sc = sc;
	if (opts)
		m->opts = *opts;
	build_indexes(&b);
	rc = build_scope(&b, err);
	if (rc < 0)
		goto out;
	build_boundaries(&b);
	rc = build_pairs(&b, err);
	if (rc < 0)
		goto out;
	build_segments(&b);
	rows_by(&b, SOURCE_ROW_LINE, sc->requirements.nr, key_line, true);
	rows_by(&b, SOURCE_ROW_OFFER, sc->offers.nr, key_offer, false);
	rows_caps(&b);
	rows_ceilings(&b);
	tighten(m);
	source_budget_members(m); /* budgets.csv: source_budget.c */
	if (!m->opts.no_rows) {
		ARRAY_RELEASE(b.active);
		xfree_pos(&b, m);
		for (size_t i = 0; i < m->resources.nr && !b.too_big && rc == 0; i++) {
			resource_rows(&b, &m->resources.items[i]);
			if (i % 256 == 0)
				rc = source_past_deadline(m->opts.deadline, _("building the model"),
							  err);
		}
		if (rc < 0)
			goto out;
		if (!b.too_big && (rc = source_budget_rows(m, SOURCE_MAX_ROW_ENTRIES, err)) < 0)
			goto out;
	}
	if (b.too_big)
		rc = muster_error_set(
		    err, MUSTER_EINVAL,
		    _("the model is too large: %zu pairs and more than %zu nonzeros "
		      "in row form; source one mission at a time (--mission)"),
		    m->pairs.nr, SOURCE_MAX_ROW_ENTRIES);
out:
	build_release(&b);
	if (rc < 0)
		source_model_release(m);
	return rc;
}

void source_model_release(struct source_model *m)
{
	if (!m)
		return;
	free(m->bounds);
	free(m->in_scope);
	ARRAY_RELEASE(m->pairs);
	ARRAY_RELEASE(m->rows);
	ARRAY_RELEASE(m->entries);
	ARRAY_RELEASE(m->resources);
	ARRAY_RELEASE(m->members);
	ARRAY_RELEASE(m->res_rhs);
	free(m->budget_first);
	free(m->budget_held);
	ARRAY_RELEASE(m->budget_members);
	muster_strlist_release(&m->warnings);
	memset(m, 0, sizeof(*m));
}

void source_solution_release(struct source_solution *sol)
{
	if (!sol)
		return;
	free(sol->x);
	memset(sol, 0, sizeof(*sol));
}
