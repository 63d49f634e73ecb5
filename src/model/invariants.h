/*
 * invariants.h - rules that span records, which offices working offline can
 * still break between them (two districts enrolling the last seat): the
 * stimulus budget and quotas, one stimulus per business (merged businesses
 * once) and per NIK, class capacity and one business once in a class, one open
 * Kartu Prakerja referral per NIK, one warung report per point and week, APD
 * accepted <= ordered and paid <= owed on an order, stock >= 0 per item and
 * office. Each violation is derived by a deterministic query over the folded
 * tables, so every office that holds the same ops lists the same rule
 * conflicts. A person settles one by editing or deleting one of its records
 * through the normal save path (or raising a capacity); meanwhile the records
 * it blocks do not proceed (the bank's payment list, a stimulus payment, an
 * APD payment). No curses, no SQL (store/rulecheck.c).
 */
#ifndef BANTU_INVARIANTS_H
#define BANTU_INVARIANTS_H

#include "model/registry.h"

enum rule_kind {
	RULE_STIMULUS_BUDGET,
	RULE_STIMULUS_QUOTA,
	RULE_STIMULUS_ONCE,      /* two approvals for one business or one NIK */
	RULE_CLASS_CAPACITY,
	RULE_CLASS_ONCE,         /* one business twice in a class */
	RULE_REFERRAL_ONCE,      /* two open Kartu Prakerja referrals for one NIK */
	RULE_REPORT_ONCE,        /* two warung reports for one point and week */
	RULE_APD_DELIVERED,      /* accepted > ordered on an order */
	RULE_APD_PAID,           /* paid > owed on an order */
	RULE_APD_STOCK,          /* stock < 0 of an item at an office */
	RULE_SAME_RANK,          /* two outcomes of one rank reached concurrently */
	RULE_KINDS
};

struct rule_record {
	const struct entity_meta *m;
	struct rid id;
	char *label;             /* "name (reg no, kabupaten/kota)" */
	bool blocked;            /* must not proceed until the conflict is settled */
	bool keep;               /* the record the suggestion keeps */
};

struct rule_conflict {
	enum rule_kind kind;
	const char *name;        /* "stimulus-budget", ... (stable, for scripts) */
	char *what;              /* what is wrong, one line */
	char *todo;              /* how to settle it */
	struct rule_record *records;
	size_t nrecords;
};

/* The short name and a sentence of explanation of a kind (translated). */
const char *invariant_name(enum rule_kind k);
const char *invariant_explain(enum rule_kind k);

/* Calls fn for each open rule conflict, in a fixed order (the same on every
 * office holding the same ops). Returns how many, or -1 with e. */
typedef void (*rule_conflict_fn)(const struct rule_conflict *c, void *arg);
int invariants_each(struct store *st, rule_conflict_fn fn, void *arg, struct err *e);

/* The records of ent blocked by an open rule conflict, sorted (free *out);
 * returns how many, or -1 with e. */
int invariants_blocked(struct store *st, const struct entity_def *ent, struct rid **out,
		       struct err *e);
/* Whether id is among them (a sorted array from invariants_blocked). */
bool invariants_in(const struct rid *v, int n, const struct rid *id);

/* Stimulus approvals that count more than once (the second and later of one
 * business or NIK): fn gets each one's kabupaten/kota, date proposed, approved
 * and paid amounts, so that totals can count each person once. */
bool invariants_stimulus_extra(struct store *st,
			       void (*fn)(const char *kab, const char *proposed, int64_t approved,
					  int64_t paid, void *arg),
			       void *arg, struct err *e);

/* The same approvals by id (free *out): how many, or -1 with e. The dashboard
 * leaves them out of its figures. */
int invariants_stimulus_extra_ids(struct store *st, struct rid **out, struct err *e);

#endif
