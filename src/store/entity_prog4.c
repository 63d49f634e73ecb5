/*
 * entity_prog4.c - the records of programs 1, 2 and 5 (schema 4): Warung Pesan
 * Kirim points and their weekly reports, Pemasaran Online products, Pelatihan
 * Online classes and their participants.
 */
#include "entity.h"

#include "core/util.h"

/* ---- Warung Pesan Kirim: a point (titik) ---- */

static const struct field_def warung_fields[] = {
	{ "nama", FT_TEXT },
	{ "operator", FT_TEXT },          /* umkm:<id> or koperasi:<id> */
	{ "nama_operator", FT_TEXT },     /* derived: the operator's name (search) */
	{ "alamat", FT_TEXT },
	{ "kabupaten_kota", FT_TEXT },
	{ "kecamatan", FT_TEXT },
	{ "desa", FT_TEXT },
	{ "whatsapp", FT_TEXT },
	{ "kecamatan_layanan", FT_TEXT },
	{ "jualan", FT_TEXT },
	{ "pengiriman", FT_TEXT },
	{ "jam_buka", FT_TEXT },
	{ "tanggal_mulai", FT_TEXT },
	{ "status", FT_TEXT },
	{ "alasan_nonaktif", FT_TEXT },
	ENTITY_COMMON_FIELDS
};

static const char *const warung_search[] = { "nama", "nama_operator", "whatsapp", NULL };
static const char *const warung_indexed[] = { "operator", "status", NULL };

const struct entity_def entity_warung = {
	.name = "warung",
	.table = "warung",
	.fields = warung_fields,
	.nfields = ARRAY_SIZE(warung_fields),
	.name_field = "nama",
	.search_fields = warung_search,
	.reg_prefix = 'W',
	.since = 4,
	.indexed = warung_indexed,
};

/* ---- a point's weekly report ---- */

static const struct field_def laporan_fields[] = {
	{ "titik", FT_TEXT },             /* warung:<id> */
	{ "nama_titik", FT_TEXT },        /* derived */
	{ "kabupaten_kota", FT_TEXT },    /* derived */
	{ "kecamatan", FT_TEXT },         /* derived */
	{ "minggu", FT_TEXT },            /* the Monday of the week, YYYY-MM-DD */
	{ "pesanan", FT_INT },
	{ "omzet", FT_INT },
	{ "kunci", FT_TEXT },             /* derived: titik|minggu, one report per both */
	ENTITY_COMMON_FIELDS
};

static const char *const laporan_search[] = { "nama_titik", NULL };
static const char *const laporan_indexed[] = { "titik", "kunci", "minggu", NULL };

const struct entity_def entity_warung_laporan = {
	.name = "warung_laporan",
	.table = "warung_laporan",
	.fields = laporan_fields,
	.nfields = ARRAY_SIZE(laporan_fields),
	.name_field = "nama_titik",
	.search_fields = laporan_search,
	.reg_prefix = 'L',
	.since = 4,
	.indexed = laporan_indexed,
};

/* ---- Pemasaran Online: a product ---- */

static const struct field_def produk_fields[] = {
	{ "nama", FT_TEXT },
	{ "umkm", FT_TEXT },              /* umkm:<id> */
	{ "nama_usaha", FT_TEXT },        /* derived */
	{ "kabupaten_kota", FT_TEXT },    /* derived */
	{ "kecamatan", FT_TEXT },         /* derived */
	{ "kategori", FT_TEXT },
	{ "deskripsi", FT_TEXT },
	{ "harga", FT_INT },
	{ "satuan", FT_TEXT },
	{ "tempat_promosi", FT_TEXT },
	{ "link_website", FT_TEXT },
	{ "link_instagram", FT_TEXT },
	{ "link_facebook", FT_TEXT },
	{ "link_whatsapp", FT_TEXT },
	{ "link_shopee", FT_TEXT },
	{ "link_tokopedia", FT_TEXT },
	{ "link_bukalapak", FT_TEXT },
	{ "link_lainnya", FT_TEXT },
	{ "status", FT_TEXT },
	{ "tanggal_diajukan", FT_TEXT },  /* derived: the date of each move */
	{ "tanggal_kurasi", FT_TEXT },
	{ "catatan_kurasi", FT_TEXT },
	{ "tanggal_tayang", FT_TEXT },
	{ "tanggal_turun", FT_TEXT },
	{ "alasan_turun", FT_TEXT },
	ENTITY_COMMON_FIELDS
};

static const char *const produk_search[] = { "nama", "nama_usaha", NULL };
static const char *const produk_indexed[] = { "umkm", "status", NULL };

const struct entity_def entity_produk = {
	.name = "produk",
	.table = "produk",
	.fields = produk_fields,
	.nfields = ARRAY_SIZE(produk_fields),
	.name_field = "nama",
	.search_fields = produk_search,
	.reg_prefix = 'P',
	.since = 4,
	.indexed = produk_indexed,
};

/* ---- Pelatihan Online: a class ---- */

static const struct field_def kelas_fields[] = {
	{ "judul", FT_TEXT },
	{ "topik", FT_TEXT },
	{ "platform", FT_TEXT },
	{ "tanggal", FT_TEXT },
	{ "jam", FT_TEXT },
	{ "pelatih", FT_TEXT },
	{ "kapasitas", FT_INT },
	{ "link", FT_TEXT },
	{ "kabupaten_kota", FT_TEXT },    /* for whom; empty = the whole province */
	ENTITY_COMMON_FIELDS
};

static const char *const kelas_search[] = { "judul", "pelatih", NULL };
static const char *const kelas_indexed[] = { "tanggal", NULL };

const struct entity_def entity_kelas = {
	.name = "kelas",
	.table = "kelas",
	.fields = kelas_fields,
	.nfields = ARRAY_SIZE(kelas_fields),
	.name_field = "judul",
	.search_fields = kelas_search,
	.reg_prefix = 'T',
	.since = 4,
	.indexed = kelas_indexed,
};

/* ---- a class's participant ---- */

static const struct field_def peserta_fields[] = {
	{ "kelas", FT_TEXT },             /* kelas:<id> */
	{ "judul_kelas", FT_TEXT },       /* derived */
	{ "umkm", FT_TEXT },              /* umkm:<id> */
	{ "nama_usaha", FT_TEXT },        /* derived */
	{ "telepon", FT_TEXT },           /* derived: the business's phone */
	{ "kabupaten_kota", FT_TEXT },    /* derived */
	{ "kecamatan", FT_TEXT },         /* derived */
	{ "kehadiran", FT_TEXT },
	{ "nomor_sertifikat", FT_TEXT },
	ENTITY_COMMON_FIELDS
};

static const char *const peserta_search[] = { "nama_usaha", "judul_kelas", NULL };
static const char *const peserta_indexed[] = { "kelas", "umkm", NULL };

const struct entity_def entity_peserta = {
	.name = "peserta",
	.table = "peserta",
	.fields = peserta_fields,
	.nfields = ARRAY_SIZE(peserta_fields),
	.name_field = "nama_usaha",
	.search_fields = peserta_search,
	.reg_prefix = 'E',
	.since = 4,
	.indexed = peserta_indexed,
};
