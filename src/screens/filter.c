/*
 * filter.c - the list's filters: kabupaten/kota, kecamatan and status, picked
 * with the same form fields as the record (type-to-filter). Save applies them,
 * empty fields mean any.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/i18n.h"
#include "screens/screens.h"
#include "tui/widgets.h"

#define NFILTER 3

struct filter {
	struct filter_arg arg;
	struct field_meta fields[NFILTER];
	int which[NFILTER];   /* the filter (0 kabupaten, 1 kecamatan, 2 status) of each field */
	int n;                /* fields the record kind has (a program record may lack some) */
	struct form form;
};

static const enum action filter_actions[] = {
	ACT_SAVE, ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_UP, ACT_DOWN, ACT_CHOICE_PREV,
	ACT_CHOICE_NEXT, ACT_EDIT_VALUE, ACT_CLEAR_FIELD, ACT_BACK,
	ACT_HELP, ACT_QUIT, ACT_NONE
};

static bool filter_open(struct screen *s, struct tui *t, void *arg)
{
	struct filter *f = s->state;
	f->arg = *(const struct filter_arg *)arg;
	const char *names[NFILTER] = { "kabupaten_kota", "kecamatan", f->arg.meta->status_field };
	char **values[NFILTER] = { f->arg.kabupaten, f->arg.kecamatan, f->arg.status };
	struct record rec;
	record_init(&rec, f->arg.meta->ent);
	for (int i = 0; i < NFILTER; i++) {
		const struct field_meta *m = names[i] ? registry_field(f->arg.meta, names[i]) : NULL;
		if (!m)
			continue;
		f->which[f->n] = i;
		f->fields[f->n] = *m;
		f->fields[f->n].required = false;
		f->fields[f->n].persistent = false;
		f->fields[f->n].derived = false;   /* a program record's copied region */
		f->n++;
		record_set(&rec, names[i], *values[i]);
	}
	if (f->n) {
		form_init(&f->form, t->app->st, f->fields, (size_t)f->n, &rec);
		f->form.one_record = true;
	}
	record_release(&rec);
	return f->n > 0;
}

static void filter_close(struct screen *s, struct tui *t)
{
	(void)t;
	struct filter *f = s->state;
	form_release(&f->form);
}

static void filter_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct filter *f = s->state;
	char left[160];
	snprintf(left, sizeof(left), " %s: %s", _(f->arg.meta->title), _("filter the list"));
	tui_bar(t, 0, w, left, NULL);
	tui_text(2, 1, w - 2, _("Empty fields mean any. Save applies the filter."), false);
	form_draw(&f->form, t, 4, h - 4 < f->n + 9 ? h - 4 : f->n + 9, w);
}

static int apply(struct filter *f, struct tui *t)
{
	if (!form_commit_all(&f->form)) {
		tui_message(t, true, "%s", f->form.f[f->form.cur].error);
		return TUI_REDRAW;
	}
	char **values[NFILTER] = { f->arg.kabupaten, f->arg.kecamatan, f->arg.status };
	for (int i = 0; i < f->n; i++) {
		free(*values[f->which[i]]);
		*values[f->which[i]] = xstrdup(record_get(&f->form.rec, f->fields[i].name));
	}
	return tui_answer(t, ANSWER_FILTER, true, NULL);
}

static int filter_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	struct filter *f = s->state;
	if (a == ACT_SAVE)
		return apply(f, t);
	if (a == ACT_BACK) {
		tui_pop(t);
		return TUI_REDRAW;
	}
	if (a == ACT_NEXT_FIELD && f->form.cur == f->n - 1 && f->form.npick == 0)
		return form_commit_current(&f->form) ? apply(f, t) : TUI_REDRAW;
	return form_key(&f->form, t, a, k);
}

const struct screen_ops screen_filter = {
	.name = "filter",
	.state_size = sizeof(struct filter),
	.actions = filter_actions,
	.open = filter_open,
	.draw = filter_draw,
	.key = filter_key,
	.close = filter_close,
};
