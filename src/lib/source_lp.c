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
 *   linearised penalty of source_fair.h, as `--exact` solves it: per mission
 *   total_<mission> (S, its counted person-days), per (mission, nation)
 *   group nat_<mission>_<nation> (s) and the deviation dev_<mission>_<nation>
 *   >= |s - share x S|, with the objective term -penalty x dev; rows
 *   fairtotal_, fairnat_, fairup_ and fairdn_ define them. These variables
 *   are continuous.
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
 * The fair-share term (see the header): names of its variables, and per
 * group the pairs it sums (CSR by group), counted groups' pairs only for S.
 */
struct fair_lp {
	struct source_fair f;
	char **S, **s, **d; /* per mission, per group, per group */
	size_t *gstart;	    /* groups.nr + 1 */
	uint32_t *gpairs;   /* pairs with person-days > 0, by group */
};

static void fair_lp_release(struct fair_lp *fl)
{
	for (size_t k = 0; fl->S && k < fl->f.nmissions; k++)
		free(fl->S[k]);
	for (size_t g = 0; fl->s && g < fl->f.groups.nr; g++) {
		free(fl->s[g]);
		free(fl->d[g]);
	}
	free(fl->S);
	free(fl->s);
	free(fl->d);
	free(fl->gstart);
	free(fl->gpairs);
	source_fair_release(&fl->f);
}

static int fair_lp_prepare(const struct source_model *m, struct fair_lp *fl,
			   struct muster_error *err)
{
	int rc = source_fair_prepare(m, &fl->f, err);
	if (rc < 0)
		return rc;
	const struct source_fair *f = &fl->f;
	size_t ng = f->groups.nr, nk = f->nmissions;
	fl->S = xcalloc(nk + 1, sizeof(*fl->S));
	fl->s = xcalloc(ng + 1, sizeof(*fl->s));
	fl->d = xcalloc(ng + 1, sizeof(*fl->d));
	/* one array of every name, made unique together, then split */
	char **all = xcalloc(nk + 2 * ng + 1, sizeof(*all));
	for (size_t k = 0; k < nk; k++) {
		char *raw = xstrfmt("total_%s", f->missions[k]);
		all[k] = sanitize(raw);
		free(raw);
	}
	for (size_t g = 0; g < ng; g++) {
		const struct source_fair_group *gr = &f->groups.items[g];
		for (int t = 0; t < 2; t++) {
			char *raw = xstrfmt("%s_%s_%s", t ? "dev" : "nat", f->missions[gr->mission],
					    gr->nation);
			all[nk + 2 * g + (size_t)t] = sanitize(raw);
			free(raw);
		}
	}
	make_unique(all, nk + 2 * ng);
	for (size_t k = 0; k < nk; k++)
		fl->S[k] = all[k];
	for (size_t g = 0; g < ng; g++) {
		fl->s[g] = all[nk + 2 * g];
		fl->d[g] = all[nk + 2 * g + 1];
	}
	free(all);
	fl->gstart = xcalloc(ng + 2, sizeof(*fl->gstart));
	fl->gpairs = xmalloc((m->pairs.nr + 1) * sizeof(*fl->gpairs));
	for (size_t p = 0; p < m->pairs.nr; p++)
		if (f->pair_pd[p] > 0)
			fl->gstart[f->pair_group[p] + 2]++;
	for (size_t g = 0; g < ng; g++)
		fl->gstart[g + 2] += fl->gstart[g + 1];
	for (size_t p = 0; p < m->pairs.nr; p++)
		if (f->pair_pd[p] > 0)
			fl->gpairs[fl->gstart[f->pair_group[p] + 1]++] = (uint32_t)p;
	return 0;
}

/* The rows defining S, s and d: x's enter with minus their person-days. */
static void write_fair_rows(struct strbuf *sb, const struct fair_lp *fl, char **vars)
{
	const struct source_fair *f = &fl->f;
	for (size_t k = 0; k < f->nmissions; k++) {
		size_t t = 0;
		strbuf_addf(sb, " fair%s:", fl->S[k]);
		add_term(sb, t++, 1, fl->S[k]);
		for (size_t i = f->mg_start[k]; i < f->mg_start[k + 1]; i++) {
			uint32_t g = f->mg[i];
			if (!f->groups.items[g].counted)
				continue;
			for (size_t j = fl->gstart[g]; j < fl->gstart[g + 1]; j++)
				add_term(sb, t++, -f->pair_pd[fl->gpairs[j]], vars[fl->gpairs[j]]);
		}
		strbuf_addstr(sb, " = 0\n");
	}
	for (size_t g = 0; g < f->groups.nr; g++) {
		size_t t = 0;
		strbuf_addf(sb, " fair%s:", fl->s[g]);
		add_term(sb, t++, 1, fl->s[g]);
		for (size_t j = fl->gstart[g]; j < fl->gstart[g + 1]; j++)
			add_term(sb, t++, -f->pair_pd[fl->gpairs[j]], vars[fl->gpairs[j]]);
		strbuf_addstr(sb, " = 0\n");
	}
	for (size_t g = 0; g < f->groups.nr; g++) {
		const struct source_fair_group *gr = &f->groups.items[g];
		if (!gr->counted)
			continue;
		for (int up = 1; up >= 0; up--) {
			strbuf_addf(sb, " fair%s_%s:", up ? "up" : "dn", fl->d[g]);
			add_term(sb, 0, 1, fl->d[g]);
			add_term(sb, 1, up ? -1 : 1, fl->s[g]);
			add_term(sb, 2, up ? gr->share : -gr->share, fl->S[gr->mission]);
			strbuf_addstr(sb, " >= 0\n");
		}
	}
}

static void write_body(struct strbuf *sb, const struct source_model *m, char **vars, char **rows,
		       const struct fair_lp *fl)
{
	strbuf_addf(sb, "\\ muster sourcing model: %zu pairs, %zu rows, %zu segments\n",
		    m->pairs.nr, m->rows.nr, m->nseg);
	if (fl)
		strbuf_addf(sb,
			    "\\ with the fair-share penalty: weight %.17g, %.17g per person-day\n",
			    m->opts.fair_weight, fl->f.penalty);
	strbuf_addstr(sb, "Maximize\n obj:");
	size_t t = 0;
	for (size_t j = 0; j < m->pairs.nr; j++)
		add_term(sb, t++, m->pairs.items[j].value, vars[j]);
	for (size_t g = 0; fl && g < fl->f.groups.nr; g++)
		if (fl->f.groups.items[g].counted)
			add_term(sb, t++, -fl->f.penalty, fl->d[g]);
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

	if (m->opts.fair_weight > 0 && (rc = fair_lp_prepare(m, &fl, err)) < 0)
		goto out;
	for (size_t j = 0; j < m->pairs.nr; j++)
		vars[j] = pair_name(m, j);
	for (size_t i = 0; i < m->rows.nr; i++)
		rows[i] = row_name(m, &m->rows.items[i]);
	make_unique(vars, m->pairs.nr);
	make_unique(rows, m->rows.nr);
	write_body(&sb, m, vars, rows, m->opts.fair_weight > 0 ? &fl : NULL);
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
