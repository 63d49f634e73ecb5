/* prog_prakerja.c - program 6, Kartu Prakerja (see prog_prakerja.h). */
#include "model/csvio.h"
#include "model/prog_prakerja.h"

#include <stdlib.h>

#include "core/csv.h"
#include "core/format.h"
#include "core/i18n.h"
#include "model/auth.h"
#include "model/validate.h"

static const struct choice reason_choices[] = {
	{ "usaha berhenti", N_("business stopped") },
	{ "usaha tutup", N_("business closed") },
	{ "PHK", N_("laid off (PHK)") },
	{ "lainnya", N_("other") },
	{ NULL, NULL }
};

static const struct choice status_choices[] = {
	{ "didata", N_("recorded") },
	{ "diteruskan", N_("forwarded to Disnaker") },
	{ "terdaftar", N_("registered") },
	{ "diterima", N_("accepted") },
	{ "ditolak", N_("refused") },
	{ NULL, NULL }
};

static const struct field_meta prakerja_fields[] = {
	{ "penerima", N_("Owner (UMKM)"), FK_REF, true, false, 80, NULL,
	  N_("registration no., or type a name"), false, "umkm", false, PD_NONE },
	{ "nama", N_("Name"), FK_TEXT, false, false, 80, NULL, NULL, false, NULL, true, PD_PERSONAL },
	{ "nik", N_("NIK"), FK_TEXT, false, false, 16, NULL, NULL, false, NULL, true, PD_IDENTIFIER },
	{ "nama_usaha", N_("Business name"), FK_TEXT, false, false, 80, NULL, NULL, false, NULL, true, PD_NONE },
	{ "alamat", N_("Address"), FK_TEXT, false, false, 120, NULL, NULL, false, NULL, true, PD_PERSONAL },
	{ "kabupaten_kota", N_("Regency/city"), FK_KABKOTA, false, false, 40, NULL, NULL, false, NULL, true, PD_NONE },
	{ "alasan", N_("Reason"), FK_CHOICE, true, false, 16, reason_choices, NULL, false, NULL, false, PD_NONE },
	{ "telepon", N_("Phone"), FK_PHONE, false, false, 16, NULL, N_("08... or +62..."), false, NULL, false, PD_PERSONAL },
	{ "email", N_("E-mail"), FK_TEXT, false, false, 80, NULL, NULL, false, NULL, false, PD_PERSONAL },
	{ "tanggal_rujukan", N_("Referral date"), FK_DATE, true, true, 10, NULL, N_("DD/MM/YYYY"), true, NULL, false, PD_NONE },
	{ "status", N_("Status"), FK_CHOICE, false, false, 22, status_choices, NULL, false, NULL, false, PD_NONE },
	{ "tanggal_diteruskan", N_("Date forwarded"), FK_DATE, false, false, 10, NULL, N_("DD/MM/YYYY"), true, NULL, false, PD_NONE },
	{ "nomor_surat", N_("Letter no."), FK_TEXT, false, false, 40, NULL, NULL, false, NULL, false, PD_NONE },
	{ "nomor_kartu", N_("Card no."), FK_TEXT, false, false, 30, NULL, NULL, false, NULL, false, PD_NONE },
	{ "gelombang", N_("Wave (gelombang)"), FK_COUNT, false, false, 4, NULL, NULL, false, NULL, false, PD_NONE },
	{ "alasan_tolak", N_("Reason for refusal"), FK_TEXT, false, false, 200, NULL, NULL, false, NULL, false, PD_NONE },
	{ "catatan", N_("Notes"), FK_LONGTEXT, false, false, 500, NULL, NULL, false, NULL, false, PD_NONE },
	{ "reg_no", N_("Registration no."), FK_READONLY, false, false, 24, NULL, NULL, false, NULL, false, PD_NONE },
};

static const struct state_move prakerja_moves[] = {
	{ "", "didata" },
	{ "didata", "diteruskan" },
	{ "diteruskan", "terdaftar" },
	{ "terdaftar", "diterima" },
	{ "terdaftar", "ditolak" },
	{ NULL, NULL }
};

static int field_at(const struct entity_meta *m, const char *name)
{
	const struct field_meta *f = registry_field(m, name);
	return f ? (int)(f - m->fields) : -1;
}

static bool is_open(const struct record *r)
{
	const char *s = record_get(r, "status");
	return !str_eq(record_get(r, FIELD_DELETED), "1") && !str_eq(s, "diterima") &&
	       !str_eq(s, "ditolak");
}

static void prakerja_derive(struct store *st, const struct entity_meta *m, struct record *rec)
{
	(void)m;
	if (rid_is_zero(&rec->id) && !record_get(rec, "status"))
		record_set(rec, "status", "didata");
	struct record b;
	if (!ref_get(st, record_get(rec, "penerima"), &b))
		return;
	record_set(rec, "nama", record_get(&b, "nama_pemilik"));
	record_set(rec, "nik", record_get(&b, "nik"));
	record_set(rec, "nama_usaha", record_get(&b, "nama_usaha"));
	record_set(rec, "alamat", record_get(&b, "alamat"));
	record_set(rec, "kabupaten_kota", record_get(&b, "kabupaten_kota"));
	if (!record_get(rec, "telepon"))
		record_set(rec, "telepon", record_get(&b, "telepon"));
	record_release(&b);
}

static void need(const struct rule_ctx *c, struct issues *out, const char *field, const char *state)
{
	if (str_empty(record_get(c->rec, field)))
		issues_add(out, field_at(c->m, field), ISSUE_ERROR, _("%s must be filled in when %s"),
			   _(registry_field(c->m, field)->label), state);
}

static void prakerja_rules(const struct rule_ctx *c, struct issues *out)
{
	const struct record *rec = c->rec;
	const struct entity_meta *m = c->m;
	const char *st = record_get(rec, "status");
	bool moved = !c->old || !str_eq(st, record_get(c->old, "status"));
	struct err e = { 0 };

	/* 18 or older on the referral date, from the NIK's birth date. */
	const char *nik = record_get(rec, "nik");
	struct nik_info info;
	char norm[17];
	struct date on;
	if (!nik || !nik_check(nik, norm, &info, NULL)) {
		issues_add(out, field_at(m, "penerima"), ISSUE_ERROR,
			   _("the owner has no valid NIK in the registry"));
	} else if (record_get(rec, "tanggal_rujukan") &&
		   date_parse(record_get(rec, "tanggal_rujukan"), &on, NULL) &&
		   date_age(&info.birth, &on) < 18) {
		issues_add(out, field_at(m, "tanggal_rujukan"), ISSUE_ERROR,
			   _("the NIK says the person is %d on the referral date; at least 18 is needed"),
			   date_age(&info.birth, &on));
	}

	/* One open referral per NIK. */
	if (nik && is_open(rec)) {
		struct rid ids[16];
		int n = store_find_by_field(c->st, &entity_prakerja, "nik", nik, &rec->id, ids, 16);
		for (int i = 0; i < n; i++) {
			struct record o;
			if (!store_get(c->st, &entity_prakerja, &ids[i], &o, NULL))
				continue;
			bool open = is_open(&o);
			record_release(&o);
			if (open) {
				char *d = registry_describe(c->st, m, &ids[i]);
				issues_add(out, field_at(m, "penerima"), ISSUE_ERROR,
					   _("this NIK already has an open referral: %s"), d);
				free(d);
				break;
			}
		}
	}

	const char *email = record_get(rec, "email");
	if (email && (!strchr(email, '@') || strchr(email, ' ') || !strchr(strchr(email, '@'), '.')))
		issues_add(out, field_at(m, "email"), ISSUE_ERROR, _("'%s' is not an e-mail address"),
			   email);

	bool forwarded = str_eq(st, "diteruskan") || str_eq(st, "terdaftar") ||
			 str_eq(st, "diterima") || str_eq(st, "ditolak");
	if (forwarded) {
		need(c, out, "tanggal_diteruskan", _("forwarded"));
		need(c, out, "nomor_surat", _("forwarded"));
	}
	if (str_eq(st, "diterima")) {
		need(c, out, "nomor_kartu", _("accepted"));
		need(c, out, "gelombang", _("accepted"));
	}
	if (str_eq(st, "ditolak"))
		need(c, out, "alasan_tolak", _("refused"));
	const char *fwd = record_get(rec, "tanggal_diteruskan");
	const char *ref = record_get(rec, "tanggal_rujukan");
	if (fwd && ref && strcmp(fwd, ref) < 0)
		issues_add(out, field_at(m, "tanggal_diteruskan"), ISSUE_ERROR,
			   _("the date forwarded is before the referral date"));
	if (moved && str_eq(st, "diteruskan") && !auth_require(c->st, c->officer, AUTH_VERIFY, &e))
		issues_add(out, field_at(m, "status"), ISSUE_ERROR, "%s", e.msg);
}

long prakerja_forward(struct store *st, const struct rid *ids, size_t n, const char *letter,
		      const char *date, const char *officer, struct err *e)
{
	if (str_empty(letter))
		return err_set(e, 1, _("give the letter number")), -1;
	struct date d;
	if (!date || !date_parse(date, &d, e))
		return -1;
	if (n == 0)
		return err_set(e, 1, _("no referral is marked")), -1;
	if (!store_begin(st, e))
		return -1;
	char iso[DATE_BUFSZ];
	date_format_iso(&d, iso, sizeof(iso));
	struct issues is = { 0 };
	long done = 0;
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++) {
		struct record rec;
		if (!store_get(st, &entity_prakerja, &ids[i], &rec, e)) {
			ok = false;
			break;
		}
		char *who = registry_describe(st, &meta_prakerja, &ids[i]);
		if (!str_eq(record_get(&rec, "status"), "didata")) {
			ok = err_set(e, 1, _("%s is not waiting to be forwarded"), who);
		} else {
			record_set(&rec, "status", "diteruskan");
			record_set(&rec, "tanggal_diteruskan", iso);
			record_set(&rec, "nomor_surat", letter);
			enum save_result r = registry_save(st, &meta_prakerja, &rec, officer, true, &is, e);
			if (r == SAVE_INVALID) {
				for (size_t k = 0; k < is.n; k++)
					if (is.v[k].severity == ISSUE_ERROR) {
						err_set(e, 1, "%s: %s", who, is.v[k].msg);
						break;
					}
				ok = false;
			} else if (r < 0) {
				ok = false;
			} else {
				done++;
			}
		}
		free(who);
		record_release(&rec);
	}
	issues_release(&is);
	if (!ok) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e) ? done : -1;
}

/* ---- export: the list that goes with a letter ---- */

struct letter_list {
	const char *letter;
	FILE *out;
	struct strbuf line;
	long n;
};

static bool letter_row(const struct record *rec, void *arg)
{
	struct letter_list *x = arg;
	if (!str_eq(record_get(rec, "nomor_surat"), x->letter))
		return true;
	const char *row[] = { record_get(rec, "nama"), record_get(rec, "nik"),
			      record_get(rec, "alamat"), record_get(rec, "telepon"),
			      record_get(rec, "alasan") };
	csv_put_row(&x->line, x->out, row, ARRAY_SIZE(row));
	x->n++;
	return !ferror(x->out);
}

static bool export_letter(struct store *st, const struct entity_meta *m, const char *arg,
			  FILE *out, long *count, struct err *e)
{
	if (str_empty(arg))
		return err_set(e, 2, _("--surat needs the letter number"));
	static const char *const head[] = { "Nama", "NIK", "Alamat", "Telepon", "Alasan" };
	static const char *const held[] = { "nama", "nik", "alamat", "telepon", NULL };
	const struct export_options o = { held };
	export_write_notice(m, &o, out);
	struct letter_list x = { arg, out, STRBUF_INIT, 0 };
	csv_put_row(&x.line, out, head, ARRAY_SIZE(head));
	bool ok = store_each(st, &entity_prakerja, false, letter_row, &x, e);
	strbuf_release(&x.line);
	*count = x.n;
	if (ok && x.n == 0)
		return err_set(e, 1, _("no referral was forwarded with letter %s"), arg);
	return ok;
}

static const struct export_variant prakerja_exports[] = {
	{ "--surat", "NOMOR", N_("the referrals forwarded with one letter (Nama, NIK, Alamat,"
				 " Telepon, Alasan)"), export_letter },
	{ NULL, NULL, NULL, NULL }
};

const struct entity_meta meta_prakerja = {
	.ent = &entity_prakerja,
	.title = N_("Kartu Prakerja referrals"),
	.fields = prakerja_fields,
	.nfields = ARRAY_SIZE(prakerja_fields),
	.status_field = "status",
	.match_field = "nik",
	.nik_field = NULL,
	.list_second = "status",
	.list_third = "kabupaten_kota",
	.ref_field = "penerima",
	.moves = prakerja_moves,
	.derive = prakerja_derive,
	.rules = prakerja_rules,
	.exports = prakerja_exports,
};

/* ---- summary: the funnel ---- */

static bool put_state(const char *group, int64_t count, const int64_t *sums, void *arg)
{
	(void)sums;
	void **a = arg;
	struct table *t = a[0];
	const char *state = a[1];
	long row = table_find_row(t, group ? group : "");
	if (row < 0)
		return true;
	for (size_t i = 0; status_choices[i].value; i++)
		if (str_eq(status_choices[i].value, state))
			table_add_num(t, (size_t)row, i + 1, count);
	return true;
}

static bool prakerja_summary(struct store *st, const struct summary_filter *f, struct tables *out,
			     struct err *e)
{
	struct table *t = table_new(_("Kartu Prakerja referrals per regency/city"), 6);
	table_col(t, 0, _("Regency/city"), COL_TEXT);
	for (size_t i = 0; status_choices[i].value; i++)
		table_col(t, i + 1, _(status_choices[i].label), COL_COUNT);
	table_add_kabupaten_rows(t, st, f ? f->kabupaten : NULL);
	bool ok = true;
	for (size_t i = 0; ok && status_choices[i].value; i++) {
		struct agg_where w[3];
		size_t nw = 0;
		w[nw++] = (struct agg_where){ "status", "=", status_choices[i].value };
		if (f && f->from)
			w[nw++] = (struct agg_where){ "tanggal_rujukan", ">=", f->from };
		if (f && f->to)
			w[nw++] = (struct agg_where){ "tanggal_rujukan", "<=", f->to };
		struct agg_query q = { &entity_prakerja, "kabupaten_kota", NULL, w, nw };
		void *a[2] = { t, (void *)status_choices[i].value };
		ok = store_aggregate(st, &q, put_state, a, e);
	}
	if (!ok) {
		table_free(t);
		return false;
	}
	table_add_total(t, _("Total"));
	tables_add(out, t);
	return true;
}

static const struct entity_meta *const prakerja_metas[] = { &meta_prakerja, NULL };

const struct program program_prakerja = {
	.name = "prakerja",
	.title = N_("Kartu Prakerja"),
	.metas = prakerja_metas,
	.summary = prakerja_summary,
};
