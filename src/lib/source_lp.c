/*
 * source_lp.c: writes the sourcing model (source.h) in CPLEX LP format, so
 * that glpsol (`glpsol --lp FILE`), CBC (`cbc FILE solve`) or any MILP solver
 * can solve exactly the model that `muster source --exact` solves.
 *
 * Key decisions:
 * - Names: variables x_<offer>_<mission>_<line>, rows line_<mission>_<line>_s<seg>,
 *   offer_<offer>_s<seg>, cap_<nation>_<country>_<cap#>_s<seg>,
 *   ceiling_<mission>_<phase>_s<seg> and ceiling_<mission>_none_s<seg>.
 *   Characters other than letters, digits, '_' and '.' become '_'; a name
 *   made equal to another by this gets the suffix _<index>, and every name is
 *   cut to 200 characters (the format allows 255).
 * - Lines are wrapped after a few terms (readers limit line length).
 * - Numbers are printed with %.17g so that the optimum is the same bit for bit.
 * - With a fair-share weight (opts.fair_weight > 0) the file holds the
 *   linearised term of source_fair.h, as `--exact` solves it: per (mission,
 *   nation) group of a participant, a continuous excess_<mission>_<nation>
 *   >= 0 with the objective term -penalty x excess and the row
 *   fairexcess_<mission>_<nation>: excess - sum person-days x x >= -fair
 *   person-days (with opts.fair_cap: sum person-days x x <= fair person-days).
 */
#include "source.h"
#include "source_fair.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define NAME_MAX_LEN   200
#define TERMS_PER_LINE 6

static char *sanitize(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	for (; *s && sb.len < NAME_MAX_LEN; s++) {
		unsigned char c = (unsigned char)*s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '_' || c == '.';
		strbuf_addch(&sb, ok ? c : '_');
	}
	return strbuf_detach(&sb, NULL);
}

static int cmp_name_idx(const void *a, const void *b, void *ctx)
{
	char *const *names = ctx;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(names[x], names[y]);
	return c ? c : (x > y) - (x < y);
}

/* Make names unique: every duplicate after the first gets _<index>, until none is left. */
static void make_unique(char **names, size_t n)
{
	size_t *idx = xmalloc((n + 1) * sizeof(*idx));
	for (bool again = true; again;) {
		again = false;
		for (size_t i = 0; i < n; i++)
			idx[i] = i;
		qsort_r(idx, n, sizeof(*idx), cmp_name_idx, names);
		for (size_t i = 1, first = 0; i < n; i++) {
			if (strcmp(names[idx[i]], names[idx[first]])) {
				first = i;
				continue;
			}
			char *u = xstrfmt("%s_%zu", names[idx[i]], idx[i]);
			free(names[idx[i]]);
			names[idx[i]] = u;
			again = true;
		}
	}
	free(idx);
}

/* Whether variable j shares its (offer, line) with a neighbour: the pair has several J. */
static bool several_intervals(const struct source_model *m, size_t j)
{
	const struct source_pair *p = &m->pairs.items[j];
	const struct source_pair *q = j > 0 ? &m->pairs.items[j - 1] : NULL;
	const struct source_pair *r = j + 1 < m->pairs.nr ? &m->pairs.items[j + 1] : NULL;
	return (q && q->offer == p->offer && q->line == p->line) ||
	       (r && r->offer == p->offer && r->line == p->line);
}

/* x_<offer>_<mission>_<line>, and _<from>_<to> when the pair has several intervals. */
static char *pair_name(const struct source_model *m, size_t j)
{
	const struct source_pair *p = &m->pairs.items[j];
	const struct muster_offer *o = &m->sc->offers.items[p->offer];
	const struct muster_requirement *r = &m->sc->requirements.items[p->line];
	char f[11], t[11];
	muster_date_format(p->from, f);
	muster_date_format(p->to, t);
	char *raw = several_intervals(m, j)
			? xstrfmt("x_%s_%s_%s_%s_%s", o->id, r->mission, r->line, f, t)
			: xstrfmt("x_%s_%s_%s", o->id, r->mission, r->line);
	char *s = sanitize(raw);
	free(raw);
	return s;
}

static char *row_name(const struct source_model *m, const struct source_row *row)
{
	const struct muster_scenario *sc = m->sc;
	char *raw = NULL, *s;
	switch (row->kind) {
	case SOURCE_ROW_LINE:
		raw = xstrfmt("line_%s_%s_s%u", sc->requirements.items[row->ref].mission,
			      sc->requirements.items[row->ref].line, row->seg);
		break;
	case SOURCE_ROW_OFFER:
		raw = xstrfmt("offer_%s_s%u", sc->offers.items[row->ref].id, row->seg);
		break;
	case SOURCE_ROW_CAP:
		raw = xstrfmt("cap_%s_%s_%u_s%u", sc->caps.items[row->ref].nation,
			      sc->caps.items[row->ref].country, row->ref, row->seg);
		break;
	case SOURCE_ROW_CEILING:
		raw = xstrfmt("ceiling_%s_%s_s%u", sc->phases.items[row->ref].mission,
			      sc->phases.items[row->ref].phase, row->seg);
		break;
	case SOURCE_ROW_CEILING_NONE:
		raw = xstrfmt("ceiling_%s_none_s%u", sc->missions.items[row->ref].code, row->seg);
		break;
	case SOURCE_ROW_BUDGET:
		raw = xstrfmt("budget_%s", sc->budgets.items[row->ref].id);
		break;
	}
	s = sanitize(raw);
	free(raw);
	return s;
}

static void add_term(struct strbuf *sb, size_t k, double coef, const char *name)
{
	if (k && k % TERMS_PER_LINE == 0)
		strbuf_addstr(sb, "\n   ");
	if (coef < 0)
		strbuf_addf(sb, " - %.17g %s", -coef, name);
	else
		strbuf_addf(sb, " %s %.17g %s", k ? "+" : "", coef, name);
}

/*
 * The fair-share term (see source_fair.h): per counted group with pairs,
 * the name of its excess variable.
 */
struct fair_lp {
	struct source_fair f;
	char **e; /* per group, NULL when the group is out of the term */
};

static void fair_lp_release(struct fair_lp *fl)
{
	for (size_t g = 0; fl->e && g < fl->f.groups.nr; g++)
		free(fl->e[g]);
	free(fl->e);
	source_fair_release(&fl->f);
}

static bool fair_in_term(const struct source_fair *f, size_t g)
{
	return f->groups.items[g].counted && f->gstart[g] < f->gstart[g + 1];
}

static int fair_lp_prepare(const struct source_model *m, struct fair_lp *fl,
			   struct muster_error *err)
{
	int rc = source_fair_prepare(m, &fl->f, err);
	if (rc < 0)
		return rc;
	const struct source_fair *f = &fl->f;
	size_t ng = f->groups.nr, n = 0;
	char **all = xcalloc(ng + 1, sizeof(*all));
	fl->e = xcalloc(ng + 1, sizeof(*fl->e));
	for (size_t g = 0; g < ng; g++) {
		const struct source_fair_group *gr = &f->groups.items[g];
		if (!fair_in_term(f, g))
			continue;
		char *raw = xstrfmt("excess_%s_%s", f->missions[gr->mission], gr->nation);
		all[n++] = sanitize(raw);
		free(raw);
	}
	make_unique(all, n);
	for (size_t g = 0, k = 0; g < ng; g++)
		if (fair_in_term(f, g))
			fl->e[g] = all[k++];
	free(all);
	return 0;
}

/* Per group: excess - sum a x >= -T (with a cap: sum a x <= T). */
static void write_fair_rows(struct strbuf *sb, const struct fair_lp *fl, char **vars)
{
	const struct source_fair *f = &fl->f;
	for (size_t g = 0; g < f->groups.nr; g++) {
		size_t t = 0;
		if (!fl->e[g])
			continue;
		strbuf_addf(sb, " fair%s:", fl->e[g]);
		if (!f->cap)
			add_term(sb, t++, 1, fl->e[g]);
		for (size_t j = f->gstart[g]; j < f->gstart[g + 1]; j++) {
			uint32_t p = f->gpairs[j];
			add_term(sb, t++, f->cap ? f->pair_pd[p] : -f->pair_pd[p], vars[p]);
		}
		if (f->cap)
			strbuf_addf(sb, " <= %.17g\n", f->groups.items[g].target);
		else
			strbuf_addf(sb, " >= %.17g\n", -f->groups.items[g].target);
	}
}

static void write_body(struct strbuf *sb, const struct source_model *m, char **vars, char **rows,
		       const struct fair_lp *fl)
{
	strbuf_addf(sb, "\\ muster sourcing model: %zu pairs, %zu rows, %zu segments\n",
		    m->pairs.nr, m->rows.nr, m->nseg);
	if (fl && fl->f.cap)
		strbuf_addf(sb, "\\ with the fair-share cap: no participant above its fair "
				"person-days\n");
	else if (fl)
		strbuf_addf(sb,
			    "\\ with the fair-share penalty: weight %.17g, %.17g per person-day "
			    "above a fair share\n",
			    m->opts.fair_weight, fl->f.penalty);
	strbuf_addstr(sb, "Maximize\n obj:");
	size_t t = 0;
	for (size_t j = 0; j < m->pairs.nr; j++)
		add_term(sb, t++, m->pairs.items[j].value, vars[j]);
	for (size_t g = 0; fl && !fl->f.cap && g < fl->f.groups.nr; g++)
		if (fl->e[g])
			add_term(sb, t++, -fl->f.penalty, fl->e[g]);
	if (!t)
		strbuf_addstr(sb, " 0 x_none");
	strbuf_addstr(sb, "\nSubject To\n");
	for (size_t i = 0; i < m->rows.nr; i++) {
		const struct source_row *r = &m->rows.items[i];
		strbuf_addf(sb, " %s:", rows[i]);
		for (size_t k = 0; k < r->n; k++)
			add_term(sb, k, m->entries.items[r->first + k].coef,
				 vars[m->entries.items[r->first + k].pair]);
		strbuf_addf(sb, " <= %.17g\n", r->rhs);
	}
	if (fl)
		write_fair_rows(sb, fl, vars);
	if (!m->rows.nr && !fl) /* the format wants at least one row */
		strbuf_addf(sb, " none: %s >= 0\n", m->pairs.nr ? vars[0] : "x_none");
	strbuf_addstr(sb, "Bounds\n");
	for (size_t j = 0; j < m->pairs.nr; j++) {
		long ub = m->pairs.items[j].ub > 0 ? m->pairs.items[j].ub : 0;
		strbuf_addf(sb, " 0 <= %s <= %ld\n", vars[j], ub);
	}
	if (!m->pairs.nr)
		strbuf_addstr(sb, " x_none = 0\n");
	strbuf_addstr(sb, "General\n");
	for (size_t j = 0; j < m->pairs.nr; j++)
		strbuf_addf(sb, " %s\n", vars[j]);
	strbuf_addstr(sb, "End\n");
}

int source_write_lp(const struct source_model *m, const char *path, struct muster_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	char **vars = xcalloc(m->pairs.nr + 1, sizeof(*vars));
	char **rows = xcalloc(m->rows.nr + 1, sizeof(*rows));
	struct fair_lp fl = {0};
	int rc = 0;

	bool fair = m->opts.fair_weight > 0 || m->opts.fair_cap;
	if (fair && (rc = fair_lp_prepare(m, &fl, err)) < 0)
		goto out;
	for (size_t j = 0; j < m->pairs.nr; j++)
		vars[j] = pair_name(m, j);
	for (size_t i = 0; i < m->rows.nr; i++)
		rows[i] = row_name(m, &m->rows.items[i]);
	make_unique(vars, m->pairs.nr);
	make_unique(rows, m->rows.nr);
	write_body(&sb, m, vars, rows, fair ? &fl : NULL);
	rc = write_file_atomic(path, sb.buf, sb.len, err);
out:
	fair_lp_release(&fl);
	for (size_t j = 0; j < m->pairs.nr; j++)
		free(vars[j]);
	for (size_t i = 0; i < m->rows.nr; i++)
		free(rows[i]);
	free(vars);
	free(rows);
	strbuf_release(&sb);
	return rc;
}
