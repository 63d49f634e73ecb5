/*
 * regno.c - registration numbers ("18.71-U-000351") unique across the replicas
 * of an office: a restored replica numbers from a block of its own
 * (store_regno_new_block), a number already in the table is never handed out
 * again (store_regno_taken), and a collision that still arrives (two laptops
 * restored from one backup) is found: lookups by number refuse it, naming both
 * records (store_find_reg_no), and `bantu check` lists it (store_regno_collisions).
 */
#include "private.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/i18n.h"

/* Numbers of a restored replica start at the next multiple of this above every
 * number the backup holds: the old laptop, if it goes on, would have to register
 * this many more before the two met. */
#define REGNO_BLOCK 100000

static bool has_regno(const struct entity_def *ent)
{
	return entity_field_index(ent, FIELD_REG_NO) >= 0 &&
	       entity_field_index(ent, FIELD_DELETED) >= 0;
}

bool store_regno_taken(struct store *st, const struct entity_def *ent, const char *reg_no)
{
	if (!has_regno(ent))
		return false;
	char *sql = xasprintf("SELECT 1 FROM %s WHERE reg_no = ? LIMIT 1", ent->table);
	sqlite3_stmt *s = store_stmt(st, sql, NULL);
	free(sql);
	if (!s)
		return false;
	sqlite3_bind_text(s, 1, reg_no, -1, SQLITE_STATIC);
	bool taken = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return taken;
}

bool store_regno_new_block(struct store *st, struct err *e)
{
	for (size_t i = 0; entity_all[i]; i++) {
		const struct entity_def *ent = entity_all[i];
		if (!has_regno(ent) || !ent->reg_prefix)
			continue;
		char prefix[64], key[64];
		snprintf(prefix, sizeof(prefix), "%s-%c-", store_office_code(st), ent->reg_prefix);
		snprintf(key, sizeof(key), "regno.%s", ent->name);
		/* Every number of this office the copy has seen, deleted and merged
		 * records too (received back from other offices as well). */
		char *sql = xasprintf("SELECT max(CAST(substr(reg_no, ?) AS INTEGER)) FROM %s"
				      " WHERE substr(reg_no, 1, ?) = ?", ent->table);
		sqlite3_stmt *s = store_prepare(st, sql, e);
		free(sql);
		if (!s)
			return false;
		sqlite3_bind_int(s, 1, (int)strlen(prefix) + 1);
		sqlite3_bind_int(s, 2, (int)strlen(prefix));
		sqlite3_bind_text(s, 3, prefix, -1, SQLITE_STATIC);
		int rc = sqlite3_step(s);
		long long high = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
		sqlite3_finalize(s);
		if (rc != SQLITE_ROW)
			return store_fail(st, e, "restore");
		char *cur = store_meta_get(st, key);
		long long counter = cur ? strtoll(cur, NULL, 10) : 0;
		free(cur);
		if (counter > high)
			high = counter;
		char num[32];
		snprintf(num, sizeof(num), "%lld", (high / REGNO_BLOCK + 1) * REGNO_BLOCK);
		if (!store_meta_set(st, key, num, e))
			return false;
	}
	return true;
}

/* "ID (NAME, office OFFICE)" of a record: who to ask about it. */
static void describe(struct store *st, const struct entity_def *ent, const uint8_t *id,
		     struct strbuf *out)
{
	struct rid r;
	memcpy(r.b, id, 16);
	char hex[RID_HEX];
	rid_to_hex(&r, hex);
	struct record rec;
	const char *name = NULL;
	bool got = store_get(st, ent, &r, &rec, NULL);
	if (got)
		name = record_get(&rec, ent->name_field);
	char *office = NULL;
	sqlite3_stmt *s = store_stmt(st, "SELECT office FROM op WHERE record = ? ORDER BY hlc LIMIT 1",
				     NULL);
	if (s) {
		sqlite3_bind_blob(s, 1, id, 16, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW)
			office = xstrdup((const char *)sqlite3_column_text(s, 0));
		sqlite3_reset(s);
	}
	strbuf_addf(out, _("%s (%s, entered at office %s)"), hex, name ? name : "?",
		    office ? office : "?");
	free(office);
	if (got)
		record_release(&rec);
}

int store_find_reg_no(struct store *st, const struct entity_def *ent, const char *reg_no,
		      struct rid *out, struct err *e)
{
	if (!has_regno(ent) || str_empty(reg_no))
		return 0;
	bool merged = entity_field_index(ent, FIELD_MERGED_INTO) >= 0;
	char *sql = xasprintf("SELECT id FROM %s WHERE reg_no = ? AND deleted = 0%s"
			      " ORDER BY rowid LIMIT 2", ent->table,
			      merged ? " AND merged_into IS NULL" : "");
	sqlite3_stmt *s = store_stmt(st, sql, e);
	free(sql);
	if (!s)
		return 0;
	sqlite3_bind_text(s, 1, reg_no, -1, SQLITE_STATIC);
	uint8_t ids[2][16];
	int n = 0;
	while (n < 2 && sqlite3_step(s) == SQLITE_ROW)
		if (sqlite3_column_bytes(s, 0) == 16)
			memcpy(ids[n++], sqlite3_column_blob(s, 0), 16);
	sqlite3_reset(s);
	if (n == 1)
		memcpy(out->b, ids[0], 16);
	if (n < 2)
		return n;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	describe(st, ent, ids[0], &a);
	describe(st, ent, ids[1], &b);
	err_set(e, 1, _("registration no. %s is held by two records: %s and %s; name the one you"
			" mean by its id"), reg_no, a.buf, b.buf);
	strbuf_release(&a);
	strbuf_release(&b);
	return -1;
}

int store_regno_collisions(struct store *st, void (*fn)(const char *msg, void *arg), void *arg,
			   struct err *e)
{
	int found = 0;
	for (size_t i = 0; entity_all[i]; i++) {
		const struct entity_def *ent = entity_all[i];
		if (!has_regno(ent))
			continue;
		bool merged = entity_field_index(ent, FIELD_MERGED_INTO) >= 0;
		char *sql = xasprintf("SELECT reg_no, count(*) FROM %s WHERE reg_no IS NOT NULL"
				      " AND deleted = 0%s GROUP BY reg_no HAVING count(*) > 1",
				      ent->table, merged ? " AND merged_into IS NULL" : "");
		sqlite3_stmt *s = store_prepare(st, sql, e);
		free(sql);
		if (!s)
			return -1;
		int rc;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			char *reg = xstrdup((const char *)sqlite3_column_text(s, 0));
			struct rid dummy;
			struct err why = { 0 };
			if (store_find_reg_no(st, ent, reg, &dummy, &why) < 0) {
				char *msg = xasprintf("%s: %s", ent->name, why.msg);
				fn(msg, arg);
				free(msg);
			}
			found++;
			free(reg);
		}
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE) {
			store_fail(st, e, "check");
			return -1;
		}
	}
	return found;
}
