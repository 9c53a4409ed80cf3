/*
 * model.c: the in-memory scenario model: lifecycle and lookups by identity.
 * Lookups are linear scans: scenarios hold at most a few thousand missions,
 * capabilities, caveats; modules that look up per row in hot loops (the
 * solvers, posture over a million deployments) build their own indexes.
 */
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
	for (size_t i = 0; i < sc->nations.nr; i++) {
		struct muster_nation *n = &sc->nations.items[i];
		free(n->code);
		free(n->name);
		free(n->region);
		muster_strlist_release(&n->memberships);
	}
	for (size_t i = 0; i < sc->keys.nr; i++) {
		free(sc->keys.items[i].key);
		free(sc->keys.items[i].nation);
	}
	for (size_t i = 0; i < sc->missions.nr; i++) {
		struct muster_mission *m = &sc->missions.items[i];
		free(m->code);
		free(m->name);
		free(m->organization);
		free(m->host);
	}
	for (size_t i = 0; i < sc->phases.nr; i++) {
		free(sc->phases.items[i].mission);
		free(sc->phases.items[i].phase);
	}
	for (size_t i = 0; i < sc->capabilities.nr; i++) {
		struct muster_capability *c = &sc->capabilities.items[i];
		free(c->code);
		free(c->name);
		muster_strlist_release(&c->substitutes);
	}
	for (size_t i = 0; i < sc->requirements.nr; i++) {
		struct muster_requirement *r = &sc->requirements.items[i];
		free(r->mission);
		free(r->line);
		free(r->capability);
		free(r->location);
		muster_strlist_release(&r->tasks);
	}
	for (size_t i = 0; i < sc->offers.nr; i++) {
		struct muster_offer *o = &sc->offers.items[i];
		free(o->id);
		free(o->nation);
		free(o->capability);
		free(o->mission);
		free(o->line);
		muster_strlist_release(&o->caveats);
	}
	for (size_t i = 0; i < sc->caveats.nr; i++) {
		struct muster_caveat *c = &sc->caveats.items[i];
		free(c->id);
		free(c->nation);
		muster_strlist_release(&c->values);
	}
	for (size_t i = 0; i < sc->caps.nr; i++) {
		struct muster_cap *c = &sc->caps.items[i];
		free(c->nation);
		free(c->country);
		free(c->note);
		free(c->id);
	}
	for (size_t i = 0; i < sc->deployments.nr; i++) {
		struct muster_deployment *d = &sc->deployments.items[i];
		free(d->id);
		free(d->nation);
		free(d->country);
		free(d->mission);
		free(d->source);
		free(d->category);
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
	memset(run, 0, sizeof(*run));
}
