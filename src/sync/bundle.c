/* bundle.c - keys, approvals, and the policy of bundle export and import. */
#include "sync/bundle.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <sys/stat.h>
#include <time.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/outfile.h"
#include "core/safetext.h"
#include "model/auth.h"
#include "store/account.h"
#include "model/region.h"
#include "model/rules.h"

char *sync_key_path(const char *db_path)
{
	return xasprintf("%s.keys", db_path);
}

bool sync_is_province(struct store *st)
{
	return region_code_level(store_office_code(st)) == REGION_PROVINSI;
}

/* Stores one office row in its own transaction. */
static bool office_save(struct store *st, const struct office_row *o, struct err *e)
{
	if (!store_begin(st, e))
		return false;
	if (!store_office_put(st, o, e)) {
		store_rollback(st);
		return false;
	}
	return store_commit(st, e);
}

/* The bytes a certificate signs: an office's code and public keys. */
static void cert_message(const struct office_row *o, struct strbuf *out)
{
	strbuf_add(out, "bantu-cert", 10);
	strbuf_add(out, o->code, strlen(o->code) + 1);
	strbuf_add(out, o->sign_pk, PK_SIZE);
	strbuf_add(out, o->box_pk, PK_SIZE);
}

static void keys_of(const struct office_row *o, struct office_keys *k)
{
	memset(k, 0, sizeof(*k));
	str_copy(k->code, o->code, sizeof(k->code));
	memcpy(k->sign_pk, o->sign_pk, PK_SIZE);
	memcpy(k->box_pk, o->box_pk, PK_SIZE);
}

static bool load_secret(struct store *st, const char *db_path, struct office_secret *me,
			struct err *e)
{
	char *path = sync_key_path(db_path);
	struct stat sb;
	bool ok = stat(path, &sb) == 0
		? office_secret_load(path, me, e)
		: err_set(e, 1, _("%s: this office's secret keys are missing (they are kept beside"
				  " the database, not in it); put the key file back there"), path);
	free(path);
	if (ok && !str_eq(me->pub.code, store_office_code(st)))
		ok = err_set(e, 1, _("the key file is office %s's, the database office %s's"),
			     me->pub.code, store_office_code(st));
	return ok;
}

bool sync_init_keys(struct store *st, const char *db_path, const char *province_key_file,
		    struct err *e)
{
	bool province = sync_is_province(st);
	struct office_keys prov;
	char prov_name[128] = "";
	if (province && province_key_file)
		return err_set(e, 2, _("the province office makes its own root key; "
				       "--province-key is for district offices"));
	if (!province && province_key_file) {
		if (!office_keys_load(province_key_file, &prov, prov_name, sizeof(prov_name), e))
			return false;
		char want[3] = { store_office_code(st)[0], store_office_code(st)[1], '\0' };
		if (!str_eq(prov.code, want))
			return err_set(e, 2, _("%s holds the keys of office %s, not of province %s"),
				       province_key_file, prov.code, want);
	}
	struct office_secret me;
	office_keys_generate(&me, store_office_code(st));
	char *path = sync_key_path(db_path);
	bool ok = office_secret_save(path, &me, e);
	free(path);
	if (!ok) {
		sodium_memzero(&me, sizeof(me));
		return false;
	}
	struct office_row self;
	memset(&self, 0, sizeof(self));
	str_copy(self.code, me.pub.code, sizeof(self.code));
	str_copy(self.name, store_office_name(st), sizeof(self.name));
	memcpy(self.sign_pk, me.pub.sign_pk, PK_SIZE);
	memcpy(self.box_pk, me.pub.box_pk, PK_SIZE);
	str_copy(self.status, OFFICE_SELF, sizeof(self.status));
	sodium_memzero(&me, sizeof(me));
	ok = store_begin(st, e) && store_office_put(st, &self, e);
	if (ok && !province && province_key_file) {
		struct office_row p;
		memset(&p, 0, sizeof(p));
		str_copy(p.code, prov.code, sizeof(p.code));
		str_copy(p.name, prov_name, sizeof(p.name));
		memcpy(p.sign_pk, prov.sign_pk, PK_SIZE);
		memcpy(p.box_pk, prov.box_pk, PK_SIZE);
		str_copy(p.status, OFFICE_PROVINCE, sizeof(p.status));
		ok = store_office_put(st, &p, e);
	}
	if (ok)
		return store_commit(st, e);
	store_rollback(st);
	return false;
}

static bool self_row(struct store *st, struct office_row *o, struct err *e)
{
	if (!store_office_get(st, store_office_code(st), o) || !str_eq(o->status, OFFICE_SELF))
		return err_set(e, 1, _("this database has no office keys (made before sync existed?)"));
	return true;
}

bool sync_keys_export(struct store *st, const char *path, struct err *e)
{
	struct office_row self;
	if (!self_row(st, &self, e))
		return false;
	struct office_keys k;
	keys_of(&self, &k);
	return office_keys_save(path, &k, self.name, e);
}

bool sync_fingerprint(struct store *st, char out[FINGERPRINT_SIZE], struct err *e)
{
	struct office_row self;
	if (!self_row(st, &self, e))
		return false;
	struct office_keys k;
	keys_of(&self, &k);
	office_fingerprint(&k, out);
	return true;
}

/* ---- export ---- */

static void sign_head(const uint8_t *msg, size_t len, uint8_t sig[SIG_SIZE], void *arg)
{
	const struct office_secret *me = arg;
	crypto_sign_detached(sig, NULL, msg, len, me->sign_sk);
}

struct include_ctx {
	bool province;
};

/* The province sends its own keys and every office it certified or revoked; a
 * district sends its own keys. */
static bool include_office(const struct office_row *o, void *arg)
{
	const struct include_ctx *c = arg;
	if (str_eq(o->status, OFFICE_SELF))
		return true;
	return c->province && o->has_cert &&
	       (str_eq(o->status, OFFICE_APPROVED) || str_eq(o->status, OFFICE_REVOKED));
}

static char *bundle_name(const char *from, const char *to, const char *dir)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	char *name = xasprintf("%s%sbantu-%s-to-%s-%s.bundle", dir ? dir : "", dir ? "/" : "",
			       from, to, stamp);
	return name;
}

bool sync_export(struct store *st, const char *db_path, const char *to, const char *out_path,
		 const char *dir, char **written, struct bundle_build_stats *stats, struct err *e)
{
	if (!auth_require(st, store_officer(st), AUTH_SYNC, e))
		return false;
	struct office_row peer;
	if (!store_office_get(st, to, &peer) || str_eq(peer.status, OFFICE_SELF)) {
		if (!sync_is_province(st) && region_code_level(to) == REGION_PROVINSI)
			return err_set(e, 1, _("the keys of province office %s are not known here; get"
					       " its keys file ('bantu keys export' there) and run:"
					       " bantu office trust FILE"), to);
		return err_set(e, 1, _("office %s is not known here; bundles go between the province"
				       " and its approved offices"), to);
	}
	if (str_eq(peer.status, OFFICE_REVOKED))
		return err_set(e, 1, _("office %s has been revoked"), to);
	if (str_eq(peer.status, OFFICE_PENDING))
		return err_set(e, 1, _("office %s is not approved yet: bantu office approve %s FINGERPRINT"),
			       to, to);
	/* The target checked before the bundle is built (see core/outfile.h). */
	if (out_path && !outfile_check(out_path, 0, e))
		return false;
	struct office_secret me;
	if (!load_secret(st, db_path, &me, e))
		return false;
	struct include_ctx inc = { sync_is_province(st) };
	uint8_t *payload = NULL;
	size_t len = 0;
	bool ok = store_bundle_build(st, to, sign_head, &me, include_office, &inc, &payload, &len,
				     stats, e);
	char *path = out_path ? xstrdup(out_path) : bundle_name(store_office_code(st), to, dir);
	if (ok) {
		struct office_keys rk;
		keys_of(&peer, &rk);
		ok = envelope_write(path, payload, len, &me, &rk, e);
	}
	sodium_memzero(&me, sizeof(me));
	store_bundle_free(payload);
	ok = ok && store_bundle_log_out(st, to, path, stats->ops, e);
	if (ok && written)
		*written = path;
	else
		free(path);
	return ok;
}

/* ---- import ---- */

struct import_ctx {
	char bad_name[400];            /* why an office's name was not kept */
	struct store *st;
	const char *sender;
	bool province;                 /* this office is the province */
	struct office_keys province_keys;
	bool have_province_keys;
};

static bool policy_office_key(const char *code, uint8_t pk[PK_SIZE], void *arg)
{
	struct import_ctx *c = arg;
	struct office_row o;
	if (!store_office_get(c->st, code, &o))
		return false;
	if (str_eq(o.status, OFFICE_PENDING))
		return false;
	/* What a revoked office sent before stays valid: its chain was signed then. */
	memcpy(pk, o.sign_pk, PK_SIZE);
	return true;
}

static bool policy_verify(const uint8_t *msg, size_t len, const uint8_t sig[SIG_SIZE],
			  const uint8_t pk[PK_SIZE], void *arg)
{
	(void)arg;
	return crypto_sign_verify_detached(sig, msg, len, pk) == 0;
}

static bool policy_office_row(struct store *st, const struct office_row *in, void *arg,
			      struct err *e)
{
	struct import_ctx *c = arg;
	/* An office's name is checked as one entering here would be (printable, at
	 * most 64 characters); a bad one is not kept (the certificate does not
	 * cover names), and the import says so. */
	struct office_row clean = *in;
	const struct office_row *o = &clean;
	struct err bad = { 0 };
	if (*in->name && !name_check(_("office name"), in->name, &bad)) {
		clean.name[0] = '\0';
		if (!c->bad_name[0])
			snprintf(c->bad_name, sizeof(c->bad_name),
				 _("office %s has a name that is not valid: %s"), in->code, bad.msg);
	}
	struct office_row have;
	bool known = store_office_get(st, o->code, &have);
	if (known && (str_eq(have.status, OFFICE_SELF) || str_eq(have.status, OFFICE_PROVINCE)))
		return true; /* our own keys and our province's are fixed at init */
	if (str_eq(o->code, c->sender)) {
		/* The sender's own row: its keys were checked on the envelope; take its name. */
		if (known && !*have.name && *o->name &&
		    memcmp(have.sign_pk, o->sign_pk, PK_SIZE) == 0) {
			str_copy(have.name, o->name, sizeof(have.name));
			return store_office_put(st, &have, e);
		}
		return true;
	}
	if (c->province || !c->have_province_keys || !o->has_cert)
		return true; /* only the province certifies other offices */
	struct strbuf msg = STRBUF_INIT;
	cert_message(o, &msg);
	bool valid = crypto_sign_verify_detached(o->cert, (const uint8_t *)msg.buf, msg.len,
						 c->province_keys.sign_pk) == 0;
	strbuf_release(&msg);
	if (!valid)
		return err_set(e, 1, _("the certificate of office %s is not the province's"), o->code);
	struct office_row row = *o;
	if (!str_eq(row.status, OFFICE_REVOKED))
		str_copy(row.status, OFFICE_APPROVED, sizeof(row.status));
	if (known) {
		row.last_heard = have.last_heard;
		row.last_sent = have.last_sent;
		if (str_eq(have.status, OFFICE_REVOKED))
			str_copy(row.status, OFFICE_REVOKED, sizeof(row.status));
	}
	return store_office_put(st, &row, e);
}

/* A first bundle from a district of this province: keep its keys, pending. */
static void record_pending(struct store *st, const struct envelope_header *h)
{
	struct office_row o;
	memset(&o, 0, sizeof(o));
	str_copy(o.code, h->sender.code, sizeof(o.code));
	memcpy(o.sign_pk, h->sender.sign_pk, PK_SIZE);
	memcpy(o.box_pk, h->sender.box_pk, PK_SIZE);
	str_copy(o.status, OFFICE_PENDING, sizeof(o.status));
	if (store_begin(st, NULL)) {
		if (store_office_put(st, &o, NULL))
			store_commit(st, NULL);
		else
			store_rollback(st);
	}
}

static bool check_sender(struct store *st, const char *file, const struct envelope_header *h,
			 struct err *e)
{
	const char *code = h->sender.code;
	struct office_row o;
	bool known = store_office_get(st, code, &o);
	char fp[FINGERPRINT_SIZE];
	office_fingerprint(&h->sender, fp);
	if (known && str_eq(o.status, OFFICE_REVOKED))
		return err_set(e, 1, _("%s: office %s has been revoked; its bundles are refused"), file,
			       code);
	if (known && str_eq(o.status, OFFICE_SELF))
		return err_set(e, 1, _("%s: this bundle was written by this office"), file);
	if (!known || str_eq(o.status, OFFICE_PENDING)) {
		char prov[3] = { store_office_code(st)[0], store_office_code(st)[1], '\0' };
		if (sync_is_province(st) && region_code_level(code) == REGION_KABKOTA &&
		    str_starts_with(code, prov)) {
			if (!known || memcmp(o.sign_pk, h->sender.sign_pk, PK_SIZE) != 0)
				record_pending(st, h);
			return err_set(e, 1, _("%s: office %s is not approved (fingerprint %s); check the"
					       " fingerprint with that office, then: bantu office approve"
					       " %s %s"), file, code, fp, code, fp);
		}
		return err_set(e, 1, _("%s: office %s is not known here"), file, code);
	}
	if (memcmp(o.sign_pk, h->sender.sign_pk, PK_SIZE) != 0 ||
	    memcmp(o.box_pk, h->sender.box_pk, PK_SIZE) != 0)
		return err_set(e, 1, _("%s: signed with other keys than office %s's (fingerprint %s)"),
			       file, code, fp);
	return true;
}

/* check_sender's yes, without its messages or its note of a pending office. */
static bool sender_trusted(struct store *st, const struct envelope_header *h)
{
	struct office_row o;
	return store_office_get(st, h->sender.code, &o) &&
	       (str_eq(o.status, OFFICE_APPROVED) || str_eq(o.status, OFFICE_PROVINCE)) &&
	       memcmp(o.sign_pk, h->sender.sign_pk, PK_SIZE) == 0 &&
	       memcmp(o.box_pk, h->sender.box_pk, PK_SIZE) == 0;
}

bool sync_import(struct store *st, const char *db_path, const char *file,
		 struct bundle_summary *sum, struct err *e)
{
	memset(sum, 0, sizeof(*sum));
	if (!auth_require(st, store_officer(st), AUTH_SYNC, e))
		return false;
	rules_install(); /* the program rules judge every incoming change */
	size_t n = 0;
	uint8_t *d = envelope_read(file, &n, e);
	if (!d)
		return false;
	struct envelope_header h;
	uint8_t *payload = NULL;
	size_t len = 0;
	bool ok = false;
	/* The usual bundle, for us from an office we trust with the keys we hold, goes
	 * straight to envelope_open_mem, which verifies its signature while it
	 * decrypts. Any other is refused on the careful path: the signature first,
	 * then the reasons in order, as the usual path would give them. */
	if (!envelope_header_unverified(d, n, file, &h, e))
		goto out;
	bool usual = str_eq(h.recipient, store_office_code(st)) && sender_trusted(st, &h);
	if (!usual) {
		if (!envelope_peek_mem(d, n, file, &h, e))
			goto out;
		if (!str_eq(h.recipient, store_office_code(st))) {
			err_set(e, 1, _("%s: the bundle is for office %s; this is office %s"), file,
				h.recipient, store_office_code(st));
			goto out;
		}
		if (!check_sender(st, file, &h, e))
			goto out;
	}
	struct office_secret me;
	if (!load_secret(st, db_path, &me, e)) {
		struct err damage; /* a damaged file says so before a missing key */
		if (usual && !envelope_peek_mem(d, n, file, &h, &damage))
			*e = damage;
		goto out;
	}
	ok = envelope_open_mem(d, n, file, &me, h.sender.sign_pk, &h, &payload, &len, e);
	sodium_memzero(&me, sizeof(me));
out:
	free(d);
	if (!ok)
		return false;
	struct import_ctx ctx = { .st = st, .sender = h.sender.code, .province = sync_is_province(st) };
	if (!ctx.province) {
		char prov[3] = { store_office_code(st)[0], store_office_code(st)[1], '\0' };
		struct office_row p;
		if (store_office_get(st, prov, &p) && str_eq(p.status, OFFICE_PROVINCE)) {
			keys_of(&p, &ctx.province_keys);
			ctx.have_province_keys = true;
		}
	}
	struct bundle_policy pol = {
		.office_key = policy_office_key,
		.verify = policy_verify,
		.office_row = policy_office_row,
		.arg = &ctx,
		/* No office's clock moves the province's: ops stamped beyond its own
		 * clock plus the drift are refused by a decision that travels as data. */
		.refuse_after_hlc = ctx.province
			? ((clock_now_ms() + store_clock_drift(st)) << 16) | 0xffff : 0,
		.from_province = !ctx.province && region_code_level(h.sender.code) == REGION_PROVINSI,
	};
	struct err inner = { 0 };
	ok = store_bundle_apply(st, payload, len, h.sender.code, file, &pol, sum, &inner);
	free(payload);
	if (ok)
		str_copy(sum->warning, ctx.bad_name, sizeof(sum->warning));
	if (!ok)
		err_set(e, inner.code ? inner.code : 1, "%s: %s", file, inner.msg);
	return ok;
}

bool sync_trust_province(struct store *st, const char *file, struct err *e)
{
	if (!auth_require(st, store_officer(st), AUTH_ADMIN, e))
		return false;
	if (sync_is_province(st))
		return err_set(e, 1, _("the province office trusts its own root key"));
	struct office_keys prov;
	char name[128] = "";
	if (!office_keys_load(file, &prov, name, sizeof(name), e))
		return false;
	char want[3] = { store_office_code(st)[0], store_office_code(st)[1], '\0' };
	if (!str_eq(prov.code, want))
		return err_set(e, 1, _("%s holds the keys of office %s, not of province %s"), file,
			       prov.code, want);
	struct office_row p;
	if (store_office_get(st, want, &p) && str_eq(p.status, OFFICE_PROVINCE))
		return memcmp(p.sign_pk, prov.sign_pk, PK_SIZE) == 0 ||
		       err_set(e, 1, _("this office already trusts other keys for province %s"), want);
	memset(&p, 0, sizeof(p));
	str_copy(p.code, prov.code, sizeof(p.code));
	str_copy(p.name, name, sizeof(p.name));
	memcpy(p.sign_pk, prov.sign_pk, PK_SIZE);
	memcpy(p.box_pk, prov.box_pk, PK_SIZE);
	str_copy(p.status, OFFICE_PROVINCE, sizeof(p.status));
	return office_save(st, &p, e);
}

/* ---- approvals ---- */

bool sync_office_approve(struct store *st, const char *db_path, const char *code,
			 const char *fingerprint, struct err *e)
{
	if (!auth_require(st, store_officer(st), AUTH_ADMIN, e))
		return false;
	if (!sync_is_province(st))
		return err_set(e, 1, _("only the province office approves offices"));
	struct office_row o;
	if (!store_office_get(st, code, &o) || str_eq(o.status, OFFICE_SELF))
		return err_set(e, 1, _("office %s has sent no bundle yet; import its first bundle,"
				       " then approve it"), code);
	struct office_keys k;
	keys_of(&o, &k);
	char fp[FINGERPRINT_SIZE];
	office_fingerprint(&k, fp);
	if (!str_eq(fp, fingerprint))
		return err_set(e, 1, _("the fingerprint of office %s is %s, not %s; do not approve"
				       " before you have checked it with that office"), code, fp,
			       fingerprint);
	struct office_secret me;
	if (!load_secret(st, db_path, &me, e))
		return false;
	struct strbuf msg = STRBUF_INIT;
	cert_message(&o, &msg);
	crypto_sign_detached(o.cert, NULL, (const uint8_t *)msg.buf, msg.len, me.sign_sk);
	sodium_memzero(&me, sizeof(me));
	strbuf_release(&msg);
	o.has_cert = true;
	str_copy(o.status, OFFICE_APPROVED, sizeof(o.status));
	return office_save(st, &o, e);
}

bool sync_office_revoke(struct store *st, const char *code, struct err *e)
{
	if (!auth_require(st, store_officer(st), AUTH_ADMIN, e))
		return false;
	if (!sync_is_province(st))
		return err_set(e, 1, _("only the province office revokes offices"));
	struct office_row o;
	if (!store_office_get(st, code, &o) || str_eq(o.status, OFFICE_SELF))
		return err_set(e, 1, _("office %s is not known here"), code);
	if (str_eq(o.status, OFFICE_REVOKED))
		return true; /* its cut-off stands */
	str_copy(o.status, OFFICE_REVOKED, sizeof(o.status));
	/* The cut-off travels as a signed op of the province: every office refuses
	 * this office's later changes, whichever office relays them. */
	if (!store_begin(st, e))
		return false;
	if (!store_office_put(st, &o, e) || !store_decide_revoke(st, code, e)) {
		store_rollback(st);
		return false;
	}
	return store_commit(st, e);
}

/* ---- removable media ---- */

static void push_dir(char ***v, size_t *n, const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return;
	*v = xrealloc(*v, (*n + 1) * sizeof(char *));
	(*v)[(*n)++] = xstrdup(path);
}

/* Adds the subfolders of base (depth 1 or 2). */
static void scan_mounts(char ***v, size_t *n, const char *base, int depth)
{
	DIR *d = opendir(base);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char *path = xasprintf("%s/%s", base, de->d_name);
		if (depth > 1)
			scan_mounts(v, n, path, depth - 1);
		else
			push_dir(v, n, path);
		free(path);
	}
	closedir(d);
}

size_t sync_removable_dirs(char ***out)
{
	char **v = NULL;
	size_t n = 0;
	const char *env = getenv("BANTU_MEDIA_DIRS");
	if (env) {
		char *copy = xstrdup(env);
		for (char *save = NULL, *t = strtok_r(copy, ":", &save); t; t = strtok_r(NULL, ":", &save))
			push_dir(&v, &n, t);
		free(copy);
	} else {
		scan_mounts(&v, &n, "/run/media", 2);
		char user[256];
		const char *u = getenv("USER");
		snprintf(user, sizeof(user), "/media/%s", u ? u : "root");
		scan_mounts(&v, &n, user, 1);
		/* Debian's usbmount mounts at /media/usb0..7 */
		for (int i = 0; i < 8; i++) {
			char p[32];
			snprintf(p, sizeof(p), "/media/usb%d", i);
			push_dir(&v, &n, p);
		}
	}
	*out = v;
	return n;
}

void sync_free_dirs(char **dirs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
}

struct found {
	char *path;
	char *why;
	time_t mtime;
};

static int newest_first(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	return (y->mtime > x->mtime) - (y->mtime < x->mtime);
}

size_t sync_bundles_in(struct store *st, const char *dir, char ***out, char ***why,
		       size_t *others, struct err *e)
{
	*out = NULL;
	if (why)
		*why = NULL;
	if (others)
		*others = 0;
	DIR *d = opendir(dir);
	if (!d) {
		err_set(e, 1, _("folder %s cannot be read: %s"), dir, strerror(errno));
		return 0;
	}
	struct found *f = NULL;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len < 8 || strcmp(de->d_name + len - 7, ".bundle") != 0)
			continue;
		char *path = xasprintf("%s/%s", dir, de->d_name);
		struct envelope_header h;
		struct stat sb;
		struct err pe;
		err_clear(&pe);
		bool read = stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
		bool whole = read && envelope_peek(path, &h, &pe);
		if (whole ? str_eq(h.recipient, store_office_code(st)) : read) {
			f = xrealloc(f, (n + 1) * sizeof(*f));
			f[n].path = path;
			/* The reason without the path it starts with: the file is named beside it. */
			size_t pl = strlen(path);
			const char *reason = strncmp(pe.msg, path, pl) == 0 && strncmp(pe.msg + pl, ": ", 2) == 0
					     ? pe.msg + pl + 2 : pe.msg;
			f[n].why = whole ? NULL : xstrdup(reason);
			f[n].mtime = sb.st_mtime;
			n++;
		} else {
			if (whole && others)
				(*others)++;
			free(path);
		}
	}
	closedir(d);
	if (n)
		qsort(f, n, sizeof(*f), newest_first);
	char **v = n ? xmalloc(n * sizeof(char *)) : NULL;
	char **w = n && why ? xmalloc(n * sizeof(char *)) : NULL;
	for (size_t i = 0; i < n; i++) {
		v[i] = f[i].path;
		if (w)
			w[i] = f[i].why;
		else
			free(f[i].why);
	}
	free(f);
	*out = v;
	if (why)
		*why = w;
	return n;
}
