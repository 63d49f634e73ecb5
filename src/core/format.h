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
 * Parses whole Rupiah: "Rp 2.500.000", "Rp2.500.000", "2.500.000,00", "2500000",
 * "2 500 000". Dots are thousands separators, a comma starts decimals that must be
 * zero. Negative amounts, fractions of a Rupiah, letters and values above
 * 10^15 are refused with a message in the user's language. Returns false and
 * sets e on error; *out untouched then.
 */
bool money_parse(const char *s, int64_t *out, struct err *e);

/* "Rp2.000.000" (negative: "-Rp2.000"). buf must hold MONEY_BUFSZ. Returns buf. */
char *money_format(int64_t v, char *buf, size_t size);

/* "2.000.000": thousands with dots, no currency. Returns buf. */
char *number_format(int64_t v, char *buf, size_t size);

/* A calendar date. */
struct date {
	int year, month, day;
};

bool date_valid(int year, int month, int day);
int date_days_in_month(int year, int month);

/*
 * Parses a date as clerks type it: "12/05/2020", "12-5-2020", "12.05.2020",
 * "12052020" (DDMMYYYY), "120520" (DDMMYY: 20YY when not after this year, else
 * 19YY), and ISO "2020-05-12". Refuses dates that do not exist ("31/04/2020")
 * with a message naming what is wrong.
 */
bool date_parse(const char *s, struct date *out, struct err *e);

/* "12/05/2020". Returns buf (DATE_BUFSZ). */
char *date_format(const struct date *d, char *buf, size_t size);
/* "2020-05-12": the stored form. */
char *date_format_iso(const struct date *d, char *buf, size_t size);
/* "12 Mei 2020" in Bahasa Indonesia, "12 May 2020" in English (i18n_lang()). */
char *date_format_long(const struct date *d, char *buf, size_t size);

/* Today's date in local time. BANTU_TODAY=YYYY-MM-DD overrides it (tests). */
struct date date_today(void);

/* <0, 0, >0 like strcmp. */
int date_cmp(const struct date *a, const struct date *b);

/* Days since 1970-01-01 (may be negative), and back. */
int64_t date_to_days(const struct date *d);
struct date date_from_days(int64_t days);

/* Whole years from birth to on (age on a date). */
int date_age(const struct date *birth, const struct date *on);

#endif
