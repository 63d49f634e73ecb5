/* test_invariants.c - rules that span records (model/invariants.c): each one
 * broken by writing the records straight to the store (as two offices' ops
 * folded together do, past each office's own save rules) and listed as a rule
 * conflict with the records it holds back; and the purge's lists of personal
 * fields, which the store keeps apart from the model, agree with the model's;
 * a personal value's op carries a salt that its purge erases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/i18n.h"
#include "core/util.h"
#include "model/invariants.h"
#include "model/prog4.h"
#include "model/prog_apd.h"
#include "model/prog_prakerja.h"
#include "model/prog_stimulus.h"
#include "model/region.h"
#include "model/registry.h"
#include "store/store.h"

static char tmpdir[64];
static int dbno;

static int setup_all(void **state)
{
	(void)state;
	setenv("BANTU_TODAY", "2020-06-01", 1);
	i18n_init("en");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bantu-inv-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_all(void **state)
{
	(void)state;
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

static struct store *fresh(void)
{
	char *path = xasprintf("%s/db%d.db", tmpdir, ++dbno);
	struct err e = { 0 };
	struct store *st = store_open(path, STORE_CREATE, &e);
	assert_non_null(st);
	assert_true(store_begin(st, &e));
	assert_true(region_load(st, "18", NULL, &e) > 200);
	assert_true(store_commit(st, &e));
	assert_true(store_init_office(st, "18", "Test office", &e));
	free(path);
	return st;
}

/* A record of ent straight into the store (no model rules): fields as
 * name, value pairs, NULL-ended. Its reference returned (caller frees). */
static char *put(struct store *st, const struct entity_meta *m, ...)
{
	struct record rec;
	record_init(&rec, m->ent);
	va_list ap;
	va_start(ap, m);
	const char *f;
	while ((f = va_arg(ap, const char *)) != NULL)
		record_set(&rec, f, va_arg(ap, const char *));
	va_end(ap);
	struct err e = { 0 };
	if (store_save(st, &rec, "t", &e) != 1)
		fail_msg("save %s: %s", m->ent->name, e.msg);
	char *ref = ref_make(m, &rec.id);
	record_release(&rec);
	return ref;
}

struct seen {
	int n[RULE_KINDS];
	int blocked[RULE_KINDS];
	char what[RULE_KINDS][256];
};

static void note(const struct rule_conflict *c, void *arg)
{
	struct seen *s = arg;
	s->n[c->kind]++;
	snprintf(s->what[c->kind], sizeof(s->what[c->kind]), "%s", c->what);
	for (size_t i = 0; i < c->nrecords; i++) {
		assert_non_null(c->records[i].label);
		s->blocked[c->kind] += c->records[i].blocked;
	}
	assert_non_null(c->todo);
	assert_string_equal(c->name, invariant_name(c->kind));
}

static void list(struct store *st, struct seen *s)
{
	memset(s, 0, sizeof(*s));
	struct err e = { 0 };
	int n = invariants_each(st, note, s, &e);
	assert_true(n >= 0);
}

static void test_class_and_once_rules(void **state)
{
	(void)state;
	struct store *st = fresh();
	struct seen s;
	list(st, &s);
	for (int k = 0; k < RULE_KINDS; k++)
		assert_int_equal(s.n[k], 0);
	char *u1 = put(st, &meta_umkm, "nama_usaha", "Keripik Sri", "nik", "1871015205900001",
		       "nama_pemilik", "Sri", "kabupaten_kota", "18.71", NULL);
	char *u2 = put(st, &meta_umkm, "nama_usaha", "Bengkel Budi", "kabupaten_kota", "18.71", NULL);
	char *k = put(st, &meta_kelas, "judul", "Digital", "kapasitas", "1", NULL);
	free(put(st, &meta_peserta, "kelas", k, "umkm", u1, NULL));
	list(st, &s);
	assert_int_equal(s.n[RULE_CLASS_CAPACITY], 0);
	free(put(st, &meta_peserta, "kelas", k, "umkm", u1, NULL));
	free(put(st, &meta_peserta, "kelas", k, "umkm", u2, NULL));
	free(put(st, &meta_prakerja, "penerima", u1, "nik", "1871015205900001", "status", "didata", NULL));
	free(put(st, &meta_prakerja, "penerima", u1, "nik", "1871015205900001", "status", "diteruskan", NULL));
	/* A closed one does not count. */
	free(put(st, &meta_prakerja, "penerima", u2, "nik", "1871011205900002", "status", "didata", NULL));
	free(put(st, &meta_prakerja, "penerima", u2, "nik", "1871011205900002", "status", "ditolak", NULL));
	free(put(st, &meta_warung_laporan, "titik", "warung:0191", "minggu", "2020-05-04",
		 "kunci", "warung:0191|2020-05-04", "pesanan", "3", NULL));
	free(put(st, &meta_warung_laporan, "titik", "warung:0191", "minggu", "2020-05-04",
		 "kunci", "warung:0191|2020-05-04", "pesanan", "4", NULL));
	list(st, &s);
	assert_int_equal(s.n[RULE_CLASS_CAPACITY], 1);
	assert_int_equal(s.blocked[RULE_CLASS_CAPACITY], 2);   /* 3 of 1 place: two wait */
	assert_non_null(strstr(s.what[RULE_CLASS_CAPACITY], "3 enrolled"));
	assert_int_equal(s.n[RULE_CLASS_ONCE], 1);
	assert_int_equal(s.blocked[RULE_CLASS_ONCE], 1);
	assert_int_equal(s.n[RULE_REFERRAL_ONCE], 1);
	assert_int_equal(s.n[RULE_REPORT_ONCE], 1);
	free(u1);
	free(u2);
	free(k);
	store_close(st);
}

static void test_apd_rules(void **state)
{
	(void)state;
	struct store *st = fresh();
	char *u = put(st, &meta_umkm, "nama_usaha", "Konveksi", "kabupaten_kota", "18.71", NULL);
	char *o = put(st, &meta_apd_pesanan, "produsen", u, "barang", "masker kain", "jumlah", "100",
		      "harga_satuan", "1000", "kantor", "18", NULL);
	free(put(st, &meta_apd_penerimaan, "pesanan", o, "barang", "masker kain",
		 "jumlah_diterima", "60", "jumlah_ditolak", "0", "kantor", "18", NULL));
	struct seen s;
	list(st, &s);
	assert_int_equal(s.n[RULE_APD_DELIVERED] + s.n[RULE_APD_PAID] + s.n[RULE_APD_STOCK], 0);
	/* A second office's 60 on the same order, and payments over what is owed. */
	free(put(st, &meta_apd_penerimaan, "pesanan", o, "barang", "masker kain",
		 "jumlah_diterima", "60", "jumlah_ditolak", "0", "kantor", "18.71", NULL));
	free(put(st, &meta_apd_bayar, "pesanan", o, "jumlah", "100000", NULL));
	free(put(st, &meta_apd_bayar, "pesanan", o, "jumlah", "100000", NULL));
	/* More distributed at 18.72 than it received (nothing). */
	free(put(st, &meta_apd_penyaluran, "tempat", "Pasar", "barang", "masker kain", "jumlah", "50",
		 "kantor", "18.72", NULL));
	list(st, &s);
	assert_int_equal(s.n[RULE_APD_DELIVERED], 1);
	assert_non_null(strstr(s.what[RULE_APD_DELIVERED], "120 accepted on an order of 100"));
	assert_int_equal(s.n[RULE_APD_PAID], 1);
	assert_int_equal(s.n[RULE_APD_STOCK], 1);
	assert_non_null(strstr(s.what[RULE_APD_STOCK], "-50"));
	/* The order is held back: no payment on it. */
	struct rid *b = NULL;
	struct err e = { 0 };
	int nb = invariants_blocked(st, &entity_apd_pesanan, &b, &e);
	assert_int_equal(nb, 2);   /* named by both conflicts */
	free(b);
	free(u);
	free(o);
	store_close(st);
}

static void test_stimulus_rules(void **state)
{
	(void)state;
	struct store *st = fresh();
	char *u1 = put(st, &meta_umkm, "nama_usaha", "A", "nik", "1871015205900001",
		       "kabupaten_kota", "18.71", NULL);
	char *u2 = put(st, &meta_umkm, "nama_usaha", "B", "nik", "1871015205900001",
		       "kabupaten_kota", "18.72", NULL);
	char *s1 = put(st, &meta_stimulus, "penerima", u1, "nik", "1871015205900001", "status",
		       "disetujui", "jumlah_disetujui", "1500000000", "kabupaten_kota", "18.71",
		       "tanggal_keputusan", "2020-05-01", NULL);
	char *s2 = put(st, &meta_stimulus, "penerima", u2, "nik", "1871015205900001", "status",
		       "disetujui", "jumlah_disetujui", "1000000000", "kabupaten_kota", "18.72",
		       "tanggal_keputusan", "2020-05-02", NULL);
	struct seen s;
	list(st, &s);
	assert_int_equal(s.n[RULE_STIMULUS_BUDGET], 1);   /* 2.5 billion of the default 2 */
	assert_int_equal(s.blocked[RULE_STIMULUS_BUDGET], 1);
	assert_int_equal(s.n[RULE_STIMULUS_ONCE], 1);     /* one NIK, two businesses */
	assert_int_equal(s.blocked[RULE_STIMULUS_ONCE], 2);
	struct rid *b = NULL;
	struct err e = { 0 };
	assert_int_equal(invariants_blocked(st, &entity_stimulus, &b, &e), 3);
	free(b);
	free(u1);
	free(u2);
	free(s1);
	free(s2);
	store_close(st);
}

/* The records of an APD conflict in id order, whatever order their rows
 * arrived in (bundles bring them in any order): every office lists the same
 * conflict. Two deliveries stored newest id first. */
static void order_of_parts(const struct rule_conflict *c, void *arg)
{
	struct strbuf *sb = arg;
	if (c->kind != RULE_APD_DELIVERED)
		return;
	for (size_t i = 0; i < c->nrecords; i++)
		strbuf_addf(sb, "%s %02x;", c->records[i].m->ent->name, c->records[i].id.b[15]);
}

static void test_apd_parts_in_id_order(void **state)
{
	(void)state;
	struct store *st = fresh();
	char *u = put(st, &meta_umkm, "nama_usaha", "Konveksi", "kabupaten_kota", "18.71", NULL);
	char *o = put(st, &meta_apd_pesanan, "produsen", u, "barang", "masker kain", "jumlah", "100",
		      "harga_satuan", "1000", "kantor", "18", NULL);
	for (int k = 0; k < 2; k++) {
		struct record rec;
		record_init(&rec, &entity_apd_penerimaan);
		memset(rec.id.b, 0x7f, 16);
		rec.id.b[15] = k ? 0x01 : 0x02;   /* the larger id stored first */
		record_set(&rec, "pesanan", o);
		record_set(&rec, "barang", "masker kain");
		record_set(&rec, "jumlah_diterima", "60");
		record_set(&rec, "jumlah_ditolak", "0");
		record_set(&rec, "kantor", "18");
		struct err e = { 0 };
		assert_int_equal(store_save(st, &rec, "t", &e), 1);
		record_release(&rec);
	}
	struct strbuf sb = STRBUF_INIT;
	struct err e = { 0 };
	assert_true(invariants_each(st, order_of_parts, &sb, &e) >= 1);
	assert_non_null(sb.buf);
	assert_non_null(strstr(sb.buf, "apd_penerimaan 01;apd_penerimaan 02;"));
	strbuf_release(&sb);
	free(u);
	free(o);
	store_close(st);
}

/* The store's personal fields (salted, erased by purges, copies) are the model's. */
static void test_personal_fields_agree(void **state)
{
	(void)state;
	for (size_t i = 0; meta_all[i]; i++) {
		const char **f = registry_personal_fields(meta_all[i]);
		struct strbuf sb = STRBUF_INIT;
		for (size_t k = 0; f[k]; k++)
			strbuf_addf(&sb, "%s%s", k ? "," : "", f[k]);
		const char *store = purge_personal_fields(meta_all[i]->ent->name);
		bool same = sb.len ? store && str_eq(sb.buf, store) : !store;
		if (!same)
			fail_msg("%s: model '%s', store '%s'", meta_all[i]->ent->name, sb.buf,
				 store ? store : "(none)");
		strbuf_release(&sb);
		free(f);
	}
}

static void test_salted_purge(void **state)
{
	(void)state;
	struct store *st = fresh();
	char *u = put(st, &meta_umkm, "nama_usaha", "Keripik Sri", "nik", "1871015205900001",
		      "nama_pemilik", "Sri Wahyuni", "kabupaten_kota", "18.71", NULL);
	const struct entity_meta *m;
	struct rid id;
	assert_true(ref_split(u, &m, &id));
	struct err e = { 0 };
	assert_true(registry_purge(st, &meta_umkm, &id, "permintaan", NULL, &e));
	char *fields = store_purged_fields(st, &entity_umkm, &id);
	assert_non_null(fields);
	assert_non_null(strstr(fields, "nik"));
	free(fields);
	/* check passes: the chain verifies over the salted hashes. */
	assert_int_equal(store_check(st, NULL, NULL, &e), 0);
	free(u);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_class_and_once_rules),
		cmocka_unit_test(test_apd_rules),
		cmocka_unit_test(test_apd_parts_in_id_order),
		cmocka_unit_test(test_stimulus_rules),
		cmocka_unit_test(test_personal_fields_agree),
		cmocka_unit_test(test_salted_purge),
	};
	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
