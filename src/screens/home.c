/*
 * home.c - the home menu: the registries and the programs, in the office's
 * order. A number opens its entry; a first letter moves to the next entry that
 * starts with it. A header shows the office and the database.
 */
#include <curses.h>
#include <ctype.h>
#include <stdio.h>

#include "core/i18n.h"
#include "model/rights.h"
#include "screens/screens.h"

struct home_item {
	const char *label;                 /* msgid */
	const struct entity_meta *meta;    /* a registry, or NULL */
	const struct screen_ops *screen;   /* another screen (arg NULL), or NULL */
	const char *program;               /* a program's menu (model/program.c), or NULL */
};

static const struct home_item items[] = {
	{ N_("UMKM data"), &meta_umkm, NULL, NULL },
	{ N_("Cooperative data"), &meta_koperasi, NULL, NULL },
	{ N_("Warung Pesan Kirim"), NULL, NULL, "warung" },
	{ N_("Online marketing"), NULL, NULL, "produk" },
	{ N_("Stimulus"), NULL, NULL, "stimulus" },
	{ N_("PPE production"), NULL, NULL, "apd" },
	{ N_("Online training"), NULL, NULL, "pelatihan" },
	{ N_("Kartu Prakerja"), NULL, NULL, "prakerja" },
	{ N_("Loan restructuring"), NULL, NULL, "restrukturisasi" },
	{ N_("Synchronisation"), NULL, &screen_sync, NULL },
	{ N_("Reports"), NULL, &screen_report, NULL },
	{ N_("Settings"), NULL, &screen_settings, NULL },
};

static bool available(int i)
{
	return items[i].meta || items[i].screen ||
	       (items[i].program && program_find(items[i].program));
}
#define NITEMS ((int)ARRAY_SIZE(items))

struct home {
	int sel;
	int num;     /* a first digit typed that may start a two-digit number */
};

static const enum action home_actions[] = {
	ACT_OPEN, ACT_UP, ACT_DOWN, ACT_FIRST, ACT_LAST, ACT_HELP, ACT_QUIT, ACT_NONE
};

static void home_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct home *st = s->state;
	struct store *db = t->app->st;
	char left[256];
	snprintf(left, sizeof(left), " Bantu - %s (%s)", store_office_name(db) ? store_office_name(db) : "",
		 store_office_code(db) ? store_office_code(db) : "");
	tui_bar(t, 0, w, left, store_path(db));
	tui_text(2, 4, w - 8, _("Choose with the number, the first letter, or Up/Down and Enter."), false);
	int top = 4;
	for (int i = 0; i < NITEMS && top + i < h; i++) {
		char line[128];
		snprintf(line, sizeof(line), "%2d  %s", i + 1, _(items[i].label));
		tui_attr(t, i == st->sel ? ATTR_SELECTED : ATTR_NORMAL);
		tui_text(top + i, 6, 40, line, true);
		tui_attr(t, ATTR_DIM);
		if (!available(i))
			tui_text(top + i, 48, w - 50, _("not available yet"), false);
		else if ((items[i].screen == &screen_sync &&
			  !rights_may(t->app->st, t->app->officer, R_SCREEN_SYNC)) ||
			 (items[i].screen == &screen_report &&
			  !rights_may(t->app->st, t->app->officer, R_SCREEN_REPORT)))
			tui_text(top + i, 48, w - 50, _("not for your role"), false);
		tui_attr(t, ATTR_NORMAL);
	}
}

static int open_item(struct tui *t, int i)
{
	if (items[i].meta) {
		tui_push(t, &screen_registry, (void *)items[i].meta);
		return TUI_REDRAW;
	}
	struct err e = { 0 };
	if ((items[i].screen == &screen_sync &&
	     !rights_require(t->app->st, t->app->officer, R_SCREEN_SYNC, &e)) ||
	    (items[i].screen == &screen_report &&
	     !rights_require(t->app->st, t->app->officer, R_SCREEN_REPORT, &e))) {
		tui_message(t, true, "%s", e.msg);
		return TUI_REDRAW;
	}
	if (items[i].screen) {
		tui_push(t, items[i].screen, NULL);
		return TUI_REDRAW;
	}
	if (items[i].program && program_find(items[i].program)) {
		tui_push(t, &screen_program, (void *)program_find(items[i].program));
		return TUI_REDRAW;
	}
	tui_message(t, false, _("%s: not available yet"), _(items[i].label));
	return TUI_REDRAW;
}

/* The next entry after sel whose label starts with c (case-insensitive), or -1. */
static int next_with_letter(int sel, int c)
{
	for (int k = 1; k <= NITEMS; k++) {
		int i = (sel + k) % NITEMS;
		const char *label = _(items[i].label);
		if (tolower((unsigned char)label[0]) == tolower(c))
			return i;
	}
	return -1;
}

static int home_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	struct home *st = s->state;
	switch (a) {
	case ACT_OPEN:
		st->num = 0;
		return open_item(t, st->sel);
	case ACT_UP:
		st->sel = (st->sel + NITEMS - 1) % NITEMS;
		return TUI_REDRAW;
	case ACT_DOWN:
		st->sel = (st->sel + 1) % NITEMS;
		return TUI_REDRAW;
	case ACT_FIRST:
		st->sel = 0;
		return TUI_REDRAW;
	case ACT_LAST:
		st->sel = NITEMS - 1;
		return TUI_REDRAW;
	default:
		break;
	}
	if (st->num && a == ACT_NONE && (k->fn || (k->code < 0x20 && k->code != 27))) {
		/* "1" then a key of a screen (F5 Add): entry 1 opens and takes the key. */
		st->num = 0;
		int flags = open_item(t, st->sel);
		return t->top != s ? flags | TUI_AGAIN : flags;
	}
	if (k->fn || k->code > 0x7f) {
		st->num = 0;
		return TUI_UNHANDLED;
	}
	if (k->code >= '0' && k->code <= '9') {
		/* Numbers open their entry; "1" waits for a second digit (10, 11, 12)
		 * with the cursor on entry 1, which Enter opens. */
		int d = k->code - '0';
		int n = st->num && st->num * 10 + d <= NITEMS ? st->num * 10 + d : d;
		st->num = 0;
		if (n < 1 || n > NITEMS)
			return TUI_REDRAW;
		st->sel = n - 1;
		if (n * 10 <= NITEMS) {
			st->num = n;
			return TUI_REDRAW;
		}
		return open_item(t, st->sel);
	}
	st->num = 0;
	int i = isalpha(k->code) ? next_with_letter(st->sel, k->code) : -1;
	if (i < 0)
		return TUI_UNHANDLED;
	st->sel = i;
	return TUI_REDRAW;
}

const struct screen_ops screen_home = {
	.name = "home",
	.state_size = sizeof(struct home),
	.actions = home_actions,
	.draw = home_draw,
	.key = home_key,
};
