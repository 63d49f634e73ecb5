/* entity_prog5.c - the records of two relief programs: stimulus applications
 * (program 3, reg prefix S) and Kartu Prakerja referrals (program 6, prefix J). */
#include "entity.h"

#include "core/util.h"

static const struct field_def stimulus_fields[] = {
	{ "penerima", FT_TEXT },            /* umkm:/koperasi: reference */
	{ "nama_usaha", FT_TEXT },          /* derived from the business */
	{ "nama_pemilik", FT_TEXT },        /* derived: owner or chair */
	{ "nik", FT_TEXT },                 /* derived: the owner's NIK */
	{ "kabupaten_kota", FT_TEXT },      /* derived */
	{ "kantor_pengusul", FT_TEXT },     /* proposing office (code) */
	{ "tanggal_pengajuan", FT_TEXT },
	{ "jumlah_diajukan", FT_INT },
	{ "kelayakan", FT_TEXT },           /* checklist items ticked, "a;b" */
	{ "bank", FT_TEXT },
	{ "nomor_rekening", FT_TEXT },
	{ "nama_rekening", FT_TEXT },
	{ "status", FT_TEXT },
	{ "tanggal_verifikasi", FT_TEXT },
	{ "catatan_kunjungan", FT_TEXT },
	{ "jumlah_disetujui", FT_INT },     /* province */
	{ "tanggal_keputusan", FT_TEXT },   /* province */
	{ "alasan_tolak", FT_TEXT },        /* province */
	{ "cara_bayar", FT_TEXT },          /* province: transfer / tunai */
	{ "jumlah_dibayar", FT_INT },       /* province */
	{ "tanggal_cair", FT_TEXT },        /* province */
	{ "referensi_bayar", FT_TEXT },     /* province */
	{ "catatan", FT_TEXT },
	ENTITY_COMMON_FIELDS
};

static const char *const stimulus_search[] = { "nama_usaha", "nama_pemilik", "nik", NULL };
static const char *const stimulus_indexed[] = { "reg_no", "penerima", "nik", "status", NULL };
static const char *const stimulus_province[] = {
	"jumlah_disetujui", "tanggal_keputusan", "alasan_tolak", "cara_bayar",
	"jumlah_dibayar", "tanggal_cair", "referensi_bayar", NULL
};

const struct entity_def entity_stimulus = {
	.name = "stimulus",
	.table = "stimulus",
	.fields = stimulus_fields,
	.nfields = ARRAY_SIZE(stimulus_fields),
	.name_field = "nama_usaha",
	.search_fields = stimulus_search,
	.reg_prefix = 'S',
	.province_only = stimulus_province,
	.since = 5,
	.indexed = stimulus_indexed,
};

static const struct field_def prakerja_fields[] = {
	{ "penerima", FT_TEXT },            /* umkm: reference (the owner) */
	{ "nama", FT_TEXT },                /* derived: the owner's name */
	{ "nik", FT_TEXT },                 /* derived */
	{ "nama_usaha", FT_TEXT },          /* derived */
	{ "alamat", FT_TEXT },              /* derived */
	{ "kabupaten_kota", FT_TEXT },      /* derived */
	{ "alasan", FT_TEXT },
	{ "telepon", FT_TEXT },
	{ "email", FT_TEXT },
	{ "tanggal_rujukan", FT_TEXT },
	{ "status", FT_TEXT },
	{ "tanggal_diteruskan", FT_TEXT },
	{ "nomor_surat", FT_TEXT },
	{ "nomor_kartu", FT_TEXT },
	{ "gelombang", FT_INT },
	{ "alasan_tolak", FT_TEXT },
	{ "catatan", FT_TEXT },
	ENTITY_COMMON_FIELDS
};

static const char *const prakerja_search[] = { "nama", "nik", "nama_usaha", NULL };
static const char *const prakerja_indexed[] = { "reg_no", "penerima", "nik", "nomor_surat", "status", NULL };

const struct entity_def entity_prakerja = {
	.name = "prakerja",
	.table = "prakerja",
	.fields = prakerja_fields,
	.nfields = ARRAY_SIZE(prakerja_fields),
	.name_field = "nama",
	.search_fields = prakerja_search,
	.reg_prefix = 'J',
	.since = 5,
	.indexed = prakerja_indexed,
};
