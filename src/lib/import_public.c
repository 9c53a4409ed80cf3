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
 * - "us-personnel-year": troopdata's country-year table, as us-personnel with
 *   one report a year (from 1 January to the next year of the file).
 * - "un-mission-totals", "un-contributor-totals": IPI's mission_month_totals
 *   (all contributors of a mission: nation XPK) and contributor_month_totals
 *   (all missions of a contributor, by name: country XPK); Troops, Police and
 *   Observers/Experts as the categories troops, police, experts.
 * - "deployments": the deployments.csv contract columns (DESIGN.md section 3),
 *   or others named with --columns (the file's other columns then unread).
 *
 * Country names (a generic nation or country that is not a reference code,
 * IPI's Contributor without a code, troopdata's countryname where iso3c is
 * NA) go through the user's --map crosswalk, then the built-in one
 * (crosswalk.c); a name neither knows is a located error naming the closest
 * known names, never a dropped row. troopdata's places without any code keep
 * "COW<ccode>". --series orders the US importer's competing series.
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
#include "crosswalk.h"
#include "csv_read.h"
#include "store.h"
#include "i18n.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A monthly (or quarterly) figure before merging. */
struct rec {
	char *nation, *where; /* where: mission (UN) or country (US) */
	int type;	      /* UN personnel type (un_types), 0 for US */
	int32_t from, to;
	long personnel, male, female; /* male, female: -1 when unknown */
	uint32_t line;
	int report; /* US: the report index, for "consecutive" */
	int rank;   /* US: the series, 0 a DMDC report, 1 Kane 2006, 2 imputed, 3 other */
};

/* A name and the code it was given in one report (for "two codes in one report"). */
struct naming {
	int32_t report; /* UN: the date; US: the report */
	char *name, *code;
	uint32_t line;
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
	struct muster_import_summary *sum; /* may be NULL */
	MUSTER_ARRAY(struct naming) names;
	struct muster_strlist warnings; /* the first MUSTER_IMPORT_WARNINGS */
	size_t nwarnings, competing;
	struct crosswalk map; /* --map FILE */
	int series_rank[4];   /* US: the rank of dmdc, kane, imputed, other (--series) */
	bool typed;	      /* the records carry a UN personnel type */
	int step;	      /* US: quarters from one report to the next at most (1, a year 4) */
	const char *columns;  /* --columns, for "deployments" */
	int year_as;	      /* deployments --period year: 0 no, 1 intervals, 2 snapshots */
	int snap_month, snap_day; /* --snapshot-day */
	const char *host;	  /* --host */
	struct hosts *hosts;	  /* un-mission-totals: the hosts read from the rows */
};

static void warn(struct importer *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(struct importer *im, const char *fmt, ...)
{
	if (im->nwarnings++ >= MUSTER_IMPORT_WARNINGS)
		return;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	muster_strlist_push(&im->warnings, sb.buf);
	strbuf_release(&sb);
}

static void add_naming(struct importer *im, int32_t report, const char *name, const char *code,
		       uint32_t line)
{
	struct naming n = {report, xstrdup(name), xstrdup(code), line};
	ARRAY_PUSH(im->names, n);
}

static void importer_release(struct importer *im)
{
	for (size_t i = 0; i < im->recs.nr; i++) {
		free(im->recs.items[i].nation);
		free(im->recs.items[i].where);
	}
	ARRAY_RELEASE(im->recs);
	ARRAY_RELEASE(im->reports);
	for (size_t i = 0; i < im->names.nr; i++) {
		free(im->names.items[i].name);
		free(im->names.items[i].code);
	}
	ARRAY_RELEASE(im->names);
	muster_strlist_release(&im->warnings);
	muster_scenario_release(&im->add);
	crosswalk_release(&im->map);
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

/*
 * The code of the country named `v` in column `col` through the user's
 * crosswalk and the built-in one (a code not in the reference table is added
 * as a nation named `v`), or NULL with a located error naming the closest
 * known names: never a silent drop.
 */
static const char *named_code(struct importer *im, const struct csv_row *row, const char *col,
			      const char *v)
{
	const char *code = *v ? crosswalk_code(&im->map, v) : NULL;
	if (code) {
		if (!muster_nation_lookup(NULL, code))
			add_nation(im, code, v);
		return code;
	}
	struct strbuf sb = STRBUF_INIT;
	struct strbuf got = STRBUF_INIT;
	csv_show_value(&got, v);
	strbuf_addf(&sb,
		    _("%s:%u: column '%s': expected a country code or a name the crosswalk "
		      "knows (add it with --map FILE), got '%s'"),
		    im->path, row->line, col, got.buf);
	crosswalk_suggest(&im->map, v, &sb);
	muster_error_add(im->err, "%s", sb.buf);
	strbuf_release(&sb);
	strbuf_release(&got);
	return NULL;
}

/* A code as the generic table may give it: upper-case letters, digits, '-', '_'. */
static bool code_like(const char *v)
{
	if (!*v || strlen(v) > 16)
		return false;
	for (const char *p = v; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_'))
			return false;
	return true;
}

/*
 * A nation or country cell of a generic table: a code of the reference table
 * is itself; else the crosswalks' code for it ("France", "UK", "GER",
 * "Cote d'Ivoire"; one the reference table lacks is added as a nation);
 * else another upper-case code as it is ("COW700", which the scenario must
 * then know); else an error.
 */
static const char *cell_code(struct importer *im, const struct csv_row *row, const char *col,
			     const char *v)
{
	if (muster_nation_lookup(NULL, v))
		return v;
	const char *code = *v ? crosswalk_code(&im->map, v) : NULL;
	if (code) {
		if (!muster_nation_lookup(NULL, code))
			add_nation(im, code, v);
		return code;
	}
	if (code_like(v))
		return v;
	return named_code(im, row, col, v);
}

/* ---- un-contributions ---- */

enum { UN_DATE, UN_CONTRIB, UN_ISO, UN_MISSION, UN_FIRST_COUNT };
static const char *const un_types[] = {
    "individual-police", "formed-police-units", "experts-on-mission", "troops", "police",
    "observers"};
/* The category of each type (DESIGN.md section 3): the IPI totals' words. */
static const char *const un_categories[] = {"police", "police", "experts",
					    "troops", "police", "experts"};
/* The totals files' types: troops, police, experts or observers. */
enum { UN_T_EXPERTS = 2, UN_T_TROOPS = 3, UN_T_POLICE = 4, UN_T_OBSERVERS = 5 };
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
	const char *iso = c[UN_ISO];
	if (!*iso || !strcmp(iso, "NA")) {
		/* no code: the contributor's name through the crosswalk */
		iso = named_code(im, row, "Contributor", c[UN_CONTRIB]);
		ok &= iso != NULL;
	} else if (!iso3_ok(iso)) {
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
	add_nation(im, iso, c[UN_CONTRIB]);
	add_naming(im, day, c[UN_CONTRIB], iso, row->line);
	for (int t = 0; t < 4; t++) {
		long male = v[3 * t], female = v[3 * t + 1], total = v[3 * t + 2];
		if (total <= 0)
			continue;
		struct rec r = {.nation = xstrdup(iso),
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
	struct csv_schema s1 = {"missions_metadata.csv", meta_cols, ARRAY_SIZE(meta_cols), 0,
				false};
	struct csv_schema s2 = {"mission_month_totals_1990-11_2017-03.csv", mmt_cols,
				ARRAY_SIZE(mmt_cols), 0, false};
	struct muster_error e = {0};
	int rc = 0;
	h->mission_col = 0, h->name_col = 1, h->iso_col = 2;
	if (csv_read_file(meta, &s1, host_row, h, &e, NULL) < 0 || csv_problems(&e)) {
		rc = muster_error_set(
		    err, MUSTER_EIO, _("%s: the hosts of UN missions come from %s: %s"), path, meta,
		    e.msg	   ? e.msg
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

/* ---- un-mission-totals, un-contributor-totals ---- */

/*
 * IPI's totals: mission_month_totals (per mission and month, all
 * contributors: nation XPK) and contributor_month_totals (per contributor and
 * month, all missions: country XPK). Troops, Police and Observers (or
 * Experts) each become a series of category troops, police, experts.
 */
#define ALL_PK	    "XPK"
#define ALL_PK_NAME "UN peacekeeping, all (IPI totals)"
enum { MT_DATE, MT_MISSION, MT_HOST_NAME, MT_HOST, MT_TROOPS, MT_POLICE, MT_OBSERVERS };
static const struct csv_column mt_cols[] = {
    {"Date", true},
    {"Mission", true},
    {"Country of Mission", true},
    {"Country of Mission ISO-3", true},
    {"Troops", true},
    {"Police", true},
    {"Observers", true},
    /* the file's other columns, not read */
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
    {"Total", false},
};
enum { CT_DATE, CT_CONTRIB, CT_TROOPS, CT_POLICE, CT_EXPERTS };
static const struct csv_column ct_cols[] = {
    {"Date", true}, {"Contributor", true}, {"Troops", true}, {"Police", true}, {"Experts", true},
};

/* The month of a row dated its last day, or false with a located error. */
static bool month_of(struct importer *im, const struct csv_row *row, const char *v, int *y, int *m)
{
	int32_t day;
	int d;
	if (muster_date_parse(v, &day) < 0) {
		csv_bad_cell(im->err, im->path, row->line, "Date", "a date YYYY-MM-DD", v);
		return false;
	}
	muster_date_to_ymd(day, y, m, &d);
	return true;
}

static void push_typed(struct importer *im, const char *nation, const char *where, int type, int y,
		       int m, long total, uint32_t line)
{
	if (total <= 0)
		return;
	struct rec r = {.nation = xstrdup(nation),
			.where = xstrdup(where),
			.type = type,
			.from = month_start(y, m),
			.to = month_start(y, m + 1),
			.personnel = total,
			.male = -1,
			.female = -1,
			.line = line};
	ARRAY_PUSH(im->recs, r);
}

static void mt_row(void *ctx, const struct csv_row *row, struct muster_error *err)
{
	struct importer *im = ctx;
	const char *const *c = row->cells;
	int y = 0, m = 0;
	long v[3];
	bool ok = month_of(im, row, c[MT_DATE], &y, &m);
	(void)err;
	if (!*c[MT_MISSION]) {
		csv_bad_cell(im->err, im->path, row->line, "Mission", "a mission code",
			     c[MT_MISSION]);
		ok = false;
	}
	const char *host = c[MT_HOST];
	if (!*host || !strcmp(host, "NA")) {
		host = named_code(im, row, "Country of Mission", c[MT_HOST_NAME]);
		ok &= host != NULL;
	} else if (!iso3_ok(host)) {
		csv_bad_cell(im->err, im->path, row->line, "Country of Mission ISO-3",
			     "an ISO 3166-1 alpha-3 code or NA", host);
		ok = false;
	}
	for (int k = 0; k < 3; k++)
		ok &= get_count(im, row, (size_t)(MT_TROOPS + k), &v[k]);
	if (!ok)
		return;
	if (!host_of(im->hosts, c[MT_MISSION])) {
		struct host x = {xstrdup(c[MT_MISSION]), xstrdup(host), xstrdup(c[MT_HOST_NAME])};
		ARRAY_PUSH(im->hosts->items, x);
	}
	push_typed(im, ALL_PK, c[MT_MISSION], UN_T_TROOPS, y, m, v[0], row->line);
	push_typed(im, ALL_PK, c[MT_MISSION], UN_T_POLICE, y, m, v[1], row->line);
	push_typed(im, ALL_PK, c[MT_MISSION], UN_T_OBSERVERS, y, m, v[2], row->line);
}

static void ct_row(void *ctx, const struct csv_row *row, struct muster_error *err)
{
	struct importer *im = ctx;
	const char *const *c = row->cells;
	int y = 0, m = 0;
	long v[3];
	bool ok = month_of(im, row, c[CT_DATE], &y, &m);
	(void)err;
	const char *code = named_code(im, row, "Contributor", c[CT_CONTRIB]);
	ok &= code != NULL;
	for (int k = 0; k < 3; k++)
		ok &= get_count(im, row, (size_t)(CT_TROOPS + k), &v[k]);
	if (!ok)
		return;
	add_nation(im, code, c[CT_CONTRIB]);
	add_naming(im, month_start(y, m), c[CT_CONTRIB], code, row->line);
	push_typed(im, code, ALL_PK, UN_T_TROOPS, y, m, v[0], row->line);
	push_typed(im, code, ALL_PK, UN_T_POLICE, y, m, v[1], row->line);
	push_typed(im, code, ALL_PK, UN_T_EXPERTS, y, m, v[2], row->line);
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
/* troopdata's service and civilian columns, in both its layouts, not read */
#define TROOPDATA_OTHER_COLUMNS                                                                    \
	{"army_ad", false}, {"navy_ad", false}, {"air_force_ad", false},                           \
	    {"marine_corps_ad", false}, {"coast_guard_ad", false}, {"space_force_ad", false},      \
	    {"army_national_guard", false}, {"air_national_guard", false},                         \
	    {"army_reserve", false}, {"navy_reserve", false}, {"marine_corps_reserve", false},     \
	    {"air_force_reserve", false}, {"coast_guard_reserve", false},                          \
	    {"total_selected_reserve", false}, {"army_civilian", false}, {"navy_civilian", false}, \
	    {"marine_corps_civilian", false}, {"air_force_civilian", false},                       \
	    {"dod_civilian", false},                                                               \
	{                                                                                          \
		"total_civilian", false                                                            \
	}

static const struct csv_column us_cols[] = {
    {"ccode", true},	     {"iso3c", true},	      {"countryname", true}, {"year", true},
    {"month", false},	     {"quarter", true},	      {"source", false},     {"troops_ad", true},
    TROOPDATA_OTHER_COLUMNS, {"year_quarter", false}, {"troops_all", false}, {"region", false},
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

/*
 * The host's code: iso3c; when it says NA, the crosswalks' code of the name
 * (a former country's ISO 3166-3 code, "DDR"), else "COW<ccode>" (a place
 * with no code of its own: Diego Garcia, Afloat), added as a nation.
 */
static char *us_code(struct importer *im, const struct csv_row *row, const char *iso,
		     const char *name, const char *ccode)
{
	if (strcmp(iso, "NA")) {
		if (iso3_ok(iso))
			return xstrdup(iso);
		csv_bad_cell(im->err, im->path, row->line, "iso3c",
			     "an ISO 3166-1 alpha-3 code or NA", iso);
		return NULL;
	}
	const char *code = crosswalk_code(&im->map, name);
	if (!code)
		code = code_by_name(name);
	if (code) {
		if (!muster_nation_lookup(NULL, code))
			add_nation(im, code, name);
		return xstrdup(code);
	}
	long cc;
	if (strtonum_l(ccode, 0, 99999, &cc) < 0) {
		csv_bad_cell(im->err, im->path, row->line, "ccode", "a whole number", ccode);
		return NULL;
	}
	char *s = xstrfmt("COW%ld", cc);
	add_nation(im, s, name);
	return s;
}

/* The series of a report: 0 a DMDC report, 1 Kane 2006, 2 imputed, 3 other. */
static int us_series(const char *series)
{
	return !*series || !strcmp(series, "NA")	? 3
	       : !strcmp(series, "Stepwise Imputation") ? 2
	       : !strncmp(series, "Kane", 4)		? 1
							: 0;
}

/* One report's figure for one host (a quarter, or a year as its first quarter). */
static void us_push(struct importer *im, const struct csv_row *row, long year, long quarter,
		    long troops, const char *name, char *code, int series)
{
	int report = (int)(year * 4 + quarter - 1);
	if (troops <= 0 || !strcmp(code, "USA")) {
		if (strcmp(code, "USA"))
			add_naming(im, report, name, code, row->line);
		free(code);
		return;
	}
	add_naming(im, report, name, code, row->line);
	struct rec r = {.nation = xstrdup("USA"),
			.rank = im->series_rank[series],
			.where = code,
			.personnel = troops,
			.male = -1,
			.female = -1,
			.line = row->line,
			.report = report};
	ARRAY_PUSH(im->recs, r);
	ARRAY_PUSH(im->reports, report);
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
	char *code = us_code(im, row, c[US_ISO], c[US_NAME], c[US_CCODE]);
	if (!ok || !code) {
		free(code);
		return;
	}
	us_push(im, row, year, quarter, troops, c[US_NAME], code, us_series(c[US_SOURCE]));
}

/* troopdata's country-year table: one figure per host and year. */
enum { UY_NAME, UY_YEAR, UY_CCODE, UY_ISO, UY_TROOPS_AD };
static const struct csv_column uy_cols[] = {
    {"countryname", true},
    {"year", true},
    {"ccode", true},
    {"iso3c", true},
    {"troops_ad", true},
    /* the file's other columns, not read */
    {"region", false},
    TROOPDATA_OTHER_COLUMNS,
};

static void us_year_row(void *ctx, const struct csv_row *row, struct muster_error *err)
{
	struct importer *im = ctx;
	const char *const *c = row->cells;
	long year, troops;
	bool ok = get_count(im, row, UY_TROOPS_AD, &troops);
	if (strtonum_l(c[UY_YEAR], 1900, 2200, &year) < 0) {
		csv_bad_cell(err, im->path, row->line, "year", "a year 1900..2200", c[UY_YEAR]);
		ok = false;
	}
	char *code = us_code(im, row, c[UY_ISO], c[UY_NAME], c[UY_CCODE]);
	if (!ok || !code) {
		free(code);
		return;
	}
	us_push(im, row, year, 1, troops, c[UY_NAME], code, 0);
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
		r->to = report_start(idx + 1 < n ? im->reports.items[idx + 1]
						 : r->report + (im->step ? im->step : 1));
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
			if (p->rank != r->rank) { /* competing series: the better one only */
				im->competing++;
				if (r->rank < p->rank) {
					free(p->nation);
					free(p->where);
					*p = *r;
				} else {
					free(r->nation);
					free(r->where);
				}
				continue;
			}
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
	if (im->typed)
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
	d.category = im->typed ? xstrdup(un_categories[r->type]) : NULL;
	ARRAY_PUSH(im->add.deployments, d);
}

static void series_name(struct strbuf *sb, const struct rec *r, bool un, bool typed)
{
	if (un)
		strbuf_addf(sb, _("%s on %s (%s)"), r->nation, r->where, un_types[r->type]);
	else if (typed)
		strbuf_addf(sb, _("%s in %s (%s)"), r->nation, r->where, un_types[r->type]);
	else
		strbuf_addf(sb, _("%s in %s"), r->nation, r->where);
}

/*
 * Warnings on the sorted, summed records (nothing is changed): within a
 * series, a gap between two reports, or a figure 2x or more (and 10 people
 * or more) off the report before.
 */
static void check_series(struct importer *im, bool un)
{
	struct strbuf sb = STRBUF_INIT;
	char d1[11], d2[11];
	for (size_t i = 1; i < im->recs.nr; i++) {
		const struct rec *p = &im->recs.items[i - 1], *r = &im->recs.items[i];
		if (!same_series(p, r))
			continue;
		strbuf_reset(&sb);
		series_name(&sb, r, un, im->typed);
		muster_date_format(p->to, d1);
		muster_date_format(r->from, d2);
		if (r->from != p->to) {
			warn(
			    im,
			    _("%s:%u: %s: no figure from %s to %s, then %ld again (not read as 0)"),
			    im->path, r->line, sb.buf, d1, d2, r->personnel);
			continue;
		}
		long hi = r->personnel > p->personnel ? r->personnel : p->personnel;
		long lo = r->personnel > p->personnel ? p->personnel : r->personnel;
		if (hi >= 2 * lo && hi - lo >= 10)
			warn(im, _("%s:%u: %s: %ld from %s, %.1fx the %ld of the report before"),
			     im->path, r->line, sb.buf, r->personnel, d2,
			     (double)r->personnel / (double)p->personnel, p->personnel);
	}
	strbuf_release(&sb);
}

static int cmp_naming(const void *a, const void *b)
{
	const struct naming *x = a, *y = b;
	int d = (x->report > y->report) - (x->report < y->report);
	if (!d)
		d = strcmp(x->name, y->name);
	if (!d)
		d = strcmp(x->code, y->code);
	return d;
}

/* A name given two codes in one report (the same code twice is fine). */
static void check_names(struct importer *im)
{
	if (im->names.nr)
		qsort(im->names.items, im->names.nr, sizeof(im->names.items[0]), cmp_naming);
	for (size_t i = 1; i < im->names.nr; i++) {
		const struct naming *p = &im->names.items[i - 1], *n = &im->names.items[i];
		if (p->report == n->report && !strcmp(p->name, n->name) && strcmp(p->code, n->code))
			warn(im,
			     _("%s:%u: '%s' is '%s' here and '%s' at line %u of the same report"),
			     im->path, n->line, n->name, n->code, p->code, p->line);
	}
}

/* Merge runs of consecutive equal figures; `hosts` NULL for US records. */
static void merge(struct importer *im, const struct hosts *hosts)
{
	if (im->recs.nr)
		qsort(im->recs.items, im->recs.nr, sizeof(*im->recs.items), rec_cmp);
	sum_duplicates(im);
	check_series(im, hosts != NULL);
	check_names(im);
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
		} else if (im->typed) {
			push_deployment(im, &run, run.where, NULL, MUSTER_DEPLOY_ROTATIONAL);
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
					 _("%s:%u: column 'Mission': expected a mission listed in "
					   "missions_metadata.csv, got '%s'"),
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

enum {
	G_ID,
	G_NATION,
	G_COUNTRY,
	G_MISSION,
	G_PERSONNEL,
	G_FROM,
	G_TO,
	G_KIND,
	G_COUNTS,
	G_SRC,
	G_CATEGORY
};
static const struct csv_column gen_cols[] = {
    {"id", false},	{"nation", true},    {"country", true},
    {"mission", false}, {"personnel", true}, {"from", true},
    {"to", false},	{"kind", false},     {"counts_against_cap", false},
    {"source", false},	{"category", false},
};

/* The file's name of generic field k (--columns may rename it). */
#define GCOL(k) (csv_schema_col(row->schema, (size_t)(k))->name)

/*
 * --columns "nation=COL,country=COL,...": the schema with those fields read
 * from the columns named; `names` keeps the copies. MUSTER_EUSAGE for a field
 * that is not one of gen_cols or is given twice, or an empty column.
 */
static int gen_schema(const char *spec, struct csv_column cols[ARRAY_SIZE(gen_cols)],
		      struct muster_strlist *names, struct muster_error *err)
{
	memcpy(cols, gen_cols, sizeof(gen_cols));
	bool given[ARRAY_SIZE(gen_cols)] = {false};
	const char *p = spec;
	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char *item = xstrndup(p, len);
		char *eq = strchr(item, '=');
		size_t k = ARRAY_SIZE(gen_cols);
		if (eq) {
			*eq = '\0';
			for (k = 0; k < ARRAY_SIZE(gen_cols); k++)
				if (!strcmp(item, gen_cols[k].name))
					break;
		}
		if (!eq || k == ARRAY_SIZE(gen_cols) || !eq[1] || given[k]) {
			int rc = muster_error_set(
			    err, MUSTER_EUSAGE,
			    _("--columns: expected FIELD=COLUMN items separated by commas, FIELD "
			      "one "
			      "of id, nation, country, mission, personnel, from, to, kind, "
			      "counts_against_cap, source, category, each once; got '%.*s'"),
			    (int)len, p);
			free(item);
			return rc;
		}
		given[k] = true;
		muster_strlist_push(names, eq + 1);
		cols[k].name = names->items[names->nr - 1];
		free(item);
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

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

static bool gen_cells(struct importer *im, const struct csv_row *row, struct muster_deployment *d,
		      const char *code[2])
{
	const char *const *c = row->cells;
	bool ok = true;
	const char *file = im->path;
	for (int k = G_NATION; k <= G_COUNTRY; k++) {
		const char *col = csv_schema_col(row->schema, (size_t)k)->name;
		if (!*c[k]) {
			csv_bad_cell(im->err, file, row->line, col, "a country code or name", c[k]);
			ok = false;
			continue;
		}
		code[k - G_NATION] = cell_code(im, row, col, c[k]);
		ok &= code[k - G_NATION] != NULL;
	}
	if (strtonum_l(c[G_PERSONNEL], 0, 100000000, &d->personnel) < 0) {
		csv_bad_cell(im->err, file, row->line, GCOL(G_PERSONNEL), "a whole number >= 0",
			     c[G_PERSONNEL]);
		ok = false;
	}
	if (im->year_as) {
		long y;
		if (strtonum_l(c[G_FROM], 1000, 2999, &y) < 0 || strlen(c[G_FROM]) != 4) {
			csv_bad_cell(im->err, file, row->line, GCOL(G_FROM), "a year YYYY",
				     c[G_FROM]);
			return false;
		}
		if (*c[G_TO]) {
			csv_bad_cell(im->err, file, row->line, GCOL(G_TO),
				     "empty (with --period year a row's dates come from its year)",
				     c[G_TO]);
			return false;
		}
		if (im->year_as == 1) {
			d->from = muster_date_from_ymd((int)y, 1, 1);
			d->to = muster_date_from_ymd((int)y + 1, 1, 1);
		} else {
			d->from = muster_date_from_ymd((int)y, im->snap_month, im->snap_day);
			d->to = d->from + 1;
		}
	} else if (muster_date_parse(c[G_FROM], &d->from) < 0) {
		csv_bad_cell(im->err, file, row->line, GCOL(G_FROM), "a date YYYY-MM-DD",
			     c[G_FROM]);
		ok = false;
	}
	if (!im->year_as)
		d->to = MUSTER_DATE_OPEN;
	if (im->year_as) {
		/* dates set from the year above */
	} else if (*c[G_TO] && muster_date_parse(c[G_TO], &d->to) < 0) {
		csv_bad_cell(im->err, file, row->line, GCOL(G_TO), "a date YYYY-MM-DD or empty",
			     c[G_TO]);
		ok = false;
	} else if (ok && d->to <= d->from) {
		csv_bad_cell(im->err, file, row->line, GCOL(G_TO), "a date after 'from'", c[G_TO]);
		ok = false;
	}
	if (!gen_kind(c[G_KIND], &d->kind)) {
		csv_bad_cell(im->err, file, row->line, GCOL(G_KIND),
			     "permanent, rotational, temporary or support", c[G_KIND]);
		ok = false;
	}
	d->counts_against_cap = strcmp(c[G_COUNTS], "no") != 0;
	if (*c[G_COUNTS] && strcmp(c[G_COUNTS], "yes") && strcmp(c[G_COUNTS], "no")) {
		csv_bad_cell(im->err, file, row->line, GCOL(G_COUNTS), "yes or no", c[G_COUNTS]);
		ok = false;
	}
	return ok;
}

static void gen_row(void *ctx, const struct csv_row *row, struct muster_error *err)
{
	struct importer *im = ctx;
	const char *const *c = row->cells;
	struct muster_deployment d = {0};
	const char *code[2] = {NULL, NULL};
	(void)err;
	if (!gen_cells(im, row, &d, code))
		return;
	d.id = *c[G_ID] ? xstrdup(c[G_ID]) : NULL;
	d.nation = xstrdup(code[0]);
	d.country = xstrdup(code[1]);
	d.mission = *c[G_MISSION] ? xstrdup(c[G_MISSION]) : NULL;
	d.category = *c[G_CATEGORY] ? xstrdup(c[G_CATEGORY]) : NULL;
	d.source = *c[G_SRC] ? xstrfmt("%s:%s:%u %s", im->tag, im->file, row->line, c[G_SRC])
			     : xstrfmt("%s:%s:%u", im->tag, im->file, row->line);
	ARRAY_PUSH(im->add.deployments, d);
}

/*
 * Missions named by generic rows but absent: hosted in --host, else in the
 * one country their rows are in; rows in several countries without --host
 * make a mission with no host (NULL, never a guess), which validation
 * accepts as long as nothing needs it (no requirement, no in-host phase).
 */
static void gen_missions(struct importer *im, const struct muster_scenario *base)
{
	for (size_t i = 0; i < im->add.deployments.nr; i++) {
		const struct muster_deployment *d = &im->add.deployments.items[i];
		if (!d->mission || muster_scenario_mission(base, d->mission) ||
		    muster_scenario_mission(&im->add, d->mission))
			continue;
		const char *host = im->host ? im->host : d->country;
		for (size_t k = i + 1; !im->host && host && k < im->add.deployments.nr; k++) {
			const struct muster_deployment *e = &im->add.deployments.items[k];
			if (e->mission && !strcmp(e->mission, d->mission) &&
			    strcmp(e->country, d->country))
				host = NULL;
		}
		struct muster_mission m = {.code = xstrdup(d->mission),
					   .host = host ? xstrdup(host) : NULL,
					   .from = MUSTER_DATE_NONE,
					   .to = MUSTER_DATE_OPEN};
		ARRAY_PUSH(im->add.missions, m);
	}
}

/* ---- writing ---- */

/* A row of sc (its strings may be sc's shared ones) or of the importer's own. */
static void deployment_free(const struct muster_scenario *sc, struct muster_deployment *d)
{
	entity_row_release(store_table_of(SC_DEPLOYMENTS), d, sc->strings);
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
			deployment_free(sc, d);
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
			    _("'%s': the database holds deployments imported from a file named "
			      "'%s' "
			      "under that name alone (source '%s'); they may be this file's or "
			      "another's of the same name"),
			    im->path, im->base, src);
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Distinct strings among n (sorts them). */
static size_t distinct(const char **v, size_t n)
{
	size_t k = 0;
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < n; i++)
		k += !i || strcmp(v[i - 1], v[i]);
	return k;
}

/* The summary of the deployments about to be written. */
static void summarise(struct importer *im, size_t replaced)
{
	struct muster_import_summary *s = im->sum;
	size_t n = im->add.deployments.nr;
	const char **v = xmalloc((n ? n : 1) * sizeof(*v));
	s->written = n;
	s->replaced = replaced;
	s->from = MUSTER_DATE_NONE;
	s->to = MUSTER_DATE_NONE;
	for (size_t i = 0; i < n; i++) {
		const struct muster_deployment *d = &im->add.deployments.items[i];
		if (s->from == MUSTER_DATE_NONE || d->from < s->from)
			s->from = d->from;
		if (s->to != MUSTER_DATE_OPEN && (d->to == MUSTER_DATE_OPEN || d->to > s->to))
			s->to = d->to;
		v[i] = d->nation;
	}
	s->nations = distinct(v, n);
	for (size_t i = 0; i < n; i++)
		v[i] = im->add.deployments.items[i].country;
	s->countries = distinct(v, n);
	free(v);
	free(s->source);
	s->source = xstrdup(im->file);
	muster_strlist_release(&s->warnings);
	s->warnings = im->warnings;
	memset(&im->warnings, 0, sizeof(im->warnings));
	s->nwarnings = im->nwarnings;
	s->competing = im->competing;
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
	size_t before = sc.deployments.nr;
	size_t at = drop_previous(&sc, im->tag, im->file);
	if (im->sum)
		summarise(im, before - sc.deployments.nr);
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
	if (im->sum)
		im->sum->rows = rows;
	if (rc < 0)
		return rc;
	if (csv_problems(im->err))
		return muster_error_set(
		    im->err, MUSTER_EINVAL,
		    P_("'%s' has %zu problem", "'%s' has %zu problems", csv_problems(im->err)),
		    im->path, csv_problems(im->err));
	return 0;
}

static int parse(struct importer *im, const char *format, struct hosts *hosts)
{
	if (!strcmp(format, "un-contributions")) {
		struct csv_schema s = {im->path, un_cols, ARRAY_SIZE(un_cols), 0, false};
		im->tag = "un-peacekeeping-ipi";
		im->typed = true;
		int rc = read_file(im, &s, un_row);
		if (rc == 0)
			rc = read_hosts(im->path, hosts, im->err);
		if (rc == 0 && un_missions(im, hosts) < 0)
			rc = muster_error_set(im->err, MUSTER_EINVAL,
					      P_("'%s' has %zu problem", "'%s' has %zu problems",
						 csv_problems(im->err)),
					      im->path, csv_problems(im->err));
		if (rc == 0)
			merge(im, hosts);
		return rc;
	}
	if (!strcmp(format, "us-personnel")) {
		struct csv_schema s = {im->path, us_cols, ARRAY_SIZE(us_cols), 0, false};
		im->tag = "troopdata";
		int rc = read_file(im, &s, us_row);
		if (rc == 0) {
			us_dates(im);
			merge(im, NULL);
		}
		return rc;
	}
	if (!strcmp(format, "us-personnel-year")) {
		struct csv_schema s = {im->path, uy_cols, ARRAY_SIZE(uy_cols), 0, false};
		im->tag = "troopdata";
		im->step = 4;
		int rc = read_file(im, &s, us_year_row);
		if (rc == 0) {
			us_dates(im);
			merge(im, NULL);
		}
		return rc;
	}
	if (!strcmp(format, "un-mission-totals")) {
		struct csv_schema s = {im->path, mt_cols, ARRAY_SIZE(mt_cols), 0, false};
		im->tag = "un-peacekeeping-ipi";
		im->typed = true;
		im->hosts = hosts;
		add_nation(im, ALL_PK, ALL_PK_NAME);
		int rc = read_file(im, &s, mt_row);
		if (rc == 0 && un_missions(im, hosts) < 0)
			rc = muster_error_set(im->err, MUSTER_EINVAL,
					      P_("'%s' has %zu problem", "'%s' has %zu problems",
						 csv_problems(im->err)),
					      im->path, csv_problems(im->err));
		if (rc == 0)
			merge(im, hosts);
		return rc;
	}
	if (!strcmp(format, "un-contributor-totals")) {
		struct csv_schema s = {im->path, ct_cols, ARRAY_SIZE(ct_cols), 0, false};
		im->tag = "un-peacekeeping-ipi";
		im->typed = true;
		add_nation(im, ALL_PK, ALL_PK_NAME);
		int rc = read_file(im, &s, ct_row);
		if (rc == 0)
			merge(im, NULL);
		return rc;
	}
	if (!strcmp(format, "deployments")) {
		struct csv_column cols[ARRAY_SIZE(gen_cols)];
		struct muster_strlist names = {0};
		struct csv_schema s = {im->path, cols, ARRAY_SIZE(gen_cols), 0, false};
		im->tag = "deployments";
		int rc = gen_schema(im->columns, cols, &names, im->err);
		s.other_columns = im->columns != NULL; /* a layout of its own */
		if (rc == 0)
			rc = read_file(im, &s, gen_row);
		muster_strlist_release(&names);
		return rc;
	}
	return muster_error_set(im->err, MUSTER_EUSAGE,
				_("unknown import format '%s' (known: un-contributions, "
				  "un-mission-totals, un-contributor-totals, us-personnel, "
				  "us-personnel-year, deployments)"),
				format);
}

/* --series "kane,dmdc": ranks by position, those not named after, in the default order. */
static int series_ranks(const char *spec, int rank[4], struct muster_error *err)
{
	static const char *const names[] = {"dmdc", "kane", "imputed", "other"};
	int next = 0;
	for (int i = 0; i < 4; i++)
		rank[i] = -1;
	const char *p = spec;
	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		int k = 0;
		while (k < 4 && (strlen(names[k]) != len || strncmp(p, names[k], len)))
			k++;
		if (k == 4 || rank[k] >= 0)
			return muster_error_set(err, MUSTER_EUSAGE,
						_("--series: expected dmdc, kane, imputed or other "
						  "separated by commas, each once, got '%.*s'"),
						(int)len, p);
		rank[k] = next++;
		p = comma ? comma + 1 : NULL;
	}
	for (int i = 0; i < 4; i++)
		if (rank[i] < 0)
			rank[i] = next++;
	return 0;
}

void muster_import_summary_release(struct muster_import_summary *s)
{
	if (!s)
		return;
	free(s->source);
	muster_strlist_release(&s->warnings);
	memset(s, 0, sizeof(*s));
}

int muster_import_public_as(struct muster_db *db, const char *format, const char *path,
			    const char *source, struct muster_error *err)
{
	return muster_import_public_summary(db, format, path, source, NULL, err);
}

int muster_import_public_summary(struct muster_db *db, const char *format, const char *path,
				 const char *source, struct muster_import_summary *sum,
				 struct muster_error *err)
{
	struct muster_import_opts o = {.source = source};
	return muster_import_public_opts(db, format, path, &o, sum, err);
}

/* --period, --as, --snapshot-day, --host: checked, into im. */
static int year_opts(const struct muster_import_opts *o, const char *format, struct importer *im)
{
	bool generic = !strcmp(format, "deployments");
	if ((o->period || o->as || o->snapshot_day || o->host) && !generic)
		return muster_error_set(
		    im->err, MUSTER_EUSAGE,
		    _("--period, --as, --snapshot-day and --host: only the format "
		      "'deployments' takes them, not '%s'"),
		    format);
	im->host = o->host;
	if (o->host && !muster_nation_lookup(NULL, o->host))
		return muster_error_set(im->err, MUSTER_EUSAGE,
					_("--host: expected an ISO 3166-1 alpha-3 country code, "
					  "got '%s'"),
					o->host);
	if (!o->period && !o->as && !o->snapshot_day)
		return 0;
	if (!o->period || strcmp(o->period, "year"))
		return muster_error_set(im->err, MUSTER_EUSAGE,
					_("--period: expected 'year' (with --as), got '%s'"),
					o->period ? o->period : "nothing");
	if (!o->as || (strcmp(o->as, "intervals") && strcmp(o->as, "snapshots")))
		return muster_error_set(
		    im->err, MUSTER_EUSAGE,
		    _("--period year: say what each figure is with --as intervals "
		      "(it covers its year) or --as snapshots (a reading on one "
		      "day of it); got '%s'"),
		    o->as ? o->as : "nothing");
	im->year_as = strcmp(o->as, "intervals") ? 2 : 1;
	im->snap_month = 12;
	im->snap_day = 31;
	if (o->snapshot_day) {
		int32_t day;
		char *iso = xstrfmt("2001-%s", o->snapshot_day);
		bool ok = im->year_as == 2 && strlen(o->snapshot_day) == 5 &&
			  muster_date_parse(iso, &day) == 0;
		free(iso);
		if (!ok)
			return muster_error_set(
			    im->err, MUSTER_EUSAGE,
			    _("--snapshot-day: expected MM-DD (not 02-29) with --as "
			      "snapshots, got '%s'"),
			    o->snapshot_day);
		im->snap_month = atoi(o->snapshot_day);
		im->snap_day = atoi(o->snapshot_day + 3);
	}
	return 0;
}

int muster_import_public_opts(struct muster_db *db, const char *format, const char *path,
			      const struct muster_import_opts *opts,
			      struct muster_import_summary *sum, struct muster_error *err)
{
	static const struct muster_import_opts none = {0};
	const struct muster_import_opts *o = opts ? opts : &none;
	const char *source = o->source;
	struct muster_error local = {0};
	struct importer im = {.path = path,
			      .err = err ? err : &local,
			      .ctx = db ? db->ctx : NULL,
			      .sum = sum,
			      .columns = o->columns};
	if (sum)
		muster_import_summary_release(sum);
	struct hosts hosts = {0};
	char *copy = xstrdup(path);
	char *real = NULL;
	int rc = 0;
	if (source && (!*source || strpbrk(source, "\n\r\t")))
		rc = muster_error_set(im.err, MUSTER_EUSAGE,
				      _("--source: expected a name without tabs or line breaks, "
					"got '%s'"),
				      source);
	if (rc == 0)
		rc = series_ranks(o->series, im.series_rank, im.err);
	if (rc == 0 && o->columns && strcmp(format, "deployments"))
		rc = muster_error_set(im.err, MUSTER_EUSAGE,
				      _("--columns: only the format 'deployments' takes a column "
					"mapping, not '%s'"),
				      format);
	if (rc == 0 && o->series && strcmp(format, "us-personnel"))
		rc = muster_error_set(im.err, MUSTER_EUSAGE,
				      _("--series: only the format 'us-personnel' has competing "
					"series, not '%s'"),
				      format);
	if (rc == 0)
		rc = year_opts(o, format, &im);
	if (rc == 0 && o->map)
		rc = crosswalk_read(&im.map, o->map, im.err);
	if (rc == 0 && !source && !(real = realpath(path, NULL)))
		rc = muster_error_set(im.err, MUSTER_EIO, _("cannot open '%s': %s"), path,
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
