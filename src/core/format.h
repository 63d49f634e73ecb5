/*
 * format.h - parsing and formatting of what clerks type and read: Rupiah, plain
 * numbers and dates, the Indonesian way (Rp2.000.000, 12/05/2020, 12 Mei 2020).
 * No allocation: callers pass buffers. Parsers take surrounding spaces.
 */
#ifndef BANTU_FORMAT_H
#define BANTU_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define MONEY_BUFSZ 32
#define DATE_BUFSZ 32

/*
 * Parses whole Rupiah: "Rp 2.500.000", "Rp2.500.000", "rp. 2.500.000", "IDR 2.500.000",
 * "2.500.000,00", "2.500.000,-", "2500000", "2 500 000". Dots (or single spaces) are
 * thousands separators: 1-3 digits, then groups of exactly 3 ("2.50.000" is refused).
 * A comma starts decimals that must be zero. Empty input (the caller handles
 * optional fields), negative amounts, fractions of a Rupiah, letters and values
 * above 10^15 are refused with a message in the user's language that quotes the
 * input. Returns false and sets e (may be NULL) on error; *out untouched then.
 */
bool money_parse(const char *s, int64_t *out, struct err *e);

/* "Rp2.000.000", zero "Rp0", negative "-Rp2.000"; any int64_t. Writes at most size
 * bytes, always terminated (MONEY_BUFSZ holds every value). Returns buf. */
char *money_format(int64_t v, char *buf, size_t size);

/* "2.000.000": thousands with dots, no currency ("-2.000" when negative). Returns buf. */
char *number_format(int64_t v, char *buf, size_t size);

/* A calendar date. */
struct date {
	int year, month, day;
};

/* A real calendar date (29 February only in leap years) in 1900-2100, the years
 * Bantu handles. */
bool date_valid(int year, int month, int day);
/* 28-31 for month 1-12 of year (Gregorian leap years); 0 for another month. */
int date_days_in_month(int year, int month);

/*
 * Parses a date as clerks type it: "12/05/2020", "12-5-2020", "12.05.2020" (day and
 * month of 1 or 2 digits, the same separator twice), "12052020" (DDMMYYYY),
 * "120520" (DDMMYY) and "12/05/20" (D/M/YY), and ISO "2020-05-12" (also
 * "2020/05/12"). A two-digit year is 20YY when that is not after this year
 * (date_today), else 19YY; but when only the other century makes it a real date
 * (29 Feb 00 with today before 2000) that one is taken. Refuses dates that do not
 * exist ("31/04/2020: April 2020 has only 30 days") and years outside 1900-2100
 * with a message naming what is wrong. Returns false and sets e (may be NULL) on
 * error; *out untouched then.
 */
bool date_parse(const char *s, struct date *out, struct err *e);

/* "12/05/2020". Returns buf (DATE_BUFSZ). */
char *date_format(const struct date *d, char *buf, size_t size);
/* "2020-05-12": the stored form. */
char *date_format_iso(const struct date *d, char *buf, size_t size);
/* "12 Mei 2020" in Bahasa Indonesia, "12 May 2020" in English (i18n_lang()); the day
 * is not zero-padded ("5 Januari 2020"). Does not depend on the catalogue. */
char *date_format_long(const struct date *d, char *buf, size_t size);

/* Today's date in local time. BANTU_TODAY=YYYY-MM-DD overrides it (tests); an
 * override that is not a valid date in that exact form is ignored. */
struct date date_today(void);

/* <0, 0, >0 like strcmp. */
int date_cmp(const struct date *a, const struct date *b);

/* Days since 1970-01-01 (may be negative), and back: exact for every proleptic
 * Gregorian date (tested for each day of 1900-2100). */
int64_t date_to_days(const struct date *d);
struct date date_from_days(int64_t days);

/* Whole years from birth to on (age on a date): a year is added on the birthday;
 * one born on 29 February ages on 1 March in common years. -1 when on is before
 * birth. */
int date_age(const struct date *birth, const struct date *on);

#endif
