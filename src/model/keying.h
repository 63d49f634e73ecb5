/*
 * keying.h - what a form asks the model while a clerk keys (heads-down entry):
 * the fields a value just typed decides (the owner's sex from the NIK), the
 * fields whose value is settled and passed over going forward (that sex, a
 * district office's own kabupaten/kota), and the businesses already registered
 * with the NIK typed. No curses; the form (src/tui/form.c) calls these.
 */
#ifndef BANTU_MODEL_KEYING_H
#define BANTU_MODEL_KEYING_H

#include "model/registry.h"

/* After field of rec changed: fills the fields its value decides (the sex from
 * a valid NIK: a woman's day of birth + 40). True when one was filled. */
bool keying_fill(struct store *st, const struct entity_meta *m, struct record *rec,
		 const char *field);

/* Whether f's value is settled (the sex the NIK says; at a district office its
 * own kabupaten/kota), so that moving forward passes over it. */
bool keying_settled(struct store *st, const struct entity_meta *m, const struct record *rec,
		    const struct field_meta *f);

/* The businesses already registered (other than rec) with rec's NIK when it is
 * complete and valid, appended to out as "this NIK is already registered:
 * Warung Sri (18.71-U-000001)", "; " between. Returns how many (up to 3). */
int keying_same_nik(struct store *st, const struct entity_meta *m, const struct record *rec,
		    struct strbuf *out);

#endif
