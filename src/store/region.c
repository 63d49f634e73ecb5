/* region.c - the region table. */
#include "store/region.h"

#include <stdlib.h>

#include "private.h"

bool store_region_put(struct store *st, const char *code, const char *name, int level,
		      const char *parent, const char *key, struct err *e)
{
	static const char sql[] =
		"INSERT OR REPLACE INTO region(code, name, level, parent, key) VALUES (?,?,?,?,?)";
	sqlite3_stmt *s = store_stmt(st, sql, e);
	if (!s)
		return false;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, level);
	if (parent)
		sqlite3_bind_text(s, 4, parent, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, e, "region");
	return true;
}

char *store_region_name(struct store *st, const char *code)
{
	sqlite3_stmt *s = NULL;
	char *name = NULL;
	if (!code)
		return NULL;
	if ((s = store_stmt(st, "SELECT name FROM region WHERE code = ?", NULL)) != NULL) {
		sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW)
			name = xstrdup((const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_reset(s);
	return name;
}

int store_region_level(struct store *st, const char *code)
{
	sqlite3_stmt *s = NULL;
	int level = 0;
	if ((s = store_stmt(st, "SELECT level FROM region WHERE code = ?", NULL)) != NULL) {
		sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW)
			level = sqlite3_column_int(s, 0);
	}
	sqlite3_reset(s);
	return level;
}

int store_region_find(struct store *st, int level, const char *parent, const char *key,
		      char out[][REGION_CODE_MAX], int max)
{
	sqlite3_stmt *s = NULL;
	int n = 0;
	const char *sql = parent
		? "SELECT code FROM region WHERE parent = ? AND key = ? AND level = ? ORDER BY code"
		: "SELECT code FROM region WHERE ?1 IS NULL AND key = ?2 AND level = ?3 ORDER BY code";
	if ((s = store_stmt(st, sql, NULL)) == NULL)
		return 0;
	if (parent)
		sqlite3_bind_text(s, 1, parent, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, level);
	while (n < max && sqlite3_step(s) == SQLITE_ROW)
		str_copy(out[n++], (const char *)sqlite3_column_text(s, 0), REGION_CODE_MAX);
	sqlite3_reset(s);
	return n;
}

int store_region_list(struct store *st, int level, const char *parent, const char *prefix,
		      int limit, void (*fn)(const char *code, const char *name, void *arg),
		      void *arg)
{
	sqlite3_stmt *s = NULL;
	int n = 0;
	const char *sql =
		"SELECT code, name FROM region WHERE level = ?1 AND (?2 IS NULL OR parent = ?2)"
		" AND (key >= ?3 AND key < ?3 || x'ff') ORDER BY key LIMIT ?4";
	if ((s = store_stmt(st, sql, NULL)) == NULL)
		return 0;
	sqlite3_bind_int(s, 1, level);
	if (parent)
		sqlite3_bind_text(s, 2, parent, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, prefix ? prefix : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, limit);
	while (sqlite3_step(s) == SQLITE_ROW) {
		fn((const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1), arg);
		n++;
	}
	sqlite3_reset(s);
	return n;
}

int64_t store_region_count(struct store *st)
{
	sqlite3_stmt *s = NULL;
	int64_t n = 0;
	if ((s = store_stmt(st, "SELECT count(*) FROM region", NULL)) != NULL &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return n;
}
