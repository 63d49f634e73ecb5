/* program.c - the list of programs (see program.h). Each program's records,
 * rules and summary live in model/prog_*.c. */
#include "model/program.h"

#include <stdlib.h>

#include "model/prog4.h"
#include "model/prog_apd.h"
#include "model/prog_prakerja.h"
#include "model/prog_restru.h"
#include "model/prog_stimulus.h"
#include "model/rules.h"

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
	rules_install();
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

size_t summary_where(const struct summary_filter *f, const char *date_field,
		     struct agg_where *w, size_t n)
{
	if (f && f->kabupaten)
		w[n++] = (struct agg_where){ "kabupaten_kota", "=", f->kabupaten };
	if (f && f->from && date_field)
		w[n++] = (struct agg_where){ date_field, ">=", f->from };
	if (f && f->to && date_field)
		w[n++] = (struct agg_where){ date_field, "<=", f->to };
	return n;
}

bool summary_into_row(const char *group, int64_t count, const int64_t *sums, void *arg)
{
	struct summary_into *a = arg;
	long r = table_find_row(a->t, group ? group : "");
	if (r < 0 && a->label_of) {
		r = (long)table_add_row(a->t, group ? group : "");
		char *label = group ? registry_display(a->st, a->label_of, group) : xstrdup("-");
		table_set_text(a->t, (size_t)r, 0, label);
		free(label);
	}
	if (r < 0)
		return true;
	table_add_num(a->t, (size_t)r, a->col, count);
	for (int i = 0; i < a->nsums; i++)
		table_add_num(a->t, (size_t)r, a->col + 1 + (size_t)i, sums[i]);
	return true;
}
