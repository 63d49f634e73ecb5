/* safetext.c - stored text made safe for a terminal; the check on names (see safetext.h). */
#include "safetext.h"

#include <stdlib.h>

#include "csv.h"
#include "i18n.h"

/* The length of the valid UTF-8 character at s (1..4), or 0 for a byte that does
 * not start one (a stray or cut sequence). s is NUL-terminated. */
static size_t utf8_at(const char *s)
{
	unsigned char c = (unsigned char)*s;
	if (c < 0x80)
		return 1;
	size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
		 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
	for (size_t k = 1; k < n; k++)
		if (s[k] == '\0')
			return 0;
	return n && utf8_valid(s, n) ? n : 0;
}

/* Bytes of the character at s that print as they are, or 0 when it is shown escaped. */
static size_t plain_at(const char *s)
{
	unsigned char c = (unsigned char)*s;
	if (c < 0x20 || c == 0x7F)
		return 0;
	if (utf8_is_c1(s))
		return 0;
	return utf8_at(s);
}

void strbuf_add_safe(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	if (!s)
		return;
	while (*s) {
		size_t n = plain_at(s);
		if (n) {
			strbuf_add(sb, s, n);
			s += n;
			continue;
		}
		unsigned char c = (unsigned char)*s;
		if (utf8_is_c1(s)) {
			c = (unsigned char)s[1];
			strbuf_adds(sb, "\\u00");
			s += 2;
		} else {
			strbuf_adds(sb, "\\x");
			s++;
		}
		strbuf_addch(sb, hex[c >> 4]);
		strbuf_addch(sb, hex[c & 15]);
	}
}

bool str_is_safe(const char *s)
{
	if (!s)
		return true;
	while (*s) {
		size_t n = plain_at(s);
		if (!n)
			return false;
		s += n;
	}
	return true;
}

const char *str_safe(struct safe_pool *pool, const char *s)
{
	if (str_is_safe(s))
		return s;
	struct strbuf sb = STRBUF_INIT;
	strbuf_add_safe(&sb, s);
	pool->v = xrealloc(pool->v, (pool->n + 1) * sizeof(*pool->v));
	pool->v[pool->n++] = strbuf_detach(&sb);
	return pool->v[pool->n - 1];
}

void safe_pool_release(struct safe_pool *pool)
{
	for (size_t i = 0; i < pool->n; i++)
		free(pool->v[i]);
	free(pool->v);
	pool->v = NULL;
	pool->n = 0;
}

bool name_check(const char *what, const char *s, struct err *e)
{
	if (str_empty(s))
		return err_set(e, 1, _("%s is empty"), what);
	size_t chars = 0;
	for (const char *p = s; *p; chars++) {
		size_t n = plain_at(p);
		if (!n) {
			struct strbuf shown = STRBUF_INIT;
			strbuf_add_safe(&shown, s);
			err_set(e, 1, _("%s '%s' holds a control character or bytes that are not"
					" UTF-8; use printable characters only"), what, shown.buf);
			strbuf_release(&shown);
			return false;
		}
		p += n;
	}
	if (chars > NAME_MAX_CHARS)
		return err_set(e, 1, _("%s is too long: %zu characters, at most %d"), what, chars,
			       NAME_MAX_CHARS);
	return true;
}
