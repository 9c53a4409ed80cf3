/*
 * source_check.c: muster_source_check(), verification of a stored sourcing
 * run against every constraint of DESIGN.md section 4, written independently
 * of the solvers and of the model builder (it shares no code with them), so
 * that a bug in either is caught rather than repeated.
 *
 * Per assignment: the offer and line exist; the line is in the run's scope;
 * the pair is allowed (not withdrawn, capability or listed substitute,
 * mission/line restriction, readiness, overlapping windows, no hard caveat);
 * its dates J lie in I(o,r), each end an end of I(o,r) or a boundary date (a
 * phase of the line's mission or a cap of the offer's nation in the line's
 * location begins or ends there), and under a max-days caveat of N days J is
 * at most N days long and ends at such a date or N days after its start;
 * nation, capability, substitute, the soft caveats broken, personnel
 * (units x o.personnel) and person-days match. Then, for every day (swept over the dates at
 * which anything changes, which is the same as every day): line units, offer
 * units, caps and mission ceilings. A cap or ceiling is reported only when
 * assignments take part in the breach (deployments alone are the posture
 * check's business). Each breach is reported once per maximal period.
 */
#include "i18n.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void muster_violation_add(struct muster_violation_list *l, const char *check, const char *subject,
			  int32_t from, int32_t to, const char *fmt, ...)
{
	struct muster_violation v = {.check = xstrdup(check), .subject = xstrdup(subject)};
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	v.from = from;
	v.to = to;
	if (fmt) {
		va_start(ap, fmt);
		strbuf_vaddf(&sb, fmt, ap);
		va_end(ap);
		v.detail = strbuf_detach(&sb, NULL);
	}
	ARRAY_PUSH(*l, v);
}

void muster_violation_list_release(struct muster_violation_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nr; i++) {
		free(l->items[i].check);
		free(l->items[i].subject);
		free(l->items[i].detail);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* ---- indexes ------------------------------------------------------------- */

struct check {
	const struct muster_scenario *sc;
	const struct muster_run *run;
	struct muster_violation_list *out;
	const struct muster_offer **offers;	  /* sorted by id */
	const struct muster_requirement **lines;  /* sorted by mission, line */
	const struct muster_offer **a_offer;	  /* per assignment, NULL if unknown */
	const struct muster_requirement **a_line; /* per assignment, NULL if unknown */
	const char **a_loc;			  /* per assignment: line location */
};

static int cmp_offer(const void *a, const void *b)
{
	return strcmp((*(const struct muster_offer *const *)a)->id,
		      (*(const struct muster_offer *const *)b)->id);
}

static int cmp_line(const void *a, const void *b)
{
	const struct muster_requirement *x = *(const struct muster_requirement *const *)a;
	const struct muster_requirement *y = *(const struct muster_requirement *const *)b;
	int c = strcmp(x->mission, y->mission);
	return c ? c : strcmp(x->line, y->line);
}

static void index_run(struct check *c)
{
	const struct muster_scenario *sc = c->sc;
	size_t na = c->run->assignments.nr;
	c->offers = xmalloc((sc->offers.nr + 1) * sizeof(*c->offers));
	for (size_t i = 0; i < sc->offers.nr; i++)
		c->offers[i] = &sc->offers.items[i];
	qsort(c->offers, sc->offers.nr, sizeof(*c->offers), cmp_offer);
	c->lines = xmalloc((sc->requirements.nr + 1) * sizeof(*c->lines));
	for (size_t i = 0; i < sc->requirements.nr; i++)
		c->lines[i] = &sc->requirements.items[i];
	qsort(c->lines, sc->requirements.nr, sizeof(*c->lines), cmp_line);
	c->a_offer = xcalloc(na + 1, sizeof(*c->a_offer));
	c->a_line = xcalloc(na + 1, sizeof(*c->a_line));
	c->a_loc = xcalloc(na + 1, sizeof(*c->a_loc));
	for (size_t i = 0; i < na; i++) {
		const struct muster_assignment *a = &c->run->assignments.items[i];
		struct muster_offer ko = {.id = a->offer};
		struct muster_requirement kr = {.mission = a->mission, .line = a->line};
		const struct muster_offer *po = &ko, **fo;
		const struct muster_requirement *pr = &kr, **fr;
		fo = bsearch(&po, c->offers, sc->offers.nr, sizeof(*c->offers), cmp_offer);
		fr = bsearch(&pr, c->lines, sc->requirements.nr, sizeof(*c->lines), cmp_line);
		c->a_offer[i] = fo ? *fo : NULL;
		c->a_line[i] = fr ? *fr : NULL;
		if (fr)
			c->a_loc[i] = muster_requirement_location(sc, *fr);
	}
}

static void check_release(struct check *c)
{
	free(c->offers);
	free(c->lines);
	free(c->a_offer);
	free(c->a_line);
	free(c->a_loc);
}

/* ---- per assignment -------------------------------------------------------- */

static const char *fmt_date(int32_t d, char buf[static 11])
{
	muster_date_format(d, buf);
	return buf;
}

static bool fills(const struct muster_scenario *sc, const char *offer_cap, const char *line_cap)
{
	if (!strcmp(offer_cap, line_cap))
		return true;
	const struct muster_capability *cap = muster_scenario_capability(sc, line_cap);
	return cap && muster_strlist_has(&cap->substitutes, offer_cap);
}

/* Why the pair is not allowed (a static message), or NULL; sets *max_days (-1: none). */
static const char *pair_forbidden(const struct check *c, const struct muster_offer *o,
				  const struct muster_requirement *r, const char *loc, int32_t from,
				  int32_t to, long *max_days, struct muster_strlist *soft,
				  const char **caveat)
{
	*max_days = -1;
	if (o->status == MUSTER_OFFER_WITHDRAWN)
		return "the offer is withdrawn";
	if (!fills(c->sc, o->capability, r->capability))
		return "the offer's capability does not fill the line";
	if ((o->mission && strcmp(o->mission, r->mission)) || (o->line && strcmp(o->line, r->line)))
		return "the offer is restricted to another mission or line";
	if (o->readiness < r->min_readiness)
		return "the offer's readiness is below the line's minimum";
	if (from >= to)
		return "the offer's and the line's windows do not overlap";
	for (size_t k = 0; k < o->caveats.nr; k++) {
		const struct muster_caveat *cv = muster_scenario_caveat(c->sc, o->caveats.items[k]);
		bool hit = false;
		if (!cv)
			continue;
		if (cv->kind == MUSTER_CAVEAT_MAX_DAYS) {
			if (*max_days < 0 || cv->days < *max_days)
				*max_days = cv->days;
			continue;
		}
		if (cv->kind == MUSTER_CAVEAT_ONLY_COUNTRIES)
			hit = !loc || !muster_strlist_has(&cv->values, loc);
		else if (cv->kind == MUSTER_CAVEAT_NOT_COUNTRIES)
			hit = loc && muster_strlist_has(&cv->values, loc);
		else if (cv->kind == MUSTER_CAVEAT_ONLY_MISSIONS)
			hit = !muster_strlist_has(&cv->values, r->mission);
		for (size_t t = 0; cv->kind == MUSTER_CAVEAT_NO_TASKS && t < r->tasks.nr; t++)
			hit |= muster_strlist_has(&cv->values, r->tasks.items[t]);
		if (hit && cv->hard) {
			*caveat = cv->id;
			return "a hard caveat forbids it";
		}
		if (hit && !muster_strlist_has(soft, cv->id))
			muster_strlist_push(soft, cv->id);
	}
	return NULL;
}

/*
 * Whether day d may end an interval J of offer o on line r: an end of
 * I(o,r) = [from, to), or a date where a phase of r's mission or a cap of
 * o's nation in r's location loc begins or ends.
 */
static bool cut_point(const struct check *c, const struct muster_offer *o,
		      const struct muster_requirement *r, const char *loc, int32_t from, int32_t to,
		      int32_t d)
{
	const struct muster_scenario *sc = c->sc;
	if (d == from || d == to)
		return true;
	for (size_t i = 0; i < sc->phases.nr; i++) {
		const struct muster_phase *ph = &sc->phases.items[i];
		if ((ph->from == d || ph->to == d) && !strcmp(ph->mission, r->mission))
			return true;
	}
	for (size_t i = 0; loc && i < sc->caps.nr; i++) {
		const struct muster_cap *cp = &sc->caps.items[i];
		if ((cp->from == d || cp->to == d) && !strcmp(cp->nation, o->nation) &&
		    !strcmp(cp->country, loc))
			return true;
	}
	return false;
}

/* Whether J = [a->from, a->to) is an interval the contract allows inside I = [from, to). */
static bool interval_ok(const struct check *c, const struct muster_assignment *a,
			const struct muster_offer *o, const struct muster_requirement *r,
			const char *loc, int32_t from, int32_t to, long max_days)
{
	if (a->from < from || a->to > to || a->from >= a->to ||
	    !cut_point(c, o, r, loc, from, to, a->from))
		return false;
	if (max_days < 0)
		return cut_point(c, o, r, loc, from, to, a->to);
	if ((int64_t)a->to - a->from > max_days)
		return false;
	return (int64_t)a->to - a->from == max_days || cut_point(c, o, r, loc, from, to, a->to);
}

/* The recorded capability, substitute, soft caveats and person-days. */
static void check_fields(struct check *c, const struct muster_assignment *a,
			 const struct muster_offer *o, const struct muster_requirement *r,
			 const struct muster_strlist *soft, const char *subj)
{
	char *want = soft->nr ? muster_strlist_join(soft, ';') : NULL;
	bool sub = strcmp(o->capability, r->capability) != 0;
	int64_t pd = (int64_t)a->personnel * ((int64_t)a->to - a->from);
	if (a->capability && strcmp(a->capability, o->capability))
		muster_violation_add(c->out, "fields", subj, a->from, a->to,
				     _("capability '%s', the offer's is '%s'"), a->capability,
				     o->capability);
	if (a->capability && a->substitute != sub)
		muster_violation_add(c->out, "fields", subj, a->from, a->to,
				     _("substitute %s, expected %s"), a->substitute ? "yes" : "no",
				     sub ? "yes" : "no");
	if (a->capability && strcmp(a->soft_caveats ? a->soft_caveats : "", want ? want : ""))
		muster_violation_add(c->out, "fields", subj, a->from, a->to,
				     _("soft caveats '%s', expected '%s'"),
				     a->soft_caveats ? a->soft_caveats : "", want ? want : "");
	if (a->person_days != pd)
		muster_violation_add(c->out, "fields", subj, a->from, a->to,
				     _("person-days %lld, expected %lld"),
				     (long long)a->person_days, (long long)pd);
	free(want);
}

static void check_assignment(struct check *c, size_t i)
{
	const struct muster_assignment *a = &c->run->assignments.items[i];
	const struct muster_offer *o = c->a_offer[i];
	const struct muster_requirement *r = c->a_line[i];
	char *subj = xstrfmt("%s:%s <- %s", a->mission, a->line, a->offer);
	char d1[11], d2[11], d3[11], d4[11];
	const char *why, *caveat = NULL;
	struct muster_strlist soft = {0};
	long max_days;

	if (!o || !r) {
		muster_violation_add(c->out, "pair", subj, a->from, a->to, "unknown %s",
				     !o ? "offer" : "line");
		goto out;
	}
	if (c->run->mission && strcmp(c->run->mission, r->mission))
		muster_violation_add(c->out, "scope", subj, a->from, a->to,
				     _("the line is outside the run's mission '%s'"),
				     c->run->mission);
	int32_t from = o->from > r->from ? o->from : r->from;
	int32_t to = o->to < r->to ? o->to : r->to;
	why = pair_forbidden(c, o, r, c->a_loc[i], from, to, &max_days, &soft, &caveat);
	if (why) {
		muster_violation_add(c->out, "pair", subj, a->from, a->to, "%s%s%s%s", why,
				     caveat ? " ('" : "", caveat ? caveat : "", caveat ? "')" : "");
		goto out;
	}
	if (!interval_ok(c, a, o, r, c->a_loc[i], from, to, max_days))
		muster_violation_add(
		    c->out, "interval", subj, a->from, a->to,
		    max_days >= 0 ? _("dates %s..%s, expected a part of I(o,r) = %s..%s cut at "
				      "boundary dates, at most max-days long")
				  : _("dates %s..%s, expected a part of I(o,r) = %s..%s cut at "
				      "boundary dates"),
		    fmt_date(a->from, d1), fmt_date(a->to, d2), fmt_date(from, d3),
		    fmt_date(to, d4));
	check_fields(c, a, o, r, &soft, subj);
	if (a->units < 1 || a->personnel != a->units * o->personnel)
		muster_violation_add(
		    c->out, "personnel", subj, a->from, a->to,
		    _("%ld units and %ld people, expected units >= 1 and %ld x %ld"), a->units,
		    a->personnel, a->units, o->personnel);
	if (strcmp(a->nation, o->nation))
		muster_violation_add(c->out, "nation", subj, a->from, a->to,
				     _("nation '%s', the offer's is '%s'"), a->nation, o->nation);
out:
	muster_strlist_release(&soft);
	free(subj);
}

/* ---- sweeps over time ------------------------------------------------------ */

struct span {
	int32_t from, to;
	double assigned, deployed;
};
struct spans {
	struct span *items;
	size_t nr, alloc;
};

struct ev {
	int32_t at;
	double da, dd;
};

static int cmp_ev(const void *a, const void *b)
{
	int32_t x = ((const struct ev *)a)->at, y = ((const struct ev *)b)->at;
	return (x > y) - (x < y);
}

/*
 * Report the maximal periods within [wf, wt) where assigned > 0 and
 * assigned + deployed > limit (for units: deployed is 0).
 */
static void sweep(struct check *c, const struct spans *sp, int32_t wf, int32_t wt, double limit,
		  const char *check, const char *subject, const char *unit)
{
	struct ev *ev = xmalloc((2 * sp->nr + 1) * sizeof(*ev));
	size_t n = 0;
	double a = 0, d = 0, peak = 0, peak_a = 0;
	int32_t start = 0;
	bool in = false;
	for (size_t i = 0; i < sp->nr; i++) {
		int32_t f = sp->items[i].from > wf ? sp->items[i].from : wf;
		int32_t t = sp->items[i].to < wt ? sp->items[i].to : wt;
		if (f >= t)
			continue;
		ev[n++] = (struct ev){f, sp->items[i].assigned, sp->items[i].deployed};
		ev[n++] = (struct ev){t, -sp->items[i].assigned, -sp->items[i].deployed};
	}
	qsort(ev, n, sizeof(*ev), cmp_ev);
	for (size_t i = 0; i < n;) {
		int32_t at = ev[i].at;
		for (; i < n && ev[i].at == at; i++)
			a += ev[i].da, d += ev[i].dd;
		bool bad = a > 0.5 && a + d > limit + 1e-9;
		if (bad && !in)
			start = at, in = true, peak = 0;
		if (bad && a + d > peak)
			peak = a + d, peak_a = a;
		if (!bad && in) {
			if (peak > peak_a)
				muster_violation_add(c->out, check, subject, start, at,
						     "%.0f %s (%.0f assigned) > %.0f", peak, unit,
						     peak_a, limit);
			else
				muster_violation_add(c->out, check, subject, start, at,
						     "%.0f %s assigned > %.0f", peak, unit, limit);
			in = false;
		}
	}
	free(ev);
}

static void check_lines_offers(struct check *c, bool lines)
{
	const struct muster_scenario *sc = c->sc;
	size_t n = lines ? sc->requirements.nr : sc->offers.nr;
	struct spans *per = xcalloc(n + 1, sizeof(*per));
	for (size_t i = 0; i < c->run->assignments.nr; i++) {
		const struct muster_assignment *a = &c->run->assignments.items[i];
		if (!c->a_line[i] || !c->a_offer[i])
			continue;
		size_t k = lines ? (size_t)(c->a_line[i] - sc->requirements.items)
				 : (size_t)(c->a_offer[i] - sc->offers.items);
		struct span s = {a->from, a->to, (double)a->units, 0};
		ARRAY_PUSH(per[k], s);
	}
	for (size_t k = 0; k < n; k++) {
		if (!per[k].nr)
			continue;
		char *subj = lines ? xstrfmt("%s:%s", sc->requirements.items[k].mission,
					     sc->requirements.items[k].line)
				   : xstrdup(sc->offers.items[k].id);
		long units = lines ? sc->requirements.items[k].units : sc->offers.items[k].units;
		sweep(c, &per[k], INT32_MIN, INT32_MAX, (double)units, lines ? "line" : "offer",
		      subj, "units");
		free(subj);
		free(per[k].items);
	}
	free(per);
}

static void check_caps(struct check *c)
{
	const struct muster_scenario *sc = c->sc;
	for (size_t ci = 0; ci < sc->caps.nr; ci++) {
		const struct muster_cap *cap = &sc->caps.items[ci];
		struct spans sp = {0};
		for (size_t i = 0; i < c->run->assignments.nr; i++) {
			const struct muster_assignment *a = &c->run->assignments.items[i];
			if (!c->a_loc[i] || strcmp(a->nation, cap->nation) ||
			    strcmp(c->a_loc[i], cap->country))
				continue;
			struct span s = {a->from, a->to, (double)a->personnel, 0};
			ARRAY_PUSH(sp, s);
		}
		if (!sp.nr)
			continue;
		for (size_t k = 0; k < sc->deployments.nr; k++) {
			const struct muster_deployment *d = &sc->deployments.items[k];
			if (!d->counts_against_cap || strcmp(d->nation, cap->nation) ||
			    strcmp(d->country, cap->country))
				continue;
			struct span s = {d->from, d->to, 0, (double)d->personnel};
			ARRAY_PUSH(sp, s);
		}
		char *subj = xstrfmt("%s in %s", cap->nation, cap->country);
		sweep(c, &sp, cap->from, cap->to, (double)cap->limit, "cap", subj, "people");
		free(subj);
		free(sp.items);
	}
}

/* The mission's spans (assignments and counted deployments), in the host only if in_host. */
static void mission_spans(struct check *c, const struct muster_mission *m, bool in_host,
			  struct spans *sp)
{
	sp->nr = 0;
	for (size_t i = 0; i < c->run->assignments.nr; i++) {
		const struct muster_assignment *a = &c->run->assignments.items[i];
		if (strcmp(a->mission, m->code) ||
		    (in_host && (!c->a_loc[i] || strcmp(c->a_loc[i], m->host))))
			continue;
		struct span s = {a->from, a->to, (double)a->personnel, 0};
		ARRAY_PUSH(*sp, s);
	}
	for (size_t k = 0; k < c->sc->deployments.nr; k++) {
		const struct muster_deployment *d = &c->sc->deployments.items[k];
		if (!d->counts_against_cap || !d->mission || strcmp(d->mission, m->code) ||
		    (in_host && strcmp(d->country, m->host)))
			continue;
		struct span s = {d->from, d->to, 0, (double)d->personnel};
		ARRAY_PUSH(*sp, s);
	}
}

static int cmp_phase_from(const void *a, const void *b)
{
	int32_t x = (*(const struct muster_phase *const *)a)->from;
	int32_t y = (*(const struct muster_phase *const *)b)->from;
	return (x > y) - (x < y);
}

static void check_ceilings(struct check *c)
{
	const struct muster_scenario *sc = c->sc;
	const struct muster_phase **ph = xmalloc((sc->phases.nr + 1) * sizeof(*ph));
	struct spans sp = {0};
	for (size_t mi = 0; mi < sc->missions.nr; mi++) {
		const struct muster_mission *m = &sc->missions.items[mi];
		size_t n = 0;
		bool any = false;
		for (size_t k = 0; k < sc->phases.nr; k++) {
			const struct muster_phase *p = &sc->phases.items[k];
			if (strcmp(p->mission, m->code))
				continue;
			any = true;
			if (p->status == MUSTER_PHASE_APPROVED || c->run->with_requested)
				ph[n++] = p;
		}
		if (!any)
			continue; /* no phases: no ceiling */
		qsort(ph, n, sizeof(*ph), cmp_phase_from);
		int32_t prev = INT32_MIN;
		char *none = xstrfmt("%s (no %s phase)", m->code,
				     c->run->with_requested ? "approved or requested" : "approved");
		mission_spans(c, m, false, &sp);
		for (size_t k = 0; k <= n; k++) {
			int32_t next = k < n ? ph[k]->from : INT32_MAX;
			if (prev < next)
				sweep(c, &sp, prev, next, 0, "ceiling", none, "people");
			if (k < n)
				prev = ph[k]->to;
		}
		for (size_t k = 0; k < n; k++) {
			char *subj = xstrfmt("%s phase %s", m->code, ph[k]->phase);
			mission_spans(c, m, ph[k]->scope == MUSTER_SCOPE_IN_HOST, &sp);
			sweep(c, &sp, ph[k]->from, ph[k]->to, (double)ph[k]->ceiling, "ceiling",
			      subj, "people");
			free(subj);
		}
		free(none);
	}
	free(sp.items);
	free(ph);
}

/*
 * Budgets (budgets.csv): the nation's paid cost on the budget's mission and
 * days, from the cost model (cost.c), against its limit. Unknown is not
 * within: without rates, or with assignments no rate prices, the budget is
 * reported as not verified.
 */
static void check_budgets(const struct muster_scenario *sc, const struct muster_run *run,
			  struct muster_violation_list *out)
{
	for (size_t i = 0; i < sc->budgets.nr; i++) {
		const struct muster_budget *b = &sc->budgets.items[i];
		char *subject = xstrfmt("budget %s (%s, %s)", b->id, b->nation,
					b->mission ? b->mission : "all missions");
		struct muster_error err = {0};
		double paid;
		size_t unpriced;
		if (muster_budget_paid(sc, run, b, &paid, &unpriced, &err) < 0)
			muster_violation_add(out, "budget", subject, b->from, b->to,
					     _("not verified: %s"), err.msg ? err.msg : "no cost");
		else if (paid > b->limit * (1 + 1e-9) + 1e-6)
			muster_violation_add(out, "budget", subject, b->from, b->to,
					     _("paid %.2f over limit %.2f (excess %.2f)"), paid,
					     b->limit, paid - b->limit);
		else if (unpriced)
			muster_violation_add(out, "budget", subject, b->from, b->to,
					     _("not verified: %zu assignments match no cost rate"),
					     unpriced);
		muster_error_release(&err);
		free(subject);
	}
}

int muster_source_check(const struct muster_scenario *sc, const struct muster_run *run,
			struct muster_violation_list *out, struct muster_error *err)
{
	struct check c = {.sc = sc, .run = run, .out = out};
	(void)err;
	index_run(&c);
	for (size_t i = 0; i < run->assignments.nr; i++)
		check_assignment(&c, i);
	check_lines_offers(&c, true);
	check_lines_offers(&c, false);
	check_caps(&c);
	check_ceilings(&c);
	check_budgets(sc, run, out);
	check_release(&c);
	return 0;
}
