/*
 * fair_tradeoff.c: the fill / fairness trade-off (`muster fairshare
 * --tradeoff`): a mission sourced at a grid of fair-share weights and at the
 * fully fair end, each run measured by muster_fairshare_compute with the
 * same fair-share options that priced it (see source_fair.h), so that the
 * excess shown is the excess penalised.
 *
 * Key decisions:
 * - The default grid sits between the prices of the priority weights
 *   (MUSTER_FAIR_PRICE x W against w(p) = 4^(5-p)), so that no point is a
 *   tie where a unit is worth exactly its penalty and the solver's choice
 *   would be arbitrary; it ends above w(1), then the fair cap (W -> inf)
 *   closes the curve.
 */
#include "i18n.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const double default_weights[] = {0, 1.0 / 32, 1.0 / 8, 0.5, 2, 8, 32};

const double *muster_tradeoff_weights(size_t *nr)
{
	*nr = ARRAY_SIZE(default_weights);
	return default_weights;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Source at weight w (INFINITY: the fair cap) and measure the run. */
static int add_point(const struct muster_scenario *sc, const struct muster_fair_opts *o,
		     const struct muster_source_opts *so, double w, struct muster_tradeoff *out,
		     struct muster_error *err)
{
	struct muster_source_opts s = *so;
	struct muster_tradeoff_point pt = {.weight = w};
	s.mission = o->mission;
	s.fair = o;
	s.fair_key = o->key;
	s.fair_cap = isinf(w);
	s.fair_weight = isinf(w) ? 0 : w;
	int rc = muster_source(sc, &s, &pt.run, err);
	if (rc == 0)
		rc = muster_fairshare_compute(sc, &pt.run, o, &pt.fs, err);
	if (rc < 0) {
		muster_fairshare_release(&pt.fs);
		muster_run_release(&pt.run);
		return rc;
	}
	ARRAY_PUSH(out->points, pt);
	return 0;
}

int muster_fair_tradeoff(const struct muster_scenario *sc, const struct muster_fair_opts *o,
			 const struct muster_source_opts *so, const double *weights, size_t nr,
			 struct muster_tradeoff *out, struct muster_error *err)
{
	double *w = xcalloc(nr + 1, sizeof(*w));
	int rc = 0;
	memset(out, 0, sizeof(*out));
	if (!o->mission)
		rc = muster_error_set(err, MUSTER_EINVAL, _("the trade-off needs a mission"));
	for (size_t i = 0; rc == 0 && i < nr; i++) {
		w[i] = weights[i];
		if (!(w[i] >= 0 && w[i] <= MUSTER_FAIR_WEIGHT_MAX))
			rc = muster_error_set(err, MUSTER_EINVAL,
					      _("fair weight: expected a number 0 .. %.0f, got %g"),
					      MUSTER_FAIR_WEIGHT_MAX, w[i]);
	}
	qsort(w, nr, sizeof(*w), cmp_double);
	for (size_t i = 0; rc == 0 && i < nr; i++)
		if (i == 0 || w[i] != w[i - 1])
			rc = add_point(sc, o, so, w[i], out, err);
	if (rc == 0)
		rc = add_point(sc, o, so, INFINITY, out, err);
	free(w);
	return rc;
}

void muster_tradeoff_release(struct muster_tradeoff *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->points.nr; i++) {
		muster_run_release(&t->points.items[i].run);
		muster_fairshare_release(&t->points.items[i].fs);
	}
	ARRAY_RELEASE(t->points);
	memset(t, 0, sizeof(*t));
}
