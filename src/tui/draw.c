/* draw.c - drawing helpers: UTF-8 text clipped by display columns, bars, boxes. */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <langinfo.h>
#include <string.h>
#include <wchar.h>

#include "tui/private.h"

enum { PAIR_TITLE = 1, PAIR_ERROR, PAIR_SELECTED, PAIR_WARNING };

void tui_attr(struct tui *t, enum tui_attr a)
{
	switch (a) {
	case ATTR_TITLE:
		attrset(t->color ? (COLOR_PAIR(PAIR_TITLE) | A_BOLD) : A_REVERSE);
		break;
	case ATTR_SELECTED:
		attrset(t->color ? (COLOR_PAIR(PAIR_SELECTED) | A_REVERSE) : A_REVERSE);
		break;
	case ATTR_ERROR:
		attrset(t->color ? (COLOR_PAIR(PAIR_ERROR) | A_BOLD) : A_BOLD);
		break;
	case ATTR_WARNING:
		attrset(t->color ? (COLOR_PAIR(PAIR_WARNING) | A_BOLD) : A_BOLD);
		break;
	case ATTR_DIM:
		attrset(A_DIM);
		break;
	case ATTR_FIELD:
		attrset(A_UNDERLINE);
		break;
	default:
		attrset(A_NORMAL);
		break;
	}
}

void tui_colors_init(void)
{
	start_color();
	use_default_colors();
	init_pair(PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(PAIR_ERROR, COLOR_RED, -1);
	init_pair(PAIR_SELECTED, -1, -1);
	init_pair(PAIR_WARNING, COLOR_YELLOW, -1);
}

int tui_text(int y, int x, int cols, const char *text, bool pad)
{
	int used = 0;
	mbstate_t ps;
	memset(&ps, 0, sizeof(ps));
	const char *p = text ? text : "";
	size_t left = strlen(p);
	move(y, x);
	while (left > 0 && used < cols) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, left, &ps);
		if (n == (size_t)-1 || n == (size_t)-2) {
			memset(&ps, 0, sizeof(ps));
			wc = L'?';
			n = 1;
		}
		if (n == 0)
			break;
		if (wc < 0x20 || wc == 0x7f)
			wc = L' ';
		int cw = wcwidth(wc);
		if (cw < 0) {
			wc = L'?';
			cw = 1;
		}
		if (used + cw > cols)
			break;
		addnwstr(&wc, 1);
		used += cw;
		p += n;
		left -= n;
	}
	for (; pad && used < cols; used++)
		addch(' ');
	return used;
}

int tui_text_cols(const char *text)
{
	int cols = 0;
	mbstate_t ps;
	memset(&ps, 0, sizeof(ps));
	const char *p = text ? text : "";
	size_t left = strlen(p);
	while (left > 0) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, left, &ps);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&ps, 0, sizeof(ps));
			n = 1;
			wc = L'?';
		}
		int cw = wcwidth(wc);
		cols += cw < 0 ? 1 : cw;
		p += n;
		left -= n;
	}
	return cols;
}

void tui_bar(struct tui *t, int y, int w, const char *left, const char *right)
{
	tui_attr(t, ATTR_TITLE);
	int lc = tui_text_cols(left);
	int rc = right ? tui_text_cols(right) : 0;
	if (rc && rc > w - lc - 2) /* a long left text leaves the right a third */
		rc = w - lc - 2 > w / 3 ? w - lc - 2 : w / 3;
	int used = tui_text(y, 0, w - rc - (rc ? 1 : 0), left, true);
	if (rc) {
		tui_text(y, used, 1, " ", true);
		/* A long right text (a path) keeps its end. */
		const char *r = right;
		bool cut = false;
		while (*r && tui_text_cols(r) > rc - (cut ? 1 : 0)) {
			r++;
			while ((*r & 0xc0) == 0x80)
				r++;
			cut = true;
		}
		tui_text(y, w - rc, rc, cut ? "<" : "", false);
		tui_text(y, w - rc + (cut ? 1 : 0), rc - (cut ? 1 : 0), r, true);
	}
	tui_attr(t, ATTR_NORMAL);
}

void tui_box(struct tui *t, int y, int x, int h, int w, const char *title)
{
	tui_attr(t, ATTR_NORMAL);
	for (int r = y; r < y + h; r++) {
		move(r, x);
		for (int c = 0; c < w; c++)
			addch(' ');
	}
	mvaddch(y, x, ACS_ULCORNER);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	if (title) {
		tui_attr(t, ATTR_TITLE);
		mvaddch(y, x + 2, ' ');
		int n = tui_text(y, x + 3, w - 6, title, false);
		addch(' ');
		(void)n;
		tui_attr(t, ATTR_NORMAL);
	}
}

void tui_cursor(struct tui *t, int y, int x)
{
	t->cur_y = y;
	t->cur_x = x;
}

int tui_wrap(const char *text, int cols, int y, int x, int max_rows, bool pad)
{
	int row = 0;
	const char *p = text;
	while (*p && row < max_rows) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, len);
		/* Cut at the last space that fits; a word longer than the line, where
		 * it must (on a character boundary). */
		while (tui_text_cols(line) > cols) {
			char *sp = strrchr(line, ' ');
			if (!sp || sp == line) {
				size_t cut = 0, n = strlen(line);
				while (cut < n) {
					size_t next = cut + 1;
					while (next < n && ((unsigned char)line[next] & 0xc0) == 0x80)
						next++;
					char keep = line[next];
					line[next] = '\0';
					bool fits = tui_text_cols(line) <= cols;
					line[next] = keep;
					if (!fits)
						break;
					cut = next;
				}
				line[cut ? cut : (n ? 1 : 0)] = '\0';
				break;
			}
			*sp = '\0';
		}
		size_t used = strlen(line);
		if (y >= 0)
			tui_text(y + row, x, cols, line, pad);
		free(line);
		row++;
		p += used;
		while (*p == ' ')
			p++;
		if (*p == '\n')
			p++;
	}
	return row;
}

void tui_message(struct tui *t, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->message, sizeof(t->message), fmt, ap);
	va_end(ap);
	t->message_error = error;
}

/* Whether the terminal shows block characters: the user's own locale (Bantu sets
 * a UTF-8 one for itself whatever it is) says UTF-8, and the terminal is not a
 * vt100-like one. */
static bool unicode_blocks(void)
{
	static int known = -1;
	if (known >= 0)
		return known;
	const char *loc = getenv("LC_ALL");
	if (str_empty(loc))
		loc = getenv("LC_CTYPE");
	if (str_empty(loc))
		loc = getenv("LANG");
	const char *term = getenv("TERM");
	bool utf8 = loc && (strstr(loc, "UTF-8") || strstr(loc, "utf8") || strstr(loc, "UTF8") ||
			    strstr(loc, "utf-8"));
	bool vt = term && (strncmp(term, "vt", 2) == 0 || str_eq(term, "linux"));
	known = utf8 && !vt && strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	return known;
}

void tui_hbar(struct tui *t, int y, int x, int w, int64_t v, int64_t max)
{
	(void)t;
	if (w <= 0 || max <= 0 || v <= 0)
		return;
	if (v > max)
		v = max;
	/* Eighths of a column: a small figure still shows a sliver. */
	int64_t eighths = v * w * 8 / max;
	if (eighths == 0)
		eighths = 1;
	bool utf8 = unicode_blocks();
	move(y, x);
	if (!utf8) {
		for (int64_t i = 0; i < (eighths + 7) / 8; i++)
			addch('#');
		return;
	}
	static const wchar_t part[] = { 0, 0x258f, 0x258e, 0x258d, 0x258c, 0x258b, 0x258a, 0x2589 };
	wchar_t full[2] = { 0x2588, 0 };
	for (int64_t i = 0; i < eighths / 8; i++)
		addwstr(full);
	if (eighths % 8) {
		wchar_t p[2] = { part[eighths % 8], 0 };
		addwstr(p);
	}
}
