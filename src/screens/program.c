/*
 * program.c - a program's menu: its lists of records, its own screens (a grid,
 * an approval screen...) and its summary. A number opens an entry.
 */
#include <curses.h>
#include <stdio.h>

#include "core/i18n.h"
#include "screens/screens.h"

/* Screens of a program besides its lists and its summary. */
struct program_screen {
	const char *program;              /* program name */
	const char *label;                /* English msgid */
	const struct screen_ops *ops;     /* opened with the program as its argument */
};

static const struct program_screen extras[] = {
	{ NULL, NULL, NULL }
};

#define MAX_ITEMS 16

struct item {
	const char *label;                /* msgid */
	const struct entity_meta *meta;   /* a list */
	const struct screen_ops *ops;     /* or a screen */
};

struct progmenu {
	const struct program *p;
	struct item items[MAX_ITEMS];
	int n, sel;
};

static const enum action menu_actions[] = {
	ACT_OPEN, ACT_UP, ACT_DOWN, ACT_FIRST, ACT_LAST, ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};

static bool menu_open(struct screen *s, struct tui *t, void *arg)
{
	(void)t;
	struct progmenu *m = s->state;
	m->p = arg;
	for (size_t i = 0; m->p->metas[i] && m->n < MAX_ITEMS - 1; i++)
		m->items[m->n++] = (struct item){ m->p->metas[i]->title, m->p->metas[i], NULL };
	for (size_t i = 0; extras[i].program && m->n < MAX_ITEMS - 1; i++)
		if (str_eq(extras[i].program, m->p->name))
			m->items[m->n++] = (struct item){ extras[i].label, NULL, extras[i].ops };
	if (m->p->summary)
		m->items[m->n++] = (struct item){ N_("Summary per regency/city"), NULL, &screen_summary };
	return true;
}

static void menu_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct progmenu *m = s->state;
	char left[160];
	snprintf(left, sizeof(left), " %s", _(m->p->title));
	tui_bar(t, 0, w, left, "");
	tui_text(2, 4, w - 8, _("Choose with the number, or Up/Down and Enter."), false);
	for (int i = 0; i < m->n && 4 + i < h; i++) {
		char line[160];
		snprintf(line, sizeof(line), "%2d  %s", i + 1, _(m->items[i].label));
		tui_attr(t, i == m->sel ? ATTR_SELECTED : ATTR_NORMAL);
		tui_text(4 + i, 6, w - 12 > 60 ? 60 : w - 12, line, true);
	}
	tui_attr(t, ATTR_NORMAL);
}

static int open_item(struct progmenu *m, struct tui *t)
{
	const struct item *it = &m->items[m->sel];
	if (it->meta)
		tui_push(t, &screen_registry, (void *)it->meta);
	else
		tui_push(t, it->ops, (void *)m->p);
	return TUI_REDRAW;
}

static int menu_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	struct progmenu *m = s->state;
	switch (a) {
	case ACT_OPEN:
		return open_item(m, t);
	case ACT_UP:
		m->sel = (m->sel + m->n - 1) % m->n;
		return TUI_REDRAW;
	case ACT_DOWN:
		m->sel = (m->sel + 1) % m->n;
		return TUI_REDRAW;
	case ACT_FIRST:
		m->sel = 0;
		return TUI_REDRAW;
	case ACT_LAST:
		m->sel = m->n - 1;
		return TUI_REDRAW;
	case ACT_BACK:
		tui_pop(t);
		return TUI_REDRAW;
	default:
		break;
	}
	if (!k->fn && k->code >= '1' && k->code <= '9' && k->code - '1' < m->n) {
		m->sel = k->code - '1';
		return open_item(m, t);
	}
	return TUI_UNHANDLED;
}

const struct screen_ops screen_program = {
	.name = "program",
	.state_size = sizeof(struct progmenu),
	.actions = menu_actions,
	.open = menu_open,
	.draw = menu_draw,
	.key = menu_key,
};
