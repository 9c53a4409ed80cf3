/*
 * test_users.c: users and sessions (users.c): adding, listing, removing,
 * changing passwords, authentication, session tokens with expiry, and that
 * the database file holds neither a password nor a token, only their
 * hashes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "muster.h"
#include "util.h"
#include "db_fixture.h"

static int setup(void **state)
{
	struct fixture *f = fixture_new("test_users");
	struct muster_error err = {0};
	if (!f)
		return -1;
	if (muster_db_create(&f->db, f->path, &err) < 0)
		return -1;
	*state = f;
	return 0;
}

static void add_ok(struct muster_db *db, const char *name, enum muster_role role,
		   const char *nation, const char *pw)
{
	struct muster_error err = {0};
	int rc = muster_user_add(db, name, role, nation, pw, &err);
	if (rc < 0)
		fail_msg("add %s: %s", name, err.msg);
	muster_error_release(&err);
}

/* The whole database file, after closing it (so that the WAL is merged). */
static char *db_bytes(struct fixture *f, size_t *len)
{
	muster_db_close(f->db);
	f->db = NULL;
	FILE *fp = fopen(f->path, "rb");
	assert_non_null(fp);
	char *buf = xmalloc(1 << 22);
	*len = fread(buf, 1, 1 << 22, fp);
	fclose(fp);
	assert_int_equal(muster_db_open(&f->db, f->path, NULL), 0);
	return buf;
}

static bool holds(const char *buf, size_t len, const char *s)
{
	return memmem(buf, len, s, strlen(s)) != NULL;
}

static void test_add_list_remove(void **state)
{
	struct fixture *f = *state;
	struct muster_user_list l = {0};
	struct muster_error err = {0};
	add_ok(f->db, "pat", MUSTER_ROLE_PLANNER, NULL, "planner-pass");
	add_ok(f->db, "ann", MUSTER_ROLE_LIAISON, "CAN", "liaison-pass");
	assert_int_equal(muster_user_list(f->db, &l, &err), 0);
	assert_int_equal(l.nr, 2);
	assert_string_equal(l.items[0].name, "ann");
	assert_int_equal(l.items[0].role, MUSTER_ROLE_LIAISON);
	assert_string_equal(l.items[0].nation, "CAN");
	assert_int_equal(strlen(l.items[0].created), 20); /* 2026-12-02T07:09:57Z */
	assert_string_equal(l.items[1].name, "pat");
	assert_null(l.items[1].nation);
	muster_user_list_release(&l);

	/* duplicates, ignoring case */
	assert_int_equal(muster_user_add(f->db, "ANN", MUSTER_ROLE_VIEWER, NULL, "whatever1", &err),
			 MUSTER_EEXIST);
	assert_string_equal(err.msg, "user 'ANN' already exists");
	/* bad names, roles, nations, passwords */
	assert_int_equal(muster_user_add(f->db, "-x", MUSTER_ROLE_VIEWER, NULL, "whatever1", &err),
			 MUSTER_EINVAL);
	assert_int_equal(muster_user_add(f->db, "", MUSTER_ROLE_VIEWER, NULL, "whatever1", &err),
			 MUSTER_EINVAL);
	assert_int_equal(muster_user_add(f->db, "a b", MUSTER_ROLE_VIEWER, NULL, "whatever1", &err),
			 MUSTER_EINVAL);
	assert_int_equal(
	    muster_user_add(f->db, "liz", MUSTER_ROLE_LIAISON, NULL, "whatever1", &err),
	    MUSTER_EINVAL);
	assert_string_equal(err.msg, "a liaison needs a nation");
	assert_int_equal(
	    muster_user_add(f->db, "vic", MUSTER_ROLE_VIEWER, "CAN", "whatever1", &err),
	    MUSTER_EINVAL);
	assert_string_equal(err.msg, "only a liaison belongs to a nation, not a viewer");
	assert_int_equal(muster_user_add(f->db, "vic", MUSTER_ROLE_NONE, NULL, "whatever1", &err),
			 MUSTER_EINVAL);
	assert_int_equal(muster_user_add(f->db, "vic", MUSTER_ROLE_VIEWER, NULL, "short", &err),
			 MUSTER_EINVAL);
	assert_string_equal(err.msg, "password: expected at least 8 characters, got 5");
	char *longpw = xmalloc(MUSTER_PASSWORD_MAX + 2);
	memset(longpw, 'x', MUSTER_PASSWORD_MAX + 1);
	longpw[MUSTER_PASSWORD_MAX + 1] = '\0';
	assert_int_equal(muster_user_add(f->db, "vic", MUSTER_ROLE_VIEWER, NULL, longpw, &err),
			 MUSTER_EINVAL);
	free(longpw);
	assert_int_equal(muster_user_list(f->db, &l, &err), 0);
	assert_int_equal(l.nr, 2); /* nothing was added by the refusals */
	muster_user_list_release(&l);

	assert_int_equal(muster_user_remove(f->db, "an", &err), MUSTER_ENOENT);
	assert_string_equal(err.msg, "no user 'an'; did you mean 'ann'?");
	assert_int_equal(muster_user_remove(f->db, "Ann", &err), 0);
	assert_int_equal(muster_user_list(f->db, &l, &err), 0);
	assert_int_equal(l.nr, 1);
	assert_string_equal(l.items[0].name, "pat");
	muster_user_list_release(&l);
	muster_error_release(&err);
}

static void test_authenticate(void **state)
{
	struct fixture *f = *state;
	struct muster_actor a = {0};
	struct muster_error err = {0};
	add_ok(f->db, "ann", MUSTER_ROLE_LIAISON, "CAN", "liaison-pass");
	assert_int_equal(muster_user_authenticate(f->db, "ann", "liaison-pass", &a, &err), 0);
	assert_string_equal(a.name, "ann");
	assert_int_equal(a.role, MUSTER_ROLE_LIAISON);
	assert_string_equal(a.nation, "CAN");
	muster_actor_release(&a);
	assert_int_equal(muster_user_authenticate(f->db, "ann", "liaison-pasS", &a, &err),
			 MUSTER_EPERM);
	assert_string_equal(err.msg, "wrong user name or password");
	assert_null(a.name);
	assert_int_equal(muster_user_authenticate(f->db, "bob", "liaison-pass", &a, &err),
			 MUSTER_EPERM);
	assert_string_equal(err.msg, "wrong user name or password"); /* the same for no user */
	assert_int_equal(muster_user_authenticate(f->db, "ann", "", &a, &err), MUSTER_EPERM);
	assert_int_equal(muster_user_authenticate(f->db, "ann", NULL, &a, &err), MUSTER_EPERM);

	/* passwd: the old password no longer works, the new one does */
	assert_int_equal(muster_user_passwd(f->db, "ann", "second-pass", &err), 0);
	assert_int_equal(muster_user_authenticate(f->db, "ann", "liaison-pass", &a, &err),
			 MUSTER_EPERM);
	assert_int_equal(muster_user_authenticate(f->db, "ann", "second-pass", &a, &err), 0);
	muster_actor_release(&a);
	assert_int_equal(muster_user_passwd(f->db, "nobody", "second-pass", &err), MUSTER_ENOENT);
	assert_int_equal(muster_user_passwd(f->db, "ann", "short", &err), MUSTER_EINVAL);
	assert_int_equal(muster_user_authenticate(f->db, "ann", "second-pass", &a, &err), 0);
	muster_actor_release(&a);

	/* the actor of --as */
	assert_int_equal(muster_user_actor(f->db, "ANN", &a, &err), 0);
	assert_string_equal(a.name, "ann");
	muster_actor_release(&a);
	assert_int_equal(muster_user_actor(f->db, "anne", &a, &err), MUSTER_ENOENT);
	assert_string_equal(err.msg, "no user 'anne'; did you mean 'ann'?");
	muster_error_release(&err);
}

static void test_sessions(void **state)
{
	struct fixture *f = *state;
	struct muster_actor a = {0};
	struct muster_error err = {0};
	char tok[MUSTER_TOKEN_LEN + 1], tok2[MUSTER_TOKEN_LEN + 1];
	int64_t expires = 0, now = 1700000000;
	add_ok(f->db, "ann", MUSTER_ROLE_LIAISON, "CAN", "liaison-pass");
	assert_int_equal(muster_session_create(f->db, "ann", now, 3600, tok, &expires, &err), 0);
	assert_int_equal(expires, now + 3600);
	assert_int_equal(strlen(tok), MUSTER_TOKEN_LEN);
	assert_int_equal(strspn(tok, "0123456789abcdef"), MUSTER_TOKEN_LEN);
	assert_int_equal(muster_session_create(f->db, "ann", now, 3600, tok2, &expires, &err), 0);
	assert_string_not_equal(tok, tok2); /* random */

	assert_int_equal(muster_session_check(f->db, tok, now + 3599, &a, &err), 0);
	assert_string_equal(a.name, "ann");
	assert_string_equal(a.nation, "CAN");
	muster_actor_release(&a);
	/* a wrong token, a malformed one */
	char bad[MUSTER_TOKEN_LEN + 1];
	memcpy(bad, tok, sizeof(bad));
	bad[0] = bad[0] == 'a' ? 'b' : 'a';
	assert_int_equal(muster_session_check(f->db, bad, now, &a, &err), MUSTER_EPERM);
	assert_string_equal(err.msg, "invalid or expired session");
	assert_int_equal(muster_session_check(f->db, "abc", now, &a, &err), MUSTER_EPERM);
	assert_int_equal(muster_session_check(f->db, NULL, now, &a, &err), MUSTER_EPERM);
	/* expiry: at `expires` it is over, and stays over */
	assert_int_equal(muster_session_check(f->db, tok, now + 3600, &a, &err), MUSTER_EPERM);
	assert_int_equal(muster_session_check(f->db, tok, now, &a, &err), MUSTER_EPERM);
	assert_null(a.name);
	/* logout */
	assert_int_equal(muster_session_check(f->db, tok2, now, &a, &err), 0);
	muster_actor_release(&a);
	assert_int_equal(muster_session_end(f->db, tok2, &err), 0);
	assert_int_equal(muster_session_check(f->db, tok2, now, &a, &err), MUSTER_EPERM);
	assert_int_equal(muster_session_end(f->db, tok2, &err), 0);
	/* errors */
	assert_int_equal(muster_session_create(f->db, "bob", now, 60, tok, &expires, &err),
			 MUSTER_ENOENT);
	assert_int_equal(muster_session_create(f->db, "ann", now, 0, tok, &expires, &err),
			 MUSTER_EINVAL);
	/* passwd and remove end the user's sessions */
	assert_int_equal(muster_session_create(f->db, "ann", now, 60, tok, &expires, &err), 0);
	assert_int_equal(muster_user_passwd(f->db, "ann", "second-pass", &err), 0);
	assert_int_equal(muster_session_check(f->db, tok, now, &a, &err), MUSTER_EPERM);
	assert_int_equal(muster_session_create(f->db, "ann", now, 60, tok, &expires, &err), 0);
	assert_int_equal(muster_user_remove(f->db, "ann", &err), 0);
	assert_int_equal(muster_session_check(f->db, tok, now, &a, &err), MUSTER_EPERM);
	muster_error_release(&err);
}

/* The file holds the hashes of the password and the token, never them. */
static void test_only_hashes_stored(void **state)
{
	FIXTURE_SQLITE_ONLY("reads the database file's bytes");
	struct fixture *f = *state;
	struct muster_error err = {0};
	char tok[MUSTER_TOKEN_LEN + 1], th[65];
	unsigned char d[crypto_hash_sha256_BYTES];
	int64_t expires;
	size_t len;
	add_ok(f->db, "ann", MUSTER_ROLE_LIAISON, "CAN", "Pa55word-in-clear");
	assert_int_equal(muster_session_create(f->db, "ann", 1700000000, 60, tok, &expires, &err),
			 0);
	crypto_hash_sha256(d, (const unsigned char *)tok, strlen(tok));
	sodium_bin2hex(th, sizeof(th), d, sizeof(d));
	char *buf = db_bytes(f, &len);
	assert_true(holds(buf, len, "ann"));
	assert_true(holds(buf, len, "$argon2id$"));
	assert_false(holds(buf, len, "Pa55word-in-clear"));
	assert_true(holds(buf, len, th)); /* the search finds what is there */
	assert_false(holds(buf, len, tok));
	free(buf);
	/* and the session still works after the reopen */
	struct muster_actor a = {0};
	assert_int_equal(muster_session_check(f->db, tok, 1700000000, &a, &err), 0);
	muster_actor_release(&a);
	muster_error_release(&err);
}

/* A new database is at schema version 7 (users and sessions since 3). */
static void test_schema(void **state)
{
	struct fixture *f = *state;
	int found = -1, current = -1;
	muster_db_schema(f->db, &found, &current);
	assert_int_equal(current, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_add_list_remove, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_authenticate, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_only_hashes_stored, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_schema, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
