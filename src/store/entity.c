/* entity.c - the registry's entities and their fields; record ids and records. */
#include "entity.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/util.h"

static const struct field_def umkm_fields[] = {
	{ "nama_usaha", FT_TEXT },
	{ "nama_pemilik", FT_TEXT },
	{ "nik", FT_TEXT },
	{ "jenis_kelamin", FT_TEXT },
	{ "telepon", FT_TEXT },
	{ "alamat", FT_TEXT },
	{ "kabupaten_kota", FT_TEXT },
	{ "kecamatan", FT_TEXT },
	{ "desa", FT_TEXT },
	{ "kbli", FT_TEXT },
	{ "sektor", FT_TEXT },
	{ "skala", FT_TEXT },
	{ "nib", FT_TEXT },
	{ "npwp", FT_TEXT },
	{ "omzet_sebelum", FT_INT },
	{ "omzet_sesudah", FT_INT },
	{ "tenaga_kerja_sebelum", FT_INT },
	{ "tenaga_kerja_sesudah", FT_INT },
	{ "dampak", FT_TEXT },
	{ "status_usaha", FT_TEXT },
	{ "tanggal_pendataan", FT_TEXT },
	{ "catatan", FT_TEXT },
	ENTITY_COMMON_FIELDS
};

static const char *const umkm_search[] = {
	"nama_usaha", "nama_pemilik", "nik", "nib", "telepon", NULL
};

/* build_umkm in report/report.c: its groups and sums. */
static const char *const umkm_report[] = {
	"skala", "sektor", "status_usaha", "dampak", "omzet_sebelum", "omzet_sesudah",
	"tenaga_kerja_sebelum", "tenaga_kerja_sesudah", NULL
};

const struct entity_def entity_umkm = {
	.name = "umkm",
	.table = "umkm",
	.fields = umkm_fields,
	.nfields = ARRAY_SIZE(umkm_fields),
	.name_field = "nama_usaha",
	.search_fields = umkm_search,
	.reg_prefix = 'U',
	.since = 1,
	.registry = true,
	.report_fields = umkm_report,
};

static const struct field_def koperasi_fields[] = {
	{ "nama_koperasi", FT_TEXT },
	{ "nomor_badan_hukum", FT_TEXT },
	{ "tanggal_badan_hukum", FT_TEXT },
	{ "nik_koperasi", FT_TEXT },
	{ "jenis", FT_TEXT },
	{ "bentuk", FT_TEXT },
	{ "jumlah_anggota", FT_INT },
	{ "ketua", FT_TEXT },
	{ "telepon", FT_TEXT },
	{ "alamat", FT_TEXT },
	{ "kabupaten_kota", FT_TEXT },
	{ "kecamatan", FT_TEXT },
	{ "desa", FT_TEXT },
	{ "dampak", FT_TEXT },
	{ "status", FT_TEXT },
	{ "tanggal_pendataan", FT_TEXT },
	{ "catatan", FT_TEXT },
	ENTITY_COMMON_FIELDS
};

static const char *const koperasi_search[] = {
	"nama_koperasi", "ketua", "nomor_badan_hukum", "nik_koperasi", "telepon", NULL
};

/* build_koperasi in report/report.c: its breakdowns. */
static const char *const koperasi_report[] = { "jenis", "status", NULL };

const struct entity_def entity_koperasi = {
	.name = "koperasi",
	.table = "koperasi",
	.fields = koperasi_fields,
	.nfields = ARRAY_SIZE(koperasi_fields),
	.name_field = "nama_koperasi",
	.search_fields = koperasi_search,
	.reg_prefix = 'K',
	.since = 1,
	.registry = true,
	.report_fields = koperasi_report,
};

static const struct field_def duplikat_fields[] = {
	{ "entitas", FT_TEXT },
	{ "data_a", FT_TEXT },
	{ "data_b", FT_TEXT },
	{ "keputusan", FT_TEXT },
	{ "catatan", FT_TEXT },
	{ FIELD_DELETED, FT_INT },
};

const struct entity_def entity_duplikat = {
	.name = "duplikat",
	.table = "duplikat",
	.fields = duplikat_fields,
	.nfields = ARRAY_SIZE(duplikat_fields),
	.name_field = "data_a",
	.search_fields = NULL,
	.since = 3,
};

/* Settings that program rules rest on (issue 20): one record per key (its id
 * from the key), written at the province, folded like any other record. */
static const struct field_def pengaturan_fields[] = {
	{ "kunci", FT_TEXT },
	{ "nilai", FT_TEXT },
	{ FIELD_DELETED, FT_INT },
};

const struct entity_def entity_pengaturan = {
	.name = "pengaturan",
	.table = "pengaturan",
	.fields = pengaturan_fields,
	.nfields = ARRAY_SIZE(pengaturan_fields),
	.name_field = NULL, /* no list of its own (and no list index) */
	.search_fields = NULL,
	.since = 14,
};

const struct entity_def *const entity_all[] = { &entity_umkm, &entity_koperasi,
						&entity_duplikat,
						&entity_warung, &entity_warung_laporan,
						&entity_produk, &entity_kelas, &entity_peserta,
						&entity_stimulus, &entity_prakerja,
						&entity_apd_pesanan, &entity_apd_penerimaan,
						&entity_apd_bayar, &entity_apd_penyaluran,
						&entity_restrukturisasi,
						&entity_pengaturan,
						NULL };

const struct entity_def *entity_find(const char *name)
{
	for (size_t i = 0; entity_all[i]; i++)
		if (str_eq(entity_all[i]->name, name))
			return entity_all[i];
	return NULL;
}

bool entity_province_only(const char *entity, const char *field)
{
	/* A purge (right to erasure) is the province's alone, on every entity. */
	if (str_eq(field, FIELD_PURGE) || str_eq(field, FIELD_PURGE_REASON))
		return true;
	const struct entity_def *ent = entity_find(entity);
	if (!ent || !ent->province_only)
		return false;
	for (size_t i = 0; ent->province_only[i]; i++)
		if (str_eq(ent->province_only[i], field))
			return true;
	return false;
}

int entity_field_index(const struct entity_def *ent, const char *field)
{
	for (size_t i = 0; i < ent->nfields; i++)
		if (str_eq(ent->fields[i].name, field))
			return (int)i;
	return -1;
}

void rid_to_hex(const struct rid *id, char out[RID_HEX])
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 16; i++) {
		out[2 * i] = hex[id->b[i] >> 4];
		out[2 * i + 1] = hex[id->b[i] & 15];
	}
	out[32] = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool rid_from_hex(const char *hex, struct rid *id)
{
	int n = 0;
	for (const char *p = hex; *p && n < 32; p++) {
		if (*p == '-')
			continue;
		int v = hexval(*p);
		if (v < 0)
			return false;
		if (n % 2 == 0)
			id->b[n / 2] = (uint8_t)(v << 4);
		else
			id->b[n / 2] |= (uint8_t)v;
		n++;
	}
	return n == 32;
}

bool rid_is_zero(const struct rid *id)
{
	for (int i = 0; i < 16; i++)
		if (id->b[i])
			return false;
	return true;
}

struct rid rid_new(void)
{
	static uint64_t last_ms;
	static uint16_t counter;
	uint64_t ms = (uint64_t)clock_now_ms();
	/* Random bits from a pool refilled 4 KiB at a time: one system call per
	 * few hundred ids instead of one per id (bulk imports make 100,000). */
	static uint8_t pool[4096];
	static size_t used = sizeof(pool);
	static pid_t owner;
	if (used + 16 > sizeof(pool) || owner != getpid()) { /* a forked child draws anew */
		owner = getpid();
		randombytes_buf(pool, sizeof(pool));
		used = 0;
	}
	struct rid id;
	memcpy(id.b, pool + used, sizeof(id.b));
	sodium_memzero(pool + used, sizeof(id.b));
	used += sizeof(id.b);
	/* Ids made in the same millisecond keep their order: a 12-bit counter in rand_a. */
	if (ms <= last_ms) {
		ms = last_ms;
		counter++;
		if (counter >= 4096) {
			ms++;
			counter = 0;
		}
	} else {
		counter = 0;
	}
	last_ms = ms;
	for (int i = 0; i < 6; i++)
		id.b[i] = (uint8_t)(ms >> (40 - 8 * i));
	id.b[6] = (uint8_t)(0x70 | ((counter >> 8) & 0x0f));
	id.b[7] = (uint8_t)(counter & 0xff);
	id.b[8] = (uint8_t)(0x80 | (id.b[8] & 0x3f));
	return id;
}

void record_init(struct record *r, const struct entity_def *ent)
{
	r->ent = ent;
	memset(&r->id, 0, sizeof(r->id));
	r->values = xcalloc(ent->nfields, sizeof(char *));
}

void record_release(struct record *r)
{
	if (!r->values)
		return;
	for (size_t i = 0; i < r->ent->nfields; i++)
		free(r->values[i]);
	free(r->values);
	r->values = NULL;
}

void record_copy(struct record *dst, const struct record *src)
{
	record_init(dst, src->ent);
	dst->id = src->id;
	for (size_t i = 0; i < src->ent->nfields; i++)
		dst->values[i] = xstrdup(src->values[i]);
}

const char *record_get(const struct record *r, const char *field)
{
	int i = entity_field_index(r->ent, field);
	return i < 0 ? NULL : r->values[i];
}

void record_set_i(struct record *r, int idx, const char *value)
{
	if (idx < 0 || (size_t)idx >= r->ent->nfields)
		return;
	free(r->values[idx]);
	r->values[idx] = str_empty(value) ? NULL : xstrdup(value);
}

void record_set(struct record *r, const char *field, const char *value)
{
	record_set_i(r, entity_field_index(r->ent, field), value);
}
