/*
 * screen.h - the screen framework, for src/screens/ and the widgets: one screen
 * is one file with an ops table (open / draw / key / close) and private state the
 * framework allocates and frees. Screens live on a stack; Esc goes back. One app
 * loop (tui.c) reads keys, hands them to the top screen and alone decides when
 * to redraw, from the flags the handlers return.
 */
#ifndef BANTU_TUI_SCREEN_H
#define BANTU_TUI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "tui/action.h"

struct tui;
struct screen;

/* What a key handler did. */
enum {
	TUI_UNHANDLED = 0,
	TUI_HANDLED = 1,
	TUI_REDRAW = 2,   /* the screen changed: redraw */
	TUI_QUIT = 4,     /* leave Bantu */
	TUI_REASK = 8,    /* from an answer op: the prompt's text is refused; the prompt opens
			   * again with that text and the error of tui_message inside it */
	TUI_AGAIN = 16,   /* the handler opened a screen: the same key goes to it too */
};

struct screen_ops {
	const char *name;            /* for debugging */
	size_t state_size;           /* private state, zeroed, freed by the framework */
	bool overlay;                /* drawn over the screen below (dialogs) */
	const enum action *actions;  /* actions that work here, ACT_NONE-ended: keys, status bar, help */
	/* Optional: the actions that work now, when they depend on the state. */
	const enum action *(*actions_now)(struct screen *s);
	/* Set-up with the argument given to tui_push; false refuses (the screen is dropped). */
	bool (*open)(struct screen *s, struct tui *t, void *arg);
	/* Draws into the rectangle of the screen (rows 0..h-1 above the status bar). */
	void (*draw)(struct screen *s, struct tui *t, int h, int w);
	/* A key: a (ACT_NONE when the key is no action here) and the key itself.
	 * TUI_UNHANDLED for ACT_BACK (listed in actions): the framework pops the screen. */
	int (*key)(struct screen *s, struct tui *t, enum action a, const struct tui_key *k);
	/* An answer from a dialog this screen asked (see dialog_*). */
	int (*answer)(struct screen *s, struct tui *t, int id, bool yes, const char *text);
	/* Whether leaving (quit) would lose something: the loop then asks first. */
	bool (*dirty)(struct screen *s);
	void (*close)(struct screen *s, struct tui *t);
};

struct screen {
	const struct screen_ops *ops;
	void *state;
	struct screen *below;
};

/* The application context of the TUI. */
struct tui {
	struct app *app;
	struct screen *top;
	struct screen *dead;         /* popped screens, freed by the loop */
	int cur_y, cur_x;            /* cursor position wanted by the last draw, -1 = hidden */
	char message[512];           /* one-line message shown above the status bar */
	bool message_error;
	bool color;
	unsigned long generation;    /* bumped on every change of data: lists reload */
	char officer[64];            /* the logged-in officer (app->officer points here) */
	int idle_lock_secs;          /* lock the screen after this many idle seconds; 0 = never */
	bool auto_advance;           /* forms move on by themselves when a field is complete */
};

/* Makes username the session's officer (after a login): app->officer and the
 * store's officer follow. */
void tui_set_officer(struct tui *t, const char *username);

/* The actions of a screen now (actions_now, else actions). */
const enum action *screen_actions(struct screen *s);

/* Opens a screen on top; its open() gets arg. False (nothing pushed) when open refused. */
bool tui_push(struct tui *t, const struct screen_ops *ops, void *arg);
/* Closes the top screen (its state is freed after the current key is handled). */
void tui_pop(struct tui *t);
/* Closes the top screen and gives the answer to the screen below (its answer op);
 * returns that op's flags (TUI_REDRAW at least). For dialogs and pickers. */
int tui_answer(struct tui *t, int id, bool yes, const char *text);
/* Draws every screen now, for long work inside a key handler (a progress bar
 * the handler updates between steps); the loop still redraws afterwards. */
void tui_flush(struct tui *t);
/* Sets the message line (printf-like, already translated); error shows it marked. */
void tui_message(struct tui *t, bool error, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* Drawing helpers (draw.c). Text is UTF-8; widths are display columns. */
enum tui_attr { ATTR_NORMAL, ATTR_TITLE, ATTR_SELECTED, ATTR_ERROR, ATTR_DIM, ATTR_FIELD,
		ATTR_WARNING };
void tui_attr(struct tui *t, enum tui_attr a);
/* Draws text at (y, x) clipped to cols columns; pads with spaces to cols when pad.
 * Returns the columns drawn. */
int tui_text(int y, int x, int cols, const char *text, bool pad);
/* Draws text in lines of at most cols columns, cut at spaces (and at newlines),
 * from row y down, at most max_rows of them (y < 0: draws nothing); padded to cols
 * with pad. Returns the number of rows the text takes. */
int tui_wrap(const char *text, int cols, int y, int x, int max_rows, bool pad);
/* Display columns of UTF-8 text. */
int tui_text_cols(const char *text);
/* A horizontal bar at row y (title style) with left and right texts. */
void tui_bar(struct tui *t, int y, int w, const char *left, const char *right);
/* A horizontal bar of v out of max in w columns at (y, x): Unicode eighth blocks
 * on a UTF-8 terminal, '#' otherwise. */
void tui_hbar(struct tui *t, int y, int x, int w, int64_t v, int64_t max);
/* A boxed frame from (y, x) of h rows and w columns, with a title. */
void tui_box(struct tui *t, int y, int x, int h, int w, const char *title);
/* Wants the terminal cursor at (y, x) after drawing (x < 0 hides it). */
void tui_cursor(struct tui *t, int y, int x);

#endif
