/*
 * driver.h - the built-in fuzz driver of every fuzz target (fuzz_csv.c,
 * fuzz_config.c, fuzz_input.c, fuzz_envelope.c, fuzz_payload.c): a target defines
 * FUZZ_NAME (and any hooks below), includes this file, and defines
 * LLVMFuzzerTestOneInput. Without BANTU_LIBFUZZER it adds main():
 *   fuzz_NAME [-n MUTATIONS] [-s SEED] DIR|FILE...
 * (FUZZ_SAVE=FILE in the environment keeps the last input tried in FILE)
 * which runs every corpus file once, then seeded random mutations of them (bit
 * flips, interesting bytes, truncation, insertion, deletion, copies of ranges,
 * splices of two inputs, and the target's own). A crash, a sanitizer report or an
 * abort() of the target's own contract checks fails the run; so does a corpus file
 * the target's FUZZ_CHECK_FILE says did the wrong thing (exit status 1, after the
 * mutations have run). With -DBANTU_LIBFUZZER and clang's -fsanitize=fuzzer the
 * same target runs coverage-guided (see each target's top); then this file adds
 * nothing and the hooks are not used (define them under #ifndef BANTU_LIBFUZZER).
 *
 * Optional hooks: macros a target defines before including this file, each naming
 * a static function of the target's, declared here, so it may be defined after the
 * include (where it can use fz_below() and fz_rnd(), the driver's seeded random
 * numbers, and fz_named_valid()):
 *   FUZZ_MUTATE   size_t f(uint8_t *d, size_t n, size_t cap, const struct fz_input *v,
 *                 size_t nv): one edit of the target's own to d[0..n) (d has room
 *                 for cap bytes; v[0..nv) are the corpus files, for splices); returns
 *                 the new length. It is one of 8 + FUZZ_MUTATE_WEIGHT (default 1)
 *                 equally likely choices of each edit, the other 8 the generic ones.
 *   FUZZ_EDITS    (a number, default 6) at most this many edits make one mutation.
 *   FUZZ_PREFER_VALID  (no function) half the mutations start from a valid-* file.
 *   FUZZ_CHECK_FILE    bool f(const char *path, const uint8_t *data, size_t size):
 *                 runs one corpus file instead of LLVMFuzzerTestOneInput; false when
 *                 it did not do what its name says (fz_named_valid: valid-* accepted,
 *                 anything else refused); it says why on stderr.
 *   FUZZ_START_MUTATIONS  void f(void): after the corpus, before the mutations.
 *   FUZZ_SUMMARY  void f(FILE *out): adds to the summary line (", 12 opened").
 *   FUZZ_COMMAND  int f(int argc, char **argv): the target's own command line (say
 *                 --make-corpus DIR): its exit status, or -1 when argv is not its;
 *                 FUZZ_USAGE: its usage lines ("       fuzz_NAME --make-corpus DIR\n").
 */
#ifndef BANTU_FUZZ_DRIVER_H
#define BANTU_FUZZ_DRIVER_H

#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef BANTU_LIBFUZZER

static uint64_t fz_state;

static uint64_t fz_rnd(void)
{
	fz_state ^= fz_state >> 12;
	fz_state ^= fz_state << 25;
	fz_state ^= fz_state >> 27;
	return fz_state * 2685821657736338717ULL;
}

static size_t fz_below(size_t n)
{
	return n ? (size_t)(fz_rnd() % n) : 0;
}

struct fz_input {
	char *name;
	uint8_t *data;
	size_t size;
};

/* A corpus file that must be accepted: its base name starts with "valid-". */
static inline bool fz_named_valid(const char *path)
{
	const char *base = strrchr(path, '/');
	return str_starts_with(base ? base + 1 : path, "valid-");
}

#ifdef FUZZ_MUTATE
#ifndef FUZZ_MUTATE_WEIGHT
#define FUZZ_MUTATE_WEIGHT 1
#endif
static size_t FUZZ_MUTATE(uint8_t *d, size_t n, size_t cap, const struct fz_input *v, size_t nv);
#else
#define FUZZ_MUTATE_WEIGHT 0
#endif
#ifdef FUZZ_CHECK_FILE
static bool FUZZ_CHECK_FILE(const char *path, const uint8_t *data, size_t size);
#endif
#ifdef FUZZ_START_MUTATIONS
static void FUZZ_START_MUTATIONS(void);
#endif
#ifdef FUZZ_SUMMARY
static void FUZZ_SUMMARY(FILE *out);
#endif
#ifdef FUZZ_COMMAND
static int FUZZ_COMMAND(int argc, char **argv);
#endif
#ifndef FUZZ_USAGE
#define FUZZ_USAGE ""
#endif
#ifndef FUZZ_EDITS
#define FUZZ_EDITS 6
#endif

/* Bytes parsers care about: separators, quotes, digits, signs, UTF-8 lead bytes. */
static const uint8_t fz_bytes[] = { 0, '\n', '\r', '"', ',', ';', ':', '.', '-', '+', '/', ' ',
				    '\t', '#', '0', '9', 'e', 0x7f, 0x80, 0xc3, 0xe2, 0xff, '\'',
				    '[', ']', '{', '}', '&', '*', '|', '>', '!', '%' };

/* 1 to FUZZ_EDITS random edits to a copy of in; returns it (the caller frees it). */
static uint8_t *fz_mutate(const struct fz_input *in, const struct fz_input *v, size_t nv,
			  size_t *size)
{
	size_t cap = in->size * 2 + 256;
	uint8_t *d = xmalloc(cap);
	size_t n = in->size;
	memcpy(d, in->data, n);
	int edits = 1 + (int)fz_below(FUZZ_EDITS);
	for (int k = 0; k < edits; k++) {
		size_t at = fz_below(n);
		switch (fz_below(8 + FUZZ_MUTATE_WEIGHT)) {
		case 0:
			if (n)
				d[at] ^= (uint8_t)(1u << fz_below(8));
			break;
		case 1:
			if (n)
				d[at] = fz_bytes[fz_below(sizeof(fz_bytes))];
			break;
		case 2:
			n = fz_below(n + 1);
			break;
		case 3: { /* insert interesting bytes */
			size_t m = 1 + fz_below(8);
			if (n + m <= cap) {
				memmove(d + at + m, d + at, n - at);
				for (size_t i = 0; i < m; i++)
					d[at + i] = fz_below(2) ? fz_bytes[fz_below(sizeof(fz_bytes))]
								: (uint8_t)fz_rnd();
				n += m;
			}
			break;
		}
		case 4: { /* delete a range */
			size_t m = fz_below(n - at + 1);
			memmove(d + at, d + at + m, n - at - m);
			n -= m;
			break;
		}
		case 5: { /* duplicate a range */
			size_t from = fz_below(n), m = fz_below(n - from + 1);
			if (n + m <= cap) {
				memmove(d + at + m, d + at, n - at);
				memmove(d + at, d + from + (from >= at ? m : 0), m);
				n += m;
			}
			break;
		}
		case 6: { /* splice in part of another input */
			const struct fz_input *o = &v[fz_below(nv)];
			size_t from = fz_below(o->size), m = fz_below(o->size - from + 1);
			if (at + m <= cap) {
				memcpy(d + at, o->data + from, m);
				if (at + m > n)
					n = at + m;
			}
			break;
		}
		case 7: /* a long run of one byte */
			if (n + 64 <= cap) {
				memset(d + n, fz_bytes[fz_below(sizeof(fz_bytes))], 64);
				n += 64;
			}
			break;
#ifdef FUZZ_MUTATE
		default: /* the target's own */
			n = FUZZ_MUTATE(d, n, cap, v, nv);
			break;
#endif
		}
	}
	*size = n;
	return d;
}

static void fz_add_file(struct fz_input **v, size_t *nv, const char *path)
{
	struct err e;
	err_clear(&e);
	size_t size;
	char *data = file_read(path, &size, &e);
	if (!data) {
		fprintf(stderr, "%s\n", e.msg);
		exit(2);
	}
	*v = xrealloc(*v, (*nv + 1) * sizeof(**v));
	(*v)[*nv] = (struct fz_input){ xstrdup(path), (uint8_t *)data, size };
	(*nv)++;
}

static void fz_add_path(struct fz_input **v, size_t *nv, const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0) {
		perror(path);
		exit(2);
	}
	if (!S_ISDIR(sb.st_mode)) {
		fz_add_file(v, nv, path);
		return;
	}
	struct dirent **names;
	int n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		perror(path);
		exit(2);
	}
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			char *p = xasprintf("%s/%s", path, names[i]->d_name);
			fz_add_file(v, nv, p);
			free(p);
		}
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
#ifdef FUZZ_COMMAND
	int own = FUZZ_COMMAND(argc, argv);
	if (own >= 0)
		return own;
#endif
	long runs = 2000;
	uint64_t seed = 1;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i += 2) {
		if (i + 1 >= argc)
			goto usage;
		if (str_eq(argv[i], "-n"))
			runs = strtol(argv[i + 1], NULL, 10);
		else if (str_eq(argv[i], "-s"))
			seed = strtoull(argv[i + 1], NULL, 10);
		else
			goto usage;
	}
	if (i >= argc)
		goto usage;
	struct fz_input *v = NULL;
	size_t nv = 0;
	for (; i < argc; i++)
		fz_add_path(&v, &nv, argv[i]);
	if (nv == 0) {
		fprintf(stderr, "fuzz_%s: no input files\n", FUZZ_NAME);
		return 2;
	}
	int status = 0;
	for (size_t k = 0; k < nv; k++) {
#ifdef FUZZ_CHECK_FILE
		if (!FUZZ_CHECK_FILE(v[k].name, v[k].data, v[k].size))
			status = 1;
#else
		LLVMFuzzerTestOneInput(v[k].data, v[k].size);
#endif
	}
#ifdef FUZZ_START_MUTATIONS
	FUZZ_START_MUTATIONS();
#endif
#ifdef FUZZ_PREFER_VALID
	size_t *valid = xcalloc(nv, sizeof(*valid)), nvalid = 0;
	for (size_t k = 0; k < nv; k++)
		if (fz_named_valid(v[k].name))
			valid[nvalid++] = k;
#endif
	fz_state = seed * 0x9E3779B97F4A7C15ULL + 1;
	/* FUZZ_SAVE=FILE: each input is written there first, so after a crash FILE
	 * holds the one that crashed (for the corpus, as a regression test). */
	const char *save = getenv("FUZZ_SAVE");
	for (long r = 0; r < runs; r++) {
		const struct fz_input *in = &v[fz_below(nv)];
#ifdef FUZZ_PREFER_VALID
		/* Half the time a valid-* file: its mutations get furthest. */
		if (nvalid && fz_below(2))
			in = &v[valid[fz_below(nvalid)]];
#endif
		size_t n;
		uint8_t *d = fz_mutate(in, v, nv, &n);
		FILE *f = save ? fopen(save, "wb") : NULL;
		if (f) {
			fwrite(d, 1, n, f);
			fclose(f);
		}
		LLVMFuzzerTestOneInput(d, n);
		free(d);
	}
	printf("fuzz_%s: %zu corpus files, %ld mutations (seed %llu)", FUZZ_NAME, nv, runs,
	       (unsigned long long)seed);
#ifdef FUZZ_SUMMARY
	FUZZ_SUMMARY(stdout);
#endif
	putchar('\n');
	for (size_t k = 0; k < nv; k++) {
		free(v[k].name);
		free(v[k].data);
	}
	free(v);
#ifdef FUZZ_PREFER_VALID
	free(valid);
#endif
	return status;
usage:
	fprintf(stderr, "usage: fuzz_%s [-n MUTATIONS] [-s SEED] DIR|FILE...\n%s", FUZZ_NAME,
		FUZZ_USAGE);
	return 2;
}

#endif
#endif
