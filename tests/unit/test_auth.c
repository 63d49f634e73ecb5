/* test_auth.c - officers and roles: each role tries every action (the table and
 * through the model's change paths), PINs (Argon2id), login failures, delays and
 * the lock, account rules, and the activity query. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>

#include "core/i18n.h"
#include "core/util.h"
#include "model/auth.h"
#include "model/duplicates.h"
#include "model/region.h"
#include "model/registry.h"
#include "model/rights.h"
#include "store/account.h"
#include "store/store.h"

static char tmpdir[64];
static int dbno;

static int setup_all(void **state)
{
	(void)state;
	setenv("BANTU_TODAY", "2020-06-01", 1);
	i18n_init("en");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bantu-auth-XXXXXX");
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

static struct store *fresh(const char *office)
{
	char *path = xasprintf("%s/db%d.db", tmpdir, ++dbno);
	struct err e = { 0 };
	struct store *st = store_open(path, STORE_CREATE, &e);
	free(path);
	assert_non_null(st);
	assert_true(store_begin(st, &e));
	assert_true(region_load(st, "18", NULL, &e) > 200);
	assert_true(store_commit(st, &e));
	assert_true(store_init_office(st, office, "Test office", &e));
	auth_configure(NULL);
	return st;
}

/* An office with one account of each role: admin "adm", operator "opr", petugas
 * "ptg", pimpinan "pim" (PIN "1234" each, "9999" for the admin). */
static struct store *staffed(void)
{
	struct store *st = fresh("18.71");
	struct err e = { 0 };
	if (!auth_account_add(st, NULL, "adm", "Admin", "admin", "9999", &e))
		fail_msg("%s", e.msg);
	assert_true(auth_account_add(st, "adm", "opr", "Operator", "operator", "1234", &e));
	assert_true(auth_account_add(st, "adm", "ptg", "Petugas", "petugas", "1234", &e));
	assert_true(auth_account_add(st, "adm", "pim", "Pimpinan", "pimpinan", "1234", &e));
	return st;
}

static const enum auth_action all_actions[] = {
	AUTH_READ, AUTH_EDIT, AUTH_VERIFY, AUTH_DELETE, AUTH_SYNC, AUTH_REPORT, AUTH_DECIDE, AUTH_ADMIN,
};

/* What each role may do with the default settings (roles.decide: pimpinan, admin). */
static const bool allowed[ROLE_COUNT][8] = {
	/*                READ  EDIT   VERIFY DELETE SYNC   REPORT DECIDE ADMIN */
	[ROLE_OPERATOR] = { true, true,  false, false, false, false, false, false },
	[ROLE_PETUGAS]  = { true, true,  true,  true,  true,  true,  false, false },
	[ROLE_PIMPINAN] = { true, false, false, false, false, true,  true,  false },
	[ROLE_ADMIN]    = { true, true,  true,  true,  true,  true,  true,  true  },
};

static void test_role_table(void **state)
{
	(void)state;
	auth_configure(NULL);
	for (int r = 0; r < ROLE_COUNT; r++)
		for (size_t a = 0; a < ARRAY_SIZE(all_actions); a++)
			if (auth_role_allows((enum auth_role)r, all_actions[a]) != allowed[r][a])
				fail_msg("role %s, action %zu: want %d", auth_role_name((enum auth_role)r),
					 a, allowed[r][a]);
}

/* Each role tries every action through auth_require on a real database. */
static void test_each_role_each_action(void **state)
{
	(void)state;
	struct store *st = staffed();
	static const char *const users[ROLE_COUNT] = { "opr", "ptg", "pim", "adm" };
	for (int r = 0; r < ROLE_COUNT; r++)
		for (size_t a = 0; a < ARRAY_SIZE(all_actions); a++) {
			struct err e = { 0 };
			bool ok = auth_require(st, users[r], all_actions[a], &e);
			if (ok != allowed[r][a])
				fail_msg("%s action %zu: got %d", users[r], a, ok);
			if (!ok) {
				/* The refusal names the officer, the role and the action. */
				char *want = xasprintf("officer %s (%s) may not %s", users[r],
						       auth_role_name((enum auth_role)r),
						       auth_action_text(all_actions[a]));
				assert_string_equal(e.msg, want);
				free(want);
			}
		}
	/* Unknown officers and nobody: refused for everything, even reading. */
	struct err e = { 0 };
	assert_false(auth_require(st, "mallory", AUTH_READ, &e));
	assert_non_null(strstr(e.msg, "no account 'mallory'"));
	assert_false(auth_require(st, NULL, AUTH_READ, &e));
	assert_false(auth_officer_ok(st, "mallory", &e));
	assert_true(auth_officer_ok(st, "opr", &e));
	store_close(st);
}

static void test_no_accounts_allows_everything(void **state)
{
	(void)state;
	struct store *st = fresh("18.71");
	assert_false(auth_accounts_exist(st));
	for (size_t a = 0; a < ARRAY_SIZE(all_actions); a++) {
		assert_true(auth_require(st, "anyone", all_actions[a], NULL));
		assert_true(auth_require(st, NULL, all_actions[a], NULL));
	}
	store_close(st);
}

static void test_decide_from_config(void **state)
{
	(void)state;
	const char *text = "roles:\n  decide: [petugas]\nlogin:\n  max_attempts: 2\n";
	struct err e = { 0 };
	struct config *cfg = config_load_text(text, strlen(text), "u.yaml", &e);
	assert_non_null(cfg);
	auth_configure(cfg);
	assert_true(auth_role_allows(ROLE_PETUGAS, AUTH_DECIDE));
	assert_false(auth_role_allows(ROLE_PIMPINAN, AUTH_DECIDE));
	assert_false(auth_role_allows(ROLE_ADMIN, AUTH_DECIDE));
	/* The rest of the table does not move. */
	assert_true(auth_role_allows(ROLE_ADMIN, AUTH_ADMIN));
	assert_false(auth_role_allows(ROLE_PETUGAS, AUTH_ADMIN));
	config_free(cfg);
	auth_configure(NULL);
	assert_true(auth_role_allows(ROLE_PIMPINAN, AUTH_DECIDE));
	assert_false(auth_role_allows(ROLE_PETUGAS, AUTH_DECIDE));
}

static void test_pin_hash_and_login(void **state)
{
	(void)state;
	struct store *st = staffed();
	char *hash = store_account_hash(st, "opr");
	assert_non_null(hash);
	assert_true(str_starts_with(hash, "$argon2id$"));
	assert_null(strstr(hash, "1234"));
	free(hash);
	/* Accounts are local: none of this is in the op log. */
	assert_int_equal(store_op_count(st), 0);

	int delay = -1;
	struct err e = { 0 };
	assert_int_equal(auth_login(st, "opr", "1234", &delay, &e), LOGIN_OK);
	assert_int_equal(delay, 0);
	assert_int_equal(auth_login(st, "opr", "1235", &delay, &e), LOGIN_WRONG);
	assert_int_equal(delay, 500);
	assert_non_null(strstr(e.msg, "4 of 5"));
	assert_int_equal(auth_login(st, "opr", "0000", &delay, &e), LOGIN_WRONG);
	assert_int_equal(delay, 1000);
	/* A right PIN clears the count. */
	assert_int_equal(auth_login(st, "opr", "1234", &delay, &e), LOGIN_OK);
	struct account a;
	assert_true(store_account_get(st, "opr", &a));
	assert_int_equal(a.failures, 0);
	/* Unknown users are not told apart from wrong PINs. */
	assert_int_equal(auth_login(st, "nobody", "1234", &delay, &e), LOGIN_WRONG);
	assert_string_equal(e.msg, "wrong username or PIN");
	store_close(st);
}

/* BANTU_TEST_PIN_COST=min makes cheap hashes for the tests; the next login
 * without it makes the hash again at the interactive cost, the PIN unchanged. */
static void test_cheap_pin_made_again(void **state)
{
	(void)state;
	struct store *st = staffed();
	struct err e = { 0 };
	int delay = 0;
	setenv("BANTU_TEST_PIN_COST", "min", 1);
	assert_true(auth_account_set_pin(st, "adm", "opr", "7777", &e));
	char *cheap = store_account_hash(st, "opr");
	assert_int_not_equal(crypto_pwhash_str_needs_rehash(cheap, crypto_pwhash_OPSLIMIT_INTERACTIVE,
							  crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	/* Under the hook a login keeps the cheap hash. */
	assert_int_equal(auth_login(st, "opr", "7777", &delay, &e), LOGIN_OK);
	char *same = store_account_hash(st, "opr");
	assert_string_equal(cheap, same);
	unsetenv("BANTU_TEST_PIN_COST");
	/* A wrong PIN changes no hash; the right one makes it again. */
	assert_int_equal(auth_login(st, "opr", "7778", &delay, &e), LOGIN_WRONG);
	assert_int_equal(auth_login(st, "opr", "7777", &delay, &e), LOGIN_OK);
	char *strong = store_account_hash(st, "opr");
	assert_string_not_equal(cheap, strong);
	assert_int_equal(crypto_pwhash_str_needs_rehash(strong, crypto_pwhash_OPSLIMIT_INTERACTIVE,
							  crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	struct account a;
	assert_true(store_account_get(st, "opr", &a));
	assert_int_equal(a.failures, 0);
	assert_int_equal(auth_login(st, "opr", "7777", &delay, &e), LOGIN_OK);
	free(cheap);
	free(same);
	free(strong);
	store_close(st);
}

static void test_lockout(void **state)
{
	(void)state;
	struct store *st = staffed();
	const char *text = "login:\n  max_attempts: 3\n";
	struct err e = { 0 };
	struct config *cfg = config_load_text(text, strlen(text), "u.yaml", &e);
	auth_configure(cfg);
	int delay;
	assert_int_equal(auth_login(st, "ptg", "1", &delay, &e), LOGIN_WRONG);
	int d1 = delay;
	assert_int_equal(auth_login(st, "ptg", "2", &delay, &e), LOGIN_WRONG);
	assert_true(delay > d1); /* each wrong PIN waits longer */
	assert_int_equal(auth_login(st, "ptg", "3", &delay, &e), LOGIN_LOCKED);
	assert_non_null(strstr(e.msg, "locked"));
	/* Locked: even the right PIN does not open it. */
	assert_int_equal(auth_login(st, "ptg", "1234", &delay, &e), LOGIN_LOCKED);
	/* Locked: refused by every action too (the command line names the officer
	 * without a login); an admin's new PIN opens it. */
	assert_false(auth_require(st, "ptg", AUTH_READ, &e));
	assert_non_null(strstr(e.msg, "locked"));
	assert_false(auth_account_set_pin(st, "opr", "ptg", "5555", &e));
	assert_true(auth_account_set_pin(st, "adm", "ptg", "5555", &e));
	assert_int_equal(auth_login(st, "ptg", "1234", &delay, &e), LOGIN_WRONG);
	assert_int_equal(auth_login(st, "ptg", "5555", &delay, &e), LOGIN_OK);
	assert_true(auth_require(st, "ptg", AUTH_READ, &e));
	config_free(cfg);
	auth_configure(NULL);
	store_close(st);
}

/* A command line finds its row: a subcommand, an option anywhere, else the
 * command's own row; a command without a row has none. */
static void test_rights_rows(void **state)
{
	(void)state;
	char *nominatif[] = { "export-csv", "stimulus", "-o", "x.csv", "--nominatif" };
	char *plain[] = { "export-csv", "umkm" };
	char *surat[] = { "export-csv", "prakerja", "--surat=12" };
	char *bexp[] = { "bundle", "export", "--to", "18" };
	char *dup[] = { "duplicates" };
	char *merge[] = { "duplicates", "merge", "a", "b" };
	char *nope[] = { "frobnicate" };
	assert_int_equal(rights_for_argv(5, nominatif)->id, R_EXPORT_NOMINATIF);
	assert_int_equal(rights_for_argv(2, plain)->id, R_EXPORT);
	assert_int_equal(rights_for_argv(3, surat)->id, R_EXPORT_SURAT);
	assert_int_equal(rights_for_argv(4, bexp)->id, R_BUNDLE_EXPORT);
	assert_int_equal(rights_for_argv(1, dup)->id, R_DUP);
	assert_int_equal(rights_for_argv(4, merge)->id, R_DUP_MERGE);
	assert_null(rights_for_argv(1, nope));
	/* The rows the issue named: backup and restore are the admin's, the bank's
	 * list is not an operator's, reports are not. */
	assert_false(rights_role_allows(rights_get(R_BACKUP), ROLE_OPERATOR));
	assert_false(rights_role_allows(rights_get(R_RESTORE), ROLE_PETUGAS));
	assert_true(rights_role_allows(rights_get(R_RESTORE), ROLE_ADMIN));
	assert_false(rights_role_allows(rights_get(R_EXPORT_NOMINATIF), ROLE_OPERATOR));
	assert_true(rights_role_allows(rights_get(R_REPORT), ROLE_PIMPINAN));
	assert_true(rights_get(R_BACKUP)->pin && rights_get(R_IMPORT)->pin && !rights_get(R_CHECK)->pin);
}

static void test_fail_delay_grows(void **state)
{
	(void)state;
	assert_int_equal(auth_fail_delay_ms(0), 0);
	int prev = 0;
	for (int n = 1; n <= 5; n++) {
		assert_true(auth_fail_delay_ms(n) > prev);
		prev = auth_fail_delay_ms(n);
	}
	assert_int_equal(auth_fail_delay_ms(100), 16000);
}

static void test_account_rules(void **state)
{
	(void)state;
	struct store *st = fresh("18.71");
	struct err e = { 0 };
	assert_false(auth_account_add(st, NULL, "opr", "O", "operator", "1234", &e));
	assert_string_equal(e.msg, "the first account must be an admin");
	assert_false(auth_account_add(st, NULL, "Bad Name", "B", "admin", "1234", &e));
	assert_false(auth_account_add(st, NULL, "adm", "A", "admin", "123", &e));
	assert_non_null(strstr(e.msg, "at least 4"));
	assert_false(auth_account_add(st, NULL, "adm", "A", "chief", "1234", &e));
	assert_int_equal(store_account_count(st), 0);
	assert_true(auth_account_add(st, NULL, "adm", "A", "admin", "1234", &e));
	/* From now on only an admin adds; names are unique. */
	assert_false(auth_account_add(st, NULL, "x", "X", "operator", "1234", &e));
	assert_false(auth_account_add(st, "adm", "adm", "A2", "operator", "1234", &e));
	assert_true(auth_account_add(st, "adm", "opr", "O", "operator", "1234", &e));
	assert_false(auth_account_add(st, "opr", "y", "Y", "operator", "1234", &e));
	/* The only admin keeps the role and stays enabled. */
	assert_false(auth_account_set_role(st, "adm", "adm", "operator", &e));
	assert_non_null(strstr(e.msg, "only admin"));
	assert_false(auth_account_set_disabled(st, "adm", "adm", true, &e));
	/* Officers change their own PIN, not another's. */
	assert_true(auth_account_set_pin(st, "opr", "opr", "4321", &e));
	assert_false(auth_account_set_pin(st, "opr", "adm", "4321", &e));
	/* Role changes and disabling take effect at once. */
	assert_false(auth_require(st, "opr", AUTH_DELETE, NULL));
	assert_true(auth_account_set_role(st, "adm", "opr", "petugas", &e));
	assert_true(auth_require(st, "opr", AUTH_DELETE, NULL));
	assert_false(auth_account_set_role(st, "opr", "opr", "admin", &e));
	assert_true(auth_account_set_disabled(st, "adm", "opr", true, &e));
	assert_false(auth_require(st, "opr", AUTH_READ, &e));
	assert_non_null(strstr(e.msg, "disabled"));
	int delay;
	assert_int_equal(auth_login(st, "opr", "4321", &delay, &e), LOGIN_DISABLED);
	/* An account of another office does not work here. */
	struct account other = { .username = "dist", .name = "D", .office = "18.01", .role = "admin" };
	assert_true(store_account_add(st, &other, "$argon2id$x", &e));
	assert_false(auth_require(st, "dist", AUTH_READ, &e));
	assert_non_null(strstr(e.msg, "18.01"));
	store_close(st);
}

static struct rid save_umkm(struct store *st, const char *officer, const char *name,
			    const char *nik, enum save_result want)
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
	enum save_result r = registry_save(st, &meta_umkm, &rec, officer, true, &is, &e);
	if (r != want)
		fail_msg("save by %s: %d, want %d (%s)", officer, r, want, e.msg);
	struct rid id = rec.id;
	issues_release(&is);
	record_release(&rec);
	return id;
}

/* The model's change paths ask: a refused change writes nothing. */
static void test_change_paths_refuse(void **state)
{
	(void)state;
	struct store *st = staffed();
	struct err e = { 0 };
	save_umkm(st, "pim", "Warung Pimpinan", "1871015205900001", SAVE_ERROR);
	assert_int_equal(store_op_count(st), 0);
	struct rid a = save_umkm(st, "opr", "Warung Sri", "1871015205900001", SAVE_DONE);
	struct rid b = save_umkm(st, "ptg", "Warung Sri Baru", "1871015205900001", SAVE_DONE);
	int64_t ops = store_op_count(st);
	assert_false(registry_delete(st, &meta_umkm, &a, "double", "opr", &e));
	assert_non_null(strstr(e.msg, "may not delete"));
	assert_false(registry_restore(st, &meta_umkm, &a, "pim", &e));
	assert_false(dup_merge(st, &meta_umkm, &a, &b, "ptg", &e));
	assert_false(dup_distinct(st, &meta_umkm, &a, &b, "opr", &e));
	assert_false(registry_resolve(st, &entity_umkm, &a, "nama_usaha", "X", "ptg", &e));
	assert_int_equal(store_op_count(st), ops);
	assert_true(registry_delete(st, &meta_umkm, &a, "double", "ptg", &e));
	assert_true(registry_restore(st, &meta_umkm, &a, "ptg", &e));
	assert_true(dup_distinct(st, &meta_umkm, &a, &b, "adm", &e));
	assert_true(store_op_count(st) > ops);
	store_close(st);
}

struct seen {
	int fields, ops;
	char officers[64];
};

static void count_activity(const struct activity_entry *a, void *arg)
{
	struct seen *s = arg;
	s->fields++;
	if (a->first_of_op) {
		s->ops++;
		if (!strstr(s->officers, a->officer)) {
			size_t n = strlen(s->officers);
			snprintf(s->officers + n, sizeof(s->officers) - n, "%s;", a->officer);
		}
	}
	assert_string_equal(a->office, "18.71");
	assert_string_equal(a->entity, "umkm");
}

static void test_activity(void **state)
{
	(void)state;
	struct store *st = staffed();
	save_umkm(st, "opr", "Warung Sri", "1871015205900001", SAVE_DONE);
	save_umkm(st, "ptg", "Toko Sri", "1871015205900002", SAVE_DONE);
	int64_t now = (int64_t)time(NULL) * 1000;
	struct seen all = { 0 }, opr = { 0 }, none = { 0 };
	struct err e = { 0 };
	assert_true(store_activity(st, NULL, now - 3600000, now + 3600000, count_activity, &all, &e));
	assert_int_equal(all.ops, 2);
	assert_string_equal(all.officers, "opr;ptg;");
	assert_true(store_activity(st, "opr", now - 3600000, now + 3600000, count_activity, &opr, &e));
	assert_int_equal(opr.ops, 1);
	assert_true(opr.fields >= 6);
	/* Yesterday: nothing. */
	assert_true(store_activity(st, NULL, now - 86400000 - 3600000, now - 3600000,
				   count_activity, &none, &e));
	assert_int_equal(none.ops, 0);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_table),
		cmocka_unit_test(test_each_role_each_action),
		cmocka_unit_test(test_no_accounts_allows_everything),
		cmocka_unit_test(test_decide_from_config),
		cmocka_unit_test(test_pin_hash_and_login),
		cmocka_unit_test(test_cheap_pin_made_again),
		cmocka_unit_test(test_lockout),
		cmocka_unit_test(test_rights_rows),
		cmocka_unit_test(test_fail_delay_grows),
		cmocka_unit_test(test_account_rules),
		cmocka_unit_test(test_change_paths_refuse),
		cmocka_unit_test(test_activity),
	};
	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
