/* rulecheck.c - queries of the rules that span records (see rulecheck.h). */
#include "private.h"

#include <stdlib.h>

#include "core/i18n.h"
#include "store/rulecheck.h"

#define RULE_COLS 16

static bool known(const struct entity_def *ent, const char *f, struct err *e)
{
	if (f && entity_field_index(ent, f) < 0)
		return err_set(e, 1, _("%s has no field %s"), ent->name, f);
	return true;
}

bool store_rule_rows(struct store *st, const struct entity_def *ent, const char *const *cols,
		     const char *order_by, const char *where_field,
		     const char *const *where_values, rule_row_fn fn, void *arg, struct err *e)
{
	size_t n = 0;
	while (cols[n])
		n++;
	if (n > RULE_COLS)
		return err_set(e, 1, "rulecheck: too many columns");
	for (size_t i = 0; i < n; i++)
		if (!known(ent, cols[i], e))
			return false;
	if (!known(ent, order_by, e) || !known(ent, where_field, e))
		return false;
	struct strbuf sql = STRBUF_INIT;
	strbuf_adds(&sql, "SELECT id");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sql, ", %s", cols[i]);
	strbuf_addf(&sql, " FROM %s WHERE deleted = 0", ent->table);
	size_t nw = 0;
	if (where_field && where_values) {
		while (where_values[nw])
			nw++;
		strbuf_addf(&sql, " AND %s IN (", where_field);
		for (size_t i = 0; i < nw; i++)
			strbuf_adds(&sql, i ? ", ?" : "?");
		strbuf_adds(&sql, ")");
	}
	if (order_by)
		strbuf_addf(&sql, " ORDER BY %s, id", order_by);
	else
		strbuf_adds(&sql, " ORDER BY id");
	sqlite3_stmt *s = store_stmt(st, sql.buf, e);
	strbuf_release(&sql);
	if (!s)
		return false;
	for (size_t i = 0; i < nw; i++)
		sqlite3_bind_text(s, (int)i + 1, where_values[i], -1, SQLITE_STATIC);
	int rc;
	const char *vals[RULE_COLS + 1];
	bool go = true;
	while (go && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct rid id = { { 0 } };
		if (sqlite3_column_bytes(s, 0) == 16)
			memcpy(id.b, sqlite3_column_blob(s, 0), 16);
		for (size_t i = 0; i < n; i++)
			vals[i] = (const char *)sqlite3_column_text(s, (int)i + 1);
		vals[n] = NULL;
		go = fn(&id, vals, arg);
	}
	sqlite3_reset(s);
	if (go && rc != SQLITE_DONE)
		return store_fail(st, e, "rule check");
	return true;
}

bool store_rule_dup_keys(struct store *st, const struct entity_def *ent, const char *field,
			 bool (*fn)(const char *key, int64_t count, void *arg), void *arg,
			 struct err *e)
{
	if (!known(ent, field, e))
		return false;
	char *sql = xasprintf("SELECT %s, count(*) FROM %s WHERE %s IS NOT NULL AND deleted = 0"
			      " GROUP BY %s HAVING count(*) > 1 ORDER BY %s",
			      field, ent->table, field, field, field);
	sqlite3_stmt *s = store_stmt(st, sql, e);
	free(sql);
	if (!s)
		return false;
	int rc;
	bool go = true;
	while (go && (rc = sqlite3_step(s)) == SQLITE_ROW)
		go = fn((const char *)sqlite3_column_text(s, 0), sqlite3_column_int64(s, 1), arg);
	sqlite3_reset(s);
	if (go && rc != SQLITE_DONE)
		return store_fail(st, e, "rule check");
	return true;
}
