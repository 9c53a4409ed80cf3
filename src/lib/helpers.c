/*
 * helpers.c: the few internal helpers (util.c) that front ends need too,
 * behind muster.h: strict number parsing, "did you mean", and files
 * written together (the CLI's --out folders and reports).
 */
#include "util.h"

#include <stdlib.h>

int muster_parse_long(const char *s, long min, long max, long *out)
{
	return strtonum_l(s, min, max, out);
}

int muster_parse_double(const char *s, double *out)
{
	return strtonum_d(s, out);
}

const char *muster_closest_word(const char *s, const char *const *candidates, size_t n)
{
	return closest_word(s, candidates, n);
}

static struct file_batch *impl(struct muster_file_batch *b)
{
	if (!b->impl)
		b->impl = xcalloc(1, sizeof(*b->impl));
	return b->impl;
}

int muster_file_batch_add(struct muster_file_batch *b, const char *path, const char *data,
			  size_t len, struct muster_error *err)
{
	return file_batch_add(impl(b), path, data, len, err);
}

void muster_file_batch_remove(struct muster_file_batch *b, const char *path)
{
	file_batch_remove(impl(b), path);
}

int muster_file_batch_commit(struct muster_file_batch *b, struct muster_error *err)
{
	return b->impl ? file_batch_commit(b->impl, err) : 0;
}

void muster_file_batch_release(struct muster_file_batch *b)
{
	if (!b || !b->impl)
		return;
	file_batch_release(b->impl);
	free(b->impl);
	b->impl = NULL;
}
