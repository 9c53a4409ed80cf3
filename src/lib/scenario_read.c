/*
 * scenario_read.c: reads a scenario folder (DESIGN.md section 3, contract)
 * into struct muster_scenario: the column schema of every file, the
 * conversion of cells into entities, and muster_scenario_read_dir().
 *
 * Key decisions:
 * - Each file is read by csv_read_file(); each row becomes one entity, and
 *   its source line goes into a side table (struct scenario_lines) that the
 *   cross-file checks use for their messages. A row with a bad cell is kept
 *   in memory (the caller releases the scenario on failure) so that the side
 *   table stays aligned, and flagged there: the checks of validate.c skip
 *   it, since its bad cells hold defaults.
 * - The cross-file checks run beside cell problems, so that one run reports
 *   both, unless a table that others refer to may be incomplete (a file cut
 *   short, a row dropped, a bad row among nations, missions, capabilities,
 *   requirement lines or caveats, a misnamed file): then every reference into
 *   it could be reported unknown, a cascade of false problems.
 * - Every problem of every file is collected (up to MUSTER_ERROR_MAX_DETAILS
 *   kept), then the error message counts them.
 * - File names match in any letter case: OFFERS.CSV silently ignored made
 *   `import --replace` wipe every offer. Two names of one table that differ
 *   only in case are an error, as is a *.csv file (any case) whose name is
 *   close to a contract file name ("offer.csv"): almost certainly a typo
 *   that would otherwise be silently ignored.
 * - Only regular files are read. A FIFO would block the read, and a folder
 *   or a dangling symlink would read as "no such table" (a dangling caps.csv
 *   meant "no caps"); each is an error naming what it is. The file is
 *   stat()ed before it is opened (opening a device may act) and opened
 *   non-blocking, then checked again.
 */
#include "csv_read.h"
#include "util.h"

#include <assert.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- schemas: the contract's columns, in its order ---- */

enum { NA_CODE, NA_NAME, NA_REGION, NA_MEMBERSHIPS };
static const struct csv_column nations_cols[] = {
    {"code", true}, {"name", false}, {"region", false}, {"memberships", false}};

enum { KE_KEY, KE_NATION, KE_VALUE };
static const struct csv_column keys_cols[] = {{"key", true}, {"nation", true}, {"value", true}};

enum { MI_CODE, MI_NAME, MI_ORG, MI_HOST, MI_FROM, MI_TO };
static const struct csv_column missions_cols[] = {{"code", true},	   {"name", false},
						  {"organization", false}, {"host", true},
						  {"from", false},	   {"to", false}};

enum { PH_MISSION, PH_PHASE, PH_FROM, PH_TO, PH_CEILING, PH_SCOPE, PH_STATUS };
static const struct csv_column phases_cols[] = {
    {"mission", true}, {"phase", true},	 {"from", true},   {"to", false},
    {"ceiling", true}, {"scope", false}, {"status", false}};

enum { CA_CODE, CA_NAME, CA_SUBSTITUTES };
static const struct csv_column capabilities_cols[] = {
    {"code", true}, {"name", false}, {"substitutes", false}};

enum {
	RQ_MISSION,
	RQ_LINE,
	RQ_CAPABILITY,
	RQ_UNITS,
	RQ_PERSONNEL,
	RQ_LOCATION,
	RQ_FROM,
	RQ_TO,
	RQ_PRIORITY,
	RQ_MIN_READINESS,
	RQ_TASKS
};
static const struct csv_column requirements_cols[] = {
    {"mission", true},	 {"line", true},	   {"capability", true}, {"units", true},
    {"personnel", true}, {"location", false},	   {"from", true},	 {"to", true},
    {"priority", false}, {"min_readiness", false}, {"tasks", false}};

enum {
	OF_ID,
	OF_NATION,
	OF_CAPABILITY,
	OF_UNITS,
	OF_PERSONNEL,
	OF_FROM,
	OF_TO,
	OF_READINESS,
	OF_MISSION,
	OF_LINE,
	OF_CAVEATS,
	OF_STATUS,
	OF_POOL
};
static const struct csv_column offers_cols[] = {
    {"id", true},	 {"nation", true}, {"capability", true}, {"units", true},
    {"personnel", true}, {"from", true},   {"to", false},	 {"readiness", false},
    {"mission", false},	 {"line", false},  {"caveats", false},	 {"status", false},
    {"pool", false}};

enum { CV_ID, CV_NATION, CV_KIND, CV_VALUE, CV_HARD };
static const struct csv_column caveats_cols[] = {
    {"id", true}, {"nation", true}, {"kind", true}, {"value", false}, {"hard", false}};

enum { CP_ID, CP_NATION, CP_COUNTRY, CP_LIMIT, CP_FROM, CP_TO, CP_NOTE };
static const struct csv_column caps_cols[] = {{"id", false},   {"nation", true}, {"country", true},
					      {"limit", true}, {"from", false},	 {"to", false},
					      {"note", false}};

enum {
	DE_ID,
	DE_NATION,
	DE_COUNTRY,
	DE_MISSION,
	DE_PERSONNEL,
	DE_FROM,
	DE_TO,
	DE_KIND,
	DE_COUNTS,
	DE_SOURCE,
	DE_CATEGORY
};
static const struct csv_column deployments_cols[] = {
    {"id", false},	{"nation", true},    {"country", true},
    {"mission", false}, {"personnel", true}, {"from", true},
    {"to", false},	{"kind", false},     {"counts_against_cap", false},
    {"source", false},	{"category", false}};

#define SCHEMA(file, cols)                                                                         \
	{                                                                                          \
		file, cols, ARRAY_SIZE(cols)                                                       \
	}
const struct csv_schema scenario_schemas[SC_NTABLES] = {
    [SC_NATIONS] = SCHEMA("nations.csv", nations_cols),
    [SC_KEYS] = SCHEMA("keys.csv", keys_cols),
    [SC_MISSIONS] = SCHEMA("missions.csv", missions_cols),
    [SC_PHASES] = SCHEMA("phases.csv", phases_cols),
    [SC_CAPABILITIES] = SCHEMA("capabilities.csv", capabilities_cols),
    [SC_REQUIREMENTS] = SCHEMA("requirements.csv", requirements_cols),
    [SC_OFFERS] = SCHEMA("offers.csv", offers_cols),
    [SC_CAVEATS] = SCHEMA("caveats.csv", caveats_cols),
    [SC_CAPS] = SCHEMA("caps.csv", caps_cols),
    [SC_DEPLOYMENTS] = SCHEMA("deployments.csv", deployments_cols),
};

const char *scenario_table_file(enum scenario_table t)
{
	return scenario_schemas[t].file;
}

const char *muster_scenario_file(size_t i)
{
	return i < SC_NTABLES ? scenario_schemas[i].file : NULL;
}

char *muster_scenario_summary(const struct muster_scenario *sc)
{
	struct strbuf sb = STRBUF_INIT;
	scenario_summary(sc, &sb);
	return strbuf_detach(&sb, NULL);
}

size_t scenario_table_nr(const struct muster_scenario *sc, enum scenario_table t)
{
	switch (t) {
	case SC_NATIONS:
		return sc->nations.nr;
	case SC_KEYS:
		return sc->keys.nr;
	case SC_MISSIONS:
		return sc->missions.nr;
	case SC_PHASES:
		return sc->phases.nr;
	case SC_CAPABILITIES:
		return sc->capabilities.nr;
	case SC_REQUIREMENTS:
		return sc->requirements.nr;
	case SC_OFFERS:
		return sc->offers.nr;
	case SC_CAVEATS:
		return sc->caveats.nr;
	case SC_CAPS:
		return sc->caps.nr;
	case SC_DEPLOYMENTS:
		return sc->deployments.nr;
	case SC_NTABLES:
		break;
	}
	BUG("bad table %d", (int)t);
}

void scenario_summary(const struct muster_scenario *sc, struct strbuf *sb)
{
	static const char *const one[SC_NTABLES] = {"nation",	  "key",       "mission", "phase",
						    "capability", "line",      "offer",	  "caveat",
						    "cap",	  "deployment"};
	static const char *const many[SC_NTABLES] = {
	    "nations", "keys",	 "missions", "phases", "capabilities",
	    "lines",   "offers", "caveats",  "caps",   "deployments"};
	size_t start = sb->len;
	for (int t = 0; t < SC_NTABLES; t++) {
		size_t n = scenario_table_nr(sc, (enum scenario_table)t);
		if (!n)
			continue;
		strbuf_addf(sb, "%s%zu %s", sb->len > start ? ", " : "", n,
			    n == 1 ? one[t] : many[t]);
	}
	if (sb->len == start)
		strbuf_addstr(sb, "nothing");
}

void scenario_lines_release(struct scenario_lines *l)
{
	for (int t = 0; l && t < SC_NTABLES; t++)
		ARRAY_RELEASE(l->lines[t]);
}

static uint32_t raw_line(const struct scenario_lines *l, enum scenario_table t, size_t i)
{
	if (!l || i < l->base[t] || i - l->base[t] >= l->lines[t].nr)
		return 0;
	return l->lines[t].items[i - l->base[t]];
}

uint32_t scenario_line(const struct scenario_lines *l, enum scenario_table t, size_t i)
{
	return raw_line(l, t, i) & ~SCENARIO_LINE_BAD;
}

bool scenario_row_bad(const struct scenario_lines *l, enum scenario_table t, size_t i)
{
	return raw_line(l, t, i) & SCENARIO_LINE_BAD;
}

/* ---- cells ---- */

struct rowctx {
	const struct csv_row *row;
	struct muster_error *err;
};

static const char *cell(const struct rowctx *c, int col)
{
	return c->row->cells[col];
}

static void bad(const struct rowctx *c, int col, const char *what)
{
	const struct csv_row *r = c->row;
	csv_bad_cell(c->err, r->schema->file, r->line, r->schema->cols[col].name, what,
		     r->cells[col]);
}

/* An identifier: no ';' (the list separator) and no control characters. */
static bool id_ok(const char *s)
{
	for (; *s; s++)
		if (*s == ';' || (unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* A required identifier, copied; NULL after reporting when missing or bad. */
static char *get_id(const struct rowctx *c, int col, const char *what)
{
	const char *s = cell(c, col);
	if (!*s || !id_ok(s)) {
		bad(c, col, what);
		return NULL;
	}
	return xstrdup(s);
}

/* An optional identifier: NULL when empty. */
static char *get_opt_id(const struct rowctx *c, int col, const char *what)
{
	return *cell(c, col) ? get_id(c, col, what) : NULL;
}

static char *get_text(const struct rowctx *c, int col)
{
	return *cell(c, col) ? xstrdup(cell(c, col)) : NULL;
}

static long get_count(const struct rowctx *c, int col, long min, long max, long def,
		      const char *what)
{
	long v = def;
	const char *s = cell(c, col);
	if (!*s && !c->row->schema->cols[col].required)
		return def;
	if (strtonum_l(s, min, max, &v) < 0) {
		bad(c, col, what);
		return def;
	}
	return v;
}

/* An optional count whose empty cell means "not stated" (unknown), not a default. */
static struct muster_opt_count get_opt_count(const struct rowctx *c, int col, long min, long max,
					     const char *what)
{
	struct muster_opt_count v = {0};
	const char *s = cell(c, col);
	if (!*s)
		return v;
	if (strtonum_l(s, min, max, &v.value) < 0) {
		bad(c, col, what);
		return (struct muster_opt_count){0};
	}
	v.known = true;
	return v;
}

static int32_t get_date(const struct rowctx *c, int col, int32_t def)
{
	int32_t d = def;
	const char *s = cell(c, col);
	if (!*s && !c->row->schema->cols[col].required)
		return def;
	if (muster_date_parse(s, &d) < 0) {
		bad(c, col, "a date YYYY-MM-DD");
		return def;
	}
	return d;
}

static bool get_yesno(const struct rowctx *c, int col, bool def)
{
	const char *s = cell(c, col);
	if (!*s)
		return def;
	if (!strcmp(s, "yes"))
		return true;
	if (!strcmp(s, "no"))
		return false;
	bad(c, col, "yes or no");
	return def;
}

/* Index of the cell among `names`, or `def` when empty or bad (reported). */
static int get_enum(const struct rowctx *c, int col, const char *const *names, size_t n, int def,
		    const char *what)
{
	const char *s = cell(c, col);
	if (!*s && !c->row->schema->cols[col].required)
		return def;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return (int)i;
	bad(c, col, what);
	return def;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* An item listed more than once among items[0 .. n) (borrowed), or NULL: O(n log n). */
static const char *repeated(char *const *items, size_t n)
{
	const char *dup = NULL;
	if (n < 2)
		return NULL;
	char **sorted = xmalloc(n * sizeof(*sorted));
	memcpy(sorted, items, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_str);
	for (size_t i = 1; i < n && !dup; i++)
		if (!strcmp(sorted[i], sorted[i - 1]))
			dup = sorted[i];
	free(sorted);
	return dup;
}

/* A ';' list of identifiers, each once; `required`: at least one. */
static void get_list(const struct rowctx *c, int col, struct muster_strlist *l, bool required,
		     const char *what)
{
	size_t before = l->nr;
	muster_strlist_split(l, cell(c, col), ';');
	bool okay = !required || l->nr > before;
	for (size_t i = before; okay && i < l->nr; i++)
		okay = id_ok(l->items[i]);
	if (!okay) {
		bad(c, col, what);
		return;
	}
	const char *dup = l->nr - before > 1 ? repeated(l->items + before, l->nr - before) : NULL;
	if (dup) {
		char *want = xstrfmt("%s, each once ('%.40s%s' is listed more than once)", what,
				     dup, strlen(dup) > 40 ? "..." : "");
		bad(c, col, want);
		free(want);
	}
}

#define WHOLE_GE0 "a whole number >= 0"
#define WHOLE_GE1 "a whole number >= 1"
#define COUNT_MAX 1000000000L

/* ---- rows ---- */

struct readctx {
	struct muster_scenario *sc;
	struct scenario_lines *lines;
	enum scenario_table table; /* of the file being read */
	struct muster_ctx *mctx;   /* the call's: cancel flag and progress, or NULL */
};

static void note_line(struct readctx *rc, enum scenario_table t, uint32_t line)
{
	ARRAY_PUSH(rc->lines->lines[t], line);
}

static void row_nation(void *vctx, const struct csv_row *row, struct muster_error *err)
{
	struct readctx *rc = vctx;
	struct rowctx c = {row, err};
	struct muster_nation n = {0};
	n.code = get_id(&c, NA_CODE, "a nation code");
	n.name = get_text(&c, NA_NAME);
	n.region = get_text(&c, NA_REGION);
	get_list(&c, NA_MEMBERSHIPS, &n.memberships, false,
		 "a list of organisations separated by ';'");
	if (!n.code)
		n.code = xstrdup("");
	ARRAY_PUSH(rc->sc->nations, n);
	note_line(rc, SC_NATIONS, row->line);
}

static void row_key(void *vctx, const struct csv_row *row, struct muster_error *err)
{
	struct readctx *rc = vctx;
	struct rowctx c = {row, err};
	struct muster_key k = {0};
	k.key = get_id(&c, KE_KEY, "a key name");
	k.nation = get_id(&c, KE_NATION, "a nation code");
	if (strtonum_d(cell(&c, KE_VALUE), &k.value) < 0 || k.value < 0)
		bad(&c, KE_VALUE, "a number >= 0");
	k.key = k.key ? k.key : xstrdup("");
	k.nation = k.nation ? k.nation : xstrdup("");
	ARRAY_PUSH(rc->sc->keys, k);
	note_line(rc, SC_KEYS, row->line);
}

static void row_mission(void *vctx, const struct csv_row *row, struct muster_error *err)
{
	struct readctx *rc = vctx;
	struct rowctx c = {row, err};
	struct muster_mission m = {0};
	m.code = get_id(&c, MI_CODE, "a mission code");
	m.name = get_text(&c, MI_NAME);
	m.organization = get_text(&c, MI_ORG);
	m.host = get_id(&c, MI_HOST, "a country code");
	m.from = get_date(&c, MI_FROM, MUSTER_DATE_NONE);
	m.to = get_date(&c, MI_TO, MUSTER_DATE_OPEN);
	m.code = m.code ? m.code : xstrdup("");
	m.host = m.host ? m.host : xstrdup("");
	ARRAY_PUSH(rc->sc->missions, m);
	note_line(rc, SC_MISSIONS, row->line);
}

static void row_phase(void *vctx, const struct csv_row *row, struct muster_error *err)
{
	static const char *const scopes[] = {"all", "in-host"};
	static const char *const statuses[] = {"approved", "requested"};
	struct readctx *rc = vctx;
	struct rowctx c = {row, err};
	struct muster_phase p = {0};
	p.mission = get_id(&c, PH_MISSION, "a mission code");
	p.phase = get_id(&c, PH_PHASE, "a phase name");
	p.from = get_date(&c, PH_FROM, MUSTER_DATE_NONE);
	p.to = get_date(&c, PH_TO, MUSTER_DATE_OPEN);
	p.ceiling = get_count(&c, PH_CEILING, 0, COUNT_MAX, 0, WHOLE_GE0);
	p.scope = (enum muster_scope)get_enum(&c, PH_SCOPE, scopes, 2, 0, "all or in-host");
	p.status = (enum muster_phase_status)get_enum(&c, PH_STATUS, statuses, 2, 0,
						      "approved or requested");
	p.mission = p.mission ? p.mission : xstrdup("");
	p.phase = p.phase ? p.phase : xstrdup("");
	ARRAY_PUSH(rc->sc->phases, p);
	note_line(rc, SC_PHASES, row->line);
}

static void row_capability(void *vctx, const struct csv_row *row, struct muster_error *err)
{
	struct readctx *rc = vctx;
	struct rowctx c = {row, err};
	struct muster_capability k = {0};
	k.code = get_id(&c, CA_CODE, "a capability code");
	k.name = get_text(&c, CA_NAME);
	get_list(&c, CA_SUBSTITUTES, &k.substitutes, false,
		 "a list of capability codes separated by ';'");
	k.code = k.code ? k.code : xstrdup("");
	ARRAY_PUSH(rc->sc->capabilities, k);
	note_line(rc, SC_CAPABILITIES, row->line);
}

static void row_requirement(void *vctx, const struct csv_row *row, struct muster_error *err)
{
	struct readctx *rc = vctx;
	struct rowctx c = {row, err};
	struct muster_requirement r = {0};
	r.mission = get_id(&c, RQ_MISSION, "a mission code");
	r.line = get_id(&c, RQ_LINE, "a line id");
	r.capability = get_id(&c, RQ_CAPABILITY, "a capability code");
	r.units = get_count(&c, RQ_UNITS, 1, COUNT_MAX, 1, WHOLE_GE1);
	r.personnel = get_count(&c, RQ_PERSONNEL, 1, COUNT_MAX, 1, WHOLE_GE1);
	r.location = get_opt_id(&c, RQ_LOCATION, "a country code");
	r.from = get_date(&c, RQ_FROM, MUSTER_DATE_NONE);
	r.to = get_date(&c, RQ_TO, MUSTER_DATE_OPEN);
	r.priority = (int)get_count(&c, RQ_PRIORITY, 1, 5, 3, "a whole number from 1 to 5");
	r.min_readiness =
	    (int)get_count(&c, RQ_MIN_READINESS, 0, 3, 0, "a whole number from 0 to 3");
	get_list(&c, RQ_TASKS, &r.tasks, false, "a list of tasks separated by ';'");
	r.mission = r.mission ? r.mission : xstrdup("");
	r.line = r.line ? r.line : xstrdup("");
	r.capability = r.capability ? r.capability : xstrdup("");
	ARRAY_PUSH(rc->sc->requirements, r);
	note_line(rc, SC_REQUIREMENTS, row->line);
}

static void row_offer(void *vctx, const struct csv_row *row, struct muster_error *err)
{
	static const char *const statuses[] = {"offered", "accepted", "withdrawn"};
	struct readctx *rc = vctx;
	struct rowctx c = {row, err};
	struct muster_offer o = {0};
	o.id = get_id(&c, OF_ID, "an offer id");
	o.nation = get_id(&c, OF_NATION, "a nation code");
	o.capability = get_id(&c, OF_CAPABILITY, "a capability code");
	o.units = get_count(&c, OF_UNITS, 1, COUNT_MAX, 1, WHOLE_GE1);
	o.personnel = get_count(&c, OF_PERSONNEL, 1, COUNT_MAX, 1, WHOLE_GE1);
	o.from = get_date(&c, OF_FROM, MUSTER_DATE_NONE);
	o.to = get_date(&c, OF_TO, MUSTER_DATE_OPEN);
	o.readiness = (int)get_count(&c, OF_READINESS, 0, 3, 0, "a whole number from 0 to 3");
	o.mission = get_opt_id(&c, OF_MISSION, "a mission code");
	o.line = get_opt_id(&c, OF_LINE, "a line id");
	get_list(&c, OF_CAVEATS, &o.caveats, false, "a list of caveat ids separated by ';'");
	o.status = (enum muster_offer_status)get_enum(&c, OF_STATUS, statuses, 3, 0,
						      "offered, accepted or withdrawn");
	o.pool = get_opt_count(&c, OF_POOL, 0, COUNT_MAX, WHOLE_GE0);
	o.id = o.id ? o.id : xstrdup("");
	o.nation = o.nation ? o.nation : xstrdup("");
	o.capability = o.capability ? o.capability : xstrdup("");
	ARRAY_PUSH(rc->sc->offers, o);
	note_line(rc, SC_OFFERS, row->line);
}

static void caveat_value(const struct rowctx *c, struct muster_caveat *k)
{
	static const char *const whats[] = {
	    [MUSTER_CAVEAT_ONLY_COUNTRIES] = "a list of country codes separated by ';'",
	    [MUSTER_CAVEAT_NOT_COUNTRIES] = "a list of country codes separated by ';'",
	    [MUSTER_CAVEAT_NO_TASKS] = "a list of tasks separated by ';'",
	    [MUSTER_CAVEAT_ONLY_MISSIONS] = "a list of mission codes separated by ';'",
	};
	if (k->kind == MUSTER_CAVEAT_MAX_DAYS)
		k->days = get_count(c, CV_VALUE, 1, 1000000, 1, "a whole number of days >= 1");
	else
		get_list(c, CV_VALUE, &k->values, true, whats[k->kind]);
}

static void row_caveat(void *vctx, const struct csv_row *row, struct muster_error *err)
{
	static const char *const kinds[] = {"only-countries", "not-countries", "no-tasks",
					    "only-missions", "max-days"};
	struct readctx *rc = vctx;
	struct rowctx c = {row, err};
	struct muster_caveat k = {0};
	int kind;
	k.id = get_id(&c, CV_ID, "a caveat id");
	k.nation = get_id(&c, CV_NATION, "a nation code");
	kind = get_enum(&c, CV_KIND, kinds, ARRAY_SIZE(kinds), -1,
			"only-countries, not-countries, no-tasks, only-missions or max-days");
	/* An unknown kind: its value cannot be judged. */
	k.kind = kind < 0 ? MUSTER_CAVEAT_ONLY_COUNTRIES : (enum muster_caveat_kind)kind;
	if (kind >= 0)
		caveat_value(&c, &k);
	k.hard = get_yesno(&c, CV_HARD, true);
	k.id = k.id ? k.id : xstrdup("");
	k.nation = k.nation ? k.nation : xstrdup("");
	ARRAY_PUSH(rc->sc->caveats, k);
	note_line(rc, SC_CAVEATS, row->line);
}

static void row_cap(void *vctx, const struct csv_row *row, struct muster_error *err)
{
	struct readctx *rc = vctx;
	struct rowctx c = {row, err};
	struct muster_cap k = {0};
	k.id = get_opt_id(&c, CP_ID, "a cap id");
	k.nation = get_id(&c, CP_NATION, "a nation code");
	k.country = get_id(&c, CP_COUNTRY, "a country code");
	k.limit = get_count(&c, CP_LIMIT, 0, COUNT_MAX, 0, WHOLE_GE0);
	k.from = get_date(&c, CP_FROM, MUSTER_DATE_NONE);
	k.to = get_date(&c, CP_TO, MUSTER_DATE_OPEN);
	k.note = get_text(&c, CP_NOTE);
	k.nation = k.nation ? k.nation : xstrdup("");
	k.country = k.country ? k.country : xstrdup("");
	ARRAY_PUSH(rc->sc->caps, k);
	note_line(rc, SC_CAPS, row->line);
}

static void row_deployment(void *vctx, const struct csv_row *row, struct muster_error *err)
{
	static const char *const kinds[] = {"permanent", "rotational", "temporary", "support"};
	struct readctx *rc = vctx;
	struct rowctx c = {row, err};
	struct muster_deployment d = {0};
	d.id = get_opt_id(&c, DE_ID, "a deployment id");
	d.nation = get_id(&c, DE_NATION, "a nation code");
	d.country = get_id(&c, DE_COUNTRY, "a country code");
	d.mission = get_opt_id(&c, DE_MISSION, "a mission code");
	d.personnel = get_count(&c, DE_PERSONNEL, 0, COUNT_MAX, 0, WHOLE_GE0);
	d.from = get_date(&c, DE_FROM, MUSTER_DATE_NONE);
	d.to = get_date(&c, DE_TO, MUSTER_DATE_OPEN);
	d.kind = (enum muster_deployment_kind)get_enum(
	    &c, DE_KIND, kinds, 4, 0, "permanent, rotational, temporary or support");
	d.counts_against_cap = get_yesno(&c, DE_COUNTS, true);
	d.source = get_text(&c, DE_SOURCE);
	d.category = get_text(&c, DE_CATEGORY);
	d.nation = d.nation ? d.nation : xstrdup("");
	d.country = d.country ? d.country : xstrdup("");
	ARRAY_PUSH(rc->sc->deployments, d);
	note_line(rc, SC_DEPLOYMENTS, row->line);
}

static const csv_row_fn row_fns[SC_NTABLES] = {
    row_nation,	     row_key,	row_mission, row_phase, row_capability,
    row_requirement, row_offer, row_caveat,  row_cap,	row_deployment,
};

/* Convert one row; mark its entity when a cell of it was bad. */
static void row_dispatch(void *vctx, const struct csv_row *row, struct muster_error *err)
{
	struct readctx *rc = vctx;
	size_t before = csv_problems(err);
	row_fns[rc->table](vctx, row, err);
	if (csv_problems(err) != before && rc->lines->lines[rc->table].nr)
		rc->lines->lines[rc->table].items[rc->lines->lines[rc->table].nr - 1] |=
		    SCENARIO_LINE_BAD;
}

size_t scenario_row_parse(struct muster_scenario *sc, enum scenario_table t,
			  const char *const *cells, const char *place, struct muster_error *err)
{
	struct scenario_lines lines = {0};
	struct readctx rc = {.sc = sc, .lines = &lines, .table = t};
	struct csv_schema schema = scenario_schemas[t];
	bool present[16];
	assert(schema.ncols <= ARRAY_SIZE(present));
	for (size_t i = 0; i < schema.ncols; i++)
		present[i] = true;
	schema.file = place;
	struct csv_row row = {&schema, 0, cells, present};
	size_t before = csv_problems(err);
	row_fns[t](&rc, &row, err);
	scenario_lines_release(&lines);
	return csv_problems(err) - before;
}

/* ---- the folder ---- */

/* A file name without its 4-byte extension, in lower case. */
static char *lower_stem(const char *name)
{
	char *stem = xstrndup(name, strlen(name) - 4);
	for (char *p = stem; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return stem;
}

/*
 * *.csv files (any case) whose name without .csv is close to a contract
 * file's but is none of them in any letter case: typos.
 */
static size_t check_stray_files(const char *dir, struct muster_error *err)
{
	static const char *const stems[SC_NTABLES] = {
	    "nations",	    "keys",   "missions", "phases", "capabilities",
	    "requirements", "offers", "caveats",  "caps",   "deployments"};
	struct muster_strlist stray = {0};
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n_stray;
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (n < 5 || strcasecmp(de->d_name + n - 4, ".csv"))
			continue;
		char *stem = lower_stem(de->d_name);
		const char *near = closest_word(stem, stems, SC_NTABLES);
		if (near && strcmp(near, stem))
			muster_strlist_push(&stray, de->d_name);
		free(stem);
	}
	closedir(d);
	if (stray.nr)
		qsort(stray.items, stray.nr, sizeof(*stray.items), cmp_str);
	for (size_t i = 0; i < stray.nr; i++) {
		char *stem = lower_stem(stray.items[i]);
		muster_error_add(err, "%s: unknown scenario file; did you mean '%s.csv'?",
				 stray.items[i], closest_word(stem, stems, SC_NTABLES));
		free(stem);
	}
	n_stray = stray.nr;
	muster_strlist_release(&stray);
	return n_stray;
}

/* The entries of `dir` named like each contract file in any letter case, sorted. */
static int list_files(const char *dir, struct muster_strlist names[SC_NTABLES],
		      struct muster_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	if (!d)
		return muster_error_set(err, MUSTER_EIO, "cannot read '%s': %s", dir,
					errstr(errno));
	while ((de = readdir(d)))
		for (int t = 0; t < SC_NTABLES; t++)
			if (!strcasecmp(de->d_name, scenario_schemas[t].file))
				muster_strlist_push(&names[t], de->d_name);
	closedir(d);
	for (int t = 0; t < SC_NTABLES; t++)
		if (names[t].nr > 1)
			qsort(names[t].items, names[t].nr, sizeof(*names[t].items), cmp_str);
	return 0;
}

static const char *file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a folder";
	if (S_ISFIFO(mode))
		return "a FIFO (named pipe)";
	if (S_ISSOCK(mode))
		return "a socket";
	return "a device";
}

/*
 * Open DIR/NAME for reading: 0 with *fd set; 1 after adding a problem when
 * it is no regular file (a FIFO would block the read, a folder or a dangling
 * symlink would read as "no such table"); MUSTER_EIO when it cannot be read.
 * Nothing but a regular file is ever opened (opening a device may act); the
 * open is non-blocking and checked again, in case the entry was swapped.
 */
static int open_file(const char *dir, const char *name, int *fd, struct muster_error *err)
{
	char *path = xstrfmt("%s/%s", dir, name);
	struct stat st;
	int rc = 0;
	*fd = -1;
	if (stat(path, &st) < 0) {
		if (errno == ENOENT && lstat(path, &st) == 0) {
			muster_error_add(
			    err, "%s: expected a regular file, got a symbolic link to nothing",
			    name);
			rc = 1;
		} else {
			rc = muster_error_set(err, MUSTER_EIO, "cannot read '%s': %s", path,
					      errstr(errno));
		}
		goto out;
	}
	if (S_ISREG(st.st_mode)) {
		*fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (*fd < 0 || fstat(*fd, &st) < 0 ||
		    (S_ISREG(st.st_mode) &&
		     fcntl(*fd, F_SETFL, fcntl(*fd, F_GETFL) & ~O_NONBLOCK) < 0)) {
			rc = muster_error_set(err, MUSTER_EIO, "cannot read '%s': %s", path,
					      errstr(errno));
			goto out;
		}
	}
	if (!S_ISREG(st.st_mode)) {
		muster_error_add(err, "%s: expected a regular file, got %s", name,
				 file_kind(st.st_mode));
		rc = 1;
	}
out:
	if (rc && *fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	free(path);
	return rc;
}

/* Read the one file of table `t`, named `name`; *whole as csv_read_fd's complete. */
static int read_one(struct readctx *rc, const char *dir, const char *name, struct muster_error *err,
		    bool *whole)
{
	struct csv_schema shown = scenario_schemas[rc->table];
	int fd, r = open_file(dir, name, &fd, err);
	*whole = false;
	if (r)
		return r < 0 ? r : 0;
	char *path = xstrfmt("%s/%s", dir, name);
	shown.file = name; /* messages name the file as it is spelt */
	r = csv_read_fd(fd, path, &shown, row_dispatch, rc, rc->mctx, err, NULL, whole);
	close(fd);
	free(path);
	return r;
}

/*
 * Read every contract file present, its name matched in any letter case;
 * *found counts them, *complete tells whether every row of every file
 * became an entity.
 */
static int read_files(struct muster_scenario *sc, const char *dir, struct scenario_lines *lines,
		      struct muster_ctx *mctx, struct muster_error *err, int *found, bool *complete)
{
	struct readctx rc = {sc, lines, SC_NATIONS, mctx};
	struct muster_strlist names[SC_NTABLES] = {{0}};
	int rc_io = list_files(dir, names, err);
	*found = 0;
	*complete = true;
	for (int t = 0; t < SC_NTABLES && !rc_io; t++) {
		bool whole = true;
		rc.table = (enum scenario_table)t;
		if (names[t].nr > 1) {
			struct strbuf sb = STRBUF_INIT;
			for (size_t i = 0; i < names[t].nr; i++)
				strbuf_addf(&sb, "%s%s", i ? ", " : "", names[t].items[i]);
			muster_error_add(err,
					 "%s: %zu files for one table, their names differ only in "
					 "letter case; keep one",
					 sb.buf, names[t].nr);
			strbuf_release(&sb);
			whole = false;
		} else if (names[t].nr == 1) {
			rc_io = read_one(&rc, dir, names[t].items[0], err, &whole);
		}
		*found += names[t].nr > 0;
		*complete = *complete && whole;
	}
	for (int t = 0; t < SC_NTABLES; t++)
		muster_strlist_release(&names[t]);
	return rc_io;
}

/* No row with a bad cell in a table that other tables refer to. */
static bool targets_whole(const struct muster_scenario *sc, const struct scenario_lines *l)
{
	static const enum scenario_table targets[] = {SC_NATIONS, SC_MISSIONS, SC_CAPABILITIES,
						      SC_REQUIREMENTS, SC_CAVEATS};
	for (size_t k = 0; k < ARRAY_SIZE(targets); k++)
		for (size_t i = 0; i < scenario_table_nr(sc, targets[k]); i++)
			if (scenario_row_bad(l, targets[k], i))
				return false;
	return true;
}

int muster_scenario_read_dir(struct muster_scenario *sc, const char *dir, struct muster_error *err)
{
	return scenario_read_dir(sc, dir, true, NULL, err);
}

int muster_scenario_read_dir_opts(struct muster_scenario *sc, const char *dir,
				  const struct muster_read_opts *opts, struct muster_error *err)
{
	static const struct muster_read_opts none = {0};
	const struct muster_read_opts *o = opts ? opts : &none;
	return scenario_read_dir(sc, dir, !o->no_references, o->ctx, err);
}

int scenario_read_dir(struct muster_scenario *sc, const char *dir, bool check,
		      struct muster_ctx *mctx, struct muster_error *err)
{
	struct muster_error local = {0};
	struct muster_error *e = err ? err : &local;
	struct scenario_lines lines = {0};
	struct stat st;
	bool complete;
	int found, rc = 0;

	if (stat(dir, &st) < 0) {
		rc = muster_error_set(e, MUSTER_ENOENT, "scenario folder '%s': %s", dir,
				      errno == ENOENT ? "does not exist" : errstr(errno));
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		rc = muster_error_set(e, MUSTER_ENOENT, "scenario folder '%s': not a folder", dir);
		goto out;
	}
	for (int t = 0; t < SC_NTABLES; t++)
		lines.base[t] = scenario_table_nr(sc, (enum scenario_table)t);
	size_t before = csv_problems(e);
	size_t stray = check_stray_files(dir, e);
	rc = read_files(sc, dir, &lines, mctx, e, &found, &complete);
	if (rc < 0)
		goto out;
	if (!found && csv_problems(e) == before) {
		rc = muster_error_set(e, MUSTER_ENOENT,
				      "'%s' holds no scenario files (nations.csv, missions.csv, "
				      "offers.csv, ...)",
				      dir);
		goto out;
	}
	/* With a file cut short or a row dropped, references into it would
	 * cascade into spurious "unknown" problems: check only whole reads.
	 * Rows with a bad cell are skipped by the checks (flagged). */
	if (csv_problems(e) == before || (complete && !stray && targets_whole(sc, &lines)))
		scenario_check(sc, &lines, check, e);
	size_t n = csv_problems(e) - before;
	if (n)
		rc = muster_error_set(e, MUSTER_EINVAL, "scenario '%s' has %zu problem%s", dir, n,
				      n == 1 ? "" : "s");
out:
	scenario_lines_release(&lines);
	muster_error_release(&local);
	return rc;
}
