/*
 * demo_prog6.c - `bantu demo` for programs 4 and 7: APD orders to some of the
 * demo businesses, deliveries (some partial, some rejected at inspection),
 * payments, distributions within each item's stock, and restructuring cases at
 * every stage. Every record goes through registry_save, so it meets every rule.
 */
#include "model/demo_prog6.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/format.h"
#include "model/prog_apd.h"
#include "model/prog_restru.h"

#define MAX_BUSINESSES 60

struct pick {
	char *ref[MAX_BUSINESSES];
	int n, max;
	const struct entity_meta *m;
};

static bool collect(const struct record *rec, void *arg)
{
	struct pick *p = arg;
	if (p->n >= p->max)
		return false;
	if (str_empty(record_get(rec, "kabupaten_kota")) ||
	    !str_empty(record_get(rec, FIELD_MERGED_INTO)))
		return true;
	p->ref[p->n++] = ref_make(p->m, &rec->id);
	return true;
}

struct demo6 {
	struct store *st;
	const char *officer;
	uint64_t rng;
	struct date today;
	struct err *e;
};

static uint64_t rnd(struct demo6 *d, uint64_t n)
{
	d->rng ^= d->rng << 13;
	d->rng ^= d->rng >> 7;
	d->rng ^= d->rng << 17;
	return n ? d->rng % n : 0;
}

/* Today minus days, as YYYY-MM-DD into buf. */
static const char *days_ago(struct demo6 *d, int64_t days, char *buf, size_t size)
{
	struct date x = date_from_days(date_to_days(&d->today) - days);
	return date_format_iso(&x, buf, size);
}

static void set_i(struct record *r, const char *field, int64_t v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	record_set(r, field, buf);
}

/* Saves rec (warnings confirmed) and releases it; its id into *id. */
static bool save(struct demo6 *d, const struct entity_meta *m, struct record *rec, struct rid *id)
{
	struct issues is = { 0 };
	enum save_result r = registry_save(d->st, m, rec, d->officer, true, &is, d->e);
	if (r == SAVE_INVALID)
		err_set(d->e, 1, "demo %s: %s", m->ent->name, is.n ? is.v[0].msg : "?");
	if (id)
		*id = rec->id;
	issues_release(&is);
	record_release(rec);
	return r == SAVE_DONE;
}

static const int64_t prices[] = { 5000, 15000, 75000, 20000, 3000 };

static bool apd_order(struct demo6 *d, const struct pick *b)
{
	char buf[16], buf2[16];
	int k = (int)rnd(d, (uint64_t)b->n);
	size_t item = rnd(d, apd_item_count());
	int64_t qty = 500 + 100 * (int64_t)rnd(d, 46);
	int64_t age = 40 + (int64_t)rnd(d, 50);
	struct record r;
	registry_new(d->st, &meta_apd_pesanan, &r);
	record_set(&r, "produsen", b->ref[k]);
	record_set(&r, "barang", apd_item_name(item));
	set_i(&r, "jumlah", qty);
	set_i(&r, "harga_satuan", item < ARRAY_SIZE(prices) ? prices[item] : 10000);
	record_set(&r, "tanggal_pesan", days_ago(d, age, buf, sizeof(buf)));
	record_set(&r, "tanggal_jatuh_tempo", days_ago(d, age - 30, buf2, sizeof(buf2)));
	struct rid id;
	if (!save(d, &meta_apd_pesanan, &r, &id))
		return false;
	char *ref = ref_make(&meta_apd_pesanan, &id);
	/* Up to three deliveries, the last sometimes short: partial and late orders. */
	int ndel = (int)rnd(d, 4);
	int64_t open = qty;
	bool ok = true;
	for (int i = 0; i < ndel && ok && open > 0; i++) {
		int64_t got = i == ndel - 1 && rnd(d, 2) ? open : open / 2 + 1;
		int64_t bad = (int64_t)rnd(d, 3) == 0 ? got / 20 : 0;
		registry_new(d->st, &meta_apd_penerimaan, &r);
		record_set(&r, "pesanan", ref);
		record_set(&r, "tanggal", days_ago(d, age - 10 - 8 * i, buf, sizeof(buf)));
		set_i(&r, "jumlah_diterima", got);
		set_i(&r, "jumlah_ditolak", bad);
		ok = save(d, &meta_apd_penerimaan, &r, NULL);
		open -= got - bad;
	}
	struct apd_order_totals t;
	if (ok && apd_order_totals(d->st, &id, &t) && t.owed > 0 && rnd(d, 2)) {
		registry_new(d->st, &meta_apd_bayar, &r);
		record_set(&r, "pesanan", ref);
		record_set(&r, "tanggal", days_ago(d, 5, buf, sizeof(buf)));
		set_i(&r, "jumlah", rnd(d, 2) ? t.owed : t.owed / 2);
		set_i(&r, "referensi", 100000 + (int64_t)rnd(d, 900000));
		ok = save(d, &meta_apd_bayar, &r, NULL);
	}
	free(ref);
	return ok;
}

static const char *const groups[] = { "masyarakat umum", "pedagang pasar", "ojek online",
				      "tenaga kesehatan", "lainnya" };
static const char *const places[] = { "Pasar Tugu", "Pasar Bambu Kuning", "Puskesmas Kedaton",
				      "Terminal Rajabasa", "Balai Desa", "Pasar Induk",
				      "Pangkalan Ojek Stasiun" };

static bool apd_distribution(struct demo6 *d, const char *kab)
{
	const char *office = store_office_code(d->st);
	bool pkg = rnd(d, 3) == 0;
	size_t item = rnd(d, apd_item_count());
	/* Within the stock: at most a fifth of what is there. */
	int64_t max = INT64_MAX;
	for (size_t i = 0; i < apd_item_count(); i++) {
		int64_t per = pkg ? apd_package_qty(apd_item_name(i)) : i == item ? 1 : 0;
		if (per > 0) {
			int64_t can = apd_stock(d->st, office, apd_item_name(i)) / per / 5;
			max = can < max ? can : max;
		}
	}
	if (max == INT64_MAX || max < 1)
		return true;
	char buf[16];
	struct record r;
	registry_new(d->st, &meta_apd_penyaluran, &r);
	record_set(&r, "tempat", places[rnd(d, ARRAY_SIZE(places))]);
	record_set(&r, "tanggal", days_ago(d, (int64_t)rnd(d, 20), buf, sizeof(buf)));
	record_set(&r, "barang", pkg ? APD_PAKET : apd_item_name(item));
	set_i(&r, "jumlah", 1 + (int64_t)rnd(d, (uint64_t)max));
	record_set(&r, "kelompok", groups[rnd(d, ARRAY_SIZE(groups))]);
	record_set(&r, "kabupaten_kota", kab);
	return save(d, &meta_apd_penyaluran, &r, NULL);
}

static const char *const lenders[] = { "bank umum", "bpr", "bank syariah", "lpdb-kumkm",
				       "koperasi simpan pinjam", "lainnya" };
static const char *const lender_names[] = { "Bank Lampung", "BPR Tanjung Karang",
					    "BSI Cabang Metro", "LPDB-KUMKM", "KSP Sejahtera",
					    "Pegadaian" };
static const char *const facilities[] = { "kur", "dana bergulir", "kredit modal kerja",
					  "kredit investasi", "lainnya" };
static const char *const collectibility[] = { "lancar", "dalam perhatian khusus", "kurang lancar",
				       "diragukan", "macet" };
static const char *const measures[] = { "perpanjangan jangka waktu", "penurunan suku bunga",
					"perpanjangan jangka waktu;pengurangan tunggakan bunga",
					"pengurangan tunggakan pokok" };
static const char *const decisions[] = { "disetujui seluruhnya", "disetujui sebagian", "ditolak" };

static bool restru_case(struct demo6 *d, const struct pick *b, int n)
{
	char buf[16], buf2[16], no[48];
	size_t l = rnd(d, ARRAY_SIZE(lenders));
	int64_t plafon = 5000000 * (1 + (int64_t)rnd(d, 40));
	int64_t baki = plafon * (20 + (int64_t)rnd(d, 80)) / 100;
	struct record r;
	registry_new(d->st, &meta_restrukturisasi, &r);
	record_set(&r, "debitur", b->ref[rnd(d, (uint64_t)b->n)]);
	record_set(&r, "jenis_kreditur", lenders[l]);
	record_set(&r, "nama_kreditur", lender_names[l]);
	record_set(&r, "fasilitas", facilities[rnd(d, ARRAY_SIZE(facilities))]);
	set_i(&r, "plafon_awal", plafon);
	set_i(&r, "baki_debet", baki);
	set_i(&r, "angsuran", baki / 24);
	set_i(&r, "tunggakan_pokok", rnd(d, 2) ? baki / 24 * (int64_t)rnd(d, 4) : 0);
	set_i(&r, "tunggakan_bunga", rnd(d, 2) ? baki / 100 * (int64_t)rnd(d, 3) : 0);
	record_set(&r, "kolektibilitas", collectibility[rnd(d, ARRAY_SIZE(collectibility))]);
	bool holiday = rnd(d, 2);
	if (holiday)
		set_i(&r, "penundaan_bulan", 1 + (int64_t)rnd(d, 12));
	if (!holiday || rnd(d, 2))
		record_set(&r, "bentuk_restrukturisasi", measures[rnd(d, ARRAY_SIZE(measures))]);
	int stage = (int)rnd(d, 3);   /* asked, letter sent, decided */
	int64_t letter = 20 + (int64_t)rnd(d, 40);
	if (stage >= 1) {
		record_set(&r, "tanggal_surat", days_ago(d, letter, buf, sizeof(buf)));
		snprintf(no, sizeof(no), "500/%03d/V.08/%d", n + 1, d->today.year);
		record_set(&r, "nomor_surat", no);
	}
	if (stage == 2) {
		const char *dec = decisions[rnd(d, ARRAY_SIZE(decisions))];
		int64_t at = letter - 5 - (int64_t)rnd(d, 10);
		record_set(&r, "keputusan", dec);
		record_set(&r, "tanggal_keputusan", days_ago(d, at, buf2, sizeof(buf2)));
		if (!str_eq(dec, "ditolak")) {
			set_i(&r, "angsuran_baru", baki / 36);
			set_i(&r, "tenor_baru", 36);
			if (holiday)
				record_set(&r, "akhir_penundaan", days_ago(d, at - 90, buf, sizeof(buf)));
		}
	}
	return save(d, &meta_restrukturisasi, &r, NULL);
}

bool demo_prog6(struct store *st, uint64_t seed, const char *officer, struct err *e)
{
	/* Small demos (the sync tests' few records) stay registry-only. */
	if (store_count(st, &entity_umkm) + store_count(st, &entity_koperasi) < DEMO_PROG6_MIN)
		return true;
	struct pick u = { .max = 40, .m = &meta_umkm }, k = { .max = 20, .m = &meta_koperasi };
	if (!store_each(st, &entity_umkm, false, collect, &u, e) ||
	    !store_each(st, &entity_koperasi, false, collect, &k, e))
		return false;
	/* Producers and debtors: UMKM and koperasi together. */
	struct pick b = { .max = MAX_BUSINESSES };
	for (int i = 0; i < u.n; i++)
		b.ref[b.n++] = u.ref[i];
	for (int i = 0; i < k.n && b.n < MAX_BUSINESSES; i++)
		b.ref[b.n++] = k.ref[i];
	for (int i = b.n - u.n; i < k.n; i++)
		free(k.ref[i]);
	bool ok = true;
	if (b.n > 0) {
		struct demo6 d = { st, officer, seed ^ 0x61706472657374ULL, date_today(), e };
		if (!d.rng)
			d.rng = 1;
		for (int i = 0; i < 30 && ok; i++)
			ok = apd_order(&d, &b);
		for (int i = 0; i < 60 && ok; i++) {
			struct record r;
			const char *kab = "";
			char *ref = b.ref[rnd(&d, (uint64_t)b.n)];
			if (ref_get(st, ref, &r)) {
				ok = apd_distribution(&d, kab = record_get(&r, "kabupaten_kota"));
				record_release(&r);
			}
		}
		for (int i = 0; i < 40 && ok; i++)
			ok = restru_case(&d, &b, i);
	}
	for (int i = 0; i < b.n; i++)
		free(b.ref[i]);
	return ok;
}
