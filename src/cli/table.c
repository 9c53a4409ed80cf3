/*
 * table.c: the one way commands print tabular results: aligned columns for
 * people, CSV (RFC 4180) and JSON (an array of objects) for programs.
 */
#include "cli.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void table_init(struct table *t, size_t ncols, const char *const *head)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	t->head = xcalloc(ncols, sizeof(*t->head));
	t->numeric = xcalloc(ncols, sizeof(*t->numeric));
	for (size_t i = 0; i < ncols; i++)
		t->head[i] = xstrdup(head[i]);
}

void table_numeric(struct table *t, size_t col)
{
	if (col >= t->ncols)
		BUG("column %zu of %zu", col, t->ncols);
	t->numeric[col] = true;
}

void table_add(struct table *t, const char *const *row)
{
	ARRAY_GROW(t->cells, t->cells.nr + t->ncols);
	for (size_t i = 0; i < t->ncols; i++)
		t->cells.items[t->cells.nr++] = xstrdup(row[i] ? row[i] : "");
}

void table_addf(struct table *t, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	const char **row = xcalloc(t->ncols, sizeof(*row));
	char *p = sb.buf;
	for (size_t i = 0; i < t->ncols; i++) {
		row[i] = p ? p : "";
		char *tab = p ? strchr(p, '\t') : NULL;
		if (tab)
			*tab = '\0';
		p = tab ? tab + 1 : NULL;
	}
	table_add(t, row);
	free(row);
	strbuf_release(&sb);
}

size_t table_rows(const struct table *t)
{
	return t->ncols ? t->cells.nr / t->ncols : 0;
}

/* Display width of UTF-8 text: count code points, not bytes. */
static size_t text_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

static void print_text(const struct table *t, FILE *out)
{
	size_t *w = xcalloc(t->ncols, sizeof(*w));
	size_t rows = table_rows(t);
	for (size_t c = 0; c < t->ncols; c++)
		w[c] = text_width(t->head[c]);
	for (size_t r = 0; r < rows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			size_t cw = text_width(t->cells.items[r * t->ncols + c]);
			if (cw > w[c])
				w[c] = cw;
		}
	for (size_t r = 0; r <= rows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = r ? t->cells.items[(r - 1) * t->ncols + c] : t->head[c];
			size_t pad = w[c] - text_width(s);
			bool last = c + 1 == t->ncols;
			if (c)
				fputs("  ", out);
			if (t->numeric[c])
				fprintf(out, "%*s%s", (int)pad, "", s);
			else
				fprintf(out, "%s%*s", s, last ? 0 : (int)pad, "");
		}
		fputc('\n', out);
	}
	free(w);
}

static void print_csv(const struct table *t, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	size_t rows = table_rows(t);
	for (size_t r = 0; r <= rows; r++) {
		strbuf_reset(&sb);
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				strbuf_addch(&sb, ',');
			strbuf_addcsv(&sb, r ? t->cells.items[(r - 1) * t->ncols + c] : t->head[c]);
		}
		strbuf_addch(&sb, '\n');
		fputs(sb.buf, out);
	}
	strbuf_release(&sb);
}

/* Whether `s` is a number in JSON's grammar (no inf, nan, hex, leading '+' or '.'). */
static bool json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		s += strspn(s, "0123456789");
	else
		return false;
	if (*s == '.') {
		size_t n = strspn(++s, "0123456789");
		if (!n)
			return false;
		s += n;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		size_t n = strspn(s, "0123456789");
		if (!n)
			return false;
		s += n;
	}
	return !*s;
}

void table_addjson(struct strbuf *sb, const struct table *t)
{
	size_t rows = table_rows(t);
	strbuf_addch(sb, '[');
	for (size_t r = 0; r < rows; r++) {
		strbuf_addstr(sb, r ? ",\n {" : "\n {");
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cells.items[r * t->ncols + c];
			if (c)
				strbuf_addstr(sb, ", ");
			strbuf_addjson(sb, t->head[c]);
			strbuf_addstr(sb, ": ");
			if (!*s)
				strbuf_addstr(sb, "null");
			else if (t->numeric[c] && json_number(s))
				strbuf_addstr(sb, s);
			else if (t->numeric[c] && !strcmp(s, "-"))
				strbuf_addstr(sb, "null"); /* the table's "not known" */
			else /* a string: "inf" or "nan" stay visible and the JSON valid */
				strbuf_addjson(sb, s);
		}
		strbuf_addch(sb, '}');
	}
	strbuf_addstr(sb, rows ? "\n]" : "]");
}

static void print_json(const struct table *t, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	table_addjson(&sb, t);
	strbuf_addch(&sb, '\n');
	fputs(sb.buf, out);
	strbuf_release(&sb);
}

void table_print(const struct table *t, enum cli_format f, FILE *out)
{
	switch (f) {
	case CLI_CSV:
		print_csv(t, out);
		break;
	case CLI_JSON:
		print_json(t, out);
		break;
	case CLI_XLSX:
		table_print_xlsx(t, out);
		break;
	default:
		print_text(t, out);
		break;
	}
}

void table_release(struct table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncols; i++)
		free(t->head[i]);
	for (size_t i = 0; i < t->cells.nr; i++)
		free(t->cells.items[i]);
	free(t->head);
	free(t->numeric);
	ARRAY_RELEASE(t->cells);
	memset(t, 0, sizeof(*t));
}
