/* prog_stimulus.c - program 3, Stimulus: fields, derive, rules, meter, summary,
 * the bank's payment list (see prog_stimulus.h). */
#include "model/prog_stimulus.h"

#include <stdlib.h>
#include <strings.h>

#include "core/config.h"
#include "core/csv.h"
#include "core/format.h"
#include "core/i18n.h"
#include "model/auth.h"
#include "model/csvio.h"
#include "model/invariants.h"
#include "model/shared_settings.h"
#include "model/region.h"
#include "store/prog_prog5.h"

#define DEFAULT_BUDGET 2000000000LL

static const struct choice status_choices[] = {
	{ "diajukan", N_("proposed") },
	{ "diverifikasi", N_("verified") },
	{ "disetujui", N_("approved") },
	{ "ditolak", N_("refused") },
	{ "dicairkan", N_("paid out") },
	{ NULL, NULL }
};

static const struct choice pay_choices[] = {
	{ "transfer", N_("bank transfer") }, { "tunai", N_("cash") }, { NULL, NULL }
};

/* The eligibility checklist: the settings' items (the defaults until
 * stimulus_configure reads others). Values are the items' text. */
#define CHECK_MAX 16
static struct choice checklist[CHECK_MAX + 1] = {
	{ "NIK valid", "NIK valid" },
	{ "usaha skala mikro", "usaha skala mikro" },
	{ "bukan ASN / TNI / Polri / pegawai BUMN", "bukan ASN / TNI / Polri / pegawai BUMN" },
	{ "tidak sedang menerima kredit bank atau KUR", "tidak sedang menerima kredit bank atau KUR" },
	{ "terdampak", "terdampak" },
	{ NULL, NULL }
};

void stimulus_configure(const struct config *cfg)
{
	size_t n = 0;
	const char *const *items = cfg ? config_list(cfg, "programs.stimulus.checklist", &n) : NULL;
	if (!items || !n)
		return;
	size_t k = 0;
	for (size_t i = 0; i < n && k < CHECK_MAX; i++)
		if (!strpbrk(items[i], ";,"))
			checklist[k++] = (struct choice){ items[i], items[i] };
	checklist[k] = (struct choice){ NULL, NULL };
}

static const struct field_meta stimulus_fields[] = {
	{ "penerima", N_("Beneficiary"), FK_REF, true, false, 80, NULL,
	  N_("registration no., or type a name"), false, "umkm koperasi", false, PD_NONE },
	{ "nama_usaha", N_("Business name"), FK_TEXT, false, false, 80, NULL, NULL, false, NULL, true, PD_NONE },
	{ "nama_pemilik", N_("Owner's name"), FK_TEXT, false, false, 80, NULL, NULL, false, NULL, true, PD_PERSONAL },
	{ "nik", N_("Owner's NIK"), FK_TEXT, false, false, 16, NULL, NULL, false, NULL, true, PD_IDENTIFIER },
	{ "kabupaten_kota", N_("Regency/city"), FK_KABKOTA, false, false, 40, NULL, NULL, false, NULL, true, PD_NONE },
	{ "kantor_pengusul", N_("Proposing office"), FK_TEXT, false, false, 12, NULL, NULL, false, NULL, true, PD_NONE },
	{ "tanggal_pengajuan", N_("Date proposed"), FK_DATE, false, true, 10, NULL, N_("DD/MM/YYYY; empty: today"), true, NULL, false, PD_NONE },
	{ "jumlah_diajukan", N_("Amount requested"), FK_MONEY, true, false, 20, NULL, NULL, false, NULL, false, PD_NONE },
	{ "kelayakan", N_("Eligibility checklist"), FK_MULTI, false, false, 60, checklist,
	  N_("numbers of the items met, e.g. 1,2,3"), false, NULL, false, PD_NONE },
	{ "bank", N_("Bank"), FK_TEXT, false, false, 40, NULL, NULL, false, NULL, false, PD_NONE },
	{ "nomor_rekening", N_("Account no."), FK_TEXT, false, false, 30, NULL, NULL, false, NULL, false, PD_IDENTIFIER },
	{ "nama_rekening", N_("Account holder"), FK_TEXT, false, false, 80, NULL, NULL, false, NULL, false, PD_PERSONAL },
	{ "status", N_("Status"), FK_CHOICE, false, false, 14, status_choices, NULL, false, NULL, false, PD_NONE },
	{ "tanggal_verifikasi", N_("Verification date"), FK_DATE, false, false, 10, NULL, N_("DD/MM/YYYY"), true, NULL, false, PD_NONE },
	{ "catatan_kunjungan", N_("Visit note"), FK_TEXT, false, false, 200, NULL, NULL, false, NULL, false, PD_NONE },
	{ "jumlah_disetujui", N_("Amount approved"), FK_MONEY, false, false, 20, NULL, N_("province office"), false, NULL, false, PD_NONE },
	{ "tanggal_keputusan", N_("Decision date"), FK_DATE, false, false, 10, NULL, N_("DD/MM/YYYY"), true, NULL, false, PD_NONE },
	{ "alasan_tolak", N_("Reason for refusal"), FK_TEXT, false, false, 200, NULL, NULL, false, NULL, false, PD_NONE },
	{ "cara_bayar", N_("Paid by"), FK_CHOICE, false, false, 14, pay_choices, NULL, false, NULL, false, PD_NONE },
	{ "jumlah_dibayar", N_("Amount paid"), FK_MONEY, false, false, 20, NULL, NULL, false, NULL, false, PD_NONE },
	{ "tanggal_cair", N_("Payment date"), FK_DATE, false, false, 10, NULL, N_("DD/MM/YYYY"), true, NULL, false, PD_NONE },
	{ "referensi_bayar", N_("Payment reference"), FK_TEXT, false, false, 40, NULL, NULL, false, NULL, false, PD_NONE },
	{ "catatan", N_("Notes"), FK_LONGTEXT, false, false, 500, NULL, NULL, false, NULL, false, PD_NONE },
	{ "reg_no", N_("Registration no."), FK_READONLY, false, false, 24, NULL, NULL, false, NULL, false, PD_NONE },
};

static const struct state_move stimulus_moves[] = {
	{ "", "diajukan" },
	{ "diajukan", "diverifikasi" },
	{ "diverifikasi", "disetujui" },
	{ "diverifikasi", "ditolak" },
	{ "disetujui", "dicairkan" },
	{ NULL, NULL }
};

/* ---- settings ---- */

/* Budget, quotas and payments per NIK are province settings
 * (model/shared_settings.c): the same on every office. */
int64_t stimulus_budget(struct store *st)
{
	return shared_setting_int(st, "programs.stimulus.budget", DEFAULT_BUDGET);
}

int64_t stimulus_quota(struct store *st, const char *kabupaten)
{
	char *v = shared_setting_map_get(st, "programs.stimulus.quotas", kabupaten);
	int64_t q = v ? strtoll(v, NULL, 10) : -1;
	free(v);
	return q;
}

static int64_t max_per_nik(struct store *st)
{
	int64_t n = shared_setting_int(st, "programs.stimulus.max_per_nik", 1);
	return n > 0 ? n : 1;
}

bool stimulus_is_province(struct store *st)
{
	const struct config *cfg = program_config();
	const char *code = store_office_code(st);
	const char *p = cfg ? config_str(cfg, "programs.stimulus.province_office") : NULL;
	if (!str_empty(p))
		return str_eq(code, p);
	return code && region_code_level(code) == REGION_PROVINSI;
}

/* ---- helpers ---- */

static int64_t num(const struct record *r, const char *f)
{
	const char *v = record_get(r, f);
	return v ? strtoll(v, NULL, 10) : 0;
}

static bool status_is(const struct record *r, const char *s)
{
	return str_eq(record_get(r, "status"), s);
}

/* Whether the record's approved amount counts against the budget. */
static bool counted(const struct record *r)
{
	return r && !str_eq(record_get(r, FIELD_DELETED), "1") &&
	       (status_is(r, "disetujui") || status_is(r, "dicairkan"));
}

static int field_at(const struct entity_meta *m, const char *name)
{
	const struct field_meta *f = registry_field(m, name);
	return f ? (int)(f - m->fields) : -1;
}

/* ---- derive ---- */

static void stimulus_derive(struct store *st, const struct entity_meta *m, struct record *rec)
{
	(void)m;
	if (rid_is_zero(&rec->id)) {
		if (!record_get(rec, "status"))
			record_set(rec, "status", "diajukan");
		if (!record_get(rec, "kantor_pengusul"))
			record_set(rec, "kantor_pengusul", store_office_code(st));
		if (!record_get(rec, "tanggal_pengajuan")) {
			struct date today = date_today();
			char buf[DATE_BUFSZ];
			record_set(rec, "tanggal_pengajuan", date_format_iso(&today, buf, sizeof(buf)));
		}
	}
	struct record b;
	if (!ref_get(st, record_get(rec, "penerima"), &b))
		return;
	bool umkm = b.ent == &entity_umkm;
	record_set(rec, "nama_usaha", record_get(&b, b.ent->name_field));
	record_set(rec, "nama_pemilik", record_get(&b, umkm ? "nama_pemilik" : "ketua"));
	record_set(rec, "nik", umkm ? record_get(&b, "nik") : NULL);
	record_set(rec, "kabupaten_kota", record_get(&b, "kabupaten_kota"));
	record_release(&b);
}

/* ---- one stimulus per beneficiary and per NIK ---- */

#define CAND_MAX 64

struct cands {
	struct rid v[CAND_MAX];
	int n;
};

static void cand_add(struct cands *c, const struct rid *ids, int n)
{
	for (int i = 0; i < n && c->n < CAND_MAX; i++) {
		bool seen = false;
		for (int k = 0; k < c->n && !seen; k++)
			seen = memcmp(c->v[k].b, ids[i].b, 16) == 0;
		if (!seen)
			c->v[c->n++] = ids[i];
	}
}

/* Stimulus records naming the business ref or a record merged into it (at any depth). */
static void cands_of_business(struct store *st, const char *ref, int depth, struct cands *c)
{
	struct rid ids[CAND_MAX];
	int n = store_find_by_field(st, &entity_stimulus, "penerima", ref, NULL, ids, CAND_MAX);
	cand_add(c, ids, n);
	const struct entity_meta *bm;
	struct rid bid;
	if (depth > 8 || !ref_split(ref, &bm, &bid))
		return;
	char hex[RID_HEX];
	rid_to_hex(&bid, hex);
	struct rid merged[16];
	int k = store_find_merged(st, bm->ent, hex, merged, 16);
	for (int i = 0; i < k; i++) {
		char *r = ref_make(bm, &merged[i]);
		cands_of_business(st, r, depth + 1, c);
		free(r);
	}
}

/* The business's NIK (umkm owners), following merges; caller frees, or NULL. */
static char *business_nik(struct store *st, const char *ref)
{
	struct record b;
	if (!ref_get(st, ref, &b))
		return NULL;
	const char *nik = b.ent == &entity_umkm ? record_get(&b, "nik") : NULL;
	char *r = nik ? xstrdup(nik) : NULL;
	record_release(&b);
	return r;
}

/*
 * Other live stimulus records of the same beneficiary (merged businesses are one)
 * or the same owner's NIK. only_counted: those approved or paid only. The first
 * one's description goes to first (caller frees).
 */
static int same_person(struct store *st, const struct record *rec, bool only_counted,
		       char **first)
{
	*first = NULL;
	char *me = ref_follow(st, record_get(rec, "penerima"));
	char *nik = business_nik(st, me);
	struct cands c = { .n = 0 };
	cands_of_business(st, me, 0, &c);
	if (nik) {
		struct rid ids[CAND_MAX];
		int n = store_find_by_field(st, &entity_stimulus, "nik", nik, NULL, ids, CAND_MAX);
		cand_add(&c, ids, n);
	}
	int count = 0;
	for (int i = 0; i < c.n; i++) {
		if (memcmp(c.v[i].b, rec->id.b, 16) == 0)
			continue;
		struct record o;
		if (!store_get(st, &entity_stimulus, &c.v[i], &o, NULL))
			continue;
		bool live = !str_eq(record_get(&o, FIELD_DELETED), "1") && !status_is(&o, "ditolak") &&
			    (!only_counted || counted(&o));
		bool same = false;
		if (live) {
			char *theirs = ref_follow(st, record_get(&o, "penerima"));
			same = str_eq(theirs, me);
			if (!same && nik) {
				char *n2 = business_nik(st, theirs);
				same = str_eq(n2, nik);
				free(n2);
			}
			free(theirs);
		}
		if (same && count++ == 0)
			*first = registry_describe(st, &meta_stimulus, &c.v[i]);
		record_release(&o);
	}
	free(nik);
	free(me);
	return count;
}

/* ---- totals ---- */

struct sums {
	int64_t count, approved, paid;
};

static bool add_sums(const char *group, int64_t count, const int64_t *sums, void *arg)
{
	(void)group;
	struct sums *s = arg;
	s->count += count;
	s->approved += sums[0];
	s->paid += sums[1];
	return true;
}

/* Approved and paid totals of counted records (of one kabupaten when not NULL). */
static bool approved_totals(struct store *st, const char *kab, struct sums *out, struct err *e)
{
	static const char *const sums[] = { "jumlah_disetujui", "jumlah_dibayar", NULL };
	struct agg_where w[4] = {
		{ "status", "<>", "diajukan" },
		{ "status", "<>", "diverifikasi" },
		{ "status", "<>", "ditolak" },
		{ "kabupaten_kota", "=", kab },
	};
	struct agg_query q = { &entity_stimulus, NULL, sums, w, kab ? 4 : 3 };
	memset(out, 0, sizeof(*out));
	return store_aggregate(st, &q, add_sums, out, e);
}

bool stimulus_meter(struct store *st, const char *kabupaten, struct stimulus_meter *out,
		    struct err *e)
{
	memset(out, 0, sizeof(*out));
	struct sums s;
	if (!approved_totals(st, kabupaten, &s, e))
		return false;
	struct agg_where w = { "kabupaten_kota", "=", kabupaten };
	struct agg_query q = { &entity_stimulus, NULL, NULL, &w, kabupaten ? 1 : 0 };
	struct sums all = { 0, 0, 0 };
	static const char *const none[] = { "jumlah_disetujui", "jumlah_dibayar", NULL };
	q.sums = none;
	if (!store_aggregate(st, &q, add_sums, &all, e))
		return false;
	out->applications = all.count;
	out->approved_count = s.count;
	out->approved = s.approved;
	out->paid = s.paid;
	out->limit = kabupaten ? stimulus_quota(st, kabupaten) : stimulus_budget(st);
	out->remaining = out->limit >= 0 ? out->limit - out->approved : -1;
	return true;
}

/* ---- rules ---- */

static void need(const struct rule_ctx *c, struct issues *out, const char *field, const char *state)
{
	if (str_empty(record_get(c->rec, field))) {
		const struct field_meta *f = registry_field(c->m, field);
		issues_add(out, field_at(c->m, field), ISSUE_ERROR, _("%s must be filled in when %s"),
			   _(f->label), state);
	}
}

/* A limit (budget or a quota) the approved total must stay within. */
static void check_limit(const struct rule_ctx *c, struct issues *out, const char *kab,
			int64_t limit, int64_t mine, const char *what)
{
	struct sums s;
	struct err e = { 0 };
	if (!approved_totals(c->st, kab, &s, &e)) {
		issues_add(out, -1, ISSUE_ERROR, "%s", e.msg);
		return;
	}
	int64_t others = s.approved;
	if (counted(c->old) && (!kab || str_eq(record_get(c->old, "kabupaten_kota"), kab)))
		others -= num(c->old, "jumlah_disetujui");
	if (others + mine > limit) {
		char a[MONEY_BUFSZ], b[MONEY_BUFSZ], r[MONEY_BUFSZ];
		money_format(limit, a, sizeof(a));
		money_format(others, b, sizeof(b));
		money_format(limit - others > 0 ? limit - others : 0, r, sizeof(r));
		issues_add(out, field_at(c->m, "jumlah_disetujui"), ISSUE_ERROR,
			   _("over the %s: %s, of which %s is approved already; at most %s remains"),
			   what, a, b, r);
	}
}

static bool names_differ(const char *a, const char *b)
{
	if (str_empty(a) || str_empty(b))
		return false;
	char *x = xstrdup(a), *y = xstrdup(b);
	str_trim(x);
	str_trim(y);
	bool differ = strcasecmp(x, y) != 0;
	free(x);
	free(y);
	return differ;
}

static void stimulus_rules(const struct rule_ctx *c, struct issues *out)
{
	const struct record *rec = c->rec, *old = c->old;
	const struct entity_meta *m = c->m;
	const char *st = record_get(rec, "status");
	const char *was = old ? record_get(old, "status") : NULL;
	bool moved = !str_eq(st, was);
	bool province = stimulus_is_province(c->st);
	struct err e = { 0 };

	/* Decisions and payments are the province office's. */
	if (!province) {
		for (size_t i = 0; entity_stimulus.province_only[i]; i++) {
			const char *f = entity_stimulus.province_only[i];
			const char *a = record_get(rec, f), *b = old ? record_get(old, f) : NULL;
			if (!str_eq(a ? a : "", b ? b : ""))
				issues_add(out, field_at(m, f), ISSUE_ERROR,
					   _("%s is decided by the province office only"),
					   _(registry_field(m, f)->label));
		}
		if (moved && (str_eq(st, "disetujui") || str_eq(st, "ditolak") || str_eq(st, "dicairkan")))
			issues_add(out, field_at(m, "status"), ISSUE_ERROR,
				   _("only the province office approves, refuses and pays a stimulus"));
	}
	if (moved && str_eq(st, "diverifikasi") && !auth_require(c->st, c->officer, AUTH_VERIFY, &e))
		issues_add(out, field_at(m, "status"), ISSUE_ERROR, "%s", e.msg);
	if (moved && (str_eq(st, "disetujui") || str_eq(st, "ditolak") || str_eq(st, "dicairkan")) &&
	    !auth_require(c->st, c->officer, AUTH_DECIDE, &e))
		issues_add(out, field_at(m, "status"), ISSUE_ERROR, "%s", e.msg);

	if (num(rec, "jumlah_diajukan") <= 0 && record_get(rec, "jumlah_diajukan"))
		issues_add(out, field_at(m, "jumlah_diajukan"), ISSUE_ERROR,
			   _("the amount requested must be more than zero"));

	/* What each state needs. */
	bool decided = str_eq(st, "disetujui") || str_eq(st, "dicairkan");
	if (str_eq(st, "diverifikasi") || str_eq(st, "disetujui") || str_eq(st, "ditolak") ||
	    str_eq(st, "dicairkan"))
		need(c, out, "tanggal_verifikasi", _("verified"));
	if (decided || str_eq(st, "ditolak"))
		need(c, out, "tanggal_keputusan", _("decided"));
	if (str_eq(st, "ditolak"))
		need(c, out, "alasan_tolak", _("refused"));
	if (decided) {
		need(c, out, "jumlah_disetujui", _("approved"));
		if (record_get(rec, "jumlah_disetujui") && num(rec, "jumlah_disetujui") <= 0)
			issues_add(out, field_at(m, "jumlah_disetujui"), ISSUE_ERROR,
				   _("the amount approved must be more than zero"));
		if (num(rec, "jumlah_disetujui") > num(rec, "jumlah_diajukan"))
			issues_add(out, field_at(m, "jumlah_disetujui"), ISSUE_ERROR,
				   _("the amount approved is more than the amount requested"));
	} else if (record_get(rec, "jumlah_disetujui")) {
		issues_add(out, field_at(m, "jumlah_disetujui"), ISSUE_ERROR,
			   _("an amount approved needs the status approved"));
	}
	if (moved && str_eq(st, "disetujui")) {
		size_t want = 0, have = 0;
		while (checklist[want].value)
			want++;
		const char *k = record_get(rec, "kelayakan");
		for (size_t i = 0; k && i < want; i++) {
			size_t len = strlen(checklist[i].value);
			for (const char *p = k; (p = strstr(p, checklist[i].value)) != NULL; p += len)
				if ((p == k || p[-1] == ';') && (p[len] == ';' || p[len] == '\0')) {
					have++;
					break;
				}
		}
		if (have < want)
			issues_add(out, field_at(m, "kelayakan"), ISSUE_ERROR,
				   _("the eligibility checklist is not complete (%zu of %zu items met)"),
				   have, want);
	}
	if (moved && str_eq(st, "dicairkan") && !rid_is_zero(&rec->id)) {
		/* Nothing is paid while a rule conflict holds the application. */
		struct rid *blocked = NULL;
		int nb = invariants_blocked(c->st, &entity_stimulus, &blocked, &e);
		if (invariants_in(blocked, nb, &rec->id))
			issues_add(out, field_at(m, "status"), ISSUE_ERROR,
				   _("this application is in a rule conflict (two approvals for one"
				     " business or NIK, or over the budget or quota): settle it first"
				     " (bantu conflicts)"));
		free(blocked);
	}
	if (str_eq(st, "dicairkan")) {
		need(c, out, "jumlah_dibayar", _("paid out"));
		need(c, out, "tanggal_cair", _("paid out"));
		need(c, out, "cara_bayar", _("paid out"));
		need(c, out, "referensi_bayar", _("paid out"));
		if (str_eq(record_get(rec, "cara_bayar"), "transfer")) {
			need(c, out, "bank", _("paid by transfer"));
			need(c, out, "nomor_rekening", _("paid by transfer"));
			need(c, out, "nama_rekening", _("paid by transfer"));
		}
		if (record_get(rec, "jumlah_dibayar") && num(rec, "jumlah_dibayar") <= 0)
			issues_add(out, field_at(m, "jumlah_dibayar"), ISSUE_ERROR,
				   _("the amount paid must be more than zero"));
	} else if (record_get(rec, "jumlah_dibayar") || record_get(rec, "tanggal_cair")) {
		issues_add(out, field_at(m, "jumlah_dibayar"), ISSUE_ERROR,
			   _("a payment needs the status paid out"));
	}
	if (num(rec, "jumlah_dibayar") > num(rec, "jumlah_disetujui")) {
		char a[MONEY_BUFSZ];
		issues_add(out, field_at(m, "jumlah_dibayar"), ISSUE_ERROR,
			   _("the amount paid is more than the amount approved (%s)"),
			   money_format(num(rec, "jumlah_disetujui"), a, sizeof(a)));
	}

	/* The budget and the kabupaten/kota's quota, when the approved amount grows. */
	int64_t mine = counted(rec) ? num(rec, "jumlah_disetujui") : 0;
	int64_t before = counted(old) ? num(old, "jumlah_disetujui") : 0;
	const char *kab = record_get(rec, "kabupaten_kota");
	bool kab_moved = old && !str_eq(kab, record_get(old, "kabupaten_kota"));
	if (mine > 0 && (mine > before || kab_moved)) {
		check_limit(c, out, NULL, stimulus_budget(c->st), mine, _("budget"));
		int64_t quota = stimulus_quota(c->st, kab);
		if (quota >= 0)
			check_limit(c, out, kab, quota, mine, _("regency/city quota"));
	}

	/* One stimulus per beneficiary and per NIK (merged businesses are one). */
	bool new_or_moved = !old || !str_eq(record_get(rec, "penerima"), record_get(old, "penerima"));
	/* A refused application reopened (model/rules.c) counts again. */
	if (!status_is(rec, "ditolak") &&
	    (new_or_moved || (moved && (str_eq(st, "disetujui") || str_eq(was, "ditolak"))))) {
		char *first = NULL;
		int n = same_person(c->st, rec, !new_or_moved && !str_eq(was, "ditolak"), &first);
		if (n >= max_per_nik(c->st))
			issues_add(out, field_at(m, "penerima"), ISSUE_ERROR,
				   _("this beneficiary (or the owner's NIK) already has a stimulus: %s"),
				   first ? first : "?");
		free(first);
	}

	/* Paid to an account in another name: warn. */
	if (names_differ(record_get(rec, "nama_rekening"), record_get(rec, "nama_pemilik")))
		issues_add(out, field_at(m, "nama_rekening"), ISSUE_WARNING,
			   _("the account holder (%s) is not the owner (%s)"),
			   record_get(rec, "nama_rekening"), record_get(rec, "nama_pemilik"));
}

/* ---- export: the bank's payment list ---- */

struct nominatif {
	struct store *st;
	FILE *out;
	struct strbuf line;
	long n, held;
	struct rid *blocked;   /* held back by a rule conflict (model/invariants.h) */
	int nblocked;
};

static bool nominatif_row(const struct record *rec, void *arg)
{
	struct nominatif *x = arg;
	if (!status_is(rec, "disetujui"))
		return true;
	if (invariants_in(x->blocked, x->nblocked, &rec->id)) {
		/* Not paid while a rule conflict holds it (two approvals of one NIK,
		 * over the budget): said on stderr, beside the file. */
		const char *reg = record_get(rec, FIELD_REG_NO);
		fprintf(stderr, _("bantu: %s (%s) left out of the payment list: it is in a rule"
				  " conflict (bantu conflicts)\n"),
			reg ? reg : "?", record_get(rec, "nama_usaha") ? record_get(rec, "nama_usaha") : "?");
		x->held++;
		return true;
	}
	char no[24], amount[24];
	snprintf(no, sizeof(no), "%ld", ++x->n);
	snprintf(amount, sizeof(amount), "%lld", (long long)num(rec, "jumlah_disetujui"));
	char *nik = business_nik(x->st, record_get(rec, "penerima"));
	const char *row[] = {
		no, record_get(rec, "nama_pemilik"), nik ? nik : record_get(rec, "nik"),
		record_get(rec, "nama_usaha"), record_get(rec, "bank"),
		record_get(rec, "nomor_rekening"), record_get(rec, "nama_rekening"), amount,
	};
	csv_put_row(&x->line, x->out, row, ARRAY_SIZE(row));
	free(nik);
	return !ferror(x->out);
}

static bool export_nominatif(struct store *st, const struct entity_meta *m, const char *arg,
			     FILE *out, long *count, struct err *e)
{
	(void)arg;
	static const char *const head[] = { "No", "Nama Pemilik", "NIK", "Nama Usaha", "Bank",
					    "Nomor Rekening", "Nama Rekening", "Jumlah" };
	/* Its first line says it holds NIKs and account numbers, as every export does. */
	static const char *const held[] = { "nama_pemilik", "nik", "nomor_rekening",
					    "nama_rekening", NULL };
	const struct export_options o = { held };
	export_write_notice(m, &o, out);
	struct nominatif x = { st, out, STRBUF_INIT, 0, 0, NULL, 0 };
	x.nblocked = invariants_blocked(st, &entity_stimulus, &x.blocked, e);
	if (x.nblocked < 0)
		return false;
	csv_put_row(&x.line, out, head, ARRAY_SIZE(head));
	bool ok = store_each(st, &entity_stimulus, false, nominatif_row, &x, e);
	strbuf_release(&x.line);
	free(x.blocked);
	*count = x.n;
	return ok;
}

static const struct export_variant stimulus_exports[] = {
	{ "--nominatif", NULL,
	  N_("the bank's payment list: approved applications not yet paid"), export_nominatif },
	{ NULL, NULL, NULL, NULL }
};

const struct entity_meta meta_stimulus = {
	.ent = &entity_stimulus,
	.title = N_("Stimulus applications"),
	.fields = stimulus_fields,
	.nfields = ARRAY_SIZE(stimulus_fields),
	.status_field = "status",
	.match_field = "penerima",
	.nik_field = NULL,
	.list_second = "status",
	.list_third = "kabupaten_kota",
	.ref_field = "penerima",
	.moves = stimulus_moves,
	.derive = stimulus_derive,
	.rules = stimulus_rules,
	.exports = stimulus_exports,
};

/* ---- summary ---- */

struct sum_ctx {
	struct table *t;
	int col;
};

static bool put_group(const char *group, int64_t count, const int64_t *sums, void *arg)
{
	struct sum_ctx *s = arg;
	long row = table_find_row(s->t, group ? group : "");
	if (row < 0)
		return true;
	if (s->col == 1) {
		table_add_num(s->t, (size_t)row, 1, count);
	} else {
		table_add_num(s->t, (size_t)row, 2, count);
		table_add_num(s->t, (size_t)row, 3, sums[0]);
		table_add_num(s->t, (size_t)row, 4, sums[1]);
	}
	return true;
}

struct once_adj {
	struct table *t;
	const struct summary_filter *f;
};

static void count_once(const char *kab, const char *proposed, int64_t approved, int64_t paid,
		       void *arg)
{
	struct once_adj *a = arg;
	if (a->f && ((a->f->from && (!proposed || strcmp(proposed, a->f->from) < 0)) ||
		     (a->f->to && (!proposed || strcmp(proposed, a->f->to) > 0))))
		return;
	long row = table_find_row(a->t, kab ? kab : "");
	if (row < 0)
		return;
	table_add_num(a->t, (size_t)row, 2, -1);
	table_add_num(a->t, (size_t)row, 3, -approved);
	table_add_num(a->t, (size_t)row, 4, -paid);
}

static bool stimulus_summary(struct store *st, const struct summary_filter *f, struct tables *out,
			     struct err *e)
{
	struct table *t = table_new(_("Stimulus per regency/city"), 7);
	table_col(t, 0, _("Regency/city"), COL_TEXT);
	table_col(t, 1, _("Applications"), COL_COUNT);
	table_col(t, 2, _("Approved"), COL_COUNT);
	table_col(t, 3, _("Amount approved"), COL_MONEY);
	table_col(t, 4, _("Amount paid"), COL_MONEY);
	table_col(t, 5, _("Quota"), COL_MONEY);
	table_col(t, 6, _("Quota left"), COL_MONEY);
	table_add_kabupaten_rows(t, st, f ? f->kabupaten : NULL);
	struct agg_where w[6];
	size_t nw = 0;
	if (f && f->from)
		w[nw++] = (struct agg_where){ "tanggal_pengajuan", ">=", f->from };
	if (f && f->to)
		w[nw++] = (struct agg_where){ "tanggal_pengajuan", "<=", f->to };
	static const char *const sums[] = { "jumlah_disetujui", "jumlah_dibayar", NULL };
	struct agg_query q = { &entity_stimulus, "kabupaten_kota", NULL, w, nw };
	struct sum_ctx s = { t, 1 };
	bool ok = store_aggregate(st, &q, put_group, &s, e);
	w[nw++] = (struct agg_where){ "status", "<>", "diajukan" };
	w[nw++] = (struct agg_where){ "status", "<>", "diverifikasi" };
	w[nw++] = (struct agg_where){ "status", "<>", "ditolak" };
	q.nwhere = nw;
	q.sums = sums;
	s.col = 2;
	ok = ok && store_aggregate(st, &q, put_group, &s, e);
	/* A person with two approvals (a rule conflict) counts once. */
	struct once_adj adj = { t, f };
	ok = ok && invariants_stimulus_extra(st, count_once, &adj, e);
	for (size_t r = 0; ok && r < t->nrows; r++) {
		int64_t quota = stimulus_quota(st, t->rows[r].code);
		if (quota >= 0) {
			table_set_num(t, r, 5, quota);
			table_set_num(t, r, 6, quota - t->rows[r].cells[3].num);
		} else { /* no quota: nothing to show, not "Rp0" (a quota of nothing) */
			table_set_blank(t, r, 5);
			table_set_blank(t, r, 6);
		}
	}
	table_add_total(t, _("Total"));
	if (!ok) {
		table_free(t);
		return false;
	}
	tables_add(out, t);

	/* The budget as a whole. */
	struct stimulus_meter mt;
	if (!stimulus_meter(st, NULL, &mt, e))
		return false;
	struct table *b = table_new(_("Stimulus budget"), 2);
	table_col(b, 0, "", COL_TEXT);
	table_col(b, 1, _("Amount"), COL_MONEY);
	const char *labels[] = { _("Budget"), _("Approved"), _("Paid"), _("Remaining") };
	int64_t vals[] = { mt.limit, mt.approved, mt.paid, mt.remaining };
	for (size_t i = 0; i < 4; i++) {
		size_t r = table_add_row(b, NULL);
		table_set_text(b, r, 0, labels[i]);
		table_set_num(b, r, 1, vals[i]);
	}
	tables_add(out, b);
	return true;
}

static const struct entity_meta *const stimulus_metas[] = { &meta_stimulus, NULL };

const struct program program_stimulus = {
	.name = "stimulus",
	.title = N_("Stimulus"),
	.metas = stimulus_metas,
	.summary = stimulus_summary,
};
