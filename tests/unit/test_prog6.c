/*
 * test_prog6.c - programs 4 (Produksi APD) and 7 (Restrukturisasi): every rule,
 * an order's state from its deliveries and the date, stock per item and office
 * (packages take their items), payments never above what is owed, and a
 * randomized run of thousands of valid and invalid operations checked against a
 * model of its own: stock never below zero, deliveries never above the order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/config.h"
#include "core/util.h"
#include "model/prog_apd.h"
#include "model/prog_restru.h"
#include "model/region.h"
#include "model/registry.h"
#include "store/store.h"

struct fixture {
	char dir[64];
	char path[96];
	struct store *st;
	char *prod[3];       /* references to producers: two UMKM, a koperasi */
};

static struct fixture *F;

static char *add_business(struct store *st, const struct entity_meta *m, const char *name,
			  const char *kab)
{
	struct record r;
	struct err e;
	record_init(&r, m->ent);
	record_set(&r, m->ent->name_field, name);
	record_set(&r, "kabupaten_kota", kab);
	assert_int_equal(store_save(st, &r, "test", &e), 1);
	char *ref = ref_make(m, &r.id);
	record_release(&r);
	return ref;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/bantu-test-prog6-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	setenv("BANTU_TODAY", "2020-06-20", 1);
	snprintf(f->path, sizeof(f->path), "%s/db.sqlite", f->dir);
	struct err e;
	f->st = store_open(f->path, STORE_CREATE, &e);
	if (!f->st || !store_init_office(f->st, "18", "Dinas", &e) || !store_begin(f->st, &e) ||
	    region_load(f->st, "18", NULL, &e) <= 0 || !store_commit(f->st, &e))
		return -1;
	f->prod[0] = add_business(f->st, &meta_umkm, "Konveksi Sari", "18.71");
	f->prod[1] = add_business(f->st, &meta_umkm, "Jahit Makmur", "18.01");
	f->prod[2] = add_business(f->st, &meta_koperasi, "Koperasi Wanita Tani", "18.72");
	F = f;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->st);
	for (int i = 0; i < 3; i++)
		free(f->prod[i]);
	char buf[160];
	unlink(f->path);
	snprintf(buf, sizeof(buf), "%s-wal", f->path);
	unlink(buf);
	snprintf(buf, sizeof(buf), "%s-shm", f->path);
	unlink(buf);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Saves rec with warnings confirmed; the issues' text into msg (when given). */
static enum save_result save(const struct entity_meta *m, struct record *rec, char *msg, size_t n)
{
	struct issues is = { 0 };
	struct err e = { 0 };
	enum save_result r = registry_save(F->st, m, rec, "test", true, &is, &e);
	if (msg) {
		msg[0] = '\0';
		for (size_t i = 0; i < is.n; i++)
			snprintf(msg + strlen(msg), n - strlen(msg), "%s;", is.v[i].msg);
	}
	issues_release(&is);
	return r;
}

static void set_i(struct record *r, const char *field, long long v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%lld", v);
	record_set(r, field, buf);
}

/* A new order; its reference (caller frees) or NULL when refused. */
static char *order(const char *prod, const char *item, long long qty, long long price,
		   const char *date, const char *due)
{
	struct record r;
	registry_new(F->st, &meta_apd_pesanan, &r);
	record_set(&r, "produsen", prod);
	record_set(&r, "barang", item);
	set_i(&r, "jumlah", qty);
	set_i(&r, "harga_satuan", price);
	record_set(&r, "tanggal_pesan", date);
	record_set(&r, "tanggal_jatuh_tempo", due);
	char *ref = save(&meta_apd_pesanan, &r, NULL, 0) == SAVE_DONE ? ref_make(&meta_apd_pesanan, &r.id)
								     : NULL;
	record_release(&r);
	return ref;
}

static enum save_result delivery(const char *order_ref, long long got, long long bad, char *msg,
				 size_t n, struct rid *id)
{
	struct record r;
	registry_new(F->st, &meta_apd_penerimaan, &r);
	record_set(&r, "pesanan", order_ref);
	record_set(&r, "tanggal", "2020-06-10");
	set_i(&r, "jumlah_diterima", got);
	set_i(&r, "jumlah_ditolak", bad);
	enum save_result res = save(&meta_apd_penerimaan, &r, msg, n);
	if (id)
		*id = r.id;
	record_release(&r);
	return res;
}

static struct rid last_dist;

static enum save_result distribute(const char *item, long long qty, const char *office, char *msg,
				   size_t n)
{
	struct record r;
	registry_new(F->st, &meta_apd_penyaluran, &r);
	record_set(&r, "tempat", "Pasar Tugu");
	record_set(&r, "tanggal", "2020-06-15");
	record_set(&r, "barang", item);
	set_i(&r, "jumlah", qty);
	record_set(&r, "kelompok", "pedagang pasar");
	record_set(&r, "kabupaten_kota", "18.71");
	if (office)
		record_set(&r, "kantor", office);
	enum save_result res = save(&meta_apd_penyaluran, &r, msg, n);
	last_dist = r.id;
	record_release(&r);
	return res;
}

static enum save_result pay(const char *order_ref, long long amount, char *msg, size_t n)
{
	struct record r;
	registry_new(F->st, &meta_apd_bayar, &r);
	record_set(&r, "pesanan", order_ref);
	record_set(&r, "tanggal", "2020-06-12");
	set_i(&r, "jumlah", amount);
	enum save_result res = save(&meta_apd_bayar, &r, msg, n);
	record_release(&r);
	return res;
}

static const char *state_of(const char *order_ref)
{
	struct record r;
	assert_true(ref_get(F->st, order_ref, &r));
	const char *s = apd_order_state(F->st, &r);
	record_release(&r);
	return s;
}

static char *computed(const char *order_ref, const char *field)
{
	const struct entity_meta *m;
	struct rid id;
	assert_true(ref_split(order_ref, &m, &id));
	return meta_apd_pesanan.computed(F->st, &meta_apd_pesanan, &id, field);
}

/* ---- orders and deliveries ---- */

static void test_order_rules(void **state)
{
	(void)state;
	assert_null(order(F->prod[0], "masker kain", 0, 5000, "2020-05-01", "2020-06-01"));
	assert_null(order(F->prod[0], "masker kain", 100, 0, "2020-05-01", "2020-06-01"));
	assert_null(order(F->prod[0], "masker kain", 100, 5000, "2020-05-01", "2020-04-01"));
	assert_null(order(F->prod[0], "masker kain", -5, 5000, "2020-05-01", "2020-06-01"));
	assert_null(order(F->prod[0], "masker", 100, 5000, "2020-05-01", "2020-06-01"));
	char *o = order(F->prod[0], "masker kain", 100, 5000, "2020-05-01", "2020-07-01");
	assert_non_null(o);
	/* The producer's name and kabupaten/kota are copied for lists and summaries. */
	struct record r;
	assert_true(ref_get(F->st, o, &r));
	assert_string_equal(record_get(&r, "nama_produsen"), "Konveksi Sari");
	assert_string_equal(record_get(&r, "kabupaten_kota"), "18.71");
	assert_string_equal(record_get(&r, "kantor"), "18");
	assert_string_equal(record_get(&r, "status"), "dipesan");

	char msg[600];
	assert_int_equal(delivery(o, 60, 10, msg, sizeof(msg), NULL), SAVE_DONE);
	/* Below what was accepted, or another item: refused. */
	set_i(&r, "jumlah", 40);
	assert_int_equal(save(&meta_apd_pesanan, &r, msg, sizeof(msg)), SAVE_INVALID);
	assert_non_null(strstr(msg, "50"));
	set_i(&r, "jumlah", 100);
	record_set(&r, "barang", "face shield");
	assert_int_equal(save(&meta_apd_pesanan, &r, msg, sizeof(msg)), SAVE_INVALID);
	record_set(&r, "barang", "masker kain");
	set_i(&r, "jumlah", 50);
	assert_int_equal(save(&meta_apd_pesanan, &r, msg, sizeof(msg)), SAVE_DONE);
	record_release(&r);
	assert_string_equal(state_of(o), "selesai");
	free(o);
}

static void test_delivery_and_state(void **state)
{
	(void)state;
	char msg[600];
	char *o = order(F->prod[1], "gaun medis", 100, 80000, "2020-05-01", "2020-06-30");
	assert_non_null(o);
	assert_string_equal(state_of(o), "dipesan");
	/* Whole and positive; rejected no more than received. */
	assert_int_equal(delivery(o, 0, 0, msg, sizeof(msg), NULL), SAVE_INVALID);
	assert_int_equal(delivery(o, 10, 11, msg, sizeof(msg), NULL), SAVE_INVALID);
	assert_non_null(strstr(msg, "11"));
	assert_int_equal(delivery(o, 40, 5, msg, sizeof(msg), NULL), SAVE_DONE);
	assert_string_equal(state_of(o), "sebagian diterima");
	char *v = computed(o, "status");
	assert_string_equal(v, "sebagian diterima");
	free(v);
	v = computed(o, "terutang");
	assert_string_equal(v, "2800000");      /* 35 accepted x 80.000 */
	free(v);
	/* 65 still open: 70 accepted is too many, 75 with 10 rejected fits. */
	assert_int_equal(delivery(o, 70, 0, msg, sizeof(msg), NULL), SAVE_INVALID);
	assert_non_null(strstr(msg, "65"));
	struct rid last;
	assert_int_equal(delivery(o, 75, 10, msg, sizeof(msg), &last), SAVE_DONE);
	assert_string_equal(state_of(o), "selesai");
	assert_int_equal(delivery(o, 1, 0, msg, sizeof(msg), NULL), SAVE_INVALID);
	/* Editing a delivery counts it once, not twice. */
	struct record d;
	assert_true(store_get(F->st, &entity_apd_penerimaan, &last, &d, NULL));
	set_i(&d, "jumlah_ditolak", 11);
	assert_int_equal(save(&meta_apd_penerimaan, &d, msg, sizeof(msg)), SAVE_DONE);
	set_i(&d, "jumlah_ditolak", 9);
	assert_int_equal(save(&meta_apd_penerimaan, &d, msg, sizeof(msg)), SAVE_INVALID);
	record_release(&d);
	assert_string_equal(state_of(o), "sebagian diterima");
	/* Past the due date and not complete: late. */
	setenv("BANTU_TODAY", "2020-07-01", 1);
	assert_string_equal(state_of(o), "terlambat");
	setenv("BANTU_TODAY", "2020-06-20", 1);
	/* A delivery dated before its order is refused. */
	char *o2 = order(F->prod[2], "gaun medis", 10, 80000, "2020-06-15", "2020-06-30");
	assert_non_null(o2);
	assert_int_equal(delivery(o2, 5, 0, msg, sizeof(msg), NULL), SAVE_INVALID);
	free(o2);
	free(o);
}

static void test_stock_and_packages(void **state)
{
	(void)state;
	char msg[600];
	int64_t base = apd_stock(F->st, "18", "hand sanitizer");
	assert_int_equal(base, 0);
	char *o = order(F->prod[2], "hand sanitizer", 50, 15000, "2020-05-01", "2020-06-30");
	assert_int_equal(delivery(o, 30, 0, msg, sizeof(msg), NULL), SAVE_DONE);
	assert_int_equal(apd_stock(F->st, "18", "hand sanitizer"), 30);
	assert_int_equal(distribute("hand sanitizer", 31, NULL, msg, sizeof(msg)), SAVE_INVALID);
	assert_non_null(strstr(msg, "hand sanitizer"));
	assert_int_equal(distribute("hand sanitizer", 0, NULL, msg, sizeof(msg)), SAVE_INVALID);
	assert_int_equal(distribute("hand sanitizer", 25, NULL, msg, sizeof(msg)), SAVE_DONE);
	assert_int_equal(apd_stock(F->st, "18", "hand sanitizer"), 5);
	/* Another office's stock is its own. */
	assert_int_equal(distribute("hand sanitizer", 1, "18.71", msg, sizeof(msg)), SAVE_INVALID);
	/* A package takes every item of the package: none of face shields yet. */
	assert_int_equal(distribute(APD_PAKET, 1, NULL, msg, sizeof(msg)), SAVE_INVALID);
	const char *items[] = { "masker kain", "face shield", "gaun medis", "sarung tangan" };
	for (size_t i = 0; i < 4; i++) {
		char *oi = order(F->prod[0], items[i], 100, 1000, "2020-05-01", "2020-06-30");
		assert_non_null(oi);
		if (apd_stock(F->st, "18", items[i]) < 20)
			assert_int_equal(delivery(oi, 20, 0, msg, sizeof(msg), NULL), SAVE_DONE);
		free(oi);
	}
	int64_t masks = apd_stock(F->st, "18", "masker kain");
	assert_int_equal(distribute(APD_PAKET, 2, NULL, msg, sizeof(msg)), SAVE_DONE);
	assert_int_equal(apd_stock(F->st, "18", "masker kain"), masks - 2 * apd_package_qty("masker kain"));
	assert_int_equal(apd_stock(F->st, "18", "hand sanitizer"), 3);
	assert_int_equal(distribute(APD_PAKET, 4, NULL, msg, sizeof(msg)), SAVE_INVALID);
	/* Lowering a delivery below what was distributed from it: refused. */
	struct rid id;
	char *oh = order(F->prod[2], "hand sanitizer", 10, 15000, "2020-05-01", "2020-06-30");
	assert_int_equal(delivery(oh, 4, 0, msg, sizeof(msg), &id), SAVE_DONE);
	assert_int_equal(distribute("hand sanitizer", 7, NULL, msg, sizeof(msg)), SAVE_DONE);
	struct record d;
	assert_true(store_get(F->st, &entity_apd_penerimaan, &id, &d, NULL));
	set_i(&d, "jumlah_ditolak", 1);
	assert_int_equal(save(&meta_apd_penerimaan, &d, msg, sizeof(msg)), SAVE_INVALID);
	record_release(&d);
	/* Nor by deleting it; deleting the distribution first makes room. */
	struct err e;
	assert_false(registry_delete(F->st, &meta_apd_penerimaan, &id, "salah input", "t", &e));
	assert_non_null(strstr(e.msg, "hand sanitizer"));
	struct rid dist = last_dist;
	assert_true(registry_delete(F->st, &meta_apd_penyaluran, &dist, "batal", "t", &e));
	assert_true(registry_delete(F->st, &meta_apd_penerimaan, &id, "salah input", "t", &e));
	/* Restoring the distribution now would take more than the stock. */
	assert_false(registry_restore(F->st, &meta_apd_penyaluran, &dist, "t", &e));
	assert_true(registry_restore(F->st, &meta_apd_penerimaan, &id, "t", &e));
	assert_true(registry_restore(F->st, &meta_apd_penyaluran, &dist, "t", &e));
	assert_int_equal(apd_stock(F->st, "18", "hand sanitizer"), 0);
	free(oh);
	free(o);
}

static void test_payments(void **state)
{
	(void)state;
	char msg[600];
	char *o = order(F->prod[1], "sarung tangan", 100, 2000, "2020-05-01", "2020-06-30");
	assert_int_equal(delivery(o, 50, 10, msg, sizeof(msg), NULL), SAVE_DONE);
	/* Owed: 40 x 2.000 = 80.000. */
	assert_int_equal(pay(o, 80001, msg, sizeof(msg)), SAVE_INVALID);
	assert_non_null(strstr(msg, "80.000"));
	assert_int_equal(pay(o, 0, msg, sizeof(msg)), SAVE_INVALID);
	assert_int_equal(pay(o, 50000, msg, sizeof(msg)), SAVE_DONE);
	assert_int_equal(pay(o, 30001, msg, sizeof(msg)), SAVE_INVALID);
	assert_int_equal(pay(o, 30000, msg, sizeof(msg)), SAVE_DONE);
	char *v = computed(o, "dibayar");
	assert_string_equal(v, "80000");
	free(v);
	/* A lower price would leave the producer overpaid. */
	struct record r;
	assert_true(ref_get(F->st, o, &r));
	set_i(&r, "harga_satuan", 1000);
	assert_int_equal(save(&meta_apd_pesanan, &r, msg, sizeof(msg)), SAVE_INVALID);
	record_release(&r);
	free(o);
}

static void test_summary(void **state)
{
	(void)state;
	struct tables ts = { 0 };
	struct err e;
	assert_true(program_apd.summary(F->st, NULL, &ts, &e));
	assert_int_equal(ts.n, 5);
	/* Per item: received minus rejected minus distributed is the stock. */
	const struct table *t = ts.v[0];
	for (size_t r = 0; r < t->nrows; r++)
		assert_int_equal(t->rows[r].cells[6].num, apd_stock(F->st, "18", t->rows[r].code));
	/* Packages against the target of 10.000. */
	assert_int_equal(ts.v[1]->rows[0].cells[0].num, 10000);
	assert_int_equal(ts.v[1]->rows[0].cells[1].num, 2);
	/* The late order of test_delivery_and_state is not late today... */
	tables_release(&ts);
	setenv("BANTU_TODAY", "2020-07-01", 1);
	assert_true(program_apd.summary(F->st, NULL, &ts, &e));
	assert_true(ts.v[4]->nrows >= 1);
	tables_release(&ts);
	setenv("BANTU_TODAY", "2020-06-20", 1);
}

/* ---- restructuring ---- */

static void restru_base(struct record *r)
{
	registry_new(F->st, &meta_restrukturisasi, r);
	record_set(r, "debitur", F->prod[0]);
	record_set(r, "jenis_kreditur", "bpr");
	record_set(r, "nama_kreditur", "BPR Tanjung");
	record_set(r, "fasilitas", "kredit modal kerja");
	record_set(r, "plafon_awal", "50000000");
	record_set(r, "baki_debet", "30000000");
	record_set(r, "kolektibilitas", "kurang lancar");
	record_set(r, "penundaan_bulan", "6");
}

static void test_restru_rules(void **state)
{
	(void)state;
	char msg[600];
	struct record r;
	restru_base(&r);
	record_set(&r, "baki_debet", "60000000");
	assert_int_equal(save(&meta_restrukturisasi, &r, msg, sizeof(msg)), SAVE_INVALID);
	record_set(&r, "baki_debet", "30000000");
	record_set(&r, "penundaan_bulan", "13");
	assert_int_equal(save(&meta_restrukturisasi, &r, msg, sizeof(msg)), SAVE_INVALID);
	record_set(&r, "penundaan_bulan", "0");
	assert_int_equal(save(&meta_restrukturisasi, &r, msg, sizeof(msg)), SAVE_INVALID);
	record_set(&r, "penundaan_bulan", NULL);
	/* Nothing asked. */
	assert_int_equal(save(&meta_restrukturisasi, &r, msg, sizeof(msg)), SAVE_INVALID);
	record_set(&r, "bentuk_restrukturisasi", "perpanjangan jangka waktu;penurunan suku bunga");
	/* A decision without a letter, and before the letter. */
	record_set(&r, "keputusan", "disetujui sebagian");
	record_set(&r, "tanggal_keputusan", "2020-06-01");
	assert_int_equal(save(&meta_restrukturisasi, &r, msg, sizeof(msg)), SAVE_INVALID);
	record_set(&r, "tanggal_surat", "2020-06-05");
	record_set(&r, "nomor_surat", "500/123/V.08/2020");
	assert_int_equal(save(&meta_restrukturisasi, &r, msg, sizeof(msg)), SAVE_INVALID);
	assert_non_null(strstr(msg, "before"));
	record_set(&r, "tanggal_keputusan", "2020-06-05");
	record_set(&r, "angsuran_baru", "900000");
	record_set(&r, "tenor_baru", "24");
	assert_int_equal(save(&meta_restrukturisasi, &r, msg, sizeof(msg)), SAVE_DONE);
	assert_string_equal(record_get(&r, "nama_debitur"), "Konveksi Sari");
	assert_string_equal(record_get(&r, "kabupaten_kota"), "18.71");
	/* New terms on a refusal are refused. */
	record_set(&r, "keputusan", "ditolak");
	assert_int_equal(save(&meta_restrukturisasi, &r, msg, sizeof(msg)), SAVE_INVALID);
	record_release(&r);

	/* LPDB with collectibility worse than kurang lancar warns (and saves when confirmed). */
	restru_base(&r);
	record_set(&r, "jenis_kreditur", "lpdb-kumkm");
	record_set(&r, "kolektibilitas", "macet");
	struct issues is = { 0 };
	struct err e;
	assert_int_equal(registry_save(F->st, &meta_restrukturisasi, &r, "t", false, &is, &e),
			 SAVE_CONFIRM);
	assert_int_equal(is.v[0].severity, ISSUE_WARNING);
	assert_non_null(strstr(is.v[0].msg, "LPDB"));
	record_set(&r, "kolektibilitas", "kurang lancar");
	assert_int_equal(registry_save(F->st, &meta_restrukturisasi, &r, "t", false, &is, &e),
			 SAVE_DONE);
	issues_release(&is);
	record_release(&r);

	struct tables ts = { 0 };
	assert_true(program_restrukturisasi.summary(F->st, NULL, &ts, &e));
	assert_int_equal(ts.n, 2);
	const struct table *t = ts.v[0];
	long row = table_find_row(t, "18.71");
	assert_true(row >= 0);
	assert_int_equal(t->rows[row].cells[1].num, 2);          /* cases */
	assert_int_equal(t->rows[row].cells[2].num, 60000000);   /* outstanding */
	assert_int_equal(t->rows[row].cells[3].num, 1);          /* facilitated */
	assert_int_equal(t->rows[row].cells[5].num, 1);          /* decided */
	assert_int_equal(t->rows[row].cells[6].num, 1);          /* approved */
	assert_int_equal(t->rows[row].cells[7].num, 30000000);
	long lpdb = table_find_row(ts.v[1], "lpdb-kumkm");
	assert_int_equal(ts.v[1]->rows[lpdb].cells[1].num, 1);
	tables_release(&ts);
}

/* ---- randomized: thousands of operations against a model of their own ---- */

#define MAX_ORDERS 64
#define NITEMS 5

#define MAX_DEL 4000

struct shadow {
	struct rid del[MAX_DEL];      /* deliveries: id, order, accepted, deleted */
	int del_order[MAX_DEL];
	int64_t del_acc[MAX_DEL];
	bool del_gone[MAX_DEL];
	int ndel;
	char *ref[MAX_ORDERS];
	int item[MAX_ORDERS];
	int64_t qty[MAX_ORDERS], accepted[MAX_ORDERS];
	int n;
	int64_t stock[NITEMS];
};

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(uint64_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng % n;
}

static void test_randomized_invariants(void **state)
{
	(void)state;
	/* Start from a clean office: its own database. */
	struct store *keep = F->st;
	char path[128];
	snprintf(path, sizeof(path), "%s/rand.sqlite", F->dir);
	struct err e;
	F->st = store_open(path, STORE_CREATE, &e);
	assert_non_null(F->st);
	assert_true(store_init_office(F->st, "18.71", "Dinas Kota", &e));
	assert_true(store_begin(F->st, &e));
	assert_true(region_load(F->st, "18", NULL, &e) > 0);
	assert_true(store_commit(F->st, &e));
	char *prod = add_business(F->st, &meta_umkm, "Produsen Acak", "18.71");

	struct shadow s = { 0 };
	int64_t per_pkg[NITEMS];
	for (int i = 0; i < NITEMS; i++)
		per_pkg[i] = apd_package_qty(apd_item_name((size_t)i));
	long valid = 0, refused = 0;
	for (int step = 0; step < 3000; step++) {
		int op = (int)rnd(10);
		if (op == 0 && s.n < MAX_ORDERS) {
			int it = (int)rnd(NITEMS);
			int64_t q = (int64_t)rnd(200) - 10;     /* some zero or negative */
			char *o = order(prod, apd_item_name((size_t)it), (long long)q, 1000, "2020-05-01",
					"2020-06-30");
			assert_int_equal(o != NULL, q > 0);
			if (o) {
				s.ref[s.n] = o;
				s.item[s.n] = it;
				s.qty[s.n] = q;
				s.n++;
			}
		} else if (op <= 4 && s.n > 0) {
			int k = (int)rnd((uint64_t)s.n);
			int64_t open = s.qty[k] - s.accepted[k];
			int64_t got = (int64_t)rnd((uint64_t)(open + 20)) - 2;
			int64_t bad = (int64_t)rnd(5);
			bool ok = got > 0 && bad <= got && got - bad <= open;
			struct rid id;
			enum save_result r = delivery(s.ref[k], (long long)got, (long long)bad, NULL, 0, &id);
			assert_int_equal(r, ok ? SAVE_DONE : SAVE_INVALID);
			if (ok) {
				s.accepted[k] += got - bad;
				s.stock[s.item[k]] += got - bad;
				s.del[s.ndel] = id;
				s.del_order[s.ndel] = k;
				s.del_acc[s.ndel] = got - bad;
				s.del_gone[s.ndel++] = false;
			}
		} else if (op == 5 && s.ndel > 0) {
			/* Delete or restore a delivery: never below zero, never above the order. */
			int j = (int)rnd((uint64_t)s.ndel), k = s.del_order[j], it = s.item[k];
			struct err de;
			if (!s.del_gone[j]) {
				bool ok = s.stock[it] - s.del_acc[j] >= 0;
				assert_int_equal(registry_delete(F->st, &meta_apd_penerimaan, &s.del[j],
								 "acak", "t", &de), ok);
				if (ok) {
					s.del_gone[j] = true;
					s.stock[it] -= s.del_acc[j];
					s.accepted[k] -= s.del_acc[j];
				}
			} else {
				bool ok = s.accepted[k] + s.del_acc[j] <= s.qty[k];
				assert_int_equal(registry_restore(F->st, &meta_apd_penerimaan, &s.del[j], "t", &de),
						 ok);
				if (ok) {
					s.del_gone[j] = false;
					s.stock[it] += s.del_acc[j];
					s.accepted[k] += s.del_acc[j];
				}
			}
		} else {
			bool pkg = rnd(3) == 0;
			int it = (int)rnd(NITEMS);
			int64_t q = (int64_t)rnd(pkg ? 8 : 60) - 1;
			bool ok = q > 0;
			for (int i = 0; i < NITEMS && ok; i++) {
				int64_t need = pkg ? q * per_pkg[i] : i == it ? q : 0;
				ok = need <= s.stock[i];
			}
			enum save_result r = distribute(pkg ? APD_PAKET : apd_item_name((size_t)it),
							(long long)q, NULL, NULL, 0);
			assert_int_equal(r, ok ? SAVE_DONE : SAVE_INVALID);
			if (ok)
				for (int i = 0; i < NITEMS; i++)
					s.stock[i] -= pkg ? q * per_pkg[i] : i == it ? q : 0;
		}
		if (step % 100 == 99) {
			/* The store's totals agree with the model, never below zero or above. */
			for (int i = 0; i < NITEMS; i++) {
				int64_t st = apd_stock(F->st, "18.71", apd_item_name((size_t)i));
				assert_true(st >= 0);
				assert_int_equal(st, s.stock[i]);
			}
			for (int k = 0; k < s.n; k++) {
				const struct entity_meta *m;
				struct rid id;
				struct apd_order_totals t;
				assert_true(ref_split(s.ref[k], &m, &id));
				assert_true(apd_order_totals(F->st, &id, &t));
				assert_true(t.accepted <= t.ordered);
				assert_int_equal(t.accepted, s.accepted[k]);
			}
		}
	}
	(void)valid;
	(void)refused;
	for (int k = 0; k < s.n; k++)
		free(s.ref[k]);
	free(prod);
	store_close(F->st);
	F->st = keep;
	unlink(path);
	char buf[160];
	snprintf(buf, sizeof(buf), "%s-wal", path);
	unlink(buf);
	snprintf(buf, sizeof(buf), "%s-shm", path);
	unlink(buf);
}

/* Items and the package come from the config. */
static void test_config_items(void **state)
{
	(void)state;
	const char *text = "programs:\n  apd:\n    package:\n      masker kain: 3\n";
	struct err e;
	struct config *cfg = config_load_text(text, strlen(text), "u.yaml", &e);
	assert_non_null(cfg);
	apd_configure(cfg);
	assert_int_equal(apd_item_count(), 5);
	assert_string_equal(apd_item_unit(0), "lembar");
	assert_int_equal(apd_package_qty("masker kain"), 3);
	assert_int_equal(apd_package_qty("sarung tangan"), 2);
	config_free(cfg);
	/* Back to the defaults for the rest. */
	cfg = config_load_text("", 0, "empty.yaml", &e);
	apd_configure(cfg);
	assert_int_equal(apd_package_qty("masker kain"), 5);
	config_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_items),
		cmocka_unit_test(test_order_rules),
		cmocka_unit_test(test_delivery_and_state),
		cmocka_unit_test(test_stock_and_packages),
		cmocka_unit_test(test_payments),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_restru_rules),
		cmocka_unit_test(test_randomized_invariants),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
