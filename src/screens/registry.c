/*
 * registry.c - the list of UMKM or koperasi: search as you type (one page query
 * per keystroke), filters by kabupaten/kota, kecamatan and status, a period of
 * the records' date (F6), counts, and the way to a record, a new record, and the
 * deleted records.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/i18n.h"
#include "model/region.h"
#include "screens/screens.h"
#include "tui/widgets.h"

enum { ANS_RESTORE = 1 };

#define COL_NAME 0
#define COL_SECOND 1
#define COL_KAB 2
#define COL_REG 3
#define LIST_TOP 3

struct registry {
	const struct entity_meta *meta;
	const char *columns[5];
	struct listw list;
	char *kabupaten, *kecamatan, *status;
	const char *date_field;    /* the period is of this field (a report row's, or the kind's) */
	struct report_filter_arg period; /* from/to (owned) on date_field; F6 asks them */
	const char *title;         /* the figure's label (msgid) of a report's row, or NULL */
	const struct agg_where *where; /* the figure's conditions, or NULL */
	size_t nwhere;
	unsigned long gen;
	unsigned limits;           /* what the officer's role cannot do (role_limits) */
	enum action acts[20];
	enum action nodate[20];    /* the actions without F6 Period, for a kind with no date */
};

static const enum action active_actions[] = {
	ACT_OPEN, ACT_ADD, ACT_FILTER, ACT_PERIOD, ACT_DELETED, ACT_UP, ACT_DOWN, ACT_PAGE_UP,
	ACT_PAGE_DOWN, ACT_FIRST, ACT_LAST, ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};
/* UMKM lists lead to the review of possible duplicates too (shown when there is room). */
static const enum action umkm_actions[] = {
	ACT_OPEN, ACT_ADD, ACT_FILTER, ACT_PERIOD, ACT_DELETED, ACT_UP, ACT_DOWN, ACT_PAGE_UP,
	ACT_PAGE_DOWN, ACT_FIRST, ACT_LAST, ACT_BACK, ACT_HELP, ACT_QUIT, ACT_DUPLICATES, ACT_NONE
};
static const enum action deleted_actions[] = {
	ACT_OPEN, ACT_FILTER, ACT_PERIOD, ACT_DELETED, ACT_RESTORE, ACT_UP, ACT_DOWN, ACT_PAGE_UP,
	ACT_PAGE_DOWN, ACT_FIRST, ACT_LAST, ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};

/* The screen's actions before the role takes its part. */
static const enum action *actions_of_screen(struct registry *r)
{
	const enum action *list = r->list.q.deleted ? deleted_actions
				  : r->meta == &meta_umkm ? umkm_actions : active_actions;
	if (!r->date_field) {
		size_t n = 0;
		for (size_t i = 0; list[i] != ACT_NONE && n + 1 < ARRAY_SIZE(r->nodate); i++)
			if (list[i] != ACT_PERIOD)
				r->nodate[n++] = list[i];
		r->nodate[n] = ACT_NONE;
		list = r->nodate;
	}
	return list;
}

static const enum action *registry_actions_now(struct screen *s)
{
	struct registry *r = s->state;
	return role_filter(actions_of_screen(r), r->limits, r->acts, ARRAY_SIZE(r->acts));
}

static void apply_filters(struct registry *r)
{
	r->list.q.kabupaten = r->kabupaten;
	r->list.q.kecamatan = r->kecamatan;
	r->list.q.status_field = r->meta->status_field;
	r->list.q.status = r->status;
	r->list.q.date_field = r->date_field;
	r->list.q.from = r->period.from;
	r->list.q.to = r->period.to;
	r->list.q.where = r->where;
	r->list.q.nwhere = r->nwhere;
}

static bool registry_open(struct screen *s, struct tui *t, void *arg)
{
	struct registry *r = s->state;
	r->meta = arg;
	r->limits = role_limits(t);
	r->columns[COL_NAME] = r->meta->ent->name_field;
	r->columns[COL_SECOND] = r->meta->list_second ? r->meta->list_second
			       : r->meta->ent == &entity_umkm ? "nama_pemilik" : "ketua";
	/* At a district office every record is of its kabupaten/kota: show the kecamatan. */
	r->columns[COL_KAB] = r->meta->list_third ? r->meta->list_third
		: region_code_level(store_office_code(t->app->st)) == REGION_KABKOTA &&
		  registry_field(r->meta, "kecamatan") ? "kecamatan" : "kabupaten_kota";
	r->columns[COL_REG] = FIELD_REG_NO;
	r->columns[4] = NULL;
	if (!r->date_field) {
		const struct field_meta *df = registry_period_field(r->meta);
		r->date_field = df ? df->name : NULL;
	}
	const struct field_meta *df = r->date_field ? registry_field(r->meta, r->date_field) : NULL;
	r->period.period_label = df ? df->label : NULL;
	listw_init(&r->list);
	r->list.q.ent = r->meta->ent;
	r->list.q.columns = r->columns;
	apply_filters(r);
	r->gen = t->generation;
	struct err e;
	err_clear(&e);
	if (!listw_reload(&r->list, t->app->st, &e)) {
		tui_message(t, true, "%s", e.msg);
		listw_release(&r->list);
		return false;
	}
	return true;
}

/* A list opened with its filters set (a report's row: "UMKM of Kota Metro"). */
static bool registry_open_in(struct screen *s, struct tui *t, void *arg)
{
	struct registry *r = s->state;
	const struct list_arg *a = arg;
	r->kabupaten = a->kabupaten ? xstrdup(a->kabupaten) : NULL;
	r->status = a->status && a->meta->status_field ? xstrdup(a->status) : NULL;
	if (a->date_field && (a->from || a->to)) {
		r->date_field = a->date_field;
		r->period.from = a->from ? xstrdup(a->from) : NULL;
		r->period.to = a->to ? xstrdup(a->to) : NULL;
	}
	/* Exactly the records a figure counts: its own conditions too. */
	r->title = a->title;
	r->where = a->where;
	r->nwhere = a->nwhere;
	return registry_open(s, t, (void *)a->meta);
}

static void registry_close(struct screen *s, struct tui *t)
{
	(void)t;
	struct registry *r = s->state;
	listw_release(&r->list);
	free(r->kabupaten);
	free(r->kecamatan);
	free(r->status);
	report_filter_release(&r->period);
}

/* "Filter: Kota Bandar Lampung / Tanjung Karang Pusat / running" or "". */
static void filter_text(struct registry *r, struct store *st, struct strbuf *out)
{
	const char *names[] = { "kabupaten_kota", "kecamatan", r->meta->status_field };
	const char *values[] = { r->kabupaten, r->kecamatan, r->status };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (!values[i])
			continue;
		char *shown = registry_display(st, registry_field(r->meta, names[i]), values[i]);
		strbuf_addf(out, "%s%s", out->len ? " / " : _("Filter: "), shown);
		free(shown);
	}
}

/* ", 01/05/2020-31/05/2020": the period of a report's row, or "". */
static void period_text(struct registry *r, struct store *st, char *out, size_t size)
{
	out[0] = '\0';
	const struct field_meta *df = r->date_field ? registry_field(r->meta, r->date_field) : NULL;
	if (!df)
		return;
	if (!r->period.from && !r->period.to)
		return;
	char *a = r->period.from ? registry_display(st, df, r->period.from) : xstrdup("");
	char *b = r->period.to ? registry_display(st, df, r->period.to) : xstrdup("");
	snprintf(out, size, ", %s-%s", a, b);
	free(a);
	free(b);
}

static void draw_header(struct registry *r, struct tui *t, int w)
{
	char count[32], left[200], period[64];
	listw_count_text(&r->list, count, sizeof(count));
	period_text(r, t->app->st, period, sizeof(period));
	snprintf(left, sizeof(left), " %s%s%s", _(r->title ? r->title : r->meta->title),
		 r->list.q.deleted ? _(" - deleted records") : "", period);
	char right[64];
	unsigned long n = r->list.count < 0 ? 0 : (unsigned long)r->list.count;
	snprintf(right, sizeof(right), ngettext("%s record ", "%s records ", n), count);
	tui_bar(t, 0, w, left, right);

	struct strbuf f = STRBUF_INIT;
	filter_text(r, t->app->st, &f);
	const char *prompt = _("Search: ");
	int pc = tui_text(1, 1, 20, prompt, false);
	int sw = w / 2 - pc - 1;
	int cx = lineedit_draw(&r->list.search, 1, 1 + pc, sw);
	tui_attr(t, ATTR_DIM);
	tui_text(1, w / 2 + 1, w / 2 - 2, strbuf_str(&f), false);
	tui_attr(t, ATTR_NORMAL);
	strbuf_release(&f);
	tui_cursor(t, 1, cx);
}

/* A column's heading: the field's label, without what it says in brackets when
 * that does not fit ("Minggu (hari Seninnya)" over a column of dates: "Minggu").
 * Returns the label, or a copy of its start in buf. */
static const char *column_head(const char *label, int cols, char *buf, size_t size)
{
	const char *open = strstr(label, " (");
	if (tui_text_cols(label) <= cols || !open || open == label)
		return label;
	str_copy(buf, label, (size_t)(open - label) + 1 < size ? (size_t)(open - label) + 1 : size);
	return buf;
}

/* The widest a column of field f can need (its heading without a bracket, a
 * choice's label, a date), or 0 for a field of free text. */
static int field_cols(const struct field_meta *f)
{
	char buf[80];
	int n = tui_text_cols(column_head(_(f->label), 0, buf, sizeof(buf)));
	if (f->kind == FK_DATE)
		return n > 10 ? n : 10; /* DD/MM/YYYY */
	if ((f->kind != FK_CHOICE && f->kind != FK_SEX) || !f->choices)
		return 0;
	for (size_t i = 0; f->choices[i].value; i++) {
		int c = tui_text_cols(_(f->choices[i].label));
		n = c > n ? c : n;
	}
	return n;
}

/* Column widths for w columns: name, second, kabupaten, reg no. A second column of
 * short choices ("diajukan", "dicairkan") or dates gives the name what it does not
 * need. */
static void column_widths(int w, int second_max, int cw[4])
{
	cw[COL_REG] = 14;
	cw[COL_KAB] = 20;
	cw[COL_NAME] = (w - cw[COL_REG] - cw[COL_KAB] - 4) * 55 / 100;
	cw[COL_SECOND] = w - cw[COL_REG] - cw[COL_KAB] - cw[COL_NAME] - 4;
	if (second_max > 0 && second_max < cw[COL_SECOND]) {
		cw[COL_NAME] += cw[COL_SECOND] - second_max;
		cw[COL_SECOND] = second_max;
	}
}

static void draw_row(struct registry *r, struct tui *t, int y, const char *const cells[4],
		     const int cw[4], bool selected)
{
	tui_attr(t, selected ? ATTR_SELECTED : ATTR_NORMAL);
	int x = 0;
	for (int c = 0; c < 4; c++) {
		tui_text(y, x, cw[c], cells[c], true);
		tui_text(y, x + cw[c], 1, " ", true);
		x += cw[c] + 1;
	}
	(void)r;
	tui_attr(t, ATTR_NORMAL);
}

static void registry_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct registry *r = s->state;
	struct store *st = t->app->st;
	listw_fit(&r->list, t, h - LIST_TOP, &r->gen);
	const struct field_meta *second = registry_field(r->meta, r->columns[COL_SECOND]);
	const struct field_meta *region = registry_field(r->meta, r->columns[COL_KAB]);
	int cw[4];
	column_widths(w, field_cols(second), cw);
	/* "Reg. no.": "Registration no." is wider than its 14 columns. */
	char head2[80];
	const char *heads[4] = { _(registry_field(r->meta, r->columns[COL_NAME])->label),
				 column_head(_(second->label), cw[COL_SECOND], head2, sizeof(head2)),
				 _(region->label), _("Reg. no.") };
	tui_attr(t, ATTR_DIM);
	draw_row(r, t, 2, heads, cw, false);
	for (int i = 0; i < r->list.nrows; i++) {
		char **v = r->list.rows[i].values;
		char *c2 = r->meta->computed ? r->meta->computed(st, r->meta, &r->list.rows[i].id,
								 second->name) : NULL;
		char *c3 = r->meta->computed ? r->meta->computed(st, r->meta, &r->list.rows[i].id,
								 region->name) : NULL;
		char *kabname = registry_display_short(st, region, c3 ? c3 : v[COL_KAB]);
		char *sec = registry_display(st, second, c2 ? c2 : v[COL_SECOND]);
		free(c2);
		free(c3);
		const char *cells[4] = { v[COL_NAME] ? v[COL_NAME] : "", sec,
					 kabname, v[COL_REG] ? v[COL_REG] : "" };
		draw_row(r, t, LIST_TOP + i, cells, cw, i == r->list.sel);
		free(sec);
		free(kabname);
	}
	if (r->list.nrows == 0) {
		tui_text(LIST_TOP + 1, 2, w - 4,
			 r->list.search_text && *r->list.search_text ? _("Nothing matches the search.")
				: _("No records yet."), false);
	}
	draw_header(r, t, w);
}

static int open_selected(struct registry *r, struct tui *t)
{
	const struct list_row *row = listw_selected(&r->list);
	if (!row)
		return TUI_HANDLED;
	struct record_arg arg = { r->meta, row->id };
	tui_push(t, &screen_record, &arg);
	return TUI_REDRAW;
}

static int toggle_deleted(struct registry *r, struct tui *t)
{
	r->list.q.deleted = !r->list.q.deleted;
	listw_reload(&r->list, t->app->st, NULL);
	return TUI_REDRAW;
}

static int ask_restore(struct registry *r, struct tui *t)
{
	const struct list_row *row = listw_selected(&r->list);
	if (!row)
		return TUI_HANDLED;
	char *d = registry_describe(t->app->st, r->meta, &row->id);
	char *q = xasprintf(_("Restore %s?"), d);
	dialog_confirm(t, ANS_RESTORE, _("Restore"), q);
	free(q);
	free(d);
	return TUI_REDRAW;
}

static int registry_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	struct registry *r = s->state;
	struct store *st = t->app->st;
	if (listw_move(&r->list, st, a))
		return TUI_REDRAW;
	if (a == ACT_NONE && role_refusal(t, actions_of_screen(r), r->limits, k) == TUI_REDRAW)
		return TUI_REDRAW;
	switch (a) {
	case ACT_OPEN:
		return open_selected(r, t);
	case ACT_BACK:
		tui_pop(t);
		return TUI_REDRAW;
	case ACT_ADD: {
		struct record_arg arg = { r->meta, { { 0 } } };
		tui_push(t, &screen_entry, &arg);
		return TUI_REDRAW;
	}
	case ACT_FILTER: {
		struct filter_arg arg = { r->meta, &r->kabupaten, &r->kecamatan, &r->status };
		tui_push(t, &screen_filter, &arg);
		return TUI_REDRAW;
	}
	case ACT_PERIOD:
		if (r->date_field)
			report_filter_key(&r->period, t, a);
		return TUI_REDRAW;
	case ACT_DELETED:
		return toggle_deleted(r, t);
	case ACT_RESTORE:
		return ask_restore(r, t);
	case ACT_DUPLICATES:
		tui_push(t, &screen_duplicate, NULL);
		return TUI_REDRAW;
	default:
		break;
	}
	return listw_search_key(&r->list, st, k) ? TUI_REDRAW : TUI_UNHANDLED;
}

static int registry_answer(struct screen *s, struct tui *t, int id, bool yes, const char *text)
{
	struct registry *r = s->state;
	enum report_step step = report_filter_step(&r->period, t, id, yes, text);
	if (step == REPORT_STEP_REFUSED)
		return TUI_REDRAW | TUI_REASK;
	if (id == ANSWER_FILTER || step == REPORT_STEP_DONE) {
		apply_filters(r);
		listw_reload(&r->list, t->app->st, NULL);
	} else if (id == ANS_RESTORE && yes) {
		const struct list_row *row = listw_selected(&r->list);
		struct err e;
		err_clear(&e);
		if (row && registry_restore(t->app->st, r->meta, &row->id, t->app->officer, &e)) {
			tui_message(t, false, _("Restored."));
			t->generation++;
		} else if (row) {
			tui_message(t, true, "%s", e.msg);
		}
	}
	return TUI_REDRAW;
}

const struct screen_ops screen_registry = {
	.name = "registry",
	.state_size = sizeof(struct registry),
	.actions = active_actions,
	.actions_now = registry_actions_now,
	.open = registry_open,
	.draw = registry_draw,
	.key = registry_key,
	.answer = registry_answer,
	.close = registry_close,
};

const struct screen_ops screen_registry_in = {
	.name = "registry",
	.state_size = sizeof(struct registry),
	.actions = active_actions,
	.actions_now = registry_actions_now,
	.open = registry_open_in,
	.draw = registry_draw,
	.key = registry_key,
	.answer = registry_answer,
	.close = registry_close,
};
