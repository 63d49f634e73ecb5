/*
 * entity_prog6.c - the records of programs 4 and 7 (schema 6): APD orders to
 * producers, their deliveries, payments to producers, distributions of APD, and
 * loan restructuring cases. Labels and rules: model/prog_apd.c, model/prog_restru.c.
 */
#include "entity.h"

#include "core/util.h"

static const struct field_def apd_pesanan_fields[] = {
	{ "produsen", FT_TEXT },         /* FK_REF umkm/koperasi */
	{ "nama_produsen", FT_TEXT },    /* derived */
	{ "kabupaten_kota", FT_TEXT },   /* derived: the producer's */
	{ "barang", FT_TEXT },
	{ "jumlah", FT_INT },
	{ "harga_satuan", FT_INT },
	{ "tanggal_pesan", FT_TEXT },
	{ "tanggal_jatuh_tempo", FT_TEXT },
	{ "status", FT_TEXT },           /* derived; shown as computed (model) */
	{ "kantor", FT_TEXT },           /* derived: the office that ordered */
	{ "catatan", FT_TEXT },
	ENTITY_COMMON_FIELDS
};

static const char *const apd_pesanan_search[] = { "nama_produsen", FIELD_REG_NO, NULL };
static const char *const apd_pesanan_indexed[] = { "produsen", FIELD_REG_NO, NULL };

const struct entity_def entity_apd_pesanan = {
	.name = "apd_pesanan",
	.table = "apd_pesanan",
	.fields = apd_pesanan_fields,
	.nfields = ARRAY_SIZE(apd_pesanan_fields),
	.name_field = "nama_produsen",
	.search_fields = apd_pesanan_search,
	.reg_prefix = 'A',
	.since = 6,
	.indexed = apd_pesanan_indexed,
};

static const struct field_def apd_penerimaan_fields[] = {
	{ "pesanan", FT_TEXT },          /* FK_REF apd_pesanan */
	{ "nama_produsen", FT_TEXT },    /* derived from the order */
	{ "produsen", FT_TEXT },         /* derived: the order's producer */
	{ "kabupaten_kota", FT_TEXT },   /* derived */
	{ "barang", FT_TEXT },           /* derived */
	{ "tanggal", FT_TEXT },
	{ "jumlah_diterima", FT_INT },
	{ "jumlah_ditolak", FT_INT },
	{ "kantor", FT_TEXT },           /* derived: the receiving office */
	{ "catatan", FT_TEXT },
	ENTITY_COMMON_FIELDS
};

static const char *const apd_penerimaan_search[] = { "nama_produsen", NULL };
static const char *const apd_penerimaan_indexed[] = { "pesanan", "produsen", "kantor", NULL };

const struct entity_def entity_apd_penerimaan = {
	.name = "apd_penerimaan",
	.table = "apd_penerimaan",
	.fields = apd_penerimaan_fields,
	.nfields = ARRAY_SIZE(apd_penerimaan_fields),
	.name_field = "nama_produsen",
	.search_fields = apd_penerimaan_search,
	.reg_prefix = 'G',
	.since = 6,
	.indexed = apd_penerimaan_indexed,
};

static const struct field_def apd_bayar_fields[] = {
	{ "pesanan", FT_TEXT },          /* FK_REF apd_pesanan */
	{ "nama_produsen", FT_TEXT },    /* derived */
	{ "produsen", FT_TEXT },         /* derived */
	{ "kabupaten_kota", FT_TEXT },   /* derived */
	{ "tanggal", FT_TEXT },
	{ "jumlah", FT_INT },
	{ "referensi", FT_TEXT },
	{ "catatan", FT_TEXT },
	ENTITY_COMMON_FIELDS
};

static const char *const apd_bayar_search[] = { "nama_produsen", NULL };
static const char *const apd_bayar_indexed[] = { "pesanan", "produsen", NULL };

const struct entity_def entity_apd_bayar = {
	.name = "apd_bayar",
	.table = "apd_bayar",
	.fields = apd_bayar_fields,
	.nfields = ARRAY_SIZE(apd_bayar_fields),
	.name_field = "nama_produsen",
	.search_fields = apd_bayar_search,
	.reg_prefix = 'B',
	.since = 6,
	.indexed = apd_bayar_indexed,
};

static const struct field_def apd_penyaluran_fields[] = {
	{ "tempat", FT_TEXT },
	{ "tanggal", FT_TEXT },
	{ "barang", FT_TEXT },           /* an item, or "paket" */
	{ "jumlah", FT_INT },
	{ "kelompok", FT_TEXT },
	{ "kabupaten_kota", FT_TEXT },
	{ "kecamatan", FT_TEXT },
	{ "kantor", FT_TEXT },           /* derived: the distributing office */
	{ "catatan", FT_TEXT },
	ENTITY_COMMON_FIELDS
};

static const char *const apd_penyaluran_search[] = { "tempat", NULL };
static const char *const apd_penyaluran_indexed[] = { "kantor", NULL };

const struct entity_def entity_apd_penyaluran = {
	.name = "apd_penyaluran",
	.table = "apd_penyaluran",
	.fields = apd_penyaluran_fields,
	.nfields = ARRAY_SIZE(apd_penyaluran_fields),
	.name_field = "tempat",
	.search_fields = apd_penyaluran_search,
	.reg_prefix = 'D',
	.since = 6,
	.indexed = apd_penyaluran_indexed,
};

static const struct field_def restrukturisasi_fields[] = {
	{ "debitur", FT_TEXT },          /* FK_REF umkm/koperasi */
	{ "nama_debitur", FT_TEXT },     /* derived */
	{ "kabupaten_kota", FT_TEXT },   /* derived */
	{ "jenis_kreditur", FT_TEXT },
	{ "nama_kreditur", FT_TEXT },
	{ "fasilitas", FT_TEXT },
	{ "plafon_awal", FT_INT },
	{ "baki_debet", FT_INT },
	{ "angsuran", FT_INT },
	{ "tunggakan_pokok", FT_INT },
	{ "tunggakan_bunga", FT_INT },
	{ "kolektibilitas", FT_TEXT },
	{ "bentuk_restrukturisasi", FT_TEXT },
	{ "penundaan_bulan", FT_INT },
	{ "tanggal_surat", FT_TEXT },
	{ "nomor_surat", FT_TEXT },
	{ "keputusan", FT_TEXT },
	{ "tanggal_keputusan", FT_TEXT },
	{ "angsuran_baru", FT_INT },
	{ "tenor_baru", FT_INT },
	{ "akhir_penundaan", FT_TEXT },
	{ "catatan", FT_TEXT },
	ENTITY_COMMON_FIELDS
};

static const char *const restrukturisasi_search[] = { "nama_debitur", "nama_kreditur", NULL };
static const char *const restrukturisasi_indexed[] = { "debitur", NULL };

const struct entity_def entity_restrukturisasi = {
	.name = "restrukturisasi",
	.table = "restrukturisasi",
	.fields = restrukturisasi_fields,
	.nfields = ARRAY_SIZE(restrukturisasi_fields),
	.name_field = "nama_debitur",
	.search_fields = restrukturisasi_search,
	.reg_prefix = 'R',
	.since = 6,
	.indexed = restrukturisasi_indexed,
};
