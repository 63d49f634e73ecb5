/* test_validate.c - NIK, NIB, NPWP, KBLI, phone numbers and the Luhn check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/i18n.h"
#include "core/util.h"
#include "model/validate.h"

#define TODAY "2025-06-15" /* fixed "today" for the NIK century rule */

static int setup_group(void **state)
{
	(void)state;
	setenv("BANTU_LOCALEDIR", "build/locale", 0);
	setenv("BANTU_TODAY", TODAY, 1);
	i18n_init("en");
	return 0;
}

static int restore(void **state)
{
	(void)state;
	i18n_init("en");
	setenv("BANTU_TODAY", TODAY, 1);
	return 0;
}

/* ---- NIK ---- */

/* Accepted; returns what it says (out must be want_digits). */
static struct nik_info check_nik_ok(const char *in, const char *want_digits, int line)
{
	char out[17] = "x";
	struct nik_info info;
	struct err e;
	err_clear(&e);
	memset(&info, 0x5a, sizeof(info));
	if (!nik_check(in, out, &info, &e))
		fail_msg("line %d: NIK \"%s\" refused: %s", line, in, e.msg);
	if (strcmp(out, want_digits) != 0)
		fail_msg("line %d: NIK \"%s\" -> \"%s\", want \"%s\"", line, in, out, want_digits);
	return info;
}
#define NIK_OK(in, digits) check_nik_ok((in), (digits), __LINE__)

/* Refused with code 1, out left empty; returns the message. */
static const char *check_nik_bad(const char *in, int line)
{
	static struct err e;
	char out[17] = "stale";
	struct nik_info info;
	err_clear(&e);
	if (nik_check(in, out, &info, &e))
		fail_msg("line %d: NIK \"%s\" accepted", line, in ? in : "(null)");
	assert_string_equal(out, "");
	assert_int_equal(e.code, 1);
	assert_true(strlen(e.msg) > 10);
	return e.msg;
}
#define NIK_BAD(in) check_nik_bad((in), __LINE__)

static void assert_birth(struct nik_info i, int y, int m, int d)
{
	assert_int_equal(i.birth.year, y);
	assert_int_equal(i.birth.month, m);
	assert_int_equal(i.birth.day, d);
}

static void test_nik_valid_and_info(void **state)
{
	(void)state;
	/* a woman born 12 May 1990: day 12 + 40 = 52 */
	struct nik_info i = NIK_OK("1871015205900001", "1871015205900001");
	assert_string_equal(i.region, "18.71.01");
	assert_birth(i, 1990, 5, 12);
	assert_true(i.female);
	assert_int_equal(i.serial, 1);

	/* a man born the same day */
	i = NIK_OK("3273011205909999", "3273011205909999");
	assert_string_equal(i.region, "32.73.01");
	assert_birth(i, 1990, 5, 12);
	assert_false(i.female);
	assert_int_equal(i.serial, 9999);

	i = NIK_OK("1101013112000123", "1101013112000123");
	assert_string_equal(i.region, "11.01.01");
	assert_birth(i, 2000, 12, 31);
	assert_int_equal(i.serial, 123);

	/* info may be NULL */
	char out[17];
	struct err e;
	assert_true(nik_check("1871015205900001", out, NULL, &e));
	assert_string_equal(out, "1871015205900001");
	/* e may be NULL */
	assert_false(nik_check("123", out, NULL, NULL));
}

static void test_nik_punctuation(void **state)
{
	(void)state;
	NIK_OK("1871 0152 0590 0001", "1871015205900001");
	NIK_OK("18.71.01.520590.0001", "1871015205900001");
	NIK_OK("18-71-01-520590-0001", "1871015205900001");
	NIK_OK("  1871015205900001  ", "1871015205900001");
	NIK_OK("\t1871 01 520590 0001", "1871015205900001");
	struct nik_info i = NIK_OK("18.71.01.520590.0001", "1871015205900001");
	assert_string_equal(i.region, "18.71.01");
	NIK_BAD("1871/0152/0590/0001");
	NIK_BAD("1871_015205900001");
}

static void test_nik_women_days(void **state)
{
	(void)state;
	struct nik_info i = NIK_OK("1871014101900001", "1871014101900001"); /* day 41 = 1 Jan */
	assert_true(i.female);
	assert_birth(i, 1990, 1, 1);
	i = NIK_OK("1871017101900001", "1871017101900001"); /* day 71 = 31 Jan */
	assert_true(i.female);
	assert_birth(i, 1990, 1, 31);
	i = NIK_OK("1871010101900001", "1871010101900001"); /* a man, 1 Jan */
	assert_false(i.female);
	i = NIK_OK("1871013101900001", "1871013101900001"); /* a man, 31 Jan */
	assert_false(i.female);
	assert_birth(i, 1990, 1, 31);

	NIK_BAD("1871017201900001"); /* 72 */
	NIK_BAD("1871014001900001"); /* 40 */
	assert_string_equal(NIK_BAD("1871013201900001"), /* 32 */
			    "NIK 1871013201900001: birth date 320190: day 32 is not possible (01-31 for men, 41-71 for women)");
	for (int day = 32; day <= 40; day++) {
		char nik[32];
		snprintf(nik, sizeof(nik), "187101%02d01900001", day);
		NIK_BAD(nik);
	}
	NIK_BAD("1871010001900001"); /* 00 */
	NIK_BAD("1871019901900001"); /* 99 */
	NIK_BAD("1871017104900001"); /* a woman born 31 April */
	NIK_BAD("1871013104900001"); /* a man born 31 April */
	NIK_OK("1871017004900001", "1871017004900001"); /* 30 April */
	assert_string_equal(NIK_BAD("1871013601900001"),
			    "NIK 1871013601900001: birth date 360190: day 36 is not possible (01-31 for men, 41-71 for women)");
}

static void test_nik_leap_days(void **state)
{
	(void)state;
	struct nik_info i = NIK_OK("1871012902000001", "1871012902000001"); /* 29 Feb 2000 */
	assert_birth(i, 2000, 2, 29);
	i = NIK_OK("1871016902000001", "1871016902000001"); /* a woman, 29 Feb 2000 */
	assert_birth(i, 2000, 2, 29);
	assert_true(i.female);
	i = NIK_OK("1871012902240001", "1871012902240001"); /* 29 Feb 2024 */
	assert_birth(i, 2024, 2, 29);
	i = NIK_OK("1871012902960001", "1871012902960001"); /* 96 is after 2025: 1996 */
	assert_birth(i, 1996, 2, 29);
	NIK_BAD("1871012902210001"); /* 2021 */
	NIK_BAD("1871016902210001");
	NIK_BAD("1871013002000001"); /* 30 Feb */
	assert_string_equal(NIK_BAD("1871012902210001"),
			    "NIK 1871012902210001: birth date 290221: 2021 is not a leap year, so February has only 28 days");
	assert_string_equal(NIK_BAD("1871013102900001"),
			    "NIK 1871013102900001: birth date 310290: February 1990 has only 28 days");
	assert_string_equal(NIK_BAD("1871011513900001"),
			    "NIK 1871011513900001: birth date 151390: there is no month 13; months are 01 to 12");
	NIK_BAD("1871011500900001"); /* month 00 */
}

static void test_nik_century(void **state)
{
	(void)state;
	/* today is 2025: 25 is this year, 26 is last century */
	struct nik_info i = NIK_OK("1871010101250001", "1871010101250001");
	assert_birth(i, 2025, 1, 1);
	i = NIK_OK("1871010101260001", "1871010101260001");
	assert_birth(i, 1926, 1, 1);
	i = NIK_OK("1871010101000001", "1871010101000001");
	assert_birth(i, 2000, 1, 1);

	setenv("BANTU_TODAY", "2030-07-01", 1);
	i = NIK_OK("1871010101300001", "1871010101300001");
	assert_birth(i, 2030, 1, 1);
	i = NIK_OK("1871010101260001", "1871010101260001");
	assert_birth(i, 2026, 1, 1);

	/* In 1999, 00 is 1900, except that 29 Feb 1900 does not exist */
	setenv("BANTU_TODAY", "1999-12-31", 1);
	i = NIK_OK("1871010101000001", "1871010101000001");
	assert_birth(i, 1900, 1, 1);
	i = NIK_OK("1871012902000001", "1871012902000001");
	assert_birth(i, 2000, 2, 29);
}

static void test_nik_serial_and_region(void **state)
{
	(void)state;
	assert_string_equal(NIK_BAD("1871015205900000"),
			    "NIK 1871015205900000: the last 4 digits (serial number) cannot be 0000");
	struct nik_info i = NIK_OK("1871015205900010", "1871015205900010");
	assert_int_equal(i.serial, 10);

	assert_string_equal(NIK_BAD("0071015205900001"),
			    "NIK 0071015205900001: province code 00 does not exist (11 to 99); check the first 2 digits");
	NIK_BAD("1071015205900001");
	NIK_BAD("0971015205900001");
	NIK_OK("1171015205900001", "1171015205900001");
	i = NIK_OK("9971015205900001", "9971015205900001");
	assert_string_equal(i.region, "99.71.01");
	assert_string_equal(NIK_BAD("1800015205900001"),
			    "NIK 1800015205900001: regency/city code 00 does not exist; check digits 3-4");
	assert_string_equal(NIK_BAD("1871005205900001"),
			    "NIK 1871005205900001: district (kecamatan) code 00 does not exist; check digits 5-6");
}

static void test_nik_lengths_and_characters(void **state)
{
	(void)state;
	assert_string_equal(NIK_BAD("187101520590001"), "NIK must be 16 digits; 15 given");
	assert_string_equal(NIK_BAD("18710152059000011"), "NIK must be 16 digits; 17 given");
	assert_string_equal(NIK_BAD("1871 0152 0590 000"), "NIK must be 16 digits; 15 given");
	assert_string_equal(NIK_BAD("1"), "NIK must be 16 digits; 1 given");
	assert_string_equal(NIK_BAD("18710152059000011234567890123456789012345678901234567890"),
			    "NIK must be 16 digits; 56 given");
	assert_string_equal(NIK_BAD(""), "NIK is empty; type the 16 digits from the KTP");
	NIK_BAD(" . - ");
	NIK_BAD(NULL);
	assert_string_equal(NIK_BAD("18710152059O0001"),
			    "NIK may contain only digits; 'O' is not a digit");
	assert_string_equal(NIK_BAD("1871015205900001é"),
			    "NIK may contain only digits; 'é' is not a digit");
}

static void test_nik_messages_id(void **state)
{
	(void)state;
	assert_int_equal(i18n_init("id"), 0);
	assert_string_equal(NIK_BAD("187101520590001"), "NIK harus 16 digit; tertulis 15");
	assert_string_equal(NIK_BAD("1871015205900000"),
			    "NIK 1871015205900000: 4 digit terakhir (nomor urut) tidak boleh 0000");
	assert_string_equal(NIK_BAD("1871013102900001"),
			    "NIK 1871013102900001: tanggal lahir 310290: Februari 1990 hanya 28 hari");
	assert_string_equal(NIK_BAD("1871012902210001"),
			    "NIK 1871012902210001: tanggal lahir 290221: 2021 bukan tahun kabisat, jadi Februari hanya 28 hari");
	assert_string_equal(NIK_BAD("18710152059O0001"), "NIK hanya boleh berisi angka; 'O' bukan angka");
	assert_string_equal(NIK_BAD("1071015205900001"),
			    "NIK 1071015205900001: kode provinsi 10 tidak ada (11 sampai 99); periksa 2 digit pertama");
}

/* ---- NIB, KBLI ---- */

static void test_nib(void **state)
{
	(void)state;
	char out[14] = "x";
	struct err e;
	assert_true(nib_check("1234567890123", out, &e));
	assert_string_equal(out, "1234567890123");
	assert_true(nib_check(" 1234 5678 90123 ", out, &e));
	assert_string_equal(out, "1234567890123");
	assert_true(nib_check("12.3456.7890.123", out, &e));
	assert_string_equal(out, "1234567890123");

	assert_false(nib_check("123456789012", out, &e));
	assert_string_equal(e.msg, "NIB must be 13 digits; 12 given");
	assert_int_equal(e.code, 1);
	assert_string_equal(out, "");
	assert_false(nib_check("12345678901234", out, &e));
	assert_string_equal(e.msg, "NIB must be 13 digits; 14 given");
	assert_false(nib_check("", out, &e));
	assert_string_equal(e.msg, "NIB must be 13 digits; 0 given");
	assert_false(nib_check("123456789012A", out, &e));
	assert_string_equal(e.msg, "NIB may contain only digits; 'A' is not a digit");

	assert_int_equal(i18n_init("id"), 0);
	assert_false(nib_check("123456789012", out, &e));
	assert_string_equal(e.msg, "NIB harus 13 digit; tertulis 12");
}

static void test_kbli(void **state)
{
	(void)state;
	char out[6] = "x";
	struct err e;
	assert_true(kbli_check("47111", out, &e));
	assert_string_equal(out, "47111");
	assert_true(kbli_check(" 10792 ", out, &e));
	assert_string_equal(out, "10792");
	assert_true(kbli_check("01111", out, &e));
	assert_string_equal(out, "01111");

	assert_false(kbli_check("4711", out, &e));
	assert_string_equal(e.msg, "KBLI 2020 codes have 5 digits; 4 given");
	assert_string_equal(out, "");
	assert_false(kbli_check("471111", out, &e));
	assert_string_equal(e.msg, "KBLI 2020 codes have 5 digits; 6 given");
	assert_false(kbli_check("", out, &e));
	assert_false(kbli_check("4711a", out, &e));
	assert_string_equal(e.msg, "KBLI code may contain only digits; 'a' is not a digit");
}

/* ---- Luhn, NPWP ---- */

static void test_luhn(void **state)
{
	(void)state;
	assert_true(luhn_valid("79927398713", 11));
	assert_false(luhn_valid("79927398710", 11));
	assert_false(luhn_valid("79927398714", 11));
	assert_true(luhn_valid("4539578763621486", 16));
	assert_true(luhn_valid("0", 1));
	assert_true(luhn_valid("18", 2));   /* 1*2 + 8 = 10 */
	assert_true(luhn_valid("59", 2));   /* 5*2 = 10 -> 1, + 9 = 10 */
	assert_false(luhn_valid("19", 2));
	assert_false(luhn_valid("", 0));
	assert_false(luhn_valid(NULL, 3));
	assert_false(luhn_valid("7992739871a", 11));
	/* only the first n digits count */
	assert_true(luhn_valid("0123456749", 9));
	assert_false(luhn_valid("0123456789", 9));

	/* For any payload exactly one check digit works, and changing any
	 * single digit of a valid number breaks it. */
	char num[24];
	for (int payload = 0; payload < 100000000; payload += 7654321) {
		int good = 0, which = -1;
		for (int c = 0; c <= 9; c++) {
			snprintf(num, sizeof(num), "%08d%d", payload, c);
			if (luhn_valid(num, 9)) {
				good++;
				which = c;
			}
		}
		assert_int_equal(good, 1);
		snprintf(num, sizeof(num), "%08d%d", payload, which);
		for (int pos = 0; pos < 9; pos++) {
			char orig = num[pos];
			for (char c = '0'; c <= '9'; c++) {
				if (c == orig)
					continue;
				num[pos] = c;
				assert_false(luhn_valid(num, 9));
			}
			num[pos] = orig;
		}
	}
}

static void test_npwp(void **state)
{
	(void)state;
	char out[17] = "x";
	struct err e;
	/* 01.234.567 + check digit: 0 1 2 3 4 5 6 7 with every second from the
	 * right doubled is 26, so the check digit is 4. */
	assert_true(npwp_check("01.234.567.4-901.000", out, &e));
	assert_string_equal(out, "012345674901000");
	assert_true(npwp_check("012345674901000", out, &e));
	assert_string_equal(out, "012345674901000");
	assert_true(npwp_check("01 234 567 4 901 000", out, &e));
	assert_string_equal(out, "012345674901000");
	/* 79.927.398 needs check digit 2 */
	assert_true(npwp_check("79.927.398.2-000.000", out, &e));
	assert_false(npwp_check("79.927.398.3-000.000", out, &e));

	/* one digit off */
	assert_false(npwp_check("01.234.567.8-901.000", out, &e));
	assert_string_equal(e.msg,
			    "NPWP 012345678901000: the check digit (9th digit) does not match; check the first 9 digits for a typing mistake");
	assert_string_equal(out, "");
	assert_false(npwp_check("01.234.576.4-901.000", out, &e)); /* two digits swapped */
	assert_false(npwp_check("11.234.567.4-901.000", out, &e));

	/* new form: 16 digits (NIK-based), no check digit */
	assert_true(npwp_check("1871015205900001", out, &e));
	assert_string_equal(out, "1871015205900001");
	assert_true(npwp_check("1871 0152 0590 0001", out, &e));
	assert_string_equal(out, "1871015205900001");

	assert_false(npwp_check("01.234.567.4-901.00", out, &e));
	assert_string_equal(e.msg, "NPWP must be 15 digits (old form) or 16 digits (new form); 14 given");
	assert_false(npwp_check("18710152059000011", out, &e));
	assert_string_equal(e.msg, "NPWP must be 15 digits (old form) or 16 digits (new form); 17 given");
	assert_false(npwp_check("", out, &e));
	assert_false(npwp_check("01.234.567.4/901.000", out, &e));
	assert_string_equal(e.msg, "NPWP may contain only digits; '/' is not a digit");

	assert_int_equal(i18n_init("id"), 0);
	assert_false(npwp_check("01.234.567.8-901.000", out, &e));
	assert_string_equal(e.msg,
			    "NPWP 012345678901000: digit pemeriksa (digit ke-9) tidak cocok; periksa 9 digit pertama, mungkin salah ketik");
}

/* ---- phone ---- */

static void check_phone_ok(const char *in, const char *want, int line)
{
	char out[20] = "x";
	struct err e;
	err_clear(&e);
	if (!phone_check(in, out, &e))
		fail_msg("line %d: phone \"%s\" refused: %s", line, in, e.msg);
	if (strcmp(out, want) != 0)
		fail_msg("line %d: phone \"%s\" -> \"%s\", want \"%s\"", line, in, out, want);
}
#define PHONE_OK(in, want) check_phone_ok((in), (want), __LINE__)

static const char *check_phone_bad(const char *in, int line)
{
	static struct err e;
	char out[20] = "stale";
	err_clear(&e);
	if (phone_check(in, out, &e))
		fail_msg("line %d: phone \"%s\" accepted as %s", line, in ? in : "(null)", out);
	assert_string_equal(out, "");
	assert_int_equal(e.code, 1);
	assert_true(strlen(e.msg) > 10);
	return e.msg;
}
#define PHONE_BAD(in) check_phone_bad((in), __LINE__)

static void test_phone_forms(void **state)
{
	(void)state;
	PHONE_OK("081234567890", "+6281234567890");
	PHONE_OK("0812-3456-7890", "+6281234567890");
	PHONE_OK("0812 3456 7890", "+6281234567890");
	PHONE_OK("0812.3456.7890", "+6281234567890");
	PHONE_OK("+62 812 3456 7890", "+6281234567890");
	PHONE_OK("+6281234567890", "+6281234567890");
	PHONE_OK("62 812 3456 7890", "+6281234567890");
	PHONE_OK("6281234567890", "+6281234567890");
	PHONE_OK("(0812) 345-678", "+62812345678");
	PHONE_OK("+62 (0)812 3456 7890", "+6281234567890");
	PHONE_OK("0062 812 3456 7890", "+6281234567890");
	PHONE_OK("  0812 3456 7890  ", "+6281234567890");
	/* 08 + 8 digits is the shortest, 08 + 11 the longest */
	PHONE_OK("0812345678", "+62812345678");
	PHONE_OK("0812345678901", "+62812345678901");
	PHONE_OK("+62 812345678901", "+62812345678901");
	PHONE_OK("0895 1234 5678", "+6289512345678");
}

static void test_phone_refuses(void **state)
{
	(void)state;
	assert_string_equal(PHONE_BAD("081234567"),
			    "Mobile number 081234567 has 9 digits; Indonesian mobile numbers have 10 to 13 digits including the 0 (08...)");
	assert_string_equal(PHONE_BAD("08123456789012"),
			    "Mobile number 08123456789012 has 14 digits; Indonesian mobile numbers have 10 to 13 digits including the 0 (08...)");
	PHONE_BAD("+62 81234567");
	PHONE_BAD("+62 8123456789012");
	const char *landline = "This is a landline number; a mobile number (08...) is needed so the office can reach the owner on WhatsApp";
	assert_string_equal(PHONE_BAD("021 555 1234"), landline);
	assert_string_equal(PHONE_BAD("(021) 5551234"), landline);
	assert_string_equal(PHONE_BAD("0721 123456"), landline);
	assert_string_equal(PHONE_BAD("+62 21 5551234"), landline);
	assert_string_equal(PHONE_BAD("+1 555 123 4567"),
			    "Only Indonesian mobile numbers (+62 or 08...) can be stored");
	assert_string_equal(PHONE_BAD("812 3456 7890"),
			    "Phone number must start with 08 or +62, e.g. 0812 3456 7890");
	PHONE_BAD("0");
	PHONE_BAD("62");
	assert_string_equal(PHONE_BAD(""),
			    "Phone number is empty; type a mobile number such as 0812 3456 7890");
	PHONE_BAD("  - ");
	PHONE_BAD(NULL);
	assert_string_equal(PHONE_BAD("0812a3456789"),
			    "Phone number may contain only digits, spaces, dashes, brackets and a leading +; 'a' is not allowed");
	PHONE_BAD("0812+3456789");
	PHONE_BAD("++6281234567890");
	assert_string_equal(PHONE_BAD("081234567890123456789012"),
			    "Phone number has 24 digits, too many for a mobile number; type it as 08... (10 to 13 digits)");
}

static void test_phone_messages_id(void **state)
{
	(void)state;
	assert_int_equal(i18n_init("id"), 0);
	assert_string_equal(PHONE_BAD("021 555 1234"),
			    "Ini nomor telepon rumah/kantor; diperlukan nomor HP (08...) agar dinas dapat menghubungi pemilik lewat WhatsApp");
	assert_string_equal(PHONE_BAD("081234567"),
			    "Nomor HP 081234567 terdiri dari 9 digit; nomor HP Indonesia 10 sampai 13 digit termasuk 0 (08...)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nik_valid_and_info),
		cmocka_unit_test(test_nik_punctuation),
		cmocka_unit_test(test_nik_women_days),
		cmocka_unit_test(test_nik_leap_days),
		cmocka_unit_test_teardown(test_nik_century, restore),
		cmocka_unit_test(test_nik_serial_and_region),
		cmocka_unit_test(test_nik_lengths_and_characters),
		cmocka_unit_test_teardown(test_nik_messages_id, restore),
		cmocka_unit_test_teardown(test_nib, restore),
		cmocka_unit_test(test_kbli),
		cmocka_unit_test(test_luhn),
		cmocka_unit_test_teardown(test_npwp, restore),
		cmocka_unit_test(test_phone_forms),
		cmocka_unit_test(test_phone_refuses),
		cmocka_unit_test_teardown(test_phone_messages_id, restore),
	};
	return cmocka_run_group_tests(tests, setup_group, NULL);
}
