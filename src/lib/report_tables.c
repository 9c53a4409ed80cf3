/*
 * report_tables.c: the report's tables as struct muster_table (the sheets of
 * `report --xlsx`, and the force generation section of the HTML page):
 * posture on the map's date, the series, breaches, and with a sourcing run
 * fill by line and phase, gaps by reason, overridden soft caveats.
 *
 * Decisions:
 * - Fill by line and phase: a requirement line is split at its mission's
 *   phases (approved ones, or requested too with --with-requested); the part
 *   of the line outside every phase is its own row, phase "(no phase)", so the
 *   rows of a line add up to the line. Required person-days are units x
 *   personnel x days of the part; filled ones the assignments' people x days
 *   within it. A mission without phases has one row per line.
 * - Gaps by reason: how many gaps, lines and missing units (summed over the
 *   gaps: a gap is one interval) and the missing people, empty (unknown)
 *   when a gap of an older run did not record them, never 0.
 * - Contributions against fair share: one sheet, "contributions vs fair
 *   share", a row per mission with lines in the run and nation, from muster_fairshare_compute (the
 * same figures as `muster fairshare --mission M --key K`): the mission's top phase ceiling shared
 * among the nations offering by the report's key
 *   (--fair-key, default gdp), against the person-days sourced. A figure the
 *   library leaves unknown (NAN, -1) is an empty cell, never 0. A mission
 *   that cannot be shared (no ceiling, a nation without a value for the
 *   key) is one row with the library's error in `note`, not a missing row.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct muster_table *add_table(struct muster_report_tables *out, const char *name,
				      size_t ncols, const char *const *head)
{
	ARRAY_GROW(*out, out->nr + 1);
	struct muster_report_table *t = &out->items[out->nr++];
	memset(t, 0, sizeof(*t));
	t->name = xstrfmt("%.31s", name);
	muster_table_init(&t->table, ncols, head);
	return &t->table;
}

void muster_report_tables_release(struct muster_report_tables *t)
{
	for (size_t i = 0; i < t->nr; i++) {
		free(t->items[i].name);
		muster_table_release(&t->items[i].table);
	}
	free(t->items);
	memset(t, 0, sizeof(*t));
}

static void posture_table(struct muster_report_tables *out, const struct muster_posture *p,
			  const char *what, const char *on)
{
	const char *head[] = {what,	   "personnel",	 "in_host", "out_of_host",
			      "permanent", "rotational", "other"};
	char *name = xstrfmt("by %s on %s", what, on);
	struct muster_table *t = add_table(out, name, 7, head);
	free(name);
	for (size_t c = 1; c < 7; c++)
		muster_table_numeric(t, c);
	for (size_t g = 0; g < p->ngroups; g++) {
		const struct muster_posture_cell *c = &p->cells[g];
		if (!c->personnel)
			continue;
		muster_table_addf(t, "%s\t%ld\t%ld\t%ld\t%ld\t%ld\t%ld", p->groups[g], c->personnel,
				  c->in_host, c->out_of_host, c->permanent, c->rotational,
				  c->other);
	}
}

/* Every group of the series (not only the chart's top ones) on every date. */
static void series_table(struct muster_report_tables *out, const struct report_data *rd)
{
	const struct muster_posture *p = &rd->series;
	size_t n = p->ngroups + 2;
	const char **head = xcalloc(n, sizeof(*head));
	head[0] = "date";
	for (size_t g = 0; g < p->ngroups; g++)
		head[g + 1] = p->groups[g];
	head[n - 1] = "total";
	char *name = xstrfmt("series, every %s", rd->step);
	struct muster_table *t = add_table(out, name, n, head);
	free(name);
	free(head);
	for (size_t c = 1; c < n; c++)
		muster_table_numeric(t, c);
	char **row = xcalloc(n, sizeof(*row));
	for (size_t d = 0; d < p->ndates; d++) {
		char day[11];
		long total = 0;
		muster_date_format(p->dates[d], day);
		row[0] = xstrdup(day);
		for (size_t g = 0; g < p->ngroups; g++) {
			long v = p->cells[d * p->ngroups + g].personnel;
			total += v;
			row[g + 1] = xstrfmt("%ld", v);
		}
		row[n - 1] = xstrfmt("%ld", total);
		muster_table_add(t, (const char *const *)row);
		for (size_t c = 0; c < n; c++)
			free(row[c]);
	}
	free(row);
}

static void breach_table(struct muster_report_tables *out, const struct report_data *rd)
{
	static const char *const head[] = {"kind", "nation", "country", "mission", "phase",
					   "from", "to",     "limit",	"peak",	   "excess"};
	struct muster_table *t = add_table(out, "breaches", 10, head);
	for (size_t c = 7; c < 10; c++)
		muster_table_numeric(t, c);
	for (size_t i = 0; i < rd->breaches.nr; i++) {
		const struct muster_breach *b = &rd->breaches.items[i];
		char from[11], to[11];
		muster_date_format(b->from, from);
		muster_date_format(b->to, to);
		muster_table_addf(t, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%ld\t%ld\t%ld",
				  muster_breach_kind_name(b->kind), b->nation ? b->nation : "",
				  b->country ? b->country : "", b->mission ? b->mission : "",
				  b->phase ? b->phase : "", from, to, b->limit, b->peak, b->excess);
	}
}

static int64_t overlap(int32_t a0, int32_t a1, int32_t b0, int32_t b1)
{
	int32_t lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
	return hi > lo ? (int64_t)hi - lo : 0;
}

/* Person-days of the run's assignments to one line within [from, to). */
static int64_t filled(const struct muster_run *run, const struct muster_requirement *q,
		      int32_t from, int32_t to)
{
	int64_t sum = 0;
	for (size_t i = 0; i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		if (!strcmp(a->mission, q->mission) && !strcmp(a->line, q->line))
			sum += a->personnel * overlap(a->from, a->to, from, to);
	}
	return sum;
}

static void fill_row(struct muster_table *t, const struct muster_run *run,
		     const struct muster_requirement *q, const char *phase, int32_t from,
		     int32_t to)
{
	int64_t days = overlap(q->from, q->to, from, to);
	if (days <= 0)
		return;
	int64_t need = (int64_t)q->units * q->personnel * days;
	int64_t got = filled(run, q, from, to);
	char f[11], e[11];
	muster_date_format(from < q->from ? q->from : from, f);
	muster_date_format(to > q->to ? q->to : to, e);
	muster_table_addf(t, "%s\t%s\t%s\t%s\t%s\t%ld\t%lld\t%lld\t%.1f", q->mission, q->line,
			  phase, f, e, q->units, (long long)need, (long long)got,
			  need ? 100.0 * (double)got / (double)need : 0.0);
}

static bool phase_counts(const struct report_data *rd, const struct muster_phase *p)
{
	return p->status == MUSTER_PHASE_APPROVED || rd->opts.with_requested;
}

static void fill_table(struct muster_report_tables *out, const struct report_data *rd)
{
	static const char *const head[] = {"mission",
					   "line",
					   "phase",
					   "from",
					   "to",
					   "units",
					   "required_person_days",
					   "filled_person_days",
					   "fill_pct"};
	struct muster_table *t = add_table(out, "fill by line and phase", 9, head);
	for (size_t c = 5; c < 9; c++)
		muster_table_numeric(t, c);
	const struct muster_scenario *sc = rd->sc;
	for (size_t i = 0; i < sc->requirements.nr; i++) {
		const struct muster_requirement *q = &sc->requirements.items[i];
		if (rd->run->mission && strcmp(rd->run->mission, q->mission))
			continue;
		/* the phases in date order are the scenario's order; the rest "(no phase)" */
		int32_t covered_lo = q->from;
		bool any = false;
		for (size_t k = 0; k < sc->phases.nr; k++) {
			const struct muster_phase *p = &sc->phases.items[k];
			if (strcmp(p->mission, q->mission) || !phase_counts(rd, p))
				continue;
			any = true;
			int32_t to = p->to == MUSTER_DATE_OPEN ? q->to : p->to;
			if (p->from > covered_lo)
				fill_row(t, rd->run, q, "(no phase)", covered_lo, p->from);
			fill_row(t, rd->run, q, p->phase, p->from, to);
			if (to > covered_lo)
				covered_lo = to;
		}
		if (!any)
			fill_row(t, rd->run, q, "(no phase)", q->from, q->to);
		else if (covered_lo < q->to)
			fill_row(t, rd->run, q, "(no phase)", covered_lo, q->to);
	}
}

static void gaps_table(struct muster_report_tables *out, const struct report_data *rd)
{
	static const char *const head[] = {"reason",	    "gaps",	      "lines",
					   "missing_units", "missing_people", "example"};
	struct muster_table *t = add_table(out, "gaps by reason", 6, head);
	for (size_t c = 1; c < 5; c++)
		muster_table_numeric(t, c);
	const struct muster_run *run = rd->run;
	for (int r = 0; r < 32; r++) {
		size_t gaps = 0, lines = 0;
		long units = 0, people = 0;
		bool unknown = false;
		const struct muster_gap *first = NULL;
		for (size_t i = 0; i < run->gaps.nr; i++) {
			const struct muster_gap *g = &run->gaps.items[i];
			if ((int)g->reason != r)
				continue;
			if (!first)
				first = g;
			gaps++;
			bool seen = false;
			for (size_t j = 0; j < i && !seen; j++) {
				const struct muster_gap *h = &run->gaps.items[j];
				seen = (int)h->reason == r && !strcmp(h->mission, g->mission) &&
				       !strcmp(h->line, g->line);
			}
			lines += !seen;
			units += g->missing_units;
			if (g->missing_personnel < 0)
				unknown = true;
			else
				people += g->missing_personnel;
		}
		if (!gaps)
			continue;
		char ppl[24] = "";
		if (!unknown)
			snprintf(ppl, sizeof(ppl), "%ld", people);
		struct strbuf ex = STRBUF_INIT;
		strbuf_addf(&ex, "%s:%s", first->mission, first->line);
		if (first->detail)
			strbuf_addf(&ex, ": %s", first->detail);
		char g[24], l[24], u[24];
		snprintf(g, sizeof(g), "%zu", gaps);
		snprintf(l, sizeof(l), "%zu", lines);
		snprintf(u, sizeof(u), "%ld", units);
		const char *row[] = {
		    muster_gap_reason_name((enum muster_gap_reason)r), g, l, u, ppl, ex.buf};
		muster_table_add(t, row);
		strbuf_release(&ex);
	}
}

static void soft_table(struct muster_report_tables *out, const struct report_data *rd)
{
	static const char *const head[] = {"mission", "line", "nation",	   "offer",
					   "from",    "to",   "personnel", "soft_caveats"};
	struct muster_table *t = add_table(out, "soft caveats overridden", 8, head);
	muster_table_numeric(t, 6);
	for (size_t i = 0; i < rd->run->assignments.nr; i++) {
		const struct muster_assignment *a = &rd->run->assignments.items[i];
		if (!a->soft_caveats)
			continue;
		char f[11], e[11];
		muster_date_format(a->from, f);
		muster_date_format(a->to, e);
		muster_table_addf(t, "%s\t%s\t%s\t%s\t%s\t%s\t%ld\t%s", a->mission, a->line,
				  a->nation, a->offer, f, e, a->personnel, a->soft_caveats);
	}
}

const char **report_fair_missions(const struct report_data *rd, size_t *n)
{
	const struct muster_scenario *sc = rd->sc;
	const char **m = xcalloc(sc->requirements.nr + 1, sizeof(*m));
	*n = 0;
	for (size_t i = 0; i < sc->requirements.nr; i++) {
		const char *q = sc->requirements.items[i].mission;
		if (rd->run->mission && strcmp(rd->run->mission, q))
			continue;
		size_t k = 0;
		while (k < *n && strcmp(m[k], q))
			k++;
		if (k == *n)
			m[(*n)++] = q;
	}
	return m;
}

int report_fair_compute(const struct report_data *rd, const char *mission,
			struct muster_fairshare *fs, struct muster_error *err)
{
	struct muster_fair_opts o = {
	    .mission = mission,
	    .total = -1,
	    .key = rd->opts.fair_key ? rd->opts.fair_key : "gdp",
	    .with_requested = rd->opts.with_requested,
	};
	return muster_fairshare_compute(rd->sc, rd->run, &o, fs, err);
}

static void fair_num(char *buf, size_t sz, double v)
{
	if (isnan(v) || v < 0)
		buf[0] = '\0';
	else {
		/* two decimals, trailing zeros dropped: 1550, 0.5, 14501.32 */
		snprintf(buf, sz, "%.2f", v);
		char *e = buf + strlen(buf);
		while (e[-1] == '0')
			*--e = '\0';
		if (e[-1] == '.')
			e[-1] = '\0';
	}
}

struct muster_table *report_fair_table_new(struct muster_report_tables *out)
{
	static const char *const head[] = {"mission",
					   "nation",
					   "key",
					   "key_value",
					   "fair_share_pct",
					   "fair_personnel",
					   "fair_person_days",
					   "sourced_person_days",
					   "sourced_share_pct",
					   "burden",
					   "excess_person_days",
					   "note"};
	struct muster_table *t =
	    add_table(out, "contributions vs fair share", ARRAY_SIZE(head), head);
	for (size_t c = 3; c < ARRAY_SIZE(head) - 1; c++)
		muster_table_numeric(t, c);
	return t;
}

void report_fair_rows(struct muster_table *t, const struct muster_fairshare *fs)
{
	for (size_t i = 0; i < fs->rows.nr; i++) {
		const struct muster_fair_row *r = &fs->rows.items[i];
		char kv[32], sh[32], fd[32], sd[32], ss[32], bu[32], ex[32];
		fair_num(kv, sizeof(kv), r->key);
		fair_num(sh, sizeof(sh), r->share);
		fair_num(fd, sizeof(fd), r->fair_days);
		fair_num(sd, sizeof(sd), r->sourced_days);
		fair_num(ss, sizeof(ss), r->sourced_days < 0 ? NAN : r->sourced_share);
		fair_num(bu, sizeof(bu), r->burden);
		fair_num(ex, sizeof(ex), r->excess_days);
		muster_table_addf(t, "%s\t%s\t%s\t%s\t%s\t%ld\t%s\t%s\t%s\t%s\t%s\t",
				  fs->mission ? fs->mission : "", r->nation, fs->key, kv, sh,
				  r->fair, fd, sd, ss, bu, ex);
	}
}

/* Every mission with lines in the run; one that cannot be shared is a row with its reason. */
static void fair_tables(struct muster_report_tables *out, const struct report_data *rd)
{
	size_t n;
	const char **m = report_fair_missions(rd, &n);
	struct muster_table *t = report_fair_table_new(out);
	const char *key = rd->opts.fair_key ? rd->opts.fair_key : "gdp";
	for (size_t i = 0; i < n; i++) {
		struct muster_fairshare fs;
		struct muster_error err = {0};
		if (report_fair_compute(rd, m[i], &fs, &err) == 0) {
			report_fair_rows(t, &fs);
		} else {
			char *note = xstrdup(err.msg ? err.msg : "unknown error");
			for (char *c = note; *c; c++)
				if (*c == '\t' || *c == '\n')
					*c = ' ';
			muster_table_addf(t, "%s\t\t%s\t\t\t\t\t\t\t\t\t%s", m[i], key, note);
			free(note);
		}
		muster_error_release(&err);
		muster_fairshare_release(&fs);
	}
	free(m);
}

/*
 * The cost panel's tables (with a run and cost rates): "costs by nation"
 * (its total row last, money to the cent, unpriced assignments counted) and
 * "budgets"; costs that cannot be computed are one row saying why in `note`.
 */
static void cost_tables(struct muster_report_tables *out, const struct report_data *rd)
{
	static const char *const head[] = {"nation", "person_days", "incurred", "common",
					   "paid",   "unpriced",    "currency", "note"};
	struct muster_table *t = add_table(out, "costs by nation", ARRAY_SIZE(head), head);
	for (size_t c = 1; c < 6; c++)
		muster_table_numeric(t, c);
	struct muster_cost c;
	struct muster_cost_opts o = {
	    .by = MUSTER_COST_BY_NATION, .from = MUSTER_DATE_NONE, .to = MUSTER_DATE_OPEN};
	struct muster_error err = {0};
	if (muster_cost_compute(rd->sc, rd->run, &o, &c, &err) < 0) {
		muster_table_addf(t, "\t\t\t\t\t\t\t%s", err.msg ? err.msg : "unknown error");
	} else {
		const char *cur = c.currency ? c.currency : "";
		for (size_t r = 0; r < c.nr; r++) {
			const struct muster_cost_row *w = &c.rows[r];
			muster_table_addf(t, "%s\t%lld\t%.2f\t%.2f\t%.2f\t%zu\t%s\t", w->group,
					  (long long)w->person_days, w->incurred, w->common,
					  w->paid, w->unpriced, cur);
		}
		muster_table_addf(t, "total\t%lld\t%.2f\t%.2f\t%.2f\t%zu\t%s\t",
				  (long long)c.person_days, c.incurred, c.common, c.paid,
				  c.unpriced, cur);
	}
	muster_cost_release(&c);
	muster_error_release(&err);
	const struct muster_scenario *sc = rd->sc;
	if (!sc->budgets.nr)
		return;
	static const char *const bhead[] = {"budget", "nation", "mission",
					    "limit",  "paid",	"status"};
	t = add_table(out, "budgets", ARRAY_SIZE(bhead), bhead);
	muster_table_numeric(t, 3);
	muster_table_numeric(t, 4);
	for (size_t i = 0; i < sc->budgets.nr; i++) {
		const struct muster_budget *b = &sc->budgets.items[i];
		double paid;
		bool known;
		const char *verdict = report_budget_verdict(rd, b, &paid, &known);
		char pd[32] = "";
		if (known)
			snprintf(pd, sizeof(pd), "%.2f", paid);
		muster_table_addf(t, "%s\t%s\t%s\t%.2f\t%s\t%s", b->id, b->nation,
				  b->mission ? b->mission : "all", b->limit, pd, verdict);
	}
}

int report_tables_add(struct muster_report_tables *out, const struct report_data *rd,
		      struct muster_error *err)
{
	char on[11];
	struct muster_posture by_mission;
	struct muster_posture_opts po = {.by = MUSTER_POSTURE_BY_MISSION};
	muster_date_format(rd->opts.on, on);
	int rc = muster_posture_compute(rd->sc, rd->run, &po, &rd->opts.on, 1, &by_mission, err);
	if (rc < 0)
		return rc;
	posture_table(out, &rd->on_nation, "nation", on);
	posture_table(out, &rd->on_country, "country", on);
	posture_table(out, &by_mission, "mission", on);
	muster_posture_release(&by_mission);
	series_table(out, rd);
	breach_table(out, rd);
	if (rd->run) {
		fill_table(out, rd);
		gaps_table(out, rd);
		soft_table(out, rd);
	}
	return 0;
}

int muster_report_tables(const struct muster_scenario *sc, const struct muster_run *run,
			 const struct muster_report_opts *opts, struct muster_report_tables *out,
			 struct muster_error *err)
{
	struct report_data rd;
	memset(out, 0, sizeof(*out));
	int rc = report_data_init(&rd, sc, run, opts, err);
	if (rc == 0)
		rc = report_tables_add(out, &rd, err);
	if (rc == 0 && rd.run)
		fair_tables(out, &rd);
	if (rc == 0 && rd.run && sc->costs.nr)
		cost_tables(out, &rd);
	if (rc < 0)
		muster_report_tables_release(out);
	report_data_release(&rd);
	return rc;
}
