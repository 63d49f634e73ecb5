/*
 * clock.h - the one wall clock every part of Bantu reads (op clocks, bundle
 * times, today's date). BANTU_NOW=SECONDS (since 1970, UTC) sets it for tests:
 * faketime works by LD_PRELOAD, which the sanitizer build refuses.
 */
#ifndef BANTU_CLOCK_H
#define BANTU_CLOCK_H

#include <stdint.h>

/* Milliseconds since 1970-01-01 UTC: BANTU_NOW when it is a whole number of
 * seconds (read once, at the first call), otherwise the system's real-time clock. */
int64_t clock_now_ms(void);

#endif
