/* settings_cmd.c - `bantu settings [show] | set KEY VALUE` (see settings_cmd.h). */
#include "cli/settings_cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/safetext.h"
#include "model/shared_settings.h"

static void print_row(const char *key, const char *value, const char *source)
{
	struct safe_pool sp = { 0 };
	printf("%-36s %-20s %s\n", str_safe(&sp, key), str_safe(&sp, value), str_safe(&sp, source));
	safe_pool_release(&sp);
}

static void show_shared(const char *key, const char *value, enum setting_source src, void *arg)
{
	(void)arg;
	char buf[300];
	if (src == SRC_YAML) {
		char origin[256];
		shared_setting_origin(key, origin, sizeof(origin));
		snprintf(buf, sizeof(buf), "yaml %s", origin);
	}
	print_row(key, value, src == SRC_PROVINCE ? _("province")
			      : src == SRC_YAML  ? buf
						 : _("default"));
}

static void show_local(const char *key, const char *value, const char *origin, void *arg)
{
	struct store *st = arg;
	/* Province settings are listed above (a map's entries too). */
	if (shared_setting_is(key))
		return;
	/* The office in effect is the one the database was made for. */
	if (str_eq(key, "office.code") || str_eq(key, "office.name")) {
		print_row(key, str_eq(key, "office.code") ? store_office_code(st) : store_office_name(st),
			  _("database"));
		return;
	}
	char buf[300];
	if (origin && !str_eq(origin, "default") && !str_eq(origin, "command line"))
		snprintf(buf, sizeof(buf), "yaml %s", origin);
	else
		snprintf(buf, sizeof(buf), "%s", str_eq(origin, "command line") ? _("command line")
										: _("default"));
	print_row(key, value, buf);
}

int cli_settings(struct app *app, int argc, char **argv)
{
	if (argc == 1 || (argc == 2 && str_eq(argv[1], "show"))) {
		print_row(_("SETTING"), _("VALUE"), _("FROM"));
		shared_settings_each(app->st, show_shared, NULL);
		config_each(app->cfg, show_local, app->st);
		return 0;
	}
	if (argc == 4 && str_eq(argv[1], "set")) {
		struct err e = { 0 };
		if (!shared_setting_set(app->st, argv[2], argv[3], app->officer, &e)) {
			struct safe_pool sp = { 0 };
			fprintf(stderr, "bantu: settings set: %s\n", str_safe(&sp, e.msg));
			safe_pool_release(&sp);
			return e.code ? e.code : 1;
		}
		char *v = shared_setting_get(app->st, argv[2], NULL);
		struct safe_pool sp = { 0 };
		fprintf(stderr, _("%s = %s: province data, shared with every office by the next"
				  " bundles\n"),
			str_safe(&sp, argv[2]), v ? str_safe(&sp, v) : _("(the default)"));
		safe_pool_release(&sp);
		free(v);
		return 0;
	}
	fprintf(stderr, _("bantu: usage: bantu settings %s\n"), "[show] | set KEY VALUE");
	return 2;
}
