/*
 * warung_grid.c - Warung Pesan Kirim: a week's reports keyed in a grid, one row
 * per active point of a kabupaten/kota, orders and turnover per row. Enter/Tab
 * moves to the next cell, Up/Down between rows; Save writes every row in one
 * transaction (the model refuses all when one row is wrong). The filter key
 * chooses the kabupaten/kota and the week.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/i18n.h"
#include "model/prog4.h"
#include "model/region.h"
#include "screens/screens.h"

enum { ANS_KAB = 1, ANS_WEEK, ANS_DISCARD };

struct grid {
	char *kab;                     /* kabupaten/kota code */
	char minggu[DATE_BUFSZ];       /* Monday, YYYY-MM-DD */
	struct warung_row *rows;
	int n, sel, col, top;          /* col 0 orders, 1 turnover */
	struct lineedit ed;            /* the cell being typed */
	bool editing, dirty;
};

static const enum action grid_actions[] = {
	ACT_SAVE, ACT_FILTER, ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_UP, ACT_DOWN, ACT_PAGE_UP,
	ACT_PAGE_DOWN, ACT_CLEAR_FIELD, ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};

static const char *const cell_field[2] = { "pesanan", "omzet" };

static char **cell(struct grid *g, int row, int col)
{
	return col == 0 ? &g->rows[row].pesanan : &g->rows[row].omzet;
}

static void load(struct grid *g, struct tui *t)
{
	warung_rows_free(g->rows, g->n);
	g->rows = NULL;
	g->n = g->sel = g->col = g->top = 0;
	g->editing = g->dirty = false;
	if (!g->kab)
		return;
	struct err e;
	err_clear(&e);
	int n = warung_week_load(t->app->st, g->kab, g->minggu, &g->rows, &e);
	if (n < 0) {
		tui_message(t, true, "%s", e.msg);
		return;
	}
	g->n = n;
}

/* Starts typing in the current cell: the stored digits. */
static void edit_cell(struct grid *g)
{
	if (g->n == 0)
		return;
	lineedit_set(&g->ed, *cell(g, g->sel, g->col));
	g->ed.cur = g->ed.len;
	g->editing = true;
}

/* Reads the cell typed; false (message shown) when it is not a number. */
static bool commit_cell(struct grid *g, struct tui *t)
{
	if (!g->editing || g->n == 0)
		return true;
	const struct field_meta *f = registry_field(&meta_warung_laporan, cell_field[g->col]);
	char *text = lineedit_text(&g->ed);
	char *v = NULL;
	struct err e;
	err_clear(&e);
	bool ok = registry_parse(t->app->st, NULL, f, text, &v, &e);
	free(text);
	if (!ok) {
		tui_message(t, true, "%s: %s", _(f->label), e.msg);
		return false;
	}
	char **c = cell(g, g->sel, g->col);
	if (!str_eq(*c, v) && !(!*c && !v))
		g->dirty = true;
	free(*c);
	*c = v;
	return true;
}

static bool grid_open(struct screen *s, struct tui *t, void *arg)
{
	(void)arg;
	struct grid *g = s->state;
	lineedit_init(&g->ed, 20, NULL);
	struct date today = date_today();
	char iso[DATE_BUFSZ];
	date_format_iso(&today, iso, sizeof(iso));
	warung_week_start(iso, g->minggu);
	const char *office = store_office_code(t->app->st);
	if (region_code_level(office) == REGION_KABKOTA) {
		g->kab = xstrdup(office);
	} else {
		/* The province: the first kabupaten/kota until another is chosen. */
		struct table *k = table_new("", 1);
		if (table_add_kabupaten_rows(k, t->app->st, NULL) > 0)
			g->kab = xstrdup(k->rows[0].code);
		table_free(k);
	}
	load(g, t);
	edit_cell(g);
	return true;
}

static void grid_close(struct screen *s, struct tui *t)
{
	(void)t;
	struct grid *g = s->state;
	warung_rows_free(g->rows, g->n);
	lineedit_release(&g->ed);
	free(g->kab);
}

#define GRID_TOP 4

static void grid_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct grid *g = s->state;
	char left[200], right[80];
	snprintf(left, sizeof(left), " %s - %s", _("Warung Pesan Kirim"), _("weekly reports"));
	snprintf(right, sizeof(right), ngettext("%d point ", "%d points ", (unsigned long)g->n), g->n);
	tui_bar(t, 0, w, left, right);
	char *kab = g->kab ? store_region_name(t->app->st, g->kab) : NULL;
	struct date d;
	char day[DATE_BUFSZ] = "";
	if (date_parse(g->minggu, &d, NULL))
		date_format(&d, day, sizeof(day));
	char line[300];
	snprintf(line, sizeof(line), _("Regency/city: %s   Week of: %s"), kab ? kab : "-", day);
	free(kab);
	tui_text(1, 1, w - 2, line, true);
	int name_w = w - 2 - 4 - 16 - 2 - 8 - 2 - 18;
	if (name_w < 10)
		name_w = 10;
	tui_attr(t, ATTR_DIM);
	snprintf(line, sizeof(line), "%-*s", 4, "No");
	tui_text(3, 1, 4, line, true);
	tui_text(3, 5, name_w, _("Point"), true);
	tui_text(3, 5 + name_w, 16, _("Registration no."), true);
	tui_text(3, 5 + name_w + 18, 8, _("Orders"), true);
	tui_text(3, 5 + name_w + 28, 18, _("Turnover"), true);
	tui_attr(t, ATTR_NORMAL);
	int rows = h - GRID_TOP;
	if (g->sel < g->top)
		g->top = g->sel;
	if (g->sel >= g->top + rows)
		g->top = g->sel - rows + 1;
	const struct field_meta *fo = registry_field(&meta_warung_laporan, "pesanan");
	const struct field_meta *fm = registry_field(&meta_warung_laporan, "omzet");
	int cy = -1, cx = -1;
	for (int i = 0; i < rows && g->top + i < g->n; i++) {
		int r = g->top + i, y = GRID_TOP + i;
		const struct warung_row *row = &g->rows[r];
		tui_attr(t, r == g->sel ? ATTR_SELECTED : ATTR_NORMAL);
		snprintf(line, sizeof(line), "%3d", r + 1);
		tui_text(y, 1, 4, line, true);
		tui_text(y, 5, name_w, "", true);
		tui_text(y, 5, name_w - 1, row->nama, true);
		tui_text(y, 5 + name_w, 18, row->reg_no, true);
		for (int c = 0; c < 2; c++) {
			int x = 5 + name_w + (c ? 28 : 18), cw = c ? 18 : 8;
			tui_attr(t, r == g->sel && c == g->col ? ATTR_FIELD
				 : r == g->sel ? ATTR_SELECTED : ATTR_NORMAL);
			if (r == g->sel && c == g->col && g->editing) {
				tui_text(y, x, cw, "", true);
				cx = lineedit_draw(&g->ed, y, x, cw);
				cy = y;
			} else {
				char *v = registry_display(t->app->st, c ? fm : fo, c ? row->omzet : row->pesanan);
				tui_text(y, x, cw, v, true);
				free(v);
			}
		}
	}
	tui_attr(t, ATTR_NORMAL);
	if (g->n == 0)
		tui_text(GRID_TOP + 1, 3, w - 6,
			 _("No active warung point in this regency/city. F4 chooses another."), false);
	tui_cursor(t, cy, cx);
}

static void move_to(struct grid *g, int row, int col)
{
	if (g->n == 0)
		return;
	if (row < 0)
		row = 0;
	if (row >= g->n)
		row = g->n - 1;
	g->sel = row;
	g->col = col;
	edit_cell(g);
}

static int save(struct grid *g, struct tui *t)
{
	if (!commit_cell(g, t))
		return TUI_REDRAW;
	struct issues is = { 0 };
	struct err e;
	err_clear(&e);
	int bad = -1;
	int n = warung_week_save(t->app->st, g->minggu, g->rows, g->n, t->app->officer, &is, &bad, &e);
	if (n < 0) {
		if (bad >= 0) {
			/* To the cell of the first error (turnover or orders). */
			int fi = issues_first_error(&is);
			bool omzet = fi >= 0 && str_eq(meta_warung_laporan.fields[fi].name, "omzet");
			move_to(g, bad, omzet ? 1 : 0);
			tui_message(t, true, "%s: %s", g->rows[bad].nama,
				    is.n ? is.v[0].msg : e.msg);
		} else {
			tui_message(t, true, "%s", e.msg);
		}
	} else {
		t->generation++;
		int sel = g->sel, col = g->col;
		load(g, t);
		move_to(g, sel, col);
		tui_message(t, false, ngettext("%d report saved", "%d reports saved", (unsigned long)n), n);
	}
	issues_release(&is);
	return TUI_REDRAW;
}

static int grid_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	struct grid *g = s->state;
	int page = LINES - GRID_TOP - 2 > 1 ? LINES - GRID_TOP - 2 : 1;
	switch (a) {
	case ACT_SAVE:
		return save(g, t);
	case ACT_FILTER:
		if (!commit_cell(g, t))
			return TUI_REDRAW;
		if (g->dirty) {
			tui_message(t, true, "%s", _("Save the week's reports first (F2)."));
			return TUI_REDRAW;
		}
		dialog_prompt(t, ANS_KAB, _("Regency/city"), _("Regency/city (name or code):"));
		return TUI_REDRAW;
	case ACT_NEXT_FIELD:
		if (commit_cell(g, t)) {
			if (g->col == 0)
				move_to(g, g->sel, 1);
			else if (g->sel + 1 < g->n)
				move_to(g, g->sel + 1, 0);
			else
				edit_cell(g);
		}
		return TUI_REDRAW;
	case ACT_PREV_FIELD:
		if (commit_cell(g, t)) {
			if (g->col == 1)
				move_to(g, g->sel, 0);
			else if (g->sel > 0)
				move_to(g, g->sel - 1, 1);
		}
		return TUI_REDRAW;
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
		if (commit_cell(g, t)) {
			int d = a == ACT_UP ? -1 : a == ACT_DOWN ? 1 : a == ACT_PAGE_UP ? -page : page;
			move_to(g, g->sel + d, g->col);
		}
		return TUI_REDRAW;
	case ACT_CLEAR_FIELD:
		lineedit_set(&g->ed, NULL);
		return TUI_REDRAW;
	case ACT_BACK:
		commit_cell(g, t);
		if (g->dirty) {
			dialog_confirm(t, ANS_DISCARD, _("Discard"),
				       _("Discard the reports typed and not saved?"));
			return TUI_REDRAW;
		}
		tui_pop(t);
		return TUI_REDRAW;
	default:
		break;
	}
	bool changed = false;
	if (g->editing && lineedit_key(&g->ed, k, &changed))
		return TUI_REDRAW;
	return TUI_UNHANDLED;
}

static int grid_answer(struct screen *s, struct tui *t, int id, bool yes, const char *text)
{
	struct grid *g = s->state;
	if (id == ANS_DISCARD) {
		if (yes)
			tui_pop(t);
		return TUI_REDRAW;
	}
	if (!yes)
		return TUI_REDRAW;
	struct err e;
	err_clear(&e);
	if (id == ANS_KAB) {
		char code[REGION_CODE_MAX];
		if (!region_resolve(t->app->st, REGION_KABKOTA, NULL, text, code, &e)) {
			tui_message(t, true, "%s", e.msg);
			return TUI_REDRAW | TUI_REASK;
		}
		free(g->kab);
		g->kab = xstrdup(code);
		dialog_prompt(t, ANS_WEEK, _("Week"),
			      _("A day of the week (DD/MM/YYYY; empty: this week):"));
		return TUI_REDRAW;
	}
	if (id == ANS_WEEK) {
		struct date d = date_today();
		if (!str_empty(text) && !date_parse(text, &d, &e)) {
			tui_message(t, true, "%s", e.msg);
			return TUI_REDRAW | TUI_REASK;
		}
		char iso[DATE_BUFSZ];
		date_format_iso(&d, iso, sizeof(iso));
		warung_week_start(iso, g->minggu);
		load(g, t);
		edit_cell(g);
	}
	return TUI_REDRAW;
}

static bool grid_dirty(struct screen *s)
{
	struct grid *g = s->state;
	return g->dirty;
}

const struct screen_ops screen_warung_grid = {
	.name = "warung-grid",
	.state_size = sizeof(struct grid),
	.actions = grid_actions,
	.open = grid_open,
	.draw = grid_draw,
	.key = grid_key,
	.answer = grid_answer,
	.dirty = grid_dirty,
	.close = grid_close,
};
