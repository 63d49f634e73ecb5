/*
 * shared_settings.h - the settings program rules rest on (issue 20): the
 * stimulus budget, quotas and payments per NIK, the warung targets, the APD
 * target and the clock drift. They are province data, not a laptop's: records
 * of entity pengaturan (one per key, its id from the key), written only at the
 * province (`bantu settings set`), carried in bundles and folded like any other
 * change, so every office derives the same verdicts from the same op set. A
 * district's change of one is refused where it is made, and on arrival by the
 * rules' verdict (model/rules.c), listed in op_refused.
 *
 * A value in effect comes from, in order: the province data; at the province
 * only, a value of the local YAML not yet in the province data (the CLI seeds
 * it there at start, shared_settings_start); the built-in default. At a
 * district a YAML value of a shared key is ignored with a warning. A map's
 * entries are keys of their own: "programs.stimulus.quotas.18.71".
 */
#ifndef BANTU_SHARED_SETTINGS_H
#define BANTU_SHARED_SETTINGS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/config.h"
#include "core/util.h"
#include "store/store.h"

/* Where a value in effect comes from. */
enum setting_source { SRC_DEFAULT, SRC_PROVINCE, SRC_YAML };

/* Whether key (a scalar's, or a map entry's "MAP.NAME") is a shared setting. */
bool shared_setting_is(const char *key);

/* The value in effect (caller frees; NULL: none, as an empty map entry) and,
 * when source is not NULL, where it comes from. st may be NULL (no store: the
 * settings file and the defaults, as at the province). */
char *shared_setting_get(struct store *st, const char *key, enum setting_source *source);

/* The value in effect as a whole number; def when there is none. */
int64_t shared_setting_int(struct store *st, const char *key, int64_t def);

/* A map's entry ("programs.stimulus.quotas", "18.71"), as shared_setting_get. */
char *shared_setting_map_get(struct store *st, const char *map, const char *name);

/* Where the settings file sets key ("FILE:LINE"), into buf. */
void shared_setting_origin(const char *key, char *buf, size_t size);

/*
 * Sets a shared setting as province data, checked by the settings' schema
 * (value "" removes the province's value: back to the default). Admin at the
 * province only; one change, in one transaction. False with e set otherwise.
 */
bool shared_setting_set(struct store *st, const char *key, const char *value,
			const char *officer, struct err *e);

/*
 * At the start of a command: at the province (writable), a YAML value of a
 * shared key that the province data does not hold yet becomes province data
 * (a note on f); a YAML value that differs from the province data, or any
 * YAML value of a shared key at a district, is ignored with a warning on f
 * naming the key. Then the store's clock drift is set from the shared value.
 */
void shared_settings_start(struct store *st, const struct config *cfg, const char *officer,
			   bool writable, FILE *f);

/* Calls fn for every shared setting in effect (each map entry the province
 * data, the settings file or the defaults hold), in key order of the table. */
void shared_settings_each(struct store *st,
			  void (*fn)(const char *key, const char *value, enum setting_source src,
				     void *arg),
			  void *arg);

#endif
