/* test_outfile.c - core/outfile: protected targets (by inode and by name),
 * targets that are not regular files, "-", the temporary file (O_EXCL|O_NOFOLLOW:
 * a planted link refused, a stale file stepped around), mode 0600 under umask 0,
 * commit and abort. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/outfile.h"

struct fx {
	char dir[64];
};

static char *in(const struct fx *f, const char *name)
{
	return xasprintf("%s/%s", f->dir, name);
}

static void put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	str_copy(f->dir, "/tmp/bantu-outfile.XXXXXX", sizeof(f->dir));
	assert_non_null(mkdtemp(f->dir));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	outfile_protect_clear();
	char *cmd = xasprintf("rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(f);
	return 0;
}

static void test_protected(void **state)
{
	struct fx *f = *state;
	char *db = in(f, "kantor.db"), *wal = in(f, "kantor.db-wal");
	char *sub = in(f, "sub"), *other = in(f, "sub/../kantor.db");
	char *wal2 = in(f, "sub/../kantor.db-wal"), *hard = in(f, "hard.db");
	char *ok = in(f, "ok.csv");
	put(db, "SQLite");
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(link(db, hard), 0);
	outfile_protect(db, "the open database");
	outfile_protect(wal, "its log");
	struct err e;
	err_clear(&e);
	assert_false(outfile_check(db, 0, &e));
	assert_true(str_starts_with(e.msg, db));
	assert_non_null(strstr(e.msg, "the open database"));
	assert_false(outfile_check(other, 0, &e));   /* another spelling */
	assert_false(outfile_check(hard, 0, &e));    /* same inode */
	assert_false(outfile_check(wal2, 0, &e));    /* not there: by its name */
	assert_non_null(strstr(e.msg, "its log"));
	assert_true(outfile_check(ok, 0, &e));
	struct outfile o;
	assert_false(outfile_open(&o, other, 0, &e));
	assert_null(o.f);
	outfile_protect_clear();
	assert_true(outfile_check(wal2, 0, &e));
	free(db), free(wal), free(sub), free(other), free(wal2), free(hard), free(ok);
}

static void test_not_regular(void **state)
{
	struct fx *f = *state;
	char *fifo = in(f, "fifo"), *link = in(f, "link"), *d = in(f, "d");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(symlink("/dev/null", link), 0);
	assert_int_equal(mkdir(d, 0700), 0);
	struct err e;
	err_clear(&e);
	assert_false(outfile_check(fifo, 0, &e));
	assert_non_null(strstr(e.msg, "FIFO"));
	assert_false(outfile_check(link, 0, &e));
	assert_non_null(strstr(e.msg, "symbolic link"));
	assert_false(outfile_check(d, 0, &e));
	assert_non_null(strstr(e.msg, "folder"));
	assert_false(outfile_check("/dev/null", 0, &e));
	assert_non_null(strstr(e.msg, "device"));
	assert_false(outfile_check("-", 0, &e));
	assert_int_equal(e.code, 2);
	assert_true(outfile_check("-", OUTFILE_STDOUT, &e));
	assert_false(outfile_check("", 0, &e));
	free(fifo), free(link), free(d);
}

static void test_write_commit_abort(void **state)
{
	struct fx *f = *state;
	char *path = in(f, "out.csv"), *tmp = in(f, "out.csv.tmp");
	put(path, "old");
	assert_int_equal(chmod(path, 0644), 0);
	mode_t old = umask(0);
	struct outfile o;
	struct err e;
	err_clear(&e);
	assert_true(outfile_open(&o, path, 0, &e));
	umask(old);
	assert_string_equal(o.tmp, tmp);
	fputs("new\n", o.f);
	struct stat sb;
	assert_int_equal(stat(tmp, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_true(outfile_commit(&o, &e));
	assert_null(o.f);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(sb.st_size, 4);
	assert_int_not_equal(access(tmp, F_OK), 0);

	/* Abort: the target as it was, no temporary file. */
	assert_true(outfile_open(&o, path, 0, &e));
	fputs("dropped", o.f);
	outfile_abort(&o);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_size, 4);
	assert_int_not_equal(access(tmp, F_OK), 0);

	/* A stale regular temporary file: left alone, another name taken. */
	put(tmp, "stale");
	assert_true(outfile_open(&o, path, 0, &e));
	assert_true(str_starts_with(o.tmp, tmp));
	assert_string_not_equal(o.tmp, tmp);
	fputs("again\n", o.f);
	assert_true(outfile_commit(&o, &e));
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_size, 6);
	assert_int_equal(stat(tmp, &sb), 0);
	assert_int_equal(sb.st_size, 5);
	unlink(tmp);

	/* A planted link at the temporary name: refused, not followed. */
	char *victim = in(f, "victim");
	assert_int_equal(symlink(victim, tmp), 0);
	assert_false(outfile_open(&o, path, 0, &e));
	assert_non_null(strstr(e.msg, "not followed"));
	assert_int_not_equal(access(victim, F_OK), 0);

	/* Standard output. */
	assert_true(outfile_open(&o, "-", OUTFILE_STDOUT, &e));
	assert_true(outfile_is_stdout(&o));
	assert_true(outfile_commit(&o, &e));
	free(path), free(tmp), free(victim);
}

static void test_public_mode(void **state)
{
	struct fx *f = *state;
	char *path = in(f, "pub.keys");
	mode_t old = umask(022);
	struct outfile o;
	struct err e;
	err_clear(&e);
	assert_true(outfile_open(&o, path, OUTFILE_PUBLIC, &e));
	umask(old);
	fputs("public\n", o.f);
	assert_true(outfile_commit(&o, &e));
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0644);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_protected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_regular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_commit_abort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_public_mode, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
