/*
 * source.h: the sourcing model (DESIGN.md section 4, contract) shared by the
 * exact (GLPK) and the fast solver, the LP writer, gap explanation and tests.
 *
 * The model is a packing integer program over "pairs" (offer o, line r): x_p
 * whole units of o assigned to r over the pair's interval I(o,r). Time is cut
 * into segments between consecutive dates at which anything starts or ends;
 * every constraint of the contract becomes one row per segment:
 *
 *     maximise  sum_p value_p x_p
 *     s.t.      sum_{p in row} coef_p x_p <= rhs_row   for every row
 *               0 <= x_p <= ub_p, x_p integer
 *
 * with all coefficients positive (units for line and offer rows, people for
 * cap and ceiling rows). Rows whose entries cannot exceed the rhs even at
 * their upper bounds are dropped when the model is built, and so is a row
 * dominated by its neighbour in time (fewer pairs, rhs as large). The same
 * constraints are kept in compact form as resources (struct source_resource).
 *
 * changed (additive only): SOURCE_ROW_CEILING_NONE (a mission's time that
 * no counting phase covers, ceiling 0); source_model.in_scope and horizon;
 * source_pair.nation/location ids; source_exact_solve_ext, source_gaps,
 * source_model_segment, source_weight; struct source_resource,
 * model.resources/members/res_rhs, opts.no_rows (rows are unchanged: every
 * pair's ub is now tightened by every segment of every constraint, and rows
 * are emitted only where they can bind), source_demand_bound;
 * SOURCE_ROW_BUDGET, model.budget_first/budget_members/budget_held/warnings,
 * source_budget_coef (issue 15: budgets.csv as a constraint).
 * source_solution_release is defined
 * in source_model.c.
 */
#ifndef MUSTER_SOURCE_H
#define MUSTER_SOURCE_H

#include "muster.h"

#include <stdbool.h>
#include <stdint.h>

struct source_pair {
	uint32_t offer;		 /* index into sc->offers.items */
	uint32_t line;		 /* index into sc->requirements.items */
	int32_t from, to;	 /* J, [from, to): I(o,r) or a part cut at boundary dates */
	uint32_t seg_lo, seg_hi; /* the segments it covers, [seg_lo, seg_hi) */
	long ub;		 /* min(o.units, r.units), tightened by every constraint */
	long people;		 /* o.personnel: people per unit */
	double value;		 /* objective per unit: min(o, r personnel) x days x w x m */
	double fill;		 /* the same without m (fill % numerator per unit) */
	bool substitute;	 /* o fills r as a substitute (m x 0.75) */
	bool soft;		 /* o breaks a soft caveat on r (m x 0.5) */
	bool piece;		 /* one of several pieces partitioning I(o,r): adjacent
				    pieces with the same units are one assignment */
	uint32_t nation;	 /* interned id of o.nation (model-local) */
	uint32_t location;	 /* interned id of r's location (model-local) */
};

enum source_row_kind {
	SOURCE_ROW_LINE = 0, /* ref: line index; units */
	SOURCE_ROW_OFFER,    /* ref: offer index; units */
	SOURCE_ROW_CAP,	     /* ref: cap index; people */
	SOURCE_ROW_CEILING,  /* ref: phase index (or mission index when no phase covers); people */
	SOURCE_ROW_CEILING_NONE, /* ref: mission index, a time no counting phase covers; people */
	SOURCE_ROW_BUDGET,	 /* ref: budget index; money paid by its nation within it (seg 0:
				    one row over all the budget's days, see source_budget.c) */
};

struct source_row {
	enum source_row_kind kind;
	uint32_t ref;
	uint32_t seg;	 /* the segment this row holds for */
	double rhs;	 /* capacity left (>= 0) after counted deployments */
	size_t first, n; /* its entries: m->entries.items[first .. first + n) */
};

struct source_entry {
	uint32_t pair;
	double coef; /* > 0 */
};

/*
 * A resource: one constraint (a line, an offer, a cap, a mission's phase or
 * a time no counting phase covers) in compact form, over its segments:
 *     for every s in [s_lo, s_hi):  sum over members p active at s
 *                                   (seg_lo <= s < seg_hi) of coef_p x_p <= rhs(s)
 * Rows are resources expanded per segment (only where they can bind, without
 * dominated neighbours). Members are every pair the constraint counts whose
 * interval meets the range; a solver for very large instances may read
 * resources (with prefix sums over segments) and set opts.no_rows.
 */
struct source_resource {
	enum source_row_kind kind;
	uint32_t ref;	     /* as for rows */
	uint32_t s_lo, s_hi; /* the segments it holds for */
	size_t first, n;     /* members: m->members.items[first .. first + n) */
	size_t rhs_first;    /* rhs(s) = m->res_rhs.items[rhs_first + s - s_lo], or */
	double rhs_const;    /* rhs_const for every s when rhs_first == SIZE_MAX */
};

struct source_opts {
	const char *mission;  /* NULL: every mission */
	bool exact;	      /* GLPK MILP instead of the fast solver */
	double time_limit;    /* processor seconds, > 0: the solver's share */
	double deadline;      /* cpu_seconds() by which model and solve end; 0: none */
	double hard_deadline; /* and past which explaining gaps gives up; 0: none */
	bool with_requested;  /* requested phases count as approved */
	double fair_weight;   /* 0: off */
	const char *fair_key; /* key for fair shares when fair is NULL */
	/* fair shares and the fair cap: as in muster_source_opts */
	const struct muster_fair_opts *fair;
	bool fair_cap;
	const char *write_lp;	/* write the model as CPLEX LP here, or NULL */
	bool no_rows;		/* build resources only, not rows (see source_resource) */
	struct muster_ctx *ctx; /* cancellation and progress (borrowed), or NULL */
};

struct source_model {
	const struct muster_scenario *sc; /* borrowed */
	struct source_opts opts;
	int32_t *bounds; /* nseg + 1 sorted dates */
	size_t nseg;	 /* segment s = [bounds[s], bounds[s+1]) */
	MUSTER_ARRAY(struct source_pair) pairs;
	MUSTER_ARRAY(struct source_row) rows;
	MUSTER_ARRAY(struct source_entry) entries;
	double total_demand; /* fill % denominator */
	MUSTER_ARRAY(struct source_resource) resources;
	MUSTER_ARRAY(struct source_entry) members; /* of resources */
	MUSTER_ARRAY(double) res_rhs;		   /* per-segment rhs of resources */
	bool *in_scope;				   /* per requirement index: the line is in scope */
	int32_t horizon_from, horizon_to;	   /* [min line from, max line to) in scope */
	/*
	 * Budgets (budgets.csv, source_budget.c): for budget b, what one unit of
	 * each pair adds to its nation's paid cost within it, at
	 * budget_members.items[budget_first[b] .. budget_first[b + 1]) (coef > 0);
	 * budget_held[b] false: the budget cannot be priced and is not held
	 * (a warning says so). NULL when the scenario has no budgets.
	 */
	size_t *budget_first;
	MUSTER_ARRAY(struct source_entry) budget_members;
	bool *budget_held;
	struct muster_strlist warnings; /* for people: what the run does not hold */
};

struct source_solution {
	long *x;	  /* units per pair, m->pairs.nr entries, owned */
	double objective; /* sum value_p x_p */
	double bound;	  /* a valid upper bound on the optimum */
	bool optimal;	  /* proven optimal */
};

/* Build the model for `sc` (borrowed for the model's lifetime). */
int source_model_build(struct source_model *m, const struct muster_scenario *sc,
		       const struct source_opts *opts, struct muster_error *err);
void source_model_release(struct source_model *m);
void source_solution_release(struct source_solution *sol);

/* Solvers fill `sol` (zeroed by the caller); both honour m->opts.ctx's cancel flag. */
int source_exact_solve(const struct source_model *m, struct source_solution *sol,
		       struct muster_error *err);
int source_fast_solve(const struct source_model *m, struct source_solution *sol,
		      struct muster_error *err);

/*
 * The exact solver with an extension hook: `add` is called with the GLPK
 * problem (a glp_prob *, columns 1..pairs.nr already added with the model's
 * objective, rows added) before solving, so that e.g. a fair-share penalty can
 * add its own columns and rows. The solution's objective is GLPK's objective
 * value (extension terms included). ext may be NULL.
 */
struct source_exact_ext {
	int (*add)(void *glp_prob, const struct source_model *m, void *ctx,
		   struct muster_error *err);
	void *ctx;
};
int source_exact_solve_ext(const struct source_model *m, const struct source_exact_ext *ext,
			   struct source_solution *sol, struct muster_error *err);

/*
 * MUSTER_ETIME with a message when `deadline` (cpu_seconds(); 0: none) has
 * passed during `what` ("building the model"), else 0.
 */
int source_past_deadline(double deadline, const char *what, struct muster_error *err);

/* Segment index of date d: the s with bounds[s] <= d < bounds[s+1] (clamped). */
uint32_t source_model_segment(const struct source_model *m, int32_t d);
/*
 * A valid upper bound on the optimum that needs no LP: per line in scope,
 * min(its demand r.units x r.personnel x days(r) x w, sum of value x ub of
 * its pairs) (a line never holds more than its units, and m <= 1).
 */
double source_demand_bound(const struct source_model *m);

/* rhs(s) of a resource, s in [r->s_lo, r->s_hi). */
double source_resource_rhs(const struct source_model *m, const struct source_resource *r,
			   uint32_t s);
/* w(priority) = 4^(5-p). */
double source_weight(int priority);
/*
 * Whether caveat c (a list kind) forbids line r located at loc (NULL when
 * unknown); max-days never breaks, it cuts the interval. Hard or soft is the
 * caller's concern.
 */
bool source_caveat_breaks(const struct muster_caveat *c, const struct muster_requirement *r,
			  const char *loc);

/*
 * Explain every shortfall of `sol` (see source_gaps.c for the reasons and
 * their order): appends one gap per line in scope and maximal period with
 * the same shortfall, reason and detail to run->gaps. MUSTER_EINTR only.
 */
int source_gaps(const struct source_model *m, const struct source_solution *sol,
		struct muster_run *run, struct muster_error *err);

/*
 * Budgets (source_budget.c). source_budget_coef: what one unit of offer oi
 * on line ri over [from, to) adds to budget b's nation's paid cost within
 * the budget (muster_budget_paid on a one-unit assignment: cost.c is the one
 * definition of cost); *priced false when no rate of any basis prices it.
 * Errors as muster_budget_paid. source_budget_members fills the model's
 * budget members and tightens the pairs' ub by each budget alone;
 * source_budget_rows appends one row per budget that can bind. Both are
 * called by source_model_build.
 */
int source_budget_coef(const struct muster_scenario *sc, size_t b, uint32_t oi, uint32_t ri,
		       int32_t from, int32_t to, double *coef, bool *priced,
		       struct muster_error *err);
void source_budget_members(struct source_model *m);
int source_budget_rows(struct source_model *m, size_t max_entries, struct muster_error *err);

/*
 * Drop the least valuable units of row r's pairs from x until the row's use
 * is at most `limit` (its rhs, or the rhs plus a tolerance): the solvers'
 * last safety net (source_budget.c).
 */
void source_row_hold(const struct source_model *m, const struct source_row *r, long *x,
		     long double limit);

/* The model in CPLEX LP format. */
int source_write_lp(const struct source_model *m, const char *path, struct muster_error *err);

#endif
