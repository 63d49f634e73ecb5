/* opscan.h - a record's ops before a position in clock order. */
#ifndef BANTU_STORE_OPSCAN_H
#define BANTU_STORE_OPSCAN_H

#include <stdbool.h>

#include "store/store.h"

/* Calls fn for each op of record id (of entity) before pos in (hlc, origin,
 * seq) order that the rules did not refuse, oldest first. */
bool store_ops_before(struct store *st, const char *entity, const struct rid *id,
		      const struct op *pos, void (*fn)(const struct op *op, void *arg), void *arg,
		      struct err *e);

#endif
