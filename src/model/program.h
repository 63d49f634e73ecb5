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

/* Reads the programs' settings (programs.* of the config: items, targets,
 * budgets, quotas, lists) once after the config is loaded; without a call the
 * built-in defaults apply. program_config gives the settings to rules that read
 * them as they run (NULL before the call). */
struct config;
void programs_configure(const struct config *cfg);
void program_set_config(const struct config *cfg);
const struct config *program_config(void);

/* Appends to w from index n the conditions of the filter (kabupaten_kota =,
 * date_field >= from, date_field <= to; no dates when date_field is NULL);
 * w has room for three more. Returns the new count. */
size_t summary_where(const struct summary_filter *f, const char *date_field,
		     struct agg_where *w, size_t n);

/* Where store_aggregate's groups go in a summary table (summary_into_row is
 * the callback): the count is added to column col and each of the nsums sums
 * to the columns after it, in the row of the group's code. A group with no
 * row is skipped, or, when label_of is set, gets a row of its own labelled
 * through that field (registry_display; "-" for no value). */
struct summary_into {
	struct table *t;
	size_t col;
	const struct field_meta *label_of;
	struct store *st;
	int nsums;
};
bool summary_into_row(const char *group, int64_t count, const int64_t *sums, void *arg);

/* The programs in the home menu's order, NULL-ended. */
extern const struct program *const program_all[];
const struct program *program_find(const char *name);

#endif
