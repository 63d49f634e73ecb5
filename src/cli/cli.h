/*
 * cli.h - the command line: global options (--db, --config, --lang) before a
 * command, as with git; dispatch to a headless command or to the TUI.
 */
#ifndef BANTU_CLI_H
#define BANTU_CLI_H

/* Runs Bantu with the process's arguments; returns the exit status. */
int cli_main(int argc, char **argv);

#endif
