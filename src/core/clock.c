/* clock.c - the wall clock, with the test hook BANTU_NOW. */
#include "core/clock.h"

#include <stdlib.h>
#include <time.h>

#include "core/util.h"

int64_t clock_now_ms(void)
{
	/* Read once per process: bulk imports ask for the time per record. */
	static int hook = -1; /* -1 not read yet, 0 none, 1 set */
	static int64_t fixed;
	if (hook < 0) {
		const char *s = getenv("BANTU_NOW");
		char *end = NULL;
		long long v = str_empty(s) ? -1 : strtoll(s, &end, 10);
		/* Up to the year 9999: an op clock holds 48 bits of milliseconds. */
		hook = end && !*end && v >= 0 && v < 253402300800LL;
		fixed = hook ? (int64_t)v * 1000 : 0;
	}
	if (hook)
		return fixed;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
