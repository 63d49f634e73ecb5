/*
 * prog_prakerja.h - program 6, Kartu Prakerja: referrals of UMKM owners to the
 * pre-employment card program. didata -> diteruskan (to Disnaker, with a letter)
 * -> terdaftar -> diterima | ditolak. Rules: 18 or older on the referral date
 * (from the NIK), one open referral per NIK, moves only along the arrows.
 */
#ifndef BANTU_PROG_PRAKERJA_H
#define BANTU_PROG_PRAKERJA_H

#include "model/program.h"

extern const struct entity_meta meta_prakerja;
extern const struct program program_prakerja;

/*
 * Forwards referrals (each didata) to Disnaker together: one letter number and
 * date (YYYY-MM-DD) for all, in one transaction. On any refusal nothing is
 * written and e names the referral and why. Returns the count forwarded, or -1.
 */
long prakerja_forward(struct store *st, const struct rid *ids, size_t n, const char *letter,
		      const char *date, const char *officer, struct err *e);

#endif
