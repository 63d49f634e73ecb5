/* demo.h - synthetic demo data (placeholder until branch demo lands). */
#ifndef BANTU_DEMO_H
#define BANTU_DEMO_H

#include <stdint.h>

#include "core/config.h"
#include "store/store.h"

long demo_fill(struct store *st, const struct config *cfg, long n_umkm, long n_koperasi,
	       uint64_t seed, void (*progress)(long done, long total, void *arg), void *arg,
	       const char *officer, struct err *e);

#endif
