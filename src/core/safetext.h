/*
 * safetext.h - stored text made safe for a terminal, and the check on names.
 *
 * Text that comes from the database or a bundle (names, values, messages that
 * quote them) may hold control characters: ESC [ 2 J clears a terminal, ESC ] 0
 * ; ... BEL sets its title, a C1 control (U+0080..U+009F; U+009B is a CSI) does
 * the same on many terminals. Every command-line printer of stored text shows it
 * through these functions: C0 controls (TAB and line ends too: one record is one
 * line), DEL and bytes that are not UTF-8 are shown as \xHH, C1 controls as
 * \u00HH; everything else as it is. (The screens draw C0 as a space and other
 * unprintable characters as '?', see tui/draw.c; a printed line shows which.)
 */
#ifndef BANTU_SAFETEXT_H
#define BANTU_SAFETEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* Appends s (NULL: nothing) to sb with controls shown escaped (see above). */
void strbuf_add_safe(struct strbuf *sb, const char *s);
/* True when s (NULL: true) holds nothing strbuf_add_safe would escape. */
bool str_is_safe(const char *s);

/* The copies a printer makes for one line; zero-initialise, release after. */
struct safe_pool {
	char **v;
	size_t n;
};
/* s safe to print: s itself when nothing needs escaping, else an escaped copy
 * owned by pool (until safe_pool_release). NULL gives NULL. */
const char *str_safe(struct safe_pool *pool, const char *s);
void safe_pool_release(struct safe_pool *pool);

/* True when the UTF-8 text at s starts with a C1 control (U+0080..U+009F). */
static inline bool utf8_is_c1(const char *s)
{
	return (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] >= 0x80 &&
	       (unsigned char)s[1] <= 0x9F;
}

#define NAME_MAX_CHARS 64
/*
 * The names of officers and offices, checked where they enter (--officer, init
 * --name, an account's name): not empty, valid UTF-8, no control character (C0,
 * DEL, C1), at most NAME_MAX_CHARS characters. what names the value in the
 * message ("officer name"). Returns false with e set otherwise.
 */
bool name_check(const char *what, const char *s, struct err *e);

#endif
