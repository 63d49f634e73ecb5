/* duties.h - segregation of duties (issue 19, Money): an officer may not decide
 * or pay what they changed the basis of since the last decision. Part of the
 * program rules' verdict (rules.c), so a local save, an import, a resolve and
 * an incoming op are judged alike, from the op set alone. */
#ifndef BANTU_DUTIES_H
#define BANTU_DUTIES_H

#include <stdbool.h>
#include <stddef.h>

#include "model/registry.h"

/* Whether op (in) is a decision or payment its officer may not make; why says
 * so. The officer is office and name as the op carries them. */
bool duties_refuse(struct store *st, const struct verdict_in *in, char *why, size_t n);

#endif
