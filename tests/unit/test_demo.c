/* test_demo.c - the synthetic data generator: valid, regional, weighted, repeatable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "core/config.h"
#include "core/util.h"
#include "model/demo.h"
#include "model/region.h"
#include "model/registry.h"
#include "model/validate.h"
#include "store/store.h"

struct fixture {
	char dir[64];
	char path[96];
	struct store *st;
	struct config *cfg;
};

static int fixture_count;

static struct store *make_db(struct fixture *f)
{
	struct err e;
	snprintf(f->path, sizeof(f->path), "%s/db%d.sqlite", f->dir, fixture_count++);
	struct store *st = store_open(f->path, STORE_CREATE, &e);
	assert_non_null(st);
	assert_true(store_init_office(st, "18", "Dinas", &e));
	assert_true(store_begin(st, &e));
	assert_true(region_load(st, "18", NULL, &e) > 0);
	assert_true(store_commit(st, &e));
	return st;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/bantu-test-demo-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	/* An empty XDG_CONFIG_HOME: only the compiled-in defaults apply. */
	setenv("XDG_CONFIG_HOME", f->dir, 1);
	struct err e;
	f->cfg = config_load(NULL, &e);
	if (!f->cfg)
		return -1;
	f->st = make_db(f);
	*state = f;
	return 0;
}

static void remove_db(const char *path)
{
	char buf[160];
	unlink(path);
	snprintf(buf, sizeof(buf), "%s-wal", path);
	unlink(buf);
	snprintf(buf, sizeof(buf), "%s-shm", path);
	unlink(buf);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->st);
	config_free(f->cfg);
	for (int i = 0; i < fixture_count; i++) {
		char p[128];
		snprintf(p, sizeof(p), "%s/db%d.sqlite", f->dir, i);
		remove_db(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

struct progress_seen {
	long calls, last_done, last_total;
	bool monotonic;
};

static void on_progress(long done, long total, void *arg)
{
	struct progress_seen *p = arg;
	if (done < p->last_done)
		p->monotonic = false;
	p->calls++;
	p->last_done = done;
	p->last_total = total;
}

struct umkm_check {
	struct store *st;
	long n, dup_niks, with_nib, with_npwp, closed, mikro, lower_after, validated;
	char **niks;
};

static bool check_umkm(const struct record *rec, void *arg)
{
	struct umkm_check *c = arg;
	const char *nik = record_get(rec, "nik");
	const char *kec = record_get(rec, "kecamatan");
	const char *kab = record_get(rec, "kabupaten_kota");
	const char *sex = record_get(rec, "jenis_kelamin");
	assert_non_null(nik);
	assert_non_null(kec);
	assert_non_null(kab);
	assert_non_null(sex);

	/* The NIK is valid, from the business's kecamatan, with the owner's sex. */
	char norm[17];
	struct nik_info info;
	struct err e;
	if (!nik_check(nik, norm, &info, &e))
		fail_msg("NIK %s: %s", nik, e.msg);
	assert_string_equal(info.region, kec);
	assert_true(str_starts_with(kec, kab));
	assert_string_equal(sex, info.female ? "P" : "L");
	struct date on = { 2020, 5, 1 };
	int age = date_age(&info.birth, &on);
	assert_in_range(age, 20, 65);

	/* Every other number is in its stored form and valid. */
	const char *tel = record_get(rec, "telepon");
	if (tel) {
		char out[20];
		assert_true(phone_check(tel, out, NULL));
		assert_string_equal(out, tel);
	}
	const char *nib = record_get(rec, "nib");
	if (nib) {
		char out[14];
		assert_true(nib_check(nib, out, NULL));
		c->with_nib++;
	}
	const char *npwp = record_get(rec, "npwp");
	if (npwp) {
		char out[17];
		assert_int_equal(strlen(npwp), 15);
		assert_true(npwp_check(npwp, out, NULL));
		c->with_npwp++;
	}
	char kbli[6];
	assert_true(kbli_check(record_get(rec, "kbli"), kbli, NULL));
	const char *d = record_get(rec, "tanggal_pendataan");
	assert_non_null(d);
	assert_true(strcmp(d, "2020-04-01") >= 0 && strcmp(d, "2020-07-31") <= 0);
	const char *dampak = record_get(rec, "dampak");
	assert_non_null(dampak);
	int parts = 1;
	for (const char *p = dampak; *p; p++)
		parts += *p == ';';
	assert_in_range(parts, 1, 3);
	long long before = strtoll(record_get(rec, "omzet_sebelum"), NULL, 10);
	long long after = strtoll(record_get(rec, "omzet_sesudah"), NULL, 10);
	assert_true(before > 0);
	c->lower_after += after < before;
	if (str_eq(record_get(rec, "status_usaha"), "tutup")) {
		c->closed++;
		assert_int_equal(after, 0);
	}
	if (str_eq(record_get(rec, "skala"), "mikro")) {
		c->mikro++;
		assert_in_range(before, 1000000, 30000000);
	}
	assert_true(strlen(record_get(rec, "nama_usaha")) > 3);
	assert_true(strlen(record_get(rec, "nama_pemilik")) >= 3);

	/* The registry finds no error (a sample: every third record). */
	if (c->n % 3 == 0) {
		struct issues is = { 0 };
		registry_validate(c->st, &meta_umkm, rec, &is);
		for (size_t i = 0; i < is.n; i++)
			if (is.v[i].severity == ISSUE_ERROR)
				fail_msg("%s: %s", record_get(rec, "nama_usaha"), is.v[i].msg);
		issues_release(&is);
		c->validated++;
	}
	c->niks[c->n++] = xstrdup(nik);
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool check_koperasi(const struct record *rec, void *arg)
{
	struct umkm_check *c = arg;
	const char *name = record_get(rec, "nama_koperasi");
	assert_non_null(name);
	assert_true(str_starts_with(name, "Koperasi") || str_starts_with(name, "KSU") ||
		    str_starts_with(name, "KSP") || str_starts_with(name, "KUD") ||
		    str_starts_with(name, "KPRI") || str_starts_with(name, "Kopontren") ||
		    str_starts_with(name, "Pusat Koperasi"));
	long members = strtol(record_get(rec, "jumlah_anggota"), NULL, 10);
	assert_in_range(members, 20, 2000);
	const char *tgl = record_get(rec, "tanggal_badan_hukum");
	assert_true(strcmp(tgl, "1995-01-01") >= 0 && strcmp(tgl, "2019-12-31") <= 0);
	assert_non_null(record_get(rec, "ketua"));
	assert_non_null(record_get(rec, "nomor_badan_hukum"));
	const char *nik = record_get(rec, "nik_koperasi");
	if (nik)
		assert_int_equal(strlen(nik), 16);
	struct issues is = { 0 };
	registry_validate(c->st, &meta_koperasi, rec, &is);
	for (size_t i = 0; i < is.n; i++)
		if (is.v[i].severity == ISSUE_ERROR)
			fail_msg("%s: %s", name, is.v[i].msg);
	issues_release(&is);
	c->n++;
	return true;
}

static void report(const char *msg, void *arg)
{
	(void)arg;
	print_error("check: %s\n", msg);
}

/* Ops of the registry's entities (UMKM and koperasi) in the fixture's database. */
static long registry_ops(struct fixture *f)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	long n = -1;
	if (sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM op WHERE entity IN ('umkm', 'koperasi')",
			       -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			n = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	return n;
}

static void test_fill_valid(void **state)
{
	struct fixture *f = *state;
	struct err e;
	struct progress_seen p = { .monotonic = true };
	long n = demo_fill(f->st, f->cfg, 500, 20, 42, on_progress, &p, "demo", &e);
	if (n < 0)
		fail_msg("demo_fill: %s", e.msg);
	assert_int_equal(n, 520);
	assert_int_equal(store_count(f->st, &entity_umkm), 500);
	assert_int_equal(store_count(f->st, &entity_koperasi), 20);
	/* One op per business; the programs' demo records (model/demo_prog4.c) at
	 * least one each. */
	int64_t programs = store_count(f->st, &entity_warung) +
			   store_count(f->st, &entity_warung_laporan) +
			   store_count(f->st, &entity_produk) + store_count(f->st, &entity_kelas) +
			   store_count(f->st, &entity_peserta);
	assert_true(programs > 0);
	assert_true(store_op_count(f->st) >= 520 + programs);
	assert_int_equal(registry_ops(f), 520);
	assert_true(p.calls >= 1);
	assert_true(p.monotonic);
	assert_int_equal(p.last_done, 520);
	assert_int_equal(p.last_total, 520);

	struct umkm_check c = { .st = f->st, .niks = calloc(500, sizeof(char *)) };
	assert_true(store_each(f->st, &entity_umkm, false, check_umkm, &c, &e));
	assert_int_equal(c.n, 500);
	assert_true(c.validated >= 160);
	/* Mostly micro, mostly hit, some registered, some closed. */
	assert_true(c.mikro > 400);
	assert_true(c.lower_after > 350);
	assert_true(c.with_nib > 10 && c.with_nib < 250);
	assert_true(c.with_npwp > 5 && c.with_npwp < 200);
	/* NIKs shared by two businesses are rare (about 0.5%). */
	qsort(c.niks, 500, sizeof(char *), cmp_str);
	long dups = 0;
	for (int i = 1; i < 500; i++)
		dups += str_eq(c.niks[i], c.niks[i - 1]);
	assert_true(dups <= 15);
	for (int i = 0; i < 500; i++)
		free(c.niks[i]);
	free(c.niks);

	struct umkm_check k = { .st = f->st };
	assert_true(store_each(f->st, &entity_koperasi, false, check_koperasi, &k, &e));
	assert_int_equal(k.n, 20);

	assert_int_equal(store_check(f->st, report, NULL, &e), 0);
}

struct kab_count {
	long lteng, metro, kota_bdl, total;
	long same_owner;       /* NIK shared with an earlier business */
};

static bool count_kab(const struct record *rec, void *arg)
{
	struct kab_count *k = arg;
	const char *kab = record_get(rec, "kabupaten_kota");
	k->lteng += str_eq(kab, "18.02");
	k->metro += str_eq(kab, "18.72");
	k->kota_bdl += str_eq(kab, "18.71");
	k->total++;
	return true;
}

static void test_weights(void **state)
{
	struct fixture *f = *state;
	struct err e;
	struct store *st = make_db(f);
	assert_int_equal(demo_fill(st, f->cfg, 5000, 0, 7, NULL, NULL, "demo", &e), 5000);
	struct kab_count k = { 0 };
	assert_true(store_each(st, &entity_umkm, false, count_kab, &k, &e));
	assert_int_equal(k.total, 5000);
	/* Lampung Tengah has 8.7x Metro's people; 5000 records: about 780 and 90. */
	assert_true(k.lteng > 3 * k.metro);
	assert_in_range(k.lteng, 600, 960);
	assert_in_range(k.metro, 40, 150);
	assert_in_range(k.kota_bdl, 480, 780);
	store_close(st);

	/* Equal weights: every kabupaten/kota equally likely, about 200 each. (A user's
	 * map only adds or replaces entries, so every default is set to 1.) */
	st = make_db(f);
	const char *codes[] = { "18.01", "18.02", "18.03", "18.04", "18.05", "18.06", "18.07",
				"18.08", "18.09", "18.10", "18.11", "18.12", "18.13", "18.71",
				"18.72" };
	struct strbuf y = STRBUF_INIT;
	strbuf_adds(&y, "demo:\n  weights:\n");
	for (size_t i = 0; i < ARRAY_SIZE(codes); i++)
		strbuf_addf(&y, "    \"%s\": 1\n", codes[i]);
	struct config *flat = config_load_text(y.buf, y.len, "flat.yaml", &e);
	if (!flat)
		fail_msg("%s", e.msg);
	strbuf_release(&y);
	assert_int_equal(demo_fill(st, flat, 3000, 0, 7, NULL, NULL, "demo", &e), 3000);
	memset(&k, 0, sizeof(k));
	assert_true(store_each(st, &entity_umkm, false, count_kab, &k, &e));
	assert_in_range(k.lteng, 120, 290);
	assert_in_range(k.metro, 120, 290);
	config_free(flat);
	store_close(st);
}

struct names {
	char **v;
	size_t n;
};

static bool collect_names(const struct record *rec, void *arg)
{
	struct names *ns = arg;
	const char *fields[] = { "nama_usaha", "nama_pemilik", "nik", "kecamatan", "desa",
				 "omzet_sebelum", "telepon", "alamat" };
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		strbuf_addf(&sb, "%s|", record_get(rec, fields[i]) ? record_get(rec, fields[i]) : "");
	ns->v = xrealloc(ns->v, (ns->n + 1) * sizeof(char *));
	ns->v[ns->n++] = strbuf_detach(&sb);
	return true;
}

static bool collect_coops(const struct record *rec, void *arg)
{
	struct names *ns = arg;
	ns->v = xrealloc(ns->v, (ns->n + 1) * sizeof(char *));
	ns->v[ns->n++] = xasprintf("%s|%s", record_get(rec, "nama_koperasi"),
				   record_get(rec, "nomor_badan_hukum"));
	return true;
}

static void names_free(struct names *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
}

static void test_same_seed_same_records(void **state)
{
	struct fixture *f = *state;
	struct err e;
	struct names a = { 0 }, b = { 0 }, c = { 0 }, ka = { 0 }, kb = { 0 };
	struct store *s1 = make_db(f), *s2 = make_db(f), *s3 = make_db(f);
	assert_int_equal(demo_fill(s1, f->cfg, 300, 10, 1234, NULL, NULL, "a", &e), 310);
	assert_int_equal(demo_fill(s2, f->cfg, 300, 10, 1234, NULL, NULL, "b", &e), 310);
	assert_int_equal(demo_fill(s3, f->cfg, 300, 10, 1235, NULL, NULL, "a", &e), 310);
	/* Records are listed in id order, which is the order they were made. */
	assert_true(store_each(s1, &entity_umkm, false, collect_names, &a, &e));
	assert_true(store_each(s2, &entity_umkm, false, collect_names, &b, &e));
	assert_true(store_each(s3, &entity_umkm, false, collect_names, &c, &e));
	assert_true(store_each(s1, &entity_koperasi, false, collect_coops, &ka, &e));
	assert_true(store_each(s2, &entity_koperasi, false, collect_coops, &kb, &e));
	assert_int_equal(a.n, 300);
	assert_int_equal(b.n, 300);
	size_t differ = 0;
	for (size_t i = 0; i < a.n; i++) {
		assert_string_equal(a.v[i], b.v[i]);
		differ += !str_eq(a.v[i], c.v[i]);
	}
	assert_true(differ > 290);   /* another seed, other records */
	assert_int_equal(ka.n, 10);
	for (size_t i = 0; i < ka.n; i++)
		assert_string_equal(ka.v[i], kb.v[i]);
	/* Names vary: 300 businesses, hardly any name twice. */
	struct names u = { 0 };
	for (size_t i = 0; i < a.n; i++) {
		u.v = xrealloc(u.v, (u.n + 1) * sizeof(char *));
		u.v[u.n++] = xstrndup(a.v[i], strcspn(a.v[i], "|"));
	}
	qsort(u.v, u.n, sizeof(char *), cmp_str);
	size_t distinct = 1;
	for (size_t i = 1; i < u.n; i++)
		distinct += !str_eq(u.v[i], u.v[i - 1]);
	assert_true(distinct > 250);
	names_free(&u);
	names_free(&a);
	names_free(&b);
	names_free(&c);
	names_free(&ka);
	names_free(&kb);
	store_close(s1);
	store_close(s2);
	store_close(s3);
}

static void test_no_regions(void **state)
{
	struct fixture *f = *state;
	struct err e;
	char path[128];
	snprintf(path, sizeof(path), "%s/empty.sqlite", f->dir);
	struct store *st = store_open(path, STORE_CREATE, &e);
	assert_non_null(st);
	assert_true(store_init_office(st, "18", "Dinas", &e));
	assert_int_equal(demo_fill(st, f->cfg, 10, 0, 1, NULL, NULL, "demo", &e), -1);
	assert_non_null(strstr(e.msg, "init"));
	assert_int_equal(store_count(st, &entity_umkm), 0);
	assert_int_equal(demo_fill(st, f->cfg, -1, 0, 1, NULL, NULL, "demo", &e), -1);
	store_close(st);
	remove_db(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fill_valid),
		cmocka_unit_test(test_weights),
		cmocka_unit_test(test_same_seed_same_records),
		cmocka_unit_test(test_no_regions),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
