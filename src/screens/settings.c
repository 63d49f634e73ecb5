/*
 * settings.c - Pengaturan: a menu of the office's settings, the officers'
 * accounts (admin), the settings in effect with where each came from, and the
 * way to the office keys and approvals (the Sinkronisasi screen has them).
 * Every change goes through the model (model/auth.c), which refuses what the
 * officer's role does not allow; a refusal is shown as a message.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/i18n.h"
#include "model/rights.h"
#include "model/shared_settings.h"
#include "screens/screens.h"
#include "store/account.h"
#include "tui/widgets.h"

/* ---- the menu ---- */

enum { ITEM_ACCOUNTS, ITEM_OFFICE, ITEM_LANGUAGE, ITEM_CONFIG, ITEM_KEYS, NMENU };

static const char *const menu_labels[NMENU] = {
	N_("Officers' accounts"),
	N_("Office identity"),
	N_("Language"),
	N_("Settings in effect"),
	N_("Office keys and approvals"),
};

struct settings {
	int sel;
};

static const enum action settings_actions[] = {
	ACT_OPEN, ACT_UP, ACT_DOWN, ACT_BACK, ACT_HELP, ACT_QUIT, ACT_NONE
};

static bool may_admin(struct tui *t)
{
	return rights_may(t->app->st, t->app->officer, R_SCREEN_ACCOUNTS);
}

static void settings_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct settings *st = s->state;
	(void)h;
	tui_bar(t, 0, w, _(" Settings"), store_office_code(t->app->st));
	int lw = 0; /* the items' column: the longest item, then its note */
	for (int i = 0; i < NMENU; i++) {
		int c = tui_text_cols(_(menu_labels[i])) + 4;
		lw = c > lw ? c : lw;
	}
	for (int i = 0; i < NMENU; i++) {
		char line[128];
		snprintf(line, sizeof(line), "%d  %s", i + 1, _(menu_labels[i]));
		tui_attr(t, i == st->sel ? ATTR_SELECTED : ATTR_NORMAL);
		tui_text(2 + i, 6, lw, line, true);
		tui_attr(t, ATTR_DIM);
		char note[160] = "";
		if (i == ITEM_ACCOUNTS && !may_admin(t))
			snprintf(note, sizeof(note), "%s", _("admin only"));
		else if (i == ITEM_LANGUAGE)
			snprintf(note, sizeof(note), _("%s (Enter: switch)"),
				 str_eq(config_str(t->app->cfg, "language"), "en") ? "English"
										    : "Bahasa Indonesia");
		else if (i == ITEM_KEYS)
			snprintf(note, sizeof(note), "%s", _("on the Synchronisation screen"));
		tui_text(2 + i, 6 + lw + 3, w - lw - 10, note, false);
		tui_attr(t, ATTR_NORMAL);
	}
	char who[256];
	struct account a;
	if (store_account_get(t->app->st, t->app->officer, &a))
		snprintf(who, sizeof(who), _("Working as %s (%s), role %s."), a.name, a.username, a.role);
	else
		snprintf(who, sizeof(who), _("Working as %s; this database has no accounts (no login)."),
			 t->app->officer ? t->app->officer : "?");
	tui_text(3 + NMENU, 6, w - 8, who, false);
}

static int open_menu_item(struct tui *t, int i)
{
	struct app *app = t->app;
	if (i == ITEM_ACCOUNTS) {
		tui_push(t, &screen_accounts, NULL);
	} else if (i == ITEM_OFFICE) {
		char *text = xasprintf(_("Office: %s (%s)\nDatabase: %s\nReplica: %lld\n\nThe office"
					 " is set when the database is made (bantu init)."),
				       store_office_name(app->st), store_office_code(app->st),
				       store_path(app->st), (long long)store_replica_id(app->st));
		dialog_message(t, 0, _("Office identity"), text);
		free(text);
	} else if (i == ITEM_LANGUAGE) {
		const char *next = str_eq(config_str(app->cfg, "language"), "en") ? "id" : "en";
		struct err e = { 0 };
		if (config_set(app->cfg, "language", next, &e)) {
			i18n_init(next);
			t->generation++;
			tui_message(t, false, "%s", _("Language changed for this session; set"
						      " 'language:' in the settings file to keep it."));
		} else {
			tui_message(t, true, "%s", e.msg);
		}
	} else if (i == ITEM_CONFIG) {
		tui_push(t, &screen_config, NULL);
	} else if (i == ITEM_KEYS) {
		tui_push(t, &screen_sync, NULL);
	}
	return TUI_REDRAW;
}

static int settings_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	struct settings *st = s->state;
	switch (a) {
	case ACT_OPEN:
		return open_menu_item(t, st->sel);
	case ACT_UP:
		st->sel = (st->sel + NMENU - 1) % NMENU;
		return TUI_REDRAW;
	case ACT_DOWN:
		st->sel = (st->sel + 1) % NMENU;
		return TUI_REDRAW;
	case ACT_BACK:
		tui_pop(t);
		return TUI_REDRAW;
	default:
		break;
	}
	if (!k->fn && k->code >= '1' && k->code < '1' + NMENU) {
		st->sel = k->code - '1';
		return open_menu_item(t, st->sel);
	}
	return TUI_UNHANDLED;
}

const struct screen_ops screen_settings = {
	.name = "settings",
	.state_size = sizeof(struct settings),
	.actions = settings_actions,
	.draw = settings_draw,
	.key = settings_key,
};

/* ---- accounts ---- */

enum { ANS_USER = 1, ANS_NAME, ANS_ROLE, ANS_PIN, ANS_PIN2, ANS_SET_ROLE, ANS_NEW_PIN,
       ANS_NEW_PIN2, ANS_DISABLE };

struct accounts {
	struct account *a;
	int n, cap, sel, top;
	char *user, *name, *role, *pin;   /* answers so far of an add or a new PIN */
};

static const enum action accounts_actions[] = {
	ACT_ADD, ACT_SET_ROLE, ACT_RESET_PIN, ACT_DISABLE, ACT_UP, ACT_DOWN, ACT_BACK, ACT_HELP,
	ACT_QUIT, ACT_NONE
};

static void collect_account(const struct account *a, void *arg)
{
	struct accounts *ac = arg;
	if (ac->n == ac->cap) {
		ac->cap = ac->cap ? ac->cap * 2 : 16;
		ac->a = xrealloc(ac->a, (size_t)ac->cap * sizeof(*ac->a));
	}
	ac->a[ac->n++] = *a;
}

static void reload_accounts(struct accounts *ac, struct tui *t)
{
	ac->n = 0;
	struct err e = { 0 };
	if (!store_account_each(t->app->st, collect_account, ac, &e))
		tui_message(t, true, "%s", e.msg);
	if (ac->sel >= ac->n)
		ac->sel = ac->n ? ac->n - 1 : 0;
}

static void forget_answers(struct accounts *ac)
{
	free(ac->user);
	free(ac->name);
	free(ac->role);
	if (ac->pin)
		memset(ac->pin, 0, strlen(ac->pin));
	free(ac->pin);
	ac->user = ac->name = ac->role = ac->pin = NULL;
}

static bool accounts_open(struct screen *s, struct tui *t, void *arg)
{
	(void)arg;
	struct accounts *ac = s->state;
	struct err e = { 0 };
	if (auth_accounts_exist(t->app->st) &&
	    !rights_require(t->app->st, t->app->officer, R_SCREEN_ACCOUNTS, &e)) {
		tui_message(t, true, "%s", e.msg);
		return false;
	}
	reload_accounts(ac, t);
	if (ac->n == 0)
		tui_message(t, false, _("No accounts: anyone may use this laptop. %s adds the first"
					" (an admin); from then on Bantu starts with a login."),
			    keymap_key_name(ACT_ADD));
	return true;
}

static void accounts_close(struct screen *s, struct tui *t)
{
	(void)t;
	struct accounts *ac = s->state;
	forget_answers(ac);
	free(ac->a);
}

static void accounts_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct accounts *ac = s->state;
	tui_bar(t, 0, w, _(" Officers' accounts"), store_office_code(t->app->st));
	char line[256];
	tui_attr(t, ATTR_DIM);
	snprintf(line, sizeof(line), "%-16s %-10s %-10s %s", _("Username"), _("Role"), _("State"),
		 _("Name"));
	tui_text(2, 2, w - 4, line, false);
	tui_attr(t, ATTR_NORMAL);
	int rows = h - 8;
	if (ac->sel < ac->top)
		ac->top = ac->sel;
	if (ac->sel >= ac->top + rows)
		ac->top = ac->sel - rows + 1;
	for (int i = ac->top; i < ac->n && i - ac->top < rows; i++) {
		const struct account *a = &ac->a[i];
		const char *state = a->disabled ? _("disabled") : a->locked ? _("locked") : _("active");
		snprintf(line, sizeof(line), "%-16s %-10s %-10s %s", a->username, a->role, state, a->name);
		tui_attr(t, i == ac->sel ? ATTR_SELECTED : ATTR_NORMAL);
		tui_text(3 + i - ac->top, 2, w - 4, line, true);
	}
	tui_attr(t, ATTR_DIM);
	for (int r = 0; r < ROLE_COUNT; r++)
		tui_text(h - 4 + r, 2, w - 4, auth_role_text((enum auth_role)r), false);
	tui_attr(t, ATTR_NORMAL);
}

static const struct account *chosen(struct accounts *ac)
{
	return ac->sel < ac->n ? &ac->a[ac->sel] : NULL;
}

static int accounts_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	(void)k;
	struct accounts *ac = s->state;
	const struct account *cur = chosen(ac);
	char q[256];
	switch (a) {
	case ACT_UP:
		if (ac->sel > 0)
			ac->sel--;
		return TUI_REDRAW;
	case ACT_DOWN:
		if (ac->sel + 1 < ac->n)
			ac->sel++;
		return TUI_REDRAW;
	case ACT_BACK:
		tui_pop(t);
		return TUI_REDRAW;
	case ACT_ADD:
		forget_answers(ac);
		dialog_prompt(t, ANS_USER, _("New account"),
			      _("Username (small letters, digits, '.', '_' or '-'):"));
		return TUI_REDRAW;
	case ACT_SET_ROLE:
		if (!cur)
			return TUI_UNHANDLED;
		snprintf(q, sizeof(q), _("New role of %s (operator, petugas, pimpinan or admin):"),
			 cur->username);
		dialog_prompt(t, ANS_SET_ROLE, _("Role"), q);
		return TUI_REDRAW;
	case ACT_RESET_PIN:
		if (!cur)
			return TUI_UNHANDLED;
		forget_answers(ac);
		snprintf(q, sizeof(q), _("New PIN for %s (at least 4 characters):"), cur->username);
		dialog_prompt_secret(t, ANS_NEW_PIN, _("New PIN"), q);
		return TUI_REDRAW;
	case ACT_DISABLE:
		if (!cur)
			return TUI_UNHANDLED;
		snprintf(q, sizeof(q), cur->disabled ? _("Enable the account of %s again?")
						     : _("Disable the account of %s? It can no longer log in."),
			 cur->username);
		dialog_confirm(t, ANS_DISABLE, _("Disable"), q);
		return TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

static int accounts_answer(struct screen *s, struct tui *t, int id, bool yes, const char *text)
{
	struct accounts *ac = s->state;
	struct store *st = t->app->st;
	const char *by = t->app->officer;
	const struct account *cur = chosen(ac);
	struct err e = { 0 };
	bool ok = true, done = false;
	if (!yes) {
		forget_answers(ac);
		return TUI_REDRAW;
	}
	switch (id) {
	case ANS_USER:
		ac->user = xstrdup(text ? text : "");
		if (!auth_username_acceptable(ac->user, &e)) {
			forget_answers(ac);
			tui_message(t, true, "%s", e.msg);
			return TUI_REDRAW | TUI_REASK;
		}
		dialog_prompt(t, ANS_NAME, _("New account"), _("Full name:"));
		return TUI_REDRAW;
	case ANS_NAME:
		ac->name = xstrdup(text ? text : "");
		dialog_prompt(t, ANS_ROLE, _("New account"),
			      auth_accounts_exist(st) ? _("Role (operator, petugas, pimpinan or admin):")
						      : _("Role (the first account must be admin):"));
		return TUI_REDRAW;
	case ANS_ROLE: {
		ac->role = xstrdup(text ? text : "");
		enum auth_role r;
		if (!auth_role_parse(ac->role, &r)) {
			tui_message(t, true, _("unknown role '%s' (operator, petugas, pimpinan or admin)"),
				    ac->role);
			free(ac->role);
			ac->role = NULL;
			return TUI_REDRAW | TUI_REASK;
		}
		dialog_prompt_secret(t, ANS_PIN, _("New account"), _("PIN (at least 4 characters):"));
		return TUI_REDRAW;
	}
	case ANS_PIN:
	case ANS_NEW_PIN:
		if (!auth_pin_acceptable(text, &e)) { /* asked again, the answers so far kept */
			tui_message(t, true, "%s", e.msg);
			return TUI_REDRAW | TUI_REASK;
		}
		ac->pin = xstrdup(text);
		dialog_prompt_secret(t, id == ANS_PIN ? ANS_PIN2 : ANS_NEW_PIN2, _("New PIN"),
				     _("The PIN again:"));
		return TUI_REDRAW;
	case ANS_PIN2:
	case ANS_NEW_PIN2:
		if (!str_eq(text, ac->pin)) {
			ok = err_set(&e, 1, "%s", _("the two PINs differ; nothing was changed"));
			break;
		}
		if (id == ANS_PIN2) {
			bool first = !auth_accounts_exist(st);
			ok = auth_account_add(st, by, ac->user, ac->name, ac->role, ac->pin, &e);
			if (ok && first) {
				/* Whoever made the first admin works as it from now on. */
				tui_set_officer(t, ac->user);
				int64_t secs = config_int(t->app->cfg, "login.idle_lock_seconds");
				t->idle_lock_secs = (int)(secs > 0 ? secs
						  : config_int(t->app->cfg, "login.idle_lock_minutes") * 60);
			}
			if (ok)
				tui_message(t, false, _("Account '%s' added."), ac->user);
		} else if (cur) {
			ok = auth_account_set_pin(st, by, cur->username, ac->pin, &e);
			if (ok)
				tui_message(t, false, _("New PIN set for %s."), cur->username);
		}
		done = true;
		break;
	case ANS_SET_ROLE:
		if (cur) {
			ok = auth_account_set_role(st, by, cur->username, text, &e);
			if (ok)
				tui_message(t, false, _("%s is now %s."), cur->username, text);
		}
		done = true;
		break;
	case ANS_DISABLE:
		if (cur) {
			bool off = !cur->disabled;
			ok = auth_account_set_disabled(st, by, cur->username, off, &e);
			if (ok)
				tui_message(t, false, off ? _("Account %s disabled.") : _("Account %s enabled."),
					    cur->username);
		}
		done = true;
		break;
	}
	if (!ok)
		tui_message(t, true, "%s", e.msg);
	if (!ok || done) {
		forget_answers(ac);
		reload_accounts(ac, t);
	}
	return TUI_REDRAW;
}

const struct screen_ops screen_accounts = {
	.name = "accounts",
	.state_size = sizeof(struct accounts),
	.actions = accounts_actions,
	.open = accounts_open,
	.draw = accounts_draw,
	.key = accounts_key,
	.answer = accounts_answer,
	.close = accounts_close,
};

/* ---- the settings in effect ---- */

struct config_view {
	char **lines;
	char **origins;
	int n, cap, top;
	int rows;             /* the lines shown at the last draw: a page */
	struct store *st;     /* office.code and office.name are this database's */
};

static const enum action config_actions[] = {
	ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_FIRST, ACT_LAST, ACT_BACK, ACT_HELP,
	ACT_QUIT, ACT_NONE
};

static void add_line(struct config_view *cv, const char *key, const char *value,
		     const char *origin)
{
	if (cv->n == cv->cap) {
		cv->cap = cv->cap ? cv->cap * 2 : 64;
		cv->lines = xrealloc(cv->lines, (size_t)cv->cap * sizeof(*cv->lines));
		cv->origins = xrealloc(cv->origins, (size_t)cv->cap * sizeof(*cv->origins));
	}
	cv->lines[cv->n] = xasprintf("%s = %s", key, value ? value : "");
	cv->origins[cv->n] = xstrdup(str_eq(origin, "default") ? _("default") : origin);
	cv->n++;
}

static void collect_setting(const char *key, const char *value, const char *origin, void *arg)
{
	struct config_view *cv = arg;
	/* Province settings are listed first, from the province data. */
	if (shared_setting_is(key))
		return;
	/* The settings file's office is the default of `bantu init`; the office in
	 * effect is the one the database was made for. */
	if (str_eq(key, "office.code") || str_eq(key, "office.name")) {
		value = str_eq(key, "office.code") ? store_office_code(cv->st) : store_office_name(cv->st);
		origin = _("database");
	}
	add_line(cv, key, value, origin);
}

/* A province setting (model/shared_settings.h): its value in effect and where
 * it comes from. */
static void collect_shared(const char *key, const char *value, enum setting_source src, void *arg)
{
	char origin[256];
	if (src == SRC_YAML)
		shared_setting_origin(key, origin, sizeof(origin));
	else
		str_copy(origin, src == SRC_PROVINCE ? _("province") : "default", sizeof(origin));
	add_line(arg, key, value, origin);
}

static bool config_open(struct screen *s, struct tui *t, void *arg)
{
	(void)arg;
	struct config_view *cv = s->state;
	cv->st = t->app->st;
	shared_settings_each(cv->st, collect_shared, cv);
	config_each(t->app->cfg, collect_setting, cv);
	return true;
}

static void config_close(struct screen *s, struct tui *t)
{
	(void)t;
	struct config_view *cv = s->state;
	for (int i = 0; i < cv->n; i++) {
		free(cv->lines[i]);
		free(cv->origins[i]);
	}
	free(cv->lines);
	free(cv->origins);
}

static void config_draw(struct screen *s, struct tui *t, int h, int w)
{
	struct config_view *cv = s->state;
	/* The origin column as wide as its longest origin (a file and line can be
	 * long: at most a third of the screen), its heading over it; the settings
	 * get the rest. */
	const char *from = _("from");
	int ow = tui_text_cols(from);
	for (int i = 0; i < cv->n; i++) {
		int c = tui_text_cols(cv->origins[i]);
		ow = c > ow ? c : ow;
	}
	ow = ow < w / 3 ? ow : w / 3;
	char *head = xasprintf("%s%*s", from, ow - tui_text_cols(from), "");
	tui_bar(t, 0, w, _(" Settings in effect (read-only)"), head);
	free(head);
	cv->rows = h - 1 > 1 ? h - 1 : 1;
	for (int i = cv->top; i < cv->n && i - cv->top < cv->rows; i++) {
		int y = 1 + i - cv->top;
		tui_text(y, 1, w - ow - 2, cv->lines[i], false);
		tui_attr(t, ATTR_DIM);
		tui_text(y, w - ow, ow, cv->origins[i], false);
		tui_attr(t, ATTR_NORMAL);
	}
}

static int config_key(struct screen *s, struct tui *t, enum action a, const struct tui_key *k)
{
	(void)k;
	struct config_view *cv = s->state;
	int page = cv->rows > 0 ? cv->rows : 18, last = cv->n > page ? cv->n - page : 0;
	switch (a) {
	case ACT_UP: cv->top = cv->top > 0 ? cv->top - 1 : 0; break;
	case ACT_DOWN: cv->top = cv->top < last ? cv->top + 1 : last; break;
	case ACT_PAGE_UP: cv->top = cv->top > page ? cv->top - page : 0; break;
	case ACT_PAGE_DOWN: cv->top = cv->top + page < last ? cv->top + page : last; break;
	case ACT_FIRST: cv->top = 0; break;
	case ACT_LAST: cv->top = last; break;
	case ACT_BACK: tui_pop(t); break;
	default: return TUI_UNHANDLED;
	}
	return TUI_REDRAW;
}

const struct screen_ops screen_config = {
	.name = "config",
	.state_size = sizeof(struct config_view),
	.actions = config_actions,
	.open = config_open,
	.draw = config_draw,
	.key = config_key,
	.close = config_close,
};
