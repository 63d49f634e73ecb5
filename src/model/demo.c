/* demo.c - placeholder until branch demo lands. */
#include "model/demo.h"

#include "core/i18n.h"

long demo_fill(struct store *st, const struct config *cfg, long n_umkm, long n_koperasi,
	       uint64_t seed, void (*progress)(long done, long total, void *arg), void *arg,
	       const char *officer, struct err *e)
{
	(void)st; (void)cfg; (void)n_umkm; (void)n_koperasi; (void)seed; (void)progress;
	(void)arg; (void)officer;
	err_set(e, 1, "%s", _("demo data is not built yet"));
	return -1;
}
