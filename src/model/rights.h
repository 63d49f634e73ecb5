/*
 * rights.h - the one table of who may run which command or screen action
 * (issue 19, "Roles"). The command line looks a command up here before it runs
 * it (cli.c), the screens look their actions up here before they offer or run
 * them, `bantu help roles` prints it and the man page carries it (between
 * .\" BEGIN ROLES and .\" END ROLES, made by `make man`).
 *
 * A row names what is run (a command, with its subcommand or option when that
 * changes what it may do; or a screen action), the auth_action it needs (which
 * roles have it is auth_role_allows') and whether the officer's PIN is asked on
 * the command line (a change, or a copy of the office's secret keys). The model
 * still asks auth_require in every change path: the table decides first, the
 * model cannot be got round.
 */
#ifndef BANTU_RIGHTS_H
#define BANTU_RIGHTS_H

#include <stdbool.h>
#include <stdio.h>

#include "model/auth.h"

enum right_kind {
	RIGHT_NO_DB,    /* runs before there is a database with accounts: anyone */
	RIGHT_COMMAND,  /* a command on the command line */
	RIGHT_SCREEN,   /* an action on the screens (after the login's PIN) */
};

/* X(id, kind, command, sub, action, pin): sub is NULL (the command as such),
 * a subcommand word ("export"), or an option ("--nominatif"). Specific rows come
 * before their command's NULL row. */
#define RIGHTS_TABLE(X) \
	X(R_INIT, RIGHT_NO_DB, "init", NULL, AUTH_READ, false) \
	X(R_HELP, RIGHT_NO_DB, "help", NULL, AUTH_READ, false) \
	X(R_IMPORT, RIGHT_COMMAND, "import-csv", NULL, AUTH_EDIT, true) \
	X(R_EXPORT_PUBLIC_AKTIF, RIGHT_COMMAND, "export-csv", "--aktif", AUTH_READ, false) \
	X(R_EXPORT_PUBLIC_TAYANG, RIGHT_COMMAND, "export-csv", "--tayang", AUTH_READ, false) \
	X(R_EXPORT_NOMINATIF, RIGHT_COMMAND, "export-csv", "--nominatif", AUTH_DECIDE, false) \
	X(R_EXPORT_SURAT, RIGHT_COMMAND, "export-csv", "--surat", AUTH_VERIFY, false) \
	X(R_EXPORT, RIGHT_COMMAND, "export-csv", NULL, AUTH_REPORT, false) \
	X(R_REPORT, RIGHT_COMMAND, "report", NULL, AUTH_REPORT, false) \
	X(R_SUMMARY, RIGHT_COMMAND, "summary", NULL, AUTH_READ, false) \
	X(R_CHECK_REPAIR, RIGHT_COMMAND, "check", "--repair", AUTH_ADMIN, true) \
	X(R_CHECK, RIGHT_COMMAND, "check", NULL, AUTH_READ, false) \
	X(R_DELETE, RIGHT_COMMAND, "delete", NULL, AUTH_DELETE, true) \
	X(R_SET, RIGHT_COMMAND, "set", NULL, AUTH_EDIT, true) \
	X(R_BACKUP, RIGHT_COMMAND, "backup", NULL, AUTH_ADMIN, true) \
	X(R_RESTORE, RIGHT_COMMAND, "restore", NULL, AUTH_ADMIN, true) \
	X(R_DEMO, RIGHT_COMMAND, "demo", NULL, AUTH_EDIT, true) \
	X(R_BUNDLE_EXPORT, RIGHT_COMMAND, "bundle", "export", AUTH_SYNC, true) \
	X(R_BUNDLE_IMPORT, RIGHT_COMMAND, "bundle", "import", AUTH_SYNC, true) \
	X(R_BUNDLE, RIGHT_COMMAND, "bundle", NULL, AUTH_SYNC, true) \
	X(R_KEYS_EXPORT, RIGHT_COMMAND, "keys", "export", AUTH_SYNC, false) \
	X(R_KEYS, RIGHT_COMMAND, "keys", NULL, AUTH_READ, false) \
	X(R_DUP_MERGE, RIGHT_COMMAND, "duplicates", "merge", AUTH_ADMIN, true) \
	X(R_DUP_DISTINCT, RIGHT_COMMAND, "duplicates", "distinct", AUTH_ADMIN, true) \
	X(R_DUP, RIGHT_COMMAND, "duplicates", NULL, AUTH_READ, false) \
	X(R_CONFLICT_RESOLVE, RIGHT_COMMAND, "conflicts", "resolve", AUTH_ADMIN, true) \
	X(R_CONFLICTS, RIGHT_COMMAND, "conflicts", NULL, AUTH_READ, false) \
	X(R_OFFICE_APPROVE, RIGHT_COMMAND, "office", "approve", AUTH_ADMIN, true) \
	X(R_OFFICE_REVOKE, RIGHT_COMMAND, "office", "revoke", AUTH_ADMIN, true) \
	X(R_OFFICE_TRUST, RIGHT_COMMAND, "office", "trust", AUTH_ADMIN, true) \
	X(R_OFFICE, RIGHT_COMMAND, "office", NULL, AUTH_READ, false) \
	X(R_PURGE, RIGHT_COMMAND, "purge", NULL, AUTH_ADMIN, true) \
	X(R_OFFICER_PASSWD, RIGHT_COMMAND, "officer", "passwd", AUTH_READ, true) \
	X(R_OFFICER_LIST, RIGHT_COMMAND, "officer", "list", AUTH_ADMIN, false) \
	X(R_OFFICER, RIGHT_COMMAND, "officer", NULL, AUTH_ADMIN, true) \
	X(R_ACTIVITY, RIGHT_COMMAND, "activity", NULL, AUTH_REPORT, false) \
	X(R_SETTINGS_SET, RIGHT_COMMAND, "settings", "set", AUTH_ADMIN, true) \
	X(R_SETTINGS, RIGHT_COMMAND, "settings", NULL, AUTH_READ, false) \
	X(R_SCREEN_OPEN, RIGHT_SCREEN, "screen", "open", AUTH_READ, false) \
	X(R_SCREEN_EDIT, RIGHT_SCREEN, "screen", "add, edit", AUTH_EDIT, true) \
	X(R_SCREEN_DELETE, RIGHT_SCREEN, "screen", "delete, restore", AUTH_DELETE, true) \
	X(R_SCREEN_PURGE, RIGHT_SCREEN, "screen", "purge", AUTH_ADMIN, true) \
	X(R_SCREEN_VERIFY, RIGHT_SCREEN, "screen", "verify, forward", AUTH_VERIFY, true) \
	X(R_SCREEN_DECIDE, RIGHT_SCREEN, "screen", "approve, pay", AUTH_DECIDE, true) \
	X(R_SCREEN_SYNC, RIGHT_SCREEN, "screen", "Sinkronisasi", AUTH_SYNC, true) \
	X(R_SCREEN_BACKUP, RIGHT_SCREEN, "screen", "backup (F3)", AUTH_ADMIN, true) \
	X(R_SCREEN_REPORT, RIGHT_SCREEN, "screen", "Laporan", AUTH_REPORT, false) \
	X(R_SCREEN_ACCOUNTS, RIGHT_SCREEN, "screen", "accounts", AUTH_ADMIN, true)

enum right_id {
#define RIGHT_ENUM(id, kind, cmd, sub, action, pin) id,
	RIGHTS_TABLE(RIGHT_ENUM)
#undef RIGHT_ENUM
	R_COUNT
};

struct right {
	enum right_id id;
	enum right_kind kind;
	const char *command;
	const char *sub;
	enum auth_action action;
	bool pin;               /* asks the officer's PIN on the command line */
};

/* The row of id. */
const struct right *rights_get(enum right_id id);

/*
 * The row for a command line (argv[0] the command, then its arguments): the
 * first row of the command whose subcommand is argv[1] or whose option is
 * among the arguments, else its NULL row; NULL when the table has no row for
 * the command (cli.c refuses such a command: every command is in the table).
 */
const struct right *rights_for_argv(int argc, char **argv);

/* Whether role r may run row r (the table with auth_role_allows). */
bool rights_role_allows(const struct right *rt, enum auth_role role);

/* auth_require / auth_may for a row. */
bool rights_require(struct store *st, const char *officer, enum right_id id, struct err *e);
bool rights_may(struct store *st, const char *officer, enum right_id id);

/*
 * Prints the table: plain text (`bantu help roles`: one line a row, the command,
 * then yes/no per role in the order operator petugas pimpinan admin, then
 * pin/name) or roff (the man page's table).
 */
void rights_print(FILE *f, bool roff);

#endif
