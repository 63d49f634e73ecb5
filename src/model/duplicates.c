/* duplicates.c - the review of businesses registered twice. */
#include "model/duplicates.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>

#include "core/i18n.h"
#include "model/auth.h"

#define DECISION_DISTINCT "berbeda"
#define DECISION_MERGED "digabung"

/* The words of a name, lower case, without the words every business name has. */
static size_t name_words(const char *name, char words[][32], size_t max)
{
	static const char *const common[] = { "usaha", "toko", "warung", "ud", "cv", "pt", "bu",
					      "pak", "ibu", "bapak", "dan", "&", NULL };
	size_t n = 0;
	char w[32];
	size_t len = 0;
	for (const char *p = name ? name : "";; p++) {
		unsigned char c = (unsigned char)*p;
		if (c && (isalnum(c) || c >= 0x80)) {
			if (len < sizeof(w) - 1)
				w[len++] = (char)tolower(c);
			continue;
		}
		if (len) {
			w[len] = '\0';
			bool skip = false;
			for (size_t i = 0; common[i] && !skip; i++)
				skip = str_eq(w, common[i]);
			if (!skip && n < max)
				str_copy(words[n++], w, 32);
			len = 0;
		}
		if (!c)
			break;
	}
	return n;
}

bool dup_names_similar(const char *a, const char *b)
{
	char wa[16][32], wb[16][32];
	size_t na = name_words(a, wa, 16), nb = name_words(b, wb, 16);
	if (!na || !nb)
		return na == nb;
	/* Half of the shorter name's words in the other, a word matching on its first
	 * four letters ("Makmur" and "Makmoer" are not caught; "Sri" and "Sri's" are). */
	size_t shared = 0;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (strncmp(wa[i], wb[j], 4) == 0) {
				shared++;
				break;
			}
	size_t shorter = na < nb ? na : nb;
	return shared * 2 >= shorter;
}

/* The registering office of a record: the part of its reg_no before "-X-". */
static void reg_office(const struct record *r, char out[24])
{
	const char *reg = record_get(r, FIELD_REG_NO);
	out[0] = '\0';
	if (!reg)
		return;
	const char *dash = strchr(reg, '-');
	size_t n = dash ? (size_t)(dash - reg) : strlen(reg);
	if (n > 23)
		n = 23;
	memcpy(out, reg, n);
	out[n] = '\0';
}

/* The id of the decision record of a pair: the same whichever way round. */
static struct rid pair_id(const struct entity_def *ent, const struct rid *a, const struct rid *b)
{
	const struct rid *lo = memcmp(a->b, b->b, 16) < 0 ? a : b;
	const struct rid *hi = lo == a ? b : a;
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 16);
	crypto_generichash_update(&h, (const uint8_t *)ent->name, strlen(ent->name));
	crypto_generichash_update(&h, lo->b, 16);
	crypto_generichash_update(&h, hi->b, 16);
	struct rid id;
	crypto_generichash_final(&h, id.b, 16);
	return id;
}

static bool decided(struct store *st, const struct entity_def *ent, const struct rid *a,
		    const struct rid *b)
{
	struct rid id = pair_id(ent, a, b);
	struct record r;
	if (!store_get(st, &entity_duplikat, &id, &r, NULL))
		return false;
	bool yes = record_get(&r, "keputusan") && !record_get(&r, FIELD_DELETED);
	record_release(&r);
	return yes;
}

struct lister {
	struct store *st;
	void (*fn)(const struct dup_pair *p, void *arg);
	void *arg;
	int count;
};

static bool consider(const struct rid *a, const struct rid *b, void *arg)
{
	struct lister *l = arg;
	struct record ra, rb;
	if (!store_get(l->st, &entity_umkm, a, &ra, NULL))
		return true;
	if (!store_get(l->st, &entity_umkm, b, &rb, NULL)) {
		record_release(&ra);
		return true;
	}
	char oa[24], ob[24];
	reg_office(&ra, oa);
	reg_office(&rb, ob);
	if (!str_eq(oa, ob) && dup_names_similar(record_get(&ra, "nama_usaha"),
						 record_get(&rb, "nama_usaha")) &&
	    !decided(l->st, &entity_umkm, a, b)) {
		l->count++;
		if (l->fn) {
			struct dup_pair p = { &meta_umkm, *a, *b, &ra, &rb };
			l->fn(&p, l->arg);
		}
	}
	record_release(&ra);
	record_release(&rb);
	return true;
}

int dup_list(struct store *st, void (*fn)(const struct dup_pair *p, void *arg), void *arg,
	     struct err *e)
{
	struct lister l = { st, fn, arg, 0 };
	if (!store_same_value_pairs(st, &entity_umkm, "nik", consider, &l, e))
		return -1;
	return l.count;
}

static bool write_decision(struct store *st, const struct entity_meta *m, const struct rid *a,
			   const struct rid *b, const char *decision, const char *officer,
			   struct err *e)
{
	struct record d;
	record_init(&d, &entity_duplikat);
	d.id = pair_id(m->ent, a, b);
	/* The pair in id order, whichever was kept: two offices deciding on one
	 * pair write the same values (which one was kept is merged_into's). */
	if (memcmp(a->b, b->b, 16) > 0) {
		const struct rid *x = a;
		a = b;
		b = x;
	}
	char ha[RID_HEX], hb[RID_HEX];
	rid_to_hex(a, ha);
	rid_to_hex(b, hb);
	struct record cur;
	if (store_get(st, &entity_duplikat, &d.id, &cur, NULL)) {
		record_release(&d);
		d = cur;
	}
	record_set(&d, "entitas", m->ent->name);
	record_set(&d, "data_a", ha);
	record_set(&d, "data_b", hb);
	record_set(&d, "keputusan", decision);
	record_set(&d, FIELD_DELETED, NULL);
	bool ok = store_save(st, &d, officer, e) >= 0;
	record_release(&d);
	return ok;
}

bool dup_merge(struct store *st, const struct entity_meta *m, const struct rid *keep,
	       const struct rid *drop, const char *officer, struct err *e)
{
	if (!auth_require(st, officer, AUTH_ADMIN, e))
		return false;
	if (memcmp(keep->b, drop->b, 16) == 0)
		return err_set(e, 1, _("a record cannot be merged into itself"));
	struct record k, d;
	if (!store_get(st, m->ent, keep, &k, e))
		return false;
	if (!store_get(st, m->ent, drop, &d, e)) {
		record_release(&k);
		return false;
	}
	bool ok = !record_get(&k, FIELD_MERGED_INTO) ||
		  err_set(e, 1, _("the record to keep was itself merged into another"));
	if (ok && store_begin(st, e)) {
		char hex[RID_HEX];
		rid_to_hex(keep, hex);
		record_set(&d, FIELD_MERGED_INTO, hex);
		ok = store_save(st, &d, officer, e) >= 0 &&
		     write_decision(st, m, keep, drop, DECISION_MERGED, officer, e);
		if (ok)
			ok = store_commit(st, e);
		else
			store_rollback(st);
	} else {
		ok = false;
	}
	record_release(&k);
	record_release(&d);
	return ok;
}

bool dup_distinct(struct store *st, const struct entity_meta *m, const struct rid *a,
		  const struct rid *b, const char *officer, struct err *e)
{
	if (!auth_require(st, officer, AUTH_ADMIN, e) || !store_begin(st, e))
		return false;
	if (!write_decision(st, m, a, b, DECISION_DISTINCT, officer, e)) {
		store_rollback(st);
		return false;
	}
	return store_commit(st, e);
}

struct rid dup_survivor(struct store *st, const struct entity_def *ent, const struct rid *id)
{
	struct rid seen[64];
	size_t n = 0;
	struct rid cur = *id;
	while (n < ARRAY_SIZE(seen)) {
		for (size_t i = 0; i < n; i++) {
			if (memcmp(seen[i].b, cur.b, 16) != 0)
				continue;
			/* A cycle (two offices merged each way): its smallest id survives. */
			struct rid best = seen[i];
			for (size_t j = i + 1; j < n; j++)
				if (memcmp(seen[j].b, best.b, 16) < 0)
					best = seen[j];
			return best;
		}
		seen[n++] = cur;
		struct record r;
		if (!store_get(st, ent, &cur, &r, NULL))
			return cur;
		const char *next = record_get(&r, FIELD_MERGED_INTO);
		struct rid nx;
		bool go = next && rid_from_hex(next, &nx);
		record_release(&r);
		if (!go)
			return cur;
		cur = nx;
	}
	return cur;
}
