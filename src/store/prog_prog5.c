/* prog_prog5.c - program queries of stimulus and prakerja (see prog_prog5.h). */
#include "private.h"

#include <stdio.h>
#include <stdlib.h>

#include "store/prog_prog5.h"

int store_find_merged(struct store *st, const struct entity_def *ent, const char *hex,
		      struct rid *out, int max)
{
	if (entity_field_index(ent, FIELD_MERGED_INTO) < 0 || str_empty(hex) || max <= 0)
		return 0;
	char *sql = xasprintf("SELECT id FROM %s WHERE merged_into = ? ORDER BY rowid LIMIT ?",
			      ent->table);
	sqlite3_stmt *s = store_stmt(st, sql, NULL);
	int n = 0;
	if (s) {
		sqlite3_bind_text(s, 1, hex, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 2, max);
		while (n < max && sqlite3_step(s) == SQLITE_ROW)
			if (sqlite3_column_bytes(s, 0) == 16)
				memcpy(out[n++].b, sqlite3_column_blob(s, 0), 16);
		sqlite3_reset(s);
	}
	free(sql);
	return n;
}
