/*
 * table.c: results as tables of text cells (struct muster_table), the one
 * shape every front end prints: aligned text, CSV (RFC 4180) or JSON
 * (json.c). The rows of each result type are filled in results.c.
 */
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void muster_table_init(struct muster_table *t, size_t ncols, const char *const *head)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	t->head = xcalloc(ncols ? ncols : 1, sizeof(*t->head));
	t->numeric = xcalloc(ncols ? ncols : 1, sizeof(*t->numeric));
	for (size_t i = 0; i < ncols; i++)
		t->head[i] = xstrdup(head[i]);
}

void muster_table_numeric(struct muster_table *t, size_t col)
{
	if (col >= t->ncols)
		BUG("column %zu of %zu", col, t->ncols);
	t->numeric[col] = true;
}

void muster_table_add(struct muster_table *t, const char *const *row)
{
	ARRAY_GROW(t->cells, t->cells.nr + t->ncols);
	for (size_t i = 0; i < t->ncols; i++)
		t->cells.items[t->cells.nr++] = xstrdup(row[i] ? row[i] : "");
}

void split_tabs(char *line, const char **row, size_t n)
{
	char *p = line;
	for (size_t i = 0; i < n; i++) {
		row[i] = p ? p : "";
		char *tab = p ? strchr(p, '\t') : NULL;
		if (tab)
			*tab = '\0';
		p = tab ? tab + 1 : NULL;
	}
}

void muster_table_addf(struct muster_table *t, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	const char **row = xcalloc(t->ncols ? t->ncols : 1, sizeof(*row));
	split_tabs(sb.buf, row, t->ncols);
	muster_table_add(t, row);
	free(row);
	strbuf_release(&sb);
}

size_t muster_table_rows(const struct muster_table *t)
{
	return t->ncols ? t->cells.nr / t->ncols : 0;
}

const char *muster_table_cell(const struct muster_table *t, size_t r, size_t c)
{
	if (r >= muster_table_rows(t) || c >= t->ncols)
		BUG("cell %zu,%zu of a %zux%zu table", r, c, muster_table_rows(t), t->ncols);
	return t->cells.items[r * t->ncols + c];
}

char *muster_table_csv(const struct muster_table *t)
{
	struct strbuf sb = STRBUF_INIT;
	size_t rows = muster_table_rows(t);
	for (size_t r = 0; r <= rows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				strbuf_addch(&sb, ',');
			strbuf_addcsv(&sb, r ? t->cells.items[(r - 1) * t->ncols + c] : t->head[c]);
		}
		strbuf_addch(&sb, '\n');
	}
	return strbuf_detach(&sb, NULL);
}

void muster_table_release(struct muster_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncols && t->head; i++)
		free(t->head[i]);
	for (size_t i = 0; i < t->cells.nr; i++)
		free(t->cells.items[i]);
	free(t->head);
	free(t->numeric);
	ARRAY_RELEASE(t->cells);
	memset(t, 0, sizeof(*t));
}
