/*
 * conflict.c - Konflik: the fields two offices changed without seeing each
 * other's change, per record, each with its values (the one shown now first),
 * the office, the officer and the time. The officer keeps one value or types
 * another; either is a new edit (store_resolve) that every office will see.
 * All conflicts, or one record's (from its view). Below them the rule conflicts
 * (model/invariants.h): records that together break a rule no office broke
 * alone (a class over its capacity, two open referrals of one NIK), shown
 * read-only with what to do; settling one is editing or deleting one of its
 * records through the normal save (or raising a capacity).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/i18n.h"
#include "model/invariants.h"
#include "screens/screens.h"
#include "store/conflict.h"
#include "tui/widgets.h"

enum { ANS_KEEP = 1, ANS_OTHER };

#define LIST_TOP 3

struct cside {
	char *value;          /* stored form, NULL = empty */
	char *shown;          /* as a clerk reads it */
	char *office, *officer;
	int64_t hlc;
};

struct citem {
	const struct entity_def *ent;
	const struct entity_meta *meta;   /* NULL: not a registry entity */
	struct rid record;
	char *field;
	char *title;                      /* "Warung Sri (18.71-U-000001)" */
	const char *label;                /* the field's label, translated */
	struct cside *sides;
	int nsides;
	bool rule;                        /* a rule conflict: sides are its records */
	char *todo;                       /* a rule conflict's way to settle */
};

/* A line of the list: a conflict's heading, one of its values, or a blank. */
struct crow {
	int item;
	int side;                         /* -1 heading, -2 blank, -3 a rule's "to do" */
};

struct cview {
	bool one;                         /* one record only */
	const struct entity_meta *meta;
	struct rid record;
	struct citem *items;
	int n;
	struct crow *rows;
	int nrows;
	int sel, top;                     /* sel: a row holding a value */
	unsigned long gen;
};

static const enum action conflict_actions[] = {
	ACT_KEEP, ACT_OTHER_VALUE, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_FIRST,
	ACT_LAST, ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};
static const enum action empty_actions[] = { ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE };

static const enum action *conflict_actions_now(struct screen *s)
{
	struct cview *v = s->state;
	return v->n ? conflict_actions : empty_actions;
}

/* ---- loading ---- */

struct load_ctx {
	struct cview *v;
	struct store *st;
};

static char *shown_value(struct store *st, const struct entity_meta *m, const char *field,
			 const char *value)
{
	if (str_empty(value))
		return xstrdup(_("(empty)"));
	if (str_eq(field, FIELD_DELETED))
		return xstrdup(str_eq(value, "1") ? _("yes") : _("no"));
	const struct field_meta *f = m ? registry_field(m, field) : NULL;
	return f ? registry_display(st, f, value) : xstrdup(value);
}

static void add_conflict(const struct conflict *c, void *arg)
{
	struct load_ctx *x = arg;
	struct cview *v = x->v;
	v->items = xrealloc(v->items, (size_t)(v->n + 1) * sizeof(*v->items));
	struct citem *it = &v->items[v->n++];
	memset(it, 0, sizeof(*it));
	it->ent = c->ent;
	it->meta = registry_meta(c->ent->name);
	it->record = c->record;
	it->field = xstrdup(c->field);
	if (it->meta) {
		it->title = registry_describe(x->st, it->meta, &c->record);
	} else {
		char hex[RID_HEX];
		rid_to_hex(&c->record, hex);
		it->title = xasprintf("%s %s", c->ent->name, hex);
	}
	it->label = registry_field_label(it->meta, c->field);
	it->nsides = (int)c->nsides;
	it->sides = xcalloc(c->nsides ? c->nsides : 1, sizeof(*it->sides));
	for (size_t i = 0; i < c->nsides; i++) {
		const struct conflict_side *cs = &c->sides[i];
		struct cside *sd = &it->sides[i];
		sd->value = cs->value ? xstrdup(cs->value) : NULL;
		/* A merge cycle: each side is a member (keeping it resolves the cycle). */
		struct rid member = c->record;
		if (c->merge_cycle && it->meta && (!cs->value || rid_from_hex(cs->value, &member)))
			sd->shown = registry_describe(x->st, it->meta, &member);
		else
			sd->shown = shown_value(x->st, it->meta, c->field, cs->value);
		sd->office = xstrdup(cs->office ? cs->office : "?");
		sd->officer = xstrdup(cs->officer ? cs->officer : "?");
		sd->hlc = cs->hlc;
	}
}

/* A rule conflict: one item, a side per record ('=' kept, '!' held back). In
 * one record's view only those naming the record. */
static void add_rule(const struct rule_conflict *c, void *arg)
{
	struct load_ctx *x = arg;
	struct cview *v = x->v;
	bool mine = !v->one;
	for (size_t i = 0; !mine && i < c->nrecords; i++)
		mine = c->records[i].m == v->meta && memcmp(c->records[i].id.b, v->record.b, 16) == 0;
	if (!mine)
		return;
	v->items = xrealloc(v->items, (size_t)(v->n + 1) * sizeof(*v->items));
	struct citem *it = &v->items[v->n++];
	memset(it, 0, sizeof(*it));
	it->rule = true;
	it->title = xstrdup(c->what);
	it->label = invariant_explain(c->kind);
	it->todo = xstrdup(c->todo);
	it->field = xstrdup(c->name);
	it->nsides = (int)c->nrecords;
	it->sides = xcalloc(c->nrecords ? c->nrecords : 1, sizeof(*it->sides));
	for (size_t i = 0; i < c->nrecords; i++) {
		struct cside *sd = &it->sides[i];
		sd->shown = xstrdup(c->records[i].label);
		sd->office = xstrdup(c->records[i].keep ? "=" : c->records[i].blocked ? "!" : "");
		sd->officer = xstrdup(_(c->records[i].m->title));
	}
}

static void free_items(struct cview *v)
{
	for (int i = 0; i < v->n; i++) {
		struct citem *it = &v->items[i];
		for (int k = 0; k < it->nsides; k++) {
			free(it->sides[k].value);
			free(it->sides[k].shown);
			free(it->sides[k].office);
			free(it->sides[k].officer);
		}
		free(it->sides);
		free(it->field);
		free(it->title);
		free(it->todo);
	}
	free(v->items);
	free(v->rows);
	v->items = NULL;
	v->rows = NULL;
	v->n = v->nrows = 0;
}

static void add_row(struct cview *v, int item, int side)
{
	v->rows = xrealloc(v->rows, (size_t)(v->nrows + 1) * sizeof(*v->rows));
	v->rows[v->nrows].item = item;
	v->rows[v->nrows].side = side;
	v->nrows++;
}

/* Moves the selection by delta rows, onto a row holding a value. */
static void move_sel(struct cview *v, int delta)
{
	if (v->nrows == 0)
		return;
	int step = delta < 0 ? -1 : 1;
	int target = v->sel + delta;
	if (target < 0)
		target = 0;
	if (target >= v->nrows)
		target = v->nrows - 1;
	int i = target;
	while (i >= 0 && i < v->nrows && v->rows[i].side < 0)
		i += step;
	if (i < 0 || i >= v->nrows) { /* ran off an end: the other way */
		i = target;
		while (i >= 0 && i < v->nrows && v->rows[i].side < 0)
			i -= step;
	}
	if (i >= 0 && i < v->nrows)
		v->sel = i;
}

/* Reads the conflicts again; the selection stays near where it was. */
static bool load(struct cview *v, struct tui *t)
{
	int was = v->sel;
	free_items(v);
	struct load_ctx x = { v, t->app->st };
	struct err e;
	err_clear(&e);
	int n = store_conflicts(t->app->st, v->one ? v->meta->ent : NULL, v->one ? &v->record : NULL,
				add_conflict, &x, &e);
	v->gen = t->generation;
	if (n >= 0)
		n = invariants_each(t->app->st, add_rule, &x, &e);
	if (n < 0) {
		tui_message(t, true, "%s", e.msg);
		return false;
	}
	for (int i = 0; i < v->n; i++) {
		if (i)
			add_row(v, i, -2);
		add_row(v, i, -1);
		for (int k = 0; k < v->items[i].nsides; k++)
			add_row(v, i, k);
		if (v->items[i].rule)
			add_row(v, i, -3);
	}
	v->sel = was < v->nrows ? was : v->nrows - 1;
	if (v->sel < 0)
		v->sel = 0;
	move_sel(v, 0);
	return true;
}

static bool conflict_open(struct screen *s, struct tui *t, void *arg)
{
	struct cview *v = s->state;
	const struct record_arg *a = arg;
	if (a) {
		v->one = true;
		v->meta = a->meta;
		v->record = a->id;
	}
	if (!load(v, t)) {
		free_items(v);
		return false;
	}
	return true;
}

static void conflict_close(struct screen *s, struct tui *t)
{
	(void)t;
	free_items(s->state);
}

/* ---- drawing ---- */

#define W_VALUE 30
#define W_OFFICE 7
#define W_OFFICER 14

static void draw_side(struct tui *t, int y, int w, const char *mark, const char *value,
		      const char *office, const char *officer, const char *when, enum tui_attr attr)
{
	tui_attr(t, attr);
	int x = 1;
	x += tui_text(y, x, 4, mark, true);
	tui_text(y, x, W_VALUE, value, true);
	x += W_VALUE + 1;
	tui_text(y, x - 1, 1, " ", true);
	tui_text(y, x, W_OFFICE, office, true);
	x += W_OFFICE + 1;
	tui_text(y, x - 1, 1, " ", true);
	tui_text(y, x, W_OFFICER, officer, true);
	x += W_OFFICER + 1;
	tui_text(y, x - 1, 1, " ", true);
	tui_text(y, x, w - 1 - x, when, true);
	tui_attr(t, ATTR_NORMAL);
}

static void conflict_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct cview *v = s->state;
	if (v->gen != t->generation)
		load(v, t);
	char left[256], right[64];
	if (v->one) {
		char *d = registry_describe(t->app->st, v->meta, &v->record);
		snprintf(left, sizeof(left), _(" Conflicts: %s"), d);
		free(d);
	} else {
		snprintf(left, sizeof(left), "%s", _(" Conflicts"));
	}
	snprintf(right, sizeof(right), _("%d unresolved "), v->n);
	tui_bar(t, 0, w, left, right);
	if (v->n == 0) {
		tui_text(2, 2, w - 4, _("No unresolved conflicts."), false);
		return;
	}
	char hint[256];
	char kk[16], ko[16]; /* keymap_key_name's buffer is static: one at a time */
	str_copy(kk, keymap_key_name(ACT_KEEP), sizeof(kk));
	str_copy(ko, keymap_key_name(ACT_OTHER_VALUE), sizeof(ko));
	snprintf(hint, sizeof(hint), _("%s keeps the chosen value, %s types another; * is the value"
				       " shown now."), kk, ko);
	tui_text(1, 1, w - 2, hint, false);
	draw_side(t, 2, w, "", _("Value"), _("Office"), _("Officer"), _("When"), ATTR_DIM);
	int rows = h - LIST_TOP;
	if (v->sel < v->top)
		v->top = v->sel;
	if (v->sel >= v->top + rows)
		v->top = v->sel - rows + 1;
	/* Keep the heading of the selected value's conflict in view. */
	int heading = v->sel - (v->rows[v->sel].side > 0 ? v->rows[v->sel].side : 0) - 1;
	if (heading >= 0 && heading < v->top && v->sel - heading < rows)
		v->top = heading;
	for (int r = 0; r < rows && v->top + r < v->nrows; r++) {
		const struct crow *row = &v->rows[v->top + r];
		const struct citem *it = &v->items[row->item];
		int y = LIST_TOP + r;
		if (row->side == -2)
			continue;
		if (row->side == -3) {
			char line[512];
			snprintf(line, sizeof(line), "    %s %s", _("To do:"), it->todo);
			tui_text(y, 1, w - 2, line, false);
			continue;
		}
		if (it->rule && row->side == -1) {
			char line[768];
			snprintf(line, sizeof(line), _("Rule: %s (%s)"), it->title, it->label);
			tui_attr(t, ATTR_WARNING);
			tui_text(y, 1, w - 2, line, false);
			tui_attr(t, ATTR_NORMAL);
			continue;
		}
		if (it->rule) {
			const struct cside *rs = &it->sides[row->side];
			char line[512];
			snprintf(line, sizeof(line), "  %-2s%-24s %s", rs->office, rs->officer, rs->shown);
			tui_attr(t, v->top + r == v->sel ? ATTR_SELECTED : ATTR_NORMAL);
			tui_text(y, 1, w - 2, line, true);
			tui_attr(t, ATTR_NORMAL);
			continue;
		}
		if (row->side == -1) {
			char line[512];
			snprintf(line, sizeof(line), "%s: %s", it->label, it->title);
			tui_attr(t, ATTR_WARNING);
			tui_text(y, 1, w - 2, line, false);
			tui_attr(t, ATTR_NORMAL);
			continue;
		}
		const struct cside *sd = &it->sides[row->side];
		char when[32];
		time_t secs = (time_t)(hlc_ms(sd->hlc) / 1000);
		struct tm tm;
		localtime_r(&secs, &tm);
		strftime(when, sizeof(when), "%d/%m/%Y %H:%M", &tm);
		draw_side(t, y, w, row->side == 0 ? "  * " : "    ", sd->shown, sd->office, sd->officer,
			  when, v->top + r == v->sel ? ATTR_SELECTED : ATTR_NORMAL);
	}
}

/* ---- keys ---- */

static const struct citem *sel_item(const struct cview *v, const struct cside **side)
{
	if (v->sel < 0 || v->sel >= v->nrows || v->rows[v->sel].side < 0)
		return NULL;
	const struct citem *it = &v->items[v->rows[v->sel].item];
	if (side)
		*side = &it->sides[v->rows[v->sel].side];
	return it;
}

static void resolve(struct cview *v, struct tui *t, const struct citem *it, const char *value)
{
	struct err e;
	err_clear(&e);
	if (!registry_resolve(t->app->st, it->ent, &it->record, it->field, value, t->app->officer, &e)) {
		tui_message(t, true, "%s", e.msg[0] ? e.msg : _("The change was not saved."));
		return;
	}
	char *shown = shown_value(t->app->st, it->meta, it->field, value);
	tui_message(t, false, _("Resolved: %s is now %s."), it->label, shown);
	free(shown);
	t->generation++;
	load(v, t);
}

static int conflict_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	(void)k;
	struct cview *v = s->state;
	int page = LINES - 6;
	const struct cside *sd = NULL;
	const struct citem *it = sel_item(v, &sd);
	if (it && it->rule && (a == ACT_KEEP || a == ACT_OTHER_VALUE)) {
		tui_message(t, false, _("A rule conflict is settled by editing or deleting one of its"
					" records (or raising the capacity): %s"), it->todo);
		return TUI_REDRAW;
	}
	switch (a) {
	case ACT_UP: move_sel(v, -1); return TUI_REDRAW;
	case ACT_DOWN: move_sel(v, 1); return TUI_REDRAW;
	case ACT_PAGE_UP: move_sel(v, -page); return TUI_REDRAW;
	case ACT_PAGE_DOWN: move_sel(v, page); return TUI_REDRAW;
	case ACT_FIRST: move_sel(v, -v->nrows); return TUI_REDRAW;
	case ACT_LAST: move_sel(v, v->nrows); return TUI_REDRAW;
	case ACT_BACK:
		tui_pop(t);
		return TUI_REDRAW;
	case ACT_KEEP: {
		if (!it)
			return TUI_HANDLED;
		char *q = xasprintf(_("Keep %s for %s of %s?"), sd->shown, it->label, it->title);
		dialog_confirm(t, ANS_KEEP, _("Resolve the conflict"), q);
		free(q);
		return TUI_REDRAW;
	}
	case ACT_OTHER_VALUE: {
		if (!it)
			return TUI_HANDLED;
		char *q = xasprintf(_("New value for %s of %s:"), it->label, it->title);
		dialog_prompt(t, ANS_OTHER, _("Resolve the conflict"), q);
		free(q);
		return TUI_REDRAW;
	}
	default:
		return TUI_UNHANDLED;
	}
}

/* Reads a typed value into its stored form, as the entry form does. */
static bool parse_value(struct tui *t, const struct citem *it, const char *text, char **out)
{
	const struct field_meta *f = it->meta ? registry_field(it->meta, it->field) : NULL;
	if (!f) {
		*out = str_empty(text) ? NULL : xstrdup(text);
		return true;
	}
	struct record rec;
	bool have = store_get(t->app->st, it->ent, &it->record, &rec, NULL);
	if (!have)
		record_init(&rec, it->ent);
	struct err e;
	err_clear(&e);
	bool ok = registry_parse(t->app->st, &rec, f, text, out, &e);
	record_release(&rec);
	if (!ok)
		tui_message(t, true, "%s: %s", it->label, e.msg);
	return ok;
}

static int conflict_answer(struct screen *s, struct tui *t, int id, bool yes, const char *text)
{
	struct cview *v = s->state;
	const struct cside *sd = NULL;
	const struct citem *it = sel_item(v, &sd);
	if (!yes || !it)
		return TUI_REDRAW;
	if (id == ANS_KEEP) {
		char *value = sd->value ? xstrdup(sd->value) : NULL; /* the list is reloaded */
		resolve(v, t, it, value);
		free(value);
	} else if (id == ANS_OTHER) {
		char *value = NULL;
		bool ok = parse_value(t, it, text ? text : "", &value);
		if (ok)
			resolve(v, t, it, value);
		free(value);
		if (!ok)
			return TUI_REDRAW | TUI_REASK;
	}
	return TUI_REDRAW;
}

const struct screen_ops screen_conflict = {
	.name = "conflict",
	.state_size = sizeof(struct cview),
	.actions = conflict_actions,
	.actions_now = conflict_actions_now,
	.open = conflict_open,
	.draw = conflict_draw,
	.key = conflict_key,
	.answer = conflict_answer,
	.close = conflict_close,
};
