/*
 * table.h - a table of figures: what a summary or report computes, before any
 * screen or file shows it. The model fills tables; the TUI draws them, the
 * command line prints them as text or CSV (and reports as workbooks).
 */
#ifndef BANTU_TABLE_H
#define BANTU_TABLE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "store/store.h"

enum col_kind {
	COL_TEXT,
	COL_COUNT,    /* a whole number: "1.234" */
	COL_MONEY,    /* whole Rupiah: "Rp1.234.000" */
	COL_PERCENT,  /* a number of tenths of a percent: 125 -> "12,5%" */
};

struct table_cell {
	char *text;   /* COL_TEXT cells; owned */
	int64_t num;  /* the others */
	bool blank;   /* nothing to show (a target that is not set) */
};

struct table_row {
	char *code;              /* what the row stands for (a region code), or NULL */
	bool total;              /* a total row */
	struct table_cell *cells;
};

struct table {
	char *title;             /* in the user's language; owned */
	size_t ncols;
	char **heads;            /* in the user's language; owned */
	enum col_kind *kinds;
	struct table_row *rows;
	size_t nrows, cap;
	/* Columns a workbook draws as bars per row (a value and, say, its target):
	 * 0 = none (column 0 is the rows' names). */
	size_t chart[2];
};

/* A table with title and ncols columns; set each with table_col. */
struct table *table_new(const char *title, size_t ncols);
void table_free(struct table *t);
void table_col(struct table *t, size_t col, const char *head, enum col_kind kind);
/* Appends a row (cells empty / zero); returns its index. code may be NULL. */
size_t table_add_row(struct table *t, const char *code);
void table_set_text(struct table *t, size_t row, size_t col, const char *text);
void table_set_num(struct table *t, size_t row, size_t col, int64_t v);
void table_add_num(struct table *t, size_t row, size_t col, int64_t v);
/* Shows nothing in a number cell (a target not set); a later set_num undoes it. */
void table_set_blank(struct table *t, size_t row, size_t col);
/* The row whose code is code, or -1. */
long table_find_row(const struct table *t, const char *code);
/* Appends a total row: label in column 0, sums of every count/money column (of
 * its cells that are not blank; blank where all are). */
void table_add_total(struct table *t, const char *label);
/* A cell as shown (numbers formatted the Indonesian way); caller frees. */
char *table_cell_text(const struct table *t, size_t row, size_t col);
/* The text of line `line` of the table laid out as text: line 0 is the
 * heads, line r + 1 is row r; caller frees. */
char *table_line_text(const struct table *t, size_t line, size_t col);
/* Each column's width in that layout: the widest of its head and cells as
 * measured by width (characters, or screen columns); caller frees. */
int *table_widths(const struct table *t, int (*width)(const char *s));

/*
 * One row per kabupaten/kota of the office's province (only `only` when not
 * NULL), in code order, named in column 0, code set: the usual first column of
 * a summary. Returns the number of rows added.
 */
size_t table_add_kabupaten_rows(struct table *t, struct store *st, const char *only);

/* Tables in order (a summary has several). */
struct tables {
	struct table **v;
	size_t n, cap;
};
void tables_add(struct tables *ts, struct table *t);
void tables_release(struct tables *ts);

/* Text for printing (aligned columns, title underlined) and CSV (one header
 * row per table, a blank line between tables). */
void tables_write_text(const struct tables *ts, FILE *out);
void tables_write_csv(const struct tables *ts, FILE *out);

#endif
