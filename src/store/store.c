/* store.c - opening the database, migrations, meta values, transactions, the clock. */
#include "private.h"

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "store/sync.h"

#define APP_ID STORE_APP_ID

sqlite3_stmt *store_prepare(struct store *st, const char *sql, struct err *e)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
		store_fail(st, e, "prepare");
		return NULL;
	}
	return stmt;
}

void store_fts_queue(struct store *st, const struct entity_def *ent, int64_t rowid,
		     const char *old, const char *text)
{
	if (st->nfts == st->capfts) {
		st->capfts = st->capfts ? st->capfts * 2 : 64;
		st->fts = xrealloc(st->fts, st->capfts * sizeof(*st->fts));
	}
	struct fts_pending *p = &st->fts[st->nfts++];
	p->ent = ent;
	p->rowid = rowid;
	p->old = xstrdup(old);
	p->text = xstrdup(text);
}

void store_fts_discard(struct store *st)
{
	for (size_t i = 0; i < st->nfts; i++) {
		free(st->fts[i].old);
		free(st->fts[i].text);
	}
	st->nfts = 0;
}

bool store_fts_flush(struct store *st, struct err *e)
{
	bool ok = true;
	for (size_t i = 0; i < st->nfts && ok; i++) {
		struct fts_pending *p = &st->fts[i];
		const char *t = p->ent->table;
		char sql[160];
		if (p->old) {
			snprintf(sql, sizeof(sql), "INSERT INTO %s_fts(%s_fts, rowid, search_text)"
				 " VALUES ('delete', ?, ?)", t, t);
			sqlite3_stmt *s = store_stmt(st, sql, e);
			ok = s != NULL;
			if (ok) {
				sqlite3_bind_int64(s, 1, p->rowid);
				sqlite3_bind_text(s, 2, p->old, -1, SQLITE_STATIC);
				ok = sqlite3_step(s) == SQLITE_DONE || store_fail(st, e, "search index");
				sqlite3_reset(s);
			}
		}
		if (ok && p->text) {
			snprintf(sql, sizeof(sql), "INSERT INTO %s_fts(rowid, search_text) VALUES (?, ?)", t);
			sqlite3_stmt *s = store_stmt(st, sql, e);
			ok = s != NULL;
			if (ok) {
				sqlite3_bind_int64(s, 1, p->rowid);
				sqlite3_bind_text(s, 2, p->text, -1, SQLITE_STATIC);
				ok = sqlite3_step(s) == SQLITE_DONE || store_fail(st, e, "search index");
				sqlite3_reset(s);
			}
		}
	}
	store_fts_discard(st);
	return ok;
}

sqlite3_stmt *store_stmt(struct store *st, const char *sql, struct err *e)
{
	size_t h = 5381;
	for (const char *p = sql; *p; p++)
		h = h * 33 + (unsigned char)*p;
	size_t n = ARRAY_SIZE(st->cache);
	for (size_t k = 0; k < n; k++) {
		struct stmt_cache_entry *c = &st->cache[(h + k) % n];
		if (!c->sql) {
			c->stmt = store_prepare(st, sql, e);
			if (!c->stmt)
				return NULL;
			c->sql = xstrdup(sql);
			return c->stmt;
		}
		if (strcmp(c->sql, sql) == 0) {
			sqlite3_reset(c->stmt);
			sqlite3_clear_bindings(c->stmt);
			return c->stmt;
		}
	}
	/* Full: an uncached statement would leak, so evict the home slot. */
	struct stmt_cache_entry *c = &st->cache[h % n];
	sqlite3_finalize(c->stmt);
	free(c->sql);
	c->sql = NULL;
	c->stmt = store_prepare(st, sql, e);
	if (c->stmt)
		c->sql = xstrdup(sql);
	return c->stmt;
}

bool store_exec(struct store *st, const char *sql, struct err *e)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, 1, "%s: %s", st->path, msg ? msg : "?");
		sqlite3_free(msg);
		return false;
	}
	return true;
}

bool store_fail(struct store *st, struct err *e, const char *what)
{
	int code = sqlite3_errcode(st->db);
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return err_set(e, 1, _("%s: the database is in use by another Bantu (locked); try again"),
			       st->path);
	if (code == SQLITE_FULL)
		return err_set(e, 1, _("%s: the disk is full; nothing was saved"), st->path);
	if (code == SQLITE_READONLY)
		return err_set(e, 1, _("%s: the database is read-only"), st->path);
	if (code == SQLITE_IOERR || code == SQLITE_CANTOPEN)
		return err_set(e, 1, _("%s: cannot write to the disk (was the USB stick removed?);"
				       " nothing was saved"), st->path);
	return err_set(e, 1, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

void entity_columns(const struct entity_def *ent, struct strbuf *out, const char *prefix)
{
	for (size_t i = 0; i < ent->nfields; i++)
		strbuf_addf(out, "%s%s%s", i ? ", " : "", prefix ? prefix : "", ent->fields[i].name);
}

bool entity_create_table(struct store *st, const struct entity_def *ent, const char *schema,
			 const char *name, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	strbuf_addf(&sql, "CREATE TABLE %s.%s(id BLOB NOT NULL UNIQUE", schema, name);
	for (size_t i = 0; i < ent->nfields; i++) {
		const struct field_def *f = &ent->fields[i];
		if (str_eq(f->name, FIELD_DELETED))
			strbuf_addf(&sql, ", %s INTEGER NOT NULL DEFAULT 0", f->name);
		else
			strbuf_addf(&sql, ", %s %s", f->name, f->type == FT_INT ? "INTEGER" : "TEXT");
	}
	strbuf_adds(&sql, ", search_text TEXT, clk BLOB NOT NULL)");
	bool ok = store_exec(st, sql.buf, e);
	strbuf_release(&sql);
	return ok;
}

/* Migration 1: meta, the op log, regions, the registry's tables and indexes. */
static bool migrate_1(struct store *st, struct err *e)
{
	static const char *const base =
		"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
		"CREATE TABLE op("
		" origin INTEGER NOT NULL, seq INTEGER NOT NULL, hlc INTEGER NOT NULL,"
		" entity TEXT NOT NULL, record BLOB NOT NULL,"
		" office TEXT NOT NULL, officer TEXT NOT NULL, fields TEXT NOT NULL,"
		" prev BLOB NOT NULL, hash BLOB NOT NULL,"
		" PRIMARY KEY(origin, seq)) WITHOUT ROWID;"
		"CREATE INDEX op_record ON op(record, hlc);"
		"CREATE TABLE region("
		" code TEXT PRIMARY KEY, name TEXT NOT NULL, level INTEGER NOT NULL,"
		" parent TEXT REFERENCES region(code), key TEXT NOT NULL) WITHOUT ROWID;"
		"CREATE INDEX region_parent ON region(parent, key);"
		/* Records where two ops on one field may not have seen each other: the
		 * conflict list is computed from their ops (derived, like the tables). */
		"CREATE TABLE conflict_suspect(entity TEXT NOT NULL, record BLOB NOT NULL,"
		" PRIMARY KEY(entity, record)) WITHOUT ROWID;";
	if (!store_exec(st, base, e))
		return false;
	for (size_t i = 0; entity_all[i]; i++) {
		const struct entity_def *ent = entity_all[i];
		const char *t = ent->table;
		const char *n = ent->name_field;
		if (ent->since != 1)
			continue;
		if (!entity_create_table(st, ent, "main", t, e))
			return false;
		char *sql = xasprintf(
			/* Lists order by (name, rowid): rowid ends every index by itself. */
			"CREATE INDEX %s_name ON %s(deleted, %s COLLATE NOCASE);"
			"CREATE INDEX %s_kab ON %s(kabupaten_kota, deleted, %s COLLATE NOCASE);"
			"CREATE INDEX %s_kec ON %s(kecamatan, deleted, %s COLLATE NOCASE);"
			"CREATE VIRTUAL TABLE %s_fts USING fts5(search_text, content='%s',"
			" content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3 4');"
			/* The index is kept by the fold itself (store_fts_flush), not by
			 * triggers: FTS5 writes its pending terms at every statement savepoint,
			 * which made bulk imports write thousands of tiny segments. */
			,
			t, t, n, t, t, n, t, t, n, t, t);
		bool ok = store_exec(st, sql, e);
		free(sql);
		if (!ok)
			return false;
	}
	char *nik = xasprintf("CREATE INDEX umkm_nik ON umkm(nik);");
	bool ok = store_exec(st, nik, e);
	free(nik);
	return ok;
}

/* Migration 2: offices and keys, acknowledgements, signed chain heads, bundle log. */
static bool migrate_2(struct store *st, struct err *e)
{
	return store_exec(st,
		"CREATE TABLE office(code TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '',"
		" sign_pk BLOB, box_pk BLOB, status TEXT NOT NULL, cert BLOB,"
		" last_heard INTEGER NOT NULL DEFAULT 0, last_sent INTEGER NOT NULL DEFAULT 0)"
		" WITHOUT ROWID;"
		"CREATE TABLE peer_ack(peer TEXT NOT NULL, origin INTEGER NOT NULL,"
		" seq INTEGER NOT NULL, PRIMARY KEY(peer, origin)) WITHOUT ROWID;"
		"CREATE TABLE chain_head(origin INTEGER PRIMARY KEY, office TEXT NOT NULL,"
		" seq INTEGER NOT NULL, hash BLOB NOT NULL, sig BLOB NOT NULL);"
		"CREATE TABLE bundle_log(id INTEGER PRIMARY KEY, direction TEXT NOT NULL,"
		" peer TEXT NOT NULL, file TEXT NOT NULL, at INTEGER NOT NULL,"
		" ops_new INTEGER NOT NULL DEFAULT 0, ops_known INTEGER NOT NULL DEFAULT 0,"
		" ops_refused INTEGER NOT NULL DEFAULT 0, note TEXT);", e);
}

/* Migration 3: the tables of entities added later (duplicate reviews). */
static bool migrate_3(struct store *st, struct err *e)
{
	for (size_t i = 0; entity_all[i]; i++)
		if (entity_all[i]->since == 3 &&
		    !entity_create_table(st, entity_all[i], "main", entity_all[i]->table, e))
			return false;
	return true;
}

/* The indexes lists page and count by: (deleted, merged_into, name), and the
 * same after a kabupaten/kota or kecamatan. A list shows records neither
 * deleted nor merged ("deleted = 0 AND merged_into IS NULL"): both are equality
 * terms of the index, so a page reads only the rows it shows and a count reads
 * the index alone. */
static void list_indexes_sql(const struct entity_def *ent, struct strbuf *sql)
{
	const char *t = ent->table;
	const char *n = ent->name_field;
	if (!n || entity_field_index(ent, FIELD_DELETED) < 0)
		return;
	const char *mi = entity_field_index(ent, FIELD_MERGED_INTO) >= 0 ? " merged_into," : "";
	strbuf_addf(sql, "CREATE INDEX %s_name ON %s(deleted,%s %s COLLATE NOCASE);", t, t, mi, n);
	if (entity_field_index(ent, "kabupaten_kota") >= 0)
		strbuf_addf(sql, "CREATE INDEX %s_kab ON %s(kabupaten_kota, deleted,%s %s COLLATE NOCASE);",
			    t, t, mi, n);
	/* Only the registry (schema 1) has a kecamatan index. */
	if (ent->since == 1 && entity_field_index(ent, "kecamatan") >= 0)
		strbuf_addf(sql, "CREATE INDEX %s_kec ON %s(kecamatan, deleted,%s %s COLLATE NOCASE);",
			    t, t, mi, n);
}

bool entity_create_indexes(struct store *st, const struct entity_def *ent, struct err *e)
{
	const char *t = ent->table;
	struct strbuf sql = STRBUF_INIT;
	list_indexes_sql(ent, &sql);
	for (size_t i = 0; ent->indexed && ent->indexed[i]; i++)
		strbuf_addf(&sql, "CREATE INDEX %s_%s ON %s(%s);", t, ent->indexed[i], t,
			    ent->indexed[i]);
	if (ent->search_fields)
		strbuf_addf(&sql, "CREATE VIRTUAL TABLE %s_fts USING fts5(search_text, content='%s',"
			    " content_rowid='rowid', tokenize='unicode61 remove_diacritics 2',"
			    " prefix='1 2 3 4');", t, t);
	bool ok = !sql.len || store_exec(st, sql.buf, e);
	strbuf_release(&sql);
	return ok;
}

/* Entities of schema version v: their tables and indexes. */
static bool migrate_entities(struct store *st, int v, struct err *e)
{
	for (size_t i = 0; entity_all[i]; i++)
		if (entity_all[i]->since == v &&
		    (!entity_create_table(st, entity_all[i], "main", entity_all[i]->table, e) ||
		     !entity_create_indexes(st, entity_all[i], e)))
			return false;
	return true;
}

/* Migration 4: registration numbers are looked up (program records name their
 * business by it); programs 1, 2 and 5 (warung, marketing, training). */
static bool migrate_4(struct store *st, struct err *e)
{
	return store_exec(st, "CREATE INDEX umkm_reg ON umkm(reg_no);"
			      "CREATE INDEX koperasi_reg ON koperasi(reg_no);"
			      "CREATE INDEX umkm_merged ON umkm(merged_into) WHERE merged_into IS NOT NULL;"
			      "CREATE INDEX koperasi_merged ON koperasi(merged_into)"
			      " WHERE merged_into IS NOT NULL;"
			      /* Reports count live businesses per kabupaten/kota and
			       * period from these alone, never touching the rows. */
			      "CREATE INDEX umkm_live ON umkm(kabupaten_kota, tanggal_pendataan,"
			      " deleted, merged_into) WHERE deleted = 0 AND merged_into IS NULL;"
			      "CREATE INDEX koperasi_live ON koperasi(kabupaten_kota, tanggal_pendataan,"
			      " deleted, merged_into) WHERE deleted = 0 AND merged_into IS NULL;"
			      "CREATE INDEX umkm_live_date ON umkm(tanggal_pendataan)"
			      " WHERE deleted = 0 AND merged_into IS NULL;"
			      "CREATE INDEX koperasi_live_date ON koperasi(tanggal_pendataan)"
			      " WHERE deleted = 0 AND merged_into IS NULL;", e) &&
	       migrate_entities(st, 4, e);
}

/* Migration 5: programs 3 and 6 (stimulus, Kartu Prakerja). */
static bool migrate_5(struct store *st, struct err *e)
{
	return migrate_entities(st, 5, e);
}

/* Migration 6: programs 4 and 7 (APD production, loan restructuring). */
static bool migrate_6(struct store *st, struct err *e)
{
	return migrate_entities(st, 6, e);
}

/* Migration 7: officers' accounts. Local to this database: never in the op log
 * or a bundle (store/account.c; roles in model/auth.c). */
static bool migrate_accounts(struct store *st, struct err *e)
{
	return store_exec(st,
		"CREATE TABLE account(username TEXT PRIMARY KEY, name TEXT NOT NULL,"
		" office TEXT NOT NULL,"
		" role TEXT NOT NULL CHECK(role IN ('operator','petugas','pimpinan','admin')),"
		" pin_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,"
		" locked INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0,"
		" created INTEGER NOT NULL, changed INTEGER NOT NULL) WITHOUT ROWID;", e);
}

/* Migration 8: the fields purged on each record (derived from the purge ops,
 * see purge.c). */
static bool migrate_purge(struct store *st, struct err *e)
{
	return store_exec(st,
		"CREATE TABLE IF NOT EXISTS purged(entity TEXT NOT NULL, record BLOB NOT NULL,"
		" field TEXT NOT NULL, PRIMARY KEY(entity, record, field)) WITHOUT ROWID;", e);
}

/* The changes the program rules refused (derived from the op set by the fold,
 * see store_set_verdict): kept in the log, left out of the tables. */
static bool migrate_refused(struct store *st, struct err *e)
{
	return store_exec(st,
		"CREATE TABLE IF NOT EXISTS op_refused(origin INTEGER NOT NULL, seq INTEGER NOT NULL,"
		" entity TEXT NOT NULL, record BLOB NOT NULL, why TEXT NOT NULL,"
		" PRIMARY KEY(origin, seq)) WITHOUT ROWID;"
		"CREATE INDEX IF NOT EXISTS op_refused_record ON op_refused(record);", e);
}

/* Migration 9: the list indexes hold merged_into (list_indexes_sql): before, a
 * list's count read every row of the table to leave out merged records. */
static bool migrate_list_indexes(struct store *st, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	for (size_t i = 0; entity_all[i]; i++) {
		const char *t = entity_all[i]->table;
		strbuf_addf(&sql, "DROP INDEX IF EXISTS %s_name; DROP INDEX IF EXISTS %s_kab;"
			    " DROP INDEX IF EXISTS %s_kec;", t, t, t);
		list_indexes_sql(entity_all[i], &sql);
	}
	bool ok = store_exec(st, sql.buf, e);
	strbuf_release(&sql);
	return ok;
}

/* Migration 10: a registry's live date index holds the fields its reports group
 * and sum by (entity_def.report_fields), and the two that make a record live,
 * so a report of a month, or of every record, reads that index alone. Before,
 * a month's report fetched each of its records' rows: a quarter of a million
 * random reads at a million businesses. */
static bool migrate_report_indexes(struct store *st, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	for (size_t i = 0; entity_all[i]; i++) {
		const struct entity_def *ent = entity_all[i];
		if (!ent->report_fields)
			continue;
		strbuf_addf(&sql, "DROP INDEX IF EXISTS %s_live_date;"
			    "CREATE INDEX %s_live_date ON %s(tanggal_pendataan, kabupaten_kota",
			    ent->table, ent->table, ent->table);
		for (size_t f = 0; ent->report_fields[f]; f++)
			strbuf_addf(&sql, ", %s", ent->report_fields[f]);
		strbuf_adds(&sql, ", deleted, merged_into) WHERE deleted = 0 AND merged_into IS NULL;");
	}
	bool ok = store_exec(st, sql.buf, e);
	strbuf_release(&sql);
	return ok;
}

/* Migration 11: merge cycles (merge.c): per record shown as the business of a
 * cycle, the merged_into the op log gives it and that value's clock. */
static bool migrate_merge_cycle(struct store *st, struct err *e)
{
	return store_exec(st,
		"CREATE TABLE merge_cycle(entity TEXT NOT NULL, record BLOB NOT NULL,"
		" target TEXT NOT NULL, clk BLOB NOT NULL, PRIMARY KEY(entity, record)) WITHOUT ROWID;", e);
}

/* Migration 13: regions found by name at any parent (a CSV's "Kota Metro") by
 * index: without it each lookup read the whole table, 2,896 rows a CSV row. */
static bool migrate_region_key(struct store *st, struct err *e)
{
	return store_exec(st, "CREATE INDEX region_key ON region(key, level);", e);
}

/* Migration 14: province settings that program rules rest on (entity
 * pengaturan), carried in bundles like any other record. */
static bool migrate_settings(struct store *st, struct err *e)
{
	return migrate_entities(st, 14, e);
}

static bool (*const migrations[])(struct store *, struct err *) = {
	migrate_1,
	migrate_2,
	migrate_3,
	migrate_4,
	migrate_5,
	migrate_6,
	migrate_accounts,
	migrate_purge,
	migrate_list_indexes,
	migrate_report_indexes,
	migrate_merge_cycle,
	migrate_refused,
	migrate_region_key,
	migrate_settings,
};

/* One integer a pragma or query gives; false when it cannot be read (the value
 * itself may be any 32-bit number, -1 too). */
static bool pragma_get(struct store *st, const char *sql, int *out)
{
	sqlite3_stmt *s = NULL;
	bool ok = false;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
		*out = sqlite3_column_int(s, 0);
		ok = true;
	}
	sqlite3_finalize(s);
	return ok;
}

static int pragma_int(struct store *st, const char *sql)
{
	int v = -1;
	return pragma_get(st, sql, &v) ? v : -1;
}

int store_schema_latest(void)
{
	return (int)ARRAY_SIZE(migrations);
}

int store_schema_version(struct store *st)
{
	return pragma_int(st, "PRAGMA user_version");
}

static bool migrate(struct store *st, struct err *e)
{
	int version = 0, app = 0, tables = 0;
	int have = (int)ARRAY_SIZE(migrations);
	if (!pragma_get(st, "PRAGMA user_version", &version) ||
	    !pragma_get(st, "PRAGMA application_id", &app) ||
	    !pragma_get(st, "SELECT count(*) FROM sqlite_schema", &tables)) {
		if (sqlite3_errcode(st->db) == SQLITE_NOTADB || sqlite3_errcode(st->db) == SQLITE_CORRUPT)
			return err_set(e, 1, _("%s: not a Bantu database (not an SQLite database, or"
					       " damaged)"), st->path);
		return store_fail(st, e, "open");
	}
	if (version == 0) {
		/* A new file must be empty; anything else is not ours. */
		if (tables > 0)
			return err_set(e, 1, _("%s: not a Bantu database"), st->path);
		if (st->readonly)
			return err_set(e, 1, _("%s: an empty file, not a Bantu database (make one with"
					       " 'bantu init --office CODE')"), st->path);
	} else if (app != APP_ID) {
		return err_set(e, 1, _("%s: not a Bantu database"), st->path);
	}
	if (version < 0)
		return err_set(e, 1, _("%s: a Bantu database of an unknown format (schema %d);"
				       " not opened"), st->path, version);
	if (version > have)
		return err_set(e, 1, _("%s: made by a newer Bantu (schema %d, this one knows %d); "
				       "upgrade Bantu"), st->path, version, have);
	if (version == have)
		return true;
	if (st->readonly)
		return err_set(e, 1, _("%s: the database needs an upgrade; open it writable once"),
			       st->path);
	if (!store_exec(st, "BEGIN IMMEDIATE", e))
		return false;
	for (int v = version; v < have; v++) {
		if (!migrations[v](st, e)) {
			store_exec(st, "ROLLBACK", NULL);
			return false;
		}
	}
	char *sql = xasprintf("PRAGMA application_id=%d; PRAGMA user_version=%d", APP_ID, have);
	bool ok = store_exec(st, sql, e);
	free(sql);
	if (!ok || !store_exec(st, "COMMIT", e)) {
		store_exec(st, "ROLLBACK", NULL);
		return false;
	}
	return true;
}

static bool load_identity(struct store *st, struct err *e)
{
	free(st->office_code);
	free(st->office_name);
	st->office_code = store_meta_get(st, "office_code");
	st->office_name = store_meta_get(st, "office_name");
	char *rep = store_meta_get(st, "replica");
	st->replica = rep ? strtoll(rep, NULL, 10) : 0;
	free(rep);
	char *hm = store_meta_get(st, "hlc_max");
	st->hlc_max = hm ? strtoll(hm, NULL, 10) : 0;
	free(hm);
	st->next_seq = 1;
	st->hashes_loaded = false;
	if (st->replica) {
		sqlite3_stmt *s = store_prepare(st,
			"SELECT seq, hash, hlc FROM op WHERE origin = ? ORDER BY seq DESC LIMIT 1", e);
		if (!s)
			return false;
		sqlite3_bind_int64(s, 1, st->replica);
		memset(st->last_hash, 0, sizeof(st->last_hash));
		if (sqlite3_step(s) == SQLITE_ROW) {
			st->next_seq = sqlite3_column_int64(s, 0) + 1;
			if (sqlite3_column_bytes(s, 1) == 32)
				memcpy(st->last_hash, sqlite3_column_blob(s, 1), 32);
			int64_t h = sqlite3_column_int64(s, 2);
			if (h > st->hlc_max)
				st->hlc_max = h;
		}
		sqlite3_finalize(s);
		st->hashes_loaded = true;
	}
	purge_load(st);
	return true;
}

static bool prepare_statements(struct store *st, struct err *e)
{
	st->op_insert = store_prepare(st,
		"INSERT OR IGNORE INTO op(origin, seq, hlc, entity, record, office, officer,"
		" fields, prev, hash) VALUES (?,?,?,?,?,?,?,?,?,?)", e);
	st->meta_set = store_prepare(st,
		"INSERT INTO meta(key, value) VALUES (?, ?)"
		" ON CONFLICT(key) DO UPDATE SET value = excluded.value", e);
	if (!st->op_insert || !st->meta_set)
		return false;
	size_t n = 0;
	while (entity_all[n])
		n++;
	st->fold = xcalloc(n, sizeof(*st->fold));
	for (size_t i = 0; i < n; i++) {
		char *table = xasprintf("main.%s", entity_all[i]->table);
		bool ok = fold_target_init(st, &st->fold[i], entity_all[i], table, true, e);
		free(table);
		if (!ok)
			return false;
	}
	return true;
}

/* BANTU_TRACE_SQL=1: each statement's text (its ? unexpanded: no personal data)
 * and run time on stderr, for a developer looking for a slow query. */
static int trace_sql(unsigned type, void *arg, void *stmt, void *ns)
{
	(void)arg;
	if (type == SQLITE_TRACE_PROFILE)
		fprintf(stderr, "sql %9.3f ms  %s\n", (double)*(sqlite3_int64 *)ns / 1e6,
			sqlite3_sql(stmt));
	return 0;
}

/* A read-only open writes nothing beside the file either: SQLite would make the
 * -wal and -shm of a WAL database (and leave them: a reader cannot remove them),
 * or fail in a read-only folder. When no other connection has them (no -wal, no
 * -journal: nobody is writing), the file is opened immutable, which needs neither;
 * otherwise as a plain reader of the live files. NULL: open path as it is. */
char *readonly_uri(const char *path)
{
	if (str_eq(path, ":memory:"))
		return NULL;
	char *wal = xasprintf("%s-wal", path), *jr = xasprintf("%s-journal", path);
	bool live = access(wal, F_OK) == 0 || access(jr, F_OK) == 0;
	free(wal);
	free(jr);
	if (live)
		return NULL;
	struct strbuf u = STRBUF_INIT;
	strbuf_adds(&u, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-_.~", *p))
			strbuf_addch(&u, *p);
		else
			strbuf_addf(&u, "%%%02X", *p);
	}
	strbuf_adds(&u, "?immutable=1");
	return strbuf_detach(&u);
}

/* Whether a read-only connection cannot read the file until its WAL is
 * recovered. */
static bool wal_needs_recovery(sqlite3 *db)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return (rc & 0xff) == SQLITE_READONLY;
}

static bool recover_wal(const char *path)
{
	sqlite3 *db = NULL;
	bool ok = access(path, W_OK) == 0 &&
		  sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
		  sqlite3_exec(db, "PRAGMA user_version", NULL, NULL, NULL) == SQLITE_OK;
	sqlite3_close(db);
	return ok;
}

struct store *store_open(const char *path, int flags, struct err *e)
{
	if (!(flags & STORE_CREATE) && access(path, F_OK) != 0) {
		err_set(e, 1, _("%s: no database here; make one with 'bantu init --office CODE'"), path);
		return NULL;
	}
	if (sodium_init() < 0) {
		err_set(e, 1, "libsodium: initialisation failed");
		return NULL;
	}
	store_fault_init();
	struct store *st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	st->readonly = flags & STORE_READONLY;
	int oflags = st->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (flags & STORE_CREATE) {
		oflags |= SQLITE_OPEN_CREATE;
		/* Readable by its owner only: SQLite gives the -wal and -shm files the
		 * database file's mode. (SQLite's in-memory name is no file to make.) */
		int fd = str_eq(path, ":memory:") ? -1
			 : open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd >= 0)
			close(fd);
	}
	char *uri = st->readonly ? readonly_uri(path) : NULL;
	if (uri)
		oflags |= SQLITE_OPEN_URI;
	int orc = sqlite3_open_v2(uri ? uri : path, &st->db, oflags, NULL);
	free(uri);
	if (orc != SQLITE_OK) {
		err_set(e, 1, "%s: %s", path, st->db ? sqlite3_errmsg(st->db) : "cannot open");
		store_close(st);
		return NULL;
	}
	/* A WAL left by a Bantu killed mid-write needs recovery, which a reader may
	 * not make (SQLITE_READONLY_RECOVERY): the recovery is SQLite's own, what any
	 * open would do (committed changes kept, the rest dropped); made once by a
	 * writer when the file can be written, then the file is opened read-only. */
	if (st->readonly && wal_needs_recovery(st->db) && recover_wal(path)) {
		sqlite3_close(st->db);
		st->db = NULL;
		uri = readonly_uri(path);
		orc = sqlite3_open_v2(uri ? uri : path, &st->db,
				      SQLITE_OPEN_READONLY | (uri ? SQLITE_OPEN_URI : 0), NULL);
		free(uri);
		if (orc != SQLITE_OK) {
			err_set(e, 1, "%s: %s", path, st->db ? sqlite3_errmsg(st->db) : "cannot open");
			store_close(st);
			return NULL;
		}
	}
	sqlite3_extended_result_codes(st->db, 0);
	if (!str_empty(getenv("BANTU_TRACE_SQL")))
		sqlite3_trace_v2(st->db, SQLITE_TRACE_PROFILE, trace_sql, NULL);
	sqlite3_busy_timeout(st->db, 2000);
	if (!store_exec(st, "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16384", e) ||
	    (!st->readonly && !store_exec(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", e)) ||
	    !migrate(st, e) || !prepare_statements(st, e) || !load_identity(st, e)) {
		store_close(st);
		return NULL;
	}
	return st;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->fold) {
		for (size_t i = 0; entity_all[i]; i++)
			fold_target_release(&st->fold[i]);
		free(st->fold);
	}
	sqlite3_finalize(st->op_insert);
	sqlite3_finalize(st->meta_set);
	store_fts_discard(st);
	free(st->fts);
	strbuf_release(&st->merge_touched);
	free(st->recheck);
	decision_forget(st);
	for (size_t i = 0; i < ARRAY_SIZE(st->cache); i++) {
		sqlite3_finalize(st->cache[i].stmt);
		free(st->cache[i].sql);
	}
	if (st->db)
		sqlite3_close(st->db);
	free(st->path);
	free(st->office_code);
	free(st->office_name);
	free(st->officer);
	free(st);
}

void store_progress(struct store *st, void (*fn)(int64_t done, int64_t total, void *arg),
		    void *arg)
{
	st->progress = fn;
	st->progress_arg = arg;
}

void store_bulk(struct store *st, bool on)
{
	store_exec(st, on ? "PRAGMA cache_size=-65536" : "PRAGMA cache_size=-16384", NULL);
	/* Sorts (an index made again after a bulk fill) in memory, not in temporary
	 * files: faster, and no personal data in /tmp. */
	store_exec(st, on ? "PRAGMA temp_store=MEMORY" : "PRAGMA temp_store=DEFAULT", NULL);
}

const char *store_path(const struct store *st)
{
	return st->path;
}

bool store_is_initialised(const struct store *st)
{
	return st->replica != 0 && st->office_code != NULL;
}

bool store_init_office(struct store *st, const char *office_code, const char *office_name,
		       struct err *e)
{
	if (store_is_initialised(st))
		return err_set(e, 1, _("%s: already set up for office %s"), st->path, st->office_code);
	int64_t replica = 0;
	while (replica <= 0)
		randombytes_buf(&replica, sizeof(replica));
	char rep[32];
	snprintf(rep, sizeof(rep), "%lld", (long long)replica);
	if (!store_begin(st, e))
		return false;
	if (!store_meta_set(st, "office_code", office_code, e) ||
	    !store_meta_set(st, "office_name", office_name ? office_name : "", e) ||
	    !store_meta_set(st, "replica", rep, e) || !store_commit(st, e)) {
		store_rollback(st);
		return false;
	}
	return load_identity(st, e);
}

const char *store_office_code(const struct store *st)
{
	return st->office_code ? st->office_code : "";
}

const char *store_office_name(const struct store *st)
{
	return st->office_name ? st->office_name : "";
}

int64_t store_replica_id(const struct store *st)
{
	return st->replica;
}

char *store_meta_get(struct store *st, const char *key)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT value FROM meta WHERE key = ?", NULL);
	char *v = NULL;
	if (!s)
		return NULL;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		v = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return v;
}

bool store_meta_set(struct store *st, const char *key, const char *value, struct err *e)
{
	sqlite3_stmt *s = st->meta_set;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, e, "meta");
	return true;
}

/* Inside a write transaction: this replica's chain head and clock as the file has
 * them now (another process, a command run while the screens are open, may have
 * written since we last looked). */
static void reload_head(struct store *st)
{
	if (!st->replica)
		return;
	sqlite3_stmt *s = store_stmt(st, "SELECT seq, hash, hlc FROM op WHERE origin = ?"
				     " ORDER BY seq DESC LIMIT 1", NULL);
	if (!s)
		return;
	sqlite3_bind_int64(s, 1, st->replica);
	if (sqlite3_step(s) == SQLITE_ROW) {
		st->next_seq = sqlite3_column_int64(s, 0) + 1;
		if (sqlite3_column_bytes(s, 1) == 32)
			memcpy(st->last_hash, sqlite3_column_blob(s, 1), 32);
		if (sqlite3_column_int64(s, 2) > st->hlc_max)
			st->hlc_max = sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	char *hm = store_meta_get(st, "hlc_max");
	int64_t v = hm ? strtoll(hm, NULL, 10) : 0;
	free(hm);
	if (v > st->hlc_max)
		st->hlc_max = v;
	purge_load(st);
}

bool store_begin(struct store *st, struct err *e)
{
	if (st->txn_depth++ > 0)
		return true;
	st->txn_failed = false;
	if (!store_exec(st, "BEGIN IMMEDIATE", NULL)) {
		st->txn_depth = 0;
		return store_fail(st, e, "begin");
	}
	reload_head(st);
	return true;
}

bool store_commit(struct store *st, struct err *e)
{
	if (st->txn_depth <= 0)
		return true;
	if (--st->txn_depth > 0)
		return true;
	if (st->txn_failed) {
		store_exec(st, "ROLLBACK", NULL);
		store_fts_discard(st);
		merge_forget(st);
		st->purge_done = false;
		return err_set(e, 1, _("%s: the change was undone after an error"), st->path);
	}
	char rep[32];
	snprintf(rep, sizeof(rep), "%lld", (long long)st->hlc_max);
	bool purged = st->purge_done;
	st->purge_done = false;
	/* This office's chain length, so that `bantu check` sees its last ops
	 * removed too (other offices' chains: their signed heads, chain_head). */
	char head[32];
	snprintf(head, sizeof(head), "%lld", (long long)(st->next_seq - 1));
	if (!merge_fixup(st, e) || !store_fts_flush(st, e) || !store_meta_set(st, "hlc_max", rep, e) ||
	    (st->replica && st->next_seq > 1 && !store_meta_set(st, "chain_seq", head, e)) ||
	    (purged && !purge_compact(st, e)) || !store_exec(st, "COMMIT", NULL)) {
		store_fail(st, e, "commit");
		store_exec(st, "ROLLBACK", NULL);
		store_fts_discard(st);
		load_identity(st, NULL);
		return false;
	}
	/* A purge: the WAL still holds the pages as they were; copy them into the
	 * database and empty it (best effort: a reader of another process may keep
	 * it; the next purge or checkpoint by SQLite overwrites the frames). */
	if (purged)
		store_exec(st, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
	return true;
}

void store_rollback(struct store *st)
{
	if (st->txn_depth <= 0)
		return;
	if (--st->txn_depth > 0) {
		st->txn_failed = true;
		return;
	}
	store_exec(st, "ROLLBACK", NULL);
	store_fts_discard(st);
	merge_forget(st);
	decision_forget(st);
	st->purge_done = false;
	/* Sequence numbers and the chain head were advanced in memory; reread them. */
	load_identity(st, NULL);
}

static int64_t wall_ms(void)
{
	return clock_now_ms();
}

int64_t store_hlc_now(struct store *st)
{
	int64_t wall = wall_ms(), now = wall << 16, base = st->hlc_max;
	/* Changes this office made while its clock said a far future (2099) would
	 * pin every later one there, each refused by the province: once the
	 * province's signed time shows the highest clock is ahead of it too, the
	 * clock goes on from the later of the two again. */
	int64_t prov, seen;
	if (hlc_ms(base) > wall + store_clock_drift(st) && store_province_time(st, &prov, &seen) &&
	    hlc_ms(base) > prov + store_clock_drift(st)) {
		int64_t lim = (wall > prov ? wall : prov) << 16;
		if (base > lim)
			base = lim;
	}
	int64_t h = now > base ? now : base + 1;
	if (h > st->hlc_max)
		st->hlc_max = h;
	return h;
}

static int64_t (*drift_source)(struct store *st);

void store_set_clock_drift_source(int64_t (*fn)(struct store *st))
{
	drift_source = fn;
}

void store_clock_drift_refresh(struct store *st)
{
	if (drift_source)
		store_set_clock_drift(st, drift_source(st));
}

void store_set_clock_drift(struct store *st, int64_t ms)
{
	st->clock_drift_ms = ms > 0 ? ms : 0;
}

int64_t store_clock_drift(const struct store *st)
{
	return st->clock_drift_ms > 0 ? st->clock_drift_ms : STORE_CLOCK_DRIFT_DEFAULT_MS;
}

void store_hlc_seen(struct store *st, int64_t hlc)
{
	int64_t cap = ((wall_ms() + store_clock_drift(st)) << 16) | 0xffff;
	if (hlc > cap)
		hlc = cap;
	if (hlc > st->hlc_max)
		st->hlc_max = hlc;
}

int64_t store_hlc_max(const struct store *st)
{
	return st->hlc_max;
}

bool store_clock_ahead(struct store *st)
{
	return st->hlc_max > 0 && wall_ms() - hlc_ms(st->hlc_max) > (int64_t)366 * 86400 * 1000;
}

bool store_clock_behind(struct store *st)
{
	/* More than a minute behind the highest clock seen. */
	return hlc_ms(st->hlc_max) > wall_ms() + 60000;
}
