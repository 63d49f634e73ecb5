/* check.c - `bantu check`: SQLite integrity, hash chains, and the fold rebuilt
 * from the op log compared with the visible tables. */
#include "private.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/i18n.h"

struct checker {
	struct store *st;
	void (*report)(const char *msg, void *arg);
	void *arg;
	int problems;
};

static void problem(struct checker *c, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void problem(struct checker *c, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	c->problems++;
	if (c->report)
		c->report(sb.buf, c->arg);
	strbuf_release(&sb);
}

/* Columns 0-4 of both check queries: origin, seq, hlc, entity, record. */
static void read_op_key(sqlite3_stmt *s, struct op *op)
{
	op->origin = sqlite3_column_int64(s, 0);
	op->seq = sqlite3_column_int64(s, 1);
	op->hlc = sqlite3_column_int64(s, 2);
	op->entity = (const char *)sqlite3_column_text(s, 3);
	if (sqlite3_column_bytes(s, 4) == 16)
		memcpy(op->record.b, sqlite3_column_blob(s, 4), 16);
}

static bool check_sqlite(struct checker *c, struct err *e)
{
	sqlite3_stmt *s = store_prepare(c->st, "PRAGMA integrity_check", e);
	if (!s)
		return false;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *msg = (const char *)sqlite3_column_text(s, 0);
		if (!str_eq(msg, "ok"))
			problem(c, _("database: %s"), msg);
	}
	sqlite3_finalize(s);
	s = store_prepare(c->st, "PRAGMA foreign_key_check", e);
	if (!s)
		return false;
	while (sqlite3_step(s) == SQLITE_ROW)
		problem(c, _("foreign key: table %s, row %lld refers to a missing %s"),
			sqlite3_column_text(s, 0), (long long)sqlite3_column_int64(s, 1),
			sqlite3_column_text(s, 2));
	sqlite3_finalize(s);
	return true;
}

/* The last ops of a chain removed: this office's chain is as long as the meta
 * value written at every commit says, another office's at least as long as the
 * head it signed in a bundle. */
static bool check_chain_ends(struct checker *c, struct err *e)
{
	char *own = store_meta_get(c->st, "chain_seq");
	int64_t want = own ? strtoll(own, NULL, 10) : 0;
	free(own);
	sqlite3_stmt *s = store_prepare(c->st,
		"SELECT h.office, h.seq, (SELECT max(seq) FROM op WHERE origin = h.origin)"
		" FROM (SELECT origin, office, seq FROM chain_head"
		"       UNION ALL SELECT ?, ?, ?) AS h", e);
	if (!s)
		return false;
	sqlite3_bind_int64(s, 1, store_replica_id(c->st));
	sqlite3_bind_text(s, 2, store_office_code(c->st) ? store_office_code(c->st) : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, want);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t head = sqlite3_column_int64(s, 1), have = sqlite3_column_int64(s, 2);
		if (head > have)
			problem(c, _("op log: office %s: ops %lld to %lld are missing"),
				sqlite3_column_text(s, 0), (long long)have + 1, (long long)head);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE || store_fail(c->st, e, "check");
}

/* Recomputes every op's hash and checks each origin's chain has no gap. */
static bool check_chains(struct checker *c, struct err *e)
{
	sqlite3_stmt *s = store_prepare(c->st,
		"SELECT origin, seq, hlc, entity, record, office, officer, fields, prev, hash"
		" FROM op ORDER BY origin, seq", e);
	if (!s)
		return false;
	int64_t origin = 0, expect = 1;
	uint8_t prev[32] = { 0 };
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct op op = { 0 };
		read_op_key(s, &op);
		op.office = (const char *)sqlite3_column_text(s, 5);
		op.officer = (const char *)sqlite3_column_text(s, 6);
		if (op.origin != origin) {
			origin = op.origin;
			expect = 1;
			memset(prev, 0, sizeof(prev));
		}
		struct op_field *f = NULL;
		char *buf = NULL;
		int n = op_fields_decode((const char *)sqlite3_column_text(s, 7), &f, &buf);
		if (n < 0) {
			problem(c, _("op log: office %s, op %lld: its fields cannot be read"),
				op.office, (long long)op.seq);
			continue;
		}
		op.fields = f;
		op.nfields = (size_t)n;
		if (sqlite3_column_bytes(s, 8) == 32)
			memcpy(op.prev, sqlite3_column_blob(s, 8), 32);
		uint8_t hash[32];
		op_compute_hash(&op, hash);
		bool hash_ok = sqlite3_column_bytes(s, 9) == 32 &&
			       memcmp(hash, sqlite3_column_blob(s, 9), 32) == 0;
		if (!hash_ok)
			problem(c, _("op log: office %s, op %lld has been altered (hash mismatch)"),
				op.office, (long long)op.seq);
		if (op.seq != expect)
			problem(c, _("op log: office %s: ops %lld to %lld are missing"),
				op.office, (long long)expect, (long long)op.seq - 1);
		else if (memcmp(prev, op.prev, 32) != 0)
			problem(c, _("op log: office %s, op %lld does not follow op %lld (broken chain)"),
				op.office, (long long)op.seq, (long long)op.seq - 1);
		if (sqlite3_column_bytes(s, 9) == 32)
			memcpy(prev, sqlite3_column_blob(s, 9), 32);
		expect = op.seq + 1;
		free(f);
		free(buf);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(c->st, e, "check");
	return check_chain_ends(c, e);
}

/* Replays every op into temp copies of the visible tables and compares. */
static bool check_fold(struct checker *c, struct err *e)
{
	struct store *st = c->st;
	size_t nent = 0;
	while (entity_all[nent])
		nent++;
	struct fold_target *t = xcalloc(nent, sizeof(*t));
	bool ok = false;
	for (size_t i = 0; i < nent; i++) {
		char *name = xasprintf("chk_%s", entity_all[i]->table);
		char *drop = xasprintf("DROP TABLE IF EXISTS temp.%s", name);
		char *qual = xasprintf("temp.%s", name);
		bool made = store_exec(st, drop, e) &&
			    entity_create_table(st, entity_all[i], "temp", name, e) &&
			    fold_target_init(st, &t[i], entity_all[i], qual, true, e);
		free(drop);
		free(qual);
		free(name);
		if (!made)
			goto out;
		/* The search text is compared, but nothing goes into the main
		 * database: no conflict suspect, no search index change (fold_apply
		 * does both only through this statement). */
		sqlite3_finalize(t[i].suspect);
		t[i].suspect = NULL;
	}
	sqlite3_stmt *s = store_prepare(st,
		"SELECT origin, seq, hlc, entity, record, fields, office, officer FROM op"
		" ORDER BY hlc DESC", e);
	if (!s)
		goto out;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct op op = { 0 };
		read_op_key(s, &op);
		op.office = (const char *)sqlite3_column_text(s, 6); /* the rules judge by office */
		op.officer = (const char *)sqlite3_column_text(s, 7);
		struct op_field *f = NULL;
		char *buf = NULL;
		int n = op_fields_decode((const char *)sqlite3_column_text(s, 5), &f, &buf);
		if (n >= 0) {
			op.fields = f;
			op.nfields = (size_t)n;
			for (size_t i = 0; i < nent; i++)
				if (str_eq(entity_all[i]->name, op.entity) &&
				    !fold_apply(st, &t[i], &op, e)) {
					free(f);
					free(buf);
					sqlite3_finalize(s);
					goto out;
				}
		}
		free(f);
		free(buf);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_fail(st, e, "check");
		goto out;
	}
	/* Merge cycles derived again from the rebuilt tables (merge.c). */
	if (!store_exec(st, "DROP TABLE IF EXISTS temp.chk_merge_cycle;"
			" CREATE TABLE temp.chk_merge_cycle(entity TEXT NOT NULL, record BLOB NOT NULL,"
			" target TEXT NOT NULL, clk BLOB NOT NULL, PRIMARY KEY(entity, record))", e))
		goto out;
	for (size_t i = 0; i < nent; i++)
		if (!merge_fix_all(st, &t[i], "temp.chk_merge_cycle", e))
			goto out;
	for (int dir = 0; dir < 2; dir++) {
		sqlite3_stmt *d = store_prepare(st, dir
			? "SELECT entity, hex(record) FROM (SELECT * FROM temp.chk_merge_cycle EXCEPT"
			  " SELECT * FROM main.merge_cycle) LIMIT 20"
			: "SELECT entity, hex(record) FROM (SELECT * FROM main.merge_cycle EXCEPT"
			  " SELECT * FROM temp.chk_merge_cycle) LIMIT 20", e);
		if (!d)
			goto out;
		while (sqlite3_step(d) == SQLITE_ROW)
			problem(c, _("%s: record %s: its merge cycle is not what the op log gives"),
				sqlite3_column_text(d, 0), sqlite3_column_text(d, 1));
		sqlite3_finalize(d);
	}
	for (size_t i = 0; i < nent; i++) {
		const struct entity_def *ent = entity_all[i];
		struct strbuf cols = STRBUF_INIT;
		strbuf_adds(&cols, "id, ");
		entity_columns(ent, &cols, NULL);
		strbuf_adds(&cols, ", search_text, clk");
		for (int dir = 0; dir < 2; dir++) {
			const char *a = dir ? "temp.chk_" : "main.";
			const char *b = dir ? "main." : "temp.chk_";
			char *sql = xasprintf("SELECT hex(id) FROM (SELECT %s FROM %s%s EXCEPT"
					      " SELECT %s FROM %s%s) LIMIT 20",
					      cols.buf, a, ent->table, cols.buf, b, ent->table);
			sqlite3_stmt *d = store_prepare(st, sql, e);
			free(sql);
			if (!d) {
				strbuf_release(&cols);
				goto out;
			}
			while (sqlite3_step(d) == SQLITE_ROW)
				problem(c, dir ? _("%s: record %s: the op log says otherwise than the table")
					       : _("%s: record %s differs from what the op log gives"),
					ent->name, sqlite3_column_text(d, 0));
			sqlite3_finalize(d);
		}
		strbuf_release(&cols);
	}
	ok = true;
out:
	for (size_t i = 0; i < nent; i++) {
		fold_target_release(&t[i]);
		char *drop = xasprintf("DROP TABLE IF EXISTS temp.chk_%s", entity_all[i]->table);
		store_exec(st, drop, NULL);
		free(drop);
	}
	store_exec(st, "DROP TABLE IF EXISTS temp.chk_merge_cycle", NULL);
	free(t);
	return ok;
}

/* Every value of a purged field has been replaced by its marker (a copy restored
 * from before the purge, or a value written back by hand, would still verify:
 * the hash is the value's). */
static bool check_purged(struct checker *c, struct err *e)
{
	sqlite3_stmt *s = store_prepare(c->st,
		"SELECT op.office, op.seq, op.fields, purged.field FROM purged"
		" JOIN op ON op.record = purged.record AND op.entity = purged.entity"
		" ORDER BY op.origin, op.seq", e);
	if (!s)
		return false;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct op_field *f = NULL;
		char *buf = NULL;
		const char *field = (const char *)sqlite3_column_text(s, 3);
		int n = op_fields_decode((const char *)sqlite3_column_text(s, 2), &f, &buf);
		for (int i = 0; i < n; i++)
			if (str_eq(f[i].name, field) && (f[i].value || f[i].old))
				problem(c, _("op log: office %s, op %lld still holds the purged %s"),
					sqlite3_column_text(s, 0), (long long)sqlite3_column_int64(s, 1),
					field);
		free(f);
		free(buf);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE || store_fail(c->st, e, "check");
}

/* The entities whose table has a search index (TABLE_fts) in this file. */
static bool has_fts(struct store *st, const struct entity_def *ent)
{
	char *name = xasprintf("%s_fts", ent->table);
	sqlite3_stmt *s = store_stmt(st, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?",
				     NULL);
	bool yes = false;
	if (s) {
		sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
		yes = sqlite3_step(s) == SQLITE_ROW;
		sqlite3_reset(s);
	}
	free(name);
	return yes;
}

/* Reads every search index through, every term of every segment: a damaged page
 * of its data (which PRAGMA integrity_check does not look into: to SQLite it is a
 * blob) fails here, as it would fail every later save or import. FTS5's own
 * 'integrity-check' is a write to the table, which a read-only check may not
 * make; an fts5vocab table in temp reads the same pages. */
static bool check_search(struct checker *c, struct err *e)
{
	for (size_t i = 0; entity_all[i]; i++) {
		const struct entity_def *ent = entity_all[i];
		if (!has_fts(c->st, ent))
			continue;
		char *make = xasprintf("DROP TABLE IF EXISTS temp.chk_vocab;"
				       "CREATE VIRTUAL TABLE temp.chk_vocab USING fts5vocab(main, '%s_fts',"
				       " 'instance')", ent->table);
		bool ok = store_exec(c->st, make, e);
		free(make);
		if (!ok)
			return false;
		sqlite3_stmt *s = NULL;
		int rc = sqlite3_prepare_v2(c->st->db, "SELECT count(*) FROM temp.chk_vocab", -1, &s,
					    NULL);
		if (rc == SQLITE_OK) {
			while ((rc = sqlite3_step(s)) == SQLITE_ROW)
				;
		}
		if (rc != SQLITE_DONE)
			problem(c, _("search index of %s (%s_fts) is damaged (%s); run 'bantu check"
				     " --repair' to rebuild it from the op log"),
				ent->name, ent->table, sqlite3_errmsg(c->st->db));
		sqlite3_finalize(s);
		store_exec(c->st, "DROP TABLE IF EXISTS temp.chk_vocab", NULL);
	}
	return true;
}

static void report_collision(const char *msg, void *arg)
{
	problem(arg, "%s", msg);
}

int store_verify(struct store *st, void (*report)(const char *msg, void *arg), void *arg,
		 struct err *e)
{
	struct checker c = { st, report, arg, 0 };
	if (!check_sqlite(&c, e) || !check_search(&c, e) || !check_chains(&c, e) ||
	    !check_purged(&c, e) || !check_fold(&c, e))
		return -1;
	return c.problems;
}

int store_check(struct store *st, void (*report)(const char *msg, void *arg), void *arg,
		struct err *e)
{
	int n = store_verify(st, report, arg, e);
	if (n < 0)
		return -1;
	struct checker c = { st, report, arg, 0 };
	if (store_regno_collisions(st, report_collision, &c, e) < 0)
		return -1;
	return n + c.problems;
}

/* Every op again into the emptied main tables, oldest first (the order the
 * conflict suspects are best found in; the values do not depend on it). */
static bool replay_ops(struct store *st, struct err *e)
{
	sqlite3_stmt *s = store_prepare(st,
		"SELECT origin, seq, hlc, entity, record, fields, office, officer FROM op"
		" ORDER BY hlc, origin, seq", e);
	if (!s)
		return false;
	int rc;
	bool ok = true;
	while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct op op = { 0 };
		read_op_key(s, &op);
		/* The rules and the province's decisions judge by office. */
		op.office = (const char *)sqlite3_column_text(s, 6);
		op.officer = (const char *)sqlite3_column_text(s, 7);
		struct fold_target *t = fold_for(st, op.entity);
		struct op_field *f = NULL;
		char *buf = NULL;
		int n = op_fields_decode((const char *)sqlite3_column_text(s, 5), &f, &buf);
		if (t && n >= 0) {
			op.fields = f;
			op.nfields = (size_t)n;
			ok = fold_apply(st, t, &op, e);
		}
		free(f);
		free(buf);
	}
	sqlite3_finalize(s);
	if (ok && rc != SQLITE_DONE)
		ok = store_fail(st, e, "repair");
	return ok;
}

bool store_repair(struct store *st, struct err *e)
{
	if (!store_begin(st, e))
		return false;
	bool ok = store_exec(st, "DELETE FROM conflict_suspect", e);
	for (size_t i = 0; ok && entity_all[i]; i++) {
		char *sql = xasprintf("DELETE FROM main.%s", entity_all[i]->table);
		ok = store_exec(st, sql, e);
		free(sql);
	}
	ok = ok && replay_ops(st, e);
	/* The index is made again from the rebuilt tables as a whole, not by the
	 * fold's queued changes: its damaged pages are dropped unread. */
	store_fts_discard(st);
	for (size_t i = 0; ok && entity_all[i]; i++) {
		if (!has_fts(st, entity_all[i]))
			continue;
		const char *t = entity_all[i]->table;
		char *sql = xasprintf("INSERT INTO %s_fts(%s_fts) VALUES ('rebuild')", t, t);
		ok = store_exec(st, sql, e);
		free(sql);
	}
	if (!ok) {
		store_rollback(st);
		return false;
	}
	return store_commit(st, e);
}
