/*
 * report_svg.c: the report's charts as standalone SVG: posture over time as
 * a stacked area (one band per top nation or region, then "other"), and cap
 * headroom over time (one small panel per cap or mission ceiling: limit
 * minus counted people, green above zero, red below: a breach).
 *
 * Decisions: fixed 1000-unit-wide viewBoxes scaled by CSS; axis ticks at
 * 1/2/5 x 10^k for numbers and at year or month starts for dates; hover
 * text through <title> elements, so no script is needed; headroom is drawn
 * as steps, since limits change on a date, not gradually.
 */
#include "i18n.h"
#include "report.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define W 1000.0

struct frame {
	double left, top, width, height; /* the plot area */
	int32_t from, to;		 /* x range */
	double ymin, ymax;		 /* y range */
};

static double fx(const struct frame *f, int32_t day)
{
	return f->left + (double)(day - f->from) / (double)(f->to - f->from) * f->width;
}

static double fy(const struct frame *f, double v)
{
	return f->top + f->height - (v - f->ymin) / (f->ymax - f->ymin) * f->height;
}

/* A 1/2/5 x 10^k step giving about `n` ticks over `span`. */
static double nice_step(double span, int n)
{
	double raw = span / n, p = pow(10, floor(log10(raw))), m = raw / p;
	return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/* Compact tick labels (8M, 250k, 1,500) so wide numbers fit the margin. */
static void axis_label(double v, double step, char buf[static 32])
{
	double a = fabs(v);
	if (a >= 1e6 && fmod(step, 1e5) == 0)
		snprintf(buf, 32, "%gM", v / 1e6);
	else if (a >= 1e4 && fmod(step, 1e3) == 0)
		snprintf(buf, 32, "%gk", v / 1e3);
	else
		report_fmt_num(lround(v), buf);
}

static void y_axis(struct strbuf *sb, const struct frame *f, int n)
{
	double step = nice_step(f->ymax - f->ymin, n);
	for (double v = ceil(f->ymin / step) * step; v <= f->ymax + 1e-9; v += step) {
		char buf[32];
		axis_label(v, step, buf);
		double y = fy(f, v);
		strbuf_addf(sb,
			    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			    "stroke=\"%s\" stroke-width=\"%s\"/>"
			    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
			    f->left, y, f->left + f->width, y, fabs(v) < 1e-9 ? "#333" : "#e3e3e3",
			    fabs(v) < 1e-9 ? "1" : "0.8", f->left - 6, y + 4, buf);
	}
}

/* Ticks at the first of January (every k years), or of every k-th month. */
static void x_axis(struct strbuf *sb, const struct frame *f, bool labels)
{
	int y0, m0, d0, y1, m1, d1;
	muster_date_to_ymd(f->from, &y0, &m0, &d0);
	muster_date_to_ymd(f->to, &y1, &m1, &d1);
	long months = (long)(y1 - y0) * 12 + (m1 - m0);
	bool yearly = months > 30;
	int k = yearly ? (int)ceil((y1 - y0 + 1) / 12.0) : (int)ceil(months / 12.0);
	if (k < 1)
		k = 1;
	for (long i = 0; i <= months + 1; i++) {
		int y = y0 + (int)((m0 - 1 + i) / 12), m = (int)((m0 - 1 + i) % 12) + 1;
		if ((yearly && (m != 1 || (y - y0) % k)) || (!yearly && i % k))
			continue;
		int32_t day = muster_date_from_ymd(y, m, 1);
		if (day < f->from || day > f->to)
			continue;
		double x = fx(f, day);
		strbuf_addf(sb,
			    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#bbb\" "
			    "stroke-width=\"0.8\"/>",
			    x, f->top + f->height, x, f->top + f->height + 4);
		if (labels) {
			static const char *const mon[] = {
			    N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
			    N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec")};
			if (yearly)
				strbuf_addf(
				    sb,
				    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>",
				    x, f->top + f->height + 18, y);
			else
				strbuf_addf(sb,
					    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s "
					    "%d</text>",
					    x, f->top + f->height + 18, _(mon[m - 1]), y);
		}
		strbuf_addch(sb, '\n');
	}
}

static void svg_open(struct strbuf *sb, double h, const char *label)
{
	strbuf_addf(sb,
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
		    "width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-label=\"",
		    W, h, W, h);
	strbuf_addxml(sb, label);
	strbuf_addstr(sb, "\" font-family=\"system-ui, sans-serif\" font-size=\"12\" "
			  "fill=\"#333\">\n");
}

/* ---- stacked area ----------------------------------------------------- */

static void area_band(struct strbuf *sb, const struct report_data *rd, const struct frame *f,
		      const long *lower, const long *upper, size_t k)
{
	long peak = 0;
	int32_t peak_on = rd->dates[0];
	for (size_t d = 0; d < rd->ndates; d++) {
		if (upper[d] - lower[d] > peak) {
			peak = upper[d] - lower[d];
			peak_on = rd->dates[d];
		}
	}
	char buf[32], day[11];
	report_fmt_num(peak, buf);
	muster_date_format(peak_on, day);
	strbuf_addf(sb,
		    "<path class=\"band\" fill=\"%s\" fill-opacity=\"0.88\" stroke=\"#fff\" "
		    "stroke-width=\"0.4\" d=\"",
		    report_color(k));
	/* the last sample holds until `to` */
	for (size_t d = 0; d <= rd->ndates; d++) {
		int32_t t = d < rd->ndates ? rd->dates[d] : f->to;
		long v = upper[d < rd->ndates ? d : rd->ndates - 1];
		strbuf_addf(sb, "%c%.1f %.1f", d ? 'L' : 'M', fx(f, t), fy(f, (double)v));
	}
	for (size_t i = rd->ndates + 1; i-- > 0;) {
		int32_t t = i < rd->ndates ? rd->dates[i] : f->to;
		long v = lower[i < rd->ndates ? i : rd->ndates - 1];
		strbuf_addf(sb, "L%.1f %.1f", fx(f, t), fy(f, (double)v));
	}
	strbuf_addstr(sb, "Z\"><title>");
	strbuf_addxml(sb, report_layer_name(rd, k));
	strbuf_addf(sb, _(": peak %s on %s</title></path>\n"), buf, day);
}

static void area_legend(struct strbuf *sb, const struct report_data *rd, const struct frame *f)
{
	double x = f->left + f->width + 20;
	for (size_t k = rd->nlayers; k-- > 0;) {
		double y = f->top + 4 + (double)(rd->nlayers - 1 - k) * 20;
		strbuf_addf(sb,
			    "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"14\" fill=\"%s\"/>"
			    "<text x=\"%.1f\" y=\"%.1f\">",
			    x, y, report_color(k), x + 20, y + 11);
		strbuf_addxml(sb, report_layer_name(rd, k));
		strbuf_addstr(sb, "</text>\n");
	}
}

void report_svg_area(struct strbuf *sb, const struct report_data *rd)
{
	struct frame f = {70, 16, W - 70 - 170, 330, rd->opts.from, rd->opts.to, 0, 1};
	size_t n = rd->ndates;
	long *cum = xcalloc((rd->nlayers + 1) * n, sizeof(*cum));
	for (size_t k = 0; k < rd->nlayers; k++)
		for (size_t d = 0; d < n; d++)
			cum[(k + 1) * n + d] = cum[k * n + d] + report_layer_value(rd, k, d);
	for (size_t d = 0; d < n; d++)
		if (cum[rd->nlayers * n + d] > f.ymax)
			f.ymax = (double)cum[rd->nlayers * n + d];
	f.ymax = ceil(f.ymax / nice_step(f.ymax, 5)) * nice_step(f.ymax, 5);
	svg_open(sb, 16 + 330 + 34, _("posture over time, stacked"));
	y_axis(sb, &f, 5);
	for (size_t k = 0; k < rd->nlayers; k++)
		area_band(sb, rd, &f, &cum[k * n], &cum[(k + 1) * n], k);
	x_axis(sb, &f, true);
	area_legend(sb, rd, &f);
	if (!rd->nlayers)
		strbuf_addf(sb,
			    _("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">no personnel "
			      "in this period</text>\n"),
			    f.left + f.width / 2, f.top + f.height / 2);
	strbuf_addstr(sb, "</svg>\n");
	free(cum);
}

/* ---- headroom --------------------------------------------------------- */

#define PANEL_H 140.0
#define PLOT_H	76.0

/* A filled step area between the headroom (clipped by `sign`) and zero. */
static void headroom_fill(struct strbuf *sb, const struct report_data *rd, const struct frame *f,
			  const struct report_limit *l, int sign, const char *color)
{
	bool open = false;
	for (size_t d = 0; d < rd->ndates; d++) {
		int32_t t0 = rd->dates[d], t1 = d + 1 < rd->ndates ? rd->dates[d + 1] : f->to;
		long h = l->limit[d] < 0 ? 0 : l->limit[d] - l->counted[d];
		if (sign * h <= 0 || l->limit[d] < 0) {
			if (open)
				strbuf_addstr(sb, "Z\"/>\n");
			open = false;
			continue;
		}
		if (!open)
			strbuf_addf(sb, "<path fill=\"%s\" d=\"M%.1f %.1f", color, fx(f, t0),
				    fy(f, 0));
		open = true;
		strbuf_addf(sb, "L%.1f %.1fL%.1f %.1fL%.1f %.1f", fx(f, t0), fy(f, (double)h),
			    fx(f, t1), fy(f, (double)h), fx(f, t1), fy(f, 0));
	}
	if (open)
		strbuf_addstr(sb, "Z\"/>\n");
}

static void headroom_line(struct strbuf *sb, const struct report_data *rd, const struct frame *f,
			  const struct report_limit *l)
{
	bool open = false;
	strbuf_addstr(sb, "<path fill=\"none\" stroke=\"#333\" stroke-width=\"1.2\" d=\"");
	for (size_t d = 0; d < rd->ndates; d++) {
		int32_t t0 = rd->dates[d], t1 = d + 1 < rd->ndates ? rd->dates[d + 1] : f->to;
		if (l->limit[d] < 0) {
			open = false;
			continue;
		}
		double y = fy(f, (double)(l->limit[d] - l->counted[d]));
		strbuf_addf(sb, "%c%.1f %.1fL%.1f %.1f", open ? 'L' : 'M', fx(f, t0), y, fx(f, t1),
			    y);
		open = true;
	}
	strbuf_addstr(sb, "\"/>\n");
}

static void headroom_panel(struct strbuf *sb, const struct report_data *rd,
			   const struct report_limit *l, double top)
{
	struct frame f = {70, top + 30, W - 70 - 30, PLOT_H, rd->opts.from, rd->opts.to, 0, 0};
	long lo = 0, hi = 0, worst = LONG_MAX, top_limit = 0;
	int32_t worst_on = rd->dates[0];
	for (size_t d = 0; d < rd->ndates; d++) {
		if (l->limit[d] < 0)
			continue;
		long h = l->limit[d] - l->counted[d];
		top_limit = l->limit[d] > top_limit ? l->limit[d] : top_limit;
		lo = h < lo ? h : lo;
		hi = h > hi ? h : hi;
		if (h < worst) {
			worst = h;
			worst_on = rd->dates[d];
		}
	}
	/* zero headroom at a high limit still shows some room above it */
	f.ymin = (double)lo;
	f.ymax = (double)(hi > top_limit / 10 ? hi : top_limit / 10);
	if (f.ymax - f.ymin < 10)
		f.ymax = f.ymin + 10;
	char buf[32], day[11];
	report_fmt_num(worst == LONG_MAX ? 0 : worst, buf);
	muster_date_format(worst_on, day);
	strbuf_addf(sb, "<g class=\"panel\"><title>");
	strbuf_addxml(sb, l->label);
	if (worst != LONG_MAX)
		strbuf_addf(sb, _(": least headroom %s on %s"), buf, day);
	strbuf_addf(sb, "</title>\n<text x=\"%.1f\" y=\"%.1f\" font-weight=\"600\"%s>", f.left,
		    top + 18, worst < 0 && worst != LONG_MAX ? " fill=\"#b2182b\"" : "");
	strbuf_addxml(sb, l->label);
	if (worst != LONG_MAX)
		strbuf_addf(sb, _(" (least headroom %s on %s)"), buf, day);
	strbuf_addstr(sb, "</text>\n");
	y_axis(sb, &f, 2);
	headroom_fill(sb, rd, &f, l, 1, "#a1d99b");
	headroom_fill(sb, rd, &f, l, -1, "#d6604d");
	headroom_line(sb, rd, &f, l);
	x_axis(sb, &f, true);
	strbuf_addstr(sb, "</g>\n");
}

void report_svg_headroom(struct strbuf *sb, const struct report_data *rd)
{
	double h = rd->nlimits ? (double)rd->nlimits * PANEL_H + 10 : 40;
	svg_open(sb, h, _("cap headroom over time"));
	for (size_t i = 0; i < rd->nlimits; i++)
		headroom_panel(sb, rd, &rd->limits[i], (double)i * PANEL_H);
	if (!rd->nlimits)
		strbuf_addstr(sb, _("<text x=\"70\" y=\"24\">no caps or ceilings</text>\n"));
	strbuf_addstr(sb, "</svg>\n");
}
