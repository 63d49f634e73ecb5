/*
 * report.c - Laporan: the dashboard. One line per headline figure (registry
 * and programs) with its target and a bar; a period and a kabupaten/kota apply
 * to every figure. Enter opens a figure per kabupaten/kota. The figures come
 * from report/ (the same as `bantu report ringkasan`); while they are computed
 * a progress bar shows and Esc stops.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/format.h"
#include "core/i18n.h"
#include "model/region.h"
#include "report/report.h"
#include "screens/screens.h"
#include "sync/bundle.h"

enum { ANS_KAB = REPORT_ANS_KAB, ANS_FROM = REPORT_ANS_FROM, ANS_TO = REPORT_ANS_TO,
       ANS_FOLDER = 60 };

struct dash {
	struct report_filter_arg f;     /* period and kabupaten/kota (owned strings) */
	struct table *t;                /* the headlines, or NULL when stopped */
	int sel;
	char *error;
	char *folder;                   /* the workbook's folder offered */
};

static const enum action dash_actions[] = {
	ACT_OPEN, ACT_FILTER, ACT_PERIOD, ACT_WORKBOOK, ACT_UP, ACT_DOWN, ACT_FIRST, ACT_LAST,
	ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};

/* Between figures: a progress bar on the message line; Esc stops. */
static bool progress(int done, int total, void *arg)
{
	struct tui *t = arg;
	tui_progress(t, LINES - 2, 0, COLS, done, total);
	refresh();
	nodelay(stdscr, TRUE);
	int c = getch();
	nodelay(stdscr, FALSE);
	return c != 27;
}

void report_filter_params(const struct report_filter_arg *f, struct tui *t,
			  struct report_params *p)
{
	*p = (struct report_params){
		.f = { .kabupaten = f->kabupaten, .from = f->from, .to = f->to },
		.cfg = t->app->cfg,
	};
}

void report_filter_text(const struct report_filter_arg *f, struct store *st, char *out,
			size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	struct date d;
	char a[DATE_BUFSZ], b[DATE_BUFSZ];
	if (f->from || f->to) {
		bool fa = f->from && date_parse(f->from, &d, NULL);
		if (fa)
			date_format(&d, a, sizeof(a));
		bool fb = f->to && date_parse(f->to, &d, NULL);
		if (fb)
			date_format(&d, b, sizeof(b));
		strbuf_addf(&sb, "%s-%s", fa ? a : "", fb ? b : "");
	}
	if (f->kabupaten) {
		char *name = store_region_name(st, f->kabupaten);
		strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", name ? name : f->kabupaten);
		free(name);
	}
	str_copy(out, sb.len ? sb.buf : _("whole province, all time"), size);
	strbuf_release(&sb);
}

static void compute(struct dash *d, struct tui *t)
{
	table_free(d->t);
	d->t = NULL;
	free(d->error);
	d->error = NULL;
	struct report_params p;
	report_filter_params(&d->f, t, &p);
	p.progress = progress;
	p.arg = t;
	struct err e;
	err_clear(&e);
	d->t = report_headlines(t->app->st, &p, &e);
	if (!d->t)
		d->error = xstrdup(e.msg);
	if (d->t && d->sel >= (int)d->t->nrows)
		d->sel = 0;
}

static bool dash_open(struct screen *s, struct tui *t, void *arg)
{
	(void)arg;
	struct dash *d = s->state;
	compute(d, t);
	return true;
}

static void dash_close(struct screen *s, struct tui *t)
{
	(void)t;
	struct dash *d = s->state;
	table_free(d->t);
	free(d->error);
	free(d->folder);
	report_filter_release(&d->f);
}

#define W_VALUE 16
#define W_TARGET 16
#define W_PCT 7

static void dash_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct dash *d = s->state;
	char right[160];
	report_filter_text(&d->f, t->app->st, right, sizeof(right));
	char left[64];
	snprintf(left, sizeof(left), " %s", _("Reports"));
	size_t rl = strlen(right);
	if (rl + 2 < sizeof(right)) {
		right[rl] = ' ';
		right[rl + 1] = '\0';
	}
	tui_bar(t, 0, w, left, right);
	if (d->error) {
		tui_attr(t, ATTR_ERROR);
		tui_text(2, 2, w - 4, d->error, false);
		tui_attr(t, ATTR_NORMAL);
		tui_text(4, 2, w - 4, _("Enter computes the figures again."), false);
		return;
	}
	if (!d->t)
		return;
	int wname = w - W_VALUE - W_TARGET - W_PCT - 3;
	bool bars = wname > 40;
	if (bars)
		wname = 36;
	int wbar = w - wname - W_VALUE - W_TARGET - W_PCT - 4;
	tui_attr(t, ATTR_DIM);
	int x = 0;
	tui_text(2, x, wname, _("Figure"), true);
	x += wname;
	char head[64];
	snprintf(head, sizeof(head), "%*s", W_VALUE, _("Value"));
	tui_text(2, x, W_VALUE, head, true);
	snprintf(head, sizeof(head), "%*s", W_TARGET, _("Target"));
	tui_text(2, x + W_VALUE, W_TARGET, head, true);
	snprintf(head, sizeof(head), "%*s", W_PCT, "%");
	tui_text(2, x + W_VALUE + W_TARGET, W_PCT, head, true);
	for (int r = 0; r < (int)d->t->nrows && 3 + r < h; r++) {
		int y = 3 + r;
		tui_attr(t, r == d->sel ? ATTR_SELECTED : ATTR_NORMAL);
		char *name = table_cell_text(d->t, (size_t)r, 0);
		tui_text(y, 0, wname, name, true);
		free(name);
		int cx = wname;
		static const int widths[] = { W_VALUE, W_TARGET, W_PCT };
		for (int c = 1; c <= 3; c++) {
			char *v = table_cell_text(d->t, (size_t)r, (size_t)c);
			char cell[64];
			snprintf(cell, sizeof(cell), "%*s", widths[c - 1], v);
			tui_text(y, cx, widths[c - 1], cell, true);
			cx += widths[c - 1];
			free(v);
		}
		tui_attr(t, ATTR_NORMAL);
		if (bars && wbar > 2 && !d->t->rows[r].cells[2].blank)
			tui_hbar(t, y, cx + 1, wbar - 1, d->t->rows[r].cells[1].num,
				 d->t->rows[r].cells[2].num);
	}
}

static int dash_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	(void)k;
	struct dash *d = s->state;
	int n = d->t ? (int)d->t->nrows : 0;
	switch (a) {
	case ACT_OPEN:
		if (!d->t) {
			compute(d, t);
		} else if (n > 0) {
			struct figure_arg fa = { figure_find(d->t->rows[d->sel].code), &d->f };
			if (fa.fig)
				tui_push(t, &screen_figure, &fa);
		}
		return TUI_REDRAW;
	case ACT_UP: if (n) d->sel = (d->sel + n - 1) % n; return TUI_REDRAW;
	case ACT_DOWN: if (n) d->sel = (d->sel + 1) % n; return TUI_REDRAW;
	case ACT_FIRST: d->sel = 0; return TUI_REDRAW;
	case ACT_LAST: d->sel = n ? n - 1 : 0; return TUI_REDRAW;
	case ACT_FILTER:
	case ACT_PERIOD:
		report_filter_key(&d->f, t, a);
		return TUI_REDRAW;
	case ACT_WORKBOOK: {
		/* A USB stick when one is mounted, else the home folder. */
		char **dirs = NULL;
		size_t nd = sync_removable_dirs(&dirs);
		const char *home = getenv("HOME");
		char *q = xasprintf(_("Folder for the workbook (%s):"),
				    nd ? dirs[0] : home ? home : ".");
		free(d->folder);
		d->folder = xstrdup(nd ? dirs[0] : home ? home : ".");
		sync_free_dirs(dirs, nd);
		dialog_prompt(t, ANS_FOLDER, _("Workbook"), q);
		free(q);
		return TUI_REDRAW;
	}
	default:
		return TUI_UNHANDLED;
	}
}

/* Writes the ringkasan report, as the dashboard shows it, into a workbook in dir. */
static void write_workbook(struct dash *d, struct tui *t, const char *dir)
{
	struct report_params p;
	report_filter_params(&d->f, t, &p);
	struct tables ts = { 0 };
	struct err e;
	err_clear(&e);
	struct date today = date_today();
	char iso[DATE_BUFSZ];
	char *path = xasprintf("%s/laporan-ringkasan-%s.xlsx", dir,
			       date_format_iso(&today, iso, sizeof(iso)));
	if (report_build(t->app->st, "ringkasan", &p, &ts, &e) &&
	    report_write_xlsx(&ts, _("Summary"), path, &e))
		tui_message(t, false, _("Written: %s"), path);
	else
		tui_message(t, true, "%s", e.msg);
	tables_release(&ts);
	free(path);
}

/* Reads an answer into one of the filter's values; false (message shown) when bad. */
bool report_filter_answer(struct report_filter_arg *f, struct tui *t, int which,
			  const char *text)
{
	char **slot = which == ANS_KAB ? &f->kabupaten : which == ANS_FROM ? &f->from : &f->to;
	if (str_empty(text)) {
		free(*slot);
		*slot = NULL;
		return true;
	}
	struct err e;
	err_clear(&e);
	if (which == ANS_KAB) {
		char code[REGION_CODE_MAX];
		if (!region_resolve(t->app->st, REGION_KABKOTA, NULL, text, code, &e)) {
			tui_message(t, true, "%s", e.msg);
			return false;
		}
		free(*slot);
		*slot = xstrdup(code);
		return true;
	}
	struct date d;
	if (!date_parse(text, &d, &e)) {
		tui_message(t, true, "%s", e.msg);
		return false;
	}
	char iso[DATE_BUFSZ];
	free(*slot);
	*slot = xstrdup(date_format_iso(&d, iso, sizeof(iso)));
	if (f->from && f->to && strcmp(f->from, f->to) > 0) {
		tui_message(t, true, _("The period ends before it starts."));
		free(*slot);
		*slot = NULL;
		return false;
	}
	return true;
}

/* A period's end as the clerk types it (DD/MM/YYYY), or "" when open. */
static const char *shown_date(const char *iso, char *buf, size_t size)
{
	struct date d;
	buf[0] = '\0';
	if (iso && date_parse(iso, &d, NULL))
		date_format(&d, buf, size);
	return buf;
}

/* "Period" over a report; "Period: Date recorded" over a list. Caller frees. */
static char *period_title(const struct report_filter_arg *f)
{
	return f->period_label ? xasprintf("%s: %s", _("Period"), _(f->period_label))
			       : xstrdup(_("Period"));
}

bool report_filter_key(const struct report_filter_arg *f, struct tui *t, enum action a)
{
	if (a == ACT_FILTER) {
		dialog_prompt(t, REPORT_ANS_KAB, _("Filter"),
			      _("Regency/city (empty: the whole province):"));
	} else if (a == ACT_PERIOD) {
		char *title = period_title(f), shown[DATE_BUFSZ];
		dialog_prompt_text(t, REPORT_ANS_FROM, title, _("From (DD/MM/YYYY, empty: from the start):"),
				   shown_date(f->from, shown, sizeof(shown)));
		free(title);
	} else {
		return false;
	}
	return true;
}

enum report_step report_filter_step(struct report_filter_arg *f, struct tui *t, int id, bool yes,
				    const char *text)
{
	if (!yes || (id != REPORT_ANS_KAB && id != REPORT_ANS_FROM && id != REPORT_ANS_TO))
		return REPORT_STEP_NONE;
	if (!report_filter_answer(f, t, id, text))
		return REPORT_STEP_REFUSED;
	if (id == REPORT_ANS_FROM) {
		char *title = period_title(f), shown[DATE_BUFSZ];
		dialog_prompt_text(t, REPORT_ANS_TO, title, _("To (DD/MM/YYYY, empty: until today):"),
				   shown_date(f->to, shown, sizeof(shown)));
		free(title);
		return REPORT_STEP_NONE;
	}
	return REPORT_STEP_DONE;
}

void report_filter_release(struct report_filter_arg *f)
{
	free(f->kabupaten);
	free(f->from);
	free(f->to);
	f->kabupaten = f->from = f->to = NULL;
}

static int dash_answer(struct screen *s, struct tui *t, int id, bool yes, const char *text)
{
	struct dash *d = s->state;
	if (yes && id == ANS_FOLDER) {
		write_workbook(d, t, str_empty(text) ? d->folder : text);
		return TUI_REDRAW;
	}
	enum report_step r = report_filter_step(&d->f, t, id, yes, text);
	if (r == REPORT_STEP_DONE)
		compute(d, t);
	return TUI_REDRAW | (r == REPORT_STEP_REFUSED ? TUI_REASK : 0);
}

const struct screen_ops screen_report = {
	.name = "report",
	.state_size = sizeof(struct dash),
	.actions = dash_actions,
	.open = dash_open,
	.draw = dash_draw,
	.key = dash_key,
	.answer = dash_answer,
	.close = dash_close,
};
