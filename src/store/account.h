/*
 * account.h - officers' accounts of this database, and the activity report.
 *
 * Accounts are local to one database (a table of their own, never in the op
 * log or a bundle): each office keeps the accounts of the people who use its
 * laptop. The PIN is kept only as an Argon2id string (model/auth.c makes it).
 * Roles and rules are the model's (model/auth.h); this is storage only.
 */
#ifndef BANTU_STORE_ACCOUNT_H
#define BANTU_STORE_ACCOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/util.h"
#include "store/store.h"

#define ACCOUNT_USERNAME_MAX 32
#define ACCOUNT_NAME_MAX 128

struct account {
	char username[ACCOUNT_USERNAME_MAX + 1];
	char name[ACCOUNT_NAME_MAX + 1];
	char office[24];
	char role[16];          /* "operator", "petugas", "pimpinan", "admin" */
	bool disabled;
	bool locked;            /* too many wrong PINs in a row */
	int failures;           /* wrong PINs in a row */
	int64_t created, changed; /* unix seconds */
};

/* Accounts in the database (disabled ones too); -1 on error. */
int store_account_count(struct store *st);
/* Accounts with this role that are not disabled. */
int store_account_count_role(struct store *st, const char *role);

/* Reads an account; false when there is none. */
bool store_account_get(struct store *st, const char *username, struct account *out);
/* The PIN hash (Argon2id string) of an account; NULL when none. Caller frees. */
char *store_account_hash(struct store *st, const char *username);

/* Adds an account; refused when the username is taken. */
bool store_account_add(struct store *st, const struct account *a, const char *hash,
		       struct err *e);
/* Changes: each false with e when there is no such account. */
bool store_account_set_role(struct store *st, const char *username, const char *role,
			    struct err *e);
bool store_account_set_name(struct store *st, const char *username, const char *name,
			    struct err *e);
/* A new PIN hash; also clears the failure count and the lock. */
bool store_account_set_hash(struct store *st, const char *username, const char *hash,
			    struct err *e);
bool store_account_set_disabled(struct store *st, const char *username, bool disabled,
				struct err *e);
/* The wrong-PIN count and lock after a login attempt. */
bool store_account_set_failures(struct store *st, const char *username, int failures,
				bool locked, struct err *e);

/* Every account, by username. */
bool store_account_each(struct store *st, void (*fn)(const struct account *a, void *arg),
			void *arg, struct err *e);

/*
 * The officer this process works as (the TUI's logged-in officer, the command
 * line's --officer), for the paths that ask auth_require without an officer
 * argument (sync). A copy is kept; NULL clears it.
 */
void store_set_officer(struct store *st, const char *officer);
const char *store_officer(const struct store *st);

/*
 * The activity report: every field changed by ops made between from_ms and
 * to_ms (unix milliseconds of their clock, to excluded), by officer when not
 * NULL, in time order. Strings are valid during the call only.
 */
struct activity_entry {
	int64_t hlc;
	int64_t origin, seq;
	const char *office, *officer;
	const char *entity;
	struct rid record;
	const char *field, *old, *value;
	bool first_of_op;
};
bool store_activity(struct store *st, const char *officer, int64_t from_ms, int64_t to_ms,
		    void (*fn)(const struct activity_entry *a, void *arg), void *arg,
		    struct err *e);

#endif
