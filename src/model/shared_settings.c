/* shared_settings.c - the settings program rules rest on, as province data
 * (see shared_settings.h). No SQL: records of entity pengaturan through the
 * store's record calls. */
#include "model/shared_settings.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "model/auth.h"
#include "model/program.h"
#include "model/rules.h"
#include "store/rulecheck.h"

static const struct shared_key {
	const char *key;
	bool map;
} shared_keys[] = {
	{ "programs.stimulus.budget", false },
	{ "programs.stimulus.quotas", true },
	{ "programs.stimulus.max_per_nik", false },
	{ "programs.warung.target_total", false },
	{ "programs.warung.targets", true },
	{ "programs.apd.target_packages", false },
	{ "sync.clock_drift_minutes", false },
	{ NULL, false },
};

/* The map a key is an entry of (and the entry's name), or the scalar key. */
static const struct shared_key *find_key(const char *key, const char **name)
{
	*name = NULL;
	for (size_t i = 0; key && shared_keys[i].key; i++) {
		const char *k = shared_keys[i].key;
		size_t n = strlen(k);
		if (!shared_keys[i].map && str_eq(key, k))
			return &shared_keys[i];
		if (shared_keys[i].map && strncmp(key, k, n) == 0 && key[n] == '.' && key[n + 1]) {
			*name = key + n + 1;
			return &shared_keys[i];
		}
	}
	return NULL;
}

bool shared_setting_is(const char *key)
{
	const char *name;
	return find_key(key, &name) != NULL;
}

/* ---- the built-in defaults ---- */

static struct config *defaults;

static void defaults_free(void)
{
	config_free(defaults);
	defaults = NULL;
}

static const struct config *defaults_get(void)
{
	if (!defaults) {
		struct err e = { 0 };
		defaults = config_load_text("", 0, "default", &e);
		if (defaults)
			atexit(defaults_free);
	}
	return defaults;
}

/* A key's value in a config (a map entry's too); NULL: none. */
static const char *cfg_value(const struct config *cfg, const char *key)
{
	const char *name;
	const struct shared_key *k = find_key(key, &name);
	if (!cfg || !k)
		return NULL;
	return k->map ? config_map_get(cfg, k->key, name) : config_str(cfg, k->key);
}

/* The settings file's value when it is not the default's; NULL otherwise. */
static const char *yaml_value(const struct config *cfg, const char *key)
{
	const char *v = cfg_value(cfg, key);
	const char *d = cfg_value(defaults_get(), key);
	return v && !str_eq(v, d) ? v : NULL;
}

/* ---- the province data ---- */

static struct rid key_id(const char *key)
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 16);
	crypto_generichash_update(&h, (const uint8_t *)entity_pengaturan.name,
				  strlen(entity_pengaturan.name) + 1);
	crypto_generichash_update(&h, (const uint8_t *)key, strlen(key));
	struct rid id;
	crypto_generichash_final(&h, id.b, 16);
	return id;
}

/* Whether the province data holds key (*value: its value, NULL when emptied). */
static bool province_value(struct store *st, const char *key, char **value)
{
	*value = NULL;
	if (!st)
		return false;
	struct rid id = key_id(key);
	struct record r;
	if (!store_get(st, &entity_pengaturan, &id, &r, NULL))
		return false;
	const char *v = record_get(&r, "nilai");
	bool live = !record_get(&r, FIELD_DELETED) || str_eq(record_get(&r, FIELD_DELETED), "0");
	if (live && !str_empty(v))
		*value = xstrdup(v);
	record_release(&r);
	return live;
}

static bool at_province(struct store *st)
{
	return !st || rules_is_province_office(store_office_code(st));
}

char *shared_setting_get(struct store *st, const char *key, enum setting_source *source)
{
	enum setting_source dummy;
	if (!source)
		source = &dummy;
	char *v;
	if (province_value(st, key, &v)) {
		*source = v ? SRC_PROVINCE : SRC_DEFAULT;
		if (v)
			return v;
	} else if (at_province(st)) {
		const char *y = yaml_value(program_config(), key);
		if (y) {
			*source = SRC_YAML;
			return xstrdup(y);
		}
	}
	*source = SRC_DEFAULT;
	const char *d = cfg_value(defaults_get(), key);
	return d ? xstrdup(d) : NULL;
}

int64_t shared_setting_int(struct store *st, const char *key, int64_t def)
{
	char *v = shared_setting_get(st, key, NULL);
	int64_t n = v ? strtoll(v, NULL, 10) : def;
	free(v);
	return n;
}

char *shared_setting_map_get(struct store *st, const char *map, const char *name)
{
	if (!name)
		return NULL;
	char *key = xasprintf("%s.%s", map, name);
	char *v = shared_setting_get(st, key, NULL);
	free(key);
	return v;
}

/* ---- changing one ---- */

static bool save_value(struct store *st, const char *key, const char *value,
		       const char *officer, struct err *e)
{
	struct record r;
	struct rid id = key_id(key);
	if (!store_get(st, &entity_pengaturan, &id, &r, NULL)) {
		record_init(&r, &entity_pengaturan);
		r.id = id;
	}
	record_set(&r, "kunci", key);
	record_set(&r, "nilai", str_empty(value) ? NULL : value);
	record_set(&r, FIELD_DELETED, NULL);
	int rc = store_save(st, &r, officer, e);
	record_release(&r);
	if (rc < 0)
		return false;
	/* The rules' verdict judged the change: refused, it is not in effect. */
	char *now;
	province_value(st, key, &now);
	bool ok = str_eq(now ? now : "", str_empty(value) ? "" : value);
	free(now);
	return ok || err_set(e, 1, "%s", store_last_refusal(st));
}

bool shared_setting_set(struct store *st, const char *key, const char *value,
			const char *officer, struct err *e)
{
	const char *name;
	const struct shared_key *k = find_key(key, &name);
	if (!k)
		return err_set(e, 2, _("'%s' is not a province setting; bantu settings lists them"),
			       key);
	if (!auth_require(st, officer, AUTH_ADMIN, e))
		return false;
	const char *office = store_office_code(st);
	/* BANTU_TEST_NO_RULES: a build without the rules, whose changes the
	 * others must still judge (tests only). */
	if (!rules_is_province_office(office) && !getenv("BANTU_TEST_NO_RULES"))
		return err_set(e, 1, _("office %s may not change %s: the settings program rules rest"
				       " on are set at the province office"),
			       office ? office : "?", key);
	char *canon = NULL;
	if (!str_empty(value)) {
		/* The settings' own schema checks the value and gives its canonical
		 * text (Rupiah as plain digits). */
		struct config *scratch = config_load_text("", 0, "bantu settings", e);
		if (!scratch)
			return false;
		if (!config_set(scratch, key, value, e)) {
			config_free(scratch);
			return false;
		}
		const char *c = cfg_value(scratch, key);
		canon = xstrdup(c ? c : value);
		config_free(scratch);
	}
	bool ok = store_begin(st, e);
	if (ok) {
		ok = save_value(st, key, canon, officer, e);
		ok = ok ? store_commit(st, e) : (store_rollback(st), false);
	}
	free(canon);
	return ok;
}

/* ---- at start ---- */

struct origin_find {
	const char *key;
	const char *origin;
	char buf[256];
};

static void find_origin(const char *key, const char *value, const char *origin, void *arg)
{
	(void)value;
	struct origin_find *o = arg;
	if (!o->origin && str_eq(key, o->key)) {
		str_copy(o->buf, origin ? origin : "", sizeof(o->buf));
		o->origin = o->buf;
	}
}

void shared_setting_origin(const char *key, char *buf, size_t size)
{
	struct origin_find o = { key, NULL, { 0 } };
	if (program_config())
		config_each(program_config(), find_origin, &o);
	str_copy(buf, o.origin ? o.origin : "?", size);
}

/* Each key of a shared setting that the settings file sets (a map: each
 * entry), with its line. */
struct yaml_keys {
	char **keys;
	char **origins;
	size_t n, cap;
};

static void collect_yaml(const char *key, const char *value, const char *origin, void *arg)
{
	struct yaml_keys *y = arg;
	if (!shared_setting_is(key) || str_eq(origin, "default"))
		return;
	if (!str_eq(value, cfg_value(defaults_get(), key)) || !cfg_value(defaults_get(), key)) {
		if (y->n == y->cap) {
			y->cap = y->cap ? 2 * y->cap : 8;
			y->keys = xrealloc(y->keys, y->cap * sizeof(char *));
			y->origins = xrealloc(y->origins, y->cap * sizeof(char *));
		}
		y->keys[y->n] = xstrdup(key);
		y->origins[y->n] = xstrdup(origin ? origin : "?");
		y->n++;
	}
}

static int64_t drift_ms(struct store *st)
{
	return shared_setting_int(st, "sync.clock_drift_minutes", 1440) * 60000;
}

void shared_settings_start(struct store *st, const struct config *cfg, const char *officer,
			   bool writable, FILE *f)
{
	if (!st)
		return;
	struct yaml_keys y = { 0 };
	if (cfg)
		config_each(cfg, collect_yaml, &y);
	bool province = at_province(st);
	bool began = false;
	for (size_t i = 0; i < y.n; i++) {
		const char *key = y.keys[i];
		const char *v = cfg_value(cfg, key);
		char *held;
		bool has = province_value(st, key, &held);
		if (!province) {
			fprintf(f, _("bantu: warning: %s: %s is ignored at a district office: it is a"
				     " province setting (bantu settings shows the value in effect)\n"),
				y.origins[i], key);
		} else if (!has && writable) {
			struct err e = { 0 };
			if (!began)
				began = store_begin(st, &e);
			if (began && save_value(st, key, v, officer, &e))
				fprintf(f, _("bantu: %s: %s = %s is now province data, shared with"
					     " every office (bantu settings set changes it)\n"),
					y.origins[i], key, v ? v : "");
			else
				fprintf(f, "bantu: %s: %s\n", key, e.msg);
		} else if (has && !str_eq(held ? held : "", v ? v : "")) {
			fprintf(f, _("bantu: warning: %s: %s is ignored: the province data holds %s"
				     " (bantu settings set %s VALUE changes it)\n"),
				y.origins[i], key, held ? held : _("the default"), key);
		}
		free(held);
	}
	if (began) {
		struct err e = { 0 };
		if (!store_commit(st, &e))
			fprintf(f, "bantu: %s\n", e.msg);
	}
	for (size_t i = 0; i < y.n; i++) {
		free(y.keys[i]);
		free(y.origins[i]);
	}
	free(y.keys);
	free(y.origins);
	store_set_clock_drift_source(drift_ms);
	store_set_clock_drift(st, drift_ms(st));
}

/* ---- listing ---- */

struct names {
	char **v;
	size_t n, cap;
};

static void names_add(struct names *ns, const char *name)
{
	for (size_t i = 0; i < ns->n; i++)
		if (str_eq(ns->v[i], name))
			return;
	if (ns->n == ns->cap) {
		ns->cap = ns->cap ? 2 * ns->cap : 16;
		ns->v = xrealloc(ns->v, ns->cap * sizeof(char *));
	}
	ns->v[ns->n++] = xstrdup(name);
}

struct row_names {
	struct names *ns;
	const char *prefix;
};

static bool province_row(const struct rid *id, const char *const *vals, void *arg)
{
	(void)id;
	struct row_names *r = arg;
	size_t n = strlen(r->prefix);
	if (vals[0] && strncmp(vals[0], r->prefix, n) == 0 && vals[0][n] == '.' && vals[0][n + 1])
		names_add(r->ns, vals[0] + n + 1);
	return true;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void shared_settings_each(struct store *st,
			  void (*fn)(const char *key, const char *value, enum setting_source src,
				     void *arg),
			  void *arg)
{
	const struct config *cfg = program_config();
	for (size_t i = 0; shared_keys[i].key; i++) {
		const struct shared_key *k = &shared_keys[i];
		if (!k->map) {
			enum setting_source src;
			char *v = shared_setting_get(st, k->key, &src);
			fn(k->key, v ? v : "", src, arg);
			free(v);
			continue;
		}
		struct names ns = { 0 };
		const struct config *from[] = { defaults_get(), at_province(st) ? cfg : NULL };
		for (size_t c = 0; c < 2; c++)
			for (size_t j = 0; from[c] && j < config_map_size(from[c], k->key); j++)
				names_add(&ns, config_map_key(from[c], k->key, j));
		if (st) {
			static const char *const cols[] = { "kunci", NULL };
			struct row_names r = { &ns, k->key };
			struct err e = { 0 };
			store_rule_rows(st, &entity_pengaturan, cols, "kunci", NULL, NULL, province_row,
					&r, &e);
		}
		if (ns.n)
			qsort(ns.v, ns.n, sizeof(char *), by_name);
		for (size_t j = 0; j < ns.n; j++) {
			char *key = xasprintf("%s.%s", k->key, ns.v[j]);
			enum setting_source src;
			char *v = shared_setting_get(st, key, &src);
			if (v)
				fn(key, v, src, arg);
			free(v);
			free(key);
			free(ns.v[j]);
		}
		free(ns.v);
	}
}
