/*
 * cost.c: what a sourcing run costs and who pays it (issue 15): the rates of
 * costs.csv applied to a run's assignments, and the funding rules of
 * funding.csv splitting each cost between the sender and the nations of a
 * cost-share key. The rules are written in muster.h (muster_cost_compute)
 * and docs/scenario-format.md.
 *
 * Key decisions:
 * - An assignment is cut into segments at every date where something that
 *   prices it changes: the from and to of each rate that matches it, of each
 *   funding rule of its mission, and each 1 January (so costs by year need
 *   no second pass). Within a segment each basis has one rate (the most
 *   specific in force: validation refuses two rates of one specificity that
 *   overlap), and one funding rule.
 * - Money is a double in the scenario's one currency; nothing is rounded
 *   until it is printed.
 * - Unknown is not zero: an assignment that no rate of any basis matches is
 *   counted as unpriced (per group and in total), and a scenario without
 *   rates is an error, never a table of zeros.
 * - A unit-deployment rate is one-off per unit sent: a pair cut at a
 *   boundary date into consecutive rows is charged only for the units the
 *   later row adds.
 */
#include "store.h"
#include "i18n.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NBASES 3

const char *muster_scenario_currency(const struct muster_scenario *sc)
{
	for (size_t i = 0; i < sc->costs.nr; i++)
		if (sc->costs.items[i].currency)
			return sc->costs.items[i].currency;
	for (size_t i = 0; i < sc->budgets.nr; i++)
		if (sc->budgets.items[i].currency)
			return sc->budgets.items[i].currency;
	return NULL;
}

/* ---- rates ------------------------------------------------------------ */

static bool field_matches(const char *rate, const char *value)
{
	return !rate || (value && !strcmp(rate, value));
}

/* The specificity of `r` for an assignment (nation 4, capability 2, country 1), or -1. */
static int rate_rank(const struct muster_cost_rate *r, const char *nation, const char *country,
		     const char *capability)
{
	if (!field_matches(r->nation, nation) || !field_matches(r->country, country) ||
	    !field_matches(r->capability, capability))
		return -1;
	return (r->nation ? 4 : 0) + (r->capability ? 2 : 0) + (r->country ? 1 : 0);
}

static bool in_force(int32_t from, int32_t to, int32_t day)
{
	return (from == MUSTER_DATE_NONE || from <= day) && (to == MUSTER_DATE_OPEN || day < to);
}

/* What one assignment is priced by: its matching rates, its mission's funding rules. */
struct pricing {
	const struct muster_assignment *a;
	long new_units;	  /* units deployed on a->from (unit-deployment) */
	bool people_only; /* a deployment: person-day rates only (no units, no capability) */
	struct {
		const struct muster_cost_rate **items;
		int *rank;
		size_t nr, alloc;
	} rates;
	struct {
		size_t *items;
		size_t nr, alloc;
	} funding; /* indexes into sc->funding */
	struct {
		int32_t *items;
		size_t nr, alloc;
	} cuts;
};

static void pricing_release(struct pricing *p)
{
	free(p->rates.items);
	free(p->rates.rank);
	free(p->funding.items);
	free(p->cuts.items);
	memset(p, 0, sizeof(*p));
}

static void add_cut(struct pricing *p, int32_t day)
{
	if (day != MUSTER_DATE_NONE && day != MUSTER_DATE_OPEN && day > p->a->from &&
	    day < p->a->to)
		ARRAY_PUSH(p->cuts, day);
}

static int cmp_day(const void *x, const void *y)
{
	int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
	return a < b ? -1 : a > b;
}

/* As pricing_init, for an assignment or a deployment located at `loc`. */
static void pricing_init_at(struct pricing *p, const struct muster_scenario *sc,
			    const struct muster_assignment *a, const char *loc, long new_units)
{
	memset(p, 0, sizeof(*p));
	p->a = a;
	p->new_units = new_units;
	for (size_t i = 0; i < sc->costs.nr; i++) {
		const struct muster_cost_rate *c = &sc->costs.items[i];
		int rank = rate_rank(c, a->nation, loc, a->capability);
		if (rank < 0)
			continue;
		ARRAY_GROW(p->rates, p->rates.nr + 1);
		p->rates.rank = xrealloc(p->rates.rank, p->rates.alloc * sizeof(int));
		p->rates.items[p->rates.nr] = c;
		p->rates.rank[p->rates.nr++] = rank;
		add_cut(p, c->from);
		add_cut(p, c->to);
	}
	for (size_t i = 0; a->mission && i < sc->funding.nr; i++)
		if (!strcmp(sc->funding.items[i].mission, a->mission)) {
			ARRAY_PUSH(p->funding, i);
			add_cut(p, sc->funding.items[i].from);
			add_cut(p, sc->funding.items[i].to);
		}
	int y, m, d;
	muster_date_to_ymd(a->from, &y, &m, &d);
	for (int32_t jan1 = muster_date_from_ymd(y + 1, 1, 1); jan1 < a->to;
	     jan1 = muster_date_from_ymd(++y + 1, 1, 1))
		add_cut(p, jan1);
	ARRAY_PUSH(p->cuts, a->from);
	ARRAY_PUSH(p->cuts, a->to);
	qsort(p->cuts.items, p->cuts.nr, sizeof(int32_t), cmp_day);
}

static void pricing_init(struct pricing *p, const struct muster_scenario *sc,
			 const struct muster_assignment *a, long new_units)
{
	const struct muster_requirement *r = muster_scenario_requirement(sc, a->mission, a->line);
	pricing_init_at(p, sc, a, r ? muster_requirement_location(sc, r) : NULL, new_units);
}

/* The most specific rate of `basis` in force on `day`, or NULL. */
static const struct muster_cost_rate *best_rate(const struct pricing *p,
						enum muster_cost_basis basis, int32_t day)
{
	const struct muster_cost_rate *best = NULL;
	int best_rank = -1;
	for (size_t i = 0; i < p->rates.nr; i++) {
		const struct muster_cost_rate *c = p->rates.items[i];
		if (c->basis == basis && p->rates.rank[i] > best_rank &&
		    in_force(c->from, c->to, day)) {
			best = c;
			best_rank = p->rates.rank[i];
		}
	}
	return best;
}

/*
 * The incurred cost of segment [s, e) of the assignment; *priced is set when
 * some rate applies to it. The one-off unit-deployment cost falls on the
 * segment that starts the assignment.
 */
static double segment_cost(const struct pricing *p, int32_t s, int32_t e, bool *priced)
{
	const struct muster_assignment *a = p->a;
	double days = (double)(e - s), cost = 0;
	const struct muster_cost_rate *r;
	if ((r = best_rate(p, MUSTER_BASIS_PERSON_DAY, s))) {
		cost += r->value * (double)a->personnel * days;
		*priced = true;
	}
	if (p->people_only)
		return cost;
	if ((r = best_rate(p, MUSTER_BASIS_UNIT_DAY, s))) {
		cost += r->value * (double)a->units * days;
		*priced = true;
	}
	if (s == a->from && (r = best_rate(p, MUSTER_BASIS_UNIT_DEPLOYMENT, s))) {
		cost += r->value * (double)p->new_units;
		*priced = true;
	}
	return cost;
}

/* The funding rule of the assignment's mission in force on `day`, or NULL. */
static const struct muster_funding *rule_on(const struct muster_scenario *sc,
					    const struct pricing *p, int32_t day)
{
	for (size_t i = 0; i < p->funding.nr; i++) {
		const struct muster_funding *f = &sc->funding.items[p->funding.items[i]];
		if (in_force(f->from, f->to, day))
			return f;
	}
	return NULL;
}

/* ---- units deployed anew (unit-deployment) ------------------------------ */

static int cmp_pair(const void *x, const void *y, void *ctx)
{
	const struct muster_assignment *as = ctx;
	const struct muster_assignment *a = &as[*(const size_t *)x], *b = &as[*(const size_t *)y];
	int c = strcmp(a->offer, b->offer);
	if (!c)
		c = strcmp(a->mission, b->mission);
	if (!c)
		c = strcmp(a->line, b->line);
	if (!c)
		c = a->from < b->from ? -1 : a->from > b->from;
	return c;
}

static bool same_pair(const struct muster_assignment *a, const struct muster_assignment *b)
{
	return !strcmp(a->offer, b->offer) && !strcmp(a->mission, b->mission) &&
	       !strcmp(a->line, b->line);
}

/* new_units[i]: the units of assignment i not on its line the day before (same offer). */
static long *units_deployed(const struct muster_run *run)
{
	size_t n = run->assignments.nr;
	const struct muster_assignment *as = run->assignments.items;
	long *out = xcalloc(n ? n : 1, sizeof(*out));
	size_t *ord = xcalloc(n ? n : 1, sizeof(*ord));
	for (size_t i = 0; i < n; i++)
		ord[i] = i;
	qsort_r(ord, n, sizeof(*ord), cmp_pair, (void *)as);
	for (size_t k = 0, start = 0; k < n; k++) {
		const struct muster_assignment *a = &as[ord[k]];
		if (k && !same_pair(&as[ord[k - 1]], a))
			start = k;
		long before = 0;
		for (size_t j = start; j < k; j++)
			if (as[ord[j]].to == a->from)
				before += as[ord[j]].units;
		out[ord[k]] = a->units > before ? a->units - before : 0;
	}
	free(ord);
	return out;
}

/* ---- groups ------------------------------------------------------------ */

struct groups {
	struct muster_cost *c;
	size_t alloc;
	size_t *slots; /* row index + 1; 0 empty */
	size_t cap;    /* a power of two */
};

static uint64_t hash_text(const char *s)
{
	uint64_t h = 14695981039346656037ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h ^ (h >> 29);
}

static void groups_rehash(struct groups *g)
{
	free(g->slots);
	g->cap = g->cap ? g->cap * 2 : 64;
	g->slots = xcalloc(g->cap, sizeof(*g->slots));
	for (size_t r = 0; r < g->c->nr; r++) {
		size_t i = (size_t)hash_text(g->c->rows[r].group) & (g->cap - 1);
		while (g->slots[i])
			i = (i + 1) & (g->cap - 1);
		g->slots[i] = r + 1;
	}
}

static struct muster_cost_row *group_row(struct groups *g, const char *name)
{
	if ((g->c->nr + 1) * 2 > g->cap)
		groups_rehash(g);
	size_t i = (size_t)hash_text(name) & (g->cap - 1);
	while (g->slots[i]) {
		struct muster_cost_row *row = &g->c->rows[g->slots[i] - 1];
		if (!strcmp(row->group, name))
			return row;
		i = (i + 1) & (g->cap - 1);
	}
	if (g->c->nr == g->alloc) {
		g->alloc = g->alloc ? 2 * g->alloc : 16;
		g->c->rows = xrealloc(g->c->rows, g->alloc * sizeof(*g->c->rows));
	}
	struct muster_cost_row *row = &g->c->rows[g->c->nr++];
	memset(row, 0, sizeof(*row));
	row->group = xstrdup(name);
	g->slots[i] = g->c->nr;
	return row;
}

/* The group of assignment `a` on day `s` (not for by nation, which splits by payer). */
static char *group_name(enum muster_cost_by by, const struct muster_assignment *a, int32_t s)
{
	int y, m, d;
	switch (by) {
	case MUSTER_COST_BY_MISSION:
		return xstrdup(a->mission);
	case MUSTER_COST_BY_LINE:
		return xstrfmt("%s:%s", a->mission, a->line);
	case MUSTER_COST_BY_YEAR:
		muster_date_to_ymd(s, &y, &m, &d);
		return xstrfmt("%04d", y);
	case MUSTER_COST_BY_NATION:
		break;
	}
	return xstrdup(a->nation);
}

/* ---- the computation ---------------------------------------------------- */

/* The key's total over its nations in keys.csv. */
static double key_total(const struct muster_scenario *sc, const char *key)
{
	double sum = 0;
	for (size_t i = 0; i < sc->keys.nr; i++)
		if (!strcmp(sc->keys.items[i].key, key))
			sum += sc->keys.items[i].value;
	return sum;
}

struct costctx {
	const struct muster_scenario *sc;
	const struct muster_cost_opts *o;
	struct groups g;
	/* a budget's nation, or NULL: other nations' unpriced assignments whose
	 * common share it would pay are counted in `shared_unpriced` */
	const char *payer;
	size_t shared_unpriced;
};

/* Split `common` among the nations of the rule's key (by nation only). */
static void pay_common(struct costctx *x, const struct muster_funding *f, double common)
{
	double total = key_total(x->sc, f->key);
	for (size_t i = 0; i < x->sc->keys.nr; i++) {
		const struct muster_key *k = &x->sc->keys.items[i];
		if (!strcmp(k->key, f->key) && k->value > 0)
			group_row(&x->g, k->nation)->paid += common * k->value / total;
	}
}

/* Book one segment's cost. */
static void book(struct costctx *x, const struct pricing *p, int32_t s, int32_t e, double cost)
{
	const struct muster_assignment *a = p->a;
	const struct muster_funding *f = rule_on(x->sc, p, s);
	double share = f && f->rule == MUSTER_FUNDING_COMMON ? f->share : 0;
	char *name = group_name(x->o->by, a, s);
	struct muster_cost_row *row = group_row(&x->g, name);
	free(name);
	row->person_days += (int64_t)a->personnel * (e - s);
	row->incurred += cost;
	row->common += cost * share;
	if (x->o->by != MUSTER_COST_BY_NATION) {
		row->paid += cost;
		return;
	}
	row->paid += cost * (1 - share);
	if (share > 0)
		pay_common(x, f, cost * share);
}

static int check_keys(const struct muster_scenario *sc, struct muster_error *err)
{
	for (size_t i = 0; i < sc->funding.nr; i++) {
		const struct muster_funding *f = &sc->funding.items[i];
		if (f->rule == MUSTER_FUNDING_COMMON && f->share > 0 &&
		    (!f->key || !(key_total(sc, f->key) > 0)))
			return muster_error_set(
			    err, MUSTER_EINVAL,
			    _("funding rule '%s': key '%s' has no nation with a "
			      "value above 0, so the common share cannot be split"),
			    f->id, f->key ? f->key : "");
	}
	return 0;
}

/* One assignment, segment by segment within the window. */
static void cost_assignment(struct costctx *x, const struct muster_assignment *a, long new_units,
			    struct muster_cost *out)
{
	struct pricing p;
	bool priced = false;
	pricing_init(&p, x->sc, a, new_units);
	for (size_t k = 0; k + 1 < p.cuts.nr; k++) {
		int32_t s = p.cuts.items[k], e = p.cuts.items[k + 1];
		if (s == e)
			continue;
		/* the window: a segment outside it is skipped whole (cuts hold its ends) */
		if ((x->o->from != MUSTER_DATE_NONE && s < x->o->from) ||
		    (x->o->to != MUSTER_DATE_OPEN && s >= x->o->to))
			continue;
		double cost = segment_cost(&p, s, e, &priced);
		book(x, &p, s, e, cost);
	}
	if (!priced && p.cuts.nr) {
		/* the group of its first day in the window carries the count */
		int32_t s =
		    x->o->from != MUSTER_DATE_NONE && a->from < x->o->from ? x->o->from : a->from;
		char *name = group_name(x->o->by, a, s);
		group_row(&x->g, name)->unpriced++;
		free(name);
		out->unpriced++;
		if (x->payer && strcmp(a->nation, x->payer) &&
		    cost_pays_common(x->sc, x->payer, a->mission, a->from, a->to))
			x->shared_unpriced++;
	}
	pricing_release(&p);
}

static bool in_window(const struct muster_cost_opts *o, const struct muster_assignment *a)
{
	return (o->from == MUSTER_DATE_NONE || a->to > o->from) &&
	       (o->to == MUSTER_DATE_OPEN || a->from < o->to);
}

static int cmp_row(const void *x, const void *y)
{
	return strcmp(((const struct muster_cost_row *)x)->group,
		      ((const struct muster_cost_row *)y)->group);
}

/* muster_cost_compute; with `payer`, *shared gets costctx's shared_unpriced. */
static int cost_compute(const struct muster_scenario *sc, const struct muster_run *run,
			const struct muster_cost_opts *opts, const char *payer, size_t *shared,
			struct muster_cost *out, struct muster_error *err)
{
	memset(out, 0, sizeof(*out));
	out->by = opts->by;
	if (!sc->costs.nr)
		return muster_error_set(err, MUSTER_ENOENT,
					_("the scenario has no cost rates (costs.csv): nothing to "
					  "price the assignments with"));
	if (opts->mission && !muster_scenario_mission(sc, opts->mission))
		return muster_error_set(err, MUSTER_ENOENT, _("unknown mission '%s'"),
					opts->mission);
	int rc = check_keys(sc, err);
	if (rc < 0)
		return rc;
	struct costctx x = {.sc = sc, .o = opts, .g = {.c = out}, .payer = payer};
	long *fresh = units_deployed(run);
	for (size_t i = 0; i < run->assignments.nr; i++) {
		struct muster_assignment a = run->assignments.items[i];
		if ((opts->mission && strcmp(a.mission, opts->mission)) || !in_window(opts, &a))
			continue;
		long units = fresh[i];
		if (opts->from != MUSTER_DATE_NONE && a.from < opts->from) {
			a.from = opts->from; /* the deployment itself lies before the window */
			units = 0;
		}
		if (opts->to != MUSTER_DATE_OPEN && a.to > opts->to)
			a.to = opts->to;
		out->assignments++;
		cost_assignment(&x, &a, units, out);
	}
	free(fresh);
	free(x.g.slots);
	if (shared)
		*shared = x.shared_unpriced;
	if (out->nr) /* qsort wants a real array even for no rows */
		qsort(out->rows, out->nr, sizeof(*out->rows), cmp_row);
	for (size_t r = 0; r < out->nr && rc == 0; r++) {
		out->rows[r].key = -1;
		if (opts->key && opts->by == MUSTER_COST_BY_NATION)
			rc = muster_key_lookup(sc, opts->key, out->rows[r].group, &out->rows[r].key,
					       err);
	}
	out->has_key = opts->key && opts->by == MUSTER_COST_BY_NATION;
	if (rc < 0)
		return rc;
	for (size_t r = 0; r < out->nr; r++) {
		out->incurred += out->rows[r].incurred;
		out->common += out->rows[r].common;
		out->paid += out->rows[r].paid;
		out->person_days += out->rows[r].person_days;
	}
	out->currency = muster_scenario_currency(sc);
	return 0;
}

int muster_cost_compute(const struct muster_scenario *sc, const struct muster_run *run,
			const struct muster_cost_opts *opts, struct muster_cost *out,
			struct muster_error *err)
{
	return cost_compute(sc, run, opts, NULL, NULL, out, err);
}

double muster_cost_assignment(const struct muster_scenario *sc, const struct muster_run *run,
			      size_t i, bool *priced)
{
	long *fresh = units_deployed(run);
	struct pricing p;
	double cost = 0;
	*priced = false;
	pricing_init(&p, sc, &run->assignments.items[i], fresh[i]);
	for (size_t k = 0; k + 1 < p.cuts.nr; k++)
		if (p.cuts.items[k] < p.cuts.items[k + 1])
			cost += segment_cost(&p, p.cuts.items[k], p.cuts.items[k + 1], priced);
	pricing_release(&p);
	free(fresh);
	return cost;
}

void muster_cost_release(struct muster_cost *c)
{
	if (!c)
		return;
	for (size_t r = 0; r < c->nr; r++)
		free(c->rows[r].group);
	free(c->rows);
	memset(c, 0, sizeof(*c));
}

/* ---- the table ---------------------------------------------------------- */

void muster_table_cost(const struct muster_cost *c, enum muster_table_style st,
		       struct muster_table *t)
{
	static const char *const by_names[] = {"nation", "mission", "line", "year"};
	const char *head[] = {by_names[c->by], "person_days", "incurred", "common",
			      "paid",	       "unpriced",    "key",	  "paid_pct_of_key"};
	size_t ncols = c->has_key ? ARRAY_SIZE(head) : ARRAY_SIZE(head) - 2;
	const char *unknown = st == MUSTER_STYLE_TEXT ? "-" : "";
	struct strbuf sb = STRBUF_INIT;
	muster_table_init(t, ncols, head);
	for (size_t k = 1; k < ncols; k++)
		muster_table_numeric(t, k);
	for (size_t r = 0; r < c->nr; r++) {
		const struct muster_cost_row *row = &c->rows[r];
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s\t%lld\t%.2f\t%.2f\t%.2f\t%zu", row->group,
			    (long long)row->person_days, row->incurred, row->common, row->paid,
			    row->unpriced);
		if (c->has_key && row->key > 0)
			strbuf_addf(&sb, "\t%.15g\t%.4f", row->key, 100 * row->paid / row->key);
		else if (c->has_key) /* no value, or 0: no percent of it */
			strbuf_addf(&sb, "\t%s\t%s", row->key == 0 ? "0" : unknown, unknown);
		muster_table_addf(t, "%s", sb.buf);
	}
	strbuf_release(&sb);
	if (st == MUSTER_STYLE_TEXT && c->nr > 1)
		muster_table_addf(t, "total\t%lld\t%.2f\t%.2f\t%.2f\t%zu%s",
				  (long long)c->person_days, c->incurred, c->common, c->paid,
				  c->unpriced, c->has_key ? "\t\t" : "");
}

/* ---- fair shares in money ------------------------------------------------ */

static const struct muster_cost_row *cost_row_of(const struct muster_cost *c, const char *group)
{
	for (size_t r = 0; r < c->nr; r++)
		if (!strcmp(c->rows[r].group, group))
			return &c->rows[r];
	return NULL;
}

void muster_table_fair_cost(const struct muster_fairshare *fs, const struct muster_cost *c,
			    enum muster_table_style st, struct muster_table *t)
{
	const char *head[] = {"nation",	  "key",       "share_pct",   "paid",
			      "paid_pct", "fair_paid", "excess_paid", "burden"};
	const char *unknown = st == MUSTER_STYLE_TEXT ? "-" : "";
	muster_table_init(t, ARRAY_SIZE(head), head);
	for (size_t k = 1; k < ARRAY_SIZE(head); k++)
		muster_table_numeric(t, k);
	for (size_t i = 0; i < fs->rows.nr; i++) {
		const struct muster_fair_row *f = &fs->rows.items[i];
		const struct muster_cost_row *row = cost_row_of(c, f->nation);
		double paid = row ? row->paid : 0;
		double pct = c->paid > 0 ? 100 * paid / c->paid : 0;
		double fair = f->share / 100 * c->paid;
		char burden[32];
		if (f->share > 0 && c->paid > 0)
			snprintf(burden, sizeof(burden), "%.2f", pct / f->share);
		else
			snprintf(burden, sizeof(burden), "%s", unknown);
		muster_table_addf(t, "%s\t%.15g\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%s", f->nation,
				  f->key, f->share, paid, pct, fair, paid > fair ? paid - fair : 0,
				  burden);
	}
}

/* ---- budgets ------------------------------------------------------------- */

bool cost_pays_common(const struct muster_scenario *sc, const char *nation, const char *mission,
		      int32_t from, int32_t to)
{
	for (size_t i = 0; i < sc->funding.nr; i++) {
		const struct muster_funding *f = &sc->funding.items[i];
		if (f->rule != MUSTER_FUNDING_COMMON || !(f->share > 0) || !f->key ||
		    (mission && strcmp(f->mission, mission)) ||
		    (from != MUSTER_DATE_NONE && f->to != MUSTER_DATE_OPEN && f->to <= from) ||
		    (to != MUSTER_DATE_OPEN && f->from != MUSTER_DATE_NONE && f->from >= to))
			continue; /* a rule is in force only within its dates (rule_on) */
		for (size_t k = 0; k < sc->keys.nr; k++)
			if (!strcmp(sc->keys.items[k].key, f->key) &&
			    !strcmp(sc->keys.items[k].nation, nation) &&
			    sc->keys.items[k].value > 0)
				return true;
	}
	return false;
}

/*
 * The unpriced assignments that count are those that could add to the
 * nation's paid cost: its own, and another nation's when a common rule in
 * force on that assignment's mission and days (within the budget) has the
 * nation in its key.
 */
int muster_budget_paid(const struct muster_scenario *sc, const struct muster_run *run,
		       const struct muster_budget *b, double *paid, size_t *unpriced,
		       struct muster_error *err)
{
	struct muster_cost c;
	struct muster_cost_opts o = {
	    .by = MUSTER_COST_BY_NATION, .from = b->from, .to = b->to, .mission = b->mission};
	*paid = 0;
	*unpriced = 0;
	size_t shared = 0;
	int rc = cost_compute(sc, run, &o, b->nation, &shared, &c, err);
	if (rc == 0) {
		const struct muster_cost_row *row = cost_row_of(&c, b->nation);
		*paid = row ? row->paid : 0;
		*unpriced = (row ? row->unpriced : 0) + shared;
	}
	muster_cost_release(&c);
	return rc;
}

/* ---- the posture's cost (posture --cost) ---------------------------------- */

/*
 * Key decisions (see muster_posture_cost_compute in muster.h):
 * - A deployment has people, a country and a nation but no units and no
 *   capability: only person-day rates that name no capability can price it
 *   (pricing.people_only), never a unit rate at 0.
 * - A record is cut at every period start as well as at its pricing cuts;
 *   in each period it is priced (its cost added) or unpriced (counted), per
 *   cell, never a silent 0.
 */
struct pcell {
	int64_t person_days;
	double cost;
	size_t priced, unpriced;
};

struct pcost {
	const struct muster_scenario *sc;
	const struct muster_posture_opts *o;
	const int32_t *starts;
	size_t n;
	int32_t to;
	MUSTER_ARRAY(char *) groups; /* names, in order of first use */
	struct pcell **cells;	     /* per group: n cells */
};

static bool posture_filter(const char *want, const char *v)
{
	return !want || (v && !strcmp(want, v));
}

static size_t pcost_group(struct pcost *x, const char *name)
{
	for (size_t g = 0; g < x->groups.nr; g++)
		if (!strcmp(x->groups.items[g], name))
			return g;
	ARRAY_PUSH(x->groups, xstrdup(name));
	x->cells = xrealloc(x->cells, x->groups.nr * sizeof(*x->cells));
	x->cells[x->groups.nr - 1] = xcalloc(x->n ? x->n : 1, sizeof(struct pcell));
	return x->groups.nr - 1;
}

/* Price record `a` (clipped to the window) at `loc`, period by period, into group `name`. */
static void pcost_record(struct pcost *x, struct muster_assignment a, const char *loc,
			 long new_units, bool people_only, const char *name)
{
	int32_t wf = x->starts[0];
	if (a.from < wf) {
		a.from = wf;
		new_units = 0; /* deployed before the window */
	}
	if (a.to == MUSTER_DATE_OPEN || a.to > x->to)
		a.to = x->to;
	if (a.from >= a.to)
		return;
	struct pricing p;
	pricing_init_at(&p, x->sc, &a, loc, new_units);
	p.people_only = people_only;
	for (size_t k = 1; k < x->n; k++)
		add_cut(&p, x->starts[k]);
	if (p.cuts.nr)
		qsort(p.cuts.items, p.cuts.nr, sizeof(int32_t), cmp_day);
	size_t g = pcost_group(x, name), period = 0;
	bool *priced = xcalloc(x->n, sizeof(*priced)), *seen = xcalloc(x->n, sizeof(*seen));
	for (size_t k = 0; k + 1 < p.cuts.nr; k++) {
		int32_t s = p.cuts.items[k], e = p.cuts.items[k + 1];
		if (s == e)
			continue;
		while (period + 1 < x->n && x->starts[period + 1] <= s)
			period++;
		struct pcell *c = &x->cells[g][period];
		c->cost += segment_cost(&p, s, e, &priced[period]);
		c->person_days += (int64_t)a.personnel * (e - s);
		seen[period] = true;
	}
	for (size_t k = 0; k < x->n; k++)
		if (seen[k]) {
			if (priced[k])
				x->cells[g][k].priced++;
			else
				x->cells[g][k].unpriced++;
		}
	free(priced);
	free(seen);
	pricing_release(&p);
}

static const char *pcost_name(enum muster_posture_by by, const char *nation, const char *country,
			      const char *mission)
{
	switch (by) {
	case MUSTER_POSTURE_BY_NATION:
		return nation;
	case MUSTER_POSTURE_BY_COUNTRY:
		return country;
	case MUSTER_POSTURE_BY_MISSION:
		return mission ? mission : "";
	default:
		return "total";
	}
}

static int cmp_pcost_row(const void *x, const void *y)
{
	const struct muster_posture_cost_row *a = x, *b = y;
	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	return strcmp(a->group, b->group);
}

int muster_posture_cost_compute(const struct muster_scenario *sc, const struct muster_run *run,
				const struct muster_posture_opts *o, const int32_t *starts,
				size_t n, int32_t to, struct muster_posture_cost *out,
				struct muster_error *err)
{
	memset(out, 0, sizeof(*out));
	out->by = o->by;
	if (o->by != MUSTER_POSTURE_BY_NATION && o->by != MUSTER_POSTURE_BY_COUNTRY &&
	    o->by != MUSTER_POSTURE_BY_MISSION && o->by != MUSTER_POSTURE_BY_TOTAL)
		return muster_error_set(
		    err, MUSTER_EINVAL,
		    _("the posture's cost groups by nation, country, mission or "
		      "total, not by %s"),
		    muster_posture_by_name(o->by));
	if (!n || to <= starts[n - 1])
		return muster_error_set(
		    err, MUSTER_EINVAL,
		    _("the posture's cost needs periods: dates before the end"));
	for (size_t k = 1; k < n; k++)
		if (starts[k] <= starts[k - 1])
			return muster_error_set(err, MUSTER_EINVAL, _("dates must be ascending"));
	if (!sc->costs.nr)
		return muster_error_set(err, MUSTER_ENOENT,
					_("the scenario has no cost rates (costs.csv): nothing to "
					  "price the posture with"));
	struct pcost x = {.sc = sc, .o = o, .starts = starts, .n = n, .to = to};
	for (size_t i = 0; i < sc->deployments.nr; i++) {
		const struct muster_deployment *d = &sc->deployments.items[i];
		if (!posture_filter(o->nation, d->nation) ||
		    !posture_filter(o->country, d->country) ||
		    !posture_filter(o->mission, d->mission) ||
		    !posture_filter(o->category, d->category) ||
		    (o->counted_only && !d->counts_against_cap))
			continue;
		struct muster_assignment a = {.mission = d->mission,
					      .nation = d->nation,
					      .personnel = d->personnel,
					      .from = d->from,
					      .to = d->to};
		pcost_record(&x, a, d->country, 0, true,
			     pcost_name(o->by, d->nation, d->country, d->mission));
	}
	long *fresh = run ? units_deployed(run) : NULL;
	for (size_t i = 0; run && !o->category && i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		const struct muster_requirement *r =
		    muster_scenario_requirement(sc, a->mission, a->line);
		const struct muster_mission *m = muster_scenario_mission(sc, a->mission);
		const char *loc = r ? muster_requirement_location(sc, r) : m ? m->host : NULL;
		if (!loc || !posture_filter(o->nation, a->nation) ||
		    !posture_filter(o->country, loc) || !posture_filter(o->mission, a->mission))
			continue;
		pcost_record(&x, *a, loc, fresh[i], false,
			     pcost_name(o->by, a->nation, loc, a->mission));
	}
	free(fresh);
	for (size_t g = 0; g < x.groups.nr; g++) {
		for (size_t k = 0; k < n; k++) {
			const struct pcell *c = &x.cells[g][k];
			if (!c->priced && !c->unpriced)
				continue;
			if (out->nr == out->alloc) {
				out->alloc = out->alloc ? 2 * out->alloc : 16;
				out->rows = xrealloc(out->rows, out->alloc * sizeof(*out->rows));
			}
			struct muster_posture_cost_row *row = &out->rows[out->nr++];
			row->from = starts[k];
			row->to = k + 1 < n ? starts[k + 1] : to;
			row->group = xstrdup(x.groups.items[g]);
			row->person_days = c->person_days;
			row->cost = c->cost;
			row->priced = c->priced;
			row->unpriced = c->unpriced;
			out->cost += c->cost;
			out->unpriced += c->unpriced;
		}
		free(x.cells[g]);
		free(x.groups.items[g]);
	}
	free(x.cells);
	ARRAY_RELEASE(x.groups);
	if (out->nr)
		qsort(out->rows, out->nr, sizeof(*out->rows), cmp_pcost_row);
	out->currency = muster_scenario_currency(sc);
	return 0;
}

void muster_posture_cost_release(struct muster_posture_cost *c)
{
	if (!c)
		return;
	for (size_t r = 0; r < c->nr; r++)
		free(c->rows[r].group);
	free(c->rows);
	memset(c, 0, sizeof(*c));
}

void muster_table_posture_cost(const struct muster_posture_cost *c, enum muster_table_style st,
			       struct muster_table *t)
{
	const char *head[] = {"from", "to", "", "person_days", "cost", "unpriced", "currency"};
	const char *unknown = st == MUSTER_STYLE_TEXT ? "-" : "";
	char f[11], e[11];
	head[2] = muster_posture_by_name(c->by);
	muster_table_init(t, ARRAY_SIZE(head), head);
	for (size_t k = 3; k < 6; k++)
		muster_table_numeric(t, k);
	for (size_t r = 0; r < c->nr; r++) {
		const struct muster_posture_cost_row *row = &c->rows[r];
		char cost[64];
		if (row->priced)
			snprintf(cost, sizeof(cost), "%.2f", row->cost);
		else /* nothing priced: not known, never 0 */
			snprintf(cost, sizeof(cost), "%s", unknown);
		muster_date_format(row->from, f);
		muster_date_format(row->to, e);
		muster_table_addf(t, "%s\t%s\t%s\t%lld\t%s\t%zu\t%s", f, e, row->group,
				  (long long)row->person_days, cost, row->unpriced,
				  c->currency ? c->currency : "");
	}
}
