/*
 * clockwarn.h - whether this computer's clock looks wrong, asked before local
 * edits (the command line's changing commands, the screens at start): a wrong
 * date stamps every change wrongly. The faces word the warning.
 */
#ifndef BANTU_CLOCKWARN_H
#define BANTU_CLOCKWARN_H

#include "store/store.h"

/* A bundle may spend this long on its way (USB sticks carried by hand): a
 * clock ahead of the province's signed time by less is not called wrong. */
#define CLOCK_TRANSIT_MS ((int64_t)30 * 86400 * 1000)
/* Past this, a clock ahead of the province's last signed time is called wrong
 * even when it was right at the import (the time elapsed since has no witness
 * but this clock itself). */
#define CLOCK_AHEAD_MS ((int64_t)366 * 86400 * 1000)

enum clock_state {
	CLOCK_OK,
	/* At a district: differing from the province's wall time, as it signed it
	 * in the newest bundle received from it, by more than the time elapsed
	 * since plus the drift (store_clock_drift): behind it by more than the
	 * drift; ahead of it, when that bundle was imported, by more than
	 * CLOCK_TRANSIT_MS plus the drift, or now by more than CLOCK_AHEAD_MS plus
	 * the drift. *now_ms and *province_ms say both times. */
	CLOCK_PROVINCE,
	CLOCK_BEHIND,   /* behind changes already recorded here */
	CLOCK_AHEAD,    /* more than a year ahead of every change recorded */
};

enum clock_state sync_clock_check(struct store *st, int64_t *now_ms, int64_t *province_ms);

#endif
