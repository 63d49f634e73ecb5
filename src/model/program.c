/* program.c - the list of programs (see program.h). Each program's records,
 * rules and summary live in model/prog_*.c. */
#include "model/program.h"

#include "model/prog4.h"
#include "model/prog_apd.h"
#include "model/prog_prakerja.h"
#include "model/prog_restru.h"
#include "model/prog_stimulus.h"

/* In the home menu's order. */
const struct program *const program_all[] = {
	&program_warung,
	&program_produk,
	&program_stimulus,
	&program_apd,
	&program_pelatihan,
	&program_prakerja,
	&program_restrukturisasi,
	NULL
};

static const struct config *settings;

void program_set_config(const struct config *cfg)
{
	settings = cfg;
	stimulus_configure(cfg);
}

const struct config *program_config(void)
{
	return settings;
}

void programs_configure(const struct config *cfg)
{
	program_set_config(cfg);
	apd_configure(cfg);
	prog4_configure(cfg);
}

const struct program *program_find(const char *name)
{
	for (size_t i = 0; program_all[i]; i++)
		if (str_eq(program_all[i]->name, name))
			return program_all[i];
	return NULL;
}
