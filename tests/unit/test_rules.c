/* test_rules.c - program rules in the fold (issue 20): the result is a function
 * of the op set alone. The same ops applied in two arrival orders give the
 * same tables and the same refused list; the old rule (plain last writer wins
 * in arrival order) does not. */
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
#include "model/registry.h"
#include "model/rules.h"
#include "store/store.h"

static char tmpdir[64];
static int dbno;

static int setup_all(void **state)
{
	(void)state;
	i18n_init("en");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bantu-rules-XXXXXX");
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
	assert_true(store_init_office(st, "18", "Test office", &e));
	free(path);
	return st;
}

static void clock_of(int64_t hlc, int64_t origin, uint8_t c[CLOCK_SIZE])
{
	for (int i = 0; i < 8; i++) {
		c[i] = (uint8_t)((uint64_t)hlc >> (56 - 8 * i));
		c[8 + i] = (uint8_t)((uint64_t)origin >> (56 - 8 * i));
	}
}

#define NOPS 5
static struct op_field fa[] = { { .name = "status", .value = "diajukan" },
				{ .name = "jumlah_diajukan", .value = "1000000" },
				{ .name = "kantor_pengusul", .value = "18.71" } };
static struct op_field fb[] = { { .name = "status", .value = "disetujui" },
				{ .name = "jumlah_disetujui", .value = "1000000" },
				{ .name = "tanggal_keputusan", .value = "2020-06-02" } };
static struct op_field fc[] = { { .name = "status", .value = "diverifikasi" },
				{ .name = "tanggal_verifikasi", .value = "2020-06-03" } };
static struct op_field fd[] = { { .name = FIELD_DELETED, .value = "1" },
				{ .name = FIELD_DELETED_REASON, .value = "salah" } };
static struct op_field fe[] = { { .name = "catatan", .value = "dikunjungi" } };

/* A (district) proposes; B (province) approves; C (district, later, not
 * having seen B) verifies; D (district) deletes; E (district) adds a note. */
static void make_ops(struct op *ops, struct rid *id)
{
	memset(id, 0, sizeof(*id));
	id->b[0] = 0x42;
	static const int64_t hlc[NOPS] = { 10, 20, 30, 40, 50 };
	static const int64_t origin[NOPS] = { 7, 9, 7, 7, 7 };
	static const int64_t seq[NOPS] = { 1, 1, 2, 3, 4 };
	static const char *const office[NOPS] = { "18.71", "18", "18.71", "18.71", "18.71" };
	struct op_field *f[NOPS] = { fa, fb, fc, fd, fe };
	static const size_t n[NOPS] = { 3, 3, 2, 2, 1 };
	for (int i = 0; i < NOPS; i++) {
		ops[i] = (struct op){ .origin = origin[i], .seq = seq[i], .hlc = hlc[i],
				      .entity = "stimulus", .record = *id, .office = office[i],
				      .officer = "t", .fields = f[i], .nfields = n[i] };
		op_compute_hash(&ops[i], ops[i].hash);
	}
	/* B and C replaced the status A set; D and E saw C. */
	clock_of(10, 7, fb[0].base);
	clock_of(10, 7, fc[0].base);
}

/* The record and the refused list as text. */
static char *state_of(struct store *st, const struct rid *id)
{
	struct strbuf sb = STRBUF_INIT;
	struct record r;
	if (store_get(st, &entity_stimulus, id, &r, NULL)) {
		for (size_t i = 0; i < entity_stimulus.nfields; i++)
			strbuf_addf(&sb, "%s=%s;", entity_stimulus.fields[i].name,
				    r.values[i] ? r.values[i] : "-");
		record_release(&r);
	}
	strbuf_addf(&sb, " refused=%d", store_refused_each(st, NULL, NULL, NULL));
	return strbuf_detach(&sb);
}

static char *apply_in(const int *order, bool old_rule)
{
	struct store *st = fresh();
	store_test_arrival_order(st, old_rule);
	struct op ops[NOPS];
	struct rid id;
	make_ops(ops, &id);
	struct err e = { 0 };
	assert_true(store_begin(st, &e));
	for (int i = 0; i < NOPS; i++)
		assert_int_equal(store_apply_op(st, &ops[order[i]], &e), 1);
	assert_true(store_commit(st, &e));
	char *s = state_of(st, &id);
	store_close(st);
	return s;
}

static void test_arrival_orders(void **state)
{
	(void)state;
	rules_install();
	static const int in_order[NOPS] = { 0, 1, 2, 3, 4 };
	static const int late[NOPS] = { 0, 2, 3, 4, 1 };  /* the approval arrives last */
	static const int mixed[NOPS] = { 4, 2, 0, 1, 3 };
	char *a = apply_in(in_order, false);
	char *b = apply_in(late, false);
	char *c = apply_in(mixed, false);
	assert_string_equal(a, b);
	assert_string_equal(a, c);
	/* Forward: approved with its amount, not deleted, the note kept; the
	 * district's delete of a decided application refused (one refusal). */
	assert_non_null(strstr(a, "status=disetujui;"));
	assert_non_null(strstr(a, "jumlah_disetujui=1000000;"));
	assert_non_null(strstr(a, "deleted=-;"));
	assert_non_null(strstr(a, "catatan=dikunjungi;"));
	assert_non_null(strstr(a, "refused=1"));
	/* The old rule: the last to arrive wins, so the orders differ. */
	char *oa = apply_in(in_order, true);
	char *ob = apply_in(late, true);
	assert_string_not_equal(oa, ob);
	free(a);
	free(b);
	free(c);
	free(oa);
	free(ob);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arrival_orders),
	};
	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
