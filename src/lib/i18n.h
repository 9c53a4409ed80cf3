/*
 * i18n.h: text for people, translated through GNU gettext (domain "muster",
 * po/fr.po). _("...") translates at the call; N_("...") marks a string kept
 * in a table and translated where it is printed (_(table[i].label)).
 * P_("%d cap", "%d caps", n) picks the singular or the plural form for n
 * (French counts 0 and 1 as singular): never build a plural with a "%s"
 * suffix.
 * Machine formats (CSV and JSON column names, reason codes, ISO dates,
 * numbers in CSV/JSON) are never passed through _(): they are the contract.
 * muster_i18n_init (include/muster.h) chooses the language once at start.
 */
#ifndef MUSTER_I18N_H
#define MUSTER_I18N_H

#include <libintl.h>

#define MUSTER_TEXTDOMAIN "muster"
#define _(s)		  dgettext(MUSTER_TEXTDOMAIN, s)
#define N_(s)		  (s)
#define P_(s, p, n)	  dngettext(MUSTER_TEXTDOMAIN, s, p, n)

#endif
