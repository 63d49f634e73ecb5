/*
 * fuzz_envelope.c - fuzz target for the bundle envelope reader (envelope_open_mem):
 * whatever the bytes, it must not crash, leak or hand out a payload without
 * saying yes, and must say why when it says no.
 *
 * Each input is opened twice with a fixed recipient key pair (derived from fixed
 * seeds, so the seed corpus holds valid files): as it is, and with its signature
 * made again with the fixed sender key. Mutations almost never survive the
 * signature; the re-signed copy takes them past it, into the chunk layout and the
 * secretstream, as a hostile holder of a sender key could.
 *
 * In `make check` (tests/cli/fuzz_envelope.sh): tests/fuzz/build.sh compiles this
 * file without libFuzzer against the build's libbantu.a (with ASan+UBSan for
 * build-san); main() below runs the corpus and seeded random mutations of it:
 *   fuzz_envelope [-n MUTATIONS] [-s SEED] DIR|FILE...
 *   fuzz_envelope --make-corpus DIR     (writes the seed corpus)
 * The corpus files named valid-* must open, invalid-* must not.
 *
 * Longer, by hand, with clang's libFuzzer (coverage-guided; compile the sources
 * themselves, the gcc-built libbantu.a carries no coverage instrumentation):
 *   clang -std=c11 -D_GNU_SOURCE -DBANTU_LIBFUZZER -g -O1 \
 *       -fsanitize=fuzzer,address,undefined -Isrc $(pkg-config --cflags libsodium) \
 *       tests/fuzz/fuzz_envelope.c src/sync/envelope.c src/core/util.c \
 *       $(pkg-config --libs libsodium) -o build/fuzz_envelope_lf
 *   rm -rf build/fuzz-corpus && cp -r tests/fuzz/corpus/envelope build/fuzz-corpus
 *   build/fuzz_envelope_lf -max_len=140000 -max_total_time=3600 build/fuzz-corpus
 * (new inputs go to build/fuzz-corpus; add a crash reproducer, minimised with
 * -minimize_crash=1, to tests/fuzz/corpus/envelope/ as invalid-NAME.bantu.)
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "core/util.h"
#include "sync/envelope.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct office_secret sender, recipient, other;
static int opened; /* inputs that opened (as they are or re-signed) */

static void seeded(struct office_secret *s, const char *code, uint8_t sign_seed, uint8_t box_seed)
{
	uint8_t seed[32];
	memset(s, 0, sizeof(*s));
	str_copy(s->pub.code, code, sizeof(s->pub.code));
	memset(seed, sign_seed, sizeof(seed));
	crypto_sign_seed_keypair(s->pub.sign_pk, s->sign_sk, seed);
	memset(seed, box_seed, sizeof(seed));
	crypto_box_seed_keypair(s->pub.box_pk, s->box_sk, seed);
}

static void init_keys(void)
{
	static bool done;
	if (done)
		return;
	if (sodium_init() < 0)
		abort();
	seeded(&sender, "18.71", 0x11, 0x12);
	seeded(&recipient, "18", 0x21, 0x22);
	seeded(&other, "18.72", 0x31, 0x32);
	done = true;
}

/* Opens, and checks the contract of the answer; true when it opened. */
static bool open_checked(const uint8_t *data, size_t size)
{
	uint8_t *payload = (uint8_t *)&payload; /* must be overwritten */
	size_t len = 1;
	struct err e;
	err_clear(&e);
	struct envelope_header hdr;
	bool ok = envelope_open_mem(data, size, "fuzz", &recipient, sender.pub.sign_pk, &hdr,
				    &payload, &len, &e);
	if (ok) {
		if (!payload || !str_eq(hdr.recipient, "18"))
			abort();
		/* Touch every byte, so ASan sees the buffer is as long as it says. */
		volatile uint8_t x = 0;
		for (size_t i = 0; i < len; i++)
			x ^= payload[i];
		(void)x;
		free(payload);
		return true;
	}
	if (payload || len != 0 || !str_starts_with(e.msg, "fuzz: ") || strchr(e.msg, '\n'))
		abort();
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	init_keys();
	if (open_checked(data, size))
		opened++;
	if (size >= crypto_sign_BYTES) {
		uint8_t *c = xmalloc(size);
		memcpy(c, data, size);
		uint8_t h[64];
		crypto_generichash(h, sizeof(h), c, size - crypto_sign_BYTES, NULL, 0);
		crypto_sign_detached(c + size - crypto_sign_BYTES, NULL, h, sizeof(h), sender.sign_sk);
		if (open_checked(c, size))
			opened++;
		free(c);
	}
	return 0;
}

#ifndef BANTU_LIBFUZZER

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static size_t below(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

struct input {
	char *name;
	uint8_t *data;
	size_t size;
};

/* Applies 1 to 4 random edits to a copy of in; returns it (caller frees). */
static uint8_t *mutate(const struct input *in, size_t *size)
{
	size_t cap = in->size + 4096;
	uint8_t *d = xmalloc(cap);
	size_t n = in->size;
	memcpy(d, in->data, n);
	static const uint32_t lens[] = { 0, 1, 16, 17, 18, 65552, 65553, 65554, 0x7fffffff,
					 0xffffffff };
	int edits = 1 + (int)below(4);
	for (int k = 0; k < edits; k++) {
		size_t at = below(n);
		switch (below(8)) {
		case 0: /* flip a bit */
			if (n)
				d[at] ^= (uint8_t)(1u << below(8));
			break;
		case 1: /* a random or interesting byte */
			if (n)
				d[at] = below(2) ? (uint8_t)rnd() : (uint8_t[]){ 0, 1, 0x7f, 0x80, 0xff }[below(5)];
			break;
		case 2: /* truncate */
			n = below(n + 1);
			break;
		case 3: { /* append */
			size_t m = 1 + below(64);
			if (n + m <= cap) {
				for (size_t i = 0; i < m; i++)
					d[n + i] = (uint8_t)rnd();
				n += m;
			}
			break;
		}
		case 4: { /* delete a range */
			size_t m = below(n - at + 1);
			memmove(d + at, d + at + m, n - at - m);
			n -= m;
			break;
		}
		case 5: { /* copy a range over another place */
			size_t from = below(n), m = below(n - from + 1);
			if (at + m <= n)
				memmove(d + at, d + from, m);
			break;
		}
		case 6: /* an interesting big-endian u32 (a chunk length) */
			if (at + 4 <= n) {
				uint32_t v = lens[below(ARRAY_SIZE(lens))];
				d[at] = (uint8_t)(v >> 24);
				d[at + 1] = (uint8_t)(v >> 16);
				d[at + 2] = (uint8_t)(v >> 8);
				d[at + 3] = (uint8_t)v;
			}
			break;
		case 7: { /* insert a few bytes */
			size_t m = 1 + below(8);
			if (n + m <= cap) {
				memmove(d + at + m, d + at, n - at);
				for (size_t i = 0; i < m; i++)
					d[at + i] = (uint8_t)rnd();
				n += m;
			}
			break;
		}
		}
	}
	*size = n;
	return d;
}

static void add_input(struct input **v, size_t *nv, const char *path)
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
	(*v)[*nv].name = xstrdup(path);
	(*v)[*nv].data = (uint8_t *)data;
	(*v)[*nv].size = size;
	(*nv)++;
}

static void add_path(struct input **v, size_t *nv, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		perror(path);
		exit(2);
	}
	if (!S_ISDIR(st.st_mode)) {
		add_input(v, nv, path);
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
			add_input(v, nv, p);
			free(p);
		}
		free(names[i]);
	}
	free(names);
}

static void write_bytes(const char *dir, const char *name, const uint8_t *d, size_t n)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(d, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
	free(path);
}

/* Writes valid and invalid seed files into dir. */
static int make_corpus(const char *dir)
{
	static const struct {
		const char *name;
		size_t len;
		struct office_secret *to;
	} valid[] = {
		{ "valid-empty.bantu", 0, &recipient },
		{ "valid-small.bantu", 200, &recipient },
		{ "valid-2chunks.bantu", ENVELOPE_CHUNK + 100, &recipient },
		{ "invalid-other-recipient.bantu", 100, &other },
	};
	uint8_t *payload = xmalloc(ENVELOPE_CHUNK + 100);
	for (size_t i = 0; i < ENVELOPE_CHUNK + 100; i++)
		payload[i] = (uint8_t)"1871015205900001;Sri Wahyuni;Warung Sembako\n"[i % 45];
	for (size_t i = 0; i < ARRAY_SIZE(valid); i++) {
		char *path = xasprintf("%s/%s", dir, valid[i].name);
		struct err e;
		err_clear(&e);
		if (!envelope_write(path, payload, valid[i].len, &sender, &valid[i].to->pub, &e)) {
			fprintf(stderr, "%s\n", e.msg);
			return 2;
		}
		free(path);
	}
	free(payload);
	/* Damaged copies of the small one. */
	char *small = xasprintf("%s/valid-small.bantu", dir);
	struct err e;
	size_t n;
	uint8_t *d = (uint8_t *)file_read(small, &n, &e);
	free(small);
	if (!d)
		return 2;
	uint8_t *c = xmalloc(n + 16);
	memcpy(c, d, n);
	c[0] = 'b';
	write_bytes(dir, "invalid-magic.bantu", c, n);
	memcpy(c, d, n);
	c[14] = 2;
	write_bytes(dir, "invalid-newer.bantu", c, n);
	write_bytes(dir, "invalid-truncated.bantu", d, n / 2);
	memcpy(c, d, n);
	memcpy(c + n, "appended bytes!!", 16);
	write_bytes(dir, "invalid-appended.bantu", c, n + 16);
	memcpy(c, d, n);
	c[n / 2] ^= 0x10;
	write_bytes(dir, "invalid-bitflip.bantu", c, n);
	free(c);
	free(d);
	return 0;
}

int main(int argc, char **argv)
{
	init_keys();
	long runs = 2000;
	uint64_t seed = 1;
	int i = 1;
	if (argc == 3 && str_eq(argv[1], "--make-corpus"))
		return make_corpus(argv[2]);
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
	struct input *v = NULL;
	size_t nv = 0;
	for (; i < argc; i++)
		add_path(&v, &nv, argv[i]);
	if (nv == 0) {
		fprintf(stderr, "fuzz_envelope: no input files\n");
		return 2;
	}
	int status = 0;
	for (size_t k = 0; k < nv; k++) {
		/* The corpus as it is: valid-* open, anything else does not. */
		const char *base = strrchr(v[k].name, '/');
		base = base ? base + 1 : v[k].name;
		bool ok = open_checked(v[k].data, v[k].size);
		if (ok != str_starts_with(base, "valid-")) {
			fprintf(stderr, "%s: %s\n", v[k].name,
				ok ? "opened, but should not" : "did not open, but should");
			status = 1;
		}
		LLVMFuzzerTestOneInput(v[k].data, v[k].size);
	}
	rng_state = seed * 0x9E3779B97F4A7C15ULL + 1;
	opened = 0;
	for (long r = 0; r < runs; r++) {
		size_t n;
		uint8_t *d = mutate(&v[below(nv)], &n);
		LLVMFuzzerTestOneInput(d, n);
		free(d);
	}
	printf("fuzz_envelope: %zu corpus files, %ld mutations (seed %llu), %d opened\n", nv, runs,
	       (unsigned long long)seed, opened);
	for (size_t k = 0; k < nv; k++) {
		free(v[k].name);
		free(v[k].data);
	}
	free(v);
	return status;
usage:
	fprintf(stderr, "usage: fuzz_envelope [-n MUTATIONS] [-s SEED] DIR|FILE...\n"
			"       fuzz_envelope --make-corpus DIR\n");
	return 2;
}

#endif
