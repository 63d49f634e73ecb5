/*
 * conflict.h - conflicts, derived from the op set so every office computes the
 * same list. Each op on a field names the version it replaced (its base). An op
 * whose clock is some other op's base was seen and replaced; the ops on a field
 * that nobody replaced are its heads. Two or more heads with different values
 * are a conflict: the field shows the winner by the rule (greatest hlc, origin),
 * and a person resolves it by a new edit that replaces every head.
 */
#ifndef BANTU_STORE_CONFLICT_H
#define BANTU_STORE_CONFLICT_H

#include "store/store.h"

/* The pseudo-field by which a resolving op names the other heads it replaces:
 * "_resolves.FIELD" = hex clocks joined by ','. Kept in the log, not folded. */
#define RESOLVES_PREFIX "_resolves."

struct conflict_side {
	int64_t hlc, origin;
	const char *value;     /* NULL = empty */
	const char *office;
	const char *officer;
};

struct conflict {
	const struct entity_def *ent;
	struct rid record;
	const char *field;
	const struct conflict_side *sides;  /* the winner first, then by clock, newest first */
	size_t nsides;
	/* A merge cycle (offices merged these records into each other): field is
	 * merged_into of the member shown; side k is the merge into member k (its
	 * value that member's id; the first, shown, empty): resolving with a side's
	 * value keeps that member. */
	bool merge_cycle;
};

/*
 * Calls fn for every unresolved conflict (of ent, or all entities when NULL; of
 * one record when record is not NULL), ordered by entity, record and field.
 * Strings are valid during the call. Returns the count, or -1 with e.
 */
int store_conflicts(struct store *st, const struct entity_def *ent, const struct rid *record,
		    void (*fn)(const struct conflict *c, void *arg), void *arg, struct err *e);

/*
 * Resolves a conflict on record.field by setting value (which may be one of the
 * sides' or a new one): one op that replaces every head. The caller's officer is
 * recorded. False with e when there is no conflict there.
 */
bool store_resolve(struct store *st, const struct entity_def *ent, const struct rid *record,
		   const char *field, const char *value, const char *officer, struct err *e);

/*
 * A state field of a program (the model's rules: a state merges forward, a
 * stale move is skipped, two outcomes of one rank are a rule conflict) is no
 * ordinary field conflict: state_field names it per entity (NULL: none).
 */
void store_set_state_field(const char *(*state_field)(const struct entity_def *ent));

/* For each record of ent on the list to examine (in record order), the heads of
 * field (as in a conflict: winner first). For the rules' own listing. */
int store_field_heads_each(struct store *st, const struct entity_def *ent, const char *field,
			   void (*fn)(const struct rid *id, const struct conflict_side *sides,
				      size_t n, void *arg),
			   void *arg, struct err *e);

/* Drops from the list of records to examine those whose every field has a single
 * head (nothing concurrent left that a later op could turn into a conflict). */
bool store_conflicts_tidy(struct store *st, struct err *e);

#endif
