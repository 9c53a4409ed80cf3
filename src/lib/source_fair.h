/*
 * source_fair.h: the fair-share term of sourcing (`muster source
 * --fair-weight W`, `muster fairshare --tradeoff`), called by the sourcing
 * entry point (source.c) and the LP writer (source_lp.c).
 *
 * The measure (include/muster.h, MUSTER_FAIR_PRICE): the excess E, the sum
 * over (mission m, participant i) of max(0, s_mi - T_mi), where s_mi is the
 * person-days nation i sources for m (people sent x days) and T_mi its fair
 * person-days, share_mi x the person-days m's lines demand, from
 * muster_fairshare_targets: the very figures `muster fairshare` reports as
 * fair_days and excess_days, so the number penalised is the number shown.
 * The objective is value - W x MUSTER_FAIR_PRICE x E; with cap, E = 0 is a
 * constraint. E >= 0 and E = 0 when nothing is sourced, so the penalised
 * optimum is >= 0 and every bound of the plain model bounds it.
 */
#ifndef MUSTER_SOURCE_FAIR_H
#define MUSTER_SOURCE_FAIR_H

#include "source.h"

struct source_fair_group {
	uint32_t mission;   /* index into missions */
	const char *nation; /* borrowed from the scenario */
	double target;	    /* T: fair person-days, when counted */
	bool counted;	    /* a participant of its mission's fair shares: in the term */
};

struct source_fair {
	double penalty;	       /* W x MUSTER_FAIR_PRICE: cost of a person-day of excess */
	bool cap;	       /* excess held at 0 instead (penalty unused) */
	const char **missions; /* borrowed codes, nmissions */
	size_t nmissions;
	MUSTER_ARRAY(struct source_fair_group) groups;
	uint32_t *pair_group; /* per pair: its (mission, nation) group */
	double *pair_pd;      /* per pair: person-days per unit (o.personnel x days) */
	size_t *gstart;	      /* pairs by group: group g's are */
	uint32_t *gpairs;     /* gpairs[gstart[g] .. gstart[g + 1]) */
};

/* The term for the model's pairs: groups, their participants and fair
 * person-days (from m->opts.fair, else key m->opts.fair_key or "gdp" among
 * the nations offering). Errors as muster_fairshare_targets. Release with
 * source_fair_release (also after failure). */
int source_fair_prepare(const struct source_model *m, struct source_fair *f,
			struct muster_error *err);
void source_fair_release(struct source_fair *f);

/* The excess E of a solution x (units per pair), in person-days. */
double source_fair_excess(const struct source_model *m, const struct source_fair *f, const long *x);

/* For source_exact_solve_ext: adds per counted group a column e >= 0 priced
 * -penalty and the row e - s >= -T (with cap: the row s <= T instead); ctx:
 * the struct source_fair. */
int source_fair_exact_add(void *glp_prob, const struct source_model *m, void *ctx,
			  struct muster_error *err);

/*
 * Solve m with the fair-share term (m->opts.fair_weight > 0 or
 * m->opts.fair_cap): the exact MILP with the linearised term, or the fast
 * solver re-run on Lagrangian-adjusted values. sol's objective is value -
 * penalty x E (recomputed from x), its bound a valid bound of that
 * objective; *excess gets E.
 */
int source_fair_solve(const struct source_model *m, struct source_solution *sol, double *excess,
		      struct muster_error *err);

#endif
