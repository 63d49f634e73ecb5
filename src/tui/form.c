/*
 * form.c - a form over field descriptions (model/registry.h) for heads-down
 * entry: Enter/Tab next, Shift-Tab back, fixed-length digits move on when full,
 * choices by number or first letters, region pickers with type-to-filter. Every
 * value is read by registry_parse as the clerk leaves the field; the message is
 * shown beside it. No rule lives here.
 */
#include <curses.h>
#include <stdlib.h>
#include <strings.h>

#include "core/i18n.h"
#include "model/keying.h"
#include "model/region.h"
#include "tui/widgets.h"

#define LABEL_COLS 27
#define VALUE_X (LABEL_COLS + 1)
#define EDIT_CAP_MIN 16
/* Regions and references offer fewer candidates than a list of choices shows
 * (all of a 10- or 12-choice list, with their codes): the box stays small. */
#define SEARCH_PICK_MAX 8

static bool is_region(enum field_kind k)
{
	return k == FK_KABKOTA || k == FK_KECAMATAN || k == FK_DESA;
}

static bool has_picker(enum field_kind k)
{
	return is_region(k) || k == FK_CHOICE || k == FK_REF;
}

/* Fixed-length digit fields: their exact length, else 0. */
static int fixed_digits(const struct field_meta *m)
{
	switch (m->kind) {
	case FK_NIK:
	case FK_NIB:
	case FK_KBLI:
	case FK_DIGITS:
		return m->width;
	default:
		return 0;
	}
}

static size_t choice_count(const struct field_meta *m)
{
	size_t n = 0;
	while (m->choices && m->choices[n].value)
		n++;
	return n;
}

/* Choice codes are typed with as many digits as the list's last: 1-9, or
 * 01-10 when a list has 10 or more; the same for every key of a list. */
static int choice_digits(const struct field_meta *m)
{
	size_t n = choice_count(m);
	int d = 1;
	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

static bool editable(const struct field_meta *m)
{
	return m->kind != FK_READONLY && !m->derived;
}

static void set_error(struct form_field *ff, const char *msg, bool warning)
{
	free(ff->error);
	ff->error = msg ? xstrdup(msg) : NULL;
	ff->warning = warning;
}

static void show_value(struct form *fm, int i)
{
	const struct field_meta *m = &fm->fields[i];
	char *shown = registry_display(fm->st, m, record_get(&fm->rec, m->name));
	lineedit_set(&fm->f[i].edit, shown);
	free(shown);
}

void form_init(struct form *fm, struct store *st, const struct field_meta *fields, size_t n,
	       const struct record *rec)
{
	memset(fm, 0, sizeof(*fm));
	fm->st = st;
	fm->fields = fields;
	fm->nfields = n;
	fm->f = xcalloc(n, sizeof(*fm->f));
	record_copy(&fm->rec, rec);
	for (size_t i = 0; i < n; i++) {
		int cap = fields[i].width > EDIT_CAP_MIN ? fields[i].width : EDIT_CAP_MIN;
		fm->f[i].meta = &fields[i];
		lineedit_init(&fm->f[i].edit, cap + 40, NULL);
		show_value(fm, (int)i);
	}
	fm->cur = -1;
	form_goto(fm, 0);
}

void form_release(struct form *fm)
{
	for (size_t i = 0; i < fm->nfields; i++) {
		lineedit_release(&fm->f[i].edit);
		free(fm->f[i].error);
	}
	free(fm->f);
	record_release(&fm->rec);
	memset(fm, 0, sizeof(*fm));
}

/* ---- pickers ---- */

static void add_region(const char *code, const char *name, void *arg)
{
	struct form *fm = arg;
	if (fm->npick >= SEARCH_PICK_MAX)
		return;
	str_copy(fm->pick[fm->npick].code, code, sizeof(fm->pick[0].code));
	str_copy(fm->pick[fm->npick].name, name, sizeof(fm->pick[0].name));
	fm->npick++;
}

static void pick_regions(struct form *fm, const struct field_meta *m, const char *text)
{
	int level = m->kind == FK_KABKOTA ? REGION_KABKOTA
		  : m->kind == FK_KECAMATAN ? REGION_KECAMATAN : REGION_DESA;
	const char *parent = m->kind == FK_KECAMATAN ? record_get(&fm->rec, "kabupaten_kota")
			   : m->kind == FK_DESA ? record_get(&fm->rec, "kecamatan") : NULL;
	if (m->kind == FK_DESA && !parent)
		return; /* a village only within a chosen district */
	char *key = region_key(text);
	store_region_list(fm->st, level, parent, key ? key : "", SEARCH_PICK_MAX, add_region, fm);
	free(key);
}

static void pick_choices(struct form *fm, const struct field_meta *m, const char *text)
{
	size_t len = strlen(text);
	char *end;
	long num = strtol(text, &end, 10);
	bool is_num = len && *end == '\0';
	int digits = choice_digits(m);
	/* A number: the choice of that number first ("1" is 01), then those whose
	 * code starts with it ("1": 10). Else by the first letters. */
	for (int pass = is_num ? 0 : 1; pass < 2; pass++)
		for (size_t i = 0; m->choices[i].value && fm->npick < FORM_PICK_MAX; i++) {
			const char *label = _(m->choices[i].label);
			char code[16];
			snprintf(code, sizeof(code), "%0*zu", digits, i + 1);
			bool exact = is_num && (long)i + 1 == num;
			bool hit = pass == 0 ? exact
				 : is_num ? !exact && strncmp(text, code, len) == 0
				 : (!len || strncasecmp(text, m->choices[i].value, len) == 0 ||
				    strncasecmp(text, label, len) == 0);
			if (!hit)
				continue;
			str_copy(fm->pick[fm->npick].code, m->choices[i].value, sizeof(fm->pick[0].code));
			snprintf(fm->pick[fm->npick].name, sizeof(fm->pick[0].name), "%s %s", code, label);
			fm->npick++;
		}
}

/* Records a reference may name whose names start with the words typed: a
 * search as you type over each entity the field allows. */
static void pick_refs(struct form *fm, const struct field_meta *m, const char *text)
{
	if (!*text)
		return;
	for (size_t i = 0; meta_all[i] && fm->npick < SEARCH_PICK_MAX; i++) {
		const struct entity_meta *t = meta_all[i];
		char want[40];
		snprintf(want, sizeof(want), " %s ", t->ent->name);
		char have[128];
		snprintf(have, sizeof(have), " %s ", m->ref ? m->ref : "");
		if (!strstr(have, want) || !t->ent->search_fields)
			continue;
		const char *cols[] = { t->ent->name_field, FIELD_REG_NO, NULL };
		struct list_query q = { .ent = t->ent, .search = text, .columns = cols };
		struct list_row rows[SEARCH_PICK_MAX];
		int n = store_list_page(fm->st, &q, NULL, false, (size_t)(SEARCH_PICK_MAX - fm->npick),
					rows, NULL);
		for (int r = 0; r < n; r++) {
			struct form_pick *p = &fm->pick[fm->npick++];
			char *ref = ref_make(t, &rows[r].id);
			str_copy(p->code, ref, sizeof(p->code));
			free(ref);
			snprintf(p->name, sizeof(p->name), "%s (%s)",
				 rows[r].values[0] ? rows[r].values[0] : "?",
				 rows[r].values[1] ? rows[r].values[1] : "");
			list_row_release(&rows[r], 2);
		}
	}
}

static void update_picker(struct form *fm)
{
	fm->npick = 0;
	fm->pick_sel = 0;
	if (fm->cur < 0)
		return;
	const struct field_meta *m = &fm->fields[fm->cur];
	if (!has_picker(m->kind))
		return;
	char *text = lineedit_text(&fm->f[fm->cur].edit);
	str_trim(text);
	if (is_region(m->kind))
		pick_regions(fm, m, text);
	else if (m->kind == FK_REF)
		pick_refs(fm, m, text);
	else
		pick_choices(fm, m, text);
	free(text);
}

/* ---- moving and reading ---- */

void form_goto(struct form *fm, int i)
{
	if (i < 0 || (size_t)i >= fm->nfields)
		return;
	fm->cur = i;
	fm->f[i].edit.cur = fm->f[i].edit.len;
	fm->fresh = true;
	update_picker(fm);
}

/* After a region changed, the regions under it no longer fit: clear them. */
static void clear_below(struct form *fm, const struct field_meta *m)
{
	for (size_t i = 0; i < fm->nfields; i++) {
		enum field_kind k = fm->fields[i].kind;
		if ((m->kind == FK_KABKOTA && (k == FK_KECAMATAN || k == FK_DESA)) ||
		    (m->kind == FK_KECAMATAN && k == FK_DESA)) {
			record_set(&fm->rec, fm->fields[i].name, NULL);
			lineedit_set(&fm->f[i].edit, NULL);
			set_error(&fm->f[i], NULL, false);
		}
	}
}

/* Stores a value read for field i; the display is normalised. */
static void store_value(struct form *fm, int i, const char *value)
{
	const struct field_meta *m = &fm->fields[i];
	const char *old = record_get(&fm->rec, m->name);
	bool same = (!old && !value) || str_eq(old, value);
	if (!same) {
		record_set(&fm->rec, m->name, value);
		fm->dirty = true;
		if (is_region(m->kind))
			clear_below(fm, m);
		if (m->kind == FK_REF && fm->meta) {
			registry_derive_preview(fm->st, fm->meta, &fm->rec);
			for (size_t k = 0; k < fm->nfields; k++)
				if (fm->fields[k].derived)
					show_value(fm, (int)k);
		}
	}
	set_error(&fm->f[i], NULL, false);
	show_value(fm, i);
	if (!fm->meta)
		return;
	/* What the value decides (the sex from the NIK) shows at once. */
	if (!same && keying_fill(fm->st, fm->meta, &fm->rec, m->name))
		for (size_t k = 0; k < fm->nfields; k++)
			if ((int)k != i && !fm->f[k].touched)
				show_value(fm, (int)k);
	/* A business already registered with this NIK: beside it, as the clerk leaves it. */
	if (fm->meta->nik_field && str_eq(m->name, fm->meta->nik_field)) {
		struct strbuf sb = STRBUF_INIT;
		if (keying_same_nik(fm->st, fm->meta, &fm->rec, &sb) > 0)
			set_error(&fm->f[i], strbuf_str(&sb), true);
		strbuf_release(&sb);
	}
}

/* Takes the highlighted candidate of a picker when the clerk typed something. */
static bool take_pick(struct form *fm)
{
	struct form_field *ff = &fm->f[fm->cur];
	if (fm->npick == 0 || ff->edit.len == 0 || !ff->touched)
		return false;
	store_value(fm, fm->cur, fm->pick[fm->pick_sel].code);
	return true;
}

bool form_commit_current(struct form *fm)
{
	if (fm->cur < 0 || !editable(&fm->fields[fm->cur]))
		return true;
	if (take_pick(fm)) {
		fm->f[fm->cur].touched = false;
		return true;
	}
	const struct field_meta *m = &fm->fields[fm->cur];
	struct form_field *ff = &fm->f[fm->cur];
	if (!ff->touched && !ff->error)
		return true; /* the stored value stands; what is shown need not parse back */
	char *text = lineedit_text(&ff->edit);
	char *out = NULL;
	struct err e;
	err_clear(&e);
	bool ok = registry_parse(fm->st, &fm->rec, m, text, &out, &e);
	if (ok) {
		store_value(fm, fm->cur, out);
		ff->touched = false;
	} else {
		set_error(ff, e.msg, false);
	}
	free(out);
	free(text);
	return ok;
}

bool form_commit_all(struct form *fm)
{
	int keep = fm->cur;
	for (size_t i = 0; i < fm->nfields; i++) {
		if (!editable(&fm->fields[i]))
			continue;
		fm->cur = (int)i;
		fm->npick = 0;
		if (!form_commit_current(fm)) {
			form_goto(fm, (int)i);
			return false;
		}
	}
	form_goto(fm, keep);
	return true;
}

void form_show_issues(struct form *fm, const struct issues *is)
{
	for (size_t i = 0; i < fm->nfields; i++)
		set_error(&fm->f[i], NULL, false);
	for (size_t i = 0; i < is->n; i++) {
		int fi = is->v[i].field;
		if (fi < 0 || (size_t)fi >= fm->nfields)
			continue;
		struct form_field *ff = &fm->f[fi];
		bool warn = is->v[i].severity == ISSUE_WARNING;
		if (!ff->error || (ff->warning && !warn))
			set_error(ff, is->v[i].msg, warn);
	}
	/* The cursor to the first field at fault in the form's order: an error's,
	 * else (a save that asks) a warning's. */
	int first = -1;
	for (size_t i = 0; i < fm->nfields && first < 0; i++)
		if (fm->f[i].error && !fm->f[i].warning)
			first = (int)i;
	for (size_t i = 0; i < fm->nfields && first < 0; i++)
		if (fm->f[i].error)
			first = (int)i;
	if (first >= 0)
		form_goto(fm, first);
}

void form_next_record(struct form *fm)
{
	int first = -1;
	for (size_t i = 0; i < fm->nfields; i++) {
		const struct field_meta *m = &fm->fields[i];
		if (!m->persistent) {
			record_set(&fm->rec, m->name, NULL);
			lineedit_set(&fm->f[i].edit, NULL);
			if (first < 0 && editable(m))
				first = (int)i;
		}
		set_error(&fm->f[i], NULL, false);
		fm->f[i].touched = false;
	}
	/* The common fields (reg_no, deleted) of a new record are empty too. */
	struct record fresh;
	record_init(&fresh, fm->rec.ent);
	for (size_t i = 0; i < fm->nfields; i++)
		record_set(&fresh, fm->fields[i].name, record_get(&fm->rec, fm->fields[i].name));
	record_release(&fm->rec);
	fm->rec = fresh;
	fm->dirty = false;
	fm->top = 0;
	form_goto(fm, first < 0 ? 0 : first);
}

/* Moving forward passes over a field the model says is settled (the sex the
 * NIK says, a district office's own kabupaten/kota); back (Shift-Tab) reaches it. */
static bool passed_over(struct form *fm, int i, int dir)
{
	return dir > 0 && fm->meta && keying_settled(fm->st, fm->meta, &fm->rec, &fm->fields[i]);
}

static void step(struct form *fm, int dir)
{
	for (int i = fm->cur + dir; i >= 0 && (size_t)i < fm->nfields; i += dir)
		if (editable(&fm->fields[i]) && !passed_over(fm, i, dir)) {
			form_goto(fm, i);
			return;
		}
}

/* ---- keys ---- */

static int next_field(struct form *fm, struct tui *t)
{
	if (!form_commit_current(fm)) {
		tui_message(t, true, "%s", fm->f[fm->cur].error);
		return TUI_REDRAW;
	}
	int before = fm->cur;
	step(fm, +1);
	if (fm->cur == before && fm->one_record)
		tui_message(t, false, _("Last field: %s saves."), keymap_key_name(ACT_SAVE));
	else if (fm->cur == before)
		tui_message(t, false, _("Last field: %s saves, %s saves and starts the next record."),
			    keymap_key_name(ACT_SAVE), keymap_key_name(ACT_SAVE_NEXT));
	else if (fm->f[before].error && fm->f[before].warning)
		tui_message(t, true, "%s: %s", _(fm->fields[before].label), fm->f[before].error);
	return TUI_REDRAW;
}

static int prev_field(struct form *fm)
{
	form_commit_current(fm); /* an error stays shown beside the field */
	step(fm, -1);
	return TUI_REDRAW;
}

/* A key typed into a field: filtered by its kind; full fields move on. */

/* A choice code typed in full: as many digits as the list's codes have, naming one. */
static bool code_complete(const struct form_field *ff, const struct field_meta *m)
{
	char *text = lineedit_text(&ff->edit);
	char *end;
	long v = strtol(text, &end, 10);
	bool done = (int)strlen(text) == choice_digits(m) && *end == '\0' && v >= 1 &&
		    (size_t)v <= choice_count(m);
	free(text);
	return done;
}

/* A date typed in full: DDMMYYYY, or DD/MM/YYYY with any separators. */
static bool date_complete(const struct form_field *ff)
{
	char *text = lineedit_text(&ff->edit);
	size_t n = strlen(text), digits = 0;
	for (size_t i = 0; i < n; i++)
		digits += text[i] >= '0' && text[i] <= '9';
	bool done = (n == 8 && digits == 8) ||
		    (n == 10 && digits == 8 && !(text[2] >= '0' && text[2] <= '9') &&
		     !(text[5] >= '0' && text[5] <= '9'));
	free(text);
	return done;
}

/* A key the field refuses: a beep, and the message the caller set. */
static int refuse_key(void)
{
	beep();
	return TUI_REDRAW;
}

static int type_key(struct form *fm, struct tui *t, const struct tui_key *k)
{
	struct form_field *ff = &fm->f[fm->cur];
	const struct field_meta *m = ff->meta;
	int digits = fixed_digits(m);
	/* A key a field refuses is not dropped in silence: a clerk typing on from the
	 * paper form (a field moved on by itself) sees where the keys went. */
	if (!k->fn && k->code >= 0x20 && digits && (k->code < '0' || k->code > '9')) {
		tui_message(t, true, _("%s: digits only"), _(m->label));
		return refuse_key();
	}
	/* The first character typed into a field as it was entered replaces its
	 * value (a prefilled date, a kelurahan carried over); an editing key
	 * (Right, End, Backspace...) edits the value instead. */
	bool printable = !k->fn && k->code >= 0x20 && k->code != 0x7f;
	if (fm->fresh && printable && m->kind != FK_SEX && ff->edit.len > 0) {
		lineedit_set(&ff->edit, NULL);
		ff->touched = fm->dirty = true;
	}
	fm->fresh = false;
	if (!k->fn && digits && ff->edit.len >= digits) {
		tui_message(t, true, _("%s is complete; Backspace or C-u to correct it"), _(m->label));
		return refuse_key();
	}
	if (!k->fn && m->kind == FK_SEX && k->code >= 0x20) {
		int c = k->code;
		if (c != 'l' && c != 'L' && c != 'p' && c != 'P') {
			tui_message(t, true, _("%s: type L or P"), _(m->label));
			return refuse_key();
		}
		lineedit_set(&ff->edit, (c == 'l' || c == 'L') ? "L" : "P");
		ff->touched = fm->dirty = true;
		set_error(ff, NULL, false);
		return t->auto_advance ? next_field(fm, t) : TUI_REDRAW;
	}
	bool changed;
	if (!lineedit_key(&ff->edit, k, &changed))
		return TUI_UNHANDLED;
	if (!changed)
		return TUI_REDRAW;
	ff->touched = fm->dirty = true;
	set_error(ff, NULL, false);
	t->message[0] = '\0';
	update_picker(fm);
	if (!t->auto_advance)
		return TUI_REDRAW;
	if (digits && ff->edit.len == digits && ff->edit.cur == ff->edit.len)
		return next_field(fm, t);
	if (m->kind == FK_CHOICE && !k->fn && k->code >= '0' && k->code <= '9' && fm->npick >= 1 &&
	    ff->edit.cur == ff->edit.len && code_complete(ff, m))
		return next_field(fm, t);
	if (m->kind == FK_DATE && printable && ff->edit.cur == ff->edit.len && date_complete(ff))
		return next_field(fm, t);
	return TUI_REDRAW;
}

int form_key(struct form *fm, struct tui *t, enum action a, const struct tui_key *k)
{
	if (fm->cur < 0)
		return TUI_UNHANDLED;
	/* Up/Down always move between fields; a list's choices move with their own keys. */
	if (fm->npick > 0 && (a == ACT_CHOICE_PREV || a == ACT_CHOICE_NEXT)) {
		int n = fm->pick_sel + (a == ACT_CHOICE_PREV ? -1 : 1);
		if (n >= 0 && n < fm->npick)
			fm->pick_sel = n;
		fm->f[fm->cur].touched = true;
		return TUI_REDRAW;
	}
	switch (a) {
	case ACT_NEXT_FIELD:
	case ACT_DOWN:
		return next_field(fm, t);
	case ACT_PREV_FIELD:
	case ACT_UP:
		return prev_field(fm);
	case ACT_CHOICE_PREV:
	case ACT_CHOICE_NEXT:
		return TUI_REDRAW;
	case ACT_EDIT_VALUE: {
		/* Right/End move the cursor too; a key bound in the settings only edits. */
		fm->fresh = false;
		int r = type_key(fm, t, k);
		return r == TUI_UNHANDLED ? TUI_REDRAW : r;
	}
	case ACT_CLEAR_FIELD: {
		struct form_field *ff = &fm->f[fm->cur];
		fm->fresh = false;
		lineedit_set(&ff->edit, NULL);
		ff->touched = fm->dirty = true;
		update_picker(fm);
		return TUI_REDRAW;
	}
	default:
		return type_key(fm, t, k);
	}
}

/* ---- drawing ---- */

static int value_cols(const struct field_meta *m, int w)
{
	int c = (m->width < 12 ? 12 : m->width) + 1; /* the cursor after the last character */
	int most = w - VALUE_X - 18;
	return c > most ? most : c;
}

/* The hint of the current field: its own, or its choices by number. */
static void field_hint(const struct field_meta *m, struct strbuf *out)
{
	if (m->kind == FK_MULTI) {
		strbuf_adds(out, _("Numbers or names, separated by commas: "));
		for (size_t i = 0; m->choices[i].value; i++)
			strbuf_addf(out, "%s%0*zu %s", i ? ", " : "", choice_digits(m), i + 1,
				    _(m->choices[i].label));
		return;
	}
	if (m->kind == FK_CHOICE) {
		if (choice_digits(m) > 1)
			strbuf_addf(out, _("Code of %d digits (01) or first letters; %s/%s choose"),
				    choice_digits(m), keymap_key_name(ACT_CHOICE_PREV),
				    keymap_key_name(ACT_CHOICE_NEXT));
		else
			strbuf_addf(out, _("Code (1 digit) or first letters; %s/%s choose"),
				    keymap_key_name(ACT_CHOICE_PREV), keymap_key_name(ACT_CHOICE_NEXT));
		return;
	}
	if (is_region(m->kind)) {
		strbuf_addf(out, _("Type the first letters of the name; %s/%s choose"),
			    keymap_key_name(ACT_CHOICE_PREV), keymap_key_name(ACT_CHOICE_NEXT));
		return;
	}
	if (m->hint)
		strbuf_adds(out, _(m->hint));
}

static void draw_picker(struct form *fm, struct tui *t, int row, int y, int h, int w)
{
	if (fm->npick == 0)
		return;
	int bw = 44 < w - VALUE_X ? 44 : w - VALUE_X;
	int bh = fm->npick + 2;
	int by = row + 1;
	if (by + bh > y + h)
		by = row - bh;
	if (by < y)
		by = y;
	tui_box(t, by, VALUE_X, bh, bw, NULL);
	for (int i = 0; i < fm->npick; i++) {
		tui_attr(t, i == fm->pick_sel ? ATTR_SELECTED : ATTR_NORMAL);
		tui_text(by + 1 + i, VALUE_X + 1, bw - 2, fm->pick[i].name, true);
	}
	tui_attr(t, ATTR_NORMAL);
}

static void draw_field(struct form *fm, struct tui *t, int i, int row, int w, int *cur_x)
{
	const struct field_meta *m = &fm->fields[i];
	struct form_field *ff = &fm->f[i];
	char label[96];
	snprintf(label, sizeof(label), "%s%s", _(m->label), m->required ? " *" : "");
	tui_attr(t, i == fm->cur ? ATTR_TITLE : ATTR_NORMAL);
	tui_text(row, 0, LABEL_COLS, label, true);
	int vc = value_cols(m, w), len = lineedit_cols(&ff->edit);
	/* Another field's long value ("Warung Pecel Tiga Saudara (18.71-U-000013)")
	 * may use the room its message would take, when it has none. */
	if (i != fm->cur && !ff->error && len >= vc && w - VALUE_X - 1 > vc)
		vc = w - VALUE_X - 1;
	/* A value the first character typed replaces is shown selected. */
	bool replaces = i == fm->cur && fm->fresh && ff->edit.len > 0 && m->kind != FK_SEX;
	tui_attr(t, !editable(m) ? ATTR_DIM : replaces ? ATTR_SELECTED : ATTR_FIELD);
	struct lineedit shown = ff->edit;
	if (i != fm->cur)
		shown.cur = 0; /* other fields show their start */
	int x = lineedit_draw(&shown, row, VALUE_X, vc);
	if (i == fm->cur)
		*cur_x = x;
	if (ff->error) {
		tui_attr(t, ff->warning ? ATTR_WARNING : ATTR_ERROR);
		/* Beside another field's value, not after its whole column, so more of
		 * the message shows (the current field's is whole on the bottom line). */
		if (i != fm->cur && len + 1 < vc)
			vc = len + 1;
		int ex = VALUE_X + vc + 1;
		move(row, ex);
		addch('!');
		tui_text(row, ex + 1, w - ex - 1, ff->error, false);
	}
	tui_attr(t, ATTR_NORMAL);
}

void form_draw(struct form *fm, struct tui *t, int y, int h, int w)
{
	if (h < 1)
		return;
	if (fm->cur < fm->top)
		fm->top = fm->cur;
	if (fm->cur >= fm->top + h)
		fm->top = fm->cur - h + 1;
	int cur_row = -1, cur_x = -1;
	for (int r = 0; r < h && (size_t)(fm->top + r) < fm->nfields; r++) {
		int i = fm->top + r;
		draw_field(fm, t, i, y + r, w, &cur_x);
		if (i == fm->cur)
			cur_row = y + r;
	}
	if (cur_row < 0)
		return;
	if (t->message[0] == '\0') {
		struct form_field *ff = &fm->f[fm->cur];
		struct strbuf sb = STRBUF_INIT;
		if (ff->error)
			strbuf_adds(&sb, ff->error);
		else
			field_hint(ff->meta, &sb);
		tui_message(t, ff->error && !ff->warning, "%s", strbuf_str(&sb));
		strbuf_release(&sb);
	}
	draw_picker(fm, t, cur_row, y, h, w);
	tui_cursor(t, cur_row, cur_x);
}
