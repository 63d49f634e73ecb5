/*
 * csv.c - reading and writing the spreadsheets offices keep (see csv.h).
 *
 * The reader owns one buffer holding the whole input as UTF-8 (converted from
 * Windows-1252 when the input is not valid UTF-8). Records are parsed straight
 * from that buffer, which is never modified, so row.raw can point into it. Field
 * text is copied into one scratch buffer that is reused from record to record;
 * the field pointer array is reused as well. There is no allocation per field or
 * per record once the arrays have grown to the widest record.
 *
 * Decisions beyond RFC 4180, all of them for files typed or edited by hand:
 *  - A line end inside a quoted field (CRLF, LF or a lone CR) becomes "\n" in the
 *    field; row.raw keeps the bytes as they were.
 *  - A quote is special only as the first character of a field. Elsewhere in an
 *    unquoted field it is an ordinary character: 5" pipe, Toko "Maju".
 *  - Spaces and tabs between a closing quote and the delimiter or line end are
 *    ignored. Any other text there is an error.
 *  - A line that is empty or holds only spaces and tabs is blank and skipped.
 *  - A UTF-8 BOM is dropped. If what follows it is not valid UTF-8, that rest is
 *    read as Windows-1252 like any other non-UTF-8 file.
 *  - Windows-1252 bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D, which have no character,
 *    become U+FFFD (the replacement character), not the C1 controls of the same
 *    number: C1 controls are invisible in the user interface and some (0x9D OSC,
 *    0x90 DCS) start escape sequences in terminals.
 *
 * After an error, reading goes on at the physical line after the one where the
 * problem was found; for a quote never closed, after the line where it opened.
 * The rejected lines are in row.raw, so nothing is lost silently.
 */
#include "csv.h"

#include <stdint.h>
#include <stdlib.h>

#include "i18n.h"

struct csv_reader {
	char *buf;            /* the input as UTF-8, buf[len] == '\0' */
	size_t len;
	size_t pos;           /* where the next record starts */
	size_t line;          /* physical line number at pos (1-based) */
	char delim;
	bool cp1252;
	unsigned char stop[256]; /* bytes that end an unquoted field */

	char *scratch;        /* the current record's field text, NUL-separated */
	size_t scratch_len;
	size_t scratch_cap;
	size_t *offs;         /* start of each field in scratch */
	char **fields;        /* what row.fields points to */
	size_t fields_cap;
};

/* Bytes that end the text of a quoted field's run of ordinary characters. */
static const unsigned char quoted_stop[256] = {
	['\0'] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1,
};

/* Unicode code points of Windows-1252 bytes 0x80..0x9F; 0xFFFD for the five
 * bytes that have no character. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, /* 80-87 */
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, /* 88-8F */
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, /* 90-97 */
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178, /* 98-9F */
};

/* True when the 8 bytes at s are all ASCII. */
static bool ascii8(const unsigned char *s)
{
	uint64_t w;
	memcpy(&w, s, sizeof(w));
	return (w & UINT64_C(0x8080808080808080)) == 0;
}

/* The number of UTF-8 bytes that the Windows-1252 character b becomes. */
static size_t cp1252_width(unsigned char b)
{
	if (b < 0x80)
		return 1;
	return (b < 0xA0 && cp1252_high[b - 0x80] >= 0x800) ? 3 : 2;
}

/* The length of the UTF-8 form of len Windows-1252 bytes. */
static size_t cp1252_utf8_len(const unsigned char *s, size_t len)
{
	size_t n = len, i = 0;
	while (i < len) {
		if (len - i >= 8 && ascii8(s + i)) {
			i += 8;
			continue;
		}
		n += cp1252_width(s[i]) - 1;
		i++;
	}
	return n;
}

/* Writes the UTF-8 form of len Windows-1252 bytes to dst, which has room for
 * cp1252_utf8_len(s, len) bytes; returns the number written. */
static size_t cp1252_encode(char *dst, const unsigned char *s, size_t len)
{
	unsigned char *d = (unsigned char *)dst;
	size_t i = 0;
	while (i < len) {
		if (len - i >= 8 && ascii8(s + i)) {
			memcpy(d, s + i, 8);
			d += 8;
			i += 8;
			continue;
		}
		unsigned char b = s[i++];
		if (b < 0x80) {
			*d++ = b;
			continue;
		}
		unsigned cp = b < 0xA0 ? cp1252_high[b - 0x80] : b;
		if (cp < 0x800) {
			*d++ = (unsigned char)(0xC0 | (cp >> 6));
		} else {
			*d++ = (unsigned char)(0xE0 | (cp >> 12));
			*d++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		}
		*d++ = (unsigned char)(0x80 | (cp & 0x3F));
	}
	return (size_t)(d - (unsigned char *)dst);
}

/*
 * cp1252_to_utf8: appends the UTF-8 form of len Windows-1252 bytes to out.
 * Every byte becomes one character (see cp1252_high for 0x80..0x9F; NUL stays
 * NUL), so the conversion never fails. in may be NULL when len is 0.
 */
void cp1252_to_utf8(struct strbuf *out, const char *in, size_t len)
{
	const unsigned char *s = (const unsigned char *)in;
	char chunk[3 * 1024];
	size_t i = 0;
	while (i < len) {
		size_t n = len - i < 1024 ? len - i : 1024;
		strbuf_add(out, chunk, cp1252_encode(chunk, s + i, n));
		i += n;
	}
}

/*
 * utf8_valid: true when the len bytes at s are well-formed UTF-8 as Unicode
 * defines it (Table 3-7): no overlong forms, no surrogates (U+D800..U+DFFF),
 * nothing above U+10FFFF, no stray continuation bytes, no sequence cut short by
 * the end. NUL bytes are valid UTF-8. s may be NULL when len is 0.
 */
bool utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		if (len - i >= 8 && ascii8(s + i)) {
			i += 8;
			continue;
		}
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the 2nd byte */
		if (c >= 0xC2 && c <= 0xDF) {
			n = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 3;
			if (c == 0xE0)
				lo = 0xA0;      /* overlong below U+0800 */
			else if (c == 0xED)
				hi = 0x9F;      /* surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 4;
			if (c == 0xF0)
				lo = 0x90;      /* overlong below U+10000 */
			else if (c == 0xF4)
				hi = 0x8F;      /* above U+10FFFF */
		} else {
			return false;           /* 80..C1 (continuation, overlong), F5..FF */
		}
		if (len - i < n)
			return false;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return false;
		for (size_t k = 2; k < n; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
		i += n;
	}
	return true;
}

/* True when s is a plain number after its sign: digits, with single '.' or ','
 * between them ("62812", "1.234,50"). */
static bool plain_number(const char *s)
{
	if (!(*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			continue;
		if ((*s != '.' && *s != ',') || !(s[1] >= '0' && s[1] <= '9'))
			return false;
	}
	return true;
}

/* True when a spreadsheet would read s as a formula (OWASP "CSV injection"):
 * it starts with '=', '@', TAB, CR or LF, or with '+' or '-' followed by
 * anything but a plain number. A lone sign is not a formula. (LF too, because
 * the reader gives a quoted CR back as LF: "'\r=1" must lose its apostrophe.) */
static bool formula_like(const char *s)
{
	switch (*s) {
	case '=': case '@': case '\t': case '\r': case '\n':
		return true;
	case '+': case '-':
		return s[1] && !plain_number(s + 1);
	default:
		return false;
	}
}

/*
 * csv_needs_guard: true when s is formula-like after any number of leading
 * apostrophes. Such a field is written with one more apostrophe in front, and
 * the reader removes one from a field that is an apostrophe or more followed
 * by formula-like text, so write -> read gives back the value exactly.
 */
bool csv_needs_guard(const char *s)
{
	while (*s == '\'')
		s++;
	return formula_like(s);
}

/* True when the field read is a guarded one: an apostrophe (or more) followed
 * by formula-like text. */
static bool guarded(const char *s)
{
	return *s == '\'' && csv_needs_guard(s);
}

/* True when the line starting at p (spaces and tabs, then a line end or the
 * end of the input) carries no data. */
static bool blank_line(const struct csv_reader *r, size_t p)
{
	while (p < r->len && (r->buf[p] == ' ' || r->buf[p] == '\t'))
		p++;
	return p == r->len || r->buf[p] == '\n' || r->buf[p] == '\r';
}

/* Moves p past the line end at p (CRLF, LF or CR), if there is one; returns
 * the new position. */
static size_t skip_eol(const struct csv_reader *r, size_t p)
{
	if (p < r->len && r->buf[p] == '\r')
		p++;
	else if (p < r->len && r->buf[p] == '\n')
		return p + 1;
	else
		return p;
	if (p < r->len && r->buf[p] == '\n')
		p++;
	return p;
}

/* The position of the line end (or the end of input) at or after p. */
static size_t line_end(const struct csv_reader *r, size_t p)
{
	while (p < r->len && r->buf[p] != '\n' && r->buf[p] != '\r')
		p++;
	return p;
}

/* Moves pos past blank lines; line follows. */
static void skip_blank_lines(struct csv_reader *r)
{
	while (r->pos < r->len && blank_line(r, r->pos)) {
		size_t end = line_end(r, r->pos);
		if (end == r->len) {
			r->pos = end;
			break;
		}
		r->pos = skip_eol(r, end);
		r->line++;
	}
}

/*
 * The delimiter of the first record at pos: counts commas and semicolons
 * outside quoted fields, up to the end of that record. A semicolon is the
 * delimiter only when there are more of them than commas.
 */
static char detect_delimiter(const struct csv_reader *r)
{
	size_t commas = 0, semis = 0;
	bool field_start = true, in_quotes = false;
	size_t start = r->pos;
	for (size_t p = r->pos; p < r->len; p++) {
		char c = r->buf[p];
		if (in_quotes) {
			if (c == '"') {
				if (p + 1 < r->len && r->buf[p + 1] == '"')
					p++;
				else
					in_quotes = false;
			}
			continue;
		}
		/* A comment row ('#' first: an export's personal-data notice) says
		 * nothing of the delimiter: look at the next row. */
		if (c == '#' && p == start) {
			while (p + 1 < r->len && r->buf[p + 1] != '\n')
				p++;
			p++;
			start = p + 1;
			continue;
		}
		if (c == '\n' || c == '\r')
			break;
		if (c == ',')
			commas++;
		else if (c == ';')
			semis++;
		in_quotes = c == '"' && field_start;
		field_start = c == ',' || c == ';';
	}
	return semis > commas ? ';' : ',';
}

/*
 * A reader over the len bytes at data: drops a BOM, converts from Windows-1252
 * when the rest is not valid UTF-8, finds the delimiter. owned is data when the
 * caller hands over a malloc'd buffer NUL-terminated at len (it is then kept or
 * freed), or NULL when data belongs to the caller (it is then copied).
 */
static struct csv_reader *reader_new(const char *data, size_t len, char *owned)
{
	struct csv_reader *r = xcalloc(1, sizeof(*r));
	size_t start = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		start = 3;
	const unsigned char *in = (const unsigned char *)data + start;
	if (utf8_valid((const char *)in, len - start)) {
		if (owned) {
			r->buf = owned;
		} else {
			r->buf = xmalloc(len + 1);
			if (len)
				memcpy(r->buf, data, len);
			r->buf[len] = '\0';
		}
		r->len = len;
		r->pos = start;
	} else {
		r->buf = xmalloc(cp1252_utf8_len(in, len - start) + 1);
		r->len = cp1252_encode(r->buf, in, len - start);
		r->buf[r->len] = '\0';
		free(owned);
		r->pos = 0;
		r->cp1252 = true;
	}
	r->line = 1;
	skip_blank_lines(r);
	r->delim = detect_delimiter(r);
	r->stop[0] = 1;
	r->stop['\r'] = 1;
	r->stop['\n'] = 1;
	r->stop[(unsigned char)r->delim] = 1;
	return r;
}

/*
 * csv_open_mem: a reader over a copy of the len bytes at data (which may hold
 * anything, NUL bytes included; data may be NULL when len is 0). Never NULL;
 * free it with csv_close.
 */
struct csv_reader *csv_open_mem(const char *data, size_t len)
{
	return reader_new(len ? data : "", len, NULL);
}

/*
 * csv_open_file: a reader over the whole file at path. On failure returns NULL
 * with e saying "PATH: reason" (e may be NULL). Free the reader with csv_close.
 */
struct csv_reader *csv_open_file(const char *path, struct err *e)
{
	size_t len = 0;
	char *buf = file_read(path, &len, e);
	if (!buf)
		return NULL;
	return reader_new(buf, len, buf);
}

/* csv_close: frees the reader and every row it returned. NULL is ignored. */
void csv_close(struct csv_reader *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r->scratch);
	free(r->offs);
	free(r->fields);
	free(r);
}

/* csv_delimiter: ',' or ';', as detected from the first record. */
char csv_delimiter(const struct csv_reader *r)
{
	return r->delim;
}

/* csv_encoding: "UTF-8", or "Windows-1252" when the input was converted. The
 * string is static. */
const char *csv_encoding(const struct csv_reader *r)
{
	return r->cp1252 ? "Windows-1252" : "UTF-8";
}

/* Appends n bytes to the record's scratch text. */
static void scratch_add(struct csv_reader *r, const char *s, size_t n)
{
	if (r->scratch_len + n + 1 > r->scratch_cap) {
		size_t cap = r->scratch_cap ? r->scratch_cap : 256;
		while (cap < r->scratch_len + n + 1)
			cap *= 2;
		r->scratch = xrealloc(r->scratch, cap);
		r->scratch_cap = cap;
	}
	memcpy(r->scratch + r->scratch_len, s, n);
	r->scratch_len += n;
}

/* Starts field number nf at the current end of the scratch text. */
static void field_begin(struct csv_reader *r, size_t nf)
{
	if (nf == r->fields_cap) {
		r->fields_cap = r->fields_cap ? 2 * r->fields_cap : 16;
		r->offs = xrealloc(r->offs, r->fields_cap * sizeof(*r->offs));
		r->fields = xrealloc(r->fields, r->fields_cap * sizeof(*r->fields));
	}
	r->offs[nf] = r->scratch_len;
}

/*
 * Rejects the record that started at start (on line first): sets e, puts the
 * rejected text - from start to the end of line `last`, which ends at or after
 * p - in row, and moves the reader to the line after. Returns -1.
 */
static int reject(struct csv_reader *r, struct csv_row *row, size_t start, size_t first,
		  size_t p, size_t last)
{
	size_t end = line_end(r, p);
	row->fields = NULL;
	row->nfields = 0;
	row->line = first;
	row->raw = r->buf + start;
	row->raw_len = end - start;
	r->pos = skip_eol(r, end);
	r->line = last + 1;
	return -1;
}

/*
 * csv_next: reads the next record into row; see csv.h for the contract.
 * Returns 1 with row filled in; 0 at the end of input (row emptied); -1 for a
 * malformed record, with e set to "line N: ..." and row.line, row.raw and
 * row.raw_len giving the rejected lines (row.fields NULL, nfields 0). A later
 * call goes on with the line after the rejected ones.
 */
int csv_next(struct csv_reader *r, struct csv_row *row, struct err *e)
{
	memset(row, 0, sizeof(*row));
	skip_blank_lines(r);
	if (r->pos >= r->len)
		return 0;

	const char *b = r->buf;
	const size_t start = r->pos, first = r->line;
	size_t p = start, line = first, nf = 0;
	r->scratch_len = 0;
	for (;;) {
		field_begin(r, nf);
		if (b[p] == '"') {
			const size_t qpos = p, qline = line;
			p++;
			for (;;) {
				size_t run = p;
				while (!quoted_stop[(unsigned char)b[p]])
					p++;
				scratch_add(r, b + run, p - run);
				char c = b[p];
				if (c == '"') {
					if (b[p + 1] != '"')
						break;
					scratch_add(r, "\"", 1);
					p += 2;
				} else if (c == '\r' || c == '\n') {
					scratch_add(r, "\n", 1);
					p = skip_eol(r, p);
					line++;
				} else if (p == r->len) {
					err_set(e, 1, _("line %zu: quote opened here is never closed"),
						qline);
					return reject(r, row, start, first, qpos, qline);
				} else {
					err_set(e, 1, _("line %zu: NUL byte in the text (is this "
							"really a CSV file?)"), line);
					return reject(r, row, start, first, p, line);
				}
			}
			p++; /* the closing quote */
			while (b[p] == ' ' || b[p] == '\t')
				p++;
			char c = b[p];
			if (c != r->delim && c != '\r' && c != '\n' && c != '\0') {
				if (qline == line)
					err_set(e, 1, _("line %zu: text after a closing quote (a "
							"quote inside a quoted field is written "
							"as \"\")"), line);
				else
					err_set(e, 1, _("line %zu: text after the closing quote of "
							"the field opened on line %zu"),
						line, qline);
				return reject(r, row, start, first, p, line);
			}
		} else {
			size_t run = p;
			while (!r->stop[(unsigned char)b[p]])
				p++;
			scratch_add(r, b + run, p - run);
		}
		scratch_add(r, "", 1); /* terminates the field */
		if (guarded(r->scratch + r->offs[nf]))
			r->offs[nf]++;  /* the apostrophe a writer put before a formula */
		nf++;
		if (b[p] == r->delim) {
			p++;
			continue;
		}
		if (b[p] == '\0' && p < r->len) {
			err_set(e, 1, _("line %zu: NUL byte in the text (is this "
					"really a CSV file?)"), line);
			return reject(r, row, start, first, p, line);
		}
		break; /* a line end or the end of input */
	}

	for (size_t i = 0; i < nf; i++)
		r->fields[i] = r->scratch + r->offs[i];
	row->fields = r->fields;
	row->nfields = nf;
	row->line = first;
	row->raw = b + start;
	row->raw_len = p - start;
	r->pos = skip_eol(r, p);
	r->line = line + 1;
	return 1;
}

/* True when s must be quoted to be read back as it is. */
static bool needs_quotes(const char *s, size_t len, char delim)
{
	if (len == 0)
		return false;
	if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t')
		return true;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == delim || c == '"' || c == '\r' || c == '\n')
			return true;
	}
	return false;
}

/*
 * csv_write_field: appends s (NULL is written as an empty field) to out,
 * between quotes when it holds delim, a quote, CR or LF, or starts or ends with
 * a space or tab; quotes inside are doubled. Writes no delimiter.
 */
void csv_write_field(struct strbuf *out, const char *s, char delim)
{
	if (!s)
		s = "";
	size_t len = strlen(s);
	bool guard = csv_needs_guard(s);
	if (!needs_quotes(s, len, delim)) {
		if (guard)
			strbuf_addch(out, '\'');
		strbuf_add(out, s, len);
		return;
	}
	strbuf_addch(out, '"');
	if (guard)
		strbuf_addch(out, '\'');
	const char *q;
	while ((q = memchr(s, '"', len)) != NULL) {
		size_t n = (size_t)(q - s) + 1;
		strbuf_add(out, s, n);      /* up to and including the quote */
		strbuf_addch(out, '"');     /* doubled */
		s += n;
		len -= n;
	}
	strbuf_add(out, s, len);
	strbuf_addch(out, '"');
}

/*
 * csv_write_row: appends the n fields, separated by delim and ended by "\n",
 * to out. A record of one empty field is written as "" so that it is not read
 * back as a blank line (which the reader skips). n == 0 writes just "\n".
 */
void csv_write_row(struct strbuf *out, const char *const *fields, size_t n, char delim)
{
	if (n == 1 && str_empty(fields[0])) {
		strbuf_adds(out, "\"\"\n");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addch(out, delim);
		csv_write_field(out, fields[i], delim);
	}
	strbuf_addch(out, '\n');
}
