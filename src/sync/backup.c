/* backup.c - backup and restore with the office's secret keys (see backup.h). */
#include "sync/backup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/outfile.h"
#include "sync/bundle.h"

char *sync_backup_key_path(const char *path)
{
	return xasprintf("%s.keys", path);
}

static bool exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

bool sync_backup(struct store *st, const char *db_path, const char *out,
		 struct backup_summary *sum, bool *with_keys, struct err *e)
{
	char *keys = sync_key_path(db_path);
	char *out_keys = sync_backup_key_path(out);
	struct office_secret me;
	*with_keys = exists(keys);
	/* Both targets checked before anything is written (the backup is not
	 * made only to be removed when its key file is refused). */
	bool ok = outfile_check(out, 0, e) && outfile_check(out_keys, 0, e);
	ok = ok && (!*with_keys || office_secret_load(keys, &me, e));
	ok = ok && store_backup(st, out, sum, e);
	if (ok && *with_keys && !office_secret_save(out_keys, &me, e)) {
		unlink(out);
		ok = false;
	}
	if (ok && !*with_keys)
		unlink(out_keys); /* a stale key file of an older backup must not pair with this one */
	sodium_memzero(&me, sizeof(me));
	free(keys);
	free(out_keys);
	return ok;
}

static void sign_head(const uint8_t *msg, size_t len, uint8_t sig[64], void *arg)
{
	const struct office_secret *me = arg;
	crypto_sign_detached(sig, NULL, msg, len, me->sign_sk);
}

char *sync_replaced_path(const char *db_path)
{
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32];
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	char *p = xasprintf("%s.replaced-%s", db_path, stamp);
	for (int n = 2; exists(p) && n < 1000; n++) {
		free(p);
		p = xasprintf("%s.replaced-%s-%d", db_path, stamp, n);
	}
	return p;
}

bool sync_restore(const char *backup, const char *db_path, bool force,
		  const char *expect_office, char **replaced,
		  struct backup_summary *sum, bool *with_keys, struct err *e)
{
	char *bkeys = sync_backup_key_path(backup);
	char *keys = sync_key_path(db_path);
	struct office_secret me;
	int64_t old = 0;
	*with_keys = exists(bkeys);
	*replaced = NULL;
	bool ok = true;
	if (!force && exists(db_path))
		ok = err_set(e, 1, _("%s: a database is already there; restore does not overwrite it"
				     " (move it away, or use --force)"), db_path);
	ok = ok && (!*with_keys || office_secret_load(bkeys, &me, e));
	if (ok && *with_keys && !force && exists(keys))
		ok = err_set(e, 1, _("%s: a key file is already there; restore does not overwrite it"
				     " (move it away, or use --force)"), keys);
	/* The backup verified, and its key file matched with it, before anything
	 * is made. */
	struct backup_identity id;
	ok = ok && store_backup_verify(backup, &id, e);
	if (ok && *with_keys && id.verified && !str_eq(me.pub.code, id.office))
		ok = err_set(e, 1, _("%s: the key file is office %s's, the backup office %s's;"
				     " nothing was restored"), bkeys, me.pub.code, id.office);
	if (ok && *with_keys && id.has_sign_pk &&
	    sodium_memcmp(me.pub.sign_pk, id.sign_pk, sizeof(id.sign_pk)) != 0)
		ok = err_set(e, 1, _("%s: these are not the keys of office %s as its backup knows"
				     " them (another key pair); nothing was restored"), bkeys, id.office);
	char *keep = force && exists(db_path) ? sync_replaced_path(db_path) : NULL;
	ok = ok && store_restore(backup, db_path, keep, expect_office, &old, &id, sum, e);
	if (ok && keep) {
		*replaced = keep;
		keep = NULL;
		/* The replaced database's keys stay with it. */
		char *kept_keys = sync_key_path(*replaced);
		if (*with_keys && exists(keys) && rename(keys, kept_keys) != 0)
			ok = err_set(e, 1, "%s: %s", kept_keys, strerror(errno));
		free(kept_keys);
	}
	free(keep);
	struct store *st = ok ? store_open(db_path, 0, e) : NULL;
	ok = st != NULL;
	if (ok && *with_keys && !str_eq(me.pub.code, store_office_code(st)))
		ok = err_set(e, 1, _("the key file is office %s's, the database office %s's"),
			     me.pub.code, store_office_code(st));
	if (ok && *with_keys)
		ok = office_secret_save(keys, &me, e);
	/* Keys restored, or already beside the database (restored over it): sign the
	 * old replica's head with them. */
	bool have = *with_keys || (ok && exists(keys) && office_secret_load(keys, &me, NULL) &&
				   str_eq(me.pub.code, store_office_code(st)));
	if (ok && have)
		ok = store_adopt_origin(st, old, sign_head, &me, e);
	store_close(st);
	sodium_memzero(&me, sizeof(me));
	free(bkeys);
	free(keys);
	return ok;
}
