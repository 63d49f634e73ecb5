/*
 * entity.h - what the store keeps for each kind of record: its table and fields.
 *
 * The store knows only names and storage types; labels, input kinds and rules
 * live in the model (model/fields.c), keyed by the same names. Every entity has,
 * besides its own fields, the fields every record has (see ENTITY_COMMON_FIELDS):
 * reg_no (human-facing number), deleted (tombstone 0/1), deleted_reason and
 * merged_into (id of the surviving record, as 32 hex digits). All go through the
 * same field-level rule.
 */
#ifndef BANTU_ENTITY_H
#define BANTU_ENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum field_type {
	FT_TEXT,   /* TEXT, stored as typed after normalisation */
	FT_INT,    /* INTEGER: counts, whole Rupiah, flags */
};

struct field_def {
	const char *name;
	enum field_type type;
};

struct entity_def {
	const char *name;                 /* "umkm": used in ops, CSV and the command line */
	const char *table;                /* SQL table of the visible (folded) records */
	const struct field_def *fields;   /* all fields, common ones last */
	size_t nfields;
	const char *name_field;           /* the record's display name (list order) */
	const char *const *search_fields; /* fields indexed for search-as-you-type, NULL-ended */
	char reg_prefix;                  /* 'U' -> reg_no "18.71-U-000001" */
	const char *const *province_only; /* fields only the province office may write,
					   * NULL-ended; NULL: none */
	int since;                        /* the schema version whose migration made its table */
	bool registry;                    /* a registry of businesses: region columns, search */
	const char *const *indexed;       /* more fields to index (references to other records,
					   * lookups), NULL-ended; NULL: none. Entities from
					   * schema 4 on get their indexes from
					   * entity_create_indexes. */
	const char *const *report_fields; /* registry: the fields reports group and sum
					   * by, held in its live date index with the
					   * date and kabupaten/kota, so a report reads
					   * that index alone; NULL-ended */
};

extern const struct entity_def entity_umkm;
extern const struct entity_def entity_koperasi;
/* Review decisions on possible duplicate businesses (one record per pair). */
extern const struct entity_def entity_duplikat;
/* Province settings that program rules rest on (model/shared_settings.c):
 * key (kunci) and value (nilai), one record per key, written at the province. */
extern const struct entity_def entity_pengaturan;

/*
 * The relief programs' entities (issues 4 and 5), defined with their programs
 * in store/entity_*.c. Reg prefixes in use: U K (registry), W (warung point),
 * P (product), T (training class), S (stimulus), A (APD order), J (prakerja
 * referral), R (restructuring case); sub-records (reports, participants,
 * deliveries, distributions, payments) have none or their own letter: L, E, G, D, Y.
 */

/* Programs 1, 2 and 5 (store/entity_prog4.c). */
extern const struct entity_def entity_warung;
extern const struct entity_def entity_warung_laporan;
extern const struct entity_def entity_produk;
extern const struct entity_def entity_kelas;
extern const struct entity_def entity_peserta;
/* Programs 4 and 7 (store/entity_prog6.c): APD orders, deliveries, payments to
 * producers (B), distributions; restructuring cases. */
extern const struct entity_def entity_apd_pesanan;
extern const struct entity_def entity_apd_penerimaan;
extern const struct entity_def entity_apd_bayar;
extern const struct entity_def entity_apd_penyaluran;
extern const struct entity_def entity_restrukturisasi;
/* Stimulus applications and Kartu Prakerja referrals (store/entity_prog5.c). */
extern const struct entity_def entity_stimulus;
extern const struct entity_def entity_prakerja;

/* NULL-terminated list of every entity. */
extern const struct entity_def *const entity_all[];

const struct entity_def *entity_find(const char *name);
/* Whether only the province office may write entity.field (authority, DESIGN.md);
 * a purge's fields always. */
bool entity_province_only(const char *entity, const char *field);

/* Index of a field, or -1. */
int entity_field_index(const struct entity_def *ent, const char *field);

/* The common fields' names. */
#define FIELD_REG_NO "reg_no"
#define FIELD_DELETED "deleted"
#define FIELD_DELETED_REASON "deleted_reason"
#define FIELD_MERGED_INTO "merged_into"
/* A purge op's pseudo-fields (store/purge.c): the fields it erases, comma-
 * separated, and why. Province-only on every entity. */
#define FIELD_PURGE "_purge"
#define FIELD_PURGE_REASON "_purge_reason"

/* The fields every record of the registry and the programs ends with. */
#define ENTITY_COMMON_FIELDS                                                  \
	{ FIELD_REG_NO, FT_TEXT }, { FIELD_DELETED, FT_INT },                \
	{ FIELD_DELETED_REASON, FT_TEXT }, { FIELD_MERGED_INTO, FT_TEXT }

/* A record id: UUIDv7, 16 bytes, time-ordered. */
struct rid {
	uint8_t b[16];
};
#define RID_HEX 33
/* 32 lower-case hex digits. */
void rid_to_hex(const struct rid *id, char out[RID_HEX]);
bool rid_from_hex(const char *hex, struct rid *id);
bool rid_is_zero(const struct rid *id);
/* A fresh UUIDv7 from the millisecond clock and random bits (libsodium). */
struct rid rid_new(void);

/*
 * One record as text: values[i] is field i's value (NULL = empty), normalised
 * ("+6281234567890", "2020-05-12", "2500000"). Owned by the record.
 */
struct record {
	const struct entity_def *ent;
	struct rid id;        /* zero for a record not yet saved */
	char **values;
};

void record_init(struct record *r, const struct entity_def *ent);
void record_release(struct record *r);
void record_copy(struct record *dst, const struct record *src);
const char *record_get(const struct record *r, const char *field);   /* NULL when empty */
void record_set(struct record *r, const char *field, const char *value); /* copies; ""->NULL */
void record_set_i(struct record *r, int idx, const char *value);

#endif
