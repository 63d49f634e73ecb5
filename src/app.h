/*
 * app.h - the one application context, shared by the command line and the TUI:
 * the open database, the settings in effect and who is working. Owned by cli.c.
 */
#ifndef BANTU_APP_H
#define BANTU_APP_H

#include "core/config.h"
#include "store/store.h"

struct app {
	struct store *st;          /* open database (NULL before init) */
	struct config *cfg;        /* settings in effect */
	const char *db_path;
	const char *config_path;   /* --config, or NULL */
	const char *officer;       /* who is recorded in ops: --officer or the system user */
};

#endif
