/*
 * table.c: the one way commands print tabular results: aligned columns for
 * people, CSV (RFC 4180) and JSON (an array of objects) for programs. The
 * rows come from the library (struct muster_table, muster_table_*()).
 *
 * The header of a table for people is translated (msgctxt "table header",
 * so that "from" as a column is not "from" in a sentence); CSV, JSON and
 * xlsx keep the column names of the contract. Only the names listed below
 * are looked up: a header that is data (a date of posture --wide, a
 * what-if's name) is printed as it is.
 */
#include "cli.h"
#include "cutil.h"

#include <stdlib.h>
#include <string.h>

/* Every column name of the library's and the CLI's tables (sorted). */
static const char *const headers[] = {
    NC_("table header", "actor"),
    NC_("table header", "after"),
    NC_("table header", "assignments"),
    NC_("table header", "at"),
    NC_("table header", "base"),
    NC_("table header", "before"),
    NC_("table header", "bound"),
    NC_("table header", "budget"),
    NC_("table header", "burden"),
    NC_("table header", "capability"),
    NC_("table header", "category"),
    NC_("table header", "caveats"),
    NC_("table header", "ceiling"),
    NC_("table header", "change"),
    NC_("table header", "changed"),
    NC_("table header", "changes"),
    NC_("table header", "check"),
    NC_("table header", "code"),
    NC_("table header", "common"),
    NC_("table header", "cost"),
    NC_("table header", "country"),
    NC_("table header", "counts_against_cap"),
    NC_("table header", "created"),
    NC_("table header", "currency"),
    NC_("table header", "date"),
    NC_("table header", "days"),
    NC_("table header", "deployed"),
    NC_("table header", "detail"),
    NC_("table header", "detail_hidden"),
    NC_("table header", "entity"),
    NC_("table header", "example"),
    NC_("table header", "excess"),
    NC_("table header", "excess_days"),
    NC_("table header", "excess_paid"),
    NC_("table header", "excess_pct"),
    NC_("table header", "excess_person_days"),
    NC_("table header", "fair"),
    NC_("table header", "fair_days"),
    NC_("table header", "fair_paid"),
    NC_("table header", "fair_person_days"),
    NC_("table header", "fair_personnel"),
    NC_("table header", "fair_share_pct"),
    NC_("table header", "fair_weight"),
    NC_("table header", "field"),
    NC_("table header", "fill %"),
    NC_("table header", "fill_pct"),
    NC_("table header", "filled person-days"),
    NC_("table header", "filled_person_days"),
    NC_("table header", "from"),
    NC_("table header", "gap_pct"),
    NC_("table header", "gaps"),
    NC_("table header", "gdp_usd_bn"),
    NC_("table header", "hard"),
    NC_("table header", "held"),
    NC_("table header", "host"),
    NC_("table header", "id"),
    NC_("table header", "in_host"),
    NC_("table header", "in_host_change"),
    NC_("table header", "incurred"),
    NC_("table header", "index"),
    NC_("table header", "key"),
    NC_("table header", "key_pct"),
    NC_("table header", "key_value"),
    NC_("table header", "kind"),
    NC_("table header", "limit"),
    NC_("table header", "line"),
    NC_("table header", "lines"),
    NC_("table header", "location"),
    NC_("table header", "memberships"),
    NC_("table header", "min_readiness"),
    NC_("table header", "missing people"),
    NC_("table header", "missing units"),
    NC_("table header", "missing_people"),
    NC_("table header", "missing_personnel"),
    NC_("table header", "missing_units"),
    NC_("table header", "mission"),
    NC_("table header", "name"),
    NC_("table header", "nation"),
    NC_("table header", "note"),
    NC_("table header", "objective"),
    NC_("table header", "offer"),
    NC_("table header", "offered"),
    NC_("table header", "offered_days"),
    NC_("table header", "offered_peak"),
    NC_("table header", "op"),
    NC_("table header", "organization"),
    NC_("table header", "origin"),
    NC_("table header", "other"),
    NC_("table header", "out_of_host"),
    NC_("table header", "out_of_host_change"),
    NC_("table header", "over_share"),
    NC_("table header", "overlap"),
    NC_("table header", "paid"),
    NC_("table header", "paid_pct"),
    NC_("table header", "paid_pct_of_key"),
    NC_("table header", "peak"),
    NC_("table header", "peak personnel"),
    NC_("table header", "peak_on"),
    NC_("table header", "per_billion"),
    NC_("table header", "per_million"),
    NC_("table header", "permanent"),
    NC_("table header", "person-days"),
    NC_("table header", "person_days"),
    NC_("table header", "personnel"),
    NC_("table header", "phase"),
    NC_("table header", "pool"),
    NC_("table header", "population"),
    NC_("table header", "priority"),
    NC_("table header", "readiness"),
    NC_("table header", "reason"),
    NC_("table header", "region"),
    NC_("table header", "requested"),
    NC_("table header", "required person-days"),
    NC_("table header", "required_person_days"),
    NC_("table header", "rev"),
    NC_("table header", "revision"),
    NC_("table header", "role"),
    NC_("table header", "rotational"),
    NC_("table header", "rotations"),
    NC_("table header", "rows"),
    NC_("table header", "scenario"),
    NC_("table header", "scope"),
    NC_("table header", "seconds"),
    NC_("table header", "section"),
    NC_("table header", "share_pct"),
    NC_("table header", "shortfall"),
    NC_("table header", "soft_caveats"),
    NC_("table header", "solver"),
    NC_("table header", "source"),
    NC_("table header", "sourced_days"),
    NC_("table header", "sourced_pct"),
    NC_("table header", "sourced_peak"),
    NC_("table header", "sourced_person_days"),
    NC_("table header", "sourced_share_pct"),
    NC_("table header", "stale"),
    NC_("table header", "stale_by"),
    NC_("table header", "status"),
    NC_("table header", "subject"),
    NC_("table header", "substitute"),
    NC_("table header", "substitutes"),
    NC_("table header", "sustainable"),
    NC_("table header", "tasks"),
    NC_("table header", "to"),
    NC_("table header", "total"),
    NC_("table header", "units"),
    NC_("table header", "unpriced"),
    NC_("table header", "value"),
    NC_("table header", "version"),
    NC_("table header", "weight"),
    NC_("table header", "year"),
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The header `h` for people: its translation when it is a known column name. */
static const char *header_text(const char *h)
{
	if (!bsearch(&h, headers, ARRAY_SIZE(headers), sizeof(headers[0]), cmp_str))
		return h;
	return cli_pgettext("table header", h);
}

static bool locale_numbers; /* --locale-numbers (main.c) */

void cli_table_locale_numbers(bool on)
{
	locale_numbers = on;
}

const char *cli_number_text(const char *s, char *buf, size_t size)
{
	if (!locale_numbers)
		return s;
	bool fr = !strcmp(muster_i18n_lang(), "fr");
	const char *group = fr ? "\u00a0" : ",", *point = fr ? "," : ".";
	const char *p = s + (*s == '-' || *s == '+');
	size_t nint = strspn(p, "0123456789"), nfrac = 0;
	if (!nint)
		return s;
	if (p[nint] == '.') {
		nfrac = strspn(p + nint + 1, "0123456789");
		if (!nfrac)
			return s;
	}
	if (p[nint + (nfrac ? nfrac + 1 : 0)] != '\0')
		return s; /* "1:2", "12%", "1e5": not a plain number */
	size_t len = 0;
	/* sign, then groups: every (worst case) digit a group mark, and the fraction */
	if ((size_t)(p - s) + nint * (1 + strlen(group)) + nfrac + 2 > size)
		return s;
	if (p != s)
		buf[len++] = *s;
	for (size_t i = 0; i < nint; i++) {
		if (i && (nint - i) % 3 == 0) {
			memcpy(buf + len, group, strlen(group));
			len += strlen(group);
		}
		buf[len++] = p[i];
	}
	if (nfrac) {
		buf[len++] = *point;
		memcpy(buf + len, p + nint + 1, nfrac);
		len += nfrac;
	}
	buf[len] = '\0';
	return buf;
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

/* Whether column c holds quantities (not an id or a revision number) to format. */
static bool is_quantity(const struct muster_table *t, size_t c)
{
	static const char *const ids[] = {"id", "rev", "revision", "stale_by"};
	if (!t->numeric[c])
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++)
		if (!strcmp(t->head[c], ids[i]))
			return false;
	return true;
}

/* Row r (0: the header) of column c as printed; buf holds a formatted number. */
static const char *text_cell(const struct muster_table *t, const char *const *head, size_t r,
			     size_t c, bool quantity, char *buf, size_t size)
{
	if (!r)
		return head[c];
	const char *s = muster_table_cell(t, r - 1, c);
	return quantity ? cli_number_text(s, buf, size) : s;
}

static void print_text(const struct muster_table *t, FILE *out)
{
	size_t *w = calloc(t->ncols + 1, sizeof(*w));
	const char **head = calloc(t->ncols + 1, sizeof(*head));
	bool *qty = calloc(t->ncols + 1, sizeof(*qty));
	size_t rows = muster_table_rows(t);
	char buf[128];
	if (!w || !head || !qty)
		abort();
	for (size_t c = 0; c < t->ncols; c++) {
		head[c] = header_text(t->head[c]);
		qty[c] = is_quantity(t, c);
	}
	for (size_t r = 0; r <= rows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			size_t cw = text_width(text_cell(t, head, r, c, qty[c], buf, sizeof(buf)));
			if (cw > w[c])
				w[c] = cw;
		}
	for (size_t r = 0; r <= rows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = text_cell(t, head, r, c, qty[c], buf, sizeof(buf));
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
	free(qty);
	free(head);
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
