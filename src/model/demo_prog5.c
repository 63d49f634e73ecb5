/* demo_prog5.c - demo stimulus applications and prakerja referrals (see demo_prog5.h). */
#include "model/demo_prog5.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/format.h"

#include "model/prog_prakerja.h"
#include "model/prog_stimulus.h"

#define MAX_BUSINESSES 400

struct pick {
	const struct entity_def *ent;
	struct rid ids[MAX_BUSINESSES];
	int n;
};

static bool collect(const struct record *rec, void *arg)
{
	struct pick *p = arg;
	p->ids[p->n++] = rec->id;
	return p->n < MAX_BUSINESSES;
}

static uint64_t next(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

/* A demo date, or today when it would be in the future (a clock set early, or
 * BANTU_TODAY in tests): dates of decisions and payments are never ahead. */
static const char *no_later_than_today(const char *iso)
{
	static char today[DATE_BUFSZ];
	struct date d = date_today();
	date_format_iso(&d, today, sizeof(today));
	return strcmp(iso, today) > 0 ? today : iso;
}

static const char *const banks[] = { "BRI", "Bank Lampung", "BNI", "Mandiri", "BSI" };

/* Saves rec (warnings accepted); false with e when refused. */
static bool save(struct store *st, const struct entity_meta *m, struct record *rec,
		 const char *officer, struct err *e)
{
	struct issues is = { 0 };
	enum save_result r = registry_save(st, m, rec, officer, true, &is, e);
	if (r == SAVE_INVALID)
		err_set(e, 1, "demo %s: %s", m->ent->name, is.n ? is.v[0].msg : "?");
	issues_release(&is);
	return r >= 0;
}

/* One application of business ref, taken as far as state `steps` (0..4). */
static bool make_stimulus(struct store *st, const char *ref, const struct record *b,
			  int steps, uint64_t *rng, const char *officer, long *made, struct err *e)
{
	struct record rec;
	registry_new(st, &meta_stimulus, &rec);
	record_set(&rec, "penerima", ref);
	record_set(&rec, "tanggal_pengajuan", no_later_than_today("2020-05-04"));
	int64_t asked = (int64_t)(1 + next(rng) % 5) * 500000;
	char v[32];
	snprintf(v, sizeof(v), "%lld", (long long)asked);
	record_set(&rec, "jumlah_diajukan", v);
	record_set(&rec, "kelayakan", NULL);
	const char *owner = record_get(b, b->ent == &entity_umkm ? "nama_pemilik" : "ketua");
	record_set(&rec, "bank", banks[next(rng) % ARRAY_SIZE(banks)]);
	snprintf(v, sizeof(v), "%010llu", (unsigned long long)(next(rng) % 10000000000ULL));
	record_set(&rec, "nomor_rekening", v);
	record_set(&rec, "nama_rekening", owner);
	bool ok = true;
	struct err ignore = { 0 };
	/* A second application for one person is refused by the rules: skip it. */
	if (!save(st, &meta_stimulus, &rec, officer, &ignore))
		goto out;
	++*made;
	if (steps >= 1) {
		/* every item of the checklist: the form's numbers 1..n */
		const struct field_meta *f = registry_field(&meta_stimulus, "kelayakan");
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; f->choices[i].value; i++)
			strbuf_addf(&sb, "%s%s", i ? ";" : "", f->choices[i].value);
		record_set(&rec, "kelayakan", sb.buf);
		strbuf_release(&sb);
		record_set(&rec, "status", "diverifikasi");
		record_set(&rec, "tanggal_verifikasi", no_later_than_today("2020-05-11"));
		record_set(&rec, "catatan_kunjungan", "Usaha dikunjungi; pemilik ada di tempat");
		ok = save(st, &meta_stimulus, &rec, officer, e);
	}
	if (ok && steps >= 2 && stimulus_is_province(st)) {
		record_set(&rec, "tanggal_keputusan", no_later_than_today("2020-05-18"));
		if (steps == 3) {
			record_set(&rec, "status", "ditolak");
			record_set(&rec, "alasan_tolak", "Sudah menerima BPUM");
		} else {
			record_set(&rec, "status", "disetujui");
			snprintf(v, sizeof(v), "%lld", (long long)asked);
			record_set(&rec, "jumlah_disetujui", v);
		}
		struct issues is = { 0 };
		/* over the budget or a quota: it stays verified */
		if (registry_save(st, &meta_stimulus, &rec, officer, true, &is, e) == SAVE_ERROR)
			ok = false;
		issues_release(&is);
		if (ok && steps == 4 && str_eq(record_get(&rec, "status"), "disetujui")) {
			record_set(&rec, "status", "dicairkan");
			record_set(&rec, "cara_bayar", "transfer");
			record_set(&rec, "jumlah_dibayar", record_get(&rec, "jumlah_disetujui"));
			record_set(&rec, "tanggal_cair", no_later_than_today("2020-05-25"));
			snprintf(v, sizeof(v), "TRF-%06llu", (unsigned long long)(next(rng) % 1000000));
			record_set(&rec, "referensi_bayar", v);
			ok = save(st, &meta_stimulus, &rec, officer, e);
		}
	}
out:
	record_release(&rec);
	return ok;
}

static bool make_referral(struct store *st, const char *ref, uint64_t *rng, const char *officer,
			  struct rid *id, long *made)
{
	static const char *const reasons[] = { "usaha berhenti", "usaha tutup", "PHK", "lainnya" };
	struct record rec;
	registry_new(st, &meta_prakerja, &rec);
	record_set(&rec, "penerima", ref);
	record_set(&rec, "alasan", reasons[next(rng) % ARRAY_SIZE(reasons)]);
	record_set(&rec, "tanggal_rujukan", no_later_than_today("2020-05-06"));
	struct err e = { 0 };
	bool ok = save(st, &meta_prakerja, &rec, officer, &e); /* under 18, twice: skipped */
	if (ok) {
		*id = rec.id;
		++*made;
	}
	record_release(&rec);
	return ok;
}

long demo_prog5(struct store *st, uint64_t seed, const char *officer, struct err *e)
{
	/* A district's demo stays the registry alone: the programs' records come to
	 * it from the province through sync. */
	if (!stimulus_is_province(st))
		return 0;
	struct pick *u = xcalloc(1, sizeof(*u)), *k = xcalloc(1, sizeof(*k));
	long made = 0;
	uint64_t rng = seed ^ 0x70726f6735ULL;
	bool ok = store_each(st, &entity_umkm, false, collect, u, e) &&
		  store_each(st, &entity_koperasi, false, collect, k, e);
	if (!ok)
		goto out;
	/* Each save is its own transaction: a save the rules refuse (a second
	 * application for one NIK, an approval over the budget) is skipped. */
	/* Stimulus: about a third of the businesses apply. */
	for (int i = 0; ok && i < u->n + k->n; i++) {
		if (next(&rng) % 3)
			continue;
		bool is_u = i < u->n;
		const struct entity_meta *m = is_u ? &meta_umkm : &meta_koperasi;
		const struct rid *id = is_u ? &u->ids[i] : &k->ids[i - u->n];
		struct record b;
		if (!store_get(st, m->ent, id, &b, e)) {
			ok = false;
			break;
		}
		char *ref = ref_make(m, id);
		ok = make_stimulus(st, ref, &b, (int)(next(&rng) % 5), &rng, officer, &made, e);
		free(ref);
		record_release(&b);
	}
	/* Prakerja: owners whose business stopped; every fourth UMKM here. */
	struct rid batch[64];
	size_t nb = 0;
	for (int i = 0; ok && i < u->n; i++) {
		if (next(&rng) % 4)
			continue;
		char *ref = ref_make(&meta_umkm, &u->ids[i]);
		struct rid id;
		if (make_referral(st, ref, &rng, officer, &id, &made) && nb < ARRAY_SIZE(batch) &&
		    next(&rng) % 2)
			batch[nb++] = id;
		free(ref);
	}
	if (ok && nb && prakerja_forward(st, batch, nb, DEMO_PRAKERJA_LETTER, "2020-05-20", officer,
					 e) < 0)
		ok = false;
	/* Disnaker's answers for some: registered, then accepted (a card) or refused. */
	for (size_t i = 0; ok && i < nb; i += 2) {
		struct record rec;
		if (!store_get(st, &entity_prakerja, &batch[i], &rec, e)) {
			ok = false;
			break;
		}
		record_set(&rec, "status", "terdaftar");
		ok = save(st, &meta_prakerja, &rec, officer, e);
		if (ok && i % 4 == 0) {
			char card[32];
			snprintf(card, sizeof(card), "KP-%08llu", (unsigned long long)(next(&rng) % 100000000));
			record_set(&rec, "status", "diterima");
			record_set(&rec, "nomor_kartu", card);
			record_set(&rec, "gelombang", "3");
			ok = save(st, &meta_prakerja, &rec, officer, e);
		} else if (ok && i % 8 == 2) {
			record_set(&rec, "status", "ditolak");
			record_set(&rec, "alasan_tolak", "Kuota gelombang penuh");
			ok = save(st, &meta_prakerja, &rec, officer, e);
		}
		record_release(&rec);
	}
out:
	free(u);
	free(k);
	return ok ? made : -1;
}
