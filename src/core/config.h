/*
 * config.h - Bantu's settings: defaults (config/bantu.yaml, compiled in) overridden
 * key by key by the user's file ($XDG_CONFIG_HOME/bantu/bantu.yaml, or --config).
 *
 * Every key is declared in one schema table in config.c with its type and check;
 * a file with a syntax error, an unknown key, a wrong type or a bad value is refused
 * with "FILE:LINE:COL: what is wrong" (err code 2). Keys are dotted paths:
 * "office.code", "programs.stimulus.budget".
 */
#ifndef BANTU_CONFIG_H
#define BANTU_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct config;

/*
 * Loads the defaults, then the user's file: path when not NULL (it must exist),
 * else $XDG_CONFIG_HOME/bantu/bantu.yaml (or ~/.config/bantu/bantu.yaml) when it
 * exists. Returns NULL and sets e (code 2) on any error. Caller frees with
 * config_free. Prints nothing.
 */
struct config *config_load(const char *path, struct err *e);

/* Loads defaults and then a YAML text (name used in messages). For tests. */
struct config *config_load_text(const char *text, size_t len, const char *name,
				struct err *e);

void config_free(struct config *cfg);

/* Scalars. A key absent everywhere gives the fallback (NULL / 0 / false).
 * Returned strings are owned by cfg. */
const char *config_str(const struct config *cfg, const char *key);
int64_t config_int(const struct config *cfg, const char *key);
bool config_bool(const struct config *cfg, const char *key);

/* A list of strings ("programs.warung.sells"); *n receives the count. Owned by cfg. */
const char *const *config_list(const struct config *cfg, const char *key, size_t *n);

/* A map of string keys to scalars ("keys", "programs.warung.targets"): the
 * count, and entry i's key and value. */
size_t config_map_size(const struct config *cfg, const char *key);
const char *config_map_key(const struct config *cfg, const char *key, size_t i);
const char *config_map_value(const struct config *cfg, const char *key, size_t i);
/* One entry's value by its name, or NULL. */
const char *config_map_get(const struct config *cfg, const char *key, const char *name);

/* Where a key's value came from: "default" or "FILE:LINE". Owned by cfg. */
const char *config_origin(const struct config *cfg, const char *key);

/* Calls fn for every scalar setting in effect (flattened "a.b.c" = "value"), in
 * schema order; for the Pengaturan screen. Lists are joined with ", ". */
void config_each(const struct config *cfg,
		 void (*fn)(const char *key, const char *value, const char *origin, void *arg),
		 void *arg);

/* Sets a value from the command line (--lang) after loading; origin "command line". */
bool config_set(struct config *cfg, const char *key, const char *value, struct err *e);

#endif
