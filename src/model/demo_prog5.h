/*
 * demo_prog5.h - demo records of the stimulus and Kartu Prakerja programs,
 * made through registry_save (every rule holds) from the businesses already
 * in the database: applications in every state (decisions and payments only
 * at the office that decides), referrals with one batch forwarded under the
 * letter DEMO_PRAKERJA_LETTER. Only at the office that decides (the province,
 * or the office the settings name): a district's demo is the registry alone.
 */
#ifndef BANTU_DEMO_PROG5_H
#define BANTU_DEMO_PROG5_H

#include <stdint.h>

#include "store/store.h"

#define DEMO_PRAKERJA_LETTER "560/101/DKUKM/V/2020"

/* Returns the number of program records made, or -1 with e. */
long demo_prog5(struct store *st, uint64_t seed, const char *officer, struct err *e);

#endif
