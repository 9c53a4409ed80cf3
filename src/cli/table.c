/*
 * table.c: the one way commands print tabular results: aligned columns for
 * people, CSV (RFC 4180) and JSON (an array of objects) for programs. The
 * rows come from the library (struct muster_table, muster_table_*()).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Display width of UTF-8 text: count code points, not bytes. */
static size_t text_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

static void print_text(const struct muster_table *t, FILE *out)
{
	size_t *w = calloc(t->ncols + 1, sizeof(*w));
	size_t rows = muster_table_rows(t);
	if (!w)
		abort();
	for (size_t c = 0; c < t->ncols; c++)
		w[c] = text_width(t->head[c]);
	for (size_t r = 0; r < rows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			size_t cw = text_width(muster_table_cell(t, r, c));
			if (cw > w[c])
				w[c] = cw;
		}
	for (size_t r = 0; r <= rows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = r ? muster_table_cell(t, r - 1, c) : t->head[c];
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

int cli_print_json(int rc, char **out, struct muster_error *err)
{
	char *json = *out; /* read after the writer's call, its first argument */
	if (rc < 0) {
		rc = cli_error(err);
		muster_error_release(err);
		return rc;
	}
	fputs(json, stdout);
	fputc('\n', stdout);
	free(json);
	return 0;
}

int table_print(const struct muster_table *t, enum cli_format f, FILE *out)
{
	struct muster_error err = {0};
	char *s = NULL;
	int rc;
	switch (f) {
	case CLI_CSV:
		s = muster_table_csv(t);
		fputs(s, out);
		free(s);
		return 0;
	case CLI_JSON:
		rc = muster_json_table(t, &s, &err);
		if (rc < 0) {
			rc = cli_error(&err);
			muster_error_release(&err);
			return rc;
		}
		fputs(s, out);
		fputc('\n', out);
		free(s);
		return 0;
	case CLI_XLSX:
		return table_print_xlsx(t, out);
	default:
		print_text(t, out);
		return 0;
	}
}
