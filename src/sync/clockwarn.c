/* clockwarn.c - the clock warning before local edits. */
#include "sync/clockwarn.h"

#include <stdio.h>
#include <time.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "store/sync.h"

static void day_text(int64_t ms, char *buf, size_t size)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(buf, size, "%d/%m/%Y %H:%M", &tm))
		snprintf(buf, size, "?");
}

const char *sync_clock_warning(struct store *st, char *buf, size_t size)
{
	int64_t prov = 0, seen = 0;
	if (store_province_time(st, &prov, &seen)) {
		int64_t now = clock_now_ms(), drift = store_clock_drift(st);
		/* Behind: the province had reached prov before now. Ahead: when the
		 * bundle came in, its time was at most CLOCK_TRANSIT_MS old; since then,
		 * this clock is the only witness of the time elapsed, so a jump is
		 * called wrong only past a year. */
		if (now < prov - drift || seen > prov + CLOCK_TRANSIT_MS + drift ||
		    now > prov + CLOCK_AHEAD_MS + drift) {
			char mine[32], theirs[32];
			day_text(now, mine, sizeof(mine));
			day_text(prov, theirs, sizeof(theirs));
			snprintf(buf, size, _("this computer's clock (%s) disagrees with the province's"
					      " (%s, signed in its last bundle); set the date"),
				 mine, theirs);
			return buf;
		}
	}
	if (store_clock_behind(st)) {
		snprintf(buf, size, "%s", _("this computer's clock is behind changes already recorded;"
					    " set the date"));
		return buf;
	}
	if (store_clock_ahead(st)) {
		snprintf(buf, size, "%s", _("this computer's clock is more than a year ahead of every"
					    " change recorded; check the date"));
		return buf;
	}
	return NULL;
}
