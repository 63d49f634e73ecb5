/*
 * validate.h - the identity numbers and codes of DESIGN.md's validation rules.
 * Each checker normalises its input (drops spaces, dots and dashes) into out,
 * returns true when valid, or false with a message in the user's language that
 * says what is wrong and how to fix it ("NIK harus 16 digit; tertulis 15").
 * On failure out is set to "" and e (may be NULL) gets code 1.
 * No database access here: region existence is checked by the registry.
 */
#ifndef BANTU_VALIDATE_H
#define BANTU_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/format.h"
#include "core/util.h"

/* What a NIK says about its holder. */
struct nik_info {
	char region[9];      /* "18.71.01": province.kabkota.kecamatan, Kemendagri form */
	struct date birth;   /* the date of birth it encodes (century chosen as for DDMMYY) */
	bool female;         /* day was 41-71 */
	int serial;          /* 1-9999 */
};

/*
 * NIK: 16 digits = province(2) kabkota(2) kecamatan(2) DDMMYY serial(4); women's
 * day + 40 (41-71); a real calendar date (29 Feb only in leap years); serial not
 * 0000; province 11-99, kabkota and kecamatan not 00. Spaces, dots and dashes
 * between the digits are dropped ("18.71.01.520590.0001"). The century of YY is
 * chosen as date_parse does for DDMMYY: 20YY when not after this year
 * (date_today), else 19YY, unless only the other one gives a real date.
 * out receives the 16 digits (17 bytes). info may be NULL.
 */
bool nik_check(const char *in, char out[17], struct nik_info *info, struct err *e);

/* NIB (Nomor Induk Berusaha): 13 digits (spaces, dots, dashes dropped). out: 14 bytes. */
bool nib_check(const char *in, char out[14], struct err *e);

/*
 * NPWP: 15 digits (old form, 9th digit a Luhn check digit over the first 9) or
 * 16 digits (new form, NIK-based). "01.234.567.8-901.000" accepted. out: 17 bytes.
 */
bool npwp_check(const char *in, char out[17], struct err *e);

/* KBLI 2020: 5 digits. out: 6 bytes. */
bool kbli_check(const char *in, char out[6], struct err *e);

/*
 * Mobile phone: 08 + 8-11 digits, or +62 8..., 62 8..., 0062 8...; "+62 (0)812..."
 * too. Spaces, dots, dashes and brackets are dropped ("(0812) 345-678"); '+' only
 * at the start. Stored as "+628..." (12-15 characters). Landlines (021...) are
 * refused: the office needs a mobile number for WhatsApp. Other country codes are
 * refused. out must hold 20 bytes.
 */
bool phone_check(const char *in, char out[20], struct err *e);

/* Luhn check over the first n characters of digits (the last of them is the check
 * digit). False for n == 0, NULL or a non-digit. */
bool luhn_valid(const char *digits, size_t n);

#endif
