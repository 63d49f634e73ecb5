/*
 * prog_stimulus.h - program 3, Stimulus: cash incentives from a fixed budget.
 * An application names a UMKM or koperasi and moves diajukan -> diverifikasi ->
 * disetujui | ditolak -> dicairkan; decisions and payments are the province
 * office's. Rules (in the save's transaction): approvals never exceed the budget
 * nor a kabupaten/kota's quota, payment never exceeds the approved amount, one
 * stimulus per beneficiary and per owner's NIK (merged businesses count once).
 */
#ifndef BANTU_PROG_STIMULUS_H
#define BANTU_PROG_STIMULUS_H

#include "model/program.h"

extern const struct entity_meta meta_stimulus;
extern const struct program program_stimulus;

/* Reads the checklist items from the settings (NULL: the built-in ones). */
void stimulus_configure(const struct config *cfg);

/* The budget (whole Rupiah), and a kabupaten/kota's quota (-1: none). */
/* Province settings (model/shared_settings.h); st NULL: the settings file. */
int64_t stimulus_budget(struct store *st);
int64_t stimulus_quota(struct store *st, const char *kabupaten);
/* Whether this office decides and pays (settings, else a province code). */
bool stimulus_is_province(struct store *st);

/* The budget meter: approved (disetujui + dicairkan) and paid amounts, of the
 * whole province (kabupaten NULL) or one kabupaten/kota; limit is the budget or
 * the quota (-1: none). */
struct stimulus_meter {
	int64_t limit, approved, paid, remaining;
	int64_t applications, approved_count;
};
bool stimulus_meter(struct store *st, const char *kabupaten, struct stimulus_meter *out,
		    struct err *e);

#endif
