/*
 * record.c - one record: every field as a clerk reads it, then its history of
 * changes from the op log (who, which office, when, which field, from what, to
 * what). From here: edit, delete with a reason, restore, purge personal data.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/i18n.h"
#include "screens/screens.h"
#include "store/account.h"
#include "store/conflict.h"
#include "store/sync.h"
#include "tui/widgets.h"

enum { ANS_DELETE = 1, ANS_RESTORE, ANS_PURGE };

struct line {
	char *text;
	enum tui_attr attr;
};

struct recview {
	const struct entity_meta *meta;
	struct rid id;
	bool deleted;
	struct line *lines;
	int n, cap;
	int top;
	int nconflicts;            /* unresolved conflicts on this record */
	unsigned long gen;
	unsigned limits;           /* what the officer's role cannot do (role_limits) */
	enum action acts[16];
};

static const enum action view_actions[] = {
	ACT_EDIT, ACT_DELETE, ACT_PURGE, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_FIRST, ACT_LAST,
	ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};
static const enum action conflict_view_actions[] = {
	ACT_CONFLICTS, ACT_EDIT, ACT_DELETE, ACT_PURGE, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_FIRST,
	ACT_LAST, ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};
static const enum action conflict_deleted_actions[] = {
	ACT_CONFLICTS, ACT_RESTORE, ACT_PURGE, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_FIRST, ACT_LAST,
	ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};
static const enum action deleted_actions[] = {
	ACT_RESTORE, ACT_PURGE, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_FIRST, ACT_LAST,
	ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};

/* The screen's actions before the role takes its part. */
static const enum action *actions_of_view(const struct recview *v)
{
	return v->nconflicts > 0 ? (v->deleted ? conflict_deleted_actions : conflict_view_actions)
				 : (v->deleted ? deleted_actions : view_actions);
}

static const enum action *view_actions_now(struct screen *s)
{
	struct recview *v = s->state;
	return role_filter(actions_of_view(v), v->limits, v->acts, ARRAY_SIZE(v->acts));
}

static void add_line(struct recview *v, enum tui_attr attr, char *text)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->lines = xrealloc(v->lines, (size_t)v->cap * sizeof(*v->lines));
	}
	v->lines[v->n].text = text;
	v->lines[v->n].attr = attr;
	v->n++;
}

static void free_lines(struct recview *v)
{
	for (int i = 0; i < v->n; i++)
		free(v->lines[i].text);
	v->n = 0;
}

/* The label of a field in the history, including the common fields. */
struct history_ctx {
	struct recview *v;
	struct store *st;
};

static char *shown_value(struct store *st, const struct entity_meta *m, const char *field,
			 const char *value)
{
	const struct field_meta *f = registry_field(m, field);
	if (str_empty(value))
		return xstrdup(_("(empty)"));
	if (str_eq(field, FIELD_DELETED))
		return xstrdup(str_eq(value, "1") ? _("yes") : _("no"));
	return f ? registry_display(st, f, value) : xstrdup(value);
}

static void add_history(const struct history_entry *h, void *arg)
{
	struct history_ctx *c = arg;
	if (h->first_of_op) {
		time_t secs = (time_t)(hlc_ms(h->hlc) / 1000);
		struct tm tm;
		char when[32];
		localtime_r(&secs, &tm);
		strftime(when, sizeof(when), "%d/%m/%Y %H:%M", &tm);
		add_line(c->v, ATTR_NORMAL, xstrdup(""));
		/* Who by name when the officer has an account here; the office by name. */
		struct account a;
		struct office_row o;
		char *who = h->officer && store_account_get(c->st, h->officer, &a)
			    ? xasprintf("%s (%s)", h->officer, a.name) : xstrdup(h->officer ? h->officer : "?");
		char *where = h->office && store_office_get(c->st, h->office, &o) && *o.name
			      ? xasprintf("%s %s", h->office, o.name) : xstrdup(h->office ? h->office : "?");
		add_line(c->v, ATTR_TITLE, xasprintf(_("%s  by %s, office %s"), when, who, where));
		free(who);
		free(where);
	}
	char *from = h->old_purged ? xstrdup(_("(erased)"))
				   : shown_value(c->st, c->v->meta, h->field, h->old);
	char *to = h->value_purged ? xstrdup(_("(erased)"))
				   : shown_value(c->st, c->v->meta, h->field, h->value);
	add_line(c->v, ATTR_NORMAL, xasprintf("  %s: %s -> %s", registry_field_label(c->v->meta, h->field),
					     from, to));
	free(from);
	free(to);
}

/* The fields of this record with a conflict, joined as ",a,b,". */
static void conflict_field(const struct conflict *c, void *arg)
{
	struct strbuf *sb = arg;
	if (!sb->len)
		strbuf_adds(sb, ",");
	strbuf_addf(sb, "%s,", c->field);
}

/* One line per program record of a business: "Stimulus  18.71-S-000003  disetujui". */
static void add_part(const struct entity_meta *m, const struct rid *id, void *arg)
{
	struct history_ctx *c = arg;
	struct record rec;
	if (!store_get(c->st, m->ent, id, &rec, NULL))
		return;
	const char *reg = record_get(&rec, FIELD_REG_NO);
	const struct field_meta *sf = m->status_field ? registry_field(m, m->status_field) : NULL;
	char *state = sf ? registry_display(c->st, sf, record_get(&rec, sf->name)) : xstrdup("");
	const char *name = record_get(&rec, m->ent->name_field);
	bool deleted = str_eq(record_get(&rec, FIELD_DELETED), "1");
	const char *title = _(m->title);
	int pad = 26 - tui_text_cols(title);
	add_line(c->v, deleted ? ATTR_DIM : ATTR_NORMAL,
		 xasprintf("%s%*s %s  %s  %s%s", title, pad > 0 ? pad : 0, "", reg ? reg : "",
			   name ? name : "", state, deleted ? _(" (deleted)") : ""));
	free(state);
	record_release(&rec);
}

/* Builds the lines: the fields, then the history. False when there is no record. */
static bool load(struct recview *v, struct tui *t)
{
	struct store *st = t->app->st;
	struct record rec;
	if (!store_get(st, v->meta->ent, &v->id, &rec, NULL))
		return false;
	free_lines(v);
	v->deleted = str_eq(record_get(&rec, FIELD_DELETED), "1");
	struct strbuf cf = STRBUF_INIT;
	v->nconflicts = store_conflicts(st, v->meta->ent, &v->id, conflict_field, &cf, NULL);
	if (v->nconflicts > 0)
		add_line(v, ATTR_ERROR, xasprintf(_("! %d conflicting changes from two offices (marked !):"
						    " %s reviews them."), v->nconflicts,
						  keymap_key_name(ACT_CONFLICTS)));
	if (v->deleted)
		add_line(v, ATTR_ERROR, xasprintf(_("Deleted: %s"),
						  record_get(&rec, FIELD_DELETED_REASON) ?
						  record_get(&rec, FIELD_DELETED_REASON) : ""));
	for (size_t i = 0; i < v->meta->nfields; i++) {
		const struct field_meta *f = &v->meta->fields[i];
		char *cv = v->meta->computed ? v->meta->computed(st, v->meta, &v->id, f->name) : NULL;
		char *shown = registry_display(st, f, cv ? cv : record_get(&rec, f->name));
		free(cv);
		char *key = xasprintf(",%s,", f->name);
		bool conflict = cf.len && strstr(strbuf_str(&cf), key);
		/* %-26s pads by bytes: pad the label by its display width instead. */
		const char *label = _(f->label);
		int pad = 26 - tui_text_cols(label);
		add_line(v, conflict ? ATTR_ERROR : ATTR_NORMAL,
			 xasprintf("%s%*s %s%s", label, pad > 0 ? pad : 0, "", shown, conflict ? "  !" : ""));
		free(key);
		free(shown);
	}
	record_release(&rec);
	strbuf_release(&cf);
	struct history_ctx c = { v, st };
	if (v->meta->ent->registry) {
		add_line(v, ATTR_NORMAL, xstrdup(""));
		add_line(v, ATTR_WARNING, xstrdup(_("Part in the programs")));
		int before = v->n;
		registry_parts(st, v->meta, &v->id, add_part, &c, 200);
		if (v->n == before)
			add_line(v, ATTR_DIM, xstrdup(_("none yet")));
	}
	add_line(v, ATTR_NORMAL, xstrdup(""));
	add_line(v, ATTR_WARNING, xstrdup(_("History of changes")));
	store_history(st, v->meta->ent, &v->id, add_history, &c, NULL);
	v->gen = t->generation;
	return true;
}

static bool view_open(struct screen *s, struct tui *t, void *arg)
{
	struct recview *v = s->state;
	const struct record_arg *a = arg;
	v->meta = a->meta;
	v->id = a->id;
	v->limits = role_limits(t);
	if (!load(v, t)) {
		tui_message(t, true, _("The record is no longer there."));
		return false;
	}
	return true;
}

static void view_close(struct screen *s, struct tui *t)
{
	(void)t;
	struct recview *v = s->state;
	free_lines(v);
	free(v->lines);
}

static void view_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct recview *v = s->state;
	if (v->gen != t->generation)
		load(v, t);
	char *title = registry_describe(t->app->st, v->meta, &v->id);
	char left[256];
	snprintf(left, sizeof(left), " %s: %s", _(v->meta->title), title);
	free(title);
	tui_bar(t, 0, w, left, NULL);
	int rows = h - 1;
	if (v->top > v->n - rows)
		v->top = v->n - rows;
	if (v->top < 0)
		v->top = 0;
	for (int r = 0; r < rows && v->top + r < v->n; r++) {
		tui_attr(t, v->lines[v->top + r].attr);
		tui_text(1 + r, 1, w - 2, v->lines[v->top + r].text, false);
	}
	tui_attr(t, ATTR_NORMAL);
	if (v->top + rows < v->n && t->message[0] == '\0')
		tui_message(t, false, _("More below: Down or PgDn."));
}

static int view_scroll(struct recview *v, enum action a)
{
	int page = LINES - 4;
	switch (a) {
	case ACT_UP: v->top--; break;
	case ACT_DOWN: v->top++; break;
	case ACT_PAGE_UP: v->top -= page; break;
	case ACT_PAGE_DOWN: v->top += page; break;
	case ACT_FIRST: v->top = 0; break;
	case ACT_LAST: v->top = v->n; break;
	default: return TUI_UNHANDLED;
	}
	if (v->top < 0)
		v->top = 0;
	return TUI_REDRAW;
}

static int view_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	struct recview *v = s->state;
	if (a == ACT_NONE && role_refusal(t, actions_of_view(v), v->limits, k) == TUI_REDRAW)
		return TUI_REDRAW;
	switch (a) {
	case ACT_BACK:
		tui_pop(t);
		return TUI_REDRAW;
	case ACT_EDIT: {
		struct record_arg arg = { v->meta, v->id };
		tui_push(t, &screen_entry, &arg);
		return TUI_REDRAW;
	}
	case ACT_DELETE:
		dialog_prompt(t, ANS_DELETE, _("Delete"), _("Why is this record deleted?"));
		return TUI_REDRAW;
	case ACT_RESTORE:
		dialog_confirm(t, ANS_RESTORE, _("Restore"), _("Restore this record?"));
		return TUI_REDRAW;
	case ACT_PURGE: {
		/* The question names what will be erased; typing the reason confirms. */
		const char **fields = registry_personal_fields(v->meta);
		struct strbuf names = STRBUF_INIT;
		for (size_t i = 0; fields[i]; i++)
			strbuf_addf(&names, "%s%s", i ? ", " : "",
				    registry_field_label(v->meta, fields[i]));
		free(fields);
		char *q = xasprintf(_("Erase %s of this person on every office, change history"
				      " included? This cannot be undone. Why (required)?"), names.buf);
		dialog_prompt(t, ANS_PURGE, _("Purge personal data"), q);
		free(q);
		strbuf_release(&names);
		return TUI_REDRAW;
	}
	case ACT_CONFLICTS: {
		struct record_arg arg = { v->meta, v->id };
		tui_push(t, &screen_conflict, &arg);
		return TUI_REDRAW;
	}
	default:
		return view_scroll(v, a);
	}
}

static int view_answer(struct screen *s, struct tui *t, int id, bool yes, const char *text)
{
	struct recview *v = s->state;
	if (!yes)
		return TUI_REDRAW;
	struct err e;
	err_clear(&e);
	bool ok = id == ANS_DELETE
		  ? registry_delete(t->app->st, v->meta, &v->id, text, t->app->officer, &e)
		  : id == ANS_PURGE
		  ? registry_purge(t->app->st, v->meta, &v->id, text, t->app->officer, &e)
		  : registry_restore(t->app->st, v->meta, &v->id, t->app->officer, &e);
	if (!ok) {
		tui_message(t, true, "%s", e.msg);
		/* A reason left out ("say why ..."): the prompt asks again; Esc leaves it. */
		return TUI_REDRAW | (id == ANS_DELETE || id == ANS_PURGE ? TUI_REASK : 0);
	}
	t->generation++;
	if (id == ANS_DELETE)
		tui_message(t, false, _("Deleted. %s restores it."), keymap_key_name(ACT_RESTORE));
	else if (id == ANS_PURGE)
		tui_message(t, false, _("Personal data erased; other offices erase it at their next import."));
	else
		tui_message(t, false, _("Restored."));
	return TUI_REDRAW;
}

const struct screen_ops screen_record = {
	.name = "record",
	.state_size = sizeof(struct recview),
	.actions = view_actions,
	.actions_now = view_actions_now,
	.open = view_open,
	.draw = view_draw,
	.key = view_key,
	.answer = view_answer,
	.close = view_close,
};
