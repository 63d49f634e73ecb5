/* i18n.c - gettext set-up that works in the build tree and once installed. */
#include "i18n.h"

#include <langinfo.h>
#include <limits.h>
#include <stdio.h>
#include <locale.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

static char current_lang[8] = "en";

static bool dir_has_catalogue(const char *dir)
{
	struct stat st;
	char *path = xasprintf("%s/id/LC_MESSAGES/bantu.mo", dir);
	bool ok = stat(path, &st) == 0;
	free(path);
	return ok;
}

/* The locale directory: $BANTU_LOCALEDIR, then beside the executable (build/locale),
 * then the installed LOCALEDIR. Caller frees. */
static char *find_localedir(void)
{
	const char *env = getenv("BANTU_LOCALEDIR");
	if (!str_empty(env))
		return xstrdup(env);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			static const char *const rel[] = { "locale", "../share/locale" };
			for (size_t i = 0; i < ARRAY_SIZE(rel); i++) {
				char *cand = xasprintf("%s/%s", exe, rel[i]);
				if (dir_has_catalogue(cand))
					return cand;
				free(cand);
			}
		}
	}
	return xstrdup(LOCALEDIR);
}

int i18n_init(const char *lang)
{
	if (str_empty(lang))
		lang = "id";
	/* The character set comes from the user's locale; gettext ignores LANGUAGE
	 * under the plain "C" locale, so fall back to C.UTF-8 there. */
	if (!setlocale(LC_ALL, ""))
		setlocale(LC_ALL, "C.UTF-8");
	const char *msgs = setlocale(LC_MESSAGES, NULL);
	if (!msgs || str_eq(msgs, "C") || str_eq(msgs, "POSIX"))
		setlocale(LC_MESSAGES, "C.UTF-8");
	const char *cs = nl_langinfo(CODESET);
	if (!cs || !str_eq(cs, "UTF-8")) {
		if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
			setlocale(LC_CTYPE, "");
	}
	/* Numbers are formatted by Bantu itself; keep printf's decimal point. */
	setlocale(LC_NUMERIC, "C");

	char *dir = find_localedir();
	bindtextdomain("bantu", dir);
	free(dir);
	bind_textdomain_codeset("bantu", "UTF-8");
	textdomain("bantu");

	int rc = 0;
	if (!str_eq(lang, "id") && !str_eq(lang, "en")) {
		rc = -1;
		lang = "en";
	}
	str_copy(current_lang, lang, sizeof(current_lang));
	setenv("LANGUAGE", str_eq(lang, "id") ? "id" : "en", 1);
	return rc;
}

const char *i18n_lang(void)
{
	return current_lang;
}
