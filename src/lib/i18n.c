/*
 * i18n.c: choose the language of text for people and find its catalogue.
 *
 * Only LC_MESSAGES is ever set: numbers, dates and sorting stay in the C
 * locale, so machine formats do not change with the language. Machines
 * without a French locale (Debian installs only C.UTF-8) still get French:
 * gettext follows $LANGUAGE whenever LC_MESSAGES is not plain "C", so French
 * sets LANGUAGE=fr over C.UTF-8 when the user's own locale is missing.
 */
#include "i18n.h"
#include "util.h"

#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *chosen = "en";

static bool has_catalogue(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;
	int n = snprintf(path, sizeof(path), "%s/fr/LC_MESSAGES/" MUSTER_TEXTDOMAIN ".mo", dir);
	return n > 0 && (size_t)n < sizeof(path) && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The first folder holding the French catalogue, into buf; false if none. */
static bool find_localedir(char *buf, size_t size)
{
	const char *env = getenv("MUSTER_LOCALEDIR");
	if (env && *env) {
		snprintf(buf, size, "%s", env);
		return true; /* the user's word, even if wrong: gettext then falls back to English
			      */
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			/* installed: PREFIX/bin/muster; built: build/src/cli/muster */
			static const char *const rel[] = {"../share/locale", "../../po"};
			for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
				int w = snprintf(buf, size, "%s/%s", exe, rel[i]);
				if (w > 0 && (size_t)w < size && has_catalogue(buf))
					return true;
			}
		}
	}
#ifdef MUSTER_LOCALEDIR
	snprintf(buf, size, "%s", MUSTER_LOCALEDIR);
	return has_catalogue(buf);
#else
	return false;
#endif
}

static bool is_french(const char *v)
{
	return v && (!strncmp(v, "fr", 2) &&
		     (v[2] == '\0' || v[2] == '_' || v[2] == '.' || v[2] == '@' || v[2] == '-'));
}

/* The language the environment asks for: the first of LC_ALL, LC_MESSAGES, LANG set. */
static bool env_wants_french(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return is_french(v);
	}
	return false;
}

int muster_i18n_init(const char *lang)
{
	bool french;
	if (lang) {
		if (!strcmp(lang, "fr"))
			french = true;
		else if (!strcmp(lang, "en"))
			french = false;
		else
			return MUSTER_EINVAL;
	} else {
		french = env_wants_french();
	}
	chosen = "en";
	if (!french)
		return 0; /* LC_MESSAGES stays "C": gettext returns every text as written */
	char dir[PATH_MAX];
	if (!find_localedir(dir, sizeof(dir)))
		return 0; /* no catalogue: English, as a build without translations */
	setenv("LANGUAGE", "fr", 1);
	const char *got = setlocale(LC_MESSAGES, "");
	if (!got || !strcmp(got, "C") || !strcmp(got, "POSIX"))
		setlocale(LC_MESSAGES, "C.UTF-8");
	bindtextdomain(MUSTER_TEXTDOMAIN, dir);
	bind_textdomain_codeset(MUSTER_TEXTDOMAIN, "UTF-8");
	chosen = "fr";
	return 0;
}

const char *muster_i18n_lang(void)
{
	return chosen;
}
