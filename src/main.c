/* main.c - entry point: global options, then a headless command or the TUI. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
