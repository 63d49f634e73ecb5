/*
 * login.c - the login screen (every session once accounts exist) and the idle
 * lock. The lock is the same screen pushed over the stack by the app loop: the
 * screens below, a half-typed form too, stay as they were and come back when
 * the same officer types the PIN. The PIN is never shown (one '*' a character);
 * wrong PINs wait longer each time and lock the account (model/auth.c).
 */
#include <curses.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/i18n.h"
#include "model/rights.h"
#include "screens/screens.h"
#include "store/account.h"
#include "tui/widgets.h"

const int screen_login_lock = 1;

struct login {
	bool lock;
	int field;                /* 0 username, 1 PIN */
	struct lineedit user, pin;
	char msg[256];
};

static const enum action login_actions[] = {
	ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_CLEAR_FIELD, ACT_HELP, ACT_QUIT, ACT_NONE
};

static bool login_open(struct screen *s, struct tui *t, void *arg)
{
	struct login *l = s->state;
	l->lock = arg == &screen_login_lock;
	lineedit_init(&l->user, ACCOUNT_USERNAME_MAX, l->lock ? t->officer : NULL);
	lineedit_init(&l->pin, 64, NULL);
	l->field = l->lock ? 1 : 0;
	return true;
}

static void wipe_pin(struct login *l)
{
	if (l->pin.buf)
		sodium_memzero(l->pin.buf, (size_t)l->pin.cap * sizeof(*l->pin.buf));
	lineedit_set(&l->pin, NULL);
}

static void login_close(struct screen *s, struct tui *t)
{
	(void)t;
	struct login *l = s->state;
	wipe_pin(l);
	lineedit_release(&l->user);
	lineedit_release(&l->pin);
}

static void login_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct login *l = s->state;
	struct store *db = t->app->st;
	char left[256];
	snprintf(left, sizeof(left), " Bantu - %s (%s)", store_office_name(db), store_office_code(db));
	tui_bar(t, 0, w, left, "");
	int bw = 60, bh = 11;
	int by = (h - bh) / 2, bx = (w - bw) / 2;
	tui_box(t, by, bx, bh, bw, l->lock ? _("Screen locked") : _("Log in"));
	char line[256];
	if (l->lock) {
		tui_text(by + 2, bx + 2, bw - 4, _("Locked after a while without use."), false);
		snprintf(line, sizeof(line), _("%s: type your PIN to go on where you were."),
			 t->officer);
		tui_text(by + 3, bx + 2, bw - 4, line, false);
	} else {
		tui_text(by + 2, bx + 2, bw - 4, _("Type your username and PIN."), false);
	}
	int lw = 12;
	tui_text(by + 5, bx + 2, lw, _("Username:"), false);
	tui_text(by + 6, bx + 2, lw, _("PIN:"), false);
	tui_attr(t, ATTR_FIELD);
	int cx = lineedit_draw(&l->user, by + 5, bx + 2 + lw, 24);
	char stars[65];
	int n = l->pin.len < 24 ? l->pin.len : 24;
	memset(stars, '*', (size_t)n);
	stars[n] = '\0';
	tui_text(by + 6, bx + 2 + lw, 24, stars, true);
	tui_attr(t, ATTR_NORMAL);
	if (l->msg[0]) {
		tui_attr(t, ATTR_ERROR);
		tui_text(by + 8, bx + 2, bw - 4, l->msg, false);
		tui_attr(t, ATTR_NORMAL);
	}
	if (l->field == 0)
		tui_cursor(t, by + 5, cx);
	else
		tui_cursor(t, by + 6, bx + 2 + lw + n);
}

static int attempt(struct login *l, struct tui *t)
{
	char *user = lineedit_text(&l->user);
	char *pin = lineedit_text(&l->pin);
	wipe_pin(l);
	int delay = 0;
	struct err e = { 0 };
	enum auth_login rc = LOGIN_WRONG;
	if (l->lock && !str_eq(user, t->officer))
		err_set(&e, 1, _("only %s can unlock this session"), t->officer);
	else
		rc = auth_login(t->app->st, user, pin, &delay, &e);
	sodium_memzero(pin, strlen(pin));
	free(pin);
	if (rc == LOGIN_OK) {
		struct account a;
		if (!l->lock) {
			tui_set_officer(t, user);
			if (store_account_get(t->app->st, user, &a))
				tui_message(t, false, _("Welcome, %s (%s)."), a.name, a.role);
		}
		free(user);
		tui_pop(t);
		return TUI_REDRAW;
	}
	free(user);
	if (delay > 0) {
		/* Wait (longer after each wrong PIN) and drop what was typed meanwhile;
		 * the refusal shows when the next try is possible. */
		str_copy(l->msg, _("Please wait..."), sizeof(l->msg));
		tui_flush(t);
		napms(delay);
		flushinp();
	}
	str_copy(l->msg, e.msg, sizeof(l->msg));
	return TUI_REDRAW;
}

static int login_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	struct login *l = s->state;
	bool changed;
	if (a == ACT_NEXT_FIELD && !(k->code == '\n' && l->field == 1)) {
		if (!l->lock)
			l->field = !l->field;
		return TUI_REDRAW;
	}
	if (a == ACT_PREV_FIELD) {
		if (!l->lock)
			l->field = !l->field;
		return TUI_REDRAW;
	}
	if (a == ACT_NEXT_FIELD)
		return attempt(l, t);
	if (a == ACT_CLEAR_FIELD) {
		lineedit_set(l->field ? &l->pin : &l->user, NULL);
		return TUI_REDRAW;
	}
	if (a == ACT_QUIT || a == ACT_HELP)
		return TUI_UNHANDLED;
	if (lineedit_key(l->field ? &l->pin : &l->user, k, &changed)) {
		if (changed)
			l->msg[0] = '\0';
		return TUI_REDRAW;
	}
	/* Nothing else works until the PIN is right (Esc does not open the screens). */
	return TUI_HANDLED;
}

unsigned role_limits(struct tui *t)
{
	unsigned m = 0;
	if (!rights_may(t->app->st, t->app->officer, R_SCREEN_EDIT))
		m |= ROLE_NO_EDIT;
	if (!rights_may(t->app->st, t->app->officer, R_SCREEN_DELETE))
		m |= ROLE_NO_DELETE;
	if (!rights_may(t->app->st, t->app->officer, R_SCREEN_PURGE))
		m |= ROLE_NO_ADMIN;
	return m;
}

const enum action *role_filter(const enum action *list, unsigned limits, enum action *buf,
			       size_t cap)
{
	if (!limits)
		return list;
	size_t n = 0;
	for (size_t i = 0; list[i] != ACT_NONE && n + 1 < cap; i++) {
		enum action a = list[i];
		if ((limits & ROLE_NO_EDIT) && (a == ACT_EDIT || a == ACT_ADD))
			continue;
		if ((limits & ROLE_NO_DELETE) && (a == ACT_DELETE || a == ACT_RESTORE))
			continue;
		if ((limits & ROLE_NO_ADMIN) && a == ACT_PURGE)
			continue;
		buf[n++] = a;
	}
	buf[n] = ACT_NONE;
	return buf;
}

int role_refusal(struct tui *t, const enum action *list, unsigned limits, const struct tui_key *k)
{
	if (!limits)
		return TUI_UNHANDLED;
	enum right_id need;
	switch (keymap_lookup(list, k)) {
	case ACT_EDIT:
	case ACT_ADD:
		need = R_SCREEN_EDIT;
		break;
	case ACT_DELETE:
	case ACT_RESTORE:
		need = R_SCREEN_DELETE;
		break;
	case ACT_PURGE:
		need = R_SCREEN_PURGE;
		break;
	default:
		return TUI_UNHANDLED;
	}
	struct err e;
	err_clear(&e);
	if (rights_require(t->app->st, t->app->officer, need, &e))
		return TUI_UNHANDLED;
	tui_message(t, true, "%s", e.msg);
	return TUI_REDRAW;
}

const struct screen_ops screen_login = {
	.name = "login",
	.state_size = sizeof(struct login),
	.actions = login_actions,
	.open = login_open,
	.draw = login_draw,
	.key = login_key,
	.close = login_close,
};
