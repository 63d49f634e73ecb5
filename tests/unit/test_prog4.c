/*
 * test_prog4.c - programs 1, 2 and 5: Warung Pesan Kirim (points, weekly
 * reports, the grid's all-or-nothing save, targets), Pemasaran Online (every
 * state move, allowed and refused, the facts each state needs, links) and
 * Pelatihan Online (once per class, capacity, attendance from the class date,
 * certificates), the summaries, and the foundation's generic parts these rely
 * on (a reference typed as a registration no., a deleted business refused, a
 * business's part in the programs, merged businesses counted once).
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
#include <sqlite3.h>

#include "core/config.h"
#include "core/util.h"
#include "model/demo.h"
#include "model/duplicates.h"
#include "model/prog4.h"
#include "model/shared_settings.h"
#include "model/region.h"
#include "model/registry.h"
#include "store/store.h"

struct fx {
	char dir[64];
	char path[96];
	struct store *st;
	struct issues is;
	struct err e;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/bantu-test-prog4-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/db.sqlite", f->dir);
	f->st = store_open(f->path, STORE_CREATE, &f->e);
	if (!f->st || !store_init_office(f->st, "18", "Dinas", &f->e) || !store_begin(f->st, &f->e) ||
	    region_load(f->st, "18", NULL, &f->e) <= 0 || !store_commit(f->st, &f->e))
		return -1;
	setenv("BANTU_TODAY", "2020-05-20", 1);
	prog4_configure(NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	issues_release(&f->is);
	store_close(f->st);
	char p[160];
	const char *suffix[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, suffix[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	unsetenv("BANTU_TODAY");
	return 0;
}

/* A UMKM straight into the store (the registry's own rules are tested elsewhere). */
static struct rid add_umkm(struct fx *f, const char *name, const char *kab, const char *kec,
			   const char *phone)
{
	struct record r;
	record_init(&r, &entity_umkm);
	record_set(&r, "nama_usaha", name);
	record_set(&r, "nama_pemilik", "Pemilik");
	record_set(&r, "kabupaten_kota", kab);
	record_set(&r, "kecamatan", kec);
	record_set(&r, "telepon", phone);
	assert_int_equal(store_save(f->st, &r, "test", &f->e), 1);
	struct rid id = r.id;
	record_release(&r);
	return id;
}

static char *ref_of(const struct entity_meta *m, const struct rid *id)
{
	return ref_make(m, id);
}

static void set_ref(struct record *r, const char *field, const struct entity_meta *m,
		    const struct rid *id)
{
	char *v = ref_of(m, id);
	record_set(r, field, v);
	free(v);
}

static bool has_issue(const struct issues *is, enum issue_severity sev, const char *part)
{
	for (size_t i = 0; i < is->n; i++)
		if (is->v[i].severity == sev && strstr(is->v[i].msg, part))
			return true;
	return false;
}

static void print_issues(const struct issues *is)
{
	for (size_t i = 0; i < is->n; i++)
		fprintf(stderr, "# issue %d: %s\n", is->v[i].field, is->v[i].msg);
}

static enum save_result save(struct fx *f, const struct entity_meta *m, struct record *r, bool confirm)
{
	enum save_result res = registry_save(f->st, m, r, "petugas", confirm, &f->is, &f->e);
	if (res == SAVE_ERROR)
		fprintf(stderr, "# error: %s\n", f->e.msg);
	return res;
}

static void warung_new(struct fx *f, struct record *r, const struct rid *op, const char *addr)
{
	registry_new(f->st, &meta_warung, r);
	record_set(r, "nama", "Warung Sehat");
	set_ref(r, "operator", &meta_umkm, op);
	record_set(r, "alamat", addr);
	record_set(r, "kabupaten_kota", "18.71");
	record_set(r, "kecamatan", "18.71.01");
	record_set(r, "whatsapp", "+6281234567890");
	record_set(r, "jualan", "sembako;lauk pauk");
	record_set(r, "pengiriman", "kurir sendiri");
	record_set(r, "tanggal_mulai", "2020-04-15");
}

/* ---- Warung Pesan Kirim ---- */

static void test_warung_point(void **state)
{
	struct fx *f = *state;
	struct rid op = add_umkm(f, "Toko Sri", "18.71", "18.71.01", "+6281200000001");
	struct record r;
	warung_new(f, &r, &op, "Jl. Kenanga 1");
	assert_int_equal(save(f, &meta_warung, &r, false), SAVE_DONE);
	/* Derived: the operator's name (search); a new point starts active. */
	assert_string_equal(record_get(&r, "nama_operator"), "Toko Sri");
	assert_string_equal(record_get(&r, "status"), "aktif");
	assert_non_null(strstr(record_get(&r, FIELD_REG_NO), "-W-"));

	/* Inactive needs a reason; active again drops it. */
	record_set(&r, "status", "nonaktif");
	assert_int_equal(save(f, &meta_warung, &r, false), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "inactive"));
	record_set(&r, "alasan_nonaktif", "stok habis");
	assert_int_equal(save(f, &meta_warung, &r, false), SAVE_DONE);
	record_set(&r, "status", "aktif");
	assert_int_equal(save(f, &meta_warung, &r, false), SAVE_DONE);
	assert_null(record_get(&r, "alasan_nonaktif"));

	/* A WhatsApp number that is not a mobile number: refused as typed and as stored. */
	const struct field_meta *wa = registry_field(&meta_warung, "whatsapp");
	char *v = NULL;
	assert_false(registry_parse(f->st, &r, wa, "12345", &v, &f->e));
	assert_null(v);
	assert_true(registry_parse(f->st, &r, wa, "0812 3456 7891", &v, &f->e));
	assert_string_equal(v, "+6281234567891");
	free(v);
	record_set(&r, "whatsapp", "+622112345");
	assert_int_equal(save(f, &meta_warung, &r, false), SAVE_INVALID);
	record_release(&r);

	/* Required: the operator. */
	registry_new(f->st, &meta_warung, &r);
	record_set(&r, "nama", "Tanpa operator");
	assert_int_equal(save(f, &meta_warung, &r, false), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "Operator"));
	record_release(&r);
}

static void test_warung_same_address_warns(void **state)
{
	struct fx *f = *state;
	struct rid op = add_umkm(f, "Toko Budi", "18.71", "18.71.01", NULL);
	struct record a, b;
	warung_new(f, &a, &op, "Jl. Melati 2");
	assert_int_equal(save(f, &meta_warung, &a, false), SAVE_DONE);
	warung_new(f, &b, &op, "jl. melati 2");
	assert_int_equal(save(f, &meta_warung, &b, false), SAVE_CONFIRM);
	assert_true(has_issue(&f->is, ISSUE_WARNING, "same operator"));
	assert_int_equal(save(f, &meta_warung, &b, true), SAVE_DONE);
	/* Another address: no warning. */
	struct record c;
	warung_new(f, &c, &op, "Jl. Mawar 3");
	assert_int_equal(save(f, &meta_warung, &c, false), SAVE_DONE);
	record_release(&a);
	record_release(&b);
	record_release(&c);
}

/* The foundation: a reference typed as a registration no.; a deleted business refused. */
static void test_ref_by_reg_no_and_deleted(void **state)
{
	struct fx *f = *state;
	struct rid op = add_umkm(f, "Kedai Rina", "18.71", "18.71.02", NULL);
	struct record u;
	assert_true(store_get(f->st, &entity_umkm, &op, &u, NULL));
	const char *reg = record_get(&u, FIELD_REG_NO);
	const struct field_meta *fo = registry_field(&meta_warung, "operator");
	char *v = NULL;
	assert_true(registry_parse(f->st, NULL, fo, reg, &v, &f->e));
	char *want = ref_of(&meta_umkm, &op);
	assert_string_equal(v, want);
	free(v);
	free(want);
	assert_false(registry_parse(f->st, NULL, fo, "18-U-999999", &v, &f->e));
	assert_non_null(strstr(f->e.msg, "18-U-999999"));
	/* A product names a UMKM only: a koperasi's reference is refused. */
	struct record k;
	record_init(&k, &entity_koperasi);
	record_set(&k, "nama_koperasi", "KSU Maju");
	record_set(&k, "kabupaten_kota", "18.71");
	assert_int_equal(store_save(f->st, &k, "test", &f->e), 1);
	char *kref = ref_of(&meta_koperasi, &k.id);
	assert_false(registry_parse(f->st, NULL, registry_field(&meta_produk, "umkm"), kref, &v,
				    &f->e));
	/* ... while a warung point may be run by a koperasi. */
	assert_true(registry_parse(f->st, NULL, fo, kref, &v, &f->e));
	free(v);
	free(kref);
	record_release(&k);

	assert_true(registry_delete(f->st, &meta_umkm, &op, "tutup", "petugas", &f->e));
	struct record r;
	warung_new(f, &r, &op, "Jl. Dahlia 4");
	assert_int_equal(save(f, &meta_warung, &r, false), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "deleted"));
	record_release(&r);
	record_release(&u);
}

static struct rid point(struct fx *f, const char *name, const char *kab, const char *kec)
{
	struct rid op = add_umkm(f, name, kab, kec, NULL);
	struct record r;
	warung_new(f, &r, &op, name);
	record_set(&r, "nama", name);
	record_set(&r, "kabupaten_kota", kab);
	record_set(&r, "kecamatan", kec);
	assert_int_equal(save(f, &meta_warung, &r, true), SAVE_DONE);
	struct rid id = r.id;
	record_release(&r);
	return id;
}

static void test_weekly_report_rules(void **state)
{
	struct fx *f = *state;
	struct rid p = point(f, "Warung Laporan", "18.71", "18.71.01");
	struct record r;
	registry_new(f->st, &meta_warung_laporan, &r);
	set_ref(&r, "titik", &meta_warung, &p);
	record_set(&r, "minggu", "2020-05-14");   /* a Thursday */
	record_set(&r, "pesanan", "12");
	record_set(&r, "omzet", "350000");
	assert_int_equal(save(f, &meta_warung_laporan, &r, false), SAVE_DONE);
	assert_string_equal(record_get(&r, "minggu"), "2020-05-11");  /* its Monday */
	assert_string_equal(record_get(&r, "nama_titik"), "Warung Laporan");
	assert_string_equal(record_get(&r, "kabupaten_kota"), "18.71");

	/* Unique per point and week: another day of the same week is refused. */
	struct record d;
	registry_new(f->st, &meta_warung_laporan, &d);
	set_ref(&d, "titik", &meta_warung, &p);
	record_set(&d, "minggu", "2020-05-17");
	record_set(&d, "pesanan", "1");
	record_set(&d, "omzet", "1");
	assert_int_equal(save(f, &meta_warung_laporan, &d, false), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "already has a report"));
	/* The next week is fine. */
	record_set(&d, "minggu", "2020-05-18");
	assert_int_equal(save(f, &meta_warung_laporan, &d, false), SAVE_DONE);
	/* Numbers: non-negative, required; the week not in the future. */
	record_set(&d, "pesanan", "-3");
	assert_int_equal(save(f, &meta_warung_laporan, &d, false), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "negative"));
	record_set(&d, "pesanan", "3");
	record_set(&d, "omzet", NULL);
	assert_int_equal(save(f, &meta_warung_laporan, &d, false), SAVE_INVALID);
	record_set(&d, "omzet", "5000");
	record_set(&d, "minggu", "2020-06-01");
	assert_int_equal(save(f, &meta_warung_laporan, &d, false), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "future"));
	const struct field_meta *fc = registry_field(&meta_warung_laporan, "pesanan");
	char *v = NULL;
	assert_false(registry_parse(f->st, NULL, fc, "-3", &v, &f->e));
	record_release(&d);
	record_release(&r);

	char mon[DATE_BUFSZ];
	assert_true(warung_week_start("2020-05-18", mon));
	assert_string_equal(mon, "2020-05-18");
	assert_true(warung_week_start("2020-05-24", mon));
	assert_string_equal(mon, "2020-05-18");
	assert_true(warung_week_start("2021-01-01", mon));
	assert_string_equal(mon, "2020-12-28");
	assert_false(warung_week_start("2020-02-30", mon));
}

static void test_week_grid(void **state)
{
	struct fx *f = *state;
	point(f, "B Warung", "18.72", "18.72.01");
	struct rid a = point(f, "A Warung", "18.72", "18.72.01");
	struct rid off = point(f, "C Tutup", "18.72", "18.72.01");
	point(f, "Elsewhere", "18.71", "18.71.01");
	struct record r;
	assert_true(store_get(f->st, &entity_warung, &off, &r, NULL));
	record_set(&r, "status", "nonaktif");
	record_set(&r, "alasan_nonaktif", "pindah");
	assert_int_equal(save(f, &meta_warung, &r, true), SAVE_DONE);
	record_release(&r);

	struct warung_row *rows;
	int n = warung_week_load(f->st, "18.72", "2020-05-11", &rows, &f->e);
	assert_int_equal(n, 2);   /* active points of the kabupaten only, by name */
	assert_string_equal(rows[0].nama, "A Warung");
	assert_memory_equal(&rows[0].titik, &a, sizeof(a));
	assert_true(rid_is_zero(&rows[0].laporan));
	/* One row half filled: nothing is written, the row is named. */
	rows[0].pesanan = xstrdup("10");
	rows[0].omzet = xstrdup("100000");
	rows[1].pesanan = xstrdup("4");
	int bad = -1;
	int64_t ops = store_op_count(f->st);
	assert_int_equal(warung_week_save(f->st, "2020-05-11", rows, n, "petugas", &f->is, &bad, &f->e), -1);
	assert_int_equal(bad, 1);
	assert_int_equal(store_op_count(f->st), ops);
	assert_true(rid_is_zero(&rows[0].laporan));
	rows[1].omzet = xstrdup("40000");
	assert_int_equal(warung_week_save(f->st, "2020-05-11", rows, n, "petugas", &f->is, &bad, &f->e), 2);
	warung_rows_free(rows, n);

	/* Loaded again: the week's values; changed and saved again: one written. */
	n = warung_week_load(f->st, "18.72", "2020-05-11", &rows, &f->e);
	assert_int_equal(n, 2);
	assert_false(rid_is_zero(&rows[0].laporan));
	assert_string_equal(rows[0].pesanan, "10");
	assert_string_equal(rows[1].omzet, "40000");
	free(rows[1].omzet);
	rows[1].omzet = xstrdup("45000");
	assert_int_equal(warung_week_save(f->st, "2020-05-11", rows, n, "petugas", &f->is, &bad, &f->e), 1);
	warung_rows_free(rows, n);
	/* Another week starts empty. */
	n = warung_week_load(f->st, "18.72", "2020-05-18", &rows, &f->e);
	assert_int_equal(n, 2);
	assert_null(rows[0].pesanan);
	warung_rows_free(rows, n);
}

static void test_warung_targets_and_summary(void **state)
{
	struct fx *f = *state;
	/* Defaults: 226 over the 15 kabupaten/kota of Lampung. */
	struct table *k = table_new("", 1);
	size_t nk = table_add_kabupaten_rows(k, f->st, NULL);
	assert_int_equal(nk, 15);
	int64_t sum = 0;
	for (size_t i = 0; i < nk; i++)
		sum += warung_target(f->st, k->rows[i].code);
	assert_int_equal(sum, 226);
	assert_int_equal(warung_target(f->st, "18.01"), 16);
	assert_int_equal(warung_target(f->st, "18.72"), 15);
	/* Some targets set at the province (province data, issue 20): the rest
	 * share what is left. */
	assert_true(shared_setting_set(f->st, "programs.warung.target_total", "100", NULL, &f->e));
	assert_true(shared_setting_set(f->st, "programs.warung.targets.18.71", "30", NULL, &f->e));
	assert_true(shared_setting_set(f->st, "programs.warung.targets.18.72", "5", NULL, &f->e));
	assert_int_equal(warung_target(f->st, "18.71"), 30);
	sum = 0;
	for (size_t i = 0; i < nk; i++)
		sum += warung_target(f->st, k->rows[i].code);
	assert_int_equal(sum, 100);
	table_free(k);

	point(f, "S1", "18.71", "18.71.01");
	point(f, "S2", "18.71", "18.71.02");
	struct tables ts = { 0 };
	struct summary_filter flt = { 0 };
	assert_true(program_warung.summary(f->st, &flt, &ts, &f->e));
	assert_int_equal(ts.n, 3);
	struct table *t = ts.v[0];
	long row = table_find_row(t, "18.71");
	assert_true(row >= 0);
	assert_int_equal(t->rows[row].cells[1].num, 30);
	assert_int_equal(t->rows[row].cells[2].num, 2);
	assert_int_equal(t->rows[row].cells[4].num, 66);   /* 2 of 30: 6,6% */
	assert_true(t->rows[t->nrows - 1].total);
	assert_int_equal(t->rows[t->nrows - 1].cells[1].num, 100);
	tables_release(&ts);
	/* Limited to one kabupaten/kota: one row and the total. */
	flt.kabupaten = "18.72";
	assert_true(program_warung.summary(f->st, &flt, &ts, &f->e));
	assert_int_equal(ts.v[0]->nrows, 2);
	assert_int_equal(ts.v[0]->rows[0].cells[2].num, 0);
	tables_release(&ts);
}

/* Categories and topics come from the config; the defaults without one. */
static void test_config_lists(void **state)
{
	struct fx *f = *state;
	static const char yaml[] = "programs:\n  produk:\n    categories: [makanan, batik tulis]\n"
				   "  pelatihan:\n    topics: [ekspor]\n";
	struct config *cfg = config_load_text(yaml, sizeof(yaml) - 1, "t.yaml", &f->e);
	assert_non_null(cfg);
	prog4_configure(cfg);
	config_free(cfg);   /* the choices are copies */
	const struct field_meta *cat = registry_field(&meta_produk, "kategori");
	char *v = NULL;
	assert_true(registry_parse(f->st, NULL, cat, "batik tulis", &v, &f->e));
	assert_string_equal(v, "batik tulis");
	free(v);
	assert_true(registry_parse(f->st, NULL, cat, "food", &v, &f->e));  /* a default's label */
	assert_string_equal(v, "makanan");
	free(v);
	assert_false(registry_parse(f->st, NULL, cat, "fesyen", &v, &f->e));
	const struct field_meta *topic = registry_field(&meta_kelas, "topik");
	assert_true(registry_parse(f->st, NULL, topic, "1", &v, &f->e));
	assert_string_equal(v, "ekspor");
	free(v);
	prog4_configure(NULL);
	assert_true(registry_parse(f->st, NULL, cat, "fesyen", &v, &f->e));
	free(v);
}

/* ---- Pemasaran Online ---- */

static void produk_new(struct fx *f, struct record *r, const struct rid *umkm)
{
	registry_new(f->st, &meta_produk, r);
	record_set(r, "nama", "Keripik Pisang");
	set_ref(r, "umkm", &meta_umkm, umkm);
	record_set(r, "kategori", "makanan");
	record_set(r, "harga", "15000");
	record_set(r, "satuan", "bungkus");
	record_set(r, "tempat_promosi", "website;instagram");
	record_set(r, "link_website", "https://umkm.lampungprov.go.id/p/1");
	record_set(r, "link_instagram", "https://instagram.com/keripik");
}

struct who {
	const char *field;
	char officer[32];
	int64_t hlc;
};

static void find_officer(const struct history_entry *h, void *arg)
{
	struct who *w = arg;
	if (str_eq(h->field, "status") && str_eq(h->value, w->field)) {
		str_copy(w->officer, h->officer, sizeof(w->officer));
		w->hlc = h->hlc;
	}
}

/* Ops in the fixture's database, read through a connection of its own. */
static long op_count(struct fx *f)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	long n = -1;
	if (sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM op", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			n = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	return n;
}

/* The form shows what a save would copy from the chosen business, before the
 * save; only the derived fields are filled, nothing is written. */
static void test_derive_preview(void **state)
{
	struct fx *f = *state;
	struct rid u = add_umkm(f, "Keripik Bu Ani", "18.71", "18.71.01", NULL);
	struct record r;
	registry_new(f->st, &meta_produk, &r);
	set_ref(&r, "umkm", &meta_umkm, &u);
	assert_null(record_get(&r, "nama_usaha"));
	long ops = op_count(f);
	registry_derive_preview(f->st, &meta_produk, &r);
	assert_string_equal(record_get(&r, "nama_usaha"), "Keripik Bu Ani");
	assert_string_equal(record_get(&r, "kecamatan"), "18.71.01");
	assert_string_equal(record_get(&r, "kabupaten_kota"), "18.71");
	/* the state is the clerk's (a save would start it as submitted) */
	assert_null(record_get(&r, "status"));
	assert_int_equal(op_count(f), ops);
	/* another business chosen: its values replace the first's */
	struct rid v = add_umkm(f, "Batik Pak Joko", "18.71", "18.71.02", NULL);
	set_ref(&r, "umkm", &meta_umkm, &v);
	registry_derive_preview(f->st, &meta_produk, &r);
	assert_string_equal(record_get(&r, "nama_usaha"), "Batik Pak Joko");
	assert_string_equal(record_get(&r, "kecamatan"), "18.71.02");
	record_release(&r);
}

static void test_produk_moves(void **state)
{
	struct fx *f = *state;
	struct rid u = add_umkm(f, "Keripik Bu Ani", "18.71", "18.71.01", NULL);
	struct record r;
	produk_new(f, &r, &u);
	/* A new product cannot start anywhere but submitted. */
	record_set(&r, "status", "tayang");
	assert_int_equal(save(f, &meta_produk, &r, false), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "cannot start"));
	record_set(&r, "status", NULL);
	assert_int_equal(save(f, &meta_produk, &r, false), SAVE_DONE);
	assert_string_equal(record_get(&r, "status"), "diajukan");
	assert_string_equal(record_get(&r, "tanggal_diajukan"), "2020-05-20");
	assert_string_equal(record_get(&r, "nama_usaha"), "Keripik Bu Ani");

	/* diajukan -> tayang skips curation: refused, nothing written. */
	record_set(&r, "status", "tayang");
	record_set(&r, "catatan_kurasi", "bagus");
	assert_int_equal(save(f, &meta_produk, &r, false), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "cannot move"));
	/* diajukan -> diturunkan: refused. */
	record_set(&r, "status", "diturunkan");
	record_set(&r, "catatan_kurasi", NULL);
	record_set(&r, "alasan_turun", "x");
	assert_int_equal(save(f, &meta_produk, &r, false), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "cannot move"));
	record_set(&r, "alasan_turun", NULL);
	/* A curator's note belongs to the move to curated. */
	record_set(&r, "status", "diajukan");
	record_set(&r, "catatan_kurasi", "terlalu awal");
	assert_int_equal(save(f, &meta_produk, &r, false), SAVE_INVALID);

	/* -> dikurasi needs the note; its date is kept, who in the history. */
	record_set(&r, "status", "dikurasi");
	record_set(&r, "catatan_kurasi", NULL);
	assert_int_equal(save(f, &meta_produk, &r, false), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "curator"));
	record_set(&r, "catatan_kurasi", "Foto jelas");
	setenv("BANTU_TODAY", "2020-05-21", 1);
	assert_int_equal(registry_save(f->st, &meta_produk, &r, "kurator", false, &f->is, &f->e),
			 SAVE_DONE);
	assert_string_equal(record_get(&r, "tanggal_kurasi"), "2020-05-21");
	assert_string_equal(record_get(&r, "tanggal_diajukan"), "2020-05-20");
	struct who w = { "dikurasi", "", 0 };
	assert_true(store_history(f->st, &entity_produk, &r.id, find_officer, &w, &f->e));
	assert_string_equal(w.officer, "kurator");
	assert_true(w.hlc > 0);
	/* Back to submitted: refused. */
	record_set(&r, "status", "diajukan");
	assert_int_equal(save(f, &meta_produk, &r, false), SAVE_INVALID);

	/* -> tayang: every place chosen needs its link; the live date defaults to today. */
	record_set(&r, "status", "tayang");
	record_set(&r, "link_instagram", NULL);
	assert_int_equal(save(f, &meta_produk, &r, false), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "Instagram"));
	record_set(&r, "link_instagram", "instagram.com/keripik");
	assert_int_equal(save(f, &meta_produk, &r, false), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "https://"));
	record_set(&r, "link_instagram", "https://instagram.com/keripik");
	record_set(&r, "link_shopee", "https://shopee.co.id/keripik");
	assert_int_equal(save(f, &meta_produk, &r, false), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "not chosen"));
	record_set(&r, "link_shopee", NULL);
	assert_int_equal(save(f, &meta_produk, &r, false), SAVE_DONE);
	assert_string_equal(record_get(&r, "tanggal_tayang"), "2020-05-21");

	/* -> diturunkan needs the reason; then no way back to live. */
	record_set(&r, "status", "diturunkan");
	assert_int_equal(save(f, &meta_produk, &r, false), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "taken down"));
	record_set(&r, "alasan_turun", "stok habis");
	assert_int_equal(save(f, &meta_produk, &r, false), SAVE_DONE);
	assert_string_equal(record_get(&r, "tanggal_turun"), "2020-05-21");
	record_set(&r, "status", "tayang");
	record_set(&r, "alasan_turun", NULL);
	assert_int_equal(save(f, &meta_produk, &r, false), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "cannot move"));
	record_release(&r);

	/* Price: more than zero. */
	produk_new(f, &r, &u);
	record_set(&r, "harga", "0");
	assert_int_equal(save(f, &meta_produk, &r, false), SAVE_INVALID);
	record_release(&r);
	setenv("BANTU_TODAY", "2020-05-20", 1);
}

static void move_to(struct fx *f, struct record *r, const char *state)
{
	record_set(r, "status", state);
	if (str_eq(state, "dikurasi"))
		record_set(r, "catatan_kurasi", "ok");
	if (str_eq(state, "diturunkan"))
		record_set(r, "alasan_turun", "habis");
	if (save(f, &meta_produk, r, true) != SAVE_DONE)
		print_issues(&f->is);
}

static void test_produk_summary_merged_once(void **state)
{
	struct fx *f = *state;
	struct rid a = add_umkm(f, "Tapis Siger", "18.72", "18.72.01", NULL);
	struct rid b = add_umkm(f, "Tapis Siger Metro", "18.72", "18.72.01", NULL);
	struct rid c = add_umkm(f, "Kopi Way", "18.72", "18.72.02", NULL);
	const struct rid *owner[] = { &a, &b, &c, &c };
	const int steps[] = { 2, 2, 2, 1 };   /* a, b and c live; c's second curated */
	for (int i = 0; i < 4; i++) {
		struct record r;
		produk_new(f, &r, owner[i]);
		assert_int_equal(save(f, &meta_produk, &r, false), SAVE_DONE);
		move_to(f, &r, "dikurasi");
		if (steps[i] >= 2)
			move_to(f, &r, "tayang");
		record_release(&r);
	}
	struct tables ts = { 0 };
	struct summary_filter flt = { .kabupaten = "18.72" };
	assert_true(program_produk.summary(f->st, &flt, &ts, &f->e));
	struct table *t = ts.v[0];
	assert_int_equal(t->rows[0].cells[2].num, 1);   /* curated */
	assert_int_equal(t->rows[0].cells[3].num, 3);   /* live */
	assert_int_equal(t->rows[0].cells[5].num, 3);   /* businesses live */
	long food = table_find_row(ts.v[1], "makanan");
	assert_int_equal(ts.v[1]->rows[food].cells[3].num, 3);
	tables_release(&ts);
	/* b merged into a: one business with live products, not two. */
	assert_true(dup_merge(f->st, &meta_umkm, &a, &b, "petugas", &f->e));
	assert_true(program_produk.summary(f->st, &flt, &ts, &f->e));
	assert_int_equal(ts.v[0]->rows[0].cells[5].num, 2);
	tables_release(&ts);
}

static void count_part(const struct entity_meta *m, const struct rid *id, void *arg)
{
	(void)id;
	int *n = arg;
	if (m == &meta_warung)
		n[0]++;
	else if (m == &meta_produk)
		n[1]++;
	else if (m == &meta_peserta)
		n[2]++;
}

/* ---- Pelatihan Online ---- */

static struct rid kelas(struct fx *f, const char *date, int capacity)
{
	struct record k;
	registry_new(f->st, &meta_kelas, &k);
	record_set(&k, "judul", "Jualan Online");
	record_set(&k, "topik", "pemasaran digital");
	record_set(&k, "platform", "zoom");
	record_set(&k, "tanggal", date);
	record_set(&k, "jam", "09:00");
	record_set(&k, "pelatih", "Rina");
	char cap[16];
	snprintf(cap, sizeof(cap), "%d", capacity);
	record_set(&k, "kapasitas", cap);
	record_set(&k, "link", "https://s.id/kelas");
	assert_int_equal(save(f, &meta_kelas, &k, false), SAVE_DONE);
	assert_string_equal(record_get(&k, "jam"), "09.00");
	struct rid id = k.id;
	record_release(&k);
	return id;
}

static void test_kelas_rules(void **state)
{
	struct fx *f = *state;
	struct record k;
	registry_new(f->st, &meta_kelas, &k);
	record_set(&k, "judul", "Pembukuan");
	record_set(&k, "topik", "pembukuan sederhana");
	record_set(&k, "platform", "google meet");
	record_set(&k, "tanggal", "2020-06-01");
	record_set(&k, "jam", "25.00");
	record_set(&k, "pelatih", "Agus");
	record_set(&k, "kapasitas", "0");
	record_set(&k, "link", "zoom.us/j/1");
	assert_int_equal(save(f, &meta_kelas, &k, false), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "not a time"));
	assert_true(has_issue(&f->is, ISSUE_ERROR, "capacity"));
	assert_true(has_issue(&f->is, ISSUE_ERROR, "https://"));
	record_set(&k, "jam", "13.30");
	record_set(&k, "kapasitas", "2");
	record_set(&k, "link", "https://zoom.us/j/1");
	assert_int_equal(save(f, &meta_kelas, &k, false), SAVE_DONE);
	/* Two enrolled: the capacity cannot drop under two. */
	struct rid u1 = add_umkm(f, "U1", "18.71", "18.71.01", NULL);
	struct rid u2 = add_umkm(f, "U2", "18.71", "18.71.01", NULL);
	assert_int_equal(pelatihan_enrol(f->st, &k.id, &u1, "petugas", &f->is, &f->e), SAVE_DONE);
	assert_int_equal(pelatihan_enrol(f->st, &k.id, &u2, "petugas", &f->is, &f->e), SAVE_DONE);
	record_set(&k, "kapasitas", "1");
	assert_int_equal(save(f, &meta_kelas, &k, false), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "already enrolled"));
	record_release(&k);
}

static void test_peserta_rules(void **state)
{
	struct fx *f = *state;
	struct rid k = kelas(f, "2020-05-25", 3);
	struct rid a = add_umkm(f, "Bakso Paijo", "18.71", "18.71.01", "+6281211112222");
	struct rid b = add_umkm(f, "Bakso Paijo Dua", "18.71", "18.71.01", NULL);
	struct rid c = add_umkm(f, "Soto Bu Rini", "18.71", "18.71.02", NULL);
	struct rid d = add_umkm(f, "Pempek Ayu", "18.72", "18.72.01", NULL);
	assert_int_equal(pelatihan_enrol(f->st, &k, &a, "petugas", &f->is, &f->e), SAVE_DONE);
	/* Once per class. */
	assert_int_equal(pelatihan_enrol(f->st, &k, &a, "petugas", &f->is, &f->e), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "already enrolled"));
	/* b merged into a: enrolling b is enrolling a again. */
	assert_true(dup_merge(f->st, &meta_umkm, &a, &b, "petugas", &f->e));
	assert_int_equal(pelatihan_enrol(f->st, &k, &b, "petugas", &f->is, &f->e), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "already enrolled"));
	assert_int_equal(pelatihan_enrol(f->st, &k, &c, "petugas", &f->is, &f->e), SAVE_DONE);
	struct rid e2 = add_umkm(f, "Es Dawet", "18.71", "18.71.01", NULL);
	assert_int_equal(pelatihan_enrol(f->st, &k, &e2, "petugas", &f->is, &f->e), SAVE_DONE);
	/* Capacity 3: the fourth is refused. */
	assert_int_equal(pelatihan_enrol(f->st, &k, &d, "petugas", &f->is, &f->e), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "full"));

	struct peserta_row *rows;
	int n = pelatihan_peserta_load(f->st, &k, &rows, &f->e);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].nama, "Bakso Paijo");   /* by name */
	/* The derived phone, for sending the link. */
	struct record p;
	assert_true(store_get(f->st, &entity_peserta, &rows[0].id, &p, NULL));
	assert_string_equal(record_get(&p, "telepon"), "+6281211112222");
	assert_string_equal(record_get(&p, "judul_kelas"), "Jualan Online");
	/* Attendance before the class date: refused, the whole list unwritten. */
	for (int i = 0; i < n; i++)
		rows[i].kehadiran = xstrdup(i == 1 ? "tidak hadir" : "hadir");
	int bad = -1;
	int64_t ops = store_op_count(f->st);
	assert_int_equal(pelatihan_attendance_save(f->st, rows, n, "petugas", &f->is, &bad, &f->e), -1);
	assert_int_equal(bad, 0);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "class date"));
	assert_int_equal(store_op_count(f->st), ops);
	/* On the class date: saved. */
	setenv("BANTU_TODAY", "2020-05-25", 1);
	assert_int_equal(pelatihan_attendance_save(f->st, rows, n, "petugas", &f->is, &bad, &f->e), 3);
	assert_int_equal(pelatihan_attendance_save(f->st, rows, n, "petugas", &f->is, &bad, &f->e), 0);
	/* A certificate needs attendance. */
	struct record q;
	assert_true(store_get(f->st, &entity_peserta, &rows[1].id, &q, NULL));
	record_set(&q, "nomor_sertifikat", "SRT/1");
	assert_int_equal(save(f, &meta_peserta, &q, false), SAVE_INVALID);
	assert_true(has_issue(&f->is, ISSUE_ERROR, "attended"));
	record_release(&q);
	record_set(&p, "nomor_sertifikat", "SRT/1");
	record_set(&p, "kehadiran", "hadir");
	assert_int_equal(save(f, &meta_peserta, &p, false), SAVE_DONE);
	record_release(&p);
	peserta_rows_free(rows, n);
	/* Deleting a participant frees a place. */
	n = pelatihan_peserta_load(f->st, &k, &rows, &f->e);
	assert_true(registry_delete(f->st, &meta_peserta, &rows[2].id, "batal", "petugas", &f->e));
	peserta_rows_free(rows, n);
	assert_int_equal(pelatihan_enrol(f->st, &k, &d, "petugas", &f->is, &f->e), SAVE_DONE);

	/* Summary: 3 participants of 18.71, 2 present, 1 certificate. */
	struct tables ts = { 0 };
	struct summary_filter flt = { 0 };
	assert_true(program_pelatihan.summary(f->st, &flt, &ts, &f->e));
	long row = table_find_row(ts.v[1], "18.71");
	struct table *t = ts.v[1];
	assert_int_equal(t->rows[row].cells[1].num, 2);    /* Soto Bu Rini was deleted */
	assert_int_equal(t->rows[row].cells[2].num, 1);
	assert_int_equal(t->rows[row].cells[3].num, 500);
	assert_int_equal(t->rows[row].cells[4].num, 1);
	long topic = table_find_row(ts.v[0], "pemasaran digital");
	assert_int_equal(ts.v[0]->rows[topic].cells[1].num, 1);
	assert_int_equal(ts.v[0]->rows[topic].cells[2].num, 3);
	tables_release(&ts);

	/* The business's part in the programs: a's participation and its point. */
	struct record w;
	warung_new(f, &w, &a, "Jl. Bakso");
	assert_int_equal(save(f, &meta_warung, &w, true), SAVE_DONE);
	record_release(&w);
	int counts[3] = { 0, 0, 0 };
	assert_int_equal(registry_parts(f->st, &meta_umkm, &a, count_part, counts, 100), 2);
	assert_int_equal(counts[0], 1);
	assert_int_equal(counts[2], 1);
	setenv("BANTU_TODAY", "2020-05-20", 1);
}

/* A program record of a merged business is listed under the survivor. */
static void test_parts_follow_merge(void **state)
{
	struct fx *f = *state;
	struct rid a = add_umkm(f, "Gula Aren Jaya", "18.71", "18.71.01", NULL);
	struct rid b = add_umkm(f, "Gula Aren Jaya 2", "18.71", "18.71.01", NULL);
	struct record r;
	produk_new(f, &r, &b);
	assert_int_equal(save(f, &meta_produk, &r, false), SAVE_DONE);
	record_release(&r);
	produk_new(f, &r, &a);
	assert_int_equal(save(f, &meta_produk, &r, false), SAVE_DONE);
	record_release(&r);
	assert_true(dup_merge(f->st, &meta_umkm, &a, &b, "petugas", &f->e));
	int counts[3] = { 0, 0, 0 };
	assert_int_equal(registry_parts(f->st, &meta_umkm, &a, count_part, counts, 100), 2);
	assert_int_equal(counts[1], 2);
}

static void report(const char *msg, void *arg)
{
	(void)arg;
	fprintf(stderr, "# check: %s\n", msg);
}

static void test_demo_fills_programs(void **state)
{
	struct fx *f = *state;
	long n = demo_fill(f->st, NULL, 120, 10, 7, NULL, NULL, "demo", &f->e);
	assert_int_equal(n, 130);
	assert_int_equal(store_count(f->st, &entity_warung), 226);
	int64_t products = store_count(f->st, &entity_produk);
	assert_true(products >= 200);
	assert_int_equal(store_count(f->st, &entity_kelas), 12);
	assert_true(store_count(f->st, &entity_peserta) >= 12 * 10);
	assert_true(store_count(f->st, &entity_warung_laporan) > 226);
	int rc = store_check(f->st, report, NULL, &f->e);
	assert_int_equal(rc, 0);
}

/* The date a list's F6 period is of: the date recorded where a kind has it, else
 * the first date the clerk keys; none for a kind without a date. */
static void test_period_field(void **state)
{
	(void)state;
	const struct { const struct entity_meta *m; const char *want; } cases[] = {
		{ &meta_umkm, "tanggal_pendataan" },
		{ &meta_koperasi, "tanggal_pendataan" }, /* not its legal entity's date, first */
		{ &meta_warung_laporan, "minggu" },
		{ &meta_produk, "tanggal_tayang" },
		{ &meta_peserta, NULL },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct field_meta *f = registry_period_field(cases[i].m);
		if (!cases[i].want) {
			assert_null(f);
			continue;
		}
		assert_non_null(f);
		assert_string_equal(f->name, cases[i].want);
		assert_int_equal(f->kind, FK_DATE);
	}
	/* Every kind's period field is a date the clerk keys, never a derived one. */
	for (size_t i = 0; meta_all[i]; i++) {
		const struct field_meta *f = registry_period_field(meta_all[i]);
		if (f)
			assert_false(f->derived);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period_field),
		cmocka_unit_test_setup_teardown(test_warung_point, setup, teardown),
		cmocka_unit_test_setup_teardown(test_warung_same_address_warns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ref_by_reg_no_and_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_weekly_report_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_week_grid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_warung_targets_and_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_derive_preview, setup, teardown),
		cmocka_unit_test_setup_teardown(test_produk_moves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_produk_summary_merged_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kelas_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peserta_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parts_follow_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo_fills_programs, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
