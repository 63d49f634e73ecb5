/* prog4.c - queries of programs 1, 2 and 5 (see prog4.h). Bound parameters only;
 * field names are the entity's own, checked before they reach the SQL. */
#include "store/prog4.h"

#include <stdlib.h>

#include "store/private.h"

static const char *cmp_sql(const char *cmp)
{
	static const char *const ok[] = { "=", "<>", "<", "<=", ">", ">=" };
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		if (str_eq(cmp, ok[i]))
			return ok[i];
	return NULL;
}

bool store_distinct_pairs(struct store *st, const struct entity_def *ent, const char *group,
			  const char *value, const struct agg_where *where, size_t nwhere,
			  bool (*fn)(const char *group, const char *value, void *arg), void *arg,
			  struct err *e)
{
	if (entity_field_index(ent, group) < 0 || entity_field_index(ent, value) < 0)
		return err_set(e, 1, "distinct: no field %s.%s or %s", ent->name, group, value);
	struct strbuf sql = STRBUF_INIT;
	strbuf_addf(&sql, "SELECT DISTINCT %s, %s FROM %s WHERE deleted = 0 AND merged_into IS NULL"
		    " AND %s IS NOT NULL", group, value, ent->table, value);
	for (size_t i = 0; i < nwhere; i++) {
		const char *cmp = cmp_sql(where[i].cmp);
		if (!cmp || entity_field_index(ent, where[i].field) < 0) {
			strbuf_release(&sql);
			return err_set(e, 1, "distinct: bad condition on %s.%s", ent->name,
				       where[i].field);
		}
		strbuf_addf(&sql, " AND %s %s ?", where[i].field, cmp);
	}
	strbuf_addf(&sql, " ORDER BY %s, %s", group, value);
	sqlite3_stmt *s = store_prepare(st, sql.buf, e);
	strbuf_release(&sql);
	if (!s)
		return false;
	for (size_t i = 0; i < nwhere; i++) {
		int fi = entity_field_index(ent, where[i].field);
		if (ent->fields[fi].type == FT_INT)
			sqlite3_bind_int64(s, (int)i + 1, strtoll(where[i].value, NULL, 10));
		else
			sqlite3_bind_text(s, (int)i + 1, where[i].value, -1, SQLITE_TRANSIENT);
	}
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (!fn((const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
			arg)) {
			rc = SQLITE_DONE;
			break;
		}
	bool ok = rc == SQLITE_DONE || store_fail(st, e, "distinct");
	sqlite3_finalize(s);
	return ok;
}
