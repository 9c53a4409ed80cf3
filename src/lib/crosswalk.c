/*
 * crosswalk.c: country names, their variants and the codes of other
 * standards, mapped to one code (data/crosswalk.csv, built by
 * tools/make-crosswalk.py; data/README.md gives its sources and the
 * pseudo-codes of places without an ISO code).
 *
 * Decisions:
 * - Names match by key: ASCII letters lower-cased, every run of other ASCII
 *   bytes (spaces, punctuation: "Cote d'Ivoire", "Cote d Ivoire") one space,
 *   '&' read as "and"; bytes beyond ASCII are kept as they are (the table
 *   also holds the ASCII spelling of names with accents).
 * - The built-in table is parsed once, on first use (pthread_once), sorted
 *   by key, and never changed: lookups need no lock.
 * - A user's table (`--map FILE`) is looked at first, so it can add a name
 *   or give a name another code; within one file a name with two codes is
 *   an error, not a guess.
 * - Suggestions: the names whose keys are within about a third of the
 *   key's length (edit distance), closest first, at most three.
 */
#include "crosswalk.h"
#include "csv_read.h"
#include "i18n.h"
#include "util.h"

#include <csv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

extern const char muster_data_crosswalk[];
extern const size_t muster_data_crosswalk_len;

struct crosswalk_entry {
	char *key, *name, *code;
	uint32_t line; /* in the user's file */
};

static struct crosswalk builtin;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static char *make_key(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	bool sep = false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if (c == '&') {
			sep = true;
			if (sb.len)
				strbuf_addstr(&sb, " and");
			continue;
		}
		if (c < 128 &&
		    !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
			sep = true;
			continue;
		}
		if (sep && sb.len)
			strbuf_addch(&sb, ' ');
		sep = false;
		strbuf_addch(&sb, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
	}
	return strbuf_detach(&sb, NULL);
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct crosswalk_entry *)a)->key,
		      ((const struct crosswalk_entry *)b)->key);
}

static void push(struct crosswalk *cw, const char *name, const char *code, uint32_t line)
{
	struct crosswalk_entry e = {make_key(name), xstrdup(name), xstrdup(code), line};
	ARRAY_PUSH(*cw, e);
}

/* ---- the built-in table ---- */

struct parse {
	struct muster_strlist cells;
	size_t fields, ncols;
};

static void on_field(void *s, size_t len, void *data)
{
	struct parse *p = data;
	char *v = xstrndup(s ? s : "", s ? len : 0);
	ARRAY_PUSH(p->cells, v);
	p->fields++;
}

static void on_record(int c, void *data)
{
	struct parse *p = data;
	(void)c;
	if (!p->ncols)
		p->ncols = p->fields;
	else if (p->fields != p->ncols)
		BUG("embedded crosswalk.csv: a record has %zu fields, the header %zu", p->fields,
		    p->ncols);
	p->fields = 0;
}

static void load_builtin(void)
{
	struct csv_parser cp;
	struct parse p = {0};
	if (csv_init(&cp, CSV_STRICT | CSV_APPEND_NULL) != 0)
		BUG("csv_init failed");
	if (csv_parse(&cp, muster_data_crosswalk, muster_data_crosswalk_len, on_field, on_record,
		      &p) != muster_data_crosswalk_len ||
	    csv_fini(&cp, on_field, on_record, &p) != 0)
		BUG("embedded crosswalk.csv: %s", csv_strerror(csv_error(&cp)));
	csv_free(&cp);
	if (p.ncols < 2 || strcmp(p.cells.items[0], "name") || strcmp(p.cells.items[1], "code"))
		BUG("embedded crosswalk.csv: the header is not name,code,...");
	for (size_t i = p.ncols; i + p.ncols <= p.cells.nr; i += p.ncols)
		push(&builtin, p.cells.items[i], p.cells.items[i + 1], 0);
	muster_strlist_release(&p.cells);
	if (builtin.nr)
		qsort(builtin.items, builtin.nr, sizeof(builtin.items[0]), entry_cmp);
}

static const struct crosswalk *get_builtin(void)
{
	pthread_once(&builtin_once, load_builtin);
	return &builtin;
}

/* ---- a user's table ---- */

struct reader {
	struct crosswalk *cw;
	const char *path;
};

static const struct csv_column map_cols[] = {
    {"name", true}, {"code", true}, {"source", false}, {"note", false}};

static void map_row(void *ctx, const struct csv_row *row, struct muster_error *err)
{
	struct reader *r = ctx;
	const char *name = row->cells[0], *code = row->cells[1];
	bool ok = true;
	if (!*name) {
		csv_bad_cell(err, r->path, row->line, "name", "a name", name);
		ok = false;
	}
	if (!*code || strlen(code) > 16 || strpbrk(code, " \t,;")) {
		csv_bad_cell(err, r->path, row->line, "code",
			     "a code (up to 16 characters, no spaces)", code);
		ok = false;
	}
	if (ok)
		push(r->cw, name, code, row->line);
}

void crosswalk_release(struct crosswalk *cw)
{
	for (size_t i = 0; i < cw->nr; i++) {
		free(cw->items[i].key);
		free(cw->items[i].name);
		free(cw->items[i].code);
	}
	ARRAY_RELEASE(*cw);
}

int crosswalk_read(struct crosswalk *cw, const char *path, struct muster_error *err)
{
	struct csv_schema s = {path, map_cols, ARRAY_SIZE(map_cols), 0, false};
	struct reader r = {cw, path};
	int rc = csv_read_file(path, &s, map_row, &r, err, NULL);
	if (rc < 0)
		return rc;
	if (cw->nr)
		qsort(cw->items, cw->nr, sizeof(cw->items[0]), entry_cmp);
	for (size_t i = 1; i < cw->nr; i++) {
		const struct crosswalk_entry *a = &cw->items[i - 1], *b = &cw->items[i];
		if (!strcmp(a->key, b->key) && strcmp(a->code, b->code)) {
			const struct crosswalk_entry *first = a->line < b->line ? a : b;
			const struct crosswalk_entry *then = a->line < b->line ? b : a;
			muster_error_add(err,
					 _("%s:%u: column 'name': '%s' is '%s' here and '%s' at "
					   "line %u"),
					 path, then->line, then->name, then->code, first->code,
					 first->line);
		}
	}
	if (csv_problems(err))
		return muster_error_set(
		    err, MUSTER_EINVAL,
		    P_("'%s' has %zu problem", "'%s' has %zu problems", csv_problems(err)), path,
		    csv_problems(err));
	return 0;
}

/* ---- lookups ---- */

static const struct crosswalk_entry *find(const struct crosswalk *cw, const char *key)
{
	struct crosswalk_entry k = {.key = (char *)key};
	if (!cw || !cw->nr)
		return NULL;
	return bsearch(&k, cw->items, cw->nr, sizeof(cw->items[0]), entry_cmp);
}

const char *crosswalk_code(const struct crosswalk *user, const char *name)
{
	char *key = make_key(name);
	const struct crosswalk_entry *e = find(user, key);
	if (!e)
		e = find(get_builtin(), key);
	free(key);
	if (e)
		return e->code;
	/* An ISO alpha-3 code in any case ("fra") means itself. */
	if (strlen(name) == 3) {
		char up[4];
		for (int i = 0; i < 3; i++)
			up[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 'a' + 'A'
									: name[i]);
		up[3] = '\0';
		const struct muster_nation *n = muster_nation_lookup(NULL, up);
		if (n)
			return n->code;
	}
	return NULL;
}

const char *muster_crosswalk(const char *name)
{
	return name ? crosswalk_code(NULL, name) : NULL;
}

struct near {
	const struct crosswalk_entry *e;
	size_t d;
};

static void consider(struct near best[3], const struct crosswalk *cw, const char *key, size_t max)
{
	for (size_t i = 0; cw && i < cw->nr; i++) {
		const struct crosswalk_entry *e = &cw->items[i];
		size_t d = edit_distance(key, e->key);
		if (d > max)
			continue;
		bool dup = false;
		for (int k = 0; k < 3 && !dup; k++)
			dup = best[k].e && !strcmp(best[k].e->code, e->code) && best[k].d <= d;
		if (dup)
			continue;
		for (int k = 0; k < 3; k++) {
			if (!best[k].e || d < best[k].d) {
				memmove(&best[k + 1], &best[k], (size_t)(2 - k) * sizeof(best[0]));
				best[k] = (struct near){e, d};
				break;
			}
		}
	}
}

void crosswalk_suggest(const struct crosswalk *user, const char *name, struct strbuf *sb)
{
	char *key = make_key(name);
	struct near best[3] = {{0}};
	size_t max = 1 + strlen(key) / 3;
	consider(best, user, key, max);
	consider(best, get_builtin(), key, max);
	for (int k = 0; k < 3 && best[k].e; k++)
		strbuf_addf(sb, "%s'%s' (%s)", k ? ", " : _("; closest known names: "),
			    best[k].e->name, best[k].e->code);
	free(key);
}
