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
	const char *typed;    /* a prompt asked again: the text refused, and why */
	const char *error;
};

struct dialog {
	enum dialog_kind kind;
	bool secret;          /* a PIN: one '*' a character */
	int id;
	char *title, *text;
	char *error;          /* why the last answer was refused, or NULL */
	struct lineedit edit;
};

static const struct screen_ops prompt_ops;

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
	d->error = a->error && *a->error ? xstrdup(a->error) : NULL;
	lineedit_init(&d->edit, PROMPT_MAX, a->secret ? NULL : a->typed);
	return true;
}

static void dialog_close(struct screen *s, struct tui *t)
{
	(void)t;
	struct dialog *d = s->state;
	free(d->title);
	free(d->text);
	free(d->error);
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
	int erows = d->error ? tui_wrap(d->error, bw - 4, -1, 0, 3, false) : 0;
	int bh = rows + 4 + (d->kind == DLG_PROMPT ? 2 + erows : 0);
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
		if (d->error) {
			tui_attr(t, ATTR_ERROR);
			tui_wrap(d->error, bw - 4, by + 4 + rows, bx + 2, erows, false);
		}
		tui_attr(t, ATTR_NORMAL);
		tui_cursor(t, by + 3 + rows, cx);
	}
}

static int dialog_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	struct dialog *d = s->state;
	if (d->kind == DLG_PROMPT) {
		if (a != ACT_ACCEPT && a != ACT_CANCEL) {
			bool changed;
			return lineedit_key(&d->edit, k, &changed) ? TUI_REDRAW : TUI_UNHANDLED;
		}
	} else if (a != ACT_YES && a != ACT_NO) {
		return d->kind == DLG_MESSAGE ? tui_answer(t, d->id, true, NULL) : TUI_UNHANDLED;
	}
	bool yes = a == ACT_YES || a == ACT_ACCEPT || d->kind == DLG_MESSAGE;
	char *text = d->kind == DLG_PROMPT ? lineedit_text(&d->edit) : NULL;
	int id = d->id;
	/* Kept for asking again: d is gone once answered. */
	struct dialog_arg again = { d->kind, id, NULL, NULL, d->secret, text, NULL };
	char *title = xstrdup(d->title), *question = xstrdup(d->text);
	int flags = tui_answer(t, id, yes, text);
	if ((flags & TUI_REASK) && again.kind == DLG_PROMPT) {
		again.title = title;
		again.text = question;
		again.error = t->message_error ? t->message : NULL;
		tui_push(t, &prompt_ops, &again);
		t->message[0] = '\0';
	}
	free(title);
	free(question);
	free(text);
	return flags & ~TUI_REASK;
}

static const enum action dialog_actions[] = { ACT_YES, ACT_NO, ACT_NONE };
static const enum action message_actions[] = { ACT_CLOSE, ACT_NONE };
static const enum action prompt_actions[] = { ACT_ACCEPT, ACT_CANCEL, ACT_CLEAR_FIELD, ACT_NONE };

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
	struct dialog_arg a = { DLG_CONFIRM, id, title, question, false, NULL, NULL };
	tui_push(t, &dialog_ops, &a);
}

void dialog_message(struct tui *t, int id, const char *title, const char *text)
{
	struct dialog_arg a = { DLG_MESSAGE, id, title, text, false, NULL, NULL };
	tui_push(t, &dialog_ops, &a);
}

void dialog_prompt(struct tui *t, int id, const char *title, const char *question)
{
	struct dialog_arg a = { DLG_PROMPT, id, title, question, false, NULL, NULL };
	tui_push(t, &prompt_ops, &a);
}

void dialog_prompt_text(struct tui *t, int id, const char *title, const char *question,
			const char *text)
{
	struct dialog_arg a = { DLG_PROMPT, id, title, question, false, text, NULL };
	tui_push(t, &prompt_ops, &a);
}

void dialog_prompt_secret(struct tui *t, int id, const char *title, const char *question)
{
	struct dialog_arg a = { DLG_PROMPT, id, title, question, true, NULL, NULL };
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
