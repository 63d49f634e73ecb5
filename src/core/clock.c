/* clock.c - the wall clock, with the test hook BANTU_NOW. */
#include "core/clock.h"

#include <stdlib.h>
#include <time.h>

#include "core/util.h"

int64_t clock_now_ms(void)
{
	const char *s = getenv("BANTU_NOW");
	if (!str_empty(s)) {
		char *end = NULL;
		long long v = strtoll(s, &end, 10);
		/* Up to the year 9999: an op clock holds 48 bits of milliseconds. */
		if (end && !*end && v >= 0 && v < 253402300800LL)
			return (int64_t)v * 1000;
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
