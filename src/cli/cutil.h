/*
 * cutil.h: the CLI's own small helpers: allocation that aborts on
 * exhaustion, growable arrays and a string buffer. Header-only (static
 * inline), so that the CLI includes nothing of src/lib and its names never
 * meet the library's internal ones at link time. Numbers, "did you mean"
 * and files written together come from muster.h (muster_parse_long, ...).
 */
#ifndef MUSTER_CLI_UTIL_H
#define MUSTER_CLI_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static inline void *xnonnull(void *p)
{
	if (!p) {
		fputs("muster: out of memory\n", stderr);
		abort();
	}
	return p;
}

static inline void *xmalloc(size_t n)
{
	return xnonnull(malloc(n ? n : 1));
}

static inline void *xcalloc(size_t nmemb, size_t size)
{
	return xnonnull(calloc(nmemb ? nmemb : 1, size ? size : 1));
}

static inline void *xrealloc(void *p, size_t n)
{
	return xnonnull(realloc(p, n ? n : 1));
}

static inline char *xstrdup(const char *s)
{
	return xnonnull(strdup(s));
}

static inline char *xstrndup(const char *s, size_t n)
{
	return xnonnull(strndup(s, n));
}

static inline char *xstrdup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static inline char *xvstrfmt(const char *fmt, va_list ap)
{
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	return xnonnull(s);
}

__attribute__((format(printf, 1, 2))) static inline char *xstrfmt(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvstrfmt(fmt, ap);
	va_end(ap);
	return s;
}

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
	size_t len, alloc; /* alloc 0: buf is the shared empty string */
};
__attribute__((unused)) static char strbuf_empty_[1];
#define STRBUF_INIT                                                                                \
	{                                                                                          \
		.buf = strbuf_empty_, .len = 0, .alloc = 0                                         \
	}

static inline void strbuf_grow(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 > sb->alloc) {
		size_t n = sb->alloc ? sb->alloc * 2 : 64;
		while (n < sb->len + extra + 1)
			n *= 2;
		sb->buf = xrealloc(sb->alloc ? sb->buf : NULL, n);
		if (!sb->alloc)
			sb->buf[0] = '\0';
		sb->alloc = n;
	}
}

static inline void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

static inline void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

static inline void strbuf_addch(struct strbuf *sb, int c)
{
	char ch = (char)c;
	strbuf_add(sb, &ch, 1);
}

static inline void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	char *s = xvstrfmt(fmt, ap);
	strbuf_addstr(sb, s);
	free(s);
}

__attribute__((format(printf, 2, 3))) static inline void strbuf_addf(struct strbuf *sb,
								     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

static inline void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
}

static inline void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	sb->buf = strbuf_empty_;
	sb->len = sb->alloc = 0;
}

/* Hand the text to the caller (never NULL); sb is reset. */
static inline char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *s = sb->alloc ? sb->buf : xstrdup("");
	if (len)
		*len = sb->len;
	sb->buf = strbuf_empty_;
	sb->len = sb->alloc = 0;
	return s;
}

#endif
