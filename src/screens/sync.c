/*
 * sync.c - Sinkronisasi: every known office with what waits to be sent to it and
 * when we last heard from it; bundles written to and read from a folder (the
 * removable media mounted now are offered, any other folder can be typed), with
 * a progress bar and the import's summary; at the province, approving a pending
 * office by the fingerprint read out over the phone, and revoking one; the
 * history of bundles sent and received; a verified backup of the database and
 * its keys into such a folder. The way to Konflik and Duplikat.
 * Everything is done by sync/ and store/; this file only shows and asks.
 */
#include <curses.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/i18n.h"
#include "model/duplicates.h"
#include "model/rights.h"
#include "screens/screens.h"
#include "store/conflict.h"
#include "sync/backup.h"
#include "sync/bundle.h"
#include "tui/widgets.h"

enum { ANS_EXPORT_DIR = 1, ANS_BACKUP_DIR, ANS_IMPORT_DIR, ANS_IMPORT_FILE, ANS_APPROVE, ANS_REVOKE, ANS_INFO };

#define HISTORY_MAX 50
#define OFFICE_ROWS 7
#define PICK_OTHER_MAX 400

struct office_item {
	char code[OFFICE_CODE_MAX];
	char name[128];
	char status[12];
	char fp[FINGERPRINT_SIZE];
	int64_t last_heard, last_sent, pending;
};

struct hist_item {
	bool out;
	char peer[OFFICE_CODE_MAX];
	char *file;
	int64_t at, ops_new, ops_known, ops_refused;
};

struct sync {
	struct office_item *offices;
	int n, sel, top;
	struct hist_item *hist;
	int nhist;
	int nconflicts, ndups;
	bool province;
	bool may_backup;                /* the officer may write a backup (model/rights.h) */
	char target[OFFICE_CODE_MAX];   /* the office an export or approval is for */
	char busy[160];                 /* long work under way: its text, or "" */
	long done, total;
	enum action now[24];
	unsigned long gen;
};

/* ---- loading ---- */

static void add_office(const struct office_row *o, void *arg)
{
	struct sync *sy = arg;
	if (str_eq(o->status, OFFICE_SELF))
		return;
	sy->offices = xrealloc(sy->offices, (size_t)(sy->n + 1) * sizeof(*sy->offices));
	struct office_item *it = &sy->offices[sy->n++];
	memset(it, 0, sizeof(*it));
	str_copy(it->code, o->code, sizeof(it->code));
	str_copy(it->name, o->name, sizeof(it->name));
	str_copy(it->status, o->status, sizeof(it->status));
	it->last_heard = o->last_heard;
	it->last_sent = o->last_sent;
	struct office_keys k;
	memset(&k, 0, sizeof(k));
	str_copy(k.code, o->code, sizeof(k.code));
	memcpy(k.sign_pk, o->sign_pk, sizeof(k.sign_pk));
	memcpy(k.box_pk, o->box_pk, sizeof(k.box_pk));
	office_fingerprint(&k, it->fp);
}

static void add_history(const struct bundle_log_entry *b, void *arg)
{
	struct sync *sy = arg;
	sy->hist = xrealloc(sy->hist, (size_t)(sy->nhist + 1) * sizeof(*sy->hist));
	struct hist_item *h = &sy->hist[sy->nhist++];
	h->out = str_eq(b->direction, "out");
	str_copy(h->peer, b->peer ? b->peer : "", sizeof(h->peer));
	const char *base = b->file ? strrchr(b->file, '/') : NULL;
	h->file = xstrdup(base ? base + 1 : b->file ? b->file : "");
	h->at = b->at;
	h->ops_new = b->ops_new;
	h->ops_known = b->ops_known;
	h->ops_refused = b->ops_refused;
}

static void count_conflict(const struct conflict *c, void *arg)
{
	(void)c;
	(void)arg;
}

static void count_pair(const struct dup_pair *p, void *arg)
{
	(void)p;
	(void)arg;
}

static void free_data(struct sync *sy)
{
	for (int i = 0; i < sy->nhist; i++)
		free(sy->hist[i].file);
	free(sy->hist);
	free(sy->offices);
	sy->hist = NULL;
	sy->offices = NULL;
	sy->n = sy->nhist = 0;
}

/* Reads the offices, the history and the counts again, keeping the selection. */
static void load(struct sync *sy, struct tui *t)
{
	struct store *st = t->app->st;
	char keep[OFFICE_CODE_MAX] = "";
	if (sy->sel < sy->n)
		str_copy(keep, sy->offices[sy->sel].code, sizeof(keep));
	free_data(sy);
	store_office_each(st, add_office, sy);
	for (int i = 0; i < sy->n; i++) {
		struct office_item *o = &sy->offices[i];
		o->pending = store_pending_for(st, o->code);
		if (!*o->name) { /* not approved yet: its name comes with its certificate */
			char *place = store_region_name(st, o->code);
			if (place)
				str_copy(o->name, place, sizeof(o->name));
			free(place);
		}
	}
	store_bundle_history(st, HISTORY_MAX, add_history, sy);
	sy->nconflicts = store_conflicts(st, NULL, NULL, count_conflict, NULL, NULL);
	sy->ndups = dup_list(st, count_pair, NULL, NULL);
	sy->province = sync_is_province(st);
	sy->may_backup = rights_may(st, t->app->officer, R_SCREEN_BACKUP);
	sy->sel = 0;
	for (int i = 0; i < sy->n; i++)
		if (str_eq(sy->offices[i].code, keep))
			sy->sel = i;
	sy->gen = t->generation;
}

static const struct office_item *selected(const struct sync *sy)
{
	return sy->sel >= 0 && sy->sel < sy->n ? &sy->offices[sy->sel] : NULL;
}

static bool sync_open(struct screen *s, struct tui *t, void *arg)
{
	(void)arg;
	load(s->state, t);
	return true;
}

static void sync_close(struct screen *s, struct tui *t)
{
	(void)t;
	free_data(s->state);
}

/* Without a selected office (the actions_now list holds more). */
static const enum action sync_actions[] = {
	ACT_IMPORT, ACT_BACKUP, ACT_CONFLICTS, ACT_DUPLICATES, ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};

static const enum action *sync_actions_now(struct screen *s)
{
	struct sync *sy = s->state;
	const struct office_item *o = selected(sy);
	int n = 0;
	if (o && (str_eq(o->status, OFFICE_APPROVED) || str_eq(o->status, OFFICE_PROVINCE)))
		sy->now[n++] = ACT_EXPORT;
	sy->now[n++] = ACT_IMPORT;
	if (o && sy->province && str_eq(o->status, OFFICE_PENDING))
		sy->now[n++] = ACT_APPROVE;
	if (o && sy->province && (str_eq(o->status, OFFICE_PENDING) || str_eq(o->status, OFFICE_APPROVED)))
		sy->now[n++] = ACT_REVOKE;
	static const enum action rest[] = {
		ACT_BACKUP, ACT_CONFLICTS, ACT_DUPLICATES, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN,
		ACT_FIRST, ACT_LAST, ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
	};
	for (size_t i = 0; i < ARRAY_SIZE(rest); i++)
		if (rest[i] != ACT_BACKUP || sy->may_backup)
			sy->now[n++] = rest[i];
	return sy->now;
}

/* ---- drawing ---- */

/* "28/05/2020 14:05" for a time in ms, or "-" for never. */
static const char *when_text(int64_t ms, char *buf, size_t size)
{
	if (ms <= 0)
		return "-";
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;
	localtime_r(&secs, &tm);
	strftime(buf, size, "%d/%m/%Y %H:%M", &tm);
	return buf;
}

static const char *status_text(const char *status)
{
	if (str_eq(status, OFFICE_PROVINCE))
		return _("province");
	if (str_eq(status, OFFICE_APPROVED))
		return _("approved");
	if (str_eq(status, OFFICE_PENDING))
		return _("not approved");
	if (str_eq(status, OFFICE_REVOKED))
		return _("revoked");
	return status;
}

/* Office list columns: code, name, status, to send, last heard. */
#define W_CODE 7
#define W_STATUS 15
#define W_PENDING 9
#define W_WHEN 16

static int office_name_cols(int w)
{
	return w - 2 - W_CODE - W_STATUS - W_PENDING - W_WHEN - 4;
}

static void office_row(struct tui *t, int y, int w, const char *cells[5], enum tui_attr attr)
{
	int cw[5] = { W_CODE, office_name_cols(w), W_STATUS, W_PENDING, W_WHEN };
	tui_attr(t, attr);
	int x = 1;
	for (int c = 0; c < 5; c++) {
		char cell[160];
		if (c == 3) /* numbers right-aligned */
			snprintf(cell, sizeof(cell), "%*s", cw[c] - 1, cells[c]);
		else
			str_copy(cell, cells[c], sizeof(cell));
		tui_text(y, x, cw[c], cell, true);
		if (c < 4)
			tui_text(y, x + cw[c], 1, " ", true);
		x += cw[c] + 1;
	}
	tui_attr(t, ATTR_NORMAL);
}

static void draw_offices(struct sync *sy, struct tui *t, int y, int rows, int w)
{
	const char *heads[5] = { _("Office"), _("Name"), _("Status"), _("To send"), _("Last heard") };
	int wname = office_name_cols(w);
	office_row(t, y, w, heads, ATTR_DIM);
	if (sy->n == 0) {
		char line[200];
		snprintf(line, sizeof(line), _("No other office is known yet: import a bundle (%s)."),
			 keymap_key_name(ACT_IMPORT));
		tui_text(y + 1, 2, w - 4, line, false);
		return;
	}
	if (sy->sel < sy->top)
		sy->top = sy->sel;
	if (sy->sel >= sy->top + rows)
		sy->top = sy->sel - rows + 1;
	for (int r = 0; r < rows && sy->top + r < sy->n; r++) {
		int i = sy->top + r;
		const struct office_item *o = &sy->offices[i];
		char pending[24], when[32];
		snprintf(pending, sizeof(pending), "%lld", (long long)o->pending);
		/* A name too long for its column drops the words it shares with ours
		 * ("Dinas Koperasi dan UMKM "), so the place shows. */
		const char *name = o->name;
		if (tui_text_cols(name) > wname)
			name += str_common_words(name, store_office_name(t->app->st));
		const char *cells[5] = { o->code, name, status_text(o->status), pending,
					 when_text(o->last_heard, when, sizeof(when)) };
		office_row(t, y + 1 + r, w, cells, i == sy->sel ? ATTR_SELECTED : ATTR_NORMAL);
	}
}

/* The selected office: fingerprint, last bundle sent, what to do when pending. */
static void draw_detail(struct sync *sy, struct tui *t, int y, int w)
{
	const struct office_item *o = selected(sy);
	if (!o)
		return;
	char when[32], line[256];
	snprintf(line, sizeof(line), _("Fingerprint of %s: %s    Last sent: %s"), o->code, o->fp,
		 when_text(o->last_sent, when, sizeof(when)));
	tui_text(y, 1, w - 2, line, false);
	line[0] = '\0';
	if (str_eq(o->status, OFFICE_PENDING) && sy->province)
		snprintf(line, sizeof(line), _("Not approved: check its fingerprint by phone, then %s"
					       " approves it."), keymap_key_name(ACT_APPROVE));
	else if (str_eq(o->status, OFFICE_PENDING))
		snprintf(line, sizeof(line), "%s", _("Not approved yet by the province."));
	else if (str_eq(o->status, OFFICE_REVOKED))
		snprintf(line, sizeof(line), "%s", _("Revoked: its bundles are refused."));
	tui_attr(t, ATTR_WARNING);
	tui_text(y + 1, 1, w - 2, line, false);
	tui_attr(t, ATTR_NORMAL);
}

static void draw_history(struct sync *sy, struct tui *t, int y, int h, int w)
{
	tui_attr(t, ATTR_WARNING);
	tui_text(y, 1, w - 2, _("Bundles sent and received"), false);
	tui_attr(t, ATTR_DIM);
	char line[512];
	snprintf(line, sizeof(line), "%-16s %-8s %-7s %7s %7s %7s  %s", _("When"), "", _("Office"),
		 _("New"), _("Known"), _("Refused"), _("File"));
	tui_text(y + 1, 1, w - 2, line, false);
	tui_attr(t, ATTR_NORMAL);
	if (sy->nhist == 0)
		tui_text(y + 2, 1, w - 2, _("No bundle sent or received yet."), false);
	for (int i = 0; i < sy->nhist && y + 2 + i < h; i++) {
		const struct hist_item *hi = &sy->hist[i];
		char when[32], known[24] = "", refused[24] = "";
		if (!hi->out) {
			snprintf(known, sizeof(known), "%lld", (long long)hi->ops_known);
			snprintf(refused, sizeof(refused), "%lld", (long long)hi->ops_refused);
		}
		/* The direction column is padded by display width (translations differ). */
		const char *dir = hi->out ? _("sent to") : _("from");
		char dircol[64];
		int pad = 8 - tui_text_cols(dir);
		snprintf(dircol, sizeof(dircol), "%s%*s", dir, pad > 0 ? pad : 0, "");
		snprintf(line, sizeof(line), "%-16s %s %-7s %7lld %7s %7s  %s",
			 when_text(hi->at, when, sizeof(when)), dircol, hi->peer, (long long)hi->ops_new,
			 known, refused, hi->file);
		tui_text(y + 2 + i, 1, w - 2, line, false);
	}
}

static void draw_busy(struct sync *sy, struct tui *t, int h, int w)
{
	int bw = w - 16, bh = 6;
	int by = (h - bh) / 2, bx = 8;
	tui_box(t, by, bx, bh, bw, _("Please wait"));
	tui_text(by + 2, bx + 2, bw - 4, sy->busy, true);
	tui_progress(t, by + 3, bx + 2, bw - 4, sy->done, sy->total);
}

static void sync_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct sync *sy = s->state;
	struct store *st = t->app->st;
	if (sy->gen != t->generation)
		load(sy, t);
	char left[256];
	snprintf(left, sizeof(left), _(" Synchronisation - office %s (%s)"),
		 store_office_code(st) ? store_office_code(st) : "",
		 store_office_name(st) ? store_office_name(st) : "");
	tui_bar(t, 0, w, left, NULL);
	char line[256];
	char kc[16], kd[16]; /* keymap_key_name's buffer is static: one at a time */
	str_copy(kc, keymap_key_name(ACT_CONFLICTS), sizeof(kc));
	str_copy(kd, keymap_key_name(ACT_DUPLICATES), sizeof(kd));
	snprintf(line, sizeof(line), _("Unresolved conflicts: %d (%s)    Possible duplicates: %d (%s)"),
		 sy->nconflicts < 0 ? 0 : sy->nconflicts, kc, sy->ndups < 0 ? 0 : sy->ndups, kd);
	tui_attr(t, sy->nconflicts > 0 || sy->ndups > 0 ? ATTR_WARNING : ATTR_NORMAL);
	tui_text(1, 1, w - 2, line, false);
	tui_attr(t, ATTR_NORMAL);
	int rows = sy->n < OFFICE_ROWS ? (sy->n > 0 ? sy->n : 1) : OFFICE_ROWS;
	draw_offices(sy, t, 3, rows, w);
	int y = 3 + 1 + rows + 1;
	draw_detail(sy, t, y, w);
	draw_history(sy, t, y + 3, h, w);
	if (sy->busy[0])
		draw_busy(sy, t, h, w);
}

/* ---- the folder and file picker (an overlay answering the sync screen) ---- */

struct picker_arg {
	int id;
	const char *title;
	char **items;        /* the values answered */
	char **labels;       /* shown, or NULL: the items */
	size_t n;
	bool other;          /* a last line to type another folder */
	int sel;             /* the line chosen first */
	const char *typed;   /* the other folder's text, or NULL */
	const char *error;   /* why the last answer was refused, or NULL */
};

struct picker {
	int id;
	char *title;
	char **items, **labels;
	int n, sel, top;
	bool other;
	struct lineedit edit;
	char *error;
};

static const enum action picker_actions[] = {
	ACT_OPEN, ACT_UP, ACT_DOWN, ACT_FIRST, ACT_LAST, ACT_CLEAR_FIELD, ACT_BACK, ACT_HELP,
	ACT_QUIT, ACT_NONE
};

static const struct screen_ops picker_ops;

static int picker_lines(const struct picker *p)
{
	return p->n + (p->other ? 1 : 0);
}

static bool picker_open(struct screen *s, struct tui *t, void *arg)
{
	(void)t;
	struct picker *p = s->state;
	const struct picker_arg *a = arg;
	p->id = a->id;
	p->title = xstrdup(a->title);
	p->n = (int)a->n;
	p->items = xcalloc(a->n + 1, sizeof(char *));
	p->labels = xcalloc(a->n + 1, sizeof(char *));
	for (size_t i = 0; i < a->n; i++) {
		p->items[i] = xstrdup(a->items[i]);
		p->labels[i] = xstrdup(a->labels ? a->labels[i] : a->items[i]);
	}
	p->other = a->other;
	lineedit_init(&p->edit, PICK_OTHER_MAX, a->typed);
	p->sel = a->sel >= 0 && a->sel < picker_lines(p) ? a->sel : 0;
	p->error = a->error ? xstrdup(a->error) : NULL;
	return true;
}

static void picker_close(struct screen *s, struct tui *t)
{
	(void)t;
	struct picker *p = s->state;
	for (int i = 0; i < p->n; i++) {
		free(p->items[i]);
		free(p->labels[i]);
	}
	free(p->items);
	free(p->labels);
	free(p->title);
	free(p->error);
	lineedit_release(&p->edit);
}

static void picker_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct picker *p = s->state;
	int lines = picker_lines(p);
	int bw = w - 8;
	int erows = p->error ? tui_wrap(p->error, bw - 4, -1, 0, 3, false) : 0;
	int extra = erows ? erows + 1 : 0;
	int rows = lines < h - 8 - extra ? lines : h - 8 - extra;
	int bh = rows + 5 + extra;
	int by = (h - bh) / 2, bx = 4;
	tui_box(t, by, bx, bh, bw, p->title);
	const char *how = !p->other ? _("Choose with Up/Down and Enter.")
		: p->n ? _("Choose a folder with Up/Down and Enter, or type another one.")
		: _("No USB stick under /media or /run/media: type a folder.");
	tui_text(by + 1, bx + 2, bw - 4, how, false);
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + rows)
		p->top = p->sel - rows + 1;
	for (int r = 0; r < rows && p->top + r < lines; r++) {
		int i = p->top + r;
		int y = by + 3 + r;
		tui_attr(t, i == p->sel ? ATTR_SELECTED : ATTR_NORMAL);
		if (i < p->n) {
			tui_text(y, bx + 2, bw - 4, p->labels[i], true);
			continue;
		}
		const char *label = _("Other folder: ");
		int lc = tui_text(y, bx + 2, bw - 4, label, false);
		tui_attr(t, ATTR_FIELD);
		int cx = lineedit_draw(&p->edit, y, bx + 2 + lc, bw - 4 - lc);
		if (i == p->sel)
			tui_cursor(t, y, cx);
	}
	if (p->error) {
		tui_attr(t, ATTR_ERROR);
		tui_wrap(p->error, bw - 4, by + 4 + rows, bx + 2, erows, false);
	}
	tui_attr(t, ATTR_NORMAL);
}

/* A typed folder: "~/x" is under $HOME; trailing blanks dropped. Caller frees. */
static char *typed_folder(const struct lineedit *le)
{
	char *text = lineedit_text(le);
	str_trim(text);
	if (text[0] == '~' && (text[1] == '/' || text[1] == '\0') && getenv("HOME")) {
		char *full = xasprintf("%s%s", getenv("HOME"), text + 1);
		free(text);
		return full;
	}
	return text;
}

static int picker_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	struct picker *p = s->state;
	int lines = picker_lines(p);
	bool on_other = p->other && p->sel == p->n;
	switch (a) {
	case ACT_UP:
		p->sel = p->sel > 0 ? p->sel - 1 : 0;
		return TUI_REDRAW;
	case ACT_DOWN:
		p->sel = p->sel + 1 < lines ? p->sel + 1 : lines - 1;
		return TUI_REDRAW;
	case ACT_FIRST:
		if (on_other)
			break;
		p->sel = 0;
		return TUI_REDRAW;
	case ACT_LAST:
		if (on_other)
			break;
		p->sel = lines - 1;
		return TUI_REDRAW;
	case ACT_BACK:
		tui_pop(t);
		return TUI_REDRAW;
	case ACT_OPEN: {
		char *value = on_other ? typed_folder(&p->edit) : xstrdup(p->items[p->sel]);
		if (!*value) {
			free(value);
			tui_message(t, true, "%s", _("Type a folder first."));
			return TUI_REDRAW;
		}
		/* p is gone after the answer: what a second ask needs is kept first. */
		struct picker_arg again = { p->id, xstrdup(p->title), p->items, p->labels, (size_t)p->n,
					    p->other, p->sel, on_other ? value : NULL, NULL };
		p->items = p->labels = NULL;
		p->n = 0;
		int flags = tui_answer(t, again.id, true, value);
		if (flags & TUI_REASK) {
			/* The answer refused the folder: the picker again, the message inside. */
			again.error = t->message_error ? t->message : NULL;
			tui_push(t, &picker_ops, &again);
			t->message[0] = '\0';
		}
		for (size_t i = 0; i < again.n; i++) {
			free(again.items[i]);
			free(again.labels[i]);
		}
		free(again.items);
		free(again.labels);
		free((char *)again.title);
		free(value);
		return flags & ~TUI_REASK;
	}
	default:
		break;
	}
	if (!p->other)
		return TUI_UNHANDLED;
	if (a == ACT_CLEAR_FIELD) {
		lineedit_set(&p->edit, NULL);
		p->sel = p->n;
		return TUI_REDRAW;
	}
	/* Typing goes to the last line, wherever the selection was. */
	if (!on_other && (k->fn || k->code < 0x20))
		return TUI_UNHANDLED;
	bool changed;
	if (!lineedit_key(&p->edit, k, &changed))
		return TUI_UNHANDLED;
	p->sel = p->n;
	return TUI_REDRAW;
}

static const struct screen_ops picker_ops = {
	.name = "picker",
	.state_size = sizeof(struct picker),
	.overlay = true,
	.actions = picker_actions,
	.open = picker_open,
	.draw = picker_draw,
	.key = picker_key,
	.close = picker_close,
};

/* Offers the removable media's folders, and another typed one. */
static void pick_folder(struct tui *t, int id, const char *title)
{
	char **dirs = NULL;
	size_t n = sync_removable_dirs(&dirs);
	struct picker_arg a = { id, title, dirs, NULL, n, true, 0, NULL, NULL };
	tui_push(t, &picker_ops, &a);
	sync_free_dirs(dirs, n);
}

/* ---- the work ---- */

static void busy_start(struct sync *sy, struct tui *t, const char *text, long total)
{
	str_copy(sy->busy, text, sizeof(sy->busy));
	sy->done = 0;
	sy->total = total;
	tui_flush(t);
}

static void busy_end(struct sync *sy)
{
	sy->busy[0] = '\0';
}

struct busy_ctx {
	struct sync *sy;
	struct tui *t;
};

/* The store's progress during an export or import: the bar follows the changes. */
static void busy_progress(int64_t done, int64_t total, void *arg)
{
	struct busy_ctx *c = arg;
	c->sy->done = (long)done;
	c->sy->total = (long)(total > 0 ? total : done);
	tui_flush(c->t);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static void do_export(struct sync *sy, struct tui *t, const char *dir)
{
	char text[160];
	snprintf(text, sizeof(text), _("Writing the bundle for office %s into %s ..."), sy->target, dir);
	busy_start(sy, t, text, 2);
	struct err e;
	err_clear(&e);
	char *written = NULL;
	struct bundle_build_stats stats = { 0, 0 };
	struct busy_ctx bc = { sy, t };
	store_progress(t->app->st, busy_progress, &bc);
	bool ok = sync_export(t->app->st, t->app->db_path, sy->target, NULL, dir, &written, &stats, &e);
	store_progress(t->app->st, NULL, NULL);
	busy_end(sy);
	if (!ok) {
		dialog_message(t, ANS_INFO, _("Export failed"), e.msg);
	} else {
		tui_message(t, false, _("%lld changes for office %s written: %s"), (long long)stats.ops,
			    sy->target, base_name(written));
		free(written);
	}
	t->generation++;
}

/* A backup into a folder: bantu-backup-OFFICE-YYYYMMDD-HHMMSS.db and its .keys.
 * On a fault (full, read-only or removed stick) the message says so, nothing is
 * left behind, and the screen stays for another try. */
static void do_backup(struct sync *sy, struct tui *t, const char *dir)
{
	char text[160];
	snprintf(text, sizeof(text), _("Writing a backup into %s ..."), dir);
	busy_start(sy, t, text, 0);
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	char *path = xasprintf("%s/bantu-backup-%s-%s.db", dir, store_office_code(t->app->st), stamp);
	struct err e;
	err_clear(&e);
	struct backup_summary sum;
	bool with_keys = false;
	bool ok = sync_backup(t->app->st, t->app->db_path, path, &sum, &with_keys, &e);
	busy_end(sy);
	if (!ok)
		dialog_message(t, ANS_INFO, _("Backup failed"), e.msg);
	else if (with_keys)
		tui_message(t, false, _("Backup written and verified (%lld records): %s and its .keys"),
			    (long long)sum.records, base_name(path));
	else
		tui_message(t, true, _("Backup written and verified (%lld records): %s; no key file"
				       " beside the database to copy"), (long long)sum.records,
			    base_name(path));
	free(path);
}

/* The summary of an import, as lines for a message. Caller frees. */
static char *summary_text(const char *file, const struct bundle_summary *s, bool clock_behind)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, _("%s imported."), base_name(file));
	strbuf_adds(&sb, "\n");
	strbuf_addf(&sb, _("Changes: %lld new, %lld already known, %lld refused."),
		    (long long)s->ops_new, (long long)s->ops_known, (long long)s->ops_refused);
	strbuf_adds(&sb, "\n");
	strbuf_addf(&sb, _("Records: %lld added, %lld changed."), (long long)s->records_added,
		    (long long)s->records_changed);
	strbuf_adds(&sb, "\n");
	strbuf_addf(&sb, _("Conflicts to review: %lld."), (long long)s->conflicts);
	if (s->ops_refused > 0 && s->refused_why[0]) {
		strbuf_adds(&sb, "\n");
		strbuf_addf(&sb, _("Refused: %s"), s->refused_why);
	}
	if (clock_behind) {
		strbuf_adds(&sb, "\n");
		strbuf_adds(&sb, _("Warning: this computer's clock is behind changes already recorded;"
				   " set the date."));
	}
	return strbuf_detach(&sb);
}

static void do_import(struct sync *sy, struct tui *t, const char *file)
{
	char text[160];
	snprintf(text, sizeof(text), _("Importing %s ..."), base_name(file));
	busy_start(sy, t, text, 2);
	struct err e;
	err_clear(&e);
	struct bundle_summary sum;
	memset(&sum, 0, sizeof(sum));
	struct busy_ctx bc = { sy, t };
	store_progress(t->app->st, busy_progress, &bc);
	bool ok = sync_import(t->app->st, t->app->db_path, file, &sum, &e);
	store_progress(t->app->st, NULL, NULL);
	busy_end(sy);
	t->generation++;
	load(sy, t);
	if (!ok) {
		/* A first bundle from a district leaves it pending: show it, with its fingerprint. */
		for (int i = 0; i < sy->n; i++)
			if (str_eq(sy->offices[i].status, OFFICE_PENDING) && strstr(e.msg, sy->offices[i].code))
				sy->sel = i;
		dialog_message(t, ANS_INFO, _("Import refused"), e.msg);
		return;
	}
	char *summary = summary_text(file, &sum, store_clock_behind(t->app->st));
	dialog_message(t, ANS_INFO, _("Import done"), summary);
	free(summary);
}

static bool pick_bundle(struct sync *sy, struct tui *t, const char *dir)
{
	(void)sy;
	char **files = NULL;
	struct err e;
	err_clear(&e);
	char **why = NULL;
	size_t others = 0;
	size_t n = sync_bundles_in(t->app->st, dir, &files, &why, &others, &e);
	if (n == 0) {
		if (e.code)
			tui_message(t, true, "%s", e.msg);
		else if (others) /* the stick of another office? */
			tui_message(t, true, ngettext("No bundle for office %s in %s; %lu bundle there is for"
						      " another office.",
						      "No bundle for office %s in %s; %lu bundles there are"
						      " for other offices.", others),
				    store_office_code(t->app->st), dir, (unsigned long)others);
		else
			tui_message(t, true, _("No bundle for office %s in %s."), store_office_code(t->app->st),
				    dir);
		return false;
	}
	/* A damaged file is offered too, saying what is wrong: its import is refused
	 * with the reason, where leaving it out would say "no bundle". */
	char **labels = xcalloc(n, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		labels[i] = why[i] ? xasprintf("%s: %s", base_name(files[i]), why[i])
				   : xstrdup(base_name(files[i]));
	char title[256];
	snprintf(title, sizeof(title), _("Bundles for office %s in %s"), store_office_code(t->app->st),
		 dir);
	struct picker_arg a = { ANS_IMPORT_FILE, title, files, labels, n, false, 0, NULL, NULL };
	tui_push(t, &picker_ops, &a);
	sync_free_dirs(labels, n);
	sync_free_dirs(why, n);
	sync_free_dirs(files, n);
	return true;
}

/* A fingerprint as typed over the phone: letters in capitals, in groups of four.
 * Anything that is not a letter or digit (spaces, dashes) is dropped first. */
static void normalise_fingerprint(const char *typed, char out[FINGERPRINT_SIZE])
{
	char raw[FINGERPRINT_SIZE];
	size_t n = 0;
	for (const char *p = typed; *p && n + 1 < sizeof(raw); p++)
		if (isalnum((unsigned char)*p))
			raw[n++] = (char)toupper((unsigned char)*p);
	raw[n] = '\0';
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < FINGERPRINT_SIZE; i++) {
		if (i && i % 4 == 0 && o + 2 < FINGERPRINT_SIZE)
			out[o++] = '-';
		out[o++] = raw[i];
	}
	out[o] = '\0';
}

static void ask_approve(struct sync *sy, struct tui *t)
{
	const struct office_item *o = selected(sy);
	if (!o)
		return;
	str_copy(sy->target, o->code, sizeof(sy->target));
	char *q = xasprintf(_("Office %s shows the fingerprint %s here.\nAsk that office to read"
			      " out its own fingerprint (bantu keys fingerprint) and type it:"),
			    o->code, o->fp);
	dialog_prompt(t, ANS_APPROVE, _("Approve an office"), q);
	free(q);
}

/* False (message set) when not approved: a fingerprint that differs, mistyped or not. */
static bool do_approve(struct sync *sy, struct tui *t, const char *typed)
{
	char fp[FINGERPRINT_SIZE];
	normalise_fingerprint(typed ? typed : "", fp);
	struct err e;
	err_clear(&e);
	if (!sync_office_approve(t->app->st, t->app->db_path, sy->target, fp, &e)) {
		tui_message(t, true, "%s", e.msg);
		return false;
	}
	t->generation++;
	tui_message(t, false, _("Office %s approved; the next bundle to it carries its certificate."),
		    sy->target);
	return true;
}

static void ask_revoke(struct sync *sy, struct tui *t)
{
	const struct office_item *o = selected(sy);
	if (!o)
		return;
	str_copy(sy->target, o->code, sizeof(sy->target));
	char *q = xasprintf(_("Revoke office %s? Its later bundles will be refused; what it sent"
			      " before stays."), o->code);
	dialog_confirm(t, ANS_REVOKE, _("Revoke an office"), q);
	free(q);
}

static void do_revoke(struct sync *sy, struct tui *t)
{
	struct err e;
	err_clear(&e);
	if (!sync_office_revoke(t->app->st, sy->target, &e)) {
		tui_message(t, true, "%s", e.msg);
		return;
	}
	t->generation++;
	tui_message(t, false, _("Office %s revoked."), sy->target);
}

static int sync_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	struct sync *sy = s->state;
	const struct office_item *o = selected(sy);
	int page = OFFICE_ROWS;
	/* The backup key of a role without it (not offered): says why. */
	if (a == ACT_NONE && !sy->may_backup && keymap_lookup(sync_actions, k) == ACT_BACKUP)
		a = ACT_BACKUP;
	switch (a) {
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
	case ACT_FIRST:
	case ACT_LAST:
		sy->sel += a == ACT_UP ? -1 : a == ACT_DOWN ? 1 : a == ACT_PAGE_UP ? -page
			 : a == ACT_PAGE_DOWN ? page : a == ACT_FIRST ? -sy->n : sy->n;
		if (sy->sel >= sy->n)
			sy->sel = sy->n - 1;
		if (sy->sel < 0)
			sy->sel = 0;
		return TUI_REDRAW;
	case ACT_EXPORT: {
		if (!o)
			return TUI_HANDLED;
		str_copy(sy->target, o->code, sizeof(sy->target));
		char title[128];
		snprintf(title, sizeof(title), _("Export to office %s: choose a folder"), o->code);
		pick_folder(t, ANS_EXPORT_DIR, title);
		return TUI_REDRAW;
	}
	case ACT_BACKUP: {
		/* A backup copies the office's secret keys: the admin's (model/rights.h). */
		struct err e = { 0 };
		if (!rights_require(t->app->st, t->app->officer, R_SCREEN_BACKUP, &e)) {
			tui_message(t, true, "%s", e.msg);
			return TUI_REDRAW;
		}
		pick_folder(t, ANS_BACKUP_DIR, _("Backup: choose a folder (a USB stick)"));
		return TUI_REDRAW;
	}
	case ACT_IMPORT:
		pick_folder(t, ANS_IMPORT_DIR, _("Import: choose the folder with the bundle"));
		return TUI_REDRAW;
	case ACT_APPROVE:
		ask_approve(sy, t);
		return TUI_REDRAW;
	case ACT_REVOKE:
		ask_revoke(sy, t);
		return TUI_REDRAW;
	case ACT_CONFLICTS:
		tui_push(t, &screen_conflict, NULL);
		return TUI_REDRAW;
	case ACT_DUPLICATES:
		tui_push(t, &screen_duplicate, NULL);
		return TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

static int sync_answer(struct screen *s, struct tui *t, int id, bool yes, const char *text)
{
	struct sync *sy = s->state;
	if (!yes)
		return TUI_REDRAW;
	switch (id) {
	case ANS_EXPORT_DIR:
		do_export(sy, t, text);
		break;
	case ANS_BACKUP_DIR:
		do_backup(sy, t, text);
		break;
	case ANS_IMPORT_DIR:
		if (!pick_bundle(sy, t, text))
			return TUI_REDRAW | TUI_REASK; /* another folder typed or chosen there */
		break;
	case ANS_IMPORT_FILE:
		do_import(sy, t, text);
		break;
	case ANS_APPROVE:
		if (!do_approve(sy, t, text))
			return TUI_REDRAW | TUI_REASK; /* a mistyped fingerprint is corrected there */
		break;
	case ANS_REVOKE:
		do_revoke(sy, t);
		break;
	default:
		break;
	}
	return TUI_REDRAW;
}

const struct screen_ops screen_sync = {
	.name = "sync",
	.state_size = sizeof(struct sync),
	.actions = sync_actions,
	.actions_now = sync_actions_now,
	.open = sync_open,
	.draw = sync_draw,
	.key = sync_key,
	.answer = sync_answer,
	.close = sync_close,
};
