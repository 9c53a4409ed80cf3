/*
 * policy.c: the access policy of DESIGN.md section 12 (roles), for every
 * record of section 11 and every result row. The whole policy is the table
 * rules[] below, one row per object and one column per kind of actor, so
 * that it can be read (and reviewed) at a glance; the decisions where
 * section 12 is silent are written in muster.h above enum muster_role.
 *
 * Fail closed: a NULL actor, an unknown role or object, and a liaison
 * without a nation get MUSTER_ACCESS_NONE and no write.
 */
#include "i18n.h"
#include "muster.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Read access and write permission of one kind of actor for one object. */
struct rule {
	enum muster_access read;
	bool write;
};

/* The kinds of actor: a liaison is "own" or "other" by the record's nation. */
enum who { W_ADMIN, W_PLANNER, W_OWN, W_OTHER, W_VIEWER, W_NR };

#define RW                                                                                         \
	{                                                                                          \
		MUSTER_ACCESS_FULL, true                                                           \
	}
#define R                                                                                          \
	{                                                                                          \
		MUSTER_ACCESS_FULL, false                                                          \
	}
#define AGG                                                                                        \
	{                                                                                          \
		MUSTER_ACCESS_AGGREGATE, false                                                     \
	}
#define NO                                                                                         \
	{                                                                                          \
		MUSTER_ACCESS_NONE, false                                                          \
	}

/* rules[object][who]: admin, planner, liaison own, liaison other, viewer. */
static const struct rule rules[MUSTER_OBJ_COUNT][W_NR] = {
    [MUSTER_OBJ_NATION] = {RW, RW, R, R, R},	 [MUSTER_OBJ_KEY] = {RW, RW, R, R, R},
    [MUSTER_OBJ_MISSION] = {RW, RW, R, R, R},	 [MUSTER_OBJ_PHASE] = {RW, RW, R, R, R},
    [MUSTER_OBJ_CAPABILITY] = {RW, RW, R, R, R}, [MUSTER_OBJ_REQUIREMENT] = {RW, RW, R, R, R},
    [MUSTER_OBJ_OFFER] = {RW, RW, RW, AGG, AGG}, [MUSTER_OBJ_CAVEAT] = {RW, RW, RW, NO, NO},
    [MUSTER_OBJ_CAP] = {RW, RW, R, R, NO},	 [MUSTER_OBJ_DEPLOYMENT] = {RW, RW, RW, AGG, AGG},
    [MUSTER_OBJ_COST] = {RW, RW, R, R, R},	 [MUSTER_OBJ_FUNDING] = {RW, RW, R, R, R},
    [MUSTER_OBJ_BUDGET] = {RW, RW, R, NO, NO},	 [MUSTER_OBJ_ASSIGNMENT] = {RW, RW, R, AGG, AGG},
    [MUSTER_OBJ_GAP] = {RW, RW, R, R, R},	 [MUSTER_OBJ_FAIRSHARE] = {RW, RW, R, R, AGG},
    [MUSTER_OBJ_POSTURE] = {RW, RW, R, R, AGG},	 [MUSTER_OBJ_RUN] = {RW, RW, R, R, R},
    [MUSTER_OBJ_USER] = {RW, NO, NO, NO, NO},
};

#undef RW
#undef R
#undef AGG
#undef NO

/*
 * The names of the objects: machine words (muster_object_parse, the API),
 * also the plural nouns of the policy's messages, translated there with
 * _(muster_object_name(obj)).
 */
static const char *const object_names[MUSTER_OBJ_COUNT] = {
    [MUSTER_OBJ_NATION] = N_("nations"),
    [MUSTER_OBJ_KEY] = N_("keys"),
    [MUSTER_OBJ_MISSION] = N_("missions"),
    [MUSTER_OBJ_PHASE] = N_("phases"),
    [MUSTER_OBJ_CAPABILITY] = N_("capabilities"),
    [MUSTER_OBJ_REQUIREMENT] = N_("requirements"),
    [MUSTER_OBJ_OFFER] = N_("offers"),
    [MUSTER_OBJ_CAVEAT] = N_("caveats"),
    [MUSTER_OBJ_CAP] = N_("caps"),
    [MUSTER_OBJ_DEPLOYMENT] = N_("deployments"),
    [MUSTER_OBJ_COST] = N_("costs"),
    [MUSTER_OBJ_FUNDING] = N_("funding"),
    [MUSTER_OBJ_BUDGET] = N_("budgets"),
    [MUSTER_OBJ_ASSIGNMENT] = N_("assignments"),
    [MUSTER_OBJ_GAP] = N_("gaps"),
    [MUSTER_OBJ_FAIRSHARE] = N_("fair-share rows"),
    [MUSTER_OBJ_POSTURE] = N_("posture cells"),
    [MUSTER_OBJ_RUN] = N_("runs"),
    [MUSTER_OBJ_USER] = N_("users"),
};

static const char *const role_names[] = {
    [MUSTER_ROLE_NONE] = "none",       [MUSTER_ROLE_ADMIN] = "admin",
    [MUSTER_ROLE_PLANNER] = "planner", [MUSTER_ROLE_LIAISON] = "liaison",
    [MUSTER_ROLE_VIEWER] = "viewer",
};

const char *muster_role_name(enum muster_role role)
{
	return (size_t)role < ARRAY_SIZE(role_names) ? role_names[role] : "none";
}

enum muster_role muster_role_parse(const char *name)
{
	for (size_t i = MUSTER_ROLE_ADMIN; name && i < ARRAY_SIZE(role_names); i++)
		if (!strcmp(name, role_names[i]))
			return (enum muster_role)i;
	return MUSTER_ROLE_NONE;
}

void muster_actor_local_admin(struct muster_actor *a)
{
	a->name = xstrdup("local admin");
	a->role = MUSTER_ROLE_ADMIN;
	a->nation = NULL;
}

void muster_actor_release(struct muster_actor *a)
{
	if (!a)
		return;
	free(a->name);
	free(a->nation);
	memset(a, 0, sizeof(*a));
}

const char *muster_object_name(enum muster_object obj)
{
	return (size_t)obj < MUSTER_OBJ_COUNT ? object_names[obj] : "records";
}

int muster_object_parse(const char *name, enum muster_object *out)
{
	if (name && !strcmp(name, "lines")) {
		*out = MUSTER_OBJ_REQUIREMENT;
		return 0;
	}
	for (size_t i = 0; name && i < MUSTER_OBJ_COUNT; i++)
		if (!strcmp(name, object_names[i])) {
			*out = (enum muster_object)i;
			return 0;
		}
	return MUSTER_ENOENT;
}

/* Which column of rules[] applies, or W_NR for none (fail closed). */
static enum who who_of(const struct muster_actor *a, const char *nation)
{
	if (!a)
		return W_NR;
	switch (a->role) {
	case MUSTER_ROLE_ADMIN:
		return W_ADMIN;
	case MUSTER_ROLE_PLANNER:
		return W_PLANNER;
	case MUSTER_ROLE_LIAISON:
		if (!a->nation || !*a->nation)
			return W_NR;
		/* Codes are canonical (resolved when the user was added). */
		return nation && !strcmp(nation, a->nation) ? W_OWN : W_OTHER;
	case MUSTER_ROLE_VIEWER:
		return W_VIEWER;
	default:
		return W_NR;
	}
}

static const struct rule *rule_of(const struct muster_actor *a, enum muster_object obj,
				  const char *nation)
{
	enum who w = who_of(a, nation);
	if (w == W_NR || (size_t)obj >= MUSTER_OBJ_COUNT)
		return NULL;
	return &rules[obj][w];
}

enum muster_access muster_policy_read(const struct muster_actor *actor, enum muster_object obj,
				      const char *nation)
{
	const struct rule *r = rule_of(actor, obj, nation);
	return r ? r->read : MUSTER_ACCESS_NONE;
}

bool muster_policy_write(const struct muster_actor *actor, enum muster_object obj,
			 const char *nation)
{
	const struct rule *r = rule_of(actor, obj, nation);
	return r && r->write;
}

int muster_record_missing(struct muster_error *err, enum muster_object obj, const char *key)
{
	return muster_error_set(err, MUSTER_ENOENT, _("no %s '%s'"), _(muster_object_name(obj)),
				key ? key : "");
}

char *muster_actor_label(const struct muster_actor *a)
{
	if (!a)
		return xstrdup(_("an unknown user"));
	const char *name = a->name ? a->name : "";
	/* one phrase per role: the role is a word the translation declines */
	switch (a->role) {
	case MUSTER_ROLE_LIAISON:
		if (a->nation)
			return xstrfmt(_("user '%s' (liaison of %s)"), name, a->nation);
		break;
	case MUSTER_ROLE_ADMIN:
		return xstrfmt(_("user '%s' (admin)"), name);
	case MUSTER_ROLE_PLANNER:
		return xstrfmt(_("user '%s' (planner)"), name);
	case MUSTER_ROLE_VIEWER:
		return xstrfmt(_("user '%s' (viewer)"), name);
	default:
		break;
	}
	return xstrfmt(_("user '%s' (%s)"), name, muster_role_name(a->role));
}

int muster_policy_check_write(const struct muster_actor *actor, enum muster_object obj,
			      const char *nation, const char *key, bool exists,
			      struct muster_error *err)
{
	if (muster_policy_write(actor, obj, nation))
		return 0;
	if (exists && muster_policy_read(actor, obj, nation) != MUSTER_ACCESS_FULL)
		return muster_record_missing(err, obj, key);
	char *who = muster_actor_label(actor);
	const char *what = _(muster_object_name(obj));
	/* one sentence per action: no English verb glued into a translation */
	if (nation && exists)
		muster_error_set(err, MUSTER_EPERM, _("%s may not change %s of %s"), who, what,
				 nation);
	else if (nation)
		muster_error_set(err, MUSTER_EPERM, _("%s may not add %s of %s"), who, what,
				 nation);
	else if (exists)
		muster_error_set(err, MUSTER_EPERM, _("%s may not change %s"), who, what);
	else
		muster_error_set(err, MUSTER_EPERM, _("%s may not add %s"), who, what);
	free(who);
	return MUSTER_EPERM;
}

static int refuse(const struct muster_actor *actor, const char *what, struct muster_error *err)
{
	char *who = muster_actor_label(actor);
	/* `what` is the caller's translated phrase: "manage users", ... */
	muster_error_set(err, MUSTER_EPERM, _("%s may not %s"), who, what);
	free(who);
	return MUSTER_EPERM;
}

int muster_policy_check_planner(const struct muster_actor *actor, const char *what,
				struct muster_error *err)
{
	if (actor && (actor->role == MUSTER_ROLE_ADMIN || actor->role == MUSTER_ROLE_PLANNER))
		return 0;
	return refuse(actor, what, err);
}

int muster_policy_check_admin(const struct muster_actor *actor, const char *what,
			      struct muster_error *err)
{
	if (actor && actor->role == MUSTER_ROLE_ADMIN)
		return 0;
	return refuse(actor, what, err);
}
