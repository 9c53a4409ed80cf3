/*
 * posture.c: the global posture (who has how many people where, on which
 * mission, on which dates) and the posture checks (caps, deadlines, phase
 * ceilings).
 *
 * Records. Deployments and a run's assignments are first flattened into one
 * array of records (nation, country, mission, people, [from, to), kind, in
 * host or not, counted or not); strings are interned into small integer ids
 * through one open-addressing hash table, so the heavy loops compare ints.
 *
 * Series (muster_posture_compute). Rather than scanning every record for
 * every sample date, each record is placed once: it covers the sample dates
 * from lower_bound(from) to lower_bound(to) - 1, so it adds its people to a
 * per-group difference array at the first index and subtracts them at the
 * second; a prefix sum over the dates then gives every cell. The cost is
 * O(records x log(dates) + dates x groups): about 0.1 s per million rows,
 * a small part of the time it takes to load them from the database.
 *
 * Checks (muster_posture_check). For each cap, and each mission with phases,
 * the counted records are swept in date order into a step function; breaches
 * are the maximal periods in which the step function exceeds the limit
 * within the cap's window or the phase's window (a phase scoped `in-host`
 * uses the in-host curve). Times that no counting phase covers are windows
 * with a ceiling of 0.
 */
#include "i18n.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_SAMPLE_DATES 100000

/* ---- string interning ------------------------------------------------- */

struct intern {
	const char **items; /* id -> name (borrowed from the scenario or static) */
	size_t nr, alloc;
	uint32_t *slots; /* open addressing: id + 1, 0 empty */
	size_t nslots;	 /* power of two */
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void intern_rehash(struct intern *in)
{
	size_t n = in->nslots ? in->nslots * 2 : 256;
	free(in->slots);
	in->slots = xcalloc(n, sizeof(*in->slots));
	in->nslots = n;
	for (size_t i = 0; i < in->nr; i++) {
		size_t j = hash_str(in->items[i]) & (n - 1);
		while (in->slots[j])
			j = (j + 1) & (n - 1);
		in->slots[j] = (uint32_t)i + 1;
	}
}

static uint32_t intern_id(struct intern *in, const char *s)
{
	if ((in->nr + 1) * 2 > in->nslots)
		intern_rehash(in);
	size_t j = hash_str(s) & (in->nslots - 1);
	while (in->slots[j]) {
		uint32_t id = in->slots[j] - 1;
		if (!strcmp(in->items[id], s))
			return id;
		j = (j + 1) & (in->nslots - 1);
	}
	ARRAY_PUSH(*in, s);
	in->slots[j] = (uint32_t)in->nr;
	return (uint32_t)in->nr - 1;
}

static void intern_release(struct intern *in)
{
	free(in->items);
	free(in->slots);
	memset(in, 0, sizeof(*in));
}

/* ---- records ---------------------------------------------------------- */

enum { KIND_ASSIGNED = 4 }; /* beside enum muster_deployment_kind */

struct record {
	const char *nation, *country, *mission; /* borrowed; mission may be NULL */
	const char *category;			/* borrowed; NULL: not known */
	const char *org;			/* the mission's organization, or NULL */
	uint32_t source;			/* id in the sources' names (struct srcnames) */
	long people;
	int32_t from, to;
	uint8_t kind;	  /* enum muster_deployment_kind, or KIND_ASSIGNED */
	bool in_host;	  /* on a mission, in its host */
	bool out_of_host; /* on a mission, elsewhere */
	bool counted;	  /* counts against caps and ceilings */
};

struct records {
	struct record *items;
	size_t nr, alloc;
};

/* The source names of the records: id -> name (owned); the run's is SOURCE_RUN. */
struct srcnames {
	struct intern in;
};
#define RUN_SOURCE_NAME "(run)"

static uint32_t srcnames_id(struct srcnames *s, char *name)
{
	size_t before = s->in.nr;
	uint32_t id = intern_id(&s->in, name);
	if (s->in.nr == before)
		free(name); /* known: the intern keeps the first copy */
	return id;
}

static void srcnames_release(struct srcnames *s)
{
	for (size_t i = 0; i < s->in.nr; i++)
		free((char *)s->in.items[i]);
	intern_release(&s->in);
}

/* A mission's host country, NULL when the mission is unknown. */
static const char *mission_host(const struct muster_scenario *sc, const char *code)
{
	const struct muster_mission *m = code ? muster_scenario_mission(sc, code) : NULL;
	return m ? m->host : NULL;
}

static void set_host_flags(struct record *r, const char *host)
{
	r->in_host = r->mission && host && !strcmp(host, r->country);
	r->out_of_host = r->mission && host && !r->in_host;
}

/*
 * Flatten deployments and assignments. Mission hosts are looked up once per
 * distinct mission string through `hosts` (mission id -> host).
 */
static void collect_records(const struct muster_scenario *sc, const struct muster_run *run,
			    struct records *out, struct srcnames *names)
{
	struct intern missions = {0};
	MUSTER_ARRAY(const struct muster_mission *) hosts = {0}; /* mission id -> mission */
	const char *last_src = NULL;
	uint32_t last_id = 0;
	ARRAY_GROW(*out, sc->deployments.nr + (run ? run->assignments.nr : 0));
	for (size_t i = 0; i < sc->deployments.nr; i++) {
		const struct muster_deployment *d = &sc->deployments.items[i];
		struct record r = {d->nation,
				   d->country,
				   d->mission,
				   d->category,
				   NULL,
				   0,
				   d->personnel,
				   d->from,
				   d->to,
				   (uint8_t)d->kind,
				   false,
				   false,
				   d->counts_against_cap};
		if (!i || !last_src || !d->source || strcmp(last_src, d->source))
			last_id = srcnames_id(names, muster_source_name(d->source));
		last_src = d->source;
		r.source = last_id;
		const char *host = NULL;
		if (d->mission) {
			uint32_t id = intern_id(&missions, d->mission);
			if (id == hosts.nr)
				ARRAY_PUSH(hosts, muster_scenario_mission(sc, d->mission));
			host = hosts.items[id] ? hosts.items[id]->host : NULL;
			r.org = hosts.items[id] ? hosts.items[id]->organization : NULL;
		}
		set_host_flags(&r, host);
		out->items[out->nr++] = r;
	}
	for (size_t i = 0; run && i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		const struct muster_requirement *req =
		    muster_scenario_requirement(sc, a->mission, a->line);
		const char *host = mission_host(sc, a->mission);
		const char *where = req ? muster_requirement_location(sc, req) : host;
		if (!where)
			continue; /* a run of lines no longer in the scenario: nowhere to put it */
		const struct muster_mission *am = muster_scenario_mission(sc, a->mission);
		struct record r = {a->nation,
				   where,
				   a->mission,
				   NULL,
				   am ? am->organization : NULL,
				   srcnames_id(names, xstrdup(RUN_SOURCE_NAME)),
				   a->personnel,
				   a->from,
				   a->to,
				   KIND_ASSIGNED,
				   false,
				   false,
				   true};
		set_host_flags(&r, host);
		out->items[out->nr++] = r;
	}
	intern_release(&missions);
	ARRAY_RELEASE(hosts);
}

/* ---- names and parsing ------------------------------------------------ */

static const char *const by_names[] = {"nation", "country", "region", "mission",
				       "kind",	 "total",   "source", "category"};
static const char *const every_names[] = {"day", "week", "month", "quarter", "year"};
static const char *const kind_names[] = {"permanent", "rotational", "temporary", "support",
					 "rotational"};

const char *muster_posture_by_name(enum muster_posture_by by)
{
	return (size_t)by < ARRAY_SIZE(by_names) ? by_names[by] : "?";
}

static int parse_choice(const char *what, const char *s, const char *const *names, size_t n,
			int *out, struct muster_error *err)
{
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(s, names[i])) {
			*out = (int)i;
			return 0;
		}
	}
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", names[i]);
	int rc = muster_error_set(err, MUSTER_EINVAL,
				  _("%s: unknown value '%s' (choose one of %s)"), what, s, sb.buf);
	strbuf_release(&sb);
	return rc;
}

int muster_posture_by_parse(const char *s, enum muster_posture_by *out, struct muster_error *err)
{
	int v = 0;
	int rc = parse_choice("--by", s, by_names, ARRAY_SIZE(by_names), &v, err);
	if (!rc)
		*out = (enum muster_posture_by)v;
	return rc;
}

int muster_posture_by_parse_list(const char *s, enum muster_posture_by *out, size_t *n,
				 struct muster_error *err)
{
	char *copy = xstrdup(s), *save = NULL;
	int rc = 0;
	*n = 0;
	if (!*s || *s == ',' || s[strlen(s) - 1] == ',' || strstr(s, ",,"))
		rc = muster_error_set(err, MUSTER_EINVAL,
				      _("--by: expected groupings separated by commas, got '%s'"),
				      s);
	for (char *t = rc ? NULL : strtok_r(copy, ",", &save); t && !rc;
	     t = strtok_r(NULL, ",", &save)) {
		enum muster_posture_by by;
		if ((rc = muster_posture_by_parse(t, &by, err)))
			break;
		for (size_t i = 0; i < *n && !rc; i++)
			if (out[i] == by)
				rc = muster_error_set(err, MUSTER_EINVAL,
						      _("--by: '%s' twice in '%s'"), t, s);
		if (!rc && *n == MUSTER_POSTURE_MAX_BY)
			rc = muster_error_set(err, MUSTER_EINVAL,
					      _("--by: at most %d groupings, got '%s'"),
					      MUSTER_POSTURE_MAX_BY, s);
		if (!rc)
			out[(*n)++] = by;
	}
	for (size_t i = 0; !rc && *n > 1 && i < *n; i++)
		if (out[i] == MUSTER_POSTURE_BY_TOTAL)
			rc = muster_error_set(err, MUSTER_EINVAL,
					      _("--by: 'total' goes alone, got '%s'"), s);
	free(copy);
	return rc;
}

int muster_posture_stat_parse(const char *s, enum muster_posture_stat *out,
			      struct muster_error *err)
{
	static const char *const names[] = {"end", "mean", "peak", "min"};
	int v = 0;
	int rc = parse_choice("--stat", s, names, ARRAY_SIZE(names), &v, err);
	if (!rc)
		*out = (enum muster_posture_stat)v;
	return rc;
}

int muster_posture_every_parse(const char *s, enum muster_posture_every *out,
			       struct muster_error *err)
{
	int v = 0;
	int rc = parse_choice("--every", s, every_names, ARRAY_SIZE(every_names), &v, err);
	if (!rc)
		*out = (enum muster_posture_every)v;
	return rc;
}

const char *muster_breach_kind_name(enum muster_breach_kind k)
{
	static const char *const names[] = {"cap", "deadline", "ceiling"};
	return (size_t)k < ARRAY_SIZE(names) ? names[k] : "?";
}

/* ---- sample dates ----------------------------------------------------- */

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dm[m - 1];
}

/* The k-th date after `from` in steps of `every`. */
static int32_t step_date(int32_t from, enum muster_posture_every every, long k)
{
	static const int months[] = {0, 0, 1, 3, 12};
	if (every == MUSTER_EVERY_DAY || every == MUSTER_EVERY_WEEK)
		return (int32_t)(from + k * (every == MUSTER_EVERY_DAY ? 1 : 7));
	int y, m, d;
	muster_date_to_ymd(from, &y, &m, &d);
	long mm = (long)(m - 1) + k * months[every];
	y += (int)(mm / 12);
	m = (int)(mm % 12) + 1;
	int last = days_in_month(y, m);
	return muster_date_from_ymd(y, m, d < last ? d : last);
}

int muster_posture_dates(int32_t from, int32_t to, enum muster_posture_every every, int32_t **dates,
			 size_t *n, struct muster_error *err)
{
	if (from == MUSTER_DATE_NONE || to == MUSTER_DATE_OPEN || from >= to)
		return muster_error_set(err, MUSTER_EINVAL,
					_("the period needs a 'from' date before its 'to' date"));
	if ((unsigned)every > MUSTER_EVERY_YEAR)
		return muster_error_set(err, MUSTER_EINVAL, _("unknown step %d"), (int)every);
	MUSTER_ARRAY(int32_t) out = {0};
	for (long k = 0;; k++) {
		int32_t t = step_date(from, every, k);
		if (t >= to)
			break;
		if (out.nr == MAX_SAMPLE_DATES) {
			free(out.items);
			return muster_error_set(err, MUSTER_EINVAL,
						_("the period has more than %d dates: choose a "
						  "longer step or a shorter period"),
						MAX_SAMPLE_DATES);
		}
		ARRAY_PUSH(out, t);
	}
	*dates = out.items;
	*n = out.nr;
	return 0;
}

/* ---- the series ------------------------------------------------------- */

/* The first index i with dates[i] >= t (n when none). */
static size_t lower_bound(const int32_t *dates, size_t n, int32_t t)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (dates[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool record_matches(const struct record *r, const struct muster_posture_opts *o,
			   const int *rank)
{
	if (rank && rank[r->source] < 0)
		return false;
	if (o->category && (!r->category || strcmp(o->category, r->category)))
		return false;
	if (o->abroad_only && !strcmp(r->nation, r->country))
		return false;
	if (o->organization && (!r->org || strcasecmp(o->organization, r->org)))
		return false;
	if (o->counted_only && !r->counted)
		return false;
	if (o->nation && strcmp(o->nation, r->nation))
		return false;
	if (o->country && strcmp(o->country, r->country))
		return false;
	if (o->mission && (!r->mission || strcmp(o->mission, r->mission)))
		return false;
	return true;
}

/*
 * Group names of one grouping; region lookups are cached per country id.
 * Several groupings make a name of their values joined by tabs, owned by
 * `keys` (the intern borrows).
 */
struct grouper {
	const struct muster_scenario *sc;
	const struct srcnames *names;
	enum muster_posture_by bys[MUSTER_POSTURE_MAX_BY];
	size_t nby;
	struct intern groups;
	struct intern countries;
	MUSTER_ARRAY(const char *) region_of; /* country id -> region name */
	MUSTER_ARRAY(char *) keys;
	struct strbuf key;
};

static const char *by_value(struct grouper *g, enum muster_posture_by by, const struct record *r)
{
	switch (by) {
	case MUSTER_POSTURE_BY_NATION:
		return r->nation;
	case MUSTER_POSTURE_BY_COUNTRY:
		return r->country;
	case MUSTER_POSTURE_BY_MISSION:
		return r->mission ? r->mission : "(none)";
	case MUSTER_POSTURE_BY_KIND:
		return kind_names[r->kind];
	case MUSTER_POSTURE_BY_TOTAL:
		return "total";
	case MUSTER_POSTURE_BY_SOURCE:
		return g->names->in.items[r->source];
	case MUSTER_POSTURE_BY_CATEGORY:
		return r->category ? r->category : "(unknown)";
	case MUSTER_POSTURE_BY_REGION:
		break;
	}
	uint32_t c = intern_id(&g->countries, r->country);
	if (c == g->region_of.nr) {
		const struct muster_nation *nat = muster_nation_lookup(g->sc, r->country);
		ARRAY_PUSH(g->region_of, nat && nat->region ? nat->region : "(unknown)");
	}
	return g->region_of.items[c];
}

static uint32_t group_of(struct grouper *g, const struct record *r)
{
	if (g->nby == 1)
		return intern_id(&g->groups, by_value(g, g->bys[0], r));
	strbuf_reset(&g->key);
	for (size_t i = 0; i < g->nby; i++)
		strbuf_addf(&g->key, "%s%s", i ? "\t" : "", by_value(g, g->bys[i], r));
	size_t before = g->groups.nr;
	char *k = xstrdup(g->key.buf);
	uint32_t id = intern_id(&g->groups, k);
	if (g->groups.nr == before)
		free(k);
	else
		ARRAY_PUSH(g->keys, k);
	return id;
}

static void grouper_release(struct grouper *g)
{
	intern_release(&g->groups);
	intern_release(&g->countries);
	ARRAY_RELEASE(g->region_of);
	for (size_t i = 0; i < g->keys.nr; i++)
		free(g->keys.items[i]);
	ARRAY_RELEASE(g->keys);
	strbuf_release(&g->key);
}

/* Six running values per (date, group), laid out like the output cells. */
static void add_cell(struct muster_posture_cell *c, const struct record *r, long sign)
{
	long p = sign * r->people;
	c->personnel += p;
	c->in_host += r->in_host ? p : 0;
	c->out_of_host += r->out_of_host ? p : 0;
	c->permanent += r->kind == MUSTER_DEPLOY_PERMANENT ? p : 0;
	c->rotational += (r->kind == MUSTER_DEPLOY_ROTATIONAL || r->kind == KIND_ASSIGNED) ? p : 0;
	c->other +=
	    (r->kind == MUSTER_DEPLOY_TEMPORARY || r->kind == MUSTER_DEPLOY_SUPPORT) ? p : 0;
}

struct placed {
	uint32_t rec, group, lo, hi; /* covers sample dates [lo, hi) */
	bool overlap;		     /* counts only in the cells' overlap */
};
struct placed_list {
	struct placed *items;
	size_t nr, alloc;
};

static int cmp_name_idx(const void *a, const void *b, void *names)
{
	const char **n = names;
	return strcmp(n[*(const uint32_t *)a], n[*(const uint32_t *)b]);
}

static bool cell_zero(const struct muster_posture_cell *c)
{
	return !c->personnel && !c->in_host && !c->out_of_host && !c->permanent && !c->rotational &&
	       !c->other;
}

/*
 * From the difference array (ndates + 1 rows of ngroups) to `out`: prefix
 * sums, then only the groups that are ever non-zero, sorted by name.
 */
static void finish_series(struct grouper *g, struct muster_posture_cell *diff, size_t ndates,
			  struct muster_posture *out)
{
	size_t ng = g->groups.nr;
	bool *used = xcalloc(ng ? ng : 1, sizeof(*used));
	for (size_t d = 0; d < ndates; d++) {
		for (size_t j = 0; j < ng; j++) {
			struct muster_posture_cell *c = &diff[d * ng + j];
			if (d) {
				const struct muster_posture_cell *p = &diff[(d - 1) * ng + j];
				c->personnel += p->personnel;
				c->in_host += p->in_host;
				c->out_of_host += p->out_of_host;
				c->permanent += p->permanent;
				c->rotational += p->rotational;
				c->other += p->other;
				c->overlap += p->overlap;
			}
			used[j] |= !cell_zero(c);
		}
	}
	uint32_t *order = xmalloc((ng ? ng : 1) * sizeof(*order));
	size_t nu = 0;
	for (size_t j = 0; j < ng; j++)
		if (used[j])
			order[nu++] = (uint32_t)j;
	qsort_r(order, nu, sizeof(*order), cmp_name_idx, g->groups.items);
	out->ngroups = nu;
	out->groups = xcalloc(nu ? nu : 1, sizeof(*out->groups));
	out->cells = xcalloc((nu ? nu : 1) * ndates, sizeof(*out->cells));
	for (size_t k = 0; k < nu; k++) {
		out->groups[k] = xstrdup(g->groups.items[order[k]]);
		for (size_t d = 0; d < ndates; d++)
			out->cells[d * nu + k] = diff[d * ng + order[k]];
	}
	free(order);
	free(used);
}

/* Filters name codes that exist (exactly: front ends resolve case first). */
static int check_filter(const struct muster_scenario *sc, const struct muster_posture_opts *o,
			struct muster_error *err)
{
	int rc = 0;
	if (o->nation)
		rc = muster_code_check(sc, MUSTER_CODE_NATION, o->nation, err);
	if (!rc && o->country)
		rc = muster_code_check(sc, MUSTER_CODE_COUNTRY, o->country, err);
	if (!rc && o->mission)
		rc = muster_code_check(sc, MUSTER_CODE_MISSION, o->mission, err);
	return rc;
}

/*
 * The rank of every source name for the filters: -1 left out; 0 when kept
 * with no preference; with --prefer, the position of the first name of the
 * list that it answers to. A name of --source or --prefer that answers to
 * no source, or (not exactly) to several, is an error (MUSTER_ENOENT).
 */
static int source_ranks(const struct srcnames *names, const struct muster_posture_opts *o,
			int **out, struct muster_error *err)
{
	size_t n = names->in.nr;
	*out = NULL;
	if (!o->nsources && !o->nprefer)
		return 0;
	int *rank = xmalloc((n ? n : 1) * sizeof(*rank));
	for (size_t i = 0; i < n; i++)
		rank[i] = o->nsources ? -1 : 0;
	const char *const *lists[2] = {o->sources, o->prefer};
	size_t lens[2] = {o->nsources, o->nprefer};
	const char *opt[2] = {"--source", "--prefer"};
	int rc = 0;
	for (int l = 0; l < 2 && !rc; l++) {
		for (size_t k = 0; k < lens[l] && !rc; k++) {
			const char *want = lists[l][k];
			size_t hits = 0, exact = SIZE_MAX, hit = 0;
			for (size_t i = 0; i < n; i++) {
				if (!muster_source_name_matches(names->in.items[i], want))
					continue;
				hits++;
				hit = i;
				if (!strcmp(names->in.items[i], want))
					exact = i;
			}
			for (size_t j = 0; j < k && !rc; j++)
				if (!strcmp(lists[l][j], want))
					rc = muster_error_set(err, MUSTER_EINVAL,
							      _("%s: source '%s' is named twice"),
							      opt[l], want);
			if (rc)
				break;
			if (!hits) {
				struct strbuf sb = STRBUF_INIT;
				for (size_t i = 0; i < n; i++)
					strbuf_addf(&sb, "%s'%s'", i ? ", " : "",
						    names->in.items[i]);
				if (n)
					rc = muster_error_set(err, MUSTER_ENOENT,
							      _("%s: no deployments of source '%s' "
								"(the sources are %s)"),
							      opt[l], want, sb.buf);
				else
					rc = muster_error_set(err, MUSTER_ENOENT,
							      _("%s: no deployments of source '%s' "
								"(the sources are none)"),
							      opt[l], want);
				strbuf_release(&sb);
				break;
			}
			if (hits > 1 && exact == SIZE_MAX) {
				rc = muster_error_set(
				    err, MUSTER_EINVAL,
				    _("%s: '%s' names %zu sources (files of that "
				      "name in several folders); give the full name"),
				    opt[l], want, hits);
				break;
			}
			size_t i = exact != SIZE_MAX ? exact : hit;
			if (l == 0)
				rank[i] = 0;
			else if (o->nsources && rank[i] < 0)
				continue; /* filtered out by --source */
			else if (rank[i] <= 0 || (size_t)rank[i] > k)
				rank[i] = (int)k + 1;
		}
	}
	if (!rc && o->nprefer) /* only the preferred sources; ranks from 0 */
		for (size_t i = 0; i < n; i++)
			rank[i] = rank[i] > 0 ? rank[i] - 1 : -1;
	if (rc) {
		free(rank);
		return rc;
	}
	*out = rank;
	return 0;
}

/* ---- sources that meet: preference and overlaps ------------------------ */

struct resolver {
	const struct records *recs;
	const struct srcnames *names;
	uint32_t run_source; /* UINT32_MAX when no run */
	const int *rank;     /* NULL: no preference */
	bool prefer;
	const int32_t *dates;
	size_t ndates;
	MUSTER_ARRAY(struct muster_posture_overlap) overlaps;
};

static int cmp_placed_pair(const void *a, const void *b, void *ctx)
{
	const struct records *recs = ctx;
	const struct placed *x = a, *y = b;
	const struct record *r = &recs->items[x->rec], *s = &recs->items[y->rec];
	int d = strcmp(r->nation, s->nation);
	if (!d)
		d = strcmp(r->country, s->country);
	if (!d)
		d = (r->source > s->source) - (r->source < s->source);
	return d;
}

/*
 * One nation in one country, records [b, e) of `pl` (sorted by source), of
 * two sources or more. Per source and sample date its records there; with
 * --prefer, each record keeps only the dates where no better-ranked source
 * has one (pieces beyond the first go to `more`); else every pair of
 * sources with records on a common date is an overlap.
 */
static void resolve_block(struct resolver *rv, struct placed *pl, size_t b, size_t e,
			  struct placed_list *more)
{
	uint32_t lo = UINT32_MAX, hi = 0;
	MUSTER_ARRAY(uint32_t) srcs = {0};
	for (size_t i = b; i < e; i++) {
		uint32_t s = rv->recs->items[pl[i].rec].source;
		if (!srcs.nr || srcs.items[srcs.nr - 1] != s)
			ARRAY_PUSH(srcs, s);
		lo = pl[i].lo < lo ? pl[i].lo : lo;
		hi = pl[i].hi > hi ? pl[i].hi : hi;
	}
	size_t ns = srcs.nr, w = hi - lo;
	long *cnt = xcalloc(ns * (w + 1), sizeof(*cnt)), *ppl = xcalloc(ns * (w + 1), sizeof(*ppl));
	for (size_t i = b, k = 0; i < e; i++) {
		const struct record *r = &rv->recs->items[pl[i].rec];
		while (srcs.items[k] != r->source)
			k++;
		cnt[k * (w + 1) + pl[i].lo - lo]++;
		cnt[k * (w + 1) + pl[i].hi - lo]--;
		ppl[k * (w + 1) + pl[i].lo - lo] += r->people;
		ppl[k * (w + 1) + pl[i].hi - lo] -= r->people;
	}
	for (size_t k = 0; k < ns; k++)
		for (size_t d = 1; d <= w; d++) {
			cnt[k * (w + 1) + d] += cnt[k * (w + 1) + d - 1];
			ppl[k * (w + 1) + d] += ppl[k * (w + 1) + d - 1];
		}
	if (rv->prefer) {
		int *best = xmalloc((w ? w : 1) * sizeof(*best));
		for (size_t d = 0; d < w; d++) {
			best[d] = INT_MAX;
			for (size_t k = 0; k < ns; k++)
				if (cnt[k * (w + 1) + d] > 0 && rv->rank[srcs.items[k]] < best[d])
					best[d] = rv->rank[srcs.items[k]];
		}
		for (size_t i = b; i < e; i++) {
			int r = rv->rank[rv->recs->items[pl[i].rec].source];
			struct placed orig = pl[i];
			bool first = true;
			pl[i].hi = pl[i].lo; /* nothing, unless a piece is kept */
			for (uint32_t d = orig.lo; d < orig.hi;) {
				if (best[d - lo] != r) {
					d++;
					continue;
				}
				uint32_t d2 = d;
				while (d2 < orig.hi && best[d2 - lo] == r)
					d2++;
				struct placed piece = {orig.rec, orig.group, d, d2, false};
				if (first)
					pl[i] = piece;
				else
					ARRAY_PUSH(*more, piece);
				first = false;
				d = d2;
			}
		}
		free(best);
	} else {
		const struct record *r0 = &rv->recs->items[pl[b].rec];
		bool *multi = xcalloc(w ? w : 1, sizeof(*multi));
		for (size_t d = 0; d < w; d++) {
			size_t with = 0;
			for (size_t k = 0; k < ns; k++)
				with += cnt[k * (w + 1) + d] > 0;
			multi[d] = with > 1;
		}
		for (size_t i = b; i < e; i++)
			for (uint32_t d = pl[i].lo; d < pl[i].hi;) {
				if (!multi[d - lo]) {
					d++;
					continue;
				}
				uint32_t d2 = d;
				while (d2 < pl[i].hi && multi[d2 - lo])
					d2++;
				struct placed piece = {pl[i].rec, pl[i].group, d, d2, true};
				ARRAY_PUSH(*more, piece);
				d = d2;
			}
		free(multi);
		for (size_t x = 0; x < ns; x++)
			for (size_t y = x + 1; y < ns; y++)
				for (size_t d = 0; d < w; d++) {
					if (cnt[x * (w + 1) + d] <= 0 || cnt[y * (w + 1) + d] <= 0)
						continue;
					const char *na = rv->names->in.items[srcs.items[x]];
					const char *nb = rv->names->in.items[srcs.items[y]];
					bool swap = strcmp(na, nb) > 0;
					struct muster_posture_overlap o = {
					    xstrdup(r0->nation),
					    xstrdup(r0->country),
					    xstrdup(swap ? nb : na),
					    xstrdup(swap ? na : nb),
					    rv->dates[lo + d],
					    ppl[(swap ? y : x) * (w + 1) + d],
					    ppl[(swap ? x : y) * (w + 1) + d]};
					ARRAY_PUSH(rv->overlaps, o);
					break;
				}
	}
	free(cnt);
	free(ppl);
	ARRAY_RELEASE(srcs);
}

static int cmp_overlap(const void *a, const void *b)
{
	const struct muster_posture_overlap *x = a, *y = b;
	int d = strcmp(x->nation, y->nation);
	if (!d)
		d = strcmp(x->country, y->country);
	if (!d)
		d = strcmp(x->a, y->a);
	if (!d)
		d = strcmp(x->b, y->b);
	return d;
}

/* Preference or overlaps over every nation in every country; the run's records stay. */
static void resolve_sources(struct resolver *rv, struct placed_list *pl)
{
	size_t n = pl->nr;
	if (!n)
		return;
	qsort_r(pl->items, n, sizeof(pl->items[0]), cmp_placed_pair, (void *)rv->recs);
	struct placed_list more = {0};
	for (size_t b = 0; b < n;) {
		const struct record *r = &rv->recs->items[pl->items[b].rec];
		size_t e = b + 1;
		bool several = false;
		while (e < n) {
			const struct record *s = &rv->recs->items[pl->items[e].rec];
			if (strcmp(r->nation, s->nation) || strcmp(r->country, s->country))
				break;
			several |= s->source != r->source;
			e++;
		}
		/* the run's assignments (the last source id of the block if any) stay out */
		size_t e2 = e;
		while (e2 > b && rv->recs->items[pl->items[e2 - 1].rec].source == rv->run_source)
			e2--;
		several = several && e2 > b &&
			  rv->recs->items[pl->items[b].rec].source !=
			      rv->recs->items[pl->items[e2 - 1].rec].source;
		if (several)
			resolve_block(rv, pl->items, b, e2, &more);
		b = e;
	}
	for (size_t i = 0; i < more.nr; i++)
		ARRAY_PUSH(*pl, more.items[i]);
	ARRAY_RELEASE(more);
	if (rv->overlaps.nr)
		qsort(rv->overlaps.items, rv->overlaps.nr, sizeof(rv->overlaps.items[0]),
		      cmp_overlap);
}

int muster_posture_compute(const struct muster_scenario *sc, const struct muster_run *run,
			   const struct muster_posture_opts *opts, const int32_t *dates,
			   size_t ndates, struct muster_posture *out, struct muster_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!ndates)
		return muster_error_set(err, MUSTER_EINVAL, _("posture: no dates"));
	for (size_t d = 1; d < ndates; d++)
		if (dates[d] <= dates[d - 1])
			return muster_error_set(err, MUSTER_EINVAL,
						_("posture: dates must be ascending"));
	if (opts->nthen >= MUSTER_POSTURE_MAX_BY)
		return muster_error_set(err, MUSTER_EINVAL, _("posture: too many groupings"));
	int rc = check_filter(sc, opts, err);
	if (rc < 0)
		return rc;
	struct records recs = {0};
	struct srcnames names = {0};
	int *rank = NULL;
	collect_records(sc, run, &recs, &names);
	if ((rc = source_ranks(&names, opts, &rank, err)) < 0) {
		srcnames_release(&names);
		ARRAY_RELEASE(recs);
		return rc;
	}
	struct grouper g = {.sc = sc, .names = &names, .nby = 1 + opts->nthen};
	g.bys[0] = opts->by;
	for (size_t i = 0; i < opts->nthen; i++)
		g.bys[1 + i] = opts->then[i];
	strbuf_init(&g.key);
	struct placed_list placed = {0};
	for (size_t i = 0; i < recs.nr; i++) {
		const struct record *r = &recs.items[i];
		if (!r->people || !record_matches(r, opts, rank))
			continue;
		size_t lo = lower_bound(dates, ndates, r->from);
		size_t hi = r->to == MUSTER_DATE_OPEN ? ndates : lower_bound(dates, ndates, r->to);
		if (lo >= hi)
			continue;
		struct placed p = {(uint32_t)i, group_of(&g, r), (uint32_t)lo, (uint32_t)hi, false};
		ARRAY_PUSH(placed, p);
	}
	size_t before = names.in.nr;
	struct resolver rv = {.recs = &recs,
			      .names = &names,
			      .run_source = intern_id(&names.in, RUN_SOURCE_NAME),
			      .rank = rank,
			      .prefer = opts->nprefer > 0,
			      .dates = dates,
			      .ndates = ndates};
	if (names.in.nr != before) /* no run: the name is a static string, not owned */
		names.in.items[names.in.nr - 1] = xstrdup(RUN_SOURCE_NAME);
	/* one source among the placed records: no overlaps, nothing to prefer (no sort) */
	bool several = false;
	for (size_t k = 1; k < placed.nr && !several; k++)
		several = recs.items[placed.items[k].rec].source !=
			  recs.items[placed.items[0].rec].source;
	if (several)
		resolve_sources(&rv, &placed);
	size_t ng = g.groups.nr;
	struct muster_posture_cell *diff = xcalloc((ndates + 1) * (ng ? ng : 1), sizeof(*diff));
	for (size_t k = 0; k < placed.nr; k++) {
		const struct placed *p = &placed.items[k];
		if (p->lo >= p->hi)
			continue;
		if (p->overlap) {
			diff[p->lo * ng + p->group].overlap += recs.items[p->rec].people;
			diff[p->hi * ng + p->group].overlap -= recs.items[p->rec].people;
			continue;
		}
		add_cell(&diff[p->lo * ng + p->group], &recs.items[p->rec], 1);
		add_cell(&diff[p->hi * ng + p->group], &recs.items[p->rec], -1);
	}
	out->by = opts->by;
	out->nby = g.nby;
	memcpy(out->bys, g.bys, sizeof(g.bys));
	out->overlaps = rv.overlaps.items;
	out->noverlaps = rv.overlaps.nr;
	out->ndates = ndates;
	out->dates = xmalloc(ndates * sizeof(*out->dates));
	memcpy(out->dates, dates, ndates * sizeof(*dates));
	finish_series(&g, diff, ndates, out);
	free(diff);
	free(rank);
	ARRAY_RELEASE(placed);
	grouper_release(&g);
	srcnames_release(&names);
	ARRAY_RELEASE(recs);
	return 0;
}

void muster_posture_release(struct muster_posture *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->noverlaps; i++) {
		free(p->overlaps[i].nation);
		free(p->overlaps[i].country);
		free(p->overlaps[i].a);
		free(p->overlaps[i].b);
	}
	free(p->overlaps);
	for (size_t i = 0; i < p->ngroups; i++)
		free(p->groups[i]);
	free(p->groups);
	free(p->dates);
	free(p->cells);
	memset(p, 0, sizeof(*p));
}

const struct muster_posture_cell *muster_posture_cell(const struct muster_posture *p, size_t d,
						      const char *group)
{
	if (d >= p->ndates)
		return NULL;
	size_t lo = 0, hi = p->ngroups;
	while (lo < hi) { /* groups are sorted */
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(p->groups[mid], group);
		if (!c)
			return &p->cells[d * p->ngroups + mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- checks ----------------------------------------------------------- */

struct event {
	int32_t day;
	long delta;
};

/* A step function: level[i] holds on [day[i], day[i + 1]) (the last one open). */
struct events {
	struct event *items;
	size_t nr, alloc;
};

struct steps {
	struct events pts; /* delta is the level from that day on */
};

static int cmp_event(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	return (x->day > y->day) - (x->day < y->day);
}

/* Sort the events and fold equal days into levels. Consumes `ev`. */
static void build_steps(struct event *ev, size_t n, struct steps *s)
{
	if (!n)
		return; /* ev may be NULL: qsort wants a real pointer */
	qsort(ev, n, sizeof(*ev), cmp_event);
	long level = 0;
	for (size_t i = 0; i < n; i++) {
		level += ev[i].delta;
		if (i + 1 < n && ev[i + 1].day == ev[i].day)
			continue;
		struct event p = {ev[i].day, level};
		ARRAY_PUSH(s->pts, p);
	}
}

static void push_interval(struct events *ev, const struct record *r)
{
	struct event a = {r->from, r->people};
	ARRAY_PUSH(*ev, a);
	if (r->to != MUSTER_DATE_OPEN) {
		struct event b = {r->to, -r->people};
		ARRAY_PUSH(*ev, b);
	}
}

/*
 * Append one breach per maximal period within [wf, wt) in which the level
 * exceeds `limit`. `proto` gives the fields other than dates and peak.
 */
static void scan_window(const struct steps *s, int32_t wf, int32_t wt, long limit,
			const struct muster_breach *proto, struct muster_breach_list *out)
{
	struct muster_breach *cur = NULL;
	for (size_t i = 0; i < s->pts.nr; i++) {
		int32_t a = s->pts.items[i].day;
		int32_t b = i + 1 < s->pts.nr ? s->pts.items[i + 1].day : MUSTER_DATE_OPEN;
		long level = s->pts.items[i].delta;
		if (a < wf)
			a = wf;
		if (b > wt)
			b = wt;
		if (a >= b)
			continue;
		if (level <= limit) {
			cur = NULL;
			continue;
		}
		if (!cur) {
			ARRAY_PUSH(*out, *proto);
			cur = &out->items[out->nr - 1];
			cur->from = a;
			cur->peak = level;
			cur->peak_on = a;
		} else if (level > cur->peak) {
			cur->peak = level;
			cur->peak_on = a;
		}
		cur->to = b;
		cur->limit = limit;
		cur->excess = cur->peak - limit;
	}
}

/* Own copies of the borrowed strings of every breach appended since `first`. */
static void own_strings(struct muster_breach_list *out, size_t first)
{
	for (size_t i = first; i < out->nr; i++) {
		struct muster_breach *b = &out->items[i];
		b->nation = xstrdup_or_null(b->nation);
		b->country = xstrdup_or_null(b->country);
		b->mission = xstrdup_or_null(b->mission);
		b->phase = xstrdup_or_null(b->phase);
	}
}

static void check_cap(const struct muster_scenario *sc, size_t ci, const struct records *recs,
		      struct muster_breach_list *out)
{
	const struct muster_cap *cap = &sc->caps.items[ci];
	struct events ev = {0};
	for (size_t i = 0; i < recs->nr; i++) {
		const struct record *r = &recs->items[i];
		if (r->counted && r->people && !strcmp(r->nation, cap->nation) &&
		    !strcmp(r->country, cap->country))
			push_interval(&ev, r);
	}
	struct steps s = {0};
	build_steps(ev.items, ev.nr, &s);
	struct muster_breach proto = {
	    .kind = cap->limit ? MUSTER_BREACH_CAP : MUSTER_BREACH_DEADLINE,
	    .nation = cap->nation,
	    .country = cap->country,
	    .ref = ci,
	};
	size_t first = out->nr;
	scan_window(&s, cap->from, cap->to, cap->limit, &proto, out);
	own_strings(out, first);
	ARRAY_RELEASE(s.pts);
	ARRAY_RELEASE(ev);
}

static int cmp_phase_from(const void *a, const void *b, void *phases)
{
	const struct muster_phase *p = phases;
	int32_t x = p[*(const size_t *)a].from, y = p[*(const size_t *)b].from;
	return (x > y) - (x < y);
}

/*
 * One mission: the all and in-host curves, then each counting phase's window
 * against its ceiling and every uncovered stretch against 0.
 */
static void check_mission(const struct muster_scenario *sc, const struct muster_mission *m,
			  const struct records *recs, bool with_requested,
			  struct muster_breach_list *out)
{
	MUSTER_ARRAY(size_t) ph = {0};
	for (size_t i = 0; i < sc->phases.nr; i++) {
		const struct muster_phase *p = &sc->phases.items[i];
		if (!strcmp(p->mission, m->code) &&
		    (with_requested || p->status == MUSTER_PHASE_APPROVED))
			ARRAY_PUSH(ph, i);
	}
	bool any_phase = false;
	for (size_t i = 0; i < sc->phases.nr && !any_phase; i++)
		any_phase = !strcmp(sc->phases.items[i].mission, m->code);
	if (!any_phase)
		goto out; /* a mission without phases has no ceiling */
	struct events all = {0}, host = {0};
	for (size_t i = 0; i < recs->nr; i++) {
		const struct record *r = &recs->items[i];
		if (!r->counted || !r->people || !r->mission || strcmp(r->mission, m->code))
			continue;
		push_interval(&all, r);
		if (r->in_host)
			push_interval(&host, r);
	}
	struct steps s_all = {0}, s_host = {0};
	build_steps(all.items, all.nr, &s_all);
	build_steps(host.items, host.nr, &s_host);
	if (ph.nr)
		qsort_r(ph.items, ph.nr, sizeof(*ph.items), cmp_phase_from, sc->phases.items);
	size_t first = out->nr;
	struct muster_breach proto = {
	    .kind = MUSTER_BREACH_CEILING, .country = m->host, .mission = m->code, .ref = SIZE_MAX};
	int32_t covered = MUSTER_DATE_NONE; /* everything before this is handled */
	for (size_t k = 0; k < ph.nr; k++) {
		const struct muster_phase *p = &sc->phases.items[ph.items[k]];
		if (p->from > covered)
			scan_window(&s_all, covered, p->from, 0, &proto, out);
		struct muster_breach bp = proto;
		bp.phase = p->phase;
		bp.ref = ph.items[k];
		scan_window(p->scope == MUSTER_SCOPE_IN_HOST ? &s_host : &s_all, p->from, p->to,
			    p->ceiling, &bp, out);
		if (p->to > covered)
			covered = p->to;
	}
	if (covered != MUSTER_DATE_OPEN)
		scan_window(&s_all, covered, MUSTER_DATE_OPEN, 0, &proto, out);
	own_strings(out, first);
	ARRAY_RELEASE(s_all.pts);
	ARRAY_RELEASE(s_host.pts);
	ARRAY_RELEASE(all);
	ARRAY_RELEASE(host);
out:
	ARRAY_RELEASE(ph);
}

int muster_posture_check(const struct muster_scenario *sc, const struct muster_run *run,
			 bool with_requested, struct muster_breach_list *out,
			 struct muster_error *err)
{
	struct records recs = {0};
	struct srcnames names = {0};
	collect_records(sc, run, &recs, &names);
	srcnames_release(&names);
	for (size_t i = 0; i < sc->caps.nr; i++)
		check_cap(sc, i, &recs, out);
	for (size_t i = 0; i < sc->missions.nr; i++)
		check_mission(sc, &sc->missions.items[i], &recs, with_requested, out);
	ARRAY_RELEASE(recs);
	return 0;
}

static bool same(const char *filter, const char *v)
{
	return !filter || (v && !strcmp(filter, v));
}

bool muster_breach_matches(const struct muster_breach *b, const struct muster_posture_opts *f)
{
	return same(f->nation, b->nation) && same(f->country, b->country) &&
	       same(f->mission, b->mission);
}

void muster_posture_check_scope(const struct muster_scenario *sc,
				const struct muster_posture_opts *f, struct muster_check_scope *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; !f->mission && i < sc->caps.nr; i++) {
		const struct muster_cap *c = &sc->caps.items[i];
		if (!same(f->nation, c->nation) || !same(f->country, c->country))
			continue;
		if (c->limit)
			out->caps++;
		else
			out->deadlines++;
	}
	for (size_t i = 0; !f->nation && i < sc->missions.nr; i++) {
		const struct muster_mission *m = &sc->missions.items[i];
		bool phases = false;
		if (!same(f->mission, m->code) || !same(f->country, m->host))
			continue;
		for (size_t k = 0; k < sc->phases.nr && !phases; k++)
			phases = !strcmp(sc->phases.items[k].mission, m->code);
		out->missions += phases;
	}
}

void muster_breach_list_release(struct muster_breach_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nr; i++) {
		struct muster_breach *b = &l->items[i];
		free(b->nation);
		free(b->country);
		free(b->mission);
		free(b->phase);
	}
	ARRAY_RELEASE(*l);
}

/* ---- aggregation over periods ----------------------------------------- */

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* The days where the posture may change within [first, to): period starts and record ends. */
static void change_days(const struct muster_scenario *sc, const struct muster_run *run,
			const int32_t *starts, size_t n, int32_t to, int32_t **out, size_t *nout)
{
	MUSTER_ARRAY(int32_t) v = {0};
	int32_t first = starts[0];
	for (size_t i = 0; i < n; i++)
		ARRAY_PUSH(v, starts[i]);
	for (size_t i = 0; i < sc->deployments.nr; i++) {
		const struct muster_deployment *d = &sc->deployments.items[i];
		if (d->from > first && d->from < to)
			ARRAY_PUSH(v, d->from);
		if (d->to != MUSTER_DATE_OPEN && d->to > first && d->to < to)
			ARRAY_PUSH(v, d->to);
	}
	for (size_t i = 0; run && i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		if (a->from > first && a->from < to)
			ARRAY_PUSH(v, a->from);
		if (a->to != MUSTER_DATE_OPEN && a->to > first && a->to < to)
			ARRAY_PUSH(v, a->to);
	}
	qsort(v.items, v.nr, sizeof(int32_t), cmp_i32);
	size_t k = 0;
	for (size_t i = 0; i < v.nr; i++)
		if (!k || v.items[k - 1] != v.items[i])
			v.items[k++] = v.items[i];
	*out = v.items;
	*nout = k;
}

static long stat_of(enum muster_posture_stat stat, const long *vals, const int32_t *days, size_t n)
{
	long best = vals[0];
	double sum = 0, total = 0;
	for (size_t i = 0; i < n; i++) {
		if (stat == MUSTER_STAT_PEAK && vals[i] > best)
			best = vals[i];
		if (stat == MUSTER_STAT_MIN && vals[i] < best)
			best = vals[i];
		sum += (double)vals[i] * days[i];
		total += days[i];
	}
	if (stat == MUSTER_STAT_END)
		return vals[n - 1];
	if (stat == MUSTER_STAT_MEAN)
		return (long)(sum / total + 0.5);
	return best;
}

int muster_posture_compute_stat(const struct muster_scenario *sc, const struct muster_run *run,
				const struct muster_posture_opts *opts, const int32_t *starts,
				size_t n, int32_t to, enum muster_posture_stat stat,
				struct muster_posture *out, struct muster_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!n || starts[n - 1] >= to)
		return muster_error_set(err, MUSTER_EINVAL,
					_("posture: periods need a 'to' date "
					  "after their last start"));
	if ((unsigned)stat > MUSTER_STAT_MIN)
		return muster_error_set(err, MUSTER_EINVAL, _("posture: unknown statistic %d"),
					(int)stat);
	int32_t *days = NULL;
	size_t nd = 0;
	change_days(sc, run, starts, n, to, &days, &nd);
	struct muster_posture seg;
	int rc = muster_posture_compute(sc, run, opts, days, nd, &seg, err);
	if (rc < 0) {
		free(days);
		return rc;
	}
	size_t ng = seg.ngroups;
	*out = seg; /* groups, overlaps and groupings move over; cells and dates are remade */
	out->dates = xmalloc(n * sizeof(*out->dates));
	memcpy(out->dates, starts, n * sizeof(*starts));
	out->ndates = n;
	out->cells = xcalloc((ng ? ng : 1) * n, sizeof(*out->cells));
	long *vals = xmalloc(nd * sizeof(*vals));
	int32_t *len = xmalloc(nd * sizeof(*len));
	for (size_t k = 0, d = 0; k < n; k++) {
		int32_t end = k + 1 < n ? starts[k + 1] : to;
		size_t d0 = d;
		while (d < nd && days[d] < end)
			d++;
		/* segments [d0, d) make up the period: days[d0] == starts[k] */
		for (size_t i = d0; i < d; i++)
			len[i - d0] =
			    (i + 1 < nd && days[i + 1] < end ? days[i + 1] : end) - days[i];
		for (size_t gi = 0; gi < ng; gi++) {
			struct muster_posture_cell *c = &out->cells[k * ng + gi];
			long *fields[] = {&c->personnel, &c->in_host,	 &c->out_of_host,
					  &c->permanent, &c->rotational, &c->other,
					  &c->overlap};
			for (size_t f = 0; f < ARRAY_SIZE(fields); f++) {
				for (size_t i = d0; i < d; i++) {
					struct muster_posture_cell *s = &seg.cells[i * ng + gi];
					long sv[] = {s->personnel, s->in_host,	  s->out_of_host,
						     s->permanent, s->rotational, s->other,
						     s->overlap};
					vals[i - d0] = sv[f];
				}
				*fields[f] = stat_of(stat, vals, len, d - d0);
			}
		}
	}
	free(vals);
	free(len);
	free(seg.cells);
	free(seg.dates);
	free(days);
	return 0;
}
