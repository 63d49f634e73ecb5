/*
 * validate.h - the identity numbers and codes of DESIGN.md's validation rules.
 * Each checker normalises its input (drops spaces, dots and dashes) into out,
 * returns true when valid, or false with a message in the user's language that
 * says what is wrong and how to fix it ("NIK harus 16 digit; tertulis 15").
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
 * 0000; province 11-99 and kabkota not 00. out receives the 16 digits (17 bytes).
 * info may be NULL.
 */
bool nik_check(const char *in, char out[17], struct nik_info *info, struct err *e);

/* NIB (Nomor Induk Berusaha): 13 digits. out: 14 bytes. */
bool nib_check(const char *in, char out[14], struct err *e);

/*
 * NPWP: 15 digits (old form, 9th digit a Luhn check digit over the first 9) or
 * 16 digits (new form, NIK-based). "01.234.567.8-901.000" accepted. out: 17 bytes.
 */
bool npwp_check(const char *in, char out[17], struct err *e);

/* KBLI 2020: 5 digits. out: 6 bytes. */
bool kbli_check(const char *in, char out[6], struct err *e);

/*
 * Mobile phone: 08 + 8-11 digits, or +62 8..., or 62 8...; stored as "+628...".
 * out must hold 20 bytes.
 */
bool phone_check(const char *in, char out[20], struct err *e);

/* Luhn check over a string of digits (the last one is the check digit). */
bool luhn_valid(const char *digits, size_t n);

#endif
