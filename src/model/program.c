/* program.c - the list of programs (see program.h). Each program's records,
 * rules and summary live in model/prog_*.c. */
#include "model/program.h"

const struct program *const program_all[] = {
	NULL
};

const struct program *program_find(const char *name)
{
	for (size_t i = 0; program_all[i]; i++)
		if (str_eq(program_all[i]->name, name))
			return program_all[i];
	return NULL;
}
