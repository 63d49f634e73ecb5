/*
 * pelatihan_hadir.c - Pelatihan Online: attendance on a fast list. First the
 * class, found by typing part of its title (search as you type); then its
 * participants, one a line: Up/Down move, Space marks present / absent, Save
 * writes the list in one transaction (the model refuses attendance before the
 * class date).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/i18n.h"
#include "model/prog4.h"
#include "screens/screens.h"

enum { ANS_DISCARD = 1 };

struct hadir {
	struct listw classes;          /* phase 1: the class */
	const char *cols[4];
	bool chosen;                   /* phase 2: its participants */
	struct rid kelas;
	char *judul, *tanggal;
	struct peserta_row *rows;
	int n, sel, top;
	bool dirty;
};

static const enum action pick_actions[] = {
	ACT_OPEN, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};

static const enum action list_actions[] = {
	ACT_MARK, ACT_SAVE, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_FIRST, ACT_LAST,
	ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};

static const enum action *hadir_actions_now(struct screen *s)
{
	struct hadir *h = s->state;
	return h->chosen ? list_actions : pick_actions;
}

static bool hadir_open(struct screen *s, struct tui *t, void *arg)
{
	(void)arg;
	struct hadir *h = s->state;
	h->cols[0] = "judul";
	h->cols[1] = "tanggal";
	h->cols[2] = FIELD_REG_NO;
	h->cols[3] = NULL;
	listw_init(&h->classes);
	h->classes.q.ent = &entity_kelas;
	h->classes.q.columns = h->cols;
	struct err e;
	err_clear(&e);
	if (!listw_reload(&h->classes, t->app->st, &e)) {
		tui_message(t, true, "%s", e.msg);
		listw_release(&h->classes);
		return false;
	}
	return true;
}

static void drop_rows(struct hadir *h)
{
	peserta_rows_free(h->rows, h->n);
	h->rows = NULL;
	h->n = h->sel = h->top = 0;
	h->dirty = false;
}

static void hadir_close(struct screen *s, struct tui *t)
{
	(void)t;
	struct hadir *h = s->state;
	drop_rows(h);
	listw_release(&h->classes);
	free(h->judul);
	free(h->tanggal);
}

static void load_rows(struct hadir *h, struct tui *t)
{
	drop_rows(h);
	struct err e;
	err_clear(&e);
	int n = pelatihan_peserta_load(t->app->st, &h->kelas, &h->rows, &e);
	if (n < 0)
		tui_message(t, true, "%s", e.msg);
	else
		h->n = n;
}

#define TOP 4

static void draw_pick(struct hadir *h, struct tui *t, int hh, int w)
{
	const char *prompt = _("Class (type part of the title): ");
	int pc = tui_text_cols(prompt);
	tui_text(1, 1, pc, prompt, false);
	int cx = lineedit_draw(&h->classes.search, 1, 1 + pc, w - pc - 2);
	listw_resize(&h->classes, t->app->st, hh - TOP);
	const struct field_meta *fd = registry_field(&meta_kelas, "tanggal");
	for (int i = 0; i < h->classes.nrows; i++) {
		char **v = h->classes.rows[i].values;
		char *day = registry_display(t->app->st, fd, v[1]);
		char line[400];
		snprintf(line, sizeof(line), "%-10s  %s", day, v[0] ? v[0] : "");
		free(day);
		tui_attr(t, i == h->classes.sel ? ATTR_SELECTED : ATTR_NORMAL);
		tui_text(TOP + i, 1, w - 2 - 16, line, true);
		tui_text(TOP + i, w - 17, 16, v[2] ? v[2] : "", true);
	}
	tui_attr(t, ATTR_NORMAL);
	if (h->classes.nrows == 0)
		tui_text(TOP, 3, w - 6, _("No class matches."), false);
	tui_cursor(t, 1, cx);
}

static void draw_list(struct hadir *h, struct tui *t, int hh, int w)
{
	char line[400];
	snprintf(line, sizeof(line), "%s  (%s)", h->judul ? h->judul : "", h->tanggal ? h->tanggal : "");
	tui_text(1, 1, w - 2, line, true);
	int present = 0;
	for (int i = 0; i < h->n; i++)
		present += str_eq(h->rows[i].kehadiran, "hadir");
	snprintf(line, sizeof(line),
		 ngettext("%d participant, %d present. Space: present/absent, F2: save.",
			  "%d participants, %d present. Space: present/absent, F2: save.",
			  (unsigned long)h->n),
		 h->n, present);
	tui_attr(t, ATTR_DIM);
	tui_text(2, 1, w - 2, line, true);
	tui_attr(t, ATTR_NORMAL);
	int rows = hh - TOP;
	if (h->sel < h->top)
		h->top = h->sel;
	if (h->sel >= h->top + rows)
		h->top = h->sel - rows + 1;
	for (int i = 0; i < rows && h->top + i < h->n; i++) {
		const struct peserta_row *r = &h->rows[h->top + i];
		const char *mark = str_eq(r->kehadiran, "hadir") ? "[x]"
				 : str_eq(r->kehadiran, "tidak hadir") ? "[-]" : "[ ]";
		const char *word = str_eq(r->kehadiran, "hadir") ? _("present")
				 : str_eq(r->kehadiran, "tidak hadir") ? _("absent") : "";
		snprintf(line, sizeof(line), "%s %s", mark, r->nama);
		tui_attr(t, h->top + i == h->sel ? ATTR_SELECTED : ATTR_NORMAL);
		tui_text(TOP + i, 1, w - 2 - 30, line, true);
		tui_text(TOP + i, w - 31, 12, word, true);
		tui_text(TOP + i, w - 19, 18, r->reg_no, true);
	}
	tui_attr(t, ATTR_NORMAL);
	if (h->n == 0)
		tui_text(TOP, 3, w - 6, _("No participant enrolled yet (Participants: F5 adds)."), false);
	tui_cursor(t, -1, -1);
}

static void hadir_draw(struct screen *s, struct tui *t, int hh, int w)
{
	struct hadir *h = s->state;
	char left[200];
	snprintf(left, sizeof(left), " %s - %s", _("Online training"), _("attendance"));
	tui_bar(t, 0, w, left, "");
	if (h->chosen)
		draw_list(h, t, hh, w);
	else
		draw_pick(h, t, hh, w);
}

static int choose(struct hadir *h, struct tui *t)
{
	const struct list_row *row = listw_selected(&h->classes);
	if (!row)
		return TUI_REDRAW;
	h->kelas = row->id;
	free(h->judul);
	free(h->tanggal);
	h->judul = xstrdup(row->values[0]);
	h->tanggal = registry_display(t->app->st, registry_field(&meta_kelas, "tanggal"), row->values[1]);
	h->chosen = true;
	load_rows(h, t);
	return TUI_REDRAW;
}

static int save(struct hadir *h, struct tui *t)
{
	struct issues is = { 0 };
	struct err e;
	err_clear(&e);
	int bad = -1;
	int n = pelatihan_attendance_save(t->app->st, h->rows, h->n, t->app->officer, &is, &bad, &e);
	if (n < 0) {
		if (bad >= 0) {
			h->sel = bad;
			tui_message(t, true, "%s: %s", h->rows[bad].nama, is.n ? is.v[0].msg : e.msg);
		} else {
			tui_message(t, true, "%s", e.msg);
		}
	} else {
		t->generation++;
		int sel = h->sel;
		load_rows(h, t);
		h->sel = sel < h->n ? sel : 0;
		tui_message(t, false, _("Attendance saved: %d changed"), n);
	}
	issues_release(&is);
	return TUI_REDRAW;
}

static int hadir_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	struct hadir *h = s->state;
	struct store *st = t->app->st;
	if (!h->chosen) {
		if (a == ACT_OPEN)
			return choose(h, t);
		if (a == ACT_BACK) {
			tui_pop(t);
			return TUI_REDRAW;
		}
		if (listw_move(&h->classes, st, a))
			return TUI_REDRAW;
		return listw_search_key(&h->classes, st, k) ? TUI_REDRAW : TUI_UNHANDLED;
	}
	int page = LINES - TOP - 2 > 1 ? LINES - TOP - 2 : 1;
	switch (a) {
	case ACT_MARK:
		if (h->n) {
			char **v = &h->rows[h->sel].kehadiran;
			const char *next = str_eq(*v, "hadir") ? "tidak hadir" : "hadir";
			free(*v);
			*v = xstrdup(next);
			h->dirty = true;
			if (h->sel + 1 < h->n)
				h->sel++;
		}
		return TUI_REDRAW;
	case ACT_SAVE:
		return save(h, t);
	case ACT_UP: h->sel = h->sel > 0 ? h->sel - 1 : 0; return TUI_REDRAW;
	case ACT_DOWN: h->sel = h->sel + 1 < h->n ? h->sel + 1 : h->sel; return TUI_REDRAW;
	case ACT_PAGE_UP: h->sel = h->sel > page ? h->sel - page : 0; return TUI_REDRAW;
	case ACT_PAGE_DOWN:
		h->sel = h->sel + page < h->n ? h->sel + page : (h->n ? h->n - 1 : 0);
		return TUI_REDRAW;
	case ACT_FIRST: h->sel = 0; return TUI_REDRAW;
	case ACT_LAST: h->sel = h->n ? h->n - 1 : 0; return TUI_REDRAW;
	case ACT_BACK:
		if (h->dirty) {
			dialog_confirm(t, ANS_DISCARD, _("Discard"),
				       _("Discard the attendance marked and not saved?"));
			return TUI_REDRAW;
		}
		h->chosen = false;
		drop_rows(h);
		listw_refresh(&h->classes, st, NULL);
		return TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

static int hadir_answer(struct screen *s, struct tui *t, int id, bool yes, const char *text)
{
	(void)text;
	struct hadir *h = s->state;
	if (id == ANS_DISCARD && yes) {
		h->chosen = false;
		drop_rows(h);
		listw_refresh(&h->classes, t->app->st, NULL);
	}
	return TUI_REDRAW;
}

static bool hadir_dirty(struct screen *s)
{
	struct hadir *h = s->state;
	return h->dirty;
}

const struct screen_ops screen_pelatihan_hadir = {
	.name = "pelatihan-hadir",
	.state_size = sizeof(struct hadir),
	.actions = list_actions,
	.actions_now = hadir_actions_now,
	.open = hadir_open,
	.draw = hadir_draw,
	.key = hadir_key,
	.answer = hadir_answer,
	.dirty = hadir_dirty,
	.close = hadir_close,
};
