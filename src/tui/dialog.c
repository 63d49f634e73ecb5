/*
 * dialog.c - small overlay screens that ask the screen below: a yes/no question,
 * a message, a line of text. The answer goes to the asking screen's answer op.
 * Also the progress bar for long work.
 */
#include <curses.h>
#include <stdlib.h>

#include "core/i18n.h"
#include "tui/widgets.h"

#define PROMPT_MAX 200

enum dialog_kind { DLG_CONFIRM, DLG_MESSAGE, DLG_PROMPT };

struct dialog_arg {
	enum dialog_kind kind;
	int id;
	const char *title, *text;
	bool secret;
};

struct dialog {
	enum dialog_kind kind;
	bool secret;          /* a PIN: one '*' a character */
	int id;
	char *title, *text;
	struct lineedit edit;
};

static bool dialog_open(struct screen *s, struct tui *t, void *arg)
{
	(void)t;
	struct dialog *d = s->state;
	const struct dialog_arg *a = arg;
	d->kind = a->kind;
	d->secret = a->secret;
	d->id = a->id;
	d->title = xstrdup(a->title);
	d->text = xstrdup(a->text);
	lineedit_init(&d->edit, PROMPT_MAX, NULL);
	return true;
}

static void dialog_close(struct screen *s, struct tui *t)
{
	(void)t;
	struct dialog *d = s->state;
	free(d->title);
	free(d->text);
	if (d->secret && d->edit.buf)
		memset(d->edit.buf, 0, (size_t)d->edit.cap * sizeof(*d->edit.buf));
	lineedit_release(&d->edit);
}

static void dialog_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct dialog *d = s->state;
	t->message[0] = '\0'; /* the screen below may have put its hint there */
	int bw = w - 10 < 64 ? w - 10 : 64;
	int rows = tui_wrap(d->text, bw - 4, -1, 0, h - 8, false);
	int bh = rows + 4 + (d->kind == DLG_PROMPT ? 2 : 0);
	int by = (h - bh) / 2, bx = (w - bw) / 2;
	tui_box(t, by, bx, bh, bw, d->title);
	tui_wrap(d->text, bw - 4, by + 2, bx + 2, rows, false);
	if (d->kind == DLG_PROMPT) {
		tui_attr(t, ATTR_FIELD);
		int cx;
		if (d->secret) {
			char stars[PROMPT_MAX + 1];
			int n = d->edit.len < bw - 5 ? d->edit.len : bw - 5;
			memset(stars, '*', (size_t)n);
			stars[n] = '\0';
			tui_text(by + 3 + rows, bx + 2, bw - 4, stars, true);
			cx = bx + 2 + n;
		} else {
			cx = lineedit_draw(&d->edit, by + 3 + rows, bx + 2, bw - 4);
		}
		tui_attr(t, ATTR_NORMAL);
		tui_cursor(t, by + 3 + rows, cx);
	}
}

static int dialog_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	struct dialog *d = s->state;
	if (d->kind == DLG_PROMPT && a != ACT_YES && a != ACT_NO) {
		bool changed;
		return lineedit_key(&d->edit, k, &changed) ? TUI_REDRAW : TUI_UNHANDLED;
	}
	if (d->kind == DLG_PROMPT && a == ACT_YES && !k->fn && k->code != '\n') {
		bool changed; /* 'y' is text in a prompt */
		return lineedit_key(&d->edit, k, &changed) ? TUI_REDRAW : TUI_UNHANDLED;
	}
	if (d->kind == DLG_PROMPT && a == ACT_NO && !k->fn && k->code != 27) {
		bool changed;
		return lineedit_key(&d->edit, k, &changed) ? TUI_REDRAW : TUI_UNHANDLED;
	}
	if (a != ACT_YES && a != ACT_NO)
		return d->kind == DLG_MESSAGE ? tui_answer(t, d->id, true, NULL) : TUI_UNHANDLED;
	char *text = d->kind == DLG_PROMPT ? lineedit_text(&d->edit) : NULL;
	int id = d->id;
	bool yes = a == ACT_YES || d->kind == DLG_MESSAGE;
	int flags = tui_answer(t, id, yes, text); /* d is gone after this */
	free(text);
	return flags;
}

static const enum action dialog_actions[] = { ACT_YES, ACT_NO, ACT_NONE };
static const enum action message_actions[] = { ACT_CLOSE, ACT_NONE };
static const enum action prompt_actions[] = { ACT_YES, ACT_NO, ACT_CLEAR_FIELD, ACT_NONE };

/* A message asks nothing: its key bar says "Enter Close", not "Yes"/"No". */
static const enum action *dialog_actions_now(struct screen *s)
{
	const struct dialog *d = s->state;
	return d->kind == DLG_MESSAGE ? message_actions : dialog_actions;
}

static const struct screen_ops dialog_ops = {
	.name = "dialog",
	.state_size = sizeof(struct dialog),
	.overlay = true,
	.actions = dialog_actions,
	.actions_now = dialog_actions_now,
	.open = dialog_open,
	.draw = dialog_draw,
	.key = dialog_key,
	.close = dialog_close,
};

static const struct screen_ops prompt_ops = {
	.name = "prompt",
	.state_size = sizeof(struct dialog),
	.overlay = true,
	.actions = prompt_actions,
	.open = dialog_open,
	.draw = dialog_draw,
	.key = dialog_key,
	.close = dialog_close,
};

void dialog_confirm(struct tui *t, int id, const char *title, const char *question)
{
	struct dialog_arg a = { DLG_CONFIRM, id, title, question, false };
	tui_push(t, &dialog_ops, &a);
}

void dialog_message(struct tui *t, int id, const char *title, const char *text)
{
	struct dialog_arg a = { DLG_MESSAGE, id, title, text, false };
	tui_push(t, &dialog_ops, &a);
}

void dialog_prompt(struct tui *t, int id, const char *title, const char *question)
{
	struct dialog_arg a = { DLG_PROMPT, id, title, question, false };
	tui_push(t, &prompt_ops, &a);
}

void dialog_prompt_secret(struct tui *t, int id, const char *title, const char *question)
{
	struct dialog_arg a = { DLG_PROMPT, id, title, question, true };
	tui_push(t, &prompt_ops, &a);
}

void tui_progress(struct tui *t, int y, int x, int w, long done, long total)
{
	char pct[16];
	int p = total > 0 ? (int)(done * 100 / total) : 0;
	snprintf(pct, sizeof(pct), " %3d%%", p);
	int bar = w - 5;
	int fill = total > 0 ? (int)((long long)bar * done / total) : 0;
	move(y, x);
	tui_attr(t, ATTR_SELECTED);
	for (int i = 0; i < fill; i++)
		addch(' ');
	tui_attr(t, ATTR_DIM);
	for (int i = fill; i < bar; i++)
		addch(ACS_CKBOARD);
	tui_attr(t, ATTR_NORMAL);
	tui_text(y, x + bar, 5, pct, true);
}
