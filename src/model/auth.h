/*
 * auth.h - who may do what. The model asks here before every change, so the
 * TUI and the command line cannot differ (issue 8: officers and roles).
 *
 * A database without accounts is a one-person laptop: everything is allowed.
 * Once accounts exist, the officer named in a call (app->officer: the logged-in
 * user in the TUI, --officer or the system user on the command line) must be
 * an account whose role allows the action.
 */
#ifndef BANTU_AUTH_H
#define BANTU_AUTH_H

#include <stdbool.h>

#include "core/config.h"
#include "core/util.h"
#include "store/store.h"

enum auth_action {
	AUTH_READ,      /* open and list records: every role */
	AUTH_EDIT,      /* add and edit registry and program records: operator and up */
	AUTH_VERIFY,    /* field verification (stimulus, prakerja forwarding): petugas */
	AUTH_DELETE,    /* delete with a reason, restore: petugas */
	AUTH_SYNC,      /* bundle export and import: petugas */
	AUTH_REPORT,    /* reports: pimpinan, petugas */
	AUTH_DECIDE,    /* decisions the config gives to a role (stimulus approval, payment) */
	AUTH_ADMIN,     /* accounts, settings, keys, office approvals, conflicts, merges */
};

/*
 * Whether officer may do action. False with e ("officer budi (operator) may not
 * delete records") when not; true when the database has no accounts.
 */
bool auth_require(struct store *st, const char *officer, enum auth_action action,
		  struct err *e);

/* ---- roles ---- */

enum auth_role { ROLE_OPERATOR, ROLE_PETUGAS, ROLE_PIMPINAN, ROLE_ADMIN, ROLE_COUNT };

/* The stable name ("operator"), stored and typed on the command line. */
const char *auth_role_name(enum auth_role r);
/* What the role may do, in the user's language (for lists and help). */
const char *auth_role_text(enum auth_role r);
/* A role by its name (case-insensitive); false when none. */
bool auth_role_parse(const char *name, enum auth_role *out);
/* What an action is, in the user's language ("delete or restore records"). */
const char *auth_action_text(enum auth_action a);

/*
 * Takes the settings in effect: which roles decide (roles.decide, default
 * pimpinan and admin) and the wrong PINs before a lock (login.max_attempts).
 * Until called (or with cfg NULL) the defaults hold. Process-wide.
 */
void auth_configure(const struct config *cfg);

/* Whether role r may do action a (the table, with the configured deciders). */
bool auth_role_allows(enum auth_role r, enum auth_action a);

/* Whether the database has accounts (then every change needs one). */
bool auth_accounts_exist(struct store *st);

/* auth_require without a message: for screens that hide what a role cannot do. */
bool auth_may(struct store *st, const char *officer, enum auth_action action);

/*
 * Whether officer may work here at all: true without accounts; else an enabled
 * account of this office ("no account 'x' in this database").
 */
bool auth_officer_ok(struct store *st, const char *officer, struct err *e);

/* ---- accounts (admin only once accounts exist) ---- */

/* A PIN or password: 4 to 64 characters. False with e otherwise. */
bool auth_pin_acceptable(const char *pin, struct err *e);
/* A username: 1 to 32 of a-z, 0-9, '.', '_', '-'. */
bool auth_username_acceptable(const char *username, struct err *e);

/*
 * Adds an account of this office; by is the officer doing it. Without accounts
 * anyone may add the first, which must be an admin.
 */
bool auth_account_add(struct store *st, const char *by, const char *username,
		      const char *name, const char *role, const char *pin, struct err *e);
/* A new PIN (also unlocks): an admin, or the officer for themself. */
bool auth_account_set_pin(struct store *st, const char *by, const char *username,
			  const char *pin, struct err *e);
/* Admin only; the last enabled admin cannot lose the role nor be disabled. */
bool auth_account_set_role(struct store *st, const char *by, const char *username,
			   const char *role, struct err *e);
bool auth_account_set_disabled(struct store *st, const char *by, const char *username,
			       bool disabled, struct err *e);

/* ---- login ---- */

enum auth_login {
	LOGIN_OK,
	LOGIN_WRONG,      /* unknown username or wrong PIN (not told apart) */
	LOGIN_LOCKED,     /* too many wrong PINs: an admin resets the PIN */
	LOGIN_DISABLED,
	LOGIN_ERROR,      /* the database failed: e says why */
};

/*
 * Checks a PIN (Argon2id, crypto_pwhash_str_verify). A wrong one counts; at
 * login.max_attempts in a row the account locks. *delay_ms is how long the
 * caller waits before the next try (growing with the failures), 0 on success.
 * e holds the message for the user on anything but LOGIN_OK.
 */
enum auth_login auth_login(struct store *st, const char *username, const char *pin,
			   int *delay_ms, struct err *e);

/* The wait after the n-th wrong PIN in a row: 0.5 s, 1 s, 2 s, ... at most 16 s. */
int auth_fail_delay_ms(int failures);

#endif
