/*
 * cmd-show.c: `muster show WHAT`: print one table of the scenario held in the
 * database (missions, phases, lines, offers, caveats, caps, deployments,
 * nations, keys, capabilities), filtered by --mission, --nation and --on (rows
 * whose [from, to) holds the day), as an aligned table, CSV or JSON.
 *
 * Decisions:
 * - Columns follow the scenario folder contract (DESIGN.md section 3), so
 *   `--format csv` output reads like the imported files; `lines` adds the
 *   line's total personnel, and its location is resolved (default: the host).
 * - An empty `from` prints empty everywhere; an open-ended `to` prints
 *   "open" in tables and empty in CSV (null in JSON), as in the files.
 * - Lists are joined with ';'; yes/no cells print yes/no.
 * - `show nations` lists the scenario's nations plus every nation the
 *   scenario refers to, sorted by code, with name and region from the
 *   scenario's nations.csv row where set, else the built-in table; `--all`
 *   adds the whole built-in table.
 * - A filter that does not apply to WHAT is a usage error, so a typo never
 *   silently prints everything. --mission and --nation are resolved by
 *   cli_code(): `usa` means USA, an unknown code is an error with a
 *   suggestion. A table left empty says so on stderr.
 * - The access policy (muster_policy_read) filters the rows for the actor
 *   (--as): a row read in full prints as it is, a row not read at all is
 *   left out, and rows read only in aggregate (a liaison's view of other
 *   nations' offers and deployments, a viewer's) are summed into rows with
 *   no id and no nation: offers as muster_view_offer_totals sums them (the
 *   one rule, the API's too: per (mission, line, capability), withdrawn
 *   offers left out; `personnel` is then the people of the row, units x
 *   personnel per unit summed, and `status` is empty) and deployments per
 *   (country, mission, kind, counts_against_cap), their dates the span of
 *   what was summed. WHAT the
 *   actor may not read at all, or --nation naming a nation whose rows it
 *   sees only in aggregate, is refused (exit 1), never an empty table.
 */
#include "cli.h"
#include "cutil.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

enum show_filter { F_MISSION = 1, F_NATION = 2, F_ALL = 4, F_ON = 8 };

struct show {
	const struct muster_scenario *sc;
	const char *mission;		  /* --mission, NULL for all */
	const char *nation;		  /* --nation, NULL for all */
	bool all;			  /* --all (nations) */
	bool on_set;			  /* --on given */
	int32_t on;			  /* --on: only rows whose [from, to) holds this day */
	bool table;			  /* text table: open `to` prints "open" */
	const struct muster_actor *actor; /* whose view (the policy) */
};

struct show_kind {
	const char *name;
	unsigned filters; /* F_* accepted */
	void (*fill)(const struct show *s, struct muster_table *t);
	enum muster_object obj; /* what the policy is asked about */
	bool national;		/* its rows belong to a nation (--nation filters by it) */
};

static enum muster_access access_to(const struct show *s, enum muster_object obj,
				    const char *nation)
{
	return muster_policy_read(s->actor, obj, nation);
}

static const char usage[] =
    N_("usage: muster show WHAT [--mission M] [--nation N] [--on DATE] [--all]\n"
       "                   [--format table|csv|json|xlsx]\n"
       "\n"
       "Print one table of the scenario in the database. WHAT is one of:\n"
       "  missions      code, name, organization, host, dates (--mission, --nation: host)\n"
       "  phases        ceilings of each mission over time (--mission)\n"
       "  capabilities  capabilities and their substitutes\n"
       "  lines         requirement lines, with total personnel (--mission, --nation: location)\n"
       "  offers        national offers (--mission: offers to M or to any mission, --nation)\n"
       "  caveats       national caveats (--nation)\n"
       "  caps          national caps and deadlines (--nation, --mission: in M's host)\n"
       "  deployments   existing deployments (--mission, --nation); the category\n"
       "                column once some deployment has one\n"
       "  nations       nations of the scenario and those it refers to (--nation, --all)\n"
       "  keys          fair-share keys (--nation)\n"
       "  costs         cost rates (--nation, --on)\n"
       "  funding       funding rules of the missions (--on)\n"
       "  budgets       national budgets (--nation, --on)\n"
       "WHAT may be abbreviated to a unique prefix; 'requirements' means 'lines'.\n"
       "With 'muster --scenario NAME show ...', the what-if scenario NAME is shown.\n"
       "\n"
       "options:\n"
       "  -m, --mission M   only what belongs to mission M\n"
       "  -n, --nation N    only what belongs to nation N (ISO 3166-1 alpha-3)\n"
       "  -o, --on DATE     only rows in force on DATE (missions, phases, lines,\n"
       "                    offers, caps, deployments)\n"
       "  -a, --all         nations: the whole built-in reference table as well\n"
       "  -f, --format F    table (default), csv, json or xlsx; an open-ended `to` is\n"
       "                    \"open\" in tables and empty in csv/json\n"
       "  -h, --help        this help\n");

static bool match(const char *filter, const char *value)
{
	return !filter || (value && !strcmp(filter, value));
}

/* --on: [from, to) holds the day (NONE and OPEN compare as -inf and +inf). */
static bool active(const struct show *s, int32_t from, int32_t to)
{
	return !s->on_set || (from <= s->on && s->on < to);
}

static void date_cell(const struct show *s, int32_t d, char buf[static 11])
{
	if (d == MUSTER_DATE_OPEN && s->table)
		snprintf(buf, 11, "open");
	else
		muster_date_format(d, buf);
}

static const char *yesno(bool b)
{
	return b ? "yes" : "no";
}

static void fill_missions(const struct show *s, struct muster_table *t)
{
	static const char *const head[] = {"code", "name", "organization", "host", "from", "to"};
	muster_table_init(t, ARRAY_SIZE(head), head);
	for (size_t i = 0; i < s->sc->missions.nr; i++) {
		const struct muster_mission *m = &s->sc->missions.items[i];
		char from[11], to[11];
		if (!match(s->mission, m->code) || !match(s->nation, m->host) ||
		    !active(s, m->from, m->to))
			continue;
		date_cell(s, m->from, from);
		date_cell(s, m->to, to);
		/* no host: "-" in a table, an empty cell in CSV */
		const char *host = m->host ? m->host : s->table ? "-" : NULL;
		muster_table_add(
		    t, (const char *const[]){m->code, m->name, m->organization, host, from, to});
	}
}

static void fill_phases(const struct show *s, struct muster_table *t)
{
	static const char *const head[] = {"mission", "phase", "from",	"to",
					   "ceiling", "scope", "status"};
	muster_table_init(t, ARRAY_SIZE(head), head);
	muster_table_numeric(t, 4);
	for (size_t i = 0; i < s->sc->phases.nr; i++) {
		const struct muster_phase *p = &s->sc->phases.items[i];
		char from[11], to[11], ceil[24];
		if (!match(s->mission, p->mission) || !active(s, p->from, p->to))
			continue;
		date_cell(s, p->from, from);
		date_cell(s, p->to, to);
		snprintf(ceil, sizeof(ceil), "%ld", p->ceiling);
		muster_table_add(
		    t, (const char *const[]){p->mission, p->phase, from, to, ceil,
					     p->scope == MUSTER_SCOPE_IN_HOST ? "in-host" : "all",
					     p->status == MUSTER_PHASE_REQUESTED ? "requested"
										 : "approved"});
	}
}

static void fill_capabilities(const struct show *s, struct muster_table *t)
{
	static const char *const head[] = {"code", "name", "substitutes"};
	muster_table_init(t, ARRAY_SIZE(head), head);
	for (size_t i = 0; i < s->sc->capabilities.nr; i++) {
		const struct muster_capability *c = &s->sc->capabilities.items[i];
		char *subs = muster_strlist_join(&c->substitutes, ';');
		muster_table_add(t, (const char *const[]){c->code, c->name, subs});
		free(subs);
	}
}

static void fill_lines(const struct show *s, struct muster_table *t)
{
	static const char *const head[] = {"mission",	"line",	    "capability",    "units",
					   "personnel", "total",    "location",	     "from",
					   "to",	"priority", "min_readiness", "tasks"};
	muster_table_init(t, ARRAY_SIZE(head), head);
	for (size_t c = 3; c <= 5; c++)
		muster_table_numeric(t, c);
	muster_table_numeric(t, 9);
	muster_table_numeric(t, 10);
	for (size_t i = 0; i < s->sc->requirements.nr; i++) {
		const struct muster_requirement *r = &s->sc->requirements.items[i];
		const char *loc = muster_requirement_location(s->sc, r);
		char from[11], to[11], *tasks;
		if (!match(s->mission, r->mission) || !match(s->nation, loc) ||
		    !active(s, r->from, r->to))
			continue;
		date_cell(s, r->from, from);
		date_cell(s, r->to, to);
		tasks = muster_strlist_join(&r->tasks, ';');
		muster_table_addf(t, "%s\t%s\t%s\t%ld\t%ld\t%ld\t%s\t%s\t%s\t%d\t%d\t%s",
				  r->mission, r->line, r->capability, r->units, r->personnel,
				  r->units * r->personnel, loc ? loc : "", from, to, r->priority,
				  r->min_readiness, tasks);
		free(tasks);
	}
}

static const char *offer_status(enum muster_offer_status st)
{
	switch (st) {
	case MUSTER_OFFER_ACCEPTED:
		return "accepted";
	case MUSTER_OFFER_WITHDRAWN:
		return "withdrawn";
	default:
		return "offered";
	}
}

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/*
 * Offers read only in aggregate: the library's totals per (mission, line,
 * capability) of the offers kept by the filters (muster_view_offer_totals,
 * the one rule for what a liaison or a viewer sees; see the file comment).
 */
static void add_offer_totals(const struct show *s, struct muster_table *t,
			     struct muster_offer *kept, size_t nr)
{
	struct muster_scenario view = *s->sc; /* borrowed: only its offers differ */
	struct muster_line_totals lt;
	struct muster_error err = {0};
	if (!nr)
		return;
	view.offers.items = kept;
	view.offers.nr = view.offers.alloc = nr;
	if (muster_view_offer_totals(&view, s->actor, &lt, &err) < 0)
		exit(cli_error(&err)); /* cannot happen: the actor reads them in aggregate */
	for (size_t i = 0; i < lt.totals.nr; i++) {
		const struct muster_line_total *g = &lt.totals.items[i];
		char from[11], to[11];
		date_cell(s, g->from, from);
		date_cell(s, g->to, to);
		muster_table_addf(t, "\t\t%s\t%ld\t%ld\t%s\t%s\t\t%s\t%s\t\t\t", g->capability,
				  g->units, g->personnel, from, to, g->mission ? g->mission : "",
				  g->line ? g->line : "");
	}
	muster_line_totals_release(&lt);
}

static void fill_offers(const struct show *s, struct muster_table *t)
{
	static const char *const head[] = {
	    "id",	 "nation",  "capability", "units",   "personnel", "from", "to",
	    "readiness", "mission", "line",	  "caveats", "status",	  "pool"};
	muster_table_init(t, ARRAY_SIZE(head), head);
	muster_table_numeric(t, 3);
	muster_table_numeric(t, 4);
	muster_table_numeric(t, 7);
	muster_table_numeric(t, 12);
	MUSTER_ARRAY(struct muster_offer) kept = {0}; /* read in aggregate: borrowed */
	for (size_t i = 0; i < s->sc->offers.nr; i++) {
		const struct muster_offer *o = &s->sc->offers.items[i];
		char from[11], to[11], pool[24] = "", *cav; /* pool: empty when not stated */
		enum muster_access acc = access_to(s, MUSTER_OBJ_OFFER, o->nation);
		if (!match(s->nation, o->nation) ||
		    (o->mission && !match(s->mission, o->mission)) || !active(s, o->from, o->to) ||
		    acc == MUSTER_ACCESS_NONE)
			continue;
		if (acc == MUSTER_ACCESS_AGGREGATE) {
			ARRAY_PUSH(kept, *o);
			continue;
		}
		date_cell(s, o->from, from);
		date_cell(s, o->to, to);
		if (o->pool.known)
			snprintf(pool, sizeof(pool), "%ld", o->pool.value);
		cav = muster_strlist_join(&o->caveats, ';');
		muster_table_addf(t, "%s\t%s\t%s\t%ld\t%ld\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s", o->id,
				  o->nation, o->capability, o->units, o->personnel, from, to,
				  o->readiness, o->mission ? o->mission : "",
				  o->line ? o->line : "", cav, offer_status(o->status), pool);
		free(cav);
	}
	add_offer_totals(s, t, kept.items, kept.nr);
	free(kept.items);
}

static const char *caveat_kind(enum muster_caveat_kind k)
{
	static const char *const names[] = {"only-countries", "not-countries", "no-tasks",
					    "only-missions", "max-days"};
	return (size_t)k < ARRAY_SIZE(names) ? names[k] : "?";
}

static void fill_caveats(const struct show *s, struct muster_table *t)
{
	static const char *const head[] = {"id", "nation", "kind", "value", "hard"};
	muster_table_init(t, ARRAY_SIZE(head), head);
	for (size_t i = 0; i < s->sc->caveats.nr; i++) {
		const struct muster_caveat *c = &s->sc->caveats.items[i];
		char *value;
		if (!match(s->nation, c->nation) ||
		    access_to(s, MUSTER_OBJ_CAVEAT, c->nation) != MUSTER_ACCESS_FULL)
			continue;
		if (c->kind == MUSTER_CAVEAT_MAX_DAYS)
			value = xstrfmt("%ld", c->days);
		else
			value = muster_strlist_join(&c->values, ';');
		muster_table_add(t, (const char *const[]){c->id, c->nation, caveat_kind(c->kind),
							  value, yesno(c->hard)});
		free(value);
	}
}

static void fill_caps(const struct show *s, struct muster_table *t)
{
	static const char *const head[] = {"id",   "nation", "country", "limit",
					   "from", "to",     "note"};
	const struct muster_mission *m =
	    s->mission ? muster_scenario_mission(s->sc, s->mission) : NULL;
	muster_table_init(t, ARRAY_SIZE(head), head);
	muster_table_numeric(t, 3);
	for (size_t i = 0; i < s->sc->caps.nr; i++) {
		const struct muster_cap *c = &s->sc->caps.items[i];
		char from[11], to[11], limit[24];
		if (!match(s->nation, c->nation) || (m && !match(m->host, c->country)) ||
		    !active(s, c->from, c->to) ||
		    access_to(s, MUSTER_OBJ_CAP, c->nation) != MUSTER_ACCESS_FULL)
			continue;
		date_cell(s, c->from, from);
		date_cell(s, c->to, to);
		snprintf(limit, sizeof(limit), "%ld", c->limit);
		muster_table_add(t, (const char *const[]){c->id, c->nation, c->country, limit, from,
							  to, c->note});
	}
}

static const char *deploy_kind(enum muster_deployment_kind k)
{
	static const char *const names[] = {"permanent", "rotational", "temporary", "support"};
	return (size_t)k < ARRAY_SIZE(names) ? names[k] : "?";
}

/* Deployments read only in aggregate, summed per country (see the file comment). */
struct deploy_sum {
	const char *country, *mission, *category; /* borrowed from the scenario */
	enum muster_deployment_kind kind;
	bool counts;
	long personnel;
	int32_t from, to;
};
struct deploy_sums {
	struct deploy_sum *items;
	size_t nr, alloc;
};

static void deploy_sum(struct deploy_sums *sums, const struct muster_deployment *d)
{
	for (size_t i = 0; i < sums->nr; i++) {
		struct deploy_sum *g = &sums->items[i];
		if (same(g->country, d->country) && same(g->mission, d->mission) &&
		    same(g->category, d->category) && g->kind == d->kind &&
		    g->counts == d->counts_against_cap) {
			g->personnel += d->personnel;
			g->from = d->from < g->from ? d->from : g->from;
			g->to = d->to > g->to ? d->to : g->to;
			return;
		}
	}
	struct deploy_sum g = {
	    d->country,	  d->mission, d->category, d->kind, d->counts_against_cap,
	    d->personnel, d->from,    d->to};
	ARRAY_PUSH(*sums, g);
}

/* A row of the deployments table; `cat` false leaves out the category column. */
static void deploy_row(struct muster_table *t, bool cat, const char *const row[11])
{
	const char *r[11];
	size_t k = 0;
	for (size_t i = 0; i < 11; i++)
		if (cat || i != 9)
			r[k++] = row[i];
	muster_table_add(t, r);
}

static void add_deploy_sums(const struct show *s, struct muster_table *t, struct deploy_sums *sums,
			    bool cat)
{
	for (size_t i = 0; i < sums->nr; i++) {
		const struct deploy_sum *g = &sums->items[i];
		char from[11], to[11], pers[24];
		date_cell(s, g->from, from);
		date_cell(s, g->to, to);
		snprintf(pers, sizeof(pers), "%ld", g->personnel);
		deploy_row(t, cat,
			   (const char *const[]){NULL, NULL, g->country, g->mission, pers, from, to,
						 deploy_kind(g->kind), yesno(g->counts),
						 g->category, NULL});
	}
	free(sums->items);
}

static void fill_deployments(const struct show *s, struct muster_table *t)
{
	static const char *const head[] = {"id",       "nation",    "country",
					   "mission",  "personnel", "from",
					   "to",       "kind",	    "counts_against_cap",
					   "category", "source"};
	static const char *const head_nocat[] = {"id",	    "nation",	 "country",
						 "mission", "personnel", "from",
						 "to",	    "kind",	 "counts_against_cap",
						 "source"};
	/* as export: the category column only when some deployment has one */
	bool cat = false;
	for (size_t i = 0; i < s->sc->deployments.nr && !cat; i++)
		cat = s->sc->deployments.items[i].category != NULL;
	if (cat)
		muster_table_init(t, ARRAY_SIZE(head), head);
	else
		muster_table_init(t, ARRAY_SIZE(head_nocat), head_nocat);
	muster_table_numeric(t, 4);
	struct deploy_sums sums = {0};
	for (size_t i = 0; i < s->sc->deployments.nr; i++) {
		const struct muster_deployment *d = &s->sc->deployments.items[i];
		char from[11], to[11], pers[24];
		enum muster_access acc = access_to(s, MUSTER_OBJ_DEPLOYMENT, d->nation);
		if (!match(s->nation, d->nation) || !match(s->mission, d->mission) ||
		    !active(s, d->from, d->to) || acc == MUSTER_ACCESS_NONE)
			continue;
		if (acc == MUSTER_ACCESS_AGGREGATE) {
			deploy_sum(&sums, d);
			continue;
		}
		date_cell(s, d->from, from);
		date_cell(s, d->to, to);
		snprintf(pers, sizeof(pers), "%ld", d->personnel);
		deploy_row(t, cat,
			   (const char *const[]){d->id, d->nation, d->country, d->mission, pers,
						 from, to, deploy_kind(d->kind),
						 yesno(d->counts_against_cap), d->category,
						 d->source});
	}
	add_deploy_sums(s, t, &sums, cat);
}

static void fill_keys(const struct show *s, struct muster_table *t)
{
	static const char *const head[] = {"key", "nation", "value"};
	muster_table_init(t, ARRAY_SIZE(head), head);
	muster_table_numeric(t, 2);
	for (size_t i = 0; i < s->sc->keys.nr; i++) {
		const struct muster_key *k = &s->sc->keys.items[i];
		if (!match(s->nation, k->nation) ||
		    access_to(s, MUSTER_OBJ_KEY, k->nation) != MUSTER_ACCESS_FULL)
			continue;
		muster_table_addf(t, "%s\t%s\t%.15g", k->key, k->nation, k->value);
	}
}

/* ---- costs, funding, budgets: their records' cells, as in the files ---- */

/*
 * Every record of `entity` as its file's cells (muster_scenario_record), an
 * open `to` "open" in tables; --nation and the policy by the `nation` cell
 * (funding rules have none: every one is shown); --on by from and to.
 */
static void fill_records(const struct show *s, struct muster_table *t, const char *entity,
			 enum muster_object obj)
{
	struct muster_record r = {0};
	bool init = false;
	for (size_t i = 0; muster_scenario_record(s->sc, entity, i, &r, NULL) == 0; i++) {
		const char *nation = NULL, *cells[16] = {0};
		int32_t from = MUSTER_DATE_NONE, to = MUSTER_DATE_OPEN;
		if (!init) {
			muster_table_init(t, r.names.nr, (const char *const *)r.names.items);
			for (size_t k = 0; k < r.names.nr; k++)
				if (!strcmp(r.names.items[k], "value") ||
				    !strcmp(r.names.items[k], "share") ||
				    !strcmp(r.names.items[k], "limit"))
					muster_table_numeric(t, k);
			init = true;
		}
		for (size_t k = 0; k < r.names.nr && k < ARRAY_SIZE(cells); k++) {
			const char *name = r.names.items[k], *v = r.values.items[k];
			cells[k] = v;
			if (!strcmp(name, "nation"))
				nation = v;
			else if (!strcmp(name, "from") && *v)
				muster_date_parse(v, &from);
			else if (!strcmp(name, "to") && *v)
				muster_date_parse(v, &to);
			else if (!strcmp(name, "to") && s->table)
				cells[k] = "open";
		}
		if (match(s->nation, nation) && active(s, from, to) &&
		    access_to(s, obj, nation) == MUSTER_ACCESS_FULL)
			muster_table_add(t, cells);
		muster_record_release(&r);
	}
	if (!init) {
		/* no records: the header from a blank record of the entity */
		static const char *const empty[] = {"id"};
		muster_table_init(t, 1, empty);
	}
}

static void fill_costs(const struct show *s, struct muster_table *t)
{
	fill_records(s, t, "costs", MUSTER_OBJ_COST);
}

static void fill_funding(const struct show *s, struct muster_table *t)
{
	fill_records(s, t, "funding", MUSTER_OBJ_FUNDING);
}

static void fill_budgets(const struct show *s, struct muster_table *t)
{
	fill_records(s, t, "budgets", MUSTER_OBJ_BUDGET);
}

/* ---- nations ---------------------------------------------------------- */

static void add_code(struct muster_strlist *codes, const char *code)
{
	if (code && !muster_strlist_has(codes, code))
		muster_strlist_push(codes, code);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One row: the scenario's cells where set, else the built-in ones. */
static void nation_row(const struct show *s, struct muster_table *t, const char *code)
{
	const struct muster_nation *own = muster_nation_lookup(s->sc, code);
	const struct muster_nation *ref = muster_nation_lookup(NULL, code);
	const char *origin = own && own != ref ? "scenario" : ref ? "reference" : "unknown";
	const char *name, *region;
	struct muster_strlist mem = {0};
	char *mems;
	if (own == ref)
		own = NULL;
	name = own && own->name ? own->name : ref ? ref->name : NULL;
	region = own && own->region ? own->region : ref ? ref->region : NULL;
	muster_nation_memberships(s->sc, code, &mem); /* the scenario's add to the built-in */
	mems = muster_strlist_join(&mem, ';');
	muster_table_add(t, (const char *const[]){code, name, region, mems, origin});
	free(mems);
	muster_strlist_release(&mem);
}

static void fill_nations(const struct show *s, struct muster_table *t)
{
	static const char *const head[] = {"code", "name", "region", "memberships", "origin"};
	struct muster_strlist codes = {0};
	muster_table_init(t, ARRAY_SIZE(head), head);
	muster_scenario_codes(s->sc, MUSTER_CODE_NATION, &codes);
	add_code(&codes, s->nation); /* resolved, so known: from the reference if not the data */
	if (s->all) {
		size_t nr;
		const struct muster_nation *all = muster_reference_nations(&nr);
		for (size_t i = 0; i < nr; i++)
			add_code(&codes, all[i].code);
	}
	if (codes.nr)
		qsort(codes.items, codes.nr, sizeof(*codes.items), cmp_str);
	for (size_t i = 0; i < codes.nr; i++)
		if (match(s->nation, codes.items[i]))
			nation_row(s, t, codes.items[i]);
	muster_strlist_release(&codes);
}

/* ---- the command -------------------------------------------------------- */

/* the names: the command's words, and (translated) the nouns of its refusals */
static const struct show_kind kinds[] = {
    {N_("missions"), F_MISSION | F_NATION | F_ON, fill_missions, MUSTER_OBJ_MISSION, false},
    {N_("phases"), F_MISSION | F_ON, fill_phases, MUSTER_OBJ_PHASE, false},
    {N_("capabilities"), 0, fill_capabilities, MUSTER_OBJ_CAPABILITY, false},
    {N_("lines"), F_MISSION | F_NATION | F_ON, fill_lines, MUSTER_OBJ_REQUIREMENT, false},
    {N_("offers"), F_MISSION | F_NATION | F_ON, fill_offers, MUSTER_OBJ_OFFER, true},
    {N_("caveats"), F_NATION, fill_caveats, MUSTER_OBJ_CAVEAT, true},
    {N_("caps"), F_MISSION | F_NATION | F_ON, fill_caps, MUSTER_OBJ_CAP, true},
    {N_("deployments"), F_MISSION | F_NATION | F_ON, fill_deployments, MUSTER_OBJ_DEPLOYMENT, true},
    {N_("nations"), F_NATION | F_ALL, fill_nations, MUSTER_OBJ_NATION, false},
    {N_("keys"), F_NATION, fill_keys, MUSTER_OBJ_KEY, true},
    {N_("costs"), F_NATION | F_ON, fill_costs, MUSTER_OBJ_COST, true},
    {N_("funding"), F_ON, fill_funding, MUSTER_OBJ_FUNDING, false},
    {N_("budgets"), F_NATION | F_ON, fill_budgets, MUSTER_OBJ_BUDGET, true},
};

/*
 * Refuse what the actor may not read at all, and --nation naming a nation
 * whose rows it reads only in aggregate (a total of one nation's offers is
 * that nation's offer); prints the error and returns 1.
 */
static int check_access(const struct show_kind *k, const struct show *s)
{
	const struct muster_actor *a = s->actor;
	enum muster_access own = access_to(s, k->obj, a->nation);
	enum muster_access any = access_to(s, k->obj, NULL);
	enum muster_access best = own > any ? own : any;
	char *who = muster_actor_label(a);
	int rc = 0;
	if (best == MUSTER_ACCESS_NONE)
		rc = cli_fail("%s may not read %s", who, _(k->name));
	else if (k->national && s->nation && access_to(s, k->obj, s->nation) != MUSTER_ACCESS_FULL)
		rc = cli_fail("%s may read %s of nation '%s' only in totals over nations; drop "
			      "'--nation'",
			      who, _(k->name), s->nation);
	free(who);
	return rc;
}

/* Exact name, "requirements" for lines, or a unique prefix; prints on error. */
static const struct show_kind *find_kind(const char *what)
{
	const struct show_kind *found = NULL;
	const char *names[ARRAY_SIZE(kinds)];
	const char *near;
	size_t len = strlen(what), hits = 0;
	if (!strcmp(what, "requirements"))
		what = "lines";
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		names[i] = kinds[i].name;
		if (!strcmp(kinds[i].name, what))
			return &kinds[i];
		if (len && !strncmp(kinds[i].name, what, len)) {
			found = &kinds[i];
			hits++;
		}
	}
	if (hits == 1)
		return found;
	near = muster_closest_word(what, names, ARRAY_SIZE(names));
	if (hits > 1)
		cli_usage_error("show", "'%s' is ambiguous", what);
	else if (near)
		cli_usage_error("show", "cannot show '%s'; did you mean '%s'?", what, near);
	else
		cli_usage_error("show", "cannot show '%s'", what);
	return NULL;
}

/*
 * An empty table is said on stderr, with the filters that emptied it, so
 * that it is never taken for an answer nobody asked ("no offers of nation
 * 'JPN' on 2021-02-18"); stdout stays a valid (empty) table, CSV or JSON.
 */
static void say_none(const struct show_kind *k, const struct show *s)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, _("no %s"), _(k->name));
	if (s->nation)
		strbuf_addf(&sb, _(" for nation '%s'"), s->nation);
	if (s->mission)
		strbuf_addf(&sb, s->nation ? _(" and mission '%s'") : _(" for mission '%s'"),
			    s->mission);
	if (s->on_set) {
		char on[11];
		muster_date_format(s->on, on);
		strbuf_addf(&sb, _(" on %s"), on);
	}
	fprintf(stderr, _("muster: %s\n"), sb.buf);
	strbuf_release(&sb);
}

static int check_filters(const struct show_kind *k, const struct show *s)
{
	if (s->mission && !(k->filters & F_MISSION))
		return cli_usage_error("show", "option '--mission' does not apply to '%s'",
				       k->name);
	if (s->nation && !(k->filters & F_NATION))
		return cli_usage_error("show", "option '--nation' does not apply to '%s'", k->name);
	if (s->all && !(k->filters & F_ALL))
		return cli_usage_error("show", "option '--all' applies to 'nations' only");
	if (s->on_set && !(k->filters & F_ON))
		return cli_usage_error("show", "option '--on' does not apply to '%s'", k->name);
	return 0;
}

static int parse_args(struct show *s, enum cli_format *fmt, int argc, char **argv)
{
	static const struct option opts[] = {{"mission", required_argument, NULL, 'm'},
					     {"nation", required_argument, NULL, 'n'},
					     {"all", no_argument, NULL, 'a'},
					     {"on", required_argument, NULL, 'o'},
					     {"format", required_argument, NULL, 'f'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":m:n:ao:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			s->mission = optarg;
			break;
		case 'n':
			s->nation = optarg;
			break;
		case 'a':
			s->all = true;
			break;
		case 'o':
			if (muster_date_parse(optarg, &s->on) < 0)
				return cli_usage_error("show",
						       "option '--on': expected a date YYYY-MM-DD, "
						       "got '%s'",
						       optarg);
			s->on_set = true;
			break;
		case 'f':
			if (cli_parse_format("show", optarg, CLI_TABULAR, fmt))
				return 2;
			break;
		case 'h':
			fputs(_(usage), stdout);
			return -1;
		case ':':
			return cli_usage_error("show", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return cli_usage_error("show", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("show", "what to show? missions, phases, capabilities, "
					       "lines, offers, caveats, caps, deployments, nations "
					       "or keys");
	if (optind + 1 < argc)
		return cli_usage_error("show", "unexpected argument '%s'", argv[optind + 1]);
	return 0;
}

static int exec_show(struct cli *cli, int argc, char **argv)
{
	struct show s = {0};
	struct muster_scenario sc;
	struct muster_table t = {0};
	enum cli_format fmt = CLI_TABLE;
	const struct show_kind *k;
	int rc = parse_args(&s, &fmt, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	k = find_kind(argv[optind]);
	if (!k)
		return 2;
	if ((rc = check_filters(k, &s)))
		return rc;
	muster_scenario_init(&sc);
	if ((rc = cli_load(cli, &sc)))
		goto out;
	if ((rc = cli_code(&sc, MUSTER_CODE_MISSION, &s.mission)) ||
	    (rc = cli_code(&sc, MUSTER_CODE_NATION, &s.nation)))
		goto out;
	s.sc = &sc;
	s.table = fmt == CLI_TABLE;
	s.actor = &cli->actor;
	if ((rc = check_access(k, &s)))
		goto out;
	k->fill(&s, &t);
	table_print(&t, fmt, stdout);
	if (!muster_table_rows(&t))
		say_none(k, &s);
out:
	muster_table_release(&t);
	muster_scenario_release(&sc);
	return rc;
}

const struct cmd_entry cmd_show = {
    .name = "show",
    .summary = N_("print the scenario's missions, phases, lines, offers, caps, nations..."),
    .usage = usage,
    .exec = exec_show,
    .applies_policy = true, /* filters rows by the policy */
};
