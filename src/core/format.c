/* format.c - Rupiah, plain numbers and dates as clerks type and read them. */
#include "format.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "clock.h"
#include "i18n.h"

#define MONEY_MAX INT64_C(1000000000000000) /* 10^15 Rupiah */
#define YEAR_MIN 1900
#define YEAR_MAX 2100

static const char *const month_en[12] = {
	N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
	N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
	N_("December"),
};

/* Long dates must not depend on the catalogue being found, so the Indonesian
 * names are also kept here (po/id/format.po has the same words). */
static const char *const month_id[12] = {
	"Januari", "Februari", "Maret", "April", "Mei", "Juni",
	"Juli", "Agustus", "September", "Oktober", "November", "Desember",
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static char to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* The input without surrounding whitespace: [*start, *start + *len). */
static void trimmed(const char *s, const char **start, int *len)
{
	while (*s && is_space(*s))
		s++;
	size_t n = strlen(s);
	while (n && is_space(s[n - 1]))
		n--;
	*start = s;
	*len = n > 200 ? 200 : (int)n; /* enough to quote in a message */
}

/* ---- money ---- */

/* Skips "Rp", "Rp.", "IDR" and the spaces after them; returns the rest. */
static const char *skip_currency(const char *p)
{
	if (to_lower(p[0]) == 'r' && to_lower(p[1]) == 'p')
		p += 2;
	else if (to_lower(p[0]) == 'i' && to_lower(p[1]) == 'd' && to_lower(p[2]) == 'r')
		p += 3;
	else
		return p;
	if (*p == '.')
		p++;
	while (is_space(*p))
		p++;
	return p;
}

bool money_parse(const char *s, int64_t *out, struct err *e)
{
	const char *in;
	int inlen;
	trimmed(s ? s : "", &in, &inlen);
	if (inlen == 0)
		return err_set(e, 1, "%s", _("The amount is empty; type it in whole Rupiah, e.g. 2.500.000"));

	const char *p = in;
	if (*p == '-')
		return err_set(e, 1, _("%.*s: the amount cannot be negative; type it without '-'"),
			       inlen, in);
	p = skip_currency(p);
	if (*p == '-')
		return err_set(e, 1, _("%.*s: the amount cannot be negative; type it without '-'"),
			       inlen, in);
	if (!is_digit(*p)) {
		if (p >= in + inlen)
			return err_set(e, 1, _("%.*s: no amount after the currency; type e.g. Rp2.500.000"),
				       inlen, in);
		return err_set(e, 1, _("%.*s: '%.*s' does not belong in an amount; type digits, e.g. Rp2.500.000"),
			       inlen, in, utf8_char_len(p), p);
	}

	int64_t v = 0;
	int group = 0;       /* digits in the current group */
	int groups = 0;      /* groups before the current one */
	bool separated = false;
	for (;;) {
		if (is_digit(*p)) {
			v = v * 10 + (*p - '0');
			if (v > MONEY_MAX)
				return err_set(e, 1, _("%.*s: the amount is too large; the most is Rp1.000.000.000.000.000"),
					       inlen, in);
			group++;
			p++;
			continue;
		}
		bool sep = (*p == '.' || *p == ' ') && is_digit(p[1]);
		if (sep || *p == '.') {
			/* A thousands separator: the group before it is 1-3 digits when it
			 * is the first, exactly 3 otherwise; the next must be 3 as well. */
			if ((groups == 0 && group > 3) || (groups > 0 && group != 3) || !sep)
				goto bad_group;
			separated = true;
			groups++;
			group = 0;
			p++;
			continue;
		}
		break;
	}
	if (separated && group != 3)
		goto bad_group;

	if (*p == ',') {
		p++;
		if (*p == '-') { /* "2.500,-": Indonesian for "no cents" */
			p++;
		} else if (!is_digit(*p)) {
			return err_set(e, 1, _("%.*s: a comma must be followed by the decimals (,00); leave both out for whole Rupiah"),
				       inlen, in);
		}
		bool fraction = false;
		while (is_digit(*p)) {
			if (*p != '0')
				fraction = true;
			p++;
		}
		if (fraction)
			return err_set(e, 1, _("%.*s: amounts are in whole Rupiah; leave out the part after the comma"),
				       inlen, in);
	}
	if (p < in + inlen)
		return err_set(e, 1, _("%.*s: '%.*s' does not belong in an amount; type digits, e.g. Rp2.500.000"),
			       inlen, in, utf8_char_len(p), p);
	*out = v;
	return true;

bad_group:
	return err_set(e, 1, _("%.*s: dots separate thousands, every 3 digits (2.500.000); decimals start with a comma"),
		       inlen, in);
}

/* Writes the digits of |v| with a dot every three, after prefix (and '-' when v < 0). */
static char *grouped(int64_t v, const char *prefix, char *buf, size_t size)
{
	char rev[40];
	size_t n = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int digits = 0;
	do {
		if (digits && digits % 3 == 0)
			rev[n++] = '.';
		rev[n++] = (char)('0' + u % 10);
		u /= 10;
		digits++;
	} while (u);
	char num[40];
	for (size_t i = 0; i < n; i++)
		num[i] = rev[n - 1 - i];
	num[n] = '\0';
	if (size)
		snprintf(buf, size, "%s%s%s", v < 0 ? "-" : "", prefix, num);
	return buf;
}

char *money_format(int64_t v, char *buf, size_t size)
{
	return grouped(v, "Rp", buf, size);
}

char *number_format(int64_t v, char *buf, size_t size)
{
	return grouped(v, "", buf, size);
}

/* ---- dates ---- */

static bool is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && is_leap(year))
		return 29;
	return days[month - 1];
}

bool date_valid(int year, int month, int day)
{
	return year >= YEAR_MIN && year <= YEAR_MAX && day >= 1 &&
	       day <= date_days_in_month(year, month);
}

/* The month's name in the language of the messages (through the catalogue). */
static const char *month_msg_name(int month)
{
	return _(month_en[month - 1]);
}

/* Reads 1..max digits at *p into *v; returns how many were read (0: none). */
static int read_num(const char **p, int max, int *v)
{
	int n = 0;
	*v = 0;
	while (is_digit(**p) && n < max + 1) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n;
}

/* 20YY when that is not after this year, else 19YY; but when only the other
 * century makes (day, month) a real date (29 Feb 00), that one. */
static int century_year(int yy, int month, int day)
{
	int this_year = date_today().year;
	int first = 2000 + yy <= this_year ? 2000 + yy : 1900 + yy;
	int other = first >= 2000 ? 1900 + yy : 2000 + yy;
	if (!date_valid(first, month, day) && date_valid(other, month, day))
		return other;
	return first;
}

/* Checks the parts of a typed date; sets e naming what is wrong. */
static bool check_parts(const char *in, int inlen, int y, int m, int d, struct err *e)
{
	if (y < YEAR_MIN || y > YEAR_MAX)
		return err_set(e, 1, _("%.*s: the year must be between 1900 and 2100"), inlen, in);
	if (m < 1 || m > 12)
		return err_set(e, 1, _("%.*s: there is no month %d; months are 1 to 12"), inlen, in, m);
	int max = date_days_in_month(y, m);
	if (d < 1)
		return err_set(e, 1, _("%.*s: there is no day 0; days start at 1"), inlen, in);
	if (d > max) {
		if (m == 2 && d == 29)
			return err_set(e, 1, _("%.*s: %d is not a leap year, so February has only 28 days"),
				       inlen, in, y);
		return err_set(e, 1, _("%.*s: %s %d has only %d days"), inlen, in,
			       month_msg_name(m), y, max);
	}
	return true;
}

bool date_parse(const char *s, struct date *out, struct err *e)
{
	const char *in;
	int inlen;
	trimmed(s ? s : "", &in, &inlen);
	if (inlen == 0)
		return err_set(e, 1, "%s", _("The date is empty; type it as DD/MM/YYYY, e.g. 12/05/2020"));

	const char *p = in;
	int a, b, c, na, nb, nc;
	int y, m, d;
	na = read_num(&p, 8, &a);
	if (na == 0)
		goto bad_form;
	if (p == in + inlen) {
		/* Digits only: DDMMYYYY or DDMMYY. */
		if (na == 8) {
			d = a / 1000000;
			m = a / 10000 % 100;
			y = a % 10000;
		} else if (na == 6) {
			d = a / 10000;
			m = a / 100 % 100;
			y = century_year(a % 100, m, d);
		} else {
			goto bad_form;
		}
		if (!check_parts(in, inlen, y, m, d, e))
			return false;
		goto done;
	}
	char sep = *p;
	if (sep != '/' && sep != '-' && sep != '.')
		goto bad_form;
	p++;
	nb = read_num(&p, 2, &b);
	if (nb < 1 || nb > 2 || *p != sep)
		goto bad_form;
	p++;
	nc = read_num(&p, 4, &c);
	if (p != in + inlen)
		goto bad_form;
	if (na == 4 && (nc == 1 || nc == 2)) {
		/* ISO 2020-05-12 (or 2020/05/12). */
		y = a;
		m = b;
		d = c;
	} else if ((na == 1 || na == 2) && (nc == 4 || nc == 2)) {
		d = a;
		m = b;
		y = nc == 4 ? c : century_year(c, m, d);
	} else {
		goto bad_form;
	}
	if (!check_parts(in, inlen, y, m, d, e))
		return false;
done:
	out->year = y;
	out->month = m;
	out->day = d;
	return true;

bad_form:
	return err_set(e, 1, _("%.*s: not a date; type it as DD/MM/YYYY, e.g. 12/05/2020"), inlen, in);
}

char *date_format(const struct date *d, char *buf, size_t size)
{
	if (size)
		snprintf(buf, size, "%02d/%02d/%04d", d->day, d->month, d->year);
	return buf;
}

char *date_format_iso(const struct date *d, char *buf, size_t size)
{
	if (size)
		snprintf(buf, size, "%04d-%02d-%02d", d->year, d->month, d->day);
	return buf;
}

char *date_format_long(const struct date *d, char *buf, size_t size)
{
	if (d->month < 1 || d->month > 12)
		return date_format(d, buf, size);
	const char *name = str_eq(i18n_lang(), "id") ? month_id[d->month - 1] : month_en[d->month - 1];
	if (size)
		snprintf(buf, size, "%d %s %d", d->day, name, d->year);
	return buf;
}

/* BANTU_TODAY=YYYY-MM-DD when it is a valid date. */
static bool today_from_env(struct date *d)
{
	const char *s = getenv("BANTU_TODAY");
	if (str_empty(s) || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !is_digit(s[i]))
			return false;
	int y = atoi(s), m = atoi(s + 5), day = atoi(s + 8);
	if (!date_valid(y, m, day))
		return false;
	d->year = y;
	d->month = m;
	d->day = day;
	return true;
}

struct date date_today(void)
{
	struct date d;
	if (today_from_env(&d))
		return d;
	time_t now = (time_t)(clock_now_ms() / 1000); /* BANTU_NOW too */
	struct tm tm;
	if (!localtime_r(&now, &tm)) {
		d.year = 1970;
		d.month = d.day = 1;
		return d;
	}
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	return d;
}

int date_cmp(const struct date *a, const struct date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

/*
 * Proleptic Gregorian calendar in 400-year eras (146097 days) whose years start
 * on 1 March, so the leap day is the last day of its year.
 */
int64_t date_to_days(const struct date *d)
{
	int64_t y = d->year - (d->month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;                                   /* 0..399 */
	int64_t mp = (d->month + 9) % 12;                              /* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + d->day - 1;                 /* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* 0..146096 */
	return era * 146097 + doe - 719468;                            /* 1970-03-01 era shift */
}

struct date date_from_days(int64_t days)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;                                          /* 0..146096 */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;     /* 0..399 */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                   /* 0..365 */
	int64_t mp = (5 * doy + 2) / 153;                                        /* 0..11 */
	struct date d;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2));
	return d;
}

int date_age(const struct date *birth, const struct date *on)
{
	if (date_cmp(on, birth) < 0)
		return -1;
	int age = on->year - birth->year;
	if (on->month < birth->month || (on->month == birth->month && on->day < birth->day))
		age--;
	return age;
}
