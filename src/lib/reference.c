/*
 * reference.c: the built-in reference tables (every ISO 3166-1 country with
 * its UN M49 region, NATO accession dates, World Bank GDP) and nation lookup.
 *
 * Design:
 * - The CSV files under data/ are compiled into libmuster by tools/embed.py
 *   (muster_data_<name>[] and muster_data_<name>_len), so the binary needs no
 *   data folder. data/README.md gives their columns, sources and licences.
 * - They are parsed once, on first use, under pthread_once (libcsv, columns
 *   matched by header name), into arrays sorted by code for bsearch. The
 *   tables live until the process exits and are never modified afterwards,
 *   so lookups need no lock and returned pointers stay valid forever.
 * - A reference nation's memberships are derived: "NATO" when its accession
 *   date is on or before the day the tables were loaded, "UN" when the
 *   countries table marks it a UN member state.
 * - A scenario's nations.csv row overrides a reference row's name and region
 *   but adds to its memberships (muster_nation_is_member): the built-in NATO
 *   memberships stay dated by accession, so a scenario that lists its own
 *   memberships as of some day (FIN a NATO partner in 2021) still sees FIN
 *   join NATO on 2023-04-04. A scenario's memberships are undated.
 * - The embedded files are part of the program, so a malformed one is a
 *   programmer error (BUG), not a user error.
 */
#include "util.h"

#include <csv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

extern const char muster_data_countries[];
extern const size_t muster_data_countries_len;
extern const char muster_data_nato[];
extern const size_t muster_data_nato_len;
extern const char muster_data_gdp[];
extern const size_t muster_data_gdp_len;
extern const char muster_data_population[];
extern const size_t muster_data_population_len;

/* A parsed CSV file: the header's ncols cells, then ncols cells per row. */
struct csvtab {
	const char *name; /* for BUG messages */
	struct muster_strlist cells;
	size_t ncols;	   /* columns of the header */
	size_t rec_fields; /* fields seen in the current record */
};

struct accession {
	char *nation;
	int32_t date;
};

struct gdp_row {
	char *nation;
	int year;
	double usd;
};

static struct {
	MUSTER_ARRAY(struct muster_nation) nations; /* sorted by code */
	MUSTER_ARRAY(struct accession) nato;	    /* sorted by nation */
	MUSTER_ARRAY(struct gdp_row) gdp;	    /* sorted by nation, year */
	int gdp_year;
	MUSTER_ARRAY(struct gdp_row) pop; /* population (in `usd`), sorted by nation, year */
	int pop_year;
} ref;

static pthread_once_t ref_once = PTHREAD_ONCE_INIT;

static void on_field(void *s, size_t len, void *data)
{
	struct csvtab *t = data;
	char *v = xstrndup(s ? s : "", s ? len : 0);
	ARRAY_PUSH(t->cells, v);
	t->rec_fields++;
}

static void on_record(int c, void *data)
{
	struct csvtab *t = data;
	(void)c;
	if (!t->ncols)
		t->ncols = t->rec_fields;
	else if (t->rec_fields != t->ncols)
		BUG("embedded %s: a record has %zu fields, the header %zu", t->name, t->rec_fields,
		    t->ncols);
	t->rec_fields = 0;
}

static void csvtab_parse(struct csvtab *t, const char *name, const char *data, size_t len)
{
	struct csv_parser p;
	memset(t, 0, sizeof(*t));
	t->name = name;
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0)
		BUG("csv_init failed");
	if (csv_parse(&p, data, len, on_field, on_record, t) != len ||
	    csv_fini(&p, on_field, on_record, t) != 0)
		BUG("embedded %s: %s", name, csv_strerror(csv_error(&p)));
	csv_free(&p);
	if (!t->ncols)
		BUG("embedded %s is empty", name);
}

static size_t csvtab_rows(const struct csvtab *t)
{
	return t->cells.nr / t->ncols - 1;
}

static size_t csvtab_col(const struct csvtab *t, const char *col)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (!strcmp(t->cells.items[i], col))
			return i;
	BUG("embedded %s has no column '%s'", t->name, col);
}

static const char *csvtab_get(const struct csvtab *t, size_t row, size_t col)
{
	return t->cells.items[(row + 1) * t->ncols + col];
}

static int cmp_nation(const void *a, const void *b)
{
	const struct muster_nation *x = a, *y = b;
	return strcmp(x->code, y->code);
}

static int cmp_accession(const void *a, const void *b)
{
	const struct accession *x = a, *y = b;
	return strcmp(x->nation, y->nation);
}

static int cmp_gdp(const void *a, const void *b)
{
	const struct gdp_row *x = a, *y = b;
	int c = strcmp(x->nation, y->nation);
	return c ? c : (x->year > y->year) - (x->year < y->year);
}

static void load_nato(void)
{
	struct csvtab t;
	size_t cn, ca;
	csvtab_parse(&t, "nato.csv", muster_data_nato, muster_data_nato_len);
	cn = csvtab_col(&t, "nation");
	ca = csvtab_col(&t, "accession");
	for (size_t i = 0; i < csvtab_rows(&t); i++) {
		struct accession a = {.nation = xstrdup(csvtab_get(&t, i, cn))};
		if (muster_date_parse(csvtab_get(&t, i, ca), &a.date) < 0)
			BUG("embedded nato.csv: bad date '%s'", csvtab_get(&t, i, ca));
		ARRAY_PUSH(ref.nato, a);
	}
	muster_strlist_release(&t.cells);
	qsort(ref.nato.items, ref.nato.nr, sizeof(*ref.nato.items), cmp_accession);
}

/* A table of nation, year, value (gdp.csv, population.csv) into `rows`; the latest year. */
static int load_yearly(const char *file, const char *data, size_t len, const char *col,
		       struct gdp_row **items, size_t *nr, size_t *alloc)
{
	struct csvtab t;
	size_t cn, cy, cv;
	int latest = 0;
	struct {
		struct gdp_row *items;
		size_t nr, alloc;
	} rows = {*items, *nr, *alloc};
	csvtab_parse(&t, file, data, len);
	cn = csvtab_col(&t, "nation");
	cy = csvtab_col(&t, "year");
	cv = csvtab_col(&t, col);
	for (size_t i = 0; i < csvtab_rows(&t); i++) {
		struct gdp_row g = {.nation = xstrdup(csvtab_get(&t, i, cn))};
		long year;
		if (strtonum_l(csvtab_get(&t, i, cy), 1900, 2999, &year) < 0 ||
		    strtonum_d(csvtab_get(&t, i, cv), &g.usd) < 0)
			BUG("embedded %s: bad row %zu", file, i + 2);
		g.year = (int)year;
		if (g.year > latest)
			latest = g.year;
		ARRAY_PUSH(rows, g);
	}
	muster_strlist_release(&t.cells);
	qsort(rows.items, rows.nr, sizeof(*rows.items), cmp_gdp);
	*items = rows.items;
	*nr = rows.nr;
	*alloc = rows.alloc;
	return latest;
}

static void load_population(void)
{
	ref.pop_year =
	    load_yearly("population.csv", muster_data_population, muster_data_population_len,
			"population", &ref.pop.items, &ref.pop.nr, &ref.pop.alloc);
}

static void load_gdp(void)
{
	struct csvtab t;
	size_t cn, cy, cv;
	csvtab_parse(&t, "gdp.csv", muster_data_gdp, muster_data_gdp_len);
	cn = csvtab_col(&t, "nation");
	cy = csvtab_col(&t, "year");
	cv = csvtab_col(&t, "gdp_usd");
	for (size_t i = 0; i < csvtab_rows(&t); i++) {
		struct gdp_row g = {.nation = xstrdup(csvtab_get(&t, i, cn))};
		long year;
		if (strtonum_l(csvtab_get(&t, i, cy), 1900, 2999, &year) < 0 ||
		    strtonum_d(csvtab_get(&t, i, cv), &g.usd) < 0)
			BUG("embedded gdp.csv: bad row %zu", i + 2);
		g.year = (int)year;
		if (g.year > ref.gdp_year)
			ref.gdp_year = g.year;
		ARRAY_PUSH(ref.gdp, g);
	}
	muster_strlist_release(&t.cells);
	qsort(ref.gdp.items, ref.gdp.nr, sizeof(*ref.gdp.items), cmp_gdp);
}

static const struct accession *find_accession(const char *nation)
{
	struct accession key = {.nation = (char *)nation};
	return bsearch(&key, ref.nato.items, ref.nato.nr, sizeof(key), cmp_accession);
}

/* Optional cell: NULL when empty. */
static char *cell_or_null(const struct csvtab *t, size_t row, size_t col)
{
	const char *s = csvtab_get(t, row, col);
	return *s ? xstrdup(s) : NULL;
}

static void load_countries(void)
{
	struct csvtab t;
	size_t cc, cname, creg, cun;
	csvtab_parse(&t, "countries.csv", muster_data_countries, muster_data_countries_len);
	cc = csvtab_col(&t, "code");
	cname = csvtab_col(&t, "name");
	creg = csvtab_col(&t, "region");
	cun = csvtab_col(&t, "un_member");
	for (size_t i = 0; i < csvtab_rows(&t); i++) {
		struct muster_nation n = {.code = xstrdup(csvtab_get(&t, i, cc))};
		const struct accession *a = find_accession(n.code);
		n.name = cell_or_null(&t, i, cname);
		n.region = cell_or_null(&t, i, creg);
		if (a) /* dated: callers apply the date as of their own day */
			muster_strlist_push(&n.memberships, "NATO");
		if (!strcmp(csvtab_get(&t, i, cun), "yes"))
			muster_strlist_push(&n.memberships, "UN");
		ARRAY_PUSH(ref.nations, n);
	}
	muster_strlist_release(&t.cells);
	qsort(ref.nations.items, ref.nations.nr, sizeof(*ref.nations.items), cmp_nation);
}

static void ref_load(void)
{
	load_nato(); /* before countries: memberships need accession dates */
	load_gdp();
	load_population();
	load_countries();
}

static void ref_init(void)
{
	if (pthread_once(&ref_once, ref_load) != 0)
		BUG("pthread_once failed");
}

const struct muster_nation *muster_reference_nations(size_t *nr)
{
	ref_init();
	if (nr)
		*nr = ref.nations.nr;
	return ref.nations.items;
}

const struct muster_nation *muster_nation_lookup(const struct muster_scenario *sc, const char *code)
{
	struct muster_nation key = {.code = (char *)code};
	if (!code)
		return NULL;
	if (sc)
		for (size_t i = 0; i < sc->nations.nr; i++)
			if (!strcmp(sc->nations.items[i].code, code))
				return &sc->nations.items[i];
	ref_init();
	return bsearch(&key, ref.nations.items, ref.nations.nr, sizeof(key), cmp_nation);
}

int32_t muster_reference_accession(const char *org, const char *nation)
{
	const struct accession *a;
	if (!org || !nation || strcmp(org, "NATO") != 0)
		return MUSTER_DATE_NONE;
	ref_init();
	a = find_accession(nation);
	return a ? a->date : MUSTER_DATE_NONE;
}

static bool has_ci(const struct muster_strlist *l, const char *s)
{
	for (size_t i = 0; l && i < l->nr; i++)
		if (!strcasecmp(l->items[i], s))
			return true;
	return false;
}

static const struct muster_nation *scenario_nation(const struct muster_scenario *sc,
						   const char *code)
{
	for (size_t i = 0; sc && i < sc->nations.nr; i++)
		if (!strcmp(sc->nations.items[i].code, code))
			return &sc->nations.items[i];
	return NULL;
}

bool muster_nation_is_member(const struct muster_scenario *sc, const char *code, const char *org,
			     int32_t on)
{
	const struct muster_nation *own, *rn;
	if (!code || !org)
		return false;
	own = scenario_nation(sc, code);
	if (own && has_ci(&own->memberships, org))
		return true;
	ref_init();
	if (!strcasecmp(org, "NATO")) { /* dated: a member from its accession day */
		const struct accession *a = find_accession(code);
		return a && a->date <= on;
	}
	rn = muster_nation_lookup(NULL, code);
	return rn && has_ci(&rn->memberships, org);
}

void muster_nation_memberships(const struct muster_scenario *sc, const char *code,
			       struct muster_strlist *out)
{
	const struct muster_nation *own = scenario_nation(sc, code);
	const struct muster_nation *rn = muster_nation_lookup(NULL, code);
	for (size_t i = 0; own && i < own->memberships.nr; i++)
		if (!has_ci(out, own->memberships.items[i]))
			muster_strlist_push(out, own->memberships.items[i]);
	/* today taken per call: a long-running server sees an accession happen */
	int32_t today = (int32_t)(time(NULL) / 86400);
	for (size_t i = 0; rn && i < rn->memberships.nr; i++) {
		const char *org = rn->memberships.items[i];
		if (!strcasecmp(org, "NATO") && !muster_nation_is_member(NULL, code, org, today))
			continue;
		if (!has_ci(out, org))
			muster_strlist_push(out, org);
	}
}

double muster_reference_gdp(const char *nation, int year)
{
	struct gdp_row key = {.nation = (char *)nation, .year = year};
	const struct gdp_row *g;
	if (!nation)
		return -1;
	ref_init();
	g = bsearch(&key, ref.gdp.items, ref.gdp.nr, sizeof(key), cmp_gdp);
	return g ? g->usd : -1;
}

/* The earliest year of `rows` (0 for none). */
static int first_year(const struct gdp_row *rows, size_t nr)
{
	int y = 0;
	for (size_t i = 0; i < nr; i++)
		if (!y || rows[i].year < y)
			y = rows[i].year;
	return y;
}

int muster_reference_gdp_year(void)
{
	ref_init();
	return ref.gdp_year;
}

int muster_reference_gdp_first_year(void)
{
	ref_init();
	return first_year(ref.gdp.items, ref.gdp.nr);
}

double muster_reference_population(const char *nation, int year)
{
	struct gdp_row key = {.nation = (char *)nation, .year = year};
	const struct gdp_row *g;
	if (!nation)
		return -1;
	ref_init();
	g = bsearch(&key, ref.pop.items, ref.pop.nr, sizeof(key), cmp_gdp);
	return g ? g->usd : -1;
}

int muster_reference_population_year(void)
{
	ref_init();
	return ref.pop_year;
}

int muster_reference_population_first_year(void)
{
	ref_init();
	return first_year(ref.pop.items, ref.pop.nr);
}
