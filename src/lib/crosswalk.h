/*
 * crosswalk.h: country names and codes of other standards -> one code
 * (crosswalk.c), for the importers of public data.
 */
#ifndef MUSTER_CROSSWALK_H
#define MUSTER_CROSSWALK_H

#include "muster.h"

#include <stddef.h>

struct strbuf;

/* A user's crosswalk (`--map FILE`), read by crosswalk_read(); zero-initialise. */
struct crosswalk {
	struct crosswalk_entry *items; /* sorted by key */
	size_t nr, alloc;
};

/*
 * Read FILE (columns name and code; source and note may be there, not read): each name must be
 * non-empty, each code a code (no spaces, at most 16 bytes), and a name may
 * not be given two codes. Errors: MUSTER_EIO, MUSTER_EINVAL with one
 * "FILE:LINE: column 'code': expected ..., got '...'" detail per problem.
 */
int crosswalk_read(struct crosswalk *cw, const char *path, struct muster_error *err);
void crosswalk_release(struct crosswalk *cw);

/*
 * The code of `name` (matched as keys: ASCII case and punctuation ignored,
 * '&' read as "and"): `user`'s first (may be NULL), then the built-in
 * table data/crosswalk.csv. NULL when neither knows it. Borrowed: valid
 * while `user` is (built-in codes forever).
 */
const char *crosswalk_code(const struct crosswalk *user, const char *name);

/*
 * Append "; closest known names: 'France' (FRA), ..." (up to three names
 * reasonably close to `name`), or nothing when none is close.
 */
void crosswalk_suggest(const struct crosswalk *user, const char *name, struct strbuf *sb);

#endif
