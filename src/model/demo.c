/* demo.c - synthetic UMKM and koperasi (`bantu demo`): see demo.h. */
#include "model/demo.h"
#include "model/demo_prog6.h"
#include "model/demo_prog5.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/format.h"
#include "core/i18n.h"
#include "model/prog4.h"
#include "model/auth.h"
#include "model/region.h"
#include "model/registry.h"
#include "model/validate.h"
#include "store/region.h"

#define BATCH 10000        /* records per transaction */
#define PROGRESS_EVERY 1000
#define OWNER_RING 256     /* recent owners a second business may belong to */

/* ---- the generator: splitmix64 seeds xoshiro256** ------------------------- */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* 0 <= x < n (n > 0), by multiply-shift (bias below 2^-32, irrelevant here). */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* lo <= x <= hi */
static long rng_range(struct rng *r, long lo, long hi)
{
	return lo + (long)rng_below(r, (uint32_t)(hi - lo + 1));
}

/* [0, 1) */
static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static bool rng_chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}

#define PICK(r, a) ((a)[rng_below((r), (uint32_t)ARRAY_SIZE(a))])

/* Index by weights (w[0..n), sum > 0). */
static size_t rng_weighted(struct rng *r, const int *w, size_t n)
{
	long sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += w[i];
	long x = rng_range(r, 0, sum - 1);
	for (size_t i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* ---- people --------------------------------------------------------------- */

/* Javanese (the largest group in Lampung's transmigration areas and most of
 * Sumatra's towns), Sundanese, Sumatran Malay / Lampung / Palembang, Balinese
 * (transmigrant villages), and Batak, Minang and Chinese-Indonesian names. */
static const char *const jawa_m[] = {
	"Budi", "Agus", "Bambang", "Joko", "Slamet", "Sugeng", "Suparman", "Sutrisno", "Eko",
	"Dwi", "Heru", "Hadi", "Teguh", "Wahyu", "Yudi", "Bayu", "Rudi", "Sigit", "Purnomo",
	"Suyanto", "Sukirman", "Paijo", "Tukiman", "Sarno", "Warsito", "Gunawan", "Haryanto",
	"Subagyo", "Wagiman", "Puji", "Ari", "Nur", "Dedi", "Andi", "Wawan", "Edi", "Tri",
	"Ahmad", "Muhammad", "Rahmat", "Sumadi", "Jumadi", "Kusnadi", "Wiji",
};
static const char *const jawa_m2[] = {
	"Santoso", "Prasetyo", "Wibowo", "Susanto", "Setiawan", "Nugroho", "Hidayat", "Purnomo",
	"Saputra", "Kurniawan", "Wijaya", "Hartono", "Sudarsono", "Sulistyo", "Widodo", "Raharjo",
	"Utomo", "Pramono", "Suharto", "Haryono", "Riyadi", "Firmansyah", "Hermawan", "Syahputra",
	"Triyono", "Sutanto", "Priyanto", "Suprapto", "Budiman", "Susilo", "Sugiarto", "Wahono",
};
static const char *const jawa_f[] = {
	"Sri", "Siti", "Sumarni", "Suparmi", "Tri", "Dwi", "Endang", "Wahyu", "Rini", "Yuni",
	"Eni", "Sulastri", "Sumiati", "Tukinah", "Lestari", "Ratna", "Dewi", "Nur", "Puji", "Ani",
	"Yanti", "Suharti", "Kasmini", "Sarinah", "Ngatini", "Sutini", "Wartini", "Tumini",
	"Indah", "Fitri", "Winarti", "Umi", "Rukmini", "Painem",
};
static const char *const jawa_f2[] = {
	"Wahyuni", "Rahayu", "Lestari", "Handayani", "Aminah", "Sulistyowati", "Purwanti",
	"Astuti", "Suryani", "Susanti", "Kurniasih", "Setyowati", "Wulandari", "Rahmawati",
	"Mulyani", "Hartati", "Ningsih", "Maryani", "Sumarni", "Fatimah", "Nurhayati", "Utami",
	"Yuliani", "Pratiwi", "Widiastuti", "Suprihatin", "Rahmadani", "Anggraini",
};
static const char *const sunda_m[] = {
	"Asep", "Dede", "Ujang", "Cecep", "Dadang", "Iwan", "Yayat", "Deden", "Acep", "Ade",
	"Usep", "Jajang", "Engkus", "Maman", "Ruhiyat", "Endang", "Aep",
};
static const char *const sunda_m2[] = {
	"Saepudin", "Sunarya", "Hidayat", "Supriatna", "Kurnia", "Permana", "Suhendar",
	"Rusmana", "Sopian", "Gunawan", "Sudrajat", "Mulyana", "Nugraha", "Ruhimat", "Sobari",
};
static const char *const sunda_f[] = {
	"Euis", "Neneng", "Enung", "Imas", "Iis", "Cucu", "Yeni", "Eneng", "Nining", "Entin",
	"Rina", "Lilis", "Tati", "Ai", "Elis",
};
static const char *const sunda_f2[] = {
	"Komariah", "Rohaeti", "Nurhasanah", "Kurniasih", "Sumiati", "Rohmah", "Sartika",
	"Mulyasari", "Rosita", "Karwati", "Hayati", "Nurjanah", "Juariah",
};
static const char *const melayu_m[] = {
	"Ahmad", "Muhammad", "Rahmat", "Zulkifli", "Zainal", "Herman", "Hendri", "Rizal",
	"Syahrial", "Ansori", "Hasan", "Usman", "Yusuf", "Ismail", "Fauzi", "Arief", "Syamsul",
	"Firdaus", "Erwin", "Mukhlis", "Heri", "Azhari", "Effendi", "Rusli", "Abdul", "Zulkarnain",
	"Ridwan", "Hamdani",
};
static const char *const melayu_m2[] = {
	"Hidayat", "Effendi", "Syahputra", "Ansyori", "Zulkarnain", "Hakim", "Rahman", "Yusuf",
	"Ibrahim", "Saleh", "Sanjaya", "Gumanti", "Pratama", "Fikri", "Aziz", "Hamzah",
	"Syarifuddin", "Harun", "Mansyur", "Asmara", "Perdana", "Marzuki", "Thohir", "Fahlevi",
	"Alamsyah", "Kesuma",
};
static const char *const melayu_f[] = {
	"Siti", "Nur", "Rosmala", "Rohani", "Zubaidah", "Nurhasanah", "Yulia", "Rita", "Erna",
	"Desi", "Lina", "Rosita", "Hartini", "Nova", "Maya", "Fitri", "Rahmah", "Khadijah",
	"Mariam", "Aisyah", "Yusnani", "Herlina",
};
static const char *const melayu_f2[] = {
	"Aminah", "Nurhayati", "Fatimah", "Zahara", "Hasanah", "Rosmiati", "Wati", "Suryani",
	"Yanti", "Marlina", "Juwita", "Safitri", "Mardiana", "Zuraida", "Hamidah", "Herlina",
	"Rahmawati", "Oktaviani", "Novita",
};
/* Balinese: I (men) / Ni (women), then the birth-order name, then the given name. */
static const char *const bali_order_m[] = {
	"Wayan", "Gede", "Putu", "Made", "Kadek", "Nyoman", "Komang", "Ketut",
};
static const char *const bali_order_f[] = {
	"Wayan", "Luh", "Putu", "Made", "Kadek", "Nyoman", "Komang", "Ketut",
};
static const char *const bali_m[] = {
	"Sudarsana", "Suardana", "Mertha", "Artawan", "Sukadana", "Budiarta", "Wiranata",
	"Suparta", "Arsana", "Darmawan", "Sujana", "Adnyana", "Sutama", "Wirawan", "Suarjana",
};
static const char *const bali_f[] = {
	"Suartini", "Sukerti", "Ariani", "Sriasih", "Sudiani", "Wartini", "Astiti", "Rusmini",
	"Mariani", "Sutarmi", "Juliantari", "Purnamasari", "Arini",
};
static const char *const lain_m[] = {
	"Hendra", "Darwin", "Benny", "Robert", "Hotman", "Afrizal", "Yusrizal", "Irwan",
	"Zulfahmi", "Syafrudin", "Hendrik", "Yohanes", "Antonius", "Martin",
};
static const char *const lain_f[] = {
	"Maria", "Rosmawati", "Lusiana", "Elvi", "Yusnidar", "Rosdiana", "Veronika", "Agustina",
	"Linda", "Erniwati", "Meiliana", "Susi",
};
static const char *const lain_2[] = {
	"Simanjuntak", "Siregar", "Nasution", "Harahap", "Lubis", "Sitorus", "Sihombing",
	"Panjaitan", "Tambunan", "Wijaya", "Gunawan", "Tanjung", "Chaniago", "Piliang", "Koto",
	"Halim", "Santoso",
};

#define LIST(a) a, ARRAY_SIZE(a)
struct ethnic {
	int weight;
	const char *const *m; size_t nm;
	const char *const *m2; size_t nm2;
	const char *const *f; size_t nf;
	const char *const *f2; size_t nf2;
	const char *hon_m, *hon_f, *young_m, *young_f; /* Pak/Bu, Mas/Mbak ... */
	bool muslim;      /* "H." / "Hj." for some older owners */
	bool balinese;
};

enum { ETH_JAWA, ETH_SUNDA, ETH_MELAYU, ETH_BALI, ETH_LAIN, ETH_N };
static const struct ethnic ethnic[ETH_N] = {
	[ETH_JAWA] = { 55, LIST(jawa_m), LIST(jawa_m2), LIST(jawa_f), LIST(jawa_f2),
		       "Pak", "Bu", "Mas", "Mbak", true, false },
	[ETH_SUNDA] = { 11, LIST(sunda_m), LIST(sunda_m2), LIST(sunda_f), LIST(sunda_f2),
			"Kang", "Teh", "Kang", "Teh", true, false },
	[ETH_MELAYU] = { 22, LIST(melayu_m), LIST(melayu_m2), LIST(melayu_f), LIST(melayu_f2),
			 "Pak", "Bu", "Bang", "Kak", true, false },
	[ETH_BALI] = { 5, LIST(bali_m), LIST(bali_m), LIST(bali_f), LIST(bali_f),
		       "Pak", "Bu", "Bli", "Mbok", false, true },
	[ETH_LAIN] = { 7, LIST(lain_m), LIST(lain_2), LIST(lain_f), LIST(lain_2),
		       "Pak", "Bu", "Bang", "Kak", false, false },
};

struct person {
	char name[96];
	char call[32];   /* what neighbours call them: "Sri", "Nyoman" */
	char hon[8];     /* "Bu", "Pak", "Teh" ... */
	char nik[17];
	bool female;
	char phone[20];
	int kec;         /* index in the region table */
};

static const char *pick_n(struct rng *r, const char *const *a, size_t n)
{
	return a[rng_below(r, (uint32_t)n)];
}

static void make_person(struct rng *r, struct person *p, bool female, int age)
{
	int ei;
	{
		int w[ETH_N];
		for (int i = 0; i < ETH_N; i++)
			w[i] = ethnic[i].weight;
		ei = (int)rng_weighted(r, w, ETH_N);
	}
	const struct ethnic *g = &ethnic[ei];
	p->female = female;
	str_copy(p->hon, age < 35 ? (female ? g->young_f : g->young_m) : (female ? g->hon_f : g->hon_m),
		 sizeof(p->hon));
	if (g->balinese) {
		const char *order = female ? PICK(r, bali_order_f) : PICK(r, bali_order_m);
		const char *given = female ? pick_n(r, g->f, g->nf) : pick_n(r, g->m, g->nm);
		snprintf(p->name, sizeof(p->name), "%s %s %s", female ? "Ni" : "I", order, given);
		str_copy(p->call, order, sizeof(p->call));
		return;
	}
	const char *first = female ? pick_n(r, g->f, g->nf) : pick_n(r, g->m, g->nm);
	const char *second = female ? pick_n(r, g->f2, g->nf2) : pick_n(r, g->m2, g->nm2);
	const char *haji = g->muslim && age >= 45 && rng_chance(r, 0.06) ? (female ? "Hj. " : "H. ") : "";
	if (ei == ETH_JAWA && rng_chance(r, 0.2)) {
		/* One name only, common among older Javanese. */
		snprintf(p->name, sizeof(p->name), "%s%s", haji, second);
		str_copy(p->call, second, sizeof(p->call));
		return;
	}
	for (int i = 0; strcmp(first, second) == 0 && i < 2; i++)
		second = female ? g->f2[i] : g->m2[i];
	snprintf(p->name, sizeof(p->name), "%s%s %s", haji, first, second);
	str_copy(p->call, first, sizeof(p->call));
	/* "Nur", "Tri", "Dwi", "Sri", "Siti" are seldom what people are called by. */
	if (str_eq(first, "Nur") || str_eq(first, "Tri") || str_eq(first, "Dwi") ||
	    str_eq(first, "Muhammad") || str_eq(first, "Abdul"))
		str_copy(p->call, second, sizeof(p->call));
}

/* ---- regions --------------------------------------------------------------- */

struct kec {
	char code[REGION_CODE_MAX];
	char nik6[7];
	char *name;
	int kab;
	size_t desa0, ndesa;   /* into regions.desa */
};

struct desa {
	char code[REGION_CODE_MAX];
	char *name;
	bool kelurahan;        /* Kemendagri: 1xxx kelurahan (town), 2xxx desa (village) */
};

struct kab {
	char code[REGION_CODE_MAX];
	char *short_name;      /* without "Kabupaten" / "Kota" */
	char *province;        /* the province's name */
	bool kota;
	size_t kec0, nkec;
};

struct regions {
	struct kab *kab; size_t nkab, capkab;
	struct kec *kec; size_t nkec, capkec;
	struct desa *desa; size_t ndesa, capdesa;
	double *cum;           /* cumulative weights over kab (those with kecamatan) */
	size_t *cum_kab;
	size_t ncum;
};

#define GROW(v, n, cap) do { \
	if ((n) == (cap)) { \
		(cap) = (cap) ? (cap) * 2 : 64; \
		(v) = xrealloc((v), (cap) * sizeof(*(v))); \
	} \
} while (0)

struct code_name {
	char code[REGION_CODE_MAX];
	char *name;
};
struct code_list {
	struct code_name *v;
	size_t n, cap;
};

static void collect(const char *code, const char *name, void *arg)
{
	struct code_list *l = arg;
	GROW(l->v, l->n, l->cap);
	str_copy(l->v[l->n].code, code, REGION_CODE_MAX);
	l->v[l->n].name = xstrdup(name ? name : code);
	l->n++;
}

static void code_list_reset(struct code_list *l)
{
	l->n = 0;
}

static void regions_release(struct regions *rg)
{
	for (size_t i = 0; i < rg->nkab; i++) {
		free(rg->kab[i].short_name);
		free(rg->kab[i].province);
	}
	for (size_t i = 0; i < rg->nkec; i++)
		free(rg->kec[i].name);
	for (size_t i = 0; i < rg->ndesa; i++)
		free(rg->desa[i].name);
	free(rg->kab);
	free(rg->kec);
	free(rg->desa);
	free(rg->cum);
	free(rg->cum_kab);
	memset(rg, 0, sizeof(*rg));
}

static const char *strip_prefix(const char *name, bool *kota)
{
	*kota = false;
	if (str_starts_with(name, "Kabupaten "))
		return name + 10;
	if (str_starts_with(name, "Kab. "))
		return name + 5;
	if (str_starts_with(name, "Kota ")) {
		*kota = true;
		return name + 5;
	}
	return name;
}

/* Loads every kabupaten/kota, its kecamatan and their desa once, and the weights. */
static bool regions_load(struct store *st, const struct config *cfg, struct regions *rg,
			 struct err *e)
{
	struct code_list kabs = { 0 }, kecs = { 0 }, desas = { 0 }, provs = { 0 };
	store_region_list(st, REGION_PROVINSI, NULL, "", INT_MAX, collect, &provs);
	store_region_list(st, REGION_KABKOTA, NULL, "", INT_MAX, collect, &kabs);
	/* A district office registers the businesses of its own kabupaten/kota. */
	const char *office = store_office_code(st);
	bool district = region_code_level(office) == REGION_KABKOTA;
	for (size_t i = 0; i < kabs.n; i++) {
		if (district && !str_eq(kabs.v[i].code, office))
			continue;
		code_list_reset(&kecs);
		store_region_list(st, REGION_KECAMATAN, kabs.v[i].code, "", INT_MAX, collect, &kecs);
		if (kecs.n == 0)
			continue;   /* nowhere to put a NIK's region */
		GROW(rg->kab, rg->nkab, rg->capkab);
		struct kab *k = &rg->kab[rg->nkab];
		str_copy(k->code, kabs.v[i].code, REGION_CODE_MAX);
		k->short_name = xstrdup(strip_prefix(kabs.v[i].name, &k->kota));
		k->province = NULL;
		char prov[REGION_CODE_MAX];
		if (region_parent_code(k->code, prov))
			for (size_t j = 0; j < provs.n; j++)
				if (str_eq(provs.v[j].code, prov))
					k->province = xstrdup(provs.v[j].name);
		if (!k->province)
			k->province = xstrdup(k->short_name);
		k->kec0 = rg->nkec;
		k->nkec = kecs.n;
		for (size_t j = 0; j < kecs.n; j++) {
			GROW(rg->kec, rg->nkec, rg->capkec);
			struct kec *c = &rg->kec[rg->nkec];
			str_copy(c->code, kecs.v[j].code, REGION_CODE_MAX);
			size_t d = 0;
			for (const char *p = c->code; *p && d < 6; p++)
				if (*p >= '0' && *p <= '9')
					c->nik6[d++] = *p;
			c->nik6[d] = '\0';
			c->name = kecs.v[j].name;
			kecs.v[j].name = NULL;
			c->kab = (int)rg->nkab;
			code_list_reset(&desas);
			store_region_list(st, REGION_DESA, c->code, "", INT_MAX, collect, &desas);
			c->desa0 = rg->ndesa;
			c->ndesa = desas.n;
			for (size_t m = 0; m < desas.n; m++) {
				GROW(rg->desa, rg->ndesa, rg->capdesa);
				struct desa *ds = &rg->desa[rg->ndesa++];
				str_copy(ds->code, desas.v[m].code, REGION_CODE_MAX);
				ds->name = desas.v[m].name;
				const char *last = strrchr(ds->code, '.');
				ds->kelurahan = last && last[1] == '1';
			}
			rg->nkec++;
		}
		rg->nkab++;
	}
	for (size_t i = 0; i < kabs.n; i++)
		free(kabs.v[i].name);
	for (size_t i = 0; i < provs.n; i++)
		free(provs.v[i].name);
	for (size_t i = 0; i < kecs.n; i++)
		free(kecs.v[i].name);
	free(kabs.v);
	free(kecs.v);
	free(desas.v);
	free(provs.v);
	if (rg->nkab == 0)
		return err_set(e, 1, _("no regions to put demo records in: the database has no "
				       "kecamatan; load the regions with 'bantu init'"));

	/* Weights: the configured population, else the average of the configured ones. */
	double *w = xcalloc(rg->nkab, sizeof(double));
	bool *given = xcalloc(rg->nkab, sizeof(bool));
	double sum = 0;
	size_t ngiven = 0;
	for (size_t i = 0; i < rg->nkab; i++) {
		const char *v = cfg ? config_map_get(cfg, "demo.weights", rg->kab[i].code) : NULL;
		if (v) {
			w[i] = strtod(v, NULL);
			given[i] = true;
			sum += w[i];
			ngiven++;
		}
	}
	double avg = ngiven ? sum / (double)ngiven : 1.0;
	if (ngiven && avg <= 0)
		avg = 0;
	rg->cum = xcalloc(rg->nkab, sizeof(double));
	rg->cum_kab = xcalloc(rg->nkab, sizeof(size_t));
	double acc = 0;
	for (size_t i = 0; i < rg->nkab; i++) {
		double wi = given[i] ? w[i] : avg;
		if (wi <= 0)
			continue;
		acc += wi;
		rg->cum[rg->ncum] = acc;
		rg->cum_kab[rg->ncum] = i;
		rg->ncum++;
	}
	free(w);
	free(given);
	if (rg->ncum == 0)
		return err_set(e, 2, _("demo.weights: every kabupaten/kota has weight 0; give at "
				       "least one a population"));
	return true;
}

static size_t pick_kab(struct rng *r, const struct regions *rg)
{
	double x = rng_unit(r) * rg->cum[rg->ncum - 1];
	size_t lo = 0, hi = rg->ncum - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (rg->cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return rg->cum_kab[lo];
}

/* ---- the registry's choices ------------------------------------------------ */

/* The registry's stored value of a choice (NULL when the registry lacks it). */
static const char *choice_value(const struct entity_meta *m, const char *field, const char *value)
{
	const struct field_meta *f = registry_field(m, field);
	if (!f || !f->choices)
		return NULL;
	for (size_t i = 0; f->choices[i].value; i++)
		if (str_eq(f->choices[i].value, value))
			return f->choices[i].value;
	return NULL;
}

/* ---- businesses ------------------------------------------------------------ */

enum tail {
	T_OWNER = 1,   /* "Bu Sri", "Pak Nyoman" */
	T_CALL = 2,    /* "Sri" */
	T_BRAND = 4,   /* "Berkah", "Maju Jaya" */
	T_PLACE = 8,   /* the kecamatan's or desa's name */
	T_KAB = 16,    /* the kabupaten/kota's name */
	T_PROV = 32,   /* the province's name and a brand: "Lampung Indah" */
};

/* A kind of business: its sector (registry value), KBLI 2020 code, name
 * starts (a leading '~' puts it after: "Berkah Cell"), the endings it takes,
 * and how common it is among affected UMKM. */
struct biz {
	const char *sektor;
	const char *kbli;
	const char *const *prefixes;
	unsigned tails;
	int weight;
};

#define P(...) (const char *const[]){ __VA_ARGS__, NULL }
static const struct biz bizzes[] = {
	{ "makanan dan minuman", "56102", P("Warung Makan", "Rumah Makan", "Warung Nasi",
	  "Warung Nasi Uduk", "Warung Pecel", "Pecel Lele", "Warung Soto", "Warung Padang",
	  "Nasi Goreng", "Warteg"), T_OWNER | T_BRAND | T_CALL, 14 },
	{ "makanan dan minuman", "56103", P("Bakso", "Mie Ayam", "Pempek", "Seblak",
	  "Ayam Geprek", "Sate", "Martabak", "Soto Ayam", "Bakso dan Mie Ayam"),
	  T_OWNER | T_BRAND | T_CALL, 8 },
	{ "makanan dan minuman", "56104", P("Gorengan", "Pecel Keliling", "Siomay", "Cilok",
	  "Es Cendol", "Kue Basah", "Es Tebu"), T_OWNER | T_CALL, 4 },
	{ "makanan dan minuman", "56303", P("Kedai Kopi", "Warung Kopi", "Kafe", "Kopi"),
	  T_BRAND | T_PLACE | T_CALL, 3 },
	{ "makanan dan minuman", "56210", P("Katering", "Dapur", "Catering"),
	  T_OWNER | T_BRAND, 3 },
	{ "makanan dan minuman", "10710", P("Roti", "Toko Kue", "Aneka Kue", "Bolu", "Donat",
	  "Kue Kering"), T_OWNER | T_BRAND | T_CALL, 4 },
	{ "makanan dan minuman", "10794", P("Keripik Pisang", "Keripik Singkong", "Kemplang",
	  "Kerupuk", "Keripik Tempe", "Rempeyek", "Keripik Nangka", "Kerupuk Kemplang"),
	  T_BRAND | T_OWNER | T_KAB | T_PLACE | T_PROV, 5 },
	{ "perdagangan", "47112", P("Toko Kelontong", "Warung Sembako", "Toko Sembako",
	  "Warung", "Toko", "Kios"), T_BRAND | T_OWNER | T_CALL, 16 },
	{ "perdagangan", "47111", P("Minimarket", "~Mart"), T_BRAND, 1 },
	{ "perdagangan", "47413", P("Konter Pulsa", "~Cell", "~Ponsel", "~Phone Cell"),
	  T_BRAND | T_CALL, 3 },
	{ "fesyen", "47711", P("Toko Pakaian", "Butik", "Toko Baju", "Distro"),
	  T_BRAND | T_CALL, 3 },
	{ "fesyen", "14111", P("Konveksi", "Garmen"), T_BRAND | T_CALL, 2 },
	{ "fesyen", "14120", P("Penjahit", "Jahit", "Modiste"), T_OWNER | T_CALL | T_BRAND, 3 },
	{ "fesyen", "13134", P("Batik"), T_PROV | T_BRAND | T_PLACE, 1 },
	{ "kerajinan", "13921", P("Tapis", "Sulam Usus", "Kain Tapis"),
	  T_PROV | T_BRAND | T_PLACE, 2 },
	{ "kerajinan", "16292", P("Kerajinan Bambu", "Anyaman Bambu", "Anyaman Rotan",
	  "Kerajinan Rotan"), T_BRAND | T_PLACE, 2 },
	{ "kerajinan", "31001", P("Mebel", "Meubel", "Furniture", "Mebel Jati"),
	  T_BRAND | T_CALL, 2 },
	{ "kerajinan", "32909", P("Kerajinan", "Souvenir", "Kerajinan Tangan", "Aksesoris"),
	  T_BRAND | T_PLACE, 2 },
	{ "pertanian", "01270", P("Kopi Robusta", "Kebun Kopi", "Kopi Petik Merah"),
	  T_PLACE | T_KAB | T_BRAND | T_OWNER, 3 },
	{ "pertanian", "01111", P("Tani", "Usaha Tani", "Kebun Jagung"), T_BRAND | T_OWNER, 2 },
	{ "pertanian", "01220", P("Kebun Pisang", "Pisang", "Kebun Buah", "Nanas"),
	  T_PLACE | T_OWNER | T_BRAND, 2 },
	{ "pertanian", "01133", P("Kebun Cabai", "Sayur Segar", "Kebun Sayur"),
	  T_OWNER | T_BRAND | T_PLACE, 2 },
	{ "perikanan", "03221", P("Budidaya Lele", "Kolam Lele", "Ikan Nila", "Budidaya Ikan",
	  "Lele"), T_OWNER | T_BRAND | T_PLACE, 3 },
	{ "perikanan", "03111", P("Nelayan", "Hasil Laut", "Ikan Segar"),
	  T_OWNER | T_BRAND | T_PLACE, 1 },
	{ "peternakan", "01461", P("Peternakan Ayam", "Ayam Potong", "Kandang Ayam"),
	  T_OWNER | T_BRAND | T_PLACE, 2 },
	{ "peternakan", "01462", P("Ayam Petelur", "Telur Ayam"), T_BRAND | T_OWNER, 1 },
	{ "peternakan", "01411", P("Ternak Sapi", "Peternakan Sapi", "Sapi Potong"),
	  T_OWNER | T_BRAND, 1 },
	{ "industri pengolahan", "10761", P("Kopi Bubuk", "Bubuk Kopi", "Kopi"),
	  T_KAB | T_PLACE | T_BRAND, 2 },
	{ "industri pengolahan", "10722", P("Gula Aren", "Gula Merah", "Gula Semut"),
	  T_PLACE | T_BRAND, 1 },
	{ "industri pengolahan", "10392", P("Tempe", "Pengrajin Tempe"),
	  T_OWNER | T_CALL | T_BRAND, 2 },
	{ "industri pengolahan", "10393", P("Tahu", "Pabrik Tahu"), T_OWNER | T_CALL | T_BRAND, 1 },
	{ "industri pengolahan", "11052", P("Depot Air Minum", "Air Isi Ulang", "Depot Air"),
	  T_BRAND, 2 },
	{ "industri pengolahan", "10794", P("Kemplang", "Kerupuk Ikan", "Kerupuk Kemplang"),
	  T_KAB | T_PLACE | T_BRAND, 2 },
	{ "jasa", "45407", P("Bengkel Motor", "Bengkel", "Servis Motor", "Tambal Ban"),
	  T_BRAND | T_CALL | T_OWNER, 5 },
	{ "jasa", "45201", P("Bengkel Mobil"), T_BRAND, 1 },
	{ "jasa", "96111", P("Pangkas Rambut", "Barbershop", "Cukur Rambut"), T_BRAND | T_CALL, 2 },
	{ "jasa", "96112", P("Salon", "Salon Kecantikan", "Rias Pengantin"),
	  T_OWNER | T_CALL | T_BRAND, 2 },
	{ "jasa", "96200", P("Laundry", "~Laundry", "Binatu"), T_BRAND | T_CALL, 2 },
	{ "jasa", "95120", P("Servis HP", "~Cell Service"), T_BRAND | T_CALL, 1 },
	{ "jasa", "82190", P("Fotokopi", "Fotocopy"), T_BRAND, 1 },
	{ "lainnya", "47919", P("Toko Online", "Olshop", "~Shop", "~Store"), T_BRAND | T_CALL, 2 },
};

static const char *const brand_a[] = {
	"Berkah", "Sumber", "Maju", "Sinar", "Mekar", "Cahaya", "Karya", "Sari", "Tunas", "Putra",
	"Putri", "Bintang", "Rezeki", "Mitra", "Harapan", "Dua", "Tiga", "Anugerah", "Sido",
	"Barokah", "Citra", "Mulya",
};
static const char *const brand_b[] = {
	"Jaya", "Makmur", "Abadi", "Sentosa", "Mandiri", "Lestari", "Indah", "Rasa", "Baru",
	"Utama", "Sejahtera", "Barokah", "Rezeki", "Sari", "Mulia", "Bersama", "Family", "Agung",
	"Muncul", "Rejeki", "Saudara", "Putri", "Berkah", "Mekar",
};
static const char *const brand_1[] = {
	"Berkah", "Barokah", "Jaya", "Sari Rasa", "Mandiri", "Sejahtera", "Lestari", "Amanah",
	"Al-Ikhlas", "Annisa", "Sederhana", "Murah Meriah", "Lancar", "Nikmat", "Mantap",
	"Sumber Rezeki", "Tiga Saudara", "Dua Putri", "Maju Jaya", "Berkah Jaya", "Rizki",
	"Kurnia", "Mulya", "Sakinah", "Barokah Jaya", "Sinar Jaya", "Al-Barokah", "Sumber Makmur",
	"Sri Rejeki", "Idola", "Kita", "Cemerlang", "Sumber Berkah", "Tunas Baru",
};

static void brand(struct rng *r, struct strbuf *sb)
{
	if (rng_chance(r, 0.55)) {
		strbuf_adds(sb, PICK(r, brand_1));
		return;
	}
	const char *a = PICK(r, brand_a);
	const char *b = PICK(r, brand_b);
	while (str_eq(a, b))
		b = PICK(r, brand_b);
	if (str_eq(a, "Dua") || str_eq(a, "Tiga"))
		b = rng_chance(r, 0.5) ? "Saudara" : "Putri";
	strbuf_addf(sb, "%s %s", a, b);
}

static const char *place_name(struct rng *r, const struct regions *rg, const struct kec *k,
			      int desa)
{
	if (desa >= 0 && rng_chance(r, 0.5))
		return rg->desa[desa].name;
	return k->name;
}

/* "Warung Makan Bu Sri", "Keripik Pisang Sari Rasa", "Kopi Robusta Balik Bukit",
 * "Berkah Cell", "Tapis Lampung Indah". */
static void biz_name(struct rng *r, const struct biz *b, const struct person *p,
		     const struct regions *rg, const struct kec *k, int desa, struct strbuf *sb)
{
	size_t np = 0;
	while (b->prefixes[np])
		np++;
	const char *prefix = b->prefixes[rng_below(r, (uint32_t)np)];
	unsigned opts[6];
	size_t n = 0;
	for (unsigned t = 1; t <= T_PROV; t <<= 1)
		if (b->tails & t)
			opts[n++] = t;
	unsigned tail = opts[rng_below(r, (uint32_t)n)];
	if (prefix[0] == '~')
		tail = rng_chance(r, 0.3) && (b->tails & T_CALL) ? T_CALL : T_BRAND;
	struct strbuf t = STRBUF_INIT;
	switch (tail) {
	case T_OWNER:
		strbuf_addf(&t, "%s %s", p->hon, p->call);
		break;
	case T_CALL:
		strbuf_adds(&t, p->call);
		break;
	case T_PLACE:
		strbuf_adds(&t, place_name(r, rg, k, desa));
		break;
	case T_KAB:
		strbuf_adds(&t, rg->kab[k->kab].short_name);
		break;
	case T_PROV:
		strbuf_addf(&t, "%s ", rg->kab[k->kab].province);
		brand(r, &t);
		break;
	default:
		brand(r, &t);
		break;
	}
	if (prefix[0] == '~')
		strbuf_addf(sb, "%s %s", t.buf, prefix + 1);
	else
		strbuf_addf(sb, "%s %s", prefix, t.buf);
	strbuf_release(&t);
}

/* ---- addresses, phones, numbers -------------------------------------------- */

static const char *const streets[] = {
	"Jenderal Sudirman", "Diponegoro", "Imam Bonjol", "Teuku Umar", "Kartini",
	"Pangeran Antasari", "Ahmad Yani", "Gatot Subroto", "Hasanuddin", "Cut Nyak Dien",
	"Pattimura", "Sultan Agung", "Ki Hajar Dewantara", "Pramuka", "Merdeka", "Veteran",
	"Pemuda", "Pahlawan", "Pasar", "Masjid", "Melati", "Mawar", "Anggrek", "Kenanga",
	"Flamboyan", "Cempaka", "Durian", "Mangga", "Rambutan", "Nangka", "Kemuning",
	"Soekarno-Hatta", "Wolter Monginsidi", "Dr. Sutomo", "Hayam Wuruk", "Gajah Mada",
	"Way Sekampung", "Way Halim", "Bougenville", "Cendana", "Sisingamangaraja",
};
static const char *const gangs[] = {
	"Mawar", "Melati", "Damai", "Sepakat", "Rukun", "Masjid", "Musholla", "Kelapa",
	"Swadaya", "Family", "Bersama", "Harapan",
};
static const char *const dusuns[] = {
	"Sukamaju", "Sidomulyo", "Karang Anyar", "Sumber Rejo", "Tanjung Sari", "Margo Mulyo",
	"Banjar Sari", "Krajan", "Sido Rejo", "Sumber Agung", "Purwodadi", "Sukajadi",
	"Talang Baru", "Way Kecil", "Pekon Tengah", "Bumi Ayu", "Suka Damai",
	"I", "II", "III", "IV", "V", "VI", "VII",
};

static void address(struct rng *r, const struct regions *rg, const struct kec *k, int desa,
		    struct strbuf *sb)
{
	bool town = rg->kab[k->kab].kota || (desa >= 0 && rg->desa[desa].kelurahan);
	if (town || rng_chance(r, 0.3)) {
		if (!town && desa >= 0 && rng_chance(r, 0.4))
			strbuf_addf(sb, "Jl. Raya %s No. %ld", rg->desa[desa].name, rng_range(r, 1, 120));
		else if (rng_chance(r, 0.2))
			strbuf_addf(sb, "Jl. %s Gg. %s No. %ld", PICK(r, streets), PICK(r, gangs),
				    rng_range(r, 1, 60));
		else
			strbuf_addf(sb, "Jl. %s No. %ld", PICK(r, streets), rng_range(r, 1, 250));
		if (!town && rng_chance(r, 0.5))
			strbuf_addf(sb, ", RT %03ld/RW %03ld", rng_range(r, 1, 12), rng_range(r, 1, 6));
		return;
	}
	strbuf_addf(sb, "Dusun %s, RT %03ld/RW %03ld", PICK(r, dusuns), rng_range(r, 1, 15),
		    rng_range(r, 1, 8));
}

/* Mobile prefixes (after the 0), roughly by operators' shares. */
static const struct { const char *p; int w; } phone_prefixes[] = {
	{ "811", 4 }, { "812", 12 }, { "813", 9 }, { "821", 10 }, { "822", 9 }, { "823", 6 },
	{ "851", 4 }, { "852", 10 }, { "853", 6 },
	{ "814", 1 }, { "815", 2 }, { "816", 1 }, { "855", 1 }, { "856", 4 }, { "857", 6 }, { "858", 3 },
	{ "817", 2 }, { "818", 2 }, { "819", 3 }, { "859", 2 }, { "877", 5 }, { "878", 5 },
	{ "895", 2 }, { "896", 3 }, { "897", 2 }, { "898", 2 }, { "899", 2 },
	{ "881", 1 }, { "882", 1 }, { "883", 1 }, { "885", 1 }, { "887", 1 }, { "889", 1 },
};

static void phone(struct rng *r, char out[20])
{
	int w[ARRAY_SIZE(phone_prefixes)];
	for (size_t i = 0; i < ARRAY_SIZE(phone_prefixes); i++)
		w[i] = phone_prefixes[i].w;
	const char *p = phone_prefixes[rng_weighted(r, w, ARRAY_SIZE(w))].p;
	double u = rng_unit(r);
	int rest = u < 0.15 ? 7 : u < 0.75 ? 8 : 9;
	int len = snprintf(out, 20, "+62%s", p);
	for (int i = 0; i < rest; i++)
		out[len++] = (char)('0' + (i == 0 ? rng_range(r, 1, 9) : rng_below(r, 10)));
	out[len] = '\0';
}

static void digits(struct rng *r, char *out, int n)
{
	for (int i = 0; i < n; i++)
		out[i] = (char)('0' + rng_below(r, 10));
	out[n] = '\0';
}

/* Old-form NPWP: taxpayer kind (2), serial (6), Luhn check digit, tax office (3),
 * branch 000. */
static void npwp(struct rng *r, char out[16])
{
	static const char *const kinds[] = { "04", "06", "07", "08", "09" };
	char d[16];
	snprintf(d, sizeof(d), "%s", PICK(r, kinds));
	digits(r, d + 2, 6);
	for (int c = 0; c <= 9; c++) {
		d[8] = (char)('0' + c);
		d[9] = '\0';
		if (luhn_valid(d, 9))
			break;
	}
	snprintf(out, 16, "%.9s%03d000", d, (int)rng_range(r, 101, 999));
}

/* NIB as OSS gave them in 2018-2020: 13 digits starting 8120 or 9120. */
static void nib(struct rng *r, char out[14])
{
	memcpy(out, rng_chance(r, 0.5) ? "8120" : "9120", 4);
	digits(r, out + 4, 9);
}

static void iso_date(int64_t days, char out[DATE_BUFSZ])
{
	struct date d = date_from_days(days);
	date_format_iso(&d, out, DATE_BUFSZ);
}

/* A working day (not Sunday) of the 2020 data collection, April to July. */
static int64_t survey_day(struct rng *r)
{
	static const struct date first = { 2020, 4, 1 }, last = { 2020, 7, 31 }, sunday = { 2020, 4, 5 };
	int64_t a = date_to_days(&first), b = date_to_days(&last), s = date_to_days(&sunday);
	for (;;) {
		int64_t d = a + rng_range(r, 0, (long)(b - a));
		if (((d - s) % 7 + 7) % 7 != 0)
			return d;
	}
}

/* Round v to a multiple of step (at least step). */
static int64_t round_to(double v, int64_t step)
{
	int64_t x = (int64_t)(v / (double)step + 0.5) * step;
	return x < step ? step : x;
}

/* Log-uniform in [lo, hi]: small amounts are more common than large. */
static double log_uniform(struct rng *r, double lo, double hi)
{
	return lo * exp(rng_unit(r) * log(hi / lo));
}

static void set_int(struct record *rec, const char *field, int64_t v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	record_set(rec, field, buf);
}

/* ---- the generator's state --------------------------------------------------- */

struct demo {
	struct store *st;
	struct regions rg;
	struct rng ru, rk;
	const char *skala[3], *status[3];
	const char *jenis[5], *bentuk[2];
	size_t ndampak;                    /* the registry's impact choices */
	struct person ring[OWNER_RING];
	long nring;
	long done, total;
	void (*progress)(long, long, void *);
	void *arg;
	int biz_w[ARRAY_SIZE(bizzes)];
};

static bool resolve_choices(struct demo *d, struct err *e)
{
	static const char *const skala[] = { "mikro", "kecil", "menengah" };
	static const char *const status[] = { "berjalan", "berhenti sementara", "tutup" };
	static const char *const jenis[] = { "simpan pinjam", "konsumen", "produsen", "pemasaran", "jasa" };
	static const char *const bentuk[] = { "primer", "sekunder" };
	struct { const struct entity_meta *m; const char *field; const char *const *v; size_t n; const char **out; } want[] = {
		{ &meta_umkm, "skala", skala, 3, d->skala },
		{ &meta_umkm, "status_usaha", status, 3, d->status },
		{ &meta_koperasi, "jenis", jenis, 5, d->jenis },
		{ &meta_koperasi, "bentuk", bentuk, 2, d->bentuk },
	};
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		for (size_t j = 0; j < want[i].n; j++) {
			want[i].out[j] = choice_value(want[i].m, want[i].field, want[i].v[j]);
			if (!want[i].out[j])
				return err_set(e, 1, _("demo data: '%s' is not a choice of the field %s"),
					       want[i].v[j], want[i].field);
		}
	for (size_t i = 0; i < ARRAY_SIZE(bizzes); i++) {
		if (!choice_value(&meta_umkm, "sektor", bizzes[i].sektor))
			return err_set(e, 1, _("demo data: '%s' is not a choice of the field %s"),
				       bizzes[i].sektor, "sektor");
		d->biz_w[i] = bizzes[i].weight;
	}
	const struct field_meta *f = registry_field(&meta_umkm, "dampak");
	if (!f || !f->choices)
		return err_set(e, 1, _("demo data: '%s' is not a choice of the field %s"), "", "dampak");
	d->ndampak = 0;
	while (f->choices[d->ndampak].value)
		d->ndampak++;
	return true;
}

/* 1-3 impacts, in the registry's order: "penjualan menurun;permodalan". */
static void dampak(struct demo *d, struct rng *r, bool stopped, bool coop, struct strbuf *sb)
{
	const struct field_meta *f = registry_field(&meta_umkm, "dampak");
	bool on[16] = { false };
	size_t n = d->ndampak < 16 ? d->ndampak : 16, count = 0;
	for (size_t i = 0; i < n; i++) {
		const char *v = f->choices[i].value;
		double p = str_eq(v, "penjualan menurun") ? 0.85
			 : str_eq(v, "bahan baku sulit") ? 0.22
			 : str_eq(v, "distribusi terhambat") ? 0.28
			 : str_eq(v, "permodalan") ? (coop ? 0.7 : 0.35)
			 : str_eq(v, "produksi terhenti") ? (stopped ? 0.6 : 0.06)
			 : 0.03;
		if (rng_chance(r, p)) {
			on[i] = true;
			count++;
		}
	}
	while (count > 3) {
		size_t i = rng_below(r, (uint32_t)n);
		if (on[i]) {
			on[i] = false;
			count--;
		}
	}
	if (count == 0)
		on[0] = true;
	for (size_t i = 0; i < n; i++)
		if (on[i])
			strbuf_addf(sb, "%s%s", sb->len ? ";" : "", f->choices[i].value);
}

static const char *const notes_running[] = {
	"Perlu bantuan modal kerja", "Pemasaran beralih ke WhatsApp dan media sosial",
	"Pelanggan berkurang sejak pembatasan sosial", "Harga bahan baku naik",
	"Sebagian karyawan dirumahkan", "Mengajukan restrukturisasi kredit ke bank",
	"Ingin ikut pelatihan pemasaran daring", "Pesanan dari sekolah dan kantor berhenti",
	"Jam buka dikurangi", "Siap memproduksi masker kain",
};
static const char *const notes_stopped[] = {
	"Usaha berhenti sejak pasar ditutup", "Tidak ada pembeli, menunggu keadaan membaik",
	"Modal habis untuk kebutuhan sehari-hari", "Pemilik ingin mendaftar Kartu Prakerja",
	"Angsuran bank tertunggak",
};

/* Picks a region: kabupaten by weight, kecamatan and desa uniform. */
static void pick_region(struct demo *d, struct rng *r, int *kec, int *desa)
{
	const struct kab *k = &d->rg.kab[pick_kab(r, &d->rg)];
	*kec = (int)(k->kec0 + rng_below(r, (uint32_t)k->nkec));
	const struct kec *c = &d->rg.kec[*kec];
	*desa = c->ndesa ? (int)(c->desa0 + rng_below(r, (uint32_t)c->ndesa)) : -1;
}

static void set_region(struct demo *d, struct record *rec, int kec, int desa)
{
	const struct kec *c = &d->rg.kec[kec];
	record_set(rec, "kabupaten_kota", d->rg.kab[c->kab].code);
	record_set(rec, "kecamatan", c->code);
	record_set(rec, "desa", desa >= 0 ? d->rg.desa[desa].code : NULL);
}

/* An adult's NIK registered in kecamatan kec: born 20-65 years before 2020-05-01. */
static void make_owner(struct demo *d, struct rng *r, struct person *p, int kec, bool female)
{
	static const struct date ref = { 2020, 5, 1 }, oldest = { 1954, 5, 2 }, youngest = { 2000, 5, 1 };
	int64_t lo = date_to_days(&oldest), hi = date_to_days(&youngest);
	/* Most owners are 30-55: the mean of two uniforms. */
	double u = (rng_unit(r) + rng_unit(r)) / 2;
	struct date b = date_from_days(lo + (int64_t)(u * (double)(hi - lo)));
	int age = date_age(&b, &ref);
	make_person(r, p, female, age);
	char nik[64];
	snprintf(nik, sizeof(nik), "%s%02d%02d%02d%04ld", d->rg.kec[kec].nik6,
		 b.day + (female ? 40 : 0), b.month, b.year % 100, rng_range(r, 1, 9999));
	str_copy(p->nik, nik, sizeof(p->nik));
	p->phone[0] = '\0';
	if (rng_chance(r, 0.85))
		phone(r, p->phone);
	p->kec = kec;
}

static bool made_one(struct demo *d, struct err *e)
{
	d->done++;
	if (d->done % BATCH == 0 && d->done < d->total) {
		if (!store_commit(d->st, e))
			return false;
		if (!store_begin(d->st, e))
			return false;
	}
	if (d->progress && (d->done % PROGRESS_EVERY == 0 || d->done == d->total))
		d->progress(d->done, d->total, d->arg);
	return true;
}

static bool make_umkm(struct demo *d, const char *officer, struct err *e)
{
	struct rng *r = &d->ru;
	struct record rec;
	record_init(&rec, &entity_umkm);
	struct strbuf sb = STRBUF_INIT;
	char buf[DATE_BUFSZ];

	/* The owner: now and then one who already has a business here. */
	struct person own;
	int kec, desa;
	if (d->nring > 0 && rng_chance(r, 0.005)) {
		long n = d->nring < OWNER_RING ? d->nring : OWNER_RING;
		own = d->ring[rng_below(r, (uint32_t)n)];
		kec = own.kec;
		const struct kec *c = &d->rg.kec[kec];
		desa = c->ndesa ? (int)(c->desa0 + rng_below(r, (uint32_t)c->ndesa)) : -1;
	} else {
		pick_region(d, r, &kec, &desa);
		/* Most owners of micro businesses hit in 2020 were women. */
		make_owner(d, r, &own, kec, rng_chance(r, 0.56));
		d->ring[d->nring % OWNER_RING] = own;
		d->nring++;
	}
	const struct kec *c = &d->rg.kec[kec];
	const struct biz *b = &bizzes[rng_weighted(r, d->biz_w, ARRAY_SIZE(bizzes))];

	biz_name(r, b, &own, &d->rg, c, desa, &sb);
	record_set(&rec, "nama_usaha", sb.buf);
	record_set(&rec, "nama_pemilik", own.name);
	record_set(&rec, "nik", own.nik);
	record_set(&rec, "jenis_kelamin", own.female ? "P" : "L");
	record_set(&rec, "telepon", own.phone);
	strbuf_reset(&sb);
	address(r, &d->rg, c, desa, &sb);
	record_set(&rec, "alamat", sb.buf);
	set_region(d, &rec, kec, desa);
	record_set(&rec, "kbli", b->kbli);
	record_set(&rec, "sektor", b->sektor);

	/* Scale (UU 20/2008 turnover bands, per month) and workers. */
	double u = rng_unit(r);
	int sk = u < 0.88 ? 0 : u < 0.985 ? 1 : 2;
	record_set(&rec, "skala", d->skala[sk]);
	static const double omzet_lo[] = { 1e6, 25e6, 210e6 }, omzet_hi[] = { 30e6, 200e6, 2000e6 };
	static const int64_t omzet_step[] = { 50000, 500000, 5000000 };
	static const long tk_lo[] = { 1, 3, 15 }, tk_hi[] = { 4, 19, 99 };
	int64_t before = round_to(log_uniform(r, omzet_lo[sk], omzet_hi[sk]), omzet_step[sk]);
	long tk_before = rng_range(r, tk_lo[sk], tk_hi[sk]);

	u = rng_unit(r);
	int status = u < 0.74 ? 0 : u < 0.95 ? 1 : 2;
	record_set(&rec, "status_usaha", d->status[status]);
	int64_t after;
	long tk_after;
	if (status == 2) {
		after = 0;
		tk_after = 0;
	} else if (status == 1) {
		after = rng_chance(r, 0.6) ? 0 : round_to((double)before * (0.05 + 0.15 * rng_unit(r)), omzet_step[sk]);
		tk_after = tk_before > 1 && rng_chance(r, 0.5) ? rng_range(r, 1, tk_before - 1) : (rng_chance(r, 0.5) ? 1 : 0);
	} else if (rng_chance(r, 0.05)) {
		/* A few did better: masks, sanitiser, online sales. */
		after = round_to((double)before * (1.0 + 0.6 * rng_unit(r)), omzet_step[sk]);
		tk_after = tk_before + (rng_chance(r, 0.3) ? 1 : 0);
	} else {
		after = round_to((double)before * (0.2 + 0.7 * rng_unit(r)), omzet_step[sk]);
		tk_after = rng_chance(r, 0.55) ? tk_before : rng_range(r, tk_before > 1 ? 1 : 0, tk_before);
	}
	set_int(&rec, "omzet_sebelum", before);
	set_int(&rec, "omzet_sesudah", after);
	set_int(&rec, "tenaga_kerja_sebelum", tk_before);
	set_int(&rec, "tenaga_kerja_sesudah", tk_after);

	static const double p_nib[] = { 0.15, 0.6, 0.9 }, p_npwp[] = { 0.1, 0.55, 0.9 };
	if (rng_chance(r, p_nib[sk])) {
		char v[14];
		nib(r, v);
		record_set(&rec, "nib", v);
	}
	if (rng_chance(r, p_npwp[sk])) {
		char v[16];
		npwp(r, v);
		record_set(&rec, "npwp", v);
	}
	strbuf_reset(&sb);
	dampak(d, r, status > 0, false, &sb);
	record_set(&rec, "dampak", sb.buf);
	iso_date(survey_day(r), buf);
	record_set(&rec, "tanggal_pendataan", buf);
	if (rng_chance(r, 0.08))
		record_set(&rec, "catatan", status ? PICK(r, notes_stopped) : PICK(r, notes_running));

	bool ok = store_save(d->st, &rec, officer, e) >= 0;
	record_release(&rec);
	strbuf_release(&sb);
	return ok && made_one(d, e);
}

static const char *const roman[] = {
	"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
};

static const char *const coop_brand[] = {
	"Sejahtera", "Maju Bersama", "Karya Mandiri", "Mitra Usaha", "Bina Usaha",
	"Tunas Harapan", "Sumber Makmur", "Sido Makmur", "Sri Rejeki", "Mekar Jaya", "Al-Amanah",
	"Nurul Huda", "Tani Makmur", "Usaha Bersama", "Jasa Mandiri", "Makmur Jaya",
	"Bangkit Bersama", "Sinar Tani", "Mina Sejahtera", "Karya Bakti", "Guna Usaha", "Rukun Tani",
	"Margo Rukun", "Bina Sejahtera", "Wanita Mandiri", "Syariah Amanah", "Bhakti Husada",
	"Harapan Jaya", "Sumber Rezeki", "Setia Kawan",
};
static const char *const coop_products[] = {
	"Kopi", "Lada", "Kakao", "Karet", "Kelapa Sawit", "Gula Aren", "Ikan", "Susu", "Tapis",
	"Singkong", "Pisang",
};

static bool make_koperasi(struct demo *d, const char *officer, struct err *e)
{
	struct rng *r = &d->rk;
	struct record rec;
	record_init(&rec, &entity_koperasi);
	struct strbuf sb = STRBUF_INIT;
	char buf[64];
	int kec, desa;
	pick_region(d, r, &kec, &desa);
	const struct kec *c = &d->rg.kec[kec];

	bool sekunder = rng_chance(r, 0.05);
	static const int jenis_w[] = { 40, 20, 15, 10, 15 };
	int j = (int)rng_weighted(r, jenis_w, 5);
	const char *place = place_name(r, &d->rg, c, desa);
	if (sekunder) {
		static const char *const word[] = { "Simpan Pinjam", "Konsumen", "Produsen", "Pemasaran", "Jasa" };
		strbuf_addf(&sb, "Pusat Koperasi %s ", word[j]);
		strbuf_adds(&sb, rng_chance(r, 0.5) ? d->rg.kab[c->kab].short_name : PICK(r, coop_brand));
	} else {
		switch (j) {
		case 0: {
			static const char *const pre[] = { "Koperasi Simpan Pinjam", "KSP", "Koperasi Simpan Pinjam Syariah", "KSPPS" };
			strbuf_addf(&sb, "%s %s", PICK(r, pre), PICK(r, coop_brand));
			break;
		}
		case 1: {
			static const char *const pre[] = { "Koperasi Konsumen", "KPRI", "Koperasi Karyawan", "Koperasi Wanita", "KSU" };
			strbuf_addf(&sb, "%s %s", PICK(r, pre), PICK(r, coop_brand));
			break;
		}
		case 2:
			strbuf_addf(&sb, "Koperasi Produsen %s %s", PICK(r, coop_products),
				    rng_chance(r, 0.5) ? place : PICK(r, coop_brand));
			break;
		case 3:
			strbuf_addf(&sb, "%s %s", rng_chance(r, 0.6) ? "KUD" : "Koperasi Pemasaran",
				    rng_chance(r, 0.4) ? place : PICK(r, coop_brand));
			break;
		default: {
			static const char *const pre[] = { "Koperasi Jasa", "KSU", "Koperasi Jasa Angkutan", "Kopontren" };
			strbuf_addf(&sb, "%s %s", PICK(r, pre), PICK(r, coop_brand));
			break;
		}
		}
	}
	record_set(&rec, "nama_koperasi", sb.buf);

	/* Legal entity: 1995-2019; Kanwil/Dinas numbers, AHU numbers from 2016. */
	struct date bh = { (int)rng_range(r, 1995, 2019), (int)rng_range(r, 1, 12), 1 };
	bh.day = (int)rng_range(r, 1, date_days_in_month(bh.year, bh.month));
	if (bh.year >= 2016 && rng_chance(r, 0.6))
		snprintf(buf, sizeof(buf), "AHU-%07ld.AH.01.26.TAHUN %d", rng_range(r, 1, 9999999), bh.year);
	else if (bh.year < 2001)
		snprintf(buf, sizeof(buf), "%ld/BH/KDK.7.%ld/%s/%d", rng_range(r, 1, 999),
			 rng_range(r, 1, 15), roman[bh.month - 1], bh.year);
	else
		snprintf(buf, sizeof(buf), "%ld/BH/X.%ld/%s/%d", rng_range(r, 1, 999),
			 rng_range(r, 1, 15), roman[bh.month - 1], bh.year);
	record_set(&rec, "nomor_badan_hukum", buf);
	date_format_iso(&bh, buf, sizeof(buf));
	record_set(&rec, "tanggal_badan_hukum", buf);
	if (rng_chance(r, 0.7)) {
		/* Nomor Induk Koperasi: kecamatan (6), year (2), kind (2), serial (6). */
		snprintf(buf, sizeof(buf), "%s%02d%02d%06ld", c->nik6, bh.year % 100, j + 1,
			 rng_range(r, 1, 999999));
		record_set(&rec, "nik_koperasi", buf);
	}
	record_set(&rec, "jenis", d->jenis[j]);
	record_set(&rec, "bentuk", d->bentuk[sekunder]);
	set_int(&rec, "jumlah_anggota", sekunder ? rng_range(r, 20, 60)
				       : (long)(log_uniform(r, 20, 2000) + 0.5));
	struct person ketua;
	make_owner(d, r, &ketua, kec, rng_chance(r, 0.25));
	record_set(&rec, "ketua", ketua.name);
	record_set(&rec, "telepon", ketua.phone);
	strbuf_reset(&sb);
	address(r, &d->rg, c, desa, &sb);
	record_set(&rec, "alamat", sb.buf);
	set_region(d, &rec, kec, desa);
	double u = rng_unit(r);
	int status = u < 0.8 ? 0 : u < 0.97 ? 1 : 2;
	strbuf_reset(&sb);
	dampak(d, r, status > 0, true, &sb);
	record_set(&rec, "dampak", sb.buf);
	record_set(&rec, "status", d->status[status]);
	char day[DATE_BUFSZ];
	iso_date(survey_day(r), day);
	record_set(&rec, "tanggal_pendataan", day);

	bool ok = store_save(d->st, &rec, officer, e) >= 0;
	record_release(&rec);
	strbuf_release(&sb);
	return ok && made_one(d, e);
}

/* The ops demo_fill left (meta demo_ops), 0 when it never ran. */
static int64_t demo_ops(struct store *st)
{
	char *v = store_meta_get(st, "demo_ops");
	int64_t n = v ? strtoll(v, NULL, 10) : 0;
	free(v);
	return n;
}

bool demo_allowed(struct store *st, struct err *e)
{
	int64_t all = store_op_count(st), demo = demo_ops(st);
	if (all > demo)
		return err_set(e, 1, _("this database holds %lld changes that are not demo records"
				       " (entered, imported or received in bundles); demo adds"
				       " synthetic records only to a new database or one holding"
				       " demo records alone, so they are never taken for real ones"),
			       (long long)(all - demo));
	return true;
}

static bool note_demo_ops(struct store *st, struct err *e)
{
	char n[32];
	snprintf(n, sizeof(n), "%lld", (long long)store_op_count(st));
	return store_meta_set(st, "demo_ops", n, e);
}

long demo_fill(struct store *st, const struct config *cfg, long n_umkm, long n_koperasi,
	       uint64_t seed, void (*progress)(long done, long total, void *arg), void *arg,
	       const char *officer, struct err *e)
{
	if (n_umkm < 0 || n_koperasi < 0) {
		err_set(e, 2, _("the number of demo records cannot be negative"));
		return -1;
	}
	if (!auth_require(st, officer, AUTH_EDIT, e))
		return -1;
	struct demo *d = xcalloc(1, sizeof(*d));
	d->st = st;
	d->total = n_umkm + n_koperasi;
	d->progress = progress;
	d->arg = arg;
	rng_seed(&d->ru, seed);
	rng_seed(&d->rk, seed ^ 0x6b6f70657261736bULL);   /* "koperask": its own stream */
	long result = -1;
	if (!resolve_choices(d, e) || !regions_load(st, cfg, &d->rg, e))
		goto out;
	if (d->total == 0) {
		result = 0;
		goto out;
	}
	if (!store_begin(st, e))
		goto out;
	for (long i = 0; i < n_umkm; i++)
		if (!make_umkm(d, officer, e))
			goto fail;
	for (long i = 0; i < n_koperasi; i++)
		if (!make_koperasi(d, officer, e))
			goto fail;
	/* The programs' records move through verifications and decisions: only an
	 * officer whose role takes them all fills the programs (an operator's demo
	 * is the registry's), and only a demo of some size (a few test businesses
	 * stay a registry). */
	bool programs = n_umkm >= DEMO_PROGRAMS_MIN && auth_may(st, officer, AUTH_VERIFY) &&
			auth_may(st, officer, AUTH_DECIDE);
	if (programs && (!demo_prog6(st, seed, officer, e) || !demo_prog4(st, seed, officer, e)))
		goto fail;
	if (!store_commit(st, e))
		goto out;
	result = programs && demo_prog5(st, seed, officer, e) < 0 ? -1 : d->done;
	if (result >= 0 && !note_demo_ops(st, e))
		result = -1;
	goto out;
fail:
	store_rollback(st);
out:
	regions_release(&d->rg);
	free(d);
	return result;
}
