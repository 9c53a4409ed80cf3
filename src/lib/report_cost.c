/*
 * report_cost.c: the report's cost panel (issue 15): what the sourcing run
 * costs each nation, incurred and paid under the funding rules
 * (muster_cost_compute), and each budget of budgets.csv against what its
 * nation pays. Shown only when the report has a run and the scenario has
 * cost rates; a cost that cannot be computed is said in words, never shown
 * as 0.
 */
#include "i18n.h"
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void th(struct strbuf *sb, const char *s, bool num)
{
	strbuf_addstr(sb, num ? "<th class=\"n\">" : "<th>");
	strbuf_addxml(sb, s);
	strbuf_addstr(sb, "</th>");
}

static void td(struct strbuf *sb, const char *s)
{
	strbuf_addstr(sb, "<td>");
	strbuf_addxml(sb, s ? s : "");
	strbuf_addstr(sb, "</td>");
}

/* Money rounded to a whole unit, with thousands separators. */
static void td_money(struct strbuf *sb, double v)
{
	char buf[32];
	report_fmt_num(lround(v), buf);
	strbuf_addf(sb, "<td class=\"n\">%s</td>", buf);
}

static void cost_table(struct strbuf *sb, const struct muster_cost *c)
{
	static const char *const num[] = {N_("person-days"), N_("incurred"), N_("common"),
					  N_("paid")};
	strbuf_addstr(sb, "<table><tr>");
	th(sb, _("nation"), false);
	for (size_t k = 0; k < ARRAY_SIZE(num); k++)
		th(sb, _(num[k]), true);
	strbuf_addstr(sb, "</tr>\n");
	for (size_t r = 0; r <= c->nr; r++) {
		const struct muster_cost_row *row = r < c->nr ? &c->rows[r] : NULL;
		char pd[32];
		report_fmt_num((long)(row ? row->person_days : c->person_days), pd);
		strbuf_addstr(sb, row ? "<tr>" : "<tr class=\"total\">");
		td(sb, row ? row->group : _("total"));
		strbuf_addf(sb, "<td class=\"n\">%s</td>", pd);
		td_money(sb, row ? row->incurred : c->incurred);
		td_money(sb, row ? row->common : c->common);
		td_money(sb, row ? row->paid : c->paid);
		strbuf_addstr(sb, "</tr>\n");
	}
	strbuf_addstr(sb, "</table>\n");
}

static void budget_table(struct strbuf *sb, const struct report_data *rd)
{
	const struct muster_scenario *sc = rd->sc;
	if (!sc->budgets.nr)
		return;
	strbuf_addstr(sb, _("<h3>Budgets</h3>\n"));
	strbuf_addstr(sb, "<table><tr>");
	th(sb, _("budget"), false);
	th(sb, _("nation"), false);
	th(sb, _("mission"), false);
	th(sb, _("limit"), true);
	th(sb, _("paid"), true);
	th(sb, "", false);
	strbuf_addstr(sb, "</tr>\n");
	for (size_t i = 0; i < sc->budgets.nr; i++) {
		const struct muster_budget *b = &sc->budgets.items[i];
		double paid;
		bool known;
		const char *verdict = report_budget_verdict(rd, b, &paid, &known);
		strbuf_addstr(sb, !strcmp(verdict, "over") ? "<tr class=\"breach\">" : "<tr>");
		td(sb, b->id);
		td(sb, b->nation);
		td(sb, b->mission ? b->mission : _("all"));
		td_money(sb, b->limit);
		if (!known)
			td(sb, _("not known"));
		else
			td_money(sb, paid);
		td(sb, _(verdict));
		strbuf_addstr(sb, "</tr>\n");
	}
	strbuf_addstr(sb, "</table>\n");
}

const char *report_budget_verdict(const struct report_data *rd, const struct muster_budget *b,
				  double *paid, bool *known)
{
	size_t unpriced;
	int rc = muster_budget_paid(rd->sc, rd->run, b, paid, &unpriced, NULL);
	*known = rc == 0;
	if (rc < 0 || unpriced)
		return N_("not verified");
	return *paid > b->limit * (1 + 1e-9) + 1e-6 ? N_("over") : N_("within");
}

void report_html_cost(struct strbuf *sb, const struct report_data *rd)
{
	struct muster_cost c;
	struct muster_cost_opts o = {
	    .by = MUSTER_COST_BY_NATION, .from = MUSTER_DATE_NONE, .to = MUSTER_DATE_OPEN};
	struct muster_error err = {0};
	if (!rd->run || !rd->sc->costs.nr)
		return;
	strbuf_addstr(sb, _("<h2 id=\"costs\">Costs of the sourcing run</h2>\n"));
	if (muster_cost_compute(rd->sc, rd->run, &o, &c, &err) < 0) {
		strbuf_addstr(sb, _("<p class=\"breach\">The costs cannot be computed: "));
		strbuf_addxml(sb, err.msg ? err.msg : "");
		strbuf_addstr(sb, ".</p>\n");
	} else {
		strbuf_addstr(sb, "<p class=\"meta\">");
		strbuf_addstr(sb, _("Incurred: the cost of what each nation sends; "
				    "paid: what it bears under the missions' funding rules"));
		if (c.currency) {
			strbuf_addstr(sb, _("; in "));
			strbuf_addxml(sb, c.currency);
		}
		strbuf_addstr(sb, ".");
		if (c.unpriced)
			strbuf_addf(
			    sb,
			    dngettext(MUSTER_TEXTDOMAIN,
				      " %zu assignment matches no cost rate: its cost is not "
				      "known and not counted.",
				      " %zu assignments match no cost rate: their cost is not "
				      "known and not counted.",
				      c.unpriced),
			    c.unpriced);
		strbuf_addstr(sb, "</p>\n");
		cost_table(sb, &c);
		budget_table(sb, rd);
	}
	muster_cost_release(&c);
	muster_error_release(&err);
}
