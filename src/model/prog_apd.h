/*
 * prog_apd.h - program 4, Produksi APD: orders of protective equipment to UMKM
 * and koperasi producers, deliveries against them (inspected: accepted and
 * rejected), payments to producers, stock per item and office, and distributions
 * of items or packages to recipient groups. Items, units, the package and the
 * target come from the config (programs.apd).
 */
#ifndef BANTU_PROG_APD_H
#define BANTU_PROG_APD_H

#include "core/config.h"
#include "model/program.h"

extern const struct entity_meta meta_apd_pesanan;
extern const struct entity_meta meta_apd_penerimaan;
extern const struct entity_meta meta_apd_bayar;
extern const struct entity_meta meta_apd_penyaluran;
extern const struct program program_apd;

/* The value of barang for a distribution of packages. */
#define APD_PAKET "paket"

/* Reads programs.apd (items and units, the package, the target); cfg NULL or
 * without those keys keeps the defaults (the ones in config/bantu.yaml). */
void apd_configure(const struct config *cfg);

/* Items in config order: count, and item i's name and unit. */
size_t apd_item_count(void);
const char *apd_item_name(size_t i);
const char *apd_item_unit(size_t i);
/* How many of item one package holds (0 when none). */
int64_t apd_package_qty(const char *item);

/* An order's totals from its deliveries and payments. */
struct apd_order_totals {
	int64_t ordered, received, rejected, accepted, owed, paid;
};
bool apd_order_totals(struct store *st, const struct rid *order, struct apd_order_totals *out);
/* An order's state: "dipesan", "sebagian diterima", "selesai" or "terlambat"
 * (past due, not complete), from its deliveries and today's date. */
const char *apd_order_state(struct store *st, const struct record *order);
/* Stock of item at an office: accepted deliveries minus distributions (a
 * package counts its items). */
int64_t apd_stock(struct store *st, const char *office, const char *item);

#endif
