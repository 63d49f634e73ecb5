/*
 * embed.h - files compiled into the binary (src/core/embed.S).
 * Both are NUL-terminated and live for the life of the program.
 */
#ifndef BANTU_EMBED_H
#define BANTU_EMBED_H

#include <stddef.h>

extern const char bantu_embed_config[], bantu_embed_config_end[];
extern const char bantu_embed_wilayah[], bantu_embed_wilayah_end[];

/* config/bantu.yaml: the defaults, read by the same parser as a user's file. */
static inline const char *embed_config(size_t *len)
{
	if (len)
		*len = (size_t)(bantu_embed_config_end - bantu_embed_config);
	return bantu_embed_config;
}

/* data/wilayah/indonesia-2025.csv: Kemendagri region codes (see data/wilayah/NOTICE.md). */
static inline const char *embed_wilayah(size_t *len)
{
	if (len)
		*len = (size_t)(bantu_embed_wilayah_end - bantu_embed_wilayah);
	return bantu_embed_wilayah;
}

#endif
