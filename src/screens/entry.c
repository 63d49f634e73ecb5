/*
 * entry.c - the add / edit form of a UMKM or koperasi, for heads-down entry.
 * Save validates through the model (registry_save): errors put the cursor on
 * the first bad field, warnings (the same NIK registered) ask once. "Save+next"
 * starts the next record keeping the persistent fields (place and date).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/format.h"
#include "core/i18n.h"
#include "screens/screens.h"
#include "tui/widgets.h"

enum { ANS_WARN = 1, ANS_WARN_NEXT, ANS_DISCARD, ANS_QUIT };

struct entry {
	const struct entity_meta *meta;
	struct form form;
	bool is_new;
	int saved;        /* records saved in this form (a stack of forms) */
};

static const enum action entry_actions[] = {
	ACT_SAVE, ACT_SAVE_NEXT, ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_UP, ACT_DOWN,
	ACT_CHOICE_PREV, ACT_CHOICE_NEXT, ACT_EDIT_VALUE, ACT_CLEAR_FIELD, ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};

/* An edit form saves the one record: it offers no "save and start the next". */
static const enum action edit_actions[] = {
	ACT_SAVE, ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_UP, ACT_DOWN,
	ACT_CHOICE_PREV, ACT_CHOICE_NEXT, ACT_EDIT_VALUE, ACT_CLEAR_FIELD, ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};

static const enum action *entry_actions_now(struct screen *s)
{
	const struct entry *en = s->state;
	return en->is_new ? entry_actions : edit_actions;
}

static bool entry_open(struct screen *s, struct tui *t, void *arg)
{
	struct entry *en = s->state;
	const struct record_arg *a = arg;
	en->meta = a->meta;
	en->is_new = rid_is_zero(&a->id);
	struct record rec;
	if (en->is_new) {
		registry_new(t->app->st, en->meta, &rec);
	} else if (!store_get(t->app->st, en->meta->ent, &a->id, &rec, NULL)) {
		tui_message(t, true, _("The record is no longer there."));
		return false;
	}
	form_init(&en->form, t->app->st, en->meta->fields, en->meta->nfields, &rec);
	en->form.meta = en->meta;
	en->form.one_record = !en->is_new;
	record_release(&rec);
	return true;
}

static void entry_close(struct screen *s, struct tui *t)
{
	(void)t;
	struct entry *en = s->state;
	form_release(&en->form);
}

static bool entry_dirty(struct screen *s)
{
	struct entry *en = s->state;
	if (en->form.dirty)
		return true;
	for (size_t i = 0; i < en->form.nfields; i++)
		if (en->form.f[i].touched)
			return true;
	return false;
}

static void entry_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct entry *en = s->state;
	char left[200], right[64] = "";
	const char *reg = record_get(&en->form.rec, FIELD_REG_NO);
	if (en->is_new || !reg)
		snprintf(left, sizeof(left), " %s: %s", _(en->meta->title), _("new record"));
	else
		snprintf(left, sizeof(left), " %s: %s %s", _(en->meta->title), _("edit"), reg);
	if (en->saved)
		snprintf(right, sizeof(right), _("%d saved "), en->saved);
	tui_bar(t, 0, w, left, right);
	form_draw(&en->form, t, 1, h - 1, w);
}

/* The warnings as lines of text, then the question. Caller frees. */
static char *warning_text(const struct issues *is, const struct entity_meta *m)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < is->n; i++) {
		const char *label = is->v[i].field >= 0 ? _(m->fields[is->v[i].field].label) : "";
		strbuf_addf(&sb, "%s%s: %s\n", label, "", is->v[i].msg);
	}
	strbuf_adds(&sb, _("Save anyway?"));
	return strbuf_detach(&sb);
}

static void saved(struct entry *en, struct tui *t, enum save_result rc, bool next)
{
	const char *reg = record_get(&en->form.rec, FIELD_REG_NO);
	if (rc == SAVE_DONE) {
		t->generation++;
		en->saved++;
		tui_message(t, false, _("Saved: %s."), reg ? reg : "");
	} else {
		tui_message(t, false, _("Nothing changed."));
	}
	if (next) {
		form_next_record(&en->form);
		en->is_new = true;
	} else {
		char msg[sizeof(t->message)];
		str_copy(msg, t->message, sizeof(msg));
		tui_pop(t);
		tui_message(t, false, "%s", msg);
	}
}

static int save(struct entry *en, struct tui *t, bool next, bool confirm)
{
	if (!form_commit_all(&en->form)) {
		tui_message(t, true, "%s", en->form.f[en->form.cur].error);
		return TUI_REDRAW;
	}
	struct issues is = { NULL, 0, 0 };
	struct err e;
	err_clear(&e);
	enum save_result rc = registry_save(t->app->st, en->meta, &en->form.rec, t->app->officer,
					    confirm, &is, &e);
	if (rc == SAVE_INVALID) {
		form_show_issues(&en->form, &is);
		int first = issues_first_error(&is);
		tui_message(t, true, "%s", first >= 0 ? en->form.f[first].error : is.v[0].msg);
	} else if (rc == SAVE_CONFIRM) {
		form_show_issues(&en->form, &is);
		char *text = warning_text(&is, en->meta);
		dialog_confirm(t, next ? ANS_WARN_NEXT : ANS_WARN, _("Warning"), text);
		free(text);
	} else if (rc == SAVE_ERROR) {
		tui_message(t, true, "%s", e.msg);
	} else {
		saved(en, t, rc, next);
	}
	issues_release(&is);
	return TUI_REDRAW;
}

static int entry_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	struct entry *en = s->state;
	switch (a) {
	case ACT_SAVE:
		return save(en, t, false, false);
	case ACT_SAVE_NEXT:
		return en->is_new ? save(en, t, true, false) : TUI_UNHANDLED;
	case ACT_BACK:
		if (!entry_dirty(s)) {
			tui_pop(t);
			return TUI_REDRAW;
		}
		dialog_confirm(t, ANS_DISCARD, _("Discard"), _("Discard the changes to this record?"));
		return TUI_REDRAW;
	case ACT_QUIT:
		if (!entry_dirty(s))
			return TUI_QUIT;
		dialog_confirm(t, ANS_QUIT, _("Quit"), _("Quit and discard the changes to this record?"));
		return TUI_REDRAW;
	default:
		return form_key(&en->form, t, a, k);
	}
}

static int entry_answer(struct screen *s, struct tui *t, int id, bool yes, const char *text)
{
	(void)text;
	struct entry *en = s->state;
	if (!yes)
		return TUI_REDRAW;
	switch (id) {
	case ANS_WARN:
	case ANS_WARN_NEXT:
		return save(en, t, id == ANS_WARN_NEXT, true);
	case ANS_DISCARD:
		tui_pop(t);
		return TUI_REDRAW;
	case ANS_QUIT:
		return TUI_QUIT;
	default:
		return TUI_REDRAW;
	}
}

const struct screen_ops screen_entry = {
	.name = "entry",
	.state_size = sizeof(struct entry),
	.actions = entry_actions,
	.actions_now = entry_actions_now,
	.open = entry_open,
	.draw = entry_draw,
	.key = entry_key,
	.answer = entry_answer,
	.dirty = entry_dirty,
	.close = entry_close,
};
