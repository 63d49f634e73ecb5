/*
 * backup.c - a consistent, verified copy of the database while Bantu runs
 * (SQLite's online backup), and a working database made from one with a new
 * replica identity.
 */
#include "private.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/outfile.h"
#include "store/sync.h"

/* An error of a raw connection (the copy), in the words store_fail uses. */
static bool copy_fail(sqlite3 *db, int rc, const char *path, struct err *e)
{
	int code = db ? sqlite3_errcode(db) : rc;
	if (rc != SQLITE_OK && rc != SQLITE_ERROR)
		code = rc & 0xff;
	if (code == SQLITE_FULL)
		return err_set(e, 1, _("%s: the disk is full; the copy was not written"), path);
	if (code == SQLITE_READONLY)
		return err_set(e, 1, _("%s: the disk is read-only; the copy was not written"), path);
	if (code == SQLITE_IOERR || code == SQLITE_CANTOPEN)
		return err_set(e, 1, _("%s: cannot write to the disk (was the USB stick removed?);"
				       " the copy was not written"), path);
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return err_set(e, 1, _("%s: the database is in use by another Bantu (locked); try again"),
			       path);
	return err_set(e, 1, "%s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

/* The summary of a database as one connection sees it (inside its read
 * transaction, when one is open). */
static bool summary_read(sqlite3 *db, struct backup_summary *s)
{
	memset(s, 0, sizeof(*s));
	sqlite3_stmt *q = NULL;
	bool ok = sqlite3_prepare_v2(db, "SELECT count(*) FROM op", -1, &q, NULL) == SQLITE_OK &&
		  sqlite3_step(q) == SQLITE_ROW;
	if (ok)
		s->ops = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	for (size_t i = 0; ok && entity_all[i]; i++) {
		const struct entity_def *ent = entity_all[i];
		char *sql = xasprintf("SELECT count(*) FROM %s%s", ent->table,
				      entity_field_index(ent, FIELD_DELETED) >= 0 ? " WHERE deleted = 0" : "");
		q = NULL;
		ok = sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK &&
		     sqlite3_step(q) == SQLITE_ROW;
		if (ok)
			s->records += sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
		free(sql);
	}
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, sizeof(s->heads));
	q = NULL;
	if (ok && sqlite3_prepare_v2(db, "SELECT origin, max(seq), hash FROM op GROUP BY origin"
				     " ORDER BY origin", -1, &q, NULL) == SQLITE_OK) {
		int rc;
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			int64_t v[2] = { sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1) };
			crypto_generichash_update(&h, (const uint8_t *)v, sizeof(v));
			crypto_generichash_update(&h, sqlite3_column_blob(q, 2),
						  (size_t)sqlite3_column_bytes(q, 2));
		}
		ok = rc == SQLITE_DONE;
	} else {
		ok = false;
	}
	sqlite3_finalize(q);
	crypto_generichash_final(&h, s->heads, sizeof(s->heads));
	return ok;
}

static bool integrity_ok(sqlite3 *db)
{
	sqlite3_stmt *q = NULL;
	bool ok = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL) == SQLITE_OK &&
		  sqlite3_step(q) == SQLITE_ROW &&
		  str_eq((const char *)sqlite3_column_text(q, 0), "ok");
	sqlite3_finalize(q);
	return ok;
}

static bool fsync_path(const char *path, bool dir)
{
	int fd = open(path, dir ? O_RDONLY | O_DIRECTORY : O_RDONLY);
	if (fd < 0)
		return false;
	bool ok = fsync(fd) == 0 || errno == EINVAL;
	close(fd);
	return ok;
}

static bool fsync_dir_of(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		str_copy(dir, ".", 2);
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	bool ok = fsync_path(dir, true);
	free(dir);
	return ok;
}

/* Makes an empty file of mode 0600 at tmp (replacing a leftover one). */
static bool create_private(const char *tmp, struct err *e)
{
	unlink(tmp);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == ENOENT)
			return err_set(e, 1, _("%s: the folder is not there (was the USB stick removed?)"),
				       tmp);
		if (errno == EROFS || errno == EACCES || errno == EPERM)
			return err_set(e, 1, _("%s: cannot write here (read-only media or no permission)"),
				       tmp);
		return err_set(e, 1, "%s: %s", tmp, strerror(errno));
	}
	close(fd);
	return true;
}

/* Copies the main database of src into the file tmp (already created) and makes
 * it one self-contained file; then fsyncs it. */
static bool copy_into(sqlite3 *src, const char *tmp, struct err *e)
{
	sqlite3 *dst = NULL;
	int rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		copy_fail(dst, rc, tmp, e);
		sqlite3_close(dst);
		return false;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		copy_fail(dst, SQLITE_OK, tmp, e);
		sqlite3_close(dst);
		return false;
	}
	rc = sqlite3_backup_step(b, -1);
	int frc = sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		copy_fail(NULL, rc, tmp, e);
		sqlite3_close(dst);
		return false;
	}
	if (frc != SQLITE_OK) {
		copy_fail(dst, frc, tmp, e);
		sqlite3_close(dst);
		return false;
	}
	char *msg = NULL;
	rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, &msg);
	sqlite3_free(msg);
	if (rc != SQLITE_OK) {
		copy_fail(dst, rc, tmp, e);
		sqlite3_close(dst);
		return false;
	}
	if (sqlite3_close(dst) != SQLITE_OK)
		return err_set(e, 1, "%s: close failed", tmp);
	if (!fsync_path(tmp, false))
		return err_set(e, 1, _("%s: cannot write to the disk (was the USB stick removed?);"
				       " the copy was not written"), tmp);
	return true;
}

/* Opens the written copy read-only and compares it with what was copied. */
static bool verify_copy(const char *tmp, const struct backup_summary *want, struct err *e)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READONLY, NULL);
	struct backup_summary got;
	bool ok = rc == SQLITE_OK && integrity_ok(db) && summary_read(db, &got) &&
		  got.ops == want->ops && got.records == want->records &&
		  memcmp(got.heads, want->heads, sizeof(got.heads)) == 0;
	sqlite3_close(db);
	if (!ok)
		return err_set(e, 1, _("%s: the copy does not read back the same as the database;"
				       " it was not kept"), tmp);
	return true;
}

static void remove_db_files(const char *path)
{
	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
	char *jr = xasprintf("%s-journal", path);
	unlink(path);
	unlink(wal);
	unlink(shm);
	unlink(jr);
	free(wal);
	free(shm);
	free(jr);
}

bool store_backup(struct store *st, const char *out, struct backup_summary *sum, struct err *e)
{
	if (st->txn_depth > 0)
		return err_set(e, 1, "%s: backup inside a transaction", st->path);
	/* The temporary file checked, made private and owned by outfile; SQLite
	 * writes the copy into it by name. */
	struct outfile of;
	if (!outfile_open(&of, out, 0, e))
		return false;
	const char *tmp = of.tmp;
	struct backup_summary snap;
	bool ok = true;
	/* One read transaction: the summary and the copy see the same snapshot,
	 * whatever other processes write meanwhile (WAL). */
	bool in_txn = ok && store_exec(st, "BEGIN", e);
	ok = in_txn;
	if (ok && !summary_read(st->db, &snap))
		ok = store_fail(st, e, "backup");
	ok = ok && copy_into(st->db, tmp, e);
	if (in_txn)
		store_exec(st, "COMMIT", NULL);
	ok = ok && verify_copy(tmp, &snap, e);
	if (!ok) {
		remove_db_files(tmp); /* its journal too */
		outfile_abort(&of);
		return false;
	}
	ok = outfile_commit(&of, e);
	if (ok && sum)
		*sum = snap;
	return ok;
}

/* Moves the database at path (with its -wal and -journal, which hold its last
 * changes) to keep_as; its -shm goes. */
static bool keep_db_files(const char *path, const char *keep_as, struct err *e)
{
	static const char *const suffix[] = { "-wal", "-journal" };
	for (size_t i = 0; i < ARRAY_SIZE(suffix); i++) {
		char *from = xasprintf("%s%s", path, suffix[i]);
		char *to = xasprintf("%s%s", keep_as, suffix[i]);
		if (access(from, F_OK) == 0)
			rename(from, to);
		free(from);
		free(to);
	}
	char *shm = xasprintf("%s-shm", path);
	unlink(shm);
	free(shm);
	if (rename(path, keep_as) != 0)
		return err_set(e, 1, "%s: %s", keep_as, strerror(errno));
	return true;
}

/* The first problem store_verify reports, kept for the message. */
static void first_problem(const char *msg, void *arg)
{
	char **first = arg;
	if (!*first)
		*first = xstrdup(msg);
}

static bool raw_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *q = NULL;
	bool ok = sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW;
	if (ok)
		*out = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return ok;
}

/* Runs store_verify on an open database; e names the first problem. */
static bool verified_ok(struct store *st, const char *backup, struct err *e)
{
	char *first = NULL;
	int n = store_verify(st, first_problem, &first, e);
	if (n > 0)
		err_set(e, 1, ngettext("%s: the backup fails verification (%d problem: %s); it has been"
				       " changed or damaged since it was written; nothing was restored",
				       "%s: the backup fails verification (%d problems, the first: %s);"
				       " it has been changed or damaged since it was written; nothing"
				       " was restored", (unsigned long)n),
			backup, n, first ? first : "?");
	free(first);
	return n == 0;
}

bool store_backup_verify(const char *backup, struct backup_identity *id, struct err *e)
{
	memset(id, 0, sizeof(*id));
	if (access(backup, R_OK) != 0)
		return err_set(e, 1, "%s: %s", backup, strerror(errno));
	/* The format first, from the raw file: what is wrong, said plainly. */
	char *uri = readonly_uri(backup);
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(uri ? uri : backup, &db,
				 SQLITE_OPEN_READONLY | (uri ? SQLITE_OPEN_URI : 0), NULL);
	free(uri);
	int version = 0, app = 0;
	bool ok = rc == SQLITE_OK && integrity_ok(db);
	bool read = ok && raw_int(db, "PRAGMA user_version", &version) &&
		    raw_int(db, "PRAGMA application_id", &app);
	sqlite3_close(db);
	if (!ok || !read)
		return err_set(e, 1, _("%s: the backup is damaged (integrity check failed)"), backup);
	if (version == 0 || app != STORE_APP_ID)
		return err_set(e, 1, _("%s: not a backup of an office's database (not a Bantu"
				       " database)"), backup);
	if (version < 0)
		return err_set(e, 1, _("%s: a backup of an unknown format (schema %d); nothing was"
				       " restored"), backup, version);
	if (version > store_schema_latest())
		return err_set(e, 1, _("%s: a backup made by a newer Bantu (schema %d, this one knows"
				       " %d); upgrade Bantu to restore it"), backup, version,
			       store_schema_latest());
	struct store *st = store_open(backup, STORE_READONLY, e);
	if (!st && version < store_schema_latest()) {
		/* An older schema: verified in the restored copy, after its upgrade. */
		err_set(e, 0, "%s", "");
		return true;
	}
	if (!st)
		return false;
	ok = store_is_initialised(st) ||
	     err_set(e, 1, _("%s: not a backup of an office's database"), backup);
	ok = ok && verified_ok(st, backup, e);
	if (ok) {
		str_copy(id->office, store_office_code(st), sizeof(id->office));
		struct office_row me;
		if (store_office_get(st, id->office, &me)) {
			memcpy(id->sign_pk, me.sign_pk, sizeof(id->sign_pk));
			id->has_sign_pk = true;
		}
		id->verified = true;
	}
	store_close(st);
	return ok;
}

bool store_restore(const char *backup, const char *db_path, const char *keep_as,
		   const char *expect_office, int64_t *old_replica,
		   const struct backup_identity *verified, struct backup_summary *sum,
		   struct err *e)
{
	bool force = keep_as != NULL;
	struct backup_identity own;
	if (!verified) {
		if (!store_backup_verify(backup, &own, e))
			return false;
		verified = &own;
	}
	if (!force && access(db_path, F_OK) == 0)
		return err_set(e, 1, _("%s: a database is already there; restore does not overwrite it"
				       " (move it away, or use --force)"), db_path);
	if (access(backup, R_OK) != 0)
		return err_set(e, 1, "%s: %s", backup, strerror(errno));
	/* The backup is only read: checked and copied as it is. */
	sqlite3 *src = NULL;
	struct backup_summary snap;
	char *uri = readonly_uri(backup);
	int rc = sqlite3_open_v2(uri ? uri : backup, &src,
				 SQLITE_OPEN_READONLY | (uri ? SQLITE_OPEN_URI : 0), NULL);
	free(uri);
	/* (Its integrity was checked by store_backup_verify.) */
	bool ok = rc == SQLITE_OK;
	if (!ok) {
		sqlite3_close(src);
		return err_set(e, 1, _("%s: the backup is damaged (integrity check failed)"), backup);
	}
	if (!summary_read(src, &snap)) {
		sqlite3_close(src);
		return err_set(e, 1, _("%s: not a backup of an office's database"), backup);
	}
	char *tmp = xasprintf("%s.tmp", db_path);
	ok = create_private(tmp, e) && copy_into(src, tmp, e);
	sqlite3_close(src);

	/* The copy opened as a database: a backup of an older Bantu is brought up to
	 * date here; then its new identity (only the replica id changes). */
	struct store *st = ok ? store_open(tmp, 0, e) : NULL;
	ok = st != NULL;
	if (ok && !store_is_initialised(st))
		ok = err_set(e, 1, _("%s: not a backup of an office's database"), backup);
	/* A backup of an older schema could not be verified in place. */
	if (ok && !verified->verified)
		ok = verified_ok(st, backup, e);
	if (ok && expect_office && !str_eq(expect_office, store_office_code(st)))
		ok = err_set(e, 1, _("%s is a backup of office %s, but the database it would replace"
				     " is office %s's (with its own accounts and keys); restore it to"
				     " another --db, or add --other-office to replace this office"),
			     backup, store_office_code(st), expect_office);
	if (ok) {
		*old_replica = st->replica;
		int64_t replica = 0;
		while (replica <= 0 || replica == *old_replica)
			randombytes_buf(&replica, sizeof(replica));
		char rep[32], old[32];
		snprintf(rep, sizeof(rep), "%lld", (long long)replica);
		snprintf(old, sizeof(old), "%lld", (long long)*old_replica);
		ok = store_begin(st, e);
		/* The new replica's own chain is empty (the commit records its length
		 * from these); the old one's length is kept by the head
		 * store_adopt_origin signs. */
		st->replica = replica;
		st->next_seq = 1;
		memset(st->last_hash, 0, sizeof(st->last_hash));
		if (ok && (!store_meta_set(st, "replica", rep, e) ||
			   !store_meta_set(st, "restored_from", old, e) ||
			   !store_meta_set(st, "chain_seq", "0", e) ||
			   !store_regno_new_block(st, e) || !store_commit(st, e))) {
			store_rollback(st);
			ok = false;
		}
	}
	/* One file again (as the backup was): the read-only check of the copy below
	 * then makes no -wal or -shm beside it, which the rename would leave behind.
	 * The database goes back to WAL when Bantu next opens it. */
	if (ok && !store_exec(st, "PRAGMA journal_mode=DELETE", e))
		ok = false;
	store_close(st); /* the last connection: the WAL is checkpointed and removed */
	ok = ok && fsync_path(tmp, false) && verify_copy(tmp, &snap, e);
	if (ok) {
		if (force && access(db_path, F_OK) == 0)
			ok = keep_db_files(db_path, keep_as, e);
		if (ok && rename(tmp, db_path) != 0)
			ok = err_set(e, 1, "%s: %s", db_path, strerror(errno));
		else
			fsync_dir_of(db_path);
	}
	if (!ok) {
		remove_db_files(tmp);
	} else {
		char *wal = xasprintf("%s-wal", tmp), *shm = xasprintf("%s-shm", tmp);
		unlink(wal);
		unlink(shm);
		free(wal);
		free(shm);
	}
	if (ok && sum)
		*sum = snap;
	free(tmp);
	return ok;
}

bool store_adopt_origin(struct store *st, int64_t origin,
			void (*sign)(const uint8_t *msg, size_t len, uint8_t sig[64], void *arg),
			void *sign_arg, struct err *e)
{
	if (origin == st->replica)
		return true;
	sqlite3_stmt *s = store_stmt(st, "SELECT seq, hash, office FROM op WHERE origin = ?"
				     " ORDER BY seq DESC LIMIT 1", e);
	if (!s)
		return false;
	sqlite3_bind_int64(s, 1, origin);
	if (sqlite3_step(s) != SQLITE_ROW || sqlite3_column_bytes(s, 1) != 32) {
		sqlite3_reset(s);
		return true; /* the old replica made no change: nothing to relay */
	}
	int64_t seq = sqlite3_column_int64(s, 0);
	uint8_t hash[32], msg[HEAD_MSG_SIZE], sig[SIG_SIZE];
	memcpy(hash, sqlite3_column_blob(s, 1), 32);
	bool ours = str_eq((const char *)sqlite3_column_text(s, 2), store_office_code(st));
	sqlite3_reset(s);
	if (!ours)
		return err_set(e, 1, "replica %lld is not this office's", (long long)origin);
	head_message(origin, seq, hash, msg);
	sign(msg, sizeof(msg), sig, sign_arg);
	if (!store_begin(st, e))
		return false;
	s = store_stmt(st, "INSERT INTO chain_head(origin, office, seq, hash, sig) VALUES (?,?,?,?,?)"
		       " ON CONFLICT(origin) DO UPDATE SET seq = excluded.seq, hash = excluded.hash,"
		       " sig = excluded.sig WHERE excluded.seq >= chain_head.seq", e);
	bool ok = s != NULL;
	if (ok) {
		sqlite3_bind_int64(s, 1, origin);
		sqlite3_bind_text(s, 2, store_office_code(st), -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, seq);
		sqlite3_bind_blob(s, 4, hash, 32, SQLITE_STATIC);
		sqlite3_bind_blob(s, 5, sig, SIG_SIZE, SQLITE_STATIC);
		ok = sqlite3_step(s) == SQLITE_DONE || store_fail(st, e, "restore");
		sqlite3_reset(s);
	}
	if (!ok) {
		store_rollback(st);
		return false;
	}
	return store_commit(st, e);
}
