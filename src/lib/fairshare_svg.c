/*
 * fairshare_svg.c: the fair-share bar chart (`muster fairshare --format
 * svg`): each nation's fair share and, with a run, what was sourced.
 */
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SVG_LEFT    56.0
#define SVG_TOP	    64.0
#define SVG_PLOT_H  260.0
#define SVG_BOTTOM  40.0
#define SVG_GROUP_W 30.0
#define SVG_BAR_W   11.0

/* A round tick step (1, 2 or 5 x 10^k) giving about five ticks up to `max`. */
static double nice_step(double max)
{
	double raw = max / 5, mag, steps[] = {1, 2, 5, 10};
	if (!(raw > 0))
		return 1;
	mag = pow(10, floor(log10(raw)));
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++)
		if (steps[i] * mag >= raw)
			return steps[i] * mag;
	return 10 * mag;
}

static double chart_max(const struct muster_fairshare *fs)
{
	double max = 0;
	for (size_t i = 0; i < fs->rows.nr; i++) {
		const struct muster_fair_row *r = &fs->rows.items[i];
		max = fmax(max, r->share);
		if (fs->has_run && !isnan(r->sourced_share))
			max = fmax(max, r->sourced_share);
	}
	return max > 0 ? max : 1;
}

static void svg_axis(struct strbuf *sb, double top, double step, double width)
{
	double base = SVG_TOP + SVG_PLOT_H;
	for (double v = 0; v <= top + step / 2; v += step) {
		double y = base - v / top * SVG_PLOT_H;
		strbuf_addf(sb,
			    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			    "stroke=\"#ddd\"/>\n<text x=\"%.1f\" y=\"%.1f\" "
			    "text-anchor=\"end\">%g%%</text>\n",
			    SVG_LEFT, y, width - 16, y, SVG_LEFT - 6, y + 4, v);
	}
	strbuf_addf(sb,
		    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n"
		    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n",
		    SVG_LEFT, SVG_TOP, SVG_LEFT, base, SVG_LEFT, base, width - 16, base);
	strbuf_addf(sb,
		    "<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" "
		    "text-anchor=\"middle\">share of the total</text>\n",
		    SVG_TOP + SVG_PLOT_H / 2, SVG_TOP + SVG_PLOT_H / 2);
}

static void svg_bar(struct strbuf *sb, double x, double v, double top, const char *fill,
		    const char *what, const char *nation)
{
	double h = v / top * SVG_PLOT_H, base = SVG_TOP + SVG_PLOT_H;
	strbuf_addf(sb,
		    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
		    "<title>",
		    x, base - h, SVG_BAR_W, h, fill);
	strbuf_addxml(sb, nation);
	strbuf_addf(sb, " %s: %.2f%%</title></rect>\n", what, v);
}

static void svg_groups(struct strbuf *sb, const struct muster_fairshare *fs, double top)
{
	double base = SVG_TOP + SVG_PLOT_H;
	for (size_t i = 0; i < fs->rows.nr; i++) {
		const struct muster_fair_row *r = &fs->rows.items[i];
		double x = SVG_LEFT + 6 + (double)i * SVG_GROUP_W;
		strbuf_addstr(sb, "<g class=\"nation\">\n");
		svg_bar(sb, x, r->share, top, "#4e79a7", "fair share", r->nation);
		if (fs->has_run && !isnan(r->sourced_share))
			svg_bar(sb, x + SVG_BAR_W, r->sourced_share, top, "#f28e2b", "sourced",
				r->nation);
		strbuf_addf(sb, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
			    x + SVG_BAR_W, base + 16);
		strbuf_addxml(sb, r->nation);
		strbuf_addstr(sb, "</text>\n</g>\n");
	}
}

static void svg_legend(struct strbuf *sb, const struct muster_fairshare *fs, double width)
{
	double x = width - 250;
	strbuf_addf(sb,
		    "<g class=\"legend\">\n<rect x=\"%.1f\" y=\"34\" width=\"12\" height=\"12\" "
		    "fill=\"#4e79a7\"/>\n<text x=\"%.1f\" y=\"44\">fair share</text>\n",
		    x, x + 16);
	if (fs->has_run)
		strbuf_addf(
		    sb,
		    "<rect x=\"%.1f\" y=\"34\" width=\"12\" height=\"12\" fill=\"#f28e2b\"/>\n"
		    "<text x=\"%.1f\" y=\"44\">sourced (person-days)</text>\n",
		    x + 80, x + 96);
	else
		strbuf_addf(sb, "<text x=\"%.1f\" y=\"44\">(no sourcing run)</text>\n", x + 80);
	strbuf_addstr(sb, "</g>\n");
}

static char *svg_chart(const struct muster_fairshare *fs)
{
	struct strbuf sb = STRBUF_INIT;
	double max = chart_max(fs), step = nice_step(max), top = ceil(max / step) * step;
	double width = fmax(SVG_LEFT + 6 + (double)fs->rows.nr * SVG_GROUP_W + 16, 460);
	double height = SVG_TOP + SVG_PLOT_H + SVG_BOTTOM;

	strbuf_addf(&sb,
		    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
		    "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"11\">\n"
		    "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
		    "<text x=\"%.1f\" y=\"20\" font-size=\"14\">",
		    width, height, width, height, SVG_LEFT);
	strbuf_addf(&sb, "Fair share of %ld by key ", fs->total);
	strbuf_addxml(&sb, fs->key);
	strbuf_addstr(&sb, " (");
	strbuf_addxml(&sb, fs->participants);
	if (!strncmp(fs->participants, "members:", 8)) {
		char day[11];
		muster_date_format(fs->on, day);
		strbuf_addf(&sb, " on %s", day);
	}
	if (fs->mission) {
		strbuf_addstr(&sb, ", mission ");
		strbuf_addxml(&sb, fs->mission);
	}
	strbuf_addstr(&sb, ")</text>\n");
	svg_axis(&sb, top, step, width);
	svg_groups(&sb, fs, top);
	svg_legend(&sb, fs, width);
	strbuf_addstr(&sb, "</svg>\n");
	return strbuf_detach(&sb, NULL);
}

int muster_fairshare_svg(const struct muster_fairshare *fs, char **out, struct muster_error *err)
{
	(void)err; /* nothing fails today; the status leaves room for it */
	*out = svg_chart(fs);
	return 0;
}
