/*
 * stimulus_approval.c - the stimulus approval screen: the budget meter (budget,
 * approved, paid, remaining; and the selected application's kabupaten/kota
 * against its quota) over the applications waiting for a decision (verified)
 * or for payment (approved). Enter opens the application's form; the rules
 * (budget, quota, the province's fields) are the model's, shown in the form.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/format.h"
#include "core/i18n.h"
#include "model/prog_stimulus.h"
#include "screens/screens.h"
#include "tui/widgets.h"

#define LIST_TOP 7

struct approval {
	const char *columns[5];
	struct listw list;
	bool payment;              /* showing those waiting for payment */
	unsigned long gen;
};

static const enum action approval_actions[] = {
	ACT_OPEN, ACT_WAITING, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_FIRST, ACT_LAST,
	ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};

static bool reload(struct approval *a, struct tui *t)
{
	a->list.q.status_field = "status";
	a->list.q.status = a->payment ? "disetujui" : "diverifikasi";
	struct err e;
	err_clear(&e);
	if (!listw_reload(&a->list, t->app->st, &e)) {
		tui_message(t, true, "%s", e.msg);
		return false;
	}
	return true;
}

static bool approval_open(struct screen *s, struct tui *t, void *arg)
{
	(void)arg;
	struct approval *a = s->state;
	a->columns[0] = "nama_usaha";
	a->columns[1] = "kabupaten_kota";
	a->columns[2] = "jumlah_diajukan";
	a->columns[3] = "jumlah_disetujui";
	a->columns[4] = NULL;
	listw_init(&a->list);
	a->list.q.ent = &entity_stimulus;
	a->list.q.columns = a->columns;
	a->gen = t->generation;
	if (!reload(a, t)) {
		listw_release(&a->list);
		return false;
	}
	return true;
}

static void approval_close(struct screen *s, struct tui *t)
{
	(void)t;
	struct approval *a = s->state;
	listw_release(&a->list);
}

/* "[#####.....]" of used / limit in w columns at (y, x). */
static void meter_bar(struct tui *t, int y, int x, int w, int64_t used, int64_t limit)
{
	if (w < 4 || limit <= 0)
		return;
	int inner = w - 2;
	int full = used >= limit ? inner : (int)(used * inner / limit);
	char *bar = xcalloc((size_t)w + 1, 1);
	bar[0] = '[';
	for (int i = 0; i < inner; i++)
		bar[1 + i] = i < full ? '#' : '.';
	bar[w - 1] = ']';
	tui_attr(t, used >= limit ? ATTR_WARNING : ATTR_NORMAL);
	tui_text(y, x, w, bar, false);
	tui_attr(t, ATTR_NORMAL);
	free(bar);
}

static void draw_meter(struct approval *a, struct tui *t, int w)
{
	struct store *st = t->app->st;
	struct stimulus_meter m;
	struct err e;
	err_clear(&e);
	if (!stimulus_meter(st, NULL, &m, &e)) {
		tui_text(2, 1, w - 2, e.msg, true);
		return;
	}
	char b[MONEY_BUFSZ], ap[MONEY_BUFSZ], pd[MONEY_BUFSZ], rm[MONEY_BUFSZ];
	char line[300];
	snprintf(line, sizeof(line), _("Budget %s  Approved %s  Paid %s"),
		 money_format(m.limit, b, sizeof(b)), money_format(m.approved, ap, sizeof(ap)),
		 money_format(m.paid, pd, sizeof(pd)));
	tui_text(2, 1, w - 2, line, true);
	snprintf(line, sizeof(line), _("Remaining %s "), money_format(m.remaining, rm, sizeof(rm)));
	int used = tui_text(3, 1, w - 2, line, false);
	meter_bar(t, 3, 1 + used, w - 2 - used, m.approved, m.limit);

	/* The selected application's kabupaten/kota against its quota. */
	const struct list_row *row = listw_selected(&a->list);
	const char *kab = row ? row->values[1] : NULL;
	if (!kab || !stimulus_meter(st, kab, &m, &e)) {
		tui_text(4, 1, w - 2, "", true);
		return;
	}
	char *name = registry_display_short(st, registry_field(&meta_stimulus, "kabupaten_kota"), kab);
	if (m.limit >= 0)
		snprintf(line, sizeof(line), _("%s: quota %s, approved %s, paid %s, remaining %s"),
			 name ? name : kab, money_format(m.limit, b, sizeof(b)),
			 money_format(m.approved, ap, sizeof(ap)), money_format(m.paid, pd, sizeof(pd)),
			 money_format(m.remaining, rm, sizeof(rm)));
	else
		snprintf(line, sizeof(line), _("%s: no quota, approved %s, paid %s"),
			 name ? name : kab, money_format(m.approved, ap, sizeof(ap)),
			 money_format(m.paid, pd, sizeof(pd)));
	free(name);
	tui_wrap(line, w - 2, 4, 1, 2, true); /* a second line when it needs one */
}

static char *approval_cell(struct tui *t, const struct list_row *row, int col, void *arg)
{
	(void)arg;
	struct approval *a = arg;
	const char *v = row->values[col];
	if (col == 0)
		return xstrdup(v ? v : "");
	return registry_display_short(t->app->st, registry_field(&meta_stimulus, a->columns[col]), v);
}

static void approval_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct approval *a = s->state;
	listw_fit(&a->list, t, h - LIST_TOP, &a->gen);
	char count[32], right[64];
	listw_count_text(&a->list, count, sizeof(count));
	snprintf(right, sizeof(right), _("%s waiting "), count);
	tui_bar(t, 0, w, a->payment ? _(" Stimulus - waiting for payment")
				    : _(" Stimulus - waiting for a decision"), right);
	draw_meter(a, t, w);
	/* The approved amount only where it is set: applications waiting for payment. */
	int n = a->payment ? 4 : 3;
	int cw[4] = { 0, 20, 16, 16 }; /* "Kab. Lampung Selatan", "Rp2.000.000.000" */
	cw[0] = w - cw[1] - cw[2] - (n == 4 ? cw[3] : 0) - n;
	const char *heads[4] = { _("Business name"), _("Regency/city"), _("Amount requested"),
				 _("Amount approved") };
	const struct listw_columns cols = { n, cw, heads, approval_cell, a,
					    _("No application is waiting."), 1u << 2 | 1u << 3 };
	listw_draw_columns(t, &a->list, LIST_TOP, w, &cols);
	tui_cursor(t, -1, -1);
}

static int approval_key(struct screen *s, struct tui *t, enum action act, const struct tui_key *k)
{
	(void)k;
	struct approval *a = s->state;
	if (listw_move(&a->list, t->app->st, act))
		return TUI_REDRAW;
	switch (act) {
	case ACT_OPEN: {
		const struct list_row *row = listw_selected(&a->list);
		if (row) {
			struct record_arg arg = { &meta_stimulus, row->id };
			tui_push(t, &screen_entry, &arg);
		}
		return TUI_REDRAW;
	}
	case ACT_WAITING:
		a->payment = !a->payment;
		reload(a, t);
		return TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

const struct screen_ops screen_stimulus_approval = {
	.name = "stimulus_approval",
	.state_size = sizeof(struct approval),
	.actions = approval_actions,
	.open = approval_open,
	.draw = approval_draw,
	.key = approval_key,
	.close = approval_close,
};
