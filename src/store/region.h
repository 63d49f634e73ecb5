/*
 * region.h - the region table (Kemendagri codes): provinsi, kabupaten/kota,
 * kecamatan, desa/kelurahan. Names are matched through a key made by the model
 * (model/region.c: lower case, prefixes like "Kab." and "Kota" dropped).
 */
#ifndef BANTU_STORE_REGION_H
#define BANTU_STORE_REGION_H

#include "store/store.h"

enum region_level {
	REGION_PROVINSI = 1,
	REGION_KABKOTA = 2,
	REGION_KECAMATAN = 3,
	REGION_DESA = 4,
};

#define REGION_CODE_MAX 16

/* Adds or replaces one region. The caller holds the transaction. */
bool store_region_put(struct store *st, const char *code, const char *name, int level,
		      const char *parent, const char *key, struct err *e);

/* The region's name, or NULL. Caller frees. */
char *store_region_name(struct store *st, const char *code);
/* Its level, or 0 when unknown. */
int store_region_level(struct store *st, const char *code);

/* Regions under parent (NULL: every region of that level) whose key equals key;
 * up to max codes into out. Returns the count. */
int store_region_find(struct store *st, int level, const char *parent, const char *key,
		      char out[][REGION_CODE_MAX], int max);

/* Regions under parent whose key starts with prefix (""=all), in name order;
 * fn gets code and name; returns the count. For pickers with type-to-filter. */
int store_region_list(struct store *st, int level, const char *parent, const char *prefix,
		      int limit, void (*fn)(const char *code, const char *name, void *arg),
		      void *arg);

int64_t store_region_count(struct store *st);

#endif
