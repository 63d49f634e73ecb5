/*
 * test_sync.c - offline sync between offices, through the real key, approval,
 * export and import paths (sync/bundle.c over store/sync.c):
 *
 *  - convergence: a province and four districts make random registry edits
 *    (new records, edits, concurrent edits of one field at two offices, deletes,
 *    restores, merges, conflicts resolved) and exchange bundles in random order with drops,
 *    duplicates, replays and held-back (out of order) bundles; after a final
 *    complete exchange every database holds the same ops, the same visible
 *    tables and the same conflict list (store_conflicts, checked against an
 *    oracle computed in SQL from the op log), and passes store_check. Many seeds
 *    (BANTU_SYNC_SEEDS, default 12; more in a long run).
 *  - the same with the wrong merge rule (store_test_arrival_order) makes the
 *    tables differ: the convergence test would catch it.
 *  - idempotence: a bundle imported twice, an older bundle after a newer one.
 *  - refusals with nothing written: a bundle for another office, from a revoked,
 *    an unknown or an unapproved office, signed with other keys; payloads forged
 *    by an approved office (ops of another office, a made-up certificate, a
 *    changed manifest, a broken chain); ops for unknown fields are kept.
 *  - nothing personal readable in a bundle file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "core/i18n.h"
#include "core/util.h"
#include "model/prog_stimulus.h"
#include "model/region.h"
#include "model/registry.h"
#include "store/conflict.h"
#include "store/store.h"
#include "store/sync.h"
#include "sync/bundle.h"
#include "sync/envelope.h"

static char tmpdir[64];
static int dirno;

static int setup_all(void **state)
{
	(void)state;
	setenv("BANTU_TODAY", "2020-06-01", 1);
	i18n_init("en");
	if (sodium_init() < 0)
		return -1;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bantu-sync-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

/* BANTU_SYNC_KEEP=1 keeps the databases and bundles of a failed run. */
static int teardown_all(void **state)
{
	(void)state;
	if (getenv("BANTU_SYNC_KEEP")) {
		fprintf(stderr, "# kept %s\n", tmpdir);
		return 0;
	}
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

/* A new empty directory under tmpdir. */
static char *new_dir(const char *what)
{
	char *d = xasprintf("%s/%s%d", tmpdir, what, ++dirno);
	assert_int_equal(mkdir(d, 0700), 0);
	return d;
}

static void rm_dir(char *d)
{
	char *cmd = xasprintf("rm -rf '%s'", d);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(d);
}

/* ---- a deterministic random source per seed ---- */

static uint64_t rng;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}
static unsigned rn(unsigned n)
{
	return (unsigned)(rnd() % n);
}
static bool chance(unsigned percent)
{
	return rn(100) < percent;
}

/* ---- offices ---- */

struct office {
	const char *code;
	char *path;
	struct store *st;
};

/* A new office database in dir with the province's regions, its office row and
 * its keys (a district trusts the province keys file prov_keys). */
static void office_make(struct office *o, const char *dir, const char *code, const char *prov_keys,
			const char *file_name)
{
	struct err e = { 0 };
	o->code = code;
	o->path = xasprintf("%s/%s.db", dir, file_name ? file_name : code);
	o->st = store_open(o->path, STORE_CREATE, &e);
	if (!o->st)
		fail_msg("open %s: %s", o->path, e.msg);
	assert_true(store_begin(o->st, &e));
	assert_true(region_load(o->st, "18", NULL, &e) > 200);
	assert_true(store_commit(o->st, &e));
	char *name = xasprintf("Office %s", code);
	if (!store_init_office(o->st, code, name, &e))
		fail_msg("init %s: %s", code, e.msg);
	free(name);
	if (!sync_init_keys(o->st, o->path, prov_keys, &e))
		fail_msg("keys %s: %s", code, e.msg);
}

static void office_close(struct office *o)
{
	if (o->st)
		store_close(o->st);
	o->st = NULL;
	free(o->path);
	o->path = NULL;
}

static int bundle_no;

/* Exports a bundle from o to office `to`; the path (caller frees). */
static char *export_to(struct office *o, const char *to, const char *dir)
{
	char *out = xasprintf("%s/b%05d-%s-to-%s.bundle", dir, ++bundle_no, o->code, to);
	struct bundle_build_stats stats;
	char *written = NULL;
	struct err e = { 0 };
	if (!sync_export(o->st, o->path, to, out, NULL, &written, &stats, &e))
		fail_msg("export %s -> %s: %s", o->code, to, e.msg);
	assert_non_null(written);
	assert_string_equal(written, out);
	free(written);
	return out;
}

static bool import_file(struct office *o, const char *file, struct bundle_summary *sum,
			struct err *e)
{
	struct bundle_summary s;
	memset(e, 0, sizeof(*e));
	return sync_import(o->st, o->path, file, sum ? sum : &s, e);
}

static void must_import(struct office *o, const char *file, struct bundle_summary *sum)
{
	struct err e;
	if (!import_file(o, file, sum, &e))
		fail_msg("import %s at %s: %s", file, o->code, e.msg);
}

/*
 * A district's first bundle to the province, refused until the province approves
 * the district's fingerprint (checked first with a wrong one), then imported.
 */
static void approve_through_flow(struct office *prov, struct office *d, const char *dir)
{
	char *b = export_to(d, prov->code, dir);
	int64_t ops = store_op_count(prov->st);
	struct err e;
	assert_false(import_file(prov, b, NULL, &e));
	char fp[FINGERPRINT_SIZE];
	assert_true(sync_fingerprint(d->st, fp, &e));
	char want[128];
	snprintf(want, sizeof(want), "office %s is not approved (fingerprint %s)", d->code, fp);
	if (!strstr(e.msg, want))
		fail_msg("first bundle of %s: '%s' does not say '%s'", d->code, e.msg, want);
	assert_int_equal(store_op_count(prov->st), ops);
	struct office_row row;
	assert_true(store_office_get(prov->st, d->code, &row));
	assert_string_equal(row.status, OFFICE_PENDING);
	/* A wrong fingerprint is refused, and approves nothing. */
	assert_false(sync_office_approve(prov->st, prov->path, d->code, "AAAA-BBBB-CCCC-DDDD", &e));
	assert_non_null(strstr(e.msg, fp));
	assert_true(store_office_get(prov->st, d->code, &row));
	assert_string_equal(row.status, OFFICE_PENDING);
	if (!sync_office_approve(prov->st, prov->path, d->code, fp, &e))
		fail_msg("approve %s: %s", d->code, e.msg);
	assert_true(store_office_get(prov->st, d->code, &row));
	assert_string_equal(row.status, OFFICE_APPROVED);
	assert_true(row.has_cert);
	must_import(prov, b, NULL);
	free(b);
}

/* ---- dumps: every record of both entities, deleted ones too, in id order ---- */

struct dump_ctx {
	struct strbuf *sb;
};

static bool dump_one(const struct record *rec, void *arg)
{
	struct strbuf *sb = arg;
	char hex[RID_HEX];
	rid_to_hex(&rec->id, hex);
	strbuf_addf(sb, "%s %s", rec->ent->name, hex);
	for (size_t i = 0; i < rec->ent->nfields; i++)
		strbuf_addf(sb, "|%s", rec->values[i] ? rec->values[i] : "-");
	strbuf_addch(sb, '\n');
	return true;
}

static char *dump(struct store *st)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = { 0 };
	assert_true(store_each(st, &entity_umkm, true, dump_one, &sb, &e));
	assert_true(store_each(st, &entity_koperasi, true, dump_one, &sb, &e));
	assert_true(store_each(st, &entity_stimulus, true, dump_one, &sb, &e));
	return strbuf_detach(&sb);
}

/* The first line where two dumps differ, for the failure message. */
static void first_difference(const char *a, const char *b, char *out, size_t size)
{
	while (*a && *a == *b) {
		const char *na = strchr(a, '\n'), *nb = strchr(b, '\n');
		size_t la = na ? (size_t)(na - a) : strlen(a), lb = nb ? (size_t)(nb - b) : strlen(b);
		if (la != lb || memcmp(a, b, la) != 0)
			break;
		a += la + (na ? 1 : 0);
		b += lb + (nb ? 1 : 0);
	}
	snprintf(out, size, "\n  <%.*s>\n  <%.*s>", (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"),
		 b);
}

static void print_problem(const char *msg, void *arg)
{
	fprintf(stderr, "# %s: %s\n", (const char *)arg, msg);
}

static int problems(struct office *o)
{
	struct err e = { 0 };
	int n = store_check(o->st, print_problem, (void *)o->code, &e);
	if (n < 0)
		fail_msg("check %s failed: %s", o->code, e.msg);
	return n;
}

/* ---- queries of the op log, straight with SQLite (read-only, beside the store) ---- */

/* One text line per row of a query, concatenated. */
static char *query_text(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	struct strbuf sb = STRBUF_INIT;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(s); c++) {
			const char *v = (const char *)sqlite3_column_text(s, c);
			strbuf_addf(&sb, "%s%s", c ? "|" : "", v ? v : "-");
		}
		strbuf_addch(&sb, '\n');
	}
	assert_int_equal(rc, SQLITE_DONE);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return strbuf_detach(&sb);
}

/* Every op's identity and hash: equal on two replicas = the same op set. */
static const char ops_sql[] = "SELECT origin, seq, hex(hash) FROM op ORDER BY origin, seq";

/*
 * An independent oracle for the conflict list, in SQL over the op log (DESIGN.md,
 * store/conflict.h): per (record, field) the heads are the ops whose clock (hlc,
 * origin) no other op on that field names as its base, nor lists in a resolving
 * op's "_resolves.FIELD"; two heads or more with different values are a conflict.
 * One line per conflicted (entity, record, field).
 */
static const char conflicts_sql[] =
	"WITH f AS (SELECT o.entity, hex(o.record) AS rec, json_extract(j.value, '$[0]') AS field,"
	"  lower(printf('%016x%016x', o.hlc, o.origin)) AS clock,"
	"  coalesce(json_extract(j.value, '$[3]'), '00000000000000000000000000000000') AS base,"
	"  json_extract(j.value, '$[1]') AS value"
	"  FROM op o, json_each(o.fields) j),"
	" heads AS (SELECT * FROM f WHERE field NOT LIKE '\\_resolves.%' ESCAPE '\\'"
	"  AND NOT EXISTS (SELECT 1 FROM f g WHERE g.entity = f.entity AND g.rec = f.rec"
	"   AND g.field = f.field AND g.base = f.clock)"
	"  AND NOT EXISTS (SELECT 1 FROM f r WHERE r.entity = f.entity AND r.rec = f.rec"
	"   AND r.field = '_resolves.' || f.field AND instr(r.value, f.clock) > 0))"
	/* A program's state field is no ordinary conflict (model/rules.c: a stale
	 * state is skipped; two outcomes of one rank are a rule conflict). */
	" SELECT entity, rec, field FROM heads"
	" WHERE NOT (field = 'status' AND entity IN ('stimulus', 'prakerja', 'produk'))"
	" GROUP BY 1, 2, 3"
	" HAVING count(DISTINCT coalesce(value, '<empty>')) > 1 ORDER BY 1, 2, 3";

/* The conflict list as the store gives it: one line per conflicted field
 * ("entity|RECORD|field"), and in full (with every side) for comparing offices. */
struct conflict_text {
	struct strbuf keys, full;
};

static void on_conflict(const struct conflict *c, void *arg)
{
	struct conflict_text *t = arg;
	char hex[RID_HEX];
	rid_to_hex(&c->record, hex);
	for (char *p = hex; *p; p++)
		if (*p >= 'a' && *p <= 'f')
			*p = (char)(*p - 'a' + 'A');
	/* The oracle computes field conflicts; merge cycles are compared in full
	 * between offices and checked by merge_invariant. */
	if (!c->merge_cycle)
		strbuf_addf(&t->keys, "%s|%s|%s\n", c->ent->name, hex, c->field);
	strbuf_addf(&t->full, "%s|%s|%s%s", c->ent->name, hex, c->field,
		    c->merge_cycle ? " cycle" : "");
	for (size_t i = 0; i < c->nsides; i++)
		strbuf_addf(&t->full, " [%lld/%lld %s %s %s]", (long long)c->sides[i].hlc,
			    (long long)c->sides[i].origin, c->sides[i].value ? c->sides[i].value : "-",
			    c->sides[i].office, c->sides[i].officer);
	strbuf_addch(&t->full, '\n');
}

static void conflict_list(struct office *o, struct conflict_text *t)
{
	memset(t, 0, sizeof(*t));
	struct err e = { 0 };
	int n = store_conflicts(o->st, NULL, NULL, on_conflict, t, &e);
	if (n < 0)
		fail_msg("conflicts at %s: %s", o->code, e.msg);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of text sorted (a new string). */
static char *sorted_lines(const char *text)
{
	char *copy = xstrdup(text ? text : "");
	size_t n = 0, cap = 16;
	char **v = xmalloc(cap * sizeof(*v));
	for (char *save = NULL, *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (n == cap)
			v = xrealloc(v, (cap *= 2) * sizeof(*v));
		v[n++] = l;
	}
	qsort(v, n, sizeof(*v), cmp_str);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s\n", v[i]);
	free(v);
	free(copy);
	return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

/* The lines of a not in b, each prefixed with tag, into sb. */
static void lines_missing(const char *a, const char *b, const char *tag, struct strbuf *sb)
{
	for (const char *l = a; *l;) {
		size_t n = strcspn(l, "\n");
		char *line = xasprintf("%.*s\n", (int)n, l);
		if (!(strncmp(b, line, n + 1) == 0 ||
		      (strstr(b, line) && strstr(b, line)[-1] == '\n')))
			strbuf_addf(sb, "\n  %s %.*s", tag, (int)n, l);
		free(line);
		l += n + (l[n] ? 1 : 0);
	}
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* ---- the randomized simulation ---- */

#define NOFF 5
static const char *const office_codes[NOFF] = { "18", "18.71", "18.72", "18.01", "18.02" };

struct held {
	int to;
	char *path;
};

struct pooled {
	const struct entity_def *ent;
	struct rid id;
};

struct sim {
	char *dir;
	struct office o[NOFF];
	char **bundles;          /* every bundle written, for replays */
	int *bundle_to;
	int nbundles, cap;
	struct held held[16];    /* bundles kept back, imported later out of order */
	int nheld;
	struct pooled *pool;     /* every record made anywhere */
	int npool, pcap;
	int nvalue;
	struct rid *apps;        /* stimulus applications made anywhere */
	int napps, acap;
	/* what happened */
	int creates, edits, concurrent, deletes, restores, merges, resolves, cross_merges;
	int prog_saves, prog_refused, prog_concurrent;
	int exports, imports, duplicates, drops, replays, late, gap_refusals;
};

static const char *const umkm_edit_fields[] = {
	"nama_usaha", "nama_pemilik", "alamat", "catatan", "telepon", "omzet_sebelum",
	"omzet_sesudah", "tenaga_kerja_sesudah", "status_usaha", "kecamatan", "skala",
};
static const char *const kop_edit_fields[] = {
	"nama_koperasi", "ketua", "alamat", "catatan", "jumlah_anggota", "status", "telepon",
};

static const char *random_field(const struct entity_def *ent)
{
	if (ent == &entity_umkm)
		return umkm_edit_fields[rn(ARRAY_SIZE(umkm_edit_fields))];
	return kop_edit_fields[rn(ARRAY_SIZE(kop_edit_fields))];
}

/* A value for a field (few distinct ones, so equal concurrent values happen too). */
static char *random_value(struct sim *s, const struct entity_def *ent, const char *field)
{
	int i = entity_field_index(ent, field);
	assert_true(i >= 0);
	if (ent->fields[i].type == FT_INT)
		return xasprintf("%u", rn(5) * 1000000 + rn(3));
	if (str_eq(field, "telepon"))
		return xasprintf("+62812%08u", rn(100000000));
	if (str_eq(field, "status_usaha"))
		return xstrdup(chance(50) ? "berjalan" : "berhenti sementara");
	if (str_eq(field, "status"))
		return xstrdup(chance(50) ? "aktif" : "tidak aktif");
	if (str_eq(field, "skala"))
		return xstrdup(chance(50) ? "mikro" : "kecil");
	if (str_eq(field, "kecamatan"))
		return xasprintf("18.71.%02u", 1 + rn(9));
	if (chance(10))
		return NULL;
	return xasprintf("%s %d", field, ++s->nvalue);
}

static void pool_add(struct sim *s, const struct entity_def *ent, struct rid id)
{
	if (s->npool == s->pcap) {
		s->pcap = s->pcap ? s->pcap * 2 : 64;
		s->pool = xrealloc(s->pool, (size_t)s->pcap * sizeof(*s->pool));
	}
	s->pool[s->npool].ent = ent;
	s->pool[s->npool].id = id;
	s->npool++;
}

static void do_create(struct sim *s, struct office *o)
{
	struct record rec;
	bool umkm = chance(80);
	const struct entity_def *ent = umkm ? &entity_umkm : &entity_koperasi;
	record_init(&rec, ent);
	int n = ++s->nvalue;
	char nik[40];
	snprintf(nik, sizeof(nik), "1871%02u52059%05d", rn(99), n % 100000);
	char *name = xasprintf("%s %s %d", umkm ? "Warung" : "Koperasi", o->code, n);
	if (umkm) {
		record_set(&rec, "nama_usaha", name);
		record_set(&rec, "nama_pemilik", "Sri Wahyuni");
		record_set(&rec, "nik", nik);
		record_set(&rec, "jenis_kelamin", chance(50) ? "P" : "L");
		record_set(&rec, "kabupaten_kota", "18.71");
		record_set(&rec, "kecamatan", "18.71.01");
		record_set(&rec, "sektor", "makanan dan minuman");
		record_set(&rec, "skala", "mikro");
		record_set(&rec, "omzet_sebelum", "5000000");
		record_set(&rec, "status_usaha", "berjalan");
		record_set(&rec, "tanggal_pendataan", "2020-05-12");
	} else {
		record_set(&rec, "nama_koperasi", name);
		record_set(&rec, "jenis", "simpan pinjam");
		record_set(&rec, "jumlah_anggota", "25");
		record_set(&rec, "ketua", "Budi Santoso");
		record_set(&rec, "kabupaten_kota", "18.71");
		record_set(&rec, "kecamatan", "18.71.01");
		record_set(&rec, "status", "aktif");
	}
	free(name);
	struct err e = { 0 };
	if (store_save(o->st, &rec, "sim", &e) != 1)
		fail_msg("create at %s: %s", o->code, e.msg);
	pool_add(s, ent, rec.id);
	record_release(&rec);
	s->creates++;
}

/* A record this office knows (of entity ent when not NULL), into rec; false when
 * none was found after a few tries. */
static bool pick_known(struct sim *s, struct office *o, const struct entity_def *ent,
		       struct record *rec, int *which)
{
	if (!s->npool)
		return false;
	for (int tries = 0; tries < 12; tries++) {
		/* Prefer recent records: concurrent edits on few records happen more. */
		int i = chance(50) ? s->npool - 1 - (int)rn((unsigned)(s->npool < 8 ? s->npool : 8))
				   : (int)rn((unsigned)s->npool);
		if (ent && s->pool[i].ent != ent)
			continue;
		if (store_get(o->st, s->pool[i].ent, &s->pool[i].id, rec, NULL)) {
			if (which)
				*which = i;
			return true;
		}
	}
	return false;
}

static void save_or_fail(struct office *o, struct record *rec)
{
	struct err e = { 0 };
	/* A random edit of a program record may break its rules at this office
	 * (a district changing a decided application): refused, nothing saved. */
	if (store_save(o->st, rec, "sim", &e) < 0 && !*store_last_refusal(o->st))
		fail_msg("save at %s: %s", o->code, e.msg);
}

static void do_edit(struct sim *s, struct office *o)
{
	struct record rec;
	if (!pick_known(s, o, NULL, &rec, NULL)) {
		do_create(s, o);
		return;
	}
	int n = 1 + (int)rn(3);
	for (int k = 0; k < n; k++) {
		const char *f = random_field(rec.ent);
		char *v = random_value(s, rec.ent, f);
		record_set(&rec, f, v);
		free(v);
	}
	save_or_fail(o, &rec);
	record_release(&rec);
	s->edits++;
}

/* One field of one record changed at two offices before either sees the other's. */
static void do_concurrent(struct sim *s)
{
	for (int tries = 0; tries < 8; tries++) {
		int a = (int)rn(NOFF), b = (int)rn(NOFF);
		if (a == b)
			continue;
		struct record ra, rb;
		int which;
		if (!pick_known(s, &s->o[a], NULL, &ra, &which))
			continue;
		if (!store_get(s->o[b].st, ra.ent, &ra.id, &rb, NULL)) {
			record_release(&ra);
			continue;
		}
		const char *f = random_field(ra.ent);
		char *va = random_value(s, ra.ent, f);
		char *vb = random_value(s, ra.ent, f);
		record_set(&ra, f, va);
		record_set(&rb, f, vb);
		/* Sometimes a second field too, only at one of them. */
		if (chance(30)) {
			const char *g = random_field(ra.ent);
			char *vg = random_value(s, ra.ent, g);
			record_set(&rb, g, vg);
			free(vg);
		}
		save_or_fail(&s->o[a], &ra);
		save_or_fail(&s->o[b], &rb);
		free(va);
		free(vb);
		record_release(&ra);
		record_release(&rb);
		s->concurrent++;
		return;
	}
}

static void do_delete(struct sim *s, struct office *o)
{
	struct record rec;
	if (!pick_known(s, o, NULL, &rec, NULL))
		return;
	struct err e = { 0 };
	char *why = xasprintf("double entry %d", ++s->nvalue);
	if (!registry_delete(o->st, registry_meta(rec.ent->name), &rec.id, why, "sim", &e))
		fail_msg("delete at %s: %s", o->code, e.msg);
	free(why);
	record_release(&rec);
	s->deletes++;
}

static void do_restore(struct sim *s, struct office *o)
{
	for (int tries = 0; tries < 6; tries++) {
		struct record rec;
		if (!pick_known(s, o, NULL, &rec, NULL))
			return;
		bool deleted = str_eq(record_get(&rec, FIELD_DELETED), "1");
		struct rid id = rec.id;
		const struct entity_def *ent = rec.ent;
		record_release(&rec);
		if (!deleted)
			continue;
		struct err e = { 0 };
		if (!registry_restore(o->st, registry_meta(ent->name), &id, "sim", &e))
			fail_msg("restore at %s: %s", o->code, e.msg);
		s->restores++;
		return;
	}
}

/* Merges one record into another of the same entity: merged_into (and, half of the
 * time, a tombstone with the reason in the same save). */
static void do_merge(struct sim *s, struct office *o)
{
	struct record a, b;
	if (!pick_known(s, o, NULL, &a, NULL))
		return;
	if (!pick_known(s, o, a.ent, &b, NULL) || memcmp(a.id.b, b.id.b, 16) == 0) {
		if (memcmp(a.id.b, b.id.b, 16) == 0)
			record_release(&b);
		record_release(&a);
		return;
	}
	char hex[RID_HEX];
	rid_to_hex(&b.id, hex);
	record_set(&a, FIELD_MERGED_INTO, hex);
	if (chance(50)) {
		record_set(&a, FIELD_DELETED, "1");
		record_set(&a, FIELD_DELETED_REASON, "merged");
	}
	save_or_fail(o, &a);
	record_release(&a);
	record_release(&b);
	s->merges++;
}

/* Two offices merge two businesses into each other, each before seeing the
 * other's decision: a cycle once both reach one office. */
static void do_cross_merge(struct sim *s)
{
	for (int tries = 0; tries < 8; tries++) {
		int a = (int)rn(NOFF), b = (int)rn(NOFF);
		struct record xa, ya, xb, yb;
		if (a == b || !pick_known(s, &s->o[a], NULL, &xa, NULL))
			continue;
		if (!pick_known(s, &s->o[a], xa.ent, &ya, NULL)) {
			record_release(&xa);
			continue;
		}
		bool both = memcmp(xa.id.b, ya.id.b, 16) != 0 &&
			    store_get(s->o[b].st, xa.ent, &xa.id, &xb, NULL);
		if (both && !store_get(s->o[b].st, ya.ent, &ya.id, &yb, NULL)) {
			record_release(&xb);
			both = false;
		}
		if (!both) {
			record_release(&xa);
			record_release(&ya);
			continue;
		}
		char hx[RID_HEX], hy[RID_HEX];
		rid_to_hex(&xa.id, hx);
		rid_to_hex(&ya.id, hy);
		record_set(&xa, FIELD_MERGED_INTO, hy);  /* x into y at a */
		record_set(&yb, FIELD_MERGED_INTO, hx);  /* y into x at b */
		save_or_fail(&s->o[a], &xa);
		save_or_fail(&s->o[b], &yb);
		record_release(&xa);
		record_release(&ya);
		record_release(&xb);
		record_release(&yb);
		s->cross_merges++;
		return;
	}
}

/* Every registered business is visible or merged into a visible one: following
 * merged_into from any record ends at a record not merged (the fold never hides
 * every member of a merge cycle). Returns the records for which it does not. */
static int merge_invariant(struct office *o, char *why, size_t whysize)
{
	char *text = query_text(o->path,
		"SELECT lower(hex(id)), coalesce(merged_into, '') FROM umkm"
		" UNION ALL SELECT lower(hex(id)), coalesce(merged_into, '') FROM koperasi");
	size_t n = 0, cap = 64;
	char (*ids)[RID_HEX] = xmalloc(cap * RID_HEX), (*to)[RID_HEX] = xmalloc(cap * RID_HEX);
	for (char *save = NULL, *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (n == cap) {
			cap *= 2;
			ids = xrealloc(ids, cap * RID_HEX);
			to = xrealloc(to, cap * RID_HEX);
		}
		char *bar = strchr(l, '|');
		*bar = '\0';
		str_copy(ids[n], l, RID_HEX);
		str_copy(to[n], str_eq(bar + 1, "-") ? "" : bar + 1, RID_HEX);
		n++;
	}
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		size_t cur = i, steps = 0;
		while (*to[cur] && steps <= n) {
			size_t k = 0;
			while (k < n && !str_eq(ids[k], to[cur]))
				k++;
			if (k == n)
				break; /* merged into a record not held: not a cycle */
			cur = k;
			steps++;
		}
		if (*to[cur] && steps > n && !bad++)
			snprintf(why, whysize, "%s: record %s is merged round a cycle, none shown",
				 o->code, ids[i]);
	}
	free(ids);
	free(to);
	free(text);
	return bad;
}

/* ---- program edits: stimulus applications through their states ---- */

static void app_add(struct sim *s, struct rid id)
{
	if (s->napps == s->acap) {
		s->acap = s->acap ? s->acap * 2 : 32;
		s->apps = xrealloc(s->apps, (size_t)s->acap * sizeof(*s->apps));
	}
	s->apps[s->napps++] = id;
}

/* Saves through the program's rules: refusals (a second application for one
 * NIK, a district deciding, a business deleted meanwhile) are counted. */
static bool prog_save(struct sim *s, struct office *o, struct record *rec)
{
	struct issues is = { 0 };
	struct err e = { 0 };
	enum save_result r = registry_save(o->st, &meta_stimulus, rec, "sim", true, &is, &e);
	issues_release(&is);
	if (r == SAVE_ERROR)
		fail_msg("stimulus save at %s: %s", o->code, e.msg);
	if (r == SAVE_DONE)
		s->prog_saves++;
	else
		s->prog_refused++;
	return r == SAVE_DONE;
}

static void do_apply(struct sim *s, struct office *o)
{
	struct record b;
	if (!pick_known(s, o, NULL, &b, NULL))
		return;
	char *ref = ref_make(registry_meta(b.ent->name), &b.id);
	struct record rec;
	registry_new(o->st, &meta_stimulus, &rec);
	record_set(&rec, "penerima", ref);
	char amount[24];
	snprintf(amount, sizeof(amount), "%u", (1 + rn(4)) * 500000);
	record_set(&rec, "jumlah_diajukan", amount);
	record_set(&rec, "tanggal_pengajuan", "2020-05-04");
	record_set(&rec, "bank", "BRI");
	record_set(&rec, "nama_rekening", record_get(&b, b.ent == &entity_umkm ? "nama_pemilik" : "ketua"));
	if (prog_save(s, o, &rec))
		app_add(s, rec.id);
	free(ref);
	record_release(&rec);
	record_release(&b);
}

static bool pick_app(struct sim *s, struct office *o, struct record *rec)
{
	for (int tries = 0; s->napps && tries < 6; tries++)
		if (store_get(o->st, &entity_stimulus, &s->apps[rn((unsigned)s->napps)], rec, NULL))
			return true;
	return false;
}

/* The next state of an application known here (a district tries decisions too,
 * and is refused). */
static void do_advance(struct sim *s, struct office *o)
{
	struct record rec;
	if (!pick_app(s, o, &rec)) {
		do_apply(s, o);
		return;
	}
	const char *st = record_get(&rec, "status");
	if (str_eq(st, "diajukan")) {
		record_set(&rec, "status", "diverifikasi");
		record_set(&rec, "tanggal_verifikasi", "2020-05-10");
		record_set(&rec, "kelayakan", "NIK valid;usaha skala mikro;bukan ASN / TNI / Polri / pegawai BUMN;"
			   "tidak sedang menerima kredit bank atau KUR;terdampak");
	} else if (str_eq(st, "diverifikasi")) {
		record_set(&rec, "tanggal_keputusan", "2020-05-15");
		if (chance(80)) {
			record_set(&rec, "status", "disetujui");
			record_set(&rec, "jumlah_disetujui", record_get(&rec, "jumlah_diajukan"));
		} else {
			record_set(&rec, "status", "ditolak");
			record_set(&rec, "alasan_tolak", "tidak layak");
		}
	} else if (str_eq(st, "disetujui")) {
		record_set(&rec, "status", "dicairkan");
		record_set(&rec, "cara_bayar", "tunai");
		record_set(&rec, "jumlah_dibayar", record_get(&rec, "jumlah_disetujui"));
		record_set(&rec, "tanggal_cair", "2020-05-20");
		record_set(&rec, "referensi_bayar", "KAS-1");
	} else {
		char *v = random_value(s, &entity_stimulus, "catatan");
		record_set(&rec, "catatan", v);
		free(v);
	}
	prog_save(s, o, &rec);
	record_release(&rec);
}

/* One field of one application changed at two offices before either sees the
 * other's change (fields both may write). */
static void do_prog_concurrent(struct sim *s)
{
	static const char *const fields[] = { "catatan", "catatan_kunjungan", "nomor_rekening",
					      "jumlah_diajukan" };
	int a = (int)rn(NOFF), b = (int)rn(NOFF);
	struct record ra, rb;
	if (a == b || !pick_app(s, &s->o[a], &ra))
		return;
	if (!store_get(s->o[b].st, &entity_stimulus, &ra.id, &rb, NULL)) {
		record_release(&ra);
		return;
	}
	const char *f = fields[rn(ARRAY_SIZE(fields))];
	char *va = random_value(s, &entity_stimulus, f);
	char *vb = random_value(s, &entity_stimulus, f);
	record_set(&ra, f, va);
	record_set(&rb, f, vb);
	save_or_fail(&s->o[a], &ra);
	save_or_fail(&s->o[b], &rb);
	free(va);
	free(vb);
	record_release(&ra);
	record_release(&rb);
	s->prog_concurrent++;
}

static void do_program(struct sim *s, struct office *o)
{
	unsigned r = rn(100);
	if (r < 35)
		do_apply(s, o);
	else if (r < 80)
		do_advance(s, o);
	else
		do_prog_concurrent(s);
}

/* A conflict picked at an office, copied out of store_conflicts' callback. */
struct picked {
	int seen, want;
	bool cycle;
	const struct entity_def *ent;
	struct rid record;
	char field[64];
	char *values[8];
	size_t nvalues;
};

static void pick_conflict(const struct conflict *c, void *arg)
{
	struct picked *p = arg;
	if (p->seen++ != p->want)
		return;
	p->ent = c->ent;
	p->cycle = c->merge_cycle;
	p->record = c->record;
	str_copy(p->field, c->field, sizeof(p->field));
	for (size_t i = 0; i < c->nsides && i < ARRAY_SIZE(p->values); i++)
		p->values[p->nvalues++] = c->sides[i].value ? xstrdup(c->sides[i].value) : NULL;
}

static void count_field(const struct conflict *c, void *arg)
{
	struct picked *p = arg;
	if (str_eq(c->field, p->field) && c->merge_cycle == p->cycle)
		p->seen++;
}

/* An officer resolves a conflict this office sees: keeps the winner, another
 * side's value, or types a new one. */
static void do_resolve(struct sim *s, struct office *o)
{
	struct err e = { 0 };
	struct picked p = { 0 };
	p.want = -1;
	int n = store_conflicts(o->st, NULL, NULL, NULL, NULL, &e);
	if (n < 0)
		fail_msg("conflicts at %s: %s", o->code, e.msg);
	if (n == 0)
		return;
	p.want = (int)rn((unsigned)n);
	assert_int_equal(store_conflicts(o->st, NULL, NULL, pick_conflict, &p, &e), n);
	assert_non_null(p.ent);
	assert_true(p.nvalues >= 2);
	char *fresh = NULL;
	const char *value;
	unsigned r = rn(100);
	if (r < 40)
		value = p.values[0];
	else if (r < 80)
		value = p.values[1 + rn((unsigned)p.nvalues - 1)];
	else if (!p.cycle)
		value = fresh = random_value(s, p.ent, p.field);
	else
		value = NULL; /* a merge cycle: keep the member shown */
	if (p.cycle) {
		/* A field conflict on merged_into is resolved first; a cycle then. */
		struct picked f = { 0 };
		str_copy(f.field, p.field, sizeof(f.field));
		assert_true(store_conflicts(o->st, p.ent, &p.record, count_field, &f, &e) >= 0);
		if (f.seen) {
			for (size_t i = 0; i < p.nvalues; i++)
				free(p.values[i]);
			return;
		}
	}
	if (!store_resolve(o->st, p.ent, &p.record, p.field, value, "resolver", &e))
		fail_msg("resolve %s at %s: %s", p.field, o->code, e.msg);
	if (p.cycle) {
		/* The member kept is not merged any more; the cycle is gone. */
		struct rid keep = p.record;
		struct record kr;
		if (value)
			assert_true(rid_from_hex(value, &keep));
		assert_true(store_get(o->st, p.ent, &keep, &kr, NULL));
		if (record_get(&kr, FIELD_MERGED_INTO))
			fail_msg("kept %s of a merge cycle at %s: still merged", value ? value : "-",
				 o->code);
		record_release(&kr);
		struct picked q = { 0 };
		q.cycle = true;
		str_copy(q.field, p.field, sizeof(q.field));
		assert_true(store_conflicts(o->st, p.ent, &keep, count_field, &q, &e) >= 0);
		if (q.seen)
			fail_msg("resolved a merge cycle at %s: still listed", o->code);
		for (size_t i = 0; i < p.nvalues; i++)
			free(p.values[i]);
		s->resolves++;
		return;
	}
	/* Gone from this office's list at once. */
	struct picked q = { 0 };
	str_copy(q.field, p.field, sizeof(q.field));
	assert_true(store_conflicts(o->st, p.ent, &p.record, count_field, &q, &e) >= 0);
	if (q.seen)
		fail_msg("resolved %s at %s: still listed", p.field, o->code);
	struct record rec;
	assert_true(store_get(o->st, p.ent, &p.record, &rec, NULL));
	const char *now = record_get(&rec, p.field);
	if (!(value ? now && (str_eq(now, value) ||
			      /* integers are stored as numbers */
			      strtoll(now, NULL, 10) == strtoll(value, NULL, 10))
		    : now == NULL))
		fail_msg("resolved %s at %s to '%s', the record shows '%s'", p.field, o->code,
			 value ? value : "", now ? now : "");
	record_release(&rec);
	free(fresh);
	for (size_t i = 0; i < p.nvalues; i++)
		free(p.values[i]);
	s->resolves++;
}

static void remember(struct sim *s, char *path, int to)
{
	if (s->nbundles == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->bundles = xrealloc(s->bundles, (size_t)s->cap * sizeof(char *));
		s->bundle_to = xrealloc(s->bundle_to, (size_t)s->cap * sizeof(int));
	}
	s->bundles[s->nbundles] = path;
	s->bundle_to[s->nbundles] = to;
	s->nbundles++;
}

/* Imports a bundle in the random phase: it applies, or it is refused because ops
 * before it are missing (counted); anything else fails the test. */
static void sim_import(struct sim *s, int to, const char *path)
{
	struct err e;
	s->imports++;
	if (import_file(&s->o[to], path, NULL, &e))
		return;
	if (strstr(e.msg, "import the older bundles first")) {
		s->gap_refusals++;
		return;
	}
	fail_msg("import of %s at %s refused: %s", path, s->o[to].code, e.msg);
}

static void do_exchange(struct sim *s)
{
	int d = 1 + (int)rn(NOFF - 1);
	bool up = chance(50);
	int from = up ? d : 0, to = up ? 0 : d;
	char *path = export_to(&s->o[from], s->o[to].code, s->dir);
	s->exports++;
	remember(s, path, to);
	unsigned r = rn(100);
	if (r < 10) {
		s->drops++; /* never imported (unless replayed) */
	} else if (r < 22 && s->nheld < (int)ARRAY_SIZE(s->held)) {
		s->held[s->nheld].to = to;
		s->held[s->nheld].path = path;
		s->nheld++;
	} else {
		sim_import(s, to, path);
		if (r < 35) {
			s->duplicates++;
			sim_import(s, to, path);
		}
	}
	/* Now and then a bundle held back arrives late, after newer ones. */
	if (s->nheld && chance(35)) {
		int i = (int)rn((unsigned)s->nheld);
		s->late++;
		sim_import(s, s->held[i].to, s->held[i].path);
		s->held[i] = s->held[--s->nheld];
	}
	/* And an old bundle comes in again. */
	if (s->nbundles > 1 && chance(20)) {
		int i = (int)rn((unsigned)s->nbundles);
		s->replays++;
		sim_import(s, s->bundle_to[i], s->bundles[i]);
	}
}

static void sim_setup(struct sim *s, bool arrival_order)
{
	memset(s, 0, sizeof(*s));
	s->dir = new_dir("sim");
	office_make(&s->o[0], s->dir, office_codes[0], NULL, NULL);
	char *pk = xasprintf("%s/province.keys", s->dir);
	struct err e = { 0 };
	assert_true(sync_keys_export(s->o[0].st, pk, &e));
	for (int i = 1; i < NOFF; i++)
		office_make(&s->o[i], s->dir, office_codes[i], pk, NULL);
	free(pk);
	for (int i = 0; i < NOFF; i++)
		store_test_arrival_order(s->o[i].st, arrival_order);
	/* Some records before the first exchange, so first bundles carry data. */
	for (int i = 1; i < NOFF; i++)
		if (chance(60))
			do_create(s, &s->o[i]);
	for (int i = 1; i < NOFF; i++)
		approve_through_flow(&s->o[0], &s->o[i], s->dir);
	/* Each district receives its certificate and the other offices' keys. */
	for (int i = 1; i < NOFF; i++) {
		char *b = export_to(&s->o[0], s->o[i].code, s->dir);
		must_import(&s->o[i], b, NULL);
		free(b);
	}
}

static void sim_release(struct sim *s)
{
	for (int i = 0; i < NOFF; i++)
		office_close(&s->o[i]);
	for (int i = 0; i < s->nbundles; i++)
		free(s->bundles[i]);
	free(s->bundles);
	free(s->bundle_to);
	free(s->pool);
	free(s->apps);
	rm_dir(s->dir);
}

static void sim_random_phase(struct sim *s, int rounds)
{
	for (int round = 0; round < rounds; round++) {
		int actions = 1 + (int)rn(6);
		for (int k = 0; k < actions; k++) {
			struct office *o = &s->o[rn(NOFF)];
			unsigned r = rn(100);
			if (s->npool >= 3 && rn(100) < 15)
				do_program(s, o);
			else if (r < 22 || s->npool < 3)
				do_create(s, o);
			else if (r < 55)
				do_edit(s, o);
			else if (r < 72)
				do_concurrent(s);
			else if (r < 80)
				do_delete(s, o);
			else if (r < 86)
				do_restore(s, o);
			else if (r < 93 && chance(60))
				do_merge(s, o);
			else if (r < 93)
				do_cross_merge(s);
			else
				do_resolve(s, o);
		}
		int exchanges = (int)rn(4);
		for (int k = 0; k < exchanges; k++)
			do_exchange(s);
	}
}

/* Every district to the province, then the province to every district; twice. */
static void sim_final_exchange(struct sim *s)
{
	for (int pass = 0; pass < 2; pass++) {
		for (int d = 1; d < NOFF; d++) {
			char *b = export_to(&s->o[d], s->o[0].code, s->dir);
			must_import(&s->o[0], b, NULL);
			free(b);
		}
		for (int d = 1; d < NOFF; d++) {
			char *b = export_to(&s->o[0], s->o[d].code, s->dir);
			must_import(&s->o[d], b, NULL);
			free(b);
		}
	}
}

static int seeds(void)
{
	const char *v = getenv("BANTU_SYNC_SEEDS");
	int n = v ? atoi(v) : 12;
	return n > 0 ? n : 12;
}

#define ROUNDS 40

/* Failures of the convergence run: every seed runs, the first message of each
 * kind is kept, and the test fails at the end with the counts. */
struct failures {
	int n[5];
	char first[5][2048];
};
static const char *const failure_kind[5] = { "tables differ", "op sets differ",
					     "conflict lists differ", "store_check problems",
					     "businesses hidden by a merge cycle" };

static void failed(struct failures *f, int kind, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void failed(struct failures *f, int kind, const char *fmt, ...)
{
	if (!f->n[kind]++) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(f->first[kind], sizeof(f->first[kind]), fmt, ap);
		va_end(ap);
	}
}

static void test_convergence(void **state)
{
	(void)state;
	struct failures fl;
	memset(&fl, 0, sizeof(fl));
	int bad_seeds = 0;
	int n = seeds();
	int total_conflicts = 0, total_concurrent = 0, total_gaps = 0, total_merges = 0;
	int total_deletes = 0, total_restores = 0, total_late = 0, total_replays = 0;
	int total_cross = 0, total_cycles = 0;
	int total_resolves = 0, total_prog = 0, total_prog_refused = 0, total_prog_concurrent = 0;
	for (int seed = 1; seed <= n; seed++) {
		rng = 0x9E3779B97F4A7C15ull * (uint64_t)seed + 1;
		struct sim s;
		sim_setup(&s, false);
		sim_random_phase(&s, ROUNDS);
		sim_final_exchange(&s);

		int failures_before = fl.n[0] + fl.n[1] + fl.n[2] + fl.n[3] + fl.n[4];
		char *want = dump(s.o[0].st);
		char *want_ops = query_text(s.o[0].path, ops_sql);
		char *raw_conf = query_text(s.o[0].path, conflicts_sql);
		char *want_conf = sorted_lines(raw_conf);
		free(raw_conf);
		char *want_full = NULL;
		assert_true(count_lines(want) >= s.creates);
		for (int i = 0; i < NOFF; i++) {
			char *got = i ? dump(s.o[i].st) : xstrdup(want);
			if (!str_eq(got, want)) {
				char diff[1024];
				first_difference(want, got, diff, sizeof(diff));
				failed(&fl, 0, "seed %d: the tables of %s differ from the province's:%s", seed,
					 s.o[i].code, diff);
			}
			free(got);
			char *ops = query_text(s.o[i].path, ops_sql);
			if (!str_eq(ops, want_ops))
				failed(&fl, 1, "seed %d: %s holds %d ops, the province %d (or other ones)", seed,
					 s.o[i].code, count_lines(ops), count_lines(want_ops));
			free(ops);
			/* The same conflicts everywhere, as the oracle computes them from
			 * the op set, with the same sides. */
			struct conflict_text ct;
			conflict_list(&s.o[i], &ct);
			char *got_conf = sorted_lines(ct.keys.buf);
			if (!str_eq(got_conf, want_conf)) {
				struct strbuf d = STRBUF_INIT;
				lines_missing(want_conf, got_conf, "not listed:", &d);
				lines_missing(got_conf, want_conf, "listed, not in the op log:", &d);
				failed(&fl, 2, "seed %d: %s's conflict list (store_conflicts) differs from"
				       " the conflicts of its op log:%s", seed, s.o[i].code,
				       d.buf ? d.buf : "");
				strbuf_release(&d);
			}
			free(got_conf);
			if (!i)
				want_full = xstrdup(ct.full.buf ? ct.full.buf : "");
			else if (!str_eq(ct.full.buf ? ct.full.buf : "", want_full))
				failed(&fl, 2, "seed %d: the conflicts at %s differ from the province's:\n%s\n%s",
					 seed, s.o[i].code, ct.full.buf ? ct.full.buf : "", want_full);
			strbuf_release(&ct.keys);
			strbuf_release(&ct.full);
			if (problems(&s.o[i]) != 0)
				failed(&fl, 3, "seed %d: store_check found problems at %s", seed, s.o[i].code);
			char why[256];
			if (merge_invariant(&s.o[i], why, sizeof(why)))
				failed(&fl, 4, "seed %d: %s", seed, why);
		}
		bad_seeds += fl.n[0] + fl.n[1] + fl.n[2] + fl.n[3] + fl.n[4] > failures_before;
		total_cross += s.cross_merges;
		char *cyc = query_text(s.o[0].path, "SELECT count(*) FROM merge_cycle");
		total_cycles += atoi(cyc);
		free(cyc);
		total_conflicts += count_lines(want_conf);
		total_concurrent += s.concurrent;
		total_gaps += s.gap_refusals;
		total_merges += s.merges;
		total_deletes += s.deletes;
		total_restores += s.restores;
		total_resolves += s.resolves;
		total_late += s.late;
		total_replays += s.replays;
		total_prog += s.prog_saves;
		total_prog_refused += s.prog_refused;
		total_prog_concurrent += s.prog_concurrent;
		if (getenv("BANTU_SYNC_VERBOSE"))
			fprintf(stderr,
				"# seed %d: %d records, %d ops; %d creates, %d edits, %d concurrent,"
				" %d deletes, %d restores, %d merges, %d resolves; %d exports, %d imports"
				" (%d dup, %d dropped, %d late, %d replayed, %d refused for a gap);"
				" %d conflicts\n",
				seed, count_lines(want), count_lines(want_ops), s.creates, s.edits,
				s.concurrent, s.deletes, s.restores, s.merges, s.resolves, s.exports,
				s.imports,
				s.duplicates, s.drops, s.late, s.replays, s.gap_refusals,
				count_lines(want_conf));
		free(want);
		free(want_ops);
		free(want_conf);
		free(want_full);
		sim_release(&s);
	}
	/* The run exercised what it claims to. */
	assert_true(total_concurrent > 0);
	assert_true(total_conflicts > 0);
	assert_true(total_merges > 0);
	/* Merges both ways, some left as cycles to the end. */
	assert_true(total_cross > 0);
	assert_true(total_cycles > 0 || n < 4);
	assert_true(total_deletes > 0);
	assert_true(total_restores > 0 || n < 4);
	assert_true(total_resolves > 0 || n < 4);
	assert_true(total_late > 0 || n < 4);
	assert_true(total_replays > 0 || n < 4);
	/* Stimulus applications moved through their states, some refused by the
	 * rules (a district deciding, a second application for one NIK), some
	 * edited at two offices at once. */
	assert_true(total_prog > 0);
	assert_true(total_prog_refused > 0 || n < 4);
	assert_true(total_prog_concurrent > 0 || n < 4);
	printf("# convergence: %d seeds, %d merges both ways (%d cycles left), %d concurrent"
	       " edits, %d conflicts left, %d resolved,"
	       " %d refused for a gap; stimulus: %d saves, %d refused, %d concurrent\n", n,
	       total_cross, total_cycles, total_concurrent, total_conflicts, total_resolves, total_gaps, total_prog,
	       total_prog_refused, total_prog_concurrent);
	if (bad_seeds) {
		for (int k = 0; k < 5; k++)
			if (fl.n[k])
				printf("# %s: %d times; the first: %s\n", failure_kind[k], fl.n[k],
				       fl.first[k]);
		fail_msg("%d of %d seeds did not converge (tables %d, op sets %d, conflict lists %d,"
			 " check %d, merge cycles %d)", bad_seeds, n, fl.n[0], fl.n[1], fl.n[2], fl.n[3],
			 fl.n[4]);
	}
}

/* The wrong rule (the last op to arrive wins) must make replicas differ. */
static void test_wrong_rule_diverges(void **state)
{
	(void)state;
	int n = seeds();
	int diverged = 0;
	for (int seed = 1; seed <= n && !diverged; seed++) {
		rng = 0x9E3779B97F4A7C15ull * (uint64_t)seed + 1;
		struct sim s;
		sim_setup(&s, true);
		sim_random_phase(&s, ROUNDS);
		sim_final_exchange(&s);
		char *want = dump(s.o[0].st);
		for (int i = 1; i < NOFF; i++) {
			char *got = dump(s.o[i].st);
			diverged += !str_eq(got, want);
			free(got);
		}
		free(want);
		sim_release(&s);
		if (diverged)
			printf("# arrival order: seed %d left %d of %d districts different from the"
			       " province\n", seed, diverged, NOFF - 1);
	}
	if (!diverged)
		fail_msg("folding in arrival order left all %d seeds identical: the convergence test"
			 " would not catch a wrong merge rule", n);
}

/* ---- a small federation for the direct tests: the province and three districts ---- */

struct fed {
	char *dir;
	char *prov_keys;
	struct office p, d1, d2, d3;
};

static struct rid save_umkm(struct office *o, const char *name, const char *owner, const char *nik)
{
	struct record rec;
	record_init(&rec, &entity_umkm);
	record_set(&rec, "nama_usaha", name);
	record_set(&rec, "nama_pemilik", owner);
	record_set(&rec, "nik", nik);
	record_set(&rec, "jenis_kelamin", "P");
	record_set(&rec, "kabupaten_kota", "18.71");
	record_set(&rec, "kecamatan", "18.71.01");
	struct issues is = { 0 };
	struct err e = { 0 };
	enum save_result r = registry_save(o->st, &meta_umkm, &rec, "tester", true, &is, &e);
	if (r != SAVE_DONE)
		fail_msg("save %s: %d %s %s", name, r, e.msg, is.n ? is.v[0].msg : "");
	struct rid id = rec.id;
	issues_release(&is);
	record_release(&rec);
	return id;
}

static void fed_setup(struct fed *f)
{
	memset(f, 0, sizeof(*f));
	f->dir = new_dir("fed");
	office_make(&f->p, f->dir, "18", NULL, NULL);
	f->prov_keys = xasprintf("%s/province.keys", f->dir);
	struct err e = { 0 };
	assert_true(sync_keys_export(f->p.st, f->prov_keys, &e));
	office_make(&f->d1, f->dir, "18.71", f->prov_keys, NULL);
	office_make(&f->d2, f->dir, "18.72", f->prov_keys, NULL);
	office_make(&f->d3, f->dir, "18.01", f->prov_keys, NULL);
	save_umkm(&f->d1, "Warung Bu Sri", "Sri Wahyuni", "1871015205900001");
	save_umkm(&f->d2, "Toko Pak Budi", "Budi Santoso", "1872011203850002");
	save_umkm(&f->d3, "Kopi Lereng", "Agus Salim", "1801011203850003");
	approve_through_flow(&f->p, &f->d1, f->dir);
	approve_through_flow(&f->p, &f->d2, f->dir);
	approve_through_flow(&f->p, &f->d3, f->dir);
	save_umkm(&f->p, "Kerajinan Tapis", "Dewi Lestari", "1871014406800004");
	struct office *ds[] = { &f->d1, &f->d2, &f->d3 };
	for (int i = 0; i < 3; i++) {
		char *b = export_to(&f->p, ds[i]->code, f->dir);
		must_import(ds[i], b, NULL);
		free(b);
	}
}

static void fed_release(struct fed *f)
{
	office_close(&f->p);
	office_close(&f->d1);
	office_close(&f->d2);
	office_close(&f->d3);
	free(f->prov_keys);
	rm_dir(f->dir);
}

/* What a refusal must leave unchanged. */
struct snapshot {
	int64_t ops;
	char *dump;
};

static void snap(struct office *o, struct snapshot *s)
{
	s->ops = store_op_count(o->st);
	s->dump = dump(o->st);
}

static void expect_unchanged(struct office *o, struct snapshot *s, const char *what)
{
	int64_t ops = store_op_count(o->st);
	char *d = dump(o->st);
	if (ops != s->ops)
		fail_msg("%s: %s holds %lld ops, %lld before", what, o->code, (long long)ops,
			 (long long)s->ops);
	if (!str_eq(d, s->dump))
		fail_msg("%s: the tables of %s changed", what, o->code);
	free(d);
	free(s->dump);
	s->dump = NULL;
}

/* A refused import: false, a one-line message containing `says`, nothing written. */
static void expect_refused(struct office *o, const char *file, const char *says, const char *what)
{
	struct snapshot s;
	snap(o, &s);
	struct err e;
	struct bundle_summary sum;
	if (import_file(o, file, &sum, &e))
		fail_msg("%s: imported at %s (%lld new)", what, o->code, (long long)sum.ops_new);
	if (!strstr(e.msg, says))
		fail_msg("%s: the message '%s' does not say '%s'", what, e.msg, says);
	if (strchr(e.msg, '\n'))
		fail_msg("%s: the message has more than one line: '%s'", what, e.msg);
	expect_unchanged(o, &s, what);
	assert_int_equal(problems(o), 0);
}

static void test_idempotent(void **state)
{
	(void)state;
	struct fed f;
	fed_setup(&f);
	/* Two bundles from 18.71, the second holding more than the first. */
	save_umkm(&f.d1, "Bakso Mas Joko", "Joko Widodo", "1871011506700005");
	char *older = export_to(&f.d1, "18", f.dir);
	save_umkm(&f.d1, "Sate Padang Uda", "Rizal Putra", "1871012007750006");
	struct record rec;
	struct rid id = save_umkm(&f.d1, "Es Teh Manis", "Nina Sari", "1871014508900007");
	assert_true(store_get(f.d1.st, &entity_umkm, &id, &rec, NULL));
	record_set(&rec, "alamat", "Jl. Kartini 12");
	save_or_fail(&f.d1, &rec);
	record_release(&rec);
	char *newer = export_to(&f.d1, "18", f.dir);

	struct bundle_summary sum;
	int64_t ops0 = store_op_count(f.p.st);
	must_import(&f.p, newer, &sum);
	assert_true(sum.ops_new >= 4);
	assert_int_equal(store_op_count(f.p.st), ops0 + sum.ops_new);
	assert_int_equal(sum.records_added, 3);
	int64_t ops1 = store_op_count(f.p.st);
	char *d1 = dump(f.p.st);

	/* The same bundle again: all known, nothing changes. */
	must_import(&f.p, newer, &sum);
	assert_int_equal(sum.ops_new, 0);
	assert_true(sum.ops_known >= 4);
	assert_int_equal(sum.records_added + sum.records_changed, 0);
	assert_int_equal(store_op_count(f.p.st), ops1);
	char *d2 = dump(f.p.st);
	assert_string_equal(d1, d2);
	free(d2);

	/* The older bundle after the newer: nothing more. */
	must_import(&f.p, older, &sum);
	assert_int_equal(sum.ops_new, 0);
	assert_int_equal(sum.records_added + sum.records_changed, 0);
	assert_int_equal(store_op_count(f.p.st), ops1);
	d2 = dump(f.p.st);
	assert_string_equal(d1, d2);
	free(d2);
	assert_int_equal(problems(&f.p), 0);

	/* The other way: the province's bundle imported three times at 18.72. */
	char *down = export_to(&f.p, "18.72", f.dir);
	must_import(&f.d2, down, &sum);
	assert_true(sum.ops_new >= 4);
	int64_t ops2 = store_op_count(f.d2.st);
	char *d3 = dump(f.d2.st);
	for (int i = 0; i < 2; i++) {
		must_import(&f.d2, down, &sum);
		assert_int_equal(sum.ops_new, 0);
		assert_int_equal(store_op_count(f.d2.st), ops2);
		char *d4 = dump(f.d2.st);
		assert_string_equal(d3, d4);
		free(d4);
	}
	/* 18.72 sees the same as the province. */
	assert_string_equal(d3, d1);
	assert_int_equal(problems(&f.d2), 0);
	free(d1);
	free(d3);
	free(down);
	free(older);
	free(newer);
	fed_release(&f);
}

static void sign_with(const uint8_t *msg, size_t len, uint8_t sig[SIG_SIZE], void *arg)
{
	const struct office_secret *me = arg;
	crypto_sign_detached(sig, NULL, msg, len, me->sign_sk);
}

static bool include_self(const struct office_row *o, void *arg)
{
	(void)arg;
	return str_eq(o->status, OFFICE_SELF);
}

/* A bundle made by hand (as sync_export would, but to an office the sender does
 * not know): o's ops for `to`, sealed to to_keys_file's keys, signed by o. */
static char *forge_bundle(struct office *o, const char *to, const char *to_keys_file,
			  const char *dir, const char *name)
{
	struct err e = { 0 };
	struct office_secret me;
	char *kp = sync_key_path(o->path);
	assert_true(office_secret_load(kp, &me, &e));
	free(kp);
	struct office_keys rk;
	char rname[128];
	assert_true(office_keys_load(to_keys_file, &rk, rname, sizeof(rname), &e));
	assert_string_equal(rk.code, to);
	uint8_t *payload = NULL;
	size_t len = 0;
	struct bundle_build_stats stats;
	if (!store_bundle_build(o->st, to, sign_with, &me, include_self, NULL, &payload, &len, &stats,
				&e))
		fail_msg("build: %s", e.msg);
	assert_true(stats.ops >= 1);
	char *path = xasprintf("%s/%s", dir, name);
	if (!envelope_write(path, payload, len, &me, &rk, &e))
		fail_msg("envelope: %s", e.msg);
	sodium_memzero(&me, sizeof(me));
	store_bundle_free(payload);
	return path;
}

static void test_refused(void **state)
{
	(void)state;
	struct fed f;
	fed_setup(&f);
	struct err e = { 0 };

	/* A bundle for 18.72 brought to 18.71. */
	save_umkm(&f.p, "Keripik Pisang", "Rina Marlina", "1871016001880008");
	char *for_d2 = export_to(&f.p, "18.72", f.dir);
	expect_refused(&f.d1, for_d2, "the bundle is for office 18.72; this is office 18.71",
		       "a bundle for another office");
	/* ... and back to the province that wrote it. */
	expect_refused(&f.p, for_d2, "the bundle is for office 18.72", "a bundle for another office");
	must_import(&f.d2, for_d2, NULL);

	/* Revoked: the province ends 18.01; its next bundle is refused, what it sent
	 * before stays; the province no longer writes to it. */
	char *kept = dump(f.p.st);
	assert_non_null(strstr(kept, "Kopi Lereng"));
	assert_true(sync_office_revoke(f.p.st, "18.01", &e));
	struct office_row row;
	assert_true(store_office_get(f.p.st, "18.01", &row));
	assert_string_equal(row.status, OFFICE_REVOKED);
	save_umkm(&f.d3, "Warung Setelah Dicabut", "Yanti Susanti", "1801015505920009");
	char *revoked = export_to(&f.d3, "18", f.dir);
	expect_refused(&f.p, revoked, "office 18.01 has been revoked", "a revoked office's bundle");
	char *d = dump(f.p.st);
	assert_non_null(strstr(d, "Kopi Lereng"));
	assert_null(strstr(d, "Warung Setelah Dicabut"));
	free(d);
	free(kept);
	char *out = xasprintf("%s/to-revoked.bundle", f.dir);
	struct bundle_build_stats stats;
	assert_false(sync_export(f.p.st, f.p.path, "18.01", out, NULL, NULL, &stats, &e));
	assert_non_null(strstr(e.msg, "revoked"));
	assert_int_equal(access(out, F_OK), -1);
	free(out);

	/* The revocation travels: 18.71 learns it from the province's next bundle and
	 * then refuses a bundle of 18.01 relayed to it by hand. */
	char *down = export_to(&f.p, "18.71", f.dir);
	must_import(&f.d1, down, NULL);
	assert_true(store_office_get(f.d1.st, "18.01", &row));
	assert_string_equal(row.status, OFFICE_REVOKED);
	char *d1keys = xasprintf("%s/d1.keys", f.dir);
	assert_true(sync_keys_export(f.d1.st, d1keys, &e));
	char *rev_direct = forge_bundle(&f.d3, "18.71", d1keys, f.dir, "revoked-direct.bundle");
	expect_refused(&f.d1, rev_direct, "office 18.01 has been revoked",
		       "a revoked office's bundle at a district");

	/* Unknown: an office of another province writes to the province, and 18.09
	 * (never approved, unknown to 18.71) writes to 18.71. */
	char *pk = xasprintf("%s/p.keys", f.dir);
	assert_true(sync_keys_export(f.p.st, pk, &e));
	struct office foreign, stranger;
	office_make(&foreign, f.dir, "17.71", NULL, NULL);
	save_umkm(&foreign, "Usaha Bengkulu", "Fajar Nugroho", "1771011010800010");
	char *fb = forge_bundle(&foreign, "18", pk, f.dir, "foreign.bundle");
	expect_refused(&f.p, fb, "office 17.71 is not known here", "an office of another province");
	assert_false(store_office_get(f.p.st, "17.71", &row));
	office_make(&stranger, f.dir, "18.09", f.prov_keys, NULL);
	save_umkm(&stranger, "Usaha Tak Dikenal", "Hendra Gunawan", "1809011010800011");
	char *sb = forge_bundle(&stranger, "18.71", d1keys, f.dir, "stranger.bundle");
	expect_refused(&f.d1, sb, "office 18.09 is not known here", "an unknown office at a district");
	assert_false(store_office_get(f.d1.st, "18.09", &row));
	/* Unapproved: 18.09's first bundle to the province waits for approval. */
	char *sb2 = export_to(&stranger, "18", f.dir);
	expect_refused(&f.p, sb2, "office 18.09 is not approved", "an unapproved office");
	expect_refused(&f.p, sb2, "office 18.09 is not approved", "an unapproved office, again");

	/* Other keys: a second database claiming to be 18.72. */
	struct office impostor;
	office_make(&impostor, f.dir, "18.72", f.prov_keys, "impostor");
	save_umkm(&impostor, "Toko Palsu", "Budi Santoso", "1872011203850002");
	char *ib = export_to(&impostor, "18", f.dir);
	expect_refused(&f.p, ib, "signed with other keys than office 18.72's",
		       "a bundle signed with other keys");
	assert_true(store_office_get(f.p.st, "18.72", &row));
	assert_string_equal(row.status, OFFICE_APPROVED);
	/* At a district too, sent straight to it by hand. */
	char *ib2 = forge_bundle(&impostor, "18.71", d1keys, f.dir, "impostor-direct.bundle");
	expect_refused(&f.d1, ib2, "other keys", "a bundle signed with other keys at a district");

	/* A bundle this office wrote itself, addressed to itself. */
	char *own = forge_bundle(&f.d1, "18.71", d1keys, f.dir, "self.bundle");
	expect_refused(&f.d1, own, "written by this office", "a bundle from this office itself");

	/* After all that, the real ones still flow. */
	char *up = export_to(&f.d2, "18", f.dir);
	must_import(&f.p, up, NULL);
	assert_int_equal(problems(&f.p), 0);
	assert_int_equal(problems(&f.d1), 0);

	free(up);
	free(own);
	free(ib2);
	free(ib);
	office_close(&impostor);
	free(sb2);
	free(sb);
	free(fb);
	office_close(&stranger);
	office_close(&foreign);
	free(pk);
	free(rev_direct);
	free(d1keys);
	free(down);
	free(revoked);
	free(for_d2);
	fed_release(&f);
}


/* ---- payloads forged by an approved office (it holds a real key, and signs) ---- */

/* The last op of origin in o's log: its seq and hash (seq 0 when none). */
static int64_t last_op(struct office *o, int64_t origin, uint8_t hash[32])
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(o->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT seq, hash FROM op WHERE origin = ?"
					    " ORDER BY seq DESC LIMIT 1", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_int64(s, 1, origin);
	int64_t seq = 0;
	memset(hash, 0, 32);
	if (sqlite3_step(s) == SQLITE_ROW) {
		seq = sqlite3_column_int64(s, 0);
		assert_int_equal(sqlite3_column_bytes(s, 1), 32);
		memcpy(hash, sqlite3_column_blob(s, 1), 32);
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return seq;
}

static void load_secret_of(struct office *o, struct office_secret *me)
{
	struct err e = { 0 };
	char *kp = sync_key_path(o->path);
	assert_true(office_secret_load(kp, me, &e));
	free(kp);
}

/* A well-formed op (hash computed) that follows prev in origin's chain. */
struct forged {
	struct op op;
	struct op_field f;
	char json[160];
};

static void forge_op(struct forged *g, int64_t origin, int64_t seq, const uint8_t prev[32],
		     const char *office, const char *field, const char *value)
{
	memset(g, 0, sizeof(*g));
	g->f.name = field;
	g->f.value = value;
	g->op.origin = origin;
	g->op.seq = seq;
	g->op.hlc = (int64_t)time(NULL) * 1000 << 16;
	g->op.entity = "umkm";
	g->op.record = rid_new();
	g->op.office = office;
	g->op.officer = "forger";
	g->op.fields = &g->f;
	g->op.nfields = 1;
	memcpy(g->op.prev, prev, 32);
	op_compute_hash(&g->op, g->op.hash);
	snprintf(g->json, sizeof(g->json), "[[\"%s\",\"%s\"]]", field, value);
}

static void mem_sql(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

/* Puts a forged op into a payload, and its chain's head (of head_office) signed with
 * signer's key. */
static void payload_add_op(sqlite3 *db, const struct forged *g, const char *head_office,
			   const struct office_secret *signer)
{
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO op VALUES (?,?,?,?,?,?,?,?,?,?)", -1, &s,
					    NULL), SQLITE_OK);
	sqlite3_bind_int64(s, 1, g->op.origin);
	sqlite3_bind_int64(s, 2, g->op.seq);
	sqlite3_bind_int64(s, 3, g->op.hlc);
	sqlite3_bind_text(s, 4, g->op.entity, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 5, g->op.record.b, 16, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, g->op.office, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, g->op.officer, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, g->json, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 9, g->op.prev, 32, SQLITE_STATIC);
	sqlite3_bind_blob(s, 10, g->op.hash, 32, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	uint8_t msg[HEAD_MSG_SIZE], sig[SIG_SIZE];
	head_message(g->op.origin, g->op.seq, g->op.hash, msg);
	crypto_sign_detached(sig, NULL, msg, sizeof(msg), signer->sign_sk);
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO head VALUES (?,?,?,?,?)", -1,
					    &s, NULL), SQLITE_OK);
	sqlite3_bind_int64(s, 1, g->op.origin);
	sqlite3_bind_text(s, 2, head_office, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, g->op.seq);
	sqlite3_bind_blob(s, 4, g->op.hash, 32, SQLITE_STATIC);
	sqlite3_bind_blob(s, 5, sig, SIG_SIZE, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
}

typedef void (*tamper_fn)(sqlite3 *db, void *arg);

/*
 * o's real payload for `to` (sync_export's), changed by fn, sealed to to_keys and
 * signed by o: a bundle only an approved office's key could make.
 */
static char *forge_payload(struct office *o, const char *to, const char *to_keys, tamper_fn fn,
			   void *arg, const char *name, const char *dir)
{
	struct err e = { 0 };
	struct office_secret me;
	load_secret_of(o, &me);
	uint8_t *payload = NULL;
	size_t len = 0;
	struct bundle_build_stats stats;
	if (!store_bundle_build(o->st, to, sign_with, &me, include_self, NULL, &payload, &len, &stats,
				&e))
		fail_msg("build: %s", e.msg);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	unsigned char *copy = sqlite3_malloc64(len);
	memcpy(copy, payload, len);
	store_bundle_free(payload);
	assert_int_equal(sqlite3_deserialize(db, "main", copy, (sqlite3_int64)len, (sqlite3_int64)len,
					     SQLITE_DESERIALIZE_FREEONCLOSE |
						     SQLITE_DESERIALIZE_RESIZEABLE),
			 SQLITE_OK);
	fn(db, arg);
	sqlite3_int64 size = 0;
	unsigned char *img = sqlite3_serialize(db, "main", &size, 0);
	assert_non_null(img);
	struct office_keys rk;
	char rname[128];
	assert_true(office_keys_load(to_keys, &rk, rname, sizeof(rname), &e));
	char *path = xasprintf("%s/%s", dir, name);
	if (!envelope_write(path, img, (size_t)size, &me, &rk, &e))
		fail_msg("envelope: %s", e.msg);
	sqlite3_free(img);
	sqlite3_close(db);
	sodium_memzero(&me, sizeof(me));
	return path;
}

struct forge_ctx {
	struct office *victim;        /* whose chain is extended */
	struct office *signer;        /* whose key signs the forged head */
	const char *office;           /* the office the op claims */
	const char *field, *value;
};

/* Appends an op to the victim's chain, as its next op, head signed by signer. */
static void add_next_op(sqlite3 *db, void *arg)
{
	struct forge_ctx *c = arg;
	uint8_t prev[32];
	int64_t origin = store_replica_id(c->victim->st);
	int64_t seq = last_op(c->victim, origin, prev);
	/* The payload may already hold the victim's ops: follow its last one. */
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT seq, hash FROM op WHERE origin = ?"
					    " ORDER BY seq DESC LIMIT 1", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_int64(s, 1, origin);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 0) >= seq) {
		seq = sqlite3_column_int64(s, 0);
		memcpy(prev, sqlite3_column_blob(s, 1), 32);
	}
	sqlite3_finalize(s);
	struct forged g;
	forge_op(&g, origin, seq + 1, prev, c->office, c->field, c->value);
	struct office_secret key;
	load_secret_of(c->signer, &key);
	payload_add_op(db, &g, c->victim->code, &key);
	sodium_memzero(&key, sizeof(key));
}

static void set_manifest(sqlite3 *db, void *arg)
{
	mem_sql(db, arg);
}

static void add_office_row(sqlite3 *db, void *arg)
{
	(void)arg;
	uint8_t k[32], cert[64];
	randombytes_buf(k, sizeof(k));
	randombytes_buf(cert, sizeof(cert));
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO office VALUES ('18.09', 'Palsu', ?, ?,"
					    " 'approved', ?)", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_blob(s, 1, k, 32, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, k, 32, SQLITE_STATIC);
	sqlite3_bind_blob(s, 3, cert, 64, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
}

static void test_forged_payloads(void **state)
{
	(void)state;
	struct fed f;
	fed_setup(&f);
	struct err e = { 0 };
	char *pk = xasprintf("%s/p.keys", f.dir);
	assert_true(sync_keys_export(f.p.st, pk, &e));
	char *d2k = xasprintf("%s/d2.keys", f.dir);
	assert_true(sync_keys_export(f.d2.st, d2k, &e));
	save_umkm(&f.d1, "Warung Baru", "Siti Aminah", "1871014101950013");

	/* 18.71 appends an op to 18.72's chain and signs its head with its own key. */
	struct forge_ctx c = { &f.d2, &f.d1, "18.72", "nama_usaha", "Dipalsukan" };
	char *b = forge_payload(&f.d1, "18", pk, add_next_op, &c, "relay-forged.bundle", f.dir);
	expect_refused(&f.p, b, "the changes of office 18.72 are not signed by its key",
		       "an op of another office, signed by the relaying office");
	free(b);
	/* The same op with 18.72's own signature is 18.72's: the control case. */
	c.signer = &f.d2;
	b = forge_payload(&f.d1, "18", pk, add_next_op, &c, "relay-genuine.bundle", f.dir);
	int64_t ops = store_op_count(f.p.st);
	struct bundle_summary sum;
	must_import(&f.p, b, &sum);
	assert_int_equal(store_op_count(f.p.st), ops + sum.ops_new);
	assert_true(sum.ops_new >= 2);
	free(b);
	/* 18.71 writes an op claiming office 18.72 into its own chain, signed by itself. */
	save_umkm(&f.d1, "Warung Lagi", "Siti Aminah", "1871014101950014");
	c = (struct forge_ctx){ &f.d1, &f.d1, "18.72", "nama_usaha", "Atas nama orang lain" };
	b = forge_payload(&f.d1, "18", pk, add_next_op, &c, "claims-other.bundle", f.dir);
	expect_refused(&f.p, b, "claims office 18.72 in the chain of office 18.71",
		       "an op claiming another office in the sender's chain");
	free(b);
	/* ... or the province itself. */
	c.office = "18";
	b = forge_payload(&f.d1, "18", pk, add_next_op, &c, "claims-province.bundle", f.dir);
	expect_refused(&f.p, b, "claims office 18 in the chain", "an op claiming the province");
	free(b);

	/* A manifest that names another sender, or a newer format. */
	b = forge_payload(&f.d1, "18", pk, set_manifest,
			  "UPDATE manifest SET value = '18.72' WHERE key = 'from'", "from.bundle", f.dir);
	expect_refused(&f.p, b, "says it is from 18.72 but is signed by 18.71",
		       "a manifest naming another sender");
	free(b);
	b = forge_payload(&f.d1, "18", pk, set_manifest,
			  "UPDATE manifest SET value = '18.72' WHERE key = 'to'", "to.bundle", f.dir);
	expect_refused(&f.p, b, "the bundle is for office 18.72", "a manifest naming another recipient");
	free(b);
	b = forge_payload(&f.d1, "18", pk, set_manifest,
			  "UPDATE manifest SET value = '99' WHERE key = 'format'", "format.bundle", f.dir);
	expect_refused(&f.p, b, "made by a newer Bantu", "a bundle of a newer format");
	free(b);
	b = forge_payload(&f.d1, "18", pk, set_manifest, "DELETE FROM head", "nohead.bundle", f.dir);
	expect_refused(&f.p, b, "without their signed head", "ops without their signed head");
	free(b);
	save_umkm(&f.d1, "Warung Ketiga", "Siti Aminah", "1871014101950015");
	save_umkm(&f.d1, "Warung Keempat", "Siti Aminah", "1871014101950016");
	/* Without the first op the province lacks: a gap before the chain. */
	uint8_t h[32];
	int64_t have = last_op(&f.p, store_replica_id(f.d1.st), h);
	char *gap = xasprintf("DELETE FROM op WHERE origin = %lld AND seq <= %lld",
			      (long long)store_replica_id(f.d1.st), (long long)have + 1);
	b = forge_payload(&f.d1, "18", pk, set_manifest, gap, "gap.bundle", f.dir);
	free(gap);
	expect_refused(&f.p, b, "import the older bundles first", "a chain starting after a gap");
	free(b);
	b = forge_payload(&f.d1, "18", pk, set_manifest,
			  "DELETE FROM op WHERE seq = (SELECT min(seq) + 1 FROM op)", "hole.bundle",
			  f.dir);
	expect_refused(&f.p, b, "not a whole chain", "a chain with a hole");
	free(b);
	b = forge_payload(&f.d1, "18", pk, set_manifest,
			  "UPDATE op SET fields = replace(fields, 'Warung', 'Wareng')", "altered.bundle",
			  f.dir);
	expect_refused(&f.p, b, "has been altered", "an op altered after hashing");
	free(b);

	/* A district offering a certificate it made up, to another district. */
	char *d2keys = d2k;
	b = forge_payload(&f.d1, "18.72", d2keys, add_office_row, NULL, "cert.bundle", f.dir);
	expect_refused(&f.d2, b, "the certificate of office 18.09 is not the province's",
		       "a made-up certificate");
	struct office_row row;
	assert_false(store_office_get(f.d2.st, "18.09", &row));
	free(b);

	/* A field this version does not know (a newer Bantu at 18.71): kept in the log,
	 * relayed on, and check still passes. */
	c = (struct forge_ctx){ &f.d1, &f.d1, "18.71", "kolom_baru", "nilai dari versi baru" };
	b = forge_payload(&f.d1, "18", pk, add_next_op, &c, "newfield.bundle", f.dir);
	ops = store_op_count(f.p.st);
	must_import(&f.p, b, &sum);
	assert_true(sum.ops_new >= 1);
	assert_int_equal(store_op_count(f.p.st), ops + sum.ops_new);
	char *kept = query_text(f.p.path, "SELECT count(*) FROM op WHERE fields LIKE '%kolom_baru%'");
	assert_string_equal(kept, "1\n");
	free(kept);
	assert_int_equal(problems(&f.p), 0);
	free(b);
	b = export_to(&f.p, "18.01", f.dir);
	must_import(&f.d3, b, NULL);
	kept = query_text(f.d3.path, "SELECT count(*) FROM op WHERE fields LIKE '%kolom_baru%'");
	assert_string_equal(kept, "1\n");
	free(kept);
	assert_int_equal(problems(&f.d3), 0);
	free(b);

	free(d2k);
	free(pk);
	fed_release(&f);
}

static uint8_t *read_all(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	long n = ftell(fp);
	assert_true(n >= 0);
	rewind(fp);
	uint8_t *b = xmalloc((size_t)n + 1);
	assert_int_equal(fread(b, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return b;
}

static bool contains(const uint8_t *hay, size_t n, const char *needle)
{
	return memmem(hay, n, needle, strlen(needle)) != NULL;
}

static void test_nothing_readable(void **state)
{
	(void)state;
	struct fed f;
	fed_setup(&f);
	static const char nik[] = "1871015902910012";
	static const char name[] = "Warung Rahasia Ibu Kartika";
	static const char owner[] = "Kartika Dewi Anggraini";
	save_umkm(&f.d1, name, owner, nik);
	/* The clear payload holds them: the test looks for something that is there. */
	struct err e = { 0 };
	struct office_secret me;
	char *kp = sync_key_path(f.d1.path);
	assert_true(office_secret_load(kp, &me, &e));
	free(kp);
	uint8_t *payload = NULL;
	size_t plen = 0;
	struct bundle_build_stats stats;
	assert_true(store_bundle_build(f.d1.st, "18", sign_with, &me, include_self, NULL, &payload,
				       &plen, &stats, &e));
	sodium_memzero(&me, sizeof(me));
	assert_true(contains(payload, plen, nik));
	assert_true(contains(payload, plen, name));
	store_bundle_free(payload);

	char *up = export_to(&f.d1, "18", f.dir);
	size_t len;
	uint8_t *file = read_all(up, &len);
	assert_false(contains(file, len, nik));
	assert_false(contains(file, len, name));
	assert_false(contains(file, len, owner));
	assert_false(contains(file, len, "Kartika"));
	assert_false(contains(file, len, "Sri Wahyuni"));
	assert_false(contains(file, len, "18.71.01")); /* a kecamatan code: inside, not outside */
	free(file);
	must_import(&f.p, up, NULL);
	/* And the province's bundle, relaying it to another district. */
	char *down = export_to(&f.p, "18.72", f.dir);
	file = read_all(down, &len);
	assert_false(contains(file, len, nik));
	assert_false(contains(file, len, name));
	assert_false(contains(file, len, owner));
	free(file);
	must_import(&f.d2, down, NULL);
	struct rid found;
	assert_true(store_find_match(f.d2.st, &entity_umkm, "nik", nik, name, &found));
	free(down);
	free(up);
	fed_release(&f);
}

/* ---- authority: a field only the province may write ---- */

static bool auth_office_key(const char *code, uint8_t pk[PK_SIZE], void *arg)
{
	struct office_row o;
	if (!store_office_get(arg, code, &o))
		return false;
	memcpy(pk, o.sign_pk, PK_SIZE);
	return true;
}

static bool auth_verify(const uint8_t *msg, size_t len, const uint8_t sig[SIG_SIZE],
			const uint8_t pk[PK_SIZE], void *arg)
{
	(void)arg;
	return crypto_sign_verify_detached(sig, msg, len, pk) == 0;
}

/* As if nama_usaha were a province-only field (as stimulus decisions will be). */

static bool auth_accept_row(struct store *st, const struct office_row *o, void *arg, struct err *e)
{
	(void)st, (void)o, (void)arg, (void)e;
	return true;
}

/* A verdict for the test: a district may not write umkm.nama_usaha. */
static void auth_verdict(struct store *st, const struct verdict_in *in, struct verdict_out *out)
{
	(void)st;
	for (size_t k = 0; k < in->op->nfields; k++)
		if (str_eq(in->op->fields[k].name, "nama_usaha") && strchr(in->op->office, '.')) {
			out->refuse = true;
			str_copy(out->why, "province-only", sizeof(out->why));
		}
}

static bool auth_wants(const struct entity_def *ent)
{
	return ent == &entity_umkm;
}

/* A district's change the rules refuse does not refuse the bundle (its chain
 * must still verify): the change is kept in the log, left out of the tables and
 * listed as refused with its reason. */
static void test_authority_refused(void **state)
{
	(void)state;
	struct fed f;
	fed_setup(&f);
	save_umkm(&f.d1, "Warung Wewenang", "Siti Aminah", "1871015902910013");
	struct err e = { 0 };
	struct office_secret me;
	char *kp = sync_key_path(f.d1.path);
	assert_true(office_secret_load(kp, &me, &e));
	free(kp);
	uint8_t *payload = NULL;
	size_t plen = 0;
	struct bundle_build_stats stats;
	assert_true(store_bundle_build(f.d1.st, "18", sign_with, &me, include_self, NULL, &payload,
				       &plen, &stats, &e));
	sodium_memzero(&me, sizeof(me));
	int64_t before = store_op_count(f.p.st);
	int64_t rows = store_count(f.p.st, &entity_umkm);
	struct bundle_policy pol = {
		.office_key = auth_office_key,
		.verify = auth_verify,
		.office_row = auth_accept_row,
		.arg = f.p.st,
	};
	struct bundle_summary sum;
	store_set_verdict(auth_verdict, auth_wants);
	assert_true(store_bundle_apply(f.p.st, payload, plen, "18.71", "t", &pol, &sum, &e));
	store_set_verdict(NULL, NULL);
	assert_true(store_op_count(f.p.st) > before);
	assert_int_equal(sum.ops_refused, 1);
	assert_non_null(strstr(sum.refused_why, "province-only"));
	assert_int_equal(store_refused_each(f.p.st, NULL, NULL, &e), 1);
	assert_int_equal(store_count(f.p.st, &entity_umkm), rows);
	store_bundle_free(payload);
	fed_release(&f);
}

/* The secret keys live beside the database, 0600, and nowhere in it. */
static void test_keys_not_in_database(void **state)
{
	(void)state;
	struct fed f;
	fed_setup(&f);
	struct office *os[] = { &f.p, &f.d1 };
	for (int i = 0; i < 2; i++) {
		struct office *o = os[i];
		char *kp = sync_key_path(o->path);
		struct stat sb;
		assert_int_equal(stat(kp, &sb), 0);
		assert_int_equal(sb.st_mode & 077, 0);
		struct office_secret me;
		struct err e = { 0 };
		assert_true(office_secret_load(kp, &me, &e));
		free(kp);
		store_close(o->st);
		size_t len;
		uint8_t *db = read_all(o->path, &len);
		assert_null(memmem(db, len, me.sign_sk, 32)); /* the seed half of the Ed25519 key */
		assert_null(memmem(db, len, me.box_sk, sizeof(me.box_sk)));
		free(db);
		char *wal = xasprintf("%s-wal", o->path);
		if (access(wal, F_OK) == 0) {
			db = read_all(wal, &len);
			assert_null(memmem(db, len, me.sign_sk, 32));
			assert_null(memmem(db, len, me.box_sk, sizeof(me.box_sk)));
			free(db);
		}
		free(wal);
		sodium_memzero(&me, sizeof(me));
		o->st = store_open(o->path, 0, &e);
		assert_non_null(o->st);
	}
	fed_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_convergence),
		cmocka_unit_test(test_wrong_rule_diverges),
		cmocka_unit_test(test_idempotent),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_forged_payloads),
		cmocka_unit_test(test_nothing_readable),
		cmocka_unit_test(test_keys_not_in_database),
		cmocka_unit_test(test_authority_refused),
	};
	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
