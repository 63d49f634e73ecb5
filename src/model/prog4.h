/*
 * prog4.h - programs 1, 2 and 5: Warung Pesan Kirim (points and weekly
 * reports), Pemasaran Online (products moving diajukan -> dikurasi -> tayang
 * -> diturunkan) and Pelatihan Online (classes, participants, attendance,
 * certificates). Their record kinds, rules, summaries and exports, and what
 * their own screens (the weekly grid, the attendance list) need. No curses.
 */
#ifndef BANTU_PROG4_H
#define BANTU_PROG4_H

#include "core/config.h"
#include "core/format.h"
#include "model/program.h"

extern const struct entity_meta meta_warung;
extern const struct entity_meta meta_warung_laporan;
extern const struct entity_meta meta_produk;
extern const struct entity_meta meta_kelas;
extern const struct entity_meta meta_peserta;

extern const struct program program_warung;
extern const struct program program_produk;
extern const struct program program_pelatihan;

/* Takes the config lists (product categories, class topics) and the warung
 * targets; NULL gives the built-in defaults. Called once at start. */
void prog4_configure(const struct config *cfg);

/* The warung target of a kabupaten/kota: its entry in programs.warung.targets,
 * else an even share of what target_total leaves over the kabupaten/kota
 * without an entry (the first ones get the remainder). */
int64_t warung_target(struct store *st, const char *kabupaten);

/* The Monday of the week holding the ISO date (YYYY-MM-DD) into out; false when
 * the date is not one. */
bool warung_week_start(const char *iso, char out[DATE_BUFSZ]);

/* ---- the weekly grid: one row per active point of a kabupaten/kota ---- */

struct warung_row {
	struct rid titik;      /* the point */
	char *nama;            /* its name */
	char *reg_no;
	struct rid laporan;    /* the week's report, zero when none yet */
	char *pesanan, *omzet; /* stored values (NULL = empty); the grid edits these */
};

/* The active points of kabupaten (a code) in name order, each with its report
 * of the week starting on minggu (a Monday). Returns the count, or -1 with e. */
int warung_week_load(struct store *st, const char *kabupaten, const char *minggu,
		     struct warung_row **rows, struct err *e);
void warung_rows_free(struct warung_row *rows, int n);

/*
 * Saves the rows' reports of the week in one transaction: a row with both
 * numbers empty and no report is skipped; a report whose numbers are emptied
 * stays (numbers are required). On the first refused row nothing is written:
 * *bad is its index and out holds the issues. Returns the number of reports
 * written, or -1 (see *bad / e).
 */
int warung_week_save(struct store *st, const char *minggu, struct warung_row *rows, int n,
		     const char *officer, struct issues *out, int *bad, struct err *e);

/* ---- Pelatihan Online: participants of a class ---- */

struct peserta_row {
	struct rid id;
	char *nama;            /* the business's name */
	char *reg_no;          /* the participant's registration no. */
	char *kehadiran;       /* "hadir", "tidak hadir" or NULL */
	char *sertifikat;
};

/* The active participants of a class in name order. Returns the count, or -1. */
int pelatihan_peserta_load(struct store *st, const struct rid *kelas, struct peserta_row **rows,
			   struct err *e);
void peserta_rows_free(struct peserta_row *rows, int n);

/* Saves the rows' attendance in one transaction; the first refused row: *bad,
 * issues in out, nothing written. Returns the records written, or -1. */
int pelatihan_attendance_save(struct store *st, struct peserta_row *rows, int n,
			      const char *officer, struct issues *out, int *bad, struct err *e);

/* Enrols a business in a class (registry_save of a new participant). */
enum save_result pelatihan_enrol(struct store *st, const struct rid *kelas, const struct rid *umkm,
				 const char *officer, struct issues *out, struct err *e);

/* `bantu demo`: 226 warung points with a few weeks of reports, a few hundred
 * products along their states, a dozen classes with participants, built on the
 * registry's records. Inside the demo's transaction. */
bool demo_prog4(struct store *st, uint64_t seed, const char *officer, struct err *e);

#endif
