/*
 * gen-man-keys.c - prints the key table of man/bantu.1 (roff) from the action
 * table, so the man page cannot drift from the keys. Built as a separate tool
 * (build/gen-man-keys); `make man` puts its output between the markers
 * .\" BEGIN KEYS and .\" END KEYS, and tests/screen/man_keys.sh checks it.
 */
#include <stdio.h>

#include "tui/action.h"

int main(void)
{
	action_print_man(stdout);
	return ferror(stdout) ? 1 : 0;
}
