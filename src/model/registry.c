/* registry.c - UMKM and koperasi: fields, reading and showing values, rules, saving. */
#include "model/registry.h"
#include "model/rules.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "core/config.h"
#include "core/format.h"
#include "core/i18n.h"
#include "model/auth.h"
#include "model/duplicates.h"
#include "model/prog4.h"
#include "model/auth.h"
#include "model/prog_apd.h"
#include "model/prog_restru.h"
#include "model/prog_prakerja.h"
#include "model/prog_stimulus.h"
#include "model/region.h"
#include "model/validate.h"
#include "store/prog_prog5.h"
#include "store/conflict.h"

static const struct choice sex_choices[] = {
	{ "L", N_("male (L)") }, { "P", N_("female (P)") }, { NULL, NULL }
};

static const struct choice scale_choices[] = {
	{ "mikro", N_("micro") }, { "kecil", N_("small") }, { "menengah", N_("medium") },
	{ NULL, NULL }
};

static const struct choice sector_choices[] = {
	{ "perdagangan", N_("trade") },
	{ "makanan dan minuman", N_("food and drink") },
	{ "fesyen", N_("fashion") },
	{ "kerajinan", N_("handicraft") },
	{ "pertanian", N_("agriculture") },
	{ "perikanan", N_("fishery") },
	{ "peternakan", N_("livestock") },
	{ "industri pengolahan", N_("manufacturing") },
	{ "jasa", N_("services") },
	{ "lainnya", N_("other") },
	{ NULL, NULL }
};

static const struct choice impact_choices[] = {
	{ "penjualan menurun", N_("sales fell") },
	{ "bahan baku sulit", N_("raw materials hard to get") },
	{ "distribusi terhambat", N_("distribution disrupted") },
	{ "permodalan", N_("capital") },
	{ "produksi terhenti", N_("production stopped") },
	{ "lainnya", N_("other") },
	{ NULL, NULL }
};

static const struct choice status_choices[] = {
	{ "berjalan", N_("running") },
	{ "berhenti sementara", N_("stopped for now") },
	{ "tutup", N_("closed") },
	{ NULL, NULL }
};

static const struct choice coop_kind_choices[] = {
	{ "simpan pinjam", N_("savings and loans") },
	{ "konsumen", N_("consumer") },
	{ "produsen", N_("producer") },
	{ "pemasaran", N_("marketing") },
	{ "jasa", N_("services") },
	{ NULL, NULL }
};

static const struct choice coop_form_choices[] = {
	{ "primer", N_("primary") }, { "sekunder", N_("secondary") }, { NULL, NULL }
};

static const struct field_meta umkm_meta_fields[] = {
	{ "nama_usaha", N_("Business name"), FK_TEXT, true, false, 80, NULL, NULL, false, NULL, false, PD_NONE },
	{ "nama_pemilik", N_("Owner's name"), FK_TEXT, true, false, 80, NULL, NULL, false, NULL, false, PD_PERSONAL },
	{ "nik", N_("Owner's NIK"), FK_NIK, true, false, 16, NULL, N_("16 digits of the KTP"), false, NULL, false, PD_IDENTIFIER },
	{ "jenis_kelamin", N_("Sex"), FK_SEX, false, false, 1, sex_choices, N_("L or P"), false, NULL, false, PD_PERSONAL },
	{ "telepon", N_("Phone"), FK_PHONE, false, false, 16, NULL, N_("08... or +62..."), false, NULL, false, PD_PERSONAL },
	{ "alamat", N_("Address"), FK_TEXT, false, false, 120, NULL, NULL, false, NULL, false, PD_PERSONAL },
	{ "kabupaten_kota", N_("Regency/city"), FK_KABKOTA, true, true, 40, NULL, NULL, false, NULL, false, PD_NONE },
	{ "kecamatan", N_("District"), FK_KECAMATAN, false, true, 40, NULL, NULL, false, NULL, false, PD_NONE },
	{ "desa", N_("Village"), FK_DESA, false, true, 40, NULL, NULL, false, NULL, false, PD_NONE },
	{ "kbli", N_("KBLI 2020"), FK_KBLI, false, false, 5, NULL, N_("5 digits"), false, NULL, false, PD_NONE },
	{ "sektor", N_("Sector"), FK_CHOICE, false, false, 24, sector_choices, NULL, false, NULL, false, PD_NONE },
	{ "skala", N_("Scale"), FK_CHOICE, false, false, 10, scale_choices, NULL, false, NULL, false, PD_NONE },
	{ "nib", N_("NIB"), FK_NIB, false, false, 13, NULL, N_("13 digits"), false, NULL, false, PD_NONE },
	{ "npwp", N_("NPWP"), FK_NPWP, false, false, 20, NULL, N_("15 or 16 digits"), false, NULL, false, PD_NONE },
	{ "omzet_sebelum", N_("Monthly turnover before"), FK_MONEY, false, false, 20, NULL, NULL, false, NULL, false, PD_NONE },
	{ "omzet_sesudah", N_("Monthly turnover after"), FK_MONEY, false, false, 20, NULL, NULL, false, NULL, false, PD_NONE },
	{ "tenaga_kerja_sebelum", N_("Workers before"), FK_COUNT, false, false, 7, NULL, NULL, false, NULL, false, PD_NONE },
	{ "tenaga_kerja_sesudah", N_("Workers after"), FK_COUNT, false, false, 7, NULL, NULL, false, NULL, false, PD_NONE },
	{ "dampak", N_("Impact"), FK_MULTI, false, false, 60, impact_choices, NULL, false, NULL, false, PD_NONE },
	{ "status_usaha", N_("Business status"), FK_CHOICE, false, false, 20, status_choices, NULL, false, NULL, false, PD_NONE },
	{ "tanggal_pendataan", N_("Date recorded"), FK_DATE, false, true, 10, NULL, N_("DD/MM/YYYY"), true, NULL, false, PD_NONE },
	{ "catatan", N_("Notes"), FK_LONGTEXT, false, false, 500, NULL, NULL, false, NULL, false, PD_NONE },
	{ "reg_no", N_("Registration no."), FK_READONLY, false, false, 24, NULL, NULL, false, NULL, false, PD_NONE },
};

/* The owner's sex, when not given, from the NIK (a woman's day of birth + 40): a
 * clerk who lets the field go (the NIK field moves on by itself when full) loses
 * nothing. A sex given stays; one that disagrees with the NIK is warned about. */
static void umkm_derive(struct store *st, const struct entity_meta *m, struct record *rec)
{
	(void)st;
	(void)m;
	struct nik_info info;
	char norm[17];
	struct err e;
	if (!str_empty(record_get(rec, "jenis_kelamin")) ||
	    !nik_check(record_get(rec, "nik"), norm, &info, &e))
		return;
	record_set(rec, "jenis_kelamin", info.female ? "P" : "L");
}

const struct entity_meta meta_umkm = {
	.derive = umkm_derive,
	.ent = &entity_umkm,
	.title = N_("UMKM"),
	.fields = umkm_meta_fields,
	.nfields = ARRAY_SIZE(umkm_meta_fields),
	.status_field = "status_usaha",
	.match_field = "nik",
	.nik_field = "nik",
};

static const struct field_meta koperasi_meta_fields[] = {
	{ "nama_koperasi", N_("Cooperative name"), FK_TEXT, true, false, 80, NULL, NULL, false, NULL, false, PD_NONE },
	{ "nomor_badan_hukum", N_("Legal entity no."), FK_TEXT, false, false, 40, NULL, NULL, false, NULL, false, PD_NONE },
	{ "tanggal_badan_hukum", N_("Legal entity date"), FK_DATE, false, false, 10, NULL, N_("DD/MM/YYYY"), true, NULL, false, PD_NONE },
	{ "nik_koperasi", N_("Cooperative ID no. (NIK)"), FK_DIGITS, false, false, 16, NULL, N_("16 digits"), false, NULL, false, PD_IDENTIFIER },
	{ "jenis", N_("Kind"), FK_CHOICE, false, false, 16, coop_kind_choices, NULL, false, NULL, false, PD_NONE },
	{ "bentuk", N_("Form"), FK_CHOICE, false, false, 10, coop_form_choices, NULL, false, NULL, false, PD_NONE },
	{ "jumlah_anggota", N_("Members"), FK_COUNT, false, false, 7, NULL, NULL, false, NULL, false, PD_NONE },
	{ "ketua", N_("Chair"), FK_TEXT, false, false, 80, NULL, NULL, false, NULL, false, PD_PERSONAL },
	{ "telepon", N_("Phone"), FK_PHONE, false, false, 16, NULL, N_("08... or +62..."), false, NULL, false, PD_PERSONAL },
	{ "alamat", N_("Address"), FK_TEXT, false, false, 120, NULL, NULL, false, NULL, false, PD_PERSONAL },
	{ "kabupaten_kota", N_("Regency/city"), FK_KABKOTA, true, true, 40, NULL, NULL, false, NULL, false, PD_NONE },
	{ "kecamatan", N_("District"), FK_KECAMATAN, false, true, 40, NULL, NULL, false, NULL, false, PD_NONE },
	{ "desa", N_("Village"), FK_DESA, false, true, 40, NULL, NULL, false, NULL, false, PD_NONE },
	{ "dampak", N_("Impact"), FK_MULTI, false, false, 60, impact_choices, NULL, false, NULL, false, PD_NONE },
	{ "status", N_("Status"), FK_CHOICE, false, false, 20, status_choices, NULL, false, NULL, false, PD_NONE },
	{ "tanggal_pendataan", N_("Date recorded"), FK_DATE, false, true, 10, NULL, N_("DD/MM/YYYY"), true, NULL, false, PD_NONE },
	{ "catatan", N_("Notes"), FK_LONGTEXT, false, false, 500, NULL, NULL, false, NULL, false, PD_NONE },
	{ "reg_no", N_("Registration no."), FK_READONLY, false, false, 24, NULL, NULL, false, NULL, false, PD_NONE },
};

const struct entity_meta meta_koperasi = {
	.ent = &entity_koperasi,
	.title = N_("Cooperatives"),
	.fields = koperasi_meta_fields,
	.nfields = ARRAY_SIZE(koperasi_meta_fields),
	.status_field = "status",
	.match_field = "nomor_badan_hukum",
	.nik_field = NULL,
};

const struct entity_meta *const meta_all[] = {
	&meta_umkm,
	&meta_koperasi,
	&meta_warung,
	&meta_warung_laporan,
	&meta_produk,
	&meta_kelas,
	&meta_peserta,
	&meta_stimulus,
	&meta_prakerja,
	&meta_apd_pesanan,
	&meta_apd_penerimaan,
	&meta_apd_penyaluran,
	&meta_apd_bayar,
	&meta_restrukturisasi,
	NULL
};

const struct entity_meta *registry_meta(const char *entity)
{
	for (size_t i = 0; entity && meta_all[i]; i++)
		if (str_eq(meta_all[i]->ent->name, entity) ||
		    (meta_all[i]->csv_name && str_eq(meta_all[i]->csv_name, entity)))
			return meta_all[i];
	return NULL;
}

/* ---- choices from the settings ---- */

void choices_release(struct owned_choices *owned)
{
	for (size_t i = 0; i < owned->n; i++)
		free((char *)owned->v[i].value);
	free(owned->v);
	owned->v = NULL;
	owned->n = 0;
}

const struct choice *choices_from_config(const struct config *cfg, const char *key,
					 const struct choice *defaults,
					 struct owned_choices *owned)
{
	size_t n = 0;
	const char *const *list = cfg ? config_list(cfg, key, &n) : NULL;
	choices_release(owned);
	if (!list || n == 0)
		return defaults;
	owned->v = xcalloc(n + 1, sizeof(*owned->v));
	owned->n = n;
	for (size_t i = 0; i < n; i++) {
		const char *label = NULL;
		for (size_t k = 0; defaults[k].value; k++)
			if (str_eq(defaults[k].value, list[i]))
				label = defaults[k].label;
		char *value = xstrdup(list[i]);
		owned->v[i] = (struct choice){ value, label ? label : value };
	}
	return owned->v;
}

/* ---- references ---- */

bool ref_split(const char *value, const struct entity_meta **m, struct rid *id)
{
	const char *colon = value ? strchr(value, ':') : NULL;
	if (!colon || strlen(colon + 1) != 32)
		return false;
	char name[32];
	size_t n = (size_t)(colon - value);
	if (n == 0 || n >= sizeof(name))
		return false;
	memcpy(name, value, n);
	name[n] = '\0';
	const struct entity_meta *found = NULL;
	for (size_t i = 0; meta_all[i]; i++)
		if (str_eq(meta_all[i]->ent->name, name))
			found = meta_all[i];
	if (!found || !rid_from_hex(colon + 1, id))
		return false;
	*m = found;
	return true;
}

char *ref_make(const struct entity_meta *m, const struct rid *id)
{
	char hex[RID_HEX];
	rid_to_hex(id, hex);
	return xasprintf("%s:%s", m->ent->name, hex);
}

char *ref_follow(struct store *st, const char *value)
{
	const struct entity_meta *m;
	struct rid id;
	if (!ref_split(value, &m, &id))
		return xstrdup(value);
	if (entity_field_index(m->ent, FIELD_MERGED_INTO) < 0)
		return xstrdup(value);
	struct rid to = dup_survivor(st, m->ent, &id);
	return ref_make(m, &to);
}

bool ref_get(struct store *st, const char *value, struct record *out)
{
	char *v = ref_follow(st, value);
	const struct entity_meta *m;
	struct rid id;
	bool ok = ref_split(v, &m, &id) && store_get(st, m->ent, &id, out, NULL);
	free(v);
	return ok;
}

/* Whether an FK_REF field may name entity name. */
static bool ref_allows(const struct field_meta *f, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = f->ref; p && *p;) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p = end ? end + 1 : p + len;
	}
	return false;
}

/* An FK_REF as typed: a stored value (from the picker) or a registration no. */
static bool parse_ref(struct store *st, const struct field_meta *f, const char *text, char **out,
		      struct err *e)
{
	const struct entity_meta *m;
	struct rid id;
	if (ref_split(text, &m, &id)) {
		if (!ref_allows(f, m->ent->name))
			return err_set(e, 1, _("%s cannot name a record of %s"), _(f->label),
				       _(m->title));
		*out = xstrdup(text);
		return true;
	}
	for (size_t i = 0; meta_all[i]; i++) {
		if (!ref_allows(f, meta_all[i]->ent->name) ||
		    entity_field_index(meta_all[i]->ent, FIELD_REG_NO) < 0)
			continue;
		struct rid found;
		int n = store_find_reg_no(st, meta_all[i]->ent, text, &found, e);
		if (n < 0)
			return false; /* two records hold the number: e names both */
		if (n == 1) {
			*out = ref_make(meta_all[i], &found);
			return true;
		}
	}
	return err_set(e, 1, _("%s: no record with registration no. %s; type a name to search"),
		       _(f->label), text);
}

struct parts {
	void (*fn)(const struct entity_meta *m, const struct rid *id, void *arg);
	void *arg;
	int n, max;
};

static void parts_of(struct store *st, const struct entity_meta *business, const struct rid *id,
		     struct parts *p)
{
	char *ref = ref_make(business, id);
	for (size_t i = 0; meta_all[i] && p->n < p->max; i++) {
		const struct entity_meta *m = meta_all[i];
		if (!m->ref_field)
			continue;
		const struct field_meta *f = registry_field(m, m->ref_field);
		if (!f || !ref_allows(f, business->ent->name))
			continue;
		struct rid ids[64];
		int want = p->max - p->n < 64 ? p->max - p->n : 64;
		int n = store_find_by_field(st, m->ent, m->ref_field, ref, NULL, ids, want);
		for (int k = 0; k < n; k++)
			p->fn(m, &ids[k], p->arg);
		p->n += n;
	}
	free(ref);
}

int registry_parts(struct store *st, const struct entity_meta *business, const struct rid *id,
		   void (*fn)(const struct entity_meta *m, const struct rid *id, void *arg),
		   void *arg, int max)
{
	struct parts p = { fn, arg, 0, max };
	parts_of(st, business, id, &p);
	/* Records merged into this one: their program records follow it. */
	if (entity_field_index(business->ent, FIELD_MERGED_INTO) >= 0) {
		char hex[RID_HEX];
		rid_to_hex(id, hex);
		struct rid merged[16];
		int n = store_find_merged(st, business->ent, hex, merged, 16);
		for (int i = 0; i < n; i++)
			parts_of(st, business, &merged[i], &p);
	}
	return p.n;
}

const struct field_meta *registry_field(const struct entity_meta *m, const char *name)
{
	for (size_t i = 0; i < m->nfields; i++)
		if (str_eq(m->fields[i].name, name))
			return &m->fields[i];
	return NULL;
}

const struct field_meta *registry_period_field(const struct entity_meta *m)
{
	const struct field_meta *recorded = registry_field(m, "tanggal_pendataan");
	if (recorded)
		return recorded;
	for (size_t i = 0; i < m->nfields; i++)
		if (m->fields[i].kind == FK_DATE && !m->fields[i].derived)
			return &m->fields[i];
	return NULL;
}

void registry_new(struct store *st, const struct entity_meta *m, struct record *rec)
{
	record_init(rec, m->ent);
	const struct field_meta *f = registry_field(m, "tanggal_pendataan");
	if (f) {
		struct date today = date_today();
		char buf[DATE_BUFSZ];
		record_set(rec, f->name, date_format_iso(&today, buf, sizeof(buf)));
	}
	const char *office = store_office_code(st);
	if (region_code_level(office) == REGION_KABKOTA && registry_field(m, "kabupaten_kota"))
		record_set(rec, "kabupaten_kota", office);
}

const char *registry_field_label(const struct entity_meta *m, const char *field)
{
	const struct field_meta *f = m ? registry_field(m, field) : NULL;
	if (f)
		return _(f->label);
	if (str_eq(field, FIELD_DELETED))
		return _("Deleted");
	if (str_eq(field, FIELD_DELETED_REASON))
		return _("Reason for deletion");
	if (str_eq(field, FIELD_MERGED_INTO))
		return _("Merged into");
	if (str_eq(field, FIELD_PURGE))
		return _("Personal data erased");
	if (str_eq(field, FIELD_PURGE_REASON))
		return _("Reason for erasure");
	return field;
}

/* ---- issues ---- */

void issues_add(struct issues *is, int field, enum issue_severity sev, const char *fmt, ...)
{
	if (is->n == is->cap) {
		is->cap = is->cap ? is->cap * 2 : 8;
		is->v = xrealloc(is->v, is->cap * sizeof(*is->v));
	}
	struct issue *i = &is->v[is->n++];
	i->field = field;
	i->severity = sev;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(i->msg, sizeof(i->msg), fmt, ap);
	va_end(ap);
}

void issues_clear(struct issues *is)
{
	is->n = 0;
}

void issues_release(struct issues *is)
{
	free(is->v);
	is->v = NULL;
	is->n = is->cap = 0;
}

bool issues_has_errors(const struct issues *is)
{
	for (size_t i = 0; i < is->n; i++)
		if (is->v[i].severity == ISSUE_ERROR)
			return true;
	return false;
}

int issues_first_error(const struct issues *is)
{
	for (size_t i = 0; i < is->n; i++)
		if (is->v[i].severity == ISSUE_ERROR)
			return is->v[i].field;
	return -1;
}

/* ---- reading what was typed ---- */

static bool ieq(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}

/* One choice from its value, its label in either language, its number (1..n),
 * or a prefix that only one choice has. */
static const char *choice_find(const struct choice *c, const char *text)
{
	size_t n = 0;
	while (c[n].value)
		n++;
	char *end;
	long num = strtol(text, &end, 10);
	if (*text && *end == '\0' && num >= 1 && (size_t)num <= n)
		return c[num - 1].value;
	for (size_t i = 0; i < n; i++)
		if (ieq(text, c[i].value) || ieq(text, c[i].label) || ieq(text, _(c[i].label)))
			return c[i].value;
	const char *hit = NULL;
	size_t len = strlen(text);
	for (size_t i = 0; i < n; i++) {
		if (strncasecmp(text, c[i].value, len) == 0 || strncasecmp(text, _(c[i].label), len) == 0) {
			if (hit && hit != c[i].value)
				return NULL;
			hit = c[i].value;
		}
	}
	return hit;
}

static void choice_list(const struct choice *c, struct strbuf *out)
{
	for (size_t i = 0; c[i].value; i++)
		strbuf_addf(out, "%s%zu=%s", i ? ", " : "", i + 1, c[i].value);
}

static bool parse_choice(const struct field_meta *f, const char *text, char **out, struct err *e)
{
	const char *v = choice_find(f->choices, text);
	if (!v) {
		struct strbuf sb = STRBUF_INIT;
		choice_list(f->choices, &sb);
		err_set(e, 1, _("'%s' is not one of: %s"), text, sb.buf);
		strbuf_release(&sb);
		return false;
	}
	*out = xstrdup(v);
	return true;
}

static bool parse_multi(const struct field_meta *f, const char *text, char **out, struct err *e)
{
	size_t n = 0;
	while (f->choices[n].value)
		n++;
	bool *chosen = xcalloc(n, sizeof(bool));
	char *copy = xstrdup(text);
	bool ok = true;
	for (char *save = NULL, *tok = strtok_r(copy, ";,", &save); tok && ok;
	     tok = strtok_r(NULL, ";,", &save)) {
		str_trim(tok);
		if (!*tok)
			continue;
		const char *v = choice_find(f->choices, tok);
		if (!v) {
			struct strbuf sb = STRBUF_INIT;
			choice_list(f->choices, &sb);
			err_set(e, 1, _("'%s' is not one of: %s"), tok, sb.buf);
			strbuf_release(&sb);
			ok = false;
			break;
		}
		for (size_t i = 0; i < n; i++)
			if (f->choices[i].value == v)
				chosen[i] = true;
	}
	if (ok) {
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < n; i++)
			if (chosen[i])
				strbuf_addf(&sb, "%s%s", sb.len ? ";" : "", f->choices[i].value);
		*out = sb.len ? strbuf_detach(&sb) : NULL;
		strbuf_release(&sb);
	}
	free(copy);
	free(chosen);
	return ok;
}

static bool parse_count(const char *text, char **out, struct err *e)
{
	int64_t v = 0;
	size_t digits = 0;
	for (const char *p = text; *p; p++) {
		if (*p == '.' || *p == ' ')
			continue;
		if (!isdigit((unsigned char)*p))
			return err_set(e, 1, _("'%s' is not a whole number"), text);
		if (++digits > 12)
			return err_set(e, 1, _("'%s' is too large"), text);
		v = v * 10 + (*p - '0');
	}
	if (!digits)
		return err_set(e, 1, _("'%s' is not a whole number"), text);
	*out = xasprintf("%lld", (long long)v);
	return true;
}

static bool parse_sex(const char *text, char **out, struct err *e)
{
	static const char *const male[] = { "l", "lk", "laki-laki", "laki laki", "pria", "male", "m", NULL };
	static const char *const female[] = { "p", "pr", "perempuan", "wanita", "female", "f", "w", NULL };
	for (size_t i = 0; male[i]; i++)
		if (ieq(text, male[i])) {
			*out = xstrdup("L");
			return true;
		}
	for (size_t i = 0; female[i]; i++)
		if (ieq(text, female[i])) {
			*out = xstrdup("P");
			return true;
		}
	return err_set(e, 1, _("'%s': write L (male) or P (female)"), text);
}

static bool parse_digits(const struct field_meta *f, const char *text, char **out, struct err *e)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = text; *p; p++) {
		if (*p == ' ' || *p == '.' || *p == '-')
			continue;
		if (!isdigit((unsigned char)*p)) {
			strbuf_release(&sb);
			return err_set(e, 1, _("%s must be digits only; '%c' is not a digit"),
				       _(f->label), *p);
		}
		strbuf_addch(&sb, *p);
	}
	if ((int)sb.len != f->width) {
		err_set(e, 1, _("%s must be %d digits; %zu given"), _(f->label), f->width, sb.len);
		strbuf_release(&sb);
		return false;
	}
	*out = strbuf_detach(&sb);
	return true;
}

bool registry_parse(struct store *st, const struct record *rec, const struct field_meta *f,
		    const char *input, char **out, struct err *e)
{
	*out = NULL;
	char *text = xstrdup(input ? input : "");
	str_trim(text);
	bool ok = true;
	if (!*text)
		goto done;
	switch (f->kind) {
	case FK_TEXT:
	case FK_LONGTEXT:
	case FK_READONLY: {
		/* Control characters (C0, DEL and C1: U+0080..U+009F, two bytes in
		 * UTF-8) never reach the database, each becomes a space; a line is one line. */
		char *w = text;
		for (char *p = text; *p; p++) {
			if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] >= 0x80 &&
			    (unsigned char)p[1] <= 0x9F) {
				*w++ = ' ';
				p++;
			} else if (((unsigned char)*p < 0x20 || *p == 0x7f) &&
				   !(f->kind == FK_LONGTEXT && *p == '\n')) {
				*w++ = ' ';
			} else {
				*w++ = *p;
			}
		}
		*w = '\0';
		size_t chars = 0;
		for (const unsigned char *p = (const unsigned char *)text; *p; p++)
			chars += (*p & 0xc0) != 0x80;
		if ((int)chars > f->width) {
			ok = err_set(e, 1, _("%s is too long: %zu characters, at most %d"), _(f->label),
				     chars, f->width);
			break;
		}
		*out = xstrdup(text);
		break;
	}
	case FK_NIK: {
		char v[17];
		if ((ok = nik_check(text, v, NULL, e)))
			*out = xstrdup(v);
		break;
	}
	case FK_NIB: {
		char v[14];
		if ((ok = nib_check(text, v, e)))
			*out = xstrdup(v);
		break;
	}
	case FK_NPWP: {
		char v[17];
		if ((ok = npwp_check(text, v, e)))
			*out = xstrdup(v);
		break;
	}
	case FK_KBLI: {
		char v[6];
		if ((ok = kbli_check(text, v, e)))
			*out = xstrdup(v);
		break;
	}
	case FK_PHONE: {
		char v[20];
		if ((ok = phone_check(text, v, e)))
			*out = xstrdup(v);
		break;
	}
	case FK_DIGITS:
		ok = parse_digits(f, text, out, e);
		break;
	case FK_MONEY: {
		int64_t v;
		if ((ok = money_parse(text, &v, e)))
			*out = xasprintf("%lld", (long long)v);
		break;
	}
	case FK_COUNT:
		ok = parse_count(text, out, e);
		break;
	case FK_DATE: {
		struct date d;
		char buf[DATE_BUFSZ];
		if ((ok = date_parse(text, &d, e)))
			*out = xstrdup(date_format_iso(&d, buf, sizeof(buf)));
		break;
	}
	case FK_CHOICE:
		ok = parse_choice(f, text, out, e);
		break;
	case FK_MULTI:
		ok = parse_multi(f, text, out, e);
		break;
	case FK_SEX:
		ok = parse_sex(text, out, e);
		break;
	case FK_REF:
		ok = parse_ref(st, f, text, out, e);
		break;
	case FK_KABKOTA:
	case FK_KECAMATAN:
	case FK_DESA: {
		int level = f->kind == FK_KABKOTA ? REGION_KABKOTA
			  : f->kind == FK_KECAMATAN ? REGION_KECAMATAN : REGION_DESA;
		const char *parent = NULL;
		if (rec && f->kind == FK_KECAMATAN)
			parent = record_get(rec, "kabupaten_kota");
		else if (rec && f->kind == FK_DESA)
			parent = record_get(rec, "kecamatan");
		char code[REGION_CODE_MAX];
		if ((ok = region_resolve(st, level, parent, text, code, e)))
			*out = xstrdup(code);
		break;
	}
	}
done:
	free(text);
	return ok;
}

char *registry_display(struct store *st, const struct field_meta *f, const char *value)
{
	if (str_empty(value))
		return xstrdup("");
	switch (f->kind) {
	case FK_MONEY: {
		char buf[MONEY_BUFSZ];
		return xstrdup(money_format(strtoll(value, NULL, 10), buf, sizeof(buf)));
	}
	case FK_COUNT: {
		char buf[MONEY_BUFSZ];
		return xstrdup(number_format(strtoll(value, NULL, 10), buf, sizeof(buf)));
	}
	case FK_DATE: {
		struct date d;
		char buf[DATE_BUFSZ];
		if (date_parse(value, &d, NULL))
			return xstrdup(date_format(&d, buf, sizeof(buf)));
		return xstrdup(value);
	}
	case FK_CHOICE:
	case FK_SEX:
		for (size_t i = 0; f->choices[i].value; i++)
			if (str_eq(f->choices[i].value, value))
				return xstrdup(_(f->choices[i].label));
		return xstrdup(value);
	case FK_MULTI: {
		struct strbuf sb = STRBUF_INIT;
		char *copy = xstrdup(value);
		for (char *save = NULL, *tok = strtok_r(copy, ";", &save); tok;
		     tok = strtok_r(NULL, ";", &save)) {
			const char *label = tok;
			for (size_t i = 0; f->choices[i].value; i++)
				if (str_eq(f->choices[i].value, tok))
					label = _(f->choices[i].label);
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", label);
		}
		free(copy);
		return strbuf_detach(&sb);
	}
	case FK_KABKOTA:
	case FK_KECAMATAN:
	case FK_DESA: {
		char *name = st ? store_region_name(st, value) : NULL;
		return name ? name : xstrdup(value);
	}
	case FK_REF: {
		const struct entity_meta *m;
		struct rid id;
		struct record rec;
		if (!st || !ref_split(value, &m, &id) || !store_get(st, m->ent, &id, &rec, NULL))
			return xstrdup(value);
		const char *name = record_get(&rec, m->ent->name_field);
		const char *reg = record_get(&rec, FIELD_REG_NO);
		char *d = reg ? xasprintf("%s (%s)", name ? name : "?", reg) : xstrdup(name ? name : "?");
		record_release(&rec);
		return d;
	}
	default:
		return xstrdup(value);
	}
}

char *registry_display_short(struct store *st, const struct field_meta *f, const char *value)
{
	char *full = registry_display(st, f, value);
	if (f->kind != FK_KABKOTA)
		return full;
	char *s = region_short_name(full);
	free(full);
	return s;
}

/* ---- rules ---- */

static void check_nik(struct store *st, const struct entity_meta *m, const struct record *rec,
		      int fi, struct issues *out)
{
	const char *nik = record_get(rec, m->nik_field);
	struct nik_info info;
	char norm[17];
	struct err e;
	if (!nik_check(nik, norm, &info, &e)) {
		issues_add(out, fi, ISSUE_ERROR, "%s", e.msg);
		return;
	}
	/* The NIK's region: warn only for this province's codes, which are loaded. */
	char kab[REGION_CODE_MAX];
	if (region_parent_code(info.region, kab)) {
		char prov[REGION_CODE_MAX];
		region_parent_code(kab, prov);
		if (store_region_level(st, prov) == REGION_PROVINSI &&
		    store_region_level(st, info.region) != REGION_KECAMATAN)
			issues_add(out, fi, ISSUE_WARNING,
				   _("NIK region %s is not a current kecamatan code (an old code?)"),
				   info.region);
	}
	const char *sex = record_get(rec, "jenis_kelamin");
	if (sex && ((str_eq(sex, "P") && !info.female) || (str_eq(sex, "L") && info.female)))
		issues_add(out, fi, ISSUE_WARNING,
			   _("the NIK is a %s's but the sex given is %s"),
			   info.female ? _("woman") : _("man"), sex);
	struct date today = date_today();
	if (date_cmp(&info.birth, &today) < 0 && date_age(&info.birth, &today) < 17)
		issues_add(out, fi, ISSUE_WARNING, _("the NIK says the owner is under 17"));

	struct rid others[3];
	int n = store_find_by_field(st, m->ent, m->nik_field, nik, &rec->id, others, 3);
	for (int i = 0; i < n; i++) {
		char *d = registry_describe(st, m, &others[i]);
		issues_add(out, fi, ISSUE_WARNING, _("this NIK is already registered: %s"), d);
		free(d);
	}
}

/* A reference names a record that exists and is not deleted. */
static void check_ref(struct store *st, const struct field_meta *f, const char *v, int fi,
		      struct issues *out)
{
	const struct entity_meta *m;
	struct rid id;
	struct record rec;
	if (!ref_split(v, &m, &id) || !ref_allows(f, m->ent->name)) {
		issues_add(out, fi, ISSUE_ERROR, _("%s is not a valid reference"), _(f->label));
		return;
	}
	if (!store_get(st, m->ent, &id, &rec, NULL)) {
		issues_add(out, fi, ISSUE_ERROR, _("%s: the record named is not in this database"),
			   _(f->label));
		return;
	}
	if (str_eq(record_get(&rec, FIELD_DELETED), "1")) {
		char *d = registry_describe(st, m, &id);
		issues_add(out, fi, ISSUE_ERROR, _("%s: %s is deleted"), _(f->label), d);
		free(d);
	}
	record_release(&rec);
}

/* A state changes only along the program's arrows. */
static void check_move(const struct entity_meta *m, const struct record *rec,
		       const struct record *old, const char *office, struct issues *out)
{
	if (!m->moves || !m->status_field)
		return;
	const char *to = record_get(rec, m->status_field);
	const char *from = old ? record_get(old, m->status_field) : NULL;
	if ((!from && !to) || (from && to && str_eq(from, to)))
		return;
	/* A deliberate reopening (back to an earlier state) is the deciding
	 * office's own move (model/rules.c); the store's verdict checks it again. */
	if (rules_reopen_allowed(m, from, to, office))
		return;
	for (size_t i = 0; m->moves[i].to; i++)
		if (str_eq(m->moves[i].to, to ? to : "") &&
		    str_eq(m->moves[i].from, from ? from : ""))
			return;
	const struct field_meta *f = registry_field(m, m->status_field);
	char *a = from ? registry_display(NULL, f, from) : xstrdup("-");
	char *b = to ? registry_display(NULL, f, to) : xstrdup("-");
	int fi = (int)(f - m->fields);
	if (from)
		issues_add(out, fi, ISSUE_ERROR, _("%s cannot move from %s to %s"), _(f->label), a, b);
	else
		issues_add(out, fi, ISSUE_ERROR, _("a new record cannot start as %s"), b);
	free(a);
	free(b);
}

/* Whether field is in the comma-separated list. */
static bool in_list(const char *list, const char *field)
{
	size_t len = strlen(field);
	for (const char *p = list ? strstr(list, field) : NULL; p; p = strstr(p + 1, field))
		if ((p == list || p[-1] == ',') && (p[len] == ',' || p[len] == '\0'))
			return true;
	return false;
}

void registry_validate(struct store *st, const struct entity_meta *m, const struct record *rec,
		       struct issues *out)
{
	struct date today = date_today();
	/* Personal data erased by a purge is neither required nor entered again on
	 * that record (the store would keep only its hash). */
	char *purged = rid_is_zero(&rec->id) ? NULL : store_purged_fields(st, m->ent, &rec->id);
	for (size_t i = 0; i < m->nfields; i++) {
		const struct field_meta *f = &m->fields[i];
		const char *v = record_get(rec, f->name);
		if (purged && in_list(purged, f->name)) {
			if (!str_empty(v))
				issues_add(out, (int)i, ISSUE_ERROR,
					   _("the personal data of this record was erased (purge);"
					     " it cannot be entered again"));
			continue;
		}
		if (str_empty(v)) {
			if (f->required)
				issues_add(out, (int)i, ISSUE_ERROR, _("%s must be filled in"), _(f->label));
			continue;
		}
		if (f->kind == FK_DATE && f->past_only) {
			struct date d;
			if (date_parse(v, &d, NULL) && date_cmp(&d, &today) > 0)
				issues_add(out, (int)i, ISSUE_ERROR, _("%s is in the future"), _(f->label));
		}
		if (f->kind == FK_NIK && m->nik_field && str_eq(f->name, m->nik_field))
			check_nik(st, m, rec, (int)i, out);
		if (f->kind == FK_REF)
			check_ref(st, f, v, (int)i, out);
		if (f->kind == FK_KECAMATAN || f->kind == FK_DESA) {
			const char *parent = record_get(rec, f->kind == FK_KECAMATAN ? "kabupaten_kota"
										 : "kecamatan");
			char pc[REGION_CODE_MAX];
			if (parent && region_parent_code(v, pc) && !str_eq(pc, parent)) {
				char *pn = store_region_name(st, parent);
				issues_add(out, (int)i, ISSUE_ERROR, _("%s %s is not in %s"), _(f->label),
					   v, pn ? pn : parent);
				free(pn);
			}
		}
	}
	free(purged);
}

void registry_derive_preview(struct store *st, const struct entity_meta *m, struct record *rec)
{
	if (!m->derive)
		return;
	struct record copy;
	record_copy(&copy, rec);
	m->derive(st, m, &copy);
	for (size_t i = 0; i < m->nfields; i++)
		if (m->fields[i].derived)
			record_set(rec, m->fields[i].name, record_get(&copy, m->fields[i].name));
	record_release(&copy);
}

void registry_check(struct store *st, const struct entity_meta *m, struct record *rec,
		    const char *officer, struct issues *out)
{
	struct record old = { 0 };
	bool have_old = !rid_is_zero(&rec->id) && store_get(st, m->ent, &rec->id, &old, NULL);
	if (m->derive)
		m->derive(st, m, rec);
	registry_validate(st, m, rec, out);
	/* Authority, frozen fields (a reopening at the province), segregation. */
	rules_check_local(st, m, rec, have_old ? &old : NULL, officer, out);
	check_move(m, rec, have_old ? &old : NULL, store_office_code(st), out);
	if (m->rules) {
		struct rule_ctx c = { st, m, rec, have_old ? &old : NULL, officer };
		m->rules(&c, out);
	}
	if (have_old)
		record_release(&old);
}

enum save_result registry_save(struct store *st, const struct entity_meta *m,
			       struct record *rec, const char *officer, bool confirm_warnings,
			       struct issues *out, struct err *e)
{
	issues_clear(out);
	if (!auth_require(st, officer, AUTH_EDIT, e))
		return SAVE_ERROR;
	rules_install();
	/* One transaction from the rules to the write: totals the rules read (a
	 * budget, a stock) cannot change in between. */
	if (!store_begin(st, e))
		return SAVE_ERROR;
	bool new_record = rid_is_zero(&rec->id);
	registry_check(st, m, rec, officer, out);
	enum save_result res;
	int rc = 0;
	if (issues_has_errors(out))
		res = SAVE_INVALID;
	else if (out->n > 0 && !confirm_warnings)
		res = SAVE_CONFIRM;
	else if ((rc = store_save(st, rec, officer, e)) < 0)
		res = SAVE_ERROR;
	else
		res = rc ? SAVE_DONE : SAVE_UNCHANGED;
	if ((res == SAVE_DONE || res == SAVE_UNCHANGED) && !store_commit(st, e))
		res = SAVE_ERROR;
	else if (res != SAVE_DONE && res != SAVE_UNCHANGED)
		store_rollback(st);
	if (res == SAVE_ERROR && new_record) {
		/* Nothing was written: the form's record is new again, so a retry
		 * numbers it afresh (not with the number the undone save drew). */
		memset(&rec->id, 0, sizeof(rec->id));
		record_set(rec, FIELD_REG_NO, NULL);
	}
	return res;
}

const char **registry_personal_fields(const struct entity_meta *m)
{
	const char **v = xcalloc(m->nfields + 1, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < m->nfields; i++)
		if (m->fields[i].personal != PD_NONE)
			v[n++] = m->fields[i].name;
	return v;
}

#define PURGE_PARTS_MAX 200
struct purge_parts {
	const struct entity_meta *m[PURGE_PARTS_MAX];
	struct rid id[PURGE_PARTS_MAX];
	int n;
};

static void collect_part(const struct entity_meta *m, const struct rid *id, void *arg)
{
	struct purge_parts *pp = arg;
	if (pp->n < PURGE_PARTS_MAX) {
		pp->m[pp->n] = m;
		pp->id[pp->n++] = *id;
	}
}

bool registry_purge(struct store *st, const struct entity_meta *m, const struct rid *id,
		    const char *reason, const char *officer, struct err *e)
{
	if (!auth_require(st, officer, AUTH_ADMIN, e))
		return false;
	const char *office = store_office_code(st);
	if (!office || region_code_level(office) != REGION_PROVINSI)
		return err_set(e, 1, _("only the province office may purge personal data"));
	char *r = xstrdup(reason ? reason : "");
	str_trim(r);
	bool ok;
	if (!*r) {
		ok = err_set(e, 1, _("say why the personal data is purged"));
	} else {
		/* The business, then the copies its program records keep (an
		 * applicant's NIK and account, a participant's phone), in one
		 * transaction: every copy goes or none. */
		ok = store_begin(st, e);
		const char **fields = ok ? registry_personal_fields(m) : NULL;
		ok = ok && store_purge(st, m->ent, id, fields, r, officer, e);
		free(fields);
		struct purge_parts pp = { .n = 0 };
		if (ok)
			registry_parts(st, m, id, collect_part, &pp, PURGE_PARTS_MAX);
		for (int i = 0; ok && i < pp.n; i++) {
			const char **pf = registry_personal_fields(pp.m[i]);
			if (pf[0])
				ok = store_purge(st, pp.m[i]->ent, &pp.id[i], pf, r, officer, e);
			free(pf);
		}
		if (ok)
			ok = store_commit(st, e);
		else
			store_rollback(st);
	}
	free(r);
	return ok;
}

static bool set_deleted(struct store *st, const struct entity_meta *m, const struct rid *id,
			const char *flag, const char *reason, const char *officer, struct err *e)
{
	struct record rec, old;
	if (!store_begin(st, e))
		return false;
	if (!store_get(st, m->ent, id, &rec, e)) {
		store_rollback(st);
		return false;
	}
	record_copy(&old, &rec);
	record_set(&rec, FIELD_DELETED, flag);
	record_set(&rec, FIELD_DELETED_REASON, reason);
	/* A program's rules see the deletion or restoration too (a restored
	 * distribution must still fit the stock), in the same transaction. */
	bool ok = true;
	if (m->rules) {
		struct issues is = { 0 };
		struct rule_ctx c = { st, m, &rec, &old, officer };
		m->rules(&c, &is);
		for (size_t i = 0; i < is.n; i++)
			if (is.v[i].severity == ISSUE_ERROR) {
				ok = err_set(e, 1, "%s", is.v[i].msg);
				break;
			}
		issues_release(&is);
	}
	ok = ok && store_save(st, &rec, officer, e) >= 0;
	ok = ok ? store_commit(st, e) : (store_rollback(st), false);
	record_release(&old);
	record_release(&rec);
	return ok;
}

bool registry_delete(struct store *st, const struct entity_meta *m, const struct rid *id,
		     const char *reason, const char *officer, struct err *e)
{
	if (!auth_require(st, officer, AUTH_DELETE, e))
		return false;
	char *r = xstrdup(reason ? reason : "");
	str_trim(r);
	bool ok = *r ? set_deleted(st, m, id, "1", r, officer, e)
		     : err_set(e, 1, _("say why the record is deleted"));
	free(r);
	return ok;
}

bool registry_restore(struct store *st, const struct entity_meta *m, const struct rid *id,
		      const char *officer, struct err *e)
{
	return auth_require(st, officer, AUTH_DELETE, e) &&
	       set_deleted(st, m, id, NULL, NULL, officer, e);
}

bool registry_resolve(struct store *st, const struct entity_def *ent, const struct rid *id,
		      const char *field, const char *value, const char *officer, struct err *e)
{
	if (!auth_require(st, officer, AUTH_ADMIN, e))
		return false;
	rules_install();
	const struct entity_meta *m = registry_meta(ent->name);
	if (!m)
		return store_resolve(st, ent, id, field, value, officer, e);
	/* A resolution is a change like any other: the record as it would be goes
	 * through derive, validation, state moves, authority and the program's
	 * rules (budget, quotas) in the same transaction as the write. */
	if (!store_begin(st, e))
		return false;
	struct record rec;
	bool ok = store_get(st, ent, id, &rec, e);
	bool have = ok;
	if (ok) {
		record_set(&rec, field, str_empty(value) ? NULL : value);
		struct issues is = { 0 };
		registry_check(st, m, &rec, officer, &is);
		for (size_t i = 0; i < is.n; i++)
			if (is.v[i].severity == ISSUE_ERROR) {
				const char *label = is.v[i].field >= 0 ? _(m->fields[is.v[i].field].label)
									: NULL;
				ok = label ? err_set(e, 1, "%s: %s", label, is.v[i].msg)
					   : err_set(e, 1, "%s", is.v[i].msg);
				break;
			}
		issues_release(&is);
	}
	ok = ok && store_resolve(st, ent, id, field, value, officer, e);
	/* What the rules changed besides the field goes with it: a decision
	 * reopened by the resolution (status back to verification) empties the
	 * decision's fields, as the same change in the form does. */
	struct record now;
	if (ok && store_get(st, ent, id, &now, e)) {
		bool more = false;
		for (size_t i = 0; i < ent->nfields; i++) {
			const char *f = ent->fields[i].name;
			bool state = m->status_field && str_eq(f, m->status_field);
			if (str_eq(f, field) || !(state || !rec.values[i]) ||
			    str_eq(rec.values[i] ? rec.values[i] : "", now.values[i] ? now.values[i] : ""))
				continue;
			record_set(&now, f, rec.values[i]);
			more = true;
		}
		if (more && store_save(st, &now, officer, e) < 0)
			ok = *store_last_refusal(st) ? err_set(e, 1, "%s", store_last_refusal(st)) : false;
		record_release(&now);
	} else if (ok) {
		ok = false;
	}
	if (have)
		record_release(&rec);
	if (ok)
		return store_commit(st, e);
	store_rollback(st);
	return false;
}

char *registry_describe(struct store *st, const struct entity_meta *m, const struct rid *id)
{
	struct record rec;
	if (!store_get(st, m->ent, id, &rec, NULL))
		return xstrdup("?");
	const char *name = record_get(&rec, m->ent->name_field);
	const char *reg = record_get(&rec, FIELD_REG_NO);
	char *kab = store_region_name(st, record_get(&rec, "kabupaten_kota"));
	char *d = xasprintf("%s (%s%s%s)", name ? name : "?", reg ? reg : "?", kab ? ", " : "",
			    kab ? kab : "");
	free(kab);
	record_release(&rec);
	return d;
}
