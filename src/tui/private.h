/* private.h - what the TUI's own files share and screens do not need. */
#ifndef BANTU_TUI_PRIVATE_H
#define BANTU_TUI_PRIVATE_H

#include "tui/screen.h"

/* Sets up the colour pairs; once, after initscr, when colour is wanted. */
void tui_colors_init(void);

#endif
