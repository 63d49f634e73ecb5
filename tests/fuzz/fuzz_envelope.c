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
 * build-san); the shared driver's main() (tests/fuzz/driver.h) runs the corpus and
 * seeded random mutations of it (the generic ones and, from the hook below,
 * interesting big-endian u32s: chunk lengths):
 *   fuzz_envelope [-n MUTATIONS] [-s SEED] DIR|FILE...
 *   fuzz_envelope --make-corpus DIR     (writes the seed corpus)
 * The corpus files named valid-* must open, invalid-* must not (a mismatch fails
 * the run); the summary line ends with how many inputs opened.
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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/util.h"
#include "sync/envelope.h"

#define FUZZ_NAME "envelope"
#define FUZZ_EDITS 4 /* as before: with more edits fewer inputs pass the length checks */
#define FUZZ_MUTATE envelope_mutate
#define FUZZ_CHECK_FILE envelope_check_file
#define FUZZ_START_MUTATIONS envelope_start_mutations
#define FUZZ_SUMMARY envelope_summary
#define FUZZ_COMMAND envelope_command
#define FUZZ_USAGE "       fuzz_envelope --make-corpus DIR\n"
#include "driver.h"

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

/* The driver's hooks (tests/fuzz/driver.h). */

/* An interesting big-endian u32 (a chunk length) somewhere in d[0..n). */
static size_t envelope_mutate(uint8_t *d, size_t n, size_t cap, const struct fz_input *v, size_t nv)
{
	(void)cap;
	(void)v;
	(void)nv;
	static const uint32_t lens[] = { 0, 1, 16, 17, 18, 65552, 65553, 65554, 0x7fffffff,
					 0xffffffff };
	size_t at = fz_below(n);
	if (at + 4 <= n) {
		uint32_t x = lens[fz_below(ARRAY_SIZE(lens))];
		d[at] = (uint8_t)(x >> 24);
		d[at + 1] = (uint8_t)(x >> 16);
		d[at + 2] = (uint8_t)(x >> 8);
		d[at + 3] = (uint8_t)x;
	}
	return n;
}

/* The corpus as it is: valid-* open, anything else does not. */
static bool envelope_check_file(const char *path, const uint8_t *data, size_t size)
{
	init_keys();
	bool ok = open_checked(data, size), want = fz_named_valid(path);
	if (ok != want)
		fprintf(stderr, "%s: %s\n", path, ok ? "opened, but should not" : "did not open, but should");
	LLVMFuzzerTestOneInput(data, size);
	return ok == want;
}

static void envelope_start_mutations(void)
{
	opened = 0;
}

static void envelope_summary(FILE *out)
{
	fprintf(out, ", %d opened", opened);
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

static int envelope_command(int argc, char **argv)
{
	if (argc == 3 && str_eq(argv[1], "--make-corpus")) {
		init_keys();
		return make_corpus(argv[2]);
	}
	return -1;
}

#endif
