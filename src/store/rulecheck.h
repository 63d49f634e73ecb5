/*
 * rulecheck.h - the store's side of the rules that span records
 * (model/invariants.c): live rows of an entity read in one ordered pass, and the
 * values of a field that more than one live record holds. Read-only queries over
 * the folded tables, so every office that holds the same ops reads the same rows.
 */
#ifndef BANTU_RULECHECK_H
#define BANTU_RULECHECK_H

#include "store/store.h"

/* One live row: its id and the asked columns as text (NULL = empty). Return
 * false to stop. */
typedef bool (*rule_row_fn)(const struct rid *id, const char *const *vals, void *arg);

/*
 * Every live row (deleted = 0) of ent, its columns cols (NULL-ended field
 * names), in the order of field order_by then id; with where_field set, only rows
 * whose where_field is one of where_values (NULL-ended). Fields that are not the
 * entity's are refused.
 */
bool store_rule_rows(struct store *st, const struct entity_def *ent, const char *const *cols,
		     const char *order_by, const char *where_field,
		     const char *const *where_values, rule_row_fn fn, void *arg, struct err *e);

/* Each value of field held by more than one live row of ent (NULLs aside), in
 * order, with how many hold it. */
bool store_rule_dup_keys(struct store *st, const struct entity_def *ent, const char *field,
			 bool (*fn)(const char *key, int64_t count, void *arg), void *arg,
			 struct err *e);

#endif
