/*
 * bundle.h - offline sync between offices: keys, approvals, bundle export and
 * import. Policy lives here (who may send what, whose keys are trusted); the SQL
 * is in store/sync.c and the file format in sync/envelope.c.
 *
 * Trust: the province office holds the root key pair made by `bantu init
 * --office 18`. A district is made with the province's public keys (`--province-key
 * FILE`) and makes its own. The province applies nothing from a district it has
 * not approved (`bantu office approve CODE FINGERPRINT`); it then certifies the
 * district's keys and its bundles carry those certificates and any revocations.
 * Every origin's chain of ops is signed at its head by its own office, so a
 * relayed op cannot be forged by the office relaying it.
 *
 * Secret keys live in DB.keys beside the database, mode 0600, never in the
 * database: a copy of the database alone exposes no secret.
 */
#ifndef BANTU_SYNC_BUNDLE_H
#define BANTU_SYNC_BUNDLE_H

#include "store/sync.h"
#include "sync/envelope.h"

/* The secret key file of a database: "PATH.keys". Caller frees. */
char *sync_key_path(const char *db_path);

/*
 * Makes this office's keys at init: a new key pair saved in the key file, the
 * office's own row; for a district, the province's public keys read from
 * province_key_file when given (refused for the province; without it a district
 * trusts its province later with sync_trust_province).
 */
bool sync_init_keys(struct store *st, const char *db_path, const char *province_key_file,
		    struct err *e);

/* Writes this office's public keys (safe to copy). */
bool sync_keys_export(struct store *st, const char *path, struct err *e);
/* This office's fingerprint. */
bool sync_fingerprint(struct store *st, char out[FINGERPRINT_SIZE], struct err *e);

/*
 * Writes a bundle for office `to` with every op it has not acknowledged. When
 * out_path is NULL the file is named bantu-FROM-to-TO-YYYYMMDD-HHMMSS.bundle in
 * dir (NULL: the current directory). written receives the path (caller frees).
 */
bool sync_export(struct store *st, const char *db_path, const char *to, const char *out_path,
		 const char *dir, char **written, struct bundle_build_stats *stats, struct err *e);

/*
 * Imports a bundle: refused before any write when damaged, not for this office,
 * from an unknown, unapproved or revoked office, or holding ops the sender may
 * not make. A first bundle from a district of this province is recorded as
 * pending approval (its keys only) and refused with the fingerprint to check.
 */
bool sync_import(struct store *st, const char *db_path, const char *file,
		 struct bundle_summary *sum, struct err *e);

/* A district office made without --province-key trusts its province's keys
 * file later (once; other keys for the same province are refused). */
bool sync_trust_province(struct store *st, const char *file, struct err *e);

/* The province approves a pending office whose fingerprint was checked. */
bool sync_office_approve(struct store *st, const char *db_path, const char *code,
			 const char *fingerprint, struct err *e);
/* Ends an office: its later bundles are refused; what it sent stays. */
bool sync_office_revoke(struct store *st, const char *code, struct err *e);

/*
 * Folders where removable media are mounted (/media/USER/LABEL, /run/media/USER/
 * LABEL, /media/LABEL), or those listed in $BANTU_MEDIA_DIRS (':'-separated, for
 * tests). Returns the count; *out and its strings are malloc'd: free with
 * sync_free_dirs.
 */
size_t sync_removable_dirs(char ***out);
void sync_free_dirs(char **dirs, size_t n);

/* Bundle files (*.bundle) addressed to this office in dir, newest first, and
 * those too damaged to say whom they are for (truncated, overwritten): for each,
 * in *why (when why is not NULL), NULL or what is wrong with it; free both with
 * sync_free_dirs. *others (when not NULL): the whole bundles there for other
 * offices. 0 with e set when dir cannot be read (it does not exist, is no
 * folder, ...). */
size_t sync_bundles_in(struct store *st, const char *dir, char ***out, char ***why,
		       size_t *others, struct err *e);

/* Whether this office is the province (a province-level code). */
bool sync_is_province(struct store *st);

#endif
