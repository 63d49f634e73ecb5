/*
 * prakerja_batch.c - forwarding Kartu Prakerja referrals in batches: the
 * referrals recorded and not yet forwarded, Space marks them, F5 asks for the
 * letter number and date and forwards every marked one together (one
 * transaction, in the model: prakerja_forward).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/format.h"
#include "core/i18n.h"
#include "model/prog_prakerja.h"
#include "screens/screens.h"
#include "tui/widgets.h"

#define LIST_TOP 3

enum { ANS_LETTER = 1, ANS_DATE };

struct batch {
	const char *columns[5];
	struct listw list;
	struct rid *marked;
	size_t nmarked, cap;
	char *letter;
	unsigned long gen;
};

static const enum action batch_actions[] = {
	ACT_MARK, ACT_FORWARD, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_FIRST, ACT_LAST,
	ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};

static bool batch_open(struct screen *s, struct tui *t, void *arg)
{
	(void)arg;
	struct batch *b = s->state;
	b->columns[0] = "nama";
	b->columns[1] = "nik";
	b->columns[2] = "alasan";
	b->columns[3] = "tanggal_rujukan";
	b->columns[4] = NULL;
	listw_init(&b->list);
	b->list.q.ent = &entity_prakerja;
	b->list.q.columns = b->columns;
	b->list.q.status_field = "status";
	b->list.q.status = "didata";
	b->gen = t->generation;
	struct err e;
	err_clear(&e);
	if (!listw_reload(&b->list, t->app->st, &e)) {
		tui_message(t, true, "%s", e.msg);
		listw_release(&b->list);
		return false;
	}
	return true;
}

static void batch_close(struct screen *s, struct tui *t)
{
	(void)t;
	struct batch *b = s->state;
	listw_release(&b->list);
	free(b->marked);
	free(b->letter);
}

static long find_mark(const struct batch *b, const struct rid *id)
{
	for (size_t i = 0; i < b->nmarked; i++)
		if (memcmp(b->marked[i].b, id->b, 16) == 0)
			return (long)i;
	return -1;
}

static void toggle_mark(struct batch *b, const struct rid *id)
{
	long i = find_mark(b, id);
	if (i >= 0) {
		b->marked[i] = b->marked[--b->nmarked];
		return;
	}
	if (b->nmarked == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->marked = xrealloc(b->marked, b->cap * sizeof(*b->marked));
	}
	b->marked[b->nmarked++] = *id;
}

static char *batch_cell(struct tui *t, const struct list_row *row, int col, void *arg)
{
	struct batch *b = arg;
	char **v = row->values;
	switch (col) {
	case 0: return xstrdup(find_mark(b, &row->id) >= 0 ? "[x]" : "[ ]");
	case 3: return registry_display(t->app->st, registry_field(&meta_prakerja, "alasan"), v[2]);
	case 4:
		return registry_display(t->app->st, registry_field(&meta_prakerja, "tanggal_rujukan"),
					v[3]);
	default: return xstrdup(v[col - 1] ? v[col - 1] : "");
	}
}

static void batch_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct batch *b = s->state;
	listw_fit(&b->list, t, h - LIST_TOP, &b->gen);
	char count[32], right[80];
	listw_count_text(&b->list, count, sizeof(count));
	snprintf(right, sizeof(right), _("%zu marked of %s "), b->nmarked, count);
	tui_bar(t, 0, w, _(" Kartu Prakerja - forward to Disnaker"), right);
	tui_text(1, 1, w - 2, _("Space marks a referral; F5 forwards the marked ones with one letter."),
		 true);
	int cw[5] = { 4, 0, 17, 16, 11 };
	cw[1] = w - cw[0] - cw[2] - cw[3] - cw[4] - 5;
	const char *heads[5] = { "", _("Name"), _("NIK"), _("Reason"), _("Referred") };
	const struct listw_columns cols = { 5, cw, heads, batch_cell, b,
					    _("No referral is waiting to be forwarded."), 0 };
	listw_draw_columns(t, &b->list, LIST_TOP, w, &cols);
	tui_cursor(t, -1, -1);
}

static int batch_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	(void)k;
	struct batch *b = s->state;
	struct store *st = t->app->st;
	if (listw_move(&b->list, st, a))
		return TUI_REDRAW;
	switch (a) {
	case ACT_MARK: {
		const struct list_row *row = listw_selected(&b->list);
		if (row) {
			toggle_mark(b, &row->id);
			listw_move(&b->list, st, ACT_DOWN);
		}
		return TUI_REDRAW;
	}
	case ACT_FORWARD:
		if (!b->nmarked) {
			tui_message(t, true, _("Mark the referrals to forward with Space first."));
			return TUI_REDRAW;
		}
		dialog_prompt(t, ANS_LETTER, _("Forward"), _("Letter number:"));
		return TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

static int batch_answer(struct screen *s, struct tui *t, int id, bool yes, const char *text)
{
	struct batch *b = s->state;
	if (!yes)
		return TUI_REDRAW;
	if (id == ANS_LETTER) {
		if (str_empty(text)) {
			tui_message(t, true, _("give the letter number"));
			return TUI_REDRAW | TUI_REASK;
		}
		free(b->letter);
		b->letter = xstrdup(text);
		dialog_prompt(t, ANS_DATE, _("Forward"), _("Letter date (DD/MM/YYYY):"));
		return TUI_REDRAW;
	}
	if (id == ANS_DATE) {
		struct err e;
		err_clear(&e);
		struct date d;
		if (!date_parse(text ? text : "", &d, &e)) { /* asked again: a typo is not the end */
			tui_message(t, true, "%s", e.msg);
			return TUI_REDRAW | TUI_REASK;
		}
		long n = prakerja_forward(t->app->st, b->marked, b->nmarked, b->letter, text,
					  t->app->officer, &e);
		if (n < 0) {
			tui_message(t, true, "%s", e.msg);
		} else {
			tui_message(t, false, ngettext("%ld referral forwarded with letter %s.",
						       "%ld referrals forwarded with letter %s.",
						       (unsigned long)n), n, b->letter);
			b->nmarked = 0;
			t->generation++;
			listw_reload(&b->list, t->app->st, NULL);
		}
	}
	return TUI_REDRAW;
}

const struct screen_ops screen_prakerja_batch = {
	.name = "prakerja_batch",
	.state_size = sizeof(struct batch),
	.actions = batch_actions,
	.open = batch_open,
	.draw = batch_draw,
	.key = batch_key,
	.answer = batch_answer,
	.close = batch_close,
};
