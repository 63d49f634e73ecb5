/*
 * prog_pelatihan.c - program 5, Pelatihan Online: classes, the UMKM enrolled
 * in them (once each, within the capacity), attendance (from the class date on)
 * and certificates (for those who attended).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>

#include "core/i18n.h"
#include "model/prog4.h"

static const struct choice default_topics[] = {
	{ "pemasaran digital", N_("digital marketing") },
	{ "pembukuan sederhana", N_("simple bookkeeping") },
	{ "pengemasan produk", N_("product packaging") },
	{ "akses permodalan", N_("access to finance") },
	{ "perizinan usaha", N_("business licensing") },
	{ "lainnya", N_("other") },
	{ NULL, NULL }
};

static const struct choice platforms[] = {
	{ "zoom", "Zoom" },
	{ "google meet", "Google Meet" },
	{ "whatsapp", "WhatsApp" },
	{ "youtube", "YouTube" },
	{ "lainnya", N_("other") },
	{ NULL, NULL }
};

static const struct choice attendance[] = {
	{ "hadir", N_("present") }, { "tidak hadir", N_("absent") }, { NULL, NULL }
};

static struct field_meta kelas_meta_fields[] = {
	{ .name = "judul", .label = N_("Class title"), .kind = FK_TEXT, .required = true, .width = 100 },
	{ .name = "topik", .label = N_("Topic"), .kind = FK_CHOICE, .required = true, .width = 24,
	  .choices = default_topics },
	{ .name = "platform", .label = N_("Platform"), .kind = FK_CHOICE, .required = true,
	  .width = 16, .choices = platforms },
	{ .name = "tanggal", .label = N_("Date"), .kind = FK_DATE, .required = true, .width = 10,
	  .hint = N_("DD/MM/YYYY") },
	{ .name = "jam", .label = N_("Time"), .kind = FK_TEXT, .required = true, .width = 5,
	  .hint = N_("HH.MM, e.g. 09.00") },
	{ .name = "pelatih", .label = N_("Trainer"), .kind = FK_TEXT, .required = true, .width = 80 },
	{ .name = "kapasitas", .label = N_("Capacity"), .kind = FK_COUNT, .required = true, .width = 5 },
	{ .name = "link", .label = N_("Link"), .kind = FK_TEXT, .width = 200,
	  .hint = N_("https://...") },
	{ .name = "kabupaten_kota", .label = N_("For regency/city"), .kind = FK_KABKOTA, .width = 40,
	  .hint = N_("empty: the whole province") },
	{ .name = "reg_no", .label = N_("Registration no."), .kind = FK_READONLY, .width = 24 },
};

static const struct field_meta peserta_meta_fields[] = {
	{ .name = "kelas", .label = N_("Class"), .kind = FK_REF, .required = true, .persistent = true,
	  .width = 60, .hint = N_("registration no., or type part of the title"), .ref = "kelas" },
	{ .name = "judul_kelas", .label = N_("Class title"), .kind = FK_TEXT, .width = 100,
	  .derived = true },
	{ .name = "umkm", .label = N_("UMKM"), .kind = FK_REF, .required = true, .width = 60,
	  .hint = N_("registration no., or type part of the name"), .ref = "umkm" },
	{ .name = "nama_usaha", .label = N_("Business name"), .kind = FK_TEXT, .width = 80,
	  .derived = true },
	{ .name = "telepon", .label = N_("Phone"), .kind = FK_PHONE, .width = 16, .derived = true,
	  .personal = PD_PERSONAL },
	{ .name = "kabupaten_kota", .label = N_("Regency/city"), .kind = FK_KABKOTA, .width = 40,
	  .derived = true },
	{ .name = "kecamatan", .label = N_("District"), .kind = FK_KECAMATAN, .width = 40,
	  .derived = true },
	{ .name = "kehadiran", .label = N_("Attendance"), .kind = FK_CHOICE, .width = 12,
	  .choices = attendance, .hint = N_("from the class date on") },
	{ .name = "nomor_sertifikat", .label = N_("Certificate no."), .kind = FK_TEXT, .width = 40,
	  .hint = N_("for a participant who attended") },
	{ .name = "reg_no", .label = N_("Registration no."), .kind = FK_READONLY, .width = 24 },
};

static struct owned_choices config_topics;

void prog4_configure_pelatihan(const struct config *cfg);
void prog4_configure_pelatihan(const struct config *cfg)
{
	const struct choice *choices = choices_from_config(cfg, "programs.pelatihan.topics",
							   default_topics, &config_topics);
	kelas_meta_fields[1].choices = choices;
}

static int field_index(const struct entity_meta *m, const char *name)
{
	const struct field_meta *f = registry_field(m, name);
	return f ? (int)(f - m->fields) : -1;
}

/* ---- classes ---- */

static bool count_one(const char *g, int64_t count, const int64_t *s, void *arg)
{
	(void)g;
	(void)s;
	*(int64_t *)arg = count;
	return true;
}

static int count_participants(struct store *st, const char *kelas_ref)
{
	struct agg_where w = { "kelas", "=", kelas_ref };
	struct agg_query q = { &entity_peserta, NULL, NULL, &w, 1 };
	int64_t n = 0;
	struct err e;
	store_aggregate(st, &q, count_one, &n, &e);
	return (int)n;
}

static bool time_ok(const char *v)
{
	/* HH.MM or HH:MM, 00-23 and 00-59. */
	if (strlen(v) != 5 || !isdigit((unsigned char)v[0]) || !isdigit((unsigned char)v[1]) ||
	    (v[2] != '.' && v[2] != ':') || !isdigit((unsigned char)v[3]) ||
	    !isdigit((unsigned char)v[4]))
		return false;
	return (v[0] - '0') * 10 + (v[1] - '0') < 24 && (v[3] - '0') * 10 + (v[4] - '0') < 60;
}

static void kelas_derive(struct store *st, const struct entity_meta *m, struct record *rec)
{
	(void)st;
	(void)m;
	const char *jam = record_get(rec, "jam");
	if (jam && strlen(jam) == 5 && jam[2] == ':') {
		char v[6];
		memcpy(v, jam, 6);
		v[2] = '.';
		record_set(rec, "jam", v);
	}
}

static void kelas_rules(const struct rule_ctx *c, struct issues *out)
{
	const char *jam = record_get(c->rec, "jam");
	if (jam && !time_ok(jam))
		issues_add(out, field_index(c->m, "jam"), ISSUE_ERROR,
			   _("'%s' is not a time: write HH.MM, e.g. 09.00"), jam);
	const char *link = record_get(c->rec, "link");
	if (link && strncasecmp(link, "https://", 8) != 0 && strncasecmp(link, "http://", 7) != 0)
		issues_add(out, field_index(c->m, "link"), ISSUE_ERROR,
			   _("a link starts with https://"));
	const char *cap = record_get(c->rec, "kapasitas");
	long long capacity = cap ? strtoll(cap, NULL, 10) : 0;
	if (cap && capacity <= 0)
		issues_add(out, field_index(c->m, "kapasitas"), ISSUE_ERROR,
			   _("the capacity must be at least 1"));
	if (cap && c->old) {
		char *ref = ref_make(&meta_kelas, &c->rec->id);
		int n = count_participants(c->st, ref);
		free(ref);
		if (capacity < n)
			issues_add(out, field_index(c->m, "kapasitas"), ISSUE_ERROR,
				   _("%d are already enrolled: the capacity cannot be less"), n);
	}
}

/* ---- participants ---- */

static void peserta_derive(struct store *st, const struct entity_meta *m, struct record *rec)
{
	(void)m;
	const char *k = record_get(rec, "kelas");
	struct record r;
	if (k && ref_get(st, k, &r)) {
		record_set(rec, "judul_kelas", record_get(&r, "judul"));
		record_release(&r);
	}
	const char *u = record_get(rec, "umkm");
	if (u) {
		char *f = ref_follow(st, u);
		record_set(rec, "umkm", f);
		free(f);
		if (ref_get(st, record_get(rec, "umkm"), &r)) {
			record_set(rec, "nama_usaha", record_get(&r, "nama_usaha"));
			record_set(rec, "telepon", record_get(&r, "telepon"));
			record_set(rec, "kabupaten_kota", record_get(&r, "kabupaten_kota"));
			record_set(rec, "kecamatan", record_get(&r, "kecamatan"));
			record_release(&r);
		}
	}
}

static void peserta_rules(const struct rule_ctx *c, struct issues *out)
{
	const struct record *rec = c->rec;
	const char *kelas = record_get(rec, "kelas");
	const char *umkm = record_get(rec, "umkm");
	struct record k;
	bool have_class = kelas && ref_get(c->st, kelas, &k);
	/* Deleting a participant breaks no rule of the class (it settles one). */
	bool deleted = str_eq(record_get(rec, FIELD_DELETED), "1");
	if (kelas && umkm && !deleted) {
		/* Once per class: businesses compared as merges leave them. */
		int max = 20000;
		struct rid *ids = xcalloc((size_t)max, sizeof(*ids));
		int n = store_find_by_field(c->st, c->m->ent, "kelas", kelas, &rec->id, ids, max);
		char *mine = ref_follow(c->st, umkm);
		for (int i = 0; i < n; i++) {
			struct record o;
			if (!store_get(c->st, c->m->ent, &ids[i], &o, NULL))
				continue;
			char *theirs = ref_follow(c->st, record_get(&o, "umkm"));
			if (str_eq(theirs, mine)) {
				issues_add(out, field_index(c->m, "umkm"), ISSUE_ERROR,
					   _("%s is already enrolled in this class (%s)"),
					   record_get(&o, "nama_usaha") ? record_get(&o, "nama_usaha") : "?",
					   record_get(&o, FIELD_REG_NO) ? record_get(&o, FIELD_REG_NO) : "?");
				i = n;
			}
			free(theirs);
			record_release(&o);
		}
		free(mine);
		/* Capacity: when the participant joins this class. */
		bool joins = !c->old || !str_eq(record_get(c->old, "kelas"), kelas);
		if (joins && have_class) {
			const char *cap = record_get(&k, "kapasitas");
			long long capacity = cap ? strtoll(cap, NULL, 10) : 0;
			if (n >= capacity)
				issues_add(out, field_index(c->m, "kelas"), ISSUE_ERROR,
					   _("the class is full: %d of %lld places taken"), n, capacity);
		}
		free(ids);
	}
	const char *hadir = record_get(rec, "kehadiran");
	const char *was = c->old ? record_get(c->old, "kehadiran") : NULL;
	if (hadir && !str_eq(hadir, was) && have_class) {
		struct date day, today = date_today();
		if (date_parse(record_get(&k, "tanggal"), &day, NULL) && date_cmp(&today, &day) < 0) {
			char buf[DATE_BUFSZ];
			issues_add(out, field_index(c->m, "kehadiran"), ISSUE_ERROR,
				   _("attendance can be marked from the class date on (%s)"),
				   date_format(&day, buf, sizeof(buf)));
		}
	}
	if (record_get(rec, "nomor_sertifikat") && !str_eq(hadir, "hadir"))
		issues_add(out, field_index(c->m, "nomor_sertifikat"), ISSUE_ERROR,
			   _("a certificate is for a participant who attended"));
	if (have_class)
		record_release(&k);
}

const struct entity_meta meta_kelas = {
	.ent = &entity_kelas,
	.title = N_("Classes"),
	.fields = kelas_meta_fields,
	.nfields = ARRAY_SIZE(kelas_meta_fields),
	.list_second = "tanggal",
	.derive = kelas_derive,
	.rules = kelas_rules,
	.csv_name = "pelatihan",
};

const struct entity_meta meta_peserta = {
	.ent = &entity_peserta,
	.title = N_("Participants"),
	.fields = peserta_meta_fields,
	.nfields = ARRAY_SIZE(peserta_meta_fields),
	.status_field = "kehadiran",
	.list_second = "judul_kelas",
	.ref_field = "umkm",
	.derive = peserta_derive,
	.rules = peserta_rules,
};

/* ---- summary ---- */

static bool pelatihan_summary(struct store *st, const struct summary_filter *f, struct tables *out,
			      struct err *e)
{
	const char *kab = f && f->kabupaten ? f->kabupaten : NULL;
	struct agg_where w[4];
	size_t nw = summary_where(f, "tanggal", w, 0);
	const struct field_meta *topic = registry_field(&meta_kelas, "topik");
	struct table *t = table_new(_("Classes per topic"), 3);
	table_col(t, 0, _("Topic"), COL_TEXT);
	table_col(t, 1, _("Classes"), COL_COUNT);
	table_col(t, 2, _("Places"), COL_COUNT);
	for (size_t i = 0; topic->choices[i].value; i++) {
		size_t r = table_add_row(t, topic->choices[i].value);
		table_set_text(t, r, 0, _(topic->choices[i].label));
	}
	tables_add(out, t);
	static const char *const sums[] = { "kapasitas", NULL };
	struct agg_query q = { &entity_kelas, "topik", sums, w, nw };
	struct summary_into a = { t, 1, topic, st, 1 };
	if (!store_aggregate(st, &q, summary_into_row, &a, e))
		return false;
	table_add_total(t, _("Total"));

	struct table *p = table_new(_("Participants per regency/city"), 6);
	table_col(p, 0, _("Regency/city"), COL_TEXT);
	table_col(p, 1, _("Participants"), COL_COUNT);
	table_col(p, 2, _("Present"), COL_COUNT);
	table_col(p, 3, _("Attendance rate"), COL_PERCENT);
	table_col(p, 4, _("Certificates"), COL_COUNT);
	table_col(p, 5, _("Completion rate"), COL_PERCENT);
	table_add_kabupaten_rows(p, st, kab);
	tables_add(out, p);
	struct agg_where pw[4];
	size_t npw = summary_where(f, NULL, pw, 0);
	struct agg_query pq = { &entity_peserta, "kabupaten_kota", NULL, pw, npw };
	struct summary_into pa = { p, 1, NULL, st, 0 };
	if (!store_aggregate(st, &pq, summary_into_row, &pa, e))
		return false;
	pw[npw] = (struct agg_where){ "kehadiran", "=", "hadir" };
	pq.nwhere = npw + 1;
	pa.col = 2;
	if (!store_aggregate(st, &pq, summary_into_row, &pa, e))
		return false;
	pw[npw] = (struct agg_where){ "nomor_sertifikat", "notnull", NULL };
	pa.col = 4;
	if (!store_aggregate(st, &pq, summary_into_row, &pa, e))
		return false;
	table_add_total(p, _("Total"));
	for (size_t r = 0; r < p->nrows; r++) {
		int64_t n = p->rows[r].cells[1].num;
		table_set_num(p, r, 3, n ? p->rows[r].cells[2].num * 1000 / n : 0);
		table_set_num(p, r, 5, n ? p->rows[r].cells[4].num * 1000 / n : 0);
	}
	return true;
}

static const struct entity_meta *const pelatihan_metas[] = { &meta_kelas, &meta_peserta, NULL };

const struct program program_pelatihan = {
	.name = "pelatihan",
	.title = N_("Online training"),
	.metas = pelatihan_metas,
	.summary = pelatihan_summary,
};

/* ---- the attendance list ---- */

void peserta_rows_free(struct peserta_row *rows, int n)
{
	for (int i = 0; i < n; i++) {
		free(rows[i].nama);
		free(rows[i].reg_no);
		free(rows[i].kehadiran);
		free(rows[i].sertifikat);
	}
	free(rows);
}

static int row_cmp(const void *a, const void *b)
{
	const struct peserta_row *x = a, *y = b;
	return strcasecmp(x->nama, y->nama);
}

int pelatihan_peserta_load(struct store *st, const struct rid *kelas, struct peserta_row **rows,
			   struct err *e)
{
	(void)e;
	char *ref = ref_make(&meta_kelas, kelas);
	int max = 20000;
	struct rid *ids = xcalloc((size_t)max, sizeof(*ids));
	int n = store_find_by_field(st, &entity_peserta, "kelas", ref, NULL, ids, max);
	free(ref);
	struct peserta_row *v = xcalloc(n > 0 ? (size_t)n : 1, sizeof(*v));
	int k = 0;
	for (int i = 0; i < n; i++) {
		struct record r;
		if (!store_get(st, &entity_peserta, &ids[i], &r, NULL))
			continue;
		v[k].id = ids[i];
		v[k].nama = xstrdup(record_get(&r, "nama_usaha") ? record_get(&r, "nama_usaha") : "?");
		v[k].reg_no = xstrdup(record_get(&r, FIELD_REG_NO) ? record_get(&r, FIELD_REG_NO) : "");
		v[k].kehadiran = xstrdup(record_get(&r, "kehadiran"));
		v[k].sertifikat = xstrdup(record_get(&r, "nomor_sertifikat"));
		k++;
		record_release(&r);
	}
	free(ids);
	qsort(v, (size_t)k, sizeof(*v), row_cmp);
	*rows = v;
	return k;
}

int pelatihan_attendance_save(struct store *st, struct peserta_row *rows, int n,
			      const char *officer, struct issues *out, int *bad, struct err *e)
{
	*bad = -1;
	issues_clear(out);
	if (!store_begin(st, e))
		return -1;
	int written = 0;
	for (int i = 0; i < n; i++) {
		struct record rec;
		if (!store_get(st, &entity_peserta, &rows[i].id, &rec, e)) {
			*bad = i;
			store_rollback(st);
			return -1;
		}
		record_set(&rec, "kehadiran", rows[i].kehadiran);
		enum save_result res = registry_save(st, &meta_peserta, &rec, officer, true, out, e);
		record_release(&rec);
		if (res == SAVE_DONE) {
			written++;
		} else if (res != SAVE_UNCHANGED) {
			*bad = i;
			store_rollback(st);
			return -1;
		}
	}
	if (!store_commit(st, e))
		return -1;
	return written;
}

enum save_result pelatihan_enrol(struct store *st, const struct rid *kelas, const struct rid *umkm,
				 const char *officer, struct issues *out, struct err *e)
{
	struct record rec;
	registry_new(st, &meta_peserta, &rec);
	char *k = ref_make(&meta_kelas, kelas);
	char *u = ref_make(&meta_umkm, umkm);
	record_set(&rec, "kelas", k);
	record_set(&rec, "umkm", u);
	free(k);
	free(u);
	enum save_result res = registry_save(st, &meta_peserta, &rec, officer, false, out, e);
	record_release(&rec);
	return res;
}

void prog4_configure_warung(const struct config *cfg);
void prog4_configure_produk(const struct config *cfg);

void prog4_configure(const struct config *cfg)
{
	prog4_configure_warung(cfg);
	prog4_configure_produk(cfg);
	prog4_configure_pelatihan(cfg);
}
