/* validate.c - NIK, NIB, NPWP, KBLI and mobile phone numbers as clerks type them. */
#include "model/validate.h"

#include <stdio.h>

#include "core/i18n.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Collects the digits of in, skipping the punctuation clerks use to group them
 * (spaces, tabs, dots, dashes, and also '(' ')' when parens is true). Writes at
 * most size-1 digits to out (always terminated) and returns how many digits in
 * holds in all. On any other character returns -1 with *bad pointing at it.
 */
static long collect_digits(const char *in, bool parens, char *out, size_t size, const char **bad)
{
	long n = 0;
	if (size)
		out[0] = '\0';
	for (const char *p = in ? in : ""; *p; p++) {
		if (is_digit(*p)) {
			if ((size_t)n + 1 < size) {
				out[n] = *p;
				out[n + 1] = '\0';
			}
			n++;
		} else if (*p == ' ' || *p == '\t' || *p == '.' || *p == '-' ||
			   (parens && (*p == '(' || *p == ')'))) {
			continue;
		} else {
			*bad = p;
			return -1;
		}
	}
	return n;
}

/* English month names, translated by the catalogue for messages. */
static const char *const month_names[12] = {
	N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
	N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
	N_("December"),
};

static int two(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/* The year of DDMMYY's YY, as date_parse chooses it: 20YY when not after this
 * year, else 19YY, unless only the other century gives a real date. */
static int nik_year(int yy, int month, int day)
{
	int this_year = date_today().year;
	int first = 2000 + yy <= this_year ? 2000 + yy : 1900 + yy;
	int other = first >= 2000 ? 1900 + yy : 2000 + yy;
	if (!date_valid(first, month, day) && date_valid(other, month, day))
		return other;
	return first;
}

bool nik_check(const char *in, char out[17], struct nik_info *info, struct err *e)
{
	char d[17];
	const char *bad = NULL;
	out[0] = '\0';
	long n = collect_digits(in, false, d, sizeof(d), &bad);
	if (n < 0)
		return err_set(e, 1, _("NIK may contain only digits; '%.*s' is not a digit"),
			       utf8_char_len(bad), bad);
	if (n == 0)
		return err_set(e, 1, "%s", _("NIK is empty; type the 16 digits from the KTP"));
	if (n != 16)
		return err_set(e, 1, _("NIK must be 16 digits; %ld given"), n);

	int prov = two(d), kab = two(d + 2), kec = two(d + 4);
	if (prov < 11)
		return err_set(e, 1, _("NIK %s: province code %.2s does not exist (11 to 99); check the first 2 digits"),
			       d, d);
	if (kab == 0)
		return err_set(e, 1, _("NIK %s: regency/city code 00 does not exist; check digits 3-4"), d);
	if (kec == 0)
		return err_set(e, 1, _("NIK %s: district (kecamatan) code 00 does not exist; check digits 5-6"), d);

	int day = two(d + 6), month = two(d + 8), yy = two(d + 10);
	bool female = day > 40;
	if (female)
		day -= 40;
	if (day < 1 || day > 31)
		return err_set(e, 1, _("NIK %s: birth date %.6s: day %.2s is not possible (01-31 for men, 41-71 for women)"),
			       d, d + 6, d + 6);
	if (month < 1 || month > 12)
		return err_set(e, 1, _("NIK %s: birth date %.6s: there is no month %.2s; months are 01 to 12"),
			       d, d + 6, d + 8);
	int year = nik_year(yy, month, day);
	if (!date_valid(year, month, day)) {
		if (month == 2 && day == 29)
			return err_set(e, 1, _("NIK %s: birth date %.6s: %d is not a leap year, so February has only 28 days"),
				       d, d + 6, year);
		return err_set(e, 1, _("NIK %s: birth date %.6s: %s %d has only %d days"), d, d + 6,
			       _(month_names[month - 1]), year, date_days_in_month(year, month));
	}
	int serial = two(d + 12) * 100 + two(d + 14);
	if (serial == 0)
		return err_set(e, 1, _("NIK %s: the last 4 digits (serial number) cannot be 0000"), d);

	memcpy(out, d, 17);
	if (info) {
		snprintf(info->region, sizeof(info->region), "%.2s.%.2s.%.2s", d, d + 2, d + 4);
		info->birth.year = year;
		info->birth.month = month;
		info->birth.day = day;
		info->female = female;
		info->serial = serial;
	}
	return true;
}

bool nib_check(const char *in, char out[14], struct err *e)
{
	char d[14];
	const char *bad = NULL;
	out[0] = '\0';
	long n = collect_digits(in, false, d, sizeof(d), &bad);
	if (n < 0)
		return err_set(e, 1, _("NIB may contain only digits; '%.*s' is not a digit"),
			       utf8_char_len(bad), bad);
	if (n != 13)
		return err_set(e, 1, _("NIB must be 13 digits; %ld given"), n);
	memcpy(out, d, 14);
	return true;
}

bool kbli_check(const char *in, char out[6], struct err *e)
{
	char d[6];
	const char *bad = NULL;
	out[0] = '\0';
	long n = collect_digits(in, false, d, sizeof(d), &bad);
	if (n < 0)
		return err_set(e, 1, _("KBLI code may contain only digits; '%.*s' is not a digit"),
			       utf8_char_len(bad), bad);
	if (n != 5)
		return err_set(e, 1, _("KBLI 2020 codes have 5 digits; %ld given"), n);
	memcpy(out, d, 6);
	return true;
}

bool npwp_check(const char *in, char out[17], struct err *e)
{
	char d[17];
	const char *bad = NULL;
	out[0] = '\0';
	long n = collect_digits(in, false, d, sizeof(d), &bad);
	if (n < 0)
		return err_set(e, 1, _("NPWP may contain only digits; '%.*s' is not a digit"),
			       utf8_char_len(bad), bad);
	if (n != 15 && n != 16)
		return err_set(e, 1, _("NPWP must be 15 digits (old form) or 16 digits (new form); %ld given"), n);
	if (n == 15 && !luhn_valid(d, 9))
		return err_set(e, 1, _("NPWP %s: the check digit (9th digit) does not match; check the first 9 digits for a typing mistake"),
			       d);
	memcpy(out, d, 17);
	return true;
}

bool phone_check(const char *in, char out[20], struct err *e)
{
	const char *p = in ? in : "";
	while (*p == ' ' || *p == '\t')
		p++;
	bool plus = *p == '+';
	if (plus)
		p++;
	char d[20];
	const char *bad = NULL;
	out[0] = '\0';
	long n = collect_digits(p, true, d, sizeof(d), &bad);
	if (n < 0)
		return err_set(e, 1, _("Phone number may contain only digits, spaces, dashes, brackets and a leading +; '%.*s' is not allowed"),
			       utf8_char_len(bad), bad);
	if (n == 0)
		return err_set(e, 1, "%s", _("Phone number is empty; type a mobile number such as 0812 3456 7890"));
	if (n >= (long)sizeof(d))
		return err_set(e, 1, _("Phone number has %ld digits, too many for a mobile number; type it as 08... (10 to 13 digits)"), n);

	/* The subscriber part after the country code or the trunk 0. */
	const char *sub;
	if (d[0] == '6' && d[1] == '2') {
		sub = d + 2;
		if (sub[0] == '0' && sub[1] == '8') /* "+62 (0)812...": the 0 is not dialled */
			sub++;
	} else if (!plus && strncmp(d, "0062", 4) == 0) { /* international prefix */
		sub = d + 4;
		if (sub[0] == '0' && sub[1] == '8') /* likewise "0062 (0)812..." */
			sub++;
	} else if (plus) {
		return err_set(e, 1, "%s", _("Only Indonesian mobile numbers (+62 or 08...) can be stored"));
	} else if (d[0] == '0') {
		sub = d + 1;
	} else {
		return err_set(e, 1, "%s", _("Phone number must start with 08 or +62, e.g. 0812 3456 7890"));
	}
	if (sub[0] == '\0')
		return err_set(e, 1, "%s", _("Phone number must start with 08 or +62, e.g. 0812 3456 7890"));
	if (sub[0] != '8')
		return err_set(e, 1, "%s", _("This is a landline number; a mobile number (08...) is needed so the office can reach the owner on WhatsApp"));
	size_t len = strlen(sub);
	if (len < 9 || len > 12)
		return err_set(e, 1, _("Mobile number 0%s has %zu digits; Indonesian mobile numbers have 10 to 13 digits including the 0 (08...)"),
			       sub, len + 1);
	snprintf(out, 20, "+62%.12s", sub); /* len <= 12 checked above */
	return true;
}

bool luhn_valid(const char *digits, size_t n)
{
	if (!digits || n == 0)
		return false;
	int sum = 0;
	bool twice = false;
	for (size_t i = n; i-- > 0;) {
		if (!is_digit(digits[i]))
			return false;
		int v = digits[i] - '0';
		if (twice) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
		twice = !twice;
	}
	return sum % 10 == 0;
}
