/*
 * records.c: single-record edits (muster_db_edit), the audit log and its
 * hash chain (muster_db_history, muster_db_history_verify), DESIGN.md
 * section 11.
 *
 * Key decisions:
 * - A record is handled as its CSV cells (scenario_row_cells): an edit takes
 *   the stored record's cells, replaces the named ones, and converts the row
 *   back with the CSV reader's own conversion (scenario_row_parse), so a
 *   value is parsed, checked and reported exactly as in a file. The whole
 *   scenario is then validated with muster_scenario_validate, as import does.
 * - Read, change, validate and write are one write transaction (BEGIN
 *   IMMEDIATE): no other writer comes between the read and the write, and a
 *   stale --if-version is caught against what is stored.
 * - Rows are found and written through the backend's row ops, which work
 *   from the store_tables[] descriptors (the natural key is a table's first
 *   `nkey` columns), so no code here is per entity.
 * - The audit row's before/after is the record as a JSON object of its CSV
 *   column names and cells (null for an empty cell), in the contract's
 *   order: the same text a CSV file holds, so it converts back exactly.
 * - hash = hex SHA-256 over the previous row's hash and this row's fields,
 *   each as "<length>:<bytes>" so that no choice of separator is ambiguous.
 *   An edited row fails its own hash; a deleted or moved row breaks the
 *   hash of the row after it.
 */
#include "csv_read.h"
#include "i18n.h"
#include "store.h"
#include "util.h"

#include <assert.h>
#include <jansson.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)

/* ---- entities and keys ------------------------------------------------ */

/* The CSV table of a store table (they list the tables in different orders). */
static enum scenario_table csv_table(const struct store_table *tb)
{
	return tb->sc;
}

/* Index of the row of `tb` whose key is `key`, or MUSTER_ENOENT with the closest key. */
static int find_row(const struct store_table *tb, const struct muster_scenario *sc, const char *key,
		    size_t *idx, struct muster_error *err)
{
	size_t n = tb->count(sc);
	char **keys = xcalloc(n ? n : 1, sizeof(*keys));
	int rc = MUSTER_ENOENT;
	for (size_t i = 0; i < n; i++) {
		keys[i] = entity_row_key(tb, tb->at(sc, i));
		if (rc < 0 && !strcmp(keys[i], key)) {
			*idx = i;
			rc = 0;
		}
	}
	if (rc < 0) {
		const char *near = closest_word(key, (const char *const *)keys, n);
		if (near)
			muster_error_set(err, rc, _("%s: no record '%s'; did you mean '%s'?"),
					 tb->name, key, near);
		else
			muster_error_set(err, rc, _("%s: no record '%s'"), tb->name, key);
	}
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	return rc;
}

/* ---- cells ------------------------------------------------------------ */

/*
 * Replace cells of `cells` by the "field=value" pairs of `e`. In SET, a key
 * field cannot change (the key names the record in the history).
 */
static int apply_fields(const struct store_table *tb, enum scenario_table t,
			const struct muster_edit *e, struct muster_strlist *cells,
			struct muster_error *err)
{
	for (size_t i = 0; i < e->nfields; i++) {
		const char *eq = strchr(e->fields[i], '=');
		if (!eq || eq == e->fields[i])
			return muster_error_set(err, MUSTER_EUSAGE,
						_("expected FIELD=VALUE, got '%s'"), e->fields[i]);
		char *name = xstrndup(e->fields[i], (size_t)(eq - e->fields[i]));
		size_t col = 0;
		int rc = entity_find_field(tb, name, &col, err);
		if (rc == 0 && e->op == MUSTER_EDIT_SET && col < tb->nkey &&
		    strcmp(cells->items[col], eq + 1))
			rc = muster_error_set(err, MUSTER_EUSAGE,
					      _("%s: field '%s' is part of the key and cannot be "
						"changed; remove the record and add a new one"),
					      tb->name, name);
		free(name);
		if (rc < 0)
			return rc;
		free(cells->items[col]);
		cells->items[col] = xstrdup(eq + 1);
	}
	return 0;
}

/*
 * The column a detail line names ("... column 'units': ..."), or NULL; caller
 * frees. The lines are in the user's language: the column is found by the
 * translation of "column '%s': " (its text before "%s", and after it up to
 * the ':'), so the structured column is the same in English and in French.
 */
static char *detail_column(const char *line)
{
	const char *tmpl = _("column '%s': ");
	const char *hole = strstr(tmpl, "%s");
	if (!hole || hole == tmpl)
		return NULL;
	char *open = xstrndup(tmpl, (size_t)(hole - tmpl));
	const char *after = hole + 2;
	size_t close_len = strcspn(after, ":");
	/* the closing quote without the spaces (or no-break spaces) before the ':' */
	while (close_len && after[close_len - 1] == ' ')
		close_len--;
	while (close_len >= 2 && !memcmp(after + close_len - 2, "\xC2\xA0", 2))
		close_len -= 2;
	char *close = close_len ? xstrndup(after, close_len) : xstrdup("'");
	char *col = NULL;
	const char *p = strstr(line, open);
	if (p) {
		p += strlen(open);
		const char *q = strstr(p, close);
		col = q ? xstrndup(p, (size_t)(q - p)) : NULL;
	}
	free(open);
	free(close);
	return col;
}

/* Structured copies of every detail line of `err`, for this record. */
static void structure_details(struct muster_error *err, const char *entity, const char *key)
{
	if (!err)
		return;
	for (size_t i = 0; i < err->details.nr; i++) {
		char *col = detail_column(err->details.items[i]);
		muster_error_item_add(err, entity, key, col, err->details.items[i]);
		free(col);
	}
}

/* ---- JSON of a record ------------------------------------------------- */

/*
 * The code point of the UTF-8 sequence at s (its length in *len), or -1 when
 * it is not one (overlong, a surrogate, past U+10FFFF, cut short).
 */
static long utf8_decode(const unsigned char *s, size_t *len)
{
	static const long min[] = {0, 0, 0x80, 0x800, 0x10000};
	size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
	if (!n || s[0] > 0xF4)
		return -1;
	long cp = s[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*len = n;
	return cp;
}

static void add_u16_escape(struct strbuf *sb, unsigned v)
{
	static const char hex[] = "0123456789ABCDEF";
	char e[6] = {'\\',	 'u', hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15],
		     hex[v & 15]};
	strbuf_add(sb, e, sizeof(e));
}

/*
 * `str` as a JSON string, as jansson's json_dumps writes it with
 * JSON_ENSURE_ASCII (the log's text before this writer: the same bytes):
 * short escapes for " \ \b \f \n \r \t, \u00XX for other controls, \uXXXX
 * (surrogate pairs above U+FFFF) for non-ASCII, upper-case hex. False when
 * `str` is not valid UTF-8 (nothing usable was written).
 */
static bool add_json_ascii(struct strbuf *sb, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	strbuf_addch(sb, '"');
	for (;;) {
		size_t n = 0;
		while (s[n] >= 0x20 && s[n] < 0x80 && s[n] != '"' && s[n] != '\\')
			n++;
		strbuf_add(sb, s, n);
		s += n;
		if (!*s)
			break;
		const char *esc = NULL;
		switch (*s) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\f':
			esc = "\\f";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		}
		if (esc) {
			strbuf_addstr(sb, esc);
			s++;
		} else if (*s < 0x20) {
			add_u16_escape(sb, *s++);
		} else {
			size_t len = 0;
			long cp = utf8_decode(s, &len);
			if (cp < 0)
				return false;
			if (cp < 0x10000) {
				add_u16_escape(sb, (unsigned)cp);
			} else {
				cp -= 0x10000;
				add_u16_escape(sb, 0xD800 | (unsigned)(cp >> 10));
				add_u16_escape(sb, 0xDC00 | (unsigned)(cp & 0x3FF));
			}
			s += len;
		}
	}
	strbuf_addch(sb, '"');
	return true;
}

/* The same through jansson: the text of a cell that is not valid UTF-8. */
static char *cells_json_jansson(const struct csv_schema *s, const struct muster_strlist *cells)
{
	json_t *o = json_object();
	for (size_t c = 0; c < s->ncols; c++)
		json_object_set_new(o, csv_schema_col(s, c)->name,
				    *cells->items[c] ? json_string(cells->items[c]) : json_null());
	char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	json_decref(o);
	return text;
}

/*
 * {"id":"CAN-ADV-1","units":"3","to":null,...}, written directly (an import
 * writes one per record); caller frees.
 */
static char *cells_json(enum scenario_table t, const struct muster_strlist *cells)
{
	const struct csv_schema *s = &scenario_schemas[t];
	struct strbuf sb = STRBUF_INIT;
	bool ok = true;
	strbuf_addch(&sb, '{');
	for (size_t c = 0; ok && c < s->ncols; c++) {
		if (c)
			strbuf_addch(&sb, ',');
		ok = add_json_ascii(&sb, csv_schema_col(s, c)->name);
		strbuf_addch(&sb, ':');
		if (!*cells->items[c])
			strbuf_addstr(&sb, "null");
		else if (ok)
			ok = add_json_ascii(&sb, cells->items[c]);
	}
	strbuf_addch(&sb, '}');
	if (ok)
		return strbuf_detach(&sb, NULL);
	strbuf_release(&sb);
	return cells_json_jansson(s, cells);
}

/* ---- the audit row ---------------------------------------------------- */

static void now_iso(char buf[32])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(buf, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, 32 - n, ".%03ldZ", ts.tv_nsec / 1000000);
}

/* "<length>:<bytes>" of s (NULL: ""), appended to what is hashed. */
static void hash_field(struct strbuf *sb, const char *s)
{
	char len[24];
	if (!s)
		s = "";
	strbuf_addstr(sb, i64_text((int64_t)strlen(s), len));
	strbuf_addch(sb, ':');
	strbuf_addstr(sb, s);
}

/*
 * The row's hash over `prev` (hex, "" for the first row) and its fields, in
 * `hex`: the fields are put together first and hashed in one call.
 */
static void audit_hash(const char *prev, const struct muster_audit *a, char hex[HASH_HEX])
{
	unsigned char out[crypto_hash_sha256_BYTES];
	char rev[24];
	struct strbuf sb = STRBUF_INIT;
	const char *fields[] = {prev,	   i64_text(a->rev, rev),
				a->at,	   a->actor,
				a->entity, a->key,
				a->op,	   a->before,
				a->after,  a->reason};
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		hash_field(&sb, fields[i]);
	crypto_hash_sha256(out, (const unsigned char *)sb.buf, sb.len);
	strbuf_release(&sb);
	sodium_bin2hex(hex, HASH_HEX, out, sizeof(out));
}

/* A chain being appended to within one transaction: the previous hash. */
struct chain {
	char prev[HASH_HEX];
};

static int chain_start(struct muster_db *db, struct chain *ch, struct muster_error *err)
{
	char *h = NULL;
	int rc = db->ops->audit_tail(db, &h, err);
	snprintf(ch->prev, sizeof(ch->prev), "%s", h ? h : "");
	free(h);
	return rc;
}

static int chain_append(struct muster_db *db, struct chain *ch, struct muster_audit *a,
			struct muster_error *err)
{
	char hex[HASH_HEX];
	if (!a->actor)
		a->actor = "unknown";
	if (!a->reason)
		a->reason = "";
	audit_hash(ch->prev, a, hex);
	a->hash = hex;
	int rc = db->ops->audit_append(db, a, err);
	a->hash = NULL;
	if (rc == 0)
		memcpy(ch->prev, hex, sizeof(hex));
	return rc;
}

int records_audit_all(struct muster_db *db, const struct muster_scenario *sc, const char *op,
		      int64_t rev, const char *actor, const char *reason, struct muster_error *err)
{
	bool del = !strcmp(op, "delete");
	struct chain ch = {{0}};
	char at[32];
	int rc = chain_start(db, &ch, err);
	if (rc == 0 && db->ops->audit_bulk)
		rc = db->ops->audit_bulk(db, store_scenario_rows(sc), err);
	now_iso(at);
	for (size_t t = 0; rc == 0 && t < store_tables_nr; t++) {
		const struct store_table *tb = &store_tables[t];
		enum scenario_table ct = csv_table(tb);
		for (size_t i = 0; rc == 0 && i < tb->count(sc); i++) {
			struct muster_strlist cells = {0};
			scenario_row_cells(sc, ct, i, &cells);
			char *key = entity_row_key(tb, tb->at(sc, i)),
			     *after = cells_json(ct, &cells);
			struct muster_audit a = {.rev = rev,
						 .at = at,
						 .actor = (char *)actor,
						 .entity = (char *)tb->name,
						 .key = key,
						 .op = (char *)op,
						 .before = del ? after : NULL,
						 .after = del ? NULL : after,
						 .reason = (char *)reason};
			rc = chain_append(db, &ch, &a, err);
			free(key);
			free(after);
			muster_strlist_release(&cells);
		}
	}
	return rc;
}

int records_audit_baseline(struct muster_db *db, const struct muster_scenario *sc, int64_t rev,
			   struct muster_error *err)
{
	char *h = NULL;
	int rc = db->ops->audit_tail(db, &h, err);
	bool empty = rc == 0 && !h;
	free(h);
	if (rc < 0 || !empty || !store_scenario_rows(sc))
		return rc;
	return records_audit_all(db, sc, "insert", rev, "muster",
				 "the records before the audit log began", err);
}

/* ---- the edit --------------------------------------------------------- */

/* The state of one edit between its steps. */
struct edit {
	const struct muster_edit *e;
	const struct store_table *tb;
	size_t t; /* index in store_tables[] */
	enum scenario_table ct;
	struct muster_scenario sc;  /* the whole scenario, changed in place */
	struct muster_scenario tmp; /* the new row while converted; then the old one */
	size_t idx;		    /* the row in sc (SET, DELETE; ADD: the new last row) */
	int64_t ord, version;	    /* the stored row (SET, DELETE) */
	char *key;
	struct muster_strlist before, after; /* cells; empty where absent */
	bool same;			     /* SET to what is there: nothing to write */
};

/* Every FIELD=VALUE names a field of the entity (usage errors before the data's). */
static int check_fields(const struct store_table *tb, enum scenario_table t,
			const struct muster_edit *e, struct muster_error *err)
{
	for (size_t i = 0; i < e->nfields; i++) {
		const char *eq = strchr(e->fields[i], '=');
		size_t col;
		if (!eq || eq == e->fields[i])
			return muster_error_set(err, MUSTER_EUSAGE,
						_("expected FIELD=VALUE, got '%s'"), e->fields[i]);
		char *name = xstrndup(e->fields[i], (size_t)(eq - e->fields[i]));
		int rc = entity_find_field(tb, name, &col, err);
		free(name);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static bool same_cells(const struct muster_strlist *a, const struct muster_strlist *b)
{
	for (size_t i = 0; i < a->nr; i++)
		if (strcmp(a->items[i], b->items[i]))
			return false;
	return a->nr == b->nr;
}

/* Convert the cells into tmp's single row; MUSTER_EINVAL with the reader's messages. */
static int convert(struct edit *ed, const struct muster_strlist *cells, struct muster_error *err)
{
	/* TRANSLATORS: the record a message is about: its entity and its key */
	char *place =
	    ed->key ? xstrfmt(_("%s '%s'"), ed->tb->name, ed->key) : xstrdup(ed->tb->name);
	struct muster_error local = {0};
	size_t bad =
	    scenario_row_parse(&ed->tmp, ed->ct, (const char *const *)cells->items, place, &local);
	free(place);
	if (!bad) {
		muster_error_release(&local);
		return 0;
	}
	muster_error_set(err, MUSTER_EINVAL,
			 P_("%s: %zu bad value; nothing was changed",
			    "%s: %zu bad values; nothing was changed", bad),
			 ed->tb->name, bad);
	for (size_t i = 0; err && i < local.details.nr; i++)
		muster_error_add(err, "%s", local.details.items[i]);
	muster_error_release(&local);
	return MUSTER_EINVAL;
}

/* Swap row ed->idx of sc with tmp's only row: sc gets the new one, tmp the old. */
static void swap_rows(struct edit *ed)
{
	void *a = (void *)ed->tb->at(&ed->sc, ed->idx), *b = (void *)ed->tb->at(&ed->tmp, 0);
	unsigned char buf[512];
	assert(ed->tb->size <= sizeof(buf));
	memcpy(buf, a, ed->tb->size);
	memcpy(a, b, ed->tb->size);
	memcpy(b, buf, ed->tb->size);
}

/* Apply the change to ed->sc; the cells before and after in ed->before/after. */
static int change(struct edit *ed, struct muster_error *err)
{
	const struct muster_edit *e = ed->e;
	int rc;
	if (e->op == MUSTER_EDIT_ADD) {
		for (size_t c = 0; c < scenario_schemas[ed->ct].ncols; c++)
			muster_strlist_push(&ed->after, "");
		if ((rc = apply_fields(ed->tb, ed->ct, e, &ed->after, err)) < 0 ||
		    (rc = convert(ed, &ed->after, err)) < 0)
			return rc;
		ed->tb->push(&ed->sc);
		ed->idx = ed->tb->count(&ed->sc) - 1;
		swap_rows(ed); /* the new row into sc, the zeroed one into tmp */
		store_assign_ids(&ed->sc, NULL);
		ed->key = entity_row_key(ed->tb, ed->tb->at(&ed->sc, ed->idx));
		muster_strlist_release(&ed->after);
		scenario_row_cells(&ed->sc, ed->ct, ed->idx, &ed->after);
		return 0;
	}
	if ((rc = find_row(ed->tb, &ed->sc, e->key, &ed->idx, err)) < 0)
		return rc;
	ed->key = xstrdup(e->key);
	scenario_row_cells(&ed->sc, ed->ct, ed->idx, &ed->before);
	if (e->op == MUSTER_EDIT_DELETE) {
		void *slot = ed->tb->push(&ed->tmp);
		memcpy(slot, ed->tb->at(&ed->sc, ed->idx), ed->tb->size);
		ed->tb->remove(&ed->sc, ed->idx);
		return 0;
	}
	for (size_t c = 0; c < ed->before.nr; c++)
		muster_strlist_push(&ed->after, ed->before.items[c]);
	if ((rc = apply_fields(ed->tb, ed->ct, e, &ed->after, err)) < 0 ||
	    (rc = convert(ed, &ed->after, err)) < 0)
		return rc;
	swap_rows(ed);
	/* as the writer writes it: "units=03" is the same as "3" */
	muster_strlist_release(&ed->after);
	scenario_row_cells(&ed->sc, ed->ct, ed->idx, &ed->after);
	ed->same = same_cells(&ed->before, &ed->after);
	return 0;
}

/* The stored row's ord and version; ECONFLICT when it is not at if_version. */
static int check_version(struct muster_db *db, struct edit *ed, struct muster_error *err)
{
	const void *row = ed->e->op == MUSTER_EDIT_DELETE ? ed->tb->at(&ed->tmp, 0)
							  : ed->tb->at(&ed->sc, ed->idx);
	/* SET: the key is unchanged, so the new row finds the old one */
	int rc = db->ops->row_get(db, ed->t, row, &ed->ord, &ed->version, err);
	if (rc < 0)
		return rc;
	if (!ed->ord)
		return muster_error_set(err, MUSTER_ENOENT, _("%s: no record '%s'"), ed->tb->name,
					ed->key);
	if (ed->e->if_version > 0 && ed->version != ed->e->if_version)
		return muster_error_set(err, MUSTER_ECONFLICT,
					_("%s '%s' is at version %lld, not %lld: it changed "
					  "meanwhile; nothing was changed"),
					ed->tb->name, ed->key, (long long)ed->version,
					(long long)ed->e->if_version);
	return 0;
}

static int validate(struct edit *ed, struct muster_error *err)
{
	int rc = muster_scenario_validate(&ed->sc, err);
	if (rc < 0 && err) {
		char *msg =
		    xstrfmt(_("%s '%s': the change would make the scenario invalid: %s"),
			    ed->tb->name, ed->key, err->msg ? err->msg : muster_strstatus(rc));
		muster_error_set(err, rc, "%s", msg);
		free(msg);
	}
	return rc;
}

static int write_row(struct muster_db *db, struct edit *ed, struct muster_error *err)
{
	switch (ed->e->op) {
	case MUSTER_EDIT_ADD:
		return db->ops->row_insert(db, ed->t, ed->tb->at(&ed->sc, ed->idx), err);
	case MUSTER_EDIT_SET:
		return db->ops->row_update(db, ed->t, ed->ord, ed->version,
					   ed->tb->at(&ed->sc, ed->idx), err);
	case MUSTER_EDIT_DELETE:
		return db->ops->row_delete(db, ed->t, ed->ord, ed->version, err);
	}
	return MUSTER_EINVAL;
}

static int audit(struct muster_db *db, struct edit *ed, int64_t rev, struct muster_error *err)
{
	static const char *const ops[] = {"insert", "update", "delete"};
	struct chain ch = {{0}};
	char at[32];
	int rc = chain_start(db, &ch, err);
	if (rc < 0)
		return rc;
	now_iso(at);
	char *before = ed->before.nr ? cells_json(ed->ct, &ed->before) : NULL;
	char *after = ed->e->op != MUSTER_EDIT_DELETE ? cells_json(ed->ct, &ed->after) : NULL;
	struct muster_audit a = {.rev = rev,
				 .at = at,
				 .actor = (char *)(ed->e->actor ? ed->e->actor : db->actor),
				 .entity = (char *)ed->tb->name,
				 .key = ed->key,
				 .op = (char *)ops[ed->e->op],
				 .before = before,
				 .after = after,
				 .reason = (char *)ed->e->reason};
	rc = chain_append(db, &ch, &a, err);
	free(before);
	free(after);
	return rc;
}

/* The record after the edit into `out`. */
static void fill_record(struct edit *ed, int64_t version, int64_t rev, struct muster_record *out)
{
	const struct csv_schema *s = &scenario_schemas[ed->ct];
	const struct muster_strlist *cells =
	    ed->e->op == MUSTER_EDIT_DELETE ? &ed->before : &ed->after;
	memset(out, 0, sizeof(*out));
	out->entity = xstrdup(ed->tb->name);
	out->key = xstrdup(ed->key);
	out->version = version;
	out->revision = rev;
	for (size_t c = 0; c < s->ncols; c++) {
		muster_strlist_push(&out->names, csv_schema_col(s, c)->name);
		muster_strlist_push(&out->values, cells->items[c]);
	}
}

/* Every step of the edit, inside the write transaction. */
/* The cell of column `name` among a row's cells (CSV order), or NULL when empty or none. */
static const char *cell_of(const struct edit *ed, const struct muster_strlist *cells,
			   const char *name)
{
	const struct csv_schema *s = &scenario_schemas[ed->ct];
	for (size_t c = 0; c < s->ncols && c < cells->nr; c++)
		if (!strcmp(csv_schema_col(s, c)->name, name))
			return *cells->items[c] ? cells->items[c] : NULL;
	return NULL;
}

/*
 * The access policy, once the record is found and changed in memory: the
 * record as it was (SET, DELETE: a forbidden one reads as missing) and as it
 * becomes (ADD, SET: a liaison may not give an offer to another nation).
 */
static enum muster_object policy_object(const struct store_table *tb)
{
	enum muster_object obj = MUSTER_OBJ_NATION;
	while (obj < MUSTER_OBJ_ASSIGNMENT && strcmp(muster_object_name(obj), tb->name))
		obj++;
	if (obj == MUSTER_OBJ_ASSIGNMENT)
		BUG("no policy object for table %s", tb->name);
	return obj;
}

/*
 * A key not found, for an actor under the policy who does not see every
 * record in full: the plain "no offers 'KEY'", without the closest key (a
 * suggestion would tell which records of other nations exist).
 */
static int policy_missing(const struct edit *ed, int rc, struct muster_error *err)
{
	const struct muster_actor *who = ed->e->policy;
	if (rc != MUSTER_ENOENT || !who || who->role == MUSTER_ROLE_ADMIN ||
	    who->role == MUSTER_ROLE_PLANNER)
		return rc;
	muster_error_release(err);
	return muster_record_missing(err, policy_object(ed->tb), ed->e->key);
}

static int check_policy(const struct edit *ed, struct muster_error *err)
{
	const struct muster_actor *who = ed->e->policy;
	int rc = 0;
	if (!who)
		return 0;
	enum muster_object obj = policy_object(ed->tb);
	/* a nation's own code is its record's nation */
	const char *col = obj == MUSTER_OBJ_NATION ? "code" : "nation";
	if (ed->e->op != MUSTER_EDIT_ADD)
		rc = muster_policy_check_write(who, obj, cell_of(ed, &ed->before, col), ed->key,
					       true, err);
	if (rc == 0 && ed->e->op != MUSTER_EDIT_DELETE) /* where it goes: EPERM, not missing */
		rc = muster_policy_check_write(who, obj, cell_of(ed, &ed->after, col), ed->key,
					       false, err);
	return rc;
}

static int edit_in_txn(struct muster_db *db, struct edit *ed, struct muster_record *out,
		       struct muster_error *err)
{
	int64_t rev = 0, version = 0, ord = 0;
	int rc = store_load_checked(db, &ed->sc, err);
	if (rc == 0)
		rc = db->ops->rev_get(db, NULL, &rev, err);
	if (rc == 0)
		rc = records_audit_baseline(db, &ed->sc, rev, err);
	if (rc == 0)
		rc = policy_missing(ed, change(ed, err), err);
	if (rc == 0)
		rc = check_policy(ed, err);
	if (rc == 0 && ed->e->op != MUSTER_EDIT_ADD)
		rc = check_version(db, ed, err);
	if (rc == 0)
		rc = validate(ed, err);
	if (rc == MUSTER_EINVAL)
		structure_details(err, ed->tb->name, ed->key);
	if (rc == 0 && ed->same) { /* no change, no revision, no audit row */
		if (out)
			fill_record(ed, ed->version, 0, out);
		return 0;
	}
	if (rc == 0)
		rc = write_row(db, ed, err);
	if (rc == 0)
		rc = db->ops->rev_bump(db, NULL, err);
	if (rc == 0)
		rc = db->ops->rev_get(db, NULL, &rev, err);
	if (rc == 0)
		rc = audit(db, ed, rev, err);
	if (rc == 0 && ed->e->op != MUSTER_EDIT_DELETE)
		rc = db->ops->row_get(db, ed->t, ed->tb->at(&ed->sc, ed->idx), &ord, &version, err);
	if (rc == 0 && out) /* a delete: the version the record had */
		fill_record(ed, ed->e->op == MUSTER_EDIT_DELETE ? ed->version : version, rev, out);
	return rc;
}

int muster_db_edit(struct muster_db *db, const struct muster_edit *e, struct muster_record *out,
		   struct muster_error *err)
{
	struct edit ed = {.e = e};
	int rc = entity_find(e->entity, &ed.tb, err);
	if (rc < 0)
		return rc;
	if (e->op != MUSTER_EDIT_ADD && !e->key)
		return muster_error_set(err, MUSTER_EUSAGE, _("%s: no key given"), ed.tb->name);
	ed.t = (size_t)(ed.tb - store_tables);
	ed.ct = csv_table(ed.tb);
	if ((rc = check_fields(ed.tb, ed.ct, e, err)) < 0)
		return rc;
	muster_scenario_init(&ed.sc);
	muster_scenario_init(&ed.tmp);
	rc = store_txn_begin(db, err);
	if (rc == 0)
		rc = store_txn_end(db, edit_in_txn(db, &ed, out, err), err);
	/* tmp holds sc's old row, whose strings may be sc's shared ones */
	scenario_release_rows_of(&ed.tmp, ed.sc.strings);
	muster_scenario_release(&ed.sc);
	muster_strlist_release(&ed.before);
	muster_strlist_release(&ed.after);
	free(ed.key);
	return rc;
}

int muster_db_record(struct muster_db *db, const char *entity, const char *key,
		     struct muster_record *out, struct muster_error *err)
{
	struct muster_edit e = {.op = MUSTER_EDIT_SET, .entity = entity, .key = key};
	struct edit ed = {.e = &e};
	int rc = entity_find(entity, &ed.tb, err);
	if (rc < 0)
		return rc;
	ed.t = (size_t)(ed.tb - store_tables);
	ed.ct = csv_table(ed.tb);
	const struct muster_scenario *sc = NULL;
	const struct store_row_versions *v = NULL;
	int64_t rev = 0;
	/* the present from the handle's cache (records_list.c) */
	rc = db->ops->read_begin(db, err);
	if (rc == 0)
		rc = store_cache_get(db, &sc, &rev, err);
	if (rc == 0)
		rc = find_row(ed.tb, sc, key, &ed.idx, err);
	if (rc == 0)
		rc = store_cache_versions(db, ed.t, &v, err);
	if (rc == 0) {
		ed.version = v->items[ed.idx].version;
		ed.key = xstrdup(key);
		scenario_row_cells(sc, ed.ct, ed.idx, &ed.after);
		fill_record(&ed, ed.version, 0, out);
	}
	db->ops->rollback(db);
	muster_strlist_release(&ed.after);
	free(ed.key);
	return rc;
}

void muster_record_release(struct muster_record *r)
{
	if (!r)
		return;
	free(r->entity);
	free(r->key);
	muster_strlist_release(&r->names);
	muster_strlist_release(&r->values);
	memset(r, 0, sizeof(*r));
}

/* ---- history ---------------------------------------------------------- */

/* A --since/--until bound: a time as --as-of takes it (not a revision). */
static int check_time(const char *what, const char *s, struct muster_error *err)
{
	int32_t day;
	char date[11];
	snprintf(date, sizeof(date), "%s", s);
	bool ok = strlen(s) >= 10 && muster_date_parse(date, &day) == 0 &&
		  (!s[10] || (s[10] == 'T' && strlen(s) >= 16));
	for (const char *p = s + (strlen(s) >= 10 ? 10 : 0); ok && *p; p++)
		ok = strchr("0123456789:.TZ", *p) != NULL;
	return ok ? 0
		  : muster_error_set(err, MUSTER_EUSAGE,
				     _("%s '%s': expected a time YYYY-MM-DD[THH:MM[:SS]] (UTC)"),
				     what, s);
}

static void audit_release(struct muster_audit *a)
{
	char **text[] = {&a->at,     &a->actor, &a->entity, &a->key, &a->op,
			 &a->before, &a->after, &a->reason, &a->hash};
	for (size_t i = 0; i < ARRAY_SIZE(text); i++)
		free(*text[i]);
}

void muster_audit_list_release(struct muster_audit_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nr; i++)
		audit_release(&l->items[i]);
	ARRAY_RELEASE(*l);
}

static bool matches(const struct muster_audit *a, const struct muster_history_filter *f)
{
	if (!f)
		return true;
	if ((f->entity && strcmp(a->entity, f->entity)) || (f->key && strcmp(a->key, f->key)) ||
	    (f->actor && strcmp(a->actor, f->actor)))
		return false;
	if (f->since && strcmp(a->at, f->since) < 0)
		return false;
	/* until a prefix ("2021-02-18") takes in the whole of it */
	return !f->until || strncmp(a->at, f->until, strlen(f->until)) <= 0;
}

int muster_db_history(struct muster_db *db, const struct muster_history_filter *f,
		      struct muster_audit_list *out, struct muster_error *err)
{
	const struct store_table *tb;
	struct muster_audit_list all = {0};
	int rc = f && f->entity ? entity_find(f->entity, &tb, err) : 0;
	if (rc == 0 && f && f->since)
		rc = check_time("since", f->since, err);
	if (rc == 0 && f && f->until)
		rc = check_time("until", f->until, err);
	if (rc == 0) /* one record's history: its rows only, found by the index */
		rc = f && f->entity && f->key ? db->ops->audit_of(db, f->entity, f->key, &all, err)
					      : db->ops->audit_list(db, &all, err);
	for (size_t i = 0; rc == 0 && i < all.nr; i++) {
		if (!matches(&all.items[i], f))
			continue;
		ARRAY_PUSH(*out, all.items[i]);
		memset(&all.items[i], 0, sizeof(all.items[i]));
	}
	muster_audit_list_release(&all);
	return rc;
}

static int verify_tail(struct muster_db *db, const struct muster_audit_list *l,
		       struct muster_error *err);

int muster_db_history_verify(struct muster_db *db, size_t *rows, struct muster_error *err)
{
	struct muster_audit_list l = {0};
	char prev[HASH_HEX] = "", hex[HASH_HEX];
	int rc = db->ops->audit_list(db, &l, err);
	for (size_t i = 0; rc == 0 && i < l.nr; i++) {
		const struct muster_audit *a = &l.items[i];
		audit_hash(prev, a, hex);
		if (!a->hash || strcmp(hex, a->hash))
			rc = muster_error_set(
			    err, MUSTER_EINVAL,
			    _("audit log: row %zu (seq %lld, rev %lld, %s '%s') does not match its "
			      "hash: it was edited, or a row before it was deleted or moved"),
			    i + 1, (long long)a->seq, (long long)a->rev, a->entity ? a->entity : "",
			    a->key ? a->key : "");
		else if (i && a->rev < l.items[i - 1].rev)
			rc =
			    muster_error_set(err, MUSTER_EINVAL,
					     _("audit log: row %zu (seq %lld): revision %lld after "
					       "%lld: the rows were reordered"),
					     i + 1, (long long)a->seq, (long long)a->rev,
					     (long long)l.items[i - 1].rev);
		memcpy(prev, hex, sizeof(hex));
	}
	if (rc == 0)
		rc = verify_tail(db, &l, err);
	if (rc == 0 && rows)
		*rows = l.nr;
	muster_audit_list_release(&l);
	return rc;
}

/* ---- as of: the scenario as the audit log recorded it ------------------ */

/*
 * The records of one table as they stood: keys and JSON, in store order; a
 * deleted record's entries are NULL until the end (tombstones keep the
 * others' places). `slots` (a power of two, open addressing) finds a key's
 * last place: each replayed row costs O(1), not a scan of the table.
 */
struct asof_slot {
	char *key; /* owned; NULL: empty */
	size_t at; /* its last index in keys/json */
};
struct asof_table {
	struct muster_strlist keys, json;
	struct asof_slot *slots;
	size_t nslots, used;
};

static uint64_t key_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct asof_slot *asof_slot(const struct asof_table *t, const char *key)
{
	size_t i = key_hash(key) & (t->nslots - 1);
	while (t->slots[i].key && strcmp(t->slots[i].key, key))
		i = (i + 1) & (t->nslots - 1);
	return &t->slots[i];
}

/* The slot of `key`, made (empty `at`) when new; the table grows at half full. */
static struct asof_slot *asof_find(struct asof_table *t, const char *key, bool *fresh)
{
	if (2 * (t->used + 1) > t->nslots) {
		struct asof_table bigger = {.nslots = t->nslots ? 2 * t->nslots : 64};
		bigger.slots = xcalloc(bigger.nslots, sizeof(*bigger.slots));
		for (size_t i = 0; i < t->nslots; i++)
			if (t->slots[i].key)
				*asof_slot(&bigger, t->slots[i].key) = t->slots[i];
		free(t->slots);
		t->slots = bigger.slots;
		t->nslots = bigger.nslots;
	}
	struct asof_slot *sl = asof_slot(t, key);
	*fresh = !sl->key;
	if (*fresh) {
		sl->key = xstrdup(key);
		t->used++;
	}
	return sl;
}

static void asof_table_release(struct asof_table *t)
{
	for (size_t i = 0; i < t->nslots; i++)
		free(t->slots[i].key);
	free(t->slots);
	muster_strlist_release(&t->keys);
	muster_strlist_release(&t->json);
}

/*
 * "rN" (a revision >= 1) or an ISO 8601 time prefix (UTC): YYYY-MM-DD, then
 * optionally THH:MM[:SS[.mmm]] and a Z. *rev > 0 for a revision, else the
 * time (without a trailing Z) in *time (caller frees).
 */
static int parse_as_of(const char *s, int64_t *rev, char **time, struct muster_error *err)
{
	long n = 0;
	*rev = 0;
	*time = NULL;
	if (s[0] == 'r' && strtonum_l(s + 1, 1, LONG_MAX, &n) == 0) {
		*rev = n;
		return 0;
	}
	if (check_time("as of", s, NULL) < 0)
		return muster_error_set(err, MUSTER_EUSAGE,
					_("as of '%s': expected rREV (a revision) or a time "
					  "YYYY-MM-DD[THH:MM[:SS]] (UTC)"),
					s);
	*time = xstrndup(s, strlen(s) - (s[strlen(s) - 1] == 'Z'));
	return 0;
}

static bool row_included(const struct muster_audit *a, int64_t rev, const char *time)
{
	return rev ? a->rev <= rev : strncmp(a->at, time, strlen(time)) <= 0;
}

/* Apply one audit row to the tables being rebuilt. */
static void replay(struct asof_table *tabs, const struct muster_audit *a)
{
	const struct store_table *tb = store_table_find(a->entity);
	if (!tb)
		return;
	struct asof_table *t = &tabs[tb - store_tables];
	bool fresh;
	struct asof_slot *sl = asof_find(t, a->key, &fresh);
	size_t i = sl->at;
	bool live = !fresh && t->keys.items[i];
	if (!strcmp(a->op, "delete")) {
		if (!live)
			return;
		free(t->keys.items[i]);
		free(t->json.items[i]);
		t->keys.items[i] = t->json.items[i] = NULL;
	} else if (live) { /* an update keeps the record's place */
		free(t->json.items[i]);
		t->json.items[i] = xstrdup(a->after ? a->after : "{}");
	} else {
		sl->at = t->keys.nr;
		muster_strlist_push(&t->keys, a->key);
		muster_strlist_push(&t->json, a->after ? a->after : "{}");
	}
}

/* One recorded record back into `sc`, through the CSV reader's conversion. */
static int rebuild_row(struct muster_scenario *sc, const struct store_table *tb, const char *key,
		       const char *text, struct muster_error *err)
{
	enum scenario_table ct = csv_table(tb);
	const struct csv_schema *s = &scenario_schemas[ct];
	json_t *o = json_loads(text, 0, NULL);
	const char *cells[16];
	struct muster_error local = {0};
	for (size_t c = 0; c < s->ncols; c++) {
		json_t *v = o ? json_object_get(o, csv_schema_col(s, c)->name) : NULL;
		cells[c] = json_is_string(v) ? json_string_value(v) : "";
	}
	char *place = xstrfmt(_("audit log: %s '%s'"), tb->name, key);
	size_t bad = o ? scenario_row_parse(sc, ct, cells, place, &local) : 1;
	json_decref(o);
	free(place);
	int rc = 0;
	if (bad)
		rc = muster_error_set(err, MUSTER_ESTORE,
				      _("audit log: %s '%s': cannot read the record%s%s"), tb->name,
				      key, local.details.nr ? ": " : "",
				      local.details.nr ? local.details.items[0] : "");
	muster_error_release(&local);
	return rc;
}

/*
 * The records from each one's last row up to the point (audit_latest, in
 * replay order); *last the revision of the last change taken.
 */
static int rebuild(const struct muster_audit_list *l, int64_t rev, const char *time,
		   struct muster_scenario *sc, int64_t *last, struct muster_error *err)
{
	struct asof_table tabs[16] = {0};
	int rc = 0;
	*last = 0;
	for (size_t i = 0; i < l->nr; i++) {
		if (!row_included(&l->items[i], rev, time))
			continue; /* cannot happen: audit_latest stops at the point */
		replay(tabs, &l->items[i]);
		if (l->items[i].rev > *last)
			*last = l->items[i].rev;
	}
	for (size_t t = 0; t < store_tables_nr; t++) {
		for (size_t i = 0; rc == 0 && i < tabs[t].keys.nr; i++)
			if (tabs[t].keys.items[i]) /* else deleted */
				rc = rebuild_row(sc, &store_tables[t], tabs[t].keys.items[i],
						 tabs[t].json.items[i], err);
		asof_table_release(&tabs[t]);
	}
	return rc;
}

int muster_db_load_as_of(struct muster_db *db, const char *as_of, struct muster_scenario *sc,
			 int64_t *revision, struct muster_error *err)
{
	struct muster_audit_list l = {0};
	int64_t rev = 0, now = 0, last = 0;
	char *time = NULL;
	int rc = parse_as_of(as_of, &rev, &time, err);
	if (rc < 0)
		return rc;
	if ((rc = db->ops->read_begin(db, err)) < 0)
		goto out;
	rc = db->ops->rev_get(db, NULL, &now, err);
	if (rc == 0)
		rc = db->ops->audit_latest(db, rev, time, &l, err);
	if (rc == 0 && !l.nr) /* nothing then: the whole log, to say where it starts */
		rc = db->ops->audit_list(db, &l, err);
	db->ops->rollback(db);
	if (rc == 0 && rev > now)
		rc = muster_error_set(err, MUSTER_EINVAL,
				      _("as of r%lld: the scenario is only at revision %lld"),
				      (long long)rev, (long long)now);
	if (rc == 0 && (!l.nr || !row_included(&l.items[0], rev, time)))
		rc = muster_error_set(err, MUSTER_ENOENT,
				      l.nr ? _("as of '%s': nothing was recorded then (the history "
					       "starts at %s)")
					   : _("as of '%s': nothing was recorded then (the history "
					       "starts later)"),
				      as_of, l.nr ? l.items[0].at : "");
	if (rc == 0)
		rc = rebuild(&l, rev, time, sc, &last, err);
	if (rc == 0)
		rc = muster_scenario_validate(sc, err);
	if (rc == 0 && revision)
		*revision = rev ? rev : last;
out:
	muster_audit_list_release(&l);
	free(time);
	return rc;
}

/* ---- one audit row of an import's change ------------------------------ */

int records_audit_change(struct muster_db *db, size_t t, const struct muster_scenario *before,
			 size_t bi, const struct muster_scenario *after, size_t ai, int64_t rev,
			 struct muster_error *err)
{
	const struct store_table *tb = &store_tables[t];
	enum scenario_table ct = csv_table(tb);
	struct muster_strlist cb = {0}, ca = {0};
	struct chain ch = {{0}};
	char at[32];
	int rc = chain_start(db, &ch, err);
	if (rc < 0)
		return rc;
	now_iso(at);
	if (before)
		scenario_row_cells(before, ct, bi, &cb);
	if (after)
		scenario_row_cells(after, ct, ai, &ca);
	char *jb = before ? cells_json(ct, &cb) : NULL, *ja = after ? cells_json(ct, &ca) : NULL;
	char *key = entity_row_key(tb, after ? tb->at(after, ai) : tb->at(before, bi));
	struct muster_audit a = {.rev = rev,
				 .at = at,
				 .actor = (char *)db->actor,
				 .entity = (char *)tb->name,
				 .key = key,
				 .op = (char *)(!before	 ? "insert"
						: !after ? "delete"
							 : "update"),
				 .before = jb,
				 .after = ja,
				 .reason = NULL};
	rc = chain_append(db, &ch, &a, err);
	free(key);
	free(jb);
	free(ja);
	muster_strlist_release(&cb);
	muster_strlist_release(&ca);
	return rc;
}

/* ---- the end of the chain --------------------------------------------- */

/* The first record where `a` (replayed from the log) and `b` (stored) differ. */
static bool first_difference(const struct muster_scenario *a, const struct muster_scenario *b,
			     const struct store_table **tb, char **key)
{
	for (size_t t = 0; t < store_tables_nr; t++) {
		const struct store_table *x = &store_tables[t];
		size_t na = x->count(a), nb = x->count(b);
		for (size_t i = 0; i < na || i < nb; i++) {
			if (i < na && i < nb && entity_row_equal(x, x->at(a, i), x->at(b, i)))
				continue;
			*tb = x;
			*key = entity_row_key(x, i < nb ? x->at(b, i) : x->at(a, i));
			return true;
		}
	}
	return false;
}

/*
 * A chain cut short still verifies row by row. Its end is checked twice:
 * its last revision must be the scenario's (the `revision` table, which is
 * not in the log), and the log replayed must give the stored scenario
 * record for record, which also finds a lost row of the newest revision
 * and a record changed outside muster.
 */
static int verify_tail(struct muster_db *db, const struct muster_audit_list *l,
		       struct muster_error *err)
{
	struct muster_scenario replayed, stored;
	const struct store_table *tb = NULL;
	char *key = NULL;
	int64_t now = 0, last = 0;
	bool empty = true;
	int rc = db->ops->rev_get(db, NULL, &now, err);
	if (rc == 0)
		rc = db->ops->is_empty(db, &empty, err);
	if (rc < 0)
		return rc;
	if (!l->nr)
		return empty ? 0
			     : muster_error_set(
				   err, MUSTER_EINVAL,
				   _("audit log: it is empty, but the database holds a "
				     "scenario (revision %lld): the log was deleted, or the "
				     "database is from before the log (its next change "
				     "records what is there)"),
				   (long long)now);
	if (l->items[l->nr - 1].rev != now)
		return muster_error_set(
		    err, MUSTER_EINVAL,
		    _("audit log: it ends at revision %lld, but the scenario is at "
		      "revision %lld: its newest rows were deleted"),
		    (long long)l->items[l->nr - 1].rev, (long long)now);
	muster_scenario_init(&replayed);
	muster_scenario_init(&stored);
	rc = rebuild(l, now, NULL, &replayed, &last, err);
	if (rc == 0)
		rc = db->ops->load(db, &stored, err);
	if (rc == 0 && first_difference(&replayed, &stored, &tb, &key))
		rc = muster_error_set(
		    err, MUSTER_EINVAL,
		    _("audit log: replayed, it does not give the stored %s: record "
		      "'%s' differs: rows of the newest revision were deleted, or "
		      "records were changed outside muster"),
		    tb->name, key);
	free(key);
	muster_scenario_release(&replayed);
	muster_scenario_release(&stored);
	return rc;
}
