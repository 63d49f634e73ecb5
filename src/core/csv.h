/*
 * csv.h - reading and writing the spreadsheets offices keep.
 *
 * Reader: comma or semicolon (detected from the first record, outside quotes),
 * UTF-8 with or without BOM, CRLF or LF (or a lone CR), RFC 4180 quoting with
 * embedded delimiters, quotes ("") and newlines. The encoding is what most of
 * the input is: when it has more bytes that are not UTF-8 than UTF-8 characters
 * beyond ASCII it is read as Windows-1252 and converted to UTF-8 as a whole
 * (csv_encoding says so), so no mojibake reaches the database; otherwise it is
 * UTF-8 and a record with bytes that are not is rejected, naming its line (one
 * stray byte does not turn "Café" into "CafÃ©"). NUL bytes are an error. A file
 * is read a chunk at a time: memory follows the longest record, not the file.
 * Limits: CSV_MAX_COLUMNS fields a record, CSV_MAX_FIELD bytes a field,
 * CSV_MAX_RECORD bytes a record; beyond them csv_next says so and returns -2. A field that is
 * an apostrophe (or more) followed by formula-like text loses one apostrophe:
 * the one csv_write_field puts there (see below).
 */
#ifndef BANTU_CSV_H
#define BANTU_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util.h"

struct csv_reader;

#define CSV_MAX_COLUMNS 1024
#define CSV_MAX_FIELD (64 * 1024)
#define CSV_MAX_RECORD (4 * 1024 * 1024)

/* Reads from memory (copied; the caller keeps data). Never NULL. */
struct csv_reader *csv_open_mem(const char *data, size_t len);
/* Reads a file (a chunk at a time). NULL and e set ("FILE: No such file...") on failure. */
struct csv_reader *csv_open_file(const char *path, struct err *e);
void csv_close(struct csv_reader *r);

/* One record. Fields are NUL-terminated UTF-8, owned by the reader and valid until
 * the next csv_next or csv_close. */
struct csv_row {
	char **fields;
	size_t nfields;
	size_t line;      /* physical line (1-based) where the record starts */
	const char *raw;  /* the record's text as read (UTF-8), for --rejects; not terminated */
	size_t raw_len;
};

/*
 * Reads the next record into row. Returns 1 for a record, 0 at the end, -1 on a
 * malformed record (a quote never closed, a character after a closing quote) with
 * e saying "line N: ..."; reading may go on after -1 from the next line; -2
 * (e says why) when a record goes beyond the limits above: reading ends there.
 * Blank lines are skipped. A record that is not UTF-8 in a UTF-8 input is -1.
 */
int csv_next(struct csv_reader *r, struct csv_row *row, struct err *e);

char csv_delimiter(const struct csv_reader *r);        /* ',' or ';' */
const char *csv_encoding(const struct csv_reader *r);  /* "UTF-8" or "Windows-1252" */

/* Writer: one field, quoted when it holds the delimiter, a quote, CR or LF, or
 * starts/ends with a space. Text a spreadsheet would run as a formula (starting
 * with = @ TAB CR, or + - not followed by a plain number: "+6281..." and "-5"
 * stay as they are) is written after an apostrophe, which the reader removes
 * again (csv_needs_guard), so a value read back is the value written. */
void csv_write_field(struct strbuf *out, const char *s, char delim);
/* True when s is written after a guarding apostrophe (see csv_write_field). */
bool csv_needs_guard(const char *s);
/* A whole record, ended by "\n". */
void csv_write_row(struct strbuf *out, const char *const *fields, size_t n, char delim);

/* Converts Windows-1252 bytes to UTF-8 (appends to out). */
void cp1252_to_utf8(struct strbuf *out, const char *in, size_t len);
/* True when the bytes are valid UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t len);

#endif
