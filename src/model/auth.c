/*
 * auth.c - who may do what (see auth.h). Without accounts everyone may; once an
 * account exists, the officer must be an enabled account of this office whose
 * role allows the action. PINs are kept as Argon2id strings (libsodium).
 */
#include "model/auth.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <strings.h>

#include "core/i18n.h"
#include "core/safetext.h"
#include "store/account.h"

#define PIN_MIN 4
#define PIN_MAX 64

static const char *const role_names[ROLE_COUNT] = { "operator", "petugas", "pimpinan", "admin" };

static struct {
	bool configured;
	unsigned decide;      /* bit per role */
	int max_attempts;
} settings;

static void defaults(void)
{
	if (settings.configured)
		return;
	settings.decide = 1u << ROLE_PIMPINAN | 1u << ROLE_ADMIN;
	settings.max_attempts = 5;
	settings.configured = true;
}

void auth_configure(const struct config *cfg)
{
	settings.configured = false;
	defaults();
	if (!cfg)
		return;
	size_t n = 0;
	const char *const *deciders = config_list(cfg, "roles.decide", &n);
	if (deciders) {
		settings.decide = 0;
		for (size_t i = 0; i < n; i++) {
			enum auth_role r;
			if (auth_role_parse(deciders[i], &r))
				settings.decide |= 1u << r;
		}
	}
	int64_t m = config_int(cfg, "login.max_attempts");
	if (m > 0)
		settings.max_attempts = (int)m;
}

const char *auth_role_name(enum auth_role r)
{
	return r < ROLE_COUNT ? role_names[r] : "?";
}

const char *auth_role_text(enum auth_role r)
{
	switch (r) {
	case ROLE_OPERATOR: return _("operator: adds and edits records");
	case ROLE_PETUGAS: return _("petugas: also verifies, deletes, syncs and reports");
	case ROLE_PIMPINAN: return _("pimpinan: reads, reports and decides");
	case ROLE_ADMIN: return _("admin: everything, accounts and settings too");
	default: return "?";
	}
}

bool auth_role_parse(const char *name, enum auth_role *out)
{
	for (int r = 0; r < ROLE_COUNT && name; r++)
		if (strcasecmp(name, role_names[r]) == 0) {
			*out = (enum auth_role)r;
			return true;
		}
	return false;
}

const char *auth_action_text(enum auth_action a)
{
	switch (a) {
	case AUTH_READ: return _("open records");
	case AUTH_EDIT: return _("add or edit records");
	case AUTH_VERIFY: return _("verify applications");
	case AUTH_DELETE: return _("delete or restore records");
	case AUTH_SYNC: return _("export or import bundles");
	case AUTH_REPORT: return _("make reports");
	case AUTH_DECIDE: return _("make decisions (approval, payment)");
	case AUTH_ADMIN: return _("manage accounts, settings, offices, conflicts, merges and backups");
	}
	return "?";
}

bool auth_role_allows(enum auth_role r, enum auth_action a)
{
	defaults();
	if (a == AUTH_DECIDE)
		return r < ROLE_COUNT && (settings.decide & (1u << r));
	switch (r) {
	case ROLE_OPERATOR:
		return a == AUTH_READ || a == AUTH_EDIT;
	case ROLE_PETUGAS:
		return a == AUTH_READ || a == AUTH_EDIT || a == AUTH_VERIFY || a == AUTH_DELETE ||
		       a == AUTH_SYNC || a == AUTH_REPORT;
	case ROLE_PIMPINAN:
		return a == AUTH_READ || a == AUTH_REPORT;
	case ROLE_ADMIN:
		return true;
	default:
		return false;
	}
}

bool auth_accounts_exist(struct store *st)
{
	return st && store_account_count(st) != 0; /* an error counts as "exist": refuse */
}

/* The officer's account when it may work here; false with e. */
static bool usable_account(struct store *st, const char *officer, struct account *a,
			   struct err *e)
{
	if (str_empty(officer) || !store_account_get(st, officer, a))
		return err_set(e, 1, _("no account '%s' in this database; name an officer who has"
				       " one (--officer USERNAME)"), officer ? officer : "");
	if (!str_eq(a->office, store_office_code(st)))
		return err_set(e, 1, _("account '%s' belongs to office %s, not to this office (%s)"),
			       officer, a->office, store_office_code(st));
	if (a->disabled)
		return err_set(e, 1, _("account '%s' is disabled"), officer);
	if (a->locked)
		return err_set(e, 1, _("account '%s' is locked after too many wrong PINs; an admin must"
				       " set a new PIN"), officer);
	return true;
}

bool auth_officer_ok(struct store *st, const char *officer, struct err *e)
{
	struct account a;
	return !auth_accounts_exist(st) || usable_account(st, officer, &a, e);
}

bool auth_require(struct store *st, const char *officer, enum auth_action action,
		  struct err *e)
{
	if (!auth_accounts_exist(st))
		return true;
	struct account a;
	if (!usable_account(st, officer, &a, e))
		return false;
	enum auth_role r;
	if (!auth_role_parse(a.role, &r))
		return err_set(e, 1, _("account '%s' has an unknown role '%s'"), officer, a.role);
	if (!auth_role_allows(r, action))
		return err_set(e, 1, _("officer %s (%s) may not %s"), officer, a.role,
			       auth_action_text(action));
	return true;
}

bool auth_may(struct store *st, const char *officer, enum auth_action action)
{
	return auth_require(st, officer, action, NULL);
}

/* ---- accounts ---- */

bool auth_pin_acceptable(const char *pin, struct err *e)
{
	size_t n = pin ? strlen(pin) : 0;
	if (n < PIN_MIN)
		return err_set(e, 1, _("the PIN must have at least %d characters"), PIN_MIN);
	if (n > PIN_MAX)
		return err_set(e, 1, _("the PIN may have at most %d characters"), PIN_MAX);
	return true;
}

bool auth_username_acceptable(const char *username, struct err *e)
{
	size_t n = username ? strlen(username) : 0;
	bool ok = n >= 1 && n <= ACCOUNT_USERNAME_MAX;
	for (size_t i = 0; ok && i < n; i++) {
		unsigned char c = (unsigned char)username[i];
		ok = (c >= 'a' && c <= 'z') || isdigit(c) || c == '.' || c == '_' || c == '-';
	}
	if (!ok)
		return err_set(e, 1, _("username '%s': use 1 to %d small letters, digits, '.', '_'"
				       " or '-'"), username ? username : "", ACCOUNT_USERNAME_MAX);
	return true;
}

/* The Argon2id cost of a new PIN hash: libsodium's interactive level (64 MiB,
 * about 0.1 s), or its minimum when BANTU_TEST_PIN_COST=min, a test hook like
 * BANTU_NOW (the valgrind run pays seconds per hash otherwise). A hash made
 * cheaply is made again at the interactive level at its account's next login
 * without the hook (auth_login), so the hook cannot leave a weak PIN behind. */
static void pin_cost(unsigned long long *ops, size_t *mem)
{
	const char *v = getenv("BANTU_TEST_PIN_COST");
	if (v && str_eq(v, "min")) {
		*ops = crypto_pwhash_OPSLIMIT_MIN;
		*mem = crypto_pwhash_MEMLIMIT_MIN;
	} else {
		*ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		*mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	}
}

static char *hash_pin(const char *pin, struct err *e)
{
	char out[crypto_pwhash_STRBYTES];
	unsigned long long ops;
	size_t mem;
	pin_cost(&ops, &mem);
	if (crypto_pwhash_str(out, pin, strlen(pin), ops, mem) != 0) {
		err_set(e, 1, _("not enough memory to protect the PIN"));
		return NULL;
	}
	return xstrdup(out);
}

bool auth_account_add(struct store *st, const char *by, const char *username,
		      const char *name, const char *role, const char *pin, struct err *e)
{
	enum auth_role r;
	if (!auth_username_acceptable(username, e))
		return false;
	if (!str_empty(name) && !name_check(_("officer name"), name, e))
		return false;
	if (!auth_role_parse(role, &r))
		return err_set(e, 1, _("unknown role '%s' (operator, petugas, pimpinan or admin)"),
			       role ? role : "");
	if (auth_accounts_exist(st)) {
		if (!auth_require(st, by, AUTH_ADMIN, e))
			return false;
	} else if (r != ROLE_ADMIN) {
		return err_set(e, 1, _("the first account must be an admin"));
	}
	if (!auth_pin_acceptable(pin, e))
		return false;
	struct account a;
	memset(&a, 0, sizeof(a));
	str_copy(a.username, username, sizeof(a.username));
	str_copy(a.name, str_empty(name) ? username : name, sizeof(a.name));
	str_copy(a.office, store_office_code(st), sizeof(a.office));
	str_copy(a.role, role_names[r], sizeof(a.role));
	char *hash = hash_pin(pin, e);
	if (!hash)
		return false;
	bool ok = store_account_add(st, &a, hash, e);
	sodium_memzero(hash, strlen(hash));
	free(hash);
	return ok;
}

bool auth_account_set_pin(struct store *st, const char *by, const char *username,
			  const char *pin, struct err *e)
{
	struct account a;
	if (!store_account_get(st, username, &a))
		return err_set(e, 1, _("no account '%s'"), username ? username : "");
	if (!(by && str_eq(by, username) && auth_officer_ok(st, by, NULL)) &&
	    !auth_require(st, by, AUTH_ADMIN, e))
		return false;
	if (!auth_pin_acceptable(pin, e))
		return false;
	char *hash = hash_pin(pin, e);
	if (!hash)
		return false;
	bool ok = store_account_set_hash(st, username, hash, e);
	free(hash);
	return ok;
}

/* Whether username is the only enabled admin. */
static bool last_admin(struct store *st, const struct account *a)
{
	return str_eq(a->role, "admin") && !a->disabled &&
	       store_account_count_role(st, "admin") <= 1;
}

bool auth_account_set_role(struct store *st, const char *by, const char *username,
			   const char *role, struct err *e)
{
	enum auth_role r;
	struct account a;
	if (!auth_require(st, by, AUTH_ADMIN, e))
		return false;
	if (!store_account_get(st, username, &a))
		return err_set(e, 1, _("no account '%s'"), username ? username : "");
	if (!auth_role_parse(role, &r))
		return err_set(e, 1, _("unknown role '%s' (operator, petugas, pimpinan or admin)"),
			       role ? role : "");
	if (r != ROLE_ADMIN && last_admin(st, &a))
		return err_set(e, 1, _("'%s' is the only admin; make another admin first"), username);
	return store_account_set_role(st, username, role_names[r], e);
}

bool auth_account_set_disabled(struct store *st, const char *by, const char *username,
			       bool disabled, struct err *e)
{
	struct account a;
	if (!auth_require(st, by, AUTH_ADMIN, e))
		return false;
	if (!store_account_get(st, username, &a))
		return err_set(e, 1, _("no account '%s'"), username ? username : "");
	if (disabled && last_admin(st, &a))
		return err_set(e, 1, _("'%s' is the only admin; make another admin first"), username);
	return store_account_set_disabled(st, username, disabled, e);
}

/* ---- login ---- */

int auth_fail_delay_ms(int failures)
{
	if (failures <= 0)
		return 0;
	int ms = 500;
	for (int i = 1; i < failures && ms < 16000; i++)
		ms *= 2;
	return ms < 16000 ? ms : 16000;
}

enum auth_login auth_login(struct store *st, const char *username, const char *pin,
			   int *delay_ms, struct err *e)
{
	defaults();
	*delay_ms = 0;
	struct account a;
	char *hash = NULL;
	if (str_empty(username) || !store_account_get(st, username, &a) ||
	    !str_eq(a.office, store_office_code(st)) ||
	    !(hash = store_account_hash(st, username))) {
		*delay_ms = auth_fail_delay_ms(1);
		err_set(e, 1, "%s", _("wrong username or PIN"));
		return LOGIN_WRONG;
	}
	enum auth_login rc;
	if (a.locked) {
		err_set(e, 1, _("account '%s' is locked after too many wrong PINs; an admin must"
				" set a new PIN"), username);
		rc = LOGIN_LOCKED;
	} else if (crypto_pwhash_str_verify(hash, pin ? pin : "", pin ? strlen(pin) : 0) != 0) {
		int failures = a.failures + 1;
		bool lock = failures >= settings.max_attempts;
		if (!store_account_set_failures(st, username, failures, lock, e)) {
			rc = LOGIN_ERROR;
		} else if (lock) {
			err_set(e, 1, _("account '%s' is locked after too many wrong PINs; an admin must"
					" set a new PIN"), username);
			rc = LOGIN_LOCKED;
		} else {
			*delay_ms = auth_fail_delay_ms(failures);
			err_set(e, 1, _("wrong username or PIN (%d of %d tries left)"),
				settings.max_attempts - failures, settings.max_attempts);
			rc = LOGIN_WRONG;
		}
	} else if (a.disabled) {
		err_set(e, 1, _("account '%s' is disabled"), username);
		rc = LOGIN_DISABLED;
	} else {
		rc = LOGIN_OK;
		unsigned long long ops;
		size_t mem;
		pin_cost(&ops, &mem);
		bool again_made = false;
		if (crypto_pwhash_str_needs_rehash(hash, ops, mem) != 0) {
			/* Made at a lower cost (the test hook, an older release): made
			 * again now, which also clears the failures; should it fail (a
			 * read-only open), the old one stands and the login goes on. */
			struct err ignored = { 0 };
			char *again = hash_pin(pin ? pin : "", &ignored);
			again_made = again && store_account_set_hash(st, username, again, &ignored);
			free(again);
		}
		if (!again_made && a.failures &&
		    !store_account_set_failures(st, username, 0, false, e))
			rc = LOGIN_ERROR;
	}
	free(hash);
	return rc;
}
