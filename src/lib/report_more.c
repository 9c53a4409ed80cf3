/*
 * report_more.c: the report's newer parts: personnel by mission on the
 * map's date (bars, so a 4,000-strong mission shows beside a 100,000-strong
 * national presence that the stacked area by nation is made of), muster's
 * total against a published reference series, and the force generation
 * section (fill by line and phase, gaps by reason, overridden soft caveats)
 * written from the same tables as `report --xlsx` (report_tables.c).
 *
 * Decisions: bars are linear, with the figure printed at each bar (a log
 * scale misleads on sizes); people on no mission are said in the caption,
 * not drawn. The reference chart draws both series as steps over the
 * report's period: muster's from the series' sample dates, the reference
 * from its own dates; a reference date inside the period with muster's
 * figure beside it is in the table under the chart.
 */
#include "csv_read.h"
#include "i18n.h"
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define W 1000.0

/* ---- reference series ---- */

struct series_reader {
	const char *path;
	MUSTER_ARRAY(int32_t) dates;
	MUSTER_ARRAY(double) values;
};

static void series_row(void *ctx, const struct csv_row *row, struct muster_error *err)
{
	struct series_reader *r = ctx;
	const char *day = row->present[0] ? row->cells[0] : row->cells[1];
	const char *v = row->cells[2];
	int32_t d;
	double x;
	bool ok = true;
	if (muster_date_parse(day, &d) < 0) {
		csv_bad_cell(err, r->path, row->line, row->present[0] ? "date" : "Date",
			     "a date YYYY-MM-DD", day);
		ok = false;
	}
	if (!*v || !strcmp(v, "NA"))
		return;
	if (strtonum_d(v, &x) < 0) {
		csv_bad_cell(err, r->path, row->line, csv_schema_col(row->schema, 2)->name,
			     "a number or NA", v);
		ok = false;
	}
	if (!ok)
		return;
	ARRAY_PUSH(r->dates, d);
	ARRAY_PUSH(r->values, x);
}

void muster_series_release(struct muster_series *s)
{
	if (!s)
		return;
	free(s->name);
	free(s->dates);
	free(s->values);
	memset(s, 0, sizeof(*s));
}

int muster_series_read(const char *path, const char *column, struct muster_series *out,
		       struct muster_error *err)
{
	struct csv_column cols[] = {{"date", false}, {"Date", false}, {column, true}};
	struct csv_schema s = {path, cols, 3, 0, true};
	struct series_reader r = {.path = path};
	size_t rows = 0;
	memset(out, 0, sizeof(*out));
	int rc = csv_read_file(path, &s, series_row, &r, err, &rows);
	if (rc == 0 && csv_problems(err))
		rc = muster_error_set(err, MUSTER_EINVAL,
				      dngettext(MUSTER_TEXTDOMAIN, "'%s' has %zu problem",
						"'%s' has %zu problems", csv_problems(err)),
				      path, csv_problems(err));
	if (rc == 0 && !r.dates.nr)
		rc = muster_error_set(err, MUSTER_EINVAL,
				      _("'%s': no row with a date and a figure in column '%s'"),
				      path, column);
	for (size_t i = 1; rc == 0 && i < r.dates.nr; i++)
		if (r.dates.items[i] <= r.dates.items[i - 1])
			rc =
			    muster_error_set(err, MUSTER_EINVAL,
					     _("'%s': the dates must ascend, one row each; row %zu "
					       "is not after the one before"),
					     path, i + 1);
	if (rc < 0) {
		ARRAY_RELEASE(r.dates);
		ARRAY_RELEASE(r.values);
		return rc;
	}
	out->name = xstrdup(column);
	out->dates = r.dates.items;
	out->values = r.values.items;
	out->n = r.dates.nr;
	return 0;
}

int report_reference(struct report_data *rd, struct muster_error *err)
{
	const struct muster_series *ref = rd->opts.reference;
	if (!ref || !ref->n)
		return 0;
	struct muster_posture p;
	struct muster_posture_opts po = {.by = MUSTER_POSTURE_BY_TOTAL};
	int rc = muster_posture_compute(rd->sc, rd->run, &po, ref->dates, ref->n, &p, err);
	if (rc < 0)
		return rc;
	rd->ref_muster = xcalloc(ref->n, sizeof(double));
	for (size_t i = 0; i < ref->n; i++)
		rd->ref_muster[i] = p.ngroups ? (double)p.cells[i * p.ngroups].personnel : 0;
	muster_posture_release(&p);
	return 0;
}

const char *report_step_words(const struct report_data *rd, size_t stride)
{
	static _Thread_local char buf[32];
	/* for people: the step's word in the language of the report */
	static const char *const one[] = {N_("day"), N_("week"), N_("month"), N_("year")};
	size_t k = 0;
	while (k < ARRAY_SIZE(one) && strcmp(rd->step, one[k]))
		k++;
	if (k == ARRAY_SIZE(one)) /* not a step the report chooses: as it is */
		return rd->step;
	if (stride <= 1)
		return _(one[k]);
	if (k == 0)
		snprintf(buf, sizeof(buf),
			 dngettext(MUSTER_TEXTDOMAIN, "%zu day", "%zu days", stride), stride);
	else if (k == 1)
		snprintf(buf, sizeof(buf),
			 dngettext(MUSTER_TEXTDOMAIN, "%zu week", "%zu weeks", stride), stride);
	else if (k == 2)
		snprintf(buf, sizeof(buf),
			 dngettext(MUSTER_TEXTDOMAIN, "%zu month", "%zu months", stride), stride);
	else
		snprintf(buf, sizeof(buf),
			 dngettext(MUSTER_TEXTDOMAIN, "%zu year", "%zu years", stride), stride);
	return buf;
}

/* ---- missions ---- */

struct bar {
	const char *name;
	long v;
};

static int cmp_bar(const void *a, const void *b)
{
	const struct bar *x = a, *y = b;
	if (x->v != y->v)
		return x->v < y->v ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* The missions with people on the map's date, largest first; *none: people on none. */
static struct bar *mission_bars(const struct report_data *rd, size_t *n, long *none)
{
	const struct muster_posture *p = &rd->on_mission;
	struct bar *b = xcalloc(p->ngroups + 1, sizeof(*b));
	*n = 0;
	*none = 0;
	for (size_t g = 0; g < p->ngroups; g++) {
		long v = p->cells[g].personnel;
		if (!strcmp(p->groups[g], "(none)"))
			*none = v;
		else if (v > 0)
			b[(*n)++] = (struct bar){p->groups[g], v};
	}
	if (*n)
		qsort(b, *n, sizeof(*b), cmp_bar);
	return b;
}

#define BAR_H	 20.0
#define MAX_BARS 30

void report_svg_missions(struct strbuf *sb, const struct report_data *rd)
{
	size_t n;
	long none;
	struct bar *b = mission_bars(rd, &n, &none);
	size_t shown = n < MAX_BARS ? n : MAX_BARS;
	double left = 150, width = W - left - 110,
	       h = 20 + (double)(shown ? shown : 1) * BAR_H + 10;
	char day[11];
	muster_date_format(rd->opts.on, day);
	strbuf_addf(sb,
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
		    "width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-label=\"personnel by "
		    "mission on %s\" font-family=\"system-ui, sans-serif\" font-size=\"12\" "
		    "fill=\"#333\">\n",
		    W, h, W, h, day);
	if (!shown)
		strbuf_addf(sb,
			    _("<text x=\"%.0f\" y=\"30\">no mission has personnel on %s</text>\n"),
			    left, day);
	for (size_t i = 0; i < shown; i++) {
		double y = 14 + (double)i * BAR_H;
		double w = (double)b[i].v / (double)b[0].v * width;
		char num[32];
		report_fmt_num(b[i].v, num);
		strbuf_addf(sb, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">", left - 8,
			    y + 13);
		strbuf_addxml(sb, b[i].name);
		strbuf_addf(sb,
			    "</text><rect class=\"bar\" x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" "
			    "height=\"%.0f\" fill=\"%s\"><title>",
			    left, y, w < 1 ? 1 : w, BAR_H - 5, report_color(i % 8));
		strbuf_addxml(sb, b[i].name);
		strbuf_addf(sb, ": %s</title></rect><text x=\"%.1f\" y=\"%.1f\">%s</text>\n", num,
			    left + (w < 1 ? 1 : w) + 6, y + 13, num);
	}
	if (n > shown)
		strbuf_addf(sb, _("<text x=\"%.0f\" y=\"%.1f\">and %zu more missions</text>\n"),
			    left, h - 4, n - shown);
	strbuf_addstr(sb, "</svg>\n");
	free(b);
}

void report_html_missions(struct strbuf *sb, const struct report_data *rd)
{
	size_t n;
	long none;
	char day[11], num[32];
	free(mission_bars(rd, &n, &none));
	muster_date_format(rd->opts.on, day);
	report_fmt_num(none, num);
	strbuf_addf(sb, _("<h2>By mission, on %s</h2>\n"), day);
	strbuf_addstr(sb, "<figure id=\"posture-missions\">\n");
	report_svg_missions(sb, rd);
	strbuf_addstr(sb, "<figcaption>");
	strbuf_addf(sb,
		    _("Personnel on each mission, to scale with the largest; %s personnel on no "
		      "mission (national presence) are not drawn."),
		    num);
	strbuf_addstr(sb, "</figcaption></figure>\n");
}

/* ---- reference ---- */

static void polyline(struct strbuf *sb, const int32_t *dates, const double *v, size_t n,
		     int32_t from, int32_t to, double left, double top, double width, double height,
		     double ymax, const char *color, const char *dash)
{
	bool open = false;
	double prev_y = 0;
	strbuf_addf(sb, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s d=\"", color, dash);
	for (size_t i = 0; i < n; i++) {
		if (dates[i] >= to)
			break;
		int32_t d = dates[i] < from ? from : dates[i];
		if (i + 1 < n && dates[i + 1] <= from)
			continue;
		double x = left + (double)(d - from) / (double)(to - from) * width;
		double y = top + height - v[i] / ymax * height;
		if (!open)
			strbuf_addf(sb, "M%.1f %.1f", x, y);
		else
			strbuf_addf(sb, "L%.1f %.1fL%.1f %.1f", x, prev_y, x, y);
		open = true;
		prev_y = y;
	}
	if (open)
		strbuf_addf(sb, "L%.1f %.1f", left + width, prev_y);
	strbuf_addstr(sb, "\"/>\n");
}

/* The reference chart as an <svg> element (the report's figure, `--svg-dir`'s reference.svg). */
void report_svg_reference(struct strbuf *sb, const struct report_data *rd)
{
	const struct muster_series *ref = rd->opts.reference;
	if (!ref || !ref->n)
		return;
	size_t n = rd->series.ndates;
	double *total = xcalloc(n + 1, sizeof(double));
	double ymax = 1;
	for (size_t d = 0; d < n; d++) {
		for (size_t g = 0; g < rd->series.ngroups; g++)
			total[d] += (double)rd->series.cells[d * rd->series.ngroups + g].personnel;
		ymax = total[d] > ymax ? total[d] : ymax;
	}
	for (size_t i = 0; i < ref->n; i++)
		if (ref->dates[i] >= rd->opts.from && ref->dates[i] < rd->opts.to &&
		    ref->values[i] > ymax)
			ymax = ref->values[i];
	{ /* a round top: 1, 2 or 5 x 10^k per quarter */
		double q = ymax / 4, p = pow(10, floor(log10(q))), m = q / p;
		ymax = 4 * p * (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10);
	}
	double left = 80, top = 16, width = W - 80 - 200, height = 260;
	strbuf_addf(sb,
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
		    "width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-label=\"muster against a "
		    "reference series\" font-family=\"system-ui, sans-serif\" font-size=\"12\" "
		    "fill=\"#333\">\n",
		    W, top + height + 40, W, top + height + 40);
	for (int k = 0; k <= 4; k++) {
		double v = ymax * k / 4, y = top + height - height * k / 4;
		char num[32];
		report_fmt_num((long)llround(v), num);
		strbuf_addf(
		    sb,
		    "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
		    "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
		    left, left + width, y, y, left - 6, y + 4, num);
	}
	char a[11], b[11];
	muster_date_format(rd->opts.from, a);
	muster_date_format(rd->opts.to - 1, b);
	strbuf_addf(sb,
		    "<text x=\"%.0f\" y=\"%.0f\">%s</text><text x=\"%.0f\" y=\"%.0f\" "
		    "text-anchor=\"end\">%s</text>\n",
		    left, top + height + 18, a, left + width, top + height + 18, b);
	polyline(sb, rd->series.dates, total, n, rd->opts.from, rd->opts.to, left, top, width,
		 height, ymax, "#2166ac", "");
	polyline(sb, ref->dates, ref->values, ref->n, rd->opts.from, rd->opts.to, left, top, width,
		 height, ymax, "#b2182b", " stroke-dasharray=\"6 4\"");
	double lx = left + width + 20;
	strbuf_addf(sb,
		    "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"30\" y2=\"30\" stroke=\"#2166ac\" "
		    "stroke-width=\"2\"/><text x=\"%.0f\" y=\"34\">muster (%s)</text>\n"
		    "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"52\" y2=\"52\" stroke=\"#b2182b\" "
		    "stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"%.0f\" y=\"56\">",
		    lx, lx + 24, lx + 30, _("total"), lx, lx + 24, lx + 30);
	strbuf_addxml(sb, ref->name);
	strbuf_addstr(sb, "</text>\n</svg>\n");
	free(total);
}

void report_html_reference(struct strbuf *sb, const struct report_data *rd)
{
	const struct muster_series *ref = rd->opts.reference;
	if (!ref || !ref->n)
		return;
	strbuf_addstr(sb, _("<h2>Against "));
	strbuf_addxml(sb, ref->name);
	strbuf_addstr(sb, "</h2>\n<figure id=\"reference\">\n");
	report_svg_reference(sb, rd);
	strbuf_addstr(sb, "<figcaption>");
	strbuf_addstr(sb, _("muster's total personnel on each sample date and the reference "
			    "series on its own dates, as steps."));
	strbuf_addstr(sb, "</figcaption></figure>\n");
	strbuf_addstr(sb, "<table><tr><th>");
	strbuf_addstr(sb, _("date"));
	strbuf_addstr(sb, "</th><th class=\"n\">");
	strbuf_addxml(sb, ref->name);
	strbuf_addstr(sb, "</th><th class=\"n\">muster</th><th class=\"n\">");
	strbuf_addstr(sb, _("difference"));
	strbuf_addstr(sb, "</th></tr>\n");
	size_t shown = 0, inside = 0;
	for (size_t i = 0; i < ref->n; i++)
		inside += ref->dates[i] >= rd->opts.from && ref->dates[i] < rd->opts.to;
	size_t stride = (inside + 39) / 40;
	for (size_t i = 0, k = 0; i < ref->n; i++) {
		if (ref->dates[i] < rd->opts.from || ref->dates[i] >= rd->opts.to)
			continue;
		if (k++ % (stride ? stride : 1))
			continue;
		char day[11], r[32], m[32], d[32];
		muster_date_format(ref->dates[i], day);
		report_fmt_num((long)llround(ref->values[i]), r);
		report_fmt_num((long)llround(rd->ref_muster[i]), m);
		report_fmt_num((long)llround(rd->ref_muster[i] - ref->values[i]), d);
		strbuf_addf(sb,
			    "<tr><td>%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
			    "<td class=\"n\">%s</td></tr>\n",
			    day, r, m, d);
		shown++;
	}
	strbuf_addstr(sb, "</table>\n");
	if (!shown)
		strbuf_addstr(
		    sb, _("<p>The reference series has no date in the report's period.</p>\n"));
}

/* ---- force generation ---- */

/*
 * The force generation tables' column names are those of `report --xlsx`
 * (a machine format); the page shows them to people, in their language.
 */
static const char *const fg_heads[] = {N_("mission"),
				       N_("line"),
				       N_("phase"),
				       N_("from"),
				       N_("to"),
				       N_("units"),
				       N_("required_person_days"),
				       N_("filled_person_days"),
				       N_("fill_pct"),
				       N_("reason"),
				       N_("gaps"),
				       N_("lines"),
				       N_("missing_units"),
				       N_("missing_people"),
				       N_("example"),
				       N_("nation"),
				       N_("offer"),
				       N_("personnel"),
				       N_("soft_caveats")};

static const char *fg_head(const char *col)
{
	for (size_t i = 0; i < ARRAY_SIZE(fg_heads); i++)
		if (!strcmp(col, fg_heads[i]))
			return _(fg_heads[i]);
	return col;
}

/*
 * A number cell ("-1234567.25") with its whole part in groups of three
 * ("-1,234,567.25"), as every figure of the report; false (nothing added)
 * when `v` is not such a number.
 */
static bool add_grouped(struct strbuf *sb, const char *v)
{
	const char *p = v + (*v == '-');
	size_t whole = strspn(p, "0123456789");
	if (!whole || (p[whole] && (p[whole] != '.' || !p[whole + 1] ||
				    strspn(p + whole + 1, "0123456789") != strlen(p + whole + 1))))
		return false;
	if (p != v)
		strbuf_addch(sb, '-');
	for (size_t i = 0; i < whole; i++) {
		if (i && (whole - i) % 3 == 0)
			strbuf_addch(sb, ',');
		strbuf_addch(sb, p[i]);
	}
	strbuf_addstr(sb, p + whole);
	return true;
}

static void html_table(struct strbuf *sb, const struct muster_table *t, size_t max_rows)
{
	strbuf_addstr(sb, "<table><tr>");
	for (size_t c = 0; c < t->ncols; c++) {
		strbuf_addstr(sb, t->numeric[c] ? "<th class=\"n\">" : "<th>");
		strbuf_addxml(sb, fg_head(t->head[c]));
		strbuf_addstr(sb, "</th>");
	}
	strbuf_addstr(sb, "</tr>\n");
	size_t rows = muster_table_rows(t);
	for (size_t r = 0; r < rows && r < max_rows; r++) {
		strbuf_addstr(sb, "<tr>");
		for (size_t c = 0; c < t->ncols; c++) {
			const char *v = muster_table_cell(t, r, c);
			strbuf_addstr(sb, t->numeric[c] ? "<td class=\"n\">" : "<td>");
			if (!t->numeric[c] || !add_grouped(sb, v))
				strbuf_addxml(sb, v);
			strbuf_addstr(sb, "</td>");
		}
		strbuf_addstr(sb, "</tr>\n");
	}
	strbuf_addstr(sb, "</table>\n");
	if (rows > max_rows)
		strbuf_addf(sb,
			    _("<p class=\"meta\">... and %zu more rows (all of them in "
			      "<code>report --xlsx</code>).</p>\n"),
			    rows - max_rows);
}

/* Contributions against fair share: per mission a table and the fair-share chart. */
static void html_fair(struct strbuf *sb, const struct report_data *rd)
{
	size_t n;
	const char **m = report_fair_missions(rd, &n);
	for (size_t i = 0; i < n; i++) {
		struct muster_fairshare fs;
		struct muster_error err = {0};
		strbuf_addstr(sb, "<h3>");
		strbuf_addstr(sb, _("Contributions against fair share, mission "));
		strbuf_addxml(sb, m[i]);
		strbuf_addstr(sb, "</h3>\n");
		if (report_fair_compute(rd, m[i], &fs, &err) < 0) {
			strbuf_addstr(sb, "<p class=\"breach\">");
			strbuf_addxml(sb, err.msg ? err.msg : _("unknown error"));
			strbuf_addstr(sb, "</p>\n");
			muster_error_release(&err);
			muster_fairshare_release(&fs);
			continue;
		}
		strbuf_addstr(sb, "<p class=\"meta\">");
		strbuf_addf(sb, _("Fair share of %ld (the top phase ceiling) by key "), fs.total);
		strbuf_addstr(sb, "<b>");
		strbuf_addxml(sb, fs.key);
		strbuf_addstr(sb, "</b>");
		strbuf_addstr(sb, _(" among "));
		strbuf_addxml(sb, fs.participants);
		strbuf_addstr(sb, _("; sourced: the run's person-days, as "
				    "<code>muster fairshare --mission M --key K</code>."));
		strbuf_addstr(sb, "</p>\n");
		struct muster_report_tables t = {0};
		report_fair_rows(report_fair_table_new(&t), &fs);
		html_table(sb, &t.items[0].table, 60);
		muster_report_tables_release(&t);
		char *svg = NULL;
		if (muster_fairshare_svg(&fs, &svg, &err) == 0) {
			const char *body = svg;
			if (!strncmp(body, "<?xml", 5) && strchr(body, '\n'))
				body = strchr(body, '\n') + 1;
			strbuf_addstr(sb, "<figure>");
			strbuf_addstr(sb, body);
			strbuf_addstr(sb, "</figure>\n");
		}
		free(svg);
		muster_error_release(&err);
		muster_fairshare_release(&fs);
	}
	free(m);
}

void report_html_force(struct strbuf *sb, const struct report_data *rd)
{
	strbuf_addstr(sb, _("<h2>Force generation</h2>\n"));
	if (!rd->run) {
		strbuf_addstr(sb, _("<p class=\"meta\">No sourcing run in this report (run "
				    "<code>muster source</code>, or leave out "
				    "<code>--no-run</code>).</p>\n"));
		return;
	}
	struct muster_report_tables t = {0};
	struct muster_error err = {0};
	if (report_tables_add(&t, rd, &err) < 0) {
		strbuf_addstr(sb, _("<p class=\"breach\">The force generation tables failed: "));
		strbuf_addxml(sb, err.msg ? err.msg : "unknown error");
		strbuf_addstr(sb, "</p>\n");
		muster_error_release(&err);
		muster_report_tables_release(&t);
		return;
	}
	static const char *const want[] = {"fill by line and phase", "gaps by reason",
					   "soft caveats overridden"};
	static const char *const heading[] = {
	    N_("Fill by line and phase (person-days of each line within each phase)"),
	    N_("Gaps by reason (the constraint that left each line short)"),
	    N_("Soft caveats overridden by the run")};
	for (size_t w = 0; w < ARRAY_SIZE(want); w++)
		for (size_t i = 0; i < t.nr; i++) {
			if (strcmp(t.items[i].name, want[w]))
				continue;
			strbuf_addf(sb, "<h3>%s</h3>\n", _(heading[w]));
			if (!muster_table_rows(&t.items[i].table))
				strbuf_addstr(sb, _("<p class=\"ok\">None.</p>\n"));
			else
				html_table(sb, &t.items[i].table, 60);
		}
	muster_report_tables_release(&t);
	html_fair(sb, rd);
}
