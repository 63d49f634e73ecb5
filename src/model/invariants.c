/*
 * invariants.c - the rules that span records, listed as rule conflicts (see
 * invariants.h). Each rule reads the folded tables in one pass (store/
 * rulecheck.c or store_aggregate) and groups in memory; the callbacks of a pass
 * only collect (no store calls while a statement steps).
 */
#include "model/invariants.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/format.h"
#include "core/i18n.h"
#include "model/prog4.h"
#include "model/prog_apd.h"
#include "model/prog_prakerja.h"
#include "model/prog_stimulus.h"
#include "model/rules.h"
#include "store/conflict.h"
#include "store/region.h"
#include "store/rulecheck.h"

static const struct {
	const char *name, *explain;
} kinds[RULE_KINDS] = {
	[RULE_STIMULUS_BUDGET] = { "stimulus-budget",
		N_("approvals made at two offices (or two laptops) together exceed the stimulus budget") },
	[RULE_STIMULUS_QUOTA] = { "stimulus-quota",
		N_("approvals together exceed a regency/city's stimulus quota") },
	[RULE_STIMULUS_ONCE] = { "stimulus-once",
		N_("one business (merged businesses count once) or one NIK has two approved stimulus applications") },
	[RULE_CLASS_CAPACITY] = { "class-capacity",
		N_("offices enrolled more participants than the class has places") },
	[RULE_CLASS_ONCE] = { "class-once",
		N_("one business is enrolled twice in a class") },
	[RULE_REFERRAL_ONCE] = { "referral-once",
		N_("one NIK has two open Kartu Prakerja referrals") },
	[RULE_REPORT_ONCE] = { "report-once",
		N_("one warung point has two reports for the same week") },
	[RULE_APD_DELIVERED] = { "apd-delivered",
		N_("more was accepted on an APD order than was ordered") },
	[RULE_APD_PAID] = { "apd-paid",
		N_("a producer was paid more than is owed for what was accepted") },
	[RULE_APD_STOCK] = { "apd-stock",
		N_("more of an APD item was distributed at an office than it received") },
	[RULE_SAME_RANK] = { "same-rank",
		N_("two offices (or laptops) took one case to different outcomes (approved and refused) without seeing each other's") },
};

const char *invariant_name(enum rule_kind k) { return kinds[k].name; }
const char *invariant_explain(enum rule_kind k) { return _(kinds[k].explain); }

/* ---- building a conflict ---- */

struct ctx {
	struct store *st;
	rule_conflict_fn fn;
	void *arg;
	int count;
};

static void conflict_add(struct rule_conflict *c, const struct entity_meta *m,
			 const struct rid *id, bool blocked, bool keep)
{
	c->records = xrealloc(c->records, (c->nrecords + 1) * sizeof(*c->records));
	c->records[c->nrecords++] = (struct rule_record){ m, *id, NULL, blocked, keep };
}

static void conflict_emit(struct ctx *x, struct rule_conflict *c)
{
	c->name = kinds[c->kind].name;
	for (size_t i = 0; i < c->nrecords; i++)
		c->records[i].label = registry_describe(x->st, c->records[i].m, &c->records[i].id);
	x->fn(c, x->arg);
	x->count++;
	for (size_t i = 0; i < c->nrecords; i++)
		free(c->records[i].label);
	free(c->records);
	free(c->what);
	free(c->todo);
}

static int64_t num(const char *v)
{
	return v ? strtoll(v, NULL, 10) : 0;
}

static char *dup0(const char *v)
{
	return v ? xstrdup(v) : NULL;
}

/* ---- stimulus: budget, quotas, once per business and NIK ---- */

struct appl {
	struct rid id;
	char *reg, *who, *nik, *kab, *decided, *proposed;
	bool paid;
	int64_t approved, paid_amount;
	bool extra;   /* a second or later approval of one person */
};

struct appls {
	struct appl *v;
	size_t n;
};

static bool appl_row(const struct rid *id, const char *const *v, void *arg)
{
	struct appls *a = arg;
	a->v = xrealloc(a->v, (a->n + 1) * sizeof(*a->v));
	a->v[a->n++] = (struct appl){ *id, dup0(v[0]), dup0(v[1]), dup0(v[2]), dup0(v[4]),
				      dup0(v[5]), dup0(v[8]), str_eq(v[3], "dicairkan"), num(v[6]),
				      num(v[7]), false };
	return true;
}

static void appls_free(struct appls *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i].reg);
		free(a->v[i].who);
		free(a->v[i].nik);
		free(a->v[i].kab);
		free(a->v[i].decided);
		free(a->v[i].proposed);
	}
	free(a->v);
}

static int cmpstr(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Paid ones first (done), then by decision date, registration no., id: the
 * order in which approvals are taken to have used the money. */
static int appl_order(const void *pa, const void *pb)
{
	const struct appl *a = pa, *b = pb;
	if (a->paid != b->paid)
		return a->paid ? -1 : 1;
	int c = cmpstr(a->decided, b->decided);
	if (!c)
		c = cmpstr(a->reg, b->reg);
	return c ? c : memcmp(a->id.b, b->id.b, 16);
}

/* Approved and paid applications, merges followed, NIKs of merged businesses
 * read from the surviving business; sorted by appl_order. */
static bool load_appls(struct store *st, struct appls *a, struct err *e)
{
	static const char *const cols[] = { FIELD_REG_NO, "penerima", "nik", "status",
					    "kabupaten_kota", "tanggal_keputusan",
					    "jumlah_disetujui", "jumlah_dibayar",
					    "tanggal_pengajuan", NULL };
	static const char *const counted[] = { "disetujui", "dicairkan", NULL };
	a->v = NULL;
	a->n = 0;
	if (!store_rule_rows(st, &entity_stimulus, cols, NULL, "status", counted, appl_row, a, e))
		return false;
	for (size_t i = 0; i < a->n; i++) {
		char *f = a->v[i].who ? ref_follow(st, a->v[i].who) : NULL;
		if (f && !str_eq(f, a->v[i].who)) {
			struct record b;
			if (ref_get(st, f, &b)) {
				free(a->v[i].nik);
				a->v[i].nik = b.ent == &entity_umkm ? dup0(record_get(&b, "nik")) : NULL;
				record_release(&b);
			}
		}
		free(a->v[i].who);
		a->v[i].who = f;
	}
	if (a->n)
		qsort(a->v, a->n, sizeof(*a->v), appl_order);
	return true;
}

static void over_limit(struct ctx *x, struct appls *a, enum rule_kind kind, const char *kab,
		       int64_t limit)
{
	int64_t sum = 0, total = 0;
	size_t first_over = a->n;
	for (size_t i = 0; i < a->n; i++) {
		if (kab && !str_eq(a->v[i].kab, kab))
			continue;
		total += a->v[i].approved;
		if (total > limit && first_over == a->n)
			first_over = i;
		if (first_over == a->n)
			sum = total;
	}
	if (total <= limit)
		return;
	struct rule_conflict c = { .kind = kind };
	char l[MONEY_BUFSZ], t[MONEY_BUFSZ], left[MONEY_BUFSZ];
	money_format(limit, l, sizeof(l));
	money_format(total, t, sizeof(t));
	money_format(limit - sum, left, sizeof(left));
	if (kab) {
		char *name = store_region_name(x->st, kab);
		c.what = xasprintf(_("%s approved in %s against a quota of %s"), t, name ? name : kab, l);
		free(name);
	} else {
		c.what = xasprintf(_("%s approved against a budget of %s"), t, l);
	}
	c.todo = xasprintf(_("refuse or lower the approvals marked '!' (after the others %s is"
			     " left), or raise the %s"), left, kab ? _("quota") : _("budget"));
	for (size_t i = first_over; i < a->n; i++)
		if (!kab || str_eq(a->v[i].kab, kab))
			conflict_add(&c, &meta_stimulus, &a->v[i].id, !a->v[i].paid, false);
	conflict_emit(x, &c);
}

struct idx_sort {
	const struct appls *a;
	bool nik;
};

static const struct idx_sort *sort_ctx;

static int idx_cmp(const void *pa, const void *pb)
{
	size_t i = *(const size_t *)pa, j = *(const size_t *)pb;
	const struct appl *a = &sort_ctx->a->v[i], *b = &sort_ctx->a->v[j];
	int c = sort_ctx->nik ? cmpstr(a->nik, b->nik) : cmpstr(a->who, b->who);
	return c ? c : (i < j ? -1 : i > j);
}

/* Groups of applications of one business (nik false) or of one NIK: fn gets
 * the indexes of each group of two or more. */
static void once_groups(struct appls *a, bool nik, void (*fn)(struct appls *, size_t *, size_t,
							       void *), void *arg)
{
	size_t *ix = xcalloc(a->n ? a->n : 1, sizeof(*ix));
	for (size_t i = 0; i < a->n; i++)
		ix[i] = i;
	struct idx_sort s = { a, nik };
	sort_ctx = &s;
	qsort(ix, a->n, sizeof(*ix), idx_cmp);
	for (size_t i = 0; i < a->n;) {
		size_t j = i + 1;
		const char *k = nik ? a->v[ix[i]].nik : a->v[ix[i]].who;
		while (j < a->n && str_eq(k, nik ? a->v[ix[j]].nik : a->v[ix[j]].who))
			j++;
		if (k && j - i > 1)
			fn(a, ix + i, j - i, arg);
		i = j;
	}
	free(ix);
}

struct once_arg {
	struct ctx *x;
	bool nik;
	void (*extra)(const char *kab, const char *proposed, int64_t approved, int64_t paid,
		      void *arg);
	void *extra_arg;
};

static int size_cmp(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	return a < b ? -1 : a > b;
}

static void once_group(struct appls *a, size_t *ix, size_t n, void *arg)
{
	struct once_arg *o = arg;
	if (o->nik) {
		/* Of one NIK: reported here only when it spans businesses (one
		 * business's group is reported already). */
		bool several = false;
		for (size_t i = 1; i < n; i++)
			several |= !str_eq(a->v[ix[i]].who, a->v[ix[0]].who);
		if (!several)
			return;
	}
	qsort(ix, n, sizeof(*ix), size_cmp);   /* back in appl_order: the first stays */
	if (o->extra) {
		for (size_t i = 1; i < n; i++)
			a->v[ix[i]].extra = true;
		return;
	}
	struct rule_conflict c = { .kind = RULE_STIMULUS_ONCE };
	if (o->nik)
		c.what = xasprintf(_("%zu approved applications for the NIK %s"), n, a->v[ix[0]].nik);
	else
		c.what = xasprintf(_("%zu approved applications for one business"), n);
	c.todo = xstrdup(_("keep the first (marked '='), refuse the others"));
	for (size_t i = 0; i < n; i++)
		conflict_add(&c, &meta_stimulus, &a->v[ix[i]].id, !a->v[ix[i]].paid, i == 0);
	conflict_emit(o->x, &c);
}

static bool stimulus_rules_all(struct ctx *x, struct err *e)
{
	struct appls a;
	if (!load_appls(x->st, &a, e))
		return false;
	over_limit(x, &a, RULE_STIMULUS_BUDGET, NULL, stimulus_budget(x->st));
	/* Quotas: each kabupaten/kota with one, in code order. */
	char **kabs = NULL;
	size_t nk = 0;
	for (size_t i = 0; i < a.n; i++) {
		bool seen = !a.v[i].kab;
		for (size_t k = 0; k < nk && !seen; k++)
			seen = str_eq(kabs[k], a.v[i].kab);
		if (!seen) {
			kabs = xrealloc(kabs, (nk + 1) * sizeof(*kabs));
			kabs[nk++] = a.v[i].kab;
		}
	}
	for (size_t i = 0; i + 1 < nk; i++)
		for (size_t k = i + 1; k < nk; k++)
			if (strcmp(kabs[k], kabs[i]) < 0) {
				char *t = kabs[i];
				kabs[i] = kabs[k];
				kabs[k] = t;
			}
	for (size_t k = 0; k < nk; k++) {
		int64_t q = stimulus_quota(x->st, kabs[k]);
		if (q >= 0)
			over_limit(x, &a, RULE_STIMULUS_QUOTA, kabs[k], q);
	}
	free(kabs);
	struct once_arg o = { x, false, NULL, NULL };
	once_groups(&a, false, once_group, &o);
	o.nik = true;
	once_groups(&a, true, once_group, &o);
	appls_free(&a);
	return true;
}

bool invariants_stimulus_extra(struct store *st,
			       void (*fn)(const char *kab, const char *proposed, int64_t approved,
					  int64_t paid, void *arg),
			       void *arg, struct err *e)
{
	struct appls a;
	if (!load_appls(st, &a, e))
		return false;
	struct ctx x = { st, NULL, NULL, 0 };
	struct once_arg o = { &x, false, fn, arg };
	once_groups(&a, false, once_group, &o);
	o.nik = true;
	once_groups(&a, true, once_group, &o);
	for (size_t i = 0; i < a.n; i++)
		if (a.v[i].extra)
			fn(a.v[i].kab, a.v[i].proposed, a.v[i].approved, a.v[i].paid_amount, arg);
	appls_free(&a);
	return true;
}

static void no_extra(const char *kab, const char *proposed, int64_t approved, int64_t paid,
		     void *arg)
{
	(void)kab, (void)proposed, (void)approved, (void)paid, (void)arg;
}

int invariants_stimulus_extra_ids(struct store *st, struct rid **out, struct err *e)
{
	struct appls a;
	*out = NULL;
	if (!load_appls(st, &a, e))
		return -1;
	struct ctx x = { st, NULL, NULL, 0 };
	struct once_arg o = { &x, false, no_extra, NULL };
	once_groups(&a, false, once_group, &o);
	o.nik = true;
	once_groups(&a, true, once_group, &o);
	int n = 0;
	for (size_t i = 0; i < a.n; i++)
		if (a.v[i].extra) {
			*out = xrealloc(*out, (size_t)(n + 1) * sizeof(**out));
			(*out)[n++] = a.v[i].id;
		}
	appls_free(&a);
	return n;
}

/* ---- rows of one entity: id, and a key ---- */

struct keyed {
	struct rid id;
	char *k1, *k2;
};

struct keyeds {
	struct keyed *v;
	size_t n;
};

static bool keyed_row(const struct rid *id, const char *const *v, void *arg)
{
	struct keyeds *a = arg;
	a->v = xrealloc(a->v, (a->n + 1) * sizeof(*a->v));
	a->v[a->n++] = (struct keyed){ *id, dup0(v[0]), v[1] ? dup0(v[1]) : NULL };
	return true;
}

static void keyeds_free(struct keyeds *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i].k1);
		free(a->v[i].k2);
	}
	free(a->v);
}

static int keyed_cmp(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	int c = cmpstr(a->k1, b->k1);
	if (!c)
		c = cmpstr(a->k2, b->k2);
	return c ? c : memcmp(a->id.b, b->id.b, 16);
}

/* ---- pelatihan: capacity and once per class ---- */

static bool class_rules(struct ctx *x, struct err *e)
{
	static const char *const cols[] = { "kelas", "umkm", NULL };
	struct keyeds p = { NULL, 0 };
	if (!store_rule_rows(x->st, &entity_peserta, cols, "kelas", NULL, NULL, keyed_row, &p, e))
		return false;
	for (size_t i = 0; i < p.n; i++) {
		if (!p.v[i].k2)
			continue;
		char *f = ref_follow(x->st, p.v[i].k2);
		free(p.v[i].k2);
		p.v[i].k2 = f;
	}
	for (size_t i = 0; i < p.n;) {
		size_t j = i + 1;
		while (j < p.n && str_eq(p.v[j].k1, p.v[i].k1))
			j++;
		/* Capacity: the first enrolled (id order) keep their places. */
		struct record k;
		if (p.v[i].k1 && ref_get(x->st, p.v[i].k1, &k)) {
			int64_t cap = num(record_get(&k, "kapasitas"));
			size_t n = j - i;
			if (record_get(&k, "kapasitas") && (int64_t)n > cap) {
				struct rule_conflict c = { .kind = RULE_CLASS_CAPACITY };
				c.what = xasprintf(_("%zu enrolled in the class %s (%s) of %lld places"), n,
						   record_get(&k, "judul") ? record_get(&k, "judul") : "?",
						   record_get(&k, FIELD_REG_NO) ? record_get(&k, FIELD_REG_NO) : "?",
						   (long long)cap);
				c.todo = xasprintf(_("remove the participants marked '!' or raise the"
						     " capacity to %zu"), n);
				for (size_t t = i; t < j; t++)
					conflict_add(&c, &meta_peserta, &p.v[t].id, (int64_t)(t - i) >= cap, false);
				conflict_emit(x, &c);
			}
			record_release(&k);
		}
		/* Once per class: sorted by business within the class. */
		qsort(p.v + i, j - i, sizeof(*p.v), keyed_cmp);
		for (size_t s = i; s < j;) {
			size_t t = s + 1;
			while (t < j && str_eq(p.v[t].k2, p.v[s].k2))
				t++;
			if (p.v[s].k2 && t - s > 1) {
				struct rule_conflict c = { .kind = RULE_CLASS_ONCE };
				c.what = xasprintf(_("one business enrolled %zu times in a class"), t - s);
				c.todo = xstrdup(_("keep the first (marked '='), delete the others"));
				for (size_t u = s; u < t; u++)
					conflict_add(&c, &meta_peserta, &p.v[u].id, u > s, u == s);
				conflict_emit(x, &c);
			}
			s = t;
		}
		i = j;
	}
	keyeds_free(&p);
	return true;
}

/* ---- one record per key: referrals (open, per NIK), reports (per point and week) ---- */

struct keys {
	char **v;
	size_t n;
};

static bool key_row(const char *key, int64_t count, void *arg)
{
	(void)count;
	struct keys *k = arg;
	k->v = xrealloc(k->v, (k->n + 1) * sizeof(*k->v));
	k->v[k->n++] = xstrdup(key);
	return true;
}

static bool referral_open(const struct record *r)
{
	const char *s = record_get(r, "status");
	return !str_eq(s, "diterima") && !str_eq(s, "ditolak");
}

static bool once_per_key(struct ctx *x, const struct entity_meta *m, const char *field,
			 enum rule_kind kind, struct err *e)
{
	struct keys k = { NULL, 0 };
	if (!store_rule_dup_keys(x->st, m->ent, field, key_row, &k, e))
		return false;
	for (size_t i = 0; i < k.n; i++) {
		enum { MAXN = 64 };
		struct rid ids[MAXN];
		int n = store_find_by_field(x->st, m->ent, field, k.v[i], NULL, ids, MAXN);
		struct rid live[MAXN];
		int nl = 0;
		for (int t = 0; t < n; t++) {
			struct record r;
			if (!store_get(x->st, m->ent, &ids[t], &r, NULL))
				continue;
			if (kind != RULE_REFERRAL_ONCE || referral_open(&r))
				live[nl++] = ids[t];
			record_release(&r);
		}
		for (int a = 0; a + 1 < nl; a++)   /* id order: the first made stays */
			for (int b = a + 1; b < nl; b++)
				if (memcmp(live[b].b, live[a].b, 16) < 0) {
					struct rid t = live[a];
					live[a] = live[b];
					live[b] = t;
				}
		if (nl > 1) {
			struct rule_conflict c = { .kind = kind };
			if (kind == RULE_REFERRAL_ONCE) {
				c.what = xasprintf(_("%d open referrals for the NIK %s"), nl, k.v[i]);
				c.todo = xstrdup(_("keep the first (marked '='); delete the others or"
						   " record them as refused"));
			} else {
				const char *bar = strchr(k.v[i], '|');
				c.what = xasprintf(_("%d reports of one point for the week of %s"), nl,
						   bar ? bar + 1 : k.v[i]);
				c.todo = xstrdup(_("keep the first (marked '=') with the right figures,"
						   " delete the others"));
			}
			for (int t = 0; t < nl; t++)
				conflict_add(&c, m, &live[t], t > 0, t == 0);
			conflict_emit(x, &c);
		}
		free(k.v[i]);
	}
	free(k.v);
	return true;
}

/* ---- APD: accepted <= ordered, paid <= owed, stock >= 0 ---- */

struct order_sum {
	char *ref;
	int64_t received, rejected, paid;
};

struct order_sums {
	struct order_sum *v;
	size_t n;
	bool payments;
};

static bool order_sum_row(const char *group, int64_t count, const int64_t *sums, void *arg)
{
	(void)count;
	struct order_sums *o = arg;
	if (!group)
		return true;
	for (size_t i = 0; i < o->n; i++)
		if (str_eq(o->v[i].ref, group)) {
			if (o->payments)
				o->v[i].paid += sums[0];
			return true;
		}
	o->v = xrealloc(o->v, (o->n + 1) * sizeof(*o->v));
	o->v[o->n++] = o->payments ? (struct order_sum){ xstrdup(group), 0, 0, sums[0] }
				   : (struct order_sum){ xstrdup(group), sums[0], sums[1], 0 };
	return true;
}

static int order_sum_cmp(const void *pa, const void *pb)
{
	return strcmp(((const struct order_sum *)pa)->ref, ((const struct order_sum *)pb)->ref);
}

static void add_parts(struct ctx *x, struct rule_conflict *c, const struct entity_meta *m,
		      const char *ref, bool blocked)
{
	enum { MAXN = 32 };
	struct rid ids[MAXN];
	int n = store_find_by_field(x->st, m->ent, "pesanan", ref, NULL, ids, MAXN);
	/* In id order, not the order rows arrived here: every office holding the
	 * same ops lists the same conflict. */
	for (int a = 0; a + 1 < n; a++)
		for (int k = a + 1; k < n; k++)
			if (memcmp(ids[k].b, ids[a].b, 16) < 0) {
				struct rid t = ids[a];
				ids[a] = ids[k];
				ids[k] = t;
			}
	for (int i = 0; i < n; i++)
		conflict_add(c, m, &ids[i], blocked, false);
}

struct stock {
	char *office, *item;
	int64_t n;
};

struct stocks {
	struct stock *v;
	size_t n;
};

struct stock_pass {
	struct stocks *s;
	const char *item;
	int64_t mul;
	bool deliveries;
};

static bool stock_row(const char *const *v, int64_t count, const int64_t *sums, void *arg)
{
	(void)count;
	struct stock_pass *p = arg;
	if (!v[0])
		return true;
	int64_t n = (p->deliveries ? sums[0] - sums[1] : sums[0]) * p->mul;
	for (size_t i = 0; i < p->s->n; i++)
		if (str_eq(p->s->v[i].office, v[0]) && str_eq(p->s->v[i].item, p->item)) {
			p->s->v[i].n += n;
			return true;
		}
	p->s->v = xrealloc(p->s->v, (p->s->n + 1) * sizeof(*p->s->v));
	p->s->v[p->s->n++] = (struct stock){ xstrdup(v[0]), xstrdup(p->item), n };
	return true;
}

static bool apd_rules(struct ctx *x, struct err *e)
{
	static const char *const got[] = { "jumlah_diterima", "jumlah_ditolak", NULL };
	static const char *const paid[] = { "jumlah", NULL };
	struct order_sums o = { NULL, 0, false };
	struct agg_query q = { &entity_apd_penerimaan, "pesanan", got, NULL, 0 };
	if (!store_aggregate(x->st, &q, order_sum_row, &o, e))
		return false;
	o.payments = true;
	struct agg_query qb = { &entity_apd_bayar, "pesanan", paid, NULL, 0 };
	if (!store_aggregate(x->st, &qb, order_sum_row, &o, e))
		return false;
	if (o.n)
		qsort(o.v, o.n, sizeof(*o.v), order_sum_cmp);
	for (size_t i = 0; i < o.n; i++) {
		struct record r;
		if (!ref_get(x->st, o.v[i].ref, &r) || str_eq(record_get(&r, FIELD_DELETED), "1")) {
			if (!rid_is_zero(&r.id))
				record_release(&r);
			free(o.v[i].ref);
			continue;
		}
		int64_t ordered = num(record_get(&r, "jumlah"));
		int64_t accepted = o.v[i].received - o.v[i].rejected;
		int64_t owed = accepted * num(record_get(&r, "harga_satuan"));
		if (accepted > ordered) {
			struct rule_conflict c = { .kind = RULE_APD_DELIVERED };
			c.what = xasprintf(_("%lld accepted on an order of %lld"), (long long)accepted,
					   (long long)ordered);
			c.todo = xstrdup(_("correct or delete the deliveries that were recorded twice,"
					   " or raise the quantity ordered; no payment is made on the"
					   " order meanwhile"));
			conflict_add(&c, &meta_apd_pesanan, &r.id, true, false);
			add_parts(x, &c, &meta_apd_penerimaan, o.v[i].ref, false);
			conflict_emit(x, &c);
		}
		if (o.v[i].paid > owed) {
			char a[MONEY_BUFSZ], b[MONEY_BUFSZ];
			struct rule_conflict c = { .kind = RULE_APD_PAID };
			c.what = xasprintf(_("%s paid where %s is owed"),
					   money_format(o.v[i].paid, a, sizeof(a)),
					   money_format(owed, b, sizeof(b)));
			c.todo = xstrdup(_("delete the payment recorded twice (and ask the producer"
					   " to return what was paid over), or correct the deliveries"));
			conflict_add(&c, &meta_apd_pesanan, &r.id, true, false);
			add_parts(x, &c, &meta_apd_bayar, o.v[i].ref, false);
			conflict_emit(x, &c);
		}
		record_release(&r);
		free(o.v[i].ref);
	}
	free(o.v);

	/* Stock per office and item: accepted deliveries less distributions
	 * (a package counts its items). */
	struct stocks s = { NULL, 0 };
	bool ok = true;
	for (size_t it = 0; ok && it < apd_item_count(); it++) {
		const char *item = apd_item_name(it);
		for (int pass = 0; ok && pass < 3; pass++) {
			/* 0: accepted; 1: distributed as the item; 2: as packages. */
			static const char *const group[] = { "kantor", NULL };
			struct agg_where w = { "barang", "=", pass == 2 ? APD_PAKET : item };
			struct agg_query qs = { pass ? &entity_apd_penyaluran : &entity_apd_penerimaan,
						NULL, pass ? paid : got, &w, 1 };
			struct stock_pass a = { &s, item, pass == 0 ? 1 : pass == 1 ? -1
								: -apd_package_qty(item), pass == 0 };
			ok = store_aggregate_by(x->st, &qs, group, stock_row, &a, e);
		}
	}
	for (size_t i = 0; ok && i < s.n; i++) {
		if (s.v[i].n < 0) {
			char *name = store_region_name(x->st, s.v[i].office);
			struct rule_conflict c = { .kind = RULE_APD_STOCK };
			c.what = xasprintf(_("the stock of %s at %s (%s) is %lld"), s.v[i].item,
					   name ? name : "?", s.v[i].office, (long long)s.v[i].n);
			c.todo = xstrdup(_("record the missing delivery at this office, or correct"
					   " or delete a distribution recorded twice"));
			free(name);
			conflict_emit(x, &c);
		}
	}
	for (size_t i = 0; i < s.n; i++) {
		free(s.v[i].office);
		free(s.v[i].item);
	}
	free(s.v);
	return ok;
}

/* ---- two outcomes of one rank (disetujui and ditolak) ---- */

struct outcome {
	struct rid id;
	char *a, *b;          /* the two outcomes */
	char *who_a, *who_b;  /* their offices */
};

struct outcomes {
	const struct entity_meta *m;
	struct outcome *v;
	size_t n;
};

static void outcome_heads(const struct rid *id, const struct conflict_side *sides, size_t n,
			  void *arg)
{
	struct outcomes *o = arg;
	int top = 0;
	for (size_t i = 0; i < n; i++)
		if (rules_state_rank(o->m, sides[i].value) > top)
			top = rules_state_rank(o->m, sides[i].value);
	const struct conflict_side *a = NULL, *b = NULL;
	for (size_t i = n; i-- > 0;) /* oldest first */
		if (top > 0 && rules_state_rank(o->m, sides[i].value) == top) {
			if (!a)
				a = &sides[i];
			else if (!b && !str_eq(sides[i].value, a->value))
				b = &sides[i];
		}
	if (!b)
		return;
	o->v = xrealloc(o->v, (o->n + 1) * sizeof(*o->v));
	o->v[o->n++] = (struct outcome){ *id, xstrdup(a->value), xstrdup(b->value),
					 dup0(a->office), dup0(b->office) };
}

static bool same_rank(struct ctx *x, const struct entity_meta *m, struct err *e)
{
	struct outcomes o = { m, NULL, 0 };
	bool ok = store_field_heads_each(x->st, m->ent, m->status_field, outcome_heads, &o, e) >= 0;
	for (size_t i = 0; i < o.n; i++) {
		struct outcome *v = &o.v[i];
		struct record r;
		if (ok && store_get(x->st, m->ent, &v->id, &r, NULL)) {
			if (!str_eq(record_get(&r, FIELD_DELETED), "1")) {
				struct rule_conflict c = { .kind = RULE_SAME_RANK };
				const char *held = record_get(&r, m->status_field);
				c.what = xasprintf(_("%s (office %s) and %s (office %s) at once; %s holds"
						     " meanwhile"), v->a, v->who_a ? v->who_a : "-", v->b,
						   v->who_b ? v->who_b : "-", held ? held : "-");
				c.todo = xasprintf(_("the deciding office decides once more: bantu conflicts"
						     " resolve %s RECORD %s %s keeps it; for the other"
						     " outcome edit the record"), m->ent->name,
						   m->status_field, held ? held : "-");
				conflict_add(&c, m, &v->id, true, true);
				conflict_emit(x, &c);
			}
			record_release(&r);
		}
		free(v->a);
		free(v->b);
		free(v->who_a);
		free(v->who_b);
	}
	free(o.v);
	return ok;
}

/* ---- the list ---- */

int invariants_each(struct store *st, rule_conflict_fn fn, void *arg, struct err *e)
{
	struct ctx x = { st, fn, arg, 0 };
	bool ok = stimulus_rules_all(&x, e) && class_rules(&x, e) &&
		  once_per_key(&x, &meta_prakerja, "nik", RULE_REFERRAL_ONCE, e) &&
		  once_per_key(&x, &meta_warung_laporan, "kunci", RULE_REPORT_ONCE, e) &&
		  apd_rules(&x, e) && same_rank(&x, &meta_stimulus, e) &&
		  same_rank(&x, &meta_prakerja, e);
	return ok ? x.count : -1;
}

struct blocked {
	const struct entity_def *ent;
	struct rid *v;
	int n;
};

static void collect_blocked(const struct rule_conflict *c, void *arg)
{
	struct blocked *b = arg;
	for (size_t i = 0; i < c->nrecords; i++)
		if (c->records[i].blocked && c->records[i].m->ent == b->ent) {
			b->v = xrealloc(b->v, (size_t)(b->n + 1) * sizeof(*b->v));
			b->v[b->n++] = c->records[i].id;
		}
}

static int rid_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 16);
}

int invariants_blocked(struct store *st, const struct entity_def *ent, struct rid **out,
		       struct err *e)
{
	struct blocked b = { ent, NULL, 0 };
	struct ctx x = { st, collect_blocked, &b, 0 };
	bool ok;
	if (ent == &entity_stimulus)
		ok = stimulus_rules_all(&x, e) && same_rank(&x, &meta_stimulus, e);
	else if (ent == &entity_apd_pesanan)
		ok = apd_rules(&x, e);
	else
		ok = invariants_each(st, collect_blocked, &b, e) >= 0;
	if (!ok) {
		free(b.v);
		*out = NULL;
		return -1;
	}
	if (b.n)
		qsort(b.v, (size_t)b.n, sizeof(*b.v), rid_cmp);
	*out = b.v;
	return b.n;
}

bool invariants_in(const struct rid *v, int n, const struct rid *id)
{
	return n > 0 && bsearch(id, v, (size_t)n, sizeof(*v), rid_cmp) != NULL;
}
