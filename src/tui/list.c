/*
 * list.c - a list over the store with keyset paging: only the visible page is
 * held; every move or keystroke of the search is one page query (store_list_page)
 * and, when the search changes, one capped count.
 */
#include <curses.h>
#include <stdlib.h>

#include "core/format.h"
#include "tui/widgets.h"

#define SEARCH_MAX 80

void listw_init(struct listw *l)
{
	lineedit_init(&l->search, SEARCH_MAX, NULL);
	l->cap = 1;
	l->rows = xcalloc((size_t)l->cap, sizeof(*l->rows));
}

static void free_rows(struct listw *l)
{
	for (int i = 0; i < l->nrows; i++)
		list_row_release(&l->rows[i], l->ncols);
	l->nrows = 0;
}

void listw_release(struct listw *l)
{
	free_rows(l);
	free(l->rows);
	l->rows = NULL;
	free(l->search_text);
	l->search_text = NULL;
	lineedit_release(&l->search);
}

static size_t count_columns(const struct list_query *q)
{
	size_t n = 0;
	while (q->columns && q->columns[n])
		n++;
	return n;
}

/* Fetches a page into a fresh array; on success replaces the shown page. Returns
 * the rows fetched, or -1. */
static int fetch(struct listw *l, struct store *st, const struct list_cursor *from,
		 bool backward, int limit, struct err *e)
{
	if (limit <= 0)
		return 0;
	struct list_row *rows = xcalloc((size_t)limit, sizeof(*rows));
	l->ncols = count_columns(&l->q);
	l->q.search = l->search_text;
	int n = store_list_page(st, &l->q, from, backward, (size_t)limit, rows, e);
	if (n <= 0) {
		free(rows);
		return n;
	}
	free_rows(l);
	for (int i = 0; i < n; i++)
		l->rows[i] = rows[i];
	l->nrows = n;
	free(rows);
	return n;
}

bool listw_reload(struct listw *l, struct store *st, struct err *e)
{
	struct list_cursor start = { false, 0, NULL };
	free_rows(l);
	l->sel = 0;
	l->q.search = l->search_text;
	l->count = store_list_count(st, &l->q, LISTW_COUNT_CAP + 1);
	return fetch(l, st, &start, false, l->cap, e) >= 0;
}

/* The row of the page holding record id, or -1. */
static int find_row(const struct listw *l, const struct rid *id)
{
	for (int i = 0; i < l->nrows; i++)
		if (memcmp(l->rows[i].id.b, id->b, sizeof(id->b)) == 0)
			return i;
	return -1;
}

bool listw_refresh(struct listw *l, struct store *st, struct err *e)
{
	l->q.search = l->search_text;
	l->count = store_list_count(st, &l->q, LISTW_COUNT_CAP + 1);
	if (l->nrows == 0)
		return listw_reload(l, st, e);
	struct rid keep = l->rows[l->sel].id;
	int sel = l->sel;
	/* The row before the page, then the page from there. */
	struct list_row prev;
	memset(&prev, 0, sizeof(prev));
	int np = store_list_page(st, &l->q, &l->rows[0].cursor, true, 1, &prev, e);
	struct list_cursor from = { false, 0, NULL };
	if (np == 1) {
		list_cursor_copy(&from, &prev.cursor);
		list_row_release(&prev, count_columns(&l->q));
	}
	int n = fetch(l, st, &from, false, l->cap, e);
	list_cursor_release(&from);
	if (n >= 0 && n < l->cap) {
		/* The end of the list came into the page: show a full last page. */
		struct list_cursor end = { false, 0, NULL };
		n = fetch(l, st, &end, true, l->cap, e);
		if (n == 0)
			free_rows(l);
	}
	int at = find_row(l, &keep);
	l->sel = at >= 0 ? at : (sel < l->nrows ? sel : (l->nrows ? l->nrows - 1 : 0));
	return n >= 0;
}

void listw_resize(struct listw *l, struct store *st, int rows)
{
	if (rows < 1)
		rows = 1;
	if (rows == l->cap)
		return;
	free_rows(l);
	free(l->rows);
	l->cap = rows;
	l->rows = xcalloc((size_t)l->cap, sizeof(*l->rows));
	listw_reload(l, st, NULL);
}

static void move_down(struct listw *l, struct store *st)
{
	if (l->sel + 1 < l->nrows) {
		l->sel++;
		return;
	}
	if (l->nrows == 0)
		return;
	/* Scroll by one: the page after the first row, when there is a row more. */
	struct list_cursor from;
	list_cursor_copy(&from, &l->rows[0].cursor);
	int old = l->nrows;
	struct list_row extra;
	memset(&extra, 0, sizeof(extra));
	int more = store_list_page(st, &l->q, &l->rows[old - 1].cursor, false, 1, &extra, NULL);
	if (more == 1) {
		list_row_release(&extra, l->ncols);
		fetch(l, st, &from, false, l->cap, NULL);
		l->sel = l->nrows - 1;
	}
	list_cursor_release(&from);
}

static void move_up(struct listw *l, struct store *st)
{
	if (l->sel > 0) {
		l->sel--;
		return;
	}
	if (l->nrows == 0)
		return;
	struct list_cursor from;
	list_cursor_copy(&from, &l->rows[l->nrows - 1].cursor);
	struct list_row prev;
	memset(&prev, 0, sizeof(prev));
	int np = store_list_page(st, &l->q, &l->rows[0].cursor, true, 1, &prev, NULL);
	if (np == 1) {
		list_row_release(&prev, l->ncols);
		/* The page ending just before the last row shown. */
		fetch(l, st, &from, true, l->nrows < l->cap ? l->nrows : l->cap, NULL);
		l->sel = 0;
	}
	list_cursor_release(&from);
}

static void page_down(struct listw *l, struct store *st)
{
	if (l->nrows == 0)
		return;
	struct list_cursor from;
	list_cursor_copy(&from, &l->rows[l->nrows - 1].cursor);
	int n = fetch(l, st, &from, false, l->cap, NULL);
	list_cursor_release(&from);
	if (n > 0 && n < l->cap) {
		struct list_cursor end = { false, 0, NULL };
		fetch(l, st, &end, true, l->cap, NULL);
		l->sel = l->nrows - 1;
	} else if (n <= 0) {
		l->sel = l->nrows - 1;
	}
}

static void page_up(struct listw *l, struct store *st)
{
	if (l->nrows == 0)
		return;
	struct list_cursor from;
	list_cursor_copy(&from, &l->rows[0].cursor);
	int n = fetch(l, st, &from, true, l->cap, NULL);
	list_cursor_release(&from);
	if (n > 0 && n < l->cap) {
		struct list_cursor start = { false, 0, NULL };
		fetch(l, st, &start, false, l->cap, NULL);
	}
	if (n <= 0 || n < l->cap)
		l->sel = 0;
}

bool listw_move(struct listw *l, struct store *st, enum action a)
{
	struct list_cursor none = { false, 0, NULL };
	switch (a) {
	case ACT_UP:
		move_up(l, st);
		return true;
	case ACT_DOWN:
		move_down(l, st);
		return true;
	case ACT_PAGE_UP:
		page_up(l, st);
		return true;
	case ACT_PAGE_DOWN:
		page_down(l, st);
		return true;
	case ACT_FIRST:
		fetch(l, st, &none, false, l->cap, NULL);
		l->sel = 0;
		return true;
	case ACT_LAST:
		fetch(l, st, &none, true, l->cap, NULL);
		l->sel = l->nrows ? l->nrows - 1 : 0;
		return true;
	default:
		return false;
	}
}

bool listw_search_key(struct listw *l, struct store *st, const struct tui_key *k)
{
	if (k->fn && (k->code == KEY_HOME || k->code == KEY_END))
		return false; /* Home/End move in the list */
	if (!k->fn && k->code == '/' && l->search.len == 0)
		return true; /* "/" starts a search in less and vim; this box always searches */
	bool changed;
	if (!lineedit_key(&l->search, k, &changed))
		return false;
	if (changed) {
		free(l->search_text);
		l->search_text = lineedit_text(&l->search);
		listw_reload(l, st, NULL);
	}
	return true;
}

const struct list_row *listw_selected(const struct listw *l)
{
	return l->nrows > 0 && l->sel < l->nrows ? &l->rows[l->sel] : NULL;
}

const char *listw_count_text(const struct listw *l, char *buf, size_t size)
{
	if (l->count > LISTW_COUNT_CAP) {
		snprintf(buf, size, "%d+", LISTW_COUNT_CAP);
		return buf;
	}
	return number_format(l->count < 0 ? 0 : l->count, buf, size);
}

void listw_fit(struct listw *l, struct tui *t, int rows, unsigned long *gen)
{
	listw_resize(l, t->app->st, rows);
	if (*gen != t->generation) {
		listw_refresh(l, t->app->st, NULL);
		*gen = t->generation;
	}
}

/* One cell: text in cw columns (cut, or aligned right) and the blank after it. */
static void column_cell(int y, int x, int cw, const char *text, bool right)
{
	int lead = right ? cw - tui_text_cols(text) : 0;
	if (lead > 0)
		tui_text(y, x, lead, "", true);
	else
		lead = 0;
	tui_text(y, x + lead, cw - lead, text, true);
	tui_text(y, x + cw, 1, "", true);
}

void listw_draw_columns(struct tui *t, const struct listw *l, int top, int w,
			const struct listw_columns *c)
{
	tui_attr(t, ATTR_DIM);
	for (int i = 0, x = 0; i < c->n; x += c->cw[i] + 1, i++)
		column_cell(top - 1, x, c->cw[i], c->heads[i], c->right & (1u << i));
	for (int r = 0; r < l->nrows; r++) {
		tui_attr(t, r == l->sel ? ATTR_SELECTED : ATTR_NORMAL);
		for (int i = 0, x = 0; i < c->n; x += c->cw[i] + 1, i++) {
			char *text = c->cell(t, &l->rows[r], i, c->arg);
			column_cell(top + r, x, c->cw[i], text, c->right & (1u << i));
			free(text);
		}
	}
	tui_attr(t, ATTR_NORMAL);
	if (l->nrows == 0)
		tui_text(top + 1, 2, w - 4, c->empty, false);
}
