/*
 * sources.c: the source names of deployments and their coverage (issue 14).
 *
 * A public data import writes each deployment's source as "TAG:NAME:LINE
 * ..." (import_public.c): TAG the format's tag, NAME the import's identity
 * (--source NAME, else the file's full path), LINE the first line of the
 * file the figure comes from. The source name is NAME. Every other row (a
 * scenario folder's deployments.csv, a record typed in) belongs to the one
 * source "(scenario)", whatever its source text says: that text is a note
 * on provenance, not an identity.
 */
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char *const tags[] = {"un-peacekeeping-ipi", "troopdata", "deployments"};

/* Where NAME ends in "NAME:LINE[ ...]": the last ':' followed by digits and then end or ' '. */
static const char *name_end(const char *p)
{
	const char *end = NULL;
	for (const char *q = strchr(p, ':'); q; q = strchr(q + 1, ':')) {
		size_t digits = strspn(q + 1, "0123456789");
		if (q > p && digits && (q[1 + digits] == '\0' || q[1 + digits] == ' ')) {
			end = q;
			break;
		}
	}
	return end;
}

char *muster_source_name(const char *source)
{
	for (size_t i = 0; source && i < ARRAY_SIZE(tags); i++) {
		size_t n = strlen(tags[i]);
		if (strncmp(source, tags[i], n) || source[n] != ':')
			continue;
		const char *p = source + n + 1, *end = name_end(p);
		if (end)
			return xstrndup(p, (size_t)(end - p));
	}
	return xstrdup("(scenario)");
}

bool muster_source_name_matches(const char *name, const char *want)
{
	if (!strcmp(name, want))
		return true;
	const char *slash = strrchr(name, '/');
	return slash && !strchr(want, '/') && !strcmp(slash + 1, want);
}

static int cmp_cov(const void *a, const void *b)
{
	return strcmp(((const struct muster_source_coverage *)a)->name,
		      ((const struct muster_source_coverage *)b)->name);
}

/*
 * Distinct strings seen for one source (nations or countries): a small sorted
 * set, behind a cache of the pointers already added (a loaded scenario's
 * deployments share one copy of each code: most adds end there).
 */
#define STRSET_SEEN 512
struct strset {
	MUSTER_ARRAY(const char *) v;
	const char **seen; /* STRSET_SEEN pointers in the set, by address */
};

static void strset_add(struct strset *s, const char *x)
{
	size_t h = ((uintptr_t)x >> 3) % STRSET_SEEN;
	if (!s->seen)
		s->seen = xcalloc(STRSET_SEEN, sizeof(*s->seen));
	if (s->seen[h] == x)
		return;
	s->seen[h] = x;
	size_t lo = 0, hi = s->v.nr;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->v.items[mid], x);
		if (!c)
			return;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	ARRAY_GROW(s->v, s->v.nr + 1);
	memmove(&s->v.items[lo + 1], &s->v.items[lo], (s->v.nr - lo) * sizeof(s->v.items[0]));
	s->v.items[lo] = x;
	s->v.nr++;
}

int muster_source_coverages(const struct muster_scenario *sc, struct muster_source_coverage **out,
			    size_t *n, struct muster_error *err)
{
	MUSTER_ARRAY(struct muster_source_coverage) cov = {0};
	MUSTER_ARRAY(struct strset) nat = {0};
	MUSTER_ARRAY(struct strset) cty = {0};
	const char *last_src = NULL;
	size_t last = 0;
	(void)err;
	for (size_t i = 0; i < sc->deployments.nr; i++) {
		const struct muster_deployment *d = &sc->deployments.items[i];
		size_t k = last;
		/* consecutive rows mostly share a source: compare its text first */
		if (!cov.nr || !last_src || !d->source || strcmp(last_src, d->source)) {
			char *name = muster_source_name(d->source);
			for (k = 0; k < cov.nr && strcmp(cov.items[k].name, name); k++)
				;
			if (k == cov.nr) {
				struct muster_source_coverage c = {
				    .name = name, .from = d->from, .to = d->to};
				struct strset empty = {0};
				ARRAY_PUSH(cov, c);
				ARRAY_PUSH(nat, empty);
				ARRAY_PUSH(cty, empty);
			} else {
				free(name);
			}
			last_src = d->source;
			last = k;
		}
		struct muster_source_coverage *c = &cov.items[k];
		c->deployments++;
		if (d->from < c->from)
			c->from = d->from;
		if (c->to != MUSTER_DATE_OPEN && (d->to == MUSTER_DATE_OPEN || d->to > c->to))
			c->to = d->to;
		strset_add(&nat.items[k], d->nation);
		strset_add(&cty.items[k], d->country);
	}
	for (size_t k = 0; k < cov.nr; k++) {
		cov.items[k].nations = nat.items[k].v.nr;
		cov.items[k].countries = cty.items[k].v.nr;
		ARRAY_RELEASE(nat.items[k].v);
		ARRAY_RELEASE(cty.items[k].v);
		free(nat.items[k].seen);
		free(cty.items[k].seen);
	}
	ARRAY_RELEASE(nat);
	ARRAY_RELEASE(cty);
	if (cov.nr)
		qsort(cov.items, cov.nr, sizeof(cov.items[0]), cmp_cov);
	*out = cov.items;
	*n = cov.nr;
	return 0;
}

void muster_source_coverages_release(struct muster_source_coverage *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].name);
	free(c);
}
