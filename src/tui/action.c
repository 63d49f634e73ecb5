/* action.c - the action table: key map, key names, man page key table. */
#include "action.h"

#include <curses.h>
#include <strings.h>
#include <limits.h>
#include <stdlib.h>
#include <wchar.h>

#define KEYS_PER_ACTION 3

struct action_row {
	const char *name;
	const char *keys[KEYS_PER_ACTION]; /* default key names */
	const char *label;
	const char *help;
};

static const struct action_row actions[ACT_COUNT] = {
	[ACT_NONE] = { "none", { NULL }, NULL, "" },
#define X(id, name, keys, label, help) [ACT_##id] = { name, keys, label, help },
	TUI_ACTIONS(X)
#undef X
};

/* The keys in effect, per action. */
static struct tui_key bound[ACT_COUNT][KEYS_PER_ACTION];
static int nbound[ACT_COUNT];

static const struct {
	const char *name;
	int code;
	bool fn;
} named_keys[] = {
	{ "Esc", 27, false }, { "Enter", '\n', false }, { "Tab", '\t', false },
	{ "S-Tab", KEY_BTAB, true }, { "Up", KEY_UP, true }, { "Down", KEY_DOWN, true },
	{ "Left", KEY_LEFT, true }, { "Right", KEY_RIGHT, true }, { "PgUp", KEY_PPAGE, true },
	{ "PgDn", KEY_NPAGE, true }, { "Home", KEY_HOME, true }, { "End", KEY_END, true },
	{ "Ins", KEY_IC, true }, { "Del", KEY_DC, true }, { "Backspace", KEY_BACKSPACE, true },
	{ "Space", ' ', false },
};

const char *action_name(enum action a)
{
	return a < ACT_COUNT ? actions[a].name : "";
}

const char *action_label(enum action a)
{
	return a < ACT_COUNT ? actions[a].label : NULL;
}

const char *action_help(enum action a)
{
	return a < ACT_COUNT ? actions[a].help : "";
}

bool key_parse(const char *name, struct tui_key *out)
{
	if (str_empty(name))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(named_keys); i++)
		if (strcasecmp(name, named_keys[i].name) == 0) {
			out->code = named_keys[i].code;
			out->fn = named_keys[i].fn;
			return true;
		}
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
		char *end;
		long n = strtol(name + 1, &end, 10);
		if (*end == '\0' && n >= 1 && n <= 12) {
			out->code = KEY_F((int)n);
			out->fn = true;
			return true;
		}
	}
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3]) {
		char c = name[2];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c < 'a' || c > 'z')
			return false;
		out->code = c - 'a' + 1;
		out->fn = false;
		return true;
	}
	/* One character (UTF-8). */
	mbstate_t ps;
	memset(&ps, 0, sizeof(ps));
	wchar_t wc;
	size_t len = strlen(name);
	size_t n = mbrtowc(&wc, name, len, &ps);
	if (n == (size_t)-1 || n == (size_t)-2 || n != len || wc < 0x20)
		return false;
	out->code = (int)wc;
	out->fn = false;
	return true;
}

static void bind_defaults(void)
{
	for (int a = 1; a < ACT_COUNT; a++) {
		nbound[a] = 0;
		for (int k = 0; k < KEYS_PER_ACTION; k++) {
			struct tui_key key;
			if (actions[a].keys[k] && key_parse(actions[a].keys[k], &key))
				bound[a][nbound[a]++] = key;
		}
	}
}

static enum action action_by_name(const char *name)
{
	for (int a = 1; a < ACT_COUNT; a++)
		if (str_eq(actions[a].name, name))
			return (enum action)a;
	return ACT_NONE;
}

bool keymap_init(const struct config *cfg, struct err *e)
{
	bind_defaults();
	size_t n = cfg ? config_map_size(cfg, "keys") : 0;
	for (size_t i = 0; i < n; i++) {
		const char *name = config_map_key(cfg, "keys", i);
		const char *keyname = config_map_value(cfg, "keys", i);
		enum action a = action_by_name(name);
		struct tui_key key;
		if (a == ACT_NONE) {
			bind_defaults();
			return err_set(e, 2, _("keys: unknown action '%s'"), name ? name : "");
		}
		if (!key_parse(keyname, &key)) {
			bind_defaults();
			return err_set(e, 2, _("keys: %s: unknown key '%s' (write F2, C-s, Esc, a, ...)"),
				       name, keyname ? keyname : "");
		}
		bound[a][0] = key;
		nbound[a] = 1;
	}
	return true;
}

bool keymap_match(enum action a, const struct tui_key *key)
{
	if (a <= ACT_NONE || a >= ACT_COUNT)
		return false;
	for (int k = 0; k < nbound[a]; k++)
		if (bound[a][k].code == key->code && bound[a][k].fn == key->fn)
			return true;
	return false;
}

enum action keymap_lookup(const enum action *list, const struct tui_key *key)
{
	for (size_t i = 0; list && list[i] != ACT_NONE; i++)
		if (keymap_match(list[i], key))
			return list[i];
	return ACT_NONE;
}

/* The name of a key as the config file writes it, into buf. */
static const char *keyname_of(const struct tui_key *key, char *buf, size_t size)
{
	for (size_t i = 0; i < ARRAY_SIZE(named_keys); i++)
		if (named_keys[i].code == key->code && named_keys[i].fn == key->fn)
			return named_keys[i].name;
	if (key->fn && key->code >= KEY_F(1) && key->code <= KEY_F(12)) {
		snprintf(buf, size, "F%d", key->code - KEY_F0);
		return buf;
	}
	if (!key->fn && key->code >= 1 && key->code <= 26) {
		snprintf(buf, size, "C-%c", 'a' + key->code - 1);
		return buf;
	}
	if (!key->fn) {
		mbstate_t ps;
		memset(&ps, 0, sizeof(ps));
		char mb[MB_LEN_MAX + 1];
		size_t n = wcrtomb(mb, (wchar_t)key->code, &ps);
		if (n != (size_t)-1 && n < size) {
			memcpy(buf, mb, n);
			buf[n] = '\0';
			return buf;
		}
	}
	return "?";
}

/* A key's name for the screen: the arrows and the space bar in the user's
 * language (the hints name them so: "Atas/Bawah", "Spasi"); the other keys by
 * their keycaps, as the config file writes them. */
static const char *display_name(const char *name)
{
	static const char *const translated[] = {
		N_("Space"), N_("Up"), N_("Down"), N_("Left"), N_("Right"),
	};
	for (size_t i = 0; i < ARRAY_SIZE(translated); i++)
		if (str_eq(name, translated[i]))
			return _(translated[i]);
	return name;
}

/* One buffer per action, not one for all: a message naming two actions'
 * keys in one call ("F2 saves, F3 saves and starts the next") gets both. */
const char *keymap_key_name(enum action a)
{
	static char bufs[ACT_COUNT][16];
	if (a <= ACT_NONE || a >= ACT_COUNT || nbound[a] == 0)
		return "";
	return display_name(keyname_of(&bound[a][0], bufs[a], sizeof(bufs[a])));
}

/* Every key bound to a, ", " between; by their screen names or, for the man
 * page, as the config file writes them. */
static char *keys_text(enum action a, bool display, char *buf, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	for (int k = 0; a > ACT_NONE && a < ACT_COUNT && k < nbound[a]; k++) {
		char one[16];
		const char *name = keyname_of(&bound[a][k], one, sizeof(one));
		strbuf_addf(&sb, "%s%s", k ? ", " : "", display ? display_name(name) : name);
	}
	str_copy(buf, strbuf_str(&sb), size);
	strbuf_release(&sb);
	return buf;
}

char *keymap_keys_text(enum action a, char *buf, size_t size)
{
	return keys_text(a, true, buf, size);
}

/* A roff-safe copy of s: backslashes doubled, a leading dot or quote escaped. */
static void roff_text(FILE *out, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", out);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", out);
		else if (*s == '-')
			fputs("\\-", out);
		else
			fputc(*s, out);
	}
}

void action_print_man(FILE *out)
{
	bind_defaults();
	fputs(".\\\" Generated from src/tui/action.h by gen-man-keys (make man); do not edit.\n", out);
	for (int a = 1; a < ACT_COUNT; a++) {
		char keys[64];
		fputs(".TP\n.B ", out);
		roff_text(out, keys_text((enum action)a, false, keys, sizeof(keys)));
		fputs("\n", out);
		roff_text(out, actions[a].help);
		fprintf(out, " (action \\fB");
		roff_text(out, actions[a].name);
		fputs("\\fR).\n", out);
	}
}
