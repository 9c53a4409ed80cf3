/*
 * source_fair.h: the fair-share term of sourcing (`muster source
 * --fair-weight W`), called by the sourcing entry point (source.c).
 *
 * Penalty, subtracted from the objective: W x scale x sum over (mission m,
 * nation i) of |s_i - share_i x S_m|, where s_i is the person-days nation i
 * sources for m, S_m all person-days sourced for m, share_i its fair share
 * by the key among the nations that have allowed pairs in m and a value for
 * the key (others stay out of the term, and out of S_m), and scale the model's average objective
 * value per person-day of demand, so that W = 1 prices one person-day off the fair share like one
 * average person-day filled. |s_i - share_i S_m| = S_m share_i |burden_i - 1|.
 */
#ifndef MUSTER_SOURCE_FAIR_H
#define MUSTER_SOURCE_FAIR_H

#include "source.h"

struct source_fair_group {
	uint32_t mission;   /* index into missions */
	const char *nation; /* borrowed from the scenario */
	double share;	    /* fraction 0 .. 1 of the counted groups of its mission */
	bool counted;	    /* the nation has a value for the key: in the term */
};

struct source_fair {
	double penalty;	       /* W x scale: cost of one person-day of deviation */
	const char **missions; /* borrowed codes, nmissions */
	size_t nmissions;
	MUSTER_ARRAY(struct source_fair_group) groups;
	uint32_t *mg;	      /* groups by mission: mission k's are */
	size_t *mg_start;     /* mg[mg_start[k] .. mg_start[k + 1]) */
	uint32_t *pair_group; /* per pair: its (mission, nation) group */
	double *pair_pd;      /* per pair: person-days per unit */
};

/* Fair shares for every mission the model's pairs serve (key: opts.fair_key,
 * "gdp" when NULL; participants: the nations offering). Errors as
 * muster_fairshare_targets. Release with source_fair_release. */
int source_fair_prepare(const struct source_model *m, struct source_fair *f,
			struct muster_error *err);
void source_fair_release(struct source_fair *f);

/* The penalty of a solution x (units per pair). */
double source_fair_cost(const struct source_model *m, const struct source_fair *f, const long *x);

/* For source_exact_solve_ext: adds the columns S_m, s_i, d_i and the rows
 * defining them (ctx: the struct source_fair). */
int source_fair_exact_add(void *glp_prob, const struct source_model *m, void *ctx,
			  struct muster_error *err);

/* For the fast solver: per-pair values adjusted by the penalty's subgradient
 * at x (damped into grad[], np entries, kept between calls), into value[]. */
void source_fair_adjust(const struct source_model *m, const struct source_fair *f, const long *x,
			double *grad, double *value);

/*
 * Solve m (opts.fair_weight > 0) with the fairness term: the exact MILP with
 * the linearised penalty, or the fast solver re-run on values adjusted by
 * the penalty's subgradient, keeping the best penalised objective. The
 * solution's objective is penalised; its bound stays valid (the penalty is
 * >= 0, so the unpenalised bound bounds it).
 */
int source_fair_solve(const struct source_model *m, struct source_solution *sol,
		      struct muster_error *err);

#endif
