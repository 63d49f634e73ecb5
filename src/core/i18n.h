/*
 * i18n.h - translation of what users read (gettext, text domain "bantu").
 * Message ids are English; po/id.po holds Bahasa Indonesia, the default.
 */
#ifndef BANTU_I18N_H
#define BANTU_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/*
 * Sets the language of messages: "id" (default) or "en". Call once at start,
 * before any _(). Finds the message catalogue next to the executable
 * (build tree) or under the installed LOCALEDIR. Returns 0, or -1 for an
 * unknown language (messages then stay English).
 */
int i18n_init(const char *lang);

/* The language in effect: "id" or "en". */
const char *i18n_lang(void);

#endif
