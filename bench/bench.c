/*
 * bench.c - in-process timings of the store and the registry on a big database
 * (bench/run.sh builds it and runs this). Everything is timed through the public
 * APIs the screens use (store_list_page, store_list_count, registry_save,
 * store_open, config_load); a second, read-only SQLite connection is used only
 * to pick realistic samples (names, NIKs, cursors) and for EXPLAIN QUERY PLAN.
 *
 *   bench DB
 *
 * Prints one line per figure on stdout, tab-separated:
 *   ROW <metric> <value> <target> <PASS|MISS|info>
 * and notes (query plans, counts) as "NOTE <text>" lines.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/config.h"
#include "core/i18n.h"
#include "model/registry.h"
#include "report/report.h"
#include "store/private.h" /* the connection, to catch the SQL a list runs */
#include "store/store.h"

#define NPREFIX 200
#define NLIST 200
#define NSAVE 200
#define NSTART 20
#define PAGE 20

static const char *const list_columns[] = {
	"nama_usaha", "nama_pemilik", "nik", "kabupaten_kota", "status_usaha", "reg_no", NULL
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}
static size_t rnd_below(size_t n) { return n ? (size_t)(rnd() % n) : 0; }

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Median and p99 (nearest rank) of n samples; sorts v. */
static void stats(double *v, size_t n, double *med, double *p99)
{
	qsort(v, n, sizeof(*v), cmp_double);
	*med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	size_t r = (size_t)((double)n * 0.99 + 0.999999);
	*p99 = v[(r ? r : 1) - 1];
}

static void row(const char *metric, double value, const char *unit, const char *target,
		double limit)
{
	const char *verdict = limit > 0 ? (value < limit ? "PASS" : "MISS") : "info";
	printf("ROW\t%s\t%.2f %s\t%s\t%s\n", metric, value, unit, target, verdict);
}

static void row_text(const char *metric, const char *value, const char *target,
		     const char *verdict)
{
	printf("ROW\t%s\t%s\t%s\t%s\n", metric, value, target, verdict);
}

static void release_rows(struct list_row *rows, int n)
{
	size_t ncols = ARRAY_SIZE(list_columns) - 1;
	for (int i = 0; i < n; i++)
		list_row_release(&rows[i], ncols);
}

/* ---- samples from a read-only side connection ---- */

struct sample {
	int64_t rowid;
	char *name;       /* nama_usaha: the list's sort key */
	char *owner;
	char *nik;
	char *kab;
};

static sqlite3 *side;
static int64_t max_rowid;

static char *col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return xstrdup(t ? (const char *)t : "");
}

static bool sample_row(struct sample *out)
{
	static sqlite3_stmt *s;
	if (!s && sqlite3_prepare_v2(side,
			"SELECT rowid, nama_usaha, nama_pemilik, nik, kabupaten_kota FROM umkm"
			" WHERE rowid >= ? AND deleted = 0 ORDER BY rowid LIMIT 1", -1, &s, NULL))
		return false;
	for (int tries = 0; tries < 10; tries++) {
		sqlite3_bind_int64(s, 1, 1 + (int64_t)rnd_below((size_t)max_rowid));
		if (sqlite3_step(s) == SQLITE_ROW) {
			out->rowid = sqlite3_column_int64(s, 0);
			out->name = col_dup(s, 1);
			out->owner = col_dup(s, 2);
			out->nik = col_dup(s, 3);
			out->kab = col_dup(s, 4);
			sqlite3_reset(s);
			return true;
		}
		sqlite3_reset(s);
	}
	return false;
}

static void sample_release(struct sample *s)
{
	free(s->name);
	free(s->owner);
	free(s->nik);
	free(s->kab);
}

/* A random word of text (letters only), cut to len letters; false if none fits. */
static bool word_prefix(const char *text, size_t len, char *out, size_t outsz)
{
	const char *words[16];
	size_t lens[16], nw = 0;
	for (const char *p = text; *p && nw < 16;) {
		while (*p && !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
			p++;
		const char *w = p;
		while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
			p++;
		if (p - w >= (ptrdiff_t)len) {
			words[nw] = w;
			lens[nw++] = (size_t)(p - w);
		}
	}
	if (!nw || len + 1 > outsz)
		return false;
	size_t k = rnd_below(nw);
	(void)lens;
	for (size_t i = 0; i < len; i++) {
		char c = words[k][i];
		out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	out[len] = '\0';
	return true;
}

static void explain(const char *label, const char *sql)
{
	sqlite3_stmt *s;
	char *q = xasprintf("EXPLAIN QUERY PLAN %s", sql);
	if (sqlite3_prepare_v2(side, q, -1, &s, NULL) == SQLITE_OK) {
		printf("NOTE\tplan of %s: %s\n", label, sql);
		while (sqlite3_step(s) == SQLITE_ROW)
			printf("NOTE\t    %s\n", (const char *)sqlite3_column_text(s, 3));
		sqlite3_finalize(s);
	}
	free(q);
}

/* The plan of the statement a list query really runs: caught as SQLite runs it
 * (with its values), then explained on the side connection. */
static char caught[4096];

static int catch_select(unsigned type, void *arg, void *p, void *x)
{
	(void)type, (void)arg, (void)x;
	char *sql = sqlite3_expanded_sql(p);
	if (sql && strncmp(sql, "SELECT", 6) == 0 && strstr(sql, "umkm"))
		snprintf(caught, sizeof(caught), "%s", sql);
	sqlite3_free(sql);
	return 0;
}

static void explain_list(struct store *st, const char *label, const struct list_query *q,
			 const struct list_cursor *from, bool count)
{
	struct list_row rows[20];
	struct err e;
	caught[0] = '\0';
	sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, catch_select, NULL);
	if (count) {
		store_list_count(st, q, 1000);
	} else {
		int n = store_list_page(st, q, from, false, 20, rows, &e);
		release_rows(rows, n > 0 ? n : 0);
	}
	sqlite3_trace_v2(st->db, 0, NULL, NULL);
	if (caught[0])
		explain(label, caught);
}

/* ---- 1. prefix search ---- */

static const char *db_path;

/*
 * Times store_list_count(search, cap 1000) for the prefixes in a child process
 * with its own connection, stopped after COUNT_BUDGET_S seconds: a count that
 * scans the table cannot hold up the benchmark. Returns how many finished;
 * *unfinished_ms gets the time of the one cut off (0 if none).
 */
#define COUNT_BUDGET_S 20
static size_t count_in_child(struct store *st, char (*prefixes)[24], size_t np, double *out,
			     double *unfinished_ms)
{
	(void)st;
	int fd[2];
	*unfinished_ms = 0;
	if (pipe(fd) < 0)
		return 0;
	fflush(stdout);
	double start = now_ms();
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		struct err e;
		struct store *cs = store_open(db_path, 0, &e);
		if (!cs)
			_exit(1);
		struct list_query q = { .ent = &entity_umkm };
		double total = 0;
		for (size_t i = 0; i < np && total < COUNT_BUDGET_S * 1000 / 2; i++) {
			q.search = prefixes[i];
			double a = now_ms();
			store_list_count(cs, &q, 1000);
			double d = now_ms() - a;
			total += d;
			if (write(fd[1], &d, sizeof(d)) != sizeof(d))
				_exit(1);
		}
		_exit(0);
	}
	close(fd[1]);
	size_t n = 0;
	double last_end = start;
	for (;;) {
		struct pollfd p = { .fd = fd[0], .events = POLLIN };
		int left = (int)(start + COUNT_BUDGET_S * 1000 - now_ms());
		if (left <= 0 || poll(&p, 1, left) <= 0)
			break;
		double d;
		if (read(fd[0], &d, sizeof(d)) != sizeof(d))
			break;
		out[n++] = d;
		last_end = now_ms();
	}
	close(fd[0]);
	int status;
	if (waitpid(pid, &status, WNOHANG) == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		*unfinished_ms = now_ms() - last_end;
	}
	return n;
}

static void bench_search(struct store *st)
{
	static char prefixes[NPREFIX][24];
	size_t np = 0;
	while (np < NPREFIX) {
		struct sample s;
		if (!sample_row(&s))
			break;
		int kind = (int)rnd_below(10);
		size_t len = 2 + rnd_below(4);            /* 2..5 letters */
		bool ok;
		if (kind < 4)
			ok = word_prefix(s.name, len, prefixes[np], sizeof(prefixes[np]));
		else if (kind < 8)
			ok = word_prefix(s.owner, len, prefixes[np], sizeof(prefixes[np]));
		else {
			size_t dl = 4 + rnd_below(5);     /* 4..8 digits of a NIK */
			ok = strlen(s.nik) >= dl;
			if (ok)
				str_copy(prefixes[np], s.nik, dl + 1);
		}
		if (ok)
			np++;
		sample_release(&s);
	}
	if (!np) {
		row_text("prefix search, first 20", "no data", "< 16 ms median", "MISS");
		return;
	}
	struct list_query q = { .ent = &entity_umkm, .columns = list_columns };
	struct list_row rows[PAGE];
	static double t[NPREFIX], tc[NPREFIX], t1[26];
	size_t nc = 0;
	double count_total = 0;
	struct err e;
	double worst = 0;
	const char *worst_prefix = "";
	long hits = 0;
	/* one untimed query to load the statement cache and the FTS structure */
	q.search = "a";
	release_rows(rows, store_list_page(st, &q, NULL, false, PAGE, rows, &e));
	for (size_t i = 0; i < np; i++) {
		q.search = prefixes[i];
		double a = now_ms();
		int n = store_list_page(st, &q, NULL, false, PAGE, rows, &e);
		t[i] = now_ms() - a;
		if (n < 0) {
			fprintf(stderr, "bench: search %s: %s\n", prefixes[i], e.msg);
			exit(1);
		}
		hits += n;
		release_rows(rows, n);
		if (t[i] > worst) {
			worst = t[i];
			worst_prefix = prefixes[i];
		}
	}
	nc = count_in_child(st, prefixes, np, tc, &count_total);
	double med, p99;
	char wp[32];
	str_copy(wp, worst_prefix, sizeof(wp));
	stats(t, np, &med, &p99);
	row("prefix search, first 20: median", med, "ms", "< 16 ms", 16);
	row("prefix search, first 20: p99", p99, "ms", "(< 50 ms)", 50);
	printf("NOTE\tsearch: %zu prefixes (2-5 letters of a random record's business or owner name,"
	       " 4-8 digits of its NIK), %.1f rows per page on average; slowest: \"%s\" %.1f ms\n",
	       np, (double)hits / (double)np, wp, worst);
	if (!nc) {
		row("search match count, cap 1000: unfinished, stopped after", count_total, "ms",
		    "< 16 ms if shown per key", 16);
	} else {
		stats(tc, nc, &med, &p99);
		char *m = xasprintf("search match count, cap 1000 (%zu of %zu prefixes): median",
				    nc, np);
		row(m, med, "ms", "< 16 ms if shown per key", 16);
		free(m);
		row("search match count, cap 1000: p99", p99, "ms", "", 0);
	}
	q.search = "sr";
	explain_list(st, "search count", &q, NULL, true);

	/* the first key of search-as-you-type: one letter */
	for (int c = 0; c < 26; c++) {
		char one[2] = { (char)('a' + c), 0 };
		q.search = one;
		double a = now_ms();
		int n = store_list_page(st, &q, NULL, false, PAGE, rows, &e);
		t1[c] = now_ms() - a;
		release_rows(rows, n > 0 ? n : 0);
	}
	stats(t1, 26, &med, &p99);
	row("one-letter search a..z: median", med, "ms", "", 0);
	row("one-letter search a..z: max", p99, "ms", "", 0);
	q.search = "sr";
	explain_list(st, "search", &q, NULL, false);
}

/* ---- 2. list pages ---- */

static void list_series(struct store *st, const char *label, bool kab_filter, bool random_cursor,
			bool backward)
{
	static double t[NLIST];
	struct list_row rows[PAGE];
	struct err e;
	size_t n = 0;
	for (size_t i = 0; i < NLIST; i++) {
		struct sample s;
		if (!sample_row(&s))
			break;
		struct list_query q = { .ent = &entity_umkm, .columns = list_columns };
		if (kab_filter)
			q.kabupaten = s.kab;
		struct list_cursor c = { .valid = random_cursor, .rowid = s.rowid, .key = s.name };
		double a = now_ms();
		int got = store_list_page(st, &q, &c, backward, PAGE, rows, &e);
		t[n++] = now_ms() - a;
		if (got < 0) {
			fprintf(stderr, "bench: list: %s\n", e.msg);
			exit(1);
		}
		release_rows(rows, got);
		sample_release(&s);
	}
	double med, p99;
	stats(t, n, &med, &p99);
	char *m = xasprintf("list page (%s): median", label);
	row(m, med, "ms", "< 16 ms", 16);
	free(m);
	m = xasprintf("list page (%s): p99", label);
	row(m, p99, "ms", "", 0);
	free(m);
}

static void bench_list(struct store *st)
{
	list_series(st, "from start", false, false, false);
	list_series(st, "random cursor", false, true, false);
	list_series(st, "random cursor, backward", false, true, true);
	list_series(st, "kab filter, from start", true, false, false);
	list_series(st, "kab filter, random cursor", true, true, false);
	struct list_query q = { .ent = &entity_umkm };
	double a = now_ms();
	int64_t n = store_list_count(st, &q, 10000);
	row("list count (cap 10000)", now_ms() - a, "ms", "", 0);
	(void)n;
	struct list_cursor c = { .valid = true, .rowid = 5, .key = (char *)"Warung" };
	q.columns = list_columns;
	explain_list(st, "list count", &q, NULL, true);
	explain_list(st, "list page after a cursor", &q, &c, false);
	q.kabupaten = "18.71";
	explain_list(st, "list page, kab filter, after a cursor", &q, &c, false);
	q.kabupaten = NULL;
	q.search = "18.71-U-00012";
	explain_list(st, "list page, registration number typed", &q, NULL, false);
}

/* ---- 3. saves ---- */

static void bench_save(struct store *st)
{
	static double t_new[NSAVE], t_edit[NSAVE];
	size_t n_new = 0, n_edit = 0;
	struct issues is = { 0 };
	struct err e;
	struct sample s;
	if (!sample_row(&s))
		return;
	char kec_code[7];   /* the sample NIK's kecamatan digits, e.g. 180101 */
	str_copy(kec_code, s.nik, sizeof(kec_code));
	char kec[16];
	snprintf(kec, sizeof(kec), "%.2s.%.2s.%.2s", kec_code, kec_code + 2, kec_code + 4);
	char kab[8];
	snprintf(kab, sizeof(kab), "%.2s.%.2s", kec_code, kec_code + 2);
	sample_release(&s);
	for (size_t i = 0; i < NSAVE; i++) {
		struct record r;
		record_init(&r, &entity_umkm);
		char name[64], nik[20], tel[20];
		snprintf(name, sizeof(name), "Warung Bench %zu", i);
		/* a man born 1 Jan 1980 + i days' worth of serials: unique, valid */
		snprintf(nik, sizeof(nik), "%s%02zu0580%04zu", kec_code, 1 + i % 28, 9000 + i);
		snprintf(tel, sizeof(tel), "+62812%07zu", 1000000 + i);
		record_set(&r, "nama_usaha", name);
		record_set(&r, "nama_pemilik", "Budi Bench");
		record_set(&r, "nik", nik);
		record_set(&r, "jenis_kelamin", "L");
		record_set(&r, "telepon", tel);
		record_set(&r, "kabupaten_kota", kab);
		record_set(&r, "kecamatan", kec);
		record_set(&r, "skala", "mikro");
		record_set(&r, "omzet_sebelum", "5000000");
		record_set(&r, "status_usaha", "berjalan");
		record_set(&r, "tanggal_pendataan", "2020-05-12");
		double a = now_ms();
		enum save_result rc = registry_save(st, &meta_umkm, &r, "bench", true, &is, &e);
		double d = now_ms() - a;
		if (rc == SAVE_DONE)
			t_new[n_new++] = d;
		else if (i == 0)
			fprintf(stderr, "bench: save: %d %s %s\n", rc, rc == SAVE_ERROR ? e.msg : "",
				is.n ? is.v[0].msg : "");
		if (rc == SAVE_DONE) {
			/* an edit of the same record: one field */
			record_set(&r, "omzet_sesudah", "2500000");
			a = now_ms();
			rc = registry_save(st, &meta_umkm, &r, "bench", true, &is, &e);
			d = now_ms() - a;
			if (rc == SAVE_DONE)
				t_edit[n_edit++] = d;
			/* the bench's records do not stay in the registry's lists */
			registry_delete(st, &meta_umkm, &r.id, "benchmark record", "bench", &e);
		}
		record_release(&r);
	}
	issues_release(&is);
	double med, p99;
	if (n_new) {
		stats(t_new, n_new, &med, &p99);
		row("save new record (validate + 1 txn): median", med, "ms", "report", 0);
		row("save new record: p99", p99, "ms", "", 0);
	} else
		row_text("save new record", "failed", "report", "MISS");
	if (n_edit) {
		stats(t_edit, n_edit, &med, &p99);
		row("save edit of one field: median", med, "ms", "report", 0);
		row("save edit of one field: p99", p99, "ms", "", 0);
	}
}

/* ---- 4. start-up ---- */

static void bench_start(const char *db)
{
	static double t_open[NSTART], t_ready[NSTART];
	struct err e;
	struct list_row rows[PAGE];
	for (int i = 0; i < NSTART; i++) {
		double a = now_ms();
		struct config *cfg = config_load(NULL, &e);
		if (!cfg) {
			fprintf(stderr, "bench: config: %s\n", e.msg);
			exit(1);
		}
		i18n_init(config_str(cfg, "language"));
		struct store *st = store_open(db, 0, &e);
		if (!st) {
			fprintf(stderr, "bench: %s\n", e.msg);
			exit(1);
		}
		t_open[i] = now_ms() - a;
		struct list_query q = { .ent = &entity_umkm, .columns = list_columns };
		int n = store_list_page(st, &q, NULL, false, PAGE, rows, &e);
		store_list_count(st, &q, 10000);
		t_ready[i] = now_ms() - a;
		release_rows(rows, n);
		store_close(st);
		config_free(cfg);
	}
	double med, p99;
	stats(t_open, NSTART, &med, &p99);
	row("start: config_load + store_open: median", med, "ms", "< 100 ms", 100);
	stats(t_ready, NSTART, &med, &p99);
	row("start to ready (+ first list page + count): median", med, "ms", "< 100 ms", 100);
}

/* Laporan: the dashboard's figures (what the TUI computes when it opens) and one
 * figure per kabupaten/kota, each the median of a few runs. */
static void bench_report(struct store *st, const struct config *cfg)
{
	enum { RUNS = 5 };
	double v[RUNS], med, p99;
	struct report_params p = { .cfg = cfg };
	struct err e;
	for (int i = 0; i < RUNS; i++) {
		double t0 = now_ms();
		struct table *t = report_headlines(st, &p, &e);
		v[i] = now_ms() - t0;
		if (!t) {
			fprintf(stderr, "bench: report: %s\n", e.msg);
			return;
		}
		table_free(t);
	}
	stats(v, RUNS, &med, &p99);
	row("Laporan dashboard (every headline figure), median of 5", med, "ms", "< 200 ms", 200);
	for (int i = 0; i < RUNS; i++) {
		double t0 = now_ms();
		struct table *t = figure_table(st, figure_all[0], &p, &e);
		v[i] = now_ms() - t0;
		table_free(t);
	}
	stats(v, RUNS, &med, &p99);
	row("Laporan: UMKM per kabupaten/kota, median of 5", med, "ms", "< 200 ms", 200);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: bench DB\n");
		return 2;
	}
	const char *db = argv[1];
	db_path = db;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (sqlite3_open_v2(db, &side, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench: %s: %s\n", db, sqlite3_errmsg(side));
		return 1;
	}
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(side, "SELECT max(rowid), count(*) FROM umkm", -1, &s, NULL) ||
	    sqlite3_step(s) != SQLITE_ROW) {
		fprintf(stderr, "bench: %s: %s\n", db, sqlite3_errmsg(side));
		return 1;
	}
	max_rowid = sqlite3_column_int64(s, 0);
	printf("NOTE\tdatabase: %s, %lld UMKM rows\n", db, (long long)sqlite3_column_int64(s, 1));
	sqlite3_finalize(s);

	bench_start(db);   /* first: the closest to a fresh start */

	struct err e;
	struct config *cfg = config_load(NULL, &e);
	if (!cfg) {
		fprintf(stderr, "bench: config: %s\n", e.msg);
		return 1;
	}
	i18n_init("en");
	struct store *st = store_open(db, 0, &e);
	if (!st) {
		fprintf(stderr, "bench: %s\n", e.msg);
		return 1;
	}
	bench_search(st);
	bench_list(st);
	bench_save(st);
	bench_report(st, cfg);
	store_close(st);
	config_free(cfg);
	sqlite3_close(side);
	return 0;
}
