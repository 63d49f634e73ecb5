/*
 * settings_cmd.h - `bantu settings`: every setting in effect and where it comes
 * from (province data, the settings file, the default); `settings set KEY
 * VALUE` sets a province setting (model/shared_settings.h) at the province.
 */
#ifndef BANTU_SETTINGS_CMD_H
#define BANTU_SETTINGS_CMD_H

#include "app.h"

int cli_settings(struct app *app, int argc, char **argv);

#endif
