/*
 * util.h: small internal helpers shared by every libmuster file and the CLI:
 * allocation wrappers that abort on exhaustion, growable arrays, a string
 * buffer (git's strbuf), strict number parsing (tmux's strtonum).
 */
#ifndef MUSTER_UTIL_H
#define MUSTER_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "muster.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Programmer errors only: print where and abort. */
#define BUG(...) bug_fl(__FILE__, __LINE__, __VA_ARGS__)
_Noreturn void bug_fl(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* xstrdup that maps NULL to NULL. */
char *xstrdup_or_null(const char *s);
char *xstrndup(const char *s, size_t n);
/* asprintf that aborts on exhaustion. */
char *xstrfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow a { T *items; size_t nr, alloc; } array so that it holds at least n. */
#define ARRAY_GROW(arr, n)                                                                         \
	do {                                                                                       \
		if ((n) > (arr).alloc) {                                                           \
			size_t na_ = (arr).alloc ? (arr).alloc * 2 : 16;                           \
			if (na_ < (n))                                                             \
				na_ = (n);                                                         \
			(arr).items = xrealloc((arr).items, na_ * sizeof(*(arr).items));           \
			(arr).alloc = na_;                                                         \
		}                                                                                  \
	} while (0)
/* Append one element (an lvalue expression of the element type). */
#define ARRAY_PUSH(arr, v)                                                                         \
	do {                                                                                       \
		ARRAY_GROW(arr, (arr).nr + 1);                                                     \
		(arr).items[(arr).nr++] = (v);                                                     \
	} while (0)
#define ARRAY_RELEASE(arr)                                                                         \
	do {                                                                                       \
		free((arr).items);                                                                 \
		(arr).items = NULL;                                                                \
		(arr).nr = (arr).alloc = 0;                                                        \
	} while (0)

/* A string buffer: buf is never NULL and always NUL-terminated. */
struct strbuf {
	char *buf;
	size_t len, alloc;
};
#define STRBUF_INIT                                                                                \
	{                                                                                          \
		.buf = strbuf_empty, .len = 0, .alloc = 0                                          \
	}
extern char strbuf_empty[];

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Append `s` as one CSV field (quoted when it needs to be, RFC 4180). */
void strbuf_addcsv(struct strbuf *sb, const char *s);
/* Append `s` as a JSON string literal, quotes included. */
void strbuf_addjson(struct strbuf *sb, const char *s);
/* Append `s` escaped for HTML/SVG text and attributes. */
void strbuf_addxml(struct strbuf *sb, const char *s);
/* Hand the buffer to the caller; sb is reset. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

/*
 * Strict whole-number parse: all of `s` must be an optional '-' and digits,
 * within [min, max]. Returns 0 or MUSTER_EINVAL.
 */
int strtonum_l(const char *s, long min, long max, long *out);
/* Strict decimal parse (no inf/nan, whole string). */
int strtonum_d(const char *s, double *out);
/*
 * `v` in decimal, as "%" PRId64 writes it, in `buf` (no snprintf: an import
 * formats millions); returns where the NUL-terminated text starts in buf.
 */
char *i64_text(int64_t v, char buf[24]);

/* Levenshtein distance, for "did you mean" suggestions. */
size_t edit_distance(const char *a, const char *b);
/* The candidate closest to `s` (NULL if none is reasonably close). */
const char *closest_word(const char *s, const char *const *candidates, size_t n);

/* Monotonic seconds, for timings. */
double now_seconds(void);
/* Processor time of the calling thread, in seconds (now_seconds() if unavailable). */
double cpu_seconds(void);

/* True when the context's cancel flag is set (false for NULL ctx or flag). */
bool ctx_cancelled(const struct muster_ctx *ctx);
/* Report progress through `ctx` (may be NULL), at most 10 times a second. */
void ctx_progress(struct muster_ctx *ctx, const char *what, uint64_t done, uint64_t total);
/*
 * strerror(), thread-safe: the message for `errnum`, in `buf` (`size`
 * bytes) or a constant string; valid while `buf` is.
 */
const char *xstrerror(int errnum, char *buf, size_t size);
/* A buffer for xstrerror() (the longest glibc message is under 64 bytes). */
#define STRERROR_MAX 128
/* xstrerror() into a buffer living until the end of the enclosing block. */
#define errstr(e) xstrerror((e), (char[STRERROR_MAX]){0}, STRERROR_MAX)

/*
 * Files written together, none of them half: file_batch_add() writes each
 * whole to a new temporary beside it (created exclusively under a random
 * name, fsynced, with the mode and owner of the file it replaces, or 0666
 * less the umask); file_batch_commit() then renames them all into place,
 * writes the existing special files (/dev/null, a FIFO: renaming over one
 * would replace it) in place and removes the files given to
 * file_batch_remove(). Until the commit, and whenever a step fails before
 * it, every old file is untouched; file_batch_release() removes the
 * temporaries left. Errors: MUSTER_EIO "cannot write 'PATH': why" (a rename
 * failing half way through a commit leaves the earlier ones done).
 * Zero-initialise; release accepts a zeroed batch.
 */
struct file_batch_item {
	char *path;  /* the target */
	char *tmp;   /* its temporary until renamed; NULL once renamed or when none */
	char *data;  /* a special file's content, written in place at the commit */
	size_t len;  /* of data */
	bool remove; /* file_batch_remove(): unlink at the commit */
};
struct file_batch {
	struct file_batch_item *items;
	size_t nr, alloc;
};
int file_batch_add(struct file_batch *b, const char *path, const char *data, size_t len,
		   struct muster_error *err);
/* Remove `path` (if it exists) at the commit, after every file is in place. */
void file_batch_remove(struct file_batch *b, const char *path);
int file_batch_commit(struct file_batch *b, struct muster_error *err);
void file_batch_release(struct file_batch *b);
/* Write one whole file: a batch of one (see struct file_batch). */
int write_file_atomic(const char *path, const char *data, size_t len, struct muster_error *err);

/*
 * Whether `nation` pays a common share of `mission`'s costs (NULL: of any
 * mission) on some day of [from, to) (MUSTER_DATE_NONE, MUSTER_DATE_OPEN: no
 * bound): a funding rule of the mission funding a share above 0 in common,
 * in force on such a day (a rule applies only within its dates), by a key
 * in which the nation holds a value above 0. Defined in cost.c, the one
 * place costs are split; used by budgets (cost.c, source_budget.c).
 */
bool cost_pays_common(const struct muster_scenario *sc, const char *nation, const char *mission,
		      int32_t from, int32_t to);

/*
 * Cut `line` in place at its tabs into the n cells of `row` (cells past the
 * last tab are ""): a table row written as one tab-separated text.
 */
void split_tabs(char *line, const char **row, size_t n);

#endif
