/* test_backup.c - store_backup, store_restore and store_adopt_origin over real
 * databases in a temp directory, and the fault-injection VFS: a backup is the
 * snapshot of committed data while another connection holds an open write
 * transaction; a restore gets a new replica id and the same ops; a full disk during
 * a save or a backup changes nothing and the same work succeeds after. */
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

#include "core/config.h"
#include "core/i18n.h"
#include "core/util.h"
#include "model/demo.h"
#include "model/region.h"
#include "store/store.h"

static char tmpdir[64];
static char flag[96];
static struct config *cfg;
static int dbno;

static int setup_all(void **state)
{
	(void)state;
	setenv("BANTU_TODAY", "2020-06-01", 1);
	i18n_init("en");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bantu-backup-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	setenv("XDG_CONFIG_HOME", tmpdir, 1);
	/* The fault VFS is armed for the whole run, and faults only while flag exists. */
	snprintf(flag, sizeof(flag), "%s/disk-full", tmpdir);
	setenv("BANTU_FAULT_WRITES", "0", 1);
	setenv("BANTU_FAULT_WHILE", flag, 1);
	struct err e = { 0 };
	cfg = config_load(NULL, &e);
	return cfg ? 0 : -1;
}

static int teardown_all(void **state)
{
	(void)state;
	config_free(cfg);
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

static char *tmp_path(const char *name)
{
	return xasprintf("%s/%d-%s", tmpdir, ++dbno, name);
}

/* An initialised district database with n demo UMKM. */
static struct store *district(char **path_out, long n)
{
	char *path = tmp_path("d.db");
	struct err e = { 0 };
	struct store *st = store_open(path, STORE_CREATE, &e);
	assert_non_null(st);
	assert_true(store_begin(st, &e));
	assert_true(region_load(st, "18", NULL, &e) > 200);
	assert_true(store_commit(st, &e));
	assert_true(store_init_office(st, "18.71", "Test office", &e));
	if (n > 0)
		assert_int_equal(demo_fill(st, cfg, n, 0, 3, NULL, NULL, "test", &e), n);
	*path_out = path;
	return st;
}

static int64_t ops_in(const char *path)
{
	struct err e = { 0 };
	struct store *st = store_open(path, STORE_READONLY, &e);
	assert_non_null(st);
	int64_t n = store_op_count(st);
	store_close(st);
	return n;
}

static void test_backup_restore(void **state)
{
	(void)state;
	char *path;
	struct store *st = district(&path, 40);
	char *out = tmp_path("bk.db");
	struct backup_summary sum;
	struct err e = { 0 };
	assert_true(store_backup(st, out, &sum, &e));
	assert_int_equal(sum.ops, store_op_count(st));
	assert_int_equal(sum.records, 40);
	struct stat sb;
	assert_int_equal(stat(out, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	char *tmp = xasprintf("%s.tmp", out);
	assert_int_not_equal(access(tmp, F_OK), 0);
	assert_int_equal(ops_in(out), sum.ops);

	/* Not inside a transaction: the snapshot would include uncommitted work. */
	assert_true(store_begin(st, &e));
	assert_false(store_backup(st, out, NULL, &e));
	store_rollback(st);

	char *rpath = tmp_path("r.db");
	int64_t old = 0;
	struct backup_summary rsum;
	assert_true(store_restore(out, rpath, NULL, NULL, &old, NULL, &rsum, &e));
	assert_int_equal(old, store_replica_id(st));
	assert_memory_equal(rsum.heads, sum.heads, sizeof(sum.heads));
	struct store *r = store_open(rpath, 0, &e);
	assert_non_null(r);
	assert_true(store_replica_id(r) != old && store_replica_id(r) > 0);
	assert_string_equal(store_office_code(r), "18.71");
	assert_int_equal(store_op_count(r), sum.ops);
	assert_int_equal(store_check(r, NULL, NULL, &e), 0);
	char *from = store_meta_get(r, "restored_from");
	assert_non_null(from);
	assert_int_equal(strtoll(from, NULL, 10), old);
	free(from);
	/* New work starts the new replica's chain at 1, beside the old one. */
	assert_int_equal(demo_fill(r, cfg, 2, 0, 9, NULL, NULL, "test", &e), 2);
	assert_int_equal(store_check(r, NULL, NULL, &e), 0);
	store_close(r);

	assert_false(store_restore(out, rpath, NULL, NULL, &old, NULL, NULL, &e));
	assert_non_null(strstr(e.msg, "already there"));
	/* Over it: the database replaced is kept, with the demo records made above. */
	char *kept = tmp_path("r.db.replaced");
	int64_t before = ops_in(rpath);
	assert_true(before > sum.ops);
	assert_false(store_restore(out, rpath, kept, "18.72", &old, NULL, NULL, &e));
	assert_non_null(strstr(e.msg, "18.72"));
	assert_int_equal(ops_in(rpath), before);
	assert_true(store_restore(out, rpath, kept, "18.71", &old, NULL, NULL, &e));
	assert_int_equal(ops_in(rpath), sum.ops);
	assert_int_equal(ops_in(kept), before);
	free(kept);

	store_close(st);
	free(tmp);
	free(rpath);
	free(out);
	free(path);
}

/* Another connection's open write transaction is not in the copy; once
 * committed, the next copy has it. */
static void test_backup_is_a_snapshot(void **state)
{
	(void)state;
	char *path;
	struct store *st = district(&path, 10);
	int64_t before = store_op_count(st);
	struct err e = { 0 };
	struct store *writer = store_open(path, 0, &e);
	assert_non_null(writer);
	assert_true(store_begin(writer, &e));
	assert_int_equal(demo_fill(writer, cfg, 25, 0, 5, NULL, NULL, "test", &e), 25);
	char *out = tmp_path("snap.db");
	struct backup_summary sum;
	assert_true(store_backup(st, out, &sum, &e));
	assert_int_equal(sum.ops, before);
	assert_int_equal(ops_in(out), before);
	assert_true(store_commit(writer, &e));
	assert_true(store_backup(st, out, &sum, &e));
	assert_int_equal(sum.ops, before + 25);
	assert_int_equal(ops_in(out), before + 25);
	store_close(writer);
	store_close(st);
	free(out);
	free(path);
}

static void sign_zero(const uint8_t *msg, size_t len, uint8_t sig[64], void *arg)
{
	(void)msg;
	(void)len;
	(*(int *)arg)++;
	memset(sig, 0x5a, 64);
}

static void test_adopt_origin(void **state)
{
	(void)state;
	char *path;
	struct store *st = district(&path, 5);
	int64_t old = store_replica_id(st);
	char *out = tmp_path("a.db"), *rpath = tmp_path("ra.db");
	struct err e = { 0 };
	assert_true(store_backup(st, out, NULL, &e));
	int64_t got = 0;
	assert_true(store_restore(out, rpath, NULL, NULL, &got, NULL, NULL, &e));
	struct store *r = store_open(rpath, 0, &e);
	assert_non_null(r);
	int signed_n = 0;
	assert_true(store_adopt_origin(r, old, sign_zero, &signed_n, &e));
	assert_int_equal(signed_n, 1);
	/* Its own replica has no head to adopt. */
	assert_true(store_adopt_origin(r, store_replica_id(r), sign_zero, &signed_n, &e));
	assert_int_equal(signed_n, 1);
	store_close(r);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(rpath, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT office, seq FROM chain_head WHERE origin = ?",
					    -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_int64(q, 1, old);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "18.71");
	assert_int_equal(sqlite3_column_int64(q, 1), 5);
	sqlite3_finalize(q);
	sqlite3_close(db);
	store_close(st);
	free(out);
	free(rpath);
	free(path);
}

static void touch(const char *p)
{
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fclose(f);
}

/* The fault VFS: a full disk during a save and during a backup. */
static void test_disk_full(void **state)
{
	(void)state;
	char *path;
	struct store *st = district(&path, 5);
	int64_t before = store_op_count(st);
	struct err e = { 0 };
	touch(flag);
	assert_true(demo_fill(st, cfg, 20, 0, 11, NULL, NULL, "test", &e) < 0);
	assert_non_null(strstr(e.msg, "disk is full"));
	char *out = tmp_path("full.db");
	assert_false(store_backup(st, out, NULL, &e));
	assert_non_null(strstr(e.msg, "disk is full"));
	assert_int_not_equal(access(out, F_OK), 0);
	unlink(flag);
	assert_int_equal(store_op_count(st), before);
	assert_int_equal(store_check(st, NULL, NULL, &e), 0);
	assert_int_equal(demo_fill(st, cfg, 20, 0, 11, NULL, NULL, "test", &e), 20);
	assert_true(store_backup(st, out, NULL, &e));
	assert_int_equal(ops_in(out), before + 20);
	store_close(st);
	free(out);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backup_restore),
		cmocka_unit_test(test_backup_is_a_snapshot),
		cmocka_unit_test(test_adopt_origin),
		cmocka_unit_test(test_disk_full),
	};
	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
