/*
 * demo.h - synthetic, realistic UMKM and koperasi for trying Bantu out and for
 * benchmarks (`bantu demo`). Everything is made up from a seed with a small
 * deterministic generator (xoshiro256**), never rand(): the same seed gives the
 * same records (names, NIKs, regions, amounts...), only ids, registration
 * numbers and timestamps differ.
 *
 * Regions come from the database (loaded by `bantu init`): kabupaten/kota are
 * chosen in proportion to the config map demo.weights (region code ->
 * population); a kabupaten/kota without a weight gets the average of the given
 * ones, and with no weights at all every one is equally likely. Kecamatan and
 * desa are uniform within their parent. Nothing here knows a province.
 */
#ifndef BANTU_DEMO_H
#define BANTU_DEMO_H

#include <stdint.h>

#include "core/config.h"
#include "core/util.h"
#include "store/store.h"

/*
 * Fills the database with n_umkm UMKM and n_koperasi koperasi made up from seed,
 * through store_save (the clerks' save path), 10,000 records per transaction.
 * progress(done, total, arg) is called every 1,000 records and at the end
 * (progress may be NULL). cfg may be NULL (no weights: uniform regions).
 * Returns the number of records made, or -1 with e; on an error the batch in
 * progress is rolled back, batches already committed stay.
 *
 * Every UMKM passes registry_validate without errors: its NIK's region is its
 * kecamatan, its birth date an adult's (20-65 on 2020-05-01) with the women's
 * day + 40 matching jenis_kelamin. About 0.5% of UMKM belong to an owner of an
 * earlier one (same name, NIK and phone, same kecamatan), as in real registers.
 */
long demo_fill(struct store *st, const struct config *cfg, long n_umkm, long n_koperasi,
	       uint64_t seed, void (*progress)(long done, long total, void *arg), void *arg,
	       const char *officer, struct err *e);

/*
 * Whether demo records may be added here: only to a database whose every op was
 * made by demo_fill (demo_fill notes the op count it leaves in the meta key
 * demo_ops), so synthetic records never mix with real ones and travel as such.
 * False with e naming how many ops are not demo records.
 */
bool demo_allowed(struct store *st, struct err *e);

/* A demo of at least this many UMKM fills the programs too. */
#define DEMO_PROGRAMS_MIN 100

#endif
