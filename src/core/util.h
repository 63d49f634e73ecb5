/*
 * util.h - checked allocation, a growable string buffer, error reports.
 *
 * Allocation failures abort with a message: there is nothing sensible a
 * case-management tool can do without memory, and it keeps callers simple.
 * Every function returning a pointer says who owns it.
 */
#ifndef BANTU_UTIL_H
#define BANTU_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

void *xmalloc(size_t n);              /* never NULL; caller frees */
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);         /* NULL in, NULL out */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) PRINTF_LIKE(1, 2); /* caller frees */

static inline bool str_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}
bool str_empty(const char *s);        /* NULL or "" */
/* Edit distance with transpositions (optimal string alignment), capped at 9
 * (strings over 40 bytes: 9): how far a typed name is from a known one. */
size_t str_edit_distance(const char *a, const char *b);
bool str_starts_with(const char *s, const char *prefix);
/* Bytes of the whole words (each with the spaces after it) that a and b both
 * start with: "Dinas Koperasi Kota Metro" and "Dinas Koperasi Provinsi" share 15
 * ("Dinas Koperasi "); a word that only begins alike is not counted. */
size_t str_common_words(const char *a, const char *b);
/* Copies at most size-1 bytes and always terminates; returns strlen(src). */
size_t str_copy(char *dst, const char *src, size_t size);
/* Bytes of the UTF-8 character starting at p (1 for a stray byte), so messages
 * quote whole characters. */
int utf8_char_len(const char *p);
/* Trims ASCII whitespace at both ends in place; returns s. */
char *str_trim(char *s);

/* A growable NUL-terminated string. Zero-initialise or use STRBUF_INIT. */
struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};
#define STRBUF_INIT { NULL, 0, 0 }
void strbuf_add(struct strbuf *sb, const void *data, size_t n);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_reset(struct strbuf *sb);
const char *strbuf_str(const struct strbuf *sb); /* "" when empty; owned by sb */
char *strbuf_detach(struct strbuf *sb);         /* caller frees; sb is reset */
void strbuf_release(struct strbuf *sb);

/*
 * An error report: what went wrong, in the user's language, with the place
 * (FILE:LINE or field) already in the text. Functions that can fail take a
 * `struct err *` (may be NULL) and return false / -1 / NULL on failure.
 */
struct err {
	int code;        /* exit status a command should end with (2 usage/config, 1 other) */
	char msg[1024];
};
/* Sets e (one line: control characters in the result become '?'); returns false. */
bool err_set(struct err *e, int code, const char *fmt, ...) PRINTF_LIKE(3, 4);
void err_clear(struct err *e);

/* Reads a whole file; returns NULL and sets e on failure. Caller frees. */
char *file_read(const char *path, size_t *len, struct err *e);

#include "banned.h"

#endif
