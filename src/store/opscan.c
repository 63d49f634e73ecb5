/* opscan.c - a record's ops before a position in clock order, the ones the
 * rules did not refuse (segregation of duties reads who changed what since a
 * decision: a function of the op set, the same on every office). */
#include "store/opscan.h"

#include <stdlib.h>

#include "private.h"

bool store_ops_before(struct store *st, const char *entity, const struct rid *id,
		      const struct op *pos, void (*fn)(const struct op *op, void *arg), void *arg,
		      struct err *e)
{
	/* Not the statement cache: the fold may be using it meanwhile. */
	sqlite3_stmt *s = store_prepare(st,
		"SELECT origin, seq, hlc, office, officer, fields FROM op"
		" WHERE record = ?1 AND entity = ?2"
		" AND (hlc < ?3 OR (hlc = ?3 AND (origin < ?4 OR (origin = ?4 AND seq < ?5))))"
		" AND NOT EXISTS (SELECT 1 FROM op_refused r WHERE r.origin = op.origin"
		" AND r.seq = op.seq)"
		" ORDER BY hlc, origin, seq", e);
	if (!s)
		return false;
	sqlite3_bind_blob(s, 1, id->b, 16, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, entity, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, pos->hlc);
	sqlite3_bind_int64(s, 4, pos->origin);
	sqlite3_bind_int64(s, 5, pos->seq);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct op_field *f = NULL;
		char *buf = NULL;
		int n = op_fields_decode((const char *)sqlite3_column_text(s, 5), &f, &buf);
		if (n < 0)
			continue;
		struct op op = {
			.origin = sqlite3_column_int64(s, 0),
			.seq = sqlite3_column_int64(s, 1),
			.hlc = sqlite3_column_int64(s, 2),
			.entity = entity,
			.record = *id,
			.office = (const char *)sqlite3_column_text(s, 3),
			.officer = (const char *)sqlite3_column_text(s, 4),
			.fields = f,
			.nfields = (size_t)n,
		};
		fn(&op, arg);
		free(f);
		free(buf);
	}
	bool ok = rc == SQLITE_DONE || store_fail(st, e, "ops");
	sqlite3_finalize(s);
	return ok;
}
