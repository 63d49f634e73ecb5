/* test_util.c - strbuf, string helpers, error reports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/util.h"

static void test_strbuf_grows(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	assert_string_equal(strbuf_str(&sb), "");
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%d,", i % 10);
	assert_int_equal(sb.len, 2000);
	assert_memory_equal(sb.buf, "0,1,2,", 6);
	char *s = strbuf_detach(&sb);
	assert_null(sb.buf);
	assert_int_equal(strlen(s), 2000);
	free(s);
}

static void test_str_trim_and_copy(void **state)
{
	(void)state;
	char a[] = "  \t nama usaha \r\n";
	assert_string_equal(str_trim(a), "nama usaha");
	char b[] = "   ";
	assert_string_equal(str_trim(b), "");
	char small[5];
	assert_int_equal(str_copy(small, "abcdefgh", sizeof(small)), 8);
	assert_string_equal(small, "abcd");
	assert_true(str_starts_with("18.71.01", "18.71"));
	assert_false(str_starts_with("18.7", "18.71"));
	assert_true(str_empty(NULL));
	assert_true(str_empty(""));
	assert_false(str_eq(NULL, "x"));
}

static void test_str_common_words(void **state)
{
	(void)state;
	assert_int_equal(str_common_words("Dinas Koperasi dan UMKM Provinsi Lampung",
					  "Dinas Koperasi dan UMKM Kota Bandar Lampung"), 24);
	assert_int_equal(str_common_words("Dinas KUMKM", "Dinas Koperasi"), 6);
	/* a word that only begins alike does not count */
	assert_int_equal(str_common_words("Kota Metro", "Kotamadya Metro"), 0);
	assert_int_equal(str_common_words("Dinas Kop", "Dinas Koperasi"), 6);
	/* the same name: its last word stays */
	assert_int_equal(str_common_words("Dinas A", "Dinas A"), 6);
	assert_int_equal(str_common_words("Dinas  A", "Dinas  B"), 7);
	assert_int_equal(str_common_words("Dinas  A", "Dinas B"), 0);
	assert_int_equal(str_common_words("", "Dinas"), 0);
	assert_int_equal(str_common_words(NULL, "Dinas"), 0);
}

static void test_str_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(str_edit_distance("bundle", "bundle"), 0);
	assert_int_equal(str_edit_distance("bundel", "bundle"), 1);  /* a swap counts one */
	assert_int_equal(str_edit_distance("chek", "check"), 1);
	assert_int_equal(str_edit_distance("", "init"), 4);
	assert_int_equal(str_edit_distance("report", "import"), 2);  /* r->i, e->m */
	char long_name[60];
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	assert_int_equal(str_edit_distance(long_name, "a"), 9);      /* capped */
}

static void test_err_set(void **state)
{
	(void)state;
	struct err e;
	err_clear(&e);
	assert_false(err_set(&e, 2, "%s:%d: %s", "f.yaml", 3, "bad"));
	assert_string_equal(e.msg, "f.yaml:3: bad");
	assert_int_equal(e.code, 2);
	assert_false(err_set(NULL, 1, "ignored"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf_grows),
		cmocka_unit_test(test_str_trim_and_copy),
		cmocka_unit_test(test_str_common_words),
		cmocka_unit_test(test_str_edit_distance),
		cmocka_unit_test(test_err_set),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
