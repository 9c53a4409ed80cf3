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

/* ---- shared strings ---------------------------------------------------- */

/*
 * A million deployments name a few hundred codes: the load keeps one copy of
 * each (4 to 5 strings a row) in chunks, instead of a malloc and a free per
 * string. Chunks double in size, so a pool holds few of them and
 * strpool_owns is a short scan. The hash table finds the interned copy.
 */
#define POOL_CHUNK_MIN (1 << 20)

struct pool_chunk {
	char *mem;
	size_t used, size;
};

struct muster_strpool {
	MUSTER_ARRAY(struct pool_chunk) chunks;
	char **slots; /* open addressing: interned strings, NULL empty */
	size_t nslots, count;
};

static uint64_t pool_hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

char *strpool_copy(struct muster_strpool **pool, const char *s, size_t len)
{
	if (!*pool)
		*pool = xcalloc(1, sizeof(**pool));
	struct muster_strpool *p = *pool;
	struct pool_chunk *c = p->chunks.nr ? &p->chunks.items[p->chunks.nr - 1] : NULL;
	if (!c || c->size - c->used < len + 1) {
		size_t size = c ? c->size * 2 : POOL_CHUNK_MIN;
		while (size < len + 1)
			size *= 2;
		struct pool_chunk fresh = {xmalloc(size), 0, size};
		ARRAY_PUSH(p->chunks, fresh);
		c = &p->chunks.items[p->chunks.nr - 1];
	}
	char *out = c->mem + c->used;
	memcpy(out, s, len);
	out[len] = '\0';
	c->used += len + 1;
	return out;
}

static void pool_rehash(struct muster_strpool *p)
{
	size_t n = p->nslots ? p->nslots * 2 : 1024;
	char **slots = xcalloc(n, sizeof(*slots));
	for (size_t i = 0; i < p->nslots; i++) {
		if (!p->slots[i])
			continue;
		size_t j = pool_hash(p->slots[i], strlen(p->slots[i])) & (n - 1);
		while (slots[j])
			j = (j + 1) & (n - 1);
		slots[j] = p->slots[i];
	}
	free(p->slots);
	p->slots = slots;
	p->nslots = n;
}

char *strpool_intern(struct muster_strpool **pool, const char *s, size_t len)
{
	if (!*pool)
		*pool = xcalloc(1, sizeof(**pool));
	struct muster_strpool *p = *pool;
	if ((p->count + 1) * 2 > p->nslots)
		pool_rehash(p);
	size_t j = pool_hash(s, len) & (p->nslots - 1);
	for (; p->slots[j]; j = (j + 1) & (p->nslots - 1))
		if (!strncmp(p->slots[j], s, len) && !p->slots[j][len])
			return p->slots[j];
	p->slots[j] = strpool_copy(pool, s, len);
	p->count++;
	return p->slots[j];
}

bool strpool_owns(const struct muster_strpool *pool, const char *s)
{
	/* addresses compared as integers: chunks are unrelated objects */
	uintptr_t a = (uintptr_t)s;
	for (size_t i = pool && s ? pool->chunks.nr : 0; i-- > 0;) { /* the largest first */
		uintptr_t lo = (uintptr_t)pool->chunks.items[i].mem;
		if (a >= lo && a < lo + pool->chunks.items[i].used)
			return true;
	}
	return false;
}

void strpool_free(struct muster_strpool *pool)
{
	if (!pool)
		return;
	for (size_t i = 0; i < pool->chunks.nr; i++)
		free(pool->chunks.items[i].mem);
	ARRAY_RELEASE(pool->chunks);
	free(pool->slots);
	free(pool);
}

/* ---- lifecycle and lookups ---------------------------------------------- */

void muster_scenario_release(struct muster_scenario *sc)
{
	scenario_release_rows_of(sc, NULL);
}

void scenario_release_rows_of(struct muster_scenario *sc, const struct muster_strpool *other)
{
	if (!sc)
		return;
	/* Every entity from its description (entity.c), table by table. */
	for (size_t t = 0; t < store_tables_nr; t++) {
		const struct store_table *tb = &store_tables[t];
		for (size_t i = 0, n = tb->count(sc); i < n; i++) {
			void *row = (void *)tb->at(sc, i);
			for (size_t k = 0; other && k < tb->ncols; k++) {
				char **p = (char **)(void *)((char *)row + tb->cols[k].off);
				if (tb->cols[k].type == STORE_STR && strpool_owns(other, *p))
					*p = NULL; /* the other's: it stays, with it */
			}
			entity_row_release(tb, row, sc->strings);
		}
	}
	strpool_free(sc->strings);
	sc->strings = NULL;
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
