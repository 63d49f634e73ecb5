/*
 * driver.h - the built-in fuzz driver of the parser targets (fuzz_csv.c,
 * fuzz_config.c, fuzz_input.c): a target defines FUZZ_NAME and
 * LLVMFuzzerTestOneInput and includes this file last. Without BANTU_LIBFUZZER it
 * adds main():
 *   fuzz_NAME [-n MUTATIONS] [-s SEED] DIR|FILE...
 * (FUZZ_SAVE=FILE in the environment keeps the last input tried in FILE)
 * which runs every corpus file once, then seeded random mutations of them (bit
 * flips, interesting bytes, truncation, insertion, deletion, copies of ranges,
 * splices of two inputs). A crash, a sanitizer report or an abort() of the target's
 * own contract checks fails the run. With -DBANTU_LIBFUZZER and clang's
 * -fsanitize=fuzzer the same target runs coverage-guided (see each target's top).
 */
#ifndef BANTU_FUZZ_DRIVER_H
#define BANTU_FUZZ_DRIVER_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "core/util.h"

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

/* Bytes parsers care about: separators, quotes, digits, signs, UTF-8 lead bytes. */
static const uint8_t fz_bytes[] = { 0, '\n', '\r', '"', ',', ';', ':', '.', '-', '+', '/', ' ',
				    '\t', '#', '0', '9', 'e', 0x7f, 0x80, 0xc3, 0xe2, 0xff, '\'',
				    '[', ']', '{', '}', '&', '*', '|', '>', '!', '%' };

static uint8_t *fz_mutate(const struct fz_input *v, size_t nv, size_t *size)
{
	const struct fz_input *in = &v[fz_below(nv)];
	size_t cap = in->size * 2 + 256;
	uint8_t *d = xmalloc(cap);
	size_t n = in->size;
	memcpy(d, in->data, n);
	int edits = 1 + (int)fz_below(6);
	for (int k = 0; k < edits; k++) {
		size_t at = fz_below(n);
		switch (fz_below(8)) {
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
	for (size_t k = 0; k < nv; k++)
		LLVMFuzzerTestOneInput(v[k].data, v[k].size);
	fz_state = seed * 0x9E3779B97F4A7C15ULL + 1;
	/* FUZZ_SAVE=FILE: each input is written there first, so after a crash FILE
	 * holds the one that crashed (for the corpus, as a regression test). */
	const char *save = getenv("FUZZ_SAVE");
	for (long r = 0; r < runs; r++) {
		size_t n;
		uint8_t *d = fz_mutate(v, nv, &n);
		FILE *f = save ? fopen(save, "wb") : NULL;
		if (f) {
			fwrite(d, 1, n, f);
			fclose(f);
		}
		LLVMFuzzerTestOneInput(d, n);
		free(d);
	}
	printf("fuzz_%s: %zu corpus files, %ld mutations (seed %llu)\n", FUZZ_NAME, nv, runs,
	       (unsigned long long)seed);
	for (size_t k = 0; k < nv; k++) {
		free(v[k].name);
		free(v[k].data);
	}
	free(v);
	return 0;
usage:
	fprintf(stderr, "usage: fuzz_%s [-n MUTATIONS] [-s SEED] DIR|FILE...\n", FUZZ_NAME);
	return 2;
}

#endif
#endif
