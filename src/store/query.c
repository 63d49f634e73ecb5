/* query.c - lists with keyset paging and search, lookups, iteration. */
#include "private.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/i18n.h"

void list_cursor_release(struct list_cursor *c)
{
	free(c->key);
	c->key = NULL;
	c->valid = false;
}

void list_cursor_copy(struct list_cursor *dst, const struct list_cursor *src)
{
	dst->valid = src->valid;
	dst->rowid = src->rowid;
	dst->key = xstrdup(src->key);
}

void list_row_release(struct list_row *row, size_t ncols)
{
	if (row->values) {
		for (size_t i = 0; i < ncols; i++)
			free(row->values[i]);
		free(row->values);
		row->values = NULL;
	}
	list_cursor_release(&row->cursor);
}

/*
 * Turns what a clerk typed into an FTS5 query: every word a quoted prefix term,
 * all required. Digits joined by '-' or '.' stay one word ("0812-345" -> 0812345).
 * Returns NULL when nothing searchable was typed.
 */
static char *fts_query(const char *text)
{
	struct strbuf q = STRBUF_INIT, word = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)text;
	for (;; p++) {
		unsigned char c = *p;
		bool keep = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			    (c >= 'A' && c <= 'Z');
		bool joiner = (c == '-' || c == '.') && p > (const unsigned char *)text &&
			      p[-1] >= '0' && p[-1] <= '9' && p[1] >= '0' && p[1] <= '9';
		if (keep) {
			strbuf_addch(&word, c);
			continue;
		}
		if (joiner)
			continue;
		if (word.len) {
			strbuf_addf(&q, "%s\"%s\"*", q.len ? " " : "", word.buf);
			strbuf_reset(&word);
		}
		if (!c)
			break;
	}
	strbuf_release(&word);
	if (!q.len) {
		strbuf_release(&q);
		return NULL;
	}
	return strbuf_detach(&q);
}

static bool column_ok(const struct entity_def *ent, const char *name)
{
	return entity_field_index(ent, name) >= 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * A registration number, or the start of one, as printed on the forms
 * ("18.71-U-000123", "18-K-00"): the office's code, a dash, the entity's
 * letter. Such a query finds the records whose number starts so, through the
 * reg_no index (the search index splits the number into words at its
 * punctuation). Returns the prefix with the letter in upper case, or NULL when
 * text is not one or the entity has no reg_no.
 */
static char *regno_prefix(const struct entity_def *ent, const char *text)
{
	if (!column_ok(ent, "reg_no"))
		return NULL;
	while (*text == ' ')
		text++;
	size_t n = strlen(text);
	while (n && text[n - 1] == ' ')
		n--;
	char *p = xstrndup(text, n);
	size_t i = 0;
	bool ok = is_digit(p[0]) && is_digit(p[1]);
	i = 2;
	while (ok && p[i] == '.') /* 18.71, and deeper codes should offices ever have them */
		ok = is_digit(p[i + 1]) && is_digit(p[i + 2]), i += 3;
	ok = ok && p[i] == '-' && ((p[i + 1] >= 'A' && p[i + 1] <= 'Z') ||
				   (p[i + 1] >= 'a' && p[i + 1] <= 'z'));
	if (ok) {
		if (p[i + 1] >= 'a')
			p[i + 1] = (char)(p[i + 1] - 'a' + 'A');
		i += 2;
		if (p[i] == '-')
			for (i++; is_digit(p[i]); i++)
				;
		ok = p[i] == '\0';
	}
	if (!ok) {
		free(p);
		return NULL;
	}
	return p;
}

/*
 * A registration number without its office's code, as a clerk may read it off
 * a letter ("U-000123", "u-0001"): the letter, a dash and at least three digits
 * (fewer would match most of the registry). Returns "-U-000123" (letter upper
 * case), or NULL.
 */
static char *regno_tail(const struct entity_def *ent, const char *text)
{
	if (!column_ok(ent, "reg_no"))
		return NULL;
	while (*text == ' ')
		text++;
	size_t n = strlen(text);
	while (n && text[n - 1] == ' ')
		n--;
	if (n < 5 || text[1] != '-' || !((text[0] >= 'A' && text[0] <= 'Z') ||
					 (text[0] >= 'a' && text[0] <= 'z')))
		return NULL;
	for (size_t i = 2; i < n; i++)
		if (!is_digit(text[i]))
			return NULL;
	char *tail = xasprintf("-%.*s", (int)n, text);
	if (tail[1] >= 'a')
		tail[1] = (char)(tail[1] - 'a' + 'A');
	return tail;
}

/*
 * The tail of a registration number as a clerk reads it off a letter: its serial
 * alone, "1688" or "001688" for 18-U-001688 (up to six digits; one starting
 * with 0 only in full, so a phone's "0812" stays a phone). Returns
 * "-U-001688", or NULL.
 */
static char *regno_serial(const struct entity_def *ent, const char *text)
{
	if (!column_ok(ent, "reg_no") || !ent->reg_prefix)
		return NULL;
	while (*text == ' ')
		text++;
	size_t n = strlen(text);
	while (n && text[n - 1] == ' ')
		n--;
	if (n == 0 || n > 6 || (text[0] == '0' && n != 6))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(text[i]))
			return NULL;
	return xasprintf("-%c-%.*s%.*s", ent->reg_prefix, (int)(6 - n), "000000", (int)n, text);
}

/* How a list finds what was typed: through the search index (match) or ranges
 * of registration numbers ([reg[2i], reg[2i+1])); neither when nothing was
 * typed. */
struct finder {
	char *match;
	char **reg;
	size_t nreg; /* ranges */
};

static void finder_add_range(struct finder *f, char *from)
{
	f->reg = xrealloc(f->reg, (f->nreg + 1) * 2 * sizeof(char *));
	f->reg[2 * f->nreg] = from;
	/* Every character of a number sorts below DEL (binary collation). */
	f->reg[2 * f->nreg + 1] = xasprintf("%s\x7f", from);
	f->nreg++;
}

/* A number without its office: a range for each office whose numbers the
 * table holds, found by skipping through the reg_no index from one office's
 * numbers to the next (a few seeks, however many records). */
static void finder_offices(struct finder *f, struct store *st, const struct entity_def *ent,
			   const char *tail)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT reg_no FROM %s WHERE reg_no > ? ORDER BY reg_no LIMIT 1",
		 ent->table);
	sqlite3_stmt *s = store_stmt(st, sql, NULL);
	char *after = xstrdup("");
	while (s) {
		sqlite3_bind_text(s, 1, after, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(s) != SQLITE_ROW)
			break;
		const char *reg = (const char *)sqlite3_column_text(s, 0);
		const char *dash = reg ? strchr(reg, '-') : NULL;
		free(after);
		if (!dash) { /* not a number of ours: past it */
			after = xstrdup(reg ? reg : "");
			sqlite3_reset(s);
			continue;
		}
		finder_add_range(f, xasprintf("%.*s%s", (int)(dash - reg), reg, tail));
		after = xasprintf("%.*s-\x7f", (int)(dash - reg), reg); /* the next office */
		sqlite3_reset(s);
	}
	if (s)
		sqlite3_reset(s);
	free(after);
}

/* Whether any record has a number in the finder's ranges (a seek each). */
static bool finder_any(const struct finder *f, struct store *st, const struct entity_def *ent)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT 1 FROM %s WHERE reg_no >= ? AND reg_no < ? LIMIT 1",
		 ent->table);
	sqlite3_stmt *s = store_stmt(st, sql, NULL);
	bool any = false;
	for (size_t i = 0; s && !any && i < f->nreg; i++) {
		sqlite3_bind_text(s, 1, f->reg[2 * i], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, f->reg[2 * i + 1], -1, SQLITE_STATIC);
		any = sqlite3_step(s) == SQLITE_ROW;
		sqlite3_reset(s);
	}
	return any;
}

static void finder_init(struct finder *f, struct store *st, const struct list_query *q)
{
	memset(f, 0, sizeof(*f));
	if (str_empty(q->search))
		return;
	char *reg = regno_prefix(q->ent, q->search);
	char *tail = reg ? NULL : regno_tail(q->ent, q->search);
	bool number = reg || tail;
	if (reg)
		finder_add_range(f, reg);
	else if (tail)
		finder_offices(f, st, q->ent, tail);
	free(tail);
	/* A serial alone: its records when there are any, else what the search
	 * index finds (the start of a NIK or phone). */
	char *serial = number ? NULL : regno_serial(q->ent, q->search);
	if (serial) {
		finder_offices(f, st, q->ent, serial);
		if (!finder_any(f, st, q->ent)) {
			for (size_t i = 0; i < 2 * f->nreg; i++)
				free(f->reg[i]);
			free(f->reg);
			f->reg = NULL;
			f->nreg = 0;
		}
		free(serial);
	}
	if (!f->nreg)
		f->match = fts_query(q->search);
}

static void finder_release(struct finder *f)
{
	free(f->match);
	for (size_t i = 0; i < 2 * f->nreg; i++)
		free(f->reg[i]);
	free(f->reg);
}

/* Whether a registry's live date index holds field (migration 10). */
static bool report_field(const struct entity_def *ent, const char *field)
{
	if (str_eq(field, "tanggal_pendataan") || str_eq(field, "kabupaten_kota"))
		return true;
	for (size_t i = 0; ent->report_fields && ent->report_fields[i]; i++)
		if (str_eq(field, ent->report_fields[i]))
			return true;
	return false;
}

static const char *agg_cmp(const char *cmp)
{
	static const char *const ok[] = { "=", "<>", "<", "<=", ">", ">=" };
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		if (str_eq(cmp, ok[i]))
			return ok[i];
	if (str_eq(cmp, "null"))
		return " IS NULL";
	if (str_eq(cmp, "notnull"))
		return " IS NOT NULL";
	if (str_eq(cmp, "has"))
		return "has";
	return NULL;
}

/* One condition of an aggregate or a list (field cmp value): its SQL, on table t
 * (or unqualified: t NULL); false for an unknown comparison or field. */
static bool where_sql(const struct entity_def *ent, const char *t, const struct agg_where *w,
		      struct strbuf *sql)
{
	const char *cmp = agg_cmp(w->cmp);
	if (!cmp || entity_field_index(ent, w->field) < 0)
		return false;
	const char *dot = t ? "." : "";
	t = t ? t : "";
	if (str_eq(cmp, "has")) /* one of the values of a list "a;b;c" */
		strbuf_addf(sql, " AND ';' || %s%s%s || ';' LIKE '%%;' || ? || ';%%'", t, dot,
			    w->field);
	else
		strbuf_addf(sql, " AND %s%s%s%s%s", t, dot, w->field, cmp, cmp[0] == ' ' ? "" : " ?");
	return true;
}

/* Binds a condition's value (none for IS NULL / IS NOT NULL) at *b. */
static void where_bind(const struct entity_def *ent, sqlite3_stmt *s, int *b,
		       const struct agg_where *w)
{
	const char *cmp = agg_cmp(w->cmp);
	int fi = entity_field_index(ent, w->field);
	if (!cmp || fi < 0 || cmp[0] == ' ')
		return;
	if (ent->fields[fi].type == FT_INT)
		sqlite3_bind_int64(s, (*b)++, strtoll(w->value, NULL, 10));
	else
		sqlite3_bind_text(s, (*b)++, w->value, -1, SQLITE_TRANSIENT);
}

/* Builds the WHERE conditions shared by pages and counts; binds in order:
 * [match | reg ranges] [kab] [kec] [status] [from] [to] [where...]. The deleted flag is
 * written in the SQL, not bound: the planner then knows the term exactly (the
 * list indexes of store.c's list_indexes_sql, and the partial indexes of live
 * records, let a count read no table rows). */
static void list_where(const struct list_query *q, const struct finder *f, struct strbuf *sql)
{
	const char *t = q->ent->table;
	/* A range of numbers goes through the reg_no index: a unary + keeps the
	 * other terms out of the planner's choice (without statistics, the
	 * equalities of the list indexes looked narrower than any range). */
	const char *u = f->nreg ? "+" : "";
	if (f->match) {
		strbuf_addf(sql, " WHERE %s_fts MATCH ? AND %s.deleted = %d", t, t, q->deleted ? 1 : 0);
	} else if (f->nreg) {
		strbuf_adds(sql, " WHERE (");
		for (size_t i = 0; i < f->nreg; i++)
			strbuf_addf(sql, "%s%s.reg_no >= ? AND %s.reg_no < ?", i ? " OR " : "", t, t);
		strbuf_addf(sql, ") AND +%s.deleted = %d", t, q->deleted ? 1 : 0);
	} else
		strbuf_addf(sql, " WHERE %s.deleted = %d", t, q->deleted ? 1 : 0);
	/* A record merged into another is counted once: as the one it survives in. */
	if (!q->deleted)
		strbuf_addf(sql, " AND %s%s.merged_into IS NULL", u, t);
	if (q->kabupaten)
		strbuf_addf(sql, " AND %s%s.kabupaten_kota = ?", u, t);
	if (q->kecamatan)
		strbuf_addf(sql, " AND %s%s.kecamatan = ?", u, t);
	if (q->status && q->status_field && column_ok(q->ent, q->status_field))
		strbuf_addf(sql, " AND %s%s.%s = ?", u, t, q->status_field);
	if (q->date_field && column_ok(q->ent, q->date_field)) {
		if (q->from)
			strbuf_addf(sql, " AND %s%s.%s >= ?", u, t, q->date_field);
		if (q->to)
			strbuf_addf(sql, " AND %s%s.%s <= ?", u, t, q->date_field);
	}
	for (size_t i = 0; i < q->nwhere; i++)
		where_sql(q->ent, t, &q->where[i], sql); /* a bad one is left out, and unbound */
}

static int list_bind(const struct list_query *q, sqlite3_stmt *s, const struct finder *f)
{
	int i = 1;
	if (f->match)
		sqlite3_bind_text(s, i++, f->match, -1, SQLITE_STATIC);
	for (size_t k = 0; k < 2 * f->nreg; k++)
		sqlite3_bind_text(s, i++, f->reg[k], -1, SQLITE_STATIC);
	if (q->kabupaten)
		sqlite3_bind_text(s, i++, q->kabupaten, -1, SQLITE_STATIC);
	if (q->kecamatan)
		sqlite3_bind_text(s, i++, q->kecamatan, -1, SQLITE_STATIC);
	if (q->status && q->status_field && column_ok(q->ent, q->status_field))
		sqlite3_bind_text(s, i++, q->status, -1, SQLITE_STATIC);
	if (q->date_field && column_ok(q->ent, q->date_field)) {
		if (q->from)
			sqlite3_bind_text(s, i++, q->from, -1, SQLITE_STATIC);
		if (q->to)
			sqlite3_bind_text(s, i++, q->to, -1, SQLITE_STATIC);
	}
	for (size_t k = 0; k < q->nwhere; k++)
		where_bind(q->ent, s, &i, &q->where[k]);
	return i;
}

int store_list_page(struct store *st, const struct list_query *q,
		    const struct list_cursor *from, bool backward, size_t limit,
		    struct list_row *rows, struct err *e)
{
	const struct entity_def *ent = q->ent;
	const char *t = ent->table;
	const char *name = ent->name_field;
	size_t ncols = 0;
	while (q->columns && q->columns[ncols]) {
		if (!column_ok(ent, q->columns[ncols]))
			return err_set(e, 1, "unknown column %s", q->columns[ncols]) ? 0 : -1;
		ncols++;
	}
	struct finder f;
	finder_init(&f, st, q);
	bool search = f.match != NULL;
	if (search && st->nfts && !store_fts_flush(st, e)) {
		finder_release(&f);
		return -1;
	}
	/* Pages go in name order, or in number order for a registration number. */
	const char *key = f.nreg ? "reg_no" : name;
	const char *coll = f.nreg ? "" : " COLLATE NOCASE";
	struct strbuf sql = STRBUF_INIT;
	strbuf_addf(&sql, "SELECT %s.id, %s.rowid, %s.%s", t, t, t, key);
	for (size_t i = 0; i < ncols; i++)
		strbuf_addf(&sql, ", %s.%s", t, q->columns[i]);
	if (search)
		/* CROSS JOIN keeps the search index outermost: otherwise the planner may
		 * walk the name index and probe the search index once per row. */
		strbuf_addf(&sql, " FROM %s_fts CROSS JOIN %s ON %s.rowid = %s_fts.rowid", t, t, t, t);
	else
		strbuf_addf(&sql, " FROM %s", t);
	list_where(q, &f, &sql);
	bool after = from && from->valid;
	const char *cmp = backward ? "<" : ">";
	const char *dir = backward ? "DESC" : "ASC";
	if (search) {
		if (after)
			strbuf_addf(&sql, " AND %s_fts.rowid %s ?", t, cmp);
		strbuf_addf(&sql, " ORDER BY %s_fts.rowid %s LIMIT ?", t, dir);
	} else {
		if (after)
			/* Written so the planner seeks into the name index; a row-value
			 * comparison made it scan from the start. */
			strbuf_addf(&sql, " AND %s.%s %s= ?%s AND (%s.%s %s ?%s OR %s.rowid %s ?)", t, key,
				    cmp, coll, t, key, cmp, coll, t, cmp);
		strbuf_addf(&sql, " ORDER BY %s.%s%s %s, %s.rowid %s LIMIT ?", t, key, coll, dir, t,
			    dir);
	}
	sqlite3_stmt *s = NULL;
	s = store_stmt(st, sql.buf, NULL);
	strbuf_release(&sql);
	int rc = SQLITE_DONE;
	if (!s) {
		finder_release(&f);
		store_fail(st, e, "list");
		return -1;
	}
	int i = list_bind(q, s, &f);
	if (after) {
		if (!search) {
			sqlite3_bind_text(s, i++, from->key ? from->key : "", -1, SQLITE_STATIC);
			sqlite3_bind_text(s, i++, from->key ? from->key : "", -1, SQLITE_STATIC);
		}
		sqlite3_bind_int64(s, i++, from->rowid);
	}
	sqlite3_bind_int64(s, i, (sqlite3_int64)limit);
	size_t n = 0;
	while (n < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct list_row *r = &rows[n++];
		memset(r, 0, sizeof(*r));
		if (sqlite3_column_bytes(s, 0) == 16)
			memcpy(r->id.b, sqlite3_column_blob(s, 0), 16);
		r->cursor.valid = true;
		r->cursor.rowid = sqlite3_column_int64(s, 1);
		r->cursor.key = search ? NULL : xstrdup((const char *)sqlite3_column_text(s, 2));
		r->values = xcalloc(ncols ? ncols : 1, sizeof(char *));
		for (size_t c = 0; c < ncols; c++)
			if (sqlite3_column_type(s, (int)c + 3) != SQLITE_NULL)
				r->values[c] = xstrdup((const char *)sqlite3_column_text(s, (int)c + 3));
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		for (size_t k = 0; k < n; k++)
			list_row_release(&rows[k], ncols);
		sqlite3_reset(s);
		finder_release(&f);
		store_fail(st, e, "list");
		return -1;
	}
	sqlite3_reset(s);
	finder_release(&f);
	if (backward) {
		for (size_t a = 0, b = n ? n - 1 : 0; a < b; a++, b--) {
			struct list_row tmp = rows[a];
			rows[a] = rows[b];
			rows[b] = tmp;
		}
	}
	return (int)n;
}

int64_t store_list_count(struct store *st, const struct list_query *q, int64_t cap)
{
	const char *t = q->ent->table;
	struct finder f;
	finder_init(&f, st, q);
	if (f.match && st->nfts)
		store_fts_flush(st, NULL);
	struct strbuf sql = STRBUF_INIT;
	strbuf_adds(&sql, "SELECT count(*) FROM (SELECT 1");
	if (f.match)
		/* CROSS JOIN keeps the search index outermost: otherwise the planner may
		 * walk the name index and probe the search index once per row. */
		strbuf_addf(&sql, " FROM %s_fts CROSS JOIN %s ON %s.rowid = %s_fts.rowid", t, t, t, t);
	else
		strbuf_addf(&sql, " FROM %s", t);
	/* A period of the registry's date (F6, or a report's row) with no other
	 * condition but a kabupaten/kota: the live indexes hold exactly the live
	 * records by date (and by kabupaten/kota and date), so the count reads them
	 * alone. Without statistics the planner would walk the name index and read
	 * a row for each (a day's records at a million: half a second). */
	bool period = q->date_field && str_eq(q->date_field, "tanggal_pendataan") &&
		      (q->from || q->to);
	if (!f.match && !f.nreg && period && q->ent->registry && !q->deleted && !q->kecamatan &&
	    !(q->status && q->status_field) && q->nwhere == 0)
		strbuf_addf(&sql, " INDEXED BY %s_%s", t, q->kabupaten ? "live" : "live_date");
	list_where(q, &f, &sql);
	strbuf_adds(&sql, " LIMIT ?)");
	sqlite3_stmt *s = NULL;
	int64_t n = -1;
	if ((s = store_stmt(st, sql.buf, NULL)) != NULL) {
		int i = list_bind(q, s, &f);
		sqlite3_bind_int64(s, i, cap);
		if (sqlite3_step(s) == SQLITE_ROW)
			n = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	strbuf_release(&sql);
	finder_release(&f);
	return n;
}

int store_find_by_field(struct store *st, const struct entity_def *ent, const char *field,
			const char *value, const struct rid *except, struct rid *out, int max)
{
	if (!column_ok(ent, field) || str_empty(value))
		return 0;
	/* Looking up by merged_into asks for merged records themselves. */
	char *sql = xasprintf("SELECT id FROM %s WHERE %s = ? AND deleted = 0"
			      "%s AND id IS NOT ?"
			      " ORDER BY rowid LIMIT ?", ent->table, field,
			      str_eq(field, FIELD_MERGED_INTO) ? "" : " AND merged_into IS NULL");
	sqlite3_stmt *s = NULL;
	int n = 0;
	if ((s = store_stmt(st, sql, NULL)) != NULL) {
		sqlite3_bind_text(s, 1, value, -1, SQLITE_STATIC);
		if (except && !rid_is_zero(except))
			sqlite3_bind_blob(s, 2, except->b, 16, SQLITE_STATIC);
		else
			sqlite3_bind_null(s, 2);
		sqlite3_bind_int(s, 3, max);
		while (n < max && sqlite3_step(s) == SQLITE_ROW)
			if (sqlite3_column_bytes(s, 0) == 16)
				memcpy(out[n++].b, sqlite3_column_blob(s, 0), 16);
	}
	sqlite3_reset(s);
	free(sql);
	return n;
}

bool store_find_match(struct store *st, const struct entity_def *ent, const char *key_field,
		      const char *key, const char *name, struct rid *out)
{
	if (!column_ok(ent, key_field))
		return false;
	/* No ORDER BY (a sort per imported row): of the first few matches, an active
	 * record wins over a deleted one. */
	char *sql;
	if (str_empty(key))
		sql = xasprintf("SELECT id, deleted FROM %s WHERE %s IS NULL AND %s = ? COLLATE NOCASE"
				" LIMIT 4", ent->table, key_field, ent->name_field);
	else
		sql = xasprintf("SELECT id, deleted FROM %s WHERE %s = ? AND %s = ? COLLATE NOCASE"
				" LIMIT 4", ent->table, key_field, ent->name_field);
	sqlite3_stmt *s = NULL;
	bool found = false, active = false;
	if ((s = store_stmt(st, sql, NULL)) != NULL) {
		int i = 1;
		if (!str_empty(key))
			sqlite3_bind_text(s, i++, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, i, name ? name : "", -1, SQLITE_STATIC);
		while (!active && sqlite3_step(s) == SQLITE_ROW) {
			if (sqlite3_column_bytes(s, 0) != 16 || (found && sqlite3_column_int(s, 1)))
				continue;
			memcpy(out->b, sqlite3_column_blob(s, 0), 16);
			found = true;
			active = sqlite3_column_int(s, 1) == 0;
		}
	}
	sqlite3_reset(s);
	free(sql);
	return found;
}

int64_t store_count(struct store *st, const struct entity_def *ent)
{
	char *sql = xasprintf("SELECT count(*) FROM %s WHERE deleted = 0%s", ent->table,
			      entity_field_index(ent, FIELD_MERGED_INTO) >= 0 ? " AND merged_into IS NULL" : "");
	sqlite3_stmt *s = NULL;
	int64_t n = -1;
	if ((s = store_stmt(st, sql, NULL)) != NULL && sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	free(sql);
	return n;
}

bool store_each(struct store *st, const struct entity_def *ent, bool include_deleted,
		bool (*fn)(const struct record *rec, void *arg), void *arg, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	strbuf_adds(&sql, "SELECT id, ");
	entity_columns(ent, &sql, NULL);
	strbuf_addf(&sql, " FROM %s%s ORDER BY id", ent->table,
		    include_deleted ? "" : entity_field_index(ent, FIELD_MERGED_INTO) >= 0
		    ? " WHERE deleted = 0 AND merged_into IS NULL" : " WHERE deleted = 0");
	sqlite3_stmt *s = store_prepare(st, sql.buf, e);
	strbuf_release(&sql);
	if (!s)
		return false;
	struct record rec;
	record_init(&rec, ent);
	int rc;
	bool go = true;
	while (go && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(s, 0) == 16)
			memcpy(rec.id.b, sqlite3_column_blob(s, 0), 16);
		for (size_t i = 0; i < ent->nfields; i++) {
			const char *v = sqlite3_column_type(s, (int)i + 1) == SQLITE_NULL
				? NULL : (const char *)sqlite3_column_text(s, (int)i + 1);
			if (str_eq(ent->fields[i].name, FIELD_DELETED) && str_eq(v, "0"))
				v = NULL;
			record_set_i(&rec, (int)i, v);
		}
		go = fn(&rec, arg);
	}
	record_release(&rec);
	bool ok = !go || rc == SQLITE_DONE;
	if (!ok)
		store_fail(st, e, "read");
	sqlite3_finalize(s);
	return ok;
}

bool store_same_value_pairs(struct store *st, const struct entity_def *ent, const char *field,
			    bool (*fn)(const struct rid *a, const struct rid *b, void *arg),
			    void *arg, struct err *e)
{
	if (!column_ok(ent, field))
		return err_set(e, 1, "unknown field %s", field);
	char *sql = xasprintf("SELECT a.id, b.id FROM %s a JOIN %s b ON b.%s = a.%s AND b.rowid > a.rowid"
			      " WHERE a.%s IS NOT NULL AND a.deleted = 0 AND b.deleted = 0"
			      " AND a.merged_into IS NULL AND b.merged_into IS NULL"
			      " ORDER BY a.rowid, b.rowid", ent->table, ent->table, field, field, field);
	sqlite3_stmt *s = store_prepare(st, sql, e);
	free(sql);
	if (!s)
		return false;
	int rc;
	bool go = true;
	while (go && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct rid a, b;
		if (sqlite3_column_bytes(s, 0) != 16 || sqlite3_column_bytes(s, 1) != 16)
			continue;
		memcpy(a.b, sqlite3_column_blob(s, 0), 16);
		memcpy(b.b, sqlite3_column_blob(s, 1), 16);
		go = fn(&a, &b, arg);
	}
	bool ok = !go || rc == SQLITE_DONE || store_fail(st, e, "duplicates");
	sqlite3_finalize(s);
	return ok;
}


bool store_aggregate_by(struct store *st, const struct agg_query *q,
			const char *const *groups,
			bool (*fn)(const char *const *values, int64_t count, const int64_t *sums,
				   void *arg),
			void *arg, struct err *e)
{
	const struct entity_def *ent = q->ent;
	size_t nsums = 0, ngroups = 0;
	while (q->sums && q->sums[nsums])
		nsums++;
	while (groups && groups[ngroups])
		ngroups++;
	struct strbuf sql = STRBUF_INIT, by = STRBUF_INIT;
	bool ok = true;
	/* Names come from the program's code, never from input: checked anyway. */
	strbuf_adds(&sql, "SELECT ");
	for (size_t i = 0; i < ngroups; i++) {
		if (entity_field_index(ent, groups[i]) < 0)
			ok = err_set(e, 1, "aggregate: no field %s.%s", ent->name, groups[i]);
		strbuf_addf(&by, "%s%s", i ? ", " : "", groups[i]);
	}
	strbuf_addf(&sql, "%s%scount(*)", by.buf ? by.buf : "", ngroups ? ", " : "");
	for (size_t i = 0; ok && i < nsums; i++) {
		if (entity_field_index(ent, q->sums[i]) < 0)
			ok = err_set(e, 1, "aggregate: no field %s.%s", ent->name, q->sums[i]);
		strbuf_addf(&sql, ", coalesce(sum(%s), 0)", q->sums[i]);
	}
	strbuf_addf(&sql, " FROM %s", ent->table);
	if (ent->registry) {
		/* The registry's live indexes (migrations 4 and 10) hold exactly the
		 * records that count: by kabupaten/kota (with the date: a count per
		 * kabupaten/kota never reads a row), and by date with the fields
		 * reports group and sum by (a report reads that index alone; any
		 * other field, and a period reads only its rows). Without them,
		 * every row is read anyway, and in table order that is a
		 * sequential scan, not a million seeks. Without statistics the
		 * planner would take the name index. */
		bool index_only = !q->sums &&
			(ngroups == 0 || (ngroups == 1 && str_eq(groups[0], "kabupaten_kota")));
		bool period = false, covered = true, kab = ngroups == 1, from = false, to = false;
		for (size_t i = 0; i < q->nwhere; i++) {
			bool date = str_eq(q->where[i].field, "tanggal_pendataan");
			period |= date && !str_eq(q->where[i].cmp, "notnull");
			from |= date && str_eq(q->where[i].cmp, ">=");
			to |= date && str_eq(q->where[i].cmp, "<=");
			kab |= str_eq(q->where[i].field, "kabupaten_kota") &&
			       str_eq(q->where[i].cmp, "=");
			index_only &= date || str_eq(q->where[i].field, "kabupaten_kota");
			covered &= report_field(ent, q->where[i].field);
		}
		/* A period's count over every kabupaten/kota (a month, say): the
		 * date index's range, not the whole (kabupaten/kota, date) index.
		 * The date index is three times as wide, so not for a count "to
		 * date", most of it. */
		index_only &= kab || !(from && to);
		/* The live date index also holds the fields reports group and sum
		 * by (migration 10): a report that names no other reads it alone. */
		for (size_t i = 0; i < ngroups; i++)
			covered &= report_field(ent, groups[i]);
		for (size_t i = 0; i < nsums; i++)
			covered &= report_field(ent, q->sums[i]);
		if (index_only)
			strbuf_addf(&sql, " INDEXED BY %s_live", ent->table);
		else if (period || covered)
			strbuf_addf(&sql, " INDEXED BY %s_live_date", ent->table);
		else
			strbuf_adds(&sql, " NOT INDEXED");
	}
	strbuf_adds(&sql, " WHERE deleted = 0");
	if (entity_field_index(ent, FIELD_MERGED_INTO) >= 0)
		strbuf_adds(&sql, " AND merged_into IS NULL");
	for (size_t i = 0; ok && i < q->nwhere; i++)
		if (!where_sql(ent, NULL, &q->where[i], &sql))
			ok = err_set(e, 1, "aggregate: bad condition on %s.%s", ent->name,
				     q->where[i].field);
	if (ngroups)
		strbuf_addf(&sql, " GROUP BY %s ORDER BY %s", by.buf, by.buf);
	strbuf_release(&by);
	sqlite3_stmt *s = ok ? store_prepare(st, sql.buf, e) : NULL;
	strbuf_release(&sql);
	if (!s)
		return false;
	int b = 1;
	for (size_t i = 0; i < q->nwhere; i++)
		where_bind(ent, s, &b, &q->where[i]);
	int64_t *sums = xcalloc(nsums + 1, sizeof(int64_t));
	const char **values = xcalloc(ngroups + 1, sizeof(char *));
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (size_t i = 0; i < ngroups; i++)
			values[i] = (const char *)sqlite3_column_text(s, (int)i);
		for (size_t i = 0; i < nsums; i++)
			sums[i] = sqlite3_column_int64(s, (int)(ngroups + 1 + i));
		if (!fn(values, sqlite3_column_int64(s, (int)ngroups), sums, arg)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	free(values);
	free(sums);
	ok = rc == SQLITE_DONE || store_fail(st, e, "aggregate");
	sqlite3_finalize(s);
	return ok;
}

struct one_group {
	bool (*fn)(const char *group, int64_t count, const int64_t *sums, void *arg);
	void *arg;
};

static bool one_group_none(const char *const *values, int64_t count, const int64_t *sums,
			   void *arg)
{
	(void)values;
	struct one_group *o = arg;
	return o->fn(NULL, count, sums, o->arg);
}

static bool one_group(const char *const *values, int64_t count, const int64_t *sums, void *arg)
{
	struct one_group *o = arg;
	return o->fn(values[0], count, sums, o->arg);
}

bool store_aggregate(struct store *st, const struct agg_query *q,
		     bool (*fn)(const char *group, int64_t count, const int64_t *sums, void *arg),
		     void *arg, struct err *e)
{
	/* One group, or none: a NULL "group" for the one row. */
	const char *groups[] = { q->group, NULL };
	struct one_group o = { fn, arg };
	if (q->group)
		return store_aggregate_by(st, q, groups, one_group, &o, e);
	const char *none[] = { NULL };
	return store_aggregate_by(st, q, none, one_group_none, &o, e);
}
