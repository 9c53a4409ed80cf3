/*
 * fairshare.c: fair shares (DESIGN.md section 5): keys, participants,
 * apportionment with floors and ceilings, and the burden index.
 *
 * Key decisions:
 * - Floors and ceilings are solved exactly, not by a fixed number of
 *   clipping rounds: share_i = clamp(lambda x w_i, f, c) is nondecreasing
 *   in lambda, so we sort the breakpoints f/w_i and c/w_i, find the piece
 *   where the sum crosses 1 and solve it linearly. This is the fixed point
 *   of "clip, then redistribute the excess pro rata, until stable", without
 *   the oscillation a naive loop shows when floors and ceilings interact.
 * - Whole numbers: integer bounds are the clipped quota's bounds rounded
 *   outward (lo = floor(f T), hi = ceil(c T)), so every result is within one
 *   person of its exact quota and a feasible percentage is feasible in
 *   whole people (Hamilton also keeps each within one person of its
 *   quota; divisor methods may not, which is their known trait). Divisor
 *   methods bisect for the divisor, then hand the seats tied at its
 *   threshold out by priority quota / (seats + d), d = 1 (D'Hondt) or 1/2
 *   (Webster); Hamilton gives floor(quota) then the largest remainders.
 * - Ties (equal priorities or remainders, up to rounding noise) go to the
 *   lower nation code, so results never depend on input order.
 * - Keys: a scenario's keys.csv rows first, then the built-ins "gdp"
 *   (latest year of the embedded World Bank table), "gdp-YYYY",
 *   "population" (likewise), "population-YYYY", "equal".
 */
#include "fairshare.h"
#include "i18n.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define TIE_EPS 1e-9

static const char *const method_names[] = {"hamilton", "webster", "dhondt"};

const char *muster_fair_method_name(enum muster_fair_method m)
{
	if ((unsigned)m >= ARRAY_SIZE(method_names))
		return "?";
	return method_names[m];
}

int muster_fair_method_parse(const char *s, enum muster_fair_method *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(method_names); i++)
		if (!strcasecmp(s, method_names[i])) {
			*out = (enum muster_fair_method)i;
			return 0;
		}
	if (!strcasecmp(s, "sainte-lague") || !strcasecmp(s, "webster")) {
		*out = MUSTER_FAIR_WEBSTER;
		return 0;
	}
	if (!strcasecmp(s, "jefferson") || !strcasecmp(s, "d'hondt")) {
		*out = MUSTER_FAIR_DHONDT;
		return 0;
	}
	return MUSTER_EINVAL;
}

/* ---- continuous shares with floors and ceilings ---------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static double sum_at(size_t n, const double *w, double f, double c, double lambda)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += clamp(lambda * w[i], f, c);
	return s;
}

/*
 * share[i] = clamp(lambda w_i, f, c) summing to 1. The caller checked that
 * n f <= 1 <= (number of positive weights) c + (others) f.
 */
static void water_fill(size_t n, const double *w, double f, double c, double *share)
{
	double *bp = xcalloc(2 * n + 1, sizeof(*bp));
	size_t nb = 0, k;
	double lo = 0, hi, lambda, fixed = 0, free_w = 0;

	for (size_t i = 0; i < n; i++)
		if (w[i] > 0) {
			bp[nb++] = f / w[i];
			bp[nb++] = c / w[i];
		}
	qsort(bp, nb, sizeof(*bp), cmp_double);
	for (k = 0; k < nb && sum_at(n, w, f, c, bp[k]) < 1; k++)
		lo = bp[k];
	hi = k < nb ? bp[k] : lo * 2 + 1;
	/* On (lo, hi) every participant is either clipped or free: solve. */
	double mid = (lo + hi) / 2;
	for (size_t i = 0; i < n; i++) {
		double v = mid * w[i];
		if (w[i] > 0 && v > f && v < c)
			free_w += w[i];
		else
			fixed += clamp(v, f, c);
	}
	lambda = free_w > 0 ? (1 - fixed) / free_w : mid;
	for (size_t i = 0; i < n; i++)
		share[i] = free_w > 0 && mid * w[i] > f && mid * w[i] < c ? lambda * w[i]
									  : clamp(mid * w[i], f, c);
	free(bp);
}

static int check_bounds(size_t n, const double *w, double f, double c, struct muster_error *err)
{
	size_t npos = 0;
	double wsum = 0;
	for (size_t i = 0; i < n; i++) {
		wsum += w[i];
		npos += w[i] > 0;
	}
	if (n * f > 1 + 1e-12)
		return muster_error_set(
		    err, MUSTER_EINFEASIBLE,
		    _("floors of %zu participants at %g%% sum to %g%%, above 100%%"), n, f * 100,
		    n * f * 100);
	if (n * c < 1 - 1e-12)
		return muster_error_set(
		    err, MUSTER_EINFEASIBLE,
		    _("ceilings of %zu participants at %g%% sum to %g%%, below 100%%"), n, c * 100,
		    n * c * 100);
	if (wsum <= 0)
		return muster_error_set(err, MUSTER_EINFEASIBLE,
					_("every participant's weight is zero"));
	if (npos * c + (n - npos) * f < 1 - 1e-12)
		return muster_error_set(err, MUSTER_EINFEASIBLE,
					_("only %zu of %zu participants have a weight above zero: "
					  "at ceilings of %g%% they reach %g%%, below 100%%"),
					npos, n, c * 100, (npos * c + (n - npos) * f) * 100);
	return 0;
}

/* ---- whole numbers ---------------------------------------------------- */

struct seat_ctx {
	size_t n;
	const char *const *codes;
	const double *q; /* exact quotas */
	long *lo, *hi, *seats;
};

/* a before b? higher value first, ties (within noise) by lower code */
static bool ranks_before(const struct seat_ctx *x, double va, size_t a, double vb, size_t b)
{
	double scale = fmax(1, fmax(fabs(va), fabs(vb)));
	if (fabs(va - vb) > TIE_EPS * scale)
		return va > vb;
	return strcmp(x->codes[a], x->codes[b]) < 0;
}

static long clampl(long v, long lo, long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Hand out `left` seats one at a time to the best-ranked participant below hi. */
static void give_by_priority(struct seat_ctx *x, long left, double d, bool hamilton)
{
	for (; left > 0; left--) {
		size_t best = x->n;
		double bestv = 0;
		for (size_t i = 0; i < x->n; i++) {
			if (x->seats[i] >= x->hi[i])
				continue;
			double v = hamilton ? x->q[i] - (double)x->seats[i]
					    : x->q[i] / ((double)x->seats[i] + d);
			if (best == x->n || ranks_before(x, v, i, bestv, best)) {
				best = i;
				bestv = v;
			}
		}
		if (best == x->n)
			BUG("no participant can take a seat");
		x->seats[best]++;
	}
}

static long seats_sum(const struct seat_ctx *x)
{
	long s = 0;
	for (size_t i = 0; i < x->n; i++)
		s += x->seats[i];
	return s;
}

/* Seats at divisor `div`: clamp(floor(q / div + 1 - d)), d = 1 or 1/2. */
static long seats_at(struct seat_ctx *x, double div, double d)
{
	long sum = 0;
	for (size_t i = 0; i < x->n; i++) {
		x->seats[i] = clampl((long)floor(x->q[i] / div + 1 - d), x->lo[i], x->hi[i]);
		sum += x->seats[i];
	}
	return sum;
}

/*
 * Divisor methods: bisect for the smallest divisor whose seats still sum to
 * at most the total (the seats there are a componentwise lower bound of the
 * result, as seats only grow as the divisor falls); the few seats left, tied
 * at the threshold, then go by priority, ties to the lower code.
 */
static void divisor_start(struct seat_ctx *x, long total, double d)
{
	double lo = 0, hi = 1;
	for (size_t i = 0; i < x->n; i++)
		hi = fmax(hi, 4 * x->q[i] + 1);
	for (int it = 0; it < 200 && lo < hi; it++) {
		double mid = lo + (hi - lo) / 2;
		if (mid <= lo || mid >= hi)
			break;
		if (seats_at(x, mid, d) <= total)
			hi = mid;
		else
			lo = mid;
	}
	/*
	 * Step back a little: quotas carry rounding noise, so seats whose
	 * priority ties the threshold only up to that noise are left to
	 * give_by_priority, which breaks ties by code.
	 */
	if (seats_at(x, hi * (1 + 1e-9), d) > total) /* cannot happen: all at lo */
		for (size_t i = 0; i < x->n; i++)
			x->seats[i] = x->lo[i];
}

static void round_seats(struct seat_ctx *x, long total, enum muster_fair_method method)
{
	double d = method == MUSTER_FAIR_DHONDT ? 1 : 0.5;

	if (method != MUSTER_FAIR_HAMILTON) {
		divisor_start(x, total, d);
		give_by_priority(x, total - seats_sum(x), d, false);
		return;
	}
	/*
	 * Hamilton: the floors of the quotas, then by remainder q - seats: each
	 * is below 1 after the floors, so this is the largest remainder rule
	 * (and, should the bounds leave seats over, it goes on by shortfall).
	 */
	for (size_t i = 0; i < x->n; i++)
		x->seats[i] = clampl((long)floor(x->q[i]), x->lo[i], x->hi[i]);
	if (seats_sum(x) > total)
		for (size_t i = 0; i < x->n; i++)
			x->seats[i] = x->lo[i];
	give_by_priority(x, total - seats_sum(x), d, true);
}

int muster_apportion(size_t n, const char *const *codes, const double *weights, long total,
		     double floor_pct, double ceiling_pct, enum muster_fair_method method,
		     double *share_pct, long *seats, struct muster_error *err)
{
	double f = floor_pct / 100, c = ceiling_pct / 100;
	double *share = NULL, *q = NULL;
	long *lo = NULL, *hi = NULL;
	int rc;

	if (n == 0)
		return muster_error_set(err, MUSTER_EINVAL, _("no participants"));
	if (total < 0 || (unsigned)method > MUSTER_FAIR_DHONDT)
		return muster_error_set(err, MUSTER_EINVAL, _("bad total or method"));
	if (!(floor_pct >= 0 && ceiling_pct <= 100 && floor_pct <= ceiling_pct))
		return muster_error_set(err, MUSTER_EINVAL,
					_("floor %g%% and ceiling %g%%: expected 0 <= floor <= "
					  "ceiling <= 100"),
					floor_pct, ceiling_pct);
	for (size_t i = 0; i < n; i++)
		if (!(weights[i] >= 0) || !isfinite(weights[i]))
			return muster_error_set(err, MUSTER_EINVAL,
						_("nation '%s': weight %g: expected a number >= 0"),
						codes[i], weights[i]);
	rc = check_bounds(n, weights, f, c, err);
	if (rc < 0)
		return rc;

	share = xcalloc(n, sizeof(*share));
	q = xcalloc(n, sizeof(*q));
	lo = xcalloc(n, sizeof(*lo));
	hi = xcalloc(n, sizeof(*hi));
	water_fill(n, weights, f, c, share);
	for (size_t i = 0; i < n; i++) {
		q[i] = share[i] * (double)total;
		lo[i] = (long)floor(f * (double)total + TIE_EPS);
		hi[i] = clampl((long)ceil(c * (double)total - TIE_EPS), lo[i], total);
		share_pct[i] = share[i] * 100;
	}
	struct seat_ctx x = {n, codes, q, lo, hi, seats};
	round_seats(&x, total, method);
	free(share);
	free(q);
	free(lo);
	free(hi);
	return 0;
}

/* ---- keys -------------------------------------------------------------- */

enum key_kind { KEY_SCENARIO, KEY_GDP, KEY_EQUAL, KEY_POPULATION };

struct key_ref {
	enum key_kind kind;
	const char *name;
	int year; /* KEY_GDP, KEY_POPULATION */
};

static bool scenario_has_key(const struct muster_scenario *sc, const char *key)
{
	for (size_t i = 0; i < sc->keys.nr; i++)
		if (!strcmp(sc->keys.items[i].key, key))
			return true;
	return false;
}

/* "gdp-YYYY": the year, or 0 when `key` is not of that form. */
static int gdp_key_year(const char *key)
{
	long y;
	if (strncmp(key, "gdp-", 4) || strlen(key) != 8 || strtonum_l(key + 4, 1900, 2999, &y) < 0)
		return 0;
	return (int)y;
}

/* "population-YYYY": the year, or 0. */
static int population_key_year(const char *key)
{
	long y;
	if (strncmp(key, "population-", 11) || strlen(key) != 15 ||
	    strtonum_l(key + 11, 1900, 2999, &y) < 0)
		return 0;
	return (int)y;
}

static int unknown_key(const struct muster_scenario *sc, const char *key, struct muster_error *err)
{
	struct muster_strlist names = {0};
	char *latest = xstrfmt("gdp-%d", muster_reference_gdp_year());
	char *latest_pop = xstrfmt("population-%d", muster_reference_population_year());
	for (size_t i = 0; i < sc->keys.nr; i++)
		if (!muster_strlist_has(&names, sc->keys.items[i].key))
			muster_strlist_push(&names, sc->keys.items[i].key);
	muster_strlist_push(&names, "gdp");
	muster_strlist_push(&names, latest);
	muster_strlist_push(&names, "population");
	muster_strlist_push(&names, latest_pop);
	muster_strlist_push(&names, "equal");
	const char *near = closest_word(key, (const char *const *)names.items, names.nr);
	char *all = muster_strlist_join(&names, ',');
	int rc;
	if (near)
		rc = muster_error_set(err, MUSTER_ENOENT, _("unknown key '%s'; did you mean '%s'?"),
				      key, near);
	else
		rc = muster_error_set(err, MUSTER_ENOENT,
				      _("unknown key '%s' (known: %s, gdp-YYYY, population-YYYY)"),
				      key, all);
	free(all);
	free(latest);
	free(latest_pop);
	muster_strlist_release(&names);
	return rc;
}

/* A built-in key's year must be one its table has: else no nation has a value. */
static int key_year_known(const char *key, int year, int first, int last, const char *what,
			  struct muster_error *err)
{
	if (year >= first && year <= last)
		return 0;
	return muster_error_set(err, MUSTER_ENOENT,
				_("key '%s': the built-in %s data covers %d to %d, not %d"), key,
				what, first, last, year);
}

static int key_resolve(const struct muster_scenario *sc, const char *key, struct key_ref *k,
		       struct muster_error *err)
{
	k->name = key;
	if (!key || !*key)
		return muster_error_set(err, MUSTER_EINVAL, _("no fair-share key given"));
	if (scenario_has_key(sc, key)) {
		k->kind = KEY_SCENARIO;
		return 0;
	}
	if (!strcmp(key, "equal")) {
		k->kind = KEY_EQUAL;
		return 0;
	}
	k->year = !strcmp(key, "gdp") ? muster_reference_gdp_year() : gdp_key_year(key);
	if (k->year) {
		k->kind = KEY_GDP;
		return key_year_known(key, k->year, muster_reference_gdp_first_year(),
				      muster_reference_gdp_year(), _("GDP"), err);
	}
	k->year = !strcmp(key, "population") ? muster_reference_population_year()
					     : population_key_year(key);
	if (k->year) {
		k->kind = KEY_POPULATION;
		return key_year_known(key, k->year, muster_reference_population_first_year(),
				      muster_reference_population_year(), _("population"), err);
	}
	return unknown_key(sc, key, err);
}

/* The key's value for `nation`, or -1 when it has none. */
static double key_value(const struct muster_scenario *sc, const struct key_ref *k,
			const char *nation)
{
	switch (k->kind) {
	case KEY_EQUAL:
		return 1;
	case KEY_GDP:
		return muster_reference_gdp(nation, k->year);
	case KEY_POPULATION:
		return muster_reference_population(nation, k->year);
	case KEY_SCENARIO:
		for (size_t i = 0; i < sc->keys.nr; i++)
			if (!strcmp(sc->keys.items[i].key, k->name) &&
			    !strcmp(sc->keys.items[i].nation, nation))
				return sc->keys.items[i].value;
	}
	return -1;
}

static int key_values(const struct muster_scenario *sc, const struct key_ref *k,
		      const struct muster_strlist *who, double *v, struct muster_error *err)
{
	struct muster_strlist missing = {0};
	bool any = false;
	int rc = 0;
	for (size_t i = 0; i < who->nr; i++) {
		v[i] = key_value(sc, k, who->items[i]);
		if (v[i] < 0)
			muster_strlist_push(&missing, who->items[i]);
		any |= v[i] > 0;
	}
	if (missing.nr == 1) {
		rc = muster_error_set(err, MUSTER_EINFEASIBLE,
				      _("nation '%s' has no value for key '%s'"), missing.items[0],
				      k->name);
	} else if (missing.nr) {
		char *rest = muster_strlist_join(
		    &(struct muster_strlist){missing.items + 1, missing.nr - 1, 0}, ',');
		rc = muster_error_set(err, MUSTER_EINFEASIBLE,
				      _("nation '%s' has no value for key '%s' (nor have %s)"),
				      missing.items[0], k->name, rest);
		free(rest);
	} else if (!any) {
		rc = muster_error_set(err, MUSTER_EINFEASIBLE,
				      _("every participant's value for key '%s' is zero"), k->name);
	}
	muster_strlist_release(&missing);
	return rc;
}

int fairshare_key_value(const struct muster_scenario *sc, const char *key, const char *nation,
			double *value, struct muster_error *err)
{
	struct key_ref k = {0};
	int rc = key_resolve(sc, key, &k, err);
	if (rc < 0)
		return rc;
	*value = key_value(sc, &k, nation);
	return *value < 0 ? MUSTER_EINFEASIBLE : 0;
}

/* ---- participants ------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int members_of(const struct muster_scenario *sc, const char *org, int32_t on,
		      struct muster_strlist *who, struct muster_error *err)
{
	size_t nref;
	const struct muster_nation *ref = muster_reference_nations(&nref);
	char day[11];
	for (size_t i = 0; i < sc->nations.nr; i++)
		if (muster_nation_is_member(sc, sc->nations.items[i].code, org, on))
			muster_strlist_push(who, sc->nations.items[i].code);
	for (size_t i = 0; i < nref; i++)
		if (!muster_strlist_has(who, ref[i].code) &&
		    muster_nation_is_member(sc, ref[i].code, org, on))
			muster_strlist_push(who, ref[i].code);
	if (who->nr)
		return 0;
	muster_date_format(on, day);
	return muster_error_set(err, MUSTER_ENOENT, _("organisation '%s' has no members on %s"),
				org, day);
}

/* Does offer `o` serve mission `m`: its own mission, or an open offer that
 * can fill one of the mission's lines (same capability or a substitute). */
static bool offer_for_mission(const struct muster_scenario *sc, const struct muster_offer *o,
			      const char *m)
{
	if (o->status == MUSTER_OFFER_WITHDRAWN)
		return false;
	if (o->mission)
		return !strcmp(o->mission, m);
	for (size_t i = 0; i < sc->requirements.nr; i++) {
		const struct muster_requirement *r = &sc->requirements.items[i];
		if (strcmp(r->mission, m))
			continue;
		const struct muster_capability *cap = muster_scenario_capability(sc, r->capability);
		if (!strcmp(r->capability, o->capability) ||
		    (cap && muster_strlist_has(&cap->substitutes, o->capability)))
			return true;
	}
	return false;
}

static int offering(const struct muster_scenario *sc, const char *mission,
		    struct muster_strlist *who, struct muster_error *err)
{
	if (!mission)
		return muster_error_set(err, MUSTER_EINVAL,
					_("participants 'offering' need a mission"));
	for (size_t i = 0; i < sc->offers.nr; i++) {
		const struct muster_offer *o = &sc->offers.items[i];
		if (offer_for_mission(sc, o, mission) && !muster_strlist_has(who, o->nation))
			muster_strlist_push(who, o->nation);
	}
	if (!who->nr)
		return muster_error_set(err, MUSTER_ENOENT,
					_("no nation offers anything for mission '%s'"), mission);
	return 0;
}

static int listed(const struct muster_scenario *sc, const char *list, struct muster_strlist *who,
		  struct muster_error *err)
{
	struct muster_strlist parts = {0};
	char *norm = xstrdup(list);
	int rc = 0;
	for (char *p = norm; *p; p++)
		if (*p == ',')
			*p = ';';
	muster_strlist_split(&parts, norm, ';');
	for (size_t i = 0; i < parts.nr && !rc; i++) {
		const char *c; /* the canonical code: "usa" is USA */
		rc = muster_code_resolve(sc, MUSTER_CODE_NATION, parts.items[i], &c, err);
		if (!rc && muster_strlist_has(who, c))
			rc = muster_error_set(err, MUSTER_EINVAL, _("nation '%s' is listed twice"),
					      c);
		else if (!rc)
			muster_strlist_push(who, c);
	}
	if (!rc && !who->nr)
		rc = muster_error_set(err, MUSTER_EINVAL, _("no participants listed"));
	muster_strlist_release(&parts);
	free(norm);
	return rc;
}

static int participants(const struct muster_scenario *sc, const char *spec, const char *mission,
			int32_t on, struct muster_strlist *who, struct muster_error *err)
{
	int rc;
	if (!spec || !strcmp(spec, "offering"))
		rc = offering(sc, mission, who, err);
	else if (!strncmp(spec, "members:", 8) && spec[8])
		rc = members_of(sc, spec + 8, on, who, err);
	else if (!strncmp(spec, "members:", 8))
		rc = muster_error_set(err, MUSTER_EINVAL,
				      _("participants 'members:': name the organisation, e.g. "
					"members:NATO"));
	else
		rc = listed(sc, spec, who, err);
	if (rc == 0)
		qsort(who->items, who->nr, sizeof(*who->items), cmp_str);
	return rc;
}

/* ---- mission, total, date ---------------------------------------------- */

static int find_mission(const struct muster_scenario *sc, const char *code,
			const struct muster_mission **out, struct muster_error *err)
{
	int rc = muster_code_check(sc, MUSTER_CODE_MISSION, code, err);
	*out = rc ? NULL : muster_scenario_mission(sc, code);
	return rc;
}

/* The highest ceiling over the mission's counting phases. */
static int top_ceiling(const struct muster_scenario *sc, const char *mission, bool with_requested,
		       long *total, struct muster_error *err)
{
	bool any = false;
	*total = 0;
	for (size_t i = 0; i < sc->phases.nr; i++) {
		const struct muster_phase *p = &sc->phases.items[i];
		if (strcmp(p->mission, mission) ||
		    (p->status == MUSTER_PHASE_REQUESTED && !with_requested))
			continue;
		any = true;
		if (p->ceiling > *total)
			*total = p->ceiling;
	}
	if (any)
		return 0;
	return muster_error_set(
	    err, MUSTER_EINVAL,
	    with_requested ? _("mission '%s' has no phase with a ceiling: give a total")
			   : _("mission '%s' has no approved phase with a ceiling: give a total"),
	    mission);
}

static int32_t membership_date(const struct muster_mission *m, int32_t on)
{
	if (on != 0 && on != MUSTER_DATE_NONE)
		return on;
	if (m && m->from != MUSTER_DATE_NONE)
		return m->from;
	return (int32_t)(time(NULL) / 86400);
}

/* ---- offered and sourced ------------------------------------------------ */

struct span {
	int32_t from, to; /* [from, to); to may be MUSTER_DATE_OPEN */
	long people;
};

struct event {
	int32_t day;
	long delta;
};

static int cmp_event(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->delta < y->delta ? -1 : x->delta > y->delta; /* ends before starts */
}

/* The most people active at once. */
static long peak_of(const struct span *s, size_t n)
{
	struct event *ev = xcalloc(2 * n + 1, sizeof(*ev));
	size_t ne = 0;
	long cur = 0, peak = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i].to <= s[i].from)
			continue;
		ev[ne++] = (struct event){s[i].from, s[i].people};
		if (s[i].to != MUSTER_DATE_OPEN)
			ev[ne++] = (struct event){s[i].to, -s[i].people};
	}
	qsort(ev, ne, sizeof(*ev), cmp_event);
	for (size_t i = 0; i < ne; i++) {
		cur += ev[i].delta;
		if (cur > peak)
			peak = cur;
	}
	free(ev);
	return peak;
}

/* Person-days, or -1 when any span is open-ended. */
static double days_of(const struct span *s, size_t n)
{
	double d = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i].to <= s[i].from)
			continue;
		if (s[i].to == MUSTER_DATE_OPEN || s[i].from == MUSTER_DATE_NONE)
			return -1;
		d += (double)s[i].people * ((double)s[i].to - (double)s[i].from);
	}
	return d;
}

/* The mission's window; an open end closes at its last line's end. */
static void mission_window(const struct muster_scenario *sc, const struct muster_mission *m,
			   int32_t *from, int32_t *to)
{
	int32_t last = MUSTER_DATE_NONE;
	*from = m->from;
	*to = m->to;
	for (size_t i = 0; i < sc->requirements.nr; i++) {
		const struct muster_requirement *r = &sc->requirements.items[i];
		if (!strcmp(r->mission, m->code) && r->to > last)
			last = r->to;
	}
	if (*to == MUSTER_DATE_OPEN && last != MUSTER_DATE_NONE)
		*to = last;
}

static void row_offered(const struct muster_scenario *sc, const struct muster_mission *m,
			struct muster_fair_row *row)
{
	MUSTER_ARRAY(struct span) s = {0};
	int32_t wfrom, wto;
	mission_window(sc, m, &wfrom, &wto);
	for (size_t i = 0; i < sc->offers.nr; i++) {
		const struct muster_offer *o = &sc->offers.items[i];
		if (strcmp(o->nation, row->nation) || !offer_for_mission(sc, o, m->code))
			continue;
		struct span sp = {o->from > wfrom ? o->from : wfrom, o->to < wto ? o->to : wto,
				  o->units * o->personnel};
		ARRAY_PUSH(s, sp);
	}
	row->offered_peak = peak_of(s.items, s.nr);
	row->offered_days = days_of(s.items, s.nr);
	ARRAY_RELEASE(s);
}

static void row_sourced(const struct muster_run *run, const char *mission,
			struct muster_fair_row *row)
{
	MUSTER_ARRAY(struct span) s = {0};
	for (size_t i = 0; i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		if (strcmp(a->mission, mission) || strcmp(a->nation, row->nation))
			continue;
		struct span sp = {a->from, a->to, a->personnel};
		ARRAY_PUSH(s, sp);
	}
	row->sourced_peak = peak_of(s.items, s.nr);
	row->sourced_days = days_of(s.items, s.nr);
	if (row->sourced_days < 0)
		row->sourced_days = 0; /* assignments are closed intervals */
	ARRAY_RELEASE(s);
}

static double run_days(const struct muster_run *run, const char *mission)
{
	double d = 0;
	for (size_t i = 0; i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		if (!strcmp(a->mission, mission) && a->to > a->from && a->to != MUSTER_DATE_OPEN)
			d += (double)a->personnel * ((double)a->to - (double)a->from);
	}
	return d;
}

static void burden(struct muster_fairshare *fs)
{
	double other = fs->sourced_days;
	fs->max_burden_dev = NAN;
	for (size_t i = 0; i < fs->rows.nr; i++) {
		struct muster_fair_row *r = &fs->rows.items[i];
		other -= r->sourced_days;
		r->sourced_share =
		    fs->sourced_days > 0 ? 100 * r->sourced_days / fs->sourced_days : NAN;
		r->burden =
		    r->share > 0 && fs->sourced_days > 0 ? r->sourced_share / r->share : NAN;
		if (!isnan(r->burden) &&
		    (isnan(fs->max_burden_dev) || fabs(r->burden - 1) > fs->max_burden_dev))
			fs->max_burden_dev = fabs(r->burden - 1);
	}
	fs->sourced_other = other > 0.5 ? other : 0;
}

static double demand_days(const struct muster_scenario *sc, const char *mission);

/* Fair person-days, and with a run the excess over them (the measure of
 * source_fair.c: the same products, in the same order). */
static void excess(struct muster_fairshare *fs, double demand)
{
	fs->demand_days = demand;
	fs->excess_days = fs->has_run ? 0 : NAN;
	for (size_t i = 0; i < fs->rows.nr; i++) {
		struct muster_fair_row *r = &fs->rows.items[i];
		r->fair_days = demand * r->share / 100;
		r->excess_days = NAN;
		if (!fs->has_run)
			continue;
		r->excess_days =
		    r->sourced_days > r->fair_days ? r->sourced_days - r->fair_days : 0;
		fs->excess_days += r->excess_days;
	}
}

/* ---- putting it together ------------------------------------------------- */

struct fair_base {
	const struct muster_mission *m; /* NULL without a mission */
	struct muster_strlist who;	/* participants, by code */
	double *value, *share;		/* key values; shares in percent */
	long *fair;
	long total;
	int32_t on;
};

static void fair_base_release(struct fair_base *b)
{
	muster_strlist_release(&b->who);
	free(b->value);
	free(b->share);
	free(b->fair);
}

static int fair_base_total(const struct muster_scenario *sc, const struct muster_fair_opts *o,
			   struct fair_base *b, struct muster_error *err)
{
	if (o->total >= 0) {
		b->total = o->total;
		return 0;
	}
	if (!b->m)
		return muster_error_set(err, MUSTER_EINVAL, _("give a mission or a total"));
	return top_ceiling(sc, b->m->code, o->with_requested, &b->total, err);
}

static int fair_base_make(const struct muster_scenario *sc, const struct muster_fair_opts *o,
			  struct fair_base *b, struct muster_error *err)
{
	struct key_ref k = {0};
	double ceiling = o->ceiling_pct > 0 ? o->ceiling_pct : 100;
	int rc;

	memset(b, 0, sizeof(*b));
	if (o->mission && (rc = find_mission(sc, o->mission, &b->m, err)) < 0)
		return rc;
	if ((rc = key_resolve(sc, o->key, &k, err)) < 0)
		return rc;
	if ((rc = fair_base_total(sc, o, b, err)) < 0)
		return rc;
	b->on = membership_date(b->m, o->on);
	if ((rc = participants(sc, o->participants, o->mission, b->on, &b->who, err)) < 0)
		return rc;
	b->value = xcalloc(b->who.nr, sizeof(*b->value));
	b->share = xcalloc(b->who.nr, sizeof(*b->share));
	b->fair = xcalloc(b->who.nr, sizeof(*b->fair));
	if ((rc = key_values(sc, &k, &b->who, b->value, err)) < 0)
		return rc;
	return muster_apportion(b->who.nr, (const char *const *)b->who.items, b->value, b->total,
				o->floor_pct, ceiling, o->method, b->share, b->fair, err);
}

int muster_fairshare_compute(const struct muster_scenario *sc, const struct muster_run *run,
			     const struct muster_fair_opts *o, struct muster_fairshare *out,
			     struct muster_error *err)
{
	struct fair_base b;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = fair_base_make(sc, o, &b, err);
	if (rc < 0)
		goto out;
	out->mission = xstrdup_or_null(o->mission);
	out->key = xstrdup(o->key);
	/* a list is shown as resolved ("can;dnk" is CAN;DNK), a rule as given */
	if (o->participants && strcmp(o->participants, "offering") &&
	    strncmp(o->participants, "members:", 8))
		out->participants = muster_strlist_join(&b.who, ';');
	else
		out->participants = xstrdup(o->participants ? o->participants : "offering");
	out->total = b.total;
	out->on = b.on;
	out->method = o->method;
	out->has_run = run && b.m;
	out->sourced_days = out->has_run ? run_days(run, b.m->code) : 0;
	for (size_t i = 0; i < b.who.nr; i++) {
		struct muster_fair_row r = {.nation = xstrdup(b.who.items[i]),
					    .key = b.value[i],
					    .share = b.share[i],
					    .fair = b.fair[i],
					    .offered_peak = -1,
					    .offered_days = -1,
					    .sourced_peak = -1,
					    .sourced_days = -1,
					    .sourced_share = NAN,
					    .burden = NAN,
					    .fair_days = -1,
					    .excess_days = NAN};
		if (b.m)
			row_offered(sc, b.m, &r);
		if (out->has_run)
			row_sourced(run, b.m->code, &r);
		ARRAY_PUSH(out->rows, r);
	}
	out->max_burden_dev = NAN;
	out->excess_days = NAN;
	if (out->has_run)
		burden(out);
	if (b.m)
		excess(out, demand_days(sc, b.m->code));
out:
	fair_base_release(&b);
	return rc;
}

void muster_fairshare_release(struct muster_fairshare *fs)
{
	if (!fs)
		return;
	for (size_t i = 0; i < fs->rows.nr; i++)
		free(fs->rows.items[i].nation);
	ARRAY_RELEASE(fs->rows);
	free(fs->mission);
	free(fs->key);
	free(fs->participants);
	memset(fs, 0, sizeof(*fs));
}

/* The person-days the lines of `mission` (every line when NULL) demand. */
static double demand_days(const struct muster_scenario *sc, const char *mission)
{
	double d = 0;
	for (size_t i = 0; i < sc->requirements.nr; i++) {
		const struct muster_requirement *r = &sc->requirements.items[i];
		if ((!mission || !strcmp(r->mission, mission)) && r->to > r->from)
			d += (double)r->units * (double)r->personnel *
			     ((double)r->to - (double)r->from);
	}
	return d;
}

int muster_fairshare_targets(const struct muster_scenario *sc, const struct muster_fair_opts *o,
			     struct muster_fair_target **out, size_t *nr, struct muster_error *err)
{
	struct fair_base b;
	int rc;

	*out = NULL;
	*nr = 0;
	rc = fair_base_make(sc, o, &b, err);
	if (rc < 0)
		goto out;
	double demand = demand_days(sc, o->mission);
	*out = xcalloc(b.who.nr + 1, sizeof(**out));
	*nr = b.who.nr;
	for (size_t i = 0; i < b.who.nr; i++) {
		(*out)[i].nation = xstrdup(b.who.items[i]);
		(*out)[i].share = b.share[i] / 100;
		(*out)[i].personnel = b.fair[i];
		(*out)[i].person_days = demand * b.share[i] / 100;
	}
out:
	fair_base_release(&b);
	return rc;
}

void muster_fair_targets_free(struct muster_fair_target *t, size_t nr)
{
	if (!t)
		return;
	for (size_t i = 0; i < nr; i++)
		free(t[i].nation);
	free(t);
}

int muster_key_lookup(const struct muster_scenario *sc, const char *key, const char *nation,
		      double *value, struct muster_error *err)
{
	struct key_ref k = {0};
	int rc = key_resolve(sc, key, &k, err);
	if (rc < 0)
		return rc;
	*value = key_value(sc, &k, nation);
	return 0;
}
