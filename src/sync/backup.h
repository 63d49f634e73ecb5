/*
 * backup.h - backup and restore of an office's database with its secret keys.
 *
 * `bantu backup -o FILE` writes FILE (the database, a verified single-file SQLite
 * copy, mode 0600) and FILE.keys (a copy of DB.keys, mode 0600) when the office
 * has its key file: without the keys a restored office could not sign its bundles.
 * `bantu restore FILE` reads both back (store_restore: new replica id) and signs
 * the old replica's chain head with the office key, so the ops of it the province
 * has not received still travel.
 */
#ifndef BANTU_SYNC_BACKUP_H
#define BANTU_SYNC_BACKUP_H

#include "store/store.h"

/* The key file beside a backup (or database): "PATH.keys". Caller frees. */
char *sync_backup_key_path(const char *path);

/* Writes the backup and its key file; *with_keys says whether the office had a
 * key file to copy. On failure neither file is left. */
bool sync_backup(struct store *st, const char *db_path, const char *out,
		 struct backup_summary *sum, bool *with_keys, struct err *e);

/* Makes a database at db_path from the backup (and BACKUP.keys when there is one:
 * copied to DB.keys); *with_keys says whether keys were restored. With force, a
 * database already there is kept as DB.replaced-YYYYMMDD-HHMMSS (its key file as
 * that name's .keys when the backup brings keys), named in *replaced (caller
 * frees; NULL when nothing was replaced). With expect_office, a backup of
 * another office is refused. */
bool sync_restore(const char *backup, const char *db_path, bool force,
		  const char *expect_office, char **replaced,
		  struct backup_summary *sum, bool *with_keys, struct err *e);

/* "DB.replaced-YYYYMMDD-HHMMSS" (local time), a name not yet taken. Caller frees. */
char *sync_replaced_path(const char *db_path);

#endif
