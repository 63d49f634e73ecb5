/* edit.c - a one-line editor of wide characters; the cursor moves by display columns. */
#include <curses.h>
#include <limits.h>
#include <stdlib.h>

#include "tui/widgets.h"

void lineedit_init(struct lineedit *le, int cap, const char *text)
{
	le->cap = cap > 0 ? cap : 1;
	le->buf = xcalloc((size_t)le->cap + 1, sizeof(wchar_t));
	le->len = le->cur = 0;
	lineedit_set(le, text);
}

void lineedit_release(struct lineedit *le)
{
	free(le->buf);
	le->buf = NULL;
	le->len = le->cap = le->cur = 0;
}

void lineedit_set(struct lineedit *le, const char *text)
{
	le->len = le->cur = 0;
	mbstate_t ps;
	memset(&ps, 0, sizeof(ps));
	const char *p = text ? text : "";
	size_t left = strlen(p);
	while (left > 0 && le->len < le->cap) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, left, &ps);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&ps, 0, sizeof(ps));
			wc = L'?';
			n = 1;
		}
		le->buf[le->len++] = wc;
		p += n;
		left -= n;
	}
	le->cur = le->len;
}

char *lineedit_text(const struct lineedit *le)
{
	struct strbuf sb = STRBUF_INIT;
	mbstate_t ps;
	memset(&ps, 0, sizeof(ps));
	for (int i = 0; i < le->len; i++) {
		char mb[MB_LEN_MAX];
		size_t n = wcrtomb(mb, le->buf[i], &ps);
		if (n == (size_t)-1) {
			memset(&ps, 0, sizeof(ps));
			strbuf_addch(&sb, '?');
		} else {
			strbuf_add(&sb, mb, n);
		}
	}
	strbuf_addch(&sb, '\0');
	sb.len--;
	return strbuf_detach(&sb);
}

bool lineedit_insert(struct lineedit *le, wchar_t c)
{
	if (le->len >= le->cap)
		return false;
	memmove(le->buf + le->cur + 1, le->buf + le->cur,
		(size_t)(le->len - le->cur) * sizeof(wchar_t));
	le->buf[le->cur++] = c;
	le->len++;
	return true;
}

static void delete_at(struct lineedit *le, int i)
{
	memmove(le->buf + i, le->buf + i + 1, (size_t)(le->len - i - 1) * sizeof(wchar_t));
	le->len--;
}

bool lineedit_key(struct lineedit *le, const struct tui_key *k, bool *changed)
{
	*changed = false;
	if (!k->fn) {
		if (k->code == 21) { /* C-u */
			*changed = le->len > 0;
			le->len = le->cur = 0;
			return true;
		}
		if (k->code < 0x20 || k->code == 0x7f)
			return false;
		*changed = lineedit_insert(le, (wchar_t)k->code);
		return true;
	}
	switch (k->code) {
	case KEY_BACKSPACE:
		if (le->cur > 0) {
			delete_at(le, --le->cur);
			*changed = true;
		}
		return true;
	case KEY_DC:
		if (le->cur < le->len) {
			delete_at(le, le->cur);
			*changed = true;
		}
		return true;
	case KEY_LEFT:
		if (le->cur > 0)
			le->cur--;
		return true;
	case KEY_RIGHT:
		if (le->cur < le->len)
			le->cur++;
		return true;
	case KEY_HOME:
		le->cur = 0;
		return true;
	case KEY_END:
		le->cur = le->len;
		return true;
	default:
		return false;
	}
}

static int wc_cols(wchar_t c)
{
	int w = wcwidth(c);
	return w < 0 ? 1 : w;
}

int lineedit_cols(const struct lineedit *le)
{
	int n = 0;
	for (int i = 0; i < le->len; i++)
		n += wc_cols(le->buf[i]);
	return n;
}

int lineedit_draw(const struct lineedit *le, int y, int x, int cols)
{
	/* The first character shown: far enough right that the cursor fits. */
	int start = 0, before = 0;
	for (int i = 0; i < le->cur; i++)
		before += wc_cols(le->buf[i]);
	while (before >= cols && start < le->cur)
		before -= wc_cols(le->buf[start++]);
	move(y, x);
	int used = 0;
	for (int i = start; i < le->len; i++) {
		int cw = wc_cols(le->buf[i]);
		if (used + cw > cols)
			break;
		wchar_t c = le->buf[i] < 0x20 ? L' ' : le->buf[i];
		addnwstr(&c, 1);
		used += cw;
	}
	for (; used < cols; used++)
		addch(' ');
	return x + before;
}
