/* test_report.c - figures and reports: deleted records never count, merged ones once, the
 * period and kabupaten/kota filters, totals per kabupaten/kota, tables as text and CSV, and
 * the references between records (FK_REF) the programs use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/i18n.h"
#include "core/util.h"
#include "model/duplicates.h"
#include "model/prog_stimulus.h"
#include "model/region.h"
#include "model/registry.h"
#include "report/report.h"
#include "store/store.h"

static char tmpdir[64];
static int dbno;

static int setup_all(void **state)
{
	(void)state;
	setenv("BANTU_TODAY", "2020-06-30", 1);
	i18n_init("en");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bantu-report-XXXXXX");
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
	free(path);
	assert_non_null(st);
	assert_true(store_begin(st, &e));
	assert_true(region_load(st, "18", NULL, &e) > 200);
	assert_true(store_commit(st, &e));
	assert_true(store_init_office(st, "18", "Dinas", &e));
	return st;
}

/* Saves a UMKM of kabupaten kab recorded on date; returns its id. */
static struct rid add_umkm(struct store *st, const char *name, const char *nik, const char *kab,
			   const char *date)
{
	struct record r;
	registry_new(st, &meta_umkm, &r);
	record_set(&r, "nama_usaha", name);
	record_set(&r, "nama_pemilik", "Pemilik");
	record_set(&r, "nik", nik);
	record_set(&r, "kabupaten_kota", kab);
	record_set(&r, "skala", "mikro");
	record_set(&r, "omzet_sebelum", "1000000");
	record_set(&r, "tanggal_pendataan", date);
	struct issues is = { 0 };
	struct err e = { 0 };
	assert_int_equal(registry_save(st, &meta_umkm, &r, "t", true, &is, &e), SAVE_DONE);
	issues_release(&is);
	struct rid id = r.id;
	record_release(&r);
	return id;
}

static int64_t value(struct store *st, const char *fig, const char *kab, const char *from,
		     const char *to)
{
	struct report_params p = { .f = { .kabupaten = kab, .from = from, .to = to } };
	int64_t v = -1, target = -1;
	struct err e = { 0 };
	assert_true(figure_value(st, figure_find(fig), &p, &v, &target, &e));
	return v;
}

static void test_counts_deleted_and_merged(void **state)
{
	(void)state;
	struct store *st = fresh();
	add_umkm(st, "Warung Satu", "1871014107900001", "18.71", "2020-05-02");
	struct rid b = add_umkm(st, "Warung Dua", "1871014107900002", "18.71", "2020-06-02");
	struct rid c = add_umkm(st, "Warung Tiga", "1872014107900003", "18.72", "2020-06-03");
	struct rid d = add_umkm(st, "Warung Tiga Jaya", "1872014107900003", "18.72", "2020-06-04");
	assert_int_equal(value(st, "umkm", NULL, NULL, NULL), 4);

	struct err e = { 0 };
	assert_true(registry_delete(st, &meta_umkm, &b, "double entry", "t", &e));
	assert_int_equal(value(st, "umkm", NULL, NULL, NULL), 3);
	assert_true(dup_merge(st, &meta_umkm, &c, &d, "t", &e));
	assert_int_equal(value(st, "umkm", NULL, NULL, NULL), 2);
	assert_int_equal(value(st, "umkm", "18.72", NULL, NULL), 1);
	assert_int_equal(value(st, "umkm", "18.71", NULL, NULL), 1);
	/* The period: June holds the surviving record of the merge only. */
	assert_int_equal(value(st, "umkm", NULL, "2020-06-01", "2020-06-30"), 1);
	assert_int_equal(value(st, "umkm", NULL, "2020-05-01", "2020-05-31"), 1);

	/* Per kabupaten/kota: one row per kabupaten/kota of Lampung, adding up. */
	struct report_params p = { 0 };
	struct table *t = figure_table(st, figure_find("umkm"), &p, &e);
	assert_non_null(t);
	assert_int_equal(t->nrows, 16); /* 15 kabupaten/kota and the total */
	assert_true(t->rows[15].total);
	assert_int_equal(t->rows[15].cells[1].num, 2);
	long r71 = table_find_row(t, "18.71");
	assert_true(r71 >= 0);
	assert_int_equal(t->rows[r71].cells[1].num, 1);
	assert_int_equal(t->rows[r71].cells[2].num, 500); /* 50,0% */
	table_free(t);
	store_close(st);
}

/* A figure with targets: a kabupaten/kota without a quota shows no target and no
 * achievement (not "0" and "0,0%"); the province's budget is in Rupiah on the total. */
static void test_figure_targets(void **state)
{
	(void)state;
	struct store *st = fresh();
	struct report_params p = { 0 };
	struct err e = { 0 };
	struct table *t = figure_table(st, figure_find("stimulus-dicairkan"), &p, &e);
	assert_non_null(t);
	assert_int_equal(t->ncols, 4);
	long r71 = table_find_row(t, "18.71");
	assert_true(r71 >= 0);
	assert_true(t->rows[r71].cells[2].blank);
	assert_true(t->rows[r71].cells[3].blank);
	char *s = table_cell_text(t, (size_t)r71, 2);
	assert_string_equal(s, "");
	free(s);
	size_t tot = t->nrows - 1;
	assert_true(t->rows[tot].total);
	assert_false(t->rows[tot].cells[2].blank);
	assert_int_equal(t->rows[tot].cells[2].num, stimulus_budget(st));
	s = table_cell_text(t, tot, 2);
	assert_true(strncmp(s, "Rp", 2) == 0);
	free(s);
	s = table_cell_text(t, tot, 3);
	assert_string_equal(s, "0,0%");
	free(s);
	table_free(t);
	store_close(st);
}

static void test_report_tables_text_and_csv(void **state)
{
	(void)state;
	struct store *st = fresh();
	add_umkm(st, "Warung Satu", "1871014107900001", "18.71", "2020-05-02");
	add_umkm(st, "Warung Dua", "1871014107900002", "18.72", "2020-06-02");
	struct report_params p = { 0 };
	struct tables ts = { 0 };
	struct err e = { 0 };
	assert_true(report_build(st, "umkm", &p, &ts, &e));
	assert_true(ts.n >= 5);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	tables_write_csv(&ts, f);
	fclose(f);
	assert_non_null(strstr(buf, "UMKM per regency/city\n"));
	assert_non_null(strstr(buf, "Total,2,2000000,"));
	free(buf);
	f = open_memstream(&buf, &len);
	tables_write_text(&ts, f);
	fclose(f);
	assert_non_null(strstr(buf, "Rp2.000.000"));
	free(buf);
	tables_release(&ts);
	assert_false(report_build(st, "nosuch", &p, &ts, &e));
	assert_int_equal(e.code, 2);
	store_close(st);
}

static void test_month(void **state)
{
	(void)state;
	char a[11], b[11], c[11], d[11];
	report_month("2020-03-15", a, b, c, d);
	assert_string_equal(a, "2020-03-01");
	assert_string_equal(b, "2020-03-31");
	assert_string_equal(c, "2020-02-01");
	assert_string_equal(d, "2020-02-29");
	report_month("2021-01-31", a, b, c, d);
	assert_string_equal(c, "2020-12-01");
	assert_string_equal(d, "2020-12-31");
}

/* References: typed as a registration number, made from an id, followed past a merge. */
static void test_references(void **state)
{
	(void)state;
	struct store *st = fresh();
	struct rid a = add_umkm(st, "Warung Satu", "1871014107900001", "18.71", "2020-05-02");
	struct rid b = add_umkm(st, "Warung Satu Jaya", "1871014107900001", "18.71", "2020-05-03");
	char *ref = ref_make(&meta_umkm, &a);
	const struct entity_meta *m;
	struct rid id;
	assert_true(ref_split(ref, &m, &id));
	assert_ptr_equal(m, &meta_umkm);
	assert_memory_equal(id.b, a.b, 16);
	assert_false(ref_split("umkm:nothex", &m, &id));
	assert_false(ref_split("nosuch:0123456789abcdef0123456789abcdef", &m, &id));

	struct field_meta f = { .name = "x", .label = "Business", .kind = FK_REF, .width = 80,
				.ref = "umkm koperasi" };
	struct record rec;
	assert_true(store_get(st, &entity_umkm, &a, &rec, NULL));
	char *out = NULL;
	struct err e = { 0 };
	assert_true(registry_parse(st, NULL, &f, record_get(&rec, FIELD_REG_NO), &out, &e));
	assert_string_equal(out, ref);
	free(out);
	assert_false(registry_parse(st, NULL, &f, "18-U-999999", &out, &e));
	assert_non_null(strstr(e.msg, "18-U-999999"));
	char *shown = registry_display(st, &f, ref);
	assert_non_null(strstr(shown, "Warung Satu ("));
	free(shown);
	record_release(&rec);

	/* A reference to a record merged away follows to the survivor. */
	assert_true(dup_merge(st, &meta_umkm, &b, &a, "t", &e));
	char *followed = ref_follow(st, ref);
	char *want = ref_make(&meta_umkm, &b);
	assert_string_equal(followed, want);
	free(followed);
	free(want);
	free(ref);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_deleted_and_merged),
		cmocka_unit_test(test_figure_targets),
		cmocka_unit_test(test_report_tables_text_and_csv),
		cmocka_unit_test(test_month),
		cmocka_unit_test(test_references),
	};
	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
