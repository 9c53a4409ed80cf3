/*
 * view.c: records and results as an actor may see them (the access policy
 * of policy.c applied to what was read or computed). Every front end calls
 * these after computing on the whole scenario, so that no front end decides
 * for itself what a liaison or a viewer may see; see muster.h, "views".
 *
 * Decisions:
 * - Fail closed: a NULL actor or one without a role gets MUSTER_EPERM, and
 *   a record whose nation cannot be told (an audit row without one) is kept
 *   only for an actor reading that entity in full for any nation.
 * - Totals never carry a nation or an id; they are sorted by (mission,
 *   line, capability) so that nothing about the order of the hidden rows
 *   shows through.
 */
#include "muster.h"
#include "store.h"
#include "i18n.h"
#include "util.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int refuse_nobody(const struct muster_actor *a, struct muster_error *err)
{
	if (a && a->role != MUSTER_ROLE_NONE && (a->role != MUSTER_ROLE_LIAISON || a->nation))
		return 0;
	char *who = muster_actor_label(a);
	muster_error_set(err, MUSTER_EPERM, _("%s may not read anything"), who);
	free(who);
	return MUSTER_EPERM;
}

/* The policy's object and a row's nation, per table of store_tables[]. */
static enum muster_object table_object(const char *name)
{
	enum muster_object obj = MUSTER_OBJ_COUNT;
	if (muster_object_parse(name, &obj) < 0)
		return MUSTER_OBJ_COUNT;
	return obj;
}

static const char *row_nation(enum muster_object obj, const void *row)
{
	switch (obj) {
	case MUSTER_OBJ_NATION:
		return ((const struct muster_nation *)row)->code;
	case MUSTER_OBJ_KEY:
		return ((const struct muster_key *)row)->nation;
	case MUSTER_OBJ_OFFER:
		return ((const struct muster_offer *)row)->nation;
	case MUSTER_OBJ_CAVEAT:
		return ((const struct muster_caveat *)row)->nation;
	case MUSTER_OBJ_CAP:
		return ((const struct muster_cap *)row)->nation;
	case MUSTER_OBJ_DEPLOYMENT:
		return ((const struct muster_deployment *)row)->nation;
	case MUSTER_OBJ_COST:
		return ((const struct muster_cost_rate *)row)->nation;
	case MUSTER_OBJ_BUDGET:
		return ((const struct muster_budget *)row)->nation;
	default:
		return NULL;
	}
}

int muster_view_scenario(const struct muster_scenario *sc, const struct muster_actor *actor,
			 struct muster_scenario *out, struct muster_error *err)
{
	muster_scenario_init(out);
	int rc = refuse_nobody(actor, err);
	if (rc < 0)
		return rc;
	for (size_t t = 0; t < store_tables_nr; t++) {
		const struct store_table *tb = &store_tables[t];
		enum muster_object obj = table_object(tb->name);
		for (size_t i = 0; i < tb->count(sc); i++) {
			const void *row = tb->at(sc, i);
			if (muster_policy_read(actor, obj, row_nation(obj, row)) ==
			    MUSTER_ACCESS_FULL)
				store_row_append(tb, out, row);
		}
	}
	/* an offer names only the caveats kept (caveats are stored before offers) */
	for (size_t i = 0; i < out->offers.nr; i++) {
		struct muster_strlist *cv = &out->offers.items[i].caveats, kept = {0};
		for (size_t j = 0; j < cv->nr; j++)
			if (muster_scenario_caveat(out, cv->items[j]))
				muster_strlist_push(&kept, cv->items[j]);
		muster_strlist_release(cv);
		*cv = kept;
	}
	return 0;
}

/* ---- totals per requirement line -------------------------------------- */

void muster_line_totals_release(struct muster_line_totals *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->totals.nr; i++) {
		free(t->totals.items[i].mission);
		free(t->totals.items[i].line);
		free(t->totals.items[i].capability);
	}
	ARRAY_RELEASE(t->totals);
}

static int cmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int cmp_total(const void *x, const void *y)
{
	const struct muster_line_total *a = x, *b = y;
	int c = cmp_null(a->mission, b->mission);
	if (!c)
		c = cmp_null(a->line, b->line);
	return c ? c : cmp_null(a->capability, b->capability);
}

/* Add to the total of (mission, line, capability), creating it. */
static void total_add(struct muster_line_totals *t, const char *mission, const char *line,
		      const char *capability, long units, long personnel, int64_t person_days,
		      int32_t from, int32_t to)
{
	struct muster_line_total *tot = NULL;
	for (size_t i = 0; i < t->totals.nr && !tot; i++) {
		struct muster_line_total *x = &t->totals.items[i];
		if (!cmp_null(x->mission, mission) && !cmp_null(x->line, line) &&
		    !cmp_null(x->capability, capability))
			tot = x;
	}
	if (!tot) {
		struct muster_line_total n = {.mission = xstrdup_or_null(mission),
					      .line = xstrdup_or_null(line),
					      .capability = xstrdup_or_null(capability),
					      .from = from,
					      .to = to};
		ARRAY_PUSH(t->totals, n);
		tot = &t->totals.items[t->totals.nr - 1];
	}
	tot->units += units;
	tot->personnel += personnel;
	tot->person_days += person_days;
	if (from < tot->from)
		tot->from = from;
	if (to > tot->to)
		tot->to = to;
	tot->rows++;
}

static void totals_sort(struct muster_line_totals *t)
{
	if (t->totals.nr > 1)
		qsort(t->totals.items, t->totals.nr, sizeof(*t->totals.items), cmp_total);
}

int muster_view_offer_totals(const struct muster_scenario *sc, const struct muster_actor *actor,
			     struct muster_line_totals *out, struct muster_error *err)
{
	memset(out, 0, sizeof(*out));
	int rc = refuse_nobody(actor, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < sc->offers.nr; i++) {
		const struct muster_offer *o = &sc->offers.items[i];
		if (o->status == MUSTER_OFFER_WITHDRAWN ||
		    muster_policy_read(actor, MUSTER_OBJ_OFFER, o->nation) !=
			MUSTER_ACCESS_AGGREGATE)
			continue;
		total_add(out, o->mission, o->line, o->capability, o->units,
			  o->units * o->personnel, 0, o->from, o->to);
	}
	totals_sort(out);
	return 0;
}

int muster_db_view_offer_totals(struct muster_db *db, const char *as_of,
				const struct muster_actor *actor, struct muster_line_totals *out,
				int64_t *revision, struct muster_error *err)
{
	int64_t rev = 0;
	int rc;
	memset(out, 0, sizeof(*out));
	if (as_of) {
		struct muster_scenario then;
		muster_scenario_init(&then);
		rc = muster_db_load_as_of(db, as_of, &then, &rev, err);
		if (rc == 0)
			rc = muster_view_offer_totals(&then, actor, out, err);
		muster_scenario_release(&then);
	} else {
		const struct muster_scenario *sc = NULL;
		rc = db->ops->read_begin(db, err);
		if (rc == 0)
			rc = store_cache_get(db, &sc, &rev, err);
		if (rc == 0)
			rc = muster_view_offer_totals(sc, actor, out, err);
		db->ops->rollback(db);
	}
	if (revision)
		*revision = rev;
	return rc;
}

/* ---- runs --------------------------------------------------------------- */

static void copy_assignment(struct muster_run *out, const struct muster_assignment *a)
{
	struct muster_assignment c = *a;
	c.mission = xstrdup_or_null(a->mission);
	c.line = xstrdup_or_null(a->line);
	c.offer = xstrdup_or_null(a->offer);
	c.nation = xstrdup_or_null(a->nation);
	c.capability = xstrdup_or_null(a->capability);
	c.soft_caveats = xstrdup_or_null(a->soft_caveats);
	ARRAY_PUSH(out->assignments, c);
}

/* Whether `word` occurs in `text` as a whole id (not inside a longer one). */
static bool names_id(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = text; n && (p = strstr(p, word)); p++) {
		bool start =
		    p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '-' || p[-1] == '_');
		char e = p[n];
		if (start && !(isalnum((unsigned char)e) || e == '-' || e == '_'))
			return true;
	}
	return false;
}

/*
 * Whether `actor` reads in full every offer and caveat a gap's detail names,
 * and a cap's nation for a cap gap ("USA in IRQ <= 2500 from ..."). Without
 * a scenario to tell whose they are, only roles reading all of them in full.
 */
static bool detail_visible(const struct muster_scenario *sc, const struct muster_actor *actor,
			   const struct muster_gap *g)
{
	if (!g->detail)
		return true;
	if (!sc)
		return muster_policy_read(actor, MUSTER_OBJ_OFFER, NULL) == MUSTER_ACCESS_FULL &&
		       muster_policy_read(actor, MUSTER_OBJ_CAVEAT, NULL) == MUSTER_ACCESS_FULL &&
		       muster_policy_read(actor, MUSTER_OBJ_CAP, NULL) == MUSTER_ACCESS_FULL;
	for (size_t i = 0; i < sc->offers.nr; i++) {
		const struct muster_offer *o = &sc->offers.items[i];
		if (names_id(g->detail, o->id) &&
		    muster_policy_read(actor, MUSTER_OBJ_OFFER, o->nation) != MUSTER_ACCESS_FULL)
			return false;
	}
	for (size_t i = 0; i < sc->caveats.nr; i++) {
		const struct muster_caveat *c = &sc->caveats.items[i];
		if (names_id(g->detail, c->id) &&
		    muster_policy_read(actor, MUSTER_OBJ_CAVEAT, c->nation) != MUSTER_ACCESS_FULL)
			return false;
	}
	if (g->reason == MUSTER_GAP_CAP)
		for (size_t i = 0; i < sc->caps.nr; i++) {
			const struct muster_cap *c = &sc->caps.items[i];
			if (!strncmp(g->detail, c->nation, strlen(c->nation)) &&
			    muster_policy_read(actor, MUSTER_OBJ_CAP, c->nation) !=
				MUSTER_ACCESS_FULL)
				return false;
		}
	return true;
}

int muster_view_run(const struct muster_scenario *sc, const struct muster_run *run,
		    const struct muster_actor *actor, struct muster_run *out,
		    struct muster_line_totals *totals, struct muster_error *err)
{
	memset(out, 0, sizeof(*out));
	if (totals)
		memset(totals, 0, sizeof(*totals));
	int rc = refuse_nobody(actor, err);
	if (rc < 0)
		return rc;
	*out = *run;
	memset(&out->assignments, 0, sizeof(out->assignments));
	memset(&out->gaps, 0, sizeof(out->gaps));
	out->created = xstrdup_or_null(run->created);
	out->whatif = xstrdup_or_null(run->whatif);
	out->mission = xstrdup_or_null(run->mission);
	out->solver = xstrdup_or_null(run->solver);
	for (size_t i = 0; i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		enum muster_access acc =
		    muster_policy_read(actor, MUSTER_OBJ_ASSIGNMENT, a->nation);
		if (acc == MUSTER_ACCESS_FULL)
			copy_assignment(out, a);
		else if (acc == MUSTER_ACCESS_AGGREGATE && totals)
			total_add(totals, a->mission, a->line, a->capability, a->units,
				  a->personnel, a->person_days, a->from, a->to);
	}
	if (muster_policy_read(actor, MUSTER_OBJ_GAP, NULL) != MUSTER_ACCESS_NONE)
		for (size_t i = 0; i < run->gaps.nr; i++) {
			struct muster_gap g = run->gaps.items[i];
			g.mission = xstrdup_or_null(g.mission);
			g.line = xstrdup_or_null(g.line);
			g.detail_hidden = !detail_visible(sc, actor, &g);
			g.detail = g.detail_hidden ? NULL : xstrdup_or_null(g.detail);
			ARRAY_PUSH(out->gaps, g);
		}
	if (totals)
		totals_sort(totals);
	return 0;
}

int muster_db_view_run(struct muster_db *db, const struct muster_run *run,
		       const struct muster_actor *actor, struct muster_run *out,
		       struct muster_line_totals *totals, struct muster_error *err)
{
	const struct muster_scenario *sc = NULL;
	int64_t rev = 0;
	memset(out, 0, sizeof(*out));
	if (totals)
		memset(totals, 0, sizeof(*totals));
	int rc = db->ops->read_begin(db, err);
	if (rc == 0)
		rc = store_cache_get(db, &sc, &rev, err);
	if (rc == 0)
		rc = muster_view_run(sc, run, actor, out, totals, err);
	db->ops->rollback(db);
	return rc;
}

/* ---- posture and fair shares ------------------------------------------- */

static void cell_add(struct muster_posture_cell *to, const struct muster_posture_cell *c)
{
	to->personnel += c->personnel;
	to->in_host += c->in_host;
	to->out_of_host += c->out_of_host;
	to->permanent += c->permanent;
	to->rotational += c->rotational;
	to->other += c->other;
	to->overlap += c->overlap;
}

/* Group name `g` without its `drop`-th tab-separated part (caller frees). */
static char *group_without(const char *g, size_t drop)
{
	struct strbuf sb;
	strbuf_init(&sb);
	size_t part = 0;
	for (const char *p = g;; part++) {
		const char *tab = strchr(p, '\t');
		size_t len = tab ? (size_t)(tab - p) : strlen(p);
		if (part != drop) {
			if (sb.len)
				strbuf_addch(&sb, '\t');
			strbuf_add(&sb, p, len);
		}
		if (!tab)
			break;
		p = tab + 1;
	}
	return strbuf_detach(&sb, NULL);
}

static int group_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The posture without its nation dimension: groups that differ only in the
 * nation are added up ("all nations" when the nation was the only one).
 */
static void posture_merge_nations(const struct muster_posture *p, size_t nk,
				  struct muster_posture *out)
{
	char **names = xcalloc(p->ngroups ? p->ngroups : 1, sizeof(*names));
	for (size_t g = 0; g < p->ngroups; g++)
		names[g] = p->nby > 1 ? group_without(p->groups[g], nk) : xstrdup("all nations");
	char **sorted = xcalloc(p->ngroups ? p->ngroups : 1, sizeof(*sorted));
	memcpy(sorted, names, p->ngroups * sizeof(*names));
	qsort(sorted, p->ngroups, sizeof(*sorted), group_cmp);
	out->groups = xcalloc(p->ngroups ? p->ngroups : 1, sizeof(*out->groups));
	for (size_t g = 0; g < p->ngroups; g++)
		if (!out->ngroups || strcmp(out->groups[out->ngroups - 1], sorted[g]))
			out->groups[out->ngroups++] = xstrdup(sorted[g]);
	size_t ncells = out->ngroups * p->ndates;
	out->cells = xcalloc(ncells ? ncells : 1, sizeof(*out->cells));
	for (size_t g = 0; g < p->ngroups; g++) {
		char **at =
		    bsearch(&names[g], out->groups, out->ngroups, sizeof(*out->groups), group_cmp);
		size_t to = (size_t)(at - out->groups);
		for (size_t d = 0; d < p->ndates; d++)
			cell_add(&out->cells[d * out->ngroups + to], &p->cells[d * p->ngroups + g]);
	}
	for (size_t g = 0; g < p->ngroups; g++)
		free(names[g]);
	free(names);
	free(sorted);
}

int muster_view_posture(const struct muster_posture *p, const struct muster_actor *actor,
			struct muster_posture *out, struct muster_error *err)
{
	memset(out, 0, sizeof(*out));
	int rc = refuse_nobody(actor, err);
	if (rc < 0)
		return rc;
	size_t nk = p->nby; /* the nation's place among the groupings, if any */
	for (size_t k = 0; k < p->nby; k++)
		if (p->bys[k] == MUSTER_POSTURE_BY_NATION)
			nk = k;
	bool full = muster_policy_read(actor, MUSTER_OBJ_POSTURE, NULL) == MUSTER_ACCESS_FULL;
	bool overlaps = full; /* they name nations: an aggregate view has none */
	out->by = p->by;
	out->nby = p->nby;
	memcpy(out->bys, p->bys, sizeof(p->bys));
	out->ndates = p->ndates;
	out->dates = xcalloc(p->ndates ? p->ndates : 1, sizeof(*out->dates));
	if (p->ndates)
		memcpy(out->dates, p->dates, p->ndates * sizeof(*p->dates));
	if (!full && nk < p->nby) {
		posture_merge_nations(p, nk, out);
		return 0;
	}
	out->ngroups = p->ngroups;
	out->groups = xcalloc(p->ngroups ? p->ngroups : 1, sizeof(*out->groups));
	for (size_t g = 0; g < p->ngroups; g++)
		out->groups[g] = xstrdup(p->groups[g]);
	size_t ncells = p->ngroups * p->ndates;
	out->cells = xcalloc(ncells ? ncells : 1, sizeof(*out->cells));
	if (ncells)
		memcpy(out->cells, p->cells, ncells * sizeof(*p->cells));
	if (!overlaps)
		return 0;
	out->overlaps = xcalloc(p->noverlaps ? p->noverlaps : 1, sizeof(*out->overlaps));
	out->noverlaps = p->noverlaps;
	for (size_t i = 0; i < p->noverlaps; i++) {
		struct muster_posture_overlap o = p->overlaps[i];
		o.nation = xstrdup(o.nation);
		o.country = xstrdup(o.country);
		o.a = xstrdup(o.a);
		o.b = xstrdup(o.b);
		out->overlaps[i] = o;
	}
	return 0;
}

int muster_view_fairshare(const struct muster_fairshare *fs, const struct muster_actor *actor,
			  struct muster_fairshare *out, struct muster_error *err)
{
	memset(out, 0, sizeof(*out));
	int rc = refuse_nobody(actor, err);
	if (rc < 0)
		return rc;
	*out = *fs;
	memset(&out->rows, 0, sizeof(out->rows));
	out->mission = xstrdup_or_null(fs->mission);
	out->key = xstrdup_or_null(fs->key);
	out->participants = xstrdup_or_null(fs->participants);
	for (size_t i = 0; i < fs->rows.nr; i++) {
		struct muster_fair_row r = fs->rows.items[i];
		if (muster_policy_read(actor, MUSTER_OBJ_FAIRSHARE, r.nation) != MUSTER_ACCESS_FULL)
			continue;
		r.nation = xstrdup_or_null(r.nation);
		ARRAY_PUSH(out->rows, r);
	}
	return 0;
}

/* ---- history ----------------------------------------------------------- */

/*
 * Whether the actor reads the record of `json` (a before or after object,
 * NULL: absent) in full. A record without a "nation" member is judged
 * with nation NULL.
 */
static bool json_readable(const struct muster_actor *actor, enum muster_object obj,
			  const char *json)
{
	if (!json)
		return true;
	json_t *o = json_loads(json, 0, NULL);
	if (!o)
		return false; /* cannot tell: fail closed */
	json_t *n = json_object_get(o, "nation");
	/* a nations row belongs to its own code */
	if (!n && obj == MUSTER_OBJ_NATION)
		n = json_object_get(o, "code");
	const char *nation = json_is_string(n) ? json_string_value(n) : NULL;
	bool ok = muster_policy_read(actor, obj, nation) == MUSTER_ACCESS_FULL;
	json_decref(o);
	return ok;
}

int muster_view_history(const struct muster_audit_list *in, const struct muster_actor *actor,
			struct muster_audit_list *out, struct muster_error *err)
{
	int rc = refuse_nobody(actor, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < in->nr; i++) {
		const struct muster_audit *a = &in->items[i];
		enum muster_object obj = table_object(a->entity ? a->entity : "");
		if (obj == MUSTER_OBJ_COUNT || !json_readable(actor, obj, a->before) ||
		    !json_readable(actor, obj, a->after))
			continue;
		struct muster_audit c = *a;
		c.at = xstrdup_or_null(a->at);
		c.actor = xstrdup_or_null(a->actor);
		c.entity = xstrdup_or_null(a->entity);
		c.key = xstrdup_or_null(a->key);
		c.op = xstrdup_or_null(a->op);
		c.before = xstrdup_or_null(a->before);
		c.after = xstrdup_or_null(a->after);
		c.reason = xstrdup_or_null(a->reason);
		c.hash = xstrdup_or_null(a->hash);
		ARRAY_PUSH(*out, c);
	}
	return 0;
}

/* ---- staleness of stored runs ------------------------------------------ */

int64_t muster_run_stale_by(const struct muster_run *run, int64_t now)
{
	return now >= run->revision ? now - run->revision : run->revision - now;
}

char *muster_run_stale_text(const struct muster_run *run, int64_t now)
{
	int64_t n = muster_run_stale_by(run, now);
	if (!n)
		return NULL;
	/* later or earlier, each counted: whole sentences for the translators */
	if (now > run->revision)
		return xstrfmt(
		    P_("run %lld is stale: computed on revision %lld, the scenario is at "
		       "revision %lld (%lld revision later)",
		       "run %lld is stale: computed on revision %lld, the scenario is at "
		       "revision %lld (%lld revisions later)",
		       (unsigned long)n),
		    (long long)run->id, (long long)run->revision, (long long)now, (long long)n);
	return xstrfmt(P_("run %lld is stale: computed on revision %lld, the scenario read is at "
			  "revision %lld (%lld revision earlier)",
			  "run %lld is stale: computed on revision %lld, the scenario read is at "
			  "revision %lld (%lld revisions earlier)",
			  (unsigned long)n),
		       (long long)run->id, (long long)run->revision, (long long)now, (long long)n);
}

/* ---- rotation and what-if diffs ------------------------------------------ */

int muster_view_rotation(const struct muster_rotation *rot, const struct muster_actor *actor,
			 struct muster_rotation *out, struct muster_error *err)
{
	memset(out, 0, sizeof(*out));
	int rc = refuse_nobody(actor, err);
	if (rc < 0)
		return rc;
	*out = *rot;
	memset(&out->rows, 0, sizeof(out->rows));
	enum muster_object obj = rot->from_run ? MUSTER_OBJ_ASSIGNMENT : MUSTER_OBJ_OFFER;
	for (size_t i = 0; i < rot->rows.nr; i++) {
		struct muster_rotation_row r = rot->rows.items[i];
		if (muster_policy_read(actor, obj, r.nation) != MUSTER_ACCESS_FULL)
			continue;
		r.mission = xstrdup_or_null(r.mission);
		r.line = xstrdup_or_null(r.line);
		r.capability = xstrdup_or_null(r.capability);
		r.nation = xstrdup_or_null(r.nation);
		ARRAY_PUSH(out->rows, r);
	}
	return 0;
}

/* Whether the actor reads every figure of a what-if diff's section. */
static bool section_readable(const struct muster_actor *actor, const char *section)
{
	enum muster_object obj = MUSTER_OBJ_RUN;
	if (!strcmp(section, "cap headroom"))
		obj = MUSTER_OBJ_CAP;
	else if (!strcmp(section, "fair share"))
		obj = MUSTER_OBJ_FAIRSHARE;
	else if (!strcmp(section, "posture")) /* by country: totals over nations */
		return muster_policy_read(actor, MUSTER_OBJ_POSTURE, NULL) != MUSTER_ACCESS_NONE;
	else if (!strcmp(section, "gaps"))
		obj = MUSTER_OBJ_GAP;
	/* per nation (fair share) or per nation's cap: every nation in full */
	return muster_policy_read(actor, obj, NULL) == MUSTER_ACCESS_FULL &&
	       (!actor->nation ||
		muster_policy_read(actor, obj, actor->nation) == MUSTER_ACCESS_FULL);
}

int muster_view_whatif_diff(const struct muster_whatif_diff *d, const struct muster_actor *actor,
			    struct muster_whatif_diff *out, struct muster_error *err)
{
	memset(out, 0, sizeof(*out));
	int rc = refuse_nobody(actor, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < d->rows.nr; i++) {
		struct muster_whatif_row r = d->rows.items[i];
		if (!section_readable(actor, r.section))
			continue;
		r.section = xstrdup_or_null(r.section);
		r.key = xstrdup_or_null(r.key);
		ARRAY_PUSH(out->rows, r);
	}
	for (size_t i = 0; i < d->notes.nr; i++)
		muster_strlist_push(&out->notes, d->notes.items[i]);
	return 0;
}
