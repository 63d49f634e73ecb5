/*
 * prog_warung.c - program 1, Warung Pesan Kirim: order-and-deliver points run
 * by a business of the registry, their weekly reports (keyed in a grid), the
 * targets per kabupaten/kota, the summary and the public directory export.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/csv.h"
#include "core/i18n.h"
#include "model/prog4.h"
#include "model/region.h"
#include "model/shared_settings.h"
#include "model/validate.h"
#include "store/region.h"

static const struct config *g_cfg;

static const struct choice warung_status[] = {
	{ "aktif", N_("active") }, { "nonaktif", N_("inactive") }, { NULL, NULL }
};

static const struct choice warung_sells[] = {
	{ "sembako", N_("staple foods (sembako)") },
	{ "sayur dan buah", N_("vegetables and fruit") },
	{ "lauk pauk", N_("side dishes") },
	{ "makanan siap saji", N_("ready meals") },
	{ "obat dan kesehatan", N_("medicine and health") },
	{ "kebutuhan rumah tangga", N_("household needs") },
	{ "lainnya", N_("other") },
	{ NULL, NULL }
};

static const struct choice warung_delivery[] = {
	{ "kurir sendiri", N_("own courier") },
	{ "ojek online", N_("online motorcycle taxi") },
	{ "ambil sendiri", N_("pick-up") },
	{ NULL, NULL }
};

static const struct field_meta warung_meta_fields[] = {
	{ .name = "nama", .label = N_("Point name"), .kind = FK_TEXT, .required = true, .width = 80 },
	{ .name = "operator", .label = N_("Operator"), .kind = FK_REF, .required = true, .width = 60,
	  .hint = N_("registration no., or type part of the name"), .ref = "umkm koperasi" },
	{ .name = "nama_operator", .label = N_("Operator's name"), .kind = FK_TEXT, .width = 80,
	  .derived = true },
	{ .name = "alamat", .label = N_("Address"), .kind = FK_TEXT, .required = true, .width = 120 },
	{ .name = "kabupaten_kota", .label = N_("Regency/city"), .kind = FK_KABKOTA, .required = true,
	  .persistent = true, .width = 40 },
	{ .name = "kecamatan", .label = N_("District"), .kind = FK_KECAMATAN, .required = true,
	  .persistent = true, .width = 40 },
	{ .name = "desa", .label = N_("Village"), .kind = FK_DESA, .persistent = true, .width = 40 },
	{ .name = "whatsapp", .label = N_("WhatsApp for orders"), .kind = FK_PHONE, .required = true,
	  .width = 16, .hint = N_("08... or +62...") },
	{ .name = "kecamatan_layanan", .label = N_("Delivers to district"), .kind = FK_KECAMATAN,
	  .persistent = true, .width = 40 },
	{ .name = "jualan", .label = N_("Sells"), .kind = FK_MULTI, .required = true, .width = 80,
	  .choices = warung_sells, .hint = N_("numbers or names, separated by ;") },
	{ .name = "pengiriman", .label = N_("Delivery"), .kind = FK_MULTI, .required = true,
	  .width = 60, .choices = warung_delivery, .hint = N_("numbers or names, separated by ;") },
	{ .name = "jam_buka", .label = N_("Opening hours"), .kind = FK_TEXT, .width = 40,
	  .hint = N_("e.g. 07.00-17.00") },
	{ .name = "tanggal_mulai", .label = N_("Start date"), .kind = FK_DATE, .required = true,
	  .persistent = true, .width = 10, .hint = N_("DD/MM/YYYY") },
	{ .name = "status", .label = N_("Status"), .kind = FK_CHOICE, .required = true, .width = 10,
	  .choices = warung_status },
	{ .name = "alasan_nonaktif", .label = N_("Reason inactive"), .kind = FK_TEXT, .width = 120 },
	{ .name = "reg_no", .label = N_("Registration no."), .kind = FK_READONLY, .width = 24 },
};

static const struct field_meta laporan_meta_fields[] = {
	{ .name = "titik", .label = N_("Warung point"), .kind = FK_REF, .required = true, .width = 60,
	  .persistent = true, .hint = N_("registration no., or type part of the name"), .ref = "warung" },
	{ .name = "nama_titik", .label = N_("Point name"), .kind = FK_TEXT, .width = 80, .derived = true },
	{ .name = "kabupaten_kota", .label = N_("Regency/city"), .kind = FK_KABKOTA, .width = 40,
	  .derived = true },
	{ .name = "kecamatan", .label = N_("District"), .kind = FK_KECAMATAN, .width = 40,
	  .derived = true },
	{ .name = "minggu", .label = N_("Week (its Monday)"), .kind = FK_DATE, .required = true,
	  .persistent = true, .width = 10, .hint = N_("any day of the week, DD/MM/YYYY"),
	  .past_only = true },
	{ .name = "pesanan", .label = N_("Orders"), .kind = FK_COUNT, .required = true, .width = 7 },
	{ .name = "omzet", .label = N_("Turnover"), .kind = FK_MONEY, .required = true, .width = 20 },
	{ .name = "reg_no", .label = N_("Registration no."), .kind = FK_READONLY, .width = 24 },
};

/* ---- derived fields and rules ---- */

static void set_from_business(struct store *st, struct record *rec, const char *ref_field,
			      const char *name_to, bool region)
{
	const char *v = record_get(rec, ref_field);
	if (!v)
		return;
	char *followed = ref_follow(st, v);
	if (!str_eq(followed, v))
		record_set(rec, ref_field, followed);
	free(followed);
	struct record b;
	if (!ref_get(st, record_get(rec, ref_field), &b))
		return;
	record_set(rec, name_to, record_get(&b, b.ent->name_field));
	if (region) {
		record_set(rec, "kabupaten_kota", record_get(&b, "kabupaten_kota"));
		record_set(rec, "kecamatan", record_get(&b, "kecamatan"));
	}
	record_release(&b);
}

static void warung_derive(struct store *st, const struct entity_meta *m, struct record *rec)
{
	(void)m;
	set_from_business(st, rec, "operator", "nama_operator", false);
	if (!record_get(rec, "status") && rid_is_zero(&rec->id))
		record_set(rec, "status", "aktif");
	if (str_eq(record_get(rec, "status"), "aktif"))
		record_set(rec, "alasan_nonaktif", NULL);
}

static int field_index(const struct entity_meta *m, const char *name)
{
	const struct field_meta *f = registry_field(m, name);
	return f ? (int)(f - m->fields) : -1;
}

static void warung_rules(const struct rule_ctx *c, struct issues *out)
{
	const struct record *rec = c->rec;
	const char *wa = record_get(rec, "whatsapp");
	char norm[20];
	struct err e;
	if (wa && !phone_check(wa, norm, &e))
		issues_add(out, field_index(c->m, "whatsapp"), ISSUE_ERROR, "%s", e.msg);
	if (str_eq(record_get(rec, "status"), "nonaktif") && !record_get(rec, "alasan_nonaktif"))
		issues_add(out, field_index(c->m, "alasan_nonaktif"), ISSUE_ERROR,
			   _("say why the point is inactive"));
	const char *op = record_get(rec, "operator");
	const char *addr = record_get(rec, "alamat");
	if (!op || !addr)
		return;
	struct rid same[32];
	int n = store_find_by_field(c->st, c->m->ent, "operator", op, &rec->id, same, 32);
	for (int i = 0; i < n; i++) {
		struct record o;
		if (!store_get(c->st, c->m->ent, &same[i], &o, NULL))
			continue;
		const char *oa = record_get(&o, "alamat");
		if (oa && strcasecmp(oa, addr) == 0) {
			char *d = registry_describe(c->st, c->m, &same[i]);
			issues_add(out, field_index(c->m, "alamat"), ISSUE_WARNING,
				   _("the same operator already has a point at this address: %s"), d);
			free(d);
		}
		record_release(&o);
	}
}

bool warung_week_start(const char *iso, char out[DATE_BUFSZ])
{
	struct date d;
	if (!iso || !date_parse(iso, &d, NULL))
		return false;
	static const struct date monday = { 2020, 1, 6 };
	int64_t days = date_to_days(&d), m0 = date_to_days(&monday);
	int64_t off = ((days - m0) % 7 + 7) % 7;
	struct date start = date_from_days(days - off);
	date_format_iso(&start, out, DATE_BUFSZ);
	return true;
}

static void laporan_derive(struct store *st, const struct entity_meta *m, struct record *rec)
{
	(void)m;
	const char *t = record_get(rec, "titik");
	if (t) {
		struct record p;
		if (ref_get(st, t, &p)) {
			record_set(rec, "nama_titik", record_get(&p, "nama"));
			record_set(rec, "kabupaten_kota", record_get(&p, "kabupaten_kota"));
			record_set(rec, "kecamatan", record_get(&p, "kecamatan"));
			record_release(&p);
		}
	}
	char mon[DATE_BUFSZ];
	if (warung_week_start(record_get(rec, "minggu"), mon))
		record_set(rec, "minggu", mon);
	const char *w = record_get(rec, "minggu");
	if (t && w) {
		char *key = xasprintf("%s|%s", t, w);
		record_set(rec, "kunci", key);
		free(key);
	} else {
		record_set(rec, "kunci", NULL);
	}
}

static void non_negative(const struct rule_ctx *c, const char *field, struct issues *out)
{
	const char *v = record_get(c->rec, field);
	if (v && strtoll(v, NULL, 10) < 0)
		issues_add(out, field_index(c->m, field), ISSUE_ERROR, _("%s cannot be negative"),
			   _(registry_field(c->m, field)->label));
}

static void laporan_rules(const struct rule_ctx *c, struct issues *out)
{
	non_negative(c, "pesanan", out);
	non_negative(c, "omzet", out);
	const char *key = record_get(c->rec, "kunci");
	struct rid other;
	/* A report deleted (a second one of its week, settled) is no duplicate. */
	if (str_eq(record_get(c->rec, FIELD_DELETED), "1"))
		key = NULL;
	if (key && store_find_by_field(c->st, c->m->ent, "kunci", key, &c->rec->id, &other, 1) == 1) {
		char *d = registry_describe(c->st, c->m, &other);
		issues_add(out, field_index(c->m, "minggu"), ISSUE_ERROR,
			   _("this point already has a report for this week: %s"), d);
		free(d);
	}
}

/* ---- the public directory: `bantu export-csv warung --aktif` ---- */

struct dir_row {
	char *kab, *name;
	struct record rec;
};

struct dir_ctx {
	struct store *st;
	struct dir_row *v;
	size_t n, cap;
};

static bool dir_collect(const struct record *rec, void *arg)
{
	struct dir_ctx *d = arg;
	if (!str_eq(record_get(rec, "status"), "aktif"))
		return true;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->v = xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	struct dir_row *r = &d->v[d->n++];
	char *kab = store_region_name(d->st, record_get(rec, "kabupaten_kota"));
	r->kab = kab ? kab : xstrdup("");
	r->name = xstrdup(record_get(rec, "nama") ? record_get(rec, "nama") : "");
	record_copy(&r->rec, rec);
	return true;
}

static int dir_cmp(const void *a, const void *b)
{
	const struct dir_row *x = a, *y = b;
	int c = strcmp(record_get(&x->rec, "kabupaten_kota") ? record_get(&x->rec, "kabupaten_kota") : "",
		       record_get(&y->rec, "kabupaten_kota") ? record_get(&y->rec, "kabupaten_kota") : "");
	return c ? c : strcasecmp(x->name, y->name);
}

static bool warung_directory(struct store *st, const struct entity_meta *m, const char *arg,
			     FILE *out, long *count, struct err *e)
{
	(void)arg;
	struct dir_ctx d = { .st = st };
	bool ok = store_each(st, m->ent, false, dir_collect, &d, e);
	if (ok)
		qsort(d.v, d.n, sizeof(*d.v), dir_cmp);
	static const char *const heads[] = {
		"kabupaten_kota", "kecamatan", "nama", "alamat", "jualan", "pengiriman", "jam_buka",
		"whatsapp", "kecamatan_layanan", "reg_no"
	};
	struct strbuf line = STRBUF_INIT;
	csv_write_row(&line, heads, ARRAY_SIZE(heads), ',');
	fwrite(line.buf, 1, line.len, out);
	for (size_t i = 0; ok && i < d.n; i++) {
		const struct record *r = &d.v[i].rec;
		char *vals[ARRAY_SIZE(heads)];
		vals[0] = xstrdup(d.v[i].kab);
		for (size_t k = 1; k < ARRAY_SIZE(heads); k++) {
			const struct field_meta *f = registry_field(m, heads[k]);
			vals[k] = f && f->kind != FK_MULTI && f->kind != FK_PHONE
				? registry_display(st, f, record_get(r, heads[k]))
				: xstrdup(record_get(r, heads[k]) ? record_get(r, heads[k]) : "");
		}
		/* Lists as the public reads them: "sembako, lauk pauk". */
		for (size_t k = 4; k <= 5; k++)
			for (char *p = vals[k]; *p; p++)
				if (*p == ';')
					*p = ',';
		strbuf_reset(&line);
		csv_write_row(&line, (const char *const *)vals, ARRAY_SIZE(heads), ',');
		fwrite(line.buf, 1, line.len, out);
		for (size_t k = 0; k < ARRAY_SIZE(heads); k++)
			free(vals[k]);
	}
	strbuf_release(&line);
	if (count)
		*count = ok ? (long)d.n : 0;
	for (size_t i = 0; i < d.n; i++) {
		free(d.v[i].kab);
		free(d.v[i].name);
		record_release(&d.v[i].rec);
	}
	free(d.v);
	return ok;
}

static const struct export_variant warung_exports[] = {
	{ "--aktif", NULL, N_("the public directory: active points per regency/city with what they"
			      " sell and their WhatsApp number"), warung_directory },
	{ NULL, NULL, NULL, NULL }
};

const struct entity_meta meta_warung = {
	.ent = &entity_warung,
	.title = N_("Warung points"),
	.fields = warung_meta_fields,
	.nfields = ARRAY_SIZE(warung_meta_fields),
	.status_field = "status",
	.list_second = "nama_operator",
	.ref_field = "operator",
	.derive = warung_derive,
	.rules = warung_rules,
	.exports = warung_exports,
};

const struct entity_meta meta_warung_laporan = {
	.ent = &entity_warung_laporan,
	.title = N_("Weekly reports"),
	.fields = laporan_meta_fields,
	.nfields = ARRAY_SIZE(laporan_meta_fields),
	.list_second = "minggu",
	.derive = laporan_derive,
	.rules = laporan_rules,
	.csv_name = "warung-laporan",
};

/* ---- targets ---- */

void prog4_configure_warung(const struct config *cfg);
void prog4_configure_warung(const struct config *cfg)
{
	g_cfg = cfg;
}

int64_t warung_target(struct store *st, const char *kabupaten)
{
	/* Targets are province settings (model/shared_settings.h). */
	char *v = shared_setting_map_get(st, "programs.warung.targets", kabupaten);
	if (v) {
		int64_t n = strtoll(v, NULL, 10);
		free(v);
		return n;
	}
	int64_t total = shared_setting_int(st, "programs.warung.target_total", 226);
	struct table *t = table_new("", 1);
	table_add_kabupaten_rows(t, st, NULL);
	int64_t rest = total;
	size_t without = 0, pos = 0;
	bool found = false;
	for (size_t i = 0; i < t->nrows; i++) {
		char *g = shared_setting_map_get(st, "programs.warung.targets", t->rows[i].code);
		if (g) {
			rest -= strtoll(g, NULL, 10);
			free(g);
		} else {
			if (str_eq(t->rows[i].code, kabupaten)) {
				pos = without;
				found = true;
			}
			without++;
		}
	}
	table_free(t);
	if (!found || rest <= 0)
		return 0;
	int64_t share = rest / (int64_t)without, extra = rest % (int64_t)without;
	return share + ((int64_t)pos < extra ? 1 : 0);
}

/* ---- summary ---- */

static bool warung_summary(struct store *st, const struct summary_filter *f, struct tables *out,
			   struct err *e)
{
	const char *kab = f && f->kabupaten ? f->kabupaten : NULL;
	struct table *t = table_new(_("Warung points against target"), 5);
	table_col(t, 0, _("Regency/city"), COL_TEXT);
	table_col(t, 1, _("Target"), COL_COUNT);
	table_col(t, 2, _("Active"), COL_COUNT);
	table_col(t, 3, _("Inactive"), COL_COUNT);
	table_col(t, 4, _("Active/target"), COL_PERCENT);
	table_add_kabupaten_rows(t, st, kab);
	tables_add(out, t);
	struct agg_where w[4];
	size_t nw = summary_where(f, NULL, w, 0);
	w[nw] = (struct agg_where){ "status", "=", "aktif" };
	struct agg_query q = { &entity_warung, "kabupaten_kota", NULL, w, nw + 1 };
	struct summary_into a = { t, 2, NULL, st, 0 };
	if (!store_aggregate(st, &q, summary_into_row, &a, e))
		return false;
	w[nw].value = "nonaktif";
	a.col = 3;
	if (!store_aggregate(st, &q, summary_into_row, &a, e))
		return false;
	for (size_t r = 0; r < t->nrows; r++)
		table_set_num(t, r, 1, warung_target(st, t->rows[r].code));
	table_add_total(t, _("Total"));
	for (size_t r = 0; r < t->nrows; r++) {
		int64_t target = t->rows[r].cells[1].num, active = t->rows[r].cells[2].num;
		table_set_num(t, r, 4, target > 0 ? active * 1000 / target : 0);
	}

	static const char *const sums[] = { "pesanan", "omzet", NULL };
	struct table *wk = table_new(_("Orders and turnover per week"), 4);
	table_col(wk, 0, _("Week of"), COL_TEXT);
	table_col(wk, 1, _("Reports"), COL_COUNT);
	table_col(wk, 2, _("Orders"), COL_COUNT);
	table_col(wk, 3, _("Turnover"), COL_MONEY);
	tables_add(out, wk);
	nw = summary_where(f, "minggu", w, 0);
	struct agg_query qw = { &entity_warung_laporan, "minggu", sums, w, nw };
	const struct field_meta *week = registry_field(&meta_warung_laporan, "minggu");
	struct summary_into aw = { wk, 1, week, st, 2 };
	if (!store_aggregate(st, &qw, summary_into_row, &aw, e))
		return false;
	table_add_total(wk, _("Total"));

	struct table *kt = table_new(_("Orders and turnover per regency/city"), 4);
	table_col(kt, 0, _("Regency/city"), COL_TEXT);
	table_col(kt, 1, _("Reports"), COL_COUNT);
	table_col(kt, 2, _("Orders"), COL_COUNT);
	table_col(kt, 3, _("Turnover"), COL_MONEY);
	table_add_kabupaten_rows(kt, st, kab);
	tables_add(out, kt);
	struct agg_query qk = { &entity_warung_laporan, "kabupaten_kota", sums, w, nw };
	struct summary_into ak = { kt, 1, NULL, st, 2 };
	if (!store_aggregate(st, &qk, summary_into_row, &ak, e))
		return false;
	table_add_total(kt, _("Total"));
	return true;
}

static const struct entity_meta *const warung_metas[] = { &meta_warung, &meta_warung_laporan, NULL };

const struct program program_warung = {
	.name = "warung",
	.title = N_("Warung Pesan Kirim"),
	.metas = warung_metas,
	.summary = warung_summary,
};

/* ---- the weekly grid ---- */

void warung_rows_free(struct warung_row *rows, int n)
{
	for (int i = 0; i < n; i++) {
		free(rows[i].nama);
		free(rows[i].reg_no);
		free(rows[i].pesanan);
		free(rows[i].omzet);
	}
	free(rows);
}

int warung_week_load(struct store *st, const char *kabupaten, const char *minggu,
		     struct warung_row **rows, struct err *e)
{
	static const char *const cols[] = { "nama", FIELD_REG_NO, NULL };
	struct list_query q = { .ent = &entity_warung, .kabupaten = kabupaten,
				.status_field = "status", .status = "aktif", .columns = cols };
	struct list_cursor cur = { 0 };
	struct warung_row *v = NULL;
	int n = 0, cap = 0;
	for (;;) {
		struct list_row page[64];
		int got = store_list_page(st, &q, &cur, false, 64, page, e);
		if (got < 0) {
			list_cursor_release(&cur);
			warung_rows_free(v, n);
			return -1;
		}
		for (int i = 0; i < got; i++) {
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				v = xrealloc(v, (size_t)cap * sizeof(*v));
			}
			struct warung_row *r = &v[n++];
			memset(r, 0, sizeof(*r));
			r->titik = page[i].id;
			r->nama = xstrdup(page[i].values[0] ? page[i].values[0] : "");
			r->reg_no = xstrdup(page[i].values[1] ? page[i].values[1] : "");
			char *ref = ref_make(&meta_warung, &r->titik);
			char *key = xasprintf("%s|%s", ref, minggu);
			struct rid lid;
			struct record lap;
			if (store_find_by_field(st, &entity_warung_laporan, "kunci", key, NULL, &lid, 1) == 1 &&
			    store_get(st, &entity_warung_laporan, &lid, &lap, NULL)) {
				r->laporan = lid;
				r->pesanan = xstrdup(record_get(&lap, "pesanan"));
				r->omzet = xstrdup(record_get(&lap, "omzet"));
				record_release(&lap);
			}
			free(key);
			free(ref);
		}
		if (got > 0) {
			list_cursor_release(&cur);
			list_cursor_copy(&cur, &page[got - 1].cursor);
		}
		for (int i = 0; i < got; i++)
			list_row_release(&page[i], 2);
		if (got < 64)
			break;
	}
	list_cursor_release(&cur);
	*rows = v;
	return n;
}

int warung_week_save(struct store *st, const char *minggu, struct warung_row *rows, int n,
		     const char *officer, struct issues *out, int *bad, struct err *e)
{
	*bad = -1;
	issues_clear(out);
	if (!store_begin(st, e))
		return -1;
	struct rid *made = xcalloc(n > 0 ? (size_t)n : 1, sizeof(*made));
	int written = 0;
	for (int i = 0; i < n; i++) {
		struct warung_row *r = &rows[i];
		bool have = !rid_is_zero(&r->laporan);
		if (!have && !r->pesanan && !r->omzet)
			continue;
		struct record rec;
		if (have) {
			if (!store_get(st, &entity_warung_laporan, &r->laporan, &rec, e)) {
				*bad = i;
				goto fail;
			}
		} else {
			registry_new(st, &meta_warung_laporan, &rec);
			char *ref = ref_make(&meta_warung, &r->titik);
			record_set(&rec, "titik", ref);
			free(ref);
			record_set(&rec, "minggu", minggu);
		}
		record_set(&rec, "pesanan", r->pesanan);
		record_set(&rec, "omzet", r->omzet);
		enum save_result res = registry_save(st, &meta_warung_laporan, &rec, officer, true, out, e);
		made[i] = rec.id;
		record_release(&rec);
		if (res == SAVE_DONE)
			written++;
		else if (res != SAVE_UNCHANGED) {
			*bad = i;
			goto fail;
		}
	}
	if (!store_commit(st, e)) {
		free(made);
		return -1;
	}
	for (int i = 0; i < n; i++)
		if (!rid_is_zero(&made[i]))
			rows[i].laporan = made[i];
	free(made);
	return written;
fail:
	store_rollback(st);
	free(made);
	return -1;
}
