/*
 * program.h - the seven relief programs as the menus and summaries see them:
 * each names its record kinds (entity_meta) and computes its summary per
 * kabupaten/kota as tables. The TUI's program menu, `bantu summary NAME` and
 * the reports (issue 7) all start here.
 */
#ifndef BANTU_PROGRAM_H
#define BANTU_PROGRAM_H

#include "model/registry.h"
#include "model/table.h"

/* What every summary and report is limited to. NULL / empty = no limit. */
struct summary_filter {
	const char *kabupaten;   /* a kabupaten/kota code */
	const char *from, *to;   /* YYYY-MM-DD, inclusive */
};

struct program {
	const char *name;                        /* "warung": `bantu summary warung` */
	const char *title;                       /* English msgid: "Warung Pesan Kirim" */
	const struct entity_meta *const *metas;  /* its record kinds, NULL-ended */
	/* Appends the program's summary tables; false with e on error. */
	bool (*summary)(struct store *st, const struct summary_filter *f, struct tables *out,
			struct err *e);
};

/* The programs in the home menu's order, NULL-ended. */
extern const struct program *const program_all[];
const struct program *program_find(const char *name);

#endif
