/* clockwarn.c - is this computer's clock right? Asked before local edits. */
#include "sync/clockwarn.h"

#include "core/clock.h"
#include "store/sync.h"

enum clock_state sync_clock_check(struct store *st, int64_t *now_ms, int64_t *province_ms)
{
	int64_t prov = 0, seen = 0, now = clock_now_ms();
	*now_ms = now;
	*province_ms = 0;
	if (store_province_time(st, &prov, &seen)) {
		int64_t drift = store_clock_drift(st);
		*province_ms = prov;
		/* Behind: the province had reached prov before now. Ahead: when the
		 * bundle came in, its time was at most CLOCK_TRANSIT_MS old; since then,
		 * this clock is the only witness of the time elapsed, so a jump is
		 * called wrong only past a year. */
		if (now < prov - drift || seen > prov + CLOCK_TRANSIT_MS + drift ||
		    now > prov + CLOCK_AHEAD_MS + drift)
			return CLOCK_PROVINCE;
	}
	if (store_clock_behind(st))
		return CLOCK_BEHIND;
	if (store_clock_ahead(st))
		return CLOCK_AHEAD;
	return CLOCK_OK;
}
