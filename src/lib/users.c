/*
 * users.c: users and sessions (issue 10 item 7), behind include/muster.h.
 *
 * Decisions:
 * - Passwords are never stored: users.hash holds libsodium's
 *   crypto_pwhash_str (argon2id, the "interactive" limits: 64 MiB, 2 passes),
 *   verified with crypto_pwhash_str_verify. The library never reads a
 *   password from anywhere: callers pass it (the CLI reads it from the
 *   terminal without echo or from stdin, never from its arguments).
 * - An unknown user costs the same as a wrong password: a fixed hash of no
 *   one's password is verified instead, so timing does not tell which names
 *   exist.
 * - Session tokens are 32 bytes of randombytes_buf (256 bits) as 64 hex
 *   digits; only their SHA-256 (hex) is stored, so a copy of the database
 *   holds no usable token. A session is found by that hash and the hashes
 *   are compared again in constant time (sodium_memcmp).
 * - "Now" is passed in by the caller (unix seconds), never read from a
 *   global clock here: the server takes it per request, tests choose it.
 * - sodium_init() is called before each use: it is idempotent and
 *   thread-safe, so there is no "initialised" flag of ours.
 */
#include "muster.h"
#include "store.h"
#include "i18n.h"
#include "util.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* A valid argon2id hash of no one's password, for unknown users. */
static const char no_user_hash[] = "$argon2id$v=19$m=65536,t=2,p=1$mCi6UJsOE1U6Bu5MF2MBWw$"
				   "FpiN6poDMsCwuf4S3TdzDBDutwNHkwB6j3v5RguLFjE";

static int crypto_ready(struct muster_error *err)
{
	if (sodium_init() < 0)
		return muster_error_set(err, MUSTER_EIO, _("cannot initialise libsodium"));
	return 0;
}

static bool name_char(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (!first && (c == '.' || c == '_' || c == '-'));
}

static int check_name(const char *name, struct muster_error *err)
{
	size_t n = name ? strlen(name) : 0;
	bool ok = n >= 1 && n <= MUSTER_USER_NAME_MAX;
	for (size_t i = 0; ok && i < n; i++)
		ok = name_char(name[i], i == 0);
	if (!ok)
		return muster_error_set(err, MUSTER_EINVAL,
					_("user name '%s': expected 1 to %d letters, digits, '.', "
					  "'_' or '-', starting with a letter or digit"),
					name ? name : "", MUSTER_USER_NAME_MAX);
	return 0;
}

static int check_password(const char *pw, struct muster_error *err)
{
	size_t n = pw ? strlen(pw) : 0;
	if (n < MUSTER_PASSWORD_MIN)
		return muster_error_set(err, MUSTER_EINVAL,
					_("password: expected at least %d characters, got %zu"),
					MUSTER_PASSWORD_MIN, n);
	if (n > MUSTER_PASSWORD_MAX)
		return muster_error_set(err, MUSTER_EINVAL,
					_("password: expected at most %d characters, got %zu"),
					MUSTER_PASSWORD_MAX, n);
	return 0;
}

static int check_role(enum muster_role role, const char *nation, struct muster_error *err)
{
	if (role < MUSTER_ROLE_ADMIN || role > MUSTER_ROLE_VIEWER)
		return muster_error_set(err, MUSTER_EINVAL,
					_("role: expected admin, planner, liaison or viewer"));
	if (role == MUSTER_ROLE_LIAISON && (!nation || !*nation))
		return muster_error_set(err, MUSTER_EINVAL, _("a liaison needs a nation"));
	if (role != MUSTER_ROLE_LIAISON && nation)
		return muster_error_set(err, MUSTER_EINVAL,
					role == MUSTER_ROLE_ADMIN
					    ? _("only a liaison belongs to a nation, not an %s")
					    : _("only a liaison belongs to a nation, not a %s"),
					muster_role_name(role));
	return 0;
}

/* The argon2id hash of `pw` into `out`. */
static int hash_password(const char *pw, char out[static crypto_pwhash_STRBYTES],
			 struct muster_error *err)
{
	int rc = crypto_ready(err);
	if (rc < 0)
		return rc;
	if (crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return muster_error_set(err, MUSTER_EIO,
					_("cannot hash the password: out of memory"));
	return 0;
}

static void user_release(struct muster_user *u)
{
	free(u->name);
	free(u->nation);
	free(u->created);
	memset(u, 0, sizeof(*u));
}

void muster_user_list_release(struct muster_user_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nr; i++)
		user_release(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

int muster_user_add(struct muster_db *db, const char *name, enum muster_role role,
		    const char *nation, const char *password, struct muster_error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	int rc = check_name(name, err);
	if (rc == 0)
		rc = check_role(role, nation, err);
	if (rc == 0)
		rc = check_password(password, err);
	if (rc == 0)
		rc = hash_password(password, hash, err);
	if (rc < 0)
		return rc;
	struct muster_user u = {.name = (char *)name, .role = role, .nation = (char *)nation};
	rc = store_txn_begin(db, err);
	if (rc == 0)
		rc = db->ops->user_insert(db, &u, hash, err);
	sodium_memzero(hash, sizeof(hash));
	return store_txn_end(db, rc, err);
}

static int no_user(struct muster_db *db, const char *name, struct muster_error *err)
{
	struct muster_user_list l = {0};
	const char *near = NULL;
	const char **names = NULL;
	if (db->ops->user_list(db, &l, NULL) == 0 && l.nr) {
		names = xcalloc(l.nr, sizeof(*names));
		for (size_t i = 0; i < l.nr; i++)
			names[i] = l.items[i].name;
		near = closest_word(name, names, l.nr);
	}
	if (near)
		muster_error_set(err, MUSTER_ENOENT, _("no user '%s'; did you mean '%s'?"), name,
				 near);
	else
		muster_error_set(err, MUSTER_ENOENT, _("no user '%s'"), name);
	free(names);
	muster_user_list_release(&l);
	return MUSTER_ENOENT;
}

int muster_user_remove(struct muster_db *db, const char *name, struct muster_error *err)
{
	bool found = false;
	int rc = store_txn_begin(db, err);
	if (rc == 0)
		rc = db->ops->user_delete(db, name, &found, err);
	if (rc == 0 && !found)
		rc = no_user(db, name, err);
	return store_txn_end(db, rc, err);
}

int muster_user_list(struct muster_db *db, struct muster_user_list *out, struct muster_error *err)
{
	return db->ops->user_list(db, out, err);
}

int muster_user_passwd(struct muster_db *db, const char *name, const char *password,
		       struct muster_error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	bool found = false;
	int rc = check_password(password, err);
	if (rc == 0)
		rc = hash_password(password, hash, err);
	if (rc < 0)
		return rc;
	rc = store_txn_begin(db, err);
	if (rc == 0)
		rc = db->ops->user_set_hash(db, name, hash, &found, err);
	if (rc == 0 && !found)
		rc = no_user(db, name, err);
	sodium_memzero(hash, sizeof(hash));
	return store_txn_end(db, rc, err);
}

/* Move a listed user into an actor. */
static void user_to_actor(struct muster_user *u, struct muster_actor *out)
{
	out->name = u->name;
	out->role = u->role;
	out->nation = u->nation;
	u->name = u->nation = NULL;
	user_release(u);
}

int muster_user_actor(struct muster_db *db, const char *name, struct muster_actor *out,
		      struct muster_error *err)
{
	struct muster_user u = {0};
	bool found = false;
	int rc = db->ops->user_get(db, name, &u, NULL, &found, err);
	if (rc < 0)
		return rc;
	if (!found)
		return no_user(db, name, err);
	user_to_actor(&u, out);
	return 0;
}

int muster_user_authenticate(struct muster_db *db, const char *name, const char *password,
			     struct muster_actor *out, struct muster_error *err)
{
	struct muster_user u = {0};
	char *hash = NULL;
	bool found = false;
	int rc = crypto_ready(err);
	if (rc == 0 && name && *name)
		rc = db->ops->user_get(db, name, &u, &hash, &found, err);
	if (rc < 0)
		goto out;
	const char *h = found && hash ? hash : no_user_hash;
	const char *pw = password ? password : "";
	bool good = crypto_pwhash_str_verify(h, pw, strlen(pw)) == 0;
	if (!found || !good) {
		rc = muster_error_set(err, MUSTER_EPERM, _("wrong user name or password"));
		goto out;
	}
	user_to_actor(&u, out);
out:
	free(hash);
	user_release(&u);
	return rc;
}

/* ---- sessions ---------------------------------------------------------- */

/* The hex SHA-256 of a token, as stored. */
static void token_hash(const char *token, char out[static 2 * crypto_hash_sha256_BYTES + 1])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 2 * crypto_hash_sha256_BYTES + 1, d, sizeof(d));
}

int muster_session_create(struct muster_db *db, const char *name, int64_t now, int64_t ttl,
			  char token[static MUSTER_TOKEN_LEN + 1], int64_t *expires,
			  struct muster_error *err)
{
	unsigned char raw[MUSTER_TOKEN_LEN / 2];
	char th[2 * crypto_hash_sha256_BYTES + 1];
	struct muster_actor a = {0};
	if (ttl < 1 || now > INT64_MAX - ttl)
		return muster_error_set(err, MUSTER_EINVAL,
					_("session lifetime: expected at least 1 second"));
	int rc = crypto_ready(err);
	if (rc == 0)
		rc = store_txn_begin(db, err);
	if (rc < 0)
		return rc;
	rc = muster_user_actor(db, name, &a, err);
	if (rc == 0) {
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(token, MUSTER_TOKEN_LEN + 1, raw, sizeof(raw));
		sodium_memzero(raw, sizeof(raw));
		token_hash(token, th);
		*expires = now + ttl;
		rc = db->ops->session_insert(db, th, a.name, *expires, err);
	}
	muster_actor_release(&a);
	rc = store_txn_end(db, rc, err);
	if (rc < 0)
		sodium_memzero(token, MUSTER_TOKEN_LEN + 1);
	return rc;
}

static bool token_well_formed(const char *token)
{
	size_t n = token ? strlen(token) : 0;
	if (n != MUSTER_TOKEN_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((token[i] >= '0' && token[i] <= '9') || (token[i] >= 'a' && token[i] <= 'f')))
			return false;
	return true;
}

/* The actor of the session hashed `th` at `now`, read in the caller's snapshot. */
static int session_actor(struct muster_db *db, const char *th, int64_t now,
			 struct muster_actor *out, bool *expired, struct muster_error *err)
{
	char *stored = NULL, *user = NULL;
	int64_t expires = 0;
	bool found = false;
	int rc = db->ops->session_get(db, th, &stored, &user, &expires, &found, err);
	if (rc < 0)
		goto out;
	*expired = found && expires <= now;
	if (!found || strlen(stored) != strlen(th) || sodium_memcmp(stored, th, strlen(th)) ||
	    expires <= now) {
		rc = muster_error_set(err, MUSTER_EPERM, _("invalid or expired session"));
		goto out;
	}
	rc = muster_user_actor(db, user, out, NULL);
	if (rc < 0) /* the user was removed meanwhile */
		rc = muster_error_set(err, MUSTER_EPERM, _("invalid or expired session"));
out:
	free(stored);
	free(user);
	return rc;
}

int muster_session_check(struct muster_db *db, const char *token, int64_t now,
			 struct muster_actor *out, struct muster_error *err)
{
	char th[2 * crypto_hash_sha256_BYTES + 1];
	bool own = !db->in_txn, expired = false;
	int rc = crypto_ready(err);
	if (rc < 0)
		return rc;
	if (!token_well_formed(token))
		return muster_error_set(err, MUSTER_EPERM, _("invalid or expired session"));
	token_hash(token, th);
	/* the session and its user in one snapshot: one read transaction */
	if (own)
		rc = db->ops->read_begin(db, err);
	if (rc == 0)
		rc = session_actor(db, th, now, out, &expired, err);
	if (own)
		db->ops->rollback(db);
	if (expired) /* best effort, after the snapshot: it is refused anyway */
		db->ops->session_delete(db, th, NULL);
	return rc;
}

int muster_session_end(struct muster_db *db, const char *token, struct muster_error *err)
{
	char th[2 * crypto_hash_sha256_BYTES + 1];
	int rc = crypto_ready(err);
	if (rc < 0 || !token_well_formed(token))
		return rc;
	token_hash(token, th);
	rc = store_txn_begin(db, err);
	if (rc == 0)
		rc = db->ops->session_delete(db, th, err);
	return store_txn_end(db, rc, err);
}
