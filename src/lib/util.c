/*
 * util.c: allocation, strbuf, number parsing, errors, string lists, dates and
 * the progress hook. Everything here is free of I/O policy: the library never
 * prints; only the CLI and server mains do.
 */
#include "i18n.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

char strbuf_empty[1];

_Noreturn void bug_fl(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "BUG: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static _Noreturn void die_oom(size_t n)
{
	fprintf(stderr, "fatal: out of memory (%zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom(n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		die_oom(nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

char *xstrdup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrfmt(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	return strbuf_detach(&sb, NULL);
}

/* ---- strbuf ---- */

void strbuf_init(struct strbuf *sb)
{
	sb->buf = strbuf_empty;
	sb->len = sb->alloc = 0;
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;
	if (need <= sb->alloc)
		return;
	size_t na = sb->alloc ? sb->alloc : 64;
	while (na < need)
		na *= 2;
	if (!sb->alloc) {
		sb->buf = xmalloc(na);
		sb->buf[0] = '\0';
	} else {
		sb->buf = xrealloc(sb->buf, na);
	}
	sb->alloc = na;
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	if (!fmt)
		BUG("NULL format"); /* also tells GCC under UBSan that fmt is set */
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		BUG("vsnprintf failed for '%s'", fmt);
	strbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void strbuf_addcsv(struct strbuf *sb, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && (!*s || s[strlen(s) - 1] != ' ')) {
		strbuf_addstr(sb, s);
		return;
	}
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '"');
}

char *i64_text(int64_t v, char buf[24])
{
	char *p = buf + 23;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	*p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	return p;
}

void strbuf_addjson(struct strbuf *sb, const char *s)
{
	if (!s) {
		strbuf_addstr(sb, "null");
		return;
	}
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '"':
			strbuf_addstr(sb, "\\\"");
			break;
		case '\\':
			strbuf_addstr(sb, "\\\\");
			break;
		case '\n':
			strbuf_addstr(sb, "\\n");
			break;
		case '\r':
			strbuf_addstr(sb, "\\r");
			break;
		case '\t':
			strbuf_addstr(sb, "\\t");
			break;
		default:
			if (c < 0x20)
				strbuf_addf(sb, "\\u%04x", c);
			else
				strbuf_addch(sb, c);
		}
	}
	strbuf_addch(sb, '"');
}

void strbuf_addxml(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<':
			strbuf_addstr(sb, "&lt;");
			break;
		case '>':
			strbuf_addstr(sb, "&gt;");
			break;
		case '&':
			strbuf_addstr(sb, "&amp;");
			break;
		case '"':
			strbuf_addstr(sb, "&quot;");
			break;
		case '\'':
			strbuf_addstr(sb, "&#39;");
			break;
		default:
			strbuf_addch(sb, *s);
		}
	}
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *res;
	if (len)
		*len = sb->len;
	res = sb->alloc ? sb->buf : xstrdup("");
	strbuf_init(sb);
	return res;
}

/* ---- numbers ---- */

int strtonum_l(const char *s, long min, long max, long *out)
{
	const char *p = s;
	char *end;
	long v;

	if (!s || !*s)
		return MUSTER_EINVAL;
	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return MUSTER_EINVAL;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p))
			return MUSTER_EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return MUSTER_EINVAL;
	*out = v;
	return 0;
}

int strtonum_d(const char *s, double *out)
{
	char *end;
	double v;
	if (!s || !*s || isspace((unsigned char)*s))
		return MUSTER_EINVAL;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p) && !strchr("+-.eE", *p))
			return MUSTER_EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v))
		return MUSTER_EINVAL;
	*out = v;
	return 0;
}

size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = xmalloc((lb + 1) * sizeof(*row));
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	size_t d = row[lb];
	free(row);
	return d;
}

const char *closest_word(const char *s, const char *const *candidates, size_t n)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(s, candidates[i]);
		if (d < bestd) {
			bestd = d;
			best = candidates[i];
		}
	}
	/* Suggest only when at most about a third of the word differs. */
	if (best && bestd <= 1 + strlen(s) / 3)
		return best;
	return NULL;
}

double cpu_seconds(void)
{
	struct timespec ts;
	/* the calling thread's: calls running in other threads at the same
	 * time must not eat into this call's time limit */
	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return now_seconds();
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int write_all(int fd, const char *data, size_t len)
{
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

/* ---- files written whole ---- */

/* Random bits for temporary names; exclusive creation makes them safe anyway. */
static uint64_t random_bits(void)
{
	static atomic_uint counter; /* atomic: threads may make temporaries at once */
	uint64_t r = 0;
	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) == (ssize_t)sizeof(r))
		return r;
	return (uint64_t)(now_seconds() * 1e9) ^ ((uint64_t)getpid() << 32) ^
	       (atomic_fetch_add(&counter, 1) + 1);
}

/*
 * Create a new temporary beside `path`, "DIR/.NAME.<random>.tmp": hidden, and
 * never named like a scenario file. O_EXCL | O_NOFOLLOW, so a file or symlink
 * planted under any name is never opened; mode 0666 less the umask.
 * Returns the descriptor (and *tmp, the caller's) or -1 with errno set.
 */
static int open_temp(const char *path, char **tmp)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path + 1) : 0;
	const char *base = slash ? slash + 1 : path;
	for (int tries = 0; tries < 64; tries++) {
		char *name = xstrfmt("%.*s.%s.%012llx.tmp", dirlen, path, base,
				     (unsigned long long)(random_bits() & 0xffffffffffffULL));
		int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		if (fd >= 0) {
			*tmp = name;
			return fd;
		}
		int e = errno;
		free(name);
		if (e != EEXIST) {
			errno = e;
			return -1;
		}
	}
	errno = EEXIST;
	return -1;
}

static int io_fail(struct muster_error *err, const char *path, int e)
{
	return muster_error_set(err, MUSTER_EIO, _("cannot write '%s': %s"), path, errstr(e));
}

/* Write `data` into the new temporary `fd`, with the mode of the file it replaces. */
static int fill_temp(int fd, const struct stat *old, const char *data, size_t len)
{
	/* Keep the replaced file's owner where we may, then its mode (a chown
	 * may clear set-id bits); a new file keeps 0666 less the umask. */
	if (old && (old->st_uid != geteuid() || old->st_gid != getegid()))
		(void)!fchown(fd, old->st_uid, old->st_gid);
	if (old && fchmod(fd, old->st_mode & 07777) < 0)
		return -1;
	if (write_all(fd, data, len) < 0 || fsync(fd) < 0)
		return -1;
	return 0;
}

/* Make the renames in the folder of `path` durable; best effort. */
static void sync_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path + 1)) : xstrdup(".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

int file_batch_add(struct file_batch *b, const char *path, const char *data, size_t len,
		   struct muster_error *err)
{
	struct file_batch_item it = {xstrdup(path), NULL, NULL, 0, false};
	struct stat st;
	bool exists = stat(path, &st) == 0;
	/*
	 * Anything but a regular file that already exists (/dev/null, a FIFO, a
	 * terminal) is written in place at the commit: renaming over it would
	 * replace a device with a file.
	 */
	if (exists && S_ISDIR(st.st_mode)) {
		free(it.path);
		return io_fail(err, path, EISDIR);
	}
	if (exists && !S_ISREG(st.st_mode)) {
		it.data = xmalloc(len + 1);
		memcpy(it.data, data, len);
		it.len = len;
		ARRAY_PUSH(*b, it);
		return 0;
	}
	int fd = open_temp(path, &it.tmp);
	if (fd < 0 || fill_temp(fd, exists ? &st : NULL, data, len) < 0) {
		int e = errno, rc = io_fail(err, path, e);
		if (fd >= 0) {
			close(fd);
			unlink(it.tmp);
		}
		free(it.tmp);
		free(it.path);
		return rc;
	}
	if (close(fd) < 0) {
		int rc = io_fail(err, path, errno);
		unlink(it.tmp);
		free(it.tmp);
		free(it.path);
		return rc;
	}
	ARRAY_PUSH(*b, it);
	return 0;
}

void file_batch_remove(struct file_batch *b, const char *path)
{
	struct file_batch_item it = {xstrdup(path), NULL, NULL, 0, true};
	ARRAY_PUSH(*b, it);
}

/* Write a special file in place (see file_batch_add). */
static int write_in_place(const struct file_batch_item *it, struct muster_error *err)
{
	int fd = open(it->path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	int rc = 0;
	if (fd < 0 || write_all(fd, it->data, it->len) < 0)
		rc = io_fail(err, it->path, errno);
	if (fd >= 0)
		close(fd);
	return rc;
}

/*
 * Whether `path` is now one of the files the batch wrote: on a file system
 * that ignores case, "OFFERS.CSV" is the "offers.csv" just written.
 */
static bool is_written(const struct file_batch *b, const char *path)
{
	struct stat st, w;
	if (lstat(path, &st) < 0)
		return false;
	for (size_t i = 0; i < b->nr; i++)
		if (!b->items[i].remove && lstat(b->items[i].path, &w) == 0 &&
		    w.st_dev == st.st_dev && w.st_ino == st.st_ino)
			return true;
	return false;
}

int file_batch_commit(struct file_batch *b, struct muster_error *err)
{
	int rc = 0;
	/* Renames first: they cannot block; then writes in place, then removals. */
	for (size_t i = 0; i < b->nr && !rc; i++) {
		struct file_batch_item *it = &b->items[i];
		if (!it->tmp)
			continue;
		if (rename(it->tmp, it->path) < 0) {
			rc = io_fail(err, it->path, errno);
			break;
		}
		free(it->tmp);
		it->tmp = NULL;
		sync_dir_of(it->path);
	}
	for (size_t i = 0; i < b->nr && !rc; i++)
		if (b->items[i].data)
			rc = write_in_place(&b->items[i], err);
	for (size_t i = 0; i < b->nr && !rc; i++) {
		const struct file_batch_item *it = &b->items[i];
		if (it->remove && is_written(b, it->path))
			continue;
		if (it->remove && unlink(it->path) < 0 && errno != ENOENT)
			rc = muster_error_set(err, MUSTER_EIO, _("cannot remove '%s': %s"),
					      it->path, errstr(errno));
	}
	return rc;
}

void file_batch_release(struct file_batch *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->nr; i++) {
		if (b->items[i].tmp)
			unlink(b->items[i].tmp);
		free(b->items[i].tmp);
		free(b->items[i].path);
		free(b->items[i].data);
	}
	ARRAY_RELEASE(*b);
}

int write_file_atomic(const char *path, const char *data, size_t len, struct muster_error *err)
{
	struct file_batch b = {0};
	int rc = file_batch_add(&b, path, data, len, err);
	if (rc == 0)
		rc = file_batch_commit(&b, err);
	file_batch_release(&b);
	return rc;
}

/* ---- errors ---- */

int muster_error_set(struct muster_error *err, int code, const char *fmt, ...)
{
	if (!err)
		return code;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	free(err->msg);
	err->msg = strbuf_detach(&sb, NULL);
	err->code = code;
	return code;
}

void muster_error_add(struct muster_error *err, const char *fmt, ...)
{
	if (!err)
		return;
	if (err->details.nr >= MUSTER_ERROR_MAX_DETAILS) {
		err->dropped++;
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ARRAY_PUSH(err->details, strbuf_detach(&sb, NULL));
}

void muster_error_release(struct muster_error *err)
{
	if (!err)
		return;
	free(err->msg);
	muster_strlist_release(&err->details);
	for (size_t i = 0; i < err->items.nr; i++) {
		free(err->items.items[i].entity);
		free(err->items.items[i].key);
		free(err->items.items[i].column);
		free(err->items.items[i].message);
	}
	ARRAY_RELEASE(err->items);
	err->msg = NULL;
	err->code = 0;
	err->dropped = 0;
}

void muster_error_item_add(struct muster_error *err, const char *entity, const char *key,
			   const char *column, const char *message)
{
	if (!err)
		return;
	struct muster_error_item it = {xstrdup_or_null(entity), xstrdup_or_null(key),
				       xstrdup_or_null(column), xstrdup_or_null(message)};
	ARRAY_PUSH(err->items, it);
}

const char *muster_strstatus(int code)
{
	switch (code) {
	case MUSTER_OK:
		return "ok";
	case MUSTER_EINVAL:
		return "bad input";
	case MUSTER_ENOENT:
		return "not found";
	case MUSTER_EIO:
		return "i/o error";
	case MUSTER_ESTORE:
		return "database error";
	case MUSTER_EEXIST:
		return "already exists";
	case MUSTER_EINFEASIBLE:
		return "infeasible";
	case MUSTER_EINTR:
		return "interrupted";
	case MUSTER_ETIME:
		return "time limit reached";
	case MUSTER_EUSAGE:
		return "usage";
	case MUSTER_ESOLVER:
		return "solver failed";
	case MUSTER_ESTALE:
		return "changed meanwhile";
	case MUSTER_EPERM:
		return "not permitted";
	case MUSTER_ECONFLICT:
		return "version conflict";
	case MUSTER_EBUSY:
		return "database busy";
	case MUSTER_EUNAVAIL:
		return "database unavailable";
	}
	return "unknown error";
}

/* ---- string lists ---- */

void muster_strlist_push(struct muster_strlist *l, const char *s)
{
	ARRAY_PUSH(*l, xstrdup(s));
}

void muster_strlist_release(struct muster_strlist *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nr; i++)
		free(l->items[i]);
	ARRAY_RELEASE(*l);
}

bool muster_strlist_has(const struct muster_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->nr; i++)
		if (!strcmp(l->items[i], s))
			return true;
	return false;
}

void muster_strlist_split(struct muster_strlist *l, const char *s, char sep)
{
	while (s && *s) {
		const char *e = strchr(s, sep);
		const char *end = e ? e : s + strlen(s);
		const char *b = s;
		while (b < end && isspace((unsigned char)*b))
			b++;
		const char *t = end;
		while (t > b && isspace((unsigned char)t[-1]))
			t--;
		if (t > b)
			ARRAY_PUSH(*l, xstrndup(b, (size_t)(t - b)));
		s = e ? e + 1 : NULL;
	}
}

char *muster_strlist_join(const struct muster_strlist *l, char sep)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < l->nr; i++) {
		if (i)
			strbuf_addch(&sb, sep);
		strbuf_addstr(&sb, l->items[i]);
	}
	return strbuf_detach(&sb, NULL);
}

/* ---- dates (days from civil, H. Hinnant's algorithm) ---- */

int32_t muster_date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void muster_date_to_ymd(int32_t day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int muster_date_parse(const char *s, int32_t *out)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return MUSTER_EINVAL;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return MUSTER_EINVAL;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return MUSTER_EINVAL;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return MUSTER_EINVAL;
	*out = muster_date_from_ymd(y, m, d);
	return 0;
}

void muster_date_format(int32_t day, char buf[static 11])
{
	int y, m, d;
	if (day == MUSTER_DATE_NONE || day == MUSTER_DATE_OPEN) {
		buf[0] = '\0';
		return;
	}
	muster_date_to_ymd(day, &y, &m, &d);
	y = ((y % 10000) + 10000) % 10000;
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

/* ---- the per-call context ---- */

bool ctx_cancelled(const struct muster_ctx *ctx)
{
	return ctx && ctx->cancel && atomic_load(ctx->cancel);
}

void ctx_progress(struct muster_ctx *ctx, const char *what, uint64_t done, uint64_t total)
{
	if (!ctx || !ctx->progress)
		return;
	double t = now_seconds();
	/* Always report completion; otherwise at most 10 times a second. */
	if (done != total && t - ctx->progress_last < 0.1)
		return;
	ctx->progress_last = t;
	ctx->progress(ctx->progress_data, what, done, total);
}

const char *xstrerror(int errnum, char *buf, size_t size)
{
	/* the GNU strerror_r (_GNU_SOURCE): returns the message, in buf or static */
	return strerror_r(errnum, buf, size);
}
