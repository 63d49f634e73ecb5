/*
 * prog_produk.c - program 2, Pemasaran Online: UMKM products promoted by the
 * office. A product moves diajukan -> dikurasi (curator's note) -> tayang
 * (date) -> diturunkan (reason), only along these arrows; the date of each
 * move is kept in the record and who made it in its history (the op log).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/csv.h"
#include "core/i18n.h"
#include "model/auth.h"
#include "model/csvio.h"
#include "model/prog4.h"
#include "store/prog4.h"

static const struct choice produk_status[] = {
	{ "diajukan", N_("submitted") },
	{ "dikurasi", N_("curated") },
	{ "tayang", N_("live") },
	{ "diturunkan", N_("taken down") },
	{ NULL, NULL }
};

static const struct state_move produk_moves[] = {
	{ "", "diajukan" },
	{ "diajukan", "dikurasi" },
	{ "dikurasi", "tayang" },
	{ "tayang", "diturunkan" },
	{ NULL, NULL }
};

static const struct choice default_categories[] = {
	{ "makanan", N_("food") },
	{ "minuman", N_("drinks") },
	{ "fesyen", N_("fashion") },
	{ "kerajinan", N_("handicraft") },
	{ "pertanian", N_("agriculture") },
	{ "jasa", N_("services") },
	{ "lainnya", N_("other") },
	{ NULL, NULL }
};

/* Where a product is promoted, and the field holding its link there. */
static const struct choice produk_places[] = {
	{ "website", N_("Dinas website") },
	{ "instagram", "Instagram" },
	{ "facebook", "Facebook" },
	{ "whatsapp", "WhatsApp" },
	{ "shopee", "Shopee" },
	{ "tokopedia", "Tokopedia" },
	{ "bukalapak", "Bukalapak" },
	{ "lainnya", N_("other") },
	{ NULL, NULL }
};

#define LINK(place_, label_) \
	{ .name = "link_" place_, .label = label_, .kind = FK_TEXT, .width = 200, \
	  .hint = N_("the product's page there (https://...)") }

static struct field_meta produk_meta_fields[] = {
	{ .name = "nama", .label = N_("Product name"), .kind = FK_TEXT, .required = true, .width = 80 },
	{ .name = "umkm", .label = N_("UMKM"), .kind = FK_REF, .required = true, .width = 60,
	  .hint = N_("registration no., or type part of the name"), .ref = "umkm" },
	{ .name = "nama_usaha", .label = N_("Business name"), .kind = FK_TEXT, .width = 80,
	  .derived = true },
	{ .name = "kabupaten_kota", .label = N_("Regency/city"), .kind = FK_KABKOTA, .width = 40,
	  .derived = true },
	{ .name = "kecamatan", .label = N_("District"), .kind = FK_KECAMATAN, .width = 40,
	  .derived = true },
	{ .name = "kategori", .label = N_("Category"), .kind = FK_CHOICE, .required = true, .width = 24,
	  .choices = default_categories },
	{ .name = "deskripsi", .label = N_("Description"), .kind = FK_LONGTEXT, .width = 500 },
	{ .name = "harga", .label = N_("Price"), .kind = FK_MONEY, .required = true, .width = 20 },
	{ .name = "satuan", .label = N_("Unit"), .kind = FK_TEXT, .required = true, .width = 20,
	  .hint = N_("e.g. pcs, kg, box") },
	{ .name = "tempat_promosi", .label = N_("Promoted on"), .kind = FK_MULTI, .width = 80,
	  .choices = produk_places, .hint = N_("numbers or names, separated by ;") },
	LINK("website", N_("Link: Dinas website")),
	LINK("instagram", N_("Link: Instagram")),
	LINK("facebook", N_("Link: Facebook")),
	LINK("whatsapp", N_("Link: WhatsApp")),
	LINK("shopee", N_("Link: Shopee")),
	LINK("tokopedia", N_("Link: Tokopedia")),
	LINK("bukalapak", N_("Link: Bukalapak")),
	LINK("lainnya", N_("Link: other")),
	{ .name = "status", .label = N_("Stage"), .kind = FK_CHOICE, .required = true, .width = 12,
	  .choices = produk_status, .hint = N_("diajukan -> dikurasi -> tayang -> diturunkan") },
	{ .name = "tanggal_diajukan", .label = N_("Submitted on"), .kind = FK_DATE, .width = 10,
	  .derived = true },
	{ .name = "tanggal_kurasi", .label = N_("Curated on"), .kind = FK_DATE, .width = 10,
	  .derived = true },
	{ .name = "catatan_kurasi", .label = N_("Curator's note"), .kind = FK_TEXT, .width = 200 },
	{ .name = "tanggal_tayang", .label = N_("Live from"), .kind = FK_DATE, .width = 10,
	  .hint = N_("DD/MM/YYYY; empty: today") },
	{ .name = "tanggal_turun", .label = N_("Taken down on"), .kind = FK_DATE, .width = 10,
	  .derived = true },
	{ .name = "alasan_turun", .label = N_("Reason taken down"), .kind = FK_TEXT, .width = 200 },
	{ .name = "reg_no", .label = N_("Registration no."), .kind = FK_READONLY, .width = 24 },
};

static struct owned_choices config_categories;

void prog4_configure_produk(const struct config *cfg);
void prog4_configure_produk(const struct config *cfg)
{
	const struct choice *choices = choices_from_config(cfg, "programs.produk.categories",
							   default_categories,
							   &config_categories);
	for (size_t i = 0; i < ARRAY_SIZE(produk_meta_fields); i++)
		if (str_eq(produk_meta_fields[i].name, "kategori"))
			produk_meta_fields[i].choices = choices;
}

static int field_index(const struct entity_meta *m, const char *name)
{
	const struct field_meta *f = registry_field(m, name);
	return f ? (int)(f - m->fields) : -1;
}

static void today_iso(char buf[DATE_BUFSZ])
{
	struct date d = date_today();
	date_format_iso(&d, buf, DATE_BUFSZ);
}

static void produk_derive(struct store *st, const struct entity_meta *m, struct record *rec)
{
	const char *v = record_get(rec, "umkm");
	if (v) {
		char *followed = ref_follow(st, v);
		record_set(rec, "umkm", followed);
		free(followed);
		struct record b;
		if (ref_get(st, record_get(rec, "umkm"), &b)) {
			record_set(rec, "nama_usaha", record_get(&b, "nama_usaha"));
			record_set(rec, "kabupaten_kota", record_get(&b, "kabupaten_kota"));
			record_set(rec, "kecamatan", record_get(&b, "kecamatan"));
			record_release(&b);
		}
	}
	/* A new product starts as submitted; each move dates itself. */
	if (rid_is_zero(&rec->id) && !record_get(rec, "status"))
		record_set(rec, "status", "diajukan");
	struct record old;
	bool have_old = !rid_is_zero(&rec->id) && store_get(st, m->ent, &rec->id, &old, NULL);
	const char *from = have_old ? record_get(&old, "status") : NULL;
	const char *to = record_get(rec, "status");
	char today[DATE_BUFSZ];
	today_iso(today);
	bool moved = to && !str_eq(from, to);
	/* The date of each move: set by the move itself, else kept as stored (a
	 * refused attempt leaves nothing behind). */
	static const char *const dated[][2] = {
		{ "diajukan", "tanggal_diajukan" },
		{ "dikurasi", "tanggal_kurasi" },
		{ "diturunkan", "tanggal_turun" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(dated); i++)
		record_set(rec, dated[i][1], moved && str_eq(to, dated[i][0]) ? today
					     : have_old ? record_get(&old, dated[i][1]) : NULL);
	/* The live date: typed, or today on the move; only once live. */
	if (!str_eq(to, "tayang") && !str_eq(to, "diturunkan"))
		record_set(rec, "tanggal_tayang", NULL);
	else if (moved && str_eq(to, "tayang") && !record_get(rec, "tanggal_tayang"))
		record_set(rec, "tanggal_tayang", today);
	if (have_old)
		record_release(&old);
}

/* Whether the text looks like a web address or a wa.me link. */
static bool link_ok(const char *v)
{
	if (strncasecmp(v, "https://", 8) != 0 && strncasecmp(v, "http://", 7) != 0)
		return false;
	const char *host = strstr(v, "://") + 3;
	return strchr(host, '.') && !strchr(v, ' ');
}

static bool chosen(const char *list, const char *value)
{
	size_t n = strlen(value);
	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, value, n) == 0)
			return true;
		p = end ? end + 1 : p + len;
	}
	return false;
}

static void produk_rules(const struct rule_ctx *c, struct issues *out)
{
	const struct record *rec = c->rec;
	const char *harga = record_get(rec, "harga");
	if (harga && strtoll(harga, NULL, 10) <= 0)
		issues_add(out, field_index(c->m, "harga"), ISSUE_ERROR, _("the price must be more than 0"));
	const char *places = record_get(rec, "tempat_promosi");
	const char *state = record_get(rec, "status");
	bool live = str_eq(state, "tayang");
	for (size_t i = 0; produk_places[i].value; i++) {
		char name[40];
		snprintf(name, sizeof(name), "link_%s", produk_places[i].value);
		const char *link = record_get(rec, name);
		int fi = field_index(c->m, name);
		const char *place = _(produk_places[i].label);
		if (link && !link_ok(link))
			issues_add(out, fi, ISSUE_ERROR,
				   _("%s: a link starts with https:// and names a site"), place);
		else if (link && !chosen(places, produk_places[i].value))
			issues_add(out, fi, ISSUE_ERROR,
				   _("a link for %s, but %s is not chosen in Promoted on"), place, place);
		else if (!link && chosen(places, produk_places[i].value) && live)
			issues_add(out, fi, ISSUE_ERROR, _("a live product needs its link on %s"), place);
	}
	if (live && !places)
		issues_add(out, field_index(c->m, "tempat_promosi"), ISSUE_ERROR,
			   _("a live product is promoted somewhere: choose where"));
	/* Each state's own facts. */
	const char *from = c->old ? record_get(c->old, "status") : NULL;
	bool moved = !str_eq(from, state);
	if ((str_eq(state, "dikurasi") || str_eq(state, "tayang")) && !record_get(rec, "catatan_kurasi"))
		issues_add(out, field_index(c->m, "catatan_kurasi"), ISSUE_ERROR,
			   _("a curated product needs the curator's note"));
	if (str_eq(state, "diturunkan") && !record_get(rec, "alasan_turun"))
		issues_add(out, field_index(c->m, "alasan_turun"), ISSUE_ERROR,
			   _("say why the product is taken down"));
	if (!str_eq(state, "diturunkan") && record_get(rec, "alasan_turun"))
		issues_add(out, field_index(c->m, "alasan_turun"), ISSUE_ERROR,
			   _("a reason taken down is for a product taken down only"));
	if (str_eq(state, "diajukan") && record_get(rec, "catatan_kurasi"))
		issues_add(out, field_index(c->m, "catatan_kurasi"), ISSUE_ERROR,
			   _("a curator's note comes with the move to curated"));
	if (moved && (str_eq(state, "dikurasi") || str_eq(state, "tayang") ||
		      str_eq(state, "diturunkan"))) {
		struct err e = { 0 };
		if (!auth_require(c->st, c->officer, str_eq(state, "dikurasi") ? AUTH_VERIFY : AUTH_DECIDE,
				  &e))
			issues_add(out, field_index(c->m, "status"), ISSUE_ERROR, "%s", e.msg);
	}
}

static bool produk_catalogue(struct store *st, const struct entity_meta *m, const char *arg,
			     FILE *out, long *count, struct err *e);

static const struct export_variant produk_exports[] = {
	{ "--tayang", NULL, N_("the catalogue for the website team: live products with their"
			       " business, price and links"), produk_catalogue },
	{ NULL, NULL, NULL, NULL }
};

const struct entity_meta meta_produk = {
	.ent = &entity_produk,
	.title = N_("Products"),
	.fields = produk_meta_fields,
	.nfields = ARRAY_SIZE(produk_meta_fields),
	.status_field = "status",
	.list_second = "nama_usaha",
	.ref_field = "umkm",
	.moves = produk_moves,
	.derive = produk_derive,
	.rules = produk_rules,
	.exports = produk_exports,
};

/* ---- `bantu export-csv produk --tayang` ---- */

struct cat_ctx {
	struct store *st;
	FILE *out;
	struct strbuf line;
	long n;
};

static bool cat_one(const struct record *rec, void *arg)
{
	struct cat_ctx *c = arg;
	if (!str_eq(record_get(rec, "status"), "tayang"))
		return true;
	static const char *const fields[] = {
		FIELD_REG_NO, "nama", "kategori", "deskripsi", "harga", "satuan", "nama_usaha",
		"kabupaten_kota", "tanggal_tayang", "link_website", "link_instagram", "link_facebook",
		"link_whatsapp", "link_shopee", "link_tokopedia", "link_bukalapak", "link_lainnya"
	};
	char *vals[ARRAY_SIZE(fields) + 1];
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		const struct field_meta *f = registry_field(&meta_produk, fields[i]);
		const char *v = record_get(rec, fields[i]);
		if (f && (f->kind == FK_KABKOTA || f->kind == FK_DATE))
			vals[i] = registry_display(c->st, f, v);
		else
			vals[i] = xstrdup(v ? v : "");
	}
	/* The business's registration no., for the website's link to it. */
	struct record b;
	if (ref_get(c->st, record_get(rec, "umkm"), &b)) {
		const char *reg = record_get(&b, FIELD_REG_NO);
		vals[ARRAY_SIZE(fields)] = xstrdup(reg ? reg : "");
		record_release(&b);
	} else {
		vals[ARRAY_SIZE(fields)] = xstrdup("");
	}
	csv_put_row(&c->line, c->out, (const char *const *)vals, ARRAY_SIZE(vals));
	for (size_t i = 0; i < ARRAY_SIZE(vals); i++)
		free(vals[i]);
	c->n++;
	return !ferror(c->out);
}

static bool produk_catalogue(struct store *st, const struct entity_meta *m, const char *arg,
			     FILE *out, long *count, struct err *e)
{
	(void)arg;
	static const char *const heads[] = {
		FIELD_REG_NO, "nama", "kategori", "deskripsi", "harga", "satuan", "nama_usaha",
		"kabupaten_kota", "tanggal_tayang", "link_website", "link_instagram", "link_facebook",
		"link_whatsapp", "link_shopee", "link_tokopedia", "link_bukalapak", "link_lainnya",
		"reg_no_umkm"
	};
	struct cat_ctx c = { .st = st, .out = out };
	csv_put_row(&c.line, out, heads, ARRAY_SIZE(heads));
	bool ok = store_each(st, m->ent, false, cat_one, &c, e);
	strbuf_release(&c.line);
	if (count)
		*count = c.n;
	return ok;
}

/* ---- summary ---- */

/* Businesses with at least one live product, per kabupaten/kota: each business
 * counted once, a merged pair as one. */
struct live_ctx {
	struct store *st;
	struct table *t;
	char **seen;
	size_t n, cap;
};

static bool live_pair(const char *group, const char *value, void *arg)
{
	struct live_ctx *c = arg;
	char *f = ref_follow(c->st, value);
	for (size_t i = 0; i < c->n; i++)
		if (str_eq(c->seen[i], f)) {
			free(f);
			return true;
		}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->seen = xrealloc(c->seen, c->cap * sizeof(char *));
	}
	c->seen[c->n++] = f;
	long r = table_find_row(c->t, group ? group : "");
	if (r >= 0)
		table_add_num(c->t, (size_t)r, 5, 1);
	return true;
}

static bool produk_summary(struct store *st, const struct summary_filter *f, struct tables *out,
			   struct err *e)
{
	const char *kab = f && f->kabupaten ? f->kabupaten : NULL;
	struct agg_where w[4];
	size_t nw = summary_where(f, "tanggal_diajukan", w, 0);

	struct table *t = table_new(_("Products per regency/city and state"), 6);
	table_col(t, 0, _("Regency/city"), COL_TEXT);
	for (size_t i = 0; produk_status[i].value; i++)
		table_col(t, 1 + i, _(produk_status[i].label), COL_COUNT);
	table_col(t, 5, _("Businesses live"), COL_COUNT);
	table_add_kabupaten_rows(t, st, kab);
	tables_add(out, t);
	for (size_t i = 0; produk_status[i].value; i++) {
		w[nw] = (struct agg_where){ "status", "=", produk_status[i].value };
		struct agg_query q = { &entity_produk, "kabupaten_kota", NULL, w, nw + 1 };
		struct summary_into a = { t, 1 + i, NULL, st, 0 };
		if (!store_aggregate(st, &q, summary_into_row, &a, e))
			return false;
	}
	w[nw] = (struct agg_where){ "status", "=", "tayang" };
	struct live_ctx lc = { st, t, NULL, 0, 0 };
	bool ok = store_distinct_pairs(st, &entity_produk, "kabupaten_kota", "umkm", w, nw + 1,
				       live_pair, &lc, e);
	for (size_t i = 0; i < lc.n; i++)
		free(lc.seen[i]);
	free(lc.seen);
	if (!ok)
		return false;
	table_add_total(t, _("Total"));

	struct table *ct = table_new(_("Products per category and state"), 5);
	table_col(ct, 0, _("Category"), COL_TEXT);
	for (size_t i = 0; produk_status[i].value; i++)
		table_col(ct, 1 + i, _(produk_status[i].label), COL_COUNT);
	tables_add(out, ct);
	const struct field_meta *cat = registry_field(&meta_produk, "kategori");
	for (size_t i = 0; cat->choices[i].value; i++) {
		size_t r = table_add_row(ct, cat->choices[i].value);
		table_set_text(ct, r, 0, _(cat->choices[i].label));
	}
	for (size_t i = 0; produk_status[i].value; i++) {
		w[nw] = (struct agg_where){ "status", "=", produk_status[i].value };
		struct agg_query q = { &entity_produk, "kategori", NULL, w, nw + 1 };
		struct summary_into a = { ct, 1 + i, cat, st, 0 };
		if (!store_aggregate(st, &q, summary_into_row, &a, e))
			return false;
	}
	table_add_total(ct, _("Total"));
	return true;
}

static const struct entity_meta *const produk_metas[] = { &meta_produk, NULL };

const struct program program_produk = {
	.name = "produk",
	.title = N_("Online marketing"),
	.metas = produk_metas,
	.summary = produk_summary,
};
