/*
 * rotation.c: can the nations sustain their pledges through rotations?
 *
 * A requirement line of D days outlasts a tour of T days when D > T; it then
 * needs ceil(D / T) rotations, and a nation that keeps N units deployed on it
 * at a deploy-to-dwell ratio of 1:K needs N x (1 + K) units in its pool
 * (DESIGN.md section 1). For every such line and every contributing nation
 * this computes N, the pool needed, the units the nation offered for the
 * line's capability, the pool it states it holds, and the shortfall.
 *
 * Key decisions:
 * - N comes from the sourcing run when one is given: the most units of the
 *   nation's assignments to the line active on one day. Without a run, the
 *   contributors are the nations with offers the line could take (not
 *   withdrawn, capability equal or a listed substitute, mission and line
 *   matching, readiness, windows overlapping; caveats are not evaluated), and
 *   N is the most units those offers hold on one day, at most the line's units.
 * - "Offered" is the sum of the units of all the nation's non-withdrawn
 *   offers of the line's capability (or a substitute) whose windows overlap
 *   the line's period, as pledged; consecutive offers of the same units count
 *   once each.
 * - Sustained or not is judged on the pool the nation states it holds (the
 *   offers' `pool` column, summed over the offers counted in "offered"), never
 *   on the units offered: an offer is what a nation sends at once, not what
 *   it holds at home. When one of those offers states no pool the answer is
 *   MUSTER_SUSTAIN_UNKNOWN ("pool not stated"), with the pool needed: unknown
 *   is not no.
 * - Each (line, nation) row is judged on its own: a nation contributing to
 *   two lines of one capability at once is compared with its whole offer on
 *   both (see the report's note).
 */
#include "i18n.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static bool cap_fits(const struct muster_scenario *sc, const struct muster_requirement *r,
		     const char *capability)
{
	const struct muster_capability *c = muster_scenario_capability(sc, r->capability);
	return !strcmp(r->capability, capability) ||
	       (c && muster_strlist_has(&c->substitutes, capability));
}

static bool overlaps(int32_t f1, int32_t t1, int32_t f2, int32_t t2)
{
	return f1 < t2 && f2 < t1;
}

static bool offer_fits(const struct muster_scenario *sc, const struct muster_requirement *r,
		       const struct muster_offer *o)
{
	return o->status != MUSTER_OFFER_WITHDRAWN && cap_fits(sc, r, o->capability) &&
	       (!o->mission || !strcmp(o->mission, r->mission)) &&
	       (!o->line || !strcmp(o->line, r->line)) && o->readiness >= r->min_readiness &&
	       overlaps(o->from, o->to, r->from, r->to);
}

struct span {
	int32_t from, to;
	long units;
};

/* Most units active on one day over a set of spans (clipped to [from, to)). */
static long peak_units(const struct span *s, size_t n)
{
	long best = 0;
	/* Quadratic, but per (line, nation): a handful of records. */
	for (size_t i = 0; i < n; i++) {
		long at = 0;
		for (size_t j = 0; j < n; j++)
			if (s[j].from <= s[i].from && s[i].from < s[j].to)
				at += s[j].units;
		if (at > best)
			best = at;
	}
	return best;
}

/* Units the nation keeps deployed on line r (run) or could (offers). */
static long deployed_units(const struct muster_scenario *sc, const struct muster_run *run,
			   const struct muster_requirement *r, const char *nation)
{
	MUSTER_ARRAY(struct span) spans = {0};
	long n;
	if (run) {
		for (size_t i = 0; i < run->assignments.nr; i++) {
			const struct muster_assignment *a = &run->assignments.items[i];
			if (strcmp(a->nation, nation) || strcmp(a->mission, r->mission) ||
			    strcmp(a->line, r->line))
				continue;
			struct span s = {a->from, a->to, a->units};
			ARRAY_PUSH(spans, s);
		}
	} else {
		for (size_t i = 0; i < sc->offers.nr; i++) {
			const struct muster_offer *o = &sc->offers.items[i];
			if (strcmp(o->nation, nation) || !offer_fits(sc, r, o))
				continue;
			struct span s = {o->from > r->from ? o->from : r->from,
					 o->to < r->to ? o->to : r->to, o->units};
			ARRAY_PUSH(spans, s);
		}
	}
	n = peak_units(spans.items, spans.nr);
	ARRAY_RELEASE(spans);
	if (!run && n > r->units)
		n = r->units;
	return n;
}

/* The offers counted in `offered`: the nation's, of the capability, overlapping. */
static bool offer_counts(const struct muster_scenario *sc, const struct muster_requirement *r,
			 const struct muster_offer *o, const char *nation)
{
	return !strcmp(o->nation, nation) && o->status != MUSTER_OFFER_WITHDRAWN &&
	       cap_fits(sc, r, o->capability) && overlaps(o->from, o->to, r->from, r->to);
}

/* Units offered, and the pool those offers state (unknown unless all do). */
static long offered_units(const struct muster_scenario *sc, const struct muster_requirement *r,
			  const char *nation, struct muster_opt_count *held)
{
	long sum = 0;
	size_t n = 0, stated = 0;
	held->value = 0;
	for (size_t i = 0; i < sc->offers.nr; i++) {
		const struct muster_offer *o = &sc->offers.items[i];
		if (!offer_counts(sc, r, o, nation))
			continue;
		sum += o->units;
		n++;
		if (o->pool.known) {
			stated++;
			held->value += o->pool.value;
		}
	}
	held->known = n > 0 && stated == n;
	if (!held->known)
		held->value = 0;
	return sum;
}

const char *muster_sustain_name(enum muster_sustain s)
{
	return s == MUSTER_SUSTAIN_YES ? "yes" : s == MUSTER_SUSTAIN_NO ? "no" : "pool not stated";
}

/* The nations contributing to r, sorted, without duplicates. */
static void contributors(const struct muster_scenario *sc, const struct muster_run *run,
			 const struct muster_requirement *r, struct muster_strlist *out)
{
	if (run) {
		for (size_t i = 0; i < run->assignments.nr; i++) {
			const struct muster_assignment *a = &run->assignments.items[i];
			if (!strcmp(a->mission, r->mission) && !strcmp(a->line, r->line) &&
			    !muster_strlist_has(out, a->nation))
				muster_strlist_push(out, a->nation);
		}
	} else {
		for (size_t i = 0; i < sc->offers.nr; i++) {
			const struct muster_offer *o = &sc->offers.items[i];
			if (offer_fits(sc, r, o) && !muster_strlist_has(out, o->nation))
				muster_strlist_push(out, o->nation);
		}
	}
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_rows(const struct muster_scenario *sc, const struct muster_run *run,
		     const struct muster_requirement *r, long dwell, long rotations,
		     struct muster_rotation *out)
{
	struct muster_strlist nations = {0};
	contributors(sc, run, r, &nations);
	if (nations.nr)
		qsort(nations.items, nations.nr, sizeof(*nations.items), str_cmp);
	for (size_t i = 0; i < nations.nr; i++) {
		struct muster_rotation_row row = {0};
		row.mission = xstrdup(r->mission);
		row.line = xstrdup(r->line);
		row.capability = xstrdup(r->capability);
		row.nation = xstrdup(nations.items[i]);
		row.from = r->from;
		row.to = r->to;
		row.days = (long)r->to - r->from;
		row.rotations = rotations;
		row.deployed = deployed_units(sc, run, r, row.nation);
		row.pool = row.deployed * (1 + dwell);
		row.offered = offered_units(sc, r, row.nation, &row.held);
		if (row.held.known) {
			row.shortfall = row.pool > row.held.value ? row.pool - row.held.value : 0;
			row.sustainable = row.shortfall ? MUSTER_SUSTAIN_NO : MUSTER_SUSTAIN_YES;
		}
		ARRAY_PUSH(out->rows, row);
	}
	muster_strlist_release(&nations);
}

int muster_rotation_compute(const struct muster_scenario *sc, const struct muster_run *run,
			    const struct muster_rotation_opts *opts, struct muster_rotation *out,
			    struct muster_error *err)
{
	memset(out, 0, sizeof(*out));
	if (opts->dwell < 0 || opts->dwell > 100)
		return muster_error_set(err, MUSTER_EINVAL,
					_("dwell: expected a whole number 0..100, got %ld"),
					opts->dwell);
	if (opts->tour < 1 || opts->tour > 36500)
		return muster_error_set(
		    err, MUSTER_EINVAL,
		    _("tour: expected a whole number of days 1..36500, got %ld"), opts->tour);
	int rc = opts->mission ? muster_code_check(sc, MUSTER_CODE_MISSION, opts->mission, err) : 0;
	if (rc < 0)
		return rc;
	out->dwell = opts->dwell;
	out->tour = opts->tour;
	out->from_run = run != NULL;
	for (size_t i = 0; i < sc->requirements.nr; i++) {
		const struct muster_requirement *r = &sc->requirements.items[i];
		if (opts->mission && strcmp(r->mission, opts->mission))
			continue;
		if (r->to == MUSTER_DATE_OPEN || r->from == MUSTER_DATE_NONE)
			continue; /* the contract requires both; be safe */
		long days = (long)r->to - r->from;
		if (days <= opts->tour)
			continue;
		size_t before = out->rows.nr;
		out->lines++;
		add_rows(sc, run, r, opts->dwell, (days + opts->tour - 1) / opts->tour, out);
		out->uncovered += out->rows.nr == before;
	}
	return 0;
}

void muster_rotation_release(struct muster_rotation *rot)
{
	if (!rot)
		return;
	for (size_t i = 0; i < rot->rows.nr; i++) {
		struct muster_rotation_row *r = &rot->rows.items[i];
		free(r->mission);
		free(r->line);
		free(r->capability);
		free(r->nation);
	}
	ARRAY_RELEASE(rot->rows);
}
