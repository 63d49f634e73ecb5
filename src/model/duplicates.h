/*
 * duplicates.h - businesses registered twice: the same owner's NIK and a similar
 * business name, registered by two offices. An officer merges them (the dropped
 * record's merged_into names the one kept; lists and counts then show one) or
 * marks them distinct businesses. Each decision is a record of the "duplikat"
 * entity whose id is made from the pair, so two offices deciding on the same pair
 * write the same record, and decisions travel in bundles like any change.
 */
#ifndef BANTU_DUPLICATES_H
#define BANTU_DUPLICATES_H

#include "model/registry.h"

struct dup_pair {
	const struct entity_meta *m;
	struct rid a, b;         /* a registered first */
	const struct record *ra, *rb;
};

/* Calls fn for every undecided pair of UMKM (same NIK, similar names, different
 * registering offices), in registration order. Returns the count, -1 on error. */
int dup_list(struct store *st, void (*fn)(const struct dup_pair *p, void *arg), void *arg,
	     struct err *e);

/* Whether two business names are alike enough to be one business. */
bool dup_names_similar(const char *a, const char *b);

/* Merges drop into keep, in one transaction with the decision. */
bool dup_merge(struct store *st, const struct entity_meta *m, const struct rid *keep,
	       const struct rid *drop, const char *officer, struct err *e);

/* Marks the pair as two distinct businesses. */
bool dup_distinct(struct store *st, const struct entity_meta *m, const struct rid *a,
		  const struct rid *b, const char *officer, struct err *e);

/* The record that stands for id: follows merged_into (cycles end at the smallest
 * id of the cycle, so every office picks the same). */
struct rid dup_survivor(struct store *st, const struct entity_def *ent, const struct rid *id);

#endif
