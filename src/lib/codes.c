/*
 * codes.c: the codes a user types into a filter (--nation usa, --mission NMI,
 * a list of participants), resolved against a scenario in one place, so that
 * every command and front end accepts and rejects the same codes with the
 * same message.
 *
 * Decisions:
 * - Which codes exist: a nation or a country is any code of the scenario's
 *   nations.csv, of the built-in reference table (every ISO 3166-1 country),
 *   or named anywhere in the data (a host, a location, an offer, a caveat, a
 *   cap, a deployment, a key), since imported public data may use codes of
 *   its own. Missions and capabilities are those of the scenario (for
 *   capabilities, also those the offers and lines name).
 * - Matching: the exact code first, else the one code that equals it when
 *   case is ignored (ASCII), so `usa` means USA; two codes differing only in
 *   case make a lower-case filter ambiguous, which is an error, not a guess.
 * - Suggestions come from the scenario's own codes only: among the 250
 *   three-letter reference codes almost any typo is close to some country,
 *   and a suggestion that is not in the data helps nobody.
 * - Canonical codes are borrowed (from the scenario or the static reference
 *   table), never copied: resolving allocates only temporaries.
 */
#include "i18n.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Distinct codes, borrowed from the scenario; linear, the lists are short. */
struct codes {
	const char **items;
	size_t nr, alloc;
};

static void codes_add(struct codes *c, const char *code)
{
	if (!code || !*code)
		return;
	for (size_t i = 0; i < c->nr; i++)
		if (!strcmp(c->items[i], code))
			return;
	ARRAY_PUSH(*c, code);
}

/* Every nation or country code the scenario names, first seen first. */
static void nation_codes(const struct muster_scenario *sc, struct codes *c)
{
	for (size_t i = 0; i < sc->nations.nr; i++)
		codes_add(c, sc->nations.items[i].code);
	for (size_t i = 0; i < sc->missions.nr; i++)
		codes_add(c, sc->missions.items[i].host);
	for (size_t i = 0; i < sc->requirements.nr; i++)
		codes_add(c, sc->requirements.items[i].location);
	for (size_t i = 0; i < sc->offers.nr; i++)
		codes_add(c, sc->offers.items[i].nation);
	for (size_t i = 0; i < sc->caveats.nr; i++)
		codes_add(c, sc->caveats.items[i].nation);
	for (size_t i = 0; i < sc->caps.nr; i++) {
		codes_add(c, sc->caps.items[i].nation);
		codes_add(c, sc->caps.items[i].country);
	}
	for (size_t i = 0; i < sc->deployments.nr; i++) {
		codes_add(c, sc->deployments.items[i].nation);
		codes_add(c, sc->deployments.items[i].country);
	}
	for (size_t i = 0; i < sc->keys.nr; i++)
		codes_add(c, sc->keys.items[i].nation);
}

static void scenario_codes(const struct muster_scenario *sc, enum muster_code_kind kind,
			   struct codes *c)
{
	switch (kind) {
	case MUSTER_CODE_NATION:
	case MUSTER_CODE_COUNTRY:
		nation_codes(sc, c);
		break;
	case MUSTER_CODE_MISSION:
		for (size_t i = 0; i < sc->missions.nr; i++)
			codes_add(c, sc->missions.items[i].code);
		break;
	case MUSTER_CODE_CAPABILITY:
		for (size_t i = 0; i < sc->capabilities.nr; i++)
			codes_add(c, sc->capabilities.items[i].code);
		for (size_t i = 0; i < sc->offers.nr; i++)
			codes_add(c, sc->offers.items[i].capability);
		for (size_t i = 0; i < sc->requirements.nr; i++)
			codes_add(c, sc->requirements.items[i].capability);
		break;
	}
}

const char *muster_code_kind_name(enum muster_code_kind kind)
{
	static const char *const names[] = {"nation", "country", "mission", "capability"};
	return (size_t)kind < ARRAY_SIZE(names) ? names[kind] : "code";
}

void muster_scenario_codes(const struct muster_scenario *sc, enum muster_code_kind kind,
			   struct muster_strlist *out)
{
	struct codes c = {0};
	scenario_codes(sc, kind, &c);
	for (size_t i = 0; i < c.nr; i++)
		if (!muster_strlist_has(out, c.items[i]))
			muster_strlist_push(out, c.items[i]);
	ARRAY_RELEASE(c);
}

static char *upper(const char *s)
{
	char *u = xstrdup(s);
	for (char *p = u; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return u;
}

/* The scenario code closest to `code`, case ignored; NULL when none is close. */
static const char *suggest(const char *code, const struct codes *c)
{
	char **up = xcalloc(c->nr + 1, sizeof(*up));
	char *want = upper(code);
	const char *near, *found = NULL;
	for (size_t i = 0; i < c->nr; i++)
		up[i] = upper(c->items[i]);
	near = closest_word(want, (const char *const *)up, c->nr);
	for (size_t i = 0; i < c->nr; i++) {
		if (near == up[i])
			found = c->items[i];
		free(up[i]);
	}
	free(up);
	free(want);
	return found;
}

/* Add `cand` to the case-insensitive matches of `code` (distinct). */
static void ci_match(const char *code, const char *cand, const char **m, size_t *n)
{
	if (!cand || strcasecmp(code, cand))
		return;
	for (size_t i = 0; i < *n && i < 2; i++)
		if (!strcmp(m[i], cand))
			return;
	if (*n < 2)
		m[*n] = cand;
	(*n)++;
}

/* The exact code or the case-insensitive matches (at most 2 kept), in c or the reference. */
static const char *find_code(const char *code, bool nations, const struct codes *c, const char **m,
			     size_t *n)
{
	size_t nref = 0;
	const struct muster_nation *ref = nations ? muster_reference_nations(&nref) : NULL;
	for (size_t i = 0; i < c->nr; i++)
		if (!strcmp(c->items[i], code))
			return c->items[i];
	for (size_t i = 0; i < nref; i++)
		if (!strcmp(ref[i].code, code))
			return ref[i].code;
	*n = 0;
	for (size_t i = 0; i < c->nr; i++)
		ci_match(code, c->items[i], m, n);
	for (size_t i = 0; i < nref; i++)
		ci_match(code, ref[i].code, m, n);
	return *n == 1 ? m[0] : NULL;
}

/* "unknown mission 'NMX'; did you mean 'NMI'?": one whole sentence per kind, for people */
static int unknown_code(struct muster_error *err, enum muster_code_kind kind, const char *code,
			const char *near)
{
	switch (kind) {
	case MUSTER_CODE_NATION:
		return near ? muster_error_set(err, MUSTER_ENOENT,
					       _("unknown nation '%s'; did you mean '%s'?"), code,
					       near)
			    : muster_error_set(err, MUSTER_ENOENT, _("unknown nation '%s'"), code);
	case MUSTER_CODE_COUNTRY:
		return near ? muster_error_set(err, MUSTER_ENOENT,
					       _("unknown country '%s'; did you mean '%s'?"), code,
					       near)
			    : muster_error_set(err, MUSTER_ENOENT, _("unknown country '%s'"), code);
	case MUSTER_CODE_MISSION:
		return near ? muster_error_set(err, MUSTER_ENOENT,
					       _("unknown mission '%s'; did you mean '%s'?"), code,
					       near)
			    : muster_error_set(err, MUSTER_ENOENT, _("unknown mission '%s'"), code);
	case MUSTER_CODE_CAPABILITY:
		return near ? muster_error_set(err, MUSTER_ENOENT,
					       _("unknown capability '%s'; did you mean '%s'?"),
					       code, near)
			    : muster_error_set(err, MUSTER_ENOENT, _("unknown capability '%s'"),
					       code);
	}
	return near ? muster_error_set(err, MUSTER_ENOENT,
				       _("unknown code '%s'; did you mean '%s'?"), code, near)
		    : muster_error_set(err, MUSTER_ENOENT, _("unknown code '%s'"), code);
}

int muster_code_resolve(const struct muster_scenario *sc, enum muster_code_kind kind,
			const char *code, const char **out, struct muster_error *err)
{
	struct codes c = {0};
	const char *m[2] = {NULL, NULL}, *what = muster_code_kind_name(kind);
	size_t n = 0;
	int rc = 0;
	*out = NULL;
	if (!code || !*code)
		return muster_error_set(err, MUSTER_EINVAL, _("%s: expected a code, got ''"), what);
	scenario_codes(sc, kind, &c);
	*out =
	    find_code(code, kind == MUSTER_CODE_NATION || kind == MUSTER_CODE_COUNTRY, &c, m, &n);
	if (*out)
		goto out;
	if (n > 1) {
		rc = muster_error_set(err, MUSTER_EINVAL,
				      _("%s '%s' is ambiguous: '%s' and '%s' differ only in case; "
					"give the exact code"),
				      what, code, m[0], m[1]);
		goto out;
	}
	*out = suggest(code, &c);
	rc = unknown_code(err, kind, code, *out);
out:
	ARRAY_RELEASE(c);
	return rc;
}

int muster_code_check(const struct muster_scenario *sc, enum muster_code_kind kind,
		      const char *code, struct muster_error *err)
{
	const char *canon;
	int rc = muster_code_resolve(sc, kind, code, &canon, err);
	if (rc == 0 && strcmp(canon, code))
		return unknown_code(err, kind, code, canon);
	return rc;
}
