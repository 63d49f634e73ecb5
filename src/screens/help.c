/*
 * help.c - F1: the keys that work on the screen below, from the action table
 * (the same table that makes the status bar and the man page).
 */
#include <stdio.h>

#include "core/i18n.h"
#include "screens/screens.h"

struct help {
	const enum action *actions;
	int top;
};

static const enum action help_actions[] = {
	ACT_BACK, ACT_UP, ACT_DOWN, ACT_QUIT, ACT_NONE
};

static bool help_open(struct screen *s, struct tui *t, void *arg)
{
	(void)arg;
	struct help *hp = s->state;
	hp->actions = t->top && t->top->below ? screen_actions(t->top->below) : NULL;
	return hp->actions != NULL;
}

static int count(const enum action *a)
{
	int n = 0;
	while (a[n] != ACT_NONE)
		n++;
	return n;
}

/* Each action's help wraps under itself: a line of the box per row of text. */
static void help_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct help *hp = s->state;
	int n = count(hp->actions);
	int bw = w - 6, cols = bw - 21;
	int total = 0;
	for (int i = 0; i < n; i++)
		total += tui_wrap(_(action_help(hp->actions[i])), cols, -1, 0, h, false);
	int bh = total + 4 < h - 2 ? total + 4 : h - 2;
	int by = (h - bh) / 2, bx = 3;
	tui_box(t, by, bx, bh, bw, _("Keys on this screen"));
	int rows = bh - 3;
	/* The last top that still fills the box: Down stops there. */
	int fill = 0, last = n;
	while (last > 0) {
		int r = tui_wrap(_(action_help(hp->actions[last - 1])), cols, -1, 0, h, false);
		if (fill + r > rows)
			break;
		fill += r;
		last--;
	}
	if (hp->top > last)
		hp->top = last;
	if (hp->top < 0)
		hp->top = 0;
	for (int i = hp->top, y = 0; i < n && y < rows; i++) {
		enum action a = hp->actions[i];
		char keys[64];
		keymap_keys_text(a, keys, sizeof(keys));
		tui_attr(t, ATTR_WARNING);
		tui_text(by + 2 + y, bx + 2, 16, keys, true);
		tui_attr(t, ATTR_NORMAL);
		y += tui_wrap(_(action_help(a)), cols, by + 2 + y, bx + 19, rows - y, false);
	}
}

static int help_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	struct help *hp = s->state;
	if (a == ACT_BACK || keymap_match(ACT_HELP, k)) {
		tui_pop(t);
		return TUI_REDRAW;
	}
	if (a == ACT_UP || a == ACT_DOWN) {
		hp->top += a == ACT_UP ? -1 : 1;
		return TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

const struct screen_ops screen_help = {
	.name = "help",
	.state_size = sizeof(struct help),
	.overlay = true,
	.actions = help_actions,
	.open = help_open,
	.draw = help_draw,
	.key = help_key,
};
