/*
 * model.c: the in-memory scenario model: lifecycle and lookups by identity.
 * Lookups are linear scans: scenarios hold at most a few thousand missions,
 * capabilities, caveats; modules that look up per row in hot loops (the
 * solvers, posture over a million deployments) build their own indexes.
 */
#include "store.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void muster_scenario_init(struct muster_scenario *sc)
{
	memset(sc, 0, sizeof(*sc));
}

void muster_scenario_release(struct muster_scenario *sc)
{
	if (!sc)
		return;
	/* Every entity from its description (entity.c), table by table. */
	for (size_t t = 0; t < store_tables_nr; t++) {
		const struct store_table *tb = &store_tables[t];
		for (size_t i = 0, n = tb->count(sc); i < n; i++)
			entity_row_release(tb, (void *)tb->at(sc, i));
	}
	ARRAY_RELEASE(sc->nations);
	ARRAY_RELEASE(sc->keys);
	ARRAY_RELEASE(sc->missions);
	ARRAY_RELEASE(sc->phases);
	ARRAY_RELEASE(sc->capabilities);
	ARRAY_RELEASE(sc->requirements);
	ARRAY_RELEASE(sc->offers);
	ARRAY_RELEASE(sc->caveats);
	ARRAY_RELEASE(sc->caps);
	ARRAY_RELEASE(sc->deployments);
	ARRAY_RELEASE(sc->costs);
	ARRAY_RELEASE(sc->funding);
	ARRAY_RELEASE(sc->budgets);
}

const struct muster_mission *muster_scenario_mission(const struct muster_scenario *sc,
						     const char *code)
{
	for (size_t i = 0; code && i < sc->missions.nr; i++)
		if (!strcmp(sc->missions.items[i].code, code))
			return &sc->missions.items[i];
	return NULL;
}

const struct muster_capability *muster_scenario_capability(const struct muster_scenario *sc,
							   const char *code)
{
	for (size_t i = 0; code && i < sc->capabilities.nr; i++)
		if (!strcmp(sc->capabilities.items[i].code, code))
			return &sc->capabilities.items[i];
	return NULL;
}

const struct muster_caveat *muster_scenario_caveat(const struct muster_scenario *sc, const char *id)
{
	for (size_t i = 0; id && i < sc->caveats.nr; i++)
		if (!strcmp(sc->caveats.items[i].id, id))
			return &sc->caveats.items[i];
	return NULL;
}

const struct muster_offer *muster_scenario_offer(const struct muster_scenario *sc, const char *id)
{
	for (size_t i = 0; id && i < sc->offers.nr; i++)
		if (!strcmp(sc->offers.items[i].id, id))
			return &sc->offers.items[i];
	return NULL;
}

const struct muster_requirement *muster_scenario_requirement(const struct muster_scenario *sc,
							     const char *mission, const char *line)
{
	for (size_t i = 0; mission && line && i < sc->requirements.nr; i++) {
		const struct muster_requirement *r = &sc->requirements.items[i];
		if (!strcmp(r->mission, mission) && !strcmp(r->line, line))
			return r;
	}
	return NULL;
}

const char *muster_requirement_location(const struct muster_scenario *sc,
					const struct muster_requirement *r)
{
	if (r->location)
		return r->location;
	const struct muster_mission *m = muster_scenario_mission(sc, r->mission);
	return m ? m->host : NULL;
}

const char *muster_gap_reason_name(enum muster_gap_reason r)
{
	static const char *const names[] = {
	    [MUSTER_GAP_NO_OFFER] = "no-offer", [MUSTER_GAP_READINESS] = "readiness",
	    [MUSTER_GAP_WINDOW] = "window",	[MUSTER_GAP_CAVEAT] = "caveat",
	    [MUSTER_GAP_CAP] = "cap",		[MUSTER_GAP_CEILING] = "ceiling",
	    [MUSTER_GAP_TAKEN] = "taken",	[MUSTER_GAP_UNDERSIZE] = "undersize",
	    [MUSTER_GAP_BUDGET] = "budget",
	};
	if ((unsigned)r < ARRAY_SIZE(names))
		return names[r];
	return "unknown";
}

void muster_run_release(struct muster_run *run)
{
	if (!run)
		return;
	free(run->created);
	free(run->whatif);
	free(run->mission);
	free(run->solver);
	for (size_t i = 0; i < run->assignments.nr; i++) {
		struct muster_assignment *a = &run->assignments.items[i];
		free(a->mission);
		free(a->line);
		free(a->offer);
		free(a->nation);
		free(a->capability);
		free(a->soft_caveats);
	}
	for (size_t i = 0; i < run->gaps.nr; i++) {
		struct muster_gap *g = &run->gaps.items[i];
		free(g->mission);
		free(g->line);
		free(g->detail);
	}
	ARRAY_RELEASE(run->assignments);
	ARRAY_RELEASE(run->gaps);
	muster_strlist_release(&run->warnings);
	memset(run, 0, sizeof(*run));
}
