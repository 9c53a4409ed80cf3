/*
 * entity.c: the one description of each scenario entity (store_tables[],
 * DESIGN.md sections 3 and 11) and everything that works from it alone: the
 * CSV schemas of the files, converting a CSV row into an entity and an entity
 * into its cells, copying, comparing and releasing, and the typed JSON of a
 * record (muster_record_json and its inverse).
 *
 * Key decisions:
 * - One line per column (struct store_col): CSV name (also the JSON name and
 *   the FIELD of FIELD=VALUE), whether the file must have it, SQL name,
 *   the C member, type, bounds, default, what a bad cell was expected to be.
 *   The columns of a table are listed in the contract's CSV order; a column
 *   with no cell of its own (the caveat's days) comes last. Adding an
 *   optional column is one line here plus a migration step in each backend.
 * - scenario_schemas[] (the CSV reader's view) points into these lines: a
 *   struct store_col begins with its struct csv_column, and the schema's
 *   stride steps over the rest, so the CSV names exist once.
 * - Messages of a bad cell are built from the description as the reader
 *   always wrote them: counts "a whole number >= 0" or "from 1 to 5", enums
 *   their words ("offered, accepted or withdrawn"), dates "a date
 *   YYYY-MM-DD", yes/no "yes or no"; identifiers and lists name what they
 *   are ("a nation code").
 * - The caveat's `value` is a list or a number of days by its kind: the one
 *   cell with its own conversion (struct store_cell_codec).
 * - Typed JSON works on a record's cells (struct muster_record), the text
 *   the CSV writer writes, so it needs no entity struct; the audit log keeps
 *   its own format (every cell a string, records.c), which existing
 *   databases hold.
 */
#include "csv_read.h"
#include "i18n.h"
#include "store.h"
#include "util.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The reader's bound for counts. */
#define COUNT_MAX 1000000000L

/* ---- the cell conversions of a CSV row --------------------------------- */

struct rowctx {
	const struct csv_row *row;
	const struct store_table *tb;
	struct muster_error *err;
	bool bad[32]; /* column k had a bad cell */
};

struct store_cell_codec {
	/* Convert CSV column `k` of the row into `ent`. */
	void (*read)(struct rowctx *c, size_t k, void *ent);
	/* The cell's text. */
	void (*write)(const void *ent, struct strbuf *sb);
	/* The cell's type, judged from the record's other cells (CSV order). */
	enum store_col_type (*type)(const struct store_table *tb, const char *const *cells);
};

static const char *cell(const struct rowctx *c, size_t k)
{
	return c->row->cells[k];
}

static void bad(struct rowctx *c, size_t k, const char *what)
{
	const struct csv_row *r = c->row;
	csv_bad_cell(c->err, r->schema->file, r->line, csv_schema_col(r->schema, k)->name, what,
		     r->cells[k]);
	if (k < ARRAY_SIZE(c->bad))
		c->bad[k] = true;
}

static bool required(const struct rowctx *c, size_t k)
{
	return csv_schema_col(c->row->schema, k)->required;
}

/* An identifier: no ';' (the list separator) and no control characters. */
static bool id_ok(const char *s)
{
	for (; *s; s++)
		if (*s == ';' || (unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* An identifier, copied: a required one is "" after a bad cell, an optional one NULL. */
static char *get_id(struct rowctx *c, size_t k, const char *what)
{
	const char *s = cell(c, k);
	if (!*s && !required(c, k))
		return NULL;
	if (!*s || !id_ok(s)) {
		bad(c, k, what);
		return required(c, k) ? xstrdup("") : NULL;
	}
	return xstrdup(s);
}

static long get_count(struct rowctx *c, size_t k, long min, long max, long def, const char *what)
{
	long v = def;
	const char *s = cell(c, k);
	if (!*s && !required(c, k))
		return def;
	if (strtonum_l(s, min, max, &v) < 0) {
		bad(c, k, what);
		return def;
	}
	return v;
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

/* A ';' list of identifiers, each once; `nonempty`: at least one. */
static void get_list(struct rowctx *c, size_t k, struct muster_strlist *l, bool nonempty,
		     const char *what)
{
	size_t before = l->nr;
	muster_strlist_split(l, cell(c, k), ';');
	bool okay = !nonempty || l->nr > before;
	for (size_t i = before; okay && i < l->nr; i++)
		okay = id_ok(l->items[i]);
	if (!okay) {
		bad(c, k, what);
		return;
	}
	const char *dup = l->nr - before > 1 ? repeated(l->items + before, l->nr - before) : NULL;
	if (dup) {
		char *want = xstrfmt(_("%s, each once ('%.40s%s' is listed more than once)"), what,
				     dup, strlen(dup) > 40 ? "..." : "");
		bad(c, k, want);
		free(want);
	}
}

/* "a whole number >= 0", "a whole number from 1 to 5" */
static void count_what(const struct store_col *col, char *buf, size_t size)
{
	if (col->max >= COUNT_MAX)
		snprintf(buf, size, _("a whole number >= %ld"), col->min);
	else
		snprintf(buf, size, _("a whole number from %ld to %ld"), col->min, col->max);
}

/* "a, b or c" */
static void words_what(const struct store_col *col, struct strbuf *sb)
{
	for (size_t v = 0; v < col->nwords; v++)
		strbuf_addf(sb, "%s%s", v ? (v + 1 == col->nwords ? _(" or ") : ", ") : "",
			    col->words[v]);
}

static void read_cell(struct rowctx *c, size_t k, void *ent)
{
	const struct store_col *col = &c->tb->cols[k];
	char *p = (char *)ent + col->off;
	const char *s = cell(c, k);
	char what[128];
	switch (col->type) {
	case STORE_STR:
		if (col->id)
			*(char **)p = get_id(c, k, _(col->what));
		else
			*(char **)p = *s ? xstrdup(s) : NULL;
		break;
	case STORE_LIST:
		get_list(c, k, (struct muster_strlist *)p, false, _(col->what));
		break;
	case STORE_FROM:
	case STORE_TO: {
		int32_t d = col->type == STORE_FROM ? MUSTER_DATE_NONE : MUSTER_DATE_OPEN;
		if ((*s || required(c, k)) && muster_date_parse(s, &d) < 0) {
			bad(c, k, _("a date YYYY-MM-DD"));
			d = col->type == STORE_FROM ? MUSTER_DATE_NONE : MUSTER_DATE_OPEN;
		}
		*(int32_t *)p = d;
		break;
	}
	case STORE_LONG:
	case STORE_INT: {
		count_what(col, what, sizeof(what));
		long v = get_count(c, k, col->min, col->max, col->def, what);
		if (col->type == STORE_LONG)
			*(long *)p = v;
		else
			*(int *)p = (int)v;
		break;
	}
	case STORE_DOUBLE: {
		double *v = (double *)(void *)p;
		if (!*s && !required(c, k)) {
			*v = (double)col->def;
			break;
		}
		if (col->max < LONG_MAX)
			snprintf(what, sizeof(what), _("a number from %ld to %ld"), col->min,
				 col->max);
		else
			snprintf(what, sizeof(what), _("a number >= %ld"), col->min);
		if (strtonum_d(s, v) < 0 || *v < (double)col->min || *v > (double)col->max)
			bad(c, k, what);
		break;
	}
	case STORE_BOOL:
		*(bool *)p = col->def != 0;
		if (!strcmp(s, "yes"))
			*(bool *)p = true;
		else if (!strcmp(s, "no"))
			*(bool *)p = false;
		else if (*s)
			bad(c, k, _("yes or no"));
		break;
	case STORE_ENUM: {
		int v = (int)col->def;
		if (*s || required(c, k)) {
			size_t w = 0;
			while (w < col->nwords && strcmp(s, col->words[w]))
				w++;
			if (w < col->nwords) {
				v = (int)w;
			} else {
				struct strbuf sb = STRBUF_INIT;
				words_what(col, &sb);
				bad(c, k, sb.buf);
				strbuf_release(&sb);
			}
		}
		*(int *)p = v;
		break;
	}
	case STORE_OPT_COUNT: {
		struct muster_opt_count *v = (struct muster_opt_count *)(void *)p;
		*v = (struct muster_opt_count){0};
		if (!*s)
			break;
		count_what(col, what, sizeof(what));
		if (strtonum_l(s, col->min, col->max, &v->value) < 0) {
			bad(c, k, what);
			*v = (struct muster_opt_count){0};
			break;
		}
		v->known = true;
		break;
	}
	}
}

void entity_row_read(struct muster_scenario *sc, const struct store_table *tb,
		     const struct csv_row *row, struct muster_error *err)
{
	struct rowctx c = {.row = row, .tb = tb, .err = err};
	void *ent = tb->push(sc);
	for (size_t k = 0; k < tb->ncsv; k++) {
		if (tb->cols[k].codec)
			tb->cols[k].codec->read(&c, k, ent);
		else
			read_cell(&c, k, ent);
	}
}

/* ---- the cells of an entity (the CSV writer's) ------------------------ */

static void double_text(double v, char buf[40])
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, 40, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
}

/*
 * The text of column `col`. Defaults are written explicitly (scope "all",
 * hard "yes", priority 3); an empty from, an open to, an unknown pool and a
 * NULL text are empty.
 */
static void write_cell(const struct store_col *col, const void *ent, struct strbuf *sb)
{
	const char *p = (const char *)ent + col->off;
	char buf[40];
	if (col->codec) {
		col->codec->write(ent, sb);
		return;
	}
	switch (col->type) {
	case STORE_STR: {
		const char *s = *(char *const *)p;
		strbuf_addstr(sb, s ? s : "");
		break;
	}
	case STORE_LIST: {
		char *s = muster_strlist_join((const struct muster_strlist *)(const void *)p, ';');
		strbuf_addstr(sb, s);
		free(s);
		break;
	}
	case STORE_FROM:
	case STORE_TO: {
		int32_t d;
		memcpy(&d, p, sizeof(d));
		muster_date_format(d, buf);
		strbuf_addstr(sb, buf);
		break;
	}
	case STORE_LONG:
		strbuf_addf(sb, "%ld", *(const long *)(const void *)p);
		break;
	case STORE_INT:
		strbuf_addf(sb, "%d", *(const int *)(const void *)p);
		break;
	case STORE_DOUBLE: {
		double v;
		memcpy(&v, p, sizeof(v));
		double_text(v, buf);
		strbuf_addstr(sb, buf);
		break;
	}
	case STORE_BOOL:
		strbuf_addstr(sb, *(const bool *)p ? "yes" : "no");
		break;
	case STORE_ENUM: {
		unsigned v = *(const unsigned *)(const void *)p;
		strbuf_addstr(sb, col->words[v < col->nwords ? v : (unsigned)col->def]);
		break;
	}
	case STORE_OPT_COUNT: {
		const struct muster_opt_count *v = (const void *)p;
		if (v->known)
			strbuf_addf(sb, "%ld", v->value);
		break;
	}
	}
}

void entity_row_cells(const struct store_table *tb, const void *row, struct muster_strlist *cells)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t k = 0; k < tb->ncsv; k++) {
		strbuf_reset(&sb);
		write_cell(&tb->cols[k], row, &sb);
		muster_strlist_push(cells, sb.buf);
	}
	strbuf_release(&sb);
}

void entity_row_csv(const struct store_table *tb, const void *row, size_t ncols,
		    struct strbuf *line)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t k = 0; k < ncols && k < tb->ncsv; k++) {
		strbuf_reset(&sb);
		write_cell(&tb->cols[k], row, &sb);
		if (k)
			strbuf_addch(line, ',');
		strbuf_addcsv(line, sb.buf);
	}
	strbuf_release(&sb);
}

/* ---- the caveat's value: a list, or days for max-days ------------------ */

static void caveat_value_read(struct rowctx *c, size_t k, void *ent)
{
	static const char *const whats[] = {
	    [MUSTER_CAVEAT_ONLY_COUNTRIES] = N_("a list of country codes separated by ';'"),
	    [MUSTER_CAVEAT_NOT_COUNTRIES] = N_("a list of country codes separated by ';'"),
	    [MUSTER_CAVEAT_NO_TASKS] = N_("a list of tasks separated by ';'"),
	    [MUSTER_CAVEAT_ONLY_MISSIONS] = N_("a list of mission codes separated by ';'"),
	};
	struct muster_caveat *cv = ent;
	size_t kind = 0;
	while (kind < k && strcmp(c->tb->cols[kind].csv.name, "kind"))
		kind++;
	if (kind == k || c->bad[kind])
		return; /* an unknown kind: its value cannot be judged */
	if (cv->kind == MUSTER_CAVEAT_MAX_DAYS)
		cv->days = get_count(c, k, 1, 1000000, 1, _("a whole number of days >= 1"));
	else if ((unsigned)cv->kind < ARRAY_SIZE(whats))
		get_list(c, k, &cv->values, true, _(whats[cv->kind]));
}

static void caveat_value_write(const void *ent, struct strbuf *sb)
{
	const struct muster_caveat *cv = ent;
	if (cv->kind == MUSTER_CAVEAT_MAX_DAYS) {
		strbuf_addf(sb, "%ld", cv->days);
	} else {
		char *s = muster_strlist_join(&cv->values, ';');
		strbuf_addstr(sb, s);
		free(s);
	}
}

static enum store_col_type caveat_value_type(const struct store_table *tb, const char *const *cells)
{
	for (size_t k = 0; k < tb->ncsv; k++)
		if (!strcmp(tb->cols[k].csv.name, "kind"))
			return !strcmp(cells[k], "max-days") ? STORE_LONG : STORE_LIST;
	return STORE_LIST;
}

static const struct store_cell_codec caveat_value = {caveat_value_read, caveat_value_write,
						     caveat_value_type};

/* ---- the descriptions ------------------------------------------------- */

/* count/at/push/remove accessors for one scenario array. */
#define ACCESSORS(field)                                                                           \
	static size_t count_##field(const struct muster_scenario *sc)                              \
	{                                                                                          \
		return sc->field.nr;                                                               \
	}                                                                                          \
	static const void *at_##field(const struct muster_scenario *sc, size_t i)                  \
	{                                                                                          \
		return &sc->field.items[i];                                                        \
	}                                                                                          \
	static void *push_##field(struct muster_scenario *sc)                                      \
	{                                                                                          \
		ARRAY_GROW(sc->field, sc->field.nr + 1);                                           \
		void *p = &sc->field.items[sc->field.nr++];                                        \
		memset(p, 0, sizeof(sc->field.items[0]));                                          \
		return p;                                                                          \
	}                                                                                          \
	static void remove_##field(struct muster_scenario *sc, size_t i)                           \
	{                                                                                          \
		memmove(&sc->field.items[i], &sc->field.items[i + 1],                              \
			(sc->field.nr - i - 1) * sizeof(sc->field.items[0]));                      \
		sc->field.nr--;                                                                    \
	}

ACCESSORS(nations)
ACCESSORS(keys)
ACCESSORS(missions)
ACCESSORS(phases)
ACCESSORS(capabilities)
ACCESSORS(requirements)
ACCESSORS(offers)
ACCESSORS(caveats)
ACCESSORS(caps)
ACCESSORS(deployments)
ACCESSORS(costs)
ACCESSORS(funding)
ACCESSORS(budgets)

static const char *const scope_words[] = {"all", "in-host"};
static const char *const phase_status_words[] = {"approved", "requested"};
static const char *const offer_status_words[] = {"offered", "accepted", "withdrawn"};
static const char *const caveat_kind_words[] = {"only-countries", "not-countries", "no-tasks",
						"only-missions", "max-days"};
static const char *const deploy_kind_words[] = {"permanent", "rotational", "temporary", "support"};
static const char *const basis_words[] = {"person-day", "unit-deployment", "unit-day"};
static const char *const funding_rule_words[] = {"national", "common"};

/*
 * One column: CSV name, required in the file, SQL name, struct, member,
 * type, then what else it needs (designated: .id, .what, .bounded/.min/
 * .max, .def, .words).
 */
#define COL(cn, req, sql, s, member, typ, ...)                                                     \
	{                                                                                          \
		.csv = {cn, req}, .name = sql, .field = #member, .type = typ,                      \
		.off = offsetof(struct s, member), __VA_ARGS__                                     \
	}
/* An identifier; required ones are the key columns and references. */
#define ID(cn, req, s, member, what_)                                                              \
	COL(cn, req, #member, s, member, STORE_STR, .id = true, .what = what_)
/* Free text, NULL when empty. */
#define TEXT(s, member) COL(#member, false, #member, s, member, STORE_STR, .id = false)
/* A ';' list of identifiers, each once. */
#define LIST(cn, s, member, what_) COL(cn, false, #member, s, member, STORE_LIST, .what = what_)
/* Dates: `from` (empty: none) and `to` (empty: open); required ones never empty. */
#define FROM(req, s) COL("from", req, "from_day", s, from, STORE_FROM, .required = req)
#define TO(req, s)   COL("to", req, "to_day", s, to, STORE_TO, .required = req)
/* A whole number within [lo, hi], `d` when an optional cell is empty. */
#define NUM(cn, req, sql, s, member, typ, lo, hi, d)                                               \
	COL(cn, req, sql, s, member, typ, .bounded = true, .min = lo, .max = hi, .def = d)
#define WORDS(cn, req, s, member, w, d)                                                            \
	COL(cn, req, #member, s, member, STORE_ENUM, .words = w, .nwords = ARRAY_SIZE(w), .def = d)
#define YESNO(s, member, d) COL(#member, false, #member, s, member, STORE_BOOL, .def = d)

static const struct store_col nation_cols[] = {
    ID("code", true, muster_nation, code, N_("a nation code")),
    TEXT(muster_nation, name),
    TEXT(muster_nation, region),
    LIST("memberships", muster_nation, memberships, N_("a list of organisations separated by ';'")),
};
static const struct store_col key_cols[] = {
    COL("key", true, "\"key\"", muster_key, key, STORE_STR, .id = true, .what = N_("a key name")),
    ID("nation", true, muster_key, nation, N_("a nation code")),
    NUM("value", true, "value", muster_key, value, STORE_DOUBLE, 0, LONG_MAX, 0),
};
static const struct store_col mission_cols[] = {
    ID("code", true, muster_mission, code, N_("a mission code")),
    TEXT(muster_mission, name),
    TEXT(muster_mission, organization),
    /* empty: no host, for a mission that needs none (validate.c) */
    ID("host", false, muster_mission, host, N_("a country code")),
    FROM(false, muster_mission),
    TO(false, muster_mission),
};
static const struct store_col phase_cols[] = {
    ID("mission", true, muster_phase, mission, N_("a mission code")),
    ID("phase", true, muster_phase, phase, N_("a phase name")),
    FROM(true, muster_phase),
    TO(false, muster_phase),
    NUM("ceiling", true, "ceiling", muster_phase, ceiling, STORE_LONG, 0, COUNT_MAX, 0),
    WORDS("scope", false, muster_phase, scope, scope_words, 0),
    WORDS("status", false, muster_phase, status, phase_status_words, 0),
};
static const struct store_col capability_cols[] = {
    ID("code", true, muster_capability, code, N_("a capability code")),
    TEXT(muster_capability, name),
    LIST("substitutes", muster_capability, substitutes,
	 N_("a list of capability codes separated by ';'")),
};
static const struct store_col requirement_cols[] = {
    ID("mission", true, muster_requirement, mission, N_("a mission code")),
    ID("line", true, muster_requirement, line, N_("a line id")),
    ID("capability", true, muster_requirement, capability, N_("a capability code")),
    NUM("units", true, "units", muster_requirement, units, STORE_LONG, 1, COUNT_MAX, 1),
    NUM("personnel", true, "personnel", muster_requirement, personnel, STORE_LONG, 1, COUNT_MAX, 1),
    ID("location", false, muster_requirement, location, N_("a country code")),
    FROM(true, muster_requirement),
    TO(true, muster_requirement),
    NUM("priority", false, "priority", muster_requirement, priority, STORE_INT, 1, 5, 3),
    NUM("min_readiness", false, "min_readiness", muster_requirement, min_readiness, STORE_INT, 0, 3,
	0),
    LIST("tasks", muster_requirement, tasks, N_("a list of tasks separated by ';'")),
};
static const struct store_col offer_cols[] = {
    ID("id", true, muster_offer, id, N_("an offer id")),
    ID("nation", true, muster_offer, nation, N_("a nation code")),
    ID("capability", true, muster_offer, capability, N_("a capability code")),
    NUM("units", true, "units", muster_offer, units, STORE_LONG, 1, COUNT_MAX, 1),
    NUM("personnel", true, "personnel", muster_offer, personnel, STORE_LONG, 1, COUNT_MAX, 1),
    FROM(true, muster_offer),
    TO(false, muster_offer),
    NUM("readiness", false, "readiness", muster_offer, readiness, STORE_INT, 0, 3, 0),
    ID("mission", false, muster_offer, mission, N_("a mission code")),
    ID("line", false, muster_offer, line, N_("a line id")),
    LIST("caveats", muster_offer, caveats, N_("a list of caveat ids separated by ';'")),
    WORDS("status", false, muster_offer, status, offer_status_words, 0),
    NUM("pool", false, "pool", muster_offer, pool, STORE_OPT_COUNT, 0, COUNT_MAX, 0),
};
static const struct store_col caveat_cols[] = {
    ID("id", true, muster_caveat, id, N_("a caveat id")),
    ID("nation", true, muster_caveat, nation, N_("a nation code")),
    WORDS("kind", true, muster_caveat, kind, caveat_kind_words, 0),
    COL("value", false, "value", muster_caveat, values, STORE_LIST, .codec = &caveat_value),
    YESNO(muster_caveat, hard, 1),
    /* no CSV column of its own: a max-days caveat's value */
    COL(NULL, false, "days", muster_caveat, days, STORE_LONG, .bounded = true, .min = 0,
	.max = 1000000),
};
static const struct store_col cap_cols[] = {
    ID("id", false, muster_cap, id, N_("a cap id")),
    ID("nation", true, muster_cap, nation, N_("a nation code")),
    ID("country", true, muster_cap, country, N_("a country code")),
    NUM("limit", true, "\"limit\"", muster_cap, limit, STORE_LONG, 0, COUNT_MAX, 0),
    FROM(false, muster_cap),
    TO(false, muster_cap),
    TEXT(muster_cap, note),
};
static const struct store_col deployment_cols[] = {
    ID("id", false, muster_deployment, id, N_("a deployment id")),
    ID("nation", true, muster_deployment, nation, N_("a nation code")),
    ID("country", true, muster_deployment, country, N_("a country code")),
    ID("mission", false, muster_deployment, mission, N_("a mission code")),
    NUM("personnel", true, "personnel", muster_deployment, personnel, STORE_LONG, 0, COUNT_MAX, 0),
    FROM(true, muster_deployment),
    TO(false, muster_deployment),
    WORDS("kind", false, muster_deployment, kind, deploy_kind_words, 0),
    YESNO(muster_deployment, counts_against_cap, 1),
    TEXT(muster_deployment, source),
    TEXT(muster_deployment, category),
};

static const struct store_col cost_cols[] = {
    ID("id", true, muster_cost_rate, id, N_("a cost rate id")),
    ID("nation", false, muster_cost_rate, nation, N_("a nation code")),
    ID("country", false, muster_cost_rate, country, N_("a country code")),
    ID("capability", false, muster_cost_rate, capability, N_("a capability code")),
    WORDS("basis", true, muster_cost_rate, basis, basis_words, 0),
    NUM("value", true, "value", muster_cost_rate, value, STORE_DOUBLE, 0, LONG_MAX, 0),
    FROM(false, muster_cost_rate),
    TO(false, muster_cost_rate),
    ID("currency", false, muster_cost_rate, currency, N_("a currency code")),
    TEXT(muster_cost_rate, note),
};
static const struct store_col funding_cols[] = {
    ID("id", true, muster_funding, id, N_("a funding rule id")),
    ID("mission", true, muster_funding, mission, N_("a mission code")),
    WORDS("rule", true, muster_funding, rule, funding_rule_words, 0),
    COL("key", false, "\"key\"", muster_funding, key, STORE_STR, .id = true,
	.what = N_("a key name")),
    NUM("share", false, "share", muster_funding, share, STORE_DOUBLE, 0, 1, 1),
    FROM(false, muster_funding),
    TO(false, muster_funding),
};
static const struct store_col budget_cols[] = {
    ID("id", true, muster_budget, id, N_("a budget id")),
    ID("nation", true, muster_budget, nation, N_("a nation code")),
    ID("mission", false, muster_budget, mission, N_("a mission code")),
    NUM("limit", true, "\"limit\"", muster_budget, limit, STORE_DOUBLE, 0, LONG_MAX, 0),
    FROM(false, muster_budget),
    TO(false, muster_budget),
    ID("currency", false, muster_budget, currency, N_("a currency code")),
    TEXT(muster_budget, note),
};

/*
 * A table: its columns, of which the last `extra` have no CSV cell; its
 * scenario array; its natural key (the first `nkey` columns, DESIGN.md 11).
 */
#define NCSV(cols, extra) (ARRAY_SIZE(cols) - (extra))
#define SCHEMA(file, cols, extra)                                                                  \
	{                                                                                          \
		file, &cols[0].csv, NCSV(cols, extra), sizeof(struct store_col)                    \
	}

/* The CSV reader's view of each file (csv_read.h), in the order files are read. */
const struct csv_schema scenario_schemas[SC_NTABLES] = {
    [SC_NATIONS] = SCHEMA("nations.csv", nation_cols, 0),
    [SC_KEYS] = SCHEMA("keys.csv", key_cols, 0),
    [SC_MISSIONS] = SCHEMA("missions.csv", mission_cols, 0),
    [SC_PHASES] = SCHEMA("phases.csv", phase_cols, 0),
    [SC_CAPABILITIES] = SCHEMA("capabilities.csv", capability_cols, 0),
    [SC_REQUIREMENTS] = SCHEMA("requirements.csv", requirement_cols, 0),
    [SC_OFFERS] = SCHEMA("offers.csv", offer_cols, 0),
    [SC_CAVEATS] = SCHEMA("caveats.csv", caveat_cols, 1),
    [SC_CAPS] = SCHEMA("caps.csv", cap_cols, 0),
    [SC_DEPLOYMENTS] = SCHEMA("deployments.csv", deployment_cols, 0),
    [SC_COSTS] = SCHEMA("costs.csv", cost_cols, 0),
    [SC_FUNDING] = SCHEMA("funding.csv", funding_cols, 0),
    [SC_BUDGETS] = SCHEMA("budgets.csv", budget_cols, 0),
};

#define TABLE(name_, cols_, field, nkey_, sc_, extra)                                              \
	{                                                                                          \
		.name = name_, .cols = cols_, .ncols = ARRAY_SIZE(cols_),                          \
		.ncsv = NCSV(cols_, extra), .sc = sc_, .csv = &scenario_schemas[sc_],              \
		.count = count_##field, .at = at_##field, .push = push_##field,                    \
		.remove = remove_##field,                                                          \
		.size = sizeof(((struct muster_scenario *)0)->field.items[0]), .nkey = nkey_       \
	}

/* In the order a scenario is stored and loaded (references before users). */
const struct store_table store_tables[] = {
    TABLE("nations", nation_cols, nations, 1, SC_NATIONS, 0),
    TABLE("keys", key_cols, keys, 2, SC_KEYS, 0),
    TABLE("missions", mission_cols, missions, 1, SC_MISSIONS, 0),
    TABLE("phases", phase_cols, phases, 2, SC_PHASES, 0),
    TABLE("capabilities", capability_cols, capabilities, 1, SC_CAPABILITIES, 0),
    TABLE("requirements", requirement_cols, requirements, 2, SC_REQUIREMENTS, 0),
    TABLE("caveats", caveat_cols, caveats, 1, SC_CAVEATS, 1),
    TABLE("offers", offer_cols, offers, 1, SC_OFFERS, 0),
    TABLE("caps", cap_cols, caps, 1, SC_CAPS, 0),
    TABLE("deployments", deployment_cols, deployments, 1, SC_DEPLOYMENTS, 0),
    TABLE("costs", cost_cols, costs, 1, SC_COSTS, 0),
    TABLE("funding", funding_cols, funding, 1, SC_FUNDING, 0),
    TABLE("budgets", budget_cols, budgets, 1, SC_BUDGETS, 0),
};
const size_t store_tables_nr = ARRAY_SIZE(store_tables);

const struct store_table *store_table_of(enum scenario_table t)
{
	for (size_t i = 0; i < store_tables_nr; i++)
		if (store_tables[i].sc == t)
			return &store_tables[i];
	BUG("no entity for CSV table %d", (int)t);
}

const char *store_col_label(const struct store_col *c, char *buf, size_t size)
{
	if (c->csv.name) {
		snprintf(buf, size, "%s", c->csv.name);
		return buf;
	}
	const char *n = c->name + (c->name[0] == '"');
	snprintf(buf, size, "%.*s", (int)strcspn(n, "\""), n);
	return buf;
}

const struct store_table *store_table_find(const char *name)
{
	for (size_t t = 0; t < store_tables_nr; t++)
		if (!strcmp(store_tables[t].name, name))
			return &store_tables[t];
	return NULL;
}

size_t store_scenario_rows(const struct muster_scenario *sc)
{
	size_t n = 0;
	for (size_t t = 0; t < store_tables_nr; t++)
		n += store_tables[t].count(sc);
	return n;
}

int entity_find(const char *name, const struct store_table **tb, struct muster_error *err)
{
	const char *names[16];
	*tb = name ? store_table_find(name) : NULL;
	if (*tb)
		return 0;
	for (size_t t = 0; t < store_tables_nr; t++)
		names[t] = store_tables[t].name;
	const char *near = name ? closest_word(name, names, store_tables_nr) : NULL;
	if (near)
		return muster_error_set(err, MUSTER_EUSAGE,
					_("unknown entity '%s'; did you mean '%s'?"), name, near);
	return muster_error_set(err, MUSTER_EUSAGE,
				_("unknown entity '%s'; one of nations, keys, missions, phases, "
				  "capabilities, requirements, caveats, offers, caps, deployments, "
				  "costs, funding, budgets"),
				name ? name : "");
}

int entity_find_field(const struct store_table *tb, const char *name, size_t *col,
		      struct muster_error *err)
{
	const char *names[32];
	for (size_t c = 0; c < tb->ncsv; c++) {
		names[c] = tb->cols[c].csv.name;
		if (!strcmp(name, names[c])) {
			*col = c;
			return 0;
		}
	}
	const char *near = closest_word(name, names, tb->ncsv);
	if (near)
		return muster_error_set(err, MUSTER_EUSAGE,
					_("%s has no field '%s'; did you mean '%s'?"), tb->name,
					name, near);
	return muster_error_set(err, MUSTER_EUSAGE, _("%s has no field '%s'"), tb->name, name);
}

char *entity_row_key(const struct store_table *tb, const void *row)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t c = 0; c < tb->nkey; c++) {
		const char *v = *(char *const *)(const void *)((const char *)row + tb->cols[c].off);
		strbuf_addf(&sb, "%s%s", c ? ":" : "", v ? v : "");
	}
	return strbuf_detach(&sb, NULL);
}

/* ---- copy, compare, release ------------------------------------------- */

/* Bytes of a column's value in the struct. */
static size_t col_size(enum store_col_type t)
{
	switch (t) {
	case STORE_STR:
		return sizeof(char *);
	case STORE_LIST:
		return sizeof(struct muster_strlist);
	case STORE_FROM:
	case STORE_TO:
		return sizeof(int32_t);
	case STORE_LONG:
		return sizeof(long);
	case STORE_INT:
	case STORE_ENUM:
		return sizeof(int);
	case STORE_DOUBLE:
		return sizeof(double);
	case STORE_BOOL:
		return sizeof(bool);
	case STORE_OPT_COUNT:
		return sizeof(struct muster_opt_count);
	}
	BUG("bad column type");
}

void entity_row_copy(const struct store_table *tb, void *dst, const void *src)
{
	for (size_t k = 0; k < tb->ncols; k++) {
		const struct store_col *c = &tb->cols[k];
		char *d = (char *)dst + c->off;
		const char *s = (const char *)src + c->off;
		if (c->type == STORE_STR) {
			*(char **)(void *)d = xstrdup_or_null(*(char *const *)(const void *)s);
		} else if (c->type == STORE_LIST) {
			const struct muster_strlist *from = (const void *)s;
			struct muster_strlist *to = (void *)d;
			*to = (struct muster_strlist){0};
			for (size_t i = 0; i < from->nr; i++)
				muster_strlist_push(to, from->items[i]);
		} else {
			memcpy(d, s, col_size(c->type));
		}
	}
}

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool col_equal(const struct store_col *c, const void *x, const void *y)
{
	const char *a = (const char *)x + c->off, *b = (const char *)y + c->off;
	switch (c->type) {
	case STORE_STR:
		return str_eq(*(char *const *)(const void *)a, *(char *const *)(const void *)b);
	case STORE_LIST: {
		const struct muster_strlist *l = (const void *)a, *m = (const void *)b;
		bool eq = l->nr == m->nr;
		for (size_t i = 0; eq && i < l->nr; i++)
			eq = !strcmp(l->items[i], m->items[i]);
		return eq;
	}
	case STORE_DOUBLE: {
		double u, v;
		memcpy(&u, a, sizeof(u));
		memcpy(&v, b, sizeof(v));
		return u == v;
	}
	case STORE_BOOL:
		return *(const bool *)a == *(const bool *)b;
	case STORE_OPT_COUNT: {
		const struct muster_opt_count *u = (const void *)a, *v = (const void *)b;
		return u->known == v->known && (!u->known || u->value == v->value);
	}
	default:
		return !memcmp(a, b, col_size(c->type));
	}
}

bool entity_key_equal(const struct store_table *tb, const void *a, const void *b)
{
	for (size_t k = 0; k < tb->nkey; k++)
		if (!col_equal(&tb->cols[k], a, b))
			return false;
	return true;
}

int entity_key_cmp(const struct store_table *tb, const void *a, const void *b)
{
	for (size_t k = 0; k < tb->nkey; k++) {
		/* key columns are text (entity_row_key relies on it too) */
		const char *u = *(char *const *)(const void *)((const char *)a + tb->cols[k].off);
		const char *v = *(char *const *)(const void *)((const char *)b + tb->cols[k].off);
		int c = !u || !v ? (u != NULL) - (v != NULL) : strcmp(u, v);
		if (c)
			return c;
	}
	return 0;
}

bool entity_row_equal(const struct store_table *tb, const void *a, const void *b)
{
	for (size_t k = 0; k < tb->ncols; k++)
		if (!col_equal(&tb->cols[k], a, b))
			return false;
	return true;
}

void entity_row_release(const struct store_table *tb, void *row,
			const struct muster_strpool *shared)
{
	for (size_t k = 0; k < tb->ncols; k++) {
		char *p = (char *)row + tb->cols[k].off;
		if (tb->cols[k].type == STORE_STR) {
			if (!strpool_owns(shared, *(char **)(void *)p))
				free(*(char **)(void *)p);
			*(char **)(void *)p = NULL;
		} else if (tb->cols[k].type == STORE_LIST) {
			muster_strlist_release((struct muster_strlist *)(void *)p);
		}
	}
}

/* ---- rows as cells (csv_read.h) --------------------------------------- */

void scenario_row_cells(const struct muster_scenario *sc, enum scenario_table t, size_t i,
			struct muster_strlist *cells)
{
	const struct store_table *tb = store_table_of(t);
	entity_row_cells(tb, tb->at(sc, i), cells);
}

size_t scenario_row_parse(struct muster_scenario *sc, enum scenario_table t,
			  const char *const *cells, const char *place, struct muster_error *err)
{
	const struct store_table *tb = store_table_of(t);
	struct csv_schema schema = *tb->csv;
	bool present[32];
	for (size_t i = 0; i < schema.ncols && i < ARRAY_SIZE(present); i++)
		present[i] = true;
	schema.file = place;
	struct csv_row row = {&schema, 0, cells, present};
	size_t before = csv_problems(err);
	entity_row_read(sc, tb, &row, err);
	return csv_problems(err) - before;
}

/* ---- records of a loaded scenario ------------------------------------- */

size_t muster_scenario_records(const struct muster_scenario *sc, const char *entity)
{
	const struct store_table *tb = entity ? store_table_find(entity) : NULL;
	return tb ? tb->count(sc) : 0;
}

int muster_scenario_record(const struct muster_scenario *sc, const char *entity, size_t i,
			   struct muster_record *out, struct muster_error *err)
{
	const struct store_table *tb;
	int rc = entity_find(entity, &tb, err);
	if (rc < 0)
		return rc;
	if (i >= tb->count(sc))
		return muster_error_set(err, MUSTER_ENOENT, _("%s: no record %zu (there are %zu)"),
					tb->name, i + 1, tb->count(sc));
	memset(out, 0, sizeof(*out));
	out->entity = xstrdup(tb->name);
	out->key = entity_row_key(tb, tb->at(sc, i));
	for (size_t k = 0; k < tb->ncsv; k++)
		muster_strlist_push(&out->names, tb->cols[k].csv.name);
	entity_row_cells(tb, tb->at(sc, i), &out->values);
	return 0;
}

/* ---- typed JSON of a record ------------------------------------------- */

/* The column of CSV name `name`, or NULL. */
static const struct store_col *csv_col(const struct store_table *tb, const char *name, size_t *k)
{
	for (size_t c = 0; c < tb->ncsv; c++)
		if (!strcmp(tb->cols[c].csv.name, name)) {
			if (k)
				*k = c;
			return &tb->cols[c];
		}
	return NULL;
}

/* The JSON type a cell of `col` takes, given the record's cells in CSV order. */
static enum store_col_type field_type(const struct store_table *tb, const struct store_col *col,
				      const char *const *cells)
{
	return col->codec ? col->codec->type(tb, cells) : col->type;
}

/* One cell as a JSON value (new reference), or NULL when it does not read as its type. */
static json_t *cell_json(enum store_col_type type, const char *s)
{
	if (!*s)
		return json_null();
	switch (type) {
	case STORE_STR:
	case STORE_ENUM:
	case STORE_FROM:
	case STORE_TO:
		return json_string(s);
	case STORE_LIST: {
		struct muster_strlist l = {0};
		json_t *a = json_array();
		muster_strlist_split(&l, s, ';');
		for (size_t i = 0; i < l.nr; i++)
			json_array_append_new(a, json_string(l.items[i]));
		muster_strlist_release(&l);
		return a;
	}
	case STORE_LONG:
	case STORE_INT:
	case STORE_OPT_COUNT: {
		long v;
		if (strtonum_l(s, LONG_MIN, LONG_MAX, &v) < 0)
			return NULL;
		return json_integer((json_int_t)v);
	}
	case STORE_DOUBLE: {
		double v;
		if (strtonum_d(s, &v) < 0)
			return NULL;
		return json_real(v);
	}
	case STORE_BOOL:
		if (!strcmp(s, "yes") || !strcmp(s, "no"))
			return json_boolean(!strcmp(s, "yes"));
		return NULL;
	}
	return NULL;
}

char *muster_record_json(const struct muster_record *r)
{
	const struct store_table *tb = r && r->entity ? store_table_find(r->entity) : NULL;
	if (!tb || r->names.nr != r->values.nr)
		return NULL;
	/* the record's cells in CSV order, for a cell typed by another (the caveat's value) */
	const char *cells[32];
	for (size_t k = 0; k < tb->ncsv && k < ARRAY_SIZE(cells); k++)
		cells[k] = "";
	for (size_t i = 0; i < r->names.nr; i++) {
		size_t k;
		if (csv_col(tb, r->names.items[i], &k) && k < ARRAY_SIZE(cells))
			cells[k] = r->values.items[i];
	}
	json_t *o = json_object();
	bool ok = true;
	for (size_t i = 0; ok && i < r->names.nr; i++) {
		const struct store_col *col = csv_col(tb, r->names.items[i], NULL);
		json_t *v = col ? cell_json(field_type(tb, col, cells), r->values.items[i]) : NULL;
		ok = v != NULL;
		if (ok)
			json_object_set_new(o, r->names.items[i], v);
	}
	char *text = ok ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	return text;
}

/* What a JSON value is, for messages: "a string", "a whole number", ... */
static const char *json_what(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return _("an object");
	case JSON_ARRAY:
		return _("an array");
	case JSON_STRING:
		return _("a string");
	case JSON_INTEGER:
		return _("a whole number");
	case JSON_REAL:
		return _("a number with a fraction");
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	case JSON_NULL:
		return "null";
	}
	return _("a JSON value");
}

/* What a field of `type` takes in JSON (null aside). */
static const char *type_what(enum store_col_type type)
{
	switch (type) {
	case STORE_STR:
	case STORE_ENUM:
		return _("a string");
	case STORE_FROM:
	case STORE_TO:
		return _("a date string YYYY-MM-DD");
	case STORE_LIST:
		return _("an array of strings without ';'");
	case STORE_LONG:
	case STORE_INT:
	case STORE_OPT_COUNT:
		return _("a whole number");
	case STORE_DOUBLE:
		return _("a number");
	case STORE_BOOL:
		return _("true or false");
	}
	return _("a value");
}

/* The cell text of `v` for a field of `type`, or NULL when `v` is the wrong JSON type. */
static char *json_cell(enum store_col_type type, const json_t *v)
{
	char buf[40];
	if (json_is_null(v))
		return xstrdup("");
	switch (type) {
	case STORE_STR:
	case STORE_ENUM:
	case STORE_FROM:
	case STORE_TO:
		return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
	case STORE_LIST: {
		struct strbuf sb = STRBUF_INIT;
		size_t i;
		json_t *item;
		if (!json_is_array(v))
			return NULL;
		json_array_foreach(v, i, item)
		{
			if (!json_is_string(item) || strchr(json_string_value(item), ';')) {
				strbuf_release(&sb);
				return NULL;
			}
			strbuf_addf(&sb, "%s%s", i ? ";" : "", json_string_value(item));
		}
		return strbuf_detach(&sb, NULL);
	}
	case STORE_LONG:
	case STORE_INT:
	case STORE_OPT_COUNT:
		return json_is_integer(v) ? xstrfmt("%" JSON_INTEGER_FORMAT, json_integer_value(v))
					  : NULL;
	case STORE_DOUBLE:
		if (json_is_integer(v))
			return xstrfmt("%" JSON_INTEGER_FORMAT, json_integer_value(v));
		if (!json_is_real(v))
			return NULL;
		double_text(json_real_value(v), buf);
		return xstrdup(buf);
	case STORE_BOOL:
		return json_is_boolean(v) ? xstrdup(json_is_true(v) ? "yes" : "no") : NULL;
	}
	return NULL;
}

/* One problem of a body: a detail line and a structured item; the first sets the message. */
static void body_problem(struct muster_error *err, int *rc, int code, const char *entity,
			 const char *field, const char *msg)
{
	if (!*rc)
		*rc = muster_error_set(err, code, "%s", msg);
	muster_error_add(err, "%s", msg);
	muster_error_item_add(err, entity, NULL, field, msg);
}

int muster_record_fields_from_json(const char *entity, const char *json,
				   struct muster_strlist *fields, struct muster_error *err)
{
	const struct store_table *tb;
	json_error_t jerr;
	int rc = entity_find(entity, &tb, err);
	if (rc < 0) {
		muster_error_item_add(err, entity, NULL, NULL, err ? err->msg : NULL);
		return rc;
	}
	json_t *o = json ? json_loads(json, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr) : NULL;
	if (!json_is_object(o)) {
		/* jansson's own text (jerr.text) stays English */
		char *msg = !o ? xstrfmt(_("%s: expected a JSON object of fields, got text that is "
					   "no JSON (line %d, column %d: %s)"),
					 tb->name, json ? jerr.line : 0, json ? jerr.column : 0,
					 json ? jerr.text : _("nothing"))
			       : xstrfmt(_("%s: expected a JSON object of fields, got %s"),
					 tb->name, json_what(o));
		body_problem(err, &rc, MUSTER_EINVAL, tb->name, NULL, msg);
		free(msg);
		json_decref(o);
		return rc;
	}
	/* the cells a field's type may depend on (the caveat's kind), from the body */
	const char *cells[32];
	for (size_t k = 0; k < ARRAY_SIZE(cells); k++)
		cells[k] = "";
	const char *name;
	json_t *v;
	json_object_foreach(o, name, v)
	{
		size_t k;
		if (csv_col(tb, name, &k) && json_is_string(v) && k < ARRAY_SIZE(cells))
			cells[k] = json_string_value(v);
	}
	struct muster_strlist out = {0};
	json_object_foreach(o, name, v)
	{
		const struct store_col *col = csv_col(tb, name, NULL);
		if (!col) {
			struct muster_error local = {0};
			size_t k;
			entity_find_field(tb, name, &k, &local);
			body_problem(err, &rc, MUSTER_EUSAGE, tb->name, name, local.msg);
			muster_error_release(&local);
			continue;
		}
		enum store_col_type type = field_type(tb, col, cells);
		char *text = json_cell(type, v);
		/* the caveat's value: days or a list, whichever the body's kind (if any) wants */
		if (!text && col->codec)
			text = json_cell(type == STORE_LONG ? STORE_LIST : STORE_LONG, v);
		if (!text) {
			const char *want = col->codec ? _("a whole number or an array of strings")
						      : type_what(type);
			/* "or null" in the sentence: no English piece glued into a translation */
			char *msg = col->csv.required
					? xstrfmt(_("%s: field '%s': expected %s, got %s"),
						  tb->name, name, want, json_what(v))
					: xstrfmt(_("%s: field '%s': expected %s or null, got %s"),
						  tb->name, name, want, json_what(v));
			body_problem(err, &rc, MUSTER_EINVAL, tb->name, name, msg);
			free(msg);
			continue;
		}
		char *pair = xstrfmt("%s=%s", name, text);
		muster_strlist_push(&out, pair);
		free(pair);
		free(text);
	}
	json_decref(o);
	for (size_t i = 0; rc == 0 && i < out.nr; i++)
		muster_strlist_push(fields, out.items[i]);
	muster_strlist_release(&out);
	return rc;
}
