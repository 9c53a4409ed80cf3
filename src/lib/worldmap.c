/*
 * worldmap.c: the world map of the report: every country of the embedded
 * data/world.csv (Natural Earth 1:110m, public domain; see
 * data/WORLD-README.md) shaded by the personnel in it on the map's date.
 *
 * Decisions: the shapes are already projected into a 1000 x 500 box, so the
 * map is a list of <path> elements; the viewBox crops Antarctica. Personnel
 * spans five orders of magnitude (20 staff officers to 35,000 in a garrison),
 * so the colour classes are logarithmic (1-9, 10-99, ... 100,000+), from a
 * colour-blind-safe sequential scheme (ColorBrewer YlOrRd). Countries with
 * personnel but no shape at this scale are listed under the legend; those
 * with a shape too small to see (Kuwait, Qatar) also get a circle marker.
 * The CSV is parsed on each call (175 rows): no global state.
 */
#include "i18n.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

extern const char muster_data_world[];
extern const size_t muster_data_world_len;

static const char *const scale[] = {"#ffffb2", "#fed976", "#feb24c",
				    "#fd8d3c", "#f03b20", "#bd0026"};
static const char *const scale_label[] = {"1-9",	 "10-99",	  "100-999",
					  "1,000-9,999", "10,000-99,999", "100,000+"};
#define NO_DATA	    "#e4e4e4"
#define MAX_UNSHOWN 8	/* countries listed under the map */
#define SMALL_SHAPE 8.0 /* px: countries smaller than this also get a marker */
#define MAX_LABELS  12	/* countries labelled on the map, largest figures first */

/* A printed label: a country's code and figure at its largest ring's centre. */
struct label {
	char code[8];
	long v;
	double x, y;
};

static const char *color_of(long v)
{
	size_t k = 0;
	if (v <= 0)
		return NO_DATA;
	for (long t = 10; v >= t && k + 1 < ARRAY_SIZE(scale); t *= 10)
		k++;
	return scale[k];
}

struct shape {
	const char *code, *name, *path; /* into the copy of the CSV */
};

/*
 * Split one line "code,name,path" in place; name may be quoted (no quotes
 * inside, as the generator writes it), path holds no comma.
 */
static bool parse_line(char *line, struct shape *s)
{
	char *c1 = strchr(line, ','), *c2 = strrchr(line, ',');
	if (!c1 || c1 == c2)
		return false;
	*c1 = *c2 = '\0';
	s->code = line;
	s->name = c1 + 1;
	s->path = c2 + 1;
	if (*s->name == '"') {
		s->name++;
		char *q = strchr(s->name, '"');
		if (q)
			*q = '\0';
	}
	return true;
}

struct box {
	double x0, y0, x1, y1;
};

/*
 * The bounding box of the largest ring of a path in the generator's form
 * ("Mx yl dx dy ... z", repeated), to place a marker on small countries.
 */
static struct box largest_ring(const char *d)
{
	struct box best = {0, 0, 0, 0}, cur = {0, 0, 0, 0};
	double x = 0, y = 0, best_size = -1;
	char *end;
	for (const char *p = d; *p;) {
		if (*p == 'M' || *p == 'l' || *p == ' ') {
			bool move = *p == 'M';
			double a = strtod(p + 1, &end), b = strtod(end, &end);
			if (end == p + 1)
				break;
			x = move ? a : x + a;
			y = move ? b : y + b;
			if (move)
				cur = (struct box){x, y, x, y};
			cur.x0 = x < cur.x0 ? x : cur.x0;
			cur.x1 = x > cur.x1 ? x : cur.x1;
			cur.y0 = y < cur.y0 ? y : cur.y0;
			cur.y1 = y > cur.y1 ? y : cur.y1;
			p = end;
		} else if (*p == 'z') {
			double size = (cur.x1 - cur.x0) * (cur.y1 - cur.y0);
			if (size > best_size) {
				best_size = size;
				best = cur;
			}
			p++;
		} else {
			p++;
		}
	}
	return best;
}

/* A marker on a country too small to see its fill, with the same hover title. */
static void marker(struct strbuf *marks, const struct shape *s, long v, const char *title)
{
	struct box b = largest_ring(s->path);
	if (b.x1 - b.x0 > SMALL_SHAPE || b.y1 - b.y0 > SMALL_SHAPE)
		return;
	strbuf_addf(marks,
		    "<circle id=\"m-%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" "
		    "stroke=\"#333\" stroke-width=\"0.8\"><title>",
		    s->code, (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2, color_of(v));
	strbuf_addxml(marks, title);
	strbuf_addstr(marks, "</title></circle>\n");
}

static void draw_countries(struct strbuf *sb, struct strbuf *marks, char *csv,
			   const struct muster_posture *on, bool *shown, struct label *labels,
			   size_t *nlabels)
{
	char *save = NULL;
	bool header = true;
	for (char *line = strtok_r(csv, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct shape s;
		if (header || !parse_line(line, &s)) {
			header = false;
			continue;
		}
		const struct muster_posture_cell *c =
		    on->ngroups ? muster_posture_cell(on, 0, s.code) : NULL;
		long v = c ? c->personnel : 0;
		if (c)
			shown[c - on->cells] = true;
		char buf[32];
		report_fmt_num(v, buf);
		char *title = xstrfmt(_("%s (%s): %s personnel"), s.name, s.code, buf);
		strbuf_addf(sb, "<path id=\"c-%s\" fill=\"%s\" d=\"%s\"><title>", s.code,
			    color_of(v), s.path);
		strbuf_addxml(sb, title);
		strbuf_addstr(sb, "</title></path>\n");
		if (v > 0) {
			marker(marks, &s, v, title);
			struct box b = largest_ring(s.path);
			struct label l = {.v = v, .x = (b.x0 + b.x1) / 2, .y = (b.y0 + b.y1) / 2};
			snprintf(l.code, sizeof(l.code), "%s", s.code);
			labels[(*nlabels)++] = l;
		}
		free(title);
	}
}

static int cmp_label(const void *a, const void *b)
{
	const struct label *x = a, *y = b;
	if (x->v != y->v)
		return x->v < y->v ? 1 : -1;
	return strcmp(x->code, y->code);
}

/*
 * Printed labels ("DEU 35,124") on the countries with the largest figures,
 * in a white halo. A label that would overlap one already placed moves
 * beside its country (below, above, right, left, then further down), with a
 * thin line back to the country's centre; one that fits nowhere is left out
 * (its figure is still in the hover title and the tables). Kuwait beside
 * Iraq is the case this is for.
 */
static void print_labels(struct strbuf *sb, struct label *l, size_t n)
{
	struct box placed[MAX_LABELS];
	size_t k = 0;
	qsort(l, n, sizeof(*l), cmp_label);
	strbuf_addstr(sb, "<g class=\"labels\" font-size=\"11\" text-anchor=\"middle\" "
			  "stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\" "
			  "stroke-linejoin=\"round\">\n");
	for (size_t i = 0; i < n && k < MAX_LABELS; i++) {
		char num[32];
		report_fmt_num(l[i].v, num);
		double w = 6.5 * (double)(strlen(l[i].code) + 1 + strlen(num)), h = 13;
		/* the label's baseline centre: on the country, then beside it */
		const double dx[] = {0, 0, 0, w / 2 + 8, -w / 2 - 8, 0};
		const double dy[] = {4, 4 + 16, 4 - 16, 4, 4, 4 + 32};
		for (size_t c = 0; c < sizeof(dx) / sizeof(dx[0]); c++) {
			double x = l[i].x + dx[c], y = l[i].y + dy[c];
			struct box b = {x - w / 2, y - h, x + w / 2, y + 2};
			bool clash = b.x0 < 0 || b.x1 > 1000 || b.y0 < 0 || b.y1 > 420;
			for (size_t j = 0; j < k && !clash; j++)
				clash = b.x0 < placed[j].x1 && placed[j].x0 < b.x1 &&
					b.y0 < placed[j].y1 && placed[j].y0 < b.y1;
			if (clash)
				continue;
			placed[k++] = b;
			if (c) /* moved: a line from the label's near edge to the country */
				strbuf_addf(sb,
					    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
					    "stroke=\"#555\" stroke-width=\"0.8\"/>\n",
					    dx[c] > 0	? b.x0
					    : dx[c] < 0 ? b.x1
							: x,
					    dy[c] > 4	? b.y0
					    : dy[c] < 4 ? b.y1
							: y - h / 2 + 2,
					    l[i].x, l[i].y);
			strbuf_addf(sb, "<text x=\"%.1f\" y=\"%.1f\">%s %s</text>\n", x, y,
				    l[i].code, num);
			break;
		}
	}
	strbuf_addstr(sb, "</g>\n");
}

static void legend(struct strbuf *sb, const char *day)
{
	double x = 20, y = 290;
	strbuf_addf(sb,
		    _("<g class=\"legend\"><text x=\"%.0f\" y=\"%.0f\" font-weight=\"600\">"
		      "personnel on %s</text>\n"),
		    x, y, day);
	for (size_t k = 0; k < ARRAY_SIZE(scale); k++)
		strbuf_addf(sb,
			    "<rect x=\"%.0f\" y=\"%.0f\" width=\"14\" height=\"12\" fill=\"%s\" "
			    "stroke=\"#999\" stroke-width=\"0.5\"/><text x=\"%.0f\" y=\"%.0f\">%s"
			    "</text>\n",
			    x, y + 8 + (double)k * 16, scale[k], x + 20, y + 18 + (double)k * 16,
			    scale_label[k]);
	strbuf_addf(sb,
		    "<rect x=\"%.0f\" y=\"%.0f\" width=\"14\" height=\"12\" fill=\"%s\" "
		    "stroke=\"#999\" stroke-width=\"0.5\"/><text x=\"%.0f\" y=\"%.0f\">%s</text>"
		    "</g>\n",
		    x, y + 8 + 6 * 16.0, NO_DATA, x + 20, y + 18 + 6 * 16.0, _("none"));
}

struct missing {
	size_t group;
	long people;
};

static int cmp_missing(const void *a, const void *b)
{
	const struct missing *x = a, *y = b;
	if (x->people != y->people)
		return x->people < y->people ? 1 : -1;
	return (x->group > y->group) - (x->group < y->group);
}

/* Countries with personnel but no shape: the largest few, as one line of text. */
static void unshown(struct strbuf *sb, const struct muster_posture *on, const bool *shown)
{
	struct missing *m = xcalloc(on->ngroups + 1, sizeof(*m));
	size_t n = 0;
	for (size_t g = 0; g < on->ngroups; g++)
		if (!shown[g] && on->cells[g].personnel)
			m[n++] = (struct missing){g, on->cells[g].personnel};
	qsort(m, n, sizeof(*m), cmp_missing);
	if (n)
		strbuf_addstr(sb, _("<text class=\"unshown\" x=\"20\" y=\"428\">not on the map:"));
	for (size_t i = 0; i < n && i < MAX_UNSHOWN; i++) {
		char buf[32];
		report_fmt_num(m[i].people, buf);
		strbuf_addch(sb, ' ');
		strbuf_addxml(sb, on->groups[m[i].group]);
		strbuf_addf(sb, " %s;", buf);
	}
	if (n > MAX_UNSHOWN)
		strbuf_addf(sb, _(" and %zu more"), n - MAX_UNSHOWN);
	if (n)
		strbuf_addstr(sb, "</text>\n");
	free(m);
}

void worldmap_svg(struct strbuf *sb, const struct report_data *rd)
{
	const struct muster_posture *on = &rd->on_country;
	char *csv = xstrndup(muster_data_world, muster_data_world_len);
	bool *shown = xcalloc(on->ngroups + 1, sizeof(*shown));
	char day[11];
	muster_date_format(rd->opts.on, day);
	strbuf_addstr(sb,
		      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 15 1000 420\" "
		      "width=\"1000\" height=\"420\" role=\"img\" aria-label=\"world map of "
		      "personnel per country\" font-family=\"system-ui, sans-serif\" "
		      "font-size=\"12\" fill=\"#333\">\n"
		      "<rect x=\"0\" y=\"15\" width=\"1000\" height=\"420\" fill=\"#f4f8fb\"/>\n"
		      "<g class=\"countries\" stroke=\"#fff\" stroke-width=\"0.4\" "
		      "stroke-linejoin=\"round\">\n");
	struct strbuf marks = STRBUF_INIT;
	struct label *labels = xcalloc(muster_data_world_len / 64 + 1, sizeof(*labels));
	size_t nlabels = 0;
	draw_countries(sb, &marks, csv, on, shown, labels, &nlabels);
	strbuf_addstr(sb, "</g>\n<g class=\"markers\">\n");
	strbuf_add(sb, marks.buf, marks.len);
	strbuf_addstr(sb, "</g>\n");
	strbuf_release(&marks);
	print_labels(sb, labels, nlabels);
	free(labels);
	legend(sb, day);
	unshown(sb, on, shown);
	strbuf_addstr(sb, "</svg>\n");
	free(shown);
	free(csv);
}
