/*
 * duplicate.c - Duplikat: businesses that may be registered twice (the same
 * owner's NIK and a similar name, from two offices), shown side by side. The
 * officer chooses the record kept and merges the other into it, or marks the
 * two as different businesses. The rules and the writing are model/duplicates'.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/i18n.h"
#include "model/duplicates.h"
#include "screens/screens.h"
#include "tui/widgets.h"

enum { ANS_MERGE = 1, ANS_DISTINCT };

/* The fields compared, in order. */
static const char *const shown_fields[] = {
	"nama_usaha", "nama_pemilik", "nik", "telepon", "alamat", "kabupaten_kota", "kecamatan",
	"desa", "tanggal_pendataan", FIELD_REG_NO,
};
#define NSHOWN ((int)ARRAY_SIZE(shown_fields))
#define PAIR_ROWS 5
#define W_LABEL 18

struct dpair {
	const struct entity_meta *m;
	struct rid id[2];
	char *cells[2][NSHOWN];
};

struct dview {
	struct dpair *pairs;
	int n, sel, top;
	int keep;                   /* 0 or 1: the record kept by a merge */
	unsigned long gen;
};

static const enum action dup_actions[] = {
	ACT_MERGE, ACT_DISTINCT, ACT_SIDE, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN,
	ACT_FIRST, ACT_LAST, ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};
static const enum action empty_actions[] = { ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE };

static const enum action *dup_actions_now(struct screen *s)
{
	struct dview *v = s->state;
	return v->n ? dup_actions : empty_actions;
}

struct load_ctx {
	struct dview *v;
	struct store *st;
};

static char *cell(struct store *st, const struct entity_meta *m, const struct record *r,
		  const char *field)
{
	const char *value = record_get(r, field);
	const struct field_meta *f = registry_field(m, field);
	if (str_empty(value))
		return xstrdup("-");
	return f && f->kind != FK_READONLY ? registry_display(st, f, value) : xstrdup(value);
}

static void add_pair(const struct dup_pair *p, void *arg)
{
	struct load_ctx *x = arg;
	struct dview *v = x->v;
	v->pairs = xrealloc(v->pairs, (size_t)(v->n + 1) * sizeof(*v->pairs));
	struct dpair *d = &v->pairs[v->n++];
	d->m = p->m;
	d->id[0] = p->a;
	d->id[1] = p->b;
	for (int i = 0; i < NSHOWN; i++) {
		d->cells[0][i] = cell(x->st, p->m, p->ra, shown_fields[i]);
		d->cells[1][i] = cell(x->st, p->m, p->rb, shown_fields[i]);
	}
}

static void free_pairs(struct dview *v)
{
	for (int k = 0; k < v->n; k++)
		for (int i = 0; i < NSHOWN; i++) {
			free(v->pairs[k].cells[0][i]);
			free(v->pairs[k].cells[1][i]);
		}
	free(v->pairs);
	v->pairs = NULL;
	v->n = 0;
}

static bool load(struct dview *v, struct tui *t)
{
	free_pairs(v);
	struct load_ctx x = { v, t->app->st };
	struct err e;
	err_clear(&e);
	int n = dup_list(t->app->st, add_pair, &x, &e);
	v->gen = t->generation;
	if (v->sel >= v->n)
		v->sel = v->n > 0 ? v->n - 1 : 0;
	if (n < 0) {
		tui_message(t, true, "%s", e.msg);
		return false;
	}
	return true;
}

static bool dup_open(struct screen *s, struct tui *t, void *arg)
{
	(void)arg;
	struct dview *v = s->state;
	if (!load(v, t)) {
		free_pairs(v);
		return false;
	}
	return true;
}

static void dup_close(struct screen *s, struct tui *t)
{
	(void)t;
	free_pairs(s->state);
}

static int index_of(const char *field)
{
	for (int i = 0; i < NSHOWN; i++)
		if (str_eq(shown_fields[i], field))
			return i;
	return 0;
}

static const char *label_of(const struct entity_meta *m, const char *field)
{
	if (str_eq(field, FIELD_REG_NO))
		return _("Registration no.");
	const struct field_meta *f = registry_field(m, field);
	return f ? _(f->label) : field;
}

static void draw_compare(struct dview *v, struct tui *t, int y, int h, int w)
{
	const struct dpair *d = &v->pairs[v->sel];
	int cw = (w - 2 - W_LABEL - 2) / 2;
	int x1 = 1 + W_LABEL + 1, x2 = x1 + cw + 1;
	int reg = index_of(FIELD_REG_NO);
	for (int side = 0; side < 2; side++) {
		char head[160];
		snprintf(head, sizeof(head), side == v->keep ? _("%s: kept") : _("%s: merged"),
			 d->cells[side][reg]);
		tui_attr(t, side == v->keep ? ATTR_SELECTED : ATTR_DIM);
		tui_text(y, side ? x2 : x1, cw, head, true);
	}
	tui_attr(t, ATTR_NORMAL);
	for (int i = 0; i < NSHOWN && y + 1 + i < h; i++) {
		bool differ = !str_eq(d->cells[0][i], d->cells[1][i]);
		tui_attr(t, ATTR_DIM);
		tui_text(y + 1 + i, 1, W_LABEL, label_of(d->m, shown_fields[i]), true);
		tui_attr(t, differ ? ATTR_WARNING : ATTR_NORMAL);
		tui_text(y + 1 + i, x1, cw, d->cells[0][i], true);
		tui_text(y + 1 + i, x2, cw, d->cells[1][i], true);
		tui_attr(t, ATTR_NORMAL);
	}
}

static void dup_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct dview *v = s->state;
	if (v->gen != t->generation)
		load(v, t);
	char right[64];
	snprintf(right, sizeof(right), ngettext("%d pair ", "%d pairs ", (unsigned long)v->n), v->n);
	tui_bar(t, 0, w, _(" Possible duplicates (UMKM)"), right);
	if (v->n == 0) {
		tui_text(2, 2, w - 4, _("No possible duplicates to review."), false);
		return;
	}
	char hint[256];
	char ks[16], km[16], kd[16]; /* keymap_key_name's buffer is static: one at a time */
	str_copy(ks, keymap_key_name(ACT_SIDE), sizeof(ks));
	str_copy(km, keymap_key_name(ACT_MERGE), sizeof(km));
	str_copy(kd, keymap_key_name(ACT_DISTINCT), sizeof(kd));
	snprintf(hint, sizeof(hint), _("%s chooses the record kept, %s merges, %s marks different"
				       " businesses."), ks, km, kd);
	tui_text(1, 1, w - 2, hint, false);
	int nik = index_of("nik"), name = index_of("nama_usaha");
	int rows = v->n < PAIR_ROWS ? v->n : PAIR_ROWS;
	if (v->sel < v->top)
		v->top = v->sel;
	if (v->sel >= v->top + rows)
		v->top = v->sel - rows + 1;
	for (int r = 0; r < rows && v->top + r < v->n; r++) {
		const struct dpair *d = &v->pairs[v->top + r];
		char line[512];
		snprintf(line, sizeof(line), " %s  %s / %s", d->cells[0][nik], d->cells[0][name],
			 d->cells[1][name]);
		tui_attr(t, v->top + r == v->sel ? ATTR_SELECTED : ATTR_NORMAL);
		tui_text(3 + r, 1, w - 2, line, true);
	}
	tui_attr(t, ATTR_NORMAL);
	draw_compare(v, t, 3 + rows + 1, h, w);
}

static int dup_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	(void)k;
	struct dview *v = s->state;
	int old = v->sel;
	switch (a) {
	case ACT_UP: v->sel--; break;
	case ACT_DOWN: v->sel++; break;
	case ACT_PAGE_UP: v->sel -= PAIR_ROWS; break;
	case ACT_PAGE_DOWN: v->sel += PAIR_ROWS; break;
	case ACT_FIRST: v->sel = 0; break;
	case ACT_LAST: v->sel = v->n - 1; break;
	case ACT_SIDE:
		v->keep = !v->keep;
		return TUI_REDRAW;
	case ACT_BACK:
		tui_pop(t);
		return TUI_REDRAW;
	case ACT_MERGE:
	case ACT_DISTINCT: {
		if (v->n == 0)
			return TUI_HANDLED;
		const struct dpair *d = &v->pairs[v->sel];
		int reg = index_of(FIELD_REG_NO), name = index_of("nama_usaha");
		char *q;
		if (a == ACT_MERGE) {
			int drop = !v->keep;
			q = xasprintf(_("Merge %s (%s) into %s (%s)? The record kept stays; the other no"
					" longer shows in lists and counts, and its program records follow."),
				      d->cells[drop][name], d->cells[drop][reg], d->cells[v->keep][name],
				      d->cells[v->keep][reg]);
			dialog_confirm(t, ANS_MERGE, _("Merge"), q);
		} else {
			q = xasprintf(_("Mark %s (%s) and %s (%s) as two different businesses?"),
				      d->cells[0][name], d->cells[0][reg], d->cells[1][name],
				      d->cells[1][reg]);
			dialog_confirm(t, ANS_DISTINCT, _("Different businesses"), q);
		}
		free(q);
		return TUI_REDRAW;
	}
	default:
		return TUI_UNHANDLED;
	}
	if (v->sel >= v->n)
		v->sel = v->n - 1;
	if (v->sel < 0)
		v->sel = 0;
	if (v->sel != old)
		v->keep = 0;
	return TUI_REDRAW;
}

static int dup_answer(struct screen *s, struct tui *t, int id, bool yes, const char *text)
{
	(void)text;
	struct dview *v = s->state;
	if (!yes || v->n == 0)
		return TUI_REDRAW;
	const struct dpair *d = &v->pairs[v->sel];
	struct err e;
	err_clear(&e);
	bool ok;
	char *done;
	int reg = index_of(FIELD_REG_NO);
	if (id == ANS_MERGE) {
		int drop = !v->keep;
		ok = dup_merge(t->app->st, d->m, &d->id[v->keep], &d->id[drop], t->app->officer, &e);
		done = xasprintf(_("Merged: %s into %s."), d->cells[drop][reg], d->cells[v->keep][reg]);
	} else {
		ok = dup_distinct(t->app->st, d->m, &d->id[0], &d->id[1], t->app->officer, &e);
		done = xasprintf(_("%s and %s marked as different businesses."), d->cells[0][reg],
				 d->cells[1][reg]);
	}
	if (ok) {
		tui_message(t, false, "%s", done);
		t->generation++;
		v->keep = 0;
		load(v, t);
	} else {
		tui_message(t, true, "%s", e.msg);
	}
	free(done);
	return TUI_REDRAW;
}

const struct screen_ops screen_duplicate = {
	.name = "duplicate",
	.state_size = sizeof(struct dview),
	.actions = dup_actions,
	.actions_now = dup_actions_now,
	.open = dup_open,
	.draw = dup_draw,
	.key = dup_key,
	.answer = dup_answer,
	.close = dup_close,
};
