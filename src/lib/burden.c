/*
 * burden.c: each nation's burden against what it has deployed (issue 14):
 * the people it has abroad (its deployments outside its own country, plus a
 * sourcing run's assignments there), per million inhabitants, per billion
 * US$ of GDP, and its share of all of them against its share of a key.
 *
 * The people come from the posture (muster_posture_compute by nation, abroad
 * only), on one date or as the day-weighted mean over a period
 * (muster_posture_compute_stat). Population and GDP are the built-in World
 * Bank tables of one year; a nation without a value there has "not known"
 * (< 0 / NAN), never 0.
 */
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int year_of(int32_t day)
{
	int y, m, d;
	muster_date_to_ymd(day, &y, &m, &d);
	return y;
}

int muster_burden_compute(const struct muster_scenario *sc, const struct muster_run *run,
			  const struct muster_burden_opts *opts, struct muster_burden *out,
			  struct muster_error *err)
{
	struct muster_posture p = {0};
	struct muster_posture_opts po = opts->posture;
	int rc;
	memset(out, 0, sizeof(*out));
	po.by = MUSTER_POSTURE_BY_NATION;
	po.nthen = 0;
	po.abroad_only = true;
	if (opts->key) { /* an unknown key fails before anything is computed */
		double v;
		if ((rc = muster_key_lookup(sc, opts->key, "USA", &v, err)) < 0)
			return rc;
	}
	if (opts->to == MUSTER_DATE_NONE)
		rc = muster_posture_compute(sc, run, &po, &opts->from, 1, &p, err);
	else
		rc = muster_posture_compute_stat(sc, run, &po, &opts->from, 1, opts->to,
						 MUSTER_STAT_MEAN, &p, err);
	if (rc < 0)
		return rc;
	int year = opts->year ? opts->year : year_of(opts->from);
	out->pop_year =
	    year < muster_reference_population_year() ? year : muster_reference_population_year();
	out->gdp_year = year < muster_reference_gdp_year() ? year : muster_reference_gdp_year();
	out->overlaps = p.noverlaps;
	out->rows = xcalloc(p.ngroups ? p.ngroups : 1, sizeof(*out->rows));
	double key_sum = 0;
	for (size_t g = 0; g < p.ngroups; g++) {
		long people = p.cells[g].personnel;
		if (!people)
			continue;
		struct muster_burden_row *r = &out->rows[out->nr++];
		r->nation = xstrdup(p.groups[g]);
		r->personnel = people;
		r->population = muster_reference_population(r->nation, out->pop_year);
		r->per_million = r->population > 0 ? people / (r->population / 1e6) : NAN;
		r->gdp_usd = muster_reference_gdp(r->nation, out->gdp_year);
		r->per_billion = r->gdp_usd > 0 ? people / (r->gdp_usd / 1e9) : NAN;
		r->key = -1;
		if (opts->key)
			(void)muster_key_lookup(sc, opts->key, r->nation, &r->key, NULL);
		key_sum += r->key > 0 ? r->key : 0;
		out->total += people;
	}
	for (size_t i = 0; i < out->nr; i++) {
		struct muster_burden_row *r = &out->rows[i];
		r->personnel_share = out->total ? 100.0 * r->personnel / out->total : NAN;
		r->key_share = r->key >= 0 && key_sum > 0 ? 100.0 * r->key / key_sum : NAN;
		r->index = !isnan(r->key_share) && r->key_share > 0
			       ? r->personnel_share / r->key_share
			       : NAN;
	}
	muster_posture_release(&p);
	return 0;
}

void muster_burden_release(struct muster_burden *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->nr; i++)
		free(b->rows[i].nation);
	free(b->rows);
	memset(b, 0, sizeof(*b));
}
