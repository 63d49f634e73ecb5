/*
 * demo_prog6.h - demo records of programs 4 and 7 (APD production, loan
 * restructuring), made by `bantu demo` after the businesses.
 */
#ifndef BANTU_DEMO_PROG6_H
#define BANTU_DEMO_PROG6_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* Adds APD orders, deliveries, payments, distributions and restructuring cases
 * naming businesses already in st; inside the caller's transaction. Nothing when
 * st holds fewer than DEMO_PROG6_MIN businesses (a small demo stays registry-only,
 * one op per business). */
#define DEMO_PROG6_MIN 500
bool demo_prog6(struct store *st, uint64_t seed, const char *officer, struct err *e);

#endif
