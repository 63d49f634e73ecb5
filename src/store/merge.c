/*
 * merge.c - merge cycles. Two offices that merged A into B and B into A, each
 * before seeing the other's decision, leave both records with a merged_into:
 * lists, counts and reports (merged_into IS NULL, an index term) would show
 * neither. So the member of a cycle with the smallest id is shown as the
 * business and the others as merged into it: its merged_into column is emptied,
 * and the value the op log gives it is kept in merge_cycle with its clock.
 * Every office holding the same ops derives the same (the rule reads the op
 * set only). It is fixed up at the end of every transaction that folded a
 * merged_into (merge_fixup: the records it touched and the cycles known), and
 * `bantu check` derives it again from the log. Each cycle is listed among the
 * conflicts until a person resolves it.
 */
#include "private.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/i18n.h"
#include "store/conflict.h"

#define WALK_MAX 256 /* longer chains are not followed further */

struct mctx {
	struct store *st;
	struct fold_target *t;
	const char *side;       /* "main.merge_cycle" or check's temp copy */
	int fi;                 /* merged_into's index */
};

static bool ctx_for(struct store *st, struct fold_target *t, const char *side, struct mctx *c)
{
	c->st = st;
	c->t = t;
	c->side = side;
	c->fi = entity_field_index(t->ent, FIELD_MERGED_INTO);
	return c->fi >= 0;
}

/* A record's merged_into column and that field's clock; false when no row. */
static bool row_read(struct mctx *c, const struct rid *id, char hex[RID_HEX],
		     uint8_t clock[CLOCK_SIZE])
{
	size_t nf = c->t->ent->nfields;
	uint8_t small[64 * CLOCK_SIZE];
	uint8_t *clk = nf <= 64 ? small : xmalloc(nf * CLOCK_SIZE);
	bool found = fold_read_clocks(c->st, c->t, id, clk);
	if (found)
		memcpy(clock, clk + (size_t)c->fi * CLOCK_SIZE, CLOCK_SIZE);
	if (clk != small)
		free(clk);
	hex[0] = '\0';
	if (!found)
		return false;
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT merged_into FROM %s WHERE id = ?", c->t->table);
	sqlite3_stmt *s = store_stmt(c->st, sql, NULL);
	if (!s)
		return false;
	sqlite3_bind_blob(s, 1, id->b, 16, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) == SQLITE_TEXT)
		str_copy(hex, (const char *)sqlite3_column_text(s, 0), RID_HEX);
	sqlite3_reset(s);
	return true;
}

/* The value merge_cycle keeps for a record, when its clock is still the field's. */
static bool side_read(struct mctx *c, const struct rid *id, const uint8_t clock[CLOCK_SIZE],
		      char hex[RID_HEX])
{
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT target, clk FROM %s WHERE entity = ? AND record = ?",
		 c->side);
	sqlite3_stmt *s = store_stmt(c->st, sql, NULL);
	if (!s)
		return false;
	sqlite3_bind_text(s, 1, c->t->ent->name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, id->b, 16, SQLITE_STATIC);
	bool ok = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 1) == CLOCK_SIZE &&
		  memcmp(sqlite3_column_blob(s, 1), clock, CLOCK_SIZE) == 0;
	if (ok)
		str_copy(hex, (const char *)sqlite3_column_text(s, 0), RID_HEX);
	sqlite3_reset(s);
	return ok;
}

/* Where the op log merges a record into (its own value, not the cycle's
 * resolution); false when nowhere. */
static bool true_target(struct mctx *c, const struct rid *id, struct rid *to,
			uint8_t clock[CLOCK_SIZE])
{
	char hex[RID_HEX], kept[RID_HEX];
	if (!row_read(c, id, hex, clock))
		return false;
	if (side_read(c, id, clock, kept))
		str_copy(hex, kept, sizeof(hex));
	return *hex && rid_from_hex(hex, to);
}

static int rid_cmp(const struct rid *a, const struct rid *b)
{
	return memcmp(a->b, b->b, 16);
}

/* Follows merges from start; on a cycle, its members in order (from the
 * smallest id) into members (up to WALK_MAX) and their count; 0 when none. */
static size_t walk(struct mctx *c, const struct rid *start, struct rid *members)
{
	struct rid path[WALK_MAX];
	size_t n = 0;
	struct rid cur = *start;
	while (n < WALK_MAX) {
		for (size_t i = 0; i < n; i++) {
			if (rid_cmp(&path[i], &cur) != 0)
				continue;
			size_t len = n - i, lo = i;
			for (size_t j = i; j < n; j++)
				if (rid_cmp(&path[j], &path[lo]) < 0)
					lo = j;
			for (size_t k = 0; k < len; k++)
				members[k] = path[i + (lo - i + k) % len];
			return len;
		}
		path[n++] = cur;
		uint8_t clock[CLOCK_SIZE];
		struct rid nx;
		if (!true_target(c, &cur, &nx, clock))
			return 0;
		cur = nx;
	}
	return 0;
}

static bool set_column(struct mctx *c, const struct rid *id, const char *hex, struct err *e)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "UPDATE %s SET merged_into = ? WHERE id = ?", c->t->table);
	sqlite3_stmt *s = store_stmt(c->st, sql, e);
	if (!s)
		return false;
	if (hex)
		sqlite3_bind_text(s, 1, hex, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, id->b, 16, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE || store_fail(c->st, e, "merge");
}

static bool side_delete(struct mctx *c, const struct rid *id, struct err *e)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE entity = ? AND record = ?", c->side);
	sqlite3_stmt *s = store_stmt(c->st, sql, e);
	if (!s)
		return false;
	sqlite3_bind_text(s, 1, c->t->ent->name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, id->b, 16, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE || store_fail(c->st, e, "merge");
}

static bool in_list(const struct strbuf *ids, const struct rid *id)
{
	for (size_t off = 0; off + 16 <= ids->len; off += 16)
		if (memcmp(ids->buf + off, id->b, 16) == 0)
			return true;
	return false;
}

/* The records of the entity merge_cycle names (appended to ids). */
static bool side_records(struct mctx *c, struct strbuf *ids, struct err *e)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT record FROM %s WHERE entity = ?", c->side);
	sqlite3_stmt *s = store_stmt(c->st, sql, e);
	if (!s)
		return false;
	sqlite3_bind_text(s, 1, c->t->ent->name, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (sqlite3_column_bytes(s, 0) == 16)
			strbuf_add(ids, sqlite3_column_blob(s, 0), 16);
	sqlite3_reset(s);
	return rc == SQLITE_DONE || store_fail(c->st, e, "merge");
}

/* Derives the cycles reachable from the records in starts (16-byte ids) and
 * from the cycles known, and sets the columns and merge_cycle to match. */
static bool fix(struct mctx *c, struct strbuf *starts, struct err *e)
{
	struct strbuf known = STRBUF_INIT, keep = STRBUF_INIT;
	bool ok = side_records(c, &known, e);
	if (ok)
		strbuf_add(starts, known.buf, known.len);
	struct rid members[WALK_MAX];
	for (size_t off = 0; ok && off + 16 <= starts->len; off += 16) {
		struct rid id;
		memcpy(id.b, starts->buf + off, 16);
		if (walk(c, &id, members) > 0 && !in_list(&keep, &members[0]))
			strbuf_add(&keep, members[0].b, 16);
	}
	/* Cycles gone (a member merged elsewhere or kept): the column gets back the
	 * log's value, unless a newer op set it since. */
	for (size_t off = 0; ok && off + 16 <= known.len; off += 16) {
		struct rid id;
		memcpy(id.b, known.buf + off, 16);
		char hex[RID_HEX], kept[RID_HEX];
		uint8_t clock[CLOCK_SIZE];
		bool row = row_read(c, &id, hex, clock);
		bool valid = row && side_read(c, &id, clock, kept);
		if (valid && in_list(&keep, &id))
			continue;
		ok = (!valid || set_column(c, &id, kept, e)) && side_delete(c, &id, e);
	}
	/* New cycles: the smallest id is shown, its value kept aside. */
	for (size_t off = 0; ok && off + 16 <= keep.len; off += 16) {
		struct rid id;
		memcpy(id.b, keep.buf + off, 16);
		char hex[RID_HEX], kept[RID_HEX];
		uint8_t clock[CLOCK_SIZE];
		if (!row_read(c, &id, hex, clock) || side_read(c, &id, clock, kept) || !*hex)
			continue;
		char sql[200];
		snprintf(sql, sizeof(sql), "INSERT OR REPLACE INTO %s(entity, record, target, clk)"
			 " VALUES (?, ?, ?, ?)", c->side);
		sqlite3_stmt *s = store_stmt(c->st, sql, e);
		ok = s != NULL;
		if (ok) {
			sqlite3_bind_text(s, 1, c->t->ent->name, -1, SQLITE_STATIC);
			sqlite3_bind_blob(s, 2, id.b, 16, SQLITE_STATIC);
			sqlite3_bind_text(s, 3, hex, -1, SQLITE_STATIC);
			sqlite3_bind_blob(s, 4, clock, CLOCK_SIZE, SQLITE_STATIC);
			ok = sqlite3_step(s) == SQLITE_DONE || store_fail(c->st, e, "merge");
			sqlite3_reset(s);
		}
		ok = ok && set_column(c, &id, NULL, e);
	}
	strbuf_release(&known);
	strbuf_release(&keep);
	return ok;
}

void merge_note(struct store *st, const struct op *op)
{
	bool sets = false;
	for (size_t i = 0; i < op->nfields && !sets; i++)
		sets = str_eq(op->fields[i].name, FIELD_MERGED_INTO);
	if (!sets)
		return;
	for (uint8_t i = 0; entity_all[i]; i++)
		if (str_eq(entity_all[i]->name, op->entity)) {
			strbuf_addch(&st->merge_touched, i);
			strbuf_add(&st->merge_touched, op->record.b, 16);
			return;
		}
}

void merge_forget(struct store *st)
{
	strbuf_reset(&st->merge_touched);
}

bool merge_fixup(struct store *st, struct err *e)
{
	if (!st->merge_touched.len)
		return true;
	bool ok = true;
	for (size_t i = 0; ok && entity_all[i]; i++) {
		struct mctx c;
		if (!ctx_for(st, &st->fold[i], "main.merge_cycle", &c))
			continue;
		struct strbuf starts = STRBUF_INIT;
		bool any = false;
		for (size_t off = 0; off + 17 <= st->merge_touched.len; off += 17)
			if ((uint8_t)st->merge_touched.buf[off] == i) {
				strbuf_add(&starts, st->merge_touched.buf + off + 1, 16);
				any = true;
			}
		if (any)
			ok = fix(&c, &starts, e);
		strbuf_release(&starts);
	}
	merge_forget(st);
	return ok;
}

bool merge_fix_all(struct store *st, struct fold_target *t, const char *side, struct err *e)
{
	struct mctx c;
	if (!ctx_for(st, t, side, &c))
		return true;
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT id FROM %s WHERE merged_into IS NOT NULL", t->table);
	sqlite3_stmt *s = store_prepare(st, sql, e);
	if (!s)
		return false;
	struct strbuf starts = STRBUF_INIT;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (sqlite3_column_bytes(s, 0) == 16)
			strbuf_add(&starts, sqlite3_column_blob(s, 0), 16);
	sqlite3_finalize(s);
	bool ok = (rc == SQLITE_DONE || store_fail(st, e, "check")) && fix(&c, &starts, e);
	strbuf_release(&starts);
	return ok;
}

/* ---- the cycles as conflicts ---- */

static void clock_split(const uint8_t c[CLOCK_SIZE], int64_t *hlc, int64_t *origin)
{
	uint64_t h = 0, o = 0;
	for (int i = 0; i < 8; i++) {
		h = h << 8 | c[i];
		o = o << 8 | c[8 + i];
	}
	*hlc = (int64_t)h;
	*origin = (int64_t)o;
}

int merge_cycle_conflicts(struct store *st, const struct entity_def *ent, const struct rid *record,
			  void (*fn)(const struct conflict *c, void *arg), void *arg, struct err *e)
{
	sqlite3_stmt *s = store_prepare(st,
		"SELECT entity, record FROM merge_cycle WHERE (?1 IS NULL OR entity = ?1)"
		" ORDER BY entity, record", e);
	if (!s)
		return -1;
	if (ent)
		sqlite3_bind_text(s, 1, ent->name, -1, SQLITE_STATIC);
	int count = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const struct entity_def *re = entity_find((const char *)sqlite3_column_text(s, 0));
		struct fold_target *t = re ? fold_for(st, re->name) : NULL;
		struct mctx c;
		if (!t || sqlite3_column_bytes(s, 1) != 16 || !ctx_for(st, t, "main.merge_cycle", &c))
			continue;
		struct rid id, members[WALK_MAX];
		memcpy(id.b, sqlite3_column_blob(s, 1), 16);
		size_t n = walk(&c, &id, members);
		bool mine = !record;
		for (size_t k = 0; k < n && !mine; k++)
			mine = rid_cmp(&members[k], record) == 0;
		if (!n || !mine)
			continue;
		count++;
		if (!fn)
			continue;
		/* Side k: the merge into member k (by its predecessor's op); choosing
		 * it keeps member k. The first, kept now, shows as empty. */
		struct conflict_side *sides = xcalloc(n, sizeof(*sides));
		char (*hex)[RID_HEX] = xcalloc(n, RID_HEX);
		char **office = xcalloc(n, sizeof(char *)), **officer = xcalloc(n, sizeof(char *));
		for (size_t k = 0; k < n; k++) {
			const struct rid *pred = &members[(k + n - 1) % n];
			struct rid to;
			uint8_t clock[CLOCK_SIZE];
			true_target(&c, pred, &to, clock);
			clock_split(clock, &sides[k].hlc, &sides[k].origin);
			rid_to_hex(&members[k], hex[k]);
			sides[k].value = k ? hex[k] : NULL;
			sqlite3_stmt *o = store_stmt(st, "SELECT office, officer FROM op WHERE record = ?"
						     " AND hlc = ? AND origin = ?", NULL);
			if (o) {
				sqlite3_bind_blob(o, 1, pred->b, 16, SQLITE_STATIC);
				sqlite3_bind_int64(o, 2, sides[k].hlc);
				sqlite3_bind_int64(o, 3, sides[k].origin);
				if (sqlite3_step(o) == SQLITE_ROW) {
					office[k] = xstrdup((const char *)sqlite3_column_text(o, 0));
					officer[k] = xstrdup((const char *)sqlite3_column_text(o, 1));
				}
				sqlite3_reset(o);
			}
			sides[k].office = office[k] ? office[k] : "";
			sides[k].officer = officer[k] ? officer[k] : "";
		}
		struct conflict cf = { re, id, FIELD_MERGED_INTO, sides, n, true };
		fn(&cf, arg);
		for (size_t k = 0; k < n; k++) {
			free(office[k]);
			free(officer[k]);
		}
		free(office);
		free(officer);
		free(hex);
		free(sides);
	}
	sqlite3_finalize(s);
	return count;
}

int merge_cycle_resolve(struct store *st, const struct entity_def *ent, const struct rid *record,
			const char *value, const char *officer, struct err *e)
{
	struct fold_target *t = fold_for(st, ent->name);
	struct mctx c;
	struct rid members[WALK_MAX];
	if (!t || !ctx_for(st, t, "main.merge_cycle", &c))
		return -1;
	size_t n = walk(&c, record, members);
	if (!n)
		return -1;
	/* The member to keep: the one shown now when value is empty, else the one
	 * value names (its id or registration number). */
	struct rid keep = members[0];
	bool found = str_empty(value);
	if (!found && strlen(value) == 32 && rid_from_hex(value, &keep))
		found = true;
	if (!found && entity_field_index(ent, FIELD_REG_NO) >= 0) {
		char sql[160];
		snprintf(sql, sizeof(sql), "SELECT id FROM %s WHERE reg_no = ?", t->table);
		sqlite3_stmt *s = store_stmt(st, sql, e);
		if (!s)
			return 0;
		sqlite3_bind_text(s, 1, value, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 16) {
			memcpy(keep.b, sqlite3_column_blob(s, 0), 16);
			found = true;
		}
		sqlite3_reset(s);
	}
	bool member = false;
	for (size_t k = 0; k < n && found && !member; k++)
		member = rid_cmp(&members[k], &keep) == 0;
	if (!member) {
		err_set(e, 1, _("'%s' is not one of the records merged into each other here;"
				" give one of them (empty: keep the one shown)"), value ? value : "");
		return 0;
	}
	struct rid to;
	uint8_t clock[CLOCK_SIZE];
	char old[RID_HEX] = "";
	if (true_target(&c, &keep, &to, clock))
		rid_to_hex(&to, old);
	struct op_field f;
	memset(&f, 0, sizeof(f));
	f.name = FIELD_MERGED_INTO;
	f.old = *old ? old : NULL;
	memcpy(f.base, clock, CLOCK_SIZE);
	if (!store_begin(st, e))
		return 0;
	if (!store_local_op(st, ent, &keep, &f, 1, officer, e)) {
		store_rollback(st);
		return 0;
	}
	return store_commit(st, e) ? 1 : 0;
}
