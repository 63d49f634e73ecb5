/*
 * demo_prog4.c - demo records of programs 1, 2 and 5 on the registry's demo
 * businesses: the warung points of every kabupaten/kota's target (226 in all
 * by default) with four weeks of reports, a few hundred products along their
 * states, a dozen classes with participants, attendance and certificates.
 * Every record goes through registry_save, so it meets every rule; the same
 * seed gives the same records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/prog4.h"
#include "model/region.h"

struct rng4 {
	uint64_t s;
};

static uint64_t next4(struct rng4 *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static long below(struct rng4 *r, long n)
{
	return n > 0 ? (long)(next4(r) % (uint64_t)n) : 0;
}

static bool chance(struct rng4 *r, int percent)
{
	return below(r, 100) < percent;
}

struct biz {
	const struct entity_meta *m;
	struct rid id;
	char *kab;
	bool used;       /* runs a warung point already */
};

struct bizlist {
	struct biz *v;
	size_t n, cap;
	const struct entity_meta *m;
};

static bool collect(const struct record *rec, void *arg)
{
	struct bizlist *l = arg;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = (struct biz){ l->m, rec->id, xstrdup(record_get(rec, "kabupaten_kota")), false };
	return true;
}

static void bizlist_release(struct bizlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].kab);
	free(l->v);
}

/* A business of the kabupaten/kota (any when it has none), picked at random,
 * one that runs no point yet while there are such. */
static struct biz *pick_in(struct rng4 *r, struct bizlist *l, const char *kab)
{
	size_t n = 0, fresh = 0;
	for (size_t i = 0; i < l->n; i++)
		if (str_eq(l->v[i].kab, kab)) {
			n++;
			fresh += !l->v[i].used;
		}
	if (n == 0)
		return l->n ? &l->v[below(r, (long)l->n)] : NULL;
	long k = below(r, (long)(fresh ? fresh : n));
	for (size_t i = 0; i < l->n; i++)
		if (str_eq(l->v[i].kab, kab) && (!fresh || !l->v[i].used) && k-- == 0)
			return &l->v[i];
	return NULL;
}

static bool save(struct store *st, const struct entity_meta *m, struct record *rec,
		 const char *officer, struct err *e)
{
	struct issues is = { 0 };
	enum save_result res = registry_save(st, m, rec, officer, true, &is, e);
	if (res == SAVE_INVALID)
		err_set(e, 1, "demo %s: %s", m->ent->name, is.n ? is.v[0].msg : "?");
	issues_release(&is);
	return res == SAVE_DONE || res == SAVE_UNCHANGED;
}

static void set_ref(struct record *rec, const char *field, const struct entity_meta *m,
		    const struct rid *id)
{
	char *v = ref_make(m, id);
	record_set(rec, field, v);
	free(v);
}

static void set_num(struct record *rec, const char *field, long v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%ld", v);
	record_set(rec, field, buf);
}

static void days_ago(long n, char out[DATE_BUFSZ])
{
	struct date today = date_today();
	struct date d = date_from_days(date_to_days(&today) - n);
	date_format_iso(&d, out, DATE_BUFSZ);
}

/* A random non-empty subset of choices, "a;b". */
static void subset(struct rng4 *r, const struct choice *c, int percent, struct strbuf *sb)
{
	strbuf_reset(sb);
	size_t n = 0;
	while (c[n].value)
		n++;
	for (size_t i = 0; i < n; i++)
		if (chance(r, percent))
			strbuf_addf(sb, "%s%s", sb->len ? ";" : "", c[i].value);
	if (!sb->len)
		strbuf_adds(sb, c[below(r, (long)n)].value);
}

static bool demo_warung(struct store *st, struct rng4 *r, struct bizlist *umkm,
			struct bizlist *kop, const char *officer, struct err *e)
{
	/* A district office's demo: the points of its own kabupaten/kota. */
	const char *office = store_office_code(st);
	struct table *t = table_new("", 1);
	table_add_kabupaten_rows(t, st, region_code_level(office) == REGION_KABKOTA ? office : NULL);
	struct strbuf sb = STRBUF_INIT;
	struct rid *active = NULL;
	size_t nactive = 0, cap = 0;
	bool ok = true;
	static const char *const hours[] = { "07.00-17.00", "06.00-20.00", "08.00-16.00", "07.00-21.00" };
	static const char *const closed[] = { "operator sakit", "stok habis", "pindah lokasi",
					      "tidak ada kurir" };
	for (size_t k = 0; ok && k < t->nrows; k++) {
		int64_t target = warung_target(st, t->rows[k].code);
		for (int64_t i = 0; ok && i < target; i++) {
			struct biz *b = chance(r, 85) || !kop->n ? pick_in(r, umkm, t->rows[k].code)
								 : pick_in(r, kop, t->rows[k].code);
			if (!b)
				break;
			b->used = true;
			struct record biz;
			if (!store_get(st, b->m->ent, &b->id, &biz, e)) {
				ok = false;
				break;
			}
			struct record rec;
			registry_new(st, &meta_warung, &rec);
			strbuf_reset(&sb);
			const char *bn = record_get(&biz, biz.ent->name_field);
			strbuf_addf(&sb, "%s%.70s", strncmp(bn, "Warung ", 7) == 0 ? "" : "Warung ", bn);
			record_set(&rec, "nama", sb.buf);
			set_ref(&rec, "operator", b->m, &b->id);
			record_set(&rec, "alamat", record_get(&biz, "alamat") ? record_get(&biz, "alamat")
									      : "Jl. Pasar No. 1");
			record_set(&rec, "kabupaten_kota", record_get(&biz, "kabupaten_kota"));
			record_set(&rec, "kecamatan", record_get(&biz, "kecamatan"));
			record_set(&rec, "desa", record_get(&biz, "desa"));
			record_set(&rec, "kecamatan_layanan", record_get(&biz, "kecamatan"));
			const char *tel = record_get(&biz, "telepon");
			char wa[20];
			if (!tel) {
				snprintf(wa, sizeof(wa), "+62812%08ld", below(r, 100000000));
				tel = wa;
			}
			record_set(&rec, "whatsapp", tel);
			const struct field_meta *sells = registry_field(&meta_warung, "jualan");
			subset(r, sells->choices, 30, &sb);
			record_set(&rec, "jualan", sb.buf);
			subset(r, registry_field(&meta_warung, "pengiriman")->choices, 40, &sb);
			record_set(&rec, "pengiriman", sb.buf);
			record_set(&rec, "jam_buka", hours[below(r, 4)]);
			char day[DATE_BUFSZ];
			days_ago(40 + below(r, 30), day);
			record_set(&rec, "tanggal_mulai", day);
			bool on = chance(r, 92);
			record_set(&rec, "status", on ? "aktif" : "nonaktif");
			if (!on)
				record_set(&rec, "alasan_nonaktif", closed[below(r, 4)]);
			ok = save(st, &meta_warung, &rec, officer, e);
			if (ok && on) {
				if (nactive == cap) {
					cap = cap ? cap * 2 : 256;
					active = xrealloc(active, cap * sizeof(*active));
				}
				active[nactive++] = rec.id;
			}
			record_release(&rec);
			record_release(&biz);
		}
	}
	/* Four weeks of reports of the active points, the last week still partly missing. */
	for (int w = 4; ok && w >= 1; w--) {
		char day[DATE_BUFSZ], mon[DATE_BUFSZ];
		days_ago(7L * w, day);
		warung_week_start(day, mon);
		for (size_t i = 0; ok && i < nactive; i++) {
			if (w == 1 && chance(r, 30))
				continue;
			struct record rec;
			registry_new(st, &meta_warung_laporan, &rec);
			set_ref(&rec, "titik", &meta_warung, &active[i]);
			record_set(&rec, "minggu", mon);
			long orders = 5 + below(r, 60);
			set_num(&rec, "pesanan", orders);
			set_num(&rec, "omzet", orders * (25000 + below(r, 60) * 1000));
			ok = save(st, &meta_warung_laporan, &rec, officer, e);
			record_release(&rec);
		}
	}
	free(active);
	strbuf_release(&sb);
	table_free(t);
	return ok;
}

static bool demo_produk(struct store *st, struct rng4 *r, const struct bizlist *umkm,
			const char *officer, struct err *e)
{
	static const struct {
		const char *kategori, *satuan;
		const char *names[4];
		long lo, hi;
	} kinds[] = {
		{ "makanan", "bungkus", { "Keripik Pisang", "Kemplang Panggang", "Lempok Durian", "Sambal Lingkung" }, 10, 60 },
		{ "minuman", "botol", { "Kopi Robusta Bubuk", "Jahe Merah Instan", "Sirup Kopi", "Teh Rosela" }, 15, 90 },
		{ "fesyen", "lembar", { "Kain Tapis", "Batik Lampung", "Kemeja Tapis", "Selendang Tapis" }, 120, 900 },
		{ "kerajinan", "buah", { "Anyaman Bambu", "Tas Purun", "Miniatur Siger", "Kerajinan Rotan" }, 40, 400 },
		{ "pertanian", "kg", { "Beras Organik", "Madu Hutan", "Lada Hitam", "Gula Aren" }, 15, 150 },
	};
	static const char *const places[] = { "instagram", "facebook", "whatsapp", "shopee", "tokopedia" };
	static const char *const down[] = { "stok habis", "usaha tutup sementara", "permintaan pemilik" };
	long n = 300;
	bool ok = true;
	struct strbuf sb = STRBUF_INIT;
	for (long i = 0; ok && i < n && umkm->n; i++) {
		const struct biz *b = &umkm->v[below(r, (long)umkm->n)];
		size_t k = (size_t)below(r, (long)ARRAY_SIZE(kinds));
		struct record rec;
		registry_new(st, &meta_produk, &rec);
		record_set(&rec, "nama", kinds[k].names[below(r, 4)]);
		set_ref(&rec, "umkm", &meta_umkm, &b->id);
		record_set(&rec, "kategori", kinds[k].kategori);
		record_set(&rec, "satuan", kinds[k].satuan);
		set_num(&rec, "harga", (kinds[k].lo + below(r, kinds[k].hi - kinds[k].lo)) * 1000);
		record_set(&rec, "deskripsi", "Produk asli Lampung, dibuat oleh pelaku UMKM binaan Dinas.");
		size_t p1 = (size_t)below(r, 5), p2 = (size_t)below(r, 5);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "website;%s", places[p1]);
		if (p2 != p1)
			strbuf_addf(&sb, ";%s", places[p2]);
		record_set(&rec, "tempat_promosi", sb.buf);
		char field[40], link[120];
		snprintf(link, sizeof(link), "https://umkm.lampungprov.go.id/produk/%ld", i + 1);
		record_set(&rec, "link_website", link);
		for (int j = 0; j < 2; j++) {
			size_t p = j ? p2 : p1;
			snprintf(field, sizeof(field), "link_%s", places[p]);
			snprintf(link, sizeof(link), "https://%s.com/umkm%ld", places[p], 1000 + i);
			if (str_eq(places[p], "whatsapp"))
				snprintf(link, sizeof(link), "https://wa.me/62812%07ld", 1000000 + i);
			record_set(&rec, field, link);
		}
		/* Along the arrows: 20% stay submitted, 20% curated, 50% live, 10% down. */
		long u = below(r, 100);
		int steps = u < 20 ? 0 : u < 40 ? 1 : u < 90 ? 2 : 3;
		ok = save(st, &meta_produk, &rec, officer, e);
		if (ok && steps >= 1) {
			record_set(&rec, "status", "dikurasi");
			record_set(&rec, "catatan_kurasi", chance(r, 50) ? "Foto produk jelas, harga wajar."
									 : "Layak tayang.");
			ok = save(st, &meta_produk, &rec, officer, e);
		}
		if (ok && steps >= 2) {
			record_set(&rec, "status", "tayang");
			ok = save(st, &meta_produk, &rec, officer, e);
		}
		if (ok && steps >= 3) {
			record_set(&rec, "status", "diturunkan");
			record_set(&rec, "alasan_turun", down[below(r, 3)]);
			ok = save(st, &meta_produk, &rec, officer, e);
		}
		record_release(&rec);
	}
	strbuf_release(&sb);
	return ok;
}

static bool demo_pelatihan(struct store *st, struct rng4 *r, const struct bizlist *umkm,
			   const char *officer, struct err *e)
{
	static const struct {
		const char *judul, *topik;
	} classes[] = {
		{ "Jualan Online lewat Instagram", "pemasaran digital" },
		{ "Foto Produk dengan Ponsel", "pemasaran digital" },
		{ "Membuka Toko di Marketplace", "pemasaran digital" },
		{ "Catatan Keuangan Harian UMKM", "pembukuan sederhana" },
		{ "Memisahkan Uang Usaha dan Pribadi", "pembukuan sederhana" },
		{ "Kemasan Menarik untuk Produk Pangan", "pengemasan produk" },
		{ "Label dan Kode Produksi", "pengemasan produk" },
		{ "Mengenal KUR dan Pembiayaan Mikro", "akses permodalan" },
		{ "Restrukturisasi Kredit di Masa Pandemi", "akses permodalan" },
		{ "Mengurus NIB lewat OSS", "perizinan usaha" },
		{ "Sertifikat PIRT dan Halal", "perizinan usaha" },
		{ "Layanan Pesan Antar untuk Warung", "lainnya" },
	};
	static const char *const trainers[] = { "Dr. Hendra Saputra", "Rina Marlina, S.E.",
						"Agus Salim, M.M.", "Dewi Kartika", "Yusuf Hidayat" };
	static const char *const plats[] = { "zoom", "google meet", "whatsapp", "youtube" };
	bool ok = true;
	for (size_t c = 0; ok && c < ARRAY_SIZE(classes) && umkm->n; c++) {
		struct record k;
		registry_new(st, &meta_kelas, &k);
		record_set(&k, "judul", classes[c].judul);
		record_set(&k, "topik", classes[c].topik);
		record_set(&k, "platform", plats[below(r, 4)]);
		/* Ten classes held already, the last two to come. */
		char day[DATE_BUFSZ];
		long ago = 54 - 6 * (long)c;
		days_ago(ago, day);
		record_set(&k, "tanggal", day);
		record_set(&k, "jam", chance(r, 50) ? "09.00" : "13.30");
		record_set(&k, "pelatih", trainers[below(r, 5)]);
		long capacity = 30 + 10 * below(r, 8);
		set_num(&k, "kapasitas", capacity);
		char link[80];
		snprintf(link, sizeof(link), "https://s.id/pelatihan-umkm-%02zu", c + 1);
		record_set(&k, "link", link);
		ok = save(st, &meta_kelas, &k, officer, e);
		long want = 10 + below(r, 20);
		bool held = ago >= 0;
		size_t picked[32];
		for (long i = 0; ok && i < want && (size_t)i < umkm->n; i++) {
			/* Each business once per class (a refused save would undo the demo). */
			size_t at;
			bool again;
			do {
				at = (size_t)below(r, (long)umkm->n);
				again = false;
				for (long j = 0; j < i; j++)
					again |= picked[j] == at;
			} while (again);
			picked[i] = at;
			const struct biz *b = &umkm->v[at];
			struct record p;
			registry_new(st, &meta_peserta, &p);
			set_ref(&p, "kelas", &meta_kelas, &k.id);
			set_ref(&p, "umkm", &meta_umkm, &b->id);
			ok = save(st, &meta_peserta, &p, officer, e);
			if (ok && held) {
				bool there = chance(r, 78);
				record_set(&p, "kehadiran", there ? "hadir" : "tidak hadir");
				if (there && chance(r, 85)) {
					char no[48];
					snprintf(no, sizeof(no), "SRT/%02zu/%03ld", c + 1, i + 1);
					record_set(&p, "nomor_sertifikat", no);
				}
				ok = save(st, &meta_peserta, &p, officer, e);
			}
			record_release(&p);
		}
		record_release(&k);
	}
	return ok;
}

bool demo_prog4(struct store *st, uint64_t seed, const char *officer, struct err *e)
{
	struct rng4 r = { seed ^ 0x70726f6734ULL };
	struct bizlist umkm = { .m = &meta_umkm }, kop = { .m = &meta_koperasi };
	bool ok = store_each(st, &entity_umkm, false, collect, &umkm, e) &&
		  store_each(st, &entity_koperasi, false, collect, &kop, e);
	if (ok && umkm.n)
		ok = demo_warung(st, &r, &umkm, &kop, officer, e) &&
		     demo_produk(st, &r, &umkm, officer, e) &&
		     demo_pelatihan(st, &r, &umkm, officer, e);
	bizlist_release(&umkm);
	bizlist_release(&kop);
	return ok;
}
