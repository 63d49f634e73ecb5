/* test_prog5.c - the stimulus and Kartu Prakerja programs: every rule and state
 * move, the budget meter and summaries, the exports, and the money invariants
 * under thousands of random valid and invalid operations. */
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
#include "core/i18n.h"
#include "core/util.h"
#include "model/prog_prakerja.h"
#include "model/prog_stimulus.h"
#include "model/region.h"
#include "model/registry.h"
#include "model/shared_settings.h"
#include "store/store.h"

static char tmpdir[64];
static int dbno;
static struct config *cfg;

static int setup_all(void **state)
{
	(void)state;
	setenv("BANTU_TODAY", "2020-06-01", 1);
	i18n_init("en");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bantu-prog5-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_all(void **state)
{
	(void)state;
	program_set_config(NULL);
	config_free(cfg);
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

/* Settings from YAML text (over the defaults). */
static void settings(const char *yaml)
{
	program_set_config(NULL);
	config_free(cfg);
	struct err e = { 0 };
	cfg = config_load_text(yaml, strlen(yaml), "test.yaml", &e);
	if (!cfg)
		fail_msg("config: %s", e.msg);
	program_set_config(cfg);
}

static struct store *fresh(const char *office)
{
	char *path = xasprintf("%s/db%d.db", tmpdir, ++dbno);
	struct err e = { 0 };
	struct store *st = store_open(path, STORE_CREATE, &e);
	assert_non_null(st);
	assert_true(store_begin(st, &e));
	assert_true(region_load(st, "18", NULL, &e) > 200);
	assert_true(store_commit(st, &e));
	assert_true(store_init_office(st, office, "Test office", &e));
	free(path);
	return st;
}

/* A UMKM in kab (18.71 or 18.01...), its reference returned (caller frees). */
static char *umkm(struct store *st, const char *name, const char *owner, const char *nik,
		  const char *kab)
{
	struct record rec;
	record_init(&rec, &entity_umkm);
	record_set(&rec, "nama_usaha", name);
	record_set(&rec, "nama_pemilik", owner);
	record_set(&rec, "nik", nik);
	record_set(&rec, "kabupaten_kota", kab);
	record_set(&rec, "skala", "mikro");
	struct err e = { 0 };
	if (store_save(st, &rec, "t", &e) != 1)
		fail_msg("umkm: %s", e.msg);
	char *ref = ref_make(&meta_umkm, &rec.id);
	record_release(&rec);
	return ref;
}

static char *koperasi(struct store *st, const char *name, struct rid *id)
{
	struct record rec;
	record_init(&rec, &entity_koperasi);
	record_set(&rec, "nama_koperasi", name);
	record_set(&rec, "ketua", "Budi Santoso");
	record_set(&rec, "kabupaten_kota", "18.71");
	struct err e = { 0 };
	assert_int_equal(store_save(st, &rec, "t", &e), 1);
	*id = rec.id;
	char *ref = ref_make(&meta_koperasi, &rec.id);
	record_release(&rec);
	return ref;
}

static enum save_result save(struct store *st, const struct entity_meta *m, struct record *rec,
			     bool confirm, struct issues *is)
{
	struct err e = { 0 };
	enum save_result r = registry_save(st, m, rec, "t", confirm, is, &e);
	if (r == SAVE_ERROR)
		fail_msg("save: %s", e.msg);
	return r;
}

/* Whether some issue's message contains text. */
static bool says(const struct issues *is, const char *text)
{
	for (size_t i = 0; i < is->n; i++)
		if (strstr(is->v[i].msg, text))
			return true;
	return false;
}

static void dump_issues(const struct issues *is)
{
	for (size_t i = 0; i < is->n; i++)
		fprintf(stderr, "# issue %d: %s\n", is->v[i].severity, is->v[i].msg);
}

#define ALL_ITEMS "1,2,3,4,5"

static void set_checklist(struct store *st, struct record *rec)
{
	const struct field_meta *f = registry_field(&meta_stimulus, "kelayakan");
	char *v = NULL;
	struct err e = { 0 };
	assert_true(registry_parse(st, rec, f, ALL_ITEMS, &v, &e));
	record_set(rec, "kelayakan", v);
	free(v);
}

/* A new application of ref for amount. */
static void application(struct store *st, struct record *rec, const char *ref, const char *amount)
{
	registry_new(st, &meta_stimulus, rec);
	record_set(rec, "penerima", ref);
	record_set(rec, "jumlah_diajukan", amount);
	record_set(rec, "tanggal_pengajuan", "2020-05-04");
}

/* Verified (checklist complete) and approved for amount. */
static enum save_result verify_approve(struct store *st, struct record *rec, const char *amount,
				       struct issues *is)
{
	set_checklist(st, rec);
	record_set(rec, "status", "diverifikasi");
	record_set(rec, "tanggal_verifikasi", "2020-05-10");
	enum save_result r = save(st, &meta_stimulus, rec, true, is);
	if (r != SAVE_DONE)
		return r;
	record_set(rec, "status", "disetujui");
	record_set(rec, "jumlah_disetujui", amount);
	record_set(rec, "tanggal_keputusan", "2020-05-15");
	return save(st, &meta_stimulus, rec, true, is);
}

/* ---- stimulus ---- */

static void test_stimulus_flow(void **state)
{
	(void)state;
	settings("programs:\n  stimulus:\n    budget: 100000000\n");
	struct store *st = fresh("18");
	char *ref = umkm(st, "Warung Sri", "Sri Wahyuni", "1871015503800001", "18.71");
	struct record rec;
	struct issues is = { 0 };
	application(st, &rec, ref, "2000000");
	record_set(&rec, "bank", "BRI");
	record_set(&rec, "nomor_rekening", "0123456789");
	record_set(&rec, "nama_rekening", "Sri Wahyuni");
	assert_int_equal(save(st, &meta_stimulus, &rec, false, &is), SAVE_DONE);
	/* derived from the business, and the defaults of a new application */
	assert_string_equal(record_get(&rec, "status"), "diajukan");
	assert_string_equal(record_get(&rec, "nama_usaha"), "Warung Sri");
	assert_string_equal(record_get(&rec, "nik"), "1871015503800001");
	assert_string_equal(record_get(&rec, "kabupaten_kota"), "18.71");
	assert_string_equal(record_get(&rec, "kantor_pengusul"), "18");
	assert_non_null(strstr(record_get(&rec, FIELD_REG_NO), "-S-"));

	/* no jumping from diajukan to disetujui */
	record_set(&rec, "status", "disetujui");
	assert_int_equal(save(st, &meta_stimulus, &rec, true, &is), SAVE_INVALID);
	assert_true(says(&is, "cannot move"));
	/* verification needs its date */
	record_set(&rec, "status", "diverifikasi");
	assert_int_equal(save(st, &meta_stimulus, &rec, true, &is), SAVE_INVALID);
	record_set(&rec, "tanggal_verifikasi", "2020-05-10");
	record_set(&rec, "catatan_kunjungan", "dikunjungi");
	assert_int_equal(save(st, &meta_stimulus, &rec, true, &is), SAVE_DONE);
	/* approval: checklist incomplete, then more than requested, then fine */
	record_set(&rec, "status", "disetujui");
	record_set(&rec, "tanggal_keputusan", "2020-05-15");
	record_set(&rec, "jumlah_disetujui", "3000000");
	assert_int_equal(save(st, &meta_stimulus, &rec, true, &is), SAVE_INVALID);
	assert_true(says(&is, "checklist is not complete"));
	assert_true(says(&is, "more than the amount requested"));
	set_checklist(st, &rec);
	record_set(&rec, "jumlah_disetujui", "2000000");
	assert_int_equal(save(st, &meta_stimulus, &rec, true, &is), SAVE_DONE);
	/* payment: not above the approved amount; transfer needs the account */
	record_set(&rec, "status", "dicairkan");
	record_set(&rec, "cara_bayar", "transfer");
	record_set(&rec, "jumlah_dibayar", "2500000");
	record_set(&rec, "tanggal_cair", "2020-05-20");
	record_set(&rec, "referensi_bayar", "TRF-1");
	assert_int_equal(save(st, &meta_stimulus, &rec, true, &is), SAVE_INVALID);
	assert_true(says(&is, "more than the amount approved"));
	record_set(&rec, "jumlah_dibayar", "2000000");
	record_set(&rec, "nomor_rekening", NULL);
	assert_int_equal(save(st, &meta_stimulus, &rec, true, &is), SAVE_INVALID);
	record_set(&rec, "nomor_rekening", "0123456789");
	/* an account in another name warns; changing it while paying is refused
	 * (segregation of duties: the officer who changes it does not pay it) */
	record_set(&rec, "nama_rekening", "Joko");
	assert_int_equal(save(st, &meta_stimulus, &rec, false, &is), SAVE_INVALID);
	assert_true(says(&is, "not the owner"));
	assert_true(says(&is, "another officer decides or pays it"));
	record_set(&rec, "nama_rekening", "Sri Wahyuni");
	assert_int_equal(save(st, &meta_stimulus, &rec, true, &is), SAVE_DONE);
	/* paid is the end: no way back */
	record_set(&rec, "status", "disetujui");
	assert_int_equal(save(st, &meta_stimulus, &rec, true, &is), SAVE_INVALID);

	struct stimulus_meter m;
	struct err e = { 0 };
	assert_true(stimulus_meter(st, NULL, &m, &e));
	assert_int_equal(m.limit, 100000000);
	assert_int_equal(m.approved, 2000000);
	assert_int_equal(m.paid, 2000000);
	assert_int_equal(m.remaining, 98000000);
	assert_int_equal(m.applications, 1);

	/* a refusal needs its reason */
	char *ref2 = umkm(st, "Toko Budi", "Budi", "1871011203750002", "18.71");
	record_release(&rec);
	application(st, &rec, ref2, "1000000");
	assert_int_equal(save(st, &meta_stimulus, &rec, true, &is), SAVE_DONE);
	record_set(&rec, "status", "diverifikasi");
	record_set(&rec, "tanggal_verifikasi", "2020-05-10");
	assert_int_equal(save(st, &meta_stimulus, &rec, true, &is), SAVE_DONE);
	record_set(&rec, "status", "ditolak");
	record_set(&rec, "tanggal_keputusan", "2020-05-15");
	assert_int_equal(save(st, &meta_stimulus, &rec, true, &is), SAVE_INVALID);
	record_set(&rec, "alasan_tolak", "sudah menerima BPUM");
	assert_int_equal(save(st, &meta_stimulus, &rec, true, &is), SAVE_DONE);
	record_set(&rec, "status", "dicairkan");
	assert_int_equal(save(st, &meta_stimulus, &rec, true, &is), SAVE_INVALID);

	/* the summary counts the applications per kabupaten/kota */
	struct tables ts = { 0 };
	struct summary_filter f = { NULL, NULL, NULL };
	assert_true(program_stimulus.summary(st, &f, &ts, &e));
	long row = table_find_row(ts.v[0], "18.71");
	assert_true(row >= 0);
	assert_int_equal(ts.v[0]->rows[row].cells[1].num, 2);
	assert_int_equal(ts.v[0]->rows[row].cells[2].num, 1);
	assert_int_equal(ts.v[0]->rows[row].cells[3].num, 2000000);
	tables_release(&ts);
	issues_release(&is);
	record_release(&rec);
	free(ref);
	free(ref2);
	store_close(st);
}

static void test_stimulus_district(void **state)
{
	(void)state;
	settings("language: en\n");
	struct store *st = fresh("18.71");
	assert_false(stimulus_is_province(st));
	char *ref = umkm(st, "Warung Dewi", "Dewi", "1871015503800003", "18.71");
	struct record rec;
	struct issues is = { 0 };
	application(st, &rec, ref, "2000000");
	/* a district proposes and verifies... */
	assert_int_equal(save(st, &meta_stimulus, &rec, true, &is), SAVE_DONE);
	assert_string_equal(record_get(&rec, "kantor_pengusul"), "18.71");
	set_checklist(st, &rec);
	record_set(&rec, "status", "diverifikasi");
	record_set(&rec, "tanggal_verifikasi", "2020-05-10");
	assert_int_equal(save(st, &meta_stimulus, &rec, true, &is), SAVE_DONE);
	/* ...but neither decides nor writes a decision's fields */
	record_set(&rec, "status", "disetujui");
	record_set(&rec, "jumlah_disetujui", "1000000");
	record_set(&rec, "tanggal_keputusan", "2020-05-15");
	assert_int_equal(save(st, &meta_stimulus, &rec, true, &is), SAVE_INVALID);
	assert_true(says(&is, "only the province office"));
	assert_true(says(&is, "by the province office only"));
	record_set(&rec, "status", "diverifikasi");
	record_set(&rec, "jumlah_disetujui", NULL);
	assert_int_equal(save(st, &meta_stimulus, &rec, true, &is), SAVE_INVALID);
	assert_true(says(&is, "Decision date is decided by the province office only"));
	/* a laptop's settings naming it the deciding office change no verdict:
	 * the rules rest on the office code, the same on every office */
	settings("programs:\n  stimulus:\n    province_office: \"18.71\"\n");
	assert_true(stimulus_is_province(st));
	record_set(&rec, "status", "disetujui");
	record_set(&rec, "jumlah_disetujui", "1000000");
	assert_int_equal(save(st, &meta_stimulus, &rec, true, &is), SAVE_INVALID);
	assert_true(says(&is, "province office decides"));
	settings("language: en\n");
	issues_release(&is);
	record_release(&rec);
	free(ref);
	store_close(st);
}

/* Where the budget in effect comes from (issue 20): the province data, else
 * at the province the settings file (not yet province data), else the default;
 * at a district the settings file never counts, and a change is refused. */
static void test_budget_precedence(void **state)
{
	(void)state;
	settings("programs:\n  stimulus:\n    budget: 5000000\n");
	struct store *st = fresh("18");
	struct err e = { 0 };
	enum setting_source src;
	char *v = shared_setting_get(st, "programs.stimulus.budget", &src);
	assert_string_equal(v, "5000000");
	assert_int_equal(src, SRC_YAML);
	free(v);
	assert_true(shared_setting_set(st, "programs.stimulus.budget", "7.000.000", NULL, &e));
	v = shared_setting_get(st, "programs.stimulus.budget", &src);
	assert_string_equal(v, "7000000");
	assert_int_equal(src, SRC_PROVINCE);
	free(v);
	assert_int_equal(stimulus_budget(st), 7000000);
	/* Emptied at the province: the default, not the file. */
	assert_true(shared_setting_set(st, "programs.stimulus.budget", "", NULL, &e));
	assert_int_equal(stimulus_budget(st), 2000000000);
	assert_false(shared_setting_set(st, "programs.stimulus.budget", "lots", NULL, &e));
	assert_false(shared_setting_set(st, "office.name", "X", NULL, &e));
	assert_true(shared_setting_is("programs.stimulus.quotas.18.71"));
	assert_false(shared_setting_is("programs.stimulus.quotas"));
	assert_false(shared_setting_is("language"));
	store_close(st);
	/* A district: its file's budget is not the budget; it may not set one. */
	st = fresh("18.71");
	v = shared_setting_get(st, "programs.stimulus.budget", &src);
	assert_string_equal(v, "2000000000");
	assert_int_equal(src, SRC_DEFAULT);
	free(v);
	assert_false(shared_setting_set(st, "programs.stimulus.budget", "1000", NULL, &e));
	assert_int_equal(stimulus_budget(st), 2000000000);
	store_close(st);
}

static void test_stimulus_budget_quota(void **state)
{
	(void)state;
	settings("programs:\n  stimulus:\n    budget: 5000000\n    quotas: { \"18.71\": 3000000 }\n");
	struct store *st = fresh("18");
	char *a = umkm(st, "A", "Ani", "1871014101800001", "18.71");
	char *b = umkm(st, "B", "Bayu", "1871011101800002", "18.71");
	char *c = umkm(st, "C", "Cici", "1801014101800003", "18.01");
	char *d = umkm(st, "D", "Dodi", "1801011101800004", "18.01");
	struct record ra, rb, rc, rd;
	struct issues is = { 0 };
	application(st, &ra, a, "2000000");
	application(st, &rb, b, "2000000");
	application(st, &rc, c, "2000000");
	application(st, &rd, d, "2000000");
	assert_int_equal(save(st, &meta_stimulus, &ra, true, &is), SAVE_DONE);
	assert_int_equal(save(st, &meta_stimulus, &rb, true, &is), SAVE_DONE);
	assert_int_equal(save(st, &meta_stimulus, &rc, true, &is), SAVE_DONE);
	assert_int_equal(save(st, &meta_stimulus, &rd, true, &is), SAVE_DONE);
	assert_int_equal(verify_approve(st, &ra, "2000000", &is), SAVE_DONE);
	/* 18.71's quota is 3.000.000: 2.000.000 more is refused, 1.000.000 fits */
	assert_int_equal(verify_approve(st, &rb, "2000000", &is), SAVE_INVALID);
	assert_true(says(&is, "quota"));
	record_set(&rb, "jumlah_disetujui", "1000000");
	assert_int_equal(save(st, &meta_stimulus, &rb, true, &is), SAVE_DONE);
	/* the budget of 5.000.000: 2.000.000 fits, the next 2.000.000 does not */
	assert_int_equal(verify_approve(st, &rc, "2000000", &is), SAVE_DONE);
	assert_int_equal(verify_approve(st, &rd, "2000000", &is), SAVE_INVALID);
	assert_true(says(&is, "over the budget"));
	/* raising an approved amount is checked too; lowering is not refused */
	record_set(&rc, "jumlah_disetujui", "1000000");
	assert_int_equal(save(st, &meta_stimulus, &rc, true, &is), SAVE_DONE);
	record_set(&rd, "jumlah_disetujui", "1000000");
	assert_int_equal(save(st, &meta_stimulus, &rd, true, &is), SAVE_DONE);
	record_set(&rc, "jumlah_disetujui", "2000000");
	assert_int_equal(save(st, &meta_stimulus, &rc, true, &is), SAVE_INVALID);
	struct stimulus_meter m;
	struct err e = { 0 };
	assert_true(stimulus_meter(st, "18.71", &m, &e));
	assert_int_equal(m.limit, 3000000);
	assert_int_equal(m.approved, 3000000);
	assert_int_equal(m.remaining, 0);
	assert_true(stimulus_meter(st, NULL, &m, &e));
	assert_int_equal(m.approved, 5000000);
	assert_int_equal(stimulus_quota(st, "18.01"), -1);
	issues_release(&is);
	record_release(&ra);
	record_release(&rb);
	record_release(&rc);
	record_release(&rd);
	free(a);
	free(b);
	free(c);
	free(d);
	store_close(st);
}

static void test_stimulus_one_per_person(void **state)
{
	(void)state;
	settings("language: en\n");
	struct store *st = fresh("18");
	/* two businesses of one owner (one NIK) */
	char *a = umkm(st, "Warung Sari", "Sari", "1871014101800011", "18.71");
	char *b = umkm(st, "Katering Sari", "Sari", "1871014101800011", "18.71");
	struct record ra, rb;
	struct issues is = { 0 };
	application(st, &ra, a, "1000000");
	assert_int_equal(save(st, &meta_stimulus, &ra, true, &is), SAVE_DONE);
	application(st, &rb, a, "1000000");
	assert_int_equal(save(st, &meta_stimulus, &rb, true, &is), SAVE_INVALID);
	assert_true(says(&is, record_get(&ra, FIELD_REG_NO)));
	record_release(&rb);
	application(st, &rb, b, "1000000");
	assert_int_equal(save(st, &meta_stimulus, &rb, true, &is), SAVE_INVALID);
	assert_true(says(&is, "already has a stimulus"));
	assert_true(says(&is, record_get(&ra, FIELD_REG_NO)));
	/* a refused application does not count */
	record_set(&ra, "status", "diverifikasi");
	record_set(&ra, "tanggal_verifikasi", "2020-05-10");
	assert_int_equal(save(st, &meta_stimulus, &ra, true, &is), SAVE_DONE);
	record_set(&ra, "status", "ditolak");
	record_set(&ra, "tanggal_keputusan", "2020-05-12");
	record_set(&ra, "alasan_tolak", "data tidak lengkap");
	assert_int_equal(save(st, &meta_stimulus, &ra, true, &is), SAVE_DONE);
	assert_int_equal(save(st, &meta_stimulus, &rb, true, &is), SAVE_DONE);

	/* merged cooperatives count once: an application for the one merged
	 * away blocks one for the survivor */
	struct rid ka, kb;
	char *ca = koperasi(st, "Koperasi Maju", &ka);
	char *cb = koperasi(st, "Kop. Maju", &kb);
	struct record rk;
	application(st, &rk, ca, "1000000");
	assert_int_equal(save(st, &meta_stimulus, &rk, true, &is), SAVE_DONE);
	struct record k;
	assert_true(store_get(st, &entity_koperasi, &ka, &k, NULL));
	char hex[RID_HEX];
	rid_to_hex(&kb, hex);
	record_set(&k, FIELD_MERGED_INTO, hex);
	record_set(&k, FIELD_DELETED, "1");
	record_set(&k, FIELD_DELETED_REASON, "merged");
	struct err e = { 0 };
	assert_int_equal(store_save(st, &k, "t", &e), 1);
	record_release(&k);
	struct record rk2;
	application(st, &rk2, cb, "1000000");
	assert_int_equal(save(st, &meta_stimulus, &rk2, true, &is), SAVE_INVALID);
	assert_true(says(&is, record_get(&rk, FIELD_REG_NO)));
	/* the settings may allow more */
	settings("programs:\n  stimulus:\n    max_per_nik: 2\n");
	assert_int_equal(save(st, &meta_stimulus, &rk2, true, &is), SAVE_DONE);
	settings("language: en\n");
	record_release(&rk2);
	record_release(&rk);
	issues_release(&is);
	record_release(&ra);
	record_release(&rb);
	free(a);
	free(b);
	free(ca);
	free(cb);
	store_close(st);
}

static void count_part(const struct entity_meta *m, const struct rid *id, void *arg)
{
	(void)id;
	if (m == &meta_stimulus)
		++*(int *)arg;
}

static void test_parts_follow_merge(void **state)
{
	(void)state;
	settings("language: en\n");
	struct store *st = fresh("18");
	struct rid ka, kb;
	char *ca = koperasi(st, "Koperasi Sejahtera", &ka);
	char *cb = koperasi(st, "Kop Sejahtera", &kb);
	struct record rk;
	struct issues is = { 0 };
	application(st, &rk, ca, "1000000");
	assert_int_equal(save(st, &meta_stimulus, &rk, true, &is), SAVE_DONE);
	struct record k;
	assert_true(store_get(st, &entity_koperasi, &ka, &k, NULL));
	char hex[RID_HEX];
	rid_to_hex(&kb, hex);
	record_set(&k, FIELD_MERGED_INTO, hex);
	struct err e = { 0 };
	assert_int_equal(store_save(st, &k, "t", &e), 1);
	record_release(&k);
	int n = 0;
	registry_parts(st, &meta_koperasi, &kb, count_part, &n, 10);
	assert_int_equal(n, 1);
	issues_release(&is);
	record_release(&rk);
	free(ca);
	free(cb);
	store_close(st);
}

/* ---- the money invariants under random operations ---- */

static uint64_t rng;
static unsigned rn(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

#define NBUS 200
#define NAPP 400

struct inv_sum {
	int64_t approved, paid;
};

static bool inv_each(const struct record *rec, void *arg)
{
	struct inv_sum *s = arg;
	const char *st = record_get(rec, "status");
	int64_t ap = record_get(rec, "jumlah_disetujui") ? strtoll(record_get(rec, "jumlah_disetujui"), NULL, 10) : 0;
	int64_t pd = record_get(rec, "jumlah_dibayar") ? strtoll(record_get(rec, "jumlah_dibayar"), NULL, 10) : 0;
	assert_true(pd <= ap);
	if (str_eq(st, "disetujui") || str_eq(st, "dicairkan")) {
		s[0].approved += ap;
		if (str_eq(record_get(rec, "kabupaten_kota"), "18.71"))
			s[1].approved += ap;
		s[0].paid += pd;
	} else {
		assert_int_equal(ap, 0);
	}
	return true;
}

/* NIKs of live (not refused) applications: each at most once. */
struct nik_seen {
	char nik[NAPP][17];
	int n;
};

static bool nik_each(const struct record *rec, void *arg)
{
	struct nik_seen *s = arg;
	if (str_eq(record_get(rec, "status"), "ditolak") || !record_get(rec, "nik"))
		return true;
	for (int i = 0; i < s->n; i++)
		if (str_eq(s->nik[i], record_get(rec, "nik")))
			fail_msg("a second stimulus for NIK %s (%s)", s->nik[i], record_get(rec, FIELD_REG_NO));
	str_copy(s->nik[s->n++], record_get(rec, "nik"), 17);
	return true;
}

static void test_stimulus_random_invariants(void **state)
{
	(void)state;
	settings("programs:\n  stimulus:\n    budget: 150000000\n    quotas: { \"18.71\": 40000000 }\n");
	struct store *st = fresh("18");
	static const char *const kabs[] = { "18.71", "18.01", "18.02" };
	char *bus[NBUS];
	for (int i = 0; i < NBUS; i++) {
		char nik[48], name[32];
		/* owners 0..169 distinct; 170..199 share NIKs with 0..29 */
		int owner = i < 170 ? i : i - 170;
		snprintf(nik, sizeof(nik), "%s01%02d0380%04d", i % 3 == 0 ? "1871" : i % 3 == 1 ? "1801" : "1802",
			 10 + owner % 18, owner + 1);
		snprintf(name, sizeof(name), "Usaha %d", i);
		bus[i] = umkm(st, name, "Pemilik", nik, kabs[i % 3]);
	}
	struct rid apps[NAPP];
	int napps = 0;
	struct issues is = { 0 };
	int done = 0, refused = 0;
	rng = 0x1234567887654321ull;
	static const char *const states[] = { "diajukan", "diverifikasi", "disetujui", "ditolak",
					      "dicairkan" };
	for (int op = 0; op < 4000; op++) {
		struct record rec;
		unsigned r = rn(100);
		if (r < 25 || napps == 0) {
			application(st, &rec, bus[rn(NBUS)], "1000000");
			char amt[16];
			snprintf(amt, sizeof(amt), "%u", (1 + rn(8)) * 500000);
			record_set(&rec, "jumlah_diajukan", amt);
		} else {
			struct rid id = apps[rn((unsigned)napps)];
			if (!store_get(st, &entity_stimulus, &id, &rec, NULL))
				fail_msg("lost an application");
			/* usually the next state with what it needs, else a random one;
			 * amounts at random (over the budget, the quota, the approval) */
			const char *now = record_get(&rec, "status");
			const char *to = states[rn(5)];
			bool proper = rn(100) < 70;
			if (proper && str_eq(now, "diajukan"))
				to = "diverifikasi";
			else if (proper && str_eq(now, "diverifikasi"))
				to = rn(5) ? "disetujui" : "ditolak";
			else if (proper && str_eq(now, "disetujui"))
				to = "dicairkan";
			record_set(&rec, "status", to);
			if (proper) {
				record_set(&rec, "tanggal_verifikasi", "2020-05-10");
				record_set(&rec, "tanggal_keputusan", "2020-05-12");
				if (str_eq(to, "ditolak"))
					record_set(&rec, "alasan_tolak", "tidak layak");
				if (str_eq(to, "disetujui")) {
					char amt[16];
					snprintf(amt, sizeof(amt), "%u", (1 + rn(4)) * 500000);
					record_set(&rec, "jumlah_disetujui", amt);
				}
				if (str_eq(to, "dicairkan")) {
					int64_t ap = strtoll(record_get(&rec, "jumlah_disetujui") ?
							     record_get(&rec, "jumlah_disetujui") : "0", NULL, 10);
					char amt[24];
					snprintf(amt, sizeof(amt), "%lld", (long long)(ap - (int64_t)rn(3) * 250000 + (rn(4) == 0 ? 500000 : 0)));
					record_set(&rec, "jumlah_dibayar", amt);
					record_set(&rec, "tanggal_cair", "2020-05-20");
					record_set(&rec, "cara_bayar", "tunai");
					record_set(&rec, "referensi_bayar", "KAS-1");
				}
			}
			set_checklist(st, &rec);
			if (!proper && rn(2))
				record_set(&rec, "tanggal_verifikasi", "2020-05-10");
			if (!proper && rn(2))
				record_set(&rec, "tanggal_keputusan", "2020-05-12");
			if (!proper && rn(3) == 0)
				record_set(&rec, "alasan_tolak", "tidak layak");
			char amt[16];
			if (!proper && rn(2)) {
				snprintf(amt, sizeof(amt), "%u", rn(9) * 500000);
				record_set(&rec, "jumlah_disetujui", rn(8) ? amt : NULL);
			}
			if (!proper && rn(2)) {
				snprintf(amt, sizeof(amt), "%u", rn(9) * 500000);
				record_set(&rec, "jumlah_dibayar", rn(8) ? amt : NULL);
				record_set(&rec, "tanggal_cair", "2020-05-20");
				record_set(&rec, "cara_bayar", "tunai");
				record_set(&rec, "referensi_bayar", "KAS-1");
			}
			if (rn(10) == 0)
				record_set(&rec, "penerima", bus[rn(NBUS)]);
		}
		bool was_new = rid_is_zero(&rec.id);
		enum save_result res = save(st, &meta_stimulus, &rec, true, &is);
		if (res == SAVE_DONE) {
			done++;
			if (was_new && napps < NAPP)
				apps[napps++] = rec.id;
		} else {
			refused++;
		}
		record_release(&rec);
		if (op % 50 == 0 || op == 3999) {
			struct inv_sum s[2] = { { 0, 0 }, { 0, 0 } };
			struct err e = { 0 };
			assert_true(store_each(st, &entity_stimulus, false, inv_each, s, &e));
			assert_true(s[0].approved <= 150000000);
			assert_true(s[1].approved <= 40000000);
			assert_true(s[0].paid <= s[0].approved);
			struct nik_seen *ns = xcalloc(1, sizeof(*ns));
			assert_true(store_each(st, &entity_stimulus, false, nik_each, ns, &e));
			free(ns);
		}
	}
	/* both kinds happened, and money moved */
	struct stimulus_meter m;
	struct err e = { 0 };
	assert_true(stimulus_meter(st, NULL, &m, &e));
	if (getenv("BANTU_VERBOSE"))
		fprintf(stderr, "# %d saved, %d refused; approved %lld, paid %lld\n", done, refused,
			(long long)m.approved, (long long)m.paid);
	assert_true(done > 600);
	assert_true(refused > 600);
	assert_true(m.approved > 0);
	assert_true(m.paid > 0);
	(void)dump_issues;
	issues_release(&is);
	for (int i = 0; i < NBUS; i++)
		free(bus[i]);
	store_close(st);
}

/* ---- prakerja ---- */

static void referral(struct store *st, struct record *rec, const char *ref, const char *date)
{
	registry_new(st, &meta_prakerja, rec);
	record_set(rec, "penerima", ref);
	record_set(rec, "alasan", "usaha tutup");
	record_set(rec, "tanggal_rujukan", date);
}

static void test_prakerja_rules(void **state)
{
	(void)state;
	settings("language: en\n");
	struct store *st = fresh("18.71");
	/* born 15/05/2002: 17 on 01/05/2020, 18 on 20/05/2020 */
	char *young = umkm(st, "Kedai Muda", "Rian", "1871011505020001", "18.71");
	char *adult = umkm(st, "Toko Tua", "Tono", "1871011505700002", "18.71");
	struct record r, r2;
	struct issues is = { 0 };
	referral(st, &r, young, "2020-05-01");
	assert_int_equal(save(st, &meta_prakerja, &r, true, &is), SAVE_INVALID);
	assert_true(says(&is, "at least 18"));
	record_set(&r, "tanggal_rujukan", "2020-05-20");
	assert_int_equal(save(st, &meta_prakerja, &r, true, &is), SAVE_DONE);
	assert_string_equal(record_get(&r, "status"), "didata");
	assert_string_equal(record_get(&r, "nama"), "Rian");
	record_release(&r);

	referral(st, &r, adult, "2020-05-20");
	record_set(&r, "email", "tono-at-mail");
	assert_int_equal(save(st, &meta_prakerja, &r, true, &is), SAVE_INVALID);
	assert_true(says(&is, "e-mail"));
	record_set(&r, "email", "tono@mail.id");
	assert_int_equal(save(st, &meta_prakerja, &r, true, &is), SAVE_DONE);
	/* one open referral per NIK */
	referral(st, &r2, adult, "2020-05-21");
	assert_int_equal(save(st, &meta_prakerja, &r2, true, &is), SAVE_INVALID);
	assert_true(says(&is, "open referral"));
	/* along the arrows only, with what each state needs */
	record_set(&r, "status", "terdaftar");
	assert_int_equal(save(st, &meta_prakerja, &r, true, &is), SAVE_INVALID);
	record_set(&r, "status", "diteruskan");
	assert_int_equal(save(st, &meta_prakerja, &r, true, &is), SAVE_INVALID);
	record_set(&r, "tanggal_diteruskan", "2020-05-22");
	record_set(&r, "nomor_surat", "560/1/2020");
	assert_int_equal(save(st, &meta_prakerja, &r, true, &is), SAVE_DONE);
	record_set(&r, "status", "terdaftar");
	assert_int_equal(save(st, &meta_prakerja, &r, true, &is), SAVE_DONE);
	record_set(&r, "status", "diterima");
	assert_int_equal(save(st, &meta_prakerja, &r, true, &is), SAVE_INVALID);
	record_set(&r, "nomor_kartu", "KP-0001");
	record_set(&r, "gelombang", "3");
	assert_int_equal(save(st, &meta_prakerja, &r, true, &is), SAVE_DONE);
	record_set(&r, "status", "ditolak");
	assert_int_equal(save(st, &meta_prakerja, &r, true, &is), SAVE_INVALID);
	/* closed: a new referral for the NIK is allowed */
	assert_int_equal(save(st, &meta_prakerja, &r2, true, &is), SAVE_DONE);
	issues_release(&is);
	record_release(&r);
	record_release(&r2);
	free(young);
	free(adult);
	store_close(st);
}

static void test_prakerja_forward_batch(void **state)
{
	(void)state;
	settings("language: en\n");
	struct store *st = fresh("18");
	struct rid ids[4];
	struct issues is = { 0 };
	for (int i = 0; i < 4; i++) {
		char nik[48], name[20];
		snprintf(nik, sizeof(nik), "18710115057%d%04d", i, i + 1);
		snprintf(name, sizeof(name), "Usaha %d", i);
		char *ref = umkm(st, name, name, nik, "18.71");
		struct record r;
		referral(st, &r, ref, "2020-05-20");
		assert_int_equal(save(st, &meta_prakerja, &r, true, &is), SAVE_DONE);
		ids[i] = r.id;
		record_release(&r);
		free(ref);
	}
	struct err e = { 0 };
	/* the date before a referral's: nothing is forwarded at all */
	assert_int_equal(prakerja_forward(st, ids, 4, "560/9/2020", "2020-05-19", "t", &e), -1);
	assert_non_null(strstr(e.msg, "before the referral date"));
	struct record r;
	for (int i = 0; i < 4; i++) {
		assert_true(store_get(st, &entity_prakerja, &ids[i], &r, NULL));
		assert_string_equal(record_get(&r, "status"), "didata");
		record_release(&r);
	}
	assert_int_equal(prakerja_forward(st, ids, 3, "560/9/2020", "22/05/2020", "t", &e), 3);
	assert_true(store_get(st, &entity_prakerja, &ids[2], &r, NULL));
	assert_string_equal(record_get(&r, "status"), "diteruskan");
	assert_string_equal(record_get(&r, "nomor_surat"), "560/9/2020");
	assert_string_equal(record_get(&r, "tanggal_diteruskan"), "2020-05-22");
	record_release(&r);
	/* forwarded already: refused, and the fourth stays as it was */
	assert_int_equal(prakerja_forward(st, &ids[2], 2, "560/10/2020", "2020-05-23", "t", &e), -1);
	assert_true(store_get(st, &entity_prakerja, &ids[3], &r, NULL));
	assert_string_equal(record_get(&r, "status"), "didata");
	record_release(&r);
	/* the letter's list */
	FILE *f = tmpfile();
	long n = 0;
	assert_true(meta_prakerja.exports[0].run(st, &meta_prakerja, "560/9/2020", f, &n, &e));
	assert_int_equal(n, 3);
	rewind(f);
	char line[256];
	/* the personal-data notice first (it holds NIKs), then the header */
	assert_non_null(fgets(line, sizeof(line), f));
	assert_true(line[0] == '#' && strstr(line, "NIK") != NULL);
	assert_non_null(fgets(line, sizeof(line), f));
	assert_string_equal(line, "Nama,NIK,Alamat,Telepon,Alasan\n");
	fclose(f);
	/* the funnel */
	struct tables ts = { 0 };
	struct summary_filter sf = { NULL, NULL, NULL };
	assert_true(program_prakerja.summary(st, &sf, &ts, &e));
	long row = table_find_row(ts.v[0], "18.71");
	assert_int_equal(ts.v[0]->rows[row].cells[1].num, 1);
	assert_int_equal(ts.v[0]->rows[row].cells[2].num, 3);
	tables_release(&ts);
	issues_release(&is);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stimulus_flow),
		cmocka_unit_test(test_stimulus_district),
		cmocka_unit_test(test_budget_precedence),
		cmocka_unit_test(test_stimulus_budget_quota),
		cmocka_unit_test(test_stimulus_one_per_person),
		cmocka_unit_test(test_parts_follow_merge),
		cmocka_unit_test(test_stimulus_random_invariants),
		cmocka_unit_test(test_prakerja_rules),
		cmocka_unit_test(test_prakerja_forward_batch),
	};
	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
