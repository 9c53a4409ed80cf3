/*
 * import_public.c: importers of public data into deployments.
 *
 * Formats:
 * - "un-contributions": the IPI/UN peacekeeping layout (contributor x mission
 *   x month x personnel type, with gender), e.g.
 *   contributions_by_mission_type_gender_2009-11_2014-08.csv. A row dated the
 *   last day of a month is the snapshot of that month: [month start, next
 *   month start). Each personnel type (troops, individual police, formed
 *   police units, experts on mission) becomes its own deployment of kind
 *   rotational; consecutive months with equal figures (total, male, female)
 *   merge into one interval. The host of each mission comes from
 *   missions_metadata.csv beside the file, else mission_month_totals_*.csv
 *   (MINUSCA is only there).
 * - "us-personnel": the troopdata country-year-quarter layout. Nation USA,
 *   country the host's ISO3 (when the file says NA: the reference country of
 *   that name, else a code "COW<ccode>" added as a nation), personnel the
 *   active-duty figure troops_ad, kind permanent. Each report runs from the
 *   start of its quarter to the start of the next report's quarter (the file's
 *   reports, all countries together, define the sequence; the last runs one
 *   quarter); equal consecutive figures merge. The row for the United States
 *   itself (domestic personnel) is skipped: it is not a posture abroad.
 * - "deployments": the deployments.csv contract columns (DESIGN.md section 3).
 *
 * Every deployment gets source "TAG:ID:LINE ..." (TAG: un-peacekeeping-ipi,
 * troopdata, deployments; ID the file's identity: the name given with
 * --source, else the file's canonical full path (realpath), never its base
 * name alone, so that a second dep.csv from another folder adds to the
 * first instead of replacing it; LINE the first source line of the
 * interval). A re-import of the same file first drops every deployment whose
 * source is "TAG:ID:" and a line number, so it replaces what the previous
 * import made and never duplicates. Rows an older muster stored under the
 * base name alone ("TAG:dep.csv:12") are not guessed at: a path import that
 * finds some fails and names --source.
 *
 * Writing: load the base scenario and its revision, drop the old rows, add
 * missing nations and missions, append the new deployments, validate the
 * union and store it with muster_db_import_at(UPDATE): one transaction, all
 * or nothing, refused when another write came between the load and the
 * store (it would be lost).
 */
#include "csv_read.h"
#include "store.h"
#include "util.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A monthly (or quarterly) figure before merging. */
struct rec {
	char *nation, *where; /* where: mission (UN) or country (US) */
	int type;	      /* UN personnel type, 0 for US */
	int32_t from, to;
	long personnel, male, female; /* male, female: -1 when unknown */
	uint32_t line;
	int report; /* US: the report index, for "consecutive" */
};

struct importer {
	const char *path, *file, *tag; /* file: the identity in sources (see above) */
	const char *base;	       /* the file's base name, for rows of an older muster */
	struct muster_error *err;
	struct muster_ctx *ctx; /* the handle's (muster_db_set_ctx): cancel flag, progress */
	MUSTER_ARRAY(struct rec) recs;
	struct muster_scenario add; /* nations, missions and deployments to add */
	/* US: the distinct reports (year * 4 + quarter - 1), sorted after reading. */
	MUSTER_ARRAY(int) reports;
};

static void importer_release(struct importer *im)
{
	for (size_t i = 0; i < im->recs.nr; i++) {
		free(im->recs.items[i].nation);
		free(im->recs.items[i].where);
	}
	ARRAY_RELEASE(im->recs);
	ARRAY_RELEASE(im->reports);
	muster_scenario_release(&im->add);
}

static bool iso3_ok(const char *s)
{
	return strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
	       s[2] >= 'A' && s[2] <= 'Z';
}

/* A count cell: "NA" or empty -> -1; else a whole number >= 0. */
static bool get_count(struct importer *im, const struct csv_row *row, size_t col, long *out)
{
	const char *v = row->cells[col];
	if (!*v || !strcmp(v, "NA")) {
		*out = -1;
		return true;
	}
	if (strtonum_l(v, 0, 100000000, out) == 0)
		return true;
	csv_bad_cell(im->err, im->path, row->line, row->schema->cols[col].name,
		     "a whole number >= 0 or NA", v);
	return false;
}

static void add_nation(struct importer *im, const char *code, const char *name)
{
	if (muster_nation_lookup(&im->add, code))
		return;
	struct muster_nation n = {.code = xstrdup(code), .name = xstrdup_or_null(name)};
	ARRAY_PUSH(im->add.nations, n);
}

/* ---- un-contributions ---- */

enum { UN_DATE, UN_CONTRIB, UN_ISO, UN_MISSION, UN_FIRST_COUNT };
static const char *const un_types[] = {"individual-police", "formed-police-units",
				       "experts-on-mission", "troops"};
static const struct csv_column un_cols[] = {
    {"Date", true},
    {"Contributor", true},
    {"Contributor_ISO-3", true},
    {"Mission", true},
    {"Individual_Police_Male", true},
    {"Individual_Police_Female", true},
    {"Individual_Police_Total", true},
    {"Formed_Police_Units_Male", true},
    {"Formed_Police_Units_Female", true},
    {"Formed_Police_Units_Total", true},
    {"Experts_on_Mission_Male", true},
    {"Experts_on_Mission_Female", true},
    {"Experts_on_Mission_Total", true},
    {"Troops_Male", true},
    {"Troops_Female", true},
    {"Troops_Total", true},
    {"Total_Male", false},
    {"Total_Female", false},
    {"Total_Total", false},
};

static int32_t month_start(int y, int m)
{
	if (m > 12) {
		y++;
		m -= 12;
	}
	return muster_date_from_ymd(y, m, 1);
}

static void un_row(void *ctx, const struct csv_row *row, struct muster_error *err)
{
	struct importer *im = ctx;
	const char *const *c = row->cells;
	int32_t day;
	int y, m, d;
	bool ok = true;
	if (muster_date_parse(c[UN_DATE], &day) < 0) {
		csv_bad_cell(err, im->path, row->line, "Date", "a date YYYY-MM-DD", c[UN_DATE]);
		ok = false;
	}
	if (!iso3_ok(c[UN_ISO])) {
		csv_bad_cell(err, im->path, row->line, "Contributor_ISO-3",
			     "an ISO 3166-1 alpha-3 code", c[UN_ISO]);
		ok = false;
	}
	if (!*c[UN_MISSION]) {
		csv_bad_cell(err, im->path, row->line, "Mission", "a mission code", c[UN_MISSION]);
		ok = false;
	}
	long v[12];
	for (size_t k = 0; k < 12; k++)
		ok &= get_count(im, row, UN_FIRST_COUNT + k, &v[k]);
	if (!ok)
		return;
	muster_date_to_ymd(day, &y, &m, &d);
	add_nation(im, c[UN_ISO], c[UN_CONTRIB]);
	for (int t = 0; t < 4; t++) {
		long male = v[3 * t], female = v[3 * t + 1], total = v[3 * t + 2];
		if (total <= 0)
			continue;
		struct rec r = {.nation = xstrdup(c[UN_ISO]),
				.where = xstrdup(c[UN_MISSION]),
				.type = t,
				.from = month_start(y, m),
				.to = month_start(y, m + 1),
				.personnel = total,
				.male = male,
				.female = female,
				.line = row->line};
		ARRAY_PUSH(im->recs, r);
	}
}

/* Mission hosts: code -> (iso3, country name), from the metadata files. */
struct host {
	char *mission, *iso3, *name;
};
struct hosts {
	MUSTER_ARRAY(struct host) items;
	int mission_col, iso_col, name_col;
};

static void hosts_release(struct hosts *h)
{
	for (size_t i = 0; i < h->items.nr; i++) {
		free(h->items.items[i].mission);
		free(h->items.items[i].iso3);
		free(h->items.items[i].name);
	}
	ARRAY_RELEASE(h->items);
}

static const struct host *host_of(const struct hosts *h, const char *mission)
{
	for (size_t i = 0; i < h->items.nr; i++)
		if (!strcmp(h->items.items[i].mission, mission))
			return &h->items.items[i];
	return NULL;
}

static void host_row(void *ctx, const struct csv_row *row, struct muster_error *err)
{
	struct hosts *h = ctx;
	const char *m = row->cells[h->mission_col], *iso = row->cells[h->iso_col];
	(void)err;
	if (!*m || !iso3_ok(iso) || host_of(h, m))
		return;
	struct host x = {xstrdup(m), xstrdup(iso), xstrdup(row->cells[h->name_col])};
	ARRAY_PUSH(h->items, x);
}

static const struct csv_column meta_cols[] = {
    {"mission", true}, {"country", true},      {"country_iso3", true},
    {"hq", false},     {"hq_latitude", false}, {"hq_longitude", false},
};
static const struct csv_column mmt_cols[] = {
    {"Date", false},
    {"Mission", true},
    {"Country of Mission", true},
    {"Country of Mission ISO-3", true},
    {"Mission HQ", false},
    {"Mission HQ Longitude", false},
    {"Mission HQ Latitude", false},
    {"Mission Continent", false},
    {"Mission Region", false},
    {"Mission - NAM", false},
    {"Mission - G77", false},
    {"Mission - AU", false},
    {"Mission - Arab League", false},
    {"Mission - OIC", false},
    {"Mission - CIS", false},
    {"Mission - G20", false},
    {"Mission - EU", false},
    {"Number of Contributors", false},
    {"Troops", false},
    {"Police", false},
    {"Observers", false},
    {"Total", false},
};

/* Read the hosts of UN missions from the metadata files beside `path`. */
static int read_hosts(const char *path, struct hosts *h, struct muster_error *err)
{
	char *copy = xstrdup(path), *dir = dirname(copy);
	char *meta = xstrfmt("%s/missions_metadata.csv", dir);
	char *mmt = xstrfmt("%s/mission_month_totals_1990-11_2017-03.csv", dir);
	struct csv_schema s1 = {"missions_metadata.csv", meta_cols, ARRAY_SIZE(meta_cols), 0};
	struct csv_schema s2 = {"mission_month_totals_1990-11_2017-03.csv", mmt_cols,
				ARRAY_SIZE(mmt_cols), 0};
	struct muster_error e = {0};
	int rc = 0;
	h->mission_col = 0, h->name_col = 1, h->iso_col = 2;
	if (csv_read_file(meta, &s1, host_row, h, &e, NULL) < 0 || csv_problems(&e)) {
		rc = muster_error_set(err, MUSTER_EIO,
				      "%s: the hosts of UN missions come from %s: %s", path, meta,
				      e.msg	     ? e.msg
				      : e.details.nr ? e.details.items[0]
						     : "unreadable");
		goto out;
	}
	muster_error_release(&e);
	h->mission_col = 1, h->name_col = 2, h->iso_col = 3;
	/* Optional: only fills missions the metadata lacks. */
	(void)csv_read_file(mmt, &s2, host_row, h, &e, NULL);
out:
	muster_error_release(&e);
	free(meta);
	free(mmt);
	free(copy);
	return rc;
}

/* ---- us-personnel ---- */

enum {
	US_CCODE,
	US_ISO,
	US_NAME,
	US_YEAR,
	US_MONTH,
	US_QUARTER,
	US_SOURCE,
	US_TROOPS_AD,
};
static const struct csv_column us_cols[] = {
    {"ccode", true},
    {"iso3c", true},
    {"countryname", true},
    {"year", true},
    {"month", false},
    {"quarter", true},
    {"source", false},
    {"troops_ad", true},
    {"army_ad", false},
    {"navy_ad", false},
    {"air_force_ad", false},
    {"marine_corps_ad", false},
    {"coast_guard_ad", false},
    {"space_force_ad", false},
    {"army_national_guard", false},
    {"air_national_guard", false},
    {"army_reserve", false},
    {"navy_reserve", false},
    {"marine_corps_reserve", false},
    {"air_force_reserve", false},
    {"coast_guard_reserve", false},
    {"total_selected_reserve", false},
    {"army_civilian", false},
    {"navy_civilian", false},
    {"marine_corps_civilian", false},
    {"air_force_civilian", false},
    {"dod_civilian", false},
    {"total_civilian", false},
    {"year_quarter", false},
    {"troops_all", false},
    {"region", false},
};

/* The reference code of a country name (case-insensitive), or NULL. */
static const char *code_by_name(const char *name)
{
	size_t n;
	const struct muster_nation *ref = muster_reference_nations(&n);
	for (size_t i = 0; i < n; i++)
		if (ref[i].name && !strcasecmp(ref[i].name, name))
			return ref[i].code;
	return NULL;
}

static char *us_code(struct importer *im, const struct csv_row *row)
{
	const char *const *c = row->cells;
	if (strcmp(c[US_ISO], "NA")) {
		if (iso3_ok(c[US_ISO]))
			return xstrdup(c[US_ISO]);
		csv_bad_cell(im->err, im->path, row->line, "iso3c",
			     "an ISO 3166-1 alpha-3 code or NA", c[US_ISO]);
		return NULL;
	}
	const char *code = code_by_name(c[US_NAME]);
	if (code)
		return xstrdup(code);
	long cc;
	if (strtonum_l(c[US_CCODE], 0, 99999, &cc) < 0) {
		csv_bad_cell(im->err, im->path, row->line, "ccode", "a whole number", c[US_CCODE]);
		return NULL;
	}
	char *s = xstrfmt("COW%ld", cc);
	add_nation(im, s, c[US_NAME]);
	return s;
}

static void us_row(void *ctx, const struct csv_row *row, struct muster_error *err)
{
	struct importer *im = ctx;
	const char *const *c = row->cells;
	long year, quarter, troops;
	bool ok = get_count(im, row, US_TROOPS_AD, &troops);
	if (strtonum_l(c[US_YEAR], 1900, 2200, &year) < 0) {
		csv_bad_cell(err, im->path, row->line, "year", "a year 1900..2200", c[US_YEAR]);
		ok = false;
	}
	if (strtonum_l(c[US_QUARTER], 1, 4, &quarter) < 0) {
		csv_bad_cell(err, im->path, row->line, "quarter", "a quarter 1..4", c[US_QUARTER]);
		ok = false;
	}
	char *code = us_code(im, row);
	if (!ok || !code || troops <= 0 || !strcmp(code, "USA")) {
		free(code);
		return;
	}
	int report = (int)(year * 4 + quarter - 1);
	struct rec r = {.nation = xstrdup("USA"),
			.where = code,
			.personnel = troops,
			.male = -1,
			.female = -1,
			.line = row->line,
			.report = report};
	ARRAY_PUSH(im->recs, r);
	ARRAY_PUSH(im->reports, report);
}

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int32_t report_start(int report)
{
	return month_start(report / 4, (report % 4) * 3 + 1);
}

/* Dates of US records from the sorted, distinct report sequence. */
static void us_dates(struct importer *im)
{
	size_t n = 0;
	if (im->reports.nr)
		qsort(im->reports.items, im->reports.nr, sizeof(int), int_cmp);
	for (size_t i = 0; i < im->reports.nr; i++)
		if (!n || im->reports.items[n - 1] != im->reports.items[i])
			im->reports.items[n++] = im->reports.items[i];
	im->reports.nr = n;
	for (size_t i = 0; i < im->recs.nr; i++) {
		struct rec *r = &im->recs.items[i];
		int *k = bsearch(&r->report, im->reports.items, n, sizeof(int), int_cmp);
		size_t idx = (size_t)(k - im->reports.items);
		r->from = report_start(r->report);
		r->to = report_start(idx + 1 < n ? im->reports.items[idx + 1] : r->report + 1);
		r->report = (int)idx;
	}
}

/* ---- merging ---- */

static int rec_cmp(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;
	int d = strcmp(x->nation, y->nation);
	if (!d)
		d = strcmp(x->where, y->where);
	if (!d)
		d = x->type - y->type;
	if (!d)
		d = (x->from > y->from) - (x->from < y->from);
	if (!d)
		d = (x->line > y->line) - (x->line < y->line);
	return d;
}

static bool same_series(const struct rec *a, const struct rec *b)
{
	return !strcmp(a->nation, b->nation) && !strcmp(a->where, b->where) && a->type == b->type;
}

/* Sum records of one series on one date (the US file repeats a few places). */
static void sum_duplicates(struct importer *im)
{
	size_t k = 0;
	for (size_t i = 0; i < im->recs.nr; i++) {
		struct rec *r = &im->recs.items[i];
		if (k && same_series(&im->recs.items[k - 1], r) &&
		    im->recs.items[k - 1].from == r->from) {
			struct rec *p = &im->recs.items[k - 1];
			p->personnel += r->personnel;
			p->male = p->male >= 0 && r->male >= 0 ? p->male + r->male : -1;
			p->female = p->female >= 0 && r->female >= 0 ? p->female + r->female : -1;
			free(r->nation);
			free(r->where);
			continue;
		}
		im->recs.items[k++] = *r;
	}
	im->recs.nr = k;
}

static void push_deployment(struct importer *im, const struct rec *r, const char *country,
			    const char *mission, enum muster_deployment_kind kind)
{
	struct muster_deployment d = {0};
	struct strbuf src = STRBUF_INIT;
	strbuf_addf(&src, "%s:%s:%u", im->tag, im->file, r->line);
	if (mission)
		strbuf_addf(&src, " %s", un_types[r->type]);
	if (r->male >= 0 && r->female >= 0)
		strbuf_addf(&src, " male %ld female %ld", r->male, r->female);
	d.nation = xstrdup(r->nation);
	d.country = xstrdup(country);
	d.mission = xstrdup_or_null(mission);
	d.personnel = r->personnel;
	d.from = r->from;
	d.to = r->to;
	d.kind = kind;
	d.counts_against_cap = true;
	d.source = strbuf_detach(&src, NULL);
	ARRAY_PUSH(im->add.deployments, d);
}

/* Merge runs of consecutive equal figures; `hosts` NULL for US records. */
static void merge(struct importer *im, const struct hosts *hosts)
{
	if (im->recs.nr)
		qsort(im->recs.items, im->recs.nr, sizeof(*im->recs.items), rec_cmp);
	sum_duplicates(im);
	for (size_t i = 0; i < im->recs.nr;) {
		struct rec run = im->recs.items[i];
		size_t j = i + 1;
		for (; j < im->recs.nr; j++) {
			const struct rec *n = &im->recs.items[j];
			if (!same_series(&run, n) || n->from != run.to ||
			    n->personnel != run.personnel || n->male != run.male ||
			    n->female != run.female)
				break;
			run.to = n->to;
		}
		if (hosts) {
			const struct host *h = host_of(hosts, run.where);
			push_deployment(im, &run, h->iso3, run.where, MUSTER_DEPLOY_ROTATIONAL);
		} else {
			push_deployment(im, &run, run.where, NULL, MUSTER_DEPLOY_PERMANENT);
		}
		i = j;
	}
}

/* Every mission of the UN records needs a host; add the missions. */
static int un_missions(struct importer *im, const struct hosts *hosts)
{
	for (size_t i = 0; i < im->recs.nr; i++) {
		const struct rec *r = &im->recs.items[i];
		const struct host *h = host_of(hosts, r->where);
		if (!h) {
			muster_error_add(im->err,
					 "%s:%u: column 'Mission': expected a mission listed in "
					 "missions_metadata.csv, got '%s'",
					 im->path, r->line, r->where);
			continue;
		}
		if (muster_scenario_mission(&im->add, r->where))
			continue;
		struct muster_mission m = {.code = xstrdup(r->where),
					   .organization = xstrdup("UN"),
					   .host = xstrdup(h->iso3),
					   .from = MUSTER_DATE_NONE,
					   .to = MUSTER_DATE_OPEN};
		ARRAY_PUSH(im->add.missions, m);
		if (!muster_nation_lookup(NULL, h->iso3))
			add_nation(im, h->iso3, h->name);
	}
	return csv_problems(im->err) ? MUSTER_EINVAL : 0;
}

/* ---- deployments (generic) ---- */

enum { G_ID, G_NATION, G_COUNTRY, G_MISSION, G_PERSONNEL, G_FROM, G_TO, G_KIND, G_COUNTS, G_SRC };
static const struct csv_column gen_cols[] = {
    {"id", false},	{"nation", true},    {"country", true},
    {"mission", false}, {"personnel", true}, {"from", true},
    {"to", false},	{"kind", false},     {"counts_against_cap", false},
    {"source", false},
};

static bool gen_kind(const char *v, enum muster_deployment_kind *k)
{
	static const char *const names[] = {"permanent", "rotational", "temporary", "support"};
	if (!*v) {
		*k = MUSTER_DEPLOY_PERMANENT;
		return true;
	}
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcmp(v, names[i])) {
			*k = (enum muster_deployment_kind)i;
			return true;
		}
	}
	return false;
}

static bool gen_cells(struct importer *im, const struct csv_row *row, struct muster_deployment *d)
{
	const char *const *c = row->cells;
	bool ok = true;
	const char *file = im->path;
	for (int k = G_NATION; k <= G_COUNTRY; k++) {
		if (!*c[k] || strchr(c[k], ' ')) {
			csv_bad_cell(im->err, file, row->line, gen_cols[k].name, "a country code",
				     c[k]);
			ok = false;
		}
	}
	if (strtonum_l(c[G_PERSONNEL], 0, 100000000, &d->personnel) < 0) {
		csv_bad_cell(im->err, file, row->line, "personnel", "a whole number >= 0",
			     c[G_PERSONNEL]);
		ok = false;
	}
	if (muster_date_parse(c[G_FROM], &d->from) < 0) {
		csv_bad_cell(im->err, file, row->line, "from", "a date YYYY-MM-DD", c[G_FROM]);
		ok = false;
	}
	d->to = MUSTER_DATE_OPEN;
	if (*c[G_TO] && muster_date_parse(c[G_TO], &d->to) < 0) {
		csv_bad_cell(im->err, file, row->line, "to", "a date YYYY-MM-DD or empty", c[G_TO]);
		ok = false;
	} else if (ok && d->to <= d->from) {
		csv_bad_cell(im->err, file, row->line, "to", "a date after 'from'", c[G_TO]);
		ok = false;
	}
	if (!gen_kind(c[G_KIND], &d->kind)) {
		csv_bad_cell(im->err, file, row->line, "kind",
			     "permanent, rotational, temporary or support", c[G_KIND]);
		ok = false;
	}
	d->counts_against_cap = strcmp(c[G_COUNTS], "no") != 0;
	if (*c[G_COUNTS] && strcmp(c[G_COUNTS], "yes") && strcmp(c[G_COUNTS], "no")) {
		csv_bad_cell(im->err, file, row->line, "counts_against_cap", "yes or no",
			     c[G_COUNTS]);
		ok = false;
	}
	return ok;
}

static void gen_row(void *ctx, const struct csv_row *row, struct muster_error *err)
{
	struct importer *im = ctx;
	const char *const *c = row->cells;
	struct muster_deployment d = {0};
	(void)err;
	if (!gen_cells(im, row, &d))
		return;
	d.id = *c[G_ID] ? xstrdup(c[G_ID]) : NULL;
	d.nation = xstrdup(c[G_NATION]);
	d.country = xstrdup(c[G_COUNTRY]);
	d.mission = *c[G_MISSION] ? xstrdup(c[G_MISSION]) : NULL;
	d.source = *c[G_SRC] ? xstrfmt("%s:%s:%u %s", im->tag, im->file, row->line, c[G_SRC])
			     : xstrfmt("%s:%s:%u", im->tag, im->file, row->line);
	ARRAY_PUSH(im->add.deployments, d);
}

/* Missions named by generic rows but absent: hosted where first deployed. */
static void gen_missions(struct importer *im, const struct muster_scenario *base)
{
	for (size_t i = 0; i < im->add.deployments.nr; i++) {
		const struct muster_deployment *d = &im->add.deployments.items[i];
		if (!d->mission || muster_scenario_mission(base, d->mission) ||
		    muster_scenario_mission(&im->add, d->mission))
			continue;
		struct muster_mission m = {.code = xstrdup(d->mission),
					   .host = xstrdup(d->country),
					   .from = MUSTER_DATE_NONE,
					   .to = MUSTER_DATE_OPEN};
		ARRAY_PUSH(im->add.missions, m);
	}
}

/* ---- writing ---- */

static void deployment_free(struct muster_deployment *d)
{
	free(d->id);
	free(d->nation);
	free(d->country);
	free(d->mission);
	free(d->source);
}

/* Whether `source` is "TAG:ID:LINE" or "TAG:ID:LINE ..." for this tag and id. */
static bool made_by(const char *source, const char *tag, const char *id)
{
	size_t t = strlen(tag), n = strlen(id);
	if (!source || strncmp(source, tag, t) || source[t] != ':' ||
	    strncmp(source + t + 1, id, n) || source[t + 1 + n] != ':')
		return false;
	const char *p = source + t + n + 2;
	size_t digits = strspn(p, "0123456789");
	return digits > 0 && (p[digits] == '\0' || p[digits] == ' ');
}

/*
 * Drop the rows an earlier import of this file made; returns where the first
 * of them was (else the end), where the new rows go: a re-import of the same
 * file then stores exactly what is there, and writes nothing.
 */
static size_t drop_previous(struct muster_scenario *sc, const char *tag, const char *id)
{
	size_t k = 0, at = SIZE_MAX;
	for (size_t i = 0; i < sc->deployments.nr; i++) {
		struct muster_deployment *d = &sc->deployments.items[i];
		if (made_by(d->source, tag, id)) {
			if (at == SIZE_MAX)
				at = k;
			deployment_free(d);
			continue;
		}
		sc->deployments.items[k++] = *d;
	}
	sc->deployments.nr = k;
	return at == SIZE_MAX ? k : at;
}

/*
 * Move the importer's additions into sc (missing nations and missions only);
 * the deployments go at index `at`.
 */
static void merge_into(struct muster_scenario *sc, struct importer *im, size_t at)
{
	for (size_t i = 0; i < im->add.nations.nr; i++) {
		struct muster_nation *n = &im->add.nations.items[i];
		bool have = false;
		for (size_t k = 0; k < sc->nations.nr && !have; k++)
			have = !strcmp(sc->nations.items[k].code, n->code);
		if (have || muster_nation_lookup(NULL, n->code))
			continue;
		ARRAY_PUSH(sc->nations, *n);
		memset(n, 0, sizeof(*n));
	}
	for (size_t i = 0; i < im->add.missions.nr; i++) {
		struct muster_mission *m = &im->add.missions.items[i];
		if (muster_scenario_mission(sc, m->code))
			continue;
		ARRAY_PUSH(sc->missions, *m);
		memset(m, 0, sizeof(*m));
	}
	size_t n = im->add.deployments.nr;
	ARRAY_GROW(sc->deployments, sc->deployments.nr + n);
	memmove(&sc->deployments.items[at + n], &sc->deployments.items[at],
		(sc->deployments.nr - at) * sizeof(sc->deployments.items[0]));
	memcpy(&sc->deployments.items[at], im->add.deployments.items,
	       n * sizeof(sc->deployments.items[0]));
	sc->deployments.nr += n;
	im->add.deployments.nr = 0;
}

/*
 * Rows stored under this file's base name alone, by a muster that named files
 * so: whether they are this file's or another's of the same name cannot be
 * told, so the import stops (MUSTER_EEXIST) rather than drop or double them.
 */
static int legacy_rows(const struct muster_scenario *sc, const struct importer *im)
{
	if (!im->base || !strcmp(im->base, im->file))
		return 0;
	for (size_t i = 0; i < sc->deployments.nr; i++) {
		const char *src = sc->deployments.items[i].source;
		if (made_by(src, im->tag, im->base))
			return muster_error_set(
			    im->err, MUSTER_EEXIST,
			    "'%s': the database holds deployments imported from a file named '%s' "
			    "under that name alone (source '%s'); they may be this file's or "
			    "another's of the same name",
			    im->path, im->base, src);
	}
	return 0;
}

static int store(struct muster_db *db, struct importer *im)
{
	struct muster_scenario sc;
	int64_t rev = 0;
	muster_scenario_init(&sc);
	int rc = muster_db_load_rev(db, NULL, &sc, &rev, im->err);
	if (rc == 0)
		rc = legacy_rows(&sc, im);
	if (rc < 0)
		goto out;
	size_t at = drop_previous(&sc, im->tag, im->file);
	if (!strcmp(im->tag, "deployments"))
		gen_missions(im, &sc);
	merge_into(&sc, im, at);
	rc = muster_scenario_validate(&sc, im->err);
	if (rc < 0)
		goto out;
	rc = muster_db_import_at(db, &sc, MUSTER_IMPORT_UPDATE, rev, im->err);
out:
	muster_scenario_release(&sc);
	return rc;
}

static int read_file(struct importer *im, const struct csv_schema *s, csv_row_fn fn)
{
	size_t rows = 0;
	int rc = csv_read_file_ctx(im->path, s, fn, im, im->ctx, im->err, &rows);
	if (rc < 0)
		return rc;
	if (csv_problems(im->err))
		return muster_error_set(im->err, MUSTER_EINVAL, "'%s' has %zu problem%s", im->path,
					csv_problems(im->err),
					csv_problems(im->err) == 1 ? "" : "s");
	return 0;
}

static int parse(struct importer *im, const char *format, struct hosts *hosts)
{
	if (!strcmp(format, "un-contributions")) {
		struct csv_schema s = {im->path, un_cols, ARRAY_SIZE(un_cols), 0};
		im->tag = "un-peacekeeping-ipi";
		int rc = read_file(im, &s, un_row);
		if (rc == 0)
			rc = read_hosts(im->path, hosts, im->err);
		if (rc == 0 && un_missions(im, hosts) < 0)
			rc = muster_error_set(im->err, MUSTER_EINVAL, "'%s' has %zu problem%s",
					      im->path, csv_problems(im->err),
					      csv_problems(im->err) == 1 ? "" : "s");
		if (rc == 0)
			merge(im, hosts);
		return rc;
	}
	if (!strcmp(format, "us-personnel")) {
		struct csv_schema s = {im->path, us_cols, ARRAY_SIZE(us_cols), 0};
		im->tag = "troopdata";
		int rc = read_file(im, &s, us_row);
		if (rc == 0) {
			us_dates(im);
			merge(im, NULL);
		}
		return rc;
	}
	if (!strcmp(format, "deployments")) {
		struct csv_schema s = {im->path, gen_cols, ARRAY_SIZE(gen_cols), 0};
		im->tag = "deployments";
		return read_file(im, &s, gen_row);
	}
	return muster_error_set(im->err, MUSTER_EUSAGE,
				"unknown import format '%s' (known: un-contributions, "
				"us-personnel, deployments)",
				format);
}

int muster_import_public_as(struct muster_db *db, const char *format, const char *path,
			    const char *source, struct muster_error *err)
{
	struct muster_error local = {0};
	struct importer im = {.path = path, .err = err ? err : &local, .ctx = db ? db->ctx : NULL};
	struct hosts hosts = {0};
	char *copy = xstrdup(path);
	char *real = NULL;
	int rc = 0;
	if (source && (!*source || strpbrk(source, "\n\r\t")))
		rc = muster_error_set(im.err, MUSTER_EUSAGE,
				      "--source: expected a name without tabs or line breaks, "
				      "got '%s'",
				      source);
	if (rc == 0 && !source && !(real = realpath(path, NULL)))
		rc = muster_error_set(im.err, MUSTER_EIO, "cannot open '%s': %s", path,
				      errstr(errno));
	im.base = basename(copy);
	im.file = source ? source : real;
	muster_scenario_init(&im.add);
	if (rc == 0)
		rc = parse(&im, format, &hosts);
	if (rc == 0)
		rc = store(db, &im);
	importer_release(&im);
	hosts_release(&hosts);
	muster_error_release(&local);
	free(copy);
	free(real);
	return rc;
}

int muster_import_public(struct muster_db *db, const char *format, const char *path,
			 struct muster_error *err)
{
	return muster_import_public_as(db, format, path, NULL, err);
}
