/*
 * report.h: what the report files share (report.c gathers the numbers and
 * writes the HTML page, report_svg.c draws the charts, worldmap.c the map).
 */
#ifndef MUSTER_REPORT_H
#define MUSTER_REPORT_H

#include "muster.h"
#include "util.h"

/* One line of a headroom panel: a cap, or a mission's ceilings. */
struct report_limit {
	char *label;   /* "USA in IRQ", "NMI ceiling" */
	long *counted; /* ndates: people counted on each sample date */
	long *limit;   /* ndates: the limit on each date, -1 where none holds */
	bool deadline; /* a cap of 0 */
};

/* Everything a report shows, computed once. */
struct report_data {
	const struct muster_scenario *sc;
	const struct muster_run *run;
	struct muster_report_opts opts; /* resolved: on, from, to, top set */
	int32_t *dates;			/* the series' sample dates */
	size_t ndates;
	const char *step;			     /* "day", "week", "month", "year" */
	struct muster_posture series;		     /* by nation or region on dates */
	struct muster_posture on_nation, on_country; /* on opts.on */
	struct muster_posture on_mission;	     /* on opts.on, by mission */
	double *ref_muster; /* opts.reference->n: muster's total on each reference date */
	struct muster_breach_list breaches;
	struct report_limit *limits;
	size_t nlimits;
	/* the stacked layers: top groups then "other", indices into series.groups */
	size_t *layer_group; /* nlayers - (has_other ? 1 : 0) entries */
	size_t nlayers;
	bool has_other;
};

int report_data_init(struct report_data *rd, const struct muster_scenario *sc,
		     const struct muster_run *run, const struct muster_report_opts *opts,
		     struct muster_error *err);
void report_data_release(struct report_data *rd);
/*
 * The fair shares of `mission` (its top phase ceiling among the nations
 * offering, by opts.fair_key) against the report's sourcing run, from
 * muster_fairshare_compute; release *fs also after failure.
 */
int report_fair_compute(const struct report_data *rd, const char *mission,
			struct muster_fairshare *fs, struct muster_error *err);
/* The missions with requirement lines in the run (borrowed names; free the array). */
const char **report_fair_missions(const struct report_data *rd, size_t *n);
/* The sheet "contributions vs fair share" (empty), and the rows of fs in it. */
struct muster_table *report_fair_table_new(struct muster_report_tables *out);
void report_fair_rows(struct muster_table *t, const struct muster_fairshare *fs);
/* The value of layer k on sample date d. */
long report_layer_value(const struct report_data *rd, size_t k, size_t d);
/* The name of layer k (borrowed). */
const char *report_layer_name(const struct report_data *rd, size_t k);
/* A categorical colour for layer k (static "#rrggbb"). */
const char *report_color(size_t k);

/* Append a standalone SVG document (xmlns) to sb. */
void report_svg_area(struct strbuf *sb, const struct report_data *rd);
void report_svg_headroom(struct strbuf *sb, const struct report_data *rd);
void worldmap_svg(struct strbuf *sb, const struct report_data *rd);

/* report_more.c: the mission bars, the reference chart, force generation. */
int report_reference(struct report_data *rd, struct muster_error *err);
void report_svg_missions(struct strbuf *sb, const struct report_data *rd);
void report_html_missions(struct strbuf *sb, const struct report_data *rd);
void report_html_reference(struct strbuf *sb, const struct report_data *rd);
void report_svg_reference(struct strbuf *sb, const struct report_data *rd);
void report_html_force(struct strbuf *sb, const struct report_data *rd);
/* "7 days", "month", "3 months": `stride` sample steps of the series in words (static). */
const char *report_step_words(const struct report_data *rd, size_t stride);

/* Append the report's tables (report_tables.c) to out. */
int report_tables_add(struct muster_report_tables *out, const struct report_data *rd,
		      struct muster_error *err);

/* The cost panel (report_cost.c): nothing without a run or cost rates. */
void report_html_cost(struct strbuf *sb, const struct report_data *rd);

/*
 * Budget b's verdict for the report (report_cost.c): "within", "over" or
 * "not verified" (English, as in the workbook; the page translates it), and
 * the nation's paid cost in *paid with *known true when it could be costed.
 */
const char *report_budget_verdict(const struct report_data *rd, const struct muster_budget *b,
				  double *paid, bool *known);

/* Thousands separators: 12,345 (buf of at least 32). */
void report_fmt_num(long v, char buf[static 32]);

#endif
