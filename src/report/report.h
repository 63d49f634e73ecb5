/*
 * report.h - Laporan: the figures the head of office is asked for, computed
 * from the store through the model's tables, and the named reports of
 * `bantu report` (text, CSV, XLSX). The dashboard screen and the command line
 * compute the same figures here; no screen computes a number.
 */
#ifndef BANTU_REPORT_H
#define BANTU_REPORT_H

#include "core/config.h"
#include "model/program.h"
#include "model/table.h"

/*
 * A headline figure: a count (or a sum of one field) of one kind of record,
 * filtered by conditions, grouped per kabupaten/kota; its period applies to
 * date_field. Deleted records never count, merged businesses count once.
 */
struct figure {
	const char *id;                /* "umkm", "stimulus-paid" */
	const char *label;             /* English msgid */
	const char *entity;            /* entity name */
	const char *sum;               /* field summed, or NULL: a count */
	const char *date_field;        /* the period filters it; NULL: no period */
	struct agg_where where[3];
	size_t nwhere;
	enum col_kind kind;            /* COL_COUNT or COL_MONEY */
	const char *target_key;        /* config key of its target (total), or NULL */
	const char *target_map;        /* config map of targets per kabupaten/kota, or NULL */
	/* Or the program's own targets: of kabupaten kab, or the total (kab NULL);
	 * 0 = none. Takes precedence over the keys. */
	int64_t (*target)(struct store *st, const char *kab);
	/* Records that would count more than once (a rule conflict: a person's
	 * second approval): left out of the figure (ids into *out, freed by the
	 * caller; how many, or -1). NULL: none. */
	int (*twice)(struct store *st, struct rid **out, struct err *e);
};

/* The figures of the dashboard, in order; NULL-ended. */
extern const struct figure *const figure_all[];
const struct figure *figure_find(const char *id);

struct report_params {
	struct summary_filter f;       /* kabupaten, from, to (YYYY-MM-DD) */
	const struct config *cfg;      /* targets */
	/* Called between figures (done of total); returns false to stop (a key in
	 * the TUI). NULL: never stops. */
	bool (*progress)(int done, int total, void *arg);
	void *arg;
};

/* A figure's value (total over the filter) and its target (0: none). */
bool figure_value(struct store *st, const struct figure *fig, const struct report_params *p,
		  int64_t *value, int64_t *target, struct err *e);

/*
 * A figure per kabupaten/kota: columns name, value, target (when the figure has
 * targets), share of the total (tenths of a percent); a total row. The rows'
 * codes are the kabupaten/kota codes.
 */
struct table *figure_table(struct store *st, const struct figure *fig,
			   const struct report_params *p, struct err *e);

/* The records behind a figure, as a list can show them: the entity's meta and
 * the one condition lists filter on (a value of its status field), or NULL. */
const struct entity_meta *figure_meta(const struct figure *fig, const char **status);

/* The dashboard: one row per figure: name, value, target, % of target. */
struct table *report_headlines(struct store *st, const struct report_params *p, struct err *e);

struct report_def {
	const char *name;              /* `bantu report NAME` */
	const char *title;             /* English msgid */
	bool (*build)(struct store *st, const struct report_params *p, struct tables *out,
		      struct err *e);
};

/* ringkasan, umkm, koperasi, one per program, bulanan; NULL-ended. */
extern const struct report_def *const report_all[];
const struct report_def *report_find(const char *name);
/* Builds report name into out (tables in order). */
bool report_build(struct store *st, const char *name, const struct report_params *p,
		  struct tables *out, struct err *e);

/* The month containing the date from (YYYY-MM-DD) or, when NULL, today: its
 * first and last days into from/to (11 bytes each), and the previous month's. */
void report_month(const char *date, char from[11], char to[11], char prev_from[11],
		  char prev_to[11]);

/* Writes tables as an Excel workbook (report/xlsx.c): a sheet per table, frozen
 * headers, Indonesian number and date formats, column widths that fit, a bar
 * chart per table that has a chart. */
bool report_write_xlsx(const struct tables *ts, const char *title, const char *path,
		       struct err *e);

#endif
