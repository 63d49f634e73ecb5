/* test_config.c - settings: defaults, overrides, every error with its position,
 * the user-file lookup, lists, maps, origins and config_set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/config.h"

/* Loads defaults + text as file "u.yaml"; the load must succeed. */
static struct config *load_ok(const char *text)
{
	struct err e;
	err_clear(&e);
	struct config *cfg = config_load_text(text, strlen(text), "u.yaml", &e);
	if (!cfg)
		fail_msg("unexpected error: %s", e.msg);
	return cfg;
}

/* Loads text as "u.yaml"; the load must fail with code 2 and exactly msg. */
static void load_fails(const char *text, const char *msg)
{
	struct err e;
	err_clear(&e);
	struct config *cfg = config_load_text(text, strlen(text), "u.yaml", &e);
	assert_null(cfg);
	assert_int_equal(e.code, 2);
	assert_string_equal(e.msg, msg);
}

static void test_defaults(void **state)
{
	(void)state;
	struct err e;
	err_clear(&e);
	struct config *cfg = config_load_text("", 0, "empty.yaml", &e);
	assert_non_null(cfg);
	assert_string_equal(config_str(cfg, "office.code"), "18");
	assert_string_equal(config_str(cfg, "office.name"),
			    "Dinas Koperasi dan UMKM Provinsi Lampung");
	assert_string_equal(config_str(cfg, "province"), "18");
	assert_string_equal(config_str(cfg, "language"), "id");
	assert_string_equal(config_str(cfg, "regions"), "embedded");
	assert_true(config_bool(cfg, "ui.color"));
	assert_true(config_bool(cfg, "ui.auto_advance"));
	assert_int_equal(config_int(cfg, "login.max_attempts"), 5);
	assert_int_equal(config_int(cfg, "login.idle_lock_minutes"), 10);
	assert_int_equal(config_int(cfg, "login.idle_lock_seconds"), 0);
	assert_int_equal(config_int(cfg, "programs.stimulus.budget"), 2000000000);
	assert_int_equal(config_int(cfg, "programs.stimulus.max_per_nik"), 1);
	assert_int_equal(config_int(cfg, "programs.warung.target_total"), 226);
	assert_int_equal(config_int(cfg, "programs.apd.target_packages"), 10000);
	size_t n = 99;
	const char *const *scales = config_list(cfg, "registry.scales", &n);
	assert_int_equal(n, 3);
	assert_string_equal(scales[0], "mikro");
	assert_string_equal(scales[1], "kecil");
	assert_string_equal(scales[2], "menengah");
	assert_string_equal(config_str(cfg, "registry.scales"), "mikro, kecil, menengah");
	assert_int_equal(config_map_size(cfg, "keys"), 0);
	assert_int_equal(config_map_size(cfg, "programs.warung.targets"), 0);
	assert_string_equal(config_origin(cfg, "language"), "default");
	config_free(cfg);
}

static void test_fallbacks(void **state)
{
	(void)state;
	struct config *cfg = load_ok("");
	assert_null(config_str(cfg, "no.such.key"));
	assert_null(config_str(cfg, "office"));          /* a section, not a value */
	assert_int_equal(config_int(cfg, "no.such.key"), 0);
	assert_int_equal(config_int(cfg, "office.name"), 0);
	assert_false(config_bool(cfg, "no.such.key"));
	assert_false(config_bool(cfg, "login.max_attempts")); /* a number, not a boolean */
	size_t n = 7;
	assert_null(config_list(cfg, "language", &n));
	assert_int_equal(n, 0);
	assert_null(config_map_key(cfg, "keys", 0));
	assert_null(config_map_value(cfg, "keys", 0));
	assert_null(config_map_get(cfg, "keys", "save"));
	assert_null(config_origin(cfg, "no.such.key"));
	config_free(cfg);
	config_free(NULL);
}

static void test_override_key_by_key(void **state)
{
	(void)state;
	struct config *cfg = load_ok("# Kota Bandar Lampung\n"
				     "office:\n"
				     "  code: \"18.71\"\n"
				     "programs:\n"
				     "  stimulus:\n"
				     "    max_per_nik: 2\n");
	assert_string_equal(config_str(cfg, "office.code"), "18.71");
	assert_string_equal(config_origin(cfg, "office.code"), "u.yaml:3");
	/* The rest of office: and programs: keep the defaults. */
	assert_string_equal(config_str(cfg, "office.name"),
			    "Dinas Koperasi dan UMKM Provinsi Lampung");
	assert_string_equal(config_origin(cfg, "office.name"), "default");
	assert_int_equal(config_int(cfg, "programs.stimulus.max_per_nik"), 2);
	assert_string_equal(config_origin(cfg, "programs.stimulus.max_per_nik"), "u.yaml:6");
	assert_int_equal(config_int(cfg, "programs.stimulus.budget"), 2000000000);
	assert_int_equal(config_int(cfg, "programs.warung.target_total"), 226);
	config_free(cfg);
}

static void test_empty_and_null_files(void **state)
{
	(void)state;
	const char *texts[] = { "", "# only a comment\n", "---\n", "~\n", "---\n...\n",
				"office:\n" };
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
		struct config *cfg = load_ok(texts[i]);
		assert_string_equal(config_str(cfg, "office.code"), "18");
		assert_string_equal(config_origin(cfg, "office.code"), "default");
		config_free(cfg);
	}
}

static void test_values_of_each_type(void **state)
{
	(void)state;
	struct config *cfg = load_ok("language: en\n"
				     "province: 18\n"            /* a plain number is a code too */
				     "ui: {color: tidak}\n"
				     "login: {max_attempts: 100, idle_lock_minutes: 0}\n"
				     "programs:\n"
				     "  stimulus: {budget: 1.500.000.000}\n"
				     "regions: /srv/wilayah.csv\n");
	assert_string_equal(config_str(cfg, "language"), "en");
	assert_string_equal(config_str(cfg, "province"), "18");
	assert_false(config_bool(cfg, "ui.color"));
	assert_string_equal(config_str(cfg, "ui.color"), "false");
	assert_int_equal(config_int(cfg, "login.max_attempts"), 100);
	assert_int_equal(config_int(cfg, "login.idle_lock_minutes"), 0);
	assert_int_equal(config_int(cfg, "programs.stimulus.budget"), 1500000000);
	assert_string_equal(config_str(cfg, "programs.stimulus.budget"), "1500000000");
	assert_string_equal(config_str(cfg, "regions"), "/srv/wilayah.csv");
	config_free(cfg);

	const char *yes[] = { "true", "yes", "ya", "True", "YES" };
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		char text[64];
		snprintf(text, sizeof(text), "ui:\n  color: %s\n", yes[i]);
		cfg = load_ok(text);
		assert_true(config_bool(cfg, "ui.color"));
		config_free(cfg);
	}
	cfg = load_ok("programs: {stimulus: {budget: 0}}\n");
	assert_int_equal(config_int(cfg, "programs.stimulus.budget"), 0);
	config_free(cfg);
	cfg = load_ok("programs: {stimulus: {budget: 999.000}}\n");
	assert_int_equal(config_int(cfg, "programs.stimulus.budget"), 999000);
	config_free(cfg);
}

static void test_syntax_error(void **state)
{
	(void)state;
	load_fails("office:\n  code: \"18\n",
		   "u.yaml:3:1: syntax error: while scanning a quoted scalar "
		   "found unexpected end of stream");
	load_fails("language: id\n  office: x\n",
		   "u.yaml:2:9: syntax error: mapping values are not allowed in this context");
	load_fails("office: [18\n",
		   "u.yaml:2:1: syntax error: while parsing a flow sequence "
		   "did not find expected ',' or ']'");
	load_fails("language: id\n\tprovince: 18\n",
		   "u.yaml:2:1: syntax error: while scanning a plain scalar "
		   "found a tab character that violates indentation");
	load_fails("language: id\n@x: 1\n",
		   "u.yaml:2:1: syntax error: while scanning for the next token "
		   "found character that cannot start any token");
	/* Invalid UTF-8: a reader error, placed from its byte offset. */
	load_fails("language: id\nname: \xff\n",
		   "u.yaml:2:7: syntax error: invalid leading UTF-8 octet");
}

static void test_unknown_key(void **state)
{
	(void)state;
	load_fails("ofice:\n  code: \"18\"\n",
		   "u.yaml:1:1: unknown key 'ofice'; did you mean 'office'?");
	load_fails("office:\n  code: \"18\"\n  nmae: x\n",
		   "u.yaml:3:3: unknown key 'office.nmae'; did you mean 'office.name'?");
	load_fails("langauge: en\n",
		   "u.yaml:1:1: unknown key 'langauge'; did you mean 'language'?");
	load_fails("programs:\n  stimulus:\n    budjet: 5\n",
		   "u.yaml:3:5: unknown key 'programs.stimulus.budjet'; "
		   "did you mean 'programs.stimulus.budget'?");
	/* The right name in the wrong section. */
	load_fails("max_attempts: 3\n",
		   "u.yaml:1:1: unknown key 'max_attempts'; did you mean 'login.max_attempts'?");
	/* Nothing close. */
	load_fails("colour_scheme: dark\n", "u.yaml:1:1: unknown key 'colour_scheme'");
	/* Dotted keys are not a shorthand: one way to write each key. */
	load_fails("office.code: \"18.71\"\n",
		   "u.yaml:1:1: a key may not contain a dot: write 'office.code' as nested keys");
	/* Control characters never reach the terminal. */
	load_fails("\"a\\eb\": 1\n", "u.yaml:1:1: unknown key 'a?b'");
}

static void test_wrong_type(void **state)
{
	(void)state;
	load_fails("office:\n  name: [a, b]\n",
		   "u.yaml:2:9: 'office.name' must be a single value, not a list");
	load_fails("language:\n  en: 1\n",
		   "u.yaml:2:3: 'language' must be a single value, not a map");
	load_fails("office: Dinas\n", "u.yaml:1:9: 'office' must be a map, not a single value");
	load_fails("programs:\n  - stimulus\n",
		   "u.yaml:2:3: 'programs' must be a map, not a list");
	load_fails("registry:\n  scales: mikro\n",
		   "u.yaml:2:11: 'registry.scales' must be a list, not a single value");
	load_fails("registry:\n  scales: [mikro, [kecil]]\n",
		   "u.yaml:2:19: 'registry.scales' must be a single value, not a list");
	load_fails("keys: [save]\n", "u.yaml:1:7: 'keys' must be a map, not a list");
	load_fails("keys:\n  save: {a: b}\n",
		   "u.yaml:2:9: 'keys.save' must be a single value, not a map");
	load_fails("- a\n- b\n", "u.yaml:1:1: the settings must be a map, not a list");
	load_fails("just text\n", "u.yaml:1:1: the settings must be a map, not a single value");
	load_fails("? [a, b]\n: 1\n", "u.yaml:1:3: a key must be a single name, not a list");
}

static void test_bad_values(void **state)
{
	(void)state;
	load_fails("language: fr\n",
		   "u.yaml:1:11: bad value 'fr' for 'language': expected one of: id, en");
	load_fails("office:\n  code: \"1871\"\n",
		   "u.yaml:2:9: bad value '1871' for 'office.code': "
		   "expected a Kemendagri region code such as 18 or 18.71");
	const char *bad_codes[] = { "1", "18.7", "18.710", "18,71", "ab", "18.", "09", "18.00",
				    "18.71.01", "" };
	for (size_t i = 0; i < ARRAY_SIZE(bad_codes); i++) {
		char text[64];
		struct err e;
		snprintf(text, sizeof(text), "province: \"%s\"\n", bad_codes[i]);
		assert_null(config_load_text(text, strlen(text), "u.yaml", &e));
		assert_int_equal(e.code, 2);
		assert_true(str_starts_with(e.msg, "u.yaml:1:11: bad value '"));
	}
	load_fails("login:\n  max_attempts: 0\n",
		   "u.yaml:2:17: bad value '0' for 'login.max_attempts': "
		   "expected a whole number from 1 to 100");
	load_fails("login:\n  idle_lock_minutes: 1441\n",
		   "u.yaml:2:22: bad value '1441' for 'login.idle_lock_minutes': "
		   "expected a whole number from 0 to 1440");
	load_fails("login:\n  max_attempts: 5x\n",
		   "u.yaml:2:17: bad value '5x' for 'login.max_attempts': "
		   "expected a whole number from 1 to 100");
	load_fails("login:\n  max_attempts: 99999999999999999999\n",
		   "u.yaml:2:17: bad value '99999999999999999999' for 'login.max_attempts': "
		   "expected a whole number from 1 to 100");
	const char *bad_money[] = { "-1", "2,000,000", "2.00.000", "2000.000.0", ".000",
				    "1.", "1..000", "1000.000", "Rp2.000", "1.5e9",
				    "99999999999999999999" };
	for (size_t i = 0; i < ARRAY_SIZE(bad_money); i++) {
		char text[96], want[256];
		snprintf(text, sizeof(text), "programs:\n  stimulus:\n    budget: \"%s\"\n",
			 bad_money[i]);
		snprintf(want, sizeof(want),
			 "u.yaml:3:13: bad value '%s' for 'programs.stimulus.budget': "
			 "expected whole Rupiah such as 2000000000 or 2.000.000.000",
			 bad_money[i]);
		load_fails(text, want);
	}
	load_fails("ui:\n  color: maybe\n",
		   "u.yaml:2:10: bad value 'maybe' for 'ui.color': "
		   "expected true or false (yes/no, ya/tidak)");
	load_fails("office:\n  name: \"\"\n",
		   "u.yaml:2:9: bad value '' for 'office.name': expected a text that is not empty");
	load_fails("registry:\n  scales: [mikro, besar]\n",
		   "u.yaml:2:19: bad value 'besar' for 'registry.scales': "
		   "expected one of: mikro, kecil, menengah");
	load_fails("keys:\n  \"save now\": F2\n",
		   "u.yaml:2:3: bad name 'save now' in 'keys': "
		   "expected a name of letters, digits, '-' and '_'");
	load_fails("programs:\n  warung:\n    targets:\n      \"18.7\": 3\n",
		   "u.yaml:4:7: bad name '18.7' in 'programs.warung.targets': "
		   "expected a Kemendagri region code such as 18 or 18.71");
	load_fails("programs:\n  warung:\n    targets: {\"18.71\": -3}\n",
		   "u.yaml:3:24: bad value '-3' for 'programs.warung.targets.18.71': "
		   "expected a whole number from 0 to 1000000");
	/* A long value is cut in the message. */
	char text[256];
	snprintf(text, sizeof(text), "language: %0100d\n", 7);
	struct err e;
	assert_null(config_load_text(text, strlen(text), "u.yaml", &e));
	assert_non_null(strstr(e.msg, "0000...' for 'language'"));
	assert_true(strlen(e.msg) < 160);
}

static void test_duplicate_key(void **state)
{
	(void)state;
	load_fails("language: id\nprovince: \"18\"\nlanguage: en\n",
		   "u.yaml:3:1: duplicate key 'language' (first at line 1)");
	load_fails("office:\n  code: \"18\"\n  code: \"18.71\"\n",
		   "u.yaml:3:3: duplicate key 'office.code' (first at line 2)");
	load_fails("office:\n  code: \"18\"\noffice:\n  name: x\n",
		   "u.yaml:3:1: duplicate key 'office' (first at line 1)");
	load_fails("keys: {save: F2, quit: F10, save: F3}\n",
		   "u.yaml:1:29: duplicate key 'keys.save' (first at line 1)");
}

static void test_other_document_errors(void **state)
{
	(void)state;
	load_fails("language: id\n---\nlanguage: en\n",
		   "u.yaml:2:1: only one YAML document is allowed");
	load_fails("office: &o\n  code: \"18\"\nprovince: *o\n",
		   "u.yaml:3:11: aliases (*name) are not allowed in settings");
	/* Deep nesting is refused before it can exhaust the stack. */
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 200; i++)
		strbuf_addch(&sb, '[');
	for (int i = 0; i < 200; i++)
		strbuf_addch(&sb, ']');
	strbuf_addch(&sb, '\n');
	struct err e;
	assert_null(config_load_text(sb.buf, sb.len, "u.yaml", &e));
	assert_string_equal(e.msg, "u.yaml:1:34: nesting is too deep");
	strbuf_release(&sb);
}

static void test_lists(void **state)
{
	(void)state;
	struct config *cfg = load_ok("registry:\n  scales:\n    - mikro\n    - kecil\n");
	size_t n;
	const char *const *items = config_list(cfg, "registry.scales", &n);
	assert_int_equal(n, 2);
	assert_string_equal(items[0], "mikro");
	assert_string_equal(items[1], "kecil");
	assert_string_equal(config_str(cfg, "registry.scales"), "mikro, kecil");
	assert_string_equal(config_origin(cfg, "registry.scales"), "u.yaml:2");
	config_free(cfg);

	cfg = load_ok("registry:\n  scales: []\n");
	items = config_list(cfg, "registry.scales", &n);
	assert_non_null(items);
	assert_int_equal(n, 0);
	assert_string_equal(config_str(cfg, "registry.scales"), "");
	config_free(cfg);
}

static void test_map_entry_errors(void **state)
{
	(void)state;
	load_fails("keys:\n"
		   "  save: F3\n"
		   "programs:\n"
		   "  warung:\n"
		   "    targets:\n"
		   "      \"18.71\": 20\n"
		   "      \"18.01\": 1.5e1x\n",
		   "u.yaml:7:16: bad value '1.5e1x' for 'programs.warung.targets.18.01': "
		   "expected a whole number from 0 to 1000000");
}

static void test_maps_ok(void **state)
{
	(void)state;
	struct config *cfg = load_ok("keys:\n"
				     "  save: F3\n"
				     "  search: \"/\"\n"
				     "programs:\n"
				     "  warung:\n"
				     "    targets:\n"
				     "      \"18.71\": 20\n"
				     "      \"18.01\": 015\n");
	assert_int_equal(config_map_size(cfg, "keys"), 2);
	assert_string_equal(config_map_key(cfg, "keys", 0), "save");
	assert_string_equal(config_map_value(cfg, "keys", 0), "F3");
	assert_string_equal(config_map_key(cfg, "keys", 1), "search");
	assert_string_equal(config_map_get(cfg, "keys", "search"), "/");
	assert_null(config_map_get(cfg, "keys", "quit"));
	assert_null(config_map_key(cfg, "keys", 2));
	assert_string_equal(config_origin(cfg, "keys"), "u.yaml:1");
	assert_int_equal(config_map_size(cfg, "programs.warung.targets"), 2);
	assert_string_equal(config_map_get(cfg, "programs.warung.targets", "18.71"), "20");
	assert_string_equal(config_map_get(cfg, "programs.warung.targets", "18.01"), "15");
	/* target_total beside targets keeps its default. */
	assert_int_equal(config_int(cfg, "programs.warung.target_total"), 226);
	config_free(cfg);
}

/* Writes text to a fresh file under dir; returns its path (caller frees). */
static char *write_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return path;
}

static char *make_temp_dir(void)
{
	char tmpl[] = "/tmp/bantu-config-test-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	return xstrdup(tmpl);
}

static void test_load_path(void **state)
{
	(void)state;
	char *dir = make_temp_dir();
	char *path = write_file(dir, "mine.yaml", "office:\n  code: \"18.71\"\nlanguage: en\n");
	struct err e;
	err_clear(&e);
	struct config *cfg = config_load(path, &e);
	assert_non_null(cfg);
	assert_string_equal(config_str(cfg, "office.code"), "18.71");
	assert_string_equal(config_str(cfg, "language"), "en");
	char *want = xasprintf("%s:3", path);
	assert_string_equal(config_origin(cfg, "language"), want);
	free(want);
	config_free(cfg);

	/* An error names the file as given. */
	char *bad = write_file(dir, "bad.yaml", "\nlanguage: fr\n");
	assert_null(config_load(bad, &e));
	assert_int_equal(e.code, 2);
	want = xasprintf("%s:2:11: bad value 'fr' for 'language': expected one of: id, en", bad);
	assert_string_equal(e.msg, want);
	free(want);

	/* A path that does not exist is an error, not "use the defaults". */
	char *missing = xasprintf("%s/missing.yaml", dir);
	err_clear(&e);
	assert_null(config_load(missing, &e));
	assert_int_equal(e.code, 2);
	assert_true(str_starts_with(e.msg, missing));
	assert_non_null(strstr(e.msg, "No such file"));

	unlink(path);
	unlink(bad);
	rmdir(dir);
	free(missing);
	free(bad);
	free(path);
	free(dir);
}

/* Sets or clears an environment variable, keeping the old value in *saved. */
static void env_swap(const char *name, const char *value, char **saved)
{
	const char *old = getenv(name);
	*saved = old ? xstrdup(old) : NULL;
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
}

static void env_restore(const char *name, char *saved)
{
	if (saved)
		setenv(name, saved, 1);
	else
		unsetenv(name);
	free(saved);
}

static void test_user_file_lookup(void **state)
{
	(void)state;
	char *dir = make_temp_dir();
	char *sub = xasprintf("%s/bantu", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	char *old_xdg, *old_home;
	env_swap("XDG_CONFIG_HOME", dir, &old_xdg);
	env_swap("HOME", "/nonexistent-home", &old_home);

	/* No file there yet: the defaults alone. */
	struct err e;
	err_clear(&e);
	struct config *cfg = config_load(NULL, &e);
	assert_non_null(cfg);
	assert_string_equal(config_str(cfg, "language"), "id");
	config_free(cfg);

	/* $XDG_CONFIG_HOME/bantu/bantu.yaml is read when it exists. */
	char *path = write_file(sub, "bantu.yaml", "login:\n  max_attempts: 3\n");
	cfg = config_load(NULL, &e);
	assert_non_null(cfg);
	assert_int_equal(config_int(cfg, "login.max_attempts"), 3);
	char *want = xasprintf("%s:2", path);
	assert_string_equal(config_origin(cfg, "login.max_attempts"), want);
	free(want);
	config_free(cfg);

	/* And its errors are reported with its path. */
	unlink(path);
	free(path);
	path = write_file(sub, "bantu.yaml", "login:\n  max_atempts: 3\n");
	assert_null(config_load(NULL, &e));
	want = xasprintf("%s:2:3: unknown key 'login.max_atempts'; "
			 "did you mean 'login.max_attempts'?", path);
	assert_string_equal(e.msg, want);
	free(want);

	/* Without XDG_CONFIG_HOME: ~/.config/bantu/bantu.yaml. */
	char *cfgdir = xasprintf("%s/.config", dir), *cfgsub = xasprintf("%s/bantu", cfgdir);
	assert_int_equal(mkdir(cfgdir, 0700), 0);
	assert_int_equal(mkdir(cfgsub, 0700), 0);
	char *home_file = write_file(cfgsub, "bantu.yaml", "language: en\n");
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", dir, 1);
	cfg = config_load(NULL, &e);
	assert_non_null(cfg);
	assert_string_equal(config_str(cfg, "language"), "en");
	config_free(cfg);

	env_restore("XDG_CONFIG_HOME", old_xdg);
	env_restore("HOME", old_home);
	unlink(home_file);
	unlink(path);
	rmdir(cfgsub);
	rmdir(cfgdir);
	rmdir(sub);
	rmdir(dir);
	free(home_file);
	free(cfgsub);
	free(cfgdir);
	free(path);
	free(sub);
	free(dir);
}

static void test_origin(void **state)
{
	(void)state;
	struct config *cfg = load_ok("\n\nlanguage: en\nkeys: {save: F3}\n");
	assert_string_equal(config_origin(cfg, "language"), "u.yaml:3");
	assert_string_equal(config_origin(cfg, "province"), "default");
	assert_string_equal(config_origin(cfg, "keys"), "u.yaml:4");
	assert_string_equal(config_origin(cfg, "programs.warung.targets"), "default");
	assert_null(config_origin(cfg, "office"));
	assert_null(config_origin(cfg, NULL));
	config_free(cfg);
}

static void test_set(void **state)
{
	(void)state;
	struct config *cfg = load_ok("language: id\n");
	struct err e;
	err_clear(&e);
	assert_true(config_set(cfg, "language", "en", &e));
	assert_string_equal(config_str(cfg, "language"), "en");
	assert_string_equal(config_origin(cfg, "language"), "command line");

	assert_true(config_set(cfg, "programs.stimulus.budget", "3.000.000", &e));
	assert_int_equal(config_int(cfg, "programs.stimulus.budget"), 3000000);
	assert_true(config_set(cfg, "ui.color", "no", &e));
	assert_false(config_bool(cfg, "ui.color"));
	assert_true(config_set(cfg, "registry.scales", " mikro ,kecil", &e));
	size_t n;
	const char *const *items = config_list(cfg, "registry.scales", &n);
	assert_int_equal(n, 2);
	assert_string_equal(items[0], "mikro");
	assert_string_equal(items[1], "kecil");
	assert_true(config_set(cfg, "registry.scales", "", &e));
	config_list(cfg, "registry.scales", &n);
	assert_int_equal(n, 0);
	assert_true(config_set(cfg, "keys.save", "F3", &e));
	assert_string_equal(config_map_get(cfg, "keys", "save"), "F3");
	assert_true(config_set(cfg, "programs.warung.targets.18.71", "20", &e));
	assert_string_equal(config_map_get(cfg, "programs.warung.targets", "18.71"), "20");

	/* Refused values leave the setting as it was, and say why without a position. */
	assert_false(config_set(cfg, "language", "fr", &e));
	assert_int_equal(e.code, 2);
	assert_string_equal(e.msg, "bad value 'fr' for 'language': expected one of: id, en");
	assert_string_equal(config_str(cfg, "language"), "en");
	assert_false(config_set(cfg, "login.max_attempts", "101", &e));
	assert_string_equal(e.msg, "bad value '101' for 'login.max_attempts': "
				   "expected a whole number from 1 to 100");
	assert_int_equal(config_int(cfg, "login.max_attempts"), 5);
	assert_string_equal(config_origin(cfg, "login.max_attempts"), "default");
	assert_false(config_set(cfg, "registry.scales", "mikro, besar", &e));
	assert_string_equal(config_str(cfg, "registry.scales"), "");
	assert_false(config_set(cfg, "langage", "en", &e));
	assert_string_equal(e.msg, "unknown key 'langage'; did you mean 'language'?");
	assert_false(config_set(cfg, "keys", "F3", &e));
	assert_string_equal(e.msg, "'keys' is a map: set one entry, as in 'keys.NAME'");
	assert_false(config_set(cfg, "programs.warung.targets.1871", "2", &e));
	assert_string_equal(e.msg, "bad name '1871' in 'programs.warung.targets': "
				   "expected a Kemendagri region code such as 18 or 18.71");
	assert_false(config_set(cfg, "office", "x", &e));
	assert_string_equal(e.msg, "'office' is a section: set one of its keys, as in 'office.code'");
	assert_false(config_set(cfg, "programs.stimulus", "1", &e));
	assert_string_equal(e.msg, "'programs.stimulus' is a section: set one of its keys, "
				   "as in 'programs.stimulus.budget'");
	assert_false(config_set(cfg, "nothing.like.this", "1", &e));
	assert_string_equal(e.msg, "unknown key 'nothing.like.this'");
	assert_false(config_set(cfg, NULL, "1", &e));
	assert_int_equal(e.code, 2);
	config_free(cfg);
}

struct walk {
	struct strbuf out;
};

static void collect(const char *key, const char *value, const char *origin, void *arg)
{
	struct walk *w = arg;
	strbuf_addf(&w->out, "%s=%s (%s)\n", key, value, origin);
}

static void test_each(void **state)
{
	(void)state;
	struct config *cfg = load_ok("language: en\n"
				     "keys: {save: F3}\n"
				     "programs: {warung: {targets: {\"18.71\": 20}}}\n");
	assert_true(config_set(cfg, "login.idle_lock_minutes", "30", NULL));
	struct walk w = { STRBUF_INIT };
	config_each(cfg, collect, &w);
	assert_string_equal(strbuf_str(&w.out),
			    "office.code=18 (default)\n"
			    "office.name=Dinas Koperasi dan UMKM Provinsi Lampung (default)\n"
			    "province=18 (default)\n"
			    "language=en (u.yaml:1)\n"
			    "regions=embedded (default)\n"
			    "keys.save=F3 (u.yaml:2)\n"
			    "ui.color=true (default)\n"
			    "ui.auto_advance=true (default)\n"
			    "login.max_attempts=5 (default)\n"
			    "login.idle_lock_minutes=30 (command line)\n"
			    "login.idle_lock_seconds=0 (default)\n"
			    "sync.clock_drift_minutes=1440 (default)\n"
			    "roles.decide=pimpinan, admin (default)\n"
			    "registry.scales=mikro, kecil, menengah (default)\n"
			    "programs.stimulus.budget=2000000000 (default)\n"
			    "programs.stimulus.max_per_nik=1 (default)\n"
			    "programs.stimulus.checklist=NIK valid, usaha skala mikro, bukan ASN / TNI /"
			    " Polri / pegawai BUMN, tidak sedang menerima kredit bank atau KUR, terdampak"
			    " (default)\n"
			    "programs.warung.target_total=226 (default)\n"
			    "programs.warung.targets.18.71=20 (u.yaml:3)\n"
			    "programs.produk.categories=makanan, minuman, fesyen, kerajinan, pertanian, jasa, lainnya (default)\n"
			    "programs.pelatihan.topics=pemasaran digital, pembukuan sederhana, pengemasan produk, akses permodalan, perizinan usaha, lainnya (default)\n"
			    "programs.apd.target_packages=10000 (default)\n"
			    "programs.apd.items.masker kain=lembar (default)\n"
			    "programs.apd.items.face shield=buah (default)\n"
			    "programs.apd.items.gaun medis=potong (default)\n"
			    "programs.apd.items.hand sanitizer=botol (default)\n"
			    "programs.apd.items.sarung tangan=pasang (default)\n"
			    "programs.apd.package.masker kain=5 (default)\n"
			    "programs.apd.package.face shield=1 (default)\n"
			    "programs.apd.package.gaun medis=1 (default)\n"
			    "programs.apd.package.hand sanitizer=1 (default)\n"
			    "programs.apd.package.sarung tangan=2 (default)\n"
			    "demo.weights.18.01=1064301 (default)\n"
			    "demo.weights.18.02=1460045 (default)\n"
			    "demo.weights.18.03=633099 (default)\n"
			    "demo.weights.18.04=302139 (default)\n"
			    "demo.weights.18.05=430021 (default)\n"
			    "demo.weights.18.06=640275 (default)\n"
			    "demo.weights.18.07=1110340 (default)\n"
			    "demo.weights.18.08=473575 (default)\n"
			    "demo.weights.18.09=477468 (default)\n"
			    "demo.weights.18.10=405466 (default)\n"
			    "demo.weights.18.11=227518 (default)\n"
			    "demo.weights.18.12=286162 (default)\n"
			    "demo.weights.18.13=162697 (default)\n"
			    "demo.weights.18.71=1166066 (default)\n"
			    "demo.weights.18.72=168676 (default)\n");
	strbuf_release(&w.out);
	config_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_fallbacks),
		cmocka_unit_test(test_override_key_by_key),
		cmocka_unit_test(test_empty_and_null_files),
		cmocka_unit_test(test_values_of_each_type),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_other_document_errors),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_map_entry_errors),
		cmocka_unit_test(test_maps_ok),
		cmocka_unit_test(test_load_path),
		cmocka_unit_test(test_user_file_lookup),
		cmocka_unit_test(test_origin),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_each),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
