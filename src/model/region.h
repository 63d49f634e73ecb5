/*
 * region.h - region codes and names as users write them. "bandar lampung",
 * "KOTA BANDAR LAMPUNG", "Kota Bandar Lampung" and "18.71" are one kabupaten/kota.
 */
#ifndef BANTU_MODEL_REGION_H
#define BANTU_MODEL_REGION_H

#include "store/region.h"

/*
 * The matching key of a name: lower-case letters and digits only, without a leading
 * "Kabupaten", "Kab.", "Kota", "Kecamatan", "Kec.", "Desa", "Kelurahan", "Kel.".
 * Caller frees.
 */
char *region_key(const char *name);

/*
 * A kabupaten's name as lists print it in a narrow column: "Kabupaten Lampung
 * Tengah" -> "Kab. Lampung Tengah" (the abbreviation Indonesian offices write);
 * any other name unchanged. Caller frees.
 */
char *region_short_name(const char *name);

/*
 * Loads the regions of one province ("18") into the database, in the caller's
 * transaction: from the compiled-in Kemendagri table when source is NULL or
 * "embedded", else from a CSV file of the same columns (kode,nama,level).
 * Returns the number loaded, or -1 with e.
 */
long region_load(struct store *st, const char *province, const char *source, struct err *e);

/*
 * Resolves what a user wrote (a code or a name) to a region code of the given
 * level under parent (NULL: anywhere in the loaded province). A name that is
 * both a kabupaten and a kota ("Bekasi") is resolved by its prefix ("Kota Bekasi")
 * or refused as ambiguous. Returns true with out filled, or false with e saying
 * what is wrong (unknown, ambiguous, or in another kabupaten).
 */
bool region_resolve(struct store *st, int level, const char *parent, const char *text,
		    char out[REGION_CODE_MAX], struct err *e);

/* "18.71.01" -> "18.71": the parent code, into out. False at the top. */
bool region_parent_code(const char *code, char out[REGION_CODE_MAX]);

/* Level from a code's shape: "18" 1, "18.71" 2, "18.71.01" 3, "18.71.01.1001" 4; 0 bad. */
int region_code_level(const char *code);

#endif
