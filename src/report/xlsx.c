/*
 * xlsx.c - tables as an Excel workbook through libxlsxwriter: a first sheet
 * saying what the report is, then a sheet per table with its title, a frozen
 * header row, real numbers with Indonesian formats, widths that fit, and a bar
 * chart per table that names chart columns.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <stdio.h>
#include <xlsxwriter.h>

#include "core/format.h"
#include "core/i18n.h"
#include "core/outfile.h"
#include "report/report.h"

#define SHEET_MAX 31   /* Excel's limit on a sheet name */

/* A sheet name from a title: no []:*?/\, at most 31 characters (whole UTF-8
 * characters), unique in the workbook (" (2)", " (3)"... appended). */
static void sheet_name(const char *title, char **used, size_t nused, char out[128])
{
	char base[128];
	size_t n = 0, chars = 0;
	for (const char *p = title; *p && chars < SHEET_MAX - 4; chars++) {
		int len = utf8_char_len(p);
		if (n + (size_t)len >= sizeof(base))
			break;
		bool bad = len == 1 && strchr("[]:*?/\\'", *p);
		if (bad)
			base[n++] = ' ';
		else
			for (int k = 0; k < len; k++)
				base[n++] = p[k];
		p += len;
	}
	base[n] = '\0';
	str_copy(out, base, 128);
	for (int k = 2;; k++) {
		bool taken = false;
		for (size_t i = 0; i < nused; i++)
			taken |= strcasecmp(used[i], out) == 0;
		if (!taken)
			return;
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s (%d)", base, k);
		str_copy(out, sb.buf, 128);
		strbuf_release(&sb);
	}
}

static size_t text_cols(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xc0) != 0x80;
	return n;
}

struct formats {
	lxw_format *title, *head, *head_num, *count, *money, *percent, *date, *total_text,
		*total_count, *total_money;
};

static void make_formats(lxw_workbook *wb, struct formats *f)
{
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 13);
	f->head = workbook_add_format(wb);
	format_set_bold(f->head);
	format_set_bottom(f->head, LXW_BORDER_THIN);
	format_set_text_wrap(f->head);
	format_set_align(f->head, LXW_ALIGN_VERTICAL_TOP);
	f->head_num = workbook_add_format(wb);
	format_set_bold(f->head_num);
	format_set_bottom(f->head_num, LXW_BORDER_THIN);
	format_set_text_wrap(f->head_num);
	format_set_align(f->head_num, LXW_ALIGN_RIGHT);
	format_set_align(f->head_num, LXW_ALIGN_VERTICAL_TOP);
	/* Number formats are codes, shown with the reader's separators: in an
	 * Indonesian Excel "Rp"#,##0 reads Rp1.234.000. */
	f->count = workbook_add_format(wb);
	format_set_num_format(f->count, "#,##0");
	f->money = workbook_add_format(wb);
	format_set_num_format(f->money, "\"Rp\"#,##0");
	f->percent = workbook_add_format(wb);
	format_set_num_format(f->percent, "0.0%");
	f->date = workbook_add_format(wb);
	format_set_num_format(f->date, "dd/mm/yyyy");
	format_set_align(f->date, LXW_ALIGN_LEFT);
	f->total_text = workbook_add_format(wb);
	format_set_bold(f->total_text);
	format_set_top(f->total_text, LXW_BORDER_THIN);
	f->total_count = workbook_add_format(wb);
	format_set_bold(f->total_count);
	format_set_top(f->total_count, LXW_BORDER_THIN);
	format_set_num_format(f->total_count, "#,##0");
	f->total_money = workbook_add_format(wb);
	format_set_bold(f->total_money);
	format_set_top(f->total_money, LXW_BORDER_THIN);
	format_set_num_format(f->total_money, "\"Rp\"#,##0");
}

static lxw_format *cell_format(const struct formats *f, enum col_kind k, bool total)
{
	switch (k) {
	case COL_TEXT: return total ? f->total_text : NULL;
	case COL_COUNT: return total ? f->total_count : f->count;
	case COL_MONEY: return total ? f->total_money : f->money;
	case COL_PERCENT: return f->percent;
	}
	return NULL;
}

/* Header row 1 (0-based), data from row 2. */
#define HEAD_ROW 1
#define DATA_ROW 2

static void write_table(lxw_workbook *wb, lxw_worksheet *ws, const char *sheet,
			const struct table *t, const struct formats *f)
{
	worksheet_write_string(ws, 0, 0, t->title, f->title);
	size_t *w = xcalloc(t->ncols, sizeof(size_t));
	for (size_t c = 0; c < t->ncols; c++) {
		const char *h = t->heads[c] ? t->heads[c] : "";
		worksheet_write_string(ws, HEAD_ROW, (lxw_col_t)c, h,
				       t->kinds[c] == COL_TEXT ? f->head : f->head_num);
		w[c] = text_cols(h) > 14 ? 14 : text_cols(h);
	}
	size_t data_rows = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		const struct table_row *row = &t->rows[r];
		lxw_row_t xr = (lxw_row_t)(DATA_ROW + r);
		for (size_t c = 0; c < t->ncols; c++) {
			lxw_format *fmt = cell_format(f, t->kinds[c], row->total);
			if (t->kinds[c] == COL_TEXT) {
				const char *s = row->cells[c].text ? row->cells[c].text : "";
				worksheet_write_string(ws, xr, (lxw_col_t)c, s, fmt);
				if (text_cols(s) > w[c])
					w[c] = text_cols(s);
			} else if (row->cells[c].blank) {
				worksheet_write_blank(ws, xr, (lxw_col_t)c, fmt);
			} else {
				double v = t->kinds[c] == COL_PERCENT ? (double)row->cells[c].num / 1000.0
								      : (double)row->cells[c].num;
				worksheet_write_number(ws, xr, (lxw_col_t)c, v, fmt);
				char *shown = table_cell_text(t, r, c);
				if (text_cols(shown) > w[c])
					w[c] = text_cols(shown);
				free(shown);
			}
		}
		if (!row->total)
			data_rows = r + 1;
	}
	for (size_t c = 0; c < t->ncols; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)w[c] + 2, NULL);
	worksheet_set_row(ws, HEAD_ROW, 30, NULL);
	worksheet_freeze_panes(ws, DATA_ROW, 1);
	free(w);
	if (!t->chart[0] || data_rows == 0)
		return;
	lxw_chart *chart = workbook_add_chart(wb, LXW_CHART_BAR);
	chart_title_set_name(chart, t->title);
	for (int k = 0; k < 2; k++) {
		size_t col = t->chart[k];
		if (!col)
			continue;
		lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
		chart_series_set_categories(s, sheet, DATA_ROW, 0, (lxw_row_t)(DATA_ROW + data_rows - 1), 0);
		chart_series_set_values(s, sheet, DATA_ROW, (lxw_col_t)col,
					(lxw_row_t)(DATA_ROW + data_rows - 1), (lxw_col_t)col);
		chart_series_set_name_range(s, sheet, HEAD_ROW, (lxw_col_t)col);
	}
	/* Rows read top to bottom as in the table. */
	chart_axis_set_reverse(chart->y_axis);
	chart_legend_set_position(chart, t->chart[1] ? LXW_CHART_LEGEND_BOTTOM : LXW_CHART_LEGEND_NONE);
	lxw_chart_options opt = { .x_scale = 1.4, .y_scale = data_rows > 10 ? 1.6 : 1.0 };
	worksheet_insert_chart_opt(ws, HEAD_ROW, (lxw_col_t)(t->ncols + 1), chart, &opt);
}

bool report_write_xlsx(const struct tables *ts, const char *title, const char *path,
		       struct err *e)
{
	/* The temporary file made private and checked by outfile; libxlsxwriter
	 * writes it by name, outfile renames it. */
	struct outfile of;
	if (!outfile_open(&of, path, 0, e))
		return false;
	lxw_workbook_options wo = { .constant_memory = LXW_FALSE, .tmpdir = NULL };
	lxw_workbook *wb = workbook_new_opt(of.tmp, &wo);
	if (!wb) {
		outfile_abort(&of);
		return err_set(e, 1, _("%s: cannot write the workbook"), path);
	}
	struct formats f;
	make_formats(wb, &f);
	char *t = xstrdup(title), *author = xstrdup("Bantu");
	lxw_doc_properties props = { .title = t, .author = author };
	workbook_set_properties(wb, &props);

	/* The first sheet: what this is and when it was made. */
	lxw_worksheet *info = workbook_add_worksheet(wb, _("Report"));
	worksheet_write_string(info, 0, 0, title, f.title);
	worksheet_write_string(info, 2, 0, _("Made on"), NULL);
	struct date today = date_today();
	lxw_datetime dt = { today.year, today.month, today.day, 0, 0, 0 };
	worksheet_write_datetime(info, 2, 1, &dt, f.date);
	worksheet_write_string(info, 3, 0, _("Sheets"), NULL);
	for (size_t i = 0; i < ts->n; i++)
		worksheet_write_string(info, (lxw_row_t)(4 + i), 1, ts->v[i]->title, NULL);
	worksheet_set_column(info, 0, 0, 16, NULL);
	worksheet_set_column(info, 1, 1, 50, NULL);

	char **used = xcalloc(ts->n + 1, sizeof(char *));
	used[0] = xstrdup(_("Report"));
	for (size_t i = 0; i < ts->n; i++) {
		char name[128];
		sheet_name(ts->v[i]->title, used, i + 1, name);
		used[i + 1] = xstrdup(name);
		lxw_worksheet *ws = workbook_add_worksheet(wb, name);
		write_table(wb, ws, name, ts->v[i], &f);
	}
	for (size_t i = 0; i <= ts->n; i++)
		free(used[i]);
	free(used);
	lxw_error rc = workbook_close(wb);
	free(t);
	free(author);
	if (rc != LXW_NO_ERROR) {
		outfile_abort(&of);
		return err_set(e, 1, _("%s: cannot write the workbook (%s)"), path, lxw_strerror(rc));
	}
	return outfile_commit(&of, e);
}
