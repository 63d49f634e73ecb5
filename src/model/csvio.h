/*
 * csvio.h - the registry to and from the spreadsheets offices keep (CSV).
 *
 * Import: header names match field names ignoring case, spaces and punctuation
 * ("Nama Usaha" = nama_usaha), or the field's label; unknown columns are ignored
 * with a notice. Every bad row is rejected with its line and every reason; the
 * good rows are saved in one transaction. A row whose key (NIK for UMKM, legal
 * entity number for koperasi) and name match an existing record updates that
 * record (empty cells leave its values as they are), so importing a file twice
 * adds nothing.
 * Export: the same columns, values in the forms import reads back; a file that
 * holds NIKs (or bank accounts) says so in its first row, which import skips.
 */
#ifndef BANTU_CSVIO_H
#define BANTU_CSVIO_H

#include <stdio.h>

#include "model/registry.h"

struct import_options {
	bool dry_run;              /* check and count, save nothing */
	const char *rejects_path;  /* write rejected rows here, with a reason column */
	const char *officer;
};

struct import_summary {
	long rows, added, updated, unchanged, rejected, warnings;
	char encoding[16];         /* "UTF-8" or "Windows-1252" */
	char delimiter;
};

/*
 * Imports path into entity m. report receives each notice, warning and rejected
 * row as one line ("FILE:LINE: ..."). Returns false with e when the file cannot
 * be read or the transaction fails (then nothing is saved); rejected rows alone
 * do not make it fail.
 */
bool csv_import(struct store *st, const struct entity_meta *m, const char *path,
		const struct import_options *o, struct import_summary *sum,
		void (*report)(const char *line, void *arg), void *arg, struct err *e);

/* What an export writes; NULL options: every exported column. */
struct export_options {
	const char *const *columns;  /* field names, NULL-ended; NULL: every exported field */
};

/*
 * Whether an export of m with options holds personal identifiers (NIK, bank
 * accounts: personal == PD_IDENTIFIER). A screen that writes an export says so
 * before writing; the file says so in its first line (export_notice).
 */
bool export_has_personal_data(const struct entity_meta *m, const struct export_options *o);

/*
 * The notice an export with personal identifiers starts with, in the user's
 * language: "# DATA PRIBADI: berisi NIK Pemilik ..." (caller frees), or NULL
 * when there are none. It is the first row's only cell, so a spreadsheet shows
 * it in A1; import skips rows starting with '#' before the header.
 */
char *export_notice(const struct entity_meta *m, const struct export_options *o);

/* Writes the notice row of an export of m with options, when it holds personal
 * identifiers; nothing otherwise. Exports of their own columns (the bank's list)
 * name the fields of m they hold in options. */
void export_write_notice(const struct entity_meta *m, const struct export_options *o, FILE *out);

/* Writes one CSV row (comma-separated; NULL cells empty) to out, through line
 * (a buffer the caller keeps across rows and releases). */
void csv_put_row(struct strbuf *line, FILE *out, const char *const *row, size_t n);

/* Writes every active record of m as CSV (notice of personal data when there is
 * some, then the header) to out. */
bool csv_export(struct store *st, const struct entity_meta *m, FILE *out, long *count,
		struct err *e);

/* The export's columns: every field but the deleted/merged ones. */
bool csv_exported_field(const struct field_meta *f);

#endif
