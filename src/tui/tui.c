/* tui.c - placeholder until the TUI lands (branch tui). */
#include "tui/tui.h"

#include <stdio.h>

#include "core/i18n.h"

int tui_run(struct app *app)
{
	(void)app;
	fprintf(stderr, "bantu: %s\n", _("the screens are not built yet"));
	return 1;
}
