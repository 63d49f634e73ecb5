/*
 * summary.c - a program's summary: the model's tables (per kabupaten/kota,
 * per state...) drawn one under the other, scrolled with the arrows; the
 * filter key limits every figure to one kabupaten/kota.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/i18n.h"
#include "model/region.h"
#include "screens/screens.h"

enum { ANS_KAB = 1 };

struct sline {
	char *text;
	enum tui_attr attr;
};

struct summary {
	const struct program *p;
	char *kabupaten;
	struct sline *lines;
	int n, cap, top;
};

static const enum action summary_actions[] = {
	ACT_FILTER, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_FIRST, ACT_LAST, ACT_BACK,
	ACT_HELP, ACT_QUIT, ACT_NONE
};

static void add(struct summary *s, enum tui_attr attr, char *text)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->lines = xrealloc(s->lines, (size_t)s->cap * sizeof(*s->lines));
	}
	s->lines[s->n++] = (struct sline){ text, attr };
}

static void lines_clear(struct summary *s)
{
	for (int i = 0; i < s->n; i++)
		free(s->lines[i].text);
	s->n = 0;
	s->top = 0;
}

/* Lays a table out in text lines: the first column left, the others right. */
static void add_table(struct summary *s, const struct table *t)
{
	add(s, ATTR_TITLE, xstrdup(t->title));
	int *w = table_widths(t, tui_text_cols);
	if (w[0] > 24)
		w[0] = 24;
	for (size_t r = 0; r <= t->nrows; r++) {
		struct strbuf sb = STRBUF_INIT;
		for (size_t c = 0; c < t->ncols; c++) {
			char *x = table_line_text(t, r, c);
			int fill = w[c] - tui_text_cols(x);
			if (c == 0) {
				/* The name column is clipped to its width by characters. */
				int cols = 0;
				for (const char *p = x; *p; p += utf8_char_len(p)) {
					if (cols >= w[0])
						break;
					strbuf_add(&sb, p, (size_t)utf8_char_len(p));
					cols++;
				}
				for (int k = cols; k < w[0]; k++)
					strbuf_addch(&sb, ' ');
			} else {
				strbuf_adds(&sb, "  ");
				for (int k = 0; k < fill; k++)
					strbuf_addch(&sb, ' ');
				strbuf_adds(&sb, x);
			}
			free(x);
		}
		bool total = r > 0 && t->rows[r - 1].total;
		add(s, r == 0 ? ATTR_DIM : total ? ATTR_WARNING : ATTR_NORMAL, strbuf_detach(&sb));
	}
	add(s, ATTR_NORMAL, xstrdup(""));
	free(w);
}

static void compute(struct summary *s, struct tui *t)
{
	lines_clear(s);
	struct tables ts = { 0 };
	struct summary_filter f = { .kabupaten = s->kabupaten };
	struct err e;
	err_clear(&e);
	if (!s->p->summary(t->app->st, &f, &ts, &e))
		add(s, ATTR_ERROR, xstrdup(e.msg));
	for (size_t i = 0; i < ts.n; i++)
		add_table(s, ts.v[i]);
	tables_release(&ts);
}

static bool summary_open(struct screen *sc, struct tui *t, void *arg)
{
	struct summary *s = sc->state;
	s->p = arg;
	compute(s, t);
	return true;
}

static void summary_close(struct screen *sc, struct tui *t)
{
	(void)t;
	struct summary *s = sc->state;
	lines_clear(s);
	free(s->lines);
	free(s->kabupaten);
}

static void summary_draw(struct screen *sc, struct tui *t, int h, int w)
{
	struct summary *s = sc->state;
	char left[200], right[120] = "";
	snprintf(left, sizeof(left), " %s - %s", _(s->p->title), _("Summary"));
	if (s->kabupaten) {
		char *name = store_region_name(t->app->st, s->kabupaten);
		snprintf(right, sizeof(right), "%s ", name ? name : s->kabupaten);
		free(name);
	}
	tui_bar(t, 0, w, left, right);
	for (int r = 1; r < h && s->top + r - 1 < s->n; r++) {
		const struct sline *l = &s->lines[s->top + r - 1];
		tui_attr(t, l->attr);
		tui_text(r, 1, w - 2, l->text, false);
	}
	tui_attr(t, ATTR_NORMAL);
}

static int summary_key(struct screen *sc, struct tui *t, enum action a, const struct tui_key *k)
{
	(void)k;
	struct summary *s = sc->state;
	int page = LINES - 4 > 1 ? LINES - 4 : 1;
	int last = s->n - page > 0 ? s->n - page : 0;
	switch (a) {
	case ACT_UP: s->top = s->top > 0 ? s->top - 1 : 0; break;
	case ACT_DOWN: s->top = s->top < last ? s->top + 1 : last; break;
	case ACT_PAGE_UP: s->top = s->top > page ? s->top - page : 0; break;
	case ACT_PAGE_DOWN: s->top = s->top + page < last ? s->top + page : last; break;
	case ACT_FIRST: s->top = 0; break;
	case ACT_LAST: s->top = last; break;
	case ACT_FILTER:
		dialog_prompt(t, ANS_KAB, _("Filter"),
			      _("Regency/city (empty: the whole province):"));
		break;
	case ACT_BACK:
		tui_pop(t);
		break;
	default:
		return TUI_UNHANDLED;
	}
	return TUI_REDRAW;
}

static int summary_answer(struct screen *sc, struct tui *t, int id, bool yes, const char *text)
{
	struct summary *s = sc->state;
	if (id != ANS_KAB || !yes)
		return TUI_REDRAW;
	char code[REGION_CODE_MAX];
	struct err e;
	err_clear(&e);
	if (str_empty(text)) {
		free(s->kabupaten);
		s->kabupaten = NULL;
	} else if (region_resolve(t->app->st, REGION_KABKOTA, NULL, text, code, &e)) {
		free(s->kabupaten);
		s->kabupaten = xstrdup(code);
	} else {
		tui_message(t, true, "%s", e.msg);
		return TUI_REDRAW | TUI_REASK;
	}
	compute(s, t);
	return TUI_REDRAW;
}

const struct screen_ops screen_summary = {
	.name = "summary",
	.state_size = sizeof(struct summary),
	.actions = summary_actions,
	.open = summary_open,
	.draw = summary_draw,
	.key = summary_key,
	.answer = summary_answer,
	.close = summary_close,
};
