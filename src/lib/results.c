/*
 * results.c: the rows of every result type (struct muster_table), filled
 * once for every front end: the CLI prints them as text, CSV or JSON, the
 * server sends them as JSON (json.c). Also the run summary of `muster
 * source` and the trade-off's measures.
 */
#include "util.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- sourcing runs --------------------------------------------------------- */

void muster_table_assignments(const struct muster_run *run, struct muster_table *t)
{
	static const char *const head[] = {
	    "mission", "line", "offer",	     "nation",	   "units",	   "personnel",
	    "from",    "to",   "capability", "substitute", "soft_caveats", "person_days"};
	muster_table_init(t, ARRAY_SIZE(head), head);
	muster_table_numeric(t, 4);
	muster_table_numeric(t, 5);
	muster_table_numeric(t, 11);
	for (size_t i = 0; i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		char from[11], to[11], units[24], people[24], pd[24];
		muster_date_format(a->from, from);
		muster_date_format(a->to, to);
		snprintf(units, sizeof(units), "%ld", a->units);
		snprintf(people, sizeof(people), "%ld", a->personnel);
		snprintf(pd, sizeof(pd), "%lld", (long long)a->person_days);
		const char *row[] = {
		    a->mission,	     a->line, a->offer, a->nation,     units,
		    people,	     from,    to,	a->capability, a->substitute ? "yes" : "no",
		    a->soft_caveats, pd};
		muster_table_add(t, row);
	}
}

void muster_table_gaps(const struct muster_run *run, struct muster_table *t)
{
	static const char *const head[] = {"mission", "line",	       "from",
					   "to",      "missing_units", "missing_personnel",
					   "reason",  "detail",	       "detail_hidden"};
	bool hidden = false; /* only a view hides details: the CLI's columns stay as they are */
	for (size_t i = 0; i < run->gaps.nr; i++)
		hidden |= run->gaps.items[i].detail_hidden;
	muster_table_init(t, ARRAY_SIZE(head) - !hidden, head);
	muster_table_numeric(t, 4);
	muster_table_numeric(t, 5);
	for (size_t i = 0; i < run->gaps.nr; i++) {
		const struct muster_gap *g = &run->gaps.items[i];
		char from[11], to[11], miss[24], people[24] = "";
		muster_date_format(g->from, from);
		muster_date_format(g->to, to);
		snprintf(miss, sizeof(miss), "%ld", g->missing_units);
		if (g->missing_personnel >= 0) /* empty: not recorded (an older run) */
			snprintf(people, sizeof(people), "%ld", g->missing_personnel);
		const char *row[] = {g->mission,
				     g->line,
				     from,
				     to,
				     miss,
				     people,
				     muster_gap_reason_name(g->reason),
				     g->detail,
				     g->detail_hidden ? "yes" : NULL};
		muster_table_add(t, row);
	}
}

void muster_table_line_totals(const struct muster_line_totals *lt, struct muster_table *t)
{
	static const char *const head[] = {"mission", "line",	   "capability",
					   "units",   "personnel", "person_days",
					   "from",    "to",	   "rows"};
	muster_table_init(t, ARRAY_SIZE(head), head);
	for (size_t c = 3; c <= 5; c++)
		muster_table_numeric(t, c);
	muster_table_numeric(t, 8);
	for (size_t i = 0; i < lt->totals.nr; i++) {
		const struct muster_line_total *x = &lt->totals.items[i];
		char from[11], to[11], units[24], people[24], pd[24], rows[24];
		muster_date_format(x->from, from);
		muster_date_format(x->to, to);
		snprintf(units, sizeof(units), "%ld", x->units);
		snprintf(people, sizeof(people), "%ld", x->personnel);
		snprintf(pd, sizeof(pd), "%lld", (long long)x->person_days);
		snprintf(rows, sizeof(rows), "%zu", x->rows);
		const char *row[] = {x->mission, x->line, x->capability, units, people, pd,
				     from,	 to,	  rows};
		muster_table_add(t, row);
	}
}

static int cmp_requirement(const void *a, const void *b)
{
	const struct muster_requirement *x = *(const struct muster_requirement *const *)a;
	const struct muster_requirement *y = *(const struct muster_requirement *const *)b;
	int c = strcmp(x->mission, y->mission);
	return c ? c : strcmp(x->line, y->line);
}

static void tally_priority(const struct muster_scenario *sc, const struct muster_run *run,
			   struct muster_priority_fill bp[6])
{
	/* lines sorted by identity: a run can hold tens of thousands of assignments */
	const struct muster_requirement **by_id =
	    xmalloc((sc->requirements.nr + 1) * sizeof(*by_id));
	for (size_t i = 0; i < sc->requirements.nr; i++)
		by_id[i] = &sc->requirements.items[i];
	qsort(by_id, sc->requirements.nr, sizeof(*by_id), cmp_requirement);
	memset(bp, 0, 6 * sizeof(*bp));
	for (size_t i = 0; i < sc->requirements.nr; i++) {
		const struct muster_requirement *r = &sc->requirements.items[i];
		if ((run->mission && strcmp(run->mission, r->mission)) || r->priority < 1 ||
		    r->priority > 5 || r->to <= r->from)
			continue;
		bp[r->priority].lines++;
		bp[r->priority].required +=
		    (double)r->units * (double)r->personnel * (double)(r->to - r->from);
	}
	for (size_t i = 0; i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		const struct muster_requirement key = {.mission = a->mission, .line = a->line};
		const struct muster_requirement *kp = &key;
		const struct muster_requirement **hit =
		    bsearch(&kp, by_id, sc->requirements.nr, sizeof(*by_id), cmp_requirement);
		const struct muster_requirement *r = hit ? *hit : NULL;
		if (!r || r->priority < 1 || r->priority > 5)
			continue;
		/* credit min(o.personnel, r.personnel) per unit (DESIGN.md section 4) */
		long credit = a->units * r->personnel;
		if (a->personnel < credit)
			credit = a->personnel;
		bp[r->priority].filled += (double)credit * (double)(a->to - a->from);
	}
	free(by_id);
}

static int cmp_nation(const void *a, const void *b)
{
	return strcmp(((const struct muster_nation_tally *)a)->nation,
		      ((const struct muster_nation_tally *)b)->nation);
}

struct event {
	int32_t day;
	long delta; /* + at from, - at to */
};

static int cmp_event(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (x->delta > y->delta) - (x->delta < y->delta); /* ends first: [from, to) */
}

/* The most people `nation` has assigned at once: a sweep over start and end days. */
static long peak_personnel(const struct muster_run *run, const char *nation)
{
	struct event *ev = xmalloc((2 * run->assignments.nr + 1) * sizeof(*ev));
	size_t n = 0;
	long at = 0, best = 0;
	for (size_t i = 0; i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		if (strcmp(a->nation, nation))
			continue;
		ev[n++] = (struct event){a->from, a->personnel};
		ev[n++] = (struct event){a->to, -a->personnel};
	}
	qsort(ev, n, sizeof(*ev), cmp_event);
	for (size_t i = 0; i < n; i++) {
		at += ev[i].delta;
		if (at > best)
			best = at;
	}
	free(ev);
	return best;
}

static void tally_nation(const struct muster_run *run, struct muster_run_summary *s)
{
	ARRAY_GROW(s->by_nation, run->assignments.nr + 1);
	size_t n = 0;
	struct muster_nation_tally *bn = s->by_nation.items;
	memset(bn, 0, (run->assignments.nr + 1) * sizeof(*bn));
	for (size_t i = 0; i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		size_t k = 0;
		while (k < n && strcmp(bn[k].nation, a->nation))
			k++;
		if (k == n)
			bn[n++].nation = a->nation;
		bn[k].assignments++;
		bn[k].units += a->units;
		bn[k].person_days += (double)a->personnel * (double)(a->to - a->from);
	}
	qsort(bn, n, sizeof(*bn), cmp_nation);
	for (size_t k = 0; k < n; k++)
		bn[k].peak = peak_personnel(run, bn[k].nation);
	s->by_nation.nr = n;
}

void muster_run_summarize(const struct muster_scenario *sc, const struct muster_run *run,
			  struct muster_run_summary *out)
{
	memset(out, 0, sizeof(*out));
	tally_priority(sc, run, out->by_priority);
	tally_nation(run, out);
	for (size_t i = 0; i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		struct muster_strlist ids = {0};
		out->substitutes += a->substitute;
		if (!a->soft_caveats)
			continue;
		out->soft++;
		muster_strlist_split(&ids, a->soft_caveats, ';');
		for (size_t k = 0; k < ids.nr; k++)
			if (!muster_strlist_has(&out->overridden, ids.items[k]))
				muster_strlist_push(&out->overridden, ids.items[k]);
		muster_strlist_release(&ids);
	}
}

void muster_run_summary_release(struct muster_run_summary *s)
{
	if (!s)
		return;
	ARRAY_RELEASE(s->by_nation);
	muster_strlist_release(&s->overridden);
	memset(s, 0, sizeof(*s));
}

void muster_table_runs(struct muster_table *t)
{
	static const char *const head[] = {"id",       "created",   "scenario",	   "mission",
					   "solver",   "requested", "fair_weight", "objective",
					   "bound",    "gap_pct",   "fill_pct",	   "seconds",
					   "revision", "stale",	    "stale_by"};
	static const size_t numeric[] = {0, 6, 7, 8, 9, 10, 11, 12, 14};
	muster_table_init(t, ARRAY_SIZE(head), head);
	for (size_t i = 0; i < ARRAY_SIZE(numeric); i++)
		muster_table_numeric(t, numeric[i]);
}

void muster_table_runs_add(struct muster_table *t, const struct muster_run *r, bool stale,
			   int64_t stale_by)
{
	muster_table_addf(
	    t,
	    "%" PRId64 "\t%s\t%s\t%s\t%s\t%s\t%g\t%.0f\t%.0f\t%.2f\t%.2f\t%.2f\t%" PRId64
	    "\t%s\t%" PRId64,
	    r->id, r->created ? r->created : "", r->whatif ? r->whatif : "base",
	    r->mission ? r->mission : "all", r->solver ? r->solver : "",
	    r->with_requested ? "yes" : "no", r->fair_weight, r->objective, r->bound, 100 * r->gap,
	    r->fill, r->seconds, r->revision, stale ? "yes" : "no", stale ? stale_by : 0);
}

/* ---- fair share ---------------------------------------------------------------- */

/* A number as text: whole numbers without decimals, others with `prec`. */
static void add_num(struct strbuf *sb, double v, int prec, bool known, const char *unknown)
{
	if (!known || isnan(v))
		strbuf_addstr(sb, unknown);
	else if (prec == 0)
		strbuf_addf(sb, "%.0f", v);
	else
		strbuf_addf(sb, "%.*f", prec, v);
}

static const char *unknown_cell(enum muster_table_style st)
{
	return st == MUSTER_STYLE_TEXT ? "-" : "";
}

void muster_table_fairshare(const struct muster_fairshare *fs, enum muster_table_style st,
			    struct muster_table *t)
{
	static const char *const head[] = {
	    "nation",	    "key",	    "share_pct",   "fair",   "offered_peak", "offered_days",
	    "sourced_peak", "sourced_days", "sourced_pct", "burden", "fair_days",    "excess_days"};
	const char *unknown = unknown_cell(st);
	muster_table_init(t, ARRAY_SIZE(head), head);
	for (size_t c = 1; c < ARRAY_SIZE(head); c++)
		muster_table_numeric(t, c);
	for (size_t i = 0; i < fs->rows.nr; i++) {
		const struct muster_fair_row *r = &fs->rows.items[i];
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s\t", r->nation);
		if (r->key == floor(r->key) && fabs(r->key) < 1e15)
			strbuf_addf(&sb, "%.0f", r->key);
		else
			strbuf_addf(&sb, "%.6g", r->key);
		strbuf_addch(&sb, '\t');
		add_num(&sb, r->share, 2, true, unknown);
		strbuf_addf(&sb, "\t%ld\t", r->fair);
		add_num(&sb, (double)r->offered_peak, 0, r->offered_peak >= 0, unknown);
		strbuf_addch(&sb, '\t');
		add_num(&sb, r->offered_days, 0, r->offered_days >= 0, unknown);
		strbuf_addch(&sb, '\t');
		add_num(&sb, (double)r->sourced_peak, 0, r->sourced_peak >= 0, unknown);
		strbuf_addch(&sb, '\t');
		add_num(&sb, r->sourced_days, 0, r->sourced_days >= 0, unknown);
		strbuf_addch(&sb, '\t');
		add_num(&sb, r->sourced_share, 2, fs->has_run, unknown);
		strbuf_addch(&sb, '\t');
		add_num(&sb, r->burden, 2, fs->has_run, unknown);
		strbuf_addch(&sb, '\t');
		add_num(&sb, r->fair_days, 0, r->fair_days >= 0, unknown);
		strbuf_addch(&sb, '\t');
		add_num(&sb, r->excess_days, 0, fs->has_run, unknown);
		muster_table_addf(t, "%s", sb.buf);
		strbuf_release(&sb);
	}
}

/* "NAT" for each participant above its fair share, ';'-joined. */
static void over_list(const struct muster_fairshare *fs, struct strbuf *sb)
{
	for (size_t i = 0; i < fs->rows.nr; i++)
		if (fs->rows.items[i].excess_days > 0)
			strbuf_addf(sb, "%s%s", sb->len ? ";" : "", fs->rows.items[i].nation);
}

/* What moved since the previous point: "NAT +pd" per participant whose
 * sourced person-days changed, the largest change first. */
static void changes_list(const struct muster_fairshare *fs, const struct muster_fairshare *prev,
			 struct strbuf *sb)
{
	size_t n = fs->rows.nr;
	bool *done = xcalloc(n + 1, sizeof(*done));
	for (;;) {
		size_t best = n;
		double bd = 0;
		for (size_t i = 0; i < n && prev; i++) {
			double d =
			    fs->rows.items[i].sourced_days - prev->rows.items[i].sourced_days;
			if (!done[i] && fabs(d) > 0.5 && (best == n || fabs(d) > fabs(bd))) {
				best = i;
				bd = d;
			}
		}
		if (best == n)
			break;
		done[best] = true;
		strbuf_addf(sb, "%s%s %+.0f", sb->len ? ";" : "", fs->rows.items[best].nation, bd);
	}
	free(done);
}

/* One row per point: weight, fill, the excess (the measure penalised), who
 * is above its share, what changed, and the penalised objective's figures. */
static void tradeoff_row(const struct muster_tradeoff *tr, size_t k, enum muster_table_style st,
			 struct muster_table *t)
{
	const struct muster_tradeoff_point *pt = &tr->points.items[k];
	const struct muster_fairshare *fs = &pt->fs;
	struct strbuf sb = STRBUF_INIT, over = STRBUF_INIT, ch = STRBUF_INIT;
	const char *unknown = unknown_cell(st);
	over_list(fs, &over);
	changes_list(fs, k ? &tr->points.items[k - 1].fs : NULL, &ch);
	if (isinf(pt->weight))
		strbuf_addstr(&sb, st == MUSTER_STYLE_TEXT ? "cap" : "");
	else
		strbuf_addf(&sb, "%g", pt->weight);
	strbuf_addf(&sb, "\t%.2f\t%.0f\t", pt->run.fill, fs->excess_days);
	add_num(&sb, fs->demand_days > 0 ? 100 * fs->excess_days / fs->demand_days : NAN, 2, true,
		unknown);
	/* "none" is known; only the first point has no previous one to compare */
	strbuf_addf(&sb, "\t%s\t%s\t%.0f\t%.2f\t%.2f\t%s", over.len ? over.buf : "none",
		    ch.len ? ch.buf
		    : k	   ? "none"
			   : unknown,
		    pt->run.objective, 100 * pt->run.gap, pt->run.seconds,
		    isinf(pt->weight) ? "fully fair: no participant above its share"
		    : pt->weight == 0 ? "plain run"
				      : "");
	muster_table_addf(t, "%s", sb.buf);
	strbuf_release(&sb);
	strbuf_release(&over);
	strbuf_release(&ch);
}

void muster_table_tradeoff(const struct muster_tradeoff *tr, enum muster_table_style st,
			   struct muster_table *t)
{
	static const char *const th[] = {"weight",     "fill_pct", "excess_days", "excess_pct",
					 "over_share", "changes",  "objective",	  "gap_pct",
					 "seconds",    "note"};
	muster_table_init(t, ARRAY_SIZE(th), th);
	for (size_t c = 0; c < ARRAY_SIZE(th); c++)
		if (c != 4 && c != 5 && c != 9)
			muster_table_numeric(t, c);
	for (size_t k = 0; k < tr->points.nr; k++)
		tradeoff_row(tr, k, st, t);
}

/* ---- posture ---------------------------------------------------------------------- */

static const char *const value_head[] = {"personnel", "in_host",    "out_of_host",
					 "permanent", "rotational", "other"};

/* "\t<v>", as "\t%ld" writes it: a series has a row per date and group (issue 14: no printf). */
static void add_tab_long(struct strbuf *sb, long v)
{
	char buf[24], *e = buf + sizeof(buf), *q = e;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	do
		*--q = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--q = '-';
	*--q = '\t';
	strbuf_add(sb, q, (size_t)(e - q));
}

/* The values of a cell; `overlap` (a last column) only when sources overlap. */
static void add_values(struct strbuf *sb, const struct muster_posture_cell *c, bool overlap)
{
	add_tab_long(sb, c->personnel);
	add_tab_long(sb, c->in_host);
	add_tab_long(sb, c->out_of_host);
	add_tab_long(sb, c->permanent);
	add_tab_long(sb, c->rotational);
	add_tab_long(sb, c->other);
	if (overlap)
		add_tab_long(sb, c->overlap);
}

/* A row of tab-separated cells in `sb` (cut in place), as muster_table_addf(t, "%s", ...). */
static void add_tabbed(struct muster_table *t, struct strbuf *sb)
{
	const char *row[8 + MUSTER_POSTURE_MAX_BY + 1];
	if (t->ncols > ARRAY_SIZE(row)) {
		muster_table_addf(t, "%s", sb->buf);
		return;
	}
	split_tabs(sb->buf, row, t->ncols);
	muster_table_add(t, row);
}

static void sum_cell(struct muster_posture_cell *sum, const struct muster_posture_cell *c)
{
	sum->personnel += c->personnel;
	sum->in_host += c->in_host;
	sum->out_of_host += c->out_of_host;
	sum->permanent += c->permanent;
	sum->rotational += c->rotational;
	sum->other += c->other;
	sum->overlap += c->overlap;
}

/* The group columns' heads (one per grouping; group names are tab-joined); how many. */
static size_t group_heads(const struct muster_posture *p, const char **head)
{
	size_t n = p->nby ? p->nby : 1;
	for (size_t i = 0; i < n; i++)
		head[i] = muster_posture_by_name(p->nby ? p->bys[i] : p->by);
	return n;
}

/* "total" in the first group column, the others empty. */
static void add_total_label(struct strbuf *sb, const struct muster_posture *p)
{
	strbuf_addstr(sb, "total");
	for (size_t i = 1; i < p->nby; i++)
		strbuf_addch(sb, '\t');
}

/* Columns: [date,] the groups, the six values [, overlap]. */
static void table_values(struct muster_table *t, bool with_date, const struct muster_posture *p)
{
	const char *head[8 + MUSTER_POSTURE_MAX_BY];
	size_t n = 0;
	if (with_date)
		head[n++] = "date";
	n += group_heads(p, head + n);
	for (size_t i = 0; i < ARRAY_SIZE(value_head); i++)
		head[n++] = value_head[i];
	if (p->noverlaps)
		head[n++] = "overlap";
	muster_table_init(t, n, head);
	for (size_t i = n - ARRAY_SIZE(value_head) - (p->noverlaps ? 1 : 0); i < n; i++)
		muster_table_numeric(t, i);
}

static void posture_on(const struct muster_posture *p, enum muster_table_style st,
		       struct muster_table *t)
{
	struct muster_posture_cell sum = {0};
	bool ov = p->noverlaps > 0;
	struct strbuf sb = STRBUF_INIT;
	table_values(t, false, p);
	for (size_t g = 0; g < p->ngroups && p->ndates; g++) {
		const struct muster_posture_cell *c = &p->cells[g];
		if (!c->personnel)
			continue;
		strbuf_reset(&sb);
		strbuf_addstr(&sb, p->groups[g]);
		add_values(&sb, c, ov);
		muster_table_addf(t, "%s", sb.buf);
		sum_cell(&sum, c);
	}
	if (st == MUSTER_STYLE_TEXT && p->by != MUSTER_POSTURE_BY_TOTAL) {
		strbuf_reset(&sb);
		add_total_label(&sb, p);
		add_values(&sb, &sum, ov);
		muster_table_addf(t, "%s", sb.buf);
	}
	strbuf_release(&sb);
}

static void posture_series(const struct muster_posture *p, struct muster_table *t)
{
	struct strbuf sb = STRBUF_INIT;
	table_values(t, true, p);
	for (size_t d = 0; d < p->ndates; d++) {
		char day[11];
		muster_date_format(p->dates[d], day);
		for (size_t g = 0; g < p->ngroups; g++) {
			const struct muster_posture_cell *c = &p->cells[d * p->ngroups + g];
			if (!c->personnel)
				continue;
			strbuf_reset(&sb);
			strbuf_addstr(&sb, day);
			strbuf_addch(&sb, '\t');
			strbuf_addstr(&sb, p->groups[g]);
			add_values(&sb, c, p->noverlaps > 0);
			add_tabbed(t, &sb);
		}
	}
	strbuf_release(&sb);
}

void muster_table_posture(const struct muster_posture *p, bool series, enum muster_table_style st,
			  struct muster_table *t)
{
	if (series)
		posture_series(p, t);
	else
		posture_on(p, st, t);
}

/* A wide row's value: the figure, or the style's unknown where nothing is known. */
static void add_wide(struct strbuf *sb, bool known, long v, enum muster_table_style st)
{
	if (known)
		strbuf_addf(sb, "\t%ld", v);
	else
		strbuf_addf(sb, "\t%s", st == MUSTER_STYLE_TEXT ? "-" : "");
}

void muster_table_posture_wide(const struct muster_posture *p, const bool *known,
			       enum muster_table_style st, struct muster_table *t)
{
	const char **head = xmalloc((p->ndates + MUSTER_POSTURE_MAX_BY) * sizeof(*head));
	char(*days)[11] = xmalloc((p->ndates ? p->ndates : 1) * sizeof(*days));
	size_t ng = group_heads(p, head), nh = ng;
	for (size_t d = 0; d < p->ndates; d++) {
		muster_date_format(p->dates[d], days[d]);
		head[nh++] = days[d];
	}
	muster_table_init(t, nh, head);
	for (size_t i = ng; i < nh; i++)
		muster_table_numeric(t, i);
	struct strbuf sb = STRBUF_INIT;
	long *sum = xcalloc(p->ndates ? p->ndates : 1, sizeof(*sum));
	for (size_t g = 0; g < p->ngroups; g++) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, p->groups[g]);
		for (size_t d = 0; d < p->ndates; d++) {
			long v = p->cells[d * p->ngroups + g].personnel;
			sum[d] += v;
			add_wide(&sb, known[d], v, st);
		}
		muster_table_addf(t, "%s", sb.buf);
	}
	if (st == MUSTER_STYLE_TEXT && p->by != MUSTER_POSTURE_BY_TOTAL && p->ngroups) {
		strbuf_reset(&sb);
		add_total_label(&sb, p);
		for (size_t d = 0; d < p->ndates; d++)
			add_wide(&sb, known[d], sum[d], st);
		muster_table_addf(t, "%s", sb.buf);
	}
	strbuf_release(&sb);
	free(sum);
	free(days);
	free(head);
}

/* Changes carry a sign in TEXT only: "+5" is not a JSON number. */
void muster_table_posture_diff(const struct muster_posture *p, bool swapped,
			       enum muster_table_style st, struct muster_table *t)
{
	if (p->ndates != 2)
		BUG("a posture diff of %zu dates", p->ndates);
	char a[11], b[11];
	size_t i1 = swapped ? 1 : 0, i2 = swapped ? 0 : 1;
	muster_date_format(p->dates[i1], a);
	muster_date_format(p->dates[i2], b);
	const char *head[5 + MUSTER_POSTURE_MAX_BY];
	size_t ng = group_heads(p, head), nh = ng;
	head[nh++] = a;
	head[nh++] = b;
	head[nh++] = "change";
	head[nh++] = "in_host_change";
	head[nh++] = "out_of_host_change";
	muster_table_init(t, nh, head);
	for (size_t i = ng; i < nh; i++)
		muster_table_numeric(t, i);
	bool text = st == MUSTER_STYLE_TEXT;
	long s1 = 0, s2 = 0, sh = 0, so = 0;
	for (size_t g = 0; g < p->ngroups; g++) {
		const struct muster_posture_cell *x = &p->cells[i1 * p->ngroups + g];
		const struct muster_posture_cell *y = &p->cells[i2 * p->ngroups + g];
		long dh = y->in_host - x->in_host, dout = y->out_of_host - x->out_of_host;
		muster_table_addf(
		    t, text ? "%s\t%ld\t%ld\t%+ld\t%+ld\t%+ld" : "%s\t%ld\t%ld\t%ld\t%ld\t%ld",
		    p->groups[g], x->personnel, y->personnel, y->personnel - x->personnel, dh,
		    dout);
		s1 += x->personnel;
		s2 += y->personnel;
		sh += dh;
		so += dout;
	}
	if (text) {
		struct strbuf sb = STRBUF_INIT;
		add_total_label(&sb, p);
		muster_table_addf(t, "%s\t%ld\t%ld\t%+ld\t%+ld\t%+ld", sb.buf, s1, s2, s2 - s1, sh,
				  so);
		strbuf_release(&sb);
	}
}

void muster_table_breaches(const struct muster_breach_list *bl, const struct muster_posture_opts *o,
			   struct muster_table *t)
{
	static const char *const head[] = {"kind",  "nation", "country", "mission",
					   "phase", "limit",  "from",	 "to",
					   "peak",  "excess", "peak_on"};
	static const struct muster_posture_opts all = {0};
	muster_table_init(t, ARRAY_SIZE(head), head);
	muster_table_numeric(t, 5);
	muster_table_numeric(t, 8);
	muster_table_numeric(t, 9);
	for (size_t i = 0; i < bl->nr; i++) {
		const struct muster_breach *b = &bl->items[i];
		if (!muster_breach_matches(b, o ? o : &all))
			continue;
		char from[11], to[11], peak[11], lim[24], pk[24], ex[24];
		muster_date_format(b->from, from);
		muster_date_format(b->to, to);
		muster_date_format(b->peak_on, peak);
		snprintf(lim, sizeof(lim), "%ld", b->limit);
		snprintf(pk, sizeof(pk), "%ld", b->peak);
		snprintf(ex, sizeof(ex), "%ld", b->excess);
		const char *row[] = {muster_breach_kind_name(b->kind),
				     b->nation,
				     b->country,
				     b->mission,
				     b->kind == MUSTER_BREACH_CEILING && !b->phase ? "(none)"
										   : b->phase,
				     lim,
				     from,
				     to,
				     pk,
				     ex,
				     peak};
		muster_table_add(t, row);
	}
}

static void add_violations(struct muster_table *t, const struct muster_violation_list *v)
{
	for (size_t i = 0; i < v->nr; i++) {
		char f[11], to[11];
		muster_date_format(v->items[i].from, f);
		muster_date_format(v->items[i].to, to);
		const char *row[] = {v->items[i].check, v->items[i].subject, f, to,
				     v->items[i].detail};
		muster_table_add(t, row);
	}
}

void muster_table_violations(const struct muster_violation_list *a,
			     const struct muster_violation_list *b, struct muster_table *t)
{
	static const char *const head[] = {"check", "subject", "from", "to", "detail"};
	muster_table_init(t, ARRAY_SIZE(head), head);
	if (a)
		add_violations(t, a);
	if (b)
		add_violations(t, b);
}

/* ---- rotation, what-if, history, users ------------------------------------------ */

void muster_table_rotation(const struct muster_rotation *rot, struct muster_table *t)
{
	static const char *const head[] = {
	    "mission", "line",	   "capability", "from",    "to",   "days",	 "rotations",
	    "nation",  "deployed", "pool",	 "offered", "held", "shortfall", "sustainable"};
	muster_table_init(t, ARRAY_SIZE(head), head);
	for (size_t c = 5; c <= 12; c++)
		if (c != 7)
			muster_table_numeric(t, c);
	for (size_t i = 0; i < rot->rows.nr; i++) {
		const struct muster_rotation_row *r = &rot->rows.items[i];
		char from[11], to[11], held[24] = "", shortfall[24] = "";
		muster_date_format(r->from, from);
		muster_date_format(r->to, to);
		if (r->held.known) { /* unknown is empty (JSON null), never 0 */
			snprintf(held, sizeof(held), "%ld", r->held.value);
			snprintf(shortfall, sizeof(shortfall), "%ld", r->shortfall);
		}
		muster_table_addf(t, "%s\t%s\t%s\t%s\t%s\t%ld\t%ld\t%s\t%ld\t%ld\t%ld\t%s\t%s\t%s",
				  r->mission, r->line, r->capability, from, to, r->days,
				  r->rotations, r->nation, r->deployed, r->pool, r->offered, held,
				  shortfall, muster_sustain_name(r->sustainable));
	}
}

/* Absent is "-" in TEXT, empty (JSON null) in DATA. */
static void fmt_value(char *buf, size_t n, const char *section, bool has, double v,
		      enum muster_table_style st)
{
	if (!has)
		snprintf(buf, n, "%s", unknown_cell(st));
	else if (!strcmp(section, "fill"))
		snprintf(buf, n, "%.1f", v);
	else
		snprintf(buf, n, "%.0f", v);
}

void muster_table_whatif_diff(const struct muster_whatif_diff *d, const char *name_a,
			      const char *name_b, enum muster_table_style st,
			      struct muster_table *t)
{
	const char *head[] = {"section", "key", name_a, name_b, "change"};
	muster_table_init(t, 5, head);
	for (size_t c = 2; c < 5; c++)
		muster_table_numeric(t, c);
	for (size_t i = 0; i < d->rows.nr; i++) {
		const struct muster_whatif_row *r = &d->rows.items[i];
		char a[32], b[32], ch[32] = "";
		bool fill = !strcmp(r->section, "fill"), plus = st == MUSTER_STYLE_TEXT;
		fmt_value(a, sizeof(a), r->section, r->has_a, r->a, st);
		fmt_value(b, sizeof(b), r->section, r->has_b, r->b, st);
		if (r->has_a && r->has_b) { /* a sign only for people: JSON has no '+' */
			if (fill)
				snprintf(ch, sizeof(ch), plus ? "%+.1f" : "%.1f", r->b - r->a);
			else
				snprintf(ch, sizeof(ch), plus ? "%+.0f" : "%.0f", r->b - r->a);
		}
		const char *row[] = {r->section, r->key, a, b, ch};
		muster_table_add(t, row);
	}
}

char *muster_audit_changed(const char *before, const char *after)
{
	json_t *b = before ? json_loads(before, 0, NULL) : NULL;
	json_t *a = after ? json_loads(after, 0, NULL) : NULL;
	struct strbuf sb = STRBUF_INIT;
	const char *k;
	json_t *v;
	if (a && b) {
		json_object_foreach(a, k, v)
		{
			json_t *w = json_object_get(b, k);
			const char *x = json_is_string(w) ? json_string_value(w) : "";
			const char *y = json_is_string(v) ? json_string_value(v) : "";
			if (strcmp(x, y))
				strbuf_addf(&sb, "%s%s %s -> %s", sb.len ? "; " : "", k,
					    *x ? x : "(empty)", *y ? y : "(empty)");
		}
	}
	json_decref(a);
	json_decref(b);
	return strbuf_detach(&sb, NULL);
}

void muster_table_history(const struct muster_audit_list *l, enum muster_table_style st,
			  struct muster_table *t)
{
	static const char *const head[] = {"rev", "at",	    "actor",   "entity", "key",
					   "op",  "reason", "changed", "before", "after"};
	size_t ncols = st == MUSTER_STYLE_TEXT ? 8 : 10;
	muster_table_init(t, ncols, head);
	muster_table_numeric(t, 0);
	for (size_t i = 0; i < l->nr; i++) {
		const struct muster_audit *a = &l->items[i];
		char rev[32], *changed = muster_audit_changed(a->before, a->after);
		snprintf(rev, sizeof(rev), "%lld", (long long)a->rev);
		const char *row[] = {rev,   a->at,     a->actor, a->entity, a->key,
				     a->op, a->reason, changed,	 a->before, a->after};
		muster_table_add(t, row);
		free(changed);
	}
}

void muster_table_users(const struct muster_user_list *l, struct muster_table *t)
{
	static const char *const head[] = {"name", "role", "nation", "created"};
	muster_table_init(t, ARRAY_SIZE(head), head);
	for (size_t i = 0; i < l->nr; i++)
		muster_table_add(t, (const char *const[]){l->items[i].name,
							  muster_role_name(l->items[i].role),
							  l->items[i].nation, l->items[i].created});
}
