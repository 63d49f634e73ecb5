/*
 * prog_prog5.h - queries of the stimulus and Kartu Prakerja programs that
 * store_aggregate and store_find_by_field cannot express.
 */
#ifndef BANTU_STORE_PROG_PROG5_H
#define BANTU_STORE_PROG_PROG5_H

#include "store/store.h"

/*
 * Records of ent merged into the record whose id is hex (merged_into = hex),
 * deleted or not, up to max ids into out. Returns the count. (The surviving
 * record's program records include theirs.)
 */
int store_find_merged(struct store *st, const struct entity_def *ent, const char *hex,
		      struct rid *out, int max);

#endif
