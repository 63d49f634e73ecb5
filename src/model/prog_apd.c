/*
 * prog_apd.c - program 4, Produksi APD (see prog_apd.h). Every total a rule reads
 * (what is still open on an order, an office's stock, what is owed) is summed by
 * store_aggregate inside registry_save's transaction, so two saves cannot both
 * pass on the same remainder.
 */
#include "model/prog_apd.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/format.h"
#include "core/i18n.h"
#include "model/region.h"
#include "model/shared_settings.h"

/* ---- items, package and target (programs.apd) ---- */

#define APD_MAX_ITEMS 16

static struct choice item_choices[APD_MAX_ITEMS + 1] = {
	{ "masker kain", "masker kain" },
	{ "face shield", "face shield" },
	{ "gaun medis", "gaun medis" },
	{ "hand sanitizer", "hand sanitizer" },
	{ "sarung tangan", "sarung tangan" },
	{ NULL, NULL },
};
static const char *item_units[APD_MAX_ITEMS] = { "lembar", "buah", "potong", "botol", "pasang" };
/* Items and the package, for a distribution. */
static struct choice dist_choices[APD_MAX_ITEMS + 2] = {
	{ APD_PAKET, N_("APD package") },
	{ "masker kain", "masker kain" },
	{ "face shield", "face shield" },
	{ "gaun medis", "gaun medis" },
	{ "hand sanitizer", "hand sanitizer" },
	{ "sarung tangan", "sarung tangan" },
	{ NULL, NULL },
};
static struct {
	const char *item;
	int64_t qty;
} package[APD_MAX_ITEMS] = {
	{ "masker kain", 5 }, { "face shield", 1 }, { "gaun medis", 1 },
	{ "hand sanitizer", 1 }, { "sarung tangan", 2 },
};
static size_t npackage = 5;

/* Copies of the configured names: they outlive the config. */
static char item_names[APD_MAX_ITEMS][64], unit_names[APD_MAX_ITEMS][32];
static char package_names[APD_MAX_ITEMS][64];

void apd_configure(const struct config *cfg)
{
	if (!cfg)
		return;
	size_t n = config_map_size(cfg, "programs.apd.items");
	if (n > APD_MAX_ITEMS)
		n = APD_MAX_ITEMS;
	if (n > 0) {
		for (size_t i = 0; i < n; i++) {
			const char *unit = config_map_value(cfg, "programs.apd.items", i);
			snprintf(item_names[i], sizeof(item_names[i]), "%s",
				 config_map_key(cfg, "programs.apd.items", i));
			snprintf(unit_names[i], sizeof(unit_names[i]), "%s", unit ? unit : "");
			item_choices[i] = (struct choice){ item_names[i], item_names[i] };
			dist_choices[i + 1] = (struct choice){ item_names[i], item_names[i] };
			item_units[i] = unit_names[i];
		}
		item_choices[n] = (struct choice){ NULL, NULL };
		dist_choices[n + 1] = (struct choice){ NULL, NULL };
	}
	size_t np = config_map_size(cfg, "programs.apd.package");
	if (np > 0) {
		npackage = 0;
		for (size_t i = 0; i < np && npackage < APD_MAX_ITEMS; i++) {
			const char *v = config_map_value(cfg, "programs.apd.package", i);
			snprintf(package_names[npackage], sizeof(package_names[npackage]), "%s",
				 config_map_key(cfg, "programs.apd.package", i));
			package[npackage].item = package_names[npackage];
			package[npackage].qty = v ? strtoll(v, NULL, 10) : 0;
			npackage++;
		}
	}
}

size_t apd_item_count(void)
{
	size_t n = 0;
	while (item_choices[n].value)
		n++;
	return n;
}

const char *apd_item_name(size_t i) { return item_choices[i].value; }
const char *apd_item_unit(size_t i) { return item_units[i]; }

int64_t apd_package_qty(const char *item)
{
	for (size_t i = 0; i < npackage; i++)
		if (str_eq(package[i].item, item))
			return package[i].qty;
	return 0;
}

/* ---- fields ---- */

static const struct choice state_choices[] = {
	{ "dipesan", N_("ordered") },
	{ "sebagian diterima", N_("partly received") },
	{ "selesai", N_("complete") },
	{ "terlambat", N_("late") },
	{ NULL, NULL }
};

static const struct choice group_choices[] = {
	{ "masyarakat umum", N_("general public") },
	{ "pedagang pasar", N_("market traders") },
	{ "ojek online", N_("online motorcycle taxis") },
	{ "tenaga kesehatan", N_("health workers") },
	{ "lainnya", N_("other") },
	{ NULL, NULL }
};

#define REG_FIELD { .name = FIELD_REG_NO, .label = N_("Registration no."), .kind = FK_READONLY, .width = 24 }
#define DATE_FIELD(n, l, req, persist) \
	{ .name = (n), .label = (l), .kind = FK_DATE, .required = (req), .persistent = (persist), \
	  .width = 10, .hint = N_("DD/MM/YYYY") }

static const struct field_meta pesanan_fields[] = {
	{ .name = "produsen", .label = N_("Producer"), .kind = FK_REF, .required = true, .width = 40,
	  .hint = N_("registration no., or type a name"), .ref = "umkm koperasi" },
	{ .name = "nama_produsen", .label = N_("Producer's name"), .kind = FK_TEXT, .width = 80,
	  .derived = true },
	{ .name = "kabupaten_kota", .label = N_("Regency/city"), .kind = FK_KABKOTA, .width = 40,
	  .derived = true },
	{ .name = "barang", .label = N_("Item"), .kind = FK_CHOICE, .required = true, .persistent = true,
	  .width = 20, .choices = item_choices },
	{ .name = "jumlah", .label = N_("Quantity ordered"), .kind = FK_COUNT, .required = true, .width = 9 },
	{ .name = "harga_satuan", .label = N_("Unit price"), .kind = FK_MONEY, .required = true, .width = 16 },
	DATE_FIELD("tanggal_pesan", N_("Order date"), true, true),
	DATE_FIELD("tanggal_jatuh_tempo", N_("Due date"), true, true),
	{ .name = "status", .label = N_("Order status"), .kind = FK_CHOICE, .width = 20,
	  .choices = state_choices, .derived = true },
	{ .name = "diterima", .label = N_("Accepted so far"), .kind = FK_COUNT, .width = 9, .derived = true },
	{ .name = "ditolak", .label = N_("Rejected so far"), .kind = FK_COUNT, .width = 9, .derived = true },
	{ .name = "terutang", .label = N_("Owed to the producer"), .kind = FK_MONEY, .width = 16,
	  .derived = true },
	{ .name = "dibayar", .label = N_("Paid to the producer"), .kind = FK_MONEY, .width = 16, .derived = true },
	{ .name = "kantor", .label = N_("Office"), .kind = FK_KABKOTA, .width = 40, .derived = true },
	{ .name = "catatan", .label = N_("Notes"), .kind = FK_LONGTEXT, .width = 500 },
	REG_FIELD,
};

static const struct field_meta penerimaan_fields[] = {
	{ .name = "pesanan", .label = N_("Order"), .kind = FK_REF, .required = true, .width = 40,
	  .hint = N_("registration no., or type a name"), .ref = "apd_pesanan" },
	{ .name = "nama_produsen", .label = N_("Producer's name"), .kind = FK_TEXT, .width = 80,
	  .derived = true },
	{ .name = "produsen", .label = N_("Producer"), .kind = FK_REF, .width = 40, .derived = true,
	  .ref = "umkm koperasi" },
	{ .name = "kabupaten_kota", .label = N_("Regency/city"), .kind = FK_KABKOTA, .width = 40,
	  .derived = true },
	{ .name = "barang", .label = N_("Item"), .kind = FK_CHOICE, .width = 20, .choices = item_choices,
	  .derived = true },
	{ .name = "tanggal", .label = N_("Date received"), .kind = FK_DATE, .required = true,
	  .persistent = true, .width = 10, .hint = N_("DD/MM/YYYY"), .past_only = true },
	{ .name = "jumlah_diterima", .label = N_("Quantity received"), .kind = FK_COUNT,
	  .required = true, .width = 9 },
	{ .name = "jumlah_ditolak", .label = N_("Rejected at inspection"), .kind = FK_COUNT, .width = 9,
	  .hint = N_("of the quantity received") },
	{ .name = "kantor", .label = N_("Office"), .kind = FK_KABKOTA, .width = 40, .derived = true },
	{ .name = "catatan", .label = N_("Notes"), .kind = FK_LONGTEXT, .width = 500 },
	REG_FIELD,
};

static const struct field_meta bayar_fields[] = {
	{ .name = "pesanan", .label = N_("Order"), .kind = FK_REF, .required = true, .width = 40,
	  .hint = N_("registration no., or type a name"), .ref = "apd_pesanan" },
	{ .name = "nama_produsen", .label = N_("Producer's name"), .kind = FK_TEXT, .width = 80,
	  .derived = true },
	{ .name = "produsen", .label = N_("Producer"), .kind = FK_REF, .width = 40, .derived = true,
	  .ref = "umkm koperasi" },
	{ .name = "kabupaten_kota", .label = N_("Regency/city"), .kind = FK_KABKOTA, .width = 40,
	  .derived = true },
	{ .name = "tanggal", .label = N_("Date paid"), .kind = FK_DATE, .required = true,
	  .width = 10, .hint = N_("DD/MM/YYYY"), .past_only = true },
	{ .name = "jumlah", .label = N_("Amount paid"), .kind = FK_MONEY, .required = true, .width = 16 },
	{ .name = "referensi", .label = N_("Reference no."), .kind = FK_TEXT, .width = 40 },
	{ .name = "catatan", .label = N_("Notes"), .kind = FK_LONGTEXT, .width = 500 },
	REG_FIELD,
};

static const struct field_meta penyaluran_fields[] = {
	{ .name = "tempat", .label = N_("Place"), .kind = FK_TEXT, .required = true, .width = 80,
	  .hint = N_("e.g. the market's name") },
	{ .name = "tanggal", .label = N_("Date distributed"), .kind = FK_DATE, .required = true,
	  .persistent = true, .width = 10, .hint = N_("DD/MM/YYYY"), .past_only = true },
	{ .name = "barang", .label = N_("Item or package"), .kind = FK_CHOICE, .required = true,
	  .persistent = true, .width = 20, .choices = dist_choices },
	{ .name = "jumlah", .label = N_("Quantity"), .kind = FK_COUNT, .required = true, .width = 9 },
	{ .name = "kelompok", .label = N_("Recipient group"), .kind = FK_CHOICE, .required = true,
	  .persistent = true, .width = 20, .choices = group_choices },
	{ .name = "kabupaten_kota", .label = N_("Regency/city"), .kind = FK_KABKOTA, .required = true,
	  .persistent = true, .width = 40 },
	{ .name = "kecamatan", .label = N_("District"), .kind = FK_KECAMATAN, .persistent = true,
	  .width = 40 },
	{ .name = "kantor", .label = N_("Office"), .kind = FK_KABKOTA, .width = 40, .derived = true },
	{ .name = "catatan", .label = N_("Notes"), .kind = FK_LONGTEXT, .width = 500 },
	REG_FIELD,
};

/* ---- totals ---- */

struct total {
	size_t nsums;
	int64_t count;
	int64_t sums[4];
};

static bool total_cb(const char *group, int64_t count, const int64_t *sums, void *arg)
{
	(void)group;
	struct total *t = arg;
	t->count += count;
	for (size_t i = 0; i < t->nsums; i++)
		t->sums[i] += sums[i];
	return true;
}

/* Sums of up to 4 fields over the active records matching where. */
static struct total sum_of(struct store *st, const struct entity_def *ent,
			   const char *const *sums, const struct agg_where *where, size_t nwhere)
{
	struct total t = { 0 };
	while (sums && sums[t.nsums])
		t.nsums++;
	struct agg_query q = { .ent = ent, .sums = sums, .where = where, .nwhere = nwhere };
	struct err e;
	store_aggregate(st, &q, total_cb, &t, &e);
	return t;
}

/* A whole number from a stored value: false when empty or not digits. */
static bool whole(const char *v, int64_t *out)
{
	*out = 0;
	if (str_empty(v))
		return false;
	const char *p = v;
	if (*p == '-')
		p++;
	if (!*p)
		return false;
	for (const char *q = p; *q; q++)
		if (*q < '0' || *q > '9')
			return false;
	*out = strtoll(v, NULL, 10);
	return true;
}

static int64_t num(const struct record *r, const char *field)
{
	int64_t v;
	whole(record_get(r, field), &v);
	return v;
}

static bool active(const struct record *r)
{
	return r && !str_eq(record_get(r, FIELD_DELETED), "1");
}

/* Accepted, received and rejected on an order (the reference "apd_pesanan:hex"). */
static struct total order_deliveries(struct store *st, const char *order_ref)
{
	static const char *const sums[] = { "jumlah_diterima", "jumlah_ditolak", NULL };
	struct agg_where w[] = { { "pesanan", "=", order_ref } };
	return sum_of(st, &entity_apd_penerimaan, sums, w, 1);
}

static int64_t order_paid(struct store *st, const char *order_ref)
{
	static const char *const sums[] = { "jumlah", NULL };
	struct agg_where w[] = { { "pesanan", "=", order_ref } };
	return sum_of(st, &entity_apd_bayar, sums, w, 1).sums[0];
}

bool apd_order_totals(struct store *st, const struct rid *order, struct apd_order_totals *out)
{
	struct record rec;
	*out = (struct apd_order_totals){ 0 };
	if (!store_get(st, &entity_apd_pesanan, order, &rec, NULL))
		return false;
	char *ref = ref_make(&meta_apd_pesanan, order);
	struct total d = order_deliveries(st, ref);
	out->ordered = num(&rec, "jumlah");
	out->received = d.sums[0];
	out->rejected = d.sums[1];
	out->accepted = d.sums[0] - d.sums[1];
	out->owed = out->accepted * num(&rec, "harga_satuan");
	out->paid = order_paid(st, ref);
	free(ref);
	record_release(&rec);
	return true;
}

const char *apd_order_state(struct store *st, const struct record *order)
{
	struct apd_order_totals t = { 0 };
	if (!rid_is_zero(&order->id))
		apd_order_totals(st, &order->id, &t);
	if (t.accepted >= num(order, "jumlah") && num(order, "jumlah") > 0)
		return "selesai";
	struct date due, today = date_today();
	if (date_parse(record_get(order, "tanggal_jatuh_tempo"), &due, NULL) &&
	    date_cmp(&today, &due) > 0)
		return "terlambat";
	return t.received > 0 ? "sebagian diterima" : "dipesan";
}

/* Accepted deliveries of item at office. */
static int64_t accepted_at(struct store *st, const char *office, const char *item)
{
	static const char *const sums[] = { "jumlah_diterima", "jumlah_ditolak", NULL };
	struct agg_where w[] = { { "kantor", "=", office }, { "barang", "=", item } };
	struct total t = sum_of(st, &entity_apd_penerimaan, sums, w, 2);
	return t.sums[0] - t.sums[1];
}

/* How many of item a distribution of qty of barang takes. */
static int64_t takes(const char *barang, int64_t qty, const char *item)
{
	if (str_eq(barang, APD_PAKET))
		return qty * apd_package_qty(item);
	return str_eq(barang, item) ? qty : 0;
}

/* Items distributed at office (a package counts its items). */
static int64_t distributed_at(struct store *st, const char *office, const char *item)
{
	static const char *const sums[] = { "jumlah", NULL };
	struct agg_where w[] = { { "kantor", "=", office }, { "barang", "=", item } };
	int64_t direct = sum_of(st, &entity_apd_penyaluran, sums, w, 2).sums[0];
	struct agg_where wp[] = { { "kantor", "=", office }, { "barang", "=", APD_PAKET } };
	int64_t packages = sum_of(st, &entity_apd_penyaluran, sums, wp, 2).sums[0];
	return direct + packages * apd_package_qty(item);
}

int64_t apd_stock(struct store *st, const char *office, const char *item)
{
	return accepted_at(st, office, item) - distributed_at(st, office, item);
}

/* ---- derive ---- */

static void set_office(struct store *st, struct record *rec)
{
	if (str_empty(record_get(rec, "kantor")))
		record_set(rec, "kantor", store_office_code(st));
}

static void derive_pesanan(struct store *st, const struct entity_meta *m, struct record *rec)
{
	(void)m;
	set_office(st, rec);
	struct record b;
	if (ref_get(st, record_get(rec, "produsen"), &b)) {
		record_set(rec, "nama_produsen", record_get(&b, b.ent->name_field));
		record_set(rec, "kabupaten_kota", record_get(&b, "kabupaten_kota"));
		record_release(&b);
	}
	record_set(rec, "status", apd_order_state(st, rec));
}

/* A delivery or a payment: the order's producer, its name, region and item. */
static void derive_from_order(struct store *st, const struct entity_meta *m, struct record *rec)
{
	if (entity_field_index(m->ent, "kantor") >= 0)
		set_office(st, rec);
	struct record o;
	if (ref_get(st, record_get(rec, "pesanan"), &o)) {
		record_set(rec, "produsen", record_get(&o, "produsen"));
		record_set(rec, "nama_produsen", record_get(&o, "nama_produsen"));
		record_set(rec, "kabupaten_kota", record_get(&o, "kabupaten_kota"));
		if (entity_field_index(m->ent, "barang") >= 0)
			record_set(rec, "barang", record_get(&o, "barang"));
		record_release(&o);
	}
}

static void derive_penyaluran(struct store *st, const struct entity_meta *m, struct record *rec)
{
	(void)m;
	set_office(st, rec);
}

/* ---- rules ---- */

static int fidx(const struct entity_meta *m, const char *name)
{
	const struct field_meta *f = registry_field(m, name);
	return f ? (int)(f - m->fields) : -1;
}

/* A whole number; positive unless zero_ok. Returns false (issue added) when not. */
static bool check_whole(const struct rule_ctx *c, struct issues *out, const char *field,
			bool zero_ok, int64_t *v)
{
	const char *s = record_get(c->rec, field);
	const struct field_meta *f = registry_field(c->m, field);
	if (str_empty(s)) {
		*v = 0;
		return zero_ok;
	}
	if (!whole(s, v) || *v < 0 || (!zero_ok && *v == 0)) {
		issues_add(out, fidx(c->m, field), ISSUE_ERROR,
			   zero_ok ? _("%s must be a whole number, zero or more")
				   : _("%s must be a whole number above zero"), _(f->label));
		return false;
	}
	return true;
}

static bool dates_in_order(const char *before, const char *after)
{
	struct date a, b;
	return !date_parse(before, &a, NULL) || !date_parse(after, &b, NULL) || date_cmp(&a, &b) <= 0;
}

/* The item is one of the config's (programs.apd.items), or the package. */
static void check_item(const struct rule_ctx *c, struct issues *out, const struct choice *ch)
{
	const char *v = record_get(c->rec, "barang");
	if (!v)
		return;
	for (size_t i = 0; ch[i].value; i++)
		if (str_eq(ch[i].value, v))
			return;
	issues_add(out, fidx(c->m, "barang"), ISSUE_ERROR,
		   _("'%s' is not an APD item of the settings (programs.apd.items)"), v);
}

static void rules_pesanan(const struct rule_ctx *c, struct issues *out)
{
	int64_t qty, price;
	if (!active(c->rec))
		return;   /* deleting an order: its deliveries and payments stay */
	check_item(c, out, item_choices);
	bool ok_qty = check_whole(c, out, "jumlah", false, &qty);
	check_whole(c, out, "harga_satuan", false, &price);
	if (!dates_in_order(record_get(c->rec, "tanggal_pesan"), record_get(c->rec, "tanggal_jatuh_tempo")))
		issues_add(out, fidx(c->m, "tanggal_jatuh_tempo"), ISSUE_ERROR,
			   _("the due date is before the order date"));
	if (!c->old || rid_is_zero(&c->rec->id))
		return;
	/* An order with deliveries keeps its item and never drops below what came. */
	struct apd_order_totals t;
	apd_order_totals(c->st, &c->rec->id, &t);
	if (t.received > 0 && !str_eq(record_get(c->old, "barang"), record_get(c->rec, "barang")))
		issues_add(out, fidx(c->m, "barang"), ISSUE_ERROR,
			   _("the item cannot change: the order has deliveries"));
	if (ok_qty && qty < t.accepted)
		issues_add(out, fidx(c->m, "jumlah"), ISSUE_ERROR,
			   _("the quantity ordered cannot be below the %lld already accepted"),
			   (long long)t.accepted);
	if (t.accepted * price < t.paid)
		issues_add(out, fidx(c->m, "harga_satuan"), ISSUE_ERROR,
			   _("at this price the producer would have been paid more than owed"));
}

/* Whether office's stock of every item stays at zero or above when the record
 * old (if active) is replaced by the distribution or delivery rec. */
static void check_stock(const struct rule_ctx *c, struct issues *out, int field)
{
	const char *office = record_get(c->rec, "kantor");
	bool dist = c->m->ent == &entity_apd_penyaluran;
	for (size_t i = 0; i < apd_item_count(); i++) {
		const char *item = apd_item_name(i);
		int64_t before = apd_stock(c->st, office, item), after = before;
		const struct record *v[2] = { active(c->old) ? c->old : NULL,
					      active(c->rec) ? c->rec : NULL };
		for (int k = 0; k < 2; k++) {
			if (!v[k] || !str_eq(record_get(v[k], "kantor"), office))
				continue;
			int sign = k == 0 ? -1 : 1;
			if (dist)
				after -= sign * takes(record_get(v[k], "barang"), num(v[k], "jumlah"), item);
			else if (str_eq(record_get(v[k], "barang"), item))
				after += sign * (num(v[k], "jumlah_diterima") - num(v[k], "jumlah_ditolak"));
		}
		if (after >= 0 || after >= before)
			continue;
		char have[MONEY_BUFSZ], need[MONEY_BUFSZ];
		number_format(before, have, sizeof(have));
		number_format(before - after, need, sizeof(need));
		if (dist)
			issues_add(out, field, ISSUE_ERROR,
				   _("not enough %s in stock at this office: %s left, %s needed"),
				   item, have, need);
		else
			issues_add(out, field, ISSUE_ERROR,
				   _("%s already distributed from this delivery: the stock would fall below zero"),
				   item);
	}
}

static void rules_penerimaan(const struct rule_ctx *c, struct issues *out)
{
	int64_t got, bad;
	if (!active(c->rec)) {
		/* Deleting a delivery takes its items out of the stock. */
		if (active(c->old))
			check_stock(c, out, -1);
		return;
	}
	bool ok = check_whole(c, out, "jumlah_diterima", false, &got);
	ok = check_whole(c, out, "jumlah_ditolak", true, &bad) && ok;
	if (!ok)
		return;
	if (bad > got) {
		issues_add(out, fidx(c->m, "jumlah_ditolak"), ISSUE_ERROR,
			   _("more rejected (%lld) than received (%lld)"), (long long)bad,
			   (long long)got);
		return;
	}
	struct record o;
	const char *ref = record_get(c->rec, "pesanan");
	if (!ref_get(c->st, ref, &o))
		return;   /* the generic reference check says so */
	struct total d = order_deliveries(c->st, ref);
	int64_t accepted_others = d.sums[0] - d.sums[1];
	if (active(c->old) && str_eq(record_get(c->old, "pesanan"), ref))
		accepted_others -= num(c->old, "jumlah_diterima") - num(c->old, "jumlah_ditolak");
	int64_t open = num(&o, "jumlah") - accepted_others;
	if (got - bad > open) {
		char *d2 = registry_describe(c->st, &meta_apd_pesanan, &o.id);
		issues_add(out, fidx(c->m, "jumlah_diterima"), ISSUE_ERROR,
			   _("%lld accepted but only %lld still open on the order %s"),
			   (long long)(got - bad), (long long)(open > 0 ? open : 0), d2);
		free(d2);
	}
	if (!dates_in_order(record_get(&o, "tanggal_pesan"), record_get(c->rec, "tanggal")))
		issues_add(out, fidx(c->m, "tanggal"), ISSUE_ERROR,
			   _("the delivery is dated before the order"));
	record_release(&o);
	if (c->old)
		check_stock(c, out, fidx(c->m, "jumlah_diterima"));
}

static void rules_bayar(const struct rule_ctx *c, struct issues *out)
{
	int64_t amount;
	if (!active(c->rec))
		return;
	if (!check_whole(c, out, "jumlah", false, &amount))
		return;
	const char *ref = record_get(c->rec, "pesanan");
	const struct entity_meta *m;
	struct rid id;
	struct apd_order_totals t;
	char *followed = ref ? ref_follow(c->st, ref) : NULL;
	bool found = followed && ref_split(followed, &m, &id) && apd_order_totals(c->st, &id, &t);
	free(followed);
	if (!found)
		return;
	if (t.accepted > t.ordered)   /* a rule conflict (model/invariants.h) */
		issues_add(out, fidx(c->m, "pesanan"), ISSUE_ERROR,
			   _("%lld accepted on an order of %lld (deliveries recorded at two"
			     " offices): settle the rule conflict before paying (bantu conflicts)"),
			   (long long)t.accepted, (long long)t.ordered);
	int64_t paid_others = t.paid;
	if (active(c->old) && str_eq(record_get(c->old, "pesanan"), ref))
		paid_others -= num(c->old, "jumlah");
	if (paid_others + amount > t.owed) {
		char owed[MONEY_BUFSZ], paid[MONEY_BUFSZ];
		money_format(t.owed, owed, sizeof(owed));
		money_format(paid_others, paid, sizeof(paid));
		issues_add(out, fidx(c->m, "jumlah"), ISSUE_ERROR,
			   _("more than owed: %s owed for the accepted quantity, %s already paid"),
			   owed, paid);
	}
}

static void rules_penyaluran(const struct rule_ctx *c, struct issues *out)
{
	int64_t qty;
	if (!active(c->rec))
		return;   /* deleting a distribution gives its items back */
	check_item(c, out, dist_choices);
	if (!check_whole(c, out, "jumlah", false, &qty))
		return;
	check_stock(c, out, fidx(c->m, "jumlah"));
}

/* ---- computed fields of an order ---- */

static char *computed_pesanan(struct store *st, const struct entity_meta *m, const struct rid *id,
			      const char *field)
{
	(void)m;
	struct apd_order_totals t;
	if (str_eq(field, "status")) {
		struct record rec;
		if (!store_get(st, &entity_apd_pesanan, id, &rec, NULL))
			return NULL;
		char *s = xstrdup(apd_order_state(st, &rec));
		record_release(&rec);
		return s;
	}
	int64_t v;
	if (str_eq(field, "diterima"))
		v = apd_order_totals(st, id, &t) ? t.accepted : 0;
	else if (str_eq(field, "ditolak"))
		v = apd_order_totals(st, id, &t) ? t.rejected : 0;
	else if (str_eq(field, "terutang"))
		v = apd_order_totals(st, id, &t) ? t.owed : 0;
	else if (str_eq(field, "dibayar"))
		v = apd_order_totals(st, id, &t) ? t.paid : 0;
	else
		return NULL;
	return xasprintf("%lld", (long long)v);
}

/* ---- metas ---- */

const struct entity_meta meta_apd_pesanan = {
	.ent = &entity_apd_pesanan,
	.title = N_("APD orders"),
	.fields = pesanan_fields,
	.nfields = ARRAY_SIZE(pesanan_fields),
	.status_field = "status",
	.list_second = "status",
	.list_third = "barang",
	.ref_field = "produsen",
	.derive = derive_pesanan,
	.rules = rules_pesanan,
	.csv_name = "apd-pesanan",
	.computed = computed_pesanan,
};

/* A part of an order (a delivery, a payment): the producer's record, its
 * fields derived from the order. */
#define ORDER_PART(ENT, TITLE, FIELDS, SECOND, THIRD, RULES, CSV) {			\
	.ent = &(ENT), .title = (TITLE), .fields = (FIELDS), .nfields = ARRAY_SIZE(FIELDS),	\
	.list_second = (SECOND), .list_third = (THIRD), .ref_field = "produsen",		\
	.derive = derive_from_order, .rules = (RULES), .csv_name = (CSV),			\
}

const struct entity_meta meta_apd_penerimaan =
	ORDER_PART(entity_apd_penerimaan, N_("APD deliveries"), penerimaan_fields, "tanggal",
		   "barang", rules_penerimaan, "apd-penerimaan");

const struct entity_meta meta_apd_bayar =
	ORDER_PART(entity_apd_bayar, N_("Payments to producers"), bayar_fields, "jumlah",
		   "tanggal", rules_bayar, "apd-pembayaran");

const struct entity_meta meta_apd_penyaluran = {
	.ent = &entity_apd_penyaluran,
	.title = N_("APD distributions"),
	.fields = penyaluran_fields,
	.nfields = ARRAY_SIZE(penyaluran_fields),
	.list_second = "barang",
	.list_third = "kabupaten_kota",
	.derive = derive_penyaluran,
	.rules = rules_penyaluran,
	.csv_name = "apd-penyaluran",
};

/* ---- summary ---- */

struct grouped {
	struct table *t;
	size_t col;            /* first column to fill */
	size_t nsums;
	bool add_row;          /* add a row for a group not there (text groups) */
	const struct choice *labels;
	bool count_col;        /* the count goes into col, sums after it */
};

static bool grouped_cb(const char *group, int64_t count, const int64_t *sums, void *arg)
{
	struct grouped *g = arg;
	long row = table_find_row(g->t, group ? group : "");
	if (row < 0) {
		if (!g->add_row)
			return true;
		row = (long)table_add_row(g->t, group ? group : "");
		const char *label = group ? group : "-";
		for (size_t i = 0; g->labels && g->labels[i].value; i++)
			if (str_eq(g->labels[i].value, label))
				label = _(g->labels[i].label);
		table_set_text(g->t, (size_t)row, 0, label);
	}
	size_t c = g->col;
	if (g->count_col)
		table_add_num(g->t, (size_t)row, c++, count);
	for (size_t i = 0; i < g->nsums; i++)
		table_add_num(g->t, (size_t)row, c + i, sums[i]);
	return true;
}

/* Where conditions of the filter: kabupaten/kota, and the date field in range. */
static size_t filter_where(const struct summary_filter *f, const char *date_field,
			   struct agg_where w[4])
{
	size_t n = 0;
	if (f && !str_empty(f->kabupaten))
		w[n++] = (struct agg_where){ "kabupaten_kota", "=", f->kabupaten };
	if (f && !str_empty(f->from) && date_field)
		w[n++] = (struct agg_where){ date_field, ">=", f->from };
	if (f && !str_empty(f->to) && date_field)
		w[n++] = (struct agg_where){ date_field, "<=", f->to };
	return n;
}

static bool group_into(struct store *st, const struct entity_def *ent, const char *group,
		       const char *const *sums, struct agg_where *w, size_t nw, struct grouped *g,
		       struct err *e)
{
	struct agg_query q = { .ent = ent, .group = group, .sums = sums, .where = w, .nwhere = nw };
	return store_aggregate(st, &q, grouped_cb, g, e);
}

struct late {
	struct store *st;
	struct table *t;
	const struct summary_filter *f;
};

static bool late_cb(const struct record *rec, void *arg)
{
	struct late *l = arg;
	if (l->f && !str_empty(l->f->kabupaten) &&
	    !str_eq(record_get(rec, "kabupaten_kota"), l->f->kabupaten))
		return true;
	if (!str_eq(apd_order_state(l->st, rec), "terlambat"))
		return true;
	struct apd_order_totals t;
	apd_order_totals(l->st, &rec->id, &t);
	size_t r = table_add_row(l->t, NULL);
	table_set_text(l->t, r, 0, record_get(rec, FIELD_REG_NO));
	table_set_text(l->t, r, 1, record_get(rec, "nama_produsen"));
	table_set_text(l->t, r, 2, record_get(rec, "barang"));
	table_set_num(l->t, r, 3, t.ordered);
	table_set_num(l->t, r, 4, t.accepted);
	struct date d;
	char buf[DATE_BUFSZ];
	table_set_text(l->t, r, 5, date_parse(record_get(rec, "tanggal_jatuh_tempo"), &d, NULL)
				   ? date_format(&d, buf, sizeof(buf)) : "");
	return true;
}

static bool apd_summary(struct store *st, const struct summary_filter *f, struct tables *out,
			struct err *e)
{
	struct agg_where w[4];
	size_t nw;
	bool ok = true;

	/* Per item: ordered, received, rejected, distributed, stock. */
	struct table *t = table_new(_("APD per item"), 7);
	table_col(t, 0, _("Item"), COL_TEXT);
	table_col(t, 1, _("Unit"), COL_TEXT);
	table_col(t, 2, _("Ordered"), COL_COUNT);
	table_col(t, 3, _("Received"), COL_COUNT);
	table_col(t, 4, _("Rejected"), COL_COUNT);
	table_col(t, 5, _("Distributed"), COL_COUNT);
	table_col(t, 6, _("Stock"), COL_COUNT);
	for (size_t i = 0; i < apd_item_count(); i++) {
		size_t r = table_add_row(t, apd_item_name(i));
		table_set_text(t, r, 0, apd_item_name(i));
		table_set_text(t, r, 1, apd_item_unit(i));
	}
	static const char *const s_jumlah[] = { "jumlah", NULL };
	static const char *const s_terima[] = { "jumlah_diterima", "jumlah_ditolak", NULL };
	nw = filter_where(f, "tanggal_pesan", w);
	struct grouped g = { .t = t, .col = 2, .nsums = 1 };
	ok = ok && group_into(st, &entity_apd_pesanan, "barang", s_jumlah, w, nw, &g, e);
	nw = filter_where(f, "tanggal", w);
	g = (struct grouped){ .t = t, .col = 3, .nsums = 2 };
	ok = ok && group_into(st, &entity_apd_penerimaan, "barang", s_terima, w, nw, &g, e);
	g = (struct grouped){ .t = t, .col = 5, .nsums = 1 };
	ok = ok && group_into(st, &entity_apd_penyaluran, "barang", s_jumlah, w, nw, &g, e);
	/* Packages distributed count their items. */
	w[nw] = (struct agg_where){ "barang", "=", APD_PAKET };
	struct total pk = sum_of(st, &entity_apd_penyaluran, s_jumlah, w, nw + 1);
	for (size_t r = 0; r < t->nrows; r++) {
		int64_t qty = apd_package_qty(t->rows[r].code);
		t->rows[r].cells[5].num += pk.sums[0] * qty;
		t->rows[r].cells[6].num = t->rows[r].cells[3].num - t->rows[r].cells[4].num -
					  t->rows[r].cells[5].num;
	}
	tables_add(out, t);

	/* Packages against the target. */
	t = table_new(_("APD packages"), 3);
	table_col(t, 0, _("Target"), COL_COUNT);
	table_col(t, 1, _("Packages distributed"), COL_COUNT);
	table_col(t, 2, _("Of the target"), COL_PERCENT);
	size_t r = table_add_row(t, NULL);
	/* A province setting (model/shared_settings.h). */
	int64_t target_packages = shared_setting_int(st, "programs.apd.target_packages", 10000);
	table_set_num(t, r, 0, target_packages);
	table_set_num(t, r, 1, pk.sums[0]);
	table_set_num(t, r, 2, target_packages > 0 ? pk.sums[0] * 1000 / target_packages : 0);
	tables_add(out, t);

	/* Per recipient group and per kabupaten/kota: distributions, items, packages. */
	for (int pass = 0; pass < 2 && ok; pass++) {
		t = table_new(pass == 0 ? _("APD distributed per recipient group")
					: _("APD distributed per regency/city"), 4);
		table_col(t, 0, pass == 0 ? _("Recipient group") : _("Regency/city"), COL_TEXT);
		table_col(t, 1, _("Distributions"), COL_COUNT);
		table_col(t, 2, _("Items"), COL_COUNT);
		table_col(t, 3, _("Packages"), COL_COUNT);
		if (pass == 0) {
			for (size_t i = 0; group_choices[i].value; i++) {
				size_t row = table_add_row(t, group_choices[i].value);
				table_set_text(t, row, 0, _(group_choices[i].label));
			}
		} else {
			table_add_kabupaten_rows(t, st, f ? f->kabupaten : NULL);
		}
		const char *group = pass == 0 ? "kelompok" : "kabupaten_kota";
		nw = filter_where(f, "tanggal", w);
		g = (struct grouped){ .t = t, .col = 1, .nsums = 0, .count_col = true };
		ok = group_into(st, &entity_apd_penyaluran, group, NULL, w, nw, &g, e);
		w[nw] = (struct agg_where){ "barang", "<>", APD_PAKET };
		g = (struct grouped){ .t = t, .col = 2, .nsums = 1 };
		ok = ok && group_into(st, &entity_apd_penyaluran, group, s_jumlah, w, nw + 1, &g, e);
		w[nw] = (struct agg_where){ "barang", "=", APD_PAKET };
		g = (struct grouped){ .t = t, .col = 3, .nsums = 1 };
		ok = ok && group_into(st, &entity_apd_penyaluran, group, s_jumlah, w, nw + 1, &g, e);
		table_add_total(t, _("Total"));
		tables_add(out, t);
	}

	/* Late orders. */
	t = table_new(_("Late APD orders"), 6);
	table_col(t, 0, _("Registration no."), COL_TEXT);
	table_col(t, 1, _("Producer"), COL_TEXT);
	table_col(t, 2, _("Item"), COL_TEXT);
	table_col(t, 3, _("Ordered"), COL_COUNT);
	table_col(t, 4, _("Accepted"), COL_COUNT);
	table_col(t, 5, _("Due date"), COL_TEXT);
	struct late l = { st, t, f };
	ok = ok && store_each(st, &entity_apd_pesanan, false, late_cb, &l, e);
	tables_add(out, t);
	return ok;
}

static const struct entity_meta *const apd_metas[] = {
	&meta_apd_pesanan, &meta_apd_penerimaan, &meta_apd_penyaluran, &meta_apd_bayar, NULL
};

const struct program program_apd = {
	.name = "apd",
	.title = N_("APD production"),
	.metas = apd_metas,
	.summary = apd_summary,
};
