/*
 * tui.h - the keyboard-first terminal interface (ncurses). The only layer that
 * draws; it calls the model for every rule and the store only through the model
 * and store APIs (no SQL here).
 */
#ifndef BANTU_TUI_H
#define BANTU_TUI_H

#include "app.h"

/* Runs the TUI on an open, initialised database until the user quits.
 * Returns the exit status (0). The terminal is restored on every exit path. */
int tui_run(struct app *app);

#endif
