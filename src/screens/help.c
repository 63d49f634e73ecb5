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

static void help_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct help *hp = s->state;
	int n = count(hp->actions);
	int bh = n + 4 < h - 2 ? n + 4 : h - 2;
	int bw = w - 6;
	int by = (h - bh) / 2, bx = 3;
	tui_box(t, by, bx, bh, bw, _("Keys on this screen"));
	int rows = bh - 3;
	if (hp->top > n - rows)
		hp->top = n - rows;
	if (hp->top < 0)
		hp->top = 0;
	for (int r = 0; r < rows && hp->top + r < n; r++) {
		enum action a = hp->actions[hp->top + r];
		char keys[64];
		keymap_keys_text(a, keys, sizeof(keys));
		tui_attr(t, ATTR_WARNING);
		tui_text(by + 2 + r, bx + 2, 16, keys, true);
		tui_attr(t, ATTR_NORMAL);
		tui_text(by + 2 + r, bx + 19, bw - 21, _(action_help(a)), false);
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
