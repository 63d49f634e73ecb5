/* report.c - figures, the dashboard and the named reports (see report.h). */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "core/format.h"
#include "core/i18n.h"
#include "model/prog4.h"
#include "model/invariants.h"
#include "model/prog_stimulus.h"
#include "model/auth.h"
#include "model/shared_settings.h"
#include "store/account.h"

/* ---- figures ---- */

static const struct figure fig_umkm = {
	.id = "umkm", .label = N_("UMKM registered"), .entity = "umkm",
	.date_field = "tanggal_pendataan", .kind = COL_COUNT,
};
static const struct figure fig_koperasi = {
	.id = "koperasi", .label = N_("Cooperatives registered"), .entity = "koperasi",
	.date_field = "tanggal_pendataan", .kind = COL_COUNT,
};

/* Warung Pesan Kirim: points active, against the targets per kabupaten/kota. */
static int64_t warung_targets(struct store *st, const char *kab)
{
	if (kab)
		return warung_target(st, kab);
	return shared_setting_int(st, "programs.warung.target_total", 226);
}
static const struct figure fig_warung = {
	.id = "warung", .label = N_("Warung Pesan Kirim points active"), .entity = "warung",
	.date_field = "tanggal_mulai", .kind = COL_COUNT,
	.where = { { "status", "=", "aktif" } }, .nwhere = 1, .target = warung_targets,
};
/* Pemasaran Online: products live. */
static const struct figure fig_produk = {
	.id = "produk", .label = N_("Products live"), .entity = "produk",
	.date_field = "tanggal_tayang", .kind = COL_COUNT,
	.where = { { "status", "=", "tayang" } }, .nwhere = 1,
};
/* Stimulus: approved and paid, against the budget (and the quotas). */
static int64_t stimulus_targets(struct store *st, const char *kab)
{
	return kab ? stimulus_quota(st, kab) : stimulus_budget(st);
}
static const struct figure fig_stimulus_approved = {
	.id = "stimulus-disetujui", .label = N_("Stimulus approved (Rp)"), .entity = "stimulus",
	.sum = "jumlah_disetujui", .date_field = "tanggal_keputusan", .kind = COL_MONEY,
	.where = { { "jumlah_disetujui", "notnull", NULL }, { "status", "<>", "ditolak" } },
	.nwhere = 2, .target = stimulus_targets, .twice = invariants_stimulus_extra_ids,
};
static const struct figure fig_stimulus_paid = {
	.id = "stimulus-dicairkan", .label = N_("Stimulus paid (Rp)"), .entity = "stimulus",
	.sum = "jumlah_dibayar", .date_field = "tanggal_cair", .kind = COL_MONEY,
	.where = { { "status", "=", "dicairkan" } }, .nwhere = 1, .target = stimulus_targets,
	.twice = invariants_stimulus_extra_ids,
};
/* Pelatihan Online: participants and those who completed (a certificate). */
static const struct figure fig_peserta = {
	.id = "pelatihan", .label = N_("Training participants"), .entity = "peserta",
	.kind = COL_COUNT,
};
static const struct figure fig_lulus = {
	.id = "pelatihan-lulus", .label = N_("Training completed (certificate)"),
	.entity = "peserta", .kind = COL_COUNT,
	.where = { { "nomor_sertifikat", "notnull", NULL } }, .nwhere = 1,
};
/* Kartu Prakerja: referred, and accepted on the program. */
static const struct figure fig_prakerja = {
	.id = "prakerja", .label = N_("Kartu Prakerja referrals"), .entity = "prakerja",
	.date_field = "tanggal_rujukan", .kind = COL_COUNT,
};
static const struct figure fig_prakerja_ok = {
	.id = "prakerja-diterima", .label = N_("Kartu Prakerja accepted"), .entity = "prakerja",
	.date_field = "tanggal_rujukan", .kind = COL_COUNT,
	.where = { { "status", "=", "diterima" } }, .nwhere = 1,
};

/* Produksi APD: packages given out, against the target. */
static const struct figure fig_apd_packages = {
	.id = "apd-paket", .label = N_("PPE packages distributed"), .entity = "apd_penyaluran",
	.sum = "jumlah", .date_field = "tanggal", .kind = COL_COUNT,
	.where = { { "barang", "=", "paket" } }, .nwhere = 1,
	.target_key = "programs.apd.target_packages",
};
/* Restrukturisasi: cases facilitated, decided, approved (in full or in part). */
static const struct figure fig_restru = {
	.id = "restru", .label = N_("Restructuring cases facilitated"), .entity = "restrukturisasi",
	.date_field = "tanggal_surat", .kind = COL_COUNT,
};
static const struct figure fig_restru_decided = {
	.id = "restru-diputus", .label = N_("Restructuring cases decided"),
	.entity = "restrukturisasi", .date_field = "tanggal_keputusan", .kind = COL_COUNT,
	.where = { { "keputusan", "notnull", NULL } }, .nwhere = 1,
};
static const struct figure fig_restru_approved = {
	.id = "restru-disetujui", .label = N_("Restructuring cases approved"),
	.entity = "restrukturisasi", .date_field = "tanggal_keputusan", .kind = COL_COUNT,
	.where = { { "keputusan", "notnull", NULL }, { "keputusan", "<>", "ditolak" } },
	.nwhere = 2,
};

const struct figure *const figure_all[] = {
	&fig_umkm,
	&fig_koperasi,
	&fig_warung,
	&fig_produk,
	&fig_stimulus_approved,
	&fig_stimulus_paid,
	&fig_apd_packages,
	&fig_peserta,
	&fig_lulus,
	&fig_prakerja,
	&fig_prakerja_ok,
	&fig_restru,
	&fig_restru_decided,
	&fig_restru_approved,
	NULL
};

const struct figure *figure_find(const char *id)
{
	for (size_t i = 0; figure_all[i]; i++)
		if (str_eq(figure_all[i]->id, id))
			return figure_all[i];
	return NULL;
}

const struct entity_meta *figure_meta(const struct figure *fig, const char **status)
{
	const struct entity_meta *m = registry_meta(fig->entity);
	*status = NULL;
	for (size_t i = 0; m && i < fig->nwhere; i++)
		if (m->status_field && str_eq(fig->where[i].field, m->status_field) &&
		    str_eq(fig->where[i].cmp, "="))
			*status = fig->where[i].value;
	return m;
}

/* The figure's conditions plus the period and the kabupaten/kota. */
static size_t conditions(const struct figure *fig, const struct report_params *p,
			 struct agg_where *w)
{
	size_t n = 0;
	for (size_t i = 0; i < fig->nwhere; i++)
		w[n++] = fig->where[i];
	if (fig->date_field && !str_empty(p->f.from))
		w[n++] = (struct agg_where){ fig->date_field, ">=", p->f.from };
	if (fig->date_field && !str_empty(p->f.to))
		w[n++] = (struct agg_where){ fig->date_field, "<=", p->f.to };
	if (!str_empty(p->f.kabupaten))
		w[n++] = (struct agg_where){ "kabupaten_kota", "=", p->f.kabupaten };
	return n;
}

struct per_kab {
	struct table *t;
	int64_t total;
	bool sum;
};

static bool add_group(const char *group, int64_t count, const int64_t *sums, void *arg)
{
	struct per_kab *k = arg;
	int64_t v = k->sum ? sums[0] : count;
	k->total += v;
	if (k->t) {
		long row = table_find_row(k->t, group);
		if (row < 0) { /* a kabupaten/kota of another province, or none */
			row = (long)table_add_row(k->t, group);
			table_set_text(k->t, (size_t)row, 0, group ? group : _("(none)"));
		}
		table_add_num(k->t, (size_t)row, 1, v);
	}
	return true;
}

/* Whether a record meets the conditions of a figure (as store_aggregate reads
 * them: an empty value meets no comparison). */
static bool where_holds(const struct record *r, const struct agg_where *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *v = record_get(r, w[i].field), *c = w[i].cmp;
		int d = v && w[i].value ? strcmp(v, w[i].value) : 0;
		bool ok = str_eq(c, "notnull") ? v != NULL
			: str_eq(c, "null")    ? v == NULL
			: !v || !w[i].value    ? false
			: str_eq(c, "=")       ? d == 0
			: str_eq(c, "<>")      ? d != 0
			: str_eq(c, "<")       ? d < 0
			: str_eq(c, "<=")      ? d <= 0
			: str_eq(c, ">")       ? d > 0
			: str_eq(c, ">=")      ? d >= 0
					       : false;
		if (!ok)
			return false;
	}
	return true;
}

static bool run_figure(struct store *st, const struct figure *fig, const struct report_params *p,
		       struct per_kab *k, struct err *e)
{
	const struct entity_def *ent = entity_find(fig->entity);
	if (!ent)
		return err_set(e, 1, "report: no entity %s", fig->entity);
	struct agg_where w[8];
	const char *sums[] = { fig->sum, NULL };
	struct agg_query q = {
		.ent = ent,
		.group = k->t ? "kabupaten_kota" : NULL,
		.sums = fig->sum ? sums : NULL,
		.where = w,
		.nwhere = conditions(fig, p, w),
	};
	k->sum = fig->sum != NULL;
	if (!store_aggregate(st, &q, add_group, k, e))
		return false;
	struct rid *twice = NULL;
	int n = fig->twice ? fig->twice(st, &twice, e) : 0;
	for (int i = 0; i < n; i++) {
		struct record r;
		if (!store_get(st, ent, &twice[i], &r, NULL))
			continue;
		if (where_holds(&r, w, q.nwhere)) {
			int64_t v = fig->sum ? strtoll(record_get(&r, fig->sum) ? record_get(&r, fig->sum)
										 : "0", NULL, 10)
					     : 1;
			const char *kab = record_get(&r, "kabupaten_kota");
			k->total -= v;
			long row = k->t ? table_find_row(k->t, kab) : -1;
			if (row >= 0)
				table_add_num(k->t, (size_t)row, 1, -v);
		}
		record_release(&r);
	}
	free(twice);
	return n >= 0;
}

static int64_t target_of(struct store *st, const struct figure *fig,
			 const struct report_params *p, const char *kab)
{
	if (fig->target) {
		int64_t t = fig->target(st, kab);
		return t > 0 ? t : 0;
	}
	if (!p->cfg)
		return 0;
	/* Targets are province settings (model/shared_settings.h). */
	if (kab) {
		char *v = fig->target_map ? shared_setting_map_get(st, fig->target_map, kab) : NULL;
		int64_t n = v ? strtoll(v, NULL, 10) : 0;
		free(v);
		return n;
	}
	return fig->target_key ? shared_setting_int(st, fig->target_key, 0) : 0;
}

bool figure_value(struct store *st, const struct figure *fig, const struct report_params *p,
		  int64_t *value, int64_t *target, struct err *e)
{
	struct per_kab k = { 0 };
	if (!run_figure(st, fig, p, &k, e))
		return false;
	*value = k.total;
	*target = target_of(st, fig, p, p->f.kabupaten);
	return true;
}

/* Tenths of a percent of part in whole (0 when whole is 0). */
static int64_t permille(int64_t part, int64_t whole)
{
	return whole ? (part * 1000 + whole / 2) / whole : 0;
}

struct table *figure_table(struct store *st, const struct figure *fig,
			   const struct report_params *p, struct err *e)
{
	bool targets = fig->target_map != NULL || fig->target != NULL;
	struct table *t = table_new(_(fig->label), targets ? 4 : 3);
	table_col(t, 0, _("Regency/city"), COL_TEXT);
	table_col(t, 1, _(fig->label), fig->kind);
	size_t share = 2;
	if (targets) {
		table_col(t, 2, _("Target"), fig->kind); /* Rupiah for a budget */
		share = 3;
	}
	table_col(t, share, targets ? _("Achieved") : _("Share"), COL_PERCENT);
	table_add_kabupaten_rows(t, st, p->f.kabupaten);
	struct per_kab k = { .t = t };
	if (!run_figure(st, fig, p, &k, e)) {
		table_free(t);
		return NULL;
	}
	for (size_t r = 0; r < t->nrows; r++) {
		int64_t v = t->rows[r].cells[1].num;
		if (targets) {
			int64_t tg = target_of(st, fig, p, t->rows[r].code);
			table_set_num(t, r, 2, tg);
			table_set_num(t, r, share, permille(v, tg));
			if (tg <= 0) { /* no quota there: nothing to reach, not "0 / 0,0%" */
				table_set_blank(t, r, 2);
				table_set_blank(t, r, share);
			}
		} else {
			table_set_num(t, r, share, permille(v, k.total));
		}
	}
	table_add_total(t, _("Total"));
	size_t tot = t->nrows - 1;
	int64_t tg = targets ? target_of(st, fig, p, NULL) : 0;
	table_set_num(t, tot, share, targets ? permille(k.total, tg) : (k.total ? 1000 : 0));
	if (targets) {
		table_set_num(t, tot, 2, tg);
		if (tg <= 0) {
			table_set_blank(t, tot, 2);
			table_set_blank(t, tot, share);
		}
	}
	t->chart[0] = 1;
	t->chart[1] = targets ? 2 : 0;
	return t;
}

static struct table *headline_table(void)
{
	struct table *t = table_new(_("Summary"), 4);
	table_col(t, 0, _("Figure"), COL_TEXT);
	table_col(t, 1, _("Value"), COL_COUNT);
	table_col(t, 2, _("Target"), COL_COUNT);
	table_col(t, 3, _("Achieved"), COL_PERCENT);
	t->chart[0] = 1;
	t->chart[1] = 2;
	return t;
}

static void headline_row(struct table *t, const struct figure *fig, int64_t v, int64_t target)
{
	size_t row = table_add_row(t, fig->id);
	table_set_text(t, row, 0, _(fig->label));
	table_set_num(t, row, 1, v);
	table_set_num(t, row, 2, target);
	table_set_num(t, row, 3, permille(v, target));
	if (!target) {
		table_set_blank(t, row, 2);
		table_set_blank(t, row, 3);
	}
}

static int figure_count(void)
{
	int n = 0;
	while (figure_all[n])
		n++;
	return n;
}

struct table *report_headlines(struct store *st, const struct report_params *p, struct err *e)
{
	struct table *t = headline_table();
	int total = figure_count();
	for (int i = 0; figure_all[i]; i++) {
		if (p->progress && !p->progress(i, total, p->arg)) {
			table_free(t);
			err_set(e, 1, _("stopped"));
			return NULL;
		}
		int64_t v, target;
		if (!figure_value(st, figure_all[i], p, &v, &target, e)) {
			table_free(t);
			return NULL;
		}
		headline_row(t, figure_all[i], v, target);
	}
	return t;
}

/* ---- named reports ---- */

/* The dashboard, then each figure per kabupaten/kota; the headlines are the
 * tables' totals, so every figure is counted once. */
static bool build_ringkasan(struct store *st, const struct report_params *p, struct tables *out,
			    struct err *e)
{
	struct table *h = headline_table();
	tables_add(out, h);
	for (size_t i = 0; figure_all[i]; i++) {
		struct table *t = figure_table(st, figure_all[i], p, e);
		if (!t)
			return false;
		tables_add(out, t);
		headline_row(h, figure_all[i], t->rows[t->nrows - 1].cells[1].num,
			     target_of(st, figure_all[i], p, p->f.kabupaten));
	}
	return true;
}

struct by_value {
	struct table *t;
	const struct field_meta *f;
	bool multi;
	int64_t records;      /* records counted (a list value counts its record once) */
};

/* One group of a breakdown: its value's row (a list "a;b" adds to each). */
static bool add_value(const char *group, int64_t count, const int64_t *sums, void *arg)
{
	(void)sums;
	struct by_value *b = arg;
	b->records += count;
	char *copy = xstrdup(group ? group : "");
	char *save = NULL;
	char *tok = b->multi ? strtok_r(copy, ";", &save) : copy;
	do {
		const char *code = tok && *tok ? tok : NULL;
		long row = code ? table_find_row(b->t, code) : table_find_row(b->t, "");
		if (row < 0) { /* a value the form no longer offers: its own row */
			row = (long)table_add_row(b->t, code ? code : "");
			table_set_text(b->t, (size_t)row, 0, code ? code : _("(not filled in)"));
		}
		table_add_num(b->t, (size_t)row, 1, count);
	} while (b->multi && (tok = strtok_r(NULL, ";", &save)) != NULL);
	free(copy);
	return true;
}

/* A breakdown's table: a row per choice of the field (and one for records
 * without a value), filled by add_value and finished by breakdown_finish. */
static struct table *breakdown_new(const struct entity_meta *m, const struct field_meta *f,
				   bool multi, const char *title)
{
	struct table *t = table_new(title, 3);
	table_col(t, 0, _(f->label), COL_TEXT);
	table_col(t, 1, _(m->title), COL_COUNT);
	table_col(t, 2, _("Share"), COL_PERCENT);
	for (size_t i = 0; f->choices && f->choices[i].value; i++) {
		size_t row = table_add_row(t, f->choices[i].value);
		table_set_text(t, row, 0, _(f->choices[i].label));
	}
	if (!multi) {
		size_t row = table_add_row(t, "");
		table_set_text(t, row, 0, _("(not filled in)"));
	}
	t->chart[0] = 1;
	return t;
}

/* Shares of the businesses (with a list, one business names several), a total. */
static void breakdown_finish(struct by_value *b)
{
	struct table *t = b->t;
	for (size_t r = 0; r < t->nrows; r++)
		table_set_num(t, r, 2, permille(t->rows[r].cells[1].num, b->records));
	if (b->multi) {
		long none = table_find_row(t, "");
		if (none >= 0) /* records naming no impact: said once, below the rest */
			table_set_text(t, (size_t)none, 0, _("(not filled in)"));
	} else {
		table_add_total(t, _("Total"));
		table_set_num(t, t->nrows - 1, 2, b->records ? 1000 : 0);
	}
}

/* A registry's breakdown by one field: count per value (choices shown by their
 * labels), in one pass over the records. */
static bool breakdown(struct store *st, const struct report_params *p, const char *entity,
		      const char *field, bool multi, const char *title, struct tables *out,
		      struct err *e)
{
	const struct entity_meta *m = registry_meta(entity);
	const struct field_meta *f = registry_field(m, field);
	struct figure fig = { .entity = entity, .date_field = "tanggal_pendataan" };
	struct agg_where w[8];
	struct agg_query q = { .ent = entity_find(entity), .group = field, .where = w,
			       .nwhere = conditions(&fig, p, w) };
	struct by_value b = { breakdown_new(m, f, multi, title), f, multi, 0 };
	if (!store_aggregate(st, &q, add_value, &b, e)) {
		table_free(b.t);
		return false;
	}
	breakdown_finish(&b);
	tables_add(out, b.t);
	return true;
}

/* Fills a row per kabupaten/kota: column 1 the count, columns 2.. the sums. */
static bool fill_kab_row(const char *group, int64_t count, const int64_t *sums, void *arg)
{
	struct table *t = arg;
	long row = table_find_row(t, group);
	if (row < 0) {
		row = (long)table_add_row(t, group);
		table_set_text(t, (size_t)row, 0, group ? group : _("(none)"));
	}
	table_add_num(t, (size_t)row, 1, count);
	for (size_t c = 2; c < t->ncols; c++)
		table_add_num(t, (size_t)row, c, sums[c - 2]);
	return true;
}

/* The UMKM report: per kabupaten/kota (count, turnover and workers before and
 * after), then by scale, sector, business status and impact; every table from
 * one pass over the records (a million businesses are read once, not five
 * times). */
#define UMKM_BREAKDOWNS 4
static const char *const umkm_groups[] = { "kabupaten_kota", "skala", "sektor", "status_usaha",
					   "dampak", NULL };

struct umkm_pass {
	struct table *kab;
	struct by_value by[UMKM_BREAKDOWNS];
};

static bool umkm_row(const char *const *values, int64_t count, const int64_t *sums, void *arg)
{
	struct umkm_pass *u = arg;
	fill_kab_row(values[0], count, sums, u->kab);
	for (int i = 0; i < UMKM_BREAKDOWNS; i++)
		add_value(values[i + 1], count, NULL, &u->by[i]);
	return true;
}

static bool build_umkm(struct store *st, const struct report_params *p, struct tables *out,
		       struct err *e)
{
	static const char *const sums[] = { "omzet_sebelum", "omzet_sesudah",
					    "tenaga_kerja_sebelum", "tenaga_kerja_sesudah", NULL };
	static const char *const titles[UMKM_BREAKDOWNS] = {
		N_("UMKM by scale"), N_("UMKM by sector"), N_("UMKM by business status"),
		N_("UMKM by impact of the shock"),
	};
	struct umkm_pass u = { .kab = table_new(_("UMKM per regency/city"), 6) };
	struct table *t = u.kab;
	table_col(t, 0, _("Regency/city"), COL_TEXT);
	table_col(t, 1, _("UMKM"), COL_COUNT);
	table_col(t, 2, _("Monthly turnover before"), COL_MONEY);
	table_col(t, 3, _("Monthly turnover after"), COL_MONEY);
	table_col(t, 4, _("Workers before"), COL_COUNT);
	table_col(t, 5, _("Workers after"), COL_COUNT);
	table_add_kabupaten_rows(t, st, p->f.kabupaten);
	t->chart[0] = 1;
	for (int i = 0; i < UMKM_BREAKDOWNS; i++) {
		const struct field_meta *f = registry_field(&meta_umkm, umkm_groups[i + 1]);
		bool multi = f->kind == FK_MULTI;
		u.by[i] = (struct by_value){ breakdown_new(&meta_umkm, f, multi, _(titles[i])), f,
					     multi, 0 };
	}
	struct agg_where w[8];
	struct figure fig = { .entity = "umkm", .date_field = "tanggal_pendataan" };
	struct agg_query q = { .ent = &entity_umkm, .sums = sums, .where = w,
			       .nwhere = conditions(&fig, p, w) };
	bool ok = store_aggregate_by(st, &q, umkm_groups, umkm_row, &u, e);
	table_add_total(t, _("Total"));
	tables_add(out, t);
	for (int i = 0; i < UMKM_BREAKDOWNS; i++) {
		breakdown_finish(&u.by[i]);
		tables_add(out, u.by[i].t);
	}
	return ok;
}

static bool build_koperasi(struct store *st, const struct report_params *p, struct tables *out,
			   struct err *e)
{
	struct table *t = figure_table(st, &fig_koperasi, p, e);
	if (!t)
		return false;
	tables_add(out, t);
	return breakdown(st, p, "koperasi", "jenis", false, _("Cooperatives by kind"), out, e) &&
	       breakdown(st, p, "koperasi", "status", false, _("Cooperatives by status"), out, e);
}

void report_month(const char *date, char from[11], char to[11], char prev_from[11],
		  char prev_to[11])
{
	struct date d;
	if (!date || !date_parse(date, &d, NULL))
		d = date_today();
	int py = d.month == 1 ? d.year - 1 : d.year, pm = d.month == 1 ? 12 : d.month - 1;
	struct date a = { d.year, d.month, 1 }, b = { d.year, d.month, date_days_in_month(d.year, d.month) };
	struct date c = { py, pm, 1 }, z = { py, pm, date_days_in_month(py, pm) };
	date_format_iso(&a, from, 11);
	date_format_iso(&b, to, 11);
	date_format_iso(&c, prev_from, 11);
	date_format_iso(&z, prev_to, 11);
}

/* The monthly report: the headlines of the month beside the month before, with
 * the change; then every section for the month. */
static bool build_bulanan(struct store *st, const struct report_params *p, struct tables *out,
			  struct err *e)
{
	char from[11], to[11], pfrom[11], pto[11];
	report_month(p->f.from, from, to, pfrom, pto);
	struct report_params cur = *p, prev = *p;
	cur.f.from = from;
	cur.f.to = to;
	prev.f.from = pfrom;
	prev.f.to = pto;
	struct date d;
	date_parse(from, &d, NULL);
	char month[64], title[160];
	date_format_long(&d, month, sizeof(month));
	/* "1 Mei 2020" -> "Mei 2020" */
	const char *sp = strchr(month, ' ');
	snprintf(title, sizeof(title), _("Monthly report, %s"), sp ? sp + 1 : month);
	struct table *t = table_new(title, 5);
	table_col(t, 0, _("Figure"), COL_TEXT);
	table_col(t, 1, _("This month"), COL_COUNT);
	table_col(t, 2, _("Month before"), COL_COUNT);
	table_col(t, 3, _("Change"), COL_COUNT);
	table_col(t, 4, _("Total to date"), COL_COUNT);
	struct report_params all = *p;
	all.f.from = NULL;
	all.f.to = to;
	for (size_t i = 0; figure_all[i]; i++) {
		const struct figure *fig = figure_all[i];
		int64_t a, b, c, tg;
		if (!figure_value(st, fig, &cur, &a, &tg, e) || !figure_value(st, fig, &prev, &b, &tg, e) ||
		    !figure_value(st, fig, &all, &c, &tg, e)) {
			table_free(t);
			return false;
		}
		size_t row = table_add_row(t, fig->id);
		table_set_text(t, row, 0, _(fig->label));
		table_set_num(t, row, 1, a);
		table_set_num(t, row, 2, b);
		table_set_num(t, row, 3, a - b);
		table_set_num(t, row, 4, c);
	}
	t->chart[0] = 1;
	t->chart[1] = 2;
	tables_add(out, t);
	for (size_t i = 0; figure_all[i]; i++) {
		struct table *ft = figure_table(st, figure_all[i], &cur, e);
		if (!ft)
			return false;
		tables_add(out, ft);
	}
	if (!build_umkm(st, &cur, out, e))
		return false;
	for (size_t i = 0; program_all[i]; i++)
		if (program_all[i]->summary && !program_all[i]->summary(st, &cur.f, out, e))
			return false;
	return true;
}

static const struct report_def rep_ringkasan = { "ringkasan", N_("Summary"), build_ringkasan };
static const struct report_def rep_umkm = { "umkm", N_("UMKM registry"), build_umkm };
static const struct report_def rep_koperasi = { "koperasi", N_("Cooperatives"), build_koperasi };
static const struct report_def rep_bulanan = { "bulanan", N_("Monthly report"), build_bulanan };

const struct report_def *const report_all[] = {
	&rep_ringkasan,
	&rep_umkm,
	&rep_koperasi,
	&rep_bulanan,
	NULL
};

const struct report_def *report_find(const char *name)
{
	for (size_t i = 0; report_all[i]; i++)
		if (str_eq(report_all[i]->name, name))
			return report_all[i];
	return NULL;
}

bool report_build(struct store *st, const char *name, const struct report_params *p,
		  struct tables *out, struct err *e)
{
	if (!auth_require(st, store_officer(st), AUTH_REPORT, e))
		return false;
	const struct report_def *r = report_find(name);
	if (r)
		return r->build(st, p, out, e);
	const struct program *prog = program_find(name);
	if (prog && prog->summary)
		return prog->summary(st, &p->f, out, e);
	struct strbuf known = STRBUF_INIT;
	for (size_t i = 0; report_all[i]; i++)
		strbuf_addf(&known, "%s%s", i ? ", " : "", report_all[i]->name);
	for (size_t i = 0; program_all[i]; i++)
		strbuf_addf(&known, ", %s", program_all[i]->name);
	err_set(e, 2, _("unknown report '%s' (one of: %s)"), name, known.buf);
	strbuf_release(&known);
	return false;
}
