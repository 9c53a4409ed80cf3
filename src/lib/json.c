/*
 * json.c: one JSON writer per result type, on jansson. Every text (a cell,
 * a name, a key) is encoded by jansson, which refuses what is not UTF-8;
 * numbers keep the digits their table or summary gave them ("1.30", a %.17g
 * objective), which jansson's own real formatting would change, so the JSON
 * a server sends is the JSON `muster CMD --format json` prints, byte for
 * byte. A record after an edit is a jansson tree, dumped by jansson.
 * See the "result tables and JSON" section of muster.h for ownership.
 */
#include "i18n.h"
#include "util.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Append `s` as a JSON string literal (jansson's encoding); NULL is null. */
static int add_str(struct strbuf *sb, const char *s, const char *where, struct muster_error *err)
{
	if (!s) {
		strbuf_addstr(sb, "null");
		return 0;
	}
	json_t *j = json_string(s);
	char *text = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
	json_decref(j);
	if (!text)
		return muster_error_set(err, MUSTER_EINVAL, _("json: '%s': not valid UTF-8"),
					where);
	strbuf_addstr(sb, text);
	free(text);
	return 0;
}

/* Whether `s` is a number in JSON's grammar (no inf, nan, hex, leading '+' or '.'). */
static bool json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		s += strspn(s, "0123456789");
	else
		return false;
	if (*s == '.') {
		size_t n = strspn(++s, "0123456789");
		if (!n)
			return false;
		s += n;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		size_t n = strspn(s, "0123456789");
		if (!n)
			return false;
		s += n;
	}
	return !*s;
}

static int add_table(struct strbuf *sb, const struct muster_table *t, struct muster_error *err)
{
	size_t rows = muster_table_rows(t);
	strbuf_addch(sb, '[');
	for (size_t r = 0; r < rows; r++) {
		strbuf_addstr(sb, r ? ",\n {" : "\n {");
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cells.items[r * t->ncols + c];
			if (c)
				strbuf_addstr(sb, ", ");
			if (add_str(sb, t->head[c], t->head[c], err) < 0)
				return err ? err->code : MUSTER_EINVAL;
			strbuf_addstr(sb, ": ");
			if (!*s)
				strbuf_addstr(sb, "null");
			else if (t->numeric[c] && json_number(s))
				strbuf_addstr(sb, s);
			else if (t->numeric[c] && !strcmp(s, "-"))
				strbuf_addstr(sb, "null"); /* the table's "not known" */
			else if (add_str(sb, s, t->head[c], err) < 0)
				/* a string: "inf" or "nan" stay visible and the JSON valid */
				return err ? err->code : MUSTER_EINVAL;
		}
		strbuf_addch(sb, '}');
	}
	strbuf_addstr(sb, rows ? "\n]" : "]");
	return 0;
}

/* Hand `sb` to *out on success; release it on failure. */
static int finish(struct strbuf *sb, int rc, char **out)
{
	if (rc < 0) {
		strbuf_release(sb);
		*out = NULL;
		return rc;
	}
	*out = strbuf_detach(sb, NULL);
	return 0;
}

int muster_json_table(const struct muster_table *t, char **out, struct muster_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	return finish(&sb, add_table(&sb, t, err), out);
}

/* Fill a table with `fill`, write it, release it. */
#define TABLE_JSON(fill_call)                                                                      \
	do {                                                                                       \
		struct muster_table t_;                                                            \
		fill_call;                                                                         \
		int rc_ = muster_json_table(&t_, out, err);                                        \
		muster_table_release(&t_);                                                         \
		return rc_;                                                                        \
	} while (0)

int muster_json_assignments(const struct muster_run *run, char **out, struct muster_error *err)
{
	TABLE_JSON(muster_table_assignments(run, &t_));
}

int muster_json_gaps(const struct muster_run *run, char **out, struct muster_error *err)
{
	TABLE_JSON(muster_table_gaps(run, &t_));
}

int muster_json_line_totals(const struct muster_line_totals *lt, char **out,
			    struct muster_error *err)
{
	TABLE_JSON(muster_table_line_totals(lt, &t_));
}

int muster_json_fairshare(const struct muster_fairshare *fs, char **out, struct muster_error *err)
{
	TABLE_JSON(muster_table_fairshare(fs, MUSTER_STYLE_DATA, &t_));
}

int muster_json_runs(const struct muster_run_list *l, const bool *stale, const int64_t *stale_by,
		     char **out, struct muster_error *err)
{
	struct muster_table t;
	muster_table_runs(&t);
	for (size_t i = 0; i < l->nr; i++)
		muster_table_runs_add(&t, &l->items[i], stale[i], stale_by ? stale_by[i] : 0);
	int rc = muster_json_table(&t, out, err);
	muster_table_release(&t);
	return rc;
}

int muster_json_tradeoff(const struct muster_tradeoff *tr, char **out, struct muster_error *err)
{
	TABLE_JSON(muster_table_tradeoff(tr, MUSTER_STYLE_DATA, &t_));
}

int muster_json_posture(const struct muster_posture *p, bool series, char **out,
			struct muster_error *err)
{
	TABLE_JSON(muster_table_posture(p, series, MUSTER_STYLE_DATA, &t_));
}

int muster_json_posture_diff(const struct muster_posture *p, bool swapped, char **out,
			     struct muster_error *err)
{
	TABLE_JSON(muster_table_posture_diff(p, swapped, MUSTER_STYLE_DATA, &t_));
}

int muster_json_breaches(const struct muster_breach_list *bl, const struct muster_posture_opts *o,
			 char **out, struct muster_error *err)
{
	TABLE_JSON(muster_table_breaches(bl, o, &t_));
}

int muster_json_rotation(const struct muster_rotation *rot, char **out, struct muster_error *err)
{
	TABLE_JSON(muster_table_rotation(rot, &t_));
}

int muster_json_whatif_diff(const struct muster_whatif_diff *d, const char *name_a,
			    const char *name_b, char **out, struct muster_error *err)
{
	TABLE_JSON(muster_table_whatif_diff(d, name_a, name_b, MUSTER_STYLE_DATA, &t_));
}

int muster_json_history(const struct muster_audit_list *l, char **out, struct muster_error *err)
{
	TABLE_JSON(muster_table_history(l, MUSTER_STYLE_DATA, &t_));
}

int muster_json_users(const struct muster_user_list *l, char **out, struct muster_error *err)
{
	TABLE_JSON(muster_table_users(l, &t_));
}

/* ---- documents that are not one table ---------------------------------------- */

static int add_violations(struct strbuf *sb, const struct muster_violation_list *v,
			  struct muster_error *err)
{
	struct muster_table t;
	muster_table_violations(v, NULL, &t);
	int rc = add_table(sb, &t, err);
	muster_table_release(&t);
	return rc;
}

int muster_json_check(const struct muster_check_report *r, char **out, struct muster_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	const struct muster_check_scope *s = r->scope;
	static const struct muster_violation_list none = {0};
	const struct muster_violation_list *rv = r->run_v ? r->run_v : &none;
	const struct muster_violation_list *pv = r->posture_v ? r->posture_v : &none;
	int rc = 0;
	strbuf_addstr(&sb, "{\n\"run\": ");
	if (r->run) {
		const struct muster_run *run = r->run;
		strbuf_addf(&sb, "{\"id\": %lld, \"scenario\": ", (long long)run->id);
		rc = add_str(&sb, run->whatif, "scenario", err);
		strbuf_addstr(&sb, ", \"solver\": ");
		if (!rc)
			rc = add_str(&sb, run->solver ? run->solver : "", "solver", err);
		strbuf_addstr(&sb, ", \"created\": ");
		if (!rc)
			rc = add_str(&sb, run->created ? run->created : "", "created", err);
		strbuf_addf(&sb, ", \"assignments\": %zu, \"violations\": %zu, \"ok\": %s,\n",
			    run->assignments.nr, rv->nr, rv->nr ? "false" : "true");
		strbuf_addstr(&sb, "\"rows\": ");
		if (!rc)
			rc = add_violations(&sb, rv, err);
		strbuf_addch(&sb, '}');
	} else {
		strbuf_addstr(&sb, "null");
	}
	strbuf_addf(&sb,
		    ",\n\"posture\": {\"caps\": %zu, \"deadlines\": %zu, \"missions\": %zu, "
		    "\"breaches\": %zu, \"ok\": %s,\n\"rows\": ",
		    s ? s->caps : 0, s ? s->deadlines : 0, s ? s->missions : 0, pv->nr,
		    pv->nr ? "false" : "true");
	if (!rc)
		rc = add_violations(&sb, pv, err);
	strbuf_addf(&sb, "},\n\"strict\": %s\n}", r->strict ? "true" : "false");
	return finish(&sb, rc, out);
}

int muster_json_run(const struct muster_scenario *sc, const struct muster_run *run, char **out,
		    struct muster_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct muster_run_summary s;
	int rc;
	muster_run_summarize(sc, run, &s);
	if (run->id)
		strbuf_addf(&sb, "{\"run\":%lld,\"solver\":", (long long)run->id);
	else
		strbuf_addstr(&sb, "{\"run\":null,\"solver\":");
	rc = add_str(&sb, run->solver ? run->solver : "", "solver", err);
	strbuf_addstr(&sb, ",\"mission\":");
	if (!rc)
		rc = add_str(&sb, run->mission, "mission", err);
	strbuf_addf(&sb,
		    ",\"with_requested\":%s,\"objective\":%.17g,\"bound\":%.17g,\"gap\":%.17g,"
		    "\"fill\":%.17g,\"seconds\":%.6f,\"assignments\":%zu,\"gaps\":%zu",
		    run->with_requested ? "true" : "false", run->objective, run->bound, run->gap,
		    run->fill, run->seconds, run->assignments.nr, run->gaps.nr);
	if (!isnan(run->fair_excess))
		strbuf_addf(&sb, ",\"fair_weight\":%.17g,\"value\":%.17g,\"fair_excess\":%.17g",
			    run->fair_weight, run->value, run->fair_excess);
	if (run->warnings.nr) /* what the run could not hold (e.g. a budget no rate prices) */
		strbuf_addstr(&sb, ",\"warnings\":[");
	for (size_t k = 0; k < run->warnings.nr && !rc; k++) {
		strbuf_addstr(&sb, k ? "," : "");
		rc = add_str(&sb, run->warnings.items[k], "warnings", err);
	}
	if (run->warnings.nr)
		strbuf_addstr(&sb, "]");
	strbuf_addf(&sb,
		    ",\"substitute_assignments\":%zu,\"soft_caveat_assignments\":%zu,"
		    "\"soft_caveats_overridden\":[",
		    s.substitutes, s.soft);
	for (size_t k = 0; k < s.overridden.nr && !rc; k++) {
		strbuf_addstr(&sb, k ? "," : "");
		rc = add_str(&sb, s.overridden.items[k], "soft_caveats_overridden", err);
	}
	strbuf_addstr(&sb, "],\"by_priority\":[");
	for (int p = 1, first = 1; p <= 5; p++) {
		const struct muster_priority_fill *f = &s.by_priority[p];
		if (!f->lines)
			continue;
		strbuf_addf(&sb,
			    "%s{\"priority\":%d,\"lines\":%zu,\"required_person_days\":%.0f,"
			    "\"filled_person_days\":%.0f}",
			    first ? "" : ",", p, f->lines, f->required, f->filled);
		first = 0;
	}
	strbuf_addstr(&sb, "],\"by_nation\":[");
	for (size_t k = 0; k < s.by_nation.nr && !rc; k++) {
		const struct muster_nation_tally *n = &s.by_nation.items[k];
		strbuf_addf(&sb, "%s{\"nation\":", k ? "," : "");
		rc = add_str(&sb, n->nation, "nation", err);
		strbuf_addf(&sb,
			    ",\"assignments\":%zu,\"units\":%ld,\"peak_personnel\":%ld,"
			    "\"person_days\":%.0f}",
			    n->assignments, n->units, n->peak, n->person_days);
	}
	strbuf_addstr(&sb, "]}");
	muster_run_summary_release(&s);
	return finish(&sb, rc, out);
}

static int set(json_t *o, const char *key, json_t *v)
{
	return v ? json_object_set_new(o, key, v) : -1;
}

/* A string member; NULL is null. -1 when `s` is not UTF-8. */
static int set_str(json_t *o, const char *key, const char *s)
{
	return set(o, key, s ? json_string(s) : json_null());
}

int muster_json_record(const struct muster_record *r, char **out, struct muster_error *err)
{
	json_t *o = json_object(), *rec = json_object();
	int bad = 0;
	bad |= set_str(o, "entity", r->entity);
	bad |= set_str(o, "key", r->key);
	bad |= set(o, "version", json_integer(r->version));
	bad |= set(o, "revision", json_integer(r->revision));
	for (size_t i = 0; i < r->names.nr; i++)
		bad |= set_str(rec, r->names.items[i],
			       *r->values.items[i] ? r->values.items[i] : NULL);
	bad |= set(o, "record", rec);
	char *text = bad ? NULL : json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	*out = text;
	if (!text)
		return muster_error_set(err, MUSTER_EINVAL, _("json: record '%s': not valid UTF-8"),
					r->key ? r->key : "");
	return 0;
}
