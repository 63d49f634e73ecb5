/*
 * action.h - every user action of the TUI, listed once. The one table feeds the
 * key map (defaults, overridable by the config file's `keys:` map), the status
 * bar, the F1 help screen and the key table of the man page (gen-man-keys).
 * No curses types leak out of here except the key codes in struct tui_key.
 */
#ifndef BANTU_TUI_ACTION_H
#define BANTU_TUI_ACTION_H

#include <stdbool.h>
#include <stdio.h>

#include "core/config.h"
#include "core/i18n.h"
#include "core/util.h"

/*
 * X(ID, name in config, default keys {"F2", "C-s"} (up to 3: F5 and above do not
 * exist on a vt100, so those actions have a Ctrl key too),
 *   status-bar label or NULL (not shown), help text). Labels and help are
 * English msgids (translated through gettext where they are shown).
 */
#define KEYS(...) { __VA_ARGS__ }
#define TUI_ACTIONS(X) \
	X(HELP, "help", KEYS("F1"), N_("Help"), N_("Show the keys that work on this screen")) \
	X(SAVE, "save", KEYS("F2", "C-s"), N_("Save"), N_("Save the record (warnings ask once)")) \
	X(SAVE_NEXT, "save-next", KEYS("F3", "C-n"), N_("Save+next"), N_("Save and start the next record, keeping place and date")) \
	X(FILTER, "filter", KEYS("F4", "C-f"), N_("Filter"), N_("Filter the list by regency/city, district and status")) \
	X(ADD, "add", KEYS("F5", "C-a", "Ins"), N_("Add"), N_("Add a new record")) \
	X(EDIT, "edit", KEYS("F6", "C-e"), N_("Edit"), N_("Edit the record")) \
	X(DELETED, "deleted", KEYS("F7", "C-t"), N_("Deleted"), N_("Show deleted records, or back to active ones")) \
	X(DELETE, "delete", KEYS("F8", "C-d"), N_("Delete"), N_("Delete the record (asks for a reason)")) \
	X(RESTORE, "restore", KEYS("F9", "C-r"), N_("Restore"), N_("Restore a deleted record")) \
	X(PURGE, "purge", KEYS("F7", "C-w"), N_("Purge"), N_("Erase the person's personal data on every office (province admin; asks why)")) \
	X(QUIT, "quit", KEYS("F10", "C-q", "C-c"), N_("Quit"), N_("Quit Bantu (asks first when unsaved changes would be lost)")) \
	X(BACK, "back", KEYS("Esc"), N_("Back"), N_("Go back to the previous screen")) \
	X(OPEN, "open", KEYS("Enter"), NULL, N_("Open the chosen entry or record")) \
	X(YES, "yes", KEYS("y", "Y"), N_("Yes"), N_("Answer yes in a question (never Enter: a clerk keying on with Enter does not say yes)")) \
	X(NO, "no", KEYS("Esc", "n"), N_("No"), N_("Answer no in a question")) \
	X(CLOSE, "close", KEYS("Enter", "Esc"), N_("Close"), N_("Close a message; any other key closes it too")) \
	X(ACCEPT, "accept", KEYS("Enter"), N_("OK"), N_("Give the text typed into a prompt")) \
	X(CANCEL, "cancel", KEYS("Esc"), N_("Cancel"), N_("Close a prompt without answering it")) \
	X(NEXT_FIELD, "next-field", KEYS("Enter", "Tab"), NULL, N_("Move to the next field")) \
	X(PREV_FIELD, "prev-field", KEYS("S-Tab"), NULL, N_("Move to the previous field")) \
	X(CLEAR_FIELD, "clear-field", KEYS("C-u"), NULL, N_("Clear the text being typed")) \
	X(EDIT_VALUE, "edit-value", KEYS("Right", "End"), NULL, N_("In a filled field: edit its value (else the first character typed replaces it)")) \
	X(CHOICE_PREV, "choice-prev", KEYS("PgUp"), NULL, N_("In a field with a list of choices: the choice above (Up/Down move between fields)")) \
	X(CHOICE_NEXT, "choice-next", KEYS("PgDn"), NULL, N_("In a field with a list of choices: the choice below")) \
	X(UP, "up", KEYS("Up"), NULL, N_("Move up one line")) \
	X(DOWN, "down", KEYS("Down"), NULL, N_("Move down one line")) \
	X(PAGE_UP, "page-up", KEYS("PgUp"), NULL, N_("Move up one page")) \
	X(PAGE_DOWN, "page-down", KEYS("PgDn"), NULL, N_("Move down one page")) \
	X(FIRST, "first", KEYS("Home"), NULL, N_("Go to the first line")) \
	X(LAST, "last", KEYS("End"), NULL, N_("Go to the last line")) \
	X(EXPORT, "export", KEYS("F5", "C-x"), N_("Export"), N_("Write a bundle for the chosen office into a folder (a USB stick)")) \
	X(IMPORT, "import", KEYS("F6", "C-o"), N_("Import"), N_("Import a bundle addressed to this office from a folder")) \
	X(APPROVE, "approve", KEYS("F7", "C-p"), N_("Approve"), N_("Approve a pending office after checking its fingerprint by phone (province)")) \
	X(REVOKE, "revoke", KEYS("F9", "C-b"), N_("Revoke"), N_("Revoke an office: its later bundles are refused (province)")) \
	X(BACKUP, "backup", KEYS("F3", "C-y"), N_("Backup"), N_("Write a verified backup of the database and the office's keys into a folder (a USB stick)")) \
	X(CONFLICTS, "conflicts", KEYS("F4", "C-k"), N_("Conflicts"), N_("Review the fields two offices changed without seeing each other's change")) \
	X(DUPLICATES, "duplicates", KEYS("F8", "C-g"), N_("Duplicates"), N_("Review businesses that may be registered twice")) \
	X(KEEP, "keep", KEYS("Enter"), N_("Keep"), N_("Keep the chosen value: resolves the conflict")) \
	X(OTHER_VALUE, "other-value", KEYS("F6", "C-e"), N_("Other value"), N_("Type another value to resolve the conflict")) \
	X(SIDE, "side", KEYS("Tab", "Left", "Right"), NULL, N_("Choose which of the two records is kept")) \
	X(MERGE, "merge", KEYS("F5", "C-x"), N_("Merge"), N_("Merge the pair into the record kept (asks first)")) \
	X(DISTINCT, "distinct", KEYS("F7", "C-p"), N_("Distinct"), N_("Mark the pair as two different businesses (asks first)")) \
	X(PERIOD, "period", KEYS("F6", "C-w"), N_("Period"), N_("Limit a report's figures, or a list's records by their date, to a period (from / to)")) \
	X(WORKBOOK, "workbook", KEYS("F5", "C-x"), N_("Excel"), N_("Write the report as an Excel workbook with charts into a folder (a USB stick)")) \
	X(WAITING, "waiting", KEYS("Tab"), N_("Decide/Pay"), N_("Switch between stimulus applications waiting for a decision and those waiting for payment")) \
	X(MARK, "mark", KEYS("Space"), N_("Mark"), N_("Mark the chosen line: a referral for the batch, a participant present or absent")) \
	X(FORWARD, "forward", KEYS("F5", "C-w"), N_("Forward"), N_("Forward the marked referrals together with one letter number and date")) \
	X(SET_ROLE, "set-role", KEYS("F6", "C-e"), N_("Role"), N_("Change the chosen officer's role (admin)")) \
	X(RESET_PIN, "reset-pin", KEYS("F7", "C-p"), N_("New PIN"), N_("Set a new PIN for the chosen officer; also unlocks the account (admin)")) \
	X(DISABLE, "disable", KEYS("F8", "C-d"), N_("Disable"), N_("Disable the chosen officer's account, or enable it again (admin)"))

enum action {
	ACT_NONE = 0,
#define X(id, name, keys, label, help) ACT_##id,
	TUI_ACTIONS(X)
#undef X
	ACT_COUNT
};

/* A key as read: a character (fn false) or a curses KEY_ code (fn true).
 * Enter is always '\n', Backspace KEY_BACKSPACE. */
struct tui_key {
	int code;
	bool fn;
};

/* The action's name in the config file, status label (msgid or NULL), help msgid. */
const char *action_name(enum action a);
const char *action_label(enum action a);
const char *action_help(enum action a);

/*
 * Sets the key map: the defaults, then every entry of the config's `keys:` map
 * (action name -> key name) replacing that action's default keys. cfg may be
 * NULL. False with e for an unknown action or key name (nothing else changes).
 */
bool keymap_init(const struct config *cfg, struct err *e);

/* Whether key is bound to action a. */
bool keymap_match(enum action a, const struct tui_key *key);

/* The first action of the list (ACT_NONE-ended) bound to key, or ACT_NONE. */
enum action keymap_lookup(const enum action *list, const struct tui_key *key);

/* The name of the action's first key ("F2"), or "" when it has none; static
 * storage of that action's own (valid until keymap_init), so several actions'
 * names may be used in one call. */
const char *keymap_key_name(enum action a);
/* Every key of the action, joined with ", " into buf. Returns buf. */
char *keymap_keys_text(enum action a, char *buf, size_t size);

/* Parses a key name ("F2", "C-s", "Esc", "a"); false when it is not one. */
bool key_parse(const char *name, struct tui_key *out);

/* Prints the man page's key table (roff, English) for the default keys. */
void action_print_man(FILE *out);

#endif
