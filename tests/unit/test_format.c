/* test_format.c - Rupiah and dates: parsing, formatting, calendar arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/format.h"
#include "core/i18n.h"
#include "core/util.h"

#define TODAY "2025-06-15" /* fixed "today" for the DDMMYY century rule */

/* ---- helpers ---- */

static void check_money_ok(const char *s, int64_t want, int line)
{
	struct err e;
	err_clear(&e);
	int64_t v = -7;
	if (!money_parse(s, &v, &e))
		fail_msg("line %d: money_parse(\"%s\") refused: %s", line, s, e.msg);
	if (v != want)
		fail_msg("line %d: money_parse(\"%s\") = %lld, want %lld", line, s, (long long)v,
			 (long long)want);
}
#define MONEY_OK(s, want) check_money_ok((s), (want), __LINE__)

/* Refused, *out untouched, a message and code 1; returns the message. */
static const char *check_money_bad(const char *s, int line)
{
	static struct err e;
	err_clear(&e);
	int64_t v = 42;
	if (money_parse(s, &v, &e))
		fail_msg("line %d: money_parse(\"%s\") accepted as %lld", line, s ? s : "(null)",
			 (long long)v);
	assert_int_equal(v, 42);
	assert_int_equal(e.code, 1);
	assert_true(strlen(e.msg) > 10);
	return e.msg;
}
#define MONEY_BAD(s) check_money_bad((s), __LINE__)

static void check_date_ok(const char *s, int y, int m, int d, int line)
{
	struct err e;
	err_clear(&e);
	struct date out = { 0, 0, 0 };
	if (!date_parse(s, &out, &e))
		fail_msg("line %d: date_parse(\"%s\") refused: %s", line, s, e.msg);
	if (out.year != y || out.month != m || out.day != d)
		fail_msg("line %d: date_parse(\"%s\") = %04d-%02d-%02d, want %04d-%02d-%02d", line, s,
			 out.year, out.month, out.day, y, m, d);
}
#define DATE_OK(s, y, m, d) check_date_ok((s), (y), (m), (d), __LINE__)

static const char *check_date_bad(const char *s, int line)
{
	static struct err e;
	err_clear(&e);
	struct date out = { 1, 2, 3 };
	if (date_parse(s, &out, &e))
		fail_msg("line %d: date_parse(\"%s\") accepted as %04d-%02d-%02d", line, s ? s : "(null)",
			 out.year, out.month, out.day);
	assert_int_equal(out.year, 1);
	assert_int_equal(out.month, 2);
	assert_int_equal(out.day, 3);
	assert_int_equal(e.code, 1);
	assert_true(strlen(e.msg) > 10);
	return e.msg;
}
#define DATE_BAD(s) check_date_bad((s), __LINE__)

static int setup_group(void **state)
{
	(void)state;
	setenv("BANTU_LOCALEDIR", "build/locale", 0);
	setenv("BANTU_TODAY", TODAY, 1);
	i18n_init("en");
	return 0;
}

/* Restores English and the fixed today after a test that changed them. */
static int restore(void **state)
{
	(void)state;
	i18n_init("en");
	setenv("BANTU_TODAY", TODAY, 1);
	return 0;
}

/* ---- money ---- */

static void test_money_parse_forms(void **state)
{
	(void)state;
	MONEY_OK("Rp 2.500.000", 2500000);
	MONEY_OK("Rp2.500.000", 2500000);
	MONEY_OK("rp. 2.500.000", 2500000);
	MONEY_OK("RP.2.500.000", 2500000);
	MONEY_OK("2.500.000,00", 2500000);
	MONEY_OK("2.500.000,0", 2500000);
	MONEY_OK("Rp 2.500.000,-", 2500000);
	MONEY_OK("2500000", 2500000);
	MONEY_OK("2 500 000", 2500000);
	MONEY_OK("Rp 2 500 000", 2500000);
	MONEY_OK("  Rp 2.500.000 \t", 2500000);
	MONEY_OK("IDR 750.000", 750000);
	MONEY_OK("0", 0);
	MONEY_OK("Rp0", 0);
	MONEY_OK("0,00", 0);
	MONEY_OK("7", 7);
	MONEY_OK("999", 999);
	MONEY_OK("1.000", 1000);
	MONEY_OK("12.345", 12345);
	MONEY_OK("123.456.789", 123456789);
	MONEY_OK("1250000,00", 1250000);
	MONEY_OK("1.000.000.000.000.000", INT64_C(1000000000000000));
	MONEY_OK("1000000000000000", INT64_C(1000000000000000));
	MONEY_OK("999.999.999.999.999", INT64_C(999999999999999));
}

static void test_money_parse_refuses(void **state)
{
	(void)state;
	/* empty: the caller handles optional fields */
	MONEY_BAD("");
	MONEY_BAD("   ");
	MONEY_BAD(NULL);
	MONEY_BAD("Rp");
	MONEY_BAD("Rp. ");
	/* groupings */
	MONEY_BAD("2.50.000");
	MONEY_BAD("2.5000");
	MONEY_BAD("25.00");
	MONEY_BAD("1234.567");
	MONEY_BAD("2..500");
	MONEY_BAD(".500");
	MONEY_BAD("2.500.");
	MONEY_BAD("2 50 000");
	MONEY_BAD("2500 000");
	MONEY_BAD("2. 500");
	/* decimals: whole Rupiah only */
	MONEY_BAD("2.500,50");
	MONEY_BAD("2.500,05");
	MONEY_BAD("2,500");
	MONEY_BAD("2.500,");
	MONEY_BAD("2.500,00,00");
	/* negative */
	MONEY_BAD("-2.000");
	MONEY_BAD("Rp -2.000");
	MONEY_BAD("-Rp2.000");
	MONEY_BAD("+2.000");
	/* overflow */
	MONEY_BAD("1.000.000.000.000.001");
	MONEY_BAD("1000000000000001");
	MONEY_BAD("99999999999999999999999999");
	MONEY_BAD("9.223.372.036.854.775.808");
	/* letters */
	MONEY_BAD("abc");
	MONEY_BAD("2.500.000x");
	MONEY_BAD("2.5OO.000");
	MONEY_BAD("Rp 2.500 ribu");
	MONEY_BAD("USD 100");
	MONEY_BAD("2500000 Rp");
}

static void test_money_messages_en(void **state)
{
	(void)state;
	assert_string_equal(MONEY_BAD(""), "The amount is empty; type it in whole Rupiah, e.g. 2.500.000");
	assert_string_equal(MONEY_BAD(" 2.50.000 "),
			    "2.50.000: dots separate thousands, every 3 digits (2.500.000); decimals start with a comma");
	assert_string_equal(MONEY_BAD("2.500,50"),
			    "2.500,50: amounts are in whole Rupiah; leave out the part after the comma");
	assert_string_equal(MONEY_BAD("-Rp2.000"),
			    "-Rp2.000: the amount cannot be negative; type it without '-'");
	assert_string_equal(MONEY_BAD("1.000.000.000.000.001"),
			    "1.000.000.000.000.001: the amount is too large; the most is Rp1.000.000.000.000.000");
	assert_string_equal(MONEY_BAD("2.500.000x"),
			    "2.500.000x: 'x' does not belong in an amount; type digits, e.g. Rp2.500.000");
	assert_string_equal(MONEY_BAD("Rp 2.500,"),
			    "Rp 2.500,: a comma must be followed by the decimals (,00); leave both out for whole Rupiah");
	assert_string_equal(MONEY_BAD("Rp"), "Rp: no amount after the currency; type e.g. Rp2.500.000");
	/* a multibyte character is quoted whole */
	assert_string_equal(MONEY_BAD("2.500€"),
			    "2.500€: '€' does not belong in an amount; type digits, e.g. Rp2.500.000");
}

static void test_money_messages_id(void **state)
{
	(void)state;
	assert_int_equal(i18n_init("id"), 0);
	assert_string_equal(i18n_lang(), "id");
	assert_string_equal(MONEY_BAD("2.50.000"),
			    "2.50.000: titik memisahkan ribuan, setiap 3 angka (2.500.000); desimal diawali koma");
	assert_string_equal(MONEY_BAD("2.500,50"),
			    "2.500,50: jumlah uang dalam Rupiah bulat; hapus bagian setelah koma");
	assert_string_equal(MONEY_BAD(""), "Jumlah uang kosong; ketik dalam Rupiah bulat, misalnya 2.500.000");
}

static void test_money_format(void **state)
{
	(void)state;
	char buf[MONEY_BUFSZ];
	assert_string_equal(money_format(0, buf, sizeof(buf)), "Rp0");
	assert_string_equal(money_format(7, buf, sizeof(buf)), "Rp7");
	assert_string_equal(money_format(999, buf, sizeof(buf)), "Rp999");
	assert_string_equal(money_format(1000, buf, sizeof(buf)), "Rp1.000");
	assert_string_equal(money_format(2000000, buf, sizeof(buf)), "Rp2.000.000");
	assert_string_equal(money_format(2500001, buf, sizeof(buf)), "Rp2.500.001");
	assert_string_equal(money_format(123456789, buf, sizeof(buf)), "Rp123.456.789");
	assert_string_equal(money_format(-2000, buf, sizeof(buf)), "-Rp2.000");
	assert_string_equal(money_format(-5, buf, sizeof(buf)), "-Rp5");
	assert_string_equal(money_format(INT64_C(1000000000000000), buf, sizeof(buf)),
			    "Rp1.000.000.000.000.000");
	assert_string_equal(money_format(INT64_MAX, buf, sizeof(buf)), "Rp9.223.372.036.854.775.807");
	assert_string_equal(money_format(INT64_MIN, buf, sizeof(buf)), "-Rp9.223.372.036.854.775.808");
	assert_ptr_equal(money_format(1, buf, sizeof(buf)), buf);

	assert_string_equal(number_format(0, buf, sizeof(buf)), "0");
	assert_string_equal(number_format(2000000, buf, sizeof(buf)), "2.000.000");
	assert_string_equal(number_format(100, buf, sizeof(buf)), "100");
	assert_string_equal(number_format(10000, buf, sizeof(buf)), "10.000");
	assert_string_equal(number_format(-1234567, buf, sizeof(buf)), "-1.234.567");

	/* a small buffer is cut, never overrun */
	char small[6];
	memset(small, 'z', sizeof(small));
	assert_string_equal(money_format(2000000, small, sizeof(small)), "Rp2.0");
}

static void test_money_round_trip(void **state)
{
	(void)state;
	char buf[MONEY_BUFSZ];
	for (int64_t v = 0; v <= INT64_C(1000000000000000); v = v * 3 + 1) {
		for (int64_t w = v; w <= v + 1001 && w <= INT64_C(1000000000000000); w += 77) {
			int64_t back = -1;
			struct err e;
			money_format(w, buf, sizeof(buf));
			if (!money_parse(buf, &back, &e) || back != w)
				fail_msg("money %lld -> \"%s\" -> %lld", (long long)w, buf, (long long)back);
			number_format(w, buf, sizeof(buf));
			back = -1;
			if (!money_parse(buf, &back, &e) || back != w)
				fail_msg("number %lld -> \"%s\" -> %lld", (long long)w, buf, (long long)back);
		}
	}
	/* what money_format writes for a negative is refused by money_parse */
	money_format(-2000, buf, sizeof(buf));
	MONEY_BAD(buf);
}

/* ---- dates ---- */

static void test_date_valid_and_days_in_month(void **state)
{
	(void)state;
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	for (int m = 1; m <= 12; m++) {
		assert_int_equal(date_days_in_month(2021, m), days[m - 1]);
		assert_true(date_valid(2021, m, days[m - 1]));
		assert_false(date_valid(2021, m, days[m - 1] + 1));
		assert_true(date_valid(2021, m, 1));
		assert_false(date_valid(2021, m, 0));
	}
	assert_int_equal(date_days_in_month(2020, 2), 29);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2100, 2), 28);
	assert_int_equal(date_days_in_month(2021, 2), 28);
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2021, 0), 0);
	assert_int_equal(date_days_in_month(2021, 13), 0);
	assert_true(date_valid(2000, 2, 29));
	assert_false(date_valid(1900, 2, 29));
	assert_true(date_valid(2020, 2, 29));
	assert_false(date_valid(2021, 2, 29));
	assert_false(date_valid(2020, 13, 1));
	assert_false(date_valid(2020, 0, 1));
	assert_false(date_valid(2020, 1, -1));
	/* the supported range */
	assert_true(date_valid(1900, 1, 1));
	assert_true(date_valid(2100, 12, 31));
	assert_false(date_valid(1899, 12, 31));
	assert_false(date_valid(2101, 1, 1));
}

static void test_date_parse_forms(void **state)
{
	(void)state;
	DATE_OK("12/05/2020", 2020, 5, 12);
	DATE_OK("12-05-2020", 2020, 5, 12);
	DATE_OK("12.05.2020", 2020, 5, 12);
	DATE_OK("12-5-2020", 2020, 5, 12);
	DATE_OK("5/1/2020", 2020, 1, 5);
	DATE_OK("05/01/2020", 2020, 1, 5);
	DATE_OK("5.1.2020", 2020, 1, 5);
	DATE_OK("31/12/1999", 1999, 12, 31);
	DATE_OK("  12/05/2020 ", 2020, 5, 12);
	DATE_OK("12052020", 2020, 5, 12);
	DATE_OK("01011900", 1900, 1, 1);
	DATE_OK("31122100", 2100, 12, 31);
	DATE_OK("2020-05-12", 2020, 5, 12);
	DATE_OK("2020-5-2", 2020, 5, 2);
	DATE_OK("2020/05/12", 2020, 5, 12);
	/* DDMMYY and D/M/YY: 20YY when not after this year (2025), else 19YY */
	DATE_OK("120520", 2020, 5, 12);
	DATE_OK("150625", 2025, 6, 15);
	DATE_OK("311225", 2025, 12, 31);
	DATE_OK("010126", 1926, 1, 1);
	DATE_OK("120590", 1990, 5, 12);
	DATE_OK("010100", 2000, 1, 1);
	DATE_OK("12/05/20", 2020, 5, 12);
	DATE_OK("12/05/90", 1990, 5, 12);
}

static void test_date_parse_leap_years(void **state)
{
	(void)state;
	DATE_OK("29/02/2000", 2000, 2, 29);
	DATE_OK("29/02/2020", 2020, 2, 29);
	DATE_OK("29/02/2024", 2024, 2, 29);
	DATE_OK("29/02/1904", 1904, 2, 29);
	DATE_BAD("29/02/1900");
	DATE_BAD("29/02/2021");
	DATE_BAD("29/02/2100");
	DATE_BAD("29022021");
	DATE_OK("29022020", 2020, 2, 29);
	DATE_OK("290200", 2000, 2, 29);
	DATE_OK("290224", 2024, 2, 29);
	DATE_BAD("290221");
	DATE_OK("290296", 1996, 2, 29);
	DATE_BAD("300200");
}

static void test_date_century_prefers_a_real_date(void **state)
{
	(void)state;
	/* Today in 1999: 00 would be 1900, but 29 Feb exists only in 2000. */
	setenv("BANTU_TODAY", "1999-03-01", 1);
	DATE_OK("010100", 1900, 1, 1);
	DATE_OK("290200", 2000, 2, 29);
	DATE_OK("010199", 1999, 1, 1);
	DATE_OK("290296", 1996, 2, 29);
	DATE_BAD("290299"); /* neither 1999 nor 2099 is a leap year */
	/* Today in 2030: 30 is this year. */
	setenv("BANTU_TODAY", "2030-01-01", 1);
	DATE_OK("010130", 2030, 1, 1);
	DATE_OK("010131", 1931, 1, 1);
}

static void test_date_parse_refuses(void **state)
{
	(void)state;
	DATE_BAD("");
	DATE_BAD("  ");
	DATE_BAD(NULL);
	DATE_BAD("30/02/2020");
	DATE_BAD("31/04/2020");
	DATE_BAD("31/06/2020");
	DATE_BAD("31/09/2020");
	DATE_BAD("31/11/2020");
	DATE_BAD("32/01/2020");
	DATE_BAD("00/01/2020");
	DATE_BAD("01/00/2020");
	DATE_BAD("01/13/2020");
	DATE_BAD("1/1/1899");
	DATE_BAD("1/1/2101");
	DATE_BAD("31122101");
	DATE_BAD("12/05-2020");
	DATE_BAD("12/05/202");
	DATE_BAD("12/05/02020");
	DATE_BAD("123/05/2020");
	DATE_BAD("12/005/2020");
	DATE_BAD("12//2020");
	DATE_BAD("/05/2020");
	DATE_BAD("12/05/");
	DATE_BAD("12 05 2020");
	DATE_BAD("12/05/2020x");
	DATE_BAD("1234567");
	DATE_BAD("123456789");
	DATE_BAD("12345");
	DATE_BAD("abc");
	DATE_BAD("2020-13-01");
	DATE_BAD("2020-02-30");
	DATE_BAD("2020-05");
	DATE_BAD("20200512"); /* DDMMYYYY: month 20 */
	DATE_BAD("-1/05/2020");
}

static void test_date_messages(void **state)
{
	(void)state;
	assert_string_equal(DATE_BAD("30/02/2020"), "30/02/2020: February 2020 has only 29 days");
	assert_string_equal(DATE_BAD("31/04/2020"), "31/04/2020: April 2020 has only 30 days");
	assert_string_equal(DATE_BAD("29/02/2021"), "29/02/2021: 2021 is not a leap year, so February has only 28 days");
	assert_string_equal(DATE_BAD("01/13/2020"), "01/13/2020: there is no month 13; months are 1 to 12");
	assert_string_equal(DATE_BAD("00/01/2020"), "00/01/2020: there is no day 0; days start at 1");
	assert_string_equal(DATE_BAD("1/1/1899"), "1/1/1899: the year must be between 1900 and 2100");
	assert_string_equal(DATE_BAD("12/05-2020"), "12/05-2020: not a date; type it as DD/MM/YYYY, e.g. 12/05/2020");
	assert_string_equal(DATE_BAD(""), "The date is empty; type it as DD/MM/YYYY, e.g. 12/05/2020");

	assert_int_equal(i18n_init("id"), 0);
	assert_string_equal(DATE_BAD("30/02/2020"), "30/02/2020: Februari 2020 hanya 29 hari");
	assert_string_equal(DATE_BAD("31/04/2020"), "31/04/2020: April 2020 hanya 30 hari");
	assert_string_equal(DATE_BAD("31/08/2020x"), "31/08/2020x: bukan tanggal; ketik sebagai HH/BB/TTTT, misalnya 12/05/2020");
	assert_string_equal(DATE_BAD("29/02/2021"), "29/02/2021: 2021 bukan tahun kabisat, jadi Februari hanya 28 hari");
	assert_string_equal(DATE_BAD("31/09/2020"), "31/09/2020: September 2020 hanya 30 hari");
	assert_string_equal(DATE_BAD("31/11/2020"), "31/11/2020: November 2020 hanya 30 hari");
	assert_string_equal(DATE_BAD("31/06/2020"), "31/06/2020: Juni 2020 hanya 30 hari");
}

static void test_date_format(void **state)
{
	(void)state;
	char buf[DATE_BUFSZ];
	struct date d = { 2020, 1, 5 };
	assert_string_equal(date_format(&d, buf, sizeof(buf)), "05/01/2020");
	assert_string_equal(date_format_iso(&d, buf, sizeof(buf)), "2020-01-05");
	assert_string_equal(date_format_long(&d, buf, sizeof(buf)), "5 January 2020");
	struct date may = { 2020, 5, 12 };
	assert_string_equal(date_format(&may, buf, sizeof(buf)), "12/05/2020");
	assert_string_equal(date_format_iso(&may, buf, sizeof(buf)), "2020-05-12");
	assert_string_equal(date_format_long(&may, buf, sizeof(buf)), "12 May 2020");
	assert_ptr_equal(date_format(&may, buf, sizeof(buf)), buf);

	static const char *const en[12] = { "January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December" };
	for (int m = 1; m <= 12; m++) {
		struct date x = { 1999, m, 28 };
		char want[DATE_BUFSZ];
		snprintf(want, sizeof(want), "28 %s 1999", en[m - 1]);
		assert_string_equal(date_format_long(&x, buf, sizeof(buf)), want);
	}

	/* what date_format writes, date_parse reads back */
	struct date back;
	struct err e;
	assert_true(date_parse(date_format(&d, buf, sizeof(buf)), &back, &e));
	assert_int_equal(date_cmp(&d, &back), 0);
	assert_true(date_parse(date_format_iso(&may, buf, sizeof(buf)), &back, &e));
	assert_int_equal(date_cmp(&may, &back), 0);
}

static void test_date_format_long_id(void **state)
{
	(void)state;
	assert_int_equal(i18n_init("id"), 0);
	static const char *const id[12] = { "Januari", "Februari", "Maret", "April", "Mei", "Juni",
		"Juli", "Agustus", "September", "Oktober", "November", "Desember" };
	char buf[DATE_BUFSZ];
	struct date may = { 2020, 5, 12 };
	assert_string_equal(date_format_long(&may, buf, sizeof(buf)), "12 Mei 2020");
	for (int m = 1; m <= 12; m++) {
		struct date x = { 2001, m, 1 };
		char want[DATE_BUFSZ];
		snprintf(want, sizeof(want), "1 %s 2001", id[m - 1]);
		assert_string_equal(date_format_long(&x, buf, sizeof(buf)), want);
	}
	/* the short forms do not change with the language */
	assert_string_equal(date_format(&may, buf, sizeof(buf)), "12/05/2020");
}

static void test_date_today(void **state)
{
	(void)state;
	setenv("BANTU_TODAY", "2024-02-29", 1);
	struct date t = date_today();
	assert_int_equal(t.year, 2024);
	assert_int_equal(t.month, 2);
	assert_int_equal(t.day, 29);

	/* an impossible or malformed override is ignored: the clock's date */
	static const char *const bad[] = { "2023-02-29", "2024-2-29", "29/02/2024", "x", "" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		setenv("BANTU_TODAY", bad[i], 1);
		t = date_today();
		assert_true(date_valid(t.year, t.month, t.day));
		assert_true(t.year >= 2025);
	}
	unsetenv("BANTU_TODAY");
	t = date_today();
	assert_true(date_valid(t.year, t.month, t.day));
	assert_true(t.year >= 2025);
}

static void test_date_cmp(void **state)
{
	(void)state;
	struct date a = { 2020, 5, 12 }, b = { 2020, 5, 13 }, c = { 2020, 6, 1 }, d = { 2021, 1, 1 };
	struct date a2 = { 2020, 5, 12 };
	assert_int_equal(date_cmp(&a, &a2), 0);
	assert_true(date_cmp(&a, &b) < 0);
	assert_true(date_cmp(&b, &a) > 0);
	assert_true(date_cmp(&b, &c) < 0);
	assert_true(date_cmp(&c, &d) < 0);
	assert_true(date_cmp(&d, &a) > 0);
}

static void test_date_days_known(void **state)
{
	(void)state;
	struct date epoch = { 1970, 1, 1 }, first = { 1900, 1, 1 }, last = { 2100, 12, 31 };
	struct date leap = { 2000, 2, 29 }, mar = { 2000, 3, 1 }, eve = { 1969, 12, 31 };
	assert_int_equal(date_to_days(&epoch), 0);
	assert_int_equal(date_to_days(&eve), -1);
	assert_int_equal(date_to_days(&first), -25567);
	assert_int_equal(date_to_days(&last), 47846);
	assert_int_equal(date_to_days(&leap), 11016);
	assert_int_equal(date_to_days(&mar), 11017);
	struct date d = date_from_days(-25567);
	assert_int_equal(date_cmp(&d, &first), 0);
	d = date_from_days(11016);
	assert_int_equal(date_cmp(&d, &leap), 0);
}

/* Every day from 1 Jan 1900 to 31 Dec 2100, walked by the calendar. */
static void test_date_days_every_day(void **state)
{
	(void)state;
	int64_t want = -25567;
	long count = 0;
	for (int y = 1900; y <= 2100; y++) {
		for (int m = 1; m <= 12; m++) {
			for (int day = 1; day <= date_days_in_month(y, m); day++) {
				struct date d = { y, m, day };
				int64_t n = date_to_days(&d);
				if (n != want)
					fail_msg("%04d-%02d-%02d -> %lld, want %lld", y, m, day,
						 (long long)n, (long long)want);
				struct date back = date_from_days(n);
				if (date_cmp(&back, &d) != 0)
					fail_msg("%lld -> %04d-%02d-%02d, want %04d-%02d-%02d",
						 (long long)n, back.year, back.month, back.day, y, m, day);
				want++;
				count++;
			}
		}
	}
	/* 201 years, 49 of them leap (1904..2096 less 1900 and 2100, plus 2000) */
	assert_int_equal(count, 201 * 365 + 49);
	assert_int_equal(want, 47847);
}

static void test_date_age(void **state)
{
	(void)state;
	struct date birth = { 2000, 5, 12 };
	struct date on;
	on = (struct date){ 2020, 5, 11 };
	assert_int_equal(date_age(&birth, &on), 19);
	on = (struct date){ 2020, 5, 12 };
	assert_int_equal(date_age(&birth, &on), 20);
	on = (struct date){ 2020, 5, 13 };
	assert_int_equal(date_age(&birth, &on), 20);
	on = (struct date){ 2020, 4, 30 };
	assert_int_equal(date_age(&birth, &on), 19);
	on = (struct date){ 2020, 12, 31 };
	assert_int_equal(date_age(&birth, &on), 20);
	on = (struct date){ 2000, 5, 12 };
	assert_int_equal(date_age(&birth, &on), 0);
	on = (struct date){ 2001, 5, 11 };
	assert_int_equal(date_age(&birth, &on), 0);
	on = (struct date){ 2000, 5, 11 };
	assert_int_equal(date_age(&birth, &on), -1);

	/* born on a leap day: a year older on 1 March in other years */
	struct date leap = { 2000, 2, 29 };
	on = (struct date){ 2021, 2, 28 };
	assert_int_equal(date_age(&leap, &on), 20);
	on = (struct date){ 2021, 3, 1 };
	assert_int_equal(date_age(&leap, &on), 21);
	on = (struct date){ 2024, 2, 28 };
	assert_int_equal(date_age(&leap, &on), 23);
	on = (struct date){ 2024, 2, 29 };
	assert_int_equal(date_age(&leap, &on), 24);

	struct date old = { 1900, 1, 1 }, end = { 2100, 12, 31 };
	assert_int_equal(date_age(&old, &end), 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_parse_forms),
		cmocka_unit_test(test_money_parse_refuses),
		cmocka_unit_test(test_money_messages_en),
		cmocka_unit_test_teardown(test_money_messages_id, restore),
		cmocka_unit_test(test_money_format),
		cmocka_unit_test(test_money_round_trip),
		cmocka_unit_test(test_date_valid_and_days_in_month),
		cmocka_unit_test(test_date_parse_forms),
		cmocka_unit_test(test_date_parse_leap_years),
		cmocka_unit_test_teardown(test_date_century_prefers_a_real_date, restore),
		cmocka_unit_test(test_date_parse_refuses),
		cmocka_unit_test_teardown(test_date_messages, restore),
		cmocka_unit_test(test_date_format),
		cmocka_unit_test_teardown(test_date_format_long_id, restore),
		cmocka_unit_test_teardown(test_date_today, restore),
		cmocka_unit_test(test_date_cmp),
		cmocka_unit_test(test_date_days_known),
		cmocka_unit_test(test_date_days_every_day),
		cmocka_unit_test(test_date_age),
	};
	return cmocka_run_group_tests(tests, setup_group, NULL);
}
