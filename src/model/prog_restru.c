/*
 * prog_restru.c - program 7, Restrukturisasi (see prog_restru.h): a debtor's
 * loan, what is asked of the lender (restructuring measures and/or a payment
 * holiday), the office's facilitation letter, and the lender's decision with the
 * new terms.
 */
#include "model/prog_restru.h"

#include <stdlib.h>

#include "core/format.h"
#include "core/i18n.h"
#include "model/auth.h"

static const struct choice lender_choices[] = {
	{ "bank umum", N_("commercial bank") },
	{ "bpr", N_("rural bank (BPR)") },
	{ "bank syariah", N_("sharia bank") },
	{ "lpdb-kumkm", N_("LPDB-KUMKM") },
	{ "koperasi simpan pinjam", N_("savings and loan cooperative") },
	{ "lainnya", N_("other") },
	{ NULL, NULL }
};

static const struct choice facility_choices[] = {
	{ "kur", N_("KUR") },
	{ "dana bergulir", N_("revolving fund") },
	{ "kredit modal kerja", N_("working capital loan") },
	{ "kredit investasi", N_("investment loan") },
	{ "lainnya", N_("other") },
	{ NULL, NULL }
};

/* In order, best first: a case's collectibility is "worse than kurang lancar"
 * when its index is above that one's. */
static const struct choice collect_choices[] = {
	{ "lancar", N_("current (lancar)") },
	{ "dalam perhatian khusus", N_("special mention") },
	{ "kurang lancar", N_("substandard") },
	{ "diragukan", N_("doubtful") },
	{ "macet", N_("loss (macet)") },
	{ NULL, NULL }
};

static const struct choice measure_choices[] = {
	{ "penurunan suku bunga", N_("lower interest rate") },
	{ "perpanjangan jangka waktu", N_("longer term") },
	{ "pengurangan tunggakan pokok", N_("reduced principal arrears") },
	{ "pengurangan tunggakan bunga", N_("reduced interest arrears") },
	{ "penambahan fasilitas", N_("additional facility") },
	{ "konversi ke penyertaan modal sementara", N_("conversion to temporary equity") },
	{ NULL, NULL }
};

static const struct choice decision_choices[] = {
	{ "disetujui seluruhnya", N_("approved in full") },
	{ "disetujui sebagian", N_("approved in part") },
	{ "ditolak", N_("refused") },
	{ NULL, NULL }
};

static const struct field_meta restru_fields[] = {
	{ .name = "debitur", .label = N_("Debtor"), .kind = FK_REF, .required = true, .width = 40,
	  .hint = N_("registration no., or type a name"), .ref = "umkm koperasi" },
	{ .name = "nama_debitur", .label = N_("Debtor's name"), .kind = FK_TEXT, .width = 80,
	  .derived = true },
	{ .name = "kabupaten_kota", .label = N_("Regency/city"), .kind = FK_KABKOTA, .width = 40,
	  .derived = true },
	{ .name = "jenis_kreditur", .label = N_("Lender type"), .kind = FK_CHOICE, .required = true,
	  .width = 24, .choices = lender_choices },
	{ .name = "nama_kreditur", .label = N_("Lender's name"), .kind = FK_TEXT, .required = true,
	  .width = 80 },
	{ .name = "fasilitas", .label = N_("Facility"), .kind = FK_CHOICE, .required = true, .width = 20,
	  .choices = facility_choices },
	{ .name = "plafon_awal", .label = N_("Original principal"), .kind = FK_MONEY, .required = true,
	  .width = 16 },
	{ .name = "baki_debet", .label = N_("Outstanding principal"), .kind = FK_MONEY,
	  .required = true, .width = 16 },
	{ .name = "angsuran", .label = N_("Monthly instalment"), .kind = FK_MONEY, .width = 16 },
	{ .name = "tunggakan_pokok", .label = N_("Principal arrears"), .kind = FK_MONEY, .width = 16 },
	{ .name = "tunggakan_bunga", .label = N_("Interest arrears"), .kind = FK_MONEY, .width = 16 },
	{ .name = "kolektibilitas", .label = N_("Collectibility"), .kind = FK_CHOICE, .required = true,
	  .width = 24, .choices = collect_choices },
	{ .name = "bentuk_restrukturisasi", .label = N_("Restructuring asked"), .kind = FK_MULTI,
	  .width = 60, .choices = measure_choices },
	{ .name = "penundaan_bulan", .label = N_("Payment holiday (months)"), .kind = FK_COUNT,
	  .width = 2, .hint = N_("1 to 12") },
	{ .name = "tanggal_surat", .label = N_("Facilitation letter date"), .kind = FK_DATE,
	  .width = 10, .hint = N_("DD/MM/YYYY"), .past_only = true },
	{ .name = "nomor_surat", .label = N_("Facilitation letter no."), .kind = FK_TEXT, .width = 60 },
	{ .name = "keputusan", .label = N_("Lender's decision"), .kind = FK_CHOICE, .width = 24,
	  .choices = decision_choices },
	{ .name = "tanggal_keputusan", .label = N_("Decision date"), .kind = FK_DATE, .width = 10,
	  .hint = N_("DD/MM/YYYY"), .past_only = true },
	{ .name = "angsuran_baru", .label = N_("New instalment"), .kind = FK_MONEY, .width = 16 },
	{ .name = "tenor_baru", .label = N_("New tenor (months)"), .kind = FK_COUNT, .width = 4 },
	{ .name = "akhir_penundaan", .label = N_("Holiday ends"), .kind = FK_DATE, .width = 10,
	  .hint = N_("DD/MM/YYYY") },
	{ .name = "catatan", .label = N_("Notes"), .kind = FK_LONGTEXT, .width = 500 },
	{ .name = FIELD_REG_NO, .label = N_("Registration no."), .kind = FK_READONLY, .width = 24 },
};

static int fidx(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(restru_fields); i++)
		if (str_eq(restru_fields[i].name, name))
			return (int)i;
	return -1;
}

static int64_t num(const struct record *r, const char *field)
{
	const char *v = record_get(r, field);
	return v ? strtoll(v, NULL, 10) : 0;
}

static void derive(struct store *st, const struct entity_meta *m, struct record *rec)
{
	(void)m;
	struct record b;
	if (ref_get(st, record_get(rec, "debitur"), &b)) {
		record_set(rec, "nama_debitur", record_get(&b, b.ent->name_field));
		record_set(rec, "kabupaten_kota", record_get(&b, "kabupaten_kota"));
		record_release(&b);
	}
}

static int collect_rank(const char *v)
{
	for (int i = 0; collect_choices[i].value; i++)
		if (str_eq(collect_choices[i].value, v))
			return i;
	return -1;
}

static bool before(const char *a, const char *b)
{
	struct date da, db;
	return date_parse(a, &da, NULL) && date_parse(b, &db, NULL) && date_cmp(&da, &db) < 0;
}

static void rules(const struct rule_ctx *c, struct issues *out)
{
	const struct record *r = c->rec;
	if (str_eq(record_get(r, FIELD_DELETED), "1"))
		return;
	if (num(r, "baki_debet") > num(r, "plafon_awal"))
		issues_add(out, fidx("baki_debet"), ISSUE_ERROR,
			   _("the outstanding principal is above the original principal"));
	const char *holiday = record_get(r, "penundaan_bulan");
	if (holiday && (num(r, "penundaan_bulan") < 1 || num(r, "penundaan_bulan") > 12))
		issues_add(out, fidx("penundaan_bulan"), ISSUE_ERROR,
			   _("a payment holiday is 1 to 12 months"));
	if (str_empty(record_get(r, "bentuk_restrukturisasi")) && !holiday)
		issues_add(out, fidx("bentuk_restrukturisasi"), ISSUE_ERROR,
			   _("say what is asked: a restructuring, a payment holiday, or both"));
	const char *decision = record_get(r, "keputusan");
	const char *ddate = record_get(r, "tanggal_keputusan");
	const char *letter = record_get(r, "tanggal_surat");
	if (!str_empty(record_get(r, "nomor_surat")) && !letter)
		issues_add(out, fidx("tanggal_surat"), ISSUE_ERROR,
			   _("the facilitation letter needs its date"));
	if (decision || ddate) {
		if (!decision)
			issues_add(out, fidx("keputusan"), ISSUE_ERROR,
				   _("a decision date needs the decision"));
		if (!ddate)
			issues_add(out, fidx("tanggal_keputusan"), ISSUE_ERROR,
				   _("the decision needs its date"));
		if (!letter)
			issues_add(out, fidx("tanggal_surat"), ISSUE_ERROR,
				   _("a decision comes after the facilitation letter: fill in the letter"));
		else if (ddate && before(ddate, letter))
			issues_add(out, fidx("tanggal_keputusan"), ISSUE_ERROR,
				   _("the decision is dated before the facilitation letter"));
	}
	bool terms = record_get(r, "angsuran_baru") || record_get(r, "tenor_baru") ||
		     record_get(r, "akhir_penundaan");
	if (terms && (!decision || str_eq(decision, "ditolak")))
		issues_add(out, fidx("keputusan"), ISSUE_ERROR,
			   _("new terms belong to an approved request"));
	if (record_get(r, "tenor_baru") && num(r, "tenor_baru") < 1)
		issues_add(out, fidx("tenor_baru"), ISSUE_ERROR, _("the new tenor is at least 1 month"));
	if (record_get(r, "akhir_penundaan") && ddate && before(record_get(r, "akhir_penundaan"), ddate))
		issues_add(out, fidx("akhir_penundaan"), ISSUE_ERROR,
			   _("the holiday ends before the decision"));
	if (str_eq(record_get(r, "jenis_kreditur"), "lpdb-kumkm") &&
	    collect_rank(record_get(r, "kolektibilitas")) > collect_rank("kurang lancar"))
		issues_add(out, fidx("kolektibilitas"), ISSUE_WARNING,
			   _("LPDB-KUMKM rarely restructures a loan worse than kurang lancar"));
	/* Recording the lender's decision is a decision (roles, model/auth.h). */
	const char *was = c->old ? record_get(c->old, "keputusan") : NULL;
	if (decision && !str_eq(was ? was : "", decision)) {
		struct err e;
		if (!auth_require(c->st, c->officer, AUTH_DECIDE, &e))
			issues_add(out, fidx("keputusan"), ISSUE_ERROR, "%s", e.msg);
	}
}

const struct entity_meta meta_restrukturisasi = {
	.ent = &entity_restrukturisasi,
	.title = N_("Restructuring cases"),
	.fields = restru_fields,
	.nfields = ARRAY_SIZE(restru_fields),
	.status_field = "keputusan",
	.list_second = "jenis_kreditur",
	.ref_field = "debitur",
	.derive = derive,
	.rules = rules,
};

/* ---- summary ---- */

/* Columns: cases, outstanding; facilitated cases, outstanding; decided; approved
 * cases, outstanding. */
enum { C_CASES = 1, C_OUT, C_FAC, C_FAC_OUT, C_DEC, C_APP, C_APP_OUT, NCOLS };

struct fill {
	struct table *t;
	size_t count_col, sum_col;
	const struct choice *labels;   /* add rows for groups not there, labelled */
};

static bool fill_cb(const char *group, int64_t count, const int64_t *sums, void *arg)
{
	struct fill *f = arg;
	long row = table_find_row(f->t, group ? group : "");
	if (row < 0) {
		if (!f->labels)
			return true;
		row = (long)table_add_row(f->t, group ? group : "");
		table_set_text(f->t, (size_t)row, 0, group ? group : "-");
	}
	table_add_num(f->t, (size_t)row, f->count_col, count);
	if (f->sum_col)
		table_add_num(f->t, (size_t)row, f->sum_col, sums[0]);
	return true;
}

static bool fill_table(struct store *st, struct table *t, const char *group,
		       const struct summary_filter *sf, const struct choice *labels, struct err *e)
{
	static const char *const sums[] = { "baki_debet", NULL };
	struct agg_where w[6];
	size_t n = 0;
	if (sf && !str_empty(sf->kabupaten))
		w[n++] = (struct agg_where){ "kabupaten_kota", "=", sf->kabupaten };
	size_t base = n;
	struct {
		size_t count_col, sum_col;
		struct agg_where extra[2];
		size_t nextra;
	} passes[] = {
		{ C_CASES, C_OUT, { { 0 } }, 0 },
		{ C_FAC, C_FAC_OUT, { { "tanggal_surat", "notnull", NULL } }, 1 },
		{ C_DEC, 0, { { "keputusan", "notnull", NULL } }, 1 },
		{ C_APP, C_APP_OUT, { { "keputusan", "<>", "ditolak" }, { "keputusan", "notnull", NULL } }, 2 },
	};
	for (size_t p = 0; p < ARRAY_SIZE(passes); p++) {
		n = base;
		for (size_t k = 0; k < passes[p].nextra; k++)
			w[n++] = passes[p].extra[k];
		if (sf && !str_empty(sf->from))
			w[n++] = (struct agg_where){ "tanggal_surat", ">=", sf->from };
		if (sf && !str_empty(sf->to))
			w[n++] = (struct agg_where){ "tanggal_surat", "<=", sf->to };
		struct fill f = { t, passes[p].count_col, passes[p].sum_col, labels };
		struct agg_query q = { .ent = &entity_restrukturisasi, .group = group, .sums = sums,
				       .where = w, .nwhere = n };
		if (!store_aggregate(st, &q, fill_cb, &f, e))
			return false;
	}
	return true;
}

static struct table *new_table(const char *title, const char *first)
{
	struct table *t = table_new(title, NCOLS);
	table_col(t, 0, first, COL_TEXT);
	table_col(t, C_CASES, _("Cases"), COL_COUNT);
	table_col(t, C_OUT, _("Outstanding"), COL_MONEY);
	table_col(t, C_FAC, _("Facilitated"), COL_COUNT);
	table_col(t, C_FAC_OUT, _("Outstanding facilitated"), COL_MONEY);
	table_col(t, C_DEC, _("Decided"), COL_COUNT);
	table_col(t, C_APP, _("Approved"), COL_COUNT);
	table_col(t, C_APP_OUT, _("Outstanding approved"), COL_MONEY);
	return t;
}

static bool restru_summary(struct store *st, const struct summary_filter *f, struct tables *out,
			   struct err *e)
{
	struct table *t = new_table(_("Restructuring per regency/city"), _("Regency/city"));
	table_add_kabupaten_rows(t, st, f ? f->kabupaten : NULL);
	bool ok = fill_table(st, t, "kabupaten_kota", f, NULL, e);
	table_add_total(t, _("Total"));
	tables_add(out, t);
	t = new_table(_("Restructuring per lender type"), _("Lender type"));
	for (size_t i = 0; lender_choices[i].value; i++) {
		size_t r = table_add_row(t, lender_choices[i].value);
		table_set_text(t, r, 0, _(lender_choices[i].label));
	}
	ok = ok && fill_table(st, t, "jenis_kreditur", f, lender_choices, e);
	table_add_total(t, _("Total"));
	tables_add(out, t);
	return ok;
}

static const struct entity_meta *const restru_metas[] = { &meta_restrukturisasi, NULL };

const struct program program_restrukturisasi = {
	.name = "restrukturisasi",
	.title = N_("Loan restructuring"),
	.metas = restru_metas,
	.summary = restru_summary,
};
