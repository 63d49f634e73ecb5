/* cli.c - placeholder until the commands land. */
#include "cli.h"

#include <stdio.h>

#include "core/i18n.h"
#include "core/util.h"

int cli_main(int argc, char **argv)
{
	i18n_init("id");
	if (argc > 1 && str_eq(argv[1], "--version")) {
		printf("bantu %s\n", BANTU_VERSION);
		return 0;
	}
	puts(_("Offline case management for a Cooperatives & SME Office"));
	return 0;
}
