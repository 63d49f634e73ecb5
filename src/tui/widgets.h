/*
 * widgets.h - the building blocks of screens: a line editor (wide characters,
 * cursor by display columns), a list over the store with keyset paging, a form
 * over entity field descriptions, dialogs and a progress bar.
 */
#ifndef BANTU_TUI_WIDGETS_H
#define BANTU_TUI_WIDGETS_H

#include <wchar.h>

#include "model/registry.h"
#include "store/region.h"
#include "tui/screen.h"

/* ---- line editor (edit.c) ---- */

struct lineedit {
	wchar_t *buf;      /* owned; len characters, not terminated */
	int len, cap;      /* cap: most characters accepted */
	int cur;           /* cursor, 0..len */
};

/* Starts an editor of at most cap characters holding text (UTF-8, may be NULL). */
void lineedit_init(struct lineedit *le, int cap, const char *text);
void lineedit_release(struct lineedit *le);
void lineedit_set(struct lineedit *le, const char *text);
/* The text as UTF-8; caller frees. */
char *lineedit_text(const struct lineedit *le);
/* Editing keys (characters, Backspace, Del, Left, Right, Home, End, C-u). Returns
 * true when the key was taken; *changed says whether the text changed. */
bool lineedit_key(struct lineedit *le, const struct tui_key *k, bool *changed);
/* Inserts one character; false when full. */
bool lineedit_insert(struct lineedit *le, wchar_t c);
/* Draws in cols columns at (y, x), scrolled to keep the cursor visible; returns
 * the cursor's column. */
int lineedit_draw(const struct lineedit *le, int y, int x, int cols);
/* The display columns of the whole text (a wide character takes two). */
int lineedit_cols(const struct lineedit *le);

/* ---- list over the store (list.c) ---- */

struct listw {
	struct list_query q;          /* the caller sets ent, columns, filters; search is the widget's */
	size_t ncols;
	struct list_row *rows;        /* the visible page only */
	int nrows, cap;               /* rows in the page, and rows a page holds */
	int sel;                      /* selected row in the page */
	struct lineedit search;
	char *search_text;
	int64_t count;                /* matching records, up to LISTW_COUNT_CAP */
	bool at_end;
};

#define LISTW_COUNT_CAP 1000

void listw_init(struct listw *l);
void listw_release(struct listw *l);
/* Reloads from the start (search or filters changed). False with e on error. */
bool listw_reload(struct listw *l, struct store *st, struct err *e);
/* Reloads keeping the position (a record changed). */
bool listw_refresh(struct listw *l, struct store *st, struct err *e);
/* Sets how many rows fit; reloads when it changed. */
void listw_resize(struct listw *l, struct store *st, int rows);
/* Moves by an action (UP, DOWN, PAGE_UP, PAGE_DOWN, FIRST, LAST); false when not one. */
bool listw_move(struct listw *l, struct store *st, enum action a);
/* Search-as-you-type keys: true when taken (and the list reloaded). */
bool listw_search_key(struct listw *l, struct store *st, const struct tui_key *k);
/* The selected row, or NULL. */
const struct list_row *listw_selected(const struct listw *l);
/* "1.234" or "1000+" into buf. */
const char *listw_count_text(const struct listw *l, char *buf, size_t size);
/* Before drawing: fits the page to rows and refreshes it when the data changed
 * since *gen (t->generation), then remembers the generation in *gen. */
void listw_fit(struct listw *l, struct tui *t, int rows, unsigned long *gen);

/* A list drawn in columns: the heads (dim) on the line above top, then one line
 * per row of the page from top, the selected one highlighted; column c is cw[c]
 * columns wide with one blank after it (so n blanks in all: the widths add up to
 * w - n at most), a text cut to its column. cell returns the text of a row's
 * column (allocated; freed here). Bit c of right aligns column c (and its head)
 * to the right: amounts. When the page is empty, empty is shown below top. */
struct listw_columns {
	int n;
	const int *cw;
	const char *const *heads;
	char *(*cell)(struct tui *t, const struct list_row *row, int col, void *arg);
	void *arg;
	const char *empty;
	unsigned right;
};
void listw_draw_columns(struct tui *t, const struct listw *l, int top, int w,
			const struct listw_columns *c);

/* ---- form (form.c) ---- */

struct form_field {
	const struct field_meta *meta;
	struct lineedit edit;
	char *error;                  /* message from the last check, owned, or NULL */
	bool warning;                 /* error is a warning */
	bool touched;
};

struct form_pick {                    /* candidates of a region or choice field */
	char code[REGION_CODE_MAX + 32];
	char name[96];
};
#define FORM_PICK_MAX 12

struct form {
	struct store *st;
	const struct field_meta *fields;
	size_t nfields;
	struct form_field *f;
	struct record rec;            /* the values in stored form */
	int cur;                      /* the field being edited */
	bool fresh;                   /* cur as entered: a character typed replaces its value */
	bool one_record;              /* an edit form: no "save and start the next" */
	int top;                      /* first field shown */
	bool dirty;
	/* The record's entity when the form edits one (NULL for a filter): a chosen
	 * reference shows the fields the save copies from it (derived fields). */
	const struct entity_meta *meta;
	struct form_pick pick[FORM_PICK_MAX];
	int npick, pick_sel;
};

/* Starts a form over fields, holding a copy of rec (values shown through registry_display). */
void form_init(struct form *fm, struct store *st, const struct field_meta *fields, size_t n,
	       const struct record *rec);
void form_release(struct form *fm);
/* Draws the fields in rows y..y+h-1; shows the cursor in the current field. */
void form_draw(struct form *fm, struct tui *t, int y, int h, int w);
/* Keys: editing, next/previous field, pickers. Returns TUI_* flags. */
int form_key(struct form *fm, struct tui *t, enum action a, const struct tui_key *k);
/* Reads the current field's text into the record; false (message set) when refused. */
bool form_commit_current(struct form *fm);
/* Reads every field; false with the cursor on the first refused one. */
bool form_commit_all(struct form *fm);
/* Shows the model's issues beside their fields; the cursor goes to the first error. */
void form_show_issues(struct form *fm, const struct issues *is);
/* Sets the current field. */
void form_goto(struct form *fm, int i);
/* Clears the record except the persistent fields (next record of a stack). */
void form_next_record(struct form *fm);

/* ---- dialogs (dialog.c): overlay screens answering the screen below ---- */

/* A yes/no question; the answer comes to the asking screen's answer op with id. */
void dialog_confirm(struct tui *t, int id, const char *title, const char *question);
/* A message to acknowledge (answer yes). */
void dialog_message(struct tui *t, int id, const char *title, const char *text);
/* A line of text (answer text, yes = entered, no = cancelled). */
void dialog_prompt(struct tui *t, int id, const char *title, const char *question);
/* The same, holding text to start with (the value in force, to change). */
void dialog_prompt_text(struct tui *t, int id, const char *title, const char *question,
			const char *text);
/* The same for a PIN: what is typed shows as '*'. */
void dialog_prompt_secret(struct tui *t, int id, const char *title, const char *question);

/* Draws a progress bar of done/total at (y, x) in w columns (for long work). */
void tui_progress(struct tui *t, int y, int x, int w, long done, long total);

#endif
