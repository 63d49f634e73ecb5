/* test_store.c - the op log, the HLC, the field-level fold, check, lists, regions,
 * and the registry's rules over a real SQLite database in a temp directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "core/i18n.h"
#include "core/util.h"
#include "model/csvio.h"
#include "model/region.h"
#include "model/registry.h"
#include "store/private.h"
#include "store/store.h"

static char tmpdir[64];
static int dbno;

static int setup_all(void **state)
{
	(void)state;
	setenv("BANTU_TODAY", "2020-06-01", 1);
	i18n_init("en");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bantu-store-XXXXXX");
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

/* A fresh initialised database of office code, with the province's regions. */
static struct store *fresh(const char *office, char **path_out)
{
	char *path = xasprintf("%s/db%d.db", tmpdir, ++dbno);
	struct err e = { 0 };
	struct store *st = store_open(path, STORE_CREATE, &e);
	assert_non_null(st);
	assert_true(store_begin(st, &e));
	assert_true(region_load(st, "18", NULL, &e) > 200);
	assert_true(store_commit(st, &e));
	assert_true(store_init_office(st, office, "Test office", &e));
	if (path_out)
		*path_out = path;
	else
		free(path);
	return st;
}

static void test_hlc_monotonic(void **state)
{
	(void)state;
	struct store *st = fresh("18", NULL);
	int64_t prev = store_hlc_now(st);
	for (int i = 0; i < 10000; i++) {
		int64_t h = store_hlc_now(st);
		assert_true(h > prev);
		prev = h;
	}
	/* An op from a replica whose clock runs an hour ahead: our next HLC passes it. */
	struct op_field f = { "nama_usaha", "Dari masa depan", NULL, { 0 }, NULL, NULL, NULL };
	struct op op = { .origin = 77, .seq = 1, .hlc = prev + ((int64_t)3600000 << 16),
			 .entity = "umkm", .office = "18.72", .officer = "x", .fields = &f, .nfields = 1 };
	op.record = rid_new();
	op_compute_hash(&op, op.hash);
	struct err e;
	assert_true(store_begin(st, &e));
	assert_int_equal(store_apply_op(st, &op, &e), 1);
	assert_true(store_commit(st, &e));
	assert_true(store_hlc_now(st) > op.hlc);
	assert_true(store_clock_behind(st));
	store_close(st);
}

/* Which fields are personal is the model's; exports say when they hold identifiers. */
static void test_personal_data_model(void **state)
{
	(void)state;
	const char **f = registry_personal_fields(&meta_umkm);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; f[i]; i++)
		strbuf_addf(&sb, "%s%s", i ? "," : "", f[i]);
	free(f);
	assert_string_equal(sb.buf, "nama_pemilik,nik,jenis_kelamin,telepon,alamat");
	strbuf_release(&sb);
	f = registry_personal_fields(&meta_koperasi);
	size_t n = 0;
	while (f[n])
		n++;
	free(f);
	assert_int_equal(n, 4);

	assert_true(export_has_personal_data(&meta_umkm, NULL));
	assert_true(export_has_personal_data(&meta_koperasi, NULL));
	static const char *const no_nik[] = { "nama_usaha", "kabupaten_kota", "telepon", NULL };
	static const char *const with_nik[] = { "nama_usaha", "nik", NULL };
	struct export_options o = { .columns = no_nik };
	assert_false(export_has_personal_data(&meta_umkm, &o));
	assert_null(export_notice(&meta_umkm, &o));
	o.columns = with_nik;
	assert_true(export_has_personal_data(&meta_umkm, &o));
	char *notice = export_notice(&meta_umkm, &o);
	assert_non_null(notice);
	assert_true(str_starts_with(notice, "# PERSONAL DATA"));
	assert_non_null(strstr(notice, "Owner's NIK"));
	free(notice);
}

/* count of ops of a record whose fields hold text */
static int ops_holding(const char *path, const char *text)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM op WHERE instr(fields, ?) > 0",
					    -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	int n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

static void count_history(const struct history_entry *h, void *arg)
{
	int *n = arg;
	if (str_eq(h->field, "nik") && h->value_purged && !h->value)
		(*n)++;
}

/* A purge scrubs the op log and the row; an op arriving later is scrubbed too;
 * hashes stay, check passes; only the province may purge. */
static void test_purge(void **state)
{
	(void)state;
	char *path;
	struct store *st = fresh("18", &path);
	struct record rec;
	record_init(&rec, &entity_umkm);
	record_set(&rec, "nama_usaha", "Toko Purge");
	record_set(&rec, "nama_pemilik", "Ani Hapus");
	record_set(&rec, "nik", "1871015205900001");
	record_set(&rec, "kabupaten_kota", "18.71");
	struct err e = { 0 };
	assert_int_equal(store_save(st, &rec, "t", &e), 1);
	record_set(&rec, "telepon", "+6281234567890");
	assert_int_equal(store_save(st, &rec, "t", &e), 1);
	assert_int_equal(ops_holding(path, "1871015205900001"), 1);

	assert_false(registry_purge(st, &meta_umkm, &rec.id, "", "t", &e));
	assert_true(registry_purge(st, &meta_umkm, &rec.id, "permintaan", "t", &e));
	assert_int_equal(ops_holding(path, "1871015205900001"), 0);
	assert_int_equal(ops_holding(path, "Ani Hapus"), 0);
	assert_int_equal(ops_holding(path, "81234567890"), 0);
	struct record got;
	assert_true(store_get(st, &entity_umkm, &rec.id, &got, &e));
	assert_null(record_get(&got, "nik"));
	assert_null(record_get(&got, "telepon"));
	assert_string_equal(record_get(&got, "nama_usaha"), "Toko Purge");
	record_release(&got);
	/* The erased fields are no longer required, and not typed in again. */
	struct issues is = { 0 };
	assert_true(store_get(st, &entity_umkm, &rec.id, &got, &e));
	registry_validate(st, &meta_umkm, &got, &is);
	for (size_t i = 0; i < is.n; i++)
		if (is.v[i].field >= 0) {
			const char *name = meta_umkm.fields[is.v[i].field].name;
			assert_false(str_eq(name, "nik") || str_eq(name, "nama_pemilik"));
		}
	issues_clear(&is);
	record_set(&got, "nik", "1871015205900001");
	assert_int_equal(registry_save(st, &meta_umkm, &got, "t", true, &is, &e), SAVE_INVALID);
	bool said = false;
	for (size_t i = 0; i < is.n; i++)
		said = said || strstr(is.v[i].msg, "erased") != NULL;
	assert_true(said);
	issues_release(&is);
	record_release(&got);
	char *purged = store_purged_fields(st, &entity_umkm, &rec.id);
	assert_string_equal(purged, "alamat,jenis_kelamin,nama_pemilik,nik,telepon");
	free(purged);

	/* Another office, not yet aware of the purge, set the NIK again. */
	struct op_field f = { "nik", "1871015205900009", "1871015205900001", { 0 }, NULL, NULL, NULL };
	struct op op = { .origin = 77, .seq = 1, .hlc = store_hlc_now(st), .entity = "umkm",
			 .record = rec.id, .office = "18.71", .officer = "x", .fields = &f,
			 .nfields = 1 };
	op_compute_hash(&op, op.hash);
	assert_true(store_begin(st, &e));
	assert_int_equal(store_apply_op(st, &op, &e), 1);
	assert_true(store_commit(st, &e));
	assert_int_equal(ops_holding(path, "187101520590000"), 0);
	assert_true(store_get(st, &entity_umkm, &rec.id, &got, &e));
	assert_null(record_get(&got, "nik"));
	record_release(&got);
	int n = 0;
	assert_true(store_history(st, &entity_umkm, &rec.id, count_history, &n, &e));
	assert_int_equal(n, 2); /* the first save's NIK and the late op's */
	assert_int_equal(store_check(st, NULL, NULL, &e), 0);
	record_release(&rec);
	store_close(st);
	free(path);

	/* A district office may not purge. */
	st = fresh("18.71", NULL);
	record_init(&rec, &entity_umkm);
	record_set(&rec, "nama_usaha", "Toko Distrik");
	record_set(&rec, "nik", "1871015205900001");
	assert_int_equal(store_save(st, &rec, "t", &e), 1);
	assert_false(registry_purge(st, &meta_umkm, &rec.id, "x", "t", &e));
	assert_non_null(strstr(e.msg, "province"));
	record_release(&rec);
	store_close(st);
}

static void test_rid_order(void **state)
{
	(void)state;
	struct rid a = rid_new();
	for (int i = 0; i < 5000; i++) {
		struct rid b = rid_new();
		assert_true(memcmp(a.b, b.b, 16) < 0);
		assert_int_equal(b.b[6] >> 4, 7); /* version 7 */
		a = b;
	}
	char hex[RID_HEX];
	struct rid c;
	rid_to_hex(&a, hex);
	assert_true(rid_from_hex(hex, &c));
	assert_memory_equal(a.b, c.b, 16);
	assert_false(rid_from_hex("xyz", &c));
}

/* ---- the fold: any order of the same ops gives the same tables ---- */

#define NOPS 300
struct gen_op {
	struct op op;
	struct op_field f[3];
	char val[3][32];
};

static uint64_t rng = 88172645463325252ull;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const char *const fold_fields[] = { "nama_usaha", "nama_pemilik", "alamat", "catatan",
					   "omzet_sebelum", "deleted" };

static void make_ops(struct gen_op *g, struct rid *records, int nrec)
{
	int64_t seq[4] = { 0 };
	uint8_t prev[4][32] = { { 0 } };
	for (int i = 0; i < NOPS; i++) {
		int o = (int)(next_rand() % 4);
		struct op *op = &g[i].op;
		memset(op, 0, sizeof(*op));
		op->origin = 1000 + o;
		op->seq = ++seq[o];
		/* Few distinct clock values, so ties between origins happen. */
		op->hlc = (int64_t)(next_rand() % 40) << 16;
		op->entity = "umkm";
		op->record = records[next_rand() % (uint64_t)nrec];
		op->office = "18.71";
		op->officer = "gen";
		int nf = 1 + (int)(next_rand() % 3);
		for (int k = 0; k < nf; k++) {
			const char *name = fold_fields[next_rand() % ARRAY_SIZE(fold_fields)];
			bool dup = false;
			for (int j = 0; j < k; j++)
				dup |= str_eq(g[i].f[j].name, name);
			if (dup)
				name = "kbli";
			if (str_eq(name, "deleted"))
				snprintf(g[i].val[k], sizeof(g[i].val[k]), "%d", (int)(next_rand() % 2));
			else if (str_eq(name, "omzet_sebelum") || str_eq(name, "kbli"))
				snprintf(g[i].val[k], sizeof(g[i].val[k]), "%d", (int)(next_rand() % 99999));
			else
				snprintf(g[i].val[k], sizeof(g[i].val[k]), "v%d-%d", i, k);
			g[i].f[k].name = name;
			g[i].f[k].value = g[i].val[k];
			g[i].f[k].old = NULL;
		}
		op->fields = g[i].f;
		op->nfields = (size_t)nf;
		memcpy(op->prev, prev[o], 32);
		op_compute_hash(op, op->hash);
		memcpy(prev[o], op->hash, 32);
	}
}

static bool dump_one(const struct record *rec, void *arg)
{
	struct strbuf *sb = arg;
	char hex[RID_HEX];
	rid_to_hex(&rec->id, hex);
	strbuf_adds(sb, hex);
	for (size_t i = 0; i < rec->ent->nfields; i++)
		strbuf_addf(sb, "|%s", rec->values[i] ? rec->values[i] : "-");
	strbuf_addch(sb, '\n');
	return true;
}

static char *dump(struct store *st)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e;
	assert_true(store_each(st, &entity_umkm, true, dump_one, &sb, &e));
	return strbuf_detach(&sb);
}

static int count_problems(struct store *st)
{
	struct err e = { 0 };
	int n = store_check(st, NULL, NULL, &e);
	if (n < 0)
		fail_msg("check failed: %s", e.msg);
	return n;
}

static void test_fold_order_independent(void **state)
{
	(void)state;
	static struct gen_op g[NOPS];
	struct rid records[12];
	for (int i = 0; i < 12; i++)
		records[i] = rid_new();
	make_ops(g, records, 12);
	char *first = NULL;
	int order[NOPS];
	for (int round = 0; round < 6; round++) {
		for (int i = 0; i < NOPS; i++)
			order[i] = i;
		if (round == 1) /* reversed */
			for (int i = 0; i < NOPS; i++)
				order[i] = NOPS - 1 - i;
		else if (round > 1)
			for (int i = NOPS - 1; i > 0; i--) {
				int j = (int)(next_rand() % (uint64_t)(i + 1));
				int t = order[i];
				order[i] = order[j];
				order[j] = t;
			}
		struct store *st = fresh("18", NULL);
		struct err e;
		assert_true(store_begin(st, &e));
		for (int i = 0; i < NOPS; i++) {
			assert_int_equal(store_apply_op(st, &g[order[i]].op, &e), 1);
			/* Duplicates change nothing. */
			if (i % 7 == 0)
				assert_int_equal(store_apply_op(st, &g[order[i / 2]].op, &e), 0);
		}
		assert_true(store_commit(st, &e));
		char *d = dump(st);
		assert_true(strlen(d) > 100);
		if (!first)
			first = d;
		else {
			assert_string_equal(first, d);
			free(d);
		}
		assert_int_equal(count_problems(st), 0);
		store_close(st);
	}
	free(first);
}

/* The rule itself: the greatest (hlc, origin) wins per field. */
static void test_fold_field_level(void **state)
{
	(void)state;
	struct store *st = fresh("18", NULL);
	struct rid r = rid_new();
	struct op_field a[] = { { "nama_usaha", "A-name", NULL, { 0 }, NULL, NULL, NULL }, { "alamat", "A-addr", NULL, { 0 }, NULL, NULL, NULL } };
	struct op_field b[] = { { "nama_usaha", "B-name", NULL, { 0 }, NULL, NULL, NULL } };
	struct op_field c[] = { { "alamat", "C-addr", NULL, { 0 }, NULL, NULL, NULL } };
	struct op oa = { .origin = 5, .seq = 1, .hlc = 100 << 16, .entity = "umkm", .record = r,
			 .office = "18.71", .officer = "a", .fields = a, .nfields = 2 };
	struct op ob = { .origin = 9, .seq = 1, .hlc = 100 << 16, .entity = "umkm", .record = r,
			 .office = "18.72", .officer = "b", .fields = b, .nfields = 1 };
	struct op oc = { .origin = 5, .seq = 2, .hlc = 99 << 16, .entity = "umkm", .record = r,
			 .office = "18.71", .officer = "a", .fields = c, .nfields = 1 };
	struct err e;
	assert_true(store_begin(st, &e));
	assert_int_equal(store_apply_op(st, &ob, &e), 1);
	assert_int_equal(store_apply_op(st, &oc, &e), 1);
	assert_int_equal(store_apply_op(st, &oa, &e), 1);
	assert_true(store_commit(st, &e));
	struct record rec;
	assert_true(store_get(st, &entity_umkm, &r, &rec, &e));
	/* Same hlc: origin 9 beats origin 5 for the name; the address of hlc 100 beats 99. */
	assert_string_equal(record_get(&rec, "nama_usaha"), "B-name");
	assert_string_equal(record_get(&rec, "alamat"), "A-addr");
	record_release(&rec);
	store_close(st);
}

/* ---- check catches a visible table that drifted, an altered op, a lost op ---- */

static void exec_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

static struct rid save_umkm(struct store *st, const char *name, const char *nik)
{
	struct record rec;
	record_init(&rec, &entity_umkm);
	record_set(&rec, "nama_usaha", name);
	record_set(&rec, "nama_pemilik", "Sri Wahyuni");
	record_set(&rec, "nik", nik);
	record_set(&rec, "jenis_kelamin", "P");
	record_set(&rec, "kabupaten_kota", "18.71");
	record_set(&rec, "kecamatan", "18.71.01");
	struct issues is = { 0 };
	struct err e = { 0 };
	enum save_result r = registry_save(st, &meta_umkm, &rec, "tester", true, &is, &e);
	if (r != SAVE_DONE)
		fail_msg("save %s: %d %s %s", name, r, e.msg, is.n ? is.v[0].msg : "");
	struct rid id = rec.id;
	issues_release(&is);
	record_release(&rec);
	return id;
}

static void test_check_detects_tampering(void **state)
{
	(void)state;
	char *path;
	struct store *st = fresh("18.71", &path);
	save_umkm(st, "Warung Sri", "1871015205900001");
	save_umkm(st, "Toko Sri", "1871015205900002");
	save_umkm(st, "Kopi Sri", "1871015205900003");
	assert_int_equal(count_problems(st), 0);
	store_close(st);

	exec_sql(path, "UPDATE umkm SET nama_usaha = 'Warung X' WHERE nama_usaha = 'Warung Sri'");
	struct err e;
	st = store_open(path, 0, &e);
	assert_true(count_problems(st) >= 1);
	store_close(st);
	exec_sql(path, "UPDATE umkm SET nama_usaha = 'Warung Sri' WHERE nama_usaha = 'Warung X'");
	st = store_open(path, 0, &e);
	assert_int_equal(count_problems(st), 0);
	store_close(st);

	exec_sql(path, "UPDATE op SET fields = replace(fields, 'Toko', 'Tokp') WHERE seq = 2");
	st = store_open(path, 0, &e);
	assert_true(count_problems(st) >= 1);
	store_close(st);
	exec_sql(path, "UPDATE op SET fields = replace(fields, 'Tokp', 'Toko') WHERE seq = 2");

	exec_sql(path, "DELETE FROM op WHERE seq = 2");
	st = store_open(path, 0, &e);
	assert_true(count_problems(st) >= 1);
	store_close(st);
	free(path);
}

/* ---- history, delete and restore ---- */

struct hist {
	int entries;
	bool saw_change;
};

static void on_history(const struct history_entry *h, void *arg)
{
	struct hist *x = arg;
	x->entries++;
	if (str_eq(h->field, "alamat") && str_eq(h->old, "Jl. Lama 1") && str_eq(h->value, "Jl. Baru 2") &&
	    str_eq(h->officer, "editor"))
		x->saw_change = true;
}

static void test_history_delete_restore(void **state)
{
	(void)state;
	struct store *st = fresh("18.71", NULL);
	struct rid id = save_umkm(st, "Warung Sri", "1871015205900001");
	struct record rec;
	struct err e;
	assert_true(store_get(st, &entity_umkm, &id, &rec, &e));
	assert_non_null(record_get(&rec, "reg_no"));
	assert_string_equal(record_get(&rec, "reg_no"), "18.71-U-000001");
	record_set(&rec, "alamat", "Jl. Lama 1");
	assert_int_equal(store_save(st, &rec, "editor", &e), 1);
	record_set(&rec, "alamat", "Jl. Baru 2");
	assert_int_equal(store_save(st, &rec, "editor", &e), 1);
	/* Saving without a change makes no op. */
	int64_t ops = store_op_count(st);
	assert_int_equal(store_save(st, &rec, "editor", &e), 0);
	assert_int_equal(store_op_count(st), ops);
	record_release(&rec);

	struct hist h = { 0 };
	assert_true(store_history(st, &entity_umkm, &id, on_history, &h, &e));
	assert_true(h.saw_change);
	assert_true(h.entries >= 8);

	assert_false(registry_delete(st, &meta_umkm, &id, "  ", "x", &e));
	assert_true(registry_delete(st, &meta_umkm, &id, "double entry", "x", &e));
	assert_int_equal(store_count(st, &entity_umkm), 0);
	assert_true(store_get(st, &entity_umkm, &id, &rec, &e));
	assert_string_equal(record_get(&rec, "deleted"), "1");
	assert_string_equal(record_get(&rec, "deleted_reason"), "double entry");
	record_release(&rec);
	assert_true(registry_restore(st, &meta_umkm, &id, "x", &e));
	assert_int_equal(store_count(st, &entity_umkm), 1);
	assert_int_equal(count_problems(st), 0);
	store_close(st);
}

/* ---- lists: keyset paging both ways, search, filters ---- */

static const char *const list_cols[] = { "nama_usaha", "nik", NULL };

static void test_list_paging_and_search(void **state)
{
	(void)state;
	struct store *st = fresh("18.71", NULL);
	struct err e;
	assert_true(store_begin(st, &e));
	for (int i = 0; i < 45; i++) {
		char name[32], nik[20];
		snprintf(name, sizeof(name), "%s %02d", i % 3 ? "Warung" : "Bengkel", i);
		snprintf(nik, sizeof(nik), "18710152059%05d", i + 1);
		save_umkm(st, name, nik);
	}
	assert_true(store_commit(st, &e));
	struct list_query q = { .ent = &entity_umkm, .columns = list_cols };
	struct list_row rows[20];
	struct list_cursor cur = { 0 };
	char seen[64][32];
	int total = 0;
	for (;;) {
		int n = store_list_page(st, &q, &cur, false, 20, rows, &e);
		assert_true(n >= 0);
		if (n == 0)
			break;
		for (int i = 0; i < n; i++)
			str_copy(seen[total++], rows[i].values[0], 32);
		list_cursor_release(&cur);
		list_cursor_copy(&cur, &rows[n - 1].cursor);
		for (int i = 0; i < n; i++)
			list_row_release(&rows[i], 2);
	}
	list_cursor_release(&cur);
	assert_int_equal(total, 45);
	for (int i = 1; i < total; i++)
		assert_true(strcasecmp(seen[i - 1], seen[i]) <= 0);
	assert_string_equal(seen[0], "Bengkel 00");

	/* Backward from the end gives the last page in list order. */
	int n = store_list_page(st, &q, NULL, true, 20, rows, &e);
	assert_int_equal(n, 20);
	assert_string_equal(rows[19].values[0], seen[44]);
	assert_string_equal(rows[0].values[0], seen[25]);
	for (int i = 0; i < n; i++)
		list_row_release(&rows[i], 2);

	q.search = "beng";
	assert_int_equal(store_list_count(st, &q, 1000), 15);
	q.search = "warung 4";
	n = store_list_page(st, &q, NULL, false, 20, rows, &e);
	assert_true(n >= 1);
	for (int i = 0; i < n; i++) {
		assert_true(str_starts_with(rows[i].values[0], "Warung 4"));
		list_row_release(&rows[i], 2);
	}
	q.search = "187101520590001"; /* NIKs ...0010 to ...0019 */
	assert_int_equal(store_list_count(st, &q, 1000), 10);
	q.search = "0813"; /* no phone numbers were saved */
	assert_int_equal(store_list_count(st, &q, 1000), 0);
	q.search = NULL;
	q.kabupaten = "18.72";
	assert_int_equal(store_list_count(st, &q, 1000), 0);
	q.kabupaten = "18.71";
	assert_int_equal(store_list_count(st, &q, 10), 10); /* capped */
	store_close(st);
}

/* The statements a list runs, caught as SQLite runs them (white box: the plan
 * SQLite makes for them on this schema). */
static char traced[4][2048];
static int ntraced;

static int trace_list(unsigned type, void *arg, void *p, void *x)
{
	(void)type, (void)arg, (void)x;
	const char *sql = sqlite3_sql(p);
	if (sql && ntraced < 4 && str_starts_with(sql, "SELECT") && strstr(sql, "umkm"))
		str_copy(traced[ntraced++], sql, sizeof(traced[0]));
	return 0;
}

/* The same for counts alone (not the statements that prepare them). */
static int trace_count(unsigned type, void *arg, void *p, void *x)
{
	const char *sql = sqlite3_sql(p);
	return sql && strstr(sql, "count(*)") ? trace_list(type, arg, p, x) : 0;
}

/* The plan of sql, its lines joined by " | ". */
static void query_plan(sqlite3 *db, const char *sql, char *out, size_t cap)
{
	char *eqp = xasprintf("EXPLAIN QUERY PLAN %s", sql);
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, eqp, -1, &s, NULL), SQLITE_OK);
	out[0] = '\0';
	while (sqlite3_step(s) == SQLITE_ROW) {
		size_t n = strlen(out);
		snprintf(out + n, cap - n, "%s | ", (const char *)sqlite3_column_text(s, 3));
	}
	sqlite3_finalize(s);
	free(eqp);
}

/* A list's count reads an index alone, and its first page walks the name index
 * in order, reading only the rows it shows: at a million records, a count that
 * read the rows (to leave out merged ones) took a tenth of a second. */
static void test_list_plans(void **state)
{
	(void)state;
	struct store *st = fresh("18.71", NULL);
	struct err e;
	assert_true(store_begin(st, &e));
	save_umkm(st, "Warung Satu", "1871015205900001");
	assert_true(store_commit(st, &e));
	char plan[1024];
	const char *kab[] = { NULL, "18.71", NULL };
	const char *kec[] = { NULL, NULL, "18.71.01" };
	const char *index[] = { "umkm_name", "umkm_kab", "umkm_kec" };
	sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, trace_list, NULL);
	for (int k = 0; k < 3; k++) {
		struct list_query q = { .ent = &entity_umkm, .columns = list_cols,
					.kabupaten = kab[k], .kecamatan = kec[k] };
		ntraced = 0;
		assert_true(store_list_count(st, &q, 10001) >= 0);
		assert_int_equal(ntraced, 1);
		query_plan(st->db, traced[0], plan, sizeof(plan));
		if (!strstr(plan, "COVERING INDEX") || strstr(plan, "SCAN umkm"))
			fail_msg("the count %s reads rows: %s", traced[0], plan);
		struct list_row rows[20];
		ntraced = 0;
		int n = store_list_page(st, &q, NULL, false, 20, rows, &e);
		assert_true(n >= 0);
		for (int i = 0; i < n; i++)
			list_row_release(&rows[i], 2);
		assert_int_equal(ntraced, 1);
		query_plan(st->db, traced[0], plan, sizeof(plan));
		char want[64];
		snprintf(want, sizeof(want), "INDEX %s (", index[k]);
		if (!strstr(plan, want) || !strstr(plan, "merged_into=?") || strstr(plan, "TEMP B-TREE"))
			fail_msg("the page %s does not walk %s in order: %s", traced[0], index[k], plan);
	}
	/* A period (F6) counts through the live date indexes, reading no row. */
	for (int k = 0; k < 2; k++) {
		struct list_query q = { .ent = &entity_umkm, .columns = list_cols,
					.kabupaten = kab[k], .date_field = "tanggal_pendataan",
					.from = "2020-05-01", .to = "2020-05-31" };
		ntraced = 0;
		assert_true(store_list_count(st, &q, 10001) >= 0);
		assert_int_equal(ntraced, 1);
		query_plan(st->db, traced[0], plan, sizeof(plan));
		const char *want = k ? "COVERING INDEX umkm_live (kabupaten_kota=? AND tanggal_pendataan>?"
				     : "COVERING INDEX umkm_live_date (tanggal_pendataan>?";
		if (!strstr(plan, want))
			fail_msg("the count of a period %s reads rows: %s", traced[0], plan);
	}
	sqlite3_trace_v2(st->db, 0, NULL, NULL);
	store_close(st);
}

static bool count_rows(const char *const *values, int64_t count, const int64_t *sums, void *arg)
{
	(void)values, (void)sums;
	*(int64_t *)arg += count;
	return true;
}

/* The plan of the aggregate q grouped by groups (NULL-ended), in plan. */
static void aggregate_plan(struct store *st, const struct agg_query *q, const char *const *groups,
			   int64_t want, char *plan, size_t cap)
{
	struct err e;
	int64_t n = 0;
	ntraced = 0;
	sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, trace_list, NULL);
	assert_true(store_aggregate_by(st, q, groups, count_rows, &n, &e));
	sqlite3_trace_v2(st->db, 0, NULL, NULL);
	assert_int_equal(n, want);
	assert_int_equal(ntraced, 1);
	query_plan(st->db, traced[0], plan, cap);
}

/* A registry report (a month's, or of every record) reads the live date index
 * alone (migration 10): at a million businesses a month's report fetched a
 * quarter of a million rows one by one. A period's count over the province
 * takes that index's date range; a field no report names reads the rows. */
static void test_report_plans(void **state)
{
	(void)state;
	struct store *st = fresh("18.71", NULL);
	struct err e;
	assert_true(store_begin(st, &e));
	for (int i = 0; i < 2; i++) {
		char nik[20];
		snprintf(nik, sizeof(nik), "18710152059%05d", i + 1);
		struct rid id = save_umkm(st, i ? "Warung Dua" : "Warung Satu", nik);
		struct record rec;
		assert_true(store_get(st, &entity_umkm, &id, &rec, &e));
		record_set(&rec, "tanggal_pendataan", i ? "2020-05-31" : "2020-05-01");
		struct issues is = { 0 };
		assert_int_equal(registry_save(st, &meta_umkm, &rec, "tester", true, &is, &e),
				 SAVE_DONE);
		issues_release(&is);
		record_release(&rec);
	}
	assert_true(store_commit(st, &e));
	static const char *const groups[] = { "kabupaten_kota", "skala", "sektor", "status_usaha",
					      "dampak", NULL };
	static const char *const sums[] = { "omzet_sebelum", "omzet_sesudah",
					    "tenaga_kerja_sebelum", "tenaga_kerja_sesudah", NULL };
	struct agg_where month[] = { { "tanggal_pendataan", ">=", "2020-05-01" },
				     { "tanggal_pendataan", "<=", "2020-05-31" } };
	char plan[1024];
	struct agg_query q = { .ent = &entity_umkm, .sums = sums, .where = month, .nwhere = 2 };
	aggregate_plan(st, &q, groups, 2, plan, sizeof(plan));
	if (!strstr(plan, "COVERING INDEX umkm_live_date (tanggal_pendataan>? AND tanggal_pendataan<?)"))
		fail_msg("a month's report %s reads rows: %s", traced[0], plan);
	q.nwhere = 0;
	aggregate_plan(st, &q, groups, 2, plan, sizeof(plan));
	if (!strstr(plan, "SCAN umkm USING COVERING INDEX umkm_live_date"))
		fail_msg("the whole report %s reads rows: %s", traced[0], plan);
	/* A count of a period: the date range; per kabupaten/kota: the other. */
	struct agg_query c = { .ent = &entity_umkm, .where = month, .nwhere = 2 };
	aggregate_plan(st, &c, (const char *const[]){ NULL }, 2, plan, sizeof(plan));
	if (!strstr(plan, "COVERING INDEX umkm_live_date (tanggal_pendataan>? AND tanggal_pendataan<?)"))
		fail_msg("a period's count %s: %s", traced[0], plan);
	c.nwhere = 1; /* "to date" only: most of the records, the narrower index */
	c.where = month + 1;
	aggregate_plan(st, &c, (const char *const[]){ NULL }, 2, plan, sizeof(plan));
	if (!strstr(plan, "COVERING INDEX umkm_live "))
		fail_msg("a count to date %s: %s", traced[0], plan);
	c.nwhere = 2;
	c.where = month;
	aggregate_plan(st, &c, (const char *const[]){ "kabupaten_kota", NULL }, 2, plan,
		       sizeof(plan));
	if (!strstr(plan, "COVERING INDEX umkm_live ") || strstr(plan, "TEMP B-TREE"))
		fail_msg("a period's count per kabupaten/kota %s: %s", traced[0], plan);
	/* Grouped by a field no report names: the rows, in table order. */
	q.nwhere = 0;
	aggregate_plan(st, &q, (const char *const[]){ "jenis_kelamin", NULL }, 2, plan,
		       sizeof(plan));
	if (!strstr(plan, "SCAN umkm") || strstr(plan, "INDEX umkm_live"))
		fail_msg("%s: %s", traced[0], plan);
	store_close(st);
}

/* Pages of a list found by registration number: every row, in number order,
 * forward and backward across pages. */
static int regno_pages(struct store *st, struct list_query *q, bool backward, char seen[][32])
{
	struct err e;
	struct list_row rows[7];
	struct list_cursor cur = { 0 };
	int total = 0;
	for (;;) {
		int n = store_list_page(st, q, &cur, backward, 7, rows, &e);
		assert_true(n >= 0);
		if (n == 0)
			break;
		for (int i = 0; i < n; i++)
			str_copy(seen[total + i], rows[backward ? n - 1 - i : i].values[1], 32);
		total += n;
		list_cursor_release(&cur);
		list_cursor_copy(&cur, &rows[backward ? 0 : n - 1].cursor);
		for (int i = 0; i < n; i++)
			list_row_release(&rows[i], 2);
	}
	list_cursor_release(&cur);
	return total;
}

/* A clerk types a registration number as printed on a form ("18.71-U-000012"),
 * or its start: the records whose number starts so, through the reg_no index. */
static void test_list_by_regno(void **state)
{
	(void)state;
	struct store *st = fresh("18.71", NULL);
	struct err e;
	assert_true(store_begin(st, &e));
	for (int i = 0; i < 23; i++) {
		char name[32], nik[20];
		snprintf(name, sizeof(name), "Usaha %02d", 22 - i); /* names against number order */
		snprintf(nik, sizeof(nik), "18710152059%05d", i + 1);
		save_umkm(st, name, nik);
	}
	assert_true(store_commit(st, &e));
	static const char *const cols[] = { "nama_usaha", "reg_no", NULL };
	struct list_query q = { .ent = &entity_umkm, .columns = cols };
	struct list_row rows[20];

	q.search = "18.71-U-000012";
	assert_int_equal(store_list_count(st, &q, 1000), 1);
	int n = store_list_page(st, &q, NULL, false, 20, rows, &e);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].values[0], "Usaha 11");
	assert_string_equal(rows[0].values[1], "18.71-U-000012");
	list_row_release(&rows[0], 2);

	q.search = " 18.71-u-00001 "; /* the letter in either case, spaces around */
	assert_int_equal(store_list_count(st, &q, 1000), 10); /* 000010 .. 000019 */
	q.search = "18.71-U";
	assert_int_equal(store_list_count(st, &q, 1000), 23);
	assert_int_equal(store_list_count(st, &q, 5), 5); /* capped */

	char seen[32][32];
	assert_int_equal(regno_pages(st, &q, false, seen), 23);
	for (int i = 0; i < 23; i++) {
		char want[32];
		snprintf(want, sizeof(want), "18.71-U-%06d", i + 1);
		assert_string_equal(seen[i], want);
	}
	assert_int_equal(regno_pages(st, &q, true, seen), 23);
	for (int i = 0; i < 23; i++) {
		char want[32];
		snprintf(want, sizeof(want), "18.71-U-%06d", 23 - i);
		assert_string_equal(seen[i], want);
	}

	q.search = "18.71-K-000001"; /* a koperasi's number in the UMKM list */
	assert_int_equal(store_list_count(st, &q, 1000), 0);
	q.search = "18.72-U";
	assert_int_equal(store_list_count(st, &q, 1000), 0);
	q.search = "18.71-U-0000x"; /* not a number: the search index, which finds none */
	assert_int_equal(store_list_count(st, &q, 1000), 0);
	q.search = "usaha 0";        /* words still search names */
	assert_int_equal(store_list_count(st, &q, 1000), 10);

	/* Through the reg_no index, not a scan of the table. */
	q.search = "18.71-U-00000"; /* 000001 .. 000009 */
	sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, trace_list, NULL);
	ntraced = 0;
	n = store_list_page(st, &q, NULL, false, 20, rows, &e);
	assert_int_equal(n, 9);
	for (int i = 0; i < n; i++)
		list_row_release(&rows[i], 2);
	sqlite3_trace_v2(st->db, 0, NULL, NULL);
	assert_int_equal(ntraced, 1);
	char plan[1024];
	query_plan(st->db, traced[0], plan, sizeof(plan));
	if (!strstr(plan, "INDEX umkm_reg (reg_no>? AND reg_no<?)") || strstr(plan, "TEMP B-TREE"))
		fail_msg("the page %s does not walk umkm_reg: %s", traced[0], plan);
	q.kabupaten = "18.71"; /* with a filter, still the numbers' index */
	sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, trace_list, NULL);
	ntraced = 0;
	assert_int_equal(store_list_count(st, &q, 1000), 9);
	sqlite3_trace_v2(st->db, 0, NULL, NULL);
	assert_int_equal(ntraced, 1);
	query_plan(st->db, traced[0], plan, sizeof(plan));
	if (!strstr(plan, "INDEX umkm_reg (reg_no>? AND reg_no<?)"))
		fail_msg("the count %s does not use umkm_reg: %s", traced[0], plan);
	q.kabupaten = NULL;

	/* Without the office's code ("U-000003"): the numbers of every office
	 * that has some. Numbers of the province and of 18.72 made here by hand. */
	assert_int_equal(sqlite3_exec(st->db,
		"UPDATE umkm SET reg_no = '18-U-' || substr(reg_no, 9) WHERE reg_no < '18.71-U-000006';"
		"UPDATE umkm SET reg_no = '18.72-U-000003' WHERE reg_no = '18.71-U-000020';",
		NULL, NULL, NULL), SQLITE_OK);
	q.search = "u-000003 ";
	assert_int_equal(store_list_count(st, &q, 1000), 2);
	assert_int_equal(regno_pages(st, &q, false, seen), 2);
	assert_string_equal(seen[0], "18-U-000003");
	assert_string_equal(seen[1], "18.72-U-000003");
	q.search = "U-0000"; /* every number, in number order both ways */
	assert_int_equal(store_list_count(st, &q, 1000), 23);
	assert_int_equal(regno_pages(st, &q, false, seen), 23);
	for (int i = 1; i < 23; i++)
		if (strcmp(seen[i - 1], seen[i]) >= 0)
			fail_msg("out of order: %s before %s", seen[i - 1], seen[i]);
	assert_string_equal(seen[0], "18-U-000001");
	assert_string_equal(seen[5], "18.71-U-000006");
	assert_string_equal(seen[22], "18.72-U-000003");
	assert_int_equal(regno_pages(st, &q, true, seen), 23);
	assert_string_equal(seen[0], "18.72-U-000003");
	assert_string_equal(seen[22], "18-U-000001");
	q.search = "U-000020"; /* moved to 18.72 as 000003 */
	assert_int_equal(store_list_count(st, &q, 1000), 0);
	q.search = "K-000003";
	assert_int_equal(store_list_count(st, &q, 1000), 0);
	q.search = "U-000003";
	sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, trace_count, NULL);
	ntraced = 0;
	assert_int_equal(store_list_count(st, &q, 1000), 2);
	sqlite3_trace_v2(st->db, 0, NULL, NULL);
	assert_int_equal(ntraced, 1);
	query_plan(st->db, traced[0], plan, sizeof(plan));
	if (!strstr(plan, "INDEX umkm_reg (reg_no>? AND reg_no<?)") || strstr(plan, "SCAN umkm "))
		fail_msg("the count %s does not use umkm_reg: %s", traced[0], plan);

	/* The serial alone, as read off a letter ("3", "000003"): the numbers of
	 * every office with it; a serial no record has, or one starting with 0
	 * that is not whole (a phone's "0812"), searches as before (the NIKs). */
	q.search = "3";
	assert_int_equal(store_list_count(st, &q, 1000), 2);
	assert_int_equal(regno_pages(st, &q, false, seen), 2);
	assert_string_equal(seen[0], "18-U-000003");
	assert_string_equal(seen[1], "18.72-U-000003");
	q.search = " 000012 ";
	assert_int_equal(store_list_count(st, &q, 1000), 1);
	q.search = "1871";     /* no number 001871: the start of the NIKs */
	assert_int_equal(store_list_count(st, &q, 1000), 23);
	q.search = "0003";     /* not whole: no number found by it */
	assert_int_equal(store_list_count(st, &q, 1000), 0);
	q.search = "1234567";  /* longer than a serial */
	assert_int_equal(store_list_count(st, &q, 1000), 0);
	store_close(st);
}

/* A report row's list: the period on the figure's date field, bounds inclusive. */
static void test_list_period(void **state)
{
	(void)state;
	struct store *st = fresh("18.71", NULL);
	struct err e;
	static const char *const dates[] = { "2020-04-30", "2020-05-01", "2020-05-15",
					     "2020-05-31", "2020-06-01" };
	assert_true(store_begin(st, &e));
	for (size_t i = 0; i < ARRAY_SIZE(dates); i++) {
		char name[32], nik[20];
		snprintf(name, sizeof(name), "Warung %zu", i);
		snprintf(nik, sizeof(nik), "18710152059%05zu", i + 1);
		struct rid id = save_umkm(st, name, nik);
		struct record rec;
		assert_true(store_get(st, &entity_umkm, &id, &rec, &e));
		record_set(&rec, "tanggal_pendataan", dates[i]);
		struct issues is = { 0 };
		assert_int_equal(registry_save(st, &meta_umkm, &rec, "tester", true, &is, &e),
				 SAVE_DONE);
		issues_release(&is);
		record_release(&rec);
	}
	assert_true(store_commit(st, &e));
	struct list_query q = { .ent = &entity_umkm, .columns = list_cols,
				.date_field = "tanggal_pendataan", .from = "2020-05-01",
				.to = "2020-05-31" };
	assert_int_equal(store_list_count(st, &q, 1000), 3);
	struct list_row rows[10];
	int n = store_list_page(st, &q, NULL, false, 10, rows, &e);
	assert_int_equal(n, 3);
	for (int i = 0; i < n; i++) {
		assert_true(str_eq(rows[i].values[0], "Warung 1") ||
			    str_eq(rows[i].values[0], "Warung 2") ||
			    str_eq(rows[i].values[0], "Warung 3"));
		list_row_release(&rows[i], 2);
	}
	q.to = NULL; /* open end */
	assert_int_equal(store_list_count(st, &q, 1000), 4);
	q.from = NULL;
	q.to = "2020-05-01";
	assert_int_equal(store_list_count(st, &q, 1000), 2);
	q.search = "warung";
	assert_int_equal(store_list_count(st, &q, 1000), 2);
	q.search = NULL;
	q.date_field = NULL; /* no field: no period */
	assert_int_equal(store_list_count(st, &q, 1000), 5);
	/* A figure's conditions, as aggregates take them, with a period and a search. */
	const struct agg_where w[] = { { "tanggal_pendataan", ">", "2020-05-01" },
				       { "nama_usaha", "<>", "Warung 3" } };
	q.where = w;
	q.nwhere = 2;
	assert_int_equal(store_list_count(st, &q, 1000), 2); /* Warung 2, 4 */
	n = store_list_page(st, &q, NULL, false, 10, rows, &e);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].values[0], "Warung 2");
	assert_string_equal(rows[1].values[0], "Warung 4");
	for (int i = 0; i < n; i++)
		list_row_release(&rows[i], 2);
	q.date_field = "tanggal_pendataan";
	q.to = "2020-05-31";
	q.search = "warung";
	assert_int_equal(store_list_count(st, &q, 1000), 1); /* Warung 2 */
	const struct agg_where bad[] = { { "no_such_field", "=", "x" }, { "nik", "notnull", NULL } };
	q.where = bad; /* an unknown field is left out, unbound; a unary test binds nothing */
	q.search = NULL;
	q.date_field = NULL;
	q.to = NULL;
	assert_int_equal(store_list_count(st, &q, 1000), 5);
	store_close(st);
}

/* ---- regions ---- */

static void test_region_lookup(void **state)
{
	(void)state;
	struct store *st = fresh("18", NULL);
	static const char *const same[] = { "bandar lampung", "KOTA BANDAR LAMPUNG",
					    "Kota Bandar Lampung", "18.71", "  Kota  Bandar Lampung " };
	char code[REGION_CODE_MAX];
	struct err e;
	for (size_t i = 0; i < ARRAY_SIZE(same); i++) {
		assert_true(region_resolve(st, REGION_KABKOTA, NULL, same[i], code, &e));
		assert_string_equal(code, "18.71");
	}
	assert_true(region_resolve(st, REGION_KABKOTA, NULL, "Kab. Lampung Selatan", code, &e));
	assert_string_equal(code, "18.01");
	assert_true(region_resolve(st, REGION_KECAMATAN, "18.71", "tanjung karang pusat", code, &e));
	assert_string_equal(code, "18.71.06");
	assert_true(region_resolve(st, REGION_KECAMATAN, "18.71", "Kec. Kedaton", code, &e));
	assert_string_equal(code, "18.71.01");
	/* Kedaton is not in Kota Metro. */
	assert_false(region_resolve(st, REGION_KECAMATAN, "18.72", "Kedaton", code, &e));
	assert_false(region_resolve(st, REGION_KABKOTA, NULL, "Atlantis", code, &e));
	assert_false(region_resolve(st, REGION_KABKOTA, NULL, "18.99", code, &e));
	char *k = region_key("KAB. LAMPUNG SELATAN");
	assert_string_equal(k, "lampungselatan");
	free(k);
	/* Short names for narrow list columns: a kabupaten's "Kab.", a kota's as is. */
	static const char *const shorts[][2] = {
		{ "Kabupaten Lampung Tengah", "Kab. Lampung Tengah" },
		{ "Kota Bandar Lampung", "Kota Bandar Lampung" },
		{ "Kabupaten", "Kabupaten" },      /* nothing after the word: kept */
		{ "Kabupatenan Baru", "Kabupatenan Baru" },
		{ "", "" },
	};
	for (size_t i = 0; i < sizeof(shorts) / sizeof(shorts[0]); i++) {
		k = region_short_name(shorts[i][0]);
		assert_string_equal(k, shorts[i][1]);
		free(k);
	}
	store_close(st);
}

/* ---- registry rules ---- */

static void test_registry_rules(void **state)
{
	(void)state;
	struct store *st = fresh("18.71", NULL);
	save_umkm(st, "Warung Sri", "1871015205900001");
	struct record rec;
	record_init(&rec, &entity_umkm);
	struct issues is = { 0 };
	struct err e;
	/* Required fields. */
	assert_int_equal(registry_save(st, &meta_umkm, &rec, "t", false, &is, &e), SAVE_INVALID);
	assert_int_equal(issues_first_error(&is), 0);
	/* Same NIK, other business: a warning naming the first, asked once. */
	record_set(&rec, "nama_usaha", "Toko Sri");
	record_set(&rec, "nama_pemilik", "Sri Wahyuni");
	record_set(&rec, "nik", "1871015205900001");
	record_set(&rec, "jenis_kelamin", "P");
	record_set(&rec, "kabupaten_kota", "18.71");
	assert_int_equal(registry_save(st, &meta_umkm, &rec, "t", false, &is, &e), SAVE_CONFIRM);
	assert_int_equal(is.n, 1);
	assert_non_null(strstr(is.v[0].msg, "Warung Sri"));
	assert_int_equal(registry_save(st, &meta_umkm, &rec, "t", true, &is, &e), SAVE_DONE);
	/* A kecamatan outside the kabupaten is an error. */
	record_set(&rec, "kecamatan", "18.72.01");
	assert_int_equal(registry_save(st, &meta_umkm, &rec, "t", true, &is, &e), SAVE_INVALID);
	record_set(&rec, "kecamatan", NULL);
	/* Sex against the NIK. */
	record_set(&rec, "jenis_kelamin", "L");
	assert_int_equal(registry_save(st, &meta_umkm, &rec, "t", false, &is, &e), SAVE_CONFIRM);
	issues_release(&is);
	record_release(&rec);
	/* No sex given: the NIK's (a woman's day + 40; a man's day as it is). */
	static const struct {
		const char *nik, *sex;
	} owners[] = { { "1871015205900002", "P" }, { "1871011205900003", "L" } };
	for (size_t i = 0; i < ARRAY_SIZE(owners); i++) {
		record_init(&rec, &entity_umkm);
		record_set(&rec, "nama_usaha", "Kedai Kopi");
		record_set(&rec, "nama_pemilik", "Ani");
		record_set(&rec, "nik", owners[i].nik);
		record_set(&rec, "kabupaten_kota", "18.71");
		assert_int_equal(registry_save(st, &meta_umkm, &rec, "t", true, &is, &e), SAVE_DONE);
		struct record got;
		assert_true(store_get(st, &entity_umkm, &rec.id, &got, &e));
		assert_string_equal(record_get(&got, "jenis_kelamin"), owners[i].sex);
		record_release(&got);
		issues_release(&is);
		record_release(&rec);
	}

	/* Reading typed values. */
	const struct field_meta *f = registry_field(&meta_umkm, "tanggal_pendataan");
	char *out;
	assert_true(registry_parse(st, NULL, f, "12052020", &out, &e));
	assert_string_equal(out, "2020-05-12");
	free(out);
	assert_false(registry_parse(st, NULL, f, "31/04/2020", &out, &e));
	f = registry_field(&meta_umkm, "skala");
	assert_true(registry_parse(st, NULL, f, "2", &out, &e));
	assert_string_equal(out, "kecil");
	free(out);
	assert_true(registry_parse(st, NULL, f, "Men", &out, &e));
	assert_string_equal(out, "menengah");
	free(out);
	f = registry_field(&meta_umkm, "dampak");
	assert_true(registry_parse(st, NULL, f, "permodalan; penjualan menurun", &out, &e));
	assert_string_equal(out, "penjualan menurun;permodalan");
	free(out);
	f = registry_field(&meta_umkm, "omzet_sebelum");
	assert_true(registry_parse(st, NULL, f, "Rp 2.500.000", &out, &e));
	assert_string_equal(out, "2500000");
	char *shown = registry_display(st, f, out);
	assert_string_equal(shown, "Rp2.500.000");
	free(shown);
	free(out);
	store_close(st);
}

static void test_open_refuses_foreign_file(void **state)
{
	(void)state;
	char *path = xasprintf("%s/foreign.db", tmpdir);
	exec_sql(path, "CREATE TABLE t(x)");
	struct err e = { 0 };
	assert_null(store_open(path, 0, &e));
	assert_non_null(strstr(e.msg, "not a Bantu database"));
	char *missing = xasprintf("%s/none.db", tmpdir);
	assert_null(store_open(missing, 0, &e));
	assert_non_null(strstr(e.msg, "none.db"));
	free(missing);
	free(path);
}

/* SQLite's in-memory name opens a database in memory and leaves no file named
 * ":memory:" in the working directory (one was once committed by mistake). */
static void test_open_in_memory(void **state)
{
	(void)state;
	char *cwd = getcwd(NULL, 0);
	char *dir = xasprintf("%s/mem", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(chdir(dir), 0);
	struct err e = { 0 };
	struct store *st = store_open(":memory:", STORE_CREATE, &e);
	assert_non_null(st);
	assert_true(store_init_office(st, "18.71", "Test office", &e));
	store_close(st);
	assert_int_not_equal(access(":memory:", F_OK), 0);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(rmdir(dir), 0); /* empty */
	free(dir);
	free(cwd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hlc_monotonic),
		cmocka_unit_test(test_rid_order),
		cmocka_unit_test(test_personal_data_model),
		cmocka_unit_test(test_purge),
		cmocka_unit_test(test_fold_order_independent),
		cmocka_unit_test(test_fold_field_level),
		cmocka_unit_test(test_check_detects_tampering),
		cmocka_unit_test(test_history_delete_restore),
		cmocka_unit_test(test_list_paging_and_search),
		cmocka_unit_test(test_list_plans),
		cmocka_unit_test(test_list_by_regno),
		cmocka_unit_test(test_list_period),
		cmocka_unit_test(test_report_plans),
		cmocka_unit_test(test_region_lookup),
		cmocka_unit_test(test_registry_rules),
		cmocka_unit_test(test_open_refuses_foreign_file),
		cmocka_unit_test(test_open_in_memory),
	};
	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
