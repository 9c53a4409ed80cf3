/*
 * xlsx.c: `--format xlsx`: a table as an Excel workbook (Office Open XML)
 * through Debian's libxlsxwriter, on stdout. One sheet, a bold frozen header
 * row, typed cells: numbers of numeric columns as numbers, YYYY-MM-DD as
 * dates (formatted yyyy-mm-dd), the rest as text; an empty or `-` cell of a
 * numeric column stays empty (not known, never 0). libxlsxwriter writes to a
 * file: a temporary one, copied to stdout, then removed.
 */
#include "cli.h"
#include "cutil.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

static bool is_number(const char *s)
{
	char *end;
	if (!*s)
		return false;
	errno = 0;
	(void)strtod(s, &end);
	return !*end && !errno && strcmp(s, "inf") && strcmp(s, "nan") && strcmp(s, "-inf");
}

static bool is_date(const char *s, lxw_datetime *dt)
{
	int32_t d;
	int y, m, day;
	if (strlen(s) != 10 || muster_date_parse(s, &d) < 0)
		return false;
	muster_date_to_ymd(d, &y, &m, &day);
	*dt = (lxw_datetime){.year = y, .month = m, .day = day};
	return true;
}

/* Column widths from the longest cell (characters), within 8..60. */
static void set_widths(lxw_worksheet *ws, const struct muster_table *t)
{
	size_t rows = muster_table_rows(t);
	for (size_t c = 0; c < t->ncols && c < LXW_COL_MAX; c++) {
		size_t w = strlen(t->head[c]);
		for (size_t r = 0; r < rows && r < 1000; r++) {
			size_t n = strlen(t->cells.items[r * t->ncols + c]);
			if (n > w)
				w = n;
		}
		w = w < 8 ? 8 : w > 60 ? 60 : w;
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)w + 2, NULL);
	}
}

/* One sheet: a bold frozen header row, typed cells. */
static void write_sheet(lxw_worksheet *ws, const struct muster_table *t, lxw_format *bold,
			lxw_format *date)
{
	for (size_t c = 0; c < t->ncols && c < LXW_COL_MAX; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, t->head[c], bold);
	worksheet_freeze_panes(ws, 1, 0);
	set_widths(ws, t);
	size_t rows = muster_table_rows(t);
	for (size_t r = 0; r < rows && r + 1 < LXW_ROW_MAX; r++)
		for (size_t c = 0; c < t->ncols && c < LXW_COL_MAX; c++) {
			const char *s = t->cells.items[r * t->ncols + c];
			lxw_row_t row = (lxw_row_t)(r + 1);
			lxw_col_t col = (lxw_col_t)c;
			lxw_datetime dt;
			if (!*s || (t->numeric[c] && !strcmp(s, "-")))
				continue;
			if (t->numeric[c] && is_number(s))
				worksheet_write_number(ws, row, col, strtod(s, NULL), NULL);
			else if (is_date(s, &dt))
				worksheet_write_datetime(ws, row, col, &dt, date);
			else
				worksheet_write_string(ws, row, col, s, NULL);
		}
}

/* A sheet name Excel accepts: at most 31 characters, none of []:*?/\ */
static char *sheet_name(const char *name, size_t i)
{
	char *s = xstrfmt("%.31s", name && *name ? name : "muster");
	for (char *p = s; *p; p++)
		if (strchr("[]:*?/\\", *p))
			*p = '-';
	(void)i;
	return s;
}

/* Write the workbook to `path`; 0 or -1 with a message on stderr. */
static int write_book(const struct muster_table *const *t, const char *const *names, size_t n,
		      const char *path)
{
	lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb) {
		fprintf(stderr, _("muster: cannot make the workbook\n"));
		return -1;
	}
	lxw_format *bold = workbook_add_format(wb);
	lxw_format *date = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_num_format(date, "yyyy-mm-dd");
	for (size_t i = 0; i < n; i++) {
		char *name = sheet_name(names ? names[i] : NULL, i);
		lxw_worksheet *ws = workbook_add_worksheet(wb, name);
		free(name);
		if (!ws) {
			fprintf(stderr, _("muster: cannot add the sheet '%s' to the workbook\n"),
				names ? names[i] : "muster");
			workbook_close(wb);
			return -1;
		}
		write_sheet(ws, t[i], bold, date);
	}
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR) {
		fprintf(stderr, _("muster: cannot write the workbook: %s\n"), lxw_strerror(e));
		return -1;
	}
	return 0;
}

int xlsx_book(const struct muster_table *const *t, const char *const *names, size_t n, char **data,
	      size_t *len)
{
	const char *dir = getenv("TMPDIR");
	char *path = xstrfmt("%s/muster-xlsx.XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path), rc = -1;
	*data = NULL;
	*len = 0;
	if (fd < 0) {
		fprintf(stderr, _("muster: cannot make a temporary file for the workbook: %s\n"),
			strerror(errno));
		free(path);
		return -1;
	}
	close(fd);
	if (write_book(t, names, n, path) == 0) {
		FILE *in = fopen(path, "rb");
		struct strbuf sb = STRBUF_INIT;
		char buf[65536];
		size_t k;
		while (in && (k = fread(buf, 1, sizeof(buf), in)) > 0)
			strbuf_add(&sb, buf, k);
		if (in && !ferror(in)) {
			*data = strbuf_detach(&sb, len);
			rc = 0;
		} else {
			fprintf(stderr, _("muster: cannot read the workbook back: %s\n"),
				strerror(errno));
		}
		strbuf_release(&sb);
		if (in)
			fclose(in);
	}
	unlink(path);
	free(path);
	return rc;
}

int table_print_xlsx(const struct muster_table *t, FILE *out)
{
	char *data;
	size_t len;
	static const char *const name[] = {"muster"};
	if (xlsx_book(&t, name, 1, &data, &len) < 0)
		return 1;
	int rc = fwrite(data, 1, len, out) == len && fflush(out) == 0 ? 0 : 1;
	if (rc)
		fprintf(stderr, _("muster: cannot write the workbook: %s\n"), strerror(errno));
	free(data);
	return rc;
}
