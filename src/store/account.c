/* account.c - officers' accounts (a local table) and the activity report. */
#include "store/account.h"

#include <stdlib.h>
#include <time.h>

#include "core/i18n.h"
#include "private.h"

#define ACCOUNT_COLS "username, name, office, role, disabled, locked, failures, created, changed"

static void read_account(sqlite3_stmt *s, struct account *a)
{
	memset(a, 0, sizeof(*a));
	str_copy(a->username, (const char *)sqlite3_column_text(s, 0), sizeof(a->username));
	str_copy(a->name, (const char *)sqlite3_column_text(s, 1), sizeof(a->name));
	str_copy(a->office, (const char *)sqlite3_column_text(s, 2), sizeof(a->office));
	str_copy(a->role, (const char *)sqlite3_column_text(s, 3), sizeof(a->role));
	a->disabled = sqlite3_column_int(s, 4) != 0;
	a->locked = sqlite3_column_int(s, 5) != 0;
	a->failures = sqlite3_column_int(s, 6);
	a->created = sqlite3_column_int64(s, 7);
	a->changed = sqlite3_column_int64(s, 8);
}

int store_account_count(struct store *st)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM account", NULL);
	if (!s)
		return -1;
	int n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
	sqlite3_reset(s);
	return n;
}

int store_account_count_role(struct store *st, const char *role)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT count(*) FROM account WHERE role = ? AND disabled = 0", NULL);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, role, -1, SQLITE_STATIC);
	int n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
	sqlite3_reset(s);
	return n;
}

bool store_account_get(struct store *st, const char *username, struct account *out)
{
	if (!username)
		return false;
	sqlite3_stmt *s = store_stmt(st, "SELECT " ACCOUNT_COLS " FROM account WHERE username = ?",
				     NULL);
	if (!s)
		return false;
	sqlite3_bind_text(s, 1, username, -1, SQLITE_STATIC);
	bool found = sqlite3_step(s) == SQLITE_ROW;
	if (found)
		read_account(s, out);
	sqlite3_reset(s);
	return found;
}

char *store_account_hash(struct store *st, const char *username)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT pin_hash FROM account WHERE username = ?", NULL);
	if (!s || !username)
		return NULL;
	sqlite3_bind_text(s, 1, username, -1, SQLITE_STATIC);
	char *h = NULL;
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		h = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return h;
}

bool store_account_add(struct store *st, const struct account *a, const char *hash,
		       struct err *e)
{
	struct account old;
	if (store_account_get(st, a->username, &old))
		return err_set(e, 1, _("an account '%s' already exists"), a->username);
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO account(username, name, office, role, pin_hash, disabled, locked,"
		" failures, created, changed) VALUES (?, ?, ?, ?, ?, 0, 0, 0, ?, ?)", e);
	if (!s)
		return false;
	int64_t now = (int64_t)time(NULL);
	sqlite3_bind_text(s, 1, a->username, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, a->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, a->office, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, a->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, now);
	sqlite3_bind_int64(s, 7, now);
	bool ok = sqlite3_step(s) == SQLITE_DONE || store_fail(st, e, "account");
	sqlite3_reset(s);
	return ok;
}

/* Runs an UPDATE of one account (the username bound last); false when none. */
static bool update_one(struct store *st, sqlite3_stmt *s, int user_param, const char *username,
		       struct err *e)
{
	sqlite3_bind_int64(s, user_param - 1, (int64_t)time(NULL));
	sqlite3_bind_text(s, user_param, username, -1, SQLITE_STATIC);
	bool ok = sqlite3_step(s) == SQLITE_DONE;
	sqlite3_reset(s);
	if (!ok)
		return store_fail(st, e, "account");
	if (sqlite3_changes(st->db) != 1)
		return err_set(e, 1, _("no account '%s'"), username);
	return true;
}

bool store_account_set_role(struct store *st, const char *username, const char *role,
			    struct err *e)
{
	sqlite3_stmt *s = store_stmt(st,
		"UPDATE account SET role = ?, changed = ? WHERE username = ?", e);
	if (!s)
		return false;
	sqlite3_bind_text(s, 1, role, -1, SQLITE_STATIC);
	return update_one(st, s, 3, username, e);
}

bool store_account_set_name(struct store *st, const char *username, const char *name,
			    struct err *e)
{
	sqlite3_stmt *s = store_stmt(st,
		"UPDATE account SET name = ?, changed = ? WHERE username = ?", e);
	if (!s)
		return false;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	return update_one(st, s, 3, username, e);
}

bool store_account_set_hash(struct store *st, const char *username, const char *hash,
			    struct err *e)
{
	sqlite3_stmt *s = store_stmt(st,
		"UPDATE account SET pin_hash = ?, failures = 0, locked = 0, changed = ?"
		" WHERE username = ?", e);
	if (!s)
		return false;
	sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
	return update_one(st, s, 3, username, e);
}

bool store_account_set_disabled(struct store *st, const char *username, bool disabled,
				struct err *e)
{
	sqlite3_stmt *s = store_stmt(st,
		"UPDATE account SET disabled = ?, changed = ? WHERE username = ?", e);
	if (!s)
		return false;
	sqlite3_bind_int(s, 1, disabled);
	return update_one(st, s, 3, username, e);
}

bool store_account_set_failures(struct store *st, const char *username, int failures,
				bool locked, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st,
		"UPDATE account SET failures = ?, locked = ?, changed = ? WHERE username = ?", e);
	if (!s)
		return false;
	sqlite3_bind_int(s, 1, failures);
	sqlite3_bind_int(s, 2, locked);
	return update_one(st, s, 4, username, e);
}

bool store_account_each(struct store *st, void (*fn)(const struct account *a, void *arg),
			void *arg, struct err *e)
{
	sqlite3_stmt *s = store_prepare(st,
		"SELECT " ACCOUNT_COLS " FROM account ORDER BY username", e);
	if (!s)
		return false;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct account a;
		read_account(s, &a);
		fn(&a, arg);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE || store_fail(st, e, "account");
}

void store_set_officer(struct store *st, const char *officer)
{
	free(st->officer);
	st->officer = officer ? xstrdup(officer) : NULL;
}

const char *store_officer(const struct store *st)
{
	return st->officer;
}

bool store_activity(struct store *st, const char *officer, int64_t from_ms, int64_t to_ms,
		    void (*fn)(const struct activity_entry *a, void *arg), void *arg,
		    struct err *e)
{
	/* A report over the whole log: one scan, no index needed for it. */
	sqlite3_stmt *s = store_prepare(st,
		"SELECT origin, seq, hlc, office, officer, entity, record, fields FROM op"
		" WHERE hlc >= ? AND hlc < ? AND (?3 IS NULL OR officer = ?3)"
		" ORDER BY hlc, origin, seq", e);
	if (!s)
		return false;
	sqlite3_bind_int64(s, 1, from_ms << 16);
	sqlite3_bind_int64(s, 2, to_ms << 16);
	if (officer)
		sqlite3_bind_text(s, 3, officer, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct op_field *f;
		char *buf;
		int n = op_fields_decode((const char *)sqlite3_column_text(s, 7), &f, &buf);
		if (n < 0)
			continue;
		struct activity_entry a = {
			.origin = sqlite3_column_int64(s, 0),
			.seq = sqlite3_column_int64(s, 1),
			.hlc = sqlite3_column_int64(s, 2),
			.office = (const char *)sqlite3_column_text(s, 3),
			.officer = (const char *)sqlite3_column_text(s, 4),
			.entity = (const char *)sqlite3_column_text(s, 5),
		};
		if (sqlite3_column_bytes(s, 6) == 16)
			memcpy(a.record.b, sqlite3_column_blob(s, 6), 16);
		for (int i = 0; i < n; i++) {
			a.field = f[i].name;
			a.old = f[i].old;
			a.value = f[i].value;
			a.first_of_op = i == 0;
			fn(&a, arg);
		}
		free(f);
		free(buf);
	}
	bool ok = rc == SQLITE_DONE || store_fail(st, e, "activity");
	sqlite3_finalize(s);
	return ok;
}
