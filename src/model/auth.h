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

#endif
