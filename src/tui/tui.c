/*
 * tui.c - curses set-up and tear-down, the screen stack and the one app loop:
 * it reads a key, gives it to the top screen, and redraws when a handler says
 * so (or the terminal was resized). The terminal is restored on every exit.
 */
#include "tui/tui.h"

#include <curses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/i18n.h"
#include "model/auth.h"
#include "store/account.h"
#include "sync/clockwarn.h"
#include "screens/screens.h"
#include "tui/private.h"

#define MIN_ROWS 24
#define MIN_COLS 80

static volatile sig_atomic_t got_signal;
static bool curses_on;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* Restores the terminal; safe to call more than once (atexit and normal exit). */
static void restore_terminal(void)
{
	if (curses_on && !isendwin())
		endwin();
	curses_on = false;
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	atexit(restore_terminal);
}

static bool want_color(const struct app *app)
{
	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		return false;
	if (app->cfg && config_origin(app->cfg, "ui.color") && !config_bool(app->cfg, "ui.color"))
		return false;
	return has_colors();
}

static void start_curses(struct tui *t)
{
	initscr();
	curses_on = true;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	timeout(250);
	t->color = want_color(t->app);
	if (t->color)
		tui_colors_init();
}

/* ---- the stack ---- */

bool tui_push(struct tui *t, const struct screen_ops *ops, void *arg)
{
	struct screen *s = xcalloc(1, sizeof(*s));
	s->ops = ops;
	s->state = ops->state_size ? xcalloc(1, ops->state_size) : NULL;
	s->below = t->top;
	t->top = s;
	if (ops->open && !ops->open(s, t, arg)) {
		t->top = s->below;
		if (ops->close)
			ops->close(s, t);
		free(s->state);
		free(s);
		return false;
	}
	return true;
}

void tui_pop(struct tui *t)
{
	struct screen *s = t->top;
	if (!s)
		return;
	t->top = s->below;
	if (s->ops->close)
		s->ops->close(s, t);
	s->below = t->dead;
	t->dead = s;
}

int tui_answer(struct tui *t, int id, bool yes, const char *text)
{
	tui_pop(t);
	struct screen *s = t->top;
	int flags = TUI_REDRAW;
	if (s && s->ops->answer)
		flags |= s->ops->answer(s, t, id, yes, text);
	return flags;
}

static void free_dead(struct tui *t)
{
	while (t->dead) {
		struct screen *s = t->dead;
		t->dead = s->below;
		free(s->state);
		free(s);
	}
}

const enum action *screen_actions(struct screen *s)
{
	return s->ops->actions_now ? s->ops->actions_now(s) : s->ops->actions;
}

/* ---- drawing ---- */

static void draw_status(struct tui *t, int y, int w)
{
	const enum action *acts = t->top ? screen_actions(t->top) : NULL;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; acts && acts[i] != ACT_NONE; i++) {
		const char *label = action_label(acts[i]);
		const char *key = keymap_key_name(acts[i]);
		if (!label || !*key)
			continue;
		/* Whole entries only: those that do not fit are in F1 help. */
		char *item = xasprintf("%s%s %s", sb.len ? "  " : "", key, _(label));
		if (tui_text_cols(strbuf_str(&sb)) + tui_text_cols(item) <= w)
			strbuf_adds(&sb, item);
		free(item);
	}
	tui_attr(t, ATTR_TITLE);
	tui_text(y, 0, w, strbuf_str(&sb), true);
	tui_attr(t, ATTR_NORMAL);
	strbuf_release(&sb);
}

/* The message line; a message wider than the screen takes the lines above it
 * too (up to MESSAGE_ROWS) until the next key, so that none is cut off. */
#define MESSAGE_ROWS 4
static void draw_message(struct tui *t, int y, int w)
{
	tui_attr(t, t->message_error ? ATTR_ERROR : ATTR_NORMAL);
	int rows = t->message[0] ? tui_wrap(t->message, w, -1, 0, MESSAGE_ROWS, true) : 1;
	if (rows <= 1)
		tui_text(y, 0, w, t->message, true);
	else
		tui_wrap(t->message, w, y - rows + 1, 0, rows, true);
	tui_attr(t, ATTR_NORMAL);
}

static void draw_too_small(int h, int w)
{
	char line[128];
	snprintf(line, sizeof(line), _("Terminal too small: %dx%d, at least %dx%d needed."), w, h,
		 MIN_COLS, MIN_ROWS);
	tui_text(0, 0, w, line, false);
	tui_text(1, 0, w, _("Make the window larger, or press F10 to quit."), false);
}

/* Draws the stack from the topmost full screen up, then the message and status lines. */
static void draw_all(struct tui *t)
{
	int h, w;
	getmaxyx(stdscr, h, w);
	erase();
	t->cur_y = t->cur_x = -1;
	if (h < MIN_ROWS || w < MIN_COLS) {
		draw_too_small(h, w);
		curs_set(0);
		refresh();
		return;
	}
	struct screen *order[64];
	int n = 0;
	for (struct screen *s = t->top; s && n < 64; s = s->below) {
		order[n++] = s;
		if (!s->ops->overlay)
			break;
	}
	for (int i = n - 1; i >= 0; i--) {
		t->cur_y = t->cur_x = -1;
		order[i]->ops->draw(order[i], t, h - 2, w);
	}
	draw_message(t, h - 2, w);
	draw_status(t, h - 1, w);
	if (t->cur_x >= 0) {
		curs_set(1);
		move(t->cur_y, t->cur_x);
	} else {
		curs_set(0);
	}
	refresh();
}

void tui_flush(struct tui *t)
{
	draw_all(t);
}

/* ---- keys ---- */

/* Reads one key; false on timeout (ERR). Normalises Enter and Backspace. */
static bool read_key(struct tui_key *k)
{
	wint_t wc;
	int rc = get_wch(&wc);
	if (rc == ERR)
		return false;
	k->fn = rc == KEY_CODE_YES;
	k->code = (int)wc;
	if ((k->fn && k->code == KEY_ENTER) || (!k->fn && k->code == '\r')) {
		k->code = '\n';
		k->fn = false;
	}
	if (!k->fn && (k->code == 127 || k->code == 8)) {
		k->code = KEY_BACKSPACE;
		k->fn = true;
	}
	return true;
}

/* Global keys when the screen did not take the key: help, quit, too-small. */
static int global_key(struct tui *t, const struct tui_key *k)
{
	static const enum action globals[] = { ACT_QUIT, ACT_HELP, ACT_NONE };
	enum action a = keymap_lookup(globals, k);
	if (a == ACT_QUIT)
		return TUI_QUIT;
	if (a == ACT_HELP && t->top && t->top->ops != &screen_help) {
		tui_push(t, &screen_help, NULL);
		return TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

static bool too_small(void)
{
	int h, w;
	getmaxyx(stdscr, h, w);
	return h < MIN_ROWS || w < MIN_COLS;
}

/* One key through the top screen, then Back (closes the screen) and the global keys. */
static int dispatch(struct tui *t, const struct tui_key *k)
{
	if (too_small())
		return keymap_match(ACT_QUIT, k) ? TUI_QUIT : TUI_UNHANDLED;
	struct screen *s = t->top;
	enum action a = keymap_lookup(screen_actions(s), k);
	int flags = s->ops->key ? s->ops->key(s, t, a, k) : TUI_UNHANDLED;
	if (flags == TUI_UNHANDLED && a == ACT_BACK) {
		/* Back, when the screen has it and does nothing else first: close it. */
		tui_pop(t);
		return TUI_REDRAW;
	}
	if (flags == TUI_UNHANDLED)
		flags = global_key(t, k);
	return flags;
}

static int64_t mono_secs(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

void tui_set_officer(struct tui *t, const char *username)
{
	str_copy(t->officer, username, sizeof(t->officer));
	t->app->officer = t->officer;
	store_set_officer(t->app->st, t->officer);
}

/* After idle_lock_secs without a key, a logged-in session locks: the lock screen
 * goes on top of the stack, so the form below keeps what was typed. */
static bool idle_lock(struct tui *t, int64_t last_key)
{
	if (t->idle_lock_secs <= 0 || !t->officer[0] || !t->top || t->top->ops == &screen_login ||
	    mono_secs() - last_key < t->idle_lock_secs)
		return false;
	return tui_push(t, &screen_login, (void *)&screen_login_lock);
}

static void loop(struct tui *t)
{
	bool redraw = true;
	int64_t last_key = mono_secs();
	while (t->top && !got_signal) {
		if (redraw)
			draw_all(t);
		redraw = false;
		struct tui_key k;
		if (!read_key(&k)) {
			redraw = idle_lock(t, last_key);
			continue;
		}
		last_key = mono_secs();
		if (k.fn && k.code == KEY_RESIZE) {
			redraw = true;
			continue;
		}
		t->message[0] = '\0';
		t->message_error = false;
		int flags = dispatch(t, &k);
		free_dead(t);
		if ((flags & TUI_AGAIN) && t->top) {
			flags = (flags & ~TUI_AGAIN) | dispatch(t, &k);
			free_dead(t);
		}
		if (flags & TUI_QUIT)
			break;
		redraw = flags != TUI_UNHANDLED;
		if (!redraw)
			beep();
	}
}

int tui_run(struct app *app)
{
	struct err e;
	err_clear(&e);
	if (!keymap_init(app->cfg, &e)) {
		fprintf(stderr, "bantu: %s\n", e.msg);
		return 2;
	}
	struct tui t;
	memset(&t, 0, sizeof(t));
	t.app = app;
	t.auto_advance = config_bool(app->cfg, "ui.auto_advance");
	install_signals();
	start_curses(&t);
	tui_push(&t, &screen_home, NULL);
	/* Once accounts exist, every session starts at the login. */
	if (auth_accounts_exist(app->st)) {
		int64_t secs = config_int(app->cfg, "login.idle_lock_seconds");
		t.idle_lock_secs = (int)(secs > 0 ? secs : config_int(app->cfg, "login.idle_lock_minutes") * 60);
		tui_push(&t, &screen_login, NULL);
	}
	/* A wrong date makes wrong clocks on every change: say so before any edit. */
	int64_t now, prov;
	enum clock_state cs = sync_clock_check(app->st, &now, &prov);
	if (cs == CLOCK_PROVINCE) {
		char a[32], b[32];
		time_t ta = (time_t)(now / 1000), tb = (time_t)(prov / 1000);
		struct tm tm;
		strftime(a, sizeof(a), "%d/%m/%Y", localtime_r(&ta, &tm) ? &tm : &(struct tm){ 0 });
		strftime(b, sizeof(b), "%d/%m/%Y", localtime_r(&tb, &tm) ? &tm : &(struct tm){ 0 });
		tui_message(&t, true, _("This computer's clock (%s) disagrees with the province's (%s,"
					" signed in its last bundle). Set the date before entering data."),
			    a, b);
	} else if (cs == CLOCK_BEHIND) {
		tui_message(&t, true, "%s", _("This computer's clock is behind changes already "
					      "recorded. Set the date before entering data."));
	} else if (cs == CLOCK_AHEAD) {
		tui_message(&t, true, "%s", _("This computer's clock is more than a year ahead of "
					      "every change recorded. Check the date before entering data."));
	}
	loop(&t);
	while (t.top)
		tui_pop(&t);
	free_dead(&t);
	restore_terminal();
	return got_signal ? 128 + got_signal : 0;
}
