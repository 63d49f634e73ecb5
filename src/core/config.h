/*
 * config.h - Bantu's settings: defaults (config/bantu.yaml, compiled in) overridden
 * key by key by the user's file ($XDG_CONFIG_HOME/bantu/bantu.yaml, or --config).
 *
 * Every key is declared in one schema table in config.c with its type and check;
 * a file with a syntax error, an unknown key, a wrong type or a bad value is refused
 * with "FILE:LINE:COL: what is wrong" (err code 2). Keys are dotted paths:
 * "office.code", "programs.stimulus.budget".
 *
 * Merging: a section (office:, programs:) merges key by key; a single value or
 * a list is replaced whole; a map setting (keys:, programs.warung.targets:)
 * gains or replaces entries one by one. A struct config is not shared between
 * threads; every string it hands out lives until config_free.
 */
#ifndef BANTU_CONFIG_H
#define BANTU_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct config;

/* The largest settings file read (bytes); a larger one is refused with a message. */
#define CONFIG_MAX_BYTES (1024 * 1024)

/*
 * Loads the defaults, then the user's file: path when not NULL (it must exist),
 * else $XDG_CONFIG_HOME/bantu/bantu.yaml (or ~/.config/bantu/bantu.yaml) when it
 * exists. Returns NULL and sets e (code 2) on any error. Caller frees with
 * config_free. Prints nothing.
 */
struct config *config_load(const char *path, struct err *e);

/* Loads defaults and then a YAML text as if it were the user's file called name
 * (used in messages and origins). For tests. */
struct config *config_load_text(const char *text, size_t len, const char *name,
				struct err *e);

/* Frees cfg and every string it handed out; NULL is fine. */
void config_free(struct config *cfg);

/* Scalars. A key absent everywhere, unknown, or of another type gives the
 * fallback (NULL / 0 / false). config_str gives the canonical text: numbers and
 * Rupiah as plain digits ("2000000000"), booleans as "true"/"false", a list's
 * items joined with ", ". Returned strings are owned by cfg. */
const char *config_str(const struct config *cfg, const char *key);
int64_t config_int(const struct config *cfg, const char *key);
bool config_bool(const struct config *cfg, const char *key);

/* A list of strings ("programs.warung.sells"); *n receives the count. Owned by cfg. */
const char *const *config_list(const struct config *cfg, const char *key, size_t *n);

/* A map of string keys to scalars ("keys", "programs.warung.targets"): the
 * count, and entry i's key and value (NULL when i is out of range). Entries keep
 * the defaults' order, then the order the user's file added them. */
size_t config_map_size(const struct config *cfg, const char *key);
const char *config_map_key(const struct config *cfg, const char *key, size_t i);
const char *config_map_value(const struct config *cfg, const char *key, size_t i);
/* One entry's value by its name, or NULL. */
const char *config_map_get(const struct config *cfg, const char *key, const char *name);

/* Where a key's value came from: "default", "FILE:LINE" (the line of the key)
 * or "command line"; NULL for a key the schema does not know. Owned by cfg. */
const char *config_origin(const struct config *cfg, const char *key);

/* Calls fn for every scalar setting in effect (flattened "a.b.c" = "value"), in
 * schema order; for the Pengaturan screen. Lists are joined with ", "; a map
 * gives one call per entry ("keys.save" = "F3"), with that entry's origin. */
void config_each(const struct config *cfg,
		 void (*fn)(const char *key, const char *value, const char *origin, void *arg),
		 void *arg);

/* Sets a value from the command line (--lang) after loading, checked by the same
 * schema; origin "command line". A list takes "a, b, c"; a map is set one entry
 * at a time ("keys.save"). Returns false with e set (code 2, the message has no
 * position) and cfg unchanged on an unknown key or a bad value. */
bool config_set(struct config *cfg, const char *key, const char *value, struct err *e);

#endif
