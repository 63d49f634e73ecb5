/*
 * csv.c - reading and writing the spreadsheets offices keep (see csv.h).
 *
 * The reader owns one buffer holding a window of the input as UTF-8 (converted
 * from Windows-1252 as read when most of the input is not UTF-8): a file is
 * read by chunks; a record whose end is not in the window yet is parsed again
 * after the next read (each read at least doubles the window, so this costs
 * linear time). Records are parsed straight from that buffer, which is not
 * modified until the next csv_next, so row.raw can point into it. Field
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
 *  - A UTF-8 BOM is dropped. If most of what follows it is not UTF-8, that rest
 *    is read as Windows-1252 like any other such file.
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

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "i18n.h"

struct csv_reader {
	FILE *f;              /* the file read (NULL: all of the input is in buf) */
	bool eof;             /* nothing more to read into buf */
	bool need;            /* the record being parsed needs more input than buf holds */
	char *buf;            /* a window of the input as UTF-8, buf[len] == '\0' */
	size_t len, cap;
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

/* True when p is at the end of what buf holds; notes when more input could
 * follow (the record must then be parsed again with more). */
static bool at_end(struct csv_reader *r, size_t p)
{
	if (p < r->len)
		return false;
	if (!r->eof)
		r->need = true;
	return true;
}

/* True when the line starting at p (spaces and tabs, then a line end or the
 * end of the input) carries no data. */
static bool blank_line(struct csv_reader *r, size_t p)
{
	while (p < r->len && (r->buf[p] == ' ' || r->buf[p] == '\t'))
		p++;
	return at_end(r, p) || r->buf[p] == '\n' || r->buf[p] == '\r';
}

/* Moves p past the line end at p (CRLF, LF or CR), if there is one; returns
 * the new position. */
static size_t skip_eol(struct csv_reader *r, size_t p)
{
	if (p < r->len && r->buf[p] == '\r')
		p++;
	else if (p < r->len && r->buf[p] == '\n')
		return p + 1;
	else
		return p;
	if (!at_end(r, p) && r->buf[p] == '\n')
		p++;
	return p;
}

/* The position of the line end (or the end of input) at or after p. */
static size_t line_end(struct csv_reader *r, size_t p)
{
	while (p < r->len && r->buf[p] != '\n' && r->buf[p] != '\r')
		p++;
	at_end(r, p);
	return p;
}

/* Moves pos past blank lines; line follows. Stops (r->need) at a line whose end
 * is not in buf yet. */
static void skip_blank_lines(struct csv_reader *r)
{
	while (r->pos < r->len && blank_line(r, r->pos) && !r->need) {
		size_t end = line_end(r, r->pos);
		if (r->need)
			return;
		if (end == r->len) {
			r->pos = end;
			break;
		}
		size_t next = skip_eol(r, end);
		if (r->need)
			return;
		r->pos = next;
		r->line++;
	}
}

/*
 * The delimiter of the first record at pos: counts commas and semicolons
 * outside quoted fields, up to the end of that record. A semicolon is the
 * delimiter only when there are more of them than commas. Sets r->need when
 * that record does not end in buf.
 */
static char detect_delimiter(struct csv_reader *r)
{
	size_t commas = 0, semis = 0;
	bool field_start = true, in_quotes = false;
	size_t start = r->pos, p;
	for (p = r->pos; p < r->len; p++) {
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
	at_end(r, p);
	return semis > commas ? ';' : ',';
}

/* Reading a file by chunks: at least this much a read, more for a long record
 * (each read at least doubles what buf holds, so a record read again after a
 * read costs linear time in all). */
#define CHUNK (64 * 1024)

/*
 * Reads more input into buf, after dropping what is before pos (records already
 * returned: row.raw of the last one is no longer needed). Sets eof at the end.
 * Windows-1252 input is converted as it is read (every byte is one character,
 * so a chunk boundary cuts nothing).
 */
static void refill(struct csv_reader *r)
{
	if (r->eof || !r->f) {
		r->eof = true;
		return;
	}
	if (r->pos) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
	size_t want = r->len > CHUNK ? r->len : CHUNK;
	size_t room = r->len + (r->cp1252 ? 3 * want : want) + 1;
	if (room > r->cap) {
		r->buf = xrealloc(r->buf, room);
		r->cap = room;
	}
	size_t got;
	if (r->cp1252) {
		unsigned char *raw = xmalloc(want);
		got = fread(raw, 1, want, r->f);
		r->len += cp1252_encode(r->buf + r->len, raw, got);
		free(raw);
	} else {
		got = fread(r->buf + r->len, 1, want, r->f);
		r->len += got;
	}
	r->buf[r->len] = '\0';
	if (got < want)
		r->eof = true;
}

/*
 * Counts the characters of the len bytes at s that are UTF-8 beyond ASCII
 * (*good) and the bytes that are not UTF-8 (*bad). Returns how many bytes at
 * the end start a sequence the next chunk may complete (not counted).
 */
static size_t utf8_tally(const unsigned char *s, size_t len, bool last, size_t *good,
			 size_t *bad)
{
	size_t i = 0;
	while (i < len) {
		if (len - i >= 8 && ascii8(s + i)) {
			i += 8;
			continue;
		}
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		unsigned char c = s[i];
		size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
			 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
		if (n && len - i < n && !last)
			return len - i;
		if (n && len - i >= n && utf8_valid((const char *)s + i, n)) {
			(*good)++;
			i += n;
		} else {
			(*bad)++;
			i++;
		}
	}
	return 0;
}

/* Sets up the reader once buf holds the input's start (or all of it): drops a
 * BOM, finds the delimiter. */
static void reader_start(struct csv_reader *r)
{
	r->line = 1;
	if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
		r->pos = 3;
	for (;;) {
		r->need = false;
		skip_blank_lines(r);
		if (!r->need)
			r->delim = detect_delimiter(r);
		if (!r->need)
			break;
		refill(r);
	}
	r->stop[0] = 1;
	r->stop['\r'] = 1;
	r->stop['\n'] = 1;
	r->stop[(unsigned char)r->delim] = 1;
}

/*
 * A reader over the len bytes at data, all in memory: the encoding is what
 * most of it is (see csv.h), Windows-1252 converted whole.
 */
static struct csv_reader *reader_mem(const char *data, size_t len)
{
	struct csv_reader *r = xcalloc(1, sizeof(*r));
	size_t good = 0, bad = 0;
	bool bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0;
	/* The BOM is not a character of the text: it does not count. */
	utf8_tally((const unsigned char *)data + (bom ? 3 : 0), len - (bom ? 3 : 0), true, &good,
		   &bad);
	if (bad > good) {
		/* The BOM's own bytes are UTF-8: drop them before converting. */
		size_t skip = bom ? 3 : 0;
		r->buf = xmalloc(cp1252_utf8_len((const unsigned char *)data + skip, len - skip) + 1);
		r->len = cp1252_encode(r->buf, (const unsigned char *)data + skip, len - skip);
		r->cp1252 = true;
	} else {
		r->buf = xmalloc(len + 1);
		if (len)
			memcpy(r->buf, data, len);
		r->len = len;
	}
	r->buf[r->len] = '\0';
	r->cap = r->len + 1;
	r->eof = true;
	reader_start(r);
	return r;
}

/*
 * csv_open_mem: a reader over a copy of the len bytes at data (which may hold
 * anything, NUL bytes included; data may be NULL when len is 0). Never NULL;
 * free it with csv_close.
 */
struct csv_reader *csv_open_mem(const char *data, size_t len)
{
	return reader_mem(len ? data : "", len);
}

/*
 * csv_open_file: a reader over the file at path, read a chunk at a time (after
 * one pass that decides the encoding), so memory follows the longest record,
 * not the file. A file that cannot be read again from its start (a pipe) is
 * read whole. On failure returns NULL with e saying "PATH: reason" (e may be
 * NULL). Free the reader with csv_close.
 */
struct csv_reader *csv_open_file(const char *path, struct err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		err_set(e, 1, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fseeko(f, 0, SEEK_CUR) != 0) {
		fclose(f);
		size_t len = 0;
		char *all = file_read(path, &len, e);
		if (!all)
			return NULL;
		struct csv_reader *r = reader_mem(all, len);
		free(all);
		return r;
	}
	/* The encoding: count UTF-8 characters and stray bytes over the file. */
	size_t good = 0, bad = 0, carry = 0, n;
	unsigned char *chunk = xmalloc(CHUNK + 4);
	bool bom = false, first = true;
	while ((n = fread(chunk + carry, 1, CHUNK, f)) > 0 || carry) {
		size_t have = carry + n;
		if (first && have >= 3 && memcmp(chunk, "\xEF\xBB\xBF", 3) == 0)
			bom = true;
		first = false;
		size_t left = utf8_tally(chunk, have, n == 0, &good, &bad);
		memmove(chunk, chunk + have - left, left);
		carry = left;
		if (n == 0)
			break;
	}
	free(chunk);
	if (bom)
		good--; /* the BOM is not a character of the text */
	if (ferror(f) || fseeko(f, 0, SEEK_SET) != 0) {
		err_set(e, 1, "%s: %s", path, strerror(errno));
		fclose(f);
		return NULL;
	}
	struct csv_reader *r = xcalloc(1, sizeof(*r));
	r->f = f;
	r->cp1252 = bad > good;
	if (r->cp1252 && bom) {
		char skip[3];
		if (fread(skip, 1, 3, f) != 3)
			r->eof = true;
	}
	refill(r);
	reader_start(r);
	return r;
}

/* csv_close: frees the reader and every row it returned. NULL is ignored. */
void csv_close(struct csv_reader *r)
{
	if (!r)
		return;
	if (r->f)
		fclose(r->f);
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
 * Rejects the record that started at start (on line first): puts the rejected
 * text - from start to the end of line `last`, which ends at or after p - in
 * row, and moves the reader to the line after (unless that line's end is not in
 * buf yet: r->need). Returns -1; the caller has set e.
 */
static int reject(struct csv_reader *r, struct csv_row *row, size_t start, size_t first,
		  size_t p, size_t last)
{
	size_t end = line_end(r, p);
	size_t next = skip_eol(r, end);
	if (r->need)
		return -1;
	row->fields = NULL;
	row->nfields = 0;
	row->line = first;
	row->raw = r->buf + start;
	row->raw_len = end - start;
	r->pos = next;
	r->line = last + 1;
	return -1;
}

/* The line (1-based) of the first byte that is not UTF-8 in the record at
 * start (line first, len bytes). */
static size_t bad_utf8_line(const struct csv_reader *r, size_t start, size_t len, size_t first)
{
	size_t good = len;
	/* The longest valid prefix, by halving: utf8_valid is all we have. */
	size_t lo = 0, hi = len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2;
		if (utf8_valid(r->buf + start, mid))
			lo = mid;
		else
			hi = mid - 1;
	}
	good = lo;
	size_t line = first;
	for (size_t i = start; i < start + good; i++)
		if (r->buf[i] == '\n' || (r->buf[i] == '\r' && r->buf[i + 1] != '\n'))
			line++;
	return line;
}

/* Parses the record at pos (see csv_next); returns 2 when buf does not hold all
 * of it yet (nothing changed then). */
static int parse_record(struct csv_reader *r, struct csv_row *row, struct err *e)
{
	r->need = false;
	skip_blank_lines(r);
	if (r->need)
		return 2;
	if (at_end(r, r->pos))
		return r->need ? 2 : 0; /* the window ends with a record: read on */

	const char *b = r->buf;
	const size_t start = r->pos, first = r->line;
	size_t p = start, line = first, nf = 0;
	r->scratch_len = 0;
	for (;;) {
		if (nf == CSV_MAX_COLUMNS) {
			err_set(e, 1, _("line %zu: more than %d columns (is this really a CSV "
					"file?)"), first, CSV_MAX_COLUMNS);
			return -2;
		}
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
					if (p + 1 >= r->len && !r->eof)
						return 2;
					if (b[p + 1] != '"')
						break;
					scratch_add(r, "\"", 1);
					p += 2;
				} else if (c == '\r' || c == '\n') {
					scratch_add(r, "\n", 1);
					p = skip_eol(r, p);
					if (r->need)
						return 2;
					line++;
				} else if (p == r->len) {
					if (!r->eof)
						return 2;
					err_set(e, 1, _("line %zu: quote opened here is never closed"),
						qline);
					int rc = reject(r, row, start, first, qpos, qline);
					return r->need ? 2 : rc;
				} else {
					err_set(e, 1, _("line %zu: NUL byte in the text (is this "
							"really a CSV file?)"), line);
					int rc = reject(r, row, start, first, p, line);
					return r->need ? 2 : rc;
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
				int rc = reject(r, row, start, first, p, line);
				return r->need ? 2 : rc;
			}
		} else {
			size_t run = p;
			while (!r->stop[(unsigned char)b[p]])
				p++;
			scratch_add(r, b + run, p - run);
		}
		if (r->scratch_len - r->offs[nf] > CSV_MAX_FIELD) {
			err_set(e, 1, _("line %zu: column %zu is longer than %d KiB (is this really"
					" a CSV file? a quote never closed?)"),
				first, nf + 1, CSV_MAX_FIELD / 1024);
			return -2;
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
			int rc = reject(r, row, start, first, p, line);
			return r->need ? 2 : rc;
		}
		break; /* a line end or the end of input */
	}
	size_t next = skip_eol(r, p);
	if (r->need || (p == r->len && !r->eof)) {
		r->need = true;
		return 2;
	}
	if (!r->cp1252 && !utf8_valid(b + start, p - start)) {
		size_t bad = bad_utf8_line(r, start, p - start, first);
		err_set(e, 1, _("line %zu: bytes that are not UTF-8 (most of the file is "
				"UTF-8; save it as UTF-8 and import this row again)"), bad);
		row->fields = NULL;
		row->nfields = 0;
		row->line = first;
		row->raw = b + start;
		row->raw_len = p - start;
		r->pos = next;
		r->line = line + 1;
		return -1;
	}

	for (size_t i = 0; i < nf; i++)
		r->fields[i] = r->scratch + r->offs[i];
	row->fields = r->fields;
	row->nfields = nf;
	row->line = first;
	row->raw = b + start;
	row->raw_len = p - start;
	r->pos = next;
	r->line = line + 1;
	return 1;
}

/*
 * csv_next: reads the next record into row; see csv.h for the contract.
 * Returns 1 with row filled in; 0 at the end of input (row emptied); -1 for a
 * malformed record, with e set to "line N: ..." and row.line, row.raw and
 * row.raw_len giving the rejected lines (row.fields NULL, nfields 0); -2 when
 * the input goes beyond the reader's limits (then reading ends). A later call
 * goes on with the line after the rejected ones.
 */
int csv_next(struct csv_reader *r, struct csv_row *row, struct err *e)
{
	memset(row, 0, sizeof(*row));
	if (r->delim == 0)
		return 0; /* ended by -2 */
	for (;;) {
		int rc = parse_record(r, row, e);
		if (rc == -2) {
			r->delim = 0;
			memset(row, 0, sizeof(*row));
			return -2;
		}
		if (rc != 2)
			return rc;
		memset(row, 0, sizeof(*row));
		if (r->len - r->pos > CSV_MAX_RECORD) {
			err_set(e, 1, _("line %zu: a record longer than %d MiB (is this really a "
					"CSV file? a quote never closed?)"),
				r->line, CSV_MAX_RECORD / (1024 * 1024));
			r->delim = 0;
			return -2;
		}
		refill(r);
	}
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
