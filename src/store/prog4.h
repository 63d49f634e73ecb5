/*
 * prog4.h - queries of programs 1, 2 and 5 that store_aggregate cannot express.
 */
#ifndef BANTU_STORE_PROG4_H
#define BANTU_STORE_PROG4_H

#include "store/store.h"

/*
 * The distinct (group, value) pairs of active, unmerged records of ent with the
 * conditions of where (as in store_aggregate), in group order: e.g. the
 * businesses (value "umkm") with a live product per kabupaten/kota (group).
 * fn returns false to stop.
 */
bool store_distinct_pairs(struct store *st, const struct entity_def *ent, const char *group,
			  const char *value, const struct agg_where *where, size_t nwhere,
			  bool (*fn)(const char *group, const char *value, void *arg), void *arg,
			  struct err *e);

#endif
