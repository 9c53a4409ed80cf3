/*
 * whatif.c: what-if scenarios as layers of changes over a base, and the
 * side-by-side diff of two scenarios.
 *
 * A change is one line of text: a verb, for `offer` and `phase` a sub-verb,
 * then key=value pairs in any order (a value with blanks in double quotes,
 * \" and \\ escaped inside):
 *
 *   withdraw nation=N mission=M from=D   end N's part in M from D
 *   withdraw nation=N country=C from=D   end N's presence in C from D
 *   cap nation=N country=C limit=L [from=D] [to=D] [note=TEXT]
 *                                        set N's cap in C over [from, to)
 *   move-deadline nation=N country=C to=D [from=OLD]
 *                                        move N's deadline (cap 0) in C to D
 *   approve mission=M phase=P            a requested phase becomes approved
 *   phase add mission=M phase=P from=D ceiling=N [to=D] [scope=S] [status=S]
 *   phase set mission=M phase=P [ceiling=N] [from=D] [to=D] [scope=S] [status=S]
 *   offer add id=O nation=N capability=C units=U personnel=P from=D [to=D]
 *             [readiness=R] [mission=M] [line=L] [caveats=A;B] [status=S] [pool=N]
 *   offer set id=O KEY=VALUE...          any offer column but id and nation
 *   offer withdraw id=O
 *
 * Key decisions:
 * - The store keeps each line verbatim (normalised by muster_whatif_normalize);
 *   muster_db_load re-applies the lines in order on every load, so a layer
 *   is never a copy and follows later edits of its base.
 * - Applying is validation: an unknown nation, mission, phase, offer or
 *   capability, a bad number or date fails with a message naming the change,
 *   and the CLI stores a line only after applying it to the scenario it
 *   extends succeeded.
 * - Withdrawing truncates at D: deployments end at D (those starting on or
 *   after D disappear); offers restricted to the mission end at D (those
 *   starting on or after D become withdrawn); an offer usable elsewhere is
 *   split at D, its part from D onwards carrying a hard caveat that keeps it
 *   out of the mission (only-missions: every other mission) or the country
 *   (not-countries). Split offers get the id "O@D".
 * - A deadline is a cap of 0. Moving it from OLD to NEW moves its start and
 *   the end of every cap of the same nation and country that ended at OLD
 *   (so the cap before the deadline neither leaves a gap nor overlaps it).
 *   Deployments never move: the posture is what happened or is planned, and
 *   the point of moving a deadline is to check that posture against it (a
 *   deadline moved later than the real exit must show no breach).
 * - `cap` sets: caps of the same nation and country overlapping [from, to)
 *   are cut around it, then the new cap is added.
 */
#include "store.h"
#include "i18n.h"
#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHANGE_MAX_LEN 4096

struct kv {
	char *key, *val;
};

struct change {
	const char *text; /* the whole line, for messages */
	char *verb, *sub;
	MUSTER_ARRAY(struct kv) kv;
};

static void change_release(struct change *c)
{
	free(c->verb);
	free(c->sub);
	for (size_t i = 0; i < c->kv.nr; i++) {
		free(c->kv.items[i].key);
		free(c->kv.items[i].val);
	}
	ARRAY_RELEASE(c->kv);
}

__attribute__((format(printf, 4, 5))) static int fail(struct muster_error *err, int code,
						      const char *text, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	muster_error_set(err, code, _("what-if change '%s': %s"), text, sb.buf);
	strbuf_release(&sb);
	return code;
}

/* ---- parsing ---------------------------------------------------------- */

/* Read one value at *p (quoted or bare) into sb; advances *p. */
static int read_value(const char **p, struct strbuf *sb)
{
	const char *s = *p;
	if (*s != '"') {
		while (*s && *s != ' ' && *s != '\t')
			strbuf_addch(sb, *s++);
		*p = s;
		return 0;
	}
	for (s++; *s && *s != '"'; s++) {
		if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
			s++;
		strbuf_addch(sb, *s);
	}
	if (*s != '"')
		return MUSTER_EINVAL;
	*p = s + 1;
	return 0;
}

static int parse_token(struct change *c, const char **p, struct muster_error *err)
{
	const char *s = *p, *eq;
	size_t n = strcspn(s, " \t");
	eq = memchr(s, '=', n);
	if (!eq) {
		char *word = xstrndup(s, n);
		*p = s + n;
		if (!c->verb) {
			c->verb = word;
			return 0;
		}
		if (!c->sub && !c->kv.nr &&
		    (!strcmp(c->verb, "offer") || !strcmp(c->verb, "phase"))) {
			c->sub = word;
			return 0;
		}
		fail(err, MUSTER_EINVAL, c->text, _("expected KEY=VALUE, got '%s'"), word);
		free(word);
		return MUSTER_EINVAL;
	}
	if (eq == s || !c->verb)
		return fail(err, MUSTER_EINVAL, c->text, _("expected a verb, got '%.*s'"), (int)n,
			    s);
	struct strbuf sb = STRBUF_INIT;
	const char *v = eq + 1;
	if (read_value(&v, &sb) < 0) {
		strbuf_release(&sb);
		return fail(err, MUSTER_EINVAL, c->text, _("unterminated quote after '%.*s='"),
			    (int)(eq - s), s);
	}
	struct kv kv = {xstrndup(s, (size_t)(eq - s)), strbuf_detach(&sb, NULL)};
	for (size_t i = 0; i < c->kv.nr; i++) {
		if (!strcmp(c->kv.items[i].key, kv.key)) {
			fail(err, MUSTER_EINVAL, c->text, _("'%s' given twice"), kv.key);
			free(kv.key);
			free(kv.val);
			return MUSTER_EINVAL;
		}
	}
	ARRAY_PUSH(c->kv, kv);
	*p = v;
	return 0;
}

static int change_parse(struct change *c, const char *text, struct muster_error *err)
{
	const char *p = text;
	memset(c, 0, sizeof(*c));
	c->text = text;
	if (strlen(text) > CHANGE_MAX_LEN)
		return muster_error_set(err, MUSTER_EINVAL,
					_("what-if change is longer than %d bytes"),
					CHANGE_MAX_LEN);
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (parse_token(c, &p, err) < 0)
			return MUSTER_EINVAL;
	}
	if (!c->verb)
		return muster_error_set(err, MUSTER_EINVAL, _("empty what-if change"));
	return 0;
}

static const char *get(const struct change *c, const char *key)
{
	for (size_t i = 0; i < c->kv.nr; i++)
		if (!strcmp(c->kv.items[i].key, key))
			return c->kv.items[i].val;
	return NULL;
}

/* ---- the verbs -------------------------------------------------------- */

typedef int (*apply_fn)(struct muster_scenario *sc, const struct change *c,
			struct muster_error *err);

struct verb {
	const char *verb, *sub;
	const char *keys;     /* allowed keys, space separated */
	const char *required; /* required keys, space separated */
	apply_fn apply;
};

static bool word_in(const char *word, const char *list)
{
	size_t n = strlen(word);
	for (const char *p = list; *p;) {
		size_t k = strcspn(p, " ");
		if (k == n && !strncmp(p, word, n))
			return true;
		p += k;
		while (*p == ' ')
			p++;
	}
	return false;
}

static int check_keys(const struct verb *v, const struct change *c, struct muster_error *err)
{
	for (size_t i = 0; i < c->kv.nr; i++) {
		if (!word_in(c->kv.items[i].key, v->keys))
			return fail(err, MUSTER_EINVAL, c->text, _("unknown key '%s' (known: %s)"),
				    c->kv.items[i].key, v->keys);
	}
	for (const char *p = v->required; *p;) {
		size_t k = strcspn(p, " ");
		char *key = xstrndup(p, k);
		bool have = get(c, key) != NULL;
		free(key);
		if (!have)
			return fail(err, MUSTER_EINVAL, c->text, _("missing '%.*s='"), (int)k, p);
		p += k;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/* ---- value checks ---- */

static int get_date(const struct change *c, const char *key, int32_t *out, struct muster_error *err)
{
	const char *v = get(c, key);
	if (muster_date_parse(v, out) < 0)
		return fail(err, MUSTER_EINVAL, c->text,
			    _("'%s': expected a date YYYY-MM-DD, got '%s'"), key, v);
	return 0;
}

/* An optional date: *out keeps its value when the key is absent; "" is `dflt`. */
static int opt_date(const struct change *c, const char *key, int32_t dflt, int32_t *out,
		    struct muster_error *err)
{
	const char *v = get(c, key);
	if (!v)
		return 0;
	if (!*v) {
		*out = dflt;
		return 0;
	}
	return get_date(c, key, out, err);
}

static int opt_long(const struct change *c, const char *key, long min, long max, long *out,
		    struct muster_error *err)
{
	const char *v = get(c, key);
	if (!v)
		return 0;
	if (strtonum_l(v, min, max, out) < 0) {
		if (max < 100)
			return fail(err, MUSTER_EINVAL, c->text,
				    _("'%s': expected a whole number %ld..%ld, got '%s'"), key, min,
				    max, v);
		return fail(err, MUSTER_EINVAL, c->text,
			    _("'%s': expected a whole number >= %ld, got '%s'"), key, min, v);
	}
	return 0;
}

/* A code of the change must be one the scenario knows, exactly (codes.c). */
static int check_code(const struct muster_scenario *sc, const struct change *c, const char *v,
		      enum muster_code_kind kind, struct muster_error *err)
{
	struct muster_error e = {0};
	int rc = muster_code_check(sc, kind, v, &e);
	if (rc < 0)
		rc = fail(err, rc, c->text, "%s", e.msg);
	muster_error_release(&e);
	return rc;
}

static int check_nation(const struct muster_scenario *sc, const struct change *c, const char *key,
			struct muster_error *err)
{
	const char *v = get(c, key);
	if (!v)
		return 0;
	return check_code(sc, c, v,
			  !strcmp(key, "nation") ? MUSTER_CODE_NATION : MUSTER_CODE_COUNTRY, err);
}

/* "unknown mission 'NM'; did you mean 'NMI'?" */
static int unknown(const struct change *c, const char *what, const char *name,
		   const char *const *names, size_t n, struct muster_error *err)
{
	const char *near = closest_word(name, names, n);
	if (near)
		return fail(err, MUSTER_ENOENT, c->text, _("unknown %s '%s'; did you mean '%s'?"),
			    what, name, near);
	return fail(err, MUSTER_ENOENT, c->text, _("unknown %s '%s'"), what, name);
}

static int check_mission(const struct muster_scenario *sc, const struct change *c,
			 struct muster_error *err)
{
	const char *v = get(c, "mission");
	if (!v || !*v)
		return 0;
	return check_code(sc, c, v, MUSTER_CODE_MISSION, err);
}

static int check_offer_id(const struct muster_scenario *sc, const struct change *c, size_t *idx,
			  struct muster_error *err)
{
	const char *id = get(c, "id");
	for (size_t i = 0; i < sc->offers.nr; i++) {
		if (!strcmp(sc->offers.items[i].id, id)) {
			*idx = i;
			return 0;
		}
	}
	const char **names = xcalloc(sc->offers.nr + 1, sizeof(*names));
	for (size_t i = 0; i < sc->offers.nr; i++)
		names[i] = sc->offers.items[i].id;
	int rc = unknown(c, _("offer"), id, names, sc->offers.nr, err);
	free(names);
	return rc;
}

static struct muster_phase *find_phase(struct muster_scenario *sc, const char *mission,
				       const char *phase)
{
	for (size_t i = 0; i < sc->phases.nr; i++) {
		struct muster_phase *p = &sc->phases.items[i];
		if (!strcmp(p->mission, mission) && !strcmp(p->phase, phase))
			return p;
	}
	return NULL;
}

/* ---- withdraw ---- */

/* The hard caveat that keeps nation's offers out of a mission or a country. */
static const char *withdraw_caveat(struct muster_scenario *sc, const char *nation,
				   const char *mission, const char *country)
{
	char *id = xstrfmt("whatif-%s-out-of-%s", nation, mission ? mission : country);
	struct muster_caveat cv = {0};
	const struct muster_caveat *have = muster_scenario_caveat(sc, id);
	if (have) {
		free(id);
		return have->id;
	}
	cv.id = id;
	cv.nation = xstrdup(nation);
	cv.hard = true;
	if (country) {
		cv.kind = MUSTER_CAVEAT_NOT_COUNTRIES;
		muster_strlist_push(&cv.values, country);
	} else {
		cv.kind = MUSTER_CAVEAT_ONLY_MISSIONS;
		for (size_t i = 0; i < sc->missions.nr; i++)
			if (strcmp(sc->missions.items[i].code, mission))
				muster_strlist_push(&cv.values, sc->missions.items[i].code);
	}
	ARRAY_PUSH(sc->caveats, cv);
	return id;
}

/* Copies and releases work from the entity descriptions (entity.c). */
static void offer_copy(struct muster_offer *dst, const struct muster_offer *o)
{
	memset(dst, 0, sizeof(*dst));
	entity_row_copy(store_table_of(SC_OFFERS), dst, o);
}

/* Rows of sc or copies of them: the strings of sc's pool stay with sc. */
static void offer_free(const struct muster_scenario *sc, struct muster_offer *o)
{
	entity_row_release(store_table_of(SC_OFFERS), o, sc->strings);
}

/* A fresh offer id "O@D" (then "O@D.2", ...). */
static char *split_id(const struct muster_scenario *sc, const char *id, int32_t at)
{
	char date[11];
	muster_date_format(at, date);
	char *s = xstrfmt("%s@%s", id, date);
	for (int k = 2; muster_scenario_offer(sc, s); k++) {
		free(s);
		s = xstrfmt("%s@%s.%d", id, date, k);
	}
	return s;
}

/*
 * End offer i at `at`. With a caveat id, the part from `at` on stays, kept
 * out by the caveat; without, it goes.
 */
static void cut_offer(struct muster_scenario *sc, size_t i, int32_t at, const char *caveat)
{
	struct muster_offer *o = &sc->offers.items[i], copy;
	if (o->status == MUSTER_OFFER_WITHDRAWN || o->to <= at)
		return;
	if (o->from >= at) {
		if (!caveat)
			o->status = MUSTER_OFFER_WITHDRAWN;
		else if (!muster_strlist_has(&o->caveats, caveat))
			muster_strlist_push(&o->caveats, caveat);
		return;
	}
	if (caveat) {
		offer_copy(&copy, o);
		free(copy.id);
		copy.id = split_id(sc, o->id, at);
		copy.from = at;
		muster_strlist_push(&copy.caveats, caveat);
		ARRAY_PUSH(sc->offers, copy);
		o = &sc->offers.items[i];
	}
	o->to = at;
}

static void deployment_free(const struct muster_scenario *sc, struct muster_deployment *d)
{
	entity_row_release(store_table_of(SC_DEPLOYMENTS), d, sc->strings);
}

/* End deployments matching (nation, mission or country) at `at`. */
static void cut_deployments(struct muster_scenario *sc, const char *nation, const char *mission,
			    const char *country, int32_t at)
{
	size_t k = 0;
	for (size_t i = 0; i < sc->deployments.nr; i++) {
		struct muster_deployment *d = &sc->deployments.items[i];
		bool hit = !strcmp(d->nation, nation) &&
			   (mission ? d->mission && !strcmp(d->mission, mission)
				    : !strcmp(d->country, country));
		if (hit && d->from >= at) {
			deployment_free(sc, d);
			continue;
		}
		if (hit && d->to > at)
			d->to = at;
		sc->deployments.items[k++] = *d;
	}
	sc->deployments.nr = k;
}

static int apply_withdraw(struct muster_scenario *sc, const struct change *c,
			  struct muster_error *err)
{
	const char *nation = get(c, "nation"), *mission = get(c, "mission");
	const char *country = get(c, "country");
	int32_t at;
	if (!mission == !country)
		return fail(err, MUSTER_EINVAL, c->text, _("give one of 'mission=' or 'country='"));
	if (check_nation(sc, c, "nation", err) < 0 || check_nation(sc, c, "country", err) < 0 ||
	    check_mission(sc, c, err) < 0 || get_date(c, "from", &at, err) < 0)
		return err ? err->code : MUSTER_EINVAL;
	cut_deployments(sc, nation, mission, country, at);
	size_t n = sc->offers.nr;
	for (size_t i = 0; i < n; i++) {
		const struct muster_offer *o = &sc->offers.items[i];
		/* Only offers running past D change (and only they need the caveat). */
		if (strcmp(o->nation, nation) || o->status == MUSTER_OFFER_WITHDRAWN || o->to <= at)
			continue;
		if (country) {
			cut_offer(sc, i, at, withdraw_caveat(sc, nation, NULL, country));
		} else if (o->mission && !strcmp(o->mission, mission)) {
			cut_offer(sc, i, at, NULL);
		} else if (!o->mission) {
			bool others = sc->missions.nr > 1;
			cut_offer(sc, i, at,
				  others ? withdraw_caveat(sc, nation, mission, NULL) : NULL);
		}
	}
	return 0;
}

/* ---- caps and deadlines ---- */

static void cap_free(const struct muster_scenario *sc, struct muster_cap *cp)
{
	entity_row_release(store_table_of(SC_CAPS), cp, sc->strings);
}

static bool cap_of(const struct muster_cap *cp, const char *nation, const char *country)
{
	return !strcmp(cp->nation, nation) && !strcmp(cp->country, country);
}

/* Cut caps of (nation, country) around [from, to). */
static void cut_caps(struct muster_scenario *sc, const char *nation, const char *country,
		     int32_t from, int32_t to)
{
	size_t n = sc->caps.nr;
	for (size_t i = 0; i < n; i++) {
		struct muster_cap *cp = &sc->caps.items[i];
		if (!cap_of(cp, nation, country) || cp->to <= from || cp->from >= to)
			continue;
		if (cp->to > to) { /* the part after [from, to) */
			struct muster_cap after = {0};
			entity_row_copy(store_table_of(SC_CAPS), &after, cp);
			free(after.id);
			after.id = NULL; /* a new cap: the cut keeps the id on the first part */
			after.from = to;
			ARRAY_PUSH(sc->caps, after);
			cp = &sc->caps.items[i];
		}
		cp->to = from; /* the part before; empty when cp->from >= from */
	}
	size_t k = 0;
	for (size_t i = 0; i < sc->caps.nr; i++) {
		struct muster_cap *cp = &sc->caps.items[i];
		if (cp->to <= cp->from && cp->from != MUSTER_DATE_NONE) {
			cap_free(sc, cp);
			continue;
		}
		if (cp->from == MUSTER_DATE_NONE && cp->to == MUSTER_DATE_NONE) {
			cap_free(sc, cp);
			continue;
		}
		sc->caps.items[k++] = *cp;
	}
	sc->caps.nr = k;
}

static int apply_cap(struct muster_scenario *sc, const struct change *c, struct muster_error *err)
{
	struct muster_cap cp = {.from = MUSTER_DATE_NONE, .to = MUSTER_DATE_OPEN};
	if (check_nation(sc, c, "nation", err) < 0 || check_nation(sc, c, "country", err) < 0 ||
	    opt_long(c, "limit", 0, 100000000, &cp.limit, err) < 0 ||
	    opt_date(c, "from", MUSTER_DATE_NONE, &cp.from, err) < 0 ||
	    opt_date(c, "to", MUSTER_DATE_OPEN, &cp.to, err) < 0)
		return err ? err->code : MUSTER_EINVAL;
	if (cp.to <= cp.from && cp.from != MUSTER_DATE_NONE)
		return fail(err, MUSTER_EINVAL, c->text, _("'to' must be after 'from'"));
	cut_caps(sc, get(c, "nation"), get(c, "country"), cp.from, cp.to);
	cp.nation = xstrdup(get(c, "nation"));
	cp.country = xstrdup(get(c, "country"));
	cp.note = xstrdup_or_null(get(c, "note"));
	ARRAY_PUSH(sc->caps, cp);
	return 0;
}

static int find_deadline(struct muster_scenario *sc, const struct change *c, size_t *idx,
			 struct muster_error *err)
{
	const char *nation = get(c, "nation"), *country = get(c, "country");
	int32_t old = MUSTER_DATE_NONE;
	size_t found = 0;
	if (opt_date(c, "from", MUSTER_DATE_NONE, &old, err) < 0)
		return MUSTER_EINVAL;
	for (size_t i = 0; i < sc->caps.nr; i++) {
		const struct muster_cap *cp = &sc->caps.items[i];
		if (!cap_of(cp, nation, country) || cp->limit != 0)
			continue;
		if (get(c, "from") && cp->from != old)
			continue;
		*idx = i;
		found++;
	}
	if (!found)
		return fail(err, MUSTER_ENOENT, c->text,
			    _("no deadline (cap of 0) for '%s' in '%s'%s"), nation, country,
			    get(c, "from") ? _(" from that date") : "");
	if (found > 1)
		return fail(err, MUSTER_EINVAL, c->text,
			    _("%zu deadlines for '%s' in '%s': add from=DATE to pick one"), found,
			    nation, country);
	return 0;
}

static int apply_move_deadline(struct muster_scenario *sc, const struct change *c,
			       struct muster_error *err)
{
	const char *nation = get(c, "nation"), *country = get(c, "country");
	int32_t to;
	size_t idx = 0;
	if (check_nation(sc, c, "nation", err) < 0 || check_nation(sc, c, "country", err) < 0 ||
	    get_date(c, "to", &to, err) < 0 || find_deadline(sc, c, &idx, err) < 0)
		return err ? err->code : MUSTER_EINVAL;
	int32_t old = sc->caps.items[idx].from;
	if (sc->caps.items[idx].to <= to)
		return fail(err, MUSTER_EINVAL, c->text,
			    _("the deadline would start on or after its own end"));
	sc->caps.items[idx].from = to;
	for (size_t i = 0; old != MUSTER_DATE_NONE && i < sc->caps.nr; i++) {
		struct muster_cap *cp = &sc->caps.items[i];
		if (i != idx && cap_of(cp, nation, country) && cp->to == old)
			cp->to = to;
	}
	/* Moving earlier can leave empty caps: drop them. */
	cut_caps(sc, nation, country, MUSTER_DATE_OPEN, MUSTER_DATE_OPEN);
	return 0;
}

/* ---- phases ---- */

static int parse_phase_fields(const struct change *c, struct muster_phase *p,
			      struct muster_error *err)
{
	const char *scope = get(c, "scope"), *status = get(c, "status");
	if (opt_long(c, "ceiling", 0, 100000000, &p->ceiling, err) < 0 ||
	    opt_date(c, "from", MUSTER_DATE_NONE, &p->from, err) < 0 ||
	    opt_date(c, "to", MUSTER_DATE_OPEN, &p->to, err) < 0)
		return MUSTER_EINVAL;
	if (scope && strcmp(scope, "all") && strcmp(scope, "in-host"))
		return fail(err, MUSTER_EINVAL, c->text,
			    _("'scope': expected all|in-host, got '%s'"), scope);
	if (scope)
		p->scope = !strcmp(scope, "in-host") ? MUSTER_SCOPE_IN_HOST : MUSTER_SCOPE_ALL;
	if (status && strcmp(status, "approved") && strcmp(status, "requested"))
		return fail(err, MUSTER_EINVAL, c->text,
			    _("'status': expected approved|requested, got '%s'"), status);
	if (status)
		p->status =
		    !strcmp(status, "requested") ? MUSTER_PHASE_REQUESTED : MUSTER_PHASE_APPROVED;
	if (p->from == MUSTER_DATE_NONE)
		return fail(err, MUSTER_EINVAL, c->text, _("'from': a phase needs a start date"));
	if (p->to <= p->from)
		return fail(err, MUSTER_EINVAL, c->text, _("'to' must be after 'from'"));
	return 0;
}

static int check_phase_overlap(const struct muster_scenario *sc, const struct change *c,
			       const struct muster_phase *p, struct muster_error *err)
{
	for (size_t i = 0; i < sc->phases.nr; i++) {
		const struct muster_phase *q = &sc->phases.items[i];
		if (q == p || strcmp(q->mission, p->mission) || !strcmp(q->phase, p->phase))
			continue;
		if (q->from < p->to && p->from < q->to)
			return fail(err, MUSTER_EINVAL, c->text,
				    _("phase '%s' would overlap phase '%s' of mission '%s'"),
				    p->phase, q->phase, p->mission);
	}
	return 0;
}

static int lookup_phase(struct muster_scenario *sc, const struct change *c,
			struct muster_phase **out, struct muster_error *err)
{
	const char *mission = get(c, "mission"), *phase = get(c, "phase");
	if (check_mission(sc, c, err) < 0)
		return err ? err->code : MUSTER_ENOENT;
	*out = find_phase(sc, mission, phase);
	if (*out)
		return 0;
	const char **names = xcalloc(sc->phases.nr + 1, sizeof(*names));
	size_t n = 0;
	for (size_t i = 0; i < sc->phases.nr; i++)
		if (!strcmp(sc->phases.items[i].mission, mission))
			names[n++] = sc->phases.items[i].phase;
	const char *near = closest_word(phase, names, n);
	free(names);
	if (near)
		return fail(err, MUSTER_ENOENT, c->text,
			    _("mission '%s' has no phase '%s'; did you mean '%s'?"), mission, phase,
			    near);
	return fail(err, MUSTER_ENOENT, c->text, _("mission '%s' has no phase '%s'"), mission,
		    phase);
}

static int apply_approve(struct muster_scenario *sc, const struct change *c,
			 struct muster_error *err)
{
	struct muster_phase *p;
	if (lookup_phase(sc, c, &p, err) < 0)
		return err ? err->code : MUSTER_ENOENT;
	p->status = MUSTER_PHASE_APPROVED;
	return 0;
}

static int apply_phase_set(struct muster_scenario *sc, const struct change *c,
			   struct muster_error *err)
{
	struct muster_phase *p, tmp;
	if (lookup_phase(sc, c, &p, err) < 0)
		return err ? err->code : MUSTER_ENOENT;
	tmp = *p;
	if (parse_phase_fields(c, &tmp, err) < 0)
		return MUSTER_EINVAL;
	struct muster_phase saved = *p;
	*p = tmp;
	if (check_phase_overlap(sc, c, p, err) < 0) {
		*p = saved;
		return MUSTER_EINVAL;
	}
	return 0;
}

static int apply_phase_add(struct muster_scenario *sc, const struct change *c,
			   struct muster_error *err)
{
	const char *mission = get(c, "mission"), *phase = get(c, "phase");
	struct muster_phase p = {.from = MUSTER_DATE_NONE, .to = MUSTER_DATE_OPEN};
	if (check_mission(sc, c, err) < 0)
		return err ? err->code : MUSTER_ENOENT;
	if (find_phase(sc, mission, phase))
		return fail(err, MUSTER_EEXIST, c->text, _("mission '%s' already has a phase '%s'"),
			    mission, phase);
	p.mission = (char *)mission;
	p.phase = (char *)phase;
	if (parse_phase_fields(c, &p, err) < 0 || check_phase_overlap(sc, c, &p, err) < 0)
		return err ? err->code : MUSTER_EINVAL;
	p.mission = xstrdup(mission);
	p.phase = xstrdup(phase);
	ARRAY_PUSH(sc->phases, p);
	return 0;
}

/* ---- offers ---- */

static int parse_offer_status(const struct change *c, struct muster_offer *o,
			      struct muster_error *err)
{
	static const char *const names[] = {"offered", "accepted", "withdrawn"};
	const char *v = get(c, "status");
	if (!v)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcmp(v, names[i])) {
			o->status = (enum muster_offer_status)i;
			return 0;
		}
	}
	return fail(err, MUSTER_EINVAL, c->text,
		    _("'status': expected offered|accepted|withdrawn, got '%s'"), v);
}

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = v && *v ? xstrdup(v) : NULL;
}

/* Apply the offer fields present in c to o (a private copy), then check them. */
static int offer_fields(const struct muster_scenario *sc, const struct change *c,
			struct muster_offer *o, struct muster_error *err)
{
	long readiness = o->readiness;
	if (opt_long(c, "units", 1, 100000000, &o->units, err) < 0 ||
	    opt_long(c, "personnel", 1, 100000000, &o->personnel, err) < 0 ||
	    opt_long(c, "readiness", 0, 3, &readiness, err) < 0 ||
	    opt_date(c, "from", MUSTER_DATE_NONE, &o->from, err) < 0 ||
	    opt_date(c, "to", MUSTER_DATE_OPEN, &o->to, err) < 0 ||
	    parse_offer_status(c, o, err) < 0 || check_nation(sc, c, "nation", err) < 0 ||
	    check_mission(sc, c, err) < 0)
		return err ? err->code : MUSTER_EINVAL;
	o->readiness = (int)readiness;
	if (get(c, "pool")) { /* empty: not stated */
		o->pool.known = *get(c, "pool") != '\0';
		o->pool.value = 0;
		if (o->pool.known && opt_long(c, "pool", 0, 100000000, &o->pool.value, err) < 0)
			return err ? err->code : MUSTER_EINVAL;
	}
	if (get(c, "nation"))
		set_str(&o->nation, get(c, "nation"));
	if (get(c, "capability"))
		set_str(&o->capability, get(c, "capability"));
	if (get(c, "mission"))
		set_str(&o->mission, get(c, "mission"));
	if (get(c, "line"))
		set_str(&o->line, get(c, "line"));
	if (get(c, "caveats")) {
		muster_strlist_release(&o->caveats);
		muster_strlist_split(&o->caveats, get(c, "caveats"), ';');
	}
	if (o->from == MUSTER_DATE_NONE)
		return fail(err, MUSTER_EINVAL, c->text, _("'from': an offer needs a start date"));
	if (o->to <= o->from)
		return fail(err, MUSTER_EINVAL, c->text, _("'to' must be after 'from'"));
	if (!muster_scenario_capability(sc, o->capability)) { /* with the spelling, if close */
		int rc = check_code(sc, c, o->capability, MUSTER_CODE_CAPABILITY, err);
		return rc < 0 ? rc
			      : fail(err, MUSTER_ENOENT, c->text, _("unknown capability '%s'"),
				     o->capability);
	}
	if (o->line && !o->mission)
		return fail(err, MUSTER_EINVAL, c->text, _("'line' needs 'mission'"));
	if (o->line && !muster_scenario_requirement(sc, o->mission, o->line))
		return fail(err, MUSTER_ENOENT, c->text, _("unknown line '%s:%s'"), o->mission,
			    o->line);
	for (size_t i = 0; i < o->caveats.nr; i++)
		if (!muster_scenario_caveat(sc, o->caveats.items[i]))
			return fail(err, MUSTER_ENOENT, c->text, _("unknown caveat '%s'"),
				    o->caveats.items[i]);
	return 0;
}

static int apply_offer_add(struct muster_scenario *sc, const struct change *c,
			   struct muster_error *err)
{
	struct muster_offer o = {.from = MUSTER_DATE_NONE, .to = MUSTER_DATE_OPEN};
	if (muster_scenario_offer(sc, get(c, "id")))
		return fail(err, MUSTER_EEXIST, c->text, _("offer '%s' already exists"),
			    get(c, "id"));
	o.id = xstrdup(get(c, "id"));
	if (offer_fields(sc, c, &o, err) < 0) {
		offer_free(sc, &o);
		return err ? err->code : MUSTER_EINVAL;
	}
	ARRAY_PUSH(sc->offers, o);
	return 0;
}

static int apply_offer_set(struct muster_scenario *sc, const struct change *c,
			   struct muster_error *err)
{
	size_t i = 0;
	struct muster_offer o;
	if (check_offer_id(sc, c, &i, err) < 0)
		return err ? err->code : MUSTER_ENOENT;
	if (c->kv.nr < 2)
		return fail(err, MUSTER_EINVAL, c->text, _("nothing to set"));
	offer_copy(&o, &sc->offers.items[i]);
	if (offer_fields(sc, c, &o, err) < 0) {
		offer_free(sc, &o);
		return err ? err->code : MUSTER_EINVAL;
	}
	offer_free(sc, &sc->offers.items[i]);
	sc->offers.items[i] = o;
	return 0;
}

static int apply_offer_withdraw(struct muster_scenario *sc, const struct change *c,
				struct muster_error *err)
{
	size_t i = 0;
	if (check_offer_id(sc, c, &i, err) < 0)
		return err ? err->code : MUSTER_ENOENT;
	sc->offers.items[i].status = MUSTER_OFFER_WITHDRAWN;
	return 0;
}

#define OFFER_KEYS                                                                                 \
	"id nation capability units personnel from to readiness mission line caveats status pool"
#define PHASE_KEYS "mission phase ceiling from to scope status"

static const struct verb verbs[] = {
    {"withdraw", NULL, "nation mission country from", "nation from", apply_withdraw},
    {"cap", NULL, "nation country limit from to note", "nation country limit", apply_cap},
    {"move-deadline", NULL, "nation country to from", "nation country to", apply_move_deadline},
    {"approve", NULL, "mission phase", "mission phase", apply_approve},
    {"phase", "add", PHASE_KEYS, "mission phase from ceiling", apply_phase_add},
    {"phase", "set", PHASE_KEYS, "mission phase", apply_phase_set},
    {"offer", "add", OFFER_KEYS, "id nation capability units personnel from", apply_offer_add},
    {"offer", "set",
     "id capability units personnel from to readiness mission line caveats status pool", "id",
     apply_offer_set},
    {"offer", "withdraw", "id", "id", apply_offer_withdraw},
};

static int find_verb(const struct change *c, const struct verb **out, struct muster_error *err)
{
	static const char *const names[] = {"withdraw", "cap",	 "move-deadline",
					    "approve",	"phase", "offer"};
	bool verb_ok = false;
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++) {
		if (strcmp(verbs[i].verb, c->verb))
			continue;
		verb_ok = true;
		if (!verbs[i].sub || (c->sub && !strcmp(verbs[i].sub, c->sub))) {
			*out = &verbs[i];
			return 0;
		}
	}
	if (verb_ok)
		return fail(err, MUSTER_EINVAL, c->text, _("expected '%s %s', got '%s %s'"),
			    c->verb, !strcmp(c->verb, "offer") ? "add|set|withdraw" : "add|set",
			    c->verb, c->sub ? c->sub : "");
	const char *near = closest_word(c->verb, names, ARRAY_SIZE(names));
	if (near)
		return fail(err, MUSTER_EINVAL, c->text,
			    _("unknown change '%s'; did you mean '%s'?"), c->verb, near);
	return fail(err, MUSTER_EINVAL, c->text,
		    _("unknown change '%s' (known: withdraw, cap, move-deadline, approve, phase, "
		      "offer)"),
		    c->verb);
}

static int parse_checked(struct change *c, const char *text, const struct verb **v,
			 struct muster_error *err)
{
	if (change_parse(c, text, err) < 0 || find_verb(c, v, err) < 0 ||
	    check_keys(*v, c, err) < 0)
		return err && err->code ? err->code : MUSTER_EINVAL;
	return 0;
}

int muster_whatif_apply(struct muster_scenario *sc, const char *change, struct muster_error *err)
{
	struct change c;
	const struct verb *v = NULL;
	int rc = parse_checked(&c, change, &v, err);
	if (rc == 0)
		rc = v->apply(sc, &c, err);
	change_release(&c);
	return rc;
}

static void add_quoted(struct strbuf *sb, const char *v)
{
	if (*v && !strpbrk(v, " \t\"\\")) {
		strbuf_addstr(sb, v);
		return;
	}
	strbuf_addch(sb, '"');
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *v);
	}
	strbuf_addch(sb, '"');
}

int muster_whatif_normalize(const char *change, char **out, struct muster_error *err)
{
	struct change c;
	const struct verb *v = NULL;
	struct strbuf sb = STRBUF_INIT;
	int rc = parse_checked(&c, change, &v, err);
	*out = NULL;
	if (rc == 0) {
		strbuf_addstr(&sb, c.verb);
		if (c.sub)
			strbuf_addf(&sb, " %s", c.sub);
		for (size_t i = 0; i < c.kv.nr; i++) {
			strbuf_addf(&sb, " %s=", c.kv.items[i].key);
			add_quoted(&sb, c.kv.items[i].val);
		}
		*out = strbuf_detach(&sb, NULL);
	}
	change_release(&c);
	return rc;
}

/* ---- which runs to compare ------------------------------------------- */

static const char *or_all(const char *mission)
{
	return mission ? mission : "all";
}

char *muster_run_settings_differ(const struct muster_run *a, const struct muster_run *b)
{
	const char *sa = a->solver ? a->solver : "", *sb = b->solver ? b->solver : "";
	if (strcmp(or_all(a->mission), or_all(b->mission)))
		return xstrfmt(_("mission ('%s' vs '%s')"), or_all(a->mission), or_all(b->mission));
	if (strcmp(sa, sb))
		return xstrfmt(_("solver ('%s' vs '%s')"), sa, sb);
	if (a->with_requested != b->with_requested)
		return xstrfmt(_("with_requested ('%s' vs '%s')"), a->with_requested ? "yes" : "no",
			       b->with_requested ? "yes" : "no");
	if (a->fair_weight != b->fair_weight)
		return xstrfmt(_("fair_weight (%g vs %g)"), a->fair_weight, b->fair_weight);
	return NULL;
}

char *muster_run_settings_describe(const struct muster_run *run)
{
	/* each piece a whole phrase: the solver's word and "mission" are declined with it */
	const char *solver = run->solver ? run->solver : "?";
	char *how = !strcmp(solver, "exact")  ? xstrdup(_("exact solver"))
		    : !strcmp(solver, "fast") ? xstrdup(_("fast solver"))
					      : xstrfmt(_("%s solver"), solver);
	char *scope =
	    run->mission ? xstrfmt(_("mission %s"), run->mission) : xstrdup(_("all missions"));
	char *text =
	    xstrfmt(_("%s, %s, fair weight %g, %s"), how,
		    run->with_requested ? _("requested phases counted") : _("approved phases only"),
		    run->fair_weight, scope);
	free(how);
	free(scope);
	return text;
}

static bool same_scenario(const char *run_whatif, const char *whatif)
{
	return !run_whatif == !whatif && (!whatif || !strcmp(run_whatif, whatif));
}

/* A run of scenario `whatif` that can stand for `mission` (NULL: all missions). */
static bool run_covers(const struct muster_run *r, const char *whatif, const char *mission)
{
	if (!same_scenario(r->whatif, whatif))
		return false;
	return !r->mission || (mission && !strcmp(r->mission, mission));
}

static const char *side_name(const char *whatif)
{
	return whatif ? whatif : "base";
}

/* The ids of pair (i, j), older first. */
static void pair_ids(const struct muster_run_list *runs, size_t i, size_t j, int64_t id[2])
{
	int64_t x = runs->items[i].id, y = runs->items[j].id;
	id[0] = x < y ? x : y;
	id[1] = x < y ? y : x;
}

/* Is pair (i, j) more recent than (bi, bj): its older run newer, then its newer? */
static bool newer_pair(const struct muster_run_list *runs, size_t i, size_t j, size_t bi, size_t bj)
{
	int64_t p[2], q[2];
	if (bi == SIZE_MAX)
		return true;
	pair_ids(runs, i, j, p);
	pair_ids(runs, bi, bj, q);
	return p[0] > q[0] || (p[0] == q[0] && p[1] > q[1]);
}

int muster_whatif_pick_runs(const struct muster_run_list *runs, const char *a, const char *b,
			    const char *mission, size_t *ia, size_t *ib, struct muster_error *err)
{
	size_t la = SIZE_MAX, lb = SIZE_MAX, bi = SIZE_MAX, bj = SIZE_MAX;
	for (size_t i = 0; i < runs->nr; i++) {
		if (run_covers(&runs->items[i], a, mission))
			la = i; /* oldest first: the last one is the latest */
		if (run_covers(&runs->items[i], b, mission))
			lb = i;
	}
	for (size_t i = 0; la != SIZE_MAX && lb != SIZE_MAX && i < runs->nr; i++) {
		if (!run_covers(&runs->items[i], a, mission))
			continue;
		for (size_t j = 0; j < runs->nr; j++) {
			char *why;
			if (!run_covers(&runs->items[j], b, mission))
				continue;
			why = muster_run_settings_differ(&runs->items[i], &runs->items[j]);
			if (!why && newer_pair(runs, i, j, bi, bj)) {
				bi = i;
				bj = j;
			}
			free(why);
		}
	}
	if (bi != SIZE_MAX) {
		*ia = bi;
		*ib = bj;
		return 0;
	}
	*ia = la;
	*ib = lb;
	if (la == SIZE_MAX || lb == SIZE_MAX)
		return muster_error_set(err, MUSTER_ENOENT,
					mission ? _("no sourcing run of '%s' covering the mission")
						: _("no sourcing run of '%s' over all missions"),
					side_name(la == SIZE_MAX ? a : b));
	char *why = muster_run_settings_differ(&runs->items[la], &runs->items[lb]);
	int rc =
	    muster_error_set(err, MUSTER_EINVAL,
			     _("no runs of '%s' and '%s' were sourced alike: the latest, run %lld "
			       "of '%s' and run %lld of '%s', differ in %s"),
			     side_name(a), side_name(b), (long long)runs->items[la].id,
			     side_name(a), (long long)runs->items[lb].id, side_name(b), why);
	free(why);
	return rc;
}

/* ---- diff ------------------------------------------------------------- */

static struct muster_whatif_row *row_for(struct muster_whatif_diff *m, const char *section,
					 const char *key)
{
	for (size_t i = 0; i < m->rows.nr; i++)
		if (!strcmp(m->rows.items[i].key, key) &&
		    !strcmp(m->rows.items[i].section, section))
			return &m->rows.items[i];
	struct muster_whatif_row r = {.section = xstrdup(section), .key = xstrdup(key)};
	ARRAY_PUSH(m->rows, r);
	return &m->rows.items[m->rows.nr - 1];
}

static void put(struct muster_whatif_diff *m, const char *section, const char *key, int side,
		double v, bool add)
{
	struct muster_whatif_row *r = row_for(m, section, key);
	if (side == 0) {
		r->a = add ? r->a + v : v;
		r->has_a = true;
	} else {
		r->b = add ? r->b + v : v;
		r->has_b = true;
	}
}

static bool in_mission(const char *filter, const char *mission)
{
	return !filter || (mission && !strcmp(filter, mission));
}

static bool active_on(int32_t from, int32_t to, int32_t on)
{
	return from <= on && on < to;
}

/* Personnel of `nation` (NULL: any) in `country` on `on`; counted only if asked. */
static long strength(const struct muster_scenario *sc, const struct muster_run *run,
		     const char *mission, const char *nation, const char *country, int32_t on,
		     bool counted)
{
	long sum = 0;
	for (size_t i = 0; i < sc->deployments.nr; i++) {
		const struct muster_deployment *d = &sc->deployments.items[i];
		if ((nation && strcmp(d->nation, nation)) || strcmp(d->country, country) ||
		    (counted && !d->counts_against_cap) || !in_mission(mission, d->mission) ||
		    !active_on(d->from, d->to, on))
			continue;
		sum += d->personnel;
	}
	for (size_t i = 0; run && i < run->assignments.nr; i++) {
		const struct muster_assignment *a = &run->assignments.items[i];
		const struct muster_requirement *r =
		    muster_scenario_requirement(sc, a->mission, a->line);
		const char *loc = r ? muster_requirement_location(sc, r) : NULL;
		if ((nation && strcmp(a->nation, nation)) || !loc || strcmp(loc, country) ||
		    !in_mission(mission, a->mission) || !active_on(a->from, a->to, on))
			continue;
		sum += a->personnel;
	}
	return sum;
}

static void diff_fill(struct muster_whatif_diff *m, const struct muster_scenario *sc,
		      const struct muster_run *run, const char *mission, int side)
{
	if (!run)
		return;
	put(m, "fill", "fill %", side, run->fill, false);
	for (size_t i = 0; i < sc->requirements.nr; i++) { /* no gap: 0 */
		const struct muster_requirement *r = &sc->requirements.items[i];
		char *key = xstrfmt("%s:%s", r->mission, r->line);
		if (in_mission(mission, r->mission))
			put(m, "gaps", key, side, 0, false);
		free(key);
	}
	for (size_t i = 0; i < run->gaps.nr; i++) {
		const struct muster_gap *g = &run->gaps.items[i];
		if (!in_mission(mission, g->mission))
			continue;
		char *key = xstrfmt("%s:%s", g->mission, g->line);
		struct muster_whatif_row *r = row_for(m, "gaps", key);
		double *v = side ? &r->b : &r->a;
		bool *has = side ? &r->has_b : &r->has_a;
		if (!*has || *v < (double)g->missing_units)
			*v = (double)g->missing_units;
		*has = true;
		free(key);
	}
}

/* The caps in force on `on`, each with its headroom there. */
static void diff_caps(struct muster_whatif_diff *m, const struct muster_scenario *sc,
		      const struct muster_run *run, int32_t on, int side)
{
	for (size_t i = 0; i < sc->caps.nr; i++) {
		const struct muster_cap *cp = &sc->caps.items[i];
		if (!active_on(cp->from, cp->to, on))
			continue;
		char *key = xstrfmt("%s in %s", cp->nation, cp->country);
		long used = strength(sc, run, NULL, cp->nation, cp->country, on, true);
		put(m, "cap headroom", key, side, (double)(cp->limit - used), false);
		free(key);
	}
}

/* Posture by country on `on`, through the posture module's sweep. */
static int diff_posture(struct muster_whatif_diff *m, const struct muster_scenario *sc,
			const struct muster_run *run, const char *mission, int32_t on, int side,
			struct muster_error *err)
{
	struct muster_posture_opts po = {.by = MUSTER_POSTURE_BY_COUNTRY, .mission = mission};
	struct muster_posture p = {0};
	int rc = muster_posture_compute(sc, run, &po, &on, 1, &p, err);
	for (size_t g = 0; rc == 0 && g < p.ngroups; g++)
		put(m, "posture", p.groups[g], side, (double)p.cells[g].personnel, false);
	muster_posture_release(&p);
	return rc;
}

/* Fair personnel per nation; a failure becomes a note, not an error. */
static void diff_fair(struct muster_whatif_diff *m, const struct muster_scenario *sc,
		      const struct muster_run *run, const struct muster_whatif_diff_opts *opts,
		      int side)
{
	struct muster_fair_opts fo = {.mission = opts->mission, .total = -1, .key = opts->fair_key};
	struct muster_fairshare fs = {0};
	struct muster_error e = {0};
	if (!opts->fair_key || !opts->mission)
		return;
	if (muster_fairshare_compute(sc, run, &fo, &fs, &e) < 0) {
		char *note = xstrfmt(_("fair shares of %s: %s"), side ? "b" : "a", e.msg);
		muster_strlist_push(&m->notes, note);
		free(note);
	}
	for (size_t i = 0; i < fs.rows.nr; i++)
		put(m, "fair share", fs.rows.items[i].nation, side, (double)fs.rows.items[i].fair,
		    false);
	muster_fairshare_release(&fs);
	muster_error_release(&e);
}

/* The ceiling in force for each phased mission on `on`, approved phases only. */
static void diff_ceilings(struct muster_whatif_diff *m, const struct muster_scenario *sc,
			  const char *mission, int32_t on, int side)
{
	for (size_t i = 0; i < sc->phases.nr; i++) {
		const struct muster_phase *p = &sc->phases.items[i];
		if (!in_mission(mission, p->mission))
			continue;
		/* Present on both sides with 0 when no approved phase covers. */
		bool counts = p->status == MUSTER_PHASE_APPROVED && active_on(p->from, p->to, on);
		put(m, "ceiling", p->mission, side, counts ? (double)p->ceiling : 0, true);
	}
}

/*
 * Paid cost per nation and the total incurred (muster_cost_compute), when the
 * scenario has cost rates and a run: section "cost", keys the nations and
 * "total". A scenario without rates has no cost side (a note says so when
 * the other has one), never a cost of 0.
 */
static void diff_cost(struct muster_whatif_diff *m, const struct muster_scenario *sc,
		      const struct muster_run *run, const char *mission, int side)
{
	struct muster_cost_opts o = {.by = MUSTER_COST_BY_NATION,
				     .from = MUSTER_DATE_NONE,
				     .to = MUSTER_DATE_OPEN,
				     .mission = mission};
	struct muster_cost c;
	struct muster_error err = {0};
	if (!run || !sc->costs.nr)
		return;
	if (muster_cost_compute(sc, run, &o, &c, &err) < 0) {
		muster_strlist_push(&m->notes,
				    err.msg ? err.msg : _("costs could not be computed"));
	} else {
		for (size_t i = 0; i < c.nr; i++)
			put(m, "cost", c.rows[i].group, side, c.rows[i].paid, false);
		put(m, "cost", "total", side, c.incurred, false);
		if (c.unpriced) {
			char *note =
			    xstrfmt(P_("cost: %zu assignment of side %c matches no cost rate "
				       "(their cost is not known)",
				       "cost: %zu assignments of side %c match no cost rate "
				       "(their cost is not known)",
				       c.unpriced),
				    c.unpriced, side ? 'b' : 'a');
			muster_strlist_push(&m->notes, note);
			free(note);
		}
	}
	muster_cost_release(&c);
	muster_error_release(&err);
}

static const char *const section_order[] = {"fill",	  "gaps",    "ceiling", "cap headroom",
					    "fair share", "posture", "cost"};

static int section_rank(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(section_order); i++)
		if (!strcmp(section_order[i], s))
			return (int)i;
	return (int)ARRAY_SIZE(section_order);
}

static int row_cmp(const void *x, const void *y)
{
	const struct muster_whatif_row *a = x, *b = y;
	int d = section_rank(a->section) - section_rank(b->section);
	if (d)
		return d;
	if (!strcmp(a->section, "fill")) /* fill % first */
		return strcmp(b->key, a->key);
	if (!strcmp(a->section, "cost") && (!strcmp(a->key, "total") || !strcmp(b->key, "total")))
		return !strcmp(a->key, "total") - !strcmp(b->key, "total"); /* total last */
	return strcmp(a->key, b->key);
}

static void row_free(struct muster_whatif_row *r)
{
	free(r->section);
	free(r->key);
}

void muster_whatif_diff_release(struct muster_whatif_diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->rows.nr; i++)
		row_free(&d->rows.items[i]);
	ARRAY_RELEASE(d->rows);
	muster_strlist_release(&d->notes);
}

int muster_whatif_diff(const struct muster_scenario *a, const struct muster_run *run_a,
		       const struct muster_scenario *b, const struct muster_run *run_b,
		       const struct muster_whatif_diff_opts *opts, struct muster_whatif_diff *out,
		       struct muster_error *err)
{
	const struct muster_scenario *sc[2] = {a, b};
	const struct muster_run *run[2] = {run_a, run_b};
	struct muster_whatif_diff m = {0};
	int rc = 0;
	if (opts->mission && !muster_scenario_mission(b, opts->mission) &&
	    (rc = muster_code_check(a, MUSTER_CODE_MISSION, opts->mission, err)) < 0)
		return rc;
	if (opts->on == MUSTER_DATE_NONE || opts->on == MUSTER_DATE_OPEN)
		return muster_error_set(err, MUSTER_EINVAL, _("a diff needs a date"));
	if (!run_a != !run_b) /* one side's fill, gaps and posture would miss the run */
		return muster_error_set(
		    err, MUSTER_EINVAL,
		    _("a diff needs a sourcing run on both sides or on neither"));
	char *why = run_a ? muster_run_settings_differ(run_a, run_b) : NULL;
	if (why) {
		rc = muster_error_set(
		    err, MUSTER_EINVAL,
		    _("runs %lld and %lld were not sourced alike: they differ in %s"),
		    (long long)run_a->id, (long long)run_b->id, why);
		free(why);
		return rc;
	}
	for (int s = 0; s < 2; s++) {
		diff_fill(&m, sc[s], run[s], opts->mission, s);
		diff_ceilings(&m, sc[s], opts->mission, opts->on, s);
		diff_caps(&m, sc[s], run[s], opts->on, s);
		diff_fair(&m, sc[s], run[s], opts, s);
		if ((rc = diff_posture(&m, sc[s], run[s], opts->mission, opts->on, s, err)) < 0)
			break;
		diff_cost(&m, sc[s], run[s], opts->mission, s);
	}
	if (run_a && !a->costs.nr != !b->costs.nr)
		muster_strlist_push(&m.notes, _("cost: only one side has cost rates (costs.csv); "
						"costs are not compared"));
	memset(out, 0, sizeof(*out));
	out->notes = m.notes;
	for (size_t i = 0; i < m.rows.nr; i++) {
		struct muster_whatif_row *r = &m.rows.items[i];
		bool same = r->has_a == r->has_b && (!r->has_a || fabs(r->a - r->b) < 1e-9);
		if (same && !opts->all) {
			row_free(r);
			continue;
		}
		ARRAY_PUSH(out->rows, *r);
	}
	ARRAY_RELEASE(m.rows);
	if (out->rows.nr)
		qsort(out->rows.items, out->rows.nr, sizeof(*out->rows.items), row_cmp);
	if (rc < 0)
		muster_whatif_diff_release(out);
	return rc;
}
