/*
 * csv_read.c: reads one scenario CSV file with libcsv (strict RFC 4180:
 * CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) and hands each data row to
 * a callback, cells in schema order.
 *
 * Key decisions:
 * - Line numbers: libcsv does not track them, and a quoted cell may span
 *   lines. We feed libcsv one physical line at a time (split at '\n' inside
 *   large 1 MiB read buffers); a record starts on the current line when the
 *   parser is in its ROW_NOT_BEGUN state before that line is fed. Callbacks
 *   fire synchronously, so every callback knows the current line.
 * - Fields are copied into one per-record buffer (NUL separated) that is
 *   reused from row to row: no per-field allocation.
 * - Hard caps: a cell over CSV_FIELD_MAX bytes (libcsv's buffer grows only
 *   through a realloc hook that refuses to pass the cap), and at most
 *   CSV_MAX_CELLS cells in a record.
 * - Every cell must be valid UTF-8 without NUL bytes; a UTF-8 byte order
 *   mark at the start of the file is skipped.
 * - Unquoted cells are trimmed of spaces (not tabs), matching what
 *   strbuf_addcsv quotes on the way out. A row whose cells are all empty
 *   (",,,," as spreadsheets write them) counts as a blank line.
 * - Problems are collected as error details; a bad header, broken quoting or
 *   an over-long cell end the reading of that file.
 * - A header none of whose cells is a known column, or close to one, is not
 *   this file at all (a symlink to /etc/shadow named offers.csv): it is
 *   reported without quoting any of its bytes. Every quoted value goes
 *   through csv_show_value(): bounded, control bytes and broken UTF-8
 *   escaped.
 */
#include "csv_read.h"
#include "i18n.h"
#include "util.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_CHUNK    (1024 * 1024)
#define CSV_MAX_CELLS 1000
/* libcsv's parser states (csv_parser.pstate); only ROW_NOT_BEGUN is used. */
#define LIBCSV_ROW_NOT_BEGUN 0

struct reader {
	const struct csv_schema *schema;
	csv_row_fn fn;
	void *ctx;
	struct muster_ctx *mctx; /* the call's: cancel flag and progress, or NULL */
	struct muster_error *err;
	uint32_t line;	   /* current physical line, 1-based */
	uint32_t rec_line; /* line where the current record started */
	bool after_cr;	   /* the last byte fed was a '\r' */
	struct strbuf rec; /* the current record's cells, each NUL-terminated */
	struct {
		size_t *items;
		size_t nr, alloc;
	} offs;		  /* start of each cell in rec */
	bool rec_bad;	  /* a cell of this record was rejected (UTF-8) */
	bool dropped;	  /* a data row did not reach the callback */
	bool header_done; /* the header row has been mapped */
	bool stop;	  /* ignore the rest of the file */
	int *map;	  /* file column -> schema column, -1 unknown */
	size_t nfile;	  /* columns in the header */
	const char **cells;
	bool *present;
	size_t rows;
};

static void *capped_realloc(void *p, size_t n)
{
	/* Refusing makes libcsv fail with CSV_ENOMEM: the cell is too long. */
	if (n > CSV_FIELD_MAX + 2)
		return NULL;
	return realloc(p, n);
}

static int space_only(unsigned char c)
{
	return c == ' ';
}

size_t csv_problems(const struct muster_error *err)
{
	return err->details.nr + err->dropped;
}

static long utf8_invalid_at(const unsigned char *s, size_t n);

/* Length of the valid UTF-8 character at s (n bytes left), 0 when invalid. */
static size_t utf8_char_len(const unsigned char *s, size_t n)
{
	size_t len = s[0] < 0x80 ? 1 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
	return len <= n && utf8_invalid_at(s, len) < 0 ? len : 0;
}

void csv_show_value(struct strbuf *sb, const char *v)
{
	const unsigned char *u = (const unsigned char *)v;
	size_t n = strlen(v);
	size_t cut = n > CSV_SHOW_MAX + 3 ? CSV_SHOW_MAX : n;
	/* Cut on a UTF-8 character boundary. */
	while (cut < n && cut > 0 && (u[cut] & 0xC0) == 0x80)
		cut--;
	for (size_t i = 0; i < cut;) {
		unsigned char c = u[i];
		size_t len = utf8_char_len(u + i, cut - i);
		if (c == '\n')
			strbuf_addstr(sb, "\\n");
		else if (c == '\r')
			strbuf_addstr(sb, "\\r");
		else if (c == '\t')
			strbuf_addstr(sb, "\\t");
		else if (c < 0x20 || c == 0x7f || !len)
			strbuf_addf(sb, "\\x%02x", c); /* control bytes, broken UTF-8 */
		else if (c == 0xC2 && u[i + 1] < 0xA0)
			strbuf_addf(sb, "\\u%04x", u[i + 1]); /* C1 controls (CSI) */
		else
			strbuf_add(sb, u + i, len);
		i += len ? len : 1;
	}
	if (cut < n)
		strbuf_addstr(sb, "...");
}

void csv_bad_cell(struct muster_error *err, const char *file, uint32_t line, const char *col,
		  const char *what, const char *value)
{
	struct strbuf sb = STRBUF_INIT;
	csv_show_value(&sb, value ? value : "");
	if (col && !line) /* a cell given on the command line: no line */
		muster_error_add(err, _("%s: column '%s': expected %s, got '%s'"), file, col, what,
				 sb.buf);
	else if (col)
		muster_error_add(err, _("%s:%u: column '%s': expected %s, got '%s'"), file, line,
				 col, what, sb.buf);
	else
		muster_error_add(err, _("%s:%u: expected %s, got '%s'"), file, line, what, sb.buf);
	strbuf_release(&sb);
}

/*
 * Offset of the first byte that is not valid UTF-8 (or is NUL), or -1.
 * Rejects overlong forms, surrogates and code points past U+10FFFF.
 */
static long utf8_invalid_at(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		if (c >= 0x01 && c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		unsigned lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF)
			len = 2;
		else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else
			return (long)i;
		if (i + len > n || s[i + 1] < lo || s[i + 1] > hi)
			return (long)i;
		for (size_t k = 2; k < len; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return (long)i;
		i += len;
	}
	return -1;
}

/* The name of file column `idx` for messages, or NULL in the header. */
static const char *col_name(const struct reader *r, size_t idx)
{
	if (!r->header_done || idx >= r->nfile || r->map[idx] < 0)
		return NULL;
	return csv_schema_col(r->schema, (size_t)r->map[idx])->name;
}

/* `msg`: the whole sentence, translated ("expected ..., got ..."). */
static void problem_at_col(struct reader *r, uint32_t line, size_t idx, const char *msg)
{
	const char *name = col_name(r, idx);
	const char *file = r->schema->file;
	if (name)
		muster_error_add(r->err, _("%s:%u: column '%s': %s"), file, line, name, msg);
	else if (r->header_done)
		muster_error_add(r->err, _("%s:%u: column %zu: %s"), file, line, idx + 1, msg);
	else
		muster_error_add(r->err, _("%s:%u: header: %s"), file, line, msg);
}

static void on_field(void *data, size_t len, void *vr)
{
	struct reader *r = vr;
	if (r->stop)
		return;
	if (r->offs.nr >= CSV_MAX_CELLS) {
		problem_at_col(r, r->rec_line, r->offs.nr,
			       _("expected at most 1000 cells in a row, got more"));
		r->stop = true;
		return;
	}
	if (len > CSV_FIELD_MAX) {
		problem_at_col(r, r->rec_line, r->offs.nr,
			       _("expected a cell of at most 1 MiB, got a longer one"));
		r->stop = true;
		return;
	}
	long bad = utf8_invalid_at(data, len);
	if (bad >= 0) {
		char msg[256];
		snprintf(msg, sizeof(msg),
			 _("expected UTF-8 text, got byte 0x%02x at offset %ld of the cell"),
			 ((unsigned char *)data)[bad], bad);
		problem_at_col(r, r->rec_line, r->offs.nr, msg);
		r->rec_bad = true;
	}
	ARRAY_PUSH(r->offs, r->rec.len);
	strbuf_grow(&r->rec, len + 1);
	memcpy(r->rec.buf + r->rec.len, data, len);
	r->rec.len += len + 1; /* the cell and its NUL */
	r->rec.buf[r->rec.len - 1] = '\0';
	r->rec.buf[r->rec.len] = '\0';
}

/* An unknown column not close to any known one: list the known ones. */
static void unknown_column(struct reader *r, const char *shown, const char *const *names)
{
	struct strbuf known = STRBUF_INIT;
	for (size_t k = 0; k < r->schema->ncols; k++)
		strbuf_addf(&known, "%s%s", k ? ", " : "", names[k]);
	muster_error_add(r->err, _("%s:%u: column '%s': unknown column (known: %s)"),
			 r->schema->file, r->rec_line, shown, known.buf);
	strbuf_release(&known);
}

/*
 * Whether some header cell is a known column or close to one. A header with
 * none is no file of this schema (a symlink to /etc/shadow named offers.csv):
 * its cells are then never quoted, since they may be anything.
 */
static bool header_recognised(const struct reader *r, const char *const *names)
{
	for (size_t i = 0; i < r->offs.nr; i++)
		if (closest_word(r->rec.buf + r->offs.items[i], names, r->schema->ncols))
			return true;
	return false;
}

static void not_this_file(struct reader *r, const char *const *names)
{
	struct strbuf known = STRBUF_INIT;
	for (size_t k = 0; k < r->schema->ncols; k++)
		strbuf_addf(&known, "%s%s", k ? ", " : "", names[k]);
	muster_error_add(r->err,
			 _("%s:%u: header: expected the columns of %s (%s), got none of them"),
			 r->schema->file, r->rec_line, r->schema->file, known.buf);
	strbuf_release(&known);
}

static void map_header(struct reader *r)
{
	const struct csv_schema *s = r->schema;
	const char **names = xcalloc(s->ncols, sizeof(*names));
	size_t before = csv_problems(r->err);
	r->nfile = r->offs.nr;
	r->map = xcalloc(r->nfile ? r->nfile : 1, sizeof(*r->map));
	for (size_t k = 0; k < s->ncols; k++)
		names[k] = csv_schema_col(s, k)->name;
	if (!header_recognised(r, names)) {
		not_this_file(r, names);
		r->nfile = 0;
	}
	for (size_t i = 0; i < r->nfile; i++) {
		const char *h = r->rec.buf + r->offs.items[i];
		r->map[i] = -1;
		for (size_t k = 0; k < s->ncols; k++)
			if (!strcmp(h, names[k]))
				r->map[i] = (int)k;
		if (r->map[i] >= 0 && r->present[r->map[i]]) {
			muster_error_add(r->err, _("%s:%u: column '%s': appears twice"), s->file,
					 r->rec_line, h);
		} else if (r->map[i] >= 0) {
			r->present[r->map[i]] = true;
		} else if (s->other_columns) {
			/* a column of the file the caller does not read */
		} else if (!*h) {
			muster_error_add(r->err,
					 _("%s:%u: column %zu: expected a column name, got ''"),
					 s->file, r->rec_line, i + 1);
		} else {
			struct strbuf sb = STRBUF_INIT;
			const char *near = closest_word(h, names, s->ncols);
			csv_show_value(&sb, h);
			if (near)
				muster_error_add(
				    r->err,
				    _("%s:%u: column '%s': unknown column; did you mean "
				      "'%s'?"),
				    s->file, r->rec_line, sb.buf, near);
			else
				unknown_column(r, sb.buf, names);
			strbuf_release(&sb);
		}
	}
	for (size_t k = 0; k < s->ncols && r->nfile; k++)
		if (csv_schema_col(s, k)->required && !r->present[k])
			muster_error_add(r->err, _("%s:%u: missing required column '%s'"), s->file,
					 r->rec_line, names[k]);
	free(names);
	r->header_done = true;
	if (csv_problems(r->err) != before || r->rec_bad)
		r->stop = true;
}

/* Every cell empty (",,,," as spreadsheets write): treated as a blank line. */
static bool row_is_blank(const struct reader *r)
{
	return r->rec.len == r->offs.nr; /* only the NUL terminators */
}

static void emit_row(struct reader *r)
{
	const struct csv_schema *s = r->schema;
	if (row_is_blank(r))
		return;
	r->rows++;
	if (r->offs.nr != r->nfile) {
		muster_error_add(r->err, _("%s:%u: expected %zu cells as in the header, got %zu"),
				 s->file, r->rec_line, r->nfile, r->offs.nr);
		r->dropped = true;
		return;
	}
	if (r->rec_bad) {
		r->dropped = true;
		return;
	}
	for (size_t k = 0; k < s->ncols; k++)
		r->cells[k] = "";
	for (size_t i = 0; i < r->nfile; i++)
		if (r->map[i] >= 0)
			r->cells[r->map[i]] = r->rec.buf + r->offs.items[i];
	struct csv_row row = {
	    .schema = s, .line = r->rec_line, .cells = r->cells, .present = r->present};
	r->fn(r->ctx, &row, r->err);
}

static void on_record(int c, void *vr)
{
	struct reader *r = vr;
	(void)c;
	if (!r->stop) {
		if (!r->header_done)
			map_header(r);
		else
			emit_row(r);
	}
	strbuf_reset(&r->rec);
	r->offs.nr = 0;
	r->rec_bad = false;
}

/* libcsv stopped early: say why, at the current line. */
static void parse_failed(struct reader *r, struct csv_parser *p)
{
	if (csv_error(p) == CSV_EPARSE)
		problem_at_col(r, r->line, r->offs.nr,
			       _("expected RFC 4180 quoting, got a quote inside an unquoted cell "
				 "or text after a closing quote"));
	else
		problem_at_col(r, r->rec_line, r->offs.nr,
			       _("expected a cell of at most 1 MiB, got a longer one"));
	r->stop = true;
}

/*
 * Feed one chunk to libcsv, a physical line at a time. A line ends at "\n",
 * "\r\n" or a lone "\r" (counted once). 0, or -1 to stop.
 */
static int feed(struct reader *r, struct csv_parser *p, const char *buf, size_t len,
		bool *at_line_start)
{
	while (len && !r->stop) {
		const char *nl = memchr(buf, '\n', len);
		const char *cr = memchr(buf, '\r', nl ? (size_t)(nl - buf) : len);
		const char *end = cr ? cr : nl;
		size_t seg = end ? (size_t)(end - buf) + 1 : len;
		if (*at_line_start && p->pstate == LIBCSV_ROW_NOT_BEGUN)
			r->rec_line = r->line;
		if (csv_parse(p, buf, seg, on_field, on_record, r) != seg) {
			parse_failed(r, p);
			return -1;
		}
		/* The "\n" of a "\r\n" was counted at its "\r". */
		if (end && !(*end == '\n' && seg == 1 && r->after_cr))
			r->line++;
		r->after_cr = end && *end == '\r';
		*at_line_start = end != NULL;
		buf += seg;
		len -= seg;
	}
	return r->stop ? -1 : 0;
}

static void reader_release(struct reader *r)
{
	strbuf_release(&r->rec);
	ARRAY_RELEASE(r->offs);
	free(r->map);
	free(r->cells);
	free(r->present);
}

/* Read the open file `fd` through the parser. */
static int read_all(struct reader *r, struct csv_parser *p, int fd, off_t size, const char *path)
{
	/* Small files get a small buffer: a scenario has many of them. */
	size_t bufsize = size >= 0 && size < READ_CHUNK ? (size_t)size + 4096 : READ_CHUNK;
	char *buf = xmalloc(bufsize);
	char *what = xstrfmt(_("reading %s"), r->schema->file);
	bool at_line_start = true, first = true;
	uint64_t done = 0;
	int rc = 0;
	for (;;) {
		ssize_t n = read(fd, buf, bufsize);
		if (n < 0 && errno == EINTR && !ctx_cancelled(r->mctx))
			continue;
		if (n < 0) {
			rc = muster_error_set(r->err, MUSTER_EIO, _("cannot read '%s': %s"), path,
					      errstr(errno));
			goto out;
		}
		if (n == 0)
			break;
		const char *s = buf;
		size_t len = (size_t)n;
		if (first && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
			s += 3;
			len -= 3;
		}
		first = false;
		if (feed(r, p, s, len, &at_line_start) < 0)
			goto out;
		done += (uint64_t)n;
		if (ctx_cancelled(r->mctx)) {
			rc = muster_error_set(r->err, MUSTER_EINTR, _("interrupted"));
			goto out;
		}
		if (size > 8 * READ_CHUNK)
			ctx_progress(r->mctx, what, r->rows,
				     (uint64_t)((double)r->rows * (double)size / (double)done));
	}
	if (csv_fini(p, on_field, on_record, r) != 0 && !r->stop)
		problem_at_col(r, r->rec_line, r->offs.nr,
			       _("expected a closing quote, got the end of the file"));
	if (size > 8 * READ_CHUNK)
		ctx_progress(r->mctx, what, r->rows, r->rows);
out:
	free(what);
	free(buf);
	return rc;
}

int csv_read_file(const char *path, const struct csv_schema *schema, csv_row_fn fn, void *ctx,
		  struct muster_error *err, size_t *rows)
{
	return csv_read_file_ex(path, schema, fn, ctx, err, rows, NULL);
}

static int read_path(const char *path, const struct csv_schema *schema, csv_row_fn fn, void *ctx,
		     struct muster_ctx *mctx, struct muster_error *err, size_t *rows,
		     bool *complete)
{
	int rc, fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = muster_error_set(err, MUSTER_EIO, _("cannot read '%s': %s"), path,
				      errstr(errno));
		if (rows)
			*rows = 0;
		if (complete)
			*complete = false;
		return rc;
	}
	rc = csv_read_fd(fd, path, schema, fn, ctx, mctx, err, rows, complete);
	close(fd);
	return rc;
}

int csv_read_file_ex(const char *path, const struct csv_schema *schema, csv_row_fn fn, void *ctx,
		     struct muster_error *err, size_t *rows, bool *complete)
{
	return read_path(path, schema, fn, ctx, NULL, err, rows, complete);
}

int csv_read_file_ctx(const char *path, const struct csv_schema *schema, csv_row_fn fn, void *ctx,
		      struct muster_ctx *mctx, struct muster_error *err, size_t *rows)
{
	return read_path(path, schema, fn, ctx, mctx, err, rows, NULL);
}

int csv_read_fd(int fd, const char *path, const struct csv_schema *schema, csv_row_fn fn, void *ctx,
		struct muster_ctx *mctx, struct muster_error *err, size_t *rows, bool *complete)
{
	struct reader r = {
	    .schema = schema, .fn = fn, .ctx = ctx, .mctx = mctx, .err = err, .line = 1};
	struct csv_parser p;
	struct stat st;
	int rc = 0;

	strbuf_init(&r.rec);
	if (fstat(fd, &st) < 0) {
		rc = muster_error_set(err, MUSTER_EIO, _("cannot read '%s': %s"), path,
				      errstr(errno));
		goto out;
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		BUG("csv_init failed");
	csv_set_realloc_func(&p, capped_realloc);
	csv_set_blk_size(&p, 16 * 1024);
	csv_set_space_func(&p, space_only);
	r.cells = xcalloc(schema->ncols, sizeof(*r.cells));
	r.present = xcalloc(schema->ncols, sizeof(*r.present));
	rc = read_all(&r, &p, fd, st.st_size, path);
	csv_free(&p);
	if (!rc && !r.header_done && !r.stop)
		muster_error_add(err, _("%s:1: expected a header row, got an empty file"),
				 schema->file);
out:
	if (rows)
		*rows = r.rows;
	if (complete)
		*complete = !rc && r.header_done && !r.stop && !r.dropped;
	reader_release(&r);
	return rc;
}
