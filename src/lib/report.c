/*
 * report.c: the posture report: gathers the numbers once (the series by
 * nation or region, the posture on a date by nation and by country, every
 * breach, the curves of every cap and phase ceiling) and writes them as one
 * self-contained HTML page (inline CSS and SVG, no scripts, no external
 * resources) or as standalone SVG pictures.
 *
 * Decisions: the period defaults to the span of the deployments and
 * assignments; the step is the finest of day, week, month, year that keeps
 * the series within 1,200 dates, so charts stay small; the map's date
 * defaults to the last day of the period. Layers of the stacked chart are
 * the `top` groups by peak, the rest summed as "other".
 */
#include "i18n.h"
#include "report.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define MAX_POINTS 1200
#define TABLE_ROWS 40 /* the series table shows at most this many dates */

const char *muster_report_svg_name(enum muster_report_svg which)
{
	static const char *const names[] = {"posture-area", "posture-map", "cap-headroom",
					    "posture-missions", "reference"};
	return (size_t)which < ARRAY_SIZE(names) ? names[which] : "?";
}

const char *report_color(size_t k)
{
	static const char *const pal[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759",
					  "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
					  "#9c755f", "#86bcb6", "#d37295", "#a0cbe8"};
	return pal[k % ARRAY_SIZE(pal)];
}

void report_fmt_num(long v, char buf[static 32])
{
	char tmp[32];
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	int n = snprintf(tmp, sizeof(tmp), "%lu", u), o = 0;
	if (v < 0)
		buf[o++] = '-';
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
}

/* ---- the period ------------------------------------------------------- */

static void widen(int32_t *lo, int32_t *hi, int32_t from, int32_t to)
{
	if (from != MUSTER_DATE_NONE && from < *lo)
		*lo = from;
	if (from != MUSTER_DATE_NONE && from + 1 > *hi)
		*hi = from + 1;
	if (to != MUSTER_DATE_OPEN && to > *hi)
		*hi = to;
}

/* Resolve from, to, on and the step, then make the sample dates. */
static int resolve_period(struct report_data *rd, struct muster_error *err)
{
	struct muster_report_opts *o = &rd->opts;
	int32_t lo = INT32_MAX, hi = INT32_MIN;
	for (size_t i = 0; i < rd->sc->deployments.nr; i++)
		widen(&lo, &hi, rd->sc->deployments.items[i].from, rd->sc->deployments.items[i].to);
	for (size_t i = 0; rd->run && i < rd->run->assignments.nr; i++)
		widen(&lo, &hi, rd->run->assignments.items[i].from,
		      rd->run->assignments.items[i].to);
	if (lo == INT32_MAX) /* no data: one year from the map's date or 2000 */
		lo = o->on != MUSTER_DATE_NONE ? o->on : muster_date_from_ymd(2000, 1, 1);
	if (hi <= lo + 30)
		hi = lo + 365;
	if (o->from == MUSTER_DATE_NONE)
		o->from = lo;
	if (o->to == MUSTER_DATE_NONE || o->to == MUSTER_DATE_OPEN)
		o->to = o->from < hi ? hi : o->from + 365;
	if (o->from >= o->to)
		return muster_error_set(err, MUSTER_EINVAL,
					_("report: the period's 'from' must come before its 'to'"));
	if (o->on == MUSTER_DATE_NONE)
		o->on = o->to - 1;
	if (o->top <= 0)
		o->top = 8;
	static const enum muster_posture_every steps[] = {MUSTER_EVERY_DAY, MUSTER_EVERY_WEEK,
							  MUSTER_EVERY_MONTH, MUSTER_EVERY_YEAR};
	static const char *const names[] = {"day", "week", "month", "year"};
	static const double per[] = {1, 7, 30.44, 365.25};
	size_t k = 0;
	while (k + 1 < ARRAY_SIZE(steps) && (o->to - o->from) / per[k] > MAX_POINTS)
		k++;
	rd->step = names[k];
	return muster_posture_dates(o->from, o->to, steps[k], &rd->dates, &rd->ndates, err);
}

/* ---- layers ----------------------------------------------------------- */

struct peak {
	size_t group;
	long peak;
};

static int cmp_peak(const void *a, const void *b)
{
	const struct peak *x = a, *y = b;
	if (x->peak != y->peak)
		return x->peak < y->peak ? 1 : -1;
	return (x->group > y->group) - (x->group < y->group);
}

static void choose_layers(struct report_data *rd)
{
	const struct muster_posture *p = &rd->series;
	struct peak *pk = xcalloc(p->ngroups + 1, sizeof(*pk));
	for (size_t g = 0; g < p->ngroups; g++) {
		pk[g].group = g;
		for (size_t d = 0; d < p->ndates; d++)
			if (p->cells[d * p->ngroups + g].personnel > pk[g].peak)
				pk[g].peak = p->cells[d * p->ngroups + g].personnel;
	}
	qsort(pk, p->ngroups, sizeof(*pk), cmp_peak);
	size_t top = (size_t)rd->opts.top;
	size_t n = p->ngroups <= top + 1 ? p->ngroups : top;
	rd->layer_group = xcalloc(n + 1, sizeof(*rd->layer_group));
	for (size_t k = 0; k < n; k++)
		rd->layer_group[k] = pk[k].group;
	rd->has_other = n < p->ngroups;
	rd->nlayers = n + rd->has_other;
	free(pk);
}

long report_layer_value(const struct report_data *rd, size_t k, size_t d)
{
	const struct muster_posture *p = &rd->series;
	size_t ntop = rd->nlayers - rd->has_other;
	if (k < ntop)
		return p->cells[d * p->ngroups + rd->layer_group[k]].personnel;
	long sum = 0;
	for (size_t g = 0; g < p->ngroups; g++)
		sum += p->cells[d * p->ngroups + g].personnel;
	for (size_t j = 0; j < ntop; j++)
		sum -= p->cells[d * p->ngroups + rd->layer_group[j]].personnel;
	return sum;
}

const char *report_layer_name(const struct report_data *rd, size_t k)
{
	if (k < rd->nlayers - rd->has_other)
		return rd->series.groups[rd->layer_group[k]];
	return "other";
}

/* ---- caps and ceilings ------------------------------------------------ */

/* Counted people of (nation, country, mission) on every sample date. */
static int counted_curve(const struct report_data *rd, const char *nation, const char *country,
			 const char *mission, long *out, struct muster_error *err)
{
	struct muster_posture_opts po = {.by = MUSTER_POSTURE_BY_TOTAL,
					 .nation = nation,
					 .country = country,
					 .mission = mission,
					 .counted_only = true};
	struct muster_posture p;
	int rc = muster_posture_compute(rd->sc, rd->run, &po, rd->dates, rd->ndates, &p, err);
	if (rc < 0)
		return rc;
	for (size_t d = 0; d < rd->ndates; d++)
		out[d] = p.ngroups ? p.cells[d].personnel : 0;
	muster_posture_release(&p);
	return 0;
}

static struct report_limit *new_limit(struct report_data *rd, char *label)
{
	rd->limits = xrealloc(rd->limits, (rd->nlimits + 1) * sizeof(*rd->limits));
	struct report_limit *l = &rd->limits[rd->nlimits++];
	memset(l, 0, sizeof(*l));
	l->label = label;
	l->counted = xcalloc(rd->ndates, sizeof(long));
	l->limit = xcalloc(rd->ndates, sizeof(long));
	for (size_t d = 0; d < rd->ndates; d++)
		l->limit[d] = -1;
	return l;
}

static int cap_limits(struct report_data *rd, struct muster_error *err)
{
	for (size_t i = 0; i < rd->sc->caps.nr; i++) {
		const struct muster_cap *c = &rd->sc->caps.items[i];
		char a[11], b[11];
		muster_date_format(c->from, a);
		muster_date_format(c->to, b);
		struct report_limit *l = new_limit(
		    rd, xstrfmt(c->limit ? _("cap %s in %s: %ld, %s to %s")
					 : _("deadline %s in %s: %ld, %s to %s"),
				c->nation, c->country, c->limit, *a ? a : "...", *b ? b : "..."));
		l->deadline = !c->limit;
		int rc = counted_curve(rd, c->nation, c->country, NULL, l->counted, err);
		if (rc < 0)
			return rc;
		for (size_t d = 0; d < rd->ndates; d++)
			if (rd->dates[d] >= c->from && rd->dates[d] < c->to)
				l->limit[d] = c->limit;
	}
	return 0;
}

/* "ceiling of NMI: P0 500, P1 1000, P2 2000 in host" (counting phases, at most 4). */
static char *ceiling_label(const struct report_data *rd, const struct muster_mission *m)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0;
	strbuf_addf(&sb, _("ceiling of %s"), m->code);
	for (size_t i = 0; i < rd->sc->phases.nr; i++) {
		const struct muster_phase *p = &rd->sc->phases.items[i];
		if (strcmp(p->mission, m->code) ||
		    (p->status != MUSTER_PHASE_APPROVED && !rd->opts.with_requested))
			continue;
		if (++n > 4) {
			strbuf_addstr(&sb, ", ...");
			break;
		}
		strbuf_addf(&sb, "%s %s %ld%s", n == 1 ? ":" : ",", p->phase, p->ceiling,
			    p->scope == MUSTER_SCOPE_IN_HOST ? _(" in host") : "");
	}
	if (!n)
		strbuf_addstr(&sb, _(": no approved phase (0)"));
	return strbuf_detach(&sb, NULL);
}

/* A mission's ceiling on each date, using the in-host curve where the phase says so. */
static int mission_limits(struct report_data *rd, const struct muster_mission *m,
			  struct muster_error *err)
{
	bool any = false;
	for (size_t i = 0; i < rd->sc->phases.nr && !any; i++)
		any = !strcmp(rd->sc->phases.items[i].mission, m->code);
	if (!any)
		return 0;
	struct report_limit *l = new_limit(rd, ceiling_label(rd, m));
	long *host = xcalloc(rd->ndates, sizeof(long));
	int rc = counted_curve(rd, NULL, NULL, m->code, l->counted, err);
	if (!rc)
		rc = counted_curve(rd, NULL, m->host, m->code, host, err);
	for (size_t d = 0; !rc && d < rd->ndates; d++) {
		l->limit[d] = 0; /* no counting phase: ceiling 0 */
		for (size_t i = 0; i < rd->sc->phases.nr; i++) {
			const struct muster_phase *p = &rd->sc->phases.items[i];
			if (strcmp(p->mission, m->code) || rd->dates[d] < p->from ||
			    rd->dates[d] >= p->to ||
			    (p->status != MUSTER_PHASE_APPROVED && !rd->opts.with_requested))
				continue;
			l->limit[d] = p->ceiling;
			if (p->scope == MUSTER_SCOPE_IN_HOST)
				l->counted[d] = host[d];
		}
	}
	free(host);
	return rc;
}

/* ---- gathering -------------------------------------------------------- */

static int posture_on(struct report_data *rd, enum muster_posture_by by, struct muster_posture *out,
		      struct muster_error *err)
{
	struct muster_posture_opts po = {.by = by};
	return muster_posture_compute(rd->sc, rd->run, &po, &rd->opts.on, 1, out, err);
}

int report_data_init(struct report_data *rd, const struct muster_scenario *sc,
		     const struct muster_run *run, const struct muster_report_opts *opts,
		     struct muster_error *err)
{
	memset(rd, 0, sizeof(*rd));
	rd->sc = sc;
	rd->run = run;
	rd->opts = *opts;
	int rc = resolve_period(rd, err);
	if (rc < 0)
		return rc;
	struct muster_posture_opts po = {.by = opts->by_region ? MUSTER_POSTURE_BY_REGION
							       : MUSTER_POSTURE_BY_NATION};
	if ((rc = muster_posture_compute(sc, run, &po, rd->dates, rd->ndates, &rd->series, err)))
		return rc;
	choose_layers(rd);
	if ((rc = posture_on(rd, MUSTER_POSTURE_BY_NATION, &rd->on_nation, err)) ||
	    (rc = posture_on(rd, MUSTER_POSTURE_BY_COUNTRY, &rd->on_country, err)) ||
	    (rc = posture_on(rd, MUSTER_POSTURE_BY_MISSION, &rd->on_mission, err)) ||
	    (rc = report_reference(rd, err)))
		return rc;
	if ((rc = muster_posture_check(sc, run, opts->with_requested, &rd->breaches, err)))
		return rc;
	if ((rc = cap_limits(rd, err)))
		return rc;
	for (size_t i = 0; i < sc->missions.nr && !rc; i++)
		rc = mission_limits(rd, &sc->missions.items[i], err);
	return rc;
}

void report_data_release(struct report_data *rd)
{
	free(rd->dates);
	muster_posture_release(&rd->series);
	muster_posture_release(&rd->on_nation);
	muster_posture_release(&rd->on_country);
	muster_posture_release(&rd->on_mission);
	free(rd->ref_muster);
	muster_breach_list_release(&rd->breaches);
	for (size_t i = 0; i < rd->nlimits; i++) {
		free(rd->limits[i].label);
		free(rd->limits[i].counted);
		free(rd->limits[i].limit);
	}
	free(rd->limits);
	free(rd->layer_group);
	memset(rd, 0, sizeof(*rd));
}

/* ---- HTML ------------------------------------------------------------- */

static const char css[] =
    "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px auto;"
    "max-width:1100px;color:#222;padding:0 16px}"
    "h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;"
    "border-bottom:1px solid #ddd;padding-bottom:4px}"
    ".meta{color:#666}"
    "figure{margin:8px 0}figure svg{width:100%;height:auto;display:block}"
    "figcaption{color:#555;font-size:13px;margin-top:4px}"
    "table{border-collapse:collapse;margin:8px 0;font-size:13px;display:block;overflow-x:auto;"
    "max-width:100%}"
    "th,td{padding:3px 10px;border-bottom:1px solid #eee;text-align:left}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    "th{background:#f5f5f5}tr.total td{font-weight:600;border-top:1px solid #999}"
    ".breach{color:#b2182b;font-weight:600}.ok{color:#1a7f37}"
    ".cols{display:flex;gap:32px;flex-wrap:wrap}";

static void th(struct strbuf *sb, const char *s, bool num)
{
	strbuf_addstr(sb, num ? "<th class=\"n\">" : "<th>");
	strbuf_addxml(sb, s);
	strbuf_addstr(sb, "</th>");
}

static void td_num(struct strbuf *sb, long v)
{
	char buf[32];
	report_fmt_num(v, buf);
	strbuf_addf(sb, "<td class=\"n\">%s</td>", buf);
}

static void td(struct strbuf *sb, const char *s)
{
	strbuf_addstr(sb, "<td>");
	strbuf_addxml(sb, s ? s : "");
	strbuf_addstr(sb, "</td>");
}

/* The posture on the map's date, one group per row, with a total. */
static void html_on_table(struct strbuf *sb, const struct muster_posture *p, const char *what)
{
	static const char *const cols[] = {N_("personnel"), N_("in host"),    N_("out of host"),
					   N_("permanent"), N_("rotational"), N_("other")};
	struct muster_posture_cell sum = {0};
	strbuf_addstr(sb, "<table><tr>");
	th(sb, what, false);
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		th(sb, _(cols[i]), true);
	strbuf_addstr(sb, "</tr>\n");
	for (size_t g = 0; g < p->ngroups; g++) {
		const struct muster_posture_cell *c = &p->cells[g];
		if (!c->personnel)
			continue;
		strbuf_addstr(sb, "<tr>");
		td(sb, p->groups[g]);
		long v[] = {c->personnel, c->in_host,	 c->out_of_host,
			    c->permanent, c->rotational, c->other};
		for (size_t i = 0; i < ARRAY_SIZE(v); i++)
			td_num(sb, v[i]);
		strbuf_addstr(sb, "</tr>\n");
		sum.personnel += c->personnel;
		sum.in_host += c->in_host;
		sum.out_of_host += c->out_of_host;
		sum.permanent += c->permanent;
		sum.rotational += c->rotational;
		sum.other += c->other;
	}
	strbuf_addstr(sb, "<tr class=\"total\">");
	td(sb, _("total"));
	long v[] = {sum.personnel, sum.in_host,	   sum.out_of_host,
		    sum.permanent, sum.rotational, sum.other};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++)
		td_num(sb, v[i]);
	strbuf_addstr(sb, "</tr></table>\n");
}

/*
 * The series, at most TABLE_ROWS evenly spaced dates, one column per layer;
 * the heading says the step between the rows shown, not the chart's.
 */
static void html_series_table(struct strbuf *sb, const struct report_data *rd)
{
	size_t stride = (rd->ndates + TABLE_ROWS - 1) / TABLE_ROWS;
	if (!stride)
		stride = 1;
	strbuf_addf(sb, _("<h2>The numbers over time, every %s</h2>\n"),
		    report_step_words(rd, stride));
	strbuf_addstr(sb, "<table><tr>");
	th(sb, _("date"), false);
	for (size_t k = 0; k < rd->nlayers; k++)
		th(sb, report_layer_name(rd, k), true);
	th(sb, _("total"), true);
	strbuf_addstr(sb, "</tr>\n");
	for (size_t d = 0; d < rd->ndates; d += stride) {
		char day[11];
		long total = 0;
		muster_date_format(rd->dates[d], day);
		strbuf_addstr(sb, "<tr>");
		td(sb, day);
		for (size_t k = 0; k < rd->nlayers; k++) {
			long v = report_layer_value(rd, k, d);
			total += v;
			td_num(sb, v);
		}
		td_num(sb, total);
		strbuf_addstr(sb, "</tr>\n");
	}
	strbuf_addstr(sb, "</table>\n");
}

static void html_breaches(struct strbuf *sb, const struct report_data *rd)
{
	if (!rd->breaches.nr) {
		strbuf_addstr(sb,
			      _("<p class=\"ok\">No cap, deadline or ceiling is breached.</p>\n"));
		return;
	}
	static const char *const cols[] = {N_("kind"),	N_("nation"), N_("country"), N_("mission"),
					   N_("phase"), N_("from"),   N_("to")};
	strbuf_addstr(sb, "<table><tr>");
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		th(sb, _(cols[i]), false);
	th(sb, _("limit"), true);
	th(sb, _("peak"), true);
	th(sb, _("excess"), true);
	strbuf_addstr(sb, "</tr>\n");
	for (size_t i = 0; i < rd->breaches.nr; i++) {
		const struct muster_breach *b = &rd->breaches.items[i];
		char from[11], to[11];
		muster_date_format(b->from, from);
		muster_date_format(b->to, to);
		strbuf_addstr(sb, "<tr class=\"breach\">");
		td(sb, muster_breach_kind_name(b->kind));
		td(sb, b->nation);
		td(sb, b->country);
		td(sb, b->mission);
		td(sb, b->kind == MUSTER_BREACH_CEILING && !b->phase ? _("(none)") : b->phase);
		td(sb, from);
		td(sb, *to ? to : _("open"));
		td_num(sb, b->limit);
		td_num(sb, b->peak);
		td_num(sb, b->excess);
		strbuf_addstr(sb, "</tr>\n");
	}
	strbuf_addstr(sb, "</table>\n");
}

static void html_figure(struct strbuf *sb, const char *id, const char *caption,
			void (*draw)(struct strbuf *, const struct report_data *),
			const struct report_data *rd)
{
	strbuf_addf(sb, "<figure id=\"%s\">\n", id);
	draw(sb, rd);
	strbuf_addstr(sb, "<figcaption>");
	strbuf_addxml(sb, caption);
	strbuf_addstr(sb, "</figcaption></figure>\n");
}

static void html_head(struct strbuf *sb, const struct report_data *rd)
{
	const char *title = rd->opts.title ? rd->opts.title : _("muster posture report");
	char from[11], to[11], on[11], ndep[32];
	report_fmt_num((long)rd->sc->deployments.nr, ndep);
	muster_date_format(rd->opts.from, from);
	muster_date_format(rd->opts.to, to);
	muster_date_format(rd->opts.on, on);
	strbuf_addf(sb,
		    "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<title>",
		    muster_i18n_lang());
	strbuf_addxml(sb, title);
	strbuf_addf(sb, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", css);
	strbuf_addxml(sb, title);
	strbuf_addstr(sb, "</h1>\n<p class=\"meta\">");
	strbuf_addf(sb,
		    rd->run ? _("Period %s to %s (every %s); map on %s; %s deployments plus the "
				"latest sourcing run. Made by muster %s.")
			    : _("Period %s to %s (every %s); map on %s; %s deployments. Made by "
				"muster %s."),
		    from, to, report_step_words(rd, 1), on, ndep, MUSTER_VERSION);
	strbuf_addstr(sb, "</p>\n");
}

static void html_body(struct strbuf *sb, const struct report_data *rd)
{
	char on[11];
	muster_date_format(rd->opts.on, on);
	strbuf_addstr(sb, rd->opts.by_region ? _("<h2>Posture over time, by region</h2>\n")
					     : _("<h2>Posture over time, by nation</h2>\n"));
	html_figure(sb, "posture-area",
		    _("Personnel deployed, stacked; hover a band for its peak."), report_svg_area,
		    rd);
	report_html_missions(sb, rd);
	report_html_reference(sb, rd);
	strbuf_addf(sb, _("<h2>Where, on %s</h2>\n"), on);
	html_figure(
	    sb, "posture-map",
	    _("Personnel per country (logarithmic classes); hover a country for its figure."),
	    worldmap_svg, rd);
	strbuf_addstr(sb, "<div class=\"cols\"><div>\n");
	strbuf_addstr(sb, _("<h3>By nation</h3>\n"));
	html_on_table(sb, &rd->on_nation, _("nation"));
	strbuf_addstr(sb, "</div><div>\n");
	strbuf_addstr(sb, _("<h3>By country</h3>\n"));
	html_on_table(sb, &rd->on_country, _("country"));
	strbuf_addstr(sb, "</div></div>\n");
	strbuf_addstr(sb, _("<h2>Caps, deadlines and ceilings</h2>\n"));
	if (rd->nlimits)
		html_figure(sb, "cap-headroom",
			    _("Headroom = limit minus counted personnel; red where it is below "
			      "zero (a breach)."),
			    report_svg_headroom, rd);
	html_breaches(sb, rd);
	report_html_force(sb, rd);
	report_html_cost(sb, rd);
	html_series_table(sb, rd);
	strbuf_addstr(sb, "</body>\n</html>\n");
}

int muster_report_html(const struct muster_scenario *sc, const struct muster_run *run,
		       const struct muster_report_opts *opts, char **html, struct muster_error *err)
{
	struct report_data rd;
	struct strbuf sb = STRBUF_INIT;
	int rc = report_data_init(&rd, sc, run, opts, err);
	if (rc < 0)
		goto out;
	html_head(&sb, &rd);
	html_body(&sb, &rd);
	*html = strbuf_detach(&sb, NULL);
out:
	report_data_release(&rd);
	strbuf_release(&sb);
	return rc;
}

int muster_report_svg(const struct muster_scenario *sc, const struct muster_run *run,
		      const struct muster_report_opts *opts, enum muster_report_svg which,
		      char **svg, struct muster_error *err)
{
	struct report_data rd;
	struct strbuf sb = STRBUF_INIT;
	if ((unsigned)which >= MUSTER_SVG_COUNT)
		return muster_error_set(err, MUSTER_EINVAL, _("report: unknown picture %d"),
					(int)which);
	if (which == MUSTER_SVG_REFERENCE && (!opts || !opts->reference || !opts->reference->n))
		return muster_error_set(
		    err, MUSTER_EINVAL,
		    _("report: the reference picture needs a reference series"));
	int rc = report_data_init(&rd, sc, run, opts, err);
	if (rc < 0)
		goto out;
	strbuf_addstr(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	if (which == MUSTER_SVG_AREA)
		report_svg_area(&sb, &rd);
	else if (which == MUSTER_SVG_MAP)
		worldmap_svg(&sb, &rd);
	else if (which == MUSTER_SVG_MISSIONS)
		report_svg_missions(&sb, &rd);
	else if (which == MUSTER_SVG_REFERENCE)
		report_svg_reference(&sb, &rd);
	else
		report_svg_headroom(&sb, &rd);
	*svg = strbuf_detach(&sb, NULL);
out:
	report_data_release(&rd);
	strbuf_release(&sb);
	return rc;
}
