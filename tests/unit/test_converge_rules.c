/*
 * test_converge_rules.c - the program rules under offline work (issue 20): a
 * province and two districts make random program changes through the model's
 * save paths (stimulus applications verified, decided, paid, reopened and
 * deleted; APD orders, deliveries, payments and stock movements; classes and
 * enrolments; warung points and weekly reports; Kartu Prakerja referrals;
 * business merges, deletes and purges; conflicts resolved) and exchange
 * bundles in random order with drops and late arrivals. After every exchange,
 * on every office:
 *  - no state moved back without a reopening by the province (the folded
 *    state's rank of each record is tracked over time on each office);
 *  - the fields a state implies agree with it (a decided amount and date for
 *    disetujui, a payment for dicairkan, none for a record before decision);
 *  - the bank's payment list holds no record that breaks a rule (one approval
 *    per NIK, none already paid, no zero amount);
 *  - two offices holding the same op set hold the same tables, the same rule
 *    conflicts (model/invariants.c) and the same refused changes (op_refused);
 * and after a final complete exchange every office holds the same ops and
 * passes store_check.
 *
 * Seeds: BANTU_CONVERGE_SEEDS (default 10; 1 under valgrind); a failing seed is
 * printed and replayed alone with BANTU_CONVERGE_SEED=n (BANTU_CONVERGE_VERBOSE=1
 * adds local refusals and the history of the record a property failed on,
 * BANTU_CONVERGE_LIST=1 the payment lists).
 * The meta-test runs the same checker with the rules uninstalled (plain
 * last-writer-wins for states, resolve without rules): it must fail for some
 * seed, so the checker can see what the rules prevent (natively only; with
 * BANTU_CONVERGE_META_ALL=1 it lists every seed that fails).
 * Deterministic cases of what the random run found follow it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "core/i18n.h"
#include "core/util.h"
#include "model/invariants.h"
#include "model/prog4.h"
#include "model/prog_apd.h"
#include "model/prog_prakerja.h"
#include "model/prog_stimulus.h"
#include "model/region.h"
#include "model/registry.h"
#include "model/rules.h"
#include "store/conflict.h"
#include "store/store.h"
#include "store/sync.h"
#include "sync/bundle.h"

static char tmpdir[64];
static int dirno;

static int setup_all(void **state)
{
	(void)state;
	setenv("BANTU_TODAY", "2020-06-01", 1);
	i18n_init("en");
	if (sodium_init() < 0)
		return -1;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bantu-conv-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_all(void **state)
{
	(void)state;
	if (getenv("BANTU_SYNC_KEEP")) {
		fprintf(stderr, "# kept %s\n", tmpdir);
		return 0;
	}
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

/* ---- a deterministic random source per seed ---- */

static uint64_t rng;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}
static unsigned rn(unsigned n)
{
	return (unsigned)(rnd() % n);
}
static bool chance(unsigned percent)
{
	return rn(100) < percent;
}

/* ---- offices and bundles ---- */

#define NOFF 3
static const char *const office_codes[NOFF] = { "18", "18.71", "18.72" };

struct office {
	const char *code;
	char *path;
	struct store *st;
};

static void office_make(struct office *o, const char *dir, const char *code, const char *prov_keys)
{
	struct err e = { 0 };
	o->code = code;
	o->path = xasprintf("%s/%s.db", dir, code);
	o->st = store_open(o->path, STORE_CREATE, &e);
	if (!o->st)
		fail_msg("open %s: %s", o->path, e.msg);
	assert_true(store_begin(o->st, &e));
	assert_true(region_load(o->st, "18", NULL, &e) > 200);
	assert_true(store_commit(o->st, &e));
	char *name = xasprintf("Office %s", code);
	if (!store_init_office(o->st, code, name, &e))
		fail_msg("init %s: %s", code, e.msg);
	free(name);
	if (!sync_init_keys(o->st, o->path, prov_keys, &e))
		fail_msg("keys %s: %s", code, e.msg);
}

static int bundle_no;

static char *export_to(struct office *o, const char *to, const char *dir)
{
	char *out = xasprintf("%s/b%05d-%s-to-%s.bundle", dir, ++bundle_no, o->code, to);
	struct bundle_build_stats stats;
	char *written = NULL;
	struct err e = { 0 };
	if (!sync_export(o->st, o->path, to, out, NULL, &written, &stats, &e))
		fail_msg("export %s -> %s: %s", o->code, to, e.msg);
	free(written);
	return out;
}

static bool import_file(struct office *o, const char *file, struct err *e)
{
	struct bundle_summary s;
	memset(e, 0, sizeof(*e));
	return sync_import(o->st, o->path, file, &s, e);
}

static void must_import(struct office *o, const char *file)
{
	struct err e;
	if (!import_file(o, file, &e))
		fail_msg("import %s at %s: %s", file, o->code, e.msg);
}

/* ---- the simulation ---- */

struct pooled {
	const struct entity_meta *m;
	struct rid id;
	/* per office: the rank of the folded state last seen (-1: not yet) */
	int rank[NOFF];
	bool reopened;   /* the province reopened it (a move back is allowed) */
};

struct sim {
	char *dir;
	struct office o[NOFF];
	struct pooled *pool;
	int npool, pcap;
	int nvalue;
	char *held[8];
	int held_to[8];
	int nheld;
	/* what happened */
	int saves, refused, resolves, reopens, purges, merges, deletes, exchanges;
	int kind_saves[16];
	/* what went wrong */
	int failures;
	char first[2048];
};

static void failure(struct sim *s, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void failure(struct sim *s, const char *fmt, ...)
{
	if (!s->failures++) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(s->first, sizeof(s->first), fmt, ap);
		va_end(ap);
	}
}

static void pool_add(struct sim *s, const struct entity_meta *m, struct rid id)
{
	if (s->npool == s->pcap) {
		s->pcap = s->pcap ? s->pcap * 2 : 64;
		s->pool = xrealloc(s->pool, (size_t)s->pcap * sizeof(*s->pool));
	}
	struct pooled *p = &s->pool[s->npool++];
	memset(p, 0, sizeof(*p));
	p->m = m;
	p->id = id;
	for (int i = 0; i < NOFF; i++)
		p->rank[i] = -1;
}

/* A record of m this office holds (deleted ones too), into rec; its pool
 * entry, or NULL. */
static struct pooled *pick(struct sim *s, struct office *o, const struct entity_meta *m,
			   struct record *rec)
{
	for (int tries = 0; s->npool && tries < 16; tries++) {
		/* Recent records more often: offices working on the same records
		 * offline is what the rules are about. */
		int i = chance(50) ? s->npool - 1 - (int)rn((unsigned)(s->npool < 24 ? s->npool : 24))
				   : (int)rn((unsigned)s->npool);
		struct pooled *p = &s->pool[i];
		if (p->m != m)
			continue;
		if (store_get(o->st, m->ent, &p->id, rec, NULL))
			return p;
	}
	return NULL;
}

static int rank_of(struct office *o, const struct pooled *p)
{
	struct record r;
	if (!p->m->status_field || !store_get(o->st, p->m->ent, &p->id, &r, NULL))
		return -1;
	int k = rules_state_rank(p->m, record_get(&r, p->m->status_field));
	record_release(&r);
	return k;
}

enum kind { K_UMKM, K_APPLY, K_ADVANCE, K_REOPEN, K_DELETE_APP, K_ORDER, K_DELIVERY, K_PAYMENT,
	    K_STOCK, K_CLASS, K_ENROL, K_POINT, K_REPORT, K_REFERRAL, K_MERGE, K_PURGE };

/* Saves through the model (registry_save: derive, validation, state moves,
 * the program's rules): a refusal is counted; at the province a save that
 * moves the state back is a reopening. */
static bool save(struct sim *s, struct office *o, const struct entity_meta *m, struct record *rec,
		 enum kind kind, struct pooled *p)
{
	struct issues is = { 0 };
	struct err e = { 0 };
	int before = p ? rank_of(o, p) : -1;
	enum save_result r = registry_save(o->st, m, rec, "sim", true, &is, &e);
	if (r == SAVE_ERROR)
		fail_msg("%s save at %s: %s", m->ent->name, o->code, e.msg);
	if (r != SAVE_DONE && getenv("BANTU_CONVERGE_VERBOSE"))
		fprintf(stderr, "# refused %s at %s: %s\n", m->ent->name, o->code,
			is.n ? is.v[0].msg : "?");
	issues_release(&is);
	if (r != SAVE_DONE) {
		s->refused++;
		return false;
	}
	s->saves++;
	s->kind_saves[kind]++;
	if (p && rank_of(o, p) < before && rules_is_province_office(o->code)) {
		p->reopened = true;
		s->reopens++;
	}
	return true;
}

static const char *const niks[] = { "1871015205900001", "1871015205900002", "1871015205900003",
				     "1871015205900004", "1871015205900005", "1871015205900006",
				     "1871015205900007", "1871015205900008", "1871015205900009",
				     "1871015205900010" };

static void do_umkm(struct sim *s, struct office *o)
{
	struct record rec;
	record_init(&rec, &entity_umkm);
	int n = ++s->nvalue;
	char *name = xasprintf("Warung %s %d", o->code, n);
	record_set(&rec, "nama_usaha", name);
	record_set(&rec, "nama_pemilik", "Sri Wahyuni");
	/* Few NIKs: one person's businesses at two offices happen. */
	record_set(&rec, "nik", niks[rn(ARRAY_SIZE(niks))]);
	record_set(&rec, "jenis_kelamin", "P");
	bool metro = chance(50);
	record_set(&rec, "kabupaten_kota", metro ? "18.72" : "18.71");
	record_set(&rec, "kecamatan", metro ? "18.72.01" : "18.71.01");
	record_set(&rec, "sektor", "makanan dan minuman");
	record_set(&rec, "skala", "mikro");
	record_set(&rec, "omzet_sebelum", "5000000");
	record_set(&rec, "status_usaha", "berjalan");
	record_set(&rec, "telepon", "+6281234567890");
	record_set(&rec, "tanggal_pendataan", "2020-05-12");
	free(name);
	struct err e = { 0 };
	if (store_save(o->st, &rec, "sim", &e) != 1)
		fail_msg("umkm at %s: %s", o->code, e.msg);
	pool_add(s, &meta_umkm, rec.id);
	s->kind_saves[K_UMKM]++;
	record_release(&rec);
}

static void do_apply(struct sim *s, struct office *o)
{
	struct record b, rec;
	if (!pick(s, o, &meta_umkm, &b))
		return;
	char *ref = ref_make(&meta_umkm, &b.id);
	registry_new(o->st, &meta_stimulus, &rec);
	record_set(&rec, "penerima", ref);
	char amount[24];
	snprintf(amount, sizeof(amount), "%u", (1 + rn(4)) * 500000);
	record_set(&rec, "jumlah_diajukan", amount);
	record_set(&rec, "tanggal_pengajuan", "2020-05-04");
	record_set(&rec, "bank", "BRI");
	record_set(&rec, "nomor_rekening", "0123456789");
	record_set(&rec, "nama_rekening", record_get(&b, "nama_pemilik"));
	if (save(s, o, &meta_stimulus, &rec, K_APPLY, NULL))
		pool_add(s, &meta_stimulus, rec.id);
	free(ref);
	record_release(&rec);
	record_release(&b);
}

/* The next move of an application known here; a district tries decisions
 * and payments too (refused by the rules). */
static void do_advance(struct sim *s, struct office *o)
{
	struct record rec;
	struct pooled *p = pick(s, o, &meta_stimulus, &rec);
	if (!p) {
		do_apply(s, o);
		return;
	}
	const char *st = record_get(&rec, "status");
	bool district = !rules_is_province_office(o->code);
	if (district && (str_eq(st, "diverifikasi") || str_eq(st, "disetujui")) && chance(80)) {
		/* A district mostly adds its notes; now and then it tries the
		 * province's move (refused). */
		record_set(&rec, "catatan_kunjungan", chance(50) ? "dikunjungi lagi" : "ditelepon lagi");
	} else if (str_eq(st, "diajukan")) {
		record_set(&rec, "status", "diverifikasi");
		record_set(&rec, "tanggal_verifikasi", "2020-05-10");
		record_set(&rec, "kelayakan", "NIK valid;usaha skala mikro;bukan ASN / TNI / Polri /"
			   " pegawai BUMN;tidak sedang menerima kredit bank atau KUR;terdampak");
		record_set(&rec, "catatan_kunjungan", chance(50) ? "dikunjungi" : "ditelepon");
	} else if (str_eq(st, "diverifikasi")) {
		record_set(&rec, "tanggal_keputusan", "2020-05-15");
		if (chance(75)) {
			record_set(&rec, "status", "disetujui");
			record_set(&rec, "jumlah_disetujui", record_get(&rec, "jumlah_diajukan"));
		} else {
			record_set(&rec, "status", "ditolak");
			record_set(&rec, "alasan_tolak", "tidak layak");
		}
	} else if (str_eq(st, "disetujui")) {
		record_set(&rec, "status", "dicairkan");
		record_set(&rec, "cara_bayar", "tunai");
		record_set(&rec, "jumlah_dibayar", record_get(&rec, "jumlah_disetujui"));
		record_set(&rec, "tanggal_cair", "2020-05-20");
		record_set(&rec, "referensi_bayar", "KAS-1");
	} else {
		record_set(&rec, "catatan", chance(50) ? "catatan A" : "catatan B");
	}
	bool done = save(s, o, &meta_stimulus, &rec, K_ADVANCE, p);
	/* The province often verifies and decides at one sitting, while a
	 * district that has not yet heard of it verifies the same application. */
	if (done && !district && str_eq(record_get(&rec, "status"), "diverifikasi") && chance(60)) {
		record_set(&rec, "status", "disetujui");
		record_set(&rec, "tanggal_keputusan", "2020-05-15");
		record_set(&rec, "jumlah_disetujui", record_get(&rec, "jumlah_diajukan"));
		save(s, o, &meta_stimulus, &rec, K_ADVANCE, p);
	}
	record_release(&rec);
}

/* A decision reopened: the status set back to verification, or a field the
 * decision rests on changed (the save reopens it at the province; refused at
 * a district). */
static void do_reopen(struct sim *s, struct office *o)
{
	struct record rec;
	struct pooled *p = pick(s, o, &meta_stimulus, &rec);
	if (!p)
		return;
	const char *st = record_get(&rec, "status");
	if (str_eq(st, "disetujui") || str_eq(st, "ditolak")) {
		if (chance(50))
			record_set(&rec, "status", "diverifikasi");
		else
			record_set(&rec, "jumlah_diajukan", "750000");
		save(s, o, &meta_stimulus, &rec, K_REOPEN, p);
	}
	record_release(&rec);
}

static void do_delete(struct sim *s, struct office *o)
{
	static const struct entity_meta *const ms[] = { &meta_stimulus, &meta_umkm, &meta_peserta,
							 &meta_prakerja, &meta_warung_laporan };
	const struct entity_meta *m = ms[rn(ARRAY_SIZE(ms))];
	struct record rec;
	if (!pick(s, o, m, &rec))
		return;
	struct err e = { 0 };
	bool del = !str_eq(record_get(&rec, FIELD_DELETED), "1");
	bool ok = del ? registry_delete(o->st, m, &rec.id, "double entry", "sim", &e)
		      : registry_restore(o->st, m, &rec.id, "sim", &e);
	if (ok) {
		s->deletes++;
		s->kind_saves[K_DELETE_APP]++;
	} else {
		s->refused++;
	}
	record_release(&rec);
}

/* APD: an order at this office, its deliveries and payments (at any office:
 * another office's are refused), goods out of stock. */
static void do_order(struct sim *s, struct office *o)
{
	struct record b, rec;
	if (!pick(s, o, &meta_umkm, &b))
		return;
	char *ref = ref_make(&meta_umkm, &b.id);
	registry_new(o->st, &meta_apd_pesanan, &rec);
	record_set(&rec, "produsen", ref);
	record_set(&rec, "barang", "masker kain");
	record_set(&rec, "jumlah", "100");
	record_set(&rec, "harga_satuan", "5000");
	record_set(&rec, "tanggal_pesan", "2020-05-01");
	record_set(&rec, "tanggal_jatuh_tempo", "2020-05-30");
	if (save(s, o, &meta_apd_pesanan, &rec, K_ORDER, NULL))
		pool_add(s, &meta_apd_pesanan, rec.id);
	free(ref);
	record_release(&rec);
	record_release(&b);
}

static void do_order_child(struct sim *s, struct office *o, const struct entity_meta *m,
			   enum kind kind)
{
	struct record ord, rec;
	if (!pick(s, o, &meta_apd_pesanan, &ord))
		return;
	char *ref = ref_make(&meta_apd_pesanan, &ord.id);
	registry_new(o->st, m, &rec);
	record_set(&rec, "pesanan", ref);
	record_set(&rec, "tanggal", "2020-05-20");
	char n[24];
	if (m == &meta_apd_penerimaan) {
		snprintf(n, sizeof(n), "%u", 20 + rn(50));
		record_set(&rec, "jumlah_diterima", n);
		record_set(&rec, "jumlah_ditolak", "0");
	} else {
		snprintf(n, sizeof(n), "%u", (1 + rn(4)) * 100000);
		record_set(&rec, "jumlah", n);
	}
	if (save(s, o, m, &rec, kind, NULL)) {
		pool_add(s, m, rec.id);
		/* Paid for at once, now and then (a payment needs goods accepted). */
		if (m == &meta_apd_penerimaan && chance(50)) {
			struct record pay;
			registry_new(o->st, &meta_apd_bayar, &pay);
			record_set(&pay, "pesanan", ref);
			record_set(&pay, "tanggal", "2020-05-21");
			record_set(&pay, "jumlah", "100000");
			if (save(s, o, &meta_apd_bayar, &pay, K_PAYMENT, NULL))
				pool_add(s, &meta_apd_bayar, pay.id);
			record_release(&pay);
		}
	}
	free(ref);
	record_release(&rec);
	record_release(&ord);
}

static void do_stock(struct sim *s, struct office *o)
{
	struct record rec;
	registry_new(o->st, &meta_apd_penyaluran, &rec);
	record_set(&rec, "tempat", "Pasar Bawah");
	record_set(&rec, "tanggal", "2020-05-25");
	record_set(&rec, "barang", "masker kain");
	char n[24];
	snprintf(n, sizeof(n), "%u", 10 + rn(40));
	record_set(&rec, "jumlah", n);
	record_set(&rec, "kelompok", "pedagang pasar");
	record_set(&rec, "kabupaten_kota", "18.71");
	if (save(s, o, &meta_apd_penyaluran, &rec, K_STOCK, NULL))
		pool_add(s, &meta_apd_penyaluran, rec.id);
	record_release(&rec);
}

static void do_class(struct sim *s, struct office *o)
{
	struct record rec;
	registry_new(o->st, &meta_kelas, &rec);
	char *t = xasprintf("Kelas %d", ++s->nvalue);
	record_set(&rec, "judul", t);
	free(t);
	record_set(&rec, "topik", "pemasaran digital");
	record_set(&rec, "platform", "zoom");
	record_set(&rec, "tanggal", "2020-06-20");
	record_set(&rec, "jam", "09.00");
	record_set(&rec, "pelatih", "Rina Marlina");
	record_set(&rec, "kapasitas", chance(50) ? "1" : "2");
	if (save(s, o, &meta_kelas, &rec, K_CLASS, NULL))
		pool_add(s, &meta_kelas, rec.id);
	record_release(&rec);
}

static void do_enrol(struct sim *s, struct office *o)
{
	struct record k, b, rec;
	if (!pick(s, o, &meta_kelas, &k))
		return;
	if (!pick(s, o, &meta_umkm, &b)) {
		record_release(&k);
		return;
	}
	char *kr = ref_make(&meta_kelas, &k.id), *br = ref_make(&meta_umkm, &b.id);
	registry_new(o->st, &meta_peserta, &rec);
	record_set(&rec, "kelas", kr);
	record_set(&rec, "umkm", br);
	if (save(s, o, &meta_peserta, &rec, K_ENROL, NULL))
		pool_add(s, &meta_peserta, rec.id);
	free(kr);
	free(br);
	record_release(&rec);
	record_release(&k);
	record_release(&b);
}

static void do_point(struct sim *s, struct office *o)
{
	struct record b, rec;
	if (!pick(s, o, &meta_umkm, &b))
		return;
	char *ref = ref_make(&meta_umkm, &b.id);
	registry_new(o->st, &meta_warung, &rec);
	char *t = xasprintf("Titik %d", ++s->nvalue);
	record_set(&rec, "nama", t);
	free(t);
	record_set(&rec, "operator", ref);
	record_set(&rec, "alamat", "Jl. Pagar Alam 1");
	record_set(&rec, "kabupaten_kota", "18.71");
	record_set(&rec, "kecamatan", "18.71.01");
	record_set(&rec, "whatsapp", "+6281234567890");
	record_set(&rec, "jualan", "sembako");
	record_set(&rec, "pengiriman", "kurir sendiri");
	record_set(&rec, "tanggal_mulai", "2020-04-06");
	record_set(&rec, "status", "aktif");
	if (save(s, o, &meta_warung, &rec, K_POINT, NULL))
		pool_add(s, &meta_warung, rec.id);
	free(ref);
	record_release(&rec);
	record_release(&b);
}

static void do_report(struct sim *s, struct office *o)
{
	static const char *const weeks[] = { "2020-05-04", "2020-05-11" };
	struct record w, rec;
	if (!pick(s, o, &meta_warung, &w))
		return;
	char *ref = ref_make(&meta_warung, &w.id);
	registry_new(o->st, &meta_warung_laporan, &rec);
	record_set(&rec, "titik", ref);
	record_set(&rec, "minggu", weeks[rn(2)]);
	char n[24];
	snprintf(n, sizeof(n), "%u", 1 + rn(20));
	record_set(&rec, "pesanan", n);
	record_set(&rec, "omzet", "250000");
	if (save(s, o, &meta_warung_laporan, &rec, K_REPORT, NULL))
		pool_add(s, &meta_warung_laporan, rec.id);
	free(ref);
	record_release(&rec);
	record_release(&w);
}

static void do_referral(struct sim *s, struct office *o)
{
	struct record b, rec;
	if (!pick(s, o, &meta_umkm, &b))
		return;
	char *ref = ref_make(&meta_umkm, &b.id);
	registry_new(o->st, &meta_prakerja, &rec);
	record_set(&rec, "penerima", ref);
	record_set(&rec, "alasan", "usaha tutup");
	record_set(&rec, "tanggal_rujukan", "2020-05-06");
	if (save(s, o, &meta_prakerja, &rec, K_REFERRAL, NULL))
		pool_add(s, &meta_prakerja, rec.id);
	free(ref);
	record_release(&rec);
	record_release(&b);
}

/* A referral's next move: forwarded with a letter, registered, accepted or
 * refused by Disnaker. */
static void do_referral_move(struct sim *s, struct office *o)
{
	struct record rec;
	struct pooled *p = pick(s, o, &meta_prakerja, &rec);
	if (!p)
		return;
	const char *st = record_get(&rec, "status");
	if (str_eq(st, "didata")) {
		struct err e = { 0 };
		char letter[40];
		snprintf(letter, sizeof(letter), "560/%d/DKUKM/V/2020", ++s->nvalue);
		if (prakerja_forward(o->st, &p->id, 1, letter, "2020-05-20", "sim", &e) == 1) {
			s->saves++;
			s->kind_saves[K_REFERRAL]++;
		} else {
			s->refused++;
		}
	} else if (str_eq(st, "diteruskan") || str_eq(st, "terdaftar")) {
		if (str_eq(st, "diteruskan")) {
			record_set(&rec, "status", "terdaftar");
		} else if (chance(60)) {
			record_set(&rec, "status", "diterima");
			record_set(&rec, "nomor_kartu", "KP-00001234");
			record_set(&rec, "gelombang", "3");
		} else {
			record_set(&rec, "status", "ditolak");
			record_set(&rec, "alasan_tolak", "Kuota gelombang penuh");
		}
		save(s, o, &meta_prakerja, &rec, K_REFERRAL, p);
	}
	record_release(&rec);
}

static void do_merge(struct sim *s, struct office *o)
{
	struct record a, b;
	if (!pick(s, o, &meta_umkm, &a))
		return;
	if (!pick(s, o, &meta_umkm, &b)) {
		record_release(&a);
		return;
	}
	if (memcmp(a.id.b, b.id.b, 16) != 0) {
		char hex[RID_HEX];
		rid_to_hex(&b.id, hex);
		record_set(&a, FIELD_MERGED_INTO, hex);
		struct err e = { 0 };
		if (store_save(o->st, &a, "sim", &e) < 0 && !*store_last_refusal(o->st))
			fail_msg("merge at %s: %s", o->code, e.msg);
		s->merges++;
		s->kind_saves[K_MERGE]++;
	}
	record_release(&a);
	record_release(&b);
}

static void do_purge(struct sim *s, struct office *o)
{
	struct record b;
	if (!pick(s, o, &meta_umkm, &b))
		return;
	struct err e = { 0 };
	if (registry_purge(o->st, &meta_umkm, &b.id, "permintaan pemilik", "sim", &e)) {
		s->purges++;
		s->kind_saves[K_PURGE]++;
	} else {
		s->refused++;
	}
	record_release(&b);
}

/* A conflict picked at an office, copied out of store_conflicts' callback. */
struct picked {
	int seen, want;
	bool cycle;
	const struct entity_def *ent;
	struct rid record;
	char field[64];
	char *values[8];
	size_t nvalues;
};

static void pick_conflict(const struct conflict *c, void *arg)
{
	struct picked *p = arg;
	if (p->seen++ != p->want)
		return;
	p->ent = c->ent;
	p->cycle = c->merge_cycle;
	p->record = c->record;
	str_copy(p->field, c->field, sizeof(p->field));
	for (size_t i = 0; i < c->nsides && i < ARRAY_SIZE(p->values); i++)
		p->values[p->nvalues++] = c->sides[i].value ? xstrdup(c->sides[i].value) : NULL;
}

/* An admin resolves a conflict this office sees with one of its sides (the
 * rules may refuse it: a district picking a decision). */
static void do_resolve(struct sim *s, struct office *o)
{
	struct err e = { 0 };
	struct picked p = { 0 };
	p.want = -1;
	int n = store_conflicts(o->st, NULL, NULL, NULL, NULL, &e);
	if (n <= 0)
		return;
	p.want = (int)rn((unsigned)n);
	store_conflicts(o->st, NULL, NULL, pick_conflict, &p, &e);
	if (!p.ent || p.cycle || p.nvalues < 2) {
		for (size_t i = 0; i < p.nvalues; i++)
			free(p.values[i]);
		return;
	}
	struct pooled *pp = NULL;
	for (int i = 0; i < s->npool; i++)
		if (s->pool[i].m->ent == p.ent && memcmp(s->pool[i].id.b, p.record.b, 16) == 0)
			pp = &s->pool[i];
	int before = pp ? rank_of(o, pp) : -1;
	const char *value = p.values[rn((unsigned)p.nvalues)];
	if (registry_resolve(o->st, p.ent, &p.record, p.field, value, "sim", &e)) {
		s->resolves++;
		if (pp && rank_of(o, pp) < before && rules_is_province_office(o->code)) {
			pp->reopened = true;
			s->reopens++;
		}
	} else {
		s->refused++;
	}
	for (size_t i = 0; i < p.nvalues; i++)
		free(p.values[i]);
}

/* One field of one record changed at two offices before either sees the
 * other's change: a conflict to resolve. */
static void do_concurrent(struct sim *s)
{
	static const char *const ufields[] = { "telepon", "catatan", "alamat" };
	static const char *const sfields[] = { "catatan", "catatan_kunjungan", "nomor_rekening" };
	int a = (int)rn(NOFF), b = (int)rn(NOFF - 1);
	if (b >= a)
		b++;
	const struct entity_meta *m = chance(50) ? &meta_umkm : &meta_stimulus;
	struct record ra, rb;
	struct pooled *p = pick(s, &s->o[a], m, &ra);
	if (!p)
		return;
	if (!store_get(s->o[b].st, m->ent, &ra.id, &rb, NULL)) {
		record_release(&ra);
		return;
	}
	const char *f = m == &meta_umkm ? ufields[rn(3)] : sfields[rn(3)];
	char va[32], vb[32];
	snprintf(va, sizeof(va), str_eq(f, "telepon") ? "+62812%08d" : "%08d", ++s->nvalue);
	snprintf(vb, sizeof(vb), str_eq(f, "telepon") ? "+62812%08d" : "%08d", ++s->nvalue);
	record_set(&ra, f, va);
	record_set(&rb, f, vb);
	/* Through the model's save (a frozen field of a decided application:
	 * refused at a district, a reopening at the province). */
	save(s, &s->o[a], m, &ra, K_ADVANCE, p);
	save(s, &s->o[b], m, &rb, K_ADVANCE, p);
	record_release(&ra);
	record_release(&rb);
}

static void do_action(struct sim *s, struct office *o)
{
	unsigned r = rn(100);
	if (r < 8)
		do_umkm(s, o);
	else if (r < 20)
		do_apply(s, o);
	else if (r < 42)
		do_advance(s, o);
	else if (r < 47)
		do_reopen(s, o);
	else if (r < 51)
		do_delete(s, o);
	else if (r < 55)
		do_order(s, o);
	else if (r < 60)
		do_order_child(s, o, &meta_apd_penerimaan, K_DELIVERY);
	else if (r < 64)
		do_order_child(s, o, &meta_apd_bayar, K_PAYMENT);
	else if (r < 67)
		do_stock(s, o);
	else if (r < 69)
		do_class(s, o);
	else if (r < 75)
		do_enrol(s, o);
	else if (r < 77)
		do_point(s, o);
	else if (r < 82)
		do_report(s, o);
	else if (r < 85)
		do_referral(s, o);
	else if (r < 87)
		do_referral_move(s, o);
	else if (r < 90)
		do_merge(s, o);
	else if (r < 92)
		do_purge(s, o);
	else if (r < 96)
		do_concurrent(s);
	else
		do_resolve(s, o);
}

/* ---- the properties ---- */

static bool dump_one(const struct record *rec, void *arg)
{
	struct strbuf *sb = arg;
	char hex[RID_HEX];
	rid_to_hex(&rec->id, hex);
	strbuf_addf(sb, "%s %s", rec->ent->name, hex);
	for (size_t i = 0; i < rec->ent->nfields; i++)
		strbuf_addf(sb, "|%s", rec->values[i] ? rec->values[i] : "-");
	strbuf_addch(sb, '\n');
	return true;
}

static const struct entity_def *const dumped[] = {
	&entity_umkm, &entity_stimulus, &entity_apd_pesanan, &entity_apd_penerimaan,
	&entity_apd_bayar, &entity_apd_penyaluran, &entity_kelas, &entity_peserta,
	&entity_warung, &entity_warung_laporan, &entity_prakerja,
};

static char *dump(struct store *st)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = { 0 };
	for (size_t i = 0; i < ARRAY_SIZE(dumped); i++)
		assert_true(store_each(st, dumped[i], true, dump_one, &sb, &e));
	return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

static bool op_hash(const char *path, struct strbuf *sb)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT origin, seq, hex(hash) FROM op"
					    " ORDER BY origin, seq", -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW)
		strbuf_addf(sb, "%lld|%lld|%s\n", (long long)sqlite3_column_int64(q, 0),
			    (long long)sqlite3_column_int64(q, 1), (const char *)sqlite3_column_text(q, 2));
	sqlite3_finalize(q);
	sqlite3_close(db);
	return true;
}

static char *op_set(struct office *o)
{
	struct strbuf sb = STRBUF_INIT;
	op_hash(o->path, &sb);
	return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

static void note_conflict(const struct rule_conflict *c, void *arg)
{
	struct strbuf *sb = arg;
	strbuf_addf(sb, "%s: %s\n", c->name, c->what);
	for (size_t i = 0; i < c->nrecords; i++) {
		char hex[RID_HEX];
		rid_to_hex(&c->records[i].id, hex);
		strbuf_addf(sb, "  %s %s%s%s\n", c->records[i].m->ent->name, hex,
			    c->records[i].blocked ? " blocked" : "", c->records[i].keep ? " keep" : "");
	}
}

static char *rule_conflicts(struct office *o)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = { 0 };
	if (invariants_each(o->st, note_conflict, &sb, &e) < 0)
		fail_msg("rule conflicts at %s: %s", o->code, e.msg);
	return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

static void note_refused(const struct refused_op *r, void *arg)
{
	struct strbuf *sb = arg;
	char hex[RID_HEX];
	rid_to_hex(&r->record, hex);
	strbuf_addf(sb, "%lld/%lld %s %s: %s\n", (long long)r->origin, (long long)r->seq, r->entity,
		    hex, r->why);
}

static char *refused_list(struct office *o)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = { 0 };
	if (store_refused_each(o->st, note_refused, &sb, &e) < 0)
		fail_msg("refused at %s: %s", o->code, e.msg);
	return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

static void first_difference(const char *a, const char *b, char *out, size_t size)
{
	while (*a && *a == *b) {
		const char *na = strchr(a, '\n'), *nb = strchr(b, '\n');
		size_t la = na ? (size_t)(na - a) : strlen(a), lb = nb ? (size_t)(nb - b) : strlen(b);
		if (la != lb || memcmp(a, b, la) != 0)
			break;
		a += la + (na ? 1 : 0);
		b += lb + (nb ? 1 : 0);
	}
	snprintf(out, size, "\n  <%.*s>\n  <%.*s>", (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"),
		 b);
}

static bool empty(const char *v)
{
	return !v || !*v;
}

static void trace_one(const struct history_entry *h, void *arg)
{
	(void)arg;
	if (h->first_of_op)
		fprintf(stderr, "#   op %lld/%lld hlc %lld at %s:\n", (long long)h->origin,
			(long long)h->seq, (long long)h->hlc, h->office ? h->office : "-");
	fprintf(stderr, "#     %s: %s -> %s\n", h->field, h->old ? h->old : "-",
		h->value ? h->value : "-");
}

static void trace_refused(const struct refused_op *r, void *arg)
{
	const struct rid *id = arg;
	if (memcmp(r->record.b, id->b, 16) == 0)
		fprintf(stderr, "#   refused %lld/%lld: %s\n", (long long)r->origin, (long long)r->seq,
			r->why);
}

/* BANTU_CONVERGE_VERBOSE: the history of a record a property failed on. */
static void trace(struct office *o, const struct entity_meta *m, const struct rid *id)
{
	if (!getenv("BANTU_CONVERGE_VERBOSE"))
		return;
	struct err e = { 0 };
	fprintf(stderr, "# history at %s:\n", o->code);
	store_history(o->st, m->ent, id, trace_one, NULL, &e);
	store_refused_each(o->st, trace_refused, (void *)id, &e);
}

/* The state of each record never moved back on this office without a
 * reopening; the fields a stimulus state implies agree with it. */
static void check_states(struct sim *s, int oi, int seed, const char *when)
{
	struct office *o = &s->o[oi];
	for (int i = 0; i < s->npool; i++) {
		struct pooled *p = &s->pool[i];
		if (!p->m->status_field || !p->m->moves)
			continue;
		struct record r;
		if (!store_get(o->st, p->m->ent, &p->id, &r, NULL))
			continue;
		const char *state = record_get(&r, p->m->status_field);
		int k = rules_state_rank(p->m, state);
		if (k < p->rank[oi] && !p->reopened) {
			char hex[RID_HEX];
			rid_to_hex(&p->id, hex);
			failure(s, "seed %d, %s: %s %s at %s moved back to %s (rank %d from %d) with no"
				" reopening", seed, when, p->m->ent->name, hex, o->code,
				state ? state : "-", k, p->rank[oi]);
			trace(o, p->m, &p->id);
		}
		p->rank[oi] = k;
		if (p->m == &meta_stimulus) {
			const char *amount = record_get(&r, "jumlah_disetujui");
			const char *date = record_get(&r, "tanggal_keputusan");
			const char *bad = NULL;
			if (str_eq(state, "disetujui") || str_eq(state, "dicairkan")) {
				if (empty(amount) || strtoll(amount, NULL, 10) <= 0 || empty(date))
					bad = "decided with no amount or date";
				else if (str_eq(state, "dicairkan") &&
					 empty(record_get(&r, "jumlah_dibayar")))
					bad = "paid with no payment";
			} else if ((str_eq(state, "diajukan") || str_eq(state, "diverifikasi")) &&
				   (!empty(amount) || !empty(date))) {
				bad = "undecided with a decision's amount or date";
			}
			if (bad) {
				char hex[RID_HEX];
				rid_to_hex(&p->id, hex);
				failure(s, "seed %d, %s: stimulus %s at %s is %s: %s (amount %s, date %s)",
					seed, when, hex, o->code, state ? state : "-", bad,
					amount ? amount : "-", date ? date : "-");
				trace(o, p->m, &p->id);
			}
		}
		record_release(&r);
	}
}

/* The bank's payment list: each row an approval of a NIK listed once, not
 * already paid, with an amount. */
struct paid_niks {
	struct store *st;
	struct strbuf sb;
};

/* The NIK of a paid application's business (merged businesses are one: the
 * survivor's NIK, as the payment list names it). */
static bool nik_paid(const struct record *rec, void *arg)
{
	struct paid_niks *p = arg;
	struct record b;
	if (!str_eq(record_get(rec, "status"), "dicairkan") ||
	    !ref_get(p->st, record_get(rec, "penerima"), &b))
		return true;
	if (!str_empty(record_get(&b, "nik")))
		strbuf_addf(&p->sb, "|%s|", record_get(&b, "nik"));
	record_release(&b);
	return true;
}

static void check_nominatif(struct sim *s, int oi, int seed, const char *when)
{
	struct office *o = &s->o[oi];
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	long count = 0;
	struct err e = { 0 };
	if (!meta_stimulus.exports[0].run(o->st, &meta_stimulus, NULL, f, &count, &e))
		fail_msg("payment list at %s: %s", o->code, e.msg);
	fclose(f);
	if (getenv("BANTU_CONVERGE_LIST"))
		fprintf(stderr, "# payment list at %s:\n%s", o->code, buf);
	struct paid_niks pn = { o->st, STRBUF_INIT };
	struct strbuf seen = STRBUF_INIT;
	assert_true(store_each(o->st, &entity_stimulus, false, nik_paid, &pn, &e));
	struct strbuf paid = pn.sb;
	/* Rows: No,Nama Pemilik,NIK,Nama Usaha,Bank,Nomor Rekening,Nama Rekening,Jumlah */
	for (char *save = NULL, *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (!(l[0] >= '1' && l[0] <= '9'))
			continue;   /* the notice and the header */
		char *cols[8] = { 0 };
		int nc = 0;
		for (char *c = l; nc < 8 && c; nc++) {
			cols[nc] = c;
			c = strchr(c, ',');
			if (c)
				*c++ = '\0';
		}
		if (nc < 8) {
			failure(s, "seed %d, %s: payment list row at %s unreadable", seed, when, o->code);
			continue;
		}
		if (!*cols[2])
			continue;   /* a purged owner's NIK: nothing to compare */
		char *key = xasprintf("|%s|", cols[2]);
		if (strtoll(cols[7], NULL, 10) <= 0)
			failure(s, "seed %d, %s: payment list at %s pays %s nothing", seed, when,
				o->code, cols[2]);
		if (seen.buf && strstr(seen.buf, key))
			failure(s, "seed %d, %s: payment list at %s pays NIK %s twice", seed, when,
				o->code, cols[2]);
		if (paid.buf && strstr(paid.buf, key)) {
			failure(s, "seed %d, %s: payment list at %s pays NIK %s, already paid", seed,
				when, o->code, cols[2]);
			if (getenv("BANTU_CONVERGE_VERBOSE")) {
				char *rc = rule_conflicts(o);
				fprintf(stderr, "# rule conflicts at %s:\n%s", o->code, rc);
				free(rc);
				for (int i = 0; i < s->npool; i++)
					if (s->pool[i].m == &meta_stimulus) {
						struct record r;
						if (store_get(o->st, &entity_stimulus, &s->pool[i].id, &r, NULL)) {
							char hex[RID_HEX];
							rid_to_hex(&r.id, hex);
							fprintf(stderr, "#  %s %s nik %s penerima %s deleted %s\n", hex,
								record_get(&r, "status"), record_get(&r, "nik"),
								record_get(&r, "penerima"),
								record_get(&r, FIELD_DELETED));
							record_release(&r);
						}
					}
			}
		}
		strbuf_adds(&seen, key);
		free(key);
	}
	strbuf_release(&paid);
	strbuf_release(&seen);
	free(buf);
}

/* Every office: states, the payment list; offices holding the same op set
 * hold the same tables, rule conflicts and refused changes. */
static void check_all(struct sim *s, int seed, const char *when)
{
	char *ops[NOFF], *tab[NOFF], *rc[NOFF], *rf[NOFF];
	for (int i = 0; i < NOFF; i++) {
		check_states(s, i, seed, when);
		check_nominatif(s, i, seed, when);
		ops[i] = op_set(&s->o[i]);
		tab[i] = dump(s->o[i].st);
		rc[i] = rule_conflicts(&s->o[i]);
		rf[i] = refused_list(&s->o[i]);
	}
	for (int i = 0; i < NOFF; i++)
		for (int j = i + 1; j < NOFF; j++) {
			if (!str_eq(ops[i], ops[j]))
				continue;
			char d[1024];
			const char *what = NULL;
			if (!str_eq(tab[i], tab[j]))
				first_difference(tab[i], tab[j], d, sizeof(d)), what = "tables";
			else if (!str_eq(rc[i], rc[j]))
				first_difference(rc[i], rc[j], d, sizeof(d)), what = "rule conflicts";
			else if (!str_eq(rf[i], rf[j]))
				first_difference(rf[i], rf[j], d, sizeof(d)), what = "refused changes";
			if (what)
				failure(s, "seed %d, %s: %s and %s hold the same ops, not the same %s:%s",
					seed, when, s->o[i].code, s->o[j].code, what, d);
		}
	for (int i = 0; i < NOFF; i++) {
		free(ops[i]);
		free(tab[i]);
		free(rc[i]);
		free(rf[i]);
	}
}

/* ---- exchanges ---- */

static void sim_import(struct sim *s, int to, const char *path)
{
	struct err e;
	if (import_file(&s->o[to], path, &e))
		return;
	if (strstr(e.msg, "import the older bundles first"))
		return;
	fail_msg("import of %s at %s refused: %s", path, s->o[to].code, e.msg);
}

static void do_exchange(struct sim *s, int seed)
{
	int from = (int)rn(NOFF), to = (int)rn(NOFF - 1);
	if (to >= from)
		to++;
	char *path = export_to(&s->o[from], s->o[to].code, s->dir);
	s->exchanges++;
	unsigned r = rn(100);
	if (r < 10) {
		free(path);   /* dropped */
	} else if (r < 20 && s->nheld < (int)ARRAY_SIZE(s->held)) {
		s->held[s->nheld] = path;
		s->held_to[s->nheld++] = to;
	} else {
		sim_import(s, to, path);
		free(path);
	}
	if (s->nheld && chance(30)) {
		int i = (int)rn((unsigned)s->nheld);
		sim_import(s, s->held_to[i], s->held[i]);
		free(s->held[i]);
		s->nheld--;
		s->held[i] = s->held[s->nheld];
		s->held_to[i] = s->held_to[s->nheld];
	}
	check_all(s, seed, "after an exchange");
}

static void sim_setup(struct sim *s)
{
	memset(s, 0, sizeof(*s));
	s->dir = xasprintf("%s/sim%d", tmpdir, ++dirno);
	assert_int_equal(mkdir(s->dir, 0700), 0);
	office_make(&s->o[0], s->dir, office_codes[0], NULL);
	char *pk = xasprintf("%s/province.keys", s->dir);
	struct err e = { 0 };
	assert_true(sync_keys_export(s->o[0].st, pk, &e));
	for (int i = 1; i < NOFF; i++)
		office_make(&s->o[i], s->dir, office_codes[i], pk);
	free(pk);
	/* Some businesses everywhere, a class and a warung point at the province. */
	for (int i = 0; i < NOFF; i++)
		for (int k = 0; k < 3; k++)
			do_umkm(s, &s->o[i]);
	do_class(s, &s->o[0]);
	do_class(s, &s->o[0]);
	do_point(s, &s->o[0]);
	do_point(s, &s->o[0]);
	for (int i = 1; i < NOFF; i++) {
		char *b = export_to(&s->o[i], s->o[0].code, s->dir);
		struct err ie;
		assert_false(import_file(&s->o[0], b, &ie));
		char fp[FINGERPRINT_SIZE];
		assert_true(sync_fingerprint(s->o[i].st, fp, &e));
		if (!sync_office_approve(s->o[0].st, s->o[0].path, s->o[i].code, fp, &e))
			fail_msg("approve %s: %s", s->o[i].code, e.msg);
		must_import(&s->o[0], b);
		free(b);
	}
	for (int i = 1; i < NOFF; i++) {
		char *b = export_to(&s->o[0], s->o[i].code, s->dir);
		must_import(&s->o[i], b);
		free(b);
	}
}

static void sim_release(struct sim *s)
{
	for (int i = 0; i < NOFF; i++) {
		store_close(s->o[i].st);
		free(s->o[i].path);
	}
	for (int i = 0; i < s->nheld; i++)
		free(s->held[i]);
	free(s->pool);
	char *cmd = xasprintf("rm -rf '%s'", s->dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(s->dir);
}

static void print_problem(const char *msg, void *arg)
{
	fprintf(stderr, "# %s: %s\n", (const char *)arg, msg);
}

#define ROUNDS 24

/* One seed: random work and exchanges, then every office to the province and
 * back, twice. Returns how many property failures (s->first the first). */
static void run_seed(struct sim *s, int seed)
{
	rng = 0x9E3779B97F4A7C15ull * (uint64_t)seed + 7;
	sim_setup(s);
	check_all(s, seed, "at the start");
	/* Under valgrind a shorter run: the same paths, less repetition. */
	int rounds = getenv("BANTU_UNDER_VALGRIND") ? ROUNDS / 3 : ROUNDS;
	for (int round = 0; round < rounds; round++) {
		int actions = 2 + (int)rn(7);
		for (int k = 0; k < actions; k++)
			do_action(s, &s->o[rn(NOFF)]);
		int ex = (int)rn(3);
		for (int k = 0; k < ex; k++)
			do_exchange(s, seed);
	}
	for (int pass = 0; pass < 2; pass++) {
		for (int d = 1; d < NOFF; d++) {
			char *b = export_to(&s->o[d], s->o[0].code, s->dir);
			must_import(&s->o[0], b);
			free(b);
		}
		for (int d = 1; d < NOFF; d++) {
			char *b = export_to(&s->o[0], s->o[d].code, s->dir);
			must_import(&s->o[d], b);
			free(b);
		}
	}
	check_all(s, seed, "at the end");
	char *want = op_set(&s->o[0]);
	for (int i = 1; i < NOFF; i++) {
		char *got = op_set(&s->o[i]);
		if (!str_eq(got, want))
			failure(s, "seed %d: after the final exchange %s holds other ops than the"
				" province", seed, s->o[i].code);
		free(got);
	}
	free(want);
	for (int i = 0; i < NOFF; i++) {
		struct err e = { 0 };
		int n = store_check(s->o[i].st, print_problem, (void *)s->o[i].code, &e);
		if (n != 0)
			failure(s, "seed %d: store_check at %s: %d problems %s", seed, s->o[i].code, n,
				n < 0 ? e.msg : "");
	}
}

static int seed_count(void)
{
	if (getenv("BANTU_UNDER_VALGRIND"))
		return 1;
	const char *v = getenv("BANTU_CONVERGE_SEEDS");
	int n = v ? atoi(v) : 10;
	return n > 0 ? n : 10;
}

static void test_rules_converge(void **state)
{
	(void)state;
	rules_install();
	int first = 1, n = seed_count();
	const char *one = getenv("BANTU_CONVERGE_SEED");
	if (one) {
		first = atoi(one);
		n = 1;
	}
	int bad = 0, total[16] = { 0 }, saves = 0, refused = 0, resolves = 0, reopens = 0;
	int rule_conflicts_seen = 0, refused_ops = 0;
	struct strbuf seeds = STRBUF_INIT;
	for (int seed = first; seed < first + n; seed++) {
		struct sim s;
		run_seed(&s, seed);
		for (int k = 0; k < 16; k++)
			total[k] += s.kind_saves[k];
		saves += s.saves;
		refused += s.refused;
		resolves += s.resolves;
		reopens += s.reopens;
		char *rc = rule_conflicts(&s.o[0]);
		rule_conflicts_seen += *rc != '\0';
		free(rc);
		refused_ops += (int)store_refused_count(s.o[0].st);
		if (s.failures) {
			bad++;
			strbuf_addf(&seeds, " %d", seed);
			printf("# seed %d: %d failures; the first: %s\n", seed, s.failures, s.first);
		}
		sim_release(&s);
	}
	printf("# rules convergence: %d seeds, %d saves (%d refused locally), %d resolves,"
	       " %d reopenings, %d refused changes, rule conflicts in %d seeds\n", n, saves, refused,
	       resolves, reopens, refused_ops, rule_conflicts_seen);
	if (bad)
		fail_msg("%d of %d seeds broke a program rule property (replay one with"
			 " BANTU_CONVERGE_SEED=n):%s", bad, n, seeds.buf);
	strbuf_release(&seeds);
	/* The run exercised what it claims to. */
	if (n >= 4) {
		static const char *const names[] = { "businesses", "applications", "moves",
						     "reopenings", "deletes", "orders", "deliveries",
						     "payments", "stock movements", "classes",
						     "enrolments", "warung points", "reports",
						     "referrals", "merges", "purges" };
		for (int k = 0; k < 16; k++)
			if (!total[k])
				fail_msg("no %s saved in %d seeds", names[k], n);
		assert_true(rule_conflicts_seen > 0);
		assert_true(refused_ops > 0);
		assert_true(resolves > 0);
	}
}

/* The same checker with the rules uninstalled (every office runs a build
 * without them: plain last-writer-wins for states, conflicts resolved without
 * rules) must fail for some seed. */
static void test_old_rules_fail(void **state)
{
	(void)state;
	if (getenv("BANTU_UNDER_VALGRIND")) {
		printf("# without the rules: left to the native run\n");
		return;
	}
	setenv("BANTU_TEST_NO_RULES", "1", 1);
	store_set_verdict(NULL, NULL);
	int n = 12;
	int caught = 0, seed;
	char first[2048] = "";
	for (seed = 1; seed <= n && (!caught || getenv("BANTU_CONVERGE_META_ALL")); seed++) {
		struct sim s;
		run_seed(&s, seed);
		if (s.failures && getenv("BANTU_CONVERGE_META_ALL"))
			printf("# without the rules: seed %d: %s\n", seed, s.first);
		if (s.failures && !caught) {
			caught = seed;
			str_copy(first, s.first, sizeof(first));
		}
		sim_release(&s);
	}
	unsetenv("BANTU_TEST_NO_RULES");
	rules_install();
	if (!caught)
		fail_msg("without the rules, %d seeds passed the checker: it cannot see what the"
			 " rules prevent", n);
	printf("# without the rules, seed %d fails: %s\n", caught, first);
}

/* ---- deterministic cases of what the random run found ---- */

static void set_move(struct record *rec, const char *to)
{
	record_set(rec, "status", to);
	if (str_eq(to, "diverifikasi")) {
		record_set(rec, "tanggal_verifikasi", "2020-05-10");
		record_set(rec, "kelayakan", "NIK valid;usaha skala mikro;bukan ASN / TNI / Polri /"
			   " pegawai BUMN;tidak sedang menerima kredit bank atau KUR;terdampak");
	} else if (str_eq(to, "disetujui")) {
		record_set(rec, "tanggal_keputusan", "2020-05-15");
		record_set(rec, "jumlah_disetujui", record_get(rec, "jumlah_diajukan"));
	}
}

static void move(struct sim *s, int oi, const struct rid *id, const char *to, const char *note)
{
	struct record rec;
	assert_true(store_get(s->o[oi].st, &entity_stimulus, id, &rec, NULL));
	set_move(&rec, to);
	if (note)
		record_set(&rec, "catatan_kunjungan", note);
	assert_true(save(s, &s->o[oi], &meta_stimulus, &rec, K_ADVANCE, NULL));
	record_release(&rec);
}

static void exchange(struct sim *s, int from, int to)
{
	char *b = export_to(&s->o[from], s->o[to].code, s->dir);
	must_import(&s->o[to], b);
	free(b);
}

/*
 * Resolve picks a side, and the rules' consequences go with it (class:
 * resolution beside the rules). A district verified an application while the
 * province verified and approved it; the province resolves the status conflict
 * to the district's diverifikasi: a reopening, so the decided amount and date
 * are emptied as in the form (they stayed, an undecided application with an
 * approval's amount). The same resolution at the district is refused.
 */
static void resolve_reopens(bool district_later, bool refold)
{
	rng = 42;
	rules_install();
	struct sim s;
	sim_setup(&s);
	struct record b, rec;
	assert_true(store_get(s.o[0].st, &entity_umkm, &s.pool[0].id, &b, NULL));
	char *ref = ref_make(&meta_umkm, &b.id);
	registry_new(s.o[0].st, &meta_stimulus, &rec);
	record_set(&rec, "penerima", ref);
	record_set(&rec, "jumlah_diajukan", "1000000");
	record_set(&rec, "tanggal_pengajuan", "2020-05-04");
	record_set(&rec, "bank", "BRI");
	record_set(&rec, "nomor_rekening", "0123456789");
	record_set(&rec, "nama_rekening", record_get(&b, "nama_pemilik"));
	assert_true(save(&s, &s.o[0], &meta_stimulus, &rec, K_APPLY, NULL));
	struct rid id = rec.id;
	record_release(&rec);
	record_release(&b);
	free(ref);
	exchange(&s, 0, 1);
	exchange(&s, 0, 2);
	if (!district_later)
		move(&s, 1, &id, "diverifikasi", "dikunjungi");
	move(&s, 0, &id, "diverifikasi", "ditelepon");
	move(&s, 0, &id, "disetujui", NULL);
	/* Later by the clock: the stale move the fold skips is the clock
	 * rule's winner, the base of the resolution. */
	if (district_later)
		move(&s, 1, &id, "diverifikasi", "dikunjungi");
	if (refold) {
		/* A later note from the other district arrives first: the stale
		 * move comes out of clock order and the record is folded again. */
		assert_true(store_get(s.o[2].st, &entity_stimulus, &id, &rec, NULL));
		record_set(&rec, "catatan", "dari 18.72");
		assert_true(save(&s, &s.o[2], &meta_stimulus, &rec, K_ADVANCE, NULL));
		record_release(&rec);
		exchange(&s, 2, 0);
	}
	exchange(&s, 1, 0);
	exchange(&s, 0, 1);
	struct err e = { 0 };
	/* The district may not reopen a decision by resolving. */
	assert_false(registry_resolve(s.o[1].st, &entity_stimulus, &id, "status", "diverifikasi",
				      "sim", &e));
	assert_true(store_get(s.o[0].st, &entity_stimulus, &id, &rec, NULL));
	assert_string_equal(record_get(&rec, "status"), "disetujui");
	record_release(&rec);
	if (!registry_resolve(s.o[0].st, &entity_stimulus, &id, "status", "diverifikasi", "sim", &e))
		fail_msg("resolve at the province: %s", e.msg);
	for (int i = 0; i < 2; i++) {
		if (i)
			exchange(&s, 0, 1);
		assert_true(store_get(s.o[i].st, &entity_stimulus, &id, &rec, NULL));
		assert_string_equal(record_get(&rec, "status"), "diverifikasi");
		assert_null(record_get(&rec, "jumlah_disetujui"));
		assert_null(record_get(&rec, "tanggal_keputusan"));
		record_release(&rec);
	}
	sim_release(&s);
}

static void test_resolve_reopens(void **state)
{
	(void)state;
	resolve_reopens(false, false);
	resolve_reopens(true, false);
	resolve_reopens(true, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_converge),
		cmocka_unit_test(test_old_rules_fail),
		cmocka_unit_test(test_resolve_reopens),
	};
	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
