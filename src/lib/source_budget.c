/*
 * source_budget.c: budgets (budgets.csv) as a constraint of the sourcing
 * model (issue 15). A budget holds a nation's paid cost, on one mission or
 * all, within [from, to), to its limit; in the model it is one row
 *     sum over pairs p of paid_b(p) x_p <= limit
 * where paid_b(p) is what one unit of pair p adds to the nation's paid cost
 * within the budget under the mission's funding rule.
 *
 * Key decisions:
 * - One definition of cost: paid_b(p) is muster_budget_paid (cost.c) on a
 *   run of one assignment of one unit of the pair; every basis is linear in
 *   the units (person-days: units x people x days; unit-days: units x days;
 *   unit-deployment: units sent), and so are the national and common shares.
 * - Conservative where the cost is not linear: a pair cut into pieces at
 *   boundary dates is charged the one-off unit-deployment cost on every
 *   piece that starts within the budget, while `muster cost` charges only
 *   the units a piece adds to the one before it. The model's paid cost is
 *   never below the run's, so a run the solvers make never breaks a budget
 *   (`muster check` agrees); it may stop short of one by those one-offs.
 * - Unknown is not zero: a budget no rate prices (no costs.csv, a funding
 *   key that cannot split, or no rate matching any of its pairs) is not held
 *   and the run carries a warning, as `muster check` reports it "not
 *   verified"; pairs no rate prices are not counted against a budget held
 *   otherwise, and the warning counts them.
 * - A pair can add to another nation's budget: the common share of a
 *   mission's costs is paid by the nations of the rule's key, only while
 *   the rule is in force (cost_pays_common, cost.c: the one test of it,
 *   with dates, for the model and for muster_budget_paid).
 */
#include "i18n.h"
#include "source.h"
#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/*
 * Whether a pair of `nation` on `mission` over [from, to) can add to budget
 * b's nation's paid cost: its own, or another nation's while a rule in
 * force within the pair and the budget funds the mission in common by a key
 * the budget's nation holds (cost_pays_common, the rule muster_budget_paid
 * applies).
 */
static bool may_pay(const struct muster_scenario *sc, const struct muster_budget *b,
		    const char *mission, const char *nation, int32_t from, int32_t to)
{
	if (b->mission && strcmp(b->mission, mission))
		return false;
	if (!strcmp(b->nation, nation))
		return true;
	if (b->from != MUSTER_DATE_NONE && (from == MUSTER_DATE_NONE || b->from > from))
		from = b->from;
	if (b->to != MUSTER_DATE_OPEN && (to == MUSTER_DATE_OPEN || b->to < to))
		to = b->to;
	return cost_pays_common(sc, b->nation, mission, from, to);
}

static bool overlaps(const struct muster_budget *b, int32_t from, int32_t to)
{
	return (b->from == MUSTER_DATE_NONE || to > b->from) &&
	       (b->to == MUSTER_DATE_OPEN || from < b->to);
}

int source_budget_coef(const struct muster_scenario *sc, size_t b, uint32_t oi, uint32_t ri,
		       int32_t from, int32_t to, double *coef, bool *priced,
		       struct muster_error *err)
{
	const struct muster_offer *o = &sc->offers.items[oi];
	const struct muster_requirement *r = &sc->requirements.items[ri];
	struct muster_assignment a = {
	    .mission = r->mission,
	    .line = r->line,
	    .offer = o->id,
	    .nation = o->nation,
	    .units = 1,
	    .personnel = o->personnel,
	    .from = from,
	    .to = to,
	    .capability = o->capability,
	    .person_days = (int64_t)o->personnel * ((int64_t)to - from),
	};
	const struct muster_budget *bu = &sc->budgets.items[b];
	struct muster_run run = {0};
	size_t unpriced = 0;
	if (!overlaps(bu, from, to) || !may_pay(sc, bu, r->mission, o->nation, from, to)) {
		*coef = 0; /* it cannot add to the budget: nothing to price */
		*priced = true;
		return 0;
	}
	run.assignments.items = &a; /* borrowed: never released */
	run.assignments.nr = run.assignments.alloc = 1;
	*coef = 0;
	*priced = false;
	int rc = muster_budget_paid(sc, &run, bu, coef, &unpriced, err);
	*priced = rc == 0 && !unpriced;
	return rc;
}

static void warn(struct source_model *m, const struct muster_budget *b, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void warn(struct source_model *m, const struct muster_budget *b, const char *fmt, ...)
{
	va_list ap;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, _("budget %s (%s, %s): "), b->id, b->nation,
		    b->mission ? b->mission : _("all missions"));
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	muster_strlist_push(&m->warnings, sb.buf);
	strbuf_release(&sb);
}

/* Budget bi's members: every pair that adds to it, with what one unit adds. */
static void budget_members(struct source_model *m, size_t bi)
{
	const struct muster_scenario *sc = m->sc;
	const struct muster_budget *b = &sc->budgets.items[bi];
	size_t candidates = 0, unpriced = 0;
	m->budget_held[bi] = true;
	for (size_t i = 0; i < m->pairs.nr; i++) {
		const struct source_pair *p = &m->pairs.items[i];
		const struct muster_offer *o = &sc->offers.items[p->offer];
		const struct muster_requirement *r = &sc->requirements.items[p->line];
		if (!overlaps(b, p->from, p->to) ||
		    !may_pay(sc, b, r->mission, o->nation, p->from, p->to))
			continue;
		struct muster_error err = {0};
		double coef;
		bool priced;
		candidates++;
		if (source_budget_coef(sc, bi, p->offer, p->line, p->from, p->to, &coef, &priced,
				       &err) < 0) {
			warn(m, b, _("not held by sourcing: %s"), err.msg ? err.msg : "");
			muster_error_release(&err);
			m->budget_held[bi] = false;
			m->budget_members.nr = m->budget_first[bi];
			return;
		}
		if (!priced)
			unpriced++;
		if (coef > 0)
			ARRAY_PUSH(m->budget_members, ((struct source_entry){(uint32_t)i, coef}));
	}
	if (candidates && unpriced == candidates) {
		warn(m, b,
		     P_("no cost rate prices its %zu offer-line pair; not held by sourcing",
			"no cost rate prices any of its %zu offer-line pairs; not held by sourcing",
			candidates),
		     candidates);
		m->budget_held[bi] = false;
		m->budget_members.nr = m->budget_first[bi];
	} else if (unpriced) {
		warn(m, b,
		     _("%zu of its %zu offer-line pairs match no cost rate and are not counted "
		       "against it"),
		     unpriced, candidates);
	}
}

void source_budget_members(struct source_model *m)
{
	const struct muster_scenario *sc = m->sc;
	size_t nb = sc->budgets.nr;
	if (!nb)
		return;
	m->budget_first = xcalloc(nb + 1, sizeof(*m->budget_first));
	m->budget_held = xcalloc(nb, sizeof(*m->budget_held));
	for (size_t bi = 0; bi < nb; bi++) {
		m->budget_first[bi] = m->budget_members.nr;
		budget_members(m, bi);
		double limit = sc->budgets.items[bi].limit;
		for (size_t k = m->budget_first[bi]; k < m->budget_members.nr; k++) {
			const struct source_entry *e = &m->budget_members.items[k];
			struct source_pair *p = &m->pairs.items[e->pair];
			double q = floor(limit / e->coef + 1e-9);
			if (q < (double)p->ub)
				p->ub = q > 0 ? (long)q : 0;
		}
	}
	m->budget_first[nb] = m->budget_members.nr;
}

int source_budget_rows(struct source_model *m, size_t max_entries, struct muster_error *err)
{
	const struct muster_scenario *sc = m->sc;
	for (size_t bi = 0; m->budget_first && bi < sc->budgets.nr; bi++) {
		size_t first = m->budget_first[bi], last = m->budget_first[bi + 1];
		double limit = sc->budgets.items[bi].limit, most = 0;
		for (size_t k = first; k < last; k++)
			most += m->budget_members.items[k].coef *
				(double)m->pairs.items[m->budget_members.items[k].pair].ub;
		if (!m->budget_held[bi] || most <= limit + 1e-9)
			continue; /* cannot bind */
		struct source_row row = {
		    .kind = SOURCE_ROW_BUDGET, .ref = (uint32_t)bi, .rhs = limit};
		row.first = m->entries.nr;
		for (size_t k = first; k < last; k++)
			if (m->pairs.items[m->budget_members.items[k].pair].ub > 0)
				ARRAY_PUSH(m->entries, m->budget_members.items[k]);
		row.n = m->entries.nr - row.first;
		if (m->entries.nr > max_entries)
			return muster_error_set(
			    err, MUSTER_EINVAL,
			    _("the model is too large: %zu pairs and more than %zu "
			      "nonzeros in row form; source one mission at a time "
			      "(--mission)"),
			    m->pairs.nr, max_entries);
		ARRAY_PUSH(m->rows, row);
	}
	return 0;
}

void source_row_hold(const struct source_model *m, const struct source_row *r, long *x,
		     long double limit)
{
	for (;;) {
		long double use = 0;
		size_t worst = SIZE_MAX;
		for (size_t k = r->first; k < r->first + r->n; k++) {
			const struct source_entry *e = &m->entries.items[k];
			use += (long double)x[e->pair] * e->coef;
			if (x[e->pair] > 0 &&
			    (worst == SIZE_MAX ||
			     m->pairs.items[e->pair].value < m->pairs.items[worst].value))
				worst = e->pair;
		}
		if (use <= limit || worst == SIZE_MAX)
			return;
		x[worst]--;
	}
}
