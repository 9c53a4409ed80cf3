/*
 * validate.c: the consistency checks of a whole scenario (DESIGN.md section
 * 3): duplicate identities, intervals, overlapping phases, and every
 * reference between files (missions, nations and countries, capabilities,
 * substitutes, caveats, requirement lines).
 *
 * Key decisions:
 * - The checks work on the in-memory model only, so the store can rerun them
 *   on the union of a database and an imported folder (merge). When the
 *   scenario came from a folder, scenario_check() gets the source line of
 *   each entity and messages start with "offers.csv:17: "; otherwise they
 *   name the entity ("offers.csv: offer 'o1': ").
 * - Identities go into open-addressing hash maps (keys are one or two
 *   borrowed strings), so a million deployments are checked in linear time.
 * - A nation or country code is known when the scenario's nations.csv has it
 *   or muster_nation_lookup() finds it in the reference table; each distinct
 *   code is looked up once and cached.
 */
#include "csv_read.h"
#include "i18n.h"
#include "util.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- a small hash map: (a, b) -> index ---- */

struct slot {
	const char *a, *b; /* b may be NULL; a NULL `a` marks an empty slot */
	size_t val;
	uint64_t hash; /* of (a, b): spares string compares and rehashing */
};

struct strmap {
	struct slot *slots;
	size_t cap, nr; /* cap is a power of two */
};

static uint64_t hash_str(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static uint64_t hash2(const char *a, const char *b)
{
	uint64_t h = hash_str(14695981039346656037ULL, a);
	h = (h ^ 0xff) * 1099511628211ULL; /* separator: ("ab","c") != ("a","bc") */
	h = hash_str(h, b);
	/* FNV's low bits are weak and the table index uses them: mix. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static bool same(const char *x, const char *y)
{
	return x == y || (x && y && !strcmp(x, y));
}

static struct slot *map_slot(const struct strmap *m, const char *a, const char *b, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);
	while (m->slots[i].a &&
	       !(m->slots[i].hash == h && same(m->slots[i].a, a) && same(m->slots[i].b, b)))
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

/* Make room for `n` keys at a load of at most one half. */
static void map_reserve(struct strmap *m, size_t n)
{
	struct strmap old = *m;
	size_t cap = old.cap ? old.cap : 64;
	while (cap < 2 * n)
		cap *= 2;
	if (cap == old.cap)
		return;
	m->cap = cap;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (size_t i = 0; i < old.cap; i++) {
		const struct slot *o = &old.slots[i];
		if (o->a)
			*map_slot(m, o->a, o->b, o->hash) = *o;
	}
	free(old.slots);
}

/* The value for (a, b), or NULL. */
static const size_t *map_get(const struct strmap *m, const char *a, const char *b)
{
	if (!m->cap)
		return NULL;
	const struct slot *s = map_slot(m, a, b, hash2(a, b));
	return s->a ? &s->val : NULL;
}

/* Insert (a, b) -> val unless present; returns the existing value or NULL. */
static const size_t *map_put(struct strmap *m, const char *a, const char *b, size_t val)
{
	uint64_t h = hash2(a, b);
	if ((m->nr + 1) * 2 > m->cap)
		map_reserve(m, m->nr + 1);
	struct slot *s = map_slot(m, a, b, h);
	if (s->a)
		return &s->val;
	s->a = a;
	s->b = b;
	s->val = val;
	s->hash = h;
	m->nr++;
	return NULL;
}

static void map_release(struct strmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->nr = 0;
}

/* ---- problems ---- */

struct vctx {
	const struct muster_scenario *sc;
	const struct scenario_lines *lines;
	struct muster_error *err;
	size_t n;
	bool refs; /* check references to other entities */
	struct strmap nations, missions, capabilities, caveats, requirements;
	struct strmap known; /* nation code -> 1 known, 0 unknown (cache) */
	struct code_memo {
		uint64_t packed; /* pack_code(); 0: empty */
		bool known;
	} memo[256]; /* in front of `known`: short codes by their packed bytes */
	struct strbuf show[4];
	unsigned next_show;
};

/* A value for a message (cut, escaped); valid until four more calls. */
static const char *sv(struct vctx *v, const char *s)
{
	struct strbuf *sb = &v->show[v->next_show++ % ARRAY_SIZE(v->show)];
	strbuf_reset(sb);
	csv_show_value(sb, s ? s : "");
	return sb->buf;
}

/* `s` shown cut and escaped in `b`, for a message; valid until `b` is reused. */
static const char *shown(struct strbuf *b, const char *s)
{
	strbuf_reset(b);
	csv_show_value(b, s ? s : "");
	return b->buf;
}

/* What row i of table t is, in a whole phrase: "key 'GDP' of 'FRA'". */
static void describe(struct vctx *v, struct strbuf *sb, enum scenario_table t, size_t i)
{
	const struct muster_scenario *sc = v->sc;
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	switch (t) {
	case SC_NATIONS:
		strbuf_addf(sb, _("nation '%s'"), shown(&x, sc->nations.items[i].code));
		break;
	case SC_KEYS:
		strbuf_addf(sb, _("key '%s' of '%s'"), shown(&x, sc->keys.items[i].key),
			    shown(&y, sc->keys.items[i].nation));
		break;
	case SC_MISSIONS:
		strbuf_addf(sb, _("mission '%s'"), shown(&x, sc->missions.items[i].code));
		break;
	case SC_PHASES:
		strbuf_addf(sb, _("phase '%s' of '%s'"), shown(&x, sc->phases.items[i].phase),
			    shown(&y, sc->phases.items[i].mission));
		break;
	case SC_CAPABILITIES:
		strbuf_addf(sb, _("capability '%s'"), shown(&x, sc->capabilities.items[i].code));
		break;
	case SC_REQUIREMENTS:
		strbuf_addf(sb, _("line '%s' of '%s'"), shown(&x, sc->requirements.items[i].line),
			    shown(&y, sc->requirements.items[i].mission));
		break;
	case SC_OFFERS:
		strbuf_addf(sb, _("offer '%s'"), shown(&x, sc->offers.items[i].id));
		break;
	case SC_CAVEATS:
		strbuf_addf(sb, _("caveat '%s'"), shown(&x, sc->caveats.items[i].id));
		break;
	case SC_CAPS:
		strbuf_addf(sb, _("cap of '%s' in '%s'"), shown(&x, sc->caps.items[i].nation),
			    shown(&y, sc->caps.items[i].country));
		break;
	case SC_DEPLOYMENTS:
		if (sc->deployments.items[i].id)
			strbuf_addf(sb, _("deployment '%s'"),
				    shown(&x, sc->deployments.items[i].id));
		else
			strbuf_addf(sb, _("deployment %zu"), i + 1);
		break;
	case SC_COSTS:
		strbuf_addf(sb, _("cost rate '%s'"), shown(&x, sc->costs.items[i].id));
		break;
	case SC_FUNDING:
		strbuf_addf(sb, _("funding rule '%s'"), shown(&x, sc->funding.items[i].id));
		break;
	case SC_BUDGETS:
		strbuf_addf(sb, _("budget '%s'"), shown(&x, sc->budgets.items[i].id));
		break;
	case SC_NTABLES:
		BUG("bad table");
	}
	strbuf_release(&x);
	strbuf_release(&y);
}

/* "file:line: column 'col': <fmt>" (or "file: <entity>: ..." without a line). */
__attribute__((format(printf, 5, 6))) static void
problem(struct vctx *v, enum scenario_table t, size_t i, const char *col, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	uint32_t line = scenario_line(v->lines, t, i);
	va_list ap;
	/* A row with a bad cell was reported already; its defaults would lie. */
	if (scenario_row_bad(v->lines, t, i))
		return;
	v->n++;
	if (line) {
		strbuf_addf(&sb, "%s:%u: ", scenario_table_file(t), line);
	} else {
		strbuf_addf(&sb, "%s: ", scenario_table_file(t));
		describe(v, &sb, t, i);
		strbuf_addstr(&sb, ": ");
	}
	if (col)
		strbuf_addf(&sb, _("column '%s': "), col);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	muster_error_add(v->err, "%s", sb.buf);
	strbuf_release(&sb);
}

/* ", first at line N" when known. */
static const char *first_at(struct vctx *v, enum scenario_table t, size_t first, char *buf,
			    size_t n)
{
	uint32_t line = scenario_line(v->lines, t, first);
	if (line)
		snprintf(buf, n, _(", first at line %u"), line);
	else
		buf[0] = '\0';
	return buf;
}

/*
 * The nouns passed as `what` below ("duplicate %s", "unknown %s"), listed
 * once for the translators: the messages translate them with _(what).
 */
static const char *const what_nouns[] __attribute__((unused)) = {
    N_("nation"),    N_("key"),		 N_("mission"), N_("phase"),  N_("capability"),
    N_("line"),	     N_("offer"),	 N_("caveat"),	N_("cap"),    N_("deployment"),
    N_("cost rate"), N_("funding rule"), N_("budget"),	N_("country")};

/* Put (a, b) into map; report a duplicate. */
static void unique(struct vctx *v, struct strmap *m, enum scenario_table t, size_t i,
		   const char *col, const char *what, const char *a, const char *b)
{
	char buf[48];
	const size_t *prev = map_put(m, a, b, i);
	if (!prev)
		return;
	if (b)
		problem(v, t, i, col, _("duplicate %s '%s' for '%s'%s"), _(what), sv(v, a),
			sv(v, b), first_at(v, t, *prev, buf, sizeof(buf)));
	else
		problem(v, t, i, col, _("duplicate %s '%s'%s"), _(what), sv(v, a),
			first_at(v, t, *prev, buf, sizeof(buf)));
}

/* ---- references ---- */

/*
 * A code of at most 7 bytes packed into an integer (0: longer), for the
 * cache of known_nation: a deployment table names a few hundred codes a
 * million times.
 */
static uint64_t pack_code(const char *s)
{
	uint64_t x = 0;
	for (unsigned k = 0; k < 8; k++) {
		if (!s[k])
			return x;
		x = x << 8 | (unsigned char)s[k];
	}
	return 0;
}

static bool known_nation(struct vctx *v, const char *code)
{
	uint64_t packed = pack_code(code);
	struct code_memo *memo = &v->memo[(packed * 0x9e3779b97f4a7c15ULL) >> 56];
	if (packed && memo->packed == packed)
		return memo->known;
	const size_t *k = map_get(&v->known, code, NULL);
	bool found;
	if (k) {
		found = *k != 0;
	} else {
		found = muster_nation_lookup(v->sc, code) != NULL;
		map_put(&v->known, code, NULL, found);
	}
	memo->packed = packed;
	memo->known = found;
	return found;
}

static void check_nation(struct vctx *v, enum scenario_table t, size_t i, const char *col,
			 const char *what, const char *code)
{
	if (v->refs && code && !known_nation(v, code))
		problem(v, t, i, col,
			_("unknown %s '%s' (not an ISO 3166-1 alpha-3 code, not in nations.csv)"),
			_(what), sv(v, code));
}

static int cmp_slot_val(const void *a, const void *b)
{
	size_t x = ((const struct slot *)a)->val, y = ((const struct slot *)b)->val;
	return x < y ? -1 : x > y;
}

/*
 * The id of `m` closest to `id` ("did you mean"), in scenario order for
 * ties; NULL when none is close. Only for maps of a reasonable size: it
 * runs on the error path only.
 */
static const char *suggest(const struct strmap *m, const char *id)
{
	const char *best = NULL;
	if (!m->nr || m->nr > 5000)
		return NULL;
	struct slot *s = xcalloc(m->nr, sizeof(*s));
	const char **names = xcalloc(m->nr, sizeof(*names));
	size_t n = 0;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].a)
			s[n++] = m->slots[i];
	qsort(s, n, sizeof(*s), cmp_slot_val);
	for (size_t i = 0; i < n; i++)
		names[i] = s[i].a;
	best = closest_word(id, names, n);
	free(names);
	free(s);
	return best;
}

static void check_ref(struct vctx *v, const struct strmap *m, enum scenario_table t, size_t i,
		      const char *col, const char *what, const char *file, const char *id)
{
	if (!v->refs || !id || map_get(m, id, NULL))
		return;
	const char *near = suggest(m, id);
	if (near)
		problem(v, t, i, col, _("unknown %s '%s' (not in %s); did you mean '%s'?"), _(what),
			sv(v, id), file, sv(v, near));
	else
		problem(v, t, i, col, _("unknown %s '%s' (not in %s)"), _(what), sv(v, id), file);
}

static void check_dates(struct vctx *v, enum scenario_table t, size_t i, int32_t from, int32_t to)
{
	char f[11], g[11];
	if (from == MUSTER_DATE_NONE || to == MUSTER_DATE_OPEN || to > from)
		return;
	muster_date_format(from, f);
	muster_date_format(to, g);
	problem(v, t, i, "to", _("expected a date after 'from' (%s), got '%s'"), f, g);
}

static void check_count(struct vctx *v, enum scenario_table t, size_t i, const char *col, long val,
			long min, long max)
{
	if (val < min || val > max)
		problem(v, t, i, col, _("expected a whole number from %ld to %ld, got '%ld'"), min,
			max, val);
}

/* ---- tables ---- */

static void index_tables(struct vctx *v)
{
	const struct muster_scenario *sc = v->sc;
	for (size_t i = 0; i < sc->nations.nr; i++) {
		unique(v, &v->nations, SC_NATIONS, i, "code", "nation", sc->nations.items[i].code,
		       NULL);
		map_put(&v->known, sc->nations.items[i].code, NULL, 1);
	}
	for (size_t i = 0; i < sc->missions.nr; i++)
		unique(v, &v->missions, SC_MISSIONS, i, "code", "mission",
		       sc->missions.items[i].code, NULL);
	for (size_t i = 0; i < sc->capabilities.nr; i++)
		unique(v, &v->capabilities, SC_CAPABILITIES, i, "code", "capability",
		       sc->capabilities.items[i].code, NULL);
	for (size_t i = 0; i < sc->requirements.nr; i++) {
		const struct muster_requirement *r = &sc->requirements.items[i];
		unique(v, &v->requirements, SC_REQUIREMENTS, i, "line", "line", r->line,
		       r->mission);
	}
	for (size_t i = 0; i < sc->caveats.nr; i++)
		unique(v, &v->caveats, SC_CAVEATS, i, "id", "caveat", sc->caveats.items[i].id,
		       NULL);
}

static void check_keys(struct vctx *v)
{
	struct strmap seen = {0};
	for (size_t i = 0; i < v->sc->keys.nr; i++) {
		const struct muster_key *k = &v->sc->keys.items[i];
		unique(v, &seen, SC_KEYS, i, "key", "key", k->key, k->nation);
		check_nation(v, SC_KEYS, i, "nation", "nation", k->nation);
		if (!(k->value >= 0))
			problem(v, SC_KEYS, i, "value", _("expected a number >= 0, got '%g'"),
				k->value);
	}
	map_release(&seen);
}

/*
 * A mission with no host (issue 14) is one that needs none: a requirement
 * (whose default location is the host; decided: none at all, located or
 * not) or a phase scoped to the host makes it an error on the mission's row.
 */
static void check_hostless(struct vctx *v)
{
	const struct muster_scenario *sc = v->sc;
	bool any = false;
	for (size_t i = 0; i < sc->missions.nr && !any; i++)
		any = !sc->missions.items[i].host;
	if (!any)
		return;
	/* mission index -> 1 + the first requirement, or 1 + the first in-host phase */
	size_t *req = xcalloc(sc->missions.nr, sizeof(*req));
	size_t *phase = xcalloc(sc->missions.nr, sizeof(*phase));
	for (size_t i = sc->requirements.nr; i-- > 0;) {
		const size_t *mi = map_get(&v->missions, sc->requirements.items[i].mission, NULL);
		if (mi)
			req[*mi] = i + 1;
	}
	for (size_t i = sc->phases.nr; i-- > 0;) {
		const size_t *mi = map_get(&v->missions, sc->phases.items[i].mission, NULL);
		if (mi && sc->phases.items[i].scope == MUSTER_SCOPE_IN_HOST)
			phase[*mi] = i + 1;
	}
	for (size_t i = 0; i < sc->missions.nr; i++) {
		if (sc->missions.items[i].host)
			continue;
		if (req[i])
			problem(v, SC_MISSIONS, i, "host",
				_("expected a country code: the mission has requirements "
				  "(line '%s')"),
				sv(v, sc->requirements.items[req[i] - 1].line));
		else if (phase[i])
			problem(v, SC_MISSIONS, i, "host",
				_("expected a country code: phase '%s' of the mission is "
				  "scoped to its host (in-host)"),
				sv(v, sc->phases.items[phase[i] - 1].phase));
	}
	free(req);
	free(phase);
}

static void check_missions(struct vctx *v)
{
	for (size_t i = 0; i < v->sc->missions.nr; i++) {
		const struct muster_mission *m = &v->sc->missions.items[i];
		check_nation(v, SC_MISSIONS, i, "host", "country", m->host);
		check_dates(v, SC_MISSIONS, i, m->from, m->to);
	}
	check_hostless(v);
}

static int cmp_phase(const void *pa, const void *pb, void *ctx)
{
	const struct muster_phase *ph = ctx;
	const struct muster_phase *a = &ph[*(const size_t *)pa], *b = &ph[*(const size_t *)pb];
	int c = strcmp(a->mission, b->mission);
	if (c)
		return c;
	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	return *(const size_t *)pa < *(const size_t *)pb ? -1 : 1;
}

/* Phases of one mission must not overlap: sort by (mission, from), sweep. */
static void check_overlaps(struct vctx *v)
{
	const struct muster_phase *ph = v->sc->phases.items;
	size_t n = v->sc->phases.nr, *ord = xcalloc(n ? n : 1, sizeof(*ord));
	for (size_t i = 0; i < n; i++)
		ord[i] = i;
	qsort_r(ord, n, sizeof(*ord), cmp_phase, (void *)ph);
	for (size_t k = 1, last = 0; k < n; k++) {
		const struct muster_phase *a = &ph[ord[last]], *b = &ph[ord[k]];
		if (strcmp(a->mission, b->mission)) {
			last = k;
			continue;
		}
		if (b->from < a->to) {
			char f[11], g[11], at[32] = "";
			uint32_t line = scenario_line(v->lines, SC_PHASES, ord[last]);
			muster_date_format(a->from, f);
			muster_date_format(a->to, g);
			if (line)
				snprintf(at, sizeof(at), _(", line %u"), line);
			problem(v, SC_PHASES, ord[k], "from",
				_("phase '%s' of mission '%s' overlaps phase '%s' (%s to %s%s)"),
				sv(v, b->phase), sv(v, b->mission), sv(v, a->phase), f,
				*g ? g : _("open"), at);
		}
		if (b->to > a->to)
			last = k;
	}
	free(ord);
}

static void check_phases(struct vctx *v)
{
	struct strmap seen = {0};
	for (size_t i = 0; i < v->sc->phases.nr; i++) {
		const struct muster_phase *p = &v->sc->phases.items[i];
		unique(v, &seen, SC_PHASES, i, "phase", "phase", p->phase, p->mission);
		check_ref(v, &v->missions, SC_PHASES, i, "mission", "mission", "missions.csv",
			  p->mission);
		check_dates(v, SC_PHASES, i, p->from, p->to);
		check_count(v, SC_PHASES, i, "ceiling", p->ceiling, 0, LONG_MAX);
	}
	map_release(&seen);
	check_overlaps(v);
}

static void check_capabilities(struct vctx *v)
{
	for (size_t i = 0; i < v->sc->capabilities.nr; i++) {
		const struct muster_capability *c = &v->sc->capabilities.items[i];
		for (size_t k = 0; k < c->substitutes.nr; k++)
			check_ref(v, &v->capabilities, SC_CAPABILITIES, i, "substitutes",
				  "capability", "capabilities.csv", c->substitutes.items[k]);
	}
}

static void check_requirements(struct vctx *v)
{
	for (size_t i = 0; i < v->sc->requirements.nr; i++) {
		const struct muster_requirement *r = &v->sc->requirements.items[i];
		check_ref(v, &v->missions, SC_REQUIREMENTS, i, "mission", "mission", "missions.csv",
			  r->mission);
		check_ref(v, &v->capabilities, SC_REQUIREMENTS, i, "capability", "capability",
			  "capabilities.csv", r->capability);
		check_nation(v, SC_REQUIREMENTS, i, "location", "country", r->location);
		check_count(v, SC_REQUIREMENTS, i, "units", r->units, 1, LONG_MAX);
		check_count(v, SC_REQUIREMENTS, i, "personnel", r->personnel, 1, LONG_MAX);
		check_count(v, SC_REQUIREMENTS, i, "priority", r->priority, 1, 5);
		check_count(v, SC_REQUIREMENTS, i, "min_readiness", r->min_readiness, 0, 3);
		check_dates(v, SC_REQUIREMENTS, i, r->from, r->to);
	}
}

static void check_offer_caveats(struct vctx *v, size_t i)
{
	const struct muster_offer *o = &v->sc->offers.items[i];
	for (size_t k = 0; v->refs && k < o->caveats.nr; k++) {
		const size_t *c = map_get(&v->caveats, o->caveats.items[k], NULL);
		if (!c) {
			check_ref(v, &v->caveats, SC_OFFERS, i, "caveats", "caveat", "caveats.csv",
				  o->caveats.items[k]);
			continue;
		}
		const struct muster_caveat *cv = &v->sc->caveats.items[*c];
		if (strcmp(cv->nation, o->nation))
			problem(v, SC_OFFERS, i, "caveats",
				_("caveat '%s' is one of '%s', not of the offer's nation '%s'"),
				sv(v, cv->id), sv(v, cv->nation), sv(v, o->nation));
	}
}

static void check_offers(struct vctx *v)
{
	struct strmap seen = {0};
	map_reserve(&seen, v->sc->offers.nr);
	for (size_t i = 0; i < v->sc->offers.nr; i++) {
		const struct muster_offer *o = &v->sc->offers.items[i];
		unique(v, &seen, SC_OFFERS, i, "id", "offer", o->id, NULL);
		check_nation(v, SC_OFFERS, i, "nation", "nation", o->nation);
		check_ref(v, &v->capabilities, SC_OFFERS, i, "capability", "capability",
			  "capabilities.csv", o->capability);
		check_ref(v, &v->missions, SC_OFFERS, i, "mission", "mission", "missions.csv",
			  o->mission);
		if (o->line && !o->mission)
			problem(v, SC_OFFERS, i, "mission",
				_("expected a mission for line '%s', got ''"), sv(v, o->line));
		else if (v->refs && o->line && map_get(&v->missions, o->mission, NULL) &&
			 !map_get(&v->requirements, o->line, o->mission))
			problem(v, SC_OFFERS, i, "line",
				_("unknown line '%s' of mission '%s' (not in requirements.csv)"),
				sv(v, o->line), sv(v, o->mission));
		check_offer_caveats(v, i);
		check_count(v, SC_OFFERS, i, "units", o->units, 1, LONG_MAX);
		check_count(v, SC_OFFERS, i, "personnel", o->personnel, 1, LONG_MAX);
		check_count(v, SC_OFFERS, i, "readiness", o->readiness, 0, 3);
		check_dates(v, SC_OFFERS, i, o->from, o->to);
	}
	map_release(&seen);
}

static void check_caveats(struct vctx *v)
{
	for (size_t i = 0; i < v->sc->caveats.nr; i++) {
		const struct muster_caveat *c = &v->sc->caveats.items[i];
		check_nation(v, SC_CAVEATS, i, "nation", "nation", c->nation);
		if (c->kind == MUSTER_CAVEAT_MAX_DAYS) {
			if (c->days < 1)
				problem(v, SC_CAVEATS, i, "value",
					_("expected a whole number of days >= 1, got '%ld'"),
					c->days);
			continue;
		}
		if (!c->values.nr)
			problem(v, SC_CAVEATS, i, "value",
				_("expected a list separated by ';', got ''"));
		for (size_t k = 0; k < c->values.nr; k++) {
			const char *x = c->values.items[k];
			if (c->kind == MUSTER_CAVEAT_ONLY_COUNTRIES ||
			    c->kind == MUSTER_CAVEAT_NOT_COUNTRIES)
				check_nation(v, SC_CAVEATS, i, "value", "country", x);
			else if (c->kind == MUSTER_CAVEAT_ONLY_MISSIONS)
				check_ref(v, &v->missions, SC_CAVEATS, i, "value", "mission",
					  "missions.csv", x);
		}
	}
}

static void check_caps(struct vctx *v)
{
	struct strmap seen = {0};
	map_reserve(&seen, v->sc->caps.nr);
	for (size_t i = 0; i < v->sc->caps.nr; i++) {
		const struct muster_cap *c = &v->sc->caps.items[i];
		if (c->id)
			unique(v, &seen, SC_CAPS, i, "id", "cap", c->id, NULL);
		check_nation(v, SC_CAPS, i, "nation", "nation", c->nation);
		check_nation(v, SC_CAPS, i, "country", "country", c->country);
		check_count(v, SC_CAPS, i, "limit", c->limit, 0, LONG_MAX);
		check_dates(v, SC_CAPS, i, c->from, c->to);
	}
	map_release(&seen);
}

static void check_deployments(struct vctx *v)
{
	struct strmap seen = {0};
	map_reserve(&seen, v->sc->deployments.nr);
	for (size_t i = 0; i < v->sc->deployments.nr; i++) {
		const struct muster_deployment *d = &v->sc->deployments.items[i];
		if (d->id)
			unique(v, &seen, SC_DEPLOYMENTS, i, "id", "deployment", d->id, NULL);
		check_nation(v, SC_DEPLOYMENTS, i, "nation", "nation", d->nation);
		check_nation(v, SC_DEPLOYMENTS, i, "country", "country", d->country);
		check_ref(v, &v->missions, SC_DEPLOYMENTS, i, "mission", "mission", "missions.csv",
			  d->mission);
		check_count(v, SC_DEPLOYMENTS, i, "personnel", d->personnel, 0, LONG_MAX);
		check_dates(v, SC_DEPLOYMENTS, i, d->from, d->to);
	}
	map_release(&seen);
}

/* ---- costs, funding, budgets (issue 15) ---- */

static bool overlap(int32_t f1, int32_t t1, int32_t f2, int32_t t2)
{
	return f1 < t2 && f2 < t1; /* NONE is the smallest day, OPEN the largest */
}

/* "2021-01-01 to open" of an interval. */
static void span_text(int32_t from, int32_t to, char buf[32])
{
	char f[11], g[11];
	muster_date_format(from, f);
	muster_date_format(to, g);
	snprintf(buf, 32, _("%s to %s"), *f ? f : _("no start"), *g ? g : _("open"));
}

/* The line of row i of table t, as ", line N" (empty when unknown). */
static const char *at_line(struct vctx *v, enum scenario_table t, size_t i, char buf[24])
{
	uint32_t line = scenario_line(v->lines, t, i);
	buf[0] = '\0';
	if (line)
		snprintf(buf, 24, _(", line %u"), line);
	return buf;
}

/*
 * Two rates of one basis and the same nation, country and capability (any of
 * them may be "any") whose periods overlap: neither is more specific, so
 * which one holds would be a guess. O(n^2): rate tables are short.
 */
static void check_rate_overlaps(struct vctx *v)
{
	const struct muster_scenario *sc = v->sc;
	for (size_t j = 1; j < sc->costs.nr; j++) {
		const struct muster_cost_rate *b = &sc->costs.items[j];
		for (size_t i = 0; i < j; i++) {
			const struct muster_cost_rate *a = &sc->costs.items[i];
			if (a->basis != b->basis || !same(a->nation, b->nation) ||
			    !same(a->country, b->country) || !same(a->capability, b->capability) ||
			    !overlap(a->from, a->to, b->from, b->to))
				continue;
			char span[32], at[24];
			span_text(a->from, a->to, span);
			problem(v, SC_COSTS, j, "from",
				_("rate '%s' overlaps rate '%s' (%s%s) of the same basis, nation, "
				  "country and capability; end one before the other begins"),
				sv(v, b->id), sv(v, a->id), span, at_line(v, SC_COSTS, i, at));
			break;
		}
	}
}

/* One currency per scenario: every currency cell of costs.csv and budgets.csv agrees. */
static void check_currency(struct vctx *v, enum scenario_table t, size_t i, const char *cur,
			   const char **first, enum scenario_table *ft, size_t *fi)
{
	char at[24];
	if (!cur)
		return;
	if (!*first) {
		*first = cur;
		*ft = t;
		*fi = i;
		return;
	}
	if (!strcmp(cur, *first))
		return;
	if (!scenario_line(v->lines, *ft, *fi))
		snprintf(at, sizeof(at), " %s", *ft == SC_COSTS ? "rate" : "budget");
	problem(v, t, i, "currency",
		_("expected the scenario's one currency '%s' (%s%s '%s'), got '%s'; a scenario "
		  "holds money in one currency"),
		sv(v, *first), scenario_table_file(*ft),
		scenario_line(v->lines, *ft, *fi) ? at_line(v, *ft, *fi, at) : at,
		sv(v, *ft == SC_COSTS ? v->sc->costs.items[*fi].id : v->sc->budgets.items[*fi].id),
		sv(v, cur));
}

static void check_costs(struct vctx *v)
{
	struct strmap seen = {0};
	for (size_t i = 0; i < v->sc->costs.nr; i++) {
		const struct muster_cost_rate *c = &v->sc->costs.items[i];
		unique(v, &seen, SC_COSTS, i, "id", "cost rate", c->id, NULL);
		check_nation(v, SC_COSTS, i, "nation", "nation", c->nation);
		check_nation(v, SC_COSTS, i, "country", "country", c->country);
		check_ref(v, &v->capabilities, SC_COSTS, i, "capability", "capability",
			  "capabilities.csv", c->capability);
		if (!(c->value >= 0 && c->value < 1e15))
			problem(v, SC_COSTS, i, "value",
				_("expected a number from 0 to 1e15, got '%g'"), c->value);
		check_dates(v, SC_COSTS, i, c->from, c->to);
	}
	map_release(&seen);
	check_rate_overlaps(v);
}

/* Does keys.csv hold key `key` for some nation? */
static bool scenario_has_key(const struct muster_scenario *sc, const char *key)
{
	for (size_t i = 0; i < sc->keys.nr; i++)
		if (!strcmp(sc->keys.items[i].key, key))
			return true;
	return false;
}

static void check_funding_rule(struct vctx *v, size_t i)
{
	const struct muster_funding *f = &v->sc->funding.items[i];
	if (f->rule == MUSTER_FUNDING_NATIONAL) {
		if (f->key)
			problem(
			    v, SC_FUNDING, i, "key",
			    _("expected no key for rule 'national' (costs lie where they fall), "
			      "got '%s'"),
			    sv(v, f->key));
		return;
	}
	if (!f->key)
		problem(v, SC_FUNDING, i, "key",
			_("expected a key of keys.csv for rule 'common' (it splits the common "
			  "share), got ''"));
	else if (v->refs && !scenario_has_key(v->sc, f->key))
		problem(v, SC_FUNDING, i, "key", _("unknown key '%s' (not in keys.csv)"),
			sv(v, f->key));
	if (!(f->share >= 0 && f->share <= 1))
		problem(v, SC_FUNDING, i, "share", _("expected a number from 0 to 1, got '%g'"),
			f->share);
}

static void check_funding(struct vctx *v)
{
	struct strmap seen = {0};
	const struct muster_scenario *sc = v->sc;
	for (size_t i = 0; i < sc->funding.nr; i++) {
		const struct muster_funding *f = &sc->funding.items[i];
		unique(v, &seen, SC_FUNDING, i, "id", "funding rule", f->id, NULL);
		check_ref(v, &v->missions, SC_FUNDING, i, "mission", "mission", "missions.csv",
			  f->mission);
		check_dates(v, SC_FUNDING, i, f->from, f->to);
		check_funding_rule(v, i);
		for (size_t k = 0; k < i; k++) {
			const struct muster_funding *g = &sc->funding.items[k];
			if (strcmp(f->mission, g->mission) ||
			    !overlap(f->from, f->to, g->from, g->to))
				continue;
			char span[32], at[24];
			span_text(g->from, g->to, span);
			problem(v, SC_FUNDING, i, "from",
				_("funding rule '%s' of mission '%s' overlaps rule '%s' (%s%s)"),
				sv(v, f->id), sv(v, f->mission), sv(v, g->id), span,
				at_line(v, SC_FUNDING, k, at));
			break;
		}
	}
	map_release(&seen);
}

static void check_budgets(struct vctx *v)
{
	struct strmap seen = {0};
	const char *first = NULL;
	enum scenario_table ft = SC_COSTS;
	size_t fi = 0;
	for (size_t i = 0; i < v->sc->costs.nr; i++)
		check_currency(v, SC_COSTS, i, v->sc->costs.items[i].currency, &first, &ft, &fi);
	for (size_t i = 0; i < v->sc->budgets.nr; i++) {
		const struct muster_budget *b = &v->sc->budgets.items[i];
		unique(v, &seen, SC_BUDGETS, i, "id", "budget", b->id, NULL);
		check_nation(v, SC_BUDGETS, i, "nation", "nation", b->nation);
		check_ref(v, &v->missions, SC_BUDGETS, i, "mission", "mission", "missions.csv",
			  b->mission);
		if (!(b->limit >= 0 && b->limit < 1e15))
			problem(v, SC_BUDGETS, i, "limit",
				_("expected a number from 0 to 1e15, got '%g'"), b->limit);
		check_dates(v, SC_BUDGETS, i, b->from, b->to);
		check_currency(v, SC_BUDGETS, i, b->currency, &first, &ft, &fi);
	}
	map_release(&seen);
}

size_t scenario_check(const struct muster_scenario *sc, const struct scenario_lines *lines,
		      bool refs, struct muster_error *err)
{
	struct vctx v = {.sc = sc, .lines = lines, .err = err, .refs = refs};
	for (size_t k = 0; k < ARRAY_SIZE(v.show); k++)
		strbuf_init(&v.show[k]);
	index_tables(&v);
	check_keys(&v);
	check_missions(&v);
	check_phases(&v);
	check_capabilities(&v);
	check_requirements(&v);
	check_offers(&v);
	check_caveats(&v);
	check_caps(&v);
	check_deployments(&v);
	check_costs(&v);
	check_funding(&v);
	check_budgets(&v);
	map_release(&v.nations);
	map_release(&v.missions);
	map_release(&v.capabilities);
	map_release(&v.caveats);
	map_release(&v.requirements);
	map_release(&v.known);
	for (size_t k = 0; k < ARRAY_SIZE(v.show); k++)
		strbuf_release(&v.show[k]);
	return v.n;
}

int muster_scenario_validate(const struct muster_scenario *sc, struct muster_error *err)
{
	struct muster_error local = {0};
	struct muster_error *e = err ? err : &local;
	size_t n = scenario_check(sc, NULL, true, e);
	int rc = 0;
	if (n)
		rc = muster_error_set(
		    e, MUSTER_EINVAL,
		    P_("scenario has %zu problem", "scenario has %zu problems", n), n);
	muster_error_release(&local);
	return rc;
}
