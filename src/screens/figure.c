/*
 * figure.c - one figure of the dashboard per kabupaten/kota: value, target
 * when it has one, share, and a bar; Enter on a row opens the records behind
 * it (the list, filtered to that kabupaten/kota, status and period).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/i18n.h"
#include "report/report.h"
#include "screens/screens.h"

struct figview {
	const struct figure *fig;
	struct report_filter_arg f;   /* a copy: the dashboard's may change */
	struct table *t;
	int sel, top;
	char *error;
};

static const enum action fig_actions[] = {
	ACT_OPEN, ACT_FILTER, ACT_PERIOD, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_FIRST,
	ACT_LAST, ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void compute(struct figview *v, struct tui *t)
{
	table_free(v->t);
	free(v->error);
	v->error = NULL;
	struct report_params p;
	report_filter_params(&v->f, t, &p);
	struct err e;
	err_clear(&e);
	v->t = figure_table(t->app->st, v->fig, &p, &e);
	if (!v->t)
		v->error = xstrdup(e.msg);
	v->sel = 0;
	v->top = 0;
}

static bool fig_open(struct screen *s, struct tui *t, void *arg)
{
	struct figview *v = s->state;
	const struct figure_arg *a = arg;
	v->fig = a->fig;
	v->f.kabupaten = dup_or_null(a->f->kabupaten);
	v->f.from = dup_or_null(a->f->from);
	v->f.to = dup_or_null(a->f->to);
	compute(v, t);
	return true;
}

static void fig_close(struct screen *s, struct tui *t)
{
	(void)t;
	struct figview *v = s->state;
	table_free(v->t);
	free(v->error);
	report_filter_release(&v->f);
}

#define W_NUM 12
#define W_HEAD 16
#define MAX_COLS 8

/* text right-aligned in width columns (by what the terminal shows, not bytes). */
static void text_right(int y, int x, int width, const char *text)
{
	int pad = width - tui_text_cols(text);
	if (pad > 0)
		tui_text(y, x, pad, "", true);
	else
		pad = 0;
	tui_text(y, x + pad, width - pad, text, true);
}

static void fig_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct figview *v = s->state;
	char right[160], left[160];
	report_filter_text(&v->f, t->app->st, right, sizeof(right));
	snprintf(left, sizeof(left), " %s", _(v->fig->label));
	tui_bar(t, 0, w, left, right);
	if (v->error) {
		tui_attr(t, ATTR_ERROR);
		tui_text(2, 2, w - 4, v->error, false);
		tui_attr(t, ATTR_NORMAL);
		return;
	}
	const struct table *tb = v->t;
	int ncols = (int)tb->ncols;     /* name, value, [target,] share */
	if (ncols > MAX_COLS)
		ncols = MAX_COLS;
	int wname = 30;
	/* A number column is as wide as its heading ("UMKM terdaftar") needs, up to
	 * W_HEAD; a longer heading of the figure's value ("Stimulus dicairkan (Rp)",
	 * which the title bar says already) is "Value", and leaves room for the bars. */
	const char *heads[MAX_COLS];
	int wc[MAX_COLS], wnums = 0;
	for (int c = 1; c < ncols; c++) {
		heads[c] = tb->heads[c];
		int hc = tui_text_cols(heads[c]) + 1;
		if (c == 1 && hc > W_HEAD) {
			heads[c] = _("Value");
			hc = tui_text_cols(heads[c]) + 1;
		}
		wc[c] = hc > W_NUM ? hc : W_NUM;
		/* Wide enough for its widest figure and a blank before it: a total
		 * ("Rp179.500.000") does not run into the next column. */
		for (size_t r = 0; r < tb->nrows; r++) {
			char *val = table_cell_text(tb, r, (size_t)c);
			int vc = tui_text_cols(val) + 1;
			free(val);
			if (vc > wc[c])
				wc[c] = vc;
		}
		wnums += wc[c];
	}
	/* The names give way to the figures (never below 12 columns). */
	if (wname + wnums + 2 > w)
		wname = w - wnums - 2 > 12 ? w - wnums - 2 : 12;
	int wbar = w - wname - wnums - 2;
	tui_attr(t, ATTR_DIM);
	int x = wname;
	tui_text(2, 0, wname, tb->heads[0], true);
	for (int c = 1; c < ncols; x += wc[c], c++)
		text_right(2, x, wc[c], heads[c]);
	int64_t max = 1;
	for (size_t r = 0; r < tb->nrows; r++)
		if (!tb->rows[r].total && tb->rows[r].cells[1].num > max)
			max = tb->rows[r].cells[1].num;
	int rows = h - 3;
	if (v->sel < v->top)
		v->top = v->sel;
	if (v->sel >= v->top + rows)
		v->top = v->sel - rows + 1;
	for (int i = 0; i < rows && v->top + i < (int)tb->nrows; i++) {
		int r = v->top + i, y = 3 + i;
		const struct table_row *row = &tb->rows[r];
		tui_attr(t, r == v->sel ? ATTR_SELECTED : row->total ? ATTR_WARNING : ATTR_NORMAL);
		char *name = table_cell_text(tb, (size_t)r, 0);
		tui_text(y, 0, wname, name, true);
		free(name);
		x = wname;
		for (int c = 1; c < ncols; x += wc[c], c++) {
			char *val = table_cell_text(tb, (size_t)r, (size_t)c);
			text_right(y, x, wc[c], val);
			free(val);
		}
		tui_attr(t, ATTR_NORMAL);
		if (!row->total && wbar > 3)
			tui_hbar(t, y, x + 2, wbar - 1, row->cells[1].num, max);
	}
}

static int open_row(struct figview *v, struct tui *t)
{
	const struct table_row *row = &v->t->rows[v->sel];
	if (row->total || !row->code)
		return TUI_REDRAW;
	const char *status;
	const struct entity_meta *m = figure_meta(v->fig, &status);
	if (!m)
		return TUI_REDRAW;
	/* The records counted: the period too, on the date the figure counts by. */
	struct list_arg la = { m, row->code, status, v->fig->date_field, v->f.from, v->f.to,
			       v->fig->label, v->fig->where, v->fig->nwhere };
	tui_push(t, &screen_registry_in, &la);
	return TUI_REDRAW;
}

static int fig_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	(void)k;
	struct figview *v = s->state;
	int n = v->t ? (int)v->t->nrows : 0;
	int page = LINES - 5 > 1 ? LINES - 5 : 1;
	switch (a) {
	case ACT_OPEN: return n ? open_row(v, t) : TUI_REDRAW;
	case ACT_UP: if (v->sel > 0) v->sel--; return TUI_REDRAW;
	case ACT_DOWN: if (v->sel + 1 < n) v->sel++; return TUI_REDRAW;
	case ACT_PAGE_UP: v->sel = v->sel > page ? v->sel - page : 0; return TUI_REDRAW;
	case ACT_PAGE_DOWN: v->sel = v->sel + page < n ? v->sel + page : (n ? n - 1 : 0); return TUI_REDRAW;
	case ACT_FIRST: v->sel = 0; return TUI_REDRAW;
	case ACT_LAST: v->sel = n ? n - 1 : 0; return TUI_REDRAW;
	case ACT_FILTER:
	case ACT_PERIOD:
		report_filter_key(&v->f, t, a);
		return TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

static int fig_answer(struct screen *s, struct tui *t, int id, bool yes, const char *text)
{
	struct figview *v = s->state;
	enum report_step r = report_filter_step(&v->f, t, id, yes, text);
	if (r == REPORT_STEP_DONE)
		compute(v, t);
	return TUI_REDRAW | (r == REPORT_STEP_REFUSED ? TUI_REASK : 0);
}

const struct screen_ops screen_figure = {
	.name = "figure",
	.state_size = sizeof(struct figview),
	.actions = fig_actions,
	.open = fig_open,
	.draw = fig_draw,
	.key = fig_key,
	.answer = fig_answer,
	.close = fig_close,
};
