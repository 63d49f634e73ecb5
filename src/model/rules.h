/*
 * rules.h - program rules that hold across offices (issue 20): the order of
 * each program's states (a state merges forward, never back by clock alone),
 * which office may make each move (authority by transition), the fields an
 * application's decision rests on (frozen once decided). One table answers a
 * local save (registry_save, delete, import, conflict resolution) and the
 * apply of an incoming op: rules_install registers rules_verdict with the
 * store's fold (store_set_verdict), so a change that breaks them is refused the
 * same way on every office, from the op set alone.
 */
#ifndef BANTU_RULES_H
#define BANTU_RULES_H

#include <stdbool.h>

#include "model/registry.h"

/* Registers the verdict with the store (idempotent). */
void rules_install(void);

/* The rank of a state in its program's order (0 for none or unknown). */
int rules_state_rank(const struct entity_meta *m, const char *state);

/* Whether moving a record from a decided state back to `to` is a reopening
 * this office may make (the province, back to the program's reopening state). */
bool rules_reopen_allowed(const struct entity_meta *m, const char *from, const char *to,
			  const char *office);

/* Whether office (a Kemendagri code) is a province office ("18"). */
bool rules_is_province_office(const char *office);

/*
 * What a local save at this office may do to rec (old as stored, or NULL): the
 * same verdict an incoming op gets, as issues (errors) for the form. A change
 * of a frozen decision field at the province reopens the decision in rec
 * (status back to verification, the decision's fields emptied).
 */
void rules_check_local(struct store *st, const struct entity_meta *m, struct record *rec,
		       const struct record *old, const char *officer, struct issues *out);

/* The frozen decision fields of an application (NULL-ended), or NULL. */
const char *const *rules_frozen_fields(const struct entity_meta *m);

#endif
